"""Hypothesis profiles (``dev``, ``ci``, ``fast``, ``fuzz``, by HYPOTHESIS_PROFILE) and shared fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

import labourbrand


if TYPE_CHECKING:
    import pathlib

#: ``install(dist, version, {entry point: module[:attr]}, **{module: source})``
Install = Callable[..., None]
#: ``labourbrand_cli(*argv, cwd=ROOT)``: ``python -m labourbrand *argv`` in a process of its own.
Command = Callable[..., "subprocess.CompletedProcess[str]"]

#: The folder of the package's source, and the repository's root.
SRC = Path(labourbrand.__file__).resolve().parent.parent
ROOT = SRC.parent


settings.register_profile("dev", max_examples=100)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("fast", max_examples=20)
# `nox -s fuzz`: the fuzz suite (tests/fuzz) with 10,000 inputs per loader
# (LABOURBRAND_FUZZ_EXAMPLES sets another number, for a trial run).
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("LABOURBRAND_FUZZ_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def labourbrand_cli() -> Command:
    """Run ``python -m labourbrand`` with *argv* in a fresh process, by default at the repository's root."""

    def run_(*argv: str, cwd: pathlib.Path = ROOT) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(SRC), env.get("PYTHONPATH")])
        )
        return subprocess.run(
            [sys.executable, "-m", "labourbrand", *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=cwd,
            check=False,
            timeout=300,
        )

    return run_


@pytest.fixture
def install(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Install]:
    """Install distributions on sys.path as pip would: modules and a dist-info each."""
    modules: list[str] = []

    def install_(
        dist: str, version: str, entry_points: Mapping[str, str], **sources: str
    ) -> None:
        for module, source in sources.items():
            path = tmp_path / f"{module}.py"
            path.write_text(textwrap.dedent(source), encoding="utf-8")
            modules.append(module)
        info = tmp_path / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n",
            encoding="utf-8",
        )
        lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
        (info / "entry_points.txt").write_text(
            f"[labourbrand]\n{lines}", encoding="utf-8"
        )
        if str(tmp_path) not in sys.path:
            monkeypatch.syspath_prepend(str(tmp_path))

    yield install_
    for module in modules:
        sys.modules.pop(module, None)
