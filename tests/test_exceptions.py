"""Tests for the messages of :class:`labourbrand.exceptions.DataError`."""

from __future__ import annotations

from labourbrand.exceptions import DataError


def test_lines_are_escaped_so_any_stream_can_write_them() -> None:
    """Control characters and lone surrogates of the input are written as escapes."""
    error = DataError("x.json", ["Expected text but got 'a\x00b\ud800' @ $.note"])
    assert error.errors == ["Expected text but got 'a\\x00b\\ud800' @ $.note"]
    str(error).encode("utf-8")


def test_long_lines_are_cut_before_their_path() -> None:
    """A line over 600 characters is cut in its message; its path is kept."""
    error = DataError("x.json", ["Expected a key among " + "k, " * 1000 + "x @ $.a.b"])
    (line,) = error.errors
    assert len(line) == 600
    assert line.endswith("… @ $.a.b")


def test_the_message_lists_twenty_lines_and_counts_the_rest() -> None:
    """The message lists the first 20 lines; errors keeps every one."""
    error = DataError("x.json", [f"bad {i} @ $[{i}]" for i in range(1000)])
    lines = str(error).splitlines()
    assert lines[0] == "x.json: 1,000 invalid fields"
    assert lines[1:21] == [f"  x.json: bad {i} @ $[{i}]" for i in range(20)]
    assert lines[21:] == ["  x.json: … and 980 more (DataError.errors lists them all)"]
    assert len(error.errors) == 1000
