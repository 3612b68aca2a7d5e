"""City rules stated in a TOML file, loaded as a plugin with no code (private).

A rule file holds a ``[plugin]`` table and one ``[[rules]]`` table per rule,
in the vocabulary of :mod:`labourbrand.rules`; :doc:`/reference/rule-files`
describes every key. Money is in yuan, written as a TOML integer
(``150_000``) or a decimal string with at most two decimals
(``"150000.50"``); a TOML float is refused, since it cannot hold every fen
exactly. Every problem of a file is reported at once, each with its path
(``hanzhong.toml: … @ $.rules[0].flat_yuan``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import os
import pathlib
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NamedTuple, final

import attrs
import pendulum

from labourbrand._files.common import (
    combined,
    key_path,
    read_toml,
    table_at,
    text_at,
    unknown_keys,
)
from labourbrand._validators import show
from labourbrand.dates import as_date
from labourbrand.exceptions import InvalidArgumentError, PolicyDataError
from labourbrand.money import Fen
from labourbrand.plugins.hookspecs import hookimpl
from labourbrand.rules import (
    HEAD_COUNTS,
    Declines,
    Flat,
    MinimumCount,
    PerHead,
    Ratio,
    Rule,
)


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from importlib.resources.abc import Traversable

    from labourbrand.rules import CityCondition


__all__ = [
    "RULES_ENV",
    "RuleFile",
    "load_entry_point",
    "paths_from_env",
    "read_rule_files",
    "rule_file_paths",
]

#: Rule files (or directories of them) that load as installed plugins,
#: separated by ``os.pathsep`` (``:`` on Linux and macOS, ``;`` on Windows).
RULES_ENV: Final = "LABOURBRAND_RULES"

#: What a plugin name may be: it goes into comma-separated allow and block lists.
_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: Yuan written as a string: digits, then at most two decimals.
_YUAN: Final = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_RATIO: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?")

# The file's keys, each with the JSON Schema of its value (the TOML read as
# JSON, days written "YYYY-MM-DD"): the reader refuses any other key, and
# :meth:`RuleFile.json_schema` is made of these.
_DAY_SCHEMA: Final = {"type": "string", "format": "date"}
_YUAN_SCHEMA: Final = {
    "oneOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": f"^{_YUAN.pattern}$"},
    ],
    "description": "yuan: an integer, or a decimal string with at most two decimals",
}
_TEXT_SCHEMA: Final = {"type": "string", "minLength": 1}
_PERIOD_PROPERTIES: Final = {"first_day": _DAY_SCHEMA, "last_day": _DAY_SCHEMA}
_PLUGIN_PROPERTIES: Final = {
    "city": _TEXT_SCHEMA,
    "version": _TEXT_SCHEMA,
    "period": {
        "type": "object",
        "properties": _PERIOD_PROPERTIES,
        "required": ["first_day"],
        "additionalProperties": False,
    },
}
_FORMULAS: Final = ("flat_yuan", "per_head_yuan", "ratio")
_RULE_PROPERTIES: Final = {
    "measure": _TEXT_SCHEMA,
    "jurisdiction": _TEXT_SCHEMA,
    "first_day": _DAY_SCHEMA,
    "last_day": _DAY_SCHEMA,
    "flat_yuan": _YUAN_SCHEMA,
    "per_head_yuan": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"enum": sorted(HEAD_COUNTS)},
        "additionalProperties": _YUAN_SCHEMA,
    },
    "ratio": {"type": "string", "pattern": f"^{_RATIO.pattern}$"},
    "cap_yuan": _YUAN_SCHEMA,
    "reference": _TEXT_SCHEMA,
    "illustrative": {"type": "boolean"},
    "delegates_to": {
        "type": "array",
        "items": {"type": "string", "pattern": "^[0-9]{6}$"},
    },
    "conditions": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
}
#: The keys of each kind of condition, with the JSON Schema of their values.
_CONDITION_PROPERTIES: Final[dict[str, dict[str, Any]]] = {
    "minimum_count": {
        "count": {"enum": sorted(HEAD_COUNTS)},
        "at_least": {"type": "integer", "minimum": 0},
        "zh": _TEXT_SCHEMA,
        "en": _TEXT_SCHEMA,
    },
    "declines": {"zh": _TEXT_SCHEMA, "en": _TEXT_SCHEMA},
}
_TOP_KEYS: Final = frozenset({"plugin", "rules"})
_PLUGIN_KEYS: Final = frozenset(_PLUGIN_PROPERTIES)
_PERIOD_KEYS: Final = frozenset(_PERIOD_PROPERTIES)
_RULE_KEYS: Final = frozenset(_RULE_PROPERTIES)
#: Each kind of condition: its class and the keys of its table.
_CONDITIONS: Final[
    Mapping[str, tuple[type[MinimumCount | Declines], frozenset[str]]]
] = {
    kind: (cls, frozenset({"kind", *_CONDITION_PROPERTIES[kind]}))
    for kind, cls in (("minimum_count", MinimumCount), ("declines", Declines))
}


def _rule_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rule file's data (see :meth:`RuleFile.json_schema`)."""
    rule = {
        "type": "object",
        "properties": _RULE_PROPERTIES,
        "required": ["measure", "first_day", "reference"],
        "additionalProperties": False,
        # Exactly one formula; a cap only beside an amount per head.
        "oneOf": [{"required": [key]} for key in _FORMULAS],
        "dependentRequired": {"cap_yuan": ["per_head_yuan"]},
    }
    conditions = [
        {
            "type": "object",
            "properties": {"kind": {"const": kind}, **properties},
            "required": ["kind", *properties],
            "additionalProperties": False,
        }
        for kind, properties in _CONDITION_PROPERTIES.items()
    ]
    no_city = {
        "not": {
            "required": ["plugin"],
            "properties": {"plugin": {"required": ["city"]}},
        }
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "RuleFile",
        "description": (
            "A city's rules stated in a TOML file, read as JSON with its days "
            'written "YYYY-MM-DD" (labourbrand.plugins.RuleFile).'
        ),
        "type": "object",
        "properties": {
            "plugin": {
                "type": "object",
                "properties": _PLUGIN_PROPERTIES,
                "additionalProperties": False,
            },
            "rules": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/rule"},
            },
        },
        "required": ["rules"],
        "additionalProperties": False,
        # Without [plugin] city, each rule names its jurisdiction.
        "if": no_city,
        "then": {"properties": {"rules": {"items": {"required": ["jurisdiction"]}}}},
        "$defs": {"rule": rule, "condition": {"oneOf": conditions}},
    }


