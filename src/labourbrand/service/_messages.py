"""The bodies the service reads and writes, as attrs classes (private).

Requests are read by the library's own converter
(:func:`labourbrand.serialization.from_dict`), so a bad field is reported
with its path as everywhere else; responses are written by
:func:`~labourbrand.serialization.to_json`. The OpenAPI document's schemas
are generated from these classes, as the library's are from its own.
"""

from __future__ import annotations

from typing import Final, Literal, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._model import (
    Authority,
    Brand,
    Event,
    ExitGround,
    Recognition,
)
from labourbrand.ledger import Payment
from labourbrand.plugins import PluginFailure, PluginInfo
from labourbrand.policy import (
    Check,
    Decision,
    Interpretation,
    InterpretationUse,
    Outcome,
    ParameterUse,
    ShowcaseSelection,
    TargetsReport,
)
from labourbrand.policy.clauses import ClauseKind


__all__ = [
    "REQUESTS",
    "RESPONSES",
    "BatchDecisions",
    "BrandDecisions",
    "BrandList",
    "ClaimRequest",
    "ClauseEntry",
    "Clauses",
    "ErrorDetail",
    "ErrorResponse",
    "Explanation",
    "Explanations",
    "Health",
    "InterpretationEntry",
    "Interpretations",
    "MeasureRequest",
    "Parameters",
    "Plugins",
    "SchemaIndex",
    "TransitionRequest",
]


# ----------------------------------------------------------------- requests
@final
@attrs.frozen(kw_only=True)
class MeasureRequest:
    """A brand, and the facts one measure needs beyond it (each left out is unknown)."""

    #: The brand.
    brand: Brand
    #: For the showcase award (clause 4.3): the selection to exhibit, if any.
    selection: ShowcaseSelection | None = None
    #: For the high-skill base grant (clause 4.1): whether the brand has a
    #: training base, if known.
    training_base: bool | None = attrs.field(
        default=None, validator=check.optional(check.flag)
    )
    #: For the entrepreneurship supports (clause 5.1): founders among the
    #: practitioners, if counted.
    founders: int | None = attrs.field(
        default=None, validator=check.optional(check.count)
    )


@final
@attrs.frozen(kw_only=True)
class TransitionRequest:
    """A lifecycle event to apply to a brand: what, on which day, by whom.

    ``admit_on_award`` rests on the brand's eligible employment award: the
    service decides it on the day itself and admits on it.
    """

    #: The brand, with its audit trail.
    brand: Brand
    #: What happens.
    event: Event
    #: The day it happens.
    on: pendulum.Date
    #: Who acts; left out, the one the lifecycle table names first.
    by: Authority | None = None
    #: Free text for the audit record (document number, method, ...).
    note: str = ""
    #: The exit grounds, for ``propose_exit`` (clause 3.4).
    grounds: tuple[ExitGround, ...] = ()
    #: The recognition granted, for ``recognise``.
    recognition: Recognition | None = None
    #: The name settled, for ``name_settled``.
    name_zh: str | None = attrs.field(
        default=None, validator=check.optional(check.text)
    )


@final
@attrs.frozen(kw_only=True)
class ClaimRequest:
    """The payment of one measure to a brand, to record in the ledger.

    The service decides the measure for the brand on :attr:`on` itself and
    records the payment only if the decision is eligible; a one-time measure
    is paid at most once per brand.
    """

    #: The brand.
    brand: Brand
    #: The measure's id, e.g. ``"employment_award"``.
    measure: str = attrs.field(validator=check.text)
    #: The day of the decision.
    on: pendulum.Date
    #: The day of payment; by default the decision's day.
    paid_on: pendulum.Date | None = None
    #: The showcase selection, for the showcase award.
    selection: ShowcaseSelection | None = None
    #: Whether the brand has a training base, for the high-skill base grant.
    training_base: bool | None = attrs.field(
        default=None, validator=check.optional(check.flag)
    )
    #: Founders among the practitioners, for the entrepreneurship supports.
    founders: int | None = attrs.field(
        default=None, validator=check.optional(check.count)
    )


# ---------------------------------------------------------------- responses
@final
@attrs.frozen(kw_only=True)
class Health:
    """The service is up, with the policy it decides by."""

    #: ``"ok"``.
    status: Literal["ok"] = "ok"
    #: The library's version.
    library: str
    #: The policy's version; every decision carries it.
    policy_version: str
    #: The plugins loaded, the province's baseline last.
    plugins: tuple[str, ...]
    #: The kind of ledger payments are recorded in (``"sqlite"``,
    #: ``"postgresql"``), or ``None``: then nothing is recorded and
    #: ``POST /claims`` does not exist.
    ledger: str | None


@final
@attrs.frozen(kw_only=True)
class BrandDecisions:
    """Every decision that needs nothing beyond the brand, for one brand on one day."""

    #: The brand's name.
    brand: str
    #: The brand's stable id.
    brand_id: str
    #: The day decided.
    on: pendulum.Date
    #: The decisions, in the document's order of measures.
    decisions: tuple[Decision, ...]


