"""The conduct the text asks of enterprises and units: clauses 5.2 and 4.3 (private).

Clause 5.2 (第五部分第(二)项) sets the criteria of a leading labour-brand
enterprise (:func:`leading_enterprise`); clause 4.3 (第四部分第(三)项) sets up a
credit-commitment system whose breach earns a written warning
(:func:`credit_check`). Each answers with a :class:`~labourbrand.policy.Check`,
decided by the one interpreter from the declarations ``leading_enterprise_criteria``
and ``credit_commitment`` of the document.

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

from typing import TYPE_CHECKING

from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._check import Check, flag_arg, text_arg
from labourbrand.policy._check_interpret import decide_check, named_subject


if TYPE_CHECKING:
    from labourbrand.policy._engine import Policy


__all__ = ["credit_check", "leading_enterprise", "obligation"]


#: The yes/no obligations of the text and the flag each reads.
_OBLIGATIONS = {
    "development_plan": "plan_made",
    "implementation_plan": "plan_made",
    "expert_pool": "pool_set_up",
}


def obligation(
    policy: Policy, check: str, *, subject: str, on: DayLike, done: bool | None
) -> Check:
    """Check an obligation the text asks of a region or body: done, not done, or unknown.

    The obligations: ``development_plan`` (clause 3.1, 针对性制定发展规划和建设方案),
    ``implementation_plan`` (7.1 and 7.2, 制定具体实施方案) and ``expert_pool``
    (7.4, 组建劳务品牌建设专家库). ``done=None`` is unknown, never "no".

    Raises:
        InvalidArgumentError: an unknown obligation, an empty *subject*, or
            *done* not a bool or ``None``.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> check = obligation(lb.Policy.shaanxi(entry_points=False), "expert_pool",
        ...                    subject="省人力资源社会保障厅", on=pendulum.Date(2024, 1, 1), done=None)
        >>> check.status.value, check.clauses
        ('unknown', ('shaanxi-2022-13:7.4',))

    .. versionadded:: 0.2.0
    """
    fact = _OBLIGATIONS.get(check)
    if fact is None:
        known = ", ".join(_OBLIGATIONS)
        msg = f"Expected an obligation among {known} but got check={check!r}"
        raise InvalidArgumentError(msg, field="check")
    on = as_date(on, name="on")
    name = text_arg(subject, "subject")
    flags = {fact: flag_arg(done, "done")}
    return decide_check(
        policy,
        policy.document.check(check),
        named_subject(name, on=on, flags=flags),
        on=on,
    )


# ---------------------------------------------------------- leading enterprise


def leading_enterprise(  # noqa: PLR0913 - the three criteria are keyword-only
    policy: Policy,
    *,
    name: str,
    on: DayLike,
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
    on = as_date(on, name="on")
    name = text_arg(name, "name")
    given = {
        "finances_healthy": flag_arg(finances_healthy, "finances_healthy"),
        "risk_resilient": flag_arg(risk_resilient, "risk_resilient"),
        "employment_system_sound": flag_arg(
            employment_system_sound, "employment_system_sound"
        ),
    }
    subject = named_subject(name, on=on, flags=given)
    return decide_check(
        policy, policy.document.check("leading_enterprise_criteria"), subject, on=on
    )


# ---------------------------------------------------------------------- credit
def credit_check(
    policy: Policy,
    *,
    unit: str,
    on: DayLike,
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
    on = as_date(on, name="on")
    unit = text_arg(unit, "unit")
    broke = flag_arg(broke_commitment, "broke_commitment")
    grave = flag_arg(serious, "serious")
    if grave is not None and broke is not True:
        msg = f"Expected serious=None unless broke_commitment=True but got serious={grave!r}, broke_commitment={broke!r}"
        raise InvalidArgumentError(msg, field="serious")
    subject = named_subject(
        unit, on=on, flags={"broke_commitment": broke, "serious": grave}
    )
    return decide_check(
        policy, policy.document.check("credit_commitment"), subject, on=on
    )
