"""A brand as one row of a table: its columns, declared once, and the brand of a row (private).

A bureau clerk keeps brands in a spreadsheet, one row per brand. The columns
are flat: the brand's own facts, its creating unit, **one** workforce
observation (the latest head counts, with the day they refer to) and **one**
recognition. That is what the decisions of ``labourbrand evaluate`` read: the
latest observation on or before the day decided, and whether the brand holds
a provincial recognition. A brand with several observations or recognitions,
or an audit trail, is kept as JSON, which holds every fact.

A row is read into the dict the JSON reader builds, and structured by the
same converter (:func:`labourbrand.serialization.from_dict`), so a row is
refused for the same reasons as a JSON record, in the same words. A cell
left blank is unknown: the key is left out, never set to zero. Only what a
spreadsheet adds is checked here: which cells are numbers, days and yes/no
flags, with the row and column a clerk sees (``row 4, column rural_signed``).

:data:`BRAND_COLUMNS` is read by the readers and writers of
:mod:`labourbrand.cli._sheets`, by ``labourbrand template`` and by the
documentation's table of columns.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol, final

import attrs

from labourbrand._enums import (
    Category,
    CreatingUnitKind,
    Maturity,
    PlaceBasis,
    RecognitionLevel,
)
from labourbrand._model import Brand
from labourbrand._validators import show
from labourbrand.exceptions import DataError, InvalidArgumentError
from labourbrand.serialization import MAX_DIGITS, from_dict, to_dict


if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence


__all__ = [
    "BRAND_COLUMNS",
    "MAX_CELL",
    "REQUIRED",
    "BrandColumn",
    "brand_of_row",
    "row_of_brand",
]

#: The longest cell read, in characters: a name, a code, a day or a source's
#: address is far shorter; Excel's own limit is 32,767.
MAX_CELL: Final = 2000

#: A cell of a table as read: text (CSV; XLSX text), or what a workbook holds.
Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


@final
@attrs.frozen(kw_only=True)
class BrandColumn:
    """One column of a brand table: where its value goes in a brand, and what it holds."""

    #: The header of the column.
    name: str
    #: Where the value goes in the brand's JSON object (``("workforce", 0, "rural")``).
    path: tuple[str | int, ...]
    #: What a cell holds: ``text``, ``code``, ``choice``, ``count``, ``day`` or ``flag``.
    kind: str
    #: What the column holds, in Chinese.
    zh: str
    #: What the column holds, in English.
    en: str
    #: The values a ``choice`` column takes, with their Chinese labels.
    choices: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def json_path(self) -> str:
        """The path of the value in a brand (``.workforce[0].rural``)."""
        return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path)

    @property
    def allowed(self) -> str:
        """What a cell may hold, for the table of columns (English)."""
        if self.choices:
            return ", ".join(f"{value} ({zh})" for value, zh in self.choices.items())
        return _KIND_TEXT[self.kind]


_KIND_TEXT: Final = {
    "text": "text",
    "code": "six-digit GB/T 2260 code",
    "count": "whole number >= 0",
    "day": "day YYYY-MM-DD",
    "flag": "yes or no (是 or 否)",
}

_W: Final = ("workforce", 0)
_R: Final = ("recognitions", 0)
_U: Final = ("creating_unit",)


def _col(name: str, path: tuple[str | int, ...], kind: str, zh: str, en: str, choices: Iterable[Labelled] = ()) -> BrandColumn:  # fmt: skip  # noqa: PLR0913, PLR0917 - one column, as a table row
    labels = {m.value: m.zh for m in choices}
    return BrandColumn(name=name, path=path, kind=kind, zh=zh, en=en, choices=labels)


class Labelled(Protocol):
    """An enumeration's member: its code and its Chinese label."""

    @property
    def value(self) -> str: ...
    @property
    def zh(self) -> str: ...


