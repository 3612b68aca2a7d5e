from __future__ import annotations

import datetime as dt
import importlib.metadata
import itertools
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import labourbrand
from labourbrand import regions
from labourbrand._model import Brand, WorkforceObservation
from labourbrand.money import MAX_FEN, Fen
from labourbrand.testing import _hypothesis_setup_hook
from labourbrand.testing import strategies as lbst


if TYPE_CHECKING:
    from labourbrand.dates import DayLike


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_value": -1},
        {"max_value": MAX_FEN + 1},
        {"min_value": 5, "max_value": 4},
        {"min_value": 1.0},
    ],
)
def test_fens_rejects_bad_bounds(kwargs: dict[str, object]) -> None:
    """Invalid bounds raise Hypothesis' InvalidArgument."""
    with pytest.raises(InvalidArgument):
        lbst.fens(**kwargs)  # type: ignore[arg-type]


def test_dates_rejects_crossed_bounds() -> None:
    """A max before the min is InvalidArgument."""
    with pytest.raises(InvalidArgument):
        lbst.dates(
            min_value=pendulum.Date(2025, 1, 1), max_value=pendulum.Date(2024, 1, 1)
        )


@pytest.mark.parametrize(
    "bound", [pendulum.Date(2022, 4, 29), dt.date(2022, 4, 29), "2022-04-29"]
)
def test_dates_take_any_day_for_bounds(bound: DayLike) -> None:
    """A bound may be a pendulum Date, a datetime.date or an ISO string."""

    @given(lbst.dates(min_value=bound, max_value=bound))
    def drawn(day: pendulum.Date) -> None:
        assert type(day) is pendulum.Date
        assert day == pendulum.Date(2022, 4, 29)

    drawn()


@pytest.mark.parametrize(
    "bound",
    [dt.datetime(2022, 4, 29, tzinfo=dt.UTC), "2022-4-29", 20220429, None],
)
def test_dates_refuse_what_is_no_day(bound: object) -> None:
    """A bound that is no day is Hypothesis' InvalidArgument, naming the bound."""
    with pytest.raises(InvalidArgument, match="min_value="):
        lbst.dates(min_value=bound)  # type: ignore[arg-type]


@given(
    lbst.dates(
        min_value=pendulum.Date(2022, 4, 29), max_value=pendulum.Date(2022, 5, 1)
    )
)
def test_dates_respect_bounds(day: pendulum.Date) -> None:
    """Generated days are pendulum Dates inside the bounds."""
    assert type(day) is pendulum.Date
    assert pendulum.Date(2022, 4, 29) <= day <= pendulum.Date(2022, 5, 1)


@given(lbst.region_codes())
def test_region_codes_are_counties(code: str) -> None:
    """Generated codes are county-level units of the packaged registry."""
    assert code in {c.code for c in regions.shaanxi().counties()}


@given(lbst.region_codes(counties_only=False))
def test_region_codes_any_level(code: str) -> None:
    """With counties_only=False any packaged unit may come."""
    assert code in regions.shaanxi()


@given(lbst.workforce_series(min_size=2, max_size=4))
def test_workforce_series_is_ordered(series: tuple[WorkforceObservation, ...]) -> None:
    """Series have strictly increasing days."""
    assert all(a.on < b.on for a, b in itertools.pairwise(series))


def test_from_type_uses_shipped_strategies() -> None:
    """After the setup hook, st.from_type builds valid Fen and Brand values."""
    _hypothesis_setup_hook()

    @given(st.from_type(Fen), st.from_type(Brand))
    def check(fen: Fen, brand: Brand) -> None:
        assert 0 <= fen.amount <= MAX_FEN
        assert brand.history == () or brand.history[-1].to_stage is brand.stage

    check()


#: A script that imports the strategies before anything imports Hypothesis.
FRESH = """
import sys
assert "hypothesis" not in sys.modules
{statement}
from hypothesis import given, settings, strategies as st
from labourbrand._model import Brand
from labourbrand.money import MAX_FEN, Fen

@settings(max_examples=20, database=None)
@given(st.from_type(Fen), st.from_type(Brand))
def check(fen, brand):
    assert 0 <= fen.amount <= MAX_FEN
    assert type(brand) is Brand

check()
print(strategies.fens.__name__)
"""


@pytest.mark.parametrize(
    "statement",
    [
        "from labourbrand.testing import strategies",
        "import labourbrand.testing.strategies as strategies",
    ],
)
def test_strategies_import_first_in_a_fresh_interpreter(statement: str) -> None:
    """The strategies import before Hypothesis, whose entry point then registers them.

    Hypothesis runs its entry points, ours among them, while it is imported:
    here, from inside the import of the strategies.
    """
    hooks = {ep.value for ep in importlib.metadata.entry_points(group="hypothesis")}
    assert "labourbrand.testing:_hypothesis_setup_hook" in hooks  # the child runs it
    src = Path(labourbrand.__file__).parent.parent
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(FRESH).format(statement=statement)],
        env={**os.environ, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "fens\n"
