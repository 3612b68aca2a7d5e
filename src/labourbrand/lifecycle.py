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
    labourbrand.exceptions.IllegalTransitionError: Brand '紫阳修脚师' in stage 'cultivating' cannot take event 'admit': the transition table has no such edge. Allowed from 'cultivating': recommend_by_county, admit_on_award, recognise
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
    Maturity,
    Recognition,
    RecognitionLevel,
    Stage,
    _evolve_brand,
    _new_record,
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


#: A guard returns ``None`` to allow an event, or the reason it is refused.
Guard = Callable[[Brand, GuardContext], str | None]


@final
@attrs.frozen(kw_only=True, init=False)
class Transition:
    """One row of the transition table: an event, where it may start, where it leads.

    .. versionadded:: 0.1.0
    """

    #: The event.
    event: Event
    #: The stages it may be taken from.
    sources: frozenset[Stage]
    #: The stage it leads to; ``None`` keeps the brand where it is.
    target: Stage | None
    #: The authorities the text names for the event, the usual one first; no
    #: other may take it. Empty for a recognition, taken by the body of the
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
        )

    @property
    def actor(self) -> Authority:
        """The usual actor (the first of :attr:`actors`).

        .. deprecated:: 0.2.0
           Read :attr:`actors`: several authorities may take some events.
        """
        return self.actors[0] if self.actors else Authority.PROVINCIAL_HRSS


# ------------------------------------------------------------------- guards
def _establish(brand: Brand, _ctx: GuardContext) -> str | None:
    # 第三条第(一)款: the treatment depends on the kind of candidate.
    if brand.maturity is None:
        return "its maturity (clause 3.1) is unknown, and the treatment depends on it"
    if brand.maturity is Maturity.SCATTERED and brand.has_charter is not True:
        return "a scattered candidate needs a charter (章程) first (clause 3.1)"
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
    Transition(
        event=Event.ESTABLISH,
        sources=frozenset({Stage.DISCOVERED}),
        target=Stage.CULTIVATING,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.1",
        requires="maturity known; a scattered candidate has a charter",
        guard=_establish,
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
    Transition(
        event=Event.RETURN,
        sources=frozenset({Stage.RECOMMENDED_BY_COUNTY, Stage.RECOMMENDED_BY_CITY}),
        target=Stage.CULTIVATING,
        actors=(Authority.CITY_HRSS, Authority.PROVINCIAL_HRSS),
        basis="shaanxi-2022-13:3.3",
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
    Transition(
        event=Event.MONITOR,
        sources=frozenset({Stage.IN_POOL}),
        target=None,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS, Authority.PROVINCIAL_HRSS),
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
        InvalidArgumentError: an event appears twice, a final stage has a way
            out, a stage is unreachable from *initial*, or a stage is a trap
            (no final stage can be reached from it).

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
        ['monitor', 'recognise', 'propose_exit']

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
) -> Brand:
    """Apply *event* to *brand* on day *on*, by authority *by*, and return the new brand.

    Args:
        brand: the brand; it is not changed.
        event: what happens.
        on: the day it happens; not before the brand's last audit record.
        by: who acts: one of the authorities the table names for the event
            (:attr:`Transition.actors`; for a recognition, the body of the
            level recognised). Left out, the usual one (the first named).
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

    Returns:
        A new :class:`~labourbrand.Brand` in the target stage with one more audit record.

    Raises:
        IllegalTransitionError: the table has no such edge from the brand's
            stage, or the guard refused, or the evidence is missing or does
            not support the event; the message lists the allowed events.
        ActorNotAllowedError: *by* is not an authority the text names for
            the event; the message names who may act and the clause.
        InvalidArgumentError: *on* is before the last audit record, or a
            payload was given to an event that takes none.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The actor is checked against the table; the award route takes its evidence.
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
    if row.guard is not None and (
        reason := row.guard(
            brand, GuardContext(on=on, grounds=grounds, recognition=recognition)
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
        note=note,
        grounds=grounds,
        level=level,
        evidence=evidence_id,
    )
    # The brand was valid and the new record extends its trail: skip re-checking.
    return _evolve_brand(
        brand, stage=target, history=(*brand.history, record), recognitions=recognitions
    )


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
    row: Transition, level: RecognitionLevel | None = None
) -> tuple[Authority, ...]:
    """The authorities that may take *row*'s event (for a recognition, at *level*).

    Example:
        >>> [a.value for a in may_act(_INDEX[Stage.EXIT_PROPOSED][Event.DECIDE_EXIT])]
        ['provincial_hrss']

    .. versionadded:: 0.2.0
    """
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
    allowed = may_act(row, level)
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
        allowed = may_act(row, record.level)
        if record.by not in allowed:
            raise ActorNotAllowedError(
                brand=brand.name_zh,
                from_stage=stage.value,
                event=record.event.value,
                allowed=[e.value for e in table_index[stage]],
                actor=record.by.value,
                may_act=[a.value for a in allowed],
                basis=row.basis,
            )
        if row.evidence is not None and record.evidence is None:
            raise _illegal_record(
                brand,
                record,
                f"it records no {row.evidence} decision as evidence",
                table_index,
            )
        stage = record.to_stage
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

    Example:
        >>> table_rows()[0]["event"], table_rows()[0]["to"]
        ('establish', 'cultivating')

    .. versionadded:: 0.1.0
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
                    "by": "、".join(a.zh for a in may_act(row)),
                    "basis": row.basis,
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
        f"| {r['basis']} | {r['requires']} |\n"
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
