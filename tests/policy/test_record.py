"""Issue 11: a record that can be trusted.

What was true on a day, decisions with stable ids, decisions read from
outside checked, payments keyed by identity, the audit replay.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from typing import Any

import attrs
import numpy as np
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labourbrand as lb
from labourbrand import exceptions
from labourbrand.exceptions import AlreadyPaidError, InvalidArgumentError
from labourbrand.ledger import Ledger, MemoryLedger, Payment
from labourbrand.lifecycle import (
    Authority,
    Event,
    ExitGround,
    import_record,
    transition,
)
from labourbrand.policy import Outcome, Policy
from labourbrand.testing import strategies as lbst


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)


def _brand(signed: int = 600, **changes: Any) -> lb.Brand:  # noqa: ANN401 - any field
    brand = lb.Brand(
        name_zh="紫阳修脚师",
        county="610924",
        maturity=lb.Maturity.ESTABLISHED,
        creating_unit=lb.CreatingUnit(name="紫阳县修脚行业协会"),
        workforce=[
            lb.WorkforceObservation(
                on=D(2022, 12, 31),
                practitioners=900,
                signed=signed,
                rural=800,
                rural_signed=signed,
                poverty_alleviated=30,
                rural_low_income=10,
            )
        ],
    )
    return attrs.evolve(brand, **changes)


def _walk(brand: lb.Brand, *steps: tuple[Event, pendulum.Date, Authority]) -> lb.Brand:
    for event, on, by in steps:
        grounds = [ExitGround.FEWER_JOBS] if event is Event.PROPOSE_EXIT else []
        brand = transition(brand, event, on=on, by=by, grounds=grounds)
    return brand


def _pooled_then_exited() -> lb.Brand:
    """In the pool from 2023-06-01, exited on 2024-04-15 (the issue's example)."""
    return _walk(
        _brand(),
        (Event.ESTABLISH, D(2022, 5, 1), Authority.COUNTY_HRSS),
        (Event.RECOMMEND_BY_COUNTY, D(2022, 9, 1), Authority.COUNTY_HRSS),
        (Event.RECOMMEND_BY_CITY, D(2023, 3, 1), Authority.CITY_HRSS),
        (Event.ADMIT, D(2023, 6, 1), Authority.PROVINCIAL_HRSS),
        (Event.PROPOSE_EXIT, D(2024, 3, 1), Authority.CITY_HRSS),
        (Event.DECIDE_EXIT, D(2024, 4, 15), Authority.PROVINCIAL_HRSS),
    )


# ------------------------------------------------------------------ as of a day
def test_a_past_day_sees_the_stage_of_that_day() -> None:
    """A brand in the pool on 2023-06-01 that exited later is not 'exited' on 2023-06-01."""
    brand = _pooled_then_exited()
    barred = Policy.shaanxi(
        entry_points=False, interpretations={"exited_brand_award": "barred"}
    )
    then = barred.employment_award(brand, on=D(2023, 6, 1))
    assert then.outcome is Outcome.ELIGIBLE, then.explain()
    now = barred.employment_award(brand, on=D(2024, 5, 1))
    assert now.outcome is Outcome.INELIGIBLE
    assert "exited" in now.explain()
    targets = POLICY.targets([brand], on=D(2023, 6, 1))
    assert targets["target_brands_total"].value == 1


def test_a_payment_does_not_apply_backwards() -> None:
    """A payment recorded on 2023-01-10 leaves a decision about 2023-01-05 as it was."""
    brand = _brand()
    first = POLICY.employment_award(brand, on=D(2023, 1, 10))
    ledger = Ledger().record(first)
    before = POLICY.employment_award(brand, on=D(2023, 1, 5), ledger=ledger)
    assert before.outcome is Outcome.ELIGIBLE
    after = POLICY.employment_award(brand, on=D(2023, 1, 10), ledger=ledger)
    assert after.outcome is Outcome.INELIGIBLE


def _payments(brand: lb.Brand, days: list[pendulum.Date]) -> list[Payment]:
    return [
        Payment(
            brand_id=brand.id,
            brand=brand.name_zh,
            measure=measure,
            decided_on=day,
            on=day,
            amount=None,
            one_time=True,
            decision_id=f"{measure}-{i}",
            policy_version=POLICY.version,
        )
        for i, (measure, day) in enumerate(
            zip(
                ["employment_award", "showcase_award", "provincial_recognition_award"],
                days,
                strict=False,
            )
        )
    ]


_PATH = (
    (Event.ESTABLISH, Authority.COUNTY_HRSS),
    (Event.RECOMMEND_BY_COUNTY, Authority.COUNTY_HRSS),
    (Event.RECOMMEND_BY_CITY, Authority.CITY_HRSS),
    (Event.ADMIT, Authority.PROVINCIAL_HRSS),
    (Event.PROPOSE_EXIT, Authority.CITY_HRSS),
    (Event.DECIDE_EXIT, Authority.PROVINCIAL_HRSS),
)
_DAYS = st.integers(0, 4 * 365).map(lambda n: D(2022, 1, 1).add(days=n))


@st.composite
def histories(draw: st.DrawFn) -> lb.Brand:
    """Brands near every condition: counts around the thresholds, a walk to the pool and out."""
    days = sorted(draw(st.lists(_DAYS, min_size=1, max_size=3, unique=True)))
    workforce = []
    for day in days:
        signed = draw(st.integers(0, 1000))
        poor = draw(st.integers(0, signed))
        workforce.append(
            lb.WorkforceObservation(
                on=day,
                practitioners=signed,
                rural=signed,
                rural_signed=signed,
                poverty_alleviated=poor,
                rural_low_income=draw(st.integers(0, signed)),
            )
        )
    recognitions = [
        lb.Recognition(level=lb.RecognitionLevel.PROVINCIAL, on=day)
        for day in draw(st.lists(_DAYS, max_size=1))
    ]
    brand = _brand(workforce=workforce, recognitions=recognitions)
    steps = sorted(draw(st.lists(_DAYS, max_size=len(_PATH))))
    return _walk(brand, *((e, d, by) for (e, by), d in zip(_PATH, steps, strict=False)))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    brand=histories() | lbst.brands(max_events=10),
    day=_DAYS,
    paid_days=st.lists(_DAYS, max_size=3),
)
def test_nothing_recorded_after_a_day_changes_a_decision_about_it(
    brand: lb.Brand, day: pendulum.Date, paid_days: list[pendulum.Date]
) -> None:
    """Issue 11's property, for every measure: the record after *day* plays no part."""
    payments = _payments(brand, paid_days)
    ledger = Ledger(payments)
    seen = Ledger([p for p in payments if p.on <= day])
    past = brand.as_of(day)
    for spec in POLICY.document.measures:
        facts: dict[str, object] = dict.fromkeys(spec.needs)
        full = POLICY.decide(spec.id, brand, on=day, ledger=ledger, **facts)
        only_then = POLICY.decide(spec.id, past, on=day, ledger=seen, **facts)
        assert full == only_then
        assert full.id == only_then.id
        # Built without its validators by the interpreter: they all pass.
        assert attrs.evolve(full) == full
    counted = POLICY.targets([brand], on=day)["target_brands_total"].value
    assert counted == POLICY.targets([past], on=day)["target_brands_total"].value


