"""The conformance kit: check a plugin against the province's invariants.

A city puts one call, :func:`check_plugin`, in its own test suite. It
registers the plugin alone (with the province's baseline), reads its rules,
checks them as data, then drives every amount rule with Hypothesis, through
its formula and through the real engine, in the spirit of Hypothesis'
``run_conformance_test`` for backend providers.

A plugin may declare the period its rules must cover without gaps with the
:func:`~labourbrand.plugins.hookspecs.labourbrand_period` hook.
Here is a plugin with one flat award for 安康市 (the amount is illustrative:
no source gives it), checked the way its test would check it:

>>> from labourbrand import Fen, hookimpl
>>> from labourbrand.policy import Flat, Measure, Rule
>>> from labourbrand.testing import check_plugin
>>> class Ankang:
...     @hookimpl
...     def labourbrand_period(self):
...         return ("2023-01-01", None)
...     @hookimpl
...     def labourbrand_rules(self):
...         return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
...                      first_day="2023-01-01", formula=Flat(Fen.from_yuan(100_000)),
...                      reference="illustrative: no published amount",
...                      illustrative=True)]
>>> print(check_plugin(Ankang(), max_examples=5))
plugin 'Ankang': 1 rules, 20 invariants, 5 examples

In a city's test suite that is one test, ``def test_conforms():
check_plugin(Ankang())``; a broken invariant raises
:exc:`ConformanceError` with one line per failure.

A city that states its rules in a file (:class:`~labourbrand.plugins.RuleFile`)
passes the file's path instead, and gets the same checks, after one more:
that the file reads, every bad key a line of the error
(``labourbrand plugin check hanzhong.toml`` does the same from the command line).

The checks themselves live in private modules: ``_static`` (hooks, signatures,
rules as data, overlaps, gaps; the checks the loader makes too are
``labourbrand.plugins.validation``'s) and ``_drive`` (Hypothesis cases, priced
by each formula and by the engine).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING, Final, final

import attrs

from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandError,
    PolicyDataError,
)
from labourbrand.plugins import RuleFile, plugin_name
from labourbrand.testing import _drive, _static
from labourbrand.testing._findings import Failure, Run


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pendulum


__all__ = [
    "INVARIANTS",
    "ConformanceError",
    "ConformanceReport",
    "Failure",
    "check_plugin",
]

#: Every invariant the kit checks: its code (:attr:`Failure.invariant`) and
#: what it means, in the order the kit checks them.
INVARIANTS: Final[Mapping[str, str]] = {
    "rule-file": "a rule file, given by its path, reads: UTF-8 TOML with the documented keys",
    "registration": "the plugin registers with pluggy and implements a labourbrand hook",
    "hook-name": "every hook implementation names a labourbrand hook",
    "hook-marked": "every labourbrand_* method is marked with @labourbrand.hookimpl",
    "hook-arguments": "every hook argument name is an argument of the hook's spec",
    "hook-options": "hook implementations are plain: no default arguments, no wrappers",
    "rules-call": "labourbrand_rules returns an iterable of Rule values without raising",
    "rules-deterministic": "labourbrand_rules returns the same rules on every call",
    "jurisdiction": "every rule's jurisdiction is in the region registry, below the province",
    "rule-fields": "every field of every rule is well formed, types included: amounts in Fen, a Ratio in (0, 1]",
    "formula-kind": "a Ratio for a value the document reads as one (exit_job_fall), an amount formula for every measure",
    "overlap": "rules of one measure and jurisdiction do not overlap",
    "period": "labourbrand_period, if implemented, returns (first_day, last_day)",
    "gap": "rules cover the declared labourbrand_period without gaps",
    "formula-raises": "formulas do not raise",
    "amount-negative": "amounts are never negative",
    "amount-type": "amounts are Fen or None",
    "formula-deterministic": "formulas give the same amount for the same input",
    "formula-pure": "formulas do not change their input",
    "cap": "employment awards are at most the province's cap before the engine caps them",
    "engine": "the engine decides with the plugin's rules without error, within the cap",
}


@final
@attrs.frozen(kw_only=True)
class ConformanceReport:
    """What :func:`check_plugin` checked.

    .. versionadded:: 0.1.0
    """

    #: The plugin's name.
    plugin: str
    #: The invariants checked, in plain words (values of :data:`INVARIANTS`).
    checks: tuple[str, ...]
    #: How many rules the plugin supplied.
    rules: int
    #: How many generated examples the amount rules were driven with.
    examples: int
    #: Findings that are not failures, e.g. a rule no engine decision reads.
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return (
            f"plugin {self.plugin!r}: {self.rules} rules, {len(self.checks)} "
            f"invariants, {self.examples} examples"
        )


class ConformanceError(LabourBrandError, AssertionError):
    """A plugin broke the province's invariants; the message has one line per failure.

    Also an :class:`AssertionError`, so test runners report it as a failed test.

    Attributes:
        failures: what is wrong, one :class:`Failure` per broken invariant.
        report: what was checked before the failures were raised.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, failures: Iterable[Failure], *, report: ConformanceReport
    ) -> None:
        self.failures: tuple[Failure, ...] = tuple(failures)
        self.report = report
        super().__init__("\n".join(str(f) for f in self.failures))


