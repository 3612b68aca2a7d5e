"""The runners: run and compare (private).

:func:`run` resolves a :class:`~labourbrand.simulation.Scenario` once into a
policy and a plan, hands chunks of runs to an executor (by default a process
on every core), and fills the results chunk by chunk, pricing every award
with :meth:`~labourbrand.policy.Policy.evaluate_batch` here, where the policy
and its plugins are.
"""

from __future__ import annotations

import concurrent.futures
import os
import pathlib
import shutil
import tempfile
import time
import warnings
from typing import Any, Final

from labourbrand._validators import int_at_least
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandWarning,
    ResourceLimitError,
)
from labourbrand.simulation import _executor
from labourbrand.simulation._collect import Collector, bytes_per_run
from labourbrand.simulation._executor import SERIAL, ExecutorChoice
from labourbrand.simulation._results import Comparison, Results
from labourbrand.simulation._scenario import Scenario
from labourbrand.simulation._setup import setup as _setup
from labourbrand.simulation._store import SHARED, SPILL_BYTES, Store, shared_folder


__all__ = ["DEFAULT_MAX_MEMORY", "compare", "run"]

#: Runs per chunk when none is given: 8 blocks of draws, a few MB of arrays.
DEFAULT_CHUNK: Final = 512
#: Runs per block of draws: chunks of a multiple of it draw nothing twice.
_BLOCK: Final = 64
#: The memory a run may need by default, in bytes (4 GiB).
DEFAULT_MAX_MEMORY: Final = 4 << 30
_GIB: Final = 1 << 30


def _check_room(need: int, folder: pathlib.Path | None, max_memory: int) -> None:
    """Refuse, before any work, results that fit neither in *max_memory* nor on disk.

    Results kept in memory (*folder* ``None``, or the shared folder in memory
    the default pool's workers write to) need about *need* bytes, twice while
    they are assembled; results kept in a folder on disk need *need* bytes of
    its free space and little memory.
    """
    if folder is None or folder == SHARED:  # arrays, or files in memory
        if 2 * need <= max_memory:
            return
        msg = (
            f"Expected the results to need at most max_memory={max_memory / _GIB:.1f} GiB "
            f"but got about {2 * need / _GIB:.1f} GiB: keep them on disk (directory=) "
            "or raise max_memory"
        )
        raise ResourceLimitError(msg, field="runs", needed=2 * need, limit=max_memory)
    free = shutil.disk_usage(folder).free
    if need <= free:
        return
    msg = (
        f"Expected the results to fit in the free space of {folder} "
        f"({free / _GIB:.1f} GiB) but they need about {need / _GIB:.1f} GiB: "
        "give a directory with more room, or fewer runs"
    )
    raise ResourceLimitError(msg, field="runs", needed=need, limit=free)


def _check_executor(value: object) -> ExecutorChoice:
    if value is None or value == SERIAL:
        return None if value is None else SERIAL
    if isinstance(value, concurrent.futures.Executor):
        return value
    msg = f"Expected a concurrent.futures.Executor, {SERIAL!r} or None but got executor={value!r} (type={type(value).__name__})"
    raise InvalidArgumentError(msg, field="executor")


def _check_directory(value: object) -> pathlib.Path | None:
    if value is None:
        return None
    if not isinstance(value, str | os.PathLike) or not pathlib.Path(value).is_dir():
        msg = f"Expected an existing folder but got directory={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="directory")
    return pathlib.Path(value)


