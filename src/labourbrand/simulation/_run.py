"""The runners: run and compare (private).

:func:`run` resolves a :class:`~labourbrand.simulation.Scenario` once into a
policy and a plan, hands chunks of runs to an executor, and prices every award
with :meth:`~labourbrand.policy.Policy.evaluate_batch`.
"""

from __future__ import annotations

import concurrent.futures
import time
import warnings
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandError,
    LabourBrandWarning,
)
from labourbrand.policy import (
    EMPLOYMENT_FUND,
    OUTCOME_CODES,
    Measure,
    Outcome,
)
from labourbrand.simulation import _chunk, _model
from labourbrand.simulation._results import Comparison, Results
from labourbrand.simulation._scenario import Scenario
from labourbrand.simulation._setup import Setup
from labourbrand.simulation._setup import setup as _setup


if TYPE_CHECKING:
    from collections.abc import Iterable

    from labourbrand.simulation._chunk import Chunk


__all__ = ["compare", "run"]

#: Runs per chunk when none is given: a chunk's arrays stay within tens of MB.
DEFAULT_CHUNK: Final = 500


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
    setup: Setup,
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
            yield _chunk.simulate_chunk(setup.plan, seed, a, b)
        return
    futures = [
        executor.submit(_chunk.simulate_chunk, setup.plan, seed, a, b)
        for a, b in bounds
    ]
    try:
        for future in futures:
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def _price(
    setup: Setup, events: dict[str, npt.NDArray[Any]]
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
        >>> from labourbrand.simulation import Scenario
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
    county_brands = np.empty((runs, months, counties), _chunk.counties_dtype(plan))
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
        >>> from labourbrand.simulation import Scenario
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
