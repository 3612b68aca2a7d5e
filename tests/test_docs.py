"""The reference documentation covers every hook, public name, parameter and clause.

The same kind of check as simonw/datasette's tests/test_docs.py: adding a hook,
a public name, a parameter or a clause without documenting it fails here.
"""

from __future__ import annotations

import ast
import inspect
import pathlib
import re
import runpy
from typing import TYPE_CHECKING

import attrs
import pytest

import labourbrand
import labourbrand.exceptions
import labourbrand.plugins
import labourbrand.policy
import labourbrand.policy.documents
import labourbrand.rules
import labourbrand.simulation
from labourbrand.plugins import get_plugin_manager
from labourbrand.policy.clauses import clauses
from labourbrand.policy.documents import packaged_documents
from labourbrand.policy.parameters import load_parameters


if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from labourbrand.policy import CheckSpec, MeasureSpec, PolicyDocument


DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
REFERENCE = DOCS / "reference"
HOOKS_MD = REFERENCE / "hooks.md"
PARAMETERS_MD = REFERENCE / "parameters.md"
CLAUSES_MD = REFERENCE / "clauses.md"
POLICY_MODEL_MD = DOCS / "explanation" / "policy-model.md"
ARCHITECTURE_MD = DOCS / "explanation" / "architecture.md"
CONF_PY = DOCS / "conf.py"
#: The generators of docs/_generated/ (conf.py runs the same file).
TABLES = runpy.run_path(str(DOCS / "_tables.py"))

PM = get_plugin_manager(entry_points=False)
HOOKS = sorted(name for name in dir(PM.hook) if name.startswith("labourbrand_"))
PUBLIC_MODULES = (
    labourbrand,
    labourbrand.policy,
    labourbrand.policy.documents,
    labourbrand.plugins,
    labourbrand.exceptions,
    labourbrand.rules,
    labourbrand.simulation,
)


def _public(module: ModuleType) -> list[str]:
    """The names of *module*'s ``__all__``; without one, the public names it defines."""
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    tree = ast.parse(inspect.getsource(module))
    defined = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    defined |= {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef | ast.FunctionDef)
    }
    return sorted(name for name in defined if not name.startswith("_"))


PUBLIC_NAMES = sorted((m.__name__, name) for m in PUBLIC_MODULES for name in _public(m))


def _read(path: pathlib.Path) -> str:
    return path.read_text(encoding="utf-8")


def _headings(path: pathlib.Path) -> list[str]:
    """Return the Markdown headings of *path*, without ``#`` marks or backticks."""
    headings: list[str] = []
    in_fence = False
    for line in _read(path).splitlines():
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and (match := re.match(r"#{1,6}\s+(.*\S)", line)):
            headings.append(match.group(1).replace("`", ""))
    return headings


def _hook_heading(hook: str) -> str | None:
    """Return the heading of *hook*'s section in hooks.md, if it has one."""
    return next((h for h in _headings(HOOKS_MD) if f"{hook}(" in h), None)


def _heading_arguments(heading: str, hook: str) -> list[str]:
    """Return the argument names of the signature ``hook(a: A, b: B) -> R`` in *heading*."""
    arguments: list[str] = []
    current, depth = "", 0
    for char in heading.split(f"{hook}(", 1)[1]:
        if depth == 0 and char in ",)":
            arguments.append(current)
            current = ""
            if char == ")":
                break
            continue
        depth += (char in "[(") - (char in ")]")
        current += char
    return [re.split(r"[:=]", a)[0].strip(" *") for a in arguments if a.strip()]


def _signature(function: Callable[..., object], hook: str) -> str:
    """Write *function*'s signature as a hooks.md heading does: ``hook(a: A) -> R``."""

    def shown(annotation: object) -> str:
        # The hookspecs module postpones annotations, so they are strings already.
        if isinstance(annotation, str):
            return annotation
        return inspect.formatannotation(annotation)

    signature = inspect.signature(function)
    parameters = ", ".join(
        p.name if p.annotation is p.empty else f"{p.name}: {shown(p.annotation)}"
        for p in signature.parameters.values()
        if p.name != "self"
    )
    returns = signature.return_annotation
    arrow = "" if returns is signature.empty else f" -> {shown(returns)}"
    return f"{hook}({parameters}){arrow}"


