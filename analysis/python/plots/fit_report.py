#!/usr/bin/python3
"""Fit report of a `raices calibrate` output directory.

    /usr/bin/python3 analysis/python/plots/fit_report.py CALIBRATION_DIR [--title TEXT]

Reads the files the command writes (targets.csv, fit.csv, predictive.csv,
distances.csv, posterior.h5, summary.txt) and writes into the same directory:

    fit_report.md        every target: observed, simulated median and 90%
                         interval over the posterior draws, the scenario
                         defaults' median; distances by group; the posterior
    fit_counts.png       border, return and remittance counts by year and country:
                         posterior band and median, the calibrated point, the defaults
    fit_emif.png         EMIF 2017 survey aggregates by country and flow
    fit_lapop.png        LAPOP department shares against the simulated ones
    fit_posterior.png    weighted posterior marginals against the priors
    fit_generations.png  epsilon, MH acceptance rate, ESS and distinct particles by generation

Shares are shown in percent; counts in events per (fiscal) year.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

COUNTRIES = ["GTM", "HND", "SLV", "NCA"]
BLUE, GREY, BLACK, ORANGE = "#1f77b4", "#8c8c8c", "#000000", "#ff7f0e"


# Text columns of calibrate's CSV files, read as written (an item or a group
# called "NA" or "null" stays text).
TEXT_COLUMNS = ("target", "group", "type", "country", "period", "item", "scale", "set")


def covered(r) -> bool:
    """The observed value inside the 90% interval; for a published range
    (observed_low..observed_high, paired targets) the interval overlapping it."""
    low, high = r.get("observed_low", float("nan")), r.get("observed_high", float("nan"))
    if pd.notna(low) and pd.notna(high):
        return bool(r["posterior_p05"] <= high and r["posterior_p95"] >= low)
    return bool(r["posterior_p05"] <= r["observed"] <= r["posterior_p95"])


def read_csv(path: Path) -> pd.DataFrame:
    """A calibrate CSV file; an empty cell is a missing number (how raices writes one)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], converters={c: str for c in TEXT_COLUMNS})


def read_inputs(d: Path):
    targets = read_csv(d / "targets.csv")
    fit = read_csv(d / "fit.csv")
    pred = read_csv(d / "predictive.csv")
    dist = read_csv(d / "distances.csv")
    fit = fit.merge(targets[["target", "type", "group_weight"]], on="target", how="left")
    return targets, fit, pred, dist


def read_posterior(d: Path):
    import h5py

    with h5py.File(d / "posterior.h5", "r") as f:
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in f["parameter_name"][()]]
        post = {
            "names": names,
            "theta": f["theta"][()],
            "weight": f["weight"][()],
            "distance": f["distance"][()],
            "epsilon": f["epsilon"][()],
            "acceptance": f["acceptance_rate"][()],
            "ess": f["effective_sample_size"][()],
            "distinct": f["distinct"][()] if "distinct" in f else None,
            "runs": f["runs"][()],
            "seconds": f["seconds"][()],
            "prior_min": f["prior_min"][()],
            "prior_max": f["prior_max"][()],
            "prior_kind": [k.decode() if isinstance(k, bytes) else str(k) for k in f["prior_distribution"][()]],
            "prior_mean": f["prior_mean"][()],
            "prior_sd": f["prior_sd"][()],
            "default": f["default_value"][()],
            "calibrated": f["calibrated_value"][()],
        }
    return post


def weighted_quantile(x, w, q):
    order = np.argsort(x)
    x, w = np.asarray(x)[order], np.asarray(w)[order]
    c = np.cumsum(w) / np.sum(w)
    return float(x[np.searchsorted(c, q - 1e-12)])


def is_share(row) -> bool:
    return row["scale"] == "difference" and row["type"] in ("emif", "lapop") and "age_mean" not in row["item"] and "age_median" not in row["item"]


