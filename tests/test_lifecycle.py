from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from labourbrand import lifecycle
from labourbrand._model import (
    Authority,
    Brand,
    CreatingUnit,
    Event,
    ExitGround,
    Maturity,
    Recognition,
    RecognitionLevel,
    Stage,
)
from labourbrand.exceptions import (
    ActorNotAllowedError,
    IllegalTransitionError,
    InvalidArgumentError,
)
from labourbrand.lifecycle import Transition, check_table, transition
from labourbrand.serialization import from_json, to_json
from labourbrand.testing import strategies as lbst


D = pendulum.Date
PATH_TO_POOL = (
    Event.ESTABLISH,
    Event.RECOMMEND_BY_COUNTY,
    Event.RECOMMEND_BY_CITY,
    Event.ADMIT,
)


def _candidate(**changes: Any) -> Brand:  # noqa: ANN401 - any Brand field
    base = Brand(
        name_zh="紫阳修脚师",
        county="610924",
        maturity=Maturity.ESTABLISHED,
        creating_unit=CreatingUnit(name="某协会"),
    )
    return attrs.evolve(base, **changes)


def _walk(brand: Brand, events: tuple[Event, ...], start: pendulum.Date) -> Brand:
    for i, event in enumerate(events):
        brand = transition(brand, event, on=start.add(days=i))
    return brand


def test_path_to_pool_keeps_full_audit_trail() -> None:
    """Discovery to pool takes four events, each audited with its clause and actor."""
    brand = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    assert brand.stage is Stage.IN_POOL
    assert [r.event for r in brand.history] == list(PATH_TO_POOL)
    assert [r.basis for r in brand.history] == [
        "shaanxi-2022-13:3.1",
        "shaanxi-2022-13:3.3",
        "shaanxi-2022-13:3.4",
        "shaanxi-2022-13:3.4",
    ]
    assert [r.by for r in brand.history] == [
        Authority.COUNTY_HRSS,
        Authority.COUNTY_HRSS,
        Authority.CITY_HRSS,
        Authority.PROVINCIAL_HRSS,
    ]
    assert brand.history[0].from_stage is Stage.DISCOVERED
    assert brand.history[-1].on == D(2022, 5, 4)


def test_transition_returns_new_brand() -> None:
    """The original brand is unchanged by a transition."""
    before = _candidate()
    after = transition(
        before, Event.ESTABLISH, on=D(2022, 5, 1), note="陕人社函〔2022〕1号"
    )
    assert before.stage is Stage.DISCOVERED
    assert before.history == ()
    assert after.history[0].note == "陕人社函〔2022〕1号"


def test_illegal_event_names_stage_event_and_allowed() -> None:
    """An edge the table lacks raises IllegalTransitionError with the allowed events."""
    with pytest.raises(IllegalTransitionError) as info:
        transition(_candidate(), Event.ADMIT, on=D(2022, 5, 1))
    err = info.value
    assert err.from_stage == "discovered"
    assert err.event == "admit"
    assert err.allowed == ("establish", "name_settled")
    assert "Allowed from 'discovered': establish, name_settled" in str(err)


def test_final_stage_allows_nothing() -> None:
    """An exited brand takes no more events, and the message says it is final."""
    brand = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    brand = transition(
        brand, Event.PROPOSE_EXIT, on=D(2023, 1, 1), grounds=[ExitGround.FEWER_JOBS]
    )
    brand = transition(brand, Event.DECIDE_EXIT, on=D(2023, 2, 1))
    assert brand.stage is Stage.EXITED
    with pytest.raises(IllegalTransitionError, match="none \\(final stage\\)"):
        transition(brand, Event.MONITOR, on=D(2023, 3, 1))


@pytest.mark.parametrize(
    "changes",
    [
        {"maturity": None},
        {"maturity": Maturity.SCATTERED, "has_charter": None},
        {"maturity": Maturity.SCATTERED, "has_charter": False},
        {"maturity": Maturity.UNNAMED},
        {"maturity": Maturity.SCATTERED, "has_charter": True},
    ],
)
def test_any_surveyed_candidate_is_established(changes: dict[str, object]) -> None:
    """Clause 3.1: "帮助指导制订章程" is help during cultivation, not a gate; the maturity may be unknown."""
    brand = transition(_candidate(**changes), Event.ESTABLISH, on=D(2022, 5, 1))
    assert brand.stage is Stage.CULTIVATING
    assert brand.has_charter is changes.get("has_charter")
    assert brand.maturity is changes["maturity"]


