"""Malformed inputs for the fuzz suite: mutators of the shipped example files, as Hypothesis strategies.

Each strategy draws a :class:`Case`: the bytes of a file (JSON, TOML,
CSV or XLSX), the kind of mutation that made it, and whether the mutation is of a
class every loader must refuse (a key twice, nesting past 64, an integer
of more than 30 digits, ``NaN``, a lone surrogate or a control character
in text, a blank identity, a day outside 1949-10-01..2100-12-31, bytes
that are not UTF-8, a float or a bool for an int, a value outside its
plausible range). Other mutations (truncation, a wrong type, a long
string, a byte-order mark, indentation) may be accepted or refused: only
the way they are handled is checked.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
import pathlib
import time
import tomllib
from typing import TYPE_CHECKING, Any, Final

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import labourbrand
from labourbrand.policy.parameters import Plausible, load_parameters
from labourbrand.simulation import Assumptions


if TYPE_CHECKING:
    from collections.abc import Iterator


EXAMPLES: Final = pathlib.Path(__file__).resolve().parents[2] / "examples"
DESIGNATIONS: Final = (
    pathlib.Path(labourbrand.__file__).parent / "data" / "designations.csv"
)

#: The mutations of the classes every loader must refuse.
REFUSED: Final = frozenset(
    {
        "duplicate key",
        "deep nesting",
        "long integer",
        "NaN or infinity",
        "lone surrogate",
        "control character",
        "blank identity",
        "implausible day",
        "bool for int",
        "float for int",
        "not UTF-8",
        "implausible value",
    }
)
#: Fields that name or identify something: never blank.
IDENTITIES: Final = frozenset(
    {"name_zh", "name_en", "name", "id", "basis", "evidence", "source", "kind_note"}
)
#: Fields that hold a day.
DAYS: Final = frozenset({"on", "on_or_before"})
_OUT_OF_RANGE_DAYS: Final = (
    "0001-01-01",
    "1900-01-01",
    "1949-09-30",
    "2101-01-01",
    "2199-06-30",
    "9999-12-31",
)
# Control characters no text may hold (tab, line feed and carriage return
# are allowed in free text).
_CONTROLS: Final = [
    chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (9, 10, 13)
]
_BLANKS: Final = ("", " ", "\u3000", "\u200b", "\ufeff \u200b", "\t", "\n", "  \r\n")
_BAD_BYTES: Final = (
    b"\x80",
    b"\xbf",
    b"\xc0",
    b"\xc1",
    b"\xf5",
    b"\xff",
    b"\xed\xa0\x80",
)


#: Per loader: inputs tried, clean refusals, acceptances, unclean outcomes.
COUNTS: Final[dict[str, collections.Counter[str]]] = collections.defaultdict(
    collections.Counter
)
#: Per loader: seconds spent loading (input generation left out).
SECONDS: Final[collections.defaultdict[str, float]] = collections.defaultdict(float)
#: The longest line an error message may have (values echoed are cut to 80).
MAX_LINE: Final = 700
#: Under ``nox -s fuzz`` (``HYPOTHESIS_PROFILE=fuzz``), the examples per loader.
FUZZING: Final = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def budget(default: int, *, fuzz: int | None = None) -> settings:
    """The settings of one fuzz test: *default* examples in the ordinary run.

    Under the ``fuzz`` profile, the profile's examples (10,000), or *fuzz*.
    """
    current = settings.default
    assert current is not None
    profile = current.max_examples
    examples = min(fuzz or profile, profile) if FUZZING else default
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@contextlib.contextmanager
def timed(loader: str) -> Iterator[None]:
    """Add the time spent in the block to *loader*'s seconds."""
    began = time.perf_counter()
    try:
        yield
    finally:
        SECONDS[loader] += time.perf_counter() - began


def record(loader: str, outcome: str) -> None:
    """Count one input tried by *loader*, and its outcome."""
    COUNTS[loader]["tried"] += 1
    COUNTS[loader][outcome] += 1


@attrs.frozen
class Case:
    """One malformed (or not) input, and what made it."""

    data: bytes
    kind: str

    @property
    def refused(self) -> bool:
        """Whether every loader must refuse this input."""
        return self.kind in REFUSED


