"""The EMIF Sur 2017 US-returned files by country, and the command line the
scripts that compute one figure per country from them share."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

FILES = {"GTM": "guatedev2017usa.csv", "HND": "honddev2017usa.csv", "SLV": "elsdev2017usa.csv"}
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "scenarios" / "data" / "emif"


def per_country_main(description: str, header: str, row: Callable[[Path], Sequence[str]],
                     argv: list[str] | None = None) -> int:
    """`--emif DIR`, then one CSV line per country: `header`, then the country and row(its file).
    Exit 2, with the message on stderr, when a file is missing or lacks what row() reads (KeyError, ValueError)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--emif", type=Path, default=DEFAULT_DIR)
    args = ap.parse_args(argv)
    print(header)
    for country, name in FILES.items():
        try:
            fields = row(args.emif / name)
        except (FileNotFoundError, KeyError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        print(",".join([country, *fields]))
    return 0
