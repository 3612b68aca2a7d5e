"""Figures of results show the simulated numbers, in English or Chinese, on any backend."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import warnings
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
import matplotlib as mpl


mpl.use("Agg")

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import FillBetweenPolyCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.text import Annotation, Text

from labourbrand import Fen, hookimpl
from labourbrand.exceptions import InvalidArgumentError, LabourBrandWarning
from labourbrand.policy import Flat, Measure, Rule
from labourbrand.simulation import Comparison, Results, Scenario, _plotting, plots, run


if TYPE_CHECKING:
    import numpy.typing as npt
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D


class ZiyangOnly:
    """An illustrative rule for 紫阳县 alone: 安康市's other counties stay undetermined."""

    __version__ = "0.0-test"

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return [
            # 安康市 lets 紫阳县 set its own amount; its own is not in force in the
            # period simulated, so its other counties stay undetermined.
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610900",
                first_day="2099-01-01",
                formula=Flat(Fen.from_yuan(100_000)),
                reference="illustrative: no published amount",
                illustrative=True,
                delegates_to=("610924",),
            ),
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction="610924",
                first_day="2022-04-29",
                formula=Flat(Fen.from_yuan(88_000)),
                reference="illustrative: no published amount",
                illustrative=True,
            ),
        ]


@pytest.fixture(scope="module")
def comparison(baseline_results: Results, cities_results: Results) -> Comparison:
    return Comparison(baseline=baseline_results, scenarios=(cities_results,))


@pytest.fixture(scope="module")
def ziyang_results() -> Results:
    return run(Scenario("Ziyang only", plugins=[ZiyangOnly()]), runs=20, seed=3)


@pytest.fixture(scope="module")
def short_results() -> Results:
    """Results to 2024-12-31, before the targets' deadline."""
    return run(Scenario("to 2024", horizon="2024-12-31"), runs=3)


#: The font lookup of the module, before any test replaces it.
INSTALLED_FONTS = _plotting._installed_fonts


