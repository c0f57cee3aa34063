#!/usr/bin/env python3
"""Figure for `raices attribute`: reads DIR/attribution.csv, writes DIR/attribution.png.

    /usr/bin/python3 analysis/python/plots/attribution_plots.py attribute-out/

One bar per intervention (or group): its Shapley value in departures averted
with the 90% interval over seeds, the solo effect as a marker, and a last bar
for the interaction left over (package minus the sum of the solo effects).
Needs pandas and matplotlib.
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
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from tick_format import human  # noqa: E402  (beside this script)


def main(directory: str) -> int:
    out = Path(directory)
    t = pd.read_csv(out / "attribution.csv")
    sh = t[t.metric == "shapley"].set_index("player")
    solo = t[t.metric == "solo"].set_index("player")["mean"]
    sh = sh.reindex(sh["mean"].abs().sort_values().index)
    inter = t[(t.metric == "interaction")].iloc[0]
    names = list(sh.index) + ["interaction (package - sum of solo)"]
    means = np.append(sh["mean"].to_numpy(), inter["mean"])
    lows = np.append(sh["low"].to_numpy(), inter["low"])
    highs = np.append(sh["high"].to_numpy(), inter["high"])
    err = np.vstack([means - np.where(np.isnan(lows), means, lows), np.where(np.isnan(highs), means, highs) - means])
    y = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(names) + 1.6))
    colours = ["#3b6ea8" if m >= 0 else "#b5523b" for m in means[:-1]] + ["#888888"]
    ax.barh(y, means, xerr=err, color=colours, capsize=3)
    ax.scatter(solo.reindex(sh.index).to_numpy(), y[:-1], marker="D", color="black", zorder=3, s=18)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, names, fontsize=8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: human(v)))
    ax.set_xlabel(f"departures averted, {t.year.iloc[0]}")
    ax.set_title(f"{t.scenario.iloc[0]}: who averts the departures ({t.estimator.iloc[0]} Shapley values)", fontsize=10)
    handles = [Patch(color="#3b6ea8", label="Shapley value, averts (90% interval over seeds)"),
               Patch(color="#b5523b", label="Shapley value, adds departures"),
               Patch(color="#888888", label="interaction"),
               Line2D([], [], marker="D", color="black", linestyle="none", markersize=5, label="solo effect")]
    ax.legend(handles=handles, fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(out / "attribution.png", dpi=120)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
