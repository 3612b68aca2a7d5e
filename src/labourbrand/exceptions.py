"""The whole error and warning hierarchy of :mod:`labourbrand`.

Every exception the library raises on purpose is a :class:`LabourBrandError`,
so an application can catch one class at its boundary.
Exceptions carry structured attributes as well as a message,
so that code can act on them without parsing text, and every one of them
round-trips through :mod:`pickle` with its message and attributes, so that an
error raised in a worker process (:class:`concurrent.futures.ProcessPoolExecutor`,
a Dask task) reaches the caller intact.

.. code-block:: text

    LabourBrandError
    ├── InvalidArgumentError (also ValueError)
    │   ├── AlreadyPaidError                    .brand_id, .measure, .paid_on
    │   └── ResourceLimitError                  .needed, .limit
    ├── UnknownRegionError (also LookupError)
    ├── DataError (also ValueError)             .source, .errors
    │   └── PolicyDataError
    ├── IllegalTransitionError                  .brand, .from_stage, .event, .allowed
    │   └── ActorNotAllowedError                .actor, .may_act, .basis
    ├── LedgerError                             .store
    ├── NotInForceError                         .name, .on, .first_day
    ├── SimulationError                         .model, .received
    └── PluginError                             .plugin_name, .hook
        └── PluginResultError                   .value
    LabourBrandWarning (UserWarning)
    └── LabourBrandDeprecationWarning (also FutureWarning)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final


if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import pendulum


__all__ = [
    "ActorNotAllowedError",
    "AlreadyPaidError",
    "DataError",
    "IllegalTransitionError",
    "InvalidArgumentError",
    "LabourBrandDeprecationWarning",
    "LabourBrandError",
    "LabourBrandWarning",
    "LedgerError",
    "NotInForceError",
    "PluginError",
    "PluginResultError",
    "PolicyDataError",
    "ResourceLimitError",
    "SimulationError",
    "UnknownRegionError",
]


def _rebuild(
    cls: type[LabourBrandError], args: tuple[Any, ...], state: dict[str, Any]
) -> LabourBrandError:
    """Rebuild an exception from its message arguments and attributes (for pickle)."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def _picklable(value: object) -> object:
    """*value* itself if it pickles, else its ``repr`` (a plugin's odd return value)."""
    import pickle  # only when an error is pickled: import labourbrand stays light

    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 - any failure to pickle means: keep the text
        return repr(value)
    return value


class LabourBrandError(Exception):
    """Root of every error :mod:`labourbrand` raises on purpose.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Every subclass pickles with its message and attributes.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The constructors take keyword-only fields, which BaseException's own
        # reduction (cls(*args)) cannot pass: rebuild without calling __init__.
        state = {k: _picklable(v) for k, v in self.__dict__.items()}
        return (_rebuild, (type(self), self.args, state))


class InvalidArgumentError(LabourBrandError, ValueError):
    """A function or constructor was given a value it cannot accept.

    Also a :class:`ValueError`, so generic callers keep working.

    Attributes:
        field: the name of the offending field, when a constructor raised it.

    .. versionadded:: 0.1.0
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        #: The name of the offending field, if any.
        self.field = field
        super().__init__(message)


class AlreadyPaidError(InvalidArgumentError):
    """A one-time measure was already paid for the brand (the ledger's refusal).

    Attributes:
        brand_id: the brand's stable id.
        measure: the measure.
        paid_on: the day of the payment already recorded.

    .. versionadded:: 0.2.0
    """

    def __init__(self, *, brand_id: str, measure: str, paid_on: pendulum.Date) -> None:
        self.brand_id = brand_id
        self.measure = measure
        self.paid_on = paid_on
        msg = (
            f"Expected a first payment but {measure} was already paid for brand "
            f"id {brand_id!r} on {paid_on.isoformat()} (a one-time measure is paid once)"
        )
        super().__init__(msg, field="measure")


class ResourceLimitError(InvalidArgumentError):
    """A request would need more than the limit set for it: refused before any work starts.

    The message says what was asked, what it would need and the limit, and
    how to stay within it (fewer runs, a nearer horizon) or raise it.

    Attributes:
        needed: what the request would need (bytes of memory, for a simulation).
        limit: the limit it exceeds, in the same unit.

    .. versionadded:: 0.2.0
    """

    def __init__(self, message: str, *, field: str, needed: int, limit: int) -> None:
        self.needed = needed
        self.limit = limit
        super().__init__(message, field=field)


