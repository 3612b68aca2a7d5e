"""The model follows the policy: lifecycle, awards, amounts and targets are the library's own."""

from __future__ import annotations

import collections
import math

import attrs
import numpy as np
import pendulum
import pytest

from labourbrand import (
    Brand,
    Category,
    CreatingUnit,
    Event,
    Fen,
    Maturity,
    Stage,
    WorkforceObservation,
    lifecycle,
)
from labourbrand.brands import packaged, reported
from labourbrand.exceptions import InvalidArgumentError, LabourBrandWarning
from labourbrand.policy import Outcome
from labourbrand.policy.parameters import UNQUANTIFIED
from labourbrand.simulation import Results, Scenario, _model, run, trace


DEADLINE = pendulum.Date(2025, 12, 31)


def as_of(brand: Brand, day: pendulum.Date) -> Brand:
    """The brand as it stood on *day*: its audit trail up to then."""
    history = tuple(r for r in brand.history if r.on <= day)
    stage = history[-1].to_stage if history else Stage.DISCOVERED
    return attrs.evolve(brand, history=history, stage=stage)


def test_every_edge_of_the_model_is_in_the_lifecycle_table() -> None:
    """Each (stage, event) the model takes is allowed by the lifecycle's transition table."""
    for stage, event in _model.MODEL_EDGES:
        assert event in lifecycle.allowed_events(stage)


@pytest.mark.parametrize("run_index", [0, 13])
def test_traced_brands_replay_through_the_lifecycle(
    baseline: Scenario, baseline_results: Results, run_index: int
) -> None:
    """A run's brands, rebuilt event by event with lifecycle.transition, have the run's stages."""
    brands = trace(baseline, seed=11, run=run_index)
    counted = collections.Counter(b.stage for b in brands)
    expected = dict(
        zip(_model.STAGES, baseline_results.stages[run_index, -1], strict=True)
    )
    assert {s: counted.get(s, 0) for s in _model.STAGES} == expected
    assert all(len(b.history) >= 1 for b in brands if b.stage is not Stage.DISCOVERED)


@pytest.mark.parametrize("run_index", [0, 27])
def test_targets_count_as_policy_targets_counts(
    baseline: Scenario, baseline_results: Results, run_index: int
) -> None:
    """Policy.targets on a run's traced brands gives the values the simulation checked."""
    brands = trace(baseline, seed=11, run=run_index)
    established = [b for b in brands if b.stage is not Stage.DISCOVERED]
    report = baseline.policy().targets(established, on=DEADLINE)
    assert [c.check for c in report.checks] == [
        t.name for t in baseline_results.targets
    ]
    assert [c.value for c in report.checks] == baseline_results.target_values[
        run_index
    ].tolist()
    assert [c.required for c in report.checks] == [
        t.required for t in baseline_results.targets
    ]


def test_award_amounts_equal_policy_employment_award(
    with_cities: Scenario, cities_results: Results
) -> None:
    """Every sampled award's amount is what Policy.employment_award gives that brand on that day."""
    policy = with_cities.policy()
    events = cities_results.award_events
    picked = np.random.default_rng(0).choice(len(events["run"]), size=60, replace=False)
    kinds = set()
    for i in picked.tolist():
        day = cities_results.days[int(events["month"][i])]
        signed = int(events["rural_signed"][i])
        brand = Brand(
            name_zh=f"award {i}",
            county=cities_results.counties[int(events["county"][i])],
            creating_unit=CreatingUnit(),
            workforce=[
                WorkforceObservation(
                    on=day, practitioners=signed, rural=signed, rural_signed=signed
                )
            ],
        )
        decision = policy.employment_award(brand, on=day)
        assert decision.outcome is Outcome.ELIGIBLE
        amount = int(events["amount"][i])
        if decision.amount is None:
            assert amount == -1
            kinds.add("undetermined")
        else:
            assert decision.amount == Fen(amount)
            assert bool(events["capped"][i]) == decision.capped
            kinds.add("capped" if decision.capped else "amount")
    assert {"undetermined", "amount"} <= kinds


