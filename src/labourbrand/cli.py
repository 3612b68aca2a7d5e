"""The ``labourbrand`` command.

Subcommands:

``simulate``
    Until the scenario simulation lands, summarise the packaged brand pool
    against the targets of clause 2: brands by recognition level and by
    city-level unit, and the county-level units no packaged brand covers
    ("one county, one brand", 一县一品牌).
``lifecycle``
    Print the lifecycle state machine as Mermaid, Graphviz DOT or a Markdown
    table.
``plugins``
    List the plugins the policy loads (name, version, distribution, source,
    hooks, jurisdictions, rules, optionally those in force on ``--on``) and
    the installed plugins that failed to load; ``--allow``, ``--block``,
    ``--no-entry-points`` and ``--strict`` choose what loads.

Exit codes: 0 on success, 2 on a usage error (argparse's default) or a
:class:`~labourbrand.exceptions.LabourBrandError` (message on stderr).

Example:
    >>> main(["lifecycle", "--format", "dot"])  # doctest: +ELLIPSIS
    digraph lifecycle {
    ...
    0

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, final

import attrs

from labourbrand import RecognitionLevel, brands, lifecycle, regions
from labourbrand.exceptions import LabourBrandError


if TYPE_CHECKING:
    import pendulum

    from labourbrand.plugins import PluginFailure, PluginInfo


__all__ = ["main"]

#: Exit code for a usage error or a LabourBrandError (argparse uses 2 too).
_EXIT_ERROR: Final = 2


@attrs.frozen
class _Reference:
    """The numbers the summary compares with, each from the library's data."""

    deadline: str
    target_brands: int
    target_national: int
    reported: int
    as_of: str
    source: str


def _reference() -> _Reference:
    """Clause 2's deadline and targets (dated parameters) and the reported total."""
    import pendulum

    from labourbrand.policy.parameters import load_parameters

    params = load_parameters()
    deadline = params["target_deadline"].value_at(params["target_deadline"].first_day)
    if not isinstance(deadline, pendulum.Date):  # pragma: no cover - packaged data
        msg = f"Expected target_deadline to be a date but got {deadline!r}"
        raise LabourBrandError(msg)
    values = [
        params[n].value_at(deadline)
        for n in ("target_brands_total", "target_national_known")
    ]
    brands_total, national = (v if type(v) is int else 0 for v in values)
    figure = brands.reported("labour_brands_total")[0]
    return _Reference(
        deadline=deadline.isoformat(),
        target_brands=brands_total,
        target_national=national,
        reported=figure.value,
        as_of=figure.as_of,
        source=figure.source,
    )


#: Stable ids of the targets of clause 2 in JSON output.
_TARGET_IDS: Final = {
    "one_county": "one_county_one_brand",
    "brands": "brands_at_least_100",
    "national": "nationally_known_at_least_10",
}

#: Key under which brands without a known county are counted.
_UNKNOWN: Final = "county_unknown"

