"""Tests for :mod:`labourbrand.regions`."""

from __future__ import annotations

import importlib.resources
import io
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs
import pendulum
import pytest

from labourbrand import regions as regions_module
from labourbrand._files import regions as region_files
from labourbrand.exceptions import DataError, InvalidArgumentError, UnknownRegionError
from labourbrand.regions import (
    Designation,
    DesignationRecord,
    JurisdictionId,
    Level,
    Region,
    RegionCode,
    RegionKind,
    RegionRegistry,
    Tristate,
    Zone,
    designations_from_csv,
    shaanxi,
)


if TYPE_CHECKING:
    from collections.abc import Callable


NATIONAL = Designation.NATIONAL_KEY_COUNTY
EXHAUSTED = Designation.RESOURCE_EXHAUSTED_CITY
#: Full-width digits, which ``\d`` would match without ``re.ASCII``.
FULLWIDTH_CODE = "".join(chr(ord(c) + 0xFEE0) for c in "610924")
FULLWIDTH_YEAR = "".join(chr(ord(c) + 0xFEE0) for c in "2011")
DESIGNATIONS_HEADER = "code,name_zh,designation,since,source,source_date"


@pytest.fixture(scope="module")
def regions() -> RegionRegistry:
    """The packaged Shaanxi registry."""
    return shaanxi()


def record(
    code: str,
    designation: Designation = NATIONAL,
    status: Tristate = Tristate.YES,
    **kwargs: str | None,
) -> DesignationRecord:
    """Build a designation record with a test source."""
    fields: dict[str, Any] = {"since": None, "source": "test"} | kwargs
    return DesignationRecord(
        code=RegionCode(code), designation=designation, status=status, **fields
    )


def region(**changes: Any) -> Region:  # noqa: ANN401 - any field value, valid or not
    """Build the county 紫阳县 with *changes* applied."""
    fields: dict[str, Any] = {
        "code": "610924",
        "name_zh": "紫阳县",
        "name_en": None,
        "level": Level.COUNTY,
        "kind": RegionKind.COUNTY,
        "parent": "610900",
    } | changes
    return Region(**fields)


def zone(**changes: Any) -> Zone:  # noqa: ANN401 - any field value, valid or not
    """Build the zone 杨凌示范区 with *changes* applied."""
    fields: dict[str, Any] = {
        "key": "yangling",
        "name_zh": "杨凌农业高新技术产业示范区",
        "name_en": "Yangling Demonstration Zone",
        "territory": ("610403",),
        "administered_as": "city-level unit under the province",
        "city_level": True,
    } | changes
    return Zone(**fields)


PROVINCE = Region(
    code=RegionCode("610000"),
    name_zh="陕西省",
    name_en="Shaanxi",
    level=Level.PROVINCE,
    kind=RegionKind.PROVINCE,
    parent=None,
)
CITY = Region(
    code=RegionCode("610900"),
    name_zh="安康市",
    name_en="Ankang",
    level=Level.CITY,
    kind=RegionKind.PREFECTURE_CITY,
    parent=RegionCode("610000"),
)
COUNTY = region()
OTHER_COUNTY = region(code="610925", name_zh="岚皋县")


def packaged(name: str) -> str:
    """Return the text of a packaged data file."""
    path = importlib.resources.files("labourbrand") / "data" / name
    return path.read_text(encoding="utf-8")


def load(
    *,
    regions: str | None = None,
    special_units: str | None = None,
    designations: str | None = None,
) -> RegionRegistry:
    """Load a registry from the packaged CSV texts, with some replaced."""
    return region_files.load_registry(
        regions=io.StringIO(regions or packaged("regions.csv")),
        special_units=io.StringIO(special_units or packaged("special_units.csv")),
        designations=io.StringIO(designations or packaged("designations.csv")),
    )


def data_errors(excinfo: pytest.ExceptionInfo[DataError]) -> list[str]:
    """Return the error lines of a raised DataError."""
    return excinfo.value.errors


# -- enums -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "zh"),
    [
        (Level.PROVINCE, "省级"),
        (Level.CITY, "市级"),
        (Level.COUNTY, "县级"),
        (RegionKind.PROVINCE, "省"),
        (RegionKind.PREFECTURE_CITY, "地级市"),
        (RegionKind.DISTRICT, "市辖区"),
        (RegionKind.COUNTY, "县"),
        (RegionKind.COUNTY_CITY, "县级市"),
        (RegionKind.ZONE, "功能区"),
        (Tristate.YES, "是"),
        (Tristate.NO, "否"),
        (Tristate.UNKNOWN, "未知"),
        (Designation.NATIONAL_KEY_COUNTY, "国家乡村振兴重点帮扶县"),
        (Designation.PROVINCIAL_KEY_COUNTY, "省级乡村振兴重点帮扶县"),
        (Designation.RESOURCE_EXHAUSTED_CITY, "资源枯竭城市"),
        (Designation.RELOCATION_AREA, "易地扶贫搬迁安置区"),
        (Designation.INDEPENDENT_MINING_AREA, "独立工矿区"),
    ],
)
def test_enum_member_has_its_chinese_label(member: Any, zh: str) -> None:  # noqa: ANN401 - a member of any of four enums
    """Each enum member's ``.zh`` is its official Chinese label."""
    assert member.zh == zh


def test_every_enum_member_is_labelled() -> None:
    """No enum member lacks a Chinese label (the table above is complete)."""
    members = [*Level, *RegionKind, *Tristate, *Designation]
    assert len(members) == 17
    assert all(m.zh for m in members)


def test_enum_values_are_the_stable_english_codes() -> None:
    """Enum values are the serialised codes the brief fixes."""
    assert [d.value for d in Designation] == [
        "national_rural_revitalisation_key_county",
        "provincial_rural_revitalisation_key_county",
        "resource_exhausted_city",
        "relocation_resettlement_area",
        "independent_industrial_mining_area",
    ]
    assert [k.value for k in RegionKind] == [
        "province",
        "prefecture_city",
        "district",
        "county",
        "county_city",
        "zone",
    ]


# -- the packaged registry ---------------------------------------------------


