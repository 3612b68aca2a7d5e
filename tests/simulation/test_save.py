"""Saved results are the tidy tables of to_pandas, as CSV or Parquet, with their metadata."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import attrs
import pandas as pd
import pytest

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.simulation._results import TABLES
from labourbrand.simulation._save import save


if TYPE_CHECKING:
    import pathlib

    from labourbrand.simulation import Results


def as_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Months as ordinals and categories as codes: pandas compares those objects one by one, slowly."""
    out = frame.copy()
    for column in frame:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.PeriodDtype):
            out[column] = frame[column].array.asi8
        elif isinstance(dtype, pd.CategoricalDtype):
            out[column] = frame[column].cat.codes
    return out


def test_csv_by_default(cities_results: Results, tmp_path: pathlib.Path) -> None:
    """Every table is written as CSV with the columns and rows of to_pandas."""
    folder = tmp_path / "out" / "reform"
    paths = save(cities_results, folder)
    assert [p.name for p in paths] == [
        *(f"{table}.csv" for table in TABLES),
        "metadata.json",
    ]
    assert all(p.parent == folder and p.is_file() for p in paths)
    for table in TABLES:
        expected = cities_results.to_pandas(table)
        written = pd.read_csv(folder / f"{table}.csv")
        assert list(written.columns) == list(expected.columns)
        assert len(written) == len(expected)


def test_csv_values(cities_results: Results, tmp_path: pathlib.Path) -> None:
    """Months are written as 2025-12, money as integer fen, undetermined amounts empty."""
    save(cities_results, tmp_path, tables=["money", "award_events", "stages"])
    stages = pd.read_csv(tmp_path / "stages.csv")
    assert stages["month"].iloc[-1] == "2025-12"
    money = pd.read_csv(tmp_path / "money.csv")
    assert money["amount_fen"].dtype.kind == "i"
    assert money["amount_fen"].sum() == cities_results.money.sum()
    events = pd.read_csv(tmp_path / "award_events.csv")
    missing = int((cities_results.award_events["amount"] < 0).sum())
    assert missing > 0
    assert int(events["amount_fen"].isna().sum()) == missing


def test_metadata(cities_results: Results, tmp_path: pathlib.Path) -> None:
    """metadata.json names the scenario, seed, runs, money unit, rules and files."""
    save(cities_results, tmp_path, tables=["targets"])
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert meta["scenario"] == "illustrative cities"
    assert (meta["seed"], meta["runs"]) == (cities_results.seed, cities_results.runs)
    assert (meta["first_month"], meta["last_month"]) == ("2022-04", "2025-12")
    assert meta["deadline"] == "2025-12-31"
    assert meta["money_unit"] == "fen"
    assert meta["fund"] == "就业补助资金"
    assert meta["amounts_determined"] is True
    assert meta["amount_suppliers"] == list(cities_results.suppliers)
    assert all("illustrative" in s for s in meta["amount_suppliers"])
    assert meta["targets"]["target_brands_total"] == {"clause": "2", "required": 100}
    assert meta["files"] == ["targets.csv"]


def test_metadata_without_deadline(
    cities_results: Results, tmp_path: pathlib.Path
) -> None:
    """Results with no deadline record it as null."""
    undated = attrs.evolve(cities_results, deadline=None, deadline_month=None)
    save(undated, tmp_path, tables=["targets"])
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert meta["deadline"] is None


def test_parquet_round_trip(cities_results: Results, tmp_path: pathlib.Path) -> None:
    """Parquet files read back with pandas equal the to_pandas tables, dtypes included."""
    paths = save(cities_results, tmp_path, formats=("csv", "parquet"))
    assert [p.name for p in paths][:2] == ["stages.csv", "stages.parquet"]
    assert len(paths) == 2 * len(TABLES) + 1
    for table in TABLES:
        written = pd.read_parquet(tmp_path / f"{table}.parquet")
        expected = cities_results.to_pandas(table)
        assert written.dtypes.to_dict() == expected.dtypes.to_dict()
        pd.testing.assert_frame_equal(as_numbers(written), as_numbers(expected))


def test_parquet_without_pyarrow(
    cities_results: Results, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pyarrow, asking for Parquet says what to install, and writes nothing."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    folder = tmp_path / "never"
    with pytest.raises(
        InvalidArgumentError, match=r"pip install 'labourbrand\[parquet\]'"
    ) as info:
        save(cities_results, folder, formats=["parquet"])
    assert info.value.field == "formats"
    assert isinstance(info.value.__cause__, ImportError)
    assert not folder.exists()


def test_duplicates_are_written_once(
    cities_results: Results, tmp_path: pathlib.Path
) -> None:
    """A format or table named twice is written once."""
    paths = save(cities_results, tmp_path, formats=["csv", "csv"], tables=["money"] * 2)
    assert [p.name for p in paths] == ["money.csv", "metadata.json"]


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("formats", "csv"),
        ("formats", ()),
        ("formats", ("csv", "xlsx")),
        ("formats", 3),
        ("tables", ["money", "nope"]),
        ("tables", "money"),
    ],
)
def test_bad_arguments(
    cities_results: Results, tmp_path: pathlib.Path, keyword: str, value: object
) -> None:
    """An unknown, empty or bare-string format or table list is refused."""
    with pytest.raises(InvalidArgumentError, match=keyword) as info:
        save(cities_results, tmp_path, **{keyword: value})  # type: ignore[arg-type]
    assert info.value.field == keyword
    assert list(tmp_path.iterdir()) == []


def test_not_results(tmp_path: pathlib.Path) -> None:
    """Anything but Results is refused."""
    with pytest.raises(InvalidArgumentError, match="Expected Results"):
        save({"stages": []}, tmp_path)  # type: ignore[arg-type]
