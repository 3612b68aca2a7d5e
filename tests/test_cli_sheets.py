"""Spreadsheets in and out of ``labourbrand evaluate``, and ``labourbrand template``."""

from __future__ import annotations

import csv
import gc
import io
import json
import subprocess
import sys
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourbrand import Brand, CreatingUnit, Stage, WorkforceObservation
from labourbrand.cli import _sheets, main
from labourbrand.cli._brand_sheet import BRAND_COLUMNS, row_of_brand
from labourbrand.cli._table import DECISION_COLUMNS
from labourbrand.cli.evaluate import read_brands
from labourbrand.exceptions import DataError, InvalidArgumentError, LabourBrandError
from labourbrand.policy import Policy
from labourbrand.serialization import from_dict, from_json, to_dict, to_json
from labourbrand.testing import strategies as lbst


EXAMPLES = Path(__file__).parent.parent / "examples"
BRANDS = EXAMPLES / "brands.json"
TEMPLATE = EXAMPLES / "brands-template.xlsx"
BRANDS_CSV = EXAMPLES / "brands.csv"
DAY = "2025-12-31"
# An illustrative amount with fen, for 安康市: the tables must carry it exactly.
RULES = """\
[plugin]
city = "610900"

[[rules]]
measure = "employment_award"
first_day = 2023-01-01
flat_yuan = "123456.78"
reference = "illustrative"
illustrative = true
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sheet_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, by sheet name."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {
            sheet.title: list(sheet.iter_rows(values_only=True))
            for sheet in book.worksheets
        }
    finally:
        book.close()


def read_all(path: Path) -> list[Brand]:
    """The brands of *path*, which must all be good."""
    found = []
    for where, brand in read_brands(str(path), None, str(path)):
        assert not isinstance(brand, list), (where, brand)
        found.append(brand)
    return found


# ------------------------------------------------------------- the template
def test_the_template_is_what_the_generator_makes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """examples/brands-template.xlsx and brands.csv are what `labourbrand template --example examples/brands.json` writes."""
    made = tmp_path / "brands-template.xlsx"
    made_csv = tmp_path / "brands.csv"
    assert run(capsys, "template", str(made), "--example", str(BRANDS))[0] == 0
    assert run(capsys, "template", str(made_csv), "--example", str(BRANDS))[0] == 0
    assert sheet_values(made) == sheet_values(TEMPLATE)
    assert made_csv.read_text(encoding="utf-8") == BRANDS_CSV.read_text(
        encoding="utf-8"
    )


def test_the_template_explains_every_column() -> None:
    """The template's sheets: the columns declared, the example brands, and each column explained in zh and en."""
    sheets = sheet_values(TEMPLATE)
    assert list(sheets) == ["brands", "columns"]
    header, *rows = sheets["brands"]
    assert list(header) == [c.name for c in BRAND_COLUMNS]
    names = [
        json.loads(BRANDS.read_text(encoding="utf-8"))[i]["name_zh"] for i in range(3)
    ]
    assert [row[0] for row in rows] == names
    explained = sheets["columns"][1:]
    assert [row[0] for row in explained] == [c.name for c in BRAND_COLUMNS]
    assert all(row[1] and row[2] and row[3] for row in explained)


@pytest.mark.parametrize("table", [TEMPLATE, BRANDS_CSV])
def test_evaluate_decides_the_tables_as_the_json(
    capsys: pytest.CaptureFixture[str], table: Path
) -> None:
    """The template and brands.csv hold the brands of brands.json: the same decisions, fact for fact."""
    argv = ("--on", DAY, "--no-entry-points", "--format", "json")
    expected = run(capsys, "evaluate", str(BRANDS), *argv)
    assert expected[0] == 0
    assert run(capsys, "evaluate", str(table), *argv) == expected
    assert read_all(table) == from_json(BRANDS.read_bytes(), list[Brand])


# ------------------------------------------------------------- round trips
def _row_brand(brand: Brand) -> Brand:
    """*brand* cut to what a row holds: its latest observation, its first recognition, no history.

    A creating unit of which nothing is known is no creating unit: a row of
    blank cells holds both alike.
    """
    unit = brand.creating_unit
    return attrs.evolve(
        brand,
        creating_unit=None if unit == CreatingUnit() else unit,
        workforce=brand.workforce[-1:],
        recognitions=brand.recognitions[:1],
        history=(),
        stage=Stage.DISCOVERED,
    )


