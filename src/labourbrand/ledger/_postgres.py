"""A ledger store in a PostgreSQL table, through psycopg 3 (private).

psycopg is imported when a :class:`PostgresLedger` is made, never when
:mod:`labourbrand.ledger` is imported, so that it stays an optional extra.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from typing import TYPE_CHECKING, Any, Final, final

from labourbrand.dates import as_date
from labourbrand.exceptions import AlreadyPaidError, InvalidArgumentError, LedgerError
from labourbrand.ledger._payment import Payment
from labourbrand.money import Fen


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType, TracebackType

    import pendulum
    import psycopg
    from psycopg import sql


__all__ = ["SCHEMA_VERSION", "PostgresLedger"]

#: The version of the tables below; a table with another version is refused.
SCHEMA_VERSION: Final = 2

_TABLE: Final = re.compile(r"[a-z_][a-z0-9_]*")
# PostgreSQL truncates identifiers at 63 bytes; the index names add a suffix.
_TABLE_MAX: Final = 48

_INSTALL: Final = "pip install 'labourbrand[postgres]'"

_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS {schema} (
        id integer PRIMARY KEY CHECK (id = 1),
        version integer NOT NULL
    )""",
    # One row per payment; seq keeps the order recorded; amounts in fen.
    """CREATE TABLE IF NOT EXISTS {table} (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        brand_id text NOT NULL,
        brand text NOT NULL,
        measure text NOT NULL,
        decided_on date NOT NULL,
        paid_on date NOT NULL,
        amount bigint,
        one_time boolean NOT NULL,
        decision_id text NOT NULL,
        policy_version text NOT NULL,
        inputs text NOT NULL,
        occasion text NOT NULL DEFAULT '',
        CONSTRAINT {decision_unique} UNIQUE (decision_id)
    )""",
    # A one-time measure is paid once per brand and occasion ('' for the brand
    # itself): the table itself refuses a second.
    """CREATE UNIQUE INDEX IF NOT EXISTS {one_time}
        ON {table} (brand_id, measure, occasion) WHERE one_time""",
    """CREATE INDEX IF NOT EXISTS {brand_measure}
        ON {table} (brand_id, measure, paid_on)""",
)

_COLUMNS: Final = (
    "seq, brand_id, brand, measure, decided_on, paid_on, amount, one_time, "
    "decision_id, policy_version, inputs, occasion"
)


def _driver(store: str) -> ModuleType:
    """The psycopg module, or a :exc:`LedgerError` saying how to install it."""
    try:
        import psycopg
    except ImportError as error:
        msg = f"Expected the psycopg 3 driver but it is not installed: {_INSTALL}"
        raise LedgerError(msg, store=store) from error
    return psycopg


def _day(day: pendulum.Date) -> dt.date:
    return dt.date(day.year, day.month, day.day)


