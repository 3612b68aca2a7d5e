"""Global sensitivity analysis of any model over named ranges, with SALib (private).

:func:`sensitivity_of` takes a model (a callable from named inputs to named
figures) and a range for each input, builds the design with SALib, evaluates
the model at every point of it, and computes the indices with SALib:

- ``"morris"``: Morris' elementary effects (screening, ``r`` trajectories of
  ``k + 1`` points each on a grid of 4 levels): ``mu_star``, the mean
  absolute change of the figure when one input moves, per the input's whole
  range; ``sigma``, how much that change varies (interactions, curvature);
  ``mu``, its signed mean;
- ``"sobol"``: Sobol' indices by Saltelli's scheme (``N`` base samples,
  ``N * (k + 2)`` points, no second-order indices): ``S1``, the share of the
  figure's variance due to the input alone; ``ST``, its share with all its
  interactions.

Both give a bootstrap 95 % confidence interval half-width for the indices
that have one. The design and the analysis are SALib's (extra
``sensitivity``), never re-implemented here; SALib is imported on first use.

:func:`labourbrand.simulation.sensitivity` builds on this with the
simulation as the model and the :class:`~labourbrand.simulation.Assumptions`
as the inputs.
"""

from __future__ import annotations

import html
import math
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt

from labourbrand._validators import got, int_at_least, language
from labourbrand.exceptions import InvalidArgumentError, LabourBrandError


if TYPE_CHECKING:
    from types import ModuleType


__all__ = [
    "DEFAULT_SAMPLES",
    "METHODS",
    "RANKED_BY",
    "Model",
    "Sensitivity",
    "sensitivity_of",
]

#: A model: named inputs in, named figures (or one number) out.
Model = Callable[[Mapping[str, float]], "Mapping[str, float] | float"]
#: The methods, by name.
METHODS: Final = ("morris", "sobol")
#: The index each method ranks the inputs by.
RANKED_BY: Final[Mapping[str, str]] = MappingProxyType(
    {"morris": "mu_star", "sobol": "ST"}
)
#: The indices of each method, in the order of the table, and which have a confidence.
_INDICES: Final[Mapping[str, tuple[tuple[str, str | None], ...]]] = MappingProxyType(
    {
        "morris": (("mu_star", "mu_star_conf"), ("sigma", None), ("mu", None)),
        "sobol": (("ST", "ST_conf"), ("S1", "S1_conf")),
    }
)
#: Trajectories (Morris) or base samples (Sobol', a power of two) by default.
DEFAULT_SAMPLES: Final[Mapping[str, int]] = MappingProxyType(
    {"morris": 10, "sobol": 64}
)
#: The name of the figure of a model that returns one number.
_ONE_FIGURE: Final = "value"
#: Grid levels of the Morris design (even, as SALib advises).
_LEVELS: Final = 4
#: Bootstrap resamples of the confidence intervals.
_RESAMPLES: Final = 100
#: The confidence level of the intervals.
CONFIDENCE: Final = 0.95
_INSTALL: Final = "pip install 'labourbrand[sensitivity]'"


def salib() -> tuple[ModuleType, ModuleType]:
    """SALib's ``sample`` and ``analyze`` packages, or an error naming the extra."""
    try:
        import SALib.analyze.morris
        import SALib.analyze.sobol
        import SALib.sample.morris
        import SALib.sample.sobol
    except ImportError as error:
        msg = f"Expected SALib for a sensitivity analysis but it is not installed: {_INSTALL}"
        raise LabourBrandError(msg) from error
    return SALib.sample, SALib.analyze


def check_method(method: object) -> str:
    """*method* if it is one of :data:`METHODS`."""
    if method not in METHODS:
        msg = f"Expected a method among {', '.join(METHODS)} but got {got('method', method)}"
        raise InvalidArgumentError(msg, field="method")
    return str(method)


