"""What plugins a policy loaded, and the rules each supplies (private)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Final, Literal, Protocol, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand.dates import DayLike  # noqa: TC001 - documented signatures
from labourbrand.plugins import _manager
from labourbrand.plugins._rule_files import RuleFile
from labourbrand.rules import Flat, PerHead, Ratio, Rule


if TYPE_CHECKING:
    from collections.abc import Iterable

    import pluggy

    from labourbrand.regions import RegionRegistry


class PluginHost(Protocol):
    """What :func:`list_plugins` reads of a policy: a :class:`~labourbrand.policy.Policy` is one.

    Plugins sit below the policy, so they name what they need of it rather than import it.

    .. versionadded:: 0.2.0
    """

    @property
    def plugin_manager(self) -> pluggy.PluginManager: ...
    @property
    def plugin_failures(self) -> tuple[_manager.PluginFailure, ...]: ...
    @property
    def rules(self) -> Iterable[_manager.SuppliedRule]: ...
    @property
    def regions(self) -> RegionRegistry: ...
    def measure_label(self, measure: str) -> tuple[int, str, str]:
        """``(order, Chinese name, clause)`` of a measure id its documents declare."""
        ...


_TIMES: Final = "\N{MULTIPLICATION SIGN}"


@final
@attrs.frozen(kw_only=True)
class RuleInfo:
    """One rule a plugin supplies, described for people and JSON.

    .. versionadded:: 0.1.0
    """

    #: The measure it sets.
    measure: str
    #: The measure's Chinese name, as its document declares it.
    measure_zh: str
    #: The clause that creates it, qualified by its document.
    clause: str
    #: The region code or zone key it applies to.
    jurisdiction: str
    #: The Chinese name of that jurisdiction, e.g. ``"安康市"``.
    jurisdiction_zh: str
    #: First day in force, inclusive.
    first_day: pendulum.Date = attrs.field(converter=check.day_first_day)
    #: Last day in force, inclusive; ``None`` for open-ended.
    last_day: pendulum.Date | None = attrs.field(converter=check.optional_day_last_day)
    #: The formula in words, e.g. ``"flat ¥100,000.00"``, ``"per head: …"``
    #: (each head count times its rate, then the rule's cap), ``"ratio 0.30"``
    #: or ``"per-brand callable by_category"``.
    formula: str
    #: The same in Chinese, e.g. ``"定额100,000.00元"``.
    formula_zh: str
    #: The document (文号) the rule cites.
    reference: str
    #: Whether no official source gives the amount.
    illustrative: bool
    #: Whether the rule is in force on the day asked; ``None`` if no day was asked.
    in_force: bool | None
    #: The formula as data, money in integer fen (:class:`~labourbrand.rules.Flat`,
    #: :class:`~labourbrand.rules.PerHead` or :class:`~labourbrand.rules.Ratio`),
    #: beside its words in :attr:`formula`; ``None`` for a per-brand callable.
    #:
    #: .. versionadded:: 0.2.0
    terms: Flat | PerHead | Ratio | None = None


@final
@attrs.frozen(kw_only=True)
class PluginInfo:
    """A plugin a policy loaded: where it came from, its hooks and its rules.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *file* and *sha256*, and the source ``"environment"``.
    """

    #: Its registered name: the entry-point name of an installed plugin.
    name: str
    #: The version it declares (``__version__``), else its distribution's.
    version: str | None
    #: The distribution that installed it; ``None`` if it was passed or is the province's.
    distribution: str | None
    #: ``"argument"`` (passed to the policy, as an object or a rule file),
    #: ``"entry point"`` (installed), ``"environment"`` (a rule file of
    #: ``LABOURBRAND_RULES``) or ``"province"`` (the baseline).
    source: Literal["argument", "entry point", "environment", "province"]
    #: The hooks it implements.
    hooks: tuple[str, ...]
    #: The jurisdictions its rules claim, on any day.
    jurisdictions: tuple[str, ...]
    #: Its rules (those in force on the day asked, if one was).
    rules: tuple[RuleInfo, ...]
    #: Its methods named like hooks (``labourbrand_*``) that are not marked
    #: with :data:`~labourbrand.hookimpl`, so never called.
    #:
    #: .. versionadded:: 0.2.0
    unmarked: tuple[str, ...] = ()
    #: The rule file it was read from, for a plugin stated in a file
    #: (:class:`~labourbrand.plugins.RuleFile`); ``None`` for code.
    file: str | None = None
    #: The SHA-256 checksum of that file, in hex.
    sha256: str | None = None

    @property
    def contributes(self) -> bool:
        """Whether it supplies any rule, on any day: a plugin that does not changes no decision.

        .. versionadded:: 0.2.0
        """
        return bool(self.jurisdictions)


def list_plugins(
    policy: PluginHost, *, on: DayLike | None = None
) -> tuple[PluginInfo, ...]:
    """Describe every plugin *policy* loaded, in the order they were registered.

    Installed plugins that were skipped are not listed here: see
    :attr:`Policy.plugin_failures <labourbrand.policy.Policy.plugin_failures>`.
    A plugin that is listed but supplies no rule contributes nothing to any
    decision (:attr:`PluginInfo.contributes`); :attr:`PluginInfo.unmarked`
    names its methods that look like hooks but are not marked as such.

    Args:
        policy: the policy (a :class:`~labourbrand.policy.Policy`).
        on: list only the rules in force on this day; ``None`` for all rules.

    Example:
        >>> from labourbrand.policy import Policy
        >>> [(p.name, p.source, p.hooks) for p in list_plugins(
        ...     Policy.shaanxi(entry_points=False))]
        [('shaanxi-province', 'province', ('labourbrand_rules',))]

    .. versionadded:: 0.1.0
    """
    on = check.optional_day(on, name="on")
    pm = policy.plugin_manager
    skipped = {f.name for f in policy.plugin_failures if f.stage == "rules"}
    rules: dict[str, list[Rule]] = defaultdict(list)
    for supplied in policy.rules:
        rules[supplied.plugin].append(supplied.rule)
    infos: list[PluginInfo] = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None or name in skipped:  # blocked in pluggy, or skipped
            continue
        own = sorted(
            rules[name],
            key=lambda r: (
                policy.measure_label(r.measure)[0],
                r.measure,
                r.jurisdiction,
                r.first_day,
            ),
        )
        where = _manager.origin(pm, name)
        infos.append(
            PluginInfo(
                name=name,
                version=_manager.plugin_version(pm, plugin),
                distribution=where.distribution,
                source=where.source,
                hooks=tuple(sorted(c.name for c in pm.get_hookcallers(plugin) or ())),
                jurisdictions=tuple(sorted({r.jurisdiction for r in own})),
                rules=tuple(
                    _rule_info(r, policy, on)
                    for r in own
                    if on is None or r.in_force(on)
                ),
                unmarked=_manager.unmarked(pm, name),
                file=plugin.path if isinstance(plugin, RuleFile) else None,
                sha256=plugin.sha256 if isinstance(plugin, RuleFile) else None,
            )
        )
    return tuple(infos)


def _rule_info(rule: Rule, policy: PluginHost, on: pendulum.Date | None) -> RuleInfo:
    _, measure_zh, clause = policy.measure_label(rule.measure)
    return RuleInfo(
        measure=rule.measure,
        measure_zh=measure_zh,
        clause=clause,
        jurisdiction=rule.jurisdiction,
        jurisdiction_zh=policy.regions.name_of(rule.jurisdiction),
        first_day=rule.first_day,
        last_day=rule.last_day,
        formula=describe_formula(rule.formula),
        formula_zh=describe_formula(rule.formula, lang="zh"),
        reference=rule.reference,
        illustrative=rule.illustrative,
        in_force=None if on is None else rule.in_force(on),
        terms=rule.formula
        if isinstance(rule.formula, Flat | PerHead | Ratio)
        else None,
    )


def describe_formula(formula: object, *, lang: str = "en") -> str:
    """Say what a rule's formula is, in English or (*lang* ``"zh"``) Chinese.

    Example:
        >>> from decimal import Decimal
        >>> from labourbrand import Fen
        >>> describe_formula(Flat(Fen.from_yuan(100_000)))
        'flat ¥100,000.00'
        >>> describe_formula(Flat(Fen.from_yuan(100_000)), lang="zh")
        '定额100,000.00元'
        >>> describe_formula(Ratio(Decimal("0.30")))
        'ratio 0.30'
    """
    zh = lang == "zh"
    if isinstance(formula, Flat):
        return f"{'定额' if zh else 'flat '}{formula.amount.format(lang=lang)}"
    if isinstance(formula, PerHead):
        rates = " + ".join(
            f"{head} {_TIMES} {rate.format(lang=lang)}" for head, rate in formula.rates
        )
        text = f"按人头:{rates}" if zh else f"per head: {rates}"
        if formula.cap is not None:
            cap = formula.cap.format(lang=lang)
            text += f",上限{cap}" if zh else f", cap {cap}"
        return text
    if isinstance(formula, Ratio):
        return f"{'比例' if zh else 'ratio '}{formula.value}"
    name = getattr(formula, "__qualname__", type(formula).__name__)
    return f"逐品牌计算函数 {name}" if zh else f"per-brand callable {name}"