@final
@attrs.frozen(kw_only=True, eq=False)
class RuleFile:
    """A city's rules stated in a TOML file: a plugin object with no code.

    Read one with :meth:`read` (or :func:`~labourbrand.plugins.read_rule_files`
    for several files and directories), and pass it wherever a plugin object
    goes: :meth:`Policy.shaanxi <labourbrand.policy.Policy.shaanxi>` (or its
    ``rule_files`` argument, which reads the files for you),
    :func:`~labourbrand.testing.conformance.check_plugin`, the pytest fixtures. It
    implements :func:`~labourbrand.plugins.hookspecs.labourbrand_rules` (the
    file's rules) and :func:`~labourbrand.plugins.hookspecs.labourbrand_period`
    (the file's ``[plugin.period]``, or ``None``), so the loader checks its
    rules as it checks a Python plugin's. :doc:`/reference/rule-files`
    describes the format.

    Example:
        >>> rules = RuleFile.from_text('''
        ... [plugin]
        ... city = "610700"
        ... [[rules]]
        ... measure = "employment_award"
        ... first_day = 2023-01-01
        ... flat_yuan = "150000"
        ... reference = "illustrative: no published amount"
        ... illustrative = true
        ... ''', name="hanzhong")
        >>> [(r.jurisdiction, r.formula) for r in rules.labourbrand_rules()]
        [('610700', Flat(amount=Fen(15000000)))]

    .. versionadded:: 0.2.0
    """

    #: The plugin's name: the file's stem, or its entry point's name.
    name: str
    #: Where the rules were read from (an absolute path), or ``"<text>"``.
    path: str
    #: The SHA-256 checksum of the file's bytes, in hex.
    sha256: str
    #: The file's rules, in the order it states them.
    rules: tuple[Rule, ...]
    #: ``[plugin] city``: the jurisdiction of every rule that names none.
    city: str | None = None
    #: ``[plugin] version``: the version decisions name, if the file gives one.
    version: str | None = None
    #: ``[plugin.period]``: the days the rules cover without a gap, if declared.
    period: tuple[pendulum.Date, pendulum.Date | None] | None = None

    @property
    def __version__(self) -> str | None:
        """The file's version, read by the loader as a Python plugin's ``__version__``."""
        return self.version

    @hookimpl
    def labourbrand_rules(self) -> tuple[Rule, ...]:
        """Return the file's rules."""
        return self.rules

    @hookimpl
    def labourbrand_period(
        self,
    ) -> tuple[pendulum.Date, pendulum.Date | None] | None:
        """Return the file's ``[plugin.period]``, or ``None`` if it declares none."""
        return self.period

    @staticmethod
    def json_schema() -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of a rule file's data, as :meth:`read` reads it.

        The file's TOML read as JSON, its days written ``"YYYY-MM-DD"``:
        ``labourbrand schema RuleFile`` prints it. Made of the same
        declarations of keys the reader checks a file against; what it
        cannot say (a measure or county the policy knows, a jurisdiction
        the plugin may set) the reader and the policy's build check.

        Example:
            >>> schema = RuleFile.json_schema()
            >>> sorted(schema["$defs"]["rule"]["required"])
            ['first_day', 'measure', 'reference']

        .. versionadded:: 0.2.0
        """
        return _rule_file_schema()

    @classmethod
    def read(cls, path: str | os.PathLike[str], *, name: str | None = None) -> RuleFile:
        """Read the rule file at *path*.

        Args:
            path: the file.
            name: the plugin's name; by default the file's stem
                (``hanzhong.toml`` is ``hanzhong``).

        Raises:
            PolicyDataError: the file cannot be read, is not UTF-8 TOML, or
                a key is missing, unknown or bad; every problem is listed with
                the file and its path (``hanzhong.toml: … @ $.rules[0].flat_yuan``).
        """
        file = pathlib.Path(path)
        source = os.fspath(path)
        try:
            data = file.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise PolicyDataError(
                source, [f"Expected a readable rule file but got: {reason} @ $"]
            ) from exc
        return cls.from_text(
            data,
            name=file.name.removesuffix(".toml") if name is None else name,
            source=source,
            path=str(file.resolve()),
        )

    @classmethod
    def from_text(
        cls,
        text: str | bytes,
        *,
        name: str,
        source: str = "<text>",
        path: str | None = None,
    ) -> RuleFile:
        """Read rules from the TOML *text* of a rule file.

        Args:
            text: the TOML text, or its UTF-8 bytes.
            name: the plugin's name (letters, digits, ``_``, ``.`` and ``-``).
            source: where the text came from, for messages.
            path: the file the text was read from, for listings; by default
                *source*.

        Raises:
            PolicyDataError: as :meth:`read`.
        """
        data = text.encode("utf-8") if isinstance(text, str) else text
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = f"Expected UTF-8 text but got {exc.reason} @ $"
            raise PolicyDataError(source, [problem]) from exc
        errors: list[str] = []
        given: object = name  # callers may pass anything at run time
        if not (isinstance(given, str) and _NAME.fullmatch(given)):
            errors.append(
                "Expected a plugin name (the file's stem) of letters, digits, '_', "
                f"'.' and '-' but got {show(name)} @ $"
            )
        fields = _read(read_toml(decoded, source), errors)
        if errors:
            raise PolicyDataError(source, errors)
        return cls(
            name=name,
            path=source if path is None else path,
            sha256=hashlib.sha256(data).hexdigest(),
            rules=fields.rules,
            city=fields.city,
            version=fields.version,
            period=fields.period,
        )


class _Fields(NamedTuple):
    """What a file states, besides the plugin's name, path and checksum."""

    rules: tuple[Rule, ...]
    city: str | None
    version: str | None
    period: tuple[pendulum.Date, pendulum.Date | None] | None


