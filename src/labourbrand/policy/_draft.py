"""Assembling a decision step by step: the draft (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from labourbrand.policy._decision import (
    Decision,
    InterpretationUse,
    Outcome,
    ParameterUse,
    Step,
    Supplier,
)


if TYPE_CHECKING:
    from labourbrand.money import Fen


@attrs.define
class Draft:
    """A decision being assembled: its identity, steps and parameters so far."""

    measure: str
    brand: str
    on: pendulum.Date
    clauses: tuple[str, ...]
    params: tuple[ParameterUse, ...] = ()
    steps: list[Step] = attrs.Factory(list)
    brand_id: str = ""
    policy_version: str = ""
    one_time: bool = False
    interpretations: list[InterpretationUse] = attrs.Factory(list)
    occasion: str = ""

    def step(self, zh: str, en: str) -> None:
        self.steps.append(Step(zh, en))

    def add(self, step: Step) -> None:
        """Add a step made before (a quote, a step that depends on no brand)."""
        self.steps.append(step)

    def finish(  # noqa: PLR0913 - mirrors the optional fields of Decision
        self,
        outcome: Outcome,
        *,
        amount: Fen | None = None,
        amount_set_by: str | None = None,
        capped: bool = False,
        payee: str | None = None,
        fund: str | None = None,
        suppliers: tuple[Supplier, ...] = (),
    ) -> Decision:
        # Every value here was made by the interpreter from checked inputs:
        # build without re-running the validators (a test re-validates).
        decision = object.__new__(Decision)
        _set(decision, "measure", self.measure)
        _set(decision, "brand", self.brand)
        _set(decision, "on", self.on)
        _set(decision, "outcome", outcome)
        _set(decision, "amount", amount)
        _set(decision, "amount_set_by", amount_set_by)
        _set(decision, "capped", capped)
        _set(decision, "payee", payee)
        _set(decision, "fund", fund)
        _set(decision, "clauses", self.clauses)
        _set(decision, "steps", tuple(self.steps))
        _set(decision, "parameters", self.params)
        _set(decision, "suppliers", suppliers)
        _set(decision, "brand_id", self.brand_id)
        _set(decision, "policy_version", self.policy_version)
        _set(decision, "one_time", self.one_time)
        _set(decision, "interpretations", tuple(self.interpretations))
        _set(decision, "occasion", self.occasion)
        return decision


_set = object.__setattr__
