"""The conformance kit's static checks: hooks, signatures, rules as data, overlaps, gaps (private).

Everything here looks at the plugin and the rules it returns without running
a formula. The checks the loader makes too (a rule, of a known jurisdiction,
not overlapping another) are :mod:`labourbrand.plugins.validation`'s, with its
wording; the kit reports every problem where the loader raises the first.
"""

from __future__ import annotations

import difflib
import inspect
import os
import pathlib
import types
import warnings
from collections import defaultdict
from typing import TYPE_CHECKING, Final, TypeAlias, cast

import attrs
import pendulum
import pluggy

from labourbrand.dates import as_date
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandDeprecationWarning,
    PluginError,
)
from labourbrand.plugins import get_plugin_manager, hookspecs, plugin_name, validation
from labourbrand.policy import Measure
from labourbrand.rules import Rule


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from labourbrand.regions import RegionRegistry
    from labourbrand.testing._findings import Run


#: The hook that supplies rules.
RULES_HOOK: Final = validation.RULES_HOOK
#: The hook that declares the period the rules cover.
PERIOD_HOOK: Final = "labourbrand_period"
#: Where a failure of the plugin as a whole is reported.
PLUGIN_LEVEL: Final = "labourbrand"
# Frames of this package are skipped, so that a warning points at the caller's line.
_PACKAGE: Final = str(pathlib.Path(__file__).parent.parent) + os.sep

#: A declared period: first and last day, the last ``None`` for no end.
Period: TypeAlias = tuple[pendulum.Date, pendulum.Date | None]


def check(run: Run) -> tuple[list[Rule], RegionRegistry] | None:
    """Run the static checks; return the rules to drive, if every one holds.

    Args:
        run: where to record failures, checks and notes.

    Returns:
        The plugin's rules and the region registry, or ``None`` if a check
        failed or the plugin supplies no rule.
    """
    run.ran("registration", "hook-name", "hook-marked", "hook-arguments")
    run.ran("hook-options")
    check_hooks(run)
    pm = None if run.failures else _registered(run)
    if pm is None:
        return None
    impl = _own_impl(pm, run.plugin, RULES_HOOK)
    if impl is None:
        run.notes.append(f"implements no {RULES_HOOK}: no rules to check")
        return None
    rules = check_rules(run, impl.function)
    if rules is None or run.failures:
        return None
    regions = _regions()
    check_data(run, rules, regions, pm)
    if run.failures:
        return None
    return rules, regions


def _registered(run: Run) -> pluggy.PluginManager | None:
    """A plugin manager with the plugin registered alone; ``None`` if it is not."""
    try:
        pm = get_plugin_manager(plugins=[run.plugin], entry_points=False)
    except PluginError as exc:
        text = " ".join(str(exc).split())
        run.fail(exc.hook or PLUGIN_LEVEL, "registration", run.plugin, text)
        return None
    if not pm.is_registered(run.plugin):
        detail = (
            "was not registered, so it supplies nothing: is its name "
            f"{plugin_name(run.plugin)!r} blocked (LABOURBRAND_PLUGINS_BLOCK)?"
        )
        run.fail(PLUGIN_LEVEL, "registration", run.plugin, detail)
        return None
    return pm


def _own_impl(
    pm: pluggy.PluginManager, plugin: object, hook: str
) -> pluggy.HookImpl | None:
    """*plugin*'s implementation of *hook* in *pm*, if it has one."""
    caller: pluggy.HookCaller = getattr(pm.hook, hook)
    return next((i for i in caller.get_hookimpls() if i.plugin is plugin), None)


