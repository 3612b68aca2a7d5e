"""The public face as a whole: every public module imports alone, every public type round-trips.

The public modules are found on disk (no part of the path starts with ``_``);
the public types are the attrs classes their ``__all__`` export. A new public
module is imported in a fresh interpreter, and a new public type needs an
example here (or a reason it is not data) or the tests fail.
"""

from __future__ import annotations

import functools
import importlib
import os
import pathlib
import subprocess
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, cast

import attrs
import pendulum
import pytest

import labourbrand as lb
from labourbrand import lifecycle
from labourbrand.exceptions import InvalidArgumentError, LabourBrandError
from labourbrand.serialization import from_json, to_json


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


PACKAGE: Final = pathlib.Path(lb.__file__).parent
D = pendulum.Date


def _public_modules() -> list[str]:
    """Every module of the package whose dotted path has no private part."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] == "__main__" or any(p.startswith("_") for p in parts):
            continue
        found.append(".".join(parts))
    return found


PUBLIC_MODULES: Final = _public_modules()


def test_the_module_finder_sees_the_public_face() -> None:
    """The public modules found include the package, nested ones, and no private one."""
    assert {
        "labourbrand",
        "labourbrand.dates",
        "labourbrand.testing.strategies",
        "labourbrand.policy.parameters",
        "labourbrand.cli.evaluate",
    } <= set(PUBLIC_MODULES)
    assert not [m for m in PUBLIC_MODULES if "._" in m]


# -------------------------------------------------------------- fresh imports


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    """Run *code* in a new interpreter, warnings as errors, this checkout first."""
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_each_public_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """``from parent import module`` then ``import module`` work alone, before anything else is loaded."""
    parent, _, leaf = module.rpartition(".")
    first = f"from {parent} import {leaf}" if parent else f"import {module}"
    code = (
        f"{first}\n"
        f"import {module}\n"
        f"import sys\n"
        f"assert sys.modules[{module!r}] is {module}\n"
        f"print({module}.__name__)\n"
    )
    done = _fresh(code)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout == f"{module}\n"


def test_a_broken_import_is_seen() -> None:
    """The fresh-interpreter check fails for a module that does not exist (it is not blind)."""
    done = _fresh("from labourbrand.testing import nothing_here")
    assert done.returncode != 0
    assert "nothing_here" in done.stderr


# ------------------------------------------------------------------- examples


class _CityRules:
    """A city plugin with a flat and a per-head rule, and one condition of its own."""

    name = "ankang-example"

    @lb.hookimpl
    def labourbrand_rules(self) -> list[lb.policy.Rule]:
        from labourbrand.policy import Flat, PerHead, Rule
        from labourbrand.rules import MinimumCount

        return [
            Rule(
                measure="employment_award",
                jurisdiction="610900",
                first_day=D(2022, 5, 1),
                formula=Flat(lb.Fen.from_yuan(100_000)),
                reference="illustrative",
                illustrative=True,
                conditions=[
                    MinimumCount(
                        count="signed",
                        at_least=500,
                        zh="签订协议的从业人员不少于500人",
                        en="at least 500 practitioners with signed agreements",
                    )
                ],
            ),
            Rule(
                measure="transport_subsidy",
                jurisdiction="610900",
                first_day=D(2022, 5, 1),
                formula=PerHead(
                    rates=[("poverty_alleviated", lb.Fen.from_yuan(300))],
                    cap=lb.Fen.from_yuan(50_000),
                ),
                reference="illustrative",
                illustrative=True,
            ),
        ]


def _walk(value: object) -> Iterator[object]:
    """*value* and every attrs value inside it, depth first."""
    yield value
    if attrs.has(type(value)):
        for field in attrs.fields(cast("Any", type(value))):
            yield from _walk(getattr(value, field.name))
    elif isinstance(value, tuple | list | frozenset):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict) or type(value).__name__ == "mappingproxy":
        for item in value.values():  # type: ignore[attr-defined]
            yield from _walk(item)


@functools.cache
def _rule_file() -> object:
    """A city's rules stated in a file (a plugin object with no code)."""
    from labourbrand.plugins import RuleFile

    return RuleFile.from_text(
        """
[plugin]
city = "610700"
period = { first_day = 2023-01-01, last_day = 2025-12-31 }
[[rules]]
measure = "employment_award"
first_day = 2023-01-01
flat_yuan = "150000"
reference = "illustrative: no published amount"
illustrative = true
""",
        name="hanzhong",
    )