_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Shaanxi labour brands (劳务品牌): the packaged brand pool",
        "packaged": "Packaged brands",
        "by_level": "By recognition level (highest recorded)",
        "none": "none",
        "by_unit": "By city-level unit",
        "county_unknown": "county unknown",
        "uncovered": (
            "County-level units without a packaged brand: {uncovered} of {total} "
            "({covered} covered, {share:.1f} %)"
        ),
        "targets": "Targets of clause 2, by {deadline}",
        "one_county": "one county, one brand (一县一品牌)",
        "one_county_value": (
            "{covered} of {total} county-level units have a packaged brand"
        ),
        "brands": ">= {target_brands} brands",
        "brands_value": (
            "{packaged} packaged; {reported} reported for {as_of} ({source})"
        ),
        "national": ">= {target_national} nationally known brands",
        "national_value": "{national} packaged",
        "met": "met",
        "met_reported": "met (reported figure)",
        "not_shown": "not shown by the packaged data",
        "note": (
            "Note: the packaged list holds the brands named in public sources "
            "({packaged}), not all {reported} brands reported for {as_of} "
            "(source: {source}). Coverage figures are therefore lower bounds. "
            "The scenario simulation arrives in a later release."
        ),
    },
    "zh": {
        "title": "陕西劳务品牌:随库提供的品牌名录",
        "packaged": "随库品牌数",
        "by_level": "按认定级别(取最高级别)",
        "none": "未认定",
        "by_unit": "按市级单位",
        "county_unknown": "县(区)不详",
        "uncovered": (
            "尚无随库品牌的县级单位:{uncovered}个(共{total}个,已覆盖{covered}个,{share:.1f}%)"
        ),
        "targets": "第二条目标任务(至{deadline})",
        "one_county": "一县一品牌",
        "one_county_value": "{total}个县级单位中{covered}个有随库品牌",
        "brands": "培育创建{target_brands}个以上劳务品牌",
        "brands_value": "随库{packaged}个;{as_of}报道{reported}个({source})",
        "national": "打造{target_national}个以上全国知名劳务品牌",
        "national_value": "随库{national}个",
        "met": "已实现",
        "met_reported": "已实现(据报道数字)",
        "not_shown": "随库数据未能显示",
        "note": (
            "说明:随库名录仅收录公开来源点名的品牌({packaged}个),"
            "并非{as_of}报道的全部{reported}个品牌(来源:{source}),"
            "覆盖数字因此只是下限。情景模拟将在后续版本提供。"
        ),
    },
}

_NOTE_WIDTH: Final = 76
_WIDE: Final = frozenset({"W", "F"})
# A run of spaces; a word of narrow characters with the wide character glued to
# it, so that "(" never ends a line; or one other (wide) character.
_TOKENS: Final = re.compile(r" +|[!-~]+[^ !-~]?|.")
# Punctuation that must not start a line (kinsoku): it stays on the line before.
_NO_LINE_START: Final = frozenset("。、,.;:!?)")

_LEVELS_HIGH_FIRST: Final = tuple(sorted(RecognitionLevel, key=lambda lv: -lv.rank))


@final
@attrs.frozen(kw_only=True)
class _Unit:
    """A city-level unit and the packaged brands of its counties."""

    id: str
    name_zh: str
    name_en: str | None
    brands: tuple[str, ...]


@final
@attrs.frozen(kw_only=True)
class _County:
    """A county-level unit without a packaged brand."""

    code: str
    name_zh: str
    city_level_unit: str


@final
@attrs.frozen(kw_only=True)
class _Summary:
    """What ``labourbrand simulate`` reports about the packaged brand pool."""

    packaged: int
    by_level: Mapping[str, int]
    units: tuple[_Unit, ...]
    county_unknown: tuple[str, ...]
    counties_total: int
    uncovered: tuple[_County, ...]

    @property
    def covered(self) -> int:
        """County-level units with at least one packaged brand."""
        return self.counties_total - len(self.uncovered)


def _summarise() -> _Summary:
    registry = regions.shaanxi()
    pool = brands.packaged()
    by_level = {level.value: 0 for level in _LEVELS_HIGH_FIRST} | {"none": 0}
    by_unit: dict[str, list[str]] = {u: [] for u in registry.city_level_units()}
    unknown: list[str] = []
    covered: set[str] = set()
    for brand in pool:
        levels = [r.level for r in brand.recognitions]
        top = max(levels, key=lambda lv: lv.rank).value if levels else "none"
        by_level[top] += 1
        if brand.county is None:
            unknown.append(brand.name_zh)
            continue
        # city_level_unit also checks that the county is in the registry.
        by_unit[registry.city_level_unit(brand.county)].append(brand.name_zh)
        covered.add(brand.county)
    units = tuple(
        _Unit(
            id=u,
            name_zh=registry.name_of(u),
            name_en=_name_en(registry, u),
            brands=tuple(b),
        )
        for u, b in by_unit.items()
    )
    counties = registry.counties()
    uncovered = tuple(
        _County(
            code=c.code,
            name_zh=c.name_zh,
            city_level_unit=registry.city_level_unit(c.code),
        )
        for c in counties
        if c.code not in covered
    )
    return _Summary(
        packaged=len(pool),
        by_level=by_level,
        units=units,
        county_unknown=tuple(unknown),
        counties_total=len(counties),
        uncovered=uncovered,
    )


