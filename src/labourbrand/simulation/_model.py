"""The vectorised population model: brand slots, sampled event times, monthly tallies (private).

A run is a table of **brand slots**: the known brands of the scenario (by
default the packaged real brands) and, for every county-level unit, a fixed
number of candidate slots (:attr:`~Assumptions.candidate_slots_per_county`).
For each slot the model draws, once, the month of every event of its life:
discovery, establishment, recommendation by the county and the city, the
province's admission, the crossing of the award threshold by its signed rural
workers, the exit proposal and the province's decision, and a recognition at
each level. Brands by stage, county, category and recognition level, month by
month, then follow from the event months by counting, with no loop over
months or slots (DESIGN.md, "Speed and size": sampled event times).

Where the stages come from: the stage a slot enters with each event is read
from :data:`labourbrand.lifecycle.TRANSITIONS`, and every edge the model uses
is checked against that table when this module is imported.

Random numbers: run *r* of seed *s* draws from its own stream,
``numpy.random.SeedSequence(s).spawn(runs)[r]`` (the same as
``SeedSequence(s, spawn_key=(r,))``), always the same draws in the same order
and layout, so a run's numbers do not depend on how runs are split into
chunks, on the executor, or on the other runs. Two scenarios with the same
slot layout see the same draws for the same run (common random numbers), so
their difference is the effect of the scenario, not of the noise. Arrays have
a number of slots that is a multiple of 16 and every element-wise operation
covers whole rows, so that vector code treats an element the same way
whatever the chunk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt

from labourbrand import lifecycle
from labourbrand._model import Category, Event, RecognitionLevel, Stage
from labourbrand.simulation._assumptions import Assumptions


if TYPE_CHECKING:
    from collections.abc import Callable


__all__ = [
    "CATEGORIES",
    "LEVELS",
    "NEVER",
    "STAGES",
    "Chunk",
    "Plan",
    "Times",
    "draw",
    "simulate_chunk",
    "times",
]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

#: A month that never comes (an event that does not happen).
NEVER: Final = 1 << 30
#: Longest delay drawn, so that a sum of two times fits an int32.
_MAX_DELAY: Final = 1 << 28
#: Slots per run are padded to a multiple of this (see the module notes).
SLOT_ALIGN: Final = 16
#: Largest head count the model carries (far above any brand).
_MAX_HEADS: Final = 1e12

STAGES: Final = tuple(Stage)
CATEGORIES: Final = tuple(Category)
#: Recognition levels from the lowest; each slot may hold any of them.
LEVELS: Final = (
    RecognitionLevel.COUNTY,
    RecognitionLevel.CITY,
    RecognitionLevel.PROVINCIAL,
    RecognitionLevel.NATIONAL,
)
_PROVINCIAL: Final = LEVELS.index(RecognitionLevel.PROVINCIAL)
_NATIONAL: Final = LEVELS.index(RecognitionLevel.NATIONAL)

#: Slot kinds.
PAD: Final = 0
KNOWN: Final = 1
CANDIDATE: Final = 2

# ------------------------------------------------------------- the lifecycle
_BY_EVENT: Final = {row.event: row for row in lifecycle.TRANSITIONS}


def _after(event: Event) -> Stage:
    target = _BY_EVENT[event].target
    if target is None:  # pragma: no cover - the table is fixed
        msg = f"event {event} keeps the stage"
        raise AssertionError(msg)
    return target


DISCOVERED: Final = lifecycle.INITIAL_STAGE
ESTABLISHED: Final = _after(Event.ESTABLISH)
RECOMMENDED_BY_COUNTY: Final = _after(Event.RECOMMEND_BY_COUNTY)
RECOMMENDED_BY_CITY: Final = _after(Event.RECOMMEND_BY_CITY)
RETURNED: Final = _after(Event.RETURN)
IN_POOL: Final = _after(Event.ADMIT)
EXIT_PROPOSED: Final = _after(Event.PROPOSE_EXIT)
EXITED: Final = _after(Event.DECIDE_EXIT)
RETAINED: Final = _after(Event.RETAIN)

#: Every (stage, event) edge the model takes.
MODEL_EDGES: Final = (
    (DISCOVERED, Event.ESTABLISH),
    (ESTABLISHED, Event.RECOMMEND_BY_COUNTY),
    (RECOMMENDED_BY_COUNTY, Event.RECOMMEND_BY_CITY),
    (RECOMMENDED_BY_COUNTY, Event.RETURN),
    (RECOMMENDED_BY_CITY, Event.ADMIT),
    (RECOMMENDED_BY_CITY, Event.RETURN),
    (ESTABLISHED, Event.ADMIT_ON_AWARD),
    (RECOMMENDED_BY_COUNTY, Event.ADMIT_ON_AWARD),
    (RECOMMENDED_BY_CITY, Event.ADMIT_ON_AWARD),
    (ESTABLISHED, Event.RECOGNISE),
    (RECOMMENDED_BY_COUNTY, Event.RECOGNISE),
    (RECOMMENDED_BY_CITY, Event.RECOGNISE),
    (IN_POOL, Event.RECOGNISE),
    (IN_POOL, Event.PROPOSE_EXIT),
    (EXIT_PROPOSED, Event.DECIDE_EXIT),
    (EXIT_PROPOSED, Event.RETAIN),
)


def _check_edges() -> None:
    """Refuse to load if the model takes an edge the lifecycle table does not have."""
    for stage, event in MODEL_EDGES:
        if event not in lifecycle.allowed_events(stage):  # pragma: no cover
            msg = f"the simulation takes {event} from {stage}, which the lifecycle forbids"
            raise AssertionError(msg)
    if (
        _after(Event.ADMIT_ON_AWARD) is not IN_POOL or RETURNED is not ESTABLISHED
    ):  # pragma: no cover
        msg = "the simulation expects ADMIT_ON_AWARD to lead to the pool and RETURN to cultivation"
        raise AssertionError(msg)
    if (
        RETAINED is not IN_POOL or EXITED not in lifecycle.FINAL_STAGES
    ):  # pragma: no cover
        msg = "the simulation expects RETAIN to keep a brand in the pool and DECIDE_EXIT to end it"
        raise AssertionError(msg)


_check_edges()

#: Stages of a cultivated brand: established and not exited.
CULTIVATED: Final = tuple(s for s in STAGES if s not in (DISCOVERED, EXITED))
#: Stages of a brand the targets count: established, exited included (an exit
#: from the pool does not undo its cultivation), as
#: :data:`labourbrand.policy._targets.COUNTED`.
COUNTED: Final = tuple(s for s in STAGES if s is not DISCOVERED)
_STAGE_INDEX: Final = {s: i for i, s in enumerate(STAGES)}

# ----------------------------------------------------------- the draw layout
#: One uniform per slot and purpose, in this order, for every run.
UNIFORMS: Final = (
    "discovery",
    "initial",
    "maturity",
    "establishment",
    "abandon",
    "category",
    "place",
    "county_recommends",
    "county_delay",
    "city_recommends",
    "city_delay",
    "admits",
    "admission_delay",
    "exit_delay",
    "exit_accepted",
    "exit_ground",
    "county_recognised",
    "county_recognition_delay",
    "city_recognised",
    "city_recognition_delay",
    "provincial_recognised",
    "provincial_recognition_delay",
    "national_recognised",
    "national_recognition_delay",
)
#: One standard normal per slot and purpose.
NORMALS: Final = ("workforce", "growth")
_U: Final = {name: i for i, name in enumerate(UNIFORMS)}
_N: Final = {name: i for i, name in enumerate(NORMALS)}


@final
@attrs.frozen(kw_only=True, eq=False)
class Plan:
    """Everything a chunk of runs needs, resolved from the scenario and its policy.

    Plain numbers and numpy arrays only, so that it pickles cheaply to any
    executor: no plugin, no policy object travels to the workers.
    """

    #: The assumptions of the scenario.
    assumptions: Assumptions
    #: Months simulated (the start month to the horizon month).
    months: int
    #: Number of county-level units.
    counties: int
    #: Slots per run, padded (see :data:`SLOT_ALIGN`).
    slots: int
    #: Number of known brands (slots ``0 .. known - 1``).
    known: int
    #: Kind of every slot: :data:`PAD`, :data:`KNOWN` or :data:`CANDIDATE`.
    kind: npt.NDArray[np.int8]
    #: Where the county of each slot is drawn from: ``pool[start : start + size]``.
    pool_start: I32
    pool_size: I32
    pool: I32
    #: The candidate's rank in its county (0 for the first), -1 for others.
    rank: I32
    #: Whether each county has a known brand of fixed county.
    has_known: B
    #: Factor on each county's discovery rates (key counties).
    discovery_factor: F64
    #: Known brands: the stage they start in (index into :data:`STAGES`).
    known_stage: I32
    #: Known brands: the signed rural workers observed by the start, or NaN.
    known_workers: F64
    #: Known brands: the category (index into :data:`CATEGORIES`) or -1.
    known_category: I32
    #: Known brands: the month each level is held from, or :data:`NEVER`.
    known_levels: I32
    #: The award threshold in force each month, -1 where no award is decided.
    threshold: I64
    #: The first month >= m of a provincial (national) batch, for m in 0..months.
    provincial_next: I32
    national_next: I32


def _geometric(u: F32, mean: float | F64) -> I32:
    """Whole months >= 0 with the given mean, from uniforms (memoryless)."""
    mean = np.asarray(mean, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        stay = np.log(mean / (1.0 + mean))  # log of the monthly chance of no event
        months = np.floor(np.log1p(-u.astype(np.float64)) / stay)
    months = np.where(mean > 0, months, 0.0)
    out: I32 = np.minimum(np.nan_to_num(months, nan=0.0), _MAX_DELAY).astype(np.int32)
    return out


def _hazard_delay(u: F32, hazard: F64) -> I32:
    """Whole months >= 0 until an event of the given monthly probability."""
    with np.errstate(divide="ignore", invalid="ignore"):
        months = np.floor(np.log1p(-u.astype(np.float64)) / np.log1p(-hazard))
    months = np.where(hazard > 0, months, _MAX_DELAY)
    out: I32 = np.minimum(np.nan_to_num(months, nan=0.0), _MAX_DELAY).astype(np.int32)
    return out


def _later(time: I32, delay: I32) -> I32:
    """*time* plus *delay*, a never-time staying never."""
    return np.where(time >= NEVER, NEVER, np.minimum(time + delay, NEVER)).astype(
        np.int32
    )


def _pick(u: F32, shares: tuple[float, ...]) -> I32:
    """The index of the share each uniform falls in."""
    edges = np.cumsum(shares)[:-1]
    picked = np.zeros(u.shape, np.int32)
    for edge in edges:
        picked += u >= edge
    return picked


def heads(workers: F64, growth: F64, months: I64 | I32) -> I64:
    """Signed rural workers after *months* of growth: ``floor(initial * exp(rate * months))``.

    The one formula of the workforce: event months and head counts both come
    from it.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        value = workers * np.exp(growth * months.astype(np.float64))
    return np.floor(
        np.minimum(np.nan_to_num(value, posinf=_MAX_HEADS), _MAX_HEADS)
    ).astype(np.int64)