@settings(max_examples=40, deadline=None)
@given(brand=lbst.brands(max_events=10), day=lbst.dates(max_value=D(2032, 1, 1)))
def test_as_of_keeps_only_what_was_recorded_by_then(
    brand: lb.Brand, day: pendulum.Date
) -> None:
    past = brand.as_of(day)
    assert all(r.on <= day for r in past.history)
    assert all(o.on <= day for o in past.workforce)
    assert past.stage is brand.stage_on(day)
    assert past.id == brand.id
    assert lb.lifecycle.replay(past) is past.stage


# ------------------------------------------------------------- decision ids
def test_a_decision_id_is_stable_across_processes() -> None:
    brand = _brand()
    decision = POLICY.employment_award(brand, on=D(2023, 7, 1))
    code = (
        "import pendulum, labourbrand as lb\n"
        "b = lb.Brand(name_zh='紫阳修脚师', county='610924', maturity=lb.Maturity.ESTABLISHED,"
        " creating_unit=lb.CreatingUnit(name='紫阳县修脚行业协会'), workforce=[lb.WorkforceObservation("
        "on=pendulum.Date(2022, 12, 31), practitioners=900, signed=600, rural=800, rural_signed=600,"
        " poverty_alleviated=30, rural_low_income=10)])\n"
        "p = lb.Policy.shaanxi(entry_points=False)\n"
        "print(p.employment_award(b, on=pendulum.Date(2023, 7, 1)).id)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == decision.id


def test_a_decision_id_changes_with_its_inputs() -> None:
    a = POLICY.employment_award(_brand(600), on=D(2023, 7, 1))
    assert POLICY.employment_award(_brand(600), on=D(2023, 7, 1)).id == a.id
    assert POLICY.employment_award(_brand(700), on=D(2023, 7, 1)).id != a.id
    assert POLICY.employment_award(_brand(600), on=D(2023, 7, 2)).id != a.id
    other = _brand(600, id="AK-2022-017")
    assert POLICY.employment_award(other, on=D(2023, 7, 1)).id != a.id
    assert a.id.startswith("employment_award-")
    assert a.policy_version == POLICY.version
    assert a.one_time is True


def test_the_version_differs_with_the_parameters() -> None:
    changed = POLICY.parameters.with_overrides({"employment_award_threshold": 400})
    other = Policy.shaanxi(parameters=changed, entry_points=False)
    assert other.version != POLICY.version
    assert Policy.shaanxi(entry_points=False).version == POLICY.version


# --------------------------------------------------- decisions read from outside
def test_a_decision_is_validated_when_built() -> None:
    with pytest.raises(InvalidArgumentError) as info:
        lb.Decision(
            measure="employment_award",
            brand="x",
            on=D(2023, 1, 1),
            outcome="eligible",  # type: ignore[arg-type]
        )
    assert info.value.field == "outcome"
    with pytest.raises(InvalidArgumentError):
        lb.Decision(
            measure="employment_award",
            brand="x",
            on=D(2023, 1, 1),
            outcome=Outcome.ELIGIBLE,
            amount=300,  # type: ignore[arg-type]
        )


def test_a_forged_decision_above_its_cap_is_refused() -> None:
    brand = _brand()
    decision = POLICY.employment_award(brand, on=D(2023, 7, 1))
    forged = attrs.evolve(decision, amount=lb.Fen.from_yuan(400_000))
    with pytest.raises(InvalidArgumentError, match="at most the cap") as info:
        POLICY.verify(forged, brand)
    assert info.value.field == "amount"
    with pytest.raises(InvalidArgumentError, match="at most the cap"):
        POLICY.claim(forged, brand, MemoryLedger())


def test_a_decision_of_another_policy_version_is_refused() -> None:
    brand = _brand()
    decision = POLICY.employment_award(brand, on=D(2023, 7, 1))
    text = lb.serialization.to_json(
        attrs.evolve(decision, policy_version="0.1:other:0")
    )
    read = lb.serialization.from_json(text, lb.Decision)
    with pytest.raises(InvalidArgumentError, match="policy version") as info:
        POLICY.claim(read, brand, MemoryLedger())
    assert info.value.field == "policy_version"


def test_a_decision_that_does_not_follow_is_refused() -> None:
    small = _brand(100)
    refused = POLICY.employment_award(small, on=D(2023, 7, 1))
    edited = attrs.evolve(refused, outcome=Outcome.ELIGIBLE)
    with pytest.raises(
        InvalidArgumentError, match="Expected the decision this policy makes"
    ):
        POLICY.claim(edited, small, MemoryLedger())
    with pytest.raises(InvalidArgumentError, match="brand id"):
        POLICY.verify(refused, _brand(100, id="AK-2022-017"))


def test_a_decision_round_trips_through_json_with_its_id() -> None:
    decision = POLICY.employment_award(_brand(), on=D(2023, 7, 1))
    read = lb.serialization.from_json(lb.serialization.to_json(decision), lb.Decision)
    assert read == decision
    assert read.id == decision.id


# ----------------------------------------------------------- the ledger
@pytest.mark.parametrize(
    "variant",
    ["紫阳修脚师 ", "紫阳\u200b修脚师", "\ufeff紫阳修脚师", "紫阳修脚师\u3000"],
)
def test_a_variant_of_the_name_is_not_paid_twice(variant: str) -> None:
    """The ledger matches brands by id, not by the exact name string."""
    store = MemoryLedger()
    brand = _brand()
    POLICY.claim(POLICY.employment_award(brand, on=D(2023, 7, 1)), brand, store)
    twin = _brand(name_zh=variant, id=lb.Brand(name_zh=variant, county="610924").id)
    again = POLICY.employment_award(twin, on=D(2023, 8, 1), ledger=store)
    assert again.outcome is Outcome.INELIGIBLE
    with pytest.raises(AlreadyPaidError) as info:
        POLICY.claim(POLICY.employment_award(twin, on=D(2023, 8, 1)), twin, store)
    assert info.value.paid_on == D(2023, 7, 1)


def test_a_payment_cites_its_decision_and_keeps_its_inputs() -> None:
    store = MemoryLedger()
    brand = _brand()
    decision = POLICY.employment_award(brand, on=D(2023, 7, 1))
    payment = POLICY.claim(decision, brand, store, on=D(2023, 7, 20))
    assert payment.decision_id == decision.id
    assert (payment.decided_on, payment.on) == (D(2023, 7, 1), D(2023, 7, 20))
    assert '"rural_signed":600' in payment.inputs
    assert store.entries() == (payment,)
    assert store.paid(brand.id, "employment_award", on=D(2023, 7, 19)) is None
    assert store.paid(brand.id, "employment_award", on=D(2023, 7, 20)) == payment


def test_a_showcase_award_is_claimed_once_per_selection(tmp_path: object) -> None:
    """Clause 4.3, once per selection (the default reading): the store keeps one payment per occasion."""
    import pathlib

    from labourbrand.ledger import SQLiteLedger
    from labourbrand.policy import ShowcaseSelection

    provincial = ShowcaseSelection(
        level=lb.RecognitionLevel.PROVINCIAL,
        selected_by=Authority.PROVINCIAL_HRSS,
        event="陕西省劳务品牌展示交流活动",
        on=D(2023, 9, 1),
    )
    national = ShowcaseSelection(
        level=lb.RecognitionLevel.NATIONAL,
        selected_by=Authority.MOHRSS,
        event="全国劳务品牌发展大会",
        on=D(2024, 9, 1),
    )
    brand = _brand()
    with SQLiteLedger(pathlib.Path(str(tmp_path)) / "ledger.db") as store:
        first = POLICY.showcase_award(brand, on=D(2023, 10, 1), selection=provincial)
        assert (first.one_time, first.occasion) == (True, provincial.occasion)
        POLICY.claim(first, brand, store, selection=provincial)
        # The same selection again: refused by the decision, and by the store.
        again = POLICY.showcase_award(
            brand, on=D(2023, 11, 1), selection=provincial, ledger=store
        )
        assert again.outcome is Outcome.INELIGIBLE
        twin = POLICY.showcase_award(brand, on=D(2023, 11, 1), selection=provincial)
        with pytest.raises(AlreadyPaidError):
            POLICY.claim(twin, brand, store, selection=provincial)
        # Another selection is another occasion.
        second = POLICY.showcase_award(
            brand, on=D(2024, 10, 1), selection=national, ledger=store
        )
        assert second.outcome is Outcome.ELIGIBLE
        POLICY.claim(second, brand, store, selection=national)
        assert [p.occasion for p in store.entries()] == [
            provincial.occasion,
            national.occasion,
        ]


def test_only_an_eligible_decision_is_claimed() -> None:
    small = _brand(100)
    refused = POLICY.employment_award(small, on=D(2023, 7, 1))
    with pytest.raises(InvalidArgumentError, match="eligible decision"):
        POLICY.claim(refused, small, MemoryLedger())
    with pytest.raises(InvalidArgumentError, match="ledger store"):
        POLICY.claim(refused, small, Ledger())  # type: ignore[arg-type]


def test_a_ledger_is_validated_when_built() -> None:
    brand = _brand()
    [payment] = _payments(brand, [D(2023, 1, 1)])
    with pytest.raises(InvalidArgumentError, match="paid once") as info:
        Ledger([payment, attrs.evolve(payment, decision_id="other")])
    assert info.value.field == "payments[1]"
    with pytest.raises(InvalidArgumentError, match="Expected a Payment"):
        Ledger(["x"])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="on or after its decision"):
        attrs.evolve(payment, on=D(2022, 12, 1))
    with pytest.raises(InvalidArgumentError, match="Expected a ledger"):
        POLICY.employment_award(brand, on=D(2023, 7, 1), ledger={})  # type: ignore[arg-type]


