"""The pytest plugin: its fixtures work in a user's test file; the recorder sees every call."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap
import tomllib
from typing import TYPE_CHECKING

import pluggy
import pytest

from labourbrand import hookimpl
from labourbrand.plugins import get_plugin_manager, hookspec
from labourbrand.testing import pytest_plugin
from labourbrand.testing.pytest_plugin import HookCall, HookCallRecorder


if TYPE_CHECKING:
    from collections.abc import Iterator


pytest_plugins = ["pytester"]

#: Load the plugin by module, whether or not the installed entry point is active.
#: This process imported it already, so pytest cannot rewrite its asserts: it has none.
PLUGIN_ARGS = (
    "-p",
    "no:labourbrand",
    "-p",
    "labourbrand.testing.pytest_plugin",
    "-W",
    "error",
    "-W",
    "ignore::pytest.PytestAssertRewriteWarning",
)

USER_TESTS = """
import pendulum

from labourbrand import Brand, Fen, WorkforceObservation, hookimpl
from labourbrand.policy import Flat, Measure, Rule

ON = pendulum.Date(2023, 7, 1)
BRAND = Brand(name_zh="紫阳修脚师", county="610924", workforce=[
    WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900, rural=800,
                         rural_signed=520)])


class Ankang:
    name = "ankang"

    @hookimpl
    def labourbrand_rules(self):
        return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
                     first_day="2022-04-29", formula=Flat(Fen.from_yuan(100_000)),
                     reference="illustrative", illustrative=True)]


def test_policy_with_only_the_plugin_under_test(labourbrand_policy):
    policy = labourbrand_policy(Ankang())
    names = [name for name, _ in policy.plugin_manager.list_name_plugin()]
    assert names == ["ankang", "shaanxi-province"]
    assert str(policy.employment_award(BRAND, on=ON).amount) == "¥100,000.00"


def test_policy_without_plugins(labourbrand_policy):
    assert labourbrand_policy().employment_award(BRAND, on=ON).amount is None


def test_rules_are_read_once_per_policy(labourbrand_hook_calls):
    policy = labourbrand_hook_calls.policy(Ankang())
    calls = labourbrand_hook_calls.calls_to("labourbrand_rules")
    assert [call.plugin for call in calls] == ["ankang", "shaanxi-province"]
    assert calls[0].kwargs == {} and calls[0].error is None
    assert [rule.jurisdiction for rule in calls[0].result] == ["610900"]
    for _ in range(3):
        policy.employment_award(BRAND, on=ON)
    assert len(labourbrand_hook_calls.calls) == 2
"""


def test_fixtures_work_in_a_users_test_file(pytester: pytest.Pytester) -> None:
    """A user's test file gets an isolated policy and a hook-call recorder by fixture name."""
    pytester.makepyfile(test_ankang=USER_TESTS)
    result = pytester.runpytest(*PLUGIN_ARGS)
    result.assert_outcomes(passed=3)


ANKANG_MODULE = USER_TESTS[: USER_TESTS.index("\n\ndef test_")]


def _code_blocks(doc: str) -> list[str]:
    """The Python blocks of a docstring (``.. code-block:: python``), dedented."""
    blocks: list[str] = []
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if line.strip() != ".. code-block:: python":
            continue
        indent = len(line) - len(line.lstrip())
        body: list[str] = []
        for next_line in lines[i + 2 :]:
            if next_line.strip() and len(next_line) - len(next_line.lstrip()) <= indent:
                break
            body.append(next_line)
        blocks.append(textwrap.dedent("\n".join(body)))
    return blocks


def test_the_documented_examples_run(pytester: pytest.Pytester) -> None:
    """The examples in this module's docstrings pass as written, in a user's test file."""
    module_example, recorder_example = (
        *_code_blocks(pytest_plugin.__doc__ or ""),
        *_code_blocks(HookCallRecorder.__doc__ or ""),
    )
    pytester.makepyfile(
        labourbrand_ankang=ANKANG_MODULE,
        test_module_example=module_example,
        test_recorder_example=(
            "from labourbrand_ankang import Ankang\n"
            "from labourbrand.testing.pytest_plugin import HookCallRecorder\n\n\n"
            "def test_recorder():\n" + textwrap.indent(recorder_example, "    ")
        ),
    )
    pytester.syspathinsert()
    pytester.runpytest(*PLUGIN_ARGS).assert_outcomes(passed=3)