def test_a_charter_is_a_dated_milestone_of_cultivation() -> None:
    """Clause 3.1: the county or city helps draft a charter while the brand is cultivated; the stage stays."""
    scattered = _candidate(maturity=Maturity.SCATTERED)
    with pytest.raises(IllegalTransitionError, match="no such edge"):
        transition(scattered, Event.CHARTER_ADOPTED, on=D(2022, 5, 1))
    brand = transition(scattered, Event.ESTABLISH, on=D(2022, 5, 1))
    chartered = transition(
        brand, Event.CHARTER_ADOPTED, on=D(2022, 8, 1), note="章程(草案)审定"
    )
    assert brand.has_charter is None
    assert chartered.has_charter is True
    assert chartered.stage is Stage.CULTIVATING
    record = chartered.history[-1]
    assert (record.event, record.from_stage, record.to_stage) == (
        Event.CHARTER_ADOPTED,
        Stage.CULTIVATING,
        Stage.CULTIVATING,
    )
    assert (record.by, record.basis, record.note) == (
        Authority.COUNTY_HRSS,
        "shaanxi-2022-13:3.1",
        "章程(草案)审定",
    )
    by_city = transition(
        brand, Event.CHARTER_ADOPTED, on=D(2022, 8, 1), by=Authority.CITY_HRSS
    )
    assert by_city.history[-1].by is Authority.CITY_HRSS
    with pytest.raises(ActorNotAllowedError, match="'county_hrss' or 'city_hrss'"):
        transition(
            brand, Event.CHARTER_ADOPTED, on=D(2022, 8, 1), by=Authority.PROVINCIAL_HRSS
        )
    # Later active stages too: a brand recommended or in the pool may adopt one.
    pooled = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    assert transition(pooled, Event.CHARTER_ADOPTED, on=D(2023, 1, 1)).has_charter
    assert lifecycle.replay(chartered) is Stage.CULTIVATING


def test_a_trail_with_a_charter_needs_the_charter() -> None:
    """A trail read from elsewhere that records a charter adopted must have has_charter=True."""
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    chartered = transition(brand, Event.CHARTER_ADOPTED, on=D(2022, 6, 1))
    for flag in (None, False):
        with pytest.raises(IllegalTransitionError, match="charter adopted") as info:
            lifecycle.replay(attrs.evolve(chartered, has_charter=flag))
        assert info.value.event == "charter_adopted"


def test_a_name_is_settled_and_the_id_stays() -> None:
    """Clause 3.1: "抓紧确定劳务品牌名称"; the new name is the brand's, its id is kept, the note says both."""
    candidate = Brand(
        name_zh="示例劳务产品", county="610924", maturity=Maturity.UNNAMED
    )
    named = transition(
        candidate,
        Event.NAME_SETTLED,
        on=D(2022, 5, 1),
        name_zh="示例品牌",
        by=Authority.CITY_HRSS,
        note="县政府会议纪要",
    )
    assert named.name_zh == "示例品牌"
    assert named.id == candidate.id == "610924/示例劳务产品"
    assert named.stage is Stage.DISCOVERED
    record = named.history[-1]
    assert record.note == "name settled: 示例品牌 (was 示例劳务产品); 县政府会议纪要"
    assert (record.by, record.basis) == (Authority.CITY_HRSS, "shaanxi-2022-13:3.1")
    cultivated = transition(named, Event.ESTABLISH, on=D(2022, 6, 1))
    renamed = transition(
        cultivated, Event.NAME_SETTLED, on=D(2022, 7, 1), name_zh="示例品牌二"
    )
    assert (renamed.name_zh, renamed.id, renamed.stage) == (
        "示例品牌二",
        candidate.id,
        Stage.CULTIVATING,
    )
    assert renamed.history[-1].note == "name settled: 示例品牌二 (was 示例品牌)"
    assert lifecycle.replay(renamed) is Stage.CULTIVATING
    # The id survives a JSON round trip: payments stay keyed by it.
    assert from_json(to_json(renamed), Brand) == renamed


