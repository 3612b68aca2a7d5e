"""Tests for the bounds every reader of outside text keeps (``labourbrand._files.text``)."""

from __future__ import annotations

import pytest

from labourbrand._files import text
from labourbrand.exceptions import DataError, PolicyDataError


def _refusal(raw: str | bytes) -> list[str]:
    with pytest.raises(DataError) as info:
        text.read_json(raw, "x.json")
    assert info.value.source == "x.json"
    return info.value.errors


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (
            '{"a": [{"on": 1, "b": 2, "on": 3}]}',
            "Expected each key once in an object but got 'on' 2 times @ $.a[0].on",
        ),
        (
            '{"odd key": {"k": 1, "k": 1, "k": 1}}',
            "Expected each key once in an object but got 'k' 3 times @ $[\"odd key\"].k",
        ),
        (
            "[1, 1234567890123456789012345678901]",
            (
                "Expected an integer of at most 30 digits but got "
                "1234567890123456789012345678901 (31 digits) @ $[1]"
            ),
        ),
        (
            '{"n": -' + "9" * 5000 + "}",
            "Expected an integer of at most 30 digits but got -9999999999999999999… (5,000 digits) @ $.n",
        ),
        ('{"x": NaN}', "Expected JSON but got NaN, which JSON does not have @ $.x"),
        (
            "[-Infinity]",
            "Expected JSON but got -Infinity, which JSON does not have @ $[0]",
        ),
        (
            '{"x": 1e999}',
            "Expected a finite number but got 1e999, beyond a float @ $.x",
        ),
        (b'{"a": "\xff"}', "Expected UTF-8 text but got the byte 0xff at offset 7 @ $"),
        (
            '{"a": 1,}',
            "Expected JSON text but got a syntax error: Expecting property name enclosed in double quotes: line 1 column 9 (char 8) @ $",
        ),
    ],
    ids=[
        "key twice",
        "odd key three times",
        "31 digits",
        "5,000 digits",
        "NaN",
        "-Infinity",
        "1e999",
        "not UTF-8",
        "syntax",
    ],
)
def test_json_refusals_name_the_path(raw: str | bytes, error: str) -> None:
    """Each bound of the JSON reader is one line with the path of the value refused."""
    assert _refusal(raw) == [error]


def test_json_nesting_is_refused_before_parsing() -> None:
    """Nesting past MAX_DEPTH is refused with where it starts, however deep (no RecursionError)."""
    deep = '{"workforce": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    (error,) = _refusal(deep)
    assert error.startswith(
        "Expected arrays and objects nested at most 64 deep but got deeper (line 1, column 78) "
        "@ $.workforce[0][0][0]"
    )
    assert error.endswith("...")
    assert len(error) < 300
    exactly = "[" * text.MAX_DEPTH + "]" * text.MAX_DEPTH
    assert text.read_json(exactly, "x.json") == eval(exactly)  # noqa: S307 - nested empty lists


def test_json_brackets_in_strings_do_not_nest() -> None:
    """Brackets inside strings, however many, are text."""
    value = {"name": "[" * 500 + "{" * 500, "note": '\\"[[['}
    raw = '{"name": "' + "[" * 500 + "{" * 500 + '", "note": "\\\\\\"[[["}'
    assert text.read_json(raw, "x.json") == value


def test_json_byte_order_mark_is_dropped() -> None:
    """A UTF-8 byte-order mark, in bytes or in text, is accepted and dropped."""
    assert text.read_json(b'\xef\xbb\xbf{"a": "\xe7\xb4\xab"}', "x.json") == {"a": "紫"}
    assert text.read_json("\ufeff[1]", "x.json") == [1]
    # UTF-16, with its own mark, is not UTF-8.
    assert _refusal('{"a": 1}'.encode("utf-16")) == [
        "Expected UTF-8 text but got the byte 0xff at offset 0 @ $"
    ]


def test_every_problem_of_a_document_is_listed() -> None:
    """Duplicated keys and refused numbers anywhere in a document are all reported."""
    raw = '{"a": NaN, "b": [{"c": 1, "c": 2}], "d": ' + "1" * 40 + "}"
    assert _refusal(raw) == [
        "Expected JSON but got NaN, which JSON does not have @ $.a",
        "Expected each key once in an object but got 'c' 2 times @ $.b[0].c",
        "Expected an integer of at most 30 digits but got "
        + "1" * 40
        + " (40 digits) @ $.d",
    ]


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        (
            "a = " + "[" * 70 + "]" * 70,
            "Expected arrays and tables nested at most 64 deep but got deeper (line 1, column 69) @ $.a",
        ),
        (
            "[t]\nx = 1\n[s.u]\nkey = " + "{a = " * 70 + "1" + "}" * 70,
            "Expected arrays and tables nested at most 64 deep but got deeper (line 4, column 327) @ $.s.u.key",
        ),
        (
            "[p]\ncap = " + "1" * 5000,
            "Expected an integer of at most 30 digits but got one of 5,000 digits (line 2, column 7) @ $.p.cap",
        ),
        (
            "n = 0x" + "f" * 40,
            "Expected an integer of at most 30 digits but got a longer one @ $.n",
        ),
        (
            b'name = "\xc3"\n',
            "Expected UTF-8 text but got the byte 0xc3 at offset 8 @ $",
        ),
        (
            "a = " * 2,
            "Expected TOML but got a syntax error: Invalid value (at line 1, column 5) @ $",
        ),
    ],
    ids=[
        "array nesting",
        "inline-table nesting",
        "5,000 digits",
        "hex",
        "not UTF-8",
        "syntax",
    ],
)
def test_toml_refusals_name_the_path(toml: str | bytes, error: str) -> None:
    """Each bound of the TOML reader is one line of the error class asked for, with the path."""
    with pytest.raises(PolicyDataError) as info:
        text.read_toml_data(toml, "p.toml", PolicyDataError)
    assert info.value.errors == [error]


def test_toml_text_that_only_looks_out_of_bounds_is_read() -> None:
    """Brackets and digits in strings and comments, long fractions, underscores: all read."""
    toml = (
        "# " + "[" * 100 + "\n"
        'a = "' + "[" * 100 + '"\n'
        'b = """' + "{" * 100 + '"""\n'
        "c = 1." + "1" * 50 + "\n"
        'd = "' + "1" * 50 + '"\n'
        "e = 1_000_000\n"
    )
    data = text.read_toml_data(toml, "p.toml", DataError)
    assert (data["a"], data["d"], data["e"]) == ("[" * 100, "1" * 50, 1_000_000)


def test_toml_over_a_megabyte_is_refused_before_parsing() -> None:
    """A TOML file over MAX_TOML is refused at once, in bytes or characters."""
    big = b"x = 1\n" * (text.MAX_TOML // 6 + 1)
    with pytest.raises(DataError) as info:
        text.read_toml_data(big, "s.toml", DataError)
    assert info.value.errors == [
        f"Expected TOML of at most 262,144 characters but got {len(big):,} bytes @ $"
    ]
