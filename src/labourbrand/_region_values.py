"""The values of the region registry: codes, levels, kinds, designations, regions, zones (private).

Re-exported by :mod:`labourbrand.regions`, their public home.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, NewType, TypeVar, final

import attrs

from labourbrand import _validators as check
from labourbrand._validators import (
    got,
    is_code,
    is_partial_date,
    refusal,
)
from labourbrand.exceptions import InvalidArgumentError


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

    Clause 3.2 names the areas its livelihood brands serve: "资源枯竭城市、
    独立工矿区等就业压力较大,以及国家乡村振兴重点帮扶县、易地扶贫搬迁安置区等…
    地区"; clause 4.1 adds the provincial key counties. A region's designation
    is unknown unless a record says (:meth:`RegionRegistry.designation
    <labourbrand.regions.RegionRegistry.designation>`).

    Example:
        >>> Designation.NATIONAL_KEY_COUNTY.zh
        '国家乡村振兴重点帮扶县'
        >>> Designation.INDEPENDENT_MINING_AREA.zh
        '独立工矿区'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       :attr:`INDEPENDENT_MINING_AREA` added; no packaged record names one.
    """

    NATIONAL_KEY_COUNTY = "national_rural_revitalisation_key_county"
    PROVINCIAL_KEY_COUNTY = "provincial_rural_revitalisation_key_county"
    RESOURCE_EXHAUSTED_CITY = "resource_exhausted_city"
    RELOCATION_AREA = "relocation_resettlement_area"
    #: An independent industrial and mining area (独立工矿区), clause 3.2. No
    #: packaged source names one in Shaanxi: unknown for every region until a
    #: record says (:meth:`RegionRegistry.with_designations
    #: <labourbrand.regions.RegionRegistry.with_designations>`).
    INDEPENDENT_MINING_AREA = "independent_industrial_mining_area"

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
    Designation.INDEPENDENT_MINING_AREA: "独立工矿区",
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
PARENT_LEVEL: Final[Mapping[Level, Level]] = {
    Level.CITY: Level.PROVINCE,
    Level.COUNTY: Level.CITY,
}
DESIGNATION_RANK: Final[Mapping[Designation, int]] = {
    d: i for i, d in enumerate(Designation)
}


# ---------------------------------------------------------------------------
# Validation helpers

# re.ASCII: ``\d`` must not match full-width or other Unicode digits.
_SLUG_RE: Final = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)
_SLUG: Final = "a lower-case key matching [a-z][a-z0-9_]*"

_E = TypeVar("_E", bound=enum.StrEnum)


def is_slug(value: object) -> bool:
    return isinstance(value, str) and _SLUG_RE.fullmatch(value) is not None


def as_code(value: object, *, name: str = "code") -> RegionCode:
    """Return *value* as a :data:`RegionCode` or raise :exc:`InvalidArgumentError`."""
    if is_code(value):
        return RegionCode(str(value))
    what = "a six-digit GB/T 2260 code"
    raise refusal(what, name, value)


def as_member(enum_type: type[_E], value: object, *, name: str) -> _E:
    """Return the member of *enum_type* whose value is *value*."""
    if isinstance(value, str):
        try:
            return enum_type(value)
        except ValueError:
            pass
    what = f"one of {', '.join(repr(m.value) for m in enum_type)}"
    raise refusal(what, name, value)


