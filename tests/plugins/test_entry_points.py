"""Plugins installed as distributions are found through the ``labourbrand`` entry-point group."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum
import pytest

from labourbrand import Brand, Fen, WorkforceObservation
from labourbrand.plugins import get_plugin_manager
from labourbrand.policy import Policy


if TYPE_CHECKING:
    from collections.abc import Callable


PLUGIN = """
from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule


@hookimpl
def labourbrand_rules():
    return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
                 first_day="2022-04-29", formula=Flat(Fen.from_yuan(90_000)),
                 reference="illustrative: no published amount", illustrative=True)]
"""


@pytest.fixture
def installed_city(install: Callable[..., None]) -> str:
    """A distribution on sys.path with one labourbrand entry point, as pip would install it."""
    install(
        "ankang-rules-demo",
        "1.2.3",
        {"ankang": "ankang_rules_demo"},
        ankang_rules_demo=PLUGIN,
    )
    return "ankang"


def test_entry_point_plugin_supplies_rules(installed_city: str) -> None:
    """An installed city plugin is loaded and its decisions name it and its version."""
    policy = Policy.shaanxi()
    brand = Brand(
        name_zh="紫阳修脚师",
        county="610924",
        workforce=[
            WorkforceObservation(
                on=pendulum.Date(2023, 6, 30),
                practitioners=900,
                rural=800,
                rural_signed=600,
            )
        ],
    )
    decision = policy.employment_award(brand, on=pendulum.Date(2023, 7, 1))
    assert decision.amount == Fen.from_yuan(90_000)
    assert decision.suppliers[0].plugin == installed_city
    assert decision.suppliers[0].version == "1.2.3"


def test_entry_points_can_be_turned_off(installed_city: str) -> None:
    """With entry_points=False an installed plugin is not loaded."""
    pm = get_plugin_manager(entry_points=False)
    assert pm.get_plugin(installed_city) is None
    assert get_plugin_manager().get_plugin(installed_city) is not None
