"""The one interpreter: a measure's declaration, for one brand or for columns of brands (private).

:func:`decide` walks a :class:`~labourbrand.policy.MeasureSpec` for one brand
and writes the explanation; :func:`decide_columns` walks the same declaration
over numpy columns. Both open with the same two questions (is the measure in
force on the day? has every parameter it reads a number?), then ask the
measure's conditions in order, each through its own scalar or vectorised
meaning (:mod:`labourbrand.policy._vocabulary`), then price an eligible brand
with the rule in force for its county (:mod:`labourbrand.policy._pricing`).
The interpreter knows no measure by name and holds no policy's number or
wording: those are in the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast, final

import attrs

from labourbrand._model import Brand, Event, WorkforceObservation
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen
from labourbrand.plugins import SuppliedRule
from labourbrand.policy._decision import (
    Decision,
    InterpretationUse,
    Outcome,
    Step,
    Supplier,
)
from labourbrand.policy._draft import Draft
from labourbrand.policy._measures import Level, Note, Payee
from labourbrand.policy._pricing import (
    NO_AMOUNT,
    Plan,
    capped,
    formula_amount,
    linear_of,
)
from labourbrand.policy._vocabulary import (
    AnyPositive,
    AtLeast,
    ByReading,
    CountyKnown,
    Holds,
    Unless,
    Verdict,
    Wording,
)
from labourbrand.rules import Declines


if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np
    import numpy.typing as npt

    from labourbrand.policy._day import PolicyDay
    from labourbrand.policy._document import PolicyDocument
    from labourbrand.policy._measures import MeasureSpec
    from labourbrand.policy._vocabulary import Columns, Facts


__all__ = ["MeasureColumns", "decide", "decide_columns"]


class _NoJurisdiction:
    """The last question of every measure over columns: is there a jurisdiction?

    A row with no county has none to set its amount (for a measure whose
    conditions did not ask), as :func:`_price` says for one brand.
    """

    def columns(
        self, cols: Columns, _day: PolicyDay, _measure: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        import numpy as np

        return np.zeros(cols.n, np.bool_), ~cols.county_known


_NO_JURISDICTION: Final = _NoJurisdiction()

#: Outcome codes of the vectorised path (see ``OUTCOME_CODES``).
ELIGIBLE: Final = 0
INELIGIBLE: Final = 1
UNDETERMINED: Final = 2
NOT_IN_FORCE: Final = 3

_VERDICT_OUTCOME: Final = {
    Verdict.FAILS: Outcome.INELIGIBLE,
    Verdict.UNKNOWN: Outcome.UNDETERMINED,
}


# ------------------------------------------------------------ shared steps
def _not_in_force(day: PolicyDay, spec: MeasureSpec) -> tuple[str, str]:
    doc, on = day.document, day.on.isoformat()
    first = day.first_day(spec).isoformat()
    return (
        f"{doc.number}于{first}颁布,按自颁布之日起施行处理,{on}尚未施行。",
        (
            f"{doc.number_en} applies from {first}, its issue date (the text gives "
            f"no other day); not in force on {on}."
        ),
    )


def _unquantified(names: tuple[str, ...]) -> tuple[str, str]:
    listed = "、".join(names)
    return (
        f"参数{listed}没有数值(未量化),无法判定。",
        (
            f"The parameter {', '.join(names)} has no number (left unquantified), "
            "so no decision can be made."
        ),
    )


_QUOTES: dict[tuple[str, str], Step] = {}


def _quote(document: PolicyDocument, spec: MeasureSpec) -> Step:
    """The step quoting the sentence *spec* rests on, built once per measure."""
    key = (document.id, spec.id)
    quote = _QUOTES.get(key)
    if quote is None:
        quote = _QUOTES[key] = Step(*_make_quote(document, spec))
    return quote


def _make_quote(document: PolicyDocument, spec: MeasureSpec) -> tuple[str, str]:
    if document.clauses_loader is not None:
        cite = document.clauses_loader()[spec.clause].cite("zh")
    else:
        cite = f"{document.number}{spec.clause}"
    return (
        f"{cite}:“{spec.quote.zh}”。",
        f"Clause {spec.clause}: {spec.quote.en}.",
    )


def _open(day: PolicyDay, spec: MeasureSpec, draft: Draft) -> Outcome | None:
    """The outcome decided before any condition (not in force, no number), if any."""
    in_force, missing = day.opening(spec)
    if not in_force:
        draft.step(*_not_in_force(day, spec))
        return Outcome.NOT_IN_FORCE
    if missing:
        draft.step(*_unquantified(missing))
        return Outcome.UNDETERMINED
    draft.add(_quote(day.document, spec))
    return None


def _county_names(day: PolicyDay, county: str | None) -> dict[str, str]:
    return {} if county is None else day.county_names(county)


#: Steps whose words hold no placeholder, made once (by their words).
_STATIC: dict[tuple[str, str], Step] = {}


def _note(note: Wording | Note, facts: Facts) -> Step:
    if isinstance(note, Note):
        detail = facts.details.get(note.fact)
        if detail is None:
            return Step(*note.unknown.render(facts.values()))
        return Step(
            *note.known.render(facts.values(detail_zh=detail[0], detail_en=detail[1]))
        )
    step = _STATIC.get((note.zh, note.en))
    if step is None:
        step = Step(*note.render(facts.values()))
        if "{" not in note.zh and "{" not in note.en:
            _STATIC[note.zh, note.en] = step
    return step


# ---------------------------------------------------------------- one brand
def _read(
    day: PolicyDay, condition: ByReading, draft: Draft
) -> AtLeast | AnyPositive | Holds | Unless | None:
    """The condition of the reading in force, noted in *draft*; worked out once per day."""
    key = ("reading", id(condition))
    found = day.memo.get(key)
    if found is None:
        found = day.memo[key] = (
            day.use(condition.interpretation),
            condition.condition(day),
        )
    pair = cast(
        "tuple[InterpretationUse, AtLeast | AnyPositive | Holds | Unless | None]", found
    )
    draft.interpretations.append(pair[0])
    return pair[1]


def decide(
    day: PolicyDay, spec: MeasureSpec, brand: Brand, facts: Facts, occasion: str = ""
) -> Decision:
    """Decide *spec* for *brand* on the day, with every step of the explanation.

    *occasion* is what a payment once per selection is for (empty: the brand).
    """
    draft = Draft(
        spec.id,
        brand.name_zh,
        day.on,
        _clauses(day, spec),
        day.uses(spec),
        brand_id=brand.id,
        policy_version=day.version,
        # A store keeps one payment per brand, measure and occasion.
        one_time=spec.one_time,
        occasion=occasion if spec.once_per_on(day.reading) == "selection" else "",
    )
    early = _open(day, spec, draft)
    if early is not None:
        return draft.finish(early)
    if brand.history and brand.history[0].event is Event.IMPORT:
        record = brand.history[0]
        draft.step(
            f"该品牌的阶段“{record.to_stage.zh}”取自既有记录({record.note}),自{record.on.isoformat()}起。",
            f"The brand's stage {record.to_stage.value} is taken from records kept elsewhere ({record.note}), since {record.on.isoformat()}.",
        )
    names = _county_names(day, facts.county)
    for condition in spec.conditions:
        if isinstance(condition, CountyKnown) and facts.county is not None:
            # Its words depend on the county alone: made once per day and county.
            draft.add(_county_step(day, condition, facts, names))
            continue
        if isinstance(condition, ByReading):
            read = _read(day, condition, draft)
            if read is None:  # under this reading the text sets no such condition
                continue
            condition = read  # noqa: PLW2901 - the condition the reading implies
        verdict, (zh, en) = condition.scalar(facts, day, names)
        if zh:
            draft.step(zh, en)
        if verdict is not Verdict.HOLDS:
            return draft.finish(_VERDICT_OUTCOME[verdict])
    for note in spec.notes:
        draft.add(_note(note, facts))
    return _price(day, spec, draft, brand, facts)


def _clauses(day: PolicyDay, spec: MeasureSpec) -> tuple[str, ...]:
    key = ("clauses", spec.id)
    found = day.memo.get(key)
    if found is None:
        found = day.memo[key] = (day.document.qualify(spec.clause),)
    return found  # type: ignore[return-value]


def _county_step(
    day: PolicyDay, condition: CountyKnown, facts: Facts, names: Mapping[str, str]
) -> Step:
    key = ("county", id(condition), facts.county)
    found = day.memo.get(key)
    if found is None:
        _, words = condition.scalar(facts, day, names)
        found = day.memo[key] = Step(*words)
    return found  # type: ignore[return-value]


def _delegated(day: PolicyDay, spec: MeasureSpec, county: str) -> tuple[str, Step]:
    """Who must set the amount in *county*, and the step saying no rule does yet."""
    key = ("delegated", spec.id, county)
    found = day.memo.get(key)
    if found is None:
        who, en = _who_sets(day, spec, county)
        verb = "制定" if spec.set_by.level is Level.CITY else "确定"
        prefix = "由" if spec.set_by.level is Level.CITY else "按"
        step = Step(f"金额{prefix}{who}{verb};尚无规则设定金额(不视为零)。", en)
        found = day.memo[key] = (who, step)
    return found  # type: ignore[return-value]


def _who_sets(day: PolicyDay, spec: MeasureSpec, county: str) -> tuple[str, str]:
    """The body that must set the amount, and the step that says so."""
    body = spec.set_by
    if body.level is Level.CITY:
        city = day.regions.city_level_unit(county)
        city_name = day.regions.name_of(city)
        who = body.for_unit(city_name)
        return who, (
            f"The amount is set by {body.en} of {city_name} ({city}); no rule sets it yet (not zero)."
        )
    return body.zh, f"The amount follows {body.en}; no rule sets it yet (not zero)."


def _city_conditions(
    supplied: SuppliedRule, facts: Facts, draft: Draft
) -> Outcome | None:
    """Check the city's own conditions of its rule; the outcome if one does not hold."""
    rule = supplied.rule
    where = f"{rule.jurisdiction}({rule.reference})"
    for condition in rule.conditions:
        if isinstance(condition, Declines):
            draft.step(
                f"{where}的规则不给予该项奖补:{condition.zh}。",
                f"The rule of {rule.jurisdiction} ({rule.reference}) gives no such award: {condition.en}.",
            )
            return Outcome.INELIGIBLE
        value = facts.counts.get(condition.count)
        if value is None:
            draft.step(
                f"{where}的条件“{condition.zh}”所需人数未知。",
                f"The condition of {rule.jurisdiction} ({rule.reference}), {condition.en}, reads a count that is unknown.",
            )
            return Outcome.UNDETERMINED
        holds = value >= condition.at_least
        draft.step(
            f"{where}的条件“{condition.zh}”:{value}人,{'符合' if holds else '不符合'}。",
            f"The condition of {rule.jurisdiction} ({rule.reference}), {condition.en}: "
            f"{value}, {'met' if holds else 'not met'}.",
        )
        if not holds:
            return Outcome.INELIGIBLE
    return None


