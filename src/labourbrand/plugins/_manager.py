"""Loading plugins and their rules, with errors that name the plugin (private)."""

from __future__ import annotations

import bisect
import difflib
import importlib.metadata
import inspect
import os
import pathlib
import warnings
import weakref
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final, Literal, final

import attrs
import pendulum
import pluggy

from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandWarning,
    PluginError,
    PolicyDataError,
)
from labourbrand.plugins import _rule_files, hookspecs, validation
from labourbrand.rules import Rule


if TYPE_CHECKING:
    from collections.abc import Callable

    from labourbrand.regions import RegionRegistry


#: The entry-point group city plugins register under.
ENTRY_POINT_GROUP: Final = "labourbrand"
#: The registered name of the province's baseline plugin.
PROVINCE: Final = "shaanxi-province"
#: Comma-separated entry-point names allowed to load, when ``allow`` is not given.
ALLOW_ENV: Final = "LABOURBRAND_PLUGINS_ALLOW"
#: Comma-separated plugin names that never load, added to ``block``.
BLOCK_ENV: Final = "LABOURBRAND_PLUGINS_BLOCK"

_RULES_HOOK: Final = "labourbrand_rules"

#: Where a plugin failed (:attr:`PluginFailure.stage`).
Stage = Literal["missing", "import", "register", "rules"]
#: Every stage, in the order loading goes through them.
STAGES: Final[tuple[Stage, ...]] = ("missing", "import", "register", "rules")
# Frames of this package are skipped, so that a warning points at the caller's line.
_PACKAGE: Final = str(pathlib.Path(__file__).parent.parent) + os.sep


@final
@attrs.frozen(kw_only=True)
class PluginFailure:
    """A plugin that was skipped because it failed to import, register or supply rules.

    Only installed plugins are skipped (those of the ``labourbrand``
    entry-point group and the rule files of ``LABOURBRAND_RULES``), and only
    when the policy was not built with ``strict=True``;
    each skip also emits a :class:`~labourbrand.exceptions.LabourBrandWarning`.
    A plugin passed as an argument never fails quietly: it raises.
    A name in the allow list that no installed plugin has is recorded too
    (stage ``"missing"``): the plugin asked for supplies nothing.

    Example:
        >>> PluginFailure(name="ankang", distribution="labourbrand-ankang",
        ...               version="1.0", stage="import",
        ...               reason="raised ImportError: no module named x").stage
        'import'

    .. versionadded:: 0.1.0
    """

    #: The entry-point name, or the rule file's stem.
    name: str
    #: The distribution that declares the entry point, if known.
    distribution: str | None
    #: The version of that distribution, if known.
    version: str | None
    #: Where it failed: ``"missing"`` (named in the allow list, but no installed
    #: plugin has the name), ``"import"`` (loading the entry point, or
    #: reading a rule file of ``LABOURBRAND_RULES``),
    #: ``"register"`` (pluggy refused its hooks, or its name is taken) or
    #: ``"rules"`` (its ``labourbrand_rules`` hook raised, or returned
    #: something that is not a well-formed rule, or a rule the policy refuses).
    #:
    #: .. versionchanged:: 0.2.0
    #:    ``"missing"``.
    stage: Stage = attrs.field(validator=attrs.validators.in_(STAGES))
    #: Why, as the message of the error it would have raised with ``strict=True``.
    reason: str


@attrs.frozen
class _Origin:
    """Where a registered plugin came from."""

    source: Literal["argument", "entry point", "environment", "province"]
    distribution: str | None = None
    version: str | None = None


_ARGUMENT: Final = _Origin("argument")
#: Sources of installed plugins, which are skipped on failure unless strict.
_INSTALLED: Final = frozenset({"entry point", "environment"})


@attrs.frozen
class _Load:
    """What :func:`get_plugin_manager` did, kept beside the manager it built."""

    origins: Mapping[str, _Origin]
    #: Plugins whose failures are recorded rather than raised.
    lenient: frozenset[str] = frozenset()
    failures: tuple[PluginFailure, ...] = ()
    #: Methods named like hooks but not marked, by plugin (warned about, not strict).
    unmarked: Mapping[str, tuple[str, ...]] = attrs.Factory(dict)


_LOADS: Final[weakref.WeakKeyDictionary[pluggy.PluginManager, _Load]] = (
    weakref.WeakKeyDictionary()
)


