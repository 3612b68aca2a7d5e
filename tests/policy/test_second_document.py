"""A second document proves the interpreter holds no Shaanxi fact.

The province below is made up for this test (code 990000 is no real province,
and every name, number and amount is illustrative): it has its own regions, a
threshold of 200 practitioners and a cap of 50,000 yuan. Its brands are
decided by its own rules, never Shaanxi's 500 workers and 300,000 yuan.
"""

from __future__ import annotations

import attrs
import numpy as np
import pendulum
import pytest

from labourbrand import Brand, Fen, Stage, WorkforceObservation, hookimpl
from labourbrand.exceptions import InvalidArgumentError, UnknownRegionError
from labourbrand.lifecycle import (
    TRANSITIONS,
    Authority,
    Event,
    ExitGround,
    import_record,
)
from labourbrand.plugins import get_plugin_manager
from labourbrand.policy import (
    OUTCOME_CODES,
    AtLeast,
    CountyKnown,
    Delegation,
    Flat,
    Level,
    MeasureSpec,
    Outcome,
    Payee,
    Policy,
    PolicyDocument,
    Rule,
    Wording,
)
from labourbrand.policy.parameters import DatedValue, Parameter, ParameterSet, Unit
from labourbrand.regions import Level as RegionLevel
from labourbrand.regions import Region, RegionCode, RegionKind, RegionRegistry


D = pendulum.Date
DOC = "illustrative-province-2030-1"
REFERENCE = "illustrative: made-up document for tests"

REGIONS = RegionRegistry(
    [
        Region(code=RegionCode("990000"), name_zh="示例省", name_en="Example Province",
               level=RegionLevel.PROVINCE, kind=RegionKind.PROVINCE, parent=None),
        Region(code=RegionCode("990100"), name_zh="示例市", name_en="Example City",
               level=RegionLevel.CITY, kind=RegionKind.PREFECTURE_CITY, parent=RegionCode("990000")),
        Region(code=RegionCode("990102"), name_zh="示例县", name_en="Example County",
               level=RegionLevel.COUNTY, kind=RegionKind.COUNTY, parent=RegionCode("990100")),
    ]
)  # fmt: skip


def _parameter(name: str, unit: Unit, value: object) -> Parameter:
    return Parameter(
        name=name,
        description=f"{name} (illustrative)",
        description_zh="示例参数",
        unit=unit,
        clause=f"{DOC}:2.1",
        reference=REFERENCE,
        values=[DatedValue(first_day=D(2030, 1, 1), value=value, reference=REFERENCE)],  # type: ignore[arg-type]
    )


PARAMETERS = ParameterSet(
    [
        _parameter("practitioners_threshold", Unit.PERSONS, 200),
        _parameter("award_cap", Unit.FEN, Fen.from_yuan(50_000)),
    ]
)

AWARD = MeasureSpec(
    id="practitioner_award",
    clause="2.1",
    name=Wording("吸纳从业人员奖励", "practitioner award"),
    quote=Wording("示例条款", "an illustrative clause"),
    conditions=(
        CountyKnown(
            known=Wording("品牌属{county_zh}。", "The brand is of {county_en}."),
            unknown=Wording("所属县未知。", "The county is unknown."),
        ),
        AtLeast(
            fact="practitioners",
            parameter="practitioners_threshold",
            compared=Wording(
                "从业人员{value}人,{met_zh}{threshold}人。",
                "{value} practitioners, {met_en} {threshold}.",
            ),
            unknown=Wording("从业人员未知。", "Practitioners unknown."),
        ),
    ),
    payee=Payee.CREATING_UNIT,
    set_by=Delegation(Level.CITY, "市级人社部门", "the city HRSS bureau"),
    cap="award_cap",
)

