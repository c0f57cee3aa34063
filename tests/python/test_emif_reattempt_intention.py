"""analysis/python/emif_reattempt_intention.py: the EMIF 2017 intention to go
back is computed from the microdata, and the model's defaults are its output."""

from __future__ import annotations

import pytest
import yaml

from conftest import SOURCE_DIR

import emif_reattempt_intention as eri  # analysis/python/ is on sys.path (conftest)

EMIF = SOURCE_DIR / "scenarios" / "data" / "emif"


def test_weighted_share_of_yes_among_answers(tmp_path):
    # Weights 1 + 3 say yes, 4 says no, 97 (2) is left out of the share and counted as not answering.
    f = tmp_path / "usa.csv"
    f.write_bytes(b"\xef\xbb\xbffolio,p31_1,ponfin3\n1,1,1\n2,1,3\n3,2,4\n4,97,2\n")  # a BOM, as the EMIF files have
    share, rows, missing = eri.intention(f)
    assert share == pytest.approx(0.5)
    assert rows == 3
    assert missing == pytest.approx(0.2)


def test_defaults_are_the_microdata_shares():
    params = yaml.safe_load((SOURCE_DIR / "scenarios" / "params" / "default.yaml").read_text())
    defaults = params["journey"]["reattempt_intention"]
    for country, name in eri.FILES.items():
        share, rows, _ = eri.intention(EMIF / name)
        assert rows > 600
        assert defaults[country] == pytest.approx(share, abs=5e-4), country
    # The pattern the mechanism rests on: Hondurans mean to go back most, Guatemalans least.
    assert defaults["HND"] > defaults["SLV"] > defaults["GTM"]
