"""Markdown tables of the packaged policy data, its measures and the house, for the documentation.

``conf.py`` writes them to ``_generated/`` when the documentation is built,
and ``tests/test_docs.py`` checks them. Both run this file with :func:`runpy.run_path`
(``docs/`` is not a package), and it needs nothing but labourbrand.
Nothing here is written by hand: each table is read from the code,
the measures from their declarations and the house from the imports of ``src/``.
"""

# ruff: noqa: INP001 - docs/ is not a package: conf.py and the tests run this file by path

from __future__ import annotations

import ast
import json
import pathlib
from typing import TYPE_CHECKING, Final, assert_never

import pendulum

from labourbrand.money import Fen
from labourbrand.policy import (
    DELEGATED_TO,
    AnyFound,
    AnyHeld,
    AnyPositive,
    AppliesWhen,
    AtLeast,
    ByReading,
    CountAtLeast,
    CountyKnown,
    CriteriaAtLeast,
    FlagIs,
    Ground,
    Holds,
    InStage,
    Measure,
    Unless,
)
from labourbrand.policy.clauses import ClauseKind, clauses
from labourbrand.policy.documents import packaged_documents
from labourbrand.policy.parameters import load_parameters


if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from labourbrand.policy import CheckSpec, MeasureSpec, PolicyDocument
    from labourbrand.policy.parameters import DatedValue

#: The source tree next to docs/: the package whose imports the house table reads.
PACKAGE: Final = pathlib.Path(__file__).resolve().parent.parent / "src" / "labourbrand"


