"""``labourbrand evaluate``: decide every measure for the brands of a file, one brand at a time (private).

The brands are read one record at a time: a JSON array or JSON Lines
(:mod:`labourbrand.cli._records`), or the rows of a CSV or XLSX table
(:mod:`labourbrand.cli._sheets`). Each is decided as soon as it is read,
and its results are written to a spooled temporary file (in memory up to
1 MiB, then on disk), or, for XLSX, appended to a write-only workbook; when
every brand has been decided, the results go to standard output, or to the
``--out`` file, which is replaced atomically. Memory therefore does not grow
with the number of brands, and a bad record anywhere in the file leaves
nothing on standard output and the ``--out`` file as it was.
"""

from __future__ import annotations

import collections
import contextlib
import json
import shutil
import tempfile
import textwrap
from typing import TYPE_CHECKING, Final

from labourbrand import Brand, dates
from labourbrand.cli import _io, _sheets, _table, _text
from labourbrand.cli._records import Records
from labourbrand.exceptions import DataError, LabourBrandError
from labourbrand.plugins import list_plugins
from labourbrand.policy import Policy
from labourbrand.serialization import from_json, to_dict


if TYPE_CHECKING:
    import argparse
    from collections.abc import Generator, Iterable, Iterator, Mapping
    from typing import IO, TextIO

    import pendulum

    from labourbrand.cli._records import Record
    from labourbrand.policy import Decision


__all__ = ["FORMATS", "INPUT_FORMATS", "MAX_ERRORS", "read_brands", "run"]

#: The output formats: explanations, a JSON array, JSON Lines, a table.
FORMATS: Final = ("text", "json", "jsonl", "csv", "xlsx")
#: The input formats (JSON and JSON Lines are told apart by the reader).
INPUT_FORMATS: Final = ("json", "jsonl", "csv", "xlsx")
#: Invalid fields reported at most; reading stops after them.
MAX_ERRORS: Final = 100
#: Results kept in memory before the spool moves to a temporary file.
_SPOOL: Final = 1 << 20

_EVAL_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Decisions of 陕人社发〔2022〕13号 on {on}: {n} brand(s)",
        "plugins": "Amounts set by: {plugins}",
        "no_plugins": "no city plugin (delegated amounts are undetermined, not zero)",
        "county_unknown": "county unknown",
    },
    "zh": {
        "title": "陕人社发〔2022〕13号 {on}的决定:{n}个品牌",
        "plugins": "金额来源:{plugins}",
        "no_plugins": "无市级插件(授权地方确定的金额待定,并非为零)",
        "county_unknown": "县(区)不详",
    },
}

#: (plugin, version, measure, jurisdiction) -> decisions whose value it supplied.
Supplied = collections.Counter[tuple[str, str | None, str, str]]
#: What a reader yields: where the brand is (``@ $[3]``, ``(row 5) @ $[3]``), and
#: the brand or the problems of its record.
Read = tuple[str, Brand | list[str]]


def _at(line: str, record: Record) -> str:
    """An error *line* of one record's parse, with the record's path (``$[3].county``)."""
    head, sep, path = line.rpartition(" @ $")
    if not sep:
        return f"{line} @ $[{record.index}]"
    where = "" if path else f" (the record starting on line {record.line})"
    return f"{head}{where} @ $[{record.index}]{path}"


def _json_brands(stream: TextIO, source: str) -> Iterator[Read]:
    """The brands of a JSON array or JSON Lines, each parsed alone."""
    for record in Records(stream, source):
        try:
            yield f"@ $[{record.index}]", from_json(record.text, Brand, source=source)
        except DataError as exc:
            yield f"@ $[{record.index}]", [_at(line, record) for line in exc.errors]


