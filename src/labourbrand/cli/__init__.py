"""The ``labourbrand`` command.

Subcommands:

``simulate``
    Run the scenario simulation (:mod:`labourbrand.simulation`) on the
    packaged Shaanxi data, or on a scenario file, and report the probability
    of meeting each target by its deadline (2025-12-31), the county-level
    units likely to have no brand, and the employment awards and their money
    by city-level unit and year; ``--out`` also writes the tables (CSV, and
    Parquet with pyarrow) and, with ``--plot``, PNG plots.
``evaluate``
    Decide every measure :meth:`~labourbrand.policy.Policy.evaluate` covers
    for each brand of a JSON file on a day, with the explanation of each
    decision and the clauses it rests on.
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
    hooks, jurisdictions, rules, optionally those in force on ``--on``) and
    the installed plugins that failed to load.

``simulate``, ``evaluate`` and ``plugins`` share the options that choose the
installed plugins their policy loads: ``--allow``, ``--block``,
``--no-entry-points`` and ``--strict`` (see
:meth:`~labourbrand.policy.Policy.shaanxi`).

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
    clauses,
    evaluate,
    interpretations,
    lifecycle,
    plugins,
    simulate,
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


def _add_output_options(parser: argparse.ArgumentParser, *, what: str) -> None:
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--lang",
        choices=_LANGS,
        default="en",
        help=f"label language of {what} (default: en)",
    )


def _add_plugin_options(parser: argparse.ArgumentParser, *, loads: str) -> None:
    """The options that choose the installed plugins, for every command that builds a policy."""
    group = parser.add_argument_group(
        "plugins",
        "which installed plugins (entry-point group labourbrand) load; see "
        "labourbrand.policy.Policy.shaanxi",
    )
    group.add_argument(
        "--no-entry-points",
        action="store_true",
        help=f"do not load installed plugins ({loads})",
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
        help="fail (exit code 2) on the first installed plugin that fails to load",
    )


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
            "  labourbrand simulate --allow ankang --strict\n"
            "\n"
            "A scenario file (TOML) holds name, and optionally start, horizon,\n"
            "parameters_from (days YYYY-MM-DD), [parameters] (parameter name =\n"
            "value; money in fen) and [assumptions] (a field of\n"
            "labourbrand.simulation.Assumptions = value); see\n"
            "examples/scenarios/reform-300.toml."
        ),
    )
    parser.add_argument(
        "--scenario",
        metavar="FILE",
        default=None,
        help="scenario file (TOML; '-' reads stdin); default: the packaged baseline",
    )
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
    _add_output_options(parser, what="the text report")
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (there is none when stderr is not a terminal)",
    )
    _add_plugin_options(parser, loads="city plugins: their award amounts")
    parser.set_defaults(run=simulate.run, parser=parser)


def _evaluate_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    parser = _subparser(
        commands,
        "evaluate",
        help="decide every measure for the brands of a JSON file",
        description=(
            "Decide every measure that needs nothing beyond the brand (the "
            "employment award, the provincial-recognition award, the transport "
            "and social-insurance subsidies, the training scope) for each "
            "brand of FILE on a day, and explain each decision with the "
            "clauses it rests on. A bad file is an error naming the file and "
            "the path of each bad field (exit code 2, nothing on stdout)."
        ),
        examples=(
            "  labourbrand evaluate examples/brands.json\n"
            "  labourbrand evaluate examples/brands.json --on 2023-07-01 --lang zh\n"
            "  labourbrand evaluate examples/brands.json --format json\n"
            "  labourbrand evaluate examples/brands.json --block ankang\n"
            "\n"
            "FILE holds a JSON array of brands, or one brand object, in the\n"
            "shape of labourbrand.serialization.to_json (see examples/brands.json)."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="JSON file of brands ('-' reads stdin)",
    )
    parser.add_argument(
        "--on",
        type=day,
        default=None,
        metavar="DATE",
        help="the day decided, YYYY-MM-DD (default: today in Asia/Shanghai)",
    )
    _add_output_options(parser, what="the text output")
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labourbrand",
        description="Rules as code for Shaanxi's labour-brand (劳务品牌) policy.",
        epilog=(
            "examples:\n"
            "  labourbrand simulate\n"
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
