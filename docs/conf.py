"""Sphinx configuration for the labourbrand documentation.

Build both builders with warnings as errors, as ``nox -s docs`` does::

    sphinx-build -n -W --keep-going -b html docs docs/_build/html
    sphinx-build -n -W --keep-going -b doctest docs docs/_build/doctest

The build is offline by default. Set ``LABOURBRAND_DOCS_ONLINE=1`` to link to
other projects' documentation through intersphinx.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pathlib
import runpy
import sys
from importlib import metadata
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from docutils.nodes import (  # type: ignore[import-untyped]  # no types-docutils
        Element,
        reference,
    )
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


DOCS = pathlib.Path(__file__).resolve().parent
ROOT = DOCS.parent

# A bare checkout (no editable install) still builds: import from src/.
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from sphinx.pycode import ModuleAnalyzer  # noqa: E402

from labourbrand import lifecycle, policy  # noqa: E402


# -- Project -----------------------------------------------------------------

project = "labourbrand"
author = "The labourbrand developers"
copyright = f"2026, {author}"
try:
    release = metadata.version("labourbrand")
except metadata.PackageNotFoundError:  # not installed: building from a bare checkout
    release = "0.0.0"
version = ".".join(release.split(".")[:2])

# -- General -----------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
]
ONLINE = os.environ.get("LABOURBRAND_DOCS_ONLINE") == "1"
if ONLINE:
    extensions.append("sphinx.ext.intersphinx")

source_suffix = {".md": "markdown"}
root_doc = "index"
# _generated/ holds fragments that pages include; they are not pages themselves.
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
language = "en"
nitpicky = True

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Autodoc and napoleon ----------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# `Attributes:` sections become attribute entries that pages can link to
# (the exceptions are documented without :members:, so none is documented twice).
napoleon_use_ivar = False

# -- Doctest -----------------------------------------------------------------

# Docstring examples are run by `pytest --doctest-modules src` in their
# module's namespace; this builder runs the narrative pages' examples only.
doctest_test_doctest_blocks = ""
# Sphinx's default adds IGNORE_EXCEPTION_DETAIL; without it the pages'
# error messages are checked word for word, as readers will see them.
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1

# -- Cross-references --------------------------------------------------------

# pendulum publishes no intersphinx inventory (its docs are built with mkdocs).
nitpick_ignore_regex = [("py:class", r"pendulum\..*")]
# Starlette publishes no inventory we may fetch offline (labourbrand.service.create_app).
nitpick_ignore_regex += [("py:class", r"starlette\..*")]
# `npt` is numpy.typing as annotations spell it; no inventory knows the alias.
nitpick_ignore_regex += [("py:class", r"npt\..*")]
if ONLINE:
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
        "cattrs": ("https://catt.rs/en/stable/", None),
        "pluggy": ("https://pluggy.readthedocs.io/en/stable/", None),
        "numpy": ("https://numpy.org/doc/stable/", None),
        "pandas": ("https://pandas.pydata.org/docs/", None),
    }
    intersphinx_timeout = 30
else:
    # Offline, names of the standard library and of the dependencies cannot
    # be resolved; ignore them rather than fail. labourbrand's own names are
    # never ignored: an unresolved one is a bug to fix in the docstring.
    nitpick_ignore_regex += [
        (
            "py:class",
            (
                r"(decimal|datetime|typing|collections\.abc|enum|cattrs|attrs|pluggy|os|pathlib"
                r"|numpy|pandas|concurrent\.futures|matplotlib)\..*"
            ),
        ),
        ("py:func", r"(json|importlib\.metadata|cattrs|attrs)\..*"),
        ("py:meth", r"matplotlib\..*"),
        ("py:mod", r"cattrs|attrs|pluggy|decimal|json|sqlite3"),
    ]

# Unresolved names of labourbrand itself, each reported for a fix in src/.
# Remove an entry once its docstring or annotation is fixed.
nitpick_ignore = [
    # The vocabulary's words annotate what they read with the private Facts
    # value and CheckDay protocol (a view of the day), not public types.
    ("py:class", "Facts"),
    ("py:class", "labourbrand.policy._check_words.CheckDay"),
    ("py:class", "labourbrand.policy._vocabulary.DayView"),
    # Payment.of and Ledger.record read a decision through the private
    # DecisionLike protocol, so that the ledger never imports the policy.
    ("py:class", "DecisionLike"),
    ("py:class", "labourbrand.ledger._payment.DecisionLike"),
    # The NewTypes of region ids are documented as data of labourbrand.regions;
    # annotations refer to them as classes.
    ("py:class", "labourbrand.regions.RegionCode"),
    ("py:class", "labourbrand.regions.JurisdictionId"),
    # plots.py annotates matplotlib's Figure, imported only for type checking.
    ("py:class", "Figure"),
    # from_dict/from_json annotate `cls: type[T]` with a module-level TypeVar.
    ("py:class", "labourbrand.serialization.T"),
    # ParameterSet.get's overloads annotate `default: _T` with a private TypeVar.
    ("py:class", "labourbrand.policy._parameters._T"),
    # Document's `issued` converter annotates `dt.date` (`import datetime as dt`).
    ("py:class", "dt.date"),
    # load_parameters annotates `Traversable`, imported only under TYPE_CHECKING.
    ("py:class", "Traversable"),
]

# -- HTML --------------------------------------------------------------------

html_theme = "furo"
html_title = f"labourbrand {release}"
html_static_path: list[str] = []

# -- Generated fragments -----------------------------------------------------


def _write_if_changed(path: pathlib.Path, text: str) -> None:
    """Write *text* to *path* unless it already holds it (keeps rebuilds incremental)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _exception_tree() -> str:
    """Render the hierarchy of labourbrand.exceptions as a nested Markdown list."""
    from labourbrand import exceptions

    classes = [getattr(exceptions, name) for name in exceptions.__all__]
    ours = set(classes)
    children: dict[type | None, list[type]] = {}
    for cls in classes:
        parent = next((b for b in cls.__bases__ if b in ours), None)
        children.setdefault(parent, []).append(cls)

    def line_no(cls: type) -> int:
        return inspect.getsourcelines(cls)[1]

    lines: list[str] = []

    def walk(parent: type | None, depth: int) -> None:
        for cls in sorted(children.get(parent, []), key=line_no):
            role = "class" if issubclass(cls, Warning) else "exc"
            others = [
                f"{{{role}}}`{b.__name__}`" for b in cls.__bases__ if b not in ours
            ]
            how = "a subclass of" if parent is None else "also"
            extra = f" ({how} {', '.join(others)})" if others else ""
            lines.append(
                f"{'  ' * depth}- {{{role}}}`~labourbrand.exceptions.{cls.__name__}`{extra}"
            )
            walk(cls, depth + 1)

    walk(None, 0)
    return "\n".join(lines) + "\n"


