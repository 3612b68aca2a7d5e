"""The conformance kit's driver: amount rules on generated cases, directly and through the engine (private).

Hypothesis generates brands of a rule's jurisdiction and days of its period,
with the facts the engine needs to reach the amount for the rule's measure;
each case is priced by the rule's formula and by the engine's decision.
"""

from __future__ import annotations

import copy
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Final, final

import attrs
import pendulum
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
from labourbrand.exceptions import PluginError
from labourbrand.money import Fen
from labourbrand.policy import (
    ENTREPRENEURSHIP_MEASURES,
    Measure,
    Policy,
    ShowcaseSelection,
)
from labourbrand.rules import Flat, PerHead, Ratio, Rule
from labourbrand.testing import strategies
from labourbrand.testing._findings import Failure
from labourbrand.testing._static import RULES_HOOK, describe, key


if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from labourbrand.policy import Decision
    from labourbrand.regions import RegionRegistry
    from labourbrand.testing._findings import Run


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


def drive(run: Run, rules: list[Rule], regions: RegionRegistry) -> None:
    """Drive every amount rule with Hypothesis, through its formula and the engine."""
    try:
        policy = Policy.shaanxi(plugins=[run.plugin], entry_points=False)
    except PluginError as exc:
        run.ran("engine")
        run.fail(RULES_HOOK, "engine", None, f"the engine refused the plugin: {exc}")
        return
    amount_rules = [r for r in rules if not isinstance(r.formula, Ratio)]
    if amount_rules:
        run.ran(
            "formula-raises",
            "amount-negative",
            "amount-type",
            "formula-deterministic",
            "formula-pure",
        )
    ours = {(r.measure, r.jurisdiction) for r in rules}
    for rule in amount_rules:
        if rule.measure == Measure.EMPLOYMENT_AWARD:
            run.ran("cap")
        if _decision(policy, rule.measure) is not None:
            run.ran("engine")
        else:
            run.notes.append(
                f"{describe(rule)}: no engine decision reads it; checked through its formula only"
            )
        _drive_rule(run, policy, regions, rule, ours)