def fmt_value(v, share: bool) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "NA"
    if share:
        return f"{100 * v:.1f}%"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def plot_counts(fit: pd.DataFrame, out: Path) -> bool:
    """One panel per (group, country) that has targets, three to a row: the
    posterior band and median, the calibrated point's median (calibrated.yaml),
    the defaults' median and the observed values."""
    counts = fit[fit["type"] == "counts"].copy()
    if counts.empty:
        return False
    counts["year"] = counts["period"].astype(str).str.replace("FY", "", regex=False).astype(int)
    panels = [(g, c) for g in dict.fromkeys(counts["group"]) for c in COUNTRIES
              if ((counts["group"] == g) & (counts["country"] == c)).any()]
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.9 * cols, 2.9 * rows), squeeze=False)
    for k, (g, c) in enumerate(panels):
        ax = axes[k // cols][k % cols]
        sub = counts[(counts["group"] == g) & (counts["country"] == c)].sort_values("year")
        ax.fill_between(sub["year"], sub["posterior_p05"], sub["posterior_p95"], color=BLUE, alpha=0.25, label="posterior 90%")
        ax.plot(sub["year"], sub["posterior_median"], color=BLUE, marker="o", ms=3, label="posterior median")
        if "calibrated_median" in sub and sub["calibrated_median"].notna().any():
            ax.plot(sub["year"], sub["calibrated_median"], color=ORANGE, marker="D", ms=3, lw=1.2, label="calibrated point")
        ax.plot(sub["year"], sub["default_median"], color=GREY, ls="--", marker="x", ms=4, label="defaults")
        ax.plot(sub["year"], sub["observed"], color=BLACK, ls="none", marker="s", ms=4, label="observed")
        ax.set_title(f"{g}: {c}", fontsize=9)
        ax.set_ylim(bottom=0)
        # Whole years on the axis, and a one-year panel (NCA totals) centred on its year.
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        if sub["year"].nunique() == 1:
            ax.set_xlim(sub["year"].iloc[0] - 1, sub["year"].iloc[0] + 1)
        ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 3))
        ax.tick_params(labelsize=7)
    for k in range(len(panels), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.05 if rows > 2 else 0.09, 1, 1))
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def plot_emif(fit: pd.DataFrame, out: Path) -> bool:
    emif = fit[fit["type"] == "emif"].copy()
    if emif.empty:
        return False
    groups = list(dict.fromkeys(emif["group"]))
    heights = [max(2.0, 0.18 * (emif["group"] == g).sum() + 0.8) for g in groups]
    fig, axes = plt.subplots(len(groups), 1, figsize=(8.5, sum(heights)), gridspec_kw={"height_ratios": heights}, squeeze=False)
    for gi, g in enumerate(groups):
        ax = axes[gi][0]
        sub = emif[emif["group"] == g].reset_index(drop=True)
        share = sub.apply(is_share, axis=1)
        mult = np.where(share, 100.0, 1.0)
        y = np.arange(len(sub))[::-1]
        lo = sub["posterior_p05"] * mult
        hi = sub["posterior_p95"] * mult
        med = sub["posterior_median"] * mult
        ax.hlines(y, lo, hi, color=BLUE, lw=2, alpha=0.6)
        ax.plot(med, y, "o", color=BLUE, ms=4, label="posterior median, 90%")
        ax.plot(sub["default_median"] * mult, y, "x", color=GREY, ms=5, label="defaults")
        ax.plot(sub["observed"] * mult, y, "s", color=BLACK, ms=4, label="EMIF 2017")
        labels = [f"{c} {i.replace('_share', '')}" for c, i in zip(sub["country"], sub["item"])]
        ax.set_yticks(y)
        ax.set_yticklabels(labels, fontsize=6)
        ax.set_title(g + (" (percent)" if share.all() else ""), fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        if sub["scale"].iloc[0] == "log_ratio":
            ax.set_xscale("log")
    axes[0][0].legend(fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def plot_lapop(fit: pd.DataFrame, out: Path) -> bool:
    lap = fit[fit["type"] == "lapop"]
    if lap.empty:
        return False
    groups = list(dict.fromkeys(lap["group"]))
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups), 4), squeeze=False)
    colours = {"GTM": "#1f77b4", "HND": "#d62728", "SLV": "#2ca02c"}
    for gi, g in enumerate(groups):
        ax = axes[0][gi]
        sub = lap[lap["group"] == g]
        for c, cs in sub.groupby("country"):
            ax.errorbar(100 * cs["observed"], 100 * cs["posterior_median"],
                        yerr=[100 * (cs["posterior_median"] - cs["posterior_p05"]), 100 * (cs["posterior_p95"] - cs["posterior_median"])],
                        fmt="o", ms=3, lw=0.8, color=colours.get(c, BLACK), label=c)
        top = 100 * max(sub["observed"].max(), sub["posterior_p95"].max()) * 1.1
        ax.plot([0, top], [0, top], color=GREY, lw=0.8)
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xlabel("LAPOP (%)")
        ax.set_ylabel("simulated (%), posterior median and 90%")
        ax.set_title(g, fontsize=9)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def plot_posterior(post, out: Path) -> bool:
    names = post["names"]
    k = len(names)
    cols = min(4, k)
    rows = math.ceil(k / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.3 * cols, 2.5 * rows), squeeze=False)
    theta = post["theta"][-1]
    w = post["weight"][-1]
    for i, name in enumerate(names):
        ax = axes[i // cols][i % cols]
        lo, hi = post["prior_min"][i], post["prior_max"][i]
        ax.hist(theta[:, i], bins=15, range=(lo, hi), weights=w, density=True, color=BLUE, alpha=0.6, label="posterior")
        xs = np.linspace(lo, hi, 200)
        if post["prior_kind"][i] == "uniform":
            ax.plot(xs, np.full_like(xs, 1.0 / (hi - lo)), color=GREY, label="prior")
        else:
            m, s = post["prior_mean"][i], post["prior_sd"][i]
            dens = np.exp(-0.5 * ((xs - m) / s) ** 2)
            dens /= np.trapz(dens, xs)
            ax.plot(xs, dens, color=GREY, label="prior")
        ax.axvline(post["default"][i], color=BLACK, ls="--", lw=1, label="default")
        ax.axvline(post["calibrated"][i], color="#d62728", lw=1.2, label="calibrated")
        ax.set_title(name, fontsize=8)
        ax.tick_params(labelsize=7)
    for j in range(k, rows * cols):
        axes[j // cols][j % cols].set_visible(False)
    axes[0][0].legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def plot_generations(post, out: Path) -> bool:
    g = np.arange(len(post["epsilon"]))
    fig, axes = plt.subplots(1, 3, figsize=(10, 2.8))
    eps = np.where(np.isfinite(post["epsilon"]), post["epsilon"], np.nan)
    med = [np.nanmedian(d) for d in post["distance"]]
    axes[0].plot(g, eps, "o-", label="epsilon")
    axes[0].plot(g, med, "s--", color=GREY, label="median distance")
    axes[0].set_xlabel("generation")
    axes[0].legend(fontsize=7)
    axes[1].plot(g, post["acceptance"], "o-")
    axes[1].set_xlabel("generation")
    axes[1].set_ylabel("MH acceptance rate")
    axes[2].plot(g, post["ess"], "o-")
    axes[2].set_xlabel("generation")
    if post["distinct"] is not None:
        axes[2].plot(g, post["distinct"], "s--", color=GREY, label="distinct particles")
        axes[2].legend(fontsize=7)
    axes[2].set_ylabel("effective sample size")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


# Issue 18's fit bars: (group, how a target passes, the bar's words). Each is
# checked on the posterior draws' median and on the calibrated point's median.
BARS = [
    ("usbp_apprehensions", lambda sim, obs: abs(sim / obs - 1) <= 0.35, "USBP apprehensions within +-35%"),
    ("emif_sex", lambda sim, obs: abs(sim - obs) <= 0.03, "EMIF 2017 female share within 3 points"),
    ("lapop_intention_waves", lambda sim, obs: abs(sim - obs) <= 0.05, "LAPOP intention by country and wave within 5 points"),
]


def bar_lines(fit: pd.DataFrame) -> list:
    """Coverage overall and by group, and the point-estimate bars of BARS."""
    inside = fit.apply(covered, axis=1)
    by_group = inside.groupby(fit["group"])
    low = [g for g, v in by_group if v.mean() < 0.6]
    lines = ["## Against the bars", "",
             f"Coverage of the 90% predictive interval: {int(inside.sum())} of {len(fit)} "
             f"({100 * inside.mean():.1f}%; bar 80%); groups under 60%: {', '.join(low) if low else 'none'}.", "",
             "| bar | posterior median | calibrated point | misses at the point |", "|---|---|---|---|"]
    for group, ok, words in BARS:
        sub = fit[fit["group"] == group]
        if sub.empty:
            continue
        post = [ok(r["posterior_median"], r["observed"]) for _, r in sub.iterrows()]
        point = [ok(r["calibrated_median"], r["observed"]) for _, r in sub.iterrows()]
        misses = [f"{r['country']} {r['period']}" + (f" {r['item'].split('/')[0]}" if "/" in r["item"] else "") for (_, r), p in zip(sub.iterrows(), point) if not p]
        lines.append(f"| {words} | {sum(post)} of {len(sub)} | {sum(point)} of {len(sub)} | {', '.join(misses) or '-'} |")
    lines.append("")
    return lines


def interval_in_tolerances(r) -> tuple[float, float]:
    """The 90% interval's width and its interval score (Gneiting and Raftery
    2007, alpha 0.1: width + 20 x the distance from the interval to the observed
    value), both in units of the target's tolerance, on the target's scale
    (log ratio or difference). NaN when the target has no tolerance or is a
    published range."""
    tol, scale = r.get("tolerance", float("nan")), r.get("scale", "")
    lo, hi, obs = r["posterior_p05"], r["posterior_p95"], r["observed"]
    if not (pd.notna(tol) and tol > 0) or pd.notna(r.get("observed_low", float("nan"))):
        return float("nan"), float("nan")
    if scale == "log_ratio":
        if min(lo, hi, obs) <= 0:
            return float("nan"), float("nan")
        lo, hi, obs = math.log(lo), math.log(hi), math.log(obs)
    width = (hi - lo) / tol
    miss = max(lo - obs, 0.0, obs - hi) / tol
    return width, width + 20.0 * miss


def sharpness_lines(fit: pd.DataFrame) -> list:
    """Coverage is only worth as much as the intervals are narrow: an interval
    as wide as the prior covers everything. Per group: coverage, the median
    width of the 90% intervals and the mean interval score, in tolerances."""
    if "tolerance" not in fit.columns:
        return []
    rows = fit.apply(lambda r: pd.Series(interval_in_tolerances(r), index=["width", "score"]), axis=1)
    lines = ["## How sharp the intervals are", "",
             "Coverage rewards wide intervals; these say how wide they are. Width: the 90% interval of the runs at "
             "posterior draws, in units of the group's tolerance (log ratio for counts, difference for shares); "
             "interval score: width + 20 x the distance by which the observed value falls outside (Gneiting and "
             "Raftery 2007, alpha 0.1), lower is better. A width above 4 tolerances is an interval wider than the "
             "distance calls a poor fit on either side.", "",
             "| group | targets | inside | median width (tolerances) | mean interval score |", "|---|---|---|---|---|"]
    inside = fit.apply(covered, axis=1)
    for g in dict.fromkeys(fit["group"]):
        mask = fit["group"] == g
        w, sc = rows.loc[mask, "width"].dropna(), rows.loc[mask, "score"].dropna()
        if w.empty:
            continue
        lines.append(f"| {g} | {int(mask.sum())} | {int(inside[mask].sum())} | {w.median():.2f} | {sc.mean():.2f} |")
    w, sc = rows["width"].dropna(), rows["score"].dropna()
    lines += [f"| all | {len(fit)} | {int(inside.sum())} | {w.median():.2f} | {sc.mean():.2f} |", ""]
    return lines


def markdown(d: Path, targets, fit, dist, post, figures, title: str) -> str:
    lines = [f"# {title}", ""]
    summary = (d / "summary.txt").read_text() if (d / "summary.txt").exists() else ""
    if summary:
        lines += ["```", summary.rstrip(), "```", ""]
    lines += bar_lines(fit)
    lines += sharpness_lines(fit)
    # Distances by set and group.
    group_cols = [c for c in dist.columns if c not in ("set", "draw", "model_seed", "distance")]
    weights = targets.groupby("group")["group_weight"].first()
    lines += ["## Distance", "",
              "D = sqrt(sum_g w_g d_g / sum_g w_g), d_g the mean squared error of group g in units of its tolerance "
              "(docs/calibration.md). Means over the predictive seeds; lower is better.", ""]
    lines.append("| | D | " + " | ".join(f"{g} (w={weights.get(g, float('nan')):g})" for g in group_cols) + " |")
    lines.append("|---|---|" + "---|" * len(group_cols))
    for s in ["default", "calibrated", "posterior"]:
        sub = dist[dist["set"] == s]
        if sub.empty:
            continue
        lines.append(f"| {s} | {sub['distance'].mean():.3f} | " + " | ".join(f"{sub[g].mean():.2f}" for g in group_cols) + " |")
    lines.append("")
    # Posterior.
    lines += ["## Posterior (final generation)", "",
              "| parameter | prior | default | calibrated (joint point) | 5% | 95% |", "|---|---|---|---|---|---|"]
    theta, w = post["theta"][-1], post["weight"][-1]
    for i, n in enumerate(post["names"]):
        if post["prior_kind"][i] == "uniform":
            prior = f"U({post['prior_min'][i]:g}, {post['prior_max'][i]:g})"
        else:
            prior = f"N({post['prior_mean'][i]:g}, {post['prior_sd'][i]:g}) on [{post['prior_min'][i]:g}, {post['prior_max'][i]:g}]"
        lines.append(f"| `{n}` | {prior} | {post['default'][i]:.4g} | {post['calibrated'][i]:.4g} | "
                     f"{weighted_quantile(theta[:, i], w, 0.05):.4g} | {weighted_quantile(theta[:, i], w, 0.95):.4g} |")
    lines.append("")
    for name, caption in figures:
        lines += [f"![{caption}]({name})", ""]
    # Fit table.
    lines += ["## Every target", "",
              "Simulated: median and 90% interval of the runs at posterior draws; defaults: median of runs with the "
              "scenario's own parameters at the same seeds. `in` marks an observed value inside the 90% interval.", ""]
    for g in dict.fromkeys(fit["group"]):
        sub = fit[fit["group"] == g]
        inside = sum(covered(r) for _, r in sub.iterrows())
        lines += [f"### {g} ({inside} of {len(sub)} observed values inside the 90% interval)", "",
                  "| target | observed | simulated median | 90% interval | defaults | in |", "|---|---|---|---|---|---|"]
        for _, r in sub.iterrows():
            share = is_share(r)
            label = f"{r['country']} {r['period']} {r['item']}"
            ok = covered(r)
            lines.append(f"| {label} | {fmt_value(r['observed'], share)} | {fmt_value(r['posterior_median'], share)} | "
                         f"{fmt_value(r['posterior_p05'], share)} to {fmt_value(r['posterior_p95'], share)} | "
                         f"{fmt_value(r['default_median'], share)} | {'in' if ok else ''} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory", type=Path, help="output directory of raices calibrate")
    ap.add_argument("--title", default="raices calibration: fit report")
    a = ap.parse_args(argv)
    d = a.directory
    for f in ["targets.csv", "fit.csv", "predictive.csv", "distances.csv", "posterior.h5"]:
        if not (d / f).exists():
            print(f"error: {d / f} is missing (run raices calibrate with abc.predictive_draws > 0)", file=sys.stderr)
            return 2
    targets, fit, pred, dist = read_inputs(d)
    post = read_posterior(d)
    figures = []
    for name, caption, fn, arg in [
        ("fit_counts.png", "Border and return counts", plot_counts, fit),
        ("fit_emif.png", "EMIF 2017 aggregates", plot_emif, fit),
        ("fit_lapop.png", "LAPOP department shares", plot_lapop, fit),
        ("fit_posterior.png", "Posterior marginals", plot_posterior, post),
        ("fit_generations.png", "ABC-SMC generations", plot_generations, post),
    ]:
        if fn(arg, d / name):
            figures.append((name, caption))
    (d / "fit_report.md").write_text(markdown(d, targets, fit, dist, post, figures, a.title))
    print(f"wrote {d / 'fit_report.md'} and {len(figures)} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
