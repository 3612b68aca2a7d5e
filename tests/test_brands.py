from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labourbrand import brands
from labourbrand._files import brands as brand_files
from labourbrand._model import (
    AuditRecord,
    Authority,
    Brand,
    Category,
    CreatingUnit,
    CreatingUnitKind,
    Event,
    Maturity,
    PlaceBasis,
    Recognition,
    RecognitionLevel,
    Stage,
    WorkforceObservation,
)
from labourbrand.exceptions import DataError, InvalidArgumentError
from labourbrand.serialization import from_json, to_json
from labourbrand.testing import strategies as lbst


D = pendulum.Date


def _obs(on: pendulum.Date, signed: int = 5) -> WorkforceObservation:
    return WorkforceObservation(on=on, practitioners=10, rural=8, rural_signed=signed)


FLAGSHIPS = ["紫阳修脚师", "西岐名吃", "蓝田厨师", "旬阳建工", "武功绣娘"]


def test_packaged_brands_match_the_source_file() -> None:
    """All 26 real brands load, with the five flagship brands of clause 2 nationally known, not recognised."""
    all_brands = brands.packaged()
    assert len(all_brands) == 26
    known = [b.name_zh for b in all_brands if b.nationally_known]
    assert known == FLAGSHIPS
    assert all(b.nationally_known is None for b in all_brands if b.name_zh not in known)
    assert not any(
        r.level is RecognitionLevel.NATIONAL for b in all_brands for r in b.recognitions
    )
    provincial = [
        b
        for b in all_brands
        if b.recognitions and b.recognitions[0].level is RecognitionLevel.PROVINCIAL
    ]
    assert len(provincial) == 16
    assert all(b.source for b in all_brands)


def test_unknown_facts_stay_unknown() -> None:
    """No source gives categories or head counts, so they are None, not guessed."""
    for brand in brands.packaged():
        assert brand.category is None
        assert brand.creating_unit is None
        assert brand.workforce == ()
        assert brand.stage is Stage.DISCOVERED
    weinan = brands.by_name("渭南铁路工匠师")
    assert weinan.county is None
    assert weinan.place_basis is PlaceBasis.INFERRED_FROM_BRAND_NAME


def test_by_name() -> None:
    """Packaged brands are found by Chinese name; an unknown name is our error."""
    assert brands.by_name("旬阳建工").county == "610981"  # the 2021 code of 旬阳市
    with pytest.raises(InvalidArgumentError, match="name_zh='不存在'"):
        brands.by_name("不存在")


def test_the_flagship_brands_place_basis() -> None:
    """Four flagship counties are inferred from the brand's name; 西岐名吃's (岐山县) is stated in its source."""
    for name in FLAGSHIPS:
        brand = brands.by_name(name)
        assert brand.source is not None
        assert brand.source.startswith("shaanxi-2022-13.zh.txt clause 2")
        if name == "西岐名吃":
            assert (brand.county, brand.place_basis) == (
                "610323",
                PlaceBasis.STATED_IN_SOURCE,
            )
            assert "sxcxldjy.com" in brand.source
        else:
            assert brand.place_basis is PlaceBasis.INFERRED_FROM_BRAND_NAME


def test_the_2025_batch_counts_from_2025_12_06() -> None:
    """The 15 brands of the 2025 notice, issued by 2025-12-06, are provincial from that day."""
    batch = [
        b
        for b in brands.packaged()
        if b.recognitions and b.recognitions[0].year == 2025
    ]
    assert len(batch) == 15
    for brand in batch:
        (recognition,) = brand.recognitions
        assert recognition.on_or_before == D(2025, 12, 6)
        assert "slrbs.com 2025-12-06" in (recognition.source or "")
        assert brand.recognition_level(D(2025, 12, 5)) is None
        assert brand.recognition_level(D(2025, 12, 6)) is RecognitionLevel.PROVINCIAL


def test_year_only_recognition_counts_from_next_year() -> None:
    """A recognition known only by year is held from the next 1 January."""
    recognition = Recognition(level=RecognitionLevel.PROVINCIAL, year=2025)
    brand = Brand(name_zh="x", recognitions=[recognition])
    assert brand.recognition_level(D(2025, 12, 31)) is None
    assert brand.recognition_level(D(2026, 1, 1)) is RecognitionLevel.PROVINCIAL
    assert recognition.held(D(2025, 12, 31)) is False


