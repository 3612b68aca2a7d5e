"""Faulty plugins: each fault gives an error naming the plugin, nothing half-applied."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest

from labourbrand import Brand, Fen, WorkforceObservation, hookimpl
from labourbrand.exceptions import PluginError, PluginResultError
from labourbrand.plugins import get_plugin_manager
from labourbrand.policy import Flat, Measure, Policy, Rule


D = pendulum.Date
BRAND = Brand(
    name_zh="紫阳修脚师",
    county="610924",
    workforce=[
        WorkforceObservation(
            on=D(2023, 6, 30), practitioners=900, rural=800, rural_signed=600
        )
    ],
)


def _rule(
    jurisdiction: str = "610900",
    first_day: str = "2023-01-01",
    **kw: Any,  # noqa: ANN401 - any Rule field
) -> Rule:
    return Rule(
        measure=Measure.EMPLOYMENT_AWARD,
        jurisdiction=jurisdiction,
        first_day=first_day,
        formula=kw.pop("formula", Flat(Fen.from_yuan(100_000))),
        reference="illustrative",
        illustrative=True,
        **kw,
    )


class Returns:
    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value

    @hookimpl
    def labourbrand_rules(self) -> object:
        return self.value


class Raises:
    name = "raiser"

    @hookimpl
    def labourbrand_rules(self) -> object:
        msg = "database down"
        raise RuntimeError(msg)


def test_hook_that_raises_names_plugin_and_hook() -> None:
    """An exception in a plugin's hook becomes a PluginError naming both."""
    with pytest.raises(
        PluginError,
        match=r"plugin 'raiser', hook 'labourbrand_rules': raised RuntimeError: database down",
    ) as info:
        Policy.shaanxi(plugins=[Raises()], entry_points=False)
    assert info.value.plugin_name == "raiser"
    assert isinstance(info.value.__cause__, RuntimeError)


def test_result_that_is_not_a_rule() -> None:
    """A float instead of a rule is a PluginResultError carrying the value."""
    with pytest.raises(PluginResultError, match=r"got 150000.0 \(type=float\)") as info:
        Policy.shaanxi(plugins=[Returns("floaty", [150000.0])], entry_points=False)
    assert info.value.value == 150000.0
    assert info.value.plugin_name == "floaty"


def test_result_that_is_not_iterable() -> None:
    """A single rule instead of a list is a PluginResultError."""
    with pytest.raises(PluginResultError, match="iterable"):
        Policy.shaanxi(plugins=[Returns("single", _rule())], entry_points=False)


def test_unknown_jurisdiction() -> None:
    """A rule for a code that is not in the registry is refused."""
    with pytest.raises(PluginResultError, match="jurisdiction='610999'"):
        Policy.shaanxi(plugins=[Returns("typo", [_rule("610999")])], entry_points=False)


def test_two_plugins_claiming_one_city() -> None:
    """Two plugins with rules for the same measure and city fail at load, naming both."""
    with pytest.raises(
        PluginError,
        match="plugins 'a' and 'b' both supply employment_award rules for jurisdiction '610900'",
    ):
        Policy.shaanxi(
            plugins=[Returns("a", [_rule()]), Returns("b", [_rule()])],
            entry_points=False,
        )


def test_overlapping_rules_of_one_plugin() -> None:
    """Dated rules of one jurisdiction must not overlap."""
    rules = [_rule(first_day="2023-01-01"), _rule(first_day="2024-01-01")]
    with pytest.raises(PluginError, match="overlap"):
        Policy.shaanxi(plugins=[Returns("o", rules)], entry_points=False)
    ok = [
        _rule(first_day="2023-01-01", last_day="2023-12-31"),
        _rule(first_day="2024-01-01"),
    ]
    assert (
        len(Policy.shaanxi(plugins=[Returns("o", ok)], entry_points=False).rules) == 2
    )


def test_misspelled_hook_is_caught() -> None:
    """A hook name labourbrand does not define fails check_pending, naming the plugin."""

    class Misspelled:
        name = "speller"

        @hookimpl
        def labourbrand_rule(self) -> list[Rule]:
            return []

    with pytest.raises(PluginError, match="plugin 'speller'"):
        get_plugin_manager(plugins=[Misspelled()], entry_points=False)


def test_wrong_argument_name_is_caught() -> None:
    """A hook implementation with an argument the spec lacks is refused at registration."""

    class WrongArgs:
        name = "wrongargs"

        @hookimpl
        def labourbrand_rules(self, city: str) -> list[Rule]:  # noqa: ARG002 - the fault under test
            return []

    with pytest.raises(
        PluginError, match=r"(?s)plugin 'wrongargs'.*Argument\(s\) \{'city'\}"
    ):
        get_plugin_manager(plugins=[WrongArgs()], entry_points=False)


def test_formula_faults_name_plugin_and_jurisdiction() -> None:
    """A per-brand formula that raises or returns a non-Fen is reported at decision time."""

    def boom(_b: Brand, _o: object, _on: pendulum.Date) -> Fen:
        msg = "bad formula"
        raise ZeroDivisionError(msg)

    policy = Policy.shaanxi(
        plugins=[Returns("f", [_rule(formula=boom)])], entry_points=False
    )
    with pytest.raises(PluginError, match="jurisdiction '610900'") as info:
        policy.employment_award(BRAND, on=D(2023, 7, 1))
    assert info.value.plugin_name == "f"

    for bad in (1500.0, -5, 100):
        policy = Policy.shaanxi(
            plugins=[Returns("g", [_rule(formula=lambda *_, v=bad: v)])],
            entry_points=False,
        )
        with pytest.raises(PluginResultError, match="Expected a Fen amount") as err:
            policy.employment_award(BRAND, on=D(2023, 7, 1))
        assert err.value.value == bad


def test_formula_may_return_none_or_fen() -> None:
    """A per-brand formula returning None leaves no amount; a Fen is used and capped."""
    policy = Policy.shaanxi(
        plugins=[Returns("n", [_rule(formula=lambda *_: None)])], entry_points=False
    )
    assert policy.employment_award(BRAND, on=D(2023, 7, 1)).amount is None
    big = Fen.from_yuan(1_000_000)
    policy = Policy.shaanxi(
        plugins=[Returns("m", [_rule(formula=lambda *_: big)])], entry_points=False
    )
    decision = policy.employment_award(BRAND, on=D(2023, 7, 1))
    assert decision.amount == Fen.from_yuan(300_000)
    assert decision.capped


def test_same_plugin_twice() -> None:
    """Registering two plugins under one name is a PluginError."""
    with pytest.raises(PluginError, match="plugin 'dup'"):
        get_plugin_manager(
            plugins=[Returns("dup", []), Returns("dup", [])], entry_points=False
        )
