"""Where the chunks of runs are computed: here, a process on every core, or any executor (private).

The default executor is a :class:`concurrent.futures.ProcessPoolExecutor`
with one worker process per core this process may use, started on first use
with the ``forkserver`` method (``spawn`` where there is none) and kept for
the next runs, so that its start-up is paid once. Processes, not threads:
the model's numpy calls are many and short, and hold the interpreter lock
for much of their time, so two threads are no faster than one.
"""

from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import os
import signal
import threading
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Final, Literal

from labourbrand.exceptions import SimulationError
from labourbrand.simulation._chunk import simulate_chunk


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from labourbrand.simulation._chunk import Chunk
    from labourbrand.simulation._plan import Plan
    from labourbrand.simulation._store import Sink


__all__ = [
    "SERIAL",
    "ExecutorChoice",
    "chunks",
    "is_default_pool",
    "resolve",
    "usable_cores",
]

#: The ``executor`` that computes every chunk here, one after the other.
SERIAL: Final = "serial"
#: What ``run(executor=...)`` accepts.
ExecutorChoice = concurrent.futures.Executor | Literal["serial"] | None

_lock = threading.Lock()
_pool: concurrent.futures.ProcessPoolExecutor | None = None


def usable_cores() -> int:
    """The number of cores this process may run on (its affinity, where known).

    Example:
        >>> usable_cores() >= 1
        True
    """
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return int(count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def _ignore_interrupts() -> None:
    """Leave Ctrl-C to the calling process (a worker's start-up).

    The workers share the terminal's process group: without this, each
    would print a ``KeyboardInterrupt`` traceback when the caller's run is
    interrupted, or a notebook's kernel stopped. The caller stops the run.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _default_pool() -> concurrent.futures.ProcessPoolExecutor:
    """The process pool of the default executor, started on first use and kept."""
    global _pool  # noqa: PLW0603 - one pool per process, shared by every run
    with _lock:
        if _pool is None:
            methods = multiprocessing.get_all_start_methods()
            # forkserver: workers start from a clean server process, safe
            # whatever threads this process runs (fork is not).
            method = "forkserver" if "forkserver" in methods else "spawn"
            _pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=usable_cores(),
                mp_context=multiprocessing.get_context(method),
                initializer=_ignore_interrupts,
            )
        return _pool


def _discard_pool(pool: concurrent.futures.Executor) -> None:
    """Forget the default pool if *pool* is it and broke, so that the next run starts another."""
    global _pool  # noqa: PLW0603 - see _default_pool
    with _lock:
        if _pool is not pool:
            return
        _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def resolve(
    executor: ExecutorChoice, *, chunks: int
) -> concurrent.futures.Executor | None:
    """The executor a run's *chunks* go to: ``None`` to compute them here.

    ``None`` (the default) is the default process pool when there is more
    than one chunk and more than one core, and here otherwise.
    """
    if executor == SERIAL:
        return None
    if executor is None:
        return _default_pool() if chunks > 1 and usable_cores() > 1 else None
    return executor


def is_default_pool(executor: concurrent.futures.Executor | None) -> bool:
    """Whether *executor* is the default process pool, whose workers share our files."""
    return executor is not None and executor is _pool


def chunks(  # noqa: PLR0913 - keyword-only parts of a run
    plan: Plan,
    *,
    seed: int,
    bounds: list[tuple[int, int]],
    executor: concurrent.futures.Executor | None,
    sink: Sink | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[Chunk]:
    """The chunks of runs ``bounds`` in run order, computed by *executor* (``None``: here).

    With *sink*, the workers write the rows of the results' arrays to the
    run's files themselves. *meanwhile* is called once the first chunks are
    handed to *executor*, before the first is waited for: work of this
    process that the workers' computing hides.

    Raises:
        SimulationError: the worker processes died.
    """
    if executor is None:
        for a, b in bounds:
            yield simulate_chunk(plan, seed, a, b, sink)
        return
    try:
        yield from _in_order(
            executor, plan, seed=seed, bounds=bounds, sink=sink, meanwhile=meanwhile
        )
    except BrokenProcessPool as exc:
        _discard_pool(executor)
        msg = (
            "the worker processes died before they finished: out of memory, or "
            "a script that calls run() needs the guard "
            "'if __name__ == \"__main__\":' (the workers import the script); "
            "executor='serial' computes the runs in this process"
        )
        raise SimulationError(msg) from exc


def _in_order(  # noqa: PLR0913 - keyword-only parts of a run
    executor: concurrent.futures.Executor,
    plan: Plan,
    *,
    seed: int,
    bounds: list[tuple[int, int]],
    sink: Sink | None,
    meanwhile: Callable[[], object] | None,
) -> Iterator[Chunk]:
    """Submit the chunks a few at a time and yield their results in order.

    At most a few chunks per core are in flight, so that a long run holds
    a bounded number of finished chunks in memory, and enough that the
    workers have work while this process prices a batch of awards.
    """
    window = 4 * usable_cores() + 2
    pending: collections.deque[concurrent.futures.Future[Chunk]] = collections.deque()
    todo = iter(bounds)
    try:
        for a, b in todo:
            pending.append(executor.submit(simulate_chunk, plan, seed, a, b, sink))
            if len(pending) >= window:
                break
        if meanwhile is not None:
            meanwhile()
        while pending:
            done = pending.popleft().result()
            for a, b in todo:
                pending.append(executor.submit(simulate_chunk, plan, seed, a, b, sink))
                break
            yield done
    finally:
        for future in pending:
            future.cancel()
