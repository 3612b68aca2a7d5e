"""Checks declared as data: the declarations of the document, and every check in batch.

Every row of :meth:`Policy.check_batch` equals the status, value and required
number of the per-subject :class:`Check` (a property test per check), and each
declared check has a batch test of its own.
"""

from __future__ import annotations

import functools

import numpy as np
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labourbrand as lb
from labourbrand import Brand, Recognition, RecognitionLevel
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy import (
    STATUS_CODES,
    AnyHeld,
    AppliesWhen,
    CheckResult,
    CheckSpec,
    CheckStatus,
    CheckSubject,
    CountAtLeast,
    CountyFacts,
    CriteriaAtLeast,
    FlagIs,
    Policy,
)
from labourbrand.policy._check_interpret import county_subject, decide_check
from labourbrand.policy.clauses import clauses
from labourbrand.policy.documents.shaanxi_2022_13 import CHECKS, OBLIGATIONS
from labourbrand.policy.parameters import UNQUANTIFIED, load_parameters
from labourbrand.regions import Designation, DesignationRecord, RegionCode, Tristate


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
#: Counties of the registry; 略阳县 (610727) is a confirmed national key county.
COUNTIES = ("610924", "610727", "610926", "610503", "610981")
FLAGS = {"yes": 1, "no": 0, "unknown": -1}
TRI = {1: True, 0: False, -1: None}


# ------------------------------------------------------------ declarations
def test_the_document_declares_its_checks() -> None:
    """The 2022 text declares 3.4's exit assessment, 4.1's county duties, 4.3's credit check, 5.2's criteria and 7.3's tilt."""
    document = POLICY.document
    assert document.checks == (*CHECKS, *OBLIGATIONS)
    assert [c.id for c in document.checks] == [
        "exit_assessment",
        "training_projects_per_county",
        "studios_per_key_county",
        "credit_commitment",
        "leading_enterprise_criteria",
        "funding_tilt",
        "development_plan",
        "implementation_plan",
        "expert_pool",
    ]
    tilt = POLICY.check_spec("funding_tilt")
    assert (tilt.clause, tilt.subject, tilt.parameters) == (
        "7.3",
        CheckSubject.COUNTY,
        (),
    )
    assert [type(c) for c in tilt.conditions] == [AnyHeld, FlagIs]
    assert tilt.facts == {"recognised_brand", "contributed", "recognised_brands"}
    assert tilt.value == "recognised_brands"
    assert "(不视为零)" in tilt.on_holds[0].zh
    studios = POLICY.check_spec("studios_per_key_county")
    assert (studios.clause, studios.subject) == ("4.1", CheckSubject.COUNTY)
    assert [type(c) for c in studios.conditions] == [AppliesWhen, CountAtLeast]
    assert studios.facts == {"studios", "national_key_county", "provincial_key_county"}
    leading = POLICY.check_spec("leading_enterprise_criteria")
    assert isinstance(leading.value, CriteriaAtLeast)
    assert leading.parameters == ("leading_enterprise_criteria",)
    credit = POLICY.check_spec("credit_commitment")
    assert isinstance(credit.conditions[0], FlagIs)
    assert (credit.parameters, credit.bodies) == ((), ("人社、商务、市场监管等部门",))
    with pytest.raises(
        InvalidArgumentError, match="Expected a check of shaanxi-2022-13"
    ):
        POLICY.check_spec("no_such_check")


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.id)
def test_each_check_quotes_its_clause_and_reads_known_parameters(
    spec: CheckSpec,
) -> None:
    """The quote is verbatim in the clause's text; every parameter read is packaged."""
    assert spec.quote.zh in clauses()[spec.clause].text_zh
    for name in spec.parameters:
        assert POLICY.parameters[name].clause == spec.clause


def test_a_document_refuses_a_check_declared_twice() -> None:
    """Two declarations of one check id are refused when the document is built."""
    import attrs

    with pytest.raises(InvalidArgumentError, match="one declaration per check"):
        attrs.evolve(POLICY.document, checks=(CHECKS[0], CHECKS[0]))