# ------------------------------------------------------------------ JSON
class Pairs(list[tuple[str, Any]]):
    """A JSON object written with its pairs as given: a key may come twice."""


class Raw(str):
    """Text written into JSON or TOML as it is (``NaN``, deep nesting, long digits)."""

    __slots__ = ()


def write_json(value: object, *, indent: bool = False) -> str:
    """JSON text of *value*, with :class:`Pairs` and :class:`Raw` as they are."""
    sep = "\n" if indent else ""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Pairs):
        items = ",".join(
            f"{sep}{json.dumps(k)}:{write_json(v, indent=indent)}" for k, v in value
        )
        return "{" + items + sep + "}"
    if isinstance(value, dict):
        return write_json(Pairs(value.items()), indent=indent)
    if isinstance(value, list):
        return (
            "["
            + ",".join(sep + write_json(v, indent=indent) for v in value)
            + sep
            + "]"
        )
    # ensure_ascii: a lone surrogate is written as its escape (the text stays UTF-8).
    return json.dumps(
        value, ensure_ascii=not isinstance(value, str) or _has_surrogate(value)
    )


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def _slots(
    value: object, path: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], object]]:
    """Every (path, value) in *value*, the root first."""
    found = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _slots(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _slots(item, (*path, index))
    return found


def _replace(root: object, path: tuple[Any, ...], new: object) -> object:
    """*root* with the value at *path* replaced by *new* (copies along the path)."""
    if not path:
        return new
    head, *rest = path
    if isinstance(root, dict):
        return {**root, head: _replace(root[head], tuple(rest), new)}
    assert isinstance(root, list)
    return [
        _replace(v, tuple(rest), new) if i == head else v for i, v in enumerate(root)
    ]


def _digits(draw: st.DrawFn) -> Raw:
    n = draw(st.integers(31, 6000))
    return Raw(("-" if draw(st.booleans()) else "") + "9" + "1" * (n - 1))


def _nested(draw: st.DrawFn) -> Raw:
    n = draw(st.integers(65, 3000))
    open_, close = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    return Raw(open_ * n + "1" + close * n if open_ != "[" else open_ * n + close * n)


def _insert(draw: st.DrawFn, text: str, what: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + what + text[at:]


_ANY_JSON: Final = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def json_cases(draw: st.DrawFn, base: st.SearchStrategy[object]) -> Case:  # noqa: C901, PLR0912, PLR0915 - one branch per kind of mutation
    """A document drawn from *base*, mutated once, as UTF-8 bytes."""
    doc = draw(base)
    slots = _slots(doc)
    strings = [(p, v) for p, v in slots if isinstance(v, str)]
    ints = [(p, v) for p, v in slots if type(v) is int]
    objects = [(p, v) for p, v in slots if isinstance(v, dict) and v]
    names = [(p, v) for p, v in strings if p and p[-1] in IDENTITIES]
    days = [
        (p, v) for p, v in strings if (p and p[-1] in DAYS) or (not p and _is_day(v))
    ]
    kinds = [
        "deep nesting",
        "long integer",
        "NaN or infinity",
        "not UTF-8",
        "truncated",
        "wrong type",
        "BOM",
        "indented",
        "unchanged",
    ]
    kinds += (
        ["lone surrogate", "control character", "long string", "line break"]
        if strings
        else []
    )
    kinds += ["bool for int", "float for int"] if ints else []
    kinds += ["duplicate key", "unknown key", "missing key"] if objects else []
    kinds += ["blank identity"] if names else []
    kinds += ["implausible day"] if days else []
    kind = draw(st.sampled_from(kinds))
    path, _ = draw(st.sampled_from(slots))
    indent = False
    if kind in ("lone surrogate", "control character", "long string", "line break"):
        path, text = draw(st.sampled_from(strings))
        assert isinstance(text, str)
        what = {
            "lone surrogate": lambda: chr(draw(st.integers(0xD800, 0xDFFF))),
            "control character": lambda: draw(st.sampled_from(_CONTROLS)),
            "line break": lambda: draw(st.sampled_from(["\n", "\t", "\r\n", "\u2028"])),
            "long string": lambda: "长" * draw(st.integers(1000, 50_000)),
        }[kind]()
        doc = _replace(doc, path, _insert(draw, text, what))
    elif kind in ("bool for int", "float for int"):
        path, number = draw(st.sampled_from(ints))
        assert isinstance(number, int)
        doc = _replace(
            doc,
            path,
            draw(st.booleans())
            if kind == "bool for int"
            else float(number) + draw(st.sampled_from([0.0, 0.5])),
        )
    elif kind == "blank identity":
        path, _ = draw(st.sampled_from(names))
        doc = _replace(doc, path, draw(st.sampled_from(_BLANKS)))
    elif kind == "implausible day":
        path, _ = draw(st.sampled_from(days))
        doc = _replace(doc, path, draw(st.sampled_from(_OUT_OF_RANGE_DAYS)))
    elif kind in ("duplicate key", "unknown key", "missing key"):
        path, obj = draw(st.sampled_from(objects))
        assert isinstance(obj, dict)
        key = draw(st.sampled_from(sorted(obj)))
        if kind == "duplicate key":
            again = obj[key] if draw(st.booleans()) else draw(_ANY_JSON)
            pairs = Pairs(obj.items())
            pairs.insert(draw(st.integers(0, len(pairs))), (key, again))
            new: object = pairs
        elif kind == "unknown key":
            new = {
                **obj,
                draw(st.text(min_size=1, max_size=12)) + "_x": draw(_ANY_JSON),
            }
        else:
            new = {k: v for k, v in obj.items() if k != key}
        doc = _replace(doc, path, new)
    elif kind == "deep nesting":
        doc = _replace(doc, path, _nested(draw))
    elif kind == "long integer":
        doc = _replace(doc, path, _digits(draw))
    elif kind == "NaN or infinity":
        doc = _replace(
            doc,
            path,
            Raw(
                draw(
                    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1E400"])
                )
            ),
        )
    elif kind == "wrong type":
        doc = _replace(doc, path, draw(_ANY_JSON))
    elif kind == "indented":
        indent = True
    data = write_json(doc, indent=indent).encode("utf-8")
    return Case(_bytes_mutation(draw, kind, data), kind)


def _bytes_mutation(draw: st.DrawFn, kind: str, data: bytes) -> bytes:
    """The byte-level mutations: truncation, a byte-order mark, bytes that are not UTF-8."""
    if kind == "truncated":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if kind == "BOM":
        return b"\xef\xbb\xbf" + data
    if kind == "not UTF-8":
        if draw(st.booleans()):
            return data.decode("utf-8").encode(
                draw(st.sampled_from(["utf-16", "utf-32"]))
            )
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from(_BAD_BYTES)) + data[at:]
    return data


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == len("2023-01-01")


def example_brands() -> list[Any]:
    """The brands of ``examples/brands.json``, as plain data."""
    data: list[Any] = json.loads((EXAMPLES / "brands.json").read_text(encoding="utf-8"))
    return data


# ------------------------------------------------------------------ TOML
def _toml_value(value: object) -> str:  # noqa: PLR0911 - one return per TOML type
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(
            value
        )  # a TOML basic string; a lone surrogate's escape is refused
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
            + " }"
        )
    raise TypeError(value)


