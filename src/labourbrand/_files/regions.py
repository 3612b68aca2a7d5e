"""The reader of the region files shipped in ``labourbrand/data`` (private).

``regions.csv`` (GB/T 2260 units), ``special_units.csv`` (zones and units
with city-level powers) and ``designations.csv`` become one
:class:`~labourbrand.regions.RegionRegistry`; a user's designations CSV
becomes :class:`~labourbrand.regions.DesignationRecord` values.
Every bad cell is reported at once, as ``invalid value for <column> @
$[<row>].<column>``.
"""

from __future__ import annotations

import io
import os
import re
from typing import TYPE_CHECKING, Final

from labourbrand._files.common import invalid, packaged_text, read_rows
from labourbrand._files.text import decode
from labourbrand._validators import is_code, is_partial_date
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
)


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import TextIO


__all__ = ["load_registry", "packaged_registry", "read_designations"]

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
#: The kinds of a county-level unit, the only special units that are not zones.
_COUNTY_KINDS: Final = frozenset(
    {RegionKind.DISTRICT, RegionKind.COUNTY, RegionKind.COUNTY_CITY}
)
#: The packaged registry is Shaanxi's (GB/T 2260 province prefix 61).
_SHAANXI_CODE_RE: Final = re.compile(r"61\d{4}", re.ASCII)


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
            "code": is_code(row["code"]),
            "designation": row["designation"] in _DESIGNATION_VALUES,
            "status": status in _TRISTATE_VALUES,
            "since": not row.get("since") or is_partial_date(row["since"]),
            "source": bool(row["source"]),
            "source_date": not row.get("source_date")
            or is_partial_date(row["source_date"]),
        }
        bad = [invalid(index, field) for field, ok in checks.items() if not ok]
        key = (row["code"], row["designation"])
        if key in seen:
            bad.append(
                f"duplicate code and designation (first at $[{seen[key]}]) @ $[{index}]"
            )
        seen.setdefault(key, index)
        if bad:
            errors.extend(bad)
            continue
        try:
            record = DesignationRecord(
                code=RegionCode(row["code"]),
                designation=Designation(row["designation"]),
                status=Tristate(status),
                since=row.get("since") or None,
                source=row["source"],
                source_date=row.get("source_date") or None,
            )
        except InvalidArgumentError as exc:  # a cell the record's own check refuses
            errors.append(f"{exc} @ $[{index}].{exc.field}")
            continue
        records.append((index, row.get("name_zh", ""), record))
    if errors:
        raise DataError(source, errors)
    return records


def read_designations(
    source: str | os.PathLike[str] | TextIO,
) -> tuple[DesignationRecord, ...]:
    """Read designation records from a CSV file or text stream.

    See :func:`labourbrand.regions.designations_from_csv`, which calls it.
    """
    if isinstance(source, str | os.PathLike):
        name = os.fsdecode(source)
        # The bytes, decoded as every reader of outside files decodes them:
        # UTF-8, a byte-order mark dropped, a bad byte a DataError.
        with open(source, "rb") as file:  # noqa: PTH123 - takes str and PathLike alike
            text = decode(file.read(), name)
        return _designations_from_stream(io.StringIO(text, newline=""), name)
    return _designations_from_stream(source, str(getattr(source, "name", "<stream>")))


def _designations_from_stream(
    stream: TextIO, name: str
) -> tuple[DesignationRecord, ...]:
    try:
        rows = read_rows(
            stream, name, required=_DESIGNATION_REQUIRED, optional=_DESIGNATION_OPTIONAL
        )
    except UnicodeDecodeError as exc:  # a stream opened with another encoding
        msg = f"Expected UTF-8 text but got the byte {exc.object[exc.start]:#04x} ({exc.reason}) @ $"
        raise DataError(name, [msg]) from exc
    return tuple(record for _, _, record in _parse_designations(rows, name))


