"""The house validators and the wording of their errors (private).

One home for the checks that the value types run on their fields and that
public functions run on their arguments, so that every refusal reads the same
(STYLE §8, after hypothesis ``internal/validation.py``)::

    Expected <what> but got <name>=<value!r> (type=<T>)

and raises :class:`~labourbrand.exceptions.InvalidArgumentError` with
``field=<name>``.

The validators are attrs validators, ``(instance, attribute, value)``:
``text``, ``day``, ``count``, ``flag`` and ``code`` as they are;
``instance_of(cls)``, ``each(cls)``, ``matches(pattern, what)`` and
``optional(validator)`` make one.
``lang`` and ``expect`` check a function's argument and return it.
:func:`json_schema_of` gives what a validator accepts as JSON Schema keywords,
for :func:`labourbrand.serialization.json_schema`.

This module sits on the ground floor beside :mod:`labourbrand.exceptions`:
it imports nothing of :mod:`labourbrand` above :mod:`~labourbrand.dates` and
:mod:`~labourbrand.money`, so that every type module can use it.

Example:
    >>> import attrs
    >>> from labourbrand import _validators as v
    >>> @attrs.frozen
    ... class Visit:
    ...     county: str = attrs.field(validator=v.code)
    ...     note: str | None = attrs.field(default=None, validator=v.optional(v.text))
    >>> Visit("610924").county
    '610924'
    >>> Visit("6109")
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.InvalidArgumentError: Expected a six-digit GB/T 2260 code but got county='6109' (type=str)
    >>> Visit("610924", note=" ")
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.InvalidArgumentError: Expected non-empty text but got note=' ' (type=str)
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast

import pendulum

from labourbrand.dates import parse_date
from labourbrand.exceptions import InvalidArgumentError


if TYPE_CHECKING:
    import attrs


__all__ = [
    "MAX_REPR",
    "Validator",
    "code",
    "count",
    "day",
    "declare_json_schema",
    "each",
    "expect",
    "flag",
    "got",
    "instance_of",
    "is_code",
    "is_partial_date",
    "is_text",
    "json_schema_of",
    "lang",
    "matches",
    "optional",
    "refusal",
    "show",
    "text",
]

#: An attrs validator: ``(instance, attribute, value) -> None``, raising if refused.
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: The longest repr of a refused value that a message quotes in full.
MAX_REPR: Final = 200
_ELLIPSIS: Final = "..."

# re.ASCII: ``\d`` must not match full-width or other Unicode digits.
_CODE_RE: Final = re.compile(r"\d{6}", re.ASCII)
_PARTIAL_DATE_RE: Final = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
_YEAR_MONTH_LEN: Final = len("2009-03")
_DAY_LEN: Final = len("2009-03-06")
_MONTHS: Final = range(1, 13)

# What each validator expects, in its messages: "Expected <what> but got …".
_TEXT: Final = "non-empty text"
_DAY: Final = "a pendulum.Date"
_COUNT: Final = "a count (int >= 0)"
_FLAG: Final = "a bool"
_CODE: Final = "a six-digit GB/T 2260 code"
_LANG: Final = "'en' or 'zh'"

_T = TypeVar("_T")

#: What each validator accepts, as JSON Schema keywords (see json_schema_of).
_JSON_SCHEMA: Final[weakref.WeakKeyDictionary[Validator, Mapping[str, object]]] = (
    weakref.WeakKeyDictionary()
)


def declare_json_schema(validator: Validator, schema: Mapping[str, object]) -> None:
    """Declare what *validator* accepts as JSON Schema keywords (beyond its field's type).

    For a validator defined elsewhere than here, so that
    :func:`labourbrand.serialization.json_schema` reads its bounds too.
    """
    _JSON_SCHEMA[validator] = schema


def json_schema_of(validator: object) -> Mapping[str, object] | None:
    """Return the JSON Schema keywords of what *validator* accepts, if it declares them.

    The type of the value comes from the field's annotation; these are the
    further bounds (a minimum, a pattern). Validators that only check the
    type declare none.

    Example:
        >>> json_schema_of(count)
        {'minimum': 0}
        >>> json_schema_of(optional(code))
        {'pattern': '^[0-9]{6}$'}
        >>> print(json_schema_of(flag))
        None
    """
    try:
        return _JSON_SCHEMA.get(cast("Validator", validator))
    except TypeError:  # not weakly referable: not one of ours
        return None


def show(value: object) -> str:
    """Return the ``value (type=T)`` of an error message, where no name applies.

    A repr longer than :data:`MAX_REPR` characters is cut, and ends with
    ``...``: a message names the value, it need not reproduce it.

    Example:
        >>> show(300000.0)
        '300000.0 (type=float)'
        >>> shown = show("x" * 1000)
        >>> len(shown), shown[-20:]
        (211, 'xxxxxx... (type=str)')
    """
    shown = repr(value)
    if len(shown) > MAX_REPR:
        shown = shown[: MAX_REPR - len(_ELLIPSIS)] + _ELLIPSIS
    return f"{shown} (type={type(value).__name__})"


def got(name: str, value: object) -> str:
    """Return the ``name=value (type=T)`` tail of an error message (see :func:`show`).

    Example:
        >>> got("county", 610924)
        'county=610924 (type=int)'
    """
    return f"{name}={show(value)}"


def is_text(value: object) -> bool:
    """Tell whether *value* is a ``str`` with a character that is not white space.

    Example:
        >>> is_text("紫阳修脚师"), is_text(" "), is_text(None)
        (True, False, False)
    """
    return isinstance(value, str) and bool(value.strip())


def is_code(value: object) -> bool:
    r"""Tell whether *value* is a GB/T 2260 code: a ``str`` of six ASCII digits.

    Example:
        >>> is_code("610924"), is_code("\uff16\uff11\uff10\uff19\uff12\uff14"), is_code(610924)
        (True, False, False)
    """
    return isinstance(value, str) and _CODE_RE.fullmatch(value) is not None


def is_partial_date(value: object) -> bool:
    r"""Tell whether *value* is a real day ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Sources date things as precisely as they know them.

    Example:
        >>> [is_partial_date(t) for t in ("2011", "2009-03", "2021-08-27", "2009-13", "2021-02-30")]
        [True, True, True, False, False]
    """
    if not isinstance(value, str) or _PARTIAL_DATE_RE.fullmatch(value) is None:
        return False
    if len(value) == _DAY_LEN:
        try:
            parse_date(value)
        except InvalidArgumentError:
            return False
    elif len(value) == _YEAR_MONTH_LEN:
        return int(value[5:]) in _MONTHS
    return True


def refusal(what: str, name: str, value: object) -> InvalidArgumentError:
    """Return ``InvalidArgumentError("Expected <what> but got <name>=…", field=name)`` to raise.

    Example:
        >>> raise refusal("a bool", "has_charter", "yes")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a bool but got has_charter='yes' (type=str)
    """
    msg = f"Expected {what} but got {got(name, value)}"
    return InvalidArgumentError(msg, field=name)


# The validators run once per field of every value built, so each is one call
# with the test inline; refusal() builds the error only to raise it.


def text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a ``str`` with at least one character that is not white space."""
    if not (isinstance(value, str) and value.strip()):
        raise refusal(_TEXT, attribute.name, value)


def day(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a :class:`pendulum.Date` (not a datetime, nor a plain ``datetime.date``)."""
    if type(value) is not pendulum.Date:
        raise refusal(_DAY, attribute.name, value)


def count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept an ``int`` (not a ``bool``) of at least 0."""
    if not (type(value) is int and value >= 0):
        raise refusal(_COUNT, attribute.name, value)


def flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept ``True`` or ``False`` (not ``0``, ``1`` or ``"yes"``)."""
    if type(value) is not bool:
        raise refusal(_FLAG, attribute.name, value)


def code(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a GB/T 2260 code: a ``str`` of six ASCII digits, such as ``"610924"``."""
    if not (isinstance(value, str) and _CODE_RE.fullmatch(value)):
        raise refusal(_CODE, attribute.name, value)


# JSON Schema's patterns are ECMA-262 and unanchored: "\S" asks for one
# character that is not white space.
_JSON_SCHEMA[text] = {"pattern": r"\S"}
_JSON_SCHEMA[count] = {"minimum": 0}
_JSON_SCHEMA[code] = {"pattern": "^[0-9]{6}$"}


def _a(cls: type) -> str:
    """Name *cls* with its article: ``"a Stage"``, ``"an Event"``."""
    name = cls.__name__
    # "Unit" and "UNQUANTIFIED" are said with a consonant, so U takes "a".
    return f"{'an' if name[0] in 'AEIOaeio' else 'a'} {name}"


def instance_of(cls: type, *, what: str | None = None) -> Validator:
    """Make a validator that accepts instances of *cls* (and of its subclasses).

    Args:
        cls: the class.
        what: how messages name it; by default ``"a <class name>"``, or
            ``"an …"`` for a name that starts with A, E, I or O.

    Example:
        >>> import attrs, enum
        >>> class Level(enum.StrEnum):
        ...     CITY = "city"
        >>> @attrs.frozen
        ... class Office:
        ...     level: Level = attrs.field(validator=instance_of(Level))
        >>> Office("city")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a Level but got level='city' (type=str)
    """
    expected = _a(cls) if what is None else what

    def check(
        _instance: object, attribute: attrs.Attribute[Any], value: object
    ) -> None:
        if not isinstance(value, cls):
            raise refusal(expected, attribute.name, value)

    return check


def matches(pattern: re.Pattern[str], what: str) -> Validator:
    """Make a validator that accepts a ``str`` that *pattern* matches in full.

    Example:
        >>> import attrs, re
        >>> @attrs.frozen
        ... class Key:
        ...     key: str = attrs.field(validator=matches(re.compile("[a-z]+"), "a key"))
        >>> Key("Yangling")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a key but got key='Yangling' (type=str)
    """

    def check(
        _instance: object, attribute: attrs.Attribute[Any], value: object
    ) -> None:
        if not (isinstance(value, str) and pattern.fullmatch(value)):
            raise refusal(what, attribute.name, value)

    _JSON_SCHEMA[check] = {"pattern": f"^(?:{pattern.pattern})$"}
    return check


def each(cls: type) -> Validator:
    """Make a validator that accepts an iterable whose every item is a *cls*.

    The message names the first bad item by its index, ``history[2]=…``.

    Example:
        >>> import attrs
        >>> @attrs.frozen
        ... class Days:
        ...     days: tuple[int, ...] = attrs.field(validator=each(int))
        >>> Days((1, "2"))
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected each item to be an int but got days[1]='2' (type=str)
    """
    expected = f"each item to be {_a(cls)}"

    def check(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - any iterable
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                msg = f"Expected {expected} but got {got(f'{attribute.name}[{index}]', item)}"
                raise InvalidArgumentError(msg, field=attribute.name)

    return check


def optional(validator: Validator) -> Validator:
    """Make a validator that accepts ``None`` or what *validator* accepts.

    A refused value is refused with *validator*'s own message: ``None`` is
    never the value a message is about.

    Example:
        >>> import attrs
        >>> @attrs.frozen
        ... class Survey:
        ...     trained: int | None = attrs.field(default=None, validator=optional(count))
        >>> Survey().trained, Survey(12).trained
        (None, 12)
        >>> Survey(-1)
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a count (int >= 0) but got trained=-1 (type=int)
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            validator(instance, attribute, value)

    inner = json_schema_of(validator)
    if inner is not None:
        _JSON_SCHEMA[check] = inner
    return check


def expect(cls: type[_T], value: object, *, name: str, what: str | None = None) -> _T:
    """Return the argument *value* if it is a *cls*, else raise.

    Typed arguments are checked at run time too: callers may not run mypy.

    Example:
        >>> expect(str, "610924", name="code")
        '610924'
        >>> expect(str, 610924, name="code")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected a str but got code=610924 (type=int)
    """
    if isinstance(value, cls):
        return value
    raise refusal(_a(cls) if what is None else what, name, value)


def lang(value: object, *, name: str = "lang") -> Literal["en", "zh"]:
    """Return the language argument *value*, ``"en"`` or ``"zh"``, else raise.

    Example:
        >>> lang("zh")
        'zh'
        >>> lang("fr")
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected 'en' or 'zh' but got lang='fr' (type=str)
    """
    if isinstance(value, str):
        if value == "en":
            return "en"
        if value == "zh":
            return "zh"
    raise refusal(_LANG, name, value)
