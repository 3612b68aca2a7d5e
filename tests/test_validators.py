"""Tests for :mod:`labourbrand._validators`, the house validators and their wording."""

from __future__ import annotations

import ast
import datetime as dt
import enum
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pendulum
import pytest

from labourbrand import _validators as check
from labourbrand.exceptions import InvalidArgumentError


if TYPE_CHECKING:
    from collections.abc import Callable


FULLWIDTH_CODE = "".join(chr(ord(c) + 0xFEE0) for c in "610924")
ARABIC_INDIC_CODE = "".join(chr(ord(c) - ord("0") + 0x0660) for c in "610924")


class Colour(enum.StrEnum):
    """An enum whose name takes "a"."""

    RED = "red"


class Event(enum.StrEnum):
    """An enum whose name takes "an"."""

    START = "start"


def run(validator: check.Validator, value: object, *, name: str = "field") -> None:
    """Run *validator* as attrs would, on an attribute called *name*."""

    @attrs.define
    class Holder:
        field: object

    attribute = attrs.fields(Holder).field.evolve(name=name)
    validator(None, attribute, value)


def refused(validator: check.Validator, value: object, *, name: str = "field") -> str:
    """Return the message with which *validator* refuses *value*, checking the field."""
    with pytest.raises(InvalidArgumentError) as info:
        run(validator, value, name=name)
    assert info.value.field == name
    return str(info.value)


# -- the wording --------------------------------------------------------------


def test_got_names_the_value_and_its_type() -> None:
    """got() gives the house tail ``name=value!r (type=T)``."""
    assert check.got("county", "610924") == "county='610924' (type=str)"
    assert check.got("on", None) == "on=None (type=NoneType)"
    assert check.show(1.5) == "1.5 (type=float)"


def test_got_cuts_a_long_repr() -> None:
    """A repr over MAX_REPR characters is cut to that length, with an ellipsis and the size."""
    exact = "x" * (check.MAX_REPR - 2)  # its repr has exactly MAX_REPR characters
    assert check.show(exact) == f"{exact!r} (type=str)"
    shown = check.got("notes", "y" * 1_000_000)
    value = shown.removeprefix("notes=").removesuffix(
        " (1,000,000 characters, type=str)"
    )
    assert len(value) == check.MAX_REPR
    assert value == "'" + "y" * (check.MAX_REPR - 2) + "\u2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (list(range(1000)), "[0, 1, 2, 3, 4, 5, ...] (1,000 items, type=list)"),
        ({"k": 1}, "{'k': 1} (type=dict)"),
        (10**5000, "<an int of 5,001 digits> (type=int)"),
        (-(10**5000) + 1, "<an int of 5,000 digits> (type=int)"),
        (10**99, "<an int of 100 digits> (type=int)"),
        (b"x" * 100, "b'" + "x" * 36 + "..." + "x" * 38 + "' (100 items, type=bytes)"),
    ],
    ids=["list", "dict", "huge int", "huge negative int", "100 digits", "bytes"],
)
def test_show_is_short_whatever_the_value(value: object, expected: str) -> None:
    """Containers are shown to a few items, huge ints by their digits, and the size follows a cut."""
    assert check.show(value) == expected


def test_show_survives_deep_nesting_and_failing_reprs() -> None:
    """A value nested past the recursion limit or with a failing repr is still shown, briefly."""
    deep: list[object] = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]  # type: ignore[assignment]
    assert check.show(deep) == "[[[[...]]]] (1 item, type=list)"

    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError

    shown = check.show(Broken())
    assert shown.startswith("<Broken instance at ")
    assert shown.endswith("> (type=Broken)")


def test_refusal_has_the_house_shape() -> None:
    """refusal() is an InvalidArgumentError 'Expected <what> but got <name>=…' with the field."""
    error = check.refusal("a bool", "has_charter", "yes")
    assert isinstance(error, InvalidArgumentError)
    assert isinstance(error, ValueError)
    assert str(error) == "Expected a bool but got has_charter='yes' (type=str)"
    assert error.field == "has_charter"


