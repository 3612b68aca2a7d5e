"""Where the chunks of runs are computed: here, a process on every core, or any executor (private).

The default executor is a :class:`concurrent.futures.ProcessPoolExecutor`
with one worker process per core this process may use but one, started on
first use with the ``forkserver`` method (``spawn`` where there is none) and
kept for the next runs, so that its start-up is paid once; the calling
process computes chunks on the remaining core, between its own work on the
chunks that are back (:func:`_shared`). Processes, not threads: the model's
numpy calls are many and short, and hold the interpreter lock for much of
their time, so two threads are no faster than one.
"""

from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import os
import signal
import threading
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, Final, Literal, final

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


def _workers() -> int:
    """The default pool's worker processes: one per core but the one this process computes on."""
    return max(1, usable_cores() - 1)


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
                max_workers=_workers(),
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
    waiting: Callable[[], bool] | None = None,
) -> Iterator[Chunk]:
    """The chunks of runs ``bounds`` in run order, computed by *executor* (``None``: here).

    With *sink*, the workers write the rows of the results' arrays to the
    run's files themselves. *meanwhile* is called once the first chunks are
    handed to *executor*, before the first is waited for: work of this
    process that the workers' computing hides. *waiting* is called when
    this process has no chunk to compute and the next is not back: it does
    what work it has and says whether it did any.

    Raises:
        SimulationError: the worker processes died.
    """
    if executor is None:
        for a, b in bounds:
            yield simulate_chunk(plan, seed, a, b, sink)
        return
    try:
        yield from _shared(
            executor,
            plan,
            seed=seed,
            bounds=bounds,
            sink=sink,
            meanwhile=meanwhile,
            waiting=waiting,
            here=is_default_pool(executor),
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


def _shared(  # noqa: PLR0913 - keyword-only parts of a run
    executor: concurrent.futures.Executor,
    plan: Plan,
    *,
    seed: int,
    bounds: list[tuple[int, int]],
    sink: Sink | None,
    meanwhile: Callable[[], object] | None,
    waiting: Callable[[], bool] | None = None,
    workers: int | None = None,
    here: bool = True,
) -> Iterator[Chunk]:
    """The chunks computed by *executor*'s *workers*, and *here* by this process too, in order.

    The workers are handed a few chunks each at a time, so that a long run
    holds a bounded number of finished chunks in memory; with *here*, at
    most their share of the chunks left. While the next chunk in order is
    not back, this process computes one itself, with *here*: the next not
    handed out, or, when all are, the last still queued for a worker
    (cancelled there); with none of those, it calls *waiting*, its own work
    on the chunks that are back (their pricing), before it waits. So every
    core computes until the end of the run.

    *workers* defaults to the default pool's with *here*, else to the cores.
    """
    if workers is None:
        workers = _workers() if here else usable_cores()
    share = _Share(
        executor,
        partial(simulate_chunk, plan, seed, sink=sink),
        bounds,
        workers=workers,
        here=here,
    )
    try:
        share.hand_out()
        if meanwhile is not None:
            meanwhile()
        while share.slots or share.taken < len(bounds):
            head = share.slots[0] if share.slots else None
            behind = head is None or (
                isinstance(head, concurrent.futures.Future) and not head.done()
            )
            if behind and (share.compute_one() or (waiting is not None and waiting())):
                continue
            assert head is not None  # noqa: S101 - compute_one() computes when none is out
            share.slots.popleft()
            if isinstance(head, concurrent.futures.Future):
                del share.queued[head]
                head = head.result()
            share.hand_out()
            yield head
    finally:
        for future in share.queued:
            future.cancel()


@final
class _Share:
    """The chunks of a run shared between an executor's workers and, perhaps, this process."""

    def __init__(
        self,
        executor: concurrent.futures.Executor,
        compute: Callable[[int, int], Chunk],
        bounds: list[tuple[int, int]],
        *,
        workers: int,
        here: bool,
    ) -> None:
        self.executor, self.compute, self.bounds = executor, compute, bounds
        #: The workers, and this process if it computes too.
        self.workers, self.here = workers, here
        #: Chunks handed out and not yet back, at most this many: enough for
        #: the workers to compute while this process prices a batch.
        self.window = (2 if here else 4) * workers + 2
        #: The chunks taken, in run order: futures, or computed here.
        self.slots: collections.deque[concurrent.futures.Future[Chunk] | Chunk] = (
            collections.deque()
        )
        #: The futures in :attr:`slots`, with their bounds.
        self.queued: dict[concurrent.futures.Future[Chunk], tuple[int, int]] = {}
        #: How many bounds are taken, handed out or computed here.
        self.taken = 0

    def hand_out(self) -> None:
        """Hand the workers chunks, up to their share of those left and the window."""
        while self.taken < len(self.bounds):
            left = len(self.bounds) - self.taken + len(self.queued)
            share = -(-left * self.workers // (self.workers + self.here))
            if len(self.queued) >= min(self.window, share):
                return
            bound = self.bounds[self.taken]
            future = self.executor.submit(self.compute, *bound)
            self.queued[future] = bound
            self.slots.append(future)
            self.taken += 1

    def compute_one(self) -> bool:
        """Compute a chunk here, if this process computes and any is left to take or to take back."""
        if not self.here:
            return False
        if self.taken < len(self.bounds) and len(self.slots) < 2 * self.window:
            self.slots.append(self.compute(*self.bounds[self.taken]))
            self.taken += 1
            return True
        for i in range(len(self.slots) - 1, -1, -1):
            slot = self.slots[i]
            if isinstance(slot, concurrent.futures.Future) and slot.cancel():
                self.slots[i] = self.compute(*self.queued.pop(slot))
                return True
        return False
