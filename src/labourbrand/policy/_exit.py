"""The exit assessment of the resource pool (clause 3.4) (private).

After the provincial department's spot check (抽查), the city HRSS bureau assesses four grounds for
proposing a brand's exit from the resource pool (:class:`ExitIndicators` →
:func:`exit_assessment` → :class:`ExitAssessment`); the provincial HRSS
department decides. What counts as a marked fall in jobs (明显减少) is
delegated to the city: the job-fall rule of :attr:`Measure.EXIT_JOB_FALL`.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(entry_points=False)
    >>> from labourbrand.lifecycle import Authority, import_record
    >>> brand = import_record(lb.Brand(name_zh="某品牌", county="610924"), stage=lb.Stage.IN_POOL,
    ...     since=pendulum.Date(2022, 9, 1), imported_on=pendulum.Date(2022, 9, 1),
    ...     by=Authority.PROVINCIAL_HRSS, source="资源库名单")
    >>> found = ExitIndicators(training_quality_poor=True, as_of=pendulum.Date(2024, 6, 30))
    >>> exit_assessment(policy, brand, found, on=pendulum.Date(2024, 7, 1)).proposal
    True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

# attrs annotates each tuple field of __init__ as its converter's argument,
# Iterable[Any]: both imported at run time so that documentation tools resolve it.
from collections.abc import Iterable  # noqa: F401
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, cast, final  # noqa: F401

import attrs
import pendulum

from labourbrand import lifecycle
from labourbrand._model import Authority, Brand, Event, ExitGround, Stage
from labourbrand.dates import as_date
from labourbrand.exceptions import ActorNotAllowedError, InvalidArgumentError
from labourbrand.policy._check import (
    check_count,
    check_day,
    check_flag,
    check_text,
    city_body,
    got,
    instance_of,
    lang_is_zh,
    not_after,
    to_tuple,
    typed_arg,
)
from labourbrand.policy._check_interpret import Subject, decide_check_report
from labourbrand.policy._check_status import CheckStatus
from labourbrand.policy._decision import Outcome, Step, Supplier
from labourbrand.policy._exit_words import (
    FallFound,
)
from labourbrand.policy._vocabulary import Facts
from labourbrand.policy.documents.shaanxi_2022_13 import Measure


if TYPE_CHECKING:
    from collections.abc import Mapping

    from labourbrand.policy._engine import Policy


__all__ = ["ExitAssessment", "ExitIndicators", "exit_assessment"]

#: The outcome of an exit proposal for each status of the declared check
#: (the codes agree: :data:`~labourbrand.policy.STATUS_CODES`,
#: :data:`~labourbrand.policy.OUTCOME_CODES`).
_OUTCOMES: Final = {
    CheckStatus.MET: Outcome.ELIGIBLE,
    CheckStatus.NOT_MET: Outcome.INELIGIBLE,
    CheckStatus.UNKNOWN: Outcome.UNDETERMINED,
    CheckStatus.NOT_IN_FORCE: Outcome.NOT_IN_FORCE,
}


@final
@attrs.frozen(kw_only=True)
class ExitIndicators:
    """What the city's assessment found about a brand in the pool, for the exit assessment of clause 3.4.

    Clause 3.4: the provincial department spot-checks the localities' work
    with related departments ("省人社厅将联合相关部门,定期对各地建设情况进行抽查",
    :attr:`~labourbrand.Event.SPOT_CHECK`); the city HRSS bureau then
    assesses the four grounds ("由市级人社部门进行评估") and may propose an exit.

    ``None`` means not assessed (unknown), never "no".

    Example:
        >>> import pendulum
        >>> ExitIndicators(jobs_before=800, jobs_now=300, as_of=pendulum.Date(2024, 6, 30)).recognition_low is None
        True

    .. versionadded:: 0.1.0
    """

    #: Training quality is poor (培训质量不高).
    training_quality_poor: bool | None = attrs.field(default=None, validator=check_flag)
    #: Jobs the brand drove (带动就业人数) at the earlier observation.
    jobs_before: int | None = attrs.field(default=None, validator=check_count)
    #: Jobs it drives now.
    jobs_now: int | None = attrs.field(default=None, validator=check_count)
    #: Market competitiveness declined (市场竞争力下降).
    competitiveness_declined: bool | None = attrs.field(
        default=None, validator=check_flag
    )
    #: Social recognition is low (社会认可度不高).
    recognition_low: bool | None = attrs.field(default=None, validator=check_flag)
    #: The day the findings refer to (the city's assessment).
    as_of: pendulum.Date = attrs.field(validator=check_day)


@final
@attrs.frozen(kw_only=True)
class ExitAssessment:
    """The city's assessment of whether to propose a brand's exit from the pool (clause 3.4).

    The city HRSS bureau (:attr:`by`) assesses and proposes; the provincial
    HRSS department (:attr:`decided_by`) decides. :attr:`outcome` is
    :attr:`~labourbrand.policy.Outcome.ELIGIBLE` when an exit can be
    proposed, :attr:`~labourbrand.policy.Outcome.UNDETERMINED` when no ground
    was found but some could not be assessed.

    .. versionadded:: 0.1.0
    """

    #: The brand's name.
    brand: str = attrs.field(validator=check_text)
    #: The day of the assessment.
    on: pendulum.Date = attrs.field(validator=check_day)
    #: The outcome for an exit proposal.
    outcome: Outcome = attrs.field(validator=instance_of(Outcome))
    #: Whether the city proposes the exit: a ground was found and the brand is in the pool.
    proposal: bool = attrs.field(validator=instance_of(bool))
    #: The grounds found.
    grounds: tuple[ExitGround, ...] = attrs.field(default=(), converter=to_tuple)
    #: The grounds that could not be assessed.
    unknown: tuple[ExitGround, ...] = attrs.field(default=(), converter=to_tuple)
    #: The spot-check findings used.
    indicators: ExitIndicators = attrs.field(validator=instance_of(ExitIndicators))
    #: The relative fall in jobs observed, ``(before - now) / before``, if known.
    job_fall: Decimal | None = None
    #: The fall that counts as marked (明显减少), if a rule sets it.
    fall_ratio: Decimal | None = None
    #: The plugin that supplied :attr:`fall_ratio`.
    supplier: Supplier | None = None
    #: Who assesses and proposes.
    by: Authority = Authority.CITY_HRSS
    #: Who decides.
    decided_by: Authority = Authority.PROVINCIAL_HRSS
    #: The clause ids.
    clauses: tuple[str, ...] = attrs.field(
        default=("shaanxi-2022-13:3.4",), converter=to_tuple
    )
    #: The explanation.
    steps: tuple[Step, ...] = attrs.field(default=(), converter=to_tuple)
    #: The responsible bodies the clause names.
    bodies: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def explain(self, *, lang: str = "en") -> str:
        """Return the assessment and its steps as text, in ``"en"`` or ``"zh"``.

        Raises:
            InvalidArgumentError: *lang* is neither.
        """
        zh = lang_is_zh(lang)
        lines = [
            (
                f"{self.brand} · exit_assessment · {self.on.isoformat()} · "
                f"{self.outcome.zh if zh else self.outcome.value}"
            )
        ]
        if zh:
            lines.append(
                f"退出理由:{'、'.join(g.zh for g in self.grounds) or '无'};"
                f"无法评估:{'、'.join(g.zh for g in self.unknown) or '无'}"
            )
        else:
            lines.append(
                f"grounds: {', '.join(self.grounds) or 'none'}; "
                f"not assessable: {', '.join(self.unknown) or 'none'}"
            )
        lines += [f"  {i}. {s.zh if zh else s.en}" for i, s in enumerate(self.steps, 1)]
        lines.append(("依据:" if zh else "clauses: ") + ", ".join(self.clauses))
        if self.supplier is not None:
            s = self.supplier
            lines.append(
                f"  {s.supplied}: plugin {s.plugin} {s.version or ''} for {s.jurisdiction} ({s.reference})".replace(
                    "  (", " ("
                )
            )
        return "\n".join(lines)

    def apply(self, brand: Brand) -> Brand:
        """Propose *brand*'s exit through the lifecycle (:attr:`~labourbrand.Event.PROPOSE_EXIT`).

        Returns:
            The brand in :attr:`~labourbrand.Stage.EXIT_PROPOSED`, with an
            audit record by the city HRSS bureau giving the grounds.

        Raises:
            InvalidArgumentError: the assessment proposes no exit, or is about
                another brand.
            IllegalTransitionError: the lifecycle refuses.

        Example:
            >>> import pendulum
            >>> import labourbrand as lb
            >>> from labourbrand.lifecycle import Event, transition
            >>> d = pendulum.Date
            >>> brand = lb.Brand(name_zh="某品牌", county="610924", maturity=lb.Maturity.ESTABLISHED)
            >>> for day, event in [(d(2022, 6, 1), Event.ESTABLISH), (d(2022, 7, 1), Event.RECOMMEND_BY_COUNTY),
            ...                    (d(2022, 8, 1), Event.RECOMMEND_BY_CITY), (d(2022, 9, 1), Event.ADMIT)]:
            ...     brand = transition(brand, event, on=day)
            >>> found = ExitIndicators(training_quality_poor=True, as_of=d(2024, 6, 30))
            >>> policy = lb.Policy.shaanxi(entry_points=False)
            >>> assessment = exit_assessment(policy, brand, found, on=d(2024, 7, 1))
            >>> assessment.proposal, assessment.apply(brand).stage.value
            (True, 'exit_proposed')
        """
        typed_arg(Brand, brand, "brand")
        if not self.proposal:
            msg = f"Expected an assessment that proposes an exit but got proposal=False for {self.brand!r}"
            raise InvalidArgumentError(msg, field="proposal")
        if brand.name_zh != self.brand:
            msg = f"Expected the brand assessed, {self.brand!r}, but got {got('brand', brand.name_zh)}"
            raise InvalidArgumentError(msg, field="brand")
        return lifecycle.transition(
            brand,
            Event.PROPOSE_EXIT,
            on=self.on,
            by=self.by,
            grounds=self.grounds,
            note="市级人社部门评估:" + "、".join(g.zh for g in self.grounds),
        )


def _check_assessor(brand: Brand, by: object) -> None:
    """Refuse an assessor the text does not name for the exit proposal (clause 3.4)."""
    typed_arg(Authority, by, "by")
    row = next(t for t in lifecycle.TRANSITIONS if t.event is Event.PROPOSE_EXIT)
    allowed = lifecycle.may_act(row)
    if by not in allowed:
        raise ActorNotAllowedError(
            brand=brand.name_zh,
            from_stage=brand.stage.value,
            event=row.event.value,
            allowed=[e.value for e in lifecycle.allowed_events(brand.stage)],
            actor=str(by),
            may_act=[a.value for a in allowed],
            basis=row.basis,
        )


def exit_assessment(
    policy: Policy,
    brand: Brand,
    indicators: ExitIndicators,
    *,
    on: pendulum.Date,
    by: Authority = Authority.CITY_HRSS,
) -> ExitAssessment:
    """Assess the four exit grounds of clause 3.4 for *brand*, as the city does after the province's spot check.

    The grounds: poor training quality (培训质量不高), a marked fall in jobs
    (带动就业人数明显减少), declining market competitiveness (市场竞争力下降)
    and low social recognition (社会认可度不高). What counts as a marked fall
    is delegated: the rule for :attr:`Measure.EXIT_JOB_FALL` of the brand's
    jurisdiction (a :class:`~labourbrand.policy.Ratio`); with none, a partial
    fall cannot be assessed and the city HRSS bureau is named as who must set
    it. Only a brand in the resource pool (:attr:`Stage.IN_POOL`) can be
    proposed for exit.

    Args:
        policy: the policy (its plugin rules).
        brand: the brand.
        indicators: the spot-check findings; not observed after *on*.
        on: the day of the assessment; the brand's stage is the stage of that day.
        by: who assesses and proposes: the city HRSS bureau (clause 3.4).

    Raises:
        InvalidArgumentError: a bad argument, or findings observed after *on*.
        ActorNotAllowedError: *by* may not propose an exit.
        PluginResultError: the rule for the marked fall is not a ratio (a
            policy built with :meth:`Policy.shaanxi
            <labourbrand.policy.Policy.shaanxi>` refuses such a rule already).

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> found = ExitIndicators(jobs_before=800, jobs_now=500, training_quality_poor=False,
        ...                        competitiveness_declined=False, recognition_low=False,
        ...                        as_of=pendulum.Date(2024, 6, 30))
        >>> from labourbrand.lifecycle import Authority, import_record
        >>> brand = import_record(lb.Brand(name_zh="某品牌", county="610924"), stage=lb.Stage.IN_POOL,
        ...     since=pendulum.Date(2022, 9, 1), imported_on=pendulum.Date(2022, 9, 1),
        ...     by=Authority.PROVINCIAL_HRSS, source="资源库名单")
        >>> a = exit_assessment(policy, brand, found, on=pendulum.Date(2024, 7, 1))
        >>> a.outcome.value, [g.value for g in a.unknown], a.proposal
        ('undetermined', ['fewer_jobs'], False)

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    brand = typed_arg(Brand, brand, "brand")
    indicators = typed_arg(ExitIndicators, indicators, "indicators")
    not_after(indicators.as_of, on, "as_of")
    _check_assessor(brand, by)
    stage = brand.stage_on(on)
    facts = Facts(
        on=on,
        county=brand.county,
        observed=indicators.as_of,
        counts={
            "jobs_before": indicators.jobs_before,
            "jobs_now": indicators.jobs_now,
        },
        flags={
            "training_quality_poor": indicators.training_quality_poor,
            "competitiveness_declined": indicators.competitiveness_declined,
            "recognition_low": indicators.recognition_low,
            # The stage of the day, from the brand's history (clause 3.4: 在库).
            "in_pool": stage is Stage.IN_POOL,
        },
    )
    subject = Subject(
        subject=brand.name_zh,
        subject_zh=brand.name_zh,
        facts=facts,
        names={
            "city_body": city_body(policy, brand.county, Measure.EXIT_JOB_FALL),
            "stage": stage.value,
            "stage_zh": stage.zh,
        },
    )
    spec = policy.document.check("exit_assessment")
    check, report = decide_check_report(policy, spec, subject, on=on)
    states = cast("Mapping[str, bool | None]", report.get("grounds", {}))
    falls = cast("Mapping[str, FallFound]", report.get("falls", {}))
    fall = falls.get(ExitGround.FEWER_JOBS.value, FallFound())
    return ExitAssessment(
        brand=brand.name_zh,
        by=by,
        on=on,
        outcome=_OUTCOMES[check.status],
        proposal=check.status is CheckStatus.MET,
        grounds=tuple(g for g in ExitGround if states.get(g.value) is True),
        unknown=tuple(
            g for g in ExitGround if g.value in states and states[g.value] is None
        ),
        indicators=indicators,
        job_fall=fall.fall,
        fall_ratio=fall.ratio,
        supplier=fall.supplier,
        clauses=check.clauses,
        steps=check.steps,
        bodies=check.bodies,
    )