def _cell(text: str) -> str:
    """Escape *text* for one cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Render a Markdown table (MyST reads GitHub-flavoured tables)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def brand_columns_table() -> str:
    """The columns of a table of brands (``labourbrand template``; ``evaluate`` reads them)."""
    from labourbrand.cli._brand_sheet import BRAND_COLUMNS, REQUIRED

    return _table(
        ["column", "说明", "what it holds", "a cell may hold"],
        (
            (
                f"`{c.name}`" + (" (header required)" if c.name in REQUIRED else ""),
                c.zh,
                c.en,
                c.allowed,
            )
            for c in BRAND_COLUMNS
        ),
    )


def decision_columns_table() -> str:
    """The columns of the table of decisions (``evaluate --format csv|xlsx``)."""
    from labourbrand.cli._table import DECISION_COLUMNS

    return _table(
        ["column", "说明", "what it holds"],
        ((f"`{c.name}`", c.zh, c.en) for c in DECISION_COLUMNS),
    )


def _parameter_value(entry: DatedValue) -> str:
    """Show one dated value as the table does: money in fen and in yuan."""
    value = entry.value
    if entry.ended:
        what = "ended"
    elif isinstance(value, Fen):
        what = f"{value.amount:,} fen ({value})"
    elif isinstance(value, bool):
        what = "true" if value else "false"
    elif isinstance(value, pendulum.Date):
        what = value.isoformat()
    else:  # an int, or UNQUANTIFIED
        what = str(value)
    return f"{what} from {entry.first_day.isoformat()} ({entry.reference})"


def parameters_table() -> str:
    """Render every packaged parameter as a table: its meaning, dated values, range and basis."""
    rows = [
        (
            f"`{name}`",
            f"{p.description}<br>{p.description_zh}",
            "<br>".join(_parameter_value(v) for v in p.values),
            f"`{p.unit.value}` ({p.unit.zh})",
            p.plausible.describe(p.unit) if p.plausible is not None else "",
            p.clause,
            p.reference,
        )
        for name, p in load_parameters().items()
    ]
    header = (
        "name",
        "description",
        "values, each from its first day",
        "unit",
        "plausible range",
        "clause",
        "reference",
    )
    return _table(header, rows)


#: The counts of the last ``nox -s fuzz``, committed beside the pages.
FUZZ_REPORT: Final = pathlib.Path(__file__).resolve().parent / "_data" / "fuzz.json"


def fuzz_table(path: pathlib.Path = FUZZ_REPORT) -> str:
    """Render the counts of the last ``nox -s fuzz`` (``docs/_data/fuzz.json``) as a table."""
    report = json.loads(path.read_text(encoding="utf-8"))
    rows = [
        (
            f"`{name}`",
            f"{figures['tried']:,}",
            f"{figures['refused']:,}",
            f"{figures['accepted']:,}",
            f"{figures['unclean']:,}",
        )
        for name, figures in report["loaders"].items()
    ]
    total = {
        key: sum(f[key] for f in report["loaders"].values())
        for key in ("tried", "refused", "accepted", "unclean")
    }
    rows.append(
        (
            "**all loaders**",
            *(
                f"**{total[key]:,}**"
                for key in ("tried", "refused", "accepted", "unclean")
            ),
        )
    )
    header = ("loader", "inputs tried", "refused cleanly", "accepted", "unclean")
    note = (
        f"From `nox -s fuzz` on {report['date']} (Python {report['python']}, "
        f"Hypothesis {report['hypothesis']}, profile `{report['profile']}`; "
        f"the run {'passed' if report['passed'] else 'FAILED'}).\n\n"
    )
    return note + _table(header, rows)


def clauses_table() -> str:
    """Render the clause registry as a table: id, titles, kinds and number of bodies."""
    rows = [
        (
            f"`{c.id}`",
            c.title_zh,
            c.title_en,
            ", ".join(k.value for k in ClauseKind if k in c.kinds) or "—",
            str(len(c.bodies)),
        )
        for c in clauses()
    ]
    return _table(("id", "title_zh", "title_en", "kinds", "bodies"), rows)


def delegation_table() -> str:
    """Render who sets each delegated measure: its names, its clause and the body the text names."""
    rows = [
        (
            f"`{measure.value}`",
            measure.zh,
            measure.clause,
            DELEGATED_TO[measure][0],
            DELEGATED_TO[measure][1],
        )
        for measure in Measure
    ]
    header = ("measure", "中文", "clause", "set by (中文)", "set by (English)")
    return _table(header, rows)


# ------------------------------------------------------------ interpretations


def interpretations_table(documents: Iterable[PolicyDocument] | None = None) -> str:
    """Every contested passage of the documents: words, readings (default first marked), why, who chooses.

    One row per interpretation of each document (by default the packaged ones).
    """
    rows = []
    for document in packaged_documents() if documents is None else documents:
        for item in document.interpretations:
            readings = "<br>".join(
                f"`{r.id}`{' **(default)**' if r.id == item.default else ''}: {r.en} ({r.zh})"
                for r in item.readings
            )
            rows.append(
                (
                    f"`{item.id}`",
                    f"`{document.qualify(item.clause)}`",
                    f"“{item.words_zh}”<br>{item.question}",
                    readings,
                    item.reason,
                    item.chosen_by,
                )
            )
    header = (
        "interpretation",
        "clause",
        "the text's words",
        "readings",
        "why the default",
        "who may choose another",
    )
    return _table(header, rows)


# ------------------------------------------------------------------ measures


def _default(spec: MeasureSpec, condition: ByReading) -> str:
    for document in packaged_documents():
        if spec in document.measures:
            return document.interpretation(condition.interpretation).default
    return ""


def _ask(
    condition: CountyKnown | AtLeast | AnyPositive | Holds | Unless,
) -> tuple[str, str]:
    """What one condition asks, and which outcome it gives when it does not hold."""
    if isinstance(condition, CountyKnown):
        return "county known", "unknown → undetermined"
    if isinstance(condition, AtLeast):
        floor = (
            f" (or `{condition.floor}` ≥ it, when unknown)" if condition.floor else ""
        )
        return (
            f"`{condition.fact}` ≥ `{condition.parameter}`{floor}",
            "below → ineligible; unknown → undetermined",
        )
    if isinstance(condition, AnyPositive):
        zero = (
            "undetermined (the list is open)" if condition.open_list else "ineligible"
        )
        return (
            " or ".join(f"`{fact}`" for fact in condition.facts) + " > 0",
            f"all zero → {zero}; none > 0 and one not counted → undetermined",
        )
    if isinstance(condition, Holds):
        return f"`{condition.fact}`", "no → ineligible; unknown → undetermined"
    if isinstance(condition, Unless):
        return (
            f"not `{condition.fact}`",
            f"{condition.fact} → ineligible; unknown → undetermined",
        )
    # A new word of the vocabulary needs its description here.
    assert_never(condition)


def condition_ladder(spec: MeasureSpec) -> list[tuple[str, str]]:
    """Describe *spec*'s conditions in order: what each asks, and what decides when it does not hold.

    Each item is ``(question, outcome)``: the question in the words of the
    condition vocabulary, and which outcome a failing or unknown answer gives.
    """
    ladder: list[tuple[str, str]] = []
    for condition in spec.conditions:
        if isinstance(condition, ByReading):
            # One line, every reading: what the condition asks under each.
            parts = []
            for reading, inner in condition.readings:
                ask, decides = ("nothing asked", "") if inner is None else _ask(inner)
                default = " (default)" if reading == _default(spec, condition) else ""
                parts.append(
                    f"`{reading}`{default}: {ask}"
                    + (f" ({decides})" if decides else "")
                )
            ladder.append(
                (
                    f"ByReading: `{condition.interpretation}`, " + "; ".join(parts),
                    "by the reading in force",
                )
            )
            continue
        ask, decides = _ask(condition)
        ladder.append((f"{type(condition).__name__}: {ask}", decides))
    return ladder


def _ground(ground: object) -> str:
    """One ground of an AnyFound: its flag, or its two counts against the delegated rule."""
    if isinstance(ground, Ground):
        return f"`{ground.code}` (`{ground.fact}`)"
    return (
        f"`{ground.code}` (`{ground.before}` → `{ground.now}`, "
        f"a fall by the ratio of rule `{ground.rule}`)"
    )


def check_ladder(spec: CheckSpec) -> list[tuple[str, str]]:
    """Describe a check's conditions in order: what each asks, and which status decides when it does not hold."""
    fails = spec.statuses.fails.value
    unknown = f"unknown → {spec.statuses.unknown.value}"
    ladder: list[tuple[str, str]] = []
    for condition in spec.conditions:
        if isinstance(condition, CountAtLeast):
            ask = f"`{condition.fact}` ≥ `{condition.parameter}`"
            decides = f"below → {fails}; {unknown}"
        elif isinstance(condition, AppliesWhen):
            ask = "applies if " + " or ".join(f"`{f}`" for f in condition.any_of)
            decides = f"all no → {condition.fails_as.value} (does not apply); {unknown}"
        elif isinstance(condition, CriteriaAtLeast):
            ask = f"`{condition.parameter}` of " + ", ".join(
                f"`{fact}`" for fact in condition.facts
            )
            decides = f"too few → {fails}; {unknown}"
        elif isinstance(condition, FlagIs):
            ask = f"`{condition.fact}` is {str(condition.wanted).lower()}"
            decides = f"{str(not condition.wanted).lower()} → {fails}; {unknown}"
        elif isinstance(condition, AnyHeld):
            ask = f"`{condition.fact}` (one record held)"
            decides = f"none → {fails}; {unknown}"
        elif isinstance(condition, AnyFound):
            ask = "any of, each judged: " + ", ".join(
                _ground(g) for g in condition.grounds
            )
            decides = f"none found → {fails}; none found, one unknown → {spec.statuses.unknown.value}"
        elif isinstance(condition, InStage):
            ask = f"`{condition.fact}`"
            decides = f"no → {fails}; {unknown}"
        else:
            ask, decides = _ask(condition)
        ladder.append((f"{type(condition).__name__}: {ask}", decides))
    return ladder


