"""Cost of 1,000,000 brands, every measure, in one ``evaluate_batch`` call against hand-written numpy (budget <= 2x).

Run with ``python benchmarks/bench_batch.py [--json PATH] [--rows N] [--breakdown]``
(``nox -s bench``).

The population is random but seeded: counties drawn from the 107 county-level
units (0.5 % unknown), head counts with about 1 % unknown (``-1``; founders
3 %), flags as a register would hold them (exited 2 %; a provincial recognition
10 % and unknown 5 %; a showcase selection 3 % and unknown 10 %; a training base
5 % and unknown 5 %) and payments of the three one-time awards already in the
ledger (``paid_<measure>``: 5 %, 3 % and 1 %). The rules are illustrative (no
city has published amounts), and mix every shape a plugin may give: a
per-head employment award in every city-level unit (a cap of its own for every
third one) with 紫阳县's flat award overriding 安康市's; a flat provincial
recognition award for the province, 西安市 its own; a flat showcase award in
half of the city-level units, the other half delegated (no rule: not zero);
per-head transport and social-insurance subsidies by city (the latter capped in
every other one); a per-head training subsidy and a flat high-skill grant for
the province; flat entrepreneurship-training and start-up subsidies (the
latter in three cities only); tax relief and the guaranteed loan delegated
everywhere. Every measure of the document (``measures=None``, twelve) is
decided for every row, on 2023-07-01, with the policy compiled for that day
beforehand.

The baseline, timed in the same run, is a hand-written numpy expression of the
same rules, given the county index: each row's county as an index into
per-county rule arrays (flat part, rates, cap, delegated) built beforehand from
the same rules, so that it computes what the issue's budget names ("<= 2x
hand-written numpy of the same rules given the county index"): the conditions
in the clause's order, ``np.take`` of the per-county numbers, the caps with
``np.minimum``. A hand writer shares work that ``evaluate_batch`` does per
measure: the two worker subsidies share their conditions, and so do the four
entrepreneurship supports. Its outcomes, amounts, delegated and capped flags
must equal ``evaluate_batch``'s for every measure. The ratio is the budget
(<= 2x). For context, the script also times the same expression computing the
county index itself with ``np.unique(county, return_inverse=True)`` (what
``evaluate_batch`` must do from the codes), and, when ``openfisca-core`` is
installed (an optional benchmark dependency, never a runtime one), the award and
transport rules as an OpenFisca tax-benefit system, whose per-county parameters
are looked up with an enum variable, against ``evaluate_batch`` of those two
measures.

Peak memory is measured with ``tracemalloc`` (numpy reports its allocations to
it) during one call, including the result, relative to the ``nbytes`` of the
input columns (budget <= 2x).

``--breakdown`` adds where ``evaluate_batch``'s time goes, per measure and per
step (reading the columns, the condition masks, the outcome bookkeeping, the
pricing), each measure decided alone, from its private steps, against the
baseline's share.

Each time is the minimum over interleaved repeats. Timings never change the
exit code.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import time
import tracemalloc
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
import pendulum
from _common import arg_parser, write_json

from labourbrand import Fen, hookimpl, regions
from labourbrand.policy import Flat, Measure, PerHead, Policy, Rule
from labourbrand.policy._columns import read_columns
from labourbrand.policy._interpret import _price_columns, decide_columns


if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from labourbrand.policy import BatchResult, MeasureSpec


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
PROVINCE = "610000"
#: 紫阳县's own award, overriding 安康市's.
COUNTY_FLAT: Final = ("610924", Fen.from_yuan(88_000).amount)
#: A rule cap no amount reaches, for the counties whose rule has none.
NO_CAP = 10**15
#: The count columns a rule may multiply, in the baseline's tables.
RATED = ("rural_signed", "poverty_alleviated", "rural_low_income", "trained")
#: The measures of the document, in its order.
MEASURES: Final = tuple(
    m.value
    for m in (
        Measure.EMPLOYMENT_AWARD,
        Measure.PROVINCIAL_RECOGNITION_AWARD,
        Measure.SHOWCASE_AWARD,
        Measure.TRANSPORT_SUBSIDY,
        Measure.SOCIAL_INSURANCE_SUBSIDY,
        Measure.TRAINING_SUBSIDY,
        Measure.HIGH_SKILL_BASE_GRANT,
        Measure.TAX_RELIEF,
        Measure.ENTREPRENEURSHIP_TRAINING_SUBSIDY,
        Measure.STARTUP_SUBSIDY,
        Measure.GUARANTEED_LOAN,
        Measure.PREMISES_SUPPORT,
    )
)
#: The one-time measures whose payments the ledger holds (a ``paid_`` column each).
ONE_TIME: Final = {
    "employment_award": 0.05,
    "provincial_recognition_award": 0.03,
    "showcase_award": 0.01,
}
#: The cities (city-level units) with a start-up subsidy of their own.
STARTUP_CITIES = ("610100", "610300", "610900")

Columns = dict[str, npt.NDArray[Any]]


def _rule(
    measure: Measure,
    jurisdiction: str,
    formula: Flat | PerHead,
    delegates_to: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        measure=measure,
        jurisdiction=jurisdiction,
        first_day="2022-04-29",
        formula=formula,
        reference="illustrative",
        illustrative=True,
        delegates_to=delegates_to,
    )


def _yuan(amount: int) -> Fen:
    return Fen.from_yuan(amount)


def illustrative_rules() -> list[Rule]:
    """Flat and per-head rules, some capped, some delegated (no official amounts)."""
    rules = [
        _rule(Measure.PROVINCIAL_RECOGNITION_AWARD, PROVINCE, Flat(_yuan(100_000))),
        _rule(Measure.PROVINCIAL_RECOGNITION_AWARD, "610100", Flat(_yuan(200_000))),
        _rule(
            Measure.TRAINING_SUBSIDY,
            PROVINCE,
            PerHead(rates=[("trained", _yuan(1_500))], cap=_yuan(300_000)),
        ),
        _rule(Measure.HIGH_SKILL_BASE_GRANT, PROVINCE, Flat(_yuan(500_000))),
        _rule(Measure.ENTREPRENEURSHIP_TRAINING_SUBSIDY, PROVINCE, Flat(_yuan(2_000))),
        *(
            _rule(Measure.STARTUP_SUBSIDY, city, Flat(_yuan(10_000 + 1_000 * i)))
            for i, city in enumerate(STARTUP_CITIES)
        ),
    ]
    county, amount = COUNTY_FLAT
    # The county's own award rule is one its city's rule delegates to it.
    county_city = regions.shaanxi().city_level_unit(county)
    for i, unit in enumerate(regions.shaanxi().city_level_units()):
        rules += [
            _rule(
                Measure.EMPLOYMENT_AWARD,
                unit,
                PerHead(
                    rates=[("rural_signed", _yuan(200 + 50 * i))],
                    cap=_yuan(250_000) if i % 3 == 0 else None,
                ),
                delegates_to=(county,) if unit == county_city else (),
            ),
            _rule(
                Measure.TRANSPORT_SUBSIDY,
                unit,
                PerHead(
                    rates=[
                        ("poverty_alleviated", _yuan(300)),
                        ("rural_low_income", _yuan(200 + 10 * i)),
                    ]
                ),
            ),
            _rule(
                Measure.SOCIAL_INSURANCE_SUBSIDY,
                unit,
                PerHead(
                    rates=[
                        ("poverty_alleviated", _yuan(1_000 + 20 * i)),
                        ("rural_low_income", _yuan(800)),
                    ],
                    cap=_yuan(40_000) if i % 2 else None,
                ),
            ),
        ]
        if i % 2 == 0:
            rules.append(
                _rule(Measure.SHOWCASE_AWARD, unit, Flat(_yuan(30_000 + 5_000 * i)))
            )
    rules.append(_rule(Measure.EMPLOYMENT_AWARD, county, Flat(Fen(amount))))
    return rules


class IllustrativeCities:
    """The benchmark's plugin: :func:`illustrative_rules`."""

    name = "bench-cities"

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        """Return the illustrative rules."""
        return illustrative_rules()


