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

The same workload is also timed against earlier code, each with a budget of
new / old <= 1.2: the code before the policy redesign (commit ``41879ff``,
the last before measures were declared as data), and the code before the
as-of view (commit ``2ffaabc``, the last before a decision saw only what was
recorded by its day and carried the brand's id and its own). Its ``src`` is extracted with ``git archive`` into a
temporary directory, and this script runs twice more as a worker process
(``--worker``): once with ``PYTHONPATH`` on the old source, once on the
current one, the same interpreter for both. The parent asks the two workers
for a sample in turn, so that drift in machine load hits them alike. Without
the git history (an sdist, a shallow clone) the comparison is skipped with the
reason printed.

Each figure is the minimum over interleaved repeats of ``timeit`` loops sized
by ``Timer.autorange``. Timings never change the exit code.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import timeit
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

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
BUDGET_RATIO_TO_OLD = 1.2
#: The last commit before the policy redesign (measures declared as data).
BEFORE_REDESIGN = "41879ff"
#: The last commit before decisions saw only their day's record (issue 11:
#: the as-of view, brand ids, decision ids).
BEFORE_AS_OF = "2ffaabc"
REPO = Path(__file__).resolve().parent.parent
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


# -------------------------------------------- against the code before the redesign
def worker() -> int:
    """Serve samples of the workload to the parent: one JSON line per request on stdin.

    The first line says which ``labourbrand`` was imported and what it decided;
    each later line is one sample, µs per call of ``evaluate`` and of
    ``employment_award``.
    """
    import labourbrand

    policy = Policy.shaanxi(plugins=[IllustrativeAnkang()], entry_points=False)
    brand = realistic_brand()
    decisions = policy.evaluate(brand, on=ON)
    timers = [
        timeit.Timer(lambda: policy.evaluate(brand, on=ON)),
        timeit.Timer(lambda: policy.employment_award(brand, on=ON)),
    ]
    loops = [timer.autorange()[0] for timer in timers]
    meta = {
        "file": labourbrand.__file__,
        "decisions": [f"{d.measure} {d.outcome.value}" for d in decisions],
    }
    print(json.dumps(meta), flush=True)
    for _ in sys.stdin:
        sample = [t.timeit(k) / k * 1e6 for t, k in zip(timers, loops, strict=True)]
        print(json.dumps(sample), flush=True)
    return 0


def old_source(into: Path, ref: str) -> str | None:
    """Extract the ``src`` of commit *ref* under *into*; the reason if it cannot."""
    git = shutil.which("git")
    if git is None:
        return "git is not installed"
    found = subprocess.run(
        [git, "-C", str(REPO), "cat-file", "-t", ref],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0 or found.stdout.strip() != "commit":
        return f"commit {ref} is not in the git history of {REPO}"
    archive = subprocess.run(
        [git, "-C", str(REPO), "archive", ref, "src"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return f"git archive failed: {archive.stderr.decode(errors='replace').strip()}"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return None


class Worker:
    """This script in ``--worker`` mode, with ``labourbrand`` imported from *src*."""

    def __init__(self, src: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(src)}
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.meta: dict[str, Any] = json.loads(self._line())
        if not Path(self.meta["file"]).resolve().is_relative_to(src.resolve()):
            self.close()
            msg = f"labourbrand was imported from {self.meta['file']}, not from {src}"
            raise RuntimeError(msg)

    def _line(self) -> str:
        stdout: IO[str] | None = self.process.stdout
        assert stdout is not None  # noqa: S101
        line = stdout.readline()
        if not line:
            msg = f"the worker exited with code {self.process.wait()}"
            raise RuntimeError(msg)
        return line

    def sample(self) -> list[float]:
        """One sample: µs per call of each subject."""
        stdin = self.process.stdin
        assert stdin is not None  # noqa: S101
        stdin.write("\n")
        stdin.flush()
        values: list[float] = json.loads(self._line())
        return values

    def close(self) -> None:
        """End the worker (it ends when its stdin closes)."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def against_old(ref: str, label: str) -> dict[str, object]:
    """Time the workload on commit *ref* and the current source, interleaved; the figures."""
    import labourbrand

    with tempfile.TemporaryDirectory(prefix="labourbrand-old-") as tmp:
        reason = old_source(Path(tmp), ref)
        if reason is not None:
            print(f"  against {ref} ({label}): skipped ({reason})")
            return {"skipped": reason}
        current = Path(labourbrand.__file__).resolve().parent.parent
        workers: dict[str, Worker] = {}
        try:
            workers["old"] = Worker(Path(tmp) / "src")
            workers["new"] = Worker(current)
            best = {key: [float("inf")] * 2 for key in workers}
            for i in range(REPEATS):
                order = ["old", "new"] if i % 2 == 0 else ["new", "old"]
                for key in order:
                    sample = workers[key].sample()
                    best[key] = [
                        min(b, s) for b, s in zip(best[key], sample, strict=True)
                    ]
        except RuntimeError as exc:
            print(f"  against {ref} ({label}): skipped ({exc})")
            return {"skipped": str(exc)}
        finally:
            for w in workers.values():
                w.close()
    counts = {key: len(w.meta["decisions"]) for key, w in workers.items()}
    per_decision = {key: best[key][0] / counts[key] for key in workers}
    ratio = per_decision["new"] / per_decision["old"]
    award_ratio = best["new"][1] / best["old"][1]
    same = workers["old"].meta["decisions"] == workers["new"].meta["decisions"]
    verdict = "OK" if ratio <= BUDGET_RATIO_TO_OLD else "OVER BUDGET"
    print(
        f"  against {ref} ({label}), two worker processes, "
        f"{'the same' if same else 'DIFFERENT'} decisions:"
    )
    print(
        f"    {'evaluate, per decision, old -> new':<42} "
        f"{per_decision['old']:6.2f} -> {per_decision['new']:6.2f} µs   "
        f"ratio {ratio:.2f} x (budget <= {BUDGET_RATIO_TO_OLD} x)  {verdict}"
    )
    print(
        f"    {'employment_award alone, old -> new':<42} "
        f"{best['old'][1]:6.2f} -> {best['new'][1]:6.2f} µs   ratio {award_ratio:.2f} x"
    )
    return {
        "commit": ref,
        "same_decisions": same,
        "old_per_decision_us": per_decision["old"],
        "new_per_decision_us": per_decision["new"],
        "ratio": ratio,
        "budget_ratio": BUDGET_RATIO_TO_OLD,
        "within_budget": ratio <= BUDGET_RATIO_TO_OLD,
        "old_award_us": best["old"][1],
        "new_award_us": best["new"][1],
        "award_ratio": award_ratio,
    }


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker()

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
    figures["against_old"] = against_old(BEFORE_REDESIGN, "before the redesign")
    figures["against_before_as_of"] = against_old(BEFORE_AS_OF, "before the as-of view")
    if args.json:
        write_json(args.json, NAME, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