def test_there_are_hooks_to_document() -> None:
    """The plugin manager knows at least the labourbrand_rules hook."""
    assert "labourbrand_rules" in HOOKS


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented_with_its_arguments(hook: str) -> None:
    """Each hook has a heading in hooks.md that names every argument of its spec."""
    heading = _hook_heading(hook)
    assert heading is not None, f"docs/reference/hooks.md has no heading for {hook}("
    spec = getattr(PM.hook, hook).spec
    assert spec is not None
    documented = _heading_arguments(heading, hook)
    missing = [a for a in spec.argnames if a != "self" and a not in documented]
    assert not missing, f"{heading!r} does not name the arguments {missing}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_heading_is_its_signature(hook: str) -> None:
    """Each hook's heading in hooks.md is its exact signature, annotations included."""
    spec = getattr(PM.hook, hook).spec
    assert spec is not None
    assert _hook_heading(hook) == _signature(spec.function, hook)


def test_every_hook_heading_names_a_hook() -> None:
    """Every signature heading in hooks.md is a hook the plugin manager knows."""
    titled = {
        m.group(1)
        for h in _headings(HOOKS_MD)
        if (m := re.match(r"(labourbrand_\w+)\(", h))
    }
    assert titled - set(HOOKS) == set()


@pytest.mark.parametrize(
    ("module", "name"), PUBLIC_NAMES, ids=[f"{m}.{n}" for m, n in PUBLIC_NAMES]
)
def test_public_name_is_in_the_reference(module: str, name: str) -> None:
    """Each name in a public module's __all__ appears in docs/reference/*.md."""
    text = "\n".join(_read(p) for p in sorted(REFERENCE.glob("*.md")))
    assert re.search(rf"\b{re.escape(name)}\b", text), (
        f"{module}.{name} is not mentioned in docs/reference/*.md"
    )


@pytest.mark.parametrize("name", sorted(load_parameters()))
def test_parameter_is_in_parameters_page(name: str) -> None:
    """Each packaged parameter is named, in backticks, in docs/reference/parameters.md."""
    assert f"`{name}`" in _read(PARAMETERS_MD)


def test_clauses_page_includes_the_generated_table() -> None:
    """clauses.md includes the clause table that conf.py generates."""
    assert "../_generated/clauses-table.md" in _read(CLAUSES_MD)


def _clause_ids_missing(table: str) -> list[str]:
    """The clause ids of the registry that are not rows of the Markdown *table*, in order."""
    rows = [line.split("|")[1].strip(" `") for line in table.splitlines()[2:]]
    return [c.id for c in clauses() if c.id not in rows]


def test_every_clause_is_a_row_of_the_clauses_page() -> None:
    """clauses.md shows conf.py's generated table, whose rows are every clause id (no other page can stand in)."""
    assert "clauses-table.md" in _includes(CLAUSES_MD)
    assert _written_by_conf("clauses-table.md", "clauses_table")
    table: str = runpy.run_path(str(DOCS / "_tables.py"))["clauses_table"]()
    assert _clause_ids_missing(table) == []


def test_the_clause_row_check_fails_without_the_ids() -> None:
    """The check above fails on the same table with a row taken out, or with its ids removed."""
    table: str = runpy.run_path(str(DOCS / "_tables.py"))["clauses_table"]()
    lines = table.splitlines()
    without_42 = "\n".join(line for line in lines if not line.startswith("| `4.2`"))
    assert _clause_ids_missing(without_42) == ["4.2"]
    no_ids = "\n".join(
        [*lines[:2], *("| |" + line.split("|", 2)[2] for line in lines[2:])]
    )
    assert _clause_ids_missing(no_ids) == [c.id for c in clauses()]