def check_plugin(
    plugin: object | str | os.PathLike[str],
    *,
    name: str | None = None,
    on: DayLike | None = None,
    max_examples: int = 50,
) -> ConformanceReport:
    """Check *plugin* against the province's invariants; raise on the first broken ones.

    The plugin is registered alone, with the province's baseline and no
    installed plugin. The kit checks, in order (:data:`INVARIANTS`):

    - that it registers: every hook it implements exists, is marked with
      :data:`~labourbrand.hookimpl` and takes only the spec's arguments;
    - that ``labourbrand_rules`` returns :class:`~labourbrand.policy.Rule`
      values without raising, and the same ones when called again;
    - each rule as data: its jurisdiction is in the region registry, its
      formula is well formed and of the kind its measure takes, rules of one
      measure and jurisdiction do not overlap, and they leave no gap in the
      period the plugin's
      :func:`~labourbrand.plugins.hookspecs.labourbrand_period` returns, if it
      implements that hook;
    - then, with Hypothesis, every amount rule on generated brands of its
      jurisdiction and days of its period, directly and through the engine's
      decision for its measure: the amount is a :class:`~labourbrand.Fen` or
      ``None``, never negative, the same for the same input, the input is
      left unchanged, and an employment award is at most the province's cap
      (``employment_award_cap``) even before the engine caps it.

    The examples are the same on every run (derandomised, no database), so a
    plugin that conforms keeps conforming; raise *max_examples* to search more.

    A path (a ``str`` or :class:`os.PathLike`) is a rule file: the kit
    reads it as :class:`~labourbrand.plugins.RuleFile` does, and reports
    each problem of the file as a failure of the invariant ``rule-file``,
    before it checks the plugin the file states.

    Args:
        plugin: the plugin object, as it would be passed to
            :meth:`Policy.shaanxi <labourbrand.policy.Policy.shaanxi>`, or
            the path of a rule file.
        name: the name to report; by default the plugin's ``name`` attribute,
            ``__name__`` or class name, as the engine names it (a rule
            file's stem).
        on: drive only the rules in force on this day, on this day; by
            default every rule on days of its own period.
        max_examples: examples per amount rule.

    Returns:
        What was checked, if every invariant holds.

    Raises:
        ConformanceError: an invariant is broken; one line per failure.
        InvalidArgumentError: *name*, *on* or *max_examples* is invalid.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *plugin* may be the path of a rule file.
    """
    shown: object = name  # callers may pass anything at run time
    if shown is not None and (not isinstance(shown, str) or not shown):
        msg = f"Expected a non-empty str but got name={shown!r} (type={type(shown).__name__})"
        raise InvalidArgumentError(msg, field="name")
    if type(max_examples) is not int or max_examples < 1:
        msg = f"Expected an int >= 1 but got max_examples={max_examples!r} (type={type(max_examples).__name__})"
        raise InvalidArgumentError(msg, field="max_examples")
    day = None if on is None else as_date(on, name="on")
    if isinstance(plugin, str | os.PathLike):
        plugin = _read_rule_file(plugin, name=name, on=day, max_examples=max_examples)
        ran: tuple[str, ...] = ("rule-file",)
    else:
        ran = ()
    run = Run(
        plugin=plugin,
        name=name if name is not None else plugin_name(plugin),
        on=day,
        max_examples=max_examples,
    )
    run.ran(*ran)
    checked = _static.check(run)
    if checked is not None:
        _drive.drive(run, *checked)
    report = ConformanceReport(
        plugin=run.name,
        checks=tuple(INVARIANTS[c] for c in run.checks),
        rules=run.rules,
        examples=run.examples,
        notes=tuple(run.notes),
    )
    if run.failures:
        raise ConformanceError(run.failures, report=report)
    return report


def _read_rule_file(
    path: str | os.PathLike[str],
    *,
    name: str | None,
    on: pendulum.Date | None,
    max_examples: int,
) -> RuleFile:
    """The rule file at *path*; a :exc:`ConformanceError` with a line per problem if it is bad."""
    try:
        return RuleFile.read(path, name=name)
    except PolicyDataError as exc:
        shown = name if name is not None else pathlib.Path(path).stem
        run = Run(plugin=path, name=shown, on=on, max_examples=max_examples)
        run.ran("rule-file")
        for line in exc.errors:
            run.fail(exc.source, "rule-file", os.fspath(path), line)
        report = ConformanceReport(
            plugin=shown, checks=(INVARIANTS["rule-file"],), rules=0, examples=0
        )
        raise ConformanceError(run.failures, report=report) from exc
