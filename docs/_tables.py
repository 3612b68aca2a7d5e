"""Markdown tables of the packaged policy data and delegations, for the documentation.

``conf.py`` writes them to ``_generated/`` when the documentation is built,
and ``tests/test_docs.py`` checks them. Both run this file with :func:`runpy.run_path`
(``docs/`` is not a package), and it needs nothing but labourbrand.
"""

# ruff: noqa: INP001 - docs/ is not a package: conf.py and the tests run this file by path

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from labourbrand.money import Fen
from labourbrand.policy import DELEGATED_TO, Measure
from labourbrand.policy.clauses import ClauseKind, clauses
from labourbrand.policy.parameters import load_parameters


if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from labourbrand.policy.parameters import DatedValue


def _cell(text: str) -> str:
    """Escape *text* for one cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Render a Markdown table (MyST reads GitHub-flavoured tables)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _parameter_value(entry: DatedValue) -> str:
    """Show one dated value as the table does: money in fen and in yuan."""
    value = entry.value
    if entry.ended:
        what = "ended"
    elif isinstance(value, Fen):
        what = f"{value.amount:,} fen ({value})"
    elif isinstance(value, bool):
        what = "true" if value else "false"
    elif isinstance(value, pendulum.Date):
        what = value.isoformat()
    else:  # an int, or UNQUANTIFIED
        what = str(value)
    return f"{what} from {entry.first_day.isoformat()} ({entry.reference})"


def parameters_table() -> str:
    """Render every packaged parameter as a table: its meaning, dated values and basis."""
    rows = [
        (
            f"`{name}`",
            f"{p.description}<br>{p.description_zh}",
            "<br>".join(_parameter_value(v) for v in p.values),
            f"`{p.unit.value}` ({p.unit.zh})",
            p.clause,
            p.reference,
        )
        for name, p in load_parameters().items()
    ]
    header = (
        "name",
        "description",
        "values, each from its first day",
        "unit",
        "clause",
        "reference",
    )
    return _table(header, rows)


def clauses_table() -> str:
    """Render the clause registry as a table: id, titles, kinds and number of bodies."""
    rows = [
        (
            f"`{c.id}`",
            c.title_zh,
            c.title_en,
            ", ".join(k.value for k in ClauseKind if k in c.kinds) or "—",
            str(len(c.bodies)),
        )
        for c in clauses()
    ]
    return _table(("id", "title_zh", "title_en", "kinds", "bodies"), rows)


def delegation_table() -> str:
    """Render who sets each delegated measure: its names, its clause and the body the text names."""
    rows = [
        (
            f"`{measure.value}`",
            measure.zh,
            measure.clause,
            DELEGATED_TO[measure][0],
            DELEGATED_TO[measure][1],
        )
        for measure in Measure
    ]
    header = ("measure", "中文", "clause", "set by (中文)", "set by (English)")
    return _table(header, rows)