def _service_options() -> list[object]:
    """The options of a server (extra ``serve``), as its workers read them from the environment."""
    from labourbrand.service import Limits, ServeConfig

    return [
        Limits(max_body=4096, max_depth=8),
        ServeConfig(entry_points=False, allow=("ankang",), strict=True),
    ]


def _examples() -> dict[type, list[object]]:
    """One or more example values of every public attrs type, from the library's own answers."""
    import numpy as np

    from labourbrand.brands import ReportedFigure
    from labourbrand.dates import FYP14
    from labourbrand.ledger import Ledger
    from labourbrand.plugins import PluginFailure, list_plugins
    from labourbrand.policy import (
        CountyFacts,
        ExitIndicators,
        FallFound,
        Note,
        Ratio,
        ReplayFinding,
        ReplayReport,
        ShowcaseSelection,
        Supplier,
        Wording,
        coverage,
    )
    from labourbrand.policy.clauses import clauses
    from labourbrand.policy.parameters import UNQUANTIFIED, DatedValue
    from labourbrand.rules import Declines, Linear
    from labourbrand.simulation import (
        Assumptions,
        ResultsMetadata,
        Scenario,
        TargetSpec,
        run,
    )
    from labourbrand.testing.conformance import ConformanceReport, Failure

    policy = lb.Policy.shaanxi(plugins=[_CityRules()], entry_points=False)
    day = D(2023, 7, 1)
    brand = lb.Brand(
        name_zh="紫阳修脚师",
        county="610924",
        maturity=lb.Maturity.ESTABLISHED,
        category=lb.Category.SERVICE,
        creating_unit=lb.CreatingUnit(
            name="紫阳县修脚行业协会", kind=lb.CreatingUnitKind.INDUSTRY_ASSOCIATION
        ),
        recognitions=[
            lb.Recognition(level=lb.RecognitionLevel.CITY, year=2022),
            lb.Recognition(
                level=lb.RecognitionLevel.PROVINCIAL, on_or_before=D(2025, 12, 6)
            ),
        ],
        workforce=[
            lb.WorkforceObservation(
                on=D(2023, 6, 30),
                practitioners=900,
                rural=800,
                rural_signed=520,
                signed=600,
                poverty_alleviated=30,
            )
        ],
    )
    brand = lifecycle.transition(brand, lb.Event.ESTABLISH, on=D(2023, 1, 1))
    selection = ShowcaseSelection(
        level=lb.RecognitionLevel.PROVINCIAL,
        selected_by=lb.Authority.PROVINCIAL_HRSS,
        event="陕西省劳务品牌展示交流活动",
        on=D(2023, 6, 1),
    )
    decisions = [
        *policy.evaluate(brand, on=day),
        policy.showcase_award(brand, on=day, selection=selection),
    ]
    award = decisions[0]
    ledger = Ledger().record(award)
    exit_assessment = policy.exit_assessment(
        brand, ExitIndicators(jobs_before=800, jobs_now=300, as_of=day), on=day
    )
    results = run(Scenario("short", horizon=D(2023, 6, 30)), runs=2, seed=1)
    regions = lb.regions.shaanxi()
    document = policy.document
    roots: list[object] = [
        brand,
        *decisions,
        ledger,
        exit_assessment,
        policy.targets([brand], on=day),
        *policy.county_obligations(CountyFacts(code="610924", as_of=day), on=day),
        selection,
        # A document declared as data: no loaders, no lifecycle of its own.
        attrs.evolve(
            document, clauses_loader=None, parameters_loader=None, lifecycle=()
        ),
        *(t for t in lifecycle.TRANSITIONS if t.guard is None),
        *policy.parameters.values(),
        DatedValue(first_day=D(2022, 4, 29), value=UNQUANTIFIED, reference="一批"),
        DatedValue(first_day=D(2026, 1, 1), ended=True, reference="illustrative"),
        *policy.rules,
        Ratio(Decimal("0.30")),
        Declines(zh="本市暂不设立", en="the city does not give it for now"),
        Linear(flat=100, rates=(("trained", 50),), cap=1_000),
        *list_plugins(policy),
        PluginFailure(
            name="broken", distribution="x", version="1", stage="rules", reason="r"
        ),
        policy.clause("4.2"),
        clauses().bodies()[0],
        coverage()[0],
        regions["610924"],
        regions.zones()[0],
        regions.designation_records()[0],
        ReportedFigure(as_of="2024-06", metric="brands", value=98, source="x"),
        FYP14,
        FallFound(
            fall=Decimal("0.62"),
            ratio=Decimal("0.30"),
            supplier=Supplier(
                plugin="x",
                version=None,
                jurisdiction="610900",
                supplied="ratio",
                reference="x",
            ),
        ),
        ReplayReport(
            policy_version=policy.version,
            checked=1,
            findings=(
                ReplayFinding(
                    payment=ledger.payments[0], decision=None, reason="no inputs"
                ),
            ),
        ),
        Assumptions(growth_mean=0.02, maturity_shares=(0.2, 0.5, 0.3)),
        Scenario(
            "reform",
            parameters={
                "employment_award_threshold": 300,
                "employment_award_cap": lb.Fen.from_yuan(500_000),
                "target_provincial": UNQUANTIFIED,
                "target_deadline": D(2026, 12, 31),
            },
            parameters_from="2024-01-01",
            assumptions={"growth_mean": 0.02},
            interpretations={"worker_subsidy_groups": "named_only"},
            brands=[brand],
            allow=["ankang"],
            block=["broken"],
            strict=True,
            horizon="2024-12-31",
        ),
        TargetSpec(
            name="target_brands_total",
            parameter="target_brands_total",
            clause="2",
            required=100,
            quantified=True,
            in_force=True,
        ),
        *results.targets,
        ResultsMetadata.of(results, files=["money.csv"]),
        ConformanceReport(
            plugin="ankang-example", checks=("registers",), rules=2, examples=50
        ),
        Failure(hook="labourbrand_rules", invariant="i", input="x", detail="d"),
        lb.Fen(0),
        CountyFacts(code="610924", training_projects=2, as_of=day),
        Note(
            fact="category",
            known=Wording("品牌类别:{detail}。", "Category: {detail}."),
            unknown=Wording("品牌类别未知。", "The category is unknown."),
        ),
        *policy.evaluate_batch(
            {"county": np.array(["610924", "610902"]), "signed": np.array([600, 10])},
            on=day,
        ).suppliers,
        *_service_options(),
        _rule_file(),
    ]
    examples: dict[type, list[object]] = {}
    for root in roots:
        for value in _walk(root):
            if attrs.has(type(value)) and value not in examples.setdefault(
                type(value), []
            ):
                examples[type(value)].append(value)
    return examples