def test_traced_award_is_the_policy_decision(
    with_cities: Scenario, cities_results: Results
) -> None:
    """A traced brand is eligible on the day the run paid it, for the run's amount."""
    brands = trace(with_cities, seed=11, run=0)
    plan_known = len(packaged())
    events = cities_results.award_events
    mine = np.flatnonzero(events["run"] == 0)
    k = with_cities.assumptions.candidate_slots_per_county
    by_name = {b.name_zh: b for b in brands}
    policy = with_cities.policy()
    assert mine.size
    for i in mine.tolist():
        slot = int(events["slot"][i])
        if slot < plan_known:
            name = packaged()[slot].name_zh
        else:
            county, rank = divmod(slot - plan_known, k)
            name = f"{cities_results.county_names[county]}候选品牌{rank + 1}"
        day = cities_results.days[int(events["month"][i])]
        brand = as_of(by_name[name], day)
        decision = policy.employment_award(brand, on=day)
        assert decision.outcome is Outcome.ELIGIBLE
        amount = int(events["amount"][i])
        assert decision.amount == (None if amount < 0 else Fen(amount))
        # The first crossing: a month earlier the brand was not yet due.
        earlier = day.subtract(months=1).end_of("month")
        if earlier >= pendulum.Date(2022, 4, 29):
            before = policy.employment_award(as_of(brand, earlier), on=earlier)
            assert before.outcome is not Outcome.ELIGIBLE


def test_without_a_plugin_award_amounts_are_undetermined_not_zero(
    baseline_results: Results,
) -> None:
    """With no city rule, awards are counted and their amounts undetermined; no money appears."""
    assert baseline_results.awards.sum() > 0
    assert not baseline_results.amounts_determined
    assert baseline_results.money.sum() == 0
    assert baseline_results.money_undetermined.sum() == baseline_results.awards.sum()
    assert not baseline_results.suppliers


def test_money_adds_up_by_city_level_unit_and_year(cities_results: Results) -> None:
    """The money table is the sum of the priced awards of each run, year and city-level unit."""
    e = cities_results.award_events
    years = np.array([cities_results.days[m].year for m in e["month"].tolist()])
    expected = np.zeros_like(cities_results.money)
    undetermined = np.zeros_like(cities_results.money_undetermined)
    for i in range(len(e["run"])):
        y = cities_results.years.index(int(years[i]))
        if e["amount"][i] >= 0:
            expected[e["run"][i], y, e["unit"][i]] += e["amount"][i]
        else:
            undetermined[e["run"][i], y, e["unit"][i]] += 1
    np.testing.assert_array_equal(cities_results.money, expected)
    np.testing.assert_array_equal(cities_results.money_undetermined, undetermined)
    ankang = cities_results.units.index("610900")
    assert cities_results.money[:, :, ankang].sum() > 0
    assert cities_results.suppliers


def test_no_brand_slot_is_awarded_twice(cities_results: Results) -> None:
    """The award is one-time: no (run, slot) appears twice among the awards."""
    e = cities_results.award_events
    pairs = e["run"].astype(np.int64) * 100_000 + e["slot"]
    assert len(np.unique(pairs)) == len(pairs)


def test_awards_are_paid_at_the_threshold(cities_results: Results) -> None:
    """Every award's signed rural workers reach the threshold in force that month."""
    e = cities_results.award_events
    assert (e["rural_signed"] >= cities_results.thresholds[e["month"]]).all()
    assert (cities_results.thresholds >= 0).all()


def test_no_count_is_negative_and_stocks_are_consistent(
    baseline_results: Results,
) -> None:
    """Counts are never negative; brands found and brands exited never fall."""
    r = baseline_results
    for array in (
        r.stages,
        r.county_brands,
        r.category_brands,
        r.recognitions,
        r.awards,
    ):
        assert array.min() >= 0
    found = r.stages.sum(axis=2)
    assert (np.diff(found, axis=1) >= 0).all()
    assert (np.diff(r.series("exited"), axis=1) >= 0).all()
    # The county, category and recognition stocks count as the targets do:
    # every established brand, those that left the pool included.
    counted = r.cultivated + r.series("exited")
    np.testing.assert_array_equal(r.county_brands.sum(axis=2, dtype=np.int32), counted)
    np.testing.assert_array_equal(r.category_brands.sum(axis=2), counted)
    assert (r.recognitions <= counted[:, :, None]).all()
    assert (r.county_brands.sum(axis=2) >= r.cultivated).all()