def _drive_rule(
    run: Run,
    policy: Policy,
    regions: RegionRegistry,
    rule: Rule,
    ours: set[tuple[str, str]],
) -> None:
    """Drive *rule* on generated cases; record the broken invariants."""
    if run.on is not None:
        if not rule.in_force(run.on):
            run.notes.append(f"{describe(rule)}: not in force on {run.on}, not driven")
            return
        days = st.just(run.on)
    else:
        last = rule.last_day or rule.first_day.add(years=_OPEN_YEARS)
        days = strategies.dates(min_value=rule.first_day, max_value=last)
    chains = {c.code: regions.jurisdiction_chain(c.code) for c in regions.counties()}
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
    edge = _cap_edge(policy, rule, counties[0], run.on or rule.first_day)
    if edge is not None:
        failure = _evaluate(policy, rule, edge)
        if failure is not None:
            found.append(failure)

    @settings(
        max_examples=run.max_examples,
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
        run.examples += 1
        failure = _evaluate(policy, rule, case)
        if failure is not None:
            raise broken(failure.invariant)(failure)

    try:
        run_examples()
    except* _Broken as group:
        seen = {f.invariant for f in found}
        found.extend(
            e.failure for e in leaves(group) if e.failure.invariant not in seen
        )
    run.failures.extend(found)


class _Broken(Exception):  # noqa: N818 - internal signal, never escapes
    """Raised inside a Hypothesis run to report a broken invariant."""

    def __init__(self, failure: Failure) -> None:
        self.failure = failure
        super().__init__(str(failure))


@functools.cache
def broken(invariant: str) -> type[_Broken]:
    """The exception class of *invariant*: one per invariant, so that Hypothesis shrinks each as a distinct bug."""
    return type(f"_Broken_{invariant.replace('-', '_')}", (_Broken,), {})


def leaves(group: BaseExceptionGroup[_Broken]) -> Iterable[_Broken]:
    """The broken invariants in *group*, however deeply nested."""
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield from leaves(exc)
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
    measure: str,
    counties: Sequence[str],
    days: st.SearchStrategy[pendulum.Date],
) -> st.SearchStrategy[_Case]:
    """Inputs on which the engine decides *measure* with a rule's amount."""
    observed = strategies.workforce_observations()
    brands = strategies.brands()
    if measure == Measure.EMPLOYMENT_AWARD:
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
        if measure == Measure.PROVINCIAL_RECOGNITION_AWARD:
            level = RecognitionLevel.PROVINCIAL
            recognitions = (*recognitions, Recognition(level=level, on=day))
        brand = attrs.evolve(
            brand,
            county=county,
            workforce=() if observation is None else (observation,),
            recognitions=recognitions,
        )
        selection = None
        if measure == Measure.SHOWCASE_AWARD:
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
    if rule.measure != Measure.EMPLOYMENT_AWARD or not isinstance(formula, PerHead):
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
    """*obs* with both groups counted, and one more poverty-alleviated (or rural low-income) worker."""
    obs, poor = drawn
    poverty, low_income = obs.poverty_alleviated or 0, obs.rural_low_income or 0
    return attrs.evolve(
        obs,
        practitioners=obs.practitioners + 1,
        rural=obs.rural + 1,
        poverty_alleviated=poverty + poor,
        rural_low_income=low_income + (not poor),
    )


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
    if rule.measure == Measure.EMPLOYMENT_AWARD:
        value = _parameter(policy, "employment_award_cap", case.day)
        cap = value if isinstance(value, Fen) else None
    what, given_ = describe(rule), case.describe()
    clause = Measure.EMPLOYMENT_AWARD.clause
    amount = _amount(rule, case)
    if isinstance(amount, Fen) and cap is not None and amount > cap:
        return _failure(
            case,
            "cap",
            f"{what} gives {amount} for {given_}, above the province's cap of {cap} "
            f"(clause {clause}): the engine would clamp it",
        )
    decide = _decision(policy, rule.measure)
    supplied = policy.rule_for(rule.measure, case.county, case.day)
    if decide is None or supplied is None or key(supplied.rule) != key(rule):
        return None  # no engine decision, or a more specific rule decides here
    try:
        decision = decide(policy, case)
    except Exception as exc:  # noqa: BLE001 - any error of the engine is a finding
        return _failure(
            case,
            "engine",
            f"the engine's {rule.measure} decision with the {what} raised "
            f"{type(exc).__name__}: {exc} for {given_}",
        )
    if cap is not None and decision.amount is not None and decision.amount > cap:
        return _failure(
            case,
            "engine",
            f"the engine's {rule.measure} decision with the {what} gives "
            f"{decision.amount} for {given_}, above the province's cap of {cap} "
            f"(clause {clause})",
        )
    return None


def _failure(case: _Case, invariant: str, detail: str) -> Failure:
    return Failure(
        hook=RULES_HOOK, invariant=invariant, input=repr(case), detail=detail
    )


def _direct(rule: Rule, case: _Case) -> tuple[str, str] | None:
    """The invariant a direct call of the formula breaks, and how; or ``None``."""
    what, given_ = describe(rule), case.describe()
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


def _decision(
    policy: Policy, measure: str
) -> Callable[[Policy, _Case], Decision] | None:
    """The policy's decision of *measure* on a case; ``None`` if no measure of its document is *measure*.

    Reads the measure's declaration: the facts it needs beyond the brand come
    from the case (the founders, the showcase selection, a training base).
    """
    if measure not in {spec.id for spec in policy.document.measures}:
        return None
    needs = policy.measure(measure).needs

    def decide(p: Policy, c: _Case) -> Decision:
        given: dict[str, object] = {
            "founders": c.founders,
            "selection": c.selection,
            "training_base": True,
        }
        facts = {k: given[k] for k in needs}
        return p.decide(measure, c.brand, on=c.day, **facts)  # type: ignore[arg-type]

    return decide