@final
@attrs.frozen(kw_only=True)
class BatchDecisions:
    """The decisions for a list of brands on one day, in the order given."""

    #: The day decided.
    on: pendulum.Date
    #: One entry per brand.
    results: tuple[BrandDecisions, ...]


@final
@attrs.frozen(kw_only=True)
class Explanation:
    """One decision explained in words."""

    #: The measure.
    measure: str
    #: The outcome.
    outcome: Outcome
    #: The decision and its steps, as :meth:`Decision.explain` writes them.
    text: str


@final
@attrs.frozen(kw_only=True)
class Explanations:
    """Every decision for one brand on one day, explained in Chinese or English."""

    #: The brand's name.
    brand: str
    #: The day decided.
    on: pendulum.Date
    #: The language, ``"zh"`` or ``"en"``.
    lang: Literal["en", "zh"]
    #: One per decision.
    explanations: tuple[Explanation, ...]


@final
@attrs.frozen(kw_only=True)
class ClauseEntry:
    """A clause of a policy document."""

    #: The id, qualified by its document (``"shaanxi-2022-13:4.2"``).
    id: str
    #: Its title in Chinese.
    title_zh: str
    #: Its title in English.
    title_en: str
    #: What the clause asks: Q quantified, D delegated, O obligation.
    kinds: tuple[ClauseKind, ...]
    #: The bodies the clause names as responsible.
    bodies: tuple[str, ...]
    #: Its text in Chinese.
    text_zh: str
    #: A summary in English.
    summary_en: str


@final
@attrs.frozen(kw_only=True)
class Clauses:
    """The clauses of the policy's documents, in document order."""

    #: The clauses.
    clauses: tuple[ClauseEntry, ...]


@final
@attrs.frozen(kw_only=True)
class Parameters:
    """The parameter values in force on one day, each with its document."""

    #: The day.
    on: pendulum.Date
    #: One per parameter in force; money in integer fen beside its display.
    parameters: tuple[ParameterUse, ...]


@final
@attrs.frozen(kw_only=True)
class InterpretationEntry:
    """A contested passage: its readings, and the one the service reads by."""

    #: The passage and its readings.
    interpretation: Interpretation
    #: The reading in force, and who chose it.
    in_force: InterpretationUse


@final
@attrs.frozen(kw_only=True)
class Interpretations:
    """The contested passages of the policy's documents."""

    #: One per passage.
    interpretations: tuple[InterpretationEntry, ...]


@final
@attrs.frozen(kw_only=True)
class Plugins:
    """The plugins the service's policy loaded, and the installed ones that failed."""

    #: The day the rules listed are in force on, or ``None`` for all rules.
    on: pendulum.Date | None
    #: The plugins loaded, in order of registration.
    plugins: tuple[PluginInfo, ...]
    #: The installed plugins skipped because they failed to load.
    failures: tuple[PluginFailure, ...]


@final
@attrs.frozen(kw_only=True)
class SchemaIndex:
    """The names of the interchange types with a JSON Schema (``GET /schemas/{name}``)."""

    #: The type names.
    types: tuple[str, ...]


@final
@attrs.frozen(kw_only=True)
class ErrorDetail:
    """One bad field of a request."""

    #: Where: ``$`` is the body (``$.workforce[0].rural_signed``), ``query.on``
    #: a query parameter.
    path: str
    #: What is wrong, ``Expected ... but got ...``.
    message: str


@final
@attrs.frozen(kw_only=True)
class ErrorResponse:
    """Why a request was refused; a bad request lists every bad field."""

    #: The HTTP status.
    status: int
    #: A short code: ``invalid`` (422), ``malformed`` (400), ``too_large`` (413),
    #: ``not_found`` (404), ``conflict`` (409), ``method_not_allowed`` (405).
    error: str
    #: The whole message.
    message: str
    #: Every bad field, with its path.
    errors: tuple[ErrorDetail, ...] = ()


#: A list of brands (the body of the batch and targets endpoints).
BrandList = tuple[Brand, ...]

#: Request bodies by name, for the OpenAPI document.
REQUESTS: Final = (MeasureRequest, TransitionRequest, ClaimRequest)
#: Response bodies by name, for the OpenAPI document; with the library's
#: own (a :class:`~labourbrand.Brand`, a :class:`~labourbrand.policy.Decision`,
#: a :class:`~labourbrand.policy.TargetsReport`, a :class:`~labourbrand.ledger.Payment`).
RESPONSES: Final = (
    Health,
    BrandDecisions,
    BatchDecisions,
    Explanations,
    Clauses,
    Parameters,
    Interpretations,
    Plugins,
    SchemaIndex,
    ErrorResponse,
    Brand,
    Decision,
    TargetsReport,
    Check,
    Payment,
)
