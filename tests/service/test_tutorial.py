"""The tutorial "Use labourbrand from any language" runs as written, against a service the test starts.

Its curl commands run where ``curl`` is installed, its Node.js program where
``node`` is; the Python program always.
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from labourbrand.service._endpoints import ENDPOINTS


if TYPE_CHECKING:
    from .conftest import Server


ROOT = pathlib.Path(__file__).parent.parent.parent
TUTORIAL = ROOT / "docs" / "tutorial" / "any-language.md"
SERVE_MD = ROOT / "docs" / "reference" / "serve.md"
DEFAULT = "http://127.0.0.1:8000"


def _blocks(language: str) -> list[str]:
    text = TUTORIAL.read_text(encoding="utf-8")
    return re.findall(
        rf"^```{language}\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE
    )


CURL = [block for block in _blocks("sh") if block.startswith("curl")]


def test_the_tutorial_has_requests_of_each_kind() -> None:
    """The page shows curl commands, a Node.js program and a Python program, each asking the default address."""
    assert len(CURL) >= 6
    assert all(DEFAULT in block for block in CURL)
    assert len(_blocks("js")) == 1
    assert len(_blocks("python")) == 1


def _json_lines(out: str) -> list[object]:
    """Each JSON value curl printed (one command may print several, one after another)."""
    decoder, values, rest = json.JSONDecoder(), [], out.strip()
    while rest:
        value, end = decoder.raw_decode(rest)
        values.append(value)
        rest = rest[end:].strip()
    return values


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("block", CURL, ids=[f"curl-{i}" for i in range(len(CURL))])
def test_curl_commands_run(server: Server, block: str) -> None:
    """Each curl command of the tutorial gets JSON from the service: an answer, or for a bad body a 422 with paths."""
    result = subprocess.run(
        [shutil.which("bash") or "bash", "-c", "set -eo pipefail\n" + block.replace(DEFAULT, server.url)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    values = _json_lines(result.stdout)
    assert values
    for value in values:
        assert isinstance(value, dict)
        if "error" in value:
            assert value["status"] == 422
            assert value["errors"][0]["path"] == "$.workforce[0].rural_signed"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_program_runs(server: Server) -> None:
    """The Node.js program prints one line per measure, as the page says."""
    (program,) = _blocks("js")
    result = subprocess.run(
        [shutil.which("node") or "node", "--input-type=module"],
        input=program.replace(DEFAULT, server.url),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "employment_award: eligible, set by 安康市财政、人社部门"
    assert len(lines) == 5


def test_python_program_runs(server: Server) -> None:
    """The Python program, with the standard library only, prints each measure's outcome."""
    (program,) = _blocks("python")
    result = subprocess.run(
        [sys.executable, "-c", program.replace(DEFAULT, server.url)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "('employment_award', 'eligible')" in result.stdout


@pytest.mark.parametrize(
    "endpoint", ENDPOINTS, ids=[f"{e.method} {e.path}" for e in ENDPOINTS]
)
def test_every_endpoint_is_in_the_reference(endpoint: object) -> None:
    """docs/reference/serve.md lists each endpoint of the service by its method and path."""
    method, path = endpoint.method, endpoint.path  # type: ignore[attr-defined]
    assert f"{method} {path}" in SERVE_MD.read_text(encoding="utf-8")