def write_toml(doc: dict[str, Any], *, again: tuple[str, str] | None = None) -> str:
    """TOML text of a scenario file's data: top-level keys, then its tables.

    *again* (table, key) writes that key a second time (TOML forbids it).
    """
    top = [
        f"{json.dumps(k)} = {_toml_value(v)}"
        for k, v in doc.items()
        if not isinstance(v, dict)
    ]
    lines = list(top)
    if again is not None and again[0] == "" and again[1] in doc:
        lines.append(f"{json.dumps(again[1])} = {_toml_value(doc[again[1]])}")
    for table, body in doc.items():
        if isinstance(body, dict):
            lines.append(f"[{json.dumps(table)}]")
            lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in body.items()]
            if again is not None and again[0] == table and again[1] in body:
                lines.append(f"{json.dumps(again[1])} = {_toml_value(body[again[1]])}")
    return "\n".join(lines) + "\n"


def example_scenario() -> dict[str, Any]:
    """The data of ``examples/scenarios/reform-300.toml``."""
    return tomllib.loads(
        (EXAMPLES / "scenarios" / "reform-300.toml").read_text(encoding="utf-8")
    )


def _bounds(plausible: Plausible | None) -> tuple[int, int]:
    """The bounds of a count's or an amount's plausible range, as ints (fen for money)."""
    assert plausible is not None
    low, high = (
        b.amount if isinstance(b, labourbrand.Fen) else b
        for b in (plausible.minimum, plausible.maximum)
    )
    assert isinstance(low, int)
    assert isinstance(high, int)
    return low, high