def _name_en(registry: regions.RegionRegistry, unit: str) -> str | None:
    if unit.isdigit():
        return registry[unit].name_en
    return registry.zone(unit).name_en


def _unit_label(unit: _Unit, lang: str) -> str:
    if lang == "en" and unit.name_en:
        return f"{unit.name_en} ({unit.name_zh})"
    return unit.name_zh


def _level_label(level: str, labels: Mapping[str, str], lang: str) -> str:
    if level == "none":
        return labels["none"]
    return RecognitionLevel(level).zh if lang == "zh" else level


def _width(text: str) -> int:
    """Terminal width of *text*: wide (CJK) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    """Wrap *text* to *width* columns, breaking between words or wide characters."""
    lines = [""]
    for token in _TOKENS.findall(text):
        overflow = _width(lines[-1] + token.rstrip()) > width
        if lines[-1] and overflow and token[0] not in _NO_LINE_START:
            lines.append("")
        lines[-1] += token
    return [line.strip() for line in lines]


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Align the columns of *rows* (all but the last are padded), indented by two."""
    if not rows:
        return []
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  "
        + "  ".join(
            [*(_pad(c, w) for c, w in zip(r, widths, strict=False)), r[-1]]
        ).rstrip()
        for r in rows
    ]


def _facts(summary: _Summary) -> dict[str, object]:
    """The values the labels' placeholders are filled with."""
    return {
        "packaged": summary.packaged,
        **attrs.asdict(_reference()),
        "covered": summary.covered,
        "uncovered": len(summary.uncovered),
        "total": summary.counties_total,
        "share": 100 * summary.covered / summary.counties_total,
        "national": summary.by_level[RecognitionLevel.NATIONAL.value],
    }


def _targets(summary: _Summary, labels: Mapping[str, str]) -> list[dict[str, object]]:
    """The targets of clause 2, each with a stable status code and its label."""
    facts = _facts(summary)
    ref = _reference()
    national = summary.by_level[RecognitionLevel.NATIONAL.value]
    rows: list[tuple[str, int, int, int | None]] = [
        ("one_county", summary.counties_total, summary.covered, None),
        ("brands", ref.target_brands, summary.packaged, ref.reported),
        ("national", ref.target_national, national, None),
    ]
    return [
        {
            "target": _TARGET_IDS[key],
            "label": labels[key].format_map(facts),
            "required": required,
            "packaged": packaged,
            "reported": reported,
            "status": (status := _status(packaged, reported, required)),
            "status_label": labels[status],
            "text": labels[f"{key}_value"].format_map(facts),
        }
        for key, required, packaged, reported in rows
    ]


def _status(packaged: int, reported: int | None, required: int) -> str:
    if packaged >= required:
        return "met"
    if reported is not None and reported >= required:
        return "met_reported"
    return "not_shown"


