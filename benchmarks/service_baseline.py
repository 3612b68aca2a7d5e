"""The bare ASGI app bench_service.py measures the service against.

It does only what the all-decisions endpoint must: read the body, parse the
brand, evaluate it on the day of the query, write the decisions as JSON. No
routing, limits, validation messages or OpenAPI. Serve it with
``uvicorn service_baseline:app --app-dir benchmarks``.
"""

from __future__ import annotations

from typing import Any

import labourbrand as lb
from labourbrand.dates import parse_date
from labourbrand.serialization import from_json, to_json


POLICY = lb.Policy.shaanxi(entry_points=False)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:  # noqa: ANN401
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    on = parse_date(scope["query_string"].decode().removeprefix("on="))
    decisions = POLICY.evaluate(from_json(body, lb.Brand), on=on)
    out = ("[" + ",".join(to_json(d) for d in decisions) + "]").encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(out)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": out})
