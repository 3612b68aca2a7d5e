"""Runs are reproducible: the same seed gives the same numbers, however they are computed."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import pathlib
import pickle
import warnings
from typing import TYPE_CHECKING, Any

import distributed
import numpy as np
import pytest

from labourbrand.exceptions import InvalidArgumentError, SimulationError
from labourbrand.simulation import (
    Results,
    Scenario,
    _chunk,
    _executor,
    _model,
    _run,
    _setup,
    run,
)


if TYPE_CHECKING:
    import pathlib
    from collections.abc import Iterator


def assert_same(a: Results, b: Results) -> None:
    left, right = a.to_dict(), b.to_dict()
    assert left.keys() == right.keys()
    for name in left:
        assert left[name].dtype == right[name].dtype, name
        np.testing.assert_array_equal(left[name], right[name], err_msg=name)


def differs(a: Results, b: Results) -> bool:
    return not np.array_equal(a.stages, b.stages)


#: Runs of the determinism tests: four blocks of draws, the last one partial.
RUNS = 200
#: Chunk sizes that split them into 1, 3 and 7 chunks, most starting inside a block.
SPLITS = {1: 200, 3: 67, 7: 29}


@pytest.fixture(scope="module")
def reference(with_cities: Scenario) -> Results:
    """The runs computed here, in one chunk."""
    return run(with_cities, runs=RUNS, seed=11, executor="serial", chunk_size=SPLITS[1])


@pytest.fixture(scope="module")
def process_pool() -> Iterator[concurrent.futures.Executor]:
    context = multiprocessing.get_context("forkserver")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        yield pool


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[concurrent.futures.Executor]:
    with warnings.catch_warnings():
        # Dask's own start-up notices (ports, dashboards) are not ours to fail on.
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        )
        client = distributed.Client(cluster)  # type: ignore[no-untyped-call]
    try:
        yield client.get_executor()  # type: ignore[no-untyped-call]
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.close()  # type: ignore[no-untyped-call]
            cluster.close()


def test_same_seed_gives_identical_results(
    baseline: Scenario, baseline_results: Results
) -> None:
    """Running the same scenario with the same seed again gives identical arrays."""
    assert_same(baseline_results, run(baseline, runs=baseline_results.runs, seed=11))


def test_different_seed_gives_different_results(
    baseline: Scenario, baseline_results: Results
) -> None:
    """Another seed gives other numbers."""
    assert differs(baseline_results, run(baseline, runs=baseline_results.runs, seed=12))


@pytest.mark.parametrize("chunks", [3, 7])
def test_results_do_not_depend_on_the_split(
    with_cities: Scenario, reference: Results, chunks: int
) -> None:
    """Runs split into 3 or 7 chunks give the arrays of one chunk, money included."""
    size = SPLITS[chunks]
    assert len(range(0, RUNS, size)) == chunks
    assert_same(
        reference,
        run(with_cities, runs=RUNS, seed=11, executor="serial", chunk_size=size),
    )


def test_a_run_does_not_depend_on_the_number_of_runs(
    with_cities: Scenario, reference: Results
) -> None:
    """The first runs of a longer simulation are the runs of a shorter one, across blocks."""
    for runs, size in ((5, 512), (70, 29)):
        short = run(with_cities, runs=runs, seed=11, executor="serial", chunk_size=size)
        np.testing.assert_array_equal(short.stages, reference.stages[:runs])
        np.testing.assert_array_equal(
            short.county_brands, reference.county_brands[:runs]
        )
        np.testing.assert_array_equal(short.money, reference.money[:runs])


def test_default_executor_uses_worker_processes_with_identical_results(
    with_cities: Scenario, reference: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default executor hands the chunks to other processes, one per core, and gives the same numbers."""
    monkeypatch.setattr(_executor, "usable_cores", lambda: 2)
    results = run(with_cities, runs=RUNS, seed=11, chunk_size=SPLITS[7])
    assert_same(reference, results)
    pool = _executor._default_pool()
    assert isinstance(pool, concurrent.futures.ProcessPoolExecutor)
    assert {pool.submit(os.getpid).result() for _ in range(4)} - {os.getpid()}