# ---------------------------------------------------------- one check each
def _batch(
    check: str, policy: Policy = POLICY, on: pendulum.Date = ON, **columns: object
) -> CheckResult:
    arrays = {name: np.asarray(value) for name, value in columns.items()}
    return policy.check_batch(check, arrays, on=on)


def test_training_projects_in_batch() -> None:
    """Below, at and above the minimum of one, and unknown; value and required per row."""
    result = _batch(
        "training_projects_per_county",
        county=["610924", "610727", "610981", "610924"],
        training_projects=[0, 1, 3, -1],
    )
    assert result.statuses() == [NOT_MET, MET, MET, UNKNOWN]
    assert result.value.tolist() == [0, 1, 3, -1]
    assert result.required.tolist() == [1, 1, 1, 1]
    assert set(result.to_dict()) == {
        "training_projects_per_county_status",
        "training_projects_per_county_value",
        "training_projects_per_county_required",
    }
    with pytest.raises(ValueError, match="read-only"):
        result.status[0] = 0


def test_studios_in_batch_read_designations_from_the_registry() -> None:
    """略阳县 is a national key county (its count decides); 紫阳县's designation is unknown."""
    result = _batch(
        "studios_per_key_county",
        county=["610727", "610727", "610924", "610924"],
        studios=[0, 1, 2, -1],
    )
    assert result.statuses() == [NOT_MET, MET, UNKNOWN, UNKNOWN]
    assert result.required.tolist() == [1, 1, 1, 1]


def test_studios_in_batch_with_designation_columns() -> None:
    """Designations given as columns: yes applies, no and no does not apply (met, nothing required)."""
    result = _batch(
        "studios_per_key_county",
        county=["610924"] * 4,
        studios=[0, 0, 0, 3],
        national_key_county=[1, 0, 0, -1],
        provincial_key_county=[-1, 0, -1, 0],
    )
    assert result.statuses() == [NOT_MET, MET, UNKNOWN, UNKNOWN]
    assert result.required.tolist() == [1, -1, 1, 1]
    assert result.value.tolist() == [0, 0, 0, 3]


def test_leading_enterprise_in_batch() -> None:
    """All three criteria met; one lacking; one unknown; none known: value counts those met."""
    result = _batch(
        "leading_enterprise_criteria",
        finances_healthy=[True, True, True, -1],
        risk_resilient=[1, 0, -1, -1],
        employment_system_sound=[1, 1, 1, -1],
    )
    assert result.statuses() == [MET, NOT_MET, UNKNOWN, UNKNOWN]
    assert result.value.tolist() == [3, 2, 2, 0]
    assert result.required.tolist() == [3, 3, 3, 3]


def test_credit_commitment_in_batch() -> None:
    """Kept, broken, unknown: no value and no number required."""
    result = _batch("credit_commitment", broke_commitment=[0, 1, -1])
    assert result.statuses() == [MET, NOT_MET, UNKNOWN]
    assert result.value.tolist() == result.required.tolist() == [-1, -1, -1]


@pytest.mark.parametrize(
    ("check", "fact"),
    [
        ("development_plan", "plan_made"),
        ("implementation_plan", "plan_made"),
        ("expert_pool", "pool_set_up"),
    ],
)
def test_obligations_per_subject_and_in_batch(check: str, fact: str) -> None:
    """Clauses 3.1, 7.1/7.2 and 7.4: done, not done or unknown, the same way per subject and in batch."""
    result = POLICY.check_batch(check, {fact: np.asarray([1, 0, -1])}, on=ON)
    assert result.statuses() == [MET, NOT_MET, UNKNOWN]
    one = [
        POLICY.obligation(check, subject="某市", on=ON, done=done).status
        for done in (True, False, None)
    ]
    assert one == [MET, NOT_MET, UNKNOWN]
    with pytest.raises(InvalidArgumentError, match="obligation among"):
        POLICY.obligation("plans", subject="某市", on=ON, done=True)
    with pytest.raises(InvalidArgumentError) as info:
        POLICY.obligation(check, subject="某市", on=ON, done=1)  # type: ignore[arg-type]
    assert info.value.field == "done"


