"""The service's OpenAPI document, built from its endpoints' table and the library's types (private).

Every schema in it is generated from an attrs class by the same builder as
:func:`labourbrand.serialization.json_schema`; nothing is written by hand.
The docs page is one self-contained HTML file that reads the document: no
script, style or font is fetched from anywhere else.
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import TYPE_CHECKING, Any, Final

from labourbrand import schema as catalogue
from labourbrand._json_schema import SchemaBuilder
from labourbrand.service._endpoints import QUERY
from labourbrand.service._messages import ErrorResponse


if TYPE_CHECKING:
    from collections.abc import Iterable

    from labourbrand.service._endpoints import Endpoint


__all__ = ["docs_page", "openapi"]

_REFUSALS: Final = {
    400: "The body is not JSON, is empty, or nests too deep.",
    404: "No such measure or type.",
    409: "The lifecycle refuses the event or the actor, or a one-time measure was already paid.",
    413: "The body is larger than the service's limit.",
    422: "A field is bad: every bad field is listed with its path.",
    503: "The ledger cannot be reached.",
}


def _content(builder: SchemaBuilder, t: object) -> dict[str, Any]:
    if t is str:
        return {"text/html": {"schema": {"type": "string"}}}
    if t is dict:
        return {"application/json": {"schema": {"type": "object"}}}
    return {"application/json": {"schema": builder.schema(t)}}


def _path_parameters(
    endpoint: Endpoint, measures: Iterable[str]
) -> list[dict[str, Any]]:
    found = []
    if "{measure}" in endpoint.path:
        found.append(
            {
                "name": "measure",
                "in": "path",
                "required": True,
                "description": "The measure's id.",
                "schema": {"type": "string", "enum": list(measures)},
            }
        )
    if "{name}" in endpoint.path:
        found.append(
            {
                "name": "name",
                "in": "path",
                "required": True,
                "description": "The interchange type's name.",
                "schema": {"type": "string", "enum": list(catalogue.names())},
            }
        )
    return found


def openapi(
    endpoints: Iterable[Endpoint], *, version: str, measures: Iterable[str]
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of *endpoints*, their schemas under ``components``."""
    builder = SchemaBuilder(prefix="#/components/schemas/")
    measures = tuple(measures)
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        operation: dict[str, Any] = {
            "operationId": endpoint.handler,
            "summary": endpoint.summary,
        }
        if endpoint.description:
            operation["description"] = endpoint.description
        parameters = _path_parameters(endpoint, measures)
        parameters += [
            {"name": name, "in": "query", "description": text, "schema": QUERY[name]}
            for name, text in endpoint.query
        ]
        if parameters:
            operation["parameters"] = parameters
        if endpoint.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": _content(builder, endpoint.body),
            }
        responses: dict[str, Any] = {
            str(endpoint.status): {
                "description": "Success.",
                "content": _content(builder, endpoint.response),
            }
        }
        for status in endpoint.refusals:
            responses[str(status)] = {
                "description": _REFUSALS[status],
                "content": _content(builder, ErrorResponse),
            }
        operation["responses"] = responses
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "labourbrand",
            "version": version,
            "summary": "Rules as code for Shaanxi's labour-brand (劳务品牌) policy, over HTTP.",
            "description": (
                "Decisions, explanations, targets and the lifecycle of labour brands "
                "under 陕人社发〔2022〕13号, by the labourbrand library. Money is an "
                "integer of fen (100 fen = 1 yuan) in every value; days are YYYY-MM-DD."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": dict(sorted(builder.defs.items()))},
    }


@functools.cache
def docs_page() -> str:
    """The docs page: self-contained HTML that renders ``/openapi.json`` and tries requests."""
    return (
        importlib.resources.files("labourbrand.service")
        .joinpath("docs.html")
        .read_text(encoding="utf-8")
    )