# -- predicates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("610924", True),
        ("000000", True),
        ("61092", False),
        ("6109245", False),
        ("61092x", False),
        (FULLWIDTH_CODE, False),
        (ARABIC_INDIC_CODE, False),
        ("610924\n", False),
        (610924, False),
        (None, False),
    ],
)
def test_is_code(value: object, expected: bool) -> None:  # noqa: FBT001
    """A code is a str of exactly six ASCII digits."""
    assert check.is_code(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2011", True),
        ("2009-03", True),
        ("2021-08-27", True),
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2009-13", False),
        ("2009-00", False),
        ("2009-3", False),
        ("09", False),
        ("".join(chr(ord(c) + 0xFEE0) for c in "2011"), False),
        (2011, False),
        (None, False),
    ],
)
def test_is_partial_date(value: object, expected: bool) -> None:  # noqa: FBT001
    """A partial date is a real YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits."""
    assert check.is_partial_date(value) is expected


def test_is_text() -> None:
    """Text is a str with a character that is not white space."""
    assert check.is_text("紫阳修脚师")
    assert check.is_text(" x ")
    assert not check.is_text("")
    assert not check.is_text(" \t\n")
    assert not check.is_text(None)
    assert not check.is_text(b"x")


# -- validators ---------------------------------------------------------------

#: (validator, accepted values, refused values, expected wording).
CASES: list[tuple[str, check.Validator, list[object], list[object], str]] = [
    (
        "text",
        check.text,
        ["x", "紫阳修脚师", " padded ", "line\nline", "a\tb\r\n", "全角\u3000空格"],
        ["", "  ", "\u200b\ufeff", "\u3000", None, 5, b"x"],
        "non-empty text",
    ),
    (
        "text (forbidden characters)",
        check.text,
        [],
        ["a\x00", "\x1b[31m", "a\x7f", "a\x85", "\ud800", "x\udfffy"],
        re.escape(
            "text without control characters (tab and line breaks allowed) "
            "or lone surrogates"
        ),
    ),
    (
        "name",
        check.name,
        ["紫阳修脚师", "Ziyang pedicurists", "全角\u3000空格"],
        ["", " ", "\u200b", None, 5],
        "non-empty text",
    ),
    (
        "name (forbidden characters)",
        check.name,
        [],
        ["a\nb", "a\tb", "a\rb", "a\u2028b", "a\x00", "\ud800"],
        re.escape("a name on one line, without control characters or lone surrogates"),
    ),
    (
        "note",
        check.note,
        ["", " ", "several\nlines\r\n\tindented", "紫阳"],
        ["\x00", "a\x1b", "\udc80"],
        re.escape(
            "text without control characters (tab and line breaks allowed) "
            "or lone surrogates"
        ),
    ),
    (
        "day",
        check.day,
        [
            pendulum.Date(2022, 4, 29),
            pendulum.Date(1949, 10, 1),
            pendulum.Date(2100, 12, 31),
        ],
        [
            "2022-04-29",
            dt.date(2022, 4, 29),
            pendulum.datetime(2022, 4, 29),
            None,
            pendulum.Date(1949, 9, 30),
            pendulum.Date(2101, 1, 1),
            pendulum.Date(1, 1, 1),
            pendulum.Date(9999, 12, 31),
        ],
        "a pendulum.Date from 1949-10-01 to 2100-12-31",
    ),
    (
        "count",
        check.count,
        [0, 1, 10**20],
        [-1, 1.0, True, False, "1", None],
        r"a count \(int >= 0\)",
    ),
    ("flag", check.flag, [True, False], [0, 1, "yes", None], "a bool"),
    (
        "code",
        check.code,
        ["610924", "610000"],
        ["6109", FULLWIDTH_CODE, ARABIC_INDIC_CODE, 610924, None],
        "a six-digit GB/T 2260 code",
    ),
    (
        "instance_of(str)",
        check.instance_of(str),
        ["", "x"],
        [None, 1, b"x"],
        "a str",
    ),
    (
        "instance_of(Colour)",
        check.instance_of(Colour),
        [Colour.RED],
        ["red", None],
        "a Colour",
    ),
    (
        "instance_of(Event)",
        check.instance_of(Event),
        [Event.START],
        ["start"],
        "an Event",
    ),
    (
        "instance_of(int, what)",
        check.instance_of(int, what="a number of persons"),
        [0, True],
        ["1", 1.0],
        "a number of persons",
    ),
    (
        "matches",
        check.matches(re.compile(r"[a-z]+"), "a lower-case key"),
        ["yangling"],
        ["Yangling", "", "a1", None, 1],
        "a lower-case key",
    ),
]


