"""Interpretations: contested passages as data, a default each, the reading used in every decision."""

from __future__ import annotations

import pathlib
import tomllib

import attrs
import pendulum
import pytest

import labourbrand as lb
from labourbrand.exceptions import DataError, InvalidArgumentError
from labourbrand.policy import (
    AtLeast,
    ByReading,
    Interpretation,
    Outcome,
    Policy,
    Reading,
    Wording,
)
from labourbrand.policy.documents import packaged_documents
from labourbrand.simulation import Scenario


D = pendulum.Date
CASES = pathlib.Path(__file__).parent.parent / "cases"
INTERPRETATIONS = [i for d in packaged_documents() for i in d.interpretations]


def _brand(signed: int | None, rural_signed: int) -> lb.Brand:
    return lb.Brand(
        name_zh="某品牌",
        county="610924",
        workforce=[
            lb.WorkforceObservation(
                on=D(2023, 6, 30),
                practitioners=2000,
                signed=signed,
                rural=800,
                rural_signed=rural_signed,
            )
        ],
    )


def _readers(interpretation: str) -> set[str]:
    """The rules that read *interpretation*: measures by declaration, targets by what they report."""
    measures = {
        spec.id
        for d in packaged_documents()
        for spec in d.measures
        for c in spec.conditions
        if isinstance(c, ByReading) and c.interpretation == interpretation
    }
    targets = {
        check.check
        for check in Policy.shaanxi(entry_points=False)
        .targets([], on=D(2024, 6, 30))
        .checks
        if any(
            u.interpretation.endswith(f":{interpretation}")
            for u in check.interpretations
        )
    }
    return measures | targets


@pytest.mark.parametrize("interpretation", [i.id for i in INTERPRETATIONS])
def test_every_interpretation_is_read_by_a_rule(interpretation: str) -> None:
    """A declared interpretation that no measure, check or target reads would be a reading of nothing."""
    assert _readers(interpretation)


@pytest.mark.parametrize(
    ("interpretation", "reading"),
    [(i.id, r.id) for i in INTERPRETATIONS for r in i.readings],
)
def test_every_reading_has_a_case(interpretation: str, reading: str) -> None:
    """Each interpretation is decided by a reviewed case under each of its readings."""
    default = next(i for i in INTERPRETATIONS if i.id == interpretation).default
    readers = _readers(interpretation)
    found = []
    for path in sorted(CASES.rglob("*.toml")):
        case = tomllib.loads(path.read_text(encoding="utf-8"))
        rule = case.get("measure") or case.get("expected", {}).get("check")
        if rule not in readers:
            continue
        chosen = case.get("interpretations", {}).get(interpretation, default)
        if chosen == reading:
            found.append(path.name)
    assert found, f"no case decides {interpretation} under {reading}"


def test_the_head_count_reads_signed_practitioners_by_default() -> None:
    """Clause 4.2: 农村劳动力等从业人员(签订协议) counts practitioners, rural among them."""
    policy = Policy.shaanxi(entry_points=False)
    decision = policy.employment_award(_brand(600, 120), on=D(2023, 7, 1))
    assert decision.outcome is Outcome.ELIGIBLE
    assert [
        (u.interpretation, u.reading, u.chosen_by) for u in decision.interpretations
    ] == [
        ("shaanxi-2022-13:exited_brand_award", "not_barred", "default"),
        (
            "shaanxi-2022-13:employment_award_headcount",
            "signed_practitioners",
            "default",
        ),
    ]
    assert (
        "reading shaanxi-2022-13:employment_award_headcount = signed_practitioners (default)"
        in (decision.explain())
    )
    # Not counted, the signed practitioners are at least the signed rural workers.
    assert policy.employment_award(_brand(None, 520), on=D(2023, 7, 1)).outcome is (
        Outcome.ELIGIBLE
    )
    assert policy.employment_award(_brand(None, 120), on=D(2023, 7, 1)).outcome is (
        Outcome.UNDETERMINED
    )


