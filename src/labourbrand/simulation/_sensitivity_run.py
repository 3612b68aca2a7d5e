"""Which assumptions drive a scenario's figures: :func:`sensitivity` (private).

The model of :func:`~labourbrand.simulation._sensitivity.sensitivity_of` is
the simulation: each design point is one :func:`~labourbrand.simulation.run`
of the scenario with the assumptions of that point and the same seed, so that
every point sees the same random draws (common random numbers) and the
differences between points are the assumptions', not the noise's.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from labourbrand._validators import got, int_at_least
from labourbrand.exceptions import InvalidArgumentError, LabourBrandWarning
from labourbrand.simulation._assumptions import Assumptions
from labourbrand.simulation._run import _progress_bar, run
from labourbrand.simulation._scenario import Scenario
from labourbrand.simulation._sensitivity import (
    Sensitivity,
    analyse,
    check_method,
    check_samples,
    design,
    evaluate,
    real,
)


if TYPE_CHECKING:
    import concurrent.futures

    from labourbrand.simulation._results import Results


__all__ = ["DEFAULT_RUNS", "RANGE", "assumption_ranges", "sensitivity"]

#: Runs per design point by default.
DEFAULT_RUNS: Final = 500
#: The default range of an assumption: its value times these factors (the
#: value ± 50 %), within its plausible range.
RANGE: Final = (0.5, 1.5)
#: The figures any scenario has besides the targets' probabilities.
_TOTALS: Final = ("awards", "money_yuan")

Figure = Callable[["Results"], float]


# --------------------------------------------------------------- ranges
def _field(name: object) -> attrs.Attribute[Any]:
    fields = {a.name: a for a in attrs.fields(Assumptions)}
    if name not in fields:
        where = f"assumptions.{name}"
        msg = f"Expected an assumption among {', '.join(fields)} but got {got('name', name)} @ $.{where}"
        raise InvalidArgumentError(msg, field=where)
    field = fields[str(name)]
    if field.type not in {"float", "int", float, int}:
        where = f"assumptions.{name}"
        msg = (
            f"Expected a numeric assumption but got {name}, a tuple ({field.type}): "
            "shares must sum to one and a tuple has no single range; compare "
            f"scenarios that set it instead @ $.{where}"
        )
        raise InvalidArgumentError(msg, field=where)
    return field


def _is_float(field: attrs.Attribute[Any]) -> bool:
    return field.type in {"float", float}


def _around(field: attrs.Attribute[Any], value: float) -> tuple[float, float]:
    """The value ± 50 %, within the field's plausible range."""
    low, high = field.metadata["plausible"]
    # Twelve significant digits: 0.225, not 0.22499999999999998.
    ends = sorted(float(f"{value * f:.12g}") for f in RANGE)
    return (max(float(low), ends[0]), min(float(high), ends[1]))


def _checked(field: attrs.Attribute[Any], bounds: object) -> tuple[float, float]:
    where = f"assumptions.{field.name}"
    low, high = field.metadata["plausible"]
    pair = tuple(bounds) if isinstance(bounds, tuple | list) else ()
    numbers = [
        float(b)
        for b in pair
        if isinstance(b, int | float) and not isinstance(b, bool) and math.isfinite(b)
    ]
    if len(numbers) != len(pair) or len(numbers) != 2:  # noqa: PLR2004 - a pair
        msg = f"Expected a (low, high) pair of numbers but got {got(where, bounds)}"
        raise InvalidArgumentError(msg, field=where)
    if not low <= numbers[0] < numbers[1] <= high:
        unit = field.metadata["unit"]
        msg = (
            f"Expected low < high within the plausible range, from {low:g} to "
            f"{high:g} {unit}, but got {got(where, bounds)}"
        )
        raise InvalidArgumentError(msg, field=where)
    return numbers[0], numbers[1]


