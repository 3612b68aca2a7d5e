from __future__ import annotations

import contextlib
import json
import sys
from typing import TYPE_CHECKING, Any
from unittest import mock

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from labourbrand import _validators as check
from labourbrand import serialization
from labourbrand._model import (
    AuditRecord,
    Brand,
    CreatingUnit,
    Recognition,
    Stage,
    WorkforceObservation,
)
from labourbrand.exceptions import DataError, LabourBrandError
from labourbrand.money import Fen
from labourbrand.serialization import from_dict, from_json, to_dict, to_json
from labourbrand.testing import strategies as lbst


if TYPE_CHECKING:
    from collections.abc import Iterator


ROUND_TRIP = [
    (Fen, lbst.fens()),
    (Brand, lbst.brands()),
    (WorkforceObservation, lbst.workforce_observations()),
    (Recognition, lbst.recognitions()),
    (CreatingUnit, lbst.creating_units()),
    (AuditRecord, lbst.audit_records()),
    (pendulum.Date, lbst.dates()),
]


@pytest.mark.parametrize(
    ("cls", "strategy"), ROUND_TRIP, ids=lambda x: getattr(x, "__name__", "")
)
@given(data=st.data())
def test_json_round_trip(
    cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    """Every public type survives to_json then from_json unchanged, with or without orjson.

    orjson, where it is used, writes and reads exactly what json does.
    """
    value = data.draw(strategy)
    text = to_json(value)
    assert from_json(text, cls) == value
    assert text == json.dumps(to_dict(value), ensure_ascii=False, separators=(",", ":"))
    with _without_orjson():
        assert to_json(value) == text
        assert from_json(text, cls) == value


def _wf(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "on": "2023-06-30",
        "practitioners": 900,
        "rural": 700,
        "rural_signed": 520,
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            {"name_zh": "x", "workforce": [_wf(rural_signed=5.0)]},
            "Expected an int but got 5.0 (type=float) @ $.workforce[0].rural_signed",
        ),
        (
            {"name_zh": "x", "workforce": [_wf(rural_signed=True)]},
            "Expected an int but got True (type=bool) @ $.workforce[0].rural_signed",
        ),
        (
            {"name_zh": "x", "workforce": [_wf(rural_signed="5")]},
            "Expected an int but got '5' (type=str) @ $.workforce[0].rural_signed",
        ),
        (
            {"name_zh": "x", "workforce": [_wf(rural_signed=800)]},
            "Expected rural_signed <= rural=700 but got rural_signed=800 @ $.workforce[0].rural_signed",
        ),
        (
            {"name_zh": "x", "workforce": [_wf(on="2023-02-30")]},
            (
                'Expected a day "YYYY-MM-DD" from 1949-10-01 to 2100-12-31 but got '
                "'2023-02-30' (type=str) @ $.workforce[0].on"
            ),
        ),
        (
            {"name_zh": "x", "county": "61092"},
            "Expected a six-digit GB/T 2260 code but got county='61092' (type=str) @ $.county",
        ),
        (
            {"name_zh": "x", "county": "٦١٠٩٢٤"},
            "Expected a six-digit GB/T 2260 code but got county='٦١٠٩٢٤' (type=str) @ $.county",
        ),
        ({"name_zh": "x", "stage": "pooled"}, "but got 'pooled' (type=str) @ $.stage"),
        ({"name_zh": "x", "colour": "red"}, "extra fields found (colour) @ $"),
        ({}, "required field missing @ $.name_zh"),
        (
            {"name_zh": "x", "trademark_registered": "yes"},
            "Expected true or false but got 'yes' (type=str) @ $.trademark_registered",
        ),
        (
            {"name_zh": "x", "nationally_known": "yes"},
            "Expected true or false but got 'yes' (type=str) @ $.nationally_known",
        ),
        (
            {
                "name_zh": "x",
                "recognitions": [
                    {
                        "level": "provincial",
                        "on": "2025-12-01",
                        "on_or_before": "2025-12-06",
                    }
                ],
            },
            "on_or_before",
        ),
        ({"name_zh": "x", "workforce": [1]}, "@ $.workforce[0]"),
        (
            {"name_zh": "x", "workforce": {"on": "2023-06-30"}},
            "Expected a JSON array but got {'on': '2023-06-30'} (type=dict) @ $.workforce",
        ),
        ([], "Expected a JSON object for Brand"),
    ],
)
def test_bad_documents_name_the_field(doc: object, expected: str) -> None:
    """Each kind of bad field is reported with its JSON path."""
    with pytest.raises(DataError) as info:
        from_json(json.dumps(doc), Brand, source="brands.json")
    assert any(expected in line for line in info.value.errors), info.value.errors
    assert str(info.value).startswith("brands.json: ")


