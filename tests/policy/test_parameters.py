"""Dated policy parameters: the packaged values, lookups, overrides and bad files."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labourbrand.dates import FYP14
from labourbrand.exceptions import (
    InvalidArgumentError,
    NotInForceError,
    PolicyDataError,
)
from labourbrand.money import Fen
from labourbrand.policy import _parameter_files as parameter_files
from labourbrand.policy import _parameters as private
from labourbrand.policy import parameters as public
from labourbrand.policy.parameters import (
    UNQUANTIFIED,
    DatedValue,
    Parameter,
    ParameterSet,
    ParameterSnapshot,
    Plausible,
    Unit,
    Unquantified,
    load_parameters,
    parse_parameter,
)
from labourbrand.testing.strategies import dates


if TYPE_CHECKING:
    import pathlib


D = pendulum.Date
R22 = "陕人社发〔2022〕13号"
R23 = "陕人社发〔2023〕35号"
IN_FORCE = D(2022, 4, 29)
PROGRAMME = D(2023, 12, 1)

PACKAGED = {
    "employment_award_cap",
    "employment_award_threshold",
    "leading_enterprise_criteria",
    "studios_per_key_county",
    "target_brands_per_county",
    "target_brands_total",
    "target_city_level",
    "target_county_level",
    "target_county_shortfall",
    "target_deadline",
    "target_national_known",
    "target_per_category",
    "target_provincial",
    "training_projects_per_county",
}

#: (name, unit, clause, [(first day, value, reference), ...]) exactly as the texts set them.
EXPECTED = [
    ("employment_award_threshold", "persons", "4.2", [(IN_FORCE, 500, R22)]),
    ("employment_award_cap", "fen", "4.2", [(IN_FORCE, Fen(30_000_000), R22)]),
    ("target_deadline", "date", "2", [(IN_FORCE, D(2025, 12, 31), R22)]),
    ("target_brands_total", "brands", "2", [(IN_FORCE, 100, R22)]),
    ("target_brands_per_county", "brands", "2", [(IN_FORCE, 1, R22)]),
    (
        "target_county_shortfall",
        "count",
        "2",
        [(IN_FORCE, 0, R22), (PROGRAMME, UNQUANTIFIED, R23)],
    ),
    (
        "target_national_known",
        "brands",
        "2",
        [(IN_FORCE, 10, R22), (PROGRAMME, 10, R23)],
    ),
    ("target_per_category", "brands", "3.2", [(IN_FORCE, 10, R22)]),
    (
        "target_provincial",
        "brands",
        "2",
        [(IN_FORCE, UNQUANTIFIED, R22), (PROGRAMME, 20, R23)],
    ),
    (
        "target_city_level",
        "brands",
        "2",
        [(IN_FORCE, UNQUANTIFIED, R22), (PROGRAMME, 40, R23)],
    ),
    ("target_county_level", "brands", "shaanxi-2022-13:2", [(PROGRAMME, 100, R23)]),
    ("training_projects_per_county", "count", "4.1", [(IN_FORCE, 1, R22)]),
    ("studios_per_key_county", "count", "4.1", [(IN_FORCE, 1, R22)]),
    ("leading_enterprise_criteria", "count", "5.2", [(IN_FORCE, 3, R22)]),
]

VALID = """\
description = "Cap of the one-time employment award"
description_zh = "一次性奖补上限"
unit = "fen"
clause = "4.2"

[metadata]
reference = "陕人社发〔2022〕13号 第四部分第(二)项"

[values."2022-04-29"]
value = 30_000_000
reference = "陕人社发〔2022〕13号"
"""
ENTRY = '$.values."2022-04-29"'
METADATA = '[metadata]\nreference = "陕人社发〔2022〕13号 第四部分第(二)项"\n'
LATER = '$.values."2024-01-01"'


def variant(old: str, new: str) -> str:
    """Return VALID with *old* replaced by *new* (which must occur)."""
    assert old in VALID
    return VALID.replace(old, new)


def top_level(text: str, line: str) -> str:
    """Add a top-level *line* to *text*, before its first table."""
    return text.replace('clause = "4.2"\n', f'clause = "4.2"\n{line}\n')


#: VALID with its plausible range declared.
RANGE = "plausible = { min = 100, max = 1_000_000_000 }"


def ranged(old: str = RANGE, new: str = RANGE) -> str:
    """Return VALID with a plausible range, *old* replaced by *new* (which must occur)."""
    text = top_level(VALID, RANGE)
    assert old in text
    return text.replace(old, new)


def later_entry(body: str) -> str:
    """Return VALID with a second dated entry from 2024-01-01."""
    return VALID + f'\n[values."2024-01-01"]\n{body}\nreference = "test"\n'


def parameter(
    unit: Unit = Unit.COUNT, *entries: DatedValue, name: str = "test_parameter"
) -> Parameter:
    """Build a parameter with test metadata and the given entries."""
    return Parameter(
        name=name,
        description="A test parameter",
        description_zh="测试参数",
        unit=unit,
        clause="4.2",
        reference=R22,
        values=entries or (DatedValue(first_day=IN_FORCE, value=1, reference=R22),),
    )


def entry(
    day: pendulum.Date, value: object = None, *, ended: bool = False
) -> DatedValue:
    """Build a dated value citing a test reference."""
    return DatedValue(first_day=day, value=value, ended=ended, reference="test")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    """The packaged parameters."""
    return load_parameters()


# ------------------------------------------------------------------ packaged
def test_every_packaged_parameter_loads_with_reference_and_clause(
    params: ParameterSet,
) -> None:
    """Every packaged file loads and names its basis: clause, reference, descriptions."""
    assert set(params) == PACKAGED
    for name, p in params.items():
        assert p.name == name
        assert p.clause
        assert p.reference.startswith("陕人社发")
        assert p.description
        assert p.description_zh
        assert p.documentation
        assert all(v.reference.startswith("陕人社发") for v in p.values)


@pytest.mark.parametrize(("name", "unit", "clause", "values"), EXPECTED)
def test_packaged_values_are_exactly_those_of_the_texts(
    params: ParameterSet,
    name: str,
    unit: str,
    clause: str,
    values: list[tuple[pendulum.Date, object, str]],
) -> None:
    """Each packaged parameter has the unit, clause, days, values and references of its text."""
    p = params[name]
    assert p.unit is Unit(unit)
    assert p.clause == clause
    assert [(v.first_day, v.value, v.reference) for v in p.values] == values
    assert not any(v.ended for v in p.values)
    assert p.first_day == values[0][0]


def test_expected_table_covers_every_packaged_parameter() -> None:
    """The table of expected values names every packaged parameter once."""
    assert sorted(name for name, *_ in EXPECTED) == sorted(PACKAGED)


def test_award_threshold_and_cap(params: ParameterSet) -> None:
    """The award needs 500 signed rural workers and is capped at 300,000 yuan."""
    day = D(2024, 6, 30)
    assert params["employment_award_threshold"].value_at(day) == 500
    cap = params["employment_award_cap"].value_at(day)
    assert cap == Fen.from_yuan(300_000) == Fen(30_000_000)
    assert type(cap) is Fen


def test_target_deadline_is_the_end_of_the_14th_five_year_plan(
    params: ParameterSet,
) -> None:
    """The targets fall due on 2025-12-31, the last day of the 14th Five-Year Plan."""
    deadline = params["target_deadline"].value_at(D(2023, 1, 1))
    assert deadline == D(2025, 12, 31) == FYP14.last_day
    assert type(deadline) is pendulum.Date


@pytest.mark.parametrize("name", sorted(PACKAGED))
def test_lookup_before_first_day_raises_not_in_force(
    params: ParameterSet, name: str
) -> None:
    """A lookup the day before a parameter's first day names the parameter and that day."""
    p = params[name]
    day = p.first_day.subtract(days=1)
    with pytest.raises(NotInForceError) as info:
        p.value_at(day)
    assert info.value.name == name
    assert info.value.on == day
    assert info.value.first_day == p.first_day
    assert name in str(info.value)
    assert p.first_day.isoformat() in str(info.value)
    with pytest.raises(NotInForceError):
        p.entry_at(day)


