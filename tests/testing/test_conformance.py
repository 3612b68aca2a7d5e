"""The conformance kit: good plugins pass, each broken invariant fails in plain words."""

from __future__ import annotations

import itertools
import types
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pendulum
import pytest

from labourbrand import Brand, Fen, LabourBrandError, WorkforceObservation, hookimpl
from labourbrand.exceptions import InvalidArgumentError, LabourBrandDeprecationWarning
from labourbrand.plugins import get_plugin_manager
from labourbrand.policy import (
    ENTREPRENEURSHIP_MEASURES,
    HEAD_COUNTS,
    Decision,
    Flat,
    Measure,
    PerHead,
    Policy,
    Ratio,
    Rule,
)
from labourbrand.testing import (
    ConformanceError,
    ConformanceReport,
    _drive,
    _static,
    check_plugin,
    conformance,
)
from labourbrand.testing._findings import Run


if TYPE_CHECKING:
    from collections.abc import Generator, Iterable


D = pendulum.Date
ON = D(2023, 7, 1)
#: What every brand in a failure on ON under 安康市's award rule looks like, once
#: Hypothesis shrank it (the award is the city's: its rules are 安康市's own).
ZIYANG = (
    "brand '0' of 610902 on 2023-07-01 with 500 practitioners, 500 rural workers "
    "(500 with signed agreements)"
)


def _rule(
    formula: object = None,
    *,
    measure: Measure = Measure.EMPLOYMENT_AWARD,
    jurisdiction: str = "610900",
    first_day: str = "2023-01-01",
    last_day: str | None = None,
    delegates_to: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        measure=measure,
        jurisdiction=jurisdiction,
        first_day=first_day,
        last_day=last_day,
        formula=formula if formula is not None else Flat(Fen.from_yuan(100_000)),  # type: ignore[arg-type]
        reference="illustrative",
        illustrative=True,
        delegates_to=delegates_to,
    )


class Plugin:
    """A plugin that returns the rules it was given."""

    def __init__(self, *rules: Rule, name: str = "city", period: object = None) -> None:
        self.name = name
        self.rules = list(rules)
        self.period = period

    @hookimpl
    def labourbrand_rules(self) -> Iterable[Rule]:
        return self.rules


class Declaring(Plugin):
    """A plugin that also declares the period it was given, with the hook."""

    @hookimpl
    def labourbrand_period(self) -> object:
        return self.period


class Attribute(Plugin):
    """A plugin that declares its period the deprecated way, as an attribute."""

    def __init__(self, *rules: Rule, period: object) -> None:
        super().__init__(*rules)
        self.labourbrand_period = period


def _failures(plugin: object, **kwargs: Any) -> list[str]:  # noqa: ANN401 - check_plugin's options
    with pytest.raises(ConformanceError) as info:
        check_plugin(plugin, **kwargs)
    return [str(f) for f in info.value.failures]


# ------------------------------------------------------------ good plugins
def by_category(brand: Brand, observation: WorkforceObservation | None, on: D) -> Fen:
    """More for service brands (illustrative)."""
    del observation, on
    return Fen.from_yuan(120_000 if brand.category == "service" else 80_000)


def test_good_flat_plugin_passes() -> None:
    """A flat award below the cap, dated without gaps, conforms; the report says what ran."""
    plugin = Declaring(
        _rule(last_day="2023-12-31"),
        # 安康市's rule lets 紫阳县 set its own (具体由市级…制定: the city decides).
        _rule(
            Flat(Fen.from_yuan(150_000)),
            first_day="2024-01-01",
            delegates_to=("610924",),
        ),
        _rule(
            Flat(Fen.from_yuan(50_000)), jurisdiction="610924", first_day="2024-06-01"
        ),
        name="ankang",
        period=("2023-01-01", None),
    )
    report = check_plugin(plugin, max_examples=10)
    assert isinstance(report, ConformanceReport)
    assert report.plugin == "ankang"
    assert report.rules == 3
    assert report.examples >= 30
    # Every invariant but the one of rule files read from a path.
    code = tuple(v for k, v in conformance.INVARIANTS.items() if k != "rule-file")
    assert report.checks == code
    assert report.notes == ()
    assert str(report) == (
        f"plugin 'ankang': 3 rules, {len(code)} invariants, {report.examples} examples"
    )


def test_good_per_head_plugin_passes() -> None:
    """A per-head award with its own cap below the province's conforms."""
    rates = [("rural_signed", Fen.from_yuan(200)), ("poverty_alleviated", Fen(1))]
    plugin = Plugin(_rule(PerHead(rates=rates, cap=Fen.from_yuan(150_000))))
    assert check_plugin(plugin, name="ankang-per-head", max_examples=20).rules == 1


def test_good_callable_plugin_passes() -> None:
    """A module-level per-brand function that depends only on its arguments conforms."""
    assert check_plugin(Plugin(_rule(by_category)), max_examples=20).rules == 1


