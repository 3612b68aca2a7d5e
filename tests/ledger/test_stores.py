"""The ledger stores keep one contract: memory, an SQLite file, a PostgreSQL table."""

from __future__ import annotations

import pickle
import sqlite3
import subprocess
import sys
import tempfile
import threading
import uuid
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labourbrand.exceptions import AlreadyPaidError, InvalidArgumentError, LedgerError
from labourbrand.ledger import (
    Ledger,
    LedgerStore,
    MemoryLedger,
    Payment,
    PostgresLedger,
    SQLiteLedger,
)
from labourbrand.ledger._sqlite import SCHEMA_VERSION
from labourbrand.money import Fen


if TYPE_CHECKING:
    import pathlib
    from collections.abc import Iterator


DAY = pendulum.Date(2023, 1, 10)
AMOUNT = Fen(30_000_000)


def payment(
    brand_id: str = "610924/紫阳修脚师",
    measure: str = "employment_award",
    *,
    on: pendulum.Date = DAY,
    one_time: bool = True,
    decision_id: str = "d-1",
    amount: Fen | None = AMOUNT,
) -> Payment:
    return Payment(
        brand_id=brand_id,
        brand=brand_id.rpartition("/")[2],
        measure=measure,
        decided_on=on.subtract(days=3),
        on=on,
        amount=amount,
        one_time=one_time,
        decision_id=decision_id,
        policy_version="2022-shaanxi+test",
        inputs='{"brand": "紫阳修脚师"}',
    )


class Stores:
    """Opens stores of one kind on one place, and closes them all at the end."""

    def __init__(
        self, kind: str, tmp_path: pathlib.Path, request: pytest.FixtureRequest
    ) -> None:
        self.kind = kind
        self.opened: list[SQLiteLedger | PostgresLedger] = []
        self.memory = MemoryLedger()
        self.path = tmp_path / "ledger.db"
        self.table = f"t_{uuid.uuid4().hex}"
        self.conninfo = (
            request.getfixturevalue("postgres_server") if kind == "postgres" else ""
        )

    def open(self) -> LedgerStore:
        """A store on the same place as every other one this object opened."""
        if self.kind == "memory":
            return self.memory
        store: SQLiteLedger | PostgresLedger
        if self.kind == "sqlite":
            store = SQLiteLedger(self.path)
        else:
            store = PostgresLedger(self.conninfo, table=self.table)
        self.opened.append(store)
        return store

    def raw_execute(self, statement: str) -> None:
        """Run *statement* on the store's database behind its back.

        ``{payments}`` and ``{schema}`` in it name the store's two tables.
        """
        if self.kind == "sqlite":
            text = statement.format(payments="payments", schema="ledger_schema")
            with sqlite3.connect(self.path) as connection:
                connection.execute(text)
            connection.close()
        else:
            import psycopg

            text = statement.format(payments=self.table, schema=f"{self.table}_schema")
            with psycopg.connect(self.conninfo, autocommit=True) as pg:
                pg.execute(text.encode())

    def close(self) -> None:
        for store in self.opened:
            store.close()


ALL = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
PERSISTENT = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=ALL)
def stores(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Stores]:
    opened = Stores(request.param, tmp_path, request)
    yield opened
    opened.close()


