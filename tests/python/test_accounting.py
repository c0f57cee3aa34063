"""Accounting identities of a run file: every person the model moves is counted
once, in every department and month.

The outputs are tallied phase by phase in different places (departure,
journey, abroad and record phases, by reason, mode, sex, age and unit), so a
new exit path or a count added in one tally and not another shows here first:

- each breakdown of departures and of US encounters sums to its total;
- the change of the persons in transit is departures minus those who left
  the road (arrived in the US or in Mexico, died, or came home from the
  journey: returns other than interior removals);
- the change of the stock in the US is arrivals minus interior removals and
  voluntary returns;
- returns are Mexico's returns and US removals, plus the expelled who go home
  rather than try again (never more than the expulsions);
- victim and non-victim households add up to the households and the aspiring.

Two runs: the history across Title 42 (expulsions, the 2020 closure, Mexico
as a destination) and the combined strategy (programs and a regular pathway).
"""
from __future__ import annotations

import h5py
import numpy as np
import pytest

from conftest import SOURCE_DIR

RUNS = {
    "expulsions": ("scenarios/baseline.yaml", "period={start: 2019-06, end: 2022-12}", "0.003"),
    "programs": ("scenarios/combined-strategy.yaml", "period={start: 2024-10, end: 2027-06}", "0.002"),
}


@pytest.fixture(scope="module", params=sorted(RUNS))
def run(request, raices_ok, tmp_path_factory):
    scenario, period, scale = RUNS[request.param]
    out = tmp_path_factory.mktemp("accounting") / f"{request.param}.h5"
    raices_ok("run", SOURCE_DIR / scenario, "--scale", scale, "--seed", "3", "--set", period, "-q", "-o", out)
    with h5py.File(out, "r") as f:
        yield request.param, {k: f[k][:].astype(float) for k in f if isinstance(f[k], h5py.Dataset) and f[k].ndim >= 2}


def same(lhs, rhs, what):
    # Persons are agents x households per agent, summed in different orders:
    # equal up to the rounding of the sums.
    assert lhs.shape == rhs.shape, what
    worst = np.max(np.abs(lhs - rhs) / np.maximum(1.0, np.abs(rhs)))
    assert worst < 1e-9, f"{what}: off by {worst:.3g} (relative) in some department-month"


def test_breakdowns_add_up_to_their_totals(run):
    _, v = run
    for k in ("reason", "mode", "sex", "unit", "age"):
        same(v[f"departures_by_{k}"].sum(-1), v["departures"], f"departures by {k}")
    for k in ("unit", "sex", "age"):
        same(v[f"us_encounters_by_{k}"].sum(-1), v["us_encounters"], f"US encounters by {k}")
    same(v["victim_households"] + v["nonvictim_households"], v["households"], "victim + non-victim households")
    same(v["victim_aspiring"] + v["nonvictim_aspiring"], v["aspiring"], "victim + non-victim aspiring")


def test_everyone_on_the_road_is_accounted_for(run):
    name, v = run
    left_the_road = v["arrivals"] + v["arrivals_mexico"] + v["deaths"] + v["returns"] - v["interior_removals"]
    change = np.diff(v["in_transit"], axis=0)
    same(change, (v["departures"] - left_the_road)[1:], "change of persons in transit")
    assert v["departures"].sum() > 0 and v["arrivals_mexico"].sum() > 0 and v["deaths"].sum() > 0, name


def test_the_stock_in_the_us_moves_by_arrivals_and_exits(run):
    name, v = run
    change = np.diff(v["stock_abroad"], axis=0)
    same(change, (v["arrivals"] - v["interior_removals"] - v["voluntary_returns"] - v["deaths_abroad"])[1:],
         "change of the stock in the US")
    assert v["interior_removals"].sum() > 0 and v["voluntary_returns"].sum() > 0, name


def test_returns_are_mexicos_us_removals_and_expelled_who_go_home(run):
    name, v = run
    expelled_home = v["returns"] - v["apprehended_mexico"] - v["removals"]
    tol = 1e-9 * np.maximum(1.0, v["returns"])
    assert np.all(expelled_home >= -tol), "returns below Mexico's returns plus US removals"
    assert np.all(expelled_home <= v["expulsions"] + tol), "more expelled came home than were expelled"
    assert np.all(v["interior_removals"] <= v["removals"] + tol)
    if name == "expulsions":
        assert v["expulsions"].sum() > 0 and expelled_home.sum() > 0


def test_parts_never_exceed_their_whole(run):
    _, v = run
    for part, whole in (("releases", "us_encounters"), ("departures_to_mexico", "departures"),
                        ("repeat_departures", "departures"), ("departures_poor", "departures"),
                        ("households_with_abroad", "households"), ("aspiring", "households")):
        assert np.all(v[part] <= v[whole] * (1 + 1e-12) + 1e-9), f"{part} above {whole}"
    assert np.all(v["farm_departures_by_unit"] <= v["departures_by_unit"] * (1 + 1e-12) + 1e-9)
