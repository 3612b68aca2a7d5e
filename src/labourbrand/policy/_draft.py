"""Assembling decisions: the draft, and amounts from plugin rules (private).

Every measure of the engine builds its :class:`~labourbrand.policy.Decision`
through a :class:`Draft`, and finishes an eligible one with
:func:`finish_with_amount`, so that steps, amounts, caps and suppliers are
explained the same way everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from labourbrand._model import Brand, WorkforceObservation
from labourbrand.exceptions import PluginError, PluginResultError
from labourbrand.money import Fen
from labourbrand.policy._decision import Decision, Outcome, ParameterUse, Step, Supplier
from labourbrand.rules import DELEGATED_TO, Flat, Measure, PerHead, Ratio


if TYPE_CHECKING:
    from labourbrand.plugins._manager import SuppliedRule
    from labourbrand.policy._engine import Policy


@attrs.define
class Draft:
    """A decision being assembled: its identity, steps and parameters so far."""

    measure: Measure
    brand: Brand
    on: pendulum.Date
    clauses: tuple[str, ...]
    params: tuple[ParameterUse, ...] = ()
    steps: list[Step] = attrs.Factory(list)

    def step(self, zh: str, en: str) -> None:
        self.steps.append(Step(zh, en))

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
        return Decision(
            measure=self.measure.value,
            brand=self.brand.name_zh,
            on=self.on,
            outcome=outcome,
            amount=amount,
            amount_set_by=amount_set_by,
            capped=capped,
            payee=payee,
            fund=fund,
            clauses=self.clauses,
            steps=self.steps,
            parameters=self.params,
            suppliers=suppliers,
        )


def finish_with_amount(  # noqa: PLR0913 - the parts of an eligible decision
    policy: Policy,
    draft: Draft,
    county: str,
    observation: WorkforceObservation | None,
    *,
    cap: Fen | None,
    fund: str | None,
    pays_creating_unit: bool = True,
) -> Decision:
    """Finish an eligible decision: the amount from the most specific rule, capped.

    With no rule in force, the amount stays undetermined and the decision names
    who must set it (:data:`~labourbrand.policy.DELEGATED_TO`): delegated is not zero.
    *pays_creating_unit* is false for subsidies paid to persons (workers, trainees).
    """
    brand, on, measure = draft.brand, draft.on, draft.measure
    unit = brand.creating_unit
    payee = unit.name if unit is not None and pays_creating_unit else None
    supplied = policy.rule_for(measure, county, on)
    if supplied is None:
        zh, en = DELEGATED_TO[measure]
        if zh.startswith("市级"):
            # "市级财政、人社部门" of a named city-level unit: "安康市财政、人社部门".
            city = policy.regions.city_level_unit(county)
            city_name = policy.regions.name_of(city)
            who_zh = f"{city_name}{zh.removeprefix('市级')}"
            draft.step(
                f"金额由{who_zh}制定;尚无规则设定金额(不视为零)。",
                f"The amount is set by {en} of {city_name} ({city}); no rule sets it yet (not zero).",
            )
        else:
            who_zh = zh
            draft.step(
                f"金额按{zh}确定;尚无规则设定金额(不视为零)。",
                f"The amount follows {en}; no rule sets it yet (not zero).",
            )
        return draft.finish(
            Outcome.ELIGIBLE, amount_set_by=who_zh, payee=payee, fund=fund
        )
    rule = supplied.rule
    amount = rule_amount(supplied, brand, observation, on)
    # Say "illustrative" once in each language, even when the reference says it.
    note_zh = rule.illustrative and "示例" not in rule.reference
    note_en = rule.illustrative and "illustrative" not in rule.reference
    draft.step(
        f"{policy.regions.name_of(rule.jurisdiction)}的规则({rule.reference}"
        f"{'(示例金额,无官方来源)' if note_zh else ''})核定金额"
        f"{amount.format(lang='zh') if amount is not None else '待定'}。",
        f"The rule of {rule.jurisdiction} ({rule.reference}"
        f"{', illustrative: no official source' if note_en else ''}) gives "
        f"{amount if amount is not None else 'no amount'}.",
    )
    capped = False
    if amount is not None and cap is not None and amount > cap:
        draft.step(
            f"超过{cap.format(lang='zh')}的上限,按上限核定。",
            f"Above the cap of {cap}: reduced to the cap.",
        )
        amount, capped = cap, True
    supplier = Supplier(
        plugin=supplied.plugin,
        version=supplied.version,
        jurisdiction=rule.jurisdiction,
        supplied="amount",
        reference=rule.reference,
    )
    return draft.finish(
        Outcome.ELIGIBLE,
        amount=amount,
        capped=capped,
        payee=payee,
        fund=fund,
        suppliers=(supplier,),
    )


def rule_amount(
    supplied: SuppliedRule,
    brand: Brand,
    observation: WorkforceObservation | None,
    on: pendulum.Date,
) -> Fen | None:
    formula = supplied.rule.formula
    if isinstance(formula, Flat | PerHead):
        return formula.amount_for(observation)
    if isinstance(formula, Ratio):
        msg = (
            f"Expected an amount rule but got a ratio for {supplied.rule.measure.value}"
        )
        raise PluginResultError(
            msg,
            plugin_name=supplied.plugin,
            hook="labourbrand_rules",
            value=formula,
        )
    where = f" for jurisdiction {supplied.rule.jurisdiction!r}"
    try:
        value: object = formula(brand, observation, on)
    except Exception as exc:
        msg = f"formula raised {type(exc).__name__}: {exc}{where}"
        raise PluginError(
            msg, plugin_name=supplied.plugin, hook="labourbrand_rules"
        ) from exc
    if value is not None and not isinstance(value, Fen):
        msg = f"Expected a Fen amount or None from the formula{where}"
        raise PluginResultError(
            msg, plugin_name=supplied.plugin, hook="labourbrand_rules", value=value
        )
    return value