def _outside(draw: st.DrawFn, low: float, high: float, *, ints: bool) -> object:
    """A value outside the range [low, high] (or of a type it cannot take)."""
    span = abs(high - low) or 1
    choices: list[object] = [low - 1, high + 1, high + span * 1000]
    if not ints:
        choices += [1e308, -1e308, math.inf, -math.inf, math.nan, low - span / 2]
    else:
        choices += [float(low), 10**30 - 1]
    return draw(st.sampled_from(choices))


@st.composite
def scenario_cases(draw: st.DrawFn) -> Case:  # noqa: C901, PLR0912, PLR0915 - one branch per kind of mutation
    """The example scenario file, mutated once."""
    doc = example_scenario()
    doc.setdefault("parameters", {})
    doc.setdefault("assumptions", {})
    parameters = load_parameters()
    ranged = [
        n
        for n, p in parameters.items()
        if p.plausible is not None and p.unit.value != "date"
    ]
    fields = {
        a.name: a
        for a in attrs.fields(Assumptions)
        if not a.name.endswith(("_shares", "_months_known"))
        and not isinstance(a.default, tuple)
    }
    kind = draw(
        st.sampled_from(
            [
                "implausible value",
                "implausible day",
                "blank identity",
                "control character",
                "lone surrogate",
                "bool for int",
                "float for int",
                "deep nesting",
                "long integer",
                "not UTF-8",
                "duplicate key",
                "truncated",
                "wrong type",
                "BOM",
                "long string",
                "unknown key",
                "plausible value",
                "unchanged",
            ]
        )
    )
    again: tuple[str, str] | None = None
    if kind == "implausible value":
        if draw(st.booleans()):
            name = draw(st.sampled_from(ranged))
            low, high = _bounds(parameters[name].plausible)
            doc["parameters"][name] = _outside(draw, low, high, ints=True)
        else:
            name = draw(st.sampled_from(sorted(fields)))
            low, high = fields[name].metadata["plausible"]
            doc["assumptions"][name] = _outside(draw, low, high, ints=type(low) is int)
    elif kind == "plausible value":
        name = draw(st.sampled_from(ranged))
        low, high = _bounds(parameters[name].plausible)
        doc["parameters"][name] = draw(st.integers(low, high))
    elif kind == "implausible day":
        key = draw(st.sampled_from(["start", "horizon", "parameters_from"]))
        day = draw(st.sampled_from(_OUT_OF_RANGE_DAYS))
        doc[key] = dt.date.fromisoformat(day) if draw(st.booleans()) else day
    elif kind == "blank identity":
        doc["name"] = draw(st.sampled_from(_BLANKS))
    elif kind in ("control character", "lone surrogate", "long string"):
        name = str(doc["name"])
        what = {
            "control character": lambda: draw(st.sampled_from(_CONTROLS)),
            "lone surrogate": lambda: chr(draw(st.integers(0xD800, 0xDFFF))),
            "long string": lambda: "长" * draw(st.integers(1000, 100_000)),
        }[kind]()
        doc["name"] = _insert(draw, name, what)
    elif kind in ("bool for int", "float for int"):
        name = draw(st.sampled_from(ranged))
        doc["parameters"][name] = (
            draw(st.booleans())
            if kind == "bool for int"
            else draw(st.sampled_from([300.0, 1.5, 50_000_000.0]))
        )
    elif kind == "deep nesting":
        n = draw(st.integers(65, 3000))
        table, key = draw(
            st.sampled_from(
                [
                    ("", "name"),
                    ("parameters", "employment_award_threshold"),
                    ("assumptions", "growth_mean"),
                ]
            )
        )
        deep = Raw(
            "[" * n + "]" * n if draw(st.booleans()) else "{a = " * n + "1" + "}" * n
        )
        (doc if table == "" else doc[table])[key] = deep
    elif kind == "long integer":
        table = draw(st.sampled_from(["parameters", "assumptions"]))
        key = (
            "employment_award_cap"
            if table == "parameters"
            else "candidate_slots_per_county"
        )
        doc[table][key] = (
            _digits(draw)
            if draw(st.booleans())
            else Raw("0x" + "f" * draw(st.integers(26, 3000)))
        )
    elif kind == "duplicate key":
        again = draw(
            st.sampled_from(
                [("", "name"), ("parameters", "employment_award_threshold")]
            )
        )
    elif kind == "wrong type":
        key = draw(
            st.sampled_from(
                [
                    "name",
                    "start",
                    "horizon",
                    "parameters",
                    "assumptions",
                    "interpretations",
                ]
            )
        )
        doc[key] = draw(
            st.sampled_from([1, 1.5, True, [], "x", Raw("[1, 2]"), {"a": 1}])
        )
    elif kind == "unknown key":
        table = draw(st.sampled_from(["", "parameters", "assumptions"]))
        (doc if table == "" else doc[table])[
            draw(st.text(min_size=1, max_size=10)) + "_x"
        ] = 1
    data = write_toml(doc, again=again).encode("utf-8", "surrogatepass")
    return Case(_bytes_mutation(draw, kind, data), kind)