def _lf(data: Any) -> Any:  # noqa: ANN401 - JSON data
    """*data* with every CR and CRLF in its text a LF."""
    if isinstance(data, str):
        return data.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(data, dict):
        return {k: _lf(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_lf(v) for v in data]
    return data


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    brands=st.lists(lbst.brands(max_events=0).map(_row_brand), max_size=4),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_brands_table_brands_round_trip(
    tmp_path_factory: pytest.TempPathFactory, brands: list[Brand], suffix: str
) -> None:
    """Brands written as a table read back equal, each unknown fact still unknown (never zero)."""
    folder = tmp_path_factory.mktemp("round")
    source = folder / "brands.json"
    source.write_text(to_json(brands), encoding="utf-8")
    table = folder / f"brands{suffix}"
    assert main(["template", str(table), "--example", str(source)]) == 0
    if suffix == ".xlsx":
        # XML reads a carriage return (CR, CRLF) in text as a line feed.
        brands = from_dict(_lf(to_dict(brands)), list[Brand])
    assert read_all(table) == brands


def test_a_blank_cell_is_unknown_and_leaves_the_decision_undetermined(
    tmp_path: Path,
) -> None:
    """Blank counts are None, never 0, and the subsidies that read them are undetermined, naming the count."""
    path = tmp_path / "brands.csv"
    path.write_text(
        "name_zh,county,observed_on,practitioners,rural,rural_signed,poverty_alleviated,rural_low_income\n"
        "紫阳修脚师,610924,2023-06-30,900,800,520,,\n",
        encoding="utf-8",
    )
    (brand,) = read_all(path)
    observation = brand.workforce[0]
    assert (observation.poverty_alleviated, observation.rural_low_income) == (
        None,
        None,
    )
    assert observation.signed is None
    decision = Policy.shaanxi(entry_points=False).transport_subsidy(
        brand, on=pendulum.Date(2023, 7, 1)
    )
    assert decision.outcome.value == "undetermined"
    assert "unknown" in decision.steps[-1].en


def test_a_brand_a_row_cannot_hold_is_refused() -> None:
    """Two observations do not fit a row: the writer says so and names the field, rather than drop one."""
    day = pendulum.Date
    brand = Brand(
        name_zh="x",
        workforce=[
            WorkforceObservation(
                on=day(2023, 1, 1), practitioners=1, rural=1, rural_signed=1
            ),
            WorkforceObservation(
                on=day(2024, 1, 1), practitioners=2, rural=1, rural_signed=1
            ),
        ],
    )
    with pytest.raises(InvalidArgumentError, match="keep it as JSON") as caught:
        row_of_brand(brand)
    assert caught.value.field == "workforce"


def test_xlsx_cells_of_a_spreadsheet_program(tmp_path: Path) -> None:
    """What a spreadsheet program stores: a number for a code, a date, TRUE, a Chinese label for a code."""
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name_zh", "county", "observed_on", "practitioners", "rural", "rural_signed", "nationally_known", "category", "recognition_level"])  # fmt: skip
    day = dt.datetime(2023, 6, 30)  # noqa: DTZ001 - what a workbook holds: no zone
    sheet.append(["紫阳修脚师", 610924, day, 900, 800, 520, True, "高品质服务型", "省级"])  # fmt: skip
    sheet.append([None] * 9)  # a blank row is skipped
    path = tmp_path / "brands.xlsx"
    book.save(path)
    (brand,) = read_all(path)
    assert brand.county == "610924"
    assert brand.workforce[0].on == pendulum.Date(2023, 6, 30)
    assert brand.nationally_known is True
    assert brand.category is not None
    assert brand.category.value == "service"
    assert brand.recognitions[0].level.value == "provincial"


# ------------------------------------------------------------- output tables
def _decided(rules: Path) -> list[tuple[Brand, Any]]:
    policy = Policy.shaanxi(entry_points=False, rule_files=(rules,))
    brands = from_json(BRANDS.read_bytes(), list[Brand])
    return [(b, d) for b in brands for d in policy.evaluate(b, on=DAY)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_output_table_is_the_librarys_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """One row per brand and measure, each cell what the library decided; the amount exact in yuan and fen."""
    rules = tmp_path / "ankang.toml"
    rules.write_text(RULES, encoding="utf-8")
    out = tmp_path / f"decisions.{fmt}"
    code, stdout, _ = run(
        capsys, "evaluate", str(TEMPLATE), "--on", DAY, "--no-entry-points",
        "--rules", str(rules), "--format", fmt, "--out", str(out),
    )  # fmt: skip
    assert (code, stdout) == (0, "")
    names = [c.name for c in DECISION_COLUMNS]
    if fmt == "csv":
        text = out.read_text(encoding="utf-8")
        assert text.startswith("\ufeff")
        header, *rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    else:
        sheets = sheet_values(out)
        assert [row[0] for row in sheets["columns"][1:]] == names
        header, *rows = (list(r) for r in sheets["decisions"])
    assert header == names
    expected = _decided(rules)
    assert len(rows) == len(expected)
    priced = 0
    for row, (brand, decision) in zip(rows, expected, strict=True):
        cells = dict(zip(names, row, strict=True))
        blank = "" if fmt == "csv" else None
        assert cells["brand_id"] == brand.id
        assert cells["name_zh"] == brand.name_zh
        assert cells["measure"] == decision.measure
        assert cells["outcome"] == decision.outcome.value
        assert cells["decision_id"] == decision.id
        assert cells["clauses"] == "; ".join(decision.clauses)
        assert cells["interpretations"] == (
            "; ".join(
                f"{u.interpretation}={u.reading}" for u in decision.interpretations
            )
            or blank
        )
        assert cells["reason_en"] == decision.steps[-1].en
        if decision.amount is None:
            assert (cells["amount_yuan"], cells["amount_fen"]) == (blank, blank)
            continue
        priced += 1
        fen = decision.amount.amount
        assert int(cells["amount_fen"]) == fen
        # Exact to the fen: the decimal text, or the number's shortest repr.
        assert Decimal(str(cells["amount_yuan"])) == Decimal(fen).scaleb(-2)
        assert str(cells["supplied_by"]).startswith("ankang")
    assert priced == 1  # the employment award of 紫阳修脚师, in 安康市


def test_xlsx_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook is not written to stdout: --format xlsx without --out is an error, before any work."""
    code, out, err = run(capsys, "evaluate", str(BRANDS), "--format", "xlsx")
    assert (code, out) == (2, "")
    assert "--out" in err


def test_text_starting_with_equals_is_not_a_formula(tmp_path: Path) -> None:
    """A name starting with '=' is written as text, and reads back as the name."""
    brands = [Brand(name_zh="=1+1", county="610924")]
    source = tmp_path / "brands.json"
    source.write_text(to_json(brands), encoding="utf-8")
    table = tmp_path / "brands.xlsx"
    assert main(["template", str(table), "--example", str(source)]) == 0
    assert read_all(table) == brands


# ------------------------------------------------------------- bad tables
def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


HEADER = "name_zh,county,observed_on,practitioners,rural,rural_signed\n"
BAD: dict[str, tuple[str, bytes | list[list[Any]], list[str]]] = {
    "a fraction of a worker": ("csv", (HEADER + "a,610924,2023-01-01,10,5,1.5\n").encode(), ["row 2, column rural_signed", "@ $[0].workforce[0].rural_signed"]),
    "an exponent": ("csv", (HEADER + "a,610924,2023-01-01,1e3,5,1\n").encode(), ["row 2, column practitioners"]),
    "counts that do not nest": ("csv", (HEADER + "a,610924,2023-01-01,10,5,1\nb,610924,2023-01-01,10,5,9\n").encode(), ["row 3, column rural_signed"]),
    "a count without its day": ("csv", (HEADER + "a,610924,,10,5,1\n").encode(), ["row 2, column observed_on"]),
    "an implausible day": ("csv", (HEADER + "a,610924,1900-01-01,10,5,1\n").encode(), ["row 2, column observed_on", "1949-10-01"]),
    "a control character": ("csv", (HEADER + "a\x07b,610924,,,,\n").encode(), ["row 2, column name_zh"]),
    "a long cell": ("csv", (HEADER + "长" * 3000 + ",610924,,,,\n").encode(), ["row 2, column name_zh", "2,000 characters"]),
    "an unknown column": ("csv", b"name_zh,county,rurl\na,610924,1\n", ["row 1 (the header)", "'rurl'"]),
    "a column twice": ("csv", b"name_zh,county,rural,rural\na,610924,1,1\n", ["row 1 (the header)", "'rural' 2 times"]),
    "a missing column": ("csv", b"name_zh,rural\na,1\n", ["row 1 (the header)", "'county'"]),
    "not UTF-8": ("csv", b"name_zh,county\n\xff,610924\n", ["UTF-8", "line 2"]),
    "a cell past the header": ("csv", b"name_zh,county\na,610924,x\n", ["row 2", "past the header"]),
    "an empty file": ("csv", b"", ["empty"]),
    "a workbook's bad cell": ("xlsx", [["name_zh", "county", "practitioners"], ["a", "610924", 1.5]], ["row 2, column practitioners"]),
    "a workbook's unknown column": ("xlsx", [["name_zh", "county", "x"]], ["row 1 (the header)", "'x'"]),
    "not a workbook": ("xlsx", b"name_zh,county\n", ["not one"]),
    "an encrypted workbook": ("xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ["encrypted"]),
    "a ZIP archive that is no workbook": ("xlsx", b"", ["cannot be read"]),
}  # fmt: skip


def _bad_file(folder: Path, kind: str) -> Path:
    fmt, content, _ = BAD[kind]
    path = folder / f"brands.{fmt}"
    if kind == "a ZIP archive that is no workbook":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("a.txt", "b")
    elif isinstance(content, list):
        _xlsx(path, content)
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_table_keeps_the_contract(tmp_path: Path, kind: str) -> None:
    """In a process of its own: exit 2, the file, row and column on stderr, nothing on stdout, no file written."""
    path = _bad_file(tmp_path, kind)
    out_format = "xlsx" if path.suffix == ".csv" else "csv"  # the other one
    out = tmp_path / "out" / f"decisions.{out_format}"
    done = subprocess.run(
        [sys.executable, "-m", "labourbrand", "evaluate", str(path), "--on", DAY,
         "--no-entry-points", "--format", out_format, "--out", str(out)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.startswith(f"labourbrand: error: {path}: ")
    assert "Traceback" not in done.stderr
    for needle in BAD[kind][2]:
        assert needle in done.stderr
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_an_old_out_file_stays_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad table leaves an earlier workbook at --out untouched."""
    out = tmp_path / "decisions.xlsx"
    out.write_bytes(b"an older run")
    bad = _bad_file(tmp_path, "counts that do not nest")
    code, _, _ = run(
        capsys, "evaluate", str(bad), "--format", "xlsx", "--out", str(out)
    )
    assert code == 2
    assert out.read_bytes() == b"an older run"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_workbook_that_unpacks_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook past the bound on unpacked bytes is refused before openpyxl opens it."""
    path = _xlsx(tmp_path / "brands.xlsx", [["name_zh", "county"], ["a", "610924"]])
    monkeypatch.setattr(_sheets, "MAX_XLSX_BYTES", 1000)
    with pytest.raises(DataError, match="unpacks to at most 1,000 bytes"):
        read_all(path)


def test_a_workbook_read_in_part_leaves_no_file_open(tmp_path: Path) -> None:
    """A reader stopped by a bad row closes the workbook's file at once, not when the garbage collector runs."""
    path = _xlsx(tmp_path / "brands.xlsx", [["n"], *([str(i)] for i in range(50))])

    def read_one_row_then_stop() -> tuple[object, ...]:
        # The part-read rows are left in a reference cycle, as a traceback
        # can leave them: only the garbage collector frees them.
        cycle: list[object] = []
        with _sheets.xlsx_rows(str(path), "brands.xlsx") as rows:
            cycle += [rows, cycle]
            return next(iter(rows))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert read_one_row_then_stop() == ("n",)
        gc.collect()
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


def test_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading stops, with an error, past the bound on rows."""
    path = tmp_path / "brands.csv"
    path.write_text("name_zh,county\n" + "a,610924\n" * 5, encoding="utf-8")
    monkeypatch.setattr(_sheets, "MAX_ROWS", 4)
    with pytest.raises(DataError, match="at most 4 rows"):
        read_all(path)


def test_without_openpyxl_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With openpyxl missing, XLSX is a clean error that says which extra to install."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(LabourBrandError, match=r"labourbrand\[xlsx\]"):
        read_all(TEMPLATE)
    with pytest.raises(LabourBrandError, match=r"labourbrand\[xlsx\]"):
        main_raising(["template", str(tmp_path / "t.xlsx")])


def main_raising(argv: list[str]) -> None:
    """Run a command's function, letting its error out."""
    from labourbrand.cli import _parser

    args = _parser().parse_args(argv)
    args.run(args)


def test_a_table_on_stdin_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """Standard input is JSON: asking for CSV from it is an error, not a guess."""
    code, out, err = run(capsys, "evaluate", "-", "--input-format", "csv")
    assert (code, out) == (2, "")
    assert "standard input is read as JSON" in err
