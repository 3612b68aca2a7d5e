"""JSON Schemas read off the attrs classes the converter reads (private).

:func:`labourbrand.serialization.json_schema` is the public face. The schema
of a class is built from what its fields declare, the one source the
converter of :func:`~labourbrand.serialization.make_converter` reads too:
each field's type (``int`` an integer and never a boolean, a
:class:`~labourbrand.Fen` an integer of fen, a day a ``"YYYY-MM-DD"``
string, a :class:`~decimal.Decimal` a decimal string, an enumeration its
values, a tuple an array), whether it has a default (else it is required),
its validators (a count's minimum, a code's pattern, an ``in_`` choice, see
:func:`labourbrand._validators.json_schema_of`), the documentation of the
class and of each field (its ``#:`` comment), and no key beyond the fields
(``additionalProperties: false``, as the converter refuses unknown keys).
What a class checks across fields (counts that nest, a day before another)
is said in its description, and refused by the converter alone.

This module sits on the ground floor: it imports nothing of
:mod:`labourbrand` above :mod:`~labourbrand.money` and
:mod:`~labourbrand._validators`.
"""

from __future__ import annotations

import ast
import collections.abc
import datetime as dt
import enum
import inspect
import re
import textwrap
import types
import typing
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum

from labourbrand._validators import json_schema_of
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import MAX_FEN, Fen


if typing.TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["DAY_PATTERN", "DIALECT", "SchemaBuilder", "json_schema", "summary"]

#: The JSON Schema dialect written: draft 2020-12 (also OpenAPI 3.1's).
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: The shape of a day; ``format: date`` asks a validator that checks formats
#: for a real day too.
DAY_PATTERN: Final = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: A decimal string as :class:`~decimal.Decimal` reads it (finite).
_DECIMAL_PATTERN: Final = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"

