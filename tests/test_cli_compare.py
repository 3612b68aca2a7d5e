"""Tests of ``labourbrand compare``: scenario files run for run, with intervals."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import labourbrand
from labourbrand.cli import main
from labourbrand.cli import simulate as simulate_command


if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable

    Command = Callable[..., subprocess.CompletedProcess[str]]

SRC = Path(labourbrand.__file__).resolve().parent.parent
ROOT = SRC.parent
SCENARIOS = ROOT / "examples" / "scenarios"
BASELINE = SCENARIOS / "baseline.toml"
REFORM = SCENARIOS / "reform-300.toml"
HANZHONG = SCENARIOS / "hanzhong-illustrative.toml"
RESEARCHER = ROOT / "docs" / "tutorial" / "researcher.md"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["compare", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _shipped() -> list[str]:
    """The shipped scenario files, the baseline first, as paths from the root."""
    others = sorted(p for p in SCENARIOS.glob("*.toml") if p != BASELINE)
    return [str(p.relative_to(ROOT)) for p in [BASELINE, *others]]


def test_compare_runs_the_shipped_scenarios(labourbrand_cli: Command) -> None:
    """Every shipped scenario against the baseline: exit 0, JSON parsed, the baseline identical to itself."""
    files = _shipped()
    assert len(files) >= 3
    done = labourbrand_cli(
        "compare", *files, "--runs", "200", "--seed", "3", "--format", "json",
        "--no-entry-points",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [s["file"] for s in data["scenarios"]] == files
    assert (data["runs"], data["seed"], data["level"]) == (200, 3, 0.95)
    rows = {(r["scenario"], r["metric"]): r for r in data["differences"]}
    base = data["baseline"]["name"]
    base_rows = [r for r in data["differences"] if r["scenario"] == base]
    assert base_rows
    for row in base_rows:
        assert row["verdict"] in {"identical", "not assessed"}
        if row["verdict"] == "identical":
            assert row["difference"] == 0
            assert row["mean"] == row["baseline_mean"]
    names = {s["file"]: s["name"] for s in data["scenarios"]}
    reform = names[str(REFORM.relative_to(ROOT))]
    assert rows[reform, "awards"]["difference"] > 0
    assert rows[reform, "awards"]["verdict"] == "distinguishable"
    assert rows[reform, "awards"]["low"] > 0
    hanzhong = names[str(HANZHONG.relative_to(ROOT))]
    assert rows[hanzhong, "money_yuan"]["verdict"] == "distinguishable"
    assert rows[hanzhong, "money_yuan"]["baseline_mean"] == 0
    for name in names.values():
        assert (
            rows[name, "cultivated"]["baseline_mean"]
            == rows[base, "cultivated"]["mean"]
        )


def test_the_text_and_csv_carry_the_same_rows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The text has a table per scenario with its verdicts; the CSV one row per scenario and figure."""
    argv = [
        str(BASELINE),
        str(REFORM),
        "--runs",
        "40",
        "--seed",
        "1",
        "--no-entry-points",
    ]
    code, text, err = _run(capsys, *argv)
    assert (code, err) == (0, "")
    assert "Scenarios compared with baseline: 40 paired runs, seed 1" in text
    assert f"threshold 300, cap 500,000 yuan ({REFORM}) against baseline" in text
    assert "95 % interval" in text
    assert "distinguishable" in text
    assert "P(target_brands_total)" in text
    code, out, _ = _run(capsys, *argv, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    code, out, _ = _run(capsys, *argv, "--format", "json")
    data = json.loads(out)
    assert len(rows) == len(data["differences"])
    for row, record in zip(rows, data["differences"], strict=True):
        assert row["metric"] == record["metric"]
        assert row["verdict"] == record["verdict"]
        assert row["file"] == next(
            s["file"] for s in data["scenarios"] if s["name"] == record["scenario"]
        )
        if record["difference"] is not None:
            assert float(row["difference"]) == pytest.approx(record["difference"])
    awards = next(
        r for r in rows if r["metric"] == "awards" and r["scenario"] != "baseline"
    )
    line = next(ln for ln in text.splitlines() if ln.split()[:1] == ["awards"])
    assert "distinguishable" in line
    assert awards["verdict"] == "distinguishable"


def test_the_same_seed_gives_the_same_output_and_level_widens(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Reruns agree; --level 0.99 gives wider intervals than 0.95."""
    argv = [str(BASELINE), str(REFORM), "--runs", "30", "--format", "json"]
    _, first, _ = _run(capsys, *argv, "--no-entry-points")
    _, again, _ = _run(capsys, *argv, "--no-entry-points")
    assert first == again
    _, wide, _ = _run(capsys, *argv, "--no-entry-points", "--level", "0.99")
    narrow_rows = json.loads(first)["differences"]
    wide_rows = json.loads(wide)["differences"]
    for a, b in zip(narrow_rows, wide_rows, strict=True):
        if a["verdict"] == "distinguishable":
            assert b["low"] < a["low"]
            assert b["high"] > a["high"]


def test_out_writes_the_file_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out writes the output there, nothing on stdout; a failing run leaves it as it was."""
    out = tmp_path / "diff.csv"
    code, stdout, _ = _run(
        capsys, str(BASELINE), str(HANZHONG), "--runs", "20", "--format", "csv",
        "--out", str(out), "--no-entry-points",
    )  # fmt: skip
    assert (code, stdout) == (0, "")
    written = out.read_text(encoding="utf-8")
    assert written.startswith("scenario,file,metric,")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[parameters]\nemployment_award_threshold = -1\n')
    code, stdout, err = _run(
        capsys, str(BASELINE), str(bad), "--out", str(out), "--no-entry-points"
    )
    assert (code, stdout) == (2, "")
    assert f"{bad}: " in err
    assert "@ $.parameters.employment_award_threshold" in err
    assert out.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml", "diff.csv"]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('name = "x"\nrule_files = ["a.toml", 3]\n', "@ $.rule_files[1]"),
        ('name = "x"\nallow = "ankang"\n', "@ $.allow"),
        ('name = "x"\n[interpretations]\none_county_one_brand_units = "some"\n',
         "@ $.interpretations.one_county_one_brand_units"),
        ('name = "baseline"\n', "@ $.name"),
        ('name = "x"\nhorizon = 2025-13-01\n', "$"),
    ],
)  # fmt: skip
def test_a_bad_file_is_exit_2_naming_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, path: str
) -> None:
    """A bad scenario file: exit code 2, stderr names the file and the field, nothing on stdout."""
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, str(BASELINE), str(bad), "--runs", "5")
    assert (code, out) == (2, "")
    assert err.startswith(f"labourbrand: error: {bad}: ")
    assert path in err


