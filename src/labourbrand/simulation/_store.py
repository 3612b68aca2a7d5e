"""Where the results' arrays are kept while a run fills them: memory, or files (private).

A large run (its arrays over :data:`SPILL_BYTES`, or a folder given) writes
each chunk's rows to files as they come, with plain file writes, and the
results then read the files as read-only memory maps: the memory a run holds
is bounded by a few chunks, whatever the number of runs, and the pages of a
memory map are read from disk only when used, and the system may drop them
again. On a system that allows it (Linux, macOS), each file is removed from
its folder as soon as it is mapped: the disk space is freed when the last
array that maps it is no longer used.

The worker processes of the default executor write their rows to the files
themselves (:class:`Sink`), so that only the award events travel back to the
calling process; for them, a run small enough for memory keeps its files in
shared memory (``/dev/shm``) where there is room.
"""

from __future__ import annotations

import contextlib
import pathlib
import shutil
import tempfile
import weakref
from typing import TYPE_CHECKING, Any, BinaryIO, Final, final

import attrs
import numpy as np


if TYPE_CHECKING:
    import numpy.typing as npt


__all__ = ["SHARED", "SPILL_BYTES", "Sink", "Store", "shared_folder"]

#: Results whose arrays would take more memory than this are kept on disk.
SPILL_BYTES: Final = 512 * 2**20
#: Shared memory of Linux, a file system in memory: the folder the default
#: pool's workers write their rows to, where the system has one.
SHARED: Final = pathlib.Path("/dev/shm")  # noqa: S108 - a system folder, not a temp file


def shared_folder(size: int) -> pathlib.Path:
    """A folder in memory with room for *size* bytes (twice), else the temporary folder."""
    try:
        free = shutil.disk_usage(SHARED).free
    except OSError:  # pragma: no cover - no /dev/shm (macOS, Windows)
        free = 0
    return SHARED if free > 2 * size else pathlib.Path(tempfile.gettempdir())


@final
@attrs.frozen
class Sink:
    """The run's files, for a worker to write its rows into (it pickles small)."""

    #: The folder of the files.
    folder: str
    #: Each fixed array's name and bytes per row.
    row_bytes: tuple[tuple[str, int], ...]

    def write(self, name: str, first: int, rows: npt.NDArray[Any]) -> None:
        """Write *rows* from row *first* of array *name*."""
        size = dict(self.row_bytes)[name]
        with pathlib.Path(self.folder, f"{name}.bin").open("r+b") as handle:
            handle.seek(first * size)
            handle.write(np.ascontiguousarray(rows).data)


@final
class Store:
    """Arrays filled a block of rows at a time, in memory or in files of a new folder.

    Args:
        folder: where to make the folder of files (a new one inside it), or
            ``None`` to keep the arrays in memory.
    """

    def __init__(self, folder: pathlib.Path | None) -> None:
        self._folder = (
            None
            if folder is None
            else pathlib.Path(tempfile.mkdtemp(prefix="labourbrand-run-", dir=folder))
        )
        self._fixed: dict[str, tuple[tuple[int, ...], np.dtype[Any]]] = {}
        self._arrays: dict[str, npt.NDArray[Any]] = {}
        self._parts: dict[str, list[npt.NDArray[Any]]] = {}
        self._files: dict[str, BinaryIO] = {}
        self._lengths: dict[str, int] = {}
        #: A folder whose files could not be removed once mapped (Windows),
        #: removed when the results are no longer used (:meth:`remove_later`).
        self.leftover: pathlib.Path | None = None

    @property
    def on_disk(self) -> bool:
        """Whether the arrays are written to files."""
        return self._folder is not None

    def _open(self, name: str) -> BinaryIO:
        assert self._folder is not None  # noqa: S101 - only on disk
        handle = (self._folder / f"{name}.bin").open("w+b")
        self._files[name] = handle
        return handle

    def fixed(self, name: str, shape: tuple[int, ...], dtype: npt.DTypeLike) -> None:
        """Declare an array of known *shape*, filled by :meth:`put`."""
        kind = np.dtype(dtype)
        self._fixed[name] = (shape, kind)
        if self._folder is None:
            self._arrays[name] = np.empty(shape, kind)
        else:
            size = int(np.prod(shape)) * kind.itemsize
            self._open(name).truncate(size)

    def growing(self, name: str, dtype: npt.DTypeLike) -> None:
        """Declare a one-dimensional array of unknown length, filled by :meth:`append`."""
        self._fixed[name] = ((0,), np.dtype(dtype))
        self._lengths[name] = 0
        if self._folder is None:
            self._parts[name] = []
        else:
            self._open(name)

    def sink(self) -> Sink:
        """The fixed arrays' files, for workers that write their rows themselves."""
        assert self._folder is not None  # noqa: S101 - only on disk
        return Sink(
            folder=str(self._folder),
            row_bytes=tuple(
                (name, int(np.prod(shape[1:])) * kind.itemsize)
                for name, (shape, kind) in self._fixed.items()
                if name not in self._lengths
            ),
        )

    def put(self, name: str, first: int, rows: npt.NDArray[Any]) -> None:
        """Write *rows* from row *first* of a fixed array."""
        shape, kind = self._fixed[name]
        if self._folder is None:
            self._arrays[name][first : first + len(rows)] = rows
            return
        handle = self._files[name]
        handle.seek(first * int(np.prod(shape[1:])) * kind.itemsize)
        handle.write(np.ascontiguousarray(rows, kind).data)

    def append(self, name: str, values: npt.NDArray[Any]) -> None:
        """Add *values* at the end of a growing array."""
        kind = self._fixed[name][1]
        self._lengths[name] += len(values)
        if self._folder is None:
            self._parts[name].append(np.asarray(values, kind))
        else:
            self._files[name].write(np.ascontiguousarray(values, kind).data)

    def _final(self, name: str) -> npt.NDArray[Any]:
        """One array as it ends: its memory, or a memory map of its closed file."""
        shape, kind = self._fixed[name]
        if name in self._lengths:
            shape = (self._lengths[name],)
        if self._folder is None:
            parts = self._parts.get(name)
            if parts is None:
                return self._arrays[name]
            return np.concatenate(parts) if parts else np.empty(shape, kind)
        handle = self._files.pop(name)
        handle.close()
        if not int(np.prod(shape)):
            return np.empty(shape, kind)  # an empty file cannot be mapped
        return np.memmap(handle.name, kind, mode="r", shape=shape)

    def finish(self) -> dict[str, npt.NDArray[Any]]:
        """Return every array, read-only (memory maps of the files, on disk)."""
        out = {name: self._final(name) for name in self._fixed}
        for array in out.values():
            array.flags.writeable = False
        try:
            self._remove_files()
        except OSError:  # pragma: no cover - Windows keeps mapped files
            self.leftover = self._folder
        return out

    def _remove_files(self) -> None:
        """Remove the folder and its files (mapped ones stay readable where allowed)."""
        if self._folder is not None:
            for path in self._folder.iterdir():
                path.unlink()
            self._folder.rmdir()

    def close(self) -> None:
        """Close and remove every file (a run that failed)."""
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        with contextlib.suppress(OSError):
            self._remove_files()

    def remove_later(self, owner: object) -> None:
        """Remove the leftover folder, if any, when *owner* is no longer used."""
        if self.leftover is not None:  # pragma: no cover - Windows
            weakref.finalize(owner, shutil.rmtree, self.leftover, ignore_errors=True)
