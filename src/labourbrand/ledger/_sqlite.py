"""A ledger store in an SQLite file, atomic across threads and processes (private)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from typing import TYPE_CHECKING, Any, Final, final

from labourbrand.dates import parse_date
from labourbrand.exceptions import AlreadyPaidError, InvalidArgumentError, LedgerError
from labourbrand.ledger._payment import Payment
from labourbrand.money import Fen


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType

    import pendulum


__all__ = ["SCHEMA_VERSION", "SQLiteLedger"]

#: The version of the tables below; a file with another version is refused.
SCHEMA_VERSION: Final = 2

_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS ledger_schema (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
    )""",
    # One row per payment; seq keeps the order recorded. Days are ISO text
    # (YYYY-MM-DD, which sorts as days do), amounts integer fen, flags 0/1.
    """CREATE TABLE IF NOT EXISTS payments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        brand_id TEXT NOT NULL,
        brand TEXT NOT NULL,
        measure TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        paid_on TEXT NOT NULL,
        amount INTEGER,
        one_time INTEGER NOT NULL CHECK (one_time IN (0, 1)),
        decision_id TEXT NOT NULL UNIQUE,
        policy_version TEXT NOT NULL,
        inputs TEXT NOT NULL,
        occasion TEXT NOT NULL DEFAULT ''
    )""",
    # A one-time measure is paid once per brand and occasion ('' for the
    # brand itself): the file itself refuses a second.
    """CREATE UNIQUE INDEX IF NOT EXISTS payments_one_time
        ON payments (brand_id, measure, occasion) WHERE one_time = 1""",
    """CREATE INDEX IF NOT EXISTS payments_brand_measure
        ON payments (brand_id, measure, paid_on)""",
    """CREATE INDEX IF NOT EXISTS payments_measure ON payments (measure, paid_on)""",
)