def test_shaanxi_is_cached(regions: RegionRegistry) -> None:
    """Every call of shaanxi() returns the same registry."""
    assert shaanxi() is regions


def test_counts_by_level(regions: RegionRegistry) -> None:
    """Shaanxi has 1 province, 10 prefecture cities and 107 county-level units."""
    assert len(regions) == 118
    assert regions.province.code == "610000"
    assert len(regions.cities()) == 10
    assert len(regions.counties()) == 107
    assert [r.level for r in regions].count(Level.PROVINCE) == 1


def test_counts_by_kind(regions: RegionRegistry) -> None:
    """The 107 county-level units are 31 districts, 69 counties, 7 county cities."""
    kinds = [r.kind for r in regions.counties()]
    assert kinds.count(RegionKind.DISTRICT) == 31
    assert kinds.count(RegionKind.COUNTY) == 69
    assert kinds.count(RegionKind.COUNTY_CITY) == 7


def test_cities_in_code_order(regions: RegionRegistry) -> None:
    """cities() lists the 10 prefecture cities by code."""
    assert [c.code for c in regions.cities()] == [
        "610100",
        "610200",
        "610300",
        "610400",
        "610500",
        "610600",
        "610700",
        "610800",
        "610900",
        "611000",
    ]
    assert all(c.kind is RegionKind.PREFECTURE_CITY for c in regions.cities())


def test_iteration_is_in_code_order(regions: RegionRegistry) -> None:
    """Iterating yields every region once, sorted by code."""
    codes = [r.code for r in regions]
    assert codes == sorted(codes)
    assert len(set(codes)) == 118
    assert codes[0] == "610000"
    assert codes[-1] == "611026"


def test_region_fields(regions: RegionRegistry) -> None:
    """A county and a city carry the data's names, level, kind and parent."""
    assert regions["610924"] == Region(
        code=RegionCode("610924"),
        name_zh="紫阳县",
        name_en=None,
        level=Level.COUNTY,
        kind=RegionKind.COUNTY,
        parent=RegionCode("610900"),
    )
    assert regions["610100"].name_en == "Xi'an"
    # regions.csv names no county-level unit in English; special_units.csv
    # names 韩城市, the one with city-level powers.
    assert {r.code: r.name_en for r in regions.counties() if r.name_en} == {
        "610581": "Hancheng"
    }


def test_2021_code_changes(regions: RegionRegistry) -> None:
    """凤翔区 610305 and 旬阳市 610981 exist; the stale 610322 and 610928 do not."""
    assert regions["610305"].name_zh == "凤翔区"
    assert regions["610305"].kind is RegionKind.DISTRICT
    assert regions["610981"].name_zh == "旬阳市"
    assert regions["610981"].kind is RegionKind.COUNTY_CITY
    for stale in ("610322", "610928"):
        with pytest.raises(UnknownRegionError) as excinfo:
            regions[stale]
        assert excinfo.value.code == stale
        assert regions.get(stale) is None


@pytest.mark.parametrize(
    "code", ["61092", 610924, "abcdef", FULLWIDTH_CODE, "6109240", None]
)
def test_malformed_code_is_an_invalid_argument(
    regions: RegionRegistry, code: object
) -> None:
    """A code that is not a string of six ASCII digits raises InvalidArgumentError."""
    text = cast("str", code)
    with pytest.raises(InvalidArgumentError, match=r"^Expected a six-digit GB/T 2260"):
        regions[text]
    with pytest.raises(InvalidArgumentError):
        regions.get(text)
    with pytest.raises(InvalidArgumentError):
        regions.jurisdiction_chain(text)
    assert text not in regions


def test_contains_codes_and_regions(regions: RegionRegistry) -> None:
    """``in`` accepts a code or a Region and never raises."""
    assert "610305" in regions
    assert "610322" not in regions
    assert regions["610924"] in regions
    assert attrs.evolve(regions["610924"], name_zh="紫阳") not in regions
    assert region(code="610928") not in regions


def test_children(regions: RegionRegistry) -> None:
    """children() lists the direct subordinates in code order."""
    assert regions.children("610000") == regions.cities()
    assert [r.name_zh for r in regions.children("610200")] == [
        "王益区",
        "印台区",
        "耀州区",
        "宜君县",
    ]
    assert regions.children("610924") == ()
    assert sum(len(regions.children(c.code)) for c in regions.cities()) == 107
    with pytest.raises(UnknownRegionError):
        regions.children("610928")


def test_only_hancheng_has_city_level_powers(regions: RegionRegistry) -> None:
    """韩城市 610581 is the only unit with city-level powers."""
    assert [r.code for r in regions if r.city_level_powers] == ["610581"]


def test_repr(regions: RegionRegistry) -> None:
    """The repr summarises the registry."""
    assert repr(regions) == (
        "<RegionRegistry Shaanxi: 118 regions, 2 zones, 4 designation records>"
    )


