"""Global sensitivity analysis: SALib's indices on a toy model and on the simulation."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING

import numpy as np
import pytest

from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandError,
    LabourBrandWarning,
)
from labourbrand.simulation import (
    Results,
    Scenario,
    Sensitivity,
    run,
    sensitivity,
    sensitivity_of,
)
from labourbrand.simulation._sensitivity_run import assumption_ranges


if TYPE_CHECKING:
    from collections.abc import Mapping


ONE_BRAND = "P(target_brands_per_county)"
EXITS = ("exit_proposal_hazard", "decline_exit_hazard")


def toy(point: Mapping[str, float]) -> dict[str, float]:
    """A model with a known answer: ``dominant`` moves y most, ``idle`` not at all."""
    return {
        "y": 10 * point["dominant"] + point["minor"] ** 2 + 0 * point["idle"],
        "z": point["minor"],
    }


TOY_RANGES = {"idle": (0.0, 1.0), "minor": (0.0, 1.0), "dominant": (-1.0, 1.0)}


class TestToyModel:
    def test_morris_ranks_the_dominant_first_and_the_idle_last(self) -> None:
        """Morris' mu_star puts the dominant input first and gives the idle one exactly 0."""
        s = sensitivity_of(toy, TOY_RANGES, samples=8, seed=3)
        assert s.ranking("y") == ["dominant", "minor", "idle"]
        mu_star = dict(zip(s.assumptions, s.indices["y"]["mu_star"], strict=True))
        # y moves by 10 per unit of dominant, whose range is 2 wide.
        assert mu_star["dominant"] == pytest.approx(20.0)
        assert mu_star["idle"] == 0
        assert s.ranking("z")[0] == "minor"
        assert s.points == 8 * (3 + 1)

    def test_sobol_ranks_the_dominant_first_and_the_idle_last(self) -> None:
        """Sobol' ST gives the dominant input most of the variance and the idle one none."""
        s = sensitivity_of(toy, TOY_RANGES, method="sobol", samples=256, seed=3)
        assert s.ranking("y") == ["dominant", "minor", "idle"]
        st = dict(zip(s.assumptions, s.indices["y"]["ST"], strict=True))
        assert st["dominant"] > 0.9
        assert st["idle"] == 0
        assert s.points == 256 * (3 + 2)

    def test_the_same_seed_gives_the_same_indices(self) -> None:
        """Design and bootstrap follow the seed: the same seed, the same table."""
        first = sensitivity_of(toy, TOY_RANGES, samples=4, seed=5)
        again = sensitivity_of(toy, TOY_RANGES, samples=4, seed=5)
        other = sensitivity_of(toy, TOY_RANGES, samples=4, seed=6)
        assert first.rows() == again.rows()
        assert not np.array_equal(first.design, other.design)

    def test_the_table_is_tidy(self) -> None:
        """rows() and to_pandas() have one row per figure, input and index."""
        s = sensitivity_of(toy, TOY_RANGES, samples=4)
        frame = s.to_pandas()
        assert list(frame.columns) == [
            "figure",
            "assumption",
            "method",
            "index",
            "value",
            "confidence",
        ]
        assert len(frame) == 2 * 3 * 3  # figures x inputs x (mu_star, sigma, mu)
        assert set(frame["index"]) == {"mu_star", "sigma", "mu"}
        sigma = frame[frame["index"] == "sigma"]
        assert sigma["confidence"].isna().all()
        assert frame[frame["index"] == "mu_star"]["confidence"].notna().all()

    def test_a_model_of_one_number_has_the_figure_value(self) -> None:
        """A model returning one number is analysed as the figure ``value``."""
        s = sensitivity_of(lambda p: 2 * p["a"], {"a": (0, 1), "b": (0, 1)}, samples=3)
        assert s.figures == ("value",)
        assert s.ranking("value") == ["a", "b"]

    def test_the_design_and_outputs_are_read_only(self) -> None:
        """The arrays of a result cannot be changed in place."""
        s = sensitivity_of(toy, TOY_RANGES, samples=2)
        with pytest.raises(ValueError, match="read-only"):
            s.design[0, 0] = 1.0
        with pytest.raises(ValueError, match="read-only"):
            s.outputs["y"][0] = 1.0