def check_samples(method: str, samples: object) -> int:
    """Trajectories (Morris, at least 2) or base samples (Sobol', a power of two)."""
    if samples is None:
        return DEFAULT_SAMPLES[method]
    n = int_at_least("samples", samples, minimum=2)
    if method == "sobol" and n & (n - 1):
        # The balance of Sobol' points holds for powers of two only (scipy warns).
        msg = f"Expected a power of two for the Sobol' base samples but got {got('samples', samples)}"
        raise InvalidArgumentError(msg, field="samples")
    return n


def real(value: object) -> float | None:
    """*value* as a finite float, or ``None`` if it is no such number."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def check_ranges(ranges: object) -> dict[str, tuple[float, float]]:
    """A mapping of input names to ``(low, high)`` finite numbers, low below high."""
    if not isinstance(ranges, Mapping) or not ranges:
        msg = f"Expected a mapping of input names to (low, high) ranges but got {got('ranges', ranges)}"
        raise InvalidArgumentError(msg, field="ranges")
    out: dict[str, tuple[float, float]] = {}
    for name, bounds in ranges.items():
        where = f"ranges.{name}"
        if not isinstance(name, str) or not name:
            msg = f"Expected input names (str) but got {got('name', name)}"
            raise InvalidArgumentError(msg, field="ranges")
        pair = tuple(bounds) if isinstance(bounds, tuple | list) else ()
        numbers = [n for n in map(real, pair) if n is not None]
        if len(numbers) != len(pair) or len(numbers) != 2:  # noqa: PLR2004 - a pair
            msg = f"Expected a (low, high) pair of finite numbers but got {got(where, bounds)}"
            raise InvalidArgumentError(msg, field=where)
        low, high = numbers
        if not low < high:
            msg = f"Expected low < high but got {got(where, bounds)}"
            raise InvalidArgumentError(msg, field=where)
        out[name] = (low, high)
    return out


def _readonly(value: npt.NDArray[Any]) -> npt.NDArray[Any]:
    value = np.asarray(value, np.float64)
    value.flags.writeable = False
    return value


def _ranges(
    value: Mapping[str, tuple[float, float]],
) -> Mapping[str, tuple[float, float]]:
    return MappingProxyType(dict(value))


def _frozen_arrays(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only mapping of read-only arrays (nested one level at most)."""
    return MappingProxyType(
        {
            k: _frozen_arrays(v) if isinstance(v, Mapping) else _readonly(v)
            for k, v in value.items()
        }
    )


