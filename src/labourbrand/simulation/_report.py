"""What a simulation reports, as data: the summary and the full report of a run (private).

:meth:`Results.summary` gives the key figures as rows;
:meth:`Results.report` gives everything ``labourbrand simulate`` reports, as
JSON-ready data: the scenario and what it changes, the targets' probabilities,
the county-level units without a brand, the employment awards and their money
by city-level unit and year, and the calibration. Both take their statistics
over runs from :func:`quantiles`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final, cast

import attrs
import numpy as np

from labourbrand import brands, regions
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen
from labourbrand.policy import DELEGATED_TO, Measure
from labourbrand.policy.parameters import load_parameters
from labourbrand.simulation._assumptions import Assumptions


if TYPE_CHECKING:
    import numpy.typing as npt

    from labourbrand.policy.parameters import ParameterSet
    from labourbrand.simulation._results import Results
    from labourbrand.simulation._scenario import Scenario


__all__ = ["overrides", "quantiles", "report", "summary"]

#: The quantiles over runs: the 90 % interval and the median.
_QUANTILES: Final = (0.05, 0.5, 0.95)
#: Counties listed as "most at risk" besides those likely to have no brand.
_AT_RISK: Final = 5
#: The share of runs from which a county counts as likely to have no brand.
LIKELY: Final = 0.5


def quantiles(values: npt.NDArray[Any]) -> dict[str, float]:
    """Return the mean and the 5 %, 50 % and 95 % quantiles of *values* over runs.

    Example:
        >>> import numpy as np
        >>> quantiles(np.arange(101))
        {'mean': 50.0, 'p05': 5.0, 'p50': 50.0, 'p95': 95.0}
    """
    q = np.quantile(values.astype(np.float64), _QUANTILES)
    return {
        "mean": float(values.mean()),
        "p05": float(q[0]),
        "p50": float(q[1]),
        "p95": float(q[2]),
    }


def _interval(values: npt.NDArray[Any]) -> dict[str, float]:
    """The mean and the 90 % interval, rounded for a report."""
    q = quantiles(values)
    return {k: round(q[k], 2) for k in ("mean", "p05", "p95")}


# ----------------------------------------------------------------- summary
def summary(results: Results) -> list[dict[str, object]]:
    """The rows of :meth:`Results.summary`."""
    m = results._default_month()  # noqa: SLF001 - the results' own default
    label = results.days[m].isoformat()[:7]
    rows: list[dict[str, object]] = [
        {"metric": metric, "when": label, **quantiles(results.series(metric)[:, m])}
        for metric in ("cultivated", "in_pool", "exited", "provincial", "national")
    ]
    rows.append(
        {
            "metric": "awards",
            "when": "all months",
            **quantiles(results.awards.sum(axis=(1, 2))),
        }
    )
    if results.amounts_determined:
        yuan = results.money.sum(axis=(1, 2)) / 100
        rows.append(
            {"metric": "award money (yuan)", "when": "all months", **quantiles(yuan)}
        )
    undetermined = results.money_undetermined.sum(axis=(1, 2))
    if undetermined.any():
        rows.append(
            {
                "metric": "awards with amount undetermined (delegated to the city)",
                "when": "all months",
                **quantiles(undetermined),
            }
        )
    for name, p in results.target_probabilities().items():
        rows.append({"metric": f"P({name})", "when": label, "mean": p})
    return rows


# ------------------------------------------------------------------ report
def _parameter_set(scenario: Scenario) -> ParameterSet:
    """The scenario's parameters, as :meth:`Scenario.policy` builds them."""
    parameters = load_parameters()
    if scenario.parameters:
        parameters = parameters.with_overrides(
            scenario.parameters,
            from_day=scenario.parameters_from,
            reference=f"scenario {scenario.name!r}",
        )
    return parameters


def _json_value(value: object) -> object:
    """A parameter or assumption value as JSON: money as int fen, days as text."""
    if isinstance(value, Fen):
        return value.amount
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def overrides(scenario: Scenario) -> dict[str, Any]:
    """What *scenario* changes from the defaults (:attr:`Results.overrides`).

    ``parameters`` (name to value, as the parameter holds it: money as
    :class:`~labourbrand.money.Fen`), ``parameters_from`` (their first day, or
    ``None``) and ``assumptions`` (name to value, those that differ from
    :class:`Assumptions`' defaults).
    """
    defaults = Assumptions()
    parameters = _parameter_set(scenario) if scenario.parameters else None
    return {
        "parameters": {
            name: parameters[name].values[-1].value
            for name in scenario.parameters
            if parameters is not None
        },
        "parameters_from": scenario.parameters_from,
        "assumptions": {
            a.name: getattr(scenario.assumptions, a.name)
            for a in attrs.fields(Assumptions)
            if getattr(scenario.assumptions, a.name) != getattr(defaults, a.name)
        },
    }


def _changes(scenario: Scenario) -> dict[str, Any]:
    """The scenario's parameter and assumption overrides, as JSON values."""
    changed = overrides(scenario)
    return {
        "parameters": {
            name: _json_value(value) for name, value in changed["parameters"].items()
        },
        "parameters_from": scenario.parameters_from.isoformat()
        if scenario.parameters_from is not None
        else None,
        "assumptions": {
            name: _json_value(value) for name, value in changed["assumptions"].items()
        },
        "interpretations": dict(scenario.interpretations),
        "rule_files": list(scenario.rule_files),
    }


