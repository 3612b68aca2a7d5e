"""Rule files on the command line (``--rules``), ``labourbrand plugin new`` and ``plugin check``.

The scaffold installed into a fresh virtual environment, with its own tests
run there, is the ``plugins`` nox session's; here the files it writes are
read and checked in place.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import tomllib
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import labourbrand
from labourbrand.cli import _io, _scaffold, main
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.plugins import RuleFile
from labourbrand.regions import shaanxi


if TYPE_CHECKING:
    from collections.abc import Mapping


EXAMPLES = Path(labourbrand.__file__).resolve().parents[2] / "examples"
BRANDS = EXAMPLES / "brands.json"

HANZHONG = """\
[plugin]
city = "610700"

[[rules]]
measure = "employment_award"
first_day = 2023-01-01
flat_yuan = "150000"
reference = "illustrative"
illustrative = true
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _rules(tmp_path: Path, text: str = HANZHONG, name: str = "hanzhong.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------ --rules
def test_plugins_lists_a_rule_file_with_its_checksum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``plugins --rules FILE`` lists the file's plugin, its path and SHA-256, in text and JSON."""
    path = _rules(tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, err = _run(capsys, "plugins", "--rules", str(path), "--no-entry-points")
    assert (code, err) == (0, "")
    assert "\nhanzhong\n" in out
    assert f"  rule file:      {path.resolve()}\n" in out
    assert f"  SHA-256:        {digest}\n" in out
    code, out, _ = _run(
        capsys, "plugins", "--rules", str(path), "--no-entry-points", "--format", "json"
    )
    [listed, _province] = json.loads(out)["plugins"]
    assert (listed["name"], listed["source"], listed["file"], listed["sha256"]) == (
        "hanzhong",
        "argument",
        str(path.resolve()),
        digest,
    )


def test_plugins_names_the_environment_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of LABOURBRAND_RULES is listed with its source, in either language."""
    monkeypatch.setenv("LABOURBRAND_RULES", str(_rules(tmp_path)))
    code, out, _ = _run(capsys, "plugins", "--lang", "zh", "--allow", "hanzhong")
    assert code == 0
    assert "来源:" in out
    assert "LABOURBRAND_RULES中的规则文件" in out
    assert "规则文件:" in out


def test_evaluate_prices_with_a_rule_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``evaluate --rules FILE`` uses the file's amount and names its plugin."""
    path = _rules(tmp_path, HANZHONG.replace('"610700"', '"610900"'))
    code, out, _ = _run(
        capsys,
        "evaluate", str(BRANDS), "--on", "2023-07-01", "--rules", str(path),
        "--no-entry-points", "--format", "json",
    )  # fmt: skip
    assert code == 0
    decisions = [
        d
        for brand in json.loads(out)
        for d in brand["decisions"]
        if d["measure"] == "employment_award" and d["amount"] is not None
    ]
    assert decisions
    assert all(d["suppliers"][0]["plugin"] == "hanzhong" for d in decisions)


def test_evaluate_refuses_a_bad_rule_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad file given with --rules is an error naming the file and the key (exit 2)."""
    path = _rules(tmp_path, HANZHONG.replace('"150000"', "150000.0"))
    code, out, err = _run(
        capsys, "evaluate", str(BRANDS), "--rules", str(path), "--no-entry-points"
    )
    assert (code, out) == (2, "")
    assert f"{path}: Expected yuan" in err
    assert "@ $.rules[0].flat_yuan" in err


def test_simulate_prices_with_rule_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``simulate --rules`` takes the file's amounts: every award is priced at them."""
    text = "".join(
        f'[[rules]]\nmeasure = "employment_award"\njurisdiction = "{unit}"\n'
        'first_day = 2022-04-29\nflat_yuan = 50_000\nreference = "everywhere"\n'
        for unit in shaanxi().city_level_units()
    )
    path = _rules(tmp_path, text, "everywhere.toml")
    code, out, _ = _run(
        capsys,
        "simulate", "--runs", "50", "--seed", "1", "--format", "json",
        "--no-entry-points", "--rules", str(path),
    )  # fmt: skip
    assert code == 0
    awards = json.loads(out)["awards"]
    assert awards["undetermined_awards"] == {"mean": 0, "p05": 0, "p95": 0}
    assert awards["money_fen"]["mean"] == 5_000_000 * awards["total"]["mean"]


# ------------------------------------------------------------ plugin new
def _new(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, *args: str
) -> Path:
    output = tmp_path / f"{name}-labourbrand"
    code, out, err = _run(capsys, "plugin", "new", name, *args, "--output", str(output))
    assert (code, err) == (0, ""), err
    assert out.startswith(f"Wrote the plugin {name!r} for ")
    return output


def _files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
    )


def test_new_file_plugin_is_a_distribution_shipping_its_rule_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--kind file`` writes a package holding rules.toml, an entry point to it, package data and tests."""
    folder = _new(capsys, tmp_path, "hanzhong", "--city", "610700")
    assert _files(folder) == [
        ".gitignore",
        "README.md",
        "pyproject.toml",
        "src/hanzhong_labourbrand/__init__.py",
        "src/hanzhong_labourbrand/rules.toml",
        "tests/test_hanzhong.py",
    ]
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "hanzhong-labourbrand"
    assert project["project"]["entry-points"]["labourbrand"] == {
        "hanzhong": "hanzhong_labourbrand:rules.toml"
    }
    assert project["tool"]["setuptools"]["package-data"] == {
        "hanzhong_labourbrand": ["*.toml"]
    }
    assert project["build-system"]["build-backend"] == "setuptools.build_meta"
    assert (
        project["project"]["optional-dependencies"]["tests"][0]
        == "labourbrand[testing]"
    )
    plugin = RuleFile.read(folder / "src" / "hanzhong_labourbrand" / "rules.toml")
    assert [(r.measure, r.jurisdiction, r.illustrative) for r in plugin.rules] == [
        ("employment_award", "610700", True)
    ]
    for python in folder.rglob("*.py"):
        ast.parse(python.read_text(encoding="utf-8"), filename=str(python))
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert '$ python -m pip install ".[tests]"\n$ python -m pytest\n' in readme
    assert "ILLUSTRATIVE" in readme


def test_new_python_plugin_is_a_class_the_entry_point_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--kind python`` writes a plugin class; its pyproject ships py.typed and names ``plugin``."""
    folder = _new(capsys, tmp_path, "xi_an", "--city", "610100", "--kind", "python")
    assert "src/xi_an_labourbrand/py.typed" in _files(folder)
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "xi-an-labourbrand"
    assert project["project"]["entry-points"]["labourbrand"] == {
        "xi_an": "xi_an_labourbrand:plugin"
    }
    source = (folder / "src" / "xi_an_labourbrand" / "__init__.py").read_text(
        encoding="utf-8"
    )
    assert "class XiAn:" in source
    assert 'jurisdiction="610100"' in source


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Hanzhong", "--city", "610700"], "Expected a plugin name of lower-case"),
        (["han-zhong", "--city", "610700"], "Expected a plugin name of lower-case"),
        (["hanzhong", "--city", "610702"], "Expected a city-level unit"),
        (["hanzhong", "--city", "xixian"], "Expected a city-level unit"),
    ],
)
def test_new_refuses_a_bad_name_or_a_unit_below_city_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """The name must make a package; the unit must be a city-level one (exit 2, nothing written)."""
    output = tmp_path / "out"
    code, out, err = _run(capsys, "plugin", "new", *args, "--output", str(output))
    assert (code, out) == (2, "")
    assert message in err
    assert not output.exists()