def _read(data: Mapping[str, object], errors: list[str]) -> _Fields:
    """What the file states; problems go to *errors*."""
    unknown_keys(data, _TOP_KEYS, "$", errors)
    city: str | None = None
    version: str | None = None
    period: tuple[pendulum.Date, pendulum.Date | None] | None = None
    if "plugin" in data:
        plugin = table_at(data, "plugin", "$", errors)
        if plugin is not None:
            unknown_keys(plugin, _PLUGIN_KEYS, "$.plugin", errors)
            city = text_at(plugin, "city", "$.plugin", errors, required=False) or None
            version = (
                text_at(plugin, "version", "$.plugin", errors, required=False) or None
            )
            if "period" in plugin:
                period = _period(plugin, errors)
    rules: list[Rule] = []
    raw = data.get("rules")
    if not (isinstance(raw, list) and raw):
        shown = f"got {show(raw)}" if "rules" in data else "the key is missing"
        errors.append(f"Expected at least one [[rules]] table but {shown} @ $.rules")
    else:
        for index, item in enumerate(raw):
            rule = _rule(item, f"$.rules[{index}]", city, errors)
            if rule is not None:
                rules.append(rule)
    return _Fields(tuple(rules), city, version, period)


def _day(
    table: Mapping[str, object], key: str, path: str, errors: list[str]
) -> pendulum.Date | None:
    """The day at *key* (a TOML date or ``"YYYY-MM-DD"``); ``None`` if absent or bad."""
    if key not in table:
        return None
    try:
        return as_date(table[key])  # type: ignore[arg-type]
    except InvalidArgumentError:
        errors.append(
            f'Expected a day (2023-01-01 or "2023-01-01") but got {show(table[key])} @ {key_path(path, key)}'
        )
        return None