def test_reform_threshold_300_gives_at_least_as_many_awards(baseline: Scenario) -> None:
    """With the same seed, a threshold of 300 awards every run at least as often as 500, and no brand later."""
    base = run(baseline, runs=200, seed=5)
    reform = run(
        Scenario("threshold 300", parameters={"employment_award_threshold": 300}),
        runs=200,
        seed=5,
    )
    per_run = reform.awards.sum(axis=(1, 2)), base.awards.sum(axis=(1, 2))
    assert (per_run[0] >= per_run[1]).all()
    assert per_run[0].sum() > per_run[1].sum()
    assert (reform.thresholds == 300).all()

    def months(results: Results) -> dict[tuple[int, int], int]:
        e = results.award_events
        keys = zip(e["run"].tolist(), e["slot"].tolist(), strict=True)
        return dict(zip(keys, e["month"].tolist(), strict=True))

    lower, higher = months(reform), months(base)
    assert higher.keys() <= lower.keys()
    assert all(lower[key] <= month for key, month in higher.items())


def test_reform_cap_raises_capped_money(with_cities: Scenario) -> None:
    """A cap of 500,000 yuan pays at least as much as 300,000 where a per-head rule reaches the cap."""
    base = run(with_cities, runs=60, seed=2)
    reform = run(
        attrs.evolve(
            with_cities,
            name="cap 500,000",
            parameters={"employment_award_cap": Fen.from_yuan(500_000)},
        ),
        runs=60,
        seed=2,
    )
    baoji = base.units.index("610300")
    assert base.award_events["capped"].any()
    assert reform.money[:, :, baoji].sum() > base.money[:, :, baoji].sum()
    np.testing.assert_array_equal(reform.awards, base.awards)


def test_a_reform_from_a_later_day_changes_only_later_months() -> None:
    """A threshold changed from 2024-01-01 is 500 before and 300 from then."""
    results = run(
        Scenario(
            "threshold 300 from 2024",
            parameters={"employment_award_threshold": 300},
            parameters_from="2024-01-01",
        ),
        runs=2,
    )
    january = results.month("2024-01")
    assert (results.thresholds[:january] == 500).all()
    assert (results.thresholds[january:] == 300).all()


def test_calibration_interval_contains_the_reported_158() -> None:
    """The baseline's 90 % interval of cultivated brands at 2025-12 (2,000 runs) contains 158."""
    (figure,) = [f for f in reported("labour_brands_total") if f.as_of == "2025-12"]
    low, high = run(Scenario("baseline"), runs=2000, seed=0).interval(month="2025-12")
    assert low <= figure.value <= high


def _admitted(brand: Brand, day: pendulum.Date, *extra: Event) -> Brand:
    """Take *brand* into the pool on *day*, then through *extra* events."""
    brand = attrs.evolve(brand, maturity=Maturity.ESTABLISHED)
    for event in (
        Event.ESTABLISH,
        Event.RECOMMEND_BY_COUNTY,
        Event.RECOMMEND_BY_CITY,
        Event.ADMIT,
        *extra,
    ):
        grounds = (
            [lifecycle.ExitGround.FEWER_JOBS] if event is Event.PROPOSE_EXIT else []
        )
        brand = lifecycle.transition(brand, event, on=day, grounds=grounds)
    return brand


def test_known_population_starts_in_its_recorded_stage() -> None:
    """Known brands start where their records leave them: paid, pending exit, or gone."""
    start = pendulum.Date(2022, 4, 29)
    observed = Brand(
        name_zh="测试品牌",
        county="610924",
        category=Category.SKILLED,
        creating_unit=CreatingUnit(),
        workforce=[
            WorkforceObservation(
                on=start, practitioners=900, rural=850, rural_signed=800
            )
        ],
    )
    in_pool = _admitted(observed, start)
    gone = _admitted(
        Brand(name_zh="已退出品牌", county="610924"),
        start,
        Event.PROPOSE_EXIT,
        Event.DECIDE_EXIT,
    )
    pending = _admitted(
        Brand(name_zh="待定品牌", county="610924"), start, Event.PROPOSE_EXIT
    )
    scenario = Scenario(
        "three brands",
        brands=[in_pool, gone, pending],
        assumptions={"exit_proposal_hazard": 0.0, "decline_exit_hazard": 0.0},
    )
    results = run(scenario, runs=10)
    e = results.award_events
    first = e["slot"] == 0
    assert first.sum() == 10
    assert (e["month"][first] == 0).all()
    assert (e["rural_signed"][first] == 800).all()
    assert not (e["slot"] == 1).any()
    assert (results.series("in_pool")[:, 0] >= 1).all()
    assert (results.series("exited")[:, 0] == 1).all()
    assert (results.series("skilled")[:, 0] >= 1).all()
    # The pending proposal is decided after exit_decision_months (2), and no other.
    assert (results.series("exit_proposed")[:, :2] == 1).all()
    assert (results.series("exit_proposed")[:, 2:] == 0).all()
    assert set(results.series("exited")[:, 2].tolist()) <= {1, 2}
    traced = {b.name_zh: b for b in trace(scenario, run=1)}
    assert traced["已退出品牌"].stage is Stage.EXITED
    assert traced["已退出品牌"].history == gone.history
    assert traced["待定品牌"].stage in {Stage.EXITED, Stage.IN_POOL}
    assert traced["待定品牌"].history[-1].on == results.days[2]
    assert traced["测试品牌"].history[: len(in_pool.history)] == in_pool.history
    assert traced["测试品牌"].workforce[0] == observed.workforce[0]