def _includes(page: pathlib.Path) -> set[str]:
    """The fragments of docs/_generated/ that *page* includes, by file name."""
    return set(
        re.findall(r"^```\{include\} \.\./_generated/(\S+)$", _read(page), re.MULTILINE)
    )


def _written_by_conf(fragment: str, generator: str) -> bool:
    """Whether conf.py writes *fragment* from the _tables.py function *generator*."""
    call = f'_write_if_changed(GENERATED / "{fragment}", TABLES["{generator}"]())'
    return call in _read(CONF_PY)


def _row(table: str, first_cell: str) -> str:
    """The line of the Markdown *table* whose first cell starts with *first_cell*."""
    return next(
        line for line in table.splitlines() if line.startswith(f"| {first_cell}")
    )


MEASURES = [(d, spec) for d in packaged_documents() for spec in d.measures]


def test_policy_model_page_includes_the_measures_diagram() -> None:
    """policy-model.md includes the table conf.py generates from the measure declarations."""
    assert "measures.md" in _includes(POLICY_MODEL_MD)
    assert _written_by_conf("measures.md", "measures_diagram")


@pytest.mark.parametrize(
    ("document", "spec"), MEASURES, ids=[f"{d.id}:{s.id}" for d, s in MEASURES]
)
def test_measures_diagram_shows_each_declaration(
    document: PolicyDocument, spec: MeasureSpec
) -> None:
    """Each measure's row names its qualified clause, its conditions in order with what they read, and its cap."""
    table: str = TABLES["measures_diagram"]()
    row = _row(table, f"`{spec.id}`")
    assert f"`{document.qualify(spec.clause)}`" in row
    steps = row.split(" | ")[2].split("<br>")
    assert len(steps) == len(spec.conditions)
    for n, (step, condition) in enumerate(zip(steps, spec.conditions, strict=True), 1):
        assert step.startswith(f"{n}. {type(condition).__name__}: "), step
        read = [*getattr(condition, "facts", ()), getattr(condition, "fact", None)]
        read += [getattr(condition, "parameter", None)]
        for name in filter(None, read):
            assert f"`{name}`" in step, (name, step)
    assert row.rstrip(" |").endswith(f"`{spec.cap}`" if spec.cap else "—")


CHECK_SPECS = [(d, spec) for d in packaged_documents() for spec in d.checks]


def test_policy_model_page_includes_the_checks_diagram() -> None:
    """policy-model.md includes the table conf.py generates from the check declarations."""
    assert "checks.md" in _includes(POLICY_MODEL_MD)
    assert _written_by_conf("checks.md", "checks_diagram")


@pytest.mark.parametrize(
    ("document", "spec"), CHECK_SPECS, ids=[f"{d.id}:{s.id}" for d, s in CHECK_SPECS]
)
def test_checks_diagram_shows_each_declaration(
    document: PolicyDocument, spec: CheckSpec
) -> None:
    """Each check's row (the exit assessment's among them) names its clause, subject, conditions in order and batch form."""
    table: str = TABLES["checks_diagram"]()
    row = _row(table, f"`{spec.id}`")
    cells = row.split(" | ")
    assert f"`{document.qualify(spec.clause)}`" in cells[1]
    assert cells[2].startswith(spec.subject.value)
    steps = cells[3].split("<br>")
    assert len(steps) == len(spec.conditions)
    for n, (step, condition) in enumerate(zip(steps, spec.conditions, strict=True), 1):
        assert step.startswith(f"{n}. {type(condition).__name__}: "), step
        read = [
            *(
                getattr(condition, "facts", None)
                or getattr(condition, "any_of", None)
                or ()
            ),
            getattr(condition, "fact", None),
            getattr(condition, "parameter", None),
        ]
        for name in filter(None, read):
            assert f"`{name}`" in step, (name, step)
    assert f'`check_batch("{spec.id}")`' in row