def test_a_bad_rule_file_is_named_with_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule file a scenario names is read by the rule-file reader: its path and field, exit 2."""
    (tmp_path / "cities").mkdir()
    rules = tmp_path / "cities" / "hz.toml"
    rules.write_text(
        '[plugin]\ncity = "610700"\n[[rules]]\nmeasure = "employment_award"\n'
        'first_day = 2023-01-01\nflat_yuan = 1.5\nreference = "x"\n',
        encoding="utf-8",
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "s"\nrule_files = ["cities/hz.toml"]\n', encoding="utf-8"
    )
    code, out, err = _run(capsys, str(BASELINE), str(scenario), "--runs", "5")
    assert (code, out) == (2, "")
    assert f"{rules}: " in err
    assert "@ $.rules[0].flat_yuan" in err
    rules.unlink()
    code, out, err = _run(capsys, str(BASELINE), str(scenario), "--runs", "5")
    assert (code, out) == (2, "")
    assert f"{rules}: Expected a rule file" in err


@pytest.mark.parametrize(
    "argv",
    [
        [str(BASELINE)],  # one file: nothing to compare
        [str(BASELINE), str(REFORM), "--level", "1"],
        [str(BASELINE), str(REFORM), "--format", "xml"],
        [str(BASELINE), str(REFORM), "--runs", "0"],
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """Missing files and bad options are usage errors: exit code 2, nothing on stdout."""
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("usage: labourbrand compare")


def test_a_missing_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that does not exist is named."""
    missing = tmp_path / "missing.toml"
    code, out, err = _run(capsys, str(BASELINE), str(missing))
    assert (code, out) == (2, "")
    assert str(missing) in err


def test_allow_lists_narrow_each_other() -> None:
    """--allow narrows a scenario's own allow list; --block adds to its block list."""
    from labourbrand.cli import _parser
    from labourbrand.simulation import Scenario

    args = _parser().parse_args(
        ["compare", "a.toml", "b.toml", "--allow", "ankang,hanzhong", "--block", "x"]
    )
    own = Scenario("s", allow=["hanzhong", "yangling"], block=["y"])
    merged = simulate_command.with_plugin_options(own, args, ())
    assert merged.allow == ("hanzhong",)
    assert merged.block == ("y", "x")
    free = simulate_command.with_plugin_options(Scenario("t"), args, ())
    assert free.allow == ("ankang", "hanzhong")
    none = _parser().parse_args(["compare", "a.toml", "b.toml"])
    assert simulate_command.with_plugin_options(own, none, ()).allow == own.allow


def _section(text: str, title: str) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_tutorials_commands_run(labourbrand_cli: Command) -> None:
    """The commands of the researcher tutorial's comparison section run, from the repository's root."""
    section = _section(
        RESEARCHER.read_text(encoding="utf-8"),
        "Compare scenarios from the command line",
    )
    blocks = re.findall(r"^```console\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    commands = [
        shlex.split(line.removeprefix("$ ").replace("\\\n", " "))
        for block in blocks
        for line in re.split(r"(?<!\\)\n", block)
        if line.startswith("$ ")
    ]
    assert commands
    for argv in commands:
        assert argv[:2] == ["labourbrand", "compare"]
        done = labourbrand_cli(*argv[1:])
        assert done.returncode == 0, (argv, done.stderr)
        assert "against baseline" in done.stdout or done.stdout.startswith(
            ("{", "scenario,")
        )
