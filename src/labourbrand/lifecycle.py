"""The brand lifecycle as an explicit state machine, kept as data.

A brand moves through the :class:`Stage` values only by :func:`transition`,
which checks the :data:`TRANSITIONS` table, the actor (only the authorities
the text names for an event may take it), the event's guard and its
evidence, and returns a **new** brand with one more :class:`AuditRecord`.
Each row of the table cites the clause of 陕人社发〔2022〕13号 it rests on.
A brand's stage is the one its audit trail reaches; records kept before
adopting the library come in once, through :func:`import_record`, and
:func:`replay` re-checks a trail read from elsewhere.

The table is checked when this module is imported: every stage is reachable
from :attr:`Stage.DISCOVERED`, and from every stage but the final one a final
stage can still be reached (no trap stage).

Example:
    >>> import pendulum
    >>> from labourbrand import Brand, Maturity
    >>> from labourbrand.lifecycle import Event, transition
    >>> b = Brand(name_zh="紫阳修脚师", county="610924", maturity=Maturity.ESTABLISHED)
    >>> from labourbrand.lifecycle import Authority
    >>> b = transition(b, Event.ESTABLISH, on=pendulum.Date(2022, 5, 6), by=Authority.COUNTY_HRSS)
    >>> b.stage, len(b.history), b.history[-1].basis
    (<Stage.CULTIVATING: 'cultivating'>, 1, 'shaanxi-2022-13:3.1')
    >>> transition(b, Event.ADMIT, on=pendulum.Date(2022, 6, 1))
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.IllegalTransitionError: Brand '紫阳修脚师' in stage 'cultivating' cannot take event 'admit': the transition table has no such edge. Allowed from 'cultivating': name_settled, charter_adopted, recommend_by_county, admit_on_award, recognise
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Final, NamedTuple, Protocol, final

import attrs
import pendulum

from labourbrand._model import (
    AuditRecord,
    Authority,
    Brand,
    Event,
    ExitGround,
    Recognition,
    RecognitionLevel,
    Stage,
    _evolve_brand,
    _new_record,
    normalise_name,
)
from labourbrand.exceptions import (
    ActorNotAllowedError,
    IllegalTransitionError,
    InvalidArgumentError,
    LabourBrandDeprecationWarning,
)


__all__ = [
    "FINAL_STAGES",
    "IMPORT_BASIS",
    "INITIAL_STAGE",
    "TRANSITIONS",
    "AuditRecord",
    "Authority",
    "Event",
    "Evidence",
    "ExitGround",
    "Guard",
    "GuardContext",
    "Stage",
    "Transition",
    "allowed_events",
    "check_table",
    "import_record",
    "may_act",
    "replay",
    "table_rows",
    "to_dot",
    "to_markdown",
    "to_mermaid",
    "transition",
]


class GuardContext(NamedTuple):
    """What a :data:`Guard` sees besides the brand.

    A named tuple, because one is built on every transition.

    .. versionadded:: 0.1.0
    """

    #: The day of the event.
    on: pendulum.Date
    #: The exit grounds given (clause 3.4), for an exit proposal.
    grounds: tuple[ExitGround, ...]
    #: The recognition given, for a recognition.
    recognition: Recognition | None
    #: The name given, for a name settled (clause 3.1).
    name_zh: str | None = None


#: A guard returns ``None`` to allow an event, or the reason it is refused.
Guard = Callable[[Brand, GuardContext], str | None]


@final
@attrs.frozen(kw_only=True, init=False)
class Transition:
    """One row of the transition table: an event, where it may start, where it leads.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       :attr:`actors_from` and :attr:`basis_inferred` added.
    """

    #: The event.
    event: Event
    #: The stages it may be taken from.
    sources: frozenset[Stage]
    #: The stage it leads to; ``None`` keeps the brand where it is.
    target: Stage | None
    #: The authorities the text names for the event, the usual one first; no
    #: other may take it (from a source stage :attr:`actors_from` lists, only
    #: those it names). Empty for a recognition, taken by the body of the
    #: level recognised.
    actors: tuple[Authority, ...]
    #: The qualified clause id it rests on, e.g. ``"shaanxi-2022-13:3.4"``.
    basis: str
    #: What the guard checks, in words (English).
    requires: str = ""
    #: The guard; ``None`` admits every brand.
    guard: Guard | None = attrs.field(default=None, eq=False)
    #: The measure of the decision the event rests on (an eligible decision
    #: of it must be given as ``evidence``), if any.
    evidence: str | None = None
    #: Who may act from a given source stage, where that depends on the
    #: stage (the usual one first); a source stage not listed takes
    #: :attr:`actors`. Read by :func:`may_act`.
    actors_from: Mapping[Stage, tuple[Authority, ...]] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False
    )
    #: Whether the text has no such step and the row is inferred from the
    #: clause it cites (:attr:`requires` says how), rather than read in it.
    basis_inferred: bool = False

    def __init__(  # noqa: PLR0913 - the row's columns, keyword-only
        self,
        *,
        event: Event,
        sources: frozenset[Stage],
        target: Stage | None,
        basis: str,
        actors: tuple[Authority, ...] = (),
        requires: str = "",
        guard: Guard | None = None,
        evidence: str | None = None,
        actor: Authority | None = None,
        actors_from: Mapping[Stage, Iterable[Authority]] | None = None,
        basis_inferred: bool = False,
    ) -> None:
        if actor is not None:
            warnings.warn(
                "Transition(actor=...) is deprecated; give actors=(...) (every "
                "authority the text names for the event)",
                LabourBrandDeprecationWarning,
                stacklevel=2,
            )
            actors = (actor, *(a for a in actors if a is not actor))
        self.__attrs_init__(
            event=event,
            sources=sources,
            target=target,
            actors=tuple(actors),
            basis=basis,
            requires=requires,
            guard=guard,
            evidence=evidence,
            actors_from=MappingProxyType(
                {stage: tuple(who) for stage, who in (actors_from or {}).items()}
            ),
            basis_inferred=basis_inferred,
        )

    @property
    def actor(self) -> Authority:
        """The usual actor (the first of :attr:`actors`).

        .. deprecated:: 0.2.0
           Read :attr:`actors`: several authorities may take some events.
        """
        return self.actors[0] if self.actors else Authority.PROVINCIAL_HRSS


# ------------------------------------------------------------------- guards
def _name_settled(brand: Brand, ctx: GuardContext) -> str | None:
    # 第三条第(一)款: 抓紧确定劳务品牌名称 — a name that is new to the brand.
    if ctx.name_zh is not None and normalise_name(ctx.name_zh) == normalise_name(
        brand.name_zh
    ):
        return f"the name given is already its name ({brand.name_zh!r})"
    return None


def _has_county(brand: Brand, _ctx: GuardContext) -> str | None:
    # 第三条第(三)款: the county HRSS bureau recommends its own brands.
    if brand.county is None:
        return (
            "its county is unknown, so no county bureau can recommend it (clause 3.3)"
        )
    return None


def _award_admission(brand: Brand, ctx: GuardContext) -> str | None:
    # 第四条第(二)款: a brand cultivated in the region, award to its creating unit.
    return _has_county(brand, ctx) or (
        "its creating unit is unknown, and the award is paid to it (clause 4.2)"
        if brand.creating_unit is None
        else None
    )


def _recognise(brand: Brand, ctx: GuardContext) -> str | None:
    rec = ctx.recognition
    if rec is None:
        return "a recognition (level and document) must be given"
    if any(r.level is rec.level for r in brand.recognitions):
        return f"it already holds a {rec.level.value} recognition"
    if rec.on is not None and rec.on != ctx.on:
        return (
            f"the recognition is dated {rec.on.isoformat()}, not {ctx.on.isoformat()}"
        )
    return None


def _propose_exit(_brand: Brand, ctx: GuardContext) -> str | None:
    # 第三条第(四)款: only the four grounds.
    if not ctx.grounds:
        return (
            "an exit proposal must give at least one of the four grounds of clause 3.4"
        )
    return None


_ACTIVE: Final = frozenset(
    {
        Stage.CULTIVATING,
        Stage.RECOMMENDED_BY_COUNTY,
        Stage.RECOMMENDED_BY_CITY,
        Stage.IN_POOL,
    }
)

#: The transition table, one row per event.
TRANSITIONS: Final[tuple[Transition, ...]] = (
    # 第三条第(一)款: any surveyed candidate is cultivated; its kind (maturity)
    # says what help it gets, and the charter is part of that help
    # ("帮助指导制订章程"), not a condition of cultivation.
    Transition(
        event=Event.ESTABLISH,
        sources=frozenset({Stage.DISCOVERED}),
        target=Stage.CULTIVATING,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.1",
    ),
    # 第三条第(一)款: 还没有固定品牌名称的劳务产品,抓紧确定劳务品牌名称.
    Transition(
        event=Event.NAME_SETTLED,
        sources=frozenset({Stage.DISCOVERED, Stage.CULTIVATING}),
        target=None,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.1",
        requires="a new name (name_zh=)",
        guard=_name_settled,
    ),
    # 第三条第(一)款: 总结品牌特征,帮助指导制订章程 — a milestone of cultivation.
    Transition(
        event=Event.CHARTER_ADOPTED,
        sources=_ACTIVE,
        target=None,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.1",
    ),
    Transition(
        event=Event.RECOMMEND_BY_COUNTY,
        sources=frozenset({Stage.CULTIVATING}),
        target=Stage.RECOMMENDED_BY_COUNTY,
        actors=(Authority.COUNTY_HRSS,),
        basis="shaanxi-2022-13:3.3",
        requires="county known",
        guard=_has_county,
    ),
    Transition(
        event=Event.RECOMMEND_BY_CITY,
        sources=frozenset({Stage.RECOMMENDED_BY_COUNTY}),
        target=Stage.RECOMMENDED_BY_CITY,
        actors=(Authority.CITY_HRSS,),
        basis="shaanxi-2022-13:3.4",
    ),
    Transition(
        event=Event.ADMIT,
        sources=frozenset({Stage.RECOMMENDED_BY_CITY}),
        target=Stage.IN_POOL,
        actors=(Authority.PROVINCIAL_HRSS,),
        basis="shaanxi-2022-13:3.4",
    ),
    # The text has no return step: a recommendation not taken further goes
    # back to cultivation, by the level that declines it, the next one up
    # (第三条第(三)款 择优向上级推荐; 第(四)款 逐级推荐上报).
    Transition(
        event=Event.RETURN,
        sources=frozenset({Stage.RECOMMENDED_BY_COUNTY, Stage.RECOMMENDED_BY_CITY}),
        target=Stage.CULTIVATING,
        actors=(Authority.CITY_HRSS, Authority.PROVINCIAL_HRSS),
        actors_from={
            Stage.RECOMMENDED_BY_COUNTY: (Authority.CITY_HRSS,),
            Stage.RECOMMENDED_BY_CITY: (Authority.PROVINCIAL_HRSS,),
        },
        basis="shaanxi-2022-13:3.3",
        basis_inferred=True,
        requires=(
            "inferred, the text has no return step: the next level up declines "
            "(the city a county recommendation, the province a city recommendation)"
        ),
    ),
    Transition(
        event=Event.ADMIT_ON_AWARD,
        sources=frozenset(
            {Stage.CULTIVATING, Stage.RECOMMENDED_BY_COUNTY, Stage.RECOMMENDED_BY_CITY}
        ),
        target=Stage.IN_POOL,
        actors=(Authority.PROVINCIAL_HRSS,),
        basis="shaanxi-2022-13:4.2",
        requires="county and creating unit known; an eligible employment award",
        guard=_award_admission,
        evidence="employment_award",
    ),
    # 第三条第(四)款: 各地…定期采取电话回访、问卷调查、实地调研、第三方评估.
    Transition(
        event=Event.MONITOR,
        sources=frozenset({Stage.IN_POOL}),
        target=None,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.4",
    ),
    # 第三条第(四)款: 省人社厅将联合相关部门,定期对各地建设情况进行抽查 — the
    # province's own check, distinct from the city's assessment (propose_exit).
    Transition(
        event=Event.SPOT_CHECK,
        sources=frozenset({Stage.IN_POOL}),
        target=None,
        actors=(Authority.PROVINCIAL_HRSS,),
        basis="shaanxi-2022-13:3.4",
    ),
    Transition(
        event=Event.RECOGNISE,
        sources=_ACTIVE,
        target=None,
        actors=(),
        basis="shaanxi-2022-13:2",
        requires="a recognition at a level not yet held",
        guard=_recognise,
    ),
    Transition(
        event=Event.PROPOSE_EXIT,
        sources=frozenset({Stage.IN_POOL}),
        target=Stage.EXIT_PROPOSED,
        actors=(Authority.CITY_HRSS,),
        basis="shaanxi-2022-13:3.4",
        requires="at least one of the four grounds",
        guard=_propose_exit,
    ),
    Transition(
        event=Event.DECIDE_EXIT,
        sources=frozenset({Stage.EXIT_PROPOSED}),
        target=Stage.EXITED,
        actors=(Authority.PROVINCIAL_HRSS,),
        basis="shaanxi-2022-13:3.4",
    ),
    Transition(
        event=Event.RETAIN,
        sources=frozenset({Stage.EXIT_PROPOSED}),
        target=Stage.IN_POOL,
        actors=(Authority.PROVINCIAL_HRSS,),
        basis="shaanxi-2022-13:3.4",
    ),
)

#: Where every brand starts.
INITIAL_STAGE: Final = Stage.DISCOVERED
#: Stages with no way out, by design.
FINAL_STAGES: Final = frozenset({Stage.EXITED})

#: Who recognises at each level (the default actor of a recognition).
_RECOGNISER: Final = {
    RecognitionLevel.COUNTY: Authority.COUNTY_HRSS,
    RecognitionLevel.CITY: Authority.CITY_HRSS,
    RecognitionLevel.PROVINCIAL: Authority.PROVINCIAL_HRSS,
    RecognitionLevel.NATIONAL: Authority.MOHRSS,
}


def check_table(
    table: Iterable[Transition],
    *,
    initial: Stage = INITIAL_STAGE,
    final: Collection[Stage] = FINAL_STAGES,
) -> Mapping[Stage, Mapping[Event, Transition]]:
    """Check a transition table and index it by stage and event.

    Raises:
        InvalidArgumentError: an event appears twice, a row's
            :attr:`~Transition.actors_from` names a stage that is not one of
            its sources or no authority, a final stage has a way out, a stage
            is unreachable from *initial*, or a stage is a trap (no final
            stage can be reached from it).

    Example:
        >>> index = check_table(TRANSITIONS)
        >>> sorted(e.value for e in index[Stage.EXIT_PROPOSED])
        ['decide_exit', 'retain']

    .. versionadded:: 0.1.0
    """
    index: dict[Stage, dict[Event, Transition]] = {s: {} for s in Stage}
    seen: set[Event] = set()
    for row in table:
        if row.event in seen:
            msg = f"Expected one row per event but got event={row.event.value!r} twice"
            raise InvalidArgumentError(msg)
        seen.add(row.event)
        _check_actors_from(row)
        for source in row.sources:
            if source in final:
                msg = f"Expected no way out of final stage {source.value!r} but got event={row.event.value!r}"
                raise InvalidArgumentError(msg)
            index[source][row.event] = row
    edges = {s: {row.target or s for row in rows.values()} for s, rows in index.items()}
    reachable = _closure({initial}, edges)
    if missing := set(Stage) - reachable:
        names = ", ".join(sorted(s.value for s in missing))
        msg = f"Expected every stage reachable from {initial.value!r} but got unreachable: {names}"
        raise InvalidArgumentError(msg)
    for stage in Stage:
        if stage not in final and not (_closure({stage}, edges) & set(final)):
            msg = f"Expected a way from {stage.value!r} to a final stage but got a trap stage"
            raise InvalidArgumentError(msg)
    return MappingProxyType({s: MappingProxyType(rows) for s, rows in index.items()})


def _check_actors_from(row: Transition) -> None:
    for stage, who in row.actors_from.items():
        if stage not in row.sources:
            msg = (
                f"Expected actors_from keyed by the sources of event={row.event.value!r} "
                f"but got stage={stage!r}"
            )
            raise InvalidArgumentError(msg, field=f"{row.event.value}.actors_from")
        if not who or not all(isinstance(a, Authority) for a in who):
            msg = (
                f"Expected one or more authorities (Authority) but got "
                f"actors_from[{stage.value!r}]={who!r} for event={row.event.value!r}"
            )
            raise InvalidArgumentError(
                msg, field=f"{row.event.value}.actors_from.{stage.value}"
            )


def _closure(start: set[Stage], edges: Mapping[Stage, set[Stage]]) -> set[Stage]:
    seen = set(start)
    todo = list(start)
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


_INDEX: Final = check_table(TRANSITIONS)
#: The index of every other table used, by the table's id (kept with the table).
_INDEXES: dict[
    int, tuple[tuple[Transition, ...], Mapping[Stage, Mapping[Event, Transition]]]
] = {}


def _index(
    table: tuple[Transition, ...] | None,
) -> Mapping[Stage, Mapping[Event, Transition]]:
    """The checked index of *table* (Shaanxi's :data:`TRANSITIONS` if ``None``), made once."""
    if table is None or table is TRANSITIONS:
        return _INDEX
    found = _INDEXES.get(id(table))
    if found is None or found[0] is not table:
        found = _INDEXES[id(table)] = (table, check_table(table))
    return found[1]


def allowed_events(
    stage: Stage, *, table: tuple[Transition, ...] | None = None
) -> tuple[Event, ...]:
    """Return the events the table allows from *stage*, in table order.

    Example:
        >>> [e.value for e in allowed_events(Stage.IN_POOL)]
        ['charter_adopted', 'monitor', 'spot_check', 'recognise', 'propose_exit']

    .. versionadded:: 0.1.0
    """
    return tuple(_index(table)[stage])


def transition(  # noqa: PLR0913 - the event's payload is keyword-only
    brand: Brand,
    event: Event,
    *,
    on: pendulum.Date,
    by: Authority | None = None,
    note: str = "",
    grounds: Iterable[ExitGround] = (),
    recognition: Recognition | None = None,
    evidence: Evidence | None = None,
    table: tuple[Transition, ...] | None = None,
    name_zh: str | None = None,
) -> Brand:
    """Apply *event* to *brand* on day *on*, by authority *by*, and return the new brand.

    Args:
        brand: the brand; it is not changed.
        event: what happens.
        on: the day it happens; not before the brand's last audit record.
        by: who acts: one of the authorities the table names for the event
            from the brand's stage (:func:`may_act`: :attr:`Transition.actors`,
            or :attr:`Transition.actors_from` where who acts depends on the
            stage; for a recognition, the body of the level recognised).
            Left out, the usual one (the first named).
        note: free text for the audit record (document number, method, ...).
        grounds: the exit grounds, for :attr:`Event.PROPOSE_EXIT`.
        recognition: the recognition granted, for :attr:`Event.RECOGNISE`;
            an undated one is dated *on*.
        evidence: the decision the event rests on, for an event whose row
            names one (:attr:`Transition.evidence`): for
            :attr:`Event.ADMIT_ON_AWARD`, the brand's eligible employment
            award, decided on or before *on*. Its id is recorded.
            :meth:`labourbrand.Policy.admit` also decides it again.
        table: the transition table of the policy document in force (a
            :class:`~labourbrand.policy.PolicyDocument`'s ``lifecycle``);
            Shaanxi's :data:`TRANSITIONS` by default. It is checked once
            (:func:`check_table`). :meth:`labourbrand.Policy.transition`
            passes its document's.
        name_zh: the name settled, for :attr:`Event.NAME_SETTLED`: the new
            brand has it as :attr:`~labourbrand.Brand.name_zh` and keeps its
            :attr:`~labourbrand.Brand.id`; the audit record's note gives the
            new name and the old one.

    An :attr:`Event.CHARTER_ADOPTED` sets
    :attr:`~labourbrand.Brand.has_charter` to ``True`` on the new brand.

    Returns:
        A new :class:`~labourbrand.Brand` in the target stage with one more audit record.

    Raises:
        IllegalTransitionError: the table has no such edge from the brand's
            stage, or the guard refused, or the evidence is missing or does
            not support the event; the message lists the allowed events.
        ActorNotAllowedError: *by* is not an authority the text names for
            the event; the message names who may act and the clause.
        InvalidArgumentError: *on* is before the last audit record, a
            payload was given to an event that takes none, or a name settled
            comes without its name.

    Example:
        >>> import pendulum
        >>> from labourbrand import Brand, Maturity
        >>> b = Brand(name_zh="示例劳务产品", county="610924", maturity=Maturity.UNNAMED)
        >>> b = transition(b, Event.ESTABLISH, on=pendulum.Date(2022, 6, 1))
        >>> b = transition(b, Event.NAME_SETTLED, on=pendulum.Date(2022, 9, 1),
        ...                name_zh="示例品牌", by=Authority.COUNTY_HRSS)
        >>> b.name_zh, b.id, b.history[-1].note
        ('示例品牌', '610924/示例劳务产品', 'name settled: 示例品牌 (was 示例劳务产品)')

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The actor is checked against the table; the award route takes its
       evidence; ``name_zh`` for a name settled.
    """
    _check_inputs(brand, event, on, by, note)
    index = _index(table)
    row = index[brand.stage].get(event)
    if row is None:
        raise _illegal(brand, event, "the transition table has no such edge", index)
    if brand.history and on < brand.history[-1].on:
        msg = (
            f"Expected on >= {brand.history[-1].on.isoformat()} (the last audit record) "
            f"but got on={on.isoformat()!r}"
        )
        raise InvalidArgumentError(msg, field="on")
    grounds = tuple(grounds)
    if any(not isinstance(g, ExitGround) for g in grounds):
        msg = f"Expected exit grounds (ExitGround) but got grounds={grounds!r}"
        raise InvalidArgumentError(msg, field="grounds")
    if grounds and event is not Event.PROPOSE_EXIT:
        msg = f"Expected no exit grounds for event={event.value!r} but got grounds={grounds!r}"
        raise InvalidArgumentError(msg, field="grounds")
    if recognition is not None and event is not Event.RECOGNISE:
        msg = f"Expected no recognition for event={event.value!r} but got recognition={recognition!r}"
        raise InvalidArgumentError(msg, field="recognition")
    if evidence is not None and row.evidence is None:
        msg = f"Expected no evidence for event={event.value!r} but got evidence={evidence!r}"
        raise InvalidArgumentError(msg, field="evidence")
    changes = _effects(event, brand, name_zh, note)
    if row.guard is not None and (
        reason := row.guard(
            brand,
            GuardContext(
                on=on, grounds=grounds, recognition=recognition, name_zh=name_zh
            ),
        )
    ):
        raise _illegal(brand, event, reason, index)
    level = recognition.level if recognition is not None else None
    actor = _actor(brand, row, by, level, index)
    evidence_id = _evidence(brand, row, evidence, on, index)
    target = row.target or brand.stage
    recognitions = brand.recognitions
    if recognition is not None:
        if recognition.on is None:
            recognition = attrs.evolve(recognition, on=on, year=on.year)
        recognitions = (*recognitions, recognition)
    record = _new_record(
        on=on,
        event=event,
        from_stage=brand.stage,
        to_stage=target,
        by=actor,
        basis=row.basis,
        note=changes.pop("note"),
        grounds=grounds,
        level=level,
        evidence=evidence_id,
    )
    # The brand was valid and the new record extends its trail: skip re-checking.
    return _evolve_brand(
        brand,
        stage=target,
        history=(*brand.history, record),
        recognitions=recognitions,
        **changes,
    )


def _effects(
    event: Event, brand: Brand, name_zh: object, note: str
) -> dict[str, object]:
    """What *event* changes on the brand besides its trail, and the record's note."""
    if event is Event.NAME_SETTLED:
        if not (isinstance(name_zh, str) and name_zh.strip()):
            msg = (
                "Expected the name settled as non-empty text but got "
                f"name_zh={name_zh!r} (type={type(name_zh).__name__})"
            )
            raise InvalidArgumentError(msg, field="name_zh")
        said = f"name settled: {name_zh} (was {brand.name_zh})"
        return {"name_zh": name_zh, "note": f"{said}; {note}" if note else said}
    if name_zh is not None:
        msg = (
            f"Expected no name_zh for event={event.value!r} but got name_zh={name_zh!r}"
        )
        raise InvalidArgumentError(msg, field="name_zh")
    if event is Event.CHARTER_ADOPTED:
        return {"has_charter": True, "note": note}
    return {"note": note}


class Evidence(Protocol):
    """What an event reads of the decision it rests on (a :class:`labourbrand.policy.Decision`)."""

    @property
    def id(self) -> str:
        """The decision's id."""

    @property
    def measure(self) -> str:
        """The measure decided."""

    @property
    def outcome(self) -> object:
        """The outcome (eligible to support an event)."""

    @property
    def brand_id(self) -> str:
        """The brand's stable id."""

    @property
    def on(self) -> pendulum.Date:
        """The day decided about."""


def may_act(
    row: Transition,
    level: RecognitionLevel | None = None,
    source: Stage | None = None,
) -> tuple[Authority, ...]:
    """The authorities that may take *row*'s event (for a recognition, at *level*; from stage *source*).

    Where who acts depends on the stage the brand is in
    (:attr:`Transition.actors_from`), *source* picks it; without *source*,
    every authority of the row (:attr:`Transition.actors`).

    Example:
        >>> [a.value for a in may_act(_INDEX[Stage.EXIT_PROPOSED][Event.DECIDE_EXIT])]
        ['provincial_hrss']
        >>> back = _INDEX[Stage.RECOMMENDED_BY_COUNTY][Event.RETURN]
        >>> [a.value for a in may_act(back, source=Stage.RECOMMENDED_BY_COUNTY)]
        ['city_hrss']
        >>> [a.value for a in may_act(back, source=Stage.RECOMMENDED_BY_CITY)]
        ['provincial_hrss']

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.2.0
       *source*, for a row whose actors depend on the stage.
    """
    if source is not None and (by_stage := row.actors_from.get(source)) is not None:
        return by_stage
    if row.actors:
        return row.actors
    return (_RECOGNISER[level],) if level is not None else tuple(_RECOGNISER.values())


def _actor(
    brand: Brand,
    row: Transition,
    by: Authority | None,
    level: RecognitionLevel | None,
    index: Mapping[Stage, Mapping[Event, Transition]],
) -> Authority:
    allowed = may_act(row, level, brand.stage)
    if by is None:
        return allowed[0]
    if by not in allowed:
        raise ActorNotAllowedError(
            brand=brand.name_zh,
            from_stage=brand.stage.value,
            event=row.event.value,
            allowed=[e.value for e in index[brand.stage]],
            actor=by.value,
            may_act=[a.value for a in allowed],
            basis=row.basis,
            inferred=row.basis_inferred,
        )
    return by


def _evidence(
    brand: Brand,
    row: Transition,
    evidence: Evidence | None,
    on: pendulum.Date,
    index: Mapping[Stage, Mapping[Event, Transition]],
) -> str | None:
    if row.evidence is None:
        return None
    if evidence is None:
        reason = f"it rests on an eligible {row.evidence} decision (clause {row.basis}), and none was given"
    elif getattr(evidence, "measure", None) != row.evidence:
        reason = f"the evidence is a {getattr(evidence, 'measure', type(evidence).__name__)!s} decision, not {row.evidence}"
    elif str(getattr(evidence, "outcome", "")) != "eligible":
        reason = (
            f"the {row.evidence} decision given is {evidence.outcome!s}, not eligible"
        )
    elif getattr(evidence, "brand_id", None) != brand.id:
        reason = f"the {row.evidence} decision given is for brand id {evidence.brand_id!r}, not {brand.id!r}"
    elif evidence.on > on:
        reason = f"the {row.evidence} decision given is about {evidence.on.isoformat()}, after {on.isoformat()}"
    else:
        return evidence.id
    raise _illegal(brand, row.event, reason, index)


def import_record(  # noqa: PLR0913 - what an import records, keyword-only
    brand: Brand,
    *,
    stage: Stage,
    since: pendulum.Date,
    imported_on: pendulum.Date,
    by: Authority,
    source: str,
) -> Brand:
    """Take over a brand's stage from records kept before adopting the library.

    The one route for a brand whose stage was reached elsewhere: the brand
    gets one :attr:`Event.IMPORT` audit record from ``discovered`` to
    *stage*, dated *since* (the day the old records give for that stage), by
    the authority whose records they are, noting *source* and *imported_on*.
    Every decision about the brand says its stage was imported
    (:attr:`Brand.imported <labourbrand.Brand.imported>`). Later events go
    through :func:`transition` as usual.

    Args:
        brand: a brand with no audit trail yet.
        stage: the stage the old records give.
        since: the day it reached that stage.
        imported_on: the day of the import (not before *since*).
        by: the authority whose records they are.
        source: where they come from (register, document number).

    Raises:
        InvalidArgumentError: the brand already has an audit trail, *stage*
            is ``discovered``, *imported_on* is before *since*, or an
            argument has the wrong type.

    Example:
        >>> import pendulum
        >>> from labourbrand import Brand
        >>> b = import_record(Brand(name_zh="紫阳修脚师", county="610924"),
        ...     stage=Stage.IN_POOL, since=pendulum.Date(2022, 9, 1),
        ...     imported_on=pendulum.Date(2026, 11, 30), by=Authority.PROVINCIAL_HRSS,
        ...     source="省级劳务品牌资源库名单(2022)")
        >>> b.stage.value, b.imported.note
        ('in_pool', 'imported on 2026-11-30 from 省级劳务品牌资源库名单(2022)')

    .. versionadded:: 0.2.0
    """
    _check_inputs(brand, Event.IMPORT, since, by, source)
    if type(imported_on) is not pendulum.Date:
        msg = f"Expected a pendulum.Date but got imported_on={imported_on!r} (type={type(imported_on).__name__})"
        raise InvalidArgumentError(msg, field="imported_on")
    given: object = stage  # callers may pass anything at run time
    if not isinstance(given, Stage) or given is INITIAL_STAGE:
        msg = f"Expected a stage other than 'discovered' but got stage={stage!r}"
        raise InvalidArgumentError(msg, field="stage")
    if brand.history:
        msg = f"Expected a brand with no audit trail (an import is its first record) but got {len(brand.history)} record(s)"
        raise InvalidArgumentError(msg, field="history")
    if imported_on < since:
        msg = f"Expected imported_on >= since={since.isoformat()} but got imported_on={imported_on.isoformat()!r}"
        raise InvalidArgumentError(msg, field="imported_on")
    if not source.strip():
        msg = f"Expected the source of the imported records but got source={source!r}"
        raise InvalidArgumentError(msg, field="source")
    record = _new_record(
        on=since,
        event=Event.IMPORT,
        from_stage=INITIAL_STAGE,
        to_stage=stage,
        by=by,
        basis=IMPORT_BASIS,
        note=f"imported on {imported_on.isoformat()} from {source}",
        grounds=(),
        level=None,
        evidence=None,
    )
    return _evolve_brand(brand, stage=stage, history=(record,))


#: The basis of an import record: the records kept elsewhere, not a clause.
IMPORT_BASIS: Final = "import"


def replay(brand: Brand, *, table: tuple[Transition, ...] | None = None) -> Stage:
    """Walk *brand*'s audit trail through the table and return the stage it reaches.

    Every record must be an edge of the table from the stage before it, by
    an authority the text names, with its evidence where the event needs
    one; an import may only be the first record. Use it on records read
    from elsewhere (:func:`labourbrand.serialization.from_json` does).

    Raises:
        IllegalTransitionError: a record is not an edge of the table, or
            lacks its evidence.
        ActorNotAllowedError: a record's actor may not take its event.

    Example:
        >>> import pendulum
        >>> from labourbrand import Brand, Maturity
        >>> b = transition(Brand(name_zh="x", county="610924", maturity=Maturity.ESTABLISHED),
        ...                Event.ESTABLISH, on=pendulum.Date(2022, 5, 6), by=Authority.COUNTY_HRSS)
        >>> replay(b) is b.stage
        True

    .. versionadded:: 0.2.0
    """
    table_index = _index(table)
    stage = INITIAL_STAGE
    for index, record in enumerate(brand.history):
        if record.event is Event.IMPORT:
            if index:
                raise _illegal_record(
                    brand, record, "an import can only be the first record", table_index
                )
            stage = record.to_stage
            continue
        row = table_index[stage].get(record.event)
        if row is None or record.from_stage is not stage:
            raise _illegal_record(
                brand, record, "the transition table has no such edge", table_index
            )
        if record.to_stage is not (row.target or stage):
            raise _illegal_record(
                brand,
                record,
                f"the table leads to {(row.target or stage).value!r}, not {record.to_stage.value!r}",
                table_index,
            )
        allowed = may_act(row, record.level, stage)
        if record.by not in allowed:
            raise ActorNotAllowedError(
                brand=brand.name_zh,
                from_stage=stage.value,
                event=record.event.value,
                allowed=[e.value for e in table_index[stage]],
                actor=record.by.value,
                may_act=[a.value for a in allowed],
                basis=row.basis,
                inferred=row.basis_inferred,
            )
        if row.evidence is not None and record.evidence is None:
            raise _illegal_record(
                brand,
                record,
                f"it records no {row.evidence} decision as evidence",
                table_index,
            )
        stage = record.to_stage
    if brand.has_charter is not True and (
        adopted := next(
            (r for r in brand.history if r.event is Event.CHARTER_ADOPTED), None
        )
    ):
        raise _illegal_record(
            brand,
            adopted,
            f"it records a charter adopted, but has_charter={brand.has_charter!r}",
            table_index,
        )
    return stage


def _illegal_record(
    brand: Brand,
    record: AuditRecord,
    reason: str,
    index: Mapping[Stage, Mapping[Event, Transition]],
) -> IllegalTransitionError:
    return IllegalTransitionError(
        brand=brand.name_zh,
        from_stage=record.from_stage.value,
        event=record.event.value,
        allowed=[e.value for e in index[record.from_stage]],
        reason=f"audit record of {record.on.isoformat()}: {reason}",
    )


def _check_inputs(
    brand: object, event: object, on: object, by: object, note: object
) -> None:
    # Checked here once, because the new values are built without validators.
    if not isinstance(brand, Brand):
        msg = f"Expected a Brand but got brand={brand!r} (type={type(brand).__name__})"
        raise InvalidArgumentError(msg, field="brand")
    if not isinstance(event, Event):
        msg = f"Expected an Event but got event={event!r} (type={type(event).__name__})"
        raise InvalidArgumentError(msg, field="event")
    if type(on) is not pendulum.Date:
        msg = f"Expected a pendulum.Date but got on={on!r} (type={type(on).__name__})"
        raise InvalidArgumentError(msg, field="on")
    if by is not None and not isinstance(by, Authority):
        msg = f"Expected an Authority but got by={by!r} (type={type(by).__name__})"
        raise InvalidArgumentError(msg, field="by")
    if not isinstance(note, str):
        msg = f"Expected a str but got note={note!r} (type={type(note).__name__})"
        raise InvalidArgumentError(msg, field="note")


def _illegal(
    brand: Brand,
    event: Event,
    reason: str,
    index: Mapping[Stage, Mapping[Event, Transition]] = _INDEX,
) -> IllegalTransitionError:
    return IllegalTransitionError(
        brand=brand.name_zh,
        from_stage=brand.stage.value,
        event=event.value,
        allowed=[e.value for e in index[brand.stage]],
        reason=reason,
    )


def table_rows() -> list[dict[str, str]]:
    """Return the table as rows of text, one per (event, source stage).

    Each row gives the event (``event``, ``event_zh``), the stages
    (``from``, ``to``), who may act from that stage (``by``, see
    :func:`may_act`), the clause id (``basis``), the clause as shown, marked
    "(inferred)" where the text has no such step (``clause``), and what the
    guard checks (``requires``).

    Example:
        >>> table_rows()[0]["event"], table_rows()[0]["to"]
        ('establish', 'cultivating')
        >>> [(r["from"], r["by"], r["clause"]) for r in table_rows() if r["event"] == "return"]
        [('recommended_by_county', '市级人社部门', 'shaanxi-2022-13:3.3 (inferred)'), ('recommended_by_city', '省人力资源社会保障厅', 'shaanxi-2022-13:3.3 (inferred)')]

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``by`` depends on the source stage; the ``clause`` key.
    """
    rows = []
    for row in TRANSITIONS:
        for source in sorted(row.sources, key=list(Stage).index):
            target = row.target or source
            rows.append(
                {
                    "event": row.event.value,
                    "event_zh": row.event.zh,
                    "from": source.value,
                    "to": target.value,
                    "by": "、".join(a.zh for a in may_act(row, source=source)),
                    "basis": row.basis,
                    "clause": f"{row.basis} (inferred)"
                    if row.basis_inferred
                    else row.basis,
                    "requires": row.requires,
                }
            )
    return rows


def to_markdown() -> str:
    """Render the table as a Markdown table (used in the documentation).

    .. versionadded:: 0.1.0
    """
    head = "| event | 事件 | from | to | by | clause | requires |\n|---|---|---|---|---|---|---|\n"
    body = "".join(
        f"| `{r['event']}` | {r['event_zh']} | `{r['from']}` | `{r['to']}` | {r['by']} "
        f"| {r['clause']} | {r['requires']} |\n"
        for r in table_rows()
    )
    return head + body


def to_mermaid() -> str:
    """Render the state machine as a Mermaid ``stateDiagram-v2``.

    Example:
        >>> print(to_mermaid().splitlines()[1])
            [*] --> discovered

    .. versionadded:: 0.1.0
    """
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL_STAGE.value}"]
    lines += [f"    {s.value} : {s.value} {s.zh}" for s in Stage]
    lines += [
        f"    {r['from']} --> {r['to']} : {r['event']} ({r['basis']})"
        for r in table_rows()
    ]
    lines += [f"    {s.value} --> [*]" for s in sorted(FINAL_STAGES)]
    return "\n".join(lines) + "\n"


def to_dot() -> str:
    """Render the state machine in Graphviz DOT.

    Example:
        >>> to_dot().splitlines()[0]
        'digraph lifecycle {'

    .. versionadded:: 0.1.0
    """
    lines = [
        "digraph lifecycle {",
        "    rankdir=LR;",
        "    node [shape=box, style=rounded];",
    ]
    for s in Stage:
        shape = ", peripheries=2" if s in FINAL_STAGES else ""
        lines.append(f'    {s.value} [label="{s.value}\\n{s.zh}"{shape}];')
    lines += [
        f'    {r["from"]} -> {r["to"]} [label="{r["event"]} ({r["basis"]})"];'
        for r in table_rows()
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"