def test_new_never_writes_over_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder with files in it is refused; an empty one is used."""
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", encoding="utf-8")
    code, out, err = _run(
        capsys,
        "plugin",
        "new",
        "hanzhong",
        "--city",
        "610700",
        "--output",
        str(tmp_path / "full"),
    )
    assert (code, out) == (2, "")
    assert "Expected a new or empty folder" in err
    (tmp_path / "empty").mkdir()
    code, _, _ = _run(
        capsys,
        "plugin",
        "new",
        "hanzhong",
        "--city",
        "610700",
        "--output",
        str(tmp_path / "empty"),
    )
    assert code == 0


def test_new_writes_to_name_labourbrand_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --output the folder is ./NAME-labourbrand."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "plugin", "new", "yangling", "--city", "yangling")
    assert code == 0
    assert (tmp_path / "yangling-labourbrand" / "pyproject.toml").is_file()
    assert "labourbrand plugin check yangling-labourbrand" in out


# ------------------------------------------------------------ plugin check
def test_check_passes_a_new_plugin_of_either_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scaffold conforms as written: from its folder's entry point, and its rule file alone."""
    files = _new(capsys, tmp_path, "hanzhong", "--city", "610700")
    code, out, _ = _run(capsys, "plugin", "check", str(files), "--max-examples", "5")
    assert code == 0
    assert out.startswith("plugin 'hanzhong': 1 rules, ")
    rules = files / "src" / "hanzhong_labourbrand" / "rules.toml"
    code, out, _ = _run(capsys, "plugin", "check", str(rules), "--max-examples", "5")
    assert code == 0
    assert out.startswith("plugin 'rules': 1 rules, 20 invariants")
    python = _new(
        capsys, tmp_path, "checknew_py", "--city", "611000", "--kind", "python"
    )
    code, out, _ = _run(capsys, "plugin", "check", str(python), "--max-examples", "5")
    assert code == 0
    assert out.startswith("plugin 'checknew_py': 1 rules, ")


