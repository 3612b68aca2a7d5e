"""Text layout for the command: CJK-aware widths, wrapping, tables, shares and money (private)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Final

from labourbrand.money import Fen


if TYPE_CHECKING:
    from collections.abc import Sequence


__all__ = ["NOTE_WIDTH", "fields", "money", "pad", "percent", "table", "width", "wrap"]

#: The width notes and explanations are wrapped to.
NOTE_WIDTH: Final = 76
_WIDE: Final = frozenset({"W", "F"})
# A run of spaces; a word of narrow characters with the wide character glued to
# it, so that "(" never ends a line; or one other (wide) character.
_TOKENS: Final = re.compile(r" +|[!-~]+[^ !-~]?|.")
# Punctuation that must not start a line (kinsoku): it stays on the line before.
_NO_LINE_START: Final = frozenset("。、,.;:!?)")


def width(text: str) -> int:
    """Terminal width of *text*: wide (CJK) characters take two columns.

    Example:
        >>> width("安康 Ankang")
        11
    """
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """Wrap *text* to *columns*, breaking between words or wide characters.

    Example:
        >>> wrap("第四部分第(二)项规定奖补金额", 10)
        ['第四部分第', '(二)项规定', '奖补金额']
    """
    lines = [""]
    for token in _TOKENS.findall(text):
        overflow = width(lines[-1] + token.rstrip()) > columns
        if lines[-1] and overflow and token[0] not in _NO_LINE_START:
            lines.append("")
        lines[-1] += token
    return [line.strip() for line in lines]


def pad(text: str, columns: int) -> str:
    """*text* padded with spaces to *columns*."""
    return text + " " * max(columns - width(text), 0)


def table(rows: Sequence[tuple[str, ...]], *, indent: str = "  ") -> list[str]:
    """Align the columns of *rows* (at least one; all but the last padded), indented."""
    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        indent
        + "  ".join(
            [*(pad(c, w) for c, w in zip(r, widths, strict=False)), r[-1]]
        ).rstrip()
        for r in rows
    ]


def fields(rows: Sequence[tuple[str, str]], *, columns: int = NOTE_WIDTH) -> list[str]:
    """Label-value lines, the values wrapped and aligned after the longest label."""
    indent = max(width(label) for label, _ in rows) + 2
    out = []
    for label, value in rows:
        lines = wrap(value, max(columns - indent, 20))
        out.append(pad(label, indent) + lines[0])
        out += [" " * indent + line for line in lines[1:]]
    return out


def percent(p: float, lang: str) -> str:
    """A share of runs; never rounds a possibility to 0 % or 100 %.

    Example:
        >>> percent(0.001, "en"), percent(0.5, "zh")
        ('<1 %', '50%')
    """
    unit = " %" if lang == "en" else "%"
    if 0 < p < 0.005:  # noqa: PLR2004 - what rounds to 0 %
        return f"<1{unit}"
    if 0.995 <= p < 1:  # noqa: PLR2004 - what rounds to 100 %
        return f">99{unit}"
    return f"{100 * p:.0f}{unit}"


def money(fen: int, lang: str) -> str:
    """An amount of fen as people read it: ``¥1,500.00`` or ``1,500.00元``."""
    return Fen(fen).format(lang=lang)
