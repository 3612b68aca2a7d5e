"""Loading installed plugins: allow and block lists, strictness, failures isolated."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

import pendulum
import pluggy
import pytest

from labourbrand import Brand, Fen, WorkforceObservation, hookimpl
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandWarning,
    PluginError,
    PluginResultError,
)
from labourbrand.plugins import (
    PROVINCE,
    PluginFailure,
    collect_rules,
    get_plugin_manager,
    list_plugins,
)
from labourbrand.policy import Flat, Measure, Policy, Rule
from labourbrand.regions import shaanxi


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    Install = Callable[..., None]

D = pendulum.Date
#: 紫阳县, a county of 安康市 (610900).
BRAND = Brand(
    name_zh="紫阳修脚师",
    county="610924",
    workforce=[
        WorkforceObservation(
            on=D(2023, 6, 30), practitioners=900, rural=800, rural_signed=600
        )
    ],
)
ON = D(2023, 7, 1)


def rules_module(jurisdiction: str, yuan: int) -> str:
    """Source of a plugin module with one flat employment-award rule."""
    return f"""
        from labourbrand import Fen, hookimpl
        from labourbrand.policy import Flat, Measure, Rule

        @hookimpl
        def labourbrand_rules():
            return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="{jurisdiction}",
                         first_day="2022-04-29", formula=Flat(Fen.from_yuan({yuan})),
                         reference="illustrative", illustrative=True)]
    """


GOOD = rules_module("610900", 90_000)

#: Faulty plugin modules: source, the stage it fails at, the reason given, and
#: the type of the original exception (None when the library found the fault).
FAULTS: Mapping[str, tuple[str, str, str, type[Exception] | None]] = {
    "raises_on_import": (
        "raise RuntimeError('no database')",
        "import",
        r"^entry point 'lbt_broken' of labourbrand-broken 0\.1 could not be imported: RuntimeError: no database$",
        RuntimeError,
    ),
    "wrong_argument": (
        """
        from labourbrand import hookimpl

        @hookimpl
        def labourbrand_rules(city):
            return []
        """,
        "register",
        r"Argument\(s\) \{'city'\} are declared in the hookimpl",
        pluggy.PluginValidationError,
    ),
    "misspelled_hook": (
        """
        from labourbrand import hookimpl

        @hookimpl
        def labourbrand_rule():
            return []
        """,
        "register",
        r"unknown hook 'labourbrand_rule'",
        pluggy.PluginValidationError,
    ),
    "raises_in_rules": (
        """
        from labourbrand import hookimpl

        @hookimpl
        def labourbrand_rules():
            raise RuntimeError("database down")
        """,
        "rules",
        r"^raised RuntimeError: database down$",
        RuntimeError,
    ),
    "returns_a_float": (
        """
        from labourbrand import hookimpl

        @hookimpl
        def labourbrand_rules():
            return [150000.0]
        """,
        "rules",
        r"^Expected labourbrand.policy.Rule values; got 150000.0 \(type=float\)$",
        None,
    ),
    "overlapping_rules": (
        """
        from labourbrand import Fen, hookimpl
        from labourbrand.policy import Flat, Measure, Rule

        @hookimpl
        def labourbrand_rules():
            return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610100",
                         first_day=day, formula=Flat(Fen.from_yuan(1)),
                         reference="illustrative")
                    for day in ("2023-01-01", "2024-01-01")]
        """,
        "rules",
        r"^employment_award rules for '610100' overlap",
        None,
    ),
    "amount_not_a_fen": (
        """
        import attrs
        from labourbrand import hookimpl
        from labourbrand.policy import Flat, Measure, Rule

        @hookimpl
        def labourbrand_rules():
            with attrs.validators.disabled():
                amount = Flat(100_000)
            return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610100",
                         first_day="2023-01-01", formula=amount, reference="illustrative")]
        """,
        "rules",
        r"^Expected a Fen amount but got amount=100000 \(type=int\) @ \$\[0\]\.formula\.amount$",
        None,
    ),
    "province_wide": (
        """
        from labourbrand import Fen, hookimpl
        from labourbrand.policy import Flat, Measure, Rule

        @hookimpl
        def labourbrand_rules():
            return [Rule(measure=Measure.TRANSPORT_SUBSIDY, jurisdiction="610000",
                         first_day="2023-01-01", formula=Flat(Fen(50_000)),
                         reference="illustrative")]
        """,
        "rules",
        r"only the province's baseline plugin sets province-wide values",
        None,
    ),
    "ratio_for_an_amount": (
        """
        from decimal import Decimal
        from labourbrand import hookimpl
        from labourbrand.policy import Measure, Ratio, Rule

        @hookimpl
        def labourbrand_rules():
            return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610100",
                         first_day="2023-01-01", formula=Ratio(Decimal("0.3")),
                         reference="illustrative")]
        """,
        "rules",
        r"^a Ratio is not an amount; employment_award takes Flat, PerHead or a callable; got Rule\(",
        None,
    ),
}


@pytest.fixture
def good(install: Install) -> str:
    """An installed plugin that gives 安康市 a flat 90,000 yuan."""
    install("labourbrand-good", "1.0", {"good": "lbt_good"}, lbt_good=GOOD)
    return "good"


def award(policy: Policy) -> Fen | None:
    return policy.employment_award(BRAND, on=ON).amount


@pytest.mark.parametrize("fault", FAULTS)
def test_broken_installed_plugin_is_skipped_with_a_warning(
    install: Install, good: str, fault: str
) -> None:
    """A broken installed plugin is recorded and warned about; the rest still decide."""
    source, stage, reason, _ = FAULTS[fault]
    install("labourbrand-broken", "0.1", {"broken": "lbt_broken"}, lbt_broken=source)
    with pytest.warns(LabourBrandWarning, match=r"skipped plugin 'broken'") as record:
        policy = Policy.shaanxi(allow=[good, "broken"])
    assert len(record) == 1
    assert record[0].filename == __file__
    (failure,) = policy.plugin_failures
    assert (failure.name, failure.distribution, failure.version, failure.stage) == (
        "broken",
        "labourbrand-broken",
        "0.1",
        stage,
    )
    assert re.search(reason, failure.reason), failure.reason
    assert award(policy) == Fen.from_yuan(90_000)
    assert {s.plugin for s in policy.rules} == {good}
    # Only a plugin that failed at its rules stays registered (pluggy 1.5 and 1.7).
    registered = policy.plugin_manager.get_plugin("broken") is not None
    assert registered == (stage == "rules")


@pytest.mark.parametrize("fault", FAULTS)
def test_strict_raises_naming_the_broken_plugin(
    install: Install, good: str, fault: str
) -> None:
    """With strict=True the first failure raises a PluginError naming the plugin."""
    source, _, _, cause = FAULTS[fault]
    install("labourbrand-broken", "0.1", {"broken": "lbt_broken"}, lbt_broken=source)
    with pytest.raises(PluginError, match=r"^plugin 'broken'") as info:
        Policy.shaanxi(allow=[good, "broken"], strict=True)
    assert info.value.plugin_name == "broken"
    assert type(info.value.__cause__) is (cause or type(None))


def test_strict_keeps_the_messages_of_rule_errors(install: Install) -> None:
    """Strict loading raises the same PluginResultError as a passed plugin does."""
    source = FAULTS["returns_a_float"][0]
    install("labourbrand-floaty", "2.0", {"floaty": "lbt_floaty"}, lbt_floaty=source)
    with pytest.raises(
        PluginResultError,
        match=r"^plugin 'floaty', hook 'labourbrand_rules': Expected .* got 150000.0",
    ):
        Policy.shaanxi(allow=["floaty"], strict=True)


def test_import_failure_keeps_the_original_exception(install: Install) -> None:
    """A strict import failure names plugin and distribution, from the ImportError."""
    install("labourbrand-gone", "3.0", {"gone": "lbt_not_there"})
    with pytest.raises(
        PluginError,
        match=r"^plugin 'gone': entry point 'lbt_not_there' of labourbrand-gone 3.0 "
        r"could not be imported: ModuleNotFoundError",
    ) as info:
        get_plugin_manager(allow=["gone"], strict=True)
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_passed_plugins_raise_even_when_not_strict() -> None:
    """A plugin passed as an argument is explicit: its failure raises, strict or not."""

    class Raises:
        name = "raiser"

        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            msg = "database down"
            raise RuntimeError(msg)

    with pytest.raises(PluginError, match="plugin 'raiser'"):
        Policy.shaanxi(plugins=[Raises()], entry_points=False, strict=False)


def test_failures_are_kept_with_the_manager(install: Install, good: str) -> None:
    """A Policy built from a manager reports the manager's load failures too."""
    install("labourbrand-broken", "0.1", {"broken": "lbt_broken"}, lbt_broken="1/0")
    with pytest.warns(LabourBrandWarning, match="ZeroDivisionError"):
        pm = get_plugin_manager(allow=[good, "broken"])
    assert pm.get_plugin("broken") is None
    assert pm.get_plugin(good) is not None
    policy = Policy(
        parameters=Policy.shaanxi(entry_points=False).parameters,
        regions=shaanxi(),
        plugin_manager=pm,
    )
    assert [f.stage for f in policy.plugin_failures] == ["import"]


