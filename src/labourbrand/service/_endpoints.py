"""The service's endpoints as data: one table routes requests and writes the OpenAPI document (private)."""

from __future__ import annotations

from typing import Final, Literal, final

import attrs

from labourbrand._model import Brand
from labourbrand.ledger import Payment
from labourbrand.policy import Decision, TargetsReport
from labourbrand.service import _messages as m


__all__ = ["ENDPOINTS", "QUERY", "Endpoint"]


@final
@attrs.frozen(kw_only=True)
class Endpoint:
    """One endpoint: where, what it reads and writes, and the method of the service that answers."""

    #: The path, with ``{name}`` for a path parameter.
    path: str
    #: The HTTP method.
    method: Literal["GET", "POST"]
    #: The name of the :class:`~labourbrand.service._app.Service` method that answers.
    handler: str
    #: One line for the docs.
    summary: str
    #: More, for the docs.
    description: str = ""
    #: The type of the body read, if any.
    body: object = None
    #: The type of the response.
    response: object
    #: The status of a success.
    status: int = 200
    #: The query parameters it reads: name (of :data:`QUERY`) and description.
    query: tuple[tuple[str, str], ...] = ()
    #: Whether it exists only when a ledger is configured.
    needs_ledger: bool = False
    #: The statuses of its refusals.
    refusals: tuple[int, ...] = ()


#: The schema of each query parameter.
QUERY: Final = {
    "on": {"type": "string", "format": "date"},
    "lang": {"type": "string", "enum": ["en", "zh"], "default": "en"},
}
_ON: Final = ("on", "The day decided, YYYY-MM-DD (default: today in Asia/Shanghai).")
_LANG: Final = ("lang", "The language of the explanations: en or zh (default: en).")

_BODY: Final = (400, 413, 422)

#: Every endpoint of the service, the busiest first (routes are matched in order).
ENDPOINTS: Final = (
    Endpoint(
        path="/decisions",
        method="POST",
        handler="decisions",
        summary="Every decision for one brand on a day.",
        description=(
            "The measures that need nothing beyond the brand: the employment award, "
            "the provincial-recognition award, the transport and social-insurance "
            "subsidies, the training scope. The body is one brand, as "
            "labourbrand.serialization.to_json writes it."
        ),
        body=Brand,
        response=m.BrandDecisions,
        query=(_ON,),
        refusals=_BODY,
    ),
    Endpoint(
        path="/decisions/batch",
        method="POST",
        handler="decisions_batch",
        summary="Every decision for each brand of a list, on a day.",
        description="The body is a JSON array of brands (as for labourbrand evaluate FILE).",
        body=m.BrandList,
        response=m.BatchDecisions,
        query=(_ON,),
        refusals=_BODY,
    ),
    Endpoint(
        path="/decisions/{measure}",
        method="POST",
        handler="decision",
        summary="One measure for one brand on a day, with the facts it needs beyond the brand.",
        body=m.MeasureRequest,
        response=Decision,
        query=(_ON,),
        refusals=(*_BODY, 404),
    ),
    Endpoint(
        path="/explanations",
        method="POST",
        handler="explanations",
        summary="Every decision for one brand on a day, explained in Chinese or English.",
        body=Brand,
        response=m.Explanations,
        query=(_ON, _LANG),
        refusals=_BODY,
    ),
    Endpoint(
        path="/transitions",
        method="POST",
        handler="transition",
        summary="Apply a lifecycle event to a brand, by an actor; the new brand, with one more audit record.",
        description=(
            "Who may act is the lifecycle table's (labourbrand lifecycle --format table); "
            "an event the table refuses, or an actor it does not name, is a 409."
        ),
        body=m.TransitionRequest,
        response=Brand,
        refusals=(*_BODY, 409),
    ),
    Endpoint(
        path="/targets",
        method="POST",
        handler="targets",
        summary="The province's targets (clauses 2 and 3.2) for a set of brands on a day.",
        body=m.BrandList,
        response=TargetsReport,
        query=(_ON,),
        refusals=_BODY,
    ),
    Endpoint(
        path="/health",
        method="GET",
        handler="health",
        summary="The service is up: the library's and the policy's versions, the plugins, the ledger.",
        response=m.Health,
    ),
    Endpoint(
        path="/clauses",
        method="GET",
        handler="clauses",
        summary="The clauses of the policy's documents.",
        response=m.Clauses,
    ),
    Endpoint(
        path="/parameters",
        method="GET",
        handler="parameters",
        summary="The parameter values in force on a day, each with its document.",
        response=m.Parameters,
        query=(_ON,),
        refusals=(422,),
    ),
    Endpoint(
        path="/interpretations",
        method="GET",
        handler="interpretations",
        summary="The contested passages of the text, their readings and the one in force.",
        response=m.Interpretations,
    ),
    Endpoint(
        path="/plugins",
        method="GET",
        handler="plugins",
        summary="The plugins the policy loaded, their rules (money in fen) and the failures.",
        response=m.Plugins,
        query=(
            (
                "on",
                "List only the rules in force on this day, YYYY-MM-DD (default: all rules).",
            ),
        ),
        refusals=(422,),
    ),
    Endpoint(
        path="/schemas",
        method="GET",
        handler="schemas",
        summary="The names of the interchange types with a JSON Schema.",
        response=m.SchemaIndex,
    ),
    Endpoint(
        path="/schemas/{name}",
        method="GET",
        handler="schema",
        summary="The JSON Schema (draft 2020-12) of one interchange type, as labourbrand schema NAME prints it.",
        response=dict,
        refusals=(404,),
    ),
    Endpoint(
        path="/claims",
        method="POST",
        handler="claim",
        summary="Decide a measure for a brand and record its payment in the ledger, atomically.",
        description=(
            "Only when the service is started with --ledger. A decision that is not "
            "eligible is a 422; a one-time measure already paid to the brand a 409."
        ),
        body=m.ClaimRequest,
        response=Payment,
        status=201,
        needs_ledger=True,
        refusals=(*_BODY, 409, 503),
    ),
    Endpoint(
        path="/openapi.json",
        method="GET",
        handler="openapi",
        summary="This document: OpenAPI 3.1, its schemas generated from the library's types.",
        response=dict,
    ),
    Endpoint(
        path="/docs",
        method="GET",
        handler="docs",
        summary="A page that lists the endpoints of this document and lets you try them.",
        response=str,
    ),
)