def checks_diagram(documents: Iterable[PolicyDocument] | None = None) -> str:
    """Render each check's declaration as a table: its clause, subject, condition ladder and batch form.

    One row per check of each document (by default the packaged ones), in the
    document's order. Every declared check is decided by the one interpreter
    for one subject and, with ``Policy.check_batch``, over columns.
    """
    rows = []
    for document in packaged_documents() if documents is None else documents:
        for spec in document.checks:
            ladder = "<br>".join(
                f"{n}. {ask} ({decides})"
                for n, (ask, decides) in enumerate(check_ladder(spec), 1)
            )
            rows.append(
                (
                    f"`{spec.id}`<br>{spec.name.zh}",
                    f"`{document.qualify(spec.clause)}`",
                    f"{spec.subject.value} ({spec.subject.zh})",
                    ladder,
                    f'`check_batch("{spec.id}")`',
                )
            )
    header = (
        "check",
        "clause",
        "subject",
        "conditions, in order (the first that fails decides; else the first unknown)",
        "batch",
    )
    return _table(header, rows)


def measures_diagram(documents: Iterable[PolicyDocument] | None = None) -> str:
    """Render each measure's declaration as a table: its clause, its condition ladder, who is paid and the cap.

    One row per measure of each document (by default the packaged ones), in
    the document's order; the conditions in the order the interpreter asks
    them, each with the outcome it gives when it does not hold.
    """
    rows = []
    for document in packaged_documents() if documents is None else documents:
        for spec in document.measures:
            ladder = "<br>".join(
                f"{n}. {ask} ({decides})"
                for n, (ask, decides) in enumerate(condition_ladder(spec), 1)
            )
            rows.append(
                (
                    f"`{spec.id}`<br>{spec.name.zh}",
                    f"`{document.qualify(spec.clause)}`",
                    ladder,
                    spec.payee.value + (", once" if spec.one_time else ""),
                    f"{spec.set_by.level.value}: {spec.set_by.en}",
                    f"`{spec.cap}`" if spec.cap else "—",
                )
            )
    header = (
        "measure",
        "clause",
        "conditions, in order (the first that does not hold decides)",
        "pays",
        "amount set by",
        "cap",
    )
    return _table(header, rows)