def _price(
    day: PolicyDay, spec: MeasureSpec, draft: Draft, brand: Brand, facts: Facts
) -> Decision:
    """Finish an eligible decision: the amount of the most specific rule, capped."""
    county = facts.county
    if (
        county is None
    ):  # a measure without a county condition, for a brand without a county
        draft.step(
            "培育创建地(县级单位)未知,无法确定由哪一地区设定金额。",
            "The brand's county is unknown, so no jurisdiction can set the amount.",
        )
        return draft.finish(Outcome.UNDETERMINED)
    unit = brand.creating_unit
    payee = (
        unit.name if spec.payee is Payee.CREATING_UNIT and unit is not None else None
    )
    supplied = day.rule_for(spec.id, county)
    if supplied is None:
        who, step = _delegated(day, spec, county)
        draft.add(step)
        return draft.finish(
            Outcome.ELIGIBLE, amount_set_by=who, payee=payee, fund=spec.fund
        )
    refused = _city_conditions(supplied, facts, draft)
    if refused is not None:
        return draft.finish(refused)
    pricing = _pricing_of(day, spec, supplied)
    if pricing.linear is not None:
        amount = pricing.linear.amount(facts.counts)
    else:
        amount = formula_amount(supplied, brand, brand.workforce_on(day.on), day.on)
    draft.step(
        f"{pricing.by_zh}{amount.format(lang='zh') if amount is not None else '待定'}。",
        f"{pricing.by_en}{amount if amount is not None else 'no amount'}.",
    )
    cap = pricing.cap
    amount, was_capped = capped(amount, cap)
    if was_capped:
        draft.step(*pricing.capped)
    supplier = pricing.supplier
    return draft.finish(
        Outcome.ELIGIBLE,
        amount=amount,
        capped=was_capped,
        payee=payee,
        fund=spec.fund,
        suppliers=(supplier,),
    )