def _render_text(summary: _Summary, lang: str) -> str:
    labels = _LABELS[lang]
    facts = _facts(summary)
    out = [labels["title"], "", f"{labels['packaged']}: {summary.packaged}"]
    out += [
        f"  {line}" for line in _wrap(labels["note"].format_map(facts), _NOTE_WIDTH)
    ]
    out += ["", labels["by_level"]]
    out += _table(
        [(_level_label(k, labels, lang), str(n)) for k, n in summary.by_level.items()]
    )
    out += ["", labels["by_unit"]]
    unit_rows = [
        (u.id, _unit_label(u, lang), str(len(u.brands)), "、".join(u.brands))
        for u in summary.units
    ]
    unknown = summary.county_unknown
    unit_rows.append(
        ("-", labels["county_unknown"], str(len(unknown)), "、".join(unknown))
    )
    out += _table(unit_rows)
    out += ["", labels["uncovered"].format_map(facts)]
    groups: dict[str, list[str]] = {u.id: [] for u in summary.units}
    for county in summary.uncovered:
        groups[county.city_level_unit].append(county.name_zh)
    out += _table(
        [
            (_unit_label(u, lang), str(len(groups[u.id])), "、".join(groups[u.id]))
            for u in summary.units
            if groups[u.id]
        ]
    )
    out += ["", labels["targets"].format_map(_facts(summary))]
    out += _table(
        [
            (str(t["label"]), str(t["status_label"]), str(t["text"]))
            for t in _targets(summary, labels)
        ]
    )
    return "\n".join(out) + "\n"


def _render_json(summary: _Summary, lang: str) -> str:
    labels = _LABELS[lang]
    ref = _reference()
    data = {
        "packaged_brands": summary.packaged,
        "reported_brands": {
            "value": ref.reported,
            "as_of": ref.as_of,
            "source": ref.source,
        },
        "by_level": dict(summary.by_level),
        "by_city_level_unit": [
            {
                "id": u.id,
                "name_zh": u.name_zh,
                "name_en": u.name_en,
                "count": len(u.brands),
                "brands": list(u.brands),
            }
            for u in summary.units
        ],
        _UNKNOWN: {
            "count": len(summary.county_unknown),
            "brands": list(summary.county_unknown),
        },
        "counties": {
            "total": summary.counties_total,
            "covered": summary.covered,
            "uncovered": [attrs.asdict(c) for c in summary.uncovered],
        },
        "targets": [
            {"clause": "2", "deadline": ref.deadline, **t}
            for t in _targets(summary, labels)
        ],
        "note": labels["note"].format_map(_facts(summary)),
        "simulation": None,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _simulate(args: argparse.Namespace) -> str:
    summary = _summarise()
    if args.format == "json":
        return _render_json(summary, args.lang)
    return _render_text(summary, args.lang)


_DIAGRAMS: Final[Mapping[str, Callable[[], str]]] = {
    "mermaid": lifecycle.to_mermaid,
    "dot": lifecycle.to_dot,
    "table": lifecycle.to_markdown,
}


def _lifecycle(args: argparse.Namespace) -> str:
    return _DIAGRAMS[args.format]()


#: Labels of the ``plugins`` listing.
_PLUGIN_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title_on": "Plugins loaded, with their rules in force on {on}",
        "title_all": "Plugins loaded, with all their rules",
        "source": "source",
        "argument": "passed as an argument",
        "entry point": "installed (entry point)",
        "province": "the province's baseline",
        "distribution": "distribution",
        "hooks": "hooks",
        "jurisdictions": "jurisdictions",
        "rules": "rules",
        "none": "none",
        "from": "from {first_day}",
        "from_to": "{first_day} to {last_day}",
        "reference": "reference",
        "illustrative": "illustrative amount",
        "failures": "Skipped plugins (failed to load): {count}",
        "failed_at": "failed at {stage}",
        "import": "import",
        "register": "registration",
        "rules_stage": "rules",
    },
    "zh": {
        "title_on": "已加载的插件及其{on}有效的规则",
        "title_all": "已加载的插件及其全部规则",
        "source": "来源",
        "argument": "调用时传入",
        "entry point": "已安装(入口点)",
        "province": "省级基准",
        "distribution": "发行包",
        "hooks": "钩子",
        "jurisdictions": "管辖区域",
        "rules": "规则",
        "none": "无",
        "from": "{first_day}起",
        "from_to": "{first_day}至{last_day}",
        "reference": "依据",
        "illustrative": "示例金额",
        "failures": "未加载的插件(加载失败):{count}个",
        "failed_at": "失败环节:{stage}",
        "import": "导入",
        "register": "注册",
        "rules_stage": "规则",
    },
}


