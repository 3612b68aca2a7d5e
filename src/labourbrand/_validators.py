r"""The house validators and the wording of their errors (private).

One home for the checks that the value types run on their fields and that
public functions run on their arguments, so that every refusal reads the same
(STYLE §8, after hypothesis ``internal/validation.py``)::

    Expected <what> but got <name>=<value!r> (type=<T>)

and raises :class:`~labourbrand.exceptions.InvalidArgumentError` with
``field=<name>``.

The validators are attrs validators, ``(instance, attribute, value)``:
``text``, ``name``, ``note``, ``day``, ``count``, ``flag`` and ``code`` as they are;
``instance_of(cls)``, ``each(cls)``, ``matches(pattern, what)`` and
``optional(validator)`` make one.
``lang`` and ``expect`` check a function's argument and return it.
:func:`json_schema_of` gives what a validator accepts as JSON Schema keywords,
for :func:`labourbrand.serialization.json_schema`.

The day converters (``day_on``, ``optional_day_on``, ``day_first_day``, …)
are the one input-day policy, :func:`labourbrand.dates.as_date`, on fields:
one named function per field name, so that a refusal names its field and
mypy sees what a constructor accepts (it reads only named converters).

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
    >>> Visit("610924", note="a\x00b")
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.InvalidArgumentError: Expected text without control characters (tab and line breaks allowed) or lone surrogates but got note='a\x00b' (type=str)
"""

from __future__ import annotations

import re
import reprlib
import unicodedata
import weakref
from collections.abc import Callable, Mapping, Sized
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast

import pendulum

from labourbrand.dates import PLAUSIBLE_DAYS, DayLike, as_date, parse_date
from labourbrand.exceptions import InvalidArgumentError


if TYPE_CHECKING:
    import attrs


__all__ = [
    "MAX_REPR",
    "Validator",
    "brief",
    "code",
    "count",
    "day",
    "day_as_of",
    "day_decided_on",
    "day_first_day",
    "day_horizon",
    "day_issued",
    "day_last_day",
    "day_on",
    "day_start",
    "declare_json_schema",
    "each",
    "expect",
    "flag",
    "got",
    "instance_of",
    "int_at_least",
    "is_code",
    "is_name",
    "is_partial_date",
    "is_text",
    "json_schema_of",
    "lang",
    "language",
    "matches",
    "name",
    "note",
    "optional",
    "optional_day",
    "optional_day_deadline",
    "optional_day_last_day",
    "optional_day_on",
    "optional_day_on_or_before",
    "optional_day_parameters_from",
    "refusal",
    "show",
    "text",
]

#: An attrs validator: ``(instance, attribute, value) -> None``, raising if refused.
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: The longest repr of a refused value that a message quotes; a longer one
#: is cut, ends with an ellipsis and is followed by the value's size.
MAX_REPR: Final = 80
_ELLIPSIS: Final = "\u2026"
#: An int of more bits is shown by its number of digits: its repr would be
#: long, and beyond 4,300 digits Python refuses to write it at all.
_MAX_INT_BITS: Final = 256
_LOG10_2: Final = 0.30102999566398120


def _shortener() -> reprlib.Repr:
    """A repr that stops at a few items and levels: a message never walks all of a value."""
    short = reprlib.Repr()
    short.maxlevel = 3
    short.maxtuple = short.maxlist = short.maxarray = 6
    short.maxdict = 4
    short.maxset = short.maxfrozenset = short.maxdeque = 6
    short.maxstring = 30  # a string inside a container; one alone is cut by show()
    short.maxother = short.maxlong = MAX_REPR
    return short


_SHORT: Final = _shortener()

# re.ASCII: ``\d`` must not match full-width or other Unicode digits.
_CODE_RE: Final = re.compile(r"\d{6}", re.ASCII)
_PARTIAL_DATE_RE: Final = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
_YEARS: Final = range(PLAUSIBLE_DAYS.first_day.year, PLAUSIBLE_DAYS.last_day.year + 1)
# What no text may hold: the C0 controls but tab, line feed and carriage
# return; DEL and the C1 controls; lone surrogates, which are not characters
# (no UTF encoder writes them, so the value could not be saved or printed).
_BAD_IN_TEXT: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# A name or an identity is one line: no tab or line break of any kind either.
_BAD_IN_NAME: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_YEAR_MONTH_LEN: Final = len("2009-03")
_DAY_LEN: Final = len("2009-03-06")
_MONTHS: Final = range(1, 13)

