"""``labourbrand lifecycle``: the lifecycle state machine as a diagram or a table (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from labourbrand import lifecycle


if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Mapping


__all__ = ["FORMATS", "run"]

_DIAGRAMS: Final[Mapping[str, Callable[[], str]]] = {
    "mermaid": lifecycle.to_mermaid,
    "dot": lifecycle.to_dot,
    "table": lifecycle.to_markdown,
}
#: The values of ``--format``, the default first.
FORMATS: Final = tuple(_DIAGRAMS)


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand lifecycle`` with the parsed *args*; return what it prints."""
    return _DIAGRAMS[args.format]()
