"""The JSON Schemas: generated for every interchange type, true to what the converter reads and writes."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import tomllib
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import given
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

import labourbrand as lb
from labourbrand import schema
from labourbrand.cli import main
from labourbrand.exceptions import DataError, InvalidArgumentError
from labourbrand.ledger import Payment
from labourbrand.money import Fen
from labourbrand.plugins import RuleFile, list_plugins
from labourbrand.policy import ExitIndicators, Policy
from labourbrand.rules import Declines, Flat, MinimumCount, PerHead, Ratio, Rule
from labourbrand.serialization import (
    from_dict,
    from_json,
    json_schema,
    to_dict,
    to_json,
)
from labourbrand.simulation import Scenario
from labourbrand.testing import strategies as lbst


ROOT = pathlib.Path(__file__).parent.parent
CASES = ROOT / "tests" / "cases"
ON = pendulum.Date(2026, 3, 1)


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        schema.schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _valid(name: str, data: object) -> None:
    error = best_match(_validator(name).iter_errors(data))
    assert error is None, f"{name}: {error.message} @ {error.json_path}"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.shaanxi(entry_points=False)


@pytest.fixture(scope="module")
def brands() -> list[lb.Brand]:
    data = json.loads((ROOT / "examples" / "brands.json").read_text(encoding="utf-8"))
    return [from_dict(item, lb.Brand) for item in data]


@pytest.mark.parametrize("name", schema.names())
def test_every_type_has_a_valid_draft_2020_12_schema(name: str) -> None:
    """Each interchange type's schema is itself a valid JSON Schema of draft 2020-12."""
    found = schema.schema(name)
    Draft202012Validator.check_schema(found)
    assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.describe(name)


def test_unknown_type_is_refused() -> None:
    """Asking for a type that is not an interchange type names the ones that are."""
    with pytest.raises(InvalidArgumentError, match="Brand, Check"):
        schema.schema("Brnad")


# -------------------------------------------------------------- files
def test_example_brands_validate(brands: list[lb.Brand]) -> None:
    """Every brand of examples/brands.json is valid against the Brand schema."""
    data = json.loads((ROOT / "examples" / "brands.json").read_text(encoding="utf-8"))
    assert len(data) == len(brands)
    for item in data:
        _valid("Brand", item)


def _jsonable(value: Any) -> Any:  # noqa: ANN401 - TOML data
    """TOML data as JSON would carry it: days as ``YYYY-MM-DD`` strings."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "examples" / "scenarios").glob("*.toml")),
    ids=lambda p: p.name,
)
def test_example_scenarios_validate(path: pathlib.Path) -> None:
    """Every example scenario file, read as JSON, is valid against the Scenario schema."""
    _valid("Scenario", _jsonable(tomllib.loads(path.read_text(encoding="utf-8"))))
    Scenario.from_toml(path.read_bytes(), source=str(path), entry_points=False)


def _case_inputs() -> list[tuple[str, str, object]]:
    """The JSON inputs of the policy cases: (case, type, data)."""
    found: list[tuple[str, str, object]] = []
    for path in sorted(CASES.rglob("*.toml")):
        case = tomllib.loads(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(CASES))
        found.extend(
            (f"{where}:{key}", "Brand", case[key])
            for key in ("input", "brand")
            if isinstance(case.get(key), dict)
        )
        found += [
            (f"{where}:brands[{i}]", "Brand", item)
            for i, item in enumerate(case.get("brands", []))
        ]
        facts = case.get("facts")
        if isinstance(facts, dict) and "code" in facts:
            found.append((f"{where}:facts", "CountyFacts", facts))
        for key in ("selection", "paid_selection"):
            if isinstance(case.get(key), dict):
                found.append((f"{where}:{key}", "ShowcaseSelection", case[key]))
    return found


CASE_INPUTS = _case_inputs()


def test_the_cases_have_inputs_of_each_kind() -> None:
    """The case inputs collected cover brands, county facts and showcase selections."""
    kinds = {kind for _, kind, _ in CASE_INPUTS}
    assert kinds == {"Brand", "CountyFacts", "ShowcaseSelection"}
    assert len(CASE_INPUTS) > 30


@pytest.mark.parametrize(
    ("case", "kind", "data"), CASE_INPUTS, ids=[c for c, _, _ in CASE_INPUTS]
)
def test_case_inputs_validate(case: str, kind: str, data: object) -> None:
    """Every JSON input of tests/cases is valid against its type's schema, as the converter reads it."""
    _valid(kind, data)
    from_dict(data, schema.type_of(kind), source=case)


