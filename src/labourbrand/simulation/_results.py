"""The results of a simulation: monthly arrays, tidy tables, summaries, comparisons (private).

Every array has the runs first and then the months (or years), so that
``results.stages[:, m]`` is the distribution over runs of the brands by stage
in month *m*. Counts are integers; money is integer fen (分), never a float,
and an award whose amount the policy delegates to a city without a rule is
counted as *undetermined*, never as zero.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, cast, final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from labourbrand._validators import optional_day_deadline
from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.simulation import _model
from labourbrand.simulation._differences import (
    DEFAULT_LEVEL,
    NOT_ASSESSED,
    differences,
    paired,
)
from labourbrand.simulation._model import I32, I64
from labourbrand.simulation._report import quantiles, report, summary
from labourbrand.simulation._targets import TargetSpec


if TYPE_CHECKING:
    from labourbrand.simulation._scenario import Scenario


__all__ = ["Comparison", "Results", "TargetSpec", "month_index"]

_ACTIVE: Final = np.array([s in _model.CULTIVATED for s in _model.STAGES])
#: Numbers from this size up are shown whole, with thousands separators.
_PLAIN_BELOW: Final = 1e3
#: Tables of :meth:`Results.to_pandas`.
TABLES: Final = (
    "stages",
    "counties",
    "categories",
    "recognitions",
    "awards",
    "money",
    "award_events",
    "targets",
)


def _readonly(value: npt.NDArray[Any]) -> npt.NDArray[Any]:
    value.flags.writeable = False
    return value


@final
@attrs.frozen(kw_only=True, eq=False)
class Results:
    """Brands by stage, county, category and level, awards and money, per run and month.

    Shapes: *R* runs, *M* months (:attr:`days`), *C* county-level units
    (:attr:`counties`), *U* city-level units (:attr:`units`), *Y* years
    (:attr:`years`). A month's counts are those at the end of its day.

    The arrays are read-only. :meth:`to_dict` gives them with their
    coordinates as plain numpy arrays; :meth:`to_pandas` as tidy tables.
    The arrays of a run too large for memory, or given a ``directory``, or
    computed by the default pool of worker processes, are memory maps
    (:class:`numpy.memmap`) of files the run wrote: numpy arrays whose pages
    are read when used.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The arrays may be memory maps.
    """

    #: The scenario's name.
    scenario: str
    #: The seed.
    seed: int
    #: The day each month is counted on (its last day, or the horizon).
    days: tuple[pendulum.Date, ...]
    #: GB/T 2260 codes of the county-level units.
    counties: tuple[str, ...]
    #: Their Chinese names.
    county_names: tuple[str, ...]
    #: The city-level units that set the award amounts (cities, 杨凌示范区, 韩城市).
    units: tuple[str, ...]
    #: Their Chinese names.
    unit_names: tuple[str, ...]
    #: The calendar years of the money arrays.
    years: tuple[int, ...]
    #: ``(R, M, 7)`` brands by lifecycle stage (:class:`~labourbrand.Stage` order);
    #: ``exited`` is cumulative.
    stages: I32 = attrs.field(converter=_readonly)
    #: ``(R, M, C)`` established brands by county, as the targets count
    #: them: exited ones included by default (an exit does not undo a
    #: brand's cultivation), not under the reading
    #: ``exited_brand_targets = "not_counted"``
    #: (:func:`~labourbrand.policy.counted_stages`).
    county_brands: npt.NDArray[np.unsignedinteger[Any]] = attrs.field(
        converter=_readonly
    )
    #: ``(R, M, 4)`` established brands by category, counted as
    #: :attr:`county_brands` (:class:`~labourbrand.Category` order).
    category_brands: I32 = attrs.field(converter=_readonly)
    #: ``(R, M, 4)`` established brands, counted as :attr:`county_brands`,
    #: holding a recognition of each level (county, city, provincial,
    #: national), as the targets count them.
    recognitions: I32 = attrs.field(converter=_readonly)
    #: ``(R, M, U)`` employment awards (clause 4.2) granted, by city-level unit.
    awards: I32 = attrs.field(converter=_readonly)
    #: ``(R, Y, U)`` award money in fen whose amount a rule determined.
    money: I64 = attrs.field(converter=_readonly)
    #: ``(R, Y, U)`` awards granted whose amount is undetermined (delegated to
    #: the city, with no rule): not zero, unknown.
    money_undetermined: I32 = attrs.field(converter=_readonly)
    #: ``(R,)`` counties whose candidate slots all filled within the horizon:
    #: where the model's bound on candidates, not the process, stopped growth.
    out_of_slots: I32 = attrs.field(converter=_readonly)
    #: One row per award: ``run``, ``slot``, ``month``, ``county`` (index),
    #: ``unit`` (index), ``rural_signed``, ``amount`` (fen, -1 if
    #: undetermined), ``capped``.
    award_events: Mapping[str, npt.NDArray[Any]]
    #: The award threshold in force each month (-1: no award decided).
    thresholds: I64 = attrs.field(converter=_readonly)
    #: The targets checked on the deadline.
    targets: tuple[TargetSpec, ...]
    #: ``(R, T)`` each target's simulated value on the deadline (see :meth:`target_values`).
    target_values: I64 = attrs.field(converter=_readonly)
    #: The targets' deadline (``target_deadline``), if any.
    deadline: pendulum.Date | None = attrs.field(converter=optional_day_deadline)
    #: The month of the deadline, or ``None`` if outside the simulated months.
    deadline_month: int | None
    #: The plugin rules that set award amounts (name, version, jurisdiction,
    #: document), in sorted order.
    suppliers: tuple[str, ...]
    #: The fund the money is paid from (就业补助资金).
    fund: str
    #: Seconds the run took, from the scenario to these results.
    elapsed: float
    #: What the scenario changed from the defaults, as the figures' captions
    #: state it: ``parameters`` (name to value, as given), ``parameters_from``
    #: (their first day, or ``None``) and ``assumptions`` (name to value, those
    #: that differ from :class:`~labourbrand.simulation.Assumptions`' defaults);
    #: ``None`` if not recorded.
    #:
    #: .. versionadded:: 0.2.0
    overrides: Mapping[str, Any] | None = None

    # ------------------------------------------------------------ basics
    @property
    def runs(self) -> int:
        """The number of runs."""
        return int(self.stages.shape[0])

    @property
    def months(self) -> int:
        """The number of months."""
        return len(self.days)

    @property
    def cultivated(self) -> I32:
        """``(R, M)`` brands cultivated: established and not exited (the reported count)."""
        # Stage by stage, so that no copy of the stages is made (they may be
        # a memory map of a million runs).
        out: I32 = np.zeros(self.stages.shape[:2], np.int32)
        for stage in np.flatnonzero(_ACTIVE):
            out += self.stages[:, :, stage]
        return out

    @property
    def amounts_determined(self) -> bool:
        """Whether any award had an amount (a plugin rule set one)."""
        return bool((self.award_events["amount"] >= 0).any())

    def month(self, when: DayLike | int) -> int:
        """Return the index of a month: ``"2025-12"``, a day in it, or an index.

        A day is any form :func:`~labourbrand.dates.as_date` takes; a datetime
        is refused.

        Raises:
            InvalidArgumentError: the month is not simulated.

        Example:
            >>> from labourbrand.simulation import Scenario, run
            >>> run(Scenario("baseline"), runs=2).month("2025-12")
            44
        """
        return month_index(self, when, name="when")

    def series(self, metric: str = "cultivated") -> npt.NDArray[np.integer[Any]]:
        """Return a ``(R, M)`` monthly series by name.

        *metric* is ``"cultivated"``, ``"awards"``, a stage (``"in_pool"``), a
        recognition level (``"provincial"``) or a category (``"service"``).

        Raises:
            InvalidArgumentError: an unknown metric.
        """
        if metric == "cultivated":
            return self.cultivated
        if metric == "awards":
            awards: I32 = self.awards.sum(axis=2, dtype=np.int32)
            return awards
        for names, array in (
            ([s.value for s in _model.STAGES], self.stages),
            ([level.value for level in _model.LEVELS], self.recognitions),
            ([c.value for c in _model.CATEGORIES], self.category_brands),
        ):
            if metric in names:
                return array[:, :, names.index(metric)]
        known = ["cultivated", "awards", *(s.value for s in _model.STAGES)]
        known += [level.value for level in _model.LEVELS]
        known += [c.value for c in _model.CATEGORIES]
        msg = f"Expected a metric among {', '.join(known)} but got metric={metric!r}"
        raise InvalidArgumentError(msg, field="metric")

    def interval(
        self,
        metric: str = "cultivated",
        *,
        month: DayLike | int | None = None,
        level: float = 0.9,
    ) -> tuple[float, float]:
        """Return the central *level* interval over runs of *metric* in *month*.

        *month* defaults to the deadline's month, else the last one.

        Example:
            >>> from labourbrand.simulation import Scenario, run
            >>> low, high = run(Scenario("baseline"), runs=50).interval(month="2025-12")
            >>> low <= high
            True
        """
        if not 0 < level < 1:
            msg = f"Expected a level between 0 and 1 but got level={level!r}"
            raise InvalidArgumentError(msg, field="level")
        m = (
            self._default_month()
            if month is None
            else month_index(self, month, name="month")
        )
        values = self.series(metric)[:, m].astype(np.float64)
        low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
        return float(low), float(high)

    def _default_month(self) -> int:
        return (
            self.deadline_month if self.deadline_month is not None else self.months - 1
        )

    # ----------------------------------------------------------- targets
    def target_probabilities(self) -> dict[str, float]:
        """Return, for each target, the share of runs that meet it on the deadline.

        NaN for a target not in force on the deadline, or when the deadline is
        outside the simulated months (a horizon before 2025-12-31).

        Example:
            >>> from labourbrand.simulation import Scenario, run
            >>> p = run(Scenario("baseline"), runs=50).target_probabilities()
            >>> 0 <= p["target_brands_total"] <= 1
            True
        """
        out = {}
        for i, spec in enumerate(self.targets):
            if spec.required is None or self.deadline_month is None:
                out[spec.name] = math.nan
            else:
                out[spec.name] = float(
                    (self.target_values[:, i] >= spec.required).mean()
                )
        return out

    # ----------------------------------------------------------- summary
    def summary(self) -> list[dict[str, object]]:
        """Return the key figures: mean, 5 %, 50 % and 95 % over runs.

        Brands cultivated, in the pool, provincial and national at the
        deadline's month (else the last), awards and money over the whole
        horizon, and each target's probability.
        """
        return summary(self)

    def report(self, scenario: Scenario) -> dict[str, Any]:
        """Return everything ``labourbrand simulate`` reports, as JSON-ready data.

        The keys are ``scenario`` (name, dates, the parameters and
        assumptions it changes, the readings it chooses (``interpretations``)
        and its ``rule_files``), ``runs``, ``seed``, ``deadline``,
        ``targets_assessed``, ``employment_award`` (threshold and cap on the
        deadline, or the last day), ``targets`` (each one's probability, mean
        and 90 % interval), ``counties`` (the county-level units without a
        brand), ``awards`` (per year, and awards and money by city-level unit
        and year; money in fen, with the awards whose amount is undetermined)
        and ``calibration`` (the reported figures the model is calibrated to).
        Means and quantiles are over runs, rounded.

        Args:
            scenario: the scenario these results were run from; it gives the
                parameters and assumptions changed and the region names.

        Raises:
            InvalidArgumentError: *scenario* is not the one run (another name
                or horizon).

        Example:
            >>> import json
            >>> from labourbrand.simulation import Scenario, run
            >>> reform = Scenario("threshold 300", parameters={"employment_award_threshold": 300})
            >>> data = run(reform, runs=20).report(reform)
            >>> data["scenario"]["parameters"], data["employment_award"]["threshold"]
            ({'employment_award_threshold': 300}, 300)
            >>> data["awards"]["amounts_set_by"], len(json.dumps(data)) > 0
            ('市级财政、人社部门', True)

        .. versionadded:: 0.2.0
        """
        return report(self, scenario)

    def __repr__(self) -> str:
        low, high = self.interval()
        m = self._default_month()
        return (
            f"<Results {self.scenario!r}: {self.runs} runs, {self.months} months "
            f"{self.days[0].isoformat()[:7]}..{self.days[-1].isoformat()[:7]}; "
            f"cultivated brands in {self.days[m].isoformat()[:7]}: 90 % in [{low:g}, {high:g}]>"
        )

    def _repr_html_(self) -> str:
        rows = self.summary()
        body = "".join(
            "<tr><td>{}</td><td>{}</td>{}</tr>".format(
                html.escape(str(r["metric"])),
                html.escape(str(r["when"])),
                "".join(
                    f"<td>{_fmt(r.get(k))}</td>" for k in ("mean", "p05", "p50", "p95")
                ),
            )
            for r in rows
        )
        money_note = (
            "amounts from: " + "; ".join(self.suppliers)
            if self.suppliers
            else "award amounts undetermined: delegated to the cities (no plugin rule)"
        )
        return (
            f"<table class='labourbrand-simulation'><caption>{html.escape(self.scenario)} · "
            f"{self.runs} runs · seed {self.seed}</caption>"
            "<tr><th>metric</th><th>when</th><th>mean</th><th>5 %</th><th>50 %</th><th>95 %</th></tr>"
            f"{body}</table><small>{html.escape(money_note)}</small>"
        )

    # ----------------------------------------------------------- exports
    def to_dict(self) -> dict[str, npt.NDArray[Any]]:
        """Return every array with its coordinates, as plain numpy arrays (no pandas).

        Coordinates: ``month`` (``datetime64[D]``, the day counted),
        ``stage``, ``county``, ``county_zh``, ``unit``, ``unit_zh``,
        ``category``, ``level``, ``year``, ``target``, ``target_required``
        (-1 where not in force). Data: ``stages``, ``county_brands``,
        ``category_brands``, ``recognitions``, ``awards``, ``money_fen``,
        ``money_undetermined``, ``target_values``, ``out_of_slots``, and the award events as
        ``award_<column>``.
        """
        out: dict[str, npt.NDArray[Any]] = {
            "month": np.array([d.isoformat() for d in self.days], "datetime64[D]"),
            "stage": np.array([s.value for s in _model.STAGES]),
            "county": np.array(self.counties),
            "county_zh": np.array(self.county_names),
            "unit": np.array(self.units),
            "unit_zh": np.array(self.unit_names),
            "category": np.array([c.value for c in _model.CATEGORIES]),
            "level": np.array([level.value for level in _model.LEVELS]),
            "year": np.array(self.years, np.int64),
            "target": np.array([t.name for t in self.targets]),
            "target_required": np.array(
                [-1 if t.required is None else t.required for t in self.targets],
                np.int64,
            ),
            "stages": self.stages,
            "county_brands": self.county_brands,
            "category_brands": self.category_brands,
            "recognitions": self.recognitions,
            "awards": self.awards,
            "money_fen": self.money,
            "money_undetermined": self.money_undetermined,
            "target_values": self.target_values,
            "out_of_slots": self.out_of_slots,
        }
        out.update({f"award_{k}": v for k, v in self.award_events.items()})
        return out

    def to_pandas(self, table: str = "stages") -> Any:  # noqa: ANN401 - pandas is optional
        """Return one tidy table as a :class:`pandas.DataFrame` (extra ``sim``).

        Tables (one row per ...):

        - ``"stages"``: run, month, stage → brands;
        - ``"counties"``: run, month, county (code, name, city-level unit) →
          brands established, as the targets count them (exited ones
          included unless the reading of ``exited_brand_targets`` is
          ``not_counted``; R x M x 107 rows: large for many runs);
        - ``"categories"``: run, month, category → brands established, as
          the targets count them;
        - ``"recognitions"``: run, month, level → brands holding it;
        - ``"awards"``: run, month, city-level unit → awards granted;
        - ``"money"``: run, year, city-level unit, fund → ``amount_fen`` (only
          determined amounts), ``awards_undetermined``;
        - ``"award_events"``: one row per award, the amount missing (``<NA>``)
          where undetermined;
        - ``"targets"``: run, target → value, required, met.

        Months are :class:`pandas.Period` values (``2025-12``).

        Raises:
            InvalidArgumentError: an unknown table.
        """
        import pandas as pd

        if table not in TABLES:
            msg = f"Expected a table among {', '.join(TABLES)} but got table={table!r}"
            raise InvalidArgumentError(msg, field="table")
        months = pd.PeriodIndex([d.isoformat()[:7] for d in self.days], freq="M")
        wide = {
            "stages": (
                self.stages,
                "stage",
                [v.value for v in _model.STAGES],
                "brands",
            ),
            "categories": (
                self.category_brands,
                "category",
                [v.value for v in _model.CATEGORIES],
                "brands",
            ),
            "recognitions": (
                self.recognitions,
                "level",
                [v.value for v in _model.LEVELS],
                "brands",
            ),
            "awards": (self.awards, "unit", list(self.units), "awards"),
            "counties": (self.county_brands, "county", list(self.counties), "brands"),
        }
        if table in wide:
            array, key, labels, value = wide[table]
            frame = _long(pd, array, months, key=key, labels=labels, value=value)
            if table == "counties":
                names = dict(zip(self.counties, self.county_names, strict=True))
                frame.insert(
                    3, "county_zh", frame["county"].map(names).astype("category")
                )
            return frame
        if table == "money":
            runs, years, units = self.money.shape
            return pd.DataFrame(
                {
                    "run": np.repeat(np.arange(runs), years * units),
                    "year": np.tile(np.repeat(np.array(self.years), units), runs),
                    "unit": pd.Categorical(np.tile(np.array(self.units), runs * years)),
                    "unit_zh": pd.Categorical(
                        np.tile(np.array(self.unit_names), runs * years)
                    ),
                    "fund": self.fund,
                    "amount_fen": self.money.ravel(),
                    "awards_undetermined": self.money_undetermined.ravel(),
                }
            )
        if table == "award_events":
            e = self.award_events
            return pd.DataFrame(
                {
                    "run": e["run"],
                    "slot": e["slot"],
                    "month": months[e["month"]],
                    "county": pd.Categorical(np.array(self.counties)[e["county"]]),
                    "unit": pd.Categorical(np.array(self.units)[e["unit"]]),
                    "rural_signed": e["rural_signed"],
                    "amount_fen": pd.arrays.IntegerArray(e["amount"], e["amount"] < 0),
                    "capped": e["capped"],
                    "fund": self.fund,
                }
            )
        runs, n = self.target_values.shape
        required = np.array(
            [-1 if t.required is None else t.required for t in self.targets]
        )
        values = self.target_values.ravel()
        req = np.tile(required, runs)
        return pd.DataFrame(
            {
                "run": np.repeat(np.arange(runs), n),
                "target": pd.Categorical(
                    np.tile(np.array([t.name for t in self.targets]), runs)
                ),
                "value": values,
                "required": pd.arrays.IntegerArray(req, req < 0),
                "met": pd.arrays.BooleanArray(values >= req, req < 0),
            }
        )


def month_index(results: Results, when: DayLike | int, *, name: str) -> int:
    """The index of a month of *results*: ``"2025-12"``, a day in it, or an index.

    Refusals name the argument *name* (``when``, ``month``).
    """
    if isinstance(when, int) and not isinstance(when, bool):
        if not 0 <= when < results.months:
            msg = f"Expected a month index between 0 and {results.months - 1} but got {name}={when!r}"
            raise InvalidArgumentError(msg, field=name)
        return when
    label = when if isinstance(when, str) else None
    if label is not None and len(label) == len("2025-12"):
        key = label
    else:
        # A bool is no index: as_date refuses it, with the others.
        key = as_date(cast("DayLike", when), name=name).isoformat()[:7]
    for m, day in enumerate(results.days):
        if day.isoformat()[:7] == key:
            return m
    first, last = results.days[0].isoformat()[:7], results.days[-1].isoformat()[:7]
    msg = f"Expected a month from {first} to {last} but got {name}={when!r}"
    raise InvalidArgumentError(msg, field=name)


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else f"{value:,.3g}"
            if abs(value) < _PLAIN_BELOW
            else f"{value:,.0f}"
        )
    return html.escape(str(value))


def _long(  # noqa: PLR0913 - the parts of one long table, keyword-only
    pd: Any,  # noqa: ANN401 - the pandas module
    array: npt.NDArray[Any],
    months: Any,  # noqa: ANN401 - a pandas PeriodIndex
    *,
    key: str,
    labels: list[str],
    value: str,
) -> Any:  # noqa: ANN401 - a pandas DataFrame
    runs, n_months, n_keys = array.shape
    return pd.DataFrame(
        {
            "run": np.repeat(np.arange(runs), n_months * n_keys),
            "month": np.tile(np.repeat(months, n_keys), runs),
            key: pd.Categorical.from_codes(
                np.tile(np.arange(n_keys), runs * n_months), labels
            ),
            value: array.ravel(),
        }
    )


@final
@attrs.frozen(kw_only=True, eq=False)
class Comparison:
    """Several scenarios run with the same seed, against a baseline.

    Iterating gives the :class:`Results`, baseline first.

    .. versionadded:: 0.1.0
    """

    #: The baseline's results.
    baseline: Results
    #: The other scenarios' results, in the order given.
    scenarios: tuple[Results, ...]

    def __iter__(self) -> Iterator[Results]:
        yield self.baseline
        yield from self.scenarios

    def __getitem__(self, name: str) -> Results:
        for results in self:
            if results.scenario == name:
                return results
        msg = f"Expected a scenario among {[r.scenario for r in self]} but got name={name!r}"
        raise InvalidArgumentError(msg, field="name")

    def summary(self) -> list[dict[str, object]]:
        """Return per scenario and metric the mean, and the mean paired difference to the baseline.

        The differences are paired by run: with common random numbers they
        measure the scenario's effect, not the runs' noise. Each row also
        has the difference's Monte Carlo standard error (``mcse``), its 95 %
        interval (``low``, ``high``) and ``verdict``, as
        :meth:`differences` computes them; for results of another number of
        runs than the baseline's, these are NaN (and the verdict
        ``"not assessed"``).

        .. versionchanged:: 0.2.0
           The keys ``mcse``, ``low``, ``high`` and ``verdict``.
        """
        base = _metrics(self.baseline)
        rows: list[dict[str, object]] = []
        for results in self:
            values = _metrics(results)
            for metric, v in values.items():
                b = base[metric]
                q = quantiles(v)
                unpaired = dict.fromkeys(
                    ("difference", "mcse", "low", "high"), math.nan
                )
                rows.append(
                    {
                        "scenario": results.scenario,
                        "metric": metric,
                        "mean": q["mean"],
                        "p05": q["p05"],
                        "p95": q["p95"],
                        **(
                            paired(v, b)
                            if len(v) == len(b)
                            else unpaired | {"verdict": NOT_ASSESSED}
                        ),
                    }
                )
        return rows

    def differences(self, *, level: float = DEFAULT_LEVEL) -> list[dict[str, Any]]:
        """Return each scenario's paired differences to the baseline, with their uncertainty.

        One row per scenario (the baseline first, against itself) and
        figure, the figures of :meth:`summary`: the brands ``cultivated``,
        ``in_pool`` and ``provincial`` in the deadline's month (else the
        last), the ``awards``, ``awards_undetermined`` and ``money_yuan``
        (determined amounts) over the horizon, and ``met:<target>``, each
        target met (1) or not (0) on the deadline, whose mean is the
        target's probability. The keys:

        - ``scenario``, ``metric``, ``runs``, ``level``;
        - ``baseline_mean`` and ``mean``: the figure's mean over runs in
          the baseline and in the scenario;
        - ``difference``: the mean of the differences run by run (runs with
          the same seed share their draws, so the pairs differ by the
          scenario, not by chance);
        - ``mcse``: the Monte Carlo standard error of that mean, the
          standard deviation of the paired differences over the square root
          of the runs;
        - ``low``, ``high``: the interval ``difference ± z · mcse``, with
          *z* the normal quantile of *level* (1.96 at 0.95);
        - ``verdict``: ``"distinguishable"`` when the interval excludes 0,
          ``"not distinguishable"`` when it includes it (at this number of
          runs the difference may be noise: more runs narrow the interval
          as one over their square root), ``"identical"`` when the
          difference is 0 in every run, ``"not assessed"`` when the figure
          is undefined (a target whose deadline is outside the horizon).

        The interval is the normal approximation of the mean over runs; it
        describes the Monte Carlo noise *given* the model and its
        assumptions, not the uncertainty of the assumptions themselves.
        For a probability near 0 or 1 over few runs it is rough: use a few
        hundred runs or more.

        Args:
            level: the confidence level of the intervals, between 0 and 1.

        Raises:
            InvalidArgumentError: a bad *level*, or results of another
                number of runs than the baseline's (they cannot be paired).

        Example:
            >>> from labourbrand.simulation import Scenario, compare
            >>> reform = Scenario("threshold 300", parameters={"employment_award_threshold": 300})
            >>> c = compare(Scenario("baseline"), reform, runs=100, seed=1)
            >>> rows = {(r["scenario"], r["metric"]): r for r in c.differences()}
            >>> rows["baseline", "awards"]["verdict"]
            'identical'
            >>> awards = rows["threshold 300", "awards"]
            >>> awards["low"] < awards["difference"] < awards["high"], awards["verdict"]
            (True, 'distinguishable')

        .. versionadded:: 0.2.0
        """
        return differences(
            {results.scenario: _metrics(results) for results in self},
            self.baseline.scenario,
            level=level,
        )

    def target_probabilities(self) -> dict[str, dict[str, float]]:
        """Return each scenario's target probabilities."""
        return {r.scenario: r.target_probabilities() for r in self}

    def to_pandas(
        self,
        table: str = "summary",
        *,
        level: float = DEFAULT_LEVEL,
    ) -> Any:  # noqa: ANN401 - pandas is optional
        """Return :meth:`summary` or :meth:`differences` as a :class:`pandas.DataFrame`.

        Args:
            table: ``"summary"`` or ``"differences"``.
            level: the confidence level of the differences' intervals.

        Raises:
            InvalidArgumentError: an unknown table.

        .. versionchanged:: 0.2.0
           *table* and *level*.
        """
        import pandas as pd

        if table == "summary":
            return pd.DataFrame(self.summary())
        if table == "differences":
            return pd.DataFrame(self.differences(level=level))
        msg = f"Expected a table among summary, differences but got table={table!r}"
        raise InvalidArgumentError(msg, field="table")

    def _repr_html_(self) -> str:
        rows = self.summary()
        body = "".join(
            f"<tr><td>{html.escape(str(r['scenario']))}</td><td>{html.escape(str(r['metric']))}</td>"
            f"<td>{_fmt(r['mean'])}</td><td>{_fmt(r['p05'])}</td><td>{_fmt(r['p95'])}</td>"
            f"<td>{_fmt(r['difference'])}</td></tr>"
            for r in rows
        )
        return (
            "<table class='labourbrand-comparison'><caption>scenarios against "
            f"{html.escape(self.baseline.scenario)}</caption><tr><th>scenario</th><th>metric</th>"
            "<th>mean</th><th>5 %</th><th>95 %</th><th>difference (paired)</th></tr>"
            f"{body}</table>"
        )


def _metrics(results: Results) -> dict[str, npt.NDArray[np.float64]]:
    """Per-run figures a comparison reports."""
    m = results._default_month()  # noqa: SLF001 - same module family
    out = {
        "cultivated": results.cultivated[:, m].astype(np.float64),
        "in_pool": results.series("in_pool")[:, m].astype(np.float64),
        "provincial": results.series("provincial")[:, m].astype(np.float64),
        "awards": results.awards.sum(axis=(1, 2)).astype(np.float64),
        "awards_undetermined": results.money_undetermined.sum(axis=(1, 2)).astype(
            np.float64
        ),
        "money_yuan": results.money.sum(axis=(1, 2)).astype(np.float64) / 100,
    }
    for name, p in results.target_probabilities().items():
        i = [t.name for t in results.targets].index(name)
        spec = results.targets[i]
        met = (
            results.target_values[:, i] >= spec.required
            if spec.required is not None and results.deadline_month is not None
            else np.full(results.runs, np.nan)
        )
        out[f"met:{name}"] = np.asarray(met, np.float64)
        del p
    return out
