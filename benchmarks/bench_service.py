"""Requests per second and latency of ``labourbrand serve`` under load, against a bare ASGI app.

Run with ``python benchmarks/bench_service.py [--json PATH] [--seconds S] [--clients C] [--rounds R]``
(``nox -s bench`` runs it for 30 s; ``--seconds 2`` is a smoke run).

On 127.0.0.1 only, bounded in time: C clients (50 by default), each with
one keep-alive connection, post the same brand to the all-decisions endpoint
(``POST /decisions?on=2023-07-01``) one request after another for S seconds
in all per server, after a warm-up of one second. The three servers run at
once, idle but for the one under load, and take the load in turn, R rounds
of S / R seconds each (3 by default), so that a change in what else the
machine runs falls on all three alike. The same load is put on:

- the baseline, ``benchmarks/service_baseline.py``: a bare ASGI app that
  only reads the body, parses the brand, evaluates it and writes the
  decisions (about 20 lines), on uvicorn with one worker;
- the service, ``labourbrand serve`` (Starlette, its limits, 422 paths,
  OpenAPI), with one worker, then with two worker processes.

Every server is uvicorn with the same options (its C HTTP parser and event
loop where installed, no access log). The client is a small asyncio HTTP/1.1
client (uvloop where installed), cheaper than an HTTP library, but it runs
on the same two cores as the servers and takes its share of them: with two
workers the servers and the client compete for both cores.

Reported: requests per second, p50 and p99 latency, errors (any status but
200, or a broken connection); budgets (DESIGN.md): the service with one
worker >= 0.8 x the baseline's throughput, with two workers >= 1.6 x, p99
<= 2 x the baseline's, no error. Timings never change the exit code; an
error does (exit 1).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from _common import arg_parser, write_json


NAME = "service"
HERE = Path(__file__).parent
ROOT = HERE.parent
PATH = "/decisions?on=2023-07-01"


def _brand() -> bytes:
    brands = json.loads((ROOT / "examples" / "brands.json").read_text(encoding="utf-8"))
    return json.dumps(brands[0], ensure_ascii=False).encode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(kind: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    if kind == "baseline":
        command = [
            sys.executable, "-m", "uvicorn", "service_baseline:app", "--app-dir", str(HERE),
            "--port", str(port), "--no-access-log", "--lifespan", "off",
            "--workers", str(workers), "--log-level", "warning",
        ]  # fmt: skip
    else:
        command = [
            sys.executable, "-m", "labourbrand", "serve", "--no-entry-points",
            "--port", str(port), "--no-access-log", "--workers", str(workers),
        ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{PATH}", data=_brand(), method="POST"
            )
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    msg = f"the {kind} server did not start"
    raise SystemExit(msg)


async def _client(  # noqa: PLR0913, PLR0917 - one client's connection and tallies
    port: int,
    request: bytes,
    until: float,
    warm_until: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as exc:
        errors.append(f"connect: {exc}")
        return
    clock = time.perf_counter
    try:
        while (start := clock()) < until:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head[9:12]
            length = None
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length is None:
                errors.append("a response without Content-Length")
                return
            await reader.readexactly(length)
            if status != b"200":
                errors.append(status.decode())
            elif start >= warm_until:
                latencies.append(clock() - start)
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        writer.close()


def _load(
    port: int, *, seconds: float, clients: int, into: tuple[list[float], list[str]]
) -> None:
    body = _brand()
    request = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    latencies, errors = into

    async def main() -> None:
        now = time.perf_counter()
        warm_until, until = now + 1.0, now + 1.0 + seconds
        await asyncio.gather(
            *(
                _client(port, request, until, warm_until, latencies, errors)
                for _ in range(clients)
            )
        )

    try:
        import uvloop  # the serve extra's event loop, for a cheaper client
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _figures(
    latencies: list[float], errors: list[str], seconds: float
) -> dict[str, Any]:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "requests_per_s": round(len(ordered) / seconds, 1),
        "p50_ms": round(ordered[len(ordered) // 2] * 1e3, 2) if ordered else None,
        "p99_ms": round(ordered[int(len(ordered) * 0.99)] * 1e3, 2)
        if ordered
        else None,
        "mean_ms": round(statistics.fmean(ordered) * 1e3, 2) if ordered else None,
        "errors": len(errors),
        "first_errors": errors[:3],
    }


SERVERS = (("baseline", 1), ("service", 1), ("service", 2))


def _runs(*, seconds: float, clients: int, rounds: int) -> list[dict[str, Any]]:
    """Load each server in turn, *rounds* times, and gather each one's figures."""
    started = []
    try:
        for kind, workers in SERVERS:
            started.append(_start(kind, workers))
        tallies: list[tuple[list[float], list[str]]] = [([], []) for _ in SERVERS]
        for _ in range(rounds):
            for (_, port), (latencies, errors) in zip(started, tallies, strict=True):
                _load(
                    port,
                    seconds=seconds / rounds,
                    clients=clients,
                    into=(latencies, errors),
                )
    finally:
        for process, _ in started:
            _stop(process)
    found = []
    for (kind, workers), (latencies, errors) in zip(SERVERS, tallies, strict=True):
        figures = _figures(latencies, errors, seconds)
        label = f"{kind}, {workers} worker{'s' if workers > 1 else ''}"
        print(
            f"{label:<22} {figures['requests_per_s']:>9,.1f} req/s  "
            f"p50 {figures['p50_ms']} ms  p99 {figures['p99_ms']} ms  errors {figures['errors']}"
        )
        found.append(figures)
    return found


def main() -> int:
    parser = arg_parser(__doc__)
    parser.add_argument(
        "--seconds",
        type=float,
        default=30.0,
        help="measured seconds per server (default 30)",
    )
    parser.add_argument(
        "--clients", type=int, default=50, help="concurrent clients (default 50)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="turns each server takes the load (default 3)",
    )
    args = parser.parse_args()
    print(
        f"{args.clients} clients, {args.seconds:g} s each, POST {PATH} on 127.0.0.1; "
        f"{os.cpu_count()} cores shared by the servers and the client"
    )
    base, one, two = _runs(
        seconds=args.seconds, clients=args.clients, rounds=args.rounds
    )
    ratio_one = one["requests_per_s"] / base["requests_per_s"]
    ratio_two = two["requests_per_s"] / base["requests_per_s"]
    p99 = one["p99_ms"] / base["p99_ms"]
    checks = [
        ("1 worker, throughput >= 0.8 x baseline", ratio_one, ratio_one >= 0.8),
        ("2 workers, throughput >= 1.6 x baseline", ratio_two, ratio_two >= 1.6),
        ("1 worker, p99 <= 2 x baseline's", p99, p99 <= 2.0),
    ]
    for what, value, ok in checks:
        print(f"{what}: {value:.2f} x  ({'within budget' if ok else 'over budget'})")
    errors = base["errors"] + one["errors"] + two["errors"]
    print(f"errors: {errors}")
    if args.json:
        write_json(
            args.json, NAME,
            {
                "seconds": args.seconds, "clients": args.clients,
                "baseline": base, "service_1_worker": one, "service_2_workers": two,
                "ratio_1_worker": round(ratio_one, 3), "ratio_2_workers": round(ratio_two, 3),
                "p99_ratio": round(p99, 3),
            },
        )  # fmt: skip
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
