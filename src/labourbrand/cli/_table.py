"""The table of decisions ``labourbrand evaluate`` writes as CSV or XLSX: its columns, declared once (private).

One row per brand and measure. :data:`DECISION_COLUMNS` is read by the CSV
writer, the XLSX writer (and its sheet explaining the columns) and the
documentation's table of columns.

An amount is given twice: in yuan (``amount_yuan``, exact to the fen: a
decimal text in CSV, a number shown with two decimals in XLSX) and in fen
(``amount_fen``, an integer, the library's own unit). Both are blank when
there is no amount: an amount to be set by someone (``amount_set_by``) is
unknown, not zero.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Final, final

import attrs

from labourbrand._model import Brand
from labourbrand.policy import Decision


if TYPE_CHECKING:
    from collections.abc import Sequence

    from labourbrand.regions import RegionRegistry


__all__ = [
    "DECISION_COLUMNS",
    "YUAN_FORMAT",
    "Cell",
    "Context",
    "DecisionColumn",
    "rows",
]

#: A cell of the table: text, an integer, an amount in yuan, or blank (``None``).
Cell = str | int | Decimal | None
#: How XLSX shows an amount in yuan: thousands separated, two decimals.
YUAN_FORMAT: Final = "#,##0.00"


@final
@attrs.frozen(kw_only=True)
class Context:
    """What a row is made of: the brand, the name of its county, one of its decisions."""

    brand: Brand
    county_name: str | None
    decision: Decision


@final
@attrs.frozen(kw_only=True)
class DecisionColumn:
    """One column of the table of decisions."""

    #: The header of the column.
    name: str
    #: What the column holds, in Chinese.
    zh: str
    #: What the column holds, in English.
    en: str
    #: The cell of a row (``None``: blank).
    value: Callable[[Context], Cell]
    #: The width of the column in XLSX, in characters.
    width: int = 14
    #: The number format of the cell in XLSX, if any.
    number_format: str | None = None


def _amount_yuan(c: Context) -> Decimal | None:
    amount = c.decision.amount
    return None if amount is None else amount.to_yuan()


def _joined(items: Sequence[str]) -> str | None:
    return "; ".join(items) or None


def _supplied(c: Context) -> str | None:
    return _joined(
        [
            " ".join(filter(None, (s.plugin, s.version, "for", s.jurisdiction)))
            for s in c.decision.suppliers
        ]
    )


#: The columns of the table of decisions, in order.
DECISION_COLUMNS: Final[tuple[DecisionColumn, ...]] = (
    DecisionColumn(name="on", zh="决定所依据的日期", en="the day decided", value=lambda c: c.decision.on.isoformat(), width=11),
    DecisionColumn(name="brand_id", zh="品牌编号", en="the brand's id (Brand.id)", value=lambda c: c.brand.id, width=22),
    DecisionColumn(name="name_zh", zh="品牌名称", en="the brand's Chinese name", value=lambda c: c.brand.name_zh, width=16),
    DecisionColumn(name="county", zh="所在县(市、区)代码", en="GB/T 2260 code of its county-level unit; blank if unknown", value=lambda c: c.brand.county, width=8),
    DecisionColumn(name="county_name", zh="所在县(市、区)名称", en="name of its county-level unit", value=lambda c: c.county_name, width=10),
    DecisionColumn(name="measure", zh="政策措施", en="the measure decided", value=lambda c: c.decision.measure, width=26),
    DecisionColumn(name="outcome", zh="结果:eligible 符合条件, ineligible 不符合条件, undetermined 无法确定(缺少事实), not_in_force 尚未施行", en="the outcome: eligible, ineligible, undetermined (a fact is unknown), not_in_force", value=lambda c: c.decision.outcome.value, width=13),
    DecisionColumn(name="amount_yuan", zh="金额(元,精确到分);空白:无金额或待定", en="the amount in yuan, exact to the fen; blank: none, or not set yet", value=_amount_yuan, width=14, number_format=YUAN_FORMAT),
    DecisionColumn(name="amount_fen", zh="金额(分,整数)", en="the amount in fen, an integer", value=lambda c: None if c.decision.amount is None else c.decision.amount.amount, width=14),
    DecisionColumn(name="amount_set_by", zh="金额待定时,由谁确定", en="who must set the amount, when the text delegates it and no rule set it", value=lambda c: c.decision.amount_set_by, width=24),
    DecisionColumn(name="capped", zh="是否按上限削减", en="yes if the amount was reduced to the province's cap", value=lambda c: "yes" if c.decision.capped else "no", width=7),
    DecisionColumn(name="clauses", zh="依据的条款", en="the clause ids the decision rests on", value=lambda c: _joined(c.decision.clauses), width=22),
    DecisionColumn(name="interpretations", zh="所用的解读(编号=读法)", en="the readings of contested passages used (id=reading)", value=lambda c: _joined([f"{u.interpretation}={u.reading}" for u in c.decision.interpretations]), width=30),
    DecisionColumn(name="supplied_by", zh="提供规则的插件", en="the plugins that supplied delegated values", value=_supplied, width=18),
    DecisionColumn(name="reason_zh", zh="决定性的一步(如缺少的事实)", en="the step that decided, in Chinese (such as the fact that is missing)", value=lambda c: c.decision.steps[-1].zh if c.decision.steps else None, width=40),
    DecisionColumn(name="reason_en", zh="决定性的一步(英文)", en="the step that decided, in English (such as the fact that is missing)", value=lambda c: c.decision.steps[-1].en if c.decision.steps else None, width=40),
    DecisionColumn(name="decision_id", zh="决定编号(付款时引用)", en="the decision's stable id, which a payment cites", value=lambda c: c.decision.id, width=20),
)  # fmt: skip


def rows(
    brand: Brand, decisions: Sequence[Decision], regions: RegionRegistry
) -> list[list[Cell]]:
    """The rows of *brand*'s *decisions*, one per decision, in the columns' order."""
    county_name = None if brand.county is None else regions.name_of(brand.county)
    return [
        [
            column.value(Context(brand=brand, county_name=county_name, decision=d))
            for column in DECISION_COLUMNS
        ]
        for d in decisions
    ]
