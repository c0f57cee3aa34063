#!/usr/bin/python3
"""Intention to enter the US again among US-returned migrants, EMIF Sur 2017.

Item ``p31_1`` of the US-returned files ("piensa volver a entrar a EUA":
1 yes, 2 no; 97-99 don't know / no answer / unspecified; its follow-up
``p31_2`` is skipped with code -31 "no volverá a entrar a EUA"), weighted by
``ponfin3``, among those who answered yes or no. The shares are the defaults
of ``journey.reattempt_intention`` (include/raices/scenario/parameters.hpp):
a removed migrant heads north again at once with probability
``journey.removed_reattempt_probability`` x this share (docs/model.md,
"Going back after a removal").

    /usr/bin/python3 analysis/python/emif_reattempt_intention.py [--emif scenarios/data/emif]

Prints one line per country: the share, the answering rows, and the weighted
share of rows that did not answer (reported, not imputed: Guatemala's is a
quarter of its file).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emif_us_files import FILES, per_country_main  # noqa: E402,F401  (FILES: the tests read it here)

YES, NO = 1, 2
NO_ANSWER = {97, 98, 99}


def intention(path: Path) -> tuple[float, int, float]:
    """(weighted share intending to go back among yes/no answers, answering rows, weighted share not answering)."""
    yes = answered = unanswered = total = 0.0
    rows = 0
    with path.open(encoding="latin-1", newline="") as f:
        reader = csv.DictReader(f)
        reader.fieldnames = [name.lstrip("\ufeff").lstrip("ï»¿") for name in reader.fieldnames or []]
        for line, row in enumerate(reader, start=2):
            try:
                answer, weight = int(row["p31_1"]), float(row["ponfin3"])
            except (KeyError, ValueError) as e:
                raise SystemExit(f"{path}:{line}: p31_1/ponfin3 unreadable ({e})")
            total += weight
            if answer in (YES, NO):
                answered += weight
                rows += 1
                yes += weight if answer == YES else 0.0
            elif answer in NO_ANSWER:
                unanswered += weight
    if answered == 0:
        raise SystemExit(f"{path}: nobody answered p31_1")
    return yes / answered, rows, unanswered / total


def main(argv: list[str] | None = None) -> int:
    def row(path: Path) -> list[str]:
        share, rows, missing = intention(path)
        return [f"{share:.3f}", str(rows), f"{missing:.3f}"]

    return per_country_main(__doc__.splitlines()[0], "country,intends_to_go_back,answering_rows,no_answer_share", row, argv)


if __name__ == "__main__":
    sys.exit(main())