def test_lookup_on_2022_04_28_raises(params: ParameterSet) -> None:
    """On 2022-04-28 the 2022 text is not yet in force."""
    with pytest.raises(NotInForceError, match=r"on or after 2022-04-29") as info:
        params["employment_award_threshold"].value_at(D(2022, 4, 28))
    assert info.value.first_day == IN_FORCE
    assert params["employment_award_threshold"].value_at(IN_FORCE) == 500


def test_target_provincial_is_unquantified_then_20(params: ParameterSet) -> None:
    """The provincial target is "a batch" until 2023-11-30, then 20 from the 2023 programme."""
    p = params["target_provincial"]
    before = p.value_at(D(2023, 11, 30))
    assert before is UNQUANTIFIED
    assert not isinstance(before, int)  # a marker, never a silent zero
    assert p.value_at(PROGRAMME) == 20
    assert p.entry_at(PROGRAMME).reference == R23
    assert p.entry_at(D(2023, 11, 30)).reference == R22


def test_target_city_level_is_unquantified_then_40(params: ParameterSet) -> None:
    """City-level target: "a batch" from 2022-04-29, 40 from 2023-12-01."""
    p = params["target_city_level"]
    assert p.value_at(IN_FORCE) is UNQUANTIFIED
    assert p.value_at(PROGRAMME) == 40


def test_target_county_level_is_not_in_force_before_the_programme(
    params: ParameterSet,
) -> None:
    """The county-level target exists only from 2023-12-01."""
    p = params["target_county_level"]
    with pytest.raises(NotInForceError) as info:
        p.value_at(D(2023, 11, 30))
    assert info.value.first_day == PROGRAMME
    assert p.value_at(PROGRAMME) == 100


def test_national_known_is_restated_by_the_programme(params: ParameterSet) -> None:
    """The 2023 programme restates 10 nationally known brands as its own dated entry."""
    p = params["target_national_known"]
    assert p.entry_at(D(2023, 11, 30)).reference == R22
    assert p.entry_at(PROGRAMME).reference == R23
    assert p.value_at(D(2023, 11, 30)) == p.value_at(PROGRAMME) == 10


def test_default_set_is_cached(params: ParameterSet) -> None:
    """The packaged set is read once."""
    assert load_parameters() is params


def test_lookups_accept_only_days(params: ParameterSet) -> None:
    """A lookup takes a day; a datetime or garbage is refused, an ISO string is coerced."""
    p = params["employment_award_threshold"]
    with pytest.raises(InvalidArgumentError):
        p.value_at(pendulum.datetime(2024, 1, 1))
    with pytest.raises(InvalidArgumentError):
        params.at(20240101)  # type: ignore[arg-type]
    assert p.value_at("2024-01-01") == 500
    assert p.value_at(dt.date(2024, 1, 1)) == 500


# ------------------------------------------------------------------ units and markers
def test_every_unit_has_a_chinese_label() -> None:
    """Every unit has a non-empty Chinese label."""
    assert all(unit.zh for unit in Unit)
    assert Unit.FEN.zh == "分"
    assert {u.value for u in Unit} == parameter_files._UNITS


def test_unquantified_is_a_singleton_marker() -> None:
    """UNQUANTIFIED is the one member of Unquantified and reads as such."""
    assert list(Unquantified) == [UNQUANTIFIED]
    assert repr(UNQUANTIFIED) == "UNQUANTIFIED"
    assert str(UNQUANTIFIED) == "unquantified"
    assert Unquantified("unquantified") is UNQUANTIFIED


