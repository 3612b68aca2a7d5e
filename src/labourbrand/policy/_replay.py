"""Payments with their inputs, and the audit that decides them again (private)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, final

import attrs

from labourbrand._model import Brand
from labourbrand.exceptions import InvalidArgumentError, LabourBrandError
from labourbrand.ledger import Payment
from labourbrand.policy._decision import Decision, Outcome
from labourbrand.policy._facts import ShowcaseSelection


if TYPE_CHECKING:
    from collections.abc import Mapping

    from labourbrand.ledger import LedgerView
    from labourbrand.policy._engine import Policy


__all__ = ["ReplayFinding", "ReplayReport", "inputs_json", "read_inputs", "replay"]

#: The version of the inputs' JSON layout.
_INPUTS_FORMAT = 1


def inputs_json(brand: Brand, decision: Decision, facts: Mapping[str, object]) -> str:
    """The inputs of *decision* as JSON text: the brand as of its day, and the facts given."""
    from labourbrand.serialization import to_dict

    plain: dict[str, Any] = {}
    for name, value in sorted(facts.items()):
        plain[name] = to_dict(value) if isinstance(value, ShowcaseSelection) else value
    return json.dumps(
        {
            "format": _INPUTS_FORMAT,
            "brand": to_dict(brand.as_of(decision.on)),
            "facts": plain,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def read_inputs(text: str) -> tuple[Brand, dict[str, Any]]:
    """The brand and facts of a payment's stored inputs.

    Raises:
        DataError: the brand does not fit the model.
        InvalidArgumentError: the text is not inputs of a known format.
    """
    from labourbrand.serialization import from_dict

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"Expected the JSON inputs of a decision but got {text[:40]!r}"
        raise InvalidArgumentError(msg, field="inputs") from exc
    if not isinstance(data, dict) or data.get("format") != _INPUTS_FORMAT:
        msg = f"Expected inputs of format {_INPUTS_FORMAT} but got {text[:40]!r}"
        raise InvalidArgumentError(msg, field="inputs")
    brand = from_dict(data.get("brand"), Brand, source="payment inputs")
    facts: dict[str, Any] = dict(data.get("facts") or {})
    if isinstance(facts.get("selection"), dict):
        facts["selection"] = from_dict(
            facts["selection"], ShowcaseSelection, source="payment inputs"
        )
    return brand, facts


@final
@attrs.frozen(kw_only=True)
class ReplayFinding:
    """A recorded payment that the policy, deciding again, would not grant as recorded.

    .. versionadded:: 0.2.0
    """

    #: The payment.
    payment: Payment
    #: The decision made again from its stored inputs, if they could be read.
    decision: Decision | None
    #: Why it is reported, in English.
    reason: str


@final
@attrs.frozen(kw_only=True)
class ReplayReport:
    """What :meth:`labourbrand.Policy.replay` found: every payment decided again.

    .. versionadded:: 0.2.0
    """

    #: The policy version that decided again.
    policy_version: str
    #: How many payments were decided again.
    checked: int
    #: The payments it would not grant as recorded, in ledger order.
    findings: tuple[ReplayFinding, ...]

    @property
    def ok(self) -> bool:
        """Whether every payment is granted again as recorded."""
        return not self.findings

    def explain(self) -> str:
        """The report as text, one line per finding."""
        head = f"replayed {self.checked} payment(s) with policy {self.policy_version}: "
        if self.ok:
            return head + "every one granted again as recorded"
        lines = [head + f"{len(self.findings)} not granted as recorded"]
        lines += [
            f"  {f.payment.brand} ({f.payment.brand_id}) · {f.payment.measure} · "
            f"{f.payment.decided_on.isoformat()}: {f.reason}"
            for f in self.findings
        ]
        return "\n".join(lines)


def replay(policy: Policy, ledger: LedgerView) -> ReplayReport:
    """Decide every payment of *ledger* again from its stored inputs (see :meth:`Policy.replay`)."""
    findings: list[ReplayFinding] = []
    payments = tuple(ledger.entries())
    for payment in payments:
        finding = _replay_one(policy, payment)
        if finding is not None:
            findings.append(finding)
    return ReplayReport(
        policy_version=policy.version, checked=len(payments), findings=tuple(findings)
    )


def _replay_one(policy: Policy, payment: Payment) -> ReplayFinding | None:
    if not payment.inputs:
        return ReplayFinding(
            payment=payment, decision=None, reason="no inputs were stored with it"
        )
    try:
        brand, facts = read_inputs(payment.inputs)
        again = policy.decide(
            payment.measure, brand, on=payment.decided_on, ledger=None, **facts
        )
    except LabourBrandError as exc:
        return ReplayFinding(
            payment=payment,
            decision=None,
            reason=f"its inputs cannot be decided: {exc}",
        )
    if brand.id != payment.brand_id:
        reason = f"its inputs are for brand id {brand.id!r}"
    elif again.outcome is not Outcome.ELIGIBLE:
        reason = f"the policy now decides {again.outcome.value}"
    elif payment.amount is not None and again.amount != payment.amount:
        reason = f"the policy now grants {again.amount}, not {payment.amount}"
    elif payment.policy_version == policy.version and again.id != payment.decision_id:
        reason = "the same policy version gives another decision from its inputs"
    else:
        return None
    return ReplayFinding(payment=payment, decision=again, reason=reason)
