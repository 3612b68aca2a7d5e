"""Input and messages for the command: files and stdin, warnings, option values (private)."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from labourbrand._validators import show
from labourbrand.dates import parse_date
from labourbrand.exceptions import LabourBrandError, LabourBrandWarning


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import pendulum


__all__ = [
    "count",
    "day",
    "gibibytes",
    "has",
    "plugin_names",
    "plugin_selection",
    "read",
    "relayed_warnings",
    "source",
    "warn",
]


def warn(message: str) -> None:
    """Write a warning to stderr, in the command's shape."""
    sys.stderr.write(f"labourbrand: warning: {message}\n")


@contextlib.contextmanager
def relayed_warnings() -> Iterator[None]:
    """Write the :class:`LabourBrandWarning` of the block to stderr, each once, after it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LabourBrandWarning)
        yield
    for warning in caught:
        warn(str(warning.message))


def has(module: str) -> bool:
    """Whether an optional dependency is installed."""
    return importlib.util.find_spec(module) is not None


def read(path: str) -> bytes:
    """The bytes of *path*, or of standard input for ``-``."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read the file: {exc.strerror or type(exc).__name__}"
        raise LabourBrandError(msg) from exc


def source(path: str) -> str:
    """How messages name *path*: ``<stdin>`` for ``-``."""
    return "<stdin>" if path == "-" else path


def day(text: str) -> pendulum.Date:
    """Parse a ``DATE`` option; a bad day is a usage error."""
    try:
        return parse_date(text)
    except LabourBrandError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def count(minimum: int) -> Callable[[str], int]:
    """An argparse type: an int >= *minimum*."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:  # not an int, or more than 4,300 digits
            value = minimum - 1
        if value < minimum:
            msg = f"Expected an int >= {minimum} but got {show(text)}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


#: The most memory ``--max-memory`` takes, in GiB (a petabyte).
_MAX_GIB: Final = 1 << 20


def gibibytes(text: str) -> int:
    """An argparse type: a positive number of GiB, as bytes."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= _MAX_GIB:  # NaN fails too
        msg = f"Expected a number of GiB > 0 and <= {_MAX_GIB:,} but got {show(text)}"
        raise argparse.ArgumentTypeError(msg)
    return max(1, int(value * (1 << 30)))


def plugin_names(text: str) -> tuple[str, ...]:
    """Parse a comma-separated list of plugin names."""
    return tuple(n.strip() for n in text.split(",") if n.strip())


def plugin_selection(args: argparse.Namespace) -> dict[str, Any]:
    """The plugin-selection options, as keyword arguments of :meth:`Policy.shaanxi`."""
    return {
        "entry_points": not args.no_entry_points,
        "allow": args.allow,
        "block": args.block,
        "strict": args.strict,
    }
