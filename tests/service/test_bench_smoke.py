"""A short run of the service's load benchmark: it starts, loads, stops by itself and counts no error."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys


ROOT = pathlib.Path(__file__).parent.parent.parent


def test_a_short_load_run_has_no_error(tmp_path: pathlib.Path) -> None:
    """bench_service.py --seconds 1 puts load on the baseline and the service (1 and 2 workers), with no error."""
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, "bench_service.py", "--seconds", "1", "--clients", "4", "--json", str(out)],
        cwd=ROOT / "benchmarks", capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))["service"]
    for run in ("baseline", "service_1_worker", "service_2_workers"):
        assert figures[run]["errors"] == 0
        assert figures[run]["requests"] > 0
        assert figures[run]["p50_ms"] <= figures[run]["p99_ms"]
    assert "1 worker, throughput >= 0.8 x baseline" in result.stdout
