"""Development tasks: ``nox`` runs the default sessions (lint, typing, tests, docs, ...)."""

from __future__ import annotations

import os
import pathlib
import re
import shlex
import shutil
import sys

import nox


nox.needs_version = ">=2025.5.1"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = False
nox.options.sessions = [
    "lint", "typing", "tests", "tests-min", "docs", "examples", "notebooks", "plugins",
]  # fmt: skip

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = pathlib.Path(__file__).parent
CONSTRAINTS_MIN = ROOT / "tests" / "constraints-min.txt"


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and its formatter check."""
    session.install(*_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check src, tests, examples, benchmarks and this file with mypy --strict."""
    session.install("-e", ".[all]", *_group("typing"))
    session.run("mypy")


def _pytest(session: nox.Session) -> None:
    env = {"HYPOTHESIS_PROFILE": "ci" if os.environ.get("CI") else "dev"}
    session.run("coverage", "erase")
    session.run(
        "coverage", "run", "-m", "pytest", "--doctest-modules", "src", "tests",
        *session.posargs, env=env,
    )  # fmt: skip
    session.run("coverage", "combine")
    session.run("coverage", "report")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and doctests under coverage (gate: 95 %), on this Python."""
    session.install("-e", ".[all]", *_group("tests"))
    _pytest(session)


@nox.session(name="tests-matrix", python=["3.11", "3.12", "3.13"], default=False)
def tests_matrix(session: nox.Session) -> None:
    """Run the test suite on every supported Python (needs all three interpreters)."""
    session.install("-e", ".[all]", *_group("tests"))
    _pytest(session)


@nox.session(name="tests-min")
def tests_min(session: nox.Session) -> None:
    """Run the tests against the oldest supported core dependencies (the floors)."""
    session.install("-c", str(CONSTRAINTS_MIN), "-e", ".[all]", *_group("tests"))
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs and run the doctests in them, with -n -W."""
    session.install("-e", ".[all]", *_group("docs"))
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build", "-n", "-W", "--keep-going", "-b", builder,
            "docs", f"docs/_build/{builder}",
        )  # fmt: skip


@nox.session(default=False)
def screenshots(session: nox.Session) -> None:
    """Render the built home and lifecycle pages in headless Chromium and check them.

    Needs Debian's ``chromium`` on PATH, so it is not a default session. It
    builds the HTML docs (-n -W) into the session's temp folder, and
    docs/_screenshot_check.py screenshots each page and dumps its DOM, failing
    on a blank or missing PNG, missing content, a console error or a 404.
    """
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        session.error(
            "no chromium or chromium-browser command on PATH: install Debian's "
            "chromium (apt-get update && apt-get install -y chromium)"
        )
    session.install("-e", ".[all]", *_group("docs"))
    tmp = pathlib.Path(session.create_tmp())
    html = tmp / "html"
    shutil.rmtree(html, ignore_errors=True)
    session.run(
        "sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", str(html),
    )  # fmt: skip
    session.run(
        "python", str(ROOT / "docs" / "_screenshot_check.py"),
        str(html), str(tmp / "screenshots"),
    )  # fmt: skip


@nox.session
def examples(session: nox.Session) -> None:
    """Run every example script and the command on the example files."""
    session.install("-e", ".[all]")
    for script in sorted((ROOT / "examples").glob("*.py")):
        session.run("python", str(script))
    # The installed command on the example files.
    session.run(
        "labourbrand", "simulate", "--scenario", "examples/scenarios/reform-300.toml",
        "--runs", "200", "--no-progress", "--no-entry-points",
    )  # fmt: skip
    session.run("labourbrand", "evaluate", "examples/brands.json", "--on", "2026-03-01")