def _load_of(pm: pluggy.PluginManager) -> _Load:
    """The load record of *pm*, or one read from a manager built elsewhere."""
    load = _LOADS.get(pm)
    if load is not None:
        return load
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    origins: dict[str, _Origin] = {}
    for name, plugin in pm.list_name_plugin():
        dist = dists.get(id(plugin))
        if dist is not None:
            origins[name] = _Origin(
                "entry point", str(dist.project_name), str(dist.version)
            )
        else:
            origins[name] = _Origin("province" if name == PROVINCE else "argument")
    return _Load(origins)


def origin(pm: pluggy.PluginManager, name: str) -> _Origin:
    """Where the plugin registered as *name* came from (source, distribution)."""
    return _load_of(pm).origins.get(name, _ARGUMENT)


def load_failures(pm: pluggy.PluginManager) -> tuple[PluginFailure, ...]:
    """The entry-point plugins :func:`get_plugin_manager` skipped for *pm*."""
    return _load_of(pm).failures


def unmarked(pm: pluggy.PluginManager, name: str) -> tuple[str, ...]:
    """The methods of plugin *name* named like hooks that are not hook implementations."""
    load = _LOADS.get(pm)
    if load is not None:
        return load.unmarked.get(name, ())
    plugin = pm.get_plugin(name)
    return () if plugin is None else validation.unmarked_hooks(pm, plugin)


def _names_from_env(variable: str) -> frozenset[str] | None:
    """The comma-separated names in *variable*; ``None`` if unset or blank."""
    names = frozenset(
        n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()
    )
    return names or None


def _names(argument: object, label: str) -> frozenset[str]:
    if isinstance(argument, str) or not isinstance(argument, Collection):
        msg = (
            f"Expected a collection of plugin names but got {label}={argument!r} "
            f"(type={type(argument).__name__})"
        )
        raise InvalidArgumentError(msg, field=label)
    return frozenset(argument)


def _allow_and_block(
    allow: Collection[str] | None, block: Collection[str]
) -> tuple[frozenset[str] | None, frozenset[str]]:
    allowed = _names_from_env(ALLOW_ENV) if allow is None else _names(allow, "allow")
    blocked = _names(block, "block")
    from_env = _names_from_env(BLOCK_ENV) or frozenset()
    for where, names in (("block", blocked), (BLOCK_ENV, from_env)):
        if PROVINCE in names:
            msg = (
                f"Expected names of city plugins to block but got {PROVINCE!r} in "
                f"{where}: the province's baseline is the policy text itself and "
                f"cannot be blocked"
            )
            raise InvalidArgumentError(msg, field="block")
    return allowed, blocked | from_env