def assumption_ranges(
    assumptions: Collection[str] | Mapping[str, tuple[float, float]] | None,
    *,
    base: Assumptions,
) -> dict[str, tuple[float, float]]:
    """The range of each assumption analysed, as :func:`sensitivity` reads *assumptions*.

    ``None``: every float assumption whose value in *base* is not 0, each
    over its value ± 50 % within its plausible range. Names: those, over the
    same ranges. A mapping: name to ``(low, high)``, within the plausible
    range (or ``None`` for the default range).

    Raises:
        InvalidArgumentError: an unknown or composite name, a range outside
            the plausible one, or a value of 0 with no range given; the field
            is ``assumptions.<name>``.

    Example:
        >>> assumption_ranges(["abandon_probability"], base=Assumptions())
        {'abandon_probability': (0.075, 0.225)}
    """
    if assumptions is None:
        return {
            a.name: _around(a, getattr(base, a.name))
            for a in attrs.fields(Assumptions)
            if _is_float(a) and getattr(base, a.name) != 0
        }
    if isinstance(assumptions, str) or not isinstance(assumptions, Collection):
        msg = f"Expected assumption names or a mapping of names to ranges but got {got('assumptions', assumptions)}"
        raise InvalidArgumentError(msg, field="assumptions")
    given = (
        dict(assumptions)
        if isinstance(assumptions, Mapping)
        else dict.fromkeys(assumptions)
    )
    if not given:
        msg = "Expected at least one assumption but got none"
        raise InvalidArgumentError(msg, field="assumptions")
    out = {}
    for name, bounds in given.items():
        field = _field(name)
        if bounds is not None:
            out[field.name] = _checked(field, bounds)
            continue
        value = getattr(base, field.name)
        if value == 0:
            where = f"assumptions.{field.name}"
            msg = f"Expected a (low, high) range for {field.name}, whose value is 0 (± 50 % of 0 is no range), but got none @ $.{where}"
            raise InvalidArgumentError(msg, field=where)
        out[field.name] = _around(field, value)
    return out


# -------------------------------------------------------------- figures
def _figure(name: str, results: Results) -> float:
    """A named figure of *results* (see :func:`sensitivity`); ``nan`` if not assessed."""
    if name == "awards":
        return float(results.awards.sum(axis=(1, 2)).mean())
    if name == "money_yuan":
        return float(results.money.sum(axis=(1, 2)).mean()) / 100
    if name.startswith("P(") and name.endswith(")"):
        probabilities = results.target_probabilities()
        if name[2:-1] not in probabilities:
            msg = f"Expected a target among {', '.join(probabilities)} but got {name}"
            raise InvalidArgumentError(msg, field="figures")
        return probabilities[name[2:-1]]
    return float(results.series(name)[:, -1].mean())


def _headline(results: Results) -> list[str]:
    """The headline figures: each target assessed, the brands cultivated, the awards and the money."""
    targets = [
        f"P({name})"
        for name, p in results.target_probabilities().items()
        if not math.isnan(p)
    ]
    money = ["money_yuan"] if results.suppliers else []
    return [*targets, "cultivated", "awards", *money]


def _named(figures: object) -> dict[str, str | Figure]:
    """The figures asked for, by name: named figures and callables."""
    if isinstance(figures, Mapping):
        items = list(figures.items())
    elif isinstance(figures, str) or not isinstance(figures, Collection):
        msg = f"Expected figure names, callables or a mapping of names to them but got {got('figures', figures)}"
        raise InvalidArgumentError(msg, field="figures")
    else:
        items = [
            (f, f) if isinstance(f, str) else (getattr(f, "__name__", repr(f)), f)
            for f in figures
        ]
    out: dict[str, str | Figure] = {}
    for i, (name, figure) in enumerate(items):
        where = f"figures[{i}]"
        if not isinstance(name, str) or not (
            isinstance(figure, str) or callable(figure)
        ):
            msg = f"Expected a figure name or a callable Results -> float but got {got(where, figure)}"
            raise InvalidArgumentError(msg, field=where)
        if name in out:
            msg = f"Expected figures with distinct names but got {name!r} twice"
            raise InvalidArgumentError(msg, field=where)
        out[name] = figure
    if not out:
        msg = "Expected at least one figure but got none"
        raise InvalidArgumentError(msg, field="figures")
    return out