def draw(plan: Plan, seed: int, start: int, stop: int) -> tuple[F32, F64]:
    """Draw the uniforms and normals of runs *start* to *stop*, run by run.

    Each run has its own stream (see the module notes); the loop is per run,
    never per slot or month.
    """
    runs = stop - start
    uniforms = np.empty((runs, len(UNIFORMS), plan.slots), np.float32)
    normals = np.empty((runs, len(NORMALS), plan.slots), np.float64)
    for i in range(runs):
        stream = np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(start + i,)))
        )
        stream.random(out=uniforms[i], dtype=np.float32)
        stream.standard_normal(out=normals[i])
    return uniforms, normals


@final
@attrs.frozen(kw_only=True, eq=False)
class Times:
    """The event months of every slot of a block of runs, shape ``(runs, slots)``.

    :data:`NEVER` (or any month past the horizon) means the event does not
    happen within the horizon.
    """

    county: I32
    category: I32
    maturity: I32
    discovered: I32
    established: I32
    recommended_by_county: I32
    city_decides: I32
    city_recommends: B
    province_decides: I32
    province_admits: B
    crossing: I32
    crossing_heads: I64
    initial_heads: I64
    pooled: I32
    exit_proposed: I32
    exit_decided: I32
    exit_accepted: B
    exit_ground: I32
    declining: B
    #: Month each level is held from, shape ``(runs, slots, 4)``.
    levels: I32

    @property
    def exited(self) -> I32:
        """The month the brand exits, or :data:`NEVER`."""
        return np.where(self.exit_accepted, self.exit_decided, NEVER).astype(np.int32)

    @property
    def awarded(self) -> B:
        """Whether the threshold is crossed before the exit (at any month)."""
        return self.crossing < self.exited