def get_plugin_manager(
    *,
    plugins: Iterable[object] = (),
    entry_points: bool = True,
    allow: Collection[str] | None = None,
    block: Collection[str] = (),
    strict: bool = False,
) -> pluggy.PluginManager:
    """Build a plugin manager: *plugins*, then entry points, then the province.

    A plugin's name is its entry-point name when it is installed, and its
    ``name`` attribute (else its ``__name__`` or class name) when passed.

    Which plugins load, in order of precedence:

    1. The province's baseline (:data:`PROVINCE`) always loads, last:
       it is the text itself, and blocking it is an error.
    2. A name in *block* or in the environment variable
       ``LABOURBRAND_PLUGINS_BLOCK`` (comma-separated; the two are added
       together) never loads, whether installed or passed. A blocked entry
       point is not even imported.
    3. *plugins* (objects passed here) always load otherwise: passing one is
       explicit, so the allow list does not apply to them. A passed plugin
       replaces an installed one of the same name, which is then not imported.
    4. With *entry_points*, installed plugins load if *allow* is ``None`` or
       names them: those of the ``labourbrand`` entry-point group (an entry
       point may name a rule file, ``"package:rules.toml"``), then the rule
       files of the environment variable ``LABOURBRAND_RULES`` (files or
       directories of ``*.toml`` files, separated by ``os.pathsep``),
       each named after its file's stem. When *allow* is ``None``, the
       environment variable ``LABOURBRAND_PLUGINS_ALLOW`` (comma-separated)
       is used instead, if it is set and not blank; an *allow* argument,
       even an empty one, overrides the variable. To load no installed
       plugin at all, pass ``entry_points=False``.

    Strictness: a plugin passed in *plugins* that fails to register always
    raises :class:`~labourbrand.exceptions.PluginError`, since its caller
    wrote it. An installed plugin that fails to import or register is, by
    default, skipped: the failure is recorded (see
    :attr:`Policy.plugin_failures <labourbrand.policy.Policy.plugin_failures>`)
    and a
    :class:`~labourbrand.exceptions.LabourBrandWarning` is emitted, so that
    one broken installation does not stop every decision. A skipped plugin
    supplies no rule, so its jurisdictions fall back to the next one up (a
    county's to its city, a city's to the province, which leaves the amount
    undetermined): applications that pay money should pass ``strict=True``
    (and an allow list), so that the first failure raises instead.

    Two more mistakes load nothing and are therefore caught too: a name in
    the allow list that no installed plugin has (not installed, or misspelt)
    is recorded as a failure at stage ``"missing"`` and warned about, or, with
    *strict*, raises; and a plugin whose methods are named like hooks
    (``labourbrand_*``) but are not marked with
    :data:`~labourbrand.plugins.hookspecs.hookimpl`, so that pluggy never
    calls them, is warned about, or, with *strict*, refused, whether it was
    passed or installed.

    Args:
        plugins: plugin objects to register before the entry points.
        entry_points: also load the plugins installed under
            :data:`ENTRY_POINT_GROUP`.
        allow: entry-point names that may load; ``None`` for all (or those in
            ``LABOURBRAND_PLUGINS_ALLOW``).
        block: names that never load, added to those in
            ``LABOURBRAND_PLUGINS_BLOCK``.
        strict: raise on the first installed plugin that fails, on an allowed
            name no installed plugin has, and on any plugin with unmarked
            hook-like methods, instead of warning.

    Raises:
        InvalidArgumentError: *block* (or the variable) names the province's
            baseline, or *allow* or *block* is a string rather than a
            collection of names.
        PluginError: a passed plugin implements a hook that does not exist, or
            with arguments the spec does not have, or repeats a name; with
            *strict*, the same for an installed plugin, or one that fails to
            import, or an allowed name that no installed plugin has, or a
            plugin with methods named like hooks that are not marked. The
            message names the plugin; the original exception is the
            ``__cause__``.

    Example:
        >>> pm = get_plugin_manager(entry_points=False)
        >>> [name for name, _ in pm.list_name_plugin()]
        ['shaanxi-province']

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       An allowed name that no installed plugin has, and methods named like
       hooks that are not marked, are warned about, or raise with *strict*.
    """
    allowed, blocked = _allow_and_block(allow, block)
    pm = pluggy.PluginManager("labourbrand")
    pm.add_hookspecs(hookspecs)
    origins: dict[str, _Origin] = {}
    for plugin in plugins:
        name = plugin_name(plugin)
        if name not in blocked:
            _register(pm, plugin, name)
            origins[name] = _ARGUMENT
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        msg = f"implements a hook that labourbrand does not define: {exc}"
        raise PluginError(msg, plugin_name=name) from exc
    failures = (
        _load_entry_points(pm, origins, allowed, blocked, strict=strict)
        if entry_points
        else []
    )
    hidden = _hidden_hooks(pm, strict=strict)
    from labourbrand.plugins.province import ProvinceBaseline

    _register(pm, ProvinceBaseline(), PROVINCE)
    origins[PROVINCE] = _Origin("province")
    lenient = frozenset(
        n for n, o in origins.items() if o.source in _INSTALLED and not strict
    )
    _LOADS[pm] = _Load(origins, lenient, tuple(failures), hidden)
    for skipped in failures:
        _warn(skipped)
    for name, names in hidden.items():
        _warn_at_caller(f"plugin {name!r}: {_unmarked_reason(names)}")
    return pm


def _load_entry_points(
    pm: pluggy.PluginManager,
    origins: dict[str, _Origin],
    allowed: frozenset[str] | None,
    blocked: frozenset[str],
    *,
    strict: bool,
) -> list[PluginFailure]:
    """Load the allowed entry points, then rule files of ``LABOURBRAND_RULES``, into *pm*.

    Return the failures (the first raises if *strict*).

    An allowed name that no installed plugin (nor a passed one) has is a
    failure too, at stage ``"missing"``.
    """
    failures: list[PluginFailure] = []
    found: set[str] = set()
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        found.add(ep.name)
        if ep.name in blocked or (allowed is not None and ep.name not in allowed):
            continue
        failure = _load_entry_point(pm, ep, origins)
        if failure is not None:
            if strict:
                raise PluginError(
                    failure.failure.reason, plugin_name=ep.name
                ) from failure.cause
            failures.append(failure.failure)
    env = _env_rule_files()
    found.update(name for name, _ in env)
    failures.extend(
        _load_env_rule_files(pm, origins, env, allowed, blocked, strict=strict)
    )
    if allowed is not None:
        missing = sorted(allowed - blocked - found - origins.keys())
        failures[:0] = _missing(missing, found, strict=strict)
    return failures