# ------------------------------------------------------------------ CSV
def example_designations() -> list[dict[str, str]]:
    """The rows of the packaged ``designations.csv``."""
    with DESIGNATIONS.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def write_csv(rows: list[dict[str, str]], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def designation_cases(draw: st.DrawFn) -> Case:
    """The packaged designations, mutated once, as a user's corrections file."""
    rows = [dict(r) for r in example_designations()]
    header = list(rows[0])
    kind = draw(
        st.sampled_from(
            [
                "control character",
                "blank identity",
                "implausible day",
                "duplicate key",
                "not UTF-8",
                "truncated",
                "BOM",
                "wrong type",
                "unknown key",
                "missing key",
                "long string",
                "line break",
                "unchanged",
            ]
        )
    )
    row = draw(st.integers(0, len(rows) - 1))
    if kind == "control character":
        # Not white space: the reader strips each cell, and rightly drops that at its ends.
        control = draw(st.sampled_from([c for c in _CONTROLS if not c.isspace()]))
        rows[row]["source"] = _insert(draw, rows[row]["source"], control)
    elif kind == "blank identity":
        rows[row]["source"] = draw(st.sampled_from(["", " ", "\u3000", "\u200b"]))
    elif kind == "implausible day":
        column = draw(st.sampled_from(["since", "source_date"]))
        rows[row][column] = draw(
            st.sampled_from(["0001", "1900-01", "2101", "9999-12-31", "1948-12"])
        )
    elif kind == "duplicate key":
        rows.insert(draw(st.integers(0, len(rows))), dict(rows[row]))
    elif kind == "wrong type":
        column = draw(st.sampled_from(header))
        rows[row][column] = draw(st.text(max_size=12))
    elif kind == "unknown key":
        header = [*header, draw(st.sampled_from(["statuss", "note", "x"]))]
    elif kind == "missing key":
        header = [h for h in header if h != draw(st.sampled_from(header))]
    elif kind == "long string":
        rows[row]["source"] = "长" * draw(st.integers(1000, 100_000))
    elif kind == "line break":
        rows[row]["source"] = _insert(
            draw, rows[row]["source"], draw(st.sampled_from(["\n", "\t", "\r\n"]))
        )
    data = write_csv(rows, header).encode("utf-8")
    return Case(_bytes_mutation(draw, kind, data), kind)


# ------------------------------------------------------------------ brand tables
def example_brand_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of ``examples/brands.csv``, the brands of brands.json as a table."""
    text = (EXAMPLES / "brands.csv").read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or ()), list(reader)


def write_xlsx(rows: list[dict[str, object]], header: list[str]) -> bytes:
    """The bytes of a workbook of *rows* under *header* (openpyxl; cells as given)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("brands")
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) or None for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: The columns of a brand table that hold counts.
_COUNTS: Final = ("practitioners", "rural", "rural_signed", "poverty_alleviated", "rural_low_income")  # fmt: skip


