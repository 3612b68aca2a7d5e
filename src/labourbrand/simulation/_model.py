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

Only the slots that live within the horizon are simulated past their
discovery: the known brands and the candidates discovered by the horizon
month, about a third of the slots of the baseline. They are held as flat
arrays, one entry per live slot of every run, ordered by run then slot.

Random numbers: runs are grouped in fixed blocks of :data:`BLOCK` runs, and
block *b* of seed *s* draws from three streams,
``numpy.random.SeedSequence(s, spawn_key=(b, i))`` for *i* = 0, 1, 2 (an
SFC64 generator each): the first gives every run of the block its discovery
draws, run after run; the second the :data:`UNIFORMS` of every live slot,
and the third its :data:`NORMALS`, entry after entry. Blocks are fixed, not
chosen by the executor or the number of workers, and each stream is read in
run order, so the first runs of a block draw the same numbers whether the
block is complete or not: a run's numbers do not depend on how runs are
split into chunks, on the executor, or on the number of runs. A chunk that
starts inside a block draws that block's earlier runs too and drops them.
Two scenarios with the same slot layout see the same draws for the same run
as long as the same slots live (common random numbers), so their difference
is the effect of the scenario, not of the noise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt

from labourbrand import lifecycle
from labourbrand._model import Category, Event, RecognitionLevel, Stage


if TYPE_CHECKING:
    from collections.abc import Callable

    from labourbrand.simulation._plan import Plan


__all__ = [
    "BLOCK",
    "CATEGORIES",
    "LEVELS",
    "MODEL",
    "NEVER",
    "STAGES",
    "Draws",
    "Times",
    "draw",
    "heads",
    "times",
]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

#: A month that never comes (an event that does not happen).
NEVER: Final = 1 << 30
#: Longest delay drawn, so that a sum of two times fits an int32.
_MAX_DELAY: Final = 1 << 28
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
_STAGE_INDEX: Final = {s: i for i, s in enumerate(STAGES)}


# ----------------------------------------------------------- the draw layout
#: Runs per block of random streams (see the module notes). Fixed: changing
#: it changes every number drawn.
BLOCK: Final = 64
#: One uniform per live slot and purpose, in this order, from the second stream.
UNIFORMS: Final = (
    "place",
    "maturity",
    "establishment",
    "category",
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
#: One standard normal per live slot and purpose, from the third stream.
NORMALS: Final = ("workforce", "growth")
_U: Final = {name: i for i, name in enumerate(UNIFORMS)}
_N: Final = {name: i for i, name in enumerate(NORMALS)}


#: The model's version: changed whenever the draws or the event logic change.
MODEL: Final = "3"


def _geometric(u: F64, mean: float | F64) -> I32:
    """Whole months >= 0 with the given mean, from uniforms (memoryless)."""
    if isinstance(mean, float | int):
        if mean <= 0:
            return np.zeros(u.shape, np.int32)
        # Times the log of the monthly chance of no event, which is negative.
        scale = 1.0 / np.log(mean / (1.0 + mean))
        months = np.floor(np.log1p(-u) * scale)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            stay = np.log(mean / (1.0 + mean))
            months = np.floor(np.log1p(-u) / stay)
        months = np.where(mean > 0, np.nan_to_num(months, nan=0.0), 0.0)
    out: I32 = np.minimum(months, _MAX_DELAY).astype(np.int32)
    return out


def _hazard_delay(u: F64, hazard: F64) -> I32:
    """Whole months >= 0 until an event of the given monthly probability."""
    with np.errstate(divide="ignore", invalid="ignore"):
        months = np.floor(np.log1p(-u) / np.log1p(-hazard))
    months = np.where(hazard > 0, months, _MAX_DELAY)
    out: I32 = np.minimum(np.nan_to_num(months, nan=0.0), _MAX_DELAY).astype(np.int32)
    return out


def _later(time: I32, delay: I32) -> I32:
    """*time* plus *delay*, a never-time staying never."""
    out: I32 = np.minimum(time.astype(np.int64) + delay, NEVER).astype(np.int32)
    return out


def _pick(u: F64, shares: tuple[float, ...]) -> I32:
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


def _stream(seed: int, block: int, purpose: int) -> np.random.Generator:
    """The generator of one purpose of one block (see the module notes)."""
    return np.random.Generator(
        np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(block, purpose)))
    )


@final
@attrs.frozen(kw_only=True, eq=False)
class Discovery:
    """The first draws of a block of runs: when each candidate is discovered.

    Shapes ``(runs, counties * candidates)``, the candidates of a county
    side by side.
    """

    #: The month each candidate is discovered (:data:`NEVER` past any horizon).
    discovered: I32
    #: Whether the candidate is a brand already on the start date.
    starts: B
    #: Whether the candidate is dropped before establishment.
    abandoned: B


