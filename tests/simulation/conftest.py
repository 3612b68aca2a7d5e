"""Shared scenarios and results for the simulation tests (computed once per session)."""

from __future__ import annotations

import pytest

from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, PerHead, Rule
from labourbrand.simulation import Results, Scenario, run


class IllustrativeCities:
    """Illustrative award rules (no Shaanxi city has published an amount).

    安康市 a flat 100,000 yuan, 紫阳县 its own flat 88,000 yuan (安康市's rule
    delegates it), 西安市 300 yuan
    per signed rural worker within 250,000 yuan, 宝鸡市 800 yuan per head with
    no cap of its own (so the province's cap binds); the other cities have
    none, so their amounts stay undetermined.
    """

    __version__ = "0.0-test"

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        def rule(
            jurisdiction: str,
            formula: Flat | PerHead,
            delegates_to: tuple[str, ...] = (),
        ) -> Rule:
            return Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction=jurisdiction,
                first_day="2022-04-29",
                formula=formula,
                reference="illustrative: no published amount",
                illustrative=True,
                delegates_to=delegates_to,
            )

        return [
            rule("610900", Flat(Fen.from_yuan(100_000)), delegates_to=("610924",)),
            rule("610924", Flat(Fen.from_yuan(88_000))),
            rule(
                "610100",
                PerHead(
                    rates=[("rural_signed", Fen.from_yuan(300))],
                    cap=Fen.from_yuan(250_000),
                ),
            ),
            rule("610300", PerHead(rates=[("rural_signed", Fen.from_yuan(800))])),
        ]


#: Runs of the shared results: enough for every code path, quick to make.
RUNS = 40
SEED = 11


@pytest.fixture(scope="session")
def baseline() -> Scenario:
    return Scenario("baseline")


@pytest.fixture(scope="session")
def with_cities() -> Scenario:
    return Scenario("illustrative cities", plugins=[IllustrativeCities()])


@pytest.fixture(scope="session")
def baseline_results(baseline: Scenario) -> Results:
    return run(baseline, runs=RUNS, seed=SEED)


@pytest.fixture(scope="session")
def cities_results(with_cities: Scenario) -> Results:
    return run(with_cities, runs=RUNS, seed=SEED)
