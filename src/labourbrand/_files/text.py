r"""Text from outside, read within bounds: UTF-8, JSON and TOML (private).

Every reader of a file or a request body the library did not write itself
goes through here, so that each refuses the same things in the same words,
as one line ``<message> @ <path>`` of a :class:`~labourbrand.exceptions.DataError`,
and never lets Python's own limits speak first:

- **bytes** are UTF-8; a UTF-8 byte-order mark at the start is accepted and
  dropped (Windows editors and spreadsheet programs write one; RFC 8259
  lets a JSON parser ignore it); anything else, UTF-16 included, is refused
  with the offset of the first bad byte;
- **nesting** of arrays and objects (tables) is at most :data:`MAX_DEPTH`
  deep, checked on the text before it is parsed: Python's parsers recurse
  and would raise :class:`RecursionError` at about 1,000 levels (TOML: 300);
- **integers** have at most :data:`MAX_DIGITS` digits, checked as they are
  read: beyond 4,300 digits Python refuses to convert one at all, and no
  count or amount of the model comes near 30 digits;
- **JSON objects** name each key once: the standard library keeps the last
  of two, silently; ``NaN`` and ``Infinity``, which are not JSON, and numbers
  too large for a float are refused.

Text *values* (control characters, lone surrogates, blank names) are checked
by the value types themselves (:mod:`labourbrand._validators`), whatever
reads them.

Example:
    >>> read_json('{"a": [1, {"b": 2}]}', "x.json")
    {'a': [1, {'b': 2}]}
    >>> read_json('{"on": "2023-01-01", "on": "2024-01-01"}', "x.json")
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.DataError: x.json: 1 invalid field
      x.json: Expected each key once in an object but got 'on' 2 times @ $.on
    >>> read_json("[" * 100 + "]" * 100, "x.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.DataError: x.json: 1 invalid field
      x.json: Expected arrays and objects nested at most 64 deep but got deeper (line 1, column 65) @ $[0][0][0]...
    >>> read_json(b"\xff", "x.json")
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.DataError: x.json: 1 invalid field
      x.json: Expected UTF-8 text but got the byte 0xff at offset 0 @ $
"""

from __future__ import annotations

import itertools
import json
import math
import re
import tomllib
from typing import Any, Final

from labourbrand.exceptions import DataError


__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_TOML",
    "decode",
    "json_depth",
    "read_json",
    "read_toml_data",
]

#: The deepest nesting of arrays and objects (or TOML tables and arrays) read.
#: The model nests four levels (a brand, its audit trail, a record, its exit
#: grounds); 64 leaves room for any wrapping and stays far below the depth
#: at which Python's parsers run out of stack.
MAX_DEPTH: Final = 64
#: The most digits of an integer read. The largest amount of the model,
#: ``MAX_FEN`` (10 trillion yuan in fen), has 16 digits and a 64-bit count
#: has 20; Python refuses to convert an integer of more than 4,300 digits.
MAX_DIGITS: Final = 30
_INT_BOUND: Final = 10**MAX_DIGITS
#: The largest TOML text read, in characters (or bytes): 256 KiB. A scenario
#: or a parameter file is a few kilobytes, the packaged clause file 26 KB;
#: TOML is parsed in pure Python, and a file this size in a fraction of a second.
MAX_TOML: Final = 1 << 18
_BOM: Final = b"\xef\xbb\xbf"
#: The longest key or number a message quotes whole.
_SHOWN: Final = 40

# A JSON string, unrolled so that matching it is linear.
_JSON_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_JSON_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]', re.DOTALL)
# TOML strings and comments, whose brackets do not nest anything.
_TOML_SKIP: Final = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*',
    re.DOTALL,
)
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


