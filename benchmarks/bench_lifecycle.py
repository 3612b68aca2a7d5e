"""Cost of one ``lifecycle.transition`` with its audit record (budget <= 5 us).

Run with ``python benchmarks/bench_lifecycle.py [--json PATH]`` (``nox -s bench``).

Two transitions of the packaged 紫阳修脚师 are timed: MONITOR on the brand once
it is in the provincial pool (four audit records before), and ESTABLISH on the
brand as discovered. The baseline, timed in the same run, is the bare
``attrs.evolve(brand, source=...)``, the validated copy of a brand, so the
ratio is the price of the table look-up, the guard and the audit record.

Each figure is the minimum over interleaved repeats of ``timeit`` loops sized
by ``Timer.autorange``. Timings never change the exit code.
"""

from __future__ import annotations

import sys
import timeit
from typing import TYPE_CHECKING

import attrs
import pendulum
from _common import arg_parser, write_json

from labourbrand import Brand, Event, Maturity, Stage, brands, lifecycle


if TYPE_CHECKING:
    from collections.abc import Callable


NAME = "lifecycle"
BUDGET_US = 5.0
REPEATS = 7


def best_us(
    subject: Callable[[], object], baseline: Callable[[], object]
) -> tuple[float, float]:
    """Return the best µs per call of *subject* and *baseline*, repeats interleaved."""
    timers = [timeit.Timer(subject), timeit.Timer(baseline)]
    loops = [timer.autorange()[0] for timer in timers]
    best = [float("inf"), float("inf")]
    for _ in range(REPEATS):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer.timeit(loops[i]) / loops[i] * 1e6)
    return best[0], best[1]


def brands_under_test() -> tuple[Brand, Brand]:
    """Return 紫阳修脚师 as discovered and as admitted to the pool."""
    discovered = attrs.evolve(
        brands.by_name("紫阳修脚师"), maturity=Maturity.ESTABLISHED
    )
    brand = discovered
    day = pendulum.Date(2022, 5, 16)
    for event in (
        Event.ESTABLISH,
        Event.RECOMMEND_BY_COUNTY,
        Event.RECOMMEND_BY_CITY,
        Event.ADMIT,
    ):
        brand = lifecycle.transition(brand, event, on=day)
        day = day.add(months=2)
    return discovered, brand


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    args = parser.parse_args()

    discovered, in_pool = brands_under_test()
    on = pendulum.Date(2023, 6, 30)
    cases = {
        "monitor_in_pool": (
            lambda: lifecycle.transition(in_pool, Event.MONITOR, on=on),
            lambda: attrs.evolve(in_pool, source="benchmark"),
        ),
        "establish_discovered": (
            lambda: lifecycle.transition(discovered, Event.ESTABLISH, on=on),
            lambda: attrs.evolve(discovered, source="benchmark"),
        ),
    }
    # The subjects do what they claim, once, before they are timed.
    assert len(cases["monitor_in_pool"][0]().history) == len(in_pool.history) + 1  # noqa: S101
    assert cases["establish_discovered"][0]().stage is Stage.CULTIVATING  # noqa: S101

    print("bench_lifecycle: µs per call, best of interleaved repeats")
    figures: dict[str, object] = {}
    for name, (subject, baseline) in cases.items():
        us, base_us = best_us(subject, baseline)
        verdict = "OK" if us <= BUDGET_US else "OVER BUDGET"
        label = f"transition {name}"
        print(f"  {label:<36} {us:6.2f} µs   (budget <= {BUDGET_US} µs)  {verdict}")
        print(
            f"    {'baseline attrs.evolve(source=...)':<34} {base_us:6.2f} µs   "
            f"ratio {us / base_us:.2f} x"
        )
        figures[name] = {
            "us": us,
            "baseline_evolve_us": base_us,
            "ratio": us / base_us,
            "budget_us": BUDGET_US,
            "within_budget": us <= BUDGET_US,
        }
    if args.json:
        write_json(args.json, NAME, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
