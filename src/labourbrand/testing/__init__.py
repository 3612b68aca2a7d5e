"""Test helpers for users and plugin authors (extra ``labourbrand[testing]``).

The only part of the library that imports Hypothesis.
Its public names load on first use, so that pytest can load the plugin
:mod:`labourbrand.testing.pytest_plugin` (an entry point of every install)
without Hypothesis installed.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from labourbrand.testing import strategies as strategies
    from labourbrand.testing.conformance import (
        ConformanceError as ConformanceError,
    )
    from labourbrand.testing.conformance import (
        ConformanceReport as ConformanceReport,
    )
    from labourbrand.testing.conformance import check_plugin as check_plugin


__all__ = ["ConformanceError", "ConformanceReport", "check_plugin", "strategies"]

_LAZY = {
    "ConformanceError": "labourbrand.testing.conformance",
    "ConformanceReport": "labourbrand.testing.conformance",
    "check_plugin": "labourbrand.testing.conformance",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - module attributes of any type
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name == "strategies":
        return importlib.import_module("labourbrand.testing.strategies")
    msg = f"module 'labourbrand.testing' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _hypothesis_setup_hook() -> None:
    """Register the strategies so that ``st.from_type`` builds valid values.

    Called by Hypothesis through the ``hypothesis`` entry point, while
    ``hypothesis`` itself is being imported, which may be because
    :mod:`labourbrand.testing.strategies` is being imported: so each type is
    registered with a function that imports the strategies only when
    Hypothesis first asks for that type (the pattern of hypothesis-rdkit).
    """
    from hypothesis import strategies as st

    from labourbrand._model import (
        AuditRecord,
        Brand,
        CreatingUnit,
        Recognition,
        WorkforceObservation,
    )
    from labourbrand.money import Fen

    builders: dict[type, str] = {
        Fen: "fens",
        Brand: "brands",
        CreatingUnit: "creating_units",
        Recognition: "recognitions",
        WorkforceObservation: "workforce_observations",
        AuditRecord: "audit_records",
    }
    for kind, builder in builders.items():
        st.register_type_strategy(kind, functools.partial(_strategy, builder))


def _strategy(builder: str, _kind: type) -> SearchStrategy[Any]:
    """The strategy ``strategies.<builder>()``, importing the strategies on first use."""
    strategies = importlib.import_module("labourbrand.testing.strategies")
    made: SearchStrategy[Any] = getattr(strategies, builder)()
    return made