def test_every_amount_measure_is_driven_through_its_decision() -> None:
    """A flat rule for each amount measure goes through the engine's decision for it."""
    measures = [m for m in Measure if m != Measure.EXIT_JOB_FALL]
    rules = [_rule(measure=m) for m in measures]
    rules.append(_rule(Ratio(Decimal("0.3")), measure=Measure.EXIT_JOB_FALL))
    report = check_plugin(Plugin(*rules), max_examples=3)
    assert report.rules == len(Measure)
    assert report.notes == (
        (
            "rule for 610900 funding_tilt from 2023-01-01: no engine decision reads it; "
            "checked through its formula only"
        ),
    )
    assert set(ENTREPRENEURSHIP_MEASURES) < set(measures)


def test_module_plugin_and_closures_rebuilt_on_each_call_pass() -> None:
    """A module plugin passes; closures rebuilt per call with the same captures are the same rule."""
    module = types.ModuleType("labourbrand_xunyang")

    @hookimpl
    def labourbrand_rules() -> list[Rule]:
        amount = Fen.from_yuan(90_000)
        return [_rule(lambda *_: amount, jurisdiction="610900")]

    module.labourbrand_rules = labourbrand_rules  # type: ignore[attr-defined]
    report = check_plugin(module, max_examples=5)
    assert report.plugin == "labourbrand_xunyang"


def test_on_drives_only_the_rules_in_force_that_day() -> None:
    """With on=, rules not in force that day are noted and not driven."""
    plugin = Plugin(
        _rule(last_day="2023-12-31"),
        _rule(lambda *_: 1.5, first_day="2024-01-01"),
    )
    report = check_plugin(plugin, on=ON, max_examples=5)
    assert report.notes == (
        "rule for 610900 employment_award from 2024-01-01: not in force on 2023-07-01, not driven",
    )


def test_plugin_without_rules_hook_is_noted() -> None:
    """A plugin that implements only an optional hook has no rules to check."""

    class Optional:
        @hookimpl(optionalhook=True)
        def labourbrand_future(self) -> None:
            return None

    report = check_plugin(Optional())
    assert report.rules == 0
    assert report.notes == ("implements no labourbrand_rules: no rules to check",)


def test_overrides_need_not_cover_the_period() -> None:
    """A county rule under the plugin's city (or zone) rule is an override: no gap check."""
    plugin = Declaring(
        _rule(
            jurisdiction="yangling", first_day="2022-04-29", delegates_to=("610403",)
        ),
        _rule(jurisdiction="610403", first_day="2024-01-01"),
        period=("2022-04-29", "2025-12-31"),
    )
    assert check_plugin(plugin, max_examples=5).rules == 2


# ----------------------------------------------------- amounts, with the engine
def test_rule_above_the_cap() -> None:
    """A flat award above the province's cap fails, saying the engine would clamp it."""
    plugin = Plugin(_rule(Flat(Fen.from_yuan(400_000)), jurisdiction="610900"))
    assert _failures(plugin, on=ON) == [
        (
            f"labourbrand_rules: rule for 610900 employment_award from 2023-01-01 gives "
            f"¥400,000.00 for {ZIYANG}, above the province's cap of ¥300,000.00 "
            "(clause 4.2): the engine would clamp it"
        )
    ]


def test_per_head_rule_without_own_cap_goes_above_the_cap() -> None:
    """A per-head rate with no cap of its own reaches the cap for large brands."""
    rates = [("rural_signed", Fen.from_yuan(200))]
    plugin = Plugin(_rule(PerHead(rates=rates), jurisdiction="610900"))
    with pytest.raises(ConformanceError) as info:
        check_plugin(plugin, on=ON)
    (failure,) = info.value.failures
    assert failure.invariant == "cap"
    assert failure.hook == "labourbrand_rules"
    assert "rural_signed=1501" in failure.input
    assert failure.detail.startswith(
        "rule for 610900 employment_award from 2023-01-01 gives ¥300,200.00 for "
    )


def test_callable_returning_a_float() -> None:
    """A float is not money."""
    plugin = Plugin(_rule(lambda *_: 1500.0, jurisdiction="610900"))
    assert _failures(plugin, on=ON) == [
        (
            "labourbrand_rules: rule for 610900 employment_award from 2023-01-01 gives "
            f"1500.0 (type=float) for {ZIYANG}: amounts are labourbrand.Fen or None"
        )
    ]


def test_callable_returning_a_negative_int() -> None:
    """A negative amount is named as such."""
    plugin = Plugin(_rule(lambda *_: -5, jurisdiction="610900"))
    assert _failures(plugin, on=ON) == [
        (
            "labourbrand_rules: rule for 610900 employment_award from 2023-01-01 gives "
            f"-5, a negative amount, for {ZIYANG}: amounts are Fen, never negative"
        )
    ]


