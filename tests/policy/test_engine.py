"""The policy engine: properties of the employment award, the ledger, admission."""

from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourbrand as lb
from labourbrand import (
    Authority,
    Brand,
    CreatingUnit,
    Fen,
    Maturity,
    Stage,
    WorkforceObservation,
    hookimpl,
)
from labourbrand.exceptions import (
    IllegalTransitionError,
    InvalidArgumentError,
    PluginResultError,
)
from labourbrand.lifecycle import Event, transition
from labourbrand.policy import (
    Decision,
    Flat,
    Ledger,
    Measure,
    Outcome,
    PerHead,
    Policy,
    Rule,
)
from labourbrand.serialization import from_json, to_json
from labourbrand.testing import strategies as lbst


D = pendulum.Date
CAP = Fen.from_yuan(300_000)


class PerSigned:
    """An illustrative per-head city rule for 安康市 (no published amount)."""

    name = "ankang-illustrative"
    __version__ = "1.0"

    def __init__(self, rate_yuan: int, delegates_to: tuple[str, ...] = ()) -> None:
        self.rate = Fen.from_yuan(rate_yuan)
        self.delegates_to = delegates_to

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610900",
                first_day="2022-04-29",
                formula=PerHead(rates=[("rural_signed", self.rate)]),
                reference="illustrative",
                illustrative=True,
                delegates_to=self.delegates_to,
            )
        ]


OBSERVED = D(2023, 6, 30)


def _brand(signed: int, *, on: pendulum.Date = OBSERVED) -> Brand:
    return Brand(
        name_zh="紫阳修脚师",
        county="610924",
        maturity=Maturity.ESTABLISHED,
        creating_unit=CreatingUnit(name="紫阳县修脚行业协会"),
        workforce=[
            WorkforceObservation(
                on=on,
                practitioners=signed + 10,
                signed=signed,
                rural=signed,
                rural_signed=signed,
            )
        ],
    )


POLICY = Policy.shaanxi(plugins=[PerSigned(500)], entry_points=False)
BARE = Policy.shaanxi(entry_points=False)


@given(
    st.integers(0, 5_000),
    lbst.dates(min_value=D(2022, 4, 29), max_value=D(2030, 12, 31)),
)
def test_award_never_negative_nor_above_cap(signed: int, on: pendulum.Date) -> None:
    """Whatever the head count and day, the award is a Fen between zero and the cap."""
    decision = POLICY.employment_award(_brand(signed, on=D(2022, 4, 29)), on=on)
    if decision.amount is not None:
        assert Fen(0) <= decision.amount <= CAP
    assert (decision.outcome is Outcome.ELIGIBLE) == (signed >= 500)
    assert decision.capped == (signed * 500 * 100 > CAP.amount)


@given(st.integers(0, 3_000), st.integers(0, 3_000))
def test_more_signed_workers_never_lower_the_award(a: int, b: int) -> None:
    """The award is monotone in rural workers with signed agreements."""
    low, high = sorted((a, b))
    on = D(2023, 7, 1)
    first = POLICY.employment_award(_brand(low), on=on)
    second = POLICY.employment_award(_brand(high), on=on)
    assert (first.amount or Fen(0)) <= (second.amount or Fen(0))
    if first.outcome is Outcome.ELIGIBLE:
        assert second.outcome is Outcome.ELIGIBLE


@given(
    lbst.dates(min_value=D(2021, 1, 1), max_value=D(2026, 12, 31)),
    lbst.dates(min_value=D(2021, 1, 1), max_value=D(2030, 12, 31)),
)
def test_a_later_day_never_changes_an_earlier_decision(
    day: pendulum.Date, later: pendulum.Date
) -> None:
    """Asking about a later day first does not change the decision for an earlier day."""
    fresh = Policy.shaanxi(plugins=[PerSigned(500)], entry_points=False)
    brand = _brand(600, on=D(2022, 1, 1))
    before = fresh.employment_award(brand, on=day)
    fresh.employment_award(brand, on=max(day, later))
    assert fresh.employment_award(brand, on=day) == before
    assert POLICY.employment_award(brand, on=day) == before


def test_not_in_force_is_not_zero() -> None:
    """Before 2022-04-29 the award is NOT_IN_FORCE, with no amount and an explanation."""
    decision = POLICY.employment_award(_brand(900, on=D(2022, 1, 1)), on=D(2022, 4, 28))
    assert decision.outcome is Outcome.NOT_IN_FORCE
    assert decision.amount is None
    assert "2022-04-29" in decision.steps[0].en