@pytest.fixture(params=PERSISTENT)
def persistent(
    request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> Iterator[Stores]:
    opened = Stores(request.param, tmp_path, request)
    yield opened
    opened.close()


# ------------------------------------------------------------------ the contract


def test_claim_then_read(stores: Stores) -> None:
    """A claimed payment is returned, then found by paid, paid_ids and entries."""
    store = stores.open()
    assert isinstance(store, LedgerStore)
    p = payment()
    assert store.claim(p) == p
    assert store.paid(p.brand_id, p.measure) == p
    assert store.paid("other", p.measure) is None
    assert store.paid(p.brand_id, "other_measure") is None
    assert store.paid_ids(p.measure) == frozenset({p.brand_id})
    assert store.paid_ids("other_measure") == frozenset()
    assert tuple(store.entries()) == (p,)


def test_reads_as_of_a_day(stores: Stores) -> None:
    """A payment recorded on 2023-01-10 is not seen on 2023-01-05, and is seen from that day on."""
    store = stores.open()
    p = store.claim(payment(on=pendulum.Date(2023, 1, 10)))
    assert store.paid(p.brand_id, p.measure, on=pendulum.Date(2023, 1, 5)) is None
    assert store.paid(p.brand_id, p.measure, on=pendulum.Date(2023, 1, 9)) is None
    assert store.paid(p.brand_id, p.measure, on=pendulum.Date(2023, 1, 10)) == p
    assert store.paid(p.brand_id, p.measure, on=pendulum.Date(2024, 1, 1)) == p
    assert store.paid_ids(p.measure, on=pendulum.Date(2023, 1, 5)) == frozenset()
    assert store.paid_ids(p.measure, on=pendulum.Date(2023, 1, 10)) == {p.brand_id}


def test_reads_the_payments_of_an_occasion(stores: Stores) -> None:
    """With since=, only a payment decided on or after that day: one occasion's payments."""
    store = stores.open()
    first = store.claim(payment(on=pendulum.Date(2023, 1, 10), one_time=False))
    later = store.claim(
        payment(on=pendulum.Date(2024, 3, 10), one_time=False, decision_id="d-2")
    )
    brand, measure = first.brand_id, first.measure
    assert store.paid(brand, measure, since=pendulum.Date(2023, 1, 1)) == first
    assert store.paid(brand, measure, since=pendulum.Date(2023, 1, 8)) == later
    assert store.paid(brand, measure, since=pendulum.Date(2024, 3, 8)) is None
    assert (
        store.paid(
            brand,
            measure,
            on=pendulum.Date(2024, 1, 1),
            since=pendulum.Date(2023, 1, 8),
        )
        is None
    )
    assert (
        Ledger([first, later]).paid(brand, measure, since=pendulum.Date(2023, 1, 8))
        == later
    )


def test_one_time_per_occasion_is_kept_by_the_store(stores: Stores) -> None:
    """A once-per-occasion payment (a showcase selection): a second for the same occasion is refused by the store itself."""
    store = stores.open()
    national = "national:2024-09-01:全国劳务品牌发展大会"
    provincial = "provincial:2023-09-01:陕西省劳务品牌展示交流活动"
    first = store.claim(
        attrs.evolve(payment(measure="showcase_award"), occasion=provincial)
    )
    second = store.claim(
        attrs.evolve(
            payment(measure="showcase_award", decision_id="d-2"), occasion=national
        )
    )
    with pytest.raises(AlreadyPaidError):
        store.claim(
            attrs.evolve(
                payment(measure="showcase_award", decision_id="d-3"), occasion=national
            )
        )
    brand = first.brand_id
    assert store.paid(brand, "showcase_award", occasion=provincial) == first
    assert store.paid(brand, "showcase_award", occasion=national) == second
    assert store.paid(brand, "showcase_award", occasion="other") is None
    # Once per brand is the occasion "": a second is refused whatever the other occasions.
    store.claim(payment(decision_id="d-4"))
    with pytest.raises(AlreadyPaidError):
        store.claim(payment(decision_id="d-5"))
    assert [p.occasion for p in store.entries()] == [provincial, national, ""]


def test_second_one_time_payment_is_refused(stores: Stores) -> None:
    """A second claim of a one-time measure for the brand raises with the first's day."""
    store = stores.open()
    first = store.claim(payment(decision_id="d-1"))
    with pytest.raises(AlreadyPaidError) as caught:
        store.claim(payment(decision_id="d-2", on=pendulum.Date(2023, 6, 1)))
    assert caught.value.paid_on == first.on
    assert caught.value.brand_id == first.brand_id
    assert caught.value.measure == first.measure
    assert tuple(store.entries()) == (first,)


def test_same_decision_twice_is_refused(stores: Stores) -> None:
    """A decision pays once, even for a measure that is not one-time."""
    store = stores.open()
    first = store.claim(payment(one_time=False, decision_id="d-7"))
    again = payment(
        "610926/平利茶农", one_time=False, decision_id="d-7", on=DAY.add(days=1)
    )
    with pytest.raises(AlreadyPaidError) as caught:
        store.claim(again)
    assert caught.value.paid_on == first.on
    assert caught.value.brand_id == again.brand_id
    assert tuple(store.entries()) == (first,)


def test_measure_not_one_time_is_paid_again(stores: Stores) -> None:
    """A measure that is not one-time takes a second claim under another decision."""
    store = stores.open()
    later = store.claim(payment(one_time=False, decision_id="d-1", on=DAY.add(days=30)))
    earlier = store.claim(payment(one_time=False, decision_id="d-2", on=DAY))
    assert tuple(store.entries()) == (later, earlier)
    assert store.paid(later.brand_id, later.measure) == later
    assert store.paid(later.brand_id, later.measure, on=DAY) == earlier


def test_one_time_after_repeatable_payment_of_the_same_measure(stores: Stores) -> None:
    """Only one-time payments collide: a one-time claim after a repeatable one is recorded."""
    store = stores.open()
    repeatable = store.claim(payment(one_time=False, decision_id="d-1"))
    once = store.claim(payment(one_time=True, decision_id="d-2"))
    with pytest.raises(AlreadyPaidError):
        store.claim(payment(one_time=True, decision_id="d-3"))
    assert tuple(store.entries()) == (repeatable, once)


def test_fields_round_trip(stores: Stores) -> None:
    """Every field comes back as claimed: no amount, a large amount, Chinese text."""
    store = stores.open()
    none = store.claim(payment("a/品牌", decision_id="d-1", amount=None))
    big = store.claim(payment("b/品牌", decision_id="d-2", amount=Fen(10**15)))
    zero = store.claim(payment("c/品牌", decision_id="d-3", amount=Fen(0)))
    assert tuple(store.entries()) == (none, big, zero)
    assert store.paid_ids("employment_award") == {"a/品牌", "b/品牌", "c/品牌"}


def test_claim_refuses_what_is_not_a_payment(stores: Stores) -> None:
    """claim names the wrong value rather than writing it."""
    store = stores.open()
    with pytest.raises(InvalidArgumentError, match="Expected a Payment but got"):
        store.claim({"brand_id": "b1"})  # type: ignore[arg-type]
    assert tuple(store.entries()) == ()


# ------------------------------------------------------------------ persistent stores


def test_payments_survive_a_restart(persistent: Stores) -> None:
    """Payments claimed in one store are found, and still refused, after reopening it."""
    first = persistent.open()
    p = first.claim(payment())
    q = first.claim(payment("610926/平利茶农", decision_id="d-2"))
    first.close()  # type: ignore[attr-defined]
    again = persistent.open()
    assert tuple(again.entries()) == (p, q)
    with pytest.raises(AlreadyPaidError):
        again.claim(payment(decision_id="d-3"))


def test_two_stores_on_one_place_see_each_other(persistent: Stores) -> None:
    """A claim through one connection is refused through another."""
    one, two = persistent.open(), persistent.open()
    one.claim(payment())
    with pytest.raises(AlreadyPaidError):
        two.claim(payment(decision_id="d-2"))
    assert two.paid_ids("employment_award") == {"610924/紫阳修脚师"}


def test_unknown_schema_version_is_refused(persistent: Stores) -> None:
    """A store written by another schema version is refused on opening."""
    persistent.open()
    persistent.raw_execute("UPDATE {schema} SET version = 99")
    with pytest.raises(
        LedgerError, match="Expected ledger schema version 2 but got version=99"
    ):
        persistent.open()


def test_corrupt_row_is_reported_by_row(persistent: Stores) -> None:
    """A row that is not a valid payment raises LedgerError naming the row, not a bare error."""
    store = persistent.open()
    store.claim(payment())
    persistent.raw_execute("UPDATE {payments} SET amount = -5")
    with pytest.raises(LedgerError, match=r"row seq=1 .*amount=-5") as caught:
        store.entries()
    assert isinstance(caught.value.__cause__, InvalidArgumentError)


def test_closed_store_raises(persistent: Stores) -> None:
    """A closed store refuses to work, and closing twice is harmless."""
    store = persistent.open()
    store.close()  # type: ignore[attr-defined]
    store.close()  # type: ignore[attr-defined]
    with pytest.raises(LedgerError, match="Expected an open ledger but it was closed"):
        store.entries()
    with pytest.raises(LedgerError):
        store.claim(payment())


def test_a_forked_child_opens_its_own_connection(persistent: Stores) -> None:
    """After a fork the store leaves the parent's connection alone and opens another."""
    store = persistent.open()
    assert isinstance(store, SQLiteLedger | PostgresLedger)
    store.claim(payment())
    inherited = store._connection
    store._pid = -1  # as if this process were a child forked after opening
    store.claim(payment("610926/平利茶农", decision_id="d-2"))
    assert store._connection is not inherited
    assert store._stale == [inherited]
    assert len(store.entries()) == 2
    assert inherited is not None
    inherited.close()  # the "parent's" connection, still open


def test_context_manager_closes(persistent: Stores) -> None:
    """Leaving the with block closes the store."""
    with persistent.open() as store:  # type: ignore[attr-defined]
        store.claim(payment())
    with pytest.raises(LedgerError):
        store.entries()


# ------------------------------------------------------------------ SQLite


def test_sqlite_file_settings(tmp_path: pathlib.Path) -> None:
    """The file is in WAL mode with synchronous=FULL and both uniqueness rules in its schema."""
    with SQLiteLedger(tmp_path / "ledger.db") as store:
        connection = store._connect()
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    with sqlite3.connect(tmp_path / "ledger.db") as raw:
        sql = "\n".join(
            row[0]
            for row in raw.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
            )
        )
        version = raw.execute("SELECT version FROM ledger_schema").fetchall()
    raw.close()
    assert "decision_id TEXT NOT NULL UNIQUE" in sql
    assert "ON payments (brand_id, measure, occasion) WHERE one_time = 1" in sql
    assert version == [(SCHEMA_VERSION,)]


