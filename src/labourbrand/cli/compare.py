"""``labourbrand compare``: scenario files run with the same seed, their paired differences with intervals.

The numbers are :meth:`labourbrand.simulation.Comparison.differences`; this
module reads the files, runs them as ``simulate`` runs one (the same options
and plugin options, :mod:`.simulate`'s helpers), and renders the rows as
text (a table per scenario), JSON or CSV. numpy (extra ``sim``) is imported
only when the command runs.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from typing import TYPE_CHECKING, Any, Final

from labourbrand._validators import show
from labourbrand.cli import _io, _text, simulate
from labourbrand.exceptions import DataError, LabourBrandError


if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from labourbrand.simulation import Scenario


__all__ = ["FORMATS", "level", "run"]

#: The output formats.
FORMATS: Final = ("text", "json", "csv")
#: The columns of the CSV output, the keys of a row of differences and the file.
_COLUMNS: Final = (
    "scenario",
    "file",
    "metric",
    "runs",
    "level",
    "baseline_mean",
    "mean",
    "difference",
    "mcse",
    "low",
    "high",
    "verdict",
)
#: Numbers from this size up are shown whole, with thousands separators.
_WHOLE_FROM: Final = 1000

_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Scenarios compared with {baseline}: {runs:,} paired runs, seed {seed}",
        "method": (
            "Runs with the same seed share their random draws, so each figure is "
            "compared run by run. difference: the mean paired difference; MCSE: "
            "its Monte Carlo standard error (the standard deviation of the paired "
            "differences over the square root of the runs); interval: difference "
            "± {z:.2f} MCSE, the normal approximation at {level}; a difference is "
            "distinguishable when the interval excludes 0. P(...) is the "
            "probability of meeting a target. The intervals show the runs' noise "
            "given the model's assumptions, not the uncertainty of the assumptions."
        ),
        "against": "{name}{file} against {baseline}",
        "h_metric": "figure",
        "h_baseline": "baseline",
        "h_scenario": "scenario",
        "h_difference": "difference",
        "h_interval": "{level} interval",
        "h_mcse": "MCSE",
        "h_verdict": "verdict",
        "distinguishable": "distinguishable",
        "not distinguishable": "not distinguishable at {runs:,} runs",
        "identical": "identical",
        "not assessed": "not assessed",
    },
    "zh": {
        "title": "与{baseline}比较的情景:{runs:,}次配对模拟,随机种子{seed}",
        "method": (
            "相同随机种子的模拟共用随机数,因此逐次比较各项指标。差值:配对差值的均值;"
            "MCSE:其蒙特卡洛标准误(配对差值的标准差除以模拟次数的平方根);"
            "区间:差值±{z:.2f}倍MCSE,{level}正态近似;区间不含0即可与噪声区分。"
            "P(...)为实现目标的概率。区间反映给定模型假设下模拟的随机性,而非假设本身的不确定性。"
        ),
        "against": "{name}{file}与{baseline}比较",
        "h_metric": "指标",
        "h_baseline": "基准",
        "h_scenario": "情景",
        "h_difference": "差值",
        "h_interval": "{level}区间",
        "h_mcse": "MCSE",
        "h_verdict": "结论",
        "distinguishable": "可与噪声区分",
        "not distinguishable": "{runs:,}次模拟下不可区分",
        "identical": "完全相同",
        "not assessed": "未评估",
    },
}


def level(text: str) -> float:
    """An argparse type: a confidence level strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < 1:  # NaN fails too
        msg = f"Expected a level between 0 and 1 (exclusive) but got {show(text)}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _scenarios(args: argparse.Namespace) -> list[Scenario]:
    """The scenario of each file, with the command's plugin options; names distinct."""
    from labourbrand.plugins import read_rule_files

    rules = read_rule_files(args.rules or ())
    files = [args.baseline, *args.scenarios]
    scenarios: list[Scenario] = []
    seen: dict[str, str] = {}
    for path in files:
        scenario = simulate.read_scenario(path, args)
        if scenario.name in seen:
            msg = (
                f"Expected a scenario name unlike that of {seen[scenario.name]} "
                f"but got {scenario.name!r} @ $.name"
            )
            raise DataError(_io.source(path), [msg])
        seen[scenario.name] = _io.source(path)
        scenarios.append(simulate.with_plugin_options(scenario, args, rules))
    return scenarios