def test_a_ledger_reads_back_from_json_checked() -> None:
    brand = _brand()
    ledger = Ledger(_payments(brand, [D(2023, 1, 1)]))
    text = lb.serialization.to_json(ledger)
    assert lb.serialization.from_json(text, Ledger) == ledger
    bad = text.replace('"one_time":true', '"one_time":"yes"')
    with pytest.raises(exceptions.DataError, match="one_time"):
        lb.serialization.from_json(bad, Ledger)


def test_the_batch_path_reads_the_ledger_by_brand_id() -> None:
    brands = [_brand(), _brand(id="AK-2022-017"), _brand(100, id="AK-2022-018")]
    ledger = Ledger().record(POLICY.employment_award(brands[0], on=D(2023, 1, 10)))
    columns = {
        "brand_id": np.array([b.id for b in brands]),
        "county": np.array(["610924"] * 3),
        "signed": np.array([600, 600, 100]),
        "rural_signed": np.array([600, 600, 100]),
    }
    for on in (D(2023, 1, 5), D(2023, 1, 10)):
        result = POLICY.evaluate_batch(
            columns, on=on, measures=["employment_award"], ledger=ledger
        )["employment_award"]
        for row, brand in enumerate(brands):
            decision = POLICY.employment_award(brand, on=on, ledger=ledger)
            assert lb.policy.OUTCOME_CODES[int(result.outcome[row])] is decision.outcome
    del columns["brand_id"]
    with pytest.raises(InvalidArgumentError, match="brand_id") as info:
        POLICY.evaluate_batch(columns, on=D(2023, 1, 5), ledger=ledger)
    assert info.value.field == "brand_id"


