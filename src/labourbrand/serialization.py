"""JSON in and out for every public value type, with errors that name the field.

One factory, :func:`make_converter`, builds a strict :mod:`cattrs` converter:
money is an ``int`` of fen (never a float, never a bool), days are
``"YYYY-MM-DD"`` strings, rates are decimal strings, unknown keys are refused.
Bad input raises :class:`~labourbrand.exceptions.DataError` listing **every**
bad field with its path; the cattrs exception group stays in ``__cause__``.
:func:`json_schema` gives the JSON Schema of what the converter reads and
writes, read off the same classes.

Example:
    >>> import labourbrand as lb
    >>> from labourbrand.serialization import from_json, to_json
    >>> text = to_json(lb.Brand(name_zh="紫阳修脚师", county="610924"))
    >>> from_json(text, lb.Brand).county
    '610924'
    >>> from_json('{"name_zh": "x", "workforce": [{"on": "2023-01-01", '
    ...           '"practitioners": 10, "rural": 5, "rural_signed": 5.0}]}', lb.Brand)
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.DataError: <json>: 1 invalid field
      <json>: Expected an int but got 5.0 (type=float) @ $.workforce[0].rural_signed
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import itertools
import json
import operator
import types
import typing
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, override

from labourbrand import rules
from labourbrand._files import text as _text
from labourbrand._files.text import read_json
from labourbrand._json_shapes import code_unstructure, register_shapes
from labourbrand._model import Brand, WorkforceObservation
from labourbrand._validators import show
from labourbrand.dates import PLAUSIBLE_DAYS, _parse_iso_day
from labourbrand.exceptions import DataError, InvalidArgumentError, LabourBrandError
from labourbrand.money import Fen


if typing.TYPE_CHECKING:
    from collections.abc import Callable, Mapping


__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "SCHEMA_VERSION",
    "from_dict",
    "from_json",
    "json_schema",
    "make_converter",
    "to_dict",
    "to_json",
]

#: Version of the JSON shapes this module writes. It changes only with a major release.
SCHEMA_VERSION: Final = 1

#: The deepest nesting of arrays and objects :func:`from_json` reads (64): the
#: model nests four levels, and Python's parser would fail at about 1,000.
#:
#: .. versionadded:: 0.2.0
MAX_DEPTH: Final = _text.MAX_DEPTH
#: The most digits of an integer :func:`from_json` and :func:`from_dict` read
#: (30): no amount or count of the model comes near, and Python refuses to
#: convert more than 4,300.
#:
#: .. versionadded:: 0.2.0
MAX_DIGITS: Final = _text.MAX_DIGITS

#: The integers read are below ``10**MAX_DIGITS`` in size.
_INT_BOUND: Final = 10**MAX_DIGITS

T = TypeVar("T")


def _type_error(expected: str, value: object) -> TypeError:
    return TypeError(f"Expected {expected} but got {show(value)}")


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _type_error("an int", value)
    if not -_INT_BOUND < value < _INT_BOUND:
        raise _type_error(f"an int of at most {MAX_DIGITS} digits", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _type_error("true or false", value)
    return value


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _type_error("a string", value)
    return value


def _enum_error(cls: type[enum.StrEnum], value: object) -> TypeError:
    choices = ", ".join(repr(m.value) for m in cls)
    return _type_error(f"one of {choices}", value)


class _ValueMaps(dict[type, dict[object, enum.Enum]]):
    """Each enum's map of values to members, found once.

    The map skips ``Enum.__call__``, which dominated structuring time; even
    reading it from the enum class costs more than this lookup.
    """

    def __missing__(self, cls: type[enum.Enum]) -> dict[object, enum.Enum]:
        found = self[cls] = cls._value2member_map_
        return found


_VALUE_MAPS: Final = _ValueMaps()


def _structure_enum(value: object, cls: type[enum.StrEnum]) -> enum.StrEnum:
    member = _VALUE_MAPS[cls].get(value) if type(value) is str else None
    if member is None:
        raise _enum_error(cls, value)
    return member  # type: ignore[return-value]


def _enum_structure(cls: type[enum.StrEnum]) -> Callable[[object, Any], enum.StrEnum]:
    """The hook of one enum, its value map bound once."""
    member_of = _VALUE_MAPS[cls].get

    def structure(value: object, _: Any) -> enum.StrEnum:  # noqa: ANN401
        member = member_of(value) if type(value) is str else None
        if member is None:
            raise _enum_error(cls, value)
        return member  # type: ignore[return-value]

    return structure


def _structure_fen(value: object, _: type) -> Fen:
    if type(value) is not int:
        raise _type_error("an int number of fen", value)
    return Fen(value)


_DAY: Final = (
    f'a day "YYYY-MM-DD" from {PLAUSIBLE_DAYS.first_day.isoformat()} '
    f"to {PLAUSIBLE_DAYS.last_day.isoformat()}"
)
_FIRST_DAY: Final = PLAUSIBLE_DAYS.first_day
_LAST_DAY: Final = PLAUSIBLE_DAYS.last_day


def _structure_date(value: object, _: type) -> pendulum.Date:
    if type(value) is not str:
        raise _type_error(_DAY, value)
    # The cached parser itself: None for text that is not a real day.
    day = _parse_iso_day(value)
    if day is None or not _FIRST_DAY <= day <= _LAST_DAY:
        raise _type_error(_DAY, value)
    return day


def _structure_decimal(value: object, _: type) -> Decimal:
    if type(value) is not str:
        raise _type_error('a decimal string such as "0.50"', value)
    try:
        result = Decimal(value)
    except decimal.InvalidOperation:
        raise _type_error('a decimal string such as "0.50"', value) from None
    if not result.is_finite():
        raise _type_error("a finite decimal", value)
    return result


def _structure_optional_str(value: object, _: type) -> str | None:
    if value is None or type(value) is str:
        return value
    raise _type_error("a string", value)


def _structure_optional_int(value: object, _: type) -> int | None:
    if value is None:
        return None
    return _structure_int(value, _)


def _structure_optional_date(value: object, _: type) -> pendulum.Date | None:
    if value is None:
        return None
    return _structure_date(value, _)


#: ``X | None`` in one call, not two, for the leaves the model has most.
_OPTIONAL_LEAVES: Final[dict[object, Callable[[object, type], object]]] = {
    _structure_str: _structure_optional_str,
    _structure_int: _structure_optional_int,
    _structure_date: _structure_optional_date,
}


def _is_homogeneous_tuple(t: Any) -> bool:  # noqa: ANN401 - any type
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def _is_list(t: Any) -> bool:  # noqa: ANN401 - any type
    return typing.get_origin(t) is list and len(typing.get_args(t)) == 1


def _is_optional(t: Any) -> bool:  # noqa: ANN401 - any type
    args = typing.get_args(t)
    return (
        typing.get_origin(t) in (typing.Union, types.UnionType)
        and len(args) == 2  # noqa: PLR2004
        and type(None) in args
    )


def _hooks(conv: cattrs.Converter) -> tuple[Any, Any]:
    # cattrs < 24 has no public getters; the dispatchers are what they wrap.
    private_structure = conv._structure_func.dispatch  # noqa: SLF001
    private_unstructure = conv._unstructure_func.dispatch  # noqa: SLF001
    structure = getattr(conv, "get_structure_hook", None) or private_structure
    unstructure = getattr(conv, "get_unstructure_hook", None) or private_unstructure
    return structure, unstructure


def _list_structure(
    as_tuple: Callable[[object, Any], tuple[Any, ...]],
) -> Callable[[object, Any], list[Any]]:
    """A list hook made of the tuple hook: the same checks, and a JSON array required."""
    return lambda value, _: list(as_tuple(value, None))


def _lazy(
    get_structure: Callable[[Any], Callable[[object, Any], Any]],
    t: Any,  # noqa: ANN401 - any type
    *,
    none: bool,
) -> Callable[[object, Any], Any]:
    """The hook of class *t* (or ``None`` if *none*), looked up on first use.

    A class may hold itself (a tree); looking its hook up while it is being
    made would recurse without end under cattrs 23.
    """
    found: list[Callable[[object, Any], Any]] = []

    def structure(value: object, _: Any) -> Any:  # noqa: ANN401
        if none and value is None:
            return None
        if not found:
            found.append(get_structure(t))
        return found[0](value, t)

    return structure


def _optional_structure(
    get_structure: Callable[[Any], Callable[[object, Any], Any]],
    t: Any,  # noqa: ANN401 - any type
) -> Callable[[object, Any], Any]:
    """The hook of ``X | None``: one call, not two, for the leaves the model has most."""
    inner = next(a for a in typing.get_args(t) if a is not type(None))
    if attrs.has(inner):
        return _lazy(get_structure, inner, none=True)
    handler = get_structure(inner)
    if handler is _structure_enum:
        member_of = _VALUE_MAPS[inner].get

        def structure_enum(value: object, _: Any) -> Any:  # noqa: ANN401
            if value is None:
                return None
            member = member_of(value) if type(value) is str else None
            if member is None:
                raise _enum_error(inner, value)
            return member

        return structure_enum
    leaf = _OPTIONAL_LEAVES.get(handler)
    if leaf is not None:
        return leaf

    def structure(value: object, _: Any) -> Any:  # noqa: ANN401
        return None if value is None else handler(value, inner)

    return structure


def _register_fast_paths(conv: cattrs.Converter) -> None:
    """Resolve the item hook of ``tuple[X, ...]`` and ``X | None`` once per type.

    cattrs' generic handlers look the item hook up on every call, which is
    most of the time spent on a brand. A JSON array is required for a tuple
    (cattrs would iterate the keys of an object).
    """
    get_structure, get_unstructure = _hooks(conv)
    generic_tuple = conv._structure_tuple  # noqa: SLF001
    detailed = conv.detailed_validation

    def tuple_structure(t: Any) -> Callable[[object, Any], tuple[Any, ...]]:  # noqa: ANN401
        item = typing.get_args(t)[0]
        handler = (
            _lazy(get_structure, item, none=False)
            if attrs.has(item)
            else get_structure(item)
        )

        def structure(value: object, _: Any) -> tuple[Any, ...]:  # noqa: ANN401
            if type(value) is not list:
                raise _type_error("a JSON array", value)
            if detailed:  # keep cattrs' per-index error notes
                return generic_tuple(value, t)
            if not value:
                return ()
            return tuple(map(handler, value, itertools.repeat(item, len(value))))

        return structure

    def tuple_unstructure(t: Any) -> Callable[[tuple[Any, ...]], list[Any]]:  # noqa: ANN401
        handler = get_unstructure(typing.get_args(t)[0])
        if handler is identity:
            return list
        return lambda value: list(map(handler, value))

    def optional_unstructure(t: Any) -> Callable[[Any], Any]:  # noqa: ANN401
        inner = next(a for a in typing.get_args(t) if a is not type(None))
        handler = get_unstructure(inner)
        if handler is identity:
            # cattrs then writes the attribute itself, with no call at all.
            return typing.cast("Callable[[Any], Any]", identity)
        return lambda value: None if value is None else handler(value)

    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuple_structure)
    conv.register_structure_hook_factory(
        _is_list,
        lambda t: _list_structure(
            tuple_structure(tuple.__class_getitem__((typing.get_args(t)[0], ...)))
        ),
    )
    conv.register_structure_hook_factory(
        _is_optional, functools.partial(_optional_structure, get_structure)
    )
    conv.register_unstructure_hook_factory(_is_homogeneous_tuple, tuple_unstructure)
    conv.register_unstructure_hook_factory(_is_optional, optional_unstructure)


_keys: Final = operator.methodcaller("keys")


def _register_fast_classes(conv: cattrs.Converter) -> None:
    """Hooks for attrs classes in a converter without ``forbid_extra_keys`` or details.

    Unknown keys are refused by a subset test in C: cattrs' own check builds
    two sets per object, an eighth of the time spent on a brand. Each class
    gets a frozen set of its keys, and the items of a ``tuple[X, ...]`` of
    such a class are checked all at once before their hooks are called.
    Each enum field gets its enum's own hook (an ``override``), with the
    value map bound once. Only the fast converter of :func:`from_dict` is
    made so: an error there is reported by the detailed converter, with
    cattrs' check and message.
    """
    classes: dict[type, tuple[Callable[[Any, Any], Any], frozenset[str]]] = {}
    get_structure = _hooks(conv)[0]

    def class_structure(cl: Any) -> Callable[[Any, Any], Any]:  # noqa: ANN401
        fields = attrs.fields(attrs.resolve_types(cl))
        enums: dict[str, Any] = {
            a.name: override(struct_hook=_enum_structure(a.type))
            for a in fields
            if isinstance(a.type, type) and issubclass(a.type, enum.StrEnum)
        }
        inner = make_dict_structure_fn(
            cl,
            conv,
            _cattrs_forbid_extra_keys=False,
            _cattrs_detailed_validation=False,
            **enums,
        )
        known = frozenset(a.alias for a in fields)
        classes[cl] = inner, known

        def structure(value: Any, _: Any) -> Any:  # noqa: ANN401
            # .keys(), as cattrs reads it: only a mapping passes.
            if not known.issuperset(value.keys()):
                raise _type_error(f"only the keys of {cl.__name__}", value)
            return inner(value, cl)

        return structure

    def tuple_structure(t: Any) -> Callable[[object, Any], tuple[Any, ...]]:  # noqa: ANN401
        item = typing.get_args(t)[0]
        get_structure(item)  # resolves the item's class hook, and its keys
        inner, known = classes[item]

        def structure(value: object, _: Any) -> tuple[Any, ...]:  # noqa: ANN401
            if type(value) is not list:
                raise _type_error("a JSON array", value)
            if not all(map(known.issuperset, map(_keys, value))):
                raise _type_error(f"only the keys of {item.__name__}", value)
            return tuple(map(inner, value, itertools.repeat(item, len(value))))

        return structure

    conv.register_structure_hook_factory(attrs.has, class_structure)
    conv.register_structure_hook_factory(
        lambda t: _is_homogeneous_tuple(t) and attrs.has(typing.get_args(t)[0]),
        tuple_structure,
    )


#: Names the annotations of :class:`~labourbrand.rules.Rule` use only for type checking.
_RULE_NAMES: Final = {"Brand": Brand, "WorkforceObservation": WorkforceObservation}
#: A rule's formula, told apart by the key only its class has.
_FORMULAS: Final = (
    ("amount", rules.Flat),
    ("rates", rules.PerHead),
    ("value", rules.Ratio),
)


def _register_rules(conv: cattrs.Converter) -> None:
    """Rules as JSON: a formula is a Flat, PerHead or Ratio object, a condition a MinimumCount or Declines.

    A per-brand callable formula has no JSON form: writing one is refused.
    """
    attrs.resolve_types(rules.Rule, localns=_RULE_NAMES)
    formula = attrs.fields(rules.Rule).formula.type
    condition: Any = rules.CityCondition

    def structure_formula(value: object, _: Any) -> object:  # noqa: ANN401
        if type(value) is dict:
            for key, cls in _FORMULAS:
                if key in value:
                    return conv.structure(value, cls)
        raise _type_error(
            'a formula object with "amount" (Flat), "rates" (PerHead) or "value" (Ratio)',
            value,
        )

    def unstructure_formula(value: object) -> object:
        if not attrs.has(type(value)):
            return code_unstructure(value)  # a per-brand callable: refused
        return conv.unstructure(value, type(value))

    def structure_condition(value: object, _: Any) -> object:  # noqa: ANN401
        if type(value) is not dict:
            raise _type_error("a JSON object (MinimumCount or Declines)", value)
        cls = rules.MinimumCount if "count" in value else rules.Declines
        return conv.structure(value, cls)

    conv.register_structure_hook(formula, structure_formula)
    conv.register_unstructure_hook(formula, unstructure_formula)
    conv.register_structure_hook(condition, structure_condition)
    conv.register_unstructure_hook(
        condition, lambda value: conv.unstructure(value, type(value))
    )


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """Build the strict converter used for every public type.

    Unknown keys are refused (``forbid_extra_keys``); ``int``, ``bool`` and
    ``str`` fields accept only their own JSON type; :class:`~labourbrand.Fen`
    is an ``int`` of fen; :class:`pendulum.Date` a ``"YYYY-MM-DD"`` string;
    :class:`~decimal.Decimal` a string.
    With *detailed_validation* off the converter is faster but stops at the
    first bad field, without its path.

    Example:
        >>> conv = make_converter()
        >>> conv.unstructure(Fen(150))
        150

    .. versionadded:: 0.1.0
    """
    conv = cattrs.Converter(
        # Without the details, unknown keys are refused by cheaper tests (below).
        forbid_extra_keys=detailed_validation,
        detailed_validation=detailed_validation,
    )
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    # StrEnum comes before str in the MRO of every enum of the model.
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    # C-level getters: no Python frame per field (``.value`` is a property).
    conv.register_unstructure_hook(enum.StrEnum, operator.attrgetter("_value_"))
    conv.register_structure_hook(Fen, _structure_fen)
    conv.register_unstructure_hook(Fen, operator.attrgetter("amount"))
    conv.register_structure_hook(pendulum.Date, _structure_date)
    conv.register_unstructure_hook(pendulum.Date, dt.date.isoformat)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    _register_fast_paths(conv)
    # Sets, unions, values typed ``object`` and code (after the fast paths: a
    # code or several-member union is read there, not as ``X | None``).
    register_shapes(conv, _hooks(conv)[0])
    _register_rules(conv)
    if not detailed_validation:
        _register_fast_classes(conv)
    return conv


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


@functools.cache
def _fast_converter() -> cattrs.Converter:
    return make_converter(detailed_validation=False)


@functools.cache
def _json_converter() -> cattrs.Converter:
    """The converter of :func:`to_json`: str enums and their tuples left to the encoder.

    :mod:`json` and ``orjson`` both write a :class:`enum.StrEnum` member
    as its value and a tuple as an array, so the text is that of
    :func:`to_dict`'s data, with no call per enum field (cattrs writes an
    attribute whose hook is ``identity`` as it is).
    """
    conv = make_converter()
    get_unstructure = _hooks(conv)[1]
    conv.register_unstructure_hook(enum.StrEnum, identity)
    conv.register_unstructure_hook_factory(
        lambda t: (
            _is_homogeneous_tuple(t)
            and get_unstructure(typing.get_args(t)[0]) is identity
        ),
        lambda _: identity,
    )
    return conv


def _format(exc: BaseException, type_: Any) -> str:  # noqa: ANN401 - any target type
    if isinstance(exc, LabourBrandError | TypeError) and str(exc).startswith(
        "Expected"
    ):
        return str(exc)
    if isinstance(exc, AttributeError) and "keys" in str(exc):
        # cattrs reads an attrs class from a mapping; anything else lacks .keys().
        name = getattr(type_, "__name__", str(type_))
        return f"Expected a JSON object for {name} but got another JSON type"
    return cattrs.v.format_exception(exc, type_)


def _leaf(exc: BaseException, type_: Any, path: str) -> str:  # noqa: ANN401 - any target type
    # A class's own check names its field; cattrs only knows the class's path.
    if isinstance(exc, InvalidArgumentError) and exc.field:
        path = f"{path}.{exc.field}"
    return f"{_format(exc, type_)} @ {path}"


def _errors(exc: BaseException, path: str = "$", type_: Any = None) -> list[str]:  # noqa: ANN401
    """Flatten a cattrs exception tree into lines ``<message> @ <path>``.

    Like :func:`cattrs.transform_error`, plus the field a constructor named.
    """
    if isinstance(exc, ClassValidationError | IterableValidationError):
        errors: list[str] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            step = (
                f"[{note.index!r}]"
                if isinstance(note, IterableValidationNote)
                else f".{note.name}"
            )
            errors.extend(_errors(sub, path + step, note.type))
        errors.extend(_leaf(sub, None, path) for sub in without)
        return errors
    return [_leaf(exc, type_, path)]


def to_dict(obj: object) -> Any:  # noqa: ANN401 - JSON-compatible value
    """Turn a value into plain JSON-compatible data (dicts, lists, str, int, bool, None).

    .. versionadded:: 0.1.0
    """
    return _converter().unstructure(obj)


def from_dict(data: object, cls: type[T], *, source: str = "<data>") -> T:
    """Build a *cls* from plain data, checking every field.

    Args:
        data: what :func:`json.loads` returned, or the like.
        cls: the public type to build, e.g. :class:`~labourbrand.Brand`.
        source: where the data came from, for messages (a file name).

    Raises:
        DataError: every bad field, each with its path (``@ $.workforce[0].rural``).

    .. versionadded:: 0.1.0
    """
    try:
        # Valid data is the common case: build it without the bookkeeping of
        # detailed validation, and redo the work with it only to report errors.
        return _replayed(_fast_converter().structure(data, cls), source)
    except DataError:
        raise
    except Exception:  # noqa: BLE001, S110 - reported by the detailed pass below
        pass
    try:
        return _replayed(_converter().structure(data, cls), source)
    except (
        ClassValidationError,
        IterableValidationError,
        LabourBrandError,
        TypeError,
        ValueError,
        KeyError,
        AttributeError,
    ) as exc:
        # The cattrs tree with paths, or an error of the class itself at the root.
        raise DataError(source, _errors(exc, "$", cls)) from exc


def _replayed(value: T, source: str) -> T:
    """*value*, after walking a brand's audit trail through the lifecycle table.

    A trail read from outside must be one the lifecycle could have written:
    each record an edge of the table, by an authority the text names.
    """
    history = getattr(value, "history", None)
    if history and type(value).__name__ == "Brand":
        from labourbrand import lifecycle
        from labourbrand._model import Brand
        from labourbrand.exceptions import IllegalTransitionError

        if not isinstance(value, Brand):
            return value

        try:
            lifecycle.replay(value)
        except IllegalTransitionError as exc:
            raise DataError(source, [f"{exc} @ $.history"]) from exc
    return value


#: The standard library's encoder, compact: the same text orjson writes.
_ENCODER: Final = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(",", ":")
)
_LEAVES: Final = frozenset({str, int, bool, type(None), Decimal, pendulum.Date})


def _orjson() -> types.ModuleType | None:
    """Return ``orjson`` if installed (the ``orjson`` extra), else ``None``."""
    try:
        import orjson  # the orjson extra, loaded on first use
    except ImportError:
        return None
    return orjson


@functools.cache
def _orjson_for(t: Any) -> types.ModuleType | None:  # noqa: ANN401 - any target type
    """Return orjson if it may read and write *t*'s JSON, else ``None``.

    It may when the JSON of *t* can hold no float and no untyped value: then
    orjson writes exactly the text the standard library writes, and reads
    the same values (orjson formats some floats otherwise, ``0.00001`` for
    ``1e-05``, and reads integers beyond 64 bits as floats, which the strict
    ``int`` hooks refuse, so :func:`from_json` redoes that text with
    :mod:`json`).
    """
    return _orjson() if _float_free(t, set()) else None


def _float_free(t: Any, seen: set[type]) -> bool:  # noqa: ANN401 - any type
    if t in _LEAVES or (isinstance(t, type) and issubclass(t, enum.StrEnum)):
        return True
    if isinstance(t, type) and attrs.has(t):
        if t in seen:
            return True
        seen.add(t)
        try:
            hints = typing.get_type_hints(t)
        except NameError:
            return False
        return all(_float_free(hints[a.name], seen) for a in attrs.fields(t))
    if typing.get_origin(t) in (tuple, list, typing.Union, types.UnionType):
        return all(_float_free(a, seen) for a in typing.get_args(t) if a is not ...)
    return False


@functools.cache
def _writer(t: Any) -> Callable[[Any], str]:  # noqa: ANN401 - any public type
    """The compact writer of a *t*: its unstructure hook and codec, found once."""
    unstructure = _hooks(_json_converter())[1](t)
    fast = _orjson_for(t)
    if fast is None:
        return lambda obj: _ENCODER.encode(unstructure(obj))
    dumps = fast.dumps

    def write(obj: Any) -> str:  # noqa: ANN401
        data = unstructure(obj)
        try:
            text: str = dumps(data).decode()
        except TypeError:  # beyond orjson (integers over 64 bits, lone surrogates)
            return _ENCODER.encode(data)
        return text

    return write


@functools.cache
def _reader(t: Any) -> Callable[[str | bytes], Any] | None:  # noqa: ANN401 - any public type
    """The fast reader of a *t* with orjson (no path on errors), or ``None`` without it.

    orjson keeps the last of two equal keys, as :mod:`json` does; the
    strict reader refuses them. So the fast reader takes only text that is
    exactly what orjson writes for the values it read (``to_json``'s text):
    text with a key twice is not, and neither is text with other spacing or
    escapes, which the strict reader reads instead. The check is one write
    and one comparison of bytes, both in C.
    """
    fast = _orjson_for(t)
    if fast is None:
        return None
    structure = _hooks(_fast_converter())[0](t)
    loads, dumps = fast.loads, fast.dumps

    def read(text: str | bytes) -> Any:  # noqa: ANN401 - any public type
        data = loads(text)
        raw = text if isinstance(text, bytes) else text.encode()
        if dumps(data) != raw:
            raise _NotCanonicalError
        return structure(data, t)

    return read


class _NotCanonicalError(Exception):
    """Text the fast reader leaves to the strict one."""


def _clear_caches() -> None:
    """Forget which codec each type uses (for tests that hide orjson)."""
    for cached in (_orjson_for, _writer, _reader):
        cached.cache_clear()


def to_json(obj: object, *, indent: int | None = None) -> str:
    """Serialise a value to JSON text (UTF-8 characters kept as they are).

    Without *indent* the text is compact. With the ``orjson`` extra installed
    it is written by ``orjson`` where that gives the same text as
    :mod:`json` (see :doc:`/explanation/performance`).

    Every public type is written so that :func:`from_json` reads it back
    equal. A value that holds code (a per-brand formula, a guard, a loader)
    or an object of the application's own (a plugin) is not data, and is
    refused.

    Raises:
        InvalidArgumentError: *obj* holds a value JSON cannot hold.

    Example:
        >>> to_json(Fen(150))
        '150'
        >>> from labourbrand import CreatingUnit
        >>> to_json(CreatingUnit(name="紫阳县修脚协会"))
        '{"name":"紫阳县修脚协会","kind":null,"kind_note":null}'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Sets, unions and rules have a JSON form; a value that is not data is
       refused with :class:`~labourbrand.exceptions.InvalidArgumentError`.
    """
    try:
        if indent is not None:
            data = _json_converter().unstructure(obj)
            return json.dumps(data, ensure_ascii=False, indent=indent)
        kind: Any = type(obj)  # a type is hashable, whatever mypy says
        return _writer(kind)(obj)
    except LabourBrandError:
        raise
    except (TypeError, ValueError) as exc:
        # A value no hook knows (an object of the application's own): its
        # JSON would not read back, so nothing is written.
        msg = f"Expected a value JSON can hold but {type(obj).__name__} holds one it cannot: {exc}"
        raise InvalidArgumentError(msg) from exc


def from_json(text: str | bytes, cls: type[T], *, source: str = "<json>") -> T:
    """Parse JSON text into a *cls*, checking every field.

    The text is UTF-8 (bytes may start with a UTF-8 byte-order mark, which
    is dropped). Besides the fields' own checks, the text is refused if an
    object names a key twice, if arrays and objects nest more than
    :data:`MAX_DEPTH` deep, if an integer has more than :data:`MAX_DIGITS`
    digits, or if it holds ``NaN`` or ``Infinity``: see
    :doc:`/how-to/handle-bad-data`.

    Raises:
        DataError: the text is not JSON, or fields are bad (all listed, with paths).

    Example:
        >>> import labourbrand as lb
        >>> from_json('{"name_zh": "紫阳修脚师", "name_zh": "x"}', lb.Brand)
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.DataError: <json>: 1 invalid field
          <json>: Expected each key once in an object but got 'name_zh' 2 times @ $.name_zh

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Duplicate keys, nesting, long integers, ``NaN`` and non-UTF-8 bytes
       are refused.
    """
    target: Any = cls  # a type is hashable, whatever mypy says
    read = _reader(target)
    if read is not None:
        try:
            result: T = read(text)
        except Exception:  # noqa: BLE001, S110 - redone below, with the error's report
            pass
        else:
            return result
    return from_dict(read_json(text, source), cls, source=source)


def json_schema(
    t: Any,  # noqa: ANN401 - any public type
    *,
    hooks: Mapping[object, Any] | None = None,
) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a *t* as :func:`to_json` writes it and :func:`from_json` reads it.

    Read off the attrs classes themselves, as the converter reads them: the
    field types, which fields have defaults, the validators' bounds, the
    documentation of each class and field; no key beyond the fields. Each
    class is one entry of ``$defs``. Money is an integer of fen, a day a
    ``"YYYY-MM-DD"`` string. What a class checks across its fields (counts
    that nest, an order of days) only :func:`from_json` refuses; so is
    ``5.0`` for an integer, which JSON Schema counts as one.

    Args:
        t: the type, e.g. :class:`~labourbrand.Brand`.
        hooks: the schema of each type read by a hook of its own (for a
            converter made from :func:`make_converter` with more hooks): a
            schema, or a function of the builder that returns one.

    Example:
        >>> import labourbrand as lb
        >>> schema = json_schema(lb.WorkforceObservation)
        >>> schema["$defs"]["WorkforceObservation"]["properties"]["rural_signed"]["minimum"]
        0
        >>> json_schema(lb.Fen)["type"]
        'integer'

    .. versionadded:: 0.2.0
    """
    from labourbrand._json_schema import json_schema as build

    return build(t, hooks=hooks, localns=_RULE_NAMES)