# ------------------------------------------------------------------ the house

#: How a module imports another, strongest first: when it runs, inside a
#: function (on first use), or for the type checker only.
KINDS: Final = ("at import", "on first use", "types only")


def _room(module: str) -> str:
    """The room of *module*: ``labourbrand`` itself, or its top-level module or package."""
    return ".".join(module.split(".")[:2])


def _module_name(path: pathlib.Path, package: pathlib.Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(  # noqa: C901 - one walk of one module's syntax tree
    path: pathlib.Path, module: str, modules: set[str]
) -> dict[str, str]:
    """The modules of the package *path* imports, each with how (one of :data:`KINDS`)."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: dict[str, str] = {}

    def add(name: str, kind: str) -> None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and (name not in found or KINDS.index(kind) < KINDS.index(found[name])):
            found[name] = kind

    def visit(nodes: Iterable[ast.AST], kind: str) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(alias.name, kind)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    kept = parts[: len(parts) - node.level + 1]
                    base = ".".join([*kept, base]).strip(".")
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    add(full if full in modules else base, kind)
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.body, "types only")
                visit(node.orelse, kind)
            else:
                inner = kind
                if kind == "at import" and isinstance(
                    node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
                ):
                    inner = "on first use"
                visit(ast.iter_child_nodes(node), inner)

    visit(ast.parse(path.read_text(encoding="utf-8")).body, "at import")
    return found


def layers(
    package: pathlib.Path = PACKAGE,
) -> tuple[dict[str, int], dict[tuple[str, str], str]]:
    """Read the house from the source: its rooms and which room imports which.

    A room is ``labourbrand`` itself (its ``__init__.py``, the public face)
    or one top-level module or package of it. Returns the number of modules
    of each room, and each import of one room by another with its strongest
    kind (:data:`KINDS`). A module importing a module of its own room is not
    counted, nor an import of the package a module is part of.
    """
    paths = {_module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    sizes: dict[str, int] = {}
    for module in paths:
        sizes[_room(module)] = sizes.get(_room(module), 0) + 1
    edges: dict[tuple[str, str], str] = {}
    for module, path in paths.items():
        for target, kind in _imported(path, module, set(paths)).items():
            key = (_room(module), _room(target))
            if key[0] == key[1]:
                continue
            if key not in edges or KINDS.index(kind) < KINDS.index(edges[key]):
                edges[key] = kind
    return sizes, edges


def _floors(rooms: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Each room's floor: one above the highest room it imports (0 for none).

    An import that closes a loop is left out of the count (the one-way test
    fails on it anyway), so that the table can still be drawn.
    """
    below: dict[str, set[str]] = {room: set() for room in rooms}
    for source, target in edges:
        below[source].add(target)
    floors: dict[str, int] = {}
    visiting: set[str] = set()

    def floor(room: str) -> int:
        if room in floors:
            return floors[room]
        visiting.add(room)
        levels = [floor(t) + 1 for t in sorted(below[room]) if t not in visiting]
        visiting.discard(room)
        floors[room] = max(levels, default=0)
        return floors[room]

    for room in sorted(below):
        floor(room)
    return floors


def _room_label(room: str, package: pathlib.Path) -> str:
    """A room as the source tree shows it: ``policy/``, ``rules.py``, ``__init__.py``."""
    if room == package.name:
        return "`__init__.py`"
    name = room.rpartition(".")[2]
    return f"`{name}/`" if (package / name).is_dir() else f"`{name}.py`"


def layers_diagram(package: pathlib.Path = PACKAGE) -> str:
    """Render the house as a table, ground floor first: each room, what it imports and what imports it.

    An import marked *on first use* is inside a function; *types only*, under
    ``TYPE_CHECKING``; any other runs when the module is imported.
    """
    sizes, edges = layers(package)
    # A room's floor rests on what it imports when it is imported; an import
    # on first use (inside a function) may call a room above, as a type module
    # calls the reader of its packaged files.
    floors = _floors(sizes, [e for e, kind in edges.items() if kind != "on first use"])
    order = sorted(sizes, key=lambda room: (floors[room], room))

    def listed(rooms: Iterable[tuple[str, str]]) -> str:
        items = sorted(rooms, key=lambda item: (floors[item[0]], item[0]))
        return (
            ", ".join(
                _room_label(room, package) + ("" if kind == KINDS[0] else f" ({kind})")
                for room, kind in items
            )
            or "—"
        )

    rows = [
        (
            str(floors[room]),
            _room_label(room, package),
            str(sizes[room]),
            listed((t, k) for (s, t), k in edges.items() if s == room),
            listed((s, k) for (s, t), k in edges.items() if t == room),
        )
        for room in order
    ]
    header = ("floor", "room", "modules", "imports", "imported by")
    return _table(header, rows)


#: The figures benchmarks/bench_simulation.py writes for the performance page.
SIMULATION_FIGURES: Final = (
    pathlib.Path(__file__).resolve().parent / "_figures" / "simulation.json"
)


def _verdict(ok: object) -> str:
    return "within budget" if ok else "**over budget**"


def simulation_figures_table(path: pathlib.Path = SIMULATION_FIGURES) -> str:
    """The simulation's measured figures, from the benchmark's last run, as a table."""
    f = json.loads(path.read_text(encoding="utf-8"))
    default, processes = f["default_10k"], f["processes"]
    per_run, relative = f["per_run_us"], f["per_run_relative"]
    rows = [
        (
            (
                f"10,000 runs, default executor on {f['cores']} cores (a worker process "
                "per core but one, and the calling process), pool started"
            ),
            f"at most {default['budget_seconds']:g} s",
            (
                f"**{default['seconds']:.2f} s**; the first run of a fresh interpreter, "
                f"which starts the pool: {default['first_seconds']:.2f} s"
            ),
            _verdict(default["within_budget"]),
        ),
        (
            (
                f'{processes["runs"]:,} runs: one process (`executor="serial"`), then the '
                f"default executor on {f['cores']} cores, median of {processes['repeats']} "
                "samples each, taken in turn"
            ),
            f"at least {processes['budget_speedup']:g} × faster on every core",
            (
                f"{processes['here_seconds']:.2f} s, then "
                f"{processes['default_seconds']:.2f} s: "
                f"**{processes['speedup']:.3f} ×**; pools of one and of two worker "
                f"processes (which send their rows back): {processes['one_worker_seconds']:.2f} s "
                f"and {processes['two_workers_seconds']:.2f} s, {processes['pool_speedup']:.2f} ×"
                + (
                    f"; the machine's own ceiling in the same run, two processes each "
                    f"computing the model's {processes['ceiling_runs']:,} runs against one: "
                    f"{processes['ceiling']:.2f} ×"
                    if "ceiling" in processes
                    else ""
                )
            ),
            _verdict(processes["within_budget"]),
        ),
        (
            "time per run, default executor, at "
            + ", ".join(f"{int(k):,}" for k in per_run)
            + " runs",
            "flat in the number of runs",
            ", ".join(f"{v:.0f} µs ({relative[k]:.2f} ×)" for k, v in per_run.items())
            + " (× the time per run at 10,000)",
            "—",
        ),
    ]
    million = f.get("million")
    if million is not None:
        peaks = million["worker_peak_mib"]
        workers = ", ".join(f"{w:,.0f}" for w in peaks) + (
            " MiB in the worker process" if len(peaks) == 1 else " MiB in the workers"
        )
        rows.append(
            (
                f"{million['runs']:,} runs, default executor (measured {million['date']})",
                f"complete within {million['budget_mib']:,.0f} MiB",
                (
                    f"{million['seconds']:,.0f} s ({million['per_run_us']:.0f} µs per "
                    f"run, {million['per_run_relative']:.2f} × the time per "
                    "run at 10,000 of the same run), arrays on disk; peak memory **"
                    f"{million['total_peak_mib']:,.0f} MiB** in all: "
                    f"{million['run_peak_mib']:,.0f} MiB in the calling process and "
                    f"{workers}; the calling process reached "
                    f"{million['summaries_peak_mib']:,.0f} MiB once it had read the "
                    "target probabilities and an interval from the memory-mapped arrays"
                ),
                _verdict(million["within_budget"]),
            )
        )
    header = ("What", "Budget", "Measured", "Verdict")
    note = (
        f"Measured on {f['date']} with Python {f['python']} and numpy {f['numpy']}, "
        f"on {f['cores']} cores, by `benchmarks/bench_simulation.py`"
        + ("" if million is not None else "; 1,000,000 runs not measured yet")
        + ".\n\n"
    )
    return note + _table(header, rows)
