"""The support measures of clauses 4.1, 4.2, 4.3 and 5.1, and their policy cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labourbrand import (
    Authority,
    Brand,
    Category,
    CreatingUnit,
    Fen,
    Recognition,
    RecognitionLevel,
    WorkforceObservation,
    hookimpl,
)
from labourbrand.exceptions import DataError, InvalidArgumentError
from labourbrand.ledger import MemoryLedger
from labourbrand.policy import (
    EMPLOYMENT_FUND,
    ENTREPRENEURSHIP_MEASURES,
    BrandFormula,
    Decision,
    Flat,
    Ledger,
    Measure,
    Outcome,
    PerHead,
    Policy,
    Rule,
    ShowcaseSelection,
)
from labourbrand.policy._clauses import clauses
from labourbrand.serialization import from_dict, from_json, to_dict, to_json
from labourbrand.testing import strategies as lbst


D = pendulum.Date
FIRST_DAY = D(2022, 4, 29)
ON = D(2023, 7, 1)
OBSERVED = D(2023, 6, 30)
UNIT = "紫阳县修脚行业协会"
ILLUSTRATIVE = "illustrative: no published amount"

#: Every measure of this module, in a fixed order.
MEASURES = (
    Measure.PROVINCIAL_RECOGNITION_AWARD,
    Measure.SHOWCASE_AWARD,
    Measure.TRANSPORT_SUBSIDY,
    Measure.SOCIAL_INSURANCE_SUBSIDY,
    Measure.TRAINING_SUBSIDY,
    Measure.HIGH_SKILL_BASE_GRANT,
    *ENTREPRENEURSHIP_MEASURES,
)
CITY = "安康市财政、人社部门"
REGULATIONS = "现行规定(按规定)"
SETTER = {
    Measure.PROVINCIAL_RECOGNITION_AWARD: "有关财政、人社部门(原文未明确)",
    Measure.SHOWCASE_AWARD: CITY,
} | dict.fromkeys(MEASURES[2:], REGULATIONS)
#: The measures paid to the creating unit; the others are for persons.
#: The measures the text pays to the creating unit (the others: not stated).
TO_UNIT = {Measure.SHOWCASE_AWARD}
#: The worker subsidies are paid per regulations: the text names no fund for them.
FUNDED: set[Measure] = set()

SELECTED = ShowcaseSelection(
    level=RecognitionLevel.NATIONAL,
    selected_by=Authority.MOHRSS,
    event="全国劳务品牌展示交流活动",
    on=FIRST_DAY,
)


def _brand(**changes: Any) -> Brand:  # noqa: ANN401 - any field of Brand
    """A brand that meets the condition of every measure from the first day."""
    brand = Brand(
        name_zh="紫阳修脚师",
        county="610924",
        category=Category.SERVICE,
        creating_unit=CreatingUnit(name=UNIT),
        recognitions=[
            Recognition(level=RecognitionLevel.PROVINCIAL, on=D(2022, 1, 10))
        ],
        workforce=[
            WorkforceObservation(
                on=D(2022, 3, 31),
                practitioners=900,
                rural=800,
                rural_signed=520,
                poverty_alleviated=120,
                rural_low_income=40,
            )
        ],
    )
    # A brand given another name or county is another brand: a new id too.
    if "id" not in changes and ({"name_zh", "county"} & changes.keys()):
        changes["id"] = Brand(
            name_zh=changes.get("name_zh", brand.name_zh),
            county=changes.get("county", brand.county),
        ).id
    return attrs.evolve(brand, **changes)


def _workers(poor: int, low: int, *, on: pendulum.Date = OBSERVED) -> Brand:
    rural = max(poor, low)
    observation = WorkforceObservation(
        on=on,
        practitioners=rural,
        rural=rural,
        rural_signed=0,
        poverty_alleviated=poor,
        rural_low_income=low,
    )
    return _brand(workforce=[observation])


class Rules:
    """Illustrative rules for the tests: no Shaanxi city has published these amounts."""

    name = "illustrative-rules"
    __version__ = "1.0"

    def __init__(self, rules: list[Rule]) -> None:
        self._rules = rules

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return self._rules


def _rule(
    measure: Measure,
    formula: Flat | PerHead | BrandFormula,
    *,
    jurisdiction: str = "610900",
    first_day: str = "2022-04-29",
) -> Rule:
    return Rule(
        measure=measure,
        jurisdiction=jurisdiction,
        first_day=first_day,
        formula=formula,
        reference=ILLUSTRATIVE,
        illustrative=True,
    )


def _policy(*rules: Rule, **readings: str) -> Policy:
    return Policy.shaanxi(
        plugins=[Rules(list(rules))], entry_points=False, interpretations=readings
    )


BARE = Policy.shaanxi(entry_points=False)
#: A worker subsidy: transport or social insurance.
Subsidy = Callable[..., Decision]
FLAT = _policy(*(_rule(m, Flat(Fen.from_yuan(1_000))) for m in MEASURES))
PER_HEAD_RATE = Fen.from_yuan(300)
PER_HEAD = _policy(
    *(
        _rule(
            m,
            PerHead(
                rates=[
                    ("poverty_alleviated", PER_HEAD_RATE),
                    ("rural_low_income", PER_HEAD_RATE),
                ]
            ),
        )
        for m in (Measure.TRANSPORT_SUBSIDY, Measure.SOCIAL_INSURANCE_SUBSIDY)
    )
)


def _decide(
    policy: Policy,
    measure: Measure,
    brand: Brand,
    on: pendulum.Date,
    *,
    ledger: Ledger | None = None,
    selection: ShowcaseSelection | None = SELECTED,
    training_base: bool | None = True,
    founders: int | None = 3,
) -> Decision:
    given = {
        "selection": selection,
        "training_base": training_base,
        "founders": founders,
    }
    needs = policy.measure(measure).needs
    return policy.decide(
        measure, brand, on=on, ledger=ledger, **{k: given[k] for k in needs}
    )


def _text(decision: Decision, lang: str) -> str:
    return decision.explain(lang=lang)


# ------------------------------------------------------------ every measure
@pytest.mark.parametrize("measure", MEASURES)
def test_not_in_force_the_day_before(measure: Measure) -> None:
    """On 2022-04-28 every measure is NOT_IN_FORCE with an explanation, never a zero."""
    decision = _decide(FLAT, measure, _brand(), D(2022, 4, 28))
    assert decision.outcome is Outcome.NOT_IN_FORCE
    assert decision.amount is None
    assert decision.amount_set_by is None
    assert decision.measure == measure.value
    assert decision.clauses == (f"shaanxi-2022-13:{measure.clause}",)
    assert "2022-04-29" in decision.steps[0].en
    assert "2022-04-29" in decision.steps[0].zh


@pytest.mark.parametrize("measure", MEASURES)
def test_in_force_from_the_first_day(measure: Measure) -> None:
    """On 2022-04-29 every measure decides, and its first step quotes its clause."""
    decision = _decide(BARE, measure, _brand(), FIRST_DAY)
    assert decision.outcome is Outcome.ELIGIBLE, decision.explain()
    assert decision.steps[0].en.startswith(f"Clause {measure.clause}:")
    assert decision.steps[0].zh.startswith(clauses()[measure.clause].cite("zh"))


@pytest.mark.parametrize("measure", MEASURES)
def test_delegated_amount_names_who_sets_it(measure: Measure) -> None:
    """With no rule an eligible decision has no amount and names who sets it (not zero)."""
    decision = _decide(BARE, measure, _brand(), ON)
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount is None
    assert decision.amount_set_by == SETTER[measure]
    assert SETTER[measure] in _text(decision, "zh")
    assert "not zero" in _text(decision, "en")
    assert decision.payee == (UNIT if measure in TO_UNIT else None)
    assert decision.fund == (EMPLOYMENT_FUND if measure in FUNDED else None)
    assert not decision.suppliers


@pytest.mark.parametrize("measure", MEASURES)
def test_amount_from_an_illustrative_rule(measure: Measure) -> None:
    """A city rule supplies the amount, and the decision says it is illustrative."""
    decision = _decide(FLAT, measure, _brand(), ON)
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount == Fen.from_yuan(1_000)
    assert decision.amount_set_by is None
    assert not decision.capped
    assert decision.suppliers[0].plugin == "illustrative-rules"
    assert decision.suppliers[0].reference == ILLUSTRATIVE
    assert "illustrative" in _text(decision, "en")
    assert "示例金额" in _text(decision, "zh")


@pytest.mark.parametrize("measure", MEASURES)
def test_unknown_county_is_undetermined(measure: Measure) -> None:
    """An otherwise eligible brand with no county is UNDETERMINED: no jurisdiction sets the amount."""
    decision = _decide(FLAT, measure, _brand(county=None), ON)
    assert decision.outcome is Outcome.UNDETERMINED
    assert decision.amount is None
    assert decision.amount_set_by is None
    assert "county is unknown" in decision.steps[-1].en
    assert "未知" in decision.steps[-1].zh


@pytest.mark.parametrize("measure", MEASURES)
def test_json_round_trip(measure: Measure) -> None:
    """A decision of each measure survives a JSON round trip unchanged."""
    decision = _decide(FLAT, measure, _brand(), ON)
    assert from_json(to_json(decision), Decision) == decision


@pytest.mark.parametrize("measure", MEASURES)
def test_quotes_are_the_text(measure: Measure) -> None:
    """The quoted sentence of each measure is verbatim in its clause's packaged text."""
    zh = _decide(BARE, measure, _brand(), ON).steps[0].zh
    quote = zh[zh.index("“") + 1 : zh.index("”")]
    assert quote in clauses()[measure.clause].text_zh