def _discovery(plan: Plan, u: F64) -> Discovery:
    """Discovery months, which candidates start established, which are dropped.

    Candidates of a county arrive one after the other. While the county has
    no brand (none known, none at the start, and every candidate so far
    dropped), the next one comes at the faster pace of the push for "one
    county, one brand" (一县一品牌, clause 2); after that, at the slower pace.
    """
    a = plan.assumptions
    runs = u.shape[0]
    k, c = a.candidate_slots_per_county, plan.counties
    ck = c * k
    found_u = u[:, :ck].reshape(runs, c, k)
    abandon_u = u[:, ck : 2 * ck].reshape(runs, c, k)
    initial = (u[:, 2 * ck :] < a.initial_brand_probability) & ~plan.has_known
    dropped = abandon_u < a.abandon_probability
    dropped[:, :, 0] &= ~initial
    # Whether the county has a brand before each candidate: one known or
    # found at the start, or an earlier candidate not dropped.
    before = np.empty((runs, c, k), np.bool_)
    before[:, :, 0] = plan.has_known[None, :] | initial
    for j in range(1, k):
        np.logical_or(before[:, :, j - 1], ~dropped[:, :, j - 1], out=before[:, :, j])
    none_yet = ~before
    mean = np.where(none_yet, a.discovery_months_first, a.discovery_months_more)
    mean /= plan.discovery_factor[None, :, None]
    at = -np.log1p(-found_u) * mean  # the gaps between candidates, then their sums
    at[:, :, 0][initial] = 0.0
    for j in range(1, k):
        np.add(at[:, :, j - 1], at[:, :, j], out=at[:, :, j])
    np.minimum(at, NEVER, out=at)
    starts = np.zeros((runs, c, k), np.bool_)
    starts[:, :, 0] = initial
    return Discovery(
        discovered=np.floor(at).astype(np.int32).reshape(runs, ck),
        starts=starts.reshape(runs, ck),
        abandoned=dropped.reshape(runs, ck),
    )


@final
@attrs.frozen(kw_only=True, eq=False)
class Draws:
    """The draws of runs *start* to *stop*: one row per live slot, by run then slot."""

    start: int
    stop: int
    #: The run (from 0 at *start*) and slot of each entry.
    run: I64
    slot: I64
    #: Each candidate's discovery, shape ``(runs, counties * candidates)``.
    discovery: Discovery
    #: ``(len(UNIFORMS), entries)`` and ``(len(NORMALS), entries)``.
    uniforms: F64
    normals: F64


