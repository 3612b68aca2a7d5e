"""The exit assessment of clause 3.4 declared as data: its declaration, and every brand in batch.

Every row of ``Policy.check_batch("exit_assessment", ...)`` equals the
per-brand :func:`exit_assessment` (outcome, proposal, grounds found and not
assessable), whatever job-fall rules the cities, counties or the province set.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import numpy as np
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourbrand import Authority, Brand, ExitGround, Fen, Stage, hookimpl
from labourbrand.exceptions import InvalidArgumentError, PluginResultError
from labourbrand.lifecycle import import_record
from labourbrand.policy import (
    OUTCOME_CODES,
    AnyFound,
    CheckResult,
    CheckStatus,
    CheckSubject,
    Flat,
    Ground,
    InStage,
    MarkedFall,
    Measure,
    Outcome,
    Policy,
    Ratio,
    Rule,
)
from labourbrand.policy._exit import ExitIndicators, exit_assessment


#: The four grounds clause 3.4 names; OTHER (等) is the city's to state, not assessed.
NAMED = [g for g in ExitGround if g is not ExitGround.OTHER]


D = pendulum.Date
ON = D(2024, 7, 1)
BEFORE = D(2022, 4, 28)
POLICY = Policy.shaanxi(entry_points=False)
MET, NOT_MET, UNKNOWN, NOT_IN_FORCE = (
    CheckStatus.MET,
    CheckStatus.NOT_MET,
    CheckStatus.UNKNOWN,
    CheckStatus.NOT_IN_FORCE,
)
#: 紫阳县 and 平利县 (安康市), 略阳县 (汉中市), 临渭区 (渭南市), 韩城市 (city-level powers), unknown.
COUNTIES = ("610924", "610926", "610727", "610502", "610581", "")
#: Where a rule may be set: city-level units (由市级人社部门进行评估), 韩城 among them.
JURISDICTIONS = ("610900", "610700", "610500", "610581")
FLAGS = ("training_quality_poor", "competitiveness_declined", "recognition_low")
TRI = {1: True, 0: False, -1: None}


class FallRules:
    """A plugin setting what counts as a marked fall in jobs, in some jurisdictions."""

    def __init__(self, rules: tuple[tuple[str, object], ...]) -> None:
        self.name = "fall-rules-" + "-".join(j for j, _ in rules)
        self.__version__ = "0.1"
        self.rules = rules

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure=Measure.EXIT_JOB_FALL,
                jurisdiction=jurisdiction,
                first_day="2022-04-29",
                formula=formula,  # type: ignore[arg-type]
                reference="illustrative",
                illustrative=True,
            )
            for jurisdiction, formula in self.rules
        ]


@functools.cache
def _policy(rules: tuple[tuple[str, str], ...]) -> Policy:
    if not rules:
        return POLICY
    plugin = FallRules(tuple((j, Ratio(Decimal(r))) for j, r in rules))
    return Policy.shaanxi(plugins=[plugin], entry_points=False)


def _brand(name: str, county: str, *, in_pool: bool) -> Brand:
    stage = Stage.IN_POOL if in_pool else Stage.CULTIVATING
    return import_record(
        Brand(name_zh=name, county=county or None),
        stage=stage,
        since=D(2022, 6, 1),
        imported_on=D(2022, 6, 1),
        by=Authority.PROVINCIAL_HRSS if in_pool else Authority.COUNTY_HRSS,
        source="台账",
    )


def _batch(
    policy: Policy = POLICY, on: pendulum.Date = ON, **columns: object
) -> CheckResult:
    arrays = {name: np.asarray(value) for name, value in columns.items()}
    return policy.check_batch("exit_assessment", arrays, on=on)


# ------------------------------------------------------------ declaration
def test_the_exit_assessment_is_declared_as_data() -> None:
    """Clause 3.4: the four grounds in the order of the text, then the pool; one brand is the subject."""
    spec = POLICY.check_spec("exit_assessment")
    assert (spec.clause, spec.subject, spec.parameters) == (
        "3.4",
        CheckSubject.BRAND,
        (),
    )
    grounds, pool = spec.conditions
    assert isinstance(grounds, AnyFound)
    assert isinstance(pool, InStage)
    assert [g.code for g in grounds.grounds] == [g.value for g in NAMED]
    assert [g.label.zh for g in grounds.grounds] == [g.zh for g in NAMED]
    assert [type(g) for g in grounds.grounds] == [Ground, MarkedFall, Ground, Ground]
    fall = grounds.grounds[1]
    assert isinstance(fall, MarkedFall)
    assert fall.rule == Measure.EXIT_JOB_FALL.value
    assert spec.facts == {*FLAGS, "jobs_before", "jobs_now", "in_pool"}
    assert CheckSubject.BRAND.zh == "劳务品牌"


# ------------------------------------------------------------------ batch
def test_exit_assessment_in_batch() -> None:
    """A ground found in the pool proposes; outside the pool it does not; a partial fall with no rule is unknown."""
    result = _batch(
        county=["610924", "610924", "610924", "610924", "", "610924"],
        training_quality_poor=[1, 0, 0, 1, 0, -1],
        competitiveness_declined=[0, 0, 0, 0, 0, 0],
        recognition_low=[False, False, False, False, False, False],
        jobs_before=[800, 800, 800, 800, 800, 800],
        jobs_now=[800, 500, 0, 900, 500, 900],
        in_pool=[1, 1, 1, 0, 1, 0],
    )
    assert result.statuses() == [MET, UNKNOWN, MET, NOT_MET, UNKNOWN, NOT_MET]
    assert [OUTCOME_CODES[c] for c in result.status.tolist()] == [
        Outcome.ELIGIBLE,
        Outcome.UNDETERMINED,
        Outcome.ELIGIBLE,
        Outcome.INELIGIBLE,
        Outcome.UNDETERMINED,
        Outcome.INELIGIBLE,
    ]
    assert result.findings["fewer_jobs"].tolist() == [0, -1, 1, 0, -1, 0]
    assert result.findings["poor_training"].tolist() == [1, 0, 0, 1, 0, -1]
    assert result.value.tolist() == result.required.tolist() == [-1] * 6
    assert set(result.to_dict()) == {
        "exit_assessment_status",
        "exit_assessment_value",
        "exit_assessment_required",
        "exit_assessment_poor_training",
        "exit_assessment_fewer_jobs",
        "exit_assessment_less_competitive",
        "exit_assessment_low_recognition",
    }
    with pytest.raises(ValueError, match="read-only"):
        result.findings["fewer_jobs"][0] = 1


def test_a_rule_in_batch_is_read_per_jurisdiction() -> None:
    """安康市's 30% reaches 紫阳县 but not 略阳县 nor a brand of unknown county; 汉中市's 50% reaches 略阳县."""
    city = _policy((("610900", "0.30"),))
    columns: dict[str, list[object]] = {
        "county": ["610924", "610924", "610727", ""],
        "jobs_before": [800, 800, 800, 800],
        "jobs_now": [560, 561, 500, 500],
        "in_pool": [1, 1, 1, 1],
    }
    assert _batch(city, ON, **columns).findings["fewer_jobs"].tolist() == [1, 0, -1, -1]
    both = _policy((("610900", "0.30"), ("610700", "0.5")))
    assert _batch(both, ON, **columns).findings["fewer_jobs"].tolist() == [1, 0, 0, -1]


def test_a_missing_column_is_unknown_and_before_the_text_nothing_is_assessed() -> None:
    """No flag columns: every flag ground is unknown; before 2022-04-29 every row is not in force."""
    result = _batch(county=["610924"], jobs_before=[10], jobs_now=[0], in_pool=[1])
    assert result.statuses() == [MET]
    assert result.findings["poor_training"].tolist() == [-1]
    unknown_pool = _batch(county=["610924"], training_quality_poor=[1])
    assert unknown_pool.statuses() == [UNKNOWN]
    before = _batch(
        on=BEFORE, county=["610924"], training_quality_poor=[1], in_pool=[1]
    )
    assert before.statuses() == [NOT_IN_FORCE]
    assert before.findings["poor_training"].tolist() == [0]


def test_exit_batch_refuses_bad_columns_and_bad_rules() -> None:
    """County missing or unknown, a bad flag, an unknown column, and a rule that is not a ratio."""
    with pytest.raises(InvalidArgumentError, match="county but it is missing"):
        _batch(in_pool=[1])
    with pytest.raises(InvalidArgumentError, match=r"county\[1\]"):
        _batch(county=["610924", "999999"], in_pool=[1, 1])
    with pytest.raises(InvalidArgumentError, match="-1, 0 or 1"):
        _batch(county=["610924"], in_pool=[2])
    with pytest.raises(InvalidArgumentError, match="studios"):
        _batch(county=["610924"], studios=[1])
    with pytest.raises(InvalidArgumentError, match="one length"):
        _batch(county=["610924"], in_pool=[1, 1])
    # A rule that is not a ratio never reaches a batch: the policy is refused.
    with pytest.raises(PluginResultError, match="takes a Ratio") as info:
        Policy.shaanxi(
            plugins=[FallRules((("610900", Flat(Fen.from_yuan(1))),))],
            entry_points=False,
        )
    assert info.value.plugin_name == "fall-rules-610900"


def test_counts_too_large_for_int64_products_are_compared_exactly() -> None:
    """A fall of exactly the ratio is marked, even where (before - now) * q overflows int64."""
    policy = _policy((("610900", "0.3"),))
    big = 3 * 10**18
    result = _batch(
        policy,
        county=["610924", "610924"],
        jobs_before=np.array([big, big], np.int64),
        jobs_now=np.array([big - big * 3 // 10, big - big * 3 // 10 + 1], np.int64),
        in_pool=[1, 1],
    )
    assert result.findings["fewer_jobs"].tolist() == [1, 0]
    brand = _brand("大数品牌", "610924", in_pool=True)
    for row, now in enumerate((big - big * 3 // 10, big - big * 3 // 10 + 1)):
        found = ExitIndicators(jobs_before=big, jobs_now=now, as_of=ON)
        one = exit_assessment(policy, brand, found, on=ON)
        assert (ExitGround.FEWER_JOBS in one.grounds) is bool(
            result.findings["fewer_jobs"][row]
        )


# ------------------------------------------------ every row equals one brand
_TRISTATE = st.sampled_from([-1, 0, 1])
_JOBS = st.integers(-1, 12)
_RATIO = st.sampled_from(["0.01", "0.25", "0.3", "0.5", "0.75", "1"])
_RULES = st.lists(
    st.tuples(st.sampled_from(JURISDICTIONS), _RATIO),
    max_size=3,
    unique_by=lambda rule: rule[0],
).map(lambda rules: tuple(sorted(rules)))
_ROW = st.tuples(
    st.sampled_from(COUNTIES),
    st.tuples(_TRISTATE, _TRISTATE, _TRISTATE),
    _JOBS,
    _JOBS,
    st.booleans(),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rules=_RULES,
    rows=st.lists(_ROW, max_size=12),
    on=st.sampled_from([BEFORE, D(2022, 4, 29), ON]),
)
def test_every_exit_row_equals_its_assessment(
    rules: tuple[tuple[str, str], ...],
    rows: list[tuple[str, tuple[int, int, int], int, int, bool]],
    on: pendulum.Date,
) -> None:
    """Whatever the rules (county, city, 韩城, province, or none): each row is its brand's assessment."""
    policy = _policy(rules)
    brands = [
        _brand(f"品牌{i}", county, in_pool=in_pool)
        for i, (county, _, _, _, in_pool) in enumerate(rows)
    ]
    result = policy.check_batch(
        "exit_assessment",
        {
            "county": np.array([r[0] for r in rows], dtype="U6"),
            **{
                name: np.array([r[1][k] for r in rows], np.int8)
                for k, name in enumerate(FLAGS)
            },
            "jobs_before": np.array([r[2] for r in rows], np.int64),
            "jobs_now": np.array([r[3] for r in rows], np.int64),
            "in_pool": np.array(
                [b.stage_on(on) is Stage.IN_POOL for b in brands], np.bool_
            ),
        },
        on=on,
    )
    assert len(result) == len(rows)
    for i, ((_, flags, before, now, _), brand) in enumerate(
        zip(rows, brands, strict=True)
    ):
        found = ExitIndicators(
            **{name: TRI[flag] for name, flag in zip(FLAGS, flags, strict=True)},
            jobs_before=None if before < 0 else before,
            jobs_now=None if now < 0 else now,
            as_of=min(on, ON),
        )
        one = exit_assessment(policy, brand, found, on=on)
        assert OUTCOME_CODES[int(result.status[i])] is one.outcome, one.explain()
        assert bool(result.status[i] == MET.code) is one.proposal
        for ground in NAMED:
            state = int(result.findings[ground.value][i])
            assert (state == 1) is (ground in one.grounds), one.explain()
            assert (state == -1) is (ground in one.unknown), one.explain()
