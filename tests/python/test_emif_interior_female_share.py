"""analysis/python/emif_interior_female_share.py: women among those ICE removed from the interior,
computed from the EMIF 2017 microdata, are the model's defaults."""

from __future__ import annotations

import pytest
import yaml

from conftest import SOURCE_DIR

import emif_interior_female_share as eif  # analysis/python/ is on sys.path (conftest)

EMIF = SOURCE_DIR / "scenarios" / "data" / "emif"


def test_weighted_share_of_women_among_those_living_in_the_us(tmp_path):
    # Lived in the US (-10): a woman of weight 1, men of weight 3; removed at the border (13): a woman of
    # weight 2, a man of weight 2; a missing sex (99) is left out.
    f = tmp_path / "usa.csv"
    f.write_bytes(b"\xef\xbb\xbffolio,sexo,p11_1d,ponfin3\r\n1,2,-10,1\r\n2,1,-10,3\r\n3,2,13,2\r\n4,1,13,2\r\n"
                  b"5,99,-10,50")
    interior, rows, border = eif.female_shares(f)
    assert interior == pytest.approx(0.25)
    assert rows == 2
    assert border == pytest.approx(0.5)


def test_defaults_are_the_microdata_shares():
    params = yaml.safe_load((SOURCE_DIR / "scenarios" / "params" / "default.yaml").read_text())
    defaults = params["abroad"]["removed_member_female_share"]
    for country, name in eif.FILES.items():
        interior, rows, border = eif.female_shares(EMIF / name)
        assert rows >= 30
        assert defaults[country] == pytest.approx(interior, abs=5e-4), country
        # ICE removes far fewer women from the interior than the Border Patrol returns at the border.
        assert interior < border / 2, country
