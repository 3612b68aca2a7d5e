"""``labourbrand plugin check``: the plugins a path holds, for the conformance kit (private).

A path is a rule file (``*.toml``), a folder of rule files, a distribution's
folder (with its ``pyproject.toml``) or a built wheel (``*.whl``). For a
distribution, every entry point of the ``labourbrand`` group is a plugin: a
rule file it names (``package:rules.toml``) is read from the sources or the
wheel, and a Python object is imported from them, never from an installed copy.
"""

from __future__ import annotations

import configparser
import contextlib
import importlib
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final

import attrs

from labourbrand.exceptions import LabourBrandError, PolicyDataError
from labourbrand.plugins import ENTRY_POINT_GROUP, RuleFile, read_rule_files


if TYPE_CHECKING:
    from collections.abc import Iterator


__all__ = ["Found", "plugins_at"]

#: The folders a distribution's packages may sit in: a ``src`` layout, or flat.
_SOURCE_ROOTS: Final = ("src", ".")


@attrs.frozen
class Found:
    """A plugin found at the path, or why none could be taken from an entry point."""

    #: The plugin's name (the entry point's, or the rule file's stem).
    name: str
    #: Where it comes from, for the report.
    where: str
    #: The plugin object, or the path of a rule file; ``None`` if it could not be read.
    plugin: object | None = None
    #: Why it could not be read.
    problem: str | None = None


def plugins_at(path: Path) -> Iterator[Found]:
    """Every plugin *path* holds, in order.

    Raises:
        LabourBrandError: *path* holds no plugin, or is a distribution with no
            entry point in the ``labourbrand`` group.
    """
    if path.suffix == ".whl" and path.is_file():
        yield from _wheel(path)
    elif path.is_dir() and (path / "pyproject.toml").is_file():
        yield from _project(path)
    elif path.is_dir():
        try:
            files = read_rule_files([path])
        except PolicyDataError as exc:
            yield Found(path.name, str(path), problem=str(exc))
        else:
            yield from (Found(f.name, f.path, f) for f in files)
    else:
        yield _rule_file(path.name.removesuffix(".toml"), path)


def _rule_file(name: str, file: Path) -> Found:
    """A rule file, by its path: the kit reads it, and reports its problems as failures."""
    return Found(name, str(file), file)


def _entry_points(text: str, source: str) -> dict[str, str]:
    """The ``labourbrand`` entry points of an ``entry_points.txt``."""
    parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # names keep their case
    parser.read_string(text, source=source)
    if not parser.has_section(ENTRY_POINT_GROUP):
        return {}
    return dict(parser.items(ENTRY_POINT_GROUP))


def _none_declared(where: str) -> LabourBrandError:
    return LabourBrandError(
        f"{where}: Expected an entry point in the {ENTRY_POINT_GROUP!r} group but the "
        "distribution declares none, so labourbrand would never load it"
    )


def _split(value: str) -> tuple[str, str]:
    module, _, attr = value.partition(":")
    return module.strip(), attr.strip()


def _project(folder: Path) -> Iterator[Found]:
    """The plugins of a distribution's folder, read from its sources."""
    pyproject = folder / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        msg = f"{pyproject}: Expected a readable TOML file but got: {exc}"
        raise LabourBrandError(msg) from exc
    declared = data.get("project", {}).get("entry-points", {}).get(ENTRY_POINT_GROUP)
    if not declared:
        raise _none_declared(str(pyproject))
    for name, value in declared.items():
        module, attr = _split(str(value))
        root = _source_root(folder, module)
        where = f"{pyproject} [project.entry-points.{ENTRY_POINT_GROUP}] {name}"
        if root is None:
            roots = " or ".join(f"{folder / r}" for r in _SOURCE_ROOTS)
            problem = (
                f"{where}: Expected the package {module} in {roots} but found none"
            )
            yield Found(name, where, problem=problem)
        elif attr.endswith(".toml"):
            yield _rule_file(name, root.joinpath(*module.split("."), attr))
        else:
            yield _imported(name, where, root, module, attr)


def _source_root(folder: Path, module: str) -> Path | None:
    """The folder of *folder* that *module* imports from, if it is there."""
    parts = module.split(".")
    for name in _SOURCE_ROOTS:
        root = (folder / name).resolve()
        package = root.joinpath(*parts)
        if package.is_dir() or package.with_suffix(".py").is_file():
            return root
    return None


def _wheel(path: Path) -> Iterator[Found]:
    """The plugins of a built wheel, read from its files."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        msg = f"{path}: Expected a wheel (a zip archive) but got: {exc}"
        raise LabourBrandError(msg) from exc
    with archive:
        names = set(archive.namelist())
        infos = [
            n for n in names if PurePosixPath(n).match("*.dist-info/entry_points.txt")
        ]
        declared = (
            _entry_points(archive.read(infos[0]).decode("utf-8"), f"{path}:{infos[0]}")
            if len(infos) == 1
            else {}
        )
        if not declared:
            raise _none_declared(str(path))
        with tempfile.TemporaryDirectory(prefix="labourbrand-check-") as tmp:
            root = Path(tmp)
            archive.extractall(root)
            for name, value in declared.items():
                module, attr = _split(value)
                where = f"{path} entry point {name} = {value}"
                package = "/".join(module.split("."))
                shipped = (
                    [f"{package}/{attr}"]
                    if attr.endswith(".toml")
                    else [f"{package}/__init__.py", f"{package}.py"]
                )
                if not names & set(shipped):
                    problem = (
                        f"{where}: Expected the wheel to contain {' or '.join(shipped)} but it "
                        "does not: is the package (or its data) missing from the build?"
                    )
                    yield Found(name, where, problem=problem)
                elif attr.endswith(".toml"):
                    yield _rule_file_bytes(name, where, archive.read(shipped[0]))
                else:
                    yield _imported(name, where, root, module, attr)


def _rule_file_bytes(name: str, where: str, data: bytes) -> Found:
    try:
        plugin = RuleFile.from_text(data, name=name, source=where)
    except PolicyDataError as exc:
        return Found(name, where, problem=str(exc))
    return Found(name, where, plugin)


@contextlib.contextmanager
def _first_on_path(root: Path) -> Iterator[None]:
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(str(root))


def _imported(name: str, where: str, root: Path, module: str, attr: str) -> Found:
    """The object *attr* of *module*, imported from *root* and not from an installed copy."""
    top = module.split(".", maxsplit=1)[0]
    if top in sys.modules:
        problem = (
            f"{where}: Expected to import {module} from {root} but a module {top} is "
            "already imported in this process"
        )
        return Found(name, where, problem=problem)
    try:
        with _first_on_path(root):
            loaded = importlib.import_module(module)
            plugin: object = loaded
            for part in filter(None, attr.split(".")):
                plugin = getattr(plugin, part)
    except Exception as exc:  # noqa: BLE001 - any error of the plugin's import is its problem
        problem = f"{where}: could not be imported: {type(exc).__name__}: {exc}"
        return Found(name, where, problem=problem)
    origin = Path(getattr(loaded, "__file__", None) or "").resolve()
    if not origin.is_relative_to(root.resolve()):
        problem = f"{where}: Expected to import {module} from {root} but got {origin}"
        return Found(name, where, problem=problem)
    return Found(name, where, plugin)
