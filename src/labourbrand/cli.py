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
``lifecycle``
    Print the lifecycle state machine as Mermaid, Graphviz DOT or a Markdown
    table.
``plugins``
    List the plugins the policy loads (name, version, distribution, source,
    hooks, jurisdictions, rules, optionally those in force on ``--on``) and
    the installed plugins that failed to load; ``--allow``, ``--block``,
    ``--no-entry-points`` and ``--strict`` choose what loads.

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
import datetime as dt
import difflib
import importlib.util
import json
import math
import re
import sys
import unicodedata
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from labourbrand import brands, lifecycle, regions
from labourbrand.exceptions import (
    DataError,
    InvalidArgumentError,
    LabourBrandError,
    LabourBrandWarning,
)


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import numpy.typing as npt
    import pendulum

    from labourbrand import Brand
    from labourbrand.plugins import PluginFailure, PluginInfo
    from labourbrand.policy.parameters import ParameterSet
    from labourbrand.simulation import Results, Scenario


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

_NOTE_WIDTH: Final = 76
_WIDE: Final = frozenset({"W", "F"})
# A run of spaces; a word of narrow characters with the wide character glued to
# it, so that "(" never ends a line; or one other (wide) character.
_TOKENS: Final = re.compile(r" +|[!-~]+[^ !-~]?|.")
# Punctuation that must not start a line (kinsoku): it stays on the line before.
_NO_LINE_START: Final = frozenset("。、,.;:!?)")


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


def _table(rows: Sequence[tuple[str, ...]], *, indent: str = "  ") -> list[str]:
    """Align the columns of *rows* (at least one; all but the last padded), indented."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        indent
        + "  ".join(
            [*(_pad(c, w) for c, w in zip(r, widths, strict=False)), r[-1]]
        ).rstrip()
        for r in rows
    ]


def _fields(rows: Sequence[tuple[str, str]], *, width: int = _NOTE_WIDTH) -> list[str]:
    """Label-value lines, the values wrapped and aligned after the longest label."""
    indent = max(_width(label) for label, _ in rows) + 2
    out = []
    for label, value in rows:
        lines = _wrap(value, max(width - indent, 20))
        out.append(_pad(label, indent) + lines[0])
        out += [" " * indent + line for line in lines[1:]]
    return out


def _got(value: object) -> str:
    return f"{value!r} (type={type(value).__name__})"


def _warn(message: str) -> None:
    sys.stderr.write(f"labourbrand: warning: {message}\n")


def _has(module: str) -> bool:
    """Whether an optional dependency is installed."""
    return importlib.util.find_spec(module) is not None


def _read(path: str) -> bytes:
    """The bytes of *path*, or of standard input for ``-``."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read the file: {exc.strerror or type(exc).__name__}"
        raise LabourBrandError(msg) from exc


def _source(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _day(text: str) -> pendulum.Date:
    """Parse a ``DATE`` option; a bad day is a usage error."""
    from labourbrand.dates import parse_date

    try:
        return parse_date(text)
    except LabourBrandError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _count(minimum: int) -> Callable[[str], int]:
    """An argparse type: an int >= *minimum*."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            msg = f"Expected an int >= {minimum} but got {text!r}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


def _unit_name(registry: regions.RegionRegistry, unit: str, lang: str) -> str:
    """A city-level unit's name: ``"Ankang"`` in English (if it has one), else ``"安康市"``."""
    name_en = registry[unit].name_en if unit.isdigit() else registry.zone(unit).name_en
    if lang == "en" and name_en:
        return name_en
    return registry.name_of(unit)


# ------------------------------------------------------------- scenario files
#: The keys of a scenario file, in the order the docs list them.
_SCENARIO_KEYS: Final = (
    "name",
    "start",
    "horizon",
    "parameters_from",
    "parameters",
    "assumptions",
)
_SCENARIO_DAYS: Final = ("start", "horizon", "parameters_from")


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    match = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean {match[0]!r}?" if match else ""


def _toml_day(value: object) -> pendulum.Date:
    """A TOML date (``2025-12-31``) or a string ``"2025-12-31"``."""
    from labourbrand.dates import as_date

    if isinstance(value, str) or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ):
        return as_date(value)
    msg = f"Expected a day YYYY-MM-DD but got {_got(value)}"
    raise InvalidArgumentError(msg)