def test_public_module_re_exports_the_private_names() -> None:
    """The public module re-exports every private name, with a sorted __all__."""
    assert public.__all__ == private.__all__
    assert (
        sorted(public.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
        == public.__all__
    )
    assert all(getattr(public, n) is getattr(private, n) for n in public.__all__)


# ------------------------------------------------------------------ snapshots
def test_snapshot_holds_the_values_in_force(params: ParameterSet) -> None:
    """A snapshot holds exactly the entries in force on its day."""
    early = params.at(D(2023, 1, 1))
    assert early.on == D(2023, 1, 1)
    assert "target_county_level" not in early
    assert early.get("target_county_level") is None
    assert "employment_award_cap" in early
    cap = early.get("employment_award_cap")
    assert cap is not None
    assert cap.value == Fen(30_000_000)
    assert early.value("target_provincial") is UNQUANTIFIED
    assert [name for name, _ in early.items()] == sorted(
        PACKAGED - {"target_county_level"}
    )
    late = params.at(PROGRAMME)
    assert late.value("target_county_level") == 100
    assert len(late.items()) == len(PACKAGED)
    assert params.at(IN_FORCE.subtract(days=1)).items() == ()


def test_snapshot_value_raises_like_value_at(params: ParameterSet) -> None:
    """A snapshot's value of a parameter not yet in force raises NotInForceError."""
    with pytest.raises(NotInForceError) as info:
        params.at(D(2023, 1, 1)).value("target_county_level")
    assert info.value.first_day == PROGRAMME


def test_snapshot_refuses_unknown_names(params: ParameterSet) -> None:
    """An unknown name is an error in a snapshot, not None."""
    snapshot = params.at(D(2024, 1, 1))
    with pytest.raises(InvalidArgumentError, match="employment_award_cap"):
        snapshot.get("employment_award_captain")
    with pytest.raises(InvalidArgumentError):
        snapshot.value("employment_award_captain")
    assert "employment_award_captain" not in snapshot


def test_snapshots_are_cached_per_day(params: ParameterSet) -> None:
    """The same day gives the same snapshot object; equal content compares equal."""
    day = D(2024, 3, 1)
    assert params.at(day) is params.at(day)
    fresh = ParameterSnapshot(day, params)
    assert fresh == params.at(day)
    assert hash(fresh) == hash(params.at(day))
    assert fresh != params.at(PROGRAMME)


def test_snapshot_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot cache is cleared when it reaches its bound."""
    monkeypatch.setattr(private, "_MAX_SNAPSHOTS", 2)
    fresh = load_parameters().with_overrides({})
    first = fresh.at(D(2024, 1, 1))
    fresh.at(D(2024, 1, 2))
    assert fresh.at(D(2024, 1, 1)) is first
    fresh.at(D(2024, 1, 3))  # clears the cache
    assert fresh.at(D(2024, 1, 1)) is not first


def test_snapshot_checks_its_arguments(params: ParameterSet) -> None:
    """A snapshot needs a day (not a datetime) and a ParameterSet."""
    with pytest.raises(InvalidArgumentError, match=r"a datetime is an instant"):
        ParameterSnapshot(pendulum.datetime(2024, 1, 1), params)
    with pytest.raises(InvalidArgumentError, match="ParameterSet"):
        ParameterSnapshot(D(2024, 1, 1), dict(params))  # type: ignore[arg-type]


# ------------------------------------------------------------------ sets
def test_parameter_set_is_a_read_only_mapping(params: ParameterSet) -> None:
    """A set maps names to parameters in name order; get and in never raise."""
    assert list(params) == sorted(PACKAGED)
    assert len(params) == len(PACKAGED)
    assert "employment_award_cap" in params
    assert "nope" not in params
    assert params.get("nope") is None
    assert params.get("nope", 5) == 5
    assert params.get("employment_award_cap") is params["employment_award_cap"]
    assert "14 parameters" in repr(params)
    assert params == ParameterSet(params.values())
    with pytest.raises(AttributeError):
        params.extra = 1  # type: ignore[attr-defined]


def test_unknown_name_lists_the_known_names(params: ParameterSet) -> None:
    """Looking up an unknown name raises InvalidArgumentError listing every known name."""
    with pytest.raises(InvalidArgumentError) as info:
        params["employment_award_threshhold"]
    assert info.value.field == "name"
    assert all(name in str(info.value) for name in PACKAGED)


def test_parameter_set_refuses_duplicates_and_strangers(params: ParameterSet) -> None:
    """A set holds each name once, and only parameters."""
    cap = params["employment_award_cap"]
    with pytest.raises(InvalidArgumentError, match="twice"):
        ParameterSet([cap, cap])
    with pytest.raises(InvalidArgumentError, match="Expected a Parameter"):
        ParameterSet([cap, "target_deadline"])  # type: ignore[list-item]


# ------------------------------------------------------------------ overrides
def test_overrides_make_a_new_set_and_leave_the_packaged_one(
    params: ParameterSet,
) -> None:
    """A scenario with threshold 300 and cap 500,000 yuan changes only the new set."""
    scenario = params.with_overrides(
        {
            "employment_award_threshold": 300,
            "employment_award_cap": Fen.from_yuan(500_000),
        }
    )
    day = D(2024, 1, 1)
    assert scenario is not params
    assert scenario["employment_award_threshold"].value_at(day) == 300
    assert scenario["employment_award_cap"].value_at(day) == Fen(50_000_000)
    assert (
        scenario["employment_award_cap"].entry_at(day).reference == "scenario override"
    )
    assert scenario["employment_award_cap"].first_day == IN_FORCE
    assert scenario["target_deadline"] is params["target_deadline"]
    assert params["employment_award_threshold"].value_at(day) == 500
    assert params["employment_award_cap"].value_at(day) == Fen(30_000_000)
    assert load_parameters()["employment_award_threshold"].value_at(day) == 500
    assert scenario.at(day).value("employment_award_threshold") == 300
    assert params.at(day).value("employment_award_threshold") == 500


def test_override_from_a_day_keeps_earlier_values(params: ParameterSet) -> None:
    """An override from a day keeps earlier entries and replaces later ones."""
    scenario = params.with_overrides(
        {"target_provincial": 25, "employment_award_cap": 40_000_000},
        from_day=D(2023, 6, 1),
        reference="what if",
    )
    provincial = scenario["target_provincial"]
    assert [(v.first_day, v.value) for v in provincial.values] == [
        (IN_FORCE, UNQUANTIFIED),
        (D(2023, 6, 1), 25),
    ]
    assert provincial.value_at(D(2030, 1, 1)) == 25
    assert provincial.entry_at(D(2023, 6, 1)).reference == "what if"
    assert scenario["employment_award_cap"].value_at(D(2023, 6, 1)) == Fen(40_000_000)


def test_override_without_a_day_replaces_every_value(params: ParameterSet) -> None:
    """By default an override starts on the parameter's first day and replaces all its values."""
    scenario = params.with_overrides({"target_provincial": UNQUANTIFIED})
    provincial = scenario["target_provincial"]
    assert len(provincial.values) == 1
    assert provincial.value_at(D(2030, 1, 1)) is UNQUANTIFIED


def test_override_may_start_before_the_first_day(params: ParameterSet) -> None:
    """A scenario may put a parameter in force earlier than the text did."""
    scenario = params.with_overrides(
        {"target_county_level": 50}, from_day=D(2022, 1, 1)
    )
    assert scenario["target_county_level"].value_at(D(2022, 1, 1)) == 50
    assert scenario["target_county_level"].first_day == D(2022, 1, 1)


@pytest.mark.parametrize("deadline", [D(2027, 12, 31), "2027-12-31"])
def test_date_overrides_take_a_day_or_an_iso_string(
    params: ParameterSet, deadline: object
) -> None:
    """A date parameter accepts a pendulum day or an ISO string."""
    scenario = params.with_overrides({"target_deadline": deadline})
    assert scenario["target_deadline"].value_at(D(2024, 1, 1)) == D(2027, 12, 31)


def test_boolean_parameters_take_bools() -> None:
    """A boolean parameter holds and overrides with True or False only."""
    flag = parameter(Unit.BOOLEAN, entry(IN_FORCE, True), name="flag")  # noqa: FBT003
    pset = ParameterSet([flag])
    assert pset.with_overrides({"flag": False})["flag"].value_at(IN_FORCE) is False
    with pytest.raises(InvalidArgumentError, match="bool"):
        pset.with_overrides({"flag": 1})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("employment_award_threshold", 300.0, "int >= 0 of persons but got 300.0"),
        ("employment_award_threshold", True, "int >= 0 of persons but got True"),
        ("employment_award_threshold", -1, "int >= 0 of persons but got -1"),
        ("employment_award_threshold", Fen(300), "int >= 0 of persons"),
        ("employment_award_cap", 500_000.0, "int number of fen but got 500000.0"),
        ("employment_award_cap", "500000", "int number of fen but got '500000'"),
        ("employment_award_cap", -5, "0 <= fen <= 1000000000000000 but got -5"),
        ("target_deadline", "2027-02-30", "a day YYYY-MM-DD but got value="),
        (
            "target_deadline",
            dt.datetime(2027, 12, 31, tzinfo=dt.UTC),
            "a datetime is an instant",
        ),
        ("target_deadline", None, "datetime.date or 'YYYY-MM-DD') but got value=None"),
    ],
)
def test_bad_overrides_name_the_parameter(
    params: ParameterSet, name: str, value: object, message: str
) -> None:
    """A value that does not fit the unit raises InvalidArgumentError naming the parameter."""
    with pytest.raises(InvalidArgumentError, match=rf"^{name}: Expected ") as info:
        params.with_overrides({name: value})
    assert message in str(info.value)
    assert info.value.field == name


