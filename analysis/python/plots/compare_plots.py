#!/usr/bin/env python3
"""Figures for `raices compare`: reads the tidy CSVs in DIR and writes PNGs there.

    /usr/bin/python3 analysis/python/plots/compare_plots.py compare-out/

`raices compare` runs this itself; run it by hand to remake the figures
(e.g. after editing the CSVs, or where the compare run had no Python).

Figures (all for the three countries together unless stated):
- timeseries.png: yearly departures, US encounters, stock abroad (end of
  year) and remittances per scenario, with 90% interval bands; the
  comparison window shaded.
- difference_by_year.png: departures averted per year against the baseline
  (paired by seed where possible) with 90% intervals.
- averted_by_department.png: departures averted over the window in the
  departments with the largest effects, one panel per scenario.
- cost_effectiveness.png: departures averted per US$1 million and spend, per
  intervention and pillar.
- motive_mix.png: share of departures by main reason, window, per scenario.

Needs pandas and matplotlib (Debian: python3-pandas, python3-matplotlib).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="raices-mpl-"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402
from tick_format import human  # noqa: E402  (beside this script)

DPI = 150
COUNTRY_COLORS = {"GTM": "#1f77b4", "HND": "#2ca02c", "SLV": "#9467bd"}
REASON_LABELS = {
    "no_jobs": "no jobs",
    "low_income": "low income",
    "family": "family (incl. domestic violence)",
    "violence_insecurity": "violence, insecurity",
    "disaster": "disaster",
}
OUTCOMES = [
    ("departures", "Departures", "persons per year"),
    ("us_encounters", "US border encounters", "encounters per year"),
    ("stock_abroad", "Migrants living in the US (end of year)", "persons"),
    ("remittances", "Remittances received", "US$ per year"),
]

plt.rcParams.update({
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 16,
    "axes.spines.top": False,
    "axes.spines.right": False,
})


HUMAN = FuncFormatter(human)


def year_axis(ax, years) -> None:
    """Whole years as plain numbers (no offset like '+2.02e3'), limited to the years plotted."""
    years = [int(y) for y in years]
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=min(len(years) + 1, 12)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    if years:
        ax.set_xlim(min(years) - 0.6, max(years) + 0.6)


def read(directory: Path, name: str) -> pd.DataFrame:
    path = directory / name
    if not path.is_file():
        raise SystemExit(f"error: {path} is missing (run `raices compare` first)")
    return pd.read_csv(path)  # an undefined value is an empty cell: missing with pandas' defaults


def scenario_order(summary: pd.DataFrame) -> tuple[str, list[str]]:
    """The baseline (rows without paired values and without departures_averted) and the other scenarios."""
    names = list(dict.fromkeys(summary["scenario"]))
    compared = set(summary.loc[summary["metric"] == "departures_averted", "scenario"])
    baseline = next(n for n in names if n not in compared)
    return baseline, [n for n in names if n != baseline]


def colors_for(baseline: str, others: list[str]) -> dict[str, str]:
    palette = plt.get_cmap("tab10").colors
    out = {baseline: "#444444"}
    for i, name in enumerate(others):
        out[name] = palette[(i + 1) % len(palette)]
    return out


def window_of(summary: pd.DataFrame) -> str:
    return str(summary["year"].iloc[0])


def window_years(window: str) -> tuple[float, float]:
    start, end = window.split("..")
    y0, m0 = (int(x) for x in start.split("-"))
    y1, m1 = (int(x) for x in end.split("-"))
    return y0 + (m0 - 1) / 12 - 0.5, y1 + m1 / 12 - 0.5


def effect_columns(rows: pd.DataFrame) -> tuple[str, str, str, str]:
    """Paired columns when the rows have them, else the unpaired ones; and a label saying which."""
    if rows["paired_mean"].notna().any():
        return "paired_mean", "paired_low", "paired_high", "paired by seed"
    return "mean", "low", "high", "unpaired"


def save(fig, directory: Path, name: str) -> None:
    fig.savefig(directory / name, dpi=DPI, bbox_inches="tight")
    plt.close(fig)


def plot_timeseries(directory: Path, yearly: pd.DataFrame, window: str, colors: dict) -> None:
    fig, axes = plt.subplots(2, 2, figsize=(13, 8.5))
    lo, hi = window_years(window)
    for ax, (metric, title, unit) in zip(axes.flat, OUTCOMES):
        rows = yearly[(yearly["metric"] == metric) & (yearly["place"] == "all")]
        ax.axvspan(lo, hi, color="#f2e6c9", alpha=0.6, lw=0, label="comparison window")
        for name, color in colors.items():
            r = rows[rows["scenario"] == name].sort_values("year")
            if r.empty:
                continue
            years = r["year"].astype(int)
            # The baseline wide and underneath, scenarios thin on top: program
            # effects are a few percent, and same-width lines hid each other.
            is_baseline = name == next(iter(colors))
            ax.plot(years, r["mean"], color=color, lw=4.0 if is_baseline else 1.6, alpha=0.55 if is_baseline else 1.0,
                    zorder=2 if is_baseline else 3, marker="o" if len(r) < 8 else None, label=name)
            if r["low"].notna().any():
                ax.fill_between(years, r["low"], r["high"], color=color, alpha=0.18, lw=0)
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.set_xlabel("year")
        ax.yaxis.set_major_formatter(HUMAN)
        year_axis(ax, rows["year"].unique())
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 4), frameon=False, bbox_to_anchor=(0.5, -0.04))
    fig.suptitle("Yearly totals, Guatemala + Honduras + El Salvador (lines: replicate mean; bands: 90% interval)\n"
                 "effects are small against the totals: difference_by_year.png shows them against the baseline",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    save(fig, directory, "timeseries.png")


def plot_difference_by_year(directory: Path, yearly: pd.DataFrame, window: str, others: list[str], colors: dict) -> None:
    rows = yearly[(yearly["metric"] == "departures_averted") & (yearly["place"] == "all")]
    lo, hi = window_years(window)
    # The window and the year before it: earlier years would be half an empty
    # figure when the scenarios start acting in the window.
    rows = rows[rows["year"].astype(int) >= int(np.floor(lo + 0.5)) - 1]
    fig, ax = plt.subplots(figsize=(11, 5.5))
    ax.axvspan(lo, hi, color="#f2e6c9", alpha=0.6, lw=0, label="comparison window")
    width = 0.8 / max(len(others), 1)
    kind = "unpaired"
    for i, name in enumerate(others):
        r = rows[rows["scenario"] == name].sort_values("year")
        if r.empty:
            continue
        m, l, h, kind = effect_columns(r)
        x = r["year"].astype(int) + (i - (len(others) - 1) / 2) * width
        err = np.vstack([(r[m] - r[l]).clip(lower=0), (r[h] - r[m]).clip(lower=0)])
        ax.bar(x, r[m], width=width, color=colors[name], label=name,
               yerr=None if np.isnan(err).all() else np.nan_to_num(err), capsize=3, ecolor="#333333")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_title(f"Departures averted per year against the baseline ({kind}; error bars: 90% interval)")
    ax.set_ylabel("departures averted (persons per year)")
    ax.set_xlabel("year")
    ax.yaxis.set_major_formatter(HUMAN)
    year_axis(ax, rows["year"].unique())
    ax.legend(frameon=False)
    fig.tight_layout()
    save(fig, directory, "difference_by_year.png")


def plot_departments(directory: Path, by_dept: pd.DataFrame, window: str, others: list[str], top: int = 15) -> None:
    rows = by_dept[by_dept["metric"] == "departures_averted"]
    fig, axes = plt.subplots(len(others), 1, figsize=(10, 0.42 * top * len(others) + 1.6), squeeze=False)
    for ax, name in zip(axes[:, 0], others):
        r = rows[rows["scenario"] == name]
        m, l, h, kind = effect_columns(r)
        r = r[(r[m].abs() > 0) | (r[h].abs() > 0) | (r[l].abs() > 0)]
        r = r.reindex(r[m].abs().sort_values(ascending=False).index).head(top).iloc[::-1]
        colors = [COUNTRY_COLORS.get(p[:3], "#777777") for p in r["place"]]
        err = np.vstack([(r[m] - r[l]).clip(lower=0), (r[h] - r[m]).clip(lower=0)])
        ax.barh(r["place"], r[m], color=colors, xerr=None if np.isnan(err).all() else np.nan_to_num(err),
                capsize=3, ecolor="#333333")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(f"{name}: departures averted by department, {window} ({kind})")
        ax.set_xlabel("departures averted (persons; error bars: 90% interval)")
        ax.xaxis.set_major_formatter(HUMAN)
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in COUNTRY_COLORS.values()]
        ax.legend(handles, ["Guatemala", "Honduras", "El Salvador"], frameon=False, loc="lower right")
    fig.tight_layout()
    save(fig, directory, "averted_by_department.png")


def program_label(program: str) -> str:
    if program == "all":
        return "scenario total"
    return "pillar X (cross-cutting)" if program == "pillar X" else program


def plot_cost_effectiveness(directory: Path, cost: pd.DataFrame, window: str, others: list[str], colors: dict) -> None:
    per = cost[cost["metric"] == "averted_per_usd_million"]
    spend = cost[cost["metric"] == "spend"]
    labels, values, lows, highs, spends, bar_colors = [], [], [], [], [], []
    for name in others:
        r = per[per["scenario"] == name]
        m, l, h, kind = effect_columns(r)
        order = sorted(r["program"], key=lambda p: (p != "all", not str(p).startswith("pillar "), str(p)))
        for program in order:
            row = r[r["program"] == program].iloc[0]
            labels.append(f"{name}: {program_label(program)}" if len(others) > 1 else program_label(program))
            values.append(row[m])
            lows.append(row[l])
            highs.append(row[h])
            s = spend[(spend["scenario"] == name) & (spend["program"] == program)]["mean"]
            spends.append(float(s.iloc[0]) if len(s) else np.nan)
            bar_colors.append(colors[name])
    y = np.arange(len(labels))[::-1]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 0.55 * len(labels) + 2.2), sharey=True,
                                   gridspec_kw={"width_ratios": [3, 2]})
    vals = np.array(values, dtype=float)
    err = np.vstack([np.clip(vals - np.array(lows, dtype=float), 0, None), np.clip(np.array(highs, dtype=float) - vals, 0, None)])
    ax1.barh(y, np.nan_to_num(vals), color=bar_colors, xerr=np.nan_to_num(err), capsize=3, ecolor="#333333")
    for yi, v in zip(y, vals):
        if np.isnan(v):
            ax1.text(0, yi, "  n/a (no spend)", va="center", ha="left", fontsize=11, color="#555555")
    ax1.axvline(0, color="black", lw=0.8)
    ax1.set_yticks(y, labels)
    ax1.set_xlabel("departures averted per US$1 million (error bars: 90% interval)")
    ax1.set_title("Cost-effectiveness")
    ax2.barh(y, np.nan_to_num(np.array(spends) / 1e6), color=bar_colors, alpha=0.7)
    ax2.set_xlabel("spend in the window (US$ million)")
    ax2.set_title("Spend")
    fig.suptitle(f"Cost-effectiveness by intervention and pillar, {window}\n"
                 "(averted departures attributed to interventions by share of spend)", fontsize=14)
    fig.tight_layout()
    save(fig, directory, "cost_effectiveness.png")


def plot_motive_shares(ax, rows: pd.DataFrame, reasons: list[str], order: list[str]) -> None:
    palette = plt.get_cmap("Set2").colors
    y = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for k, reason in enumerate(reasons):
        vals = np.array([rows[(rows["scenario"] == s) & (rows["metric"] == f"share_{reason}")]["mean"].sum() for s in order])
        ax.barh(y, vals, left=left, color=palette[k % len(palette)], label=REASON_LABELS[reason], edgecolor="white")
        for yi, x0, v in zip(y, left, vals):
            if v >= 6:
                ax.text(x0 + v / 2, yi, f"{v:.0f}%", ha="center", va="center", fontsize=11)
        left += vals
    ax.set_yticks(y, order)
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of departures (percent)")
    ax.set_title("Share of departures by main reason")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)


def plot_motive_changes(ax, rows: pd.DataFrame, reasons: list[str], order: list[str], colors: dict) -> None:
    """Change of each reason's share against the baseline (order[0]), one bar per other scenario."""
    baseline, others = order[0], order[1:]
    y = np.arange(len(reasons))[::-1]
    height = 0.8 / max(len(others), 1)
    kind = "unpaired"
    for i, name in enumerate(others):
        r = rows[rows["scenario"] == name].set_index("metric").reindex([f"share_{x}" for x in reasons])
        if r["paired_mean"].notna().any():
            m, lo, hi, kind = r["paired_mean"], r["paired_low"], r["paired_high"], "paired by seed"
        else:
            base = rows[rows["scenario"] == baseline].set_index("metric").reindex(r.index)["mean"]
            m, lo, hi = r["mean"] - base, r["mean"] - base, r["mean"] - base
        err = np.vstack([(m - lo).clip(lower=0), (hi - m).clip(lower=0)])
        ax.barh(y + (len(others) - 1) / 2 * height - i * height, m, height=height, color=colors[name], label=name,
                xerr=np.nan_to_num(err), capsize=3, ecolor="#333333")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, [REASON_LABELS[x] for x in reasons])
    ax.set_xlabel("change in share (percentage points)")
    ax.set_title(f"Change against the baseline\n({kind}; error bars: 90% interval)")
    ax.legend(frameon=False, loc="lower right")


