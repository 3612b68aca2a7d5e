"""Figures of simulation results: brands over time, award money, empty counties.

Needs matplotlib (extra ``plot``), imported only when a figure is made. Each
function builds a :class:`matplotlib.figure.Figure` without pyplot, so it
works under any backend (Agg included), and never calls ``show``: display
the figure in a notebook (after ``%matplotlib inline``) or save it with
:meth:`~matplotlib.figure.Figure.savefig`.

Labels are English (``lang="en"``) or Chinese (``lang="zh"``). For Chinese,
the first installed font among :data:`CJK_FONTS` is used (fonts installed
after matplotlib built its font cache included). With none, the figure is
drawn with English labels instead, and the first such figure of the process
warns once (:class:`~labourbrand.exceptions.LabourBrandWarning`), naming the
fonts looked for and how to install one: no box is drawn for a missing glyph,
and matplotlib warns of none. A name the default font cannot draw (a scenario
named in Chinese) gets the CJK font in an English figure, or, with no CJK
font, ``?`` for each character it lacks.

Units are named, never shown by code, where the packaged region data has a
name: every city-level unit in English (韩城市 is Hancheng,
杨凌示范区 the Yangling Demonstration Zone) and every unit in Chinese. The
data gives no English name to the other county-level units, so English
figures show their GB/T 2260 codes; no name is made up.

Every figure's caption (:func:`caption`, at the foot of the figure) states
what its numbers rest on: the scenario, the number of runs, the seed, and the
parameters and assumptions the scenario changed, or that it used the defaults.

Example:
    >>> from labourbrand.simulation import Scenario, run
    >>> from labourbrand.simulation.plots import brands_over_time, caption
    >>> results = run(Scenario("baseline"), runs=20, seed=1)
    >>> fig = brands_over_time(results)
    >>> fig.axes[0].get_title()
    'Labour brands cultivated (established, not exited)'
    >>> caption(results)
    "Scenario 'baseline': 20 runs, seed 1; default parameters; default assumptions."

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Chinese figures without a CJK font fall back to English labels with one
   warning; units are named; the empty-county scale shows small risks; every
   figure has a caption.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Final, Literal, cast

import numpy as np

from labourbrand._validators import language
from labourbrand.dates import DayLike  # noqa: TC001 - documented signatures
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.simulation import _plotting
from labourbrand.simulation._differences import check_level

# The helpers every figure shares (fonts and the fallback, captions, names),
# under their names here too, for the figures added to this module.
from labourbrand.simulation._plotting import (
    _add_caption,
    _caption,
    _check_results,
    _every,
    _figure,
    _finish,
    _labels,
    _language,
)
from labourbrand.simulation._results import Comparison, Results, month_index


if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy.typing as npt
    import pendulum
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from labourbrand.simulation._sensitivity import Sensitivity


__all__ = [
    "CJK_FONTS",
    "EMPTY_BINS",
    "brands_over_time",
    "caption",
    "cost_by_city_and_year",
    "empty_counties",
    "empty_counties_table",
    "sensitivity",
]

#: Fonts tried, in order, for Chinese labels (``lang="zh"``).
#:
#: .. versionchanged:: 0.2.0
#:    The Japanese-named faces of the Noto CJK collections: matplotlib reads
#:    the first face of a ``.ttc`` file, and that of Debian's
#:    ``fonts-noto-cjk`` is named JP; it draws every Chinese character.
CJK_FONTS: Final = _plotting.CJK_FONTS
#: Inner edges of the colour classes of :func:`empty_counties`, as probabilities.
#:
#: .. versionadded:: 0.2.0
EMPTY_BINS: Final = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
#: Below this a probability is zero: the first colour class is "0 %" exactly.
_ZERO: Final = 1e-12
#: Relative luminance under which a cell's label is written in white.
_DARK_CELL: Final = 0.45

#: The label of each text a figure shows, by language.
_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "brands_title": "Labour brands cultivated (established, not exited)",
        "brands_y": "brands",
        "month": "month",
        "median": "{scenario}: median",
        "band": "{scenario}: {level:.0%} interval",
        "target": "target: {required} brands (clause {clause})",
        "deadline": "deadline {day}",
        "cost_title": "Employment award money by city-level unit and year (mean over runs, {level})",
        "cost_y": "yuan",
        "undetermined": "amount undetermined\n(delegated to the city)",
        "partly": "* some awards' amount undetermined (delegated to the city)",
        "whiskers": "whiskers: {level:.0%} interval",
        "no_whiskers": "no interval",
        "empty_title": "Probability a county-level unit has no labour brand, {month}",
        "empty_bar": "P(no brand), share of runs",
    },
    "zh": {
        "brands_title": "培育的劳务品牌数（已创建、未退出）",
        "brands_y": "品牌数",
        "month": "月份",
        "median": "{scenario}：中位数",
        "band": "{scenario}：{level:.0%}区间",
        "target": "目标：{required}个品牌（第{clause}条）",
        "deadline": "截止日期 {day}",
        "cost_title": "各地市、各年度一次性奖补资金（各次模拟的均值，{level}）",
        "cost_y": "元",
        "undetermined": "金额未定\n（由地市确定）",
        "partly": "* 部分奖补金额未定（由地市确定）",
        "whiskers": "误差线：{level:.0%}区间",
        "no_whiskers": "无区间",
        "empty_title": "各县（市、区）没有劳务品牌的概率，{month}",
        "empty_bar": "没有品牌的概率（模拟次数占比）",
    },
}


# ------------------------------------------------------------- helpers
def _check_threshold(threshold: object) -> float:
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold <= 1
    ):
        msg = f"Expected a threshold between 0 and 1 but got threshold={threshold!r}"
        raise InvalidArgumentError(msg, field="threshold")
    return float(threshold)


def _check_bins(bins: object) -> tuple[float, ...]:
    ok = (
        isinstance(bins, tuple | list)
        and len(bins) > 0
        and all(
            isinstance(b, int | float) and not isinstance(b, bool) and 0 < b < 1
            for b in bins
        )
        and all(a < b for a, b in itertools.pairwise(bins))
    )
    if not ok:
        msg = (
            "Expected bins as increasing probabilities between 0 and 1 (exclusive), "
            f"such as {EMPTY_BINS}, but got bins={bins!r}"
        )
        raise InvalidArgumentError(msg, field="bins")
    return tuple(float(b) for b in cast("Sequence[float]", bins))


def _percent(p: float) -> str:
    """A probability as a cell shows it: never 0 % or 100 % unless exactly."""
    if 0 < p < 0.01:  # noqa: PLR2004 - one per cent
        return "<1%"
    if 0.99 < p < 1:  # noqa: PLR2004
        return ">99%"
    return f"{p:.0%}"


def _month_index(results: Results, month: DayLike | int | None) -> int:
    """The month asked for, by default the deadline's month (else the last)."""
    if month is not None:
        return month_index(results, month, name="month")
    if results.deadline_month is not None:
        return results.deadline_month
    return results.months - 1


