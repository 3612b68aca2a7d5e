"""Results.report gives what the command reports as data; it shares its statistics with summary."""

from __future__ import annotations

import json

import attrs
import pytest

from labourbrand import regions
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy import DELEGATED_TO, Measure
from labourbrand.simulation import Results, Scenario, run


def test_report_is_json_data(cities_results: Results, with_cities: Scenario) -> None:
    """The report has every part the command renders, and is JSON as it is."""
    data = cities_results.report(with_cities)
    assert list(data) == [
        "scenario",
        "runs",
        "seed",
        "deadline",
        "targets_assessed",
        "employment_award",
        "targets",
        "counties",
        "awards",
        "calibration",
    ]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["scenario"] == {
        "name": "illustrative cities",
        "start": "2022-04-29",
        "horizon": "2025-12-31",
        "parameters": {},
        "parameters_from": None,
        "assumptions": {},
        "interpretations": {},
        "rule_files": [],
    }
    assert (data["runs"], data["seed"]) == (cities_results.runs, cities_results.seed)
    assert data["employment_award"]["on"] == "2025-12-31"


def test_amounts_are_set_by_whom_the_text_delegates_to(
    cities_results: Results, with_cities: Scenario
) -> None:
    """The body that sets the award amounts is read from DELEGATED_TO (clause 4.2)."""
    awards = cities_results.report(with_cities)["awards"]
    assert awards["amounts_set_by"] == DELEGATED_TO[Measure.EMPLOYMENT_AWARD][0]
    assert awards["amounts_set_by"] == "市级财政、人社部门"
    by_unit = {u["unit"]: u for u in awards["by_unit"]}
    assert by_unit["610900"]["unit_label_en"] == "Ankang"
    assert by_unit["610900"]["unit_zh"] == "安康市"


def test_report_and_summary_share_their_statistics(
    cities_results: Results, with_cities: Scenario
) -> None:
    """The report's awards are the summary's mean and 90 % interval, rounded."""
    awards = cities_results.report(with_cities)["awards"]
    row = next(r for r in cities_results.summary() if r["metric"] == "awards")
    assert awards["total"] == {
        k: round(float(row[k]), 2)  # type: ignore[arg-type]
        for k in ("mean", "p05", "p95")
    }


def test_report_uses_the_scenario_registry() -> None:
    """The city-level units are labelled from the scenario's registry, not the packaged one."""
    packaged = regions.shaanxi()
    renamed = regions.RegionRegistry(
        [
            attrs.evolve(r, name_en="Ankang City") if r.code == "610900" else r
            for r in packaged
        ],
        zones=packaged.zones(),
        designations=packaged.designation_records(),
    )
    scenario = Scenario("own regions", regions=renamed, horizon="2022-12-31")
    by_unit = {
        u["unit"]: u
        for u in run(scenario, runs=2).report(scenario)["awards"]["by_unit"]
    }
    assert by_unit["610900"]["unit_label_en"] == "Ankang City"
    assert by_unit["610100"]["unit_label_en"] == "Xi'an"


def test_report_refuses_another_scenario(baseline_results: Results) -> None:
    """A scenario other than the one run is an error naming both."""
    with pytest.raises(InvalidArgumentError, match="'baseline' to 2025-12-31") as info:
        baseline_results.report(Scenario("reform"))
    assert info.value.field == "scenario"
    with pytest.raises(InvalidArgumentError, match="but got scenario 'baseline' to"):
        baseline_results.report(Scenario("baseline", horizon="2024-12-31"))


@pytest.mark.parametrize(
    ("unit", "en", "zh"),
    [
        ("610900", "Ankang", "安康市"),
        ("yangling", "Yangling Demonstration Zone", "杨凌农业高新技术产业示范区"),
        ("610581", "Hancheng", "韩城市"),
        ("610924", "紫阳县", "紫阳县"),  # no English name in the data
    ],
)
def test_region_labels(unit: str, en: str, zh: str) -> None:
    """RegionRegistry.label gives the English name where there is one, else the Chinese."""
    registry = regions.shaanxi()
    assert (registry.label(unit, "en"), registry.label(unit, "zh")) == (en, zh)


def test_region_label_refuses_another_language() -> None:
    """A language other than en or zh is an error naming it."""
    with pytest.raises(InvalidArgumentError, match="lang='fr'"):
        regions.shaanxi().label("610900", "fr")