def test_all_bad_fields_are_reported_at_once() -> None:
    """Several bad fields give one error listing every path."""
    doc = {"name_zh": 5, "county": 610924, "workforce": [_wf(rural=5.5)], "extra": 1}
    with pytest.raises(DataError) as info:
        from_dict(doc, Brand)
    paths = sorted(line.rsplit(" @ ", 1)[1] for line in info.value.errors)
    assert paths == ["$", "$.county", "$.name_zh", "$.workforce[0].rural"]
    assert info.value.__cause__ is not None


def test_history_must_lead_to_stage() -> None:
    """A document whose stage disagrees with its audit trail is refused."""
    from labourbrand._model import Event, Maturity
    from labourbrand.lifecycle import transition

    brand = transition(
        Brand(name_zh="x", maturity=Maturity.ESTABLISHED),
        Event.ESTABLISH,
        on=pendulum.Date(2023, 1, 1),
    )
    with pytest.raises(DataError, match=r"@ \$\.stage"):
        from_dict(to_dict(brand) | {"stage": "in_pool"}, Brand)
    # Issue 11: a stage with no history is refused too (import_record is the route).
    with pytest.raises(DataError, match=r"import_record.* @ \$\.stage"):
        from_dict({"name_zh": "x", "stage": "in_pool"}, Brand)
    assert from_dict({"name_zh": "x"}, Brand).stage is Stage.DISCOVERED


def test_not_json() -> None:
    """Text that is not JSON is a DataError, not a JSONDecodeError."""
    with pytest.raises(DataError, match="syntax error"):
        from_json("{", Brand)
    with pytest.raises(DataError, match="Expected UTF-8 text but got the byte 0xff"):
        from_json(b"\xff", Brand)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
BRAND_KEYS = [a for a in Brand.__attrs_attrs__]  # noqa: C416


@given(
    st.one_of(
        JSON,
        st.dictionaries(
            st.sampled_from([a.name for a in BRAND_KEYS]), JSON, max_size=6
        ),
        st.builds(
            lambda d, extra: to_dict(d) | extra,
            lbst.brands(),
            st.dictionaries(
                st.sampled_from([a.name for a in BRAND_KEYS]), JSON, max_size=2
            ),
        ),
    )
)
def test_malformed_json_of_any_shape_is_our_error(doc: object) -> None:
    """Any JSON document either builds a valid Brand or raises a LabourBrandError subclass."""
    try:
        brand = from_dict(doc, Brand)
    except LabourBrandError as err:
        assert isinstance(err, DataError)
        assert all(" @ $" in line for line in err.errors)
    else:
        assert isinstance(brand, Brand)


def test_decimal_hooks_are_strict() -> None:
    """Rates are decimal strings; floats and junk are refused."""
    from decimal import Decimal

    conv = serialization.make_converter()
    assert conv.structure("0.50", Decimal) == Decimal("0.50")
    assert conv.unstructure(Decimal("0.50")) == "0.50"
    for bad in (0.5, "abc", "NaN"):
        with pytest.raises(TypeError, match="decimal"):
            conv.structure(bad, Decimal)


def test_fen_is_an_int_of_fen() -> None:
    """Money serialises as an int of fen and refuses floats."""
    assert to_json(Fen(150)) == "150"
    assert from_json("150", Fen) == Fen(150)
    with pytest.raises(DataError, match="int number of fen"):
        from_json("1.5", Fen)


def test_chinese_kept_as_text() -> None:
    """Chinese names are written as characters, not escapes."""
    assert '"name_zh":"紫阳修脚师"' in to_json(Brand(name_zh="紫阳修脚师"))
    assert to_json(Stage.IN_POOL, indent=2) == '"in_pool"'


