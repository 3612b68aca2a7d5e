"""Scenario files: TOML read into a :class:`Scenario` by cattrs, every bad key named (private).

A scenario file holds ``name`` and optionally ``start``, ``horizon``,
``parameters_from`` (days), a ``[parameters]`` table of overrides of the
policy's parameters, an ``[assumptions]`` table of overrides of
:class:`~labourbrand.simulation.Assumptions`, an ``[interpretations]`` table
of readings chosen, ``rule_files`` (an array of rule-file paths, relative to
the scenario file's folder, read by the library's rule-file reader) and the
plugin lists ``allow`` and ``block``. The file is structured by a
converter of :func:`labourbrand.serialization.make_converter` into one private
attrs class, with a hook for each kind of key; each override is checked on its
own, so that every error names its key: ``… @ $.parameters.employment_award_cap``.

The text is read within the bounds of every reader of outside files
(:mod:`labourbrand._files.text`: UTF-8, at most 256 KiB, nesting and
integer digits bounded), the name is one line of text, days lie in
:data:`~labourbrand.dates.PLAUSIBLE_DAYS`, and each override lies in the
plausible range its parameter or assumption declares.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import pathlib
from typing import TYPE_CHECKING, Any, Final, NewType

import attrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from labourbrand import _validators as check
from labourbrand._files.common import key_path
from labourbrand._files.text import read_toml_data
from labourbrand.dates import PLAUSIBLE_DAYS, as_date
from labourbrand.exceptions import DataError, InvalidArgumentError
from labourbrand.money import Fen
from labourbrand.plugins import read_rule_files
from labourbrand.policy.parameters import load_parameters
from labourbrand.serialization import make_converter
from labourbrand.simulation._assumptions import Assumptions


if TYPE_CHECKING:
    import os
    from collections.abc import Mapping, Sequence

    import cattrs

    from labourbrand._json_schema import SchemaBuilder
    from labourbrand.simulation._scenario import Scenario


__all__ = ["scenario_file_schema", "scenario_from_toml"]

#: The keys of a scenario file, in the order the docs list them.
_SCENARIO_KEYS: Final = (
    "name",
    "start",
    "horizon",
    "parameters_from",
    "parameters",
    "assumptions",
    "interpretations",
    "rule_files",
    "allow",
    "block",
)

# The kinds of value a scenario file holds, each with its structure hook.
_Name = NewType("_Name", str)
_Day = NewType("_Day", pendulum.Date)
_ParameterTable = NewType("_ParameterTable", dict[str, object])
_AssumptionTable = NewType("_AssumptionTable", dict[str, object])
_ReadingTable = NewType("_ReadingTable", dict[str, str])
_Paths = NewType("_Paths", list[str])
_Names = NewType("_Names", list[str])


@attrs.frozen(kw_only=True)
class _ScenarioFile:
    """A scenario file as cattrs structures it: every key checked, none combined."""

    name: _Name
    start: _Day | None = None
    horizon: _Day | None = None
    parameters_from: _Day | None = None
    parameters: _ParameterTable = attrs.field(factory=dict)  # type: ignore[assignment]
    assumptions: _AssumptionTable = attrs.field(factory=dict)  # type: ignore[assignment]
    interpretations: _ReadingTable = attrs.field(factory=dict)  # type: ignore[assignment]
    rule_files: _Paths = attrs.field(factory=list)  # type: ignore[assignment]
    allow: _Names | None = None
    block: _Names = attrs.field(factory=list)  # type: ignore[assignment]


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    match = difflib.get_close_matches(name[:100], known, n=1)
    return f"; did you mean {match[0]!r}?" if match else ""


def _key(name: str) -> str:
    """A key of the file as a message quotes it: its repr, cut if long."""
    return check.brief(name)


_DAYS: Final = (
    f"a day YYYY-MM-DD from {PLAUSIBLE_DAYS.first_day.isoformat()} "
    f"to {PLAUSIBLE_DAYS.last_day.isoformat()}"
)


def _toml_day(value: object, _: object = None) -> pendulum.Date:
    """A TOML date (``2025-12-31``) or a string ``"2025-12-31"``, of the plausible days."""
    day: pendulum.Date | None = None
    if isinstance(value, str) or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ):
        try:
            day = as_date(value)
        except InvalidArgumentError:
            day = None
    if day is None or day not in PLAUSIBLE_DAYS:
        msg = f"Expected {_DAYS} but got {check.show(value)}"
        raise InvalidArgumentError(msg)
    return day


def _name(value: object, _: object) -> str:
    if check.is_name(value):
        return value  # type: ignore[return-value]  # is_name: a str
    msg = (
        "Expected a name: one line of text, without control characters, "
        f"but got {check.show(value)}"
    )
    raise InvalidArgumentError(msg)


#: The most keys a table of a scenario file (or the file itself) may hold:
#: far more than there are parameters or assumptions to override, and few
#: enough that a file of a million keys is refused at once, not key by key.
_MAX_KEYS: Final = 1000


def _toml_table(value: object, key: str) -> dict[str, object]:
    if not isinstance(value, dict):
        msg = f"Expected a table [{key}] but got {check.show(value)}"
        raise InvalidArgumentError(msg)
    if len(value) > _MAX_KEYS:
        msg = f"Expected at most {_MAX_KEYS:,} keys in [{key}] but got {len(value):,}"
        raise InvalidArgumentError(msg)
    return value


def _keyed(exc: Exception, table: str, key: str) -> Exception:
    """*exc* with the cattrs note that puts it at ``$.<table>.<key>``."""
    exc.add_note(
        AttributeValidationNote(f"Structuring [{table}] @ key {key}", key, object)
    )
    return exc


def _raise_if(errors: list[Exception], table: str) -> None:
    if errors:
        msg = f"While structuring [{table}]"
        raise ClassValidationError(msg, errors, dict)


def _parameters(value: object, _: object) -> dict[str, object]:
    """Check each parameter override on its own, so every error names its key."""
    table = _toml_table(value, "parameters")
    parameters = load_parameters()
    known = sorted(parameters)
    good: dict[str, object] = {}
    errors: list[Exception] = []
    for name, raw in table.items():
        # with_overrides takes days as strings; TOML gives them as dates.
        override = raw.isoformat() if type(raw) is dt.date else raw
        if name not in known:
            msg = (
                f"Expected a parameter name among {', '.join(known)} but got "
                f"{_key(name)}{_did_you_mean(name, known)}"
            )
            errors.append(_keyed(InvalidArgumentError(msg), "parameters", name))
            continue
        try:
            parameters.with_overrides({name: override})
        except InvalidArgumentError as exc:
            message = str(exc).removeprefix(f"{name}: ")
            errors.append(_keyed(InvalidArgumentError(message), "parameters", name))
            continue
        good[name] = override
    _raise_if(errors, "parameters")
    return good


def _assumptions(value: object, _: object) -> dict[str, object]:
    """Check each assumption override on its own, so every error names its key."""
    table = _toml_table(value, "assumptions")
    defaults = Assumptions()
    known = [a.name for a in attrs.fields(Assumptions)]
    good: dict[str, object] = {}
    errors: list[Exception] = []
    for name, override in table.items():
        if name not in known:
            msg = (
                "Expected an assumption name (a field of "
                f"labourbrand.simulation.Assumptions) but got {_key(name)}"
                f"{_did_you_mean(name, known)}"
            )
            errors.append(_keyed(InvalidArgumentError(msg), "assumptions", name))
            continue
        try:
            defaults.with_overrides({name: override})
        except InvalidArgumentError as exc:
            errors.append(_keyed(exc, "assumptions", name))
            continue
        good[name] = override
    _raise_if(errors, "assumptions")
    return good


def _interpretations(value: object, _: object) -> dict[str, str]:
    """Check each chosen reading on its own, so every error names its key."""
    from labourbrand.policy.documents import packaged_documents

    table = _toml_table(value, "interpretations")
    declared = {i.id: i for d in packaged_documents() for i in d.interpretations}
    good: dict[str, str] = {}
    errors: list[Exception] = []
    for name, reading in table.items():
        found = declared.get(name)
        if found is None:
            msg = (
                "Expected an interpretation id (labourbrand interpretations lists them) "
                f"but got {_key(name)}{_did_you_mean(name, sorted(declared))}"
            )
            errors.append(_keyed(InvalidArgumentError(msg), "interpretations", name))
            continue
        try:
            found.reading(reading if isinstance(reading, str) else check.show(reading))
        except InvalidArgumentError as exc:
            errors.append(_keyed(exc, "interpretations", name))
            continue
        good[name] = str(reading)
    _raise_if(errors, "interpretations")
    return good


def _strings(value: object, what: str) -> list[str]:
    """An array of one-line strings (rule-file paths, plugin names), each checked on its own."""
    if not isinstance(value, list):
        msg = f"Expected an array of {what} but got {check.show(value)}"
        raise InvalidArgumentError(msg)
    if len(value) > _MAX_KEYS:
        msg = f"Expected at most {_MAX_KEYS:,} {what} but got {len(value):,}"
        raise InvalidArgumentError(msg)
    errors: list[Exception] = []
    for i, item in enumerate(value):
        if not check.is_name(item):
            msg = f"Expected one of the {what}: one line of text, but got {check.show(item)}"
            exc = InvalidArgumentError(msg)
            exc.add_note(IterableValidationNote(f"Structuring item {i}", i, str))
            errors.append(exc)
    if errors:
        msg = f"While structuring the {what}"
        raise IterableValidationError(msg, errors, list)
    return list(value)


def _paths(value: object, _: object) -> list[str]:
    return _strings(value, "rule-file paths")


def _names(value: object, _: object) -> list[str]:
    return _strings(value, "plugin names")


@functools.cache
def _converter() -> cattrs.Converter:
    """The library's strict converter, with the hooks of a scenario file's keys."""
    conv = make_converter()
    conv.register_structure_hook(_Name, _name)
    conv.register_structure_hook(_Day, _toml_day)
    conv.register_structure_hook(_ParameterTable, _parameters)
    conv.register_structure_hook(_AssumptionTable, _assumptions)
    conv.register_structure_hook(_ReadingTable, _interpretations)
    conv.register_structure_hook(_Paths, _paths)
    conv.register_structure_hook(_Names, _names)
    return conv


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "Expected the scenario's name but the key is missing"
    return str(exc)


def _errors(
    exc: BaseException, data: Mapping[str, object], path: str = "$"
) -> list[str]:
    """Flatten the cattrs exception tree into lines ``<message> @ <path>``.

    Unknown keys come first, in the order of the file, each with the key it
    may be a typo of.
    """
    if isinstance(exc, ForbiddenExtraKeysError):
        return [
            f"Expected a key among {', '.join(_SCENARIO_KEYS)} but got "
            f"{_key(key)}{_did_you_mean(key, _SCENARIO_KEYS)} @ {key_path(path, key)}"
            for key in data
            if key in exc.extra_fields
        ]
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        unknown = [e for e in without if isinstance(e, ForbiddenExtraKeysError)]
        errors = [line for e in unknown for line in _errors(e, data, path)]
        for sub, note in with_notes:
            errors += _errors(sub, data, key_path(path, note.name))
        errors += [f"{_message(e)} @ {path}" for e in without if e not in unknown]
        return errors
    if isinstance(exc, IterableValidationError):
        items, rest = exc.group_exceptions()
        errors = [
            line
            for sub, item in items
            for line in _errors(sub, data, f"{path}[{item.index}]")
        ]
        return errors + [f"{_message(e)} @ {path}" for e in rest]
    return [f"{_message(exc)} @ {path}"]


def _fields(
    text: str | bytes, *, source: str, entry_points: bool, directory: pathlib.Path
) -> dict[str, Any]:
    """The keyword arguments of the :class:`Scenario` a scenario file describes.

    The rule files are read once here, by the library's reader, so that a
    missing or bad one is an error before anything runs.

    Raises:
        DataError: the text is not UTF-8 TOML within the bounds of
            :mod:`labourbrand._files.text`, or keys are missing, unknown or
            bad (every one, with its path).
        PolicyDataError: a rule file is missing or bad (as
            :func:`~labourbrand.plugins.read_rule_files` says, naming the
            rule file and the path of each bad key in it).
    """
    data = read_toml_data(text, source, DataError)
    if len(data) > _MAX_KEYS:
        msg = f"Expected at most {_MAX_KEYS:,} keys in a scenario file but got {len(data):,} @ $"
        raise DataError(source, [msg])
    try:
        read = _converter().structure(data, _ScenarioFile)
    except ClassValidationError as exc:
        raise DataError(source, _errors(exc, data)) from exc
    fields: dict[str, Any] = {
        "name": read.name,
        "parameters": read.parameters,
        "assumptions": read.assumptions,
        "interpretations": read.interpretations,
        "rule_files": tuple(str(directory / path) for path in read.rule_files),
        "allow": read.allow,
        "block": read.block,
        "entry_points": entry_points,
    }
    read_rule_files(fields["rule_files"])
    for key in ("start", "horizon", "parameters_from"):
        day = getattr(read, key)
        if day is not None:
            fields[key] = day
    return fields


def scenario_from_toml(
    cls: type[Scenario],
    text: str | bytes,
    *,
    source: str,
    entry_points: bool,
    directory: str | os.PathLike[str] | None,
) -> Scenario:
    """Build a *cls* from the text of a scenario file (see :meth:`Scenario.from_toml`)."""
    folder = (
        pathlib.Path(source).parent if directory is None else pathlib.Path(directory)
    )
    fields = _fields(text, source=source, entry_points=entry_points, directory=folder)
    try:
        return cls(**fields)
    except InvalidArgumentError as exc:
        # Values fine one by one that do not fit together (horizon before start).
        raise DataError(source, [f"{exc} @ $.{exc.field}"]) from exc


def _parameters_schema(_builder: SchemaBuilder) -> dict[str, Any]:
    """A ``[parameters]`` table: each parameter's override in its unit."""
    from labourbrand.policy.parameters import Unit

    by_unit: dict[Unit, dict[str, Any]] = {
        Unit.FEN: _builder.schema(Fen),
        Unit.PERSONS: {"type": "integer", "minimum": 0},
        Unit.COUNT: {"type": "integer", "minimum": 0},
        Unit.BRANDS: {"type": "integer", "minimum": 0},
        Unit.DATE: _builder.schema(pendulum.Date),
        Unit.BOOLEAN: {"type": "boolean"},
    }
    parameters = load_parameters()
    return {
        "type": "object",
        "description": "Overrides of the policy's dated parameters, by name, in each parameter's unit (money in fen).",
        "properties": {
            name: {
                **by_unit.get(parameters[name].unit, {}),
                "description": parameters[name].description,
            }
            for name in parameters
        },
        "additionalProperties": False,
    }