def _parse_regions(
    rows: Iterable[Mapping[str, str]],
    source: str,
    powers: Mapping[RegionCode, tuple[int, str, str]],
) -> list[Region]:
    """Turn rows of ``regions.csv`` into regions, reporting every bad row.

    A unit with city-level powers takes its English name from
    ``special_units.csv`` where ``regions.csv`` gives none (韩城市: Hancheng);
    two different English names are an error.
    """
    errors: list[str] = []
    regions: list[Region] = []
    for index, row in enumerate(rows):
        special = powers.get(RegionCode(row["code"]))
        special_en = special[2] if special is not None else ""
        checks = {
            "code": _SHAANXI_CODE_RE.fullmatch(row["code"]) is not None,
            "level": row["level"] in _LEVEL_VALUES,
            "parent_code": not row["parent_code"] or is_code(row["parent_code"]),
            "kind": row["kind"] in _KIND_VALUES,
            "name_en": special_en in ("", row["name_en"]) or not row["name_en"],
        }
        bad = [invalid(index, field) for field, ok in checks.items() if not ok]
        if bad:
            errors.extend(bad)
            continue
        try:
            region = Region(
                code=RegionCode(row["code"]),
                name_zh=row["name_zh"],
                name_en=row["name_en"] or special_en or None,
                level=Level(row["level"]),
                kind=RegionKind(row["kind"]),
                parent=RegionCode(row["parent_code"]) if row["parent_code"] else None,
                city_level_powers=special is not None,
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
) -> tuple[list[Zone], dict[RegionCode, tuple[int, str, str]]]:
    """Turn rows of ``special_units.csv`` into zones and units with city-level powers.

    Returns:
        The zones, and for each county-level unit with city-level powers, by
        code, its row index, ``name_zh`` and ``name_en``.
    """
    errors: list[str] = []
    zones: list[Zone] = []
    powers: dict[RegionCode, tuple[int, str, str]] = {}
    for index, row in enumerate(rows):
        codes = [c.strip() for c in row["territory_codes"].split(";") if c.strip()]
        city_level = _CITY_LEVEL_MARK in row["administered_as"]
        kind = RegionKind(row["kind"]) if row["kind"] in _KIND_VALUES else None
        if kind is RegionKind.ZONE:
            key = _ZONE_KEYS.get(row["name_zh"])
            if key is None:
                errors.append(invalid(index, "name_zh"))
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
        elif kind not in _COUNTY_KINDS:
            errors.append(invalid(index, "kind"))
        elif len(codes) != 1 or not is_code(codes[0]):
            errors.append(invalid(index, "territory_codes"))
        elif not city_level:
            # Special county-level units are listed for their city-level
            # powers; any other arrangement would need a rule of its own.
            errors.append(invalid(index, "administered_as"))
        else:
            powers[RegionCode(codes[0])] = (index, row["name_zh"], row["name_en"])
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
        invalid(index, "name_zh")
        for index, code, name in entries
        if code not in registry or registry[code].name_zh != name
    ]
    if errors:
        raise DataError(source, errors)


def load_registry(
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
        read_rows(special_units, units_src, required=_SPECIAL_UNIT_COLUMNS), units_src
    )
    region_list = _parse_regions(
        read_rows(regions, regions_src, required=_REGION_COLUMNS), regions_src, powers
    )
    records = _parse_designations(
        read_rows(
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
    _check_names(registry, units_src, [(i, c, n) for c, (i, n, _) in powers.items()])
    _check_names(registry, designations_src, [(i, r.code, n) for i, n, r in records])
    return registry


def packaged_registry() -> RegionRegistry:
    """Build the registry of the three CSV files shipped in ``labourbrand/data``.

    Raises:
        DataError: the packaged data is corrupt (a packaging bug).
    """

    def data(name: str) -> TextIO:
        return io.StringIO(packaged_text("labourbrand", "data", name))

    return load_registry(
        regions=data("regions.csv"),
        special_units=data("special_units.csv"),
        designations=data("designations.csv"),
    )
