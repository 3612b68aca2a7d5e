"""Results and comparisons export tidy tables, plain arrays and summaries."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pendulum
import pytest

import labourbrand.simulation as sim
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.simulation import Assumptions, Results, Scenario, compare


def test_package_exports_a_sorted_all() -> None:
    """labourbrand.simulation re-exports its public names, sorted, and each resolves."""
    assert sim.__all__ == sorted(sim.__all__, key=lambda n: (not n[0].isupper(), n))
    for name in sim.__all__:
        assert getattr(sim, name) is not None


def test_import_labourbrand_does_not_load_the_simulation() -> None:
    """`import labourbrand` loads neither the simulation nor numpy."""
    out = subprocess.run(
        [sys.executable, "-c", "import labourbrand, sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "labourbrand.simulation" not in out
    assert "numpy" not in out


def test_shapes_and_coordinates(cities_results: Results) -> None:
    """Arrays have runs, then months (or years), then their key."""
    r = cities_results
    assert r.stages.shape == (40, 45, 7)
    assert r.county_brands.shape == (40, 45, 107)
    assert r.awards.shape == (40, 45, len(r.units))
    assert r.money.shape == (40, 4, len(r.units))
    assert r.years == (2022, 2023, 2024, 2025)
    assert r.days[0] == pendulum.Date(2022, 4, 30)
    assert r.days[-1] == pendulum.Date(2025, 12, 31)
    assert r.units[-2:] == ("yangling", "610581")
    with pytest.raises(ValueError, match="read-only"):
        r.stages[0, 0, 0] = 1


def test_to_dict_is_plain_numpy(cities_results: Results) -> None:
    """to_dict gives numpy arrays with their coordinates, no pandas objects."""
    data = cities_results.to_dict()
    assert all(isinstance(v, np.ndarray) for v in data.values())
    assert data["month"][-1] == np.datetime64("2025-12-31")
    assert data["stage"].tolist()[:2] == ["discovered", "cultivating"]
    assert data["stages"].shape[2] == len(data["stage"])
    assert len(data["award_amount"]) == cities_results.awards.sum()


@pytest.mark.parametrize(
    ("table", "rows", "columns"),
    [
        ("stages", 40 * 45 * 7, ["run", "month", "stage", "brands"]),
        ("counties", 40 * 45 * 107, ["run", "month", "county", "county_zh", "brands"]),
        ("categories", 40 * 45 * 4, ["run", "month", "category", "brands"]),
        ("recognitions", 40 * 45 * 4, ["run", "month", "level", "brands"]),
        ("awards", 40 * 45 * 12, ["run", "month", "unit", "awards"]),
        (
            "money",
            40 * 4 * 12,
            [
                "run",
                "year",
                "unit",
                "unit_zh",
                "fund",
                "amount_fen",
                "awards_undetermined",
            ],
        ),
        ("targets", 40 * 10, ["run", "target", "value", "required", "met"]),
    ],
)
def test_tidy_tables(
    cities_results: Results, table: str, rows: int, columns: list[str]
) -> None:
    """Each tidy table has one row per run and key, and the documented columns."""
    frame = cities_results.to_pandas(table)
    assert len(frame) == rows
    assert list(frame.columns) == columns


def test_award_events_table_marks_undetermined_amounts(cities_results: Results) -> None:
    """Undetermined amounts are missing (<NA>) in the events table, never zero."""
    frame = cities_results.to_pandas("award_events")
    assert len(frame) == cities_results.awards.sum()
    missing = frame["amount_fen"].isna()
    assert missing.any()
    assert (frame.loc[~missing, "amount_fen"] > 0).all()
    assert isinstance(frame["month"].dtype, pd.PeriodDtype)


def test_tidy_tables_agree_with_the_arrays(cities_results: Results) -> None:
    """The long tables hold the arrays' values at the right coordinates."""
    frame = cities_results.to_pandas("stages")
    row = frame[
        (frame["run"] == 3)
        & (frame["month"] == pd.Period("2024-06", "M"))
        & (frame["stage"] == "in_pool")
    ]
    m = cities_results.month("2024-06")
    assert int(row["brands"].iloc[0]) == cities_results.series("in_pool")[3, m]
    targets = cities_results.to_pandas("targets")
    probabilities = targets.groupby("target", observed=True)["met"].mean()
    for name, p in cities_results.target_probabilities().items():
        assert math.isclose(probabilities[name], p)


