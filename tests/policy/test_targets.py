"""The province's targets (clauses 2 and 3.2, the 2023 programme), their report and labels."""

from __future__ import annotations

import pendulum
import pytest

import labourbrand as lb
from labourbrand import (
    Brand,
    Category,
    ExitGround,
    Recognition,
    RecognitionLevel,
    Stage,
)
from labourbrand.exceptions import InvalidArgumentError, UnknownRegionError
from labourbrand.lifecycle import Authority, Event, import_record, transition
from labourbrand.policy import Policy
from labourbrand.policy._check import Check, CheckStatus
from labourbrand.policy._targets import (
    TargetsReport,
    county_brand_counts,
    target_label,
    targets,
)
from labourbrand.policy.parameters import UNQUANTIFIED, load_parameters
from labourbrand.serialization import from_json, to_json


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)
#: A sample with no lifecycle record: every brand is discovered.
PACKAGED = lb.brands.packaged()
#: The same brands as if taken over in the pool (an illustration, not a record).
POOLED = tuple(
    import_record(
        brand,
        stage=Stage.IN_POOL,
        since=D(2021, 6, 1),
        imported_on=D(2021, 6, 1),
        by=Authority.PROVINCIAL_HRSS,
        source="test register",
    )
    for brand in PACKAGED
)
LATE = D(2026, 1, 21)
MET, NOT_MET, UNKNOWN, NOT_IN_FORCE = (
    CheckStatus.MET,
    CheckStatus.NOT_MET,
    CheckStatus.UNKNOWN,
    CheckStatus.NOT_IN_FORCE,
)


def _overridden(**overrides: object) -> Policy:
    return Policy.shaanxi(
        parameters=load_parameters().with_overrides(overrides), entry_points=False
    )


# -------------------------------------------------------------------- targets
def test_the_packaged_sample_counts_in_no_target() -> None:
    """The packaged brands carry no lifecycle record: discovered candidates, not yet cultivated, count nowhere."""
    report = targets(POLICY, PACKAGED, on=LATE)
    assert {c.value for c in report.checks} == {0}
    assert len(report.counties_without_brand) == 107
    total = report["target_brands_total"]
    assert total.steps[0].en == (
        "26 more brands were only discovered (摸排发现) on the day, "
        "not yet cultivated (培育创建), and are not counted."
    )
    assert "26个品牌在该日仅为摸排发现" in total.explain(lang="zh")
    # Recognitions recorded on a discovered brand do not count either.
    assert report["target_national_known"].value == 0
    assert sum(county_brand_counts(POLICY, PACKAGED).values()) == 0