@final
class PostgresLedger:
    """A ledger store in a PostgreSQL table: claims are atomic across machines.

    For several processes or machines that share one register of payments.
    Needs the ``postgres`` extra (``pip install 'labourbrand[postgres]'``,
    psycopg 3). The table refuses a second payment of a one-time measure to
    one brand (a partial unique index) and a second payment of one decision (a
    unique constraint); :meth:`claim` writes in one transaction, so of two
    claims made at once on two machines exactly one is recorded.

    Opening creates the table, its indexes and a table of the schema's
    version (``<table>_schema``) if they are missing. Threads may share one
    object; each process opens its own.

    Args:
        conninfo: a libpq connection string or URI,
            e.g. ``"host=db.example dbname=payments user=app"``.
        table: the table's name, lower-case letters, digits and ``_``.

    Raises:
        InvalidArgumentError: *table* is not such a name.
        LedgerError: psycopg is not installed, the server cannot be reached,
            or the table was written by another version of the schema. Its
            :attr:`~labourbrand.exceptions.LedgerError.store` names the
            database, host and table, never the password.

    .. versionadded:: 0.2.0
    """

    def __init__(self, conninfo: str, *, table: str = "labourbrand_payments") -> None:
        if not isinstance(conninfo, str):
            msg = f"Expected a libpq connection string but got conninfo of type={type(conninfo).__name__}"  # type: ignore[unreachable]
            raise InvalidArgumentError(msg, field="conninfo")
        name: object = table  # callers without a type checker pass anything
        if (
            not isinstance(name, str)
            or not _TABLE.fullmatch(name)
            or len(name) > _TABLE_MAX
        ):
            msg = f"Expected a table name matching [a-z_][a-z0-9_]* of at most {_TABLE_MAX} characters but got table={table!r}"
            raise InvalidArgumentError(msg, field="table")
        self._conninfo = conninfo
        self._table = table
        self._password = ""
        self._store = f"postgresql (table {table})"
        driver = _driver(self._store)
        from psycopg.conninfo import conninfo_to_dict

        try:
            params = conninfo_to_dict(conninfo)
        except driver.Error as error:
            # libpq's message may quote the string, password and all: leave it out.
            msg = "Expected a libpq connection string or URI but got one that does not parse"
            raise LedgerError(msg, store=self._store) from error
        self._password = str(params.get("password") or "")
        self._store = self._describe(params.get("dbname"), params.get("host"))
        self._lock = threading.Lock()
        #: Test seam (private): called inside :meth:`claim`'s transaction, after
        #: the INSERT and before the COMMIT, so a test can kill the process there.
        self._pause_after_insert: Callable[[], object] | None = None
        self._pid = os.getpid()
        self._stale: list[psycopg.Connection[Any]] = []
        self._connection: psycopg.Connection[Any] | None = self._open()

    # ------------------------------------------------------------------ opening

    def _describe(self, dbname: object, host: object) -> str:
        return f"postgresql {dbname or '(default database)'} on {host or '(default host)'} (table {self._table})"

    def _error(self, doing: str, error: Exception) -> LedgerError:
        text = str(error).strip()
        if self._password:
            text = text.replace(self._password, "***")
        msg = f"Expected to {doing} but PostgreSQL failed: {text} ({type(error).__name__})"
        return LedgerError(msg, store=self._store)

    def _names(self) -> dict[str, sql.Identifier]:
        from psycopg import sql

        table = self._table
        return {
            "table": sql.Identifier(table),
            "schema": sql.Identifier(f"{table}_schema"),
            "decision_unique": sql.Identifier(f"{table}_decision_id"),
            "one_time": sql.Identifier(f"{table}_one_time"),
            "brand_measure": sql.Identifier(f"{table}_brand_measure"),
        }

    def _sql(self, text: str) -> sql.Composed:
        from psycopg import sql

        return sql.SQL(text).format(**self._names())

    def _open(self) -> psycopg.Connection[Any]:
        import psycopg

        try:
            connection = psycopg.connect(self._conninfo, autocommit=True)
        except psycopg.Error as error:
            doing = "connect"
            raise self._error(doing, error) from error
        self._store = self._describe(connection.info.dbname, connection.info.host)
        try:
            found = self._prepare(connection)
        except psycopg.Error as error:
            connection.close()
            doing = "create the ledger's tables"
            raise self._error(doing, error) from error
        except BaseException:
            connection.close()
            raise
        if found != SCHEMA_VERSION:
            connection.close()
            msg = (
                f"Expected ledger schema version {SCHEMA_VERSION} but got "
                f"version={found!r}: the table was written by another version of labourbrand"
            )
            raise LedgerError(msg, store=self._store)
        return connection

    def _prepare(self, connection: psycopg.Connection[Any]) -> object:
        from psycopg import sql

        with connection.transaction():
            # CREATE ... IF NOT EXISTS races with itself: one opener at a time.
            connection.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                (f"labourbrand.ledger {self._table}",),
            )
            for statement in _SCHEMA:
                connection.execute(self._sql(statement))
            schema = sql.Identifier(f"{self._table}_schema")
            row = connection.execute(
                sql.SQL("SELECT version FROM {} WHERE id = 1").format(schema)
            ).fetchone()
            if row is None:
                connection.execute(
                    sql.SQL("INSERT INTO {} (id, version) VALUES (1, %s)").format(
                        schema
                    ),
                    (SCHEMA_VERSION,),
                )
                return SCHEMA_VERSION
            return row[0]

    def _connect(self) -> psycopg.Connection[Any]:
        """The object's connection, opened again in a child process after a fork."""
        if self._connection is None:
            msg = "Expected an open ledger but it was closed"
            raise LedgerError(msg, store=self._store)
        if os.getpid() != self._pid:
            # The parent's connection belongs to the parent: keep it unclosed.
            self._stale.append(self._connection)
            self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    # ------------------------------------------------------------------ reading

    def _payment(self, row: tuple[Any, ...]) -> Payment:
        """The validated payment of *row*, or a :exc:`LedgerError` naming the row."""
        seq = row[0]
        try:
            one_time, amount = row[7], row[6]
            if type(one_time) is not bool:
                msg = f"Expected one_time true or false but got one_time={one_time!r}"
                raise InvalidArgumentError(msg, field="one_time")  # noqa: TRY301
            return Payment(
                brand_id=row[1],
                brand=row[2],
                measure=row[3],
                decided_on=as_date(row[4]),
                on=as_date(row[5]),
                amount=None if amount is None else Fen(amount),
                one_time=one_time,
                decision_id=row[8],
                policy_version=row[9],
                inputs=row[10],
                occasion=row[11],
            )
        except InvalidArgumentError as error:
            msg = f"Expected a valid payment but got row seq={seq!r} of table {self._table}: {error}"
            raise LedgerError(msg, store=self._store) from error

    def _rows(self, query: str, parameters: tuple[object, ...]) -> list[Any]:
        import psycopg

        with self._lock:
            connection = self._connect()
            try:
                return connection.execute(self._sql(query), parameters).fetchall()
            except psycopg.Error as error:
                doing = "read the payments"
                raise self._error(doing, error) from error

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
        query = f"SELECT {_COLUMNS} FROM {{table}} WHERE brand_id = %s AND measure = %s"  # noqa: S608 - fixed text; values are parameters
        parameters: tuple[object, ...] = (brand_id, str(measure))
        if on is not None:
            query += " AND paid_on <= %s"
            parameters += (_day(on),)
        if since is not None:
            query += " AND decided_on >= %s"
            parameters += (_day(since),)
        if occasion is not None:
            query += " AND occasion = %s"
            parameters += (occasion,)
        rows = self._rows(query + " ORDER BY seq LIMIT 1", parameters)
        return self._payment(rows[0]) if rows else None

    def paid_ids(
        self, measure: str, *, on: pendulum.Date | None = None
    ) -> frozenset[str]:
        """The ids of the brands paid *measure* on or before *on*."""
        query = "SELECT DISTINCT brand_id FROM {table} WHERE measure = %s"
        parameters: tuple[object, ...] = (str(measure),)
        if on is not None:
            query += " AND paid_on <= %s"
            parameters += (_day(on),)
        return frozenset(row[0] for row in self._rows(query, parameters))

    def entries(self) -> Sequence[Payment]:
        """Every payment, in the order recorded."""
        rows = self._rows(f"SELECT {_COLUMNS} FROM {{table}} ORDER BY seq", ())  # noqa: S608 - fixed text
        return tuple(self._payment(row) for row in rows)

    # ------------------------------------------------------------------ claiming

    def claim(self, payment: Payment) -> Payment:
        """Record *payment* atomically, or raise :class:`~labourbrand.exceptions.AlreadyPaidError`.

        Raises:
            AlreadyPaidError: the table holds a payment of the same decision,
                or of the same one-time measure for the same brand and occasion.
            LedgerError: the server cannot be reached or refused the write.
        """
        import psycopg

        if not isinstance(payment, Payment):
            msg = f"Expected a Payment but got payment={payment!r} (type={type(payment).__name__})"  # type: ignore[unreachable]
            raise InvalidArgumentError(msg, field="payment")
        insert = self._sql(
            "INSERT INTO {table} (brand_id, brand, measure, decided_on, paid_on, "
            "amount, one_time, decision_id, policy_version, inputs, occasion) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )
        row = (
            payment.brand_id,
            payment.brand,
            str(payment.measure),
            _day(payment.decided_on),
            _day(payment.on),
            None if payment.amount is None else payment.amount.amount,
            payment.one_time,
            payment.decision_id,
            payment.policy_version,
            payment.inputs,
            payment.occasion,
        )
        with self._lock:
            connection = self._connect()
            try:
                try:
                    with connection.transaction():
                        connection.execute(insert, row)
                        if self._pause_after_insert is not None:
                            self._pause_after_insert()
                except psycopg.errors.UniqueViolation:
                    # The transaction is rolled back; the payment it collided
                    # with is committed (a unique check waits for the other
                    # writer to finish), so it can be read now.
                    found = connection.execute(
                        self._sql(
                            "SELECT paid_on FROM {table} WHERE decision_id = %s "
                            "OR (%s AND one_time AND brand_id = %s AND measure = %s "
                            "AND occasion = %s) "
                            "ORDER BY seq LIMIT 1"
                        ),
                        (
                            payment.decision_id,
                            payment.one_time,
                            payment.brand_id,
                            str(payment.measure),
                            payment.occasion,
                        ),
                    ).fetchone()
                    if found is None:
                        raise
                    raise AlreadyPaidError(
                        brand_id=payment.brand_id,
                        measure=str(payment.measure),
                        paid_on=as_date(found[0]),
                    ) from None
            except psycopg.Error as error:
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

    def __enter__(self) -> PostgresLedger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresLedger(<{self._store}>)"
