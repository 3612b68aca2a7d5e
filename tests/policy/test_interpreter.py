"""One interpreter: every measure, one brand or a row of columns, under arbitrary city rules."""

from __future__ import annotations

from typing import Any

import numpy as np
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourbrand import (
    Authority,
    Brand,
    Fen,
    Recognition,
    RecognitionLevel,
    Stage,
    WorkforceObservation,
)
from labourbrand.exceptions import InvalidArgumentError, PluginResultError
from labourbrand.lifecycle import import_record
from labourbrand.money import MAX_FEN
from labourbrand.plugins import hookimpl
from labourbrand.policy import (
    HEAD_COUNTS,
    OUTCOME_CODES,
    Flat,
    Ledger,
    Payment,
    PerHead,
    Policy,
    Rule,
    ShowcaseSelection,
)
from labourbrand.regions import shaanxi
from labourbrand.rules import Declines, MinimumCount


D = pendulum.Date
REGIONS = shaanxi()
MEASURES = [spec.id for spec in Policy.shaanxi(entry_points=False).document.measures]
#: The measures whose amount the text gives to the city level.
CITY_MEASURES = {
    spec.id
    for spec in Policy.shaanxi(entry_points=False).document.measures
    if spec.set_by.level.value == "city"
}
#: Counties of three cities, 杨陵区 (under 杨凌示范区) and 韩城 (city-level powers).
COUNTIES = ["610924", "610925", "610902", "610403", "610581", "610102", "610404"]
#: Jurisdictions a city rule set may name: counties, cities, the zone (the
#: province's own values are its baseline's, tested in test_batch.py).
JURISDICTIONS = [*COUNTIES, "610900", "610100", "610400", "yangling"]
DAYS = [D(2022, 4, 28), D(2022, 4, 29), D(2023, 7, 1), D(2025, 12, 31)]
SELECTION = ShowcaseSelection(
    level=RecognitionLevel.PROVINCIAL,
    selected_by=Authority.PROVINCIAL_HRSS,
    event="陕西省劳务品牌展示交流活动",
    on=D(2022, 4, 1),
)


class CityRules:
    """A plugin with the drawn rules."""

    name = "drawn"

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return self.rules


# Amounts of every legal size, small ones more often.
amounts = st.one_of(
    st.integers(0, 10**7), st.integers(0, MAX_FEN), st.sampled_from([0, 1, MAX_FEN])
).map(Fen)
formulas = st.one_of(
    amounts.map(Flat),
    st.builds(
        lambda rates, cap: PerHead(rates=rates, cap=cap),
        st.lists(
            st.tuples(st.sampled_from(sorted(HEAD_COUNTS)), amounts),
            min_size=1,
            max_size=3,
        ),
        st.none() | amounts,
    ),
)


city_conditions = st.one_of(
    st.builds(
        MinimumCount,
        count=st.sampled_from(["signed", "rural_signed", "practitioners"]),
        at_least=st.integers(0, 3_000),
        zh=st.just("示例条件"),
        en=st.just("an illustrative condition"),
    ),
    st.builds(Declines, zh=st.just("暂不给予"), en=st.just("not given for now")),
)


