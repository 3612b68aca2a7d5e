"""The compatibility module of the checks, split into one module per idea."""

from __future__ import annotations

import importlib

import pytest

from labourbrand.policy import _checks


#: Each name the old module exported, and the module that now defines it.
MOVED = [
    ("Check", "_check"),
    ("CheckStatus", "_check"),
    ("CountyFacts", "_county_duties"),
    ("ExitAssessment", "_exit"),
    ("ExitIndicators", "_exit"),
    ("TargetsReport", "_targets"),
    ("_TARGET_LABELS", "_targets"),
    ("county_brand_counts", "_targets"),
    ("county_obligations", "_county_duties"),
    ("credit_check", "_conduct"),
    ("exit_assessment", "_exit"),
    ("funding_tilt", "_county_duties"),
    ("leading_enterprise", "_conduct"),
    ("targets", "_targets"),
]


@pytest.mark.parametrize(("name", "home"), MOVED)
def test_the_old_module_reexports_each_name_from_its_new_home(
    name: str, home: str
) -> None:
    """labourbrand.policy._checks still gives each name it had, the very object of its new module."""
    module = importlib.import_module(f"labourbrand.policy.{home}")
    assert getattr(_checks, name) is getattr(module, name)
    assert name in _checks.__all__


def test_the_old_module_exports_nothing_else() -> None:
    """The compatibility module's names are exactly those it had, and no new ones."""
    assert sorted(_checks.__all__) == sorted(name for name, _ in MOVED)