def _hidden_hooks(
    pm: pluggy.PluginManager, *, strict: bool
) -> dict[str, tuple[str, ...]]:
    """Each registered plugin's methods named like hooks but not marked; with *strict*, the first raises."""
    hidden = {
        name: names
        for name, plugin in pm.list_name_plugin()
        if plugin is not None and (names := validation.unmarked_hooks(pm, plugin))
    }
    if strict and hidden:
        name, names = next(iter(hidden.items()))
        raise PluginError(_unmarked_reason(names), plugin_name=name, hook=names[0])
    return hidden


def _unmarked_reason(names: Sequence[str]) -> str:
    """Why methods *names* of a plugin are a mistake."""
    listed = ", ".join(names)
    return (
        f"{listed} {'is' if len(names) == 1 else 'are'} named like a hook but not "
        f"marked with @labourbrand.hookimpl, so never called: the plugin "
        f"contributes nothing through {'it' if len(names) == 1 else 'them'}"
    )


def _missing(
    names: Sequence[str], installed: Collection[str], *, strict: bool
) -> list[PluginFailure]:
    """The failures of allowed *names* that no installed plugin has; the first raises if *strict*."""
    failures = []
    for name in names:
        close = difflib.get_close_matches(name, sorted(installed), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        listed = ", ".join(sorted(installed)) or "none"
        reason = (
            f"is in the allow list, but no installed plugin of the entry-point "
            f"group {ENTRY_POINT_GROUP!r} has that name{hint}; installed: {listed}"
        )
        if strict:
            raise PluginError(reason, plugin_name=name)
        failures.append(
            PluginFailure(
                name=name,
                distribution=None,
                version=None,
                stage="missing",
                reason=reason,
            )
        )
    return failures


@attrs.frozen
class _Failed:
    failure: PluginFailure
    cause: BaseException | None


def _load_entry_point(
    pm: pluggy.PluginManager,
    ep: importlib.metadata.EntryPoint,
    origins: dict[str, _Origin],
) -> _Failed | None:
    """Import and register one entry point; return its failure, if any."""
    name = ep.name
    dist = ep.dist  # None only for an entry point made by hand
    here = _Origin(
        "entry point", getattr(dist, "name", None), getattr(dist, "version", None)
    )

    def failed(
        stage: Literal["import", "register"], reason: str, cause: BaseException | None
    ) -> _Failed:
        failure = PluginFailure(
            name=name,
            distribution=here.distribution,
            version=here.version,
            stage=stage,
            reason=reason,
        )
        return _Failed(failure, cause)

    earlier = origins.get(name)
    if earlier is not None and earlier.source == "argument":
        return None  # the plugin passed under this name replaces the installed one
    taken = _name_taken(name, earlier)
    if taken is not None:
        return failed("register", taken, None)
    try:
        plugin = _rule_files.load_entry_point(ep)
    except Exception as exc:  # noqa: BLE001 - any error of a plugin's import is its failure
        msg = (
            f"entry point {ep.value!r} of {here.distribution} {here.version} "
            f"could not be imported: {type(exc).__name__}: {exc}"
        )
        return failed("import", msg, exc)
    try:
        pm.register(plugin, name=name)
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        # pluggy < 1.7 leaves a plugin that failed validation registered.
        pm.unregister(name=name)
        return failed("register", str(exc), exc)
    except ValueError as exc:  # pluggy: the same object under another name
        return failed("register", str(exc), exc)
    origins[name] = here
    return None


def _name_taken(name: str, earlier: _Origin | None) -> str | None:
    """Why an installed plugin may not take *name*, if it may not."""
    if earlier is not None:
        return (
            f"another distribution ({earlier.distribution} {earlier.version}) "
            f"already supplies a plugin named {name!r}"
        )
    if name == PROVINCE:
        return f"the name {name!r} is reserved for the province's baseline"
    return None


def _warn(failure: PluginFailure) -> None:
    """Warn that *failure*'s plugin was skipped, at the first caller outside labourbrand."""
    if failure.stage == "missing":
        msg = (
            f"plugin {failure.name!r} {failure.reason}. It supplies nothing; "
            f"pass strict=True to raise instead."
        )
    else:
        where = " ".join(filter(None, (failure.distribution, failure.version)))
        msg = (
            f"skipped plugin {failure.name!r} ({where or 'no distribution'}), which "
            f"failed at {failure.stage}: {failure.reason}. "
            f"Pass strict=True to raise instead, or block it."
        )
    _warn_at_caller(msg)


def _warn_at_caller(msg: str) -> None:
    """Warn with *msg*, at the first caller outside labourbrand."""
    frame = inspect.currentframe()
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    del frame
    warnings.warn(msg, LabourBrandWarning, stacklevel=level)


def plugin_name(plugin: object) -> str:
    """The name a plugin passed as an object registers under.

    Its ``name`` attribute, else its ``__name__``, else its class name.

    .. versionadded:: 0.2.0
    """
    name = getattr(plugin, "name", None)
    if isinstance(name, str) and name:
        return name
    return getattr(plugin, "__name__", None) or type(plugin).__name__


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(exc), plugin_name=name) from exc
    except ValueError as exc:  # pluggy: the same name or object twice
        raise PluginError(str(exc), plugin_name=name) from exc