def _dates(days: tuple[pendulum.Date, ...]) -> npt.NDArray[np.datetime64]:
    return np.array([d.isoformat() for d in days], "datetime64[D]")


def _unit_labels(results: Results, lang: str) -> list[str]:
    """The city-level units by name (:func:`_labels`)."""
    return _labels(results.units, results.unit_names, lang)


def _county_units(results: Results) -> npt.NDArray[np.intp]:
    """The index in ``results.units`` of each county's city-level unit."""
    from labourbrand.regions import shaanxi

    regions = shaanxi()
    out = np.empty(len(results.counties), np.intp)
    for i, code in enumerate(results.counties):
        unit = regions.city_level_unit(code)
        if unit not in results.units:
            msg = f"Expected the city-level unit of county {code} among the results' units but got unit={unit!r}"
            raise InvalidArgumentError(msg, field="results")
        out[i] = results.units.index(unit)
    return out


def _empty_probability(results: Results, month: int) -> npt.NDArray[np.float64]:
    """Per county, the share of runs in which it has no cultivated brand in *month*."""
    empty: npt.NDArray[np.float64] = (results.county_brands[:, month, :] == 0).mean(
        axis=0, dtype=np.float64
    )
    return empty


# ------------------------------------------------------------- figures
def caption(
    results_or_comparison: Results | Comparison,
    *,
    lang: Literal["en", "zh"] = "en",
) -> str:
    """Return the caption every figure of these results carries at its foot.

    One sentence per scenario: its name, the number of runs, the seed, the
    parameters it changed (with their first day) and the assumptions that
    differ from :class:`~labourbrand.simulation.Assumptions`' defaults, or
    that it used the defaults. Results that did not record what their
    scenario changed say so rather than claim the defaults.

    Args:
        results_or_comparison: one scenario's results, or a comparison.
        lang: ``"en"`` or ``"zh"``.

    Raises:
        InvalidArgumentError: not results or a comparison, or a bad *lang*.

    Example:
        >>> from labourbrand.simulation import Scenario, run
        >>> reform = Scenario(
        ...     "reform",
        ...     parameters={"employment_award_threshold": 300},
        ...     parameters_from="2024-01-01",
        ...     assumptions={"exit_proposal_hazard": 0.0},
        ... )
        >>> print(caption(run(reform, runs=20, seed=1), lang="zh"))
        情景“reform”：20次模拟，随机种子1；改变的参数：employment_award_threshold = 300（自2024-01-01起）；改变的假设：exit_proposal_hazard = 0（其余为默认值）。

    .. versionadded:: 0.2.0
    """
    every = _every(results_or_comparison)
    return _caption(every, language(lang))


