"""Tests of the 杨凌示范区 example plugin: zone precedence and a county override."""

from __future__ import annotations

import doctest

import pendulum
import pytest
import yangling_labourbrand
from yangling_labourbrand import plugin

import labourbrand as lb
from labourbrand.exceptions import PluginError
from labourbrand.policy import Flat, Measure, Outcome, Rule
from labourbrand.testing import check_plugin


ON = pendulum.Date(2023, 7, 1)
OBSERVED = pendulum.Date(2023, 6, 30)


class Xianyang:
    """A small 咸阳市 plugin: 50,000 yuan for 610400 (illustrative)."""

    name = "xianyang"
    __version__ = "0.0.1"

    @lb.hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        """Return one flat employment-award rule for 咸阳市."""
        return [
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610400",
                first_day="2023-01-01",
                formula=Flat(lb.Fen.from_yuan(50_000)),
                reference="illustrative: test only",
                illustrative=True,
            )
        ]


class Xian:
    """A second author for 西安市's award, which must be refused (illustrative)."""

    name = "xian"

    @lb.hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        """Return a flat employment-award rule for 西安市, as this plugin also does."""
        return [
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610100",
                first_day="2024-01-01",
                formula=Flat(lb.Fen.from_yuan(90_000)),
                reference="illustrative: test only",
                illustrative=True,
            )
        ]


def brand(county: str, observed: pendulum.Date = OBSERVED) -> lb.Brand:
    """A brand in *county*, above the threshold of 500 workers with signed agreements."""
    observation = lb.WorkforceObservation(
        on=observed, practitioners=900, rural=800, rural_signed=520
    )
    return lb.Brand(name_zh="示例品牌", county=county, workforce=[observation])


@pytest.fixture(scope="module")
def policy() -> lb.Policy:
    """The policy with this plugin and a 咸阳市 plugin (no installed plugin)."""
    return lb.Policy.shaanxi(plugins=[plugin, Xianyang()], entry_points=False)


def supplied(decision: lb.Decision) -> tuple[lb.Fen | None, str, str]:
    """The amount, the plugin and the jurisdiction that supplied it."""
    [supplier] = decision.suppliers
    return decision.amount, supplier.plugin, supplier.jurisdiction


def test_conforms() -> None:
    """The plugin passes labourbrand's conformance checks on every day of its rules."""
    report = check_plugin(plugin, name="yangling")
    rules = plugin.labourbrand_rules()
    assert sorted(rule.jurisdiction for rule in rules) == [
        "610100",
        "610124",
        "yangling",
    ]
    assert report.rules == len(rules)
    assert report.examples > 0
    assert report.notes == ()


def test_yangling_wins_over_xianyang_in_610403(policy: lb.Policy) -> None:
    """A brand in 杨陵区 gets 杨凌示范区's 80,000 yuan, not 咸阳市's 50,000 yuan."""
    decision = policy.employment_award(brand("610403"), on=ON)
    assert decision.outcome is Outcome.ELIGIBLE
    assert supplied(decision) == (lb.Fen.from_yuan(80_000), "yangling", "yangling")
    assert "杨凌" in decision.explain(lang="zh")


def test_xianyang_rule_applies_in_its_other_counties(policy: lb.Policy) -> None:
    """A brand in 秦都区 (咸阳市) gets 咸阳市's 50,000 yuan from the 咸阳 plugin."""
    decision = policy.employment_award(brand("610402"), on=ON)
    assert supplied(decision) == (lb.Fen.from_yuan(50_000), "xianyang", "610400")


def test_xianyang_rule_never_reaches_610403() -> None:
    """Without this plugin, 咸阳市's rule still leaves 杨陵区's amount unset."""
    alone = lb.Policy.shaanxi(plugins=[Xianyang()], entry_points=False)
    decision = alone.employment_award(brand("610403"), on=ON)
    assert decision.amount is None
    assert decision.amount_set_by == "杨凌农业高新技术产业示范区财政、人社部门"


def test_county_rule_overrides_the_city_rule(policy: lb.Policy) -> None:
    """A brand in 周至县 gets the county's 150,000 yuan, not 西安市's 120,000 yuan."""
    decision = policy.employment_award(brand("610124"), on=ON)
    assert supplied(decision) == (lb.Fen.from_yuan(150_000), "yangling", "610124")


def test_other_counties_keep_the_city_rule(policy: lb.Policy) -> None:
    """A brand in 蓝田县 (610122), with no county rule, gets 西安市's 120,000 yuan."""
    decision = policy.employment_award(brand("610122"), on=ON)
    assert supplied(decision) == (lb.Fen.from_yuan(120_000), "yangling", "610100")


def test_no_amount_before_2023(policy: lb.Policy) -> None:
    """On 2022-12-31 no rule is in force, and 杨凌示范区's bureaus must set the amount."""
    decision = policy.employment_award(
        brand("610403", pendulum.Date(2022, 6, 30)), on=pendulum.Date(2022, 12, 31)
    )
    assert decision.amount is None
    assert decision.suppliers == ()
    assert decision.amount_set_by == "杨凌农业高新技术产业示范区财政、人社部门"


def test_a_second_author_for_a_jurisdiction_is_refused() -> None:
    """Another plugin's rule for 西安市 is a PluginError naming both plugins."""
    with pytest.raises(PluginError, match=r"'xian' and 'yangling'.*'610100'"):
        lb.Policy.shaanxi(plugins=[plugin, Xian()], entry_points=False)


def test_docstring_examples() -> None:
    """The examples in the module's docstrings give the results they show."""
    assert doctest.testmod(yangling_labourbrand).failed == 0
