"""Decisions: what the policy says about one brand, one measure, one day (private)."""

from __future__ import annotations

import enum
import hashlib
import html
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand.money import Fen


if TYPE_CHECKING:
    from collections.abc import Iterable

    from labourbrand.policy.parameters import DatedValue


class Outcome(enum.StrEnum):
    """The outcome of a decision.

    Example:
        >>> Outcome.NOT_IN_FORCE.zh
        '尚未施行'
    """

    #: The brand meets the conditions.
    ELIGIBLE = "eligible"
    #: The brand does not meet them.
    INELIGIBLE = "ineligible"
    #: A fact the conditions need is unknown.
    UNDETERMINED = "undetermined"
    #: The rule was not in force on the day asked about.
    NOT_IN_FORCE = "not_in_force"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _OUTCOME_ZH[self]


_OUTCOME_ZH: Final = {
    Outcome.ELIGIBLE: "符合条件",
    Outcome.INELIGIBLE: "不符合条件",
    Outcome.UNDETERMINED: "无法确定",
    Outcome.NOT_IN_FORCE: "尚未施行",
}


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


@final
@attrs.frozen
class Step:
    """One step of an explanation, in Chinese and English."""

    #: The step in Chinese.
    zh: str
    #: The step in English.
    en: str


@final
@attrs.frozen(kw_only=True)
class ParameterUse:
    """A dated parameter value a decision used, with where it comes from.

    .. versionchanged:: 0.2.0
       :attr:`amount`: a sum of money in integer fen beside its display text.
    """

    #: Parameter name, e.g. ``"employment_award_cap"``.
    name: str
    #: The value, as text for people (``"500"``, ``"¥300,000.00"``).
    value: str
    #: The first day of the value used.
    first_day: pendulum.Date
    #: The document that set it.
    reference: str
    #: The value in integer fen when it is a sum of money (then :attr:`value`
    #: is its display), else ``None``.
    amount: Fen | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(Fen))
    )

    @classmethod
    def of(cls, name: str, entry: DatedValue) -> ParameterUse:
        """The use of the dated value *entry* of parameter *name*.

        Example:
            >>> import pendulum
            >>> from labourbrand.policy.parameters import DatedValue
            >>> entry = DatedValue(first_day=pendulum.Date(2022, 4, 29),
            ...     value=Fen(30_000_000), reference="陕人社发〔2022〕13号")
            >>> use = ParameterUse.of("employment_award_cap", entry)
            >>> use.value, use.amount
            ('¥300,000.00', Fen(30000000))

        .. versionadded:: 0.2.0
        """
        value = entry.value
        return cls(
            name=name,
            value=str(value),
            first_day=entry.first_day,
            reference=entry.reference,
            amount=value if isinstance(value, Fen) else None,
        )


@final
@attrs.frozen(kw_only=True)
class Supplier:
    """Which plugin supplied a delegated value of a decision."""

    #: The plugin's registered name.
    plugin: str
    #: The plugin's version, if it declares one.
    version: str | None
    #: The jurisdiction of the rule (a region code or zone key).
    jurisdiction: str
    #: What it supplied, e.g. ``"amount"``.
    supplied: str
    #: The document the rule cites.
    reference: str


@final
@attrs.frozen(kw_only=True)
class InterpretationUse:
    """A reading of a contested passage that a decision used, and who chose it.

    .. versionadded:: 0.2.0
    """

    #: The interpretation, qualified by its document
    #: (``"shaanxi-2022-13:employment_award_headcount"``).
    interpretation: str = attrs.field(validator=check.text)
    #: The reading used.
    reading: str = attrs.field(validator=check.text)
    #: ``"default"``, or who chose another reading (``"policy"``: the
    #: application's or the scenario's choice).
    chosen_by: str = attrs.field(validator=check.text)


