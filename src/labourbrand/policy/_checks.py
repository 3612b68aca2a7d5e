"""The names the checks module had before it was split (private, for compatibility).

The checks of 陕人社发〔2022〕13号 now live in one module per idea:
:mod:`~labourbrand.policy._check` (:class:`Check`, :class:`CheckStatus`),
:mod:`~labourbrand.policy._targets` (clauses 2 and 3.2),
:mod:`~labourbrand.policy._county_duties` (clauses 4.1 and 7.3),
:mod:`~labourbrand.policy._exit` (clause 3.4) and
:mod:`~labourbrand.policy._conduct` (clauses 5.2 and 4.3).
This module re-exports what was imported from it, for the modules not yet
switched (``_TARGET_LABELS`` is read by the command line); new code imports
:mod:`labourbrand.policy` or the modules above.

Example:
    >>> from labourbrand.policy import _targets
    >>> targets is _targets.targets
    True
"""

from __future__ import annotations

from labourbrand.policy._check import Check, CheckStatus
from labourbrand.policy._conduct import credit_check, leading_enterprise
from labourbrand.policy._county_duties import (
    CountyFacts,
    county_obligations,
    funding_tilt,
)
from labourbrand.policy._exit import ExitAssessment, ExitIndicators, exit_assessment
from labourbrand.policy._targets import (
    _TARGET_LABELS,
    TargetsReport,
    county_brand_counts,
    targets,
)


__all__ = [
    "_TARGET_LABELS",
    "Check",
    "CheckStatus",
    "CountyFacts",
    "ExitAssessment",
    "ExitIndicators",
    "TargetsReport",
    "county_brand_counts",
    "county_obligations",
    "credit_check",
    "exit_assessment",
    "funding_tilt",
    "leading_enterprise",
    "targets",
]
