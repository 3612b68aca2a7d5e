"""Cost of the Monte Carlo baseline on every core: 10,000 runs <= 2 s, 1 -> 2 processes >= 1.7x, flat per run.

Run with ``python benchmarks/bench_simulation.py [--json PATH] [--million] [--no-docs]``
(``nox -s bench``).

The baseline scenario (no plugin, default assumptions, the whole province,
monthly from 2022-04-29 to 2025-12-31) is run with the seed fixed. Wall time
covers everything a user waits for: the scenario resolved into a policy, the
draws, the tallies, the pricing of every award through
``Policy.evaluate_batch``, the results assembled. Every figure but the first
is the best of three unless said otherwise.

- **10,000 runs with the default executor** (a process on every core), first
  in a fresh interpreter, whose first run starts the process pool (the
  ``forkserver`` and its workers, which import numpy and labourbrand), then
  warm, the pool started (budget <= 2 s on 2 cores).
- **One process against every core**: 20,000 runs in this process alone
  (``executor="serial"``) and with the default executor (a worker process on
  one core and this process on the other, the pool started), nine samples
  of each taken in turn so that a change in the machine's load falls on
  both alike; the speed-up is
  the ratio of their medians (budget >= 1.7x on 2 cores). For comparison,
  the best of three on a ``ProcessPoolExecutor`` of one worker and on one of
  two, both started and warmed before timing (the calling process then
  copies the rows the workers send back, which the default pool's workers
  write to the run's files themselves). And the machine's own ceiling, for
  the same kind of work: the model's 10,000 runs (draws, events, tallies; no
  pricing, no results) computed by one worker process alone, then by two at
  once, each its own 10,000, nine samples of each taken in turn; the ceiling
  is how many times the work of one the two do in the same time.
- **Time per run** at 1,000, 10,000 and 100,000 runs with the default
  executor (flat: the ratios to the time per run at 10,000 are about 1).
- With ``--million``, **1,000,000 runs** in a fresh interpreter (their
  arrays, past 512 MiB, go to disk), with the peak resident memory
  (``resource.getrusage``) of that process when the run returns and of each
  worker process (budget: the run completes within 2 GiB in all), and of that
  process after it computed the target probabilities and the 90 % interval of
  brands in 2025-12, which read the memory-mapped arrays.

The figures are printed, and written to ``docs/_figures/simulation.json``,
which the performance page of the documentation reads (unless
``--no-docs``); figures of ``--million`` are kept there from an earlier run
when this run does not measure them. Timings never change the exit code.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from _common import arg_parser, write_json

from labourbrand.simulation import Scenario, run
from labourbrand.simulation._chunk import simulate_chunk
from labourbrand.simulation._setup import setup


if TYPE_CHECKING:
    from collections.abc import Callable


NAME = "simulation"
SEED: Final = 20220429
REPEATS: Final = 3
BUDGET_SECONDS: Final = 2.0
BUDGET_RUNS: Final = 10_000
BUDGET_SPEEDUP: Final = 1.7
SPEEDUP_RUNS: Final = 20_000
SPEEDUP_REPEATS: Final = 9
CEILING_RUNS: Final = 10_000
SIZES: Final = (1_000, 10_000, 100_000)
MILLION: Final = 1_000_000
BUDGET_MIB: Final = 2048.0
FIGURES: Final = (
    Path(__file__).resolve().parent.parent / "docs" / "_figures" / "simulation.json"
)

#: Run in a fresh interpreter: *runs* runs with the default executor, then the
#: peak resident memory of this process and of each worker, as JSON.
_FRESH: Final = textwrap.dedent(
    """
    import json, resource, sys, time
    from labourbrand.simulation import Scenario, _executor, run

    def worker_peak(_):
        import resource, time
        time.sleep(0.2)  # let every worker take one
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    if __name__ == "__main__":
        runs, seed = int(sys.argv[1]), int(sys.argv[2])
        began = time.perf_counter()
        results = run(Scenario("baseline"), runs=runs, seed=seed)
        seconds = time.perf_counter() - began
        run_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        probabilities = results.target_probabilities()
        low, high = results.interval(month="2025-12")
        pool = _executor._pool
        workers = (
            sorted(set(pool.map(worker_peak, range(2 * _executor.usable_cores()))))
            if pool is not None
            else []
        )
        print(json.dumps({
            "seconds": seconds,
            "on_disk": type(results.stages).__name__ == "memmap",
            "interval_2025_12": [low, high],
            "one_county_one_brand": probabilities["target_brands_per_county"],
            "run_peak_kib": run_kib,
            "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "worker_peak_kib": workers,
        }))
    """
)


def fresh(runs: int) -> dict[str, Any]:
    """Run *runs* runs in a fresh interpreter and return what it measured."""
    with tempfile.TemporaryDirectory() as folder:
        # A file, not -c: the worker processes import it for worker_peak.
        script = Path(folder) / "fresh_run.py"
        script.write_text(_FRESH, encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(script), str(runs), str(SEED)],
            check=True,
            capture_output=True,
            text=True,
        )
    figures: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
    return figures


def best_seconds(subject: Callable[[], object]) -> float:
    """The best wall time of *subject* over the repeats."""
    best = float("inf")
    for _ in range(REPEATS):
        began = time.perf_counter()
        subject()
        best = min(best, time.perf_counter() - began)
    return best


def pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """A pool of *workers* processes, started like the default one."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context(
        "forkserver" if "forkserver" in methods else "spawn"
    )
    return concurrent.futures.ProcessPoolExecutor(workers, mp_context=context)


