"""Test helpers for users and plugin authors (extra ``labourbrand[testing]``).

The only part of the library that imports Hypothesis.
Its public names load on first use, so that pytest can load the plugin
:mod:`labourbrand.testing.pytest_plugin` (an entry point of every install)
without Hypothesis installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
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

    Called by Hypothesis through the ``hypothesis`` entry point.
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
    from labourbrand.testing import strategies

    st.register_type_strategy(Fen, strategies.fens())
    st.register_type_strategy(Brand, strategies.brands())
    st.register_type_strategy(CreatingUnit, strategies.creating_units())
    st.register_type_strategy(Recognition, strategies.recognitions())
    st.register_type_strategy(WorkforceObservation, strategies.workforce_observations())
    st.register_type_strategy(AuditRecord, strategies.audit_records())
