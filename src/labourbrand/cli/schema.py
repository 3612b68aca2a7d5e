"""``labourbrand schema``: the JSON Schema of an interchange type, or their list (private)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from labourbrand import schema
from labourbrand.cli import _text
from labourbrand.exceptions import LabourBrandError


if TYPE_CHECKING:
    import argparse


__all__ = ["run"]


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand schema`` with the parsed *args*; return what it prints."""
    if args.type is not None:
        try:
            found = schema.schema(args.type)
        except ImportError as exc:  # the Scenario's needs the sim extra
            msg = f"the schema of {args.type} needs an extra: {exc}"
            raise LabourBrandError(msg) from exc
        return json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    names = schema.names()
    if args.format == "json":
        return json.dumps(list(names), indent=2) + "\n"
    rows = [(name, schema.describe(name)) for name in names]
    head = "JSON Schemas (draft 2020-12) of the interchange types; labourbrand schema TYPE prints one."
    return "\n".join([head, "", *_text.table(rows, indent="  ")]) + "\n"