#: The columns of a brand table, in their order in a template. A blank cell is unknown.
BRAND_COLUMNS: Final[tuple[BrandColumn, ...]] = (
    _col("name_zh", ("name_zh",), "text", "品牌名称(中文),必填", "Chinese name of the brand; required"),
    _col("county", ("county",), "code", "培育创建所在县(市、区)的行政区划代码,如 610924", "GB/T 2260 code of the county-level unit that cultivates it, e.g. 610924"),
    _col("id", ("id",), "text", "本单位登记的品牌编号;空白则由县代码和名称生成", "the brand's id in your register; blank: made of the county code and the name"),
    _col("name_en", ("name_en",), "text", "英文名称", "English name"),
    _col("category", ("category",), "choice", "品牌类别(第三部分第二项)", "category (clause 3.2)", Category),
    _col("maturity", ("maturity",), "choice", "发展程度(第三部分第一项)", "maturity (clause 3.1)", Maturity),
    _col("place_basis", ("place_basis",), "choice", "所在县的依据", "how the county is known", PlaceBasis),
    _col("nationally_known", ("nationally_known",), "flag", "是否有来源称其为全国知名品牌", "whether a source calls it nationally known (全国知名)"),
    _col("trademark_registered", ("trademark_registered",), "flag", "商标是否已注册", "whether its trademark is registered"),
    _col("has_charter", ("has_charter",), "flag", "是否已制订章程", "whether it has a charter (章程)"),
    _col("creating_unit", (*_U, "name"), "text", "培育创建单位名称", "name of the creating unit (培育创建单位)"),
    _col("creating_unit_kind", (*_U, "kind"), "choice", "培育创建单位类型", "kind of creating unit", CreatingUnitKind),
    _col("creating_unit_kind_note", (*_U, "kind_note"), "text", "单位类型说明(类型为 other 时)", "what kind of body it is, chiefly for kind other"),
    _col("observed_on", (*_W, "on"), "day", "以下人数的统计日期;填写人数时必填", "the day the head counts refer to; required with any count"),
    _col("practitioners", (*_W, "practitioners"), "count", "从业人员总数", "practitioners, all kinds"),
    _col("rural", (*_W, "rural"), "count", "其中农村劳动力人数", "rural workers among them"),
    _col("rural_signed", (*_W, "rural_signed"), "count", "签订协议的农村劳动力人数", "rural workers with signed agreements"),
    _col("signed", (*_W, "signed"), "count", "签订协议的从业人员总数(第四部分第二项奖补所计)", "practitioners of every kind with signed agreements (counted by the employment award, clause 4.2)"),
    _col("poverty_alleviated", (*_W, "poverty_alleviated"), "count", "输出就业的脱贫人口数", "poverty-alleviated workers placed"),
    _col("rural_low_income", (*_W, "rural_low_income"), "count", "输出就业的农村低收入人口数", "rural low-income workers placed"),
    _col("trained", (*_W, "trained"), "count", "当年培训人数", "persons trained in the year up to observed_on"),
    _col("recognition_level", (*_R, "level"), "choice", "认定级别;填写认定信息时必填", "level of a recognition (认定); required with any recognition cell", RecognitionLevel),
    _col("recognition_on", (*_R, "on"), "day", "认定文件日期", "day of the recognising document"),
    _col("recognition_year", (*_R, "year"), "count", "认定年份(日期不详时)", "year of the recognition, when the day is not known"),
    _col("recognition_on_or_before", (*_R, "on_or_before"), "day", "认定文件最迟日期(仅知上限时)", "latest day the recognising document can bear, when only that is known"),
    _col("recognition_source", (*_R, "source"), "text", "认定的文件或报道", "the recognising document or report"),
    _col("source", ("source",), "text", "本行数据的来源", "where the row's facts come from"),
)  # fmt: skip

#: The columns a header must name (their cells may still be blank).
REQUIRED: Final = ("name_zh", "county")

_BY_PATH: Final = {c.json_path: c for c in BRAND_COLUMNS}
_INTEGER: Final = re.compile(r"-?[0-9]{1,%d}" % MAX_DIGITS)  # noqa: UP031 - a regex quantifier
_FLAGS: Final = {"yes": True, "true": True, "是": True, "no": False, "false": False, "否": False}  # fmt: skip
# Chinese labels a clerk may type for a choice: the code it stands for.
_LABELS: Final[Mapping[str, str]] = {
    zh: value for c in BRAND_COLUMNS for value, zh in c.choices.items()
}


def _count(cell: Cell) -> tuple[object, str]:
    if isinstance(cell, str) and _INTEGER.fullmatch(cell):
        return int(cell), ""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell, ""
    what = "a whole number (digits only)" if isinstance(cell, str) else "a whole number"
    return None, f"Expected {what} but got {show(cell)}"


def _flag(cell: Cell) -> tuple[object, str]:
    flag = _FLAGS.get(cell.lower()) if isinstance(cell, str) else cell
    if isinstance(flag, bool):
        return flag, ""
    return None, f"Expected yes or no but got {show(cell)}"


def _day(cell: Cell) -> tuple[object, str]:
    if isinstance(cell, str):
        return cell, ""  # the converter checks the day, and that it is plausible
    if isinstance(cell, dt.datetime):
        if cell.time() == dt.time():
            return cell.date().isoformat(), ""
    elif isinstance(cell, dt.date):
        return cell.isoformat(), ""
    return None, f"Expected a day but got {show(cell)}"


def _choice(cell: Cell) -> tuple[object, str]:
    if isinstance(cell, str):
        return _LABELS.get(cell, cell), ""
    return None, f"Expected text but got {show(cell)}"