@final
@attrs.frozen
class _Pricing:
    """What pricing by one rule says, worked out once per day, measure and rule."""

    linear: Any
    by_zh: str
    by_en: str
    cap: Fen | None
    capped: tuple[str, str]
    supplier: Supplier


def _pricing_of(day: PolicyDay, spec: MeasureSpec, supplied: SuppliedRule) -> _Pricing:
    # The rule is kept by the day's rule book, so its identity is stable here.
    key = ("pricing", spec.id, id(supplied))
    found = day.memo.get(key)
    if found is None:
        rule = supplied.rule
        # Say "illustrative" once in each language, even when the reference says it.
        note_zh = rule.illustrative and "示例" not in rule.reference
        note_en = rule.illustrative and "illustrative" not in rule.reference
        cap = day.number(spec.cap) if spec.cap is not None else None
        found = day.memo[key] = _Pricing(
            linear=linear_of(supplied),
            by_zh=(
                f"{day.regions.name_of(rule.jurisdiction)}的规则({rule.reference}"
                f"{'(示例金额,无官方来源)' if note_zh else ''})核定金额"
            ),
            by_en=(
                f"The rule of {rule.jurisdiction} ({rule.reference}"
                f"{', illustrative: no official source' if note_en else ''}) gives "
            ),
            cap=cap if isinstance(cap, Fen) else None,
            capped=(
                (
                    f"超过{cap.format(lang='zh')}的上限,按上限核定。",
                    f"Above the cap of {cap}: reduced to the cap.",
                )
                if isinstance(cap, Fen)
                else ("", "")
            ),
            supplier=Supplier(
                plugin=supplied.plugin,
                version=supplied.version,
                jurisdiction=rule.jurisdiction,
                supplied="amount",
                reference=rule.reference,
            ),
        )
    return found  # type: ignore[return-value]