class _Decider:
    """Decides each brand as it is read and writes its results in the output's format."""

    def __init__(
        self, policy: Policy, on: pendulum.Date, args: argparse.Namespace
    ) -> None:
        self.policy = policy
        self.on = on
        self.format: str = args.format
        self.lang: str = args.lang
        self.source = _io.source(args.file)
        self.count = 0
        self.supplied: Supplied = collections.Counter()
        #: The workbook of ``--format xlsx``, which rows are appended to.
        self.workbook: _sheets.XlsxWriter | None = None
        if self.format == "xlsx":
            self.workbook = _sheets.XlsxWriter()
            self.workbook.sheet(
                "decisions",
                [c.name for c in _table.DECISION_COLUMNS],
                [c.width for c in _table.DECISION_COLUMNS],
            )

    def run(self, brands: Iterable[Read], into: IO[str]) -> None:
        """Decide every brand read, writing to *into*; raise for the first bad brand, after reading on.

        Raises:
            DataError: records that are not brands, every bad field (at most
                :data:`MAX_ERRORS`) with its path ``$[i]…``.
            LabourBrandError: a brand the policy refuses (an unknown county,
                a plugin's formula that fails), naming the brand and its path.
        """
        errors: list[str] = []
        try:
            for where, brand in brands:
                if isinstance(brand, list):
                    errors += brand
                    if len(errors) >= MAX_ERRORS:
                        errors = errors[:MAX_ERRORS]
                        errors.append(
                            f"Expected at most {MAX_ERRORS} invalid fields, but "
                            "there are more: reading stopped there @ $"
                        )
                        break
                    continue
                if not errors:
                    self._decide(where, brand, into)
        except DataError as exc:  # the framing: reading can go no further
            errors += exc.errors
        if errors:
            raise DataError(self.source, errors)

    def _decide(self, where: str, brand: Brand, into: IO[str]) -> None:
        try:
            decisions = self.policy.evaluate(brand, on=self.on)
        except LabourBrandError as exc:
            msg = f"{self.source}: brand {brand.name_zh!r} {where}: {exc}"
            raise LabourBrandError(msg) from exc
        for decision in decisions:
            for supplier in decision.suppliers:
                key = (
                    supplier.plugin,
                    supplier.version,
                    decision.measure,
                    supplier.jurisdiction,
                )
                self.supplied[key] += 1
        self.count += 1
        if self.workbook is not None:
            formats = [c.number_format for c in _table.DECISION_COLUMNS]
            for row in _table.rows(brand, decisions, self.policy.regions):
                self.workbook.append("decisions", row, formats)
            return
        into.write(self._render(brand, decisions))

    def _render(self, brand: Brand, decisions: tuple[Decision, ...]) -> str:
        """One brand's results in the output's format, as written after the previous one's."""
        if self.format == "csv":
            rows = _table.rows(brand, decisions, self.policy.regions)
            return "".join(_sheets.csv_line(row) for row in rows)
        if self.format == "text":
            place = (
                f"{self.policy.regions.name_of(brand.county)} {brand.county}"
                if brand.county is not None
                else _EVAL_LABELS[self.lang]["county_unknown"]
            )
            heading = f"{self.count}. {brand.name_zh} ({place})"
            explained = "".join(f"\n\n{d.explain(lang=self.lang)}" for d in decisions)
            return f"\n\n{heading}\n{'=' * _text.width(heading)}{explained}"
        item = {"brand": brand.name_zh, "decisions": [to_dict(d) for d in decisions]}
        if self.format == "jsonl":
            return json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"
        text = textwrap.indent(json.dumps(item, ensure_ascii=False, indent=2), "  ")
        return text if self.count == 1 else f",\n{text}"

    def header(self) -> str:
        """What comes before the brands' results."""
        if self.format == "csv":
            # A byte-order mark: Excel then reads the file as UTF-8.
            return "\ufeff" + _sheets.csv_line(
                [c.name for c in _table.DECISION_COLUMNS]
            )
        if self.format in {"jsonl", "xlsx"}:
            return ""
        if self.format == "json":
            return "[\n" if self.count else "["
        labels = _EVAL_LABELS[self.lang]
        plugins = [
            " ".join(filter(None, (info.name, info.version)))
            for info in list_plugins(self.policy)
            if info.source != "province"
        ]
        return "\n".join(
            [
                labels["title"].format(on=self.on.isoformat(), n=self.count),
                labels["plugins"].format(
                    plugins=", ".join(plugins) or labels["no_plugins"]
                ),
            ]
        )

    def footer(self) -> str:
        """What comes after the brands' results."""
        if self.format in {"jsonl", "csv", "xlsx"}:
            return ""
        if self.format == "json":
            return "\n]\n" if self.count else "]\n"
        return "\n"