def test_check_fails_a_bad_file_with_a_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad rule file: exit 2, each key's problem on its own line, nothing on stdout."""
    path = _rules(
        tmp_path, HANZHONG.replace('"150000"', "1.5").replace("2023-01-01", '"someday"')
    )
    code, out, err = _run(capsys, "plugin", "check", str(path))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[:2] == [
        "labourbrand: error: plugin check failed:",
        f"hanzhong ({path}): fails 2 check(s)",
    ]
    assert lines[2].endswith("@ $.rules[0].first_day")
    assert lines[3].endswith("@ $.rules[0].flat_yuan")


def test_check_reports_every_plugin_of_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of rule files is checked file by file; one failing fails the command, naming the others."""
    _rules(tmp_path, HANZHONG)
    _rules(
        tmp_path,
        HANZHONG.replace('"610700"', '"611000"').replace('"150000"', '"400000"'),
        "shangluo.toml",
    )
    code, _, err = _run(capsys, "plugin", "check", str(tmp_path), "--max-examples", "5")
    assert code == 2
    assert "shangluo (" in err
    assert "above the province's cap" in err
    assert "passed: plugin 'hanzhong': 1 rules" in err


def test_check_says_why_a_folder_has_no_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A distribution without a labourbrand entry point, or without the package it names, fails."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n', encoding="utf-8"
    )
    code, _, err = _run(capsys, "plugin", "check", str(tmp_path))
    assert code == 2
    assert "declares none, so labourbrand would never load it" in err
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[project.entry-points.labourbrand]\nx = "x_missing:rules.toml"\n',
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "plugin", "check", str(tmp_path))
    assert code == 2
    assert "Expected the package x_missing in" in err


def _wheel(path: Path, files: Mapping[str, str], entry_points: str | None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        info = "hz_wheel-0.1.0.dist-info"
        archive.writestr(
            f"{info}/METADATA",
            "Metadata-Version: 2.1\nName: hz-wheel\nVersion: 0.1.0\n",
        )
        if entry_points is not None:
            archive.writestr(f"{info}/entry_points.txt", entry_points)
    return path


def test_check_reads_a_wheel_and_catches_an_empty_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wheel's entry points are read from the wheel: a rule file it lacks is a failure."""
    declared = "[labourbrand]\nhanzhong = hz_wheel:rules.toml\n"
    full = _wheel(
        tmp_path / "full-0.1.0-py3-none-any.whl",
        {"hz_wheel/__init__.py": "", "hz_wheel/rules.toml": HANZHONG},
        declared,
    )
    code, out, _ = _run(capsys, "plugin", "check", str(full), "--max-examples", "5")
    assert code == 0
    assert out.startswith("plugin 'hanzhong': 1 rules, ")
    empty = _wheel(tmp_path / "empty-0.1.0-py3-none-any.whl", {}, declared)
    code, _, err = _run(capsys, "plugin", "check", str(empty))
    assert code == 2
    assert "Expected the wheel to contain hz_wheel/rules.toml but it does not" in err
    bare = _wheel(tmp_path / "bare-0.1.0-py3-none-any.whl", {}, None)
    code, _, err = _run(capsys, "plugin", "check", str(bare))
    assert code == 2
    assert "declares none" in err