@given(
    poor=st.integers(0, 5_000),
    low=st.integers(0, 5_000),
    on=lbst.dates(min_value=FIRST_DAY, max_value=D(2030, 12, 31)),
)
def test_amounts_are_never_negative(poor: int, low: int, on: pendulum.Date) -> None:
    """Whatever the head counts and day, no measure's amount is negative."""
    brand = _workers(poor, low, on=FIRST_DAY)
    for policy in (FLAT, PER_HEAD):
        for measure in MEASURES:
            decision = _decide(policy, measure, brand, on)
            assert decision.amount is None or decision.amount >= Fen(0)
    subsidy = PER_HEAD.transport_subsidy(brand, on=on)
    assert (subsidy.outcome is Outcome.ELIGIBLE) == (poor + low > 0)


@given(
    poor=st.integers(0, 3_000),
    low=st.integers(0, 3_000),
    more_poor=st.integers(0, 3_000),
    more_low=st.integers(0, 3_000),
)
def test_more_workers_never_lower_the_transport_subsidy(
    poor: int, low: int, more_poor: int, more_low: int
) -> None:
    """Under a per-head rule more eligible workers never lower the transport subsidy."""
    fewer = PER_HEAD.transport_subsidy(_workers(poor, low), on=ON)
    more = PER_HEAD.transport_subsidy(_workers(poor + more_poor, low + more_low), on=ON)
    assert (fewer.amount or Fen(0)) <= (more.amount or Fen(0))
    if fewer.outcome is Outcome.ELIGIBLE:
        assert more.outcome is Outcome.ELIGIBLE
        assert fewer.amount == PER_HEAD_RATE * (poor + low)


