from __future__ import annotations

import runpy
import sys

import pytest


def test_python_dash_m_runs_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m labourbrand --version` runs the command and exits 0."""
    monkeypatch.setattr(sys, "argv", ["labourbrand", "--version"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("labourbrand", run_name="__main__")
    assert info.value.code == 0
    assert "labourbrand" in capsys.readouterr().out