def brands_over_time(
    results_or_comparison: Results | Comparison,
    *,
    target: bool = True,
    level: float = 0.9,
    lang: Literal["en", "zh"] = "en",
) -> Figure:
    """Plot the brands cultivated each month: median and interval per scenario.

    Each scenario gets a line (the median over runs) and a band (the central
    *level* interval, the numbers of :meth:`~labourbrand.simulation.Results.interval`). The target of
    clause 2 (``target_brands_total``, 100 brands) is a dashed line, and the
    targets' deadline a dotted one.

    Args:
        results_or_comparison: one scenario's results, or a comparison.
        target: draw the target's line.
        level: the band's coverage, between 0 and 1.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        A figure with one axes.

    Raises:
        InvalidArgumentError: not results or a comparison, or a bad *level*
            or *lang*.

    .. versionadded:: 0.1.0
    """
    level = check_level(level)
    every = _every(results_or_comparison)
    lang, font = _language(lang)
    text = _TEXT[lang]
    from matplotlib import rcParams

    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    fig = _figure(figsize=(9, 5))
    ax = fig.subplots()
    quantiles = [(1 - level) / 2, 0.5, (1 + level) / 2]
    for i, results in enumerate(every):
        colour = colours[i % len(colours)]
        x = _dates(results.days)
        low, median, high = np.quantile(
            results.cultivated.astype(np.float64), quantiles, axis=0
        )
        ax.fill_between(
            x,
            low,
            high,
            color=colour,
            alpha=0.25,
            linewidth=0,
            label=text["band"].format(scenario=results.scenario, level=level),
        )
        ax.plot(
            x,
            median,
            color=colour,
            label=text["median"].format(scenario=results.scenario),
        )
    if target:
        drawn: set[int] = set()
        for results in every:
            for spec in results.targets:
                if spec.name == "target_brands_total" and spec.required is not None:
                    if spec.required not in drawn:
                        ax.axhline(
                            spec.required,
                            color="black",
                            linestyle="--",
                            linewidth=1,
                            label=text["target"].format(
                                required=spec.required, clause=spec.clause
                            ),
                        )
                    drawn.add(spec.required)
    first = every[0]
    if first.deadline is not None and first.deadline_month is not None:
        ax.axvline(
            cast("float", np.datetime64(first.deadline.isoformat(), "D")),  # units
            color="grey",
            linestyle=":",
            linewidth=1.5,
            label=text["deadline"].format(day=first.deadline.isoformat()),
        )
    ax.set_title(text["brands_title"])
    ax.set_xlabel(text["month"])
    ax.set_ylabel(text["brands_y"])
    ax.set_ylim(bottom=0)
    ax.grid(visible=True, alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    _add_caption(fig, _caption(every, lang), lang)
    return _finish(fig, font)


def cost_by_city_and_year(
    results: Results,
    *,
    level: float | None = 0.9,
    lang: Literal["en", "zh"] = "en",
) -> Figure:
    """Plot the employment award money (yuan) by city-level unit and year.

    One bar per unit and year: the mean over runs of the money whose amount a
    rule determined, with whiskers to the central *level* interval
    (``level=None``: none). Money is never invented: a unit whose awards all
    have undetermined amounts (delegated to the city, with no plugin rule) gets
    no bars but the note "amount undetermined (delegated to the city)"; a bar
    that leaves out some undetermined awards is marked ``*``.

    Args:
        results: one scenario's results.
        level: the whiskers' coverage, between 0 and 1, or ``None``.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        A figure with one axes; bars and notes carry the gid ``"<unit>:<year>"``,
        ``"undetermined:<unit>"`` or ``"partly:<unit>:<year>"``.

    Raises:
        InvalidArgumentError: not results, or a bad *level* or *lang*.

    .. versionadded:: 0.1.0
    """
    results = _check_results(results)
    if level is not None:
        level = check_level(level)
    lang, font = _language(lang)
    text = _TEXT[lang]
    n_years, n_units = len(results.years), len(results.units)
    yuan = results.money.astype(np.float64) / 100  # (R, Y, U)
    mean = yuan.mean(axis=0)
    undetermined = results.money_undetermined.sum(axis=0) > 0  # (Y, U)
    events = results.award_events
    year_of_month = np.array([results.years.index(d.year) for d in results.days])
    determined_events = events["amount"] >= 0
    determined = (
        np.bincount(
            year_of_month[events["month"][determined_events].astype(np.intp)] * n_units
            + events["unit"][determined_events].astype(np.intp),
            minlength=n_years * n_units,
        ).reshape(n_years, n_units)
        > 0
    )
    # Units with no determined award at all, but undetermined ones: a note, no bars.
    note_only = ~determined.any(axis=0) & undetermined.any(axis=0)
    shown = np.flatnonzero(~note_only)
    fig = _figure(figsize=(11, 5.5))
    ax = fig.subplots()
    width = 0.8 / n_years
    x = np.arange(n_units, dtype=np.float64)
    for y, year in enumerate(results.years if shown.size else ()):
        offset = (y - (n_years - 1) / 2) * width
        error = None
        if level is not None:
            low, high = np.quantile(
                yuan[:, y, shown], [(1 - level) / 2, (1 + level) / 2], axis=0
            )
            error = np.clip(
                np.vstack([mean[y, shown] - low, high - mean[y, shown]]), 0, None
            )
        bars = ax.bar(
            x[shown] + offset,
            mean[y, shown],
            width=width,
            yerr=error,
            capsize=2 if error is not None else 0,
            label=str(year),
        )
        for bar, u in zip(bars.patches, shown, strict=True):
            bar.set_gid(f"{results.units[u]}:{year}")
            if undetermined[y, u]:
                ax.annotate(
                    "*",
                    (float(x[u] + offset), float(mean[y, u])),
                    ha="center",
                    va="bottom",
                    gid=f"partly:{results.units[u]}:{year}",
                )
    for u in np.flatnonzero(note_only):
        ax.annotate(
            text["undetermined"],
            (float(x[u]), 0.02),
            xycoords=("data", "axes fraction"),
            rotation=90,
            ha="center",
            va="bottom",
            fontsize="small",
            color="dimgrey",
            gid=f"undetermined:{results.units[u]}",
        )
    if (undetermined & ~note_only[np.newaxis, :]).any():
        fig.supxlabel(text["partly"], x=0.01, ha="left", fontsize="small")
    title_level = (
        text["whiskers"].format(level=level)
        if level is not None
        else text["no_whiskers"]
    )
    ax.set_title(text["cost_title"].format(level=title_level))
    ax.set_ylabel(text["cost_y"])
    ax.set_xticks(x, _unit_labels(results, lang), rotation=45, ha="right")
    ax.set_xlim(-0.6, n_units - 0.4)
    ax.set_ylim(bottom=0)
    from matplotlib.ticker import StrMethodFormatter

    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.grid(visible=True, axis="y", alpha=0.3)
    if shown.size:
        ax.legend(fontsize="small", loc="upper right")
    else:
        ax.set_yticks([])  # no amount at all: no scale to read
    _add_caption(fig, _caption([results], lang), lang)
    return _finish(fig, font)


def empty_counties_table(
    results: Results,
    *,
    month: DayLike | int | None = None,
    threshold: float = 0.5,
) -> list[dict[str, object]]:
    """Return the county-level units likely to have no brand in *month*.

    One row per county whose probability of having no cultivated brand
    (established, not exited) is at least *threshold*, the most likely
    first: ``county`` (code), ``county_zh``, ``unit`` (its city-level
    unit), ``unit_zh``, ``month`` (``"2025-12"``), ``p_empty`` (the share of
    runs) and ``brands_mean``.

    Args:
        results: one scenario's results.
        month: ``"2025-12"``, a day in it, or an index; by default the
            targets' deadline (else the last month).
        threshold: the smallest probability listed, between 0 and 1.

    Raises:
        InvalidArgumentError: not results, a month not simulated, or a bad
            *threshold*.

    Example:
        >>> from labourbrand.simulation import Scenario, run
        >>> rows = empty_counties_table(run(Scenario("baseline"), runs=20), threshold=0)
        >>> len(rows), sorted(rows[0])
        (107, ['brands_mean', 'county', 'county_zh', 'month', 'p_empty', 'unit', 'unit_zh'])

    .. versionadded:: 0.1.0
    """
    results = _check_results(results)
    threshold = _check_threshold(threshold)
    m = _month_index(results, month)
    p = _empty_probability(results, m)
    brands = results.county_brands[:, m, :].mean(axis=0, dtype=np.float64)
    units = _county_units(results)
    label = results.days[m].isoformat()[:7]
    order = sorted(range(len(p)), key=lambda c: (-p[c], results.counties[c]))
    return [
        {
            "county": results.counties[c],
            "county_zh": results.county_names[c],
            "unit": results.units[units[c]],
            "unit_zh": results.unit_names[units[c]],
            "month": label,
            "p_empty": float(p[c]),
            "brands_mean": float(brands[c]),
        }
        for c in order
        if p[c] >= threshold
    ]


def empty_counties(
    results: Results,
    *,
    month: DayLike | int | None = None,
    lang: Literal["en", "zh"] = "en",
    bins: Sequence[float] = EMPTY_BINS,
) -> Figure:
    """Plot the 107 county-level units, by city-level unit, coloured by P(no brand).

    A grid with one row per city-level unit and one cell per county-level
    unit, coloured by the share of runs in which it has no cultivated brand in
    *month* (see :func:`empty_counties_table`), with a colour bar in per cent.
    The colours are classes of probability, so that the small risks that
    matter are seen: exactly 0 %, under the first of *bins*, between each two
    of them, and from the last to 100 %; by default 0 %, <1 %, 1-2 %, 2-5 %,
    5-10 %, 10-20 %, 20-50 % and 50-100 %, each its own shade. Cells are labelled
    with the county's name (in English where the data has one, else its code)
    and the probability.

    Args:
        results: one scenario's results.
        month: ``"2025-12"``, a day in it, or an index; by default the
            targets' deadline (else the last month).
        lang: ``"en"`` or ``"zh"``.
        bins: the inner edges of the colour classes, increasing
            probabilities between 0 and 1.

    Returns:
        The figure; its two axes are the grid (its image holds the
        probabilities, masked where a row has no more counties) and the colour bar.

    Raises:
        InvalidArgumentError: not results, a month not simulated, or a bad
            *lang* or *bins*.

    Example:
        >>> from labourbrand.simulation import Scenario, run
        >>> fig = empty_counties(run(Scenario("baseline"), runs=20))
        >>> [t.get_text() for t in fig.axes[1].get_yticklabels()][:4]
        ['0%', '<1%', '1-2%', '2-5%']

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Colour classes that show risks of 1-5 % (*bins*); a colour bar in per
       cent; cells and rows named in English where the data has a name.
    """
    results = _check_results(results)
    m = _month_index(results, month)
    edges = _check_bins(bins)
    lang, font = _language(lang)
    text = _TEXT[lang]
    p = _empty_probability(results, m)
    units = _county_units(results)
    rows: list[list[int]] = [[] for _ in results.units]
    for c, u in enumerate(units):
        rows[u].append(c)
    width = max(len(row) for row in rows)
    grid = np.full((len(rows), width), np.nan)
    for u, row in enumerate(rows):
        grid[u, : len(row)] = p[row]
    from matplotlib import colormaps
    from matplotlib.colors import BoundaryNorm, ListedColormap

    # A class of its own for 0 % (no run without a brand), then the bins.
    # The last class holds 1 itself (a BoundaryNorm's classes are half-open).
    bounds = [0.0, _ZERO, *edges, float(np.nextafter(1.0, 2.0))]
    shades = colormaps["Reds"](np.linspace(0.12, 1.0, len(bounds) - 2))
    cmap = ListedColormap([(0.96, 0.96, 0.96, 1.0), *shades], name="p_empty")
    norm = BoundaryNorm(bounds, cmap.N)
    fig = _figure(figsize=(max(8.0, 0.9 * width + 3), 0.45 * len(rows) + 2.4))
    ax: Axes = fig.subplots()
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=cmap,
        norm=norm,
        aspect="auto",
        interpolation="nearest",
    )
    names = _labels(results.counties, results.county_names, lang)
    for u, row in enumerate(rows):
        for j, c in enumerate(row):
            red, green, blue, _ = cmap(norm(p[c]))
            luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
            ax.text(
                j,
                u,
                f"{names[c]}\n{_percent(float(p[c]))}",
                ha="center",
                va="center",
                fontsize=6,
                color="white" if luminance < _DARK_CELL else "black",
                gid=f"county:{results.counties[c]}",
            )
    ax.set_yticks(range(len(rows)), _unit_labels(results, lang))
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    label = results.days[m].isoformat()[:7]
    ax.set_title(text["empty_title"].format(month=label))
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    classes = [
        "0%",
        f"<{edges[0] * 100:g}%",
        *(f"{a * 100:g}-{b * 100:g}%" for a, b in itertools.pairwise([*edges, 1.0])),
    ]
    bar.set_ticks([(a + b) / 2 for a, b in itertools.pairwise(bounds)], labels=classes)
    bar.ax.tick_params(length=0)
    bar.set_label(text["empty_bar"])
    _add_caption(fig, _caption([results], lang), lang)
    return _finish(fig, font)


