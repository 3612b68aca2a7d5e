"""Rules as code for the labour-brand (劳务品牌) policy of Shaanxi province.

The domain types are imported eagerly and cost little; the submodules that
need cattrs, pluggy or numpy (:mod:`~labourbrand.serialization`, the policy
engine, plugins, simulation, testing) load on first use.

Example:
    >>> import labourbrand as lb
    >>> lb.Fen.from_yuan(300_000)
    Fen(30000000)
    >>> lb.regions.shaanxi()["610924"].name_zh
    '紫阳县'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from labourbrand._model import (
    AuditRecord,
    Authority,
    Brand,
    Category,
    CreatingUnit,
    CreatingUnitKind,
    Event,
    ExitGround,
    Maturity,
    PlaceBasis,
    Recognition,
    RecognitionLevel,
    Stage,
    WorkforceObservation,
)
from labourbrand.exceptions import LabourBrandError
from labourbrand.money import Fen


if TYPE_CHECKING:
    from labourbrand import brands as brands
    from labourbrand import dates as dates
    from labourbrand import exceptions as exceptions
    from labourbrand import ledger as ledger
    from labourbrand import lifecycle as lifecycle
    from labourbrand import money as money
    from labourbrand import plugins as plugins
    from labourbrand import policy as policy
    from labourbrand import regions as regions
    from labourbrand import serialization as serialization
    from labourbrand import simulation as simulation
    from labourbrand.plugins.hookspecs import hookimpl as hookimpl
    from labourbrand.policy import Decision as Decision
    from labourbrand.policy import Policy as Policy


__all__ = [
    "AuditRecord",
    "Authority",
    "Brand",
    "Category",
    "CreatingUnit",
    "CreatingUnitKind",
    "Decision",
    "Event",
    "ExitGround",
    "Fen",
    "LabourBrandError",
    "Maturity",
    "PlaceBasis",
    "Policy",
    "Recognition",
    "RecognitionLevel",
    "Stage",
    "WorkforceObservation",
    "__version__",
    "hookimpl",
]

# Public names whose modules import pluggy: loaded on first use.
_LAZY = {
    "Policy": ("labourbrand.policy", "Policy"),
    "Decision": ("labourbrand.policy", "Decision"),
    "hookimpl": ("labourbrand.plugins.hookspecs", "hookimpl"),
}

_SUBMODULES = frozenset(
    {
        "brands",
        "cli",
        "dates",
        "exceptions",
        "ledger",
        "lifecycle",
        "money",
        "plugins",
        "policy",
        "regions",
        "serialization",
        "simulation",
        "testing",
    }
)


def __getattr__(name: str) -> Any:  # noqa: ANN401 - module attributes of any type
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("labourbrand")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0.0.0"
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    if name in _SUBMODULES:
        return importlib.import_module(f"labourbrand.{name}")
    msg = f"module 'labourbrand' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES, *_LAZY})
