"""The policy's acts on the record: lifecycle events, admission, claims, audits (private).

A part of :class:`~labourbrand.policy.Policy`, kept apart so that each file
holds one idea: the document's lifecycle, the award route into the pool,
checking a decision read from outside, claiming a payment and replaying a
ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from labourbrand._model import Authority, Brand, Event, Stage
from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.ledger import LedgerStore, LedgerView, Payment
from labourbrand.money import Fen

# Imported at run time so that documentation tools resolve the annotations.
from labourbrand.policy._check import typed_arg
from labourbrand.policy._decision import Decision, Outcome
from labourbrand.policy.documents.shaanxi_2022_13 import (
    Measure,
)


if TYPE_CHECKING:
    from typing import Any

    import pendulum

    from labourbrand.lifecycle import Transition
    from labourbrand.policy._engine import Policy
    from labourbrand.policy._measures import MeasureSpec
    from labourbrand.policy._replay import ReplayReport


__all__ = ["RecordMethods", "cap_of", "check_ledger"]


def check_ledger(ledger: object) -> None:
    """Refuse what is not a ledger (any :class:`~labourbrand.ledger.LedgerView`)."""
    if ledger is not None and not isinstance(ledger, LedgerView):
        msg = (
            "Expected a ledger (labourbrand.ledger.Ledger, MemoryLedger, SQLiteLedger, "
            f"PostgresLedger or any LedgerView) but got ledger={ledger!r} "
            f"(type={type(ledger).__name__})"
        )
        raise InvalidArgumentError(msg, field="ledger")


class RecordMethods:
    """The record methods of :class:`~labourbrand.policy.Policy`."""

    __slots__ = ()

    @property
    def lifecycle(self) -> tuple[Transition, ...]:
        """The transition table of the policy's documents (the first that declares one).

        .. versionadded:: 0.2.0
        """
        policy = cast("Policy", self)
        for document in policy.documents:
            if document.lifecycle:
                return document.lifecycle
        from labourbrand.lifecycle import TRANSITIONS

        return TRANSITIONS

    def transition(
        self,
        brand: Brand,
        event: Event,
        *,
        on: DayLike,
        by: Authority | None = None,
        **payload: Any,  # noqa: ANN401 - transition's keyword payload
    ) -> Brand:
        """Apply a lifecycle *event* to *brand* by the table of the policy's document.

        :func:`labourbrand.lifecycle.transition` with ``table=`` the
        document's :attr:`lifecycle`: who may act, the guards and the clauses
        are the document's. *payload* is the event's (``note``, ``grounds``,
        ``recognition``, ``evidence``).

        Example:
            >>> import pendulum
            >>> import labourbrand as lb
            >>> policy = lb.Policy.shaanxi(entry_points=False)
            >>> b = lb.Brand(name_zh="某品牌", county="610924", maturity=lb.Maturity.ESTABLISHED)
            >>> policy.transition(b, lb.Event.ESTABLISH, on=pendulum.Date(2022, 6, 1)).stage.value
            'cultivating'

        .. versionadded:: 0.2.0
        """
        policy = cast("Policy", self)
        from labourbrand import lifecycle

        return lifecycle.transition(
            brand,
            event,
            on=as_date(on, name="on"),
            by=by,
            table=policy.lifecycle,
            **payload,
        )

    def admit(
        self,
        brand: Brand,
        decision: Decision,
        *,
        on: DayLike | None = None,
        by: Authority = Authority.PROVINCIAL_HRSS,
        ledger: LedgerView | None = None,
    ) -> Brand:
        """Admit *brand* to the provincial resource pool on an eligible employment award.

        Clause 4.2: a brand due the award 纳入省级劳务品牌资源库; clause 3.3:
        the pool is the provincial HRSS department's (省人社厅). The award is
        decided again from *brand* as it was on the decision's day, so a
        decision that does not follow from the brand and this policy (forged,
        edited, of another policy version) is refused. The audit record cites
        the decision's id. A brand already in the pool is returned unchanged.

        Args:
            brand: the brand.
            decision: its eligible employment award.
            on: the day of admission; by default the decision's day.
            by: who admits (the provincial HRSS department).
            ledger: the ledger the award was decided with, if any.

        Raises:
            InvalidArgumentError: the decision is not an eligible employment
                award for this brand, or does not follow from it.
            ActorNotAllowedError: *by* may not admit.
            IllegalTransitionError: the lifecycle refuses (e.g. the brand
                has not been established yet).

        .. versionchanged:: 0.2.0
           Takes the actor and the day; checks the decision by deciding again.
        """
        policy = cast("Policy", self)
        from labourbrand import lifecycle

        brand = typed_arg(Brand, brand, "brand")
        decision = typed_arg(Decision, decision, "decision")
        if (
            decision.measure != Measure.EMPLOYMENT_AWARD
            or decision.outcome is not Outcome.ELIGIBLE
        ):
            msg = f"Expected an eligible employment award for {brand.name_zh!r} but got {decision.measure} {decision.outcome.value}"
            raise InvalidArgumentError(msg, field="decision")
        policy.verify(decision, brand, ledger=ledger)
        if brand.stage is Stage.IN_POOL:
            return brand
        return lifecycle.transition(
            brand,
            Event.ADMIT_ON_AWARD,
            table=policy.lifecycle,
            on=decision.on if on is None else as_date(on, name="on"),
            by=by,
            note="吸纳就业一次性奖补",
            evidence=decision,
        )

    def verify(
        self,
        decision: Decision,
        brand: Brand,
        *,
        ledger: LedgerView | None = None,
        **facts: object,
    ) -> Decision:
        """Check that *decision* is what this policy decides for *brand*, and return it.

        A decision read from outside (JSON, a request, a stored record) is
        decided again from the brand as it was on the decision's day, with
        the same *facts* and *ledger*, and must be the same decision: the
        same id (:attr:`Decision.id <labourbrand.policy.Decision.id>`). A
        decision of another policy version, for another brand, or with an
        amount above its cap is refused with the reason.

        Raises:
            InvalidArgumentError: the decision is not a
                :class:`~labourbrand.policy.Decision`, or it does not follow.

        Example:
            >>> import attrs, pendulum
            >>> import labourbrand as lb
            >>> policy = lb.Policy.shaanxi(entry_points=False)
            >>> brand = lb.Brand(name_zh="紫阳修脚师", county="610924")
            >>> d = policy.transport_subsidy(brand, on=pendulum.Date(2023, 1, 1))
            >>> policy.verify(d, brand) is d
            True
            >>> policy.verify(attrs.evolve(d, policy_version="other"), brand)
            Traceback (most recent call last):
            ...
            labourbrand.exceptions.InvalidArgumentError: Expected a decision of policy version ... but got policy_version='other'

        .. versionadded:: 0.2.0
        """
        policy = cast("Policy", self)
        decision = typed_arg(Decision, decision, "decision")
        brand = typed_arg(Brand, brand, "brand")
        if decision.policy_version != policy.version:
            msg = f"Expected a decision of policy version {policy.version!r} but got policy_version={decision.policy_version!r}"
            raise InvalidArgumentError(msg, field="policy_version")
        if decision.brand_id != brand.id:
            msg = f"Expected a decision for brand id {brand.id!r} but got brand_id={decision.brand_id!r}"
            raise InvalidArgumentError(msg, field="brand_id")
        spec = policy.measure(decision.measure)
        cap = cap_of(policy, spec, decision.on)
        if cap is not None and decision.amount is not None and decision.amount > cap:
            msg = f"Expected an amount of at most the cap {cap} but got amount={decision.amount}"
            raise InvalidArgumentError(msg, field="amount")
        again = policy.decide(spec.id, brand, on=decision.on, ledger=ledger, **facts)
        if again.id != decision.id:
            msg = (
                f"Expected the decision this policy makes for {brand.name_zh!r} on "
                f"{decision.on.isoformat()} ({again.outcome.value}, amount "
                f"{again.amount}) but got {decision.outcome.value}, amount {decision.amount}"
            )
            raise InvalidArgumentError(msg, field="decision")
        return decision

    def claim(
        self,
        decision: Decision,
        brand: Brand,
        ledger: LedgerStore,
        *,
        on: DayLike | None = None,
        **facts: object,
    ) -> Payment:
        """Record the payment of an eligible *decision* in *ledger*, atomically.

        The decision is first checked (:meth:`verify`, without the ledger);
        the payment keeps the decision's id and policy version and its inputs
        (the brand as of the decision's day, and *facts*), so that
        :meth:`replay` can decide it again. Of several claims of one one-time
        measure for one brand, made at once, the store records exactly one.

        Args:
            decision: an eligible decision of this policy for *brand*.
            brand: the brand.
            ledger: a :class:`~labourbrand.ledger.LedgerStore`
                (:class:`~labourbrand.ledger.MemoryLedger`,
                :class:`~labourbrand.ledger.SQLiteLedger`,
                :class:`~labourbrand.ledger.PostgresLedger`).
            on: the day of payment; by default the decision's day.
            facts: the facts the decision was given (``selection``, ...).

        Returns:
            The payment recorded.

        Raises:
            InvalidArgumentError: the decision is not eligible or does not
                follow (see :meth:`verify`), or *on* is before its day.
            AlreadyPaidError: the one-time measure was already paid to the brand.
            LedgerError: the store cannot be written.

        .. versionadded:: 0.2.0
        """
        policy = cast("Policy", self)
        from labourbrand.policy._replay import inputs_json

        candidate: object = ledger  # callers may pass anything at run time
        if not isinstance(candidate, LedgerStore):
            msg = f"Expected a ledger store with claim() (MemoryLedger, SQLiteLedger, PostgresLedger) but got ledger={ledger!r} (type={type(ledger).__name__})"
            raise InvalidArgumentError(msg, field="ledger")
        policy.verify(decision, brand, ledger=None, **facts)
        if decision.outcome is not Outcome.ELIGIBLE:
            msg = f"Expected an eligible decision but got outcome={decision.outcome.value!r}"
            raise InvalidArgumentError(msg, field="outcome")
        payment = Payment.of(
            decision,
            on=None if on is None else as_date(on, name="on"),
            inputs=inputs_json(brand, decision, facts),
        )
        return ledger.claim(payment)

    def replay(self, ledger: LedgerView) -> ReplayReport:
        """Decide every payment of *ledger* again from its stored inputs, for an audit.

        Each payment is decided again by this policy, on the decision's
        day, from the brand and facts stored with it (:meth:`claim`). The
        report lists the payments it would no longer grant as recorded: now
        ineligible, another amount, inputs that cannot be read, none stored.

        .. versionadded:: 0.2.0
        """
        policy = cast("Policy", self)
        from labourbrand.policy._replay import replay

        check_ledger(ledger)
        return replay(policy, ledger)


def cap_of(policy: Policy, spec: MeasureSpec, on: pendulum.Date) -> Fen | None:
    """The cap of *spec* in force on day *on*, if it has one."""
    if spec.cap is None:
        return None
    entry = policy.day(on).entry(spec.cap)
    value = None if entry is None else entry.value
    return value if isinstance(value, Fen) else None
