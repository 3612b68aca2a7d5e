"""The plugin contract: the hooks a city (or the province) implements.

Hooks are named ``labourbrand_*``; the entry-point group is ``labourbrand``.
Implement them on a class or module and mark each with
:data:`labourbrand.hookimpl` (the same object as :data:`hookimpl` here).
Hook implementations take no default arguments (pluggy 1.7 would pass them).

Renaming a hook argument is a breaking change: pluggy refuses to register an
implementation whose arguments are not in the spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy


if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from labourbrand.rules import Rule


__all__ = ["hookimpl", "hookspec", "labourbrand_period", "labourbrand_rules"]

#: Marks a hook specification of :mod:`labourbrand`.
hookspec = pluggy.HookspecMarker("labourbrand")
#: Marks a plugin's implementation of a hook.
hookimpl = pluggy.HookimplMarker("labourbrand")


@hookspec
def labourbrand_rules() -> Iterable[Rule]:  # type: ignore[empty-body]
    """Return the dated rules this plugin supplies, as data.

    Called once when a :class:`~labourbrand.policy.Policy` is built; the engine
    checks each rule once, completely, then: every field with its type
    (an amount that is not a :class:`~labourbrand.Fen` is refused even in a
    rule built with attrs validators disabled, with the path of the field,
    ``@ $[0].formula.amount``), that its jurisdiction exists and is not the
    whole province (only the province's baseline sets province-wide values),
    that the document declares its measure and the kind of its formula, the
    level that sets it, no conflict with another plugin, no overlapping
    dates; nothing about a rule is first found wrong when a decision reads it.
    It indexes the rules by (measure, jurisdiction), and picks the rule in
    force for each day.
    The province's cap applies to every amount a rule gives, per decision.
    The most specific jurisdiction wins (county > city-level unit > province).
    Two plugins with rules for the same measure and jurisdiction are a
    load-time :class:`~labourbrand.exceptions.PluginError` naming both.

    Returns:
        An iterable of :class:`~labourbrand.policy.Rule` values.

    Example:
        A city's plugin with one flat award (the amount is illustrative:
        no source gives 安康市's), and a decision that uses it:

        >>> import attrs, pendulum
        >>> from labourbrand import Fen, WorkforceObservation, brands, hookimpl
        >>> from labourbrand.policy import Flat, Measure, Policy, Rule
        >>> class Ankang:
        ...     @hookimpl
        ...     def labourbrand_rules(self):
        ...         return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
        ...                      first_day="2023-01-01", formula=Flat(Fen.from_yuan(100_000)),
        ...                      reference="illustrative: no published amount",
        ...                      illustrative=True)]
        >>> policy = Policy.shaanxi(plugins=[Ankang()], entry_points=False)
        >>> brand = attrs.evolve(brands.by_name("紫阳修脚师"), workforce=[WorkforceObservation(
        ...     on=pendulum.Date(2023, 6, 30), practitioners=900, rural=800, rural_signed=520)])
        >>> decision = policy.employment_award(brand, on=pendulum.Date(2023, 7, 1))
        >>> str(decision.amount), decision.suppliers[0].plugin
        ('¥100,000.00', 'Ankang')

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Every field of every rule is checked with its type when the policy is
       built, and a province-wide rule of any plugin but the baseline is refused.
    """


@hookspec
def labourbrand_period() -> (
    tuple[pendulum.Date | str, pendulum.Date | str | None] | None
):
    """Return the period this plugin's rules cover without a gap, or ``None``.

    A plugin that means to set its amounts without interruption says so here:
    on every day from the first to the last (inclusive), each measure it sets
    in a jurisdiction must have a rule in force. The engine does not call
    this hook, and a gap changes no decision (on a day without a rule, the
    amount is left to whoever the text names); the conformance kit,
    :func:`~labourbrand.testing.conformance.check_plugin`, calls each
    plugin's implementation and fails on every day of the period that its
    rules leave uncovered. A rule for a jurisdiction under another one for
    which the plugin sets the same measure (a county under its city) is an
    exception, and need not cover the period.

    Returns:
        ``(first_day, last_day)`` as :class:`pendulum.Date` values or ISO
        days (``"2023-01-01"``), in order; ``last_day`` is ``None`` for no
        end. ``None`` declares no period.

    Example:
        安康市 declares that its rules leave no gap from 2023 on:

        >>> from labourbrand import hookimpl
        >>> from labourbrand.plugins import get_plugin_manager
        >>> class Ankang:
        ...     @hookimpl
        ...     def labourbrand_period(self):
        ...         return ("2023-01-01", None)
        >>> pm = get_plugin_manager(plugins=[Ankang()], entry_points=False)
        >>> pm.hook.labourbrand_period()
        [('2023-01-01', None)]

    A plugin that does not implement the hook but has a
    ``labourbrand_period`` attribute (the way to declare a period before
    this hook) is still read, with a
    :class:`~labourbrand.exceptions.LabourBrandDeprecationWarning`.

    .. versionadded:: 0.1.0
    """