def test_default_executor_computes_one_chunk_here(
    with_cities: Scenario, reference: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of one chunk starts no process: it is computed in the calling process."""

    def no_pool() -> concurrent.futures.ProcessPoolExecutor:
        raise AssertionError

    monkeypatch.setattr(_executor, "_default_pool", no_pool)
    assert_same(reference, run(with_cities, runs=RUNS, seed=11, chunk_size=RUNS))


@pytest.mark.parametrize(
    ("cores", "runs", "chunks"),
    [(2, 200, 2), (2, 1_000, 2), (2, 1_025, 3), (4, 200, 4), (1, 200, 1), (2, 1, 1)],
)
def test_a_short_run_is_split_over_every_core(
    monkeypatch: pytest.MonkeyPatch, cores: int, runs: int, chunks: int
) -> None:
    """By default a run too short for a chunk of 512 runs per core gets a chunk per core."""
    monkeypatch.setattr(_executor, "usable_cores", lambda: cores)
    seen: list[int] = []

    def resolve(_executor: object, *, chunks: int) -> None:
        seen.append(chunks)  # and compute here

    monkeypatch.setattr(_executor, "resolve", resolve)
    run(Scenario("baseline", horizon="2022-12-31"), runs=runs, seed=1)
    assert seen == [chunks]


def test_usable_cores_is_the_affinity_of_the_process() -> None:
    """The default pool has a worker per core this process may run on."""
    expected = (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count()
    )
    assert _executor.usable_cores() == expected


def test_process_pool_gives_identical_results(
    with_cities: Scenario,
    reference: Results,
    process_pool: concurrent.futures.Executor,
) -> None:
    """A ProcessPoolExecutor of two processes gives the numbers of one process."""
    assert_same(
        reference,
        run(
            with_cities,
            runs=RUNS,
            seed=11,
            executor=process_pool,
            chunk_size=SPLITS[3],
        ),
    )


def test_dask_cluster_of_processes_gives_identical_results(
    with_cities: Scenario,
    reference: Results,
    process_pool: concurrent.futures.Executor,
    dask_executor: concurrent.futures.Executor,
) -> None:
    """A Dask LocalCluster of two worker processes gives the numbers of one process and of a process pool."""
    on_dask = run(
        with_cities, runs=RUNS, seed=11, executor=dask_executor, chunk_size=SPLITS[7]
    )
    assert_same(reference, on_dask)
    assert_same(
        run(with_cities, runs=RUNS, seed=11, executor=process_pool, chunk_size=40),
        on_dask,
    )


def test_thread_pool_gives_identical_results(
    with_cities: Scenario, reference: Results
) -> None:
    """A ThreadPoolExecutor gives the numbers of the local run."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        assert_same(
            reference,
            run(with_cities, runs=RUNS, seed=11, executor=pool, chunk_size=64),
        )


@pytest.fixture
def workers_model(monkeypatch: pytest.MonkeyPatch) -> str:
    """Plans made here claim another model than the one the workers (fresh processes) run."""
    model = _model.MODEL
    monkeypatch.setattr(_model, "MODEL", "0-other")
    return model


@pytest.mark.parametrize("where", ["process pool", "dask"])
def test_a_worker_of_another_model_refuses_and_the_error_arrives_whole(
    with_cities: Scenario,
    process_pool: concurrent.futures.Executor,
    dask_executor: concurrent.futures.Executor,
    workers_model: str,
    where: str,
) -> None:
    """A worker that runs another model raises SimulationError, which reaches the caller with its attributes."""
    executor = process_pool if where == "process pool" else dask_executor
    with pytest.raises(SimulationError) as info:
        run(with_cities, runs=100, seed=1, executor=executor, chunk_size=50)
    assert type(info.value) is SimulationError
    assert (info.value.model, info.value.received) == (workers_model, "0-other")
    assert "another version of labourbrand" in str(info.value)


def test_dead_workers_give_a_simulation_error(with_cities: Scenario) -> None:
    """Worker processes that die are reported as a SimulationError with the likely causes."""
    context = multiprocessing.get_context("forkserver")
    with (
        concurrent.futures.ProcessPoolExecutor(
            1, mp_context=context, initializer=os._exit, initargs=(3,)
        ) as pool,
        pytest.raises(SimulationError, match="__main__") as info,
    ):
        run(with_cities, runs=100, executor=pool, chunk_size=50)
    assert isinstance(
        info.value.__cause__, concurrent.futures.process.BrokenProcessPool
    )


