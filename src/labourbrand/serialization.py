"""JSON in and out for every public value type, with errors that name the field.

One factory, :func:`make_converter`, builds a strict :mod:`cattrs` converter:
money is an ``int`` of fen (never a float, never a bool), days are
``"YYYY-MM-DD"`` strings, rates are decimal strings, unknown keys are refused.
Bad input raises :class:`~labourbrand.exceptions.DataError` listing **every**
bad field with its path; the cattrs exception group stays in ``__cause__``.

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

import contextlib
import decimal
import enum
import functools
import json
import types
import typing
from decimal import Decimal
from typing import Any, Final, TypeVar

import cattrs
import pendulum
from cattrs.errors import (
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)

from labourbrand.dates import parse_date
from labourbrand.exceptions import DataError, InvalidArgumentError, LabourBrandError
from labourbrand.money import Fen


if typing.TYPE_CHECKING:
    from collections.abc import Callable


__all__ = [
    "SCHEMA_VERSION",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

#: Version of the JSON shapes this module writes. It changes only with a major release.
SCHEMA_VERSION: Final = 1

T = TypeVar("T")


def _type_error(expected: str, value: object) -> TypeError:
    return TypeError(
        f"Expected {expected} but got {value!r} (type={type(value).__name__})"
    )


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _type_error("an int", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _type_error("true or false", value)
    return value


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _type_error("a string", value)
    return value


def _structure_enum(value: object, cls: type[enum.StrEnum]) -> enum.StrEnum:
    if type(value) is str:
        # The value map skips Enum.__call__, which dominates structuring time.
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member  # type: ignore[return-value]
    choices = ", ".join(repr(m.value) for m in cls)
    raise _type_error(f"one of {choices}", value)


def _structure_fen(value: object, _: type) -> Fen:
    if type(value) is not int:
        raise _type_error("an int number of fen", value)
    return Fen(value)


def _structure_date(value: object, _: type) -> pendulum.Date:
    if type(value) is not str:
        raise _type_error('a day "YYYY-MM-DD"', value)
    return parse_date(value)


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
        handler = get_structure(item)

        def structure(value: object, _: Any) -> tuple[Any, ...]:  # noqa: ANN401
            if type(value) is not list:
                raise _type_error("a JSON array", value)
            if detailed:  # keep cattrs' per-index error notes
                return generic_tuple(value, t)
            return tuple([handler(v, item) for v in value])

        return structure

    def optional_structure(t: Any) -> Callable[[object, Any], Any]:  # noqa: ANN401
        inner = next(a for a in typing.get_args(t) if a is not type(None))
        handler = get_structure(inner)

        def structure(value: object, _: Any) -> Any:  # noqa: ANN401
            return None if value is None else handler(value, inner)

        return structure

    def tuple_unstructure(t: Any) -> Callable[[tuple[Any, ...]], list[Any]]:  # noqa: ANN401
        handler = get_unstructure(typing.get_args(t)[0])
        return lambda value: [handler(v) for v in value]

    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuple_structure)
    conv.register_structure_hook_factory(
        _is_list,
        lambda t: _list_structure(
            tuple_structure(tuple.__class_getitem__((typing.get_args(t)[0], ...)))
        ),
    )
    conv.register_structure_hook_factory(_is_optional, optional_structure)
    conv.register_unstructure_hook_factory(_is_homogeneous_tuple, tuple_unstructure)


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
        forbid_extra_keys=True, detailed_validation=detailed_validation
    )
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    # StrEnum comes before str in the MRO of every enum of the model.
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
    conv.register_structure_hook(Fen, _structure_fen)
    conv.register_unstructure_hook(Fen, lambda fen: fen.amount)
    conv.register_structure_hook(pendulum.Date, _structure_date)
    conv.register_unstructure_hook(pendulum.Date, lambda day: day.isoformat())
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    _register_fast_paths(conv)
    return conv


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


@functools.cache
def _fast_converter() -> cattrs.Converter:
    return make_converter(detailed_validation=False)


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
    with contextlib.suppress(Exception):
        # Valid data is the common case: build it without the bookkeeping of
        # detailed validation, and redo the work with it only to report errors.
        return _fast_converter().structure(data, cls)
    try:
        return _converter().structure(data, cls)
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


def to_json(obj: object, *, indent: int | None = None) -> str:
    """Serialise a value to JSON text (UTF-8 characters kept as they are).

    Example:
        >>> to_json(Fen(150))
        '150'

    .. versionadded:: 0.1.0
    """
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T], *, source: str = "<json>") -> T:
    """Parse JSON text into a *cls*, checking every field.

    Raises:
        DataError: the text is not JSON, or fields are bad (all listed, with paths).

    .. versionadded:: 0.1.0
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(
            source, [f"Expected JSON text but got a syntax error: {exc} @ $"]
        ) from exc
    return from_dict(data, cls, source=source)