def test_targets_on_the_packaged_brands() -> None:
    """The 26 packaged brands, in the pool, fill 22 counties and 5 national places: most targets are not met."""
    report = targets(POLICY, POOLED, on=LATE)
    total = report["target_brands_total"]
    assert (total.status, total.value, total.required) == (NOT_MET, 26, 100)
    assert total.subject == "610000"
    assert total.subject_zh == "陕西省"
    assert total.bodies == (
        "省人力资源社会保障厅(据第七部分第(一)项“人社部门牵头”推定)",
    )
    county = report["target_brands_per_county"]
    # 85 units short, and the 2023 programme asks only to *basically* achieve
    # one county, one brand, without saying how many may fall short.
    assert (county.status, county.value, county.required) == (UNKNOWN, 22, 107)
    assert "whether 85 short is basically achieved cannot be told" in county.explain()
    assert "4 brands have no known county" in county.explain()
    assert len(report.counties_without_brand) == 85
    assert "610727" in report.counties_without_brand
    assert "610924" not in report.counties_without_brand
    assert list(report.counties_without_brand) == sorted(report.counties_without_brand)
    # The five flagship brands are nationally known; whether the other 21 are
    # is not known, and they could close the gap.
    national = report["target_national_known"]
    assert (national.status, national.value, national.required) == (UNKNOWN, 5, 10)
    assert "describes as nationally known" in national.explain()
    assert "21 more brands not known to be nationally known or not" in (
        national.explain()
    )
    for category in Category:
        check = report[f"target_per_category.{category.value}"]
        assert (check.status, check.value, check.required) == (UNKNOWN, 0, 10)
        assert check.clauses == ("shaanxi-2022-13:3.2",)
        assert "26 more brands of unknown category" in check.explain()
    provincial = report["target_provincial"]
    # The 15 of the 2025 notice; 柞水耳农's undated recognition might count,
    # but one more would not reach 20.
    assert (provincial.status, provincial.value, provincial.required) == (
        NOT_MET,
        15,
        20,
    )
    assert "1 more provincial brands recognised on an unknown day" in (
        provincial.explain()
    )
    assert provincial.bodies == (
        "省人力资源社会保障厅(据第七部分第(一)项“人社部门牵头”推定)",
        "省人力资源社会保障厅",
        "省财政厅",
    )
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
    before = targets(POLICY, POOLED, on=D(2023, 11, 30))
    provincial = before["target_provincial"]
    # The only provincial recognition recorded by then (柞水耳农's) is undated.
    assert (provincial.status, provincial.value, provincial.required) == (
        UNKNOWN,
        0,
        None,
    )
    assert provincial.parameters[0].value == "unquantified"
    assert "batch (一批)" in provincial.explain()
    assert "一批" in provincial.explain(lang="zh")
    assert provincial.bodies == (
        "省人力资源社会保障厅(据第七部分第(一)项“人社部门牵头”推定)",
    )
    assert before["target_city_level"].status is MET  # 华州皮影培训, recognised 2022
    county_level = before["target_county_level"]
    assert county_level.status is NOT_IN_FORCE
    assert "from 2023-12-01" in county_level.steps[0].en
    assert "陕人社发〔2023〕35号" in county_level.steps[0].en
    after = targets(POLICY, POOLED, on=D(2023, 12, 1))
    provincial = after["target_provincial"]
    assert (provincial.status, provincial.value, provincial.required) == (
        NOT_MET,
        0,
        20,
    )
    assert after["target_county_level"].status is NOT_MET
    assert after["target_county_level"].required == 100


def test_the_2025_batch_counts_on_the_deadline() -> None:
    """The 2025 notice was issued by 2025-12-06: its 15 brands (in the pool) count on 2025-12-31, the deadline."""
    assert targets(POLICY, POOLED, on=D(2025, 12, 5))["target_provincial"].value == 0
    assert targets(POLICY, POOLED, on=D(2025, 12, 6))["target_provincial"].value == 15
    assert targets(POLICY, POOLED, on=D(2025, 12, 31))["target_provincial"].value == 15


def test_on_the_first_day_the_undated_provincial_recognition_is_unknown() -> None:
    """On 2022-05-01 the provincial batch rests on 柞水耳农's undated recognition alone: unknown, not met."""
    provincial = targets(POLICY, POOLED, on=D(2022, 5, 1))["target_provincial"]
    assert (provincial.status, provincial.value) == (UNKNOWN, 0)
    assert "1 more provincial brands recognised on an unknown day" in (
        provincial.explain()
    )
    assert "认定日期不详的省级劳务品牌" in provincial.explain(lang="zh")


