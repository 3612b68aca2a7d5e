"""Scenarios and the runners: run, compare, trace (private).

A :class:`Scenario` names what differs from the province as it is: parameter
overrides (a reform of the threshold or the cap), city plugins (their award
rules), the model's :class:`~labourbrand.simulation.Assumptions`, the known
brands it starts from, and its dates. :func:`run` resolves it once into a
policy and a plan, hands chunks of runs to an executor, and prices every
award with :meth:`~labourbrand.policy.Policy.evaluate_batch`.
"""

from __future__ import annotations

import concurrent.futures
import time
import warnings
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from labourbrand import lifecycle
from labourbrand._model import (
    Brand,
    Category,
    CreatingUnit,
    Event,
    ExitGround,
    Maturity,
    Recognition,
    Stage,
    WorkforceObservation,
)
from labourbrand.brands import packaged
from labourbrand.dates import as_date
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandError,
    LabourBrandWarning,
)
from labourbrand.money import Fen
from labourbrand.policy import (
    EMPLOYMENT_FUND,
    OUTCOME_CODES,
    AtLeast,
    Measure,
    Outcome,
    Policy,
)
from labourbrand.policy.parameters import load_parameters
from labourbrand.regions import Designation, Level, RegionRegistry, Tristate
from labourbrand.simulation import _model
from labourbrand.simulation._assumptions import Assumptions, as_assumptions
from labourbrand.simulation._model import Plan
from labourbrand.simulation._results import Comparison, Results, TargetSpec


if TYPE_CHECKING:
    from labourbrand.simulation._model import Chunk


__all__ = ["Scenario", "compare", "run", "trace"]

#: The day the 2022 opinions took effect, the default start.
DEFAULT_START: Final = pendulum.Date(2022, 4, 29)
#: The end of the 14th Five-Year Plan, the targets' deadline, the default horizon.
DEFAULT_HORIZON: Final = pendulum.Date(2025, 12, 31)
#: Runs per chunk when none is given: a chunk's arrays stay within tens of MB.
DEFAULT_CHUNK: Final = 500
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
#: Exit grounds other than a fall in jobs, for a brand that does not decline.
_OTHER_GROUNDS: Final = (
    ExitGround.POOR_TRAINING,
    ExitGround.LESS_COMPETITIVE,
    ExitGround.LOW_RECOGNITION,
)


def _text(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected a non-empty name but got {attribute.name}={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field=attribute.name)


def _mapping(value: Any) -> Mapping[str, object]:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, Mapping):
        msg = f"Expected a mapping of parameter names to values but got parameters={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="parameters")
    return MappingProxyType(dict(value))


