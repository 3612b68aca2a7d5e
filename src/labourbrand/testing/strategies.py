"""Hypothesis strategies that build **valid** values of every public type.

Hand-written, so that they respect the validators (``st.from_type`` on an attrs
class ignores them). Installing the ``testing`` extra also registers them with
Hypothesis, so ``st.from_type(Fen)`` or ``st.from_type(Brand)`` work too.

Example:
    >>> from hypothesis import given
    >>> from labourbrand.testing import strategies as lbst
    >>> @given(lbst.fens(max_value=100))
    ... def test_small(fen):
    ...     assert 0 <= fen.amount <= 100
    >>> test_small()
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs
import pendulum
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from labourbrand import _validators as check
from labourbrand import lifecycle
from labourbrand._model import (
    AuditRecord,
    Authority,
    Brand,
    Category,
    CreatingUnit,
    CreatingUnitKind,
    Event,
    ExitGround,
    Maturity,
    PlaceBasis,
    Recognition,
    RecognitionLevel,
    Stage,
    WorkforceObservation,
)
from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import IllegalTransitionError, InvalidArgumentError
from labourbrand.money import MAX_FEN, Fen


__all__ = [
    "audit_records",
    "brands",
    "creating_units",
    "dates",
    "fens",
    "recognitions",
    "region_codes",
    "workforce_observations",
    "workforce_series",
]

_MIN_DAY: Final = pendulum.Date(2000, 1, 1)
_MAX_DAY: Final = pendulum.Date(2035, 12, 31)
_MAX_HEADS: Final = 1_000_000

# Text as the validators take it: no control character (free text may hold
# tab and line breaks), no lone surrogate, and a name on one line.
_NAME_CHARS: Final = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
_TEXT_CHARS: Final = st.characters(
    exclude_categories=("Cc", "Cs"),
    include_characters="\t\n\r",
)


def _names(max_size: int) -> st.SearchStrategy[str]:
    """Names and identities: one line of text with a visible character."""
    return st.text(_NAME_CHARS, min_size=1, max_size=max_size).filter(check.is_name)


def _texts(max_size: int) -> st.SearchStrategy[str]:
    """Free text with a visible character (several lines allowed)."""
    return st.text(_TEXT_CHARS, min_size=1, max_size=max_size).filter(check.is_text)


def _notes(max_size: int) -> st.SearchStrategy[str]:
    """Free text that may be empty or blank."""
    return st.text(_TEXT_CHARS, max_size=max_size)


def fens(*, min_value: int = 0, max_value: int = MAX_FEN) -> st.SearchStrategy[Fen]:
    """Amounts of money between *min_value* and *max_value* fen, inclusive.

    Raises:
        hypothesis.errors.InvalidArgument: bounds outside ``0..MAX_FEN`` or crossed.

    .. versionadded:: 0.1.0
    """
    if type(min_value) is not int or type(max_value) is not int:
        msg = f"Expected int bounds but got min_value={min_value!r}, max_value={max_value!r}"
        raise InvalidArgument(msg)
    if not 0 <= min_value <= max_value <= MAX_FEN:
        msg = f"Expected 0 <= min_value <= max_value <= {MAX_FEN} but got {min_value}, {max_value}"
        raise InvalidArgument(msg)
    return st.builds(Fen, st.integers(min_value, max_value))


def dates(
    *, min_value: DayLike = _MIN_DAY, max_value: DayLike = _MAX_DAY
) -> st.SearchStrategy[pendulum.Date]:
    """Calendar days as :class:`pendulum.Date`, between the bounds inclusive.

    The bounds are days in any form :func:`labourbrand.dates.as_date` takes.

    Raises:
        hypothesis.errors.InvalidArgument: a bound is not a day, or the bounds
            are crossed.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The bounds may be a :class:`datetime.date` or an ISO string.
    """
    try:
        low = as_date(min_value, name="min_value")
        high = as_date(max_value, name="max_value")
    except InvalidArgumentError as exc:  # Hypothesis' own error for its arguments
        raise InvalidArgument(str(exc)) from exc
    if high < low:
        msg = f"Expected min_value <= max_value but got {low}, {high}"
        raise InvalidArgument(msg)
    return st.dates(
        dt.date(low.year, low.month, low.day), dt.date(high.year, high.month, high.day)
    ).map(lambda d: pendulum.Date(d.year, d.month, d.day))


def region_codes(*, counties_only: bool = True) -> st.SearchStrategy[str]:
    """GB/T 2260 codes of the packaged Shaanxi registry (county-level units by default).

    .. versionadded:: 0.1.0
    """
    from labourbrand import regions

    registry = regions.shaanxi()
    units = registry.counties() if counties_only else tuple(registry)
    return st.sampled_from([u.code for u in units])


def creating_units() -> st.SearchStrategy[CreatingUnit]:
    """Creating units, with name, kind and kind note known or unknown.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Draws :attr:`~labourbrand.CreatingUnit.kind_note` too.
    """
    return st.builds(
        CreatingUnit,
        name=st.none() | _names(20),
        kind=st.none() | st.sampled_from(CreatingUnitKind),
        kind_note=st.none() | _texts(20),
    )


@st.composite
def workforce_observations(
    draw: st.DrawFn,
    *,
    on: st.SearchStrategy[pendulum.Date] | None = None,
    max_practitioners: int = _MAX_HEADS,
) -> WorkforceObservation:
    """Head counts that nest (signed <= rural <= practitioners), some of them unknown.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The poverty-alleviated and rural low-income workers may be unknown (``None``).
    """
    practitioners = draw(st.integers(0, max_practitioners))
    rural = draw(st.integers(0, practitioners))
    return WorkforceObservation(
        on=draw(on if on is not None else dates()),
        practitioners=practitioners,
        rural=rural,
        rural_signed=draw(st.integers(0, rural)),
        poverty_alleviated=draw(st.none() | st.integers(0, rural)),
        rural_low_income=draw(st.none() | st.integers(0, rural)),
        trained=draw(st.none() | st.integers(0, max_practitioners)),
    )


@st.composite
def workforce_series(
    draw: st.DrawFn, *, min_size: int = 0, max_size: int = 5
) -> tuple[WorkforceObservation, ...]:
    """Observations on strictly increasing days, as a :class:`Brand` keeps them.

    .. versionadded:: 0.1.0
    """
    days = draw(st.lists(dates(), min_size=min_size, max_size=max_size, unique=True))
    return tuple(draw(workforce_observations(on=st.just(d))) for d in sorted(days))


def recognitions(
    *, levels: st.SearchStrategy[RecognitionLevel] | None = None
) -> st.SearchStrategy[Recognition]:
    """Recognitions dated by day, by year only, by a day they were made on or before, or not at all.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Also recognitions bounded by :attr:`~labourbrand.Recognition.on_or_before`.
    """
    level = levels if levels is not None else st.sampled_from(RecognitionLevel)
    source = st.none() | _texts(30)
    dated = st.builds(Recognition, level=level, on=dates(), source=source).map(
        lambda r: attrs.evolve(r, year=r.on.year if r.on else None)
    )
    yearly = st.builds(
        Recognition, level=level, year=st.integers(2000, 2035), source=source
    )
    bounded = st.builds(
        Recognition, level=level, on_or_before=dates(), source=source
    ).flatmap(
        lambda r: st.sampled_from(
            [r, attrs.evolve(r, year=r.on_or_before.year if r.on_or_before else None)]
        )
    )
    undated = st.builds(Recognition, level=level, source=source)
    return dated | yearly | bounded | undated


def audit_records() -> st.SearchStrategy[AuditRecord]:
    """Single audit records (not a trail: see :func:`brands` for whole trails).

    .. versionadded:: 0.1.0
    """
    return st.builds(
        AuditRecord,
        on=dates(),
        event=st.sampled_from(Event),
        from_stage=st.sampled_from(Stage),
        to_stage=st.sampled_from(Stage),
        by=st.sampled_from(Authority),
        basis=st.sampled_from(["2", "3.1", "3.3", "3.4", "4.2"]),
        note=_notes(20),
        grounds=st.lists(st.sampled_from(ExitGround), max_size=4, unique=True).map(
            tuple
        ),
        level=st.none() | st.sampled_from(RecognitionLevel),
    )


@attrs.frozen
class _AwardOnRecord:
    """The eligible employment award a generated admission on the award rests on."""

    brand_id: str
    on: pendulum.Date
    measure: str = "employment_award"
    outcome: str = "eligible"

    @property
    def id(self) -> str:
        return f"employment_award-{self.on.isoformat()}"


@st.composite
def brands(draw: st.DrawFn, *, max_events: int = 8) -> Brand:
    """Brands with any known or unknown facts and a legal lifecycle history.

    The history is a random walk of up to *max_events* events through
    :func:`labourbrand.lifecycle.transition`, so it is always consistent.

    .. versionadded:: 0.1.0
    """
    brand = Brand(
        name_zh=draw(_names(12)),
        name_en=draw(st.none() | _names(20)),
        county=draw(st.none() | region_codes()),
        place_basis=draw(st.none() | st.sampled_from(PlaceBasis)),
        category=draw(st.none() | st.sampled_from(Category)),
        maturity=draw(st.none() | st.sampled_from(Maturity)),
        creating_unit=draw(st.none() | creating_units()),
        workforce=draw(workforce_series(max_size=3)),
        trademark_registered=draw(st.none() | st.booleans()),
        has_charter=draw(st.none() | st.booleans()),
        nationally_known=draw(st.none() | st.booleans()),
        source=draw(st.none() | _texts(30)),
    )
    day = draw(dates(max_value=pendulum.Date(2030, 1, 1)))
    if draw(st.integers(0, 4)) == 0:
        # Records kept before the library, taken over once.
        brand = lifecycle.import_record(
            brand,
            stage=draw(
                st.sampled_from([s for s in Stage if s is not Stage.DISCOVERED])
            ),
            since=day,
            imported_on=day.add(days=draw(st.integers(0, 400))),
            by=draw(st.sampled_from(Authority)),
            source=draw(_names(12)),
        )
    for _ in range(draw(st.integers(0, max_events))):
        event = draw(st.sampled_from(Event))
        day = day.add(days=draw(st.integers(0, 400)))
        try:
            brand = lifecycle.transition(
                brand,
                event,
                on=day,
                grounds=draw(
                    st.lists(st.sampled_from(ExitGround), max_size=2, unique=True)
                )
                if event is Event.PROPOSE_EXIT
                else (),
                recognition=Recognition(level=draw(st.sampled_from(RecognitionLevel)))
                if event is Event.RECOGNISE
                else None,
                note=draw(_notes(10)),
                evidence=_AwardOnRecord(brand_id=brand.id, on=day)
                if event is Event.ADMIT_ON_AWARD
                else None,
                name_zh=draw(_names(12)) if event is Event.NAME_SETTLED else None,
            )
        except IllegalTransitionError:
            continue
    return brand