@pytest.fixture(autouse=True)
def _no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every test see no CJK font installed, and no warning given yet."""
    monkeypatch.setattr(_plotting, "_installed_fonts", set)
    monkeypatch.setattr(_plotting, "_warned", set())


def _unavailable(reason: str) -> NoReturn:
    """Skip with *reason*, or fail under CI, where .ci/run installs fonts-noto-cjk."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the CJK font tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def cjk_font(monkeypatch: pytest.MonkeyPatch) -> str:
    """A CJK font of the system, found by fontconfig, as the figures' font lookup sees it."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        _unavailable("fontconfig's fc-list is not installed")
    listed = subprocess.run(
        [fc_list, ":lang=zh", "file"], capture_output=True, text=True, check=True
    ).stdout
    files = [line.split(":")[0] for line in listed.splitlines() if line.strip()]
    names = {
        font_manager.ttfFontProperty(font_manager.get_font(path)).name for path in files
    }
    if names.isdisjoint(plots.CJK_FONTS):
        _unavailable(
            f"no CJK font of plots.CJK_FONTS is installed (fc-list :lang=zh: {sorted(names)}); "
            "install fonts-noto-cjk"
        )
    monkeypatch.setattr(_plotting, "_installed_fonts", INSTALLED_FONTS)
    font = _plotting._cjk_font()
    assert font is not None
    return font


def only_axes(fig: Figure) -> Axes:
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1
    return fig.axes[0]


def lines(ax: Axes) -> list[Line2D]:
    return list(ax.get_lines())


def render(fig: Figure) -> None:
    """Draw the figure to PNG with Agg (warnings, e.g. a missing glyph, are errors)."""
    fig.savefig(io.BytesIO(), format="png")


def caption_of(fig: Figure) -> str:
    """The caption at the foot of the figure, its wrapping undone."""
    (text,) = [t for t in fig.texts if t.get_gid() == "caption"]
    return " ".join(text.get_text().split())


def band_at(band: PolyCollection, x: float) -> set[float]:
    vertices = np.asarray(band.get_paths()[0].vertices, dtype=np.float64)
    return {float(y) for y in vertices[np.isclose(vertices[:, 0], x), 1]}


def x_of(day: str) -> float:
    return float(mdates.date2num(np.datetime64(day)))  # type: ignore[no-untyped-call]


# ------------------------------------------------------------ brands over time
class TestBrandsOverTime:
    def test_one_scenario(self, cities_results: Results) -> None:
        """A median line, an interval band, the target line at 100 and the deadline."""
        r = cities_results
        ax = only_axes(plots.brands_over_time(r))
        median, target, deadline = lines(ax)
        np.testing.assert_array_equal(
            median.get_ydata(), np.median(r.cultivated, axis=0)
        )
        assert np.asarray(target.get_ydata()).tolist() == [100, 100]
        assert target.get_linestyle() == "--"
        assert (
            np.asarray(deadline.get_xdata()).tolist()
            == [np.datetime64("2025-12-31").item()] * 2
        )
        (band,) = ax.collections
        assert isinstance(band, FillBetweenPolyCollection)
        assert r.deadline_month is not None
        for m in (0, 20, r.deadline_month):
            low, high = r.interval(month=m)
            assert band_at(band, x_of(r.days[m].isoformat())) == {low, high}
        labels = ax.get_legend_handles_labels()[1]
        assert labels == [
            "illustrative cities: 90% interval",
            "illustrative cities: median",
            "target: 100 brands (clause 2)",
            "deadline 2025-12-31",
        ]
        assert ax.get_ylim()[0] == 0
        render(ax.figure)  # type: ignore[arg-type]

    def test_level_sets_the_band(self, baseline_results: Results) -> None:
        """level=0.5 draws the central 50 % interval of Results.interval."""
        ax = only_axes(plots.brands_over_time(baseline_results, level=0.5))
        (band,) = ax.collections
        assert isinstance(band, PolyCollection)
        low, high = baseline_results.interval(month="2024-06", level=0.5)
        assert band_at(band, x_of("2024-06-30")) == {low, high}

    def test_comparison(self, comparison: Comparison) -> None:
        """Every scenario gets its median and band; the shared target is drawn once."""
        ax = only_axes(plots.brands_over_time(comparison))
        assert len(lines(ax)) == 2 + 1 + 1
        assert len(ax.collections) == 2
        labels = ax.get_legend_handles_labels()[1]
        assert "baseline: median" in labels
        assert "illustrative cities: median" in labels
        assert labels.count("target: 100 brands (clause 2)") == 1

    def test_without_target(self, baseline_results: Results) -> None:
        """target=False leaves the target line out."""
        ax = only_axes(plots.brands_over_time(baseline_results, target=False))
        assert len(lines(ax)) == 2
        assert all(
            np.asarray(line.get_ydata()).tolist() != [100, 100] for line in lines(ax)
        )

    def test_deadline_outside_the_horizon_is_not_drawn(
        self, short_results: Results
    ) -> None:
        """A horizon before the deadline gives no deadline line."""
        ax = only_axes(plots.brands_over_time(short_results))
        assert len(lines(ax)) == 2
        assert not any(
            "deadline" in label for label in ax.get_legend_handles_labels()[1]
        )

    @pytest.mark.usefixtures("cjk_font")
    def test_chinese_labels(self, baseline_results: Results) -> None:
        """lang='zh' writes every label in Chinese."""
        ax = only_axes(plots.brands_over_time(baseline_results, lang="zh"))
        assert ax.get_title() == "培育的劳务品牌数（已创建、未退出）"
        assert ax.get_ylabel() == "品牌数"
        assert ax.get_xlabel() == "月份"
        labels = ax.get_legend_handles_labels()[1]
        assert labels == [
            "baseline：90%区间",
            "baseline：中位数",
            "目标：100个品牌（第2条）",
            "截止日期 2025-12-31",
        ]

    @pytest.mark.parametrize(
        ("keyword", "value"),
        [("level", 0), ("level", 1), ("level", True), ("level", "0.9"), ("lang", "fr")],
    )
    def test_bad_arguments(
        self, baseline_results: Results, keyword: str, value: object
    ) -> None:
        """A level outside (0, 1) or another language is refused, naming the argument."""
        with pytest.raises(InvalidArgumentError, match=keyword) as info:
            plots.brands_over_time(baseline_results, **{keyword: value})  # type: ignore[arg-type]
        assert info.value.field == keyword

    def test_not_results(self) -> None:
        """Anything but results or a comparison is refused."""
        with pytest.raises(InvalidArgumentError, match="Expected Results"):
            plots.brands_over_time([1, 2])  # type: ignore[arg-type]


# ----------------------------------------------------------------- fonts
def zh_figures(baseline: Results, cities: Results) -> list[Figure]:
    return [
        plots.brands_over_time(baseline, lang="zh"),
        plots.cost_by_city_and_year(cities, lang="zh"),
        plots.empty_counties(baseline, lang="zh"),
    ]


class TestFonts:
    def test_with_a_cjk_font_chinese_figures_draw_without_warnings(
        self, baseline_results: Results, cities_results: Results, cjk_font: str
    ) -> None:
        """With a CJK font installed, every text of a Chinese figure uses it, and nothing warns."""
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            figures = zh_figures(baseline_results, cities_results)
            for fig in figures:
                render(fig)
        assert [str(w.message) for w in recorded] == []
        for fig in figures:
            texts = fig.findobj(Text)
            assert texts
            for text in texts:
                assert text.get_fontfamily() == [cjk_font, "sans-serif"]
        assert figures[0].axes[0].get_title() == "培育的劳务品牌数（已创建、未退出）"

    def test_without_a_cjk_font_chinese_falls_back_to_english_with_one_warning(
        self, baseline_results: Results, cities_results: Results
    ) -> None:
        """With no CJK font, Chinese figures are drawn in English: one warning, no missing glyph."""
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            figures = zh_figures(baseline_results, cities_results)
            figures += zh_figures(baseline_results, cities_results)
            for fig in figures:
                render(fig)
        assert len(recorded) == 1, [str(w.message) for w in recorded]
        (warning,) = recorded
        assert warning.category is LabourBrandWarning
        assert warning.filename == __file__  # points at the call, not at plots.py
        message = str(warning.message)
        assert message.startswith("No CJK font found for Chinese labels")
        assert all(name in message for name in plots.CJK_FONTS)
        assert "apt-get install fonts-noto-cjk" in message
        brands, cost, empty = figures[:3]
        assert brands.axes[0].get_title() == (
            "Labour brands cultivated (established, not exited)"
        )
        assert [t.get_text() for t in cost.axes[0].get_xticklabels()][:2] == [
            "Xi'an",
            "Tongchuan",
        ]
        assert empty.axes[1].get_ylabel() == "P(no brand), share of runs"
        default = mpl.rcParams["font.family"]
        assert brands.axes[0].title.get_fontfamily() == default

    def test_a_chinese_name_without_a_cjk_font_is_drawn_with_question_marks(
        self, baseline_results: Results
    ) -> None:
        """A scenario named in Chinese, with no CJK font: '?' for each character, one warning."""
        named = attrs.evolve(baseline_results, scenario="紫阳 only")
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            fig = plots.brands_over_time(named)
            render(fig)
        assert [w.category for w in recorded] == [LabourBrandWarning]
        labels = only_axes(fig).get_legend_handles_labels()[1]
        legend = fig.axes[0].get_legend()
        assert legend is not None
        assert [t.get_text() for t in legend.get_texts()][:2] == [
            "?? only: 90% interval",
            "?? only: median",
        ]
        assert labels[1] == "紫阳 only: median"  # the artist keeps its real label
        assert caption_of(fig).startswith("Scenario '?? only': 40 runs")

    def test_a_chinese_name_with_a_cjk_font_is_drawn_in_it(
        self, baseline_results: Results, cjk_font: str
    ) -> None:
        """A scenario named in Chinese, in an English figure: its texts get the CJK font."""
        named = attrs.evolve(baseline_results, scenario="紫阳 only")
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            fig = plots.brands_over_time(named)
            render(fig)
        assert recorded == []
        legend = fig.axes[0].get_legend()
        assert legend is not None
        median = legend.get_texts()[1]
        assert median.get_text() == "紫阳 only: median"
        assert median.get_fontfamily() == [cjk_font, "sans-serif"]
        assert only_axes(fig).title.get_fontfamily() == mpl.rcParams["font.family"]

    def test_fonts_installed_after_matplotlib_cached_its_list_are_found(
        self, cjk_font: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A CJK font missing from matplotlib's cached font list is found on the system."""
        manager = font_manager.fontManager
        # The list as cached before any CJK font was installed.
        files = {f.fname for f in manager.ttflist if f.name in plots.CJK_FONTS}
        stale = [font for font in manager.ttflist if font.fname not in files]
        monkeypatch.setattr(manager, "ttflist", stale)
        assert {font.name for font in manager.ttflist}.isdisjoint(plots.CJK_FONTS)
        assert cjk_font in _plotting._installed_fonts()
        assert _plotting._cjk_font() == cjk_font

    def test_the_first_installed_font_wins(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Fonts are tried in the order of CJK_FONTS."""
        monkeypatch.setattr(
            _plotting, "_installed_fonts", lambda: {"SimHei", "Noto Sans CJK SC"}
        )
        assert _plotting._cjk_font() == "Noto Sans CJK SC"

    def test_english_figures_keep_the_default_font(
        self, baseline_results: Results, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An English figure with nothing Chinese never changes the font."""
        monkeypatch.setattr(_plotting, "_installed_fonts", lambda: {"SimHei"})
        fig = plots.brands_over_time(baseline_results)
        assert only_axes(fig).title.get_fontfamily() == mpl.rcParams["font.family"]

    def test_installed_fonts_are_read_from_matplotlib(self) -> None:
        """The installed fonts are matplotlib's font list."""
        assert "DejaVu Sans" in INSTALLED_FONTS()  # shipped with matplotlib


# ---------------------------------------------------------- cost by city
def bar_containers(ax: Axes) -> list[BarContainer]:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def notes(ax: Axes, prefix: str) -> list[Annotation]:
    return [
        t
        for t in ax.texts
        if isinstance(t, Annotation) and (t.get_gid() or "").startswith(prefix)
    ]


class TestCostByCityAndYear:
    def test_determined_units_get_bars(self, cities_results: Results) -> None:
        """Units with a rule get one bar per year: the mean money in yuan."""
        r = cities_results
        ax = only_axes(plots.cost_by_city_and_year(r))
        containers = bar_containers(ax)
        assert [c.get_label() for c in containers] == ["2022", "2023", "2024", "2025"]
        determined_units = ["610100", "610300", "610900"]  # 紫阳县 is in 安康市
        heights = {
            bar.get_gid(): bar.get_height() for c in containers for bar in c.patches
        }
        assert set(heights) == {f"{u}:{y}" for u in determined_units for y in r.years}
        for u in determined_units:
            for y, year in enumerate(r.years):
                expected = r.money[:, y, r.units.index(u)].mean() / 100
                assert heights[f"{u}:{year}"] == pytest.approx(expected)
        assert sum(heights.values()) > 0
        assert all(c.errorbar is not None for c in containers)
        assert not notes(ax, "partly:")
        render(ax.figure)  # type: ignore[arg-type]

    def test_undetermined_units_are_annotated_not_zero(
        self, cities_results: Results
    ) -> None:
        """A unit whose amounts are all undetermined gets the note, not a zero bar."""
        r = cities_results
        ax = only_axes(plots.cost_by_city_and_year(r))
        annotated = {
            (t.get_gid() or "").split(":")[1] for t in notes(ax, "undetermined:")
        }
        expected = {
            u for i, u in enumerate(r.units) if r.money_undetermined[:, :, i].sum() > 0
        }
        assert annotated == expected
        assert "610200" in annotated  # 铜川市 has no rule
        for t in notes(ax, "undetermined:"):
            assert t.get_text() == "amount undetermined\n(delegated to the city)"
        bars = {b.get_gid() or "" for c in bar_containers(ax) for b in c.patches}
        assert not any(g.split(":")[0] in annotated for g in bars)

    def test_no_rule_at_all(self, baseline_results: Results) -> None:
        """Without any rule there are notes only: no bars, no money scale, no legend."""
        r = baseline_results
        ax = only_axes(plots.cost_by_city_and_year(r))
        assert not bar_containers(ax)
        assert not ax.patches
        assert len(notes(ax, "undetermined:")) == int(
            (r.money_undetermined.sum(axis=(0, 1)) > 0).sum()
        )
        assert list(ax.get_yticks()) == []
        assert ax.get_legend() is None
        assert [t.get_text() for t in ax.get_xticklabels()][:3] == [
            "Xi'an",
            "Tongchuan",
            "Baoji",
        ]

    def test_partly_undetermined_bars_are_marked(self, ziyang_results: Results) -> None:
        """A unit with some awards determined and some not gets its bars marked '*'."""
        r = ziyang_results
        fig = plots.cost_by_city_and_year(r)
        ax = only_axes(fig)
        bars = {b.get_gid() for c in bar_containers(ax) for b in c.patches}
        assert bars == {f"610900:{y}" for y in r.years}
        marked = notes(ax, "partly:")
        assert marked
        assert {t.get_text() for t in marked} == {"*"}
        y_index = {year: y for y, year in enumerate(r.years)}
        for t in marked:
            year = int((t.get_gid() or "").split(":")[2])
            assert r.money_undetermined[:, y_index[year], r.units.index("610900")].sum()
        assert fig.get_supxlabel() == (
            "* some awards' amount undetermined (delegated to the city)"
        )

    def test_without_interval(self, cities_results: Results) -> None:
        """level=None draws no whiskers."""
        ax = only_axes(plots.cost_by_city_and_year(cities_results, level=None))
        assert all(c.errorbar is None for c in bar_containers(ax))
        assert "no interval" in ax.get_title()

    def test_whiskers_span_the_interval(self, cities_results: Results) -> None:
        """Whiskers run from the 5 % to the 95 % quantile of the yearly money."""
        r = cities_results
        ax = only_axes(plots.cost_by_city_and_year(r))
        first = bar_containers(ax)[0]  # 2022
        assert first.errorbar is not None
        segments = first.errorbar.lines[2][0].get_segments()
        u = r.units.index("610100")
        low, high = np.quantile(r.money[:, 0, u] / 100, [0.05, 0.95])
        assert segments[0][:, 1].tolist() == pytest.approx([low, high])

    @pytest.mark.usefixtures("cjk_font")
    def test_chinese_labels(self, cities_results: Results) -> None:
        """lang='zh' names the units in Chinese and writes the notes in Chinese."""
        ax = only_axes(plots.cost_by_city_and_year(cities_results, lang="zh"))
        assert [t.get_text() for t in ax.get_xticklabels()] == list(
            cities_results.unit_names
        )
        assert ax.get_ylabel() == "元"
        assert ax.get_title().startswith("各地市、各年度一次性奖补资金")
        assert {t.get_text() for t in notes(ax, "undetermined:")} == {
            "金额未定\n（由地市确定）"
        }

    def test_bad_arguments(self, cities_results: Results) -> None:
        """Bad results, level or lang are refused."""
        with pytest.raises(InvalidArgumentError, match="level"):
            plots.cost_by_city_and_year(cities_results, level=2)
        with pytest.raises(InvalidArgumentError, match="lang"):
            plots.cost_by_city_and_year(cities_results, lang="de")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError, match="Expected Results"):
            plots.cost_by_city_and_year(None)  # type: ignore[arg-type]