def test_registry_is_immutable(regions: RegionRegistry) -> None:
    """Attributes of a registry can be neither set, deleted nor added: it is a frozen attrs class."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        regions._by_code = {}  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del regions._by_code
    with pytest.raises(AttributeError):
        regions.extra = 1  # type: ignore[attr-defined]
    assert len(regions) == 118


# -- zones and jurisdictions -------------------------------------------------


def test_zones(regions: RegionRegistry) -> None:
    """杨凌 is a city-level zone over 610403; 西咸 has no code and is not city-level."""
    assert [z.key for z in regions.zones()] == ["yangling", "xixian"]
    yangling = regions.zone("yangling")
    assert yangling.territory == ("610403",)
    assert yangling.city_level is True
    assert yangling.name_zh == "杨凌农业高新技术产业示范区"
    xixian = regions.zone("xixian")
    assert xixian.territory == ()
    assert xixian.city_level is False
    assert "国函〔2014〕2号" in xixian.notes


def test_unknown_and_malformed_zone_keys(regions: RegionRegistry) -> None:
    """A well-formed unknown key is unknown; a non-key is an invalid argument."""
    with pytest.raises(UnknownRegionError):
        regions.zone("nowhere")
    for bad in ("610403", "Yangling", 5):
        with pytest.raises(InvalidArgumentError, match="zone key"):
            regions.zone(cast("str", bad))


@pytest.mark.parametrize(
    ("code", "unit", "chain"),
    [
        ("610924", "610900", ("610924", "610900", "610000")),
        ("610403", "yangling", ("610403", "yangling", "610000")),
        ("610404", "610400", ("610404", "610400", "610000")),
        ("610581", "610581", ("610581", "610000")),
        ("610582", "610500", ("610582", "610500", "610000")),
        ("610900", "610900", ("610900", "610000")),
    ],
)
def test_jurisdiction_resolution(
    regions: RegionRegistry, code: str, unit: str, chain: tuple[str, ...]
) -> None:
    """The city-level unit and the chain of jurisdictions follow the data."""
    assert regions.city_level_unit(code) == unit
    assert regions.jurisdiction_chain(code) == chain


def test_province_jurisdiction(regions: RegionRegistry) -> None:
    """The province is its own chain and has no city-level unit."""
    assert regions.jurisdiction_chain("610000") == ("610000",)
    with pytest.raises(InvalidArgumentError, match="city or county-level"):
        regions.city_level_unit("610000")


def test_every_county_resolves_to_a_city_level_unit(regions: RegionRegistry) -> None:
    """Each county's city-level unit is one of the 12 city-level units."""
    units = regions.city_level_units()
    assert units == (
        "610100",
        "610200",
        "610300",
        "610400",
        "610500",
        "610600",
        "610700",
        "610800",
        "610900",
        "611000",
        "yangling",
        "610581",
    )
    resolved = {regions.city_level_unit(c.code) for c in regions.counties()}
    assert resolved == set(units)


def test_name_of(regions: RegionRegistry) -> None:
    """name_of() names codes and zone keys, and rejects anything else."""
    assert regions.name_of("610900") == "安康市"
    assert regions.name_of("yangling") == "杨凌农业高新技术产业示范区"
    assert regions.name_of(JurisdictionId("xixian")) == "西咸新区"
    with pytest.raises(UnknownRegionError):
        regions.name_of("nowhere")
    with pytest.raises(UnknownRegionError):
        regions.name_of("610928")
    for bad in ("61092", "Yangling", 610900):
        with pytest.raises(InvalidArgumentError):
            regions.name_of(cast("str", bad))


# -- designations ------------------------------------------------------------


def test_confirmed_national_key_counties(regions: RegionRegistry) -> None:
    """略阳县 and 镇巴县 are national key counties, confirmed by name."""
    assert regions.designation("610727", NATIONAL) is Tristate.YES
    assert regions.designation("610728", NATIONAL) is Tristate.YES


def test_unconfirmed_county_is_unknown_not_no(regions: RegionRegistry) -> None:
    """A county no source names is UNKNOWN, never NO."""
    assert regions.designation("610924", NATIONAL) is Tristate.UNKNOWN
    assert regions.designation("610924", Designation.PROVINCIAL_KEY_COUNTY) is (
        Tristate.UNKNOWN
    )
    assert regions.designation("610924", Designation.RELOCATION_AREA) is (
        Tristate.UNKNOWN
    )


def test_no_region_is_known_as_an_independent_mining_area(
    regions: RegionRegistry,
) -> None:
    """Clause 3.2's 独立工矿区: no packaged source names one, so every region is UNKNOWN, never NO."""
    assert {
        regions.designation(region.code, Designation.INDEPENDENT_MINING_AREA)
        for region in regions
    } == {Tristate.UNKNOWN}
    assert not [
        r
        for r in regions.designation_records()
        if r.designation is Designation.INDEPENDENT_MINING_AREA
    ]
    # A user who has a source records it like any designation, from a CSV too.
    text = "code,designation,source,status\n610924,independent_industrial_mining_area,my survey,no\n"
    (survey,) = designations_from_csv(io.StringIO(text))
    assert regions.with_designations([survey]).designation(
        "610924", Designation.INDEPENDENT_MINING_AREA
    ) is (Tristate.NO)


def test_resource_exhausted_city_covers_its_counties(regions: RegionRegistry) -> None:
    """铜川 is resource-exhausted, and so are its counties; 潼关 is in its own right."""
    assert regions.designation("610200", EXHAUSTED) is Tristate.YES
    assert regions.designation("610222", EXHAUSTED) is Tristate.YES
    assert regions.designation("610522", EXHAUSTED) is Tristate.YES
    assert regions.designation("610500", EXHAUSTED) is Tristate.UNKNOWN
    assert regions.designation("610523", EXHAUSTED) is Tristate.UNKNOWN
    assert regions.designation("610000", EXHAUSTED) is Tristate.UNKNOWN


def test_only_resource_exhaustion_is_inherited(regions: RegionRegistry) -> None:
    """A city's key-county record does not pass to its counties."""
    updated = regions.with_designations([record("610200", NATIONAL)])
    assert updated.designation("610200", NATIONAL) is Tristate.YES
    assert updated.designation("610222", NATIONAL) is Tristate.UNKNOWN


def test_designation_accepts_the_enum_value(regions: RegionRegistry) -> None:
    """A designation may be given by its string value; other values are refused."""
    value = cast("Designation", "resource_exhausted_city")
    assert regions.designation("610222", value) is Tristate.YES
    for bad in ("exhausted", 3):
        with pytest.raises(InvalidArgumentError, match="designation="):
            regions.designation("610222", cast("Designation", bad))
    with pytest.raises(UnknownRegionError):
        regions.designation("610928", NATIONAL)


def test_packaged_designation_records(regions: RegionRegistry) -> None:
    """The packaged records are the four sourced ones, all YES, each with a source."""
    records = regions.designation_records()
    assert [(r.code, r.designation, r.since) for r in records] == [
        ("610200", EXHAUSTED, "2009-03"),
        ("610522", EXHAUSTED, "2011"),
        ("610727", NATIONAL, "2021-08-27"),
        ("610728", NATIONAL, "2021-08-27"),
    ]
    assert all(r.status is Tristate.YES for r in records)
    assert all(r.source.strip() for r in records)
    assert records[0].source_date == "2009-03-06"
    assert regions.designation_records("610727") == (records[2],)
    assert regions.designation_records("610924") == ()
    with pytest.raises(InvalidArgumentError):
        regions.designation_records("6107")