def _period(
    plugin: Mapping[str, object], errors: list[str]
) -> tuple[pendulum.Date, pendulum.Date | None] | None:
    table = table_at(plugin, "period", "$.plugin", errors)
    if table is None:
        return None
    path = "$.plugin.period"
    unknown_keys(table, _PERIOD_KEYS, path, errors)
    before = len(errors)
    first = _day(table, "first_day", path, errors)
    if first is None and "first_day" not in table:
        errors.append(f"Expected a day but the key is missing @ {path}.first_day")
    last = _day(table, "last_day", path, errors)
    if len(errors) > before or first is None:
        return None
    if last is not None and last < first:
        errors.append(
            f"Expected last_day on or after first_day={first.isoformat()} but got {last.isoformat()} @ {path}.last_day"
        )
        return None
    return first, last


def _yuan(value: object, path: str, errors: list[str]) -> Fen | None:
    """An amount in yuan: a TOML integer or a decimal string; never a float."""
    if isinstance(value, float):
        errors.append(
            f'Expected yuan as an integer (150000) or a decimal string ("150000.50") '
            f"but got {show(value)}: a float cannot hold every fen exactly @ {path}"
        )
        return None
    if not (
        (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, str) and _YUAN.fullmatch(value))
    ):
        errors.append(
            "Expected yuan as an integer (150000) or a decimal string with at most "
            f'two decimals ("150000.50") but got {show(value)} @ {path}'
        )
        return None
    try:
        return Fen.from_yuan(value)
    except InvalidArgumentError as exc:
        errors.append(f"{exc} @ {path}")
        return None


def _ratio(value: object, path: str, errors: list[str]) -> Ratio | None:
    if not (isinstance(value, str) and _RATIO.fullmatch(value)):
        errors.append(
            f'Expected a ratio as a decimal string ("0.30") but got {show(value)} @ {path}'
        )
        return None
    try:
        return Ratio(Decimal(value))
    except InvalidArgumentError as exc:
        errors.append(f"{exc} @ {path}")
        return None


def _formula(
    rule: Mapping[str, object], path: str, errors: list[str]
) -> Flat | PerHead | Ratio | None:
    """The rule's formula: exactly one of flat_yuan, per_head_yuan (with cap_yuan) or ratio."""
    given = [key for key in _FORMULAS if key in rule]
    if len(given) != 1:
        errors.append(
            f"Expected exactly one of {', '.join(_FORMULAS)} but got "
            f"{' and '.join(given) or 'none'} @ {path}"
        )
        return None
    key = given[0]
    if "cap_yuan" in rule and key != "per_head_yuan":
        errors.append(
            f"Expected cap_yuan only beside per_head_yuan but got it beside {key} @ {path}.cap_yuan"
        )
        return None
    where = key_path(path, key)
    if key == "flat_yuan":
        amount = _yuan(rule[key], where, errors)
        return None if amount is None else Flat(amount)
    if key == "ratio":
        return _ratio(rule[key], where, errors)
    return _per_head(rule, path, errors)