# What each validator expects, in its messages: "Expected <what> but got …".
_TEXT: Final = "non-empty text"
_STR: Final = "a str"
_CLEAN_TEXT: Final = (
    "text without control characters (tab and line breaks allowed) or lone surrogates"
)
_CLEAN_NAME: Final = "a name on one line, without control characters or lone surrogates"
_DAY: Final = (
    f"a pendulum.Date from {PLAUSIBLE_DAYS.first_day.isoformat()} "
    f"to {PLAUSIBLE_DAYS.last_day.isoformat()}"
)
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

    A repr longer than :data:`MAX_REPR` characters is cut and ends with an
    ellipsis, and the value's size follows: a message names the value, it
    need not reproduce it (a 1 MB input is not echoed in full). Containers
    are shown to a few items and levels, and a huge int by its digits.

    Example:
        >>> show(300000.0)
        '300000.0 (type=float)'
        >>> shown = show("x" * 1000)
        >>> len(shown), shown[-34:]
        (109, 'xxxx… (1,000 characters, type=str)')
        >>> show(10**5000)
        '<an int of 5,001 digits> (type=int)'
    """
    shown, size = _shown(value)
    return f"{shown} ({size}type={type(value).__name__})"


def brief(value: object) -> str:
    """Return the value of an error message without its type: a key, a name.

    Example:
        >>> brief("employment_award_thresold")
        "'employment_award_thresold'"
        >>> brief("k" * 500)[-25:]
        'kkkkkkk… (500 characters)'
    """
    shown, size = _shown(value)
    return f"{shown} ({size.removesuffix(', ')})" if size else shown


def _shown(value: object) -> tuple[str, str]:
    """The repr of *value*, cut, and its size (``"1,000 characters, "``) if it was cut."""
    shown = _repr(value)
    size = ""
    if len(shown) > MAX_REPR:
        shown = shown[: MAX_REPR - 1] + _ELLIPSIS
        size = _size(value)
    elif "..." in shown and not isinstance(value, str | int):
        size = _size(value)  # reprlib left items out: say how many there are
    return shown, size


def _repr(value: object) -> str:
    """The repr of *value*, or its start: never costly, whatever the value."""
    if isinstance(value, str):
        return repr(value[: MAX_REPR + 1])  # enough to tell whether it is cut
    if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        return f"<an int of {_digits(value):,} digits>"
    # reprlib stops at a few items and levels, and names an instance whose
    # repr fails instead of raising.
    return _SHORT.repr(value)


def _digits(value: int) -> int:
    """The decimal digits of *value*, counted without writing it (str() refuses 4,300)."""
    magnitude = abs(value)
    at_least = int((magnitude.bit_length() - 1) * _LOG10_2) + 1
    return at_least + 1 if magnitude >= 10**at_least else at_least


def _size(value: object) -> str:
    """``"1,000 characters, "`` or ``"5 items, "``: the size of a value shown cut."""
    if isinstance(value, str):
        return f"{len(value):,} characters, "
    if isinstance(value, Sized):
        try:
            n = len(value)
        except Exception:  # noqa: BLE001 - a len() that fails: say nothing
            return ""
        return f"{n:,} item{'' if n == 1 else 's'}, "
    return ""


def got(name: str, value: object) -> str:
    """Return the ``name=value (type=T)`` tail of an error message (see :func:`show`).

    Example:
        >>> got("county", 610924)
        'county=610924 (type=int)'
    """
    return f"{name}={show(value)}"


def int_at_least(name: str, value: object, *, minimum: int) -> int:
    """Return *value* if it is an ``int`` (not a ``bool``) of at least *minimum*: an argument such as a count of runs.

    Raises:
        InvalidArgumentError: anything else (field *name*).

    Example:
        >>> int_at_least("runs", 0, minimum=1)
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected an int >= 1 but got runs=0 (type=int)
    """
    if type(value) is not int or value < minimum:
        msg = f"Expected an int >= {minimum} but got {got(name, value)}"
        raise InvalidArgumentError(msg, field=name)
    return value


def language(lang: object) -> Literal["en", "zh"]:
    """Return *lang* if it is ``"en"`` or ``"zh"``, the languages of the library's labels and reports.

    Raises:
        InvalidArgumentError: anything else (field ``lang``).

    Example:
        >>> language("zh")
        'zh'
    """
    if lang == "en" and type(lang) is str:
        return "en"
    if lang == "zh" and type(lang) is str:
        return "zh"
    msg = f"Expected 'en' or 'zh' but got {got('lang', lang)}"
    raise InvalidArgumentError(msg, field="lang")


def is_text(value: object) -> bool:
    r"""Tell whether *value* is text: a ``str`` with a visible character, none forbidden.

    Forbidden are the control characters but tab, line feed and carriage
    return (a note of several lines, as a web form's text area sends it with
    CRLF), and lone surrogates (not characters: no encoder can write them).
    White space and invisible format characters (zero-width spaces, a BOM)
    alone are blank.

    Example:
        >>> is_text("紫阳修脚师"), is_text(" "), is_text(None), is_text("a\nb"), is_text("a\x00")
        (True, False, False, True, False)
    """
    return isinstance(value, str) and _text_problem(value, _BAD_IN_TEXT) is None


def is_name(value: object) -> bool:
    r"""Tell whether *value* is a name or an identity: text on one line (see :func:`is_text`).

    Tabs and line breaks are refused as well: a name is printed in tables,
    logs and file names, where either would break the line.

    Example:
        >>> is_name("紫阳修脚师"), is_name("紫阳\n修脚师"), is_name("\u200b"), is_name("\ud800")
        (True, False, False, False)
    """
    return isinstance(value, str) and _text_problem(value, _BAD_IN_NAME) is None


def _text_problem(value: str, bad: re.Pattern[str]) -> str | None:
    """What is wrong with the str *value* (the ``Expected`` part), or ``None``."""
    # Printable text (most text, Chinese included) has no control character,
    # surrogate or format character, and is blank only if it is all spaces:
    # one C call decides it. Anything else is looked at closely.
    if value.isprintable():
        return None if value.strip() else _TEXT
    if bad.search(value) is not None:
        return _CLEAN_NAME if bad is _BAD_IN_NAME else _CLEAN_TEXT
    visible = any(not c.isspace() and unicodedata.category(c) != "Cf" for c in value)
    return None if visible else _TEXT


def is_code(value: object) -> bool:
    r"""Tell whether *value* is a GB/T 2260 code: a ``str`` of six ASCII digits.

    Example:
        >>> is_code("610924"), is_code("\uff16\uff11\uff10\uff19\uff12\uff14"), is_code(610924)
        (True, False, False)
    """
    return isinstance(value, str) and _CODE_RE.fullmatch(value) is not None


def is_partial_date(value: object) -> bool:
    r"""Tell whether *value* is a real day ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Sources date things as precisely as they know them. The year is one of
    :data:`~labourbrand.dates.PLAUSIBLE_DAYS`.

    Example:
        >>> [is_partial_date(t) for t in ("2011", "2009-03", "2021-08-27", "2009-13", "2021-02-30", "0001")]
        [True, True, True, False, False, False]
    """
    if not isinstance(value, str) or _PARTIAL_DATE_RE.fullmatch(value) is None:
        return False
    if int(value[:4]) not in _YEARS:
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
    """Accept text: a ``str`` with a visible character, none forbidden (see :func:`is_text`)."""
    # Inline, the common case: printable text that is not all spaces.
    if not (isinstance(value, str) and value.isprintable() and value.strip()):
        _check_text(attribute, value, _BAD_IN_TEXT)


def name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a name or an identity: text on one line (see :func:`is_name`)."""
    if not (isinstance(value, str) and value.isprintable() and value.strip()):
        _check_text(attribute, value, _BAD_IN_NAME)


