"""A scenario resolved once into a policy and the model's plan (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from labourbrand._model import (
    Brand,
    Category,
    Recognition,
    RecognitionLevel,
    Stage,
)
from labourbrand.brands import packaged
from labourbrand.money import Fen
from labourbrand.policy import (
    AtLeast,
    ByReading,
    Measure,
    Policy,
    counted_stages,
)
from labourbrand.regions import (
    Designation,
    Level,
    Region,
    RegionKind,
    RegionRegistry,
    Tristate,
)
from labourbrand.simulation import _model
from labourbrand.simulation._plan import Plan
from labourbrand.simulation._scenario import Scenario
from labourbrand.simulation._targets import TargetSpec


if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["Setup", "setup"]

_MONTHS: Final = 12
#: The targets in the order of :meth:`~labourbrand.policy.Policy.targets`.
_TARGETS: Final = (
    ("target_brands_total", "target_brands_total", "2"),
    ("target_brands_per_county", "target_brands_per_county", "2"),
    ("target_national_known", "target_national_known", "2"),
    *(
        (f"target_per_category.{c.value}", "target_per_category", "3.2")
        for c in Category
    ),
    ("target_provincial", "target_provincial", "2"),
    ("target_city_level", "target_city_level", "2"),
    ("target_county_level", "target_county_level", "2"),
)


# ----------------------------------------------------------------- setup
@final
@attrs.frozen(kw_only=True, eq=False)
class Setup:
    """A scenario resolved once: its policy, the plan for the workers, labels."""

    scenario: Scenario
    policy: Policy
    plan: Plan
    days: tuple[pendulum.Date, ...]
    counties: tuple[str, ...]
    county_names: tuple[str, ...]
    units: tuple[str, ...]
    unit_names: tuple[str, ...]
    county_unit: npt.NDArray[np.int32]
    known: tuple[Brand, ...]
    targets: tuple[TargetSpec, ...]
    deadline: pendulum.Date | None
    deadline_month: int | None


def _month_days(
    start: pendulum.Date, horizon: pendulum.Date
) -> tuple[pendulum.Date, ...]:
    """The day each month is counted on: its last day, or the horizon."""
    months = (horizon.year - start.year) * _MONTHS + horizon.month - start.month + 1
    days = []
    for m in range(months):
        year, month = divmod(start.month - 1 + m, _MONTHS)
        last = pendulum.Date(start.year + year, month + 1, 1).end_of("month")
        days.append(min(last, horizon))
    return tuple(days)


def _held_from(recognition: Recognition, days: tuple[pendulum.Date, ...]) -> int:
    """The first month whose day the recognition is held on (past the horizon: ``len(days)``).

    A recognition with neither day nor year is held from the start
    (:meth:`~labourbrand.Recognition.held_on`): the model has no unknown.
    """
    for m, day in enumerate(days):
        if recognition.held_on(day):
            return m
    return len(days)


def _pool_of(
    brand: Brand, regions: RegionRegistry, index: Mapping[str, int]
) -> list[int]:
    """The counties a known brand may sit in: its own, its city's, or all."""
    if brand.county is not None:
        region = regions[brand.county]
        if region.level is Level.COUNTY:
            return [index[region.code]]
        if region.level is Level.CITY:
            return [index[r.code] for r in regions.children(region.code)]
    # No county: infer the city from the brand's name (渭南铁路工匠师 → 渭南市).
    for city in regions.cities():
        if city.name_zh.removesuffix("市") in brand.name_zh:
            return [index[r.code] for r in regions.children(city.code)]
    return list(range(len(index)))


def _next_batch(flags: list[bool]) -> npt.NDArray[np.int32]:
    """For each month m (and m = len), the first batch month >= m, or NEVER."""
    out = np.full(len(flags) + 1, _model.NEVER, np.int32)
    for m in range(len(flags) - 1, -1, -1):
        out[m] = m if flags[m] else out[m + 1]
    return out


def _threshold(policy: Policy, day: pendulum.Date) -> int:
    """The award threshold the policy applies on *day*, or -1 if it decides no award."""
    view = policy.day(day)
    spec = policy.measure(Measure.EMPLOYMENT_AWARD)
    if not view.in_force(spec) or view.unquantified(spec):
        return -1
    # The head count's condition, under the reading of the count in force.
    conditions = (
        c.condition(view) if isinstance(c, ByReading) else c for c in spec.conditions
    )
    at_least = next(c for c in conditions if isinstance(c, AtLeast))
    threshold = view.number(at_least.parameter)
    return threshold.amount if isinstance(threshold, Fen) else threshold


def _county_units(policy: Policy, counties: tuple[Region, ...]) -> tuple[int, ...]:
    """The indices of the county-level units one county, one brand counts, by the reading in force."""
    if policy.reading("one_county_one_brand_units").reading == "all_county_level_units":
        return tuple(range(len(counties)))
    return tuple(i for i, r in enumerate(counties) if r.kind is not RegionKind.DISTRICT)


