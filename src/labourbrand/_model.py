"""The value types of brands and their lifecycle (private; see brands and lifecycle).

Everything here is a frozen attrs class or a :class:`enum.StrEnum`, with little
behaviour beyond validation (each field checked once, by a validator of
:mod:`labourbrand._validators`), so that :mod:`labourbrand.brands` and
:mod:`labourbrand.lifecycle` can share the types without importing each other.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._enums import (
    _LEVEL_RANK,
    Authority,
    Category,
    CreatingUnitKind,
    Event,
    ExitGround,
    Maturity,
    PlaceBasis,
    RecognitionLevel,
    Stage,
)
from labourbrand.dates import PLAUSIBLE_DAYS, DayLike, as_date
from labourbrand.exceptions import InvalidArgumentError


if TYPE_CHECKING:
    from collections.abc import Iterable


#: The model's types: the records here, and the enumerations of labourbrand._enums.
__all__ = [
    "AuditRecord",
    "Authority",
    "Brand",
    "Category",
    "CreatingUnit",
    "CreatingUnitKind",
    "Event",
    "ExitGround",
    "Maturity",
    "PlaceBasis",
    "Recognition",
    "RecognitionLevel",
    "Stage",
    "WorkforceObservation",
    "normalise_name",
]


#: Plausible years of a recognition: those of the plausible days.
_FIRST_YEAR: Final = PLAUSIBLE_DAYS.first_day.year
_LAST_YEAR: Final = PLAUSIBLE_DAYS.last_day.year


# ------------------------------------------------------------------ helpers
if TYPE_CHECKING:

    def _tuple_of(items: Iterable[Any]) -> tuple[Any, ...]:
        """Any iterable as a tuple (a typed name for the converters below)."""

else:
    # tuple() itself: C, and a tuple comes back as it is.
    _tuple_of = tuple


# ------------------------------------------------------------------ records
@final
@attrs.frozen(kw_only=True)
class CreatingUnit:
    """The unit that cultivates and creates a brand (培育创建单位) and receives its awards.

    Raises:
        InvalidArgumentError: a field is not of its type, or :attr:`kind_note`
            is blank.

    Example:
        >>> CreatingUnit(name="紫阳县修脚师协会", kind=CreatingUnitKind.INDUSTRY_ASSOCIATION).kind.zh
        '行业协会'
        >>> unit = CreatingUnit(kind=CreatingUnitKind.OTHER, kind_note="职业院校(含技工院校)")
        >>> unit.kind.value, unit.kind_note
        ('other', '职业院校(含技工院校)')

    .. versionchanged:: 0.2.0
       :attr:`kind_note` added, for the bodies clause 3.2's "等" leaves open.
    """

    #: Registered name, if known: one line of text.
    name: str | None = attrs.field(default=None, validator=check.optional(check.name))
    #: Kind of body (clause 3.2), if known.
    kind: CreatingUnitKind | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(CreatingUnitKind))
    )
    #: What kind of body it is, in the source's words, if given: chiefly for
    #: :attr:`CreatingUnitKind.OTHER` (a body the list of clause 3.2 does not
    #: name); non-blank text.
    kind_note: str | None = attrs.field(
        default=None, validator=check.optional(check.text)
    )


@final
@attrs.frozen(kw_only=True)
class WorkforceObservation:
    """Head counts of a brand's workforce observed on one day.

    The employment award (clause 4.2) counts practitioners **with signed
    agreements** (农村劳动力等从业人员(签订协议)): :attr:`signed`, of whom
    :attr:`rural_signed` are rural workers (a narrower reading counts only
    those: the interpretation ``employment_award_headcount``).
    Counts nest: ``rural_signed <= rural <= practitioners`` and
    ``rural_signed <= signed <= practitioners``; poverty-alleviated and rural
    low-income workers are each at most the rural workers.

    A count that was not taken is ``None`` (unknown), never ``0``: a record
    that omits the poverty-alleviated or rural low-income workers leaves the
    worker subsidies that read them undetermined, naming the count.

    Raises:
        InvalidArgumentError: a count is negative or not an ``int``, or the
            counts do not nest.

    Example:
        >>> import pendulum
        >>> WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900,
        ...     rural=700, rural_signed=520).rural_signed
        520
    """

    #: The day the counts refer to (any form :func:`~labourbrand.dates.as_date` takes).
    on: pendulum.Date = attrs.field(converter=check.day_on)
    #: Practitioners (从业人员), all kinds.
    practitioners: int = attrs.field(validator=check.count)
    #: Rural workers (农村劳动力) among them.
    rural: int = attrs.field(validator=check.count)
    #: Rural workers with signed agreements (签订协议), clause 4.2.
    rural_signed: int = attrs.field(validator=check.count)
    #: Poverty-alleviated workers (脱贫人口), clause 4.2, if counted.
    #:
    #: .. versionchanged:: 0.2.0
    #:    ``None`` (unknown) when not given; was ``0``.
    poverty_alleviated: int | None = attrs.field(
        default=None, validator=check.optional(check.count)
    )
    #: Rural low-income workers (农村低收入人口), clause 4.2, if counted.
    #:
    #: .. versionchanged:: 0.2.0
    #:    ``None`` (unknown) when not given; was ``0``.
    rural_low_income: int | None = attrs.field(
        default=None, validator=check.optional(check.count)
    )
    #: Practitioners of every kind with signed agreements (签订协议), if counted;
    #: at least :attr:`rural_signed`.
    signed: int | None = attrs.field(
        default=None, validator=check.optional(check.count)
    )
    #: Persons the brand trained (培训人数) in the year up to this day, if counted.
    trained: int | None = attrs.field(
        default=None, validator=check.optional(check.count)
    )

    def __attrs_post_init__(self) -> None:
        if self.rural > self.practitioners:
            msg = f"Expected rural <= practitioners={self.practitioners} but got rural={self.rural!r}"
            raise InvalidArgumentError(msg, field="rural")
        if self.rural_signed > self.rural:
            msg = f"Expected rural_signed <= rural={self.rural} but got rural_signed={self.rural_signed!r}"
            raise InvalidArgumentError(msg, field="rural_signed")
        if self.signed is not None and not (
            self.rural_signed <= self.signed <= self.practitioners
        ):
            msg = (
                f"Expected rural_signed={self.rural_signed} <= signed <= "
                f"practitioners={self.practitioners} but got signed={self.signed!r}"
            )
            raise InvalidArgumentError(msg, field="signed")
        for name in ("poverty_alleviated", "rural_low_income"):
            value = getattr(self, name)
            if value is not None and value > self.rural:
                msg = f"Expected {name} <= rural={self.rural} but got {name}={value!r}"
                raise InvalidArgumentError(msg, field=name)


@final
@attrs.frozen(kw_only=True)
class Recognition:
    """A recognition (认定) of a brand at one level.

    The day may be unknown (the packaged data often gives only a year);
    :meth:`held_on` then counts it from the first day of the following year,
    or from :attr:`on_or_before` where a report bounds the day of the
    document. With neither day, bound nor year, when the recognition was made
    is unknown: :meth:`held` says so (``None``), which the policy's counts
    and decisions read as unknown; :meth:`held_on` keeps counting it as held
    on every day.

    Example:
        >>> import pendulum
        >>> r = Recognition(level=RecognitionLevel.PROVINCIAL, year=2025)
        >>> r.held_on(pendulum.Date(2025, 6, 1)), r.held_on(pendulum.Date(2026, 1, 1))
        (False, True)
        >>> reported = Recognition(level=RecognitionLevel.PROVINCIAL, year=2025,
        ...                        on_or_before=pendulum.Date(2025, 12, 6))
        >>> reported.held(pendulum.Date(2025, 12, 5)), reported.held(pendulum.Date(2025, 12, 31))
        (False, True)
        >>> print(Recognition(level=RecognitionLevel.PROVINCIAL).held(pendulum.Date(2025, 12, 31)))
        None

    .. versionchanged:: 0.2.0
       :attr:`on_or_before` and :meth:`held`.
    """

    # The types are checked field by field, the year after.

    #: The level.
    level: RecognitionLevel = attrs.field(validator=check.instance_of(RecognitionLevel))
    #: The day of the recognising document, if known.
    on: pendulum.Date | None = attrs.field(
        default=None, converter=check.optional_day_on
    )
    #: The year, if only that is known.
    year: int | None = None
    #: The recognising document or report.
    source: str | None = attrs.field(default=None, validator=check.optional(check.text))
    #: When only a bound of the day is known (a report says the document had
    #: been issued by then): the latest day the document can bear. The
    #: recognition counts from that day. Not given with :attr:`on`.
    on_or_before: pendulum.Date | None = attrs.field(
        default=None, converter=check.optional_day_on_or_before
    )

    def __attrs_post_init__(self) -> None:
        if self.year is not None and (
            type(self.year) is not int or not _FIRST_YEAR <= self.year <= _LAST_YEAR
        ):
            msg = f"Expected a year between {_FIRST_YEAR} and {_LAST_YEAR} but got {check.got('year', self.year)}"
            raise InvalidArgumentError(msg, field="year")
        if self.on is not None and self.year is not None and self.on.year != self.year:
            msg = f"Expected year={self.on.year} to match on={self.on.isoformat()} but got year={self.year!r}"
            raise InvalidArgumentError(msg, field="year")
        bound = self.on_or_before
        if bound is not None and self.on is not None:
            msg = (
                f"Expected on_or_before=None when on={self.on.isoformat()} is given "
                f"but got on_or_before={bound.isoformat()}"
            )
            raise InvalidArgumentError(msg, field="on_or_before")
        if bound is not None and self.year is not None and self.year > bound.year:
            msg = (
                f"Expected year <= {bound.year} (on_or_before={bound.isoformat()}) "
                f"but got year={self.year!r}"
            )
            raise InvalidArgumentError(msg, field="year")

    def held_on(self, on: DayLike) -> bool:
        """Whether the recognition is in place on day *on* (see the class notes).

        An undated recognition counts as held on every day; :meth:`held`
        tells it apart.
        """
        held = self.held(on)
        return True if held is None else held

    def held(self, on: DayLike) -> bool | None:
        """Whether the recognition is in place on day *on*; ``None`` if that is unknown.

        Held from :attr:`on`; else from :attr:`on_or_before` or the first day of
        the year after :attr:`year`, whichever comes first; with neither,
        unknown.

        .. versionadded:: 0.2.0
        """
        on = as_date(on, name="on")
        if self.on is not None:
            return self.on <= on
        if self.on_or_before is None and self.year is None:
            return None
        return (self.on_or_before is not None and self.on_or_before <= on) or (
            self.year is not None and on.year > self.year
        )


@final
@attrs.frozen(kw_only=True)
class AuditRecord:
    """One entry of a brand's audit trail: a transition that happened.

    Example:
        >>> import pendulum
        >>> rec = AuditRecord(on=pendulum.Date(2022, 5, 10), event=Event.ESTABLISH,
        ...     from_stage=Stage.DISCOVERED, to_stage=Stage.CULTIVATING,
        ...     by=Authority.COUNTY_HRSS, basis="3.1")
        >>> rec.to_stage.zh
        '培育创建'
    """

    #: The day it happened.
    on: pendulum.Date = attrs.field(converter=check.day_on)
    #: What happened.
    event: Event = attrs.field(validator=check.instance_of(Event))
    #: Stage before.
    from_stage: Stage = attrs.field(validator=check.instance_of(Stage))
    #: Stage after (the same for monitoring and recognition).
    to_stage: Stage = attrs.field(validator=check.instance_of(Stage))
    #: Who acted.
    by: Authority = attrs.field(validator=check.instance_of(Authority))
    #: The clause id the transition rests on, e.g. ``"3.4"``.
    basis: str = attrs.field(validator=check.name)
    #: Free text: the document number, the monitoring method, the reasons;
    #: may be empty, and may hold several lines.
    note: str = attrs.field(default="", validator=check.note)
    #: Exit grounds (clause 3.4) for an exit proposal.
    grounds: tuple[ExitGround, ...] = attrs.field(
        default=(), converter=_tuple_of, validator=check.each(ExitGround)
    )
    #: The level granted, for a recognition.
    level: RecognitionLevel | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(RecognitionLevel))
    )
    #: The id of the decision the event rests on (the award route into the
    #: pool rests on an eligible employment award), if any.
    evidence: str | None = attrs.field(
        default=None, validator=check.optional(check.name)
    )


def _check_workforce(
    instance: Brand, _attribute: object, value: tuple[WorkforceObservation, ...]
) -> None:
    for before, after in pairwise(value):
        if not before.on < after.on:
            msg = (
                f"Expected workforce observations in strictly increasing date order for "
                f"{instance.name_zh!r} but got {before.on.isoformat()} then {after.on.isoformat()}"
            )
            raise InvalidArgumentError(msg, field="workforce")


def _check_history(
    _instance: Brand, _attribute: object, value: tuple[AuditRecord, ...]
) -> None:
    if value and value[0].from_stage is not Stage.DISCOVERED:
        msg = (
            f"Expected an audit trail starting from stage 'discovered' (records kept "
            f"elsewhere come in through lifecycle.import_record) but got "
            f"from_stage={value[0].from_stage.value!r}"
        )
        raise InvalidArgumentError(msg, field="history[0].from_stage")
    for index, (before, after) in enumerate(pairwise(value), 1):
        if after.event is Event.IMPORT:
            msg = f"Expected an import only as the first audit record but got one at history[{index}]"
            raise InvalidArgumentError(msg, field=f"history[{index}].event")
        if after.on < before.on or after.from_stage is not before.to_stage:
            msg = f"Expected a continuous audit trail in date order but got {before!r} then {after!r}"
            raise InvalidArgumentError(msg, field=f"history[{index}]")


def _stage_of(brand: Brand) -> Stage:
    return brand.history[-1].to_stage if brand.history else Stage.DISCOVERED


def _check_stage(instance: Brand, _attribute: object, value: Stage) -> None:
    reached = _stage_of(instance)
    if value is not reached:
        msg = (
            f"Expected stage={reached.value!r}, the stage the audit trail reaches "
            f"(a stage changes only through the lifecycle; records kept elsewhere "
            f"come in through lifecycle.import_record), but got stage={value.value!r}"
        )
        raise InvalidArgumentError(msg, field="stage")


#: Characters that change nothing a reader sees: zero-width spaces and joiners, BOM.
_INVISIBLE: Final = re.compile("[\u200b-\u200f\u2060\ufeff]")
_SPACES: Final = re.compile(r"\s+")
#: A brand id given by an application: printable, no white space at the ends.
_ID_PATTERN: Final = re.compile(r"\S(?:.*\S)?", re.DOTALL)


def normalise_name(name: str) -> str:
    """*name* as it is matched: NFKC, invisible characters dropped, white space collapsed.

    The default :attr:`Brand.id` is built from it, so that variants of one
    name that a reader cannot tell apart are one brand.

    Example:
        >>> normalise_name(" 紫阳\u200b修脚师\u3000") == normalise_name("紫阳修脚师")
        True

    .. versionadded:: 0.2.0
    """
    text = name
    while True:  # to a fixed point: dropping a character may let NFKC compose more
        done = _SPACES.sub(" ", unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)))
        done = done.strip()
        if done == text:
            return done
        text = done


def _derived_id(brand: Brand) -> str:
    return f"{brand.county or '-'}/{normalise_name(brand.name_zh)}"


def _check_id(_instance: Brand, _attribute: object, value: object) -> None:
    if not (
        check.is_name(value)
        and isinstance(value, str)
        and _ID_PATTERN.fullmatch(value)
        and normalise_name(value) == value
    ):
        msg = (
            "Expected a brand id: one line of text with no white space at either "
            "end, no invisible or control characters, in NFKC form, but got "
            f"{check.got('id', value)}"
        )
        raise InvalidArgumentError(msg, field="id")


@final
@attrs.frozen(kw_only=True)
class Brand:
    """A labour brand (劳务品牌): a branded form of labour service and employment.

    Facts that no source gives stay ``None`` (unknown), never a guess.
    A brand is changed only through :func:`labourbrand.lifecycle.transition`,
    which returns a new brand with one more :class:`AuditRecord`.

    Raises:
        InvalidArgumentError: a field is out of its domain, workforce
            observations are out of order, or the audit trail does not lead to
            :attr:`stage`.

    Example:
        >>> b = Brand(name_zh="紫阳修脚师", county="610924")
        >>> b.stage, b.category
        (<Stage.DISCOVERED: 'discovered'>, None)
    """

    # attrs runs the validators in field order once every field is set, so
    # the checks of the order of the observations and of the audit trail see
    # items of the right types, and the stage already checked.

    #: Chinese name, e.g. ``"紫阳修脚师"``: the current one. A name settled
    #: later (:attr:`Event.NAME_SETTLED`) replaces it; the brand's identity
    #: is :attr:`id`, which stays.
    name_zh: str = attrs.field(validator=check.name)
    #: English name, if there is one.
    name_en: str | None = attrs.field(
        default=None, validator=check.optional(check.name)
    )
    #: GB/T 2260 code of the county-level unit that cultivates it, if known.
    county: str | None = attrs.field(default=None, validator=check.optional(check.code))
    #: How :attr:`county` is known.
    place_basis: PlaceBasis | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(PlaceBasis))
    )
    #: Domain (clause 3.2), if known.
    category: Category | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(Category))
    )
    #: Kind of candidate (clause 3.1), if known.
    maturity: Maturity | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(Maturity))
    )
    #: The creating unit (培育创建单位), if known.
    creating_unit: CreatingUnit | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(CreatingUnit))
    )
    #: Dated head counts, in strictly increasing date order.
    workforce: tuple[WorkforceObservation, ...] = attrs.field(
        default=(),
        converter=_tuple_of,
        validator=[check.each(WorkforceObservation), _check_workforce],
    )
    #: Recognitions received.
    recognitions: tuple[Recognition, ...] = attrs.field(
        default=(), converter=_tuple_of, validator=check.each(Recognition)
    )
    #: Whether a source describes the brand as nationally known (全国知名), as
    #: clause 2 describes its five flagship brands, if known. A description,
    #: not a recognition (认定): it carries no level and no day, and a
    #: national recognition is a :class:`Recognition` at
    #: :attr:`RecognitionLevel.NATIONAL`. The target of clause 2 counts both;
    #: the funding tilt of clause 7.3 counts recognitions only.
    #:
    #: .. versionadded:: 0.2.0
    nationally_known: bool | None = attrs.field(
        default=None, validator=check.optional(check.flag)
    )
    #: Whether the brand's trademark is registered (clause 4.3), if known.
    trademark_registered: bool | None = attrs.field(
        default=None, validator=check.optional(check.flag)
    )
    #: Whether it has a charter (章程, clause 3.1), if known. The charter is
    #: help given during cultivation ("帮助指导制订章程"), not a condition of
    #: it; :attr:`Event.CHARTER_ADOPTED` records the day and sets it ``True``.
    has_charter: bool | None = attrs.field(
        default=None, validator=check.optional(check.flag)
    )
    #: Audit trail, oldest first; the stage is the one it reaches.
    history: tuple[AuditRecord, ...] = attrs.field(
        default=(),
        converter=_tuple_of,
        validator=[check.each(AuditRecord), _check_history],
    )
    #: Lifecycle stage: the stage :attr:`history` reaches (``discovered`` with
    #: no history). Given, it must be that stage; change it only through the
    #: lifecycle.
    stage: Stage = attrs.field(
        default=attrs.Factory(_stage_of, takes_self=True),
        validator=[check.instance_of(Stage), _check_stage],
    )
    #: Where the brand's record comes from.
    source: str | None = attrs.field(default=None, validator=check.optional(check.text))
    #: The brand's stable identity, by which payments are keyed: the id of the
    #: application's register if it has one; by default
    #: ``"<county or ->/<name>"`` with the name normalised
    #: (:func:`~labourbrand.brands.normalise_name`), so that a trailing space, a zero-width space
    #: or a full-width variant of the name is the same brand.
    id: str = attrs.field(
        default=attrs.Factory(_derived_id, takes_self=True), validator=_check_id
    )

    def workforce_on(self, on: DayLike) -> WorkforceObservation | None:
        """Return the latest workforce observation made on or before *on*, if any.

        Example:
            >>> import pendulum
            >>> d = pendulum.Date
            >>> b = Brand(name_zh="x", workforce=[
            ...     WorkforceObservation(on=d(2023, 1, 1), practitioners=10, rural=5, rural_signed=5),
            ...     WorkforceObservation(on=d(2024, 1, 1), practitioners=20, rural=9, rural_signed=8)])
            >>> b.workforce_on(d(2023, 7, 1)).practitioners, b.workforce_on(d(2022, 1, 1))
            (10, None)
        """
        on = as_date(on, name="on")
        found = None
        for obs in self.workforce:
            if obs.on > on:
                break
            found = obs
        return found

    def stage_on(self, on: DayLike) -> Stage:
        """Return the stage the brand was in on day *on*, from its audit trail.

        Example:
            >>> import pendulum
            >>> from labourbrand import lifecycle
            >>> b = Brand(name_zh="x", county="610924", maturity=Maturity.ESTABLISHED)
            >>> b = lifecycle.transition(b, Event.ESTABLISH, on=pendulum.Date(2022, 5, 6),
            ...                          by=Authority.COUNTY_HRSS)
            >>> b.stage_on(pendulum.Date(2022, 5, 5)).value, b.stage_on(pendulum.Date(2022, 5, 6)).value
            ('discovered', 'cultivating')
        """
        on = as_date(on, name="on")
        history = self.history
        if not history or history[-1].on <= on:
            return history[-1].to_stage if history else Stage.DISCOVERED
        stage = Stage.DISCOVERED
        for record in history:
            if record.on > on:
                break
            stage = record.to_stage
        return stage

    def as_of(self, on: DayLike) -> Brand:
        """Return the brand as it was recorded on day *on*.

        Only what was recorded on or before *on* is kept: the audit records,
        the workforce observations and the recognitions held on that day.

        Example:
            >>> import pendulum
            >>> d = pendulum.Date
            >>> b = Brand(name_zh="x", workforce=[
            ...     WorkforceObservation(on=d(2023, 1, 1), practitioners=10, rural=5, rural_signed=5),
            ...     WorkforceObservation(on=d(2024, 1, 1), practitioners=20, rural=9, rural_signed=8)])
            >>> len(b.as_of(d(2023, 6, 1)).workforce)
            1
        """
        on = as_date(on, name="on")
        history = tuple(r for r in self.history if r.on <= on)
        return attrs.evolve(
            self,
            history=history,
            stage=history[-1].to_stage if history else Stage.DISCOVERED,
            workforce=tuple(o for o in self.workforce if o.on <= on),
            recognitions=tuple(r for r in self.recognitions if r.held_on(on)),
        )

    @property
    def imported(self) -> AuditRecord | None:
        """The import record, if the brand's stage was taken over from records kept elsewhere."""
        if self.history and self.history[0].event is Event.IMPORT:
            return self.history[0]
        return None

    def recognition_level(self, on: DayLike) -> RecognitionLevel | None:
        """Return the highest recognition level held on day *on*, if any.

        Example:
            >>> import pendulum
            >>> b = Brand(name_zh="x", recognitions=[Recognition(level=RecognitionLevel.CITY, year=2022)])
            >>> b.recognition_level(pendulum.Date(2023, 1, 1))
            <RecognitionLevel.CITY: 'city'>
        """
        on = as_date(on, name="on")
        held = [r.level for r in self.recognitions if r.held_on(on)]
        return max(held, key=_LEVEL_RANK.__getitem__) if held else None


_BRAND_FIELDS: Final = tuple(a.name for a in attrs.fields(Brand))
_set = object.__setattr__

# The two builders below skip validation. They are only for values the caller
# has already checked: the lifecycle builds a transition from a valid brand,
# rows of its own table and checked inputs, and must stay within its speed
# budget of a few microseconds. A test re-validates what they build.


def _new_record(**fields: Any) -> AuditRecord:
    """Build an :class:`AuditRecord` from every one of its fields, unchecked."""
    new = object.__new__(AuditRecord)
    for name, value in fields.items():
        _set(new, name, value)
    return new


def _evolve_brand(brand: Brand, **changes: Any) -> Brand:
    """Copy *brand* with *changes*, unchecked."""
    new = object.__new__(Brand)
    for name in _BRAND_FIELDS:
        _set(new, name, changes[name] if name in changes else getattr(brand, name))
    return new
