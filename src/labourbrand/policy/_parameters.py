"""Dated policy parameters read from TOML (private; see :mod:`labourbrand.policy.parameters`).

Each parameter is one file ``parameters/<name>.toml`` with the OpenFisca schema:
a description, a unit, the clause it encodes, a reference, and values keyed by
the ISO day they take effect. A value holds until the next key. A later
document adds a later key; it never edits an earlier one.

Example:
    >>> import pendulum
    >>> from labourbrand.policy.parameters import UNQUANTIFIED, load_parameters
    >>> params = load_parameters()
    >>> params["employment_award_cap"].value_at(pendulum.Date(2024, 1, 1))
    Fen(30000000)
    >>> params["target_provincial"].value_at(pendulum.Date(2023, 11, 30))
    UNQUANTIFIED
    >>> snapshot = params.at(pendulum.Date(2023, 12, 1))
    >>> snapshot.value("target_provincial"), "target_county_level" in snapshot
    (20, True)
    >>> params["employment_award_threshold"].value_at(pendulum.Date(2022, 4, 28))
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.NotInForceError: Expected a day on or after 2022-04-29 but got on='2022-04-28': employment_award_threshold is not in force before then
    >>> scenario = params.with_overrides({"employment_award_threshold": 300})
    >>> scenario["employment_award_threshold"].value_at(pendulum.Date(2024, 1, 1))
    300

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import bisect
import contextlib
import enum
import functools
import importlib.resources
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar, cast, final, overload

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._validators import got, show
from labourbrand.dates import PLAUSIBLE_DAYS, DayLike, as_date, parse_date
from labourbrand.exceptions import InvalidArgumentError, NotInForceError
from labourbrand.money import MAX_FEN, Fen
from labourbrand.policy._plausible import Plausible


if TYPE_CHECKING:
    import pathlib
    from importlib.resources.abc import Traversable


__all__ = [
    "UNQUANTIFIED",
    "DatedValue",
    "Parameter",
    "ParameterSet",
    "ParameterSnapshot",
    "ParameterValue",
    "Plausible",
    "Unit",
    "Unquantified",
    "load_parameters",
    "parse_parameter",
]

_T = TypeVar("_T")

#: A parameter's name, which is also its file's stem.
NAME_RE: Final = re.compile(r"[a-z][a-z0-9_]*")
#: A simulation asks for a few hundred days; a stray loop over every day of a
#: century must not keep every snapshot alive.
_MAX_SNAPSHOTS: Final = 4096
#: The sort key of dated values.
FIRST_DAY: Final = operator.attrgetter("first_day")


class Unit(enum.StrEnum):
    """What a parameter's number counts.

    Example:
        >>> Unit("fen").zh, Unit.PERSONS.zh
        ('分', '人')

    .. versionadded:: 0.1.0
    """

    #: Head counts, such as the 500 rural workers of clause 4.2.
    PERSONS = "persons"
    #: Money, as an integer number of fen (分); read as :class:`~labourbrand.money.Fen`.
    FEN = "fen"
    #: Other counts: projects, studios, criteria.
    COUNT = "count"
    #: Numbers of labour brands (劳务品牌), as the targets count them.
    BRANDS = "brands"
    #: A calendar day, read as :class:`pendulum.Date`.
    DATE = "date"
    #: Yes or no.
    BOOLEAN = "boolean"

    @property
    def zh(self) -> str:
        """Chinese label, e.g. ``"人"``."""
        return _UNIT_ZH[self]


_UNIT_ZH: Final = {
    Unit.PERSONS: "人",
    Unit.FEN: "分",
    Unit.COUNT: "个",
    Unit.BRANDS: "个品牌",
    Unit.DATE: "日期",
    Unit.BOOLEAN: "是否",
}


class Unquantified(enum.Enum):
    """The type of :data:`UNQUANTIFIED`: a value the text sets without a number.

    The 2022 text asks for "a batch" (一批) of provincial and city-level brands.
    Such a target exists, so a lookup does not fail; but it has no number, so a
    lookup must not return zero either.

    .. versionadded:: 0.1.0
    """

    UNQUANTIFIED = "unquantified"

    def __repr__(self) -> str:
        return "UNQUANTIFIED"

    def __str__(self) -> str:
        return "unquantified"


#: The marker for a value the text sets without a number, such as "a batch" (一批).
#:
#: .. versionadded:: 0.1.0
UNQUANTIFIED: Final = Unquantified.UNQUANTIFIED

#: What a parameter holds on a day it is in force.
#:
#: .. versionadded:: 0.1.0
ParameterValue: TypeAlias = int | Fen | pendulum.Date | bool | Unquantified


# ------------------------------------------------------------------ checks
_check_name = check.matches(
    NAME_RE, "a name of lowercase letters, digits and underscores"
)


def _check_any_value(
    _instance: object,
    attribute: attrs.Attribute[Any],
    value: Any,  # noqa: ANN401
) -> None:
    # bool is an int; Date must be pendulum's own, not a datetime or a plain date.
    ok = value is None or isinstance(value, int | Fen | Unquantified)
    if not (ok or type(value) is pendulum.Date):
        what = "an int, Fen, pendulum.Date, bool or UNQUANTIFIED"
        raise check.refusal(what, attribute.name, value)


def _to_fen(_unit: Unit, raw: object, lenient: bool) -> Fen:  # noqa: FBT001
    if lenient and isinstance(raw, Fen):
        return raw
    if type(raw) is not int:
        msg = f"Expected an int number of fen but got {show(raw)}"
        raise InvalidArgumentError(msg)
    if not 0 <= raw <= MAX_FEN:
        msg = f"Expected a number of fen 0 <= fen <= {MAX_FEN} but got {show(raw)}"
        raise InvalidArgumentError(msg)
    return Fen(raw)


def _to_day(_unit: Unit, raw: object, lenient: bool) -> pendulum.Date:  # noqa: FBT001
    day: pendulum.Date | None = None
    if lenient:
        # An override is a day in any form the library takes (dates.as_date).
        day = as_date(cast("DayLike", raw), name="value")
    elif isinstance(raw, str):
        with contextlib.suppress(InvalidArgumentError):
            day = parse_date(raw)
    if day is not None and day in PLAUSIBLE_DAYS:
        return day
    msg = (
        f"Expected a day YYYY-MM-DD as a string, from "
        f"{PLAUSIBLE_DAYS.first_day.isoformat()} to "
        f"{PLAUSIBLE_DAYS.last_day.isoformat()}, but got {show(raw)}"
    )
    raise InvalidArgumentError(msg)


def _to_bool(_unit: Unit, raw: object, _lenient: bool) -> bool:  # noqa: FBT001
    if type(raw) is not bool:
        msg = f"Expected a bool (true or false) but got {show(raw)}"
        raise InvalidArgumentError(msg)
    return raw


def _to_count(unit: Unit, raw: object, _lenient: bool) -> int:  # noqa: FBT001
    if type(raw) is not int or raw < 0:
        msg = f"Expected an int >= 0 of {unit.value} but got {show(raw)}"
        raise InvalidArgumentError(msg)
    return raw


_CONVERTERS: Final[Mapping[Unit, Callable[[Unit, object, bool], ParameterValue]]] = {
    Unit.PERSONS: _to_count,
    Unit.FEN: _to_fen,
    Unit.COUNT: _to_count,
    Unit.BRANDS: _to_count,
    Unit.DATE: _to_day,
    Unit.BOOLEAN: _to_bool,
}


def convert(unit: Unit, raw: object, *, lenient: bool) -> ParameterValue:
    """Turn *raw* into a value of *unit*, or raise InvalidArgumentError.

    Strict (a TOML file): fen and counts are ``int``, days ``"YYYY-MM-DD"`` strings.
    Lenient (a scenario override): also a :class:`Fen`, a day in any form
    :func:`~labourbrand.dates.as_date` takes, or :data:`UNQUANTIFIED` (or its text, ``"unquantified"``, as JSON and a
    scenario file write it). An accepted typed value is returned as the same
    object, which :func:`_fits` relies on. The file reader uses it too.
    """
    if lenient and (
        raw is UNQUANTIFIED or (type(raw) is str and raw == UNQUANTIFIED.value)
    ):
        return UNQUANTIFIED
    return _CONVERTERS[unit](unit, raw, lenient)


def _fits(unit: Unit, value: object) -> bool:
    """Whether *value* is already a typed value of *unit*."""
    try:
        return convert(unit, value, lenient=True) is value
    except InvalidArgumentError:
        return False


def entry_problems(
    unit: Unit, values: tuple[object, ...], plausible: Plausible | None = None
) -> list[tuple[DatedValue | None, str, str]]:
    """List what is wrong with a sequence of dated values: (entry, key, message).

    A value outside *plausible* is a problem too.
    """
    if not values:
        return [(None, "", "Expected at least one dated value but got none")]
    problems: list[tuple[DatedValue | None, str, str]] = []
    previous: DatedValue | None = None
    for entry in values:
        if not isinstance(entry, DatedValue):
            problems.append((None, "", f"Expected a DatedValue but got {show(entry)}"))
            continue
        day = entry.first_day.isoformat()
        if previous is not None and entry.first_day <= previous.first_day:
            msg = f"Expected days in increasing order but got {day} after {previous.first_day.isoformat()}"
            problems.append((entry, "", msg))
        if entry.ended and previous is None:
            msg = "Expected the first dated value to set a value but got ended = true"
            problems.append((entry, "ended", msg))
        elif entry.ended and previous is not None and previous.ended:
            msg = f"Expected a value before ended = true but the parameter already ended on {previous.first_day.isoformat()}"
            problems.append((entry, "ended", msg))
        elif not entry.ended and not _fits(unit, entry.value):
            msg = f"Expected a value of unit {unit.value!r} but got {show(entry.value)}"
            problems.append((entry, "value", msg))
        elif plausible is not None and entry.value not in (None, UNQUANTIFIED):
            # UNQUANTIFIED has no number: it is in every range.
            problem = plausible.problem(entry.value, unit)
            if problem:
                problems.append((entry, "value", problem))
        previous = entry
    return problems


# ------------------------------------------------------------------ values
@final
@attrs.frozen(kw_only=True)
class DatedValue:
    """One value of a parameter, in force from *first_day* until the next entry.

    Exactly one of: a :data:`ParameterValue` (possibly :data:`UNQUANTIFIED`),
    or ``ended=True`` with ``value=None`` (no longer in force from that day).

    Example:
        >>> import pendulum
        >>> DatedValue(first_day=pendulum.Date(2022, 4, 29), value=500,
        ...            reference="陕人社发〔2022〕13号")
        DatedValue(first_day=Date(2022, 4, 29), value=500, ended=False, reference='陕人社发〔2022〕13号')

    .. versionadded:: 0.1.0
    """

    #: The day the value takes effect.
    first_day: pendulum.Date = attrs.field(converter=check.day_first_day)
    #: The value; ``None`` only when *ended*.
    value: ParameterValue | None = attrs.field(default=None, validator=_check_any_value)
    #: Whether the parameter is no longer in force from *first_day*.
    ended: bool = attrs.field(default=False, validator=check.flag)
    #: The document that set this value, e.g. ``"陕人社发〔2022〕13号"``.
    reference: str = attrs.field(validator=check.text)

    def __attrs_post_init__(self) -> None:
        if self.ended != (self.value is None):
            msg = (
                "Expected either a value or ended=True but got "
                f"value={self.value!r}, ended={self.ended!r}"
            )
            raise InvalidArgumentError(msg, field="value")


def _to_values(values: Iterable[DatedValue]) -> tuple[DatedValue, ...]:
    try:
        return tuple(values)
    except TypeError:
        msg = f"Expected an iterable of DatedValue but got values={show(values)}"
        raise InvalidArgumentError(msg, field="values") from None


def _ended_error(name: str, on: pendulum.Date, entry: DatedValue) -> NotInForceError:
    error = NotInForceError(name, on=on, first_day=entry.first_day)
    # NotInForceError words its message for "not yet"; an ended value needs "no longer".
    message = (
        f"Expected a day before {entry.first_day.isoformat()} but got "
        f"on={on.isoformat()!r}: {name} is no longer in force from then ({entry.reference})"
    )
    error.args = (message,)
    return error


@final
@attrs.frozen(kw_only=True)
class Parameter:
    """A policy parameter: its meaning, its basis and its dated values.

    Example:
        >>> import pendulum
        >>> from labourbrand.policy.parameters import load_parameters
        >>> cap = load_parameters()["employment_award_cap"]
        >>> cap.unit, cap.clause, cap.first_day
        (<Unit.FEN: 'fen'>, '4.2', Date(2022, 4, 29))
        >>> cap.entry_at(pendulum.Date(2025, 1, 1)).reference
        '陕人社发〔2022〕13号'

    .. versionadded:: 0.1.0
    """

    #: The name, which is also the file stem: ``"employment_award_cap"``.
    name: str = attrs.field(validator=_check_name)
    #: What it is, in English.
    description: str = attrs.field(validator=check.text)
    #: What it is, in Chinese.
    description_zh: str = attrs.field(validator=check.text)
    #: What its number counts.
    unit: Unit = attrs.field(validator=check.instance_of(Unit))
    #: The clause id it encodes, such as ``"4.2"`` (see ``policy/CLAUSES.md``).
    clause: str = attrs.field(validator=check.text)
    #: The official basis, e.g. ``"陕人社发〔2022〕13号 第四部分第(二)项"``.
    reference: str = attrs.field(validator=check.text)
    #: Notes, such as the wording of the text; may be empty.
    documentation: str = attrs.field(default="", validator=check.instance_of(str))
    #: The dated values, in strictly increasing order of first day.
    values: tuple[DatedValue, ...] = attrs.field(converter=_to_values)
    #: The range every value lies in, if declared (not for a yes-or-no).
    #:
    #: .. versionadded:: 0.2.0
    plausible: Plausible | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(Plausible))
    )

    def __attrs_post_init__(self) -> None:
        problems = entry_problems(self.unit, self.values, self.plausible)
        if problems:
            msg = f"{self.name}: " + "; ".join(m for _, _, m in problems)
            raise InvalidArgumentError(msg, field="values")

    @property
    def first_day(self) -> pendulum.Date:
        """The first day the parameter is in force."""
        return self.values[0].first_day

    def entry_at(self, on: DayLike) -> DatedValue:
        """Return the entry in force on *on*, with the document that set it.

        Raises:
            NotInForceError: *on* is before the first day (``first_day`` is the
                first day), or the entry in force on *on* is ``ended``
                (``first_day`` is then the day it ended, and the message says
                "no longer in force").
            InvalidArgumentError: *on* is not a day.
        """
        on = as_date(on, name="on")
        index = bisect.bisect_right(self.values, on, key=FIRST_DAY)
        if index == 0:
            raise NotInForceError(self.name, on=on, first_day=self.first_day)
        entry = self.values[index - 1]
        if entry.ended:
            raise _ended_error(self.name, on, entry)
        return entry

    def value_at(self, on: DayLike) -> ParameterValue:
        """Return the value in force on *on*; may be :data:`UNQUANTIFIED`.

        Raises:
            NotInForceError: as :meth:`entry_at`.
            InvalidArgumentError: *on* is not a day.
        """
        return cast("ParameterValue", self.entry_at(on).value)  # not ended: not None

    def _in_force(self, on: pendulum.Date) -> DatedValue | None:
        index = bisect.bisect_right(self.values, on, key=FIRST_DAY)
        entry = self.values[index - 1] if index else None
        return None if entry is None or entry.ended else entry


# ------------------------------------------------------------------ sets
def _unknown_name(names: Iterable[str], name: object) -> InvalidArgumentError:
    msg = f"Expected a parameter name among {', '.join(names)} but got name={name!r}"
    return InvalidArgumentError(msg, field="name")


@final
class ParameterSet(Mapping[str, Parameter]):
    """An immutable set of parameters by name, in name order.

    Example:
        >>> import pendulum
        >>> from labourbrand.policy.parameters import load_parameters
        >>> params = load_parameters()
        >>> params["no_such_thing"]  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a parameter name among employment_award_cap, ... but got name='no_such_thing'

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_by_name", "_snapshots")

    def __init__(self, parameters: Iterable[Parameter]) -> None:
        by_name: dict[str, Parameter] = {}
        for parameter in cast("Iterable[object]", parameters):  # checked at run time
            if not isinstance(parameter, Parameter):
                msg = f"Expected a Parameter but got {show(parameter)}"
                raise InvalidArgumentError(msg, field="parameters")
            if parameter.name in by_name:
                msg = f"Expected each parameter name once but got name={parameter.name!r} twice"
                raise InvalidArgumentError(msg, field="parameters")
            by_name[parameter.name] = parameter
        self._by_name: Final = dict(sorted(by_name.items()))
        self._snapshots: Final[dict[pendulum.Date, ParameterSnapshot]] = {}

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._by_name[name]
        except KeyError:
            raise _unknown_name(self, name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @overload
    def get(self, key: str, /) -> Parameter | None: ...
    @overload
    def get(self, key: str, default: Parameter, /) -> Parameter: ...
    @overload
    def get(self, key: str, default: _T, /) -> Parameter | _T: ...
    def get(self, key: str, default: object = None, /) -> object:
        """Return the parameter called *key*, or *default* (no error for unknown names)."""
        return self._by_name.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"ParameterSet(<{len(self)} parameters: {', '.join(self._by_name)}>)"

    def at(self, on: DayLike) -> ParameterSnapshot:
        """Return the values of every parameter in force on *on*.

        Snapshots are compiled once per day and cached (up to 4,096 days).

        Raises:
            InvalidArgumentError: *on* is not a day.
        """
        on = as_date(on, name="on")
        snapshot = self._snapshots.get(on)
        if snapshot is None:
            if len(self._snapshots) >= _MAX_SNAPSHOTS:
                self._snapshots.clear()
            snapshot = self._snapshots[on] = ParameterSnapshot(on, self)
        return snapshot

    def with_overrides(
        self,
        overrides: Mapping[str, object],
        *,
        from_day: DayLike | None = None,
        reference: str = "scenario override",
    ) -> ParameterSet:
        """Return a new set in which each overridden parameter takes a new value.

        The new value is a dated entry from *from_day* (by default the
        parameter's first day) that replaces every entry from that day on.
        The packaged files and this set are not changed.

        Args:
            overrides: parameter name to value: :class:`~labourbrand.money.Fen`
                or ``int`` fen for money, ``int`` for counts, a
                :class:`pendulum.Date`, a :class:`datetime.date` or
                ``"YYYY-MM-DD"`` for days, ``bool``,
                or :data:`UNQUANTIFIED` (or ``"unquantified"``).
            from_day: the day the overrides take effect.
            reference: what the new entries cite.

        Raises:
            InvalidArgumentError: an unknown name, a value that does not fit
                the parameter's unit or lies outside its
                :attr:`~Parameter.plausible` range (every problem is listed;
                nothing is applied), or a *from_day* outside
                :data:`~labourbrand.dates.PLAUSIBLE_DAYS`.

        Example:
            >>> import pendulum
            >>> from labourbrand.money import Fen
            >>> from labourbrand.policy.parameters import load_parameters
            >>> params = load_parameters()
            >>> what_if = params.with_overrides(
            ...     {"employment_award_cap": Fen.from_yuan(500_000)},
            ...     from_day=pendulum.Date(2024, 1, 1))
            >>> [str(e.value) for e in what_if["employment_award_cap"].values]
            ['¥300,000.00', '¥500,000.00']
            >>> params["employment_award_cap"].value_at(pendulum.Date(2024, 1, 1))
            Fen(30000000)
        """
        if not isinstance(cast("object", overrides), Mapping):
            msg = f"Expected a mapping of parameter names to values but got {got('overrides', overrides)}"
            raise InvalidArgumentError(msg, field="overrides")
        day = None if from_day is None else as_date(from_day, name="from_day")
        if day is not None and day not in PLAUSIBLE_DAYS:
            msg = f"Expected from_day from {PLAUSIBLE_DAYS.first_day.isoformat()} to {PLAUSIBLE_DAYS.last_day.isoformat()} but got {got('from_day', day)}"
            raise InvalidArgumentError(msg, field="from_day")
        check.text(None, _REFERENCE, reference)
        problems: list[tuple[str, str]] = []
        replaced: dict[str, Parameter] = {}
        for name, raw in overrides.items():
            parameter = self._by_name.get(name)
            if parameter is None:
                problems.append((str(name), str(_unknown_name(self, name))))
                continue
            try:
                value = convert(parameter.unit, raw, lenient=True)
            except InvalidArgumentError as exc:
                problems.append((name, f"{name}: {exc}"))
                continue
            outside = (
                parameter.plausible.problem(value, parameter.unit, name, given=raw)
                if parameter.plausible is not None and value is not UNQUANTIFIED
                else ""
            )
            if outside:
                problems.append((name, f"{name}: {outside}"))
                continue
            start = parameter.first_day if day is None else day
            kept = tuple(v for v in parameter.values if v.first_day < start)
            new = DatedValue(first_day=start, value=value, reference=reference)
            replaced[name] = attrs.evolve(parameter, values=(*kept, new))
        if problems:
            field = problems[0][0] if len(problems) == 1 else "overrides"
            raise InvalidArgumentError("; ".join(m for _, m in problems), field=field)
        return ParameterSet({**self._by_name, **replaced}.values())


_REFERENCE: Final = attrs.fields(DatedValue).reference


@final
@attrs.frozen
class ParameterSnapshot:
    """The values of every parameter in force on one day.

    ``name in snapshot`` is true when the parameter is in force on :attr:`on`;
    :meth:`items` lists those parameters only.

    Example:
        >>> import pendulum
        >>> from labourbrand.policy.parameters import load_parameters
        >>> snapshot = load_parameters().at(pendulum.Date(2023, 1, 1))
        >>> snapshot.get("target_county_level") is None
        True
        >>> snapshot.value("employment_award_threshold")
        500

    .. versionadded:: 0.1.0
    """

    #: The day.
    on: pendulum.Date = attrs.field(converter=check.day_on)
    _parameters: ParameterSet = attrs.field(repr=False, eq=False, hash=False)
    _entries: Mapping[str, DatedValue] = attrs.field(init=False, repr=False, hash=False)

    @_entries.default
    def _compile(self) -> Mapping[str, DatedValue]:
        # Defaults are computed before validators run, so check the inputs here
        # (the day is converted already: converters run first, in field order).
        parameters: object = self._parameters
        if not isinstance(parameters, ParameterSet):
            msg = f"Expected a ParameterSet but got {got('parameters', parameters)}"
            raise InvalidArgumentError(msg, field="parameters")
        entries = {}
        for name, parameter in parameters.items():
            entry = parameter._in_force(self.on)  # noqa: SLF001 - same module
            if entry is not None:
                entries[name] = entry
        return MappingProxyType(entries)

    def get(self, name: str) -> DatedValue | None:
        """Return the entry of *name* in force on :attr:`on`, or ``None`` if none is.

        Raises:
            InvalidArgumentError: *name* is not a parameter of the set.
        """
        entry = self._entries.get(name)
        if entry is None and name not in self._parameters:
            raise _unknown_name(self._parameters, name)  # an error, not None
        return entry

    def value(self, name: str) -> ParameterValue:
        """Return the value of *name* on :attr:`on`; may be :data:`UNQUANTIFIED`.

        Raises:
            NotInForceError: as :meth:`Parameter.entry_at`.
            InvalidArgumentError: *name* is not a parameter of the set.
        """
        entry = self._entries.get(name)
        if entry is None:
            return self._parameters[name].value_at(self.on)  # raises
        return cast("ParameterValue", entry.value)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def items(self) -> tuple[tuple[str, DatedValue], ...]:
        """Return ``(name, entry)`` for every parameter in force, in name order."""
        return tuple(self._entries.items())


# ------------------------------------------------------------------ files
def parse_parameter(text: str, *, name: str, source: str) -> Parameter:
    """Parse one parameter file.

    Args:
        text: the TOML text.
        name: the parameter's name (the file stem).
        source: where the text came from, for messages
            (``"parameters/employment_award_cap.toml"``).

    Raises:
        PolicyDataError: listing every problem of the file, each with its path,
            such as ``Expected an int number of fen but got 300000.0 (type=float)
            @ $.values."2022-04-29".value``.
        InvalidArgumentError: *text*, *name* or *source* is not a string.

    Example:
        >>> text = '''
        ... description = "Cap"
        ... description_zh = "上限"
        ... unit = "fen"
        ... clause = "4.2"
        ... [metadata]
        ... reference = "陕人社发〔2022〕13号"
        ... [values."2022-04-29"]
        ... value = 300000.0
        ... '''
        >>> parse_parameter(text, name="cap", source="cap.toml")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.PolicyDataError: cap.toml: 2 invalid fields
          cap.toml: Expected non-empty text but the key is missing @ $.values."2022-04-29".reference
          cap.toml: Expected an int number of fen but got 300000.0 (type=float) @ $.values."2022-04-29".value

    .. versionadded:: 0.1.0
    """
    from labourbrand.policy._parameter_files import read_parameter

    return read_parameter(text, name=name, source=source)


def load_parameters(
    directory: Traversable | pathlib.Path | None = None,
) -> ParameterSet:
    """Load every ``*.toml`` parameter file of *directory* (other files are ignored).

    Args:
        directory: a folder of parameter files; by default the packaged
            parameters of every packaged document, each later document's
            values added from its first day (read once and cached).

    Raises:
        PolicyDataError: every problem of every file. With one bad file,
            :attr:`~labourbrand.exceptions.DataError.source` is that file;
            with several, it is the directory and each line names its file.

    Example:
        >>> len(load_parameters()) >= 12
        True

    .. versionadded:: 0.1.0
    """
    if directory is None:
        from labourbrand.policy.documents import packaged_parameters

        return packaged_parameters()
    from labourbrand.policy._parameter_files import read_directory

    return read_directory(directory, packaged=False)


@functools.cache
def _packaged() -> ParameterSet:
    """The parameters of 陕人社发〔2022〕13号 alone, as packaged."""
    from labourbrand.policy._parameter_files import read_packaged

    return read_packaged()


@functools.cache
def _packaged_layer(document_id: str) -> ParameterSet:
    """The parameter values a later packaged document adds."""
    from labourbrand.policy._parameter_files import read_directory

    folder = importlib.resources.files("labourbrand.policy.documents") / "data"
    return read_directory(folder / document_id / "parameters", packaged=True)
