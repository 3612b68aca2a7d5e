"""Tables in files: CSV and XLSX read a row at a time and written as rows come (private).

Reading is as strict as the JSON readers of :mod:`labourbrand._files.text`:

- a **CSV** file is UTF-8 (a byte-order mark, which Excel writes, is
  dropped); other bytes are refused with the row they are on;
- an **XLSX** file is a workbook: a ZIP archive, not encrypted (a workbook
  saved with a password is an OLE2 file, as is an old ``.xls``), of at most
  :data:`MAX_XLSX_ENTRIES` parts holding at most :data:`MAX_XLSX_BYTES`
  unpacked, read by openpyxl in read-only mode (a row at a time); XML
  entities are refused (defusedxml, which openpyxl uses when installed);
- the **header** (row 1) names each column once, every name known, the
  required ones present; a data row has no cell beyond the header's
  columns; at most :data:`MAX_ROWS` rows are read; a cell holds at most
  :data:`~labourbrand.cli._brand_sheet.MAX_CELL` characters.

Every problem is a :class:`~labourbrand.exceptions.DataError` naming the
file, the row and the column, never an exception of the csv module or of
openpyxl. openpyxl is imported only here, on first use (extra ``xlsx``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Self

from labourbrand._validators import show
from labourbrand.cli._brand_sheet import BRAND_COLUMNS, REQUIRED, brand_of_row
from labourbrand.exceptions import DataError, LabourBrandError


if TYPE_CHECKING:
    import types
    from collections.abc import Iterable, Iterator, Sequence
    from typing import BinaryIO

    from labourbrand._model import Brand
    from labourbrand.cli._brand_sheet import Cell


__all__ = [
    "EXPLAINED",
    "INSTALL",
    "MAX_LINE",
    "MAX_ROWS",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_ENTRIES",
    "XlsxWriter",
    "brands_of_table",
    "csv_line",
    "csv_rows",
    "input_format",
    "openpyxl",
    "table_rows",
    "xlsx_rows",
]

#: The header of a sheet that explains the columns of another.
EXPLAINED: Final = ("column", "说明", "description")
#: How to install what XLSX needs.
INSTALL: Final = "pip install 'labourbrand[xlsx]'"
#: The most rows read, the header's included: as many as a worksheet of Excel holds.
MAX_ROWS: Final = 1_048_576
#: The longest line of a CSV file read, in bytes: 1 MiB, five times a row
#: of every column at its longest.
MAX_LINE: Final = 1 << 20
#: The most bytes the parts of an XLSX file unpack to: 256 MiB, some 500,000
#: brands; a ZIP archive can unpack to a thousand times its size.
MAX_XLSX_BYTES: Final = 1 << 28
#: The most parts of an XLSX file: a workbook of a few sheets has a dozen.
MAX_XLSX_ENTRIES: Final = 1000
# An OLE2 compound file: an encrypted workbook, or an .xls of Excel 97-2003.
_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The most cells of a row shown in a message about cells past the header.
_SHOWN: Final = 3

_SUFFIXES: Final = {".csv": "csv", ".xlsx": "xlsx"}
_BOM: Final = b"\xef\xbb\xbf"


def input_format(path: str, chosen: str | None) -> str:
    """The format of the brands file *path*: *chosen*, else by its extension (``json`` for the rest, and stdin)."""
    if chosen is not None:
        return chosen
    if path == "-":
        return "json"
    return _SUFFIXES.get(Path(path).suffix.lower(), "json")


def openpyxl() -> types.ModuleType:
    """openpyxl, imported on first use.

    Raises:
        LabourBrandError: it is not installed, naming the extra to install.
    """
    try:
        import openpyxl as module
    except ImportError as exc:
        msg = f"Expected openpyxl to read or write XLSX but it is not installed ({INSTALL})"
        raise LabourBrandError(msg) from exc
    found: types.ModuleType = module
    return found


# ------------------------------------------------------------------ reading
def _header(cells: Sequence[Cell], source: str) -> list[str]:
    """The column names of the header row, or the problems of the header."""
    names = [c.strip() if isinstance(c, str) else c for c in cells]
    while names and names[-1] in {None, ""}:
        names.pop()  # blank cells after the last column
    known = {c.name for c in BRAND_COLUMNS}
    problems = []
    unknown = [n for n in dict.fromkeys(names) if n not in known]
    if unknown:
        shown = ", ".join(show(n) for n in unknown[:10])
        problems.append(
            f"row 1 (the header): Expected column names among {', '.join(sorted(known))} "
            f"but got {shown} @ $[*]"
        )
    problems.extend(
        f"row 1 (the header): Expected each column once but got {n!r} "
        f"{names.count(n)} times @ $[*].{n}"
        for n in dict.fromkeys(names)
        if n in known and names.count(n) > 1
    )
    problems.extend(
        f"row 1 (the header): Expected a column {n!r} (its cells may be blank) "
        f"but there is none @ $[*].{n}"
        for n in REQUIRED
        if n not in names
    )
    if problems:
        raise DataError(source, problems)
    return [str(n) for n in names]


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def brands_of_table(
    rows: Iterable[Sequence[Cell]], source: str
) -> Iterator[tuple[str, Brand | list[str]]]:
    """Each brand of a table's *rows* (the header first), with where it is.

    Yields ``(where, brand or problems)``: *where* is ``(row R) @ $[i]``; blank
    rows are skipped.

    Raises (while iterating):
        DataError: the table is empty, its header is bad, a row has cells
            past the header's, or there are more than :data:`MAX_ROWS` rows.
    """
    table = iter(rows)
    first = next(table, None)
    if first is None:
        msg = "Expected a header row naming the columns but the file is empty @ $"
        raise DataError(source, [msg])
    names = _header(first, source)
    width = len(names)
    index = 0
    for row, cells in enumerate(table, 2):
        if row > MAX_ROWS:
            msg = f"Expected at most {MAX_ROWS:,} rows but there are more: reading stopped at row {row} @ $"
            raise DataError(source, [msg])
        if all(_blank(c) for c in cells):
            continue
        past = [c for c in cells[width:] if not _blank(c)]
        if past:
            shown = ", ".join(show(c) for c in past[:_SHOWN])
            yield (
                f"(row {row}) @ $[{index}]",
                [
                    (
                        f"row {row}: Expected no cell past the header's {width} "
                        f"columns but got {shown} @ $[{index}]"
                    )
                ],
            )
        else:
            values = dict(zip(names, cells, strict=False))
            yield (
                f"(row {row}) @ $[{index}]",
                brand_of_row(values, row=row, index=index, source=source),
            )
        index += 1


@contextlib.contextmanager
def csv_rows(path: str, source: str) -> Iterator[Iterator[list[str]]]:
    """The rows of the CSV file *path*, read one at a time.

    Raises:
        LabourBrandError: the file cannot be opened.
        DataError: (while iterating) bytes that are not UTF-8, with the line
            and the byte, or CSV that the csv module cannot split, with the line.
    """
    try:
        opened = Path(path).open("rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        msg = f"{path}: cannot read the file: {exc.strerror or type(exc).__name__}"
        raise LabourBrandError(msg) from exc
    with opened:
        yield _csv_rows(_lines(opened, source), source)


def _lines(stream: BinaryIO, source: str) -> Iterator[str]:
    """The lines of UTF-8 bytes as text (a byte-order mark at the start dropped), each decoded alone."""
    number = 0
    while raw := stream.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            msg = f"Expected lines of at most {MAX_LINE:,} bytes but line {number} is longer @ $"
            raise DataError(source, [msg])
        line = raw.removeprefix(_BOM) if number == 1 else raw
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = (
                f"Expected UTF-8 text but got the byte {line[exc.start]:#04x} at "
                f"line {number}, column {exc.start + 1} (bytes) @ $"
            )
            raise DataError(source, [msg]) from exc


def _csv_rows(lines: Iterator[str], source: str) -> Iterator[list[str]]:
    reader = csv.reader(lines, strict=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            msg = f"Expected CSV but got a syntax error at line {reader.line_num}: {exc} @ $"
            raise DataError(source, [msg]) from exc
        yield cells


@contextlib.contextmanager
def xlsx_rows(path: str, source: str) -> Iterator[Iterator[tuple[Cell, ...]]]:
    """The rows of the first worksheet of the XLSX file *path* (``brands`` if it has one), read one at a time.

    Raises:
        LabourBrandError: the file cannot be opened, or openpyxl is not installed.
        DataError: the file is not a workbook, is encrypted, or unpacks past
            the bounds; (while iterating) a part of it cannot be read.
    """
    module = openpyxl()
    try:
        with Path(path).open("rb") as stream:
            head = stream.read(len(_OLE2))
    except OSError as exc:
        msg = f"{path}: cannot read the file: {exc.strerror or type(exc).__name__}"
        raise LabourBrandError(msg) from exc
    if head == _OLE2:
        msg = (
            "Expected an XLSX workbook but got an OLE2 file: a workbook saved with a "
            "password (encrypted) or an .xls of Excel 97-2003; save it as .xlsx "
            "without a password @ $"
        )
        raise DataError(source, [msg])
    _check_archive(path, source)
    # The file is opened and closed here, not by openpyxl: a read-only
    # workbook left part-read (a bad row stops the reader) keeps its archive
    # open after close() in older openpyxl, until the garbage collector runs.
    with Path(path).open("rb") as stream, warnings.catch_warnings():
        # openpyxl warns of what it drops (styles, extensions): nothing read here.
        warnings.simplefilter("ignore")
        try:
            book = module.load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # any failure of the parser on a file from outside
            raise _unreadable(source, exc) from exc
        try:
            sheet = (
                book["brands"] if "brands" in book.sheetnames else book.worksheets[0]
            )
            yield _sheet_rows(sheet, source)
        finally:
            book.close()


def _check_archive(path: str, source: str) -> None:
    """Refuse a file that is no ZIP archive, or one that unpacks past the bounds."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        msg = f"Expected an XLSX workbook (a ZIP archive) but got a file that is not one ({exc}) @ $"
        raise DataError(source, [msg]) from exc
    if len(entries) > MAX_XLSX_ENTRIES:
        msg = f"Expected an XLSX workbook of at most {MAX_XLSX_ENTRIES:,} parts but got {len(entries):,} @ $"
        raise DataError(source, [msg])
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_XLSX_BYTES:
        msg = (
            f"Expected an XLSX workbook that unpacks to at most {MAX_XLSX_BYTES:,} "
            f"bytes but got {unpacked:,} @ $"
        )
        raise DataError(source, [msg])