def test_with_designations_adds_without_touching_the_original(
    regions: RegionRegistry,
) -> None:
    """Adding a record yields a new registry; the original still says UNKNOWN."""
    new = record("610924", NATIONAL, Tristate.NO, source="county survey 2025")
    updated = regions.with_designations([new])
    assert updated is not regions
    assert updated.designation("610924", NATIONAL) is Tristate.NO
    assert regions.designation("610924", NATIONAL) is Tristate.UNKNOWN
    assert len(updated.designation_records()) == 5
    assert len(regions.designation_records()) == 4
    assert updated.designation_records("610924") == (new,)
    assert len(updated) == 118
    assert updated.city_level_unit("610403") == "yangling"


def test_with_designations_corrects_a_packaged_record(regions: RegionRegistry) -> None:
    """A record for the same code and designation replaces the packaged one."""
    correction = record("610727", NATIONAL, Tristate.NO, source="later notice")
    updated = regions.with_designations([correction])
    assert updated.designation("610727", NATIONAL) is Tristate.NO
    assert updated.designation_records("610727") == (correction,)
    assert len(updated.designation_records()) == 4
    assert regions.designation("610727", NATIONAL) is Tristate.YES


def test_explicit_records_decide_the_answer(regions: RegionRegistry) -> None:
    """Explicit NO and UNKNOWN records are answered as such; a city's NO is not inherited."""
    updated = regions.with_designations(
        [
            record("610924", NATIONAL, Tristate.UNKNOWN),
            record("610900", EXHAUSTED, Tristate.NO),
            record("610222", EXHAUSTED, Tristate.NO),
        ]
    )
    assert updated.designation("610924", NATIONAL) is Tristate.UNKNOWN
    assert updated.designation("610900", EXHAUSTED) is Tristate.NO
    assert updated.designation("610921", EXHAUSTED) is Tristate.UNKNOWN
    # The city's YES covers its whole territory, as the brief specifies.
    assert updated.designation("610222", EXHAUSTED) is Tristate.YES


def test_with_designations_rejects_unknown_codes_atomically(
    regions: RegionRegistry,
) -> None:
    """A batch with an unknown code raises and applies none of its records."""
    batch = [record("610924", NATIONAL), record("610928", NATIONAL)]
    with pytest.raises(UnknownRegionError) as excinfo:
        regions.with_designations(batch)
    assert excinfo.value.code == "610928"
    assert regions.designation("610924", NATIONAL) is Tristate.UNKNOWN
    assert len(regions.designation_records()) == 4


def test_with_designations_rejects_duplicates_and_non_records(
    regions: RegionRegistry,
) -> None:
    """Two records for one code and designation, or a non-record, are refused."""
    with pytest.raises(InvalidArgumentError, match="one record per code"):
        regions.with_designations([record("610924"), record("610924", source="b")])
    with pytest.raises(InvalidArgumentError, match="Expected a DesignationRecord"):
        regions.with_designations([cast("DesignationRecord", ("610924", "yes"))])
    assert len(regions.designation_records()) == 4


# -- designations_from_csv ---------------------------------------------------


GOOD_CSV = f"""{DESIGNATIONS_HEADER},status
610924,紫阳县,national_rural_revitalisation_key_county,,county survey,2025-06,no
610925,岚皋县,provincial_rural_revitalisation_key_county,2021,provincial list,,yes
610222,宜君县,resource_exhausted_city,2009-03,State Council,2009-03-06,unknown
"""


def test_designations_from_csv_reads_a_stream(regions: RegionRegistry) -> None:
    """A good CSV with a status column gives the records in file order."""
    records = designations_from_csv(io.StringIO(GOOD_CSV))
    assert records == (
        record(
            "610924",
            NATIONAL,
            Tristate.NO,
            source="county survey",
            source_date="2025-06",
        ),
        record(
            "610925",
            Designation.PROVINCIAL_KEY_COUNTY,
            Tristate.YES,
            since="2021",
            source="provincial list",
        ),
        record(
            "610222",
            EXHAUSTED,
            Tristate.UNKNOWN,
            since="2009-03",
            source="State Council",
            source_date="2009-03-06",
        ),
    )
    updated = regions.with_designations(records)
    assert updated.designation("610924", NATIONAL) is Tristate.NO
    assert updated.designation("610925", Designation.PROVINCIAL_KEY_COUNTY) is (
        Tristate.YES
    )


def test_designations_from_csv_defaults_status_to_yes() -> None:
    """Without a status column every record is YES; missing trailing cells are blank."""
    text = "code,designation,source,since\n610924,relocation_resettlement_area,notice\n"
    (only,) = designations_from_csv(io.StringIO(text))
    assert only == record(
        "610924", Designation.RELOCATION_AREA, Tristate.YES, source="notice"
    )


def test_designations_from_csv_reads_paths(tmp_path: Path) -> None:
    """A path, given as Path or str and with a byte-order mark, is read as UTF-8."""
    path = tmp_path / "mine.csv"
    path.write_text(GOOD_CSV, encoding="utf-8-sig")
    from_path = designations_from_csv(path)
    assert from_path == designations_from_csv(str(path))
    assert [r.code for r in from_path] == ["610924", "610925", "610222"]
    with path.open(encoding="utf-8-sig", newline="") as stream:
        assert designations_from_csv(stream) == from_path
    with pytest.raises(FileNotFoundError):
        designations_from_csv(tmp_path / "missing.csv")