def _day(text: str) -> pendulum.Date:
    """Parse ``--on``; a bad day is a usage error."""
    from labourbrand.dates import parse_date

    try:
        return parse_date(text)
    except LabourBrandError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _plugin_names(text: str) -> tuple[str, ...]:
    """Parse a comma-separated list of plugin names."""
    return tuple(n.strip() for n in text.split(",") if n.strip())


def _plugins(args: argparse.Namespace) -> str:
    import warnings

    from labourbrand.exceptions import LabourBrandWarning
    from labourbrand.plugins import list_plugins
    from labourbrand.policy import Policy

    # Skipped plugins are part of the output; no need to warn about them too.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LabourBrandWarning)
        policy = Policy.shaanxi(
            entry_points=not args.no_entry_points,
            allow=args.allow,
            block=args.block,
            strict=args.strict,
        )
    infos = list_plugins(policy, on=args.on)
    names = policy.regions.name_of
    if args.format == "json":
        return _plugins_json(args.on, infos, policy.plugin_failures, names)
    return _plugins_text(args.on, infos, policy.plugin_failures, names, args.lang)


def _plugins_json(
    on: pendulum.Date | None,
    infos: Sequence[PluginInfo],
    failures: Sequence[PluginFailure],
    name_of: Callable[[str], str],
) -> str:
    data = {
        "on": on.isoformat() if on is not None else None,
        "plugins": [
            {
                "name": info.name,
                "version": info.version,
                "distribution": info.distribution,
                "source": info.source,
                "hooks": list(info.hooks),
                "jurisdictions": [
                    {"id": j, "name_zh": name_of(j)} for j in info.jurisdictions
                ],
                "rules": [
                    {
                        "measure": rule.measure.value,
                        "measure_zh": rule.measure.zh,
                        "clause": rule.measure.clause,
                        "jurisdiction": rule.jurisdiction,
                        "jurisdiction_zh": rule.jurisdiction_zh,
                        "first_day": rule.first_day.isoformat(),
                        "last_day": rule.last_day.isoformat()
                        if rule.last_day is not None
                        else None,
                        "formula": rule.formula,
                        "formula_zh": rule.formula_zh,
                        "reference": rule.reference,
                        "illustrative": rule.illustrative,
                        "in_force": rule.in_force,
                    }
                    for rule in info.rules
                ],
            }
            for info in infos
        ],
        "failures": [attrs.asdict(f) for f in failures],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _plugins_text(
    on: pendulum.Date | None,
    infos: Sequence[PluginInfo],
    failures: Sequence[PluginFailure],
    name_of: Callable[[str], str],
    lang: str,
) -> str:
    labels = _PLUGIN_LABELS[lang]
    title = labels["title_on"].format(on=on) if on is not None else labels["title_all"]
    out = [title]
    for info in infos:
        out += ["", " ".join(filter(None, (info.name, info.version)))]
        places = [f"{j} {name_of(j)}" for j in info.jurisdictions]
        out += _table(
            [
                (f"{labels['source']}:", labels[info.source]),
                (f"{labels['distribution']}:", info.distribution or "-"),
                (f"{labels['hooks']}:", ", ".join(info.hooks) or labels["none"]),
                (
                    f"{labels['jurisdictions']}:",
                    ", ".join(places) or labels["none"],
                ),
                (f"{labels['rules']}:", "" if info.rules else labels["none"]),
            ]
        )
        for rule in info.rules:
            measure = rule.measure.zh if lang == "zh" else rule.measure.value
            days = (
                labels["from_to"].format(
                    first_day=rule.first_day, last_day=rule.last_day
                )
                if rule.last_day is not None
                else labels["from"].format(first_day=rule.first_day)
            )
            formula = rule.formula_zh if lang == "zh" else rule.formula
            reference = f"{labels['reference']}: {rule.reference}"
            if rule.illustrative:
                reference += f" ({labels['illustrative']})"
            out += [
                f"    - {measure}, {rule.jurisdiction} {rule.jurisdiction_zh}, {days}",
                f"      {formula}",
                f"      {reference}",
            ]
    if failures:
        out += ["", labels["failures"].format(count=len(failures))]
    for failure in failures:
        stage = labels["rules_stage" if failure.stage == "rules" else failure.stage]
        where = " ".join(filter(None, (failure.distribution, failure.version)))
        out += [
            f"  {failure.name} ({where or '-'}), "
            + labels["failed_at"].format(stage=stage),
            f"    {failure.reason}",
        ]
    return "\n".join(out) + "\n"


def _version() -> str:
    import labourbrand

    return str(labourbrand.__version__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labourbrand",
        description="Rules as code for Shaanxi's labour-brand (劳务品牌) policy.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    simulate = commands.add_parser(
        "simulate",
        help="summarise the packaged brand pool against the targets of clause 2",
        description=(
            "Summarise the packaged brand pool: brands by recognition level and "
            "by city-level unit, and the county-level units without a brand, "
            "against the targets of clause 2. The scenario simulation arrives "
            "in a later release."
        ),
    )
    simulate.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="label language (default: en)",
    )
    simulate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )
    simulate.set_defaults(run=_simulate)

    diagram = commands.add_parser(
        "lifecycle",
        help="print the lifecycle state machine",
        description="Print the brand lifecycle state machine.",
    )
    diagram.add_argument(
        "--format",
        choices=tuple(_DIAGRAMS),
        default="mermaid",
        help="Mermaid diagram, Graphviz DOT or Markdown table (default: mermaid)",
    )
    diagram.set_defaults(run=_lifecycle)

    plugins = commands.add_parser(
        "plugins",
        help="list the plugins a policy loads, their rules and failures",
        description=(
            "List every plugin the Shaanxi policy loads: name, version, "
            "distribution, source, hooks, the jurisdictions it claims and its "
            "rules; then the installed plugins that failed to load, with the "
            "reason. Exit code 2 if --strict and a plugin fails."
        ),
    )
    plugins.add_argument(
        "--on",
        type=_day,
        default=None,
        metavar="DATE",
        help="show only the rules in force on DATE (YYYY-MM-DD; default: all rules)",
    )
    plugins.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )
    plugins.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="label language of the text output (default: en)",
    )
    plugins.add_argument(
        "--no-entry-points",
        action="store_true",
        help="do not load installed plugins (entry-point group labourbrand)",
    )
    plugins.add_argument(
        "--allow",
        type=_plugin_names,
        default=None,
        metavar="NAMES",
        help=(
            "comma-separated entry-point names that may load "
            "(default: $LABOURBRAND_PLUGINS_ALLOW, else all)"
        ),
    )
    plugins.add_argument(
        "--block",
        type=_plugin_names,
        default=(),
        metavar="NAMES",
        help=(
            "comma-separated plugin names that never load "
            "(added to $LABOURBRAND_PLUGINS_BLOCK)"
        ),
    )
    plugins.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit code 2) on the first installed plugin that fails to load",
    )
    plugins.set_defaults(run=_plugins)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``labourbrand`` command and return its exit code.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success; 2 on a usage error or a
        :class:`~labourbrand.exceptions.LabourBrandError`, whose message goes
        to stderr. ``--help`` and ``--version`` return 0.

    .. versionadded:: 0.1.0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code or 0)
    run: Callable[[argparse.Namespace], str] = args.run
    try:
        output = run(args)
    except LabourBrandError as exc:
        sys.stderr.write(f"labourbrand: error: {exc}\n")
        return _EXIT_ERROR
    sys.stdout.write(output)
    return 0
