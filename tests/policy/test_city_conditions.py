"""Clause 4.2: 符合条件…可给予…具体由市级财政、人社部门制定 — the city adds conditions, or declines."""

from __future__ import annotations

import numpy as np
import pendulum
import pytest

import labourbrand as lb
from labourbrand import Fen, hookimpl
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy import OUTCOME_CODES, Flat, Measure, Outcome, Policy, Rule
from labourbrand.rules import Declines, MinimumCount


D = pendulum.Date
ON = D(2023, 7, 1)
AT_LEAST_600 = MinimumCount(
    count="signed",
    at_least=600,
    zh="签订协议的从业人员不少于600人(示例)",
    en="at least 600 practitioners with signed agreements (illustrative)",
)


class CityRules:
    """安康市's illustrative award with its own conditions (no published rule)."""

    name = "ankang-conditions"

    def __init__(self, *conditions: MinimumCount | Declines) -> None:
        self.conditions = conditions

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610900",
                first_day="2022-04-29",
                formula=Flat(Fen.from_yuan(100_000)),
                reference="illustrative",
                illustrative=True,
                conditions=self.conditions,
            )
        ]


def _brand(signed: int | None, rural_signed: int = 520) -> lb.Brand:
    return lb.Brand(
        name_zh="紫阳修脚师",
        county="610924",
        workforce=[
            lb.WorkforceObservation(
                on=D(2023, 6, 30),
                practitioners=900,
                signed=signed,
                rural=800,
                rural_signed=rural_signed,
            )
        ],
    )


def _both(policy: Policy, signed: int | None) -> tuple[Outcome, Outcome]:
    """The per-brand outcome and the batch outcome of the same brand."""
    decision = policy.employment_award(_brand(signed), on=ON)
    columns = {
        "county": np.array(["610924"]),
        "signed": np.array([-1 if signed is None else signed]),
        "rural_signed": np.array([520]),
    }
    batch = policy.evaluate_batch(columns, on=ON, measures=["employment_award"])
    return decision.outcome, OUTCOME_CODES[int(batch["employment_award"].outcome[0])]


@pytest.mark.parametrize(
    ("signed", "outcome"),
    [
        (600, Outcome.ELIGIBLE),
        (599, Outcome.INELIGIBLE),
        (None, Outcome.UNDETERMINED),
    ],
)
def test_a_city_minimum_count(signed: int | None, outcome: Outcome) -> None:
    """A city's own minimum, checked after the province's 500, per brand and in batch alike."""
    policy = Policy.shaanxi(plugins=[CityRules(AT_LEAST_600)], entry_points=False)
    assert _both(policy, signed) == (outcome, outcome)
    decision = policy.employment_award(_brand(signed), on=ON)
    if signed is not None:
        assert "at least 600 practitioners with signed agreements" in decision.explain()
    if outcome is Outcome.ELIGIBLE:
        assert decision.amount == Fen.from_yuan(100_000)
    else:
        assert decision.amount is None


def test_a_city_declines() -> None:
    """可给予: a city may give no such award, and the decision says why."""
    declines = Declines(
        zh="本市暂不设立该项奖补(示例)", en="the city gives none for now (illustrative)"
    )
    policy = Policy.shaanxi(plugins=[CityRules(declines)], entry_points=False)
    assert _both(policy, 700) == (Outcome.INELIGIBLE, Outcome.INELIGIBLE)
    decision = policy.employment_award(_brand(700), on=ON)
    assert "gives no such award: the city gives none for now" in decision.explain()
    # The province's conditions come first: below 500 says so, not the city's refusal.
    below = policy.employment_award(_brand(300, 300), on=ON)
    assert "gives no such award" not in below.explain()


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: MinimumCount(count="workers", at_least=1, zh="x", en="x"), "count"),
        (lambda: MinimumCount(count="signed", at_least=-1, zh="x", en="x"), "at_least"),
        (lambda: MinimumCount(count="signed", at_least=1, zh=" ", en="x"), "zh"),
        (lambda: Declines(zh="x", en=""), "en"),
    ],
)
def test_a_city_condition_is_checked_when_built(make: object, field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        make()  # type: ignore[operator]
    assert info.value.field == field


def test_a_rule_takes_only_city_conditions() -> None:
    with pytest.raises(InvalidArgumentError, match="MinimumCount or Declines") as info:
        Rule(
            measure="employment_award",
            jurisdiction="610900",
            first_day="2022-04-29",
            formula=Flat(Fen.from_yuan(1)),
            reference="x",
            conditions=["at least 600"],
        )
    assert info.value.field == "conditions[0]"
