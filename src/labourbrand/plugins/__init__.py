"""Plugins: the hook specifications, the plugin manager and the province's baseline.

City bureaus implement :func:`~labourbrand.plugins.hookspecs.labourbrand_rules`
and register their plugin under the ``labourbrand`` entry-point group, or pass
it to :meth:`labourbrand.policy.Policy.shaanxi`; or they state their rules in
a TOML file, with no code (:class:`RuleFile`).
:func:`list_plugins` tells which plugins a policy loaded, from where, and the
rules each supplies; installed plugins that failed are in
:attr:`Policy.plugin_failures <labourbrand.policy.Policy.plugin_failures>`.
"""

from __future__ import annotations

from labourbrand.plugins._listing import PluginHost, PluginInfo, RuleInfo, list_plugins
from labourbrand.plugins._manager import (
    ENTRY_POINT_GROUP,
    PROVINCE,
    PluginFailure,
    RuleBook,
    SuppliedRule,
    collect_rules,
    get_plugin_manager,
    installed_names,
    load_rules,
    plugin_name,
)
from labourbrand.plugins._rule_files import RULES_ENV, RuleFile, read_rule_files
from labourbrand.plugins.hookspecs import hookimpl, hookspec
from labourbrand.plugins.province import ProvinceBaseline


__all__ = [
    "ENTRY_POINT_GROUP",
    "PROVINCE",
    "RULES_ENV",
    "PluginFailure",
    "PluginHost",
    "PluginInfo",
    "ProvinceBaseline",
    "RuleBook",
    "RuleFile",
    "RuleInfo",
    "SuppliedRule",
    "collect_rules",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "installed_names",
    "list_plugins",
    "load_rules",
    "plugin_name",
    "read_rule_files",
]