# ------------------------------------------------- provincial recognition
def test_recognition_award_needs_a_provincial_recognition() -> None:
    """A brand recognised at city and national level but not provincial is ineligible."""
    brand = _brand(
        recognitions=[
            Recognition(level=RecognitionLevel.CITY, on=D(2022, 5, 1)),
            Recognition(level=RecognitionLevel.NATIONAL, on=D(2022, 6, 1)),
        ]
    )
    decision = FLAT.provincial_recognition_award(brand, on=ON)
    assert decision.outcome is Outcome.INELIGIBLE
    assert decision.amount is None
    assert "recognitions held: national, city" in decision.explain()
    assert "已有认定:国家级、市级" in decision.explain(lang="zh")


def test_recognition_award_without_recognition() -> None:
    """A brand with no recognition at all is ineligible and the step says none."""
    decision = BARE.provincial_recognition_award(_brand(recognitions=[]), on=ON)
    assert decision.outcome is Outcome.INELIGIBLE
    assert "recognitions held: none" in decision.explain()
    assert "已有认定:无" in decision.explain(lang="zh")


def test_year_only_recognition_counts_from_the_next_year() -> None:
    """A recognition known only by year is held from the first day of the next year."""
    brand = _brand(
        recognitions=[Recognition(level=RecognitionLevel.PROVINCIAL, year=2024)]
    )
    during = BARE.provincial_recognition_award(brand, on=D(2024, 7, 1))
    after = BARE.provincial_recognition_award(brand, on=D(2025, 1, 1))
    assert during.outcome is Outcome.INELIGIBLE
    assert after.outcome is Outcome.ELIGIBLE
    assert "in 2024" in after.explain()
    assert "2024年被认定为省级劳务品牌" in after.explain(lang="zh")