# ------------------------------------------------------------------ baseline
class Table(NamedTuple):
    """One measure's rule numbers per county: the arrays the baseline indexes."""

    flat: npt.NDArray[np.int64]
    rates: dict[str, npt.NDArray[np.int64]]
    rule_cap: npt.NDArray[np.int64]
    delegated: npt.NDArray[np.bool_]


def tables(codes: Iterable[str]) -> dict[str, Table]:
    """Per measure, the rule numbers of each of *codes* ("" for the unknown county).

    Each county takes the rule of its most specific jurisdiction (the county,
    its city-level unit, the province), read off the illustrative rules by
    hand. A county with no rule is delegated: its flat part is ``-1`` and its
    rates are zero, so that its amount is ``-1`` without a mask.
    """
    registry = regions.shaanxi()
    by_place = {(r.measure, r.jurisdiction): r.formula for r in illustrative_rules()}
    rows: dict[str, list[tuple[int, dict[str, int], int, bool]]] = {
        m: [] for m in MEASURES
    }
    for code in codes:
        chain = (code, registry.city_level_unit(code), PROVINCE) if code else ()
        for measure in MEASURES:
            formula = next(
                (
                    found
                    for place in chain
                    if (found := by_place.get((Measure(measure), place))) is not None
                ),
                None,
            )
            if isinstance(formula, Flat):
                rows[measure].append((formula.amount.amount, {}, NO_CAP, False))
            elif isinstance(formula, PerHead):
                rates = {name: fen.amount for name, fen in formula.rates}
                cap = NO_CAP if formula.cap is None else formula.cap.amount
                rows[measure].append((0, rates, cap, False))
            else:
                rows[measure].append((-1, {}, NO_CAP, code != ""))
    return {
        measure: Table(
            flat=np.array([flat for flat, _, _, _ in entries], np.int64),
            rates={
                name: np.array([r.get(name, 0) for _, r, _, _ in entries], np.int64)
                for name in RATED
            },
            rule_cap=np.array([cap for _, _, cap, _ in entries], np.int64),
            delegated=np.array([d for _, _, _, d in entries], np.bool_),
        )
        for measure, entries in rows.items()
    }