def test_results_on_disk_are_those_in_memory(
    with_cities: Scenario, reference: Results, tmp_path: pathlib.Path
) -> None:
    """Results kept in files of a folder are the same arrays, memory-mapped; the files are gone once mapped."""
    on_disk = run(
        with_cities, runs=RUNS, seed=11, chunk_size=SPLITS[7], directory=tmp_path
    )
    assert_same(reference, on_disk)
    assert isinstance(on_disk.county_brands, np.memmap)
    assert isinstance(on_disk.award_events["amount"], np.memmap)
    assert not on_disk.stages.flags.writeable
    assert list(tmp_path.iterdir()) == []
    assert on_disk.summary() == reference.summary()


def test_large_runs_go_to_disk(
    with_cities: Scenario, reference: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results whose arrays would take more memory than the limit are kept on disk."""
    monkeypatch.setattr(_run, "SPILL_BYTES", 1 << 20)
    large = run(with_cities, runs=RUNS, seed=11, executor="serial")
    assert isinstance(large.stages, np.memmap)
    assert_same(reference, large)


def test_the_plan_pickles_for_process_executors(with_cities: Scenario) -> None:
    """The plan a worker receives survives pickling and gives the same chunk."""
    plan = _setup.setup(with_cities).plan
    copy = pickle.loads(pickle.dumps(plan))  # noqa: S301 - our own bytes
    a, b = _chunk.simulate_chunk(plan, 3, 2, 5), _chunk.simulate_chunk(copy, 3, 2, 5)
    for name, rows in a.rows.items():
        np.testing.assert_array_equal(rows, b.rows[name], err_msg=name)
    np.testing.assert_array_equal(a.award_heads, b.award_heads)


def test_progress_bar_does_not_change_results(
    baseline: Scenario, baseline_results: Results
) -> None:
    """progress=True shows a bar and changes nothing."""
    pytest.importorskip("tqdm")
    assert_same(baseline_results, run(baseline, runs=40, seed=11, progress=True))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"runs": 0}, "runs"),
        ({"runs": 2.0}, "runs"),
        ({"seed": -1}, "seed"),
        ({"chunk_size": 0}, "chunk_size"),
        ({"executor": "threads"}, "executor"),
        ({"executor": 2}, "executor"),
        ({"directory": "/no/such/folder"}, "directory"),
        ({"directory": 3}, "directory"),
    ],
)
def test_bad_arguments_are_refused(
    baseline: Scenario, kwargs: dict[str, Any], field: str
) -> None:
    """A bad argument raises InvalidArgumentError naming it."""
    with pytest.raises(InvalidArgumentError) as info:
        run(baseline, **kwargs)
    assert info.value.field == field


def test_only_a_scenario_runs() -> None:
    """Passing something else than a Scenario is refused."""
    with pytest.raises(InvalidArgumentError, match="Scenario"):
        run("baseline", runs=1)  # type: ignore[arg-type]


# ------------------------------------------------------------------ memory
def test_results_beyond_max_memory_are_refused_before_any_work(
    tmp_path: pathlib.Path,
) -> None:
    """Results kept in memory past max_memory are refused at once; kept on disk, they go ahead."""
    from labourbrand.exceptions import ResourceLimitError

    with pytest.raises(ResourceLimitError) as info:
        run(Scenario("baseline"), runs=2_000, max_memory=1 << 20, executor="serial")
    error = info.value
    assert error.field == "runs"
    assert error.limit == 1 << 20
    assert error.needed > error.limit
    assert "keep them on disk (directory=) or raise max_memory" in str(error)
    on_disk = run(
        Scenario("baseline"),
        runs=200,
        max_memory=1 << 20,
        directory=tmp_path,
        executor="serial",
    )
    assert on_disk.runs == 200
    with pytest.raises(InvalidArgumentError, match="max_memory"):
        run(Scenario("baseline"), runs=1, max_memory=0)
