"""analysis/python/emif_fee_payment_place.py: where the crossing fee was paid, from the EMIF 2017 microdata."""

from __future__ import annotations

import subprocess

import pytest

from conftest import SOURCE_DIR

import emif_fee_payment_place as fpp  # analysis/python/ is on sys.path (conftest)

EMIF = SOURCE_DIR / "scenarios" / "data" / "emif"


def test_weighted_shares_among_answers(tmp_path):
    # Weights: 2 paid at home (1), 3 at home and in the US (6), 5 in the US (4);
    # a skip (-29) and a no-answer (98) stay out of the denominator.
    f = tmp_path / "usa.csv"
    f.write_bytes(b"\xef\xbb\xbffolio,p27_1_1,ponfin3\r\n1,1,2\r\n2,6,3\r\n3,4,5\r\n4,-29,7\r\n5,98,11")
    in_us, before, rows = fpp.payment_place(f)
    assert in_us == pytest.approx(0.8)
    assert before == pytest.approx(0.2)
    assert rows == 3


def test_the_microdata_pattern_docs_model_md_reports():
    shares = {c: fpp.payment_place(EMIF / name) for c, name in fpp.FILES.items()}
    assert shares["GTM"][0] == pytest.approx(0.701, abs=5e-4)
    assert shares["HND"][0] == pytest.approx(0.014, abs=5e-4)
    assert shares["SLV"][0] == pytest.approx(0.677, abs=5e-4)
    for in_us, before, rows in shares.values():
        assert in_us + before == pytest.approx(1.0, abs=0.02)  # code 8 ("other") is the rest
        assert rows > 500


def test_a_file_without_the_item_exits_2(tmp_path):
    (tmp_path / "guatedev2017usa.csv").write_text("folio,ponfin3\n1,1\n")
    proc = subprocess.run(["/usr/bin/python3", str(SOURCE_DIR / "analysis" / "python" / "emif_fee_payment_place.py"),
                           "--emif", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "p27_1_1" in proc.stderr