# ------------------------------------------------------------------ rule files
def installed_names() -> frozenset[str]:
    """The names of the installed plugins, which allow and block lists name.

    The entry points of the ``labourbrand`` group and the rule files of
    ``LABOURBRAND_RULES`` (each by its stem), whether or not they would load.

    Example:
        >>> "shaanxi-province" in installed_names()
        False

    .. versionadded:: 0.2.0
    """
    points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    return frozenset({ep.name for ep in points} | {n for n, _ in _env_rule_files()})


def _env_rule_files() -> list[tuple[str, pathlib.Path | PolicyDataError]]:
    """Each rule file of ``LABOURBRAND_RULES`` by name, or why a path holds none."""
    found: list[tuple[str, pathlib.Path | PolicyDataError]] = []
    for path in _rule_files.paths_from_env():
        try:
            files = _rule_files.rule_file_paths([path])
        except PolicyDataError as exc:  # no such file, or no *.toml in the directory
            found.append((path.name.removesuffix(".toml"), exc))
        else:
            found.extend((file.name.removesuffix(".toml"), file) for file in files)
    return found


def _load_env_rule_files(  # noqa: PLR0913 - private; get_plugin_manager's state
    pm: pluggy.PluginManager,
    origins: dict[str, _Origin],
    found: Sequence[tuple[str, pathlib.Path | PolicyDataError]],
    allowed: frozenset[str] | None,
    blocked: frozenset[str],
    *,
    strict: bool,
) -> list[PluginFailure]:
    """Register the rule files of ``LABOURBRAND_RULES`` (*found*) as installed plugins.

    Each file is named after its stem and loads as an entry point does: not
    at all if its name is blocked or not allowed, not over a plugin passed
    under its name; if it cannot be read or its name is taken, it is
    skipped (its failure returned) or, with *strict*, raised.
    """
    failures: list[PluginFailure] = []
    for name, file in found:
        if name in blocked or (allowed is not None and name not in allowed):
            continue
        failed = _load_env_rule_file(pm, origins, name, file)
        if failed is None:
            continue
        if strict:
            raise PluginError(failed.failure.reason, plugin_name=name) from failed.cause
        failures.append(failed.failure)
    return failures


def _load_env_rule_file(
    pm: pluggy.PluginManager,
    origins: dict[str, _Origin],
    name: str,
    file: pathlib.Path | PolicyDataError,
) -> _Failed | None:
    """Read and register one rule file of ``LABOURBRAND_RULES``; return its failure, if any."""

    def failed(
        stage: Literal["import", "register"], reason: str, cause: BaseException | None
    ) -> _Failed:
        failure = PluginFailure(
            name=name, distribution=None, version=None, stage=stage, reason=reason
        )
        return _Failed(failure, cause)

    earlier = origins.get(name)
    if earlier is not None and earlier.source == "argument":
        return None  # the plugin passed under this name replaces the file
    taken = _name_taken(name, earlier)
    if taken is not None:
        return failed("register", taken, None)
    if isinstance(file, PolicyDataError):
        error = file
    else:
        try:
            plugin = _rule_files.RuleFile.read(file, name=name)
        except PolicyDataError as exc:
            error = exc
        else:
            _register(pm, plugin, name)
            origins[name] = _Origin("environment")
            return None
    return failed("import", f"{_rule_files.RULES_ENV}: {error}", error)


