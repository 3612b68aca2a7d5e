from __future__ import annotations

import pathlib
import runpy
import sys

import pytest

import labourbrand


def test_python_dash_m_runs_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m labourbrand --version` runs the command and exits 0."""
    # By path: pytest's assertion rewriter, which loads the package's pytest
    # plugin, cannot hand runpy the module's code by name.
    main = pathlib.Path(labourbrand.__file__).parent / "__main__.py"
    monkeypatch.setattr(sys, "argv", ["labourbrand", "--version"])
    with pytest.raises(SystemExit) as info:
        runpy.run_path(str(main), run_name="__main__")
    assert info.value.code == 0
    assert "labourbrand" in capsys.readouterr().out
