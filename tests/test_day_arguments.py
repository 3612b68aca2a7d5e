"""One input-day policy for the whole public API (:func:`labourbrand.dates.as_date`).

Every public function, method and constructor that takes a day accepts a
``pendulum.Date``, a ``datetime.date`` and an ISO string ``"YYYY-MM-DD"``, and
gives the same answer for each; it refuses a datetime (with the reason) and
anything else with an ``InvalidArgumentError`` naming the argument.
:data:`ENTRY_POINTS` calls each of them; :func:`test_every_day_argument_is_called`
finds them by their signatures, so that a new one without a case fails.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import typing
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import pendulum
import pytest

import labourbrand as lb
from labourbrand import lifecycle
from labourbrand.dates import FYP14, PlanPeriod
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.ledger import Ledger, MemoryLedger, SQLiteLedger
from labourbrand.lifecycle import Event
from labourbrand.plugins import RuleInfo, list_plugins
from labourbrand.policy import (
    BatchResult,
    CheckResult,
    CountyFacts,
    Decision,
    ExitIndicators,
    Flat,
    Outcome,
    Policy,
    PolicyDay,
    Rule,
    ShowcaseSelection,
    county_brand_counts,
    evaluate_batch,
    evaluate_checks_batch,
    targets_batch,
)
from labourbrand.policy.parameters import DatedValue, ParameterSnapshot
from labourbrand.simulation import Results, ResultsMetadata, Scenario, run
from labourbrand.simulation import plots as sim_plots
from labourbrand.testing import check_plugin


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


D = pendulum.Date
DAY: Final = D(2023, 7, 1)
#: The same day in each accepted form.
ACCEPTED: Final[tuple[object, ...]] = (DAY, dt.date(2023, 7, 1), "2023-07-01")
#: What is no day: instants, malformed or impossible strings, other types.
REFUSED: Final[tuple[object, ...]] = (
    dt.datetime(2023, 7, 1, 9, tzinfo=dt.UTC),
    dt.datetime(2023, 7, 1),  # noqa: DTZ001 - a naive datetime is refused too
    pendulum.datetime(2023, 7, 1, tz="Asia/Shanghai"),
    "2023-7-1",
    "2023-02-30",
    "2023-07-01T00:00:00",
    "",
    b"2023-07-01",
    20230701,
    True,
    2023.5,
    [2023, 7, 1],
    {"year": 2023},
)
#: Public modules whose day-taking callables the cases below cover.
MODULES: Final = (
    "labourbrand",
    "labourbrand.brands",
    "labourbrand.dates",
    "labourbrand.ledger",
    "labourbrand.lifecycle",
    "labourbrand.plugins",
    "labourbrand.policy",
    "labourbrand.policy.clauses",
    "labourbrand.policy.parameters",
    "labourbrand.rules",
    "labourbrand.simulation",
    "labourbrand.simulation.plots",
    "labourbrand.testing",
    "labourbrand.testing.strategies",
)
#: Day arguments tested elsewhere, with where.
ELSEWHERE: Final = {
    "as_date:value": "tests/test_dates.py: the policy itself",
    "dates:min_value": "tests/testing/test_strategies.py (Hypothesis' InvalidArgument)",
    "dates:max_value": "tests/testing/test_strategies.py (Hypothesis' InvalidArgument)",
    "PostgresLedger.paid:on": "tests/ledger/test_stores.py (needs a server)",
    "PostgresLedger.paid:since": "tests/ledger/test_stores.py (needs a server)",
    "PostgresLedger.paid_ids:on": "tests/ledger/test_stores.py (needs a server)",
    "Plausible(minimum)": "a bound in its parameter's unit (int, Fen or day), read from the parameter file: tests/policy/test_parameters.py",
    "Plausible(maximum)": "a bound in its parameter's unit (int, Fen or day), read from the parameter file: tests/policy/test_parameters.py",
}

POLICY: Final = Policy.shaanxi(entry_points=False)
THRESHOLD: Final = POLICY.parameters["employment_award_threshold"]


def _brand() -> lb.Brand:
    """A brand cultivated from 2023-01-01, 520 signed workers observed on 2023-06-30."""
    brand = lb.Brand(
        name_zh="紫阳修脚师",
        county="610924",
        maturity=lb.Maturity.ESTABLISHED,
        creating_unit=lb.CreatingUnit(name="紫阳县修脚行业协会"),
        recognitions=[lb.Recognition(level=lb.RecognitionLevel.CITY, year=2022)],
        workforce=[
            lb.WorkforceObservation(
                on=D(2023, 6, 30),
                practitioners=900,
                rural=800,
                rural_signed=520,
                signed=520,
                poverty_alleviated=30,
                rural_low_income=10,
            )
        ],
    )
    return lifecycle.transition(brand, Event.ESTABLISH, on=D(2023, 1, 1))


BRAND: Final = _brand()
AWARD: Final = POLICY.employment_award(BRAND, on=DAY)
SELECTION: Final = ShowcaseSelection(
    level=lb.RecognitionLevel.PROVINCIAL,
    selected_by=lb.Authority.PROVINCIAL_HRSS,
    event="陕西省劳务品牌展示交流活动",
    on=D(2023, 6, 1),
)
COLUMNS: Final = {
    "county": np.array(["610924", "610727"]),
    "signed": np.array([520, 80]),
    "poverty_alleviated": np.array([12, 0]),
    "rural_low_income": np.array([3, 0]),
}
TARGET_COLUMNS: Final = {
    "county": np.array(["610924", "610727"]),
    "category": np.array(["skilled", ""]),
    "stage": np.array(["in_pool", "cultivating"]),
    "held_national": np.zeros(2, bool),
    "held_provincial": np.zeros(2, bool),
    "held_city": np.array([True, False]),
    "held_county": np.zeros(2, bool),
}
CHECK_COLUMNS: Final = {
    "county": np.array(["610924", "610727"]),
    "training_projects": np.array([1, -1]),
}


def _payment_of(on: Any) -> lb.policy.Payment:  # noqa: ANN401 - any form
    return lb.policy.Payment.of(AWARD, on=on)


def _claimed(on: Any) -> object:  # noqa: ANN401 - any form
    """Claim the award in a fresh store, paid on *on*."""
    return POLICY.claim(AWARD, BRAND, MemoryLedger(), on=on)


def _paid_ledger() -> Ledger:
    return Ledger().record(AWARD)


def _sqlite_paid(tmp: Any, call: Callable[[SQLiteLedger], object]) -> object:  # noqa: ANN401
    with SQLiteLedger(tmp) as store:
        if not store.entries():
            store.claim(_payment_of(None))
        return call(store)


_RESULTS: dict[str, Results] = {}


def _results() -> Results:
    """Two short runs, made once."""
    if not _RESULTS:
        scenario = Scenario("short", horizon=D(2023, 12, 31))
        _RESULTS["short"] = run(scenario, runs=2, seed=1)
    return _RESULTS["short"]


def _figure_months(month: Any) -> object:  # noqa: ANN401 - any form
    import matplotlib.pyplot as plt

    figure = sim_plots.empty_counties(_results(), month=month)
    try:
        return [text.get_text() for text in figure.axes[0].texts] + [
            figure.axes[0].get_title()
        ]
    finally:
        plt.close(figure)


def _same(result: object) -> object:
    """What is compared between the forms: the result, or its arrays as lists."""
    if isinstance(result, BatchResult):
        return {k: v.tolist() for k, v in result.to_dict().items()}
    if isinstance(result, CheckResult):
        return (result.check, result.on, result.status.tolist(), result.value.tolist())
    if isinstance(result, Results):
        return (result.scenario, result.deadline, result.days)
    if isinstance(result, PolicyDay):
        return (result.on, result.version)
    return result


class Case(typing.NamedTuple):
    """A day argument, and how to call its owner with a day."""

    #: ``Owner.method:argument``, ``function:argument`` or ``Class(argument)``.
    label: str
    #: Called with each form; ``Any``, as callers without mypy pass anything.
    call: Callable[[Any], object]
    #: Whether ``None`` is accepted (the argument has a default of ``None``).
    optional: bool = False


def _evolve(example: Any, field: str) -> Callable[[Any], object]:  # noqa: ANN401 - any attrs value
    return lambda day: attrs.evolve(example, **{field: day})


class _CityRules:
    """A city plugin with one rule, for the conformance kit."""

    name = "ankang-test"

    @lb.hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure="employment_award",
                jurisdiction="610900",
                first_day=D(2022, 5, 1),
                formula=Flat(lb.Fen.from_yuan(100_000)),
                reference="illustrative",
                illustrative=True,
            )
        ]


ENTRY_POINTS: Final[list[Case]] = [
    # ---------------------------------------------------------- value types
    Case(
        "WorkforceObservation(on)",
        _evolve(BRAND.workforce[0], "on"),
    ),
    Case(
        "Recognition(on)",
        lambda d: lb.Recognition(level=lb.RecognitionLevel.CITY, on=d),
        optional=True,
    ),
    Case(
        "Recognition(on_or_before)",
        lambda d: lb.Recognition(level=lb.RecognitionLevel.CITY, on_or_before=d),
        optional=True,
    ),
    Case("AuditRecord(on)", _evolve(BRAND.history[0], "on")),
    Case("Decision(on)", _evolve(AWARD, "on")),
    Case("ParameterUse(first_day)", _evolve(AWARD.parameters[0], "first_day")),
    Case("ShowcaseSelection(on)", _evolve(SELECTION, "on")),
    Case(
        "Payment(decided_on)",
        lambda d: attrs.evolve(_payment_of(D(2023, 7, 1)), decided_on=d),
    ),
    Case("Payment(on)", lambda d: attrs.evolve(_payment_of(D(2023, 7, 1)), on=d)),
    Case("PlanPeriod(first_day)", _evolve(FYP14, "first_day")),
    Case("PlanPeriod(last_day)", _evolve(FYP14, "last_day")),
    Case(
        "Rule(first_day)",
        lambda d: Rule(
            measure="employment_award",
            jurisdiction="610900",
            first_day=d,
            formula=Flat(lb.Fen.from_yuan(100_000)),
            reference="illustrative",
        ),
    ),
    Case(
        "Rule(last_day)",
        lambda d: Rule(
            measure="employment_award",
            jurisdiction="610900",
            first_day=D(2022, 5, 1),
            last_day=d,
            formula=Flat(lb.Fen.from_yuan(100_000)),
            reference="illustrative",
        ),
        optional=True,
    ),
    Case(
        "RuleInfo(first_day)",
        lambda d: RuleInfo(
            measure="employment_award",
            measure_zh="一次性奖补",
            clause="shaanxi-2022-13:4.2",
            jurisdiction="610900",
            jurisdiction_zh="安康市",
            first_day=d,
            last_day=None,
            formula="flat ¥100,000.00",
            formula_zh="定额100,000.00元",
            reference="illustrative",
            illustrative=True,
            in_force=None,
        ),
    ),
    Case(
        "RuleInfo(last_day)",
        lambda d: RuleInfo(
            measure="employment_award",
            measure_zh="一次性奖补",
            clause="shaanxi-2022-13:4.2",
            jurisdiction="610900",
            jurisdiction_zh="安康市",
            first_day=D(2022, 5, 1),
            last_day=d,
            formula="flat ¥100,000.00",
            formula_zh="定额100,000.00元",
            reference="illustrative",
            illustrative=True,
            in_force=None,
        ),
        optional=True,
    ),
    Case(
        "DatedValue(first_day)",
        lambda d: DatedValue(first_day=d, value=500, reference="陕人社发〔2022〕13号"),
    ),
    Case("ParameterSnapshot(on)", lambda d: ParameterSnapshot(d, POLICY.parameters)),
    Case("PolicyDocument(issued)", _evolve(POLICY.document, "issued")),
    Case(
        "PolicyDocument(last_day)", _evolve(POLICY.document, "last_day"), optional=True
    ),
    Case("Document(issued)", _evolve(POLICY.clause("4.2").document, "issued")),
    Case("CountyFacts(as_of)", lambda d: CountyFacts(code="610924", as_of=d)),
    Case("ExitIndicators(as_of)", lambda d: ExitIndicators(as_of=d)),
    Case(
        "ExitAssessment(on)",
        _evolve(POLICY.exit_assessment(BRAND, ExitIndicators(as_of=DAY), on=DAY), "on"),
    ),
    Case(
        "Check(on)",
        _evolve(POLICY.targets([BRAND], on=DAY)["target_brands_total"], "on"),
    ),
    Case(
        "Check(deadline)",
        _evolve(POLICY.targets([BRAND], on=DAY)["target_brands_total"], "deadline"),
        optional=True,
    ),
    Case("TargetsReport(on)", _evolve(POLICY.targets([BRAND], on=DAY), "on")),
    Case(
        "BatchResult(on)",
        lambda d: attrs.evolve(POLICY.evaluate_batch(COLUMNS, on=DAY), on=d),
    ),
    Case(
        "CheckResult(on)",
        lambda d: attrs.evolve(
            POLICY.check_batch("training_projects_per_county", CHECK_COLUMNS, on=DAY),
            on=d,
        ),
    ),
    Case(
        "PolicyDay(on)",
        lambda d: PolicyDay(
            on=d,
            document=POLICY.document,
            parameters=POLICY.parameters,
            regions=POLICY.regions,
            rules=POLICY.rules,
            version=POLICY.version,
        ),
    ),
    Case("Scenario(start)", lambda d: Scenario("x", start=d)),
    Case("Scenario(horizon)", lambda d: Scenario("x", horizon=d)),
    Case(
        "Scenario(parameters_from)",
        lambda d: Scenario("x", parameters_from=d),
        optional=True,
    ),
    Case(
        "ResultsMetadata(deadline)",
        lambda d: attrs.evolve(ResultsMetadata.of(_results()), deadline=d),
        optional=True,
    ),
    Case(
        "Results(deadline)",
        lambda d: attrs.evolve(_results(), deadline=d),
        optional=True,
    ),
    # ---------------------------------------------------------- brands
    Case("Brand.workforce_on:on", BRAND.workforce_on),
    Case("Brand.stage_on:on", BRAND.stage_on),
    Case("Brand.as_of:on", BRAND.as_of),
    Case("Brand.recognition_level:on", BRAND.recognition_level),
    Case("Recognition.held_on:on", BRAND.recognitions[0].held_on),
    Case("Recognition.held:on", BRAND.recognitions[0].held),
    # ---------------------------------------------------------- lifecycle
    Case(
        "transition:on",
        lambda d: lifecycle.transition(
            BRAND,
            Event.RECOMMEND_BY_COUNTY,
            on=d,
            by=lb.Authority.COUNTY_HRSS,
        ),
    ),
    Case(
        "import_record:since",
        lambda d: lifecycle.import_record(
            lb.Brand(name_zh="西岐名吃", county="610323"),
            stage=lb.Stage.IN_POOL,
            since=d,
            imported_on=D(2024, 1, 1),
            by=lb.Authority.PROVINCIAL_HRSS,
            source="省级劳务品牌资源库名单",
        ),
    ),
    Case(
        "import_record:imported_on",
        lambda d: lifecycle.import_record(
            lb.Brand(name_zh="西岐名吃", county="610323"),
            stage=lb.Stage.IN_POOL,
            since=D(2023, 1, 1),
            imported_on=d,
            by=lb.Authority.PROVINCIAL_HRSS,
            source="省级劳务品牌资源库名单",
        ),
    ),
    Case("Rule.in_force:on", _CityRules().labourbrand_rules()[0].in_force),
    # ---------------------------------------------------------- policy: decisions
    Case("Policy.day:on", POLICY.day),
    Case(
        "Policy.rule_for:on", lambda d: POLICY.rule_for("employment_award", "610924", d)
    ),
    Case(
        "Policy.decide:on",
        lambda d: POLICY.decide("startup_subsidy", BRAND, on=d, founders=3),
    ),
    Case("Policy.employment_award:on", lambda d: POLICY.employment_award(BRAND, on=d)),
    Case(
        "Policy.provincial_recognition_award:on",
        lambda d: POLICY.provincial_recognition_award(BRAND, on=d),
    ),
    Case(
        "Policy.showcase_award:on",
        lambda d: POLICY.showcase_award(BRAND, on=d, selection=SELECTION),
    ),
    Case(
        "Policy.transport_subsidy:on", lambda d: POLICY.transport_subsidy(BRAND, on=d)
    ),
    Case(
        "Policy.social_insurance_subsidy:on",
        lambda d: POLICY.social_insurance_subsidy(BRAND, on=d),
    ),
    Case("Policy.training_subsidy:on", lambda d: POLICY.training_subsidy(BRAND, on=d)),
    Case(
        "Policy.high_skill_base_grant:on",
        lambda d: POLICY.high_skill_base_grant(BRAND, on=d, training_base=True),
    ),
    Case(
        "Policy.entrepreneurship_supports:on",
        lambda d: POLICY.entrepreneurship_supports(BRAND, on=d, founders=3),
    ),
    Case("Policy.evaluate:on", lambda d: POLICY.evaluate(BRAND, on=d)),
    Case("Policy.evaluate_batch:on", lambda d: POLICY.evaluate_batch(COLUMNS, on=d)),
    Case("evaluate_batch:on", lambda d: evaluate_batch(POLICY, COLUMNS, on=d)),
    # ---------------------------------------------------------- policy: checks
    Case("Policy.targets:on", lambda d: POLICY.targets([BRAND], on=d)),
    Case(
        "Policy.targets_batch:on", lambda d: POLICY.targets_batch(TARGET_COLUMNS, on=d)
    ),
    Case("targets_batch:on", lambda d: targets_batch(POLICY, TARGET_COLUMNS, on=d)),
    Case(
        "county_brand_counts:on",
        lambda d: county_brand_counts(POLICY, [BRAND], on=d),
        optional=True,
    ),
    Case(
        "Policy.county_obligations:on",
        lambda d: POLICY.county_obligations(
            CountyFacts(code="610924", as_of=DAY), on=d
        ),
    ),
    Case(
        "Policy.exit_assessment:on",
        lambda d: POLICY.exit_assessment(BRAND, ExitIndicators(as_of=DAY), on=d),
    ),
    Case(
        "Policy.leading_enterprise:on",
        lambda d: POLICY.leading_enterprise(
            name="某劳务公司",
            on=d,
            finances_healthy=True,
            risk_resilient=None,
            employment_system_sound=True,
        ),
    ),
    Case(
        "Policy.obligation:on",
        lambda d: POLICY.obligation(
            "expert_pool", subject="省人力资源社会保障厅", on=d, done=True
        ),
    ),
    Case(
        "Policy.credit_check:on",
        lambda d: POLICY.credit_check(unit="某劳务公司", on=d, broke_commitment=False),
    ),
    Case(
        "Policy.funding_tilt:on",
        lambda d: POLICY.funding_tilt("610924", [BRAND], on=d, contributed=True),
    ),
    Case(
        "Policy.check_batch:on",
        lambda d: POLICY.check_batch(
            "training_projects_per_county", CHECK_COLUMNS, on=d
        ),
    ),
    Case(
        "evaluate_checks_batch:on",
        lambda d: evaluate_checks_batch(
            POLICY,
            "training_projects_per_county",
            CHECK_COLUMNS,
            on=d,
        ),
    ),
    # ---------------------------------------------------------- policy: records
    Case(
        "Policy.transition:on",
        lambda d: POLICY.transition(BRAND, Event.RECOMMEND_BY_COUNTY, on=d),
    ),
    Case("Policy.admit:on", lambda d: POLICY.admit(BRAND, AWARD, on=d), optional=True),
    Case("Policy.claim:on", _claimed, optional=True),
    # ---------------------------------------------------------- ledgers
    Case("Payment.of:on", _payment_of, optional=True),
    Case("Ledger.record:on", lambda d: Ledger().record(AWARD, on=d), optional=True),
    Case(
        "Ledger.paid:on",
        lambda d: _paid_ledger().paid(AWARD.brand_id, AWARD.measure, on=d),
        optional=True,
    ),
    Case(
        "Ledger.paid:since",
        lambda d: _paid_ledger().paid(AWARD.brand_id, AWARD.measure, since=d),
        optional=True,
    ),
    Case(
        "Ledger.paid_ids:on",
        lambda d: _paid_ledger().paid_ids(AWARD.measure, on=d),
        optional=True,
    ),
    Case(
        "MemoryLedger.paid:on",
        lambda d: MemoryLedger([_payment_of(None)]).paid(
            AWARD.brand_id, AWARD.measure, on=d
        ),
        optional=True,
    ),
    Case(
        "MemoryLedger.paid:since",
        lambda d: MemoryLedger([_payment_of(None)]).paid(
            AWARD.brand_id, AWARD.measure, since=d
        ),
        optional=True,
    ),
    Case(
        "MemoryLedger.paid_ids:on",
        lambda d: MemoryLedger([_payment_of(None)]).paid_ids(AWARD.measure, on=d),
        optional=True,
    ),
    Case(
        "SQLiteLedger.paid:on",
        lambda d: _sqlite_paid(
            ":memory:", lambda s: s.paid(AWARD.brand_id, AWARD.measure, on=d)
        ),
        optional=True,
    ),
    Case(
        "SQLiteLedger.paid:since",
        lambda d: _sqlite_paid(
            ":memory:", lambda s: s.paid(AWARD.brand_id, AWARD.measure, since=d)
        ),
        optional=True,
    ),
    Case(
        "SQLiteLedger.paid_ids:on",
        lambda d: _sqlite_paid(":memory:", lambda s: s.paid_ids(AWARD.measure, on=d)),
        optional=True,
    ),
    # ---------------------------------------------------------- parameters
    Case("Parameter.entry_at:on", THRESHOLD.entry_at),
    Case("Parameter.value_at:on", THRESHOLD.value_at),
    Case("ParameterSet.at:on", POLICY.parameters.at),
    Case(
        "ParameterSet.with_overrides:from_day",
        lambda d: POLICY.parameters.with_overrides(
            {"employment_award_threshold": 300},
            from_day=d,
        )["employment_award_threshold"],
        optional=True,
    ),
    # ---------------------------------------------------------- plugins
    Case(
        "RuleBook.find:on",
        lambda d: POLICY.rules.find("employment_award", ["610900", "610000"], d),
    ),
    Case("RuleBook.span:on", lambda d: POLICY.rules.span("employment_award", d)),
    Case("list_plugins:on", lambda d: list_plugins(POLICY, on=d), optional=True),
    Case(
        "check_plugin:on",
        lambda d: check_plugin(_CityRules(), on=d, max_examples=1),
        optional=True,
    ),
    # ---------------------------------------------------------- simulation
    Case("Results.month:when", _results().month),
    Case(
        "Results.interval:month", lambda d: _results().interval(month=d), optional=True
    ),
    Case(
        "empty_counties_table:month",
        lambda d: sim_plots.empty_counties_table(_results(), month=d),
        optional=True,
    ),
    Case("empty_counties:month", _figure_months, optional=True),
]


def _argument(case: Case) -> str:
    """The argument's name: after the colon, or in the parentheses."""
    label = case.label
    return label.partition(":")[2] if ":" in label else label[label.index("(") + 1 : -1]


