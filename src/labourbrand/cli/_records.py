r"""Records of a JSON text read a piece at a time: a JSON array, or objects one per line (private).

``labourbrand evaluate`` reads files of any number of brands in memory that
does not grow with their number. The standard library parses a JSON text only
whole, so this module finds where each record begins and ends, and hands each
record's text on to be parsed alone:

- a JSON array (``[{…}, {…}]``, the shape of
  :func:`labourbrand.serialization.to_json` of a list): each item is a record;
- JSON objects one per line (JSON Lines, ``{…}\n{…}\n``): each object is a
  record; one object alone, even written over several lines, is one record.

The text is read in pieces of 64 KiB. Finding the ends costs one regular
expression search per string and per bracket, comma and brace (the scanner
skips whole strings, escapes included, in one match), so the records are
found at the speed of :mod:`re`, and only one record is held at a time. What
the records hold is checked by the parser they are handed to; here only
their framing is, with the line and column of a problem.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, NoReturn, final

import attrs

from labourbrand.exceptions import DataError


if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TextIO


__all__ = ["MAX_RECORD", "Record", "Records"]

#: The longest record, in characters: a brand with years of history takes a
#: few kilobytes; anything near this is not a brand record.
MAX_RECORD: Final = 16 * 1024 * 1024
#: Characters read at a time (more while a long record is read).
_CHUNK: Final = 1 << 16
# A whole string (escapes skipped), a structural character, or a lone quote:
# a string that the text read so far does not end.
_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]|"')
_NOT_SPACE: Final = re.compile(r"[^ \t\n\r]")
# Characters of the text a message quotes, at most.
_SHOWN: Final = 20


@final
@attrs.frozen
class Record:
    """One record's text and where it is."""

    #: Its place among the records, from 0 (its path is ``$[index]``).
    index: int
    #: The line of the file it starts on, from 1.
    line: int
    #: Its JSON text.
    text: str


