"""The conformance kit: check a plugin against the province's invariants.

A city puts one call, :func:`check_plugin`, in its own test suite. It
registers the plugin alone (with the province's baseline), reads its rules,
checks them as data, then drives every amount rule with Hypothesis, through
its formula and through the real engine, in the spirit of Hypothesis'
``run_conformance_test`` for backend providers.

A plugin may declare the period its rules must cover without gaps, as a class
(or module) attribute of ISO days; the last may be ``None`` for no end.
Here is a plugin with one flat award for 安康市 (the amount is illustrative:
no source gives it), checked the way its test would check it:

>>> from labourbrand import Fen, hookimpl
>>> from labourbrand.policy import Flat, Measure, Rule
>>> from labourbrand.testing import check_plugin
>>> class Ankang:
...     labourbrand_period = ("2023-01-01", None)
...     @hookimpl
...     def labourbrand_rules(self):
...         return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
...                      first_day="2023-01-01", formula=Flat(Fen.from_yuan(100_000)),
...                      reference="illustrative: no published amount",
...                      illustrative=True)]
>>> print(check_plugin(Ankang(), max_examples=5))
plugin 'Ankang': 1 rules, 20 invariants, 5 examples

In a city's test suite that is one test, ``def test_conforms():
check_plugin(Ankang())``; a broken invariant raises
:exc:`ConformanceError` with one line per failure.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import copy
import difflib
import functools
import inspect
import types
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, cast, final

import attrs
import pendulum
import pluggy
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

from labourbrand._model import (
    Authority,
    Brand,
    Recognition,
    RecognitionLevel,
    Stage,
    WorkforceObservation,
)
from labourbrand.dates import as_date
from labourbrand.exceptions import InvalidArgumentError, LabourBrandError, PluginError
from labourbrand.money import Fen
from labourbrand.plugins import hookspecs
from labourbrand.plugins._manager import _name_of, get_plugin_manager
from labourbrand.policy import (
    ENTREPRENEURSHIP_MEASURES,
    HEAD_COUNTS,
    Flat,
    Measure,
    PerHead,
    Policy,
    Ratio,
    Rule,
    ShowcaseSelection,
)
from labourbrand.testing import strategies


if TYPE_CHECKING:
    from labourbrand.policy import Decision
    from labourbrand.regions import RegionRegistry


__all__ = [
    "INVARIANTS",
    "ConformanceError",
    "ConformanceReport",
    "Failure",
    "check_plugin",
]

#: Every invariant the kit checks: its code (:attr:`Failure.invariant`) and
#: what it means, in the order the kit checks them.
INVARIANTS: Final[Mapping[str, str]] = {
    "registration": "the plugin registers with pluggy and implements a labourbrand hook",
    "hook-name": "every hook implementation names a labourbrand hook",
    "hook-marked": "every labourbrand_* method is marked with @labourbrand.hookimpl",
    "hook-arguments": "every hook argument name is an argument of the hook's spec",
    "hook-options": "hook implementations are plain: no default arguments, no wrappers",
    "rules-call": "labourbrand_rules returns an iterable of Rule values without raising",
    "rules-deterministic": "labourbrand_rules returns the same rules on every call",
    "jurisdiction": "every rule's jurisdiction is in the region registry",
    "rule-fields": "every rule is well formed: a Measure, amounts in Fen, a Ratio in (0, 1]",
    "formula-kind": "a Ratio for exit_job_fall only, an amount formula for every other measure",
    "overlap": "rules of one measure and jurisdiction do not overlap",
    "period": "labourbrand_period, if declared, is (first_day, last_day)",
    "gap": "rules cover the declared labourbrand_period without gaps",
    "formula-raises": "formulas do not raise",
    "amount-negative": "amounts are never negative",
    "amount-type": "amounts are Fen or None",
    "formula-deterministic": "formulas give the same amount for the same input",
    "formula-pure": "formulas do not change their input",
    "cap": "employment awards are at most the province's cap before the engine caps them",
    "engine": "the engine decides with the plugin's rules without error, within the cap",
}

_HOOK: Final = "labourbrand_rules"
_PLUGIN_LEVEL: Final = "labourbrand"
#: How far an open-ended rule is driven past its first day.
_OPEN_YEARS: Final = 10
#: Measures the engine decides only with a head count on the day.
_NEEDS_HEAD_COUNT: Final = frozenset(
    {
        Measure.EMPLOYMENT_AWARD,
        Measure.TRANSPORT_SUBSIDY,
        Measure.SOCIAL_INSURANCE_SUBSIDY,
    }
)
_SELECTOR: Final = {
    RecognitionLevel.NATIONAL: Authority.MOHRSS,
    RecognitionLevel.PROVINCIAL: Authority.PROVINCIAL_HRSS,
}


@final
@attrs.frozen(kw_only=True)
class Failure:
    """One invariant a plugin broke, with the input that shows it.

    ``str(failure)`` is one line in plain words, starting with the hook.

    .. versionadded:: 0.1.0
    """

    #: The hook (or plugin attribute) at fault, e.g. ``"labourbrand_rules"``.
    hook: str
    #: The code of the broken invariant, a key of :data:`INVARIANTS`.
    invariant: str
    #: The ``repr`` of the input that breaks it (the smallest Hypothesis found).
    input: str
    #: What is wrong, in plain words.
    detail: str

    def __str__(self) -> str:
        return f"{self.hook}: {self.detail}"


@final
@attrs.frozen(kw_only=True)
class ConformanceReport:
    """What :func:`check_plugin` checked.

    .. versionadded:: 0.1.0
    """

    #: The plugin's name.
    plugin: str
    #: The invariants checked, in plain words (values of :data:`INVARIANTS`).
    checks: tuple[str, ...]
    #: How many rules the plugin supplied.
    rules: int
    #: How many generated examples the amount rules were driven with.
    examples: int
    #: Findings that are not failures, e.g. a rule no engine decision reads.
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return (
            f"plugin {self.plugin!r}: {self.rules} rules, {len(self.checks)} "
            f"invariants, {self.examples} examples"
        )


class ConformanceError(LabourBrandError, AssertionError):
    """A plugin broke the province's invariants; the message has one line per failure.

    Also an :class:`AssertionError`, so test runners report it as a failed test.

    Attributes:
        failures: what is wrong, one :class:`Failure` per broken invariant.
        report: what was checked before the failures were raised.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, failures: Iterable[Failure], *, report: ConformanceReport
    ) -> None:
        self.failures: tuple[Failure, ...] = tuple(failures)
        self.report = report
        super().__init__("\n".join(str(f) for f in self.failures))