# Execute each notebook in argv with nbclient in a fresh temporary folder (its
# working directory, where the executed copy is written too), never in the
# repository; fail on an error and on anything written to stderr (a warning).
_EXECUTE_NOTEBOOKS = r"""
import pathlib, sys, tempfile, time

import nbformat
from nbclient import NotebookClient

out = pathlib.Path(tempfile.mkdtemp(prefix="labourbrand-notebooks-"))
for name in sys.argv[1:]:
    source = pathlib.Path(name)
    folder = out / source.stem
    folder.mkdir()
    notebook = nbformat.read(source, as_version=4)
    began = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    nbformat.write(notebook, folder / source.name)
    stderr = [
        "".join(output.get("text", ""))
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]
    assert not stderr, f"{source} wrote to stderr:\n" + "\n".join(stderr)
    print(f"{source}: ran in {time.perf_counter() - began:.1f} s; "
          f"executed copy in {folder / source.name}")
"""


@nox.session
def notebooks(session: nox.Session) -> None:
    """Execute every examples/notebooks/*.ipynb, writing executed copies to a temp folder.

    The notebooks are kept without outputs in git (tests/test_notebooks.py);
    this runs them with a ``python3`` kernel registered in the session's
    environment, each cell within 600 s.
    """
    session.install("-e", ".[all]", *_group("notebooks"))
    session.run("python", "-m", "ipykernel", "install", "--sys-prefix")
    paths = sorted(str(p) for p in (ROOT / "examples" / "notebooks").glob("*.ipynb"))
    if not paths:
        session.error("no notebook in examples/notebooks/")
    script = pathlib.Path(session.create_tmp()) / "execute_notebooks.py"
    script.write_text(_EXECUTE_NOTEBOOKS, encoding="utf-8")
    session.run("python", str(script), *paths, env={"JUPYTER_PLATFORM_DIRS": "1"})


#: The example city plugins: each a distribution of its own (STYLE.md §1).
CITY_PLUGINS = sorted(
    path.name
    for path in (ROOT / "examples").glob("city_plugin_*")
    if (path / "pyproject.toml").is_file()
)
#: The template keeps 安康市 (610900) as its placeholder jurisdiction, as the
#: 安康 example does: installed together they must be refused, so it comes last.
TEMPLATE = "city_plugin_template"

# With every example installed, Policy.shaanxi() (entry points on) loads each
# plugin named in argv, and for each of its employment-award rules some brand
# in the rule's jurisdiction gets an amount that names that plugin.
_ALL_PLUGINS_CHECK = """
import sys
import labourbrand as lb
from labourbrand.policy import Measure

expected = set(sys.argv[1:])
policy = lb.Policy.shaanxi()
loaded = {name for name, _ in policy.plugin_manager.list_name_plugin()}
assert expected <= loaded, f"not loaded: {sorted(expected - loaded)}"
regions, decided = policy.regions, set()
for supplied in policy.rules:
    rule = supplied.rule
    if supplied.plugin not in expected or rule.measure is not Measure.EMPLOYMENT_AWARD:
        continue
    day = rule.first_day
    workforce = [
        lb.WorkforceObservation(on=day.subtract(years=1), practitioners=1000,
                                rural=1000, rural_signed=600, trained=100),
        lb.WorkforceObservation(on=day, practitioners=1100,
                                rural=1000, rural_signed=600, trained=100),
    ]
    for county in regions.counties():
        if rule.jurisdiction not in regions.jurisdiction_chain(county.code):
            continue
        brand = lb.Brand(name_zh="示例品牌", county=county.code, workforce=workforce)
        decision = policy.employment_award(brand, on=day)
        if decision.suppliers and decision.suppliers[0].jurisdiction == rule.jurisdiction:
            break
    else:
        raise SystemExit(f"no brand gets the {supplied.plugin} rule for {rule.jurisdiction}")
    assert decision.amount is not None, decision.explain()
    assert decision.suppliers[0].plugin == supplied.plugin, decision.explain()
    decided.add(supplied.plugin)
    print(f"{supplied.plugin} {supplied.version}: {county.code} {county.name_zh} "
          f"on {day} gets {decision.amount} from the rule of {rule.jurisdiction}")
assert decided == expected, f"no decision names {sorted(expected - decided)}"
"""

