"""pytest fixtures for plugin authors: an isolated policy, and a recorder of hook calls.

pytest loads this plugin by itself wherever labourbrand is installed (entry
point ``labourbrand`` of the ``pytest11`` group); with plugin autoloading off
(``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), pass ``-p labourbrand``. It imports
nothing heavy when pytest loads it: the policy engine loads when a fixture is
first used, and Hypothesis not at all.

.. code-block:: python

    from labourbrand_ankang import Ankang


    def test_amount(labourbrand_policy):
        policy = labourbrand_policy(Ankang())  # no installed plugin, only Ankang
        ...


    def test_rules_are_read_once(labourbrand_hook_calls):
        policy = labourbrand_hook_calls.policy(Ankang())
        calls = labourbrand_hook_calls.calls_to("labourbrand_rules")
        assert [c.plugin for c in calls] == ["ankang", "shaanxi-province"]

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, final

import attrs
import pytest


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import pluggy

    from labourbrand.policy import Policy
    from labourbrand.policy.parameters import ParameterSet
    from labourbrand.regions import RegionRegistry


__all__ = [
    "HookCall",
    "HookCallRecorder",
    "PolicyFactory",
    "labourbrand_hook_calls",
    "labourbrand_policy",
]


class PolicyFactory(Protocol):
    """What :func:`labourbrand_policy` returns: build a policy with only these plugins.

    .. versionadded:: 0.1.0
    """

    def __call__(
        self,
        *plugins: object,
        entry_points: bool = False,
        parameters: ParameterSet | None = None,
        regions: RegionRegistry | None = None,
    ) -> Policy:
        """Return :meth:`Policy.shaanxi <labourbrand.policy.Policy.shaanxi>` with *plugins*.

        Installed plugins are left out unless *entry_points* is true.
        """
        ...


@final
@attrs.frozen(kw_only=True, unsafe_hash=False)
class HookCall:
    """One call of one plugin's hook implementation.

    .. versionadded:: 0.1.0
    """

    #: The hook, e.g. ``"labourbrand_rules"``.
    hook: str
    #: The registered name of the plugin whose implementation was called.
    plugin: str
    #: The arguments, by name.
    kwargs: Mapping[str, object]
    #: What the implementation returned (``None`` if it raised).
    result: object = None
    #: What it raised, if it did.
    error: Exception | None = None


@final
class HookCallRecorder:
    """Records every call of the hook implementations of a plugin manager.

    It wraps each implementation, so it sees the calls the engine makes to
    one plugin at a time (as it does for ``labourbrand_rules``, to name the
    plugin at fault) as well as calls through ``pm.hook``. Wrappers
    (``wrapper=True``) are not recorded.

    Example:
        .. code-block:: python

            recorder = HookCallRecorder()
            policy = recorder.policy(Ankang())
            assert len(recorder.calls_to("labourbrand_rules")) == 2  # Ankang, province
            recorder.detach()

    .. versionadded:: 0.1.0
    """

    def __init__(self) -> None:
        #: Calls in the order they were made.
        self.calls: list[HookCall] = []
        self._undo: list[tuple[pluggy.HookImpl, Callable[..., object]]] = []

    def attach(self, pm: pluggy.PluginManager) -> pluggy.PluginManager:
        """Record the calls of every implementation registered with *pm* so far.

        Returns:
            *pm*, for chaining.
        """
        wrapped = {id(impl) for impl, _ in self._undo}
        callers: list[pluggy.HookCaller] = list(vars(pm.hook).values())
        for caller in callers:
            for impl in caller.get_hookimpls():
                if impl.wrapper or impl.hookwrapper or id(impl) in wrapped:
                    continue
                self._undo.append((impl, impl.function))
                # pluggy types HookImpl.function as Final, but the engine calls it
                # directly (one plugin at a time), so only wrapping it sees those
                # calls; hook-call monitoring (pm.add_hookcall_monitoring) sees
                # calls through pm.hook only. The engine cannot call
                # pm.hook.labourbrand_rules instead: one call for all plugins
                # would lose which plugin raised or returned a bad value, and
                # could not skip a failing installed plugin and keep the others.
                impl.function = self._recording(caller.name, impl)  # type: ignore[misc]
        return pm

    def _recording(self, hook: str, impl: pluggy.HookImpl) -> Callable[..., object]:
        original, argnames, plugin = impl.function, impl.argnames, impl.plugin_name
        calls = self.calls

        def recording(*args: object, **kwargs: object) -> object:
            named = MappingProxyType(
                {**dict(zip(argnames, args, strict=False)), **kwargs}
            )
            try:
                result = original(*args, **kwargs)
            except Exception as exc:
                calls.append(
                    HookCall(hook=hook, plugin=plugin, kwargs=named, error=exc)
                )
                raise
            calls.append(
                HookCall(hook=hook, plugin=plugin, kwargs=named, result=result)
            )
            return result

        return recording

    def detach(self) -> None:
        """Stop recording: give every wrapped implementation back its function."""
        while self._undo:
            impl, function = self._undo.pop()
            impl.function = function  # type: ignore[misc]

    def policy(
        self,
        *plugins: object,
        entry_points: bool = False,
        parameters: ParameterSet | None = None,
        regions: RegionRegistry | None = None,
    ) -> Policy:
        """Build a policy with *plugins* (and the province), recording its hook calls.

        Installed plugins are left out unless *entry_points* is true.
        """
        from labourbrand import regions as _regions
        from labourbrand.plugins import get_plugin_manager
        from labourbrand.policy import Policy
        from labourbrand.policy.parameters import load_parameters

        pm = get_plugin_manager(plugins=plugins, entry_points=entry_points)
        return Policy(
            parameters=parameters if parameters is not None else load_parameters(),
            regions=regions if regions is not None else _regions.shaanxi(),
            plugin_manager=self.attach(pm),
        )

    def calls_to(self, hook: str) -> list[HookCall]:
        """Return the recorded calls of *hook*, in order."""
        return [call for call in self.calls if call.hook == hook]

    def clear(self) -> None:
        """Forget the calls recorded so far (and keep recording)."""
        self.calls.clear()


#: Environment variables that choose plugins; the fixtures unset them.
_PLUGIN_ENV = ("LABOURBRAND_PLUGINS_ALLOW", "LABOURBRAND_PLUGINS_BLOCK")


@contextlib.contextmanager
def _isolated() -> Iterator[None]:
    """Unset the variables that choose plugins, until the block ends."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for variable in _PLUGIN_ENV:
            monkeypatch.delenv(variable, raising=False)
        yield


