"""Cost of the Monte Carlo baseline: 10,000 runs, whole province, monthly to 2025-12-31 (budget <= 10 s on 2 cores).

Run with ``python benchmarks/bench_simulation.py [--json PATH] [--full] [--workers N]``
(``nox -s bench``).

The baseline scenario (no plugin, default assumptions) is run with 1,000 and
10,000 runs (and 100,000 with ``--full``), the seed fixed, here in this
process (``executor=None``) and, for 10,000 runs, with a thread pool of
``--workers`` threads (default 2: the budget's two cores). Each figure is the
best of three. Wall time covers everything a user waits for: the scenario
resolved into a policy, the draws, the tallies, the pricing of every award
through ``Policy.evaluate_batch``, the results assembled.

Cost linear in runs: the ratio of the time per run at 10,000 runs to the time
per run at 1,000 (about 1 when linear; the fixed cost of resolving the
scenario makes small runs dearer per run). Peak memory is measured with
``tracemalloc`` (numpy reports its allocations to it) during one 10,000-run
simulation, results included, and the size of the results' arrays is shown
beside it.

Timings never change the exit code.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
import sys
import time
import tracemalloc
from typing import TYPE_CHECKING, Final

from _common import arg_parser, write_json

from labourbrand.simulation import Results, Scenario, run


if TYPE_CHECKING:
    from collections.abc import Callable


NAME = "simulation"
BUDGET_SECONDS: Final = 10.0
BUDGET_RUNS: Final = 10_000
REPEATS: Final = 3
SEED: Final = 20220429


def best_seconds(subject: Callable[[], Results]) -> tuple[float, Results]:
    """Return the best wall time of *subject* over the repeats, and its last result."""
    best, result = float("inf"), None
    for _ in range(REPEATS):
        began = time.perf_counter()
        result = subject()
        best = min(best, time.perf_counter() - began)
    assert result is not None  # noqa: S101
    return best, result


def peak_mib(subject: Callable[[], Results]) -> tuple[float, float]:
    """Return the peak traced memory of one call and the size of its arrays, in MiB."""
    tracemalloc.start()
    try:
        result = subject()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    arrays = sum(v.nbytes for v in result.to_dict().values())
    return peak / 2**20, arrays / 2**20


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument("--full", action="store_true", help="also 100,000 runs")
    parser.add_argument(
        "--workers", type=int, default=2, help="threads for the pool run"
    )
    args = parser.parse_args()

    scenario = Scenario("baseline")
    sizes = [1_000, 10_000, *([100_000] if args.full else [])]
    print(
        f"bench_simulation: baseline, 2022-04-29 -> 2025-12-31 monthly, "
        f"best of {REPEATS}; {os.cpu_count()} CPUs"
    )
    figures: dict[str, object] = {}
    seconds: dict[int, float] = {}
    for runs in sizes:
        t, result = best_seconds(functools.partial(run, scenario, runs=runs, seed=SEED))
        seconds[runs] = t
        low, high = result.interval(month="2025-12")
        line = f"  {runs:>7,} runs  {t:7.2f} s  {runs / t:>9,.0f} runs/s"
        if runs == BUDGET_RUNS:
            verdict = "OK" if t <= BUDGET_SECONDS else "OVER BUDGET"
            line += f"   (budget <= {BUDGET_SECONDS:g} s)  {verdict}"
        print(line + f"   90 % of brands at 2025-12 in [{low:g}, {high:g}]")
        figures[f"runs_{runs}"] = {
            "seconds": t,
            "runs_per_second": runs / t,
            "interval_2025_12": [low, high],
        }
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
        t_pool, _ = best_seconds(
            lambda: run(
                scenario, runs=BUDGET_RUNS, seed=SEED, executor=pool, chunk_size=1_000
            )
        )
    verdict = "OK" if t_pool <= BUDGET_SECONDS else "OVER BUDGET"
    print(
        f"  {BUDGET_RUNS:>7,} runs  {t_pool:7.2f} s  {BUDGET_RUNS / t_pool:>9,.0f} runs/s"
        f"   thread pool of {args.workers}  {verdict}"
    )
    linearity = (seconds[10_000] / 10_000) / (seconds[1_000] / 1_000)
    print(f"  linearity: time per run at 10,000 / at 1,000 = {linearity:.2f}")
    if args.full:
        full = (seconds[100_000] / 100_000) / (seconds[10_000] / 10_000)
        print(f"  linearity: time per run at 100,000 / at 10,000 = {full:.2f}")
        figures["linearity_100k_10k"] = full
    peak, arrays = peak_mib(lambda: run(scenario, runs=BUDGET_RUNS, seed=SEED))
    print(
        f"  peak memory, {BUDGET_RUNS:,} runs: {peak:,.0f} MiB "
        f"(results' arrays {arrays:,.0f} MiB)"
    )
    figures.update(
        {
            "pool_workers": args.workers,
            "pool_seconds_10k": t_pool,
            "linearity_10k_1k": linearity,
            "peak_mib_10k": peak,
            "results_mib_10k": arrays,
            "budget_seconds_10k": BUDGET_SECONDS,
            "within_budget": seconds[BUDGET_RUNS] <= BUDGET_SECONDS,
        }
    )
    if args.json:
        write_json(args.json, NAME, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
