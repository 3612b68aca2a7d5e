"""The words a check may use beyond those of a measure (private).

A check (:class:`~labourbrand.policy.CheckSpec`) lists its conditions in the
vocabulary of :mod:`labourbrand.policy._vocabulary` and in the seven words
below, which ask of a county, an enterprise or a unit what a measure never
asks of a brand. As there, each word holds its **scalar** meaning (one
subject, with the steps of its explanation) and its **vectorised** meaning
(numpy columns, one row per subject) side by side, and answers with a
:class:`~labourbrand.policy._vocabulary.Verdict`: it holds, it fails, or a
fact it reads is unknown (never a zero). The words of each step are declared
with the condition, in the document that states it.

- :class:`CountAtLeast`: a count reaches a dated parameter; a parameter the
  text leaves without a number is read as the declaration says (一批: one).
- :class:`AppliesWhen`: the duty applies only where one of some designation
  flags is yes; where all are no it does not apply (the check is met); where
  none is yes and one is unknown the check is unknown.
- :class:`CriteriaAtLeast`: at least a dated number of listed criteria hold.
- :class:`FlagIs`: a flag has the value the check asks for; each state says
  its words.
- :class:`AnyHeld`: at least one of the subject's records holds on the day
  (a brand of the county recognised at national or provincial level): a flag,
  worked out from the records for one subject; the check then requires one.
- :class:`~labourbrand.policy.AnyFound` (in :mod:`labourbrand.policy._exit_words`): some grounds are judged, every one of them (not only up
  to the first): it holds where one is found, fails where every one is known
  not found, and is unknown where none is found and one is unknown. A ground
  is a flag (:class:`~labourbrand.policy.Ground`) or a marked fall of a count (:class:`~labourbrand.policy.MarkedFall`:
  two counts against a ratio a delegated rule sets).
- :class:`~labourbrand.policy.InStage` (in :mod:`labourbrand.policy._exit_words`): the subject is at a stage of its lifecycle on the day
  (a brand in the resource pool): a flag worked out from its history for one
  subject, a column in a batch; it says nothing when it is.

:class:`FlagNote` is not a condition: a step a check says when it is not met
(e.g. whether a breach is serious).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, final

import attrs

from labourbrand.policy._check_status import CheckStatus
from labourbrand.policy._vocabulary import Columns, Verdict, Wording


if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np
    import numpy.typing as npt

    from labourbrand.plugins import SuppliedRule
    from labourbrand.policy._parameters import DatedValue
    from labourbrand.policy._vocabulary import Facts
    from labourbrand.regions import RegionRegistry


__all__ = [
    "AnyHeld",
    "AppliesWhen",
    "CountAtLeast",
    "CriteriaAtLeast",
    "Criterion",
    "FlagIs",
    "FlagNote",
    "Judged",
    "SubjectRows",
    "WhenUnquantified",
]

#: What a flag's state is called in a step: ``(zh, en)`` by value.
_STATE: Final = {True: ("是", "yes"), False: ("否", "no"), None: ("未知", "unknown")}


class CheckDay(Protocol):
    """What a check's condition reads of the policy's day."""

    @property
    def regions(self) -> RegionRegistry:
        """The region registry (names, jurisdictions)."""
        ...

    def entry(self, name: str) -> DatedValue | None:
        """The value of parameter *name* in force on the day, if any."""
        ...

    def rule_for(self, measure: str, county: str) -> SuppliedRule | None:
        """The rule of *measure* in force over *county* on the day, if any."""
        ...


class SubjectRows(Columns):
    """Columns of subjects with each row's county: the group of each row and the code of each group.

    Group 0 is the unknown county (code ``""``). A word that reads a rule of
    the subject's jurisdiction (:class:`~labourbrand.policy.MarkedFall`) resolves it once per group.
    """

    def __init__(
        self,
        *,
        of_row: npt.NDArray[Any],
        codes: tuple[str, ...],
        **columns: Any,  # noqa: ANN401 - those of Columns
    ) -> None:
        super().__init__(**columns)
        #: The county group of each row (0: unknown).
        self.of_row = of_row
        #: The county code of each group (``""`` for group 0).
        self.codes = codes


@final
@attrs.frozen
class Judged:
    """What one condition says of one subject: its verdict, its steps, what it requires."""

    verdict: Verdict
    steps: tuple[tuple[str, str], ...] = ()
    #: Whether the condition sets the check's ``required`` (to :attr:`required`).
    sets_required: bool = False
    required: int | None = None
    #: What the condition found, for the caller to report (e.g. each ground's state).
    report: Mapping[str, object] = attrs.Factory(dict)


@final
@attrs.frozen(kw_only=True)
class WhenUnquantified:
    """How a check reads a parameter the text leaves without a number.

    The text may ask for "a batch" (一批) without a number: one is the least
    batch (``reads_as=1``, said with :attr:`words`, ``required`` unset). Or it
    lists what is required: then every item listed is (``reads_as=None`` for a
    :class:`CriteriaAtLeast`, reported as required).
    """

    #: The number read; ``None``: every criterion listed.
    reads_as: int | None = None
    #: The step that says so, if any.
    words: Wording | None = None
    #: Whether the number read is reported as the check's ``required``.
    required: bool = False


def _number(day: CheckDay, name: str) -> int | None:
    entry = day.entry(name)
    value = None if entry is None else entry.value
    return value if type(value) is int else None


def _flags(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


def _flag_value(facts: Facts, name: str) -> bool | None:
    return facts.flags.get(name)


def _unknown(n: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    import numpy as np

    return np.zeros(n, np.bool_), np.ones(n, np.bool_)


# --------------------------------------------------------------- CountAtLeast
@final
@attrs.frozen(kw_only=True)
class CountAtLeast:
    """A count of the subject reaches a dated parameter (``每县至少``, ``不少于``).

    Steps fill ``{value}``, ``{threshold}`` and ``{short}`` (what is missing).
    After an :class:`AppliesWhen` whose answer is unknown, the count says what
    it would decide if the duty applied (:attr:`if_applies`, with ``{met_zh}``
    and ``{met_en}``), and the check stays unknown.
    """

    #: The count read.
    fact: str
    #: The parameter that gives the number on the day.
    parameter: str
    #: Words when the count reaches it, falls short, and is unknown.
    met: Wording
    below: Wording
    unknown: Wording
    #: How a parameter without a number is read.
    unquantified: WhenUnquantified
    #: Words of the comparison if the duty applied, and of an unknown count then.
    if_applies: Wording
    if_applies_unknown: Wording
    #: What ``{met_zh}`` / ``{met_en}`` say in :attr:`if_applies`: met, and not.
    if_met: Wording
    if_below: Wording

    @property
    def reads(self) -> tuple[str, ...]:
        """The parameters the condition reads."""
        return (self.parameter,)

    def threshold(self, day: CheckDay) -> tuple[int, int | None]:
        """The number to reach, and the number reported as required."""
        number = _number(day, self.parameter)
        if number is not None:
            return number, number
        reads_as = self.unquantified.reads_as or 1
        return reads_as, reads_as if self.unquantified.required else None

    def judge(
        self,
        facts: Facts,
        day: CheckDay,
        names: Mapping[str, object],
        *,
        hypothetical: bool,
    ) -> Judged:
        """The verdict for one subject, with its steps (hypothetically: the duty may not apply)."""
        threshold, required = self.threshold(day)
        steps: list[tuple[str, str]] = []
        words = self.unquantified.words
        if words is not None and _number(day, self.parameter) is None:
            steps.append(words.render(facts.values(**names)))
        value = facts.counts.get(self.fact)
        if value is None:
            said = self.if_applies_unknown if hypothetical else self.unknown
            steps.append(said.render(facts.values(**names)))
            return Judged(
                Verdict.UNKNOWN, tuple(steps), sets_required=True, required=required
            )
        holds = value >= threshold
        values = facts.values(
            **names, value=value, threshold=threshold, short=threshold - value
        )
        if hypothetical:
            met = self.if_met if holds else self.if_below
            steps.append(
                self.if_applies.render({**values, "met_zh": met.zh, "met_en": met.en})
            )
        else:
            steps.append((self.met if holds else self.below).render(values))
        verdict = Verdict.HOLDS if holds else Verdict.FAILS
        return Judged(verdict, tuple(steps), sets_required=True, required=required)

    def required(self, day: CheckDay) -> int | None:
        """The number reported as required on the day."""
        return self.threshold(day)[1]

    def columns(
        self, cols: Columns, day: CheckDay, _check: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition fails, and where the count is unknown."""
        values = cols.count(self.fact)
        if values is None:
            return _unknown(cols.n)
        unknown = values < 0
        fails = (values < self.threshold(day)[0]) & ~unknown
        return fails, unknown


