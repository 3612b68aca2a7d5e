"""``labourbrand serve``: the HTTP service (private; needs the ``serve`` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from labourbrand.exceptions import LabourBrandError


if TYPE_CHECKING:
    import argparse


__all__ = ["run"]


def run(args: argparse.Namespace) -> str:
    """Run ``labourbrand serve`` with the parsed *args* until interrupted; print nothing."""
    try:
        from labourbrand import service
    except ImportError as exc:
        msg = (
            f"labourbrand serve needs the serve extra ({exc.name} is missing): "
            "pip install 'labourbrand[serve]'"
        )
        raise LabourBrandError(msg) from exc
    config = service.ServeConfig(
        rule_files=tuple(args.rules or ()),
        entry_points=not args.no_entry_points,
        allow=args.allow,
        block=args.block,
        strict=args.strict,
        ledger=args.ledger,
        max_body=args.max_body,
        max_depth=args.max_depth,
    )
    service.serve(
        config,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=not args.no_access_log,
    )
    return ""
