"""The service over real HTTP: each endpoint equal to the library's own answer, valid against its schema.

A server process is started on a free port of 127.0.0.1 (tests/service/conftest.py).
"""

from __future__ import annotations

import http.client
import json
import pathlib
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pendulum
import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

import labourbrand as lb
from labourbrand import schema
from labourbrand.plugins import list_plugins
from labourbrand.policy import ParameterUse, Policy
from labourbrand.serialization import from_dict, to_dict, to_json


if TYPE_CHECKING:
    from .conftest import Reply, Server


ROOT = pathlib.Path(__file__).parent.parent.parent
ON = pendulum.Date(2023, 7, 1)
#: Every (path, method, status) whose response a test checked against its schema.
CHECKED: set[tuple[str, str, str]] = set()


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.shaanxi(entry_points=False)


@pytest.fixture(scope="module")
def examples() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        (ROOT / "examples" / "brands.json").read_text(encoding="utf-8")
    )
    return data


@pytest.fixture(scope="module")
def openapi(server: Server) -> dict[str, Any]:
    reply = server.get("/openapi.json")
    assert reply.status == 200
    document: dict[str, Any] = reply.json()
    return document


def valid(openapi: dict[str, Any], path: str, method: str, reply: Reply) -> Any:  # noqa: ANN401 - JSON
    """The reply's JSON, checked against the schema the OpenAPI document gives its status."""
    status = str(reply.status)
    responses = openapi["paths"][path][method]["responses"]
    assert status in responses, (
        f"{method} {path} answered {status}, not in its document"
    )
    found = responses[status]["content"]["application/json"]["schema"]
    data = reply.json()
    validator = Draft202012Validator(
        {**found, "components": openapi["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    error = best_match(validator.iter_errors(data))
    assert error is None, (
        f"{method} {path} {status}: {error.message} @ {error.json_path}"
    )
    CHECKED.add((path, method, status))
    return data


def brand_of(data: dict[str, Any]) -> lb.Brand:
    return from_dict(data, lb.Brand)


# ------------------------------------------------------------ endpoints
def test_health(server: Server, openapi: dict[str, Any], policy: Policy) -> None:
    """/health answers with the versions of the library and of the policy it decides by."""
    data = valid(openapi, "/health", "get", server.get("/health"))
    assert data["status"] == "ok"
    assert data["policy_version"] == policy.version
    assert data["plugins"] == ["shaanxi-province"]
    assert data["ledger"] is None


def test_decisions_equal_the_librarys(
    server: Server,
    openapi: dict[str, Any],
    policy: Policy,
    examples: list[dict[str, Any]],
) -> None:
    """POST /decisions gives, for each example brand, exactly policy.evaluate's decisions as JSON."""
    for item in examples:
        reply = server.post(f"/decisions?on={ON}", item)
        data = valid(openapi, "/decisions", "post", reply)
        brand = brand_of(item)
        expected = [json.loads(to_json(d)) for d in policy.evaluate(brand, on=ON)]
        assert data["decisions"] == expected
        assert (data["brand"], data["brand_id"], data["on"]) == (
            brand.name_zh,
            brand.id,
            str(ON),
        )


def test_batch_decisions_equal_the_librarys(
    server: Server,
    openapi: dict[str, Any],
    policy: Policy,
    examples: list[dict[str, Any]],
) -> None:
    """POST /decisions/batch decides each brand of the list, in order, as the library does."""
    data = valid(
        openapi,
        "/decisions/batch",
        "post",
        server.post("/decisions/batch?on=2026-03-01", examples),
    )
    assert data["on"] == "2026-03-01"
    assert [r["brand"] for r in data["results"]] == [b["name_zh"] for b in examples]
    for result, item in zip(data["results"], examples, strict=True):
        decided = policy.evaluate(brand_of(item), on=pendulum.Date(2026, 3, 1))
        assert result["decisions"] == [json.loads(to_json(d)) for d in decided]


def test_one_measure_with_its_facts(
    server: Server, openapi: dict[str, Any], policy: Policy
) -> None:
    """POST /decisions/{measure} decides that measure with the facts given, as policy.decide does."""
    brand = {"name_zh": "旬阳建工", "county": "610981"}
    reply = server.post(
        "/decisions/startup_subsidy?on=2023-01-01", {"brand": brand, "founders": 12}
    )
    data = valid(openapi, "/decisions/{measure}", "post", reply)
    expected = policy.decide(
        "startup_subsidy", brand_of(brand), on=pendulum.Date(2023, 1, 1), founders=12
    )
    assert data == json.loads(to_json(expected))
    selection = {
        "level": "provincial",
        "selected_by": "provincial_hrss",
        "event": "陕西省劳务品牌展示交流活动",
        "on": "2023-09-01",
    }
    reply = server.post(
        "/decisions/showcase_award?on=2023-10-01",
        {"brand": brand, "selection": selection},
    )
    data = valid(openapi, "/decisions/{measure}", "post", reply)
    expected = policy.showcase_award(
        brand_of(brand), on=pendulum.Date(2023, 10, 1),
        selection=from_dict(selection, lb.policy.ShowcaseSelection),
    )  # fmt: skip
    assert data == json.loads(to_json(expected))


def test_an_unknown_measure_is_not_found(
    server: Server, openapi: dict[str, Any]
) -> None:
    """A measure the document does not declare is a 404 naming the ones it does."""
    reply = server.post("/decisions/bonus", {"brand": {"name_zh": "x"}})
    data = valid(openapi, "/decisions/{measure}", "post", reply)
    assert reply.status == 404
    assert "employment_award" in data["message"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explanations(
    server: Server,
    openapi: dict[str, Any],
    policy: Policy,
    examples: list[dict[str, Any]],
    lang: str,
) -> None:
    """POST /explanations?lang= gives each decision's explain() in that language."""
    reply = server.post(f"/explanations?on={ON}&lang={lang}", examples[0])
    data = valid(openapi, "/explanations", "post", reply)
    decided = policy.evaluate(brand_of(examples[0]), on=ON)
    assert data["lang"] == lang
    assert [e["text"] for e in data["explanations"]] == [
        d.explain(lang=lang) for d in decided
    ]


def test_transition_by_its_actor(
    server: Server, openapi: dict[str, Any], policy: Policy
) -> None:
    """POST /transitions applies the event by the actor named, as policy.transition does."""
    brand = {"name_zh": "示例品牌", "county": "610924", "maturity": "established"}
    asked = {
        "brand": brand,
        "event": "establish",
        "on": "2022-06-01",
        "by": "county_hrss",
        "note": "县人社局文件",
    }
    data = valid(openapi, "/transitions", "post", server.post("/transitions", asked))
    expected = policy.transition(
        brand_of(brand), lb.Event.ESTABLISH, on=pendulum.Date(2022, 6, 1),
        by=lb.Authority.COUNTY_HRSS, note="县人社局文件",
    )  # fmt: skip
    assert data == json.loads(to_json(expected))
    assert data["stage"] == "cultivating"
    assert data["history"][-1]["by"] == "county_hrss"


def test_a_transition_by_the_wrong_actor_is_a_conflict(
    server: Server, openapi: dict[str, Any]
) -> None:
    """An actor the lifecycle table does not name for the event is refused with 409 and the reason."""
    brand = {"name_zh": "示例品牌", "county": "610924", "maturity": "established"}
    asked = {
        "brand": brand,
        "event": "establish",
        "on": "2022-06-01",
        "by": "provincial_hrss",
    }
    reply = server.post("/transitions", asked)
    data = valid(openapi, "/transitions", "post", reply)
    assert reply.status == 409
    assert "provincial_hrss" in data["message"]


def test_admission_on_the_award(
    server: Server, openapi: dict[str, Any], policy: Policy
) -> None:
    """admit_on_award rests on the employment award the service decides: eligible, the brand enters the pool."""
    history = [
        {"on": "2022-09-01", "event": "import", "from_stage": "discovered",
         "to_stage": "recommended_by_city", "by": "city_hrss", "basis": "3.3"},
    ]  # fmt: skip
    brand = {
        "name_zh": "紫阳修脚师", "county": "610924", "history": history,
        "creating_unit": {"name": "紫阳县修脚行业协会", "kind": "industry_association"},
        "workforce": [{"on": "2023-06-30", "practitioners": 900, "rural": 800, "rural_signed": 520}],
    }  # fmt: skip
    asked = {
        "brand": brand,
        "event": "admit_on_award",
        "on": "2023-07-01",
        "by": "provincial_hrss",
    }
    reply = server.post("/transitions", asked)
    data = valid(openapi, "/transitions", "post", reply)
    award = policy.employment_award(brand_of(brand), on=ON)
    expected = policy.admit(
        brand_of(brand), award, on=ON, by=lb.Authority.PROVINCIAL_HRSS
    )
    assert data == json.loads(to_json(expected))
    assert data["history"][-1]["evidence"] == award.id


def test_targets(
    server: Server,
    openapi: dict[str, Any],
    policy: Policy,
    examples: list[dict[str, Any]],
) -> None:
    """POST /targets gives the province's targets for the brands given, as policy.targets does."""
    data = valid(
        openapi, "/targets", "post", server.post("/targets?on=2026-03-01", examples)
    )
    expected = policy.targets(
        [brand_of(b) for b in examples], on=pendulum.Date(2026, 3, 1)
    )
    assert data == json.loads(to_json(expected))


def test_clauses(server: Server, openapi: dict[str, Any], policy: Policy) -> None:
    """GET /clauses lists the clauses of the policy's documents, ids qualified."""
    data = valid(openapi, "/clauses", "get", server.get("/clauses"))
    ids = [c["id"] for c in data["clauses"]]
    assert "shaanxi-2022-13:4.2" in ids
    clause = policy.clause("shaanxi-2022-13:4.2")
    entry = data["clauses"][ids.index("shaanxi-2022-13:4.2")]
    assert (entry["title_zh"], entry["text_zh"], entry["bodies"]) == (
        clause.title_zh,
        clause.text_zh,
        list(clause.bodies),
    )


def test_parameters_on_a_day(
    server: Server, openapi: dict[str, Any], policy: Policy
) -> None:
    """GET /parameters?on= gives every parameter in force that day; money in fen beside its display."""
    data = valid(openapi, "/parameters", "get", server.get("/parameters?on=2023-01-01"))
    snapshot = policy.parameters.at(pendulum.Date(2023, 1, 1))
    assert data["parameters"] == [
        to_dict(ParameterUse.of(n, e)) for n, e in snapshot.items()
    ]
    cap = next(p for p in data["parameters"] if p["name"] == "employment_award_cap")
    assert (cap["amount"], cap["value"]) == (30_000_000, "¥300,000.00")


def test_interpretations(
    server: Server, openapi: dict[str, Any], policy: Policy
) -> None:
    """GET /interpretations lists each contested passage with its readings and the one in force."""
    data = valid(openapi, "/interpretations", "get", server.get("/interpretations"))
    assert [e["in_force"] for e in data["interpretations"]] == [
        to_dict(u) for u in policy.interpretations()
    ]


def test_plugins(server: Server, openapi: dict[str, Any], policy: Policy) -> None:
    """GET /plugins lists the plugins loaded, as labourbrand.plugins.list_plugins does."""
    data = valid(openapi, "/plugins", "get", server.get("/plugins"))
    assert data["plugins"] == [json.loads(to_json(i)) for i in list_plugins(policy)]
    assert data["failures"] == []
    data = valid(openapi, "/plugins", "get", server.get("/plugins?on=2023-01-01"))
    assert data["on"] == "2023-01-01"


def test_schemas(server: Server, openapi: dict[str, Any]) -> None:
    """GET /schemas lists the interchange types; /schemas/{name} gives one, as labourbrand schema does."""
    data = valid(openapi, "/schemas", "get", server.get("/schemas"))
    assert data["types"] == list(schema.names())
    assert server.get("/schemas/Brand").json() == schema.schema("Brand")
    reply = server.get("/schemas/Brnad")
    assert reply.status == 404
    valid(openapi, "/schemas/{name}", "get", reply)


def test_openapi_document(openapi: dict[str, Any]) -> None:
    """/openapi.json is OpenAPI 3.1 whose schemas are valid draft 2020-12 and come from the library's classes."""
    assert openapi["openapi"] == "3.1.0"
    schemas = openapi["components"]["schemas"]
    for name, found in schemas.items():
        Draft202012Validator.check_schema(
            {**found, "components": openapi["components"]}
        )
        if name in schema.TYPES and name != "Scenario":
            text = json.dumps(found).replace("#/components/schemas/", "#/$defs/")
            assert json.loads(text) == schema.schema(name)["$defs"][name]
    assert "/claims" not in openapi["paths"]  # no ledger


def test_docs_page_is_self_contained(server: Server) -> None:
    """/docs is an HTML page that reads /openapi.json and loads nothing from elsewhere."""
    reply = server.get("/docs")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/html")
    page = reply.body.decode()
    assert 'fetch("openapi.json")' in page
    assert "http://" not in page
    assert "https://" not in page
    assert "<script src" not in page
    assert "<link" not in page


# ---------------------------------------------------------- bad requests
def test_bad_fields_are_a_422_with_every_path(
    server: Server, openapi: dict[str, Any]
) -> None:
    """Bad fields of several brands are one 422 listing each with its path, never a 500."""
    brands = [
        {
            "name_zh": "甲",
            "workforce": [
                {
                    "on": "2023-06-30",
                    "practitioners": 900,
                    "rural": 800,
                    "rural_signed": 5.0,
                }
            ],
        },
        {"name_zh": "乙"},
        {"name_zh": "丙", "stage": "pooled", "colour": "red"},
    ]
    reply = server.post("/decisions/batch", brands)
    data = valid(openapi, "/decisions/batch", "post", reply)
    assert reply.status == 422
    paths = {e["path"] for e in data["errors"]}
    assert "$[0].workforce[0].rural_signed" in paths
    assert any(p.startswith("$[2]") for p in paths)
    assert len(data["errors"]) >= 2
    assert "Expected an int but got 5.0" in data["message"]


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/decisions", {"name_zh": "x", "county": "61092"}, "$.county"),
        ("/decisions", [{"name_zh": "x"}], "$"),
        (
            "/decisions",
            {"name_zh": "x", "workforce": {"on": "2023-06-30"}},
            "$.workforce",
        ),
        (
            "/decisions/employment_award",
            {"brand": {"name_zh": "x"}, "founders": -1},
            "$.founders",
        ),
        (
            "/transitions",
            {"brand": {"name_zh": "x"}, "event": "promote", "on": "2022-06-01"},
            "$.event",
        ),
        (
            "/transitions",
            {"brand": {"name_zh": "x"}, "event": "establish", "on": "2022-13-01"},
            "$.on",
        ),
        ("/targets", {"name_zh": "x"}, "$"),
        ("/explanations", {"name_zh": 7}, "$.name_zh"),
    ],
)
def test_a_bad_body_names_its_field(
    server: Server, openapi: dict[str, Any], path: str, body: object, where: str
) -> None:
    """Each kind of bad body is a 422 whose errors name the bad field's path."""
    reply = server.post(path, body)
    template = "/decisions/{measure}" if path.startswith("/decisions/") else path
    data = valid(openapi, template, "post", reply)
    assert reply.status == 422
    assert where in [e["path"] for e in data["errors"]]


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("on=2023-02-30", "query.on"),
        ("on=2023-07-01T10:00", "query.on"),
        ("lang=fr", "query.lang"),
    ],
)
def test_a_bad_query_names_its_parameter(
    server: Server, openapi: dict[str, Any], query: str, where: str
) -> None:
    """A bad day or language in the query is a 422 naming the parameter."""
    reply = server.post(f"/explanations?{query}", {"name_zh": "x"})
    data = valid(openapi, "/explanations", "post", reply)
    assert reply.status == 422
    assert [e["path"] for e in data["errors"]] == [where]


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe", b"[1, 2", b"NaN"])
def test_not_json_is_a_400(server: Server, openapi: dict[str, Any], raw: bytes) -> None:
    """A body that is not JSON text (or none) is a 400, not a 500."""
    reply = server.post("/decisions", raw=raw)
    data = valid(openapi, "/decisions", "post", reply)
    assert reply.status == 400
    assert data["error"] == "malformed"


def test_an_oversized_body_is_a_413(server: Server, openapi: dict[str, Any]) -> None:
    """A body over 1 MiB is refused with 413, whether its length is declared or sent in chunks."""
    big = json.dumps({"name_zh": "x" * (1 << 20)}).encode()
    reply = server.post("/decisions", raw=big)
    assert reply.status == 413
    valid(openapi, "/decisions", "post", reply)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(
            "POST",
            "/decisions",
            body=iter([big[:600_000], big[600_000:]]),
            encode_chunked=True,
        )
        response = connection.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["error"] == "too_large"
    finally:
        connection.close()


@pytest.mark.parametrize("depth", [40, 5_000, 200_000])
def test_deep_nesting_is_a_400(
    server: Server, openapi: dict[str, Any], depth: int
) -> None:
    """Arrays nested deeper than the limit (32) are refused with 400, however deep."""
    raw = b'{"name_zh": "x", "workforce": ' + b"[" * depth + b"]" * depth + b"}"
    reply = server.post("/decisions", raw=raw)
    data = valid(openapi, "/decisions", "post", reply)
    assert reply.status == 400
    assert "nested" in data["message"]


def test_a_deep_but_allowed_body_is_read(server: Server) -> None:
    """Nesting within the limit is read as usual: a list of 50 brands is many brackets, little depth."""
    brands = [
        {
            "name_zh": f"品牌{i}",
            "workforce": [
                {"on": "2023-06-30", "practitioners": 1, "rural": 1, "rural_signed": 1}
            ],
        }
        for i in range(50)
    ]
    assert server.post("/decisions/batch", brands).status == 200


def test_unknown_paths_and_methods_are_json(server: Server) -> None:
    """An unknown path is a 404 and a wrong method a 405, each with a JSON error."""
    reply = server.get("/nowhere")
    assert (reply.status, reply.json()["error"]) == (404, "not_found")
    reply = server.get("/decisions")
    assert (reply.status, reply.json()["error"]) == (405, "method_not_allowed")
    assert server.post("/claims", {}).status == 404  # no ledger: no claims


# ------------------------------------------------------------ the ledger
def test_claims_are_recorded_once(ledger_server: Server) -> None:
    """With --ledger, a claim is recorded (201), a second is a 409, and decisions see the payment."""
    openapi = ledger_server.get("/openapi.json").json()
    assert ledger_server.get("/health").json()["ledger"] == "sqlite"
    brand = {"name_zh": "紫阳修脚师", "county": "610924",
             "workforce": [{"on": "2023-06-30", "practitioners": 900, "rural": 800, "rural_signed": 520}]}  # fmt: skip
    asked = {"brand": brand, "measure": "employment_award", "on": "2023-07-01"}
    reply = ledger_server.post("/claims", asked)
    payment = valid(openapi, "/claims", "post", reply)
    assert reply.status == 201
    assert (payment["brand_id"], payment["measure"]) == (
        "610924/紫阳修脚师",
        "employment_award",
    )
    reply = ledger_server.post("/claims", asked)
    valid(openapi, "/claims", "post", reply)
    assert reply.status == 409
    later = ledger_server.post("/decisions?on=2023-08-01", brand).json()
    award = next(d for d in later["decisions"] if d["measure"] == "employment_award")
    assert award["outcome"] == "ineligible"
    reply = ledger_server.post(
        "/claims", {**asked, "measure": "training_subsidy", "brand": {"name_zh": "x"}}
    )
    assert reply.status == 422  # not eligible: nothing recorded
    names = sorted(p.name for p in ledger_server.folder.iterdir())
    assert names[0] == "payments.db"
    assert all(n.startswith("payments.db") for n in names)


# ------------------------------------------------------------ at start
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--allow", "no-such-city"], "--allow no-such-city"),
        (["--block", "no-such-city"], "--block no-such-city"),
        (["--ledger", "mysql://x"], "Expected a ledger URL"),
    ],
)
def test_a_bad_start_exits_2(
    args: list[str], words: str, tmp_path: pathlib.Path
) -> None:
    """An unknown plugin name or a bad ledger stops the command before it listens, exit code 2."""
    result = subprocess.run(
        [sys.executable, "-m", "labourbrand", "serve", "--port", "1", *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert words in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- last
def test_every_endpoint_was_checked_against_its_schema(openapi: dict[str, Any]) -> None:
    """Every endpoint of the document (but the docs page and the document) had a response checked."""
    expected = {
        (path, method)
        for path, methods in openapi["paths"].items()
        for method in methods
        if path not in ("/docs", "/openapi.json", "/schemas/{name}")
    }
    assert expected <= {(p, m) for p, m, _ in CHECKED}


def test_nothing_was_written(server: Server) -> None:
    """Without a ledger the service wrote nothing: its working and temporary folders are empty."""
    assert list(server.folder.iterdir()) == []
    assert list(server.tmp.iterdir()) == []
