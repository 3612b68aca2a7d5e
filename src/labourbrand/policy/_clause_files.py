"""The reader of the clause file, ``labourbrand/policy/clauses.toml`` (private).

One ``[document]`` table, ``[bodies]`` (full Chinese name → English),
``[aliases]`` (short name → full name), optional ``[collectives]`` (a group
of bodies → English), then one table per clause, keyed by its id, in
document order. Every problem is reported at once, with its path.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from labourbrand._files.common import packaged_text, read_toml
from labourbrand._validators import got, is_text
from labourbrand.exceptions import PolicyDataError
from labourbrand.policy._clauses import (
    CLAUSE_ID_RE,
    KIND_VALUES,
    Body,
    Clause,
    ClauseKind,
    ClauseRegistry,
    Document,
    clause_order,
)


if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping


__all__ = ["read_clauses", "read_packaged"]

_DOCUMENT_TEXT_FIELDS: Final = (
    "number",
    "number_en",
    "title_zh",
    "title_en",
    "issuer_zh",
    "implements",
)
_DOCUMENT_FIELDS: Final = (*_DOCUMENT_TEXT_FIELDS, "issued")
_CLAUSE_TEXT_FIELDS: Final = ("title_zh", "title_en", "text_zh", "summary_en")
_CLAUSE_FIELDS: Final = (*_CLAUSE_TEXT_FIELDS, "kinds", "bodies")
_TABLES: Final = ("document", "bodies", "aliases", "collectives")
_SOURCE: Final = "labourbrand/policy/clauses.toml"


def _table(
    data: Mapping[str, Any], key: str, errors: list[str], *, required: bool = True
) -> dict[str, Any]:
    """Return the top-level table *key*, reporting it if missing or not a table."""
    value = data.get(key)
    if isinstance(value, dict):
        return value
    if value is None:
        if required:
            errors.append(f"required table missing @ $.{key}")
    else:
        errors.append(f"Expected a table but got {got(key, value)} @ $.{key}")
    return {}


def _check_keys(
    table: Mapping[str, Any], fields: Collection[str], path: str, errors: list[str]
) -> None:
    """Report the missing and the extra fields of *table*."""
    errors.extend(
        f"required field missing @ {path}.{f}" for f in fields if f not in table
    )
    extra = [k for k in table if k not in fields]
    if extra:
        errors.append(f"extra fields found ({', '.join(extra)}) @ {path}")


def _check_texts(
    table: Mapping[str, Any], fields: Iterable[str], path: str, errors: list[str]
) -> None:
    errors.extend(
        f"Expected non-empty text but got {got(f, table[f])} @ {path}.{f}"
        for f in fields
        if f in table and not is_text(table[f])
    )


def _check_members(  # noqa: PLR0913 -- one call per list field, all keyword
    table: Mapping[str, Any],
    key: str,
    *,
    allowed: Collection[str],
    what: str,
    path: str,
    errors: list[str],
) -> None:
    """Report a list field that is not a list, or has unknown or repeated items."""
    value = table.get(key, [])
    if not isinstance(value, list):
        errors.append(f"Expected a list but got {got(key, value)} @ {path}.{key}")
        return
    seen: set[str] = set()
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(item, str) or item not in allowed:
            errors.append(
                f"Expected {what} but got {got(where, item)} @ {path}.{where}"
            )
        elif item in seen:
            errors.append(
                f"Expected each item once but got {got(where, item)} again @ {path}.{where}"
            )
        else:
            seen.add(item)


def _parse_document(table: Mapping[str, Any], errors: list[str]) -> None:
    path = "$.document"
    _check_keys(table, _DOCUMENT_FIELDS, path, errors)
    _check_texts(table, _DOCUMENT_TEXT_FIELDS, path, errors)
    issued = table.get("issued")
    if issued is not None and (
        not isinstance(issued, dt.date) or isinstance(issued, dt.datetime)
    ):
        errors.append(
            f"Expected a TOML local date YYYY-MM-DD but got {got('issued', issued)} @ {path}.issued"
        )


def _parse_bodies(
    bodies: Mapping[str, Any], aliases: Mapping[str, Any], errors: list[str]
) -> dict[str, str]:
    """Check ``[bodies]`` and ``[aliases]``; return the short form of each full name."""
    errors.extend(
        f"Expected a non-empty English name but got {got(full, en)} @ $.bodies.{full}"
        for full, en in bodies.items()
        if not (is_text(full) and is_text(en))
    )
    short_of: dict[str, str] = {}
    for short, full in aliases.items():
        if not (is_text(short) and isinstance(full, str) and full in bodies):
            errors.append(
                f"Expected a full name from [bodies] but got {got(short, full)} @ $.aliases.{short}"
            )
        elif short in bodies and short != full:
            errors.append(
                f"Expected a short name that is not another body's full name "
                f"but got {got(short, full)} @ $.aliases.{short}"
            )
        elif full in short_of:
            errors.append(
                f"Expected one short name per body but got {got(short, full)} "
                f"besides {short_of[full]!r} @ $.aliases.{short}"
            )
        else:
            short_of[full] = short
    return short_of


def _parse_clause(
    key: str, value: object, names: Collection[str], errors: list[str]
) -> bool:
    """Check the table of clause *key*; return whether it can be built."""
    path = f"$.{key}"
    if CLAUSE_ID_RE.fullmatch(key) is None:
        errors.append(
            f"Expected a clause id such as 'preamble', '2' or '4.2', or one of the "
            f"tables {', '.join(_TABLES)}, but got {got('id', key)} @ {path}"
        )
        return False
    if not isinstance(value, dict):
        errors.append(f"Expected a table but got {got(key, value)} @ {path}")
        return False
    _check_keys(value, _CLAUSE_FIELDS, path, errors)
    _check_texts(value, _CLAUSE_TEXT_FIELDS, path, errors)
    allowed = ", ".join(repr(k.value) for k in ClauseKind)
    _check_members(
        value,
        "kinds",
        allowed=KIND_VALUES,
        what=f"one of {allowed}",
        path=path,
        errors=errors,
    )
    _check_members(
        value,
        "bodies",
        allowed=names,
        what="the short name of a body or a name from [collectives]",
        path=path,
        errors=errors,
    )
    return True


def read_clauses(text: str, source: str) -> ClauseRegistry:
    """Parse a clauses TOML document, reporting every problem at once.

    Args:
        text: the TOML text.
        source: where it came from, for the error message.

    Raises:
        PolicyDataError: the text is not TOML or does not fit the schema; each
            problem ends with its path, such as ``@ $.4.2.kinds[0]``.
    """
    data = read_toml(text, source)
    errors: list[str] = []
    document = _table(data, "document", errors)
    if not errors:  # a missing table is one problem, not one per field
        _parse_document(document, errors)
    bodies = _table(data, "bodies", errors)
    short_of = _parse_bodies(bodies, _table(data, "aliases", errors), errors)
    collectives = _table(data, "collectives", errors, required=False)
    _check_texts(collectives, collectives, "$.collectives", errors)
    # A body without an alias is named by its full name, as 陕西证监局 is.
    shorts = {short_of.get(full, full) for full in bodies}
    errors.extend(
        f"Expected a collective distinct from the body names but got {got('name', name)} @ $.collectives.{name}"
        for name in collectives
        if name in shorts or name in bodies
    )
    names = {*shorts, *collectives}
    last = ""
    ids: list[str] = []
    for key, value in data.items():
        if key in _TABLES or not _parse_clause(key, value, names, errors):
            continue
        if last and clause_order(key) <= clause_order(last):
            errors.append(
                f"Expected clause ids in document order but got {got('id', key)} "
                f"after {last!r} @ $.{key}"
            )
        last = key
        ids.append(key)
    if errors:
        raise PolicyDataError(source, errors)
    doc = Document(**document)
    return ClauseRegistry(
        doc,
        [Clause(id=i, document=doc, **data[i]) for i in ids],
        bodies=[
            Body(name_zh=full, name_en=en, short_zh=short_of.get(full, full))
            for full, en in bodies.items()
        ],
        collectives=collectives,
    )


def read_packaged() -> ClauseRegistry:
    """Read the clause file shipped in ``labourbrand/policy``.

    Raises:
        PolicyDataError: the packaged file is damaged (a packaging bug).
    """
    return read_clauses(packaged_text("labourbrand", "policy", "clauses.toml"), _SOURCE)
