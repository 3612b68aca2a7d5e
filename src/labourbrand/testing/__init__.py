"""Test helpers for users and plugin authors (extra ``labourbrand[testing]``).

The only part of the library that imports Hypothesis.
"""

from __future__ import annotations

from labourbrand.testing import strategies


__all__ = ["strategies"]


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

    st.register_type_strategy(Fen, strategies.fens())
    st.register_type_strategy(Brand, strategies.brands())
    st.register_type_strategy(CreatingUnit, strategies.creating_units())
    st.register_type_strategy(Recognition, strategies.recognitions())
    st.register_type_strategy(WorkforceObservation, strategies.workforce_observations())
    st.register_type_strategy(AuditRecord, strategies.audit_records())