def _readings_schema(_builder: SchemaBuilder) -> dict[str, Any]:
    """An ``[interpretations]`` table: a reading of each contested passage."""
    from labourbrand.policy.documents import packaged_documents

    return {
        "type": "object",
        "description": "Readings chosen for contested passages, by interpretation id (labourbrand interpretations lists them).",
        "properties": {
            item.id: {"enum": [r.id for r in item.readings], "default": item.default}
            for document in packaged_documents()
            for item in document.interpretations
        },
        "additionalProperties": False,
    }


def scenario_file_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file's data, its TOML days written ``"YYYY-MM-DD"``.

    Read off the class the file is structured into, with the schema of each
    kind of key beside its hook: the parameters' names and units, the fields
    of :class:`~labourbrand.simulation.Assumptions`, the interpretations'
    readings.
    """
    from labourbrand.serialization import json_schema

    schema = json_schema(
        _ScenarioFile,
        hooks={
            _Name: {"type": "string", "pattern": r"\S"},
            _Day: lambda builder: builder.schema(pendulum.Date),
            _ParameterTable: _parameters_schema,
            _AssumptionTable: lambda builder: builder.ref(Assumptions),
            _ReadingTable: _readings_schema,
            _Paths: {
                "type": "array",
                "items": {"type": "string", "pattern": r"\S"},
                "description": "Rule files (TOML), or folders of them, relative to the scenario file's folder.",
            },
            _Names: {
                "type": "array",
                "items": {"type": "string", "pattern": r"\S"},
                "description": "Plugin names.",
            },
        },
    )
    schema["title"] = "Scenario"
    return schema