def test_a_name_settled_needs_a_new_name_and_comes_before_recommendation() -> None:
    """The name is given, is new, only with this event, and only before the county recommends."""
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    for missing in (None, "", "  ", 5):
        with pytest.raises(InvalidArgumentError, match="name settled") as info:
            transition(brand, Event.NAME_SETTLED, on=D(2022, 6, 1), name_zh=missing)  # type: ignore[arg-type]
        assert info.value.field == "name_zh"
    with pytest.raises(IllegalTransitionError, match="already its name"):
        transition(brand, Event.NAME_SETTLED, on=D(2022, 6, 1), name_zh=" 紫阳修脚师")
    with pytest.raises(InvalidArgumentError, match="Expected no name_zh") as info:
        transition(brand, Event.RECOMMEND_BY_COUNTY, on=D(2022, 6, 1), name_zh="x")
    assert info.value.field == "name_zh"
    with pytest.raises(ActorNotAllowedError):
        transition(
            brand,
            Event.NAME_SETTLED,
            on=D(2022, 6, 1),
            name_zh="x",
            by=Authority.PROVINCIAL_HRSS,
        )
    pooled = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    with pytest.raises(IllegalTransitionError, match="no such edge"):
        transition(pooled, Event.NAME_SETTLED, on=D(2023, 1, 1), name_zh="x")


@pytest.mark.parametrize(
    ("stage", "actor", "refused", "names"),
    [
        (
            Stage.RECOMMENDED_BY_COUNTY,
            Authority.CITY_HRSS,
            Authority.PROVINCIAL_HRSS,
            "'city_hrss'",
        ),
        (
            Stage.RECOMMENDED_BY_CITY,
            Authority.PROVINCIAL_HRSS,
            Authority.CITY_HRSS,
            "'provincial_hrss'",
        ),
    ],
)
def test_a_return_is_decided_by_the_next_level_up(
    stage: Stage, actor: Authority, refused: Authority, names: str
) -> None:
    """No return step in the text: the city declines a county recommendation, the province a city one."""
    path = PATH_TO_POOL[: list(Stage).index(stage)]
    brand = _walk(_candidate(), path, D(2022, 5, 1))
    assert brand.stage is stage
    returned = transition(brand, Event.RETURN, on=D(2022, 9, 1))
    assert returned.stage is Stage.CULTIVATING
    assert returned.history[-1].by is actor
    assert transition(brand, Event.RETURN, on=D(2022, 9, 1), by=actor) == returned
    with pytest.raises(ActorNotAllowedError) as info:
        transition(brand, Event.RETURN, on=D(2022, 9, 1), by=refused)
    err = info.value
    assert err.may_act == (actor.value,)
    assert err.inferred is True
    assert err.basis == "shaanxi-2022-13:3.3"
    assert (
        f"{refused.value!r} may not act; the table names {names} from "
        f"{stage.value!r} (inferred from clause shaanxi-2022-13:3.3, which has no such step)"
    ) in str(err)
    # A trail read back with the wrong level is refused the same way.
    forged = attrs.evolve(
        returned,
        history=(
            *returned.history[:-1],
            attrs.evolve(returned.history[-1], by=refused),
        ),
    )
    with pytest.raises(ActorNotAllowedError, match="may not act") as info:
        lifecycle.replay(forged)
    assert info.value.may_act == (actor.value,)


def test_who_may_return_is_data_of_the_row() -> None:
    """The return row says who acts from each source stage, and marks its basis as inferred."""
    row = next(t for t in lifecycle.TRANSITIONS if t.event is Event.RETURN)
    assert row.basis_inferred
    assert "inferred" in row.requires
    assert dict(row.actors_from) == {
        Stage.RECOMMENDED_BY_COUNTY: (Authority.CITY_HRSS,),
        Stage.RECOMMENDED_BY_CITY: (Authority.PROVINCIAL_HRSS,),
    }
    assert lifecycle.may_act(row) == (Authority.CITY_HRSS, Authority.PROVINCIAL_HRSS)
    assert lifecycle.may_act(row, source=Stage.RECOMMENDED_BY_CITY) == (
        Authority.PROVINCIAL_HRSS,
    )
    # A source the mapping leaves out takes the row's actors.
    admit = next(t for t in lifecycle.TRANSITIONS if t.event is Event.ADMIT)
    assert lifecycle.may_act(admit, source=Stage.RECOMMENDED_BY_CITY) == (
        Authority.PROVINCIAL_HRSS,
    )
    assert "shaanxi-2022-13:3.3 (inferred)" in lifecycle.to_markdown()
    assert hash(row) == hash(attrs.evolve(row))


