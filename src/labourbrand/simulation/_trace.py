"""One run, brand by brand, through the lifecycle: :func:`trace` (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from labourbrand import lifecycle
from labourbrand._model import (
    Brand,
    CreatingUnit,
    Event,
    ExitGround,
    Maturity,
    Recognition,
    Stage,
    WorkforceObservation,
)
from labourbrand._validators import int_at_least
from labourbrand.regions import Level
from labourbrand.simulation import _model
from labourbrand.simulation._setup import Setup
from labourbrand.simulation._setup import setup as _setup


if TYPE_CHECKING:
    import pendulum

    from labourbrand.simulation._scenario import Scenario


__all__ = ["trace"]

#: Exit grounds other than a fall in jobs, for a brand that does not decline.
_OTHER_GROUNDS: Final = (
    ExitGround.POOR_TRAINING,
    ExitGround.LESS_COMPETITIVE,
    ExitGround.LOW_RECOGNITION,
)

# ----------------------------------------------------------------- trace
_ORDER: Final = {
    Event.ESTABLISH: 0,
    Event.RECOMMEND_BY_COUNTY: 1,
    Event.RECOMMEND_BY_CITY: 2,
    Event.RETURN: 2,  # by the city; the province's is ordered as ADMIT
    Event.ADMIT: 3,
    Event.ADMIT_ON_AWARD: 4,
    Event.RECOGNISE: 5,
    Event.PROPOSE_EXIT: 6,
    Event.DECIDE_EXIT: 7,
    Event.RETAIN: 7,
}


def _observations(
    brand: Brand, found: list[tuple[pendulum.Date, int]]
) -> tuple[WorkforceObservation, ...]:
    """The brand's observations, then the simulated ones after its last."""
    kept = list(brand.workforce)
    last = kept[-1].on if kept else None
    for day, count in found:
        if last is None or day > last:
            # The model follows signed rural workers only.
            kept.append(
                WorkforceObservation(
                    on=day, practitioners=count, rural=count, rural_signed=count
                )
            )
            last = day
    return tuple(kept)


def trace(scenario: Scenario, *, seed: int = 0, run: int = 0) -> tuple[Brand, ...]:
    """Return the brands of one run, built event by event through the lifecycle.

    Every simulated event of run *run* is applied with
    :func:`labourbrand.lifecycle.transition` (so each is checked against the
    transition table and its guards), dated the day its month is counted on;
    each brand carries its workforce when established and when it crossed the
    award threshold, and its recognitions. The known brands keep their names;
    a candidate is called after its county, e.g. ``紫阳县候选品牌2`` (its
    second candidate slot). Candidates not discovered by the horizon are left
    out; candidates discovered but never established stay ``discovered``.

    A known brand whose stage is not recorded is taken as established on the
    start date with an established operating system (:attr:`~labourbrand.Maturity.ESTABLISHED`)
    and a creating unit, as the model assumes; a recognition of it with
    neither day nor year, which the model holds from the start, is dated to
    the start date.

    Raises:
        InvalidArgumentError: *run* or *seed* is not a count.

    Example:
        >>> from labourbrand.simulation import Scenario
        >>> brands = trace(Scenario("baseline"), seed=0, run=0)
        >>> brands[0].name_zh, brands[0].stage.value in {"cultivating", "in_pool", "recommended_by_county", "recommended_by_city", "exit_proposed", "exited"}
        ('紫阳修脚师', True)

    .. versionadded:: 0.1.0
    """
    int_at_least("seed", seed, minimum=0)
    int_at_least("run", run, minimum=0)
    setup = _setup(scenario)
    plan = setup.plan
    t = _model.times(plan, _model.draw(plan, seed, run, run + 1))
    k = plan.assumptions.candidate_slots_per_county
    source = f"simulation {scenario.name!r}, seed {seed}, run {run}"
    brands = []
    # The live slots, by slot: the known brands, then the candidates discovered.
    for i, slot in enumerate(t.slot.tolist()):
        county = setup.counties[int(t.county[i])]
        category = _model.CATEGORIES[int(t.category[i])]
        if slot < plan.known:
            brand = setup.known[slot]
            brand = attrs.evolve(
                brand,
                county=brand.county
                if brand.county is not None
                and setup.policy.regions[brand.county].level is Level.COUNTY
                else county,
                category=category,
                maturity=brand.maturity or Maturity.ESTABLISHED,
                creating_unit=brand.creating_unit or CreatingUnit(),
                recognitions=tuple(
                    attrs.evolve(r, on=scenario.start)
                    if r.held(scenario.start) is None
                    else r
                    for r in brand.recognitions
                ),
            )
            stage0 = brand.stage
        else:
            c, rank = divmod(slot - plan.known, k)
            maturity = tuple(Maturity)[int(t.maturity[i])]
            brand = Brand(
                name_zh=f"{setup.county_names[c]}候选品牌{rank + 1}",
                county=county,
                category=category,
                maturity=maturity,
                creating_unit=CreatingUnit(),
                source=source,
            )
            stage0 = Stage.DISCOVERED
        brands.append(_replay(setup, t, i, brand, stage0))
    return tuple(brands)


