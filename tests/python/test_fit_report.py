"""analysis/python/plots/fit_report.py: the 'Against the bars' section counts
coverage and issue 18's point bars from fit.csv rows, on the posterior median
and on the calibrated point's median."""

from __future__ import annotations


import pandas as pd

from conftest import load_script

fit_report = load_script("analysis/python/plots/fit_report.py")


def row(group, country, period, item, observed, post, low, high, point):
    return {"group": group, "country": country, "period": period, "item": item, "observed": observed,
            "posterior_median": post, "posterior_p05": low, "posterior_p95": high, "calibrated_median": point,
            "observed_low": float("nan"), "observed_high": float("nan")}


def test_bars_count_each_target_against_its_bar():
    fit = pd.DataFrame([
        # USBP: 1.30x passes (+-35%), 1.40x and 0.60x fail.
        row("usbp_apprehensions", "GTM", "FY2014", "usbp_sw_apprehensions", 100.0, 130.0, 50, 200, 140.0),
        row("usbp_apprehensions", "HND", "FY2014", "usbp_sw_apprehensions", 100.0, 60.0, 50, 90, 100.0),
        # Female share: 2.9 points passes, 3.1 fails.
        row("emif_sex", "GTM", "2017", "usa/female_share", 0.111, 0.140, 0.05, 0.2, 0.142),
        # LAPOP wave: 4 points passes at the point, 6 fails on the posterior median.
        row("lapop_intention_waves", "SLV", "2012", "lapop_intends_migrate_microdata", 0.235, 0.295, 0.1, 0.2, 0.195),
    ])
    text = "\n".join(fit_report.bar_lines(fit))
    assert "2 of 4 (50.0%; bar 80%); groups under 60%: lapop_intention_waves, usbp_apprehensions." in text
    assert "| USBP apprehensions within +-35% | 1 of 2 | 1 of 2 | GTM FY2014 |" in text
    assert "| EMIF 2017 female share within 3 points | 1 of 1 | 0 of 1 | GTM 2017 usa |" in text
    assert "| LAPOP intention by country and wave within 5 points | 0 of 1 | 1 of 1 | - |" in text


def test_sharpness_measures_interval_width_and_misses_in_tolerances():
    def r(group, observed, low, high, scale, tol):
        out = row(group, "GTM", "2017", "x", observed, observed, low, high, observed)
        out.update({"scale": scale, "tolerance": tol})
        return out
    fit = pd.DataFrame([
        # Counts on the log-ratio scale: width ln(4) / ln(2) = 2 tolerances, observed inside.
        r("usbp_apprehensions", 100.0, 50.0, 200.0, "log_ratio", 0.6931471805599453),
        # A share 0.05 below its interval: width 0.1 / 0.05 = 2, score 2 + 20 x 1 = 22.
        r("emif_sex", 0.10, 0.15, 0.25, "difference", 0.05),
    ])
    width, score = fit_report.interval_in_tolerances(fit.iloc[0])
    assert abs(width - 2.0) < 1e-12 and abs(score - 2.0) < 1e-12
    width, score = fit_report.interval_in_tolerances(fit.iloc[1])
    assert abs(width - 2.0) < 1e-12 and abs(score - 22.0) < 1e-12
    text = "\n".join(fit_report.sharpness_lines(fit))
    assert "| usbp_apprehensions | 1 | 1 | 2.00 | 2.00 |" in text
    assert "| emif_sex | 1 | 0 | 2.00 | 22.00 |" in text
    assert "| all | 2 | 1 | 2.00 | 12.00 |" in text
