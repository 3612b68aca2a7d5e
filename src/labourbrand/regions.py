"""Shaanxi's administrative regions (GB/T 2260) and the jurisdictions that set amounts.

The registry holds the province, its 10 prefecture-level cities and its 107
county-level units, two functional zones without a code of their own, and the
designations of a region that a source confirms (national key county for rural
revitalisation, resource-exhausted city, …).
The data ships with the package (``labourbrand/data/*.csv``, provenance in
``labourbrand/data/SOURCES.md``) and is read on the first call of :func:`shaanxi`.

Which city-level unit sets a county's amounts is data, not code:
a county's prefecture city, except 杨陵区 610403, whose city-level unit is
杨凌示范区 (``"yangling"``), and 韩城市 610581, which has city-level powers.

Unknown is a value: a county no source names as a key county is
:attr:`Tristate.UNKNOWN`, never :attr:`Tristate.NO`.

Example:
    >>> from labourbrand.regions import Designation, shaanxi
    >>> regions = shaanxi()
    >>> regions["610924"].name_zh == "紫阳县"
    True
    >>> len(regions), len(regions.cities()), len(regions.counties())
    (118, 10, 107)
    >>> regions.jurisdiction_chain("610924")
    ('610924', '610900', '610000')
    >>> regions.jurisdiction_chain("610403")
    ('610403', 'yangling', '610000')
    >>> regions.designation("610727", Designation.NATIONAL_KEY_COUNTY)
    <Tristate.YES: 'yes'>
    >>> regions.designation("610924", Designation.NATIONAL_KEY_COUNTY)
    <Tristate.UNKNOWN: 'unknown'>

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import enum
import functools
import importlib.resources
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, NewType, TextIO, TypeVar, final

import attrs

from labourbrand.dates import parse_date
from labourbrand.exceptions import DataError, InvalidArgumentError, UnknownRegionError


if TYPE_CHECKING:
    from collections.abc import Collection


__all__ = [
    "Designation",
    "DesignationRecord",
    "JurisdictionId",
    "Level",
    "Region",
    "RegionCode",
    "RegionKind",
    "RegionRegistry",
    "Tristate",
    "Zone",
    "designations_from_csv",
    "shaanxi",
]

#: A GB/T 2260 administrative code of six digits, such as ``"610924"``.
#:
#: .. versionadded:: 0.1.0
RegionCode = NewType("RegionCode", str)

#: A unit that can set amounts: a :data:`RegionCode`, or the key of a zone
#: without a code of its own (``"yangling"``, ``"xixian"``).
#:
#: .. versionadded:: 0.1.0
JurisdictionId = NewType("JurisdictionId", str)


# ---------------------------------------------------------------------------
# Enums


class Level(enum.StrEnum):
    """Administrative level (行政级别) of a region.

    Example:
        >>> Level.COUNTY.zh
        '县级'

    .. versionadded:: 0.1.0
    """

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def zh(self) -> str:
        """Official Chinese label, e.g. ``"县级"``."""
        return _LEVEL_ZH[self]


class RegionKind(enum.StrEnum):
    """Kind of region: a GB/T 2260 unit, or a functional zone (功能区).

    Example:
        >>> RegionKind.COUNTY_CITY.zh
        '县级市'

    .. versionadded:: 0.1.0
    """

    PROVINCE = "province"
    PREFECTURE_CITY = "prefecture_city"
    DISTRICT = "district"
    COUNTY = "county"
    COUNTY_CITY = "county_city"
    ZONE = "zone"

    @property
    def zh(self) -> str:
        """Official Chinese label, e.g. ``"地级市"``."""
        return _REGION_KIND_ZH[self]


class Tristate(enum.StrEnum):
    """Yes, no, or unknown.

    Unknown is a value: where no source says, the answer is :attr:`UNKNOWN`,
    never :attr:`NO`.

    Example:
        >>> Tristate.UNKNOWN.zh
        '未知'

    .. versionadded:: 0.1.0
    """

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @property
    def zh(self) -> str:
        """Chinese label, e.g. ``"是"``."""
        return _TRISTATE_ZH[self]


class Designation(enum.StrEnum):
    """A status the state confers on a region, which some measures favour.

    Example:
        >>> Designation.NATIONAL_KEY_COUNTY.zh
        '国家乡村振兴重点帮扶县'

    .. versionadded:: 0.1.0
    """

    NATIONAL_KEY_COUNTY = "national_rural_revitalisation_key_county"
    PROVINCIAL_KEY_COUNTY = "provincial_rural_revitalisation_key_county"
    RESOURCE_EXHAUSTED_CITY = "resource_exhausted_city"
    RELOCATION_AREA = "relocation_resettlement_area"

    @property
    def zh(self) -> str:
        """Official Chinese term, e.g. ``"资源枯竭城市"``."""
        return _DESIGNATION_ZH[self]


_LEVEL_ZH: Final[Mapping[Level, str]] = {
    Level.PROVINCE: "省级",
    Level.CITY: "市级",
    Level.COUNTY: "县级",
}
_REGION_KIND_ZH: Final[Mapping[RegionKind, str]] = {
    RegionKind.PROVINCE: "省",
    RegionKind.PREFECTURE_CITY: "地级市",
    RegionKind.DISTRICT: "市辖区",
    RegionKind.COUNTY: "县",
    RegionKind.COUNTY_CITY: "县级市",
    RegionKind.ZONE: "功能区",
}
_TRISTATE_ZH: Final[Mapping[Tristate, str]] = {
    Tristate.YES: "是",
    Tristate.NO: "否",
    Tristate.UNKNOWN: "未知",
}
_DESIGNATION_ZH: Final[Mapping[Designation, str]] = {
    Designation.NATIONAL_KEY_COUNTY: "国家乡村振兴重点帮扶县",
    Designation.PROVINCIAL_KEY_COUNTY: "省级乡村振兴重点帮扶县",
    Designation.RESOURCE_EXHAUSTED_CITY: "资源枯竭城市",
    Designation.RELOCATION_AREA: "易地扶贫搬迁安置区",
}
#: The level each kind of GB/T 2260 unit has; a zone has none.
_KIND_LEVEL: Final[Mapping[RegionKind, Level]] = {
    RegionKind.PROVINCE: Level.PROVINCE,
    RegionKind.PREFECTURE_CITY: Level.CITY,
    RegionKind.DISTRICT: Level.COUNTY,
    RegionKind.COUNTY: Level.COUNTY,
    RegionKind.COUNTY_CITY: Level.COUNTY,
}
#: The level of the parent of each level.
_PARENT_LEVEL: Final[Mapping[Level, Level]] = {
    Level.CITY: Level.PROVINCE,
    Level.COUNTY: Level.CITY,
}
_DESIGNATION_RANK: Final[Mapping[Designation, int]] = {
    d: i for i, d in enumerate(Designation)
}


# ---------------------------------------------------------------------------
# Validation helpers

# re.ASCII: ``\d`` must not match full-width or other Unicode digits.
_CODE_RE: Final = re.compile(r"\d{6}", re.ASCII)
_SHAANXI_CODE_RE: Final = re.compile(r"61\d{4}", re.ASCII)
_SLUG_RE: Final = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)
_PARTIAL_DATE_RE: Final = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
_YEAR_MONTH_LEN: Final = len("2009-03")
_DAY_LEN: Final = len("2009-03-06")
_MONTHS: Final = range(1, 13)

_E = TypeVar("_E", bound=enum.StrEnum)
_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _got(name: str, value: object) -> str:
    """Return the ``name=value (type=T)`` tail of an error message."""
    return f"{name}={value!r} (type={type(value).__name__})"


_T = TypeVar("_T")


def _expect(kind: type[_T], value: object, *, name: str) -> _T:
    """Return *value* if it is a *kind*, else raise :exc:`InvalidArgumentError`.

    Typed arguments are checked at run time too: callers may not run mypy.
    """
    if isinstance(value, kind):
        return value
    msg = f"Expected a {kind.__name__} but got {_got(name, value)}"
    raise InvalidArgumentError(msg)


def _is_slug(value: object) -> bool:
    return isinstance(value, str) and _SLUG_RE.fullmatch(value) is not None


def _is_code(value: object) -> bool:
    return isinstance(value, str) and _CODE_RE.fullmatch(value) is not None


def _as_code(value: object, *, name: str = "code") -> RegionCode:
    """Return *value* as a :data:`RegionCode` or raise :exc:`InvalidArgumentError`."""
    if _is_code(value):
        return RegionCode(str(value))
    msg = f"Expected a six-digit GB/T 2260 code but got {_got(name, value)}"
    raise InvalidArgumentError(msg)


def _as_member(enum_type: type[_E], value: object, *, name: str) -> _E:
    """Return the member of *enum_type* whose value is *value*."""
    if isinstance(value, str):
        try:
            return enum_type(value)
        except ValueError:
            pass
    allowed = ", ".join(repr(m.value) for m in enum_type)
    msg = f"Expected one of {allowed} but got {_got(name, value)}"
    raise InvalidArgumentError(msg)


def _is_partial_date(text: str) -> bool:
    """Tell whether *text* is a real ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if _PARTIAL_DATE_RE.fullmatch(text) is None:
        return False
    if len(text) == _DAY_LEN:
        try:
            parse_date(text)
        except InvalidArgumentError:
            return False
    elif len(text) == _YEAR_MONTH_LEN:
        return int(text[5:]) in _MONTHS
    return True