def _objects(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(value)


def _optional_day(value: Any) -> pendulum.Date | None:  # noqa: ANN401 - anything a caller passed
    return None if value is None else as_date(value)


def _brands(value: Any) -> tuple[Brand, ...] | None:  # noqa: ANN401 - anything a caller passed
    if value is None:
        return None
    items = tuple(value)
    for item in items:
        if not isinstance(item, Brand):
            msg = f"Expected Brand values but got brands item {item!r} (type={type(item).__name__})"
            raise InvalidArgumentError(msg, field="brands")
    names = [b.name_zh for b in items]
    if len(set(names)) != len(names):
        msg = "Expected each brand once (a brand's name is its identity) but got a name twice"
        raise InvalidArgumentError(msg, field="brands")
    return items


def _registry(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if value is not None and not isinstance(value, RegionRegistry):
        msg = f"Expected a RegionRegistry or None but got {attribute.name}={value!r}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if type(value) is not bool:
        msg = f"Expected a bool but got {attribute.name}={value!r}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _names(value: object) -> tuple[str, ...]:
    """Plugin names: a collection of strings, not one string."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Expected a collection of plugin names but got {value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="block")
    names = tuple(value)
    if not all(isinstance(name, str) for name in names):
        msg = f"Expected plugin names (str) but got {names!r}"
        raise InvalidArgumentError(msg, field="block")
    return names


def _optional_names(value: object) -> tuple[str, ...] | None:
    try:
        return None if value is None else _names(value)
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(
            str(exc).replace("block", "allow"), field="allow"
        ) from None


@final
@attrs.frozen
class Scenario:
    """What a simulation assumes: a name, overrides, plugins, population and dates.

    Args:
        name: what the scenario is called in results and comparisons.
        assumptions: the model's rates and delays, or a mapping of overrides
            of the defaults (see :class:`Assumptions`).
        parameters: overrides of the policy's dated parameters, e.g.
            ``{"employment_award_threshold": 300}`` (see
            :meth:`~labourbrand.policy.parameters.ParameterSet.with_overrides`).
        parameters_from: the day the overrides take effect; by default each
            parameter's first day (as if the text had said so from the start).
        plugins: city plugins whose rules set the award amounts (none: the
            amounts are undetermined, delegated to the cities).
        entry_points: also load the plugins installed under the ``labourbrand``
            entry-point group (off by default, so that a run does not depend
            on what happens to be installed).
        allow: with *entry_points*, the installed plugins that may load
            (``None``: all, or those of ``LABOURBRAND_PLUGINS_ALLOW``).
        block: plugin names that never load.
        strict: raise on the first installed plugin that fails, instead of
            skipping it with a warning.
        brands: the known brands the population starts from; by default the
            packaged real brands (:func:`labourbrand.brands.packaged`).
        regions: a region registry (e.g. with corrected designations).
        start: the first day simulated (month by month from its month).
        horizon: the last day simulated; any day after *start*.

    Example:
        >>> reform = Scenario("threshold 300", parameters={"employment_award_threshold": 300})
        >>> reform.horizon.isoformat(), reform.parameters["employment_award_threshold"]
        ('2025-12-31', 300)

    .. versionadded:: 0.1.0
    """

    name: str = attrs.field(validator=_text)
    assumptions: Assumptions = attrs.field(
        factory=Assumptions, converter=as_assumptions, kw_only=True
    )
    parameters: Mapping[str, object] = attrs.field(
        factory=dict, converter=_mapping, kw_only=True
    )
    parameters_from: pendulum.Date | None = attrs.field(
        default=None, converter=_optional_day, kw_only=True
    )
    plugins: tuple[object, ...] = attrs.field(
        default=(), converter=_objects, kw_only=True
    )
    entry_points: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    allow: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_names, kw_only=True
    )
    block: tuple[str, ...] = attrs.field(default=(), converter=_names, kw_only=True)
    strict: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    brands: tuple[Brand, ...] | None = attrs.field(
        default=None, converter=_brands, kw_only=True
    )
    regions: RegionRegistry | None = attrs.field(
        default=None, validator=_registry, kw_only=True
    )
    start: pendulum.Date = attrs.field(
        default=DEFAULT_START, converter=as_date, kw_only=True
    )
    horizon: pendulum.Date = attrs.field(
        default=DEFAULT_HORIZON, converter=as_date, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if self.horizon < self.start:
            msg = f"Expected horizon >= start={self.start.isoformat()} but got horizon={self.horizon.isoformat()!r}"
            raise InvalidArgumentError(msg, field="horizon")

    @classmethod
    def from_toml(
        cls, text: str | bytes, *, source: str = "<scenario>", entry_points: bool = True
    ) -> Scenario:
        """Read a scenario file: ``name``, dates, ``[parameters]`` and ``[assumptions]``.

        The keys are ``name`` and optionally ``start``, ``horizon`` and
        ``parameters_from`` (days, ``2025-12-31`` or ``"2025-12-31"``), a
        ``[parameters]`` table (parameter name = value; money in fen) and an
        ``[assumptions]`` table (a field of :class:`Assumptions` = value), as
        ``labourbrand simulate --scenario FILE`` reads them. For a file, pass
        its bytes and its name: ``Scenario.from_toml(path.read_bytes(),
        source=str(path))``.

        Args:
            text: the TOML text, or its UTF-8 bytes.
            source: where the text came from (a file name), for messages.
            entry_points: also load the city plugins installed under the
                ``labourbrand`` entry-point group, as the command does.

        Raises:
            DataError: the text is not UTF-8 TOML, or keys are missing, unknown
                or bad; every one is listed with its path, such as
                ``… @ $.parameters.employment_award_threshold``.

        Example:
            >>> reform = Scenario.from_toml('''
            ... name = "threshold 300"
            ... horizon = 2024-12-31
            ... [parameters]
            ... employment_award_threshold = 300
            ... ''')
            >>> reform.name, reform.horizon.isoformat(), dict(reform.parameters)
            ('threshold 300', '2024-12-31', {'employment_award_threshold': 300})
            >>> Scenario.from_toml('''
            ... name = "x"
            ... [parameters]
            ... threshold = 300
            ... ''')
            Traceback (most recent call last):
            ...
            labourbrand.exceptions.DataError: <scenario>: 1 invalid field
              <scenario>: Expected a parameter name among ... @ $.parameters.threshold

        .. versionadded:: 0.2.0
        """
        from labourbrand.simulation._scenario_file import scenario_from_toml

        return scenario_from_toml(cls, text, source=source, entry_points=entry_points)

    def policy(self) -> Policy:
        """Return the scenario's policy: parameters with the overrides, its plugins.

        Raises:
            InvalidArgumentError: an override names no parameter or does not fit it.
            PluginError: a plugin failed to register or to supply its rules.
        """
        parameters = load_parameters()
        if self.parameters:
            parameters = parameters.with_overrides(
                self.parameters,
                from_day=self.parameters_from,
                reference=f"scenario {self.name!r}",
            )
        return Policy.shaanxi(
            plugins=self.plugins,
            entry_points=self.entry_points,
            allow=self.allow,
            block=self.block,
            strict=self.strict,
            parameters=parameters,
            regions=self.regions,
        )


# ----------------------------------------------------------------- setup
@final
@attrs.frozen(kw_only=True, eq=False)
class _Setup:
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
    """The first month whose day the recognition is held on (past the horizon: ``len(days)``)."""
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
    at_least = next(c for c in spec.conditions if isinstance(c, AtLeast))
    threshold = view.number(at_least.parameter)
    return threshold.amount if isinstance(threshold, Fen) else threshold


def _target_specs(
    policy: Policy, deadline: pendulum.Date | None, counties: int
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
        per_county = None
        if parameter == "target_brands_per_county":
            # Its value is the number of counties with enough brands: all are required.
            per_county = 1 if required is None or not quantified else required
            required = None if required is None else counties
        specs.append(
            TargetSpec(
                name=name,
                parameter=parameter,
                clause=clause,
                required=required,
                quantified=quantified,
                in_force=in_force,
                per_county=per_county,
            )
        )
    return tuple(specs)


def _setup(scenario: Scenario) -> _Setup:  # noqa: PLR0915 - one table after the other
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
    real = n + c * k
    slots = -(-real // _model.SLOT_ALIGN) * _model.SLOT_ALIGN

    pool: list[int] = list(range(c))
    pool_start = np.zeros(slots, np.int32)
    pool_size = np.ones(slots, np.int32)
    kind = np.full(slots, _model.PAD, np.int8)
    rank = np.full(slots, -1, np.int32)
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
        kind[i] = _model.KNOWN
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
    kind[n:real] = _model.CANDIDATE
    pool_start[n:real] = np.repeat(np.arange(c, dtype=np.int32), k)
    rank[n:real] = np.tile(np.arange(k, dtype=np.int32), c)

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
    plan = _model.Plan(
        assumptions=a,
        months=months,
        counties=c,
        slots=slots,
        known=n,
        kind=kind,
        pool_start=pool_start,
        pool_size=pool_size,
        pool=np.array(pool, np.int32),
        rank=rank,
        has_known=has_known,
        discovery_factor=factor,
        known_stage=known_stage,
        known_workers=known_workers,
        known_category=known_category,
        known_levels=known_levels,
        threshold=np.array([_threshold(policy, d) for d in days], np.int64),
        provincial_next=_next_batch(provincial),
        national_next=_next_batch(national),
    )
    deadline_entry = policy.parameters.at(scenario.horizon).get("target_deadline")
    deadline = (
        deadline_entry.value
        if deadline_entry is not None and type(deadline_entry.value) is pendulum.Date
        else None
    )
    deadline_month = None
    if deadline is not None and scenario.start <= deadline <= scenario.horizon:
        deadline_month = next(m for m, d in enumerate(days) if d >= deadline)
    return _Setup(
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
        targets=_target_specs(policy, deadline, c),
        deadline=deadline,
        deadline_month=deadline_month,
    )


# ------------------------------------------------------------------- run
def _check_count(name: str, value: object, *, minimum: int) -> int:
    if type(value) is not int or value < minimum:
        msg = f"Expected an int >= {minimum} but got {name}={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field=name)
    return value


def _progress_bar(enabled: bool, total: int, name: str) -> Any:  # noqa: ANN401, FBT001 - tqdm is optional and untyped
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ModuleNotFoundError as exc:  # pragma: no cover - tqdm is installed in tests
        msg = "Expected tqdm for progress=True (pip install 'labourbrand[progress]')"
        raise InvalidArgumentError(msg, field="progress") from exc
    return tqdm(total=total, desc=name, unit="run")


def _chunks(
    setup: _Setup,
    *,
    runs: int,
    seed: int,
    executor: concurrent.futures.Executor | None,
    size: int,
) -> Iterable[Chunk]:
    """The chunks in run order, computed here or by the executor."""
    bounds = [(a, min(a + size, runs)) for a in range(0, runs, size)]
    if executor is None:
        for a, b in bounds:
            yield _model.simulate_chunk(setup.plan, seed, a, b)
        return
    futures = [
        executor.submit(_model.simulate_chunk, setup.plan, seed, a, b)
        for a, b in bounds
    ]
    try:
        for future in futures:
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def _price(
    setup: _Setup, events: dict[str, npt.NDArray[Any]]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], tuple[str, ...]]:
    """Decide every award event with the policy, a batch per month.

    Returns the amounts in fen (-1 where undetermined), whether each was
    capped, and the plugin rules that set amounts.
    """
    month = events["month"]
    amount = np.full(len(month), -1, np.int64)
    capped = np.zeros(len(month), np.bool_)
    suppliers: dict[str, None] = {}
    codes = np.array(setup.counties)
    order = np.argsort(month, kind="stable")
    values, first = np.unique(month[order], return_index=True)
    last = [*first[1:].tolist(), len(order)] if len(order) else []
    for m, lo, hi in zip(values, first, last, strict=True):
        rows = order[lo:hi]
        signed = events["rural_signed"][rows]
        result = setup.policy.evaluate_batch(
            {
                "county": codes[events["county"][rows]],
                "rural_signed": signed,
                # The model follows signed rural workers only; a rule that
                # multiplies the other counts sees the same number.
                "practitioners": signed,
                "rural": signed,
            },
            on=setup.days[int(m)],
            measures=[Measure.EMPLOYMENT_AWARD],
        )
        award = result[Measure.EMPLOYMENT_AWARD]
        eligible = award.outcome == 0
        if not eligible.all():  # pragma: no cover - the model asks only at a crossing
            bad = int(np.flatnonzero(~eligible)[0])
            outcome = OUTCOME_CODES[int(award.outcome[bad])]
            msg = f"the policy finds an award crossing {outcome.value}, not {Outcome.ELIGIBLE.value}, on {setup.days[int(m)]}"
            raise LabourBrandError(msg)
        amount[rows] = award.amount
        capped[rows] = award.capped
        for s in result.suppliers:
            version = f" {s.version}" if s.version else ""
            suppliers[f"{s.plugin}{version} ({s.jurisdiction}: {s.reference})"] = None
    return amount, capped, tuple(suppliers)


#: Counties per run out of candidate slots above which a run warns.
_SLOTS_WARNING: Final = 1.0


def _warn_out_of_slots(scenario: Scenario, out_of_slots: npt.NDArray[np.int32]) -> None:
    """Warn when the bound on candidates per county visibly truncates the counts."""
    mean = float(out_of_slots.mean())
    if mean > _SLOTS_WARNING:
        k = scenario.assumptions.candidate_slots_per_county
        msg = (
            f"Scenario {scenario.name!r}: {mean:.1f} counties per run used all "
            f"{k} candidate slots by {scenario.horizon.isoformat()}, so brand "
            "counts are truncated; raise Assumptions.candidate_slots_per_county"
        )
        warnings.warn(msg, LabourBrandWarning, stacklevel=3)


def run(  # noqa: PLR0913 - keyword-only options of a run
    scenario: Scenario,
    *,
    runs: int = 1000,
    seed: int = 0,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
) -> Results:
    """Simulate *runs* futures of the brand population under *scenario*.

    Args:
        scenario: the scenario.
        runs: how many Monte Carlo runs.
        seed: the seed; run *r* draws from ``SeedSequence(seed).spawn(runs)[r]``,
            so the same seed gives the same numbers, whatever *chunk_size* and
            *executor*.
        executor: any :class:`concurrent.futures.Executor` to hand chunks of
            runs to, e.g. a thread or process pool, or a Dask cluster's
            ``distributed.Client(...).get_executor()``; ``None`` runs them
            here, one after the other. The workers need only numpy and
            ``labourbrand``: the policy and its plugins stay here.
        chunk_size: runs per chunk (default 500).
        progress: show a tqdm progress bar (extra ``progress``).

    Returns:
        The :class:`Results`.

    Raises:
        InvalidArgumentError: a bad argument, or an override that does not fit
            its parameter.
        PluginError: a plugin failed.

    Example:
        >>> results = run(Scenario("baseline"), runs=20, seed=1)
        >>> results.stages.shape
        (20, 45, 7)

    .. versionadded:: 0.1.0
    """
    given: tuple[object, object] = (scenario, executor)  # checked at run time too
    if not isinstance(given[0], Scenario):
        msg = f"Expected a Scenario but got scenario={given[0]!r} (type={type(given[0]).__name__})"
        raise InvalidArgumentError(msg, field="scenario")
    _check_count("runs", runs, minimum=1)
    _check_count("seed", seed, minimum=0)
    size = DEFAULT_CHUNK if chunk_size is None else chunk_size
    _check_count("chunk_size", size, minimum=1)
    if given[1] is not None and not isinstance(given[1], concurrent.futures.Executor):
        msg = f"Expected a concurrent.futures.Executor or None but got executor={given[1]!r}"
        raise InvalidArgumentError(msg, field="executor")
    began = time.perf_counter()
    setup = _setup(scenario)
    plan = setup.plan
    months, counties = plan.months, plan.counties
    stages = np.empty((runs, months, len(_model.STAGES)), np.int32)
    county_brands = np.empty((runs, months, counties), _model.counties_dtype(plan))
    categories = np.empty((runs, months, len(_model.CATEGORIES)), np.int32)
    levels = np.empty((runs, months, len(_model.LEVELS)), np.int32)
    parts: dict[str, list[npt.NDArray[Any]]] = {
        "run": [],
        "slot": [],
        "month": [],
        "county": [],
        "rural_signed": [],
    }
    out_of_slots = np.empty(runs, np.int32)
    bar = _progress_bar(progress, runs, scenario.name)
    try:
        for chunk in _chunks(setup, runs=runs, seed=seed, executor=executor, size=size):
            rows = slice(chunk.start, chunk.stop)
            stages[rows] = chunk.stages
            county_brands[rows] = chunk.counties
            categories[rows] = chunk.categories
            levels[rows] = chunk.levels
            out_of_slots[rows] = chunk.out_of_slots
            parts["run"].append(chunk.award_run)
            parts["slot"].append(chunk.award_slot)
            parts["month"].append(chunk.award_month)
            parts["county"].append(chunk.award_county)
            parts["rural_signed"].append(chunk.award_heads)
            if bar is not None:
                bar.update(chunk.stop - chunk.start)
    finally:
        if bar is not None:
            bar.close()
    _warn_out_of_slots(scenario, out_of_slots)
    events = {name: np.concatenate(items) for name, items in parts.items()}
    events["unit"] = setup.county_unit[events["county"]]
    amount, capped, suppliers = _price(setup, events)
    events["amount"] = amount
    events["capped"] = capped
    return Results.assemble(
        scenario=scenario.name,
        seed=seed,
        days=setup.days,
        counties=setup.counties,
        county_names=setup.county_names,
        units=setup.units,
        unit_names=setup.unit_names,
        county_unit=setup.county_unit,
        stages=stages,
        county_brands=county_brands,
        category_brands=categories,
        recognitions=levels,
        out_of_slots=out_of_slots,
        events=events,
        thresholds=plan.threshold,
        targets=setup.targets,
        deadline=setup.deadline,
        deadline_month=setup.deadline_month,
        suppliers=suppliers,
        fund=EMPLOYMENT_FUND,
        elapsed=time.perf_counter() - began,
    )


def compare(  # noqa: PLR0913 - keyword-only options of the runs
    baseline: Scenario,
    *scenarios: Scenario,
    runs: int = 1000,
    seed: int = 0,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
) -> Comparison:
    """Run *baseline* and each of *scenarios* with the same seed, and compare them.

    With the same seed and slot layout, run *r* of every scenario sees the
    same draws (common random numbers), so the paired differences measure the
    scenario, not the noise.

    Raises:
        InvalidArgumentError: two scenarios have the same name, or a bad argument.

    Example:
        >>> c = compare(Scenario("baseline"),
        ...             Scenario("threshold 300", parameters={"employment_award_threshold": 300}),
        ...             runs=20)
        >>> [r.scenario for r in c]
        ['baseline', 'threshold 300']

    .. versionadded:: 0.1.0
    """
    every = (baseline, *scenarios)
    names = [s.name for s in every]
    if len(set(names)) != len(names):
        msg = f"Expected scenarios with distinct names but got {names!r}"
        raise InvalidArgumentError(msg, field="scenarios")
    results = [
        run(
            s,
            runs=runs,
            seed=seed,
            executor=executor,
            chunk_size=chunk_size,
            progress=progress,
        )
        for s in every
    ]
    return Comparison(baseline=results[0], scenarios=tuple(results[1:]))


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
    and a creating unit, as the model assumes.

    Raises:
        InvalidArgumentError: *run* or *seed* is not a count.

    Example:
        >>> brands = trace(Scenario("baseline"), seed=0, run=0)
        >>> brands[0].name_zh, brands[0].stage.value in {"cultivating", "in_pool", "recommended_by_county", "recommended_by_city", "exit_proposed", "exited"}
        ('紫阳修脚师', True)

    .. versionadded:: 0.1.0
    """
    _check_count("seed", seed, minimum=0)
    _check_count("run", run, minimum=0)
    setup = _setup(scenario)
    plan = setup.plan
    uniforms, normals = _model.draw(plan, seed, run, run + 1)
    t = _model.times(plan, uniforms, normals)
    k = plan.assumptions.candidate_slots_per_county
    source = f"simulation {scenario.name!r}, seed {seed}, run {run}"
    brands = []
    for slot in range(plan.known + plan.counties * k):
        if t.discovered[0, slot] >= plan.months:
            continue
        county = setup.counties[int(t.county[0, slot])]
        category = _model.CATEGORIES[int(t.category[0, slot])]
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
            )
            stage0 = brand.stage
        else:
            c, rank = divmod(slot - plan.known, k)
            maturity = tuple(Maturity)[int(t.maturity[0, slot])]
            brand = Brand(
                name_zh=f"{setup.county_names[c]}候选品牌{rank + 1}",
                county=county,
                category=category,
                maturity=maturity,
                has_charter=True,
                creating_unit=CreatingUnit(),
                source=source,
            )
            stage0 = Stage.DISCOVERED
        brands.append(_replay(setup, t, slot, brand, stage0))
    return tuple(brands)


def _replay(  # noqa: C901, PLR0912 - one branch per event of the model
    setup: _Setup, t: _model.Times, slot: int, brand: Brand, stage0: Stage
) -> Brand:
    """Apply the simulated events of *slot* to *brand*, in month then event order."""
    months = setup.plan.months
    s = _model.STAGES.index
    after = s(stage0)

    def at(name: str) -> int:
        return int(getattr(t, name)[0, slot])

    e, pooled, crossing = at("established"), at("pooled"), at("crossing")
    rc, ry, ra = at("recommended_by_county"), at("city_decides"), at("province_decides")
    xp, xd = at("exit_proposed"), at("exit_decided")
    city_yes, admits = (
        bool(t.city_recommends[0, slot]),
        bool(t.province_admits[0, slot]),
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
    if slot < setup.plan.known:
        held = np.flatnonzero(setup.plan.known_levels[slot] < _model.NEVER)
        known_top = int(held.max()) if held.size else -1
    for level in range(known_top + 1, len(_model.LEVELS)):
        month = int(t.levels[0, slot, level])
        if month < months:
            recognition = Recognition(
                level=_model.LEVELS[level], on=setup.days[month], source="simulated"
            )
            plan_event(month, Event.RECOGNISE, recognition=recognition)
    if after < s(_model.EXIT_PROPOSED):
        ground = (
            ExitGround.FEWER_JOBS
            if t.declining[0, slot]
            else _OTHER_GROUNDS[int(t.exit_ground[0, slot])]
        )
        plan_event(xp, Event.PROPOSE_EXIT, grounds=(ground,))
    if after < s(_model.EXITED):
        plan_event(xd, Event.DECIDE_EXIT if t.exit_accepted[0, slot] else Event.RETAIN)
    observed = {}
    if e < months:
        observed[e] = int(t.initial_heads[0, slot])
    if crossing < months:
        observed[crossing] = int(t.crossing_heads[0, slot])
    brand = attrs.evolve(
        brand,
        workforce=_observations(
            brand, [(setup.days[m], n) for m, n in sorted(observed.items())]
        ),
    )
    for month, _, event, payload in sorted(planned, key=lambda p: (p[0], p[1])):
        brand = lifecycle.transition(brand, event, on=setup.days[month], **payload)
    return brand
