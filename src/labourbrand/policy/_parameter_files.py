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

from labourbrand._files.common import key_path, read_toml
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


def _unknown_keys(
    table: Mapping[str, object], known: frozenset[str], path: str, errors: list[str]
) -> None:
    for key in table:
        if key not in known:
            errors.append(  # noqa: PERF401 - one message per key reads best
                f"Expected a key among {', '.join(sorted(known))} but got key={key!r} @ {key_path(path, key)}"
            )


def _text(
    table: Mapping[str, object],
    key: str,
    path: str,
    errors: list[str],
    *,
    required: bool = True,
) -> str:
    if key not in table:
        if required:
            errors.append(
                f"Expected non-empty text but the key is missing @ {key_path(path, key)}"
            )
        return ""
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        errors.append(
            f"Expected non-empty text but got {show(value)} @ {key_path(path, key)}"
        )
        return ""
    return value


def _table(
    table: Mapping[str, object], key: str, path: str, errors: list[str]
) -> dict[str, object] | None:
    if key not in table:
        errors.append(
            f"Expected a table but the key is missing @ {key_path(path, key)}"
        )
        return None
    value = table[key]
    if not isinstance(value, dict):
        errors.append(f"Expected a table but got {show(value)} @ {key_path(path, key)}")
        return None
    return value


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
    _unknown_keys(raw, _RANGE_KEYS, "$.plausible", errors)
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
    _unknown_keys(raw, _ENTRY_KEYS, path, errors)
    reference = _text(raw, "reference", path, errors)
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
    _unknown_keys(data, _TOP_KEYS, "$", errors)
    unit = _unit(data, errors)
    texts = {
        key: _text(data, key, "$", errors)
        for key in ("description", "description_zh", "clause")
    }
    metadata = _table(data, "metadata", "$", errors)
    if metadata is not None:
        _unknown_keys(metadata, _METADATA_KEYS, "$.metadata", errors)
        texts["reference"] = _text(metadata, "reference", "$.metadata", errors)
        texts["documentation"] = _text(
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
    raw_values = _table(data, "values", "$", errors)
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
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise PolicyDataError(
            label, [f"{f.source}: {e}" for f in failures for e in f.errors]
        )
    return ParameterSet(parameters)
