"""Shared pieces of the policy tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from labourbrand import Fen
from labourbrand.plugins import hookimpl
from labourbrand.policy import Flat, Measure, PerHead, Rule
from labourbrand.rules import Declines, MinimumCount


if TYPE_CHECKING:
    from collections.abc import Callable


#: No Shaanxi city has published its amounts: every case rule says so.
ILLUSTRATIVE = "illustrative: no published amount"


class CaseRules:
    """The illustrative city rules a policy case lists (tests/cases/README.md)."""

    name = "case-rules"

    def __init__(self, specs: list[dict[str, Any]], measure: Measure) -> None:
        self._rules = [self._rule(s, measure) for s in specs]

    @staticmethod
    def _rule(spec: dict[str, Any], measure: Measure) -> Rule:
        formula: Flat | PerHead
        if "flat_yuan" in spec:
            formula = Flat(Fen.from_yuan(spec["flat_yuan"]))
        else:
            rate = Fen.from_yuan(spec["per_head_yuan"])
            formula = PerHead(rates=[(name, rate) for name in spec["head_counts"]])
        conditions: list[MinimumCount | Declines] = [
            MinimumCount(**minimum) for minimum in spec.get("minimum", [])
        ]
        if "declines" in spec:
            conditions.append(Declines(**spec["declines"]))
        return Rule(
            measure=measure,
            jurisdiction=spec["jurisdiction"],
            first_day=spec["first_day"],
            formula=formula,
            reference=ILLUSTRATIVE,
            illustrative=True,
            conditions=conditions,
            delegates_to=spec.get("delegates_to", ()),
        )

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return self._rules


@pytest.fixture
def case_rules() -> Callable[[list[dict[str, Any]], Measure], CaseRules]:
    """Build the plugin of a case's ``rules``."""
    return CaseRules