def test_a_list_needs_a_json_array() -> None:
    """A JSON object where a list of brands is expected is refused at the root."""
    brands = from_json('[{"name_zh": "x"}]', list[Brand])
    assert [b.name_zh for b in brands] == ["x"]
    with pytest.raises(DataError) as info:
        from_json('{"name_zh": "x"}', list[Brand])
    assert info.value.errors == [
        "Expected a JSON array but got {'name_zh': 'x'} (type=dict) @ $"
    ]


@given(
    st.one_of(
        JSON,
        st.builds(
            lambda d, extra: to_dict(d) | extra,
            lbst.brands(),
            st.dictionaries(
                st.sampled_from([a.name for a in BRAND_KEYS]), JSON, max_size=2
            ),
        ),
        st.builds(
            lambda d, i, key, value: _with_key(to_dict(d), i, key, value),
            lbst.brands(),
            st.integers(0, 3),
            st.sampled_from(["on", "event", "extra", "name_zh", "basis"]),
            JSON,
        ),
        st.builds(
            lambda d, key, value: to_dict(d) | {key: value},
            lbst.brands(),
            st.sampled_from(["creating_unit", "workforce", "history", "recognitions"]),
            JSON,
        ),
    )
)
def test_fast_converter_agrees_with_the_detailed_one(doc: object) -> None:
    """The fast pass of from_dict accepts exactly what the detailed pass accepts."""
    try:
        expected = _DETAILED.structure(doc, Brand)
    except Exception:  # noqa: BLE001 - any refusal; its kind is tested above
        with pytest.raises(Exception):  # noqa: B017, PT011
            _FAST.structure(doc, Brand)
    else:
        assert _FAST.structure(doc, Brand) == expected


_FAST = serialization.make_converter(detailed_validation=False)
_DETAILED = serialization.make_converter()


def _with_key(doc: dict[str, Any], i: int, key: str, value: object) -> dict[str, Any]:
    """Put *key* into the *i*-th nested object of a brand's document (or the brand)."""
    nested = [doc, *doc["history"], *doc["workforce"], *doc["recognitions"]]
    nested[i % len(nested)][key] = value
    return doc


def test_fast_converter_refuses_unknown_keys_everywhere() -> None:
    """Without cattrs' own check, unknown keys are still refused at every depth."""
    fast = serialization.make_converter(detailed_validation=False)
    brand = to_dict(
        Brand(
            name_zh="x",
            workforce=[
                WorkforceObservation(
                    on=pendulum.Date(2023, 1, 1),
                    practitioners=3,
                    rural=2,
                    rural_signed=1,
                )
            ],
        )
    )
    assert fast.structure(brand, Brand).name_zh == "x"
    with pytest.raises(TypeError, match="only the keys of Brand"):
        fast.structure(brand | {"colour": "red"}, Brand)
    brand["workforce"][0]["colour"] = "red"
    with pytest.raises(TypeError, match="only the keys of WorkforceObservation"):
        fast.structure(brand, Brand)
    with pytest.raises(TypeError, match="only the keys of CreatingUnit"):
        fast.structure({"name": None, "colour": "red"}, CreatingUnit)


@contextlib.contextmanager
def _without_orjson() -> Iterator[None]:
    """Serialise with the standard library only, as without the ``orjson`` extra."""
    serialization._clear_caches()
    try:
        with mock.patch.object(serialization, "_orjson", return_value=None):
            yield
    finally:
        serialization._clear_caches()


def test_orjson_is_used_when_installed() -> None:
    """The test environment has the extra: Brand JSON goes through orjson."""
    import orjson

    assert serialization._orjson_for(Brand) is orjson
    with _without_orjson():
        assert serialization._orjson_for(Brand) is None