class TestToyModelRefusals:
    @pytest.mark.parametrize(
        ("ranges", "field"),
        [
            ({}, "ranges"),
            ({"a": (1, 0)}, "ranges.a"),
            ({"a": (0, math.inf)}, "ranges.a"),
            ({"a": "0-1"}, "ranges.a"),
        ],
    )
    def test_bad_ranges(self, ranges: object, field: str) -> None:
        """An empty mapping or a range that is no (low < high) pair is refused."""
        with pytest.raises(InvalidArgumentError) as info:
            sensitivity_of(toy, ranges)  # type: ignore[arg-type]
        assert info.value.field == field

    def test_a_non_numeric_output(self) -> None:
        """An output that is no finite number is refused, naming the figure."""
        with pytest.raises(InvalidArgumentError, match="finite numbers") as info:
            sensitivity_of(lambda _: {"y": "high"}, {"a": (0, 1)}, samples=2)
        assert info.value.field == "figures.y"

    @pytest.mark.parametrize(
        ("options", "field"),
        [
            ({"method": "fast"}, "method"),
            ({"method": "sobol", "samples": 100}, "samples"),
            ({"samples": 1}, "samples"),
            ({"seed": -1}, "seed"),
        ],
    )
    def test_bad_options(self, options: dict[str, object], field: str) -> None:
        """An unknown method, a Sobol' sample count not a power of two, a bad count."""
        with pytest.raises(InvalidArgumentError) as info:
            sensitivity_of(toy, TOY_RANGES, **options)  # type: ignore[arg-type]
        assert info.value.field == field

    def test_an_unknown_figure_to_rank(self) -> None:
        """ranking() of a figure not analysed is refused."""
        s = sensitivity_of(toy, TOY_RANGES, samples=2)
        with pytest.raises(InvalidArgumentError) as info:
            s.ranking("w")
        assert info.value.field == "figure"

    def test_without_salib_the_error_names_the_extra(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without SALib the error says which extra to install."""
        for name in [m for m in sys.modules if m == "SALib" or m.startswith("SALib.")]:
            monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.setitem(sys.modules, "SALib", None)
        with pytest.raises(LabourBrandError, match=r"labourbrand\[sensitivity\]"):
            sensitivity_of(toy, TOY_RANGES)


# ---------------------------------------------------------------- simulation
@pytest.fixture(scope="module")
def drivers() -> Sensitivity:
    """A small Morris analysis of the baseline: discovery, abandonment and exits."""
    return sensitivity(
        Scenario("baseline"),
        assumptions=["discovery_months_first", "abandon_probability", *EXITS],
        figures=[ONE_BRAND, "cultivated"],
        runs=200,
        samples=4,
        seed=1,
    )


@pytest.fixture(scope="module")
def listed_drivers() -> Sensitivity:
    """The same analysis under the reading that a brand out of the pool counts in no target."""
    return sensitivity(
        Scenario("baseline", interpretations={"exited_brand_targets": "not_counted"}),
        assumptions=["discovery_months_first", "abandon_probability", *EXITS],
        figures=[ONE_BRAND],
        runs=200,
        samples=4,
        seed=1,
    )


class TestSimulation:
    def test_exits_drive_one_county_one_brand_when_exited_brands_do_not_count(
        self, listed_drivers: Sensitivity
    ) -> None:
        """Where exited brands leave the targets, the exit rate is among the drivers of one county, one brand."""
        mu_star = dict(
            zip(
                listed_drivers.assumptions,
                listed_drivers.indices[ONE_BRAND]["mu_star"],
                strict=True,
            )
        )
        assert mu_star["exit_proposal_hazard"] > 0
        assert mu_star["decline_exit_hazard"] > 0
        ranking = listed_drivers.ranking(ONE_BRAND)
        assert ranking.index("exit_proposal_hazard") < ranking.index(
            "abandon_probability"
        )

    def test_discovery_drives_one_county_one_brand(self, drivers: Sensitivity) -> None:
        """The pace of a county's first discovery moves the one-county-one-brand probability most."""
        assert drivers.ranking(ONE_BRAND)[0] == "discovery_months_first"
        mu_star = dict(
            zip(drivers.assumptions, drivers.indices[ONE_BRAND]["mu_star"], strict=True)
        )
        assert mu_star["discovery_months_first"] > 0

    def test_exits_do_not_move_one_county_one_brand(self, drivers: Sensitivity) -> None:
        """By default the targets count exited brands: the exit rates do not move one county, one brand at all."""
        mu_star = dict(
            zip(drivers.assumptions, drivers.indices[ONE_BRAND]["mu_star"], strict=True)
        )
        assert [mu_star[name] for name in EXITS] == [0, 0]

    def test_exits_move_the_brands_cultivated(self, drivers: Sensitivity) -> None:
        """An exit ends a brand's cultivation: the exit rate moves the brands cultivated."""
        mu_star = dict(
            zip(
                drivers.assumptions,
                drivers.indices["cultivated"]["mu_star"],
                strict=True,
            )
        )
        assert mu_star["exit_proposal_hazard"] > 0

    def test_each_point_is_a_run_with_the_same_seed(self, drivers: Sensitivity) -> None:
        """A design point's figure is that of run() with its assumptions and the seed."""
        point = dict(zip(drivers.assumptions, drivers.design[3], strict=True))
        results = run(Scenario("baseline", assumptions=point), runs=200, seed=1)
        assert (
            drivers.outputs[ONE_BRAND][3]
            == results.target_probabilities()["target_brands_per_county"]
        )
        assert drivers.outputs["cultivated"][3] == results.cultivated[:, -1].mean()

    def test_the_caption_states_the_design(self, drivers: Sensitivity) -> None:
        """describe() names the method, the design's size, the runs and the seed."""
        text = drivers.describe()
        assert "Morris" in text
        assert f"{drivers.points} design points x 200 runs each, seed 1" in text
        assert drivers.runs == 200
        assert drivers.scenario == "baseline"

    def test_default_figures_are_the_headline(self) -> None:
        """By default: each target assessed, the brands cultivated and the awards; money only with amounts."""
        s = sensitivity(
            Scenario("baseline"), assumptions=["growth_mean"], runs=20, samples=2
        )
        assert "P(target_brands_per_county)" in s.figures
        assert s.figures[-2:] == ("cultivated", "awards")
        assert "money_yuan" not in s.figures

    def test_callables_and_integer_assumptions(self) -> None:
        """A callable figure is named by its __name__; an integer assumption is rounded."""

        def pool(results: Results) -> float:
            return float(results.series("in_pool")[:, -1].mean())

        s = sensitivity(
            Scenario("baseline"),
            assumptions={"exit_decision_months": (1, 3), "growth_mean": None},
            figures=[pool, "awards"],
            runs=20,
            samples=2,
        )
        assert s.figures == ("pool", "awards")
        assert s.ranges["growth_mean"] == pytest.approx((0.005, 0.015))

    def test_the_runs_warnings_come_as_one(self) -> None:
        """Points whose runs warn give one warning, with how many did."""
        cramped = Scenario("cramped", assumptions={"candidate_slots_per_county": 1})
        with pytest.warns(LabourBrandWarning) as caught:
            s = sensitivity(
                cramped, assumptions=["discovery_months_more"], figures=["awards"],
                runs=20, samples=2,
            )  # fmt: skip
        assert len(caught) == 1
        assert str(caught[0].message).startswith(
            f"{s.points} of {s.points} design points warned"
        )

    def test_the_plot_has_a_bar_per_assumption_and_a_caption(
        self, drivers: Sensitivity
    ) -> None:
        """The tornado has one bar per assumption, ranked, and the design as caption."""
        pytest.importorskip("matplotlib")
        from labourbrand.simulation.plots import sensitivity as plot

        fig = plot(drivers, figure="cultivated")
        gids = [bar.get_gid() for bar in fig.axes[0].patches]
        ranked = drivers.ranking("cultivated")
        assert gids[: len(ranked)] == [f"mu_star:{name}" for name in ranked]
        caption = next(t for t in fig.texts if t.get_gid() == "caption")
        assert caption.get_text() == drivers.describe()


class TestSimulationRefusals:
    @pytest.mark.parametrize(
        ("assumptions", "field"),
        [
            (["exit_rate"], "assumptions.exit_rate"),
            (["maturity_shares"], "assumptions.maturity_shares"),
            ({"abandon_probability": (0.5, 1.5)}, "assumptions.abandon_probability"),
            ({"growth_mean": (0.02, 0.01)}, "assumptions.growth_mean"),
            ({"growth_mean": ("low", "high")}, "assumptions.growth_mean"),
            ("growth_mean", "assumptions"),
            ([], "assumptions"),
        ],
    )
    def test_bad_assumptions(self, assumptions: object, field: str) -> None:
        """Unknown or composite names and ranges outside the plausible one are refused, naming the field."""
        with pytest.raises(InvalidArgumentError) as info:
            sensitivity(Scenario("baseline"), assumptions=assumptions, runs=10)  # type: ignore[arg-type]
        assert info.value.field == field

    def test_a_zero_assumption_needs_a_range(self) -> None:
        """± 50 % of 0 is no range: an assumption at 0 must be given one."""
        base = Scenario("no exits", assumptions={"exit_proposal_hazard": 0.0})
        assert "exit_proposal_hazard" not in assumption_ranges(
            None, base=base.assumptions
        )
        with pytest.raises(InvalidArgumentError, match="whose value is 0") as info:
            sensitivity(base, assumptions=["exit_proposal_hazard"], runs=10)
        assert info.value.field == "assumptions.exit_proposal_hazard"

    @pytest.mark.parametrize(
        ("figures", "field"),
        [
            (["brands"], "figures.brands"),
            (["P(no_such_target)"], "figures.P(no_such_target)"),
            ([lambda _: "many"], "figures.<lambda>"),
            ({"share": lambda _: math.nan}, "figures.share"),
            ([3], "figures[0]"),
            ("cultivated", "figures"),
        ],
    )
    def test_bad_figures(self, figures: object, field: str) -> None:
        """Unknown figures and figures that are no finite number are refused, naming the figure."""
        with pytest.raises(InvalidArgumentError) as info:
            sensitivity(
                Scenario("baseline"), assumptions=["growth_mean"], figures=figures,  # type: ignore[arg-type]
                runs=10, samples=2,
            )  # fmt: skip
        assert info.value.field == field

    def test_a_target_not_assessed(self) -> None:
        """A target whose deadline lies past the horizon is no figure."""
        early = Scenario("early", horizon="2024-12-31")
        with pytest.raises(InvalidArgumentError, match="not assessed") as info:
            sensitivity(
                early,
                assumptions=["growth_mean"],
                figures=[ONE_BRAND],
                runs=10,
                samples=2,
            )
        assert info.value.field == f"figures.{ONE_BRAND}"

    def test_money_is_a_figure_when_rules_set_amounts(
        self, with_cities: Scenario
    ) -> None:
        """With plugin rules that set amounts, the award money is a headline figure."""
        s = sensitivity(with_cities, assumptions=["growth_mean"], runs=10, samples=2)
        assert s.figures[-3:] == ("cultivated", "awards", "money_yuan")
