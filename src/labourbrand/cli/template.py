"""``labourbrand template``: a table for bureau staff to fill in, one brand per row (private).

The columns are those :mod:`labourbrand.cli._brand_sheet` declares, which
``labourbrand evaluate`` reads: the template of the installed version is
always the one its ``evaluate`` accepts. An XLSX template has a second
sheet, ``columns``, that explains each column in Chinese and English with
the values it takes. With ``--example``, each brand of a file (JSON, JSON
Lines, CSV or XLSX) is written as a filled row: ``examples/brands-template.xlsx``
is ``labourbrand template examples/brands-template.xlsx --example
examples/brands.json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from labourbrand.cli import _io, _sheets
from labourbrand.cli._brand_sheet import BRAND_COLUMNS, row_of_brand
from labourbrand.cli.evaluate import MAX_ERRORS, read_brands
from labourbrand.exceptions import DataError, LabourBrandError


if TYPE_CHECKING:
    import argparse

    from labourbrand._model import Brand


__all__ = ["COLUMNS_HEADER", "run"]

#: The header of the sheet that explains the columns.
COLUMNS_HEADER: Final = (*_sheets.EXPLAINED, "values")
_WIDTHS: Final = (24, 40, 50, 60)


def _examples(path: str, fmt: str | None) -> list[Brand]:
    """The brands of *path*; every problem at once (at most :data:`MAX_ERRORS`)."""
    source = _io.source(path)
    brands: list[Brand] = []
    errors: list[str] = []
    try:
        for _, brand in read_brands(path, fmt, source):
            if isinstance(brand, list):
                errors += brand
            else:
                brands.append(brand)
    except DataError as exc:
        errors += exc.errors
    if errors:
        raise DataError(source, errors[:MAX_ERRORS])
    return brands


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand template`` with the parsed *args*; write the file, return nothing more."""
    fmt = _sheets.input_format(args.file, None)
    if fmt not in {"csv", "xlsx"}:
        msg = f"Expected a file name ending .xlsx or .csv but got {args.file!r}"
        raise LabourBrandError(msg)
    brands = [] if args.example is None else _examples(args.example, None)
    rows = []
    for brand in brands:
        try:
            rows.append(row_of_brand(brand))
        except LabourBrandError as exc:
            msg = f"{args.example}: {exc}"
            raise LabourBrandError(msg) from exc
    names = [c.name for c in BRAND_COLUMNS]
    if fmt == "csv":
        with _io.output(args.file) as out:
            out.write("\ufeff" + _sheets.csv_line(names))
            for row in rows:
                out.write(_sheets.csv_line([row.get(name) for name in names]))
        return ""
    with _sheets.XlsxWriter() as book:
        book.sheet("brands", names, [max(12, len(n) + 2) for n in names])
        for row in rows:
            book.append("brands", [row.get(name) for name in names])
        book.sheet("columns", COLUMNS_HEADER, _WIDTHS)
        for column in BRAND_COLUMNS:
            book.append("columns", [column.name, column.zh, column.en, column.allowed])
        with _io.staged_file(args.file) as target:
            book.save(target)
    return ""