def _check_text(
    attribute: attrs.Attribute[Any], value: object, bad: re.Pattern[str]
) -> None:
    if not isinstance(value, str):
        raise refusal(_TEXT, attribute.name, value)
    problem = _text_problem(value, bad)
    if problem is not None:
        raise refusal(problem, attribute.name, value)


def note(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept free text that may be empty: a ``str`` with no forbidden character (see :func:`is_text`)."""
    if isinstance(value, str) and value.isprintable():
        return
    if not isinstance(value, str):
        raise refusal(_STR, attribute.name, value)
    if _BAD_IN_TEXT.search(value) is not None:
        raise refusal(_CLEAN_TEXT, attribute.name, value)


_FIRST_DAY: Final = PLAUSIBLE_DAYS.first_day
_LAST_DAY: Final = PLAUSIBLE_DAYS.last_day


def day(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a :class:`pendulum.Date` of :data:`~labourbrand.dates.PLAUSIBLE_DAYS`.

    Not a datetime, nor a plain ``datetime.date``.
    """
    if type(value) is not pendulum.Date or not _FIRST_DAY <= value <= _LAST_DAY:
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
# A name: a visible character, and no control character (line breaks among them).
_JSON_SCHEMA[name] = {
    "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*\\S[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"
}
# A note: any text without control characters but tab and line breaks.
_JSON_SCHEMA[note] = {
    "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
}
_JSON_SCHEMA[count] = {"minimum": 0}
_JSON_SCHEMA[code] = {"pattern": "^[0-9]{6}$"}

# ------------------------------------------------------------ day converters
# attrs converters, not validators: a field that holds a day takes any day
# labourbrand.dates.as_date takes. Each returns a pendulum.Date as it is, in
# one call, and names its field in a refusal.


def day_on(value: DayLike) -> pendulum.Date:
    """The day of a field ``on``."""
    return value if type(value) is pendulum.Date else as_date(value, name="on")


def day_as_of(value: DayLike) -> pendulum.Date:
    """The day of a field ``as_of``."""
    return value if type(value) is pendulum.Date else as_date(value, name="as_of")


def day_decided_on(value: DayLike) -> pendulum.Date:
    """The day of a field ``decided_on``."""
    if type(value) is pendulum.Date:
        return value
    return as_date(value, name="decided_on")


def day_first_day(value: DayLike) -> pendulum.Date:
    """The day of a field ``first_day``."""
    if type(value) is pendulum.Date:
        return value
    return as_date(value, name="first_day")


def day_last_day(value: DayLike) -> pendulum.Date:
    """The day of a field ``last_day``."""
    if type(value) is pendulum.Date:
        return value
    return as_date(value, name="last_day")


def day_issued(value: DayLike) -> pendulum.Date:
    """The day of a field ``issued``."""
    return value if type(value) is pendulum.Date else as_date(value, name="issued")


def day_start(value: DayLike) -> pendulum.Date:
    """The day of a field ``start``."""
    return value if type(value) is pendulum.Date else as_date(value, name="start")


def day_horizon(value: DayLike) -> pendulum.Date:
    """The day of a field ``horizon``."""
    return value if type(value) is pendulum.Date else as_date(value, name="horizon")


def optional_day(value: DayLike | None, *, name: str) -> pendulum.Date | None:
    """The day of an optional argument *name*: ``None``, or any day :func:`as_date` takes."""
    return None if value is None else as_date(value, name=name)


def optional_day_on(value: DayLike | None) -> pendulum.Date | None:
    """The day of an optional field ``on``, or ``None``."""
    return optional_day(value, name="on")


def optional_day_on_or_before(value: DayLike | None) -> pendulum.Date | None:
    """The day of an optional field ``on_or_before``, or ``None``."""
    return optional_day(value, name="on_or_before")


def optional_day_last_day(value: DayLike | None) -> pendulum.Date | None:
    """The day of an optional field ``last_day``, or ``None``."""
    return optional_day(value, name="last_day")


def optional_day_deadline(value: DayLike | None) -> pendulum.Date | None:
    """The day of an optional field ``deadline``, or ``None``."""
    return optional_day(value, name="deadline")


def optional_day_parameters_from(value: DayLike | None) -> pendulum.Date | None:
    """The day of an optional field ``parameters_from``, or ``None``."""
    return optional_day(value, name="parameters_from")


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