# -------------------------------------------------------- empty counties
def cells_of(image: AxesImage) -> np.ma.MaskedArray[Any, Any]:
    array = image.get_array()
    assert array is not None
    return np.ma.masked_invalid(array)


def p_empty(r: Results, month: int) -> npt.NDArray[np.float64]:
    return np.asarray((r.county_brands[:, month, :] == 0).mean(axis=0))


class TestEmptyCounties:
    def test_grid(self, baseline_results: Results) -> None:
        """107 cells grouped by city-level unit, coloured by P(no brand) at the deadline."""
        r = baseline_results
        fig = plots.empty_counties(r)
        assert len(fig.axes) == 2  # the grid and its colour bar
        ax = fig.axes[0]
        (image,) = ax.get_images()
        assert isinstance(image, AxesImage)
        grid = cells_of(image)
        assert grid.shape == (12, 13)
        assert grid.count() == 107
        assert int(np.ma.getmaskarray(grid).sum()) == 12 * 13 - 107
        p = p_empty(r, 44)
        cells = [t for t in ax.texts if (t.get_gid() or "").startswith("county:")]
        assert len(cells) == 107
        for cell in cells:
            code = (cell.get_gid() or "").split(":")[1]
            x, y = cell.get_position()
            value = p[r.counties.index(code)]
            assert grid[int(y), int(x)] == pytest.approx(value)
            # Only 韩城市 has an English name among the county-level units.
            name = "Hancheng" if code == "610581" else code
            assert cell.get_text() == f"{name}\n{value:.0%}"  # 40 runs: 2.5 % steps
        assert [t.get_text() for t in ax.get_yticklabels()][-2:] == [
            "Yangling Demonstration Zone",
            "Hancheng",  # 韩城市, named in special_units.csv
        ]
        assert ax.get_title().endswith("2025-12")
        assert fig.axes[1].get_ylabel() == "P(no brand), share of runs"
        render(fig)

    def test_month(self, baseline_results: Results) -> None:
        """month= picks another month."""
        r = baseline_results
        ax = plots.empty_counties(r, month="2022-06").axes[0]
        grid = cells_of(ax.get_images()[0])
        first_row = r.counties.index("610102")
        assert grid[0, 0] == pytest.approx(p_empty(r, r.month("2022-06"))[first_row])
        assert ax.get_title().endswith("2022-06")

    @pytest.mark.usefixtures("cjk_font")
    def test_chinese_labels(self, baseline_results: Results) -> None:
        """lang='zh' labels cells with county names and rows with unit names."""
        fig = plots.empty_counties(baseline_results, lang="zh")
        ax = fig.axes[0]
        names = {t.get_text().split("\n")[0] for t in ax.texts}
        assert "紫阳县" in names
        assert [t.get_text() for t in ax.get_yticklabels()] == list(
            baseline_results.unit_names
        )
        assert fig.axes[1].get_ylabel() == "没有品牌的概率（模拟次数占比）"

    def test_bad_arguments(self, baseline_results: Results) -> None:
        """A month not simulated or another language is refused."""
        with pytest.raises(InvalidArgumentError, match="month"):
            plots.empty_counties(baseline_results, month="2030-01")
        with pytest.raises(InvalidArgumentError, match="lang"):
            plots.empty_counties(baseline_results, lang="EN")  # type: ignore[arg-type]