def _check_partial_date(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None and not is_partial_date(value):
        what = "None or a date YYYY, YYYY-MM or YYYY-MM-DD"
        raise refusal(what, attribute.name, value)


def _to_codes(value: Iterable[str]) -> tuple[RegionCode, ...]:
    """Convert an iterable of codes to a tuple, refusing a bare string."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        what = "an iterable of six-digit codes"
        msg = f"Expected {what} but got {got('territory', value)}"
        raise InvalidArgumentError(msg)
    codes = tuple(as_code(code, name="territory[]") for code in value)
    if len(set(codes)) != len(codes):
        msg = f"Expected each code once but got {got('territory', codes)}"
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
    code: RegionCode = attrs.field(validator=check.code)
    #: What the region is (or is not).
    designation: Designation = attrs.field(validator=check.instance_of(Designation))
    #: Whether it is; the packaged records are all :attr:`Tristate.YES`.
    status: Tristate = attrs.field(validator=check.instance_of(Tristate))
    #: Since when, as precisely as the source gives it: ``"2021-08-27"``,
    #: ``"2009-03"`` or ``"2011"``; ``None`` if the source does not say.
    since: str | None = attrs.field(validator=_check_partial_date)
    #: Where this is stated (a document, an address).
    source: str = attrs.field(validator=check.text)
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
        >>> from labourbrand.regions import shaanxi
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
    code: RegionCode = attrs.field(validator=check.code)
    #: Official Chinese name.
    name_zh: str = attrs.field(validator=check.text)
    #: English name; ``None`` where the source gives none (county-level units).
    name_en: str | None = attrs.field(validator=check.optional(check.text))
    #: Administrative level.
    level: Level = attrs.field(validator=check.instance_of(Level))
    #: Kind of unit.
    kind: RegionKind = attrs.field(validator=check.instance_of(RegionKind))
    #: Code of the unit one level up; ``None`` for the province.
    parent: RegionCode | None = attrs.field(validator=check.optional(check.code))
    #: Whether this county-level unit holds city-level powers and so sets its
    #: own amounts (韩城市, 省内计划单列市 since 2012-05).
    city_level_powers: bool = attrs.field(default=False, validator=check.flag)

    def __attrs_post_init__(self) -> None:
        """Check that the fields agree with each other."""
        expected = _KIND_LEVEL.get(self.kind)
        if expected is None:
            what = "the kind of a GB/T 2260 unit"
            msg = f"Expected {what} but got {got('kind', self.kind)}"
            raise InvalidArgumentError(msg)
        if self.level is not expected:
            msg = (
                f"Expected level {expected.value!r} for kind {self.kind.value!r} "
                f"but got {got('level', self.level)}"
            )
            raise InvalidArgumentError(msg)
        if self.level is Level.PROVINCE:
            if self.parent is not None:
                shown = got("parent", self.parent)
                msg = f"Expected no parent for a province but got {shown}"
                raise InvalidArgumentError(msg)
        elif self.parent is None or self.parent == self.code:
            msg = (
                f"Expected the code of the {self.level.value}'s parent "
                f"but got {got('parent', self.parent)}"
            )
            raise InvalidArgumentError(msg)
        if self.city_level_powers and self.level is not Level.COUNTY:
            msg = (
                "Expected city_level_powers only for a county-level unit "
                f"but got {got('level', self.level)}"
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
        >>> from labourbrand.regions import shaanxi
        >>> zone = shaanxi().zone("yangling")
        >>> zone.territory, zone.city_level
        (('610403',), True)

    .. versionadded:: 0.1.0
    """

    #: Stable lower-case key, the zone's :data:`JurisdictionId`.
    key: JurisdictionId = attrs.field(validator=check.matches(_SLUG_RE, _SLUG))
    #: Official Chinese name.
    name_zh: str = attrs.field(validator=check.text)
    #: English name.
    name_en: str = attrs.field(validator=check.text)
    #: Codes of the county-level units it covers; empty where the source names
    #: none (西咸新区 spans parts of seven units).
    territory: tuple[RegionCode, ...] = attrs.field(converter=_to_codes)
    #: How it is administered, in the source's words.
    administered_as: str = attrs.field(validator=check.text)
    #: Whether it acts as a city-level unit that sets its territory's amounts.
    city_level: bool = attrs.field(validator=check.flag)
    #: Remarks from the source.
    notes: str = attrs.field(default="", validator=check.instance_of(str))

    def __attrs_post_init__(self) -> None:
        """Check that a city-level zone has a territory."""
        if self.city_level and not self.territory:
            msg = (
                "Expected the territory of a city-level zone "
                f"but got {got('territory', self.territory)}"
            )
            raise InvalidArgumentError(msg)


# Their public home is labourbrand.regions: documentation tools, pickles and
# reprs name them there.
for _value in (
    RegionCode,
    JurisdictionId,
    Level,
    RegionKind,
    Tristate,
    Designation,
    DesignationRecord,
    Region,
    Zone,
):
    _value.__module__ = "labourbrand.regions"
del _value