def check_plugin(
    plugin: object,
    *,
    name: str | None = None,
    on: pendulum.Date | None = None,
    max_examples: int = 50,
) -> ConformanceReport:
    """Check *plugin* against the province's invariants; raise on the first broken ones.

    The plugin is registered alone, with the province's baseline and no
    installed plugin. The kit checks, in order (:data:`INVARIANTS`):

    - that it registers: every hook it implements exists, is marked with
      :data:`~labourbrand.hookimpl` and takes only the spec's arguments;
    - that ``labourbrand_rules`` returns :class:`~labourbrand.policy.Rule`
      values without raising, and the same ones when called again;
    - each rule as data: its jurisdiction is in the region registry, its
      formula is well formed and of the kind its measure takes, rules of one
      measure and jurisdiction do not overlap, and they leave no gap in the
      plugin's ``labourbrand_period`` if it declares one;
    - then, with Hypothesis, every amount rule on generated brands of its
      jurisdiction and days of its period, directly and through the engine's
      decision for its measure: the amount is a :class:`~labourbrand.Fen` or
      ``None``, never negative, the same for the same input, the input is
      left unchanged, and an employment award is at most the province's cap
      (``employment_award_cap``) even before the engine caps it.

    The examples are the same on every run (derandomised, no database), so a
    plugin that conforms keeps conforming; raise *max_examples* to search more.

    Args:
        plugin: the plugin object, as it would be passed to
            :meth:`Policy.shaanxi <labourbrand.policy.Policy.shaanxi>`.
        name: the name to report; by default the plugin's ``name`` attribute,
            ``__name__`` or class name, as the engine names it.
        on: drive only the rules in force on this day, on this day; by
            default every rule on days of its own period.
        max_examples: examples per amount rule.

    Returns:
        What was checked, if every invariant holds.

    Raises:
        ConformanceError: an invariant is broken; one line per failure.
        InvalidArgumentError: *name*, *on* or *max_examples* is invalid.

    .. versionadded:: 0.1.0
    """
    shown: object = name  # callers may pass anything at run time
    if shown is not None and (not isinstance(shown, str) or not shown):
        msg = f"Expected a non-empty str but got name={shown!r} (type={type(shown).__name__})"
        raise InvalidArgumentError(msg, field="name")
    if type(max_examples) is not int or max_examples < 1:
        msg = f"Expected an int >= 1 but got max_examples={max_examples!r} (type={type(max_examples).__name__})"
        raise InvalidArgumentError(msg, field="max_examples")
    day = None if on is None else as_date(on)
    run = _Run(
        plugin=plugin,
        name=name if name is not None else _name_of(plugin),
        on=day,
        max_examples=max_examples,
    )
    run.check()
    report = run.report()
    if run.failures:
        raise ConformanceError(run.failures, report=report)
    return report