def _discovery(plan: Plan, uniforms: F32, runs: int) -> tuple[I32, B, B]:
    """Discovery months, which slots start established, which candidates are dropped.

    Candidates of a county arrive one after the other. While the county has
    no brand (none known, none at the start, and every candidate so far
    dropped), the next one comes at the faster pace of the push for "one
    county, one brand" (一县一品牌, clause 2); after that, at the slower pace.
    """
    a = plan.assumptions
    k, c, n = a.candidate_slots_per_county, plan.counties, plan.known
    cand = slice(n, n + c * k)

    def block(name: str) -> F32:
        return uniforms[:, _U[name], cand].reshape(runs, c, k)

    initial = (
        block("initial")[:, :, 0] < a.initial_brand_probability
    ) & ~plan.has_known
    dropped = block("abandon") < a.abandon_probability
    dropped[:, :, 0] &= ~initial
    found = np.logical_or.accumulate(~dropped, axis=2)
    none_yet = np.ones((runs, c, k), np.bool_)
    none_yet[:, :, 1:] = ~found[:, :, :-1]
    none_yet &= ~(plan.has_known[None, :, None] | initial[:, :, None])
    mean = np.where(none_yet, a.discovery_months_first, a.discovery_months_more).astype(
        np.float64
    )
    mean /= plan.discovery_factor[None, :, None]
    gaps = -np.log1p(-block("discovery").astype(np.float64)) * mean
    gaps[:, :, 0] = np.where(initial, 0.0, gaps[:, :, 0])
    at = np.minimum(np.cumsum(gaps, axis=2), NEVER)
    discovered = np.full((runs, plan.slots), NEVER, np.int32)
    discovered[:, :n] = 0  # known brands exist on the start date
    discovered[:, cand] = np.floor(at).astype(np.int32).reshape(runs, c * k)
    starts = np.zeros((runs, plan.slots), np.bool_)
    starts[:, :n] = True
    starts[:, cand] = np.pad(initial[:, :, None], ((0, 0), (0, 0), (0, k - 1))).reshape(
        runs, c * k
    )
    abandoned = np.zeros((runs, plan.slots), np.bool_)
    abandoned[:, cand] = dropped.reshape(runs, c * k)
    return discovered, starts, abandoned


