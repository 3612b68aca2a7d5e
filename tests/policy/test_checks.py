"""Checks of obligations, targets, exit, leading enterprises, credit and funding tilt."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest

import labourbrand as lb
from labourbrand import (
    Authority,
    Brand,
    Category,
    ExitGround,
    Fen,
    Maturity,
    Recognition,
    RecognitionLevel,
    Stage,
    hookimpl,
)
from labourbrand.exceptions import (
    IllegalTransitionError,
    InvalidArgumentError,
    PluginResultError,
    UnknownRegionError,
)
from labourbrand.lifecycle import Event, transition
from labourbrand.policy import Flat, Measure, Outcome, Policy, Ratio, Rule
from labourbrand.policy._checks import (
    Check,
    CheckStatus,
    CountyFacts,
    ExitAssessment,
    ExitIndicators,
    TargetsReport,
    county_brand_counts,
    county_obligations,
    credit_check,
    exit_assessment,
    funding_tilt,
    leading_enterprise,
    targets,
)
from labourbrand.policy.parameters import (
    UNQUANTIFIED,
    DatedValue,
    ParameterSet,
    load_parameters,
)
from labourbrand.regions import Designation, DesignationRecord, RegionCode, Tristate
from labourbrand.serialization import from_json, to_json


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)
PACKAGED = lb.brands.packaged()
LATE = D(2026, 1, 21)
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


# ------------------------------------------------------------------ status
def test_every_status_has_a_chinese_label() -> None:
    """Each CheckStatus member has its own Chinese label."""
    labels = {s: s.zh for s in CheckStatus}
    assert labels[MET] == "已达到"
    assert labels[NOT_IN_FORCE] == "尚未施行"
    assert len(set(labels.values())) == len(CheckStatus)


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
    assert training.clauses == ("4.1",)
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
    with pytest.raises(InvalidArgumentError, match=r"pendulum\.Date"):
        _facts(as_of="2024-06-30")


# -------------------------------------------------------------------- targets
def test_targets_on_the_packaged_brands() -> None:
    """The 26 packaged brands fill 22 counties and 5 national places: most targets are not met."""
    report = targets(POLICY, PACKAGED, on=LATE)
    total = report["target_brands_total"]
    assert (total.status, total.value, total.required) == (NOT_MET, 26, 100)
    assert total.subject == "610000"
    assert total.subject_zh == "陕西省"
    assert total.bodies == ("省人力资源社会保障厅",)
    county = report["target_brands_per_county"]
    assert (county.status, county.value, county.required) == (NOT_MET, 22, 107)
    assert "4 brands have no known county" in county.explain()
    assert len(report.counties_without_brand) == 85
    assert "610727" in report.counties_without_brand
    assert "610924" not in report.counties_without_brand
    assert list(report.counties_without_brand) == sorted(report.counties_without_brand)
    national = report["target_national_known"]
    assert (national.status, national.value, national.required) == (NOT_MET, 5, 10)
    for category in Category:
        check = report[f"target_per_category.{category.value}"]
        assert (check.status, check.value, check.required) == (UNKNOWN, 0, 10)
        assert check.clauses == ("3.2",)
        assert "26 more brands of unknown category" in check.explain()
    provincial = report["target_provincial"]
    assert (provincial.status, provincial.value, provincial.required) == (
        NOT_MET,
        16,
        20,
    )
    assert provincial.bodies == ("省人力资源社会保障厅", "省财政厅")
    assert provincial.parameters[0].reference == "陕人社发〔2023〕35号"
    city = report["target_city_level"]
    assert (city.status, city.value, city.required) == (NOT_MET, 1, 40)
    county_level = report["target_county_level"]
    assert (county_level.status, county_level.value) == (NOT_MET, 0)
    assert [c.check for c in report.checks] == [
        "target_brands_total",
        "target_brands_per_county",
        "target_national_known",
        "target_per_category.skilled",
        "target_per_category.service",
        "target_per_category.culture_tourism",
        "target_per_category.livelihood",
        "target_provincial",
        "target_city_level",
        "target_county_level",
    ]


def test_the_2023_programme_adds_numbers_from_2023_12_01() -> None:
    """Before 2023-12-01 the provincial target is a batch and the county-level one not in force."""
    before = targets(POLICY, PACKAGED, on=D(2023, 11, 30))
    provincial = before["target_provincial"]
    assert (provincial.status, provincial.value, provincial.required) == (MET, 1, None)
    assert provincial.parameters[0].value == "unquantified"
    assert "batch (一批)" in provincial.explain()
    assert "一批" in provincial.explain(lang="zh")
    assert provincial.bodies == ("省人力资源社会保障厅",)
    assert before["target_city_level"].status is MET  # 华州皮影培训, recognised 2022
    county_level = before["target_county_level"]
    assert county_level.status is NOT_IN_FORCE
    assert "from 2023-12-01" in county_level.steps[0].en
    assert "陕人社发〔2023〕35号" in county_level.steps[0].en
    after = targets(POLICY, PACKAGED, on=D(2023, 12, 1))
    provincial = after["target_provincial"]
    assert (provincial.status, provincial.value, provincial.required) == (
        NOT_MET,
        1,
        20,
    )
    assert after["target_county_level"].status is NOT_MET
    assert after["target_county_level"].required == 100


def test_a_batch_with_no_brand_is_not_met() -> None:
    """A batch (一批) needs at least one brand: none held on the day is not met."""
    report = targets(POLICY, PACKAGED, on=D(2022, 12, 31))
    city = report["target_city_level"]
    assert (city.status, city.value, city.required) == (NOT_MET, 0, None)
    assert "no number" in city.explain()


@pytest.mark.parametrize(
    ("on", "said"),
    [
        (D(2024, 1, 1), "730 days left"),
        (D(2025, 12, 31), "Today is the deadline"),
        (D(2026, 1, 1), "has passed"),
    ],
)
def test_each_target_says_where_the_day_falls_against_the_deadline(
    on: pendulum.Date, said: str
) -> None:
    """Every target carries the deadline 2025-12-31 and says if the day is before, on or after it."""
    report = targets(POLICY, PACKAGED, on=on)
    for check in report.checks:
        assert check.deadline == D(2025, 12, 31)
        assert said in check.steps[-1].en
        assert check.parameters[-1].name == "target_deadline"


def test_targets_before_the_text_are_not_in_force() -> None:
    """Before 2022-04-29 every target is NOT_IN_FORCE and no deadline is in force."""
    report = targets(POLICY, PACKAGED, on=D(2022, 1, 1))
    assert {c.status for c in report.checks} == {NOT_IN_FORCE}
    assert all(c.deadline is None for c in report.checks)
    assert "No deadline is in force" in report["target_brands_total"].steps[-1].en
    assert report["target_brands_per_county"].value == 22
    assert len(report.counties_without_brand) == 85


def test_an_unquantified_deadline_is_no_deadline() -> None:
    """A scenario that sets no deadline gives checks without one, and says so."""
    report = targets(_overridden(target_deadline=UNQUANTIFIED), PACKAGED, on=LATE)
    total = report["target_brands_total"]
    assert total.deadline is None
    assert "No deadline" in total.steps[-1].en


def _brand(name: str, county: str | None = None, **kw: object) -> Brand:
    return Brand(name_zh=name, county=county, **kw)  # type: ignore[arg-type]


def _one_per_county(skip: int = 0) -> list[Brand]:
    codes = [r.code for r in lb.regions.shaanxi().counties()]
    return [_brand(f"品牌{code}", code) for code in codes[skip:]]


def test_one_county_one_brand_and_the_total_can_be_met() -> None:
    """A brand in each of the 107 county-level units meets one-county-one-brand and the total."""
    report = targets(POLICY, _one_per_county(), on=LATE)
    assert report["target_brands_per_county"].status is MET
    assert report["target_brands_total"].status is MET
    assert report.counties_without_brand == ()
    assert "—" in report.explain()


def test_brands_of_unknown_county_can_make_one_county_one_brand_unknown() -> None:
    """Brands of unknown county fill no county, but enough of them make the shortfall unknown."""
    one_short = [*_one_per_county(skip=1), _brand("无县品牌")]
    report = targets(POLICY, one_short, on=LATE)
    check = report["target_brands_per_county"]
    assert (check.status, check.value) == (UNKNOWN, 106)
    assert len(report.counties_without_brand) == 1
    assert report["target_brands_total"].value == 107
    two_short = [*_one_per_county(skip=2), _brand("无县品牌")]
    assert (
        targets(POLICY, two_short, on=LATE)["target_brands_per_county"].status
        is NOT_MET
    )


def test_an_unquantified_per_county_target_reads_as_one() -> None:
    """A per-county number left unquantified counts a county with one brand as filled."""
    policy = _overridden(target_brands_per_county=UNQUANTIFIED)
    check = targets(policy, PACKAGED, on=LATE)["target_brands_per_county"]
    assert (check.status, check.value) == (NOT_MET, 22)
    assert "sets no number" in check.explain()


@pytest.mark.parametrize(
    ("skilled", "unknown", "status"),
    [(10, 0, MET), (5, 3, NOT_MET), (5, 5, UNKNOWN), (9, 0, NOT_MET)],
)
def test_brands_of_unknown_category_can_make_a_category_unknown(
    skilled: int, unknown: int, status: CheckStatus
) -> None:
    """A shortfall the brands of unknown category could close is unknown, otherwise not met."""
    brands = [
        *(_brand(f"技能{i}", category=Category.SKILLED) for i in range(skilled)),
        *(_brand(f"未知{i}") for i in range(unknown)),
    ]
    check = targets(POLICY, brands, on=LATE)["target_per_category.skilled"]
    assert (check.status, check.value) == (status, skilled)
    if status is NOT_MET and unknown:
        assert "even all of them would not close the gap" in check.explain()


def _exited(name: str, day: pendulum.Date | None) -> Brand:
    brand = Brand(name_zh=name, county="610727", stage=Stage.IN_POOL)
    if day is None:
        return attrs.evolve(brand, stage=Stage.EXITED)
    brand = transition(
        brand, Event.PROPOSE_EXIT, on=day, grounds=[ExitGround.POOR_TRAINING]
    )
    return transition(brand, Event.DECIDE_EXIT, on=day)


def test_exited_brands_stop_counting_from_their_exit() -> None:
    """A brand counts until the province decides its exit; one exited on an unknown day never counts."""
    brands = [_exited("已退出", D(2024, 1, 1)), _exited("不知何时退出", None)]
    assert targets(POLICY, brands, on=D(2023, 6, 1))["target_brands_total"].value == 1
    late = targets(POLICY, brands, on=D(2024, 6, 1))["target_brands_total"]
    assert late.value == 0
    assert "2 brands had exited the resource pool" in late.steps[0].en
    assert county_brand_counts(POLICY, brands)["610727"] == 0
    assert county_brand_counts(POLICY, brands, on=D(2023, 6, 1))["610727"] == 1


def test_county_brand_counts_of_the_packaged_brands() -> None:
    """Every one of the 107 county-level units has a count; the packaged brands fill 22."""
    counts = county_brand_counts(POLICY, PACKAGED)
    assert len(counts) == 107
    assert sum(counts.values()) == 22
    assert counts["610924"] == 1
    assert counts["610727"] == 0
    with pytest.raises(TypeError):
        counts["610727"] = 1  # type: ignore[index]


def test_targets_refuse_bad_brands() -> None:
    """Not an iterable of brands, a repeated name or a non-county code is an error."""
    with pytest.raises(InvalidArgumentError, match="iterable of Brand"):
        targets(POLICY, PACKAGED[0], on=LATE)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="iterable of Brand"):
        targets(POLICY, 3, on=LATE)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="Expected a Brand"):
        targets(POLICY, ["紫阳修脚师"], on=LATE)  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="twice"):
        targets(POLICY, [PACKAGED[0], PACKAGED[0]], on=LATE)
    with pytest.raises(InvalidArgumentError, match="county-level unit"):
        targets(POLICY, [_brand("市级品牌", "610900")], on=LATE)
    with pytest.raises(UnknownRegionError):
        targets(POLICY, [_brand("旧代码品牌", "610928")], on=LATE)
    with pytest.raises(InvalidArgumentError, match="calendar day"):
        targets(POLICY, PACKAGED, on=pendulum.datetime(2026, 1, 1))


def test_targets_table_and_explanation() -> None:
    """The report renders as rows and text in English and Chinese; a wrong language is an error."""
    report = targets(POLICY, PACKAGED, on=LATE)
    rows = report.table()
    assert len(rows) == 10
    assert rows[7] == {
        "check": "target_provincial",
        "target": "provincial brands",
        "status": "not_met",
        "value": 16,
        "required": 20,
        "deadline": "2025-12-31",
    }
    zh = report.table(lang="zh")
    assert zh[1]["目标"] == "一县一品牌"
    assert zh[1]["状态"] == "未达到"
    assert zh[3]["目标"] == "中高端技能型劳务品牌"
    text = report.explain()
    assert text.startswith("labour-brand targets · 2026-01-21")
    assert "county-level units without enough brands (85): 610102" in text
    assert "未达到“一县一品牌”的县级单位(85个)" in report.explain(lang="zh")
    assert (
        "<td>target_provincial</td><td>provincial brands</td>" in report._repr_html_()
    )
    assert "<td></td>" in targets(POLICY, PACKAGED, on=D(2023, 6, 1))._repr_html_()
    assert TargetsReport(
        on=LATE, checks=(), counties_without_brand=()
    )._repr_html_() == (
        "<table class='labourbrand-targets'><caption>labour-brand targets · "
        "2026-01-21</caption><tr></tr></table>"
    )
    with pytest.raises(InvalidArgumentError, match="'en' or 'zh'"):
        report.table(lang="fr")
    with pytest.raises(InvalidArgumentError, match="check id among"):
        report["target_nothing"]


def test_targets_report_and_check_round_trip_through_json() -> None:
    """A targets report and its checks survive a JSON round trip unchanged."""
    report = targets(POLICY, PACKAGED, on=LATE)
    assert from_json(to_json(report), TargetsReport) == report
    check = report["target_provincial"]
    assert from_json(to_json(check), Check) == check


# ------------------------------------------------------------------ checks
def test_check_explains_itself_in_both_languages() -> None:
    """A check's explanation shows its figures, steps, clauses, parameters and bodies."""
    _, studios = county_obligations(POLICY, _facts("610727", studios=0), on=ON)
    en = studios.explain()
    assert (
        en.splitlines()[0]
        == "略阳县 (610727) · studios_per_key_county · 2024-07-01 · not_met"
    )
    assert en.splitlines()[1] == "value: 0 · required: 1"
    assert "clauses: 4.1" in en
    assert "studios_per_key_county = 1 (陕人社发〔2022〕13号, 2022-04-29)" in en
    assert "responsible: 省教育厅、省人力资源社会保障厅、省级相关部门" in en
    zh = studios.explain(lang="zh")
    assert "未达到" in zh.splitlines()[0]
    assert zh.splitlines()[1] == "现值:0 · 要求:1"
    assert "责任单位:" in zh
    with pytest.raises(InvalidArgumentError):
        studios.explain(lang="de")
    assert "<li>略阳县" in studios._repr_html_()
    assert "未达到 (not_met)" in studios._repr_html_()