def test_sqlite_refuses_a_file_that_is_not_a_database(tmp_path: pathlib.Path) -> None:
    """Opening a text file raises LedgerError naming the file, and leaves it alone."""
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 200, encoding="utf-8")
    with pytest.raises(LedgerError, match="file is not a database") as caught:
        SQLiteLedger(path)
    assert caught.value.store == str(path)
    assert path.read_text(encoding="utf-8") == "not a database\n" * 200


def test_sqlite_locked_past_the_timeout(tmp_path: pathlib.Path) -> None:
    """A claim that waits longer than the timeout for another writer raises LedgerError."""
    path = tmp_path / "ledger.db"
    with SQLiteLedger(path, timeout=0.2) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(LedgerError, match="database is locked"):
                store.claim(payment())
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.claim(payment()) == payment()


def test_sqlite_refuses_bad_arguments(tmp_path: pathlib.Path) -> None:
    """The path is a path; the timeout a number of seconds, not negative."""
    with pytest.raises(
        InvalidArgumentError, match="Expected a file path but got path=42"
    ):
        SQLiteLedger(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="timeout"):
        SQLiteLedger(tmp_path / "a.db", timeout=-1)
    with pytest.raises(InvalidArgumentError, match="timeout"):
        SQLiteLedger(tmp_path / "a.db", timeout="30")  # type: ignore[arg-type]