# ------------------------------------------------------------------ the run
@attrs.define
class _Run:
    """One conformance run: the failures, checks and notes found so far."""

    plugin: object
    name: str
    on: pendulum.Date | None
    max_examples: int
    failures: list[Failure] = attrs.Factory(list)
    checks: list[str] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)
    rules: int = 0
    examples: int = 0

    def report(self) -> ConformanceReport:
        return ConformanceReport(
            plugin=self.name,
            checks=tuple(INVARIANTS[c] for c in self.checks),
            rules=self.rules,
            examples=self.examples,
            notes=tuple(self.notes),
        )

    def fail(self, hook: str, invariant: str, value: object, detail: str) -> None:
        self.failures.append(
            Failure(hook=hook, invariant=invariant, input=repr(value), detail=detail)
        )

    def ran(self, *invariants: str) -> None:
        self.checks.extend(i for i in invariants if i not in self.checks)

    def check(self) -> None:
        self.ran("registration", "hook-name", "hook-marked", "hook-arguments")
        self.ran("hook-options")
        self.check_hooks()
        if self.failures:
            return
        try:
            pm = get_plugin_manager(plugins=[self.plugin], entry_points=False)
        except PluginError as exc:
            text = " ".join(str(exc).split())
            self.fail(exc.hook or _PLUGIN_LEVEL, "registration", self.plugin, text)
            return
        if not pm.is_registered(self.plugin):
            detail = (
                "was not registered, so it supplies nothing: is its name "
                f"{_name_of(self.plugin)!r} blocked (LABOURBRAND_PLUGINS_BLOCK)?"
            )
            self.fail(_PLUGIN_LEVEL, "registration", self.plugin, detail)
            return
        impls = [
            impl
            for impl in pm.hook.labourbrand_rules.get_hookimpls()
            if impl.plugin is self.plugin
        ]
        if not impls:
            self.notes.append(f"implements no {_HOOK}: no rules to check")
            return
        rules = self.check_rules(impls[0].function)
        if rules is None or self.failures:
            return
        regions = _regions()
        self.check_data(rules, regions)
        if self.failures:
            return
        self.drive(rules, regions)

    # ------------------------------------------------------------- hooks
    def check_hooks(self) -> None:
        plugin = self.plugin
        if inspect.isclass(plugin):
            detail = (
                f"{plugin.__name__} is a class: pass an instance, {plugin.__name__}()"
            )
            self.fail(_PLUGIN_LEVEL, "registration", plugin, detail)
            return
        pm = pluggy.PluginManager("labourbrand")
        pm.add_hookspecs(hookspecs)
        specs = {
            hook: caller.spec.argnames
            for hook, caller in vars(pm.hook).items()
            if isinstance(caller, pluggy.HookCaller) and caller.spec is not None
        }
        implemented = 0
        for attribute in sorted(dir(plugin)):
            function = getattr(plugin, attribute, None)
            if not inspect.isroutine(function):
                continue
            opts = pm.parse_hookimpl_opts(plugin, attribute)
            if opts is None:
                if attribute.startswith("labourbrand_"):
                    detail = (
                        f"{attribute} is not marked with @labourbrand.hookimpl, "
                        "so it is never called"
                    )
                    self.fail(attribute, "hook-marked", function, detail)
                continue
            implemented += 1
            if attribute not in specs:
                if not opts.get("optionalhook"):
                    close = difflib.get_close_matches(attribute, specs, n=1)
                    hint = f" (did you mean {close[0]}?)" if close else ""
                    detail = f"hook {attribute} is not a labourbrand hook{hint}"
                    self.fail(attribute, "hook-name", function, detail)
                continue
            self.check_signature(attribute, function, specs[attribute], opts)
        if implemented == 0 and not self.failures:
            detail = f"implements no labourbrand hook: mark its {_HOOK} method with @labourbrand.hookimpl"
            self.fail(_PLUGIN_LEVEL, "registration", plugin, detail)

    def check_signature(
        self,
        hook: str,
        function: Callable[..., object],
        argnames: tuple[str, ...],
        opts: Mapping[str, object],
    ) -> None:
        takes = ", ".join(argnames) if argnames else "none"
        for parameter in inspect.signature(function).parameters.values():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.name not in argnames:
                detail = f"argument {parameter.name!r} is not an argument of the hook, which takes {takes}"
                self.fail(hook, "hook-arguments", function, detail)
            elif parameter.default is not parameter.empty:
                detail = (
                    f"argument {parameter.name!r} has a default value; hook "
                    "implementations take none (pluggy 1.7 passes defaults, 1.6 ignores them)"
                )
                self.fail(hook, "hook-options", function, detail)
        if opts.get("wrapper") or opts.get("hookwrapper"):
            detail = (
                f"{hook} is declared as a wrapper; the engine calls each plugin's "
                "implementation itself, so mark it with a plain @labourbrand.hookimpl"
            )
            self.fail(hook, "hook-options", function, detail)

    # ------------------------------------------------------------- rules
    def check_rules(self, function: Callable[[], object]) -> list[Rule] | None:
        self.ran("rules-call", "rules-deterministic")
        first = self.call_rules(function)
        if first is None:
            return None
        second = self.call_rules(function)
        if second is None:
            return None
        if len(first) != len(second):
            detail = (
                f"returned {len(first)} rules, then {len(second)} when called again: "
                "return the same rules on every call"
            )
            self.fail(_HOOK, "rules-deterministic", second, detail)
        else:
            for a, b in zip(first, second, strict=True):
                if not _same_rule(a, b):
                    detail = (
                        f"returned a different {_describe(a)} when called again: "
                        "return the same rules on every call"
                    )
                    self.fail(_HOOK, "rules-deterministic", b, detail)
                    break
        self.rules = len(first)
        return first

    def call_rules(self, function: Callable[[], object]) -> list[Rule] | None:
        try:
            raw = function()
            result = list(raw) if isinstance(raw, Iterable) else None
        except Exception as exc:  # noqa: BLE001 - any error of the plugin is a finding
            self.fail(_HOOK, "rules-call", None, f"raised {type(exc).__name__}: {exc}")
            return None
        if result is None:
            detail = f"returned {raw!r} (type={type(raw).__name__}), not an iterable of labourbrand.policy.Rule values"
            self.fail(_HOOK, "rules-call", raw, detail)
            return None
        rules: list[Rule] = []
        for item in result:
            if isinstance(item, Rule):
                rules.append(item)
            else:
                detail = f"returned {item!r} (type={type(item).__name__}) among its rules, not a labourbrand.policy.Rule"
                self.fail(_HOOK, "rules-call", item, detail)
        return None if self.failures else rules

    def check_data(self, rules: list[Rule], regions: RegionRegistry) -> None:
        self.ran("jurisdiction", "rule-fields", "formula-kind", "overlap")
        known = _jurisdictions(regions)
        groups: dict[tuple[Measure, str], list[Rule]] = defaultdict(list)
        for rule in rules:
            if self.check_rule(rule, known):
                groups[rule.measure, rule.jurisdiction].append(rule)
        for entries in groups.values():
            entries.sort(key=lambda r: r.first_day)
            self.check_overlaps(entries)
        period = self.declared_period()
        if period is not None:
            self.ran("gap")
            for (measure, jurisdiction), entries in groups.items():
                # A rule under another jurisdiction of the plugin is an override.
                parents = _parents(regions, jurisdiction)
                if not any((measure, p) in groups for p in parents):
                    self.check_gaps(entries, period)

    def check_rule(self, rule: Rule, known: frozenset[str]) -> bool:
        """Check one rule as data; return whether it is sound."""
        problems = len(self.failures)
        if rule.jurisdiction not in known:
            detail = (
                f"{_describe(rule)}: jurisdiction {rule.jurisdiction!r} is not in the "
                "region registry (a GB/T 2260 code such as '610900' or a "
                "city-level zone key such as 'yangling')"
            )
            self.fail(_HOOK, "jurisdiction", rule, detail)
        fields = _field_problem(rule)
        kind = _kind_problem(rule) if fields is None else None
        if fields is not None:
            self.fail(_HOOK, "rule-fields", rule, f"{_describe(rule)}: {fields}")
        elif kind is not None:
            self.fail(_HOOK, "formula-kind", rule, f"{_describe(rule)}: {kind}")
        return len(self.failures) == problems

    def check_overlaps(self, entries: list[Rule]) -> None:
        latest = entries[0]
        for rule in entries[1:]:
            if latest.last_day is None or latest.last_day >= rule.first_day:
                detail = (
                    f"{rule.measure.value} rules for {rule.jurisdiction} overlap: "
                    f"{_span(latest)} and {_span(rule)}"
                )
                self.fail(_HOOK, "overlap", (latest, rule), detail)
            if latest.last_day is not None and (
                rule.last_day is None or rule.last_day > latest.last_day
            ):
                latest = rule

    def declared_period(
        self,
    ) -> tuple[pendulum.Date, pendulum.Date | None] | None:
        raw: object = getattr(self.plugin, "labourbrand_period", None)
        if raw is None:
            return None
        self.ran("period")
        try:
            first_raw, last_raw = cast("tuple[object, object]", raw)
            first = as_date(first_raw)  # type: ignore[arg-type]
            last = None if last_raw is None else as_date(last_raw)  # type: ignore[arg-type]
            if last is not None and last < first:
                raise InvalidArgumentError(str(last))
        except (TypeError, ValueError):
            detail = (
                f"labourbrand_period = {raw!r} is not (first_day, last_day) as ISO days "
                "in order, with last_day None for no end"
            )
            self.fail("labourbrand_period", "period", raw, detail)
            return None
        return first, last

    def check_gaps(
        self, entries: list[Rule], period: tuple[pendulum.Date, pendulum.Date | None]
    ) -> None:
        start, end = period
        within = f"{start} to {end}" if end is not None else f"from {start} with no end"
        rule = entries[0]
        what = f"{rule.measure.value} rules for {rule.jurisdiction}"
        cursor: pendulum.Date | None = start
        gaps: list[str] = []
        for rule in entries:
            if cursor is None or (end is not None and cursor > end):
                break
            if rule.first_day > cursor:
                last = rule.first_day.subtract(days=1)
                gaps.append(
                    f"{cursor} to {min(last, end) if end is not None else last}"
                )
            if rule.last_day is None:
                cursor = None
            elif rule.last_day >= cursor:
                cursor = rule.last_day.add(days=1)
        if cursor is not None and (end is None or cursor <= end):
            gaps.append(
                f"{cursor} to {end}" if end is not None else f"{cursor} onwards"
            )
        for gap in gaps:
            detail = f"{what} leave {gap} uncovered, inside the plugin's labourbrand_period {within}"
            self.fail(_HOOK, "gap", entries, detail)

    # ------------------------------------------------------------- drive
    def drive(self, rules: list[Rule], regions: RegionRegistry) -> None:
        try:
            policy = Policy.shaanxi(plugins=[self.plugin], entry_points=False)
        except PluginError as exc:
            self.ran("engine")
            self.fail(_HOOK, "engine", None, f"the engine refused the plugin: {exc}")
            return
        amount_rules = [r for r in rules if not isinstance(r.formula, Ratio)]
        if amount_rules:
            self.ran(
                "formula-raises",
                "amount-negative",
                "amount-type",
                "formula-deterministic",
                "formula-pure",
            )
        ours = {(r.measure, r.jurisdiction) for r in rules}
        for rule in amount_rules:
            if rule.measure is Measure.EMPLOYMENT_AWARD:
                self.ran("cap")
            if rule.measure in _ENGINE:
                self.ran("engine")
            else:
                self.notes.append(
                    f"{_describe(rule)}: no engine decision reads it; checked through its formula only"
                )
            self.drive_rule(policy, regions, rule, ours)

    def drive_rule(
        self,
        policy: Policy,
        regions: RegionRegistry,
        rule: Rule,
        ours: set[tuple[Measure, str]],
    ) -> None:
        if self.on is not None:
            if not rule.in_force(self.on):
                self.notes.append(
                    f"{_describe(rule)}: not in force on {self.on}, not driven"
                )
                return
            days = st.just(self.on)
        else:
            last = rule.last_day or rule.first_day.add(years=_OPEN_YEARS)
            days = strategies.dates(min_value=rule.first_day, max_value=last)
        chains = {
            c.code: regions.jurisdiction_chain(c.code) for c in regions.counties()
        }
        inside = [code for code, chain in chains.items() if rule.jurisdiction in chain]
        # Prefer counties where no more specific rule of the plugin takes over.
        counties = [
            code
            for code in inside
            if not any(
                (rule.measure, j) in ours
                for j in chains[code][: chains[code].index(rule.jurisdiction)]
            )
        ] or inside
        cases = _cases(policy, rule.measure, counties, days)
        found: list[Failure] = []
        # A per-head rate with no cap of its own passes the province's cap at a
        # head count the rule itself tells: check that brand first, so that the
        # finding never depends on how large the brands Hypothesis draws are.
        edge = _cap_edge(policy, rule, counties[0], self.on or rule.first_day)
        if edge is not None:
            failure = _evaluate(policy, rule, edge)
            if failure is not None:
                found.append(failure)

        @settings(
            max_examples=self.max_examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=(Phase.generate, Phase.shrink),
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=True,
            verbosity=Verbosity.quiet,
        )
        @given(cases)
        def run_examples(case: _Case) -> None:
            self.examples += 1
            failure = _evaluate(policy, rule, case)
            if failure is not None:
                raise _BROKEN[failure.invariant](failure)

        try:
            run_examples()
        except* _Broken as group:
            seen = {f.invariant for f in found}
            found.extend(
                e.failure for e in _leaves(group) if e.failure.invariant not in seen
            )
        self.failures.extend(found)