@pytest.mark.parametrize("case", ENTRY_POINTS, ids=lambda c: c.label)
def test_each_accepted_form_gives_the_same_answer(case: Case) -> None:
    """A pendulum Date, a datetime.date and an ISO string are the same day."""
    answers = [_same(case.call(form)) for form in ACCEPTED]
    assert answers[1] == answers[0]
    assert answers[2] == answers[0]


@pytest.mark.parametrize("case", ENTRY_POINTS, ids=lambda c: c.label)
def test_each_refused_form_is_an_invalid_argument(case: Case) -> None:
    """What is no day (a datetime, a bad string, another type) is InvalidArgumentError naming the argument."""
    name = _argument(case)
    refused = REFUSED if case.optional else (*REFUSED, None)
    for value in refused:
        with pytest.raises(InvalidArgumentError) as info:
            case.call(value)
        assert info.value.field == name, value
        assert f"{name}=" in str(info.value), value
        if isinstance(value, dt.datetime):
            assert "Asia/Shanghai" in str(info.value)
            assert ".date()" in str(info.value)


def _is_day(annotation: object) -> bool:
    """Whether an annotation is a day, or a day or something else (``DayLike | None``)."""
    if not isinstance(annotation, str):  # resolved already (by cattrs, for one)
        return annotation is pendulum.Date or pendulum.Date in typing.get_args(
            annotation
        )
    return any(
        part.strip() in {"DayLike", "pendulum.Date"} for part in annotation.split("|")
    )


