"""Cost of one brand's decisions, with a city plugin and explanations (budget <= 20 us per decision).

Run with ``python benchmarks/bench_decisions.py [--json PATH]`` (``nox -s bench``).

The brand is the packaged 紫阳修脚师 (紫阳县, 安康市) with a creating unit, a
provincial recognition and 3 workforce observations (illustrative head counts,
including poverty-alleviated and rural low-income workers), so that every
measure reaches its amount step. 安康市 is given an illustrative city plugin
(no published amounts): a per-head employment award, capped, and a per-head
transport subsidy. The policy is compiled for the day (one decision is made
before timing): the budget is about deciding, not about loading.

Two subjects are timed: ``policy.employment_award(brand, on=...)`` alone, and
``policy.evaluate(brand, on=...)``, every decision that needs no facts beyond
the brand, reported per decision. Each decision carries its explanation (steps
in Chinese and English, parameters, clauses, the supplying plugin); rendering
it as text with ``Decision.explain()`` is timed too, for context. The baseline,
timed in the same run, is the award rule as a bare Python function (threshold,
rate times head count, cap): the ratio is the price of the engine and its
explanation.

Each figure is the minimum over interleaved repeats of ``timeit`` loops sized
by ``Timer.autorange``. Timings never change the exit code.
"""

from __future__ import annotations

import sys
import timeit
from typing import TYPE_CHECKING

import attrs
import pendulum
from _common import arg_parser, write_json

from labourbrand import (
    Brand,
    CreatingUnit,
    CreatingUnitKind,
    Fen,
    Recognition,
    RecognitionLevel,
    WorkforceObservation,
    brands,
    hookimpl,
)
from labourbrand.policy import Measure, Outcome, PerHead, Policy, Rule


if TYPE_CHECKING:
    from collections.abc import Callable


NAME = "decisions"
BUDGET_US = 20.0
REPEATS = 7
ON = pendulum.Date(2024, 7, 1)
#: The illustrative rates of the city plugin, in fen.
AWARD_RATE = Fen.from_yuan(400)
AWARD_RULE_CAP = Fen.from_yuan(250_000)
TRANSPORT_RATE = Fen.from_yuan(300)
THRESHOLD = 500
CAP = Fen.from_yuan(300_000).amount


class IllustrativeAnkang:
    """A city plugin for 安康市 with per-head rules (no published amounts)."""

    name = "ankang-illustrative"
    __version__ = "1.0"

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        """Return a per-head award and a per-head transport subsidy for 安康市."""
        return [
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610900",
                first_day="2022-04-29",
                formula=PerHead(
                    rates=[("rural_signed", AWARD_RATE)], cap=AWARD_RULE_CAP
                ),
                reference="illustrative",
                illustrative=True,
            ),
            Rule(
                measure=Measure.TRANSPORT_SUBSIDY,
                jurisdiction="610900",
                first_day="2022-04-29",
                formula=PerHead(
                    rates=[
                        ("poverty_alleviated", TRANSPORT_RATE),
                        ("rural_low_income", TRANSPORT_RATE),
                    ]
                ),
                reference="illustrative",
                illustrative=True,
            ),
        ]


def realistic_brand() -> Brand:
    """Return 紫阳修脚师 with a creating unit, a provincial recognition and 3 observations."""
    day = pendulum.Date
    return attrs.evolve(
        brands.by_name("紫阳修脚师"),
        creating_unit=CreatingUnit(
            name="紫阳县修脚行业协会", kind=CreatingUnitKind.INDUSTRY_ASSOCIATION
        ),
        recognitions=(Recognition(level=RecognitionLevel.PROVINCIAL, year=2023),),
        # Illustrative head counts: no source gives them.
        workforce=tuple(
            WorkforceObservation(
                on=day(year, 6, 30),
                practitioners=1_200 + 150 * i,
                rural=900 + 110 * i,
                rural_signed=620 + 90 * i,
                poverty_alleviated=180 + 10 * i,
                rural_low_income=60 + 5 * i,
            )
            for i, year in enumerate((2022, 2023, 2024))
        ),
    )


def bare_award(signed: int) -> int | None:
    """The award rule without the engine: threshold, rate times head count, both caps."""
    if signed < THRESHOLD:
        return None
    return min(AWARD_RATE.amount * signed, AWARD_RULE_CAP.amount, CAP)


def best_us(*subjects: Callable[[], object]) -> list[float]:
    """Return the best µs per call of each of *subjects*, repeats interleaved."""
    timers = [timeit.Timer(subject) for subject in subjects]
    loops = [timer.autorange()[0] for timer in timers]
    best = [float("inf")] * len(timers)
    for _ in range(REPEATS):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer.timeit(loops[i]) / loops[i] * 1e6)
    return best


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    args = parser.parse_args()

    policy = Policy.shaanxi(plugins=[IllustrativeAnkang()], entry_points=False)
    brand = realistic_brand()
    observation = brand.workforce_on(ON)
    assert observation is not None  # noqa: S101
    signed = observation.rural_signed

    # The subjects do what they claim, once, before they are timed (this also
    # compiles the policy for the day).
    award = policy.employment_award(brand, on=ON)
    assert award.outcome is Outcome.ELIGIBLE  # noqa: S101
    assert award.amount is not None  # noqa: S101
    assert award.amount.amount == bare_award(signed)  # noqa: S101
    assert award.suppliers[0].plugin == IllustrativeAnkang.name  # noqa: S101
    decisions = policy.evaluate(brand, on=ON)
    count = len(decisions)
    assert all(d.steps for d in decisions)  # noqa: S101

    award_us, evaluate_us, explain_us, bare_us = best_us(
        lambda: policy.employment_award(brand, on=ON),
        lambda: policy.evaluate(brand, on=ON),
        lambda: [d.explain() for d in decisions],
        lambda: bare_award(signed),
    )
    per_decision = evaluate_us / count
    outcomes = ", ".join(f"{d.measure} {d.outcome.value}" for d in decisions)
    print(f"bench_decisions: µs per decision, best of interleaved repeats ({outcomes})")
    figures: dict[str, object] = {"decisions": count}
    for label, key, us in (
        ("employment_award alone", "employment_award", award_us),
        (
            f"evaluate: {count} decisions, per decision",
            "evaluate_per_decision",
            per_decision,
        ),
    ):
        verdict = "OK" if us <= BUDGET_US else "OVER BUDGET"
        print(f"  {label:<44} {us:6.2f} µs   (budget <= {BUDGET_US} µs)  {verdict}")
        figures[key] = {
            "us": us,
            "budget_us": BUDGET_US,
            "within_budget": us <= BUDGET_US,
        }
    print(f"  {'  evaluate, the whole call':<44} {evaluate_us:6.2f} µs")
    print(
        f"  {'  explain() as text, per decision':<44} {explain_us / count:6.2f} µs   (context)"
    )
    print(
        f"  {'baseline: the award rule as a bare function':<44} {bare_us:6.2f} µs   "
        f"employment_award is {award_us / bare_us:.0f} x"
    )
    figures["evaluate_us"] = evaluate_us
    figures["explain_per_decision_us"] = explain_us / count
    figures["bare_award_us"] = bare_us
    figures["award_ratio_to_bare"] = award_us / bare_us
    if args.json:
        write_json(args.json, NAME, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
