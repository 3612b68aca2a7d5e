"""Rules as data validate what a plugin builds."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from labourbrand import Fen, WorkforceObservation
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy import DELEGATED_TO, Flat, Measure, PerHead, Ratio, Rule


def test_every_measure_names_who_sets_it_and_its_clause() -> None:
    """Each measure has a Chinese name, a clause and the body the text delegates to."""
    for measure in Measure:
        assert measure.zh
        assert measure.clause in {"3.4", "4.1", "4.2", "4.3", "5.1", "7.3"}
        zh, en = DELEGATED_TO[measure]
        assert zh
        assert en


@pytest.mark.parametrize(
    "rates",
    [
        [],
        [("salary", Fen(1))],
        [("rural_signed", 100)],
        ["rural_signed"],
        [("rural_signed", Fen(1), 3)],
    ],
)
def test_per_head_rates_are_checked(rates: list[object]) -> None:
    """Per-head rates need (head count field, Fen) pairs."""
    with pytest.raises(InvalidArgumentError) as info:
        PerHead(rates=rates)  # type: ignore[arg-type]
    assert info.value.field == "rates"


def test_per_head_sums_and_caps() -> None:
    """A per-head rule sums rate times head count, within its own cap."""
    obs = WorkforceObservation(
        on=pendulum.Date(2023, 1, 1),
        practitioners=100,
        rural=80,
        rural_signed=60,
        poverty_alleviated=10,
    )
    rule = PerHead(
        rates=[("rural_signed", Fen(100)), ("poverty_alleviated", Fen(50))],
        cap=Fen(6000),
    )
    assert rule.amount_for(obs) == Fen(6000)
    assert PerHead(rates=[("rural_signed", Fen(100))]).amount_for(obs) == Fen(6000 - 0)
    assert rule.amount_for(None) is None


def test_flat_needs_fen() -> None:
    """A flat amount is a Fen, never an int or float."""
    with pytest.raises(InvalidArgumentError, match="Fen amount"):
        Flat(100_000)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [Decimal(0), Decimal("1.5"), Decimal("NaN"), 0.3, "0.3"],
    ids=["zero", "above-one", "nan", "float", "str"],
)
def test_ratio_bounds(bad: object) -> None:
    """A ratio is a Decimal in (0, 1]."""
    with pytest.raises(InvalidArgumentError, match="ratio"):
        Ratio(bad)  # type: ignore[arg-type]
    assert Ratio(Decimal(1)).value == 1


def test_rule_checks() -> None:
    """A rule needs a formula and an ordered period."""
    with pytest.raises(InvalidArgumentError, match="formula"):
        Rule(
            measure=Measure.EMPLOYMENT_AWARD,
            jurisdiction="610900",
            first_day="2023-01-01",
            formula=5,  # type: ignore[arg-type]
            reference="x",
        )
    with pytest.raises(InvalidArgumentError, match="last_day"):
        Rule(
            measure=Measure.EMPLOYMENT_AWARD,
            jurisdiction="610900",
            first_day="2023-01-01",
            last_day="2022-12-31",
            formula=Flat(Fen(1)),
            reference="x",
        )
    rule = Rule(
        measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900", first_day="2023-01-01",
        last_day="2023-12-31", formula=Flat(Fen(1)), reference="x",
    )  # fmt: skip
    assert rule.in_force(pendulum.Date(2023, 12, 31))
    assert not rule.in_force(pendulum.Date(2024, 1, 1))


def test_per_head_on_an_uncounted_head_count_gives_no_amount() -> None:
    """A rate per person trained gives no amount when training was not counted."""
    rule = PerHead(rates=[("trained", Fen.from_yuan(500))])
    day = pendulum.Date(2024, 6, 30)
    uncounted = WorkforceObservation(
        on=day, practitioners=100, rural=80, rural_signed=60
    )
    assert uncounted.trained is None
    assert rule.amount_for(uncounted) is None
    counted = WorkforceObservation(
        on=day, practitioners=100, rural=80, rural_signed=60, trained=40
    )
    assert rule.amount_for(counted) == Fen.from_yuan(20_000)