def _summary(policy: Policy, supplied: Supplied) -> list[str]:
    """Which plugins supplied what to the decisions, and which failed: lines for stderr.

    Nothing when no plugin but the province's baseline was asked for.
    """
    infos = [i for i in list_plugins(policy) if i.source != "province"]
    failures = policy.plugin_failures
    if not infos and not failures:
        return []
    lines = []
    for info in infos:
        name = " ".join(filter(None, (info.name, info.version)))
        own = sorted(
            (measure, jurisdiction, n)
            for (plugin, _, measure, jurisdiction), n in supplied.items()
            if plugin == info.name
        )
        if own:
            total = sum(n for *_, n in own)
            parts = ", ".join(
                f"{measure} in {jurisdiction} ({n})" for measure, jurisdiction, n in own
            )
            lines.append(f"plugin {name} supplied {total} decision(s): {parts}")
        elif info.contributes:
            lines.append(f"plugin {name} supplied none of these decisions")
        else:
            lines.append(f"plugin {name} contributes nothing: it supplies no rule")
    lines += [
        f"plugin {f.name} failed at {f.stage} and supplied nothing" for f in failures
    ]
    return lines


def read_brands(path: str, chosen: str | None, source: str) -> Generator[Read]:
    """The brands of the file *path*, one at a time, in format *chosen* or the one its extension says.

    Raises (while iterating):
        LabourBrandError: the file cannot be read; a table on standard input.
        DataError: what the reader of the format cannot frame (each record's
            own problems are yielded).
    """
    fmt = _sheets.input_format(path, chosen)
    if fmt in {"csv", "xlsx"}:
        if path == "-":
            msg = f"Expected a file for --input-format {fmt} but got '-' (standard input is read as JSON)"
            raise LabourBrandError(msg)
        with _sheets.table_rows(path, fmt, source) as rows:
            yield from _sheets.brands_of_table(rows, source)
        return
    with _io.open_text(path) as stream:
        yield from _json_brands(stream, source)


def _write_workbook(decider: _Decider, path: str) -> None:
    """Save the workbook of the decisions to *path*, atomically, with its sheet of columns."""
    workbook = decider.workbook
    assert workbook is not None  # noqa: S101 - --format xlsx made it
    workbook.sheet("columns", _sheets.EXPLAINED, [18, 50, 60])
    for column in _table.DECISION_COLUMNS:
        workbook.append("columns", [column.name, column.zh, column.en])
    with _io.staged_file(path) as target:
        workbook.save(target)


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand evaluate`` with the parsed *args*; write the results, return nothing more."""
    if args.format == "xlsx" and args.out is None:
        msg = "Expected --out FILE with --format xlsx (a workbook is not written to stdout)"
        raise LabourBrandError(msg)
    on = args.on if args.on is not None else dates.today()
    with _io.relayed_warnings():
        policy = Policy.shaanxi(**_io.plugin_selection(args))
    decider = _Decider(policy, on, args)
    with (
        tempfile.SpooledTemporaryFile(
            max_size=_SPOOL, mode="w+", encoding="utf-8", newline=""
        ) as body,
        decider.workbook or contextlib.nullcontext(),
    ):
        brands = read_brands(args.file, args.input_format, decider.source)
        with contextlib.closing(brands):
            decider.run(brands, body)
        if decider.workbook is not None:
            _write_workbook(decider, args.out)
        else:
            body.seek(0)
            with _io.output(args.out) as out:
                out.write(decider.header())
                shutil.copyfileobj(body, out)
                out.write(decider.footer())
    for line in _summary(policy, decider.supplied):
        _io.note(line)
    return ""