@pytest.mark.parametrize(
    ("validator", "accepted"),
    [(v, a) for _, v, accepted, _, _ in CASES for a in accepted],
)
def test_validators_accept(validator: check.Validator, accepted: object) -> None:
    """Each validator accepts the values of its domain."""
    run(validator, accepted)


@pytest.mark.parametrize(
    ("validator", "bad", "what"),
    [(v, b, w) for _, v, _, refused_values, w in CASES for b in refused_values],
)
def test_validators_refuse_with_the_house_message(
    validator: check.Validator, bad: object, what: str
) -> None:
    """Each validator refuses what is outside its domain, saying what it expected and naming the field."""
    message = refused(validator, bad, name="county")
    shown = re.escape(check.got("county", bad))
    assert re.fullmatch(f"Expected {what} but got {shown}", message), message


def test_optional_accepts_none_and_otherwise_defers() -> None:
    """optional() accepts None, and refuses the rest with the wrapped validator's message."""
    maybe_count = check.optional(check.count)
    run(maybe_count, None)
    run(maybe_count, 3)
    message = refused(maybe_count, -1, name="trained")
    assert message == "Expected a count (int >= 0) but got trained=-1 (type=int)"
    maybe_colour = check.optional(check.instance_of(Colour))
    run(maybe_colour, None)
    assert refused(maybe_colour, "red", name="colour").startswith(
        "Expected a Colour but got colour='red'"
    )


def test_each_accepts_empty_and_homogeneous_iterables() -> None:
    """each() accepts any iterable whose every item is of the class, even an empty one."""
    each_int = check.each(int)
    run(each_int, ())
    run(each_int, (1, 2, 3))
    run(each_int, [1])
    run(each_int, iter([True]))


def test_each_names_the_first_bad_item_by_index() -> None:
    """each() refuses the first item of another class, naming it by its index."""
    message = refused(check.each(Event), (Event.START, "start", 5), name="history")
    assert message == (
        "Expected each item to be an Event but got history[1]='start' (type=str)"
    )


def test_validators_work_as_attrs_validators() -> None:
    """The validators and converters plug into attrs fields, and the error names the field."""

    @attrs.frozen
    class Visit:
        county: str = attrs.field(validator=check.code)
        on: pendulum.Date = attrs.field(converter=check.day_on)
        note: str | None = attrs.field(
            default=None, validator=check.optional(check.text)
        )

    visit = Visit("610924", "2023-01-01")
    assert visit.note is None
    assert visit.on == pendulum.Date(2023, 1, 1)
    with pytest.raises(InvalidArgumentError) as info:
        Visit("610924", pendulum.Date(2023, 1, 1), note=" ")
    assert info.value.field == "note"
    with pytest.raises(InvalidArgumentError) as info:
        Visit("610924", "2023-1-1")
    assert info.value.field == "on"


#: Every day converter, with the field it names.
DAY_CONVERTERS = [
    (check.day_on, "on", False),
    (check.day_as_of, "as_of", False),
    (check.day_decided_on, "decided_on", False),
    (check.day_first_day, "first_day", False),
    (check.day_last_day, "last_day", False),
    (check.day_issued, "issued", False),
    (check.day_start, "start", False),
    (check.day_horizon, "horizon", False),
    (check.optional_day_on, "on", True),
    (check.optional_day_on_or_before, "on_or_before", True),
    (check.optional_day_last_day, "last_day", True),
    (check.optional_day_deadline, "deadline", True),
    (check.optional_day_parameters_from, "parameters_from", True),
]