@pytest.mark.parametrize(
    ("actors_from", "match"),
    [
        ({Stage.IN_POOL: (Authority.CITY_HRSS,)}, "sources of event='return'"),
        ({Stage.RECOMMENDED_BY_CITY: ()}, "one or more authorities"),
        ({Stage.RECOMMENDED_BY_CITY: ("city_hrss",)}, "one or more authorities"),
    ],
)
def test_check_table_refuses_bad_actors_from(
    actors_from: dict[Stage, tuple[Any, ...]], match: str
) -> None:
    """actors_from names sources of its row, each with at least one Authority."""
    rows = [
        Transition(
            event=t.event,
            sources=t.sources,
            target=t.target,
            actors=t.actors,
            basis=t.basis,
            actors_from=actors_from,
        )
        if t.event is Event.RETURN
        else t
        for t in lifecycle.TRANSITIONS
    ]
    with pytest.raises(InvalidArgumentError, match=match) as info:
        check_table(rows)
    assert info.value.field is not None
    assert info.value.field.startswith("return.actors_from")


def test_the_province_spot_checks_the_pool() -> None:
    """Clause 3.4: "省人社厅将联合相关部门,定期对各地建设情况进行抽查", distinct from the city's assessment."""
    cultivated = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    with pytest.raises(IllegalTransitionError, match="no such edge"):
        transition(cultivated, Event.SPOT_CHECK, on=D(2022, 6, 1))
    pooled = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    checked = transition(
        pooled, Event.SPOT_CHECK, on=D(2023, 6, 1), note="省人社厅会同省财政厅抽查"
    )
    record = checked.history[-1]
    assert checked.stage is Stage.IN_POOL
    assert (record.by, record.basis) == (
        Authority.PROVINCIAL_HRSS,
        "shaanxi-2022-13:3.4",
    )
    assert Event.SPOT_CHECK.zh == "省人社厅联合相关部门抽查"
    for actor in (Authority.COUNTY_HRSS, Authority.CITY_HRSS):
        with pytest.raises(ActorNotAllowedError, match="'provincial_hrss'"):
            transition(pooled, Event.SPOT_CHECK, on=D(2023, 6, 1), by=actor)
    # Monitoring is the localities' (各地), the spot check the province's.
    with pytest.raises(ActorNotAllowedError, match="'county_hrss' or 'city_hrss'"):
        transition(
            pooled, Event.MONITOR, on=D(2023, 6, 1), by=Authority.PROVINCIAL_HRSS
        )


def test_county_recommendation_needs_a_county() -> None:
    """Clause 3.3: with no known county, no county bureau can recommend."""
    brand = transition(_candidate(county=None), Event.ESTABLISH, on=D(2022, 5, 1))
    with pytest.raises(IllegalTransitionError, match="county is unknown"):
        transition(brand, Event.RECOMMEND_BY_COUNTY, on=D(2022, 5, 2))


def test_award_admission_needs_county_and_creating_unit() -> None:
    """Clause 4.2: admission on the award needs the creating unit that is paid."""
    brand = transition(
        _candidate(creating_unit=None), Event.ESTABLISH, on=D(2022, 5, 1)
    )
    with pytest.raises(IllegalTransitionError, match="creating unit"):
        transition(
            brand, Event.ADMIT_ON_AWARD, on=D(2022, 5, 2), evidence=_award(brand)
        )
    ok = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    admitted = transition(
        ok, Event.ADMIT_ON_AWARD, on=D(2022, 6, 1), evidence=_award(ok)
    )
    assert admitted.stage is Stage.IN_POOL
    assert admitted.history[-1].by is Authority.PROVINCIAL_HRSS
    assert admitted.history[-1].basis == "shaanxi-2022-13:4.2"
    assert admitted.history[-1].evidence == "award-1"


@attrs.frozen
class _Award:
    """The fields of a decision the award route reads (lifecycle sits below policy)."""

    brand_id: str
    on: pendulum.Date = attrs.field(factory=lambda: D(2022, 5, 20))
    measure: str = "employment_award"
    outcome: str = "eligible"
    id: str = "award-1"


def _award(brand: Brand, **changes: Any) -> _Award:  # noqa: ANN401 - any field
    return attrs.evolve(_Award(brand_id=brand.id), **changes)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (None, "none was given"),
        ({"measure": "showcase_award"}, "not employment_award"),
        ({"outcome": "ineligible"}, "not eligible"),
        ({"brand_id": "610924/别的品牌"}, "not '610924/紫阳修脚师'"),
        ({"on": D(2022, 7, 1)}, "after 2022-06-01"),
    ],
)
def test_award_route_needs_an_eligible_award_for_the_brand(
    changes: dict[str, Any] | None, reason: str
) -> None:
    """Issue 11: the award route into the pool is refused without its award."""
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    evidence = None if changes is None else _award(brand, **changes)
    with pytest.raises(IllegalTransitionError, match=reason):
        transition(brand, Event.ADMIT_ON_AWARD, on=D(2022, 6, 1), evidence=evidence)