@functools.cache
def _plan() -> Any:  # noqa: ANN401 - the model's private plan
    return setup(Scenario("baseline")).plan


def model_work(runs: int) -> float:
    """Seconds to compute the model's *runs* runs of the baseline here: no pricing, no results."""
    plan = _plan()
    began = time.perf_counter()
    for start in range(0, runs, 512):
        simulate_chunk(plan, SEED, start, min(start + 512, runs))
    return time.perf_counter() - began


def ceiling(two: concurrent.futures.Executor) -> float:
    """How many times one process's work two processes of *two* do in the same time."""
    for future in [two.submit(model_work, 1_000) for _ in range(2)]:
        future.result()  # warm: the plan made in each worker
    alone: list[float] = []
    both: list[float] = []
    for _ in range(SPEEDUP_REPEATS):
        began = time.perf_counter()
        two.submit(model_work, CEILING_RUNS).result()
        alone.append(time.perf_counter() - began)
        began = time.perf_counter()
        for future in [two.submit(model_work, CEILING_RUNS) for _ in range(2)]:
            future.result()
        both.append(time.perf_counter() - began)
    return 2 * statistics.median(alone) / statistics.median(both)


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def verdict(ok: bool) -> str:  # noqa: FBT001 - a yes or no
    return "within budget" if ok else "OVER BUDGET"


def measure() -> dict[str, Any]:
    """Every figure but the million runs."""
    scenario = Scenario("baseline")
    figures: dict[str, Any] = {}

    first = fresh(BUDGET_RUNS)["seconds"]
    run(scenario, runs=2_000, seed=SEED)  # start and warm the default pool
    warm = best_seconds(lambda: run(scenario, runs=BUDGET_RUNS, seed=SEED))
    figures["default_10k"] = {
        "first_seconds": first,
        "seconds": warm,
        "budget_seconds": BUDGET_SECONDS,
        "within_budget": warm <= BUDGET_SECONDS,
    }
    print(
        f"  {BUDGET_RUNS:,} runs, default executor: {warm:.2f} s warm, "
        f"{first:.2f} s in a fresh interpreter (pool start-up included)   "
        f"(budget <= {BUDGET_SECONDS:g} s)  {verdict(warm <= BUDGET_SECONDS)}"
    )

    # One process against the default executor, a process on every core,
    # their samples interleaved so that a change in the machine's load falls
    # on both alike; then pools of one and of two workers, for comparison.
    samples: dict[str, list[float]] = {"here": [], "default": []}
    for _ in range(SPEEDUP_REPEATS):
        for name, where in (("here", "serial"), ("default", None)):
            began = time.perf_counter()
            run(scenario, runs=SPEEDUP_RUNS, seed=SEED, executor=where)
            samples[name].append(time.perf_counter() - began)
    t_here = statistics.median(samples["here"])
    t_default = statistics.median(samples["default"])
    ratio = t_here / t_default
    with pool(1) as one, pool(2) as two:
        for executor in (one, two):
            run(scenario, runs=2_000, seed=SEED, executor=executor)  # warm

        def timed(executor: concurrent.futures.Executor) -> float:
            return best_seconds(
                lambda: run(scenario, runs=SPEEDUP_RUNS, seed=SEED, executor=executor)
            )

        t_one, t_two = timed(one), timed(two)
        machine = ceiling(two)
    figures["processes"] = {
        "runs": SPEEDUP_RUNS,
        "repeats": SPEEDUP_REPEATS,
        "here_seconds": t_here,
        "default_seconds": t_default,
        "speedup": ratio,
        "one_worker_seconds": t_one,
        "two_workers_seconds": t_two,
        "pool_speedup": t_one / t_two,
        "ceiling": machine,
        "ceiling_runs": CEILING_RUNS,
        "budget_speedup": BUDGET_SPEEDUP,
        "within_budget": ratio >= BUDGET_SPEEDUP,
    }
    print(
        f"  {SPEEDUP_RUNS:,} runs, median of {SPEEDUP_REPEATS} interleaved: one process "
        f"{t_here:.2f} s, default executor ({cores()} processes) {t_default:.2f} s: "
        f"{ratio:.3f}x   (budget >= {BUDGET_SPEEDUP:g}x)  {verdict(ratio >= BUDGET_SPEEDUP)}; "
        f"pools of 1 and 2 workers {t_one:.2f} s and {t_two:.2f} s ({t_one / t_two:.2f}x); "
        f"the machine's ceiling, 2 processes of model work against 1: {machine:.2f}x"
    )

    per_run: dict[str, float] = {}
    for runs in SIZES:
        seconds = best_seconds(lambda runs=runs: run(scenario, runs=runs, seed=SEED))  # type: ignore[misc]
        per_run[str(runs)] = seconds / runs * 1e6
    flat = {k: v / per_run[str(BUDGET_RUNS)] for k, v in per_run.items()}
    figures["per_run_us"] = per_run
    figures["per_run_relative"] = flat
    print(
        "  time per run, default executor: "
        + ", ".join(
            f"{int(k):,} runs {v:.0f} µs ({flat[k]:.2f}x)" for k, v in per_run.items()
        )
    )
    return figures