def times(plan: Plan, uniforms: F32, normals: F64) -> Times:  # noqa: PLR0915 - one event after the other
    """Turn the draws of a block of runs into the event months of its slots."""
    a = plan.assumptions
    runs, slots, months, n = uniforms.shape[0], plan.slots, plan.months, plan.known

    def u(name: str) -> F32:
        return uniforms[:, _U[name], :]

    known = np.zeros(slots, np.bool_)
    known[:n] = True
    is_pad = plan.kind == PAD

    # Place: candidates sit in their county; a known brand of unknown county
    # is placed in a county drawn from its pool (its city's, or all).
    pick = np.minimum(
        np.floor(u("place").astype(np.float64) * plan.pool_size).astype(np.int32),
        plan.pool_size - 1,
    )
    county = plan.pool[plan.pool_start + pick]

    category = _pick(u("category"), a.category_shares)
    known_category = np.full(slots, -1, np.int32)
    known_category[:n] = plan.known_category
    category = np.where(known_category >= 0, known_category, category).astype(np.int32)

    # Discovery and establishment (clause 3.1).
    discovered, starts, abandoned = _discovery(plan, uniforms, runs)
    maturity = _pick(u("maturity"), (*a.maturity_shares,))
    mean_delay = np.asarray(a.establishment_months, np.float64)[maturity]
    established = _later(discovered, _geometric(u("establishment"), mean_delay))
    established = np.where(abandoned, NEVER, established)
    established = np.where(starts, 0, established).astype(np.int32)
    discovered = np.where(is_pad, NEVER, discovered).astype(np.int32)
    established = np.where(is_pad, NEVER, established).astype(np.int32)

    # Recommendation and admission (clauses 3.3, 3.4); known brands start in
    # their recorded stage.
    stage0 = np.full(slots, _STAGE_INDEX[ESTABLISHED], np.int32)
    stage0[:n] = plan.known_stage
    at_least = {s: (stage0 >= _STAGE_INDEX[s]) & known for s in STAGES}
    in_pool0 = at_least[IN_POOL]
    rec_county = np.where(
        u("county_recommends") < a.county_recommendation_probability,
        _later(
            established, _geometric(u("county_delay"), a.county_recommendation_months)
        ),
        NEVER,
    )
    rec_county = np.where(at_least[RECOMMENDED_BY_COUNTY], 0, rec_county).astype(
        np.int32
    )
    city_decides = _later(
        rec_county, _geometric(u("city_delay"), a.city_recommendation_months)
    )
    city_decides = np.where(at_least[RECOMMENDED_BY_CITY], 0, city_decides).astype(
        np.int32
    )
    city_yes = (u("city_recommends") < a.city_recommendation_probability) | at_least[
        RECOMMENDED_BY_CITY
    ]
    province_decides = np.where(
        city_yes,
        _later(city_decides, _geometric(u("admission_delay"), a.admission_months)),
        NEVER,
    )
    admits = u("admits") < a.admission_probability
    rec_county = np.where(in_pool0, NEVER, rec_county).astype(np.int32)
    city_decides = np.where(in_pool0, NEVER, city_decides).astype(np.int32)
    province_decides = np.where(in_pool0, NEVER, province_decides).astype(np.int32)

    # Workforce: signed rural workers, lognormal, steady log growth (clause 4.2).
    workers = np.exp(
        np.log(a.signed_workers_median)
        + a.signed_workers_sigma * normals[:, _N["workforce"], :]
    )
    known_workers = np.full(slots, np.nan)
    known_workers[:n] = plan.known_workers
    workers = np.where(np.isnan(known_workers), workers, known_workers)
    growth = a.growth_mean + a.growth_sd * normals[:, _N["growth"], :]
    crossing = _crossing(plan, established, workers, growth)
    since = np.where(crossing < months, crossing - established, 0).astype(np.int64)
    crossing_heads = np.where(crossing < months, heads(workers, growth, since), -1)
    initial_heads = heads(workers, growth, np.zeros((runs, slots), np.int64))

    # Pool entry: the province's admission or the award (clause 4.2), whichever first.
    pooled = np.minimum(
        np.where(city_yes & admits, province_decides, NEVER), crossing
    ).astype(np.int32)
    pooled = np.where(in_pool0, 0, pooled).astype(np.int32)

    # Exit (clause 3.4): proposed by the city, decided by the province.
    declining = growth < 0
    hazard = np.where(
        declining,
        a.exit_proposal_hazard + a.decline_exit_hazard,
        a.exit_proposal_hazard,
    )
    hazard = np.minimum(hazard, 1.0)
    exit_proposed = _later(pooled, _hazard_delay(u("exit_delay"), hazard))
    exit_proposed = np.where(at_least[EXIT_PROPOSED], 0, exit_proposed).astype(np.int32)
    exit_accepted = u("exit_accepted") < a.exit_acceptance_probability
    exit_decided = _later(
        exit_proposed, np.full((runs, slots), a.exit_decision_months, np.int32)
    )
    exited0 = at_least[EXITED]
    exit_decided = np.where(exited0, 0, exit_decided).astype(np.int32)
    exit_accepted = exit_accepted | exited0
    exit_ground = np.floor(u("exit_ground").astype(np.float64) * 3).astype(np.int32)

    levels = _recognitions(plan, u, established, exit_proposed)
    return Times(
        county=county.astype(np.int32),
        category=category,
        maturity=maturity,
        discovered=discovered,
        established=established,
        recommended_by_county=rec_county,
        city_decides=city_decides,
        city_recommends=city_yes,
        province_decides=province_decides,
        province_admits=admits,
        crossing=crossing,
        crossing_heads=crossing_heads,
        initial_heads=initial_heads,
        pooled=pooled,
        exit_proposed=exit_proposed,
        exit_decided=exit_decided,
        exit_accepted=exit_accepted,
        exit_ground=exit_ground,
        declining=declining,
        levels=levels,
    )