@final
@attrs.frozen(kw_only=True)
class Decision:
    """The policy's answer for one brand, one measure and one day, with its reasons.

    ``amount`` is ``None`` when the measure pays nothing, when the brand is not
    eligible, or when the amount is delegated and no plugin set it; in the last
    case :attr:`amount_set_by` names who must set it (delegated is not zero).

    .. versionadded:: 0.1.0
    """

    #: The measure, e.g. ``"employment_award"``.
    measure: str = attrs.field(validator=check.text)
    #: The brand's name.
    brand: str = attrs.field(validator=check.text)
    #: The day the decision is about.
    on: pendulum.Date = attrs.field(validator=check.day)
    #: The outcome.
    outcome: Outcome = attrs.field(validator=check.instance_of(Outcome))
    #: The amount, when there is one and it is known.
    amount: Fen | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(Fen))
    )
    #: Who must set the amount, when the text delegates it and no rule set it.
    amount_set_by: str | None = attrs.field(
        default=None, validator=check.optional(check.text)
    )
    #: Whether the amount was reduced to the province's cap.
    capped: bool = attrs.field(default=False, validator=check.flag)
    #: Who is paid (for an award: the creating unit), if known.
    payee: str | None = attrs.field(default=None, validator=check.optional(check.text))
    #: The fund it is paid from, e.g. ``"就业补助资金"``.
    fund: str | None = attrs.field(default=None, validator=check.optional(check.text))
    #: The clause ids the decision rests on.
    clauses: tuple[str, ...] = attrs.field(
        default=(), converter=_tuple, validator=check.each(str)
    )
    #: The explanation, step by step.
    steps: tuple[Step, ...] = attrs.field(
        default=(), converter=_tuple, validator=check.each(Step)
    )
    #: The parameter values used.
    parameters: tuple[ParameterUse, ...] = attrs.field(
        default=(), converter=_tuple, validator=check.each(ParameterUse)
    )
    #: The plugins that supplied delegated values.
    suppliers: tuple[Supplier, ...] = attrs.field(
        default=(), converter=_tuple, validator=check.each(Supplier)
    )
    #: The brand's stable id (:attr:`labourbrand.Brand.id`), by which a
    #: payment is keyed.
    brand_id: str = attrs.field(default="", validator=check.instance_of(str))
    #: The version of the policy that decided (:attr:`labourbrand.Policy.version`).
    policy_version: str = attrs.field(default="", validator=check.instance_of(str))
    #: Whether the measure is paid at most once per brand, or per
    #: :attr:`occasion` where it has one.
    one_time: bool = attrs.field(default=False, validator=check.flag)
    #: The readings of contested passages it used
    #: (:class:`~labourbrand.policy.Interpretation`), in the order asked.
    interpretations: tuple[InterpretationUse, ...] = attrs.field(
        default=(), converter=_tuple, validator=check.each(InterpretationUse)
    )
    #: The occasion a one-time payment is once per, such as a showcase
    #: selection (:attr:`ShowcaseSelection.occasion
    #: <labourbrand.policy.ShowcaseSelection.occasion>`); empty: once per brand.
    #:
    #: .. versionadded:: 0.2.0
    occasion: str = attrs.field(default="", validator=check.instance_of(str))

    @property
    def id(self) -> str:
        """A stable id derived from the decision's inputs and the policy's version.

        The same brand facts, day, measure and policy always give the same
        id, in any process; a payment cites it
        (:attr:`labourbrand.ledger.Payment.decision_id`). The inputs enter
        through what the decision records of them: its steps (every fact
        read), parameters and suppliers.

        .. versionadded:: 0.2.0
        """
        digest = hashlib.sha256()
        for part in (
            self.policy_version,
            self.measure,
            self.brand_id,
            self.brand,
            self.on.isoformat(),
            self.outcome.value,
            "" if self.amount is None else str(self.amount.amount),
            self.amount_set_by or "",
            str(self.capped),
            self.payee or "",
            self.fund or "",
            str(self.one_time),
            self.occasion,
            *(
                f"{u.interpretation}|{u.reading}|{u.chosen_by}"
                for u in self.interpretations
            ),
            *self.clauses,
            *(f"{s.zh}|{s.en}" for s in self.steps),
            *(
                f"{p.name}|{p.value}|{p.first_day}|{p.reference}"
                for p in self.parameters
            ),
            *(
                f"{s.plugin}|{s.version}|{s.jurisdiction}|{s.supplied}|{s.reference}"
                for s in self.suppliers
            ),
        ):
            digest.update(part.encode())
            digest.update(b"\x1f")
        return f"{self.measure}-{digest.hexdigest()[:24]}"

    def explain(self, *, lang: str = "en") -> str:
        """Return the decision and its steps as text, in ``"en"`` or ``"zh"``."""
        zh = lang == "zh"
        head = (
            f"{self.brand} · {self.measure} · {self.on.isoformat()} · "
            f"{self.outcome.zh if zh else self.outcome.value}"
        )
        lines = [head]
        if self.amount is not None:
            lines.append(
                ("金额:" if zh else "amount: ") + self.amount.format(lang=lang)
            )
        elif self.amount_set_by:
            lines.append(
                f"金额待定,由{self.amount_set_by}确定"
                if zh
                else f"amount to be set by {self.amount_set_by}"
            )
        lines += [f"  {i}. {s.zh if zh else s.en}" for i, s in enumerate(self.steps, 1)]
        lines.append(("依据:" if zh else "clauses: ") + ", ".join(self.clauses))
        lines += [
            ("  解读 " if zh else "  reading ")
            + f"{u.interpretation} = {u.reading} ({u.chosen_by})"
            for u in self.interpretations
        ]
        lines += [
            f"  {p.name} = {p.value} ({p.reference}, {p.first_day.isoformat()})"
            for p in self.parameters
        ]
        lines += [
            f"  {s.supplied}: plugin {s.plugin} {s.version or ''} for {s.jurisdiction} ({s.reference})".replace(
                "  (", " ("
            )
            for s in self.suppliers
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li>{html.escape(s.zh)}<br><small>{html.escape(s.en)}</small></li>"
            for s in self.steps
        )
        amount = (
            html.escape(str(self.amount))
            if self.amount is not None
            else html.escape(
                f"to be set by {self.amount_set_by}" if self.amount_set_by else "—"
            )
        )
        return (
            f"<div class='labourbrand-decision'><b>{html.escape(self.brand)}</b> · "
            f"{html.escape(self.measure)} · {self.on.isoformat()}<br>"
            f"<b>{self.outcome.zh} ({self.outcome.value})</b> · {amount}"
            f"<ol>{rows}</ol><small>clauses {html.escape(', '.join(self.clauses))}</small></div>"
        )
