"""The rules of 陕人社发〔2022〕13号: clauses, dated parameters, decisions and the engine.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(entry_points=False)
    >>> brand = lb.Brand(name_zh="紫阳修脚师", county="610924", workforce=[
    ...     lb.WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900,
    ...                             rural=800, rural_signed=520)])
    >>> decision = policy.employment_award(brand, on=pendulum.Date(2023, 7, 1))
    >>> decision.outcome.value, decision.amount, decision.amount_set_by
    ('eligible', None, '安康市财政、人社部门')
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from labourbrand.policy._batch import (
        OUTCOME_CODES as OUTCOME_CODES,
    )
    from labourbrand.policy._batch import (
        BatchResult as BatchResult,
    )
    from labourbrand.policy._batch import (
        BatchSupplier as BatchSupplier,
    )
    from labourbrand.policy._batch import (
        evaluate_batch as evaluate_batch,
    )
from labourbrand.policy._check import Check, CheckStatus
from labourbrand.policy._county_duties import CountyFacts
from labourbrand.policy._coverage import ClauseCoverage, coverage, coverage_table
from labourbrand.policy._decision import Decision, Outcome, ParameterUse, Step, Supplier
from labourbrand.policy._engine import EMPLOYMENT_FUND, Ledger, Payment, Policy
from labourbrand.policy._exit import ExitAssessment, ExitIndicators
from labourbrand.policy._support import ENTREPRENEURSHIP_MEASURES, ShowcaseSelection
from labourbrand.policy._targets import (
    TargetsReport,
    county_brand_counts,
    target_label,
)
from labourbrand.rules import (
    DELEGATED_TO,
    HEAD_COUNTS,
    BrandFormula,
    Flat,
    Measure,
    PerHead,
    Ratio,
    Rule,
)


__all__ = [
    "DELEGATED_TO",
    "EMPLOYMENT_FUND",
    "ENTREPRENEURSHIP_MEASURES",
    "HEAD_COUNTS",
    "OUTCOME_CODES",
    "BatchResult",
    "BatchSupplier",
    "BrandFormula",
    "Check",
    "CheckStatus",
    "ClauseCoverage",
    "CountyFacts",
    "Decision",
    "ExitAssessment",
    "ExitIndicators",
    "Flat",
    "Ledger",
    "Measure",
    "Outcome",
    "ParameterUse",
    "Payment",
    "PerHead",
    "Policy",
    "Ratio",
    "Rule",
    "ShowcaseSelection",
    "Step",
    "Supplier",
    "TargetsReport",
    "county_brand_counts",
    "coverage",
    "coverage_table",
    "evaluate_batch",
    "target_label",
]

# The batch path needs numpy (extra ``sim``): load it on first use.
_BATCH = frozenset({"OUTCOME_CODES", "BatchResult", "BatchSupplier", "evaluate_batch"})


def __getattr__(name: str) -> object:
    if name in _BATCH:
        from labourbrand.policy import _batch

        return getattr(_batch, name)
    msg = f"module 'labourbrand.policy' has no attribute {name!r}"
    raise AttributeError(msg)
