"""The fuzz suite's bookkeeping: counts per loader, written to a file when asked.

``LABOURBRAND_FUZZ_REPORT=PATH`` (as ``nox -s fuzz`` sets it) writes, when
the session ends, each loader's inputs tried, clean refusals, acceptances
and unclean outcomes (a bare exception, a traceback, a broken contract of
the command, a refused class accepted) to *PATH* as JSON; the reliability
page of the documentation shows them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import platform
import sys
from typing import TYPE_CHECKING

import hypothesis


sys.path.insert(0, str(pathlib.Path(__file__).parent))

import mutations


if TYPE_CHECKING:
    import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the counts to ``$LABOURBRAND_FUZZ_REPORT``, if set.

    Under pytest-xdist (``nox -s fuzz`` runs two workers), each worker writes
    its own counts beside the report, and the controller, which ends last,
    adds them up.
    """
    path = os.environ.get("LABOURBRAND_FUZZ_REPORT")
    if not path:
        return
    report = pathlib.Path(path)
    worker = getattr(session.config, "workerinput", {}).get("workerid")
    own = {
        name: {**counts, "seconds": mutations.SECONDS[name]}
        for name, counts in mutations.COUNTS.items()
    }
    if worker is not None:
        part = report.with_name(f"{report.name}.{worker}")
        part.write_text(json.dumps(own), encoding="utf-8")
        return
    totals: dict[str, dict[str, float]] = {}
    parts = sorted(report.parent.glob(f"{report.name}.gw*"))
    for counts in [own, *(json.loads(p.read_text(encoding="utf-8")) for p in parts)]:
        for name, figures in counts.items():
            into = totals.setdefault(name, {})
            for key, value in figures.items():
                into[key] = into.get(key, 0) + value
    for part in parts:
        part.unlink()
    if not totals:
        return
    loaders = {
        name: {
            key: round(value, 1) if key == "seconds" else int(value)
            for key, value in sorted(figures.items())
        }
        for name, figures in sorted(totals.items())
    }
    for figures in loaders.values():
        for key in ("accepted", "refused", "unclean"):
            figures.setdefault(key, 0)
    summary = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "python": platform.python_version(),
        "hypothesis": hypothesis.__version__,
        "profile": os.environ.get("HYPOTHESIS_PROFILE", "dev"),
        "passed": exitstatus == 0,
        "loaders": loaders,
    }
    report.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