def test_without_the_extra_orjson_is_not_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A missing orjson means the standard library, not an error."""
    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson -> ImportError
    assert serialization._orjson() is None


@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1))
def test_any_text_is_written_alike(name: str) -> None:
    """Escapes, format characters and characters beyond the BMP: the same text either way."""
    assume(check.is_name(name))
    value = CreatingUnit(name=name)
    text = to_json(value)
    with _without_orjson():
        assert to_json(value) == text
    assert from_json(text, CreatingUnit) == value


def test_beyond_orjson_the_standard_library_takes_over() -> None:
    """Integers over 64 bits: json writes and reads them; lone surrogates are refused."""
    with pytest.raises(DataError, match=r"lone surrogates .* @ \$\.name"):
        from_json('{"name": "\\ud800", "kind": null}', CreatingUnit)
    huge = 2**70
    many = WorkforceObservation(
        on=pendulum.Date(2023, 1, 1), practitioners=huge, rural=huge, rural_signed=huge
    )
    text = to_json(many)
    assert f'"practitioners":{huge},' in text
    read = from_json(text, WorkforceObservation)
    assert read == many
    assert type(read.practitioners) is int


def test_floats_are_written_by_the_standard_library() -> None:
    """orjson writes some floats otherwise, so a type holding one never uses it."""

    @attrs.frozen
    class Rate:
        value: float

    @attrs.frozen
    class Unresolved:
        value: NotImported  # type: ignore[name-defined]  # noqa: F821

    assert serialization._orjson_for(Rate) is None
    assert serialization._orjson_for(Unresolved) is None
    assert serialization._orjson_for(tuple[Brand, ...]) is not None
    assert to_json(Rate(0.00001)) == '{"value":1e-05}'
    assert from_json('{"value": 1e-05}', Rate) == Rate(0.00001)


@attrs.frozen
class _Node:
    label: str
    child: _Node | None = None


def test_recursive_types_are_walked_once() -> None:
    """A type that holds itself is float-free if the rest of it is."""
    assert serialization._float_free(_Node, set())
    tree = _Node("a", _Node("b"))
    assert from_json(to_json(tree), _Node) == tree


@pytest.mark.parametrize(
    ("doc", "cls", "expected"),
    [
        ({"trained": "5"}, WorkforceObservation, "Expected an int but got '5'"),
        ({"name": 5}, CreatingUnit, "Expected a string but got 5"),
        (
            {"on": 2023},
            Recognition,
            'Expected a day "YYYY-MM-DD" from 1949-10-01 to 2100-12-31 but got 2023',
        ),
    ],
)
def test_optional_leaves_are_strict(
    doc: dict[str, object], cls: type, expected: str
) -> None:
    """``int | None``, ``str | None`` and days accept null or their own JSON type only."""
    base: dict[type, dict[str, object]] = {
        WorkforceObservation: {
            "on": "2023-01-01",
            "practitioners": 3,
            "rural": 2,
            "rural_signed": 1,
        },
        CreatingUnit: {},
        Recognition: {"level": "city"},
    }
    assert from_dict(base[cls] | dict.fromkeys(doc), cls) is not None
    with pytest.raises(TypeError, match=expected):
        _FAST.structure(base[cls] | doc, cls)
    with pytest.raises(DataError, match=expected):
        from_dict(base[cls] | doc, cls)


@pytest.mark.parametrize("orjson", [True, False], ids=["orjson", "json"])
def test_a_key_twice_is_refused_however_the_text_is_read(orjson: bool) -> None:  # noqa: FBT001
    """Compact text with a key twice is refused with orjson as without it; other text is read strictly."""
    brand = Brand(name_zh="紫阳修脚师", county="610924")
    text = to_json(brand)
    twice = text.replace('"county":"610924"', '"county":"610924","county":"610925"')
    with contextlib.ExitStack() as stack:
        if not orjson:
            stack.enter_context(_without_orjson())
        with pytest.raises(DataError) as info:
            from_json(twice, Brand)
        assert info.value.errors == [
            "Expected each key once in an object but got 'county' 2 times @ $.county"
        ]
        indented = json.dumps(to_dict(brand), ensure_ascii=True, indent=2)
        assert from_json(indented, Brand) == brand
        assert from_json(text.encode(), Brand) == brand


def test_integers_are_bounded_in_python_data_too() -> None:
    """from_dict refuses an int of more than 30 digits, which no JSON writer could write back."""
    doc = _wf(practitioners=10**40, rural=0, rural_signed=0)
    with pytest.raises(DataError) as info:
        from_dict(doc, WorkforceObservation)
    assert info.value.errors == [
        (
            "Expected an int of at most 30 digits but got "
            "10000000000000000000000000000000000000000 (type=int) @ $.practitioners"
        )
    ]


def test_a_huge_value_is_never_echoed_whole() -> None:
    """A megabyte where a day belongs is shown cut to 80 characters, with its size."""
    with pytest.raises(DataError) as info:
        from_json(json.dumps({"on": "x" * 1_000_000, "level": "city"}), Recognition)
    (line,) = info.value.errors
    assert line.endswith("… (1,000,000 characters, type=str) @ $.on")
    assert len(line) < 200
