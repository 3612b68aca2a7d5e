"""The house's one-way rule, read from the source: no import cycle, no arrow back up."""

from __future__ import annotations

import ast
import functools
import pathlib

import pytest


SRC = pathlib.Path(__file__).parent.parent / "src"
PACKAGE = SRC / "labourbrand"


def _module(path: pathlib.Path, src: pathlib.Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: pathlib.Path, *, eager_only: bool) -> set[str]:  # noqa: C901 - one AST walk
    """The labourbrand modules *path* imports (module level only, with *eager_only*)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        [
                            *package.split(".")[
                                : len(package.split(".")) - node.level + 1
                            ],
                            base,
                        ]
                    ).strip(".")
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
            elif not eager_only and hasattr(node, "body"):
                visit(node.body)

    if eager_only:
        visit(tree.body)
    else:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m == "labourbrand" or m.startswith("labourbrand.")}


@functools.cache
def _graph(*, eager_only: bool) -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for imported in _imports(path, eager_only=eager_only):
            # "from labourbrand.x import y" names a module or a name in x.
            target = imported
            while target and target not in modules:
                target = target.rpartition(".")[0]
            # A module's own packages are already being imported when it runs.
            if target and target != name and not name.startswith(target + "."):
                edges.add(target)
                # Importing a submodule runs its parents' __init__ first.
                parent = target.rpartition(".")[0]
                while parent and eager_only:
                    if parent != name and not name.startswith(parent + "."):
                        edges.add(parent)
                    parent = parent.rpartition(".")[0]
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:  # noqa: C901 - Tarjan's algorithm
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_checker_finds_a_cycle() -> None:
    """The cycle finder is not blind: a made-up loop of three modules is one cycle."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"]
    ]


def test_no_import_cycle_in_src() -> None:
    """No module-level import cycle anywhere in src/."""
    assert _cycles(_graph(eager_only=True)) == []


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("labourbrand.rules", "labourbrand.plugins"),
        ("labourbrand.rules", "labourbrand.policy"),
        ("labourbrand.plugins", "labourbrand.policy"),
        ("labourbrand.ledger", "labourbrand.policy"),
        ("labourbrand.ledger", "labourbrand.lifecycle"),
        ("labourbrand.ledger", "labourbrand.simulation"),
        ("labourbrand.policy", "labourbrand.simulation"),
        ("labourbrand.policy", "labourbrand.cli"),
        ("labourbrand.simulation", "labourbrand.cli"),
        ("labourbrand.serialization", "labourbrand.schema"),
        ("labourbrand.policy", "labourbrand.schema"),
        ("labourbrand.simulation", "labourbrand.schema"),
        ("labourbrand.policy", "labourbrand.service"),
        ("labourbrand.simulation", "labourbrand.service"),
        ("labourbrand.schema", "labourbrand.service"),
        ("labourbrand.service", "labourbrand.cli"),
    ],
)
def test_a_lower_room_never_imports_a_higher_one(lower: str, higher: str) -> None:
    """Not even inside a function: data flows one way (DESIGN.md, "The house")."""
    graph = _graph(eager_only=False)
    offenders = sorted(
        f"{source} -> {target}"
        for source, targets in graph.items()
        if source == lower or source.startswith(lower + ".")
        for target in targets
        if target == higher or target.startswith(higher + ".")
    )
    assert offenders == []


def _private_imports(package_dir: pathlib.Path = PACKAGE) -> list[str]:
    """Imports of another package's private module or name: ``pkg._x`` from outside ``pkg``."""
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        name = _module(path, package_dir.parent)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.module):
                continue
            for target in (
                node.module,
                *(f"{node.module}.{a.name}" for a in node.names),
            ):
                parts = target.split(".")
                private = next(
                    (
                        i
                        for i, p in enumerate(parts)
                        if p.startswith("_") and not p.startswith("__")
                    ),
                    None,
                )
                if private is None:
                    continue
                owner = ".".join(parts[:private])
                # The top package's private modules (_model, _validators) are the
                # ground floor every room stands on; a subpackage's are its own.
                is_subpackage = (
                    package_dir / owner.removeprefix("labourbrand.").replace(".", "/")
                ).is_dir()
                if (
                    owner != "labourbrand"
                    and is_subpackage
                    and not (package == owner or package.startswith(owner + "."))
                ):
                    found.append(f"{name} -> {target}")
    return found


def test_the_private_name_finder_is_not_blind(tmp_path: pathlib.Path) -> None:
    """A made-up tree where b imports a's private module is one finding; a importing its own is none."""
    root = tmp_path / "labourbrand"
    for folder in (root / "a", root / "b"):
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("from labourbrand._model import x\n")
    (root / "a" / "_x.py").write_text("")
    (root / "a" / "y.py").write_text("from labourbrand.a._x import z\n")
    (root / "b" / "y.py").write_text("from labourbrand.a._x import z\n")
    assert _private_imports(root) == [
        "labourbrand.b.y -> labourbrand.a._x",
        "labourbrand.b.y -> labourbrand.a._x.z",
    ]


def test_no_module_imports_another_packages_private_name() -> None:
    """Packages meet through their public faces: no ``labourbrand.plugins._manager`` from policy/."""
    assert _private_imports() == []