GENERATED = DOCS / "_generated"
_write_if_changed(GENERATED / "lifecycle-table.md", lifecycle.to_markdown())
_write_if_changed(GENERATED / "lifecycle.mmd", lifecycle.to_mermaid())
_write_if_changed(GENERATED / "exceptions-tree.md", _exception_tree())
# The tables of the packaged data are made by _tables.py, which needs no Sphinx,
# so that tests/test_docs.py can check them too.
TABLES = runpy.run_path(str(DOCS / "_tables.py"))
_write_if_changed(GENERATED / "parameters-table.md", TABLES["parameters_table"]())
_write_if_changed(GENERATED / "fuzz-table.md", TABLES["fuzz_table"]())
_write_if_changed(GENERATED / "clauses-table.md", TABLES["clauses_table"]())
_write_if_changed(GENERATED / "delegation.md", TABLES["delegation_table"]())
_write_if_changed(GENERATED / "measures.md", TABLES["measures_diagram"]())
_write_if_changed(GENERATED / "interpretations.md", TABLES["interpretations_table"]())
_write_if_changed(GENERATED / "checks.md", TABLES["checks_diagram"]())
_write_if_changed(GENERATED / "layers.md", TABLES["layers_diagram"]())
_write_if_changed(GENERATED / "clause-coverage.md", policy.coverage_table())
_write_if_changed(GENERATED / "brand-columns.md", TABLES["brand_columns_table"]())
_write_if_changed(GENERATED / "decision-columns.md", TABLES["decision_columns_table"]())
_write_if_changed(
    GENERATED / "simulation-figures.md", TABLES["simulation_figures_table"]()
)

# -- Re-exported names -------------------------------------------------------
#
# Each public object is documented once, at its home: the public module that
# re-exports it from a private one (`labourbrand.policy.Policy` lives in
# `labourbrand.policy._engine`), the model types of labourbrand._model under
# `labourbrand`. Public modules re-export some of them (`labourbrand.Policy`
# is `labourbrand.policy.Policy`); a reference to such a name, and only to a
# name in a module's __all__, is resolved to the object's home. Any other
# unresolved reference still fails the build.

_PUBLIC_MODULES = (
    "labourbrand",
    "labourbrand.brands",
    "labourbrand.dates",
    "labourbrand.exceptions",
    "labourbrand.lifecycle",
    "labourbrand.money",
    "labourbrand.plugins",
    "labourbrand.plugins.hookspecs",
    "labourbrand.policy",
    "labourbrand.policy.clauses",
    "labourbrand.policy.documents",
    "labourbrand.policy.documents.shaanxi_2022_13",
    "labourbrand.policy.documents.shaanxi_2023_35",
    "labourbrand.policy.parameters",
    "labourbrand.regions",
    "labourbrand.rules",
    "labourbrand.serialization",
)

# Where the objects of a module are documented, when not in the module itself.
# A private module (`_name`) not listed here is documented in its package.
_MODULE_HOMES = {
    "labourbrand._lifecycle_table": "labourbrand.lifecycle",
    "labourbrand.policy._parameters": "labourbrand.policy.parameters",
    "labourbrand.policy._plausible": "labourbrand.policy.parameters",
    "labourbrand.policy._clauses": "labourbrand.policy.clauses",
    "labourbrand.plugins.province": "labourbrand.plugins",
}