@st.composite
def rule_sets(draw: st.DrawFn) -> list[Rule]:
    """At most one rule per (measure, jurisdiction), each from one of two first days.

    A value the text gives to the city level (the one-time awards) is set by
    city-level units; a county's rule for one comes with its city's rule,
    which delegates to it, and the province sets none.
    """
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(MEASURES), st.sampled_from(JURISDICTIONS)),
            unique=True,
            max_size=8,
        )
    )
    regions = shaanxi()
    city_units = set(regions.city_level_units())
    delegates: dict[tuple[str, str], list[str]] = {}
    wanted: list[tuple[str, str]] = []
    for measure, jurisdiction in keys:
        if measure not in CITY_MEASURES or jurisdiction in city_units:
            wanted.append((measure, jurisdiction))
        else:
            city = regions.city_level_unit(jurisdiction)
            delegates.setdefault((measure, city), []).append(jurisdiction)
            wanted.append((measure, jurisdiction))
    wanted += [key for key in delegates if key not in wanted]
    return [
        Rule(
            measure=measure,
            jurisdiction=jurisdiction,
            first_day=draw(st.sampled_from(["2022-04-29", "2023-01-01"])),
            last_day=draw(st.sampled_from([None, "2024-12-31"])),
            formula=draw(formulas),
            reference="illustrative: drawn",
            illustrative=True,
            delegates_to=tuple(delegates.get((measure, jurisdiction), ())),
            # The city's own conditions (具体由市级…制定), on some rules.
            conditions=draw(st.lists(city_conditions, max_size=2))
            if measure in CITY_MEASURES
            else (),
        )
        for measure, jurisdiction in wanted
    ]


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    """One brand's facts: a whole observation or none, known or unknown flags."""
    row: dict[str, Any] = {"county": draw(st.sampled_from(["", *COUNTIES]))}
    if draw(st.booleans()):
        practitioners = draw(st.integers(0, 3_000))
        rural = draw(st.integers(0, practitioners))
        rural_signed = draw(st.integers(0, rural))
        row |= {
            "practitioners": practitioners,
            # Practitioners with signed agreements: counted, or not (-1).
            "signed": draw(st.just(-1) | st.integers(rural_signed, practitioners)),
            "rural": rural,
            "rural_signed": rural_signed,
            "poverty_alleviated": draw(st.integers(0, rural)),
            "rural_low_income": draw(st.integers(0, rural)),
            "trained": draw(st.integers(-1, 2_000)),
        }
    else:
        row |= dict.fromkeys(
            (
                "practitioners",
                "signed",
                "rural",
                "rural_signed",
                "poverty_alleviated",
                "rural_low_income",
                "trained",
            ),
            -1,
        )
    row["founders"] = draw(st.integers(-1, 50))
    row["exited"] = draw(st.booleans())
    row["provincial_recognition"] = draw(st.booleans())
    row["showcase_selected"] = draw(st.booleans())
    row["training_base"] = draw(st.sampled_from([-1, 0, 1]))
    row["paid"] = draw(st.sampled_from(MEASURES) | st.none())
    return row


def brand_of(index: int, row: dict[str, Any]) -> Brand:
    """The brand record the row describes."""
    workforce: tuple[WorkforceObservation, ...] = ()
    if row["practitioners"] >= 0:
        workforce = (
            WorkforceObservation(
                on=D(2022, 1, 1),
                practitioners=row["practitioners"],
                signed=None if row["signed"] < 0 else row["signed"],
                rural=row["rural"],
                rural_signed=row["rural_signed"],
                poverty_alleviated=row["poverty_alleviated"],
                rural_low_income=row["rural_low_income"],
                trained=None if row["trained"] < 0 else row["trained"],
            ),
        )
    recognitions = (
        (Recognition(level=RecognitionLevel.PROVINCIAL, on=D(2022, 1, 1)),)
        if row["provincial_recognition"]
        else ()
    )
    brand = Brand(
        name_zh=f"brand {index}",
        county=row["county"] or None,
        workforce=workforce,
        recognitions=recognitions,
    )
    return _exited(brand) if row["exited"] else brand


def _exited(brand: Brand) -> Brand:
    """*brand* out of the pool since long before any day a test asks about."""
    return import_record(
        brand,
        stage=Stage.EXITED,
        since=D(2000, 1, 1),
        imported_on=D(2000, 1, 1),
        by=Authority.PROVINCIAL_HRSS,
        source="test register",
    )


