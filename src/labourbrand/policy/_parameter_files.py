"""The reader of parameter files, ``parameters/<name>.toml`` (private).

The schema is OpenFisca's (see ``docs/reference/parameters.md``):
``description``, ``description_zh``, ``unit``, ``clause``, optionally
``plausible = { min = …, max = … }``,
``[metadata] reference/documentation`` and ``[values."YYYY-MM-DD"]`` tables of
one ``value``, ``ended = true`` or ``unquantified = true`` with a
``reference``. Every problem of a file is reported at once, with its path.
"""

from __future__ import annotations

import importlib.resources
from typing import TYPE_CHECKING, Final, cast

from labourbrand._files.common import (
    combined,
    key_path,
    read_toml,
    table_at,
    text_at,
    unknown_keys,
)
from labourbrand._files.text import decode
from labourbrand._validators import expect, show
from labourbrand.dates import parse_date
from labourbrand.exceptions import DataError, InvalidArgumentError, PolicyDataError
from labourbrand.policy._parameters import (
    FIRST_DAY,
    NAME_RE,
    UNQUANTIFIED,
    DatedValue,
    Parameter,
    ParameterSet,
    ParameterValue,
    Plausible,
    Unit,
    convert,
    entry_problems,
)


if TYPE_CHECKING:
    import pathlib
    from collections.abc import Mapping
    from importlib.resources.abc import Traversable

    import pendulum


__all__ = ["read_directory", "read_packaged", "read_parameter"]

_TOP_KEYS: Final = frozenset(
    {
        "description",
        "description_zh",
        "unit",
        "clause",
        "plausible",
        "metadata",
        "values",
    }
)
_RANGE_KEYS: Final = frozenset({"min", "max"})
_METADATA_KEYS: Final = frozenset({"reference", "documentation"})
_ENTRY_KEYS: Final = frozenset({"value", "ended", "unquantified", "reference"})
_FLAGS: Final = ("value", "ended", "unquantified")
_UNITS: Final = frozenset(unit.value for unit in Unit)


def _unit(data: Mapping[str, object], errors: list[str]) -> Unit | None:
    raw = data.get("unit")
    if isinstance(raw, str) and raw in _UNITS:
        return Unit(raw)
    shown = f"got {show(raw)}" if "unit" in data else "the key is missing"
    errors.append(
        f"Expected a unit among {', '.join(sorted(_UNITS))} but {shown} @ $.unit"
    )
    return None


def _plausible(
    data: Mapping[str, object], unit: Unit | None, errors: list[str]
) -> Plausible | None:
    """The declared plausible range ``{ min = …, max = … }``, if any, in the unit."""
    if "plausible" not in data:
        return None
    raw = data["plausible"]
    if not isinstance(raw, dict):
        errors.append(
            f"Expected a table {{ min = …, max = … }} but got {show(raw)} @ $.plausible"
        )
        return None
    unknown_keys(raw, _RANGE_KEYS, "$.plausible", errors)
    if unit is Unit.BOOLEAN:
        errors.append("Expected no plausible range for unit boolean @ $.plausible")
        return None
    bounds: list[ParameterValue] = []
    for key in ("min", "max"):
        if key not in raw:
            errors.append(
                f"Expected a value but the key is missing @ $.plausible.{key}"
            )
        elif unit is not None:
            try:
                bounds.append(convert(unit, raw[key], lenient=False))
            except InvalidArgumentError as exc:
                errors.append(f"{exc} @ $.plausible.{key}")
    if len(bounds) != len(_RANGE_KEYS):
        return None
    try:
        return Plausible(*bounds)  # type: ignore[arg-type]  # no UNQUANTIFIED: convert is strict
    except InvalidArgumentError as exc:
        errors.append(f"{exc} @ $.plausible.max")
        return None


def _entry(
    key: str, raw: object, unit: Unit | None, path: str, errors: list[str]
) -> DatedValue | None:
    before = len(errors)
    day: pendulum.Date | None = None
    try:
        day = parse_date(key)
    except InvalidArgumentError:
        errors.append(f"Expected a day YYYY-MM-DD as the key but got {key!r} @ {path}")
    if not isinstance(raw, dict):
        errors.append(
            f"Expected a table with one of {', '.join(_FLAGS)} and a reference "
            f"but got {show(raw)} @ {path}"
        )
        return None
    unknown_keys(raw, _ENTRY_KEYS, path, errors)
    reference = text_at(raw, "reference", path, errors)
    given = [flag for flag in _FLAGS if flag in raw]
    value: ParameterValue | None = None
    if len(given) != 1:
        errors.append(
            "Expected exactly one of value, ended = true, unquantified = true "
            f"but got {' and '.join(given) or 'none'} @ {path}"
        )
    elif given == ["value"]:
        if unit is not None:
            try:
                value = convert(unit, raw["value"], lenient=False)
            except InvalidArgumentError as exc:
                errors.append(f"{exc} @ {path}.value")
    else:
        flag = given[0]
        if raw[flag] is not True:
            errors.append(
                f"Expected {flag} = true (leave the key out otherwise) "
                f"but got {show(raw[flag])} @ {path}.{flag}"
            )
        value = None if flag == "ended" else UNQUANTIFIED
    if len(errors) > before or day is None or unit is None:
        return None
    return DatedValue(
        first_day=day, value=value, ended=value is None, reference=reference
    )


