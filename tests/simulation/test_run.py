"""Runs are reproducible: the same seed gives the same numbers, however they are computed."""

from __future__ import annotations

import concurrent.futures
import pickle
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.simulation import Results, Scenario, _chunk, _setup, run


if TYPE_CHECKING:
    from collections.abc import Iterator


def assert_same(a: Results, b: Results) -> None:
    left, right = a.to_dict(), b.to_dict()
    assert left.keys() == right.keys()
    for name in left:
        np.testing.assert_array_equal(left[name], right[name], err_msg=name)


def differs(a: Results, b: Results) -> bool:
    return not np.array_equal(a.stages, b.stages)


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


@pytest.mark.parametrize("chunk_size", [1, 7, 40])
def test_results_do_not_depend_on_chunking(
    with_cities: Scenario, cities_results: Results, chunk_size: int
) -> None:
    """Chunks of 1, 7 or all runs give identical results, money included."""
    assert_same(
        cities_results, run(with_cities, runs=40, seed=11, chunk_size=chunk_size)
    )


def test_a_run_does_not_depend_on_the_number_of_runs(
    baseline: Scenario, baseline_results: Results
) -> None:
    """The first runs of a longer simulation are the runs of a shorter one."""
    short = run(baseline, runs=5, seed=11)
    np.testing.assert_array_equal(short.stages, baseline_results.stages[:5])
    np.testing.assert_array_equal(
        short.county_brands, baseline_results.county_brands[:5]
    )
    np.testing.assert_array_equal(short.awards, baseline_results.awards[:5])


def test_thread_pool_gives_identical_results(
    with_cities: Scenario, cities_results: Results
) -> None:
    """A ThreadPoolExecutor gives the numbers of the local run."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        assert_same(
            cities_results,
            run(with_cities, runs=40, seed=11, executor=pool, chunk_size=9),
        )


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[concurrent.futures.Executor]:
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        # Dask's own start-up notices (ports, dashboards) are not ours to fail on.
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=1, processes=False, threads_per_worker=2, dashboard_address=None
        )
        client = distributed.Client(cluster)
    try:
        yield client.get_executor()
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.close()
            cluster.close()


def test_dask_cluster_gives_identical_results(
    with_cities: Scenario,
    cities_results: Results,
    dask_executor: concurrent.futures.Executor,
) -> None:
    """A Dask LocalCluster's executor gives the numbers of the local run."""
    assert_same(
        cities_results,
        run(with_cities, runs=40, seed=11, executor=dask_executor, chunk_size=8),
    )


def test_the_plan_pickles_for_process_executors(with_cities: Scenario) -> None:
    """The plan a worker receives survives pickling and gives the same chunk."""
    plan = _setup.setup(with_cities).plan
    copy = pickle.loads(pickle.dumps(plan))  # noqa: S301 - our own bytes
    a, b = _chunk.simulate_chunk(plan, 3, 2, 5), _chunk.simulate_chunk(copy, 3, 2, 5)
    np.testing.assert_array_equal(a.stages, b.stages)
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