def _toml_table(
    data: Mapping[str, object], key: str, errors: list[str]
) -> dict[str, Any]:
    value = data.get(key, {})
    if isinstance(value, dict):
        return value
    errors.append(f"Expected a table [{key}] but got {_got(value)} @ $.{key}")
    return {}


def _scenario_parameters(
    table: Mapping[str, object], errors: list[str]
) -> dict[str, object]:
    """Check each parameter override on its own, so every error names its key."""
    from labourbrand.policy.parameters import load_parameters

    parameters = load_parameters()
    known = sorted(parameters)
    good: dict[str, object] = {}
    for name, raw in table.items():
        # with_overrides takes days as strings; TOML gives them as dates.
        value = raw.isoformat() if type(raw) is dt.date else raw
        if name not in known:
            errors.append(
                f"Expected a parameter name among {', '.join(known)} but got "
                f"{name!r}{_did_you_mean(name, known)} @ $.parameters.{name}"
            )
            continue
        try:
            parameters.with_overrides({name: value})
        except InvalidArgumentError as exc:
            message = str(exc).removeprefix(f"{name}: ")
            errors.append(f"{message} @ $.parameters.{name}")
            continue
        good[name] = value
    return good


def _scenario_assumptions(
    table: Mapping[str, object], errors: list[str]
) -> dict[str, object]:
    """Check each assumption override on its own, so every error names its key."""
    from labourbrand.simulation import Assumptions

    defaults = Assumptions()
    known = [a.name for a in attrs.fields(Assumptions)]
    good: dict[str, object] = {}
    for name, value in table.items():
        if name not in known:
            errors.append(
                "Expected an assumption name (a field of "
                f"labourbrand.simulation.Assumptions) but got {name!r}"
                f"{_did_you_mean(name, known)} @ $.assumptions.{name}"
            )
            continue
        try:
            defaults.with_overrides({name: value})
        except InvalidArgumentError as exc:
            errors.append(f"{exc} @ $.assumptions.{name}")
            continue
        good[name] = value
    return good


def _load_scenario(path: str, *, entry_points: bool) -> Scenario:
    """Read a scenario file, checking every key; all errors name the file and key.

    Raises:
        DataError: the file is not UTF-8 TOML, or keys are missing, unknown or bad.
    """
    import tomllib

    from labourbrand.simulation import Scenario

    source = _source(path)
    raw = _read(path)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        msg = f"Expected UTF-8 text but got the byte {raw[exc.start]:#04x} at offset {exc.start} @ $"
        raise DataError(source, [msg]) from exc
    except tomllib.TOMLDecodeError as exc:
        msg = f"Expected TOML but got a syntax error: {exc} @ $"
        raise DataError(source, [msg]) from exc
    errors: list[str] = [
        f"Expected a key among {', '.join(_SCENARIO_KEYS)} but got "
        f"{key!r}{_did_you_mean(key, _SCENARIO_KEYS)} @ $.{key}"
        for key in data
        if key not in _SCENARIO_KEYS
    ]
    fields: dict[str, Any] = {}
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        fields["name"] = name
    elif "name" not in data:
        errors.append("Expected the scenario's name but the key is missing @ $.name")
    else:
        errors.append(f"Expected a non-empty name but got {_got(name)} @ $.name")
    for key in _SCENARIO_DAYS:
        if key in data:
            try:
                fields[key] = _toml_day(data[key])
            except InvalidArgumentError as exc:
                errors.append(f"{exc} @ $.{key}")
    parameters = _toml_table(data, "parameters", errors)
    fields["parameters"] = _scenario_parameters(parameters, errors)
    assumptions = _toml_table(data, "assumptions", errors)
    fields["assumptions"] = _scenario_assumptions(assumptions, errors)
    if errors:
        raise DataError(source, errors)
    try:
        return Scenario(**fields, entry_points=entry_points)
    except InvalidArgumentError as exc:
        # Values fine one by one that do not fit together (horizon before start).
        raise DataError(source, [f"{exc} @ $.{exc.field}"]) from exc


