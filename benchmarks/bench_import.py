"""Import cost of ``labourbrand`` against ``import attrs, pendulum`` (budget <= 1.25x).

Run with ``python benchmarks/bench_import.py [--json PATH] [-n N]`` (``nox -s bench``).

Each import runs in a fresh interpreter (``python -c ...``), timed by the wall
clock. The three commands are interleaved, rotating their order every round,
so that drift in machine load hits them alike. The bare interpreter startup
(``python -c pass``) is subtracted from both medians before taking the ratio:
the budget is about what the imports cost, not about starting Python.

The script also checks, in a fresh interpreter, that ``import labourbrand``
leaves the heavy optional dependencies out of ``sys.modules``; it exits 1 if
one of them was imported (timings never change the exit code).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

from _common import arg_parser, write_json


NAME = "import"
BUDGET_RATIO = 1.25
#: Modules that must load on first use, not on ``import labourbrand``.
LAZY = ("cattrs", "pluggy", "numpy", "pandas", "hypothesis")
COMMANDS = {
    "bare": "pass",
    "attrs_pendulum": "import attrs, pendulum",
    "labourbrand": "import labourbrand",
}


def wall_ms(code: str) -> float:
    """Run ``python -c code`` in a fresh interpreter; return its wall time in ms."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return (time.perf_counter() - start) * 1000


def leaked_modules() -> list[str]:
    """Return the modules of LAZY that ``import labourbrand`` imports."""
    code = (
        "import json, sys, labourbrand; "
        f"print(json.dumps(sorted({{m.partition('.')[0] for m in sys.modules}} & {set(LAZY)!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    leaked: list[str] = json.loads(out)
    return leaked


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument(
        "-n", type=int, default=20, help="runs per command (default 20)"
    )
    args = parser.parse_args()

    for code in COMMANDS.values():  # warm the OS file cache once
        wall_ms(code)
    samples: dict[str, list[float]] = {key: [] for key in COMMANDS}
    keys = list(COMMANDS)
    for i in range(args.n):
        for key in keys[i % 3 :] + keys[: i % 3]:
            samples[key].append(wall_ms(COMMANDS[key]))
    median = {key: statistics.median(values) for key, values in samples.items()}
    net_lb = median["labourbrand"] - median["bare"]
    net_ap = median["attrs_pendulum"] - median["bare"]
    ratio = net_lb / net_ap

    print(
        f"bench_import: {args.n} fresh interpreters per command, interleaved; medians"
    )
    print(f"  python -c pass                          {median['bare']:8.1f} ms")
    print(
        f"  python -c 'import attrs, pendulum'      {median['attrs_pendulum']:8.1f} ms"
    )
    print(f"  python -c 'import labourbrand'          {median['labourbrand']:8.1f} ms")
    print("  net of interpreter startup (median - bare median):")
    print(f"    import attrs, pendulum                {net_ap:8.1f} ms")
    print(f"    import labourbrand                    {net_lb:8.1f} ms")
    verdict = "OK" if ratio <= BUDGET_RATIO else "OVER BUDGET"
    print(
        f"  ratio labourbrand / (attrs + pendulum)  {ratio:8.2f} x"
        f"   (budget <= {BUDGET_RATIO} x)  {verdict}"
    )

    leaked = leaked_modules()
    print("  import labourbrand leaves out of sys.modules:")
    for module in LAZY:
        print(f"    {module:<12} {'FAIL (imported)' if module in leaked else 'OK'}")

    if args.json:
        write_json(
            args.json,
            NAME,
            {
                "runs": args.n,
                "median_ms": median,
                "net_ms": {"attrs_pendulum": net_ap, "labourbrand": net_lb},
                "ratio": ratio,
                "budget_ratio": BUDGET_RATIO,
                "within_budget": ratio <= BUDGET_RATIO,
                "leaked_modules": leaked,
            },
        )
    return 1 if leaked else 0


if __name__ == "__main__":
    sys.exit(main())