@pytest.mark.parametrize("day", [D(2027, 12, 31), dt.date(2027, 12, 31), "2027-12-31"])
def test_a_day_override_takes_any_day(params: ParameterSet, day: object) -> None:
    """A day parameter is overridden with a day in any form the library takes."""
    over = params.with_overrides({"target_deadline": day})
    assert over["target_deadline"].values[-1].value == D(2027, 12, 31)
    assert type(over["target_deadline"].values[-1].value) is pendulum.Date


def test_unknown_override_names_are_refused(params: ParameterSet) -> None:
    """Overriding a parameter that does not exist raises and lists the known names."""
    with pytest.raises(InvalidArgumentError, match="employment_award_cap") as info:
        params.with_overrides({"employment_award_cheque": 1})
    assert info.value.field == "employment_award_cheque"


def test_every_bad_override_is_reported_and_none_applied(params: ParameterSet) -> None:
    """With several bad overrides all are reported, and no set is returned."""
    with pytest.raises(InvalidArgumentError) as info:
        params.with_overrides(
            {"employment_award_threshold": 300, "employment_award_cap": 1.5, "nope": 2}
        )
    message = str(info.value)
    assert "employment_award_cap: Expected an int number of fen" in message
    assert "name='nope'" in message
    assert "employment_award_threshold" not in message.split("; ", maxsplit=1)[0]
    assert info.value.field == "overrides"
    assert params["employment_award_threshold"].value_at(D(2024, 1, 1)) == 500


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"overrides": [("employment_award_threshold", 300)]}, "mapping"),
        ({"overrides": {}, "from_day": "someday"}, "calendar day|YYYY-MM-DD"),
        ({"overrides": {}, "reference": ""}, "non-empty text"),
        ({"overrides": {}, "reference": None}, "non-empty text"),
    ],
)
def test_override_arguments_are_checked(
    params: ParameterSet, kwargs: dict[str, object], message: str
) -> None:
    """with_overrides refuses a non-mapping, a bad day or an empty reference."""
    with pytest.raises(InvalidArgumentError, match=message):
        params.with_overrides(**kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------ ended values
def test_an_ended_parameter_is_not_in_force_from_that_day() -> None:
    """From an ended entry the parameter raises NotInForceError saying "no longer"; a later entry revives it."""
    p = parameter(
        Unit.COUNT,
        entry(IN_FORCE, 1),
        entry(D(2026, 1, 1), ended=True),
        entry(D(2027, 1, 1), 2),
    )
    assert p.value_at(D(2025, 12, 31)) == 1
    with pytest.raises(NotInForceError, match="no longer in force") as info:
        p.value_at(D(2026, 6, 1))
    assert info.value.first_day == D(2026, 1, 1)
    assert info.value.on == D(2026, 6, 1)
    assert info.value.name == "test_parameter"
    assert p.value_at(D(2027, 1, 1)) == 2
    pset = ParameterSet([p])
    assert pset.at(D(2026, 6, 1)).get("test_parameter") is None
    assert "test_parameter" not in pset.at(D(2026, 6, 1))
    with pytest.raises(NotInForceError, match="no longer"):
        pset.at(D(2026, 6, 1)).value("test_parameter")


# ------------------------------------------------------------------ constructors
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"first_day": IN_FORCE, "value": 1, "ended": True}, "value"),
        ({"first_day": IN_FORCE}, "value"),
        ({"first_day": IN_FORCE, "value": 1.0}, "value"),
        ({"first_day": IN_FORCE, "value": dt.date(2025, 1, 1)}, "value"),
        (
            {"first_day": dt.datetime(2022, 4, 29, 9, tzinfo=dt.UTC), "value": 1},
            "first_day",
        ),
        ({"first_day": "2022-4-29", "value": 1}, "first_day"),
        ({"first_day": IN_FORCE, "ended": 1}, "ended"),
        ({"first_day": IN_FORCE, "value": 1, "reference": " "}, "reference"),
    ],
)
def test_dated_value_checks_its_fields(kwargs: dict[str, object], field: str) -> None:
    """A dated value refuses floats, non-pendulum days, value with ended, and empty references."""
    kwargs.setdefault("reference", R22)
    with pytest.raises(InvalidArgumentError) as info:
        DatedValue(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Bad-Name"}, "lowercase letters"),
        ({"unit": "fen"}, "Expected a Unit"),
        ({"documentation": None}, "Expected a str"),
        ({"description": ""}, "non-empty text"),
        ({"values": ()}, "at least one dated value"),
        ({"values": 5}, "iterable of DatedValue"),
        ({"values": (1,)}, "Expected a DatedValue"),
        ({"values": (entry(D(2023, 1, 1), 1), entry(IN_FORCE, 2))}, "increasing order"),
        ({"values": (entry(IN_FORCE, 1), entry(IN_FORCE, 2))}, "increasing order"),
        ({"values": (entry(IN_FORCE, ended=True),)}, "first dated value"),
        (
            {
                "values": (
                    entry(IN_FORCE, 1),
                    entry(D(2023, 1, 1), ended=True),
                    entry(D(2024, 1, 1), ended=True),
                )
            },
            "already ended on 2023-01-01",
        ),
        ({"values": (entry(IN_FORCE, Fen(5)),)}, "unit 'count' but got Fen(5)"),
        ({"values": (entry(IN_FORCE, True),)}, "unit 'count' but got True"),  # noqa: FBT003
    ],
)
def test_parameter_checks_its_fields_and_values(
    changes: dict[str, object], message: str
) -> None:
    """A parameter refuses bad metadata, unordered days, misplaced ends and values of another unit."""
    base = parameter()
    with pytest.raises(InvalidArgumentError, match=re.escape(message)):
        attrs.evolve(base, **changes)  # type: ignore[arg-type]