def test_nationally_known_counts_descriptions_and_national_recognitions() -> None:
    """全国知名 counts cultivated brands described so and brands recognised nationally; unknowns make a shortfall unknown."""
    on = D(2024, 1, 1)
    known = [_brand(f"知{i}", nationally_known=True) for i in range(4)]
    recognised = [
        _brand(
            f"国{i}",
            nationally_known=False,
            recognitions=[Recognition(level=RecognitionLevel.NATIONAL, year=2022)],
        )
        for i in range(6)
    ]
    report = targets(POLICY, [*known, *recognised], on=on)
    assert (
        report["target_national_known"].status,
        report["target_national_known"].value,
    ) == (MET, 10)
    no = [_brand(f"否{i}", nationally_known=False) for i in range(5)]
    report = targets(POLICY, [*known, *no], on=on)
    assert (
        report["target_national_known"].status,
        report["target_national_known"].value,
    ) == (NOT_MET, 4)
    unknown = [_brand(f"未{i}") for i in range(6)]
    report = targets(POLICY, [*known, *unknown], on=on)
    assert (
        report["target_national_known"].status,
        report["target_national_known"].value,
    ) == (UNKNOWN, 4)
    # An undated national recognition of a brand known not to be nationally known: unknown too.
    undated = [
        _brand(
            f"疑{i}",
            nationally_known=False,
            recognitions=[Recognition(level=RecognitionLevel.NATIONAL)],
        )
        for i in range(6)
    ]
    report = targets(POLICY, [*known, *undated], on=on)
    assert report["target_national_known"].status is UNKNOWN
    # A candidate only discovered counts nowhere, nationally known or not; a
    # brand that has left the pool still counts, its renown with it.
    candidates = [Brand(name_zh=f"候{i}", nationally_known=True) for i in range(6)]
    gone = import_record(
        Brand(name_zh="已退出", nationally_known=True),
        stage=Stage.EXITED,
        since=D(2022, 6, 1),
        imported_on=D(2022, 6, 1),
        by=Authority.PROVINCIAL_HRSS,
        source="test register",
    )
    report = targets(POLICY, [*known, *candidates, gone], on=on)
    assert (
        report["target_national_known"].status,
        report["target_national_known"].value,
    ) == (NOT_MET, 5)


def test_a_batch_with_no_brand_is_not_met() -> None:
    """A batch (一批) needs at least one brand: none held on the day is not met."""
    report = targets(POLICY, POOLED, on=D(2022, 12, 31))
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
    report = targets(POLICY, POOLED, on=on)
    for check in report.checks:
        assert check.deadline == D(2025, 12, 31)
        assert said in check.steps[-1].en
        assert check.parameters[-1].name == "target_deadline"


def test_targets_before_the_text_are_not_in_force() -> None:
    """Before 2022-04-29 every target is NOT_IN_FORCE and no deadline is in force."""
    report = targets(POLICY, POOLED, on=D(2022, 1, 1))
    assert {c.status for c in report.checks} == {NOT_IN_FORCE}
    assert all(c.deadline is None for c in report.checks)
    assert "No deadline is in force" in report["target_brands_total"].steps[-1].en
    assert report["target_brands_per_county"].value == 22
    assert len(report.counties_without_brand) == 85


def test_an_unquantified_deadline_is_no_deadline() -> None:
    """A scenario that sets no deadline gives checks without one, and says so."""
    report = targets(_overridden(target_deadline=UNQUANTIFIED), POOLED, on=LATE)
    total = report["target_brands_total"]
    assert total.deadline is None
    assert "No deadline" in total.steps[-1].en


def _brand(name: str, county: str | None = None, **kw: object) -> Brand:
    """A brand taken into cultivation on 2022-05-01."""
    brand = Brand(name_zh=name, county=county, **kw)  # type: ignore[arg-type]
    return transition(brand, Event.ESTABLISH, on=D(2022, 5, 1))


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
    strict = _overridden(target_county_shortfall=0)  # 实现, not 基本实现
    one_short = [*_one_per_county(skip=1), _brand("无县品牌")]
    report = targets(strict, one_short, on=LATE)
    check = report["target_brands_per_county"]
    assert (check.status, check.value) == (UNKNOWN, 106)
    assert len(report.counties_without_brand) == 1
    assert report["target_brands_total"].value == 107
    two_short = [*_one_per_county(skip=2), _brand("无县品牌")]
    assert (
        targets(strict, two_short, on=LATE)["target_brands_per_county"].status
        is NOT_MET
    )


def test_an_unquantified_per_county_target_reads_as_one() -> None:
    """A per-county number left unquantified counts a county with one brand as filled."""
    policy = _overridden(
        target_brands_per_county=UNQUANTIFIED, target_county_shortfall=0
    )
    check = targets(policy, POOLED, on=LATE)["target_brands_per_county"]
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
    def imported(stage: Stage) -> Brand:
        return import_record(
            Brand(name_zh=name, county="610727"),
            stage=stage,
            since=pendulum.Date(2022, 6, 1),
            imported_on=pendulum.Date(2022, 6, 1),
            by=Authority.PROVINCIAL_HRSS,
            source="test register",
        )

    if day is None:
        return imported(Stage.EXITED)
    brand = imported(Stage.IN_POOL)
    brand = transition(
        brand, Event.PROPOSE_EXIT, on=day, grounds=[ExitGround.POOR_TRAINING]
    )
    return transition(brand, Event.DECIDE_EXIT, on=day)


