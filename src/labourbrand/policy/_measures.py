"""Declarations: a measure of a policy document, as data the interpreter reads (private).

A :class:`MeasureSpec` says what a clause grants and on what conditions, in the
vocabulary of :mod:`labourbrand.policy._vocabulary`: its clause, the sentence of
the text it rests on, its conditions in order, the notes its explanation adds,
who is paid, from which fund, who sets the amount, its cap and whether it is
paid once. It holds no code: :mod:`labourbrand.policy._interpret` evaluates it
for one brand (with the steps of its explanation) and over numpy columns.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._vocabulary import ByReading, Condition, Unless, Wording


if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


__all__ = [
    "DelegatedValue",
    "Delegation",
    "Level",
    "MeasureSpec",
    "Note",
    "OncePer",
    "Payee",
]


class Payee(enum.StrEnum):
    """Who a measure pays, as the text says it.

    Example:
        >>> Payee.PERSONS.zh
        '符合条件的个人'
    """

    #: The brand's creating unit (培育创建单位).
    CREATING_UNIT = "creating_unit"
    #: The persons it is for (workers, founders), not the unit.
    PERSONS = "persons"
    #: The text does not say who is paid: the rules in force do.
    NOT_STATED = "not_stated"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _PAYEE_ZH[self]


_PAYEE_ZH: Final = {
    Payee.CREATING_UNIT: "劳务品牌培育创建单位",
    Payee.PERSONS: "符合条件的个人",
    Payee.NOT_STATED: "原文未明确(按规定)",
}


class Level(enum.StrEnum):
    """The level of government (or body of rules) a text delegates a value to.

    Example:
        >>> Level.CITY.value
        'city'
    """

    #: The city level (市级): prefecture cities and units with city-level powers.
    CITY = "city"
    #: The province.
    PROVINCE = "province"
    #: The rules in force (按规定): no level is named.
    REGULATIONS = "regulations"
    #: The text names no body.
    UNNAMED = "unnamed"


@final
@attrs.frozen
class Delegation:
    """Who the text says sets a measure's amount or detail.

    For :attr:`Level.CITY`, a decision names the city-level unit of the
    brand's county: "市级财政、人社部门" of 安康市 is "安康市财政、人社部门".

    Example:
        >>> Delegation(Level.CITY, "市级财政、人社部门", "the city finance and HRSS bureaus").for_unit("安康市")
        '安康市财政、人社部门'
    """

    #: The level.
    level: Level
    #: The body as the text names it, in Chinese, and in English.
    zh: str
    en: str

    def for_unit(self, unit_zh: str) -> str:
        """The body of the city-level unit *unit_zh* (a city level's own name)."""
        if self.level is Level.CITY:
            return f"{unit_zh}{self.zh.removeprefix('市级')}"
        return self.zh


@final
@attrs.frozen(kw_only=True)
class Note:
    """A step that describes a fact without testing it (e.g. the brand's category).

    ``{detail}`` is the fact's description; without one, :attr:`unknown` is said.
    """

    #: The fact described.
    fact: str
    #: Words when the fact is known (``{detail}`` describes it).
    known: Wording
    #: Words when it is not.
    unknown: Wording


@final
@attrs.frozen(kw_only=True)
class DelegatedValue:
    """A value the text leaves to a body, which a check reads from a city's rule.

    Not an amount: e.g. what counts as a "marked fall" in jobs (a ratio), or
    the weight of a funding tilt. Rules may set it for their jurisdiction.

    .. versionadded:: 0.2.0
    """

    #: Its id, unique in its document, as a rule names it (e.g. ``"exit_job_fall"``).
    id: str
    #: The clause that delegates it.
    clause: str
    #: Its name in Chinese and English.
    name: Wording
    #: Who sets it.
    set_by: Delegation
    #: Whether a rule sets it as a :class:`~labourbrand.rules.Ratio` (checked
    #: when the policy is built); otherwise as an amount formula.
    ratio: bool = False


def _conditions(items: Iterable[Condition]) -> tuple[Condition, ...]:
    return tuple(items)


def _notes(items: Iterable[Wording | Note]) -> tuple[Wording | Note, ...]:
    return tuple(items)


def _names(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


_PER: Final = ("brand", "selection")


def _pairs(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(reading), str(unit)) for reading, unit in items)


@final
@attrs.frozen
class OncePer:
    """What a one-time payment is once per, by the reading in force of an interpretation.

    Example:
        >>> OncePer("showcase_award_class", (("event_level", "selection"), ("brand_category", "brand")))
        OncePer(interpretation='showcase_award_class', per=(('event_level', 'selection'), ('brand_category', 'brand')))

    .. versionadded:: 0.2.0
    """

    #: The interpretation's id.
    interpretation: str
    #: ``(reading id, "brand" or "selection")`` for every reading.
    per: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)

    def __attrs_post_init__(self) -> None:
        for index, (_, unit) in enumerate(self.per):
            if unit not in _PER:
                msg = f"Expected 'brand' or 'selection' but got per[{index}]={unit!r}"
                raise InvalidArgumentError(msg, field=f"per[{index}]")


