"""Every loader refuses malformed input cleanly: a LabourBrandError with the path, never a bare exception.

``from_json`` for every public type, the scenario reader, the
designation-corrections reader and the reader of brand tables (CSV and
XLSX, as ``labourbrand evaluate`` reads them) are given mutated copies of the shipped
example files (and of generated valid values). Each input must be either
refused with a :class:`~labourbrand.exceptions.LabourBrandError` whose
message is short and names the path of the bad field, or accepted; and an
input of a class the loaders refuse (see ``mutations.REFUSED``) is never
accepted. What is accepted can be written and read back unchanged.
The default run tries a few dozen inputs per loader; ``nox -s fuzz`` tries
10,000 and writes the counts (see ``conftest.py``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import mutations
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labourbrand import (
    AuditRecord,
    Brand,
    CreatingUnit,
    Fen,
    Recognition,
    WorkforceObservation,
)
from labourbrand.cli import template
from labourbrand.exceptions import DataError, LabourBrandError
from labourbrand.regions import designations_from_csv
from labourbrand.serialization import from_json, to_dict, to_json
from labourbrand.simulation import Scenario
from labourbrand.testing import strategies as lbst


if TYPE_CHECKING:
    from collections.abc import Callable

    from mutations import Case


def _examples(key: str) -> list[Any]:
    """The items of *key* of every brand of examples/brands.json."""
    return [item for brand in mutations.example_brands() for item in brand.get(key, [])]


#: Each public type, with documents to mutate: the example files' and generated ones
#: (the example files twice as often: generating a brand costs more than the rest).
BASES: dict[str, tuple[Any, st.SearchStrategy[object]]] = {
    "Brand": (
        Brand,
        st.one_of(
            st.sampled_from(mutations.example_brands()),
            st.sampled_from(mutations.example_brands()),
            lbst.brands(max_events=4).map(to_dict),
        ),
    ),
    "list[Brand]": (
        list[Brand],
        st.one_of(
            st.just(mutations.example_brands()),
            st.just(mutations.example_brands()),
            st.lists(lbst.brands(max_events=3), max_size=3).map(to_dict),
        ),
    ),
    "WorkforceObservation": (
        WorkforceObservation,
        st.sampled_from(_examples("workforce"))
        | lbst.workforce_observations().map(to_dict),
    ),
    "Recognition": (
        Recognition,
        st.sampled_from(_examples("recognitions")) | lbst.recognitions().map(to_dict),
    ),
    "CreatingUnit": (CreatingUnit, lbst.creating_units().map(to_dict)),
    "AuditRecord": (AuditRecord, lbst.audit_records().map(to_dict)),
    "Fen": (Fen, lbst.fens().map(to_dict)),
    "pendulum.Date": (pendulum.Date, lbst.dates().map(to_dict)),
}


def check_refusal(error: LabourBrandError, *, source: str) -> None:
    """A refusal names the source and the path of each bad field, in short lines."""
    message = str(error)
    assert all(len(line) <= mutations.MAX_LINE for line in message.splitlines()), (
        message[:2000]
    )
    message.encode("utf-8")  # writable as it is: no lone surrogate
    if isinstance(error, DataError):
        assert error.source == source
        assert error.errors
        assert all(" @ $" in line for line in error.errors), error.errors


def load(
    loader: str, case: Case, call: Callable[[], object], *, source: str
) -> object | None:
    """Run *call* on *case*, check how it ends and count it for *loader*."""
    try:
        result = call()
    except LabourBrandError as error:
        try:
            check_refusal(error, source=source)
        except AssertionError:
            mutations.record(loader, "unclean")
            raise
        mutations.record(loader, "refused")
        return None
    except Exception:
        mutations.record(loader, "unclean")
        raise
    if case.refused:
        mutations.record(loader, "unclean")
        pytest.fail(
            f"accepted an input of a refused class ({case.kind}): {case.data[:300]!r}"
        )
    mutations.record(loader, "accepted")
    return result


@pytest.mark.parametrize("name", list(BASES))
@mutations.budget(25)
@given(data=st.data())
def test_from_json_refuses_cleanly(name: str, data: st.DataObject) -> None:
    """from_json of each public type: a clean refusal or a value that reads back unchanged."""
    cls, base = BASES[name]
    case = data.draw(mutations.json_cases(base), label="case")
    loader = f"from_json({name})"
    with mutations.timed(loader):
        value = load(
            loader,
            case,
            lambda: from_json(case.data, cls, source="x.json"),
            source="x.json",
        )
        if value is not None:
            assert from_json(to_json(value), cls) == value
            to_json(value).encode("utf-8")


@mutations.budget(40)
@given(case=mutations.scenario_cases())
def test_scenario_reader_refuses_cleanly(case: Case) -> None:
    """Scenario.from_toml: a clean refusal, quickly, or a scenario within the plausible ranges."""
    loader = "Scenario.from_toml"
    with mutations.timed(loader):
        scenario = load(
            loader,
            case,
            lambda: Scenario.from_toml(case.data, source="s.toml", entry_points=False),
            source="s.toml",
        )
        if scenario is not None:
            assert isinstance(scenario, Scenario)
            scenario.name.encode("utf-8")
            assert attrs.evolve(scenario) == scenario


@mutations.budget(40)
@given(case=mutations.designation_cases())
def test_corrections_csv_refuses_cleanly(case: Case) -> None:
    """designations_from_csv on a file: a clean refusal or records that are all well formed."""
    loader = "designations_from_csv"
    with mutations.timed(loader), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corrections.csv"
        path.write_bytes(case.data)
        records = load(
            loader, case, lambda: designations_from_csv(path), source=str(path)
        )
        if records is not None:
            assert isinstance(records, tuple)
            for record in records:
                attrs.validate(record)
                str(record).encode("utf-8")


def _table_brands(path: Path) -> list[Brand]:
    """The brands of a table, as ``labourbrand template --example`` reads them: every bad row is one error."""
    return template._examples(str(path), None)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@mutations.budget(20)
@given(data=st.data())
def test_brand_table_refuses_cleanly(fmt: str, data: st.DataObject) -> None:
    """A table of brands (CSV, XLSX): a clean refusal naming row and column, or brands that read back unchanged."""
    case = data.draw(mutations.brand_table_cases(fmt), label="case")
    loader = f"brand table ({fmt.upper()})"
    with mutations.timed(loader), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"brands.{fmt}"
        path.write_bytes(case.data)
        brands = load(loader, case, lambda: _table_brands(path), source=str(path))
        if brands is not None:
            assert isinstance(brands, list)
            for brand in brands:
                attrs.validate(brand)
                assert from_json(to_json(brand), Brand) == brand
