"""Run every policy case of tests/cases/*.toml."""

from __future__ import annotations

import pathlib
import tomllib
from typing import TYPE_CHECKING, Any

import pendulum
import pytest

from labourbrand import Brand, Fen
from labourbrand.dates import parse_date
from labourbrand.policy import Ledger, Measure, Outcome, Policy
from labourbrand.serialization import from_dict


if TYPE_CHECKING:
    from collections.abc import Callable


CASES = sorted((pathlib.Path(__file__).parent.parent / "cases").glob("*.toml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: pathlib.Path, case_rules: Callable[..., object]) -> None:
    """The decision of each reviewed case matches its expected outcome and amount."""
    case: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    measure = Measure(case["measure"])
    brand = from_dict(case["input"], Brand, source=path.name)
    on = parse_date(case["on"])
    plugins = [case_rules(case["rules"], measure)] if "rules" in case else []
    policy = Policy.shaanxi(plugins=plugins, entry_points=False)
    ledger = Ledger()
    if "paid_on" in case:
        earlier = policy.employment_award(brand, on=parse_date(case["paid_on"]))
        ledger = ledger.record(earlier)
    decision = policy.employment_award(brand, on=on, ledger=ledger)
    expected = case["expected"]
    assert decision.outcome is Outcome(expected["outcome"]), decision.explain()
    assert case["clause"] in decision.clauses
    if "amount_yuan" in expected:
        assert decision.amount == Fen.from_yuan(expected["amount_yuan"])
        assert decision.suppliers[0].plugin == "case-rules"
        assert "illustrative" in decision.explain()
    elif decision.outcome is Outcome.ELIGIBLE:
        assert decision.amount is None
    else:
        assert decision.amount is None
        assert decision.amount_set_by is None
    for key in ("amount_set_by", "payee", "fund", "capped"):
        if key in expected:
            assert getattr(decision, key) == expected[key]
    assert decision.on == on
    assert decision.steps


def test_there_are_cases() -> None:
    """The case folder is not empty (a glob that finds nothing must fail)."""
    assert len(CASES) >= 12
    assert isinstance(pendulum.Date(2022, 4, 29), pendulum.Date)


CHECK_CASES = sorted(
    (pathlib.Path(__file__).parent.parent / "cases" / "checks").glob("*.toml")
)


@pytest.mark.parametrize("path", CHECK_CASES, ids=[p.stem for p in CHECK_CASES])
def test_check_case(path: pathlib.Path) -> None:
    """Each reviewed county-duty case gives its expected status."""
    from labourbrand.policy import CheckStatus, CountyFacts

    case: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    facts = from_dict(case["facts"], CountyFacts, source=path.name)
    policy = Policy.shaanxi(entry_points=False)
    checks = {
        c.check: c for c in policy.county_obligations(facts, on=parse_date(case["on"]))
    }
    check = checks[case["check"]]
    assert check.status is CheckStatus(case["expected"]["status"]), check.explain()
    assert case["clause"] in check.clauses


def test_there_are_check_cases() -> None:
    """The county-duty case folder is not empty."""
    assert len(CHECK_CASES) >= 4
