"""Runs are reproducible: the same seed gives the same numbers, however they are computed."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import pathlib
import pickle
import threading
import warnings
from typing import TYPE_CHECKING, Any
from unittest import mock

import distributed
import hypothesis
import numpy as np
import pytest
from hypothesis import strategies as st

from labourbrand.exceptions import InvalidArgumentError, SimulationError
from labourbrand.simulation import (
    Results,
    Scenario,
    _chunk,
    _collect,
    _executor,
    _model,
    _run,
    _setup,
    _store,
    run,
)


if TYPE_CHECKING:
    import pathlib
    from collections.abc import Callable, Iterator


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
    """The default executor shares the chunks with other processes and gives the same numbers."""
    monkeypatch.setattr(_executor, "usable_cores", lambda: 2)
    shared = _executor._shared
    calls: list[tuple[object, bool]] = []

    def counted(*args: Any, **kwargs: Any) -> Iterator[_chunk.Chunk]:  # noqa: ANN401
        calls.append((args[0], kwargs["here"]))
        return shared(*args, **kwargs)

    monkeypatch.setattr(_executor, "_shared", counted)
    results = run(with_cities, runs=RUNS, seed=11, chunk_size=SPLITS[7])
    assert_same(reference, results)
    assert calls == [(_executor._default_pool(), True)]
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
    [(2, 200, 2), (2, 1_000, 2), (2, 1_024, 2), (4, 200, 4), (1, 200, 1), (2, 1, 1)],
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


@hypothesis.given(
    runs=st.integers(1, 3_000_000),
    cores=st.integers(1, 64),
    size=st.none() | st.integers(50, 2_000),
)
def test_chunks_cover_the_runs_and_by_default_shrink_at_the_end(
    runs: int, cores: int, size: int | None
) -> None:
    """Chunks cover the runs in order; by default a long run's last chunks shrink to one block."""
    with mock.patch.object(_executor, "usable_cores", return_value=cores):
        bounds = _run._bounds(runs, size)
    starts, stops = zip(*bounds, strict=True)
    assert (starts[0], stops[-1]) == (0, runs)
    assert starts[1:] == stops[:-1]
    sizes = [b - a for a, b in bounds]
    if size is not None:
        assert set(sizes[:-1]) <= {size}
        assert 1 <= sizes[-1] <= size
        return
    assert all(s % _run._BLOCK == 0 for s in sizes[:-1])
    assert max(sizes) <= _run.DEFAULT_CHUNK
    if runs <= _run.DEFAULT_CHUNK * cores:  # a chunk per core
        assert len(bounds) <= cores
        assert len(set(sizes[:-1])) <= 1
        return
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] <= _run._BLOCK
    # The smaller chunks at the end add a few per core.
    assert len(bounds) <= -(-runs // _run.DEFAULT_CHUNK) + 4 * cores


class _Idle(concurrent.futures.Executor):
    """An executor whose workers never start what they are handed."""

    def __init__(self) -> None:
        self.handed: list[concurrent.futures.Future[Any]] = []

    def submit(
        self,
        fn: Callable[..., Any],  # noqa: ARG002 - never started
        /,
        *args: object,  # noqa: ARG002
        **kwargs: object,  # noqa: ARG002
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self.handed.append(future)
        return future


def _same_chunks(a: _chunk.Chunk, b: _chunk.Chunk) -> None:
    assert (a.start, a.stop) == (b.start, b.stop)
    for name, rows in a.rows.items():
        np.testing.assert_array_equal(rows, b.rows[name], err_msg=name)
    np.testing.assert_array_equal(a.award_heads, b.award_heads)


def test_the_calling_process_takes_back_chunks_its_workers_have_not_started(
    with_cities: Scenario,
) -> None:
    """Chunks handed to workers that never start them are computed here, in order, and the run ends."""
    plan = _setup.setup(with_cities).plan
    bounds = [(a, min(a + 23, RUNS)) for a in range(0, RUNS, 23)]
    idle = _Idle()
    chunks: list[_chunk.Chunk] = []
    shared = _executor._shared(
        idle, plan, seed=11, bounds=bounds, sink=None, meanwhile=None, workers=3
    )
    # In a thread of its own, so that a run waiting for the idle workers fails the test.
    thread = threading.Thread(target=lambda: chunks.extend(shared), daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the run waits for workers that never start"
    assert idle.handed  # the workers had their share
    assert all(f.cancelled() for f in idle.handed)
    for got, (a, b) in zip(chunks, bounds, strict=True):
        _same_chunks(got, _chunk.simulate_chunk(plan, 11, a, b))


def test_the_calling_process_computes_chunks_beside_its_workers(
    with_cities: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the default pool's way of sharing, both this thread and the workers compute chunks."""
    plan = _setup.setup(with_cities).plan
    where: dict[int, int] = {}
    compute = _chunk.simulate_chunk

    def recorded(*args: Any, **kwargs: Any) -> _chunk.Chunk:  # noqa: ANN401
        chunk = compute(*args, **kwargs)
        where[chunk.start] = threading.get_ident()
        return chunk

    monkeypatch.setattr(_executor, "simulate_chunk", recorded)
    bounds = [(a, min(a + 7, RUNS)) for a in range(0, RUNS, 7)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        chunks = list(
            _executor._shared(
                pool, plan, seed=11, bounds=bounds, sink=None, meanwhile=None, workers=1
            )
        )
    assert [c.start for c in chunks] == [a for a, _ in bounds]
    assert threading.get_ident() in where.values()
    assert len(set(where.values())) == 2
    for got, (a, b) in zip(chunks, bounds, strict=True):
        _same_chunks(got, compute(plan, 11, a, b))


def test_the_calling_process_does_its_own_work_before_it_waits(
    with_cities: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no chunk left to compute or take back, the calling process calls waiting() before it waits."""
    plan = _setup.setup(with_cities).plan
    started = threading.Event()
    release = threading.Event()
    compute = _chunk.simulate_chunk

    def slow_in_workers(*args: Any, **kwargs: Any) -> _chunk.Chunk:  # noqa: ANN401
        if threading.current_thread() is not threading.main_thread():
            started.set()
            assert release.wait(timeout=60)
        return compute(*args, **kwargs)

    monkeypatch.setattr(_executor, "simulate_chunk", slow_in_workers)
    calls: list[bool] = []

    def waiting() -> bool:
        calls.append(release.is_set())
        release.set()  # the work done: let the worker finish
        return False

    bounds = [(a, min(a + 50, RUNS)) for a in range(0, RUNS, 50)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        shared = _executor._shared(
            pool,
            plan,
            seed=11,
            bounds=bounds,
            sink=None,
            meanwhile=started.wait,  # the worker holds its first chunk
            waiting=waiting,
            workers=1,
        )
        chunks = list(shared)
    assert calls[:1] == [False]
    assert [c.start for c in chunks] == [a for a, _ in bounds]


def test_awards_priced_in_any_batches_give_the_same_results(
    with_cities: Scenario, reference: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pricing while waiting, a chunk at a time, gives the results of pricing at the end."""
    monkeypatch.setattr(_collect, "IDLE_PRICE_RUNS", 1)
    setup = _setup.setup(with_cities)
    collector = _collect.Collector(
        setup, runs=RUNS, seed=11, store=_store.Store(None), began=0.0
    )
    assert not collector.price_while_waiting()  # nothing taken yet
    for a in range(0, RUNS, SPLITS[7]):
        collector.add(
            _chunk.simulate_chunk(setup.plan, 11, a, min(a + SPLITS[7], RUNS))
        )
        assert collector.price_while_waiting()
    assert collector.priced_to == RUNS
    assert_same(reference, collector.finish())


def test_the_default_pool_has_a_worker_per_core_but_this_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The calling process computes too, so the default pool leaves it a core."""
    for cores, workers in ((1, 1), (2, 1), (8, 7)):
        monkeypatch.setattr(_executor, "usable_cores", lambda c=cores: c)
        assert _executor._workers() == workers


def test_usable_cores_is_the_affinity_of_the_process() -> None:
    """The cores this process may run on, which the default executor uses."""
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
    with_cities: Scenario, reference: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ThreadPoolExecutor gives the numbers of the local run, every chunk computed by its threads."""
    where: list[int] = []
    compute = _chunk.simulate_chunk

    def recorded(*args: Any, **kwargs: Any) -> _chunk.Chunk:  # noqa: ANN401
        where.append(threading.get_ident())
        return compute(*args, **kwargs)

    monkeypatch.setattr(_executor, "simulate_chunk", recorded)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        assert_same(
            reference,
            run(with_cities, runs=RUNS, seed=11, executor=pool, chunk_size=64),
        )
    assert len(where) == 4
    assert threading.get_ident() not in where


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
