"""Claims per second of an ``SQLiteLedger``, from one process and from eight at once.

Run with ``python benchmarks/bench_ledger.py [--json PATH] [--claims N] [--processes P]``
(``nox -s bench``).

Each claim is the one-time employment award of a brand of its own, so none is
refused: a claim is one durable transaction (``BEGIN IMMEDIATE``, an INSERT
checked by two unique indexes, ``COMMIT`` with ``synchronous=FULL`` in WAL
mode). The figures therefore depend mostly on how fast the disk under the
temporary directory makes a write durable (``fsync``); SQLite lets one writer
at a time in, so several processes share that rate rather than multiply it.

With P processes (``spawn``, each with its own connection) every process
opens the store, all wait at a barrier, and the time runs from the barrier to
the last process's last claim; the figure is all claims over that time. The
baselines, timed in the same run: the same claims in a
:class:`~labourbrand.ledger.MemoryLedger` (no disk), and bare :mod:`sqlite3`
INSERT and COMMIT of the same rows with the same settings (the price of the
store's own work: building the row, the lock, the checks). Timings never
change the exit code.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pendulum
from _common import arg_parser, write_json

from labourbrand.ledger import MemoryLedger, Payment, SQLiteLedger
from labourbrand.money import Fen


if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier

    from labourbrand.ledger import LedgerStore


NAME = "ledger"
DAY = pendulum.Date(2026, 3, 1)


def award(process: int, index: int) -> Payment:
    """The award of brand *index* of *process*: no two claims collide."""
    return Payment(
        brand_id=f"p{process}/brand-{index}",
        brand=f"品牌{index}",
        measure="employment_award",
        decided_on=DAY,
        on=DAY,
        amount=Fen(10_000_000),
        one_time=True,
        decision_id=f"p{process}-d{index}",
        policy_version="bench",
        inputs='{"brand": "bench"}',
    )


def claim_all(store: LedgerStore, process: int, claims: int) -> None:
    for index in range(claims):
        store.claim(award(process, index))


def worker(path: str, process: int, claims: int, start: Barrier, done: Any) -> None:  # noqa: ANN401
    """Open the store, wait for the others, claim, report."""
    payments = [award(process, index) for index in range(claims)]
    with SQLiteLedger(path) as store:
        start.wait()
        for payment in payments:
            store.claim(payment)
    done.put(process)


def in_processes(path: str, processes: int, claims: int) -> float:
    """Seconds for *processes* spawned processes to claim *claims* awards each."""
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(processes + 1)
    done = spawn.Queue()
    workers = [
        spawn.Process(target=worker, args=(path, p, claims, start, done))
        for p in range(processes)
    ]
    for process in workers:
        process.start()
    start.wait()
    began = time.perf_counter()
    for _ in workers:
        done.get()
    seconds = time.perf_counter() - began
    for process in workers:
        process.join()
    return seconds


def bare_sqlite(path: str, claims: int) -> float:
    """Seconds for sqlite3 alone to INSERT and COMMIT the same rows, one transaction each."""
    with SQLiteLedger(path):  # the same file, schema and settings
        pass
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous = FULL")
    rows = [
        (
            p.brand_id,
            p.brand,
            p.measure,
            p.decided_on.isoformat(),
            p.on.isoformat(),
            p.amount.amount if p.amount else None,
            1,
            p.decision_id,
            p.policy_version,
            p.inputs,
        )
        for p in (award(0, index) for index in range(claims))
    ]
    began = time.perf_counter()
    for row in rows:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO payments (brand_id, brand, measure, decided_on, paid_on, "
            "amount, one_time, decision_id, policy_version, inputs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        connection.execute("COMMIT")
    seconds = time.perf_counter() - began
    connection.close()
    return seconds


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument(
        "--claims", type=int, default=1000, help="claims per process (default 1000)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=8,
        help="processes claiming at once (default 8)",
    )
    args = parser.parse_args()
    claims, processes = args.claims, args.processes

    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as folder:
        one_path = str(Path(folder) / "one.db")
        with SQLiteLedger(one_path) as store:
            began = time.perf_counter()
            claim_all(store, 0, claims)
            one = time.perf_counter() - began
            # The subject did what it claims: every claim is in the file.
            assert len(store.entries()) == claims  # noqa: S101

        many_path = str(Path(folder) / "many.db")
        SQLiteLedger(many_path).close()
        many = in_processes(many_path, processes, claims)
        with SQLiteLedger(many_path) as store:
            assert len(store.entries()) == claims * processes  # noqa: S101

        bare = bare_sqlite(str(Path(folder) / "bare.db"), claims)

        memory = MemoryLedger()
        began = time.perf_counter()
        claim_all(memory, 0, claims)
        in_memory = time.perf_counter() - began

    one_rate = claims / one
    many_rate = claims * processes / many
    bare_rate = claims / bare
    memory_rate = claims / in_memory
    print(
        f"bench_ledger: SQLiteLedger claims per second (WAL, synchronous=FULL, "
        f"{claims} claims per process, files under {tempfile.gettempdir()})"
    )
    print(f"  1 process                         {one_rate:9.0f} claims/s")
    print(
        f"  {processes} processes at once             {many_rate:9.0f} claims/s in all"
        f"   ({many_rate / processes:.0f} per process, {many_rate / one_rate:.2f} x one process)"
    )
    print(
        f"  baseline bare sqlite3, 1 process  {bare_rate:9.0f} transactions/s"
        f"   (SQLiteLedger {one_rate / bare_rate:.2f} x)"
    )
    print(f"  baseline MemoryLedger, 1 process  {memory_rate:9.0f} claims/s")
    if args.json:
        write_json(
            args.json,
            NAME,
            {
                "claims_per_process": claims,
                "processes": processes,
                "one_process_claims_per_s": one_rate,
                "many_processes_claims_per_s": many_rate,
                "bare_sqlite_transactions_per_s": bare_rate,
                "memory_claims_per_s": memory_rate,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