def _replay(  # noqa: C901, PLR0912 - one branch per event of the model
    setup: Setup, t: _model.Times, entry: int, brand: Brand, stage0: Stage
) -> Brand:
    """Apply the simulated events of live slot *entry* to *brand*, in month then event order."""
    months = setup.plan.months
    s = _model.STAGES.index
    after = s(stage0)

    def at(name: str) -> int:
        return int(getattr(t, name)[entry])

    e, pooled, crossing = at("established"), at("pooled"), at("crossing")
    rc, ry, ra = at("recommended_by_county"), at("city_decides"), at("province_decides")
    xp, xd = at("exit_proposed"), at("exit_decided")
    city_yes, admits = (
        bool(t.city_recommends[entry]),
        bool(t.province_admits[entry]),
    )
    planned: list[tuple[int, int, Event, dict[str, Any]]] = []

    def plan_event(
        month: int,
        event: Event,
        *,
        order: int | None = None,
        **payload: Any,  # noqa: ANN401 - transition's keywords
    ) -> None:
        if month < months:
            planned.append(
                (month, _ORDER[event] if order is None else order, event, payload)
            )

    if after < s(_model.ESTABLISHED):
        plan_event(e, Event.ESTABLISH)
    if after < s(_model.RECOMMENDED_BY_COUNTY) and rc <= pooled:
        plan_event(rc, Event.RECOMMEND_BY_COUNTY)
    if after < s(_model.RECOMMENDED_BY_CITY) and ry <= pooled:
        plan_event(ry, Event.RECOMMEND_BY_CITY if city_yes else Event.RETURN)
    if after < s(_model.IN_POOL) and city_yes and ra <= pooled:
        plan_event(
            ra, Event.ADMIT if admits else Event.RETURN, order=_ORDER[Event.ADMIT]
        )
    admitted = city_yes and admits and ra == pooled
    if after < s(_model.IN_POOL) and not admitted:
        plan_event(pooled, Event.ADMIT_ON_AWARD, note="吸纳就业一次性奖补")
    known_top = -1
    slot = int(t.slot[entry])
    if slot < setup.plan.known:
        held = np.flatnonzero(setup.plan.known_levels[slot] < _model.NEVER)
        known_top = int(held.max()) if held.size else -1
    for level in range(known_top + 1, len(_model.LEVELS)):
        month = int(t.levels[entry, level])
        if month < months:
            recognition = Recognition(
                level=_model.LEVELS[level], on=setup.days[month], source="simulated"
            )
            plan_event(month, Event.RECOGNISE, recognition=recognition)
    if after < s(_model.EXIT_PROPOSED):
        ground = (
            ExitGround.FEWER_JOBS
            if t.declining[entry]
            else _OTHER_GROUNDS[int(t.exit_ground[entry])]
        )
        plan_event(xp, Event.PROPOSE_EXIT, grounds=(ground,))
    if after < s(_model.EXITED):
        plan_event(xd, Event.DECIDE_EXIT if t.exit_accepted[entry] else Event.RETAIN)
    observed = {}
    if e < months:
        observed[e] = int(t.initial_heads[entry])
    if crossing < months:
        observed[crossing] = int(t.crossing_heads[entry])
    brand = attrs.evolve(
        brand,
        workforce=_observations(
            brand, [(setup.days[m], n) for m, n in sorted(observed.items())]
        ),
    )
    for month, _, event, payload in sorted(planned, key=lambda p: (p[0], p[1])):
        day = setup.days[month]
        given = dict(payload)
        if event is Event.ADMIT_ON_AWARD:
            # The award route rests on the award: decided by the policy that day.
            given["evidence"] = setup.policy.employment_award(brand, on=day)
        brand = lifecycle.transition(brand, event, on=day, **given)
    return brand
