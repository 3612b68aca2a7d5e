"""A chunk of runs: the event months counted into monthly stocks, and the awards (private).

:func:`simulate_chunk` is what an executor runs: it needs only numpy and the
:class:`~labourbrand.simulation._plan.Plan`, and sends back a :class:`Chunk`
of the rows of the results' arrays and the award events; with a
:class:`~labourbrand.simulation._store.Sink`, it writes those rows into the
run's files itself and sends back the events only. The stocks are counted
from intervals of months ``[start, end)``, one per live slot and stage (or
county, category, recognition level), with no loop over months or slots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt

from labourbrand.exceptions import SimulationError
from labourbrand.simulation import _model
from labourbrand.simulation._model import (
    CATEGORIES,
    DISCOVERED,
    ESTABLISHED,
    EXIT_PROPOSED,
    EXITED,
    I32,
    I64,
    IN_POOL,
    LEVELS,
    MODEL,
    RECOMMENDED_BY_CITY,
    RECOMMENDED_BY_COUNTY,
    RETAINED,
    RETURNED,
    STAGES,
    B,
    Times,
)
from labourbrand.simulation._targets import target_values


if TYPE_CHECKING:
    from labourbrand.simulation._plan import Plan
    from labourbrand.simulation._store import Sink


__all__ = ["Chunk", "counties_dtype", "simulate_chunk"]

_STAGE: Final = {s: i for i, s in enumerate(STAGES)}
#: The keys of the small tally: the stages, then the categories, then the levels.
_FIRST_CATEGORY: Final = len(STAGES)
_FIRST_LEVEL: Final = _FIRST_CATEGORY + len(CATEGORIES)
_KEYS: Final = _FIRST_LEVEL + len(LEVELS)


@final
@attrs.frozen(kw_only=True, eq=False)
class Chunk:
    """What a chunk of runs sends back: the rows of the results' arrays, the award events."""

    start: int
    stop: int
    #: The chunk's rows of each array of the results, by name: ``stages``,
    #: ``county_brands``, ``category_brands``, ``recognitions``, ``awards``,
    #: ``target_values``, ``out_of_slots``; empty if the worker wrote them to
    #: the run's files itself.
    rows: Mapping[str, npt.NDArray[Any]]
    #: Counties, summed over the chunk's runs, whose every candidate slot was
    #: discovered in the horizon.
    out_of_slots: int
    #: Award events: run (global index), slot, month, county, signed workers.
    award_run: I32
    award_slot: I32
    award_month: I32
    award_county: I32
    award_heads: I64


def counties_dtype(plan: Plan) -> np.dtype[np.unsignedinteger[Any]]:
    """The smallest unsigned type that holds any county's count of brands."""
    most = plan.known + plan.assumptions.candidate_slots_per_county
    return np.dtype(np.uint8 if most <= np.iinfo(np.uint8).max else np.uint16)


@final
class _Tally:
    """Stocks per (run, month, key) from intervals ``[start, end)`` of months.

    Each interval within the horizon adds one where it opens and takes one
    away where it closes, if it closes within the horizon.
    """

    def __init__(self, t: Times, runs: int, months: int, keys: int) -> None:
        self.runs, self.months, self.keys = runs, months, keys
        self.row = t.run * (months * keys)
        self.opened: list[I64] = []
        self.closed: list[I64] = []

    def add(
        self, key: int | I32, start: I32, end: I32 | None, mask: B | None = None
    ) -> None:
        """Count each entry in *key* from month *start* until *end* (``None``: never)."""
        ok = start < (self.months if end is None else np.minimum(end, self.months))
        if mask is not None:
            ok &= mask
        i = np.flatnonzero(ok)
        row = self.row[i]
        if not isinstance(key, int):
            row += key[i]
        else:
            row += key
        self.opened.append(row + start[i] * self.keys)
        if end is not None:
            last = end[i]
            closes = np.flatnonzero(last < self.months)
            self.closed.append(row[closes] + last[closes] * self.keys)

    def stocks(self, dtype: npt.DTypeLike) -> npt.NDArray[Any]:
        """The stocks, shape ``(runs, months, keys)``, in *dtype*."""
        size = self.runs * self.months * self.keys
        change = np.bincount(np.concatenate(self.opened), minlength=size)
        if self.closed:
            change -= np.bincount(np.concatenate(self.closed), minlength=size)
        out = change.astype(dtype).reshape(self.runs, self.months, self.keys)
        for m in range(1, self.months):  # a month after the other: (runs, keys) at once
            np.add(out[:, m - 1], out[:, m], out=out[:, m])
        return out