# ------------------------------------------------------------------ columns
@final
@attrs.frozen(kw_only=True, eq=False)
class MeasureColumns:
    """The decisions of one measure for every row: outcome codes, amounts and flags."""

    #: Outcome codes (``0`` eligible, ``1`` ineligible, ``2`` undetermined, ``3`` not in force).
    outcome: Any
    #: Amounts in fen after every cap; ``-1`` for none.
    amount: Any
    #: Eligible, but the amount awaits a rule (delegated is not zero).
    delegated: Any
    #: The amount was reduced to the document's cap.
    capped: Any
    #: The rules that priced rows: ``(rule, counties, rows)``.
    used: tuple[tuple[SuppliedRule, tuple[str, ...], int], ...] = ()


class _Constant:
    """Read-only arrays of one value that take no memory (zero strides)."""

    def amount(self, n: int) -> npt.NDArray[np.int64]:
        """*n* amounts of -1 (none)."""
        import numpy as np

        return np.broadcast_to(np.int64(NO_AMOUNT), (n,))

    def flag(self, n: int) -> npt.NDArray[np.bool_]:
        """*n* false flags."""
        import numpy as np

        return np.broadcast_to(np.False_, (n,))


_NONE: Final = _Constant()


def _same(n: int, outcome: int) -> MeasureColumns:
    import numpy as np

    return MeasureColumns(
        outcome=np.full(n, outcome, np.uint8),
        amount=_NONE.amount(n),
        delegated=_NONE.flag(n),
        capped=_NONE.flag(n),
    )