def _target_specs(
    policy: Policy, deadline: pendulum.Date | None, counties: tuple[Region, ...]
) -> tuple[TargetSpec, ...]:
    snapshot = policy.parameters.at(deadline) if deadline is not None else None
    specs = []
    for name, parameter, clause in _TARGETS:
        entry = snapshot.get(parameter) if snapshot is not None else None
        if entry is None:
            required, quantified, in_force = None, False, False
        elif type(entry.value) is int:
            required, quantified, in_force = entry.value, True, True
        else:
            # "A batch" (一批) without a number: met by one, as Policy.targets counts it.
            required, quantified, in_force = 1, False, True
        per_county, units = None, None
        if parameter == "target_brands_per_county":
            # Its value is the number of units with enough brands: all the units
            # the reading in force counts are required, less those the text lets
            # fall short (基本实现 with no number: none, so P(met) is P(every unit)).
            per_county = 1 if required is None or not quantified else required
            units = _county_units(policy, counties)
            allowed = snapshot.get("target_county_shortfall") if snapshot else None
            short = (
                allowed.value
                if allowed is not None and type(allowed.value) is int
                else 0
            )
            required = None if required is None else max(0, len(units) - short)
        specs.append(
            TargetSpec(
                name=name,
                parameter=parameter,
                clause=clause,
                required=required,
                quantified=quantified,
                in_force=in_force,
                per_county=per_county,
                units=units,
            )
        )
    return tuple(specs)


def setup(scenario: Scenario) -> Setup:  # noqa: PLR0915 - one table after the other
    policy = scenario.policy()
    regions = policy.regions
    a = scenario.assumptions
    days = _month_days(scenario.start, scenario.horizon)
    months = len(days)
    counties = regions.counties()
    codes = tuple(r.code for r in counties)
    index: dict[str, int] = {code: i for i, code in enumerate(codes)}
    units = regions.city_level_units()
    unit_index = {u: i for i, u in enumerate(units)}
    county_unit = np.array(
        [unit_index[regions.city_level_unit(code)] for code in codes], np.int32
    )

    known = scenario.brands if scenario.brands is not None else packaged()
    n, c, k = len(known), len(codes), a.candidate_slots_per_county
    slots = n + c * k

    pool: list[int] = list(range(c))
    pool_start = np.zeros(slots, np.int32)
    pool_size = np.ones(slots, np.int32)
    has_known = np.zeros(c, np.bool_)
    known_stage = np.zeros(n, np.int32)
    known_workers = np.full(n, np.nan)
    known_category = np.full(n, -1, np.int32)
    known_levels = np.full((n, len(_model.LEVELS)), _model.NEVER, np.int32)
    stage_index = {s: i for i, s in enumerate(_model.STAGES)}
    level_index = {level: i for i, level in enumerate(_model.LEVELS)}
    for i, brand in enumerate(known):
        options = _pool_of(brand, regions, index)
        if len(options) == 1:
            pool_start[i] = options[0]
            has_known[options[0]] |= brand.stage is not Stage.EXITED
        else:
            pool_start[i], pool_size[i] = len(pool), len(options)
            pool += options
        # A named brand exists: the data's "discovered" means "stage not recorded".
        stage = _model.ESTABLISHED if brand.stage is Stage.DISCOVERED else brand.stage
        known_stage[i] = stage_index[stage]
        observation = brand.workforce_on(scenario.start)
        if observation is not None:
            known_workers[i] = observation.rural_signed
        if brand.category is not None:
            known_category[i] = _model.CATEGORIES.index(brand.category)
        for recognition in brand.recognitions:
            level = level_index[recognition.level]
            known_levels[i, level] = min(
                known_levels[i, level], _held_from(recognition, days)
            )
        if brand.nationally_known:
            # The model's national level stands for nationally known (全国知名),
            # what the target of clause 2 counts: a brand described so is
            # nationally known from the start.
            known_levels[i, level_index[RecognitionLevel.NATIONAL]] = 0
    pool_start[n:] = np.repeat(np.arange(c, dtype=np.int32), k)

    key = (Designation.NATIONAL_KEY_COUNTY, Designation.PROVINCIAL_KEY_COUNTY)
    factor = np.array(
        [
            a.key_county_discovery_factor
            if any(regions.designation(code, d) is Tristate.YES for d in key)
            else 1.0
            for code in codes
        ]
    )
    provincial = [
        d.month == a.provincial_batch_month and d.year not in a.provincial_batches_known
        for d in days
    ]
    national = [d.month == a.national_batch_month for d in days]
    deadline_entry = policy.parameters.at(scenario.horizon).get("target_deadline")
    deadline = (
        deadline_entry.value
        if deadline_entry is not None and type(deadline_entry.value) is pendulum.Date
        else None
    )
    deadline_month = None
    if deadline is not None and scenario.start <= deadline <= scenario.horizon:
        deadline_month = next(m for m, d in enumerate(days) if d >= deadline)
    targets = _target_specs(policy, deadline, counties)
    plan = Plan(
        assumptions=a,
        months=months,
        counties=c,
        slots=slots,
        known=n,
        pool_start=pool_start,
        pool_size=pool_size,
        pool=np.array(pool, np.int32),
        has_known=has_known,
        discovery_factor=factor,
        known_stage=known_stage,
        known_workers=known_workers,
        known_category=known_category,
        known_levels=known_levels,
        threshold=np.array([_threshold(policy, d) for d in days], np.int64),
        provincial_next=_next_batch(provincial),
        national_next=_next_batch(national),
        county_unit=county_unit,
        units=len(units),
        targets=targets,
        deadline_month=deadline_month,
        counted=np.array([stage in counted_stages(policy) for stage in _model.STAGES]),
    )
    return Setup(
        scenario=scenario,
        policy=policy,
        plan=plan,
        days=days,
        counties=codes,
        county_names=tuple(r.name_zh for r in counties),
        units=tuple(units),
        unit_names=tuple(regions.name_of(u) for u in units),
        county_unit=county_unit,
        known=tuple(known),
        targets=targets,
        deadline=deadline,
        deadline_month=deadline_month,
    )
