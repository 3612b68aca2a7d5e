from __future__ import annotations

import json
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    """Every public type survives to_json then from_json unchanged."""
    value = data.draw(strategy)
    assert from_json(to_json(value), cls) == value


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
            "Expected a day YYYY-MM-DD but got text='2023-02-30' (type=str) @ $.workforce[0].on",
        ),
        (
            {"name_zh": "x", "county": "61092"},
            "Expected a six-digit GB/T 2260 code but got county='61092' (type=str) @ $.county",
        ),
        ({"name_zh": "x", "stage": "pooled"}, "but got 'pooled' (type=str) @ $.stage"),
        ({"name_zh": "x", "colour": "red"}, "extra fields found (colour) @ $"),
        ({}, "required field missing @ $.name_zh"),
        (
            {"name_zh": "x", "trademark_registered": "yes"},
            "Expected true or false but got 'yes' (type=str) @ $.trademark_registered",
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
    # A record imported without its history may be in any stage.
    assert from_dict({"name_zh": "x", "stage": "in_pool"}, Brand).stage is Stage.IN_POOL


def test_not_json() -> None:
    """Text that is not JSON is a DataError, not a JSONDecodeError."""
    with pytest.raises(DataError, match="syntax error"):
        from_json("{", Brand)
    with pytest.raises(DataError, match="syntax error"):
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
    assert '"name_zh": "紫阳修脚师"' in to_json(Brand(name_zh="紫阳修脚师"))
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
