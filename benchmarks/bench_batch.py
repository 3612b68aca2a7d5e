"""Cost of 1,000,000 brands in one ``evaluate_batch`` call against hand-written numpy (budget <= 2x).

Run with ``python benchmarks/bench_batch.py [--json PATH] [--rows N]`` (``nox -s bench``).

The population is random but seeded: counties drawn from the 107 county-level
units, head counts with about 1 % unknown (``-1``), 5 % already paid and 2 %
exited. The rules are illustrative (no city has published amounts): every
city-level unit has a per-head employment award (a cap of its own for every
third one) and a per-head transport subsidy, and 紫阳县 has a flat award that
overrides 安康市's. The award and the transport subsidy are decided for every
row, on 2023-07-01, with the policy compiled for that day beforehand.

The baseline, timed in the same run, is a hand-written numpy expression of the
same two rules from the same columns: ``np.unique(county, return_inverse=True)``,
the per-county rates looked up with ``np.take`` on the inverse index, the
threshold compared, ``np.minimum`` for the caps. Its results must equal
``evaluate_batch``'s. The ratio is the budget (<= 2x). For context, the script
also times the same expression given the inverse index (the rule's arithmetic
alone), and, when ``openfisca-core`` is installed (an optional benchmark
dependency, never a runtime one), the same award and transport rules as an
OpenFisca tax-benefit system, whose per-county parameters are looked up with an
enum variable (its per-element lookup).

Peak memory is measured with ``tracemalloc`` (numpy reports its allocations to
it) during one call, including the result, relative to the ``nbytes`` of the
input columns (budget <= 2x).

Each time is the minimum over interleaved repeats. Timings never change the
exit code.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import time
import tracemalloc
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt
import pendulum
from _common import arg_parser, write_json

from labourbrand import Fen, hookimpl, regions
from labourbrand.policy import Flat, Measure, PerHead, Policy, Rule
from labourbrand.policy._batch import evaluate_batch


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


NAME = "batch"
BUDGET_RATIO = 2.0
BUDGET_MEMORY = 2.0
REPEATS = 7
OPENFISCA_REPEATS = 3
ROWS = 1_000_000
SEED = 20220429
ON = pendulum.Date(2023, 7, 1)
THRESHOLD = 500
CAP = Fen.from_yuan(300_000).amount
#: 紫阳县's own award, overriding 安康市's.
COUNTY_FLAT: Final = ("610924", Fen.from_yuan(88_000).amount)
#: A rule cap no amount reaches, for the counties whose rule has none.
NO_CAP = 10**15

Columns = dict[str, npt.NDArray[Any]]


def illustrative_rules() -> list[Rule]:
    """Per-head rules for every city-level unit and one county override (no official amounts)."""
    rules = []
    for i, unit in enumerate(regions.shaanxi().city_level_units()):
        cap = Fen.from_yuan(250_000) if i % 3 == 0 else None
        rules += [
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction=unit,
                first_day="2022-04-29",
                formula=PerHead(
                    rates=[("rural_signed", Fen.from_yuan(200 + 50 * i))], cap=cap
                ),
                reference="illustrative",
                illustrative=True,
            ),
            Rule(
                measure=Measure.TRANSPORT_SUBSIDY,
                jurisdiction=unit,
                first_day="2022-04-29",
                formula=PerHead(
                    rates=[
                        ("poverty_alleviated", Fen.from_yuan(300)),
                        ("rural_low_income", Fen.from_yuan(200 + 10 * i)),
                    ]
                ),
                reference="illustrative",
                illustrative=True,
            ),
        ]
    county, amount = COUNTY_FLAT
    rules.append(
        Rule(
            measure=Measure.EMPLOYMENT_AWARD,
            jurisdiction=county,
            first_day="2022-04-29",
            formula=Flat(Fen(amount)),
            reference="illustrative",
            illustrative=True,
        )
    )
    return rules


class IllustrativeCities:
    """The benchmark's plugin: :func:`illustrative_rules`."""

    name = "bench-cities"

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        """Return the illustrative rules."""
        return illustrative_rules()