def plot_motives(directory: Path, motives: pd.DataFrame, window: str, order: list[str], colors: dict) -> None:
    rows = motives[(motives["year"] == window) & (motives["place"] == "all") & motives["metric"].str.startswith("share_")]
    reasons = [r for r in REASON_LABELS if f"share_{r}" in set(rows["metric"])]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, max(4.5, 0.9 * len(order) + 3)),
                                   gridspec_kw={"width_ratios": [1, 1]})
    plot_motive_shares(ax1, rows, reasons, order)
    plot_motive_changes(ax2, rows, reasons, order, colors)
    fig.suptitle(f"Main reason for leaving, {window}, all three countries (replicate means)")
    fig.tight_layout()
    save(fig, directory, "motive_mix.png")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    directory = Path(argv[1])
    summary = read(directory, "summary.csv")
    yearly = read(directory, "yearly.csv")
    by_dept = read(directory, "by_department.csv")
    motives = read(directory, "motives.csv")
    cost = read(directory, "cost_effectiveness.csv")
    baseline, others = scenario_order(summary)
    colors = colors_for(baseline, others)
    window = window_of(summary)
    plot_timeseries(directory, yearly, window, colors)
    plot_difference_by_year(directory, yearly, window, others, colors)
    plot_departments(directory, by_dept, window, others)
    plot_cost_effectiveness(directory, cost, window, others, colors)
    plot_motives(directory, motives, window, [baseline] + others, colors)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
