from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from labourbrand.dates import (
    FYP14,
    POLICY_2022_IN_FORCE,
    SHANGHAI,
    PlanPeriod,
    as_date,
    parse_date,
    today,
)
from labourbrand.exceptions import InvalidArgumentError


def test_parse_date_accepts_iso_days() -> None:
    """A strict ISO day parses to a pendulum Date."""
    day = parse_date("2022-04-29")
    assert day == pendulum.Date(2022, 4, 29)
    assert type(day) is pendulum.Date


@pytest.mark.parametrize(
    "bad",
    [
        "2022-4-29",
        "2022-02-30",
        "2022_04_29",
        "2022-04-29T00:00",
        "",
        "٢٠٢٢-٠٤-٢٩",  # Arabic-Indic digits are digits to re's \d, not to ISO 8601
        20220429,
        None,
    ],
)
def test_parse_date_rejects_anything_else(bad: object) -> None:
    """Non-strings, other formats and impossible days are refused."""
    with pytest.raises(InvalidArgumentError, match="YYYY-MM-DD"):
        parse_date(bad)  # type: ignore[arg-type]


def test_as_date_coerces_days_but_not_instants() -> None:
    """Days of any kind coerce; datetimes and other types are refused."""
    assert as_date(dt.date(2025, 12, 31)) == pendulum.Date(2025, 12, 31)
    assert as_date("2025-12-31") == pendulum.Date(2025, 12, 31)
    same = pendulum.Date(2025, 1, 1)
    assert as_date(same) is same
    with pytest.raises(InvalidArgumentError):
        as_date(pendulum.datetime(2025, 1, 1, tz=SHANGHAI))
    with pytest.raises(InvalidArgumentError):
        as_date(5)  # type: ignore[arg-type]


def test_fyp14_bounds() -> None:
    """The 14th Five-Year Plan runs from 2021-01-01 to 2025-12-31 inclusive."""
    assert pendulum.Date(2021, 1, 1) in FYP14
    assert pendulum.Date(2025, 12, 31) in FYP14
    assert pendulum.Date(2020, 12, 31) not in FYP14
    assert pendulum.Date(2026, 1, 1) not in FYP14
    assert pendulum.datetime(2023, 1, 1, tz=SHANGHAI) not in FYP14
    assert "2023-01-01" not in FYP14
    assert FYP14.months() == 60


def test_policy_in_force_inside_fyp14() -> None:
    """The 2022 opinions took effect inside the 14th FYP."""
    assert pendulum.Date(2022, 4, 29) == POLICY_2022_IN_FORCE
    assert POLICY_2022_IN_FORCE in FYP14


def test_plan_period_rejects_reversed_bounds() -> None:
    """A period must not end before it starts."""
    with pytest.raises(InvalidArgumentError, match="last_day"):
        PlanPeriod(name="x", name_zh="x", first_day="2025-01-02", last_day="2025-01-01")


def test_today_uses_shanghai_clock() -> None:
    """today() reads the Shanghai calendar, which can differ from UTC."""
    # 2025-12-31 20:00 UTC is already 2026-01-01 in Shanghai.
    with pendulum.travel_to(pendulum.datetime(2025, 12, 31, 20, tz="UTC"), freeze=True):
        assert today() == pendulum.Date(2026, 1, 1)
