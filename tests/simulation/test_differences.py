"""Comparison.differences: paired differences with their Monte Carlo error, interval and verdict."""

from __future__ import annotations

import math
import statistics
from pathlib import Path

import attrs
import numpy as np
import pytest

import labourbrand
from labourbrand.exceptions import DataError, InvalidArgumentError, PolicyDataError
from labourbrand.simulation import Comparison, Results, Scenario, compare, run


ROOT = Path(labourbrand.__file__).resolve().parent.parent.parent
SCENARIOS = ROOT / "examples" / "scenarios"
HANZHONG = SCENARIOS / "hanzhong-illustrative.toml"


def _with_awards(results: Results, awards: list[int], name: str) -> Results:
    """*results* whose run *r* grants ``awards[r]`` awards in its first month and unit."""
    array = np.zeros_like(results.awards)
    array[:, 0, 0] = awards
    return attrs.evolve(results, scenario=name, awards=array)


def test_a_constructed_pair_gives_the_textbook_figures(
    baseline_results: Results,
) -> None:
    """Mean, MCSE and interval are those computed by hand from the paired differences."""
    runs = baseline_results.runs
    base = [r % 3 for r in range(runs)]
    other = [b + 1 + (r % 2) for r, b in enumerate(base)]  # differences 1, 2, 1, 2 ...
    comparison = Comparison(
        baseline=_with_awards(baseline_results, base, "a"),
        scenarios=(_with_awards(baseline_results, other, "b"),),
    )
    (row,) = [
        r
        for r in comparison.differences(level=0.9)
        if r["scenario"] == "b" and r["metric"] == "awards"
    ]
    diffs = [o - b for o, b in zip(other, base, strict=True)]
    mcse = statistics.stdev(diffs) / math.sqrt(runs)
    z = statistics.NormalDist().inv_cdf(0.95)
    assert row["runs"] == runs
    assert row["baseline_mean"] == pytest.approx(statistics.mean(base))
    assert row["mean"] == pytest.approx(statistics.mean(other))
    assert row["difference"] == pytest.approx(1.5)
    assert row["mcse"] == pytest.approx(mcse)
    assert (row["low"], row["high"]) == pytest.approx((1.5 - z * mcse, 1.5 + z * mcse))
    assert row["level"] == 0.9
    assert row["verdict"] == "distinguishable"


def test_a_difference_within_the_noise_is_not_distinguishable(
    baseline_results: Results,
) -> None:
    """Differences of +1 and -1 alternately: the interval holds 0."""
    runs = baseline_results.runs
    base = [5] * runs
    other = [5 + (1 if r % 2 else -1) for r in range(runs)]
    comparison = Comparison(
        baseline=_with_awards(baseline_results, base, "a"),
        scenarios=(_with_awards(baseline_results, other, "b"),),
    )
    row = next(
        r
        for r in comparison.differences()
        if r["scenario"] == "b" and r["metric"] == "awards"
    )
    assert row["low"] < 0 < row["high"]
    assert row["verdict"] == "not distinguishable"


def test_identical_scenarios_differ_in_nothing() -> None:
    """Two scenarios that differ only by name: every difference is 0 and identical."""
    comparison = compare(Scenario("a"), Scenario("b"), runs=30, seed=4)
    rows = comparison.differences()
    assert {r["scenario"] for r in rows} == {"a", "b"}
    for row in rows:
        assert row["difference"] == 0
        assert row["mcse"] == 0
        assert (row["low"], row["high"]) == (0, 0)
        assert row["verdict"] == "identical", row


def test_summary_keeps_its_keys_and_gains_the_error(
    baseline_results: Results, cities_results: Results
) -> None:
    """summary() rows keep mean, quantiles and difference, and now carry mcse, interval and verdict."""
    comparison = Comparison(baseline=baseline_results, scenarios=(cities_results,))
    summary = {(r["scenario"], r["metric"]): r for r in comparison.summary()}
    differences = {(r["scenario"], r["metric"]): r for r in comparison.differences()}
    assert summary.keys() == differences.keys()
    for key, row in summary.items():
        assert {"mean", "p05", "p95", "difference"} <= row.keys()
        for name in ("difference", "mcse", "low", "high", "verdict"):
            expected, got = differences[key][name], row[name]
            assert got == expected or (
                isinstance(got, float) and math.isnan(got) and math.isnan(expected)
            ), (key, name)


def test_results_of_other_run_counts_are_not_paired(baseline_results: Results) -> None:
    """Results of another number of runs cannot be paired: an error, not a number."""
    shorter = run(Scenario("short"), runs=3, seed=1)
    comparison = Comparison(baseline=baseline_results, scenarios=(shorter,))
    with pytest.raises(InvalidArgumentError, match="paired run by run"):
        comparison.differences()
    rows = [r for r in comparison.summary() if r["scenario"] == "short"]
    assert all(r["verdict"] == "not assessed" for r in rows)


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1, math.nan, True, "0.95"])
def test_a_bad_level_is_refused(baseline_results: Results, level: object) -> None:
    """The level is a number strictly between 0 and 1."""
    comparison = Comparison(baseline=baseline_results, scenarios=())
    with pytest.raises(InvalidArgumentError) as info:
        comparison.differences(level=level)  # type: ignore[arg-type]
    assert info.value.field == "level"


