"""The conformance kit on rule files: a path is read, then checked as a plugin."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pytest

from labourbrand.plugins import RuleFile
from labourbrand.testing import ConformanceError, check_plugin, conformance


if TYPE_CHECKING:
    import pathlib


ANKANG = """
[plugin]
city = "610900"
period = { first_day = 2023-01-01 }

[[rules]]
measure = "employment_award"
first_day = 2023-01-01
flat_yuan = "100000"
reference = "illustrative: no published amount"
illustrative = true
"""


def _file(tmp_path: pathlib.Path, text: str, name: str = "ankang.toml") -> pathlib.Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_file_passes_every_invariant(tmp_path: pathlib.Path) -> None:
    """A file's path is checked against every invariant, the file's own first; its stem names it."""
    report = check_plugin(_file(tmp_path, ANKANG), max_examples=5)
    assert report.plugin == "ankang"
    assert report.rules == 1
    assert report.checks == tuple(conformance.INVARIANTS.values())
    assert report.notes == ()


def test_a_path_as_text_and_a_name_are_taken(tmp_path: pathlib.Path) -> None:
    """A str path works as a PathLike does, and name overrides the stem."""
    report = check_plugin(
        str(_file(tmp_path, ANKANG)), name="ankang-2023", max_examples=5
    )
    assert report.plugin == "ankang-2023"


def test_a_bad_file_fails_with_a_line_per_bad_key(tmp_path: pathlib.Path) -> None:
    """Each problem of the file is a failure of 'rule-file', naming the file and the key's path."""
    path = _file(
        tmp_path,
        ANKANG.replace('"100000"', "100000.0").replace(
            'measure = "employment_award"', 'measure = "award"\ncolour = "red"'
        ),
    )
    with pytest.raises(ConformanceError) as info:
        check_plugin(path)
    failures = info.value.failures
    assert {f.invariant for f in failures} == {"rule-file"}
    assert [str(f).rpartition(" @ ")[2] for f in failures] == [
        "$.rules[0].colour",
        "$.rules[0].flat_yuan",
    ]
    assert all(str(f).startswith(f"{path}: Expected ") for f in failures)
    assert info.value.report.rules == 0
    assert info.value.report.checks == (conformance.INVARIANTS["rule-file"],)


def test_a_file_is_held_to_the_plugins_invariants(tmp_path: pathlib.Path) -> None:
    """A file read well still fails the cap, the jurisdiction and its own declared period."""
    above = _file(tmp_path, ANKANG.replace('"100000"', '"400000"'), "above.toml")
    with pytest.raises(ConformanceError) as info:
        check_plugin(above, max_examples=5)
    assert [f.invariant for f in info.value.failures] == ["cap"]
    nowhere = _file(tmp_path, ANKANG.replace("610900", "610999"), "nowhere.toml")
    with pytest.raises(ConformanceError) as info:
        check_plugin(nowhere)
    assert [f.invariant for f in info.value.failures] == ["jurisdiction"]
    late = _file(
        tmp_path,
        ANKANG.replace("first_day = 2023-01-01\nflat", "first_day = 2023-03-01\nflat"),
        "late.toml",
    )
    with pytest.raises(ConformanceError) as info:
        check_plugin(late)
    [gap] = info.value.failures
    assert gap.invariant == "gap"
    assert "2023-01-01 to 2023-02-28" in str(gap)


def test_a_read_file_is_checked_as_a_plugin_object(tmp_path: pathlib.Path) -> None:
    """A RuleFile already read is a plugin like any: the file's own invariant is not run again."""
    report = check_plugin(RuleFile.read(_file(tmp_path, ANKANG)), max_examples=5)
    assert conformance.INVARIANTS["rule-file"] not in report.checks
    assert report.rules == 1