def test_designations_from_csv_reports_every_bad_row() -> None:
    """All bad fields of all rows are reported at once, with their paths."""
    text = f"""{DESIGNATIONS_HEADER},status
610924,紫阳县,national_rural_revitalisation_key_county,2021-08-27,src,2022-05,no
61092,,national_rural_revitalisation_key_county,,src,,yes
610925,,key_county,2021-13,,2022-02-30,yes
610926,,resource_exhausted_city,,src,,maybe
610924,,national_rural_revitalisation_key_county,,src,,unknown
610927,,resource_exhausted_city,,src,,
"""
    with pytest.raises(DataError) as excinfo:
        designations_from_csv(io.StringIO(text))
    assert excinfo.value.source == "<stream>"
    assert data_errors(excinfo) == [
        "invalid value for code @ $[1].code",
        "invalid value for designation @ $[2].designation",
        "invalid value for since @ $[2].since",
        "invalid value for source @ $[2].source",
        "invalid value for source_date @ $[2].source_date",
        "invalid value for status @ $[3].status",
        "duplicate code and designation (first at $[0]) @ $[4]",
        "invalid value for status @ $[5].status",
    ]
    assert str(excinfo.value).startswith("<stream>: 8 invalid fields\n")


def test_designations_from_csv_names_the_file(tmp_path: Path) -> None:
    """A DataError from a file names the file as its source."""
    path = tmp_path / "bad.csv"
    path.write_text("code,designation,source\n610924,nope,src\n", encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        designations_from_csv(path)
    assert excinfo.value.source == str(path)
    assert data_errors(excinfo) == ["invalid value for designation @ $[0].designation"]


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            "code,designation\n610924,resource_exhausted_city\n",
            ["required field missing @ $[*].source"],
        ),
        (
            "",
            [
                "required field missing @ $[*].code",
                "required field missing @ $[*].designation",
                "required field missing @ $[*].source",
            ],
        ),
        (
            "code,designation,source,staus\n610924,resource_exhausted_city,src,no\n",
            ["extra fields found (staus) @ $[*]"],
        ),
        (
            "code,designation,source,source\n610924,resource_exhausted_city,a,b\n",
            ["repeated column @ $[*].source"],
        ),
        (
            (
                "code,designation,source\n610924,resource_exhausted_city,src\n"
                "610925,resource_exhausted_city,src,extra\n"
            ),
            ["more cells than columns @ $[1]"],
        ),
    ],
)
def test_designations_from_csv_checks_the_columns(text: str, errors: list[str]) -> None:
    """Missing, unknown and repeated columns and overlong rows are data errors."""
    with pytest.raises(DataError) as excinfo:
        designations_from_csv(io.StringIO(text))
    assert data_errors(excinfo) == errors


def test_designations_from_csv_rejects_malformed_csv() -> None:
    """Broken quoting is reported with its line."""
    text = 'code,designation,source\n610924,"resource_exhausted_city"x,src\n'
    with pytest.raises(DataError) as excinfo:
        designations_from_csv(io.StringIO(text))
    (error,) = data_errors(excinfo)
    assert error.startswith("Expected CSV but got a syntax error at line 2: ")
    assert error.endswith(" @ $")
    assert isinstance(excinfo.value.__cause__, Exception)


# -- value classes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"code": "61092"},
            "Expected a six-digit GB/T 2260 code but got code='61092' (type=str)",
        ),
        (
            {"code": 610924},
            "Expected a six-digit GB/T 2260 code but got code=610924 (type=int)",
        ),
        (
            {"name_zh": " "},
            "Expected non-empty text but got name_zh=' ' (type=str)",
        ),
        ({"name_en": ""}, "Expected non-empty text but got name_en='' (type=str)"),
        ({"level": "county"}, "Expected a Level but got level='county' (type=str)"),
        (
            {"kind": RegionKind.ZONE},
            "Expected the kind of a GB/T 2260 unit but got kind=",
        ),
        (
            {"level": Level.CITY},
            "Expected level 'county' for kind 'county' but got level=",
        ),
        (
            {"parent": None},
            "Expected the code of the county's parent but got parent=None",
        ),
        ({"parent": "610924"}, "Expected the code of the county's parent"),
        (
            {"parent": "6109"},
            "Expected a six-digit GB/T 2260 code but got parent='6109'",
        ),
        (
            {"city_level_powers": 1},
            "Expected a bool but got city_level_powers=1 (type=int)",
        ),
        (
            {
                "code": "610900",
                "level": Level.CITY,
                "kind": RegionKind.PREFECTURE_CITY,
                "parent": "610000",
                "city_level_powers": True,
            },
            "Expected city_level_powers only for a county-level unit but got level=",
        ),
        (
            {"level": Level.PROVINCE, "kind": RegionKind.PROVINCE},
            "Expected no parent for a province but got parent='610900' (type=str)",
        ),
    ],
)
def test_region_validation(changes: dict[str, object], message: str) -> None:
    """Malformed or inconsistent regions are invalid arguments with a precise message."""
    with pytest.raises(InvalidArgumentError) as excinfo:
        region(**changes)
    assert str(excinfo.value).startswith(message)


def test_valid_regions() -> None:
    """Well-formed regions of every level are accepted."""
    assert PROVINCE.parent is None
    assert CITY.parent == "610000"
    hancheng = region(
        code="610581",
        name_zh="韩城市",
        kind=RegionKind.COUNTY_CITY,
        parent="610500",
        city_level_powers=True,
    )
    assert hancheng.city_level_powers is True


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"key": "Yangling"},
            "Expected a lower-case key matching [a-z][a-z0-9_]* but got key=",
        ),
        ({"key": "610403"}, "Expected a lower-case key"),
        (
            {"territory": "610403"},
            "Expected an iterable of six-digit codes but got territory=",
        ),
        ({"territory": 610403}, "Expected an iterable of six-digit codes"),
        (
            {"territory": ["6104"]},
            "Expected a six-digit GB/T 2260 code but got territory[]='6104'",
        ),
        (
            {"territory": ["610403", "610403"]},
            "Expected each code once but got territory=",
        ),
        (
            {"territory": ()},
            "Expected the territory of a city-level zone but got territory=()",
        ),
        ({"notes": None}, "Expected a str but got notes=None (type=NoneType)"),
        ({"city_level": "yes"}, "Expected a bool but got city_level='yes' (type=str)"),
        ({"name_en": ""}, "Expected non-empty text but got name_en=''"),
    ],
)
def test_zone_validation(changes: dict[str, object], message: str) -> None:
    """Malformed zones are invalid arguments with a precise message."""
    with pytest.raises(InvalidArgumentError) as excinfo:
        zone(**changes)
    assert str(excinfo.value).startswith(message)


