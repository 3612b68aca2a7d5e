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
    from collections.abc import Callable, Iterator

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
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Three distributions on sys.path: a city plugin and two broken ones."""
    for dist, version, entry_point, module, source in INSTALLED:
        (tmp_path / f"{module}.py").write_text(source, encoding="utf-8")
        info = tmp_path / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n",
            encoding="utf-8",
        )
        (info / "entry_points.txt").write_text(
            f"[labourbrand]\n{entry_point} = {module}\n", encoding="utf-8"
        )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for *_, module, _ in INSTALLED:
        sys.modules.pop(module, None)


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
        assert row("rules:", "none").search(out)
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
                "clause": "4.2",
                "jurisdiction": "610900",
                "jurisdiction_zh": "安康市",
                "first_day": "2024-01-01",
                "last_day": None,
                "formula": "per head: rural_signed × ¥200.00",
                "formula_zh": "按人头:rural_signed × 200.00元",
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