def test_funding_tilt_in_batch() -> None:
    """A recognised brand and a contribution: met; either known no: not met; else unknown."""
    result = _batch(
        "funding_tilt",
        county=["610924"] * 7,
        recognised_brand=[1, 1, 1, 0, 0, -1, -1],
        contributed=[1, 0, -1, 1, -1, 0, 1],
        recognised_brands=[2, 1, 1, 0, 0, -1, -1],
    )
    # A county known not to have contributed is not due the tilt, whatever its
    # brands: a known failure decides even after an unknown condition.
    assert result.statuses() == [
        MET,
        NOT_MET,
        UNKNOWN,
        NOT_MET,
        NOT_MET,
        NOT_MET,
        UNKNOWN,
    ]
    assert result.value.tolist() == [2, 1, 1, 0, 0, -1, -1]
    assert result.required.tolist() == [1] * 7
    bare = _batch("funding_tilt", county=["610924"], contributed=[1])
    assert bare.statuses() == [UNKNOWN]
    assert bare.value.tolist() == [-1]


def test_a_known_failure_decides_after_an_unknown_condition() -> None:
    """For one county too: recognition unknown and no contribution is not met, and both are said."""
    spec = POLICY.check_spec("funding_tilt")
    region = POLICY.regions["610924"]

    def decided(
        *, recognised: bool | None, contributed: bool | None
    ) -> lb.policy.Check:
        subject = county_subject(
            POLICY,
            region,
            on=ON,
            as_of=None,
            # Records known to hold none: their number (0) and names (none).
            counts={} if recognised is None else {"recognised_brands": 0},
            flags={"recognised_brand": recognised, "contributed": contributed},
            names={"recognised_brand_names": "无"},
        )
        return decide_check(POLICY, spec, subject, on=ON)

    check = decided(recognised=None, contributed=False)
    assert (check.status, check.value, check.required) == (NOT_MET, None, 1)
    assert [s.en for s in check.steps[1:]] == [
        (
            "Whether 紫阳县 has a brand recognised at national or provincial level "
            "on 2024-07-01 is unknown."
        ),
        "Whether the county contributed markedly: no.",
    ]
    assert decided(recognised=None, contributed=True).status is UNKNOWN
    assert decided(recognised=None, contributed=None).status is UNKNOWN
    assert decided(recognised=False, contributed=None).status is NOT_MET


def test_checks_in_batch_before_the_text_are_not_in_force() -> None:
    """Before 2022-04-29 every row of every check is not in force, with nothing required."""
    for spec in CHECKS:
        columns: dict[str, object] = {name: [1, 0] for name in spec.facts}
        if spec.subject in (CheckSubject.COUNTY, CheckSubject.BRAND):
            columns["county"] = ["610924", "610727"]
        result = _batch(spec.id, POLICY, BEFORE, **columns)
        assert result.statuses() == [NOT_IN_FORCE, NOT_IN_FORCE], spec.id
        assert result.required.tolist() == [-1, -1]
        # Nothing is assessed before the text: no ground found, none unknown.
        assert all(a.tolist() == [0, 0] for a in result.findings.values())


def test_a_missing_column_is_unknown() -> None:
    """A count or criterion with no column is unknown on every row, never zero."""
    assert _batch("training_projects_per_county", county=["610924"]).statuses() == [
        UNKNOWN
    ]
    assert _batch(
        "leading_enterprise_criteria", finances_healthy=[0, 1]
    ).statuses() == [NOT_MET, UNKNOWN]


def test_check_batch_refuses_bad_columns() -> None:
    """Unknown check or column, a city or blank code, a bad flag, lengths that differ."""
    with pytest.raises(InvalidArgumentError, match="check"):
        _batch("no_such_check", county=["610924"])
    with pytest.raises(InvalidArgumentError, match="studios"):
        _batch("training_projects_per_county", county=["610924"], studios=[1])
    with pytest.raises(
        InvalidArgumentError, match=r"county-level unit but got county\[1\]"
    ):
        _batch("training_projects_per_county", county=["610924", "610900"])
    with pytest.raises(InvalidArgumentError, match="county-level unit"):
        _batch("training_projects_per_county", county=["", "610924"])
    with pytest.raises(InvalidArgumentError, match="missing"):
        _batch("training_projects_per_county", training_projects=[1])
    with pytest.raises(InvalidArgumentError, match="-1, 0 or 1"):
        _batch("credit_commitment", broke_commitment=[2])
    with pytest.raises(InvalidArgumentError, match="one length"):
        _batch(
            "training_projects_per_county", county=["610924"], training_projects=[1, 2]
        )
    assert STATUS_CODES[2] is UNKNOWN


