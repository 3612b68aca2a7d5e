"""Monte Carlo simulation of Shaanxi's labour-brand (劳务品牌) population, county by county.

A stochastic model of the 107 county-level units, month by month from the
policy's start (2022-04-29) to a horizon: candidates are discovered (clause
3.1), taken into cultivation, recommended by the county and the city and
admitted by the province (3.3, 3.4); their signed rural workers grow or
decline; the employment award is granted when they reach the threshold (4.2);
brands are recognised at county, city, provincial and national level, and
may exit on the grounds of 3.4. The rules (stages, threshold, cap, amounts,
targets) come from the scenario's :class:`~labourbrand.policy.Policy` and its
plugins; the rates and delays are the named :class:`Assumptions`.

Needs numpy (extra ``sim``); pandas for :meth:`Results.to_pandas`, tqdm for
progress bars, and Dask's ``distributed`` for a cluster executor are optional.

Example:
    >>> from labourbrand.simulation import Scenario, compare, run
    >>> baseline = run(Scenario("baseline"), runs=200, seed=0)
    >>> low, high = baseline.interval("cultivated", month="2025-12")
    >>> low <= 158 <= high
    True
    >>> reform = Scenario("threshold 300", parameters={"employment_award_threshold": 300})
    >>> c = compare(Scenario("baseline"), reform, runs=200, seed=0)
    >>> bool(c["threshold 300"].awards.sum() >= c["baseline"].awards.sum())
    True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from labourbrand.simulation._assumptions import Assumptions
from labourbrand.simulation._results import Comparison, Results, TargetSpec
from labourbrand.simulation._run import compare, run
from labourbrand.simulation._save import ResultsMetadata, TargetRequirement, save
from labourbrand.simulation._scenario import Scenario
from labourbrand.simulation._sensitivity import Sensitivity, sensitivity_of
from labourbrand.simulation._sensitivity_run import sensitivity
from labourbrand.simulation._trace import trace


__all__ = [
    "Assumptions",
    "Comparison",
    "Results",
    "ResultsMetadata",
    "Scenario",
    "Sensitivity",
    "TargetRequirement",
    "TargetSpec",
    "compare",
    "run",
    "save",
    "sensitivity",
    "sensitivity_of",
    "trace",
]