def with_empty_runs(r: Results, empty: dict[str, int], runs: int = 100) -> Results:
    """*r* with *runs* runs in which each county of *empty* lacks a brand in that many."""
    brands = np.ones((runs, r.months, len(r.counties)), np.uint8)
    for code, count in empty.items():
        brands[:count, :, r.counties.index(code)] = 0
    return attrs.evolve(r, county_brands=brands)


def drawn_colour(fig: Figure, code: str) -> npt.NDArray[np.float64]:
    """The RGB colour drawn near the corner of the county's cell in the PNG."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    pixels: npt.NDArray[np.float64] = np.asarray(rgba, np.float64)[..., :3] / 255
    ax = fig.axes[0]
    (cell,) = [t for t in ax.texts if t.get_gid() == f"county:{code}"]
    x, y = cell.get_position()
    # Inside the cell, off its label: a quarter of a cell from its corner.
    px, py = ax.transData.transform((x - 0.35, y - 0.3))
    row = round(pixels.shape[0] - py)
    colour: npt.NDArray[np.float64] = pixels[row, round(px)]
    return colour


def colour_of(image: AxesImage, value: float) -> tuple[float, ...]:
    """The RGBA colour the image gives a probability."""
    rgba = np.asarray(image.cmap(image.norm(np.array([value]))), np.float64)
    return tuple(rgba[0].tolist())


class TestEmptyCountiesScale:
    def test_one_and_five_per_cent_get_distinguishable_colours(
        self, baseline_results: Results
    ) -> None:
        """Risks of 0 %, 1 % and 5 % are drawn in clearly different colours."""
        r = with_empty_runs(baseline_results, {"610924": 1, "610581": 5})
        fig = plots.empty_counties(r)
        image = fig.axes[0].get_images()[0]
        grid = cells_of(image)
        assert sorted(set(grid.compressed().tolist())) == [0, 0.01, 0.05]
        zero, one, five = (
            drawn_colour(fig, code) for code in ("610102", "610924", "610581")
        )
        for a, b in ((zero, one), (one, five), (zero, five)):
            assert np.abs(a - b).max() > 0.1, (a, b)
        # On a linear scale from 0 to 1 (before 0.2.0) they were hardly apart.
        reds = mpl.colormaps["Reds"]
        assert np.abs(np.subtract(reds(0.01), reds(0.05))[:3]).max() < 0.1
        cells = {
            (t.get_gid() or "").split(":")[1]: t.get_text() for t in fig.axes[0].texts
        }
        assert cells["610924"] == "610924\n1%"
        assert cells["610581"] == "Hancheng\n5%"

    def test_colour_bar_in_per_cent(self, baseline_results: Results) -> None:
        """The colour bar names its classes in per cent, 0 % apart."""
        fig = plots.empty_counties(baseline_results)
        labels = [t.get_text() for t in fig.axes[1].get_yticklabels()]
        assert labels == [
            "0%",
            "<1%",
            "1-2%",
            "2-5%",
            "5-10%",
            "10-20%",
            "20-50%",
            "50-100%",
        ]
        render(fig)

    def test_each_class_its_colour(self, baseline_results: Results) -> None:
        """Every class, 100 % included, has a colour of its own, darker as the risk grows."""
        fig = plots.empty_counties(baseline_results)
        image = fig.axes[0].get_images()[0]
        values = [0, 0.005, 0.01, 0.03, 0.07, 0.15, 0.3, 0.99, 1.0]
        colours = [colour_of(image, v) for v in values]
        assert len(set(colours[:-1])) == len(values) - 1
        assert colours[-1] == colours[-2]  # 99 % and 100 %: the top class
        luminance = [0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] for c in colours]
        assert luminance == sorted(luminance, reverse=True)

    def test_bins(self, baseline_results: Results) -> None:
        """bins= sets the classes."""
        r = with_empty_runs(baseline_results, {"610924": 5, "610581": 30})
        fig = plots.empty_counties(r, bins=(0.1, 0.5))
        labels = [t.get_text() for t in fig.axes[1].get_yticklabels()]
        assert labels == ["0%", "<10%", "10-50%", "50-100%"]
        image = fig.axes[0].get_images()[0]
        assert colour_of(image, 0.05) != colour_of(image, 0.3)
        assert colour_of(image, 0.05) == colour_of(image, 0.09)

    @pytest.mark.parametrize(
        "bins", [(), (0.5, 0.1), (0, 0.5), (0.5, 1), (True,), ("0.1",), 0.1, (0.1, 0.1)]
    )
    def test_bad_bins(self, baseline_results: Results, bins: object) -> None:
        """Bins that are not increasing probabilities strictly between 0 and 1 are refused."""
        with pytest.raises(InvalidArgumentError, match="Expected bins") as info:
            plots.empty_counties(baseline_results, bins=bins)  # type: ignore[arg-type]
        assert info.value.field == "bins"

    def test_small_shares_are_not_rounded_to_zero(
        self, baseline_results: Results
    ) -> None:
        """A cell of 0.5 % reads <1 %, one of 99.5 % reads >99 %."""
        r = with_empty_runs(baseline_results, {"610924": 1, "610581": 199}, runs=200)
        ax = plots.empty_counties(r).axes[0]
        cells = {(t.get_gid() or "").split(":")[1]: t.get_text() for t in ax.texts}
        assert cells["610924"] == "610924\n<1%"
        assert cells["610581"] == "Hancheng\n>99%"
        assert cells["610102"] == "610102\n0%"


class TestEmptyCountiesTable:
    def test_every_county_at_threshold_zero(self, baseline_results: Results) -> None:
        """threshold=0 lists all 107 counties, the likeliest to be empty first."""
        r = baseline_results
        rows = plots.empty_counties_table(r, threshold=0)
        assert len(rows) == 107
        p = p_empty(r, 44)
        assert [row["p_empty"] for row in rows] == sorted(p, reverse=True)
        ziyang = next(row for row in rows if row["county"] == "610924")
        assert ziyang == {
            "county": "610924",
            "county_zh": "紫阳县",
            "unit": "610900",
            "unit_zh": "安康市",
            "month": "2025-12",
            "p_empty": pytest.approx(p[r.counties.index("610924")]),
            "brands_mean": pytest.approx(
                r.county_brands[:, 44, r.counties.index("610924")].mean()
            ),
        }

    def test_threshold(self, baseline_results: Results) -> None:
        """Only counties at or above the threshold are listed."""
        r = baseline_results
        early = plots.empty_counties_table(r, month=0, threshold=0.5)
        p = p_empty(r, 0)
        assert len(early) == int((p >= 0.5).sum()) > 0
        assert all(row["month"] == "2022-04" for row in early)
        assert plots.empty_counties_table(r, month=0, threshold=1) == [
            row for row in early if row["p_empty"] == 1
        ]

    def test_without_deadline_the_last_month(self, short_results: Results) -> None:
        """With the deadline outside the horizon, the default month is the last."""
        rows = plots.empty_counties_table(short_results, threshold=0)
        assert {row["month"] for row in rows} == {"2024-12"}

    def test_yangling_and_hancheng_are_their_own_units(
        self, baseline_results: Results
    ) -> None:
        """杨陵区 belongs to the Yangling zone, 韩城市 to itself."""
        rows = {
            row["county"]: row
            for row in plots.empty_counties_table(baseline_results, threshold=0)
        }
        assert rows["610403"]["unit"] == "yangling"
        assert rows["610581"]["unit"] == "610581"

    @pytest.mark.parametrize("threshold", [-0.1, 1.5, True, "0.5"])
    def test_bad_threshold(self, baseline_results: Results, threshold: object) -> None:
        """A threshold outside [0, 1] is refused."""
        with pytest.raises(InvalidArgumentError, match="threshold") as info:
            plots.empty_counties_table(baseline_results, threshold=threshold)  # type: ignore[arg-type]
        assert info.value.field == "threshold"

    def test_units_must_match_the_regions(self, baseline_results: Results) -> None:
        """Results whose units are not the counties' city-level units are refused."""
        odd = attrs.evolve(baseline_results, units=("610100",))
        with pytest.raises(InvalidArgumentError, match="city-level unit of county"):
            plots.empty_counties_table(odd)


