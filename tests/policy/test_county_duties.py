"""County duties: the obligations of clause 4.1 and the funding tilt of clause 7.3."""

from __future__ import annotations

import attrs
import pendulum
import pytest

import labourbrand as lb
from labourbrand import Brand, Recognition, RecognitionLevel
from labourbrand.exceptions import InvalidArgumentError, UnknownRegionError
from labourbrand.policy import Policy
from labourbrand.policy._check import CheckStatus
from labourbrand.policy._county_duties import (
    CountyFacts,
    county_obligations,
    funding_tilt,
)
from labourbrand.policy.parameters import (
    UNQUANTIFIED,
    DatedValue,
    ParameterSet,
    load_parameters,
)
from labourbrand.regions import Designation, DesignationRecord, RegionCode, Tristate


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)
PACKAGED = lb.brands.packaged()
MET, NOT_MET, UNKNOWN, NOT_IN_FORCE = (
    CheckStatus.MET,
    CheckStatus.NOT_MET,
    CheckStatus.UNKNOWN,
    CheckStatus.NOT_IN_FORCE,
)


def _record(code: str, designation: Designation, status: Tristate) -> DesignationRecord:
    return DesignationRecord(
        code=RegionCode(code),
        designation=designation,
        status=status,
        since=None,
        source="test",
    )


def _policy_with(*records: DesignationRecord, **kw: object) -> Policy:
    regions = lb.regions.shaanxi().with_designations(records)
    return Policy.shaanxi(regions=regions, entry_points=False, **kw)  # type: ignore[arg-type]


def _overridden(**overrides: object) -> Policy:
    return Policy.shaanxi(
        parameters=load_parameters().with_overrides(overrides), entry_points=False
    )


def _ended(name: str, day: pendulum.Date) -> Policy:
    """A policy in which parameter *name* is no longer in force from *day*."""
    params = load_parameters()
    ended = DatedValue(first_day=day, ended=True, reference="test: repealed")
    changed = attrs.evolve(params[name], values=(*params[name].values, ended))
    return Policy.shaanxi(
        parameters=ParameterSet(
            [*(p for n, p in params.items() if n != name), changed]
        ),
        entry_points=False,
    )


def _facts(code: str = "610924", **kw: object) -> CountyFacts:
    fields: dict[str, object] = {
        "training_projects": 1,
        "studios": 1,
        "as_of": D(2024, 6, 30),
    }
    fields.update(kw)
    return CountyFacts(code=code, **fields)  # type: ignore[arg-type]


ON = D(2024, 7, 1)


# --------------------------------------------------------- county obligations
@pytest.mark.parametrize(
    ("count", "status"),
    [(0, NOT_MET), (1, MET), (3, MET), (None, UNKNOWN)],
)
def test_training_projects_per_county(count: int | None, status: CheckStatus) -> None:
    """Every county needs at least one training collaboration project; unknown counts are unknown."""
    training, _ = county_obligations(POLICY, _facts(training_projects=count), on=ON)
    assert training.status is status
    assert training.check == "training_projects_per_county"
    assert (training.subject, training.subject_zh) == ("610924", "紫阳县")
    assert (training.value, training.required) == (count, 1)
    assert training.clauses == ("shaanxi-2022-13:4.1",)
    assert training.bodies == ("省教育厅", "省人力资源社会保障厅", "省级相关部门")
    use = training.parameters[0]
    assert (use.name, use.value, use.first_day) == (
        "training_projects_per_county",
        "1",
        D(2022, 4, 29),
    )
    assert use.reference == "陕人社发〔2022〕13号"
    assert "力争" in training.steps[0].en


@pytest.mark.parametrize(("count", "status"), [(0, NOT_MET), (1, MET), (None, UNKNOWN)])
def test_studios_in_a_known_national_key_county(
    count: int | None, status: CheckStatus
) -> None:
    """略阳县 is a confirmed national key county, so its studio count decides."""
    _, studios = county_obligations(POLICY, _facts("610727", studios=count), on=ON)
    assert studios.status is status
    assert studios.subject_zh == "略阳县"
    assert (studios.value, studios.required) == (count, 1)
    assert "national key assistance county: yes" in studios.steps[0].en
    assert "确保" in studios.steps[1].en


@pytest.mark.parametrize("count", [0, 2, None])
def test_studios_of_a_county_of_unknown_designation_are_unknown(
    count: int | None,
) -> None:
    """紫阳县's designation is unknown, so the studio check is unknown even with a count."""
    _, studios = county_obligations(POLICY, _facts(studios=count), on=ON)
    assert studios.status is UNKNOWN
    assert studios.value == count
    text = studios.explain()
    assert "only 2 and 0 are confirmed by name" in text
    assert "unconfirmed is not 'no'" in text
    last = studios.steps[-1].en
    if count is None:
        assert "unknown too" in last
    elif count:
        assert "if the obligation applies, it is met" in last
    else:
        assert "if the obligation applies, it is not met" in last