def test_check_without_figures_or_bodies_explains_without_them() -> None:
    """A check with no value, requirement, deadline or bodies leaves those lines out."""
    check = Check(subject="x", subject_zh="x", check="c", on=ON, status=UNKNOWN)
    assert check.explain().splitlines() == ["x · c · 2024-07-01 · unknown", "clauses: "]


def test_check_refuses_bad_fields() -> None:
    """Malformed fields of a Check raise InvalidArgumentError naming the field."""
    good: dict[str, object] = {
        "subject": "x",
        "subject_zh": "x",
        "check": "c",
        "on": ON,
        "status": MET,
    }
    for field, bad in [
        ("status", "met"),
        ("on", "2024-07-01"),
        ("subject", " "),
        ("value", -1),
        ("deadline", "2025-12-31"),
    ]:
        with pytest.raises(InvalidArgumentError) as info:
            Check(**{**good, field: bad})  # type: ignore[arg-type]
        assert info.value.field == field


def test_check_round_trips_through_json_with_a_deadline() -> None:
    """A check with a deadline and every field set survives JSON."""
    check = targets(POLICY, PACKAGED, on=D(2024, 1, 1))["target_national_known"]
    assert check.deadline is not None
    assert from_json(to_json(check), Check) == check


# ------------------------------------------------------------------------ exit
class FallRule:
    """An illustrative city rule: a fall of *ratio* or more is marked."""

    def __init__(
        self, ratio: str, jurisdiction: str = "610900", *, formula: object = None
    ) -> None:
        self.name = f"fall-{jurisdiction}"
        self.__version__ = "0.1"
        self.jurisdiction = jurisdiction
        self.formula = formula or Ratio(Decimal(ratio))

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure=Measure.EXIT_JOB_FALL,
                jurisdiction=self.jurisdiction,
                first_day="2022-04-29",
                formula=self.formula,  # type: ignore[arg-type]
                reference="illustrative",
                illustrative=True,
            )
        ]