def simulate_chunk(
    plan: Plan, seed: int, start: int, stop: int, sink: Sink | None = None
) -> Chunk:
    """Simulate runs *start* to *stop* (exclusive) of seed *seed*.

    The function handed to an executor: it needs only numpy and the plan.
    With *sink*, it writes the rows of the results' arrays to the run's files
    and sends back only the award events.

    Raises:
        SimulationError: the plan was made by another model than this
            worker's (another version of labourbrand), whose numbers this
            worker would not reproduce.
    """
    if plan.model != MODEL:
        msg = (
            f"Expected a plan of simulation model {MODEL!r} but got "
            f"model={plan.model!r}: the worker runs another version of "
            "labourbrand than the caller; install the same version everywhere"
        )
        raise SimulationError(msg, model=MODEL, received=plan.model)
    t = _model.times(plan, _model.draw(plan, seed, start, stop))
    runs, months = stop - start, plan.months
    s = _STAGE
    small = _Tally(t, runs, months, _KEYS)
    e, p = t.established, t.pooled
    rc, ry, ra = t.recommended_by_county, t.city_decides, t.province_decides
    xp, xd = t.exit_proposed, t.exit_decided
    # Stage intervals: where each event leads, per the lifecycle table.
    small.add(s[DISCOVERED], t.discovered, e)
    small.add(s[ESTABLISHED], e, np.minimum(rc, p))
    small.add(s[RECOMMENDED_BY_COUNTY], rc, np.minimum(ry, p))
    small.add(s[RECOMMENDED_BY_CITY], ry, np.minimum(ra, p), t.city_recommends)
    small.add(s[RETURNED], ry, p, ~t.city_recommends)
    small.add(s[RETURNED], ra, p, t.city_recommends & ~t.province_admits)
    small.add(s[IN_POOL], p, xp)
    small.add(s[EXIT_PROPOSED], xp, xd)
    small.add(s[EXITED], xd, None, t.exit_accepted)
    small.add(s[RETAINED], xd, None, ~t.exit_accepted)
    # Established brands by category and county, as the targets count them:
    # by default an exit from the pool does not undo a brand's cultivation;
    # under the reading that counts only brands not exited, the count ends
    # in the month the exit is decided.
    gone = None if plan.counted[s[EXITED]] else t.exited
    small.add(_FIRST_CATEGORY + t.category, e, gone)
    # Recognitions held by established brands, as the targets count them.
    for level in range(len(LEVELS)):
        small.add(_FIRST_LEVEL + level, np.maximum(t.levels[:, level], e), gone)
    by_county = _Tally(t, runs, months, plan.counties)
    by_county.add(t.county, e, gone)
    stocks = small.stocks(np.int32)
    awarded = np.flatnonzero((t.crossing < months) & t.awarded)
    run, month = t.run[awarded], t.crossing[awarded]
    county = t.county[awarded]
    awards = np.bincount(
        (run * months + month) * plan.units + plan.county_unit[county],
        minlength=runs * months * plan.units,
    ).astype(np.int32)
    rows = {
        "stages": stocks[:, :, :_FIRST_CATEGORY],
        "county_brands": by_county.stocks(counties_dtype(plan)),
        "category_brands": stocks[:, :, _FIRST_CATEGORY:_FIRST_LEVEL],
        "recognitions": stocks[:, :, _FIRST_LEVEL:],
        "awards": awards.reshape(runs, months, plan.units),
        "out_of_slots": t.out_of_slots,
    }
    rows["target_values"] = target_values(
        plan.targets,
        plan.deadline_month,
        counted=plan.counted,
        stages=rows["stages"],
        county_brands=rows["county_brands"],
        category_brands=rows["category_brands"],
        recognitions=rows["recognitions"],
    )
    if sink is not None:
        for name, values in rows.items():
            sink.write(name, start, values)
    return Chunk(
        start=start,
        stop=stop,
        rows={}
        if sink is not None
        else {k: np.ascontiguousarray(v) for k, v in rows.items()},
        out_of_slots=int(t.out_of_slots.sum()),
        award_run=(run + start).astype(np.int32),
        award_slot=t.slot[awarded].astype(np.int32),
        award_month=month,
        award_county=county,
        award_heads=t.crossing_heads[awarded],
    )