DOCUMENT = PolicyDocument(
    id=DOC,
    number="示例〔2030〕1号",
    number_en="Example [2030] No. 1",
    title_zh="示例省劳务品牌办法",
    title_en="Illustrative labour-brand measures",
    issuers=("示例省人社厅",),
    issued=D(2030, 1, 1),
    province="990000",
    measures=[AWARD],
    # Its own lifecycle: here the province itself proposes an exit (illustrative).
    lifecycle=[
        attrs.evolve(row, actors=(Authority.PROVINCIAL_HRSS,), basis=f"{DOC}:3")
        if row.event is Event.PROPOSE_EXIT
        else row
        for row in TRANSITIONS
    ],
)


class ExampleCity:
    """An illustrative city rule: 80,000 yuan, above the province's 50,000 cap."""

    name = "example-city"

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure="practitioner_award",
                jurisdiction="990100",
                first_day="2030-01-01",
                formula=Flat(Fen.from_yuan(80_000)),
                reference=REFERENCE,
                illustrative=True,
            )
        ]


POLICY = Policy(
    documents=[DOCUMENT],
    parameters=PARAMETERS,
    regions=REGIONS,
    plugin_manager=get_plugin_manager(plugins=[ExampleCity()], entry_points=False),
)


def _brand(practitioners: int, county: str = "990102") -> Brand:
    return Brand(
        name_zh="示例品牌",
        county=county,
        workforce=[
            WorkforceObservation(
                on=D(2030, 3, 1), practitioners=practitioners, rural=0, rural_signed=0
            )
        ],
    )


def test_its_own_threshold_cap_rule_and_clause() -> None:
    """250 practitioners meet its threshold of 200; its city's 80,000 yuan is cut to its own 50,000 cap."""
    decision = POLICY.decide("practitioner_award", _brand(250), on=D(2030, 6, 1))
    assert decision.outcome is Outcome.ELIGIBLE, decision.explain()
    assert decision.amount == Fen.from_yuan(50_000)
    assert decision.capped
    assert decision.clauses == (f"{DOC}:2.1",)
    assert decision.suppliers[0].plugin == "example-city"
    assert [p.name for p in decision.parameters] == [
        "practitioners_threshold",
        "award_cap",
    ]
    assert "示例〔2030〕1号" in decision.explain(lang="zh")
    below = POLICY.decide("practitioner_award", _brand(199), on=D(2030, 6, 1))
    assert below.outcome is Outcome.INELIGIBLE
    assert "200" in below.explain()


def test_before_its_first_day_it_is_not_in_force() -> None:
    """On the day before its own first day, the document's measure is NOT_IN_FORCE, naming the document."""
    decision = POLICY.decide("practitioner_award", _brand(250), on=D(2029, 12, 31))
    assert decision.outcome is Outcome.NOT_IN_FORCE
    assert "Example [2030] No. 1" in decision.explain()


def test_the_batch_path_reads_the_same_document() -> None:
    """Columns of its brands decide as each brand does."""
    result = POLICY.evaluate_batch(
        {
            "county": np.array(["990102", "990102", ""]),
            "practitioners": np.array([250, 199, 900]),
        },
        on=D(2030, 6, 1),
    )["practitioner_award"]
    assert [OUTCOME_CODES[int(c)] for c in result.outcome] == [
        Outcome.ELIGIBLE,
        Outcome.INELIGIBLE,
        Outcome.UNDETERMINED,
    ]
    assert result.amount.tolist() == [Fen.from_yuan(50_000).amount, -1, -1]
    assert result.capped.tolist() == [True, False, False]


def test_shaanxi_measures_are_not_its_measures() -> None:
    """Asked for Shaanxi's employment award, the policy refuses: its document declares none."""
    with pytest.raises(InvalidArgumentError, match="practitioner_award"):
        POLICY.decide("employment_award", _brand(900), on=D(2030, 6, 1))
    assert [d.measure for d in POLICY.evaluate(_brand(900), on=D(2030, 6, 1))] == [
        "practitioner_award"
    ]