@final
@attrs.frozen(kw_only=True, eq=False)
class Sensitivity:
    """The indices of a global sensitivity analysis, with its design and outputs.

    :meth:`rows` and :meth:`to_pandas` give the tidy table (one row per
    figure, input, index); :meth:`ranking` the inputs that move a figure
    most; :func:`labourbrand.simulation.plots.sensitivity` draws it.

    The indices, by :attr:`method`:

    - ``"morris"``: ``mu_star`` (the mean absolute elementary effect: the
      change of the figure, in its own unit, when the input moves across its
      whole range, one step at a time; the ranking index), ``sigma`` (the
      spread of those effects: interactions or curvature), ``mu`` (their
      signed mean);
    - ``"sobol"``: ``ST`` (the share of the figure's variance the input
      explains with all its interactions; the ranking index) and ``S1`` (by
      itself alone).

    ``mu_star``, ``ST`` and ``S1`` have a bootstrap confidence: the half-width
    of their 95 % interval. A figure that did not vary over the design has
    every index 0.

    .. versionadded:: 0.2.0
    """

    #: ``"morris"`` or ``"sobol"``.
    method: str
    #: Each input's range, ``(low, high)``, in the order of the design's columns.
    ranges: Mapping[str, tuple[float, float]] = attrs.field(converter=_ranges)
    #: The figures analysed, in order.
    figures: tuple[str, ...]
    #: Morris trajectories, or Sobol' base samples.
    samples: int
    #: The seed of the design, the bootstrap and (for a scenario) every run.
    seed: int
    #: ``(P, K)`` the design: each point's input values, a column per input
    #: (as the design drew them; an integer assumption is rounded when run).
    design: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    #: ``(P,)`` each figure's value at each point.
    outputs: Mapping[str, npt.NDArray[np.float64]] = attrs.field(
        converter=_frozen_arrays
    )
    #: Per figure, per index name, ``(K,)`` the index of each input.
    indices: Mapping[str, Mapping[str, npt.NDArray[np.float64]]] = attrs.field(
        converter=_frozen_arrays
    )
    #: Per figure, per index name, ``(K,)`` the half-width of its 95 %
    #: confidence interval (only the indices that have one).
    confidence: Mapping[str, Mapping[str, npt.NDArray[np.float64]]] = attrs.field(
        converter=_frozen_arrays
    )
    #: The scenario analysed, if the model was a simulation.
    scenario: str | None = None
    #: Monte Carlo runs per design point, if the model was a simulation.
    runs: int | None = None
    #: Seconds the analysis took, the model's evaluations included.
    elapsed: float = 0.0

    @property
    def assumptions(self) -> tuple[str, ...]:
        """The inputs varied (for a scenario, the assumptions), in the design's order."""
        return tuple(self.ranges)

    @property
    def points(self) -> int:
        """The design's size: how many times the model was evaluated."""
        return int(self.design.shape[0])

    @property
    def ranked_by(self) -> str:
        """The index :meth:`ranking` sorts by: ``mu_star`` or ``ST``."""
        return RANKED_BY[self.method]

    def _figure(self, figure: object) -> str:
        if figure not in self.figures:
            msg = f"Expected a figure among {', '.join(self.figures)} but got {got('figure', figure)}"
            raise InvalidArgumentError(msg, field="figure")
        return str(figure)

    def ranking(self, figure: str) -> list[str]:
        """Return the inputs by how much they move *figure*, the most first.

        Sorted by :attr:`ranked_by` (``mu_star`` for Morris, ``ST`` for
        Sobol'), ties in the design's order.

        Raises:
            InvalidArgumentError: *figure* was not analysed.

        Example:
            >>> s = sensitivity_of(lambda p: {"y": 3 * p["a"] + p["b"]},
            ...                    {"a": (0, 1), "b": (0, 1)}, samples=4)
            >>> s.ranking("y")
            ['a', 'b']
        """
        values = self.indices[self._figure(figure)][self.ranked_by]
        order = sorted(range(len(values)), key=lambda k: -values[k])
        return [self.assumptions[k] for k in order]

    def rows(self) -> list[dict[str, object]]:
        """Return the tidy table: one row per figure, input and index.

        Keys: ``figure``, ``assumption`` (the input), ``method``, ``index``
        (``mu_star``, ``sigma``, ``mu``; or ``ST``, ``S1``), ``value`` and
        ``confidence`` (the half-width of the 95 % interval, ``None`` for an
        index without one). Figures in order, inputs by :meth:`ranking`.

        Example:
            >>> s = sensitivity_of(lambda p: {"y": 3 * p["a"] + p["b"]},
            ...                    {"a": (0, 1), "b": (0, 1)}, samples=4)
            >>> row = s.rows()[0]
            >>> row["figure"], row["assumption"], row["index"], round(row["value"], 6)
            ('y', 'a', 'mu_star', 3.0)
        """
        out: list[dict[str, object]] = []
        for figure in self.figures:
            for name in self.ranking(figure):
                k = self.assumptions.index(name)
                for index, _ in _INDICES[self.method]:
                    conf = self.confidence[figure].get(index)
                    out.append(
                        {
                            "figure": figure,
                            "assumption": name,
                            "method": self.method,
                            "index": index,
                            "value": float(self.indices[figure][index][k]),
                            "confidence": None if conf is None else float(conf[k]),
                        }
                    )
        return out

    def to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional
        """Return :meth:`rows` as a :class:`pandas.DataFrame` (extra ``sim``)."""
        import pandas as pd

        columns = ["figure", "assumption", "method", "index", "value", "confidence"]
        frame = pd.DataFrame(self.rows(), columns=columns)
        frame["confidence"] = frame["confidence"].astype("float64")
        return frame

    def report(self, top: int = 3) -> dict[str, Any]:
        """Return, as JSON-ready data, the *top* assumptions that move each figure most.

        Keys: ``method``, ``index`` (:attr:`ranked_by`), ``samples``,
        ``points``, ``runs``, ``seed``, ``caption`` and ``caption_zh``
        (:meth:`describe`),
        ``ranges`` (name to ``[low, high]``) and ``figures``: per figure, its
        ``drivers``, each ``assumption``, ``value`` and ``confidence`` (the
        half-width of the 95 % interval), the largest first, those with a
        value above 0 only (none: no assumption moved it).
        ``labourbrand simulate --sensitivity`` reports it.

        Example:
            >>> s = sensitivity_of(lambda p: {"y": 3 * p["a"]}, {"a": (0, 1), "b": (0, 1)},
            ...                    samples=4)
            >>> [d["assumption"] for d in s.report()["figures"][0]["drivers"]]
            ['a']
        """
        int_at_least("top", top, minimum=1)
        index = self.ranked_by
        figures = []
        for figure in self.figures:
            drivers = []
            for name in self.ranking(figure)[:top]:
                k = self.assumptions.index(name)
                value = float(self.indices[figure][index][k])
                if value > 0:
                    conf = float(self.confidence[figure][index][k])
                    drivers.append(
                        {"assumption": name, "value": value, "confidence": conf}
                    )
            figures.append({"figure": figure, "drivers": drivers})
        return {
            "method": self.method,
            "index": index,
            "samples": self.samples,
            "points": self.points,
            "runs": self.runs,
            "seed": self.seed,
            "caption": self.describe(),
            "caption_zh": self.describe("zh"),
            "ranges": {name: list(bounds) for name, bounds in self.ranges.items()},
            "figures": figures,
        }

    def describe(self, lang: str = "en") -> str:
        """Return one sentence stating the method, the design's size, the runs and the seed.

        The caption of :func:`~labourbrand.simulation.plots.sensitivity`.

        Example:
            >>> s = sensitivity_of(lambda p: p["a"], {"a": (0, 1), "b": (0, 1)}, samples=4)
            >>> print(s.describe())
            Morris elementary effects (SALib): 4 trajectories, 12 design points, seed 0; 2 inputs over their ranges.
        """
        k = len(self.assumptions)
        if language(lang) == "zh":
            name = "Morris基本效应" if self.method == "morris" else "Sobol指数"
            unit = "条轨迹" if self.method == "morris" else "个基础样本"
            runs = f",每点模拟{self.runs:,}次" if self.runs is not None else ""
            who = f"情景“{self.scenario}”," if self.scenario is not None else ""
            inputs = "假设" if self.scenario is not None else "输入"
            return (
                f"{who}{name}(SALib):{self.samples}{unit},{self.points:,}个设计点"
                f"{runs},随机种子{self.seed};{k}个{inputs}在各自区间内变化。"
            )
        name = (
            "Morris elementary effects"
            if self.method == "morris"
            else "Sobol' indices (Saltelli)"
        )
        unit = "trajectories" if self.method == "morris" else "base samples"
        runs = f" x {self.runs:,} runs each" if self.runs is not None else ""
        who = f"Scenario {self.scenario!r}: " if self.scenario is not None else ""
        inputs = "assumptions" if self.scenario is not None else "inputs"
        return (
            f"{who}{name} (SALib): {self.samples} {unit}, {self.points:,} design "
            f"points{runs}, seed {self.seed}; {k} {inputs} over their ranges."
        )

    def __repr__(self) -> str:
        tops = "; ".join(
            f"{figure}: {', '.join(self.ranking(figure)[:3])}"
            for figure in self.figures
        )
        return f"<Sensitivity {self.method}, {self.points} points; most influential {tops}>"

    def _repr_html_(self) -> str:
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(r[k]))}</td>"
                for k in ("figure", "assumption", "index")
            )
            + f"<td>{r['value']:.4g}</td>"
            + (
                f"<td>± {r['confidence']:.2g}</td>"
                if r["confidence"] is not None
                else "<td></td>"
            )
            + "</tr>"
            for r in self.rows()
            if r["index"] == self.ranked_by
        )
        return (
            f"<table class='labourbrand-sensitivity'><caption>{html.escape(self.describe())}"
            f"</caption><tr><th>figure</th><th>assumption</th><th>index</th><th>value</th>"
            f"<th>95 %</th></tr>{body}</table>"
        )