# ------------------------------------------------------------------- simulate
#: Counties listed as "most at risk" besides those likely to have no brand.
_AT_RISK: Final = 5
#: The share of runs from which a county counts as likely to have no brand.
_LIKELY: Final = 0.5
_INTERVAL: Final = (0.05, 0.95)
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
    },
    "zh": {
        "title": "陕西劳务品牌:政策情景模拟(至{horizon})",
        "scenario": "情景",
        "packaged": "随库数据、参数和假设",
        "runs": "模拟次数",
        "runs_value": "{runs:,}次,随机种子{seed};按月模拟,{start}至{horizon}",
        "award": "吸纳就业一次性奖补",
        "award_value": (
            "第四条第(二)款;吸纳签订协议的农村劳动力{threshold}人以上,"
            "每个品牌奖补上限{cap}({day})"
        ),
        "not_in_force": "未生效",
        "award_not_in_force": "第四条第(二)款;{day}尚未生效",
        "parameters": "调整的参数",
        "from": "自{day}起",
        "assumptions": "调整的假设",
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
        "awards": "每年吸纳就业一次性奖补(第四条第(二)款)次数",
        "h_year": "年份",
        "h_awards": "奖补次数(均值)",
        "total": "合计",
        "awards_by_unit": "按市级单位和年份的奖补次数(模拟均值)",
        "h_unit": "市级单位",
        "money": "按市级单位和年份的奖补金额(模拟均值)",
        "undetermined": (
            "金额待定。第四条第(二)款规定奖补金额由各市级单位财政、人社部门确定,"
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
    },
}


def _quantiles(values: npt.NDArray[Any]) -> tuple[float, float, float]:
    """Mean, 5 % and 95 % quantiles over runs, rounded for reports."""
    import numpy as np

    low, high = np.quantile(values.astype(np.float64), _INTERVAL)
    return (
        round(float(values.mean()), 2),
        round(float(low), 2),
        round(float(high), 2),
    )


def _scenario_parameters_set(scenario: Scenario) -> ParameterSet:
    """The scenario's parameters, as :meth:`Scenario.policy` builds them."""
    from labourbrand.policy.parameters import load_parameters

    parameters = load_parameters()
    if scenario.parameters:
        parameters = parameters.with_overrides(
            scenario.parameters,
            from_day=scenario.parameters_from,
            reference=f"scenario {scenario.name!r}",
        )
    return parameters


def _json_value(value: object) -> object:
    """A parameter or assumption value as JSON: money as int fen, days as text."""
    from labourbrand.money import Fen

    if isinstance(value, Fen):
        return value.amount
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def _changes(scenario: Scenario, parameters: ParameterSet) -> dict[str, Any]:
    """The scenario's parameter and assumption overrides, as JSON values."""
    from labourbrand.simulation import Assumptions

    defaults = Assumptions()
    return {
        "parameters": {
            name: _json_value(parameters[name].values[-1].value)
            for name in scenario.parameters
        },
        "parameters_from": scenario.parameters_from.isoformat()
        if scenario.parameters_from is not None
        else None,
        "assumptions": {
            a.name: _json_value(getattr(scenario.assumptions, a.name))
            for a in attrs.fields(Assumptions)
            if getattr(scenario.assumptions, a.name) != getattr(defaults, a.name)
        },
    }


def _targets_report(results: Results) -> list[dict[str, Any]]:
    from labourbrand.policy._checks import _TARGET_LABELS

    probabilities = results.target_probabilities()
    rows = []
    for i, spec in enumerate(results.targets):
        p = probabilities[spec.name]
        assessed = not math.isnan(p)
        mean, low, high = _quantiles(results.target_values[:, i])
        zh, en = _TARGET_LABELS[spec.name]
        rows.append(
            {
                "target": spec.name,
                "label_zh": zh,
                "label_en": en,
                "clause": spec.clause,
                "required": spec.required,
                "quantified": spec.quantified,
                "in_force": spec.in_force,
                "per_county": spec.per_county,
                "probability": round(p, 4) if assessed else None,
                "mean": mean if assessed else None,
                "p05": low if assessed else None,
                "p95": high if assessed else None,
            }
        )
    return rows