def test_an_undated_recognition_is_unknown_to_held_and_held_to_held_on() -> None:
    """With neither day nor year, held() says unknown and held_on() keeps counting it held."""
    zhashui = brands.by_name("柞水耳农")
    (recognition,) = zhashui.recognitions
    assert (recognition.on, recognition.year, recognition.on_or_before) == (
        None,
        None,
        None,
    )
    assert recognition.held(D(2022, 5, 1)) is None
    assert recognition.held_on(D(2022, 5, 1)) is True


def test_on_or_before_checks() -> None:
    """A bound is not given with a day, nor before the recognition's year."""
    with pytest.raises(InvalidArgumentError, match="on_or_before=None") as info:
        Recognition(
            level=RecognitionLevel.CITY, on=D(2023, 1, 1), on_or_before=D(2023, 2, 1)
        )
    assert info.value.field == "on_or_before"
    with pytest.raises(InvalidArgumentError, match=r"Expected year <= 2023") as info:
        Recognition(level=RecognitionLevel.CITY, year=2024, on_or_before=D(2023, 2, 1))
    assert info.value.field == "year"
    with pytest.raises(InvalidArgumentError, match=r"a datetime is an instant") as info:
        Recognition(
            level=RecognitionLevel.CITY,
            on_or_before=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
        )
    assert info.value.field == "on_or_before"
    # A bound in the year after the recognition's year: held from whichever comes first.
    late = Recognition(
        level=RecognitionLevel.CITY, year=2023, on_or_before=D(2024, 3, 1)
    )
    assert (late.held(D(2023, 12, 31)), late.held(D(2024, 1, 1))) == (False, True)


def test_nationally_known_is_a_flag() -> None:
    """Being nationally known is True, False or None (unknown), nothing else."""
    assert Brand(name_zh="x").nationally_known is None
    with pytest.raises(InvalidArgumentError, match="nationally_known") as info:
        Brand(name_zh="x", nationally_known=1)  # type: ignore[arg-type]
    assert info.value.field == "nationally_known"


def test_highest_recognition_wins() -> None:
    """The highest level held on a day is reported."""
    brand = Brand(
        name_zh="x",
        recognitions=[
            Recognition(level=RecognitionLevel.CITY, on=D(2022, 1, 1)),
            Recognition(level=RecognitionLevel.PROVINCIAL, on=D(2024, 1, 1)),
        ],
    )
    assert brand.recognition_level(D(2023, 1, 1)) is RecognitionLevel.CITY
    assert brand.recognition_level(D(2024, 1, 1)) is RecognitionLevel.PROVINCIAL


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"practitioners": 5, "rural": 6, "rural_signed": 0}, "rural"),
        ({"practitioners": 9, "rural": 6, "rural_signed": 7}, "rural_signed"),
        (
            {
                "practitioners": 9,
                "rural": 6,
                "rural_signed": 1,
                "poverty_alleviated": 7,
            },
            "poverty_alleviated",
        ),
        (
            {"practitioners": 9, "rural": 6, "rural_signed": 1, "rural_low_income": 7},
            "rural_low_income",
        ),
        ({"practitioners": -1, "rural": 0, "rural_signed": 0}, "practitioners"),
        ({"practitioners": 1.0, "rural": 0, "rural_signed": 0}, "practitioners"),
    ],
)
def test_workforce_counts_nest(kwargs: dict[str, object], field: str) -> None:
    """Head counts are ints >= 0 and nest; the error names the field."""
    with pytest.raises(InvalidArgumentError) as info:
        WorkforceObservation(on=D(2023, 1, 1), **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    "on",
    [
        None,
        "2023-1-1",
        dt.datetime(2023, 1, 1, 9),  # noqa: DTZ001 - a naive datetime is refused too
        20230101,
    ],
)
def test_days_are_required_dates(on: object) -> None:
    """A workforce observation or an audit record needs its day, and refuses what is no day."""
    with pytest.raises(InvalidArgumentError, match=r"Expected a day") as info:
        WorkforceObservation(on=on, practitioners=1, rural=1, rural_signed=1)  # type: ignore[arg-type]
    assert info.value.field == "on"
    with pytest.raises(InvalidArgumentError, match=r"Expected a day") as info:
        AuditRecord(
            on=on,  # type: ignore[arg-type]
            event=Event.MONITOR,
            from_stage=Stage.IN_POOL,
            to_stage=Stage.IN_POOL,
            by=Authority.COUNTY_HRSS,
            basis="3.4",
        )
    assert info.value.field == "on"
    # A recognition's day may be unknown.
    assert Recognition(level=RecognitionLevel.CITY, year=2022).on is None


