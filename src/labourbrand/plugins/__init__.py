"""Plugins: the hook specifications, the plugin manager and the province's baseline.

City bureaus implement :func:`~labourbrand.plugins.hookspecs.labourbrand_rules`
and register their plugin under the ``labourbrand`` entry-point group, or pass
it to :meth:`labourbrand.policy.Policy.shaanxi`.
"""

from __future__ import annotations

from labourbrand.plugins._manager import (
    ENTRY_POINT_GROUP,
    PROVINCE,
    RuleBook,
    SuppliedRule,
    collect_rules,
    get_plugin_manager,
)
from labourbrand.plugins.hookspecs import hookimpl, hookspec
from labourbrand.plugins.province import ProvinceBaseline


__all__ = [
    "ENTRY_POINT_GROUP",
    "PROVINCE",
    "ProvinceBaseline",
    "RuleBook",
    "SuppliedRule",
    "collect_rules",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
]