def _text(cell: Cell) -> tuple[object, str]:
    if isinstance(cell, str):
        return cell, ""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell), ""  # a spreadsheet's number for a code or an id
    return None, f"Expected text but got {show(cell)}"


#: How a non-blank cell of each kind of column becomes its JSON value, or a problem.
_VALUE: Final[Mapping[str, Callable[[Cell], tuple[object, str]]]] = {
    "count": _count,
    "flag": _flag,
    "day": _day,
    "text": _text,
    "code": _text,
    "choice": _choice,
}


def _put(data: dict[str, Any], path: tuple[str | int, ...], value: object) -> None:
    """Set *value* at *path* of *data*, making the objects and one-item lists on the way."""
    at: Any = data
    for step, following in itertools.pairwise(path):
        if isinstance(following, int):
            at = at.setdefault(step, [{}])
        elif isinstance(step, int):
            at = at[step]
        else:
            at = at.setdefault(step, {})
    at[path[-1]] = value


def _where(row: int, path: str, columns: Sequence[str]) -> str:
    """``row 4, column rural_signed``: where a problem at *path* (``.workforce[0].rural``) is."""
    column = _BY_PATH.get(path)
    if column is not None:
        return f"row {row}, column {column.name}"
    group = [c.name for c in BRAND_COLUMNS if c.json_path.startswith(path) and path]
    shown = [name for name in group if name in columns] or group
    if shown:
        return f"row {row}, columns {', '.join(shown)}"
    return f"row {row}"


def brand_of_row(
    cells: Mapping[str, Cell], *, row: int, index: int, source: str
) -> Brand | list[str]:
    """The brand of one row, or the lines of its problems.

    Args:
        cells: the row's cells by column name (the header's names, each known).
        row: the row's number as a spreadsheet shows it (the header is row 1).
        index: the brand's place among the brands read, from 0 (``$[index]``).
        source: the file, for the converter's messages.

    Returns:
        The brand, or one line per problem, each
        ``row R, column C: <message> @ $[index].<path>``.
    """
    data: dict[str, Any] = {}
    problems: list[str] = []
    for name, cell in cells.items():
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue  # blank: unknown
        column = _BY_COLUMN[name]
        if isinstance(cell, str) and len(cell) > MAX_CELL:
            problems.append(
                f"row {row}, column {name}: Expected at most {MAX_CELL:,} "
                f"characters but got {len(cell):,} @ $[{index}]{column.json_path}"
            )
            continue
        # Text is kept as written (the converter judges it, as in JSON); a
        # number, a day, a flag, a code or a choice may have spaces around it.
        if isinstance(cell, str) and column.kind != "text":
            cell = cell.strip()  # noqa: PLW2901 - the cell as read, then as judged
        value, problem = _VALUE[column.kind](cell)
        if problem:
            problems.append(
                f"row {row}, column {name}: {problem} @ $[{index}]{column.json_path}"
            )
            continue
        _put(data, column.path, value)
    if problems:
        return problems
    try:
        return from_dict(data, Brand, source=source)
    except DataError as exc:
        lines = []
        for line in exc.errors:
            message, sep, path = line.rpartition(" @ $")
            if not sep:
                message, path = line, ""
            lines.append(
                f"{_where(row, path, list(cells))}: {message} @ $[{index}]{path}"
            )
        return lines


_BY_COLUMN: Final = {c.name: c for c in BRAND_COLUMNS}


def row_of_brand(brand: Brand) -> dict[str, str | int]:
    """The cells of *brand*'s row by column name; a fact not known has no cell.

    Flags are ``"yes"`` or ``"no"``, days ``"YYYY-MM-DD"``, counts ``int``;
    the id only when it is not the one made of the county and the name.

    Raises:
        InvalidArgumentError: the brand holds more than a row does (several
            workforce observations or recognitions, an audit trail), naming
            the field: keep such a brand as JSON.
    """
    for field, held in (
        ("workforce", len(brand.workforce) - 1),
        ("recognitions", len(brand.recognitions) - 1),
        ("history", len(brand.history)),
    ):
        if held > 0:
            msg = (
                "Expected a brand a row can hold (at most one workforce observation "
                f"and one recognition, no audit trail) but {brand.name_zh!r} has "
                f"more in {field}; keep it as JSON"
            )
            raise InvalidArgumentError(msg, field=field)
    data = to_dict(brand)
    derived = Brand(name_zh=brand.name_zh, county=brand.county).id
    cells: dict[str, str | int] = {}
    for column in BRAND_COLUMNS:
        value: Any = data
        for step in column.path:
            try:
                value = value[step]
            except (KeyError, IndexError):
                value = None
                break
            if value is None:
                break
        if value is None or (column.name == "id" and value == derived):
            continue
        if isinstance(value, bool):
            value = "yes" if value else "no"
        cells[column.name] = value
    return cells
