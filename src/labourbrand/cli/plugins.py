"""``labourbrand plugins``: the plugins a policy loads, their rules and failures (private)."""

from __future__ import annotations

import json
import warnings
from typing import TYPE_CHECKING, Final

import attrs

from labourbrand.cli import _io, _text
from labourbrand.exceptions import LabourBrandWarning
from labourbrand.plugins import list_plugins
from labourbrand.policy import Policy
from labourbrand.serialization import to_dict


if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Mapping, Sequence

    import pendulum

    from labourbrand.plugins import PluginFailure, PluginInfo


__all__ = ["run"]

#: Labels of the ``plugins`` listing.
_PLUGIN_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title_on": "Plugins loaded, with their rules in force on {on}",
        "title_all": "Plugins loaded, with all their rules",
        "source": "source",
        "argument": "passed as an argument",
        "entry point": "installed (entry point)",
        "province": "the province's baseline",
        "environment": "rule file of LABOURBRAND_RULES",
        "distribution": "distribution",
        "file": "rule file",
        "sha256": "SHA-256",
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
        "missing": "the allow list (not installed)",
        "import": "import",
        "register": "registration",
        "rules_stage": "rules",
        "nothing": "none: this plugin contributes nothing to any decision",
        "province_none": "none: the text sets no amount, it names who sets each",
        "unmarked": "not hooks (no @labourbrand.hookimpl, never called)",
    },
    "zh": {
        "title_on": "已加载的插件及其{on}有效的规则",
        "title_all": "已加载的插件及其全部规则",
        "source": "来源",
        "argument": "调用时传入",
        "entry point": "已安装(入口点)",
        "province": "省级基准",
        "environment": "LABOURBRAND_RULES中的规则文件",
        "distribution": "发行包",
        "file": "规则文件",
        "sha256": "SHA-256",
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
        "missing": "允许列表(未安装)",
        "import": "导入",
        "register": "注册",
        "rules_stage": "规则",
        "nothing": "无:该插件对任何决定均无作用",
        "province_none": "无:政策文本未规定金额,只规定由谁确定",
        "unmarked": "不是钩子(未标注@labourbrand.hookimpl,从不调用)",
    },
}


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand plugins`` with the parsed *args*; return what it prints."""
    # Skipped plugins are part of the output; no need to warn about them too.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LabourBrandWarning)
        policy = Policy.shaanxi(**_io.plugin_selection(args))
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
                "file": info.file,
                "sha256": info.sha256,
                "hooks": list(info.hooks),
                "unmarked": list(info.unmarked),
                "contributes": info.contributes,
                "jurisdictions": [
                    {"id": j, "name_zh": name_of(j)} for j in info.jurisdictions
                ],
                "rules": [
                    {
                        "measure": rule.measure,
                        "measure_zh": rule.measure_zh,
                        "clause": rule.clause,
                        "jurisdiction": rule.jurisdiction,
                        "jurisdiction_zh": rule.jurisdiction_zh,
                        "first_day": rule.first_day.isoformat(),
                        "last_day": rule.last_day.isoformat()
                        if rule.last_day is not None
                        else None,
                        "formula": rule.formula,
                        "formula_zh": rule.formula_zh,
                        "terms": to_dict(rule.terms),
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
        rows = [
            (f"{labels['source']}:", labels[info.source]),
            (f"{labels['distribution']}:", info.distribution or "-"),
        ]
        if info.file is not None:
            rows += [
                (f"{labels['file']}:", info.file),
                (f"{labels['sha256']}:", info.sha256 or "-"),
            ]
        rows.append((f"{labels['hooks']}:", ", ".join(info.hooks) or labels["none"]))
        if info.unmarked:
            rows.append((f"{labels['unmarked']}:", ", ".join(info.unmarked)))
        rows += [
            (f"{labels['jurisdictions']}:", ", ".join(places) or labels["none"]),
            (f"{labels['rules']}:", _no_rules(info, labels)),
        ]
        out += _text.table(rows)
        for rule in info.rules:
            measure = rule.measure_zh if lang == "zh" else rule.measure
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


def _no_rules(info: PluginInfo, labels: Mapping[str, str]) -> str:
    """What the ``rules:`` row says before the rules: nothing if there are some."""
    if info.rules:
        return ""
    if info.contributes:
        return labels["none"]  # rules on other days than the one asked
    return labels["province_none" if info.source == "province" else "nothing"]
