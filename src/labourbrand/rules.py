"""The rule vocabulary shared by plugins and the policy: what a city (or the province) supplies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import pendulum

from labourbrand import _validators as v
from labourbrand.dates import as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import MAX_FEN, Fen


if TYPE_CHECKING:
    from labourbrand._model import Brand, WorkforceObservation


__all__ = [
    "HEAD_COUNTS",
    "BrandFormula",
    "CityCondition",
    "Declines",
    "Flat",
    "Linear",
    "MinimumCount",
    "PerHead",
    "Ratio",
    "Rule",
]


#: The head counts of a workforce observation a per-head rate may multiply.
HEAD_COUNTS: Final = frozenset(
    {
        "practitioners",
        "rural",
        "rural_signed",
        "poverty_alleviated",
        "rural_low_income",
        "trained",
    }
)


def _fen(_instance: object, attribute: attrs.Attribute[Fen], value: object) -> None:
    if not isinstance(value, Fen):
        msg = f"Expected a Fen amount but got {attribute.name}={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field=attribute.name)


@final
@attrs.frozen(kw_only=True)
class Linear:
    """The one meaning of an amount rule: ``flat + sum(rate * count)``, then its cap.

    :class:`Flat` and :class:`PerHead` are written this way, and both
    evaluators read this form rather than the rule: :meth:`amount` for one
    brand, and, for columns of brands, the policy's batch path, which spreads
    each county's ``flat``, ``rates`` and ``cap`` over its rows as one numpy
    expression of the same sum. A count that is unknown (``None``, or ``-1``
    in a column) gives no amount; a sum above
    :data:`~labourbrand.money.MAX_FEN` is refused.

    Example:
        >>> rule = Linear(flat=100, rates=(("trained", 50),), cap=1_000)
        >>> rule.amount({"trained": 4}), rule.amount({"trained": 40}), rule.amount({"trained": None})
        (Fen(300), Fen(1000), None)

    .. versionadded:: 0.2.0
    """

    #: The flat part, in fen.
    flat: int
    #: ``(head count, rate in fen)`` pairs.
    rates: tuple[tuple[str, int], ...]
    #: The rule's own cap in fen, if any.
    cap: int | None

    @property
    def reads(self) -> tuple[str, ...]:
        """The head counts the rule multiplies."""
        return tuple(dict.fromkeys(name for name, _ in self.rates))

    def amount(self, counts: Mapping[str, int | None]) -> Fen | None:
        """The amount for one brand's head counts; ``None`` if a count it reads is unknown."""
        total = self.flat
        for name, rate in self.rates:
            count = counts.get(name)
            if count is None or count < 0:
                return None
            total += rate * count
        if self.cap is not None:
            total = min(total, self.cap)
        if total > MAX_FEN:
            msg = f"Expected a per-head amount <= {MAX_FEN} fen but the rule gives {total}"
            raise InvalidArgumentError(msg, field="rates")
        return Fen(total)


@final
@attrs.frozen
class Flat:
    """A flat sum per brand.

    Example:
        >>> Flat(Fen.from_yuan(100_000)).amount_for(None)
        Fen(10000000)
    """

    #: The sum.
    amount: Fen = attrs.field(validator=_fen)

    @property
    def linear(self) -> Linear:
        """The rule as ``flat + sum(rate * count)``, capped: its one meaning."""
        return Linear(flat=self.amount.amount, rates=(), cap=None)

    def amount_for(self, _observation: WorkforceObservation | None) -> Fen:
        """Return the sum, whatever the head counts."""
        return self.amount


def _rates(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple):
        msg = f"Expected (head count, rate) pairs but got {v.got('rates', value)}"
        raise InvalidArgumentError(msg, field="rates")
    if not value:
        msg = "Expected at least one (head count, rate) pair but got rates=()"
        raise InvalidArgumentError(msg, field="rates")
    for pair in value:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2  # noqa: PLR2004
            and pair[0] in HEAD_COUNTS
            and isinstance(pair[1], Fen)
        ):
            msg = f"Expected (one of {sorted(HEAD_COUNTS)}, Fen) but got rates item {pair!r}"
            raise InvalidArgumentError(msg, field="rates")