_COLUMNS: Final = (
    "seq, brand_id, brand, measure, decided_on, paid_on, amount, one_time, "
    "decision_id, policy_version, inputs, occasion"
)
_INSERT: Final = (
    "INSERT INTO payments (brand_id, brand, measure, decided_on, paid_on, amount, "
    "one_time, decision_id, policy_version, inputs, occasion) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The payment a refused claim collides with: the same decision, or the same
# brand's one-time measure.
_CONFLICT: Final = (
    "SELECT paid_on FROM payments WHERE decision_id = ? "
    "OR (? = 1 AND one_time = 1 AND brand_id = ? AND measure = ? AND occasion = ?) "
    "ORDER BY seq LIMIT 1"
)


def _reopen(path: str, timeout: float) -> SQLiteLedger:
    """Open the store at *path* again (how a pickled :class:`SQLiteLedger` is rebuilt)."""
    return SQLiteLedger(path, timeout=timeout)


def _row(payment: Payment) -> tuple[object, ...]:
    return (
        payment.brand_id,
        payment.brand,
        str(payment.measure),
        payment.decided_on.isoformat(),
        payment.on.isoformat(),
        None if payment.amount is None else payment.amount.amount,
        int(payment.one_time),
        payment.decision_id,
        payment.policy_version,
        payment.inputs,
        payment.occasion,
    )


@final
class SQLiteLedger:
    """A ledger store in an SQLite file: claims are atomic across threads and processes.

    The embedded default for an application that pays money: the standard
    library's :mod:`sqlite3`, a file in WAL mode with ``synchronous=FULL``, so
    that a claim that returned survives a crash or a power cut. The file
    refuses a second payment of a one-time measure to one brand, and a second
    payment of one decision, with uniqueness constraints; :meth:`claim` writes
    in one ``BEGIN IMMEDIATE`` transaction. Several processes may open the
    same file at once (each object holds its own connection), and threads may
    share one object.

    Opening creates the file and its tables if they are missing. A store
    pickles by its path: unpickling (in a worker process, say) opens the file
    again.

    Args:
        path: the file.
        timeout: seconds to wait for another writer's lock before giving up
            with :exc:`~labourbrand.exceptions.LedgerError`.

    Raises:
        LedgerError: the file is not an SQLite database, was written by
            another version of the schema, or cannot be opened.

    Example:
        >>> import pathlib, tempfile, pendulum
        >>> from labourbrand.ledger import Payment, SQLiteLedger
        >>> folder = tempfile.TemporaryDirectory()
        >>> p = Payment(brand_id="b1", brand="某品牌", measure="employment_award",
        ...     on=pendulum.Date(2023, 3, 1), decided_on=pendulum.Date(2023, 3, 1),
        ...     amount=None, one_time=True, decision_id="d-1", policy_version="v")
        >>> with SQLiteLedger(pathlib.Path(folder.name) / "ledger.db") as store:
        ...     _ = store.claim(p)
        >>> with SQLiteLedger(pathlib.Path(folder.name) / "ledger.db") as store:
        ...     store.paid("b1", "employment_award") == p
        True
        >>> folder.cleanup()

    .. versionadded:: 0.2.0
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            msg = f"Expected a number of seconds but got timeout={timeout!r} (type={type(timeout).__name__})"
            raise InvalidArgumentError(msg, field="timeout")
        if not timeout >= 0:
            msg = f"Expected timeout >= 0 seconds but got timeout={timeout!r}"
            raise InvalidArgumentError(msg, field="timeout")
        try:
            self._path = os.fspath(path)
        except TypeError:
            msg = f"Expected a file path but got path={path!r} (type={type(path).__name__})"
            raise InvalidArgumentError(msg, field="path") from None
        self._timeout = float(timeout)
        self._lock = threading.Lock()
        #: Test seam (private): called inside :meth:`claim`'s transaction, after
        #: the INSERT and before the COMMIT, so a test can kill the process there.
        self._pause_after_insert: Callable[[], object] | None = None
        self._pid = os.getpid()
        self._stale: list[sqlite3.Connection] = []
        self._connection: sqlite3.Connection | None = self._open()

    # ------------------------------------------------------------------ opening

    def _error(self, doing: str, error: sqlite3.Error) -> LedgerError:
        msg = f"Expected to {doing} but SQLite failed: {error} ({type(error).__name__})"
        return LedgerError(msg, store=self._path)

    def _open(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: no implicit transactions; claim() begins its own.
            connection = sqlite3.connect(
                self._path,
                timeout=self._timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            doing = "open the file"
            raise self._error(doing, error) from error
        try:
            self._prepare(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        try:
            self._wal(connection)
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    connection.execute(statement)
                found = connection.execute(
                    "SELECT version FROM ledger_schema WHERE id = 1"
                ).fetchone()
                if found is None:
                    connection.execute(
                        "INSERT INTO ledger_schema (id, version) VALUES (1, ?)",
                        (SCHEMA_VERSION,),
                    )
                connection.execute("COMMIT")
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
        except sqlite3.Error as error:
            doing = "open a ledger database"
            raise self._error(doing, error) from error
        if found is not None and found[0] != SCHEMA_VERSION:
            msg = (
                f"Expected ledger schema version {SCHEMA_VERSION} but got "
                f"version={found[0]!r}: the file was written by another version of labourbrand"
            )
            raise LedgerError(msg, store=self._path)

    def _wal(self, connection: sqlite3.Connection) -> None:
        # Switching a new file to WAL needs a moment alone with it, and SQLite
        # does not wait for that on its own: retry until the timeout.
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL").fetchone()
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)
            else:
                return

    def _connect(self) -> sqlite3.Connection:
        """The object's connection, opened again in a child process after a fork."""
        if self._connection is None:
            msg = "Expected an open ledger but it was closed"
            raise LedgerError(msg, store=self._path)
        if os.getpid() != self._pid:
            # A connection must not cross a fork (sqlite.org/howtocorrupt.html):
            # leave the parent's alone, unclosed, and open one of our own.
            self._stale.append(self._connection)
            self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    # ------------------------------------------------------------------ reading

    def _payment(self, row: tuple[Any, ...]) -> Payment:
        """The validated payment of *row*, or a :exc:`LedgerError` naming the row."""
        seq = row[0]
        try:
            one_time = row[7]
            if type(one_time) is not int or one_time not in {0, 1}:
                msg = f"Expected one_time 0 or 1 but got one_time={one_time!r}"
                raise InvalidArgumentError(msg, field="one_time")  # noqa: TRY301
            amount = row[6]
            return Payment(
                brand_id=row[1],
                brand=row[2],
                measure=row[3],
                decided_on=parse_date(row[4]),
                on=parse_date(row[5]),
                amount=None if amount is None else Fen(amount),
                one_time=bool(one_time),
                decision_id=row[8],
                policy_version=row[9],
                inputs=row[10],
                occasion=row[11],
            )
        except InvalidArgumentError as error:
            msg = f"Expected a valid payment but got row seq={seq!r} of table payments: {error}"
            raise LedgerError(msg, store=self._path) from error

    def _select(
        self, where: str, parameters: tuple[object, ...], *, limit: int = -1
    ) -> list[Payment]:
        query = f"SELECT {_COLUMNS} FROM payments {where} ORDER BY seq LIMIT ?"  # noqa: S608 - fixed text
        with self._lock:
            connection = self._connect()
            try:
                rows = connection.execute(query, (*parameters, limit)).fetchall()
            except sqlite3.Error as error:
                doing = "read the payments"
                raise self._error(doing, error) from error
        return [self._payment(row) for row in rows]

    def paid(
        self,
        brand_id: str,
        measure: str,
        *,
        on: pendulum.Date | None = None,
        since: pendulum.Date | None = None,
        occasion: str | None = None,
    ) -> Payment | None:
        """The first payment of *measure* for *brand_id* recorded on or before *on*.

        With *since*, only a payment whose decision is dated on or after it;
        with *occasion*, only one for that occasion (a measure paid once per
        occasion, such as a showcase selection).
        """
        where = "WHERE brand_id = ? AND measure = ?"
        parameters: tuple[str, ...] = (brand_id, str(measure))
        if on is not None:
            where += " AND paid_on <= ?"
            parameters += (on.isoformat(),)
        if since is not None:
            where += " AND decided_on >= ?"
            parameters += (since.isoformat(),)
        if occasion is not None:
            where += " AND occasion = ?"
            parameters += (occasion,)
        found = self._select(where, parameters, limit=1)
        return found[0] if found else None

    def paid_ids(
        self, measure: str, *, on: pendulum.Date | None = None
    ) -> frozenset[str]:
        """The ids of the brands paid *measure* on or before *on*."""
        query = "SELECT DISTINCT brand_id FROM payments WHERE measure = ?"
        parameters: tuple[str, ...] = (str(measure),)
        if on is not None:
            query += " AND paid_on <= ?"
            parameters += (on.isoformat(),)
        with self._lock:
            connection = self._connect()
            try:
                rows = connection.execute(query, parameters).fetchall()
            except sqlite3.Error as error:
                doing = "read the payments"
                raise self._error(doing, error) from error
        return frozenset(row[0] for row in rows)

    def entries(self) -> Sequence[Payment]:
        """Every payment, in the order recorded."""
        return tuple(self._select("", ()))

    # ------------------------------------------------------------------ claiming

    def claim(self, payment: Payment) -> Payment:
        """Record *payment* atomically, or raise :class:`~labourbrand.exceptions.AlreadyPaidError`.

        Raises:
            AlreadyPaidError: the file holds a payment of the same decision, or
                of the same one-time measure for the same brand and occasion.
            LedgerError: the file cannot be written (locked past the timeout,
                read-only, full).
        """
        if not isinstance(payment, Payment):
            msg = f"Expected a Payment but got payment={payment!r} (type={type(payment).__name__})"  # type: ignore[unreachable]
            raise InvalidArgumentError(msg, field="payment")
        row = _row(payment)
        with self._lock:
            connection = self._connect()
            try:
                try:
                    # IMMEDIATE: take the write lock first, so the check of
                    # the constraints and the write are one step for every
                    # other process.
                    connection.execute("BEGIN IMMEDIATE")
                    try:
                        connection.execute(_INSERT, row)
                    except sqlite3.IntegrityError:
                        found = connection.execute(
                            _CONFLICT,
                            (
                                payment.decision_id,
                                int(payment.one_time),
                                payment.brand_id,
                                str(payment.measure),
                                payment.occasion,
                            ),
                        ).fetchone()
                        if found is None:  # another constraint: not a double payment
                            raise
                        raise AlreadyPaidError(
                            brand_id=payment.brand_id,
                            measure=str(payment.measure),
                            paid_on=parse_date(found[0]),
                        ) from None
                    if self._pause_after_insert is not None:
                        self._pause_after_insert()
                    connection.execute("COMMIT")
                finally:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
            except sqlite3.Error as error:
                doing = "claim a payment"
                raise self._error(doing, error) from error
        return payment

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards. Closing twice is harmless."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None and os.getpid() == self._pid:
            connection.close()

    def __enter__(self) -> SQLiteLedger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_reopen, (self._path, self._timeout))

    def __repr__(self) -> str:
        return f"SQLiteLedger({self._path!r})"