def _per_head(
    rule: Mapping[str, object], path: str, errors: list[str]
) -> PerHead | None:
    where = f"{path}.per_head_yuan"
    rates = rule["per_head_yuan"]
    if not (isinstance(rates, dict) and rates):
        errors.append(
            f'Expected a table of head count = yuan, e.g. {{rural_signed = "300"}}, '
            f"but got {show(rates)} @ {where}"
        )
        return None
    before = len(errors)
    pairs: list[tuple[str, Fen]] = []
    for head, rate in rates.items():
        if head not in HEAD_COUNTS:
            errors.append(
                f"Expected a head count among {', '.join(sorted(HEAD_COUNTS))} "
                f"but got {head!r} @ {key_path(where, head)}"
            )
        amount = _yuan(rate, key_path(where, head), errors)
        if amount is not None:
            pairs.append((head, amount))
    cap = None
    if "cap_yuan" in rule:
        cap = _yuan(rule["cap_yuan"], f"{path}.cap_yuan", errors)
    if len(errors) > before:
        return None
    return PerHead(rates=pairs, cap=cap)


#: What :func:`_checked` returns for a value its field refuses.
_BAD: Final = object()


def _checked(
    cls: type, name: str, value: object, path: str, errors: list[str]
) -> object:
    """*value* through the converter and validator of field *name* of *cls*; :data:`_BAD` if refused.

    The checks are the class's own, so a file is held to the same rules as a
    plugin's code; the problem names the key (``@ $.rules[0].measure``).
    """
    field = getattr(attrs.fields(cls), name)
    try:
        if field.converter is not None:
            value = field.converter(value)
        if field.validator is not None:
            field.validator(None, field, value)
    except InvalidArgumentError as exc:
        errors.append(f"{exc} @ {path}.{exc.field or name}")
        return _BAD
    return value


def _conditions(
    rule: Mapping[str, object], path: str, errors: list[str]
) -> list[CityCondition]:
    raw = rule.get("conditions", [])
    where = f"{path}.conditions"
    if not isinstance(raw, list):
        errors.append(
            f"Expected an array of [[rules.conditions]] tables but got {show(raw)} @ {where}"
        )
        return []
    found: list[CityCondition] = []
    for index, item in enumerate(raw):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            errors.append(f"Expected a table but got {show(item)} @ {here}")
            continue
        kind = item.get("kind")
        if not (isinstance(kind, str) and kind in _CONDITIONS):
            shown = f"got {show(kind)}" if "kind" in item else "the key is missing"
            errors.append(
                f"Expected a kind among {', '.join(sorted(_CONDITIONS))} but {shown} @ {here}.kind"
            )
            continue
        cls, keys = _CONDITIONS[kind]
        before = len(errors)
        unknown_keys(item, keys, here, errors)
        values = {}
        for key in sorted(keys - {"kind"}):
            if key not in item:
                errors.append(f"Expected a value but the key is missing @ {here}.{key}")
            else:
                values[key] = _checked(cls, key, item[key], here, errors)
        if len(errors) == before:
            found.append(cls(**values))  # type: ignore[arg-type]
    return found


def _rule(raw: object, path: str, city: str | None, errors: list[str]) -> Rule | None:
    """One ``[[rules]]`` table as a :class:`~labourbrand.rules.Rule`; ``None`` after a problem."""
    if not isinstance(raw, dict):
        errors.append(f"Expected a table but got {show(raw)} @ {path}")
        return None
    before = len(errors)
    unknown_keys(raw, _RULE_KEYS, path, errors)
    measure = text_at(raw, "measure", path, errors)
    if measure:
        _checked(Rule, "measure", measure, path, errors)
    reference = text_at(raw, "reference", path, errors)
    jurisdiction = city
    if "jurisdiction" in raw or city is None:
        jurisdiction = text_at(raw, "jurisdiction", path, errors)
    first_day = _day(raw, "first_day", path, errors)
    if "first_day" not in raw:
        errors.append(f"Expected a day but the key is missing @ {path}.first_day")
    last_day = _day(raw, "last_day", path, errors)
    illustrative = raw.get("illustrative", False)
    if not isinstance(illustrative, bool):
        errors.append(
            f"Expected true or false but got {show(illustrative)} @ {path}.illustrative"
        )
    formula = _formula(raw, path, errors)
    conditions = _conditions(raw, path, errors)
    delegates_to = raw.get("delegates_to", [])
    if not isinstance(delegates_to, list):
        errors.append(
            f"Expected an array of six-digit county codes but got {show(delegates_to)} @ {path}.delegates_to"
        )
    else:
        _checked(Rule, "delegates_to", delegates_to, path, errors)
    if len(errors) > before:
        return None
    try:
        return Rule(
            measure=measure,
            jurisdiction=jurisdiction,  # type: ignore[arg-type]
            first_day=first_day,  # type: ignore[arg-type]
            last_day=last_day,
            formula=formula,  # type: ignore[arg-type]
            reference=reference,
            illustrative=illustrative,
            delegates_to=delegates_to,
            conditions=conditions,
        )
    except InvalidArgumentError as exc:  # across fields: last_day before first_day
        errors.append(f"{exc} @ {path}.{exc.field}")
        return None