def test_formula_that_raises() -> None:
    """An exception inside the formula is reported with the input that raised it."""

    def boom(_b: Brand, _o: object, _on: D) -> Fen:
        msg = "no budget table"
        raise LookupError(msg)

    assert _failures(Plugin(_rule(boom, jurisdiction="610900")), on=ON) == [
        (
            "labourbrand_rules: rule for 610900 employment_award from 2023-01-01 raised "
            f"LookupError: no budget table for {ZIYANG}"
        )
    ]


def test_non_deterministic_formula() -> None:
    """A formula with hidden state gives two amounts for one input."""
    counter = itertools.count()

    def alternating(_b: Brand, _o: object, _on: D) -> Fen:
        return Fen(100 if next(counter) % 2 == 0 else 200)

    assert _failures(Plugin(_rule(alternating, jurisdiction="610900")), on=ON) == [
        (
            "labourbrand_rules: rule for 610900 employment_award from 2023-01-01 gives "
            f"¥1.00, then ¥2.00 for the same {ZIYANG}: a formula must depend only on "
            "its arguments"
        )
    ]


def test_formula_that_raises_only_when_called_again() -> None:
    """A formula that fails on its second call is not deterministic either."""
    counter = itertools.count()

    def every_other(_b: Brand, _o: object, _on: D) -> Fen:
        if next(counter) % 2:
            msg = "quota used up"
            raise RuntimeError(msg)
        return Fen(100)

    (failure,) = _failures(Plugin(_rule(every_other, jurisdiction="610900")), on=ON)
    assert "gives ¥1.00, then 'RuntimeError: quota used up' for the same" in failure


def test_formula_that_changes_its_input() -> None:
    """A formula must not modify the brand it is given, even by force."""

    def meddling(brand: Brand, _o: object, _on: D) -> Fen:
        object.__setattr__(brand, "name_zh", brand.name_zh + "!")
        return Fen(100)

    assert _failures(Plugin(_rule(meddling, jurisdiction="610900")), on=ON) == [
        (
            "labourbrand_rules: rule for 610900 employment_award from 2023-01-01 changes "
            f"its input, {ZIYANG}: a formula must not modify its "
            "arguments"
        )
    ]


def test_formula_must_accept_no_head_count_where_the_engine_passes_none() -> None:
    """For measures decided without a head count, the formula gets None and must cope."""
    plugin = Plugin(
        _rule(
            lambda _b, o, _on: Fen(o.rural),
            measure=Measure.TRAINING_SUBSIDY,
            jurisdiction="610924",
        )
    )
    (failure,) = _failures(plugin, on=ON)
    assert failure == (
        "labourbrand_rules: rule for 610924 training_subsidy from 2023-01-01 raised "
        "AttributeError: 'NoneType' object has no attribute 'rural' for brand '0' "
        "of 610924 on 2023-07-01 with no head count"
    )


def test_worker_subsidies_see_their_workers_in_the_description() -> None:
    """Failures of worker subsidies describe the poverty-alleviated workers."""
    plugin = Plugin(
        _rule(lambda *_: 2.5, measure=Measure.TRANSPORT_SUBSIDY, jurisdiction="610924")
    )
    (failure,) = _failures(plugin, on=ON)
    assert "1 poverty-alleviated" in failure or "1 rural low-income" in failure


def test_engine_that_fails_to_clamp_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kit checks the engine's decision too: above the cap is a failure."""
    original = Policy.decide

    def unclamped(
        self: Policy, measure: str, brand: Brand, **kwargs: object
    ) -> Decision:
        decision = original(self, measure, brand, **kwargs)  # type: ignore[arg-type]
        return attrs.evolve(decision, amount=Fen.from_yuan(400_000))

    monkeypatch.setattr(Policy, "decide", unclamped)
    assert _failures(Plugin(_rule(jurisdiction="610900")), on=ON) == [
        (
            "labourbrand_rules: the engine's employment_award decision with the rule for "
            "610900 employment_award from 2023-01-01 gives ¥400,000.00 for "
            f"{ZIYANG}, above the province's cap of ¥300,000.00 (clause 4.2)"
        )
    ]


def test_engine_that_raises_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """An error of the engine's decision with the rule is a failure naming it."""

    def broken(self: Policy, measure: str, brand: Brand, **kwargs: object) -> Decision:
        del self, measure, brand, kwargs
        msg = "ledger offline"
        raise RuntimeError(msg)

    monkeypatch.setattr(Policy, "decide", broken)
    plugin = Plugin(_rule(measure=Measure.TRANSPORT_SUBSIDY, jurisdiction="610924"))
    (failure,) = _failures(plugin, on=ON)
    assert failure.startswith(
        "labourbrand_rules: the engine's transport_subsidy decision with the rule for "
        "610924 transport_subsidy from 2023-01-01 raised RuntimeError: ledger offline "
        "for brand '0' of 610924 on 2023-07-01 with "
    )


