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
from typing import Final, final

import attrs
import pendulum

from labourbrand.exceptions import InvalidArgumentError


__all__ = [
    "FYP14",
    "PLAUSIBLE_DAYS",
    "POLICY_2022_IN_FORCE",
    "SHANGHAI",
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


def today() -> pendulum.Date:
    """Return today's date in Shanghai. Only entry points should call this.

    .. versionadded:: 0.1.0
    """
    return pendulum.today(SHANGHAI).date()


def parse_date(text: str) -> pendulum.Date:
    """Parse an ISO calendar day ``YYYY-MM-DD``, strictly.

    Args:
        text: the day, exactly ten characters.

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
    """
    candidate: object = text  # callers may pass anything at run time
    if isinstance(candidate, str):
        day = _parse_iso_day(candidate)
        if day is not None:
            return day
    msg = (
        f"Expected a day YYYY-MM-DD but got text={text!r} (type={type(text).__name__})"
    )
    raise InvalidArgumentError(msg)


@functools.lru_cache(maxsize=4096)
def _parse_iso_day(text: str) -> pendulum.Date | None:
    if _ISO_DAY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return pendulum.Date(day.year, day.month, day.day)
    return None


def as_date(value: pendulum.Date | dt.date | str) -> pendulum.Date:
    """Coerce a day given as a :class:`pendulum.Date`, :class:`datetime.date` or ISO string.

    A :class:`datetime.datetime` is refused: a day is not an instant.

    Example:
        >>> import datetime
        >>> as_date(datetime.date(2025, 12, 31))
        Date(2025, 12, 31)

    .. versionadded:: 0.1.0
    """
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"Expected a calendar day but got value={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg)
    if type(value) is pendulum.Date:
        return value
    return pendulum.Date(value.year, value.month, value.day)


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
    first_day: pendulum.Date = attrs.field(converter=as_date)
    #: Last day, inclusive.
    last_day: pendulum.Date = attrs.field(converter=as_date, validator=_check_order)

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