def test_undated_and_dated_recognitions_are_explained() -> None:
    """The step gives the recognition's day; with neither day nor year, whether it is held is unknown."""
    undated = _brand(recognitions=[Recognition(level=RecognitionLevel.PROVINCIAL)])
    decision = BARE.provincial_recognition_award(undated, on=ON)
    assert decision.outcome is Outcome.UNDETERMINED
    assert "Whether the brand holds a provincial recognition is unknown" in (
        decision.explain()
    )
    dated = BARE.provincial_recognition_award(_brand(), on=ON)
    assert "Recognised at provincial level on 2022-01-10" in dated.explain()
    # A dated provincial recognition decides, whatever an undated one.
    both = _brand(
        recognitions=[
            Recognition(level=RecognitionLevel.PROVINCIAL, on=D(2022, 1, 10)),
        ]
    )
    assert BARE.provincial_recognition_award(both, on=ON).outcome is Outcome.ELIGIBLE


def test_a_recognition_bounded_by_a_report_counts_from_that_day() -> None:
    """A recognition reported as issued on or before a day counts from that day (the 2025 batch, by 2025-12-06)."""
    brand = _brand(
        recognitions=[
            Recognition(
                level=RecognitionLevel.PROVINCIAL,
                year=2025,
                on_or_before=D(2025, 12, 6),
            )
        ]
    )
    before = BARE.provincial_recognition_award(brand, on=D(2025, 12, 5))
    on_the_day = BARE.provincial_recognition_award(brand, on=D(2025, 12, 6))
    assert (before.outcome, on_the_day.outcome) == (
        Outcome.INELIGIBLE,
        Outcome.ELIGIBLE,
    )


def test_recognition_award_is_granted_once() -> None:
    """A brand the ledger shows as already awarded for its recognition is ineligible."""
    first = FLAT.provincial_recognition_award(_brand(), on=ON)
    ledger = Ledger().record(first)
    again = FLAT.provincial_recognition_award(_brand(), on=D(2024, 7, 1), ledger=ledger)
    assert again.outcome is Outcome.INELIGIBLE
    assert again.amount is None
    assert "already granted on 2023-07-01" in again.explain()


# ---------------------------------------------------------------- showcase
def test_showcase_without_selection_is_ineligible() -> None:
    """A unit not chosen by 人社部 or 省人社厅 for a showcase event gets no award."""
    decision = FLAT.showcase_award(_brand(), on=ON, selection=None)
    assert decision.outcome is Outcome.INELIGIBLE
    assert "not been chosen by the ministry" in decision.explain()
    assert "未被人社部或省人社厅确定参加" in decision.explain(lang="zh")


def test_showcase_selection_after_the_day_is_ineligible() -> None:
    """A selection made after the day asked about does not count yet."""
    later = attrs.evolve(SELECTED, on=D(2023, 9, 1))
    assert FLAT.showcase_award(_brand(), on=D(2023, 9, 1), selection=later).outcome is (
        Outcome.ELIGIBLE
    )
    decision = FLAT.showcase_award(_brand(), on=D(2023, 8, 31), selection=later)
    assert decision.outcome is Outcome.INELIGIBLE
    assert "the selection of 2023-09-01 is after 2023-08-31" in decision.explain()