def test_zone_territory_is_a_tuple() -> None:
    """A zone's territory becomes a tuple; a zone that is not city-level may have none."""
    assert zone(territory=["610403"]).territory == ("610403",)
    xixian = zone(key="xixian", territory=(), city_level=False)
    assert xixian.territory == ()
    assert xixian.notes == ""


@pytest.mark.parametrize("since", ["2011", "2009-03", "2021-08-27", None])
def test_record_accepts_partial_dates(since: str | None) -> None:
    """since may be a year, a month, a day, or None."""
    assert record("610924", since=since, source_date=since).since == since


@pytest.mark.parametrize(
    "since",
    [
        "2009-13",
        "2009-00",
        "2022-02-30",
        "20",
        "2021/08/27",
        "2021-8-27",
        FULLWIDTH_YEAR,
    ],
)
def test_record_rejects_bad_dates(since: str) -> None:
    """since and source_date must be real partial ISO dates."""
    with pytest.raises(InvalidArgumentError, match="since="):
        record("610924", since=since)
    with pytest.raises(InvalidArgumentError, match="source_date="):
        record("610924", source_date=since)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "6109"}, "Expected a six-digit GB/T 2260 code but got code='6109'"),
        ({"designation": "resource_exhausted_city"}, "Expected a Designation but got"),
        ({"status": "yes"}, "Expected a Tristate but got status='yes' (type=str)"),
        (
            {"since": 2011},
            "Expected None or a date YYYY, YYYY-MM or YYYY-MM-DD but got since=2011",
        ),
        ({"source": ""}, "Expected non-empty text but got source=''"),
    ],
)
def test_record_validation(changes: dict[str, object], message: str) -> None:
    """Malformed designation records are invalid arguments with a precise message."""
    fields: dict[str, object] = {
        "code": "610924",
        "designation": NATIONAL,
        "status": Tristate.YES,
        "since": None,
        "source": "test",
    } | changes
    with pytest.raises(InvalidArgumentError) as excinfo:
        DesignationRecord(**fields)  # type: ignore[arg-type]
    assert str(excinfo.value).startswith(message)


# -- building a registry -----------------------------------------------------


def test_small_registry() -> None:
    """A registry of three regions resolves and names them."""
    small = RegionRegistry([COUNTY, PROVINCE, CITY])
    assert [r.code for r in small] == ["610000", "610900", "610924"]
    assert small.jurisdiction_chain("610924") == ("610924", "610900", "610000")
    assert small.city_level_units() == ("610900",)
    assert small.zones() == ()
    assert small.designation_records() == ()
    assert (
        repr(small)
        == "<RegionRegistry Shaanxi: 3 regions, 0 zones, 0 designation records>"
    )


def test_registry_name_falls_back_to_chinese() -> None:
    """Without an English name the province's Chinese name names the registry."""
    small = RegionRegistry([attrs.evolve(PROVINCE, name_en=None), CITY])
    assert repr(small).startswith("<RegionRegistry 陕西省: 2 regions")
    with pytest.raises(UnknownRegionError, match="陕西省"):
        small["610924"]


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: RegionRegistry([PROVINCE, cast("Region", "610900")]),
            InvalidArgumentError,
            "Expected a Region but got region='610900' (type=str)",
        ),
        (
            lambda: RegionRegistry([PROVINCE, CITY, CITY]),
            InvalidArgumentError,
            "Expected each region code once but got code='610900'",
        ),
        (
            lambda: RegionRegistry([CITY]),
            InvalidArgumentError,
            "Expected exactly one province but got provinces=[]",
        ),
        (
            lambda: RegionRegistry(
                [PROVINCE, attrs.evolve(PROVINCE, code=RegionCode("620000"))]
            ),
            InvalidArgumentError,
            "Expected exactly one province but got provinces=['610000', '620000']",
        ),
        (
            lambda: RegionRegistry([PROVINCE, COUNTY]),
            UnknownRegionError,
            "Expected a region code of the Shaanxi registry but got code='610900'",
        ),
        (
            lambda: RegionRegistry([PROVINCE, region(parent="610000")]),
            InvalidArgumentError,
            "Expected the parent of 610924 to be of level 'city' but got parent='610000'",
        ),
        (
            lambda: RegionRegistry(
                [PROVINCE, CITY, COUNTY], zones=[cast("Zone", "yangling")]
            ),
            InvalidArgumentError,
            "Expected a Zone but got zone='yangling'",
        ),
        (
            lambda: RegionRegistry(
                [PROVINCE, CITY, COUNTY],
                zones=[zone(territory=["610924"]), zone(territory=["610924"])],
            ),
            InvalidArgumentError,
            "Expected each zone key once but got key='yangling'",
        ),
        (
            lambda: RegionRegistry([PROVINCE, CITY, COUNTY], zones=[zone()]),
            UnknownRegionError,
            "Expected a region code of the Shaanxi registry but got code='610403'",
        ),
        (
            lambda: RegionRegistry(
                [PROVINCE, CITY, COUNTY], zones=[zone(territory=["610900"])]
            ),
            InvalidArgumentError,
            "Expected county-level codes in the territory of 'yangling' but got code='610900'",
        ),
        (
            lambda: RegionRegistry(
                [PROVINCE, CITY, COUNTY],
                zones=[
                    zone(territory=["610924"]),
                    zone(key="other", territory=["610924"]),
                ],
            ),
            InvalidArgumentError,
            "Expected each county under one city-level zone but got code='610924'",
        ),
        (
            lambda: RegionRegistry(
                [PROVINCE, CITY, region(city_level_powers=True)],
                zones=[zone(territory=["610924"])],
            ),
            InvalidArgumentError,
            "Expected a county with city-level powers outside city-level zones",
        ),
        (
            lambda: RegionRegistry([PROVINCE, CITY], designations=[record("610924")]),
            UnknownRegionError,
            "Expected a region code of the Shaanxi registry but got code='610924'",
        ),
        (
            lambda: RegionRegistry(
                [PROVINCE, CITY, COUNTY],
                designations=[record("610924"), record("610924")],
            ),
            InvalidArgumentError,
            "Expected one record per code and designation",
        ),
    ],
)
def test_registry_validation(
    build: Callable[[], RegionRegistry], error: type[Exception], message: str
) -> None:
    """A registry whose parts do not fit together is refused with a precise message."""
    with pytest.raises(error) as excinfo:
        build()
    assert str(excinfo.value).startswith(message)


