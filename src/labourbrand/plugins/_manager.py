"""Loading plugins and their rules, with errors that name the plugin (private)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final, final

import attrs
import pluggy

from labourbrand.exceptions import PluginError, PluginResultError
from labourbrand.plugins import hookspecs
from labourbrand.policy._rules import Measure, Rule


if TYPE_CHECKING:
    import pendulum

    from labourbrand.regions import RegionRegistry


#: The entry-point group city plugins register under.
ENTRY_POINT_GROUP: Final = "labourbrand"
#: The registered name of the province's baseline plugin.
PROVINCE: Final = "shaanxi-province"


def get_plugin_manager(
    *, plugins: Iterable[object] = (), entry_points: bool = True
) -> pluggy.PluginManager:
    """Build a plugin manager: *plugins*, then entry points, then the province.

    Raises:
        PluginError: a plugin implements a hook that does not exist, or with
            arguments the spec does not have; the message names the plugin.

    .. versionadded:: 0.1.0
    """
    pm = pluggy.PluginManager("labourbrand")
    pm.add_hookspecs(hookspecs)
    for plugin in plugins:
        _register(pm, plugin, _name_of(plugin))
    if entry_points:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    from labourbrand.plugins.province import ProvinceBaseline

    _register(pm, ProvinceBaseline(), PROVINCE)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        msg = f"implements a hook that labourbrand does not define: {exc}"
        raise PluginError(msg, plugin_name=name) from exc
    return pm


def _name_of(plugin: object) -> str:
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


def plugin_version(pm: pluggy.PluginManager, plugin: object) -> str | None:
    """The version a plugin declares, or its distribution's version."""
    version = getattr(plugin, "__version__", None)
    if isinstance(version, str):
        return version
    for dist_plugin, dist in pm.list_plugin_distinfo():
        if dist_plugin is plugin:
            return str(dist.version)
    return None


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
        index: dict[tuple[Measure, str], list[SuppliedRule]] = defaultdict(list)
        for supplied in rules:
            index[supplied.rule.measure, supplied.rule.jurisdiction].append(supplied)
        for (measure, jurisdiction), entries in index.items():
            owners = sorted({e.plugin for e in entries})
            if len(owners) > 1:
                msg = (
                    f"plugins {' and '.join(repr(o) for o in owners)} both supply "
                    f"{measure.value} rules for jurisdiction {jurisdiction!r}"
                )
                raise PluginError(msg, plugin_name=owners[0], hook="labourbrand_rules")
            entries.sort(key=lambda e: e.rule.first_day)
            for before, after in itertools.pairwise(entries):
                if (
                    before.rule.last_day is None
                    or before.rule.last_day >= after.rule.first_day
                ):
                    msg = (
                        f"{measure.value} rules for {jurisdiction!r} overlap: one from "
                        f"{before.rule.first_day} and one from {after.rule.first_day}"
                    )
                    raise PluginError(
                        msg, plugin_name=owners[0], hook="labourbrand_rules"
                    )
        self._index: Mapping[tuple[Measure, str], Sequence[SuppliedRule]] = dict(index)

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def __iter__(self) -> Iterator[SuppliedRule]:
        for entries in self._index.values():
            yield from entries

    def find(
        self, measure: Measure, chain: Sequence[str], on: pendulum.Date
    ) -> SuppliedRule | None:
        """Return the rule in force on *on* for the most specific jurisdiction of *chain*."""
        for jurisdiction in chain:
            for supplied in self._index.get((measure, jurisdiction), ()):
                if supplied.rule.in_force(on):
                    return supplied
        return None


def collect_rules(pm: pluggy.PluginManager, regions: RegionRegistry) -> RuleBook:
    """Call every plugin's ``labourbrand_rules`` once and check what it returned.

    Raises:
        PluginError: a plugin's hook raised; the message names plugin and hook.
        PluginResultError: a plugin returned something that is not a rule, or
            a rule for a jurisdiction that does not exist.

    .. versionadded:: 0.1.0
    """
    hook = "labourbrand_rules"
    known = {r.code for r in regions} | {z.key for z in regions.zones() if z.city_level}
    supplied: list[SuppliedRule] = []
    for impl in pm.hook.labourbrand_rules.get_hookimpls():
        name = impl.plugin_name
        try:
            raw = impl.function()
            result = list(raw) if isinstance(raw, Iterable) else None
        except Exception as exc:
            msg = f"raised {type(exc).__name__}: {exc}"
            raise PluginError(msg, plugin_name=name, hook=hook) from exc
        if result is None:
            msg = "Expected an iterable of labourbrand.policy.Rule values"
            raise PluginResultError(msg, plugin_name=name, hook=hook, value=raw)
        version = plugin_version(pm, impl.plugin)
        for rule in result:
            if not isinstance(rule, Rule):
                msg = "Expected labourbrand.policy.Rule values"
                raise PluginResultError(msg, plugin_name=name, hook=hook, value=rule)
            if rule.jurisdiction not in known:
                msg = (
                    f"Expected a jurisdiction of the region registry (a code or a "
                    f"city-level zone) but got jurisdiction={rule.jurisdiction!r}"
                )
                raise PluginResultError(msg, plugin_name=name, hook=hook, value=rule)
            supplied.append(SuppliedRule(rule=rule, plugin=name, version=version))
    return RuleBook(supplied)