# Data (not classes or functions) carry no module of their own: name the home
# of each piece of data that more than one public module exports.
_DATA_HOMES = (
    "labourbrand.plugins.hookimpl",
    "labourbrand.plugins.hookspec",
    # The rule vocabulary's data, re-exported by labourbrand.policy.
    "labourbrand.rules.BrandFormula",
    "labourbrand.policy.documents.shaanxi_2022_13.DELEGATED_TO",
    "labourbrand.rules.HEAD_COUNTS",
)


def _home_module(module: str) -> str:
    if module in _MODULE_HOMES:
        return _MODULE_HOMES[module]
    parts = module.split(".")
    while parts[-1].startswith("_"):
        parts.pop()
    return ".".join(parts)


def _home(obj: object) -> str | None:
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if not (isinstance(module, str) and isinstance(qualname, str)):
        return None
    if not module.startswith("labourbrand"):
        return None
    return f"{_home_module(module)}.{qualname}"


def _reexports() -> dict[str, str]:
    data_homes: dict[int, str] = {}
    for data_home in _DATA_HOMES:
        modname, _, name = data_home.rpartition(".")
        data_homes[id(getattr(importlib.import_module(modname), name))] = data_home
    aliases: dict[str, str] = {}
    for modname in _PUBLIC_MODULES:
        module = importlib.import_module(modname)
        for name in getattr(module, "__all__", ()):
            if name.startswith("__"):
                continue
            obj = getattr(module, name)
            home = data_homes.get(id(obj)) or _home(obj)
            if home is None:
                continue
            names = {f"{modname}.{name}"}
            if hasattr(obj, "__qualname__"):
                names.add(f"{obj.__module__}.{obj.__qualname__}")
            aliases.update((alias, home) for alias in names if alias != home)
    return aliases


REEXPORTS = _reexports()


def _resolve_reexport(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> reference | None:
    if node.get("refdomain") != "py":
        return None
    target: str = node["reftarget"]
    modname = node.get("py:module")
    clsname = node.get("py:class")
    candidates = [target]
    if modname:
        candidates.append(f"{modname}.{target}")
        if clsname:
            candidates.append(f"{modname}.{clsname}.{target}")
    domain: Any = env.domains["py"]
    for candidate in candidates:
        for alias, home in REEXPORTS.items():
            if candidate == alias or candidate.startswith(f"{alias}."):
                resolved = home + candidate[len(alias) :]
                ref = domain.resolve_xref(
                    env,
                    node["refdoc"],
                    app.builder,
                    node["reftype"],
                    resolved,
                    node,
                    contnode,
                )
                if ref is not None:
                    return ref
    return None


def _no_inline_attribute_types(
    _app: Sphinx,
    what: str,
    _name: str,
    _obj: object,
    _options: object,
    lines: list[str],
) -> None:
    """Keep napoleon from reading ``"X: y"`` at the start of an attribute's docs as a type.

    Napoleon reads the first line of an attribute's docs as ``type: description``
    (Google style), so ``#: 中高端技能型: IT, ...`` would show 中高端技能型 as a type.
    Attributes here are annotated and their ``#:`` comments never start with a
    type: an empty reST comment on the first line, which renders as nothing,
    makes napoleon take the whole text as the description.
    """
    if what in {"attribute", "data", "property"} and any(
        line.strip() for line in lines
    ):
        lines[:0] = ["..", ""]


def _reexported_data_docs(
    _app: Sphinx,
    what: str,
    name: str,
    obj: object,
    _options: object,
    lines: list[str],
) -> None:
    """Give re-exported data the ``#:`` comment of the module that defines it.

    Autodoc reads a variable's ``#:`` comment from the module named in the
    directive, and falls back to the docstring of the value's type:
    ``labourbrand.policy.parameters.UNQUANTIFIED`` would be documented as its
    class, and ``ParameterValue`` as "Represent a PEP 604 union type".
    The comments are in the private modules that define the data.
    """
    if what != "data":
        return
    modname, _, attr = name.rpartition(".")
    if ("", attr) in ModuleAnalyzer.for_module(modname).find_attr_docs():
        return
    for other in sorted(sys.modules):
        module = sys.modules[other]
        if other.startswith("labourbrand.") and getattr(module, attr, None) is obj:
            docs = ModuleAnalyzer.for_module(other).find_attr_docs().get(("", attr))
            if docs:
                lines[:] = list(docs)
                return


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the re-export resolver and the docstring fixes."""
    app.connect("missing-reference", _resolve_reexport)
    app.connect("autodoc-process-docstring", _reexported_data_docs, priority=300)
    # Before napoleon (priority 500) rewrites the docstring.
    app.connect("autodoc-process-docstring", _no_inline_attribute_types, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