def test_evidence_only_where_the_event_rests_on_one() -> None:
    brand = _candidate()
    with pytest.raises(InvalidArgumentError, match="Expected no evidence") as info:
        transition(brand, Event.ESTABLISH, on=D(2022, 5, 1), evidence=_award(brand))
    assert info.value.field == "evidence"


@pytest.mark.parametrize(
    ("event", "actor", "stage"),
    [
        (Event.PROPOSE_EXIT, Authority.COUNTY_HRSS, Stage.IN_POOL),
        (Event.RECOMMEND_BY_CITY, Authority.COUNTY_HRSS, Stage.RECOMMENDED_BY_COUNTY),
        (Event.ADMIT, Authority.CITY_HRSS, Stage.RECOMMENDED_BY_CITY),
    ],
)
def test_a_wrong_actor_is_refused_naming_who_may_act(
    event: Event, actor: Authority, stage: Stage
) -> None:
    """Clauses 3.3 and 3.4: the county recommends, the city proposes exit, the province admits."""
    path = PATH_TO_POOL[: list(Stage).index(stage)]
    brand = _walk(_candidate(), path, D(2022, 5, 1))
    assert brand.stage is stage
    grounds = [ExitGround.FEWER_JOBS] if event is Event.PROPOSE_EXIT else []
    with pytest.raises(ActorNotAllowedError) as info:
        transition(brand, event, on=D(2023, 1, 1), by=actor, grounds=grounds)
    err = info.value
    assert (err.event, err.actor) == (event.value, actor.value)
    assert err.basis.startswith("shaanxi-2022-13:3.")
    assert actor.value not in err.may_act
    assert f"{actor.value!r} may not act; clause {err.basis} names" in str(err)


def test_a_county_cannot_decide_the_exit_it_proposed() -> None:
    brand = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    proposed = transition(
        brand,
        Event.PROPOSE_EXIT,
        on=D(2023, 1, 1),
        by=Authority.CITY_HRSS,
        grounds=[ExitGround.FEWER_JOBS],
    )
    with pytest.raises(ActorNotAllowedError, match="provincial_hrss"):
        transition(
            proposed, Event.DECIDE_EXIT, on=D(2023, 2, 1), by=Authority.CITY_HRSS
        )


def test_recognition_is_by_the_body_of_its_level() -> None:
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    rec = Recognition(level=RecognitionLevel.CITY)
    with pytest.raises(ActorNotAllowedError, match="city_hrss"):
        transition(
            brand, Event.RECOGNISE, on=D(2022, 6, 1), recognition=rec,
            by=Authority.PROVINCIAL_HRSS,
        )  # fmt: skip
    done = transition(brand, Event.RECOGNISE, on=D(2022, 6, 1), recognition=rec)
    assert done.history[-1].by is Authority.CITY_HRSS


def test_exit_on_a_ground_the_text_leaves_open_is_stated_in_the_note() -> None:
    """Clause 3.4 ends its four grounds with 等: another ground may be given, and the note must state it."""
    pooled = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    with pytest.raises(IllegalTransitionError, match=r"stated in the note"):
        transition(
            pooled, Event.PROPOSE_EXIT, on=D(2023, 1, 1), grounds=[ExitGround.OTHER],
            note="  ",
        )  # fmt: skip
    proposed = transition(
        pooled, Event.PROPOSE_EXIT, on=D(2023, 1, 1), grounds=[ExitGround.OTHER],
        note="品牌创建单位已注销",
    )  # fmt: skip
    assert proposed.history[-1].grounds == (ExitGround.OTHER,)
    assert proposed.history[-1].note == "品牌创建单位已注销"
    assert lifecycle.replay(proposed) is Stage.EXIT_PROPOSED


def test_exit_needs_grounds_and_province_decides() -> None:
    """Clause 3.4: the city proposes exit on stated grounds; the province decides or retains."""
    pooled = _walk(_candidate(), PATH_TO_POOL, D(2022, 5, 1))
    with pytest.raises(IllegalTransitionError, match="at least one ground"):
        transition(pooled, Event.PROPOSE_EXIT, on=D(2023, 1, 1))
    proposed = transition(
        pooled, Event.PROPOSE_EXIT, on=D(2023, 1, 1), grounds=[ExitGround.POOR_TRAINING]
    )
    assert proposed.history[-1].grounds == (ExitGround.POOR_TRAINING,)
    assert proposed.history[-1].by is Authority.CITY_HRSS
    retained = transition(proposed, Event.RETAIN, on=D(2023, 2, 1))
    assert retained.stage is Stage.IN_POOL
    assert retained.history[-1].by is Authority.PROVINCIAL_HRSS