WITH_RULE = Policy.shaanxi(plugins=[FallRule("0.30")], entry_points=False)
IN_POOL = Brand(name_zh="紫阳修脚师", county="610924", stage=Stage.IN_POOL)
CLEAN: dict[str, bool] = {
    "training_quality_poor": False,
    "competitiveness_declined": False,
    "recognition_low": False,
}


def _found(**kw: object) -> ExitIndicators:
    fields: dict[str, object] = {**CLEAN, "as_of": D(2024, 6, 30)}
    fields.update(kw)
    return ExitIndicators(**fields)  # type: ignore[arg-type]


def test_without_a_rule_a_partial_fall_in_jobs_cannot_be_assessed() -> None:
    """With no ratio rule a partial fall is unknown, naming the city HRSS bureau that must set it."""
    a = exit_assessment(POLICY, IN_POOL, _found(jobs_before=800, jobs_now=500), on=ON)
    assert a.unknown == (ExitGround.FEWER_JOBS,)
    assert a.grounds == ()
    assert a.proposal is False
    assert a.outcome is Outcome.UNDETERMINED
    assert a.fall_ratio is None
    assert a.supplier is None
    assert a.job_fall == Decimal("0.3750")
    assert "安康市人社部门" in a.explain(lang="zh")
    assert "the city HRSS bureau" in a.explain()
    assert (a.by, a.decided_by) == (Authority.CITY_HRSS, Authority.PROVINCIAL_HRSS)
    assert a.clauses == ("3.4",)
    assert a.bodies == ("省人力资源社会保障厅",)