def schedule() -> dict[str, dict[str, int]]:
    """Per county: the numbers the hand-written expression uses, read off the same rules."""
    registry = regions.shaanxi()
    by_unit = {(r.measure, r.jurisdiction): r.formula for r in illustrative_rules()}
    table: dict[str, dict[str, int]] = {}
    for county in registry.counties():
        unit = registry.city_level_unit(county.code)
        award = by_unit[Measure.EMPLOYMENT_AWARD, unit]
        transport = by_unit[Measure.TRANSPORT_SUBSIDY, unit]
        assert isinstance(award, PerHead)  # noqa: S101
        assert isinstance(transport, PerHead)  # noqa: S101
        rates = {name: fen.amount for name, fen in transport.rates}
        table[county.code] = {
            "flat": 0,
            "rate": award.rates[0][1].amount,
            "rule_cap": award.cap.amount if award.cap is not None else NO_CAP,
            "poverty": rates["poverty_alleviated"],
            "low_income": rates["rural_low_income"],
        }
    code, amount = COUNTY_FLAT
    table[code].update(flat=amount, rate=0, rule_cap=NO_CAP)
    return table


def population(rows: int) -> Columns:
    """Random brands, seeded: counties, head counts (about 1 % unknown), flags."""
    rng = np.random.default_rng(SEED)
    codes = np.array([r.code for r in regions.shaanxi().counties()])

    def counts(high: int) -> npt.NDArray[np.int64]:
        values = rng.integers(0, high, rows)
        values[rng.random(rows) < 0.01] = -1
        return values

    return {
        "county": codes[rng.integers(0, len(codes), rows)],
        "rural_signed": counts(1_500),
        "poverty_alleviated": counts(50),
        "rural_low_income": counts(50),
        "paid": rng.random(rows) < 0.05,
        "exited": rng.random(rows) < 0.02,
    }


