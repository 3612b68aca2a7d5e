"""Development tasks: ``nox`` runs the default sessions (lint, typing, tests, docs, ...)."""

from __future__ import annotations

import os
import pathlib

import nox


nox.needs_version = ">=2025.5.1"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = False
nox.options.sessions = ["lint", "typing", "tests", "tests-min", "docs", "examples"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = pathlib.Path(__file__).parent
CONSTRAINTS_MIN = ROOT / "tests" / "constraints-min.txt"


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and its formatter check."""
    session.install(*_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check src, tests, examples, benchmarks and this file with mypy --strict."""
    session.install("-e", ".[all]", *_group("typing"))
    session.run("mypy")


def _pytest(session: nox.Session) -> None:
    env = {"HYPOTHESIS_PROFILE": "ci" if os.environ.get("CI") else "dev"}
    session.run("coverage", "erase")
    session.run(
        "coverage", "run", "-m", "pytest", "--doctest-modules", "src", "tests",
        *session.posargs, env=env,
    )  # fmt: skip
    session.run("coverage", "combine")
    session.run("coverage", "report")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and doctests under coverage (gate: 95 %), on this Python."""
    session.install("-e", ".[all]", *_group("tests"))
    _pytest(session)


@nox.session(name="tests-matrix", python=["3.11", "3.12", "3.13"], default=False)
def tests_matrix(session: nox.Session) -> None:
    """Run the test suite on every supported Python (needs all three interpreters)."""
    session.install("-e", ".[all]", *_group("tests"))
    _pytest(session)


@nox.session(name="tests-min")
def tests_min(session: nox.Session) -> None:
    """Run the tests against the oldest supported core dependencies (the floors)."""
    session.install("-c", str(CONSTRAINTS_MIN), "-e", ".[all]", *_group("tests"))
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs and run the doctests in them, with -n -W."""
    session.install("-e", ".[all]", *_group("docs"))
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build", "-n", "-W", "--keep-going", "-b", builder,
            "docs", f"docs/_build/{builder}",
        )  # fmt: skip


@nox.session
def examples(session: nox.Session) -> None:
    """Run every example script."""
    session.install("-e", ".[all]")
    for script in sorted((ROOT / "examples").glob("*.py")):
        session.run("python", str(script))


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in benchmarks/ and print the figures (ratios in one run)."""
    session.install("-e", ".[all]", *_group("bench"))
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)


@nox.session(default=False)
def changelog(session: nox.Session) -> None:
    """Preview the next changelog with towncrier."""
    session.install("towncrier>=24.8")
    session.run("towncrier", "build", "--draft", "--version", "next")


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel and check the wheel ships the data files."""
    session.install("build>=1.2")
    session.run("python", "-m", "build", "--outdir", "dist")
    session.run(
        "python", "-c",
        "import glob, zipfile; n = zipfile.ZipFile(sorted(glob.glob('dist/*.whl'))[-1]).namelist(); "
        "need = ['labourbrand/py.typed', 'labourbrand/data/regions.csv', 'labourbrand/data/brands.csv']; "
        "missing = [p for p in need if p not in n]; assert not missing, missing",
    )  # fmt: skip
