"""The HTTP service: ``labourbrand serve`` (extra ``serve``: Starlette and uvicorn).

One policy, built at start with the plugins chosen, answers every request:
the decisions for a brand or a list of brands, one measure, the
explanations, a lifecycle transition, the targets, the clauses, parameters,
interpretations and plugins; ``/openapi.json`` describes them with schemas
generated from the library's types, and ``/docs`` renders it. Request
bodies are read by the library's own converter: a bad field is a 422 with
its path. See :doc:`/reference/serve`.

Example:
    >>> import labourbrand.service as service
    >>> app = service.create_app(service.build_service(service.ServeConfig(entry_points=False)))
    >>> sorted(route.path for route in app.routes)[:3]
    ['/clauses', '/decisions', '/decisions/batch']

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from labourbrand.service._app import Service, create_app
from labourbrand.service._limits import DEFAULT_MAX_BODY, DEFAULT_MAX_DEPTH, Limits
from labourbrand.service._serve import ServeConfig, build_service, open_ledger, serve


__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_DEPTH",
    "Limits",
    "ServeConfig",
    "Service",
    "build_service",
    "create_app",
    "open_ledger",
    "serve",
]