def test_every_day_converter_is_listed() -> None:
    """The table below covers every day converter the module exports."""
    exported = {n for n in check.__all__ if n.startswith(("day_", "optional_day_"))}
    assert exported == {c.__name__ for c, _, _ in DAY_CONVERTERS}


@pytest.mark.parametrize(
    ("convert", "name", "optional"),
    DAY_CONVERTERS,
    ids=[c.__name__ for c, _, _ in DAY_CONVERTERS],
)
def test_day_converters_take_the_three_forms_and_name_their_field(
    convert: Callable[[Any], pendulum.Date | None],
    name: str,
    optional: bool,  # noqa: FBT001
) -> None:
    """A day converter takes a pendulum Date, a datetime.date or an ISO string, and names its field."""
    day = pendulum.Date(2023, 7, 1)
    assert convert(day) is day
    for form in (dt.date(2023, 7, 1), "2023-07-01"):
        converted = convert(form)
        assert converted == day
        assert type(converted) is pendulum.Date
    refused: list[object] = [
        dt.datetime(2023, 7, 1, 9),  # noqa: DTZ001 - a naive datetime is refused too
        dt.datetime(2023, 7, 1, 9, tzinfo=dt.UTC),
        "2023-7-1",
        20230701,
        True,
    ]
    if optional:
        assert convert(None) is None
    else:
        refused.append(None)
    for value in refused:
        with pytest.raises(InvalidArgumentError) as info:
            convert(value)
        assert info.value.field == name
        assert f"{name}=" in str(info.value)


# -- argument checkers --------------------------------------------------------


def test_expect_returns_the_argument() -> None:
    """expect() returns an argument of the right class as it is."""
    value = Colour.RED
    assert check.expect(Colour, value, name="colour") is value
    assert check.expect(str, "x", name="text") == "x"


@pytest.mark.parametrize(
    ("cls", "value", "what", "message"),
    [
        (str, 1, None, "Expected a str but got code=1 (type=int)"),
        (Event, "start", None, "Expected an Event but got code='start' (type=str)"),
        (int, "1", "a head count", "Expected a head count but got code='1' (type=str)"),
    ],
)
def test_expect_refuses_with_the_house_message(
    cls: type, value: object, what: str | None, message: str
) -> None:
    """expect() refuses an argument of another class, naming the argument."""
    with pytest.raises(InvalidArgumentError) as info:
        check.expect(cls, value, name="code", what=what)
    assert str(info.value) == message
    assert info.value.field == "code"


@pytest.mark.parametrize("value", ["en", "zh"])
def test_lang_accepts_en_and_zh(value: str) -> None:
    """lang() returns "en" or "zh" as given."""
    assert check.lang(value) == value


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("fr", "lang"),
        ("EN", "lang"),
        ("", "lang"),
        (None, "lang"),
        ("zh-CN", "language"),
    ],
)
def test_lang_refuses_other_languages(value: object, name: str) -> None:
    """lang() refuses anything but "en" and "zh", naming the argument."""
    with pytest.raises(InvalidArgumentError) as info:
        check.lang(value, name=name)
    assert str(info.value) == f"Expected 'en' or 'zh' but got {check.got(name, value)}"
    assert info.value.field == name


# -- the ground floor ---------------------------------------------------------


def test_validators_sit_on_the_ground_floor() -> None:
    """_validators imports nothing of labourbrand but exceptions, dates and money."""
    tree = ast.parse(Path(check.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    ours = {name for name in imported if name and name.startswith("labourbrand")}
    assert "labourbrand.exceptions" in ours
    assert ours <= {"labourbrand.dates", "labourbrand.exceptions", "labourbrand.money"}