def _counties_report(results: Results, month: int) -> dict[str, Any]:
    from labourbrand.simulation.plots import empty_counties_table

    empty = results.county_brands[:, month, :] == 0
    rows = [
        (
            round(cast("float", row["p_empty"]), 4),
            {
                "code": row["county"],
                "name_zh": row["county_zh"],
                "unit": row["unit"],
                "unit_zh": row["unit_zh"],
            },
        )
        for row in empty_counties_table(results, month=month, threshold=0)
    ]
    likely = [county | {"p_empty": p} for p, county in rows if p >= _LIKELY]
    at_risk = [county | {"p_empty": p} for p, county in rows if 0 < p < _LIKELY]
    return {
        "on": results.days[month].isoformat(),
        "total": len(results.counties),
        "expected_empty": round(float(empty.sum(axis=1).mean()), 2),
        "p_all_covered": round(float((~empty.any(axis=1)).mean()), 4),
        "likely_empty": likely,
        "most_at_risk": at_risk[:_AT_RISK],
    }


def _awards_report(results: Results, cap: int | None) -> dict[str, Any]:
    import numpy as np

    registry = regions.shaanxi()
    years = results.years
    year_of_month = np.array([years.index(d.year) for d in results.days])
    # (R, Y, U) awards per run, year and city-level unit.
    awards = np.stack(
        [
            results.awards[:, year_of_month == y, :].sum(axis=1)
            for y in range(len(years))
        ],
        axis=1,
    )
    per_year = awards.sum(axis=2)
    total = per_year.sum(axis=1)
    undetermined = results.money_undetermined
    units = []
    for u, unit in enumerate(results.units):
        units.append(
            {
                "unit": unit,
                "unit_zh": results.unit_names[u],
                "unit_label_en": _unit_name(registry, unit, "en"),
                "awards": {
                    str(y): round(float(awards[:, i, u].mean()), 2)
                    for i, y in enumerate(years)
                }
                | {"total": round(float(awards[:, :, u].sum(axis=1).mean()), 2)},
                "money_fen": {
                    str(y): round(float(results.money[:, i, u].mean()))
                    for i, y in enumerate(years)
                }
                | {"total": round(float(results.money[:, :, u].sum(axis=1).mean()))},
                "undetermined_awards": {
                    str(y): round(float(undetermined[:, i, u].mean()), 2)
                    for i, y in enumerate(years)
                }
                | {"total": round(float(undetermined[:, :, u].sum(axis=1).mean()), 2)},
            }
        )
    mean, low, high = _quantiles(total)
    money = results.money.sum(axis=(1, 2))
    money_mean, money_low, money_high = _quantiles(money)
    u_mean, u_low, u_high = _quantiles(undetermined.sum(axis=(1, 2)))
    return {
        "by_year": [
            dict(
                zip(
                    ("year", "mean", "p05", "p95"),
                    (y, *_quantiles(per_year[:, i])),
                    strict=True,
                )
            )
            for i, y in enumerate(years)
        ],
        "total": {"mean": mean, "p05": low, "p95": high},
        "amounts_determined": results.amounts_determined,
        "money_fen": {
            "mean": round(money_mean),
            "p05": round(money_low),
            "p95": round(money_high),
        },
        "undetermined_awards": {"mean": u_mean, "p05": u_low, "p95": u_high},
        "cap_fen": cap,
        "fund": results.fund,
        "amounts_set_by": "市级财政、人社部门",
        "suppliers": list(results.suppliers),
        "by_unit": units,
    }