# ------------------------------------------------------------ evaluation
class _Broken(Exception):  # noqa: N818 - internal signal, never escapes
    """Raised inside a Hypothesis run to report a broken invariant."""

    def __init__(self, failure: Failure) -> None:
        self.failure = failure
        super().__init__(str(failure))


# One class per invariant, so that Hypothesis shrinks each as a distinct bug.
_BROKEN: Final[Mapping[str, type[_Broken]]] = {
    invariant: type(f"_Broken_{invariant.replace('-', '_')}", (_Broken,), {})
    for invariant in INVARIANTS
}


def _leaves(group: BaseExceptionGroup[_Broken]) -> Iterable[_Broken]:
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield from _leaves(exc)
        else:
            yield exc


@final
@attrs.frozen(kw_only=True)
class _Case:
    """One generated input of a rule: a brand, a day, and the facts its measure needs."""

    brand: Brand
    county: str
    day: pendulum.Date
    observation: WorkforceObservation | None
    selection: ShowcaseSelection | None = None
    founders: int | None = None

    def describe(self) -> str:
        where = f"brand {self.brand.name_zh!r} of {self.county} on {self.day}"
        obs = self.observation
        if obs is None:
            return f"{where} with no head count"
        counts = (
            f"{obs.practitioners:,} practitioners, {obs.rural:,} rural workers "
            f"({obs.rural_signed:,} with signed agreements)"
        )
        if obs.poverty_alleviated:
            counts += f", {obs.poverty_alleviated:,} poverty-alleviated"
        if obs.rural_low_income:
            counts += f", {obs.rural_low_income:,} rural low-income"
        return f"{where} with {counts}"