def _segments(threshold: I64) -> list[tuple[int, int, int]]:
    """Runs of months with the same award threshold: ``(first, stop, threshold)``."""
    segments: list[tuple[int, int, int]] = []
    first = 0
    for m in range(1, len(threshold) + 1):
        if m == len(threshold) or threshold[m] != threshold[first]:
            if threshold[first] >= 0:
                segments.append((first, m, int(threshold[first])))
            first = m
    return segments


def _crossing(plan: Plan, established: I32, workers: F64, growth: F64) -> I32:
    """The first month a cultivated brand's signed workers reach the threshold then in force.

    Solved per run of months with one threshold (a reform may change it), in
    closed form from :func:`heads`, then checked with :func:`heads` itself so
    that rounding can never put the crossing a month early or late.
    """
    crossing = np.full(established.shape, NEVER, np.int64)
    e = established.astype(np.int64)
    for first, stop, threshold in _segments(plan.threshold):
        low = np.maximum(e, first)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            need = np.log(threshold / workers) / growth
        need = np.clip(
            np.nan_to_num(np.ceil(need), nan=NEVER, posinf=NEVER, neginf=-NEVER),
            -NEVER,
            NEVER,
        )
        month = np.where(growth > 0, np.maximum(low, e + need.astype(np.int64)), low)
        month = np.minimum(month, NEVER)
        for _ in range(2):  # rounding: never early ...
            short = heads(workers, growth, month - e) < threshold
            month = np.where(short & (growth > 0), month + 1, month)
        for _ in range(2):  # ... nor late
            back = (month > low) & (heads(workers, growth, month - 1 - e) >= threshold)
            month = np.where(back, month - 1, month)
        ok = (
            (low < stop)
            & (month < stop)
            & (heads(workers, growth, month - e) >= threshold)
        )
        crossing = np.where(ok, np.minimum(crossing, month), crossing)
    return np.where(e >= NEVER, NEVER, crossing).astype(np.int32)


