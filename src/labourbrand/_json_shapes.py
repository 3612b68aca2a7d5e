"""The JSON shapes of sets, unions, open values and code, for the one converter (private).

:func:`labourbrand.serialization.make_converter` registers these hooks, so that
every public type has a JSON form that reads back to an equal value:

- a ``frozenset`` (or ``set``) is a JSON array, sorted so the text is stable;
- a union reads its member by the JSON it is given: ``null``, a bool, an
  int, a string (an enum's value, a day, text), or an object, whose keys
  name the one attrs class of the union they fit; where a union holds both
  ``int`` and :class:`~labourbrand.money.Fen`, an amount is ``{"fen": n}``;
- a value typed ``object`` (a scenario's parameter overrides) is written by
  its own class;
- code (a ``Callable``: a per-brand formula, a guard, a loader) is not data:
  writing one is refused with an
  :class:`~labourbrand.exceptions.InvalidArgumentError`, and only ``null``
  reads as one.
"""

from __future__ import annotations

import collections.abc
import contextlib
import enum
import types
import typing
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, cast, final

import attrs
import pendulum

from labourbrand._validators import show
from labourbrand.dates import parse_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen


if TYPE_CHECKING:
    from collections.abc import Callable

    import cattrs


__all__ = ["code_unstructure", "register_shapes"]

_NONE: Final = type(None)
#: The key of an amount in a union that also holds plain ints.
_FEN_KEY: Final = "fen"
# What a field of code reads: only null.
_NULL_ONLY: Final = "null (code is not read from JSON)"
_JSON_ARRAY: Final = "a JSON array"
_FEN_INT: Final = "an int number of fen"


def _refused(expected: str, value: object) -> TypeError:
    """The error of a value a hook cannot read (the house wording)."""
    msg = f"Expected {expected} but got {show(value)}"
    return TypeError(msg)


def is_code(t: Any) -> bool:  # noqa: ANN401 - any type
    """Whether *t* is a callable type: code, not data."""
    return typing.get_origin(t) is collections.abc.Callable or t is typing.Callable


def _is_union(t: Any) -> bool:  # noqa: ANN401 - any type
    return typing.get_origin(t) in (typing.Union, types.UnionType)


def _is_set(t: Any) -> bool:  # noqa: ANN401 - any type
    return typing.get_origin(t) in (frozenset, set) and len(typing.get_args(t)) == 1


def _is_plain_union(t: Any) -> bool:  # noqa: ANN401 - any type
    """A union the converter reads here: all but ``X | None`` of one data type."""
    if not _is_union(t):
        return False
    args = typing.get_args(t)
    members = [a for a in args if a is not _NONE]
    return len(members) > 1 or any(is_code(a) for a in members)


def _name(t: Any) -> str:  # noqa: ANN401 - any type
    return getattr(t, "__name__", None) or str(t)