def test_unknown_units_are_labelled_by_their_id(baseline_results: Results) -> None:
    """A unit the packaged regions do not know is labelled with its id."""
    odd = attrs.evolve(
        baseline_results,
        units=("610100", "yangling", "610581", "619999", "nowhere"),
        unit_names=("西安市", "杨凌", "韩城市", "?", "?"),
    )
    assert plots._unit_labels(odd, "en") == [
        "Xi'an",
        "Yangling Demonstration Zone",
        "Hancheng",
        "619999",
        "nowhere",
    ]


# ------------------------------------------------------------ unit names
CODE = re.compile(r"\b6\d{5}\b")


def unit_labels(fig: Figure, axis: str) -> list[str]:
    ax = fig.axes[0]
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks]


class TestUnitNames:
    def test_english_figures_name_every_city_level_unit(
        self, cities_results: Results
    ) -> None:
        """韩城市 and 杨凌示范区 are named in English, as every city-level unit: no code."""
        for labels in (
            unit_labels(plots.cost_by_city_and_year(cities_results), "x"),
            unit_labels(plots.empty_counties(cities_results), "y"),
        ):
            assert len(labels) == 12
            assert labels[-2:] == ["Yangling Demonstration Zone", "Hancheng"]
            assert not [label for label in labels if CODE.search(label)]
        cells = {
            (t.get_gid() or "").split(":")[1]: t.get_text().split("\n")[0]
            for t in plots.empty_counties(cities_results).axes[0].texts
        }
        assert cells["610581"] == "Hancheng"

    @pytest.mark.usefixtures("cjk_font")
    def test_chinese_figures_name_every_unit(self, cities_results: Results) -> None:
        """In Chinese, every unit and county has its name: 韩城市, 杨凌农业高新技术产业示范区."""
        for labels in (
            unit_labels(plots.cost_by_city_and_year(cities_results, lang="zh"), "x"),
            unit_labels(plots.empty_counties(cities_results, lang="zh"), "y"),
        ):
            assert labels[-2:] == ["杨凌农业高新技术产业示范区", "韩城市"]
            assert not [label for label in labels if CODE.search(label)]
        texts = plots.empty_counties(cities_results, lang="zh").axes[0].texts
        cells = [t.get_text().split("\n")[0] for t in texts]
        assert len(cells) == 107
        assert "韩城市" in cells
        assert "杨陵区" in cells
        assert not [cell for cell in cells if CODE.search(cell)]