class Decided(NamedTuple):
    """One measure's decisions by hand: the four arrays of a ``MeasureResult``."""

    outcome: npt.NDArray[np.uint8]
    amount: npt.NDArray[np.int64]
    delegated: npt.NDArray[np.bool_]
    capped: npt.NDArray[np.bool_]


def first_failing(
    n: int, *checks: tuple[npt.NDArray[np.bool_], int]
) -> npt.NDArray[np.uint8]:
    """Outcome codes: the first ``(mask, code)`` in clause order that covers a row decides it."""
    outcome = np.zeros(n, np.uint8)
    for mask, code in reversed(checks):
        np.copyto(outcome, code, where=mask)
    return outcome


def kernel(
    cols: Columns, group: npt.NDArray[np.intp], per_county: Mapping[str, Table]
) -> dict[str, Decided]:
    """Every measure by hand, given each row's index into *per_county*'s arrays (0: unknown)."""
    n = len(group)
    never = np.zeros(n, np.bool_)
    no_county = group == 0
    signed, trained = cols["rural_signed"], cols["trained"]
    poverty, low_income = cols["poverty_alleviated"], cols["rural_low_income"]
    founders = cols["founders"]

    def take(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return np.take(values, group)

    def holds(flag: npt.NDArray[np.int8]) -> tuple[Any, ...]:
        return (flag < 0, 2), (flag == 0, 1)

    def paid(measure: str) -> tuple[npt.NDArray[np.bool_], int]:
        return cols[f"paid_{measure}"], 1

    def flat(measure: str, outcome: npt.NDArray[np.uint8]) -> Decided:
        t = per_county[measure]
        eligible = outcome == 0
        delegated = take(t.delegated) & eligible if t.delegated.any() else never
        return Decided(outcome, np.where(eligible, take(t.flat), -1), delegated, never)

    decided: dict[str, Decided] = {}
    # 4.2 employment award, under the default readings: leaving the pool does
    # not bar it; county known; the practitioners with signed agreements are
    # not counted here, so the rural ones decide when they reach 500, else it
    # is unknown; not paid.
    t = per_county["employment_award"]
    outcome = first_failing(
        n,
        (no_county, 2),
        (signed < THRESHOLD, 2),
        paid("employment_award"),
    )
    eligible = outcome == 0
    amount = take(t.flat) + take(t.rates["rural_signed"]) * signed
    np.minimum(amount, take(t.rule_cap), out=amount)
    capped = (amount > CAP) & eligible
    np.minimum(amount, CAP, out=amount)
    decided["employment_award"] = Decided(
        outcome, np.where(eligible, amount, -1), never, capped
    )
    # 4.2 provincial recognition award, 4.3 showcase award: flag, not paid, county.
    for measure, flag in (
        ("provincial_recognition_award", "provincial_recognition"),
        ("showcase_award", "showcase_selected"),
    ):
        outcome = first_failing(n, *holds(cols[flag]), paid(measure), (no_county, 2))
        decided[measure] = flat(measure, outcome)
    # 4.2 transport and social-insurance subsidies: someone placed, county; the
    # list of groups is open (等), so none of the two named groups is unknown.
    unknown = (poverty < 0) | (low_income < 0)
    outcome = first_failing(
        n, (unknown, 2), ((poverty == 0) & (low_income == 0), 2), (no_county, 2)
    )
    eligible = outcome == 0
    for measure in ("transport_subsidy", "social_insurance_subsidy"):
        t = per_county[measure]
        amount = take(t.rates["poverty_alleviated"]) * poverty
        amount += take(t.rates["rural_low_income"]) * low_income
        np.minimum(amount, take(t.rule_cap), out=amount)
        decided[measure] = Decided(
            outcome, np.where(eligible, amount, -1), never, never
        )
    # 4.1 training subsidy: county; a per-head rule of an unknown count gives no amount.
    t = per_county["training_subsidy"]
    outcome = first_failing(n, (no_county, 2))
    amount = np.minimum(take(t.rates["trained"]) * trained, take(t.rule_cap))
    decided["training_subsidy"] = Decided(
        outcome, np.where((outcome == 0) & (trained >= 0), amount, -1), never, never
    )
    # 4.1 high-skill grant: a training base, county.
    outcome = first_failing(n, *holds(cols["training_base"]), (no_county, 2))
    decided["high_skill_base_grant"] = flat("high_skill_base_grant", outcome)
    # 5.1 the four supports of founders and the premises of their entities: a founder, county.
    outcome = first_failing(n, (founders < 0, 2), (founders == 0, 1), (no_county, 2))
    for measure in MEASURES[-5:]:
        decided[measure] = flat(measure, outcome)
    return decided


def county_index(county: npt.NDArray[np.str_]) -> tuple[list[str], npt.NDArray[Any]]:
    """The distinct codes ("" first) and each row's index into them, with ``np.unique``."""
    unique, inverse = np.unique(county, return_inverse=True)
    codes = unique.tolist()
    if codes[:1] != [""]:
        codes, inverse = ["", *codes], inverse + 1
    return codes, inverse.reshape(-1)


def hand_numpy(cols: Columns) -> dict[str, Decided]:
    """The rules by hand from the codes themselves: np.unique, then :func:`kernel`."""
    codes, inverse = county_index(cols["county"])
    return kernel(cols, inverse, tables(codes))


def population(rows: int) -> Columns:
    """Random brands, seeded: counties, head counts and flags, some unknown."""
    rng = np.random.default_rng(SEED)
    codes = np.array([r.code for r in regions.shaanxi().counties()])
    county = codes[rng.integers(0, len(codes), rows)]
    county[rng.random(rows) < 0.005] = ""

    def counts(high: int, unknown: float = 0.01) -> npt.NDArray[np.int64]:
        values = rng.integers(0, high, rows)
        values[rng.random(rows) < unknown] = -1
        return values

    def zero_heavy(high: int, zero: float, unknown: float) -> npt.NDArray[np.int64]:
        values = counts(high, unknown)
        values[(rng.random(rows) < zero) & (values > 0)] = 0
        return values

    def flag(yes: float, unknown: float) -> npt.NDArray[np.int8]:
        draw = rng.random(rows)
        values = (draw < yes).astype(np.int8)
        values[draw > 1 - unknown] = -1
        return values

    return {
        "county": county,
        "rural_signed": counts(1_500),
        "poverty_alleviated": zero_heavy(50, 0.2, 0.01),
        "rural_low_income": zero_heavy(50, 0.2, 0.01),
        "trained": counts(400),
        "founders": zero_heavy(6, 0.6, 0.03),
        "exited": rng.random(rows) < 0.02,
        "provincial_recognition": flag(0.10, 0.05),
        "showcase_selected": flag(0.03, 0.10),
        "training_base": flag(0.05, 0.05),
        **{f"paid_{m}": rng.random(rows) < share for m, share in ONE_TIME.items()},
    }


def assert_equal(result: BatchResult, expected: Mapping[str, Decided]) -> None:
    """Check every measure's four arrays against the hand-written ones."""
    assert list(result.measures) == list(expected), list(result.measures)  # noqa: S101
    for measure, by_hand in expected.items():
        got = result[measure]
        for field in Decided._fields:
            same = np.array_equal(getattr(got, field), getattr(by_hand, field))
            assert same, f"{measure}.{field} differs"  # noqa: S101


# ------------------------------------------------------------------ OpenFisca
def openfisca_runner(  # noqa: C901 - one small tax-benefit system
    cols: Columns, codes: list[str], per_county: Mapping[str, Table]
) -> Callable[[], tuple[npt.NDArray[Any], npt.NDArray[Any]]] | None:
    """The award and transport rules as an OpenFisca tax-benefit system, or None without it.

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

    keys = [f"c{code or 'unknown'}" for code in codes]
    county_enum = enums.Enum("County", dict(zip(keys, keys, strict=True)))
    brand = entities.build_entity(
        key="brand", plural="brands", label="A labour brand", is_person=True
    )
    system = systems.TaxBenefitSystem([brand])

    def dated(value: int) -> dict[str, object]:
        return {"values": {"2022-04-29": value}}

    def by_county(values: npt.NDArray[np.int64]) -> dict[str, object]:
        return {key: dated(int(v)) for key, v in zip(keys, values, strict=True)}

    award, transport = per_county["employment_award"], per_county["transport_subsidy"]
    system.parameters = parameters.ParameterNode(
        "",
        data={
            "award": {
                "threshold": dated(THRESHOLD),
                "cap": dated(CAP),
                "flat": by_county(award.flat),
                "rate": by_county(award.rates["rural_signed"]),
                "rule_cap": by_county(award.rule_cap),
            },
            "transport": {
                "poverty": by_county(transport.rates["poverty_alleviated"]),
                "low_income": by_county(transport.rates["rural_low_income"]),
            },
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
        due = (signed >= p.threshold) * person("county_known", period)
        due *= model.not_(person("paid", period)) * model.not_(person("exited", period))
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
        placed *= person("county_known", period)
        amount = p.poverty[county] * poverty + p.low_income[county] * low_income
        return model.where(placed, amount, -1)

    for name in ("rural_signed", "poverty_alleviated", "rural_low_income"):
        variable(name, int)
    for name in ("paid", "exited", "county_known"):
        variable(name, bool)
    variable(
        "county",
        enums.Enum,
        possible_values=county_enum,
        default_value=county_enum[keys[0]],
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
        simulation.set_input("paid", "2023", cols["paid_employment_award"])
        simulation.set_input("exited", "2023", cols["exited"])
        simulation.set_input("county_known", "2023", index != 0)
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


def breakdown(policy: Policy, cols: Columns, repeats: int) -> dict[str, object]:
    """Where evaluate_batch's time goes: reading the columns, then each measure by step.

    Each measure is decided alone with the interpreter's private steps, and
    its two steps are timed alone too: the condition masks (each condition's
    ``columns``) and the pricing (``_price_columns``, given the eligible rows).
    What remains of the measure's time is the outcome bookkeeping: marking the
    rows each condition decides. Each figure is the best of *repeats*.
    """
    day = policy.day(ON)
    measures = [m.id for m in day.document.measures]
    read = read_columns(cols, policy.regions, measures=measures)
    kw: dict[str, Any] = {"of_row": read.of_row, "codes": read.codes}
    subjects: dict[str, Callable[[], object]] = {
        "read_columns": lambda: read_columns(cols, policy.regions, measures=measures)
    }
    for spec in day.document.measures:
        outcome = decide_columns(day, spec, read.columns, **kw).outcome
        eligible = outcome == 0

        def alone(spec: MeasureSpec = spec) -> object:
            return decide_columns(day, spec, read.columns, **kw)

        def conditions(spec: MeasureSpec = spec) -> object:
            return [c.columns(read.columns, day, spec.id) for c in spec.conditions]

        def pricing(
            spec: MeasureSpec = spec,
            eligible: npt.NDArray[np.bool_] = eligible,
            outcome: npt.NDArray[np.uint8] = outcome,
        ) -> object:
            return _price_columns(day, spec, read.columns, eligible, outcome, **kw)

        subjects |= {
            spec.id: alone,
            f"{spec.id}/conditions": conditions,
            f"{spec.id}/pricing": pricing,
        }
    best = seconds(subjects, repeats)
    steps = {
        m: {
            "alone_s": best[m],
            "conditions_s": best[f"{m}/conditions"],
            "pricing_s": best[f"{m}/pricing"],
            "bookkeeping_s": best[m] - best[f"{m}/conditions"] - best[f"{m}/pricing"],
        }
        for m in measures
    }
    print(f"  breakdown of evaluate_batch (ms, best of {repeats} each)")
    print(
        f"    {'read_columns (checks, county codes)':<36} {best['read_columns'] * 1e3:8.1f}"
    )
    print(f"    {'measure':<36} {'alone':>8} {'conds':>8} {'marks':>8} {'pricing':>8}")
    for measure, parts in steps.items():
        print(
            f"    {measure:<36} "
            + " ".join(
                f"{parts[k] * 1e3:8.1f}"
                for k in ("alone_s", "conditions_s", "bookkeeping_s", "pricing_s")
            )
        )
    total = {k: sum(p[k] for p in steps.values()) for k in next(iter(steps.values()))}
    print(
        f"    {'sum':<36} "
        + " ".join(
            f"{total[k] * 1e3:8.1f}"
            for k in ("alone_s", "conditions_s", "bookkeeping_s", "pricing_s")
        )
    )
    return {"read_columns_s": best["read_columns"], "measures": steps}


def main() -> int:
    """Measure, print the figures, and return the exit code."""
    parser = arg_parser(__doc__)
    parser.add_argument("--rows", type=int, default=ROWS, help="population size")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time each measure and step of evaluate_batch",
    )
    args = parser.parse_args()

    policy = Policy.shaanxi(plugins=[IllustrativeCities()], entry_points=False)
    cols = population(args.rows)
    input_bytes = sum(a.nbytes for a in cols.values())
    codes, inverse = county_index(cols["county"])
    per_county = tables(codes)

    # The subjects agree, once, before they are timed (this also compiles the day).
    result = policy.evaluate_batch(cols, on=ON)
    assert_equal(result, kernel(cols, inverse, per_county))
    assert_equal(result, hand_numpy(cols))
    outcomes = {
        m: np.bincount(r.outcome, minlength=4).tolist()
        for m, r in result.measures.items()
    }
    del result
    subjects: dict[str, Callable[[], object]] = {
        "evaluate_batch": lambda: policy.evaluate_batch(cols, on=ON),
        "hand_numpy_given_index": lambda: kernel(cols, inverse, per_county),
        "hand_numpy_unique": lambda: hand_numpy(cols),
    }
    best = seconds(subjects, REPEATS)
    memory = peak_bytes(subjects["evaluate_batch"])
    hand_memory = peak_bytes(subjects["hand_numpy_given_index"])

    ratio = best["evaluate_batch"] / best["hand_numpy_given_index"]
    unique_ratio = best["evaluate_batch"] / best["hand_numpy_unique"]
    memory_ratio = memory / input_bytes
    n = f"{args.rows:,}"
    print(f"bench_batch: {n} brands, all {len(MEASURES)} measures, best of {REPEATS}")
    print(
        f"  {'evaluate_batch':<40} {best['evaluate_batch'] * 1e3:8.1f} ms   "
        f"({best['evaluate_batch'] / args.rows * 1e9:.0f} ns per brand, "
        f"{best['evaluate_batch'] / args.rows / len(MEASURES) * 1e9:.1f} per decision)"
    )
    print(
        f"  {'hand-written numpy, given the index':<40} "
        f"{best['hand_numpy_given_index'] * 1e3:8.1f} ms   "
        f"ratio {ratio:.2f} x (budget <= {BUDGET_RATIO} x)  "
        f"{'OK' if ratio <= BUDGET_RATIO else 'OVER BUDGET'}"
    )
    print(
        f"  {'  same, with np.unique for the index':<40} "
        f"{best['hand_numpy_unique'] * 1e3:8.1f} ms   ratio {unique_ratio:.2f} x (context)"
    )
    print(
        f"  {'peak memory of evaluate_batch':<40} {memory / 1e6:8.1f} MB   "
        f"{memory_ratio:.2f} x the input's {input_bytes / 1e6:.1f} MB "
        f"(budget <= {BUDGET_MEMORY} x)  "
        f"{'OK' if memory_ratio <= BUDGET_MEMORY else 'OVER BUDGET'}"
    )
    print(
        f"  {'  hand-written numpy, for context':<40} {hand_memory / 1e6:8.1f} MB   "
        f"{hand_memory / input_bytes:.2f} x"
    )
    figures: dict[str, object] = {
        "rows": args.rows,
        "measures": len(MEASURES),
        "outcome_counts": outcomes,
        "evaluate_batch_s": best["evaluate_batch"],
        "hand_numpy_given_index_s": best["hand_numpy_given_index"],
        "hand_numpy_unique_s": best["hand_numpy_unique"],
        "ratio": ratio,
        "ratio_to_unique": unique_ratio,
        "budget_ratio": BUDGET_RATIO,
        "within_budget": ratio <= BUDGET_RATIO,
        "input_bytes": input_bytes,
        "peak_bytes": memory,
        "memory_ratio": memory_ratio,
        "budget_memory": BUDGET_MEMORY,
        "memory_within_budget": memory_ratio <= BUDGET_MEMORY,
        "hand_numpy_peak_bytes": hand_memory,
    }
    run = openfisca_runner(cols, codes, per_county)
    if run is None:
        print("  openfisca-core: skipped (openfisca-core is not installed)")
        figures["openfisca_s"] = None
    else:
        two = ["employment_award", "transport_subsidy"]
        expected = kernel(cols, inverse, per_county)
        of_award, of_transport = run()
        assert np.array_equal(of_award, expected[two[0]].amount)  # noqa: S101
        assert np.array_equal(of_transport, expected[two[1]].amount)  # noqa: S101
        del expected
        of_best = seconds(
            {
                "openfisca": run,
                "two": lambda: policy.evaluate_batch(cols, on=ON, measures=two),
            },
            OPENFISCA_REPEATS,
        )
        print(
            f"  {'openfisca-core, award + transport':<40} "
            f"{of_best['openfisca'] * 1e3:8.1f} ms   "
            f"{of_best['openfisca'] / of_best['two']:.1f} x evaluate_batch of those "
            f"two measures ({of_best['two'] * 1e3:.1f} ms)"
        )
        figures["openfisca_s"] = of_best["openfisca"]
        figures["evaluate_batch_two_measures_s"] = of_best["two"]
        figures["openfisca_ratio"] = of_best["openfisca"] / of_best["two"]
    if args.breakdown:
        figures["breakdown"] = breakdown(policy, cols, REPEATS)
    if args.json:
        write_json(args.json, NAME, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
