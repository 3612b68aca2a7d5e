"""The transition table of the brand lifecycle, as data, and its checks (private).

Home of :class:`Transition` and Shaanxi's :data:`TRANSITIONS`, of the checks a
table passes (:func:`check_table`), of who may take an event (:func:`may_act`)
and of the table's renderings; :mod:`labourbrand.lifecycle` re-exports them
and applies events (:func:`labourbrand.lifecycle.transition`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NamedTuple, final

import attrs

from labourbrand._model import (
    Authority,
    Brand,
    Event,
    ExitGround,
    Recognition,
    RecognitionLevel,
    Stage,
    normalise_name,
)
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandDeprecationWarning,
)


if TYPE_CHECKING:
    import pendulum


__all__ = [
    "FINAL_STAGES",
    "INITIAL_STAGE",
    "TRANSITIONS",
    "Guard",
    "GuardContext",
    "Transition",
    "allowed_events",
    "check_table",
    "may_act",
    "table_rows",
    "to_dot",
    "to_markdown",
    "to_mermaid",
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
    #: The note of the audit record.
    note: str = ""


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
    # 第三部分第(一)项: 抓紧确定劳务品牌名称 — a name that is new to the brand.
    if ctx.name_zh is not None and normalise_name(ctx.name_zh) == normalise_name(
        brand.name_zh
    ):
        return f"the name given is already its name ({brand.name_zh!r})"
    return None


def _has_county(brand: Brand, _ctx: GuardContext) -> str | None:
    # 第三部分第(三)项: the county HRSS bureau recommends its own brands.
    if brand.county is None:
        return (
            "its county is unknown, so no county bureau can recommend it (clause 3.3)"
        )
    return None


def _award_admission(brand: Brand, ctx: GuardContext) -> str | None:
    # 第四部分第(二)项: a brand cultivated in the region, award to its creating unit.
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
    # 第三部分第(四)项: the four grounds named, "等" leaving others open.
    if not ctx.grounds:
        return "an exit proposal must give at least one ground of clause 3.4"
    if ExitGround.OTHER in ctx.grounds and not ctx.note.strip():
        return "a ground other than the four named (等) must be stated in the note"
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
    # 第三部分第(一)项: any surveyed candidate is cultivated; its kind (maturity)
    # says what help it gets, and the charter is part of that help
    # ("帮助指导制订章程"), not a condition of cultivation.
    Transition(
        event=Event.ESTABLISH,
        sources=frozenset({Stage.DISCOVERED}),
        target=Stage.CULTIVATING,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.1",
    ),
    # 第三部分第(一)项: 还没有固定品牌名称的劳务产品,抓紧确定劳务品牌名称.
    Transition(
        event=Event.NAME_SETTLED,
        sources=frozenset({Stage.DISCOVERED, Stage.CULTIVATING}),
        target=None,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.1",
        requires="a new name (name_zh=)",
        guard=_name_settled,
    ),
    # 第三部分第(一)项: 总结品牌特征,帮助指导制订章程 — a milestone of cultivation.
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
    # (第三部分第(三)项 择优向上级推荐; 第(四)项 逐级推荐上报).
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
    # 第三部分第(四)项: 各地…定期采取电话回访、问卷调查、实地调研、第三方评估.
    Transition(
        event=Event.MONITOR,
        sources=frozenset({Stage.IN_POOL}),
        target=None,
        actors=(Authority.COUNTY_HRSS, Authority.CITY_HRSS),
        basis="shaanxi-2022-13:3.4",
    ),
    # 第三部分第(四)项: 省人社厅将联合相关部门,定期对各地建设情况进行抽查 — the
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
        requires="at least one ground (the four named, or another stated in the note)",
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