def test_sqlite_store_pickles_by_path(tmp_path: pathlib.Path) -> None:
    """An unpickled store opens the same file again, with its timeout."""
    with SQLiteLedger(tmp_path / "ledger.db", timeout=5) as store:
        p = store.claim(payment())
        with pickle.loads(pickle.dumps(store)) as copy:  # noqa: S301 - our own bytes
            assert copy is not store
            assert copy._timeout == 5.0
            assert tuple(copy.entries()) == (p,)


def test_sqlite_threads_share_one_store(tmp_path: pathlib.Path) -> None:
    """Eight threads claiming one award through one object: one is paid, seven refused."""
    with SQLiteLedger(tmp_path / "ledger.db") as store:
        start = threading.Barrier(8)
        outcomes: list[str] = []

        def claim(index: int) -> None:
            start.wait()
            try:
                store.claim(payment(decision_id=f"d-{index}"))
                outcomes.append("paid")
            except AlreadyPaidError:
                outcomes.append("refused")

        threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["paid"] + ["refused"] * 7
        assert len(store.entries()) == 1


# ------------------------------------------------------------------ PostgreSQL


@pytest.mark.parametrize(
    "table", ["", "Payments", "1payments", "pay-ments", "a;drop", "x" * 49]
)
def test_postgres_refuses_a_bad_table_name(table: str) -> None:
    """The table name is checked before anything is imported or connected."""
    with pytest.raises(InvalidArgumentError, match="Expected a table name"):
        PostgresLedger("dbname=x", table=table)