def plugin_version(pm: pluggy.PluginManager, plugin: object) -> str | None:
    """The version a plugin declares, or its distribution's version."""
    version = getattr(plugin, "__version__", None)
    if isinstance(version, str):
        return version
    return origin(pm, pm.get_name(plugin) or "").version


@final
@attrs.frozen(kw_only=True)
class SuppliedRule:
    """A rule with the plugin that supplied it."""

    rule: Rule
    plugin: str
    version: str | None


@final
class RuleBook:
    """Every plugin's rules, checked once and indexed by (measure, jurisdiction).

    .. versionadded:: 0.1.0
    """

    def __init__(self, rules: Iterable[SuppliedRule]) -> None:
        rules = list(rules)
        validation.raise_first(
            validation.book_problems((s.plugin, s.rule) for s in rules)
        )
        index: dict[tuple[str, str], list[SuppliedRule]] = defaultdict(list)
        for supplied in rules:
            index[supplied.rule.measure, supplied.rule.jurisdiction].append(supplied)
        for entries in index.values():
            entries.sort(key=lambda e: e.rule.first_day)
        self._index: Mapping[tuple[str, str], Sequence[SuppliedRule]] = dict(index)
        #: What users of the book work out once per span of days of a measure
        #: (:meth:`span`), by their own keys.
        self.memo: dict[object, object] = {}
        self._edges: dict[str, list[pendulum.Date]] = {}
        #: Per (measure, chain): its rules, the days the answer may change, the answers found per span.
        self._spans: dict[
            tuple[str, tuple[str, ...]],
            tuple[
                list[SuppliedRule], list[pendulum.Date], dict[int, SuppliedRule | None]
            ],
        ] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def __iter__(self) -> Iterator[SuppliedRule]:
        for entries in self._index.values():
            yield from entries

    def span(self, measure: str, on: DayLike) -> int:
        """The span of days of *measure* that holds *on*, counted from 0.

        The spans are cut on the days a rule of *measure*, for any
        jurisdiction, begins or ends: on every day of one span, :meth:`find`
        gives the same rule for every jurisdiction.

        Example:
            >>> from labourbrand import Fen
            >>> from labourbrand.policy import Flat, Measure, Rule
            >>> rule = Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
            ...             first_day="2023-01-01", last_day="2023-12-31",
            ...             formula=Flat(Fen(10_000_000)), reference="illustrative",
            ...             illustrative=True)
            >>> book = RuleBook([SuppliedRule(rule=rule, plugin="ankang", version=None)])
            >>> [book.span("employment_award", d) for d in ("2022-06-30", "2023-06-30", "2024-06-30")]
            [0, 1, 2]

        .. versionadded:: 0.2.0
        """
        day = on if type(on) is pendulum.Date else as_date(on, name="on")
        edges = self._edges.get(measure)
        if edges is None:
            entries = [
                e
                for (m, _), found in self._index.items()
                if m == measure
                for e in found
            ]
            edges = self._edges[measure] = _edges(entries)
        return bisect.bisect_right(edges, day)

    def find(
        self, measure: str, chain: Sequence[str], on: DayLike
    ) -> SuppliedRule | None:
        """Return the rule in force on *on* for the most specific jurisdiction of *chain*.

        The answer for a (measure, chain) changes only on the days a rule of
        the chain begins or ends: it is found once for each span of days
        between those, and remembered (a simulation asks for every month).
        """
        day = on if type(on) is pendulum.Date else as_date(on, name="on")
        key = (measure, chain if type(chain) is tuple else tuple(chain))
        spans = self._spans.get(key)
        if spans is None:
            entries = [e for j in key[1] for e in self._index.get((measure, j), ())]
            spans = self._spans[key] = (entries, _edges(entries), {})
        entries, edges, found = spans
        span = bisect.bisect_right(edges, day)
        try:
            return found[span]
        except KeyError:
            # Entries come most specific jurisdiction first, each by first day.
            first = next((e for e in entries if e.rule.in_force(day)), None)
            found[span] = first
            return first