def test_parameter_fen_values_must_be_fen() -> None:
    """A money parameter holds Fen, not bare ints."""
    with pytest.raises(InvalidArgumentError, match="unit 'fen' but got 5"):
        parameter(Unit.FEN, entry(IN_FORCE, 5))
    assert parameter(Unit.FEN, entry(IN_FORCE, Fen(5))).value_at(IN_FORCE) == Fen(5)


# ------------------------------------------------------------------ properties
@st.composite
def dated_parameters(draw: st.DrawFn) -> Parameter:
    """Parameters with up to six entries on distinct days, some ended."""
    days = sorted(
        draw(
            st.sets(
                dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
                min_size=1,
                max_size=6,
            )
        )
    )
    entries = [entry(days[0], draw(st.integers(0, 1000)))]
    for day in days[1:]:
        end = not entries[-1].ended and draw(st.booleans())
        entries.append(
            entry(day, ended=True) if end else entry(day, draw(st.integers(0, 1000)))
        )
    return parameter(Unit.COUNT, *entries)


@given(
    name=st.sampled_from(sorted(PACKAGED)),
    d1=dates(min_value=IN_FORCE),
    d2=dates(min_value=IN_FORCE),
)
def test_packaged_lookups_are_step_functions(
    name: str, d1: pendulum.Date, d2: pendulum.Date
) -> None:
    """For d1 <= d2 on or after the first day, the entry at d2 is the entry at d1 or a later one."""
    p = load_parameters()[name]
    d1, d2 = max(min(d1, d2), p.first_day), max(d1, d2, p.first_day)
    first, second = p.entry_at(d1), p.entry_at(d2)
    assert first.first_day <= d1
    assert second.first_day <= d2
    assert p.values.index(first) <= p.values.index(second)
    if second.first_day <= d1:
        assert first == second


@given(
    p=dated_parameters(), on=dates(min_value=D(2019, 1, 1), max_value=D(2031, 12, 31))
)
def test_lookup_agrees_with_the_last_entry_on_or_before_the_day(
    p: Parameter, on: pendulum.Date
) -> None:
    """value_at, entry_at and snapshots agree with a plain scan for the last entry on or before the day."""
    started = [v for v in p.values if v.first_day <= on]
    snapshot = ParameterSet([p]).at(on)
    if not started or started[-1].ended:
        with pytest.raises(NotInForceError) as info:
            p.value_at(on)
        assert info.value.first_day == (
            started[-1].first_day if started else p.first_day
        )
        assert snapshot.get(p.name) is None
    else:
        assert p.entry_at(on) == started[-1]
        assert p.value_at(on) == started[-1].value
        assert snapshot.value(p.name) == started[-1].value


# ------------------------------------------------------------------ files
def test_a_valid_file_parses() -> None:
    """The template file parses to a Fen-valued parameter."""
    p = parse_parameter(VALID, name="cap", source="cap.toml")
    assert p.value_at(IN_FORCE) == Fen(30_000_000)
    assert p.documentation == ""
    assert p.reference == "陕人社发〔2022〕13号 第四部分第(二)项"


def test_ended_and_unquantified_entries_parse() -> None:
    """ended = true and unquantified = true make an ended and an unquantified entry."""
    text = later_entry("ended = true")
    text += '\n[values."2025-01-01"]\nunquantified = true\nreference = "test"\n'
    p = parse_parameter(text, name="cap", source="cap.toml")
    assert [(v.value, v.ended) for v in p.values] == [
        (Fen(30_000_000), False),
        (None, True),
        (UNQUANTIFIED, False),
    ]