def _simulation_report(
    results: Results, scenario: Scenario, *, file: str | None, files: list[str]
) -> dict[str, Any]:
    """Everything ``simulate`` reports, as JSON-ready data (text renders it)."""
    parameters = _scenario_parameters_set(scenario)
    month = (
        results.deadline_month
        if results.deadline_month is not None
        else results.months - 1
    )
    day = results.days[month]
    snapshot = parameters.at(day)
    threshold = snapshot.get("employment_award_threshold")
    cap = snapshot.get("employment_award_cap")
    cap_fen = _json_value(cap.value) if cap is not None else None
    calibration = [
        brands.reported("labour_brands_total")[0],
        brands.reported("provincial_labour_brands")[0],
    ]
    return {
        "scenario": {
            "name": scenario.name,
            "file": file,
            "start": scenario.start.isoformat(),
            "horizon": scenario.horizon.isoformat(),
            **_changes(scenario, parameters),
        },
        "runs": results.runs,
        "seed": results.seed,
        "deadline": results.deadline.isoformat()
        if results.deadline is not None
        else None,
        "targets_assessed": results.deadline_month is not None,
        "employment_award": {
            "on": day.isoformat(),
            "threshold": _json_value(threshold.value)
            if threshold is not None
            else None,
            "cap_fen": cap_fen,
        },
        "targets": _targets_report(results),
        "counties": _counties_report(results, month),
        "awards": _awards_report(results, cap_fen if type(cap_fen) is int else None),
        "calibration": [attrs.asdict(figure) for figure in calibration],
        "files": files,
    }


def _percent(p: float, lang: str) -> str:
    """A share of runs; never rounds a possibility to 0 % or 100 %."""
    unit = " %" if lang == "en" else "%"
    if 0 < p < 0.005:  # noqa: PLR2004 - what rounds to 0 %
        return f"<1{unit}"
    if 0.995 <= p < 1:  # noqa: PLR2004 - what rounds to 100 %
        return f">99{unit}"
    return f"{100 * p:.0f}{unit}"


def _money(fen: int, lang: str) -> str:
    from labourbrand.money import Fen

    return Fen(fen).format(lang=lang)


def _parameter_text(name: str, value: object, lang: str) -> str:
    """A parameter override as people read it: money in yuan, the rest as given."""
    from labourbrand.policy.parameters import load_parameters

    if load_parameters()[name].unit.value == "fen" and type(value) is int:
        return _money(value, lang)
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
    if s["file"] is None and not s["parameters"] and not s["assumptions"]:
        name += f": {labels['packaged']}"
    threshold, cap = award["threshold"], award["cap_fen"]
    award_value = (
        labels["award_value"].format(
            threshold=threshold, cap=_money(cap, lang), day=award["on"]
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
        *lines(f"{labels['plugins']}:", suppliers, labels["no_plugins"]),
    ]
    return [labels["title"].format(horizon=s["horizon"]), "", *_fields(rows)]


def _text_targets(report: Mapping[str, Any], lang: str) -> list[str]:
    labels = _SIM_LABELS[lang]
    if report["deadline"] is None:
        return _wrap(labels["targets_no_deadline"], _NOTE_WIDTH)
    if not report["targets_assessed"]:
        text = labels["targets_none"].format(
            horizon=report["scenario"]["horizon"], deadline=report["deadline"]
        )
        return _wrap(text, _NOTE_WIDTH)
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
                _percent(t["probability"], lang),
                f"{t['mean']:.1f}",
                f"{t['p05']:.0f}-{t['p95']:.0f}",
            )
        )
    title = labels["targets"].format(deadline=report["deadline"], runs=report["runs"])
    return [title, *_table(rows)]


