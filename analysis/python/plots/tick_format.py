"""Axis tick labels shared by the plotting scripts (compare_plots.py, validate_plots.py)."""

from __future__ import annotations

import numpy as np


def human(value: float, _pos=None) -> str:
    """12,300 -> '12.3k', 2.5e6 -> '2.5M', 7.2e9 -> '7.2bn' (axis ticks)."""
    if value is None or not np.isfinite(value):
        return ""
    a = abs(value)
    for div, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{value / div:.3g}{suffix}"
    return f"{value:.3g}"
