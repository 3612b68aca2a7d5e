"""The conduct the text asks of enterprises and units: clauses 5.2 and 4.3 (private).

Clause 5.2 (第五条第(二)款) sets the criteria of a leading labour-brand
enterprise (:func:`leading_enterprise`); clause 4.3 (第四条第(三)款) sets up a
credit-commitment system whose breach earns a written warning
(:func:`credit_check`). Each answers with a :class:`~labourbrand.policy.Check`.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(entry_points=False)
    >>> credit_check(policy, unit="某协会", on=pendulum.Date(2024, 1, 1),
    ...              broke_commitment=False).status.value
    'met'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from labourbrand.dates import as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._check import (
    Check,
    CheckDraft,
    CheckStatus,
    clause_bodies,
    document_in_force,
    flag_arg,
    require_parameter,
    text_arg,
)


if TYPE_CHECKING:
    import pendulum

    from labourbrand.policy._engine import Policy


__all__ = ["credit_check", "leading_enterprise"]

#: Clause 4.3 names who warns a unit that breaks its commitment.
_CREDIT_BODIES: Final = ("人社、商务、市场监管等部门",)


# ---------------------------------------------------------- leading enterprise
_CRITERIA: Final = (
    ("finances_healthy", "健康的财务状况", "healthy finances"),
    ("risk_resilient", "足够的抗风险能力", "enough risk resilience"),
    ("employment_system_sound", "健全的用工制度", "a sound employment system"),
)


def leading_enterprise(  # noqa: PLR0913 - the three criteria are keyword-only
    policy: Policy,
    *,
    name: str,
    on: pendulum.Date,
    finances_healthy: bool | None,
    risk_resilient: bool | None,
    employment_system_sound: bool | None,
) -> Check:
    """Check the criteria of a leading labour-brand enterprise (龙头企业, clause 5.2).

    The enterprise must have healthy finances, enough risk resilience and a
    sound employment system (``leading_enterprise_criteria``: all three).
    A criterion that is ``False`` makes the check :attr:`~CheckStatus.NOT_MET`
    and is named; one that is ``None`` (and none ``False``) makes it
    :attr:`~CheckStatus.UNKNOWN`. :attr:`Check.value` counts the criteria met.

    Raises:
        InvalidArgumentError: *name* is empty, or a criterion is not a bool or ``None``.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> check = leading_enterprise(lb.Policy.shaanxi(entry_points=False), name="某公司",
        ...     on=pendulum.Date(2024, 1, 1), finances_healthy=True, risk_resilient=False,
        ...     employment_system_sound=None)
        >>> check.status.value, check.steps[-1].en
        ('not_met', 'Not met: lacks enough risk resilience.')

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    name = text_arg(name, "name")
    given = {
        "finances_healthy": flag_arg(finances_healthy, "finances_healthy"),
        "risk_resilient": flag_arg(risk_resilient, "risk_resilient"),
        "employment_system_sound": flag_arg(
            employment_system_sound, "employment_system_sound"
        ),
    }
    draft = CheckDraft(
        subject=name,
        subject_zh=name,
        check="leading_enterprise_criteria",
        on=on,
        clauses=("5.2",),
        bodies=clause_bodies("5.2"),
    )
    met = sum(1 for v in given.values() if v is True)
    entry = require_parameter(policy, draft, "leading_enterprise_criteria")
    if entry is None:
        return draft.finish(CheckStatus.NOT_IN_FORCE, value=met)
    draft.step(
        "第五条第(二)款:培育的龙头企业应具备健康的财务状况、足够的抗风险能力、健全的用工制度等条件。",
        "Clause 5.2: a leading enterprise must have healthy finances, enough risk resilience "
        "and a sound employment system.",
    )
    # With no number set, every criterion the text lists is required.
    required = entry.value if type(entry.value) is int else len(_CRITERIA)
    for key, zh, en in _CRITERIA:
        flag = given[key]
        draft.step(
            f"{zh}:{'具备' if flag else '不具备' if flag is False else '未知'}。",
            f"{en.capitalize()}: {'yes' if flag else 'no' if flag is False else 'unknown'}.",
        )
    unknown = sum(1 for v in given.values() if v is None)
    lacking = [(zh, en) for key, zh, en in _CRITERIA if given[key] is False]
    if met >= required:
        draft.step(f"具备{met}项条件,达到要求。", f"Met: {met} of the criteria.")
        status = CheckStatus.MET
    elif met + unknown >= required:
        draft.step(
            f"尚有{unknown}项条件未知,无法确定。",
            f"Unknown: {unknown} criteria are not known.",
        )
        status = CheckStatus.UNKNOWN
    else:
        draft.step(
            f"未达到:不具备{'、'.join(zh for zh, _ in lacking)}。",
            f"Not met: lacks {' and '.join(en for _, en in lacking)}.",
        )
        status = CheckStatus.NOT_MET
    return draft.finish(status, value=met, required=required)