def _edges(entries: Iterable[SuppliedRule]) -> list[pendulum.Date]:
    """The days on which one of *entries* begins or stops being in force, in order."""
    edges = set()
    for e in entries:
        edges.add(e.rule.first_day)
        if e.rule.last_day is not None:
            edges.add(e.rule.last_day.add(days=1))
    return sorted(edges)


def collect_rules(pm: pluggy.PluginManager, regions: RegionRegistry) -> RuleBook:
    """Call every plugin's ``labourbrand_rules`` once and check what it returned.

    An installed plugin loaded without ``strict`` whose hook fails is skipped
    with a :class:`~labourbrand.exceptions.LabourBrandWarning`
    (see :func:`get_plugin_manager`); any other plugin's failure raises.

    Raises:
        PluginError: a plugin's hook raised, or its rules overlap, or two
            plugins supply rules for one measure and jurisdiction; the message
            names plugin and hook.
        PluginResultError: a plugin returned something that is not a rule, or
            a rule for a jurisdiction that does not exist.

    .. versionadded:: 0.1.0
    """
    return load_rules(pm, regions)[0]


def load_rules(
    pm: pluggy.PluginManager,
    regions: RegionRegistry,
    *,
    check: Callable[[Sequence[SuppliedRule]], Sequence[PluginError]] | None = None,
) -> tuple[RuleBook, tuple[PluginFailure, ...]]:
    """:func:`collect_rules`, also returning every installed plugin skipped.

    The failures are those of :func:`get_plugin_manager` (import and
    registration) followed by those of the rules.

    Args:
        pm: the plugin manager.
        regions: the jurisdictions rules may name.
        check: a further check of all the rules together (the policy's: a
            measure its documents declare, the level that sets it), which
            returns an error naming the plugin for each rule it refuses; an
            installed plugin loaded without ``strict`` with an error is
            skipped whole, with a warning, and the check runs again on the
            rest; any other plugin's error is raised.

    Raises:
        PluginError: as :func:`collect_rules`, or a problem *check* found.

    .. versionadded:: 0.2.0
    """
    known = validation.jurisdictions(regions)
    load = _load_of(pm)
    supplied: list[SuppliedRule] = []
    failures: list[PluginFailure] = []
    for impl in pm.hook.labourbrand_rules.get_hookimpls():
        name = impl.plugin_name
        try:
            rules = _rules_of(pm, impl, known, regions)
        except PluginError as exc:
            if name not in load.lenient:
                raise
            failures.append(_skip(load, name, exc))
            continue
        supplied.extend(rules)
    while check is not None:
        errors = check(supplied)
        lenient: dict[str, PluginError] = {}
        for error in errors:
            if error.plugin_name in load.lenient:
                lenient.setdefault(error.plugin_name, error)
        if not lenient:
            if errors:
                raise errors[0]
            break
        failures += [_skip(load, name, error) for name, error in lenient.items()]
        supplied = [s for s in supplied if s.plugin not in lenient]
    return RuleBook(supplied), (*load.failures, *failures)


def _skip(load: _Load, name: str, exc: PluginError) -> PluginFailure:
    """Record and warn that installed plugin *name* is skipped at its rules, for *exc*."""
    here = load.origins[name]
    prefix = f"plugin {name!r}, hook {_RULES_HOOK!r}: "
    failure = PluginFailure(
        name=name,
        distribution=here.distribution,
        version=here.version,
        stage="rules",
        reason=str(exc).removeprefix(prefix),
    )
    _warn(failure)
    return failure


def _rules_of(
    pm: pluggy.PluginManager,
    impl: pluggy.HookImpl,
    known: Collection[str],
    regions: RegionRegistry,
) -> list[SuppliedRule]:
    """Call one plugin's ``labourbrand_rules``; check its rules, raising the first problem.

    The checks, and their wording, are :func:`labourbrand.plugins.validation.check_rules`'s:
    each item is a well-formed rule of a known jurisdiction (the whole province
    only for the province's baseline), and the plugin's rules do not overlap.
    """
    name = impl.plugin_name
    province = None if origin(pm, name).source == "province" else regions.province.code
    rules, problems = validation.check_rules(
        impl.function, plugin=name, known=known, province=province
    )
    validation.raise_first(problems)
    version = plugin_version(pm, impl.plugin)
    return [SuppliedRule(rule=rule, plugin=name, version=version) for rule in rules]