def _keys(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """The keys an object of attrs class *cls* must have, and those it may have."""
    fields = [a for a in attrs.fields(cls) if a.init]
    required = frozenset(a.alias for a in fields if a.default is attrs.NOTHING)
    return required, frozenset(a.alias for a in fields)


@final
class _UnionReader:
    """Reads one union type by the JSON type of the value (see the module's notes)."""

    def __init__(
        self,
        t: Any,  # noqa: ANN401 - any type
        get_structure: Callable[[Any], Callable[[object, Any], Any]],
    ) -> None:
        args = typing.get_args(t)
        self.nullable = _NONE in args
        self.data = [a for a in args if a is not _NONE and not is_code(a)]
        self.classes = [a for a in self.data if isinstance(a, type) and attrs.has(a)]
        self.enums = [
            a for a in self.data if isinstance(a, type) and issubclass(a, enum.Enum)
        ]
        self.keys = {cls: _keys(cls) for cls in self.classes}
        self.fen_tagged = Fen in self.data and (int in self.data or not self.classes)
        self.get_structure = get_structure
        names = [_name(a) for a in self.data] + (["null"] if self.nullable else [])
        self.expected = " or ".join(names)

    def __call__(self, value: object, _: Any) -> Any:  # noqa: ANN401 - a member
        kind = type(value)
        if value is None and self.nullable:
            return None
        if kind is dict:
            return self.from_object(cast("dict[Any, Any]", value))
        if kind is str:
            return self.from_text(cast("str", value))
        if kind is bool and bool in self.data:
            return value
        if kind is int and int in self.data:
            return value
        if kind is int and Fen in self.data:
            return _fen(value)
        raise _refused(self.expected, value)

    def from_object(self, value: dict[Any, Any]) -> Any:  # noqa: ANN401 - a member
        """The amount ``{"fen": n}``, or the one attrs class whose keys fit."""
        if self.fen_tagged and set(value) == {_FEN_KEY}:
            return _fen(value[_FEN_KEY])
        given = set(value)
        fits = [c for c in self.classes if self.keys[c][0] <= given <= self.keys[c][1]]
        if len(fits) != 1:
            what = f"an object of one of {self.expected}"
            raise _refused(what, value)
        return self.get_structure(fits[0])(value, fits[0])

    def from_text(self, value: str) -> Any:  # noqa: ANN401 - a member
        """An enum's member by its value, a day, text or a decimal, in that order."""
        for cls in self.enums:
            member = cls._value2member_map_.get(value)
            if member is not None:
                return member
        if pendulum.Date in self.data:
            if str not in self.data:
                return parse_date(value)
            with contextlib.suppress(InvalidArgumentError):
                return parse_date(value)
        if str in self.data:
            return value
        if Decimal in self.data:
            with contextlib.suppress(InvalidOperation):
                return Decimal(value)
        raise _refused(self.expected, value)


def _fen(value: object) -> Fen:
    if type(value) is not int:
        raise _refused(_FEN_INT, value)
    return Fen(value)


def code_unstructure(value: object) -> object:
    """Refuse to write code: JSON holds data (``None`` is written as null)."""
    if value is None:
        return None
    msg = (
        f"Expected data JSON can hold but got {show(value)}: a callable is code "
        "(a per-brand formula, a guard, a loader), and only data is written"
    )
    raise InvalidArgumentError(msg)


def _code_structure(value: object, _: Any) -> None:  # noqa: ANN401 - any type
    raise _refused(_NULL_ONLY, value)


def _union_unstructure(
    unstructure: Callable[..., Any],
    t: Any,  # noqa: ANN401 - any type
) -> Callable[[Any], Any]:
    """Write a union's value by its own class; code is refused, an ambiguous amount tagged."""
    args = typing.get_args(t)
    tagged = int in args and Fen in args
    data = tuple(
        a for a in args if isinstance(a, type) and not is_code(a) and a is not _NONE
    )

    def write(value: Any) -> Any:  # noqa: ANN401 - a member
        if value is None:
            return None
        if tagged and type(value) is Fen:
            return {_FEN_KEY: value.amount}
        if not isinstance(value, data):
            return code_unstructure(value)
        return unstructure(value, unstructure_as=type(value))

    return write


def register_shapes(
    conv: cattrs.Converter,
    get_structure: Callable[[Any], Callable[[object, Any], Any]],
) -> None:
    """Register the hooks of the module's notes on *conv*."""

    def set_structure(t: Any) -> Callable[[object, Any], frozenset[Any]]:  # noqa: ANN401
        items = get_structure(tuple.__class_getitem__((typing.get_args(t)[0], ...)))
        made = typing.get_origin(t)

        def structure(value: object, _: Any) -> Any:  # noqa: ANN401
            if type(value) is not list:
                raise _refused(_JSON_ARRAY, value)
            return made(items(value, None))

        return structure

    def set_unstructure(t: Any) -> Callable[[Any], list[Any]]:  # noqa: ANN401
        item = typing.get_args(t)[0]

        def write(value: Any) -> list[Any]:  # noqa: ANN401
            written = [conv.unstructure(v, unstructure_as=item) for v in value]
            try:
                return sorted(written)
            except TypeError:  # items that do not compare: as they come
                return written

        return write

    conv.register_structure_hook_factory(_is_set, set_structure)
    conv.register_unstructure_hook_factory(_is_set, set_unstructure)
    conv.register_structure_hook_factory(
        _is_plain_union, lambda t: _UnionReader(t, get_structure)
    )
    conv.register_unstructure_hook_factory(
        _is_plain_union, lambda t: _union_unstructure(conv.unstructure, t)
    )
    conv.register_structure_hook_factory(is_code, lambda _: _code_structure)
    conv.register_unstructure_hook_factory(is_code, lambda _: code_unstructure)
    # A value typed ``object``: written by its own class (a Fen as its fen), and
    # read as the JSON value it is (the class that holds it checks it; cattrs
    # before 24 has no hook of its own for ``object``).
    conv.register_unstructure_hook_factory(lambda t: t is object, lambda _: _by_class)
    conv.register_structure_hook_func(lambda t: t is object, lambda value, _: value)

    def _by_class(value: object) -> object:
        kind = type(value)
        return value if kind is object else conv.unstructure(value, unstructure_as=kind)