def decode(raw: str | bytes, source: str) -> str:
    r"""Return the text of *raw*: UTF-8 bytes, a BOM at the start dropped.

    Raises:
        DataError: the bytes are not UTF-8, with the offset of the first bad one.

    Example:
        >>> decode(b"\xef\xbb\xbf" + "紫阳".encode(), "x.toml")
        '紫阳'
        >>> decode("\ufeffname", "x.toml")
        'name'
    """
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    body = raw.removeprefix(_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + len(raw) - len(body)
        msg = f"Expected UTF-8 text but got the byte {body[exc.start]:#04x} at offset {offset} @ $"
        raise DataError(source, [msg]) from exc


def _position(text: str, index: int) -> str:
    """``line L, column C`` of the character at *index* (both from 1)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON *text*, its strings aside.

    Read off the text, before any parser sees it, so that a body nested a
    million deep costs a scan, never a parser's recursion.

    Example:
        >>> json_depth('{"a": [[1], "[[["]}')
        3
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _deeper_than(text: str, skip: re.Pattern[str] | None) -> bool:
    """Whether *text* nests brackets more than :data:`MAX_DEPTH` deep, outside *skip*."""
    # Cheap first: fewer opening brackets than the bound cannot nest beyond it.
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    brackets = _NOT_BRACKET.sub("", text if skip is None else skip.sub("", text))
    steps = map(_STEP.__getitem__, brackets)
    return max(itertools.accumulate(steps), default=0) > MAX_DEPTH


def _too_deep_json(text: str) -> str:
    """The problem line of JSON nested too deep, with where and the path to it."""
    frames: list[list[Any]] = []  # [bracket, index or key, expecting a key]
    for token in _JSON_TOKEN.finditer(text):
        kind = token.group()
        if kind in "[{":
            if len(frames) == MAX_DEPTH:
                path = "$" + "".join(
                    f"[{item}]" if bracket == "[" else _key_step(item)
                    for bracket, item, _ in frames
                )
                return (
                    f"Expected arrays and objects nested at most {MAX_DEPTH} deep but "
                    f"got deeper ({_position(text, token.start())}) @ {_cut_path(path)}"
                )
            frames.append([kind, 0 if kind == "[" else "", kind == "{"])
        elif kind in "]}":
            if frames:
                frames.pop()
        elif kind == ",":
            if frames and frames[-1][0] == "[":
                frames[-1][1] += 1
            elif frames:
                frames[-1][2] = True
        elif kind != ":" and frames and frames[-1][0] == "{" and frames[-1][2]:
            frames[-1][1] = _string(kind)
            frames[-1][2] = False
    # The quick count found nesting the token walk does not: brackets inside
    # a string left open, which the parser reports better.
    return ""


def _string(token: str) -> str:
    try:
        value = json.loads(token)
    except ValueError:
        return token
    return value if isinstance(value, str) else token


def _key_step(key: object) -> str:
    """``.key`` or ``["odd key"]``: one step of a path."""
    text = str(key)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        return f".{text}"
    return f"[{json.dumps(text)}]" if len(text) <= _SHOWN else '["…"]'


def _cut_path(path: str, limit: int = 120) -> str:
    """A path of at most about *limit* characters: the start of a long one, then ``...``."""
    return path if len(path) <= limit else path[:limit] + "..."


class _Refused:
    """A value the parser read but the reader refuses: found after parsing, with its path."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _quoted(text: str) -> str:
    """*text* as a message shows it, cut after 20 characters if longer than 40."""
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN // 2]}…"


class _Hooks:
    """The hooks of one :func:`json.loads` call: they mark what is refused, in place.

    A marked value (a :class:`_Refused`, or an object with a key twice) is
    found afterwards, with its path, by one walk that runs only if there is one.
    """

    def __init__(self) -> None:
        self.duplicated: dict[int, list[tuple[str, int]]] = {}
        self.refused = False

    def pairs(self, items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            counts: dict[str, int] = {}
            for key, _ in items:
                counts[key] = counts.get(key, 0) + 1
            self.duplicated[id(obj)] = [(k, n) for k, n in counts.items() if n > 1]
        return obj

    def integer(self, text: str) -> int | _Refused:
        digits = len(text) - text.startswith("-")
        if digits > MAX_DIGITS:
            self.refused = True
            return _Refused(
                f"Expected an integer of at most {MAX_DIGITS} digits but got "
                f"{_quoted(text)} ({digits:,} digits)"
            )
        return int(text)

    def number(self, text: str) -> float | _Refused:
        value = float(text)
        if math.isinf(value):
            self.refused = True
            return _Refused(
                f"Expected a finite number but got {_quoted(text)}, beyond a float"
            )
        return value

    def constant(self, text: str) -> _Refused:
        self.refused = True
        return _Refused(f"Expected JSON but got {text}, which JSON does not have")


def read_json(raw: str | bytes, source: str) -> Any:  # noqa: ANN401 - any JSON value
    """Parse JSON text within the bounds of this module (see its docstring).

    Raises:
        DataError: every problem found, each ``… @ <path>``.
    """
    text = decode(raw, source)
    if _deeper_than(text, _JSON_STRING):
        problem = _too_deep_json(text)
        if problem:
            raise DataError(source, [problem])
    hooks = _Hooks()
    try:
        data = json.loads(
            text,
            object_pairs_hook=hooks.pairs,
            parse_int=hooks.integer,
            parse_float=hooks.number,
            parse_constant=hooks.constant,
        )
    except json.JSONDecodeError as exc:
        msg = f"Expected JSON text but got a syntax error: {exc} @ $"
        raise DataError(source, [msg]) from exc
    if hooks.duplicated or hooks.refused:
        errors: list[str] = []
        _find(data, "$", hooks.duplicated, errors)
        raise DataError(source, errors)
    return data


def _find(
    data: object,
    path: str,
    duplicated: dict[int, list[tuple[str, int]]],
    errors: list[str],
) -> None:
    """Report the refused values and duplicated keys under *data*, with their paths."""
    if isinstance(data, _Refused):
        errors.append(f"{data.message} @ {_cut_path(path)}")
    elif isinstance(data, dict):
        for key, times in duplicated.get(id(data), ()):
            shown = repr(key) if len(key) <= _SHOWN else repr(key[:_SHOWN]) + "…"
            errors.append(
                f"Expected each key once in an object but got {shown} {times} times "
                f"@ {_cut_path(path + _key_step(key))}"
            )
        for key, value in data.items():
            _find(value, path + _key_step(key), duplicated, errors)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _find(value, f"{path}[{index}]", duplicated, errors)


def _blank(match: re.Match[str]) -> str:
    """A string or comment as spaces, its line breaks kept: positions stay put."""
    return re.sub(r"[^\n]", " ", match.group())


def _toml_path(code: str, index: int) -> str:
    """The path of the key whose value holds the character at *index* of *code*.

    The table is that of the nearest header above, the key the one before
    ``=`` on the line: as near as the text says without parsing it.
    """
    line_start = code.rfind("\n", 0, index) + 1
    line = code[line_start:index]
    headers = _HEADER.findall(code, 0, line_start)
    key = line.split("=", 1)[0].strip() if "=" in line else ""
    return _cut_path(".".join(filter(None, ("$", headers[-1] if headers else "", key))))


def _toml_problem(text: str) -> str:
    """What the bounds refuse in TOML *text* before it is parsed, or ``""``."""
    code = _TOML_SKIP.sub(_blank, text)
    if _deeper_than(code, None):
        depth = 0
        for match in _BRACKET.finditer(code):
            depth += _STEP[match.group()]
            if depth > MAX_DEPTH:
                return (
                    f"Expected arrays and tables nested at most {MAX_DEPTH} deep but "
                    f"got deeper ({_position(text, match.start())}) @ "
                    f"{_toml_path(code, match.start())}"
                )
    long_run = _LONG_DIGITS.search(code)
    if long_run is not None:
        digits = sum(c.isdigit() for c in long_run.group())
        return (
            f"Expected an integer of at most {MAX_DIGITS} digits but got one of "
            f"{digits:,} digits ({_position(text, long_run.start())}) @ "
            f"{_toml_path(code, long_run.start())}"
        )
    return ""


_BRACKET: Final = re.compile(r"[\[\]{}]")
# A table header ``[a.b]`` or ``[[a]]`` on its own line, and its name.
_HEADER: Final = re.compile(r"(?m)^[ \t]*\[\[?[ \t]*([^\[\]\n]+?)[ \t]*\]\]?[ \t]*$")
# A run of digits (underscores between them) too long for an integer, outside
# strings and comments, refused before tomllib converts it; not the fraction
# or exponent of a float, which is read whatever its digits.
_LONG_DIGITS: Final = re.compile(
    r"(?<![.\w])[0-9](?:_?[0-9]){%d,}(?![.eE0-9_])" % MAX_DIGITS  # noqa: UP031 - a regex quantifier
)


def read_toml_data(
    raw: str | bytes, source: str, error: type[DataError]
) -> dict[str, Any]:
    """Parse TOML text within the bounds of this module; raise *error* otherwise.

    Raises:
        DataError: (*error*) the text is longer than :data:`MAX_TOML`, is not
            UTF-8 TOML, nests too deep, or holds an integer of too many
            digits (each with its path).
    """
    if len(raw) > MAX_TOML:
        msg = (
            f"Expected TOML of at most {MAX_TOML:,} characters but got "
            f"{len(raw):,} {'bytes' if isinstance(raw, bytes) else 'characters'} @ $"
        )
        raise error(source, [msg])
    try:
        text = decode(raw, source)
    except DataError as exc:
        raise error(source, exc.errors) from exc
    problem = _toml_problem(text)
    if problem:
        raise error(source, [problem])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"Expected TOML but got a syntax error: {exc} @ $"
        raise error(source, [msg]) from exc
    errors: list[str] = []
    _find_toml(data, "$", errors)
    if errors:
        raise error(source, errors)
    return data


def _find_toml(data: object, path: str, errors: list[str]) -> None:
    """Report the integers of too many digits under *data* (hex, octal and binary ones)."""
    if isinstance(data, bool):
        return
    if isinstance(data, int) and not -_INT_BOUND < data < _INT_BOUND:
        errors.append(
            f"Expected an integer of at most {MAX_DIGITS} digits but got a longer one "
            f"@ {_cut_path(path)}"
        )
    elif isinstance(data, dict):
        for key, value in data.items():
            _find_toml(value, path + _key_step(key), errors)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _find_toml(value, f"{path}[{index}]", errors)
