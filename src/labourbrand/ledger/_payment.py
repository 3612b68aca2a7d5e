"""A payment, and the two faces of a ledger: reading it and claiming in it (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, final, runtime_checkable

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen


if TYPE_CHECKING:
    from collections.abc import Sequence


__all__ = ["DecisionLike", "LedgerStore", "LedgerView", "Payment"]


def _not_before_decision(
    instance: Payment, _attribute: object, value: pendulum.Date
) -> None:
    if value < instance.decided_on:
        msg = (
            f"Expected a payment on or after its decision's day "
            f"{instance.decided_on.isoformat()} but got on={value.isoformat()!r}"
        )
        raise InvalidArgumentError(msg, field="on")


@final
@attrs.frozen(kw_only=True)
class Payment:
    """One payment recorded in a ledger, with the decision that justified it.

    A payment is keyed by the brand's stable id (:attr:`labourbrand.Brand.id`),
    never by its display name, and by the measure. It keeps what an auditor
    needs to re-derive it (:attr:`inputs`, :attr:`policy_version`,
    :attr:`decision_id`); see :meth:`labourbrand.Policy.replay`.

    Raises:
        InvalidArgumentError: a field is out of its domain, or the payment
            is dated before its decision.

    Example:
        >>> import pendulum
        >>> from labourbrand.money import Fen
        >>> p = Payment(brand_id="610924/紫阳修脚师", brand="紫阳修脚师",
        ...     measure="employment_award", on=pendulum.Date(2023, 3, 1),
        ...     decided_on=pendulum.Date(2023, 2, 20), amount=Fen(30_000_000),
        ...     one_time=True, decision_id="d-1", policy_version="v")
        >>> p.amount.format()
        '¥300,000.00'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Keyed by ``brand_id``; carries the decision's id, day, policy version and inputs.
    """

    #: The brand's stable id.
    brand_id: str = attrs.field(validator=check.text)
    #: The brand's display name when paid (for people, not for matching).
    brand: str = attrs.field(validator=check.text)
    #: The measure's id.
    measure: str = attrs.field(validator=check.text)
    #: The decision's day.
    decided_on: pendulum.Date = attrs.field(validator=check.day)
    #: The day the payment was recorded; not before :attr:`decided_on`.
    on: pendulum.Date = attrs.field(validator=[check.day, _not_before_decision])
    #: The amount, if it was known when recorded.
    amount: Fen | None = attrs.field(validator=check.optional(check.instance_of(Fen)))
    #: Whether the measure is paid at most once per brand, or per
    #: :attr:`occasion` where it has one.
    one_time: bool = attrs.field(validator=check.flag)
    #: The id of the decision that justified it (:attr:`labourbrand.policy.Decision.id`).
    decision_id: str = attrs.field(validator=check.text)
    #: The policy's version when it was decided (:attr:`labourbrand.Policy.version`).
    policy_version: str = attrs.field(validator=check.text)
    #: The decision's inputs as JSON text (the brand as of its day and the
    #: facts given), so that :meth:`labourbrand.Policy.replay` can decide again.
    inputs: str = attrs.field(default="", validator=check.instance_of(str))
    #: The occasion a one-time payment is once per, such as a showcase
    #: selection (:attr:`labourbrand.policy.Decision.occasion`); empty: the
    #: brand. A store keeps one one-time payment per brand, measure and occasion.
    #:
    #: .. versionadded:: 0.2.0
    occasion: str = attrs.field(default="", validator=check.instance_of(str))

    @classmethod
    def of(
        cls,
        decision: DecisionLike,
        *,
        on: pendulum.Date | None = None,
        inputs: str = "",
    ) -> Payment:
        """The payment of an eligible *decision*, recorded on day *on* (by default its day).

        Raises:
            InvalidArgumentError: the decision is not eligible.
        """
        if str(decision.outcome) != "eligible":
            msg = f"Expected an eligible decision but got outcome={str(decision.outcome)!r}"
            raise InvalidArgumentError(msg, field="outcome")
        return cls(
            brand_id=decision.brand_id,
            brand=decision.brand,
            measure=decision.measure,
            decided_on=decision.on,
            on=decision.on if on is None else on,
            amount=decision.amount,
            one_time=decision.one_time,
            decision_id=decision.id,
            policy_version=decision.policy_version,
            inputs=inputs,
            occasion=str(getattr(decision, "occasion", "")),
        )


class DecisionLike(Protocol):
    """What a payment reads of a decision (:class:`labourbrand.policy.Decision`)."""

    @property
    def outcome(self) -> object: ...
    @property
    def brand_id(self) -> str: ...
    @property
    def brand(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def on(self) -> pendulum.Date: ...
    @property
    def amount(self) -> Fen | None: ...
    @property
    def one_time(self) -> bool: ...
    @property
    def id(self) -> str: ...
    @property
    def policy_version(self) -> str: ...


@runtime_checkable
class LedgerView(Protocol):
    """What a decision reads from a ledger: the payments recorded up to a day.

    .. versionadded:: 0.2.0
    """

    def paid(
        self,
        brand_id: str,
        measure: str,
        *,
        on: pendulum.Date | None = None,
        since: pendulum.Date | None = None,
        occasion: str | None = None,
    ) -> Payment | None:
        """The first payment of *measure* for *brand_id* recorded on or before *on* (any day if ``None``).

        With *since*, only a payment whose decision is dated on or after it;
        with *occasion*, only a payment for that occasion: a measure paid
        once per occasion (a showcase selection) asks for the payments of
        this occasion only.
        """

    def paid_ids(
        self, measure: str, *, on: pendulum.Date | None = None
    ) -> frozenset[str]:
        """The ids of the brands paid *measure* on or before *on* (any day if ``None``)."""

    def entries(self) -> Sequence[Payment]:
        """Every payment, in the order recorded."""


@runtime_checkable
class LedgerStore(LedgerView, Protocol):
    """A ledger that records payments in place, one claim at a time.

    :meth:`claim` is atomic: of several claims of one one-time measure for
    one brand and occasion, made at once from threads or processes, exactly
    one is recorded and the others raise
    :class:`~labourbrand.exceptions.AlreadyPaidError`.

    .. versionadded:: 0.2.0
    """

    def claim(self, payment: Payment) -> Payment:
        """Record *payment*, or raise :class:`~labourbrand.exceptions.AlreadyPaidError`."""