@pytest.mark.parametrize(
    ("now", "found", "outcome"),
    [
        (500, True, Outcome.ELIGIBLE),
        (560, True, Outcome.ELIGIBLE),
        (600, False, Outcome.INELIGIBLE),
    ],
)
def test_a_ratio_rule_decides_the_marked_fall(
    now: int,
    found: bool,  # noqa: FBT001
    outcome: Outcome,
) -> None:
    """With a city ratio of 30%, a fall of 30% or more is a ground for exit."""
    a = exit_assessment(
        WITH_RULE, IN_POOL, _found(jobs_before=800, jobs_now=now), on=ON
    )
    assert (ExitGround.FEWER_JOBS in a.grounds) is found
    assert a.unknown == ()
    assert a.proposal is found
    assert a.outcome is outcome
    assert a.fall_ratio == Decimal("0.30")
    assert a.supplier is not None
    assert (a.supplier.plugin, a.supplier.version, a.supplier.jurisdiction) == (
        "fall-610900",
        "0.1",
        "610900",
    )
    assert a.supplier.supplied == "job_fall_ratio"
    text = a.explain()
    assert "illustrative" in text
    assert "30% or more is marked" in text
    assert "job_fall_ratio: plugin fall-610900 0.1 for 610900 (illustrative)" in text
    assert "示例数值" in a.explain(lang="zh")