def kernel(
    cols: Columns,
    inverse: npt.NDArray[np.intp],
    per_county: Mapping[str, npt.NDArray[np.int64]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The two rules by hand, given each row's index into *per_county*'s arrays."""
    signed = cols["rural_signed"]
    award = (
        np.take(per_county["flat"], inverse)
        + np.take(per_county["rate"], inverse) * signed
    )
    award = np.minimum(np.minimum(award, np.take(per_county["rule_cap"], inverse)), CAP)
    due = (signed >= THRESHOLD) & ~cols["paid"] & ~cols["exited"]
    award = np.where(due, award, -1)
    poverty, low_income = cols["poverty_alleviated"], cols["rural_low_income"]
    placed = (poverty >= 0) & (low_income >= 0) & ((poverty > 0) | (low_income > 0))
    transport = (
        np.take(per_county["poverty"], inverse) * poverty
        + np.take(per_county["low_income"], inverse) * low_income
    )
    return award, np.where(placed, transport, -1)


def hand_numpy(
    cols: Columns, table: Mapping[str, Mapping[str, int]]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The two rules by hand from the same columns: np.unique, np.take, np.minimum."""
    unique, inverse = np.unique(cols["county"], return_inverse=True)
    per_county = {
        key: np.array([table[code][key] for code in unique.tolist()], np.int64)
        for key in ("flat", "rate", "rule_cap", "poverty", "low_income")
    }
    return kernel(cols, inverse, per_county)


# ------------------------------------------------------------------ OpenFisca
def openfisca_runner(
    cols: Columns, table: Mapping[str, Mapping[str, int]]
) -> Callable[[], tuple[npt.NDArray[Any], npt.NDArray[Any]]] | None:
    """The same two rules as an OpenFisca tax-benefit system, or None without openfisca-core.

    Counties are an enum variable, fed with the index of each row's county (computed
    here, outside the timing); the per-county numbers are parameters indexed by it.
    """
    if importlib.util.find_spec("openfisca_core") is None:
        return None
    entities = importlib.import_module("openfisca_core.entities")
    enums = importlib.import_module("openfisca_core.indexed_enums")
    model = importlib.import_module("openfisca_core.model_api")
    parameters = importlib.import_module("openfisca_core.parameters")
    periods = importlib.import_module("openfisca_core.periods")
    simulations = importlib.import_module("openfisca_core.simulations")
    systems = importlib.import_module("openfisca_core.taxbenefitsystems")

    codes = sorted(table)
    county_enum = enums.Enum("County", {f"c{code}": code for code in codes})
    brand = entities.build_entity(
        key="brand", plural="brands", label="A labour brand", is_person=True
    )
    system = systems.TaxBenefitSystem([brand])

    def dated(value: int) -> dict[str, object]:
        return {"values": {"2022-04-29": value}}

    def by_county(key: str) -> dict[str, object]:
        return {f"c{code}": dated(table[code][key]) for code in codes}

    system.parameters = parameters.ParameterNode(
        "",
        data={
            "award": {
                "threshold": dated(THRESHOLD),
                "cap": dated(CAP),
                **{key: by_county(key) for key in ("flat", "rate", "rule_cap")},
            },
            "transport": {key: by_county(key) for key in ("poverty", "low_income")},
        },
    )

    def variable(name: str, value_type: object, **extra: object) -> None:
        fields = {
            "value_type": value_type,
            "entity": brand,
            "definition_period": periods.DateUnit.YEAR,
            "label": name,
            **extra,
        }
        system.add_variable(type(name, (model.Variable,), fields))

    def award_formula(person: Any, period: Any, params: Any) -> Any:  # noqa: ANN401
        p = params(period).award
        county = person("county", period)
        signed = person("rural_signed", period)
        due = (signed >= p.threshold) * model.not_(person("paid", period))
        due *= model.not_(person("exited", period))
        amount = model.min_(
            p.flat[county] + p.rate[county] * signed, p.rule_cap[county]
        )
        return model.where(due, model.min_(amount, p.cap), -1)

    def transport_formula(person: Any, period: Any, params: Any) -> Any:  # noqa: ANN401
        p = params(period).transport
        county = person("county", period)
        poverty = person("poverty_alleviated", period)
        low_income = person("rural_low_income", period)
        placed = (poverty >= 0) * (low_income >= 0) * ((poverty > 0) + (low_income > 0))
        amount = p.poverty[county] * poverty + p.low_income[county] * low_income
        return model.where(placed, amount, -1)

    for name in ("rural_signed", "poverty_alleviated", "rural_low_income"):
        variable(name, int)
    variable("paid", bool)
    variable("exited", bool)
    variable(
        "county",
        enums.Enum,
        possible_values=county_enum,
        default_value=county_enum[f"c{codes[0]}"],
    )
    variable("award", int, formula=award_formula)
    variable("transport", int, formula=transport_formula)
    index = np.searchsorted(np.array(codes), cols["county"]).astype(np.int16)
    rows = len(index)

    def run() -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        simulation = simulations.SimulationBuilder().build_default_simulation(
            system, rows
        )
        simulation.set_input("county", "2023", index)
        for name in ("rural_signed", "poverty_alleviated", "rural_low_income"):
            simulation.set_input(name, "2023", cols[name])
        simulation.set_input("paid", "2023", cols["paid"])
        simulation.set_input("exited", "2023", cols["exited"])
        return simulation.calculate("award", "2023"), simulation.calculate(
            "transport", "2023"
        )

    return run


# ----------------------------------------------------------------- measuring
def seconds(
    subjects: Mapping[str, Callable[[], object]], repeats: int
) -> dict[str, float]:
    """Return the best wall time of each subject, repeats interleaved."""
    best = dict.fromkeys(subjects, float("inf"))
    for _ in range(repeats):
        for name, subject in subjects.items():
            start = time.perf_counter()
            subject()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def peak_bytes(subject: Callable[[], object]) -> int:
    """Return the peak of memory allocated during one call of *subject*, result included."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = subject()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak - before


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument("--rows", type=int, default=ROWS, help="population size")
    args = parser.parse_args()

    policy = Policy.shaanxi(plugins=[IllustrativeCities()], entry_points=False)
    cols = population(args.rows)
    table = schedule()
    input_bytes = sum(a.nbytes for a in cols.values())
    unique, inverse = np.unique(cols["county"], return_inverse=True)
    per_county = {
        key: np.array([table[code][key] for code in unique.tolist()], np.int64)
        for key in ("flat", "rate", "rule_cap", "poverty", "low_income")
    }

    # The subjects agree, once, before they are timed (this also compiles the day).
    result = evaluate_batch(policy, cols, on=ON)
    award, transport = hand_numpy(cols, table)
    assert np.array_equal(result.award_amount, award)  # noqa: S101
    assert np.array_equal(result.transport_amount, transport)  # noqa: S101
    subjects: dict[str, Callable[[], object]] = {
        "evaluate_batch": lambda: evaluate_batch(policy, cols, on=ON),
        "hand_numpy": lambda: hand_numpy(cols, table),
        "hand_numpy_given_inverse": lambda: kernel(cols, inverse, per_county),
    }
    best = seconds(subjects, REPEATS)
    memory = peak_bytes(subjects["evaluate_batch"])
    hand_memory = peak_bytes(subjects["hand_numpy"])

    ratio = best["evaluate_batch"] / best["hand_numpy"]
    kernel_ratio = best["evaluate_batch"] / best["hand_numpy_given_inverse"]
    memory_ratio = memory / input_bytes
    rows = f"{args.rows:,}"
    print(f"bench_batch: {rows} brands, award + transport subsidy, best of {REPEATS}")
    print(
        f"  {'evaluate_batch':<36} {best['evaluate_batch'] * 1e3:8.1f} ms   "
        f"({best['evaluate_batch'] / args.rows * 1e9:.0f} ns per brand)"
    )
    print(
        f"  {'hand-written numpy (np.unique ...)':<36} {best['hand_numpy'] * 1e3:8.1f} ms   "
        f"ratio {ratio:.2f} x (budget <= {BUDGET_RATIO} x)  "
        f"{'OK' if ratio <= BUDGET_RATIO else 'OVER BUDGET'}"
    )
    print(
        f"  {'  same, given the inverse index':<36} "
        f"{best['hand_numpy_given_inverse'] * 1e3:8.1f} ms   ratio {kernel_ratio:.2f} x "
        "(context: the rule's arithmetic alone)"
    )
    print(
        f"  {'peak memory of evaluate_batch':<36} {memory / 1e6:8.1f} MB   "
        f"{memory_ratio:.2f} x the input's {input_bytes / 1e6:.1f} MB "
        f"(budget <= {BUDGET_MEMORY} x)  "
        f"{'OK' if memory_ratio <= BUDGET_MEMORY else 'OVER BUDGET'}"
    )
    print(
        f"  {'  hand-written numpy, for context':<36} {hand_memory / 1e6:8.1f} MB   "
        f"{hand_memory / input_bytes:.2f} x"
    )
    figures: dict[str, object] = {
        "rows": args.rows,
        "evaluate_batch_s": best["evaluate_batch"],
        "hand_numpy_s": best["hand_numpy"],
        "hand_numpy_given_inverse_s": best["hand_numpy_given_inverse"],
        "ratio": ratio,
        "ratio_given_inverse": kernel_ratio,
        "budget_ratio": BUDGET_RATIO,
        "within_budget": ratio <= BUDGET_RATIO,
        "input_bytes": input_bytes,
        "peak_bytes": memory,
        "memory_ratio": memory_ratio,
        "budget_memory": BUDGET_MEMORY,
        "memory_within_budget": memory_ratio <= BUDGET_MEMORY,
        "hand_numpy_peak_bytes": hand_memory,
    }
    run = openfisca_runner(cols, table)
    if run is None:
        print("  openfisca-core: skipped (openfisca-core is not installed)")
        figures["openfisca_s"] = None
    else:
        of_award, of_transport = run()
        assert np.array_equal(of_award, award)  # noqa: S101
        assert np.array_equal(of_transport, transport)  # noqa: S101
        of_best = seconds({"openfisca": run}, OPENFISCA_REPEATS)["openfisca"]
        print(
            f"  {'openfisca-core, same rules':<36} {of_best * 1e3:8.1f} ms   "
            f"{of_best / best['evaluate_batch']:.1f} x evaluate_batch, "
            f"{of_best / best['hand_numpy_given_inverse']:.1f} x the arithmetic alone"
        )
        figures["openfisca_s"] = of_best
        figures["openfisca_ratio"] = of_best / best["evaluate_batch"]
    if args.json:
        write_json(args.json, NAME, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
