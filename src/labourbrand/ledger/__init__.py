"""Ledgers: the payments made, so that a one-time measure is paid at most once.

A decision reads a ledger as it was on the decision's day (a
:class:`LedgerView`); an application records payments in a
:class:`LedgerStore`, whose :meth:`~LedgerStore.claim` is atomic.

- :class:`Ledger`: an immutable value, for notebooks and simulations.
- :class:`MemoryLedger`: a store in memory, atomic across threads.
- :class:`SQLiteLedger`: a store in an SQLite file (the standard library's
  :mod:`sqlite3`, WAL), atomic across processes; the embedded default.
- :class:`PostgresLedger`: a store on a PostgreSQL server (extra ``postgres``),
  for several machines sharing one register.

Payments are keyed by the brand's stable id and the measure; a one-time
measure is unique per brand in the store itself (a uniqueness constraint),
so no race between two processes can pay it twice.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from labourbrand.ledger._memory import Ledger, MemoryLedger
from labourbrand.ledger._payment import LedgerStore, LedgerView, Payment
from labourbrand.ledger._postgres import PostgresLedger
from labourbrand.ledger._sqlite import SQLiteLedger


__all__ = [
    "Ledger",
    "LedgerStore",
    "LedgerView",
    "MemoryLedger",
    "Payment",
    "PostgresLedger",
    "SQLiteLedger",
]
