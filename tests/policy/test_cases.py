"""Run every policy case of tests/cases through both paths: one brand, and columns."""

from __future__ import annotations

import pathlib
import tomllib
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from labourbrand import Brand, Fen, RecognitionLevel, Stage
from labourbrand.dates import parse_date
from labourbrand.exceptions import PluginError
from labourbrand.policy import (
    OUTCOME_CODES,
    Decision,
    Ledger,
    Measure,
    Outcome,
    Policy,
    ShowcaseSelection,
)
from labourbrand.serialization import from_dict


if TYPE_CHECKING:
    from collections.abc import Callable

    import pendulum


FOLDER = pathlib.Path(__file__).parent.parent / "cases"
#: The measure cases; fidelity.toml is the index of the audit's rows (tests/test_fidelity.py).
CASES = sorted(
    [
        *(p for p in FOLDER.glob("*.toml") if p.name != "fidelity.toml"),
        *(FOLDER / "support").glob("*.toml"),
    ]
)
COUNTS = (
    "practitioners",
    "rural",
    "rural_signed",
    "poverty_alleviated",
    "rural_low_income",
)


def _facts(case: dict[str, Any]) -> dict[str, Any]:
    """The facts beyond the brand record that a case gives."""
    return {
        "selection": from_dict(case["selection"], ShowcaseSelection)
        if "selection" in case
        else None,
        "training_base": case.get("training_base"),
        "founders": case.get("founders"),
    }


def _decide(  # noqa: PLR0917 - a case's parts, in order
    policy: Policy,
    measure: Measure,
    brand: Brand,
    on: pendulum.Date,
    facts: dict[str, Any],
    ledger: Ledger,
) -> Decision:
    needs = policy.measure(measure).needs
    return policy.decide(
        measure, brand, on=on, ledger=ledger, **{k: facts[k] for k in needs}
    )


def _row(
    brand: Brand,
    on: pendulum.Date,
    facts: dict[str, Any],
    needs: tuple[str, ...],
) -> dict[str, object]:
    """The brand of a case as one row, read from its record as a clerk would: None where unknown."""
    observation = brand.workforce_on(on)
    row: dict[str, object] = {"county": brand.county or ""}
    for name in (*COUNTS, "signed", "trained"):
        row[name] = None if observation is None else getattr(observation, name)
    row["exited"] = brand.stage_on(on) is Stage.EXITED
    # Held: yes; not held: no; a recognition with neither day nor year: unknown.
    held = {
        r.held(on) for r in brand.recognitions if r.level is RecognitionLevel.PROVINCIAL
    }
    row["provincial_recognition"] = (
        True if True in held else None if None in held else False
    )
    selection = facts["selection"]
    row["showcase_selected"] = selection is not None and selection.on <= on
    if "training_base" in needs:
        row["training_base"] = facts["training_base"]
    if "founders" in needs:
        row["founders"] = facts["founders"]
    # The payments come from the ledger itself, by the brand's id.
    row["brand_id"] = brand.id
    return row


#: Columns read as flags; the others of a row are counts, or text.
FLAGS = ("exited", "provincial_recognition", "showcase_selected", "training_base")


def _as_arrays(row: dict[str, object]) -> dict[str, np.ndarray]:
    """One row as numpy columns: an unknown value is None in an object column."""
    return {
        name: np.array([value], object if value is None else None)
        for name, value in row.items()
    }


def _as_frame(row: dict[str, object]) -> Any:  # noqa: ANN401 - a pandas DataFrame
    """One row as a pandas DataFrame with nullable columns: an unknown value is NA."""
    import pandas as pd

    def series(name: str, value: object) -> object:
        if name in {"county", "brand_id"} or name.startswith("paid_"):
            return [value]
        return pd.array([value], dtype="boolean" if name in FLAGS else "Int64")

    return pd.DataFrame({name: series(name, value) for name, value in row.items()})


