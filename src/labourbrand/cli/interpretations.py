"""``labourbrand interpretations``: the contested passages of the text and their readings (private)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from labourbrand.policy.documents import packaged_documents


if TYPE_CHECKING:
    import argparse


__all__ = ["run"]


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand interpretations`` with the parsed *args*; return what it prints."""
    items: list[dict[str, Any]] = [
        {
            "id": item.id,
            "document": document.id,
            "clause": document.qualify(item.clause),
            "words_zh": item.words_zh,
            "question": item.question,
            "default": item.default,
            "reason": item.reason,
            "chosen_by": item.chosen_by,
            "readings": [
                {"id": r.id, "zh": r.zh, "en": r.en, "default": r.id == item.default}
                for r in item.readings
            ],
        }
        for document in packaged_documents()
        for item in document.interpretations
    ]
    if args.format == "json":
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    zh = args.lang == "zh"
    out = []
    for item in items:
        out.append(f"{item['id']}  ({item['clause']})")
        out.append(f"  “{item['words_zh']}”")
        if not zh:
            out.append(f"  {item['question']}")
        for reading in item["readings"]:
            mark = "*" if reading["default"] else " "
            out.append(
                f"  {mark} {reading['id']}: {reading['zh'] if zh else reading['en']}"
            )
        if not zh:
            out.append(f"  default because: {item['reason']}")
            out.append(f"  another reading may be chosen by: {item['chosen_by']}")
        out.append("")
    legend = "* 默认解读" if zh else "* the default reading"
    return "\n".join([*out, legend]) + "\n"