def test_exited_brands_still_count_and_are_flagged() -> None:
    """Leaving the pool does not undo a brand's cultivation: it still counts, and the total says how many left."""
    brands = [_exited("已退出", D(2024, 1, 1)), _exited("不知何时退出", None)]
    before = targets(POLICY, brands, on=D(2023, 6, 1))["target_brands_total"]
    assert before.value == 2
    assert before.steps[0].en == (
        "1 of the brands counted had left the resource pool; leaving the pool "
        "does not undo their cultivation (培育创建), so they count."
    )
    late = targets(POLICY, brands, on=D(2024, 6, 1))["target_brands_total"]
    assert late.value == 2
    assert "2 of the brands counted had left the resource pool" in late.steps[0].en
    assert "计入的品牌中2个已退出劳务品牌资源库" in late.explain(lang="zh")
    assert county_brand_counts(POLICY, brands)["610727"] == 2
    assert county_brand_counts(POLICY, brands, on=D(2023, 6, 1))["610727"] == 2
    # Before it was imported (2022-06-01) neither was known past discovery.
    assert county_brand_counts(POLICY, brands, on=D(2022, 5, 31))["610727"] == 0
    early = targets(POLICY, brands, on=D(2022, 5, 31))["target_brands_total"]
    assert early.value == 0
    assert "2 more brands were only discovered" in early.steps[0].en


def _exited_brand_with_everything() -> Brand:
    """A brand of every kind of count (county, category, provincial recognition) that left the pool on 2024-01-01."""
    brand = import_record(
        Brand(
            name_zh="已退出",
            county="610727",
            category=Category.SKILLED,
            recognitions=[Recognition(level=RecognitionLevel.PROVINCIAL, year=2022)],
        ),
        stage=Stage.IN_POOL,
        since=D(2022, 6, 1),
        imported_on=D(2022, 6, 1),
        by=Authority.PROVINCIAL_HRSS,
        source="test register",
    )
    brand = transition(
        brand, Event.PROPOSE_EXIT, on=D(2024, 1, 1), grounds=[ExitGround.FEWER_JOBS]
    )
    return transition(brand, Event.DECIDE_EXIT, on=D(2024, 1, 1))


@pytest.mark.parametrize(("reading", "counts"), [("counted", 1), ("not_counted", 0)])
def test_exited_brands_in_the_targets_under_each_reading(
    reading: str, counts: int
) -> None:
    """Whether a brand out of the pool counts is an interpretation: every target follows it, and says so."""
    policy = Policy.shaanxi(
        entry_points=False, interpretations={"exited_brand_targets": reading}
    )
    brands = [_exited_brand_with_everything()]
    report = targets(policy, brands, on=D(2024, 6, 1))
    for name in (
        "target_brands_total",
        "target_brands_per_county",
        "target_per_category.skilled",
        "target_provincial",
    ):
        assert report[name].value == counts, name
    assert ("610727" in report.counties_without_brand) is (counts == 0)
    assert county_brand_counts(policy, brands, on=D(2024, 6, 1))["610727"] == counts
    for check in report.checks:
        assert ("shaanxi-2022-13:exited_brand_targets", reading) in [
            (u.interpretation, u.reading) for u in check.interpretations
        ]
    total = report["target_brands_total"]
    if counts:
        assert "1 of the brands counted had left the resource pool" in total.explain()
    else:
        assert (
            "1 more brands had left the resource pool; under the reading chosen, "
            "a brand out of the pool counts in no target."
        ) in [step.en for step in total.steps]
        assert "按所选解读,已退出资源库的品牌不计入任何目标" in total.explain(lang="zh")
    # Before it left the pool, it counts under either reading.
    before = targets(policy, brands, on=D(2023, 12, 31))
    assert before["target_brands_total"].value == 1
    assert before["target_provincial"].value == 1