def test_showcase_names_the_class_and_selector() -> None:
    """An eligible showcase award names who chose the unit and the class: the event's level."""
    provincial = ShowcaseSelection(
        level=RecognitionLevel.PROVINCIAL,
        selected_by=Authority.PROVINCIAL_HRSS,
        event="陕西省劳务品牌展示交流活动",
        on=D(2023, 5, 1),
    )
    decision = BARE.showcase_award(_brand(), on=ON, selection=provincial)
    en, zh = decision.explain(), decision.explain(lang="zh")
    assert "shaanxi-2022-13:showcase_award_class = event_level (default)" in en
    assert "the city sets the classes' amounts" in en
    assert "分类及金额由市级财政、人社部门制定" in zh
    assert "by the provincial HRSS department for the provincial showcase event" in en
    assert "由省人力资源社会保障厅确定参加省级展示交流活动" in zh
    assert decision.payee == UNIT
    # Known or not, the brand's category is not what the text classes.
    unknown = BARE.showcase_award(_brand(category=None), on=ON, selection=provincial)
    assert unknown.outcome is Outcome.ELIGIBLE


def test_showcase_award_is_once_per_selection() -> None:
    """一次性 is a lump sum per selection: a unit chosen for a provincial event, then a national one, is due both."""
    provincial = ShowcaseSelection(
        level=RecognitionLevel.PROVINCIAL,
        selected_by=Authority.PROVINCIAL_HRSS,
        event="陕西省劳务品牌展示交流活动",
        on=D(2023, 5, 1),
    )
    national = ShowcaseSelection(
        level=RecognitionLevel.NATIONAL,
        selected_by=Authority.MOHRSS,
        event="全国劳务品牌展示交流活动",
        on=D(2024, 5, 1),
    )
    store = MemoryLedger()
    first = FLAT.showcase_award(_brand(), on=ON, selection=provincial)
    assert (first.one_time, first.occasion) == (
        True,
        provincial.occasion,
    )  # once per selection
    FLAT.claim(first, _brand(), store, selection=provincial)
    again = FLAT.showcase_award(
        _brand(), on=D(2023, 9, 1), selection=provincial, ledger=store
    )
    assert again.outcome is Outcome.INELIGIBLE
    assert "for this selection was already granted" in again.explain()
    later = FLAT.showcase_award(
        _brand(), on=D(2024, 7, 1), selection=national, ledger=store
    )
    assert later.outcome is Outcome.ELIGIBLE, later.explain()
    FLAT.claim(later, _brand(), store, selection=national)
    assert len(store.entries()) == 2


def test_showcase_amount_by_category() -> None:
    """A per-brand city rule may set the award by the brand's category."""
    amounts = {
        Category.SERVICE: Fen.from_yuan(30_000),
        Category.SKILLED: Fen.from_yuan(50_000),
    }

    def by_category(
        brand: Brand, _observation: WorkforceObservation | None, _on: pendulum.Date
    ) -> Fen | None:
        return amounts.get(brand.category) if brand.category else None

    policy = _policy(_rule(Measure.SHOWCASE_AWARD, by_category))
    for category, amount in amounts.items():
        decision = policy.showcase_award(
            _brand(category=category), on=ON, selection=SELECTED
        )
        assert decision.amount == amount
    unknown = policy.showcase_award(_brand(category=None), on=ON, selection=SELECTED)
    assert unknown.outcome is Outcome.ELIGIBLE
    assert unknown.amount is None


def test_showcase_award_is_one_time() -> None:
    """A second showcase award for the same brand is refused."""
    ledger = Ledger().record(FLAT.showcase_award(_brand(), on=ON, selection=SELECTED))
    again = FLAT.showcase_award(
        _brand(), on=D(2024, 7, 1), selection=SELECTED, ledger=ledger
    )
    assert again.outcome is Outcome.INELIGIBLE
    assert "not granted twice" in again.explain()
    other = FLAT.showcase_award(
        _brand(name_zh="蓝田厨师"),
        on=D(2024, 7, 1),
        selection=SELECTED,
        ledger=ledger,
    )
    assert other.outcome is Outcome.ELIGIBLE


def test_showcase_amount_set_by_the_zone() -> None:
    """杨陵区's showcase award is set by 杨凌示范区, not a prefecture city."""
    decision = BARE.showcase_award(_brand(county="610403"), on=ON, selection=SELECTED)
    assert decision.amount_set_by == "杨凌农业高新技术产业示范区财政、人社部门"


