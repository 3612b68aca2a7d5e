"""The ``labourbrand`` command.

Subcommands:

``simulate``
    Run the scenario simulation (:mod:`labourbrand.simulation`) on the
    packaged Shaanxi data, or on a scenario file, and report the probability
    of meeting each target by its deadline (2025-12-31), the county-level
    units likely to have no brand, and the employment awards and their money
    by city-level unit and year; ``--out`` also writes the tables (CSV, and
    Parquet with pyarrow) and, with ``--plot``, PNG plots.
``compare``
    Run scenario files with the same seed, the first as the baseline, and
    report each figure's paired difference with its interval, its Monte
    Carlo standard error and whether it is distinguishable from noise
    (text, JSON or CSV; ``--out`` writes a file atomically).
``evaluate``
    Decide every measure :meth:`~labourbrand.policy.Policy.evaluate` covers
    for each brand of a JSON array, JSON Lines, CSV or XLSX file on a day,
    one brand at a time, with the explanation of each decision and the
    clauses it rests on (text, a JSON array, JSON Lines, or a table of one
    row per brand and measure as CSV or XLSX; ``--out`` writes a file
    atomically), and say on stderr which plugin supplied which decisions.
``clauses``
    List the clauses of the text; with ``--coverage``, the code that encodes
    each one.
``interpretations``
    List the passages of the text that admit several readings: the words,
    the readings with the default marked, why, and who may choose another.
``lifecycle``
    Print the lifecycle state machine as Mermaid, Graphviz DOT or a Markdown
    table.
``plugins``
    List the plugins the policy loads (name, version, distribution, source,
    the rule file and its SHA-256 checksum, hooks, jurisdictions, rules,
    optionally those in force on ``--on``) and the installed plugins that
    failed to load.
``plugin new``
    Write a city's plugin as an installable distribution: a rule file with
    no code (``--kind file``) or a plugin class (``--kind python``), with its
    ``pyproject.toml``, a README that says how to install and test it, and
    tests that fail on an empty wheel.
``plugin check``
    Run the conformance kit (:func:`~labourbrand.testing.conformance.check_plugin`)
    on a rule file, a folder of rule files, a distribution's folder or a
    built wheel.
``serve``
    Serve the policy over HTTP (extra ``serve``): decisions, explanations,
    transitions, targets, clauses, parameters, interpretations, plugins, and
    the OpenAPI document at ``/openapi.json``.
``schema``
    List the interchange types, or print the JSON Schema of one.
``template``
    Write the table ``evaluate`` reads, one brand per row, as XLSX (with a
    sheet explaining each column in Chinese and English) or CSV; with
    ``--example``, the brands of a file as filled rows.

``simulate``, ``compare``, ``evaluate``, ``plugins`` and ``serve`` (every
command that builds a policy) share the options that choose the plugins their policy
loads: ``--rules``, ``--allow``, ``--block``, ``--no-entry-points`` and
``--strict`` (see :meth:`~labourbrand.policy.Policy.shaanxi`). Every file the
command writes (``evaluate --out``, ``simulate --out``) is written to a
temporary name in its folder and then renamed into place, so it is never
left half written.

Exit codes: 0 on success; 2 on a usage error (argparse's default) or a
:class:`~labourbrand.exceptions.LabourBrandError` (a bad file, a bad scenario,
a failing plugin), whose message goes to stderr with nothing on stdout; 130
when interrupted (Ctrl-C).

Example:
    >>> main(["lifecycle", "--format", "dot"])  # doctest: +ELLIPSIS
    digraph lifecycle {
    ...
    0

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, Final

from labourbrand.cli import (
    _scaffold,
    clauses,
    compare,
    evaluate,
    interpretations,
    lifecycle,
    plugin,
    plugins,
    schema,
    serve,
    simulate,
    template,
)
from labourbrand.cli._io import count, day, gibibytes, plugin_names
from labourbrand.exceptions import LabourBrandError


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


__all__ = ["main"]

#: Exit code for a usage error or a LabourBrandError (argparse uses 2 too).
_EXIT_ERROR: Final = 2
#: Exit code after Ctrl-C (128 + SIGINT), as shells report it.
_EXIT_INTERRUPTED: Final = 130
#: Runs of ``simulate`` by default: a few seconds, and a 90 % interval that
#: moves by less than one brand from one seed to another.
DEFAULT_RUNS: Final = 2000
_LANGS: Final = ("en", "zh")
_FORMATS: Final = ("text", "json")


class _HelpFormatter(argparse.HelpFormatter):
    """Wrap descriptions to the terminal; keep the lines of the examples as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("examples:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def _version() -> str:
    import labourbrand

    return str(labourbrand.__version__)


def _subparser(
    commands: Any,  # noqa: ANN401 - argparse's private _SubParsersAction
    name: str,
    *,
    help: str,  # noqa: A002 - argparse's own keyword
    description: str,
    examples: str,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=f"examples:\n{examples}",
        formatter_class=_HelpFormatter,
    )
    return parser


def _add_output_options(
    parser: argparse.ArgumentParser,
    *,
    what: str,
    formats: Sequence[str] = _FORMATS,
    formats_help: str = "output format (default: text)",
) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default="text",
        help=formats_help,
    )
    parser.add_argument(
        "--lang",
        choices=_LANGS,
        default="en",
        help=f"label language of {what} (default: en)",
    )