@st.composite
def brand_table_cases(draw: st.DrawFn, fmt: str) -> Case:  # noqa: C901, PLR0912 - one branch per kind of mutation
    """The example brands as a table (*fmt*: ``csv`` or ``xlsx``), mutated once."""
    header, rows = example_brand_rows()
    cells: list[dict[str, object]] = [dict(r) for r in rows]
    value: object
    kinds = [
        "blank identity", "implausible day", "duplicate key", "truncated",
        "wrong type", "unknown key", "missing key", "long string", "float for int",
        "long integer", "implausible value", "unchanged",
    ]  # fmt: skip
    if (
        fmt == "csv"
    ):  # a workbook cannot hold a control character; its bytes are no text
        kinds += ["control character", "not UTF-8", "BOM", "line break"]
    else:
        kinds += ["corrupt bytes"]
    kind = draw(st.sampled_from(kinds))
    row = draw(st.integers(0, len(cells) - 1))
    if kind == "control character":
        control = draw(st.sampled_from(_CONTROLS))
        cells[row]["name_zh"] = _insert(draw, str(cells[row]["name_zh"]), control)
    elif kind == "blank identity":
        cells[row]["name_zh"] = draw(st.sampled_from(["", " ", "\u3000", "\u200b"]))
    elif kind == "implausible day":
        cells[0]["observed_on"] = draw(st.sampled_from(_OUT_OF_RANGE_DAYS))
    elif kind == "duplicate key":
        header = [*header, draw(st.sampled_from(header))]
    elif kind == "wrong type":
        column = draw(st.sampled_from(header))
        # No control character: a workbook cannot hold one (a kind of its own for CSV).
        printable = st.characters(exclude_categories=["Cc", "Cs"])
        cells[row][column] = draw(
            st.text(printable, max_size=12) | st.integers() | st.booleans()
        )
    elif kind == "unknown key":
        header = [*header, draw(st.sampled_from(["rurl", "note", "x", "县"]))]
    elif kind == "missing key":
        dropped = draw(st.sampled_from(header))
        header = [h for h in header if h != dropped]
    elif kind == "long string":
        cells[row]["source"] = "长" * draw(st.integers(1000, 100_000))
    elif kind == "line break":
        cells[row]["name_zh"] = _insert(
            draw, str(cells[row]["name_zh"]), draw(st.sampled_from(["\n", "\r\n"]))
        )
    elif kind in {"float for int", "long integer", "implausible value"}:
        value = {
            # Not the number 520.0: a workbook stores it as 520, a whole number.
            "float for int": draw(
                st.sampled_from(["1.5", "520.0", "1e3", "5,000", 1.5])
            ),
            "long integer": "9" * draw(st.integers(31, 500)),
            "implausible value": str(-draw(st.integers(1, 10**6))),
        }[kind]
        cells[0][draw(st.sampled_from(_COUNTS))] = value
    if fmt == "csv":
        data = write_csv(
            [{k: str(v) for k, v in r.items()} for r in cells], header
        ).encode("utf-8")
        return Case(_bytes_mutation(draw, kind, data), kind)
    data = write_xlsx(cells, header)
    # A place in the bytes as a fraction of their length: a workbook's bytes
    # hold the time it was written, and their length may change with it.
    at = len(data) * draw(st.integers(0, 999)) // 1000
    if kind == "truncated":
        data = data[:at]
    elif kind == "corrupt bytes":
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1 :]
    return Case(data, kind)