def test_distinct_broken_invariants_are_each_reported() -> None:
    """Two rules breaking different invariants give one line each."""
    plugin = Plugin(
        _rule(lambda *_: -5, jurisdiction="610900"),
        _rule(lambda *_: 1.5, jurisdiction="610100"),
    )
    failures = _failures(plugin, on=ON, max_examples=10)
    assert [f.split(" gives ")[1].split(",")[0] for f in failures] == [
        "-5",
        "1.5 (type=float) for brand '0' of 610102 on 2023-07-01 with 500 practitioners",
    ]


def test_one_rule_breaking_two_invariants_reports_both() -> None:
    """Hypothesis shrinks each broken invariant separately."""

    def moody(_b: Brand, observation: WorkforceObservation | None, _on: D) -> object:
        # Both parities come up in any Hypothesis version's first examples.
        return -5 if observation is None or observation.rural_signed % 2 == 0 else 1.5

    failures = _failures(Plugin(_rule(moody, jurisdiction="610900")), on=ON)
    assert len(failures) == 2
    assert {"amounts are Fen, never negative" in f for f in failures} == {True, False}


def test_plugin_that_fails_when_the_engine_builds_the_policy() -> None:
    """Rules the engine refuses on its own call are reported as such."""
    calls = itertools.count()

    class ThirdTime:
        name = "third"

        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            if next(calls) == 2:  # the kit calls twice, then the engine
                msg = "cache expired"
                raise RuntimeError(msg)
            return [_rule()]

    assert _failures(ThirdTime()) == [
        (
            "labourbrand_rules: the engine refused the plugin: plugin 'third', hook "
            "'labourbrand_rules': raised RuntimeError: cache expired"
        )
    ]


# ----------------------------------------------------------- rules as data
def test_overlapping_rules() -> None:
    """Rules of one measure and jurisdiction must not overlap."""
    plugin = Plugin(
        _rule(first_day="2023-01-01"),
        _rule(first_day="2024-01-01", last_day="2024-06-30"),
        _rule(first_day="2024-03-01", last_day="2024-12-31"),
    )
    assert _failures(plugin) == [
        (
            "labourbrand_rules: employment_award rules for '610900' overlap: one from "
            "2023-01-01 and one from 2024-01-01"
        ),
        (
            "labourbrand_rules: employment_award rules for '610900' overlap: one from "
            "2023-01-01 and one from 2024-03-01"
        ),
    ]


def test_overlap_with_an_earlier_longer_rule() -> None:
    """A rule inside an earlier, longer one overlaps it, not only its neighbour."""
    plugin = Plugin(
        _rule(first_day="2023-01-01", last_day="2025-12-31"),
        _rule(first_day="2024-01-01", last_day="2024-01-31"),
        _rule(first_day="2024-06-01", last_day="2024-06-30"),
    )
    assert _failures(plugin) == [
        (
            "labourbrand_rules: employment_award rules for '610900' overlap: one from "
            f"2023-01-01 and one from {first_day}"
        )
        for first_day in ("2024-01-01", "2024-06-01")
    ]


def test_gap_inside_the_declared_period() -> None:
    """A plugin that declares its period must cover it, from start to end."""
    plugin = Declaring(
        _rule(first_day="2023-03-01", last_day="2023-12-31"),
        _rule(first_day="2024-04-01", last_day="2025-06-30"),
        period=("2023-01-01", "2025-12-31"),
    )
    prefix = "labourbrand_rules: employment_award rules for 610900 leave"
    suffix = (
        "uncovered, inside the plugin's labourbrand_period 2023-01-01 to 2025-12-31"
    )
    assert _failures(plugin) == [
        f"{prefix} 2023-01-01 to 2023-02-28 {suffix}",
        f"{prefix} 2024-01-01 to 2024-03-31 {suffix}",
        f"{prefix} 2025-07-01 to 2025-12-31 {suffix}",
    ]


def test_gap_in_an_open_ended_period() -> None:
    """With no end to the period, the last rule must have none either."""
    plugin = Declaring(
        _rule(first_day="2020-01-01", last_day="2020-12-31"),
        _rule(first_day="2023-01-01", last_day="2023-12-31"),
        period=(D(2023, 1, 1), None),
    )
    assert _failures(plugin) == [
        (
            "labourbrand_rules: employment_award rules for 610900 leave 2024-01-01 "
            "onwards uncovered, inside the plugin's labourbrand_period from 2023-01-01 "
            "with no end"
        )
    ]