def read_parameter(text: str, *, name: str, source: str) -> Parameter:
    """Parse one parameter file (see :func:`labourbrand.policy.parameters.parse_parameter`)."""
    arguments: tuple[tuple[str, object], ...] = (
        ("text", text),
        ("name", name),
        ("source", source),
    )
    for arg, given in arguments:
        expect(str, given, name=arg)
    data = read_toml(text, source)
    errors: list[str] = []
    if not NAME_RE.fullmatch(name):
        errors.append(
            "Expected a parameter name (the file stem) of lowercase letters, digits "
            f"and underscores but got name={name!r} @ $"
        )
    unknown_keys(data, _TOP_KEYS, "$", errors)
    unit = _unit(data, errors)
    texts = {
        key: text_at(data, key, "$", errors)
        for key in ("description", "description_zh", "clause")
    }
    metadata = table_at(data, "metadata", "$", errors)
    if metadata is not None:
        unknown_keys(metadata, _METADATA_KEYS, "$.metadata", errors)
        texts["reference"] = text_at(metadata, "reference", "$.metadata", errors)
        texts["documentation"] = text_at(
            metadata, "documentation", "$.metadata", errors, required=False
        )
    plausible = _plausible(data, unit, errors)
    entries = _entries(data, unit, errors, plausible)
    if errors:
        raise PolicyDataError(source, errors)
    return Parameter(
        name=name,
        unit=cast("Unit", unit),
        values=entries,
        plausible=plausible,
        **texts,
    )


def _entries(
    data: Mapping[str, object],
    unit: Unit | None,
    errors: list[str],
    plausible: Plausible | None,
) -> list[DatedValue]:
    entries: list[DatedValue] = []
    raw_values = table_at(data, "values", "$", errors)
    if raw_values is None:
        return entries
    for key, raw in raw_values.items():
        entry = _entry(key, raw, unit, key_path("$.values", key), errors)
        if entry is not None:
            entries.append(entry)
    # Order and ended-after-ended only make sense once every entry was read.
    if unit is not None and len(entries) == len(raw_values):
        entries.sort(key=FIRST_DAY)
        for entry, sub, message in entry_problems(unit, tuple(entries), plausible):
            where = "$.values"
            if entry is not None:
                where = key_path(where, entry.first_day.isoformat())
            errors.append(f"{message} @ {key_path(where, sub) if sub else where}")
    return entries


def read_packaged() -> ParameterSet:
    """Read the parameter files shipped in ``labourbrand/policy/parameters``."""
    return read_directory(
        importlib.resources.files("labourbrand.policy") / "parameters", packaged=True
    )


def read_directory(
    directory: Traversable | pathlib.Path, *, packaged: bool
) -> ParameterSet:
    """Read every ``*.toml`` file of *directory*, reporting the problems of all.

    *packaged* names the files ``parameters/<file>`` rather than by their path.
    """
    label = "parameters" if packaged else str(directory)
    files = (
        sorted(
            (
                f
                for f in directory.iterdir()
                if f.name.endswith(".toml") and f.is_file()
            ),
            key=lambda f: f.name,
        )
        if directory.is_dir()
        else []
    )
    if not files:
        raise PolicyDataError(
            label, ["Expected a directory of parameter files *.toml but found none @ $"]
        )
    parameters: list[Parameter] = []
    failures: list[PolicyDataError] = []
    for file in files:
        source = f"parameters/{file.name}" if packaged else str(file)
        try:
            text = decode(file.read_bytes(), source)
        except DataError as exc:
            failures.append(PolicyDataError(source, exc.errors))
            continue
        try:
            parameters.append(
                read_parameter(
                    text, name=file.name.removesuffix(".toml"), source=source
                )
            )
        except PolicyDataError as exc:
            failures.append(exc)
    if failures:
        raise combined(failures, label)
    return ParameterSet(parameters)