def test_collect_rules_skips_an_installed_plugin_that_fails(install: Install) -> None:
    """collect_rules warns about, and leaves out, a lenient plugin whose hook raises."""
    source = FAULTS["raises_in_rules"][0]
    install("labourbrand-broken", "0.1", {"broken": "lbt_broken"}, lbt_broken=source)
    pm = get_plugin_manager(allow=["broken"])
    with pytest.warns(LabourBrandWarning, match="failed at rules") as record:
        book = collect_rules(pm, shaanxi())
    assert len(book) == 0
    assert record[0].filename == __file__


def test_conflicting_installed_plugins_raise_even_when_lenient(
    install: Install, good: str
) -> None:
    """Two installed plugins claiming one city is a conflict, not a broken plugin."""
    install(
        "labourbrand-rival",
        "1.0",
        {"rival": "lbt_rival"},
        lbt_rival=rules_module("610900", 80_000),
    )
    with pytest.raises(PluginError, match="plugins 'good' and 'rival' both supply"):
        Policy.shaanxi(allow=[good, "rival"])


def test_allow_argument_loads_only_those_entry_points(
    install: Install, good: str
) -> None:
    """With allow, other installed plugins are not even imported."""
    install(
        "labourbrand-xian",
        "1.0",
        {"xian": "lbt_xian"},
        lbt_xian=rules_module("610100", 50_000),
    )
    pm = get_plugin_manager(allow=["xian"])
    assert pm.get_plugin("xian") is not None
    assert pm.get_plugin(good) is None
    assert "lbt_good" not in sys.modules
    assert get_plugin_manager(allow=()).get_plugin("xian") is None