def _ledger(
    policy: Policy,
    measure: Measure,
    brand: Brand,
    facts: dict[str, Any],
    case: dict[str, Any],
) -> Ledger:
    """The ledger of a case: an earlier award (``paid_on``), for the same selection
    unless the case names the one it was for (``paid_selection``)."""
    ledger = Ledger()
    if "paid_on" not in case:
        return ledger
    paid_facts = facts
    if "paid_selection" in case:
        paid_facts = {
            **facts,
            "selection": from_dict(case["paid_selection"], ShowcaseSelection),
        }
    earlier = _decide(
        policy, measure, brand, parse_date(case["paid_on"]), paid_facts, ledger
    )
    return ledger.record(earlier)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: pathlib.Path, case_rules: Callable[..., object]) -> None:
    """Each reviewed case decides as expected, for one brand and as a row of columns alike."""
    case: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    measure = Measure(case["measure"])
    assert path.stem.startswith(measure.value.replace("_", "-"))
    brand = from_dict(case["input"], Brand, source=path.name)
    on = parse_date(case["on"])
    plugins = [case_rules(case["rules"], measure)] if "rules" in case else []
    if "refused" in case["expected"]:
        # The rules themselves are refused when the policy is built, naming the plugin.
        with pytest.raises(PluginError, match=r"plugin 'case-rules'") as info:
            Policy.shaanxi(plugins=plugins, entry_points=False)
        assert case["expected"]["refused"] in str(info.value)
        return
    policy = Policy.shaanxi(
        plugins=plugins,
        entry_points=False,
        interpretations=case.get("interpretations", {}),
    )
    facts = _facts(case)
    ledger = _ledger(policy, measure, brand, facts, case)
    decision = _decide(policy, measure, brand, on, facts, ledger)
    expected = case["expected"]
    assert decision.outcome is Outcome(expected["outcome"]), decision.explain()
    assert f"shaanxi-2022-13:{case['clause']}" in decision.clauses
    if "amount_yuan" in expected:
        assert decision.amount == Fen.from_yuan(expected["amount_yuan"])
        assert decision.suppliers[0].plugin == "case-rules"
        assert "illustrative" in decision.explain()
    elif decision.outcome is Outcome.ELIGIBLE:
        assert decision.amount is None
        assert decision.amount_set_by
    else:
        assert decision.amount is None
        assert decision.amount_set_by is None
    for key in ("amount_set_by", "payee", "fund", "capped"):
        if key in expected:
            assert getattr(decision, key) == expected[key]
    assert decision.on == on
    assert decision.steps
    for use in decision.interpretations:
        chosen = case.get("interpretations", {}).get(use.interpretation.split(":")[-1])
        assert use.chosen_by == ("default" if chosen is None else "policy")
        assert chosen is None or use.reading == chosen
    if "explanation" in expected:
        assert expected["explanation"] in [step.en for step in decision.steps]
    # The same case as one row of columns, through the batch path: numpy
    # columns with None where a fact is unknown, and a pandas DataFrame with NA.
    needs = policy.measure(measure).needs
    row = _row(brand, on, facts, needs)
    spec = policy.measure(measure)
    if spec.one_time and spec.once_per_on(policy.day(on).reading) == "selection":
        # Paid for this selection: what a clerk reads for the row (no column
        # gives each row's selection day, so the batch reads no ledger for it).
        selection = facts["selection"]
        row[f"paid_{measure.value}"] = selection is not None and (
            ledger.paid(brand.id, measure, on=on, since=selection.on) is not None
        )
    amount = -1 if decision.amount is None else decision.amount.amount
    for columns in (_as_arrays(row), _as_frame(row)):
        batch = policy.evaluate_batch(
            columns, on=on, measures=[measure], ledger=ledger
        )[measure]
        assert OUTCOME_CODES[int(batch.outcome[0])] is decision.outcome
        assert int(batch.amount[0]) == amount
        assert bool(batch.delegated[0]) == (decision.amount_set_by is not None)
        assert bool(batch.capped[0]) == decision.capped


def test_there_are_cases_of_every_measure_clause() -> None:
    """The case folders hold cases for every clause of a measure (a glob that finds nothing fails)."""
    assert len(CASES) >= 27
    clause_ids = {tomllib.loads(p.read_text(encoding="utf-8"))["clause"] for p in CASES}
    assert clause_ids == {"4.1", "4.2", "4.3", "5.1"}


CHECK_CASES = sorted((FOLDER / "checks").glob("*.toml"))


