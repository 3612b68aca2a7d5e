"""Helpers shared by the benchmark scripts (run as ``python benchmarks/bench_x.py``)."""

from __future__ import annotations

import argparse
import json
import platform
from pathlib import Path


def arg_parser(doc: str | None) -> argparse.ArgumentParser:
    """Return a parser with the ``--json PATH`` option every benchmark takes."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser


def write_json(path: Path, name: str, figures: dict[str, object]) -> None:
    """Merge *figures* into the JSON object at *path* under the key *name*.

    ``nox -s bench -- --json out.json`` gives every script the same path, so
    each adds its own key.
    """
    data: dict[str, object] = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    data[name] = {"python": platform.python_version(), **figures}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
