"""The condition vocabulary: what a measure may ask of a brand's facts on a day (private).

A measure (:class:`~labourbrand.policy.MeasureSpec`) lists its conditions in the
order the text implies. Each condition is one word of a small, closed
vocabulary; its **scalar** meaning (one brand, with the step of its
explanation) and its **vectorised** meaning (numpy columns, one row per brand)
stand side by side in one class, so the per-brand path, the batch path and the
simulation read the same declaration and cannot disagree.

Every condition answers with one of three values: it holds, it fails (the
measure's outcome is then :attr:`~labourbrand.policy.Outcome.INELIGIBLE`), or
a fact it reads is unknown (:attr:`~labourbrand.policy.Outcome.UNDETERMINED`,
naming the fact): unknown is a value, never a zero. The first condition that
does not hold decides the outcome, for one brand and for every row alike.

Facts are named: head counts (``rural_signed``, ``founders``, …; unknown is
``None`` for one brand and ``-1`` in a column) and flags (``exited``,
``provincial_recognition``, …; ``None`` or ``-1`` when unknown). The words of
each step are declared with the condition, in the document that states it:
the vocabulary holds no policy's wording.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final, Protocol, final

import attrs
import pendulum

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


__all__ = [
    "COUNT_FACTS",
    "FLAG_FACTS",
    "AnyPositive",
    "AtLeast",
    "ByReading",
    "Columns",
    "Condition",
    "CountyKnown",
    "Facts",
    "Holds",
    "Unless",
    "Verdict",
    "Wording",
]

#: The head counts a condition or a per-head rule may read.
COUNT_FACTS: Final = frozenset(
    {
        "practitioners",
        "signed",
        "rural",
        "rural_signed",
        "poverty_alleviated",
        "rural_low_income",
        "trained",
        "founders",
    }
)
#: The yes/no facts a condition may read. ``paid`` is per measure: the ledger
#: holds a payment of *this* measure for the brand.
FLAG_FACTS: Final = frozenset(
    {"exited", "paid", "provincial_recognition", "showcase_selected", "training_base"}
)


#: Placeholders a step fills in each language's own words: ``{detail}`` is
#: read as ``{detail_zh}`` in Chinese and ``{detail_en}`` in English.
_IN_EACH_LANGUAGE: Final = ("detail", "missing")


def _plain(number: int | Fen) -> int:
    """A parameter's number as a plain int (fen for an amount)."""
    return number.amount if isinstance(number, Fen) else number


class DayView(Protocol):
    """What a condition reads of the policy's day: its parameters' numbers, the readings chosen."""

    def number(self, name: str) -> int | Fen:
        """The number of parameter *name* on the day."""
        ...

    def reading(self, interpretation: str) -> tuple[str, str]:
        """The reading of *interpretation* in force, and who chose it."""
        ...


class Verdict(enum.IntEnum):
    """What a condition says of one brand; the codes of the vectorised path.

    The order matters: a row's outcome code is that of the first condition
    that does not hold (``0`` eligible, ``1`` ineligible, ``2`` undetermined).
    """

    HOLDS = 0
    FAILS = 1
    UNKNOWN = 2


@final
@attrs.frozen
class Wording:
    """One step's words in Chinese and English, with ``{name}`` placeholders.

    The placeholders are filled from the facts of the brand (``{value}``,
    ``{threshold}``, ``{observed}``, ``{on}``, a fact's own name such as
    ``{poverty_alleviated}``), or in each language's own words (``{detail}``,
    ``{missing}``).

    Example:
        >>> Wording("达到{threshold}人", "meets {threshold}").render({"threshold": 500})
        ('达到500人', 'meets 500')
    """

    #: The Chinese words.
    zh: str
    #: The English words.
    en: str
    # The words with ``{detail}`` and ``{missing}`` read in their own language, made once.
    _zh: str = attrs.field(init=False, eq=False, repr=False)
    _en: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        zh, en = self.zh, self.en
        for name in _IN_EACH_LANGUAGE:
            zh = zh.replace(f"{{{name}}}", f"{{{name}_zh}}")
            en = en.replace(f"{{{name}}}", f"{{{name}_en}}")
        object.__setattr__(self, "_zh", zh)
        object.__setattr__(self, "_en", en)

    def render(self, values: Mapping[str, object]) -> tuple[str, str]:
        """Return ``(zh, en)`` with the placeholders filled from *values*."""
        return self._zh.format_map(values), self._en.format_map(values)


