"""Figures of results show the simulated numbers, in English or Chinese, on any backend."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import attrs
import matplotlib as mpl


mpl.use("Agg")

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.collections import FillBetweenPolyCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.text import Annotation, Text

from labourbrand import Fen, hookimpl
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy import Flat, Measure, Rule
from labourbrand.simulation import Comparison, Results, Scenario, plots, run


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
    return run(Scenario("紫阳 only", plugins=[ZiyangOnly()]), runs=20, seed=3)


@pytest.fixture(scope="module")
def short_results() -> Results:
    """Results to 2024-12-31, before the targets' deadline."""
    return run(Scenario("to 2024", horizon="2024-12-31"), runs=3)


@pytest.fixture(autouse=True)
def _no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every test see no CJK font installed, whatever the machine has."""
    monkeypatch.setattr(plots, "_installed_fonts", set)


def only_axes(fig: Figure) -> Axes:
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1
    return fig.axes[0]


def lines(ax: Axes) -> list[Line2D]:
    return list(ax.get_lines())


def render(fig: Figure) -> None:
    """Draw the figure to PNG with Agg (warnings, e.g. a missing glyph, are errors)."""
    fig.savefig(io.BytesIO(), format="png")


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
class TestFonts:
    def test_a_cjk_font_is_used_for_chinese(
        self, baseline_results: Results, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With a CJK font installed, every text of a Chinese figure uses it."""
        monkeypatch.setattr(
            plots, "_installed_fonts", lambda: {"DejaVu Sans", "WenQuanYi Zen Hei"}
        )
        fig = plots.empty_counties(baseline_results, lang="zh")
        texts = fig.findobj(Text)
        assert texts
        for text in texts:
            assert text.get_fontfamily() == ["WenQuanYi Zen Hei", "sans-serif"]

    def test_the_first_installed_font_wins(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Fonts are tried in the order of CJK_FONTS."""
        monkeypatch.setattr(
            plots, "_installed_fonts", lambda: {"SimHei", "Noto Sans CJK SC"}
        )
        assert plots._cjk_font() == "Noto Sans CJK SC"

    def test_without_a_cjk_font_the_default_is_kept(
        self, baseline_results: Results
    ) -> None:
        """With no CJK font, a Chinese figure keeps the default font, silently."""
        fig = plots.brands_over_time(baseline_results, lang="zh")
        default = mpl.rcParams["font.family"]
        assert only_axes(fig).title.get_fontfamily() == default

    def test_english_figures_keep_the_default_font(
        self, baseline_results: Results, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An English figure never changes the font, CJK font installed or not."""
        monkeypatch.setattr(plots, "_installed_fonts", lambda: {"SimHei"})
        fig = plots.brands_over_time(baseline_results)
        assert only_axes(fig).title.get_fontfamily() == mpl.rcParams["font.family"]

    def test_installed_fonts_are_read_from_matplotlib(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The installed fonts are matplotlib's font list."""
        monkeypatch.undo()
        assert "DejaVu Sans" in plots._installed_fonts()  # shipped with matplotlib


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
        assert image.get_clim() == (0, 1)
        p = p_empty(r, 44)
        cells = [t for t in ax.texts if (t.get_gid() or "").startswith("county:")]
        assert len(cells) == 107
        for cell in cells:
            code = (cell.get_gid() or "").split(":")[1]
            x, y = cell.get_position()
            assert grid[int(y), int(x)] == pytest.approx(p[r.counties.index(code)])
            assert cell.get_text().startswith(code)
        assert [t.get_text() for t in ax.get_yticklabels()][-2:] == [
            "Yangling Demonstration Zone",
            "Hancheng",  # 韩城市, named in special_units.csv
        ]
        assert ax.get_title().endswith("2025-12")
        assert fig.axes[1].get_ylabel() == "P(no brand)"
        render(fig)

    def test_month(self, baseline_results: Results) -> None:
        """month= picks another month."""
        r = baseline_results
        ax = plots.empty_counties(r, month="2022-06").axes[0]
        grid = cells_of(ax.get_images()[0])
        first_row = r.counties.index("610102")
        assert grid[0, 0] == pytest.approx(p_empty(r, r.month("2022-06"))[first_row])
        assert ax.get_title().endswith("2022-06")

    def test_chinese_labels(self, baseline_results: Results) -> None:
        """lang='zh' labels cells with county names and rows with unit names."""
        fig = plots.empty_counties(baseline_results, lang="zh")
        ax = fig.axes[0]
        names = {t.get_text().split("\n")[0] for t in ax.texts}
        assert "紫阳县" in names
        assert [t.get_text() for t in ax.get_yticklabels()] == list(
            baseline_results.unit_names
        )
        assert fig.axes[1].get_ylabel() == "没有品牌的概率"

    def test_bad_arguments(self, baseline_results: Results) -> None:
        """A month not simulated or another language is refused."""
        with pytest.raises(InvalidArgumentError, match="month"):
            plots.empty_counties(baseline_results, month="2030-01")
        with pytest.raises(InvalidArgumentError, match="lang"):
            plots.empty_counties(baseline_results, lang="EN")  # type: ignore[arg-type]


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
