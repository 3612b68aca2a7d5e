"""Reading a request body within limits: its size and its JSON's nesting (private)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final, final

import attrs


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from starlette.requests import Request


__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_DEPTH",
    "Limits",
    "Refused",
    "parse_json",
    "read_body",
]

#: The largest request body read, in bytes: 1 MiB (about 2,000 brands).
DEFAULT_MAX_BODY: Final = 1 << 20
#: The deepest nesting of arrays and objects read. A brand with its audit
#: trail inside a request is 5 deep.
DEFAULT_MAX_DEPTH: Final = 32


@final
@attrs.frozen(kw_only=True)
class Limits:
    """The limits of what the service reads."""

    #: The largest body, in bytes; a larger one is refused with 413.
    max_body: int = attrs.field(
        default=DEFAULT_MAX_BODY, validator=attrs.validators.ge(1)
    )
    #: The deepest nesting of JSON arrays and objects; deeper is refused with 400.
    max_depth: int = attrs.field(
        default=DEFAULT_MAX_DEPTH, validator=attrs.validators.ge(1)
    )


class Refused(Exception):  # noqa: N818 - a response, not a failure of the service
    """A request refused before the library reads it: the HTTP status and why."""

    def __init__(
        self, status: int, error: str, message: str, details: Sequence[object] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.details = tuple(details)


def _too_large(limit: int) -> Refused:
    return Refused(
        413, "too_large", f"Expected a request body of at most {limit} bytes"
    )


def _header(request: Request, name: bytes) -> str | None:
    """The value of the header *name* (lower case), read off the ASGI scope."""
    for key, value in request.scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def read_body(request: Request, limit: int) -> bytes:
    """The body of *request*, refused with 413 beyond *limit* bytes (read no further).

    Read from the ASGI messages themselves: the hot path of every request.
    """
    declared = _header(request, b"content-length")
    if declared is not None:
        if not declared.isdigit():
            msg = f"Expected a Content-Length of digits but got {declared!r}"
            raise Refused(400, "malformed", msg)
        if int(declared) > limit:
            raise _too_large(limit)
    chunks = []
    size = 0
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            msg = "The client went away before sending the whole body"
            raise Refused(400, "malformed", msg)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def query(request: Request) -> dict[str, str]:
    """The query parameters of *request*, the last of each name.

    A plain query (``on=2023-07-01&lang=zh``) is split here, quickly; one
    with escapes is parsed by Starlette.
    """
    raw: bytes = request.scope["query_string"]
    if not raw:
        return {}
    if b"%" in raw or b"+" in raw:
        return dict(request.query_params)
    found = {}
    for part in raw.decode("latin-1").split("&"):
        name, _, value = part.partition("=")
        if name:
            found[name] = value
    return found


def _loads() -> Callable[[bytes], Any]:
    try:
        import orjson  # the orjson extra: faster, the same values
    except ImportError:
        return json.loads
    return orjson.loads


_LOADS: Final = _loads()


def parse_json(body: bytes, max_depth: int) -> object:
    """The JSON value of *body*: 400 if it is not JSON or nests deeper than *max_depth*."""
    from labourbrand.service._messages import ErrorDetail

    if not body.strip():
        msg = "Expected a JSON body but got none"
        raise Refused(400, "malformed", msg, [ErrorDetail(path="$", message=msg)])
    brackets = body.count(b"[") + body.count(b"{")
    if brackets > max_depth:
        from labourbrand._files.text import json_depth

        # Before any parser: a parser's own limit may be a crash (old orjson).
        if json_depth(body.decode("utf-8", "replace")) > max_depth:
            msg = f"Expected JSON nested at most {max_depth} deep"
            raise Refused(400, "malformed", msg, [ErrorDetail(path="$", message=msg)])
    try:
        return _LOADS(body)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        msg = f"Expected JSON text but got a syntax error: {exc}"
        raise Refused(
            400, "malformed", msg, [ErrorDetail(path="$", message=msg)]
        ) from exc