def _text_counties(report: Mapping[str, Any], lang: str) -> list[str]:
    labels = _SIM_LABELS[lang]
    c = report["counties"]
    registry = regions.shaanxi()
    share = _percent(_LIKELY, lang)
    expected = labels["expected_empty"].format(
        expected=c["expected_empty"],
        total=c["total"],
        p_all=_percent(c["p_all_covered"], lang),
    )
    out = [
        labels["counties"].format(day=c["on"]),
        *(f"  {line}" for line in _wrap(expected, _NOTE_WIDTH - 2)),
    ]

    def rows(counties: Sequence[Mapping[str, Any]]) -> list[str]:
        return _table(
            [
                (
                    f"{x['code']} {x['name_zh']}",
                    _unit_name(registry, x["unit"], lang),
                    _percent(x["p_empty"], lang),
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


def _text_awards(report: Mapping[str, Any], lang: str) -> list[str]:
    labels = _SIM_LABELS[lang]
    a = report["awards"]
    years = [str(row["year"]) for row in a["by_year"]]
    out = [labels["awards"]]
    out += _table(
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
    registry = regions.shaanxi()
    head = (labels["h_unit"], *years, labels["total"])
    out += ["", labels["awards_by_unit"]]
    out += _table(
        [
            head,
            *(
                (
                    _unit_name(registry, u["unit"], lang),
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
            cap=_money(a["cap_fen"], lang),
            fund=a["fund"],
            awards=a["undetermined_awards"]["mean"],
        )
        return out + [f"  {line}" for line in _wrap(text, _NOTE_WIDTH)]

    def cell(u: Mapping[str, Any], y: str) -> str:
        money, undetermined = u["money_fen"][y], u["undetermined_awards"][y]
        if money == 0 and undetermined > 0:
            return labels["undetermined_cell"]
        return _money(money, lang) + ("*" if undetermined > 0 else "")

    out += _table(
        [
            head,
            *(
                (
                    _unit_name(registry, u["unit"], lang),
                    *(cell(u, y) for y in [*years, "total"]),
                )
                for u in a["by_unit"]
            ),
        ]
    )
    if a["undetermined_awards"]["mean"] > 0:
        text = labels["partly"].format(awards=a["undetermined_awards"]["mean"])
        out += [f"  {line}" for line in _wrap(text, _NOTE_WIDTH)]
    return out


def _simulation_text(report: Mapping[str, Any], lang: str) -> str:
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
    out += ["", *_text_counties(report, lang)]
    out += ["", *_text_awards(report, lang)]
    out += ["", labels["sources"], *(f"  {x}" for x in _wrap(sources, _NOTE_WIDTH))]
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


def _save_tables(results: Results, directory: Path) -> list[Path]:
    """Write the tidy tables (CSV, and Parquet with pyarrow) and the empty counties."""
    import pandas as pd

    from labourbrand.simulation._save import save
    from labourbrand.simulation.plots import empty_counties_table

    formats = ("csv", "parquet") if _has("pyarrow") else ("csv",)
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
    """Write the tables (and plots) into *out*; return the paths written."""
    missing = [m for m in ("pandas", *(["matplotlib"] if plot else [])) if not _has(m)]
    if missing:
        extra = "sim,plot" if plot else "sim"
        msg = f"Expected {' and '.join(missing)} for --out{' --plot' if plot else ''} but got none installed (pip install 'labourbrand[{extra}]')"
        raise LabourBrandError(msg)
    directory = Path(out)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        written = _save_tables(results, directory)
        if plot:
            written += _save_plots(results, directory, lang)
    except OSError as exc:
        where = exc.filename if exc.filename is not None else out
        msg = f"{where}: cannot write: {exc.strerror or type(exc).__name__}"
        raise LabourBrandError(msg) from exc
    return [str(path) for path in written]


def _with_horizon(scenario: Scenario, until: pendulum.Date) -> Scenario:
    try:
        return attrs.evolve(scenario, horizon=until)
    except InvalidArgumentError as exc:
        msg = f"argument --until: {exc}"
        raise InvalidArgumentError(msg, field="until") from exc


def _simulate(args: argparse.Namespace) -> str:
    if not _has("numpy"):
        msg = "Expected numpy for simulate but got none installed (pip install 'labourbrand[sim]')"
        raise LabourBrandError(msg)
    from labourbrand.simulation import Scenario, run

    entry_points = not args.no_entry_points
    if args.scenario is None:
        scenario = Scenario("baseline", entry_points=entry_points)
    else:
        scenario = _load_scenario(args.scenario, entry_points=entry_points)
    if args.until is not None:
        scenario = _with_horizon(scenario, args.until)
    progress = not args.no_progress and sys.stderr.isatty() and _has("tqdm")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LabourBrandWarning)
        results = run(scenario, runs=args.runs, seed=args.seed, progress=progress)
    for warning in caught:
        _warn(str(warning.message))
    files = (
        _write_outputs(results, args.out, plot=args.plot, lang=args.lang)
        if args.out is not None
        else []
    )
    report = _simulation_report(
        results,
        scenario,
        file=None if args.scenario is None else _source(args.scenario),
        files=files,
    )
    if args.format == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    return _simulation_text(report, args.lang)


# ------------------------------------------------------------------- evaluate
_EVAL_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Decisions of 陕人社发〔2022〕13号 on {on}: {n} brand(s)",
        "plugins": "Amounts set by: {plugins}",
        "no_plugins": "no city plugin (delegated amounts are undetermined, not zero)",
        "county_unknown": "county unknown",
    },
    "zh": {
        "title": "陕人社发〔2022〕13号 {on}的决定:{n}个品牌",
        "plugins": "金额来源:{plugins}",
        "no_plugins": "无市级插件(授权地方确定的金额待定,并非为零)",
        "county_unknown": "县(区)不详",
    },
}


def _load_brands(path: str) -> list[Brand]:
    """The brands of a JSON file: an array of brands, or one brand object.

    Raises:
        DataError: the file is not JSON, or a field is bad (every one, with its path).
    """
    from labourbrand import Brand
    from labourbrand.serialization import from_dict

    source = _source(path)
    raw = _read(path)
    try:
        data = json.loads(raw)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        msg = f"Expected JSON text but got a syntax error: {exc} @ $"
        raise DataError(source, [msg]) from exc
    if isinstance(data, dict):
        return [from_dict(data, Brand, source=source)]
    return from_dict(data, list[Brand], source=source)


def _evaluate(args: argparse.Namespace) -> str:
    from labourbrand.dates import today
    from labourbrand.plugins import list_plugins
    from labourbrand.policy import Policy
    from labourbrand.serialization import to_dict

    items = _load_brands(args.file)
    on = args.on if args.on is not None else today()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LabourBrandWarning)
        policy = Policy.shaanxi(entry_points=not args.no_entry_points)
    for warning in caught:
        _warn(str(warning.message))
    decided = []
    for i, brand in enumerate(items):
        try:
            decided.append((brand, policy.evaluate(brand, on=on)))
        except LabourBrandError as exc:
            msg = f"{_source(args.file)}: brand {brand.name_zh!r} @ $[{i}]: {exc}"
            raise LabourBrandError(msg) from exc
    if args.format == "json":
        data = [
            {"brand": brand.name_zh, "decisions": [to_dict(d) for d in decisions]}
            for brand, decisions in decided
        ]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    labels = _EVAL_LABELS[args.lang]
    plugins = [
        " ".join(filter(None, (info.name, info.version)))
        for info in list_plugins(policy)
        if info.source != "province"
    ]
    out = [
        labels["title"].format(on=on.isoformat(), n=len(decided)),
        labels["plugins"].format(plugins=", ".join(plugins) or labels["no_plugins"]),
    ]
    for i, (brand, decisions) in enumerate(decided, 1):
        place = (
            f"{policy.regions.name_of(brand.county)} {brand.county}"
            if brand.county is not None
            else labels["county_unknown"]
        )
        heading = f"{i}. {brand.name_zh} ({place})"
        out += ["", heading, "=" * _width(heading)]
        for decision in decisions:
            out += ["", decision.explain(lang=args.lang)]
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------- clauses
_KIND_EN: Final = {"Q": "quantified", "D": "delegated", "O": "obligation"}


def _clauses(args: argparse.Namespace) -> str:
    from labourbrand.policy import coverage
    from labourbrand.policy.clauses import clauses

    registry = clauses()
    doc = registry.document
    encoded = {c.clause: c for c in coverage()} if args.coverage else {}
    items = []
    for clause in registry:
        item: dict[str, Any] = {
            "id": clause.id,
            "title_zh": clause.title_zh,
            "title_en": clause.title_en,
            "kinds": sorted(k.value for k in clause.kinds),
            "cite": clause.cite(args.lang),
        }
        if args.coverage:
            item["encoded_by"] = list(encoded[clause.id].encoded_by)
            item["note"] = encoded[clause.id].note
        items.append(item)
    if args.format == "json":
        data = {
            "document": {
                "number": doc.number,
                "number_en": doc.number_en,
                "title_zh": doc.title_zh,
                "title_en": doc.title_en,
                "issued": doc.issued.isoformat(),
            },
            "clauses": items,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    zh = args.lang == "zh"
    from labourbrand.policy.clauses import ClauseKind

    legend = ", ".join(
        f"{k.value} = {k.zh if zh else _KIND_EN[k.value]}" for k in ClauseKind
    )
    out = [
        f"{doc.number} {doc.title_zh}"
        if zh
        else f"{doc.number_en} ({doc.number}): {doc.title_en}",
        ("类型:" if zh else "Kinds: ") + legend,
        "",
    ]
    rows = [
        (
            item["id"],
            ", ".join(item["kinds"]) or "-",
            item["title_zh"] if zh else item["title_en"],
        )
        for item in items
    ]
    if not args.coverage:
        return "\n".join([*out, *_table(rows, indent="")]) + "\n"
    lines = _table(rows, indent="")
    for line, item in zip(lines, items, strict=True):
        names = [n.removeprefix("labourbrand.") for n in item["encoded_by"]]
        out += [
            line,
            ("    代码: " if zh else "    encoded by: ") + (", ".join(names) or "-"),
            *(f"    {x}" for x in _wrap(item["note"], _NOTE_WIDTH - 4)),
        ]
    return "\n".join(out) + "\n"


# ------------------------------------------------------ lifecycle and plugins
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


def _simulate_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    simulate = _subparser(
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
            "\n"
            "A scenario file (TOML) holds name, and optionally start, horizon,\n"
            "parameters_from (days YYYY-MM-DD), [parameters] (parameter name =\n"
            "value; money in fen) and [assumptions] (a field of\n"
            "labourbrand.simulation.Assumptions = value); see\n"
            "examples/scenarios/reform-300.toml."
        ),
    )
    simulate.add_argument(
        "--scenario",
        metavar="FILE",
        default=None,
        help="scenario file (TOML; '-' reads stdin); default: the packaged baseline",
    )
    simulate.add_argument(
        "--runs",
        type=_count(1),
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"Monte Carlo runs (default: {DEFAULT_RUNS:,})",
    )
    simulate.add_argument(
        "--seed",
        type=_count(0),
        default=0,
        metavar="S",
        help="random seed; the same seed gives the same report (default: 0)",
    )
    simulate.add_argument(
        "--until",
        type=_day,
        default=None,
        metavar="DATE",
        help="last day simulated, YYYY-MM-DD (default: the scenario's horizon, 2025-12-31)",
    )
    simulate.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="write the tables there (CSV, and Parquet if pyarrow is installed)",
    )
    simulate.add_argument(
        "--plot",
        action="store_true",
        help="with --out, also write PNG plots (needs matplotlib)",
    )
    _add_output_options(simulate, what="the text report")
    simulate.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (there is none when stderr is not a terminal)",
    )
    simulate.add_argument(
        "--no-entry-points",
        action="store_true",
        help="do not load installed city plugins (their award amounts)",
    )
    simulate.set_defaults(run=_simulate, parser=simulate)


def _evaluate_parser(commands: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    evaluate = _subparser(
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
            "\n"
            "FILE holds a JSON array of brands, or one brand object, in the\n"
            "shape of labourbrand.serialization.to_json (see examples/brands.json)."
        ),
    )
    evaluate.add_argument(
        "file",
        metavar="FILE",
        help="JSON file of brands ('-' reads stdin)",
    )
    evaluate.add_argument(
        "--on",
        type=_day,
        default=None,
        metavar="DATE",
        help="the day decided, YYYY-MM-DD (default: today in Asia/Shanghai)",
    )
    _add_output_options(evaluate, what="the text output")
    evaluate.add_argument(
        "--no-entry-points",
        action="store_true",
        help="do not load installed city plugins (their award amounts)",
    )
    evaluate.set_defaults(run=_evaluate)


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
    listing.set_defaults(run=_clauses)


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
        epilog=(
            "examples:\n"
            "  labourbrand plugins\n"
            "  labourbrand plugins --on 2024-01-01 --lang zh\n"
            "  labourbrand plugins --allow ankang --strict --format json"
        ),
        formatter_class=_HelpFormatter,
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