# ---------------------------------------------------------------------- credit
def credit_check(
    policy: Policy,  # noqa: ARG001 - every check takes the policy first
    *,
    unit: str,
    on: pendulum.Date,
    broke_commitment: bool | None,
    serious: bool | None = None,
) -> Check:
    """Check a unit (or person) against the credit-commitment system of clause 4.3.

    A unit that does not keep its commitment gets a written warning (书面告诫)
    from the HRSS, commerce, market-regulation and other departments; serious
    cases (情节严重的) are handled per the relevant regulations.

    Args:
        policy: the policy.
        unit: the unit's or person's name.
        on: the day.
        broke_commitment: whether it broke its commitment; ``None`` if unknown.
        serious: whether the breach is serious; only for a broken commitment.

    Raises:
        InvalidArgumentError: *unit* is empty, a flag is not a bool or ``None``,
            or *serious* is given for a commitment not known to be broken.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> check = credit_check(lb.Policy.shaanxi(entry_points=False), unit="某协会",
        ...                      on=pendulum.Date(2024, 1, 1), broke_commitment=True, serious=True)
        >>> check.status.value, [s.zh for s in check.steps][-2:]
        ('not_met', ['由人社、商务、市场监管等部门书面告诫。', '情节严重的,依据有关规定给予处理:本案情节严重。'])

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    unit = text_arg(unit, "unit")
    broke = flag_arg(broke_commitment, "broke_commitment")
    grave = flag_arg(serious, "serious")
    if grave is not None and broke is not True:
        msg = f"Expected serious=None unless broke_commitment=True but got serious={grave!r}, broke_commitment={broke!r}"
        raise InvalidArgumentError(msg, field="serious")
    draft = CheckDraft(
        subject=unit,
        subject_zh=unit,
        check="credit_commitment",
        on=on,
        clauses=("4.3",),
        bodies=_CREDIT_BODIES,
    )
    if not document_in_force(draft):
        return draft.finish(CheckStatus.NOT_IN_FORCE)
    draft.step(
        "第四条第(三)款:行业协会、商会建立劳务品牌信用承诺制度,对不遵守承诺的单位(或个人)实施书面告诫。",
        "Clause 4.3: under the credit-commitment system of industry associations and chambers of "
        "commerce, a unit (or person) that breaks its commitment is warned in writing.",
    )
    if broke is None:
        draft.step("是否遵守承诺未知。", "Whether the commitment was kept is unknown.")
        return draft.finish(CheckStatus.UNKNOWN)
    if not broke:
        draft.step("遵守了承诺。", "The commitment was kept.")
        return draft.finish(CheckStatus.MET)
    draft.step(
        "由人社、商务、市场监管等部门书面告诫。",
        "A written warning (书面告诫) by the HRSS, commerce, market-regulation and other "
        "departments (人社、商务、市场监管等部门).",
    )
    if grave:
        draft.step(
            "情节严重的,依据有关规定给予处理:本案情节严重。",
            "Serious: the case is serious and is handled per the relevant regulations "
            "(情节严重的,依据有关规定给予处理).",
        )
    elif grave is None:
        draft.step(
            "情节是否严重未知;情节严重的,依据有关规定给予处理。",
            "Whether the case is serious is unknown; serious cases are handled per the "
            "relevant regulations.",
        )
    return draft.finish(CheckStatus.NOT_MET)
