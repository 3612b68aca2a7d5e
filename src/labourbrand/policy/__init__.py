"""The policy: documents declared as data, one interpreter, decisions and checks.

The packaged documents (:mod:`labourbrand.policy.documents`) declare
陕人社发〔2022〕13号 and the 2023 programme: clauses, dated parameters and
measures (:class:`MeasureSpec`, in the condition vocabulary :class:`AtLeast`,
:class:`AnyPositive`, :class:`Holds`, :class:`Unless`, :class:`CountyKnown`)
and checks (:class:`CheckSpec`, in the same words and :class:`CountAtLeast`,
:class:`AppliesWhen`, :class:`CriteriaAtLeast`, :class:`FlagIs`, :class:`AnyHeld`,
:class:`AnyFound`, :class:`InStage`).
:class:`Policy` reads them, for one brand or subject (:meth:`Policy.decide`,
:meth:`Policy.county_obligations`, …) or for columns of them
(:meth:`Policy.evaluate_batch`, :meth:`Policy.check_batch`,
:meth:`Policy.targets_batch`).

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
        MeasureResult as MeasureResult,
    )
    from labourbrand.policy._batch import (
        evaluate_batch as evaluate_batch,
    )
    from labourbrand.policy._check_batch import (
        CheckResult as CheckResult,
    )
    from labourbrand.policy._check_batch import (
        evaluate_checks_batch as evaluate_checks_batch,
    )
    from labourbrand.policy._targets_batch import (
        targets_batch as targets_batch,
    )
from labourbrand.ledger import Ledger, Payment
from labourbrand.policy._check import Check
from labourbrand.policy._check_status import STATUS_CODES, CheckStatus
from labourbrand.policy._check_words import (
    AnyHeld,
    AppliesWhen,
    CountAtLeast,
    CriteriaAtLeast,
    Criterion,
    FlagIs,
    FlagNote,
    WhenUnquantified,
)
from labourbrand.policy._checks_spec import CheckSpec, CheckStatuses, CheckSubject
from labourbrand.policy._county_duties import CountyFacts
from labourbrand.policy._coverage import ClauseCoverage, coverage, coverage_table
from labourbrand.policy._day import PolicyDay
from labourbrand.policy._decision import (
    Decision,
    InterpretationUse,
    Outcome,
    ParameterUse,
    Step,
    Supplier,
)
from labourbrand.policy._document import PolicyDocument, layer_parameters, qualify
from labourbrand.policy._engine import (
    EMPLOYMENT_FUND,
    ENTREPRENEURSHIP_MEASURES,
    Policy,
)
from labourbrand.policy._exit import ExitAssessment, ExitIndicators
from labourbrand.policy._exit_words import (
    AnyFound,
    FallFound,
    Ground,
    InStage,
    MarkedFall,
)
from labourbrand.policy._facts import ShowcaseSelection
from labourbrand.policy._interpretations import Interpretation, Reading
from labourbrand.policy._measures import (
    DelegatedValue,
    Delegation,
    Level,
    MeasureSpec,
    Note,
    OncePer,
    Payee,
)
from labourbrand.policy._replay import ReplayFinding, ReplayReport
from labourbrand.policy._targets import (
    TargetsReport,
    county_brand_counts,
    target_label,
)
from labourbrand.policy._targets_counted import counted_stages
from labourbrand.policy._vocabulary import (
    COUNT_FACTS,
    FLAG_FACTS,
    AnyPositive,
    AtLeast,
    ByReading,
    Condition,
    CountyKnown,
    Holds,
    Unless,
    Wording,
)
from labourbrand.policy.documents.shaanxi_2022_13 import DELEGATED_TO, Measure
from labourbrand.rules import (
    HEAD_COUNTS,
    BrandFormula,
    Flat,
    Linear,
    PerHead,
    Ratio,
    Rule,
)


__all__ = [
    "COUNT_FACTS",
    "DELEGATED_TO",
    "EMPLOYMENT_FUND",
    "ENTREPRENEURSHIP_MEASURES",
    "FLAG_FACTS",
    "HEAD_COUNTS",
    "OUTCOME_CODES",
    "STATUS_CODES",
    "AnyFound",
    "AnyHeld",
    "AnyPositive",
    "AppliesWhen",
    "AtLeast",
    "BatchResult",
    "BatchSupplier",
    "BrandFormula",
    "ByReading",
    "Check",
    "CheckResult",
    "CheckSpec",
    "CheckStatus",
    "CheckStatuses",
    "CheckSubject",
    "ClauseCoverage",
    "Condition",
    "CountAtLeast",
    "CountyFacts",
    "CountyKnown",
    "CriteriaAtLeast",
    "Criterion",
    "Decision",
    "DelegatedValue",
    "Delegation",
    "ExitAssessment",
    "ExitIndicators",
    "FallFound",
    "FlagIs",
    "FlagNote",
    "Flat",
    "Ground",
    "Holds",
    "InStage",
    "Interpretation",
    "InterpretationUse",
    "Ledger",
    "Level",
    "Linear",
    "MarkedFall",
    "Measure",
    "MeasureResult",
    "MeasureSpec",
    "Note",
    "OncePer",
    "Outcome",
    "ParameterUse",
    "Payee",
    "Payment",
    "PerHead",
    "Policy",
    "PolicyDay",
    "PolicyDocument",
    "Ratio",
    "Reading",
    "ReplayFinding",
    "ReplayReport",
    "Rule",
    "ShowcaseSelection",
    "Step",
    "Supplier",
    "TargetsReport",
    "Unless",
    "WhenUnquantified",
    "Wording",
    "counted_stages",
    "county_brand_counts",
    "coverage",
    "coverage_table",
    "evaluate_batch",
    "evaluate_checks_batch",
    "layer_parameters",
    "qualify",
    "target_label",
    "targets_batch",
]

# The batch path needs numpy (extra ``sim``): load it on first use.
_BATCH = frozenset(
    {"OUTCOME_CODES", "BatchResult", "BatchSupplier", "MeasureResult", "evaluate_batch"}
)
_CHECK_BATCH = frozenset({"CheckResult", "evaluate_checks_batch"})
_TARGETS_BATCH = frozenset({"targets_batch"})


def __getattr__(name: str) -> object:
    if name in _BATCH:
        from labourbrand.policy import _batch

        return getattr(_batch, name)
    if name in _CHECK_BATCH:
        from labourbrand.policy import _check_batch

        return getattr(_check_batch, name)
    if name in _TARGETS_BATCH:
        from labourbrand.policy import _targets_batch

        return getattr(_targets_batch, name)
    msg = f"module 'labourbrand.policy' has no attribute {name!r}"
    raise AttributeError(msg)