def test_a_brand_counts_from_the_day_it_is_cultivated() -> None:
    """A candidate counts from its establishment (培育创建), not from its discovery; its recognitions with it."""
    candidate = Brand(
        name_zh="示例品牌",
        county="610727",
        recognitions=[lb.Recognition(level=lb.RecognitionLevel.CITY, year=2021)],
    )
    brand = transition(candidate, Event.ESTABLISH, on=D(2023, 3, 1))
    for on, value in ((D(2023, 2, 28), 0), (D(2023, 3, 1), 1)):
        report = targets(POLICY, [brand], on=on)
        assert report["target_brands_total"].value == value
        assert report["target_city_level"].value == value
        assert county_brand_counts(POLICY, [brand], on=on)["610727"] == value


def test_a_brand_renamed_is_still_one_brand() -> None:
    """Brands are told apart by id: the same brand under its old and settled names is refused; one name in two counties is two brands."""
    brand = _brand("示例劳务产品", "610727")
    renamed = transition(
        brand, Event.NAME_SETTLED, on=D(2022, 6, 1), name_zh="示例品牌"
    )
    with pytest.raises(
        InvalidArgumentError, match=r"id='610727/示例劳务产品' twice"
    ) as info:
        targets(POLICY, [brand, renamed], on=LATE)
    assert info.value.field == "brands[1]"
    two = [_brand("示例品牌", "610727"), _brand("示例品牌", "610728")]
    assert targets(POLICY, two, on=LATE)["target_brands_total"].value == 2


def test_county_brand_counts_of_the_packaged_brands() -> None:
    """Every one of the 107 county-level units has a count; the packaged brands, cultivated, fill 22."""
    counts = county_brand_counts(POLICY, POOLED)
    assert len(counts) == 107
    assert sum(counts.values()) == 22
    assert counts["610924"] == 1
    assert counts["610727"] == 0
    with pytest.raises(TypeError):
        counts["610727"] = 1  # type: ignore[index]


def test_targets_refuse_bad_brands() -> None:
    """Not an iterable of brands, a repeated name or a non-county code is an error."""
    with pytest.raises(InvalidArgumentError, match="iterable of Brand"):
        targets(POLICY, POOLED[0], on=LATE)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="iterable of Brand"):
        targets(POLICY, 3, on=LATE)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="Expected a Brand"):
        targets(POLICY, ["紫阳修脚师"], on=LATE)  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="twice"):
        targets(POLICY, [POOLED[0], POOLED[0]], on=LATE)
    with pytest.raises(InvalidArgumentError, match="county-level unit"):
        targets(POLICY, [_brand("市级品牌", "610900")], on=LATE)
    with pytest.raises(UnknownRegionError):
        targets(POLICY, [_brand("旧代码品牌", "610928")], on=LATE)
    with pytest.raises(InvalidArgumentError, match="Expected a day"):
        targets(POLICY, POOLED, on=pendulum.datetime(2026, 1, 1))


def test_targets_table_and_explanation() -> None:
    """The report renders as rows and text in English and Chinese; a wrong language is an error."""
    report = targets(POLICY, POOLED, on=LATE)
    rows = report.table()
    assert len(rows) == 10
    assert rows[7] == {
        "check": "target_provincial",
        "target": "provincial brands",
        "status": "not_met",
        "value": 15,
        "required": 20,
        "deadline": "2025-12-31",
    }
    zh = report.table(lang="zh")
    assert zh[1]["目标"] == "一县一品牌"
    assert zh[1]["状态"] == "无法确定"  # 基本实现, with no number (2023 programme)
    assert zh[3]["目标"] == "中高端技能型劳务品牌"
    text = report.explain()
    assert text.startswith("labour-brand targets · 2026-01-21")
    assert "county-level units without enough brands (85): 610102" in text
    assert "未达到“一县一品牌”的县级单位(85个)" in report.explain(lang="zh")
    assert (
        "<td>target_provincial</td><td>provincial brands</td>" in report._repr_html_()
    )
    assert "<td></td>" in targets(POLICY, POOLED, on=D(2023, 6, 1))._repr_html_()
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
    report = targets(POLICY, POOLED, on=LATE)
    assert from_json(to_json(report), TargetsReport) == report
    check = report["target_provincial"]
    assert from_json(to_json(check), Check) == check