# ------------------------------------------------------- written values
def test_written_values_validate(policy: Policy, brands: list[lb.Brand]) -> None:
    """What to_json writes for decisions, targets, exits, payments, readings and plugins is valid."""
    for brand in brands:
        for decision in policy.evaluate(brand, on=ON):
            _valid("Decision", json.loads(to_json(decision)))
    report = policy.targets(brands, on=ON)
    _valid("TargetsReport", json.loads(to_json(report)))
    _valid("Check", json.loads(to_json(report.checks[0])))
    indicators = ExitIndicators(jobs_before=100, jobs_now=10, as_of=ON)
    _valid("ExitIndicators", to_dict(indicators))
    _valid(
        "ExitAssessment",
        to_dict(policy.exit_assessment(brands[0], on=ON, indicators=indicators)),
    )
    for use in policy.interpretations():
        _valid("InterpretationUse", to_dict(use))
        _valid("Interpretation", to_dict(policy.interpretation(use.interpretation)))
    for info in list_plugins(policy):
        _valid("PluginInfo", json.loads(to_json(info)))
    payment = Payment(
        brand_id="610924/紫阳修脚师", brand="紫阳修脚师", measure="employment_award",
        on=ON, decided_on=ON, amount=Fen(30_000_000), one_time=True,
        decision_id="employment_award-1", policy_version="v",
    )  # fmt: skip
    _valid("Payment", json.loads(to_json(payment)))


@pytest.mark.parametrize(
    "formula",
    [
        Flat(Fen(15_000_000)),
        PerHead(rates=[("rural_signed", Fen(20_000))], cap=Fen(30_000_000)),
        Ratio(Decimal("0.30")),
    ],
    ids=["flat", "per-head", "ratio"],
)
def test_rules_round_trip_and_validate(formula: Flat | PerHead | Ratio) -> None:
    """A rule of each formula goes to JSON, is valid against the Rule schema, and comes back equal."""
    rule = Rule(
        measure="employment_award", jurisdiction="610900", first_day="2022-05-01",
        formula=formula, reference="汉中市人社局", illustrative=True,
        conditions=[
            MinimumCount(count="signed", at_least=600, zh="不少于600人", en="at least 600"),
            Declines(zh="暂不设立", en="not for now"),
        ],
    )  # fmt: skip
    text = to_json(rule)
    _valid("Rule", json.loads(text))
    assert from_json(text, Rule) == rule


def test_a_callable_formula_has_no_json_form() -> None:
    """A rule with a per-brand callable is refused by to_json, naming the callable."""

    def by_category(*_: object) -> None:
        return None

    rule = Rule(
        measure="employment_award", jurisdiction="610900", first_day="2022-05-01",
        formula=by_category, reference="x",
    )  # fmt: skip
    with pytest.raises(InvalidArgumentError, match=r"by_category.*a callable is code"):
        to_json(rule)


@given(brand=lbst.brands())
def test_generated_brands_validate(brand: lb.Brand) -> None:
    """Any brand the library can build is written as JSON its schema accepts."""
    _valid("Brand", json.loads(to_json(brand)))


# -------------------------------------------------- money as integers
def test_money_is_an_integer_of_fen_beside_its_display(
    policy: Policy, brands: list[lb.Brand]
) -> None:
    """A money parameter a decision cites carries its integer of fen beside its display text."""
    decision = policy.employment_award(brands[0], on=ON)
    cap = next(
        p
        for p in to_dict(decision)["parameters"]
        if p["name"] == "employment_award_cap"
    )
    assert cap["amount"] == 30_000_000
    assert cap["value"] == "¥300,000.00"
    threshold = next(
        p
        for p in to_dict(decision)["parameters"]
        if p["name"] == "employment_award_threshold"
    )
    assert threshold["amount"] is None
    assert json_schema(Fen) == {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Fen",
        "type": "integer",
        "minimum": 0,
        "maximum": 10**15,
        "description": "An amount of money in integer fen (分): 100 fen = 1 yuan.",
    }


