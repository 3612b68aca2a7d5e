"""Tests of the 宝鸡市 example plugin with the shape of 太原市's rule."""

from __future__ import annotations

import doctest

import baoji_labourbrand
import pendulum
import pytest
from baoji_labourbrand import CAP, new_jobs, plugin, taiyuan_shape
from hypothesis import given
from hypothesis import strategies as st

import labourbrand as lb
from labourbrand.policy import Outcome
from labourbrand.testing import check_plugin, strategies


ON = pendulum.Date(2024, 7, 1)
BEFORE = pendulum.Date(2023, 12, 31)
LATEST = pendulum.Date(2024, 6, 30)


def observation(
    on: pendulum.Date, practitioners: int, trained: int | None = None
) -> lb.WorkforceObservation:
    """A head count with 600 rural workers with signed agreements (above the threshold)."""
    return lb.WorkforceObservation(
        on=on,
        practitioners=practitioners,
        rural=practitioners,
        rural_signed=600,
        trained=trained,
    )


def brand(*observations: lb.WorkforceObservation, county: str = "610326") -> lb.Brand:
    """A brand in *county* (眉县, 宝鸡市, by default) with these head counts."""
    return lb.Brand(name_zh="眉县猕猴桃技工", county=county, workforce=observations)


@pytest.fixture(scope="module")
def policy() -> lb.Policy:
    """The province's policy with only this plugin (no installed plugin)."""
    return lb.Policy.shaanxi(plugins=[plugin], entry_points=False)


def award(policy: lb.Policy, subject: lb.Brand, on: pendulum.Date = ON) -> lb.Decision:
    """The employment-award decision for *subject* on *on*."""
    return policy.employment_award(subject, on=on)


def test_conforms() -> None:
    """The plugin passes labourbrand's conformance checks on every day of its rules."""
    report = check_plugin(plugin, name="baoji")
    assert report.rules == 1
    assert report.examples > 0
    assert report.notes == ()


def test_trained_and_new_jobs(policy: lb.Policy) -> None:
    """120 persons trained and 100 new jobs make 120 x 500 + 100 x 300 = 90,000 yuan."""
    decision = award(
        policy, brand(observation(BEFORE, 1000), observation(LATEST, 1100, 120))
    )
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount == lb.Fen.from_yuan(90_000)
    [supplier] = decision.suppliers
    assert (supplier.plugin, supplier.version, supplier.jurisdiction) == (
        "baoji",
        "1.0.0",
        "610300",
    )
    assert "太原市" in supplier.reference
    assert "illustrative" in supplier.reference


def test_one_head_count_has_no_new_jobs(policy: lb.Policy) -> None:
    """With a single head count only the persons trained count: 100 x 500 = 50,000 yuan."""
    decision = award(policy, brand(observation(LATEST, 1100, 100)))
    assert decision.amount == lb.Fen.from_yuan(50_000)


def test_a_fall_in_practitioners_counts_as_no_new_jobs(policy: lb.Policy) -> None:
    """Fewer practitioners than before give 0 new jobs, not a deduction: 40,000 yuan."""
    decision = award(
        policy, brand(observation(BEFORE, 1200), observation(LATEST, 1000, 80))
    )
    assert decision.amount == lb.Fen.from_yuan(40_000)


def test_uses_the_two_latest_head_counts_on_or_before_the_day(
    policy: lb.Policy,
) -> None:
    """Head counts after the day are ignored, and older ones do not add new jobs."""
    subject = brand(
        observation(pendulum.Date(2022, 12, 31), 700),
        observation(BEFORE, 1000),
        observation(LATEST, 1050, 10),
        observation(pendulum.Date(2024, 12, 31), 3000, 1000),
    )
    # 10 x 500 + (1050 - 1000) x 300 = 5,000 + 15,000
    assert award(policy, subject).amount == lb.Fen.from_yuan(20_000)


def test_capped_at_200000_yuan(policy: lb.Policy) -> None:
    """300 trained and 500 new jobs (300,000 yuan) are capped at the rule's 200,000 yuan."""
    decision = award(
        policy, brand(observation(BEFORE, 1000), observation(LATEST, 1500, 300))
    )
    assert decision.amount == lb.Fen.from_yuan(200_000)
    # The rule's own cap, below the province's: the decision is not marked capped.
    assert not decision.capped


def test_persons_trained_not_counted_gives_no_amount(policy: lb.Policy) -> None:
    """When persons trained were not counted, the amount is unknown, not zero."""
    decision = award(
        policy, brand(observation(BEFORE, 1000), observation(LATEST, 1100, None))
    )
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount is None
    assert decision.suppliers[0].plugin == "baoji"


def test_no_amount_before_2024(policy: lb.Policy) -> None:
    """Before the rule's first day the amount is unset and 宝鸡市 must set it."""
    subject = brand(observation(BEFORE, 1000, 100))
    decision = award(policy, subject, on=pendulum.Date(2023, 12, 31))
    assert decision.amount is None
    assert decision.amount_set_by == "宝鸡市财政、人社部门"


def test_other_cities_are_untouched(policy: lb.Policy) -> None:
    """A brand in 安康市 (紫阳县) gets no amount from this plugin."""
    subject = brand(observation(LATEST, 1100, 100), county="610924")
    assert award(policy, subject).suppliers == ()


def test_new_jobs_counts_from_the_previous_head_count() -> None:
    """new_jobs is the rise from the head count just before, and 0 for the first one."""
    first, second = observation(BEFORE, 1000), observation(LATEST, 1100)
    subject = brand(first, second)
    assert (new_jobs(subject, second), new_jobs(subject, first)) == (100, 0)


@given(
    workforce=strategies.workforce_series(min_size=1, max_size=4),
    on=strategies.dates(),
)
def test_formula_is_bounded_and_unknown_stays_unknown(
    workforce: tuple[lb.WorkforceObservation, ...], on: pendulum.Date
) -> None:
    """For any head counts the amount is at most 200,000 yuan, and None iff trained is unknown."""
    subject = lb.Brand(name_zh="示例品牌", county="610326", workforce=workforce)
    latest = subject.workforce_on(on)
    amount = taiyuan_shape(subject, latest, on)
    if latest is None or latest.trained is None:
        assert amount is None
    else:
        assert amount is not None
        assert amount <= CAP
        assert amount >= baoji_labourbrand.PER_PERSON_TRAINED * min(latest.trained, 400)


@given(trained=st.integers(0, 399))
def test_below_the_cap_each_person_trained_adds_500_yuan(trained: int) -> None:
    """Below the cap, one more person trained adds exactly 500 yuan."""
    subject = brand(observation(LATEST, 1000, trained))
    more = brand(observation(LATEST, 1000, trained + 1))
    low = taiyuan_shape(subject, subject.workforce[-1], ON)
    high = taiyuan_shape(more, more.workforce[-1], ON)
    assert low is not None
    assert high == low + lb.Fen.from_yuan(500)


def test_docstring_examples() -> None:
    """The examples in the module's docstrings give the results they show."""
    assert doctest.testmod(baoji_labourbrand).failed == 0
