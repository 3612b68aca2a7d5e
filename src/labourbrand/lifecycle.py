"""The brand lifecycle as an explicit state machine, kept as data.

A brand moves through the :class:`Stage` values only by :func:`transition`,
which checks the :data:`TRANSITIONS` table and the event's guard, and returns
a **new** brand with one more :class:`AuditRecord`. Each row of the table
cites the clause of 陕人社发〔2022〕13号 it rests on.

The table is checked when this module is imported: every stage is reachable
from :attr:`Stage.DISCOVERED`, and from every stage but the final one a final
stage can still be reached (no trap stage).

Example:
    >>> import pendulum
    >>> from labourbrand import Brand, Maturity
    >>> from labourbrand.lifecycle import Event, transition
    >>> b = Brand(name_zh="紫阳修脚师", county="610924", maturity=Maturity.ESTABLISHED)
    >>> b = transition(b, Event.ESTABLISH, on=pendulum.Date(2022, 5, 6))
    >>> b.stage, len(b.history), b.history[-1].basis
    (<Stage.CULTIVATING: 'cultivating'>, 1, '3.1')
    >>> transition(b, Event.ADMIT, on=pendulum.Date(2022, 6, 1))
    Traceback (most recent call last):
    ...
    labourbrand.exceptions.IllegalTransitionError: Brand '紫阳修脚师' in stage 'cultivating' cannot take event 'admit': the transition table has no such edge. Allowed from 'cultivating': recommend_by_county, admit_on_award, recognise
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Final, NamedTuple, final

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
from labourbrand.exceptions import IllegalTransitionError, InvalidArgumentError


__all__ = [
    "FINAL_STAGES",
    "INITIAL_STAGE",
    "TRANSITIONS",
    "AuditRecord",
    "Authority",
    "Event",
    "ExitGround",
    "Guard",
    "GuardContext",
    "Stage",
    "Transition",
    "allowed_events",
    "check_table",
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
@attrs.frozen(kw_only=True)
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
    #: Who acts by default.
    actor: Authority
    #: The clause id it rests on.
    basis: str
    #: What the guard checks, in words (English).
    requires: str = ""
    #: The guard; ``None`` admits every brand.
    guard: Guard | None = attrs.field(default=None, eq=False)


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
        actor=Authority.COUNTY_HRSS,
        basis="3.1",
        requires="maturity known; a scattered candidate has a charter",
        guard=_establish,
    ),
    Transition(
        event=Event.RECOMMEND_BY_COUNTY,
        sources=frozenset({Stage.CULTIVATING}),
        target=Stage.RECOMMENDED_BY_COUNTY,
        actor=Authority.COUNTY_HRSS,
        basis="3.3",
        requires="county known",
        guard=_has_county,
    ),
    Transition(
        event=Event.RECOMMEND_BY_CITY,
        sources=frozenset({Stage.RECOMMENDED_BY_COUNTY}),
        target=Stage.RECOMMENDED_BY_CITY,
        actor=Authority.CITY_HRSS,
        basis="3.4",
    ),
    Transition(
        event=Event.ADMIT,
        sources=frozenset({Stage.RECOMMENDED_BY_CITY}),
        target=Stage.IN_POOL,
        actor=Authority.PROVINCIAL_HRSS,
        basis="3.4",
    ),
    Transition(
        event=Event.RETURN,
        sources=frozenset({Stage.RECOMMENDED_BY_COUNTY, Stage.RECOMMENDED_BY_CITY}),
        target=Stage.CULTIVATING,
        actor=Authority.PROVINCIAL_HRSS,
        basis="3.3",
    ),
    Transition(
        event=Event.ADMIT_ON_AWARD,
        sources=frozenset(
            {Stage.CULTIVATING, Stage.RECOMMENDED_BY_COUNTY, Stage.RECOMMENDED_BY_CITY}
        ),
        target=Stage.IN_POOL,
        actor=Authority.CITY_FINANCE_HRSS,
        basis="4.2",
        requires="county and creating unit known",
        guard=_award_admission,
    ),
    Transition(
        event=Event.MONITOR,
        sources=frozenset({Stage.IN_POOL}),
        target=None,
        actor=Authority.COUNTY_HRSS,
        basis="3.4",
    ),
    Transition(
        event=Event.RECOGNISE,
        sources=_ACTIVE,
        target=None,
        actor=Authority.PROVINCIAL_HRSS,
        basis="2",
        requires="a recognition at a level not yet held",
        guard=_recognise,
    ),
    Transition(
        event=Event.PROPOSE_EXIT,
        sources=frozenset({Stage.IN_POOL}),
        target=Stage.EXIT_PROPOSED,
        actor=Authority.CITY_HRSS,
        basis="3.4",
        requires="at least one of the four grounds",
        guard=_propose_exit,
    ),
    Transition(
        event=Event.DECIDE_EXIT,
        sources=frozenset({Stage.EXIT_PROPOSED}),
        target=Stage.EXITED,
        actor=Authority.PROVINCIAL_HRSS,
        basis="3.4",
    ),
    Transition(
        event=Event.RETAIN,
        sources=frozenset({Stage.EXIT_PROPOSED}),
        target=Stage.IN_POOL,
        actor=Authority.PROVINCIAL_HRSS,
        basis="3.4",
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


def allowed_events(stage: Stage) -> tuple[Event, ...]:
    """Return the events the table allows from *stage*, in table order.

    Example:
        >>> [e.value for e in allowed_events(Stage.IN_POOL)]
        ['monitor', 'recognise', 'propose_exit']

    .. versionadded:: 0.1.0
    """
    return tuple(_INDEX[stage])


def transition(  # noqa: PLR0913 - the event's payload is keyword-only
    brand: Brand,
    event: Event,
    *,
    on: pendulum.Date,
    by: Authority | None = None,
    note: str = "",
    grounds: Iterable[ExitGround] = (),
    recognition: Recognition | None = None,
) -> Brand:
    """Apply *event* to *brand* on day *on* and return the new brand.

    Args:
        brand: the brand; it is not changed.
        event: what happens.
        on: the day it happens; not before the brand's last audit record.
        by: who acts; defaults to the table's actor (for a recognition, the
            body of that level).
        note: free text for the audit record (document number, method, ...).
        grounds: the exit grounds, for :attr:`Event.PROPOSE_EXIT`.
        recognition: the recognition granted, for :attr:`Event.RECOGNISE`;
            an undated one is dated *on*.

    Returns:
        A new :class:`~labourbrand.Brand` in the target stage with one more audit record.

    Raises:
        IllegalTransitionError: the table has no such edge from the brand's
            stage, or the guard refused; the message lists the allowed events.
        InvalidArgumentError: *on* is before the last audit record, or a
            payload was given to an event that takes none.

    .. versionadded:: 0.1.0
    """
    _check_inputs(brand, event, on, by, note)
    row = _INDEX[brand.stage].get(event)
    if row is None:
        raise _illegal(brand, event, "the transition table has no such edge")
    if brand.history and on < brand.history[-1].on:
        msg = (
            f"Expected on >= {brand.history[-1].on.isoformat()} (the last audit record) "
            f"but got on={on.isoformat()!r}"
        )
        raise InvalidArgumentError(msg)
    grounds = tuple(grounds)
    if any(not isinstance(g, ExitGround) for g in grounds):
        msg = f"Expected exit grounds (ExitGround) but got grounds={grounds!r}"
        raise InvalidArgumentError(msg)
    if grounds and event is not Event.PROPOSE_EXIT:
        msg = f"Expected no exit grounds for event={event.value!r} but got grounds={grounds!r}"
        raise InvalidArgumentError(msg)
    if recognition is not None and event is not Event.RECOGNISE:
        msg = f"Expected no recognition for event={event.value!r} but got recognition={recognition!r}"
        raise InvalidArgumentError(msg)
    if row.guard is not None and (
        reason := row.guard(
            brand, GuardContext(on=on, grounds=grounds, recognition=recognition)
        )
    ):
        raise _illegal(brand, event, reason)
    target = row.target or brand.stage
    level = None
    recognitions = brand.recognitions
    if recognition is not None:
        level = recognition.level
        if recognition.on is None:
            recognition = attrs.evolve(recognition, on=on, year=on.year)
        recognitions = (*recognitions, recognition)
        by = by or _RECOGNISER[level]
    record = _new_record(
        on=on,
        event=event,
        from_stage=brand.stage,
        to_stage=target,
        by=by or row.actor,
        basis=row.basis,
        note=note,
        grounds=grounds,
        level=level,
    )
    # The brand was valid and the new record extends its trail: skip re-checking.
    return _evolve_brand(
        brand, stage=target, history=(*brand.history, record), recognitions=recognitions
    )


def _check_inputs(
    brand: object, event: object, on: object, by: object, note: object
) -> None:
    # Checked here once, because the new values are built without validators.
    if not isinstance(brand, Brand):
        msg = f"Expected a Brand but got brand={brand!r} (type={type(brand).__name__})"
        raise InvalidArgumentError(msg)
    if not isinstance(event, Event):
        msg = f"Expected an Event but got event={event!r} (type={type(event).__name__})"
        raise InvalidArgumentError(msg)
    if type(on) is not pendulum.Date:
        msg = f"Expected a pendulum.Date but got on={on!r} (type={type(on).__name__})"
        raise InvalidArgumentError(msg)
    if by is not None and not isinstance(by, Authority):
        msg = f"Expected an Authority but got by={by!r} (type={type(by).__name__})"
        raise InvalidArgumentError(msg)
    if not isinstance(note, str):
        msg = f"Expected a str but got note={note!r} (type={type(note).__name__})"
        raise InvalidArgumentError(msg)


def _illegal(brand: Brand, event: Event, reason: str) -> IllegalTransitionError:
    return IllegalTransitionError(
        brand=brand.name_zh,
        from_stage=brand.stage.value,
        event=event.value,
        allowed=[e.value for e in allowed_events(brand.stage)],
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
                    "by": row.actor.zh,
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
