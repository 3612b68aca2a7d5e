"""``labourbrand evaluate``: decide every measure for the brands of a JSON file (private)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Final

from labourbrand import Brand, dates
from labourbrand._files.text import read_json
from labourbrand.cli import _io, _text
from labourbrand.exceptions import LabourBrandError
from labourbrand.plugins import list_plugins
from labourbrand.policy import Policy
from labourbrand.serialization import from_dict, to_dict


if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping


__all__ = ["run"]

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
    source = _io.source(path)
    # UTF-8 JSON within the bounds every reader keeps (keys once, nesting, digits).
    data = read_json(_io.read(path), source)
    if isinstance(data, dict):
        return [from_dict(data, Brand, source=source)]
    return from_dict(data, list[Brand], source=source)


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand evaluate`` with the parsed *args*; return what it prints."""
    items = _load_brands(args.file)
    on = args.on if args.on is not None else dates.today()
    with _io.relayed_warnings():
        policy = Policy.shaanxi(**_io.plugin_selection(args))
    decided = []
    for i, brand in enumerate(items):
        try:
            decided.append((brand, policy.evaluate(brand, on=on)))
        except LabourBrandError as exc:
            msg = f"{_io.source(args.file)}: brand {brand.name_zh!r} @ $[{i}]: {exc}"
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
        out += ["", heading, "=" * _text.width(heading)]
        for decision in decisions:
            out += ["", decision.explain(lang=args.lang)]
    return "\n".join(out) + "\n"