# Policy.shaanxi() refuses the installed plugins, naming each plugin in argv.
_CONFLICT_CHECK = """
import sys
import labourbrand as lb
from labourbrand.exceptions import PluginError

try:
    lb.Policy.shaanxi()
except PluginError as exc:
    assert all(repr(name) in str(exc) for name in sys.argv[1:]), exc
    print(f"refused, as it must be: {exc}")
else:
    raise SystemExit(f"expected a PluginError naming {sys.argv[1:]}")
"""


def _entry_point_names(example: str) -> list[str]:
    pyproject = nox.project.load_toml(ROOT / "examples" / example / "pyproject.toml")
    return sorted(pyproject["project"]["entry-points"]["labourbrand"])


def _check(session: nox.Session, name: str, source: str, *args: str) -> None:
    """Run the check *source* as a script, with warnings as errors."""
    script = pathlib.Path(session.create_tmp()) / name
    script.write_text(source, encoding="utf-8")
    session.run("python", "-W", "error", str(script), *args)


def _install_and_test(session: nox.Session, example: str) -> None:
    # Not editable: the template's tests check what the built wheel ships.
    session.install(f"examples/{example}")
    session.run("pytest", f"examples/{example}/tests", "-p", "no:cacheprovider")


@nox.session
def plugins(session: nox.Session) -> None:
    """Test each example city plugin installed as a distribution, then all together.

    Each example's tests run with the example installed beside the ones before
    it. With the city examples installed, ``Policy.shaanxi()`` must load them
    all and name each in a decision for its jurisdiction. The template comes
    last: beside the 安康 example, which has its placeholder jurisdiction, it
    must be refused with a PluginError naming both. Then, in a fresh virtual
    environment, labourbrand, two plugins ``labourbrand plugin new`` writes
    (a rule file and a plugin class) and the template are installed and
    tested by the commands their READMEs give (see _fresh_venv_installs).
    """
    session.install("-e", ".[testing]", *_group("tests"))
    cities = [example for example in CITY_PLUGINS if example != TEMPLATE]
    for example in cities:
        _install_and_test(session, example)
    names = [name for example in cities for name in _entry_point_names(example)]
    _check(session, "all_plugins_load.py", _ALL_PLUGINS_CHECK, *names)
    if TEMPLATE in CITY_PLUGINS:
        _install_and_test(session, TEMPLATE)
        conflicting = ["city_plugin_ankang", TEMPLATE]
        names = [
            name for example in conflicting for name in _entry_point_names(example)
        ]
        _check(session, "template_conflicts.py", _CONFLICT_CHECK, *names)
    _fresh_venv_installs(session)


#: The plugins ``labourbrand plugin new`` writes in the session, one of each
#: kind, each for a city no other of them claims: (name, city, kind).
SCAFFOLDS = (("hanzhong", "610700", "file"), ("shangluo", "611000", "python"))


def _install_and_test_commands(readme: pathlib.Path) -> list[list[list[str]]]:
    """The commands of each console block of *readme*'s "## Install and test" section."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("\n## Install and test\n", 1)[1].split("\n## ", 1)[0]
    return [
        [shlex.split(line[2:], comments=True) for line in block.splitlines() if line.startswith("$ ")]
        for block in re.findall(r"^```console\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    ]  # fmt: skip


# Run in the fresh environment with the installed plugins named in argv: `labourbrand
# plugins` lists each (a rule file with its checksum), and `labourbrand evaluate`
# prices a brand of each plugin's city with the amount of that plugin's rule.
_FRESH_CHECK = """
import json, os, shutil, subprocess, sys, tempfile
import pendulum
import labourbrand as lb

names = sys.argv[1:]
# The environment's own command, whatever else is on PATH.
command = shutil.which("labourbrand", path=os.path.dirname(sys.executable))
listed = json.loads(subprocess.run(
    [command, "plugins", "--format", "json", "--strict"],
    check=True, capture_output=True, text=True).stdout)