def test_no_fall_in_jobs_is_no_ground_even_without_a_rule() -> None:
    """Jobs that did not fall are not a marked fall, whatever the ratio."""
    for before, now in [(800, 800), (0, 0), (100, 120)]:
        a = exit_assessment(
            POLICY, IN_POOL, _found(jobs_before=before, jobs_now=now), on=ON
        )
        assert a.unknown == ()
        assert a.grounds == ()
        assert a.outcome is Outcome.INELIGIBLE
        assert a.job_fall is None


def test_a_fall_to_zero_is_marked_under_any_ratio() -> None:
    """All jobs lost is a marked fall even before a city sets its ratio."""
    a = exit_assessment(POLICY, IN_POOL, _found(jobs_before=800, jobs_now=0), on=ON)
    assert a.grounds == (ExitGround.FEWER_JOBS,)
    assert a.job_fall == Decimal("1.0000")
    assert a.proposal is True


def test_each_ground_found_or_unknown() -> None:
    """Each of the four grounds is found, not found or unknown, in the order of clause 3.4."""
    found = _found(
        training_quality_poor=True,
        competitiveness_declined=None,
        recognition_low=True,
    )
    a = exit_assessment(WITH_RULE, IN_POOL, found, on=ON)
    assert a.grounds == (ExitGround.POOR_TRAINING, ExitGround.LOW_RECOGNITION)
    assert a.unknown == (ExitGround.FEWER_JOBS, ExitGround.LESS_COMPETITIVE)
    assert a.outcome is Outcome.ELIGIBLE
    assert "Jobs before or now are unknown" in a.explain()
    assert "less_competitive: not assessable" in a.explain()
    assert "退出理由:培训质量不高、社会认可度不高" in a.explain(lang="zh")
    assert "安康市人社部门 proposes the exit" in a.explain()