def _parameter(policy: Policy, name: str, day: pendulum.Date) -> object:
    entry = policy.parameters.at(day).get(name)
    return None if entry is None else entry.value


def _cases(
    policy: Policy,
    measure: Measure,
    counties: Sequence[str],
    days: st.SearchStrategy[pendulum.Date],
) -> st.SearchStrategy[_Case]:
    """Inputs on which the engine decides *measure* with a rule's amount."""
    observed = strategies.workforce_observations()
    brands = strategies.brands()
    if measure is Measure.EMPLOYMENT_AWARD:
        # Eligible on every day: at least the highest threshold the parameters set.
        entries = policy.parameters["employment_award_threshold"].values
        least = max((e.value for e in entries if type(e.value) is int), default=0)
        observed = observed.map(functools.partial(_more_signed, least))
        brands = brands.filter(lambda b: b.stage is not Stage.EXITED)
    elif measure in _NEEDS_HEAD_COUNT:
        observed = st.tuples(observed, st.booleans()).map(_with_poor)
    observations = observed if measure in _NEEDS_HEAD_COUNT else st.none() | observed
    places = st.sampled_from(counties)
    levels = st.sampled_from(sorted(_SELECTOR))
    founders = st.integers(1, 1_000)

    @st.composite
    def cases(draw: st.DrawFn) -> _Case:
        day = draw(days)
        county = draw(places)
        observation = draw(observations)
        if observation is not None:
            observation = attrs.evolve(observation, on=day)
        brand = draw(brands)
        recognitions = brand.recognitions
        if measure is Measure.PROVINCIAL_RECOGNITION_AWARD:
            level = RecognitionLevel.PROVINCIAL
            recognitions = (*recognitions, Recognition(level=level, on=day))
        brand = attrs.evolve(
            brand,
            county=county,
            workforce=() if observation is None else (observation,),
            recognitions=recognitions,
        )
        selection = None
        if measure is Measure.SHOWCASE_AWARD:
            level = draw(levels)
            selection = ShowcaseSelection(
                level=level, selected_by=_SELECTOR[level], event="展示交流活动", on=day
            )
        return _Case(
            brand=brand,
            county=county,
            day=day,
            observation=observation,
            selection=selection,
            founders=draw(founders) if measure in ENTREPRENEURSHIP_MEASURES else None,
        )

    return cases()