# ------------------------------------------------ every row equals one check
@functools.cache
def _policy(
    designations: tuple[tuple[str, int, int], ...], numbers: tuple[object, ...]
) -> Policy:
    records = [
        DesignationRecord(
            code=RegionCode(code),
            designation=designation,
            status={1: Tristate.YES, 0: Tristate.NO, -1: Tristate.UNKNOWN}[flag],
            since=None,
            source="test",
        )
        for code, national, provincial in designations
        for designation, flag in (
            (Designation.NATIONAL_KEY_COUNTY, national),
            (Designation.PROVINCIAL_KEY_COUNTY, provincial),
        )
    ]
    names = (
        "training_projects_per_county",
        "studios_per_key_county",
        "leading_enterprise_criteria",
    )
    overrides = {
        name: value
        for name, value in zip(names, numbers, strict=True)
        if value is not None
    }
    return Policy.shaanxi(
        parameters=load_parameters().with_overrides(overrides),
        regions=lb.regions.shaanxi().with_designations(records),
        entry_points=False,
    )


_TRISTATE = st.sampled_from([-1, 0, 1])
_COUNT = st.integers(-1, 4)
_NUMBER = st.sampled_from([None, 0, 2, UNQUANTIFIED])
_DAY = st.sampled_from([BEFORE, D(2022, 4, 29), ON])
_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _same(check: lb.policy.Check, result: CheckResult, row: int) -> None:
    assert result.status[row] == check.status.code, check.explain()
    assert result.value[row] == (-1 if check.value is None else check.value)
    assert result.required[row] == (-1 if check.required is None else check.required)


@_SETTINGS
@given(
    designations=st.tuples(*(st.tuples(_TRISTATE, _TRISTATE) for _ in COUNTIES)),
    numbers=st.tuples(_NUMBER, _NUMBER),
    rows=st.lists(st.tuples(st.sampled_from(COUNTIES), _COUNT, _COUNT), max_size=12),
    on=_DAY,
    as_columns=st.booleans(),
)
def test_every_county_row_equals_its_check(
    designations: tuple[tuple[int, int], ...],
    numbers: tuple[object, object],
    rows: list[tuple[str, int, int]],
    on: pendulum.Date,
    as_columns: bool,  # noqa: FBT001
) -> None:
    """Both duties of 4.1, designations from the registry or as columns: each row is its county's check."""
    policy = _policy(
        tuple((c, n, p) for c, (n, p) in zip(COUNTIES, designations, strict=True)),
        (*numbers, None),
    )
    of = dict(zip(COUNTIES, designations, strict=True))
    columns = {
        "county": np.array([r[0] for r in rows], dtype="U6"),
        "training_projects": np.array([r[1] for r in rows], np.int64),
        "studios": np.array([r[2] for r in rows], np.int64),
    }
    studio_columns = dict(columns)
    if as_columns:
        studio_columns["national_key_county"] = np.array(
            [of[r[0]][0] for r in rows], np.int8
        )
        studio_columns["provincial_key_county"] = np.array(
            [of[r[0]][1] for r in rows], np.int8
        )
    del columns["studios"]
    del studio_columns["training_projects"]
    training = policy.check_batch("training_projects_per_county", columns, on=on)
    studios = policy.check_batch("studios_per_key_county", studio_columns, on=on)
    for i, (county, projects, count) in enumerate(rows):
        facts = CountyFacts(
            code=county,
            training_projects=None if projects < 0 else projects,
            studios=None if count < 0 else count,
            as_of=on,
        )
        one, two = policy.county_obligations(facts, on=on)
        _same(one, training, i)
        _same(two, studios, i)