def decide_columns(
    day: PolicyDay,
    spec: MeasureSpec,
    cols: Columns,
    *,
    of_row: npt.NDArray[Any],
    codes: tuple[str, ...],
) -> MeasureColumns:
    """Decide *spec* for every row of *cols*, as :func:`decide` decides each brand.

    *of_row* gives each row's county group (``0``: unknown) and *codes* each
    group's county code.
    """
    import numpy as np

    n = cols.n
    in_force, missing = day.opening(spec)
    if not in_force:
        return _same(n, NOT_IN_FORCE)
    if missing:
        return _same(n, UNDETERMINED)
    # The first condition that does not hold decides a row: in uint8
    # arithmetic, each condition's code (1 fails, 2 unknown; the two are
    # disjoint) is added only where no earlier one decided.
    outcome = np.zeros(n, np.uint8)
    for condition in (*spec.conditions, _NO_JURISDICTION):
        fails, unknown = condition.columns(cols, day, spec.id)
        code = fails.view(np.uint8)
        if unknown is not None:
            code = code + (unknown.view(np.uint8) << 1)
        code *= outcome == ELIGIBLE
        outcome += code
    _city_conditions_columns(day, spec, cols, outcome, of_row=of_row, codes=codes)
    eligible = outcome == ELIGIBLE
    return _price_columns(
        day, spec, cols, eligible, outcome, of_row=of_row, codes=codes
    )


def _plan(
    day: PolicyDay, measure: str, gids: Sequence[int], codes: tuple[str, ...]
) -> Plan:
    """The rules of *measure* for the county groups *gids* as per-county arrays.

    *codes* gives each group's county code (the batch path's groups). The
    plan grows as batches bring counties it lacks, and is shared by the
    batches of every day of the span of rules that holds *day*
    (:meth:`PolicyDay.span_memo`), so that batches of any size on any of
    those days find no rule twice.
    """
    memo = day.span_memo(measure)
    held = memo.get("plan")
    if not isinstance(held, tuple) or (held[0] is not codes and held[0] != codes):
        held = (codes, Plan(len(codes)))
    current: Plan = held[1]
    plan = current.grown(gids, lambda gid: day.rule_for(measure, codes[gid]))
    if plan is not current or memo.get("plan") is not held:
        memo["plan"] = (held[0], plan)
    return plan


def _city_conditions_columns(  # noqa: PLR0913 - the parts of one measure's columns
    day: PolicyDay,
    spec: MeasureSpec,
    cols: Columns,
    outcome: npt.NDArray[np.uint8],
    *,
    of_row: npt.NDArray[Any],
    codes: tuple[str, ...],
) -> None:
    """Apply the city's own conditions of each county's rule to the eligible rows, in place."""
    import numpy as np

    plan = _plan(day, spec.id, cols.groups, codes)
    if not plan.conditioned.any():
        return
    groups = np.asarray(cols.groups, np.intp)
    for gid in groups[plan.conditioned[groups]].tolist():
        supplied = plan.supplied[gid]
        rows = (of_row == gid) & (outcome == ELIGIBLE)
        for condition in supplied.rule.conditions:
            if isinstance(condition, Declines):
                outcome[rows] = INELIGIBLE
                break
            values = cols.count(condition.count)
            if values is None:
                outcome[rows] = UNDETERMINED
                break
            unknown = rows & (values < 0)
            fails = rows & (values >= 0) & (values < condition.at_least)
            outcome[unknown] = UNDETERMINED
            outcome[fails] = INELIGIBLE
            rows &= ~(unknown | fails)


def _price_columns(  # noqa: PLR0913 - the parts of one measure's pricing
    day: PolicyDay,
    spec: MeasureSpec,
    cols: Columns,
    eligible: npt.NDArray[np.bool_],
    outcome: npt.NDArray[np.uint8],
    *,
    of_row: npt.NDArray[Any],
    codes: tuple[str, ...],
) -> MeasureColumns:
    """Amounts of the eligible rows: one rule per county, vector operations, the cap."""
    import numpy as np

    n = cols.n
    # One rule per county (group 0, no county, is never eligible), found once per span of rules.
    plan = _plan(day, spec.id, cols.groups, codes)
    if plan.ratio.any() and (np.take(plan.ratio, of_row) & eligible).any():
        plan.refuse_ratio(np.take(plan.ratio, of_row) & eligible, of_row)
    cap_value = day.number(spec.cap) if spec.cap is not None else None
    cap = cap_value.amount if isinstance(cap_value, Fen) else cap_value
    counts: dict[str, npt.NDArray[np.int64]] = {}
    for name in plan.rates:
        column = cols.count(name)
        counts[name] = column if column is not None else np.full(n, NO_AMOUNT, np.int64)
    if plan.vector.any():
        amount, was_capped = plan.amounts(
            of_row, counts, eligible, cap=cap, n=n, extremes=cols.extremes
        )
    elif plan.formula.any():  # written row by row below
        amount, was_capped = np.full(n, NO_AMOUNT, np.int64), np.zeros(n, np.bool_)
    else:
        amount, was_capped = _NONE.amount(n), _NONE.flag(n)
    if plan.formula.any():
        rows = np.take(plan.formula, of_row) & eligible
        _formula_rows(
            day,
            plan,
            cols,
            np.flatnonzero(rows),
            priced=(amount, was_capped),
            cap=cap,
            of_row=of_row,
            codes=codes,
        )
    delegated = (
        np.take(plan.delegated, of_row) & eligible
        if plan.delegated.any()
        else _NONE.flag(n)
    )
    return MeasureColumns(
        outcome=outcome,
        amount=amount,
        delegated=delegated,
        capped=was_capped,
        used=_used(plan, codes, of_row, eligible),
    )


