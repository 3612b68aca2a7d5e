"""Dates, the Shanghai clock and plan periods.

Calendar days are :class:`pendulum.Date`; instants are :class:`pendulum.DateTime`
in ``Asia/Shanghai``. Rules never read the clock: they take ``on`` explicitly.
Only entry points (the command line) call :func:`today`.

Example:
    >>> from labourbrand.dates import FYP14, parse_date
    >>> parse_date("2025-12-31") in FYP14
    True
    >>> FYP14.last_day
    Date(2025, 12, 31)
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Final, TypeAlias, final

import attrs
import pendulum

from labourbrand.exceptions import InvalidArgumentError


__all__ = [
    "FYP14",
    "PLAUSIBLE_DAYS",
    "POLICY_2022_IN_FORCE",
    "SHANGHAI",
    "DayLike",
    "PlanPeriod",
    "as_date",
    "parse_date",
    "today",
]

#: The time zone of every instant the library creates.
SHANGHAI: Final = pendulum.timezone("Asia/Shanghai")

#: The day 陕人社发〔2022〕13号 was issued and took effect.
POLICY_2022_IN_FORCE: Final = pendulum.Date(2022, 4, 29)

_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_DAY_LEN: Final = len("2022-04-29")

#: What every public function and constructor accepts as a day: a
#: :class:`pendulum.Date`, a :class:`datetime.date` or an ISO string
#: ``"YYYY-MM-DD"`` (see :func:`as_date`).
DayLike: TypeAlias = pendulum.Date | dt.date | str

# How a refusal names what a day may be, as a string or in any form.
_ISO_FORM: Final = "a day YYYY-MM-DD"
_DAY_FORMS: Final = "a day (pendulum.Date, datetime.date or 'YYYY-MM-DD')"


def today() -> pendulum.Date:
    """Return today's date in Shanghai. Only entry points should call this.

    .. versionadded:: 0.1.0
    """
    return pendulum.today(SHANGHAI).date()


def parse_date(text: str, *, name: str | None = None) -> pendulum.Date:
    """Parse an ISO calendar day ``YYYY-MM-DD``, strictly.

    Args:
        text: the day, exactly ten characters.
        name: the argument's name, for a refusal: its message names it, and
            so does the error's ``field`` (without it, the message says
            ``text`` and ``field`` is ``None``).

    Days are immutable, so parsed days are cached: files repeat the same days.

    Raises:
        InvalidArgumentError: not a string, not of that form, or not a real day.

    Example:
        >>> parse_date("2022-04-29")
        Date(2022, 4, 29)
        >>> parse_date("2022-02-30")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a day YYYY-MM-DD but got text='2022-02-30' (type=str)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The keyword *name*.
    """
    candidate: object = text  # callers may pass anything at run time
    # Only a string of the day's length is looked up: the cache keeps what it sees.
    if isinstance(candidate, str) and len(candidate) == _ISO_DAY_LEN:
        day = _parse_iso_day(candidate)
        if day is not None:
            return day
    raise _refusal(_ISO_FORM, name or "text", text, field=name)


def _refusal(
    what: str, name: str, value: object, why: str = "", *, field: str | None
) -> InvalidArgumentError:
    """``InvalidArgumentError("Expected <what> but got <name>=…")``, to raise."""
    # The house wording and its cut of long values; imported here, on the
    # error path only, because labourbrand._validators builds on this module.
    from labourbrand._validators import got

    msg = f"Expected {what} but got {got(name, value)}{why}"
    return InvalidArgumentError(msg, field=field)


@functools.lru_cache(maxsize=4096)
def _parse_iso_day(text: str) -> pendulum.Date | None:
    if _ISO_DAY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return pendulum.Date(day.year, day.month, day.day)
    return None


def as_date(value: DayLike, *, name: str = "day") -> pendulum.Date:
    """Return the day *value* names, as a :class:`pendulum.Date`: the one input-day policy.

    Every public function and constructor of :mod:`labourbrand` that takes a
    day (``on=``, ``since=``, ``first_day=``, …) reads it here, so they all
    accept the same three forms: a :class:`pendulum.Date`, a
    :class:`datetime.date` and an ISO string ``"YYYY-MM-DD"`` (as a web form
    sends it). A :class:`datetime.datetime` (and so a
    :class:`pendulum.DateTime`) is refused: it is an instant, and which day it
    falls on depends on the time zone; the policy's days are days in
    Asia/Shanghai. Anything else is refused too. JSON and the packaged files
    are stricter: there a day is the ISO string only.

    Args:
        value: the day.
        name: the argument's name, for the message of a refusal.

    Raises:
        InvalidArgumentError: *value* is not a day; the error's ``field`` is *name*.

    Example:
        >>> import datetime
        >>> as_date(datetime.date(2025, 12, 31))
        Date(2025, 12, 31)
        >>> as_date("2025-12-31", name="on")
        Date(2025, 12, 31)
        >>> as_date(20251231, name="on")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a day (pendulum.Date, datetime.date or 'YYYY-MM-DD') but got on=20251231 (type=int)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The keyword *name*, and a refused datetime says how to get its day.
    """
    if type(value) is pendulum.Date:
        return value
    if isinstance(value, str):
        return parse_date(value, name=name)
    if isinstance(value, dt.datetime):
        why = (
            ": a datetime is an instant, not a day (which day in Asia/Shanghai?); "
            "convert it to Shanghai time and pass its .date(), "
            "e.g. pendulum.instance(value).in_timezone('Asia/Shanghai').date()"
        )
        raise _refusal(_DAY_FORMS, name, value, why, field=name)
    if not isinstance(value, dt.date):
        raise _refusal(_DAY_FORMS, name, value, field=name)
    return pendulum.Date(value.year, value.month, value.day)


# labourbrand._validators builds on this module: its day converters cannot serve here.
def _first_day(value: DayLike) -> pendulum.Date:
    return as_date(value, name="first_day")


def _last_day(value: DayLike) -> pendulum.Date:
    return as_date(value, name="last_day")


def _check_order(
    instance: PlanPeriod, _attribute: object, last_day: pendulum.Date
) -> None:
    if last_day < instance.first_day:
        msg = (
            f"Expected last_day on or after first_day={instance.first_day.isoformat()} "
            f"but got last_day={last_day.isoformat()!r}"
        )
        raise InvalidArgumentError(msg)


@final
@attrs.frozen(kw_only=True)
class PlanPeriod:
    """A named period with inclusive first and last days, such as a Five-Year Plan.

    Example:
        >>> import pendulum
        >>> pendulum.Date(2021, 1, 1) in FYP14, pendulum.Date(2026, 1, 1) in FYP14
        (True, False)

    .. versionadded:: 0.1.0
    """

    #: English name.
    name: str
    #: Official Chinese name.
    name_zh: str
    #: First day, inclusive.
    first_day: pendulum.Date = attrs.field(converter=_first_day)
    #: Last day, inclusive.
    last_day: pendulum.Date = attrs.field(converter=_last_day, validator=_check_order)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            return False
        return self.first_day <= day <= self.last_day

    def months(self) -> int:
        """Count the calendar months the period touches.

        Example:
            >>> FYP14.months()
            60
        """
        return (
            (self.last_day.year - self.first_day.year) * 12
            + self.last_day.month
            - self.first_day.month
            + 1
        )


#: The 14th Five-Year Plan (“十四五”), 2021-01-01 to 2025-12-31; “十四五末” is its last day.
FYP14: Final = PlanPeriod(
    name="14th Five-Year Plan",
    name_zh="“十四五”规划期",
    first_day=pendulum.Date(2021, 1, 1),
    last_day=pendulum.Date(2025, 12, 31),
)


#: The days that data may hold: from the founding of the People's Republic
#: (1949-10-01), before which no unit of GB/T 2260, no labour brand and no
#: policy of the province existed, to the end of the century (2100-12-31),
#: decades past any plan period, target or simulation horizon of the text.
#: A day outside is a typing error or a corrupt file (``20225-01-01`` read
#: as year 2022 would not be caught otherwise, ``9999-12-31`` as "never"
#: overflows month arithmetic), so readers of JSON, TOML and CSV refuse it,
#: and so do the value types.
#:
#: .. versionadded:: 0.2.0
PLAUSIBLE_DAYS: Final = PlanPeriod(
    name="plausible days",
    name_zh="合理日期范围",
    first_day=pendulum.Date(1949, 10, 1),
    last_day=pendulum.Date(2100, 12, 31),
)
