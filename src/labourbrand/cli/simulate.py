"""``labourbrand simulate``: run the scenario simulation, render its report, write its files.

The report itself is data, :meth:`labourbrand.simulation.Results.report`;
this module renders it as text (English or Chinese) or JSON, and ``--out``
writes the tables and plots. numpy (extra ``sim``) is imported only when the
command runs, so that the other commands work without it.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from labourbrand import regions
from labourbrand.cli import _io, _text
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandError,
    ResourceLimitError,
)
from labourbrand.plugins import read_rule_files
from labourbrand.policy.parameters import load_parameters


if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator, Mapping, Sequence

    import pendulum

    from labourbrand.regions import RegionRegistry
    from labourbrand.simulation import Results, Scenario


__all__ = ["read_scenario", "run", "run_options", "with_plugin_options"]

#: The share of runs from which a county counts as likely to have no brand
#: (as :meth:`~labourbrand.simulation.Results.report` counts it; a test keeps the two equal).
_LIKELY: Final = 0.5
#: Where the model, its assumptions and its calibration are explained.
_SIMULATION_DOCS: Final = (
    "https://labourbrand.readthedocs.io/en/latest/explanation/simulation.html"
)

_SIM_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Shaanxi labour brands (劳务品牌): simulation of the policy to {horizon}",
        "scenario": "Scenario",
        "packaged": "the packaged data, parameters and assumptions",
        "runs": "Runs",
        "runs_value": "{runs:,} with seed {seed}; month by month from {start} to {horizon}",
        "award": "Employment award",
        "award_value": (
            "clause 4.2; threshold {threshold} rural workers with signed "
            "agreements, cap {cap} per brand (on {day})"
        ),
        "not_in_force": "not in force",
        "award_not_in_force": "clause 4.2; not in force on {day}",
        "parameters": "Parameters changed",
        "from": "from {day}",
        "assumptions": "Assumptions changed",
        "readings": "Readings chosen",
        "rule_files": "Rule files",
        "none": "none",
        "plugins": "Award amounts from",
        "no_plugins": "no plugin: amounts undetermined (delegated to the cities)",
        "targets": "Targets by {deadline}: probability of meeting each, over {runs:,} runs",
        "targets_none": (
            "Targets: not assessed, because the horizon {horizon} ends before "
            "their deadline {deadline}."
        ),
        "targets_no_deadline": "Targets: not assessed: no target deadline is in force.",
        "h_target": "target",
        "h_clause": "clause",
        "h_required": "required",
        "h_probability": "P(met)",
        "h_expected": "expected",
        "h_interval": "90 % interval",
        "at_least": ">= {n}",
        "every_county": "{n} of {n}",
        "unquantified": "some (no number)",
        "counties": "County-level units without a brand on {day}",
        "expected_empty": (
            "Expected number: {expected:.1f} of {total}; every county-level unit "
            "has a brand in {p_all} of runs."
        ),
        "likely": "Likely to have no brand (in {share} of runs or more):",
        "likely_none": "No county-level unit is without a brand in {share} of runs or more.",
        "at_risk": "Most at risk (share of runs without a brand):",
        "no_risk": "No county-level unit is without a brand in any run.",
        "awards": "Employment awards (clause 4.2) granted per year",
        "h_year": "year",
        "h_awards": "awards (mean)",
        "total": "total",
        "awards_by_unit": "Employment awards by city-level unit and year (mean over runs)",
        "h_unit": "city-level unit",
        "money": "Award money by city-level unit and year (mean over runs)",
        "undetermined": (
            "Undetermined. Clause 4.2 leaves the amount of the employment award "
            "to the finance and HRSS bureaus of each city-level unit (市级财政、"
            "人社部门), capped at {cap} per brand and paid from {fund}; no "
            "plugin sets it. The {awards:.1f} awards expected are due amounts "
            "that are unknown, not zero."
        ),
        "partly": (
            "*: some awards of this cell have an undetermined amount (no rule "
            "for the city-level unit on that day), not counted in the money; "
            "{awards:.1f} such awards are expected in all."
        ),
        "undetermined_cell": "undetermined",
        "no_awards": "No employment award is granted in any run, so there is no money.",
        "sources": "Sources and limits",
        "sources_text": (
            "The model is calibrated to the {brands} brands reported for "
            "{brands_as_of} ({brands_source}) and the {provincial} provincial "
            "brands reported on {provincial_as_of}; every other rate is an "
            "assumption (labourbrand.simulation.Assumptions), and the award "
            "counts and target probabilities follow from them. The intervals "
            "show the model's randomness given those assumptions, not the "
            "uncertainty of the real process. See {docs}"
        ),
        "files": "Files written",
        "drivers": (
            "Assumptions that move each figure most ({index}: the change of "
            "the figure over each assumption's range, with its 95 % interval)"
        ),
        "drivers_none": "no assumption moves it",
    },
    "zh": {
        "title": "陕西劳务品牌:政策情景模拟(至{horizon})",
        "scenario": "情景",
        "packaged": "随库数据、参数和假设",
        "runs": "模拟次数",
        "runs_value": "{runs:,}次,随机种子{seed};按月模拟,{start}至{horizon}",
        "award": "吸纳就业一次性奖补",
        "award_value": (
            "第四部分第(二)项;吸纳签订协议的农村劳动力{threshold}人以上,"
            "每个品牌奖补上限{cap}({day})"
        ),
        "not_in_force": "未生效",
        "award_not_in_force": "第四部分第(二)项;{day}尚未生效",
        "parameters": "调整的参数",
        "from": "自{day}起",
        "assumptions": "调整的假设",
        "readings": "选定的理解",
        "rule_files": "规则文件",
        "none": "无",
        "plugins": "奖补金额来源",
        "no_plugins": "无插件:金额待定(由各市确定)",
        "targets": "目标任务(至{deadline}):{runs:,}次模拟中实现各目标的概率",
        "targets_none": "目标任务:模拟截止{horizon}早于目标期限{deadline},未作评估。",
        "targets_no_deadline": "目标任务:无有效的目标期限,未作评估。",
        "h_target": "目标",
        "h_clause": "条款",
        "h_required": "要求",
        "h_probability": "实现概率",
        "h_expected": "期望值",
        "h_interval": "90%区间",
        "at_least": "{n}以上",
        "every_county": "{n}个县全覆盖",
        "unquantified": "一批(无数量)",
        "counties": "{day}尚无劳务品牌的县级单位",
        "expected_empty": "期望个数:{expected:.1f}个(共{total}个);{p_all}的模拟中每个县级单位都有品牌。",
        "likely": "可能没有品牌的县级单位({share}以上的模拟中没有):",
        "likely_none": "没有县级单位在{share}以上的模拟中没有品牌。",
        "at_risk": "风险最高的县级单位(没有品牌的模拟比例):",
        "no_risk": "所有模拟中每个县级单位都有品牌。",
        "awards": "每年吸纳就业一次性奖补(第四部分第(二)项)次数",
        "h_year": "年份",
        "h_awards": "奖补次数(均值)",
        "total": "合计",
        "awards_by_unit": "按市级单位和年份的奖补次数(模拟均值)",
        "h_unit": "市级单位",
        "money": "按市级单位和年份的奖补金额(模拟均值)",
        "undetermined": (
            "金额待定。第四部分第(二)项规定奖补金额由各市级单位财政、人社部门确定,"
            "每个品牌最高{cap},从{fund}列支;没有插件设定金额。"
            "预计{awards:.1f}次奖补的金额未知,并非为零。"
        ),
        "partly": (
            "*:该格部分奖补金额待定(该市级单位当日无规则),未计入金额;"
            "合计预计{awards:.1f}次。"
        ),
        "undetermined_cell": "待定",
        "no_awards": "所有模拟中都没有奖补,因此没有金额。",
        "sources": "数据来源与局限",
        "sources_text": (
            "模型按{brands_as_of}报道的{brands}个品牌({brands_source})和"
            "{provincial_as_of}报道的{provincial}个省级品牌校准;其余比率均为假设"
            "(labourbrand.simulation.Assumptions),奖补次数和目标实现概率由此得出。"
            "区间反映给定假设下模型的随机性,而非真实过程的不确定性。"
            "详见{docs}"
        ),
        "files": "已写入的文件",
        "drivers": "对各指标影响最大的假设({index}:假设在其区间内变化时指标的变化,及其95%区间)",
        "drivers_none": "没有假设影响它",
    },
}


def _parameter_text(name: str, value: object, lang: str) -> str:
    """A parameter override as people read it: money in yuan, the rest as given."""
    if load_parameters()[name].unit.value == "fen" and type(value) is int:
        return _text.money(value, lang)
    return str(value)


def _required(target: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    if not target["in_force"]:
        return labels["not_in_force"]
    if target["per_county"] is not None:
        return labels["every_county"].format(n=target["required"])
    if not target["quantified"]:
        return labels["unquantified"]
    return labels["at_least"].format(n=target["required"])


def _text_header(report: Mapping[str, Any], lang: str) -> list[str]:
    labels = _SIM_LABELS[lang]
    s = report["scenario"]
    award = report["employment_award"]
    name = s["name"] if s["file"] is None else f"{s['name']} ({s['file']})"
    changes = ("parameters", "assumptions", "interpretations", "rule_files")
    if s["file"] is None and not any(s[key] for key in changes):
        name += f": {labels['packaged']}"
    threshold, cap = award["threshold"], award["cap_fen"]
    award_value = (
        labels["award_value"].format(
            threshold=threshold, cap=_text.money(cap, lang), day=award["on"]
        )
        if threshold is not None and type(cap) is int
        else labels["award_not_in_force"].format(day=award["on"])
    )
    since = (
        f" ({labels['from'].format(day=s['parameters_from'])})"
        if s["parameters_from"] is not None
        else ""
    )
    changed = [
        f"{k} = {_parameter_text(k, v, lang)}{since}"
        for k, v in s["parameters"].items()
    ]
    assumed = [f"{k} = {v}" for k, v in s["assumptions"].items()]
    readings = [f"{k} = {v}" for k, v in s["interpretations"].items()]
    suppliers = report["awards"]["suppliers"]

    def lines(label: str, values: list[str], empty: str) -> list[tuple[str, str]]:
        return [(label if i == 0 else "", v) for i, v in enumerate(values or [empty])]

    rows = [
        (f"{labels['scenario']}:", name),
        (
            f"{labels['runs']}:",
            labels["runs_value"].format(
                runs=report["runs"],
                seed=report["seed"],
                start=s["start"],
                horizon=s["horizon"],
            ),
        ),
        (f"{labels['award']}:", award_value),
        *lines(f"{labels['parameters']}:", changed, labels["none"]),
        *lines(f"{labels['assumptions']}:", assumed, labels["none"]),
        *lines(f"{labels['readings']}:", readings, labels["none"]),
        *(
            lines(f"{labels['rule_files']}:", s["rule_files"], labels["none"])
            if s["rule_files"]
            else []
        ),
        *lines(f"{labels['plugins']}:", suppliers, labels["no_plugins"]),
    ]
    return [labels["title"].format(horizon=s["horizon"]), "", *_text.fields(rows)]


def _text_targets(report: Mapping[str, Any], lang: str) -> list[str]:
    labels = _SIM_LABELS[lang]
    if report["deadline"] is None:
        return _text.wrap(labels["targets_no_deadline"], _text.NOTE_WIDTH)
    if not report["targets_assessed"]:
        text = labels["targets_none"].format(
            horizon=report["scenario"]["horizon"], deadline=report["deadline"]
        )
        return _text.wrap(text, _text.NOTE_WIDTH)
    rows = [
        tuple(
            labels[k]
            for k in (
                "h_target",
                "h_clause",
                "h_required",
                "h_probability",
                "h_expected",
                "h_interval",
            )
        )
    ]
    for t in report["targets"]:
        label = t["label_zh"] if lang == "zh" else t["label_en"]
        if t["probability"] is None:
            rows.append((label, t["clause"], _required(t, labels), "-", "-", "-"))
            continue
        rows.append(
            (
                label,
                t["clause"],
                _required(t, labels),
                _text.percent(t["probability"], lang),
                f"{t['mean']:.1f}",
                f"{t['p05']:.0f}-{t['p95']:.0f}",
            )
        )
    title = labels["targets"].format(deadline=report["deadline"], runs=report["runs"])
    return [title, *_text.table(rows)]


def _text_counties(
    report: Mapping[str, Any], lang: str, registry: RegionRegistry
) -> list[str]:
    labels = _SIM_LABELS[lang]
    c = report["counties"]
    share = _text.percent(_LIKELY, lang)
    expected = labels["expected_empty"].format(
        expected=c["expected_empty"],
        total=c["total"],
        p_all=_text.percent(c["p_all_covered"], lang),
    )
    out = [
        labels["counties"].format(day=c["on"]),
        *(f"  {line}" for line in _text.wrap(expected, _text.NOTE_WIDTH - 2)),
    ]

    def rows(counties: Sequence[Mapping[str, Any]]) -> list[str]:
        return _text.table(
            [
                (
                    f"{x['code']} {x['name_zh']}",
                    registry.label(x["unit"], lang),
                    _text.percent(x["p_empty"], lang),
                )
                for x in counties
            ],
            indent="    ",
        )

    if c["likely_empty"]:
        out += ["  " + labels["likely"].format(share=share), *rows(c["likely_empty"])]
    else:
        out.append("  " + labels["likely_none"].format(share=share))
    if c["most_at_risk"]:
        out += ["  " + labels["at_risk"], *rows(c["most_at_risk"])]
    elif not c["likely_empty"]:
        out.append("  " + labels["no_risk"])
    return out


def _text_awards(
    report: Mapping[str, Any], lang: str, registry: RegionRegistry
) -> list[str]:
    labels = _SIM_LABELS[lang]
    a = report["awards"]
    years = [str(row["year"]) for row in a["by_year"]]
    out = [labels["awards"]]
    out += _text.table(
        [
            (labels["h_year"], labels["h_awards"], labels["h_interval"]),
            *(
                (str(r["year"]), f"{r['mean']:.1f}", f"{r['p05']:.0f}-{r['p95']:.0f}")
                for r in a["by_year"]
            ),
            (
                labels["total"],
                f"{a['total']['mean']:.1f}",
                f"{a['total']['p05']:.0f}-{a['total']['p95']:.0f}",
            ),
        ]
    )
    head = (labels["h_unit"], *years, labels["total"])
    out += ["", labels["awards_by_unit"]]
    out += _text.table(
        [
            head,
            *(
                (
                    registry.label(u["unit"], lang),
                    *(f"{u['awards'][y]:.1f}" for y in [*years, "total"]),
                )
                for u in a["by_unit"]
            ),
        ]
    )
    out += ["", labels["money"]]
    if a["total"]["mean"] == 0:
        return [*out, f"  {labels['no_awards']}"]
    if not a["amounts_determined"]:
        text = labels["undetermined"].format(
            cap=_text.money(a["cap_fen"], lang),
            fund=a["fund"],
            awards=a["undetermined_awards"]["mean"],
        )
        return out + [f"  {line}" for line in _text.wrap(text, _text.NOTE_WIDTH)]

    def cell(u: Mapping[str, Any], y: str) -> str:
        money, undetermined = u["money_fen"][y], u["undetermined_awards"][y]
        if money == 0 and undetermined > 0:
            return labels["undetermined_cell"]
        return _text.money(money, lang) + ("*" if undetermined > 0 else "")

    out += _text.table(
        [
            head,
            *(
                (
                    registry.label(u["unit"], lang),
                    *(cell(u, y) for y in [*years, "total"]),
                )
                for u in a["by_unit"]
            ),
        ]
    )
    if a["undetermined_awards"]["mean"] > 0:
        text = labels["partly"].format(awards=a["undetermined_awards"]["mean"])
        out += [f"  {line}" for line in _text.wrap(text, _text.NOTE_WIDTH)]
    return out


def _text_drivers(data: Mapping[str, Any], lang: str) -> list[str]:
    """The assumptions that move each figure most, and the analysis's design."""
    labels = _SIM_LABELS[lang]
    rows: list[tuple[str, ...]] = []
    for figure in data["figures"]:
        drivers = [
            (d["assumption"], f"{d['value']:.3g} ± {d['confidence']:.2g}")
            for d in figure["drivers"]
        ] or [(labels["drivers_none"], "")]
        rows += [
            ("" if i else figure["figure"], *driver) for i, driver in enumerate(drivers)
        ]
    caption = _text.wrap(
        data["caption_zh" if lang == "zh" else "caption"], _text.NOTE_WIDTH - 2
    )
    return [
        *_text.wrap(labels["drivers"].format(index=data["index"]), _text.NOTE_WIDTH),
        *_text.table(rows),
        *(f"  {line}" for line in caption),
    ]