@final
class Records:
    r"""The records of a text stream, one at a time.

    Raises (while iterating):
        DataError: the text is not a JSON array nor JSON objects one per line,
            a record is longer than :data:`MAX_RECORD`, or the bytes are not
            UTF-8; the message gives the line and column, with the path ``$``.

    Example:
        >>> import io
        >>> [r.text for r in Records(io.StringIO('[{"a": "]"}, 2]'), "x.json")]
        ['{"a": "]"}', '2']
        >>> [(r.index, r.line) for r in Records(io.StringIO('{"a": 1}\n{"a": 2}\n'), "x.jsonl")]
        [(0, 1), (1, 2)]
        >>> list(Records(io.StringIO('[1, 2'), "x.json"))
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.DataError: x.json: 1 invalid field
          x.json: Expected ',' or ']' but the text ends: line 1 column 6 (char 5) @ $
    """

    def __init__(self, stream: TextIO, source: str) -> None:
        self._stream = stream
        self._source = source
        self._buf = ""
        self._pos = 0
        self._eof = False
        # Where _buf[0] is in the whole text.
        self._offset = 0
        # The line and column of _buf[_counted]: lines are counted once, as
        # the reading goes past them.
        self._counted = 0
        self._line = 1
        self._column = 1

    def __iter__(self) -> Iterator[Record]:
        first, _ = self._skip_space()
        if first is None:
            self._fail(
                "Expected a JSON array of brands, or brand objects one per line, "
                "but the text is empty",
                self._pos,
            )
        if first == "\ufeff":
            self._fail("Expected UTF-8 text without a byte order mark (BOM)", 0)
        if first == "[":
            yield from self._array()
        elif first == "{":
            yield from self._lines()
        else:
            shown = self._buf[self._pos : self._pos + _SHOWN].split(None, 1)[0]
            self._fail(
                "Expected a JSON array of brands ('[') or a brand object ('{') "
                f"but got {shown!r}",
                self._pos,
            )

    # ------------------------------------------------------------ framing
    def _array(self) -> Iterator[Record]:
        self._pos += 1  # the '['
        following, _ = self._skip_space()
        if following == "]":
            self._pos += 1
            self._end()
            return
        index = 0
        while True:
            if following is None:
                self._fail("Expected a brand or ']' but the text ends", self._pos)
            if following in ",]":
                self._fail(f"Expected a brand but got {following!r}", self._pos)
            yield self._record(index, array=True)
            index += 1
            following, _ = self._skip_space()
            if following == "]":
                self._pos += 1
                self._end()
                return
            if following is None:
                self._fail("Expected ',' or ']' but the text ends", self._pos)
            if following != ",":
                self._fail(f"Expected ',' or ']' but got {following!r}", self._pos)
            self._pos += 1
            following, _ = self._skip_space()

    def _lines(self) -> Iterator[Record]:
        index = 0
        following: str | None = "{"
        newline = True
        while following is not None:
            if not newline:
                self._fail(
                    "Expected one brand object per line (JSON Lines), with a "
                    "line break before the next",
                    self._pos,
                )
            if following != "{":
                self._fail(
                    f"Expected a brand object ('{{') but got {following!r}", self._pos
                )
            yield self._record(index, array=False)
            index += 1
            following, newline = self._skip_space()

    def _end(self) -> None:
        """Check that nothing but white space follows the array."""
        following, _ = self._skip_space()
        if following is not None:
            self._fail(
                f"Expected the end of the text after the array but got {following!r}",
                self._pos,
            )

    # ------------------------------------------------------------ records
    def _record(self, index: int, *, array: bool) -> Record:
        """The record starting at the current position, which then moves past it."""
        if self._pos > _CHUNK:  # drop what was read, now and then: not per record
            self._compact()
        start = self._pos
        self._count_to(start)
        line = self._line
        end = self._scan(index, array=array)
        text = self._buf[start:end]
        self._pos = end
        return Record(index, line, text if text[0] in "[{" else text.strip())

    def _scan(self, index: int, *, array: bool) -> int:
        """Where the record starting at the current position ends.

        A record that starts with a bracket ends with the bracket that closes
        it; any other item of an array ends before the next ``,`` or ``]``.
        """
        start = self._pos
        bracketed = self._buf[start] in "[{"
        depth = 0
        pos = start
        while True:
            found = _TOKEN.search(self._buf, pos)
            if found is None or found.group() == '"':
                pos = len(self._buf) if found is None else found.start()
                if not self._fill():
                    self._unended(start, pos, found, array=array)
                if len(self._buf) - start > MAX_RECORD:
                    self._fail(
                        f"Expected a brand record of at most {MAX_RECORD:,} "
                        f"characters but $[{index}] is longer",
                        start,
                    )
                continue
            mark = found.group()
            pos = found.end()
            if mark[0] == '"':
                continue
            if mark in "[{":
                depth += 1
            elif mark in "]}" and depth:
                depth -= 1
                if not depth and bracketed:
                    return pos
            elif not depth and not bracketed:  # a ',' or ']' after a scalar
                return found.start()

    def _unended(
        self, start: int, pos: int, found: re.Match[str] | None, *, array: bool
    ) -> NoReturn:
        """Fail for a record the text ends in."""
        if found is not None:
            self._fail("Expected the end of a string but the text ends", pos)
        if self._buf[start] in "[{" or not array:
            self._fail(
                "Expected the end of the record that starts here but the text ends",
                start,
            )
        self._fail("Expected ',' or ']' but the text ends", len(self._buf))

    # ------------------------------------------------------------ buffer
    def _fill(self) -> bool:
        """Read more of the text; ``False`` at its end."""
        if self._eof:
            return False
        try:
            piece = self._stream.read(max(_CHUNK, len(self._buf)))
        except UnicodeDecodeError as exc:
            msg = f"Expected UTF-8 text but got bytes that are not UTF-8 ({exc.reason})"
            self._fail(msg, len(self._buf))
        if not piece:
            self._eof = True
            return False
        self._buf += piece
        return True

    def _skip_space(self) -> tuple[str | None, bool]:
        """Move to the next character that is not white space; it (``None`` at the end), and whether a line ended before it."""
        newline = False
        while True:
            found = _NOT_SPACE.search(self._buf, self._pos)
            end = len(self._buf) if found is None else found.start()
            newline = newline or self._buf.find("\n", self._pos, end) >= 0
            self._pos = end
            if found is not None:
                return found.group(), newline
            self._compact()
            if not self._fill():
                return None, newline

    def _count_to(self, pos: int) -> None:
        """Move the count of lines and columns on to position *pos* of the buffer."""
        lines = self._buf.count("\n", self._counted, pos)
        if lines:
            self._line += lines
            self._column = pos - self._buf.rfind("\n", self._counted, pos)
        else:
            self._column += pos - self._counted
        self._counted = pos

    def _compact(self) -> None:
        """Drop the text before the current position, keeping count of lines and columns."""
        cut = self._pos
        if not cut:
            return
        self._count_to(cut)
        self._offset += cut
        self._buf = self._buf[cut:]
        self._pos = self._counted = 0

    def _fail(self, message: str, pos: int) -> NoReturn:
        """Raise a :class:`DataError` for *message* at position *pos* of the buffer."""
        self._count_to(max(pos, self._counted))
        where = f"line {self._line} column {self._column} (char {self._offset + pos})"
        raise DataError(self._source, [f"{message}: {where} @ $"])
