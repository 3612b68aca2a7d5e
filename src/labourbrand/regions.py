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

import functools
from typing import TYPE_CHECKING, TextIO, final

import attrs

from labourbrand._region_values import (
    DESIGNATION_RANK,
    PARENT_LEVEL,
    Designation,
    DesignationRecord,
    JurisdictionId,
    Level,
    Region,
    RegionCode,
    RegionKind,
    Tristate,
    Zone,
    as_code,
    as_member,
    is_slug,
)
from labourbrand._validators import (
    expect,
    got,
    is_code,
    language,
    refusal,
)
from labourbrand.exceptions import InvalidArgumentError, UnknownRegionError


if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Iterator, Mapping


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

# ---------------------------------------------------------------------------
# Registry


def _index_designations(
    records: Iterable[DesignationRecord],
) -> dict[tuple[RegionCode, Designation], DesignationRecord]:
    """Index records by (code, designation), refusing non-records and duplicates."""
    index: dict[tuple[RegionCode, Designation], DesignationRecord] = {}
    for item in records:
        record = expect(DesignationRecord, item, name="record")
        key = (record.code, record.designation)
        if key in index:
            msg = (
                "Expected one record per code and designation "
                f"but got {got('record', record)} twice"
            )
            raise InvalidArgumentError(msg)
        index[key] = record
    return index