def _check_code(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    _as_code(value, name=attribute.name)


def _check_optional_code(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        _as_code(value, name=attribute.name)


def _check_text(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected a non-empty string but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg)


def _check_optional_text(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        _check_text(instance, attribute, value)


def _check_str(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, str):
        msg = f"Expected a string but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg)


def _check_bool(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, bool):
        msg = f"Expected a bool but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg)


def _check_slug(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not _is_slug(value):
        msg = (
            "Expected a lower-case key matching [a-z][a-z0-9_]* "
            f"but got {_got(attribute.name, value)}"
        )
        raise InvalidArgumentError(msg)


def _check_partial_date(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is None or (isinstance(value, str) and _is_partial_date(value)):
        return
    msg = (
        "Expected None or a date YYYY, YYYY-MM or YYYY-MM-DD "
        f"but got {_got(attribute.name, value)}"
    )
    raise InvalidArgumentError(msg)


def _member_of(enum_type: type[enum.StrEnum]) -> _Validator:
    """Make a validator that accepts only members of *enum_type*."""

    def check(
        _instance: object, attribute: attrs.Attribute[Any], value: object
    ) -> None:
        if not isinstance(value, enum_type):
            msg = (
                f"Expected a {enum_type.__name__} but got {_got(attribute.name, value)}"
            )
            raise InvalidArgumentError(msg)

    return check


def _to_codes(value: Iterable[str]) -> tuple[RegionCode, ...]:
    """Convert an iterable of codes to a tuple, refusing a bare string."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        what = "an iterable of six-digit codes"
        msg = f"Expected {what} but got {_got('territory', value)}"
        raise InvalidArgumentError(msg)
    codes = tuple(_as_code(code, name="territory[]") for code in value)
    if len(set(codes)) != len(codes):
        msg = f"Expected each code once but got {_got('territory', codes)}"
        raise InvalidArgumentError(msg)
    return codes


# ---------------------------------------------------------------------------
# Values


@final
@attrs.frozen(kw_only=True)
class DesignationRecord:
    """One sourced statement that a region has, or has not, a :class:`Designation`.

    Example:
        >>> record = DesignationRecord(
        ...     code="610222",
        ...     designation=Designation.RESOURCE_EXHAUSTED_CITY,
        ...     status=Tristate.NO,
        ...     since=None,
        ...     source="my survey",
        ... )
        >>> record.status.zh
        '否'
        >>> DesignationRecord(  # doctest: +ELLIPSIS
        ...     code="610222",
        ...     designation=Designation.RESOURCE_EXHAUSTED_CITY,
        ...     status=Tristate.YES,
        ...     since="2009-13",
        ...     source="my survey",
        ... )
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected None or a date ...

    .. versionadded:: 0.1.0
    """

    #: The GB/T 2260 code of the region.
    code: RegionCode = attrs.field(validator=_check_code)
    #: What the region is (or is not).
    designation: Designation = attrs.field(validator=_member_of(Designation))
    #: Whether it is; the packaged records are all :attr:`Tristate.YES`.
    status: Tristate = attrs.field(validator=_member_of(Tristate))
    #: Since when, as precisely as the source gives it: ``"2021-08-27"``,
    #: ``"2009-03"`` or ``"2011"``; ``None`` if the source does not say.
    since: str | None = attrs.field(validator=_check_partial_date)
    #: Where this is stated (a document, an address).
    source: str = attrs.field(validator=_check_text)
    #: When the source was published, as precisely as known.
    source_date: str | None = attrs.field(default=None, validator=_check_partial_date)


@final
@attrs.frozen(kw_only=True)
class Region:
    """A GB/T 2260 administrative unit: the province, a city or a county-level unit.

    Args:
        code: six-digit GB/T 2260 code.
        name_zh: official Chinese name.
        name_en: English name, or ``None`` where the source gives none.
        level: administrative level; must fit *kind*.
        kind: kind of unit; never :attr:`RegionKind.ZONE` (see :class:`Zone`).
        parent: code of the unit one level up; ``None`` for a province only.
        city_level_powers: a county-level unit with city-level powers
            (韩城市 610581), which sets its own amounts.

    Raises:
        InvalidArgumentError: a field is malformed or the fields disagree.

    Example:
        >>> region = shaanxi()["610581"]
        >>> region.name_zh, region.kind.zh, region.city_level_powers
        ('韩城市', '县级市', True)
        >>> Region(  # doctest: +ELLIPSIS
        ...     code="610000",
        ...     name_zh="陕西省",
        ...     name_en="Shaanxi",
        ...     level=Level.PROVINCE,
        ...     kind=RegionKind.PROVINCE,
        ...     parent="610100",
        ... )
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected no parent ...

    .. versionadded:: 0.1.0
    """

    #: Six-digit GB/T 2260 code.
    code: RegionCode = attrs.field(validator=_check_code)
    #: Official Chinese name.
    name_zh: str = attrs.field(validator=_check_text)
    #: English name; ``None`` where the source gives none (county-level units).
    name_en: str | None = attrs.field(validator=_check_optional_text)
    #: Administrative level.
    level: Level = attrs.field(validator=_member_of(Level))
    #: Kind of unit.
    kind: RegionKind = attrs.field(validator=_member_of(RegionKind))
    #: Code of the unit one level up; ``None`` for the province.
    parent: RegionCode | None = attrs.field(validator=_check_optional_code)
    #: Whether this county-level unit holds city-level powers and so sets its
    #: own amounts (韩城市, 省内计划单列市 since 2012-05).
    city_level_powers: bool = attrs.field(default=False, validator=_check_bool)

    def __attrs_post_init__(self) -> None:
        """Check that the fields agree with each other."""
        expected = _KIND_LEVEL.get(self.kind)
        if expected is None:
            what = "the kind of a GB/T 2260 unit"
            msg = f"Expected {what} but got {_got('kind', self.kind)}"
            raise InvalidArgumentError(msg)
        if self.level is not expected:
            msg = (
                f"Expected level {expected.value!r} for kind {self.kind.value!r} "
                f"but got {_got('level', self.level)}"
            )
            raise InvalidArgumentError(msg)
        if self.level is Level.PROVINCE:
            if self.parent is not None:
                got = _got("parent", self.parent)
                msg = f"Expected no parent for a province but got {got}"
                raise InvalidArgumentError(msg)
        elif self.parent is None or self.parent == self.code:
            msg = (
                f"Expected the code of the {self.level.value}'s parent "
                f"but got {_got('parent', self.parent)}"
            )
            raise InvalidArgumentError(msg)
        if self.city_level_powers and self.level is not Level.COUNTY:
            msg = (
                "Expected city_level_powers only for a county-level unit "
                f"but got {_got('level', self.level)}"
            )
            raise InvalidArgumentError(msg)


@final
@attrs.frozen(kw_only=True)
class Zone:
    """A functional zone (功能区) without a GB/T 2260 code of its own.

    A city-level zone, such as 杨凌示范区, sets the amounts of the county-level
    units of its territory in place of their prefecture city.

    Raises:
        InvalidArgumentError: a field is malformed, or a city-level zone has
            no territory.

    Example:
        >>> zone = shaanxi().zone("yangling")
        >>> zone.territory, zone.city_level
        (('610403',), True)

    .. versionadded:: 0.1.0
    """

    #: Stable lower-case key, the zone's :data:`JurisdictionId`.
    key: JurisdictionId = attrs.field(validator=_check_slug)
    #: Official Chinese name.
    name_zh: str = attrs.field(validator=_check_text)
    #: English name.
    name_en: str = attrs.field(validator=_check_text)
    #: Codes of the county-level units it covers; empty where the source names
    #: none (西咸新区 spans parts of seven units).
    territory: tuple[RegionCode, ...] = attrs.field(converter=_to_codes)
    #: How it is administered, in the source's words.
    administered_as: str = attrs.field(validator=_check_text)
    #: Whether it acts as a city-level unit that sets its territory's amounts.
    city_level: bool = attrs.field(validator=_check_bool)
    #: Remarks from the source.
    notes: str = attrs.field(default="", validator=_check_str)

    def __attrs_post_init__(self) -> None:
        """Check that a city-level zone has a territory."""
        if self.city_level and not self.territory:
            msg = (
                "Expected the territory of a city-level zone "
                f"but got {_got('territory', self.territory)}"
            )
            raise InvalidArgumentError(msg)


# ---------------------------------------------------------------------------
# Registry


def _index_designations(
    records: Iterable[DesignationRecord],
) -> dict[tuple[RegionCode, Designation], DesignationRecord]:
    """Index records by (code, designation), refusing non-records and duplicates."""
    index: dict[tuple[RegionCode, Designation], DesignationRecord] = {}
    for item in records:
        record = _expect(DesignationRecord, item, name="record")
        key = (record.code, record.designation)
        if key in index:
            msg = (
                "Expected one record per code and designation "
                f"but got {_got('record', record)} twice"
            )
            raise InvalidArgumentError(msg)
        index[key] = record
    return index


@final
class RegionRegistry:
    """The regions of one province, its zones and their designations.

    Immutable: :meth:`with_designations` returns a new registry.
    Look regions up by code; iterate to get them in code order.

    Args:
        regions: exactly one province and its cities and county-level units.
        zones: functional zones without a code.
        designations: sourced designation records, at most one per code and
            designation.

    Raises:
        InvalidArgumentError: an item has the wrong type, a code or key is
            repeated, there is not exactly one province, a parent has the wrong
            level, or a county falls under two city-level units.
        UnknownRegionError: a parent, a zone's territory or a record names a
            code that is not among *regions*.

    Example:
        >>> regions = shaanxi()
        >>> regions.province.name_zh
        '陕西省'
        >>> [r.name_zh for r in regions.children("610200")]
        ['王益区', '印台区', '耀州区', '宜君县']

    .. versionadded:: 0.1.0
    """

    __slots__ = (
        "_by_code",
        "_children",
        "_city_level_units",
        "_city_unit",
        "_designations",
        "_name",
        "_province",
        "_zones",
    )

    _by_code: dict[RegionCode, Region]
    _children: dict[RegionCode, tuple[Region, ...]]
    _city_level_units: tuple[JurisdictionId, ...]
    _city_unit: dict[RegionCode, JurisdictionId]
    _designations: dict[tuple[RegionCode, Designation], DesignationRecord]
    _name: str
    _province: Region
    _zones: dict[JurisdictionId, Zone]

    def __init__(
        self,
        regions: Iterable[Region],
        *,
        zones: Iterable[Zone] = (),
        designations: Iterable[DesignationRecord] = (),
    ) -> None:
        """Build the registry, checking that its parts fit together."""
        by_code = self._index_regions(regions)
        province = next(r for r in by_code.values() if r.level is Level.PROVINCE)
        name = province.name_en or province.name_zh
        children: dict[RegionCode, list[Region]] = {code: [] for code in by_code}
        for region in by_code.values():
            if region.parent is not None:
                parent = by_code.get(region.parent)
                if parent is None:
                    raise UnknownRegionError(region.parent, registry=name)
                if parent.level is not _PARENT_LEVEL[region.level]:
                    msg = (
                        f"Expected the parent of {region.code} to be of level "
                        f"{_PARENT_LEVEL[region.level].value!r} "
                        f"but got {_got('parent', region.parent)}"
                    )
                    raise InvalidArgumentError(msg)
                children[parent.code].append(region)
        zone_index = self._index_zones(zones, by_code, name)
        designation_index = _index_designations(designations)
        for code, _ in designation_index:
            if code not in by_code:
                raise UnknownRegionError(code, registry=name)
        city_unit, units = self._resolve_city_units(by_code, zone_index)

        set_ = object.__setattr__
        set_(self, "_by_code", by_code)
        set_(self, "_children", {k: tuple(v) for k, v in children.items()})
        set_(self, "_city_level_units", units)
        set_(self, "_city_unit", city_unit)
        set_(
            self,
            "_designations",
            dict(
                sorted(
                    designation_index.items(),
                    key=lambda item: (item[0][0], _DESIGNATION_RANK[item[0][1]]),
                )
            ),
        )
        set_(self, "_name", name)
        set_(self, "_province", province)
        set_(self, "_zones", zone_index)

    @staticmethod
    def _index_regions(regions: Iterable[Region]) -> dict[RegionCode, Region]:
        items = [_expect(Region, item, name="region") for item in regions]
        by_code: dict[RegionCode, Region] = {}
        for region in sorted(items, key=lambda r: r.code):
            if region.code in by_code:
                got = _got("code", region.code)
                msg = f"Expected each region code once but got {got} twice"
                raise InvalidArgumentError(msg)
            by_code[region.code] = region
        provinces = [r.code for r in by_code.values() if r.level is Level.PROVINCE]
        if len(provinces) != 1:
            msg = (
                f"Expected exactly one province but got {_got('provinces', provinces)}"
            )
            raise InvalidArgumentError(msg)
        return by_code

    @staticmethod
    def _index_zones(
        zones: Iterable[Zone], by_code: Mapping[RegionCode, Region], name: str
    ) -> dict[JurisdictionId, Zone]:
        index: dict[JurisdictionId, Zone] = {}
        for item in zones:
            zone = _expect(Zone, item, name="zone")
            if zone.key in index:
                msg = (
                    f"Expected each zone key once but got {_got('key', zone.key)} twice"
                )
                raise InvalidArgumentError(msg)
            for code in zone.territory:
                region = by_code.get(code)
                if region is None:
                    raise UnknownRegionError(code, registry=name)
                if region.level is not Level.COUNTY:
                    msg = (
                        f"Expected county-level codes in the territory of {zone.key!r} "
                        f"but got {_got('code', code)}"
                    )
                    raise InvalidArgumentError(msg)
            index[zone.key] = zone
        return index

    @staticmethod
    def _city_unit_overrides(
        by_code: Mapping[RegionCode, Region], zones: Mapping[JurisdictionId, Zone]
    ) -> dict[RegionCode, JurisdictionId]:
        """Map each county that does not answer to its prefecture city to its unit."""
        overrides: dict[RegionCode, JurisdictionId] = {}
        for zone in zones.values():
            if zone.city_level:
                for code in zone.territory:
                    if code in overrides:
                        msg = (
                            "Expected each county under one city-level zone "
                            f"but got {_got('code', code)} in {overrides[code]!r} "
                            f"and {zone.key!r}"
                        )
                        raise InvalidArgumentError(msg)
                    overrides[code] = zone.key
        for region in by_code.values():
            if region.city_level_powers:
                if region.code in overrides:
                    msg = (
                        "Expected a county with city-level powers outside city-level "
                        f"zones but got {_got('code', region.code)}"
                    )
                    raise InvalidArgumentError(msg)
                overrides[region.code] = JurisdictionId(region.code)
        return overrides

    @staticmethod
    def _resolve_city_units(
        by_code: Mapping[RegionCode, Region], zones: Mapping[JurisdictionId, Zone]
    ) -> tuple[dict[RegionCode, JurisdictionId], tuple[JurisdictionId, ...]]:
        """Map each city and county to the city-level unit that sets its amounts."""
        overrides = RegionRegistry._city_unit_overrides(by_code, zones)
        city_unit: dict[RegionCode, JurisdictionId] = {}
        for region in by_code.values():
            if region.level is Level.CITY:
                city_unit[region.code] = JurisdictionId(region.code)
            elif region.parent is not None:  # a county-level unit
                city_unit[region.code] = overrides.get(
                    region.code, JurisdictionId(region.parent)
                )
        cities = [
            JurisdictionId(r.code) for r in by_code.values() if r.level is Level.CITY
        ]
        city_zones = [key for key, zone in zones.items() if zone.city_level]
        powers = [
            JurisdictionId(r.code) for r in by_code.values() if r.city_level_powers
        ]
        return city_unit, (*cities, *city_zones, *powers)

    # -- container protocol -------------------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse to change the registry.

        Raises:
            AttributeError: always.
        """
        msg = f"RegionRegistry is immutable; cannot set {name!r}"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        """Refuse to change the registry.

        Raises:
            AttributeError: always.
        """
        msg = f"RegionRegistry is immutable; cannot delete {name!r}"
        raise AttributeError(msg)

    def __repr__(self) -> str:
        """Summarise the registry.

        Example:
            >>> shaanxi()
            <RegionRegistry Shaanxi: 118 regions, 2 zones, 4 designation records>
        """
        return (
            f"<RegionRegistry {self._name}: {len(self._by_code)} regions, "
            f"{len(self._zones)} zones, {len(self._designations)} designation records>"
        )

    def __getitem__(self, code: str) -> Region:
        """Return the region with GB/T 2260 code *code*.

        Raises:
            InvalidArgumentError: *code* is not a string of six digits.
            UnknownRegionError: *code* is well formed but not in the registry.

        Example:
            >>> shaanxi()["610981"].name_zh
            '旬阳市'
            >>> shaanxi()["610928"]  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            labourbrand.exceptions.UnknownRegionError: Expected ... code='610928'
        """
        region = self.get(code)
        if region is None:
            raise UnknownRegionError(code, registry=self._name)
        return region

    def __contains__(self, item: object) -> bool:
        """Tell whether *item*, a code or a :class:`Region`, is in the registry.

        Never raises: a malformed code is simply not in the registry.

        Example:
            >>> regions = shaanxi()
            >>> "610305" in regions, "610322" in regions, 610305 in regions
            (True, False, False)
        """
        if isinstance(item, Region):
            return self._by_code.get(item.code) == item
        return _is_code(item) and item in self._by_code

    def __iter__(self) -> Iterator[Region]:
        """Iterate over the regions in code order."""
        return iter(self._by_code.values())

    def __len__(self) -> int:
        """Count the GB/T 2260 units (zones are not counted)."""
        return len(self._by_code)

    def get(self, code: str) -> Region | None:
        """Return the region with code *code*, or ``None`` if there is none.

        Raises:
            InvalidArgumentError: *code* is not a string of six digits, which is
                a bug rather than a missing region.

        Example:
            >>> shaanxi().get("610322") is None
            True
        """
        return self._by_code.get(_as_code(code))

    # -- structure ----------------------------------------------------------

    @property
    def province(self) -> Region:
        """The province.

        Example:
            >>> shaanxi().province.code
            '610000'
        """
        return self._province

    def cities(self) -> tuple[Region, ...]:
        """Return the prefecture-level cities (地级市), in code order.

        Example:
            >>> [c.name_en for c in shaanxi().cities()][:3]
            ["Xi'an", 'Tongchuan', 'Baoji']
        """
        return tuple(r for r in self._by_code.values() if r.level is Level.CITY)

    def counties(self) -> tuple[Region, ...]:
        """Return the county-level units (districts, counties, county-level cities).

        Example:
            >>> len(shaanxi().counties())
            107
        """
        return tuple(r for r in self._by_code.values() if r.level is Level.COUNTY)

    def children(self, code: str) -> tuple[Region, ...]:
        """Return the units directly under *code*, in code order.

        Raises:
            InvalidArgumentError: *code* is malformed.
            UnknownRegionError: *code* is not in the registry.

        Example:
            >>> len(shaanxi().children("610000"))
            10
        """
        return self._children[self[code].code]

    def zones(self) -> tuple[Zone, ...]:
        """Return the functional zones without a code of their own.

        Example:
            >>> [z.key for z in shaanxi().zones()]
            ['yangling', 'xixian']
        """
        return tuple(self._zones.values())

    def zone(self, key: str) -> Zone:
        """Return the zone with key *key*.

        Raises:
            InvalidArgumentError: *key* is not a lower-case key such as
                ``"yangling"``.
            UnknownRegionError: no zone has that key.

        Example:
            >>> shaanxi().zone("xixian").name_zh
            '西咸新区'
        """
        if not _is_slug(key):
            msg = (
                "Expected a lower-case zone key matching [a-z][a-z0-9_]* "
                f"but got {_got('key', key)}"
            )
            raise InvalidArgumentError(msg)
        zone = self._zones.get(JurisdictionId(key))
        if zone is None:
            raise UnknownRegionError(key, registry=self._name)
        return zone

    # -- jurisdictions ------------------------------------------------------

    def city_level_unit(self, code: str) -> JurisdictionId:
        """Return the city-level unit that sets the amounts of *code*.

        That is the county's prefecture city, except for a county in a
        city-level zone (杨陵区 → ``"yangling"``) and a county with city-level
        powers (韩城市 → itself). A city is its own city-level unit.

        Raises:
            InvalidArgumentError: *code* is malformed, or is the province's.
            UnknownRegionError: *code* is not in the registry.

        Example:
            >>> regions = shaanxi()
            >>> [regions.city_level_unit(c) for c in ("610924", "610403", "610581")]
            ['610900', 'yangling', '610581']

        .. versionadded:: 0.1.0
        """
        region = self[code]
        unit = self._city_unit.get(region.code)
        if unit is None:
            what = "the code of a city or county-level unit"
            msg = f"Expected {what} but got {_got('code', code)}"
            raise InvalidArgumentError(msg)
        return unit

    def city_level_units(self) -> tuple[JurisdictionId, ...]:
        """Return every unit that sets amounts at city level.

        The prefecture cities in code order, then the city-level zones, then
        the county-level units with city-level powers.

        Example:
            >>> shaanxi().city_level_units()[-3:]
            ('611000', 'yangling', '610581')

        .. versionadded:: 0.1.0
        """
        return self._city_level_units

    def jurisdiction_chain(self, code: str) -> tuple[JurisdictionId, ...]:
        """Return the jurisdictions over *code*, most specific first.

        The region itself, its city-level unit and the province, each once.

        Raises:
            InvalidArgumentError: *code* is malformed.
            UnknownRegionError: *code* is not in the registry.

        Example:
            >>> regions = shaanxi()
            >>> regions.jurisdiction_chain("610581")
            ('610581', '610000')
            >>> regions.jurisdiction_chain("610000")
            ('610000',)

        .. versionadded:: 0.1.0
        """
        region = self[code]
        chain = [JurisdictionId(region.code)]
        unit = self._city_unit.get(region.code)
        if unit is not None:
            chain.append(unit)
        chain.append(JurisdictionId(self._province.code))
        return tuple(dict.fromkeys(chain))

    def name_of(self, jurisdiction_id: str) -> str:
        """Return the Chinese name of a region code or zone key.

        Raises:
            InvalidArgumentError: *jurisdiction_id* is neither a six-digit
                code nor a lower-case zone key.
            UnknownRegionError: no region or zone has that id.

        Example:
            >>> regions = shaanxi()
            >>> regions.name_of("610900"), regions.name_of("yangling")
            ('安康市', '杨凌农业高新技术产业示范区')

        .. versionadded:: 0.1.0
        """
        if _is_slug(jurisdiction_id):
            return self.zone(jurisdiction_id).name_zh
        return self[jurisdiction_id].name_zh

    # -- designations -------------------------------------------------------

    def designation(self, code: str, designation: Designation) -> Tristate:
        """Tell whether the region *code* has *designation*.

        :attr:`Tristate.YES` if a record says so for *code* or, for a
        resource-exhausted city only, for the county's prefecture city;
        :attr:`Tristate.NO` if a record says it has not;
        otherwise :attr:`Tristate.UNKNOWN`, never :attr:`Tristate.NO`.

        Raises:
            InvalidArgumentError: *code* is malformed or *designation* is not
                a :class:`Designation` (or its value).
            UnknownRegionError: *code* is not in the registry.

        Example:
            >>> regions = shaanxi()
            >>> regions.designation("610222", Designation.RESOURCE_EXHAUSTED_CITY)
            <Tristate.YES: 'yes'>
            >>> regions.designation("610924", Designation.RELOCATION_AREA)
            <Tristate.UNKNOWN: 'unknown'>

        .. versionadded:: 0.1.0
        """
        region = self[code]
        wanted = _as_member(Designation, designation, name="designation")
        own = self._designations.get((region.code, wanted))
        if own is not None and own.status is Tristate.YES:
            return Tristate.YES
        # A resource-exhausted city (资源枯竭城市) covers its whole territory.
        if (
            wanted is Designation.RESOURCE_EXHAUSTED_CITY
            and region.level is Level.COUNTY
        ):
            city = self._designations.get((RegionCode(str(region.parent)), wanted))
            if city is not None and city.status is Tristate.YES:
                return Tristate.YES
        if own is not None and own.status is Tristate.NO:
            return Tristate.NO
        return Tristate.UNKNOWN

    def designation_records(
        self, code: str | None = None
    ) -> tuple[DesignationRecord, ...]:
        """Return the designation records, of every region or of *code* only.

        Records are in code order. A county's record does not include the ones
        it inherits from its city; use :meth:`designation` for the answer.

        Raises:
            InvalidArgumentError: *code* is malformed.
            UnknownRegionError: *code* is not in the registry.

        Example:
            >>> [r.code for r in shaanxi().designation_records()]
            ['610200', '610522', '610727', '610728']

        .. versionadded:: 0.1.0
        """
        if code is None:
            return tuple(self._designations.values())
        wanted = self[code].code
        return tuple(r for (c, _), r in self._designations.items() if c == wanted)

    def with_designations(self, records: Iterable[DesignationRecord]) -> RegionRegistry:
        """Return a new registry with *records* added.

        A record for the same code and designation as an existing one replaces
        it. The registry itself is unchanged, and nothing is applied if any
        record is refused.

        Raises:
            InvalidArgumentError: an item is not a :class:`DesignationRecord`,
                or two items share a code and designation.
            UnknownRegionError: a record's code is not in the registry.

        Example:
            >>> regions = shaanxi()
            >>> survey = DesignationRecord(
            ...     code="610924",
            ...     designation=Designation.NATIONAL_KEY_COUNTY,
            ...     status=Tristate.NO,
            ...     since=None,
            ...     source="my survey",
            ... )
            >>> regions.with_designations([survey]).designation(
            ...     "610924", Designation.NATIONAL_KEY_COUNTY
            ... )
            <Tristate.NO: 'no'>
            >>> regions.designation("610924", Designation.NATIONAL_KEY_COUNTY)
            <Tristate.UNKNOWN: 'unknown'>

        .. versionadded:: 0.1.0
        """
        merged = {**self._designations, **_index_designations(records)}
        return RegionRegistry(
            self._by_code.values(),
            zones=self._zones.values(),
            designations=merged.values(),
        )

    def label(self, unit: str, lang: str) -> str:
        """Return a region's or zone's name in *lang*: ``"en"`` or ``"zh"``.

        In English, the English name if the registry has one, else the
        Chinese name (:meth:`name_of`).

        Raises:
            InvalidArgumentError: *lang* is neither ``"en"`` nor ``"zh"``, or
                *unit* is neither a six-digit code nor a lower-case zone key.
            UnknownRegionError: no region or zone has that id.

        Example:
            >>> regions = shaanxi()
            >>> regions.label("610900", "en"), regions.label("610900", "zh")
            ('Ankang', '安康市')

        .. versionadded:: 0.2.0
        """
        if lang not in ("en", "zh"):
            msg = f"Expected lang 'en' or 'zh' but got lang={lang!r} (type={type(lang).__name__})"
            raise InvalidArgumentError(msg, field="lang")
        name_en = self.zone(unit).name_en if _is_slug(unit) else self[unit].name_en
        return name_en if lang == "en" and name_en else self.name_of(unit)


# ---------------------------------------------------------------------------
# CSV

_DESIGNATION_REQUIRED: Final = ("code", "designation", "source")
_DESIGNATION_OPTIONAL: Final = ("name_zh", "since", "source_date", "status")
_REGION_COLUMNS: Final = ("code", "name_zh", "name_en", "level", "parent_code", "kind")
_SPECIAL_UNIT_COLUMNS: Final = (
    "name_zh",
    "name_en",
    "kind",
    "territory_codes",
    "administered_as",
    "notes",
)
#: The keys of the zones of ``special_units.csv``: library identifiers, not
#: official codes (the zones have none).
_ZONE_KEYS: Final[Mapping[str, JurisdictionId]] = {
    "杨凌农业高新技术产业示范区": JurisdictionId("yangling"),
    "西咸新区": JurisdictionId("xixian"),
}
#: A special unit whose ``administered_as`` mentions this acts at city level.
_CITY_LEVEL_MARK: Final = "city-level"


_DESIGNATION_VALUES: Final = frozenset(d.value for d in Designation)
_TRISTATE_VALUES: Final = frozenset(t.value for t in Tristate)
_LEVEL_VALUES: Final = frozenset(v.value for v in Level)
_KIND_VALUES: Final = frozenset(k.value for k in RegionKind)


def _invalid(index: int, field: str) -> str:
    return f"invalid value for {field} @ $[{index}].{field}"


def _read_rows(
    stream: TextIO,
    source: str,
    *,
    required: Collection[str],
    optional: Collection[str] = (),
) -> list[dict[str, str]]:
    """Read a CSV with a header into rows of stripped cells, checking its shape.

    Raises:
        DataError: the CSV is malformed, a required column is missing, a column
            is unknown or repeated, or a row has more cells than the header.
    """
    reader = csv.DictReader(stream, strict=True)
    try:
        header = list(reader.fieldnames or ())
        raw = list(reader)
    except csv.Error as exc:
        # DictReader.line_num is only updated after a good row; ask its reader.
        errors = [f"malformed CSV at line {reader.reader.line_num}: {exc} @ $"]
        raise DataError(source, errors) from exc
    errors = [f"required field missing @ $[*].{c}" for c in required if c not in header]
    extra = [
        c for c in dict.fromkeys(header) if c not in required and c not in optional
    ]
    if extra:
        errors.append(f"extra fields found ({', '.join(extra)}) @ $[*]")
    errors.extend(
        f"repeated column @ $[*].{c}"
        for c in dict.fromkeys(header)
        if header.count(c) > 1
    )
    errors.extend(
        f"more cells than columns @ $[{i}]" for i, row in enumerate(raw) if None in row
    )
    if errors:
        raise DataError(source, errors)
    # DictReader gives None for missing trailing cells: those are blank.
    return [
        {k: (v or "").strip() for k, v in row.items() if k is not None} for row in raw
    ]


def _parse_designations(
    rows: Iterable[Mapping[str, str]], source: str
) -> list[tuple[int, str, DesignationRecord]]:
    """Turn rows of a designations CSV into records, reporting every bad row.

    Returns:
        For each row: its index, its ``name_zh`` cell (blank if absent) and
        its record.
    """
    errors: list[str] = []
    records: list[tuple[int, str, DesignationRecord]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        status = row.get("status", Tristate.YES.value)
        checks = {
            "code": _is_code(row["code"]),
            "designation": row["designation"] in _DESIGNATION_VALUES,
            "status": status in _TRISTATE_VALUES,
            "since": not row.get("since") or _is_partial_date(row["since"]),
            "source": bool(row["source"]),
            "source_date": not row.get("source_date")
            or _is_partial_date(row["source_date"]),
        }
        bad = [_invalid(index, field) for field, ok in checks.items() if not ok]
        key = (row["code"], row["designation"])
        if key in seen:
            bad.append(
                f"duplicate code and designation (first at $[{seen[key]}]) @ $[{index}]"
            )
        seen.setdefault(key, index)
        if bad:
            errors.extend(bad)
            continue
        record = DesignationRecord(
            code=RegionCode(row["code"]),
            designation=Designation(row["designation"]),
            status=Tristate(status),
            since=row.get("since") or None,
            source=row["source"],
            source_date=row.get("source_date") or None,
        )
        records.append((index, row.get("name_zh", ""), record))
    if errors:
        raise DataError(source, errors)
    return records


def designations_from_csv(
    source: str | os.PathLike[str] | TextIO,
) -> tuple[DesignationRecord, ...]:
    """Read designation records from a CSV file or text stream.

    The columns are those of the packaged ``designations.csv``:
    ``code``, ``designation`` and ``source`` are required;
    ``name_zh`` (for human readers, not checked), ``since`` and ``source_date``
    are optional; an optional ``status`` column holds ``yes``, ``no`` or
    ``unknown``, and every record is ``yes`` when the column is absent.
    Blank ``since`` and ``source_date`` cells mean "not given".
    Other columns are refused, so that a misspelt ``status`` column cannot
    silently turn every row into ``yes``.

    Args:
        source: a path (read as UTF-8, a byte-order mark allowed) or an open
            text stream.

    Returns:
        The records, in file order, for :meth:`RegionRegistry.with_designations`.

    Raises:
        DataError: listing every bad field at once, each as
            ``invalid value for <column> @ $[<row>].<column>``, where ``<row>``
            counts data rows from 0.
        OSError: the file cannot be read.

    Example:
        >>> import io
        >>> text = '''code,designation,status,source
        ... 610924,national_rural_revitalisation_key_county,no,my survey
        ... 610925,national_rural_revitalisation_key_county,maybe,my survey
        ... '''
        >>> designations_from_csv(io.StringIO(text))
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.DataError: <stream>: 1 invalid field
          <stream>: invalid value for status @ $[1].status

    .. versionadded:: 0.1.0
    """
    if isinstance(source, str | os.PathLike):
        name = os.fsdecode(source)
        # open() rather than Path.open(): it takes str and PathLike alike.
        with open(source, encoding="utf-8-sig", newline="") as stream:  # noqa: PTH123
            return _designations_from_stream(stream, name)
    return _designations_from_stream(source, str(getattr(source, "name", "<stream>")))


def _designations_from_stream(
    stream: TextIO, name: str
) -> tuple[DesignationRecord, ...]:
    rows = _read_rows(
        stream, name, required=_DESIGNATION_REQUIRED, optional=_DESIGNATION_OPTIONAL
    )
    return tuple(record for _, _, record in _parse_designations(rows, name))


def _parse_regions(
    rows: Iterable[Mapping[str, str]], source: str, powers: Collection[str]
) -> list[Region]:
    """Turn rows of ``regions.csv`` into regions, reporting every bad row."""
    errors: list[str] = []
    regions: list[Region] = []
    for index, row in enumerate(rows):
        checks = {
            # The packaged registry is Shaanxi's (GB/T 2260 province prefix 61).
            "code": _SHAANXI_CODE_RE.fullmatch(row["code"]) is not None,
            "level": row["level"] in _LEVEL_VALUES,
            "parent_code": not row["parent_code"] or _is_code(row["parent_code"]),
            "kind": row["kind"] in _KIND_VALUES,
        }
        bad = [_invalid(index, field) for field, ok in checks.items() if not ok]
        if bad:
            errors.extend(bad)
            continue
        try:
            region = Region(
                code=RegionCode(row["code"]),
                name_zh=row["name_zh"],
                name_en=row["name_en"] or None,
                level=Level(row["level"]),
                kind=RegionKind(row["kind"]),
                parent=RegionCode(row["parent_code"]) if row["parent_code"] else None,
                city_level_powers=row["code"] in powers,
            )
        except InvalidArgumentError as exc:
            errors.append(f"{exc} @ $[{index}]")
        else:
            regions.append(region)
    if errors:
        raise DataError(source, errors)
    return regions


def _parse_special_units(
    rows: Iterable[Mapping[str, str]], source: str
) -> tuple[list[Zone], dict[RegionCode, tuple[int, str]]]:
    """Turn rows of ``special_units.csv`` into zones and units with city-level powers.

    Returns:
        The zones, and for each county-level unit with city-level powers, by
        code, its row index and ``name_zh``.
    """
    errors: list[str] = []
    zones: list[Zone] = []
    powers: dict[RegionCode, tuple[int, str]] = {}
    for index, row in enumerate(rows):
        codes = [c.strip() for c in row["territory_codes"].split(";") if c.strip()]
        city_level = _CITY_LEVEL_MARK in row["administered_as"]
        kind = RegionKind(row["kind"]) if row["kind"] in _KIND_VALUES else None
        if kind is RegionKind.ZONE:
            key = _ZONE_KEYS.get(row["name_zh"])
            if key is None:
                errors.append(_invalid(index, "name_zh"))
                continue
            try:
                zone = Zone(
                    key=key,
                    name_zh=row["name_zh"],
                    name_en=row["name_en"],
                    territory=codes,
                    administered_as=row["administered_as"],
                    city_level=city_level,
                    notes=row["notes"],
                )
            except InvalidArgumentError as exc:
                errors.append(f"{exc} @ $[{index}]")
            else:
                zones.append(zone)
        elif kind is None or _KIND_LEVEL.get(kind) is not Level.COUNTY:
            errors.append(_invalid(index, "kind"))
        elif len(codes) != 1 or not _is_code(codes[0]):
            errors.append(_invalid(index, "territory_codes"))
        elif not city_level:
            # Special county-level units are listed for their city-level
            # powers; any other arrangement would need a rule of its own.
            errors.append(_invalid(index, "administered_as"))
        else:
            powers[RegionCode(codes[0])] = (index, row["name_zh"])
    if errors:
        raise DataError(source, errors)
    return zones, powers


def _check_names(
    registry: RegionRegistry, source: str, entries: Iterable[tuple[int, str, str]]
) -> None:
    """Check that each (row index, code, name_zh) names the registry's region.

    Names are redundant with codes, so a mismatch betrays a wrong code.
    """
    errors = [
        _invalid(index, "name_zh")
        for index, code, name in entries
        if code not in registry or registry[code].name_zh != name
    ]
    if errors:
        raise DataError(source, errors)


def _load_registry(
    *,
    regions: TextIO,
    special_units: TextIO,
    designations: TextIO,
    folder: str = "labourbrand/data",
) -> RegionRegistry:
    """Build a registry from the three CSV files of the packaged data.

    Raises:
        DataError: a file is malformed, or the files disagree.
    """
    regions_src = f"{folder}/regions.csv"
    units_src = f"{folder}/special_units.csv"
    designations_src = f"{folder}/designations.csv"
    zones, powers = _parse_special_units(
        _read_rows(special_units, units_src, required=_SPECIAL_UNIT_COLUMNS), units_src
    )
    region_list = _parse_regions(
        _read_rows(regions, regions_src, required=_REGION_COLUMNS), regions_src, powers
    )
    records = _parse_designations(
        _read_rows(
            designations,
            designations_src,
            required=(*_DESIGNATION_REQUIRED, "name_zh", "since", "source_date"),
        ),
        designations_src,
    )
    try:
        registry = RegionRegistry(
            region_list, zones=zones, designations=[r for _, _, r in records]
        )
    except (InvalidArgumentError, UnknownRegionError) as exc:
        raise DataError(folder, [f"{exc} @ $"]) from exc
    _check_names(registry, units_src, [(i, c, n) for c, (i, n) in powers.items()])
    _check_names(registry, designations_src, [(i, r.code, n) for i, n, r in records])
    return registry


def _read_data(name: str) -> TextIO:
    """Open a packaged data file as text."""
    text = (importlib.resources.files("labourbrand") / "data" / name).read_text(
        encoding="utf-8"
    )
    return io.StringIO(text)


@functools.cache
def shaanxi() -> RegionRegistry:
    """Return the registry of Shaanxi's regions, loading the packaged data once.

    Returns:
        The province, 10 prefecture-level cities and 107 county-level units
        of GB/T 2260, the zones 杨凌示范区 and 西咸新区, and the designations a
        source confirms (see ``labourbrand/data/SOURCES.md``).

    Raises:
        DataError: the packaged data is corrupt (a packaging bug).

    Example:
        >>> regions = shaanxi()
        >>> regions is shaanxi()
        True
        >>> regions.name_of("610305")
        '凤翔区'

    .. versionadded:: 0.1.0
    """
    return _load_registry(
        regions=_read_data("regions.csv"),
        special_units=_read_data("special_units.csv"),
        designations=_read_data("designations.csv"),
    )
