#!/usr/bin/python3
"""Where US-returned migrants paid the person hired to cross into the US, EMIF Sur 2017.

Item ``p27_1_1`` of the US-returned files (value labels in
ValoresUSA2017.csv): 1 where the migrant lives, 2 the Mexican border city,
3 elsewhere in Mexico, 4 in the US, 5 where the migrant lives and in
Mexico, 6 where the migrant lives and in the US, 7 in Mexico and the US,
8 other; skips -29 (hired nobody to cross), -30 (paid nothing), -8/-11
(born or living elsewhere); 97-99 don't know / no answer / unspecified.
Weighted by ``ponfin3`` among codes 1-8. A payment made in the US at least
in part (4, 6, 7) is a payment on delivery, in practice by relatives there;
one made entirely before the US (1, 2, 3, 5) had to be raised on the way.
docs/model.md ("What the financing step decides") sets these shares
against the model's single `capability.smuggler_deposit_share`.

    /usr/bin/python3 analysis/python/emif_fee_payment_place.py [--emif scenarios/data/emif]

Prints one line per country: the two shares and the answering rows.
Exit 2 for a file without the item or its weight.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emif_us_files import FILES, per_country_main  # noqa: E402,F401  (FILES: the tests read it here)
IN_US = {4, 6, 7}
BEFORE_US = {1, 2, 3, 5}


def payment_place(path: Path) -> tuple[float, float, int]:
    """(weighted share paid in the US at least in part, share paid entirely before the US, answering rows)."""
    d = pd.read_csv(path, encoding="utf-8-sig", usecols=lambda c: c in ("p27_1_1", "ponfin3"))
    if set(d.columns) != {"p27_1_1", "ponfin3"}:
        raise KeyError(f"{path}: needs columns p27_1_1 and ponfin3")
    valid = d[d["p27_1_1"].between(1, 8)]
    total = valid["ponfin3"].sum()
    if total <= 0:
        raise KeyError(f"{path}: nobody answered p27_1_1")
    in_us = valid.loc[valid["p27_1_1"].isin(IN_US), "ponfin3"].sum() / total
    before = valid.loc[valid["p27_1_1"].isin(BEFORE_US), "ponfin3"].sum() / total
    return float(in_us), float(before), len(valid)


def main(argv: list[str] | None = None) -> int:
    def row(path: Path) -> list[str]:
        in_us, before, rows = payment_place(path)
        return [f"{in_us:.3f}", f"{before:.3f}", str(rows)]

    return per_country_main(__doc__.splitlines()[0], "country,paid_in_us_at_least_in_part,paid_before_the_us,answering_rows",
                            row, argv)


if __name__ == "__main__":
    sys.exit(main())
