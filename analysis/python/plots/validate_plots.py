#!/usr/bin/env python3
"""Figures for `raices validate`: reads series.csv and scorecard.csv in DIR and
writes one PNG per metric there.

    /usr/bin/python3 analysis/plots/validate_plots.py validate-out/

`raices validate` runs this itself; run it by hand to remake the figures.

Each figure (the `figure` column of series.csv) has one panel per country:
the simulated median over the runs as a line with its 90% band (5% to 95%
quantiles across the runs) for every complete year or fiscal year of the
runs, and the observed values of the targets files as points (filled when
inside the band, open when outside). With a time split (`raices validate
--last-training-year Y`, the `part` column of scorecard.csv) a dashed line
between Y and Y + 1 separates the training years from the held-out ones.

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
COUNTRIES = ["GTM", "HND", "SLV", "NCA"]
COUNTRY_NAMES = {"GTM": "Guatemala", "HND": "Honduras", "SLV": "El Salvador", "NCA": "three countries"}
BAND_COLOR = "#1f77b4"
OBSERVED_COLOR = "#d62728"


def short_unit(unit: str) -> str:
    """The unit text of a targets row up to its first ';' or '(' (the rest is detail)."""
    for sep in (";", "("):
        unit = unit.split(sep)[0]
    return unit.strip()[:60]


def read(directory: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    na = ["n/a"]
    text = {"metric": str, "figure": str, "file": str, "country": str, "year_or_fy": str, "fiscal": str, "inside": str, "unit": str,
            "part": str, "inside_with_discrepancy": str}
    series = pd.read_csv(directory / "series.csv", na_values=na, keep_default_na=False, dtype=text)
    scorecard = pd.read_csv(directory / "scorecard.csv", na_values=na, keep_default_na=False, dtype=text)
    return series, scorecard


def observed_year(period: str) -> int:
    return int(period[2:]) if period.startswith("FY") else int(period)


def draw_panel(ax, band: pd.DataFrame, observed: pd.DataFrame, fiscal: bool) -> None:
    band = band.sort_values("year")
    if "discrepancy_low" in band and band["discrepancy_low"].notna().any():  # --discrepancy: the wider, fainter band
        ax.fill_between(band["year"], band["discrepancy_low"], band["discrepancy_high"], color=BAND_COLOR, alpha=0.10,
                        label="with the model discrepancy")
    ax.fill_between(band["year"], band["simulated_low"], band["simulated_high"], color=BAND_COLOR, alpha=0.25,
                    label="simulated 90% interval")
    ax.plot(band["year"], band["simulated_median"], color=BAND_COLOR, lw=2, marker=".", label="simulated median")
    years = observed["year_or_fy"].map(observed_year)
    inside = observed["inside"] == "yes"
    if inside.any():
        ax.scatter(years[inside], observed["observed"][inside], color=OBSERVED_COLOR, zorder=3, s=45,
                   label="observed (inside the interval)")
    if (~inside).any():
        ax.scatter(years[~inside], observed["observed"][~inside], facecolor="white", edgecolor=OBSERVED_COLOR,
                   linewidth=1.8, zorder=3, s=45, label="observed (outside)")
    all_years = list(band["year"]) + list(years)
    ax.set_xlim(min(all_years) - 0.5, max(all_years) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))
    ax.yaxis.set_major_formatter(FuncFormatter(human))
    ax.set_xlabel("fiscal year (Oct-Sep)" if fiscal else "year")
    ax.set_ylim(0, ax.get_ylim()[1] * 1.06)  # room above the highest point
    ax.grid(alpha=0.3)


def last_training_year(scorecard: pd.DataFrame) -> int | None:
    """The split's last training year from the `part` column (None without a split).

    Parts are assigned by year, so the latest training row's year is the last
    training year; when every row is held out, the year before the earliest."""
    if "part" not in scorecard.columns:
        return None
    part = scorecard["part"].fillna("")
    years = scorecard["year_or_fy"].map(observed_year)
    if part.eq("training").any():
        return int(years[part.eq("training")].max())
    if part.eq("held out").any():
        return int(years[part.eq("held out")].min()) - 1
    return None


def draw_split(ax, year: int) -> None:
    ax.axvline(year + 0.5, color="0.35", ls="--", lw=1.2, label="training | held out")
    ax.text(year + 0.45, 0.98, "training", transform=ax.get_xaxis_transform(), ha="right", va="top", fontsize=8, color="0.35")
    ax.text(year + 0.55, 0.98, "held out", transform=ax.get_xaxis_transform(), ha="left", va="top", fontsize=8, color="0.35")


def draw_figure(directory: Path, figure: str, series: pd.DataFrame, scorecard: pd.DataFrame, split: int | None = None) -> None:
    metric = series["metric"].iloc[0]
    countries = [c for c in COUNTRIES if c in set(series["country"])]
    fig, axes = plt.subplots(1, len(countries), figsize=(5.2 * len(countries), 4.4), squeeze=False)
    rows = scorecard[scorecard["figure"] == figure]
    unit = short_unit(str(rows["unit"].iloc[0])) if len(rows) else ""
    for ax, country in zip(axes[0], countries):
        band = series[series["country"] == country]
        band = band[band["fiscal"] == band["fiscal"].iloc[0]]  # one kind of year per panel
        fiscal = band["fiscal"].iloc[0] == "yes"
        observed = rows[(rows["country"] == country) & (rows["year_or_fy"].str.startswith("FY") == fiscal)]
        draw_panel(ax, band, observed, fiscal)
        lo, hi = ax.get_xlim()
        if split is not None and lo < split + 0.5 < hi:
            draw_split(ax, split)
        ax.set_title(COUNTRY_NAMES.get(country, country))
    axes[0][0].set_ylabel(unit)
    handles, labels = axes[0][0].get_legend_handles_labels()
    for ax in axes[0][1:]:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    fig.suptitle(metric)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(directory / figure, dpi=DPI)
    plt.close(fig)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(argv[1])
    series, scorecard = read(directory)
    split = last_training_year(scorecard)
    for figure, part in series.groupby("figure", sort=True):
        draw_figure(directory, figure, part, scorecard, split)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