def test_payload_only_for_its_event() -> None:
    """Grounds go only with an exit proposal, a recognition only with RECOGNISE."""
    brand = _candidate()
    with pytest.raises(InvalidArgumentError, match="grounds"):
        transition(
            brand, Event.ESTABLISH, on=D(2022, 5, 1), grounds=[ExitGround.FEWER_JOBS]
        )
    with pytest.raises(InvalidArgumentError, match="recognition"):
        transition(
            brand,
            Event.ESTABLISH,
            on=D(2022, 5, 1),
            recognition=Recognition(level=RecognitionLevel.CITY),
        )


def test_recognition_is_dated_and_not_repeated() -> None:
    """A recognition is recorded once per level, dated on the event, by that level's body."""
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    with pytest.raises(IllegalTransitionError, match="must be given"):
        transition(brand, Event.RECOGNISE, on=D(2023, 5, 1))
    rec = Recognition(level=RecognitionLevel.PROVINCIAL, source="省人社厅通知")
    recognised = transition(brand, Event.RECOGNISE, on=D(2023, 5, 1), recognition=rec)
    assert recognised.stage is Stage.CULTIVATING
    assert recognised.recognitions[-1].on == D(2023, 5, 1)
    assert recognised.recognitions[-1].year == 2023
    assert recognised.recognition_level(D(2023, 5, 1)) is RecognitionLevel.PROVINCIAL
    assert recognised.history[-1].level is RecognitionLevel.PROVINCIAL
    assert recognised.history[-1].by is Authority.PROVINCIAL_HRSS
    with pytest.raises(IllegalTransitionError, match="already holds"):
        transition(recognised, Event.RECOGNISE, on=D(2023, 6, 1), recognition=rec)
    national = Recognition(level=RecognitionLevel.NATIONAL, on=D(2024, 1, 1))
    with pytest.raises(IllegalTransitionError, match="dated 2024-01-01"):
        transition(recognised, Event.RECOGNISE, on=D(2023, 6, 1), recognition=national)
    again = transition(
        recognised, Event.RECOGNISE, on=D(2024, 1, 1), recognition=national
    )
    assert again.history[-1].by is Authority.MOHRSS


def test_time_runs_forward() -> None:
    """A transition dated before the last audit record is refused."""
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 10))
    with pytest.raises(InvalidArgumentError, match="2022-05-10"):
        transition(brand, Event.RECOMMEND_BY_COUNTY, on=D(2022, 5, 9))
    assert transition(brand, Event.RECOMMEND_BY_COUNTY, on=D(2022, 5, 10)).stage is (
        Stage.RECOMMENDED_BY_COUNTY
    )


def test_table_has_no_unreachable_or_trap_stage() -> None:
    """The packaged table passes its own definition-time checks."""
    index = check_table(lifecycle.TRANSITIONS)
    assert set(index) == set(Stage)
    assert not index[Stage.EXITED]


def _row(event: Event, sources: set[Stage], target: Stage | None) -> Transition:
    return Transition(
        event=event,
        sources=frozenset(sources),
        target=target,
        actors=(Authority.PROVINCIAL_HRSS,),
        basis="3.4",
    )


def test_transition_actor_is_deprecated_for_actors() -> None:
    from labourbrand.exceptions import LabourBrandDeprecationWarning

    with pytest.warns(LabourBrandDeprecationWarning, match="actors="):
        row = Transition(
            event=Event.ADMIT,
            sources=frozenset({Stage.DISCOVERED}),
            target=None,
            actor=Authority.CITY_HRSS,
            basis="3.4",
        )
    assert row.actors == (Authority.CITY_HRSS,)
    assert row.actor is Authority.CITY_HRSS


def test_check_table_finds_unreachable_stage() -> None:
    """A table that cannot reach some stage is rejected at definition time."""
    rows = [_row(Event.ESTABLISH, {Stage.DISCOVERED}, Stage.EXITED)]
    with pytest.raises(InvalidArgumentError, match="unreachable: cultivating"):
        check_table(rows)