def test_check_imports_a_python_plugin_from_the_wheel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Python entry point is imported from the wheel's files, and checked."""
    module = (
        "from labourbrand import Fen, hookimpl\n"
        "from labourbrand.policy import Flat, Rule\n"
        "class Plugin:\n"
        "    @hookimpl\n"
        "    def labourbrand_rules(self):\n"
        "        return [Rule(measure='employment_award', jurisdiction='610700',\n"
        "                     first_day='2023-01-01', formula=Flat(Fen.from_yuan(1)),\n"
        "                     reference='r')]\n"
        "plugin = Plugin()\n"
    )
    wheel = _wheel(
        tmp_path / "py-0.1.0-py3-none-any.whl",
        {"hz_wheel_code/__init__.py": module},
        "[labourbrand]\nhz = hz_wheel_code:plugin\n",
    )
    code, out, err = _run(capsys, "plugin", "check", str(wheel), "--max-examples", "5")
    assert (code, err) == (0, "")
    assert out.startswith("plugin 'hz': 1 rules, ")
    broken = _wheel(
        tmp_path / "broken-0.1.0-py3-none-any.whl",
        {"hz_wheel_broken/__init__.py": "raise ImportError('no such thing')\n"},
        "[labourbrand]\nhz = hz_wheel_broken:plugin\n",
    )
    code, _, err = _run(capsys, "plugin", "check", str(broken))
    assert code == 2
    assert "could not be imported: ImportError: no such thing" in err


def test_check_needs_the_testing_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Hypothesis the command says which extra to install."""
    real = _io.has

    def has(module: str) -> bool:
        return module != "hypothesis" and real(module)

    monkeypatch.setattr(_io, "has", has)
    code, _, err = _run(capsys, "plugin", "check", str(_rules(tmp_path)))
    assert code == 2
    assert "pip install 'labourbrand[testing]'" in err


def test_plugin_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """``plugin new --help`` and ``plugin check --help`` show how they are called."""
    for action, example in (
        ("new", "labourbrand plugin new hanzhong --city 610700"),
        ("check", "labourbrand plugin check hanzhong.toml"),
    ):
        code, out, _ = _run(capsys, "plugin", action, "--help")
        assert code == 0
        assert example in out


def _install_commands(readme: Path) -> list[list[str]]:
    """The commands of the console blocks of *readme*'s "Install and test" section."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("\n## Install and test\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```console\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    return [
        [line for line in block.splitlines() if line.startswith("$ ")]
        for block in blocks
    ]