# -------------------------------------------------------------- captions
class TestCaptions:
    def test_every_figure_states_what_it_rests_on(
        self, baseline_results: Results
    ) -> None:
        """Each figure's caption names the scenario, runs, seed and the default assumptions."""
        expected = (
            "Scenario 'baseline': 40 runs, seed 11; default parameters; "
            "default assumptions."
        )
        assert plots.caption(baseline_results) == expected
        for fig in (
            plots.brands_over_time(baseline_results),
            plots.cost_by_city_and_year(baseline_results),
            plots.empty_counties(baseline_results),
        ):
            assert caption_of(fig) == expected
            render(fig)

    def test_changes_are_stated(self) -> None:
        """Parameters changed (from their day) and assumptions changed are listed."""
        reform = Scenario(
            "reform-300",
            parameters={
                "employment_award_threshold": 300,
                "employment_award_cap": Fen.from_yuan(500_000),
            },
            parameters_from="2024-01-01",
            assumptions={"exit_proposal_hazard": 0.0, "growth_mean": 0.02},
        )
        r = run(reform, runs=4, seed=5)
        assert plots.caption(r) == (
            "Scenario 'reform-300': 4 runs, seed 5; parameters changed: "
            "employment_award_threshold = 300, employment_award_cap = ¥500,000.00 "
            "from 2024-01-01; assumptions changed: growth_mean = 0.02, "
            "exit_proposal_hazard = 0 (the others default)."
        )
        assert plots.caption(r, lang="zh") == (
            "情景“reform-300”：4次模拟，随机种子5；改变的参数："
            "employment_award_threshold = 300, employment_award_cap = ¥500,000.00"
            "（自2024-01-01起）；改变的假设：growth_mean = 0.02, "
            "exit_proposal_hazard = 0（其余为默认值）。"
        )
        assert caption_of(plots.brands_over_time(r)) == plots.caption(r)

    def test_a_comparison_states_each_scenario(self, comparison: Comparison) -> None:
        """A comparison's caption has one line per scenario."""
        text = plots.caption(comparison)
        defaults = "40 runs, seed 11; default parameters; default assumptions."
        assert text.split("\n") == [
            f"Scenario 'baseline': {defaults}",
            f"Scenario 'illustrative cities': {defaults}",
        ]
        assert caption_of(plots.brands_over_time(comparison)) == " ".join(text.split())

    def test_results_without_a_record_say_so(self, baseline_results: Results) -> None:
        """Results that did not record their scenario's changes do not claim the defaults."""
        unknown = attrs.evolve(baseline_results, overrides=None)
        assert plots.caption(unknown) == (
            "Scenario 'baseline': 40 runs, seed 11; "
            "parameters and assumptions not recorded."
        )
        assert plots.caption(unknown, lang="zh") == (
            "情景“baseline”：40次模拟，随机种子11；参数和假设未记录。"
        )

    def test_chinese_caption(self, baseline_results: Results, cjk_font: str) -> None:
        """A Chinese figure carries the Chinese caption, in the CJK font."""
        fig = plots.empty_counties(baseline_results, lang="zh")
        (text,) = [t for t in fig.texts if t.get_gid() == "caption"]
        assert "".join(text.get_text().split()) == "".join(
            plots.caption(baseline_results, lang="zh").split()
        )
        assert text.get_fontfamily() == [cjk_font, "sans-serif"]

    def test_the_caption_has_room_of_its_own(self, cities_results: Results) -> None:
        """The caption sits below the axes and their tick labels, inside the figure."""
        for fig in (
            plots.cost_by_city_and_year(cities_results),
            plots.empty_counties(cities_results),
            plots.brands_over_time(cities_results),
        ):
            canvas = FigureCanvasAgg(fig)
            canvas.draw()  # type: ignore[no-untyped-call]
            renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
            (text,) = [t for t in fig.texts if t.get_gid() == "caption"]
            box = text.get_window_extent(renderer)
            assert box.y0 >= 0
            assert box.x1 <= fig.bbox.width
            for ax in fig.axes:
                tight = ax.get_tightbbox(renderer)
                assert tight is not None
                assert tight.y0 > box.y1

    def test_bad_arguments(self, baseline_results: Results) -> None:
        """Not results, or another language, is refused."""
        with pytest.raises(InvalidArgumentError, match="Expected Results"):
            plots.caption("baseline")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError, match="lang"):
            plots.caption(baseline_results, lang="fr")  # type: ignore[arg-type]
