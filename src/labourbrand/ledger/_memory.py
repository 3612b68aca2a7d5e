"""Ledgers in memory: an immutable value and a store for one process (private)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, final

import attrs

from labourbrand.exceptions import AlreadyPaidError, InvalidArgumentError
from labourbrand.ledger._payment import Payment


if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import pendulum

    from labourbrand.ledger._payment import DecisionLike


__all__ = ["Ledger", "MemoryLedger", "first_paid", "refuse_second"]


def first_paid(  # noqa: PLR0913 - the question's parts; since and occasion by keyword
    payments: Iterable[Payment],
    brand_id: str,
    measure: str,
    on: pendulum.Date | None,
    *,
    since: pendulum.Date | None = None,
    occasion: str | None = None,
) -> Payment | None:
    """The first of *payments* of *measure* for *brand_id* recorded on or before *on*.

    With *since*, only a payment whose decision is dated on or after it; with
    *occasion*, only one for that occasion.
    """
    for payment in payments:
        if (
            payment.brand_id == brand_id
            and payment.measure == measure
            and (on is None or payment.on <= on)
            and (since is None or payment.decided_on >= since)
            and (occasion is None or payment.occasion == occasion)
        ):
            return payment
    return None


def refuse_second(payments: Iterable[Payment], payment: Payment) -> None:
    """Raise if *payment* would pay a one-time measure twice or repeat a decision."""
    for old in payments:
        if old.decision_id == payment.decision_id or (
            payment.one_time
            and old.one_time
            and old.brand_id == payment.brand_id
            and old.measure == payment.measure
            and old.occasion == payment.occasion
        ):
            raise AlreadyPaidError(
                brand_id=payment.brand_id, measure=payment.measure, paid_on=old.on
            )


def _payments(items: Iterable[Payment]) -> tuple[Payment, ...]:
    found = tuple(items)
    for index, item in enumerate(found):
        candidate: object = item  # callers may pass anything at run time
        if not isinstance(candidate, Payment):
            msg = f"Expected a Payment but got payments[{index}]={item!r} (type={type(item).__name__})"
            raise InvalidArgumentError(msg, field=f"payments[{index}]")
    for index, item in enumerate(found):
        try:
            refuse_second(found[:index], item)
        except AlreadyPaidError as error:
            msg = f"Expected each one-time measure paid once per brand but got payments[{index}]: {error}"
            raise InvalidArgumentError(msg, field=f"payments[{index}]") from error
    return found


@final
@attrs.frozen
class Ledger:
    """Payments made, as an immutable value: :meth:`record` returns a new ledger.

    Right for a notebook or a simulation. An application that pays money
    keeps its payments in a store that survives a restart and claims
    atomically: :class:`~labourbrand.ledger.SQLiteLedger` or
    :class:`~labourbrand.ledger.PostgresLedger`.

    Raises:
        InvalidArgumentError: an item is not a :class:`Payment`, or a one-time
            measure is paid twice for one brand.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Keyed by the brand's id; validates its payments; :meth:`paid` takes ``on``.
    """

    #: Payments, oldest first.
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=_payments)

    def paid(
        self,
        brand_id: str,
        measure: str,
        *,
        on: pendulum.Date | None = None,
        since: pendulum.Date | None = None,
        occasion: str | None = None,
    ) -> Payment | None:
        """The first payment of *measure* for *brand_id* recorded on or before *on*.

        With *since*, only a payment whose decision is dated on or after it;
        with *occasion*, only one for that occasion (a measure paid once per
        occasion, such as a showcase selection).
        """
        return first_paid(
            self.payments, brand_id, str(measure), on, since=since, occasion=occasion
        )

    def paid_ids(
        self, measure: str, *, on: pendulum.Date | None = None
    ) -> frozenset[str]:
        """The ids of the brands paid *measure* on or before *on*."""
        return frozenset(
            p.brand_id
            for p in self.payments
            if p.measure == measure and (on is None or p.on <= on)
        )

    def entries(self) -> Sequence[Payment]:
        """Every payment, oldest first."""
        return self.payments

    def record(
        self,
        decision: DecisionLike,
        *,
        on: pendulum.Date | None = None,
        inputs: str = "",
    ) -> Ledger:
        """Return a new ledger with *decision*'s payment, recorded on *on* (its day by default).

        Raises:
            InvalidArgumentError: the decision is not eligible.
            AlreadyPaidError: the one-time measure was already paid for that brand.
        """
        return self.with_payment(Payment.of(decision, on=on, inputs=inputs))

    def with_payment(self, payment: Payment) -> Ledger:
        """Return a new ledger with *payment* (see :meth:`record`)."""
        refuse_second(self.payments, payment)
        new = object.__new__(Ledger)
        object.__setattr__(new, "payments", (*self.payments, payment))
        return new


@final
class MemoryLedger:
    """A ledger store in memory for one process: claims are atomic across threads.

    Example:
        >>> import attrs, pendulum
        >>> from labourbrand.ledger import MemoryLedger, Payment
        >>> store = MemoryLedger()
        >>> p = Payment(brand_id="b1", brand="某品牌", measure="employment_award",
        ...     on=pendulum.Date(2023, 3, 1), decided_on=pendulum.Date(2023, 3, 1),
        ...     amount=None, one_time=True, decision_id="d-1", policy_version="v")
        >>> store.claim(p) is p
        True
        >>> store.claim(attrs.evolve(p, decision_id="d-2"))
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.AlreadyPaidError: Expected a first payment but employment_award was already paid for brand id 'b1' on 2023-03-01 (a one-time measure is paid once)

    .. versionadded:: 0.2.0
    """

    def __init__(self, payments: Iterable[Payment] = ()) -> None:
        self._lock = threading.Lock()
        self._payments: list[Payment] = []
        # Indexes, so that a claim and a look-up cost the same with a million payments.
        self._by_key: dict[tuple[str, str], list[Payment]] = {}
        self._one_time: dict[tuple[str, str, str], Payment] = {}
        self._decisions: set[str] = set()
        for payment in _payments(payments):
            self._add(payment)

    def _add(self, payment: Payment) -> None:
        key = (payment.brand_id, payment.measure)
        self._payments.append(payment)
        self._by_key.setdefault(key, []).append(payment)
        self._decisions.add(payment.decision_id)
        if payment.one_time:
            self._one_time[(*key, payment.occasion)] = payment

    def paid(
        self,
        brand_id: str,
        measure: str,
        *,
        on: pendulum.Date | None = None,
        since: pendulum.Date | None = None,
        occasion: str | None = None,
    ) -> Payment | None:
        """The first payment of *measure* for *brand_id* recorded on or before *on*.

        With *since*, only a payment whose decision is dated on or after it;
        with *occasion*, only one for that occasion (a measure paid once per
        occasion, such as a showcase selection).
        """
        with self._lock:
            found = self._by_key.get((brand_id, str(measure)), ())
            return first_paid(
                found, brand_id, str(measure), on, since=since, occasion=occasion
            )

    def paid_ids(
        self, measure: str, *, on: pendulum.Date | None = None
    ) -> frozenset[str]:
        """The ids of the brands paid *measure* on or before *on*."""
        with self._lock:
            return frozenset(
                p.brand_id
                for p in self._payments
                if p.measure == measure and (on is None or p.on <= on)
            )

    def entries(self) -> Sequence[Payment]:
        """Every payment, in the order recorded."""
        with self._lock:
            return tuple(self._payments)

    def claim(self, payment: Payment) -> Payment:
        """Record *payment* atomically, or raise :class:`~labourbrand.exceptions.AlreadyPaidError`."""
        candidate: object = payment  # callers may pass anything at run time
        if not isinstance(candidate, Payment):
            msg = f"Expected a Payment but got payment={payment!r} (type={type(payment).__name__})"
            raise InvalidArgumentError(msg, field="payment")
        with self._lock:
            if payment.decision_id in self._decisions:
                refuse_second(self._payments, payment)
            old = self._one_time.get(
                (payment.brand_id, payment.measure, payment.occasion)
            )
            if payment.one_time and old is not None:
                raise AlreadyPaidError(
                    brand_id=payment.brand_id, measure=payment.measure, paid_on=old.on
                )
            self._add(payment)
        return payment