_LEAVES: Final[Mapping[object, Mapping[str, object]]] = {
    type(None): {"type": "null"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    Fen: {
        "type": "integer",
        "minimum": 0,
        "maximum": MAX_FEN,
        "description": "An amount of money in integer fen (分): 100 fen = 1 yuan.",
    },
    pendulum.Date: {
        "type": "string",
        "format": "date",
        "pattern": DAY_PATTERN,
        "description": "A calendar day, YYYY-MM-DD.",
    },
    Decimal: {
        "type": "string",
        "pattern": _DECIMAL_PATTERN,
        "description": 'A decimal number as a string, e.g. "0.30".',
    },
}

#: A Sphinx cross-reference, ``:attr:`~pkg.Name.field```: its target is kept.
_ROLE: Final = re.compile(r":[a-z]+:`~?([^`<]*?)(?: <[^`]*>)?`")


def _plain(text: str) -> str:
    """Docstring markup as plain text: roles by their target, literals by themselves."""
    text = _ROLE.sub(lambda m: m.group(1), text)
    return " ".join(text.replace("``", "").split())


def summary(doc: str | None) -> str | None:
    """The first paragraph of a docstring, on one line, as plain text."""
    if not doc:
        return None
    return _plain(inspect.cleandoc(doc).split("\n\n", 1)[0]) or None


def _field_docs(cls: type) -> dict[str, str]:
    """The ``#:`` comment above each field of *cls*, by field name."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # no source (a class made at run time)
        return {}
    lines = source.splitlines()
    found: dict[str, str] = {}
    try:
        body = ast.parse(source).body[0]
    except (SyntaxError, IndexError):  # pragma: no cover - getsource gave a class
        return {}
    for node in getattr(body, "body", ()):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            comment: list[str] = []
            row = node.lineno - 2
            while row >= 0 and lines[row].strip().startswith("#:"):
                comment.insert(0, lines[row].strip()[2:].strip())
                row -= 1
            text = _plain(" ".join(line for line in comment if line))
            if text:
                found[node.target.id] = text
    return found


def _is_callable_type(t: Any) -> bool:  # noqa: ANN401 - any type
    return typing.get_origin(t) is collections.abc.Callable


class SchemaBuilder:
    """Build schemas of types, each attrs class once under *prefix* (``$defs`` or OpenAPI's).

    Args:
        prefix: where references point, ``"#/$defs/"`` or
            ``"#/components/schemas/"``.
        hooks: schemas (or functions of the builder giving them) for types
            the converter reads with hooks of its own.
        localns: names to resolve the classes' annotations with.
    """

    def __init__(
        self,
        *,
        prefix: str = "#/$defs/",
        hooks: Mapping[object, Any] | None = None,
        localns: Mapping[str, object] | None = None,
    ) -> None:
        self.prefix = prefix
        self.hooks: Mapping[object, Any] = hooks or {}
        self.localns = dict(localns or {})
        #: The schema of each class met, by its name.
        self.defs: dict[str, dict[str, Any]] = {}
        self._names: dict[type, str] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        """A reference to the schema of attrs class *cls*, built on first use."""
        name = self._names.get(cls)
        if name is None:
            name = cls.__name__
            if name in self.defs:
                other = next(c for c, n in self._names.items() if n == name)
                msg = f"Expected one class named {name} but got {other.__module__}.{name} and {cls.__module__}.{name}"
                raise InvalidArgumentError(msg)
            self._names[cls] = name
            self.defs[name] = {}  # a class that holds itself refers to its own name
            self.defs[name] = self._object(cls)
        return {"$ref": self.prefix + name}

    def schema(self, t: Any) -> dict[str, Any]:  # noqa: ANN401, C901, PLR0911 - one case per kind of type
        """The schema of type *t*."""
        hook = self.hooks.get(t)
        if hook is not None:
            return dict(hook(self) if callable(hook) else hook)
        leaf = _LEAVES.get(t)
        if leaf is not None:
            return dict(leaf)
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"type": "string", "enum": [m.value for m in t]}
        if isinstance(t, type) and attrs.has(t):
            return self.ref(t)
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            # A callable has no JSON form: a union that allows one is read
            # from JSON as the rest.
            options = [a for a in args if not _is_callable_type(a)]
            if len(options) == 1:
                return self.schema(options[0])
            return {"anyOf": [self.schema(a) for a in options]}
        if origin in (tuple, list, frozenset, set, collections.abc.Sequence):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):  # noqa: PLR2004
                return {
                    "type": "array",
                    "prefixItems": [self.schema(a) for a in args],
                    "items": False,
                    "minItems": len(args),
                    "maxItems": len(args),
                }
            return {"type": "array", "items": self.schema(args[0])}
        if origin in (dict, collections.abc.Mapping) and args and args[0] is str:
            return {"type": "object", "additionalProperties": self.schema(args[1])}
        if t is dt.date:
            return dict(_LEAVES[pendulum.Date])
        msg = f"Expected a type with a JSON form but got {t!r}"
        raise InvalidArgumentError(msg)

    def _object(self, cls: type) -> dict[str, Any]:
        fields = attrs.fields(attrs.resolve_types(cls, localns=self.localns))
        docs = _field_docs(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in fields:
            if not field.init:
                continue
            try:
                schema = self.schema(field.type)
            except InvalidArgumentError as exc:
                msg = f"{cls.__name__}.{field.name}: {exc}"
                raise InvalidArgumentError(msg) from exc
            _constrain(schema, field.validator)
            if field.name in docs:
                schema["description"] = docs[field.name]
            if field.default is attrs.NOTHING:
                required.append(field.name)
            else:
                default = _default(field.default)
                if default is not _NO_DEFAULT:
                    schema["default"] = default
            properties[field.name] = schema
        found: dict[str, Any] = {"type": "object", "title": cls.__name__}
        summary_text = summary(cls.__doc__)
        if summary_text:
            found["description"] = summary_text
        found["properties"] = properties
        if required:
            found["required"] = required
        found["additionalProperties"] = False
        return found


_NO_DEFAULT: Final = object()


def _default(value: object) -> object:
    """A field's default as JSON, where it is plain; else :data:`_NO_DEFAULT`."""
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        if getattr(value, "takes_self", False):
            return _NO_DEFAULT
        value = value.factory()  # type: ignore[attr-defined]
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, tuple | list) and not value:
        return []
    if isinstance(value, dict) and not value:
        return {}
    return _NO_DEFAULT


def _fragments(validator: object) -> list[Mapping[str, object]]:  # noqa: PLR0911 - one return per kind of validator
    """The JSON Schema keywords of *validator*: a house validator's, or attrs' own."""
    if validator is None:
        return []
    declared = json_schema_of(validator)
    if declared is not None:
        return [declared]
    kind = type(validator).__name__
    if kind == "_AndValidator":
        return [f for v in validator._validators for f in _fragments(v)]  # type: ignore[attr-defined] # noqa: SLF001
    if kind == "_OptionalValidator":
        return _fragments(validator.validator)  # type: ignore[attr-defined]
    if kind == "_InValidator":
        options = validator.options  # type: ignore[attr-defined]
        return [{"enum": [getattr(o, "value", o) for o in options]}]
    if kind == "_MinLengthValidator":
        return [{"minLength": validator.min_length}]  # type: ignore[attr-defined]
    if kind == "_MaxLengthValidator":
        return [{"maxLength": validator.max_length}]  # type: ignore[attr-defined]
    if kind == "_MatchesReValidator":
        return [{"pattern": validator.pattern.pattern}]  # type: ignore[attr-defined]
    if kind == "_NumberValidator":
        keyword = {
            ">=": "minimum",
            "<=": "maximum",
            ">": "exclusiveMinimum",
            "<": "exclusiveMaximum",
        }.get(validator.compare_op)  # type: ignore[attr-defined]
        return [{keyword: validator.bound}] if keyword else []  # type: ignore[attr-defined]
    return []


def _constrain(schema: dict[str, Any], validator: object) -> None:
    """Add *validator*'s keywords to *schema*, on its branches other than null."""
    for fragment in _fragments(validator):
        targets = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
        for target in targets:
            if "$ref" not in target:
                target.update(fragment)


def json_schema(
    t: Any,  # noqa: ANN401 - any public type
    *,
    hooks: Mapping[object, Any] | None = None,
    localns: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of *t*, its classes under ``$defs``."""
    builder = SchemaBuilder(hooks=hooks, localns=localns)
    root = builder.schema(t)
    document: dict[str, Any] = {"$schema": DIALECT}
    if isinstance(t, type):
        document["title"] = t.__name__
    document.update(root)
    if builder.defs:
        document["$defs"] = dict(sorted(builder.defs.items()))
    return document
