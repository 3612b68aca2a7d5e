"""Claims from real processes: races for one award, and a claim killed mid-transaction.

The workers are started with the ``spawn`` context, so each is a fresh
interpreter with its own connection, as separate application processes are.
"""

from __future__ import annotations

import multiprocessing
import os
import pathlib
import signal
import sqlite3
import time
import uuid
from typing import TYPE_CHECKING, Any

import pendulum
import pytest

from labourbrand.exceptions import AlreadyPaidError
from labourbrand.ledger import Payment, PostgresLedger, SQLiteLedger
from labourbrand.money import Fen


if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.synchronize import Barrier

    from labourbrand.ledger import LedgerStore


WORKERS = 8
ROUNDS = 5
#: Seconds any one wait may take before the test gives up (a hung worker).
PATIENCE = 60
ROOT = pathlib.Path(__file__).resolve().parents[2]
SPAWN = multiprocessing.get_context("spawn")

#: Where a store is: ("sqlite", path) or ("postgres", "conninfo|table").
Place = tuple[str, str]


@pytest.fixture(autouse=True)
def _importable_by_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    # A spawned worker imports this module by name with the parent's sys.path.
    monkeypatch.syspath_prepend(str(ROOT))


def award(round_: int, worker: int) -> Payment:
    """Round *round_*'s one-time award, as claimed by *worker* under its own decision."""
    day = pendulum.Date(2023, 3, 1).add(days=round_)
    return Payment(
        brand_id=f"6109{round_:02d}/brand",
        brand="brand",
        measure="employment_award",
        decided_on=day,
        on=day,
        amount=Fen(30_000_000),
        one_time=True,
        decision_id=f"round-{round_}-worker-{worker}",
        policy_version="v",
    )


def open_store(place: Place) -> SQLiteLedger | PostgresLedger:
    kind, where = place
    if kind == "sqlite":
        return SQLiteLedger(where)
    conninfo, _, table = where.rpartition("|")
    return PostgresLedger(conninfo, table=table)


# ------------------------------------------------------------------ workers


def race_worker(place: Place, worker: int, start: Barrier, results: Any) -> None:  # noqa: ANN401
    """Open the store, then in each round wait for the others and claim that round's award."""
    try:
        store = open_store(place)
    except Exception as error:  # noqa: BLE001 - reported to the parent
        results.put((-1, worker, f"error {error!r}"))
        start.abort()
        return
    with store:
        for round_ in range(ROUNDS):
            start.wait(PATIENCE)
            try:
                store.claim(award(round_, worker))
                outcome = "paid"
            except AlreadyPaidError as error:
                outcome = f"refused {error.paid_on.isoformat()}"
            except Exception as error:  # noqa: BLE001 - reported to the parent
                outcome = f"error {error!r}"
            results.put((round_, worker, outcome))


def stalled_worker(place: Place, pipe: Connection) -> None:
    """Claim round 0's award, but stop inside the transaction after the INSERT."""
    store = open_store(place)
    backend = (
        store._connect().info.backend_pid if isinstance(store, PostgresLedger) else 0
    )

    def pause() -> None:
        pipe.send(("inserted", backend))
        time.sleep(10 * PATIENCE)  # until killed

    store._pause_after_insert = pause
    store.claim(award(0, 99))
    pipe.send(("committed", backend))  # must never happen


# ------------------------------------------------------------------ places


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def place(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Place:
    """A store not created yet: the workers create it, at once."""
    if request.param == "sqlite":
        return ("sqlite", str(tmp_path / "ledger.db"))
    conninfo = request.getfixturevalue("postgres_server")
    return ("postgres", f"{conninfo}|t_{uuid.uuid4().hex}")


# ------------------------------------------------------------------ tests


def test_processes_race_for_one_award(place: Place) -> None:
    """Eight processes claim one award at once, five times: each time one is paid, seven refused."""
    start = SPAWN.Barrier(WORKERS)
    results = SPAWN.Queue()
    workers = [
        SPAWN.Process(target=race_worker, args=(place, i, start, results))
        for i in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    try:
        outcomes = [results.get(timeout=PATIENCE) for _ in range(WORKERS * ROUNDS)]
    finally:
        for worker in workers:
            worker.join(PATIENCE)
    assert [w.exitcode for w in workers] == [0] * WORKERS
    errors = [o for o in outcomes if o[2].startswith("error")]
    assert errors == []
    for round_ in range(ROUNDS):
        day = award(round_, 0).on.isoformat()
        these = sorted(o[2] for o in outcomes if o[0] == round_)
        assert these == ["paid"] + [f"refused {day}"] * (WORKERS - 1), round_
    with open_store(place) as store:
        entries = store.entries()
        assert len(entries) == ROUNDS
        assert [p.brand_id for p in entries] == [
            award(r, 0).brand_id for r in range(ROUNDS)
        ]
        winners = {o[1] for o in outcomes if o[0] == 0 and o[2] == "paid"}
        assert entries[0].decision_id == f"round-0-worker-{winners.pop()}"


def _wait_for_inserted(pipe: Connection) -> int:
    assert pipe.poll(PATIENCE), "the stalled claim never reached its INSERT"
    state, backend = pipe.recv()
    assert state == "inserted"
    return int(backend)


def _kill(worker: multiprocessing.process.BaseProcess, pipe: Connection) -> None:
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(PATIENCE)
    assert worker.exitcode == -signal.SIGKILL
    assert not pipe.poll(), "the claim committed before it was killed"


def _recovered(store: LedgerStore) -> None:
    """The killed claim left nothing behind, and the award can be claimed afresh."""
    assert tuple(store.entries()) == ()
    assert store.paid(award(0, 0).brand_id, "employment_award") is None
    fresh = award(0, 1)
    assert store.claim(fresh) == fresh
    assert tuple(store.entries()) == (fresh,)


def test_sqlite_claim_killed_mid_transaction(tmp_path: pathlib.Path) -> None:
    """A process killed between its INSERT and COMMIT leaves a sound file without its payment."""
    place = ("sqlite", str(tmp_path / "ledger.db"))
    SQLiteLedger(place[1]).close()
    parent, child = SPAWN.Pipe()
    worker = SPAWN.Process(target=stalled_worker, args=(place, child))
    worker.start()
    _wait_for_inserted(parent)
    # The child really is inside its write transaction: the write lock is taken.
    other = sqlite3.connect(place[1], timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.close()
    _kill(worker, parent)
    with sqlite3.connect(place[1]) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    with SQLiteLedger(place[1], timeout=5) as store:
        _recovered(store)


@pytest.mark.postgres
def test_postgres_claim_killed_mid_transaction(postgres_server: str) -> None:
    """The server rolls back a killed client's claim; the award can then be claimed."""
    import psycopg

    place = ("postgres", f"{postgres_server}|t_{uuid.uuid4().hex}")
    open_store(place).close()
    parent, child = SPAWN.Pipe()
    worker = SPAWN.Process(target=stalled_worker, args=(place, child))
    worker.start()
    backend = _wait_for_inserted(parent)

    def state() -> str | None:
        with psycopg.connect(postgres_server, autocommit=True) as watch:
            row = watch.execute(
                "SELECT state FROM pg_stat_activity WHERE pid = %s", (backend,)
            ).fetchone()
        return None if row is None else str(row[0])

    assert state() == "idle in transaction"
    _kill(worker, parent)
    deadline = time.monotonic() + PATIENCE
    while state() is not None:
        assert time.monotonic() < deadline, "the server kept the dead claim's session"
        time.sleep(0.05)
    with open_store(place) as store:
        _recovered(store)
