"""Tests of the ``labourbrand`` command (``labourbrand.cli``).

The in-process tests call :func:`main` and cover every line of the ``labourbrand.cli`` package;
the subprocess tests run ``python -m labourbrand`` as a user would.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pendulum
import pytest

import labourbrand
import labourbrand.dates
import labourbrand.simulation
from labourbrand import lifecycle
from labourbrand.cli import _io, _text, main
from labourbrand.cli import simulate as simulate_command


if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable

    Command = Callable[..., subprocess.CompletedProcess[str]]

SRC = Path(labourbrand.__file__).resolve().parent.parent
ROOT = SRC.parent
EXAMPLES = ROOT / "examples"
REFORM = EXAMPLES / "scenarios" / "reform-300.toml"
BRANDS = EXAMPLES / "brands.json"
#: Runs of the in-process simulations: enough for every branch, fast.
RUNS = "50"
#: The targets of clauses 2 and 3.2 as the text report labels them.
TARGETS_EN = (
    "labour brands province-wide",
    "one county, one brand",
    "nationally known brands",
    "mid- and high-end skilled brands",
    "high-quality service brands",
    "culture and tourism brands",
    "livelihood security brands",
    "provincial brands",
    "city-level brands",
    "county-level brands",
)
TARGET_NAMES = [
    "target_brands_total",
    "target_brands_per_county",
    "target_national_known",
    "target_per_category.skilled",
    "target_per_category.service",
    "target_per_category.culture_tourism",
    "target_per_category.livelihood",
    "target_provincial",
    "target_city_level",
    "target_county_level",
]
#: Assumptions under which every county has a brand in every run.
EVERY_COUNTY_HAS_A_BRAND = """
[assumptions]
initial_brand_probability = 1.0
discovery_months_first = 0.1
abandon_probability = 0.0
establishment_months = [0.1, 0.1, 0.1]
exit_proposal_hazard = 0.0
decline_exit_hazard = 0.0
"""


def row(*cells: str) -> re.Pattern[str]:
    """A pattern matching one table row made of *cells* separated by spaces."""
    return re.compile(r"^ *" + r" +".join(map(re.escape, cells)) + r" *$", re.MULTILINE)


def run_ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the command with *argv*, check it succeeds quietly, return stdout."""
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:  # noqa: ANN401 - parsed JSON
    """Run the command with *argv* and ``--format json``; return the parsed output."""
    return json.loads(run_ok(capsys, *argv, "--format", "json"))


def run_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the command with *argv*, check it fails with exit code 2 and no output."""
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def simulate(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """``simulate`` with few runs and seed 1, then *argv*; return stdout."""
    return run_ok(capsys, "simulate", "--runs", RUNS, "--seed", "1", *argv)


def simulate_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:  # noqa: ANN401 - parsed JSON
    """``simulate --format json`` with few runs and seed 1, then *argv*."""
    return run_json(capsys, "simulate", "--runs", RUNS, "--seed", "1", *argv)


def scenario(tmp_path: Path, text: str, name: str = "scenario.toml") -> str:
    """Write a scenario file; return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------ simulate
