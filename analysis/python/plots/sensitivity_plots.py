#!/usr/bin/env python3
"""Figure for `raices sensitivity`: reads indices.csv in DIR, writes sensitivity.png there.

    /usr/bin/python3 analysis/python/plots/sensitivity_plots.py sensitivity-out/

One row of panels per output:
- Morris: mu* against sigma (Campolongo et al. 2007), one labelled point per
  parameter with its bootstrap interval of mu*; the line sigma = mu* marks
  where non-linearity and interactions weigh as much as the mean effect.
- Sobol: first-order (S1) and total (ST) indices as bars with their bootstrap
  intervals, parameters ordered by ST.

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

DPI = 150


def short(path: str) -> str:
    """The last two parts of a parameter path: enough to tell them apart in a legend."""
    parts = path.split(".")
    if parts[0] == "interventions" and len(parts) >= 4:
        return f"{parts[1]}: {parts[3]}"
    return ".".join(parts[-2:])


LABEL_OFFSET = (4.0, 3.0)  # points from its marker to a rank label that did not have to move


def label_offset(ax, x: float, y: float, placed: list) -> tuple[float, float]:
    """Offset (points) for a rank label at (x, y) that keeps clear of those placed before."""
    px, py = ax.transData.transform((x, y))
    dx, dy = LABEL_OFFSET
    # Display pixels at the figure's dpi; a label is about 10 x 8 points.
    scale = ax.figure.dpi / 72.0
    while any(abs(px + dx * scale - qx) < 11 * scale and abs(py + dy * scale - qy) < 8 * scale for qx, qy in placed):
        dy += 8.0
    placed.append((px + dx * scale, py + dy * scale))
    return dx, dy


def plot_morris(ax, rows: pd.DataFrame, output: str) -> None:
    wide = rows.pivot(index="parameter", columns="index", values="value")
    conf = rows[rows["index"] == "mu_star"].set_index("parameter")
    x, y = wide["mu_star"], wide["sigma"]
    err = np.vstack([x - conf.loc[x.index, "low"], conf.loc[x.index, "high"] - x]).clip(min=0)
    ax.errorbar(x, y, xerr=err, fmt="o", color="#1f77b4", ecolor="#9ecae1", capsize=3)
    top = max(float(x.max()), float(y.max()), float(conf["high"].max()), 1e-12) * 1.1
    ax.plot([0, top], [0, top], color="grey", linestyle=":", linewidth=1, label="sigma = mu*")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    # Points carry their rank by mu*, the names go in a key beside the axes:
    # with two dozen parameters most sit in the corner near the origin, where
    # names written at the points covered each other.
    ranked = list(x.sort_values(ascending=False).index)
    placed: list = []
    for rank, name in enumerate(ranked, start=1):
        dx, dy = label_offset(ax, x[name], y[name], placed)
        moved = (dx, dy) != LABEL_OFFSET
        leader = dict(arrowstyle="-", linewidth=0.4, color="grey") if moved else None
        ax.annotate(str(rank), (x[name], y[name]), textcoords="offset points", xytext=(dx, dy), fontsize=7,
                    arrowprops=leader)
    key = "\n".join(f"{rank:>2}  {short(name)}" for rank, name in enumerate(ranked, start=1))
    ax.text(1.02, 1.0, key, transform=ax.transAxes, va="top", ha="left", fontsize=7, family="monospace")
    ax.set_xlabel("mu* (mean |elementary effect|)")
    ax.set_ylabel("sigma")
    ax.set_title(f"{output}: Morris screening")
    ax.legend(loc="upper left", fontsize=8)


def plot_sobol(ax, rows: pd.DataFrame, output: str) -> None:
    total = rows[rows["index"] == "ST"].set_index("parameter").sort_values("value", ascending=False)
    first = rows[rows["index"] == "S1"].set_index("parameter").loc[total.index]
    pos = np.arange(len(total))
    width = 0.38
    for offset, table, label, color in ((-width / 2, first, "first order S1", "#1f77b4"),
                                        (width / 2, total, "total ST", "#ff7f0e")):
        err = np.vstack([table["value"] - table["low"], table["high"] - table["value"]]).clip(min=0)
        ax.bar(pos + offset, table["value"], width, yerr=err, capsize=3, label=label, color=color)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(pos)
    ax.set_xticklabels([short(p) for p in total.index], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("share of output variance")
    ax.set_title(f"{output}: Sobol indices (bars: bootstrap interval)")
    ax.legend(fontsize=8)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(argv[1])
    indices = pd.read_csv(directory / "indices.csv")
    outputs = list(dict.fromkeys(indices["output"]))
    morris = "mu_star" in set(indices["index"])
    fig, axes = plt.subplots(len(outputs), 1, figsize=(11.5, 5.5 * len(outputs)), squeeze=False)
    for ax, output in zip(axes[:, 0], outputs):
        rows = indices[indices["output"] == output]
        (plot_morris if morris else plot_sobol)(ax, rows, output)
    fig.tight_layout()
    fig.savefig(directory / "sensitivity.png", dpi=DPI)
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
