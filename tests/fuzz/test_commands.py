"""The command keeps its contract on malformed files: exit 2, the file and the field on stderr, nothing on stdout.

``labourbrand evaluate FILE`` and ``labourbrand simulate --scenario FILE``
are given mutated copies of ``examples/brands.json`` (and of its table,
``examples/brands.csv``, as CSV and as XLSX) and
``examples/scenarios/reform-300.toml``. Most inputs run the command in this
process, with a standard output that, like a real one, cannot encode a
lone surrogate; a few run it in a subprocess, where a traceback or an exit
code other than 0 or 2 would show. A refusal exits 2 with nothing on
stdout and names the file and the field on stderr; an input of a class
the loaders refuse never exits 0.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import mutations
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labourbrand.cli import main


if TYPE_CHECKING:
    from mutations import Case

#: The options of each command under test: no installed plugin; one run, to the
#: end of 2022 (the file is read whole before; the run only shows it was read).
EVALUATE = ("--on", "2024-01-01", "--no-entry-points", "--format", "json")
SIMULATE = (
    "--runs", "1", "--until", "2022-12-31", "--no-progress", "--no-entry-points",
    "--format", "json",
)  # fmt: skip


def _cases(command: str) -> st.SearchStrategy[Case]:
    if command == "evaluate":
        return mutations.json_cases(st.just(mutations.example_brands()))
    if command in {"evaluate-csv", "evaluate-xlsx"}:
        return mutations.brand_table_cases(command.removeprefix("evaluate-"))
    return mutations.scenario_cases()


def _argv(command: str, path: Path) -> list[str]:
    if command.startswith("evaluate"):
        return ["evaluate", str(path), *EVALUATE]
    return ["simulate", "--scenario", str(path), *SIMULATE]


#: The file each command reads.
_FILES = {
    "evaluate": "brands.json",
    "evaluate-csv": "brands.csv",
    "evaluate-xlsx": "brands.xlsx",
    "simulate": "scenario.toml",
}


def check_outcome(case: Case, path: Path, code: int, out: str, err: str) -> str:
    """Check the command's contract for one input; return the outcome counted."""
    assert "Traceback" not in err, err[-3000:]
    assert code in (0, 2), (code, err[-3000:])
    assert all(len(line) <= mutations.MAX_LINE for line in err.splitlines()), err[:3000]
    if code == 2:
        assert out == "", out[:300]
        assert err.startswith("labourbrand: error: "), err[:300]
        assert str(path) in err, err[:300]
        assert " @ $" in err, err[:300]  # the path of the bad field
        return "refused"
    assert not case.refused, f"exit 0 on an input of a refused class ({case.kind})"
    assert out, err[:300]
    return "accepted"


def _run_here(argv: list[str]) -> tuple[int, str, str]:
    """Run the command in this process, its streams encoded as a terminal's are."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    streams = []
    for stream in (out, err):
        stream.flush()
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        streams.append(buffer.getvalue().decode("utf-8"))
    return code, streams[0], streams[1]


def _fuzz(command: str, case: Case, *, subprocess_run: bool) -> None:
    name, _, fmt = command.partition("-")
    loader = f"labourbrand {name}" + (f" ({fmt.upper()})" if fmt else "")
    loader += " (subprocess)" if subprocess_run else ""
    with mutations.timed(loader), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / _FILES[command]
        path.write_bytes(case.data)
        argv = _argv(command, path)
        try:
            if subprocess_run:
                done = subprocess.run(
                    [sys.executable, "-m", "labourbrand", *argv],
                    capture_output=True,
                    check=False,
                    timeout=120,
                )
                code = done.returncode
                out = done.stdout.decode("utf-8")
                err = done.stderr.decode("utf-8")
            else:
                code, out, err = _run_here(argv)
            outcome = check_outcome(case, path, code, out, err)
        except BaseException:
            mutations.record(loader, "unclean")
            raise
        mutations.record(loader, outcome)


@mutations.budget(15)
@given(case=_cases("evaluate"))
def test_evaluate_keeps_the_contract(case: Case) -> None:
    """labourbrand evaluate FILE on a mutated example file: exit 0, or 2 with file and field."""
    _fuzz("evaluate", case, subprocess_run=False)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@mutations.budget(8)
@given(data=st.data())
def test_evaluate_keeps_the_contract_on_tables(fmt: str, data: st.DataObject) -> None:
    """labourbrand evaluate on a mutated table of brands (CSV, XLSX): exit 0, or 2 with file, row and field."""
    command = f"evaluate-{fmt}"
    _fuzz(command, data.draw(_cases(command), label="case"), subprocess_run=False)


@mutations.budget(15)
@given(case=_cases("simulate"))
def test_simulate_keeps_the_contract(case: Case) -> None:
    """labourbrand simulate --scenario FILE on a mutated example file: exit 0, or 2 with file and field."""
    _fuzz("simulate", case, subprocess_run=False)


@mutations.budget(2, fuzz=100)
@given(
    command=st.sampled_from(["evaluate", "evaluate-csv", "evaluate-xlsx", "simulate"]),
    data=st.data(),
)
def test_the_command_in_a_subprocess_keeps_the_contract(
    command: str, data: st.DataObject
) -> None:
    """The installed command, in its own process: no traceback, exit 0 or 2, nothing on stdout on 2."""
    case = data.draw(_cases(command), label="case")
    _fuzz(command, case, subprocess_run=True)