def _unreadable(source: str, exc: BaseException) -> DataError:
    text = str(exc).splitlines()[0] if str(exc) else ""
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    msg = f"Expected an XLSX workbook but it cannot be read ({detail[:200]}) @ $"
    return DataError(source, [msg])


def _sheet_rows(sheet: Any, source: str) -> Iterator[tuple[Cell, ...]]:  # noqa: ANN401 - an openpyxl worksheet
    rows = sheet.iter_rows(values_only=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # any failure of the parser on a file from outside
                raise _unreadable(source, exc) from exc
            yield cells


@contextlib.contextmanager
def table_rows(path: str, fmt: str, source: str) -> Iterator[Iterable[Sequence[Cell]]]:
    """The rows of the CSV or XLSX file *path* (*fmt*), read one at a time."""
    opener = csv_rows if fmt == "csv" else xlsx_rows
    with opener(path, source) as rows:
        yield rows


# ------------------------------------------------------------------ writing
def csv_line(cells: Sequence[object]) -> str:
    """One CSV line (CRLF, RFC 4180) of *cells*; ``None`` is a blank cell."""
    out = io.StringIO()
    csv.writer(out).writerow(["" if c is None else c for c in cells])
    return out.getvalue()


class XlsxWriter:
    """A workbook written a row at a time (openpyxl's write-only mode), saved at the end.

    Text that starts with ``=`` is written as text, never as a formula.
    """

    def __init__(self) -> None:
        self._openpyxl = openpyxl()
        self._book = self._openpyxl.Workbook(write_only=True)
        self._sheets: dict[str, Any] = {}
        self._bold = self._openpyxl.styles.Font(bold=True)

    def sheet(
        self, name: str, header: Sequence[str], widths: Sequence[int] = ()
    ) -> None:
        """Add the worksheet *name*, its *header* in bold and its columns' *widths*, frozen below the header."""
        sheet = self._book.create_sheet(name)
        letter = self._openpyxl.utils.get_column_letter
        for number, width in enumerate(widths, 1):
            sheet.column_dimensions[letter(number)].width = width
        sheet.freeze_panes = "A2"
        cells = []
        for name_ in header:
            cell = self._openpyxl.cell.WriteOnlyCell(sheet, value=name_)
            cell.font = self._bold
            cells.append(cell)
        sheet.append(cells)
        self._sheets[name] = sheet

    def append(
        self, name: str, cells: Sequence[object], formats: Sequence[str | None] = ()
    ) -> None:
        """Add a row of *cells* to the sheet *name*; a number format per cell, if given."""
        sheet = self._sheets[name]
        row: list[object] = []
        for number, value in enumerate(cells):
            form = formats[number] if number < len(formats) else None
            if (isinstance(value, str) and value.startswith("=")) or form is not None:
                cell = self._openpyxl.cell.WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                if form is not None:
                    cell.number_format = form
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)

    def save(self, path: Path) -> None:
        """Write the workbook to *path*."""
        self._book.save(path)
        self._sheets.clear()

    def discard(self) -> None:
        """Drop a workbook not saved: its sheets' temporary files are removed (nothing after :meth:`save`)."""
        for sheet in self._sheets.values():
            # openpyxl streams each sheet's rows to a temporary file until
            # the workbook is saved: end the stream, then remove the file.
            sheet.close()
            sheet._writer.cleanup()  # noqa: SLF001 - openpyxl has no public discard
        self._sheets.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.discard()
