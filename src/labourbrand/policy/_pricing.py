"""Amounts from the rules in force: for one brand and for columns, side by side (private).

Every amount rule has one meaning, its :class:`~labourbrand.rules.Linear` form
(``flat + sum(rate * count)``, then its own cap); the document's cap then
applies whatever a plugin says. A per-brand formula (a callable) is the slow
escape hatch, called once per eligible brand in both paths; a
:class:`~labourbrand.rules.Ratio` is not an amount and is refused.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from labourbrand.exceptions import InvalidArgumentError, PluginError, PluginResultError
from labourbrand.money import MAX_FEN, Fen
from labourbrand.plugins import SuppliedRule
from labourbrand.rules import Flat, PerHead, Ratio


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy as np
    import numpy.typing as npt
    import pendulum

    from labourbrand._model import Brand, WorkforceObservation


__all__ = ["Plan", "capped", "formula_amount", "linear_of"]

_HOOK: Final = "labourbrand_rules"


def linear_of(supplied: SuppliedRule) -> Any:  # noqa: ANN401 - a Linear, or None for a formula
    """The linear form of *supplied*'s rule; ``None`` for a per-brand formula.

    Raises:
        PluginResultError: the rule is a ratio, not an amount.
    """
    formula = supplied.rule.formula
    if isinstance(formula, Flat | PerHead):
        return formula.linear
    if isinstance(formula, Ratio):
        msg = f"Expected an amount rule but got a ratio for {supplied.rule.measure}"
        raise PluginResultError(
            msg, plugin_name=supplied.plugin, hook=_HOOK, value=formula
        )
    return None


def formula_amount(
    supplied: SuppliedRule,
    brand: Brand,
    observation: WorkforceObservation | None,
    on: pendulum.Date,
) -> Fen | None:
    """Call a per-brand formula, with errors that name its plugin."""
    formula = supplied.rule.formula
    where = f" for jurisdiction {supplied.rule.jurisdiction!r}"
    try:
        value: object = formula(brand, observation, on)  # type: ignore[operator]
    except Exception as exc:
        msg = f"formula raised {type(exc).__name__}: {exc}{where}"
        raise PluginError(msg, plugin_name=supplied.plugin, hook=_HOOK) from exc
    if value is not None and not isinstance(value, Fen):
        msg = f"Expected a Fen amount or None from the formula{where}"
        raise PluginResultError(
            msg, plugin_name=supplied.plugin, hook=_HOOK, value=value
        )
    return value


def capped(amount: Fen | None, cap: Fen | None) -> tuple[Fen | None, bool]:
    """*amount* reduced to *cap*, and whether it was."""
    if amount is not None and cap is not None and amount.amount > cap.amount:
        return cap, True
    return amount, False


# ------------------------------------------------------------------ columns
def _per_row(
    values: npt.NDArray[Any],
    index: npt.NDArray[np.integer[Any]],
    out: npt.NDArray[Any] | None = None,
) -> npt.NDArray[Any]:
    """Spread per-group *values* to the rows (``mode="clip"`` lets numpy write unbuffered)."""
    import numpy as np

    return np.take(values, index, out=out, mode="clip")


#: The amount of a row that has none (every batch array uses it).
NO_AMOUNT: Final = -1
#: Rows per block, so that a block of work stays in the CPU cache.
BLOCK: Final = 1 << 17


@final
@attrs.define
class Plan:
    """The rules of one measure as per-county arrays: vector operations, not hook calls."""

    size: int
    flat: Any = attrs.field(init=False)
    vector: Any = attrs.field(init=False)
    formula: Any = attrs.field(init=False)
    delegated: Any = attrs.field(init=False)
    #: Whether the county's rule is a ratio (refused if an eligible row reaches it).
    ratio: Any = attrs.field(init=False)
    rule_cap: Any = attrs.field(init=False)
    any_rule_cap: bool = False
    #: Whether the county's rule (or that it has none) is recorded.
    known: Any = attrs.field(init=False)
    #: Whether the county's rule states conditions of the city's own.
    conditioned: Any = attrs.field(init=False)
    rates: dict[str, Any] = attrs.Factory(dict)
    reads: dict[str, Any] = attrs.Factory(dict)
    supplied: dict[int, SuppliedRule] = attrs.Factory(dict)

    def __attrs_post_init__(self) -> None:
        import numpy as np

        self.flat = np.zeros(self.size, np.int64)
        self.vector = np.zeros(self.size, np.bool_)
        self.formula = np.zeros(self.size, np.bool_)
        self.delegated = np.zeros(self.size, np.bool_)
        self.ratio = np.zeros(self.size, np.bool_)
        self.rule_cap = np.full(self.size, np.iinfo(np.int64).max, np.int64)
        self.known = np.zeros(self.size, np.bool_)
        self.conditioned = np.zeros(self.size, np.bool_)

    def grown(
        self, gids: Sequence[int], find: Callable[[int], SuppliedRule | None]
    ) -> Plan:
        """This plan with the rules of the groups *gids* it lacks, found by *find*.

        A plan may be shared by threads: one that lacks a group is copied,
        and the copy grown, never the plan itself.
        """
        import numpy as np

        asked = np.asarray(gids, np.intp)
        missing = asked[~self.known[asked]].tolist()
        if not missing:
            return self
        grown = copy.copy(self)
        for field in attrs.fields(Plan):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                setattr(grown, field.name, value.copy())
            elif isinstance(value, dict):
                setattr(grown, field.name, {
                    k: v.copy() if isinstance(v, np.ndarray) else v
                    for k, v in value.items()
                })  # fmt: skip
        for gid in missing:
            grown.add(gid, find(gid))
        return grown

    def add(self, gid: int, supplied: SuppliedRule | None) -> None:
        """Record the rule of county group *gid*, or that there is none."""
        import numpy as np

        self.known[gid] = True
        if supplied is not None and supplied.rule.conditions:
            self.conditioned[gid] = True
        if supplied is None:
            self.delegated[gid] = True
            return
        if isinstance(supplied.rule.formula, Ratio):
            self.ratio[gid] = True
            self.supplied[gid] = supplied
            return
        self.supplied[gid] = supplied
        linear = linear_of(supplied)
        if linear is None:
            self.formula[gid] = True
            return
        self.vector[gid] = True
        self.flat[gid] = linear.flat
        for name, rate in linear.rates:
            if name not in self.rates:
                self.rates[name] = np.zeros(self.size, np.int64)
                self.reads[name] = np.zeros(self.size, np.bool_)
            self.rates[name][gid] += rate
            self.reads[name][gid] = True
        if linear.cap is not None:
            self.rule_cap[gid] = linear.cap
            self.any_rule_cap = True

    def _flat_amounts(
        self,
        of_row: npt.NDArray[Any],
        eligible: npt.NDArray[np.bool_],
        *,
        cap: int | None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Flat sums only: one look-up per row, then the cap and the mask."""
        import numpy as np

        keep = np.take(self.vector, of_row)
        keep &= eligible
        amount = np.take(self.flat, of_row)
        if cap is not None:
            capped = amount > cap
            capped &= keep
            np.minimum(amount, cap, out=amount)
        else:
            capped = np.zeros(len(amount), np.bool_)
        np.copyto(amount, NO_AMOUNT, where=~keep)
        return amount, capped

    def refuse_ratio(
        self, reached: npt.NDArray[np.bool_], of_row: npt.NDArray[Any]
    ) -> None:
        """Raise for the first eligible row whose county's rule is a ratio, not an amount.

        Raises:
            PluginResultError: naming the rule's plugin.
        """
        import numpy as np

        gid = int(of_row[int(np.argmax(reached))])
        linear_of(self.supplied[gid])

    def amounts(  # noqa: C901, PLR0913 - one pass over blocks of rows, its steps in order
        self,
        of_row: npt.NDArray[Any],
        counts: dict[str, npt.NDArray[np.int64]],
        eligible: npt.NDArray[np.bool_],
        *,
        cap: int | None,
        n: int,
        extremes: Callable[[str], tuple[int, int]],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """The :class:`~labourbrand.rules.Linear` amounts of the eligible rows, capped; -1 elsewhere.

        A rule that multiplies an unknown count gives no amount; a sum above
        :data:`~labourbrand.money.MAX_FEN` that no cap of the rule reduces is
        refused, as for one brand. The work goes a block of rows at a time,
        and masks are applied arithmetically (``amount * keep - drop``).

        Raises:
            InvalidArgumentError: an eligible row's uncapped sum passes MAX_FEN.
        """
        import numpy as np

        rates = list(self.rates.items())
        if not rates:
            return self._flat_amounts(of_row, eligible, cap=cap)
        worst = int(self.flat.max(initial=0)) + sum(
            int(values.max()) * max(extremes(name)[1], 0) for name, values in rates
        )
        # Sums that could pass MAX_FEN are formed saturating at 2**61, so that
        # int64 never overflows: a saturated sum is capped or refused anyway.
        limits = (
            {
                name: np.floor_divide(_SATURATED, np.maximum(values, 1), dtype=np.int64)
                for name, values in rates
            }
            if worst > MAX_FEN
            else None
        )
        not_vector = ~self.vector
        unknowns = [
            (counts[name], reads)
            for name, reads in self.reads.items()
            if extremes(name)[0] < 0
        ]
        amount = np.empty(n, np.int64)
        was_capped = np.zeros(n, np.bool_)
        size = min(n, BLOCK)
        scratch = np.empty(size, np.int64)
        heads = np.empty(size, np.int64)
        keep = np.empty(size, np.bool_)
        flat_first = bool(self.flat.any()) or not rates
        for start in range(0, n, BLOCK):
            rows = slice(start, start + BLOCK)
            out, groups = amount[rows], of_row[rows]
            tmp, keep_, heads_ = (
                scratch[: len(out)],
                keep[: len(out)],
                heads[: len(out)],
            )
            np.logical_not(_per_row(not_vector, groups), out=keep_)
            keep_ &= eligible[rows]
            for values, reads in unknowns:
                keep_ &= ~(_per_row(reads, groups) & (values[rows] < 0))
            if flat_first:
                _per_row(self.flat, groups, out=out)
            for i, (name, values) in enumerate(rates):
                count = counts[name][rows]
                if limits is not None:
                    count = np.minimum(
                        count, _per_row(limits[name], groups, out=heads_), out=heads_
                    )
                target = out if (i == 0 and not flat_first) else tmp
                np.multiply(_per_row(values, groups, out=target), count, out=target)
                if target is tmp:
                    out += tmp
                if limits is not None:
                    np.minimum(out, _SATURATED, out=out)
            if self.any_rule_cap:
                np.minimum(out, _per_row(self.rule_cap, groups, out=tmp), out=out)
            if limits is not None:
                over = keep_ & (out > MAX_FEN)
                if over.any():
                    index = start + int(np.argmax(over))
                    msg = f"Expected a per-head amount <= {MAX_FEN} fen but row {index} gives more @ columns"
                    raise InvalidArgumentError(msg)
            if cap is not None:
                np.greater(out, cap, out=was_capped[rows])
                np.minimum(out, cap, out=out)
            out *= keep_
            out -= ~keep_
            was_capped[rows] &= keep_
        return amount, was_capped


#: Where a sum that may pass MAX_FEN stops growing (far above it, far below int64's limit).
_SATURATED: Final = 1 << 61