def test_studios_do_not_apply_to_a_county_known_not_to_be_a_key_county() -> None:
    """A county known to be neither national nor provincial key county meets the check trivially."""
    policy = _policy_with(
        _record("610924", Designation.NATIONAL_KEY_COUNTY, Tristate.NO),
        _record("610924", Designation.PROVINCIAL_KEY_COUNTY, Tristate.NO),
    )
    _, studios = county_obligations(policy, _facts(studios=0), on=ON)
    assert studios.status is MET
    assert studios.required is None
    assert "does not apply" in studios.steps[-1].en
    assert "不适用" in studios.explain(lang="zh")


def test_a_provincial_key_county_must_have_a_studio() -> None:
    """A known provincial key county carries the obligation though its national status is unknown."""
    policy = _policy_with(
        _record("610924", Designation.PROVINCIAL_KEY_COUNTY, Tristate.YES)
    )
    _, studios = county_obligations(policy, _facts(studios=0), on=ON)
    assert studios.status is NOT_MET


def test_known_no_for_one_designation_only_is_still_unknown() -> None:
    """Not a national key county, but the provincial status unknown: the check is unknown."""
    policy = _policy_with(
        _record("610924", Designation.NATIONAL_KEY_COUNTY, Tristate.NO)
    )
    _, studios = county_obligations(policy, _facts(studios=0), on=ON)
    assert studios.status is UNKNOWN
    assert "only 2 and 0 are confirmed by name" in studios.explain()


def test_county_obligations_before_the_text_are_not_in_force() -> None:
    """Before 2022-04-29 both obligations are NOT_IN_FORCE, with the first day said."""
    facts = _facts("610727", studios=0, as_of=D(2022, 1, 1))
    checks = county_obligations(POLICY, facts, on=D(2022, 4, 28))
    assert [c.status for c in checks] == [NOT_IN_FORCE, NOT_IN_FORCE]
    assert all("2022-04-29" in c.steps[0].en for c in checks)
    assert checks[1].value == 0
    assert not checks[0].parameters


def test_an_ended_parameter_is_no_longer_in_force() -> None:
    """A repealed obligation says it is no longer in force, and from when."""
    policy = _ended("studios_per_key_county", D(2024, 1, 1))
    training, studios = county_obligations(policy, _facts("610727"), on=ON)
    assert training.status is MET
    assert studios.status is NOT_IN_FORCE
    assert "no longer in force from 2024-01-01 (test: repealed)" in studios.steps[0].en
    assert "不再施行" in studios.steps[0].zh


@pytest.mark.parametrize(("count", "status"), [(0, NOT_MET), (1, MET)])
def test_an_unquantified_obligation_asks_for_at_least_one(
    count: int, status: CheckStatus
) -> None:
    """A number left unquantified by a scenario is read as "at least one", and said so."""
    policy = _overridden(training_projects_per_county=UNQUANTIFIED)
    training, _ = county_obligations(policy, _facts(training_projects=count), on=ON)
    assert training.status is status
    assert training.required is None
    assert training.parameters[0].value == "unquantified"
    assert "sets no number" in training.explain()


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("610900", InvalidArgumentError),  # 安康市: a city
        ("610000", InvalidArgumentError),  # the province
        ("610928", UnknownRegionError),  # 旬阳县's code before 2021
    ],
)
def test_county_obligations_need_a_county_level_code(
    code: str, error: type[Exception]
) -> None:
    """A city or province code is an invalid argument; an unknown code is an unknown region."""
    with pytest.raises(error):
        county_obligations(POLICY, _facts(code), on=ON)


def test_county_obligations_refuse_bad_input() -> None:
    """Bad facts, future facts and malformed fields raise InvalidArgumentError."""
    with pytest.raises(InvalidArgumentError, match="county-level unit"):
        county_obligations(POLICY, _facts("610900"), on=ON)
    with pytest.raises(InvalidArgumentError, match="observed on or before"):
        county_obligations(POLICY, _facts(as_of=D(2024, 8, 1)), on=ON)
    with pytest.raises(InvalidArgumentError, match="Expected a CountyFacts"):
        county_obligations(POLICY, "610924", on=ON)  # type: ignore[arg-type]
    for bad in ({"code": "61092"}, {"code": 610924}):
        with pytest.raises(InvalidArgumentError, match="six-digit"):
            CountyFacts(as_of=ON, **bad)
    for count in (-1, True, 1.0):
        with pytest.raises(InvalidArgumentError, match="count"):
            _facts(studios=count)
    with pytest.raises(InvalidArgumentError, match=r"Expected a day"):
        _facts(as_of="2024-6-30")


# ----------------------------------------------------------------- funding tilt
RECOGNISED_ON = D(2026, 1, 1)


