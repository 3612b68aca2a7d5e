"""``labourbrand plugin new``: write a city's plugin as an installable distribution (private).

The files are rendered from the templates in ``cli/templates/`` with
:class:`string.Template`: a rule file and an empty package (``--kind file``), or
a plugin class (``--kind python``), each with its ``pyproject.toml`` (built by
setuptools, which every fresh Python 3.11 environment has), a README that
says how to install and test it, and tests that fail on an empty wheel.
"""

from __future__ import annotations

import importlib.resources
import re
import string
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from labourbrand import regions as _regions
from labourbrand._validators import show
from labourbrand.exceptions import InvalidArgumentError


if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["KINDS", "new_plugin"]

#: The kinds of plugin ``plugin new`` writes.
KINDS: Final = ("file", "python")

#: A plugin name that makes a package name: lower-case ASCII, digits, ``_``.
_NAME: Final = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)
#: The amount and first day of the scaffold's one rule (illustrative).
_AMOUNT_YUAN: Final = "100000"
_FIRST_DAY: Final = "2023-01-01"

_FILES: Final = {
    "file": (
        "- `src/${package}/rules.toml`: the rules, as data: one flat employment award.\n"
        "- `src/${package}/__init__.py`: no code; it makes the folder a package that holds the file."
    ),
    "python": "- `src/${package}/__init__.py`: the rule, in a plugin class.",
}
_MAKE_IT_YOURS: Final = {
    "file": (
        "In `src/${package}/rules.toml`, set the amount, the first day and the reference of the rule\n"
        "(the number of the document that sets it, 文号), then `illustrative = false`.\n"
        "The file's comments show a per-head rule with a cap, and a condition of the city's own;\n"
        "labourbrand's reference page [Rule files](https://labourbrand.readthedocs.io/en/latest/reference/rule-files.html)\n"
        "describes every key."
    ),
    "python": (
        "In `src/${package}/__init__.py`, set the amount, the first day and the reference of the rule\n"
        "(the number of the document that sets it, 文号), then `illustrative=False`.\n"
        "labourbrand's tutorial [Write, test and install a city plugin](https://labourbrand.readthedocs.io/en/latest/tutorial/city-plugin-author.html)\n"
        "shows other rules: per head, with a cap, with conditions of the city's own."
    ),
}


def _template(name: str) -> string.Template:
    text = (
        importlib.resources.files("labourbrand.cli") / "templates" / f"{name}.tmpl"
    ).read_text(encoding="utf-8")
    return string.Template(text)


def _render(name: str, values: Mapping[str, str]) -> str:
    return _template(name).substitute(values)


def _values(name: str, city: str, kind: Literal["file", "python"]) -> dict[str, str]:
    """What the templates say, for plugin *name* of *city*."""
    registry = _regions.shaanxi()
    counties = registry.counties()
    county = next(c for c in counties if registry.city_level_unit(c.code) == city)
    other = next(c for c in counties if registry.city_level_unit(c.code) != city)
    package = f"{name}_labourbrand"
    file = kind == "file"
    shipped = "rules.toml" if file else "__init__.py"
    values = {
        "name": name,
        "kind": kind,
        "dist": f"{name.replace('_', '-')}-labourbrand",
        "package": package,
        "class_name": "".join(part.capitalize() for part in name.split("_")),
        "city": city,
        "city_zh": registry.name_of(city),
        "county": county.code,
        "county_zh": county.name_zh,
        "other_county": other.code,
        "other_county_zh": other.name_zh,
        "amount_yuan": _AMOUNT_YUAN,
        "amount_display": f"{int(_AMOUNT_YUAN):,}",
        "first_day": _FIRST_DAY,
        "description": "a rule file, no code" if file else "a plugin class",
        "entry_point": f"{package}:{'rules.toml' if file else 'plugin'}",
        "shipped": shipped,
        "shipped_data": f"{package}/rules.toml" if file else f"{package}/py.typed",
        "package_data": '"*.toml"' if file else '"py.typed"',
        "imports": (
            "import hashlib\nimport importlib.metadata\nimport pathlib\n"
            if file
            else "import importlib\nimport importlib.metadata\n"
        ),
        "listing_extra": (
            ", and the file it read with its SHA-256 checksum" if file else ""
        ),
    }
    values["files"] = string.Template(_FILES[kind]).substitute(values)
    values["make_it_yours"] = string.Template(_MAKE_IT_YOURS[kind]).substitute(values)
    values["kind_test"] = _render(f"{kind}_test.py", values)
    return values


def check_name(name: str) -> None:
    """Refuse a plugin name that does not make a package name.

    Raises:
        InvalidArgumentError: *name* is not lower-case ASCII letters, digits and ``_``.
    """
    if not _NAME.fullmatch(name):
        msg = (
            "Expected a plugin name of lower-case ASCII letters, digits and '_', "
            f"starting with a letter (e.g. 'hanzhong') but got {show(name)}"
        )
        raise InvalidArgumentError(msg, field="name")


def check_city(city: str) -> None:
    """Refuse a jurisdiction that is not a city-level unit.

    Raises:
        InvalidArgumentError: *city* is not one of the region registry's
            city-level units (a prefecture city, 杨凌示范区 ``yangling`` or 韩城 ``610581``).
    """
    units = _regions.shaanxi().city_level_units()
    if city not in units:
        msg = (
            f"Expected a city-level unit ({', '.join(units)}) but got {show(city)}: "
            "amounts the text leaves to the city are set at city level"
        )
        raise InvalidArgumentError(msg, field="city")


def new_plugin(
    name: str, *, city: str, kind: Literal["file", "python"], output: Path
) -> list[Path]:
    """Write the distribution of plugin *name* for *city* into the folder *output*.

    Args:
        name: the plugin's name (its entry point's); the distribution is
            ``<name>-labourbrand`` and the package ``<name>_labourbrand``.
        city: the city-level unit whose rules it states.
        kind: ``"file"`` for a rule file with no code, ``"python"`` for a
            plugin class.
        output: the folder to write; it must not exist or be empty.

    Returns:
        The files written, in order.

    Raises:
        InvalidArgumentError: a bad *name*, *city* or *kind*, or *output* is
            a file or a folder that is not empty.
    """
    check_name(name)
    check_city(city)
    if kind not in KINDS:
        msg = f"Expected a kind among {', '.join(KINDS)} but got {show(kind)}"
        raise InvalidArgumentError(msg, field="kind")
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        msg = f"Expected a new or empty folder to write the plugin in but got {str(output)!r}, which is not"
        raise InvalidArgumentError(msg, field="output")
    values = _values(name, city, kind)
    package = Path("src") / values["package"]
    files: dict[Path, str] = {
        Path("pyproject.toml"): _render("pyproject.toml", values),
        Path("README.md"): _render("README.md", values),
        Path(".gitignore"): _render("gitignore", values),
        package / "__init__.py": _render(f"{kind}_init.py", values),
    }
    if kind == "file":
        files[package / "rules.toml"] = _render("rules.toml", values)
    else:
        files[package / "py.typed"] = ""
    files[Path("tests") / f"test_{name}.py"] = _render("test.py", values)
    written = []
    for relative, text in files.items():
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
