"""The reference documentation covers every hook, public name, parameter and clause.

The same kind of check as simonw/datasette's tests/test_docs.py: adding a hook,
a public name, a parameter or a clause without documenting it fails here.
"""

from __future__ import annotations

import inspect
import pathlib
import re
import runpy
from typing import TYPE_CHECKING

import pytest

import labourbrand
import labourbrand.exceptions
import labourbrand.plugins
import labourbrand.policy
import labourbrand.simulation
from labourbrand.plugins import get_plugin_manager
from labourbrand.policy.clauses import clauses
from labourbrand.policy.parameters import load_parameters


if TYPE_CHECKING:
    from collections.abc import Callable


DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
REFERENCE = DOCS / "reference"
HOOKS_MD = REFERENCE / "hooks.md"
PARAMETERS_MD = REFERENCE / "parameters.md"
CLAUSES_MD = REFERENCE / "clauses.md"

PM = get_plugin_manager(entry_points=False)
HOOKS = sorted(name for name in dir(PM.hook) if name.startswith("labourbrand_"))
PUBLIC_MODULES = (
    labourbrand,
    labourbrand.policy,
    labourbrand.plugins,
    labourbrand.exceptions,
    labourbrand.simulation,
)
PUBLIC_NAMES = sorted((m.__name__, name) for m in PUBLIC_MODULES for name in m.__all__)


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


@pytest.mark.parametrize("clause_id", [c.id for c in clauses()])
def test_clause_is_in_clauses_page(clause_id: str) -> None:
    """Each clause id appears in clauses.md or as a row of its generated table."""
    # conf.py writes this table to docs/_generated/clauses-table.md.
    table: str = runpy.run_path(str(DOCS / "_tables.py"))["clauses_table"]()
    rows = {line.split("|")[1].strip(" `") for line in table.splitlines()[2:]}
    assert clause_id in rows or f"`{clause_id}`" in _read(CLAUSES_MD)