@final
@attrs.frozen(kw_only=True)
class Facts:
    """What is known of one brand on one day, as the conditions read it.

    Built by the interpreter from a :class:`~labourbrand.Brand`, the ledger
    and the facts a caller passes (a showcase selection, the founders, …).
    """

    #: The day asked about.
    on: pendulum.Date
    #: The county-level unit that cultivates the brand, if known.
    county: str | None
    #: The day of the head counts read, if any.
    observed: pendulum.Date | None
    #: Counts by name; ``None`` when unknown.
    counts: Mapping[str, int | None]
    #: Flags by name; ``None`` when unknown.
    flags: Mapping[str, bool | None]
    #: Words that describe a flag for the explanation, by flag: ``(zh, en)``.
    details: Mapping[str, tuple[str, str]] = attrs.Factory(dict)
    # The placeholder values every step may use, made once.
    _base: Mapping[str, object] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        base: dict[str, object] = {
            "on": self.on.isoformat(),
            "observed": self.observed.isoformat() if self.observed else "",
            "detail_zh": "",
            "detail_en": "",
        }
        base.update({k: v for k, v in self.counts.items() if v is not None})
        object.__setattr__(self, "_base", base)

    def values(self, **more: object) -> Mapping[str, object]:
        """The placeholder values of a step (read-only)."""
        return {**self._base, **more} if more else self._base

    def with_paid(self, day: pendulum.Date | None) -> Facts:
        """These facts with the ledger's payment of one measure (its day), or none."""
        flags = {**self.flags, "paid": day is not None}
        details = dict(self.details)
        if day is not None:
            details["paid"] = (day.isoformat(), day.isoformat())
        return Facts(
            on=self.on,
            county=self.county,
            observed=self.observed,
            counts=self.counts,
            flags=flags,
            details=details,
        )


class Columns:
    """What is known of many brands on one day, one numpy array per fact.

    Counts are ``int64`` with ``-1`` for unknown; flags ``int8`` with ``-1`` for
    unknown. A fact with no column is unknown on every row (``None``), except
    ``exited`` and ``paid``, which a missing column leaves ``False``: no exit
    and no payment recorded.
    """

    def __init__(
        self,
        *,
        n: int,
        county_known: npt.NDArray[np.bool_],
        counts: Mapping[str, npt.NDArray[np.int64]],
        flags: Mapping[str, npt.NDArray[np.int8]],
        groups: tuple[int, ...] = (),
    ) -> None:
        self.n = n
        self.county_known = county_known
        self.counts = counts
        self.flags = flags
        #: The county groups present in the rows (never 0, the unknown county).
        self.groups = groups
        self._extremes: dict[str, tuple[int, int]] = {}

    def extremes(self, name: str) -> tuple[int, int]:
        """The smallest and largest value of a count column, worked out once."""
        found = self._extremes.get(name)
        if found is None:
            column = self.counts.get(name)
            found = (
                (-1, -1)
                if column is None or not column.size
                else (int(column.min()), int(column.max()))
            )
            self._extremes[name] = found
        return found

    def count(self, name: str) -> npt.NDArray[np.int64] | None:
        """The column of a count, or ``None`` when no row knows it."""
        return self.counts.get(name)

    def flag(self, name: str, measure: str) -> npt.NDArray[np.int8] | None:
        """The column of a flag (``paid`` of *measure*), or ``None`` when unknown."""
        if name == "paid":
            return self.flags.get(f"paid_{measure}")
        return self.flags.get(name)