def test_allow_list_does_not_apply_to_passed_plugins() -> None:
    """A passed plugin loads whatever the allow list says."""
    plugin = Flat  # any object without hooks registers
    pm = get_plugin_manager(plugins=[plugin], allow=(), entry_points=False)
    assert pm.get_plugin("Flat") is plugin


def test_allow_environment_variable(
    install: Install, good: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LABOURBRAND_PLUGINS_ALLOW applies when allow is not given; the argument wins."""
    install(
        "labourbrand-xian",
        "1.0",
        {"xian": "lbt_xian"},
        lbt_xian=rules_module("610100", 50_000),
    )
    monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", " xian , ,other")
    with pytest.warns(LabourBrandWarning, match="'other' is in the allow list"):
        pm = get_plugin_manager()
    assert pm.get_plugin("xian") is not None
    assert pm.get_plugin(good) is None
    pm = get_plugin_manager(allow=[good])
    assert pm.get_plugin("xian") is None
    assert pm.get_plugin(good) is not None


def test_blank_allow_variable_counts_as_unset(
    good: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty LABOURBRAND_PLUGINS_ALLOW does not block every entry point."""
    monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", " , ")
    assert get_plugin_manager().get_plugin(good) is not None


def test_block_argument_and_variable_add_up(
    install: Install, good: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names in block and in LABOURBRAND_PLUGINS_BLOCK never load, nor import."""
    install(
        "labourbrand-xian",
        "1.0",
        {"xian": "lbt_xian"},
        lbt_xian=rules_module("610100", 50_000),
    )
    monkeypatch.setenv("LABOURBRAND_PLUGINS_BLOCK", "xian")
    pm = get_plugin_manager(allow=[good, "xian"], block=[good])
    assert pm.get_plugin(good) is None
    assert pm.get_plugin("xian") is None
    assert "lbt_good" not in sys.modules
    assert "lbt_xian" not in sys.modules
    assert award(Policy.shaanxi(allow=[good, "xian"], block=[good])) is None


def test_block_applies_to_passed_plugins() -> None:
    """A passed plugin whose name is blocked is not registered."""

    class City:
        name = "city"

    pm = get_plugin_manager(plugins=[City()], block={"city"}, entry_points=False)
    assert pm.get_plugin("city") is None


def test_blocking_the_province_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The province's baseline is the text itself: blocking it is an error."""
    with pytest.raises(InvalidArgumentError, match="'shaanxi-province' in block:"):
        Policy.shaanxi(block=[PROVINCE], entry_points=False)
    monkeypatch.setenv("LABOURBRAND_PLUGINS_BLOCK", f"other,{PROVINCE}")
    with pytest.raises(
        InvalidArgumentError, match="'shaanxi-province' in LABOURBRAND_PLUGINS_BLOCK:"
    ):
        get_plugin_manager(entry_points=False)


@pytest.mark.parametrize("argument", ["allow", "block"])
def test_a_string_is_not_a_list_of_names(argument: str) -> None:
    """allow="ankang" (a string, not a list) is refused rather than read letter by letter."""
    with pytest.raises(
        InvalidArgumentError,
        match=rf"Expected a collection of plugin names but got {argument}='good'",
    ):
        get_plugin_manager(**{argument: "good"})  # type: ignore[arg-type]


def test_passed_plugin_replaces_installed_one_of_that_name(good: str) -> None:
    """A plugin passed under an entry point's name is used; the entry point is not imported."""

    class Replacement:
        name = "good"

        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            return [
                Rule(
                    measure=Measure.EMPLOYMENT_AWARD,
                    jurisdiction="610900",
                    first_day="2022-04-29",
                    formula=Flat(Fen.from_yuan(70_000)),
                    reference="illustrative",
                    illustrative=True,
                )
            ]

    policy = Policy.shaanxi(plugins=[Replacement()], allow=[good])
    assert award(policy) == Fen.from_yuan(70_000)
    assert policy.plugin_failures == ()
    assert "lbt_good" not in sys.modules


def test_two_distributions_with_one_name(install: Install, good: str) -> None:
    """A second distribution with an entry point already taken is skipped."""
    install(
        "labourbrand-impostor",
        "9.9",
        {good: "lbt_impostor"},
        lbt_impostor=rules_module("610900", 1),
    )
    with pytest.warns(LabourBrandWarning, match="already supplies"):
        policy = Policy.shaanxi(allow=[good])
    (failure,) = policy.plugin_failures
    assert failure.stage == "register"
    assert failure.reason in {
        "another distribution (labourbrand-good 1.0) already supplies a plugin named 'good'",
        "another distribution (labourbrand-impostor 9.9) already supplies a plugin named 'good'",
    }
    assert award(policy) in {Fen.from_yuan(90_000), Fen.from_yuan(1)}


def test_entry_point_may_not_take_the_province_name(install: Install) -> None:
    """An entry point named like the province's baseline is refused."""
    install("labourbrand-fake", "1.0", {PROVINCE: "lbt_fake"}, lbt_fake=GOOD)
    with pytest.warns(LabourBrandWarning, match="reserved"):
        policy = Policy.shaanxi(allow=[PROVINCE])
    assert [f.reason for f in policy.plugin_failures] == [
        "the name 'shaanxi-province' is reserved for the province's baseline"
    ]
    assert "lbt_fake" not in sys.modules
    with pytest.raises(PluginError, match="reserved") as info:
        Policy.shaanxi(allow=[PROVINCE], strict=True)
    assert info.value.__cause__ is None


def test_one_module_under_two_names(install: Install) -> None:
    """The same module under a second entry-point name is a registration failure."""
    install(
        "labourbrand-twice",
        "1.0",
        {"first": "lbt_twice", "second": "lbt_twice"},
        lbt_twice=GOOD,
    )
    with pytest.warns(LabourBrandWarning, match="already registered"):
        policy = Policy.shaanxi(allow=["first", "second"])
    assert [(f.name, f.stage) for f in policy.plugin_failures] == [
        ("second", "register")
    ]
    assert award(policy) == Fen.from_yuan(90_000)


def test_plugin_failure_checks_its_stage() -> None:
    """A PluginFailure's stage is one of missing, import, register and rules."""
    with pytest.raises(ValueError, match="stage"):
        PluginFailure(
            name="x",
            distribution=None,
            version=None,
            stage="load",  # type: ignore[arg-type]
            reason="?",
        )


# ------------------------------------------------------ what loads nothing
def test_an_allowed_name_that_is_not_installed(good: str) -> None:
    """A misspelt or missing name in the allow list is warned about and recorded; strict raises."""
    with pytest.warns(
        LabourBrandWarning,
        match=r"plugin 'godo' is in the allow list, but no installed plugin .* "
        r"\(did you mean 'good'\?\)",
    ):
        policy = Policy.shaanxi(allow=["godo"])
    (failure,) = policy.plugin_failures
    assert (failure.name, failure.stage, failure.distribution) == (
        "godo",
        "missing",
        None,
    )
    assert award(policy) is None
    with pytest.raises(
        PluginError, match=r"^plugin 'godo': is in the allow list"
    ) as info:
        Policy.shaanxi(allow=["godo", good], strict=True)
    assert info.value.plugin_name == "godo"


def test_allowed_names_that_need_no_installed_plugin(good: str) -> None:
    """An allowed name passed as a plugin or blocked is not missing; without entry points none is asked."""

    class Passed:
        name = "passed"

    policy = Policy.shaanxi(
        plugins=[Passed()], allow=[good, "passed", "gone"], block=["gone"], strict=True
    )
    assert policy.plugin_failures == ()
    pm = get_plugin_manager(allow=["gone"], entry_points=False, strict=True)
    assert [name for name, _ in pm.list_name_plugin()] == [PROVINCE]


class Forgetful:
    """A plugin whose hook lacks @hookimpl: pluggy never calls it."""

    name = "forgetful"

    def labourbrand_rules(self) -> list[Rule]:
        return [
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610900",
                first_day="2022-04-29",
                formula=Flat(Fen.from_yuan(90_000)),
                reference="illustrative",
            )
        ]


def test_a_hook_without_hookimpl_is_warned_about() -> None:
    """Without strict the plugin loads, contributes nothing, and a warning names it and the method."""
    with pytest.warns(
        LabourBrandWarning,
        match=r"^plugin 'forgetful': labourbrand_rules is named like a hook but not "
        r"marked with @labourbrand.hookimpl, so never called",
    ) as record:
        policy = Policy.shaanxi(plugins=[Forgetful()], entry_points=False)
    assert record[0].filename == __file__
    assert award(policy) is None
    (info, _) = list_plugins(policy)
    assert (info.name, info.unmarked, info.contributes) == (
        "forgetful",
        ("labourbrand_rules",),
        False,
    )


def test_a_hook_without_hookimpl_is_refused_under_strict(install: Install) -> None:
    """With strict a plugin with unmarked hook-like methods is refused, passed or installed."""
    with pytest.raises(
        PluginError, match=r"^plugin 'forgetful', hook 'labourbrand_rules': "
    ):
        Policy.shaanxi(plugins=[Forgetful()], entry_points=False, strict=True)
    install(
        "labourbrand-plain",
        "1.0",
        {"plain": "lbt_plain"},
        lbt_plain=GOOD.replace("@hookimpl", ""),
    )
    with pytest.raises(
        PluginError, match=r"^plugin 'plain', hook 'labourbrand_rules': "
    ):
        Policy.shaanxi(allow=["plain"], strict=True)
    with pytest.warns(LabourBrandWarning, match="plugin 'plain': labourbrand_rules"):
        assert award(Policy.shaanxi(allow=["plain"])) is None