def test_plugin_rules_carry_their_terms_in_fen() -> None:
    """A plugin's rule listed for people carries its formula as data, money in integer fen."""

    class Hanzhong:
        name = "hanzhong"

        @lb.hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            return [
                Rule(measure="employment_award", jurisdiction="610700",
                     first_day="2022-05-01", formula=Flat(Fen(15_000_000)),
                     reference="汉中市人社局", illustrative=True)
            ]  # fmt: skip

    policy = Policy.shaanxi(plugins=[Hanzhong()], entry_points=False)
    info = next(i for i in list_plugins(policy) if i.name == "hanzhong")
    data = json.loads(to_json(info))
    assert data["rules"][0]["terms"] == {"amount": 15_000_000}
    assert "¥150,000.00" in data["rules"][0]["formula"]
    _valid("PluginInfo", data)


# --------------------------------------------- the schema refuses too
_WORKFORCE = {
    "on": "2023-06-30",
    "practitioners": 900,
    "rural": 700,
    "rural_signed": 520,
}
BAD = [
    ("Brand", {}),  # name_zh missing
    ("Brand", {"name_zh": "x", "colour": "red"}),  # an unknown key
    ("Brand", {"name_zh": " "}),  # blank text
    ("Brand", {"name_zh": "x", "county": "61092"}),  # not a code
    ("Brand", {"name_zh": "x", "county": 610924}),
    ("Brand", {"name_zh": "x", "stage": "pooled"}),  # not a stage
    ("Brand", {"name_zh": "x", "nationally_known": "yes"}),
    ("Brand", {"name_zh": "x", "workforce": {"on": "2023-06-30"}}),
    # Not 5.0: JSON Schema holds 5.0 an integer; only the converter refuses it.
    ("Brand", {"name_zh": "x", "workforce": [{**_WORKFORCE, "rural_signed": 5.5}]}),
    ("Brand", {"name_zh": "x", "workforce": [{**_WORKFORCE, "rural_signed": True}]}),
    ("Brand", {"name_zh": "x", "workforce": [{**_WORKFORCE, "rural_signed": "5"}]}),
    ("Brand", {"name_zh": "x", "workforce": [{**_WORKFORCE, "rural_signed": -1}]}),
    ("Brand", {"name_zh": "x", "workforce": [{**_WORKFORCE, "on": "2023-02-30"}]}),
    ("Brand", {"name_zh": "x", "workforce": [{**_WORKFORCE, "on": "30/06/2023"}]}),
    ("Brand", {"name_zh": "x", "workforce": [{"on": "2023-06-30"}]}),
    ("Brand", {"name_zh": "x", "recognitions": [{"level": "global"}]}),
    ("Brand", []),
    ("Decision", {"measure": "employment_award"}),
    ("Payment", {
        "brand_id": "b", "brand": "b", "measure": "m", "decided_on": "2023-01-01",
        "on": "2023-01-01", "amount": 1.5, "one_time": True, "decision_id": "d",
        "policy_version": "v",
    }),
    ("Payment", {
        "brand_id": "b", "brand": "b", "measure": "m", "decided_on": "2023-01-01",
        "on": "2023-01-01", "amount": -100, "one_time": True, "decision_id": "d",
        "policy_version": "v",
    }),
    ("Rule", {"measure": "employment_award", "jurisdiction": "610900",
              "first_day": "2022-05-01", "formula": {"amount": 1.5}, "reference": "x"}),
    ("Rule", {"measure": "employment_award", "jurisdiction": "610900",
              "first_day": "2022-05-01", "formula": {"yuan": 1}, "reference": "x"}),
    ("ShowcaseSelection", {"level": "national", "selected_by": "mohrss", "event": "e"}),
    ("CountyFacts", {"code": "610924", "training_projects": -1, "studios": 0, "as_of": "2024-06-30"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data"), BAD, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BAD)]
)
def test_the_schema_refuses_what_the_converter_refuses(name: str, data: object) -> None:
    """A sample of bad inputs: from_dict refuses each one, and so does its type's schema."""
    with pytest.raises(DataError):
        from_dict(data, schema.type_of(name))
    assert not _validator(name).is_valid(data)


# ---------------------------------------------------------------- command
def test_schema_command_lists_the_types(capsys: pytest.CaptureFixture[str]) -> None:
    """``labourbrand schema`` lists every type with what it is; --format json the names."""
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    for name in schema.names():
        assert f"  {name} " in out
    assert main(["schema", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == list(schema.names())


def test_schema_command_prints_one_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """``labourbrand schema Brand`` prints the Brand schema as JSON; an unknown type exits 2."""
    assert main(["schema", "Brand"]) == 0
    assert json.loads(capsys.readouterr().out) == schema.schema("Brand")
    assert main(["schema", "Brnad"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Expected one of AuditRecord" in captured.err


# ---------------------------------------------------------------- rule files
def _rule_files_of_the_project(tmp_path: pathlib.Path) -> list[pathlib.Path]:
    """The example rule files, and the one ``labourbrand plugin new`` writes."""
    output = tmp_path / "hanzhong-labourbrand"
    assert (
        main(["plugin", "new", "hanzhong", "--city", "610700", "--output", str(output)])
        == 0
    )
    found = [
        p
        for p in sorted((ROOT / "examples").rglob("*.toml"))
        + sorted(output.rglob("*.toml"))
        if "rules" in tomllib.loads(p.read_text(encoding="utf-8"))
    ]
    assert len(found) >= 2  # the example city and the scaffold's
    return found


def test_example_and_scaffolded_rule_files_validate(tmp_path: pathlib.Path) -> None:
    """Every rule file the project ships or writes is valid against the RuleFile schema, and read."""
    for path in _rule_files_of_the_project(tmp_path):
        _valid("RuleFile", _jsonable(tomllib.loads(path.read_text(encoding="utf-8"))))
        RuleFile.read(path)


_RULE = 'measure = "employment_award"\nfirst_day = 2023-01-01\nreference = "r"\n'


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            '[plugin]\ncity = "610700"\n[[rules]]\n'
            + _RULE
            + "flat_yuan = 1\ncolour = 1\n",
            "colour",
        ),
        (
            '[plugin]\ncity = "610700"\n[[rules]]\n'
            + _RULE
            + 'flat_yuan = 1\nratio = "0.3"\n',
            "ratio",
        ),
        (
            '[plugin]\ncity = "610700"\n[[rules]]\n'
            + _RULE
            + "flat_yuan = 1\ncap_yuan = 5\n",
            "cap_yuan",
        ),
        (
            '[plugin]\ncity = "610700"\n[[rules]]\n' + _RULE + "flat_yuan = 1.5\n",
            "flat_yuan",
        ),
        (
            '[plugin]\ncity = "610700"\n[[rules]]\n' + _RULE + 'flat_yuan = "1.234"\n',
            "flat_yuan",
        ),
        ("[[rules]]\n" + _RULE + "flat_yuan = 1\n", "jurisdiction"),
        (
            '[plugin]\ncity = "610700"\nperiod = {last_day = 2024-01-01}\n[[rules]]\n'
            + _RULE
            + "flat_yuan = 1\n",
            "first_day",
        ),
        (
            '[plugin]\ncity = "610700"\n[[rules]]\n' + _RULE + "flat_yuan = 1\n"
            '[[rules.conditions]]\nkind = "minimum_count"\ncount = "rural"\nat_least = -1\nzh = "z"\nen = "e"\n',
            "at_least",
        ),
        (
            '[plugin]\ncity = "610700"\n[[rules]]\n'
            + _RULE
            + 'per_head_yuan = {workers = "300"}\n',
            "workers",
        ),
        ('[plugin]\ncity = "610700"\nrules = []\n', "rules"),
    ],
)
def test_the_rule_file_schema_refuses_what_the_reader_refuses(
    text: str, field: str
) -> None:
    """A file the reader refuses, naming the key, the schema refuses too."""
    with pytest.raises(DataError, match=field):
        RuleFile.from_text(text, name="hanzhong")
    data = _jsonable(tomllib.loads(text))
    assert best_match(_validator("RuleFile").iter_errors(data)) is not None
