"""Cost of one Brand JSON round trip, ``from_json(to_json(b), Brand)`` (budget <= 50 us).

Also the cost of reading a large input, 1,000 such brands as one JSON array
(``from_json(text, list[Brand])``, about 1.9 MB), per brand: the fast path
with orjson must stay within about 10 % of what it cost before the readers
checked for a key twice (run this script on both versions of the code).

Run with ``python benchmarks/bench_serialization.py [--json PATH]`` (``nox -s bench``).

The brand is realistic: the packaged 紫阳修脚师 with a maturity, category and
creating unit, 3 workforce observations (illustrative head counts), its 1
recognition and 5 audit records. It is timed as installed (with orjson when
the ``orjson`` extra is there, as in ``nox -s bench``) and with the standard
library's :mod:`json` only, in the same run. The baselines are the JSON
libraries alone on the same brand's plain dict: the ratios are the price of
cattrs' structuring and the model's validation.

Each figure is the minimum over interleaved repeats of ``timeit`` loops sized
by ``Timer.autorange``. Timings never change the exit code.
"""

from __future__ import annotations

import contextlib
import json
import sys
import timeit
from typing import TYPE_CHECKING
from unittest import mock

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
    Recognition,
    RecognitionLevel,
    WorkforceObservation,
    brands,
    lifecycle,
    serialization,
)
from labourbrand.serialization import from_json, to_dict, to_json


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


NAME = "serialization"
BUDGET_US = 50.0
REPEATS = 7
#: Brands in the large input.
MANY = 1000


def best_us(
    *subjects: Callable[[], object], with_stdlib: Callable[[], object]
) -> list[float]:
    """Return the best µs per call of each of *subjects*, then of *with_stdlib*.

    Repeats are interleaved; *with_stdlib* is timed with orjson turned off.
    """
    timers = [timeit.Timer(subject) for subject in (*subjects, with_stdlib)]
    loops = [timer.autorange()[0] for timer in timers]
    best = [float("inf")] * len(timers)
    for _ in range(REPEATS):
        for i, timer in enumerate(timers):
            with contextlib.ExitStack() as stack:
                if i == len(subjects):
                    stack.enter_context(_json_only())
                best[i] = min(best[i], timer.timeit(loops[i]) / loops[i] * 1e6)
    return best


def best_of(subject: Callable[[], object]) -> float:
    """Return the best µs per call of *subject*, over REPEATS loops of a few calls."""
    timer = timeit.Timer(subject)
    loops = timer.autorange()[0]
    return min(timer.repeat(REPEATS, loops)) / loops * 1e6


@contextlib.contextmanager
def _json_only() -> Iterator[None]:
    """Serialise as without the ``orjson`` extra: the standard library's json."""
    serialization._clear_caches()  # noqa: SLF001
    try:
        with mock.patch.object(serialization, "_orjson", return_value=None):
            yield
    finally:
        serialization._clear_caches()  # noqa: SLF001


def realistic_brand() -> Brand:
    """Return 紫阳修脚师 with 3 workforce observations, 1 recognition, 5 audit records."""
    day = pendulum.Date
    brand = attrs.evolve(
        brands.by_name("紫阳修脚师"),
        category=Category.SERVICE,
        maturity=Maturity.ESTABLISHED,
        creating_unit=CreatingUnit(kind=CreatingUnitKind.INDUSTRY_ASSOCIATION),
        has_charter=True,
        # Illustrative too: the packaged brand lists no dated recognition.
        recognitions=(
            Recognition(
                level=RecognitionLevel.PROVINCIAL, year=2025, source="illustrative"
            ),
        ),
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
    orjson = serialization._orjson_for(Brand)  # noqa: SLF001
    codec = "orjson" if orjson is not None else "json (no orjson extra)"

    # A brand as shipped: no workforce, one recognition, no history.
    shipped = brands.by_name("紫阳修脚师")
    # The large input: the realistic brand under 1,000 names, as one array.
    many = [
        attrs.evolve(brand, name_zh=f"品牌{i}", id=f"610924/品牌{i}")
        for i in range(MANY)
    ]
    large = to_json(many)
    assert from_json(large, list[Brand]) == many  # noqa: S101
    large_us = best_of(lambda: from_json(large, list[Brand])) / MANY
    subjects: list[Callable[[], object]] = [
        lambda: from_json(to_json(brand), Brand),
        lambda: to_json(brand),
        lambda: from_json(text, Brand),
        lambda: from_json(to_json(shipped), Brand),
        lambda: json.loads(json.dumps(plain, ensure_ascii=False)),
    ]
    if orjson is not None:
        subjects.append(lambda: orjson.loads(orjson.dumps(plain)))
    timed = best_us(*subjects, with_stdlib=lambda: from_json(to_json(brand), Brand))
    round_trip, to_only, from_only, shipped_trip, baseline = timed[:5]
    fast_baseline = timed[5] if orjson is not None else None
    stdlib_trip = timed[-1]
    verdict = "OK" if round_trip <= BUDGET_US else "OVER BUDGET"
    print(
        f"bench_serialization: µs per call, best of interleaved repeats, with {codec} "
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
        f"  the same with json only                {stdlib_trip:7.2f} µs"
        f"   ({stdlib_trip / round_trip:.2f} x)"
    )
    print(
        f"  baseline json.loads(json.dumps(d))     {baseline:7.2f} µs"
        f"   ratio {stdlib_trip / baseline:.1f} x (json only)"
    )
    if fast_baseline is not None:
        print(
            f"  baseline orjson.loads(orjson.dumps(d)) {fast_baseline:7.2f} µs"
            f"   ratio {round_trip / fast_baseline:.1f} x"
        )
    print(
        f"  packaged brand as shipped (no history)  {shipped_trip:7.2f} µs"
        f"   ({len(to_json(shipped).encode())} bytes of JSON)"
    )
    print(
        f"  large input, per brand                 {large_us:7.2f} µs"
        f"   (from_json of {MANY:,} brands, list[Brand], "
        f"{len(large.encode()) / 1e6:.1f} MB)"
    )
    if args.json:
        write_json(
            args.json,
            NAME,
            {
                "codec": codec,
                "round_trip_us": round_trip,
                "round_trip_json_only_us": stdlib_trip,
                "shipped_round_trip_us": shipped_trip,
                "to_json_us": to_only,
                "from_json_us": from_only,
                "baseline_json_us": baseline,
                "baseline_orjson_us": fast_baseline,
                "json_bytes": len(text.encode()),
                "large_input_us_per_brand": large_us,
                "large_input_bytes": len(large.encode()),
                "budget_us": BUDGET_US,
                "within_budget": round_trip <= BUDGET_US,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