#: Public attrs types that are not data, with why: their round trip is elsewhere.
NOT_DATA: Final = {
    "Results": "arrays of runs: saved as tables by simulation.save, with a ResultsMetadata",
    "Comparison": "the Results of several scenarios",
    "Sensitivity": "a design's arrays and indices: rows() and to_pandas() give its tidy table",
    "BatchResult": "numpy columns: BatchResult.to_dict, then your own tables",
    "MeasureResult": "numpy columns of one measure",
    "CheckResult": "numpy columns of one check",
    "RegionRegistry": "a registry read from the packaged files; its Region, Zone and DesignationRecord round-trip",
    "ClauseRegistry": "a registry read from the packaged clauses; its Clause and Body round-trip",
    "ParameterSnapshot": "a view of a ParameterSet on one day; its Parameters round-trip",
    "Problem": "a finding of plugin validation that holds the plugin's own value and exception",
    "HookCall": "a record of a hook call in a plugin's tests: the call's own objects and exception",
    "Service": "the running HTTP application over one policy; its answers are the types above",
}


def _public_types() -> dict[str, type[Any]]:
    found: dict[str, type[Any]] = {}
    for module in PUBLIC_MODULES:
        if module.startswith("labourbrand.cli"):
            continue  # the command: no types of its own
        loaded = importlib.import_module(module)
        for name in getattr(loaded, "__all__", ()):
            obj = getattr(loaded, name)
            if isinstance(obj, type) and attrs.has(obj):
                found[obj.__name__] = obj
    return found