def test_only_a_brand_in_the_pool_can_be_proposed_for_exit() -> None:
    """A brand not in the resource pool is never proposed, though its grounds are reported."""
    brand = attrs.evolve(IN_POOL, stage=Stage.CULTIVATING)
    a = exit_assessment(POLICY, brand, _found(training_quality_poor=True), on=ON)
    assert a.grounds == (ExitGround.POOR_TRAINING,)
    assert a.proposal is False
    assert a.outcome is Outcome.INELIGIBLE
    assert "Only a brand in the resource pool" in a.explain()
    with pytest.raises(InvalidArgumentError, match="proposal=False"):
        a.apply(brand)


def test_exit_assessment_before_the_text_is_not_in_force() -> None:
    """Before 2022-04-29 there is no exit mechanism to assess."""
    found = _found(training_quality_poor=True, as_of=D(2022, 3, 1))
    a = exit_assessment(POLICY, IN_POOL, found, on=D(2022, 4, 1))
    assert a.outcome is Outcome.NOT_IN_FORCE
    assert (a.grounds, a.unknown, a.proposal) == ((), (), False)
    assert "2022-04-29" in a.explain()


def test_a_brand_of_unknown_county_uses_a_province_wide_rule() -> None:
    """Without a county only a province-wide rule applies; with none the city bureau is unnamed."""
    brand = attrs.evolve(IN_POOL, county=None)
    found = _found(jobs_before=800, jobs_now=500)
    bare = exit_assessment(POLICY, brand, found, on=ON)
    assert bare.unknown == (ExitGround.FEWER_JOBS,)
    assert "应由市级人社部门" in bare.explain(lang="zh")
    province = Policy.shaanxi(plugins=[FallRule("0.5", "610000")], entry_points=False)
    ruled = exit_assessment(province, brand, found, on=ON)
    assert ruled.unknown == ()
    assert ruled.grounds == ()
    assert ruled.supplier is not None
    assert ruled.supplier.jurisdiction == "610000"
    # The city's rule does not reach a brand of unknown county.
    assert exit_assessment(WITH_RULE, brand, found, on=ON).fall_ratio is None


def test_a_rule_that_is_not_a_ratio_names_its_plugin() -> None:
    """A plugin that gives an amount where a ratio is needed gets a PluginResultError."""
    policy = Policy.shaanxi(
        plugins=[FallRule("0.3", formula=Flat(Fen.from_yuan(1)))], entry_points=False
    )
    with pytest.raises(PluginResultError, match="Expected a Ratio") as info:
        exit_assessment(policy, IN_POOL, _found(), on=ON)
    assert info.value.plugin_name == "fall-610900"


def test_apply_proposes_the_exit_through_the_lifecycle() -> None:
    """A brand admitted through the lifecycle and assessed with a ground moves to exit_proposed."""
    brand = Brand(name_zh="紫阳修脚师", county="610924", maturity=Maturity.ESTABLISHED)
    for day, event in [
        (D(2022, 6, 1), Event.ESTABLISH),
        (D(2022, 7, 1), Event.RECOMMEND_BY_COUNTY),
        (D(2022, 8, 1), Event.RECOMMEND_BY_CITY),
        (D(2022, 9, 1), Event.ADMIT),
    ]:
        brand = transition(brand, event, on=day)
    a = exit_assessment(WITH_RULE, brand, _found(jobs_before=900, jobs_now=300), on=ON)
    proposed = a.apply(brand)
    assert proposed.stage is Stage.EXIT_PROPOSED
    record = proposed.history[-1]
    assert record.event is Event.PROPOSE_EXIT
    assert record.grounds == (ExitGround.FEWER_JOBS,)
    assert record.by is Authority.CITY_HRSS
    assert record.on == ON
    assert "带动就业人数明显减少" in record.note
    decided = transition(proposed, Event.DECIDE_EXIT, on=D(2024, 8, 1))
    assert decided.stage is Stage.EXITED
    with pytest.raises(IllegalTransitionError):
        a.apply(proposed)
    with pytest.raises(InvalidArgumentError, match="the brand assessed"):
        a.apply(attrs.evolve(brand, name_zh="别的品牌"))
    with pytest.raises(InvalidArgumentError, match="Expected a Brand"):
        a.apply("紫阳修脚师")  # type: ignore[arg-type]


def test_exit_assessment_round_trips_through_json() -> None:
    """An assessment with a supplier, ratios and grounds survives JSON."""
    a = exit_assessment(
        WITH_RULE,
        IN_POOL,
        _found(jobs_before=800, jobs_now=500, recognition_low=None),
        on=ON,
    )
    assert a.supplier is not None
    assert from_json(to_json(a), ExitAssessment) == a
    bare = exit_assessment(POLICY, IN_POOL, _found(), on=ON)
    assert from_json(to_json(bare), ExitAssessment) == bare
    assert "grounds: none; not assessable: fewer_jobs" in bare.explain()
    assert "退出理由:无" in bare.explain(lang="zh")