def _add_plugin_options(parser: argparse.ArgumentParser, *, loads: str) -> None:
    """The options that choose the installed plugins, for every command that builds a policy.

    The one place they are declared: ``simulate``, ``evaluate`` and
    ``plugins`` take them, and pass them to
    :meth:`~labourbrand.policy.Policy.shaanxi` (:func:`._io.plugin_selection`).
    """
    group = parser.add_argument_group(
        "plugins",
        "rule files to load, and which installed plugins (entry-point group "
        "labourbrand, $LABOURBRAND_RULES) load; see labourbrand.policy.Policy.shaanxi",
    )
    group.add_argument(
        "--rules",
        action="append",
        default=None,
        metavar="PATH",
        help=(
            "a rule file (TOML) or a directory of them, loaded as a plugin named "
            "after the file; repeat for more (and see $LABOURBRAND_RULES)"
        ),
    )
    group.add_argument(
        "--no-entry-points",
        action="store_true",
        help=f"do not load installed plugins ({loads}, $LABOURBRAND_RULES)",
    )
    group.add_argument(
        "--allow",
        type=plugin_names,
        default=None,
        metavar="NAMES",
        help=(
            "comma-separated entry-point names that may load "
            "(default: $LABOURBRAND_PLUGINS_ALLOW, else all)"
        ),
    )
    group.add_argument(
        "--block",
        type=plugin_names,
        default=(),
        metavar="NAMES",
        help=(
            "comma-separated plugin names that never load "
            "(added to $LABOURBRAND_PLUGINS_BLOCK)"
        ),
    )
    group.add_argument(
        "--strict",
        action="store_true",
        help=(
            "fail (exit code 2) on the first installed plugin that fails to load "
            "or supply its rules, on an allowed name that is not installed, and "
            "on a plugin with labourbrand_* methods not marked @hookimpl"
        ),
    )


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options of the runs, for ``simulate`` and ``compare`` (:func:`.simulate.run_options`)."""
    parser.add_argument(
        "--runs",
        type=count(1),
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"Monte Carlo runs (default: {DEFAULT_RUNS:,})",
    )
    parser.add_argument(
        "--max-memory",
        type=gibibytes,
        default=None,
        metavar="GIB",
        help=(
            "the most memory the runs may need, in GiB; more runs than fit "
            "are refused before any work (default: 4)"
        ),
    )
    parser.add_argument(
        "--seed",
        type=count(0),
        default=0,
        metavar="S",
        help="random seed; the same seed gives the same report (default: 0)",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (there is none when stderr is not a terminal)",
    )


def _compare_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "compare",
        help="compare scenario files, run for run, with intervals",
        description=(
            "Run the scenario of each FILE with the same seed (the same draws "
            "run by run), the first as the baseline, and print for each other "
            "scenario and figure the baseline's mean, the scenario's, their "
            "mean paired difference with its interval and Monte Carlo standard "
            "error (MCSE), and whether it is distinguishable from the runs' "
            "noise at this number of runs (labourbrand.simulation.Comparison."
            "differences). A bad file is an error naming the file and the "
            "path of each bad field (exit code 2, nothing on stdout)."
        ),
        examples=(
            "  labourbrand compare examples/scenarios/baseline.toml \\\n"
            "      examples/scenarios/reform-300.toml --runs 2000 --seed 1\n"
            "  labourbrand compare A.toml B.toml C.toml --format csv --out diff.csv\n"
            "  labourbrand compare A.toml B.toml --level 0.99 --format json"
        ),
    )
    parser.add_argument(
        "baseline", metavar="BASELINE", help="the baseline's scenario file (TOML)"
    )
    parser.add_argument(
        "scenarios", metavar="FILE", nargs="+", help="scenario files compared with it"
    )
    _add_run_options(parser)
    parser.add_argument(
        "--level",
        type=compare.level,
        default=0.95,
        metavar="P",
        help="confidence level of the intervals, between 0 and 1 (default: 0.95)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        default=None,
        help="write the output to FILE instead of stdout, replacing it atomically",
    )
    _add_output_options(
        parser,
        what="the text output",
        formats=compare.FORMATS,
        formats_help="text (a table per scenario), json or csv (default: text)",
    )
    _add_plugin_options(parser, loads="city plugins: their award amounts")
    parser.set_defaults(run=compare.run)


def _simulate_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "simulate",
        help="simulate the brand population and report the targets and awards",
        description=(
            "Simulate Shaanxi's labour brands month by month, many times "
            "(Monte Carlo), under the packaged parameters and assumptions or a "
            "scenario file, and report: the probability of meeting each target "
            "by its deadline (2025-12-31) with the 90 % interval of its value; "
            "the county-level units likely to have no brand; the employment "
            "awards per year and their money by city-level unit and year (or "
            "why it is undetermined); the sources. A progress bar goes to "
            "stderr when it is a terminal."
        ),
        examples=(
            "  labourbrand simulate\n"
            "  labourbrand simulate --runs 10000 --seed 1 --lang zh\n"
            "  labourbrand simulate --scenario examples/scenarios/reform-300.toml\n"
            "  labourbrand simulate --until 2026-12-31 --out results/ --plot\n"
            "  labourbrand simulate --format json > report.json\n"
            "  labourbrand simulate --sensitivity 4\n"
            "  labourbrand simulate --allow ankang --strict\n"
            "\n"
            "A scenario file (TOML) holds name, and optionally start, horizon,\n"
            "parameters_from (days YYYY-MM-DD), [parameters] (parameter name =\n"
            "value; money in fen), [assumptions] (a field of\n"
            "labourbrand.simulation.Assumptions = value), [interpretations]\n"
            "(interpretation id = reading id), rule_files (paths relative to the\n"
            "file), allow and block (plugin names); see examples/scenarios/."
        ),
    )
    parser.add_argument(
        "--scenario",
        metavar="FILE",
        default=None,
        help="scenario file (TOML; '-' reads stdin); default: the packaged baseline",
    )
    _add_run_options(parser)
    parser.add_argument(
        "--until",
        type=day,
        default=None,
        metavar="DATE",
        help="last day simulated, YYYY-MM-DD (default: the scenario's horizon, 2025-12-31)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="write the tables there (CSV, and Parquet if pyarrow is installed)",
    )
    parser.add_argument(
        "--plot",
        action="store_true",
        help="with --out, also write PNG plots (needs matplotlib)",
    )
    parser.add_argument(
        "--sensitivity",
        type=count(2),
        nargs="?",
        const=10,
        default=None,
        metavar="TRAJECTORIES",
        help=(
            "also report the assumptions that move each headline figure most: "
            "a Morris analysis of TRAJECTORIES trajectories (default 10) over "
            "the assumptions, each point min(--runs, 500) runs with the seed "
            "(about a minute for 10; needs SALib, extra 'sensitivity')"
        ),
    )
    _add_output_options(parser, what="the text report")
    _add_plugin_options(parser, loads="city plugins: their award amounts")
    parser.set_defaults(run=simulate.run, parser=parser)


def _evaluate_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "evaluate",
        help="decide every measure for the brands of a JSON, CSV or XLSX file",
        description=(
            "Decide every measure that needs nothing beyond the brand (the "
            "employment award, the provincial-recognition award, the transport "
            "and social-insurance subsidies, the training scope) for each "
            "brand of FILE on a day, and explain each decision with the "
            "clauses it rests on. Brands are read and decided one at a time, "
            "so memory does not grow with their number; the results are "
            "written once every brand is decided. A bad file is an error "
            "naming the file and the path of each bad field (exit code 2, "
            "nothing on stdout, --out left as it was). When a city plugin is "
            "loaded or fails, stderr ends with which plugin supplied which "
            "decisions and which failed."
        ),
        examples=(
            "  labourbrand evaluate examples/brands.json\n"
            "  labourbrand evaluate examples/brands.json --on 2023-07-01 --lang zh\n"
            "  labourbrand evaluate examples/brands.json --format json\n"
            "  labourbrand evaluate brands.jsonl --format jsonl --out decisions.jsonl\n"
            "  labourbrand evaluate examples/brands.json --allow ankang --strict\n"
            "  labourbrand evaluate examples/brands.json --block ankang\n"
            "  labourbrand evaluate examples/brands.csv --format csv\n"
            "  labourbrand evaluate examples/brands-template.xlsx --format xlsx \\\n"
            "      --out decisions.xlsx\n"
            "\n"
            "FILE holds a JSON array of brands, or brand objects one per line\n"
            "(JSON Lines; one object alone may span lines), in the shape of\n"
            "labourbrand.serialization.to_json (see examples/brands.json);\n"
            "or a table of one brand per row, CSV or XLSX, with the columns\n"
            "of `labourbrand template` (a blank cell is unknown).\n"
            "Bad fields are named by record, from 0: $[2].county; in a table\n"
            "also by row and column: row 4, column rural_signed."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help=(
            "JSON array, JSON Lines, CSV or XLSX file of brands ('-' reads JSON "
            "from stdin)"
        ),
    )
    parser.add_argument(
        "--input-format",
        choices=evaluate.INPUT_FORMATS,
        default=None,
        help="the format of FILE (default: by its extension, .csv or .xlsx; else JSON)",
    )
    parser.add_argument(
        "--on",
        type=day,
        default=None,
        metavar="DATE",
        help="the day decided, YYYY-MM-DD (default: today in Asia/Shanghai)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        default=None,
        help=(
            "write the results to FILE instead of stdout, replacing it atomically "
            "(a temporary file in its folder, then a rename)"
        ),
    )
    _add_output_options(
        parser,
        what="the text output",
        formats=evaluate.FORMATS,
        formats_help=(
            "text (explanations), json (one JSON array), jsonl (one JSON "
            "object per brand per line), csv or xlsx (a table of one row per "
            "brand and measure; xlsx needs --out) (default: text)"
        ),
    )
    _add_plugin_options(parser, loads="city plugins: their award amounts")
    parser.set_defaults(run=evaluate.run)


def _clauses_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    listing = _subparser(
        commands,
        "clauses",
        help="list the clauses of the policy text",
        description=(
            "List the clauses of 陕人社发〔2022〕13号: id, kinds (Q quantified, "
            "D delegated, O obligation) and title; with --coverage, also the "
            "public API that encodes each clause, or why none does."
        ),
        examples=(
            "  labourbrand clauses\n"
            "  labourbrand clauses --coverage\n"
            "  labourbrand clauses --lang zh --format json"
        ),
    )
    listing.add_argument(
        "--coverage",
        action="store_true",
        help="show which code encodes each clause",
    )
    _add_output_options(listing, what="the text output")
    listing.set_defaults(run=clauses.run)


def _plugin_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "plugin",
        help="write a city's plugin, or check one",
        description=(
            "Write a city's plugin as an installable distribution (new), or run "
            "the conformance kit on a rule file, a distribution or a wheel (check)."
        ),
        examples=(
            "  labourbrand plugin new hanzhong --city 610700\n"
            "  labourbrand plugin new hanzhong --city 610700 --kind python\n"
            "  labourbrand plugin check hanzhong.toml\n"
            "  labourbrand plugin check hanzhong-labourbrand/\n"
            "  labourbrand plugin check dist/hanzhong_labourbrand-0.1.0-py3-none-any.whl"
        ),
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    new = _subparser(
        actions,
        "new",
        help="write a city's plugin as an installable distribution",
        description=(
            "Write the distribution NAME-labourbrand for the city-level unit CODE "
            "into a new folder: a rule file with no code (--kind file, the default) "
            "or a plugin class (--kind python), its pyproject.toml (built by "
            "setuptools), a README that says how to install and test it, and "
            "tests that fail if the installed wheel is empty. Its one rule, a flat "
            "employment award, is illustrative: set your city's."
        ),
        examples=(
            "  labourbrand plugin new hanzhong --city 610700\n"
            "  labourbrand plugin new yangling --city yangling --kind python\n"
            "  labourbrand plugin new hanzhong --city 610700 --output plugins/hanzhong"
        ),
    )
    new.add_argument(
        "name",
        metavar="NAME",
        help="the plugin's name: lower-case letters, digits and _ (e.g. hanzhong)",
    )
    new.add_argument(
        "--city",
        required=True,
        metavar="CODE",
        help="the city-level unit whose rules it states (e.g. 610700, yangling)",
    )
    new.add_argument(
        "--kind",
        choices=_scaffold.KINDS,
        default="file",
        help="a rule file with no code, or a plugin class (default: file)",
    )
    new.add_argument(
        "--output",
        metavar="DIR",
        default=None,
        help="the new folder to write (default: ./NAME-labourbrand)",
    )
    new.set_defaults(run=plugin.run_new)
    check = _subparser(
        actions,
        "check",
        help="run the conformance kit on a rule file, a distribution or a wheel",
        description=(
            "Run the conformance kit (labourbrand.testing.check_plugin, extra "
            "testing) on every plugin PATH holds: a rule file, a folder of rule "
            "files, a distribution's folder (each entry point of its "
            "pyproject.toml, read from its sources) or a built wheel (each entry "
            "point, read from the wheel: a file the wheel lacks is a failure). "
            "Exit code 2 with a line per failure if a plugin fails."
        ),
        examples=(
            "  labourbrand plugin check hanzhong.toml\n"
            "  labourbrand plugin check rules/\n"
            "  labourbrand plugin check .\n"
            "  labourbrand plugin check dist/hanzhong_labourbrand-0.1.0-py3-none-any.whl"
        ),
    )
    check.add_argument("path", metavar="PATH", help="rule file, folder or wheel")
    check.add_argument(
        "--max-examples",
        type=count(1),
        default=50,
        metavar="N",
        help="generated examples per amount rule (default: 50)",
    )
    check.set_defaults(run=plugin.run_check)


def _serve_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "serve",
        help="serve the policy over HTTP (extra serve)",
        description=(
            "Serve the Shaanxi policy over HTTP with Starlette and uvicorn: every "
            "decision for a brand or a list of brands, one measure, the "
            "explanations in Chinese or English, lifecycle transitions, the "
            "targets, the clauses, parameters, interpretations and plugins, and "
            "/openapi.json with a docs page at /docs. The policy is built once, "
            "at start, with the plugins chosen; an unknown plugin name, a plugin "
            "that fails under --strict or a bad ledger stops it (exit code 2). "
            "Bodies are read by the library's converter: a bad field is a 422 "
            "with its path. Nothing is written except to the --ledger."
        ),
        examples=(
            "  labourbrand serve\n"
            "  labourbrand serve --port 8080 --workers 2\n"
            "  labourbrand serve --allow ankang --strict\n"
            "  labourbrand serve --ledger sqlite:///payments.db\n"
            "  curl -s -X POST 'http://127.0.0.1:8000/decisions?on=2023-07-01' \\\n"
            "       -H 'Content-Type: application/json' \\\n"
            '       -d \'{"name_zh": "紫阳修脚师", "county": "610924"}\''
        ),
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=count(1), default=8000, metavar="N", help="port (default: 8000)"
    )
    parser.add_argument(
        "--workers",
        type=count(1),
        default=1,
        metavar="N",
        help="worker processes, each with the policy built once (default: 1)",
    )
    parser.add_argument(
        "--ledger",
        metavar="URL",
        default=None,
        help=(
            "record payments (POST /claims) in sqlite:///PATH or postgresql://...; "
            "without it nothing is recorded"
        ),
    )
    parser.add_argument(
        "--max-body",
        type=count(1),
        default=1 << 20,
        metavar="BYTES",
        help="largest request body; larger is a 413 (default: 1048576, 1 MiB)",
    )
    parser.add_argument(
        "--max-depth",
        type=count(1),
        default=32,
        metavar="N",
        help="deepest nesting of a request's JSON; deeper is a 400 (default: 32)",
    )
    parser.add_argument(
        "--no-access-log", action="store_true", help="do not log each request"
    )
    _add_plugin_options(parser, loads="city plugins: their award amounts")
    parser.set_defaults(run=serve.run)


def _schema_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "schema",
        help="print the JSON Schema of an interchange type, or list them",
        description=(
            "Print the JSON Schema (draft 2020-12) of TYPE, as to_json writes it "
            "and from_json reads it, generated from the library's own classes; "
            "without TYPE, list the types. Money is an integer of fen."
        ),
        examples=(
            "  labourbrand schema\n"
            "  labourbrand schema Brand > brand.schema.json\n"
            "  labourbrand schema Decision"
        ),
    )
    parser.add_argument(
        "type", metavar="TYPE", nargs="?", default=None, help="the type's name"
    )
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default="text",
        help="format of the list (default: text); a schema is always JSON",
    )
    parser.set_defaults(run=schema.run)


def _template_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "template",
        help="write a table of brands to fill in (XLSX or CSV)",
        description=(
            "Write the table of brands that evaluate reads, one brand per row, "
            "as FILE (.xlsx, with a second sheet explaining each column in "
            "Chinese and English, or .csv). A blank cell is unknown. With "
            "--example, each brand of a file is a filled row."
        ),
        examples=(
            "  labourbrand template brands.xlsx\n"
            "  labourbrand template examples/brands-template.xlsx \\\n"
            "      --example examples/brands.json"
        ),
    )
    parser.add_argument(
        "file", metavar="FILE", help="the table to write: .xlsx or .csv"
    )
    parser.add_argument(
        "--example",
        metavar="BRANDS",
        default=None,
        help="a file of brands (JSON, JSON Lines, CSV or XLSX) written as filled rows",
    )
    parser.set_defaults(run=template.run)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labourbrand",
        description="Rules as code for Shaanxi's labour-brand (劳务品牌) policy.",
        epilog=(
            "examples:\n"
            "  labourbrand simulate\n"
            "  labourbrand compare baseline.toml reform.toml\n"
            "  labourbrand evaluate examples/brands.json --on 2023-07-01\n"
            "  labourbrand COMMAND --help\n"
            "\n"
            "exit codes: 0 success, 2 usage error or bad input, 130 interrupted"
        ),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _simulate_parser(commands)
    _compare_parser(commands)
    _evaluate_parser(commands)
    _clauses_parser(commands)
    readings = _subparser(
        commands,
        "interpretations",
        help="list the contested passages of the text and their readings",
        description=(
            "List every passage of the policy's documents that admits several "
            "readings: its words, the readings (the default marked *), why the "
            "default, and who may choose another (a scenario's [interpretations] "
            "table, Policy.shaanxi(interpretations=...))."
        ),
        examples=(
            "  labourbrand interpretations\n"
            "  labourbrand interpretations --lang zh\n"
            "  labourbrand interpretations --format json"
        ),
    )
    _add_output_options(readings, what="the text output")
    readings.set_defaults(run=interpretations.run)

    diagram = commands.add_parser(
        "lifecycle",
        help="print the lifecycle state machine",
        description="Print the brand lifecycle state machine.",
        epilog=(
            "examples:\n"
            "  labourbrand lifecycle\n"
            "  labourbrand lifecycle --format dot | dot -Tsvg > lifecycle.svg\n"
            "  labourbrand lifecycle --format table"
        ),
        formatter_class=_HelpFormatter,
    )
    diagram.add_argument(
        "--format",
        choices=lifecycle.FORMATS,
        default="mermaid",
        help="Mermaid diagram, Graphviz DOT or Markdown table (default: mermaid)",
    )
    diagram.set_defaults(run=lifecycle.run)

    listing = commands.add_parser(
        "plugins",
        help="list the plugins a policy loads, their rules and failures",
        description=(
            "List every plugin the Shaanxi policy loads: name, version, "
            "distribution, source, hooks, the jurisdictions it claims and its "
            "rules; then the installed plugins that failed to load, with the "
            "reason. Exit code 2 if --strict and a plugin fails."
        ),
        epilog=(
            "examples:\n"
            "  labourbrand plugins\n"
            "  labourbrand plugins --on 2024-01-01 --lang zh\n"
            "  labourbrand plugins --allow ankang --strict --format json"
        ),
        formatter_class=_HelpFormatter,
    )
    listing.add_argument(
        "--on",
        type=day,
        default=None,
        metavar="DATE",
        help="show only the rules in force on DATE (YYYY-MM-DD; default: all rules)",
    )
    _add_output_options(listing, what="the text output")
    _add_plugin_options(listing, loads="entry-point group labourbrand")
    listing.set_defaults(run=plugins.run)
    _serve_parser(commands)
    _schema_parser(commands)
    _plugin_parser(commands)
    _template_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``labourbrand`` command and return its exit code.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success; 2 on a usage error or a
        :class:`~labourbrand.exceptions.LabourBrandError`, whose message goes
        to stderr (nothing goes to stdout); 130 when interrupted.
        ``--help`` and ``--version`` return 0.

    .. versionadded:: 0.1.0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code or 0)
    if getattr(args, "plot", False) and args.out is None:
        # Exits like any usage error; caught below.
        try:
            args.parser.error("argument --plot: needs --out DIR")
        except SystemExit as exc:
            return int(exc.code or 0)
    run: Callable[[argparse.Namespace], str] = args.run
    try:
        output = run(args)
    except LabourBrandError as exc:
        sys.stderr.write(f"labourbrand: error: {exc}\n")
        return _EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("labourbrand: interrupted\n")
        return _EXIT_INTERRUPTED
    sys.stdout.write(output)
    return 0
