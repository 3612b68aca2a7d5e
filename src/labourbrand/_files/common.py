"""What every reader of packaged data shares: rows, TOML and error paths (private).

Each problem a reader finds is one line of a
:class:`~labourbrand.exceptions.DataError`, which prefixes it with the file
it comes from; the line ends with its path in the file, ``@ $[3].code`` for
the fourth data row of a CSV, ``@ $.values."2022-04-29".value`` in a TOML
table, and ``@ $`` for the whole file.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import re
from typing import TYPE_CHECKING, Any, Final

from labourbrand._files.text import read_toml_data
from labourbrand._validators import show
from labourbrand.exceptions import DataError, PolicyDataError


if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence
    from typing import TextIO


__all__ = [
    "combined",
    "invalid",
    "key_path",
    "packaged_text",
    "read_rows",
    "read_toml",
    "table_at",
    "text_at",
    "unknown_keys",
]

_BARE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def packaged_text(package: str, *parts: str) -> str:
    """Return the text of the file *parts* of *package*, as shipped (UTF-8).

    Example:
        >>> packaged_text("labourbrand", "data", "regions.csv").splitlines()[0]
        'code,name_zh,name_en,level,parent_code,kind'
    """
    resource = importlib.resources.files(package)
    for part in parts:
        resource = resource / part
    return resource.read_text(encoding="utf-8")


def invalid(index: int, field: str) -> str:
    """Return the problem line of a bad cell: ``invalid value for <field> @ $[<row>].<field>``."""
    return f"invalid value for {field} @ $[{index}].{field}"


def key_path(parent: str, key: str) -> str:
    """Return the path of *key* in the table at *parent*, quoting a key that needs it.

    Example:
        >>> key_path("$.values", "2022-04-29"), key_path("$", "unit")
        ('$.values."2022-04-29"', '$.unit')
    """
    quoted = key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)
    return f"{parent}.{quoted}"


def read_rows(
    stream: TextIO,
    source: str,
    *,
    required: Collection[str],
    optional: Collection[str] = (),
) -> list[dict[str, str]]:
    r"""Read a CSV with a header into rows of stripped cells, checking its shape.

    Missing trailing cells are blank.

    Raises:
        DataError: the CSV is malformed, a required column is missing, a column
            is unknown or repeated, or a row has more cells than the header.

    Example:
        >>> import io
        >>> read_rows(io.StringIO("a,b\n 1 ,2\n3\n"), "x.csv", required=("a", "b"))
        [{'a': '1', 'b': '2'}, {'a': '3', 'b': ''}]
        >>> read_rows(io.StringIO("a,c\n1,2\n"), "x.csv", required=("a", "b"))
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.DataError: x.csv: 2 invalid fields
          x.csv: required field missing @ $[*].b
          x.csv: extra fields found (c) @ $[*]
    """
    reader = csv.DictReader(stream, strict=True)
    try:
        header = list(reader.fieldnames or ())
        raw = list(reader)
    except csv.Error as exc:
        # DictReader.line_num is only updated after a good row; ask its reader.
        line = reader.reader.line_num
        errors = [f"Expected CSV but got a syntax error at line {line}: {exc} @ $"]
        raise DataError(source, errors) from exc
    errors = [f"required field missing @ $[*].{c}" for c in required if c not in header]
    extra = [
        c for c in dict.fromkeys(header) if c not in required and c not in optional
    ]
    if extra:
        errors.append(f"extra fields found ({', '.join(extra)}) @ $[*]")
    errors.extend(
        f"repeated column @ $[*].{c}"
        for c in dict.fromkeys(header)
        if header.count(c) > 1
    )
    errors.extend(
        f"more cells than columns @ $[{i}]" for i, row in enumerate(raw) if None in row
    )
    if errors:
        raise DataError(source, errors)
    return [
        {k: (v or "").strip() for k, v in row.items() if k is not None} for row in raw
    ]


def read_toml(text: str | bytes, source: str) -> dict[str, Any]:
    """Parse TOML *text*, or raise its problems (see :mod:`labourbrand._files.text`).

    Raises:
        PolicyDataError: *text* is not UTF-8 TOML (the parser's error is the
            cause), nests too deep or holds an integer of too many digits.

    Example:
        >>> read_toml('unit = "fen"', "cap.toml")
        {'unit': 'fen'}
        >>> read_toml("unit = fen", "cap.toml")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.PolicyDataError: cap.toml: 1 invalid field
          cap.toml: Expected TOML but got a syntax error: Invalid value (at line 1, column 8) @ $
    """
    return read_toml_data(text, source, PolicyDataError)


def unknown_keys(
    table: Mapping[str, object], known: Collection[str], path: str, errors: list[str]
) -> None:
    """Add a problem to *errors* for each key of *table* (at *path*) not in *known*.

    Example:
        >>> errors = []
        >>> unknown_keys({"unit": "fen", "units": "fen"}, {"unit"}, "$", errors)
        >>> errors
        ["Expected a key among unit but got key='units' @ $.units"]
    """
    errors.extend(
        f"Expected a key among {', '.join(sorted(known))} but got key={key!r} @ {key_path(path, key)}"
        for key in table
        if key not in known
    )


def text_at(
    table: Mapping[str, object],
    key: str,
    path: str,
    errors: list[str],
    *,
    required: bool = True,
) -> str:
    """The non-empty text at *key* of *table*; ``""`` after adding a problem to *errors*.

    A missing key is a problem only if *required*.

    Example:
        >>> errors = []
        >>> text_at({"reference": "陕人社发〔2022〕13号"}, "reference", "$", errors)
        '陕人社发〔2022〕13号'
        >>> text_at({"reference": " "}, "reference", "$.rules[0]", errors), errors
        ('', ["Expected non-empty text but got ' ' (type=str) @ $.rules[0].reference"])
    """
    if key not in table:
        if required:
            errors.append(
                f"Expected non-empty text but the key is missing @ {key_path(path, key)}"
            )
        return ""
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        errors.append(
            f"Expected non-empty text but got {show(value)} @ {key_path(path, key)}"
        )
        return ""
    return value


def table_at(
    table: Mapping[str, object], key: str, path: str, errors: list[str]
) -> dict[str, object] | None:
    """The table at *key* of *table*; ``None`` after adding a problem to *errors*.

    Example:
        >>> errors = []
        >>> table_at({"metadata": 1}, "metadata", "$", errors), errors
        (None, ['Expected a table but got 1 (type=int) @ $.metadata'])
    """
    if key not in table:
        errors.append(
            f"Expected a table but the key is missing @ {key_path(path, key)}"
        )
        return None
    value = table[key]
    if not isinstance(value, dict):
        errors.append(f"Expected a table but got {show(value)} @ {key_path(path, key)}")
        return None
    return value


def combined(failures: Sequence[PolicyDataError], label: str) -> PolicyDataError:
    """One error for the files that failed: the one itself, or every line of all, under *label*.

    Each line of a combined error starts with the file it comes from.

    Example:
        >>> a = PolicyDataError("a.toml", ["Expected TOML @ $"])
        >>> combined([a], "rules") is a
        True
        >>> print(combined([a, PolicyDataError("b.toml", ["Expected a table @ $.plugin"])], "rules"))
        rules: 2 invalid fields
          rules: a.toml: Expected TOML @ $
          rules: b.toml: Expected a table @ $.plugin
    """
    if len(failures) == 1:
        return failures[0]
    return PolicyDataError(
        label, [f"{f.source}: {e}" for f in failures for e in f.errors]
    )