def test_entries_are_sorted_by_day() -> None:
    """Dated entries written out of order are sorted."""
    text = variant(
        '[values."2022-04-29"]',
        '[values."2024-01-01"]\nvalue = 1\nreference = "x"\n\n[values."2022-04-29"]',
    )
    p = parse_parameter(text, name="cap", source="cap.toml")
    assert [v.first_day for v in p.values] == [IN_FORCE, D(2024, 1, 1)]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param(
            variant("value = 30_000_000", "value = 300000.0"),
            f"Expected an int number of fen but got 300000.0 (type=float) @ {ENTRY}.value",
            id="float-money",
        ),
        pytest.param(
            variant("value = 30_000_000", "value = -30_000_000"),
            f"Expected a number of fen 0 <= fen <= 1000000000000000 but got -30000000 (type=int) @ {ENTRY}.value",
            id="negative-money",
        ),
        pytest.param(
            variant("value = 30_000_000", 'value = "30000000"'),
            f"Expected an int number of fen but got '30000000' (type=str) @ {ENTRY}.value",
            id="string-money",
        ),
        pytest.param(
            variant("description =", "descripton ="),
            "Expected non-empty text but the key is missing @ $.description",
            id="missing-description",
        ),
        pytest.param(
            variant('clause = "4.2"', 'clause = "4.2"\nclauses = "4.2"'),
            "Expected a key among clause, description, description_zh, metadata, plausible, unit, values but got key='clauses' @ $.clauses",
            id="unknown-top-key",
        ),
        pytest.param(
            ranged("value = 30_000_000", "value = 50"),
            "Expected a value from 100 fen (¥1.00) to 1,000,000,000 fen "
            f"(¥10,000,000.00), the plausible range, but got Fen(50) (type=Fen) @ {ENTRY}.value",
            id="value-outside-the-plausible-range",
        ),
        pytest.param(
            ranged("min = 100, max = 1_000_000_000 }", "min = 100 }"),
            "Expected a value but the key is missing @ $.plausible.max",
            id="plausible-without-max",
        ),
        pytest.param(
            ranged("min = 100,", "min = 1.5,"),
            "Expected an int number of fen but got 1.5 (type=float) @ $.plausible.min",
            id="plausible-float",
        ),
        pytest.param(
            ranged("min = 100,", "min = 2_000_000_000,"),
            "Expected maximum >= minimum=Fen(2000000000) but got maximum=Fen(1000000000) (type=Fen) @ $.plausible.max",
            id="plausible-crossed",
        ),
        pytest.param(
            ranged("min = 100,", "min = 100, step = 1,"),
            "Expected a key among max, min but got key='step' @ $.plausible.step",
            id="plausible-unknown-key",
        ),
        pytest.param(
            ranged(
                "plausible = { min = 100, max = 1_000_000_000 }", "plausible = [100]"
            ),
            "Expected a table { min = …, max = … } but got [100] (type=list) @ $.plausible",
            id="plausible-not-a-table",
        ),
        pytest.param(
            variant("[metadata]\n", '[metadata]\ndocumentaton = "x"\n'),
            "Expected a key among documentation, reference but got key='documentaton' @ $.metadata.documentaton",
            id="unknown-metadata-key",
        ),
        pytest.param(
            variant("value = 30_000_000", "value = 30_000_000\nvaleu = 1"),
            f"Expected a key among ended, reference, unquantified, value but got key='valeu' @ {ENTRY}.valeu",
            id="unknown-entry-key",
        ),
        pytest.param(
            variant('reference = "陕人社发〔2022〕13号 第四部分第(二)项"\n', ""),
            "Expected non-empty text but the key is missing @ $.metadata.reference",
            id="missing-reference",
        ),
        pytest.param(
            variant('reference = "陕人社发〔2022〕13号"\n', ""),
            f"Expected non-empty text but the key is missing @ {ENTRY}.reference",
            id="missing-entry-reference",
        ),
        pytest.param(
            variant('reference = "陕人社发〔2022〕13号"\n', 'reference = ""\n'),
            f"Expected non-empty text but got '' (type=str) @ {ENTRY}.reference",
            id="empty-entry-reference",
        ),
        pytest.param(
            variant(
                'description = "Cap of the one-time employment award"',
                "description = 5",
            ),
            "Expected non-empty text but got 5 (type=int) @ $.description",
            id="description-not-text",
        ),
        pytest.param(
            variant("[metadata]\n", '[metadata]\ndocumentation = ""\n'),
            "Expected non-empty text but got '' (type=str) @ $.metadata.documentation",
            id="empty-documentation",
        ),
        pytest.param(
            variant('"2022-04-29"', '"2022-02-30"'),
            "Expected a day YYYY-MM-DD as the key but got '2022-02-30' @ $.values.\"2022-02-30\"",
            id="impossible-date-key",
        ),
        pytest.param(
            variant('"2022-04-29"', '"2022-4-29"'),
            "Expected a day YYYY-MM-DD as the key but got '2022-4-29' @ $.values.\"2022-4-29\"",
            id="non-iso-date-key",
        ),
        pytest.param(
            variant('[values."2022-04-29"]', "[values.from_today]"),
            "Expected a day YYYY-MM-DD as the key but got 'from_today' @ $.values.from_today",
            id="word-date-key",
        ),
        pytest.param(
            variant("value = 30_000_000", "value = 30_000_000\nended = true"),
            f"Expected exactly one of value, ended = true, unquantified = true but got value and ended @ {ENTRY}",
            id="value-and-ended",
        ),
        pytest.param(
            variant("value = 30_000_000", "value = 30_000_000\nunquantified = true"),
            f"Expected exactly one of value, ended = true, unquantified = true but got value and unquantified @ {ENTRY}",
            id="value-and-unquantified",
        ),
        pytest.param(
            variant("value = 30_000_000\n", ""),
            f"Expected exactly one of value, ended = true, unquantified = true but got none @ {ENTRY}",
            id="no-value",
        ),
        pytest.param(
            later_entry("ended = false"),
            f"Expected ended = true (leave the key out otherwise) but got False (type=bool) @ {LATER}.ended",
            id="ended-false",
        ),
        pytest.param(
            variant("value = 30_000_000", "unquantified = 1"),
            f"Expected unquantified = true (leave the key out otherwise) but got 1 (type=int) @ {ENTRY}.unquantified",
            id="unquantified-not-bool",
        ),
        pytest.param(
            variant('unit = "fen"', 'unit = "yuan"'),
            "Expected a unit among boolean, brands, count, date, fen, persons but got 'yuan' (type=str) @ $.unit",
            id="unit-typo",
        ),
        pytest.param(
            variant('unit = "fen"', "unit = 1"),
            "Expected a unit among boolean, brands, count, date, fen, persons but got 1 (type=int) @ $.unit",
            id="unit-not-text",
        ),
        pytest.param(
            variant('unit = "fen"\n', ""),
            "Expected a unit among boolean, brands, count, date, fen, persons but the key is missing @ $.unit",
            id="unit-missing",
        ),
        pytest.param(
            variant("value = 30_000_000", "ended = true"),
            f"Expected the first dated value to set a value but got ended = true @ {ENTRY}.ended",
            id="first-ended",
        ),
        pytest.param(
            later_entry("ended = true")
            + '\n[values."2025-01-01"]\nended = true\nreference = "x"\n',
            'Expected a value before ended = true but the parameter already ended on 2024-01-01 @ $.values."2025-01-01".ended',
            id="ended-twice",
        ),
        pytest.param(
            VALID.split("[values.", maxsplit=1)[0] + "[values]\n",
            "Expected at least one dated value but got none @ $.values",
            id="no-values",
        ),
        pytest.param(
            top_level(VALID.split("[values.", maxsplit=1)[0], "values = 5"),
            "Expected a table but got 5 (type=int) @ $.values",
            id="values-not-table",
        ),
        pytest.param(
            VALID.split("[metadata]", maxsplit=1)[0],
            "Expected a table but the key is missing @ $.metadata",
            id="no-metadata-no-values",
        ),
        pytest.param(
            top_level(VALID.replace(METADATA, ""), 'metadata = "x"'),
            "Expected a table but got 'x' (type=str) @ $.metadata",
            id="metadata-not-table",
        ),
        pytest.param(
            top_level(
                VALID.split("[values.", maxsplit=1)[0],
                'values."2022-04-29" = 30_000_000',
            ),
            f"Expected a table with one of value, ended, unquantified and a reference but got 30000000 (type=int) @ {ENTRY}",
            id="entry-not-table",
        ),
    ],
)
def test_bad_files_report_the_exact_path(text: str, error: str) -> None:
    """Each kind of bad file raises PolicyDataError with the problem and its exact path."""
    with pytest.raises(PolicyDataError) as info:
        parse_parameter(
            text,
            name="employment_award_cap",
            source="parameters/employment_award_cap.toml",
        )
    assert error in info.value.errors
    assert info.value.source == "parameters/employment_award_cap.toml"
    assert f"parameters/employment_award_cap.toml: {error}" in str(info.value)