def test_rules_beyond_the_period_end_do_not_matter() -> None:
    """Rules after the declared period, or a later first rule, are checked up to its end."""
    plugin = Declaring(
        _rule(first_day="2023-01-01", last_day="2023-12-31"),
        _rule(first_day="2026-01-01"),
        period=("2023-01-01", "2024-06-30"),
    )
    late = Declaring(_rule(first_day="2026-01-01"), period=("2023-01-01", "2023-12-31"))
    covered = Declaring(
        _rule(first_day="2023-01-01", last_day="2023-12-31"),
        _rule(first_day="2024-01-01", last_day="2025-12-31"),
        period=("2023-01-01", "2023-06-30"),
    )
    assert _failures(plugin) == [
        (
            "labourbrand_rules: employment_award rules for 610900 leave 2024-01-01 to "
            "2024-06-30 uncovered, inside the plugin's labourbrand_period 2023-01-01 to "
            "2024-06-30"
        )
    ]
    assert _failures(late) == [
        (
            "labourbrand_rules: employment_award rules for 610900 leave 2023-01-01 to "
            "2023-12-31 uncovered, inside the plugin's labourbrand_period 2023-01-01 to "
            "2023-12-31"
        )
    ]
    assert check_plugin(covered, max_examples=2).rules == 2


def test_open_ended_rule_covers_the_rest_of_the_period() -> None:
    """Once a rule has no end, the period is covered even when rules overlap after it."""
    plugin = Declaring(
        _rule(first_day="2023-01-01"),
        _rule(first_day="2024-01-01"),
        period=("2023-01-01", None),
    )
    assert _failures(plugin) == [
        (
            "labourbrand_rules: employment_award rules for '610900' overlap: one from "
            "2023-01-01 and one from 2024-01-01"
        )
    ]


@pytest.mark.parametrize(
    "period",
    [("2023-01-01",), ("2025-01-01", "2024-01-01"), (2023, None), "2023"],
)
def test_malformed_period(period: object) -> None:
    """labourbrand_period must return two ISO days in order."""
    assert _failures(Declaring(_rule(), period=period)) == [
        (
            f"labourbrand_period: returned {period!r}, not (first_day, last_day) as "
            "ISO days in order, with last_day None for no end"
        )
    ]


def test_period_hook_that_raises() -> None:
    """An error of labourbrand_period is reported with the exception."""

    class Raises(Plugin):
        @hookimpl
        def labourbrand_period(self) -> object:
            msg = "no calendar"
            raise LookupError(msg)

    assert _failures(Raises(_rule())) == [
        "labourbrand_period: raised LookupError: no calendar"
    ]


def test_period_hook_returning_none_declares_no_period() -> None:
    """None from labourbrand_period declares no period: gaps are allowed."""
    plugin = Declaring(
        _rule(first_day="2023-01-01", last_day="2023-06-30"),
        _rule(first_day="2024-01-01"),
    )
    report = check_plugin(plugin, max_examples=2)
    assert conformance.INVARIANTS["period"] in report.checks
    assert conformance.INVARIANTS["gap"] not in report.checks


def test_period_attribute_is_read_with_a_deprecation_warning() -> None:
    """The old labourbrand_period attribute still works, and warns at the caller's line."""
    plugin = Attribute(
        _rule(first_day="2023-03-01"), period=("2023-01-01", "2025-12-31")
    )
    with pytest.warns(LabourBrandDeprecationWarning) as warned:
        failures = _failures(plugin)
    assert failures == [
        (
            "labourbrand_rules: employment_award rules for 610900 leave 2023-01-01 to "
            "2023-02-28 uncovered, inside the plugin's labourbrand_period 2023-01-01 to "
            "2025-12-31"
        )
    ]
    (warning,) = warned
    assert str(warning.message) == (
        "labourbrand_period as a plugin attribute is deprecated: implement the "
        "labourbrand_period hook instead, a method marked with @labourbrand.hookimpl "
        "that returns ('2023-01-01', '2025-12-31')"
    )
    assert warning.filename == __file__


def test_malformed_period_attribute() -> None:
    """A malformed attribute is named as the attribute it is."""
    with pytest.warns(LabourBrandDeprecationWarning):
        failures = _failures(Attribute(_rule(), period="2023"))
    assert failures == [
        (
            "labourbrand_period: labourbrand_period = '2023' is not (first_day, "
            "last_day) as ISO days in order, with last_day None for no end"
        )
    ]


def test_unknown_jurisdiction() -> None:
    """A jurisdiction must be a code or city-level zone of the registry."""
    assert _failures(Plugin(_rule(jurisdiction="610999"))) == [
        (
            "labourbrand_rules: rule for 610999 employment_award from 2023-01-01: "
            "Expected a jurisdiction of the region registry (a code or a city-level "
            "zone) but got jurisdiction='610999'"
        )
    ]


@pytest.mark.parametrize(
    ("formula", "measure", "expected"),
    [
        (
            Ratio(Decimal("0.3")),
            Measure.EMPLOYMENT_AWARD,
            "a Ratio is not an amount; employment_award takes Flat, PerHead or a callable",
        ),
        (
            Flat(Fen(1)),
            Measure.EXIT_JOB_FALL,
            (
                "exit_job_fall takes a Ratio (what counts as a marked fall in jobs), "
                "not Flat"
            ),
        ),
    ],
)
def test_formula_of_the_wrong_kind(
    formula: object, measure: Measure, expected: str
) -> None:
    """A Ratio is for exit_job_fall only; exit_job_fall takes nothing else."""
    assert _failures(Plugin(_rule(formula, measure=measure))) == [
        f"labourbrand_rules: rule for 610900 {measure.value} from 2023-01-01: {expected}"
    ]