def _recognitions(
    plan: Plan,
    u: Callable[[str], F32],
    established: I32,
    exit_proposed: I32,
) -> I32:
    """The month each slot holds each recognition level from, or :data:`NEVER`.

    A level is granted with its probability after a geometric delay from the
    establishment (the national level from the provincial one); the
    provincial and national levels wait for their annual batch. Known levels
    are data; above the highest known level the model simulates. A brand
    proposed for exit is not recognised again.
    """
    a = plan.assumptions
    runs, slots, n = established.shape[0], plan.slots, plan.known
    levels = np.empty((runs, slots, len(LEVELS)), np.int32)
    known_levels = np.full((slots, len(LEVELS)), NEVER, np.int32)
    known_levels[:n] = plan.known_levels
    held = known_levels < NEVER
    top = np.where(
        held.any(axis=1), len(LEVELS) - 1 - np.argmax(held[:, ::-1], axis=1), -1
    )
    top_month = np.where(
        top >= 0, known_levels[np.arange(slots), np.maximum(top, 0)], 0
    )
    base = np.maximum(established, top_month).astype(np.int32)
    settings = (
        ("county", a.county_recognition_probability, a.county_recognition_months),
        ("city", a.city_recognition_probability, a.city_recognition_months),
        (
            "provincial",
            a.provincial_recognition_probability,
            a.provincial_recognition_months,
        ),
        ("national", a.national_recognition_probability, a.national_recognition_months),
    )
    for level, (name, probability, mean) in enumerate(settings):
        if level == _NATIONAL:
            base = levels[:, :, _PROVINCIAL]
        granted = u(f"{name}_recognised") < probability
        month = np.where(
            granted,
            _later(base, _geometric(u(f"{name}_recognition_delay"), mean)),
            NEVER,
        ).astype(np.int32)
        if level == _PROVINCIAL:
            month = plan.provincial_next[np.minimum(month, plan.months)]
        elif level == _NATIONAL:
            month = plan.national_next[np.minimum(month, plan.months)]
        month = np.where(month >= exit_proposed, NEVER, month)
        levels[:, :, level] = np.where(level <= top, known_levels[:, level], month)
    return levels