class UnknownRegionError(LabourBrandError, LookupError):
    """A region code is well formed but not in the registry.

    Attributes:
        code: the code that was looked up.

    .. versionadded:: 0.1.0
    """

    def __init__(self, code: str, *, registry: str = "Shaanxi") -> None:
        #: The code that was looked up.
        self.code = code
        msg = f"Expected a region code of the {registry} registry but got code={code!r}"
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would quote the whole message
        return str(self.args[0])


#: The most problem lines the message of a :class:`DataError` lists.
_MAX_LISTED: Final = 20
#: The longest problem line, in characters; the path at its end is kept.
_MAX_LINE: Final = 600
_MAX_PATH: Final = 160
# Characters a message never holds as they are: controls and lone surrogates
# (from bad input) are written as escapes, so that any terminal, log or
# encoder takes the message.
_UNPRINTABLE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape", "backslashreplace").decode("ascii")


def _tidy(line: str) -> str:
    """*line* escaped and cut to :data:`_MAX_LINE` characters, its path kept."""
    line = _UNPRINTABLE.sub(_escaped, line)
    if len(line) <= _MAX_LINE:
        return line
    head, at, path = line.rpartition(" @ ")
    if not at:
        head, path = line, ""
    if len(path) > _MAX_PATH:
        path = path[: _MAX_PATH - 1] + "\u2026"
    room = _MAX_LINE - len(path) - len(at)
    if len(head) > room:
        head = head[: room - 1] + "\u2026"
    return f"{head}{at}{path}"


class DataError(LabourBrandError, ValueError):
    """Input data (JSON, CSV, TOML) does not fit the model.

    The message lists every bad field with its path, such as
    ``Expected an int but got 520.0 (type=float) @ $.workforce[0].rural_signed``.
    The underlying cattrs exception group stays in ``__cause__``.

    Each line is kept readable: control characters and lone surrogates of
    the input are written as escapes, and a line longer than 600 characters
    is cut before its path. The message lists the first 20 lines and says
    how many more there are; :attr:`errors` holds them all.

    Attributes:
        source: where the data came from (a file name, ``"<json>"``).
        errors: one line per bad field, each ending with ``@ $.<path>``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Lines escaped and cut; the message lists 20 of them.
    """

    def __init__(self, source: str, errors: Iterable[str]) -> None:
        #: Where the data came from.
        self.source = _tidy(source)
        #: One line per bad field, each with its path.
        self.errors: list[str] = [_tidy(e) for e in errors]
        listed = self.errors[:_MAX_LISTED]
        lines = "\n".join(f"  {self.source}: {e}" for e in listed)
        n = len(self.errors)
        if n > len(listed):
            lines += (
                f"\n  {self.source}: \u2026 and {n - len(listed):,} more "
                "(DataError.errors lists them all)"
            )
        msg = f"{self.source}: {n:,} invalid field{'s' if n != 1 else ''}\n{lines}"
        super().__init__(msg)


class PolicyDataError(DataError):
    """A packaged or user-supplied policy file (parameters, clauses) is invalid.

    .. versionadded:: 0.1.0
    """