@final
@attrs.frozen(init=False, eq=False)
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

    # Frozen by attrs; the fields are indexes built by __init__, compared by
    # identity (eq=False) as before, and summarised by __repr__.
    _by_code: dict[RegionCode, Region]
    #: Each code's jurisdiction chain, filled as codes are asked for.
    _chains: dict[str, tuple[JurisdictionId, ...]]
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
                if parent.level is not PARENT_LEVEL[region.level]:
                    msg = (
                        f"Expected the parent of {region.code} to be of level "
                        f"{PARENT_LEVEL[region.level].value!r} "
                        f"but got {got('parent', region.parent)}"
                    )
                    raise InvalidArgumentError(msg)
                children[parent.code].append(region)
        zone_index = self._index_zones(zones, by_code, name)
        designation_index = _index_designations(designations)
        for code, _ in designation_index:
            if code not in by_code:
                raise UnknownRegionError(code, registry=name)
        city_unit, units = self._resolve_city_units(by_code, zone_index)

        self.__attrs_init__(
            by_code=by_code,
            chains={},
            children={k: tuple(v) for k, v in children.items()},
            city_level_units=units,
            city_unit=city_unit,
            designations=dict(
                sorted(
                    designation_index.items(),
                    key=lambda item: (item[0][0], DESIGNATION_RANK[item[0][1]]),
                )
            ),
            name=name,
            province=province,
            zones=zone_index,
        )

    @staticmethod
    def _index_regions(regions: Iterable[Region]) -> dict[RegionCode, Region]:
        items = [expect(Region, item, name="region") for item in regions]
        by_code: dict[RegionCode, Region] = {}
        for region in sorted(items, key=lambda r: r.code):
            if region.code in by_code:
                shown = got("code", region.code)
                msg = f"Expected each region code once but got {shown} twice"
                raise InvalidArgumentError(msg)
            by_code[region.code] = region
        provinces = [r.code for r in by_code.values() if r.level is Level.PROVINCE]
        if len(provinces) != 1:
            msg = f"Expected exactly one province but got {got('provinces', provinces)}"
            raise InvalidArgumentError(msg)
        return by_code

    @staticmethod
    def _index_zones(
        zones: Iterable[Zone], by_code: Mapping[RegionCode, Region], name: str
    ) -> dict[JurisdictionId, Zone]:
        index: dict[JurisdictionId, Zone] = {}
        for item in zones:
            zone = expect(Zone, item, name="zone")
            if zone.key in index:
                msg = (
                    f"Expected each zone key once but got {got('key', zone.key)} twice"
                )
                raise InvalidArgumentError(msg)
            for code in zone.territory:
                region = by_code.get(code)
                if region is None:
                    raise UnknownRegionError(code, registry=name)
                if region.level is not Level.COUNTY:
                    msg = (
                        f"Expected county-level codes in the territory of {zone.key!r} "
                        f"but got {got('code', code)}"
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
                            f"but got {got('code', code)} in {overrides[code]!r} "
                            f"and {zone.key!r}"
                        )
                        raise InvalidArgumentError(msg)
                    overrides[code] = zone.key
        for region in by_code.values():
            if region.city_level_powers:
                if region.code in overrides:
                    msg = (
                        "Expected a county with city-level powers outside city-level "
                        f"zones but got {got('code', region.code)}"
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
        return is_code(item) and item in self._by_code

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
        return self._by_code.get(as_code(code))

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
        if not is_slug(key):
            what = "a lower-case zone key matching [a-z][a-z0-9_]*"
            raise refusal(what, "key", key)
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
            msg = f"Expected {what} but got {got('code', code)}"
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
        found = self._chains.get(code) if type(code) is str else None
        if found is not None:
            return found
        region = self[code]
        chain = [JurisdictionId(region.code)]
        unit = self._city_unit.get(region.code)
        if unit is not None:
            chain.append(unit)
        chain.append(JurisdictionId(self._province.code))
        found = self._chains[region.code] = tuple(dict.fromkeys(chain))
        return found

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
        if is_slug(jurisdiction_id):
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
        wanted = as_member(Designation, designation, name="designation")
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

    def without_city_level(self, *units: str) -> RegionRegistry:
        """Return a new registry in which *units* do not act at city level.

        That 杨凌示范区 (``"yangling"``) sets the amounts of 杨陵区 and that
        韩城市 (``"610581"``) sets its own are assumptions, inferred from the
        addressees "各市(区)" and from 韩城's 省内计划单列 status: the text
        names neither (``labourbrand/data/SOURCES.md``). This switches them
        off: the counties of a zone, and a county that had city-level
        powers, answer to their prefecture city. The registry itself is
        unchanged.

        Args:
            units: keys of city-level zones, or codes of county-level units
                with city-level powers.

        Raises:
            InvalidArgumentError: a unit is neither.

        Example:
            >>> regions = shaanxi().without_city_level("yangling", "610581")
            >>> [regions.city_level_unit(c) for c in ("610403", "610581")]
            ['610400', '610500']
            >>> "610581" in regions.city_level_units()
            False
            >>> shaanxi().city_level_unit("610581")
            '610581'

        .. versionadded:: 0.2.0
        """
        off = set()
        for index, unit in enumerate(units):
            zone = self._zones.get(JurisdictionId(str(unit)))
            region = self._by_code.get(RegionCode(str(unit))) if is_code(unit) else None
            if not (
                (zone is not None and zone.city_level)
                or (region is not None and region.city_level_powers)
            ):
                switchable = [z.key for z in self._zones.values() if z.city_level] + [
                    r.code for r in self._by_code.values() if r.city_level_powers
                ]
                msg = (
                    "Expected a city-level zone or a county with city-level powers "
                    f"({', '.join(switchable)}) but got {got('unit', unit)}"
                )
                raise InvalidArgumentError(msg, field=f"units[{index}]")
            off.add(str(unit))
        return RegionRegistry(
            (
                attrs.evolve(r, city_level_powers=False) if r.code in off else r
                for r in self._by_code.values()
            ),
            zones=(
                attrs.evolve(z, city_level=False) if z.key in off else z
                for z in self._zones.values()
            ),
            designations=self._designations.values(),
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
        language(lang)
        name_en = self.zone(unit).name_en if is_slug(unit) else self[unit].name_en
        return name_en if lang == "en" and name_en else self.name_of(unit)


# ---------------------------------------------------------------------------
# Files (read by labourbrand._files.regions)


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
    from labourbrand._files.regions import read_designations

    return read_designations(source)


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
    from labourbrand._files.regions import packaged_registry

    return packaged_registry()