def _protocol(cls: type) -> bool:
    return bool(getattr(cls, "_is_protocol", False))


def _days_of(label: str, parameters: Mapping[str, inspect.Parameter]) -> set[str]:
    return {label.format(p) for p, par in parameters.items() if _is_day(par.annotation)}


def _class_days(cls: type) -> set[str]:
    """The day arguments of a class: its constructor's and its public methods'."""
    if _protocol(cls):
        return set()  # an interface: its implementations are the entry points
    if attrs.has(cls):
        found = {
            f"{cls.__name__}({a.alias})"
            for a in attrs.fields(cls)
            if a.init and _is_day(a.type)
        }
    elif "__init__" in vars(cls):
        found = _days_of(cls.__name__ + "({})", inspect.signature(cls).parameters)
    else:
        found = set()
    for name, member in inspect.getmembers(cls):
        # Results.assemble is the builder of a run: its values come from the run.
        if name.startswith("_") or name == "assemble" or not callable(member):
            continue
        try:
            parameters = inspect.signature(member).parameters
        except (TypeError, ValueError):
            continue
        found |= _days_of(f"{cls.__name__}.{name}:{{}}", parameters)
    return found


def _day_arguments() -> set[str]:
    """Every day argument of the public API, as ``Owner.method:name`` or ``Class(name)``."""
    found: set[str] = set()
    seen: set[int] = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for obj in (getattr(module, name) for name in module.__all__):
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if inspect.isclass(obj):
                found |= _class_days(obj)
            elif inspect.isfunction(obj):
                found |= _days_of(
                    obj.__name__ + ":{}", inspect.signature(obj).parameters
                )
    return found