#: The labels of :func:`sensitivity`, by language.
_SENSITIVITY_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "What moves {figure}",
        "mu_star": "mu*: mean absolute change of the figure over each assumption's range",
        "sigma": "sigma: spread of the changes (interactions, curvature)",
        "ST": "total-order index ST (share of variance, interactions included)",
        "S1": "first-order index S1 (share of variance alone)",
        "x_morris": "change in {figure} (its unit) over the assumption's range",
        "x_sobol": "share of the variance of {figure}",
        "whiskers": "whiskers: 95 % bootstrap interval",
    },
    "zh": {
        "title": "影响{figure}的假设",
        "mu_star": "mu*:假设在其区间内变化时指标的平均绝对变化",
        "sigma": "sigma:变化的离散程度(交互作用、非线性)",
        "ST": "总效应指数ST(含交互作用的方差占比)",
        "S1": "一阶指数S1(单独的方差占比)",
        "x_morris": "{figure}的变化(原单位),假设在其区间内变化",
        "x_sobol": "{figure}的方差占比",
        "whiskers": "误差线:95%自助法区间",
    },
}


def sensitivity(
    result: Sensitivity,
    *,
    figure: str | None = None,
    top: int | None = 15,
    lang: Literal["en", "zh"] = "en",
) -> Figure:
    """Plot the assumptions that move one figure most: a tornado of horizontal bars.

    The assumptions are sorted by the ranking index, the largest at the top.
    Morris: a bar of ``mu_star`` per assumption, with its 95 % bootstrap
    whisker, and a thin bar of ``sigma`` below it; Sobol': a bar of ``ST``
    with its whisker and a thin bar of ``S1``. The caption (the figure's
    ``supxlabel``, gid ``"caption"``) states the method, the design's size, the
    runs per point and the seed
    (:meth:`~labourbrand.simulation.Sensitivity.describe`).

    Args:
        result: a :class:`~labourbrand.simulation.Sensitivity`.
        figure: the figure analysed; by default the first.
        top: the most assumptions shown (``None``: all).
        lang: ``"en"`` or ``"zh"``.

    Returns:
        A figure with one axes; its bars carry the gid ``"<index>:<assumption>"``.

    Raises:
        InvalidArgumentError: not a sensitivity result, an unknown figure, a
            bad *top* or *lang*.

    Example:
        >>> from labourbrand.simulation import sensitivity_of
        >>> from labourbrand.simulation.plots import sensitivity
        >>> s = sensitivity_of(lambda p: {"y": 2 * p["a"] + p["b"]},
        ...                    {"a": (0, 1), "b": (0, 1)}, samples=4)
        >>> fig = sensitivity(s)
        >>> [bar.get_gid() for bar in fig.axes[0].patches][:2]
        ['mu_star:a', 'mu_star:b']

    .. versionadded:: 0.2.0
    """
    from labourbrand.simulation._sensitivity import Sensitivity

    lang, font = _language(lang)
    given: object = result  # callers may pass anything at run time
    if not isinstance(given, Sensitivity):
        msg = f"Expected a Sensitivity but got result={given!r} (type={type(given).__name__})"
        raise InvalidArgumentError(msg, field="result")
    if top is not None and (type(top) is not int or top < 1):
        msg = f"Expected top >= 1 or None but got top={top!r}"
        raise InvalidArgumentError(msg, field="top")
    name = result.figures[0] if figure is None else figure
    ranked = result.ranking(name)[:top]
    text = _SENSITIVITY_TEXT[lang]
    main, second = ("mu_star", "sigma") if result.method == "morris" else ("ST", "S1")
    ks = [result.assumptions.index(a) for a in ranked]
    values = result.indices[name]
    fig = _figure(figsize=(9, 1.2 + 0.38 * len(ranked)))
    ax = fig.subplots()
    y = np.arange(len(ranked), dtype=np.float64)
    conf = result.confidence[name].get(main)
    bars = ax.barh(
        y,
        values[main][ks],
        height=0.5,
        xerr=None if conf is None else conf[ks],
        capsize=3,
        label=text[main],
    )
    thin = ax.barh(y + 0.35, values[second][ks], height=0.18, label=text[second])
    for bar, assumption in zip(bars.patches, ranked, strict=True):
        bar.set_gid(f"{main}:{assumption}")
    for bar, assumption in zip(thin.patches, ranked, strict=True):
        bar.set_gid(f"{second}:{assumption}")
    ax.set_yticks(y + 0.1, ranked)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    axis = "x_morris" if result.method == "morris" else "x_sobol"
    ax.set_xlabel(text[axis].format(figure=name))
    ax.set_title(text["title"].format(figure=name))
    ax.grid(visible=True, axis="x", alpha=0.3)
    fig.legend(
        loc="outside upper right", fontsize="small", title=text["whiskers"],
        title_fontsize="small",
    )  # fmt: skip
    caption = fig.supxlabel(result.describe(lang), x=0.01, ha="left", fontsize="small")
    caption.set_gid("caption")
    return _finish(fig, font)