# ---------------------------------------------------------------- AppliesWhen
@final
@attrs.frozen(kw_only=True)
class AppliesWhen:
    """The duty applies only where one of some flags is yes (e.g. a designation).

    Where every flag is no, the duty does not apply and the check is
    :attr:`~labourbrand.policy.CheckStatus.MET`; where none is yes and one is
    unknown, the check is unknown (unconfirmed is not "no"), and the
    conditions after this one say what they would decide if it applied.
    :attr:`said` is said first, whatever the flags: it may fill ``{<flag>}``
    (``yes``, ``no``, ``unknown``) and ``{<flag>_zh}`` (是, 否, 未知).
    """

    #: A failure here means the duty does not apply: the check is met.
    fails_as: ClassVar[CheckStatus] = CheckStatus.MET

    #: The flags, any of which makes the duty apply.
    any_of: tuple[str, ...] = attrs.field(converter=_flags)
    #: Words said first, whatever the flags.
    said: Wording
    #: Words when the duty applies, when it does not, and when it is unknown.
    applies: Wording
    not_applies: Wording
    unknown: Wording

    reads: tuple[str, ...] = ()

    def judge(
        self,
        facts: Facts,
        _day: CheckDay,
        names: Mapping[str, object],
        *,
        hypothetical: bool,  # noqa: ARG002 - every word takes it
    ) -> Judged:
        """The verdict for one subject: holds (applies), fails (does not) or unknown."""
        states = {name: _flag_value(facts, name) for name in self.any_of}
        more: dict[str, object] = {}
        for name, state in states.items():
            more[f"{name}_zh"], more[name] = _STATE[state]
        values = facts.values(**names, **more)
        first = self.said.render(values)
        if True in states.values():
            return Judged(Verdict.HOLDS, (first, self.applies.render(values)))
        if all(state is False for state in states.values()):
            return Judged(Verdict.FAILS, (first, self.not_applies.render(values)))
        return Judged(Verdict.UNKNOWN, (first, self.unknown.render(values)))

    def columns(
        self, cols: Columns, _day: CheckDay, check: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the duty does not apply, and where that is unknown."""
        import numpy as np

        some = np.zeros(cols.n, np.bool_)
        every_no = np.ones(cols.n, np.bool_)
        for name in self.any_of:
            values = cols.flag(name, check)
            if values is None:
                every_no[:] = False
                continue
            some |= values == 1
            every_no &= values == 0
        return every_no, ~some & ~every_no


# ------------------------------------------------------------ CriteriaAtLeast
@final
@attrs.frozen
class Criterion:
    """One criterion of a :class:`CriteriaAtLeast`: the flag read and its name."""

    #: The flag read.
    fact: str
    #: Its name, e.g. ``健康的财务状况`` / ``healthy finances``.
    label: Wording


def _criteria(items: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(items)


@final
@attrs.frozen(kw_only=True)
class CriteriaAtLeast:
    """At least a dated number of listed criteria hold (all, when the text sets no number).

    Each criterion says :attr:`each` (``{label_zh}``, ``{label_en}``,
    ``{Label_en}`` capitalised, ``{state_zh}``, ``{state_en}``); then
    :attr:`met` (``{met}``), :attr:`unknown` (``{unknown}``: the criteria not
    known, which could still make up the number) or :attr:`lacking`
    (``{lacking_zh}``, ``{lacking_en}``: the criteria that fail). Its value is
    the number of criteria met.
    """

    #: The criteria, in the order of the text.
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    #: The parameter that gives how many must hold.
    parameter: str
    #: The words of each criterion, and its states.
    each: Wording
    yes: Wording
    no: Wording
    not_known: Wording
    #: The words of the verdict.
    met: Wording
    unknown: Wording
    lacking: Wording
    #: How the joined names of the lacking criteria are separated.
    joined: Wording

    @property
    def reads(self) -> tuple[str, ...]:
        """The parameters the condition reads."""
        return (self.parameter,)

    @property
    def facts(self) -> tuple[str, ...]:
        """The flags read."""
        return tuple(c.fact for c in self.criteria)

    def required(self, day: CheckDay) -> int:
        """How many criteria must hold on the day (all of them if no number is set)."""
        number = _number(day, self.parameter)
        return len(self.criteria) if number is None else number

    def value_of(self, facts: Facts) -> int:
        """The number of criteria met."""
        return sum(1 for c in self.criteria if facts.flags.get(c.fact) is True)

    def value_columns(self, cols: Columns, check: str) -> npt.NDArray[np.int64]:
        """The number of criteria met, per row."""
        import numpy as np

        met = np.zeros(cols.n, np.int64)
        for criterion in self.criteria:
            values = cols.flag(criterion.fact, check)
            if values is not None:
                met += values == 1
        return met

    def judge(
        self,
        facts: Facts,
        day: CheckDay,
        names: Mapping[str, object],  # noqa: ARG002 - every word takes it
        *,
        hypothetical: bool,  # noqa: ARG002 - every word takes it
    ) -> Judged:
        """The verdict for one subject, one step per criterion and one for the count."""
        steps = []
        for criterion in self.criteria:
            flag = facts.flags.get(criterion.fact)
            state = self.yes if flag else self.no if flag is False else self.not_known
            label = criterion.label
            steps.append(
                self.each.render(
                    {
                        "label_zh": label.zh,
                        "label_en": label.en,
                        "Label_en": label.en[:1].upper() + label.en[1:],
                        "state_zh": state.zh,
                        "state_en": state.en,
                    }
                )
            )
        required = self.required(day)
        met = self.value_of(facts)
        unknown = sum(1 for c in self.criteria if facts.flags.get(c.fact) is None)
        if met >= required:
            steps.append(self.met.render({"met": met}))
            verdict = Verdict.HOLDS
        elif met + unknown >= required:
            steps.append(self.unknown.render({"unknown": unknown}))
            verdict = Verdict.UNKNOWN
        else:
            lacking = [
                c.label for c in self.criteria if facts.flags.get(c.fact) is False
            ]
            steps.append(
                self.lacking.render(
                    {
                        "lacking_zh": self.joined.zh.join(w.zh for w in lacking),
                        "lacking_en": self.joined.en.join(w.en for w in lacking),
                    }
                )
            )
            verdict = Verdict.FAILS
        return Judged(verdict, tuple(steps), sets_required=True, required=required)

    def columns(
        self, cols: Columns, day: CheckDay, check: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where too few criteria hold even if every unknown one did, and where unknown ones decide."""
        import numpy as np

        required = self.required(day)
        unknown = np.zeros(cols.n, np.int64)
        for criterion in self.criteria:
            values = cols.flag(criterion.fact, check)
            unknown += True if values is None else values < 0
        met = self.value_columns(cols, check)
        fails = met + unknown < required
        return fails, ~fails & (met < required)


# --------------------------------------------------------------------- flags
@final
@attrs.frozen(kw_only=True)
class FlagIs:
    """A flag has the value the check asks for (e.g. the commitment was not broken).

    Unlike :class:`~labourbrand.policy.Holds` and
    :class:`~labourbrand.policy.Unless`, every state says its words.
    """

    #: The flag read.
    fact: str
    #: The value the check asks for.
    wanted: bool
    #: Words when the flag is true, false and unknown.
    yes: Wording
    no: Wording
    unknown: Wording

    reads: tuple[str, ...] = ()

    def judge(
        self,
        facts: Facts,
        _day: CheckDay,
        names: Mapping[str, object],
        *,
        hypothetical: bool,  # noqa: ARG002 - every word takes it
    ) -> Judged:
        """The verdict for one subject and its step."""
        flag = facts.flags.get(self.fact)
        if flag is None:
            return Judged(
                Verdict.UNKNOWN, (self.unknown.render(facts.values(**names)),)
            )
        words = (self.yes if flag else self.no).render(facts.values(**names))
        return Judged(Verdict.HOLDS if flag is self.wanted else Verdict.FAILS, (words,))

    def columns(
        self, cols: Columns, _day: CheckDay, check: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the flag has the other value, and where it is unknown."""
        values = cols.flag(self.fact, check)
        if values is None:
            return _unknown(cols.n)
        return values == (0 if self.wanted else 1), values < 0


# ------------------------------------------------------------------- AnyHeld
@final
@attrs.frozen(kw_only=True)
class AnyHeld:
    """At least one of the subject's records holds on the day (e.g. a recognised brand).

    The flag :attr:`fact` says whether one does. For one subject, whoever
    builds the subject works it out from the records passed (and may give
    their number as a count and their names as a placeholder, which the
    words fill); in a batch it is a column, ``-1`` when unknown. The check
    then requires one record (its ``required`` is 1), held or not.
    """

    #: The flag: one of the subject's records holds on the day.
    fact: str
    #: Words when one is held, when none is, and when that is unknown.
    held: Wording
    none: Wording
    unknown: Wording

    reads: tuple[str, ...] = ()

    def required(self, _day: CheckDay) -> int:
        """The number of records required: one."""
        return 1

    def judge(
        self,
        facts: Facts,
        _day: CheckDay,
        names: Mapping[str, object],
        *,
        hypothetical: bool,  # noqa: ARG002 - every word takes it
    ) -> Judged:
        """The verdict for one subject, its step, and the one record required."""
        flag = facts.flags.get(self.fact)
        words = self.unknown if flag is None else self.held if flag else self.none
        verdict = (
            Verdict.UNKNOWN
            if flag is None
            else Verdict.HOLDS
            if flag
            else Verdict.FAILS
        )
        steps = (words.render(facts.values(**names)),)
        return Judged(verdict, steps, sets_required=True, required=1)

    def columns(
        self, cols: Columns, _day: CheckDay, check: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where no record is held, and where that is unknown."""
        values = cols.flag(self.fact, check)
        if values is None:
            return _unknown(cols.n)
        return values == 0, values < 0


@final
@attrs.frozen(kw_only=True)
class FlagNote:
    """A step a check says when it is not met, by the state of a flag (none: nothing)."""

    #: The flag described.
    fact: str
    #: Words when the flag is true, false and unknown.
    yes: Wording | None = None
    no: Wording | None = None
    unknown: Wording | None = None

    def render(
        self, facts: Facts, names: Mapping[str, object]
    ) -> tuple[str, str] | None:
        """The step's words, or ``None`` when the state says nothing."""
        flag = facts.flags.get(self.fact)
        words = self.unknown if flag is None else self.yes if flag else self.no
        return None if words is None else words.render(facts.values(**names))
