"""Listing the plugins a policy loaded: versions, sources, hooks, rules by date."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pendulum
import pluggy
import pytest

from labourbrand import Brand, Fen, WorkforceObservation, hookimpl
from labourbrand.exceptions import LabourBrandWarning
from labourbrand.plugins import (
    ENTRY_POINT_GROUP,
    PROVINCE,
    PluginInfo,
    ProvinceBaseline,
    RuleInfo,
    hookspecs,
    list_plugins,
)
from labourbrand.policy import Flat, Measure, PerHead, Policy, Ratio, Rule
from labourbrand.regions import shaanxi


if TYPE_CHECKING:
    from collections.abc import Callable

D = pendulum.Date

INSTALLED = """
from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule


@hookimpl
def labourbrand_rules():
    return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
                 first_day="2022-04-29", formula=Flat(Fen.from_yuan(90_000)),
                 reference="安康 illustrative", illustrative=True)]
"""


RAISES = """
from labourbrand import hookimpl


@hookimpl
def labourbrand_rules():
    raise RuntimeError("database down")
"""


@pytest.fixture
def installed(install: Callable[..., None]) -> str:
    """A distribution ankang-listing-demo 1.2.3 with the entry point ``ankang``."""
    install(
        "ankang-listing-demo",
        "1.2.3",
        {"ankang": "lbt_listing_ankang"},
        lbt_listing_ankang=INSTALLED,
    )
    return "ankang"


def by_category(_brand: Brand, _obs: WorkforceObservation | None, _on: D) -> Fen:
    return Fen.from_yuan(80_000)


def rule(  # noqa: PLR0917 - a rule's fields, in order
    measure: Measure,
    jurisdiction: str,
    formula: object,
    first_day: str = "2022-04-29",
    last_day: str | None = None,
    delegates_to: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        measure=measure,
        jurisdiction=jurisdiction,
        first_day=first_day,
        last_day=last_day,
        formula=formula,  # type: ignore[arg-type]
        reference=f"{jurisdiction} example",
        illustrative=True,
        delegates_to=delegates_to,
    )


class Xian:
    """A passed plugin with one rule of every kind, some of them dated."""

    name = "xian"
    __version__ = "2024.1"

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        award = Measure.EMPLOYMENT_AWARD
        return [
            rule(Measure.EXIT_JOB_FALL, "610100", Ratio(Decimal("0.30"))),
            rule(
                award,
                "610100",
                PerHead(
                    rates=[("rural_signed", Fen.from_yuan(200))],
                    cap=Fen.from_yuan(150_000),
                ),
                first_day="2024-01-01",
            ),
            rule(
                award,
                "610100",
                Flat(Fen.from_yuan(100_000)),
                last_day="2023-12-31",
                delegates_to=("610122",),
            ),
            rule(award, "610122", by_category),
            rule(
                Measure.SHOWCASE_AWARD,
                "610100",
                PerHead(
                    rates=[
                        ("practitioners", Fen.from_yuan(10)),
                        ("rural", Fen.from_yuan(5)),
                    ]
                ),
            ),
        ]


def test_installed_plugin_shows_version_and_distribution(installed: str) -> None:
    """An installed plugin lists its distribution, the distribution's version and its rule."""
    infos = {p.name: p for p in list_plugins(Policy.shaanxi(allow=[installed]))}
    assert infos[installed] == PluginInfo(
        name="ankang",
        version="1.2.3",
        distribution="ankang-listing-demo",
        source="entry point",
        hooks=("labourbrand_rules",),
        jurisdictions=("610900",),
        rules=(
            RuleInfo(
                measure=Measure.EMPLOYMENT_AWARD,
                measure_zh="吸纳就业一次性奖补",
                clause="shaanxi-2022-13:4.2",
                jurisdiction="610900",
                jurisdiction_zh="安康市",
                first_day=D(2022, 4, 29),
                last_day=None,
                formula="flat ¥90,000.00",
                formula_zh="定额90,000.00元",
                reference="安康 illustrative",
                illustrative=True,
                in_force=None,
                terms=Flat(Fen(9_000_000)),
            ),
        ),
    )


def test_plugins_are_listed_in_registration_order() -> None:
    """Passed plugins come first and the province's baseline last, with its source."""
    infos = list_plugins(Policy.shaanxi(plugins=[Xian()], entry_points=False))
    assert [(p.name, p.source, p.version, p.distribution) for p in infos] == [
        ("xian", "argument", "2024.1", None),
        (PROVINCE, "province", ProvinceBaseline.__version__, None),
    ]
    assert infos[1].rules == ()
    assert infos[1].jurisdictions == ()