def test_unknown_table_or_metric_is_refused(cities_results: Results) -> None:
    """An unknown table, metric, month or level raises InvalidArgumentError."""
    with pytest.raises(InvalidArgumentError, match="table"):
        cities_results.to_pandas("nope")
    with pytest.raises(InvalidArgumentError, match="metric"):
        cities_results.series("nope")
    with pytest.raises(InvalidArgumentError, match="month"):
        cities_results.month("2030-01")
    with pytest.raises(InvalidArgumentError, match="month index"):
        cities_results.month(99)
    with pytest.raises(InvalidArgumentError, match="level"):
        cities_results.interval(level=1.5)


def test_month_lookup(cities_results: Results) -> None:
    """A month is found by label, by a day in it, or by index."""
    m = cities_results.month("2025-12")
    assert (
        m
        == cities_results.month(pendulum.Date(2025, 12, 3))
        == cities_results.month(44)
    )


def test_series_by_name(cities_results: Results) -> None:
    """Series are found by stage, level and category names."""
    r = cities_results
    assert r.series("awards").sum() == r.awards.sum()
    assert (r.series("service") == r.category_brands[:, :, 1]).all()
    assert (r.series("provincial") == r.recognitions[:, :, 2]).all()


def test_summary_and_html(cities_results: Results, baseline_results: Results) -> None:
    """The summary names the figures; without plugins it says the amounts are undetermined."""
    metrics = [row["metric"] for row in cities_results.summary()]
    assert "award money (yuan)" in metrics
    assert "P(target_brands_total)" in metrics
    assert "undetermined" in baseline_results._repr_html_()
    assert "amounts from" in cities_results._repr_html_()
    assert "cultivated brands in 2025-12" in repr(cities_results)


def test_target_probabilities_cover_every_target(baseline_results: Results) -> None:
    """There is a probability for each target of clause 2, 3.2 and the 2023 programme."""
    p = baseline_results.target_probabilities()
    assert list(p) == [
        "target_brands_total",
        "target_brands_per_county",
        "target_national_known",
        "target_per_category.skilled",
        "target_per_category.service",
        "target_per_category.culture_tourism",
        "target_per_category.livelihood",
        "target_provincial",
        "target_city_level",
        "target_county_level",
    ]
    assert all(0 <= v <= 1 for v in p.values())
    assert p["target_brands_total"] == 1.0


def test_compare_pairs_runs_against_the_baseline() -> None:
    """compare runs every scenario with one seed; differences are paired and named."""
    c = compare(
        Scenario("baseline"),
        Scenario("threshold 300", parameters={"employment_award_threshold": 300}),
        runs=30,
        seed=4,
    )
    assert [r.scenario for r in c] == ["baseline", "threshold 300"]
    assert c["threshold 300"] is c.scenarios[0]
    rows = {(r["scenario"], r["metric"]): r for r in c.summary()}
    assert rows[("baseline", "awards")]["difference"] == 0
    assert float(rows[("threshold 300", "awards")]["difference"]) > 0  # type: ignore[arg-type]
    assert set(c.target_probabilities()) == {"baseline", "threshold 300"}
    assert len(c.to_pandas()) == len(rows)
    assert "threshold 300" in c._repr_html_()
    with pytest.raises(InvalidArgumentError):
        c["nope"]


