"""The ledger: payments made, so that a one-time measure is paid at most once (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, final

import attrs
import pendulum

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen
from labourbrand.policy._decision import Decision, Outcome


if TYPE_CHECKING:
    from collections.abc import Iterable

    from labourbrand.policy.documents.shaanxi_2022_13 import Measure


__all__ = ["Ledger", "Payment"]


@final
@attrs.frozen(kw_only=True)
class Payment:
    """One payment recorded in a :class:`Ledger`."""

    #: The brand paid for.
    brand: str
    #: The measure.
    measure: str
    #: The day of the decision.
    on: pendulum.Date
    #: The amount, if it was known when recorded.
    amount: Fen | None


def _payments(items: Iterable[Payment]) -> tuple[Payment, ...]:
    return tuple(items)


@final
@attrs.frozen
class Ledger:
    """Payments made, so that one-time awards are paid at most once.

    Immutable: :meth:`record` returns a new ledger.

    .. versionadded:: 0.1.0
    """

    #: Payments, oldest first.
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=_payments)

    def paid(self, brand: str, measure: Measure | str) -> Payment | None:
        """Return the payment of *measure* for *brand*, if one was recorded."""
        for payment in self.payments:
            if payment.brand == brand and payment.measure == measure:
                return payment
        return None

    def record(self, decision: Decision) -> Ledger:
        """Return a new ledger with *decision*'s payment.

        Raises:
            InvalidArgumentError: the decision is not eligible, or the
                one-time measure was already paid for that brand.
        """
        if decision.outcome is not Outcome.ELIGIBLE:
            msg = f"Expected an eligible decision but got outcome={decision.outcome.value!r}"
            raise InvalidArgumentError(msg)
        if self.paid(decision.brand, decision.measure):
            msg = f"Expected a first payment but {decision.measure} was already paid for {decision.brand!r}"
            raise InvalidArgumentError(msg)
        payment = Payment(
            brand=decision.brand,
            measure=decision.measure,
            on=decision.on,
            amount=decision.amount,
        )
        return Ledger([*self.payments, payment])
