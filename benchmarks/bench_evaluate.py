"""Peak memory of ``labourbrand evaluate`` for 1,000 and 40,000 brands: flat, as it streams (budget: growth <= 1 KiB per brand).

Run with ``python benchmarks/bench_evaluate.py [--json PATH] [--brands N N ...] [--whole N N ...] [--tracemalloc]``
(``nox -s bench``).

Each figure comes from a fresh interpreter (a subprocess), so that one
measurement's memory does not hide another's: the child runs
``labourbrand.cli.main(["evaluate", FILE, "--on", "2023-07-01", "--format",
"jsonl", "--out", OUT, "--no-entry-points"])`` and reports its own peak
resident set size, which counts everything the process held at its worst:
the interpreter, the imports, the policy, the brands, the results. On Linux
the figure is ``VmHWM`` of ``/proc/self/status``: ``ru_maxrss`` of
``resource.getrusage`` keeps, across the ``exec`` of a child, the size of
the parent at the fork, and so grew with the files this script had written. With ``--tracemalloc`` the
child also reports the peak of Python's allocations during the command alone
(it runs several times slower then).

The brands are the three of ``examples/brands.json`` (workforce observations,
a recognition), repeated under new names; the file is written both as a JSON
array and as JSON Lines. For comparison, in the same run, the same brands go
through what the command did before it streamed: the whole file parsed into
one list of brands, every decision kept, one JSON text built at the end; by
default for 1,000 and 4,000 brands only (``--whole``), since 40,000 took
about 2.5 GB that way.

The figure that matters is the growth: how much more memory 40,000 brands
take than 1,000, per brand added. Streaming, it is the noise of the
allocator (a few bytes per brand); whole, it is tens of kilobytes per brand.
Timings are shown too, as brands per second. Figures never change the exit
code.

The budget is this project's own (DESIGN gives none): at most 1 KiB more
memory per brand added, which is flat within the allocator's noise; the
command before it streamed took about 60 KiB per brand.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Final

from _common import arg_parser, write_json


NAME: Final = "evaluate"
ROOT: Final = Path(__file__).parent.parent
DAY: Final = "2023-07-01"
#: The budget: peak memory may grow by at most this many bytes per brand added.
BUDGET_BYTES_PER_BRAND: Final = 1024

#: What the child runs: the command as it is, or as it was before it streamed.
CHILD: Final = r"""
import json, resource, sys, time, tracemalloc
mode, path, out, traced = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
from labourbrand.cli import main
import labourbrand.policy, labourbrand.serialization  # imports outside the figure
if traced:
    tracemalloc.start()
start = time.perf_counter()
if mode == "stream":
    code = main(["evaluate", path, "--on", "2023-07-01", "--format", "jsonl",
                 "--out", out, "--no-entry-points"])
else:  # the command before it streamed, with the same library calls
    from labourbrand import Brand
    from labourbrand.policy import Policy
    from labourbrand.serialization import from_dict, to_dict
    policy = Policy.shaanxi(entry_points=False)
    with open(path, "rb") as f:
        brands = from_dict(json.loads(f.read()), list[Brand], source=path)
    decided = [(b, policy.evaluate(b, on="2023-07-01")) for b in brands]
    text = json.dumps([{"brand": b.name_zh, "decisions": [to_dict(d) for d in ds]}
                       for b, ds in decided], ensure_ascii=False, indent=2)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    code = 0
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if traced else None
try:  # Linux: this process's own high-water mark
    with open("/proc/self/status", encoding="ascii") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
except OSError:  # elsewhere; it may count the parent's memory at the fork
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "seconds": seconds, "traced_peak": peak,
                  "max_rss_kib": rss}))
"""


def brands(n: int) -> list[dict[str, object]]:
    """*n* brand records: the examples' brands, repeated under new names."""
    examples = json.loads((ROOT / "examples" / "brands.json").read_text("utf-8"))
    out = []
    for i in range(n):
        item = dict(examples[i % len(examples)])
        item["name_zh"] = f"{item['name_zh']}{i}"
        out.append(item)
    return out


def write_files(folder: Path, n: int) -> dict[str, Path]:
    """The *n* brands as a JSON array and as JSON Lines."""
    items = brands(n)
    array = folder / f"brands-{n}.json"
    array.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    lines = folder / f"brands-{n}.jsonl"
    lines.write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
        encoding="utf-8",
    )
    return {"json": array, "jsonl": lines}


def measure(mode: str, path: Path, folder: Path, *, traced: bool) -> dict[str, Any]:
    """Run the child once; its figures."""
    out = folder / f"out-{mode}-{path.name}"
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), str(out), str(int(traced))],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        msg = f"the child failed for {mode} {path.name}"
        raise RuntimeError(msg)
    figures: dict[str, Any] = json.loads(proc.stdout)
    if figures["code"] != 0:
        msg = f"evaluate exited {figures['code']} for {path.name}"
        raise RuntimeError(msg)
    out.unlink()
    return figures


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument(
        "--brands", type=int, nargs="+", default=[1_000, 40_000], metavar="N"
    )
    parser.add_argument(
        "--whole",
        type=int,
        nargs="+",
        default=[1_000, 4_000],
        metavar="N",
        help="sizes for the comparison with the command before it streamed",
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also the peak of Python's heap"
    )
    args = parser.parse_args()
    print(f"bench_evaluate: peak memory of one process per figure, on {DAY}")
    results: dict[str, dict[int, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sorted({*args.brands, *args.whole}):
            files = write_files(folder, n)
            runs = [
                ("stream, JSON array in", "stream", files["json"]),
                ("stream, JSON Lines in", "stream", files["jsonl"]),
            ]
            if n not in args.brands:
                runs = []
            if n in args.whole:
                runs.append(("whole (before)", "whole", files["json"]))
            for label, mode, path in runs:
                figures = measure(mode, path, folder, traced=args.tracemalloc)
                results.setdefault(label, {})[n] = figures
                traced = (
                    f"  heap peak {figures['traced_peak'] / 2**20:8.1f} MiB"
                    if figures["traced_peak"] is not None
                    else ""
                )
                print(
                    f"  {label:<22} {n:>7,} brands  peak RSS "
                    f"{figures['max_rss_kib'] / 1024:8.1f} MiB  "
                    f"{n / figures['seconds']:>7,.0f} brands/s{traced}"
                )
    summary: dict[str, object] = {}
    for label, by_size in results.items():
        small, large = min(by_size), max(by_size)
        if small == large:
            continue
        grown = (by_size[large]["max_rss_kib"] - by_size[small]["max_rss_kib"]) * 1024
        per_brand = grown / (large - small)
        streamed = label.startswith("stream")
        verdict = (
            ("OK" if per_brand <= BUDGET_BYTES_PER_BRAND else "OVER BUDGET")
            if streamed
            else "for comparison"
        )
        print(
            f"  {label:<22} growth {small:,} -> {large:,}: {grown / 2**20:7.1f} MiB, "
            f"{per_brand:8.0f} bytes per brand  ({verdict})"
        )
        summary[label] = {
            "sizes": {str(n): f for n, f in by_size.items()},
            "growth_bytes_per_brand": per_brand,
            "verdict": verdict,
        }
    if args.json:
        write_json(args.json, NAME, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