def measure_million() -> dict[str, Any]:
    """One million runs in a fresh interpreter, with peak memory."""
    got = fresh(MILLION)
    during = got["run_peak_kib"] / 1024
    after = got["peak_kib"] / 1024
    workers = [k / 1024 for k in got["worker_peak_kib"]]
    total = during + sum(workers)
    figures = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "runs": MILLION,
        "seconds": got["seconds"],
        "per_run_us": got["seconds"] / MILLION * 1e6,
        "on_disk": got["on_disk"],
        "run_peak_mib": during,
        "summaries_peak_mib": after,
        "worker_peak_mib": workers,
        "total_peak_mib": total,
        "budget_mib": BUDGET_MIB,
        "within_budget": total <= BUDGET_MIB,
        "interval_2025_12": got["interval_2025_12"],
        "one_county_one_brand": got["one_county_one_brand"],
    }
    print(
        f"  {MILLION:,} runs: {got['seconds']:.1f} s ({figures['per_run_us']:.0f} µs per run), "
        f"arrays on disk: {got['on_disk']}; peak memory {during:,.0f} MiB in the calling "
        f"process, {', '.join(f'{w:,.0f}' for w in workers)} MiB in the workers "
        f"({total:,.0f} MiB in all; budget <= {BUDGET_MIB:,.0f} MiB)  "
        f"{verdict(total <= BUDGET_MIB)}; {after:,.0f} MiB in the calling process "
        "after the target probabilities and an interval over the million runs"
    )
    return figures


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument(
        "--million", action="store_true", help="also 1,000,000 runs, with peak memory"
    )
    parser.add_argument(
        "--no-docs", action="store_true", help=f"do not write {FIGURES.name}"
    )
    args = parser.parse_args()
    print(
        f"bench_simulation: baseline, 2022-04-29 -> 2025-12-31 monthly, best of "
        f"{REPEATS}; {cores()} cores; Python {platform.python_version()}, numpy {np.__version__}"
    )
    figures: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cores": cores(),
        **measure(),
    }
    if args.million:
        figures["million"] = measure_million()
        # Against the 10,000 runs of the same run, as the million are kept for later ones.
        figures["million"]["per_run_relative"] = (
            figures["million"]["per_run_us"] / figures["per_run_us"][str(BUDGET_RUNS)]
        )
    elif FIGURES.exists():
        earlier = json.loads(FIGURES.read_text(encoding="utf-8")).get("million")
        if earlier is not None:
            figures["million"] = earlier
    if not args.no_docs:
        FIGURES.parent.mkdir(parents=True, exist_ok=True)
        FIGURES.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.json:
        write_json(args.json, NAME, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
