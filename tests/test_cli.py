"""Tests of the ``labourbrand`` command (``labourbrand.cli``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import labourbrand
from labourbrand import Brand, brands, lifecycle, regions
from labourbrand.cli import main


if TYPE_CHECKING:
    from collections.abc import Callable

# The packaged brands.csv: 5 national_known, 16 provincial, 1 city, 4 without
# a level; 22 brands with a county (22 distinct counties), 4 without.
PACKAGED = 26
BY_LEVEL = {"national": 5, "provincial": 16, "city": 1, "county": 0, "none": 4}
COVERED = 22
COUNTIES = 107
UNKNOWN_COUNTY = ["渭南铁路工匠师", "塞上驼城家政人", "汉中面皮师", "安康毛玩缝纫工"]

SRC = Path(labourbrand.__file__).resolve().parent.parent


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    """Run ``simulate --format json`` with *argv* and return the parsed output."""
    assert main(["simulate", "--format", "json", *argv]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def row(*cells: str) -> re.Pattern[str]:
    """A pattern matching one table row made of *cells* separated by spaces."""
    return re.compile(r"^  " + r" +".join(map(re.escape, cells)) + r" *$", re.MULTILINE)


class TestSimulateText:
    def test_counts_packaged_brands(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text summary states the 26 packaged brands and the 158 reported."""
        assert main(["simulate"]) == 0
        out = capsys.readouterr().out
        assert "Packaged brands: 26\n" in out
        assert "not\n  all 158 brands reported for 2025-12" in out
        assert "scenario simulation arrives in a later release." in out.replace(
            "\n  ", " "
        )

    def test_counts_by_recognition_level(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The summary counts 5 national, 16 provincial, 1 city, 4 other brands."""
        assert main(["simulate", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        for level, count in BY_LEVEL.items():
            assert row(level, str(count)).search(out), level

    def test_groups_brands_by_city_level_unit(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each city-level unit lists its brands; those without county count apart."""
        assert main(["simulate"]) == 0
        out = capsys.readouterr().out
        assert row(
            "610900", "Ankang (安康市)", "3", "紫阳修脚师、旬阳建工、平利茶农"
        ).search(out)
        assert row("610700", "Hanzhong (汉中市)", "0").search(out)
        assert row("610581", "韩城市", "0").search(out)
        assert row("-", "county unknown", "4", "、".join(UNKNOWN_COUNTY)).search(out)

    def test_lists_uncovered_counties(self, capsys: pytest.CaptureFixture[str]) -> None:
        """85 of 107 county-level units have no brand, listed by city-level unit."""
        assert main(["simulate"]) == 0
        out = capsys.readouterr().out
        assert "without a packaged brand: 85 of 107 (22 covered, 20.6 %)\n" in out
        assert row("Shangluo (商洛市)", "4", "商州区、丹凤县、商南县、山阳县").search(
            out
        )
        assert row(
            "Yangling Demonstration Zone (杨凌农业高新技术产业示范区)",
            "1",
            "杨陵区",
        ).search(out)
        assert "紫阳县" not in out

    def test_compares_with_clause_2_targets(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The targets of clause 2 are shown with their status."""
        assert main(["simulate"]) == 0
        out = capsys.readouterr().out
        assert "Targets of clause 2, by 2025-12-31\n" in out
        assert row(
            "one county, one brand (一县一品牌)",
            "not shown by the packaged data",
            "22 of 107 county-level units have a packaged brand",
        ).search(out)
        assert row(
            ">= 100 brands",
            "met (reported figure)",
            "26 packaged; 158 reported for 2025-12 (中国青年报 via 163.com (reported Dec 2025))",
        ).search(out)

    def test_chinese_labels(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With ``--lang zh`` the labels are Chinese and the figures the same."""
        assert main(["simulate", "--lang", "zh"]) == 0
        out = capsys.readouterr().out
        assert "随库品牌数: 26\n" in out
        assert row("国家级(全国知名)", "5").search(out)
        assert row("省级", "16").search(out)
        assert row("未认定", "4").search(out)
        assert row("610900", "安康市", "3", "紫阳修脚师、旬阳建工、平利茶农").search(
            out
        )
        assert "尚无随库品牌的县级单位:85个(共107个,已覆盖22个,20.6%)" in out
        # The wrapped note never starts a line with a full stop.
        assert "并非2025-12报道的全部158个品牌" in out
        assert "\n  。" not in out


class TestSimulateJson:
    def test_figures(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON summary carries the same figures as the packaged data."""
        data = run_json(capsys)
        assert data["packaged_brands"] == PACKAGED
        assert data["reported_brands"] == {
            "value": 158,
            "as_of": "2025-12",
            "source": "中国青年报 via 163.com (reported Dec 2025)",
        }
        assert data["by_level"] == BY_LEVEL
        assert data["county_unknown"] == {"count": 4, "brands": UNKNOWN_COUNTY}
        assert data["counties"]["total"] == COUNTIES
        assert data["counties"]["covered"] == COVERED
        assert len(data["counties"]["uncovered"]) == COUNTIES - COVERED
        assert data["simulation"] is None

    def test_city_level_units(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every city-level unit appears once, in registry order, with its count."""
        units = run_json(capsys)["by_city_level_unit"]
        counts = {u["id"]: u["count"] for u in units}
        assert list(counts) == list(regions.shaanxi().city_level_units())
        assert counts == {
            "610100": 3, "610200": 1, "610300": 5, "610400": 2, "610500": 2,
            "610600": 2, "610700": 0, "610800": 1, "610900": 3, "611000": 3,
            "yangling": 0, "610581": 0,
        }  # fmt: skip
        assert sum(counts.values()) == PACKAGED - len(UNKNOWN_COUNTY)
        yangling = units[-2]
        assert (yangling["name_zh"], yangling["name_en"]) == (
            "杨凌农业高新技术产业示范区",
            "Yangling Demonstration Zone",
        )
        assert units[-1]["name_en"] is None

    def test_uncovered_county_records(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An uncovered county carries its code, name and city-level unit."""
        uncovered = run_json(capsys)["counties"]["uncovered"]
        by_code = {c["code"]: c for c in uncovered}
        assert by_code["610403"] == {
            "code": "610403",
            "name_zh": "杨陵区",
            "city_level_unit": "yangling",
        }
        assert "610924" not in by_code  # 紫阳县 has 紫阳修脚师

    def test_targets(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The targets have stable ids and status codes, and localised labels."""
        targets = run_json(capsys, "--lang", "zh")["targets"]
        assert [(t["target"], t["required"], t["packaged"], t["reported"], t["status"])
                for t in targets] == [
            ("one_county_one_brand", 107, 22, None, "not_shown"),
            ("brands_at_least_100", 100, 26, 158, "met_reported"),
            ("nationally_known_at_least_10", 10, 5, None, "not_shown"),
        ]  # fmt: skip
        assert {(t["clause"], t["deadline"]) for t in targets} == {("2", "2025-12-31")}
        assert targets[0]["label"] == "一县一品牌"
        assert targets[1]["status_label"] == "已实现(据报道数字)"


def test_full_pool_meets_targets(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One brand in every county meets "one county, one brand" and ">= 100"."""
    counties = regions.shaanxi().counties()
    pool = tuple(Brand(name_zh=f"{c.name_zh}品牌", county=c.code) for c in counties)
    monkeypatch.setattr(brands, "packaged", lambda: pool)
    data = run_json(capsys)
    assert data["packaged_brands"] == COUNTIES
    assert data["counties"] == {"total": COUNTIES, "covered": COUNTIES, "uncovered": []}
    assert [t["status"] for t in data["targets"]] == ["met", "met", "not_shown"]
    assert main(["simulate"]) == 0
    out = capsys.readouterr().out
    assert "without a packaged brand: 0 of 107 (107 covered, 100.0 %)\n\n" in out
    assert row(
        ">= 100 brands",
        "met",
        "107 packaged; 158 reported for 2025-12 (中国青年报 via 163.com (reported Dec 2025))",
    ).search(out)


def test_unknown_county_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LabourBrandError (an unknown county code) goes to stderr, exit code 2."""
    monkeypatch.setattr(
        brands, "packaged", lambda: (Brand(name_zh="x", county="619999"),)
    )
    assert main(["simulate"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "labourbrand: error: Expected a region code of the Shaanxi registry "
        "but got code='619999'\n"
    )


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
    """``--help`` lists both subcommands and exits 0."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: labourbrand [-h] [--version] COMMAND ...")
    assert "simulate" in out
    assert "lifecycle" in out


def test_subcommand_help(capsys: pytest.CaptureFixture[str]) -> None:
    """``simulate --help`` documents the --lang and --format choices."""
    assert main(["simulate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--lang {en,zh}" in out
    assert "--format {text,json}" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["simulate", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["simulate", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
        (["--bogus"], "the following arguments are required: COMMAND"),
        ([], "the following arguments are required: COMMAND"),
        (["explode"], "argument COMMAND: invalid choice: 'explode'"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A bad option or subcommand prints argparse's usage error and exits 2."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: labourbrand")
    assert message in captured.err


def _python_m(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "labourbrand", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=60,
    )


def test_python_m_simulate() -> None:
    """``python -m labourbrand simulate --format json`` runs in a fresh process."""
    proc = _python_m("simulate", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["packaged_brands"] == PACKAGED
    assert data["by_level"] == BY_LEVEL


def test_python_m_usage_error() -> None:
    """``python -m labourbrand`` exits 2 on a bad option, with the usage on stderr."""
    proc = _python_m("lifecycle", "--format", "svg")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "argument --format: invalid choice: 'svg'" in proc.stderr