def _unknown(n: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    import numpy as np

    return np.zeros(n, np.bool_), np.ones(n, np.bool_)


def _never(n: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    import numpy as np

    return np.zeros(n, np.bool_), np.zeros(n, np.bool_)


# Each condition returns, for one brand, its verdict and the step's words, and,
# for columns, two masks: where it fails and where a fact it reads is unknown.
@final
@attrs.frozen(kw_only=True)
class CountyKnown:
    """The brand's county-level unit is known: the jurisdiction that sets the amount.

    The step names the county (``{county_zh}``, ``{county_en}``, ``{code}``).
    """

    #: Words when the county is known.
    known: Wording
    #: Words when it is not.
    unknown: Wording

    #: The parameters the condition reads: none.
    reads: tuple[str, ...] = ()

    def scalar(
        self,
        facts: Facts,
        _day: DayView,
        names: Mapping[str, str],
    ) -> tuple[Verdict, tuple[str, str]]:
        """The verdict for one brand and the step's words."""
        if facts.county is None:
            return Verdict.UNKNOWN, self.unknown.render(facts.values())
        return Verdict.HOLDS, self.known.render(facts.values(**names))

    def columns(
        self,
        cols: Columns,
        _day: DayView,
        _measure: str,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition fails, and where a fact it reads is unknown."""
        return _never(cols.n)[0], ~cols.county_known


@final
@attrs.frozen(kw_only=True)
class AtLeast:
    """A head count reaches a dated parameter (``达…人以上`` includes the number).

    The explanation fills ``{value}``, ``{threshold}``, ``{observed}`` and
    ``{met}`` (the words of :attr:`met` or :attr:`below`).
    """

    #: The head count read (one of :data:`COUNT_FACTS`).
    fact: str = attrs.field(validator=attrs.validators.in_(COUNT_FACTS))
    #: The parameter that gives the threshold on the day.
    parameter: str
    #: Words of the comparison, with ``{met}``.
    compared: Wording
    #: Words when the count is unknown.
    unknown: Wording
    #: What ``{met}`` says when the count reaches the threshold.
    met: Wording = Wording("达到", "meeting")
    #: What ``{met}`` says when the count is below it.
    below: Wording = Wording("未达到", "below")
    #: A count that can only be at most :attr:`fact` (a part of it: rural
    #: workers among practitioners). With :attr:`fact` unknown, a floor that
    #: reaches the threshold is enough; one that does not leaves it unknown.
    floor: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.in_(COUNT_FACTS)),
    )
    #: Words when the count is unknown but its floor reaches the threshold;
    #: ``{value}`` is the floor.
    floor_met: Wording | None = None

    def __attrs_post_init__(self) -> None:
        if (self.floor is None) != (self.floor_met is None):
            msg = (
                "Expected floor and floor_met together (a floor says why it is enough)"
            )
            raise InvalidArgumentError(msg, field="floor_met")

    @property
    def reads(self) -> tuple[str, ...]:
        """The parameters the condition reads."""
        return (self.parameter,)

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts the condition reads."""
        return (self.fact,) if self.floor is None else (self.fact, self.floor)

    def scalar(
        self,
        facts: Facts,
        day: DayView,
        _names: Mapping[str, str],
    ) -> tuple[Verdict, tuple[str, str]]:
        """The verdict for one brand and the step's words."""
        value = facts.counts.get(self.fact)
        if value is None:
            floor = None if self.floor is None else facts.counts.get(self.floor)
            if floor is not None and self.floor_met is not None:
                threshold = _plain(day.number(self.parameter))
                if floor >= threshold:
                    return Verdict.HOLDS, self.floor_met.render(
                        facts.values(value=floor, threshold=threshold)
                    )
            return Verdict.UNKNOWN, self.unknown.render(facts.values())
        threshold = _plain(day.number(self.parameter))
        holds = value >= threshold
        words = self.met if holds else self.below
        zh, en = self.compared.render(
            facts.values(
                value=value, threshold=threshold, met_zh=words.zh, met_en=words.en
            )
        )
        return (Verdict.HOLDS if holds else Verdict.FAILS), (zh, en)

    def columns(
        self,
        cols: Columns,
        day: DayView,
        _measure: str,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition fails, and where a fact it reads is unknown."""
        import numpy as np

        threshold = _plain(day.number(self.parameter))
        values = cols.count(self.fact)
        floors = None if self.floor is None else cols.count(self.floor)
        if values is None:
            if floors is None:
                return _unknown(cols.n)
            # Unknown, except where the floor alone reaches the threshold.
            return np.zeros(cols.n, dtype=bool), np.less(floors, threshold)
        unknown = values < 0
        fails = np.less(values, threshold)
        fails &= ~unknown
        if floors is not None:
            unknown &= np.less(floors, threshold)
        return fails, unknown


@final
@attrs.frozen(kw_only=True)
class AnyPositive:
    """At least one of some head counts is above zero (somebody is due it).

    Holds when a count is above zero, whatever the others; fails when all are
    zero; unknown when none is above zero and one is unknown, never read as
    zero. The explanation fills each count known by name, ``{low}`` (the
    largest known) and ``{high}`` (their sum): the groups may overlap.
    ``{missing}`` names the counts not recorded, by their ``labels``.
    """

    #: The head counts read.
    facts: tuple[str, ...] = attrs.field(
        validator=attrs.validators.deep_iterable(attrs.validators.in_(COUNT_FACTS))
    )
    #: Words when someone counts and every count is known.
    some: Wording
    #: Words when every count is zero.
    none: Wording
    #: Words when no count is known (no head count on the day).
    unknown: Wording
    #: Whether the text's list is open (``等``): the groups counted are
    #: examples, so with all of them zero the brand may still place someone
    #: of a group not counted, and the condition is unknown, not failed.
    open_list: bool = False
    #: The name of each count, in the order of :attr:`facts`, for ``{missing}``
    #: (needed with several counts).
    labels: tuple[Wording, ...] = ()
    #: Words when the head count of the day does not record some of the
    #: counts, and none recorded is above zero (``{missing}``); needed with
    #: several counts.
    missing: Wording | None = None
    #: Words when a count recorded is above zero and another is not recorded
    #: (``{missing}``, ``{low}``); needed with several counts.
    partly: Wording | None = None

    reads: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        # With several counts, some may be known and others not: the words of
        # those cases, and the names of the counts, are needed.
        several = len(self.facts) > 1
        if several and (self.missing is None or self.partly is None):
            msg = (
                f"Expected the words missing and partly for several counts {self.facts}"
            )
            raise InvalidArgumentError(msg, field="missing")
        if several and len(self.labels) != len(self.facts):
            msg = f"Expected one label per fact of {self.facts} but got {len(self.labels)}"
            raise InvalidArgumentError(msg, field="labels")

    def _missing_words(self, names: list[str]) -> dict[str, str]:
        """``{missing}`` in each language: the labels of the counts *names*."""
        labels = dict(zip(self.facts, self.labels, strict=True))
        return {
            "missing_zh": "、".join(labels[n].zh for n in names),
            "missing_en": " and ".join(labels[n].en for n in names),
        }

    def scalar(
        self,
        facts: Facts,
        _day: DayView,
        _names: Mapping[str, str],
    ) -> tuple[Verdict, tuple[str, str]]:
        """The verdict for one brand and the step's words."""
        values = {name: facts.counts.get(name) for name in self.facts}
        known = [v for v in values.values() if v is not None]
        missing = [name for name, v in values.items() if v is None]
        if missing and known and self.partly is not None and self.missing is not None:
            # Several counts, some not recorded: one above zero is enough.
            more = self._missing_words(missing)
            if any(known):
                words = facts.values(low=max(known), **more)
                return Verdict.HOLDS, self.partly.render(words)
            return Verdict.UNKNOWN, self.missing.render(facts.values(**more))
        if missing:
            if facts.observed is not None and self.missing is not None:
                # A head count of the day that does not record them.
                more = self._missing_words(missing)
                return Verdict.UNKNOWN, self.missing.render(facts.values(**more))
            return Verdict.UNKNOWN, self.unknown.render(facts.values())
        if not any(known):
            verdict = Verdict.UNKNOWN if self.open_list else Verdict.FAILS
            return verdict, self.none.render(facts.values())
        return Verdict.HOLDS, self.some.render(
            facts.values(low=max(known), high=sum(known))
        )

    def columns(
        self,
        cols: Columns,
        _day: DayView,
        _measure: str,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition fails, and where a fact it reads is unknown."""
        import numpy as np

        arrays = [cols.count(name) for name in self.facts]
        if all(a is None for a in arrays):
            return _unknown(cols.n)
        positive = np.zeros(cols.n, np.bool_)
        # A count with no column is unknown on every row.
        unknown = np.full(cols.n, any(a is None for a in arrays), np.bool_)
        for values in arrays:
            if values is not None:
                positive |= values > 0
                unknown |= values < 0
        unknown &= ~positive  # one group above zero is enough
        fails = ~positive & ~unknown
        if self.open_list:
            # All zero: someone of a group not counted may still be placed.
            return np.zeros(cols.n, np.bool_), unknown | fails
        return fails, unknown


@final
@attrs.frozen(kw_only=True)
class Holds:
    """A flag is true: the brand holds a recognition, was selected, runs a base.

    The explanation may use ``{detail}``: the flag's own description (the day
    of a recognition, the event of a selection).
    """

    #: The flag read (one of :data:`FLAG_FACTS`).
    fact: str = attrs.field(validator=attrs.validators.in_(FLAG_FACTS))
    #: Words when the flag is true (the condition holds).
    yes: Wording
    #: Words when the flag is false.
    no: Wording
    #: Words when the flag is unknown.
    unknown: Wording

    reads: tuple[str, ...] = ()

    def scalar(
        self,
        facts: Facts,
        _day: DayView,
        _names: Mapping[str, str],
    ) -> tuple[Verdict, tuple[str, str]]:
        """The verdict for one brand and the step's words."""
        return _flag_verdict(
            facts, self.fact, self.yes, self.no, self.unknown, want=True
        )

    def columns(
        self,
        cols: Columns,
        _day: DayView,
        measure: str,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition fails, and where a fact it reads is unknown."""
        values = cols.flag(self.fact, measure)
        if values is None:
            return (_never if self.fact in _FALSE_WHEN_ABSENT else _unknown)(cols.n)
        return values == 0, values < 0


@final
@attrs.frozen(kw_only=True)
class Unless:
    """A flag is false: the brand has not exited, the measure was not paid before.

    For ``paid``, the flag is the ledger's payment of this measure to this
    brand; the explanation may use ``{detail}`` (the day it was granted).
    """

    #: The flag read (one of :data:`FLAG_FACTS`).
    fact: str = attrs.field(validator=attrs.validators.in_(FLAG_FACTS))
    #: Words when the flag is true (the condition fails).
    yes: Wording
    #: Words when the flag is unknown.
    unknown: Wording

    reads: tuple[str, ...] = ()

    def scalar(
        self,
        facts: Facts,
        _day: DayView,
        _names: Mapping[str, str],
    ) -> tuple[Verdict, tuple[str, str]]:
        """The verdict for one brand and the step's words (none when it holds)."""
        return _flag_verdict(facts, self.fact, self.yes, None, self.unknown, want=False)

    def columns(
        self,
        cols: Columns,
        _day: DayView,
        measure: str,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition fails, and where a fact it reads is unknown."""
        values = cols.flag(self.fact, measure)
        if values is None:
            return (_never if self.fact in _FALSE_WHEN_ABSENT else _unknown)(cols.n)
        return values == 1, values < 0


#: Flags a missing record leaves false: no exit, no payment recorded.
_FALSE_WHEN_ABSENT: Final = frozenset({"exited", "paid"})


def _flag_verdict(  # noqa: PLR0913 - the parts of one flag's verdict
    facts: Facts,
    fact: str,
    yes: Wording,
    no: Wording | None,
    unknown: Wording,
    *,
    want: bool,
) -> tuple[Verdict, tuple[str, str]]:
    value = facts.flags.get(fact)
    if value is None and fact in _FALSE_WHEN_ABSENT:
        value = False
    if value is None:
        return Verdict.UNKNOWN, unknown.render(facts.values())
    if value is want and not want:  # a flag that must be false and is: nothing to say
        return Verdict.HOLDS, ("", "")
    zh, en = facts.details.get(fact, ("", ""))
    values = facts.values(detail_zh=zh, detail_en=en)
    if value is want:
        return Verdict.HOLDS, (yes.render(values) if want else ("", ""))
    return Verdict.FAILS, (no.render(values) if no is not None else yes.render(values))


#: A word of the vocabulary.
def _reading_pairs(
    items: Iterable[tuple[str, AtLeast | AnyPositive | Holds | Unless | None]],
) -> tuple[tuple[str, AtLeast | AnyPositive | Holds | Unless | None], ...]:
    return tuple((str(reading), condition) for reading, condition in items)


@final
@attrs.frozen
class ByReading:
    """A condition whose meaning depends on the reading chosen of an interpretation.

    Each reading of :attr:`interpretation` maps to the condition it implies,
    or to ``None`` when under that reading the text sets no such condition.
    The interpreter asks the day which reading is in force and records it in
    the decision (:attr:`Decision.interpretations
    <labourbrand.policy.Decision.interpretations>`).

    .. versionadded:: 0.2.0
    """

    #: The interpretation's id, declared by the same document.
    interpretation: str
    #: ``(reading id, condition or None)`` for every reading.
    readings: tuple[tuple[str, AtLeast | AnyPositive | Holds | Unless | None], ...] = (
        attrs.field(converter=_reading_pairs)
    )
    #: Words when the chosen reading sets no condition; ``{reading}`` is its id.
    absent: Wording = Wording("", "")

    def condition(self, day: DayView) -> AtLeast | AnyPositive | Holds | Unless | None:
        """The condition of the reading in force on the day."""
        chosen, _by = day.reading(self.interpretation)
        for reading, condition in self.readings:
            if reading == chosen:
                return condition
        msg = f"Expected a reading of {self.interpretation!r} among {[r for r, _ in self.readings]} but got {chosen!r}"
        raise InvalidArgumentError(msg, field=self.interpretation)

    @property
    def reads(self) -> tuple[str, ...]:
        """The parameters any reading's condition reads."""
        return tuple(p for _, c in self.readings if c is not None for p in c.reads)

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts any reading's condition reads."""
        found: list[str] = []
        for _, condition in self.readings:
            if isinstance(condition, AtLeast | AnyPositive):
                found.extend(condition.facts)
            elif condition is not None:
                found.append(condition.fact)
        return tuple(found)

    def scalar(
        self, facts: Facts, day: DayView, names: Mapping[str, str]
    ) -> tuple[Verdict, tuple[str, str]]:
        """The verdict of the condition of the reading in force."""
        condition = self.condition(day)
        if condition is None:
            chosen, _by = day.reading(self.interpretation)
            return Verdict.HOLDS, self.absent.render({"reading": chosen})
        return condition.scalar(facts, day, names)

    def columns(
        self, cols: Columns, day: DayView, measure: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition of the reading in force fails, and where it is unknown."""
        import numpy as np

        condition = self.condition(day)
        if condition is None:
            return np.zeros(cols.n, dtype=bool), None
        return condition.columns(cols, day, measure)


Condition = CountyKnown | AtLeast | AnyPositive | Holds | Unless | ByReading