def test_the_template_installs_as_a_new_plugin_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The template's README and a new plugin's give the same commands: labourbrand first, then it."""
    expected = [
        ['$ python -m pip install "/path/to/labourbrand[testing]"'],
        ['$ python -m pip install ".[tests]"', "$ python -m pytest"],
    ]
    assert (
        _install_commands(EXAMPLES / "city_plugin_template" / "README.md") == expected
    )
    for kind in ("file", "python"):
        folder = _new(
            capsys, tmp_path, f"same_{kind}", "--city", "610700", "--kind", kind
        )
        assert _install_commands(folder / "README.md") == expected


def test_check_names_what_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder with a bad file, a broken pyproject, a file that is no wheel: each is said so."""
    rules = tmp_path / "rules"
    rules.mkdir()
    _rules(rules, HANZHONG.replace('"150000"', "1.5"))
    code, _, err = _run(capsys, "plugin", "check", str(rules))
    assert code == 2
    assert f"rules ({rules}): could not be read" in err
    assert "@ $.rules[0].flat_yuan" in err
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    code, _, err = _run(capsys, "plugin", "check", str(project))
    assert code == 2
    assert "pyproject.toml: Expected a readable TOML file" in err
    fake = tmp_path / "fake-0.1.0-py3-none-any.whl"
    fake.write_text("not a zip", encoding="utf-8")
    code, _, err = _run(capsys, "plugin", "check", str(fake))
    assert code == 2
    assert "Expected a wheel (a zip archive)" in err


def test_check_reads_only_the_labourbrand_group_of_a_wheel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wheel whose entry points are of other groups declares no plugin; a bad file in one fails."""
    other = _wheel(
        tmp_path / "other-0.1.0-py3-none-any.whl",
        {"hz_wheel/__init__.py": ""},
        "[console_scripts]\nhz = hz_wheel:main\n",
    )
    code, _, err = _run(capsys, "plugin", "check", str(other))
    assert code == 2
    assert "declares none" in err
    bad = _wheel(
        tmp_path / "bad-0.1.0-py3-none-any.whl",
        {"hz_wheel/rules.toml": HANZHONG.replace('"150000"', "1.5")},
        "[labourbrand]\nhanzhong = hz_wheel:rules.toml\n",
    )
    code, _, err = _run(capsys, "plugin", "check", str(bad))
    assert code == 2
    assert "hanzhong (" in err
    assert "could not be read" in err
    assert "@ $.rules[0].flat_yuan" in err


def test_check_never_takes_a_module_from_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A module already imported, or one that resolves outside the sources, is refused, not checked."""
    entry = (
        '[project]\nname = "x"\n[project.entry-points.labourbrand]\nx = "{}:plugin"\n'
    )
    (tmp_path / "pyproject.toml").write_text(entry.format("json"), encoding="utf-8")
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "__init__.py").write_text("plugin = 1\n", encoding="utf-8")
    code, _, err = _run(capsys, "plugin", "check", str(tmp_path))
    assert code == 2
    assert "but a module json is already imported in this process" in err
    (tmp_path / "pyproject.toml").write_text(
        entry.format("hz_elsewhere"), encoding="utf-8"
    )
    (tmp_path / "hz_elsewhere.py").write_text(
        "import sys, types\n"
        "elsewhere = types.ModuleType(__name__)\n"
        "elsewhere.__file__, elsewhere.plugin = '/elsewhere/hz_elsewhere.py', 1\n"
        "sys.modules[__name__] = elsewhere\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "plugin", "check", str(tmp_path))
    assert code == 2
    assert f"Expected to import hz_elsewhere from {tmp_path.resolve()} but got" in err


def test_new_refuses_an_unknown_kind(tmp_path: Path) -> None:
    """The scaffold writes a rule file or a plugin class, nothing else."""
    with pytest.raises(
        InvalidArgumentError, match="Expected a kind among file, python"
    ):
        _scaffold.new_plugin("hanzhong", city="610700", kind="rust", output=tmp_path)  # type: ignore[arg-type]