# --------------------------------------------------------------------- labels
def test_every_target_of_the_report_has_a_label_in_both_languages() -> None:
    """target_label names each check of the report, as the report's table does."""
    report = targets(POLICY, POOLED, on=LATE)
    for check, en, zh in zip(
        report.checks, report.table(), report.table(lang="zh"), strict=True
    ):
        assert target_label(check.check) == en["target"]
        assert target_label(check.check, lang="en") == en["target"]
        assert target_label(check.check, lang="zh") == zh["目标"]
    assert target_label("target_brands_per_county", lang="zh") == "一县一品牌"
    assert target_label("target_provincial") == "provincial brands"
    labels = {target_label(c.check) for c in report.checks}
    assert len(labels) == len(report.checks)


@pytest.mark.parametrize("name", ["target_nothing", "target_per_category", "", 3])
def test_target_label_refuses_what_is_not_a_target(name: object) -> None:
    """A name that is not a target's check id is an invalid argument naming the ids."""
    with pytest.raises(
        InvalidArgumentError, match="Expected the id of a target"
    ) as info:
        target_label(name)  # type: ignore[arg-type]
    assert info.value.field == "name"
    assert "target_brands_total" in str(info.value)


def test_target_label_refuses_other_languages() -> None:
    """Only 'en' and 'zh' are labels' languages."""
    with pytest.raises(InvalidArgumentError, match="'en' or 'zh'"):
        target_label("target_provincial", lang="fr")


def test_the_labels_are_public() -> None:
    """labourbrand.policy exports target_label, the one the report's table uses."""
    assert lb.policy.target_label is target_label
    assert "target_label" in lb.policy.__all__


# ------------------------------------------------------- one county, one brand
def test_one_county_one_brand_before_the_2023_programme_is_strict() -> None:
    """Clause 2 says 实现“一县一品牌”: before 2023-12-01 one unit short is not met."""
    county = targets(POLICY, POOLED, on=D(2023, 11, 30))["target_brands_per_county"]
    assert (county.status, county.value, county.required) == (NOT_MET, 22, 107)
    assert [
        p.value for p in county.parameters if p.name == "target_county_shortfall"
    ] == ["0"]


def test_one_county_one_brand_basically_with_a_tolerance_set() -> None:
    """A scenario that sets how many units may fall short gets met or not met."""
    loose = _overridden(target_county_shortfall=85)
    strict = _overridden(target_county_shortfall=84)
    assert targets(loose, POOLED, on=LATE)["target_brands_per_county"].status is MET
    county = targets(strict, POOLED, on=LATE)["target_brands_per_county"]
    # Four brands of unknown county could close a gap of one unit.
    assert county.status is UNKNOWN
    assert (
        targets(_overridden(target_county_shortfall=70), POOLED, on=LATE)[
            "target_brands_per_county"
        ].status
        is NOT_MET
    )


@pytest.mark.parametrize(
    ("reading", "required"),
    [("all_county_level_units", 107), ("counties_only", 76)],
)
def test_one_county_one_brand_units_under_each_reading(
    reading: str, required: int
) -> None:
    """Which units count is an interpretation; the check names the reading it used."""
    policy = Policy.shaanxi(
        entry_points=False, interpretations={"one_county_one_brand_units": reading}
    )
    county = targets(policy, POOLED, on=D(2023, 6, 1))["target_brands_per_county"]
    assert county.required == required
    assert [(u.interpretation, u.reading) for u in county.interpretations] == [
        ("shaanxi-2022-13:exited_brand_targets", "counted"),
        ("shaanxi-2022-13:one_county_one_brand_units", reading),
    ]
    assert f"one_county_one_brand_units = {reading}" in county.explain()
    assert from_json(to_json(county), Check) == county