def _value(name: str, figure: str | Figure, results: Results) -> float:
    where = f"figures.{name}"
    try:
        value = _figure(figure, results) if isinstance(figure, str) else figure(results)
    except InvalidArgumentError as exc:
        msg = f"Expected a figure of the results but got {name!r}: {exc} @ $.{where}"
        raise InvalidArgumentError(msg, field=where) from exc
    number = real(value)
    if number is None:
        why = (
            " (a target not assessed on the deadline)"
            if isinstance(figure, str) and figure.startswith("P(")
            else ""
        )
        msg = f"Expected a finite number but got {got(where, value)}{why}"
        raise InvalidArgumentError(msg, field=where)
    return number


# ------------------------------------------------------------------ run
class _Model:
    """The simulation as the model: one run of the scenario per design point."""

    def __init__(  # noqa: PLR0913 - the run's options, keyword-only
        self,
        scenario: Scenario,
        figures: Mapping[str, str | Figure] | None,
        *,
        runs: int,
        seed: int,
        executor: concurrent.futures.Executor | str | None,
        bar: Any,  # noqa: ANN401 - a tqdm bar, or None
    ) -> None:
        self.scenario = scenario
        self.figures = figures
        self.runs, self.seed, self.executor, self.bar = runs, seed, executor, bar
        self.integers = {a.name for a in attrs.fields(Assumptions) if not _is_float(a)}
        #: The first warning of each point whose run warned: raised as one at the end.
        self.warned: list[str] = []

    def __call__(self, point: Mapping[str, float]) -> dict[str, float]:
        values = {
            name: round(v) if name in self.integers else v for name, v in point.items()
        }
        scenario = attrs.evolve(
            self.scenario, assumptions=self.scenario.assumptions.with_overrides(values)
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", LabourBrandWarning)
            results = run(
                scenario, runs=self.runs, seed=self.seed, executor=self.executor
            )
        ours = [
            str(w.message) for w in caught if issubclass(w.category, LabourBrandWarning)
        ]
        self.warned += ours[:1]
        for w in caught:
            if not issubclass(w.category, LabourBrandWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if self.figures is None:
            self.figures = {name: name for name in _headline(results)}
        if self.bar is not None:
            self.bar.update(self.runs)
        return {
            name: _value(name, figure, results) for name, figure in self.figures.items()
        }


def sensitivity(  # noqa: PLR0913 - keyword-only options of the analysis
    scenario: Scenario,
    *,
    assumptions: Collection[str] | Mapping[str, tuple[float, float]] | None = None,
    figures: Collection[str | Figure] | Mapping[str, str | Figure] | None = None,
    method: str = "morris",
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    samples: int | None = None,
    executor: concurrent.futures.Executor | str | None = None,
    progress: bool = False,
) -> Sensitivity:
    """Analyse which assumptions drive *scenario*'s figures: a global sensitivity analysis.

    The :class:`~labourbrand.simulation.Assumptions` are varied together
    over their ranges by a design of SALib (extra ``sensitivity``); at each
    point the scenario is :func:`run` with those assumptions, *runs* runs and
    the **same** *seed* (common random numbers: every point sees the same
    random draws, so what differs between points is the assumptions); and
    SALib computes each assumption's indices for each figure.

    The assumptions (*assumptions*):

    - ``None`` (the default): every float assumption (rates, probabilities,
      delays, factors) whose value in the scenario is not 0, each from half
      its value to one and a half times it (± 50 %), within its plausible
      range (:meth:`Assumptions.table`). Left out: the integers (the model's
      bound on candidate slots, the fixed exit delay, the calendar months of
      the batches) and the tuples (shares that sum to one, delays by kind,
      the known batches), which have no single range.
    - names: those, over the same ranges; an integer assumption may be
      named, and is rounded at each point.
    - a mapping of names to ``(low, high)``: those ranges, each within the
      plausible range (``None``: the default range).

    The figures (*figures*), each a mean over the runs of a point:

    - by default the headline figures: ``P(<target>)``, the probability of
      each target assessed on the deadline (``P(target_brands_per_county)``:
      one county, one brand); ``cultivated``, the brands cultivated at the
      horizon; ``awards``, the employment awards over the horizon; and
      ``money_yuan``, their money in yuan, when a plugin rule sets amounts
      (without one they are undetermined, not zero, and left out);
    - or names among those and the metrics of :meth:`Results.series`
      (``in_pool``, ``provincial``, ...; at the horizon), and callables
      ``Results -> float`` (named by their ``__name__``), or a mapping of
      names to either.

    Cost: Morris runs ``samples * (k + 1)`` points, Sobol' ``samples * (k +
    2)``, each of *runs* runs. With the 26 default assumptions, Morris'
    default of 10 trajectories is 270 points of 500 runs: 135,000 runs,
    about a minute on one core; Sobol' with 64 base samples is 1,792
    points, about seven times that. Name fewer assumptions, or fewer runs,
    to go faster.

    Args:
        scenario: the scenario; its assumptions are the centre of the ranges.
        assumptions: the assumptions varied, see above.
        figures: the figures analysed, see above.
        method: ``"morris"`` (elementary effects: a screening that ranks the
            assumptions) or ``"sobol"`` (variance shares).
        runs: Monte Carlo runs per design point (default 500).
        seed: the seed of every run and of the design.
        samples: Morris trajectories (default 10) or Sobol' base samples (a
            power of two, default 64).
        executor: where each point's runs are computed (see :func:`run`).
        progress: show a tqdm progress bar over the runs (extra ``progress``).

    Returns:
        The :class:`Sensitivity`: :meth:`~Sensitivity.rows` the tidy table,
        :meth:`~Sensitivity.ranking` the drivers of a figure.

    Raises:
        InvalidArgumentError: an unknown or composite assumption, a range
            outside the plausible one, an unknown figure, a figure that is no
            finite number (a target not assessed, a callable that returns
            text); the field names it (``assumptions.<name>``,
            ``figures.<name>``). Or a bad method, count or seed.
        LabourBrandError: SALib is not installed (extra ``sensitivity``).

    Example:
        >>> from labourbrand.simulation import Scenario
        >>> s = sensitivity(Scenario("baseline"),
        ...                 assumptions=["discovery_months_first", "exit_proposal_hazard"],
        ...                 figures=["P(target_brands_per_county)"], runs=50, samples=2)
        >>> s.ranking("P(target_brands_per_county)")
        ['discovery_months_first', 'exit_proposal_hazard']

    .. versionadded:: 0.2.0
    """
    began = time.perf_counter()
    given: object = scenario  # checked at run time too
    if not isinstance(given, Scenario):
        msg = f"Expected a Scenario but got {got('scenario', given)}"
        raise InvalidArgumentError(msg, field="scenario")
    ranges = assumption_ranges(assumptions, base=scenario.assumptions)
    asked = None if figures is None else _named(figures)
    method = check_method(method)
    n = check_samples(method, samples)
    int_at_least("runs", runs, minimum=1)
    int_at_least("seed", seed, minimum=0)
    problem, x = design(method, ranges, samples=n, seed=seed)
    bar = _progress_bar(progress, len(x) * runs, f"{scenario.name}: sensitivity")
    model = _Model(scenario, asked, runs=runs, seed=seed, executor=executor, bar=bar)
    try:
        outputs = evaluate(model, ranges, x)
    finally:
        if bar is not None:
            bar.close()
    if model.warned:
        msg = f"{len(model.warned)} of {len(x)} design points warned; the first: {model.warned[0]}"
        warnings.warn(msg, LabourBrandWarning, stacklevel=2)
    return analyse(
        method, problem, x, outputs, ranges=ranges, samples=n, seed=seed,
        began=began, scenario=scenario.name, runs=runs,
    )  # fmt: skip