#: The counts a workforce observation must have.
_OBSERVATION: Final = (
    "practitioners",
    "rural",
    "rural_signed",
    "poverty_alleviated",
    "rural_low_income",
)


def _observation(
    cols: Columns, index: int, day: PolicyDay
) -> tuple[bool, WorkforceObservation | None]:
    """Row *index*'s observation dated on the day, as one brand would hold it.

    Returns ``(True, None)`` when the row knows no count (a brand with no
    observation), ``(False, None)`` when it knows some counts and not others
    (no brand holds such an observation: no amount), else ``(True, obs)``.

    Raises:
        InvalidArgumentError: the counts do not nest.
    """
    values: dict[str, int | None] = {}
    for name in (*_OBSERVATION, "trained"):
        column = cols.count(name)
        value = int(column[index]) if column is not None else -1
        values[name] = None if value < 0 else value
    known = [values[name] is not None for name in _OBSERVATION]
    if not any(known):
        return True, None
    if not all(known):
        return False, None
    try:
        return True, WorkforceObservation(on=day.on, **values)  # type: ignore[arg-type]
    except InvalidArgumentError as exc:
        msg = f"Expected head counts that nest but got, in row {index}: {exc}"
        raise InvalidArgumentError(msg, field=exc.field) from exc


def _formula_rows(  # noqa: PLR0913 - the parts of the escape hatch
    day: PolicyDay,
    plan: Plan,
    cols: Columns,
    rows: npt.NDArray[np.intp],
    *,
    priced: tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]],
    cap: int | None,
    of_row: npt.NDArray[Any],
    codes: tuple[str, ...],
) -> None:
    """The escape hatch: a per-brand formula, once per eligible row of its counties.

    The formula sees a brand named ``"row <i>"`` with the row's county and
    one observation dated on the day (none when the row knows no count); a
    row that knows some counts and not others gets no amount.
    """
    amount, was_capped = priced
    for index in rows.tolist():
        whole, observation = _observation(cols, index, day)
        if not whole:
            amount[index] = NO_AMOUNT
            continue
        gid = int(of_row[index])
        brand = Brand(
            name_zh=f"row {index}",
            county=codes[gid],
            workforce=() if observation is None else (observation,),
        )
        value = formula_amount(plan.supplied[gid], brand, observation, day.on)
        if value is None:
            amount[index] = NO_AMOUNT
        elif cap is not None and value.amount > cap:
            amount[index], was_capped[index] = cap, True
        else:
            amount[index] = value.amount


def _used(
    plan: Plan,
    codes: tuple[str, ...],
    of_row: npt.NDArray[Any],
    eligible: npt.NDArray[np.bool_],
) -> tuple[tuple[SuppliedRule, tuple[str, ...], int], ...]:
    """Each rule that priced eligible rows, with its counties and row count."""
    import numpy as np

    if not plan.supplied:
        return ()
    sizes = np.bincount(of_row, weights=eligible, minlength=len(codes)).astype(np.int64)
    used: dict[SuppliedRule, list[int]] = {}
    for gid, supplied in plan.supplied.items():
        if sizes[gid]:
            used.setdefault(supplied, []).append(gid)
    ordered = sorted(
        used.items(),
        key=lambda item: (item[0].rule.jurisdiction, item[0].rule.first_day),
    )
    return tuple(
        (
            supplied,
            tuple(sorted(codes[gid] for gid in gids)),
            int(sum(sizes[gid] for gid in gids)),
        )
        for supplied, gids in ordered
    )