@pytest.mark.parametrize("path", CHECK_CASES, ids=[p.stem for p in CHECK_CASES])
def test_check_case(path: pathlib.Path) -> None:
    """Each reviewed county-duty case gives its expected status, the funding tilt for one county and in batch alike."""
    from labourbrand.policy import CheckStatus, CountyFacts

    case: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    policy = Policy.shaanxi(entry_points=False)
    on = parse_date(case["on"])
    expected = CheckStatus(case["expected"]["status"])
    if case["check"] == "funding_tilt":
        brands = [from_dict(b, Brand, source=path.name) for b in case.get("brands", [])]
        check = policy.funding_tilt(
            case["county"], brands, on=on, contributed=case.get("contributed")
        )
        # The same county as one row of columns, its flag read as a clerk would.
        held = {
            r.held(on)
            for b in brands
            for r in b.recognitions
            if r.level in {RecognitionLevel.NATIONAL, RecognitionLevel.PROVINCIAL}
        }
        contributed = case.get("contributed")
        batch = policy.check_batch(
            "funding_tilt",
            {
                "county": np.array([case["county"]]),
                "recognised_brand": np.array(
                    [1 if True in held else -1 if None in held else 0], np.int8
                ),
                "contributed": np.array(
                    [-1 if contributed is None else int(contributed)], np.int8
                ),
            },
            on=on,
        )
        assert batch.statuses() == [expected]
    elif case["check"] == "leading_enterprise":
        check = policy.leading_enterprise(name=case["subject"], on=on, **case["facts"])
    elif case["check"] in {"development_plan", "implementation_plan", "expert_pool"}:
        check = policy.obligation(
            case["check"], subject=case["subject"], on=on, done=case.get("done")
        )
    else:
        facts = from_dict(case["facts"], CountyFacts, source=path.name)
        checks = {c.check: c for c in policy.county_obligations(facts, on=on)}
        check = checks[case["check"]]
    if "explanation" in case["expected"]:
        assert case["expected"]["explanation"] in [s.en for s in check.steps], (
            check.explain()
        )
    assert check.status is expected, check.explain()
    assert f"shaanxi-2022-13:{case['clause']}" in check.clauses


def test_there_are_check_cases() -> None:
    """The county-duty case folder is not empty."""
    assert len(CHECK_CASES) >= 4


TARGET_CASES = sorted((FOLDER / "targets").glob("*.toml"))


@pytest.mark.parametrize("path", TARGET_CASES, ids=[p.stem for p in TARGET_CASES])
def test_target_case(path: pathlib.Path) -> None:
    """Each reviewed targets case gives its expected count and explanation, from the brands and from columns."""
    case: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    on = parse_date(case["on"])
    brands = [
        from_dict(brand, Brand, source=f"{path.name} brands[{i}]")
        for i, brand in enumerate(case["brands"])
    ]
    policy = Policy.shaanxi(
        entry_points=False, interpretations=case.get("interpretations", {})
    )
    expected = case["expected"]
    report = policy.targets(brands, on=on)
    check = report[expected["check"]]
    assert check.status.value == expected["status"], check.explain()
    assert check.value == expected["value"]
    assert f"shaanxi-2022-13:{case['clause']}" in check.clauses
    assert expected["explanation"] in [step.en for step in check.steps]
    assert report["target_brands_per_county"].value == expected["counties_filled"]
    for interpretation, reading in case.get("interpretations", {}).items():
        assert (f"shaanxi-2022-13:{interpretation}", reading, "policy") in [
            (u.interpretation, u.reading, u.chosen_by) for u in check.interpretations
        ]
    columns = {
        "county": np.array([b.county or "" for b in brands]),
        "category": np.array([b.category.value if b.category else "" for b in brands]),
        "stage": np.array([b.stage_on(on).value for b in brands]),
        **{
            f"held_{level.value}": np.array(
                [
                    any(r.level is level and r.held_on(on) for r in b.recognitions)
                    for b in brands
                ]
            )
            for level in RecognitionLevel
        },
    }
    assert policy.targets_batch(columns, on=on) == report


def test_there_are_target_cases() -> None:
    """The targets case folder is not empty."""
    assert len(TARGET_CASES) >= 2