class TestSimulateReport:
    def test_names_every_target_and_undetermined_money(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The report gives each target's probability and says the money is undetermined."""
        out = simulate(capsys)
        assert out.startswith(
            "Shaanxi labour brands (劳务品牌): simulation of the policy to 2025-12-31\n"
        )
        assert (
            "Runs:                 50 with seed 1; month by month from 2022-04-29"
            in out
        )
        assert (
            "Targets by 2025-12-31: probability of meeting each, over 50 runs\n" in out
        )
        for label in TARGETS_EN:
            assert re.search(rf"^  {re.escape(label)}  +(2|3\.2) ", out, re.MULTILINE)
        assert re.search(r"labour brands province-wide +2 +>= 100 +\d+ % +\d", out)
        assert re.search(r"one county, one brand +2 +107 of 107 +\d+ %", out)
        assert (
            "Award money by city-level unit and year (mean over runs)\n  Undetermined."
            in out
        )
        assert "unknown, not zero." in out.replace("\n  ", " ")
        assert "no plugin: amounts undetermined" in out

    def test_counties_awards_and_sources(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Empty counties, awards per year and unit, and the calibration note are shown."""
        out = simulate(capsys)
        assert (
            "County-level units without a brand on 2025-12-31\n  Expected number: "
            in out
        )
        assert "Most at risk (share of runs without a brand):\n    6" in out
        assert row("year", "awards (mean)", "90 % interval").search(out)
        for year in ("2022", "2023", "2024", "2025", "total"):
            assert re.search(rf"^  {year} +\d+\.\d +\d+-\d+$", out, re.MULTILINE)
        assert row("city-level unit", "2022", "2023", "2024", "2025", "total").search(
            out
        )
        assert re.search(r"^  Ankang +(\d+\.\d +){4}\d+\.\d$", out, re.MULTILINE)
        assert re.search(r"^  Hancheng +(\d+\.\d +){4}\d+\.\d$", out, re.MULTILINE)
        sources = out.split("Sources and limits\n")[1].replace("\n  ", " ")
        assert "calibrated to the 158 brands reported for 2025-12" in sources
        assert "every other rate is an assumption" in sources

    def test_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --lang zh the report is in Chinese, the money still undetermined."""
        out = simulate(capsys, "--lang", "zh")
        assert out.startswith("陕西劳务品牌:政策情景模拟(至2025-12-31)\n")
        assert re.search(r"一县一品牌 +2 +107个县全覆盖 +\d+%", out)
        assert re.search(r"全省培育创建劳务品牌 +2 +100以上 +\d+%", out)
        assert "  金额待定。第四部分第(二)项" in out
        assert "2025-12-31尚无劳务品牌的县级单位" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON report carries the same figures, with stable names."""
        data = simulate_json(capsys)
        assert data["scenario"] == {
            "name": "baseline",
            "file": None,
            "start": "2022-04-29",
            "horizon": "2025-12-31",
            "parameters": {},
            "parameters_from": None,
            "assumptions": {},
            "interpretations": {},
            "rule_files": [],
        }
        assert (data["runs"], data["seed"], data["deadline"]) == (50, 1, "2025-12-31")
        assert data["employment_award"] == {
            "on": "2025-12-31",
            "threshold": 500,
            "cap_fen": 30_000_000,
        }
        assert [t["target"] for t in data["targets"]] == TARGET_NAMES
        for t in data["targets"]:
            assert 0 <= t["probability"] <= 1
            assert t["p05"] <= t["mean"] <= t["p95"]
        assert data["counties"]["total"] == 107
        awards = data["awards"]
        assert awards["amounts_determined"] is False
        assert awards["suppliers"] == []
        assert awards["money_fen"] == {"mean": 0, "p05": 0, "p95": 0}
        assert awards["undetermined_awards"]["mean"] == awards["total"]["mean"] > 0
        assert [y["year"] for y in awards["by_year"]] == [2022, 2023, 2024, 2025]
        assert len(awards["by_unit"]) == 12
        assert data["calibration"][0]["value"] == 158
        assert data["files"] == []

    def test_same_seed_same_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Two runs with the same seed print the same report; another seed differs."""
        first = simulate_json(capsys)
        assert simulate_json(capsys) == first
        other = run_json(capsys, "simulate", "--runs", RUNS, "--seed", "2")
        assert other["targets"] != first["targets"]


class TestSimulateScenario:
    def test_reform_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example reform lowers the threshold and raises the cap; more awards."""
        out = simulate(capsys, "--scenario", str(REFORM))
        assert (
            f"Scenario:             threshold 300, cap 500,000 yuan\n                      ({REFORM})"
            in out
        )
        assert (
            "threshold 300 rural workers with signed\n                      agreements, cap ¥500,000.00"
            in out
        )
        assert (
            "Parameters changed:   employment_award_threshold = 300\n                      employment_award_cap = ¥500,000.00\n"
            in out
        )
        reform = simulate_json(capsys, "--scenario", str(REFORM))
        assert reform["scenario"]["parameters"] == {
            "employment_award_threshold": 300,
            "employment_award_cap": 50_000_000,
        }
        assert reform["employment_award"]["cap_fen"] == 50_000_000
        baseline = simulate_json(capsys)
        assert reform["awards"]["total"]["mean"] > baseline["awards"]["total"]["mean"]

    def test_overrides_from_a_day_and_assumptions(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """parameters_from dates the overrides; changed assumptions are listed."""
        path = scenario(
            tmp_path,
            'name = "later"\nparameters_from = "2024-01-01"\n'
            "[parameters]\nemployment_award_threshold = 300\n"
            "[assumptions]\nmaturity_shares = [0.2, 0.3, 0.5]\ngrowth_mean = 0.02\n",
        )
        out = simulate(capsys, "--scenario", path)
        assert "employment_award_threshold = 300 (from 2024-01-01)" in out
        assert "Assumptions changed:  maturity_shares = [0.2, 0.3, 0.5]\n" in out
        assert "                      growth_mean = 0.02\n" in out
        data = simulate_json(capsys, "--scenario", path)
        assert data["scenario"]["parameters_from"] == "2024-01-01"
        assert data["scenario"]["assumptions"] == {
            "maturity_shares": [0.2, 0.3, 0.5],
            "growth_mean": 0.02,
        }

    def test_earlier_deadline(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With the deadline moved to mid-2023, later targets are not in force and some unquantified."""
        path = scenario(
            tmp_path,
            'name = "early deadline"\n[parameters]\ntarget_deadline = 2023-06-30\n',
        )
        out = simulate(capsys, "--scenario", path)
        assert "Targets by 2023-06-30" in out
        assert row("county-level brands", "2", "not in force", "-", "-", "-").search(
            out
        )
        assert re.search(r"provincial brands +2 +some \(no number\) +\d+ %", out)
        assert "target_deadline = 2023-06-30" in out
        data = simulate_json(capsys, "--scenario", path)
        assert data["scenario"]["parameters"] == {"target_deadline": "2023-06-30"}
        county_level = data["targets"][-1]
        assert (county_level["in_force"], county_level["probability"]) == (False, None)

    def test_horizon_before_the_deadline(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--until before 2025-12-31 leaves the targets unassessed, and says why."""
        out = simulate(capsys, "--until", "2024-06-30")
        assert (
            "Targets: not assessed, because the horizon 2024-06-30 ends before their\ndeadline 2025-12-31.\n"
            in out
        )
        assert "County-level units without a brand on 2024-06-30" in out
        data = simulate_json(capsys, "--until", "2024-06-30")
        assert data["targets_assessed"] is False
        assert {t["probability"] for t in data["targets"]} == {None}

    def test_before_the_policy(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A run before 2022-04-29 has no award, no deadline, and counties likely empty."""
        path = scenario(
            tmp_path, 'name = "before"\nstart = 2021-01-01\nhorizon = "2021-01-31"\n'
        )
        out = run_ok(capsys, "simulate", "--runs", "1", "--scenario", path)
        assert "Employment award:     clause 4.2; not in force on 2021-01-31\n" in out
        assert "Targets: not assessed: no target deadline is in force.\n" in out
        assert "Likely to have no brand (in 50 % of runs or more):\n    6" in out
        assert "Most at risk" not in out  # one run: every share is 0 or 1
        assert (
            "  No employment award is granted in any run, so there is no money.\n"
            in out
        )

    def test_every_county_covered(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """When every county has a brand in every run, the report says so."""
        path = scenario(tmp_path, 'name = "fast"\n' + EVERY_COUNTY_HAS_A_BRAND)
        out = run_ok(
            capsys, "simulate", "--runs", "1", "--scenario", path, "--lang", "zh"
        )
        assert (
            "没有县级单位在50%以上的模拟中没有品牌。\n  所有模拟中每个县级单位都有品牌。\n"
            in out
        )

    def test_scenario_from_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``--scenario -`` reads the scenario from standard input."""
        stdin = io.TextIOWrapper(io.BytesIO(REFORM.read_bytes()), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", stdin)
        data = simulate_json(capsys, "--scenario", "-")
        assert data["scenario"]["file"] == "<stdin>"
        assert data["scenario"]["parameters"]["employment_award_threshold"] == 300


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            'nam = "x"\n',
            [
                (
                    "Expected a key among name, start, horizon, parameters_from, parameters, "
                    "assumptions, interpretations, rule_files, allow, block but got 'nam'; did you mean 'name'? @ $.nam"
                ),
                "Expected the scenario's name but the key is missing @ $.name",
            ],
        ),
        (
            'name = ""\nzzz = 1\n',
            [
                (
                    "Expected a key among name, start, horizon, parameters_from, parameters, "
                    "assumptions, interpretations, rule_files, allow, block but got 'zzz' @ $.zzz"
                ),
                "Expected a name: one line of text, without control characters, but got '' (type=str) @ $.name",
            ],
        ),
        (
            'name = "x"\nhorizon = "2025-13-01"\nstart = 5\nparameters_from = 2024-01-01T08:00:00\n',
            [
                "Expected a day YYYY-MM-DD from 1949-10-01 to 2100-12-31 but got 5 (type=int) @ $.start",
                "Expected a day YYYY-MM-DD from 1949-10-01 to 2100-12-31 but got '2025-13-01' (type=str) @ $.horizon",
                (
                    "Expected a day YYYY-MM-DD from 1949-10-01 to 2100-12-31 but got "
                    "datetime.datetime(2024, 1, 1, 8, 0) (type=datetime) @ $.parameters_from"
                ),
            ],
        ),
        (
            'name = "x"\n[parameters]\nemployment_award_thresold = 300\nemployment_award_cap = 1.5\n',
            [
                (
                    "Expected a parameter name among employment_award_cap, employment_award_threshold, "
                    "leading_enterprise_criteria, studios_per_key_county, target_brands_per_county, "
                    "target_brands_total, target_city_level, target_county_level, target_county_shortfall, target_deadline, "
                    "target_national_known, target_per_category, target_provincial, "
                    "training_projects_per_county but got 'employment_award_thresold'; "
                    "did you mean 'employment_award_threshold'? @ $.parameters.employment_award_thresold"
                ),
                "Expected an int number of fen but got 1.5 (type=float) @ $.parameters.employment_award_cap",
            ],
        ),
        (
            'name = "x"\n[assumptions]\ngrowth_mea = 1\nabandon_probability = 2\n',
            [
                (
                    "Expected an assumption name (a field of labourbrand.simulation.Assumptions) "
                    "but got 'growth_mea'; did you mean 'growth_mean'? @ $.assumptions.growth_mea"
                ),
                (
                    "Expected a number from 0 to 1 probability, the plausible range, but got "
                    "abandon_probability=2 (type=int) @ $.assumptions.abandon_probability"
                ),
            ],
        ),
        (
            'name = "x"\nparameters = 3\nassumptions = "fast"\n',
            [
                "Expected a table [parameters] but got 3 (type=int) @ $.parameters",
                "Expected a table [assumptions] but got 'fast' (type=str) @ $.assumptions",
            ],
        ),
        (
            'name = "x"\nhorizon = 2021-12-31\n',
            [
                "Expected horizon >= start=2022-04-29 but got horizon='2021-12-31' @ $.horizon"
            ],
        ),
        (
            'name = "x"\nhorizon =\n',
            [
                "Expected TOML but got a syntax error: Invalid value (at line 2, column 10) @ $"
            ],
        ),
    ],
)
def test_bad_scenario_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, errors: list[str]
) -> None:
    """A bad scenario file lists every bad key with its path, exit code 2, nothing on stdout."""
    path = scenario(tmp_path, text)
    err = run_error(capsys, "simulate", "--scenario", path)
    n = len(errors)
    assert err == (
        f"labourbrand: error: {path}: {n} invalid field{'s' if n > 1 else ''}\n"
        + "".join(f"  {path}: {e}\n" for e in errors)
    )


def test_scenario_file_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario file that is not UTF-8 is an error naming the byte."""
    path = tmp_path / "gbk.toml"
    path.write_bytes('name = "门槛"\n'.encode("gbk"))
    err = run_error(capsys, "simulate", "--scenario", str(path))
    assert err == (
        f"labourbrand: error: {path}: 1 invalid field\n"
        f"  {path}: Expected UTF-8 text but got the byte 0xc3 at offset 8 @ $\n"
    )


def test_missing_scenario_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario file that does not exist is an error, exit code 2."""
    path = tmp_path / "nope.toml"
    err = run_error(capsys, "simulate", "--scenario", str(path))
    assert (
        err
        == f"labourbrand: error: {path}: cannot read the file: No such file or directory\n"
    )


def test_until_before_the_start(capsys: pytest.CaptureFixture[str]) -> None:
    """--until before the scenario's start is an error naming the option."""
    err = run_error(capsys, "simulate", "--until", "2020-01-01")
    assert err == (
        "labourbrand: error: argument --until: Expected horizon >= start=2022-04-29 "
        "but got horizon='2020-01-01'\n"
    )


class TestSimulateOut:
    def test_tables_and_plots(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--out writes CSV and Parquet tables and --plot the PNG figures; all are listed."""
        out_dir = tmp_path / "results"
        out = simulate(capsys, "--out", str(out_dir), "--plot")
        names = {p.name for p in out_dir.iterdir()}
        assert names == {
            *(
                f"{t}.{s}"
                for t in simulate_command._OUT_TABLES
                for s in ("csv", "parquet")
            ),
            "metadata.json",
            "empty_counties.csv",
            "brands_over_time.png",
            "cost_by_city_and_year.png",
            "empty_counties.png",
        }
        listed = out.split("Files written:\n")[1].splitlines()
        assert sorted(Path(line.strip()).name for line in listed) == sorted(names)
        assert (out_dir / "brands_over_time.png").read_bytes()[:4] == b"\x89PNG"
        counties = (
            (out_dir / "empty_counties.csv").read_text(encoding="utf-8").splitlines()
        )
        assert counties[0] == "county,county_zh,unit,unit_zh,month,p_empty,brands_mean"
        assert len(counties) == 1 + 107
        data = simulate_json(capsys, "--out", str(out_dir))
        assert len(data["files"]) == len(names) - 3  # no plots this time

    def test_csv_only_without_pyarrow(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Without pyarrow the tables are CSV only."""
        monkeypatch.setattr(_io, "has", lambda module: module != "pyarrow")
        simulate(capsys, "--out", str(tmp_path))
        assert not list(tmp_path.glob("*.parquet"))
        assert (tmp_path / "money.csv").exists()

    @pytest.mark.parametrize(
        ("missing", "message"),
        [
            ("pandas", "Expected pandas for --out --plot but got none installed (pip install 'labourbrand[sim,plot]')"),
            ("matplotlib", "Expected matplotlib for --out --plot but got none installed (pip install 'labourbrand[sim,plot]')"),
            ("pandas,matplotlib", "Expected pandas and matplotlib for --out --plot but got none installed (pip install 'labourbrand[sim,plot]')"),
        ],
    )  # fmt: skip
    def test_missing_extras(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        missing: str,
        message: str,
    ) -> None:
        """--out --plot without pandas or matplotlib says what to install."""
        monkeypatch.setattr(_io, "has", lambda module: module not in missing.split(","))
        argv = ["--out", str(tmp_path / "x"), "--plot"]
        err = run_error(capsys, "simulate", "--runs", "2", *argv)
        assert err == f"labourbrand: error: {message}\n"
        assert not (tmp_path / "x").exists()

    def test_missing_numpy(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """simulate without numpy says to install the ``sim`` extra."""
        monkeypatch.setattr(_io, "has", lambda module: module != "numpy")
        err = run_error(capsys, "simulate")
        assert err == (
            "labourbrand: error: Expected numpy for simulate but got none installed "
            "(pip install 'labourbrand[sim]')\n"
        )

    def test_missing_pandas(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """--out without pandas says to install the ``sim`` extra."""
        monkeypatch.setattr(_io, "has", lambda module: module != "pandas")
        err = run_error(capsys, "simulate", "--runs", "2", "--out", str(tmp_path / "x"))
        assert err == (
            "labourbrand: error: Expected pandas for --out but got none installed "
            "(pip install 'labourbrand[sim]')\n"
        )

    def test_unwritable_directory(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An --out that cannot be created is an error, exit code 2."""
        blocker = tmp_path / "file"
        blocker.write_text("", encoding="utf-8")
        err = run_error(
            capsys, "simulate", "--runs", "2", "--out", str(blocker / "sub")
        )
        assert err.startswith(f"labourbrand: error: {blocker / 'sub'}: cannot write: ")

    def test_plot_needs_out(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--plot without --out is a usage error."""
        err = run_error(capsys, "simulate", "--plot")
        assert err.startswith("usage: labourbrand simulate [-h]")
        assert err.endswith(
            "labourbrand simulate: error: argument --plot: needs --out DIR\n"
        )


class TestSimulateRun:
    def test_progress_bar_on_a_terminal(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal a progress bar goes to stderr; --no-progress turns it off."""
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        assert main(["simulate", "--runs", RUNS, "--format", "json"]) == 0
        captured = capsys.readouterr()
        assert "baseline: 100%" in captured.err
        assert f"{RUNS}/{RUNS}" in captured.err
        json.loads(captured.out)
        run_ok(capsys, "simulate", "--runs", RUNS, "--no-progress")

    def test_warnings_go_to_stderr(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A simulation warning is printed on stderr as a warning, and the report follows."""
        path = scenario(
            tmp_path, 'name = "tight"\n[assumptions]\ncandidate_slots_per_county = 1\n'
        )
        assert main(["simulate", "--runs", RUNS, "--scenario", path]) == 0
        captured = capsys.readouterr()
        assert captured.err.startswith("labourbrand: warning: Scenario 'tight': ")
        assert "raise Assumptions.candidate_slots_per_county\n" in captured.err
        assert "Sources and limits" in captured.out

    def test_interrupted(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ctrl-C stops the command with exit code 130 and no traceback."""

        def interrupt(*_args: object, **_kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(labourbrand.simulation, "run", interrupt)
        assert main(["simulate"]) == 130
        captured = capsys.readouterr()
        assert (captured.out, captured.err) == ("", "labourbrand: interrupted\n")


class TestSimulateSensitivity:
    def test_the_report_lists_the_drivers_of_each_headline(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--sensitivity N`` adds the assumptions that move each headline figure most."""
        # Eight slots: no design point runs out of candidate slots (no warning).
        path = scenario(
            tmp_path, 'name = "roomy"\n[assumptions]\ncandidate_slots_per_county = 8\n'
        )
        data = run_json(
            capsys, "simulate", "--runs", "20", "--scenario", path, "--sensitivity", "2"
        )
        drivers = data["sensitivity"]
        assert (drivers["method"], drivers["samples"], drivers["runs"]) == (
            "morris",
            2,
            20,
        )
        figures = {f["figure"]: f["drivers"] for f in drivers["figures"]}
        one_brand = figures["P(target_brands_per_county)"]
        assert one_brand
        assert one_brand[0]["assumption"] == "discovery_months_first"
        text = run_ok(
            capsys, "simulate", "--runs", "20", "--scenario", path, "--sensitivity", "2"
        )
        assert "Assumptions that move each figure most (mu_star:" in text
        assert re.search(
            r"^ *P\(target_brands_per_county\) +discovery_months_first +[0-9.]+ ± ",
            text,
            re.MULTILINE,
        )
        assert "design points x 20 runs each, seed 0" in text.replace("\n  ", " ")

    def test_without_the_option_no_analysis(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without ``--sensitivity`` the report has no such section."""
        data = simulate_json(capsys)
        assert "sensitivity" not in data

    def test_a_bad_count(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--sensitivity 1`` is refused: Morris needs two trajectories."""
        err = run_error(capsys, "simulate", "--sensitivity", "1")
        assert "--sensitivity" in err


def test_likely_share_is_the_reports() -> None:
    """The share the text calls "likely" is the one the report lists counties by."""
    from labourbrand.simulation import _report

    assert simulate_command._LIKELY == _report.LIKELY


@pytest.mark.parametrize(
    ("p", "en", "zh"),
    [
        (0.0, "0 %", "0%"),
        (0.004, "<1 %", "<1%"),
        (0.5, "50 %", "50%"),
        (0.996, ">99 %", ">99%"),
        (1.0, "100 %", "100%"),
    ],
)
def test_percent(p: float, en: str, zh: str) -> None:
    """A share is never rounded to 0 % or 100 % unless it is exactly that."""
    assert (_text.percent(p, "en"), _text.percent(p, "zh")) == (en, zh)


# ------------------------------------------------------------------ evaluate
class TestEvaluate:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every decision for every brand is printed with its steps and clauses."""
        out = run_ok(capsys, "evaluate", str(BRANDS), "--on", "2026-03-01")
        assert out.startswith(
            "Decisions of 陕人社发〔2022〕13号 on 2026-03-01: 3 brand(s)\n"
            "Amounts set by: no city plugin (delegated amounts are undetermined, not zero)\n"
            "\n1. 紫阳修脚师 (紫阳县 610924)\n=============================\n\n"
            "紫阳修脚师 · employment_award · 2026-03-01 · eligible\n"
            "amount to be set by 安康市财政、人社部门\n"
        )
        assert "\n2. 平利茶农 (平利县 610926)\n" in out
        assert "\n3. 旬阳建工 (旬阳市 610981)\n" in out
        assert out.count("clauses: shaanxi-2022-13:4.2\n") == 12
        assert out.count("clauses: shaanxi-2022-13:4.1\n") == 3
        assert (
            "平利茶农 · provincial_recognition_award · 2026-03-01 · eligible\n" in out
        )
        assert "旬阳建工 · employment_award · 2026-03-01 · undetermined\n" in out

    def test_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --lang zh the explanations are in Chinese."""
        out = run_ok(
            capsys, "evaluate", str(BRANDS), "--on", "2026-03-01", "--lang", "zh"
        )
        assert out.startswith(
            "陕人社发〔2022〕13号 2026-03-01的决定:3个品牌\n金额来源:无市级插件"
        )
        assert "金额待定,由安康市财政、人社部门确定\n" in out
        assert "依据:shaanxi-2022-13:4.2\n" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON output lists each brand with its decisions in the serialised shape."""
        data = run_json(capsys, "evaluate", str(BRANDS), "--on", "2026-03-01")
        assert [b["brand"] for b in data] == ["紫阳修脚师", "平利茶农", "旬阳建工"]
        measures = [d["measure"] for d in data[0]["decisions"]]
        assert measures == [
            "employment_award",
            "provincial_recognition_award",
            "transport_subsidy",
            "social_insurance_subsidy",
            "training_subsidy",
        ]
        award = data[0]["decisions"][0]
        assert (award["outcome"], award["amount"], award["amount_set_by"]) == (
            "eligible",
            None,
            "安康市财政、人社部门",
        )
        assert award["clauses"] == ["shaanxi-2022-13:4.2"]
        # 310 rural workers with signed agreements, the other practitioners with
        # signed agreements not counted: whether 500 are reached is unknown.
        assert [d["outcome"] for d in data[1]["decisions"]][:2] == [
            "undetermined",
            "eligible",
        ]
        assert award["interpretations"][0]["interpretation"] == (
            "shaanxi-2022-13:exited_brand_award"
        )

    def test_before_the_policy(self, capsys: pytest.CaptureFixture[str]) -> None:
        """On a day before 2022-04-29 every decision is not_in_force."""
        data = run_json(capsys, "evaluate", str(BRANDS), "--on", "2022-04-28")
        assert {d["outcome"] for b in data for d in b["decisions"]} == {"not_in_force"}

    def test_today_by_default(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without --on the day is today in Shanghai."""
        monkeypatch.setattr(
            labourbrand.dates, "today", lambda: pendulum.Date(2024, 5, 6)
        )
        data = run_json(capsys, "evaluate", str(BRANDS))
        assert {d["on"] for b in data for d in b["decisions"]} == {"2024-05-06"}

    def test_one_brand_from_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``-`` reads standard input, which may hold one brand object without a county."""
        brand = {"name_zh": "无名品牌"}
        stdin = io.TextIOWrapper(
            io.BytesIO(json.dumps(brand).encode()), encoding="utf-8"
        )
        monkeypatch.setattr(sys, "stdin", stdin)
        out = run_ok(capsys, "evaluate", "-", "--on", "2024-01-01")
        assert "\n1. 无名品牌 (county unknown)\n" in out

    @pytest.mark.parametrize(
        ("content", "error"),
        [
            (
                (
                    '[{"name_zh": "x", "workforce": [{"on": "2023-01-01", "practitioners": 10, '
                    '"rural": 5, "rural_signed": 5.0}]}]'
                ),
                (
                    "1 invalid field\n  {path}: Expected an int but got 5.0 (type=float) "
                    "@ $[0].workforce[0].rural_signed"
                ),
            ),
            (
                '{"name_zh": "x", "county": 610924, "colour": "red"}',
                (
                    "2 invalid fields\n"
                    "  {path}: Expected a string but got 610924 (type=int) @ $[0].county\n"
                    "  {path}: extra fields found (colour) (the record starting on "
                    "line 1) @ $[0]"
                ),
            ),
            (
                "[1, 2",
                (
                    "2 invalid fields\n  {path}: invalid value for type, expected "
                    "Brand (the record starting on line 1) @ $[0]\n"
                    "  {path}: Expected ',' or ']' but the text ends: line 1 column 6 "
                    "(char 5) @ $"
                ),
            ),
            (
                "42",
                (
                    "1 invalid field\n  {path}: Expected a JSON array of brands ('[') "
                    "or a brand object ('{{') but got '42': line 1 column 1 (char 0) @ $"
                ),
            ),
            (
                '{"name_zh": "x"}\n{"name_zh": "y", "county": "61092"}\n{"name_zh": 3}\n',
                (
                    "2 invalid fields\n"
                    "  {path}: Expected a six-digit GB/T 2260 code but got "
                    "county='61092' (type=str) @ $[1].county\n"
                    "  {path}: Expected a string but got 3 (type=int) @ $[2].name_zh"
                ),
            ),
        ],
    )
    def test_bad_file(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        content: str,
        error: str,
    ) -> None:
        """A bad file names the file and every bad field's path; exit code 2, no stdout."""
        path = tmp_path / "brands.json"
        path.write_text(content, encoding="utf-8")
        err = run_error(capsys, "evaluate", str(path), "--on", "2024-01-01")
        assert err == f"labourbrand: error: {path}: " + error.format(path=path) + "\n"

    def test_unknown_county(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A brand whose county is not in the registry is an error naming file and brand."""
        path = tmp_path / "brands.json"
        path.write_text('[{"name_zh": "x", "county": "619999"}]', encoding="utf-8")
        err = run_error(capsys, "evaluate", str(path), "--on", "2024-01-01")
        assert err == (
            f"labourbrand: error: {path}: brand 'x' @ $[0]: Expected a region code "
            "of the Shaanxi registry but got code='619999'\n"
        )

    def test_missing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that does not exist is an error, exit code 2."""
        err = run_error(capsys, "evaluate", str(tmp_path / "nope.json"))
        assert err.endswith(
            "nope.json: cannot read the file: No such file or directory\n"
        )


# ------------------------------------------------------------------ clauses
class TestClauses:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The registry lists every clause with its kinds and title."""
        out = run_ok(capsys, "clauses")
        assert out.startswith("Shaanxi HRSS [2022] No. 13 (陕人社发〔2022〕13号): ")
        assert "Kinds: Q = quantified, D = delegated, O = obligation\n" in out
        assert row("preamble", "-", "Preamble").search(out)
        assert row("4.2", "D, Q", "Widen employment channels for labour brands").search(
            out
        )
        assert len(out.splitlines()) == 3 + 20

    def test_chinese_coverage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--coverage --lang zh adds the code that encodes each clause."""
        out = run_ok(capsys, "clauses", "--coverage", "--lang", "zh")
        assert out.startswith("陕人社发〔2022〕13号 ")
        assert "类型:Q = 量化, D = 授权地方或按规定, O = 义务目标\n" in out
        assert re.search(
            r"^4\.2 +D, Q +拓展劳务品牌就业渠道\n    代码: policy\.Policy\.employment_award, ",
            out,
            re.MULTILINE,
        )
        assert re.search(r"^1 +- +指导思想\n    代码: -\n", out, re.MULTILINE)

    def test_english_coverage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--coverage in English names the code and wraps the note."""
        out = run_ok(capsys, "clauses", "--coverage")
        assert (
            "    encoded by: policy.Policy.leading_enterprise\n    The three criteria of a leading enterprise.\n"
            in out
        )

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON registry has the document and each clause; --coverage adds the code."""
        data = run_json(capsys, "clauses")
        assert data["document"]["number"] == "陕人社发〔2022〕13号"
        assert data["document"]["issued"] == "2022-04-29"
        award = next(c for c in data["clauses"] if c["id"] == "4.2")
        assert award == {
            "id": "4.2",
            "title_zh": "拓展劳务品牌就业渠道",
            "title_en": "Widen employment channels for labour brands",
            "kinds": ["D", "Q"],
            "cite": "Shaanxi HRSS [2022] No. 13, part 4 item (2)",
        }
        covered = run_json(capsys, "clauses", "--coverage", "--lang", "zh")
        award = next(c for c in covered["clauses"] if c["id"] == "4.2")
        assert award["cite"] == "陕人社发〔2022〕13号 第四部分第(二)项"
        assert "labourbrand.policy.Policy.employment_award" in award["encoded_by"]
        assert award["note"].startswith("The one-time employment award")


# ------------------------------------------------------------------ general
@pytest.mark.parametrize(
    ("argv", "render"),
    [
        ([], lifecycle.to_mermaid),
        (["--format", "mermaid"], lifecycle.to_mermaid),
        (["--format", "dot"], lifecycle.to_dot),
        (["--format", "table"], lifecycle.to_markdown),
    ],
)
def test_lifecycle_formats(
    capsys: pytest.CaptureFixture[str], argv: list[str], render: Callable[[], str]
) -> None:
    """``lifecycle`` prints the state machine in the chosen format (Mermaid default)."""
    assert main(["lifecycle", *argv]) == 0
    out = capsys.readouterr().out
    assert out == render()
    assert "in_pool" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """``--version`` prints the program name and version and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"labourbrand {labourbrand.__version__}\n"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` lists every subcommand, examples and exit codes, and exits 0."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: labourbrand [-h] [--version] COMMAND ...")
    for command in ("simulate", "evaluate", "clauses", "lifecycle", "plugins"):
        assert re.search(rf"^    {command}\s+\w", out, re.MULTILINE), command
    assert "examples:\n  labourbrand simulate\n" in out
    assert "exit codes: 0 success, 2 usage error or bad input, 130 interrupted" in out


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (
            "simulate",
            [
                "--scenario FILE",
                "--runs N",
                "--seed S",
                "--until DATE",
                "--out DIR",
                "--plot",
                "--format {text,json}",
                "--lang {en,zh}",
                "--no-progress",
                "--no-entry-points",
                "--allow NAMES",
                "--block NAMES",
                "--strict",
                "(default: 2,000)",
                "labourbrand simulate --scenario examples/scenarios/reform-300.toml",
            ],
        ),
        (
            "evaluate",
            [
                "FILE",
                "--on DATE",
                "--out FILE",
                "--format {text,json,jsonl,csv,xlsx}",
                "--lang {en,zh}",
                "--no-entry-points",
                "--allow NAMES",
                "--block NAMES",
                "--strict",
                "labourbrand evaluate examples/brands.json --on 2023-07-01 --lang zh",
            ],
        ),
        (
            "clauses",
            [
                "--coverage",
                "--format {text,json}",
                "--lang {en,zh}",
                "labourbrand clauses --coverage",
            ],
        ),
        (
            "lifecycle",
            ["--format {mermaid,dot,table}", "labourbrand lifecycle --format dot"],
        ),
        ("plugins", ["--strict", "labourbrand plugins --on 2024-01-01 --lang zh"]),
        ("template", ["--example BRANDS", "labourbrand template brands.xlsx"]),
    ],
)
def test_subcommand_help(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    options: list[str],
) -> None:
    """Each subcommand's ``--help`` documents its options and shows examples, wrapped."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: labourbrand {command} [-h]")
    assert "\nexamples:\n" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    for option in options:
        assert option in out, option


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["simulate", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["simulate", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
        (
            ["simulate", "--runs", "0"],
            "argument --runs: Expected an int >= 1 but got '0'",
        ),
        (
            ["simulate", "--runs", "many"],
            "argument --runs: Expected an int >= 1 but got 'many'",
        ),
        (
            ["simulate", "--seed", "-1"],
            "argument --seed: Expected an int >= 0 but got '-1'",
        ),
        (
            ["simulate", "--until", "2025-02-30"],
            "argument --until: Expected a day YYYY-MM-DD but got text='2025-02-30'",
        ),
        (["evaluate"], "the following arguments are required: FILE"),
        (["evaluate", "x.json", "--on", "tomorrow"], "argument --on: Expected a day"),
        (["clauses", "--format", "csv"], "argument --format: invalid choice: 'csv'"),
        (["--bogus"], "the following arguments are required: COMMAND"),
        ([], "the following arguments are required: COMMAND"),
        (["explode"], "argument COMMAND: invalid choice: 'explode'"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A bad option or subcommand prints argparse's usage error and exits 2."""
    err = run_error(capsys, *argv)
    assert err.startswith("usage: labourbrand")
    assert message in err


# --------------------------------------------------------------- subprocess
class TestSubprocess:
    def test_simulate_is_reproducible(self, labourbrand_cli: Command) -> None:
        """Two processes with the same seed print the same report, naming every target."""
        first = labourbrand_cli("simulate", "--runs", RUNS, "--seed", "1")
        assert first.returncode == 0, first.stderr
        assert first.stderr == ""  # no progress bar: stderr is not a terminal
        for label in TARGETS_EN:
            assert label in first.stdout
        assert "Undetermined." in first.stdout
        second = labourbrand_cli("simulate", "--runs", RUNS, "--seed", "1")
        assert second.stdout == first.stdout

    def test_simulate_reform_scenario(self, labourbrand_cli: Command) -> None:
        """The example reform scenario runs from the command line."""
        proc = labourbrand_cli(
            "simulate", "--runs", RUNS, "--scenario", "examples/scenarios/reform-300.toml",
            "--format", "json",
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        assert data["scenario"]["name"] == "threshold 300, cap 500,000 yuan"
        assert data["employment_award"]["threshold"] == 300

    def test_simulate_out(self, labourbrand_cli: Command, tmp_path: Path) -> None:
        """``simulate --out DIR`` writes the tables and lists them."""
        proc = labourbrand_cli(
            "simulate", "--runs", "20", "--out", "tables", cwd=tmp_path
        )
        assert proc.returncode == 0, proc.stderr
        assert "Files written:\n  tables/stages.csv\n" in proc.stdout
        assert (tmp_path / "tables" / "money.csv").stat().st_size > 0
        assert (tmp_path / "tables" / "metadata.json").exists()

    def test_evaluate(self, labourbrand_cli: Command) -> None:
        """``evaluate`` prints the decisions as text and as JSON."""
        text = labourbrand_cli("evaluate", "examples/brands.json", "--on", "2023-07-01")
        assert text.returncode == 0, text.stderr
        assert "紫阳修脚师 · employment_award · 2023-07-01 · eligible\n" in text.stdout
        as_json = labourbrand_cli(
            "evaluate", "examples/brands.json", "--on", "2022-01-01", "--format", "json"
        )
        assert as_json.returncode == 0, as_json.stderr
        outcomes = {
            d["outcome"] for b in json.loads(as_json.stdout) for d in b["decisions"]
        }
        assert outcomes == {"not_in_force"}

    def test_evaluate_bad_file(self, labourbrand_cli: Command, tmp_path: Path) -> None:
        """A bad brand file: exit code 2, nothing on stdout, file and path on stderr."""
        path = tmp_path / "bad.json"
        brand = json.loads(BRANDS.read_text(encoding="utf-8"))[0]
        brand["workforce"][0]["rural_signed"] = 520.0
        path.write_text(json.dumps([brand], ensure_ascii=False), encoding="utf-8")
        proc = labourbrand_cli("evaluate", str(path))
        assert proc.returncode == 2
        assert proc.stdout == ""
        assert proc.stderr == (
            f"labourbrand: error: {path}: 1 invalid field\n"
            f"  {path}: Expected an int but got 520.0 (type=float) "
            "@ $[0].workforce[0].rural_signed\n"
        )

    def test_usage_error(self, labourbrand_cli: Command) -> None:
        """A bad option exits 2 with the usage on stderr."""
        proc = labourbrand_cli("lifecycle", "--format", "svg")
        assert proc.returncode == 2
        assert proc.stdout == ""
        assert "argument --format: invalid choice: 'svg'" in proc.stderr


# ------------------------------------------------------------------ plugins

ANKANG_RULES = """
from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, PerHead, Rule


@hookimpl
def labourbrand_rules():
    award = Measure.EMPLOYMENT_AWARD
    return [
        Rule(measure=award, jurisdiction="610900", first_day="2022-04-29",
             last_day="2023-12-31", formula=Flat(Fen.from_yuan(90_000)),
             reference="illustrative", illustrative=True),
        Rule(measure=award, jurisdiction="610900", first_day="2024-01-01",
             formula=PerHead(rates=[("rural_signed", Fen.from_yuan(200))]),
             reference="test document"),
    ]
"""
RAISES_IN_RULES = """
from labourbrand import hookimpl


@hookimpl
def labourbrand_rules():
    raise RuntimeError("database down")
"""
#: Distribution, entry point, module and source of each simulated installation.
INSTALLED = (
    ("ankang-cli-demo", "1.2.3", "ankang", "lbt_cli_ankang", ANKANG_RULES),
    ("broken-cli-demo", "0.1", "broken", "lbt_cli_broken", "import no_such_module"),
    ("raiser-cli-demo", "0.2", "raiser", "lbt_cli_raiser", RAISES_IN_RULES),
)
ALLOW = "ankang,broken,raiser"


@pytest.fixture
def installed(install: Callable[..., None]) -> None:
    """Three distributions on sys.path: a city plugin and two broken ones."""
    for dist, version, entry_point, module, source in INSTALLED:
        install(dist, version, {entry_point: module}, **{module: source})


def run_plugins_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    """Run ``plugins --format json`` with *argv* and return the parsed output."""
    assert main(["plugins", "--format", "json", *argv]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    data: dict[str, Any] = json.loads(captured.out)
    return data


@pytest.mark.usefixtures("installed")
class TestPlugins:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text listing shows each plugin, its rules and the plugins skipped."""
        assert main(["plugins", "--allow", ALLOW]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""  # skipped plugins are listed, not warned about
        out = captured.out
        assert out.startswith("Plugins loaded, with all their rules\n\nankang 1.2.3\n")
        assert row("source:", "installed (entry point)").search(out)
        assert row("distribution:", "ankang-cli-demo").search(out)
        assert row("hooks:", "labourbrand_rules").search(out)
        assert row("jurisdictions:", "610900 安康市").search(out)
        assert (
            "    - employment_award, 610900 安康市, 2022-04-29 to 2023-12-31\n"
            "      flat ¥90,000.00\n"
            "      reference: illustrative (illustrative amount)\n"
            "    - employment_award, 610900 安康市, from 2024-01-01\n"
            "      per head: rural_signed × ¥200.00\n"
            "      reference: test document\n"
        ) in out
        assert "\nshaanxi-province 2022.4.29\n" in out
        assert row("source:", "the province's baseline").search(out)
        assert row(
            "rules:", "none: the text sets no amount, it names who sets each"
        ).search(out)
        assert "\nSkipped plugins (failed to load): 2\n" in out
        assert (
            "  broken (broken-cli-demo 0.1), failed at import\n"
            "    entry point 'lbt_cli_broken' of broken-cli-demo 0.1 could not be "
            "imported: ModuleNotFoundError: No module named 'no_such_module'\n"
            "  raiser (raiser-cli-demo 0.2), failed at rules\n"
            "    raised RuntimeError: database down\n"
        ) in out

    def test_chinese_text_on_a_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --lang zh and --on the labels are Chinese and the rules those in force."""
        assert (
            main(["plugins", "--allow", ALLOW, "--lang", "zh", "--on", "2023-07-01"])
            == 0
        )
        out = capsys.readouterr().out
        assert out.startswith("已加载的插件及其2023-07-01有效的规则\n")
        assert row("来源:", "已安装(入口点)").search(out)
        assert (
            "    - 吸纳就业一次性奖补, 610900 安康市, 2022-04-29至2023-12-31\n"
            "      定额90,000.00元\n"
            "      依据: illustrative (示例金额)\n"
        ) in out
        assert "2024-01-01" not in out
        assert "未加载的插件(加载失败):2个" in out
        assert "失败环节:导入" in out
        assert "失败环节:规则" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON listing carries plugins, their rules in force, and failures."""
        data = run_plugins_json(capsys, "--allow", ALLOW, "--on", "2024-01-01")
        assert data["on"] == "2024-01-01"
        ankang, province = data["plugins"]
        assert {
            k: ankang[k] for k in ("name", "version", "distribution", "source")
        } == {
            "name": "ankang",
            "version": "1.2.3",
            "distribution": "ankang-cli-demo",
            "source": "entry point",
        }
        assert ankang["hooks"] == ["labourbrand_rules"]
        assert ankang["jurisdictions"] == [{"id": "610900", "name_zh": "安康市"}]
        assert ankang["rules"] == [
            {
                "measure": "employment_award",
                "measure_zh": "吸纳就业一次性奖补",
                "clause": "shaanxi-2022-13:4.2",
                "jurisdiction": "610900",
                "jurisdiction_zh": "安康市",
                "first_day": "2024-01-01",
                "last_day": None,
                "formula": "per head: rural_signed × ¥200.00",
                "formula_zh": "按人头:rural_signed × 200.00元",
                "terms": {"rates": [["rural_signed", 20_000]], "cap": None},
                "reference": "test document",
                "illustrative": False,
                "in_force": True,
            }
        ]
        assert (province["name"], province["source"], province["rules"]) == (
            "shaanxi-province",
            "province",
            [],
        )
        assert [(f["name"], f["distribution"], f["version"], f["stage"])
                for f in data["failures"]] == [
            ("broken", "broken-cli-demo", "0.1", "import"),
            ("raiser", "raiser-cli-demo", "0.2", "rules"),
        ]  # fmt: skip
        assert data["failures"][1]["reason"] == "raised RuntimeError: database down"

    def test_json_without_a_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --on every rule is listed, its in_force left null."""
        data = run_plugins_json(capsys, "--allow", "ankang")
        assert data["on"] is None
        rules = data["plugins"][0]["rules"]
        assert [(r["first_day"], r["last_day"], r["in_force"]) for r in rules] == [
            ("2022-04-29", "2023-12-31", None),
            ("2024-01-01", None, None),
        ]
        assert data["failures"] == []

    def test_block_and_no_entry_points(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--block and --no-entry-points leave installed plugins out."""
        data = run_plugins_json(capsys, "--allow", ALLOW, "--block", "broken, raiser")
        assert [p["name"] for p in data["plugins"]] == ["ankang", "shaanxi-province"]
        assert data["failures"] == []
        data = run_plugins_json(capsys, "--no-entry-points")
        assert [p["name"] for p in data["plugins"]] == ["shaanxi-province"]

    def test_environment_allow_list(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without --allow, LABOURBRAND_PLUGINS_ALLOW chooses the entry points."""
        monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", "ankang")
        data = run_plugins_json(capsys)
        assert [p["name"] for p in data["plugins"]] == ["ankang", "shaanxi-province"]

    def test_strict_failure_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --strict the first failing plugin is an error on stderr, exit code 2."""
        assert main(["plugins", "--allow", ALLOW, "--strict"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == (
            "labourbrand: error: plugin 'broken': entry point 'lbt_cli_broken' of "
            "broken-cli-demo 0.1 could not be imported: ModuleNotFoundError: "
            "No module named 'no_such_module'\n"
        )


#: The message of --strict when the broken installation is allowed.
BROKEN = (
    "labourbrand: error: plugin 'broken': entry point 'lbt_cli_broken' of "
    "broken-cli-demo 0.1 could not be imported: ModuleNotFoundError: "
    "No module named 'no_such_module'\n"
)


@pytest.mark.usefixtures("installed")
class TestPluginOptions:
    """simulate and evaluate take the plugin options of ``plugins``."""

    def test_evaluate_strict_failure_exits_2(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """evaluate --strict fails on the first installed plugin that fails, exit code 2."""
        argv = ["evaluate", str(BRANDS), "--on", "2023-07-01", "--allow", ALLOW]
        assert run_error(capsys, *argv, "--strict") == BROKEN

    def test_evaluate_allow_strict_and_block(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """evaluate --allow picks a plugin, --strict passes when it loads, --block drops it."""
        argv = ["evaluate", str(BRANDS), "--on", "2023-07-01"]
        assert main([*argv, "--allow", "ankang", "--strict"]) == 0
        captured = capsys.readouterr()
        assert "Amounts set by: ankang 1.2.3\n" in captured.out
        assert "amount: ¥90,000.00\n" in captured.out
        assert captured.err == (
            "labourbrand: plugin ankang 1.2.3 supplied 1 decision(s): "
            "employment_award in 610900 (1)\n"
        )
        out = run_ok(capsys, *argv, "--allow", ALLOW, "--block", "ankang,broken,raiser")
        assert "Amounts set by: no city plugin" in out
        assert "¥90,000.00" not in out

    def test_simulate_strict_failure_exits_2(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """simulate --strict fails on the first installed plugin that fails, exit code 2."""
        argv = ["simulate", "--runs", "2", "--allow", ALLOW, "--strict"]
        assert run_error(capsys, *argv) == BROKEN

    def test_simulate_allow_strict_and_block(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """simulate --allow picks the plugin that sets amounts; --block drops it."""
        data = simulate_json(capsys, "--allow", "ankang", "--strict")
        assert data["awards"]["amounts_determined"] is True
        assert data["awards"]["suppliers"] == [
            "ankang 1.2.3 (610900: illustrative)",
            "ankang 1.2.3 (610900: test document)",
        ]
        data = simulate_json(
            capsys, "--allow", ALLOW, "--block", "ankang,broken,raiser"
        )
        assert data["awards"]["amounts_determined"] is False
        assert data["awards"]["suppliers"] == []
        data = simulate_json(capsys, "--allow", "")
        assert data["awards"]["suppliers"] == []

    def test_simulate_options_and_environment(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--block adds to the block variable, --allow replaces the allow variable; both are restored."""
        monkeypatch.setenv("LABOURBRAND_PLUGINS_BLOCK", "broken,raiser")
        monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", "raiser")
        data = simulate_json(capsys, "--allow", "ankang,broken", "--block", "ankang")
        assert data["awards"]["suppliers"] == []
        assert os.environ["LABOURBRAND_PLUGINS_BLOCK"] == "broken,raiser"
        assert os.environ["LABOURBRAND_PLUGINS_ALLOW"] == "raiser"
        data = simulate_json(capsys, "--allow", "ankang,broken")
        assert len(data["awards"]["suppliers"]) == 2

    def test_simulate_refuses_to_block_the_province(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Blocking the province's baseline is an error naming the option, exit code 2."""
        monkeypatch.delenv("LABOURBRAND_PLUGINS_BLOCK", raising=False)
        err = run_error(capsys, "simulate", "--block", "shaanxi-province")
        assert err.startswith("labourbrand: error: Expected names of city plugins")
        assert "in block:" in err
        assert "LABOURBRAND_PLUGINS_BLOCK" not in os.environ


def test_plugins_says_which_plugin_contributes_nothing(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    """A plugin whose hook lacks @hookimpl is listed as contributing nothing; a missing name as missing."""
    unmarked = ANKANG_RULES.replace("@hookimpl\n", "")
    install(
        "forgetful-demo", "1.0", {"forgetful": "lbt_forgetful"}, lbt_forgetful=unmarked
    )
    assert main(["plugins", "--allow", "forgetful,ankangg"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # what loads nothing is listed, not warned about
    out = captured.out
    assert row(
        "not hooks (no @labourbrand.hookimpl, never called):", "labourbrand_rules"
    ).search(out)
    assert row(
        "rules:", "none: this plugin contributes nothing to any decision"
    ).search(out)
    assert (
        "  ankangg (-), failed at the allow list (not installed)\n"
        "    is in the allow list, but no installed plugin of the entry-point group "
        "'labourbrand' has that name; installed: forgetful\n"
    ) in out
    data = run_plugins_json(capsys, "--allow", "forgetful")
    forgetful = data["plugins"][0]
    assert (forgetful["name"], forgetful["contributes"], forgetful["unmarked"]) == (
        "forgetful",
        False,
        ["labourbrand_rules"],
    )
    assert main(["plugins", "--allow", "forgetful", "--strict"]) == 2
    assert capsys.readouterr().err.startswith(
        "labourbrand: error: plugin 'forgetful', hook 'labourbrand_rules': "
        "labourbrand_rules is named like a hook but not marked"
    )


def test_plugins_refuses_to_block_the_province(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Blocking the province's baseline is an error, exit code 2."""
    assert main(["plugins", "--block", "shaanxi-province"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("labourbrand: error: Expected names of city plugins")


def test_plugins_bad_day_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An impossible --on day is a usage error, exit code 2."""
    assert main(["plugins", "--on", "2023-02-30"]) == 2
    err = capsys.readouterr().err
    assert "argument --on: Expected a day YYYY-MM-DD but got text='2023-02-30'" in err


def test_plugins_help(capsys: pytest.CaptureFixture[str]) -> None:
    """``plugins --help`` documents the options that choose what loads."""
    assert main(["plugins", "--help"]) == 0
    out = capsys.readouterr().out
    for option in (
        "--on DATE",
        "--format {text,json}",
        "--lang {en,zh}",
        "--no-entry-points",
        "--allow NAMES",
        "--block NAMES",
        "--strict",
    ):
        assert option in out  # fmt: skip


def test_plugins_text_without_entry_points(capsys: pytest.CaptureFixture[str]) -> None:
    """With --no-entry-points only the province's baseline is listed, nothing skipped."""
    assert main(["plugins", "--no-entry-points", "--on", "2024-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Plugins loaded, with their rules in force on 2024-01-01\n\n"
        "shaanxi-province 2022.4.29\n"
    )
    assert "Skipped" not in out


# ------------------------------------------------- simulate and evaluate with plugins
PARTIAL_RULES = """
from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule


@hookimpl
def labourbrand_rules():
    return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
                 first_day="2023-07-01", formula=Flat(Fen.from_yuan(100_000)),
                 reference="from mid-2023")]
"""
PROVINCE_RULES = """
from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule
from labourbrand.regions import shaanxi


@hookimpl
def labourbrand_rules():
    # The award is the city level's to set: one rule for every city-level unit.
    return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction=unit,
                 first_day="2022-04-29", formula=Flat(Fen.from_yuan(50_000)),
                 reference="every city-level unit")
            for unit in shaanxi().city_level_units()]
"""


@pytest.fixture
def amount_plugins(install: Callable[..., None]) -> None:
    """Two more city plugins: 安康 from 2023-07-01, and one amount province-wide."""
    dists = (
        ("partial-cli-demo", "1.0", "partial", "lbt_cli_partial", PARTIAL_RULES),
        (
            "everywhere-cli-demo",
            "2.0",
            "everywhere",
            "lbt_cli_everywhere",
            PROVINCE_RULES,
        ),
    )
    for dist, version, entry_point, module, source in dists:
        install(dist, version, {entry_point: module}, **{module: source})


def money_row(out: str, unit: str) -> list[str]:
    """The cells of *unit*'s row of the money table (English or Chinese)."""
    table = re.split(r"\nAward money by .*\n|\n按市级单位和年份的奖补金额.*\n", out)[1]
    line = next(x for x in table.splitlines() if x.startswith(f"  {unit} "))
    return line.split()[len(unit.split()) :]


class TestAmountsFromPlugins:
    @pytest.mark.usefixtures("installed")
    def test_city_plugin_sets_its_amounts(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """安康's plugin prices its awards; the other cities' stay undetermined, never zero."""
        monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", "ankang")
        out = simulate(capsys)
        assert (
            "Award amounts from:   ankang 1.2.3 (610900: illustrative)\n"
            "                      ankang 1.2.3 (610900: test document)\n"
        ) in out
        ankang = money_row(out, "Ankang")
        assert len(ankang) == 5
        assert all(re.fullmatch(r"¥[\d,]+\.\d\d", cell) for cell in ankang), ankang
        assert money_row(out, "Xi'an") == ["undetermined"] * 5
        assert "*: some awards of this cell have an undetermined amount" in out
        data = simulate_json(capsys)
        assert data["awards"]["amounts_determined"] is True
        assert data["awards"]["money_fen"]["mean"] > 0
        by_unit = {u["unit"]: u for u in data["awards"]["by_unit"]}
        assert by_unit["610900"]["undetermined_awards"]["total"] == 0
        assert by_unit["610100"]["money_fen"]["total"] == 0
        # --no-entry-points leaves the plugin out.
        data = simulate_json(capsys, "--no-entry-points")
        assert data["awards"]["amounts_determined"] is False

    @pytest.mark.usefixtures("amount_plugins")
    def test_rule_from_mid_year(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A rule in force from mid-2023 marks 2023's money as partly undetermined."""
        monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", "partial")
        out = simulate(capsys, "--lang", "zh")
        assert "奖补金额来源:        partial 1.0 (610900: from mid-2023)\n" in out
        ankang = money_row(out, "安康市")
        assert ankang[0] == "待定"
        assert re.fullmatch(r"[\d,]+\.\d\d元\*", ankang[1]), ankang
        assert re.fullmatch(r"[\d,]+\.\d\d元", ankang[2]), ankang
        assert "*:该格部分奖补金额待定" in out

    @pytest.mark.usefixtures("amount_plugins")
    def test_every_amount_determined(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With an amount everywhere, every cell is money and no footnote is needed."""
        monkeypatch.setenv("LABOURBRAND_PLUGINS_ALLOW", "everywhere")
        out = simulate(capsys)
        assert "undetermined" not in out.split("Award money by")[1]
        assert "*:" not in out
        data = simulate_json(capsys)
        assert data["awards"]["undetermined_awards"] == {"mean": 0, "p05": 0, "p95": 0}
        assert (
            data["awards"]["money_fen"]["mean"]
            == 5_000_000 * data["awards"]["total"]["mean"]
        )

    @pytest.mark.usefixtures("installed")
    def test_evaluate_with_plugins(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``evaluate`` names the loaded city plugins and warns about broken ones."""
        assert main(["evaluate", str(BRANDS), "--on", "2023-07-01"]) == 0
        captured = capsys.readouterr()
        assert captured.out.startswith(
            "Decisions of 陕人社发〔2022〕13号 on 2023-07-01: 3 brand(s)\n"
            "Amounts set by: ankang 1.2.3\n"
        )
        assert "amount: ¥90,000.00\n" in captured.out
        lines = captured.err.splitlines()
        assert len(lines) == 5
        assert all(w.startswith("labourbrand: warning: ") for w in lines[:2])
        # Then which plugin supplied which decisions, and which failed.
        assert lines[2:] == [
            (
                "labourbrand: plugin ankang 1.2.3 supplied 1 decision(s): "
                "employment_award in 610900 (1)"
            ),
            "labourbrand: plugin broken failed at import and supplied nothing",
            "labourbrand: plugin raiser failed at rules and supplied nothing",
        ]


# ------------------------------------------------------------------ bounds
def test_too_many_runs_are_refused_before_any_work(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Results that would not fit --max-memory exit 2 at once, with the limit."""
    err = run_error(
        capsys,
        "simulate",
        "--runs",
        "2000",
        "--max-memory",
        "0.01",
        "--no-entry-points",
    )
    assert err.startswith(
        "labourbrand: error: argument --runs: Expected the results to need at most "
        "--max-memory 0.0 GiB but got about "
    )
    assert err.endswith("keep them on disk (directory=) or raise --max-memory\n")


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "lots"])
def test_max_memory_is_a_positive_number_of_gib(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """--max-memory takes a positive number of GiB, at most a petabyte; anything else is a usage error."""
    err = run_error(capsys, "simulate", "--max-memory", value)
    assert "argument --max-memory: Expected a number of GiB > 0" in err


def test_a_horizon_past_the_plausible_days_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--until 9999-12-31 is a clean error naming the option, not a traceback."""
    err = run_error(capsys, "simulate", "--until", "9999-12-31", "--no-entry-points")
    assert err == (
        "labourbrand: error: argument --until: Expected horizon from 1949-10-01 to "
        "2100-12-31 but got horizon='9999-12-31'\n"
    )


def test_evaluate_refuses_a_key_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A brands file naming a key twice is refused with the file and the path."""
    path = tmp_path / "brands.json"
    path.write_text(
        '[{"name_zh": "紫阳修脚师", "county": "610924", "county": "610925"}]',
        encoding="utf-8",
    )
    err = run_error(capsys, "evaluate", str(path), "--on", "2024-01-01")
    assert err == (
        f"labourbrand: error: {path}: 1 invalid field\n"
        f"  {path}: Expected each key once in an object but got 'county' 2 times "
        "@ $[0].county\n"
    )


def test_a_long_seed_is_echoed_cut(capsys: pytest.CaptureFixture[str]) -> None:
    """A seed of 5,000 digits is refused with the value cut to 80 characters."""
    err = run_error(capsys, "simulate", "--seed", "9" * 5000)
    line = err.splitlines()[-1]
    assert line.endswith("… (5,000 characters, type=str)")
    assert len(line) < 200