# ------------------------------------------------------------- the audit replay
def test_replay_grants_again_what_was_paid() -> None:
    store = MemoryLedger()
    brand = _brand()
    POLICY.claim(POLICY.employment_award(brand, on=D(2023, 7, 1)), brand, store)
    report = POLICY.replay(store)
    assert report.ok
    assert report.checked == 1
    assert "every one granted again" in report.explain()


def test_replay_reports_what_the_policy_would_no_longer_grant() -> None:
    store = MemoryLedger()
    brand = _brand()
    POLICY.claim(POLICY.employment_award(brand, on=D(2023, 7, 1)), brand, store)
    [bare] = _payments(_brand(id="AK-2022-017"), [D(2023, 7, 1)])
    store.claim(bare)
    stricter = Policy.shaanxi(
        parameters=POLICY.parameters.with_overrides(
            {"employment_award_threshold": 700}
        ),
        entry_points=False,
    )
    report = stricter.replay(store)
    assert not report.ok
    reasons = [f.reason for f in report.findings]
    assert reasons == [
        "the policy now decides ineligible",
        "no inputs were stored with it",
    ]
    assert report.findings[0].decision is not None
    assert "not granted as recorded" in report.explain()


# ----------------------------------------------------- imported records
def test_a_decision_about_an_imported_brand_says_so() -> None:
    brand = import_record(
        _brand(),
        stage=lb.Stage.IN_POOL,
        since=D(2022, 9, 1),
        imported_on=D(2026, 11, 30),
        by=Authority.PROVINCIAL_HRSS,
        source="省级劳务品牌资源库名单(2022)",
    )
    decision = POLICY.employment_award(brand, on=D(2023, 7, 1))
    assert "taken from records kept elsewhere" in decision.explain()
    assert "省级劳务品牌资源库名单(2022)" in decision.explain(lang="zh")
    with pytest.raises(InvalidArgumentError, match="no audit trail"):
        import_record(
            brand,
            stage=lb.Stage.IN_POOL,
            since=D(2022, 9, 1),
            imported_on=D(2026, 11, 30),
            by=Authority.PROVINCIAL_HRSS,
            source="x",
        )


