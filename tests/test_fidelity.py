"""The fidelity audit's misread and missing rows, each shown by a reviewed case (tests/cases/fidelity.toml).

The cases of measures, checks and targets run in tests/policy/test_cases.py;
the cases of the lifecycle, the regions and the coverage run here.
"""

from __future__ import annotations

import pathlib
import tomllib
from typing import Any

import pytest

import labourbrand as lb
from labourbrand import exceptions
from labourbrand.dates import parse_date
from labourbrand.policy import Policy, coverage
from labourbrand.regions import Designation, shaanxi
from labourbrand.serialization import from_dict


CASES = pathlib.Path(__file__).parent / "cases"
INDEX: dict[str, Any] = tomllib.loads(
    (CASES / "fidelity.toml").read_text(encoding="utf-8")
)
POLICY = Policy.shaanxi(entry_points=False)


def _load(path: pathlib.Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------- the index
def test_every_misread_or_missing_row_has_a_case() -> None:
    """The 17 rows the audit marks misread or missing each name at least one case."""
    rows = INDEX["rows"]
    assert sorted(r["row"] for r in rows) == [
        6, 11, 12, 14, 19, 26, 27, 28, 30, 31, 33, 35, 37, 38, 44, 46, 47,
    ]  # fmt: skip
    assert all(r["verdict"] in {"misread", "missing"} and r["cases"] for r in rows)


@pytest.mark.parametrize(
    ("row", "case"),
    [(r["row"], c) for r in INDEX["rows"] for c in r["cases"]],
)
def test_each_named_case_exists_and_cites_the_rows_clause(row: int, case: str) -> None:
    """A case named for a row exists, says what it shows, and cites a clause of the row."""
    entry = next(r for r in INDEX["rows"] if r["row"] == row)
    clauses = (
        entry["clause"] if isinstance(entry["clause"], list) else [entry["clause"]]
    )
    data = _load(CASES / case)
    assert data["name"].strip()
    assert data["clause"] in clauses


# -------------------------------------------------------------- lifecycle cases
LIFECYCLE = sorted((CASES / "lifecycle").glob("*.toml"))


def _take(brand: lb.Brand, step: dict[str, Any]) -> lb.Brand:
    """Take one step of a lifecycle case through the policy's table."""
    payload: dict[str, Any] = {
        key: step[key] for key in ("note", "name_zh") if key in step
    }
    if "grounds" in step:
        payload["grounds"] = [lb.ExitGround(g) for g in step["grounds"]]
    return POLICY.transition(
        brand,
        lb.Event(step["event"]),
        on=parse_date(step["on"]),
        by=lb.Authority(step["by"]),
        **payload,
    )


@pytest.mark.parametrize("path", LIFECYCLE, ids=[p.stem for p in LIFECYCLE])
def test_lifecycle_case(path: pathlib.Path) -> None:
    """Each step is taken, or refused with the expected error, by the policy's lifecycle table."""
    case = _load(path)
    brand = from_dict(case["brand"], lb.Brand, source=path.name)
    first_id = brand.id
    for index, step in enumerate(case["steps"]):
        if "refused" in step:
            error = getattr(exceptions, step["refused"])
            with pytest.raises(error):
                _take(brand, step)
            continue
        brand = _take(brand, step)
        assert brand.stage.value == step["stage"], f"step {index}"
        assert brand.history[-1].event.value == step["event"]
        assert brand.history[-1].by.value == step["by"]
        if step.get("same_id"):
            assert brand.id == first_id
            assert brand.name_zh == step["name_zh"]
    assert lb.lifecycle.replay(brand) is brand.stage


def test_there_are_lifecycle_cases() -> None:
    assert len(LIFECYCLE) >= 4


# ---------------------------------------------------------------- region cases
REGIONS = sorted((CASES / "regions").glob("*.toml"))


@pytest.mark.parametrize("path", REGIONS, ids=[p.stem for p in REGIONS])
def test_region_case(path: pathlib.Path) -> None:
    case = _load(path)
    status = shaanxi().designation(case["code"], Designation(case["designation"]))
    assert status.value == case["expected"]["status"]


def test_there_are_region_cases() -> None:
    assert REGIONS


# -------------------------------------------------------------- coverage cases
COVERAGE = sorted((CASES / "coverage").glob("*.toml"))


@pytest.mark.parametrize("path", COVERAGE, ids=[p.stem for p in COVERAGE])
def test_coverage_case(path: pathlib.Path) -> None:
    """A provision with no rule is named in its clause's coverage note, with the reason."""
    case = _load(path)
    note = next(c.note for c in coverage() if c.clause == case["clause"])
    for words in case["expected"]["note_contains"]:
        assert words in note


def test_there_are_coverage_cases() -> None:
    assert len(COVERAGE) >= 2