def test_a_brand_of_the_other_province_is_refused_clearly() -> None:
    """A Shaanxi brand asked of this policy, or this province's brand asked of Shaanxi's, names the registry."""
    with pytest.raises(UnknownRegionError, match="Example Province"):
        POLICY.decide(
            "practitioner_award", _brand(900, county="610924"), on=D(2030, 6, 1)
        )
    shaanxi = Policy.shaanxi(entry_points=False)
    with pytest.raises(UnknownRegionError, match="Shaanxi"):
        shaanxi.employment_award(_brand(900), on=D(2030, 6, 1))


def test_shaanxi_measure_ids_are_the_declared_ones() -> None:
    """Measure names every measure and delegated value the 2022 document declares, and no other."""
    from labourbrand.policy import DELEGATED_TO, Measure
    from labourbrand.policy.documents import shaanxi_2022_13

    document = shaanxi_2022_13.document()
    declared = [s.id for s in document.measures] + [
        v.id for v in document.delegated_values
    ]
    assert sorted(declared) == sorted(m.value for m in Measure)
    assert set(DELEGATED_TO) == set(Measure)
    award = document.measure("employment_award")
    assert Measure.EMPLOYMENT_AWARD.zh == award.name.zh
    assert Measure.EMPLOYMENT_AWARD.clause == award.clause == "4.2"
    assert DELEGATED_TO[Measure.EMPLOYMENT_AWARD] == (award.set_by.zh, award.set_by.en)


def test_clause_ids_resolve_short_or_qualified() -> None:
    """A qualified id names its document; a short one resolves while one loaded document has the clause."""
    shaanxi = Policy.shaanxi(entry_points=False)
    assert shaanxi.clause("4.2") is shaanxi.clause("shaanxi-2022-13:4.2")
    assert shaanxi.clause("4.2").id == "4.2"
    with pytest.raises(InvalidArgumentError, match="loaded document"):
        shaanxi.clause(f"{DOC}:2.1")
    with pytest.raises(InvalidArgumentError, match="no loaded document has it"):
        POLICY.clause("4.2")
    with pytest.raises(InvalidArgumentError, match="clauses packaged"):
        POLICY.clause(f"{DOC}:2.1")


def test_its_own_lifecycle_names_its_own_actors() -> None:
    """Who may act is the document's: its table, not Shaanxi's, decides."""
    from labourbrand.exceptions import ActorNotAllowedError

    brand = import_record(
        _brand(600),
        stage=Stage.IN_POOL,
        since=D(2030, 1, 1),
        imported_on=D(2030, 1, 1),
        by=Authority.PROVINCIAL_HRSS,
        source="示例名单",
    )
    proposed = POLICY.transition(
        brand,
        Event.PROPOSE_EXIT,
        on=D(2030, 6, 1),
        by=Authority.PROVINCIAL_HRSS,
        grounds=[ExitGround.FEWER_JOBS],
    )
    assert proposed.history[-1].basis == f"{DOC}:3"
    with pytest.raises(ActorNotAllowedError, match="provincial_hrss"):
        POLICY.transition(
            brand,
            Event.PROPOSE_EXIT,
            on=D(2030, 6, 1),
            by=Authority.CITY_HRSS,
            grounds=[ExitGround.FEWER_JOBS],
        )
    shaanxi = Policy.shaanxi(entry_points=False)
    assert shaanxi.lifecycle is TRANSITIONS
    with pytest.raises(ActorNotAllowedError, match="city_hrss"):
        shaanxi.transition(
            brand,
            Event.PROPOSE_EXIT,
            on=D(2030, 6, 1),
            by=Authority.PROVINCIAL_HRSS,
            grounds=[ExitGround.FEWER_JOBS],
        )


def test_a_broken_lifecycle_is_refused_when_the_document_is_built() -> None:
    with pytest.raises(InvalidArgumentError, match="unreachable"):
        attrs.evolve(DOCUMENT, lifecycle=[TRANSITIONS[0]])
    with pytest.raises(InvalidArgumentError, match=r"lifecycle\.Transition") as info:
        attrs.evolve(DOCUMENT, lifecycle=["establish"])  # type: ignore[list-item]
    assert info.value.field == "lifecycle[0]"