def _simulation_text(
    report: Mapping[str, Any], lang: str, registry: RegionRegistry
) -> str:
    labels = _SIM_LABELS[lang]
    brands_figure, provincial = report["calibration"]
    sources = labels["sources_text"].format(
        brands=brands_figure["value"],
        brands_as_of=brands_figure["as_of"],
        brands_source=brands_figure["source"],
        provincial=provincial["value"],
        provincial_as_of=provincial["as_of"],
        docs=_SIMULATION_DOCS,
    )
    out = _text_header(report, lang)
    out += ["", *_text_targets(report, lang)]
    out += ["", *_text_counties(report, lang, registry)]
    out += ["", *_text_awards(report, lang, registry)]
    if "sensitivity" in report:
        out += ["", *_text_drivers(report["sensitivity"], lang)]
    out += [
        "",
        labels["sources"],
        *(f"  {x}" for x in _text.wrap(sources, _text.NOTE_WIDTH)),
    ]
    if report["files"]:
        out += ["", f"{labels['files']}:", *(f"  {f}" for f in report["files"])]
    return "\n".join(out) + "\n"


#: Tables ``--out`` writes: all but the per-run ``counties`` table, whose


#: runs x months x 107 rows take 300 MB of CSV for 2,000 runs;
#: ``empty_counties.csv`` sums it up per county instead.
_OUT_TABLES: Final = (
    "stages",
    "categories",
    "recognitions",
    "awards",
    "money",
    "award_events",
    "targets",
)
#: The figures ``--plot`` writes, by file stem.
_PLOTS: Final = ("brands_over_time", "cost_by_city_and_year", "empty_counties")
#: Every file ``--out`` may write: a run removes those it does not write again.
_OUT_FILES: Final = (
    *(f"{table}.{suffix}" for table in _OUT_TABLES for suffix in ("csv", "parquet")),
    "empty_counties.csv",
    "metadata.json",
    *(f"{name}.png" for name in _PLOTS),
)