class IllegalTransitionError(LabourBrandError):
    """A lifecycle event is not allowed from the brand's stage, or its guard failed.

    Attributes:
        brand: the name of the brand.
        from_stage: the stage the brand is in.
        event: the event that was refused.
        allowed: the events the transition table allows from *from_stage*.
        reason: why the event was refused.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        *,
        brand: str,
        from_stage: str,
        event: str,
        allowed: Sequence[str],
        reason: str,
    ) -> None:
        self.brand = brand
        self.from_stage = from_stage
        self.event = event
        self.allowed = tuple(allowed)
        self.reason = reason
        msg = (
            f"Brand {brand!r} in stage {from_stage!r} cannot take event {event!r}: "
            f"{reason}. Allowed from {from_stage!r}: "
            f"{', '.join(self.allowed) if self.allowed else 'none (final stage)'}"
        )
        super().__init__(msg)


class ActorNotAllowedError(IllegalTransitionError):
    """An authority the text does not name tried to take a lifecycle event.

    Attributes:
        actor: the authority that tried.
        may_act: the authorities the transition table names for the event
            from *from_stage*.
        basis: the clause that names them, or from which the row is inferred.
        inferred: whether the text has no such step and the table infers who
            acts from the clause (:attr:`labourbrand.lifecycle.Transition.basis_inferred`).

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.2.0
       *inferred*.
    """

    def __init__(  # noqa: PLR0913 - the fields of the refusal, keyword-only
        self,
        *,
        brand: str,
        from_stage: str,
        event: str,
        allowed: Sequence[str],
        actor: str,
        may_act: Sequence[str],
        basis: str,
        inferred: bool = False,
    ) -> None:
        self.actor = actor
        self.may_act = tuple(may_act)
        self.basis = basis
        self.inferred = inferred
        names = " or ".join(repr(a) for a in self.may_act)
        super().__init__(
            brand=brand,
            from_stage=from_stage,
            event=event,
            allowed=allowed,
            reason=(
                f"{actor!r} may not act; the table names {names} from "
                f"{from_stage!r} (inferred from clause {basis}, which has no such step)"
                if inferred
                else f"{actor!r} may not act; clause {basis} names {names}"
            ),
        )


class LedgerError(LabourBrandError):
    """A ledger store cannot be opened, read or written (its schema, its file, its server).

    Attributes:
        store: where the store is (a file name or a database name, never a password).

    .. versionadded:: 0.2.0
    """

    def __init__(self, message: str, *, store: str) -> None:
        self.store = store
        super().__init__(f"ledger {store}: {message}")


class NotInForceError(LabourBrandError):
    """A dated value or rule was asked about a day before it took effect.

    Attributes:
        name: the parameter or rule.
        on: the day asked about.
        first_day: the first day it is in force.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, name: str, *, on: pendulum.Date, first_day: pendulum.Date
    ) -> None:
        self.name = name
        self.on = on
        self.first_day = first_day
        msg = (
            f"Expected a day on or after {first_day.isoformat()} but got "
            f"on={on.isoformat()!r}: {name} is not in force before then"
        )
        super().__init__(msg)


class SimulationError(LabourBrandError):
    """The workers of a simulation could not compute its runs.

    Raised in a worker, it reaches the caller through the executor, as every
    error here pickles. Either a worker runs another simulation model than
    the caller, usually another version of labourbrand installed on a
    cluster's workers, whose draws would give other numbers for the same
    seed, so it refuses rather than mix them in; or the worker processes
    died (out of memory, or a script that starts a process pool without the
    ``if __name__ == "__main__":`` guard).

    Attributes:
        model: the worker's simulation model, when the models differ.
        received: the model of the plan it was sent, when the models differ.

    .. versionadded:: 0.2.0
    """

    def __init__(
        self, message: str, *, model: str | None = None, received: str | None = None
    ) -> None:
        self.model = model
        self.received = received
        super().__init__(message)


class PluginError(LabourBrandError):
    """A plugin failed to load, validate or run.

    Attributes:
        plugin_name: the plugin's registered name.
        hook: the hook involved, if any.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, message: str, *, plugin_name: str, hook: str | None = None
    ) -> None:
        self.plugin_name = plugin_name
        self.hook = hook
        where = f"plugin {plugin_name!r}" + (f", hook {hook!r}" if hook else "")
        super().__init__(f"{where}: {message}")


class PluginResultError(PluginError):
    """A plugin's hook returned a value the province's rules forbid.

    Attributes:
        value: what the hook returned.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, message: str, *, plugin_name: str, hook: str, value: object
    ) -> None:
        self.value = value
        super().__init__(
            f"{message}; got {value!r} (type={type(value).__name__})",
            plugin_name=plugin_name,
            hook=hook,
        )


class LabourBrandWarning(UserWarning):
    """Base of the warnings :mod:`labourbrand` emits.

    .. versionadded:: 0.1.0
    """


class LabourBrandDeprecationWarning(LabourBrandWarning, FutureWarning):
    """A public name or behaviour will be removed.

    A :class:`FutureWarning` so that end users see it, not only developers.

    .. versionadded:: 0.1.0
    """