def columns_of(population: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """The population as columns, one per fact."""
    data: dict[str, np.ndarray] = {}
    for name in population[0]:
        if name == "paid":
            continue
        data[name] = np.array([row[name] for row in population])
    for measure in MEASURES:
        data[f"paid_{measure}"] = np.array(
            [row["paid"] == measure for row in population]
        )
    return data


def scalar(
    policy: Policy, index: int, row: dict[str, Any], on: pendulum.Date, measure: str
) -> Any:  # noqa: ANN401
    """The per-brand decision of the row, or the error it raises."""
    brand = brand_of(index, row)
    ledger = Ledger()
    if row["paid"] == measure:
        ledger = Ledger(
            [
                Payment(
                    brand_id=brand.id,
                    brand=brand.name_zh,
                    measure=measure,
                    decided_on=on,
                    on=on,
                    amount=None,
                    one_time=True,
                    decision_id=f"{measure}-{index}",
                    policy_version="test",
                    # A showcase payment is for the row's selection.
                    occasion=SELECTION.occasion if measure == "showcase_award" else "",
                )
            ]
        )
    given_facts = {
        "selection": SELECTION if row["showcase_selected"] else None,
        "training_base": None
        if row["training_base"] < 0
        else bool(row["training_base"]),
        "founders": None if row["founders"] < 0 else row["founders"],
    }
    needs = policy.measure(measure).needs
    try:
        return policy.decide(
            measure, brand, on=on, ledger=ledger, **{k: given_facts[k] for k in needs}
        )
    except InvalidArgumentError as exc:
        return exc


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    rules=rule_sets(),
    population=st.lists(rows(), min_size=1, max_size=12),
    on=st.sampled_from(DAYS),
    readings=st.fixed_dictionaries(
        {},
        optional={
            "employment_award_headcount": st.sampled_from(
                ["signed_practitioners", "rural_signed"]
            ),
            "exited_brand_award": st.sampled_from(["not_barred", "barred"]),
            "showcase_award_class": st.sampled_from(["event_level", "brand_category"]),
        },
    ),
)
def test_every_measure_every_row_is_the_per_brand_decision(
    rules: list[Rule],
    population: list[dict[str, Any]],
    on: pendulum.Date,
    readings: dict[str, str],
) -> None:
    """Under any city rule set and any readings, each row of the batch is the per-brand decision."""
    policy = Policy.shaanxi(
        plugins=[CityRules(rules)], entry_points=False, interpretations=readings
    )
    data = columns_of(population)
    for measure in MEASURES:
        decisions = [
            scalar(policy, i, row, on, measure) for i, row in enumerate(population)
        ]
        refused = [d for d in decisions if isinstance(d, InvalidArgumentError)]
        if refused:
            # A sum above MAX_FEN on an eligible brand: the batch refuses it too.
            with pytest.raises(InvalidArgumentError, match=r"<= 1000000000000000"):
                policy.evaluate_batch(data, on=on, measures=[measure])
            continue
        result = policy.evaluate_batch(data, on=on, measures=[measure])[measure]
        for i, decision in enumerate(decisions):
            context = (measure, i, decision.explain())
            assert OUTCOME_CODES[int(result.outcome[i])] is decision.outcome, context
            amount = -1 if decision.amount is None else decision.amount.amount
            assert int(result.amount[i]) == amount, context
            assert bool(result.delegated[i]) == (decision.amount_set_by is not None), (
                context
            )
            assert bool(result.capped[i]) == decision.capped, context


@pytest.mark.parametrize(
    "make",
    [
        lambda: PerHead(rates=[("rural_signed", Fen(100))], cap=30_000_000),  # type: ignore[arg-type]
        lambda: Flat(30_000_000),  # type: ignore[arg-type]
        lambda: PerHead(rates=[("rural_signed", 100)]),  # type: ignore[list-item]
    ],
    ids=["per-head cap as int", "flat amount as int", "rate as int"],
)
def test_a_rule_of_the_wrong_types_is_refused_when_built(make: Any) -> None:  # noqa: ANN401
    """An amount given as int instead of Fen fails when the rule is built, never at decision time."""
    with pytest.raises(InvalidArgumentError):
        make()


def test_a_rule_for_a_measure_the_document_lacks_is_refused_when_the_policy_is_built() -> (
    None
):
    """A city rule for a measure id no document declares is refused, naming the plugin."""
    bogus = Rule(
        measure="employment_awards",
        jurisdiction="610900",
        first_day="2023-01-01",
        formula=Flat(Fen(1)),
        reference="illustrative",
        illustrative=True,
    )
    with pytest.raises(PluginResultError, match="employment_awards") as info:
        Policy.shaanxi(plugins=[CityRules([bogus])], entry_points=False)
    assert info.value.plugin_name == "drawn"
