"""Conduct: the leading-enterprise criteria of clause 5.2 and the credit check of clause 4.3."""

from __future__ import annotations

import pendulum
import pytest

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy import Policy
from labourbrand.policy._check import CheckStatus
from labourbrand.policy._conduct import credit_check, leading_enterprise
from labourbrand.policy.parameters import UNQUANTIFIED, load_parameters


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)
MET, NOT_MET, UNKNOWN, NOT_IN_FORCE = (
    CheckStatus.MET,
    CheckStatus.NOT_MET,
    CheckStatus.UNKNOWN,
    CheckStatus.NOT_IN_FORCE,
)


def _overridden(**overrides: object) -> Policy:
    return Policy.shaanxi(
        parameters=load_parameters().with_overrides(overrides), entry_points=False
    )


ON = D(2024, 7, 1)


# ---------------------------------------------------------- leading enterprise
@pytest.mark.parametrize(
    ("flags", "status", "met"),
    [
        ((True, True, True), MET, 3),
        ((True, False, True), NOT_MET, 2),
        ((True, None, True), UNKNOWN, 2),
        ((False, None, None), NOT_MET, 0),
        ((None, None, None), UNKNOWN, 0),
    ],
)
def test_leading_enterprise_needs_all_three_criteria(
    flags: tuple[bool | None, bool | None, bool | None], status: CheckStatus, met: int
) -> None:
    """Any criterion False is not met, any unknown (and none False) is unknown, all True is met."""
    finances, risk, system = flags
    check = leading_enterprise(
        POLICY,
        name="某劳务公司",
        on=ON,
        finances_healthy=finances,
        risk_resilient=risk,
        employment_system_sound=system,
    )
    assert check.status is status
    assert (check.value, check.required) == (met, 3)
    assert check.clauses == ("shaanxi-2022-13:5.2",)
    assert check.parameters[0].name == "leading_enterprise_criteria"
    assert "省人力资源社会保障厅" in check.bodies
    if status is NOT_MET:
        lacking = check.steps[-1].en
        assert ("lacks healthy finances" in lacking) is (finances is False)
        assert ("enough risk resilience" in lacking) is (risk is False)


def test_leading_enterprise_with_scenario_criteria() -> None:
    """A scenario may ask for fewer criteria; with no number set, all three are required."""
    two = _overridden(leading_enterprise_criteria=2)
    check = leading_enterprise(
        two,
        name="某公司",
        on=ON,
        finances_healthy=True,
        risk_resilient=None,
        employment_system_sound=True,
    )
    assert (check.status, check.required) == (MET, 2)
    unset = _overridden(leading_enterprise_criteria=UNQUANTIFIED)
    check = leading_enterprise(
        unset,
        name="某公司",
        on=ON,
        finances_healthy=True,
        risk_resilient=True,
        employment_system_sound=None,
    )
    assert (check.status, check.required) == (UNKNOWN, 3)


def test_leading_enterprise_before_the_text_and_bad_input() -> None:
    """Before 2022-04-29 it is not in force; a non-bool criterion or empty name is an error."""
    check = leading_enterprise(
        POLICY,
        name="某公司",
        on=D(2021, 1, 1),
        finances_healthy=True,
        risk_resilient=True,
        employment_system_sound=True,
    )
    assert check.status is NOT_IN_FORCE
    with pytest.raises(InvalidArgumentError, match="risk_resilient"):
        leading_enterprise(
            POLICY,
            name="某公司",
            on=ON,
            finances_healthy=True,
            risk_resilient=1,  # type: ignore[arg-type]
            employment_system_sound=True,
        )
    with pytest.raises(InvalidArgumentError, match="non-empty"):
        leading_enterprise(
            POLICY,
            name="",
            on=ON,
            finances_healthy=True,
            risk_resilient=True,
            employment_system_sound=True,
        )


# ---------------------------------------------------------------------- credit
def test_a_broken_commitment_gets_a_written_warning() -> None:
    """Breaking the commitment is not met, with a written warning by the named departments."""
    check = credit_check(POLICY, unit="某协会", on=ON, broke_commitment=True)
    assert check.status is NOT_MET
    assert check.clauses == ("shaanxi-2022-13:4.3",)
    assert check.bodies == ("人社、商务、市场监管等部门",)
    assert check.steps[1].zh == "由人社、商务、市场监管等部门书面告诫。"
    assert "written warning (书面告诫)" in check.steps[1].en
    assert "Whether the case is serious is unknown" in check.steps[-1].en


def test_a_serious_breach_is_handled_per_regulations() -> None:
    """A serious breach adds the step of clause 4.3 on serious cases; a minor one does not."""
    serious = credit_check(
        POLICY, unit="某协会", on=ON, broke_commitment=True, serious=True
    )
    assert serious.status is NOT_MET
    assert serious.steps[-1].en.startswith("Serious:")
    assert "情节严重的,依据有关规定给予处理" in serious.steps[-1].zh
    minor = credit_check(
        POLICY, unit="某协会", on=ON, broke_commitment=True, serious=False
    )
    assert minor.status is NOT_MET
    assert len(minor.steps) == 2
    assert not any("serious" in s.en.lower() for s in minor.steps)


@pytest.mark.parametrize(("broke", "status"), [(False, MET), (None, UNKNOWN)])
def test_a_kept_or_unknown_commitment(broke: bool | None, status: CheckStatus) -> None:  # noqa: FBT001
    """A kept commitment is met; an unknown one is unknown."""
    assert (
        credit_check(POLICY, unit="某人", on=ON, broke_commitment=broke).status
        is status
    )


def test_credit_check_before_the_text_and_bad_input() -> None:
    """Before the text it is not in force; serious without a broken commitment is an error."""
    check = credit_check(POLICY, unit="某协会", on=D(2022, 1, 1), broke_commitment=True)
    assert check.status is NOT_IN_FORCE
    for broke in (False, None):
        with pytest.raises(InvalidArgumentError, match="serious=None"):
            credit_check(
                POLICY, unit="某协会", on=ON, broke_commitment=broke, serious=True
            )
    with pytest.raises(InvalidArgumentError, match="non-empty"):
        credit_check(POLICY, unit=" ", on=ON, broke_commitment=True)
    with pytest.raises(InvalidArgumentError, match="broke_commitment"):
        credit_check(POLICY, unit="某协会", on=ON, broke_commitment="yes")  # type: ignore[arg-type]