def test_showcase_refuses_a_non_selection() -> None:
    """Passing something other than a ShowcaseSelection raises a clear error."""
    with pytest.raises(InvalidArgumentError, match="selection='national'") as info:
        BARE.showcase_award(_brand(), on=ON, selection="national")  # type: ignore[arg-type]
    assert info.value.field == "selection"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": RecognitionLevel.CITY}, "level"),
        ({"level": "national"}, "level"),
        ({"selected_by": Authority.PROVINCIAL_HRSS}, "selected_by"),
        ({"selected_by": "mohrss"}, "selected_by"),
        ({"event": "  "}, "event"),
        ({"event": None}, "event"),
        ({"on": "2023-09-01"}, "on"),
        ({"on": pendulum.datetime(2023, 9, 1)}, "on"),
    ],
)
def test_showcase_selection_is_validated(changes: dict[str, Any], field: str) -> None:
    """A selection at the wrong level, by the wrong body, unnamed or undated is refused."""
    values = attrs.asdict(SELECTED, recurse=False) | changes
    with pytest.raises(InvalidArgumentError) as info:
        ShowcaseSelection(**values)
    assert info.value.field == field


def test_showcase_selection_json() -> None:
    """A selection round-trips through the converter, which also refuses a city-level one."""
    assert from_dict(to_dict(SELECTED), ShowcaseSelection) == SELECTED
    with pytest.raises(DataError, match=r"\$\.level"):
        from_dict(to_dict(SELECTED) | {"level": "city"}, ShowcaseSelection)


# ----------------------------------------------------------------- workers
@pytest.mark.parametrize(
    "subsidy", [Policy.transport_subsidy, Policy.social_insurance_subsidy]
)
def test_worker_subsidy_without_head_count(subsidy: Subsidy) -> None:
    """With no observation on or before the day, the subsidy is UNDETERMINED."""
    brand = _workers(10, 5, on=D(2023, 8, 1))
    decision = subsidy(FLAT, brand, on=ON)
    assert decision.outcome is Outcome.UNDETERMINED
    assert (
        "poverty-alleviated and rural low-income workers are unknown"
        in decision.explain()
    )
    assert subsidy(FLAT, _brand(workforce=[]), on=ON).outcome is Outcome.UNDETERMINED


@pytest.mark.parametrize(
    "subsidy", [Policy.transport_subsidy, Policy.social_insurance_subsidy]
)
def test_worker_subsidy_without_such_workers(subsidy: Subsidy) -> None:
    """No poverty-alleviated or rural low-income worker placed: undetermined (等 leaves the list open).

    Under the reading that only the two named groups count, ineligible.
    """
    decision = subsidy(FLAT, _workers(0, 0), on=ON)
    assert decision.outcome is Outcome.UNDETERMINED
    assert decision.amount is None
    assert "other groups in difficulty are not counted" in decision.explain()
    named = _policy(
        *(_rule(m, Flat(Fen.from_yuan(1_000))) for m in MEASURES),
        worker_subsidy_groups="named_only",
    )
    decision = subsidy(named, _workers(0, 0), on=ON)
    assert decision.outcome is Outcome.INELIGIBLE
    assert (
        "places no poverty-alleviated and no rural low-income workers"
        in decision.explain()
    )


@pytest.mark.parametrize(
    ("subsidy", "note"),
    [
        (Policy.transport_subsidy, "given per regulations, which say who receives it"),
        (
            Policy.social_insurance_subsidy,
            "commonly to the employer or to the flexibly employed",
        ),
    ],
)
def test_worker_subsidy_explains_the_head_counts(subsidy: Subsidy, note: str) -> None:
    """The explanation gives both head counts, their possible overlap, and the payee."""
    decision = subsidy(PER_HEAD, _workers(120, 40), on=ON)
    en, zh = decision.explain(), decision.explain(lang="zh")
    assert "120 poverty-alleviated and 40 rural low-income workers" in en
    assert "120 to 160 eligible persons" in en
    assert "the subsidy is given per regulations" in en
    assert "脱贫人口120人、农村低收入人口40人" in zh
    assert "符合条件者120至160人" in zh
    assert note in en
    assert decision.amount == PER_HEAD_RATE * 160
    assert decision.payee is None
    assert decision.fund is None


