"""The exit assessment of clause 3.4 and its job-fall rule."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest

from labourbrand import (
    Authority,
    Brand,
    ExitGround,
    Fen,
    Maturity,
    Stage,
    hookimpl,
)
from labourbrand.exceptions import (
    IllegalTransitionError,
    InvalidArgumentError,
    PluginResultError,
)
from labourbrand.lifecycle import Event, import_record, transition
from labourbrand.policy import Flat, Measure, Outcome, Policy, Ratio, Rule
from labourbrand.policy._exit import ExitAssessment, ExitIndicators, exit_assessment
from labourbrand.serialization import from_json, to_json


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)
ON = D(2024, 7, 1)


# ------------------------------------------------------------------------ exit
class FallRule:
    """An illustrative city rule: a fall of *ratio* or more is marked."""

    def __init__(
        self, ratio: str, jurisdiction: str = "610900", *, formula: object = None
    ) -> None:
        self.name = f"fall-{jurisdiction}"
        self.__version__ = "0.1"
        self.jurisdiction = jurisdiction
        self.formula = formula or Ratio(Decimal(ratio))

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure=Measure.EXIT_JOB_FALL,
                jurisdiction=self.jurisdiction,
                first_day="2022-04-29",
                formula=self.formula,  # type: ignore[arg-type]
                reference="illustrative",
                illustrative=True,
            )
        ]


WITH_RULE = Policy.shaanxi(plugins=[FallRule("0.30")], entry_points=False)
IN_POOL = import_record(
    Brand(name_zh="紫阳修脚师", county="610924"),
    stage=Stage.IN_POOL,
    since=D(2022, 6, 1),
    imported_on=D(2022, 6, 1),
    by=Authority.PROVINCIAL_HRSS,
    source="省级劳务品牌资源库名单",
)
CLEAN: dict[str, bool] = {
    "training_quality_poor": False,
    "competitiveness_declined": False,
    "recognition_low": False,
}


def _found(**kw: object) -> ExitIndicators:
    fields: dict[str, object] = {**CLEAN, "as_of": D(2024, 6, 30)}
    fields.update(kw)
    return ExitIndicators(**fields)  # type: ignore[arg-type]


def test_without_a_rule_a_partial_fall_in_jobs_cannot_be_assessed() -> None:
    """With no ratio rule a partial fall is unknown, naming the city HRSS bureau that must set it."""
    a = exit_assessment(POLICY, IN_POOL, _found(jobs_before=800, jobs_now=500), on=ON)
    assert a.unknown == (ExitGround.FEWER_JOBS,)
    assert a.grounds == ()
    assert a.proposal is False
    assert a.outcome is Outcome.UNDETERMINED
    assert a.fall_ratio is None
    assert a.supplier is None
    assert a.job_fall == Decimal("0.3750")
    assert "安康市人社部门" in a.explain(lang="zh")
    assert "the city HRSS bureau" in a.explain()
    assert (a.by, a.decided_by) == (Authority.CITY_HRSS, Authority.PROVINCIAL_HRSS)
    assert a.clauses == ("shaanxi-2022-13:3.4",)
    assert a.bodies == ("省人力资源社会保障厅",)


@pytest.mark.parametrize(
    ("now", "found", "outcome"),
    [
        (500, True, Outcome.ELIGIBLE),
        (560, True, Outcome.ELIGIBLE),
        (600, False, Outcome.INELIGIBLE),
    ],
)
def test_a_ratio_rule_decides_the_marked_fall(
    now: int,
    found: bool,  # noqa: FBT001
    outcome: Outcome,
) -> None:
    """With a city ratio of 30%, a fall of 30% or more is a ground for exit."""
    a = exit_assessment(
        WITH_RULE, IN_POOL, _found(jobs_before=800, jobs_now=now), on=ON
    )
    assert (ExitGround.FEWER_JOBS in a.grounds) is found
    assert a.unknown == ()
    assert a.proposal is found
    assert a.outcome is outcome
    assert a.fall_ratio == Decimal("0.30")
    assert a.supplier is not None
    assert (a.supplier.plugin, a.supplier.version, a.supplier.jurisdiction) == (
        "fall-610900",
        "0.1",
        "610900",
    )
    assert a.supplier.supplied == "job_fall_ratio"
    text = a.explain()
    assert "illustrative" in text
    assert "30% or more is marked" in text
    assert "job_fall_ratio: plugin fall-610900 0.1 for 610900 (illustrative)" in text
    assert "示例数值" in a.explain(lang="zh")


def test_no_fall_in_jobs_is_no_ground_even_without_a_rule() -> None:
    """Jobs that did not fall are not a marked fall, whatever the ratio."""
    for before, now in [(800, 800), (0, 0), (100, 120)]:
        a = exit_assessment(
            POLICY, IN_POOL, _found(jobs_before=before, jobs_now=now), on=ON
        )
        assert a.unknown == ()
        assert a.grounds == ()
        assert a.outcome is Outcome.INELIGIBLE
        assert a.job_fall is None


def test_a_fall_to_zero_is_marked_under_any_ratio() -> None:
    """All jobs lost is a marked fall even before a city sets its ratio."""
    a = exit_assessment(POLICY, IN_POOL, _found(jobs_before=800, jobs_now=0), on=ON)
    assert a.grounds == (ExitGround.FEWER_JOBS,)
    assert a.job_fall == Decimal("1.0000")
    assert a.proposal is True


def test_each_ground_found_or_unknown() -> None:
    """Each of the four grounds is found, not found or unknown, in the order of clause 3.4."""
    found = _found(
        training_quality_poor=True,
        competitiveness_declined=None,
        recognition_low=True,
    )
    a = exit_assessment(WITH_RULE, IN_POOL, found, on=ON)
    assert a.grounds == (ExitGround.POOR_TRAINING, ExitGround.LOW_RECOGNITION)
    assert a.unknown == (ExitGround.FEWER_JOBS, ExitGround.LESS_COMPETITIVE)
    assert a.outcome is Outcome.ELIGIBLE
    assert "Jobs before or now are unknown" in a.explain()
    assert "less_competitive: not assessable" in a.explain()
    assert "退出理由:培训质量不高、社会认可度不高" in a.explain(lang="zh")
    assert "安康市人社部门 proposes the exit" in a.explain()


def test_only_a_brand_in_the_pool_can_be_proposed_for_exit() -> None:
    """A brand not in the resource pool is never proposed, though its grounds are reported."""
    brand = import_record(
        Brand(name_zh="紫阳修脚师", county="610924"),
        stage=Stage.CULTIVATING,
        since=D(2022, 6, 1),
        imported_on=D(2022, 6, 1),
        by=Authority.COUNTY_HRSS,
        source="县级台账",
    )
    a = exit_assessment(POLICY, brand, _found(training_quality_poor=True), on=ON)
    assert a.grounds == (ExitGround.POOR_TRAINING,)
    assert a.proposal is False
    assert a.outcome is Outcome.INELIGIBLE
    assert "Only a brand in the resource pool" in a.explain()
    with pytest.raises(InvalidArgumentError, match="proposal=False"):
        a.apply(brand)


def test_exit_assessment_before_the_text_is_not_in_force() -> None:
    """Before 2022-04-29 there is no exit mechanism to assess."""
    found = _found(training_quality_poor=True, as_of=D(2022, 3, 1))
    a = exit_assessment(POLICY, IN_POOL, found, on=D(2022, 4, 1))
    assert a.outcome is Outcome.NOT_IN_FORCE
    assert (a.grounds, a.unknown, a.proposal) == ((), (), False)
    assert "2022-04-29" in a.explain()


def test_a_brand_of_unknown_county_has_no_rule_of_its_city() -> None:
    """Without a county no city's rule applies, and the text gives the value to the city level.

    A province-wide rule of a plugin is refused when the policy is built:
    only the province's baseline sets province-wide values, and the text
    gives this one to the city level (由市级人社部门进行评估).
    """
    brand = attrs.evolve(IN_POOL, county=None)
    found = _found(jobs_before=800, jobs_now=500)
    bare = exit_assessment(POLICY, brand, found, on=ON)
    assert bare.unknown == (ExitGround.FEWER_JOBS,)
    assert "应由市级人社部门" in bare.explain(lang="zh")
    with pytest.raises(PluginResultError, match=r"only the province's baseline"):
        Policy.shaanxi(plugins=[FallRule("0.5", "610000")], entry_points=False)
    # The city's rule does not reach a brand of unknown county.
    assert exit_assessment(WITH_RULE, brand, found, on=ON).fall_ratio is None


def test_a_rule_that_is_not_a_ratio_names_its_plugin() -> None:
    """An amount where a ratio is needed is refused when the policy is built, naming the plugin."""
    with pytest.raises(
        PluginResultError,
        match=r"exit_job_fall takes a Ratio \(what counts as a marked fall in jobs\), not Flat",
    ) as info:
        Policy.shaanxi(
            plugins=[FallRule("0.3", formula=Flat(Fen.from_yuan(1)))],
            entry_points=False,
        )
    assert info.value.plugin_name == "fall-610900"


def test_apply_proposes_the_exit_through_the_lifecycle() -> None:
    """A brand admitted through the lifecycle and assessed with a ground moves to exit_proposed."""
    brand = Brand(name_zh="紫阳修脚师", county="610924", maturity=Maturity.ESTABLISHED)
    for day, event in [
        (D(2022, 6, 1), Event.ESTABLISH),
        (D(2022, 7, 1), Event.RECOMMEND_BY_COUNTY),
        (D(2022, 8, 1), Event.RECOMMEND_BY_CITY),
        (D(2022, 9, 1), Event.ADMIT),
    ]:
        brand = transition(brand, event, on=day)
    a = exit_assessment(WITH_RULE, brand, _found(jobs_before=900, jobs_now=300), on=ON)
    proposed = a.apply(brand)
    assert proposed.stage is Stage.EXIT_PROPOSED
    record = proposed.history[-1]
    assert record.event is Event.PROPOSE_EXIT
    assert record.grounds == (ExitGround.FEWER_JOBS,)
    assert record.by is Authority.CITY_HRSS
    assert record.on == ON
    assert "带动就业人数明显减少" in record.note
    decided = transition(proposed, Event.DECIDE_EXIT, on=D(2024, 8, 1))
    assert decided.stage is Stage.EXITED
    with pytest.raises(IllegalTransitionError):
        a.apply(proposed)
    with pytest.raises(InvalidArgumentError, match="the brand assessed"):
        a.apply(attrs.evolve(brand, name_zh="别的品牌"))
    with pytest.raises(InvalidArgumentError, match="Expected a Brand"):
        a.apply("紫阳修脚师")  # type: ignore[arg-type]


def test_exit_assessment_round_trips_through_json() -> None:
    """An assessment with a supplier, ratios and grounds survives JSON."""
    a = exit_assessment(
        WITH_RULE,
        IN_POOL,
        _found(jobs_before=800, jobs_now=500, recognition_low=None),
        on=ON,
    )
    assert a.supplier is not None
    assert from_json(to_json(a), ExitAssessment) == a
    bare = exit_assessment(POLICY, IN_POOL, _found(), on=ON)
    assert from_json(to_json(bare), ExitAssessment) == bare
    assert "grounds: none; not assessable: fewer_jobs" in bare.explain()
    assert "退出理由:无" in bare.explain(lang="zh")


def test_exit_assessment_refuses_bad_input() -> None:
    """Findings after the day, bad flags and counts, and wrong types are errors."""
    with pytest.raises(InvalidArgumentError, match="observed on or before"):
        exit_assessment(POLICY, IN_POOL, _found(as_of=D(2024, 8, 1)), on=ON)
    with pytest.raises(InvalidArgumentError, match="True, False or None"):
        _found(recognition_low="yes")
    with pytest.raises(InvalidArgumentError, match="count"):
        _found(jobs_now=-3)
    with pytest.raises(InvalidArgumentError, match="Expected a Brand"):
        exit_assessment(POLICY, "紫阳修脚师", _found(), on=ON)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="Expected a ExitIndicators"):
        exit_assessment(POLICY, IN_POOL, {}, on=ON)  # type: ignore[arg-type]


def test_only_the_city_assesses_and_proposes_an_exit() -> None:
    """Issue 11: clause 3.4 names the city HRSS bureau; a county is refused."""
    from labourbrand.exceptions import ActorNotAllowedError

    with pytest.raises(ActorNotAllowedError, match="city_hrss") as info:
        POLICY.exit_assessment(
            IN_POOL, _found(training_quality_poor=True), on=ON, by=Authority.COUNTY_HRSS
        )
    assert info.value.event == "propose_exit"
    a = POLICY.exit_assessment(IN_POOL, _found(training_quality_poor=True), on=ON)
    assert a.by is Authority.CITY_HRSS
    assert a.apply(IN_POOL).history[-1].by is Authority.CITY_HRSS