def _tuple(value: Any) -> Any:  # noqa: ANN401 - anything a plugin passed
    """*value* as a tuple if it is an iterable other than text; else as it is, for the validator to refuse."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return value


def _pairs(items: Iterable[tuple[str, Fen]]) -> tuple[tuple[str, Fen], ...]:
    return _tuple(items)  # type: ignore[no-any-return]


@final
@attrs.frozen(kw_only=True)
class PerHead:
    """Rates per head of the brand's workforce, summed, optionally capped.

    Example:
        >>> import pendulum
        >>> from labourbrand import WorkforceObservation
        >>> rule = PerHead(rates=[("rural_signed", Fen.from_yuan(200))], cap=Fen.from_yuan(150_000))
        >>> obs = WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900,
        ...                            rural=800, rural_signed=600)
        >>> rule.amount_for(obs)
        Fen(12000000)
    """

    #: ``(head count, rate)`` pairs; head counts are fields of a workforce observation.
    rates: tuple[tuple[str, Fen], ...] = attrs.field(converter=_pairs, validator=_rates)
    #: The rule's own cap, if any (the province's cap applies anyway).
    cap: Fen | None = attrs.field(
        default=None, validator=attrs.validators.optional(_fen)
    )

    @property
    def linear(self) -> Linear:
        """The rule as ``flat + sum(rate * count)``, capped: its one meaning."""
        return Linear(
            flat=0,
            rates=tuple((name, rate.amount) for name, rate in self.rates),
            cap=None if self.cap is None else self.cap.amount,
        )

    def amount_for(self, observation: WorkforceObservation | None) -> Fen | None:
        """Return the sum of rate times head count, capped; ``None`` without head counts."""
        if observation is None:
            return None
        return self.linear.amount(
            {name: getattr(observation, name) for name, _ in self.rates}
        )


def _ratio(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 < value <= 1:
        msg = f"Expected a Decimal ratio in (0, 1] but got value={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="value")


@final
@attrs.frozen
class Ratio:
    """A ratio a delegated criterion uses, e.g. the fall in jobs that counts as marked.

    Example:
        >>> from decimal import Decimal
        >>> Ratio(Decimal("0.30")).value
        Decimal('0.30')
    """

    #: A share between 0 (excluded) and 1.
    value: Decimal = attrs.field(validator=_ratio)


_CONDITION_COUNTS: Final = HEAD_COUNTS | {"signed"}


def _count_name(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if value not in _CONDITION_COUNTS:
        known = ", ".join(sorted(_CONDITION_COUNTS))
        msg = f"Expected a head count among {known} but got count={value!r}"
        raise InvalidArgumentError(msg, field="count")


def _at_least(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if type(value) is not int or value < 0:
        msg = f"Expected a count (int >= 0) but got at_least={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="at_least")


def _text(_instance: object, attribute: attrs.Attribute[str], value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if not (isinstance(value, str) and value.strip()):
        msg = f"Expected non-empty text but got {attribute.name}={value!r}"
        raise InvalidArgumentError(msg, field=attribute.name)


@final
@attrs.frozen(kw_only=True)
class MinimumCount:
    """A city's own condition: a head count of the brand's latest observation reaches a number.

    Clause 4.2 leaves the detailed conditions to the city (具体由市级…制定);
    a rule's ``conditions`` of a :class:`Rule` holds them. An unknown count leaves the
    decision undetermined.

    Example:
        >>> MinimumCount(count="signed", at_least=600, zh="签订协议的从业人员不少于600人",
        ...              en="at least 600 practitioners with signed agreements").at_least
        600

    .. versionadded:: 0.2.0
    """

    #: The head count (a field of a workforce observation).
    count: str = attrs.field(validator=_count_name)
    #: The number it must reach.
    at_least: int = attrs.field(validator=_at_least)
    #: The condition in the city's words (Chinese).
    zh: str = attrs.field(validator=_text)
    #: The condition in English.
    en: str = attrs.field(validator=_text)


@final
@attrs.frozen(kw_only=True)
class Declines:
    """A city's decision to give no such award (the text says 可给予: it may).

    Example:
        >>> Declines(zh="本市暂不设立", en="the city does not give it for now").en
        'the city does not give it for now'

    .. versionadded:: 0.2.0
    """

    #: Why, in the city's words (Chinese).
    zh: str = attrs.field(validator=_text)
    #: Why, in English.
    en: str = attrs.field(validator=_text)


#: A condition a city adds to a measure it sets (``conditions`` of a :class:`Rule`).
CityCondition = MinimumCount | Declines


def _conditions(value: Iterable[object]) -> tuple[CityCondition, ...]:
    return _tuple(value)  # type: ignore[no-any-return]


def _check_conditions(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if not isinstance(value, tuple):
        msg = f"Expected a sequence of MinimumCount or Declines but got {v.got('conditions', value)}"
        raise InvalidArgumentError(msg, field="conditions")
    for index, item in enumerate(value):
        if not isinstance(item, MinimumCount | Declines):
            msg = f"Expected MinimumCount or Declines but got {v.got(f'conditions[{index}]', item)}"
            raise InvalidArgumentError(msg, field=f"conditions[{index}]")


#: A per-brand formula: the slow escape hatch, called for every brand.
BrandFormula = Callable[
    ["Brand", "WorkforceObservation | None", pendulum.Date], Fen | None
]


def _formula(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if not (isinstance(value, Flat | PerHead | Ratio) or callable(value)):
        msg = f"Expected Flat, PerHead, Ratio or a callable but got formula={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="formula")


_MEASURE_ID: Final = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)


def _check_measure(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if not (isinstance(value, str) and _MEASURE_ID.fullmatch(value)):
        msg = f"Expected a measure id such as 'employment_award' but got measure={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="measure")


def _codes(value: Iterable[object]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else _tuple(value)


def _check_codes(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a plugin passed
    if not isinstance(value, tuple):
        msg = f"Expected six-digit county codes but got {v.got('delegates_to', value)}"
        raise InvalidArgumentError(msg, field="delegates_to")
    for index, code in enumerate(value):
        if not v.is_code(code):
            msg = f"Expected six-digit county codes but got delegates_to[{index}]={code!r}"
            raise InvalidArgumentError(msg, field=f"delegates_to[{index}]")


def _optional_day(value: object) -> pendulum.Date | None:
    return None if value is None else as_date(value)  # type: ignore[arg-type]


@final
@attrs.frozen(kw_only=True)
class Rule:
    """A dated rule for one measure in one jurisdiction, as a plugin returns it.

    Args:
        measure: the id of the measure it sets, as a document declares it
            (``"employment_award"``, or a :class:`~labourbrand.policy.Measure`
            of Shaanxi's), checked when the policy is built.
        jurisdiction: a region code (``"610900"``) or zone key (``"yangling"``).
        first_day: first day in force, inclusive.
        last_day: last day in force, inclusive; ``None`` for open-ended.
        formula: :class:`Flat`, :class:`PerHead`, or a per-brand callable.
        reference: the city's document (文号) that sets it.
        illustrative: ``True`` when no official source gives the amount
            (examples and tests); decisions then say so.
        conditions: the city's own conditions for the measure, checked after
            the province's (:class:`MinimumCount`, :class:`Declines`): a brand
            that fails one is ineligible, one whose count is unknown
            undetermined. Clause 4.2 leaves the detailed conditions of the
            award to the city (具体由市级财政、人社部门制定).
        delegates_to: on a city-level unit's rule for a value the text gives
            to the city level (the amount of the one-time employment award,
            …): the county-level units of that city that may set their own
            rule for the measure. A county's rule for such a value is refused
            unless its city's rule delegates to it.

    Example:
        >>> r = Rule(measure="employment_award", jurisdiction="610900",
        ...          first_day="2022-05-01", formula=Flat(Fen.from_yuan(100_000)),
        ...          reference="illustrative", illustrative=True)
        >>> r.in_force(pendulum.Date(2022, 4, 30)), r.in_force(pendulum.Date(2030, 1, 1))
        (False, True)

    .. versionadded:: 0.1.0
    """

    measure: str = attrs.field(validator=_check_measure)
    jurisdiction: str = attrs.field(validator=v.text)
    first_day: pendulum.Date = attrs.field(converter=as_date, validator=v.day)
    formula: Flat | PerHead | Ratio | BrandFormula = attrs.field(validator=_formula)
    reference: str = attrs.field(validator=v.text)
    last_day: pendulum.Date | None = attrs.field(
        default=None, converter=_optional_day, validator=v.optional(v.day)
    )
    illustrative: bool = attrs.field(default=False, validator=v.flag)
    delegates_to: tuple[str, ...] = attrs.field(
        default=(), converter=_codes, validator=_check_codes
    )
    conditions: tuple[CityCondition, ...] = attrs.field(
        default=(), converter=_conditions, validator=_check_conditions
    )

    def __attrs_post_init__(self) -> None:
        # A rule built with validators off is checked whole when the policy is
        # built (labourbrand.plugins.validation), this invariant included.
        first: object = self.first_day
        last: object = self.last_day
        if (
            isinstance(first, pendulum.Date)
            and isinstance(last, pendulum.Date)
            and last < first
        ):
            msg = f"Expected last_day >= first_day={self.first_day} but got last_day={self.last_day!r}"
            raise InvalidArgumentError(msg, field="last_day")

    def in_force(self, on: pendulum.Date) -> bool:
        """Whether the rule applies on day *on*."""
        return self.first_day <= on and (self.last_day is None or on <= self.last_day)
