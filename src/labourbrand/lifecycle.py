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

from typing import TYPE_CHECKING, Final, Protocol

import attrs

from labourbrand import _validators as check
from labourbrand._lifecycle_table import (
    _INDEX,
    FINAL_STAGES,
    INITIAL_STAGE,
    TRANSITIONS,
    Guard,
    GuardContext,
    Transition,
    _index,
    allowed_events,
    check_table,
    may_act,
    table_rows,
    to_dot,
    to_markdown,
    to_mermaid,
)
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
)
from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import (
    ActorNotAllowedError,
    IllegalTransitionError,
    InvalidArgumentError,
)


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pendulum


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


def transition(  # noqa: PLR0913 - the event's payload is keyword-only
    brand: Brand,
    event: Event,
    *,
    on: DayLike,
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
    _check_inputs(brand, event, by, note)
    on = as_date(on, name="on")
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
                on=on,
                grounds=grounds,
                recognition=recognition,
                name_zh=name_zh,
                note=note,
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
        if not check.is_name(name_zh):
            msg = (
                "Expected the name settled as a name on one line, without control "
                f"characters, but got {check.got('name_zh', name_zh)}"
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
    since: DayLike,
    imported_on: DayLike,
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
    _check_inputs(brand, Event.IMPORT, by, source)
    since = as_date(since, name="since")
    imported_on = as_date(imported_on, name="imported_on")
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
    if not check.is_name(source):
        msg = f"Expected the source of the imported records, one line of text, but got {check.got('source', source)}"
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


# The field whose validator checks a transition's note (its values are built
# without validators).
_NOTE: Final = attrs.fields(AuditRecord).note

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


def _check_inputs(brand: object, event: object, by: object, note: object) -> None:
    # Checked here once, because the new values are built without validators.
    if not isinstance(brand, Brand):
        msg = f"Expected a Brand but got brand={brand!r} (type={type(brand).__name__})"
        raise InvalidArgumentError(msg, field="brand")
    if not isinstance(event, Event):
        msg = f"Expected an Event but got event={event!r} (type={type(event).__name__})"
        raise InvalidArgumentError(msg, field="event")
    if by is not None and not isinstance(by, Authority):
        msg = f"Expected an Authority but got by={by!r} (type={type(by).__name__})"
        raise InvalidArgumentError(msg, field="by")
    check.note(None, _NOTE, note)


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