def _cap_edge(
    policy: Policy, rule: Rule, county: str, day: pendulum.Date
) -> _Case | None:
    """The smallest brand on which a per-head employment-award rule passes the cap.

    ``None`` unless the rule is a :class:`~labourbrand.policy.PerHead` of the
    employment award whose own cap (if any) is above the province's.
    """
    formula = rule.formula
    if rule.measure is not Measure.EMPLOYMENT_AWARD or not isinstance(formula, PerHead):
        return None
    entry = policy.parameters["employment_award_cap"].entry_at(day)
    cap, per_head = entry.value, sum(rate.amount for _, rate in formula.rates)
    if per_head == 0 or not isinstance(cap, Fen):
        return None
    if formula.cap is not None and formula.cap <= cap:
        return None
    threshold = policy.parameters["employment_award_threshold"].value_at(day)
    heads = max(cap.amount // per_head + 1, threshold if type(threshold) is int else 0)
    counted = {name for name, _ in formula.rates}
    observation = WorkforceObservation(
        on=day,
        practitioners=heads,
        rural=heads,
        rural_signed=heads,
        poverty_alleviated=heads if "poverty_alleviated" in counted else 0,
        rural_low_income=heads if "rural_low_income" in counted else 0,
        trained=heads if "trained" in counted else None,
    )
    brand = Brand(name_zh="0", county=county, workforce=(observation,))
    return _Case(brand=brand, county=county, day=day, observation=observation)


def _more_signed(least: int, obs: WorkforceObservation) -> WorkforceObservation:
    """*obs* with *least* more rural workers with signed agreements (so nesting holds)."""
    return attrs.evolve(
        obs,
        practitioners=obs.practitioners + least,
        rural=obs.rural + least,
        rural_signed=obs.rural_signed + least,
    )


def _with_poor(drawn: tuple[WorkforceObservation, bool]) -> WorkforceObservation:
    """*obs* with one more poverty-alleviated (or rural low-income) worker."""
    obs, poor = drawn
    more = attrs.evolve(obs, practitioners=obs.practitioners + 1, rural=obs.rural + 1)
    if poor:
        return attrs.evolve(more, poverty_alleviated=obs.poverty_alleviated + 1)
    return attrs.evolve(more, rural_low_income=obs.rural_low_income + 1)


def _amount(rule: Rule, case: _Case) -> object:
    formula = rule.formula
    if isinstance(formula, Flat | PerHead):
        return formula.amount_for(case.observation)
    return formula(case.brand, case.observation, case.day)  # type: ignore[operator]


def _show(value: object) -> str:
    return str(value) if isinstance(value, Fen) else repr(value)


def _evaluate(policy: Policy, rule: Rule, case: _Case) -> Failure | None:
    """Return the first invariant *rule* breaks on *case*, or ``None``."""
    found = _direct(rule, case)
    if found is not None:
        return _failure(case, *found)
    cap = None
    if rule.measure is Measure.EMPLOYMENT_AWARD:
        value = _parameter(policy, "employment_award_cap", case.day)
        cap = value if isinstance(value, Fen) else None
    what, given_ = _describe(rule), case.describe()
    clause = Measure.EMPLOYMENT_AWARD.clause
    amount = _amount(rule, case)
    if isinstance(amount, Fen) and cap is not None and amount > cap:
        return _failure(
            case,
            "cap",
            f"{what} gives {amount} for {given_}, above the province's cap of {cap} "
            f"(clause {clause}): the engine would clamp it",
        )
    decide = _ENGINE.get(rule.measure)
    supplied = policy.rule_for(rule.measure, case.county, case.day)
    if decide is None or supplied is None or _key(supplied.rule) != _key(rule):
        return None  # no engine decision, or a more specific rule decides here
    try:
        decision = decide(policy, case)
    except Exception as exc:  # noqa: BLE001 - any error of the engine is a finding
        return _failure(
            case,
            "engine",
            f"the engine's {rule.measure.value} decision with the {what} raised "
            f"{type(exc).__name__}: {exc} for {given_}",
        )
    if cap is not None and decision.amount is not None and decision.amount > cap:
        return _failure(
            case,
            "engine",
            f"the engine's {rule.measure.value} decision with the {what} gives "
            f"{decision.amount} for {given_}, above the province's cap of {cap} "
            f"(clause {clause})",
        )
    return None


def _failure(case: _Case, invariant: str, detail: str) -> Failure:
    return Failure(hook=_HOOK, invariant=invariant, input=repr(case), detail=detail)


def _direct(rule: Rule, case: _Case) -> tuple[str, str] | None:
    """The invariant a direct call of the formula breaks, and how; or ``None``."""
    what, given_ = _describe(rule), case.describe()
    before = copy.deepcopy((case.brand, case.observation))
    try:
        first = _amount(rule, case)
    except Exception as exc:  # noqa: BLE001 - any error of the plugin is a finding
        return (
            "formula-raises",
            f"{what} raised {type(exc).__name__}: {exc} for {given_}",
        )
    if first is not None and not isinstance(first, Fen):
        if isinstance(first, int | float | Decimal) and first < 0:
            detail = (
                f"{what} gives {first!r}, a negative amount, for {given_}: "
                "amounts are Fen, never negative"
            )
            return "amount-negative", detail
        detail = (
            f"{what} gives {first!r} (type={type(first).__name__}) for {given_}: "
            "amounts are labourbrand.Fen or None"
        )
        return "amount-type", detail
    try:
        second = _amount(rule, case)
    except Exception as exc:  # noqa: BLE001 - any error of the plugin is a finding
        second = f"{type(exc).__name__}: {exc}"
    if second != first:
        detail = (
            f"{what} gives {_show(first)}, then {_show(second)} for the same "
            f"{given_}: a formula must depend only on its arguments"
        )
        return "formula-deterministic", detail
    if (case.brand, case.observation) != before:
        return (
            "formula-pure",
            f"{what} changes its input, {given_}: a formula must not modify its arguments",
        )
    return None


def _entrepreneurship(measure: Measure) -> Callable[[Policy, _Case], Decision]:
    index = ENTREPRENEURSHIP_MEASURES.index(measure)

    def decide(policy: Policy, case: _Case) -> Decision:
        decisions = policy.entrepreneurship_supports(
            case.brand, on=case.day, founders=case.founders
        )
        return decisions[index]

    return decide


#: The engine's decision for each measure a rule may set an amount for.
_ENGINE: Final[Mapping[Measure, Callable[[Policy, _Case], Decision]]] = {
    Measure.EMPLOYMENT_AWARD: lambda p, c: p.employment_award(c.brand, on=c.day),
    Measure.PROVINCIAL_RECOGNITION_AWARD: lambda p, c: p.provincial_recognition_award(
        c.brand, on=c.day
    ),
    Measure.SHOWCASE_AWARD: lambda p, c: p.showcase_award(
        c.brand, on=c.day, selection=c.selection
    ),
    Measure.TRANSPORT_SUBSIDY: lambda p, c: p.transport_subsidy(c.brand, on=c.day),
    Measure.SOCIAL_INSURANCE_SUBSIDY: lambda p, c: p.social_insurance_subsidy(
        c.brand, on=c.day
    ),
    Measure.TRAINING_SUBSIDY: lambda p, c: p.training_subsidy(c.brand, on=c.day),
    Measure.HIGH_SKILL_BASE_GRANT: lambda p, c: p.high_skill_base_grant(
        c.brand, on=c.day, training_base=True
    ),
    **{m: _entrepreneurship(m) for m in ENTREPRENEURSHIP_MEASURES},
}


# --------------------------------------------------------------- helpers
def _regions() -> RegionRegistry:
    from labourbrand import regions

    return regions.shaanxi()


def _jurisdictions(regions: RegionRegistry) -> frozenset[str]:
    """Region codes and city-level zone keys, as the engine accepts them."""
    return frozenset(
        {r.code for r in regions} | {z.key for z in regions.zones() if z.city_level}
    )


def _parents(regions: RegionRegistry, jurisdiction: str) -> tuple[str, ...]:
    """The jurisdictions over *jurisdiction*, without itself."""
    if jurisdiction in regions:
        return regions.jurisdiction_chain(jurisdiction)[1:]
    return (regions.province.code,)


def _key(rule: Rule) -> tuple[object, ...]:
    return (rule.measure, rule.jurisdiction, rule.first_day)


def _describe(rule: Rule) -> str:
    measure: object = rule.measure  # not a Measure only with validators disabled
    if isinstance(measure, Measure):
        measure = measure.value
    text = f"rule for {rule.jurisdiction} {measure} from {rule.first_day}"
    return text if rule.last_day is None else f"{text} to {rule.last_day}"


def _span(rule: Rule) -> str:
    if rule.last_day is None:
        return f"the rule from {rule.first_day} with no end"
    return f"the rule from {rule.first_day} to {rule.last_day}"


def _same_formula(a: object, b: object) -> bool:
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


def _same_rule(a: Rule, b: Rule) -> bool:
    fields = [f.name for f in attrs.fields(Rule) if f.name != "formula"]
    return all(getattr(a, f) == getattr(b, f) for f in fields) and _same_formula(
        a.formula, b.formula
    )


def _field_problem(rule: Rule) -> str | None:
    """What is malformed in *rule* (possible only with attrs validators disabled)."""
    measure: object = rule.measure
    if not isinstance(measure, Measure):
        return f"measure {measure!r} is not a labourbrand.policy.Measure"
    formula: object = rule.formula
    if isinstance(formula, Flat):
        return _not_fen("Flat amount", formula.amount)
    if isinstance(formula, PerHead):
        return _per_head_problem(formula)
    if isinstance(formula, Ratio):
        return _ratio_problem(formula)
    if callable(formula):
        return None
    return f"formula {formula!r} (type={type(formula).__name__}) is not Flat, PerHead, Ratio or a callable"


def _ratio_problem(formula: Ratio) -> str | None:
    value: object = formula.value
    if isinstance(value, Decimal) and value.is_finite() and 0 < value <= 1:
        return None
    return f"Ratio {value!r} is not a Decimal in (0, 1]"


def _not_fen(what: str, value: object) -> str | None:
    if isinstance(value, Fen):
        return None
    return f"{what} {value!r} (type={type(value).__name__}) is not a Fen"


def _per_head_problem(formula: PerHead) -> str | None:
    rates: tuple[object, ...] = formula.rates
    for pair in rates:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2  # noqa: PLR2004
            and pair[0] in HEAD_COUNTS
            and isinstance(pair[1], Fen)
        ):
            return (
                f"PerHead rate {pair!r} is not a (head count, Fen) pair; the head "
                f"counts are {', '.join(sorted(HEAD_COUNTS))}"
            )
    return None if formula.cap is None else _not_fen("PerHead cap", formula.cap)


def _kind_problem(rule: Rule) -> str | None:
    ratio = isinstance(rule.formula, Ratio)
    if rule.measure is Measure.EXIT_JOB_FALL and not ratio:
        return (
            "exit_job_fall takes a Ratio (the share of jobs lost that counts as a "
            f"marked fall), not {type(rule.formula).__name__}"
        )
    if rule.measure is not Measure.EXIT_JOB_FALL and ratio:
        return f"a Ratio is not an amount; {rule.measure.value} takes Flat, PerHead or a callable"
    return None