plugins = {p["name"]: p for p in listed["plugins"]}
assert set(names) <= set(plugins), f"not listed: {sorted(set(names) - set(plugins))}"
for name in names:
    p = plugins[name]
    assert p["source"] == "entry point", p
    print(f"listed: {name} {p['version']} from {p['distribution']}"
          + (f", file {p['file']} sha256 {p['sha256']}" if p["file"] else ""))
policy = lb.Policy.shaanxi(allow=names, strict=True)
regions, brands, expected = policy.regions, [], {}
for supplied in policy.rules:
    rule = supplied.rule
    county = next(c.code for c in regions.counties()
                  if regions.city_level_unit(c.code) == rule.jurisdiction)
    brands.append(lb.Brand(name_zh=f"{supplied.plugin}品牌", county=county, workforce=[
        lb.WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900, signed=600,
                                rural=800, rural_signed=600)]))
    expected[f"{supplied.plugin}品牌"] = (supplied.plugin, rule.formula.amount.amount)
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
    f.write(lb.serialization.to_json(brands))
out = subprocess.run(
    [command, "evaluate", f.name, "--on", "2023-07-01", "--format", "json", "--strict"],
    check=True, capture_output=True, text=True).stdout
for brand in json.loads(out):
    [award] = [d for d in brand["decisions"] if d["measure"] == "employment_award"]
    plugin, fen = expected[brand["brand"]]
    assert award["amount"] == fen and award["suppliers"][0]["plugin"] == plugin, award
    print(f"evaluate: {brand['brand']} gets {fen} fen from {plugin}")
assert {b["brand"] for b in json.loads(out)} == set(expected)
"""


def _fresh_venv_installs(session: nox.Session) -> None:
    """Install as the READMEs say, in a virtual environment ``python -m venv`` makes.

    Its pip is the one the interpreter bundles (23.2 for Python 3.11.7). Into
    it go labourbrand from a wheel built from this checkout, and from the
    checkout by the README's command, and then, each by the commands of its
    README's "Install and test" section, a rule-file plugin and a plugin class
    written by ``labourbrand plugin new`` and a copy of the template, whose
    own tests then run there. ``labourbrand plugins`` must list all three and
    ``labourbrand evaluate`` price a brand of each city with its amount.
    """
    # Absolute: the commands of each README run in the plugin's folder.
    tmp = pathlib.Path(session.create_tmp()).resolve() / "fresh"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    venv = tmp / "venv"
    session.run("python", "-m", "venv", str(venv))
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    env = {
        "VIRTUAL_ENV": str(venv),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }

    def run(
        command: list[str],
        *,
        success_codes: tuple[int, ...] = (0,),
        silent: bool = False,
    ) -> str:
        program = shutil.which(command[0], path=str(bin_dir))
        if program is None:
            session.error(f"{command[0]} is not in the fresh environment {venv}")
        output = session.run(
            program, *command[1:], env=env, external=True,
            success_codes=success_codes, silent=silent,
        )  # fmt: skip
        return output if isinstance(output, str) else ""

    run(["python", "-m", "pip", "--version"])
    folders = []
    for name, city, kind in SCAFFOLDS:
        folder = tmp / f"{name}-labourbrand"
        session.run("labourbrand", "plugin", "new", name, "--city", city, "--kind", kind, "--output", str(folder))  # fmt: skip
        folders.append(folder)
    # A bureau sets its own amount in the rule file, and in what its tests expect.
    for path in (
        tmp / "hanzhong-labourbrand" / "src" / "hanzhong_labourbrand" / "rules.toml",
        tmp / "hanzhong-labourbrand" / "tests" / "test_hanzhong.py",
    ):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"100000"', '"123456.78"'), encoding="utf-8")
    template = tmp / TEMPLATE
    shutil.copytree(ROOT / "examples" / TEMPLATE, template)
    folders.append(template)
    # labourbrand from a wheel built from this checkout, then from the checkout
    # itself by the README's command: both ways the READMEs give work.
    dist = tmp / "dist"
    run(["python", "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(dist), str(ROOT)])  # fmt: skip
    [wheel] = dist.glob("labourbrand-*.whl")
    run(["python", "-m", "pip", "install", f"{wheel}[testing]"])
    labourbrand_block, _ = _install_and_test_commands(folders[0] / "README.md")
    for command in labourbrand_block:
        run([arg.replace("/path/to/labourbrand", str(ROOT)) for arg in command])
    # Without its package data the wheel is empty of the rule file: the
    # scaffold's own test must fail (pytest's exit code 1), before the good one.
    empty = tmp / "hanzhong-empty"
    shutil.copytree(folders[0], empty)
    pyproject = empty / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        re.sub(r"\[tool\.setuptools\.package-data\]\n.*\n", "", text), encoding="utf-8"
    )
    with session.chdir(empty):
        run(["python", "-m", "pip", "install", ".[tests]"])
        output = run(["python", "-m", "pytest", "-ra"], success_codes=(1,), silent=True)
    failed = re.findall(r"^FAILED \S+::(\w+)", output, re.MULTILINE)
    session.log(f"without its package data, the scaffold's tests fail: {failed}")
    if "test_the_distribution_ships_the_plugin" not in failed:
        session.error(f"the scaffold's test did not catch an empty wheel:\n{output}")
    for folder in folders:
        _, plugin_block = _install_and_test_commands(folder / "README.md")
        with session.chdir(folder):
            for command in plugin_block:
                run(command)
    names = [name for name, _, _ in SCAFFOLDS] + _entry_point_names(TEMPLATE)
    script = tmp / "fresh_check.py"
    script.write_text(_FRESH_CHECK, encoding="utf-8")
    run(["python", "-W", "error", str(script), *names])


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in benchmarks/ and print the figures (ratios in one run)."""
    session.install("-e", ".[all]", *_group("bench"))
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)