# ------------------------------------------------------------------ hooks
def check_hooks(run: Run) -> None:
    """Check that every hook the plugin implements exists, is marked, and is plain."""
    plugin = run.plugin
    if inspect.isclass(plugin):
        detail = f"{plugin.__name__} is a class: pass an instance, {plugin.__name__}()"
        run.fail(PLUGIN_LEVEL, "registration", plugin, detail)
        return
    pm = pluggy.PluginManager("labourbrand")
    pm.add_hookspecs(hookspecs)
    specs = {
        hook: caller.spec.argnames
        for hook, caller in vars(pm.hook).items()
        if isinstance(caller, pluggy.HookCaller) and caller.spec is not None
    }
    implemented = 0
    unmarked = validation.unmarked_hooks(pm, plugin)
    for attribute in sorted(dir(plugin)):
        function = getattr(plugin, attribute, None)
        if not inspect.isroutine(function):
            continue
        opts = pm.parse_hookimpl_opts(plugin, attribute)
        if opts is None:
            if attribute in unmarked:
                detail = (
                    f"{attribute} is not marked with @labourbrand.hookimpl, "
                    "so it is never called"
                )
                run.fail(attribute, "hook-marked", function, detail)
            continue
        implemented += 1
        if attribute not in specs:
            if not opts.get("optionalhook"):
                close = difflib.get_close_matches(attribute, specs, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                detail = f"hook {attribute} is not a labourbrand hook{hint}"
                run.fail(attribute, "hook-name", function, detail)
            continue
        check_signature(run, attribute, function, specs[attribute], opts)
    if implemented == 0 and not run.failures:
        detail = f"implements no labourbrand hook: mark its {RULES_HOOK} method with @labourbrand.hookimpl"
        run.fail(PLUGIN_LEVEL, "registration", plugin, detail)


def check_signature(
    run: Run,
    hook: str,
    function: Callable[..., object],
    argnames: tuple[str, ...],
    opts: Mapping[str, object],
) -> None:
    """Check one implementation: the spec's arguments only, no defaults, no wrapper."""
    takes = ", ".join(argnames) if argnames else "none"
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.name not in argnames:
            detail = f"argument {parameter.name!r} is not an argument of the hook, which takes {takes}"
            run.fail(hook, "hook-arguments", function, detail)
        elif parameter.default is not parameter.empty:
            detail = (
                f"argument {parameter.name!r} has a default value; hook "
                "implementations take none (pluggy 1.7 passes defaults, 1.6 ignores them)"
            )
            run.fail(hook, "hook-options", function, detail)
    if opts.get("wrapper") or opts.get("hookwrapper"):
        detail = (
            f"{hook} is declared as a wrapper; the engine calls each plugin's "
            "implementation itself, so mark it with a plain @labourbrand.hookimpl"
        )
        run.fail(hook, "hook-options", function, detail)


# ------------------------------------------------------------------ rules
def check_rules(run: Run, function: Callable[[], object]) -> list[Rule] | None:
    """Call ``labourbrand_rules`` twice: rules each time, and the same ones."""
    run.ran("rules-call", "rules-deterministic")
    first = _call_rules(run, function)
    if first is None:
        return None
    second = _call_rules(run, function)
    if second is None:
        return None
    if len(first) != len(second):
        detail = (
            f"returned {len(first)} rules, then {len(second)} when called again: "
            "return the same rules on every call"
        )
        run.fail(RULES_HOOK, "rules-deterministic", second, detail)
    else:
        for a, b in zip(first, second, strict=True):
            if not same_rule(a, b):
                detail = (
                    f"returned a different {describe(a)} when called again: "
                    "return the same rules on every call"
                )
                run.fail(RULES_HOOK, "rules-deterministic", b, detail)
                break
    run.rules = len(first)
    return first


def _call_rules(run: Run, function: Callable[[], object]) -> list[Rule] | None:
    """The rules one call returns; ``None``, with the failures, if it returned anything else."""
    items, problem = validation.call_rules(function, plugin=run.name)
    if problem is not None:
        value = None if problem.code == "raised" else problem.value
        run.fail(RULES_HOOK, "rules-call", value, problem.what)
        return None
    rules: list[Rule] = []
    for item in items:
        problem = validation.type_problem(item, plugin=run.name)
        if problem is not None:
            run.fail(RULES_HOOK, "rules-call", item, problem.what)
        elif isinstance(item, Rule):
            rules.append(item)
    return None if run.failures else rules


def check_data(
    run: Run, rules: list[Rule], regions: RegionRegistry, pm: pluggy.PluginManager
) -> None:
    """Check each rule as data, then overlaps, then gaps in the declared period."""
    run.ran("jurisdiction", "rule-fields", "formula-kind", "overlap")
    known = validation.jurisdictions(regions)
    sound = [
        rule
        for index, rule in enumerate(rules)
        if _check_rule(run, rule, index, known, regions.province.code)
    ]
    for problem in validation.book_problems((run.name, rule) for rule in sound):
        run.fail(problem.hook, "overlap", problem.value, problem.what)
    period = declared_period(run, pm)
    if period is None:
        return
    run.ran("gap")
    groups: dict[tuple[str, str], list[Rule]] = defaultdict(list)
    for rule in sound:
        groups[rule.measure, rule.jurisdiction].append(rule)
    for (measure, jurisdiction), entries in groups.items():
        # A rule under another jurisdiction of the plugin is an override.
        if not any((measure, p) in groups for p in _parents(regions, jurisdiction)):
            check_gaps(run, sorted(entries, key=lambda r: r.first_day), period)


def _check_rule(
    run: Run, rule: Rule, index: int, known: frozenset[str], province: str
) -> bool:
    """Check one rule (item *index* of what the hook returned) as data; return whether it is sound.

    The checks and their wording are those the policy makes when it is built
    (:mod:`labourbrand.plugins.validation`, the document's
    :meth:`~labourbrand.policy.PolicyDocument.formula_problem`).
    """
    fields = validation.field_problem(rule, plugin=run.name, index=index)
    if fields is not None:
        run.fail(RULES_HOOK, "rule-fields", rule, f"{describe(rule)}: {fields.detail}")
        return False
    problems = len(run.failures)
    where = validation.jurisdiction_problem(
        rule, plugin=run.name, known=known
    ) or validation.province_problem(rule, plugin=run.name, province=province)
    if where is not None:
        run.fail(RULES_HOOK, "jurisdiction", rule, f"{describe(rule)}: {where.detail}")
    kind = kind_problem(rule)
    if kind is not None:
        run.fail(RULES_HOOK, "formula-kind", rule, f"{describe(rule)}: {kind}")
    return len(run.failures) == problems


# ----------------------------------------------------------------- period
def declared_period(run: Run, pm: pluggy.PluginManager) -> Period | None:
    """The period the plugin declares (hook, else deprecated attribute), if any."""
    impl = _own_impl(pm, run.plugin, PERIOD_HOOK)
    if impl is not None:
        run.ran("period")
        try:
            raw: object = impl.function()
        except Exception as exc:  # noqa: BLE001 - any error of the plugin is a finding
            detail = f"raised {type(exc).__name__}: {exc}"
            run.fail(PERIOD_HOOK, "period", None, detail)
            return None
        shown = f"returned {raw!r}, not"
    else:
        raw = getattr(run.plugin, PERIOD_HOOK, None)
        if raw is None:
            return None
        run.ran("period")
        msg = (
            f"{PERIOD_HOOK} as a plugin attribute is deprecated: implement the "
            f"{PERIOD_HOOK} hook instead, a method marked with @labourbrand.hookimpl "
            f"that returns {raw!r}"
        )
        warnings.warn(msg, LabourBrandDeprecationWarning, stacklevel=_caller_level())
        shown = f"{PERIOD_HOOK} = {raw!r} is not"
    if raw is None:
        return None
    try:
        first_raw, last_raw = cast("tuple[object, object]", raw)
        first = as_date(first_raw)  # type: ignore[arg-type]
        last = None if last_raw is None else as_date(last_raw)  # type: ignore[arg-type]
        if last is not None and last < first:
            raise InvalidArgumentError(str(last))
    except (TypeError, ValueError):
        detail = (
            f"{shown} (first_day, last_day) as ISO days in order, with last_day "
            "None for no end"
        )
        run.fail(PERIOD_HOOK, "period", raw, detail)
        return None
    return first, last


def _caller_level() -> int:
    """The ``stacklevel`` of the first caller outside labourbrand, for a warning."""
    frame = inspect.currentframe()
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    del frame
    return level - 1


def check_gaps(run: Run, entries: list[Rule], period: Period) -> None:
    """Report each stretch of *period* that *entries*, sorted by first day, leave uncovered."""
    start, end = period
    within = f"{start} to {end}" if end is not None else f"from {start} with no end"
    rule = entries[0]
    what = f"{rule.measure} rules for {rule.jurisdiction}"
    cursor: pendulum.Date | None = start
    gaps: list[str] = []
    for rule in entries:
        if cursor is None or (end is not None and cursor > end):
            break
        if rule.first_day > cursor:
            last = rule.first_day.subtract(days=1)
            gaps.append(f"{cursor} to {min(last, end) if end is not None else last}")
        if rule.last_day is None:
            cursor = None
        elif rule.last_day >= cursor:
            cursor = rule.last_day.add(days=1)
    if cursor is not None and (end is None or cursor <= end):
        gaps.append(f"{cursor} to {end}" if end is not None else f"{cursor} onwards")
    for gap in gaps:
        detail = (
            f"{what} leave {gap} uncovered, inside the plugin's {PERIOD_HOOK} {within}"
        )
        run.fail(RULES_HOOK, "gap", entries, detail)


# ---------------------------------------------------------------- helpers
def _regions() -> RegionRegistry:
    from labourbrand import regions

    return regions.shaanxi()


def _parents(regions: RegionRegistry, jurisdiction: str) -> tuple[str, ...]:
    """The jurisdictions over *jurisdiction*, without itself."""
    if jurisdiction in regions:
        return regions.jurisdiction_chain(jurisdiction)[1:]
    return (regions.province.code,)


def key(rule: Rule) -> tuple[object, ...]:
    """What identifies *rule* among a plugin's rules."""
    return (rule.measure, rule.jurisdiction, rule.first_day)


def describe(rule: Rule) -> str:
    """*rule* in words: ``rule for 610900 employment_award from 2023-01-01``."""
    measure: object = rule.measure  # not a Measure only with validators disabled
    if isinstance(measure, Measure):
        measure = measure.value
    text = f"rule for {rule.jurisdiction} {measure} from {rule.first_day}"
    return text if rule.last_day is None else f"{text} to {rule.last_day}"


def same_formula(a: object, b: object) -> bool:
    """Equal formulas, counting two functions with the same code and captures as equal."""
    if a == b:
        return True
    if not (isinstance(a, types.FunctionType) and isinstance(b, types.FunctionType)):
        return False
    cells_a = tuple(c.cell_contents for c in a.__closure__ or ())
    cells_b = tuple(c.cell_contents for c in b.__closure__ or ())
    try:
        return bool(
            a.__code__ == b.__code__
            and a.__defaults__ == b.__defaults__
            and cells_a == cells_b
        )
    except Exception:  # noqa: BLE001 - captures that cannot be compared differ
        return False


def same_rule(a: Rule, b: Rule) -> bool:
    """Equal rules, with formulas compared by :func:`same_formula`."""
    fields = [f.name for f in attrs.fields(Rule) if f.name != "formula"]
    return all(getattr(a, f) == getattr(b, f) for f in fields) and same_formula(
        a.formula, b.formula
    )


def kind_problem(rule: Rule) -> str | None:
    """Whether *rule*'s formula is of the kind its measure takes; what is wrong if not.

    The packaged document's :meth:`~labourbrand.policy.PolicyDocument.formula_problem`.
    """
    from labourbrand.policy.documents import packaged_documents

    return packaged_documents()[0].formula_problem(rule)
