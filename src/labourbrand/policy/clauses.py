"""The clause registry of 陕人社发〔2022〕13号: ids, excerpts, kinds and bodies.

See :func:`clauses`.

Example:
    >>> from labourbrand.policy.clauses import clauses
    >>> clauses()["4.2"].ref
    '陕人社发〔2022〕13号 §4.2'
"""

from __future__ import annotations

from labourbrand.policy._clauses import (
    Body,
    Clause,
    ClauseKind,
    ClauseRegistry,
    Document,
    clauses,
)


__all__ = [
    "Body",
    "Clause",
    "ClauseKind",
    "ClauseRegistry",
    "Document",
    "clauses",
]