def _figures_of(output: object, *, point: int) -> dict[str, float]:
    """The model's output at one point as named finite numbers."""
    named = output if isinstance(output, Mapping) else {_ONE_FIGURE: output}
    out = {}
    for name, value in named.items():
        number = real(value)
        if number is None or not isinstance(name, str):
            where = f"figures.{name}"
            msg = f"Expected the model to give finite numbers but got {got(where, value)} at design point {point}"
            raise InvalidArgumentError(msg, field=where)
        out[name] = number
    return out


def evaluate(
    model: Callable[[Mapping[str, float]], object],
    names: Iterable[str],
    design: npt.NDArray[np.float64],
) -> dict[str, npt.NDArray[np.float64]]:
    """Evaluate *model* at every row of *design*; the figures as columns.

    Raises:
        InvalidArgumentError: an output is not a finite number, or the
            figures differ from one point to another.
    """
    keys = list(names)
    columns: dict[str, list[float]] = {}
    for p, row in enumerate(design):
        figures = _figures_of(
            model(dict(zip(keys, map(float, row), strict=True))), point=p
        )
        if p == 0:
            columns = {name: [] for name in figures}
        if figures.keys() != columns.keys():
            msg = f"Expected the same figures at every design point ({', '.join(columns)}) but got {', '.join(figures)} at point {p}"
            raise InvalidArgumentError(msg, field="figures")
        for name, value in figures.items():
            columns[name].append(value)
    return {name: np.array(values) for name, values in columns.items()}