def test_an_import_is_only_ever_the_first_record() -> None:
    brand = _pooled_then_exited()
    record = lb.AuditRecord(
        on=D(2024, 5, 1),
        event=Event.IMPORT,
        from_stage=lb.Stage.EXITED,
        to_stage=lb.Stage.IN_POOL,
        by=Authority.PROVINCIAL_HRSS,
        basis="import",
    )
    with pytest.raises(InvalidArgumentError, match="import only as the first"):
        attrs.evolve(brand, history=(*brand.history, record), stage=lb.Stage.IN_POOL)


# ------------------------------------------------------------- pickling
def _examples() -> dict[type[BaseException], BaseException]:
    d = D(2023, 1, 1)
    return {
        exceptions.LabourBrandError: exceptions.LabourBrandError("x"),
        exceptions.InvalidArgumentError: InvalidArgumentError("bad", field="f"),
        exceptions.AlreadyPaidError: AlreadyPaidError(
            brand_id="b", measure="m", paid_on=d
        ),
        exceptions.UnknownRegionError: exceptions.UnknownRegionError("619999"),
        exceptions.DataError: exceptions.DataError("f.json", ["a @ $.x"]),
        exceptions.PolicyDataError: exceptions.PolicyDataError("p.toml", ["b @ $.y"]),
        exceptions.IllegalTransitionError: exceptions.IllegalTransitionError(
            brand="b",
            from_stage="in_pool",
            event="admit",
            allowed=["monitor"],
            reason="r",
        ),
        exceptions.ActorNotAllowedError: exceptions.ActorNotAllowedError(
            brand="b",
            from_stage="exit_proposed",
            event="decide_exit",
            allowed=["decide_exit", "retain"],
            actor="city_hrss",
            may_act=["provincial_hrss"],
            basis="shaanxi-2022-13:3.4",
        ),
        exceptions.LedgerError: exceptions.LedgerError("locked", store="register.db"),
        exceptions.NotInForceError: exceptions.NotInForceError(
            "employment_award", on=d, first_day=D(2022, 4, 29)
        ),
        exceptions.SimulationError: exceptions.SimulationError(
            "worker", model="2", received="1"
        ),
        exceptions.PluginError: exceptions.PluginError(
            "boom", plugin_name="p", hook="h"
        ),
        exceptions.PluginResultError: exceptions.PluginResultError(
            "bad", plugin_name="p", hook="h", value=lambda: 1
        ),
        exceptions.ResourceLimitError: exceptions.ResourceLimitError(
            "too many runs", field="runs", needed=2 << 30, limit=1 << 30
        ),
    }


def test_every_exception_has_a_pickling_example() -> None:
    """A new exception class cannot be added without this test covering it."""
    classes = {
        obj
        for obj in vars(exceptions).values()
        if isinstance(obj, type) and issubclass(obj, exceptions.LabourBrandError)
    }
    assert classes == set(_examples())


@pytest.mark.parametrize("cls", list(_examples()), ids=lambda c: c.__name__)
def test_every_exception_round_trips_through_pickle(cls: type[BaseException]) -> None:
    error = _examples()[cls]
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(back) is cls
    assert str(back) == str(error)
    fields = {k: v for k, v in vars(error).items() if k != "value"}
    assert {k: v for k, v in vars(back).items() if k != "value"} == fields


def test_an_error_in_a_worker_process_reaches_the_caller() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(lb.Brand, name_zh="x", stage=lb.Stage.IN_POOL)
        with pytest.raises(InvalidArgumentError, match="import_record") as info:
            future.result()
    assert info.value.field == "stage"