def test_fixtures_ignore_the_plugin_environment(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Variables that block or allow plugins do not reach the fixtures' policies."""
    monkeypatch.setenv("LABOURBRAND_PLUGINS_BLOCK", "ankang")
    monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", "nothing")
    pytester.makepyfile(test_ankang=USER_TESTS)
    pytester.runpytest(*PLUGIN_ARGS).assert_outcomes(passed=3)


def test_fixtures_are_listed(pytester: pytest.Pytester) -> None:
    """``pytest --fixtures`` shows both fixtures with their documentation."""
    result = pytester.runpytest(*PLUGIN_ARGS, "--fixtures")
    result.stdout.fnmatch_lines(
        [
            "*labourbrand_policy*",
            "*Build a :class:`~labourbrand.policy.Policy` with only the plugins*",
            "*labourbrand_hook_calls*",
            "*A :class:`HookCallRecorder`, detached after the test.*",
        ]
    )


def test_entry_point_is_declared() -> None:
    """pyproject.toml declares the plugin in pytest's ``pytest11`` group as ``labourbrand``."""
    pyproject = pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pytest11 = project["entry-points"]["pytest11"]
    assert pytest11 == {"labourbrand": "labourbrand.testing.pytest_plugin"}


def test_loading_the_plugin_is_light() -> None:
    """pytest loads the plugin in every session: it imports neither Hypothesis nor the engine."""
    code = (
        "import sys, labourbrand.testing.pytest_plugin\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    modules = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "labourbrand.testing.pytest_plugin" in modules
    assert not modules & {
        "hypothesis",
        "labourbrand.policy",
        "labourbrand.testing.conformance",
    }


def test_testing_package_loads_its_names_on_first_use() -> None:
    """labourbrand.testing resolves its public names lazily and lists them."""
    import labourbrand.testing

    assert set(labourbrand.testing.__all__) <= set(dir(labourbrand.testing))
    assert labourbrand.testing.strategies.fens is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        labourbrand.testing.nope  # noqa: B018


# ------------------------------------------------------------ the recorder
class Spec:
    """A hook with arguments, to see the recorder name them."""

    @hookspec
    def labourbrand_award(self, brand: str, on: str) -> int:  # type: ignore[empty-body]
        """Return an award."""


class Counter:
    @hookimpl
    def labourbrand_award(self, brand: str, on: str) -> int:
        return len(brand + on)


class Failing:
    @hookimpl
    def labourbrand_award(self, brand: str) -> int:
        raise LookupError(brand)


class Wrapping:
    @hookimpl(wrapper=True)
    def labourbrand_award(self) -> Iterator[None]:
        return (yield)


@pytest.fixture
def pm() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("labourbrand")
    manager.add_hookspecs(Spec)
    manager.register(Counter(), name="counter")
    manager.register(Wrapping(), name="wrapping")
    return manager


def test_recorder_names_arguments_and_results(pm: pluggy.PluginManager) -> None:
    """A call through the hook is recorded per implementation, with its arguments by name."""
    recorder = HookCallRecorder()
    assert recorder.attach(pm) is pm
    recorder.attach(pm)  # attaching twice records each call once
    assert pm.hook.labourbrand_award(brand="ab", on="c") == [3]
    assert recorder.calls == [
        HookCall(
            hook="labourbrand_award",
            plugin="counter",
            kwargs={"brand": "ab", "on": "c"},
            result=3,
        )
    ]
    assert recorder.calls_to("labourbrand_rules") == []
    recorder.clear()
    assert recorder.calls == []


def test_recorder_records_errors_and_detaches(pm: pluggy.PluginManager) -> None:
    """A raising implementation is recorded with its error, which still propagates."""
    pm.register(Failing(), name="failing")
    recorder = HookCallRecorder()
    recorder.attach(pm)
    with pytest.raises(LookupError):
        pm.hook.labourbrand_award(brand="x", on="y")
    (call,) = recorder.calls
    assert call.plugin == "failing"
    assert call.kwargs == {"brand": "x"}
    assert isinstance(call.error, LookupError)
    assert call.result is None
    recorder.detach()
    pm.unregister(name="failing")
    assert pm.hook.labourbrand_award(brand="x", on="y") == [2]
    assert len(recorder.calls) == 1


def test_recorder_sees_the_engines_direct_calls() -> None:
    """The engine calls labourbrand_rules plugin by plugin; the recorder sees each call."""
    recorder = HookCallRecorder()
    policy = recorder.policy()
    assert [c.plugin for c in recorder.calls_to("labourbrand_rules")] == [
        "shaanxi-province"
    ]
    recorder.detach()
    again = HookCallRecorder().attach(get_plugin_manager(entry_points=False))
    assert again.hook.labourbrand_rules() == [()]
    assert len(policy.rules) == 0


def test_module_exports() -> None:
    """The module's public names are its fixtures and recorder types, sorted."""
    assert pytest_plugin.__all__ == sorted(
        pytest_plugin.__all__, key=lambda n: (n[0].islower(), n)
    )