def test_every_public_type_has_an_example_or_is_not_data() -> None:
    """A public attrs type with no example and no reason here fails: its round trip is untested."""
    public = _public_types()
    covered = {cls.__name__ for cls in _examples()}
    assert sorted(set(public) - covered - set(NOT_DATA)) == []
    assert sorted(set(NOT_DATA) - set(public)) == []
    assert not set(NOT_DATA) & covered


@pytest.mark.parametrize("name", sorted(set(_public_types()) - set(NOT_DATA)))
def test_every_public_type_round_trips_through_json(name: str) -> None:
    """to_json then from_json gives back an equal value, for every example of the type, compact or indented."""
    cls = _public_types()[name]
    for value in _examples()[cls]:
        text = to_json(value)
        compares: object = cls.__eq__
        if compares is object.__eq__:
            # A plugin object (RuleFile) is compared by identity, as pluggy
            # registers it: what it reads back must write the same JSON.
            assert to_json(from_json(text, cls)) == text
            continue
        assert from_json(text, cls) == value, text
        assert from_json(to_json(value, indent=2), cls) == value


@pytest.mark.parametrize("name", sorted(NOT_DATA))
def test_what_is_not_data_is_refused_or_read_back_cleanly(name: str) -> None:
    """A type that is not data never escapes the error contract: written, it is refused or read with a clean error."""
    cls = _public_types()[name]
    value = _not_data_example(cls)
    try:
        text = to_json(value)
    except InvalidArgumentError:
        return
    with pytest.raises(LabourBrandError):
        from_json(text, cls)


def _service(policy: lb.Policy) -> object:
    from labourbrand.service import Service

    return Service(policy=policy)


def _not_data_example(cls: type) -> object:
    import numpy as np

    from labourbrand.plugins.validation import Problem
    from labourbrand.policy import Policy
    from labourbrand.policy.clauses import clauses
    from labourbrand.simulation import Scenario, compare, sensitivity_of
    from labourbrand.testing.pytest_plugin import HookCall

    policy = Policy.shaanxi(entry_points=False)
    makers: dict[str, Callable[[], object]] = {
        "Results": lambda: compare(Scenario("a"), runs=2, seed=1)["a"],
        "Comparison": lambda: compare(Scenario("a"), runs=2, seed=1),
        "Sensitivity": lambda: sensitivity_of(
            lambda p: p["a"], {"a": (0, 1), "b": (0, 1)}, samples=2
        ),
        "BatchResult": lambda: policy.evaluate_batch(
            {"county": np.array(["610924"])}, on="2023-07-01"
        ),
        "MeasureResult": lambda: policy.evaluate_batch(
            {"county": np.array(["610924"])}, on="2023-07-01"
        )["employment_award"],
        "CheckResult": lambda: policy.check_batch(
            "training_projects_per_county",
            {"county": np.array(["610924"]), "training_projects": np.array([1])},
            on="2023-07-01",
        ),
        "RegionRegistry": lb.regions.shaanxi,
        "Service": lambda: _service(policy),
        "ClauseRegistry": clauses,
        "ParameterSnapshot": lambda: policy.parameters.at("2023-07-01"),
        "HookCall": lambda: HookCall(
            hook="labourbrand_rules", plugin="x", kwargs={}, result=object()
        ),
        "Problem": lambda: Problem(
            code="raised",
            plugin="x",
            hook="labourbrand_rules",
            jurisdiction=None,
            detail="d",
            value=object(),
            cause=ValueError("bad"),
        ),
    }
    return makers[cls.__name__]()