def _unchecked(**changes: Any) -> Rule:  # noqa: ANN401 - any Rule field
    """A rule built with attrs validators off, as a careless plugin could."""
    with attrs.validators.disabled():
        return attrs.evolve(_rule(), **changes)


def _unchecked_formula(kind: type, **fields: object) -> object:
    with attrs.validators.disabled():
        return kind(**fields)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"measure": 7},
            (
                "rule for 610900 7 from 2023-01-01: Expected a measure id such as "
                "'employment_award' but got measure=7 (type=int) @ $[0].measure"
            ),
        ),
        (
            {"formula": _unchecked_formula(Flat, amount=40_000_000)},
            (
                "rule for 610900 employment_award from 2023-01-01: Expected a Fen "
                "amount but got amount=40000000 (type=int) @ $[0].formula.amount"
            ),
        ),
        (
            {"formula": _unchecked_formula(PerHead, rates=[("rural", 200)])},
            (
                "rule for 610900 employment_award from 2023-01-01: Expected (one of "
                f"{sorted(HEAD_COUNTS)}, Fen) but got rates item ('rural', 200) "
                "@ $[0].formula.rates"
            ),
        ),
        (
            {
                "formula": _unchecked_formula(
                    PerHead, rates=[("rural", Fen(1))], cap=Decimal(5)
                )
            },
            (
                "rule for 610900 employment_award from 2023-01-01: Expected a Fen "
                "amount but got cap=Decimal('5') (type=Decimal) @ $[0].formula.cap"
            ),
        ),
        (
            {
                "measure": Measure.EXIT_JOB_FALL,
                "formula": _unchecked_formula(Ratio, value=Decimal("1.5")),
            },
            (
                "rule for 610900 exit_job_fall from 2023-01-01: Expected a Decimal "
                "ratio in (0, 1] but got value=Decimal('1.5') (type=Decimal) "
                "@ $[0].formula.value"
            ),
        ),
        (
            {"formula": 300_000},
            (
                "rule for 610900 employment_award from 2023-01-01: Expected Flat, "
                "PerHead, Ratio or a callable but got formula=300000 (type=int) "
                "@ $[0].formula"
            ),
        ),
        (
            {"illustrative": "yes"},
            (
                "rule for 610900 employment_award from 2023-01-01: Expected a bool "
                "but got illustrative='yes' (type=str) @ $[0].illustrative"
            ),
        ),
    ],
)
def test_malformed_rule_fields(changes: dict[str, object], expected: str) -> None:
    """Rules built around the validators are still caught, field by field."""
    assert _failures(Plugin(_unchecked(**changes))) == [
        f"labourbrand_rules: {expected}"
    ]


def test_well_formed_unchecked_rules_pass_the_data_checks() -> None:
    """A per-head rule with a Fen cap and a ratio in range are well formed."""
    plugin = Plugin(
        _unchecked(
            formula=_unchecked_formula(PerHead, rates=[("rural", Fen(1))], cap=Fen(5))
        ),
        _unchecked(
            measure=Measure.EXIT_JOB_FALL,
            formula=_unchecked_formula(Ratio, value=Decimal("0.5")),
        ),
    )
    assert check_plugin(plugin, max_examples=2).rules == 2


# ------------------------------------------------------- labourbrand_rules
def test_rules_hook_that_raises() -> None:
    """labourbrand_rules raising is reported with the exception."""

    class Raises:
        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            msg = "database down"
            raise RuntimeError(msg)

    assert _failures(Raises()) == [
        "labourbrand_rules: raised RuntimeError: database down"
    ]


def test_rules_hook_that_raises_when_called_again() -> None:
    """labourbrand_rules must work on every call, not only the first."""
    calls = itertools.count()

    class Once:
        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            if next(calls):
                msg = "connection closed"
                raise ConnectionError(msg)
            return [_rule()]

    assert _failures(Once()) == [
        "labourbrand_rules: raised ConnectionError: connection closed"
    ]


def test_rules_hook_returning_a_single_rule() -> None:
    """One rule is not an iterable of rules."""

    class Single:
        @hookimpl
        def labourbrand_rules(self) -> Rule:
            return _rule()

    (failure,) = _failures(Single())
    assert failure.startswith(
        "labourbrand_rules: Expected an iterable of labourbrand.policy.Rule values; "
        "got Rule("
    )
    assert failure.endswith(" (type=Rule)")


def test_rules_hook_returning_something_else_than_rules() -> None:
    """Every item that is not a Rule is named."""

    class Floaty:
        @hookimpl
        def labourbrand_rules(self) -> list[object]:
            return [150000.0, _rule(), "610900"]

    assert _failures(Floaty()) == [
        (
            "labourbrand_rules: Expected labourbrand.policy.Rule values; got 150000.0 "
            "(type=float)"
        ),
        (
            "labourbrand_rules: Expected labourbrand.policy.Rule values; got '610900' "
            "(type=str)"
        ),
    ]