@_SETTINGS
@given(
    number=_NUMBER,
    rows=st.lists(st.tuples(_TRISTATE, _TRISTATE, _TRISTATE), max_size=12),
    on=_DAY,
)
def test_every_enterprise_row_equals_its_check(
    number: object, rows: list[tuple[int, int, int]], on: pendulum.Date
) -> None:
    """The criteria of 5.2, whatever number a scenario sets: each row is its enterprise's check."""
    policy = _policy((), (None, None, number))
    names = ("finances_healthy", "risk_resilient", "employment_system_sound")
    columns = {
        name: np.array([r[k] for r in rows], np.int8) for k, name in enumerate(names)
    }
    result = policy.check_batch("leading_enterprise_criteria", columns, on=on)
    for i, row in enumerate(rows):
        flags = {name: TRI[flag] for name, flag in zip(names, row, strict=True)}
        _same(policy.leading_enterprise(name="某公司", on=on, **flags), result, i)


@_SETTINGS
@given(rows=st.lists(_TRISTATE, max_size=12), on=_DAY)
def test_every_unit_row_equals_its_check(rows: list[int], on: pendulum.Date) -> None:
    """The credit commitment of 4.3: each row is its unit's check."""
    result = POLICY.check_batch(
        "credit_commitment", {"broke_commitment": np.array(rows, np.int8)}, on=on
    )
    for i, broke in enumerate(rows):
        _same(
            POLICY.credit_check(unit="某协会", on=on, broke_commitment=TRI[broke]),
            result,
            i,
        )


_LEVEL = st.sampled_from(
    [RecognitionLevel.NATIONAL, RecognitionLevel.PROVINCIAL, RecognitionLevel.CITY]
)
# A brand's recognition by year, or undated (None); and whether it is described
# as nationally known, which clause 7.3 does not count.
_BRANDS = st.lists(
    st.tuples(_LEVEL, st.sampled_from([2021, 2024, 2025, None]), st.booleans()),
    max_size=3,
)


@_SETTINGS
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(COUNTIES), _TRISTATE, _BRANDS), max_size=10
    ),
    on=st.sampled_from([BEFORE, D(2022, 4, 29), ON, D(2026, 1, 1)]),
)
def test_every_funding_tilt_row_equals_its_check(
    rows: list[tuple[str, int, list[tuple[RecognitionLevel, int | None, bool]]]],
    on: pendulum.Date,
) -> None:
    """Clause 7.3: the flag and count of each county's recognised brands, and its contribution, give its check."""
    held = {RecognitionLevel.NATIONAL, RecognitionLevel.PROVINCIAL}
    # A recognition known only by its year is held from the next 1 January;
    # an undated one might be held; being nationally known is no recognition.
    counts = [
        sum(
            1
            for level, year, _ in recognitions
            if level in held and year is not None and year < on.year
        )
        for _, _, recognitions in rows
    ]
    undated = [
        any(level in held and year is None for level, year, _ in recognitions)
        for _, _, recognitions in rows
    ]
    flags = [1 if n else -1 if u else 0 for n, u in zip(counts, undated, strict=True)]
    result = POLICY.check_batch(
        "funding_tilt",
        {
            "county": np.array([r[0] for r in rows], dtype="U6"),
            "contributed": np.array([r[1] for r in rows], np.int8),
            "recognised_brand": np.array(flags, np.int8),
            "recognised_brands": np.array(
                [n if f >= 0 else -1 for n, f in zip(counts, flags, strict=True)],
                np.int64,
            ),
        },
        on=on,
    )
    for i, (county, contributed, recognitions) in enumerate(rows):
        brands = [
            Brand(
                name_zh=f"品牌{k}",
                county=county,
                recognitions=[Recognition(level=level, year=year)],
                nationally_known=known,
            )
            for k, (level, year, known) in enumerate(recognitions)
        ]
        check = POLICY.funding_tilt(county, brands, on=on, contributed=TRI[contributed])
        _same(check, result, i)