def test_registry_resolves_zones_and_powers() -> None:
    """A non-city-level zone changes nothing; city-level zones and powers do."""
    registry = RegionRegistry(
        [
            PROVINCE,
            CITY,
            COUNTY,
            OTHER_COUNTY,
            region(code="610926", name_zh="平利县", city_level_powers=True),
        ],
        zones=[
            zone(key="west", territory=["610924"]),
            zone(key="loose", territory=["610924", "610925"], city_level=False),
        ],
    )
    assert registry.city_level_unit("610924") == "west"
    assert registry.city_level_unit("610925") == "610900"
    assert registry.city_level_unit("610926") == "610926"
    assert registry.city_level_units() == ("610900", "west", "610926")
    assert registry.name_of("loose") == "杨凌农业高新技术产业示范区"


# -- loading the packaged data -----------------------------------------------


def test_packaged_files_load_through_the_loader() -> None:
    """The packaged CSVs load into the same registry as shaanxi()."""
    loaded = load()
    assert list(loaded) == list(shaanxi())
    assert loaded.zones() == shaanxi().zones()
    assert loaded.designation_records() == shaanxi().designation_records()


def test_packaged_data_keeps_its_provenance() -> None:
    """The packaged designations keep their source columns and SOURCES.md the facts."""
    header = packaged("designations.csv").splitlines()[0]
    assert header == DESIGNATIONS_HEADER
    sources = packaged("SOURCES.md")
    for fact in (
        "610305",
        "610981",
        "modood/Administrative-divisions-of-China",
        "**11**",
    ):
        assert fact in sources


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_loader_reports_bad_region_rows() -> None:
    """Bad rows of regions.csv are reported together, by row and column."""
    text = packaged("regions.csv")
    text = _replace(text, "610100,西安市,Xi'an,city", "620100,西安市,Xi'an,town")
    text = _replace(
        text,
        "610200,铜川市,Tongchuan,city,610000,prefecture_city",
        "610200,铜川市,Tongchuan,city,6100,metropolis",
    )
    text = _replace(text, "610924,紫阳县,", "610924,,")
    with pytest.raises(DataError) as excinfo:
        load(regions=text)
    assert excinfo.value.source == "labourbrand/data/regions.csv"
    assert data_errors(excinfo) == [
        "invalid value for code @ $[1].code",
        "invalid value for level @ $[1].level",
        "invalid value for parent_code @ $[2].parent_code",
        "invalid value for kind @ $[2].kind",
        "Expected non-empty text but got name_zh='' (type=str) @ $[105]",
    ]


def test_loader_reports_bad_special_units() -> None:
    """Bad rows of special_units.csv are reported together, by row and column."""
    header = "name_zh,name_en,kind,territory_codes,administered_as,notes\n"
    text = header + (
        "某新区,Some Zone,zone,,national-level new area,\n"
        "杨凌农业高新技术产业示范区,Yangling,zone,,city-level unit under the province,\n"
        "某市,Some City,prefecture_city,610100,city-level,\n"
        "某地,Somewhere,borough,610100,city-level,\n"
        "韩城市,Hancheng,county_city,610581;610582,city-level powers,\n"
        "华阴市,Huayin,county_city,610582,county-level city,\n"
    )
    with pytest.raises(DataError) as excinfo:
        load(special_units=text)
    assert excinfo.value.source == "labourbrand/data/special_units.csv"
    assert data_errors(excinfo) == [
        "invalid value for name_zh @ $[0].name_zh",
        (
            "Expected the territory of a city-level zone but got territory=() "
            "(type=tuple) @ $[1]"
        ),
        "invalid value for kind @ $[2].kind",
        "invalid value for kind @ $[3].kind",
        "invalid value for territory_codes @ $[4].territory_codes",
        "invalid value for administered_as @ $[5].administered_as",
    ]


def test_loader_checks_names_against_codes() -> None:
    """A special unit or designation whose name does not match its code is refused."""
    units = _replace(packaged("special_units.csv"), "韩城市,Hancheng", "韩城,Hancheng")
    with pytest.raises(DataError) as excinfo:
        load(special_units=units)
    assert data_errors(excinfo) == ["invalid value for name_zh @ $[1].name_zh"]

    designations = _replace(
        packaged("designations.csv"), "610728,镇巴县", "610728,略阳县"
    )
    with pytest.raises(DataError) as excinfo:
        load(designations=designations)
    assert excinfo.value.source == "labourbrand/data/designations.csv"
    assert data_errors(excinfo) == ["invalid value for name_zh @ $[1].name_zh"]


def test_loader_checks_english_names_of_special_units() -> None:
    """regions.csv and special_units.csv may not give 韩城市 two English names."""
    same = _replace(
        packaged("regions.csv"), "610581,韩城市,,", "610581,韩城市,Hancheng,"
    )
    assert load(regions=same)["610581"].name_en == "Hancheng"
    other = _replace(packaged("regions.csv"), "610581,韩城市,,", "610581,韩城市,Han,")
    with pytest.raises(DataError) as excinfo:
        load(regions=other)
    assert excinfo.value.source == "labourbrand/data/regions.csv"
    assert data_errors(excinfo) == ["invalid value for name_en @ $[63].name_en"]
    nameless = _replace(packaged("special_units.csv"), "韩城市,Hancheng", "韩城市,")
    assert load(special_units=nameless)["610581"].name_en is None


def test_loader_reports_inconsistent_files() -> None:
    """Files that parse but do not fit together raise a DataError for the folder."""
    units = _replace(packaged("special_units.csv"), ",610403,", ",610499,")
    with pytest.raises(DataError) as excinfo:
        load(special_units=units)
    assert excinfo.value.source == "labourbrand/data"
    assert data_errors(excinfo) == [
        "Expected a region code of the Shaanxi registry but got code='610499' @ $"
    ]
    assert isinstance(excinfo.value.__cause__, UnknownRegionError)

    units = _replace(packaged("special_units.csv"), ",610581,", ",610599,")
    with pytest.raises(DataError) as excinfo:
        load(special_units=units)
    assert data_errors(excinfo) == ["invalid value for name_zh @ $[1].name_zh"]


