"""The one interpreter, for checks: a check's declaration for one subject or for columns (private).

:func:`decide_check` walks a :class:`~labourbrand.policy.CheckSpec` for one
county, enterprise or unit and writes the explanation
(a :class:`~labourbrand.policy.Check`); :func:`decide_check_columns` walks the
same declaration over numpy columns. Both open with the same question (are the
document and every parameter the check reads in force on the day?), then ask
the conditions in order, each through its own scalar or vectorised meaning:
the first that fails decides, even after one whose answer is unknown (a duty
known unmet in one part is not met); else the first unknown makes the check
unknown. A condition whose failure means the duty does not apply
(:class:`~labourbrand.policy.AppliesWhen`) makes the check met; when whether
it applies is unknown, the check is unknown, and the conditions after it
still say, for one subject, what they would decide if the duty applied. The interpreter knows no check by name and holds no policy's number
or wording: those are in the document.

What a subject is, as the conditions read it, is made here too
(:func:`county_subject`): a county's counts, and its designations from the
region registry, yes, no or unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from labourbrand.policy._check import (
    CheckDraft,
    clause_bodies,
    not_in_force_step,
    parameter_use,
)
from labourbrand.policy._check_words import (
    AnyHeld,
    AppliesWhen,
    CountAtLeast,
    CriteriaAtLeast,
    FlagIs,
    Judged,
)
from labourbrand.policy._exit_words import (
    AnyFound,
    InStage,
)
from labourbrand.policy._vocabulary import Facts, Verdict
from labourbrand.regions import Designation, Tristate


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pendulum

    from labourbrand.policy._check import Check
    from labourbrand.policy._check_status import CheckStatus
    from labourbrand.policy._checks_spec import CheckCondition, CheckSpec
    from labourbrand.policy._day import PolicyDay
    from labourbrand.policy._engine import Policy
    from labourbrand.policy._vocabulary import Columns
    from labourbrand.regions import Region, RegionRegistry


__all__ = [
    "CheckColumns",
    "Subject",
    "county_subject",
    "decide_check",
    "decide_check_columns",
    "decide_check_report",
    "designation_fact",
]

#: The words of a check's own vocabulary (they speak even after an unknown AppliesWhen).
_CHECK_WORDS: Final = (
    CountAtLeast,
    AppliesWhen,
    CriteriaAtLeast,
    FlagIs,
    AnyHeld,
    AnyFound,
    InStage,
)
#: A value or a required number that is none, in columns.
NONE: Final = -1


def designation_fact(designation: Designation) -> str:
    """The name of the flag fact of *designation*: ``national_key_county`` and the like."""
    return designation.name.lower()


@final
@attrs.frozen(kw_only=True)
class Subject:
    """What a check is asked about: its identity, its facts and the names its steps may use."""

    #: Its code or name, and its Chinese name.
    subject: str
    subject_zh: str
    #: Its facts on the day.
    facts: Facts
    #: Placeholders its steps may fill (``county_zh``, ``code``, …).
    names: Mapping[str, str] = attrs.Factory(dict)


def confirmed(regions: RegionRegistry) -> dict[str, str]:
    """For each designation, how many regions a source confirms: ``<fact>_confirmed``."""
    counts = dict.fromkeys(Designation, 0)
    for record in regions.designation_records():
        if record.status is Tristate.YES:
            counts[record.designation] += 1
    return {f"{designation_fact(d)}_confirmed": str(n) for d, n in counts.items()}


def county_subject(  # noqa: PLR0913 - the parts of one county, keyword-only
    policy: Policy,
    region: Region,
    *,
    on: pendulum.Date,
    as_of: pendulum.Date | None,
    counts: Mapping[str, int | None],
    flags: Mapping[str, bool | None] | None = None,
    names: Mapping[str, str] | None = None,
) -> Subject:
    """A county-level unit as a check reads it: its counts, its designations and other *flags*.

    *names* are more placeholders its steps may fill.
    """
    regions = policy.regions
    read: dict[str, bool | None] = {}
    for designation in Designation:
        state = regions.designation(region.code, designation)
        read[designation_fact(designation)] = (
            None if state is Tristate.UNKNOWN else state is Tristate.YES
        )
    read.update(flags or {})
    placeholders = {
        "county_zh": region.name_zh,
        "county_en": region.name_en or region.name_zh,
        "code": region.code,
        **confirmed(regions),
        **(names or {}),
    }
    facts = Facts(on=on, county=region.code, observed=as_of, counts=counts, flags=read)
    return Subject(
        subject=region.code,
        subject_zh=region.name_zh,
        facts=facts,
        names=placeholders,
    )


def named_subject(
    name: str,
    *,
    on: pendulum.Date,
    flags: Mapping[str, bool | None],
    counts: Mapping[str, int | None] | None = None,
) -> Subject:
    """An enterprise, a unit or a person, by its name (``{subject}`` in the steps)."""
    facts = Facts(on=on, county=None, observed=None, counts=counts or {}, flags=flags)
    return Subject(
        subject=name,
        subject_zh=name,
        facts=facts,
        names={"subject": name, "subject_zh": name},
    )


# --------------------------------------------------------------- one subject
def _judge(
    condition: CheckCondition,
    facts: Facts,
    day: PolicyDay,
    names: Mapping[str, str],
    *,
    hypothetical: bool,
) -> Judged:
    if isinstance(condition, _CHECK_WORDS):
        return condition.judge(facts, day, names, hypothetical=hypothetical)
    verdict, words = condition.scalar(facts, day, names)
    return Judged(verdict, (words,) if words[0] else ())


def _value(spec: CheckSpec, facts: Facts) -> int | None:
    if isinstance(spec.value, str):
        return facts.counts.get(spec.value)
    if isinstance(spec.value, CriteriaAtLeast):
        return spec.value.value_of(facts)
    return None


def _opening(
    policy: Policy, day: PolicyDay, spec: CheckSpec, draft: CheckDraft
) -> bool:
    """Whether every parameter and the document are in force; else the step saying not."""
    for name in spec.parameters:
        entry = day.entry(name)
        if entry is None:
            not_in_force_step(draft, policy.parameters[name])
            return False
        draft.parameters.append(parameter_use(name, entry))
    document, on = day.document, day.on
    if on < document.issued or (
        document.last_day is not None and on > document.last_day
    ):
        first = document.issued.isoformat()
        draft.step(
            f"{document.number}于{first}颁布,按自颁布之日起施行处理,{on.isoformat()}尚未施行。",
            f"{document.number_en} applies from {first}, its issue date (the text gives "
            f"no other day); not in force on {on.isoformat()}.",
        )
        return False
    return True


def _walk(
    spec: CheckSpec,
    subject: Subject,
    day: PolicyDay,
    draft: CheckDraft,
    report: dict[str, object],
) -> tuple[CheckStatus, int | None, bool]:
    """Ask the conditions in order: the status they decide, the number required, and whether every one held.

    The first condition that fails decides, even after one whose answer is
    unknown (a duty with one part known unmet is not met, whatever the
    unknown part says); else the first unknown makes the check unknown. After
    an unknown :class:`~labourbrand.policy.AppliesWhen` the duty may not
    apply: the check words after it say what they would decide, and decide
    nothing.
    """
    facts, names = subject.facts, subject.names
    status: CheckStatus | None = None
    required: int | None = None
    hypothetical = False
    for condition in spec.conditions:
        if hypothetical and not isinstance(condition, _CHECK_WORDS):
            continue  # a measure's word says nothing of a duty that may not apply
        judged = _judge(condition, facts, day, names, hypothetical=hypothetical)
        report.update(judged.report)
        for zh, en in judged.steps:
            draft.step(zh, en)
        if judged.sets_required:
            required = judged.required
        if hypothetical or judged.verdict is Verdict.HOLDS:
            continue
        if judged.verdict is Verdict.FAILS:
            return getattr(condition, "fails_as", spec.statuses.fails), required, False
        status = spec.statuses.unknown
        hypothetical = isinstance(condition, AppliesWhen)
    if status is None:
        return spec.statuses.holds, required, True
    return status, required, False


def decide_check(
    policy: Policy, spec: CheckSpec, subject: Subject, *, on: pendulum.Date
) -> Check:
    """Decide *spec* for *subject* on day *on*, with every step of the explanation."""
    return decide_check_report(policy, spec, subject, on=on)[0]


def decide_check_report(
    policy: Policy, spec: CheckSpec, subject: Subject, *, on: pendulum.Date
) -> tuple[Check, Mapping[str, object]]:
    """Decide *spec* for *subject*, and say what its conditions found (e.g. the grounds).

    The report holds what the conditions asked reported (``Judged.report``,
    e.g. each ground's state): nothing when the check is not in force.
    """
    report: dict[str, object] = {}
    day = policy.day(on)
    facts, names = subject.facts, subject.names
    draft = CheckDraft(
        subject=subject.subject,
        subject_zh=subject.subject_zh,
        check=spec.id,
        on=day.on,
        clauses=(day.document.qualify(spec.clause),),
        bodies=spec.bodies if spec.bodies is not None else clause_bodies(spec.clause),
    )
    value = _value(spec, facts)
    if not _opening(policy, day, spec, draft):
        return draft.finish(spec.statuses.not_in_force, value=value), report
    if spec.opening is not None:
        draft.step(*spec.opening.render(facts.values(**names)))
    status, required, every_one_held = _walk(spec, subject, day, draft, report)
    if every_one_held:
        for said in spec.on_holds:
            draft.step(*said.render(facts.values(**names)))
    if status is spec.statuses.fails:
        for note in spec.on_fail:
            words = note.render(facts, names)
            if words is not None:
                draft.step(*words)
    return draft.finish(status, value=value, required=required), report


# ------------------------------------------------------------------- columns
@final
@attrs.frozen(kw_only=True, eq=False)
class CheckColumns:
    """The statuses of one check for every row, with its value and what it requires."""

    #: Status codes (``0`` met, ``1`` not met, ``2`` unknown, ``3`` not in force).
    status: Any
    #: The value of each row (a count, the criteria met); ``-1`` for none.
    value: Any
    #: What each row is required to reach; ``-1`` where the text sets no number.
    required: Any
    #: What the conditions found per row, by name (each ground of an
    #: :class:`~labourbrand.policy.AnyFound`: ``1``, ``0``, ``-1``).
    findings: Mapping[str, Any] = attrs.Factory(dict)


def _value_columns(spec: CheckSpec, cols: Columns) -> npt.NDArray[np.int64]:
    import numpy as np

    if isinstance(spec.value, str):
        column = cols.count(spec.value)
        return (
            np.full(cols.n, NONE, np.int64)
            if column is None
            else column.astype(np.int64)
        )
    if isinstance(spec.value, CriteriaAtLeast):
        return spec.value.value_columns(cols, spec.id)
    return np.full(cols.n, NONE, np.int64)


def _in_force(day: PolicyDay, spec: CheckSpec) -> bool:
    document, on = day.document, day.on
    if on < document.issued or (
        document.last_day is not None and on > document.last_day
    ):
        return False
    return all(day.entry(name) is not None for name in spec.parameters)


def decide_check_columns(
    day: PolicyDay, spec: CheckSpec, cols: Columns
) -> CheckColumns:
    """Decide *spec* for every row of *cols*, as :func:`decide_check` decides each subject."""
    import numpy as np

    n = cols.n
    value = _value_columns(spec, cols)
    required = np.full(n, NONE, np.int64)
    if not _in_force(day, spec):
        status = np.full(n, spec.statuses.not_in_force.code, np.uint8)
        # Nothing was assessed: no ground is found, none is unknown.
        nothing = {
            code: np.zeros(n, np.int8)
            for condition in spec.conditions
            if isinstance(condition, AnyFound)
            for code in (g.code for g in condition.grounds)
        }
        return CheckColumns(
            status=status, value=value, required=required, findings=nothing
        )
    status = np.full(n, spec.statuses.holds.code, np.uint8)
    # Rows no condition has decided: every one so far held, or one was unknown
    # (a later failure still decides those); rows whose duty may not apply are
    # decided unknown, but what a count requires is said.
    undecided = np.ones(n, np.bool_)
    hypothetical = np.zeros(n, np.bool_)
    findings: dict[str, npt.NDArray[np.int8]] = {}
    for condition in spec.conditions:
        sets = getattr(condition, "required", None)
        if callable(sets):
            number = sets(day)
            required[undecided | hypothetical] = NONE if number is None else number
        if isinstance(condition, AnyFound):
            # Every ground is judged on every row, and each one's state reported.
            found = condition.found_columns(cols, day, spec.id)
            findings.update(found)
            fails, unknown = condition.verdict_columns(found, n)
        else:
            fails, unknown = condition.columns(cols, day, spec.id)
        failed: CheckStatus = getattr(condition, "fails_as", spec.statuses.fails)
        status[undecided & fails] = failed.code
        undecided &= ~fails
        if unknown is not None:
            unknown = undecided & unknown
            status[unknown] = spec.statuses.unknown.code
            if isinstance(condition, AppliesWhen):
                hypothetical |= unknown
                undecided &= ~unknown
    return CheckColumns(
        status=status, value=value, required=required, findings=findings
    )