@pytest.mark.parametrize(
    ("contributed", "status"), [(True, MET), (False, NOT_MET), (None, UNKNOWN)]
)
def test_funding_tilt_for_a_county_with_a_provincial_brand(
    contributed: bool | None,  # noqa: FBT001
    status: CheckStatus,
) -> None:
    """平利县 has a provincial brand, so its contribution decides the tilt."""
    check = funding_tilt(
        POLICY, "610926", PACKAGED, on=RECOGNISED_ON, contributed=contributed
    )
    assert check.status is status
    assert (check.value, check.required) == (1, 1)
    assert check.clauses == ("shaanxi-2022-13:7.3",)
    assert check.bodies == ("省财政厅", "省人力资源社会保障厅", "省级相关部门")
    assert "平利茶农" in check.explain()
    if status is MET:
        assert "省财政厅、省人力资源社会保障厅确定(不视为零)" in check.steps[-1].zh
        assert "(not zero)" in check.steps[-1].en


@pytest.mark.parametrize("on", [D(2022, 5, 1), ON, RECOGNISED_ON])
def test_a_nationally_known_brand_is_not_a_recognised_one(on: pendulum.Date) -> None:
    """Clause 7.3 counts recognitions (被认定的): 紫阳县's nationally known 紫阳修脚师 alone does not make it due the tilt."""
    ziyang = [b for b in PACKAGED if b.county == "610924"]
    assert [b.nationally_known for b in ziyang] == [True]
    assert ziyang[0].recognitions == ()
    check = funding_tilt(POLICY, "610924", PACKAGED, on=on, contributed=True)
    assert (check.status, check.value) == (NOT_MET, 0)
    assert "(无)" in check.steps[-1].zh
    recognised = attrs.evolve(
        ziyang[0],
        recognitions=[Recognition(level=RecognitionLevel.NATIONAL, on=D(2022, 5, 1))],
    )
    check = funding_tilt(POLICY, "610924", [recognised], on=on, contributed=True)
    assert (check.status, check.value) == (MET, 1)


def test_an_undated_recognition_makes_the_tilt_unknown() -> None:
    """柞水耳农's provincial recognition has neither day nor year: whether 柞水县 has a recognised brand is unknown."""
    check = funding_tilt(POLICY, "611026", PACKAGED, on=D(2022, 5, 1), contributed=True)
    assert (check.status, check.value) == (UNKNOWN, None)
    assert "是否有国家级或省级劳务品牌未知" in check.explain(lang="zh")
    # A dated one decides it, whatever the undated one.
    dated = Brand(
        name_zh="甲",
        county="611026",
        recognitions=[Recognition(level=RecognitionLevel.PROVINCIAL, year=2021)],
    )
    check = funding_tilt(
        POLICY, "611026", [*PACKAGED, dated], on=D(2022, 5, 1), contributed=True
    )
    assert (check.status, check.value) == (MET, 1)
    # Known not to have contributed: not met, whatever the brands.
    check = funding_tilt(
        POLICY, "611026", PACKAGED, on=D(2022, 5, 1), contributed=False
    )
    assert check.status is NOT_MET


@pytest.mark.parametrize("contributed", [True, None])
def test_no_recognised_brand_means_no_tilt(contributed: bool | None) -> None:  # noqa: FBT001
    """Without a national or provincial brand the county is not due the tilt, whatever its contribution."""
    check = funding_tilt(POLICY, "610727", PACKAGED, on=ON, contributed=contributed)
    assert (check.status, check.value) == (NOT_MET, 0)
    assert "(无)" in check.steps[-1].zh


def test_a_provincial_recognition_counts_from_when_it_is_held() -> None:
    """平利茶农, of the 2025 notice issued by 2025-12-06, counts for 平利县 from that day."""
    before = funding_tilt(
        POLICY, "610926", PACKAGED, on=D(2025, 12, 5), contributed=True
    )
    after = funding_tilt(
        POLICY, "610926", PACKAGED, on=D(2025, 12, 6), contributed=True
    )
    assert (before.status, after.status) == (NOT_MET, MET)
    city_only = [
        Brand(
            name_zh="华州皮影培训",
            county="610503",
            recognitions=[Recognition(level=RecognitionLevel.CITY, year=2022)],
        )
    ]
    assert (
        funding_tilt(POLICY, "610503", city_only, on=ON, contributed=True).status
        is NOT_MET
    )


def test_funding_tilt_before_the_text_and_bad_input() -> None:
    """Before the text it is not in force; a city code or a bad flag is an error."""
    check = funding_tilt(POLICY, "610926", PACKAGED, on=D(2022, 1, 1), contributed=True)
    assert (check.status, check.value) == (NOT_IN_FORCE, 0)
    with pytest.raises(InvalidArgumentError, match="county-level unit"):
        funding_tilt(POLICY, "610900", PACKAGED, on=ON, contributed=True)
    with pytest.raises(InvalidArgumentError, match="contributed"):
        funding_tilt(POLICY, "610924", PACKAGED, on=ON, contributed=1)  # type: ignore[arg-type]