def test_compare_refuses_two_scenarios_of_one_name() -> None:
    """Scenario names identify results, so they must differ."""
    with pytest.raises(InvalidArgumentError, match="distinct"):
        compare(Scenario("a"), Scenario("a"), runs=1)


def test_assumptions_are_checked() -> None:
    """Out-of-domain assumptions and unknown names raise InvalidArgumentError."""
    for overrides in (
        {"abandon_probability": 1.5},
        {"discovery_months_first": 0},
        {"maturity_shares": (0.5, 0.5, 0.5)},
        {"establishment_months": (1, 2)},
        {"candidate_slots_per_county": 0},
        {"growth_mean": math.inf},
        {"county_recommendation_months": -1},
        {"key_county_discovery_factor": 0},
        {"exit_decision_months": 0},
        {"category_shares": [0.25, 0.25, 0.25, 0.25, 0.0]},
        {"signed_workers_sigma": -1},
        {"provincial_batches_known": ("2025",)},
        {"no_such_assumption": 1},
    ):
        with pytest.raises(InvalidArgumentError):
            Assumptions().with_overrides(overrides)
    with pytest.raises(InvalidArgumentError):
        Assumptions().with_overrides([("growth_mean", 0.1)])  # type: ignore[arg-type]


def test_assumptions_table_documents_every_field() -> None:
    """Every assumption has a unit and a basis."""
    rows = Assumptions.table()
    assert {row["basis"] for row in rows} <= {"assumed", "calibrated", "sourced"}
    assert {row["name"] for row in rows if row["basis"] == "calibrated"} == {
        "discovery_months_more",
        "provincial_recognition_probability",
    }


def test_scenario_is_checked() -> None:
    """A scenario with a bad field, horizon or override is refused."""
    with pytest.raises(InvalidArgumentError):
        Scenario("")
    with pytest.raises(InvalidArgumentError, match="horizon"):
        Scenario("x", horizon="2021-01-01")
    with pytest.raises(InvalidArgumentError):
        Scenario("x", parameters=[("a", 1)])
    with pytest.raises(InvalidArgumentError):
        Scenario("x", brands=["紫阳修脚师"])
    with pytest.raises(InvalidArgumentError):
        Scenario("x", regions="shaanxi")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        Scenario("x", entry_points=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        Scenario("x", parameters={"no_such_parameter": 1}).policy()
    assert (
        Scenario("x", assumptions={"growth_mean": 0.02}).assumptions.growth_mean == 0.02
    )


def test_html_formatting_of_odd_values() -> None:
    """Missing, NaN and large values render plainly."""
    from labourbrand.simulation._results import _fmt

    assert _fmt(None) == ""
    assert _fmt(math.nan) == "nan"
    assert _fmt(1234567.0) == "1,234,567"
    assert _fmt("<b>") == "&lt;b&gt;"


def test_every_assumption_declares_a_plausible_range_holding_its_default() -> None:
    """Each assumption's range is declared beside its default, which lies in it."""
    for row in sim.Assumptions.table():
        bounds = row["plausible"]
        assert isinstance(bounds, tuple)
        low, high = bounds
        default = row["default"]
        values = default if isinstance(default, tuple) else (default,)
        assert all(low <= v <= high for v in values), row


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("signed_workers_median", 1e308),
        ("signed_workers_median", math.inf),
        ("growth_mean", math.nan),
        ("abandon_probability", -0.1),
        ("discovery_months_first", 0),
        ("candidate_slots_per_county", 6.0),
        ("exit_decision_months", True),
        ("provincial_batches_known", (2025, 2199)),
        ("category_shares", (0.5, 0.5, 0.5, -0.5)),
    ],
)
def test_assumptions_outside_their_range_are_refused(name: str, value: object) -> None:
    """A value outside the declared range (or of the wrong type) is refused with the range."""
    with pytest.raises(InvalidArgumentError, match="the plausible range") as info:
        sim.Assumptions().with_overrides({name: value})
    assert info.value.field == name
