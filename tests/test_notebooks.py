"""The example notebooks are kept in git without outputs (``nox -s notebooks`` runs them)."""

from __future__ import annotations

import json
import pathlib

import pytest


EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = sorted(
    path for path in EXAMPLES.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
)


def test_there_are_notebooks() -> None:
    """examples/notebooks/ holds at least the reform notebook."""
    assert EXAMPLES / "notebooks" / "reform.ipynb" in NOTEBOOKS


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=[str(p.relative_to(EXAMPLES)) for p in NOTEBOOKS]
)
def test_notebook_has_no_outputs(path: pathlib.Path) -> None:
    """Every code cell has no outputs and no execution count."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code
    for number, cell in enumerate(code, start=1):
        where = f"{path.name}, code cell {number} ({cell.get('id')})"
        assert cell["outputs"] == [], f"{where} has outputs"
        assert cell["execution_count"] is None, f"{where} has an execution count"
    assert "widgets" not in notebook["metadata"]
