"""Rule validation shared by the loader and the conformance kit: every problem, one wording."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import labourbrand
from labourbrand import Fen, hookimpl
from labourbrand.exceptions import PluginError, PluginResultError
from labourbrand.plugins import get_plugin_manager, validation
from labourbrand.plugins._manager import collect_rules
from labourbrand.policy import Measure
from labourbrand.regions import shaanxi
from labourbrand.rules import Flat, Rule


KNOWN = validation.jurisdictions(shaanxi())


def _rule(jurisdiction: str = "610900", first: str = "2023-01-01", **kw: str) -> Rule:
    return Rule(
        measure=Measure.EMPLOYMENT_AWARD,
        jurisdiction=jurisdiction,
        first_day=first,
        formula=Flat(Fen(1)),
        reference="illustrative",
        illustrative=True,
        **kw,
    )


class Returns:
    """A plugin whose labourbrand_rules returns what it was given."""

    def __init__(self, value: object, name: str = "city") -> None:
        self.name = name
        self.value = value

    @hookimpl
    def labourbrand_rules(self) -> object:
        return self.value


def test_every_problem_is_listed_in_order() -> None:
    """Items in order (not a rule, unknown jurisdiction), then overlaps of the sound rules."""
    items = [
        _rule("610999"),
        1.5,
        _rule(first="2023-01-01"),
        _rule(first="2024-01-01"),
    ]
    rules, problems = validation.check_rules(lambda: items, plugin="city", known=KNOWN)
    assert rules == items[2:]
    assert [(p.code, p.jurisdiction) for p in problems] == [
        ("jurisdiction", "610999"),
        ("not-a-rule", None),
        ("overlap", "610900"),
    ]
    assert [p.message for p in problems] == [
        (
            "plugin 'city', hook 'labourbrand_rules': Expected a jurisdiction of the "
            "region registry (a code or a city-level zone) but got "
            f"jurisdiction='610999'; got {items[0]!r} (type=Rule)"
        ),
        (
            "plugin 'city', hook 'labourbrand_rules': Expected labourbrand.policy.Rule "
            "values; got 1.5 (type=float)"
        ),
        (
            "plugin 'city', hook 'labourbrand_rules': employment_award rules for "
            "'610900' overlap: one from 2023-01-01 and one from 2024-01-01"
        ),
    ]


def test_the_loader_raises_the_first_problem() -> None:
    """Building a policy raises the first listed problem, with its type and message."""
    items = [1.5, _rule("610999")]
    _, problems = validation.check_rules(lambda: items, plugin="city", known=KNOWN)
    pm = get_plugin_manager(plugins=[Returns(items)], entry_points=False)
    with pytest.raises(PluginResultError) as info:
        collect_rules(pm, shaanxi())
    assert str(info.value) == problems[0].message
    assert info.value.value == 1.5
    assert len(problems) == 2


def test_a_raising_hook_is_one_problem_with_its_cause() -> None:
    """A hook that raises is a PluginError from the exception, and nothing else is checked."""
    error = KeyError("x")

    def boom() -> object:
        raise error

    rules, problems = validation.check_rules(boom, plugin="city", known=KNOWN)
    assert rules == []
    (problem,) = problems
    assert problem.what == "raised KeyError: 'x'"
    with pytest.raises(PluginError) as info:
        validation.raise_first(problems)
    assert type(info.value) is PluginError
    assert info.value.__cause__ is error


def test_no_problem_raises_nothing() -> None:
    """Sound rules give no problem, and raise_first of none returns."""
    rules, problems = validation.check_rules(
        lambda: (_rule(),), plugin="city", known=KNOWN
    )
    assert (len(rules), problems) == (1, [])
    validation.raise_first(problems)


def test_an_overlap_with_an_earlier_longer_rule_is_found_for_each_rule_inside() -> None:
    """Each rule that starts before the latest-ending earlier rule ends is reported."""
    rules = [
        _rule(first="2023-01-01", last_day="2025-12-31"),
        _rule(first="2024-01-01", last_day="2024-01-31"),
        _rule(first="2024-06-01", last_day="2024-06-30"),
        _rule(first="2026-01-01"),
    ]
    problems = validation.book_problems(("city", r) for r in rules)
    assert [p.what for p in problems] == [
        (
            "employment_award rules for '610900' overlap: one from 2023-01-01 and "
            f"one from {first}"
        )
        for first in ("2024-01-01", "2024-06-01")
    ]


def test_a_conflict_between_plugins_names_both() -> None:
    """Two plugins for one measure and jurisdiction are one conflict, not overlaps."""
    problems = validation.book_problems(
        [("b", _rule()), ("a", _rule(first="2024-01-01")), ("a", _rule())]
    )
    (problem,) = problems
    assert (problem.code, problem.plugin, problem.jurisdiction) == (
        "conflict",
        "a",
        "610900",
    )
    assert problem.message == (
        "plugin 'a', hook 'labourbrand_rules': plugins 'a' and 'b' both supply "
        "employment_award rules for jurisdiction '610900'"
    )


def test_a_measure_that_is_not_a_measure_is_still_named() -> None:
    """Rules built with validators off still get a message, not an AttributeError."""
    assert validation._name("award") == "award"
    assert validation._name(3) == "3"
    assert validation._name(Measure.TAX_RELIEF) == "tax_relief"


def test_plugins_never_import_the_engine() -> None:
    """Importing the plugin machinery, validation included, leaves labourbrand.policy unloaded."""
    src = Path(labourbrand.__file__).parent.parent
    code = (
        "import sys\n"
        "import labourbrand.plugins, labourbrand.plugins.validation\n"
        "import labourbrand.plugins._manager, labourbrand.plugins.hookspecs\n"
        "print(sorted(m for m in sys.modules if m.startswith('labourbrand.policy')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "[]\n"
