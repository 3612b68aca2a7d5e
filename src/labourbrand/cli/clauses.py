"""``labourbrand clauses``: the clauses of the text and the code that encodes each (private)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from labourbrand.cli import _text
from labourbrand.policy import coverage
from labourbrand.policy.clauses import ClauseKind, clauses


if TYPE_CHECKING:
    import argparse


__all__ = ["run"]

_KIND_EN: Final = {"Q": "quantified", "D": "delegated", "O": "obligation"}


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand clauses`` with the parsed *args*; return what it prints."""
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
        return "\n".join([*out, *_text.table(rows, indent="")]) + "\n"
    lines = _text.table(rows, indent="")
    for line, item in zip(lines, items, strict=True):
        names = [n.removeprefix("labourbrand.") for n in item["encoded_by"]]
        out += [
            line,
            ("    代码: " if zh else "    encoded by: ") + (", ".join(names) or "-"),
            *(f"    {x}" for x in _text.wrap(item["note"], _text.NOTE_WIDTH - 4)),
        ]
    return "\n".join(out) + "\n"