def test_import_stays_light() -> None:
    """Importing the module pulls in no heavy dependency and reads no data."""
    script = (
        "import sys, labourbrand.regions as r\n"
        "heavy = {'cattrs', 'pluggy', 'numpy', 'pandas', 'hypothesis'} & set(sys.modules)\n"
        "print(sorted(heavy), r.shaanxi.cache_info().currsize)\n"
    )
    src = Path(regions_module.__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src)},
    )
    assert result.stdout.strip() == "[] 0"


def test_reading_the_packaged_data_loads_no_converter() -> None:
    """The packaged regions, brands and clauses are read without cattrs (see labourbrand._files)."""
    script = (
        "import sys\n"
        "from labourbrand import brands, regions\n"
        "from labourbrand.policy import _clause_files as clauses, _parameter_files as parameters\n"
        "regions.shaanxi(); brands.packaged(); brands.reported()\n"
        "clauses.read_packaged(); parameters.read_packaged()\n"
        "print('cattrs' in sys.modules, 'labourbrand.serialization' in sys.modules)\n"
    )
    src = Path(regions_module.__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src)},
    )
    assert result.stdout.split() == ["False", "False"]


# ------------------------------------------------- city-level units: assumptions
def test_city_level_units_are_assumptions_that_can_be_switched_off() -> None:
    """杨凌示范区 and 韩城市 acting at city level are inferences; without them their counties answer to the prefecture."""
    regions = shaanxi()
    assert regions.city_level_unit("610403") == "yangling"
    assert regions.city_level_unit("610581") == "610581"
    plain = regions.without_city_level("yangling", "610581")
    assert plain.city_level_unit("610403") == "610400"
    assert plain.city_level_unit("610581") == "610500"
    assert "yangling" not in plain.city_level_units()
    assert "610581" not in plain.city_level_units()
    assert len(plain.city_level_units()) == 10
    only_hancheng = regions.without_city_level("610581")
    assert only_hancheng.city_level_unit("610403") == "yangling"
    assert regions.city_level_unit("610581") == "610581"  # unchanged


@pytest.mark.parametrize("unit", ["610924", "610500", "xixian", "nope", 610581])
def test_only_a_city_level_zone_or_a_county_with_powers_can_be_switched_off(
    unit: object,
) -> None:
    with pytest.raises(InvalidArgumentError, match="yangling, 610581") as info:
        shaanxi().without_city_level("yangling", unit)  # type: ignore[arg-type]
    assert info.value.field == "units[1]"


def test_without_hancheng_at_city_level_its_own_rule_is_refused() -> None:
    """A 韩城 rule for the employment award is a city-level rule only while 韩城 acts at city level."""
    from labourbrand import Fen, hookimpl
    from labourbrand.exceptions import PluginError
    from labourbrand.policy import Policy
    from labourbrand.rules import Flat, Rule

    class Hancheng:
        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            return [
                Rule(
                    measure="employment_award",
                    jurisdiction="610581",
                    first_day=pendulum.Date(2022, 5, 1),
                    formula=Flat(Fen.from_yuan(100_000)),
                    reference="illustrative",
                    illustrative=True,
                )
            ]

    Policy.shaanxi(plugins=[Hancheng()], entry_points=False)
    with pytest.raises(PluginError, match=r"'Hancheng'.*jurisdiction='610581'"):
        Policy.shaanxi(
            plugins=[Hancheng()],
            entry_points=False,
            regions=shaanxi().without_city_level("610581"),
        )


def test_designations_from_a_file_are_utf8_with_an_optional_bom(tmp_path: Path) -> None:
    """A corrections file is UTF-8, a BOM dropped; other bytes are one DataError with the offset."""
    path = tmp_path / "corrections.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_CSV.encode())
    assert designations_from_csv(path) == designations_from_csv(io.StringIO(GOOD_CSV))
    path.write_bytes(GOOD_CSV.encode("gbk"))
    with pytest.raises(DataError) as info:
        designations_from_csv(path)
    assert info.value.source == str(path)
    (error,) = info.value.errors
    assert error.startswith("Expected UTF-8 text but got the byte 0x")
    assert error.endswith(" @ $")


def test_a_stream_of_other_bytes_is_a_clean_error() -> None:
    """A text stream whose bytes are not UTF-8 is a DataError, not a UnicodeDecodeError."""
    stream = io.TextIOWrapper(io.BytesIO(GOOD_CSV.encode("gbk")), encoding="utf-8")
    with pytest.raises(
        DataError, match=r"Expected UTF-8 text but got the byte 0x.. \(invalid"
    ):
        designations_from_csv(stream)


@pytest.mark.parametrize(
    ("cell", "error"),
    [
        (
            "county\x00survey",
            (
                "Expected text without control characters (tab and line breaks "
                "allowed) or lone surrogates but got source='county\\x00survey' "
                "(type=str) @ $[0].source"
            ),
        ),
        (
            "\u200b",
            "Expected non-empty text but got source='\\u200b' (type=str) @ $[0].source",
        ),
    ],
)
def test_a_cell_the_record_refuses_is_named_with_its_row(cell: str, error: str) -> None:
    """A cell the record's own check refuses is reported with its row, with the check's words."""
    text = GOOD_CSV.replace("county survey", cell)
    with pytest.raises(DataError) as info:
        designations_from_csv(io.StringIO(text))
    assert info.value.errors == [error]


def test_partial_dates_are_plausible_years() -> None:
    """A since or source date before 1949 or after 2100 is refused."""
    text = GOOD_CSV.replace("2025-06", "2101-06").replace(",2021,", ",1900,")
    with pytest.raises(DataError) as info:
        designations_from_csv(io.StringIO(text))
    assert info.value.errors == [
        "invalid value for source_date @ $[0].source_date",
        "invalid value for since @ $[1].since",
    ]