def test_rules_hook_that_changes_between_calls() -> None:
    """The rules must be the same on every call: in number, and one by one."""
    growing = itertools.count(1)

    class Growing:
        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            n = next(growing)
            return [_rule(first_day=f"{2020 + i}-01-01") for i in range(n)]

    amounts = itertools.count(1)

    class Drifting:
        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            return [_rule(Flat(Fen.from_yuan(next(amounts))))]

    assert _failures(Growing()) == [
        (
            "labourbrand_rules: returned 1 rules, then 2 when called again: return the "
            "same rules on every call"
        )
    ]
    assert _failures(Drifting()) == [
        (
            "labourbrand_rules: returned a different rule for 610900 employment_award "
            "from 2023-01-01 when called again: return the same rules on every call"
        )
    ]


def test_closures_with_other_captures_are_different_rules() -> None:
    """A closure rebuilt with another captured value is another rule."""
    amounts = itertools.count(1)

    class Capturing:
        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            amount = Fen(next(amounts))
            return [_rule(lambda *_: amount, last_day="2023-12-31")]

    (failure,) = _failures(Capturing())
    assert (
        "returned a different rule for 610900 employment_award from 2023-01-01 to 2023-12-31"
        in failure
    )


def test_closures_whose_captures_cannot_be_compared_are_different() -> None:
    """Captured values whose comparison raises count as different."""

    class Incomparable:
        def __eq__(self, other: object) -> bool:
            msg = "no comparison"
            raise TypeError(msg)

        __hash__ = object.__hash__

    class Capturing:
        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            token = Incomparable()
            return [_rule(lambda *_: Fen(id(token) % 2))]

    assert _static.same_formula(Flat(Fen(1)), Flat(Fen(1)))
    assert not _static.same_formula(Flat(Fen(1)), by_category)
    (failure,) = _failures(Capturing())
    assert "when called again" in failure


# ------------------------------------------------------------ registration
def test_misspelled_hook() -> None:
    """A hook name labourbrand does not define is named, with the likely one."""

    class Misspelled:
        @hookimpl
        def labourbrand_rule(self) -> list[Rule]:
            return []

    assert _failures(Misspelled()) == [
        (
            "labourbrand_rule: hook labourbrand_rule is not a labourbrand hook "
            "(did you mean labourbrand_rules?)"
        )
    ]


def test_unknown_hook_without_a_close_name() -> None:
    """A marked method far from any hook name is still refused."""

    class Stranger:
        @hookimpl
        def award(self) -> None:
            return None

    assert _failures(Stranger()) == ["award: hook award is not a labourbrand hook"]


def test_wrong_argument_name() -> None:
    """Every argument must be one of the spec's."""

    class WrongArgs:
        @hookimpl
        def labourbrand_rules(self, city: str) -> list[Rule]:  # noqa: ARG002 - the fault under test
            return []

    assert _failures(WrongArgs()) == [
        "labourbrand_rules: argument 'city' is not an argument of the hook, which takes none"
    ]


def test_argument_names_of_a_hook_with_arguments() -> None:
    """The message lists the spec's arguments when it has some; *args are ignored."""
    run = Run(plugin=None, name="x", on=None, max_examples=1)

    def impl(brand: object, county: object, *args: object, **kwargs: object) -> None:
        del brand, county, args, kwargs

    _static.check_signature(run, "labourbrand_award", impl, ("brand", "on"), {})
    assert [str(f) for f in run.failures] == [
        (
            "labourbrand_award: argument 'county' is not an argument of the hook, which "
            "takes brand, on"
        )
    ]


def test_default_argument_and_wrapper() -> None:
    """Hook implementations take no defaults and are no wrappers; *args are ignored."""

    class VarArgs:
        @hookimpl
        def labourbrand_rules(self, *args: object, **kwargs: object) -> list[Rule]:
            del args, kwargs
            return []

    run = Run(plugin=None, name="x", on=None, max_examples=1)

    def impl(on: object = None) -> None:
        del on

    _static.check_signature(run, "labourbrand_award", impl, ("on",), {"wrapper": True})
    assert [str(f) for f in run.failures] == [
        (
            "labourbrand_award: argument 'on' has a default value; hook implementations "
            "take none (pluggy 1.7 passes defaults, 1.6 ignores them)"
        ),
        (
            "labourbrand_award: labourbrand_award is declared as a wrapper; the engine "
            "calls each plugin's implementation itself, so mark it with a plain "
            "@labourbrand.hookimpl"
        ),
    ]
    assert check_plugin(VarArgs()).rules == 0


