"""The readers of the brand files shipped in ``labourbrand/data`` (private).

``brands.csv`` lists the real Shaanxi brands a public source names, with
their county, recognition level and year where known, the latest day a report
bounds the recognising document's day by (``recognised_by``), and whether a
source describes the brand as nationally known (``nationally_known``: ``yes``,
``no`` or blank); ``progress.csv`` lists outcome figures the press reported.
Every bad row is reported at once.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Final

from labourbrand._files.common import invalid, packaged_text, read_rows
from labourbrand._validators import got
from labourbrand.brands import (
    Brand,
    PlaceBasis,
    Recognition,
    RecognitionLevel,
    ReportedFigure,
)
from labourbrand.dates import as_date
from labourbrand.exceptions import DataError, InvalidArgumentError


if TYPE_CHECKING:
    import pendulum

__all__ = ["packaged_brands", "packaged_figures", "read_brands", "read_figures"]

_BRAND_COLUMNS: Final = (
    "name_zh",
    "county_code",
    "level",
    "year",
    "place_basis",
    "source",
)
#: Columns a ``brands.csv`` may leave out (all their cells blank).
_BRAND_OPTIONAL: Final = ("nationally_known", "recognised_by")
_FIGURE_COLUMNS: Final = ("as_of", "metric", "value", "source")
_BRANDS_SOURCE: Final = "labourbrand/data/brands.csv"
_FIGURES_SOURCE: Final = "labourbrand/data/progress.csv"

# The `level` column: a recognition (认定). Being nationally known (全国知名,
# clause 2) is no level: it is the `nationally_known` column.
_LEVELS: Final = {
    "national": RecognitionLevel.NATIONAL,
    "provincial": RecognitionLevel.PROVINCIAL,
    "city": RecognitionLevel.CITY,
    "county": RecognitionLevel.COUNTY,
}
_BASES: Final = frozenset(basis.value for basis in PlaceBasis)
_KNOWN: Final = {"yes": True, "no": False, "": None}


def _bound(row: dict[str, str]) -> pendulum.Date | None:
    """The ``recognised_by`` day of a row, if any."""
    text = row.get("recognised_by", "")
    if not text:
        return None
    if not row["level"]:
        msg = f"Expected a level with recognised_by but got {got('level', '')}"
        raise InvalidArgumentError(msg, field="level")
    try:
        return as_date(text)
    except InvalidArgumentError:
        msg = f"Expected a day YYYY-MM-DD but got {got('recognised_by', text)}"
        raise InvalidArgumentError(msg, field="recognised_by") from None


def _row_to_brand(row: dict[str, str]) -> Brand:
    """Build the brand of one row of ``brands.csv``, blank cells being unknown."""
    recognitions = []
    if row["level"]:
        if row["level"] not in _LEVELS:
            what = f"one of {', '.join(map(repr, _LEVELS))}"
            msg = f"Expected {what} but got {got('level', row['level'])}"
            raise InvalidArgumentError(msg, field="level")
        if row["year"] and not (row["year"].isascii() and row["year"].isdecimal()):
            msg = f"Expected a year of four digits but got {got('year', row['year'])}"
            raise InvalidArgumentError(msg, field="year")
        recognitions.append(
            Recognition(
                level=_LEVELS[row["level"]],
                year=int(row["year"]) if row["year"] else None,
                on_or_before=_bound(row),
                source=row["source"],
            )
        )
    else:
        _bound(row)
    known = row.get("nationally_known", "")
    if known not in _KNOWN:
        msg = f"Expected 'yes', 'no' or blank but got {got('nationally_known', known)}"
        raise InvalidArgumentError(msg, field="nationally_known")
    if row["place_basis"] and row["place_basis"] not in _BASES:
        what = f"one of {', '.join(sorted(map(repr, _BASES)))}"
        msg = f"Expected {what} but got {got('place_basis', row['place_basis'])}"
        raise InvalidArgumentError(msg, field="place_basis")
    return Brand(
        name_zh=row["name_zh"],
        county=row["county_code"] or None,
        place_basis=PlaceBasis(row["place_basis"]) if row["place_basis"] else None,
        recognitions=recognitions,
        nationally_known=_KNOWN[known],
        source=row["source"],
    )


def read_brands(text: str, source: str) -> tuple[Brand, ...]:
    """Read the brands of a ``brands.csv`` text, in file order.

    Raises:
        DataError: the columns are not those of ``brands.csv``, or rows are
            bad; each bad row is one problem, ``<message> @ $[<row>]``.
    """
    brands = []
    errors = []
    for i, row in enumerate(
        read_rows(
            io.StringIO(text),
            source,
            required=_BRAND_COLUMNS,
            optional=_BRAND_OPTIONAL,
        )
    ):
        try:
            brands.append(_row_to_brand(row))
        except InvalidArgumentError as exc:
            errors.append(f"{exc} @ $[{i}]")
    if errors:
        raise DataError(source, errors)
    return tuple(brands)


def read_figures(text: str, source: str) -> tuple[ReportedFigure, ...]:
    """Read the figures of a ``progress.csv`` text, in file order.

    Raises:
        DataError: the columns are not those of ``progress.csv``, or a cell
            is blank or a value is not a whole number.
    """
    rows = read_rows(io.StringIO(text), source, required=_FIGURE_COLUMNS)
    errors = [
        invalid(i, column)
        for i, row in enumerate(rows)
        for column in _FIGURE_COLUMNS
        if not row[column]
        or (
            column == "value"
            and not (row[column].isascii() and row[column].isdecimal())
        )
    ]
    if errors:
        raise DataError(source, errors)
    return tuple(
        ReportedFigure(
            as_of=row["as_of"],
            metric=row["metric"],
            value=int(row["value"]),
            source=row["source"],
        )
        for row in rows
    )


def packaged_brands() -> tuple[Brand, ...]:
    """Read the brands shipped in ``labourbrand/data/brands.csv``."""
    return read_brands(
        packaged_text("labourbrand", "data", "brands.csv"), _BRANDS_SOURCE
    )


def packaged_figures() -> tuple[ReportedFigure, ...]:
    """Read the figures shipped in ``labourbrand/data/progress.csv``."""
    return read_figures(
        packaged_text("labourbrand", "data", "progress.csv"), _FIGURES_SOURCE
    )
