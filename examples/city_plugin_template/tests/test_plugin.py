"""Tests of the template city plugin: conformance, then concrete decisions.

Keep these tests when you copy the template, and change the amounts they
expect to your city's.
"""

from __future__ import annotations

import doctest
import importlib.metadata

import mycity_labourbrand
import pendulum
import pytest
from mycity_labourbrand import plugin

import labourbrand as lb
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
    return lb.Brand(name_zh="示例品牌", county=county, workforce=[observation])


@pytest.fixture(scope="module")
def policy() -> lb.Policy:
    """The province's policy with only this plugin (no installed plugin)."""
    return lb.Policy.shaanxi(plugins=[plugin], entry_points=False)


def test_the_distribution_ships_the_package() -> None:
    """The installed distribution contains the module its entry point names: not empty.

    A wheel built without its ``packages`` line installs empty, and without an
    error; so run the tests on the distribution installed without ``-e``.
    """
    files = importlib.metadata.distribution("mycity-labourbrand").files or []
    assert "mycity_labourbrand/__init__.py" in {f.as_posix() for f in files}, (
        "mycity-labourbrand is installed without mycity_labourbrand/__init__.py: "
        'install it with `python -m pip install ".[tests]"` (not -e), and check '
        "the packages of [tool.hatch.build.targets.wheel] in pyproject.toml"
    )


def test_the_entry_point_names_the_plugin() -> None:
    """The distribution's entry point, named as the plugin, names this plugin object."""
    [entry_point] = importlib.metadata.entry_points(group="labourbrand", name="mycity")
    assert entry_point.load() is plugin


def test_conforms() -> None:
    """The plugin passes labourbrand's conformance checks on every day of its rules."""
    report = check_plugin(plugin, name="mycity")
    assert report.rules == 1
    assert report.examples > 0
    assert report.notes == ()


def test_award_in_a_county_of_the_city(policy: lb.Policy) -> None:
    """A brand in a county of 安康市 gets the flat award, supplied by this plugin."""
    decision = policy.employment_award(brand("610924"), on=ON)
    assert decision.outcome is lb.policy.Outcome.ELIGIBLE
    assert decision.amount == lb.Fen.from_yuan(50_000)
    [supplier] = decision.suppliers
    assert (supplier.plugin, supplier.version, supplier.jurisdiction) == (
        "mycity",
        "0.1.0",
        "610900",
    )


def test_amount_is_marked_illustrative(policy: lb.Policy) -> None:
    """Every decision that uses the amount says that it is illustrative."""
    decision = policy.employment_award(brand(), on=ON)
    assert "illustrative" in decision.steps[-1].en


def test_no_amount_before_the_first_day(policy: lb.Policy) -> None:
    """Before the rule's first day the amount is unset and the city must set it."""
    decision = policy.employment_award(
        brand(observed=pendulum.Date(2022, 6, 30)), on=pendulum.Date(2022, 12, 31)
    )
    assert decision.outcome is lb.policy.Outcome.ELIGIBLE
    assert decision.amount is None
    assert decision.amount_set_by == "安康市财政、人社部门"


def test_no_award_below_the_threshold(policy: lb.Policy) -> None:
    """A brand below 500 rural workers with signed agreements gets nothing."""
    decision = policy.employment_award(brand(rural_signed=499), on=ON)
    assert decision.outcome is lb.policy.Outcome.INELIGIBLE
    assert decision.amount is None


def test_other_cities_are_untouched(policy: lb.Policy) -> None:
    """A brand in another city (宝鸡市 眉县) has no amount from this plugin."""
    decision = policy.employment_award(brand("610326"), on=ON)
    assert decision.amount is None
    assert decision.suppliers == ()


def test_docstring_examples() -> None:
    """The examples in the module's docstrings give the results they show."""
    assert doctest.testmod(mycity_labourbrand).failed == 0