def design(
    method: str, ranges: Mapping[str, tuple[float, float]], *, samples: int, seed: int
) -> tuple[dict[str, Any], npt.NDArray[np.float64]]:
    """SALib's problem and design for *ranges*."""
    sample, _ = salib()
    problem = {
        "num_vars": len(ranges),
        "names": list(ranges),
        "bounds": [list(b) for b in ranges.values()],
    }
    if method == "morris":
        x = sample.morris.sample(problem, samples, num_levels=_LEVELS, seed=seed)
    else:
        x = sample.sobol.sample(problem, samples, calc_second_order=False, seed=seed)
    return problem, np.asarray(x, np.float64)


def analyse(  # noqa: PLR0913 - the design, its outputs, and what the result records
    method: str,
    problem: Mapping[str, Any],
    x: npt.NDArray[np.float64],
    outputs: Mapping[str, npt.NDArray[np.float64]],
    *,
    ranges: Mapping[str, tuple[float, float]],
    samples: int,
    seed: int,
    began: float,
    scenario: str | None = None,
    runs: int | None = None,
) -> Sensitivity:
    """The :class:`Sensitivity` of *outputs* at the design *x*: SALib's indices and their confidence, per figure."""
    indices, confidence = _indices(method, problem, x, outputs, seed=seed)
    return Sensitivity(
        method=method,
        ranges=ranges,
        figures=tuple(outputs),
        samples=samples,
        seed=seed,
        design=x,
        outputs=outputs,
        indices=indices,
        confidence=confidence,
        scenario=scenario,
        runs=runs,
        elapsed=time.perf_counter() - began,
    )