def draw(plan: Plan, seed: int, start: int, stop: int) -> Draws:
    """Draw runs *start* to *stop* (exclusive): discovery, then the live slots' draws.

    The loops are per block of :data:`BLOCK` runs, never per run, slot or
    month.
    """
    a = plan.assumptions
    k, c, n = a.candidate_slots_per_county, plan.counties, plan.known
    first = start - start % BLOCK  # the chunk's first block begins here
    blocks = range(first // BLOCK, -(-stop // BLOCK))
    width = 2 * c * k + c
    found = np.empty((stop - first, width))
    for b in blocks:
        _stream(seed, b, 0).random(
            out=found[b * BLOCK - first : min((b + 1) * BLOCK, stop) - first]
        )
    discovery = _discovery(plan, found)
    live = np.empty((stop - first, n + c * k), np.bool_)
    live[:, :n] = True
    np.less(discovery.discovered, plan.months, out=live[:, n:])
    run, slot = np.nonzero(live)
    ends = np.cumsum(live.sum(axis=1))
    # Each stream is read entry after entry; the draws are stored purpose
    # after purpose, a block at a time, so that each purpose is contiguous.
    uniforms = np.empty((len(UNIFORMS), len(run)))
    normals = np.empty((len(NORMALS), len(run)))
    for b in blocks:
        lo = int(ends[b * BLOCK - first - 1]) if b * BLOCK > first else 0
        hi = int(ends[min((b + 1) * BLOCK, stop) - first - 1])
        uniforms[:, lo:hi] = _stream(seed, b, 1).random((hi - lo, len(UNIFORMS))).T
        normals[:, lo:hi] = (
            _stream(seed, b, 2).standard_normal((hi - lo, len(NORMALS))).T
        )
    skip = start - first  # runs of the first block before the chunk
    drop = int(ends[skip - 1]) if skip else 0
    return Draws(
        start=start,
        stop=stop,
        run=run[drop:] - skip,
        slot=slot[drop:],
        discovery=Discovery(
            discovered=discovery.discovered[skip:],
            starts=discovery.starts[skip:],
            abandoned=discovery.abandoned[skip:],
        ),
        uniforms=uniforms[:, drop:],
        normals=normals[:, drop:],
    )


@final
@attrs.frozen(kw_only=True, eq=False)
class Times:
    """The event months of every live slot of a chunk of runs, one entry per slot.

    :data:`NEVER` (or any month past the horizon) means the event does not
    happen within the horizon.
    """

    #: The run (from 0 at the chunk's start) and the slot of each entry.
    run: I64
    slot: I64
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
    #: Month each level is held from, shape ``(entries, 4)``.
    levels: I32
    #: ``(runs,)`` counties whose every candidate slot was discovered in the horizon.
    out_of_slots: I32

    @property
    def exited(self) -> I32:
        """The month the brand exits, or :data:`NEVER`."""
        return np.where(self.exit_accepted, self.exit_decided, NEVER).astype(np.int32)

    @property
    def awarded(self) -> B:
        """Whether the threshold is crossed before the exit (at any month)."""
        crossed: B = self.crossing < self.exited
        return crossed


def _per_slot(plan: Plan, values: npt.NDArray[Any], fill: object) -> npt.NDArray[Any]:
    """A per-slot array: *values* for the known brands, *fill* for the candidates."""
    out = np.full((plan.slots, *values.shape[1:]), fill, values.dtype)
    out[: plan.known] = values
    return out


def _out_of_slots(plan: Plan, discovered: I32) -> I32:
    """Per run, the counties that used their last candidate slot within the horizon."""
    k = plan.assumptions.candidate_slots_per_county
    out: I32 = (discovered[:, k - 1 :: k] < plan.months).sum(axis=1, dtype=np.int32)
    return out


def times(plan: Plan, d: Draws) -> Times:  # noqa: PLR0915 - one event after the other
    """Turn the draws of a chunk of runs into the event months of its live slots."""
    a = plan.assumptions
    months, n = plan.months, plan.known
    r, s = d.run, d.slot
    candidate = s >= n
    cand = np.where(candidate, s - n, 0)
    per_run = d.discovery

    def u(name: str) -> F64:
        row: F64 = d.uniforms[_U[name]]
        return row

    # Place: candidates sit in their county; a known brand of unknown county
    # is placed in a county drawn from its pool (its city's, or all).
    size = plan.pool_size[s]
    pick = np.minimum(np.floor(u("place") * size).astype(np.int32), size - 1)
    county = plan.pool[plan.pool_start[s] + pick]

    known_category = _per_slot(plan, plan.known_category, -1)[s]
    category = np.where(
        known_category >= 0, known_category, _pick(u("category"), a.category_shares)
    ).astype(np.int32)

    # Discovery and establishment (clause 3.1).
    discovered = np.where(candidate, per_run.discovered[r, cand], 0).astype(np.int32)
    starts = ~candidate | per_run.starts[r, cand]
    abandoned = candidate & per_run.abandoned[r, cand]
    maturity = _pick(u("maturity"), (*a.maturity_shares,))
    mean_delay = np.asarray(a.establishment_months, np.float64)[maturity]
    established = _later(discovered, _geometric(u("establishment"), mean_delay))
    established[abandoned] = NEVER
    established[starts] = 0

    # Recommendation and admission (clauses 3.3, 3.4); known brands start in
    # their recorded stage.
    stage0 = _per_slot(plan, plan.known_stage, _STAGE_INDEX[ESTABLISHED])[s]

    def at_least(stage: Stage) -> B:
        held: B = ~candidate & (stage0 >= _STAGE_INDEX[stage])
        return held

    in_pool0 = at_least(IN_POOL)
    rec_county = np.where(
        u("county_recommends") < a.county_recommendation_probability,
        _later(
            established, _geometric(u("county_delay"), a.county_recommendation_months)
        ),
        NEVER,
    ).astype(np.int32)
    rec_county[at_least(RECOMMENDED_BY_COUNTY)] = 0
    city_decides = _later(
        rec_county, _geometric(u("city_delay"), a.city_recommendation_months)
    )
    city_decides[at_least(RECOMMENDED_BY_CITY)] = 0
    city_yes = (u("city_recommends") < a.city_recommendation_probability) | at_least(
        RECOMMENDED_BY_CITY
    )
    province_decides = np.where(
        city_yes,
        _later(city_decides, _geometric(u("admission_delay"), a.admission_months)),
        NEVER,
    ).astype(np.int32)
    admits = u("admits") < a.admission_probability
    rec_county[in_pool0] = NEVER
    city_decides[in_pool0] = NEVER
    province_decides[in_pool0] = NEVER

    # Workforce: signed rural workers, lognormal, steady log growth (clause 4.2).
    workers = np.exp(
        np.log(a.signed_workers_median)
        + a.signed_workers_sigma * d.normals[_N["workforce"]]
    )
    known_workers = _per_slot(plan, plan.known_workers, np.nan)[s]
    workers = np.where(np.isnan(known_workers), workers, known_workers)
    growth = a.growth_mean + a.growth_sd * d.normals[_N["growth"]]
    crossing = _crossing(plan, established, workers, growth)
    crossed = crossing < months
    since = np.where(crossed, crossing - established, 0).astype(np.int64)
    crossing_heads = np.where(crossed, heads(workers, growth, since), -1)
    initial_heads = heads(workers, growth, np.zeros(len(s), np.int64))

    # Pool entry: the province's admission or the award (clause 4.2), whichever first.
    pooled = np.minimum(
        np.where(city_yes & admits, province_decides, NEVER), crossing
    ).astype(np.int32)
    pooled[in_pool0] = 0

    # Exit (clause 3.4): proposed by the city, decided by the province.
    declining = growth < 0
    hazard = np.where(
        declining,
        a.exit_proposal_hazard + a.decline_exit_hazard,
        a.exit_proposal_hazard,
    )
    hazard = np.minimum(hazard, 1.0)
    exit_proposed = _later(pooled, _hazard_delay(u("exit_delay"), hazard))
    exit_proposed[at_least(EXIT_PROPOSED)] = 0
    exit_accepted = u("exit_accepted") < a.exit_acceptance_probability
    exit_decided = _later(
        exit_proposed, np.full(len(s), a.exit_decision_months, np.int32)
    )
    exited0 = at_least(EXITED)
    exit_decided[exited0] = 0
    exit_accepted |= exited0
    exit_ground = np.floor(u("exit_ground") * 3).astype(np.int32)

    levels = _recognitions(plan, u, s, established, exit_proposed)
    return Times(
        run=r,
        slot=s,
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
        out_of_slots=_out_of_slots(plan, per_run.discovered),
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
    rising = growth > 0
    for first, stop, threshold in _segments(plan.threshold):
        low = np.maximum(e, first)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            need = np.log(threshold / workers) / growth
        need = np.clip(
            np.nan_to_num(np.ceil(need), nan=NEVER, posinf=NEVER, neginf=-NEVER),
            -NEVER,
            NEVER,
        )
        month = np.where(rising, np.maximum(low, e + need.astype(np.int64)), low)
        month = np.minimum(month, NEVER)
        for _ in range(2):  # rounding: never early ...
            short = heads(workers, growth, month - e) < threshold
            month += short & rising
        for _ in range(2):  # ... nor late
            back = (month > low) & (heads(workers, growth, month - 1 - e) >= threshold)
            month -= back
        ok = (
            (low < stop)
            & (month < stop)
            & (heads(workers, growth, month - e) >= threshold)
        )
        crossing = np.where(ok, np.minimum(crossing, month), crossing)
    return np.where(e >= NEVER, NEVER, crossing).astype(np.int32)


def _recognitions(
    plan: Plan,
    u: Callable[[str], F64],
    s: I64,
    established: I32,
    exit_proposed: I32,
) -> I32:
    """The month each live slot holds each recognition level from, or :data:`NEVER`.

    A level is granted with its probability after a geometric delay from the
    establishment (the national level from the provincial one); the
    provincial and national levels wait for their annual batch. Known levels
    are data; above the highest known level the model simulates. A brand
    proposed for exit is not recognised again.
    """
    a = plan.assumptions
    known_levels = _per_slot(plan, plan.known_levels, NEVER)
    held = known_levels < NEVER
    top_of_slot = np.where(
        held.any(axis=1), len(LEVELS) - 1 - np.argmax(held[:, ::-1], axis=1), -1
    )
    top_month = np.where(
        top_of_slot >= 0,
        known_levels[np.arange(plan.slots), np.maximum(top_of_slot, 0)],
        0,
    )
    top = top_of_slot[s]
    base = np.maximum(established, top_month[s]).astype(np.int32)
    levels = np.empty((len(s), len(LEVELS)), np.int32)
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
            base = levels[:, _PROVINCIAL]
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
        month[month >= exit_proposed] = NEVER
        levels[:, level] = np.where(level <= top, known_levels[s, level], month)
    return levels