# ------------------------------------------------------------------ tallies
@final
class _Tally:
    """Stocks per (run, month, key) from intervals ``[start, end)`` of months."""

    def __init__(self, runs: int, months: int, keys: int) -> None:
        self.runs, self.months, self.keys = runs, months, keys
        self.opened: list[I64] = []
        self.closed: list[I64] = []

    def add(self, key: int | I32, start: I32, end: I32, mask: B | None = None) -> None:
        ok = start < np.minimum(end, self.months)
        if mask is not None:
            ok &= mask
        r, s = np.nonzero(ok)
        st, en = start[r, s].astype(np.int64), end[r, s].astype(np.int64)
        k = np.int64(key) if isinstance(key, int) else key[r, s].astype(np.int64)
        row = r.astype(np.int64) * self.months
        self.opened.append((row + st) * self.keys + k)
        closes = en < self.months
        self.closed.append(((row + en) * self.keys + k)[closes])

    def stocks(self) -> I64:
        size = self.runs * self.months * self.keys
        opened = np.bincount(np.concatenate(self.opened), minlength=size)
        closed = np.bincount(np.concatenate(self.closed), minlength=size)
        stock = (opened - closed).reshape(self.runs, self.months, self.keys)
        return np.cumsum(stock, axis=1)


@final
@attrs.frozen(kw_only=True, eq=False)
class Chunk:
    """What a chunk of runs sends back: monthly stocks and the award events."""

    start: int
    stop: int
    #: ``(runs, months, stages)`` brands by stage.
    stages: I32
    #: ``(runs, months, counties)`` established brands by county, exited ones included.
    counties: npt.NDArray[np.unsignedinteger[Any]]
    #: ``(runs, months, categories)`` established brands by category, exited ones included.
    categories: I32
    #: ``(runs, months, levels)`` established brands holding each recognition level,
    #: exited ones included.
    levels: I32
    #: Award events: run (global index), slot, month, county, signed workers.
    award_run: I32
    award_slot: I32
    award_month: I32
    award_county: I32
    award_heads: I64
    #: ``(runs,)`` counties whose every candidate slot was discovered in the horizon.
    out_of_slots: I32