def test_formulas_are_described_in_words() -> None:
    """Each kind of formula reads as words, in English and Chinese, sorted by measure."""
    (xian, _) = list_plugins(Policy.shaanxi(plugins=[Xian()], entry_points=False))
    assert xian.jurisdictions == ("610100", "610122")
    assert [(r.measure, r.jurisdiction, r.formula) for r in xian.rules] == [
        (Measure.EMPLOYMENT_AWARD, "610100", "flat ¥100,000.00"),
        (
            Measure.EMPLOYMENT_AWARD,
            "610100",
            "per head: rural_signed × ¥200.00, cap ¥150,000.00",
        ),
        (Measure.EMPLOYMENT_AWARD, "610122", "per-brand callable by_category"),
        (
            Measure.SHOWCASE_AWARD,
            "610100",
            "per head: practitioners × ¥10.00 + rural × ¥5.00",
        ),
        (Measure.EXIT_JOB_FALL, "610100", "ratio 0.30"),
    ]
    assert [r.formula_zh for r in xian.rules] == [
        "定额100,000.00元",
        "按人头:rural_signed × 200.00元,上限150,000.00元",
        "逐品牌计算函数 by_category",
        "按人头:practitioners × 10.00元 + rural × 5.00元",
        "比例0.30",
    ]
    assert [r.jurisdiction_zh for r in xian.rules][1:3] == ["西安市", "蓝田县"]


def test_rules_can_be_limited_to_a_day() -> None:
    """With on, only the rules in force that day are listed, marked in force."""
    policy = Policy.shaanxi(plugins=[Xian()], entry_points=False)
    (xian_2023, _) = list_plugins(policy, on=D(2023, 12, 31))
    (xian_2024, _) = list_plugins(policy, on=D(2024, 1, 1))
    (xian_early, _) = list_plugins(policy, on=D(2022, 4, 28))
    assert xian_2023.rules[0].formula == "flat ¥100,000.00"
    assert xian_2024.rules[0].formula.startswith("per head: rural_signed")
    assert len(xian_2023.rules) == len(xian_2024.rules) == 4
    assert {r.in_force for r in xian_2024.rules} == {True}
    assert xian_early.rules == ()
    assert xian_early.jurisdictions == ("610100", "610122")


def test_plugin_skipped_at_its_rules_is_listed_only_as_a_failure(
    install: Callable[..., None],
) -> None:
    """An installed plugin whose rules failed is left out of the listing, kept in failures."""
    install(
        "broken-listing-demo",
        "1.2.3",
        {"broken": "lbt_listing_broken"},
        lbt_listing_broken=RAISES,
    )
    with pytest.warns(LabourBrandWarning, match="database down"):
        policy = Policy.shaanxi(allow=["broken"])
    assert policy.plugin_manager.get_plugin("broken") is not None
    assert [p.name for p in list_plugins(policy)] == [PROVINCE]
    assert [(f.name, f.stage, f.version) for f in policy.plugin_failures] == [
        ("broken", "rules", "1.2.3")
    ]


def test_manager_built_elsewhere(installed: str) -> None:
    """A plugin manager built with pluggy directly still lists sources and versions."""
    pm = pluggy.PluginManager("labourbrand")
    pm.add_hookspecs(hookspecs)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name=installed)
    pm.register(Xian(), name="xian")
    pm.set_blocked("blocked")
    pm.register(ProvinceBaseline(), name=PROVINCE)
    policy = Policy(
        parameters=Policy.shaanxi(entry_points=False).parameters,
        regions=shaanxi(),
        plugin_manager=pm,
    )
    assert [
        (p.name, p.source, p.version, p.distribution) for p in list_plugins(policy)
    ] == [
        (installed, "entry point", "1.2.3", "ankang-listing-demo"),
        ("xian", "argument", "2024.1", None),
        (PROVINCE, "province", ProvinceBaseline.__version__, None),
    ]
    supplied = policy.rules.find(Measure.EMPLOYMENT_AWARD, ["610900"], D(2023, 1, 1))
    assert supplied is not None
    assert supplied.version == "1.2.3"
    early = D(2022, 4, 28)
    assert policy.rules.find(Measure.EMPLOYMENT_AWARD, ["610900"], early) is None