@pytest.mark.parametrize(
    ("unit", "value", "error"),
    [
        (
            "persons",
            "500.0",
            "Expected an int >= 0 of persons but got 500.0 (type=float)",
        ),
        ("persons", "-1", "Expected an int >= 0 of persons but got -1 (type=int)"),
        ("count", "true", "Expected an int >= 0 of count but got True (type=bool)"),
        (
            "date",
            "2025-12-31",
            "Expected a day YYYY-MM-DD as a string, from 1949-10-01 to 2100-12-31, but got datetime.date(2025, 12, 31) (type=date)",
        ),
        (
            "date",
            '"2025-13-31"',
            "Expected a day YYYY-MM-DD as a string, from 1949-10-01 to 2100-12-31, but got '2025-13-31' (type=str)",
        ),
        ("boolean", "1", "Expected a bool (true or false) but got 1 (type=int)"),
    ],
)
def test_values_must_fit_their_unit(unit: str, value: str, error: str) -> None:
    """Counts are non-negative ints, days are quoted ISO strings, booleans are true/false."""
    text = variant('unit = "fen"', f'unit = "{unit}"').replace(
        "value = 30_000_000", f"value = {value}"
    )
    with pytest.raises(PolicyDataError) as info:
        parse_parameter(text, name="p", source="p.toml")
    assert info.value.errors == [f"{error} @ {ENTRY}.value"]


def test_a_good_value_of_each_unit_parses() -> None:
    """A value of each unit parses to its Python type."""
    cases = {
        "persons": ("500", 500),
        "date": ('"2025-12-31"', D(2025, 12, 31)),
        "boolean": ("false", False),
    }
    for unit, (raw, expected) in cases.items():
        text = variant('unit = "fen"', f'unit = "{unit}"').replace(
            "value = 30_000_000", f"value = {raw}"
        )
        assert (
            parse_parameter(text, name="p", source="p.toml").value_at(IN_FORCE)
            == expected
        )


def test_several_problems_in_one_file_are_all_reported() -> None:
    """Every problem of a file is listed, each with its path, in one PolicyDataError."""
    text = (
        VALID.replace('unit = "fen"', 'unit = "fenn"')
        .replace('reference = "陕人社发〔2022〕13号 第四部分第(二)项"\n', "")
        .replace("value = 30_000_000", "value = 300000.0\nended = true")
        .replace('description = "', 'descripton = "')
        + '\n[values."2022-13-01"]\nvalue = -1\n'
    )
    with pytest.raises(PolicyDataError) as info:
        parse_parameter(text, name="Bad Name", source="parameters/bad.toml")
    assert info.value.errors == [
        "Expected a parameter name (the file stem) of lowercase letters, digits and underscores but got name='Bad Name' @ $",
        "Expected a key among clause, description, description_zh, metadata, plausible, unit, values but got key='descripton' @ $.descripton",
        "Expected a unit among boolean, brands, count, date, fen, persons but got 'fenn' (type=str) @ $.unit",
        "Expected non-empty text but the key is missing @ $.description",
        "Expected non-empty text but the key is missing @ $.metadata.reference",
        f"Expected exactly one of value, ended = true, unquantified = true but got value and ended @ {ENTRY}",
        "Expected a day YYYY-MM-DD as the key but got '2022-13-01' @ $.values.\"2022-13-01\"",
        'Expected non-empty text but the key is missing @ $.values."2022-13-01".reference',
    ]
    assert str(info.value).startswith("parameters/bad.toml: 8 invalid fields\n")


def test_toml_syntax_errors_are_policy_data_errors() -> None:
    """A file that is not TOML raises PolicyDataError at $, with the TOML error as cause."""
    with pytest.raises(PolicyDataError, match=r"syntax error") as info:
        parse_parameter("value = = 1", name="p", source="p.toml")
    assert info.value.errors[0].endswith("@ $")
    assert info.value.__cause__ is not None