def test_workforce_in_date_order() -> None:
    """Observations must be strictly increasing in date."""
    with pytest.raises(InvalidArgumentError, match="increasing"):
        Brand(name_zh="x", workforce=[_obs(D(2023, 2, 1)), _obs(D(2023, 1, 1))])
    with pytest.raises(InvalidArgumentError, match="increasing"):
        Brand(name_zh="x", workforce=[_obs(D(2023, 2, 1)), _obs(D(2023, 2, 1))])


def test_workforce_on_picks_latest_before() -> None:
    """The observation in force on a day is the latest made on or before it."""
    brand = Brand(
        name_zh="x", workforce=[_obs(D(2023, 1, 1), 1), _obs(D(2024, 1, 1), 2)]
    )
    assert brand.workforce_on(D(2022, 12, 31)) is None
    assert brand.workforce_on(D(2023, 1, 1)).rural_signed == 1  # type: ignore[union-attr]
    assert brand.workforce_on(D(2030, 1, 1)).rural_signed == 2  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name_zh": " "}, "name_zh"),
        ({"name_zh": "x", "county": "6109"}, "county"),
        ({"name_zh": "x", "category": "skilled"}, "category"),
        ({"name_zh": "x", "stage": "in_pool"}, "stage"),
        ({"name_zh": "x", "creating_unit": "协会"}, "creating_unit"),
    ],
)
def test_brand_fields_are_checked(kwargs: dict[str, object], field: str) -> None:
    """Brand fields accept only their own types; the error names the field."""
    with pytest.raises(InvalidArgumentError) as info:
        Brand(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_audit_trail_must_be_continuous() -> None:
    """A hand-made trail must chain stages and dates and end at the brand's stage."""
    rec1 = AuditRecord(
        on=D(2023, 1, 2), event=Event.ESTABLISH, from_stage=Stage.DISCOVERED,
        to_stage=Stage.CULTIVATING, by=Authority.COUNTY_HRSS, basis="3.1",
    )  # fmt: skip
    rec0 = AuditRecord(
        on=D(2023, 1, 1), event=Event.RECOMMEND_BY_COUNTY, from_stage=Stage.CULTIVATING,
        to_stage=Stage.RECOMMENDED_BY_COUNTY, by=Authority.COUNTY_HRSS, basis="3.3",
    )  # fmt: skip
    with pytest.raises(InvalidArgumentError, match="continuous"):
        Brand(name_zh="x", stage=Stage.RECOMMENDED_BY_COUNTY, history=[rec1, rec0])
    with pytest.raises(InvalidArgumentError, match="the audit trail reaches"):
        Brand(name_zh="x", stage=Stage.IN_POOL, history=[rec1])
    with pytest.raises(
        InvalidArgumentError, match="starting from stage 'discovered'"
    ) as info:
        Brand(name_zh="x", history=[rec0])
    assert info.value.field == "history[0].from_stage"
    assert Brand(name_zh="x", stage=Stage.CULTIVATING, history=[rec1]).history == (
        rec1,
    )
    assert Brand(name_zh="x", history=[rec1]).stage is Stage.CULTIVATING


@pytest.mark.parametrize("stage", [s for s in Stage if s is not Stage.DISCOVERED])
def test_a_stage_cannot_be_set_by_hand(stage: Stage) -> None:
    """Issue 11: a stage the history does not reach is refused, naming the import route."""
    with pytest.raises(InvalidArgumentError, match=r"lifecycle\.import_record") as info:
        Brand(name_zh="紫阳修脚师", county="610924", stage=stage)
    assert info.value.field == "stage"


@pytest.mark.parametrize(
    "variant",
    [
        "紫阳修脚师 ",
        " 紫阳修脚师",
        "紫阳\u200b修脚师",
        "\ufeff紫阳修脚师",
        "紫阳修脚师\u3000",
    ],
)
def test_the_default_id_is_the_same_for_variants_of_a_name(variant: str) -> None:
    """Issue 11: a trailing space, a zero-width space or a full-width space is the same brand."""
    plain = Brand(name_zh="紫阳修脚师", county="610924")
    assert Brand(name_zh=variant, county="610924").id == plain.id == "610924/紫阳修脚师"


def test_full_width_letters_fold_into_the_same_id() -> None:
    assert Brand(name_zh="ＡＢ厨师").id == Brand(name_zh="AB厨师").id == "-/AB厨师"


@pytest.mark.parametrize("bad", ["", " x", "x ", "a\u200bb", "\uff21\uff22", 7])
def test_a_given_id_must_be_normalised_text(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match="Expected a brand id") as info:
        Brand(name_zh="x", id=bad)  # type: ignore[arg-type]
    assert info.value.field == "id"


def test_a_given_id_is_kept_through_changes() -> None:
    brand = Brand(name_zh="x", county="610924", id="AK-2022-017")
    assert attrs.evolve(brand, county="610902").id == "AK-2022-017"


def test_recognition_year_checks() -> None:
    """A recognition's year is plausible and agrees with its day."""
    with pytest.raises(InvalidArgumentError, match="between 1949 and 2100"):
        Recognition(level=RecognitionLevel.CITY, year=20)
    with pytest.raises(InvalidArgumentError, match="match"):
        Recognition(level=RecognitionLevel.CITY, on=D(2023, 1, 1), year=2022)
    with pytest.raises(InvalidArgumentError, match=r"Expected a day"):
        Recognition(level=RecognitionLevel.CITY, on="2023-1-1")
    assert Recognition(level=RecognitionLevel.COUNTY).held_on(D(1990, 1, 1))


def test_every_enum_member_has_a_chinese_label() -> None:
    """Each category, maturity, unit kind, level and basis has a Chinese label."""
    for enum_cls in (
        Category,
        Maturity,
        CreatingUnitKind,
        RecognitionLevel,
        PlaceBasis,
    ):
        for member in enum_cls:
            assert member.zh.strip()
    assert [c.zh for c in Category] == [
        "中高端技能型",
        "高品质服务型",
        "文化和旅游类",
        "民生保障型",
    ]
    assert len(CreatingUnitKind) == 7
    assert CreatingUnitKind.OTHER.value == "other"
    assert [lvl.rank for lvl in RecognitionLevel] == [1, 2, 3, 4]
    assert CreatingUnit(kind=CreatingUnitKind.CHAMBER_OF_COMMERCE).kind.zh == "商会"  # type: ignore[union-attr]


def test_damaged_brand_file_is_reported_row_by_row() -> None:
    """Every bad row of a brand file is reported with its index."""
    text = (
        "name_zh,county_code,level,year,place_basis,source\n"
        "甲,6109,,,,s\n"
        "乙,610924,galactic,,,s\n"
        "丙,610924,city,2022,stated_in_source,s\n"
    )
    with pytest.raises(DataError) as info:
        brand_files.read_brands(text, "b.csv")
    assert [e.rsplit(" @ ", 1)[1] for e in info.value.errors] == ["$[0]", "$[1]"]
    assert "county='6109'" in info.value.errors[0]
    assert "level='galactic'" in info.value.errors[1]


def test_brand_file_optional_columns() -> None:
    """nationally_known and recognised_by are read, and their bad cells reported row by row."""
    text = (
        "name_zh,county_code,level,year,place_basis,source,nationally_known,recognised_by\n"
        "甲,610924,,,,s,yes,\n"
        "乙,610924,provincial,2025,,s,no,2025-12-06\n"
        "丙,610924,,,,s,maybe,\n"
        "丁,610924,,,,s,,2025-12-06\n"
        "戊,610924,city,,,s,,2025-02-30\n"
        "己,610924,national_known,,seed_text,s,,\n"
    )
    with pytest.raises(DataError) as info:
        brand_files.read_brands(text, "b.csv")
    assert [e.rsplit(" @ ", 1)[1] for e in info.value.errors] == [
        "$[2]",
        "$[3]",
        "$[4]",
        "$[5]",
    ]
    assert "nationally_known='maybe'" in info.value.errors[0]
    assert "level=''" in info.value.errors[1]
    assert "recognised_by='2025-02-30'" in info.value.errors[2]
    assert "level='national_known'" in info.value.errors[3]
    good = brand_files.read_brands("\n".join(text.splitlines()[:3]) + "\n", "b.csv")
    assert [b.nationally_known for b in good] == [True, False]
    assert good[1].recognitions[0].on_or_before == D(2025, 12, 6)


def test_damaged_figures_file_is_reported_cell_by_cell() -> None:
    """Every blank cell and every value that is not a whole number is reported with its path."""
    text = (
        "as_of,metric,value,source\n"
        "2025-12,labour_brands_total,158,s\n"
        "2026-01,,12,s\n"
        "2026-02,labour_brands_total,1.5,s\n"
    )
    with pytest.raises(DataError) as info:
        brand_files.read_figures(text, "p.csv")
    assert info.value.errors == [
        "invalid value for metric @ $[1].metric",
        "invalid value for value @ $[2].value",
    ]


def test_brand_file_needs_its_columns() -> None:
    """A brand file without the columns of brands.csv is refused before any row is read."""
    with pytest.raises(DataError) as info:
        brand_files.read_brands("name_zh,county\n甲,610924\n", "b.csv")
    assert info.value.source == "b.csv"
    assert "required field missing @ $[*].county_code" in info.value.errors
    assert "extra fields found (county) @ $[*]" in info.value.errors


def test_reported_figures_match_the_source_file() -> None:
    """The reported outcomes ship with their sources: 158 brands by 2025-12."""
    totals = brands.reported("labour_brands_total")
    assert [(f.as_of, f.value) for f in totals] == [
        ("2025-12", 158),
        ("2026-01-21", 168),
    ]
    assert all(f.source for f in brands.reported())
    assert len(brands.reported()) == 9


@pytest.mark.parametrize(
    "values",
    [
        lbst.audit_records(),
        lbst.workforce_observations(),
        lbst.brands(),
        lbst.recognitions(),
        st.builds(CreatingUnit),
    ],
    ids=["AuditRecord", "WorkforceObservation", "Brand", "Recognition", "CreatingUnit"],
)
@given(data=st.data())
def test_every_field_refuses_a_value_of_no_type_of_its_own(
    values: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    """Each field of each record refuses a bare object (in a tuple, for a tuple field), naming the field."""
    value = data.draw(values)
    for field in attrs.fields(type(value)):
        bad = (object(),) if field.converter is not None else object()
        with pytest.raises(InvalidArgumentError) as info:
            attrs.evolve(value, **{field.name: bad})
        assert info.value.field == field.name


def test_counts_not_given_are_unknown_not_zero() -> None:
    """A record that omits the poverty-alleviated or rural low-income workers reads them as None."""
    observed = WorkforceObservation(
        on="2023-06-30", practitioners=900, rural=800, rural_signed=520
    )
    assert observed.poverty_alleviated is None
    assert observed.rural_low_income is None
    text = (
        '{"name_zh": "紫阳修脚师", "workforce": [{"on": "2023-06-30", '
        '"practitioners": 900, "rural": 800, "rural_signed": 520, '
        '"rural_low_income": 0}]}'
    )
    (read,) = from_json(text, Brand).workforce
    assert read.poverty_alleviated is None
    assert read.rural_low_income == 0
    assert from_json(to_json(read), WorkforceObservation) == read
    with pytest.raises(InvalidArgumentError, match="poverty_alleviated <= rural"):
        attrs.evolve(observed, poverty_alleviated=801)
