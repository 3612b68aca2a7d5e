"""Tests of the 安康市 example plugin: conformance, then concrete decisions."""

from __future__ import annotations

import doctest

import ankang_labourbrand
import pendulum
import pytest
from ankang_labourbrand import plugin

import labourbrand as lb
from labourbrand.policy import Ledger, Outcome
from labourbrand.testing import check_plugin


ON = pendulum.Date(2023, 7, 1)
OBSERVED = pendulum.Date(2023, 6, 30)


def brand(
    county: str = "610924",
    *,
    rural_signed: int = 520,
    observed: pendulum.Date = OBSERVED,
) -> lb.Brand:
    """A brand in *county* with one head count, made on day *observed*."""
    observation = lb.WorkforceObservation(
        on=observed,
        practitioners=900,
        # Every practitioner with a signed agreement is rural here: the count
        # of clause 4.2 is the same under either reading.
        signed=rural_signed,
        rural=800,
        rural_signed=rural_signed,
    )
    return lb.Brand(name_zh="紫阳修脚师", county=county, workforce=[observation])


@pytest.fixture(scope="module")
def policy() -> lb.Policy:
    """The province's policy with only this plugin (no installed plugin)."""
    return lb.Policy.shaanxi(plugins=[plugin], entry_points=False)


def test_conforms() -> None:
    """The plugin passes labourbrand's conformance checks on every day of its rules."""
    report = check_plugin(plugin, name="ankang")
    assert report.rules == 1
    assert report.examples > 0
    assert report.notes == ()


@pytest.mark.parametrize("county", ["610902", "610924", "610929"])
def test_every_county_gets_the_city_award(policy: lb.Policy, county: str) -> None:
    """A brand in any county of 安康市 gets 100,000 yuan, supplied by this plugin."""
    decision = policy.employment_award(brand(county), on=ON)
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount == lb.Fen.from_yuan(100_000)
    assert not decision.capped
    [supplier] = decision.suppliers
    assert (supplier.plugin, supplier.version, supplier.jurisdiction) == (
        "ankang",
        "1.0.0",
        "610900",
    )
    assert supplier.reference == "illustrative: no published amount"


def test_the_amount_is_the_same_whatever_the_size(policy: lb.Policy) -> None:
    """A flat award does not grow with the number of workers with signed agreements."""
    small = policy.employment_award(brand(rural_signed=500), on=ON)
    large = policy.employment_award(brand(rural_signed=800), on=ON)
    assert small.amount == large.amount == lb.Fen.from_yuan(100_000)


def test_decisions_say_the_amount_is_illustrative(policy: lb.Policy) -> None:
    """The English and Chinese explanations both flag the amount as illustrative."""
    decision = policy.employment_award(brand(), on=ON)
    assert "illustrative" in decision.steps[-1].en
    assert "100,000.00元" in decision.explain(lang="zh")


def test_no_amount_before_2023(policy: lb.Policy) -> None:
    """On 2022-12-31 the rule is not yet in force: the amount is unset, not zero."""
    decision = policy.employment_award(
        brand(observed=pendulum.Date(2022, 6, 30)), on=pendulum.Date(2022, 12, 31)
    )
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount is None
    assert decision.amount_set_by == "安康市财政、人社部门"


def test_no_award_below_the_threshold(policy: lb.Policy) -> None:
    """A brand with 499 rural workers with signed agreements gets nothing."""
    decision = policy.employment_award(brand(rural_signed=499), on=ON)
    assert decision.outcome is Outcome.INELIGIBLE
    assert decision.amount is None


def test_the_award_is_paid_once(policy: lb.Policy) -> None:
    """Once recorded in a ledger, the one-time award is not granted again."""
    first = policy.employment_award(brand(), on=ON)
    ledger = Ledger().record(first)
    again = policy.employment_award(
        brand(), on=pendulum.Date(2024, 7, 1), ledger=ledger
    )
    assert again.outcome is Outcome.INELIGIBLE
    assert again.amount is None


def test_other_cities_are_untouched(policy: lb.Policy) -> None:
    """A brand in 汉中市 (610702) gets no amount from this plugin."""
    decision = policy.employment_award(brand("610702"), on=ON)
    assert decision.amount is None
    assert decision.suppliers == ()


def test_docstring_examples() -> None:
    """The examples in the module's docstrings give the results they show."""
    assert doctest.testmod(ankang_labourbrand).failed == 0