def rule_file_paths(paths: Iterable[str | os.PathLike[str]]) -> list[pathlib.Path]:
    """The rule files *paths* name: a file itself, a directory's ``*.toml`` files by name.

    Raises:
        InvalidArgumentError: *paths* is one path rather than a collection.
        PolicyDataError: a path is neither a file nor a directory with a
            ``*.toml`` file.
    """
    if isinstance(paths, str | os.PathLike):
        msg = (
            f"Expected a collection of paths but got {show(paths)}: "
            f"write [{os.fspath(paths)!r}] for one file"
        )
        raise InvalidArgumentError(msg, field="rule_files")
    found: list[pathlib.Path] = []
    failures: list[PolicyDataError] = []
    for given in paths:
        path = pathlib.Path(given)
        if path.is_dir():
            files = sorted(p for p in path.glob("*.toml") if p.is_file())
            if files:
                found.extend(files)
                continue
        elif path.is_file():
            found.append(path)
            continue
        failures.append(
            PolicyDataError(
                os.fspath(given),
                [
                    "Expected a rule file or a directory of *.toml rule files but found none @ $"
                ],
            )
        )
    if failures:
        raise combined(failures, "rule files")
    return found


def read_rule_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[RuleFile, ...]:
    """Read rule files, and the ``*.toml`` files of directories, each as one plugin.

    Each file is a plugin named after its stem (``rules/hanzhong.toml`` is
    ``hanzhong``); a directory's files are read in name order.

    Args:
        paths: rule files, or directories of them.

    Returns:
        One :class:`RuleFile` per file, in order.

    Raises:
        InvalidArgumentError: *paths* is one path rather than a collection.
        PolicyDataError: a path is neither, or a file is bad: every problem of
            every file, each with the file and its path in the file.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "hanzhong.toml").write_text('''
        ... [[rules]]
        ... measure = "employment_award"
        ... jurisdiction = "610700"
        ... first_day = 2023-01-01
        ... flat_yuan = 150000.0
        ... reference = "illustrative"
        ... ''', encoding="utf-8")
        >>> read_rule_files([folder])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.PolicyDataError: .../hanzhong.toml: 1 invalid field
          .../hanzhong.toml: Expected yuan as an integer (150000) or a decimal string ("150000.50") but got 150000.0 (type=float): a float cannot hold every fen exactly @ $.rules[0].flat_yuan

    .. versionadded:: 0.2.0
    """
    read: list[RuleFile] = []
    failures: list[PolicyDataError] = []
    for file in rule_file_paths(paths):
        try:
            read.append(RuleFile.read(file))
        except PolicyDataError as exc:
            failures.append(exc)
    if failures:
        raise combined(failures, "rule files")
    return tuple(read)


def paths_from_env() -> list[pathlib.Path]:
    """The paths of :data:`RULES_ENV`, in order; blanks are ignored."""
    value = os.environ.get(RULES_ENV, "")
    return [pathlib.Path(p) for p in value.split(os.pathsep) if p.strip()]


def load_entry_point(ep: importlib.metadata.EntryPoint) -> object:
    """The plugin an entry point names: a rule file for ``module:FILE.toml``, else the object.

    ``hanzhong = "hanzhong_labourbrand:rules.toml"`` names the file
    ``rules.toml`` inside the package ``hanzhong_labourbrand``, read as a
    :class:`RuleFile` named after the entry point.

    Raises:
        PolicyDataError: the file is missing or bad.
        Exception: whatever importing a Python entry point raises.
    """
    attr = ep.attr
    if not (attr and attr.endswith(".toml")):
        return ep.load()
    resource: Traversable = importlib.resources.files(ep.module) / attr
    source = f"{ep.module}:{attr}"
    try:
        data = resource.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        msg = f"Expected the rule file {attr} in package {ep.module} but got: {reason} @ $"
        raise PolicyDataError(source, [msg]) from exc
    return RuleFile.from_text(data, name=ep.name, source=source, path=str(resource))