def test_eligible_decision_explains_itself() -> None:
    """An eligible award cites its clause, parameters, supplier, payee and fund."""
    decision = POLICY.employment_award(_brand(520), on=D(2023, 7, 1))
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount == Fen.from_yuan(520 * 500)
    assert decision.clauses == ("shaanxi-2022-13:4.2",)
    assert {p.name for p in decision.parameters} == {
        "employment_award_threshold",
        "employment_award_cap",
    }
    assert decision.parameters[0].reference.startswith("陕人社发〔2022〕13号")
    assert decision.suppliers[0].plugin == "ankang-illustrative"
    assert decision.suppliers[0].version == "1.0"
    assert decision.payee == "紫阳县修脚行业协会"
    assert decision.fund == "就业补助资金"
    en, zh = decision.explain(), decision.explain(lang="zh")
    assert "520 practitioners with signed agreements" in en
    assert "illustrative" in en
    assert "签订协议的从业人员(含农村劳动力)520人" in zh
    assert "<ol>" in decision._repr_html_()
    assert from_json(to_json(decision), Decision) == decision


def test_delegated_amount_names_who_sets_it() -> None:
    """With no city rule the award is eligible with no amount, naming the city bureaus."""
    decision = BARE.employment_award(_brand(600), on=D(2023, 7, 1))
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount is None
    assert decision.amount_set_by == "安康市财政、人社部门"
    assert "安康市财政、人社部门" in decision.explain(lang="zh")
    assert "to be set by" in decision._repr_html_()
    assert "not zero" in decision.explain()


@pytest.mark.parametrize(
    ("county", "setter"),
    [
        ("610403", "杨凌农业高新技术产业示范区财政、人社部门"),
        ("610581", "韩城市财政、人社部门"),
        ("610404", "咸阳市财政、人社部门"),
    ],
)
def test_jurisdiction_of_the_amount(county: str, setter: str) -> None:
    """杨陵区 is set by 杨凌示范区 and 韩城 by itself; other counties by their city."""
    brand = attrs.evolve(_brand(600), county=county)
    assert BARE.employment_award(brand, on=D(2023, 7, 1)).amount_set_by == setter


def test_county_rule_beats_city_rule() -> None:
    """A county's own rule, which its city's rule delegates to it, wins over the city's."""

    class County:
        name = "ziyang-illustrative"

        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            return [
                Rule(
                    measure=Measure.EMPLOYMENT_AWARD,
                    jurisdiction="610924",
                    first_day="2023-01-01",
                    formula=Flat(Fen.from_yuan(88_000)),
                    reference="illustrative",
                    illustrative=True,
                )
            ]

    with pytest.raises(PluginResultError, match="jurisdiction='610924'") as info:
        Policy.shaanxi(plugins=[PerSigned(500), County()], entry_points=False)
    assert info.value.plugin_name == "ziyang-illustrative"
    assert "4.2 gives it to 市级财政、人社部门" in str(info.value)
    policy = Policy.shaanxi(
        plugins=[PerSigned(500, delegates_to=("610924",)), County()], entry_points=False
    )
    assert policy.employment_award(
        _brand(600), on=D(2023, 7, 1)
    ).amount == Fen.from_yuan(88_000)
    # Before the county rule starts, the city's applies.
    assert policy.employment_award(
        _brand(550, on=D(2022, 6, 1)), on=D(2022, 7, 1)
    ).amount == Fen.from_yuan(550 * 500)


def test_ledger_pays_once() -> None:
    """The ledger records an eligible award once; a second claim is ineligible, citing one-time."""
    first = POLICY.employment_award(_brand(600), on=D(2023, 7, 1))
    ledger = Ledger().record(first)
    assert ledger.paid("610924/紫阳修脚师", Measure.EMPLOYMENT_AWARD) is not None
    second = POLICY.employment_award(
        _brand(900, on=D(2024, 6, 30)), on=D(2024, 7, 1), ledger=ledger
    )
    assert second.outcome is Outcome.INELIGIBLE
    assert "one-time" in second.steps[-1].en
    with pytest.raises(InvalidArgumentError, match="already paid"):
        ledger.record(first)
    with pytest.raises(InvalidArgumentError, match="eligible decision"):
        ledger.record(second)


def test_award_admits_to_the_pool() -> None:
    """An eligible award admits the brand to the provincial pool through the lifecycle."""
    brand = transition(_brand(600), Event.ESTABLISH, on=D(2023, 1, 1))
    decision = POLICY.employment_award(brand, on=D(2023, 7, 1))
    pooled = POLICY.admit(brand, decision)
    assert pooled.stage is Stage.IN_POOL
    assert pooled.history[-1].event is Event.ADMIT_ON_AWARD
    assert pooled.history[-1].basis == "shaanxi-2022-13:4.2"
    assert pooled.history[-1].by is Authority.PROVINCIAL_HRSS
    assert pooled.history[-1].evidence == decision.id
    assert POLICY.admit(pooled, decision) is pooled
    with pytest.raises(IllegalTransitionError):
        POLICY.admit(_brand(600), decision)  # not yet established
    refused = POLICY.employment_award(_brand(100), on=D(2023, 7, 1))
    with pytest.raises(InvalidArgumentError, match="eligible employment award"):
        POLICY.admit(brand, refused)