@pytest.mark.parametrize("field", ["text", "name", "source"])
def test_parse_parameter_needs_strings(field: str) -> None:
    """parse_parameter refuses bytes or other non-strings."""
    kwargs: dict[str, object] = {
        "text": VALID,
        "name": "p",
        "source": "p.toml",
        field: b"x",
    }
    with pytest.raises(InvalidArgumentError) as info:
        parse_parameter(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


# ------------------------------------------------------------------ directories
def write(directory: pathlib.Path, name: str, text: str) -> None:
    """Write one file into *directory*."""
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")


def test_load_a_directory(tmp_path: pathlib.Path) -> None:
    """A user directory loads every *.toml file and ignores other files."""
    folder = tmp_path / "parameters"
    write(folder, "cap.toml", VALID)
    write(folder, "threshold.toml", VALID.replace('unit = "fen"', 'unit = "persons"'))
    write(folder, "README.md", "not a parameter")
    (folder / "nested.toml").mkdir()
    pset = load_parameters(folder)
    assert list(pset) == ["cap", "threshold"]
    assert pset["threshold"].value_at(IN_FORCE) == 30_000_000


def test_load_a_traversable() -> None:
    """The packaged folder of the 2022 text given as a Traversable loads as that document's parameters."""
    from labourbrand.policy.documents import shaanxi_2022_13

    folder = importlib.resources.files("labourbrand.policy") / "parameters"
    loader = shaanxi_2022_13.document().parameters_loader
    assert loader is not None
    assert load_parameters(folder) == loader()
    assert "target_county_level" not in load_parameters(folder)
    assert "target_county_level" in load_parameters()


@pytest.mark.parametrize("make", [False, True])
def test_load_an_empty_or_missing_directory(tmp_path: pathlib.Path, make: bool) -> None:  # noqa: FBT001
    """A directory without parameter files is an error, not an empty set."""
    folder = tmp_path / "parameters"
    if make:
        folder.mkdir()
    with pytest.raises(PolicyDataError, match=r"\*\.toml but found none @ \$") as info:
        load_parameters(folder)
    assert info.value.source == str(folder)


def test_one_bad_file_names_that_file(tmp_path: pathlib.Path) -> None:
    """With one bad file, the error's source is that file and it lists its problems."""
    folder = tmp_path / "parameters"
    write(folder, "good.toml", VALID)
    write(
        folder,
        "employment_award_cap.toml",
        variant("value = 30_000_000", "value = 300000.0"),
    )
    with pytest.raises(PolicyDataError) as info:
        load_parameters(folder)
    assert info.value.source == str(folder / "employment_award_cap.toml")
    assert info.value.errors == [
        f"Expected an int number of fen but got 300000.0 (type=float) @ {ENTRY}.value"
    ]


def test_packaged_sources_read_parameters_slash_file(tmp_path: pathlib.Path) -> None:
    """Errors in the packaged folder name files as parameters/<name>.toml."""
    folder = tmp_path / "parameters"
    write(
        folder,
        "employment_award_cap.toml",
        variant("value = 30_000_000", "value = 300000.0"),
    )
    with pytest.raises(PolicyDataError) as info:
        parameter_files.read_directory(folder, packaged=True)
    assert str(info.value).splitlines()[1].strip() == (
        "parameters/employment_award_cap.toml: Expected an int number of fen "
        f"but got 300000.0 (type=float) @ {ENTRY}.value"
    )


def test_several_bad_files_are_all_reported(tmp_path: pathlib.Path) -> None:
    """With several bad files, every problem of every file is listed, each naming its file."""
    folder = tmp_path / "parameters"
    write(folder, "a.toml", variant("value = 30_000_000", "value = 1.5"))
    write(folder, "b.toml", variant('unit = "fen"', 'unit = "yuan"'))
    (folder / "c.toml").write_bytes(b'description = "\xff"\n')
    with pytest.raises(PolicyDataError) as info:
        load_parameters(folder)
    assert info.value.source == str(folder)
    assert len(info.value.errors) == 3
    assert info.value.errors[0].startswith(
        f"{folder / 'a.toml'}: Expected an int number of fen"
    )
    assert info.value.errors[1].startswith(
        f"{folder / 'b.toml'}: Expected a unit among"
    )
    assert (
        info.value.errors[2]
        == f"{folder / 'c.toml'}: Expected UTF-8 text but got the byte 0xff at offset 15 @ $"
    )


# ------------------------------------------------------------------ plausible ranges
def test_every_packaged_quantity_declares_a_plausible_range_holding_its_values() -> (
    None
):
    """Each packaged parameter but a yes-or-no declares its range, and its values lie in it."""
    for name, parameter in load_parameters().items():
        assert parameter.plausible is not None, name
        for entry in parameter.values:
            assert (
                entry.ended
                or entry.value is UNQUANTIFIED
                or entry.value in parameter.plausible
            )


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("employment_award_threshold", 0, "from 1 to 100,000 persons"),
        (
            "employment_award_cap",
            Fen.from_yuan(1_000_000_000),
            "to 1,000,000,000 fen (¥10,000,000.00)",
        ),
        ("employment_award_cap", 50, "from 100 fen (¥1.00)"),
        ("target_brands_total", 10_001, "from 0 to 10,000 brands"),
        ("target_deadline", "2199-12-31", "from 1949-10-01 to 2100-12-31"),
        ("target_deadline", "2022-01-01", "from 2022-04-29 to 2100-12-31"),
    ],
)
def test_overrides_outside_the_plausible_range_are_refused(
    name: str, value: object, shown: str
) -> None:
    """A threshold of 0, a cap of a billion yuan, a deadline in 2199: refused with the range."""
    params = load_parameters()
    with pytest.raises(InvalidArgumentError, match=re.escape(shown)) as info:
        params.with_overrides({name: value, "leading_enterprise_criteria": 3})
    assert info.value.field == name
    assert str(info.value).startswith(f"{name}: Expected ")


def test_overrides_within_the_range_and_unquantified_are_taken() -> None:
    """The bounds themselves and UNQUANTIFIED are within any range."""
    params = load_parameters().with_overrides(
        {
            "employment_award_threshold": 1,
            "employment_award_cap": Fen(1_000_000_000),
            "target_provincial": UNQUANTIFIED,
        }
    )
    assert params["employment_award_threshold"].value_at(IN_FORCE) == 1
    assert params["employment_award_cap"].value_at(IN_FORCE) == Fen(1_000_000_000)


def test_overrides_from_an_implausible_day_are_refused() -> None:
    """from_day outside the plausible days is refused."""
    with pytest.raises(InvalidArgumentError, match="from_day from 1949-10-01") as info:
        load_parameters().with_overrides(
            {"employment_award_threshold": 300}, from_day=D(2199, 1, 1)
        )
    assert info.value.field == "from_day"


def test_plausible_bounds_have_one_type_and_an_order() -> None:
    """A range of mixed types, crossed bounds or a bool bound is refused."""
    with pytest.raises(InvalidArgumentError, match="of the minimum's type"):
        Plausible(1, Fen(5))
    with pytest.raises(InvalidArgumentError, match="maximum >= minimum"):
        Plausible(D(2025, 1, 1), D(2024, 1, 1))
    with pytest.raises(
        InvalidArgumentError, match=re.escape("an int, Fen or pendulum.Date")
    ):
        Plausible(True, 5)  # noqa: FBT003 - the value refused
    assert True not in Plausible(0, 5)
    assert Plausible(0, 5).describe(Unit.COUNT) == "from 0 to 5 count"