def test_a_wider_level_gives_a_wider_interval(
    baseline_results: Results, cities_results: Results
) -> None:
    """At 0.99 each interval contains the one at 0.9."""
    comparison = Comparison(baseline=baseline_results, scenarios=(cities_results,))
    narrow = comparison.differences(level=0.9)
    wide = comparison.differences(level=0.99)
    for a, b in zip(narrow, wide, strict=True):
        if a["verdict"] in {"distinguishable", "not distinguishable"}:
            assert b["low"] < a["low"] <= a["high"] < b["high"]


def test_to_pandas_gives_either_table(
    baseline_results: Results, cities_results: Results
) -> None:
    """to_pandas() is still the summary; to_pandas("differences") the differences."""
    comparison = Comparison(baseline=baseline_results, scenarios=(cities_results,))
    assert comparison.to_pandas().to_dict("records") == comparison.to_pandas(
        "summary"
    ).to_dict("records")
    frame = comparison.to_pandas("differences", level=0.9)
    assert len(frame) == len(comparison.differences())
    assert set(frame["level"]) == {0.9}
    with pytest.raises(InvalidArgumentError):
        comparison.to_pandas("nope")


# ------------------------------------------------ rule files and readings
def test_a_scenario_file_with_a_rule_file_and_a_reading_changes_what_it_should() -> (
    None
):
    """The rule file's amount is the money of 汉中市's awards; the reading changes the county target."""
    scenario = Scenario.from_toml(
        HANZHONG.read_bytes(), source=str(HANZHONG), entry_points=False
    )
    assert scenario.rule_files == (
        str(SCENARIOS / "cities/hanzhong-illustrative.toml"),
    )
    assert dict(scenario.interpretations) == {
        "one_county_one_brand_units": "counties_only"
    }
    baseline = Scenario("baseline")
    comparison = compare(baseline, scenario, runs=60, seed=2)
    results = comparison[scenario.name]
    events = results.award_events
    hanzhong = results.units.index("610700")
    in_hanzhong = events["unit"] == hanzhong
    assert in_hanzhong.any()
    assert set(events["amount"][in_hanzhong].tolist()) == {150_000_00}
    assert set(events["amount"][~in_hanzhong].tolist()) == {-1}  # others undetermined
    assert results.money[:, :, hanzhong].sum() == 150_000_00 * in_hanzhong.sum()
    assert any("illustrative" in s for s in results.suppliers)
    rows = {
        r["metric"]: r
        for r in comparison.differences()
        if r["scenario"] == scenario.name
    }
    assert rows["money_yuan"]["verdict"] == "distinguishable"
    assert rows["awards"]["verdict"] == "identical"  # the same awards, now priced
    counted = next(t for t in results.targets if t.name == "target_brands_per_county")
    assert counted.units is not None
    assert len(counted.units) < len(results.counties)  # urban districts left out
    assert rows["met:target_brands_per_county"]["difference"] >= 0
    report = results.report(scenario)
    assert report["scenario"]["interpretations"] == {
        "one_county_one_brand_units": "counties_only"
    }
    assert report["scenario"]["rule_files"] == list(scenario.rule_files)


def test_rule_files_are_relative_to_the_scenario_file(tmp_path: Path) -> None:
    """A relative path is read from the file's folder, or from directory=; a bad one names the rule file and field."""
    cities = tmp_path / "cities"
    cities.mkdir()
    rules = (SCENARIOS / "cities" / "hanzhong-illustrative.toml").read_text(
        encoding="utf-8"
    )
    (cities / "hz.toml").write_text(rules, encoding="utf-8")
    text = 'name = "x"\nrule_files = ["cities/hz.toml"]\n'
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    scenario = Scenario.from_toml(path.read_bytes(), source=str(path))
    assert scenario.rule_files == (str(cities / "hz.toml"),)
    elsewhere = Scenario.from_toml(text, directory=tmp_path)
    assert elsewhere.rule_files == scenario.rule_files
    (cities / "hz.toml").write_text(
        rules.replace("flat_yuan = 150_000", "flat_yuan = 150000.0"), encoding="utf-8"
    )
    with pytest.raises(PolicyDataError) as info:
        Scenario.from_toml(path.read_bytes(), source=str(path))
    assert info.value.source == str(cities / "hz.toml")
    assert info.value.errors[0].endswith("@ $.rules[0].flat_yuan")


def test_a_scenario_file_with_rule_files_and_plugin_lists_reads_back(
    tmp_path: Path,
) -> None:
    """to_toml writes rule files, allow and block; from_toml reads the scenario back equal."""
    rules = tmp_path / "hz.toml"
    rules.write_text(
        (SCENARIOS / "cities" / "hanzhong-illustrative.toml").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    for allow in (None, (), ("ankang",)):
        scenario = Scenario(
            "x",
            rule_files=[rules],
            allow=allow,
            block=["2023-01-01", "yangling"],
            interpretations={"one_county_one_brand_units": "counties_only"},
        )
        text = scenario.to_toml()
        assert Scenario.from_toml(text, entry_points=False) == scenario


def test_bad_rule_files_and_plugin_names_are_named_by_path() -> None:
    """A key of the wrong type, or an item of one, is named with its path in the scenario file."""
    text = 'name = "x"\nrule_files = "a.toml"\nallow = ["a", 1]\nblock = 3\n'
    with pytest.raises(DataError) as info:
        Scenario.from_toml(text, source="s.toml")
    errors = info.value.errors
    assert any(e.endswith("@ $.rule_files") for e in errors)
    assert any(e.endswith("@ $.allow[1]") for e in errors)
    assert any(e.endswith("@ $.block") for e in errors)