def counties_dtype(plan: Plan) -> np.dtype[np.unsignedinteger[Any]]:
    """The smallest unsigned type that holds any county's count of brands."""
    most = plan.known + plan.assumptions.candidate_slots_per_county
    return np.dtype(np.uint8 if most <= np.iinfo(np.uint8).max else np.uint16)


def _out_of_slots(plan: Plan, t: Times) -> I32:
    """Per run, the counties that used their last candidate slot within the horizon."""
    k, n = plan.assumptions.candidate_slots_per_county, plan.known
    last = t.discovered[:, n + k - 1 : n + plan.counties * k : k]
    out: I32 = (last < plan.months).sum(axis=1, dtype=np.int32)
    return out


def simulate_chunk(plan: Plan, seed: int, start: int, stop: int) -> Chunk:
    """Simulate runs *start* to *stop* (exclusive) of seed *seed*.

    The function handed to an executor: it needs only numpy and the plan.
    """
    uniforms, normals = draw(plan, seed, start, stop)
    t = times(plan, uniforms, normals)
    del uniforms, normals
    runs, months = stop - start, plan.months
    n_stages, n_counties = len(STAGES), plan.counties
    n_categories = len(CATEGORIES)
    keys = n_stages + n_counties + n_categories + len(LEVELS)
    tally = _Tally(runs, months, keys)
    s = _STAGE_INDEX
    e, p = t.established, t.pooled
    rc, ry, ra = t.recommended_by_county, t.city_decides, t.province_decides
    xp, xd = t.exit_proposed, t.exit_decided
    # Stage intervals: where each event leads, per the lifecycle table.
    tally.add(s[DISCOVERED], t.discovered, e)
    tally.add(s[ESTABLISHED], e, np.minimum(rc, p))
    tally.add(s[RECOMMENDED_BY_COUNTY], rc, np.minimum(ry, p))
    tally.add(s[RECOMMENDED_BY_CITY], ry, np.minimum(ra, p), t.city_recommends)
    tally.add(s[RETURNED], ry, p, ~t.city_recommends)
    tally.add(s[RETURNED], ra, p, t.city_recommends & ~t.province_admits)
    tally.add(s[IN_POOL], p, xp)
    tally.add(s[EXIT_PROPOSED], xp, xd)
    never = np.full(e.shape, NEVER, np.int32)
    tally.add(s[EXITED], xd, never, t.exit_accepted)
    tally.add(s[RETAINED], xd, never, ~t.exit_accepted)
    # Established brands by county and category, as the targets count them:
    # an exit from the pool does not undo a brand's cultivation.
    tally.add(n_stages + t.county, e, never)
    tally.add(n_stages + n_counties + t.category, e, never)
    # Recognitions held by established brands, as the targets count them.
    first_level = n_stages + n_counties + n_categories
    for level in range(len(LEVELS)):
        tally.add(first_level + level, np.maximum(t.levels[:, :, level], e), never)
    stocks = tally.stocks()
    awarded = (t.crossing < months) & t.awarded
    r, slot = np.nonzero(awarded)
    return Chunk(
        start=start,
        stop=stop,
        stages=stocks[:, :, :n_stages].astype(np.int32),
        counties=stocks[:, :, n_stages : n_stages + n_counties].astype(
            counties_dtype(plan)
        ),
        categories=stocks[:, :, n_stages + n_counties : first_level].astype(np.int32),
        levels=stocks[:, :, first_level:].astype(np.int32),
        award_run=(r + start).astype(np.int32),
        award_slot=slot.astype(np.int32),
        award_month=t.crossing[r, slot],
        award_county=t.county[r, slot],
        award_heads=t.crossing_heads[r, slot],
        out_of_slots=_out_of_slots(plan, t),
    )