def test_unquantified_scenario_is_undetermined() -> None:
    """A scenario that leaves the threshold without a number gets no decision, not a crash."""
    from labourbrand.policy.parameters import UNQUANTIFIED

    params = BARE.parameters.with_overrides(
        {"employment_award_threshold": UNQUANTIFIED}
    )
    policy = Policy.shaanxi(parameters=params, entry_points=False)
    decision = policy.employment_award(_brand(600), on=D(2023, 7, 1))
    assert decision.outcome is Outcome.UNDETERMINED
    assert "no number" in decision.steps[0].en


def test_scenario_threshold_override() -> None:
    """A reform threshold of 300 makes 350 signed workers eligible; the packaged set is unchanged."""
    params = BARE.parameters.with_overrides({"employment_award_threshold": 300})
    reform = Policy.shaanxi(parameters=params, entry_points=False)
    assert (
        reform.employment_award(_brand(350), on=D(2023, 7, 1)).outcome
        is Outcome.ELIGIBLE
    )
    assert (
        BARE.employment_award(_brand(350), on=D(2023, 7, 1)).outcome
        is Outcome.INELIGIBLE
    )


def test_evaluate_returns_every_decision() -> None:
    """evaluate gives the decisions that apply to a brand on a day."""
    decisions = POLICY.evaluate(_brand(600), on=D(2023, 7, 1))
    assert [d.measure for d in decisions] == [
        "employment_award",
        "provincial_recognition_award",
        "transport_subsidy",
        "social_insurance_subsidy",
        "training_subsidy",
    ]
    assert all(d.on == D(2023, 7, 1) for d in decisions)


def test_policy_methods_for_every_measure() -> None:
    """Each measure of clauses 4.1-5.1 is a Policy method citing its clause."""
    from labourbrand.policy import ShowcaseSelection

    brand, on = _brand(600), D(2023, 7, 1)
    selection = ShowcaseSelection(
        level=lb.RecognitionLevel.PROVINCIAL,
        selected_by=lb.Authority.PROVINCIAL_HRSS,
        event="陕西省劳务品牌展示交流活动",
        on=D(2023, 5, 1),
    )
    checks = {
        "4.2": [
            POLICY.provincial_recognition_award(brand, on=on),
            POLICY.transport_subsidy(brand, on=on),
            POLICY.social_insurance_subsidy(brand, on=on),
        ],
        "4.3": [POLICY.showcase_award(brand, on=on, selection=selection)],
        "4.1": [
            POLICY.training_subsidy(brand, on=on),
            POLICY.high_skill_base_grant(brand, on=on, training_base=True),
        ],
        "5.1": list(POLICY.entrepreneurship_supports(brand, on=on, founders=3)),
    }
    for clause, decisions in checks.items():
        for decision in decisions:
            assert f"shaanxi-2022-13:{clause}" in decision.clauses, decision.measure
    assert checks["4.3"][0].outcome is Outcome.ELIGIBLE
    assert (
        len(checks["5.1"]) == 5
    )  # four supports for founders, premises for their entities


def test_policy_is_lazy_at_top_level() -> None:
    """lb.Policy and lb.hookimpl resolve lazily to the engine and the marker."""
    assert lb.Policy is Policy
    assert lb.hookimpl is hookimpl
    assert lb.Decision is Decision


def test_policy_methods_for_every_check() -> None:
    """Targets, obligations, exit, leading enterprise, credit and funding tilt are Policy methods."""
    from labourbrand.policy import CheckStatus, CountyFacts, ExitIndicators

    on = D(2026, 1, 21)
    # The packaged sample carries no lifecycle record: none is cultivated.
    report = BARE.targets(lb.brands.packaged(), on=on)
    assert report["target_brands_total"].value == 0
    assert len(report.counties_without_brand) == 107
    training, studios = BARE.county_obligations(
        CountyFacts(code="610727", training_projects=1, studios=0, as_of=on), on=on
    )
    assert training.status is CheckStatus.MET
    assert studios.status is CheckStatus.NOT_MET
    exit_ = BARE.exit_assessment(
        _brand(600),
        ExitIndicators(
            training_quality_poor=True,
            jobs_before=None,
            jobs_now=None,
            competitiveness_declined=None,
            recognition_low=None,
            as_of=on,
        ),
        on=on,
    )
    assert "shaanxi-2022-13:3.4" in exit_.clauses
    lead = BARE.leading_enterprise(
        name="某龙头企业",
        on=on,
        finances_healthy=True,
        risk_resilient=True,
        employment_system_sound=None,
    )
    assert lead.status is CheckStatus.UNKNOWN
    assert (
        BARE.credit_check(unit="某协会", on=on, broke_commitment=True).status
        is CheckStatus.NOT_MET
    )
    tilt = BARE.funding_tilt("610926", lb.brands.packaged(), on=on, contributed=True)
    assert tilt.status is CheckStatus.MET