def _default_chunk(runs: int) -> int:
    """Runs per chunk: :data:`DEFAULT_CHUNK`, less when that leaves a core idle.

    A run of fewer than ``DEFAULT_CHUNK`` runs per core is split into one
    chunk per core, a whole number of blocks of draws each.
    """
    per_core = -(-runs // _executor.usable_cores())
    blocks = -(-per_core // _BLOCK)
    return min(DEFAULT_CHUNK, blocks * _BLOCK)


def _bounds(runs: int, size: int | None) -> list[tuple[int, int]]:
    """The chunks of *runs*, as ``(start, stop)``: of *size* runs, or by default.

    By default (*size* ``None``) the chunks are of :func:`_default_chunk` runs,
    one per core for a short run; in a longer run the last ones shrink to a
    quarter of the runs left per core (a whole number of blocks of draws,
    one at least), so that the cores finish together rather than one
    waiting for another's last full chunk.
    """
    cores = _executor.usable_cores()
    if size is None and runs <= DEFAULT_CHUNK * cores:
        size = _default_chunk(runs)
    if size is not None:
        return [(a, min(a + size, runs)) for a in range(0, runs, size)]
    out: list[tuple[int, int]] = []
    start = 0
    while start < runs:
        shrunk = -(-(runs - start) // (2 * cores * _BLOCK)) * _BLOCK
        step = min(DEFAULT_CHUNK, shrunk)
        out.append((start, min(start + step, runs)))
        start += step
    return out


def _progress_bar(enabled: bool, total: int, name: str) -> Any:  # noqa: ANN401, FBT001 - tqdm is optional and untyped
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ModuleNotFoundError as exc:  # pragma: no cover - tqdm is installed in tests
        msg = "Expected tqdm for progress=True (pip install 'labourbrand[progress]')"
        raise InvalidArgumentError(msg, field="progress") from exc
    return tqdm(total=total, desc=name, unit="run")


#: Counties per run out of candidate slots above which a run warns.
_SLOTS_WARNING: Final = 1.0


def _warn_out_of_slots(scenario: Scenario, mean: float) -> None:
    """Warn when the bound on candidates per county visibly truncates the counts."""
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
    executor: concurrent.futures.Executor | str | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
    max_memory: int = DEFAULT_MAX_MEMORY,
    directory: str | os.PathLike[str] | None = None,
) -> Results:
    """Simulate *runs* futures of the brand population under *scenario*.

    The runs are computed in chunks, by default in a process on every core;
    the results are the same, to the last bit, whatever computes them.

    Args:
        scenario: the scenario.
        runs: how many Monte Carlo runs.
        seed: the seed. Runs draw from ``numpy.random.SeedSequence(seed)``
            streams of fixed blocks of 64 runs, so the same seed gives the
            same numbers whatever *executor* and *chunk_size*, and the first
            runs of a longer simulation are those of a shorter one.
        executor: where the chunks are computed. ``None`` (the default): a
            pool of worker processes, one per core this process may use
            (``os.process_cpu_count()``), started on the first run that has
            more than one chunk and kept for the next ones; a run of one
            chunk, or on one core, is computed here. The pool has a worker
            per core but one, and this process computes chunks too, on that
            core, between pricing the chunks that are back. ``"serial"``: here, one
            chunk after the other. Or any :class:`concurrent.futures.Executor`:
            a :class:`~concurrent.futures.ProcessPoolExecutor` of your own, or
            a Dask cluster's ``distributed.Client(...).get_executor()``. The
            workers need only numpy and the same version of ``labourbrand``;
            the policy and its plugins stay here, where the awards are priced.
        chunk_size: runs per chunk (default 512, or fewer when that
            leaves a core idle: 500 runs on 2 cores are 2 chunks of 256; in
            a longer run the last chunks shrink, down to 64 runs, so that
            the cores finish together). Multiples of 64 draw nothing twice.
        progress: show a tqdm progress bar (extra ``progress``).
        max_memory: the most memory, in bytes, results kept in memory may
            need (by their own estimate, twice their size while assembled):
            more is refused before the run starts (default 4 GiB). Results
            kept on disk (*directory*, or past 512 MiB) need little memory;
            they are refused before the run starts when the folder's free
            space is too small.
        directory: an existing folder to keep the results' arrays in, as
            files read back as memory maps, for runs too many for memory.
            By default the arrays stay in memory unless they would take more
            than 512 MiB (about 50,000 runs of the baseline); then they go
            to a temporary folder. The files are removed as soon as they are
            mapped (where the system allows it), so they take disk space only
            while the results are in use.

    Returns:
        The :class:`Results`.

    Raises:
        ResourceLimitError: *runs* over the scenario's months would need more
            than *max_memory*; the message says how many runs fit.
        InvalidArgumentError: a bad argument, or an override that does not fit
            its parameter.
        PluginError: a plugin failed.
        SimulationError: a worker runs another version of labourbrand.

    Example:
        >>> from labourbrand.simulation import Scenario
        >>> results = run(Scenario("baseline"), runs=20, seed=1)
        >>> results.stages.shape
        (20, 45, 7)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *max_memory*.
       Processes on every core by default (a worker per core but one, and
       the calling process); ``executor="serial"``;
       ``directory``; draws by blocks of 64 runs, so the numbers of a seed
       differ from those of 0.1.
    """
    given: object = scenario  # checked at run time too
    if not isinstance(given, Scenario):
        msg = f"Expected a Scenario but got scenario={given!r} (type={type(given).__name__})"
        raise InvalidArgumentError(msg, field="scenario")
    int_at_least("runs", runs, minimum=1)
    int_at_least("seed", seed, minimum=0)
    if chunk_size is not None:
        int_at_least("chunk_size", chunk_size, minimum=1)
    chosen = _check_executor(executor)
    folder = _check_directory(directory)
    int_at_least("max_memory", max_memory, minimum=1)
    began = time.perf_counter()
    setup = _setup(scenario)
    bounds = _bounds(runs, chunk_size)
    where = _executor.resolve(chosen, chunks=len(bounds))
    local = _executor.is_default_pool(where)
    need = runs * bytes_per_run(setup)
    if folder is None and need > SPILL_BYTES:
        folder = pathlib.Path(tempfile.gettempdir())
    elif folder is None and local:
        # The default pool's workers write their rows to files we both see.
        folder = shared_folder(need)
    _check_room(need, folder, max_memory)
    store = Store(folder)
    bar = _progress_bar(progress, runs, scenario.name)
    try:
        collector = Collector(setup, runs=runs, seed=seed, store=store, began=began)
        sink = store.sink() if local and store.on_disk else None
        for chunk in _executor.chunks(
            setup.plan,
            seed=seed,
            bounds=bounds,
            executor=where,
            sink=sink,
            meanwhile=collector.prepare,
            waiting=collector.price_while_waiting,
        ):
            collector.add(chunk)
            if bar is not None:
                bar.update(chunk.stop - chunk.start)
        results = collector.finish()
    except BaseException:
        store.close()
        raise
    finally:
        if bar is not None:
            bar.close()
    _warn_out_of_slots(scenario, collector.out_of_slots / runs)
    return results


def compare(  # noqa: PLR0913 - keyword-only options of the runs
    baseline: Scenario,
    *scenarios: Scenario,
    runs: int = 1000,
    seed: int = 0,
    executor: concurrent.futures.Executor | str | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
    max_memory: int = DEFAULT_MAX_MEMORY,
) -> Comparison:
    """Run *baseline* and each of *scenarios* with the same seed, and compare them.

    With the same seed and slot layout, run *r* of every scenario sees the
    same draws (common random numbers), so the paired differences measure the
    scenario, not the noise; after discovery, as long as the same candidates
    are discovered (the same known brands and assumptions of discovery).

    Raises:
        InvalidArgumentError: two scenarios have the same name, or a bad argument.
        ResourceLimitError: a scenario's run would need more than *max_memory*
            (see :func:`run`).

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
            max_memory=max_memory,
        )
        for s in every
    ]
    return Comparison(baseline=results[0], scenarios=tuple(results[1:]))
