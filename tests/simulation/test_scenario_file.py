"""Scenario.from_toml reads a scenario file with cattrs and names every bad key."""

from __future__ import annotations

import pendulum
import pytest
from cattrs.errors import ClassValidationError

from labourbrand.exceptions import DataError
from labourbrand.simulation import Assumptions, Scenario


REFORM = """
name = "threshold 300 from 2024"
start = 2022-04-29
horizon = "2025-06-30"
parameters_from = 2024-01-01
[parameters]
employment_award_threshold = 300
employment_award_cap = 20_000_000
[assumptions]
growth_mean = 0.02
"""


def test_reads_every_key() -> None:
    """Every key of a good file becomes the scenario's field; TOML and text days both work."""
    scenario = Scenario.from_toml(REFORM, source="reform.toml")
    assert scenario.name == "threshold 300 from 2024"
    assert scenario.start == pendulum.Date(2022, 4, 29)
    assert scenario.horizon == pendulum.Date(2025, 6, 30)
    assert scenario.parameters_from == pendulum.Date(2024, 1, 1)
    assert dict(scenario.parameters) == {
        "employment_award_threshold": 300,
        "employment_award_cap": 20_000_000,
    }
    assert scenario.assumptions == Assumptions().with_overrides({"growth_mean": 0.02})
    assert scenario.entry_points is True


def test_defaults_and_bytes() -> None:
    """A file with only a name keeps the scenario's defaults; UTF-8 bytes are read too."""
    scenario = Scenario.from_toml('name = "门槛"\n'.encode(), entry_points=False)
    assert scenario == Scenario("门槛")


def test_days_given_as_text_in_parameters() -> None:
    """A TOML date given to a parameter is passed on as ISO text."""
    scenario = Scenario.from_toml(
        'name = "x"\n[parameters]\ntarget_deadline = 2026-12-31\n'
    )
    assert dict(scenario.parameters) == {"target_deadline": "2026-12-31"}


def test_every_bad_key_is_named_with_the_source() -> None:
    """Errors come in file order of kind (unknown keys first), each with its path; the cattrs tree is the cause."""
    text = (
        "nme = 1\n"
        "start = 5\n"
        "[parameters]\n"
        "employment_award_thresold = 300\n"
        "employment_award_cap = 1.5\n"
        "[assumptions]\n"
        "abandon_probability = 2\n"
    )
    with pytest.raises(DataError) as info:
        Scenario.from_toml(text, source="bad.toml")
    assert info.value.source == "bad.toml"
    errors = info.value.errors
    assert errors[0] == (
        "Expected a key among name, start, horizon, parameters_from, parameters, "
        "assumptions, interpretations, rule_files, allow, block but got 'nme'; "
        "did you mean 'name'? @ $.nme"
    )
    assert errors[1] == "Expected the scenario's name but the key is missing @ $.name"
    assert errors[2] == (
        "Expected a day YYYY-MM-DD from 1949-10-01 to 2100-12-31 but got 5 (type=int) "
        "@ $.start"
    )
    assert errors[3].endswith(
        "did you mean 'employment_award_threshold'? "
        "@ $.parameters.employment_award_thresold"
    )
    assert errors[4] == (
        "Expected an int number of fen but got 1.5 (type=float) "
        "@ $.parameters.employment_award_cap"
    )
    assert errors[5] == (
        "Expected a number from 0 to 1 probability, the plausible range, but got "
        "abandon_probability=2 (type=int) @ $.assumptions.abandon_probability"
    )
    assert len(errors) == 6
    assert str(info.value).startswith("bad.toml: 6 invalid fields\n  bad.toml: ")
    assert isinstance(info.value.__cause__, ClassValidationError)


def test_values_that_do_not_fit_together() -> None:
    """A horizon before the start is an error at the horizon's path."""
    with pytest.raises(DataError) as info:
        Scenario.from_toml('name = "x"\nhorizon = 2021-12-31\n')
    assert info.value.errors == [
        "Expected horizon >= start=2022-04-29 but got horizon='2021-12-31' @ $.horizon"
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            b'name = "\xc3"\n',
            "Expected UTF-8 text but got the byte 0xc3 at offset 8 @ $",
        ),
        (
            'name = "x"\nhorizon =\n',
            "Expected TOML but got a syntax error: Invalid value (at line 2, column 10) @ $",
        ),
    ],
)
def test_text_that_is_not_toml(text: str | bytes, error: str) -> None:
    """Bytes that are not UTF-8, or text that is not TOML, is one error at the root."""
    with pytest.raises(DataError) as info:
        Scenario.from_toml(text)
    assert (info.value.source, info.value.errors) == ("<scenario>", [error])


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            'name = "x"\nhorizon = 2199-12-31\n',
            (
                "Expected a day YYYY-MM-DD from 1949-10-01 to 2100-12-31 but got "
                "datetime.date(2199, 12, 31) (type=date) @ $.horizon"
            ),
        ),
        (
            'name = "x"\n[parameters]\nemployment_award_threshold = 0\n',
            (
                "Expected a value from 1 to 100,000 persons, the plausible range of "
                "employment_award_threshold, but got 0 (type=int) "
                "@ $.parameters.employment_award_threshold"
            ),
        ),
        (
            'name = "x"\n[parameters]\nemployment_award_cap = 100_000_000_000\n',
            (
                "Expected a value from 100 fen (¥1.00) to 1,000,000,000 fen "
                "(¥10,000,000.00), the plausible range of employment_award_cap, but got "
                "100000000000 (type=int) @ $.parameters.employment_award_cap"
            ),
        ),
        (
            'name = "x"\n[assumptions]\nsigned_workers_median = 1e308\n',
            (
                "Expected a number from 1 to 1,000,000 persons, the plausible range, but "
                "got signed_workers_median=1e+308 (type=float) "
                "@ $.assumptions.signed_workers_median"
            ),
        ),
        (
            'name = "x"\n[assumptions]\ngrowth_mean = nan\n',
            (
                "Expected a number from -1 to 1 per month, the plausible range, but got "
                "growth_mean=nan (type=float) @ $.assumptions.growth_mean"
            ),
        ),
        (
            'name = "a\\u0000b"\n',
            (
                "Expected a name: one line of text, without control characters, but got "
                "'a\\x00b' (type=str) @ $.name"
            ),
        ),
    ],
    ids=["horizon 2199", "threshold 0", "cap 1e9 yuan", "median 1e308", "nan", "NUL"],
)
def test_implausible_values_are_refused_with_their_range(text: str, error: str) -> None:
    """Days, overrides and names outside what is plausible are refused, with the range."""
    with pytest.raises(DataError) as info:
        Scenario.from_toml(text, source="s.toml")
    assert info.value.errors == [error]


def test_a_long_unknown_key_is_quoted_cut() -> None:
    """A key of 500 characters is quoted to 80, with its size, and the line stays short."""
    with pytest.raises(DataError) as info:
        Scenario.from_toml('name = "x"\n"' + "k" * 500 + '" = 1\n', source="s.toml")
    (line,) = info.value.errors
    assert line.startswith(
        "Expected a key among name, start, horizon, parameters_from, parameters, "
        "assumptions, interpretations, rule_files, allow, block but got '"
        + "k" * 78
        + "… (500 characters) @ $."
    )
    assert len(line) <= 600