def test_unknown_county_brand_is_placed_in_its_city() -> None:
    """A packaged brand of no county but a city in its name is placed in one of that city's counties."""
    (brand,) = [b for b in packaged() if b.name_zh == "汉中面皮师"]
    scenario = Scenario("one brand", brands=[brand])
    places = {
        next(b for b in trace(scenario, run=i) if b.name_zh == "汉中面皮师").county
        for i in range(8)
    }
    assert all(p is not None and p.startswith("6107") for p in places)
    assert len(places) > 1
    # Its county is drawn run by run; with no candidates it is the only brand.
    alone = Scenario(
        "one brand alone",
        brands=[brand],
        assumptions={
            "initial_brand_probability": 0,
            "discovery_months_first": 1e6,
            "discovery_months_more": 1e6,
        },
    )
    results = run(alone, runs=30)
    hanzhong = [i for i, c in enumerate(results.counties) if c.startswith("6107")]
    assert (results.county_brands[:, 0, hanzhong].sum(axis=1) == 1).all()
    assert (results.cultivated[:, 0] == 1).all()


def test_horizon_after_the_deadline_keeps_the_deadline_month() -> None:
    """With a horizon in 2027 the months run on, and the targets are checked at 2025-12."""
    results = run(Scenario("long", horizon="2027-06-30"), runs=20)
    assert results.months == 63
    assert results.deadline_month == results.month("2025-12")
    assert results.years == (2022, 2023, 2024, 2025, 2026, 2027)
    assert not np.isnan(results.target_probabilities()["target_brands_total"])


def test_horizon_before_the_deadline_leaves_targets_undecided() -> None:
    """With a horizon before 2025-12-31 the target probabilities are NaN, not zero."""
    results = run(Scenario("short", horizon="2024-06-30"), runs=5)
    assert results.deadline_month is None
    assert all(np.isnan(p) for p in results.target_probabilities().values())


def test_running_out_of_candidate_slots_warns() -> None:
    """When counties use up their candidate slots, the run warns that counts are truncated."""
    with pytest.warns(LabourBrandWarning, match="candidate_slots_per_county"):
        results = run(
            Scenario("one slot", assumptions={"candidate_slots_per_county": 1}),
            runs=5,
        )
    assert results.out_of_slots.mean() > 1


def test_a_brand_known_by_its_city_is_placed_in_that_city() -> None:
    """A brand whose county field is a city's code sits in one of that city's counties."""
    brand = Brand(name_zh="汉中某品牌", county="610700")
    placed = next(
        b for b in trace(Scenario("city", brands=[brand])) if b.name_zh == "汉中某品牌"
    )
    assert placed.county is not None
    assert placed.county.startswith("6107")


def test_months_before_the_opinions_decide_no_award() -> None:
    """Before 2022-04-29 the award is not in force: no threshold, no award."""
    results = run(Scenario("early", start="2022-01-01"), runs=10)
    assert results.thresholds[:3].tolist() == [-1, -1, -1]
    assert (results.thresholds[3:] == 500).all()
    assert results.awards[:, :3].sum() == 0
    assert results.awards[:, 3].sum() > 0


def test_an_unquantified_threshold_decides_no_award() -> None:
    """A scenario that leaves the threshold without a number pays no award (undetermined, not zero)."""
    results = run(
        Scenario("no number", parameters={"employment_award_threshold": UNQUANTIFIED}),
        runs=10,
    )
    assert (results.thresholds == -1).all()
    assert results.awards.sum() == 0


def test_targets_follow_their_dated_parameters() -> None:
    """A target not yet in force on the deadline is NaN; one without a number needs one brand."""
    results = run(
        Scenario(
            "early deadline",
            parameters={
                "target_deadline": "2023-06-30",
                "target_provincial": UNQUANTIFIED,
            },
        ),
        runs=10,
    )
    p = results.target_probabilities()
    assert math.isnan(p["target_county_level"])
    spec = {t.name: t for t in results.targets}["target_provincial"]
    assert (spec.required, spec.quantified) == (1, False)
    assert results.deadline_month == results.month("2023-06")
    assert not math.isnan(p["target_brands_total"])


