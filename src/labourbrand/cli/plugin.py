"""``labourbrand plugin new`` and ``labourbrand plugin check``: a city's own plugin (private)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from labourbrand.cli import _io, _plugin_check, _scaffold
from labourbrand.exceptions import LabourBrandError


if TYPE_CHECKING:
    import argparse


__all__ = ["run_check", "run_new"]


def run_new(args: argparse.Namespace) -> str:
    """Run ``labourbrand plugin new`` with the parsed *args*; return what it prints."""
    output = Path(args.output) if args.output is not None else None
    if output is None:
        output = Path(f"{args.name.replace('_', '-')}-labourbrand")
    written = _scaffold.new_plugin(
        args.name, city=args.city, kind=args.kind, output=output
    )
    what = "a rule file, no code" if args.kind == "file" else "a plugin class"
    rules = "rules.toml" if args.kind == "file" else "__init__.py"
    edit = next(p for p in written if p.name == rules)
    lines = [
        f"Wrote the plugin {args.name!r} for {args.city} ({what}) in {output}:",
        *(f"  {path}" for path in written),
        "",
        f"Next: set the rules in {edit} (the amount is illustrative),",
        f"check them with `labourbrand plugin check {output}`,",
        f"and install and test the distribution as {output / 'README.md'} says.",
    ]
    return "\n".join(lines) + "\n"


def run_check(args: argparse.Namespace) -> str:
    """Run ``labourbrand plugin check`` with the parsed *args*; return what it prints.

    Raises:
        LabourBrandError: a plugin fails to read or to conform; the message has
            a line per failure of every plugin, and names those that passed.
    """
    if not _io.has("hypothesis"):
        msg = (
            "Expected hypothesis for plugin check but got none installed "
            "(pip install 'labourbrand[testing]')"
        )
        raise LabourBrandError(msg)
    from labourbrand.testing import ConformanceError, check_plugin

    passed: list[str] = []
    failed: list[str] = []
    for found in _plugin_check.plugins_at(Path(args.path)):
        if found.plugin is None:
            failed.append(f"{found.name} ({found.where}): could not be read")
            failed += [f"  {line}" for line in str(found.problem).splitlines()]
            continue
        try:
            report = check_plugin(
                found.plugin, name=found.name, max_examples=args.max_examples
            )
        except ConformanceError as exc:
            failed.append(
                f"{found.name} ({found.where}): fails {len(exc.failures)} check(s)"
            )
            failed += [f"  {failure}" for failure in exc.failures]
            continue
        passed.append(f"{report} ({found.where})")
        passed += [f"  note: {note}" for note in report.notes]
    if failed:
        ok = [f"passed: {line}" for line in passed if not line.startswith("  ")]
        raise LabourBrandError("\n".join(["plugin check failed:", *failed, *ok]))
    return "\n".join(passed) + "\n"