# ------------------------------------------------------------- what is code


def test_code_is_refused_when_written() -> None:
    """A per-brand formula, a guard or a loader is code: writing it is an InvalidArgumentError naming the callable."""
    from labourbrand.policy import Rule

    def by_category(_brand: object, _observation: object, _on: object) -> lb.Fen:
        return lb.Fen(1)

    rule = Rule(
        measure="employment_award",
        jurisdiction="610900",
        first_day=D(2022, 5, 1),
        formula=by_category,
        reference="illustrative",
    )
    guarded = next(t for t in lifecycle.TRANSITIONS if t.guard is not None)
    for value in (rule, guarded, lb.Policy.shaanxi(entry_points=False).document):
        with pytest.raises(InvalidArgumentError, match="a callable is code"):
            to_json(value)


def test_a_scenario_with_plugin_objects_is_refused_when_written() -> None:
    """Plugin objects are code of the application's own: a scenario holding them is not written."""
    from labourbrand.simulation import Scenario

    with pytest.raises(InvalidArgumentError, match="JSON can hold"):
        to_json(Scenario("x", plugins=[_CityRules()]))
    with pytest.raises(InvalidArgumentError, match="JSON can hold"):
        to_json(Scenario("x", regions=lb.regions.shaanxi()))


def test_an_amount_among_ints_is_tagged() -> None:
    """Where a value may be an int or an amount, the amount is written {"fen": n}: both read back."""
    from labourbrand.policy.parameters import DatedValue

    for value, json_value in ((lb.Fen(5), '{"fen":5}'), (5, "5")):
        entry = DatedValue(first_day=D(2022, 4, 29), value=value, reference="x")
        text = to_json(entry)
        assert f'"value":{json_value}' in text
        read = from_json(text, DatedValue)
        assert read == entry
        assert type(read.value) is type(value)


# ----------------------------------------------------------- the scenario file


def test_a_scenario_file_reads_back_the_scenario() -> None:
    """Scenario.to_toml writes the file that Scenario.from_toml reads back equal."""
    from labourbrand.policy.parameters import UNQUANTIFIED
    from labourbrand.simulation import Scenario

    scenario = Scenario(
        "reform, “陕西”",
        parameters={
            "employment_award_threshold": 300,
            "employment_award_cap": lb.Fen.from_yuan(500_000),
            "target_provincial": UNQUANTIFIED,
            "target_deadline": D(2026, 12, 31),
        },
        parameters_from="2024-01-01",
        assumptions={"growth_mean": 0.02, "maturity_shares": (0.2, 0.5, 0.3)},
        interpretations={"worker_subsidy_groups": "named_only"},
        start="2023-01-01",
        horizon="2025-06-30",
    )
    text = scenario.to_toml()
    assert Scenario.from_toml(text, entry_points=False) == scenario
    assert from_json(to_json(scenario), Scenario) == scenario
    assert Scenario.from_toml(Scenario("plain").to_toml(), entry_points=False) == (
        Scenario("plain")
    )
    policy = scenario.policy()
    assert policy.parameters["target_provincial"].values[-1].value is UNQUANTIFIED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"plugins": [_CityRules()]}, "plugins"),
        ({"brands": []}, "brands"),
        ({"regions": "registry"}, "regions"),
        ({"strict": True}, "strict"),
        ({"parameters": {"employment_award_threshold": [1, {}]}}, "parameters"),
    ],
)
def test_a_scenario_file_holds_only_what_it_can(
    changes: dict[str, Any], field: str
) -> None:
    """What a scenario file cannot hold is refused, naming it, rather than dropped."""
    from labourbrand.simulation import Scenario

    if field == "regions":
        changes = {"regions": lb.regions.shaanxi()}
    scenario = Scenario("x", **changes)
    with pytest.raises(InvalidArgumentError) as info:
        scenario.to_toml()
    assert (info.value.field or "").startswith(field)
