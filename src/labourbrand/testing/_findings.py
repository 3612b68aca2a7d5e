"""What a conformance run found: its failures, the checks it ran and its notes (private).

The floor under :mod:`labourbrand.testing._static` and
:mod:`labourbrand.testing._drive`, which record into a :class:`Run`;
:mod:`labourbrand.testing.conformance` turns the run into its report.
"""

from __future__ import annotations

from typing import final

import attrs
import pendulum


@final
@attrs.frozen(kw_only=True)
class Failure:
    """One invariant a plugin broke, with the input that shows it.

    ``str(failure)`` is one line in plain words, starting with the hook.

    Example:
        >>> print(Failure(hook="labourbrand_rules", invariant="rules-call",
        ...               input="None", detail="raised KeyError: 'x'"))
        labourbrand_rules: raised KeyError: 'x'

    .. versionadded:: 0.1.0
    """

    #: The hook (or plugin attribute) at fault, e.g. ``"labourbrand_rules"``;
    #: for a problem of a rule file, the file.
    hook: str
    #: The code of the broken invariant, a key of
    #: :data:`~labourbrand.testing.conformance.INVARIANTS`.
    invariant: str
    #: The ``repr`` of the input that breaks it (the smallest Hypothesis found).
    input: str
    #: What is wrong, in plain words.
    detail: str

    def __str__(self) -> str:
        return f"{self.hook}: {self.detail}"


@attrs.define
class Run:
    """One conformance run: the failures, checks and notes found so far."""

    #: The plugin under test.
    plugin: object
    #: Its name, for the report.
    name: str
    #: Drive only the rules in force on this day, if given.
    on: pendulum.Date | None
    #: Examples per amount rule.
    max_examples: int
    #: The broken invariants found, in order.
    failures: list[Failure] = attrs.Factory(list)
    #: The codes of the invariants checked, in order, each once.
    checks: list[str] = attrs.Factory(list)
    #: Findings that are not failures.
    notes: list[str] = attrs.Factory(list)
    #: How many rules the plugin supplied.
    rules: int = 0
    #: How many generated examples ran.
    examples: int = 0

    def fail(self, hook: str, invariant: str, value: object, detail: str) -> None:
        """Record that *invariant* is broken at *hook*, shown by *value*."""
        self.failures.append(
            Failure(hook=hook, invariant=invariant, input=repr(value), detail=detail)
        )

    def ran(self, *invariants: str) -> None:
        """Record that *invariants* were checked."""
        self.checks.extend(i for i in invariants if i not in self.checks)
