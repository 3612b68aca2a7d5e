"""Input, output and messages for the command: files and stdin, files written atomically, warnings, option values (private)."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from labourbrand._validators import show
from labourbrand.dates import parse_date
from labourbrand.exceptions import LabourBrandError, LabourBrandWarning


if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator

    import pendulum


__all__ = [
    "STAGING_PREFIX",
    "count",
    "day",
    "gibibytes",
    "has",
    "note",
    "open_text",
    "output",
    "plugin_names",
    "plugin_selection",
    "read",
    "relayed_warnings",
    "source",
    "staged",
    "staged_file",
    "warn",
]

#: The name of a staging folder starts so: hidden, and recognisable as ours.
STAGING_PREFIX: Final = ".labourbrand-staging-"


def warn(message: str) -> None:
    """Write a warning to stderr, in the command's shape."""
    sys.stderr.write(f"labourbrand: warning: {message}\n")


def note(message: str) -> None:
    """Write a note (what was done, not a problem) to stderr, in the command's shape."""
    sys.stderr.write(f"labourbrand: {message}\n")


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


@contextlib.contextmanager
def open_text(path: str) -> Iterator[TextIO]:
    """*path*, or standard input for ``-``, open as UTF-8 text to read a piece at a time.

    Raises:
        LabourBrandError: the file cannot be opened.
    """
    if path == "-":
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.detach()  # leave standard input open
        return
    try:
        opened = Path(path).open(encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        msg = f"{path}: cannot read the file: {exc.strerror or type(exc).__name__}"
        raise LabourBrandError(msg) from exc
    with opened:
        yield opened


def _cannot_write(exc: OSError, where: object) -> LabourBrandError:
    """The command's error for *exc*, raised while writing into *where*."""
    place = exc.filename if exc.filename is not None else where
    return LabourBrandError(
        f"{place}: cannot write: {exc.strerror or type(exc).__name__}"
    )


@contextlib.contextmanager
def staged(directory: str | Path, *, replaces: Collection[str] = ()) -> Iterator[Path]:
    """Write files into *directory* all at once, or not at all.

    Yields a staging folder inside *directory* (on the same file system): the
    block writes its files there, under their final names. When the block
    ends without an error each file is moved into *directory* with
    :func:`os.replace`, which is atomic: a reader sees the old file or the
    whole new one, never half of one. Then the names in *replaces* that the
    block did not write are removed from *directory*, so that no file of an
    earlier run is left beside the new ones (a plot the run did not redraw).
    When the block raises, the staging folder is removed and *directory* is
    as it was. *directory* is created if missing.

    Raises:
        LabourBrandError: *directory* cannot be created or written to, or a
            file cannot be written (an :exc:`OSError` of the block), naming
            the path.
    """
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    except OSError as exc:
        raise _cannot_write(exc, folder) from exc
    try:
        try:
            yield staging
        except OSError as exc:
            raise _cannot_write(exc, folder) from exc
        written = sorted(p.name for p in staging.iterdir())
        try:
            for name in written:
                (staging / name).replace(folder / name)  # os.replace: atomic
            for name in sorted(set(replaces) - set(written)):
                (folder / name).unlink(missing_ok=True)
        except OSError as exc:
            raise _cannot_write(exc, folder) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def staged_file(path: str) -> Iterator[Path]:
    """Where to write the file *path*: a name in a staging folder beside it, moved into place after the block (:func:`staged`).

    Raises:
        LabourBrandError: *path* is a folder, or cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        msg = f"{path}: cannot write: Is a directory"
        raise LabourBrandError(msg)
    with staged(target.parent) as staging:
        yield staging / target.name


@contextlib.contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """Standard output, or *path* written atomically (:func:`staged`) as UTF-8 text."""
    if path is None:
        yield sys.stdout
        return
    with (
        staged_file(path) as target,
        target.open("w", encoding="utf-8", newline="") as stream,
    ):
        yield stream


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
        "rule_files": tuple(args.rules or ()),
        "entry_points": not args.no_entry_points,
        "allow": args.allow,
        "block": args.block,
        "strict": args.strict,
    }