def test_every_day_argument_is_called() -> None:
    """Every day argument of the public API has a case here (or a test named in ELSEWHERE)."""
    covered = {case.label for case in ENTRY_POINTS} | set(ELSEWHERE)
    found = _day_arguments()
    assert found - covered == set(), "day arguments without a case"
    assert covered - found == set(), "cases of no day argument"


def test_a_datetime_says_which_day_to_pass() -> None:
    """The refusal of a datetime explains why, and how to get its Shanghai day."""
    evening = pendulum.datetime(2023, 6, 30, 17, 30, tz="UTC")
    with pytest.raises(InvalidArgumentError) as info:
        POLICY.employment_award(BRAND, on=evening)
    message = str(info.value)
    assert "a datetime is an instant, not a day" in message
    assert "which day in Asia/Shanghai?" in message
    assert evening.in_timezone("Asia/Shanghai").date() == D(2023, 7, 1)
    decision = POLICY.employment_award(
        BRAND, on=evening.in_timezone("Asia/Shanghai").date()
    )
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision == POLICY.employment_award(BRAND, on="2023-07-01")


def test_the_answer_depends_on_the_day_given() -> None:
    """The forms are read as days, not ignored: another day gives another answer."""
    assert BRAND.stage_on("2022-12-31") is lb.Stage.DISCOVERED
    assert BRAND.stage_on(dt.date(2023, 1, 1)) is lb.Stage.CULTIVATING
    before = POLICY.employment_award(BRAND, on="2022-04-28")
    assert before.outcome is Outcome.NOT_IN_FORCE
    assert isinstance(POLICY.evaluate_batch(COLUMNS, on="2023-07-01"), BatchResult)
    assert _paid_ledger().paid(AWARD.brand_id, AWARD.measure, on="2023-06-30") is None
    assert isinstance(POLICY.evaluate(BRAND, on=dt.date(2023, 7, 1))[0], Decision)
    assert (
        PlanPeriod(
            name="x",
            name_zh="x",
            first_day="2021-01-01",
            last_day=dt.date(2021, 12, 31),
        ).months()
        == 12
    )