def test_exit_assessment_refuses_bad_input() -> None:
    """Findings after the day, bad flags and counts, and wrong types are errors."""
    with pytest.raises(InvalidArgumentError, match="observed on or before"):
        exit_assessment(POLICY, IN_POOL, _found(as_of=D(2024, 8, 1)), on=ON)
    with pytest.raises(InvalidArgumentError, match="True, False or None"):
        _found(recognition_low="yes")
    with pytest.raises(InvalidArgumentError, match="count"):
        _found(jobs_now=-3)
    with pytest.raises(InvalidArgumentError, match="Expected a Brand"):
        exit_assessment(POLICY, "紫阳修脚师", _found(), on=ON)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="Expected a ExitIndicators"):
        exit_assessment(POLICY, IN_POOL, {}, on=ON)  # type: ignore[arg-type]


# ---------------------------------------------------------- leading enterprise
@pytest.mark.parametrize(
    ("flags", "status", "met"),
    [
        ((True, True, True), MET, 3),
        ((True, False, True), NOT_MET, 2),
        ((True, None, True), UNKNOWN, 2),
        ((False, None, None), NOT_MET, 0),
        ((None, None, None), UNKNOWN, 0),
    ],
)
def test_leading_enterprise_needs_all_three_criteria(
    flags: tuple[bool | None, bool | None, bool | None], status: CheckStatus, met: int
) -> None:
    """Any criterion False is not met, any unknown (and none False) is unknown, all True is met."""
    finances, risk, system = flags
    check = leading_enterprise(
        POLICY,
        name="某劳务公司",
        on=ON,
        finances_healthy=finances,
        risk_resilient=risk,
        employment_system_sound=system,
    )
    assert check.status is status
    assert (check.value, check.required) == (met, 3)
    assert check.clauses == ("5.2",)
    assert check.parameters[0].name == "leading_enterprise_criteria"
    assert "省人力资源社会保障厅" in check.bodies
    if status is NOT_MET:
        lacking = check.steps[-1].en
        assert ("lacks healthy finances" in lacking) is (finances is False)
        assert ("enough risk resilience" in lacking) is (risk is False)


def test_leading_enterprise_with_scenario_criteria() -> None:
    """A scenario may ask for fewer criteria; with no number set, all three are required."""
    two = _overridden(leading_enterprise_criteria=2)
    check = leading_enterprise(
        two,
        name="某公司",
        on=ON,
        finances_healthy=True,
        risk_resilient=None,
        employment_system_sound=True,
    )
    assert (check.status, check.required) == (MET, 2)
    unset = _overridden(leading_enterprise_criteria=UNQUANTIFIED)
    check = leading_enterprise(
        unset,
        name="某公司",
        on=ON,
        finances_healthy=True,
        risk_resilient=True,
        employment_system_sound=None,
    )
    assert (check.status, check.required) == (UNKNOWN, 3)


def test_leading_enterprise_before_the_text_and_bad_input() -> None:
    """Before 2022-04-29 it is not in force; a non-bool criterion or empty name is an error."""
    check = leading_enterprise(
        POLICY,
        name="某公司",
        on=D(2021, 1, 1),
        finances_healthy=True,
        risk_resilient=True,
        employment_system_sound=True,
    )
    assert check.status is NOT_IN_FORCE
    with pytest.raises(InvalidArgumentError, match="risk_resilient"):
        leading_enterprise(
            POLICY,
            name="某公司",
            on=ON,
            finances_healthy=True,
            risk_resilient=1,  # type: ignore[arg-type]
            employment_system_sound=True,
        )
    with pytest.raises(InvalidArgumentError, match="non-empty"):
        leading_enterprise(
            POLICY,
            name="",
            on=ON,
            finances_healthy=True,
            risk_resilient=True,
            employment_system_sound=True,
        )


# ---------------------------------------------------------------------- credit
def test_a_broken_commitment_gets_a_written_warning() -> None:
    """Breaking the commitment is not met, with a written warning by the named departments."""
    check = credit_check(POLICY, unit="某协会", on=ON, broke_commitment=True)
    assert check.status is NOT_MET
    assert check.clauses == ("4.3",)
    assert check.bodies == ("人社、商务、市场监管等部门",)
    assert check.steps[1].zh == "由人社、商务、市场监管等部门书面告诫。"
    assert "written warning (书面告诫)" in check.steps[1].en
    assert "Whether the case is serious is unknown" in check.steps[-1].en