# ---------------------------------------------------------------- training
def test_training_subsidy_for_any_brand() -> None:
    """Any brand with a known county is within the subsidised training scope, paid per regulations."""
    decision = BARE.training_subsidy(Brand(name_zh="蓝田厨师", county="610122"), on=ON)
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.payee is None
    assert "trainees or the training institution" in decision.explain()


@pytest.mark.parametrize(
    ("training_base", "outcome"),
    [
        (None, Outcome.UNDETERMINED),
        (False, Outcome.INELIGIBLE),
        (True, Outcome.ELIGIBLE),
    ],
)
def test_high_skill_base_grant(training_base: bool | None, outcome: Outcome) -> None:  # noqa: FBT001
    """The grant follows whether the unit runs a high-skill talent training base."""
    decision = BARE.high_skill_base_grant(_brand(), on=ON, training_base=training_base)
    assert decision.outcome is outcome
    assert "training base" in decision.steps[1].en
    assert "高技能人才培养基地" in decision.steps[1].zh


@pytest.mark.parametrize("bad", ["yes", 1, 0])
def test_high_skill_base_fact_is_validated(bad: object) -> None:
    """Only True, False or None says whether there is a training base."""
    with pytest.raises(InvalidArgumentError, match="training_base") as info:
        BARE.high_skill_base_grant(_brand(), on=ON, training_base=bad)  # type: ignore[arg-type]
    assert info.value.field == "training_base"


# -------------------------------------------------------- entrepreneurship
@pytest.mark.parametrize(
    ("founders", "outcome"),
    [
        (None, Outcome.UNDETERMINED),
        (0, Outcome.INELIGIBLE),
        (12, Outcome.ELIGIBLE),
    ],
)
def test_entrepreneurship_supports(founders: int | None, outcome: Outcome) -> None:
    """The four supports of clause 5.1 follow the number of founders, in the text's order."""
    decisions = BARE.entrepreneurship_supports(_brand(), on=ON, founders=founders)
    assert [d.measure for d in decisions] == [
        m.value for m in ENTREPRENEURSHIP_MEASURES
    ]
    assert {d.outcome for d in decisions} == {outcome}
    assert all(d.payee is None for d in decisions)


def test_entrepreneurship_steps_say_what_each_support_is() -> None:
    """The loan is a loan, the relief is not a payment, and the founders are counted."""
    tax, _training, startup, loan, premises = FLAT.entrepreneurship_supports(
        _brand(), on=ON, founders=12
    )
    # Clause 5.1: 按规定为劳务品牌创业实体提供低租金或免租金的经营场所,减免水电暖等费用.
    assert premises.measure == "premises_support"
    assert "low- or zero-rent premises" in premises.explain()
    assert "start-up entities hosted in an incubation carrier" in premises.explain()
    assert "a loan to be repaid, not a grant" in loan.explain()
    assert "贷款额度" in loan.explain(lang="zh")
    assert "not a payment" in tax.explain()
    assert "once per eligible founder" in startup.explain()
    assert "12 of the brand's practitioners started businesses" in startup.explain()
    assert "创业者12人" in startup.explain(lang="zh")
    assert loan.amount == Fen.from_yuan(1_000)


@pytest.mark.parametrize("bad", [-1, True, 1.5, "3"])
def test_founders_are_validated(bad: object) -> None:
    """The number of founders must be an int >= 0 or None."""
    with pytest.raises(InvalidArgumentError, match="founders") as info:
        BARE.entrepreneurship_supports(_brand(), on=ON, founders=bad)  # type: ignore[arg-type]
    assert info.value.field == "founders"


# ---------------------------------------------------------------- evaluate
def test_evaluate_decides_the_measures_that_need_no_extra_fact() -> None:
    """The measures that need no extra fact, in the document's order, with the ledger passed on."""
    decisions = FLAT.evaluate(_brand(), on=ON)[1:]
    assert [d.measure for d in decisions] == [
        "provincial_recognition_award",
        "transport_subsidy",
        "social_insurance_subsidy",
        "training_subsidy",
    ]
    assert {d.outcome for d in decisions} == {Outcome.ELIGIBLE}
    ledger = Ledger().record(decisions[0])
    again = FLAT.evaluate(_brand(), on=ON, ledger=ledger)[1:]
    assert again[0].outcome is Outcome.INELIGIBLE
    assert again[1:] == decisions[1:]