def _targets(results: Results) -> list[dict[str, Any]]:
    from labourbrand.policy import target_label

    probabilities = results.target_probabilities()
    rows = []
    for i, spec in enumerate(results.targets):
        p = probabilities[spec.name]
        assessed = not math.isnan(p)
        values = _interval(results.target_values[:, i])
        zh, en = target_label(spec.name, lang="zh"), target_label(spec.name, lang="en")
        rows.append(
            {
                "target": spec.name,
                "label_zh": zh,
                "label_en": en,
                "clause": spec.clause,
                "required": spec.required,
                "quantified": spec.quantified,
                "in_force": spec.in_force,
                "per_county": spec.per_county,
                "probability": round(p, 4) if assessed else None,
                **{k: v if assessed else None for k, v in values.items()},
            }
        )
    return rows


def _counties(results: Results, month: int) -> dict[str, Any]:
    # plots imports the results module, which imports this one.
    from labourbrand.simulation.plots import empty_counties_table

    empty = results.county_brands[:, month, :] == 0
    rows = [
        (
            round(cast("float", row["p_empty"]), 4),
            {
                "code": row["county"],
                "name_zh": row["county_zh"],
                "unit": row["unit"],
                "unit_zh": row["unit_zh"],
            },
        )
        for row in empty_counties_table(results, month=month, threshold=0)
    ]
    likely = [county | {"p_empty": p} for p, county in rows if p >= LIKELY]
    at_risk = [county | {"p_empty": p} for p, county in rows if 0 < p < LIKELY]
    return {
        "on": results.days[month].isoformat(),
        "total": len(results.counties),
        "expected_empty": round(float(empty.sum(axis=1).mean()), 2),
        "p_all_covered": round(float((~empty.any(axis=1)).mean()), 4),
        "likely_empty": likely,
        "most_at_risk": at_risk[:_AT_RISK],
    }


def _by_year_and_total(values: npt.NDArray[Any], years: tuple[int, ...]) -> Any:  # noqa: ANN401 - JSON data
    """``(R, Y)`` per run and year: the mean of each year, and of the total."""
    return {
        str(y): round(float(values[:, i].mean()), 2) for i, y in enumerate(years)
    } | {"total": round(float(values.sum(axis=1).mean()), 2)}


def _awards(
    results: Results, cap: int | None, registry: regions.RegionRegistry
) -> dict[str, Any]:
    years = results.years
    year_of_month = np.array([years.index(d.year) for d in results.days])
    # (R, Y, U) awards per run, year and city-level unit.
    awards = np.stack(
        [
            results.awards[:, year_of_month == y, :].sum(axis=1)
            for y in range(len(years))
        ],
        axis=1,
    )
    per_year = awards.sum(axis=2)
    undetermined = results.money_undetermined
    units = [
        {
            "unit": unit,
            "unit_zh": results.unit_names[u],
            "unit_label_en": registry.label(unit, "en"),
            "awards": _by_year_and_total(awards[:, :, u], years),
            "money_fen": {
                str(y): round(float(results.money[:, i, u].mean()))
                for i, y in enumerate(years)
            }
            | {"total": round(float(results.money[:, :, u].sum(axis=1).mean()))},
            "undetermined_awards": _by_year_and_total(undetermined[:, :, u], years),
        }
        for u, unit in enumerate(results.units)
    ]
    money = _interval(results.money.sum(axis=(1, 2)))
    return {
        "by_year": [
            {"year": y, **_interval(per_year[:, i])} for i, y in enumerate(years)
        ],
        "total": _interval(per_year.sum(axis=1)),
        "amounts_determined": results.amounts_determined,
        "money_fen": {k: round(v) for k, v in money.items()},
        "undetermined_awards": _interval(undetermined.sum(axis=(1, 2))),
        "cap_fen": cap,
        "fund": results.fund,
        # 第四部分第(二)项: 具体由市级财政、人社部门制定
        "amounts_set_by": DELEGATED_TO[Measure.EMPLOYMENT_AWARD][0],
        "suppliers": list(results.suppliers),
        "by_unit": units,
    }


def report(results: Results, scenario: Scenario) -> dict[str, Any]:
    """The data of :meth:`Results.report`."""
    if scenario.name != results.scenario or scenario.horizon != results.days[-1]:
        msg = (
            f"Expected the scenario the results were run from ({results.scenario!r} "
            f"to {results.days[-1].isoformat()}) but got scenario {scenario.name!r} "
            f"to {scenario.horizon.isoformat()}"
        )
        raise InvalidArgumentError(msg, field="scenario")
    parameters = _parameter_set(scenario)
    month = results._default_month()  # noqa: SLF001 - the results' own default
    day = results.days[month]
    snapshot = parameters.at(day)
    threshold = snapshot.get("employment_award_threshold")
    cap = snapshot.get("employment_award_cap")
    cap_fen = _json_value(cap.value) if cap is not None else None
    calibration = [
        brands.reported("labour_brands_total")[0],
        brands.reported("provincial_labour_brands")[0],
    ]
    registry = scenario.regions if scenario.regions is not None else regions.shaanxi()
    return {
        "scenario": {
            "name": scenario.name,
            "start": scenario.start.isoformat(),
            "horizon": scenario.horizon.isoformat(),
            **_changes(scenario),
        },
        "runs": results.runs,
        "seed": results.seed,
        "deadline": results.deadline.isoformat()
        if results.deadline is not None
        else None,
        "targets_assessed": results.deadline_month is not None,
        "employment_award": {
            "on": day.isoformat(),
            "threshold": _json_value(threshold.value)
            if threshold is not None
            else None,
            "cap_fen": cap_fen,
        },
        "targets": _targets(results),
        "counties": _counties(results, month),
        "awards": _awards(results, cap_fen if type(cap_fen) is int else None, registry),
        "calibration": [attrs.asdict(figure) for figure in calibration],
    }