def test_wrapper_plugin() -> None:
    """A wrapper implementation of labourbrand_rules is refused."""

    class Wrapper:
        @hookimpl(wrapper=True)
        def labourbrand_rules(self) -> Generator[None, object, object]:
            return (yield)

    assert _failures(Wrapper()) == [
        (
            "labourbrand_rules: labourbrand_rules is declared as a wrapper; the engine "
            "calls each plugin's implementation itself, so mark it with a plain "
            "@labourbrand.hookimpl"
        )
    ]


def test_unmarked_hook() -> None:
    """A labourbrand_* method without @hookimpl is never called: say so."""

    class Unmarked:
        def labourbrand_rules(self) -> list[Rule]:
            return [_rule()]

    assert _failures(Unmarked()) == [
        (
            "labourbrand_rules: labourbrand_rules is not marked with @labourbrand.hookimpl, "
            "so it is never called"
        )
    ]


def test_plugin_without_hooks() -> None:
    """A plugin must implement a hook."""
    assert _failures(object(), name="empty") == [
        (
            "labourbrand: implements no labourbrand hook: mark its labourbrand_rules "
            "method with @labourbrand.hookimpl"
        )
    ]


def test_class_instead_of_instance() -> None:
    """Passing the class, not an instance, is a common slip."""
    assert _failures(Plugin) == [
        "labourbrand: Plugin is a class: pass an instance, Plugin()"
    ]


def test_plugin_left_out_of_the_manager(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin the manager leaves out (e.g. a blocked name) is a failure, not a pass."""
    real = get_plugin_manager

    def blocking(*, plugins: Iterable[object], entry_points: bool) -> object:
        del plugins
        return real(plugins=[], entry_points=entry_points)

    monkeypatch.setattr(_static, "get_plugin_manager", blocking)
    assert _failures(Plugin(_rule(), name="ankang")) == [
        (
            "labourbrand: was not registered, so it supplies nothing: is its name "
            "'ankang' blocked (LABOURBRAND_PLUGINS_BLOCK)?"
        )
    ]


def test_nested_groups_of_broken_invariants_are_flattened() -> None:
    """Failures inside nested exception groups (e.g. a flaky one) are all found."""
    failure = conformance.Failure(hook="h", invariant="cap", input="x", detail="d")
    broken = _drive.broken("cap")(failure)
    inner: BaseExceptionGroup[Any] = BaseExceptionGroup("inner", [broken])
    group: BaseExceptionGroup[Any] = BaseExceptionGroup("outer", [inner])
    assert [e.failure for e in _drive.leaves(group)] == [failure]


def test_registration_refused_by_pluggy() -> None:
    """What pluggy refuses beyond the kit's own checks is reported on one line."""
    (failure,) = _failures(Plugin(_rule(), name="shaanxi-province"))
    assert failure.startswith(
        "labourbrand: plugin 'shaanxi-province': Plugin name already registered: "
    )
    assert "\n" not in failure


# ------------------------------------------------------------------ the API
def test_error_is_an_assertion_and_a_labourbrand_error() -> None:
    """ConformanceError fails a test like an assert, and is caught like any labourbrand error."""
    with pytest.raises(ConformanceError) as info:
        check_plugin(Plugin(_rule(jurisdiction="610999")), name="typo")
    error = info.value
    assert isinstance(error, AssertionError)
    assert isinstance(error, LabourBrandError)
    (failure,) = error.failures
    assert failure.hook == "labourbrand_rules"
    assert failure.invariant == "jurisdiction"
    assert failure.input.startswith("Rule(measure=<Measure.EMPLOYMENT_AWARD")
    assert str(error) == str(failure)
    assert error.report.plugin == "typo"
    assert error.report.examples == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": ""}, "name=''"),
        ({"name": 5}, r"name=5 \(type=int\)"),
        ({"max_examples": 0}, "max_examples=0"),
        ({"max_examples": True}, r"max_examples=True \(type=bool\)"),
        ({"on": "2023-13-01"}, "2023-13-01"),
    ],
)
def test_invalid_arguments(kwargs: dict[str, object], match: str) -> None:
    """Bad options of check_plugin are InvalidArgumentError."""
    with pytest.raises(InvalidArgumentError, match=match):
        check_plugin(Plugin(_rule()), **kwargs)  # type: ignore[arg-type]


def test_every_invariant_has_a_description() -> None:
    """The invariant codes of failures are keys of INVARIANTS, each described."""
    assert all(conformance.INVARIANTS.values())
    assert conformance.__all__ == sorted(
        conformance.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
    )


def test_per_head_rules_that_cannot_pass_the_cap() -> None:
    """A zero rate, or a rule capped below the province's cap, gives no cap failure."""
    zero = PerHead(rates=[("rural_signed", Fen(0))])
    capped = PerHead(
        rates=[("rural_signed", Fen.from_yuan(200))], cap=Fen.from_yuan(250_000)
    )
    for formula in (zero, capped):
        report = check_plugin(Plugin(_rule(formula, jurisdiction="610900")), on=ON)
        assert report.rules == 1
