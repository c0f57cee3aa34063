#!/usr/bin/python3
"""Women among migrants removed from inside the US, EMIF Sur 2017.

Of the US-returned files' rows whose department of residence is ``-10``
("lives in the US": removed from the interior, not at the border; the
project's survey reader counts them in ``resides_in_us_share``), the
weighted (``ponfin3``) share with ``sexo`` 2 among those with a valid sex
(1 or 2). These are the defaults of ``abroad.removed_member_female_share``
(include/raices/scenario/parameters.hpp): the sex of a member abroad whom
ICE removes (docs/model.md, "Life abroad"). Voluntary returnees are not in
the survey (it interviews those returned by authorities), so their share,
``abroad.returned_member_female_share``, is not computed here.

    /usr/bin/python3 analysis/python/emif_interior_female_share.py [--emif scenarios/data/emif]

Prints one line per country: the share, the rows it rests on, and the same
share among the other US returnees (removed at the border), for contrast.
Exit 2 for a file without the columns.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emif_us_files import FILES, per_country_main  # noqa: E402,F401  (FILES: the tests read it here)
LIVES_IN_US = -10
COLUMNS = ("p11_1d", "sexo", "ponfin3")


def female_shares(path: Path) -> tuple[float, int, float]:
    """(women's weighted share among those removed from the interior, their rows, the same share among the others)."""
    d = pd.read_csv(path, encoding="utf-8-sig", usecols=lambda c: c in COLUMNS)
    if set(d.columns) != set(COLUMNS):
        raise KeyError(f"{path}: needs columns {', '.join(COLUMNS)}")
    d = d[d["sexo"].isin([1, 2])]

    def share(rows: pd.DataFrame) -> float:
        return float(rows.loc[rows["sexo"] == 2, "ponfin3"].sum() / rows["ponfin3"].sum())

    interior = d[d["p11_1d"] == LIVES_IN_US]
    if interior.empty:
        raise KeyError(f"{path}: no row removed from the interior (p11_1d {LIVES_IN_US})")
    return share(interior), len(interior), share(d[d["p11_1d"] != LIVES_IN_US])


def main(argv: list[str] | None = None) -> int:
    def row(path: Path) -> list[str]:
        interior, rows, border = female_shares(path)
        return [f"{interior:.4f}", str(rows), f"{border:.4f}"]

    return per_country_main(__doc__.splitlines()[0],
                            "country,female_share_removed_from_interior,rows,female_share_removed_at_border", row, argv)


if __name__ == "__main__":
    sys.exit(main())