def _number(value: float, *, signed: bool = False) -> str:
    if math.isnan(value):
        return "-"
    if value == 0:
        return "0"
    sign = "+" if signed else ""
    if abs(value) >= _WHOLE_FROM:
        return f"{value:{sign},.0f}"
    return f"{value:{sign}.4g}"


def _figure(metric: str) -> str:
    """A figure as the table names it: ``P(target)`` for a target's indicator."""
    return f"P({metric.removeprefix('met:')})" if metric.startswith("met:") else metric


def _render(data: Mapping[str, Any], lang: str) -> str:
    from statistics import NormalDist

    labels = _LABELS[lang]
    share = _text.percent(data["level"], lang)
    z = NormalDist().inv_cdf((1 + data["level"]) / 2)
    base = data["baseline"]["name"]
    out = [
        labels["title"].format(baseline=base, runs=data["runs"], seed=data["seed"]),
        *_text.wrap(labels["method"].format(z=z, level=share), _text.NOTE_WIDTH),
    ]
    head = tuple(
        labels[k].format(level=share)
        for k in (
            "h_metric",
            "h_baseline",
            "h_scenario",
            "h_difference",
            "h_interval",
            "h_mcse",
            "h_verdict",
        )
    )
    for scenario in data["scenarios"][1:]:
        rows = [r for r in data["differences"] if r["scenario"] == scenario["name"]]
        file = f" ({scenario['file']})" if scenario["file"] else ""
        title = labels["against"].format(
            name=scenario["name"], file=file, baseline=base
        )
        out += ["", title]
        out += _text.table(
            [
                head,
                *(
                    (
                        _figure(r["metric"]),
                        _number(r["baseline_mean"]),
                        _number(r["mean"]),
                        _number(r["difference"], signed=True),
                        "-"
                        if math.isnan(r["low"])
                        else f"{_number(r['low'], signed=True)} .. "
                        f"{_number(r['high'], signed=True)}",
                        _number(r["mcse"]),
                        labels[r["verdict"]].format(runs=r["runs"]),
                    )
                    for r in rows
                ),
            ]
        )
    return "\n".join(out) + "\n"


def _json_value(value: object) -> object:
    """NaN (a figure not assessed) as JSON's null."""
    return None if isinstance(value, float) and math.isnan(value) else value


def _csv(data: Mapping[str, Any]) -> str:
    files = {s["name"]: s["file"] for s in data["scenarios"]}
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, fieldnames=_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in data["differences"]:
        writer.writerow(
            {k: "" if v is None else v for k, v in row.items()}
            | {"file": files[row["scenario"]] or ""}
        )
    return stream.getvalue()


def _data(
    rows: Sequence[Mapping[str, Any]], args: argparse.Namespace
) -> dict[str, Any]:
    files = [args.baseline, *args.scenarios]
    names = list(dict.fromkeys(r["scenario"] for r in rows))
    scenarios = [
        {"name": name, "file": _io.source(path)}
        for name, path in zip(names, files, strict=True)
    ]
    return {
        "runs": args.runs,
        "seed": args.seed,
        "level": args.level,
        "baseline": scenarios[0],
        "scenarios": scenarios,
        "differences": [{k: _json_value(v) for k, v in r.items()} for r in rows],
    }


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand compare`` with the parsed *args*; return what it prints."""
    if not _io.has("numpy"):
        msg = "Expected numpy for compare but got none installed (pip install 'labourbrand[sim]')"
        raise LabourBrandError(msg)
    from labourbrand import simulation

    baseline, *others = _scenarios(args)
    with simulate.run_options(args) as options:
        comparison = simulation.compare(baseline, *others, **options)
    data = _data(comparison.differences(level=args.level), args)
    if args.format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        text = _csv(data)
    else:
        text = _render(data, args.lang)
    if args.out is None:
        return text
    with _io.output(args.out) as stream:
        stream.write(text)
    return ""
