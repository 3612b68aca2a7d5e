"""Cost of one Brand JSON round trip, ``from_json(to_json(b), Brand)`` (budget <= 50 us).

Run with ``python benchmarks/bench_serialization.py [--json PATH]`` (``nox -s bench``).

The brand is realistic: the packaged 紫阳修脚师 with a maturity, category and
creating unit, 3 workforce observations (illustrative head counts), its 1
recognition and 5 audit records. The baseline, timed in the same run, is
``json.loads(json.dumps(d))`` of the same brand's plain dict ``d``: the
ratio is the price of cattrs' structuring and the model's validation.

Each figure is the minimum over interleaved repeats of ``timeit`` loops sized
by ``Timer.autorange``. Timings never change the exit code.
"""

from __future__ import annotations

import json
import sys
import timeit
from typing import TYPE_CHECKING

import attrs
import pendulum
from _common import arg_parser, write_json

from labourbrand import (
    Brand,
    Category,
    CreatingUnit,
    CreatingUnitKind,
    Event,
    Maturity,
    WorkforceObservation,
    brands,
    lifecycle,
)
from labourbrand.serialization import from_json, to_dict, to_json


if TYPE_CHECKING:
    from collections.abc import Callable


NAME = "serialization"
BUDGET_US = 50.0
REPEATS = 7


def best_us(*subjects: Callable[[], object]) -> list[float]:
    """Return the best µs per call of each of *subjects*, repeats interleaved."""
    timers = [timeit.Timer(subject) for subject in subjects]
    loops = [timer.autorange()[0] for timer in timers]
    best = [float("inf")] * len(timers)
    for _ in range(REPEATS):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer.timeit(loops[i]) / loops[i] * 1e6)
    return best


def realistic_brand() -> Brand:
    """Return 紫阳修脚师 with 3 workforce observations, 1 recognition, 5 audit records."""
    day = pendulum.Date
    brand = attrs.evolve(
        brands.by_name("紫阳修脚师"),
        category=Category.SERVICE,
        maturity=Maturity.ESTABLISHED,
        creating_unit=CreatingUnit(kind=CreatingUnitKind.INDUSTRY_ASSOCIATION),
        has_charter=True,
        # Illustrative head counts: no source gives them.
        workforce=tuple(
            WorkforceObservation(
                on=day(year, 6, 30),
                practitioners=1_200 + 150 * i,
                rural=900 + 110 * i,
                rural_signed=620 + 90 * i,
                poverty_alleviated=180 + 10 * i,
            )
            for i, year in enumerate((2022, 2023, 2024))
        ),
    )
    steps = (
        (Event.ESTABLISH, day(2022, 5, 16)),
        (Event.RECOMMEND_BY_COUNTY, day(2022, 9, 20)),
        (Event.RECOMMEND_BY_CITY, day(2022, 10, 18)),
        (Event.ADMIT, day(2022, 12, 15)),
        (Event.MONITOR, day(2023, 6, 30)),
    )
    for event, on in steps:
        brand = lifecycle.transition(brand, event, on=on, note="illustrative")
    return brand


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    args = parser.parse_args()

    brand = realistic_brand()
    shape = (len(brand.workforce), len(brand.recognitions), len(brand.history))
    text = to_json(brand)
    plain = to_dict(brand)
    # The subject does what it claims, once, before it is timed.
    assert shape == (3, 1, 5)  # noqa: S101
    assert from_json(to_json(brand), Brand) == brand  # noqa: S101

    # A brand as shipped: no workforce, one recognition, no history.
    shipped = brands.by_name("紫阳修脚师")
    round_trip, to_only, from_only, baseline, shipped_trip = best_us(
        lambda: from_json(to_json(brand), Brand),
        lambda: to_json(brand),
        lambda: from_json(text, Brand),
        lambda: json.loads(json.dumps(plain, ensure_ascii=False)),
        lambda: from_json(to_json(shipped), Brand),
    )
    verdict = "OK" if round_trip <= BUDGET_US else "OVER BUDGET"
    print(
        "bench_serialization: µs per call, best of interleaved repeats "
        f"(brand: {shape[0]} workforce, {shape[1]} recognition, {shape[2]} audit records, "
        f"{len(text.encode())} bytes of JSON)"
    )
    print(
        f"  from_json(to_json(b), Brand)           {round_trip:7.2f} µs"
        f"   (budget <= {BUDGET_US} µs)  {verdict}"
    )
    print(f"    of which to_json(b)                  {to_only:7.2f} µs")
    print(f"    of which from_json(text, Brand)      {from_only:7.2f} µs")
    print(
        f"  baseline json.loads(json.dumps(d))     {baseline:7.2f} µs"
        f"   ratio {round_trip / baseline:.1f} x"
    )
    print(
        f"  packaged brand as shipped (no history)  {shipped_trip:7.2f} µs"
        f"   ({len(to_json(shipped).encode())} bytes of JSON)"
    )
    if args.json:
        write_json(
            args.json,
            NAME,
            {
                "round_trip_us": round_trip,
                "shipped_round_trip_us": shipped_trip,
                "to_json_us": to_only,
                "from_json_us": from_only,
                "baseline_json_us": baseline,
                "ratio": round_trip / baseline,
                "json_bytes": len(text.encode()),
                "budget_us": BUDGET_US,
                "within_budget": round_trip <= BUDGET_US,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
