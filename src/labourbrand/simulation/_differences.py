"""Paired differences between scenarios, with their Monte Carlo error (private).

Scenarios run with the same seed share their random draws run by run
(common random numbers), so the difference of a figure between a scenario
and the baseline is taken run by run. Its mean over the *R* runs estimates
the scenario's effect; the standard deviation of the *R* paired differences
divided by the square root of *R* is the Monte Carlo standard error (MCSE)
of that mean; and the normal approximation gives the interval
``mean ± z · MCSE``, with *z* the normal quantile of the level. A target's
probability is the mean of a 0/1 indicator per run (met or not), so its
difference is the mean of the paired differences of the indicators.

The interval speaks of the Monte Carlo noise only: how far the mean over
these runs may be from the mean over infinitely many, *given* the model and
its assumptions. A difference is *distinguishable* from that noise when its
interval excludes 0, *identical* when it is exactly 0 in every run.
"""

from __future__ import annotations

import math
import statistics
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from labourbrand.exceptions import InvalidArgumentError


if TYPE_CHECKING:
    from collections.abc import Mapping

    import numpy.typing as npt


__all__ = [
    "DEFAULT_LEVEL",
    "DISTINGUISHABLE",
    "IDENTICAL",
    "NOT_ASSESSED",
    "NOT_DISTINGUISHABLE",
    "VERDICTS",
    "check_level",
    "differences",
    "paired",
]

#: The confidence level of the intervals by default.
DEFAULT_LEVEL: Final = 0.95
#: The interval excludes 0: the difference is larger than the runs' noise.
DISTINGUISHABLE: Final = "distinguishable"
#: The interval includes 0: at this many runs, the difference may be noise.
NOT_DISTINGUISHABLE: Final = "not distinguishable"
#: The figure is the same in every run of both scenarios' pairs.
IDENTICAL: Final = "identical"
#: The figure is not defined (a target not assessed on its deadline).
NOT_ASSESSED: Final = "not assessed"
#: Every verdict, in the order above.
VERDICTS: Final = (DISTINGUISHABLE, NOT_DISTINGUISHABLE, IDENTICAL, NOT_ASSESSED)


def check_level(level: object) -> float:
    """Return *level* if it is a number strictly between 0 and 1.

    Raises:
        InvalidArgumentError: it is not.
    """
    if (
        isinstance(level, bool)
        or not isinstance(level, int | float)
        or not 0 < level < 1
    ):
        msg = f"Expected a level between 0 and 1 (exclusive) but got level={level!r}"
        raise InvalidArgumentError(msg, field="level")
    return float(level)


def paired(
    values: npt.NDArray[np.float64],
    base: npt.NDArray[np.float64],
    *,
    level: float = DEFAULT_LEVEL,
) -> dict[str, Any]:
    """Return the paired difference of *values* to *base*, run by run, with its error.

    Keys: ``difference`` (the mean paired difference), ``mcse`` (its Monte
    Carlo standard error, the sample standard deviation of the paired
    differences over the square root of the runs), ``low`` and ``high``
    (the normal-approximation interval at *level*) and ``verdict``
    (:data:`VERDICTS`). With one run the error is unknown (NaN): a
    difference other than 0 is then not distinguishable.

    Example:
        >>> import numpy as np
        >>> row = paired(np.array([2.0, 5.0]), np.array([1.0, 2.0]))  # differences 1 and 3
        >>> row["difference"], row["mcse"], row["verdict"]
        (2.0, 1.0, 'distinguishable')
        >>> round(row["low"], 3), round(row["high"], 3)
        (0.04, 3.96)
        >>> paired(np.zeros(3), np.zeros(3))["verdict"]
        'identical'
    """
    check_level(level)
    if values.shape != base.shape:
        msg = (
            f"Expected results of as many runs as the baseline's ({base.shape[0]}) "
            f"but got {values.shape[0]} runs: differences are paired run by run"
        )
        raise InvalidArgumentError(msg, field="scenarios")
    diff = values - base
    nan = math.nan
    if np.isnan(diff).any():
        return {
            "difference": nan,
            "mcse": nan,
            "low": nan,
            "high": nan,
            "verdict": NOT_ASSESSED,
        }
    mean = float(diff.mean())
    if not diff.any():
        return {
            "difference": 0.0,
            "mcse": 0.0,
            "low": 0.0,
            "high": 0.0,
            "verdict": IDENTICAL,
        }
    runs = diff.shape[0]
    mcse = float(diff.std(ddof=1)) / math.sqrt(runs) if runs > 1 else nan
    z = statistics.NormalDist().inv_cdf((1 + level) / 2)
    low, high = mean - z * mcse, mean + z * mcse
    distinguishable = not math.isnan(mcse) and (low > 0 or high < 0)
    return {
        "difference": mean,
        "mcse": mcse,
        "low": low,
        "high": high,
        "verdict": DISTINGUISHABLE if distinguishable else NOT_DISTINGUISHABLE,
    }


def differences(
    named: Mapping[str, Mapping[str, npt.NDArray[np.float64]]],
    baseline: str,
    *,
    level: float = DEFAULT_LEVEL,
) -> list[dict[str, Any]]:
    """Rows of each scenario's figures against *baseline*'s, paired run by run.

    *named* maps each scenario's name, the baseline's first, to its figures
    per run (each an ``(R,)`` array, by figure name). One row per scenario
    and figure: ``scenario``, ``metric``, ``runs``, ``baseline_mean``,
    ``mean``, the keys of :func:`paired`, and ``level``.
    """
    level = check_level(level)
    base = named[baseline]
    rows: list[dict[str, Any]] = []
    for name, figures in named.items():
        for metric, values in figures.items():
            b = base[metric]
            rows.append(
                {
                    "scenario": name,
                    "metric": metric,
                    "runs": int(values.shape[0]),
                    "baseline_mean": float(b.mean()),
                    "mean": float(values.mean()),
                    **paired(values, b, level=level),
                    "level": level,
                }
            )
    return rows