def test_a_serious_breach_is_handled_per_regulations() -> None:
    """A serious breach adds the step of clause 4.3 on serious cases; a minor one does not."""
    serious = credit_check(
        POLICY, unit="某协会", on=ON, broke_commitment=True, serious=True
    )
    assert serious.status is NOT_MET
    assert serious.steps[-1].en.startswith("Serious:")
    assert "情节严重的,依据有关规定给予处理" in serious.steps[-1].zh
    minor = credit_check(
        POLICY, unit="某协会", on=ON, broke_commitment=True, serious=False
    )
    assert minor.status is NOT_MET
    assert len(minor.steps) == 2
    assert not any("serious" in s.en.lower() for s in minor.steps)


@pytest.mark.parametrize(("broke", "status"), [(False, MET), (None, UNKNOWN)])
def test_a_kept_or_unknown_commitment(broke: bool | None, status: CheckStatus) -> None:  # noqa: FBT001
    """A kept commitment is met; an unknown one is unknown."""
    assert (
        credit_check(POLICY, unit="某人", on=ON, broke_commitment=broke).status
        is status
    )


def test_credit_check_before_the_text_and_bad_input() -> None:
    """Before the text it is not in force; serious without a broken commitment is an error."""
    check = credit_check(POLICY, unit="某协会", on=D(2022, 1, 1), broke_commitment=True)
    assert check.status is NOT_IN_FORCE
    for broke in (False, None):
        with pytest.raises(InvalidArgumentError, match="serious=None"):
            credit_check(
                POLICY, unit="某协会", on=ON, broke_commitment=broke, serious=True
            )
    with pytest.raises(InvalidArgumentError, match="non-empty"):
        credit_check(POLICY, unit=" ", on=ON, broke_commitment=True)
    with pytest.raises(InvalidArgumentError, match="broke_commitment"):
        credit_check(POLICY, unit="某协会", on=ON, broke_commitment="yes")  # type: ignore[arg-type]


# ----------------------------------------------------------------- funding tilt
@pytest.mark.parametrize(
    ("contributed", "status"), [(True, MET), (False, NOT_MET), (None, UNKNOWN)]
)
def test_funding_tilt_for_a_county_with_a_national_brand(
    contributed: bool | None,  # noqa: FBT001
    status: CheckStatus,
) -> None:
    """紫阳县 has a national brand, so its contribution decides the tilt."""
    check = funding_tilt(POLICY, "610924", PACKAGED, on=ON, contributed=contributed)
    assert check.status is status
    assert (check.value, check.required) == (1, 1)
    assert check.clauses == ("7.3",)
    assert check.bodies == ("省财政厅", "省人力资源社会保障厅", "省级相关部门")
    assert "紫阳修脚师" in check.explain()
    if status is MET:
        assert "省财政厅、省人力资源社会保障厅确定(不视为零)" in check.steps[-1].zh
        assert "(not zero)" in check.steps[-1].en


@pytest.mark.parametrize("contributed", [True, None])
def test_no_recognised_brand_means_no_tilt(contributed: bool | None) -> None:  # noqa: FBT001
    """Without a national or provincial brand the county is not due the tilt, whatever its contribution."""
    check = funding_tilt(POLICY, "610727", PACKAGED, on=ON, contributed=contributed)
    assert (check.status, check.value) == (NOT_MET, 0)
    assert "(无)" in check.steps[-1].zh


def test_a_provincial_recognition_counts_from_when_it_is_held() -> None:
    """平利茶农, recognised provincial in 2025, counts for 平利县 from 2026-01-01."""
    before = funding_tilt(
        POLICY, "610926", PACKAGED, on=D(2025, 6, 1), contributed=True
    )
    after = funding_tilt(POLICY, "610926", PACKAGED, on=D(2026, 1, 1), contributed=True)
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
    check = funding_tilt(POLICY, "610924", PACKAGED, on=D(2022, 1, 1), contributed=True)
    assert (check.status, check.value) == (NOT_IN_FORCE, 1)
    with pytest.raises(InvalidArgumentError, match="county-level unit"):
        funding_tilt(POLICY, "610900", PACKAGED, on=ON, contributed=True)
    with pytest.raises(InvalidArgumentError, match="contributed"):
        funding_tilt(POLICY, "610924", PACKAGED, on=ON, contributed=1)  # type: ignore[arg-type]
