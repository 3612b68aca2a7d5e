"""The HTTP service: a Starlette app over one policy built at start (private).

Each request body is read with a size limit, parsed as JSON with a nesting
limit, and read into the library's types by the library's own converter
(:func:`labourbrand.serialization.from_dict`): a bad field is a 422 listing
every bad field with its path, never a 500. Responses are written by
:func:`~labourbrand.serialization.to_json`, money in integer fen.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Final

import attrs
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from labourbrand import _validators as check
from labourbrand import dates, schema
from labourbrand._model import Brand, Event
from labourbrand.exceptions import (
    AlreadyPaidError,
    DataError,
    IllegalTransitionError,
    InvalidArgumentError,
    LabourBrandError,
    LedgerError,
)
from labourbrand.ledger import LedgerStore
from labourbrand.plugins import list_plugins
from labourbrand.policy import Policy
from labourbrand.serialization import from_dict, to_dict, to_json
from labourbrand.service import _messages as m
from labourbrand.service._endpoints import ENDPOINTS, Endpoint
from labourbrand.service._limits import Limits, Refused, parse_json, query, read_body


if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Collection

    import pendulum
    from starlette.requests import Request

    from labourbrand.policy import Decision


__all__ = ["Service", "create_app"]

_LOG: Final = logging.getLogger("labourbrand.service")
_JSON: Final = "application/json"


def _json_bytes(value: object) -> bytes:
    """*value* as UTF-8 JSON; text that UTF-8 cannot carry (a lone surrogate) escaped."""
    text = to_json(value)
    try:
        return text.encode()
    except UnicodeEncodeError:
        return json.dumps(to_dict(value), ensure_ascii=True).encode()


def _respond(value: object, status: int = 200) -> Response:
    return Response(_json_bytes(value), status_code=status, media_type=_JSON)


def _error(status: int, error: str, message: str, errors: Any = ()) -> Response:  # noqa: ANN401 - details
    body = m.ErrorResponse(
        status=status, error=error, message=message, errors=tuple(errors)
    )
    return _respond(body, status)


def _details(exc: LabourBrandError, where: str = "$") -> list[m.ErrorDetail]:
    """Every bad field of *exc*, each with its path."""
    if isinstance(exc, DataError):
        found = []
        for line in exc.errors:
            message, at, path = line.rpartition(" @ ")
            found.append(
                m.ErrorDetail(path=path, message=message)
                if at
                else m.ErrorDetail(path=where, message=line)
            )
        return found
    field = getattr(exc, "field", None)
    path = f"{where}.{field}" if field else where
    return [m.ErrorDetail(path=path, message=str(exc))]


def _refused(exc: Exception) -> Response:
    """The response to a request the library refused: never a 500 for bad input."""
    if isinstance(exc, Refused):
        return _error(exc.status, exc.error, exc.message, exc.details)
    if isinstance(exc, AlreadyPaidError):
        return _error(409, "conflict", str(exc), _details(exc))
    if isinstance(exc, IllegalTransitionError):
        return _error(
            409, "conflict", str(exc), [m.ErrorDetail(path="$", message=str(exc))]
        )
    if isinstance(exc, LedgerError):
        _LOG.error("ledger: %s", exc)
        return _error(503, "ledger_unavailable", str(exc))
    if isinstance(exc, LabourBrandError):
        return _error(422, "invalid", str(exc), _details(exc))
    raise exc


def _query_day(request: Request) -> pendulum.Date:
    text = query(request).get("on")
    if text is None:
        return dates.today()
    try:
        return dates.parse_date(text)
    except InvalidArgumentError as exc:
        raise Refused(
            422, "invalid", str(exc), [m.ErrorDetail(path="query.on", message=str(exc))]
        ) from exc


def _query_lang(request: Request) -> str:
    text = query(request).get("lang", "en")
    try:
        return check.lang(text)
    except InvalidArgumentError as exc:
        raise Refused(
            422,
            "invalid",
            str(exc),
            [m.ErrorDetail(path="query.lang", message=str(exc))],
        ) from exc


def _facts(
    request: m.MeasureRequest | m.ClaimRequest, needs: Collection[str]
) -> dict[str, Any]:
    """The facts a measure needs, as given (``None``: unknown)."""
    given = {
        "selection": request.selection,
        "training_base": request.training_base,
        "founders": request.founders,
    }
    return {name: value for name, value in given.items() if name in needs}


@attrs.define
class Service:
    """What the endpoints share: the policy, built once, its ledger and limits.

    Args:
        policy: the policy every request is decided by.
        ledger: the store payments are recorded in, or ``None``: then no
            endpoint records anything and ``POST /claims`` does not exist.
        ledger_kind: ``"sqlite"`` or ``"postgresql"``, for ``/health``.
        limits: the request size and nesting limits.
    """

    policy: Policy
    ledger: LedgerStore | None = None
    ledger_kind: str | None = None
    limits: Limits = attrs.Factory(Limits)
    _openapi: bytes | None = None

    # ------------------------------------------------------------ reading
    async def body(self, request: Request, cls: Any) -> Any:  # noqa: ANN401 - the type read
        """The request's body read as a *cls* by the library's converter."""
        raw = await read_body(request, self.limits.max_body)
        data = parse_json(raw, self.limits.max_depth)
        return from_dict(data, cls, source="<request>")

    async def decide_all(self, brand: Brand, on: pendulum.Date) -> tuple[Decision, ...]:
        if self.ledger is None:
            return self.policy.evaluate(brand, on=on)
        return await run_in_threadpool(
            self.policy.evaluate, brand, on=on, ledger=self.ledger
        )

    # ---------------------------------------------------------- endpoints
    async def health(self, _request: Request) -> Response:
        import labourbrand

        names = tuple(name for name, _ in self.policy.plugin_manager.list_name_plugin())
        return _respond(
            m.Health(
                library=str(labourbrand.__version__),
                policy_version=self.policy.version,
                plugins=names,
                ledger=self.ledger_kind,
            )
        )

    async def decisions(self, request: Request) -> Response:
        on = _query_day(request)
        brand: Brand = await self.body(request, Brand)
        decisions = await self.decide_all(brand, on)
        return _respond(
            m.BrandDecisions(
                brand=brand.name_zh, brand_id=brand.id, on=on, decisions=decisions
            )
        )

    async def decisions_batch(self, request: Request) -> Response:
        on = _query_day(request)
        brands: tuple[Brand, ...] = await self.body(request, m.BrandList)
        results = []
        for brand in brands:
            decided = await self.decide_all(brand, on)
            results.append(
                m.BrandDecisions(
                    brand=brand.name_zh, brand_id=brand.id, on=on, decisions=decided
                )
            )
        return _respond(m.BatchDecisions(on=on, results=tuple(results)))

    async def decision(self, request: Request) -> Response:
        measure = self.measure(request)
        on = _query_day(request)
        asked: m.MeasureRequest = await self.body(request, m.MeasureRequest)
        spec = self.policy.measure(measure)
        facts = _facts(asked, spec.needs)
        if self.ledger is None:
            decided = self.policy.decide(measure, asked.brand, on=on, **facts)
        else:
            decided = await run_in_threadpool(
                lambda: self.policy.decide(
                    measure, asked.brand, on=on, ledger=self.ledger, **facts
                )
            )
        return _respond(decided)

    def measure(self, request: Request) -> str:
        """The measure of the path, refused with a 404 if the document has none such."""
        measure = request.path_params["measure"]
        try:
            self.policy.measure(measure)
        except InvalidArgumentError as exc:
            raise Refused(404, "not_found", str(exc)) from exc
        return str(measure)

    async def explanations(self, request: Request) -> Response:
        on = _query_day(request)
        lang = _query_lang(request)
        brand: Brand = await self.body(request, Brand)
        decisions = await self.decide_all(brand, on)
        return _respond(
            m.Explanations(
                brand=brand.name_zh,
                on=on,
                lang="zh" if lang == "zh" else "en",
                explanations=tuple(
                    m.Explanation(
                        measure=d.measure, outcome=d.outcome, text=d.explain(lang=lang)
                    )
                    for d in decisions
                ),
            )
        )

    async def transition(self, request: Request) -> Response:
        asked: m.TransitionRequest = await self.body(request, m.TransitionRequest)
        policy = self.policy
        if asked.event is Event.ADMIT_ON_AWARD:
            award = policy.employment_award(
                asked.brand, on=asked.on, ledger=self.ledger
            )
            kwargs: dict[str, Any] = {"on": asked.on, "ledger": self.ledger}
            if asked.by is not None:
                kwargs["by"] = asked.by
            brand = policy.admit(asked.brand, award, **kwargs)
        else:
            payload: dict[str, Any] = {"note": asked.note, "grounds": asked.grounds}
            if asked.recognition is not None:
                payload["recognition"] = asked.recognition
            if asked.name_zh is not None:
                payload["name_zh"] = asked.name_zh
            brand = policy.transition(
                asked.brand, asked.event, on=asked.on, by=asked.by, **payload
            )
        return _respond(brand)

    async def targets(self, request: Request) -> Response:
        on = _query_day(request)
        brands: tuple[Brand, ...] = await self.body(request, m.BrandList)
        return _respond(self.policy.targets(brands, on=on))

    async def clauses(self, _request: Request) -> Response:
        entries: list[m.ClauseEntry] = []
        for document in self.policy.documents:
            if document.clauses_loader is None:
                continue
            entries.extend(
                m.ClauseEntry(
                    id=document.qualify(clause.id),
                    title_zh=clause.title_zh,
                    title_en=clause.title_en,
                    kinds=tuple(sorted(clause.kinds)),
                    bodies=clause.bodies,
                    text_zh=clause.text_zh,
                    summary_en=clause.summary_en,
                )
                for clause in document.clauses_loader()
            )
        return _respond(m.Clauses(clauses=tuple(entries)))

    async def parameters(self, request: Request) -> Response:
        from labourbrand.policy import ParameterUse

        on = _query_day(request)
        snapshot = self.policy.parameters.at(on)
        return _respond(
            m.Parameters(
                on=on,
                parameters=tuple(
                    ParameterUse.of(name, entry) for name, entry in snapshot.items()
                ),
            )
        )

    async def interpretations(self, _request: Request) -> Response:
        policy = self.policy
        entries = tuple(
            m.InterpretationEntry(
                interpretation=policy.interpretation(use.interpretation),
                in_force=use,
            )
            for use in policy.interpretations()
        )
        return _respond(m.Interpretations(interpretations=entries))

    async def plugins(self, request: Request) -> Response:
        on = _query_day(request) if "on" in query(request) else None
        return _respond(
            m.Plugins(
                on=on,
                plugins=list_plugins(self.policy, on=on),
                failures=self.policy.plugin_failures,
            )
        )

    async def schemas(self, _request: Request) -> Response:
        return _respond(m.SchemaIndex(types=schema.names()))

    async def schema(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            found = schema.schema(name)
        except InvalidArgumentError as exc:
            raise Refused(404, "not_found", str(exc)) from exc
        except ImportError as exc:  # the Scenario's needs the sim extra
            raise Refused(404, "not_found", f"{name}: {exc}") from exc
        return Response(
            json.dumps(found, ensure_ascii=False).encode(), media_type=_JSON
        )

    async def claim(self, request: Request) -> Response:
        asked: m.ClaimRequest = await self.body(request, m.ClaimRequest)
        policy, ledger = self.policy, self.ledger
        if ledger is None:  # pragma: no cover - the route exists only with a ledger
            raise Refused(404, "not_found", "no ledger is configured")
        try:
            spec = policy.measure(asked.measure)
        except InvalidArgumentError as exc:
            raise Refused(
                422,
                "invalid",
                str(exc),
                [m.ErrorDetail(path="$.measure", message=str(exc))],
            ) from exc
        facts = _facts(asked, spec.needs)

        def record() -> object:
            # Decided without the ledger, as Policy.claim checks it: the store
            # itself refuses a second payment of a one-time measure (409).
            decided = policy.decide(asked.measure, asked.brand, on=asked.on, **facts)
            return policy.claim(decided, asked.brand, ledger, on=asked.paid_on, **facts)

        return _respond(await run_in_threadpool(record), 201)

    async def openapi(self, _request: Request) -> Response:
        if self._openapi is None:
            import labourbrand
            from labourbrand.service._openapi import openapi

            document = openapi(
                self.endpoints(),
                version=str(labourbrand.__version__),
                measures=[spec.id for spec in self.policy.document.measures],
            )
            self._openapi = json.dumps(document, ensure_ascii=False).encode()
        return Response(self._openapi, media_type=_JSON)

    async def docs(self, _request: Request) -> Response:
        from labourbrand.service._openapi import docs_page

        return HTMLResponse(docs_page())

    # ------------------------------------------------------------ routing
    def endpoints(self) -> tuple[Endpoint, ...]:
        """The endpoints this service serves: claims only with a ledger."""
        return tuple(
            e for e in ENDPOINTS if self.ledger is not None or not e.needs_ledger
        )

    def routes(self) -> list[Route]:
        return [
            Route(e.path, self._guarded(getattr(self, e.handler)), methods=[e.method])
            for e in self.endpoints()
        ]

    @staticmethod
    def _guarded(
        handler: Callable[[Request], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except (LabourBrandError, Refused) as exc:
                return _refused(exc)

        endpoint.__name__ = handler.__name__
        return endpoint


async def _http_error(_request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    error = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
    return _error(status, error, str(getattr(exc, "detail", exc)))


async def _server_error(_request: Request, exc: Exception) -> Response:
    _LOG.exception("unexpected error", exc_info=exc)
    return _error(500, "internal", "internal error: see the service's log")


def create_app(service: Service) -> Starlette:
    """The Starlette app of *service*.

    .. versionadded:: 0.2.0
    """
    return Starlette(
        routes=service.routes(),
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