def _save_tables(results: Results, directory: Path) -> list[Path]:
    """Write the tidy tables (CSV, and Parquet with pyarrow) and the empty counties."""
    import pandas as pd

    from labourbrand.simulation import save
    from labourbrand.simulation.plots import empty_counties_table

    formats = ("csv", "parquet") if _io.has("pyarrow") else ("csv",)
    written = save(results, directory, formats=formats, tables=_OUT_TABLES)
    path = directory / "empty_counties.csv"
    pd.DataFrame(empty_counties_table(results, threshold=0)).to_csv(path, index=False)
    return [*written, path]


def _save_plots(results: Results, directory: Path, lang: str) -> list[Path]:
    """Write the PNG figures of :mod:`labourbrand.simulation.plots`."""
    from labourbrand.simulation import plots

    written = []
    for name in _PLOTS:
        figure = getattr(plots, name)(results, lang=lang)
        path = directory / f"{name}.png"
        figure.savefig(path, dpi=120)
        written.append(path)
    return written


def _write_outputs(results: Results, out: str, *, plot: bool, lang: str) -> list[str]:
    """Write the tables (and plots) into *out*, all at once; return the paths written.

    The files are written into a staging folder inside *out* and moved into
    place only when all are written (:func:`._io.staged`): a failure leaves
    *out* as it was, and a file of an earlier run that this one does not
    write (a plot, a Parquet table) is removed rather than left beside the
    new ones.
    """
    missing = [
        m for m in ("pandas", *(["matplotlib"] if plot else [])) if not _io.has(m)
    ]
    if missing:
        extra = "sim,plot" if plot else "sim"
        msg = f"Expected {' and '.join(missing)} for --out{' --plot' if plot else ''} but got none installed (pip install 'labourbrand[{extra}]')"
        raise LabourBrandError(msg)
    directory = Path(out)
    with _io.staged(directory, replaces=_OUT_FILES) as staging:
        written = _save_tables(results, staging)
        if plot:
            written += _save_plots(results, staging, lang)
    return [str(directory / path.name) for path in written]