def test_check_table_finds_trap_stage() -> None:
    """A non-final stage with no way to a final stage is a trap."""
    # Exit proposals only before admission: the pool can then never be left.
    rows = [
        attrs.evolve(t, sources=frozenset({Stage.RECOMMENDED_BY_CITY}))
        if t.event is Event.PROPOSE_EXIT
        else t
        for t in lifecycle.TRANSITIONS
    ]
    with pytest.raises(InvalidArgumentError, match="'in_pool' to a final stage"):
        check_table(rows)


def test_check_table_refuses_duplicates_and_exits_from_final() -> None:
    """One row per event; a final stage has no way out."""
    dup = [
        _row(Event.ADMIT, {Stage.DISCOVERED}, None),
        _row(Event.ADMIT, {Stage.IN_POOL}, None),
    ]
    with pytest.raises(InvalidArgumentError, match="twice"):
        check_table(dup)
    with pytest.raises(InvalidArgumentError, match="final stage 'exited'"):
        check_table([_row(Event.RETAIN, {Stage.EXITED}, Stage.IN_POOL)])


def test_exports_cover_every_edge() -> None:
    """Mermaid, DOT and Markdown renderings list every (event, stage) edge."""
    rows = lifecycle.table_rows()
    assert len(rows) == sum(len(t.sources) for t in lifecycle.TRANSITIONS)
    mermaid, dot, md = (
        lifecycle.to_mermaid(),
        lifecycle.to_dot(),
        lifecycle.to_markdown(),
    )
    for row in rows:
        assert (
            f"{row['from']} --> {row['to']} : {row['event']} ({row['basis']})"
            in mermaid
        )
        assert (
            f'{row["from"]} -> {row["to"]} [label="{row["event"]} ({row["basis"]})"]'
            in dot
        )
        assert f"| `{row['event']}` |" in md
    assert 'exited [label="exited\\n退出资源库", peripheries=2]' in dot
    assert "exited --> [*]" in mermaid


def test_every_member_has_a_chinese_label() -> None:
    """Stages, events and authorities all carry an official Chinese label."""
    for enum_cls in (Stage, Event, Authority, ExitGround):
        for member in enum_cls:
            assert member.zh.strip()


class LifecycleMachine(RuleBasedStateMachine):
    """Random events, actors and evidence against a model of the table (issue 11)."""

    def __init__(self) -> None:
        super().__init__()
        self.brand = _candidate()
        self.day = D(2022, 4, 29)
        self.records = 0

    @rule(
        event=st.sampled_from([e for e in Event if e is not Event.IMPORT]),
        actor=st.none() | st.sampled_from(Authority),
        days=st.integers(0, 90),
        grounds=st.lists(st.sampled_from(ExitGround), max_size=3, unique=True),
        level=st.sampled_from(RecognitionLevel),
        award=st.sampled_from(["none", "eligible", "ineligible", "other brand"]),
        name=st.sampled_from(["紫阳修脚师", "示例品牌", "示例品牌二"]),
    )
    def apply(  # noqa: PLR0917 - one argument per drawn part
        self,
        event: Event,
        actor: Authority | None,
        days: int,
        grounds: list[ExitGround],
        level: RecognitionLevel,
        award: str,
        name: str,
    ) -> None:
        self.day = self.day.add(days=days)
        allowed = lifecycle.allowed_events(self.brand.stage)
        before = self.brand
        row = next(t for t in lifecycle.TRANSITIONS if t.event is event)
        evidence = None
        if event is Event.ADMIT_ON_AWARD and award != "none":
            evidence = _award(
                before,
                on=self.day,
                outcome="eligible" if award != "ineligible" else "ineligible",
                brand_id=before.id if award != "other brand" else "x/other",
            )
        try:
            self.brand = transition(
                self.brand,
                event,
                on=self.day,
                by=actor,
                grounds=grounds if event is Event.PROPOSE_EXIT else (),
                recognition=Recognition(level=level)
                if event is Event.RECOGNISE
                else None,
                evidence=evidence,
                name_zh=name if event is Event.NAME_SETTLED else None,
            )
        except ActorNotAllowedError as err:
            assert self.brand is before
            # A wrong actor is always refused, and only a wrong actor is.
            assert actor is not None
            allowed_actors = lifecycle.may_act(row, level, before.stage)
            assert actor not in allowed_actors
            assert err.may_act == tuple(a.value for a in allowed_actors)
            return
        except IllegalTransitionError as err:
            assert self.brand is before
            assert err.allowed == tuple(e.value for e in allowed)
            # Refused either by the table or by a guard or the evidence, with a reason.
            assert event not in allowed or err.reason
            return
        assert event in allowed
        assert actor is None or actor in lifecycle.may_act(row, level, before.stage)
        if event is Event.ADMIT_ON_AWARD:
            assert award == "eligible"
        if event is Event.NAME_SETTLED:
            assert (self.brand.name_zh, self.brand.id) == (name, before.id)
        if event is Event.CHARTER_ADOPTED:
            assert self.brand.has_charter is True
        self.records += 1
        assert before.stage in row.sources
        assert self.brand.stage is (row.target or before.stage)

    @precondition(lambda self: self.brand.stage is Stage.EXIT_PROPOSED)
    @rule()
    def province_decides(self) -> None:
        self.brand = transition(
            self.brand, Event.DECIDE_EXIT, on=self.day, by=Authority.PROVINCIAL_HRSS
        )
        self.records += 1

    @invariant()
    def trail_replays_to_the_stage(self) -> None:
        assert len(self.brand.history) == self.records
        assert lifecycle.replay(self.brand) is self.brand.stage
        if self.brand.history:
            assert self.brand.history[-1].to_stage is self.brand.stage
            assert self.brand.history[0].from_stage is Stage.DISCOVERED

    @invariant()
    def the_pool_is_reached_only_by_the_city_or_an_award(self) -> None:
        for record in self.brand.history:
            if (
                record.to_stage is Stage.IN_POOL
                and record.from_stage is not Stage.IN_POOL
            ):
                if record.event is Event.ADMIT:
                    assert record.from_stage is Stage.RECOMMENDED_BY_CITY
                    assert record.by is Authority.PROVINCIAL_HRSS
                elif record.event is Event.ADMIT_ON_AWARD:
                    assert record.evidence is not None
                else:
                    assert record.event is Event.RETAIN