@pytest.fixture
def labourbrand_policy() -> Iterator[PolicyFactory]:
    """Build a :class:`~labourbrand.policy.Policy` with only the plugins under test.

    Call it with plugin objects; installed plugins (entry points) are left out,
    and the variables ``LABOURBRAND_PLUGINS_ALLOW`` and
    ``LABOURBRAND_PLUGINS_BLOCK`` are unset for the test, so the test sees
    the same rules on every machine.

    .. versionadded:: 0.1.0
    """

    def make(
        *plugins: object,
        entry_points: bool = False,
        parameters: ParameterSet | None = None,
        regions: RegionRegistry | None = None,
    ) -> Policy:
        from labourbrand.policy import Policy

        return Policy.shaanxi(
            plugins=plugins,
            entry_points=entry_points,
            parameters=parameters,
            regions=regions,
        )

    with _isolated():
        yield make


@pytest.fixture
def labourbrand_hook_calls() -> Iterator[HookCallRecorder]:
    """A :class:`HookCallRecorder`, detached after the test.

    Build a policy through :meth:`HookCallRecorder.policy`, or
    :meth:`~HookCallRecorder.attach` it to a plugin manager of your own.
    Like :func:`labourbrand_policy`, it unsets the plugin environment variables.

    .. versionadded:: 0.1.0
    """
    recorder = HookCallRecorder()
    with _isolated():
        yield recorder
    recorder.detach()