def test_brand_names_must_be_distinct() -> None:
    """A population with one name twice is refused: a name is a brand's identity."""
    brand = Brand(name_zh="重名品牌", county="610924")
    with pytest.raises(InvalidArgumentError, match="once"):
        Scenario("twice", brands=[brand, brand])


# ------------------------------------------- exited brands in the targets
#: The reading under which a brand that left the pool counts in no target.
NOT_COUNTED = {"exited_brand_targets": "not_counted"}
NO_EXITS = {"exit_proposal_hazard": 0.0, "decline_exit_hazard": 0.0}


@pytest.fixture(scope="module")
def listed() -> Scenario:
    return Scenario("listed only", interpretations=NOT_COUNTED)


@pytest.fixture(scope="module")
def listed_results(listed: Scenario) -> Results:
    return run(listed, runs=40, seed=11)


@pytest.mark.parametrize("run_index", [0, 27])
def test_under_not_counted_targets_count_as_policy_targets_counts(
    listed: Scenario, listed_results: Results, run_index: int
) -> None:
    """Under the reading that leaves exited brands out, Policy.targets on a run's traced brands gives the simulated values."""
    brands = trace(listed, seed=11, run=run_index)
    report = listed.policy().targets(brands, on=DEADLINE)
    assert [c.value for c in report.checks] == listed_results.target_values[
        run_index
    ].tolist()


def test_some_traced_run_has_an_exited_brand(listed: Scenario) -> None:
    """The runs compared above include brands that left the pool, so the reading is put to the test."""
    exited = [
        b.stage_on(DEADLINE) is Stage.EXITED
        for run_index in (0, 27)
        for b in trace(listed, seed=11, run=run_index)
    ]
    assert any(exited)


def test_under_not_counted_the_stocks_end_at_the_exit(listed_results: Results) -> None:
    """The county and category stocks count the brands established and not exited; recognitions among them."""
    r = listed_results
    assert r.series("exited")[:, -1].sum() > 0
    np.testing.assert_array_equal(
        r.county_brands.sum(axis=2, dtype=np.int32), r.cultivated
    )
    np.testing.assert_array_equal(r.category_brands.sum(axis=2), r.cultivated)
    assert (r.recognitions <= r.cultivated[:, :, None]).all()
    assert r.county_brands.min() >= 0


@pytest.mark.parametrize("reading", ["counted", "not_counted"])
def test_exits_lower_the_targets_only_under_not_counted(reading: str) -> None:
    """With the same seed, the exit rates move the brands counted and one county, one brand only where exits stop counting."""
    chosen = {"exited_brand_targets": reading}
    exits = run(Scenario("exits", interpretations=chosen), runs=200, seed=5)
    none = run(
        Scenario("no exits", interpretations=chosen, assumptions=NO_EXITS),
        runs=200,
        seed=5,
    )
    assert exits.series("exited")[:, -1].sum() > 0
    assert none.series("exited")[:, -1].sum() == 0
    one_county = "target_brands_per_county"
    if reading == "counted":
        # Recognitions stop at an exit proposal whatever the reading; the
        # brands counted, by county and by category, do not move.
        np.testing.assert_array_equal(exits.county_brands, none.county_brands)
        np.testing.assert_array_equal(exits.category_brands, none.category_brands)
        counts = [
            i
            for i, t in enumerate(exits.targets)
            if t.parameter.startswith(("target_brands", "target_per_category"))
        ]
        assert len(counts) == 6  # total, one county one brand, four categories
        np.testing.assert_array_equal(
            exits.target_values[:, counts], none.target_values[:, counts]
        )
    else:
        assert exits.target_values[:, 0].mean() < none.target_values[:, 0].mean()
        assert (exits.county_brands <= none.county_brands).all()
        assert (
            exits.target_probabilities()[one_county]
            < none.target_probabilities()[one_county]
        )
    # Without exits the reading makes no difference.
    other = "not_counted" if reading == "counted" else "counted"
    none_other = run(
        Scenario(
            "no exits",
            interpretations={"exited_brand_targets": other},
            assumptions=NO_EXITS,
        ),
        runs=200,
        seed=5,
    )
    np.testing.assert_array_equal(none.target_values, none_other.target_values)