def test_postgres_without_the_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without psycopg, opening raises LedgerError saying which extra to install."""
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(LedgerError, match=r"pip install 'labourbrand\[postgres\]'"):
        PostgresLedger("dbname=x")


def test_importing_the_ledger_does_not_import_psycopg() -> None:
    """psycopg is imported when a PostgresLedger is made, not by the package."""
    code = "import sys, labourbrand.ledger as l; l.PostgresLedger; print('psycopg' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "conninfo",
    [
        "host=/nonexistent-labourbrand port=1 dbname=payments user=app password=hunter2",
        "postgresql://app:hunter2@/payments?host=/nonexistent-labourbrand&port=1",
        "dbname=payments password=hunter2 garbage",
    ],
)
def test_postgres_errors_never_show_the_password(conninfo: str) -> None:
    """A server that cannot be reached, or a conninfo that does not parse, keeps the password out."""
    with pytest.raises(LedgerError) as caught:
        PostgresLedger(conninfo)
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in caught.value.store
    assert "hunter2" not in repr(pickle.loads(pickle.dumps(caught.value)))  # noqa: S301


@pytest.mark.postgres
def test_postgres_store_names_the_database(postgres_server: str) -> None:
    """store= names the database and the table, never the password."""
    table = f"t_{uuid.uuid4().hex}"
    with PostgresLedger(f"{postgres_server} password=hunter2", table=table) as store:
        store.claim(payment())
        with pytest.raises(AlreadyPaidError):
            store.claim(payment(decision_id="d-2"))
        assert "labourbrand_test" in store._store
        assert table in store._store
        assert "hunter2" not in store._store + repr(store)


# ------------------------------------------------------------------ errors pickle


def test_errors_raised_by_a_store_pickle(tmp_path: pathlib.Path) -> None:
    """AlreadyPaidError and LedgerError cross a process boundary with their attributes."""
    with SQLiteLedger(tmp_path / "ledger.db") as store:
        store.claim(payment())
        with pytest.raises(AlreadyPaidError) as refused:
            store.claim(payment(decision_id="d-2"))
    (tmp_path / "bad.db").write_bytes(b"\x00garbage" * 500)
    with pytest.raises(LedgerError) as failed:
        SQLiteLedger(tmp_path / "bad.db")
    for error in (refused.value, failed.value):
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.__dict__ == error.__dict__
    assert pickle.loads(pickle.dumps(refused.value)).paid_on == DAY  # noqa: S301
    assert pickle.loads(pickle.dumps(failed.value)).store == str(tmp_path / "bad.db")  # noqa: S301


# ------------------------------------------------------------------ property


@st.composite
def claim_sequences(draw: st.DrawFn) -> list[Payment]:
    """Claims over few brands, measures, days and decision ids, so that they collide."""
    n = draw(st.integers(min_value=0, max_value=10))
    claims = []
    for _ in range(n):
        decided = pendulum.Date(2023, 1, 1).add(days=draw(st.integers(0, 20)))
        claims.append(
            Payment(
                brand_id=draw(st.sampled_from(["a", "b", "c"])),
                brand="品牌",
                measure=draw(st.sampled_from(["m1", "m2"])),
                decided_on=decided,
                on=decided.add(days=draw(st.integers(0, 3))),
                amount=draw(st.none() | st.builds(Fen, st.integers(0, 10**6))),
                one_time=draw(st.booleans()),
                decision_id=f"d{draw(st.integers(0, 6))}",
                policy_version="v",
            )
        )
    return claims


def _replay(store: LedgerStore, claims: list[Payment]) -> None:
    """The store accepts and refuses what the immutable Ledger does, and reads the same."""
    ledger = Ledger()
    for claim in claims:
        try:
            ledger = ledger.with_payment(claim)
            expected: object = "recorded"
        except AlreadyPaidError as error:
            expected = ("refused", error.paid_on)
        try:
            assert store.claim(claim) == claim
            got: object = "recorded"
        except AlreadyPaidError as error:
            got = ("refused", error.paid_on)
        assert got == expected, claim
    assert tuple(store.entries()) == ledger.payments
    for day in (pendulum.Date(2023, 1, 5), pendulum.Date(2023, 1, 15), None):
        for measure in ("m1", "m2"):
            assert store.paid_ids(measure, on=day) == ledger.paid_ids(measure, on=day)
            for brand in ("a", "b", "c"):
                assert store.paid(brand, measure, on=day) == ledger.paid(
                    brand, measure, on=day
                )


@settings(max_examples=30, deadline=None)
@given(claims=claim_sequences())
def test_memory_store_agrees_with_the_immutable_ledger(claims: list[Payment]) -> None:
    """For any sequence of claims, MemoryLedger records and refuses what Ledger does."""
    _replay(MemoryLedger(), claims)


@settings(max_examples=30, deadline=None)
@given(claims=claim_sequences())
def test_sqlite_store_agrees_with_the_immutable_ledger(claims: list[Payment]) -> None:
    """For any sequence of claims, a fresh SQLite file records and refuses what Ledger does."""
    with (
        tempfile.TemporaryDirectory() as folder,
        SQLiteLedger(f"{folder}/ledger.db") as store,
    ):
        _replay(store, claims)