def test_another_reading_is_chosen_explicitly_and_shows() -> None:
    rural = Policy.shaanxi(
        entry_points=False,
        interpretations={"employment_award_headcount": "rural_signed"},
    )
    decision = rural.employment_award(_brand(600, 120), on=D(2023, 7, 1))
    assert decision.outcome is Outcome.INELIGIBLE
    use = decision.interpretations[1]
    assert (use.reading, use.chosen_by) == ("rural_signed", "policy")
    assert "read as counting rural workers only" in decision.explain()
    assert rural.version != Policy.shaanxi(entry_points=False).version
    chosen = {u.interpretation: u.chosen_by for u in rural.interpretations()}
    assert chosen["shaanxi-2022-13:employment_award_headcount"] == "policy"
    assert set(chosen.values()) == {"policy", "default"}


@pytest.mark.parametrize(
    ("chosen", "match"),
    [
        (
            {"headcount": "rural_signed"},
            "Expected an interpretation of the policy's documents",
        ),
        (
            {"employment_award_headcount": "rural"},
            "Expected a reading of 'employment_award_headcount'",
        ),
    ],
)
def test_an_unknown_choice_is_refused_when_the_policy_is_built(
    chosen: dict[str, str], match: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        Policy.shaanxi(entry_points=False, interpretations=chosen)


def test_a_scenario_chooses_readings_in_its_file() -> None:
    scenario = Scenario.from_toml(
        """
name = "rural only"
[interpretations]
employment_award_headcount = "rural_signed"
""",
        entry_points=False,
    )
    assert dict(scenario.interpretations) == {
        "employment_award_headcount": "rural_signed"
    }
    assert scenario.policy().readings == {"employment_award_headcount": "rural_signed"}
    with pytest.raises(DataError, match=r"@ \$\.interpretations\.headcount"):
        Scenario.from_toml(
            'name = "x"\n[interpretations]\nheadcount = "rural_signed"\n'
        )
    with pytest.raises(DataError, match=r"@ \$\.interpretations\.exited_brand_award"):
        Scenario.from_toml(
            'name = "x"\n[interpretations]\nexited_brand_award = "maybe"\n'
        )


def test_a_document_declares_every_interpretation_its_measures_read() -> None:
    document = packaged_documents()[0]
    with pytest.raises(
        InvalidArgumentError, match="reads interpretation='exited_brand_award'"
    ):
        attrs.evolve(document, interpretations=())
    one = document.interpretation("employment_award_headcount")
    fewer = attrs.evolve(
        one, readings=[*one.readings, Reading(id="all", zh="全部", en="all")]
    )
    with pytest.raises(InvalidArgumentError, match="a condition for every reading"):
        attrs.evolve(
            document,
            interpretations=[fewer, document.interpretation("exited_brand_award")],
        )


def test_an_interpretation_is_checked_when_built() -> None:
    readings = [Reading(id="a", zh="甲", en="a"), Reading(id="b", zh="乙", en="b")]
    fields = {
        "id": "x",
        "clause": "4.2",
        "words_zh": "等",
        "question": "which?",
        "reason": "because",
        "chosen_by": "a city",
    }
    with pytest.raises(InvalidArgumentError, match="the default among the readings"):
        Interpretation(readings=readings, default="c", **fields)
    with pytest.raises(InvalidArgumentError, match="at least two readings"):
        Interpretation(readings=readings[:1], default="a", **fields)
    with pytest.raises(InvalidArgumentError, match="once"):
        Interpretation(readings=[readings[0], readings[0]], default="a", **fields)


def test_a_floor_comes_with_its_words() -> None:
    with pytest.raises(InvalidArgumentError, match="floor and floor_met together"):
        AtLeast(
            fact="signed",
            parameter="employment_award_threshold",
            compared=Wording("", ""),
            unknown=Wording("", ""),
            floor="rural_signed",
        )


def test_the_interpretations_command_lists_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from labourbrand.cli import main

    assert main(["interpretations"]) == 0
    out = capsys.readouterr().out
    assert "employment_award_headcount  (shaanxi-2022-13:4.2)" in out
    assert "  * signed_practitioners:" in out
    assert "吸纳农村劳动力等从业人员(签订协议)" in out