def _once_per(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not (isinstance(value, OncePer) or value in _PER):
        msg = f"Expected 'brand', 'selection' or an OncePer but got {attribute.name}={value!r}"
        raise InvalidArgumentError(msg, field=attribute.name)


@final
@attrs.frozen(kw_only=True)
class MeasureSpec:
    """A measure a document grants, declared as data.

    Example:
        >>> from labourbrand.policy import Policy
        >>> spec = Policy.shaanxi(entry_points=False).measure("employment_award")
        >>> spec.clause, spec.payee.value, spec.one_time, spec.cap
        ('4.2', 'creating_unit', True, 'employment_award_cap')

    .. versionadded:: 0.2.0
    """

    #: The measure's id, unique in its document (e.g. ``"employment_award"``).
    id: str
    #: The clause that grants it, within its document (e.g. ``"4.2"``).
    clause: str
    #: Its name in Chinese and English.
    name: Wording
    #: The sentence of the text it rests on, verbatim, and in English.
    quote: Wording
    #: The conditions, in the order the text implies; the first that fails decides.
    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)
    #: Steps said when every condition holds, before the amount.
    notes: tuple[Wording | Note, ...] = attrs.field(default=(), converter=_notes)
    #: Who is paid.
    payee: Payee
    #: The fund it is paid from, when the text names one.
    fund: str | None = None
    #: Who sets the amount.
    set_by: Delegation
    #: The parameter that caps every amount, if any (no rule may pass it).
    cap: str | None = None
    #: The facts a caller passes beyond the brand record, by argument name.
    needs: tuple[str, ...] = attrs.field(default=(), converter=_names)
    #: What a one-time (一次性) payment is once per: ``"brand"``, or
    #: ``"selection"`` (once per showcase selection, the occasion's day read
    #: from the ``selection`` fact: a payment decided before it is another
    #: occasion's).
    #: An :class:`OncePer` when that depends on the reading of an interpretation.
    once_per: str | OncePer = attrs.field(default="brand", validator=_once_per)

    #: Whether it is paid once (a condition reads the ledger), per :attr:`once_per`.
    one_time: bool = attrs.field(init=False, eq=False)
    #: Every parameter the measure reads: its conditions' thresholds, then its cap.
    parameters: tuple[str, ...] = attrs.field(init=False, eq=False)
    #: Every fact of a brand its conditions and notes read.
    facts: frozenset[str] = attrs.field(init=False, eq=False)

    def once_per_on(self, reading: Callable[[str], tuple[str, str]]) -> str:
        """``"brand"`` or ``"selection"``: what a payment is once per, under *reading* (a day's)."""
        if isinstance(self.once_per, str):
            return self.once_per
        chosen, _by = reading(self.once_per.interpretation)
        return dict(self.once_per.per)[chosen]

    def __attrs_post_init__(self) -> None:
        one_time = any(
            isinstance(c, Unless) and c.fact == "paid"
            for condition in self.conditions
            for c in (
                [r for _, r in condition.readings]
                if isinstance(condition, ByReading)
                else [condition]
            )
        )
        names = [name for c in self.conditions for name in c.reads]
        if self.cap is not None:
            names.append(self.cap)
        facts: set[str] = set()
        for item in (*self.conditions, *self.notes):
            facts.update(getattr(item, "facts", ()) or ())
            fact = getattr(item, "fact", None)
            if isinstance(fact, str):
                facts.add(fact)
        object.__setattr__(self, "facts", frozenset(facts))
        object.__setattr__(self, "one_time", one_time)
        object.__setattr__(self, "parameters", tuple(dict.fromkeys(names)))