TestLifecycleMachine = LifecycleMachine.TestCase


@given(lbst.brands())
def test_unchecked_builders_make_valid_values(brand: Brand) -> None:
    """What the lifecycle builds without validators passes every validator."""
    rebuilt = Brand(**{a.name: getattr(brand, a.name) for a in attrs.fields(Brand)})
    assert rebuilt == brand
    for record in brand.history:
        assert attrs.evolve(record) == record


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"brand": "紫阳修脚师"}, "Expected a Brand"),
        ({"event": "establish"}, "Expected an Event"),
        ({"on": "2022-5-1"}, "Expected a day"),
        ({"by": "县人社局"}, "Expected an Authority"),
        ({"note": 5}, "Expected a str"),
        ({"grounds": ["fewer_jobs"]}, "ExitGround"),
    ],
)
def test_transition_checks_its_inputs(kwargs: dict[str, Any], match: str) -> None:
    """Inputs a transition builds from without validators are checked first."""
    args: dict[str, Any] = {
        "brand": _candidate(),
        "event": Event.ESTABLISH,
        "on": D(2022, 5, 1),
    }
    args.update(kwargs)
    brand, event = args.pop("brand"), args.pop("event")
    with pytest.raises(InvalidArgumentError, match=match):
        transition(brand, event, **args)


def test_audit_record_grounds_are_exit_grounds() -> None:
    """An audit record refuses grounds that are not ExitGround members."""
    from labourbrand._model import AuditRecord

    with pytest.raises(InvalidArgumentError, match="ExitGround") as info:
        AuditRecord(
            on=D(2023, 1, 1), event=Event.PROPOSE_EXIT, from_stage=Stage.IN_POOL,
            to_stage=Stage.EXIT_PROPOSED, by=Authority.CITY_HRSS, basis="3.4",
            grounds=["fewer_jobs"],
        )  # fmt: skip
    assert info.value.field == "grounds"


def test_a_transition_takes_notes_of_several_lines_but_no_control_character() -> None:
    """A note may hold line breaks and tabs; a control character or a lone surrogate is refused."""
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1), note="a\r\n\tb")
    assert brand.history[-1].note == "a\r\n\tb"
    for bad in ("a\x00b", "\x1b[31m", "\ud800"):
        with pytest.raises(
            InvalidArgumentError, match="without control characters"
        ) as info:
            transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1), note=bad)
        assert info.value.field == "note"


def test_a_name_settled_is_one_line() -> None:
    """The name settled is a name: no line break, no control character."""
    brand = transition(_candidate(), Event.ESTABLISH, on=D(2022, 5, 1))
    for bad in ("新\n名", "新\x00名", "\u200b"):
        with pytest.raises(InvalidArgumentError, match="name settled") as info:
            transition(brand, Event.NAME_SETTLED, on=D(2022, 6, 1), name_zh=bad)
        assert info.value.field == "name_zh"