#: Where ``nox -s fuzz`` writes its counts, which docs/explanation/reliability.md shows.
FUZZ_REPORT = ROOT / "docs" / "_data" / "fuzz.json"


@nox.session(default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzz every loader with 10,000 malformed inputs each, on two workers, and keep the counts.

    tests/fuzz under the ``fuzz`` Hypothesis profile (the default sessions run
    it with a few dozen inputs per loader); the counts per loader (inputs
    tried, clean refusals, acceptances, unclean outcomes) go to
    docs/_data/fuzz.json, which the reliability page shows. Takes 15 to 25
    minutes on two cores. ``LABOURBRAND_FUZZ_EXAMPLES=300`` makes a trial run.
    """
    session.install("-e", ".[all]", *_group("fuzz"))
    env = {"HYPOTHESIS_PROFILE": "fuzz", "LABOURBRAND_FUZZ_REPORT": str(FUZZ_REPORT)}
    session.run(
        "pytest", "tests/fuzz", "-n", "2", "-p", "no:cacheprovider", *session.posargs,
        env=env,
    )  # fmt: skip


@nox.session(default=False)
def changelog(session: nox.Session) -> None:
    """Preview the next changelog with towncrier."""
    session.install("towncrier>=24.8")
    session.run("towncrier", "build", "--draft", "--version", "next")


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel and check the wheel ships the data files."""
    session.install("build>=1.2")
    session.run("python", "-m", "build", "--outdir", "dist")
    session.run(
        "python", "-c",
        "import glob, zipfile; n = zipfile.ZipFile(sorted(glob.glob('dist/*.whl'))[-1]).namelist(); "
        "need = ['labourbrand/py.typed', 'labourbrand/data/regions.csv', 'labourbrand/data/brands.csv']; "
        "missing = [p for p in need if p not in n]; assert not missing, missing",
    )  # fmt: skip