def test_checks_diagram_lists_the_exit_assessment() -> None:
    """Clause 3.4's exit assessment is a declared check, with its four grounds and the delegated job-fall rule."""
    row = _row(TABLES["checks_diagram"](), "`exit_assessment`")
    assert "`shaanxi-2022-13:3.4`" in row
    for ground in (
        "poor_training",
        "fewer_jobs",
        "less_competitive",
        "low_recognition",
    ):
        assert f"`{ground}`" in row
    assert "`exit_job_fall`" in row


def test_measures_diagram_follows_a_changed_declaration() -> None:
    """Declared in another order, the employment award's row shows the other order: the table is read, not written."""
    document = packaged_documents()[0]
    award = document.measure("employment_award")
    changed = attrs.evolve(award, conditions=award.conditions[::-1])
    other = attrs.evolve(document, measures=[changed])
    before = _row(TABLES["measures_diagram"](), "`employment_award`")
    after = _row(TABLES["measures_diagram"]([other]), "`employment_award`")
    assert after != before
    names = [type(c).__name__ for c in changed.conditions]
    steps = after.split(" | ")[2].split("<br>")
    assert [s.split(": ")[0].split(". ")[1] for s in steps] == names


def test_architecture_page_is_in_the_toctree_and_includes_the_layers() -> None:
    """architecture.md is linked from the index and includes the table conf.py generates from the imports."""
    assert "explanation/architecture" in _read(DOCS / "index.md")
    assert "layers.md" in _includes(ARCHITECTURE_MD)
    assert _written_by_conf("layers.md", "layers_diagram")


def _import_checker_edges() -> set[tuple[str, str]]:
    """The imports between rooms as tests/test_imports.py sees them (any import, anywhere)."""
    checker = runpy.run_path(str(pathlib.Path(__file__).parent / "test_imports.py"))
    graph: dict[str, set[str]] = checker["_graph"](eager_only=False)

    def room(module: str) -> str:
        return ".".join(module.split(".")[:2])

    return {
        (room(source), room(target))
        for source, targets in graph.items()
        for target in targets
        if room(source) != room(target)
    }


def test_layers_diagram_agrees_with_the_import_checker() -> None:
    """The house table's imports between rooms are those the one-way checker reads, read independently."""
    _sizes, edges = TABLES["layers"]()
    # The checker leaves out an import of a module's own package, and every
    # module is inside labourbrand: it never sees `from labourbrand import Brand`.
    ours = {(source, target) for source, target in edges if target != "labourbrand"}
    assert ours == _import_checker_edges()


def test_layers_diagram_lists_every_import() -> None:
    """Each room's row lists every room it imports, and each room sits above every room it imports."""
    sizes, edges = TABLES["layers"]()
    table: str = TABLES["layers_diagram"]()
    floors = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        floors[cells[1]] = (int(cells[0]), cells[3])
    assert len(floors) == len(sizes)
    for (source, target), kind in edges.items():
        label = TABLES["_room_label"](source, TABLES["PACKAGE"])
        target_label = TABLES["_room_label"](target, TABLES["PACKAGE"])
        floor, imports = floors[label]
        assert target_label in imports, (source, target)
        if kind != "on first use":
            assert floor > floors[target_label][0], (source, target)


def test_rule_file_reference_names_every_key() -> None:
    """rule-files.md names, in backticks, every key a rule file takes, each kind of condition and each head count."""
    from labourbrand.plugins import _rule_files
    from labourbrand.rules import HEAD_COUNTS

    text = _read(REFERENCE / "rule-files.md")
    keys = {
        *_rule_files._TOP_KEYS,
        *_rule_files._PLUGIN_KEYS,
        *_rule_files._PERIOD_KEYS,
        *_rule_files._RULE_KEYS,
        *(key for _, keys in _rule_files._CONDITIONS.values() for key in keys),
        *HEAD_COUNTS,
    }
    assert sorted(k for k in keys if f"`{k}`" not in text) == []
    assert (
        sorted(k for k in _rule_files._CONDITIONS if f'`kind = "{k}"`' not in text)
        == []
    )