def _indices(
    method: str,
    problem: Mapping[str, Any],
    x: npt.NDArray[np.float64],
    outputs: Mapping[str, npt.NDArray[np.float64]],
    *,
    seed: int,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """SALib's indices and their confidence, per figure."""
    _, analyze = salib()
    k = len(problem["names"])
    indices: dict[str, dict[str, Any]] = {}
    confidence: dict[str, dict[str, Any]] = {}
    for figure, y in outputs.items():
        if np.ptp(y) == 0:
            # A figure no input moves: every index is 0 (SALib would divide by 0).
            result = {
                name: np.zeros(k) for pair in _INDICES[method] for name in pair if name
            }
        elif method == "morris":
            result = analyze.morris.analyze(
                dict(problem), x, y, num_resamples=_RESAMPLES, conf_level=CONFIDENCE,
                num_levels=_LEVELS, seed=seed,
            )  # fmt: skip
        else:
            with warnings.catch_warnings():
                # SALib 1.5.1 passes a list to pandas.unique, which pandas 2.1
                # deprecates; the names are unique strings, so nothing is lost.
                warnings.filterwarnings("ignore", "unique with argument", FutureWarning)
                result = analyze.sobol.analyze(
                    dict(problem), y, calc_second_order=False,
                    num_resamples=_RESAMPLES, conf_level=CONFIDENCE,
                    # A Generator: SALib's Sobol' analysis takes a seed of 0 for none.
                    seed=np.random.default_rng(seed),
                )  # fmt: skip
        indices[figure] = {
            name: np.asarray(result[name], np.float64) for name, _ in _INDICES[method]
        }
        confidence[figure] = {
            name: np.asarray(result[conf], np.float64)
            for name, conf in _INDICES[method]
            if conf is not None
        }
    return indices, confidence


def sensitivity_of(
    model: Callable[[Mapping[str, float]], object],
    ranges: Mapping[str, tuple[float, float]],
    *,
    method: str = "morris",
    samples: int | None = None,
    seed: int = 0,
) -> Sensitivity:
    """Analyse which inputs of *model* move its figures, over *ranges*, with SALib.

    The model is called once per point of the design with a mapping of
    every input name to a float, and returns a mapping of figure names to
    finite numbers (the same names at every point), or one number (the
    figure ``"value"``). The inputs are drawn uniformly over their ranges.

    Cost: ``samples * (k + 1)`` model calls for Morris, ``samples * (k + 2)``
    for Sobol', with *k* inputs; plus a bootstrap of the indices, which is
    quick.

    Args:
        model: the model.
        ranges: each input's ``(low, high)`` range.
        method: ``"morris"`` (elementary effects: a screening, cheap, which
            ranks the inputs) or ``"sobol"`` (variance shares: dearer, which
            also says how much of the figure's variance each input explains).
        samples: Morris trajectories (default 10) or Sobol' base samples (a
            power of two, default 64).
        seed: the seed of the design and of the bootstrap: the same seed
            gives the same indices.

    Returns:
        The :class:`Sensitivity`, with :attr:`~Sensitivity.runs` and
        :attr:`~Sensitivity.scenario` ``None``.

    Raises:
        InvalidArgumentError: a bad range, method, sample count or seed, or an
            output that is not a finite number (its field names the figure).
        LabourBrandError: SALib is not installed (extra ``sensitivity``).

    Example:
        >>> def toy(p):
        ...     return {"y": 10 * p["dominant"] + p["minor"]}
        >>> s = sensitivity_of(toy, {"dominant": (0, 1), "minor": (0, 1), "idle": (0, 1)},
        ...                    samples=6, seed=1)
        >>> s.ranking("y"), s.points
        (['dominant', 'minor', 'idle'], 24)

    .. versionadded:: 0.2.0
    """
    began = time.perf_counter()
    given: object = model  # callers may pass anything at run time
    if not callable(given):
        msg = f"Expected a callable model but got {got('model', given)}"
        raise InvalidArgumentError(msg, field="model")
    checked = check_ranges(ranges)
    method = check_method(method)
    n = check_samples(method, samples)
    int_at_least("seed", seed, minimum=0)
    problem, x = design(method, checked, samples=n, seed=seed)
    outputs = evaluate(model, checked, x)
    return analyse(
        method, problem, x, outputs, ranges=checked, samples=n, seed=seed, began=began
    )