def _with_horizon(scenario: Scenario, until: pendulum.Date) -> Scenario:
    try:
        return attrs.evolve(scenario, horizon=until)
    except InvalidArgumentError as exc:
        msg = f"argument --until: {exc}"
        raise InvalidArgumentError(msg, field="until") from exc


def _report(
    results: Results, scenario: Scenario, *, file: str | None, files: list[str]
) -> dict[str, Any]:
    """The report of the results, with the scenario file and the files written."""
    report = results.report(scenario)
    name, *rest = report["scenario"].items()
    report["scenario"] = dict([name, ("file", file), *rest])
    return report | {"files": files}


#: The most runs per design point of ``--sensitivity``.
_SENSITIVITY_RUNS: Final = 500


def _sensitivity(
    scenario: Scenario, args: argparse.Namespace, *, progress: bool
) -> dict[str, Any]:
    """The report of ``--sensitivity``: a Morris analysis of the headline figures."""
    from labourbrand import simulation

    with _io.relayed_warnings():
        analysis = simulation.sensitivity(
            scenario,
            runs=min(args.runs, _SENSITIVITY_RUNS),
            seed=args.seed,
            samples=args.sensitivity,
            progress=progress,
        )
    return analysis.report()


def read_scenario(path: str, args: argparse.Namespace) -> Scenario:
    """The scenario of the file at *path* (``-``: stdin), for the command's *args*.

    Its rule files are read from its folder; installed plugins load unless
    ``--no-entry-points``.
    """
    from labourbrand.simulation import Scenario

    return Scenario.from_toml(
        _io.read(path),
        source=_io.source(path),
        entry_points=not args.no_entry_points,
        directory=None if path == "-" else Path(path).parent,
    )


def with_plugin_options(
    scenario: Scenario, args: argparse.Namespace, rules: Sequence[object]
) -> Scenario:
    """*scenario* with the plugin options of the command line (:func:`._io.plugin_selection`).

    *rules* (the ``--rules`` files, read once for every scenario) are added to
    the scenario's plugins, ``--block`` to its block list, and ``--strict``
    set; ``--allow`` narrows the scenario's own ``allow``: a plugin loads
    only if every allow list given names it.
    """
    selection = _io.plugin_selection(args)
    allow = selection["allow"]
    if allow is not None and scenario.allow is not None:
        allow = tuple(name for name in allow if name in scenario.allow)
    return attrs.evolve(
        scenario,
        plugins=(*scenario.plugins, *rules),
        allow=scenario.allow if allow is None else allow,
        block=(*scenario.block, *selection["block"]),
        strict=selection["strict"],
    )


@contextlib.contextmanager
def run_options(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    """The keyword arguments of a run from ``--runs``, ``--seed``, ``--max-memory`` and ``--no-progress``.

    Within the block, the run's warnings go to stderr, and a run refused
    for its memory is said in the command's words.
    """
    progress = not args.no_progress and sys.stderr.isatty() and _io.has("tqdm")
    limit = {} if args.max_memory is None else {"max_memory": args.max_memory}
    try:
        with _io.relayed_warnings():
            yield {"runs": args.runs, "seed": args.seed, "progress": progress} | limit
    except ResourceLimitError as exc:
        # Checked before any work: say it in the command's words.
        msg = "argument --runs: " + str(exc).replace("max_memory=", "--max-memory ")
        raise ResourceLimitError(
            msg.replace("raise max_memory", "raise --max-memory"),
            field="runs",
            needed=exc.needed,
            limit=exc.limit,
        ) from exc


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand simulate`` with the parsed *args*; return what it prints."""
    if not _io.has("numpy"):
        msg = "Expected numpy for simulate but got none installed (pip install 'labourbrand[sim]')"
        raise LabourBrandError(msg)
    from labourbrand import simulation

    if args.scenario is None:
        scenario = simulation.Scenario(
            "baseline", entry_points=not args.no_entry_points
        )
    else:
        scenario = read_scenario(args.scenario, args)
    if args.until is not None:
        scenario = _with_horizon(scenario, args.until)
    scenario = with_plugin_options(scenario, args, read_rule_files(args.rules or ()))
    with run_options(args) as options:
        results = simulation.run(scenario, **options)
    drivers = (
        _sensitivity(scenario, args, progress=options["progress"])
        if args.sensitivity is not None
        else None
    )
    files = (
        _write_outputs(results, args.out, plot=args.plot, lang=args.lang)
        if args.out is not None
        else []
    )
    report = _report(
        results,
        scenario,
        file=None if args.scenario is None else _io.source(args.scenario),
        files=files,
    )
    if drivers is not None:
        report["sensitivity"] = drivers
    if args.format == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    registry = scenario.regions if scenario.regions is not None else regions.shaanxi()
    return _simulation_text(report, args.lang, registry)
