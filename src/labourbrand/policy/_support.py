"""The support measures besides the employment award: clauses 4.1, 4.2, 4.3, 5.1 (private).

Each measure is one function ``measure(policy, brand, *, on, ...)`` returning a
:class:`~labourbrand.policy.Decision` built like
:meth:`~labourbrand.policy.Policy.employment_award`: ``NOT_IN_FORCE`` before the
opinions' first day, ``UNDETERMINED`` naming the unknown fact, ``INELIGIBLE``
with the reason, and ``ELIGIBLE`` with the amount of the most specific plugin
rule or, with none, the body that must set it (delegated is not zero).

The text quantifies none of these amounts: every one is delegated to a city or
"to regulations" (按规定). :func:`support_decisions` returns the measures that
need no fact beyond the brand record; the showcase award, the high-skill base
grant and the entrepreneurship supports need facts a brand record does not hold,
and are separate calls.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(entry_points=False)
    >>> brand = lb.Brand(name_zh="紫阳修脚师", county="610924", workforce=[
    ...     lb.WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900,
    ...         rural=800, rural_signed=520, poverty_alleviated=120, rural_low_income=40)])
    >>> [(d.measure, d.outcome.value) for d in support_decisions(
    ...     policy, brand, on=pendulum.Date(2023, 7, 1))]  # doctest: +NORMALIZE_WHITESPACE
    [('provincial_recognition_award', 'ineligible'), ('transport_subsidy', 'eligible'),
     ('social_insurance_subsidy', 'eligible'), ('training_subsidy', 'eligible')]
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import pendulum

from labourbrand._model import Authority, RecognitionLevel
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._clauses import clauses
from labourbrand.policy._decision import Decision, Outcome
from labourbrand.policy._draft import Draft, finish_with_amount
from labourbrand.rules import Measure


if TYPE_CHECKING:
    from collections.abc import Mapping

    from labourbrand._model import Brand, Recognition, WorkforceObservation
    from labourbrand.policy._engine import Ledger, Policy


#: The fund the worker subsidies of clause 4.2 are paid from. The same text as
#: ``labourbrand.policy.EMPLOYMENT_FUND``, kept here so that the engine may
#: import this module without a cycle (a test checks they agree).
WORKER_SUBSIDY_FUND: Final = "就业补助资金"

#: The sentence of the text each measure rests on: verbatim Chinese, English paraphrase.
_TEXT: Final[Mapping[Measure, tuple[str, str]]] = {
    Measure.PROVINCIAL_RECOGNITION_AWARD: (
        "被认定为省级劳务品牌的,可给予一定奖补",
        "a brand recognised at provincial level may receive an award",
    ),
    Measure.SHOWCASE_AWARD: (
        (
            "对被人社部、省人社厅确定参加国家、省级劳务品牌展示交流活动的,"
            "可按分类补助原则对劳务品牌培育创建单位给予一次性奖补,"
            "具体由市级财政、人社部门制定"
        ),
        (
            "a creating unit chosen by the ministry or the provincial HRSS department to "
            "exhibit at a national or provincial showcase event may receive a one-time "
            "award by category, set by the city finance and HRSS bureaus"
        ),
    ),
    Measure.TRANSPORT_SUBSIDY: (
        (
            "将脱贫人口、农村低收入人口等困难群体作为劳务品牌优先输出就业服务对象,"
            "按规定给予社会保险补贴和一次性交通补助等"
        ),
        (
            "poverty-alleviated and rural low-income people placed through a brand get "
            "social-insurance subsidies and a one-time transport subsidy per regulations"
        ),
    ),
    Measure.TRAINING_SUBSIDY: (
        "开展劳务品牌相关职业技能培训,按规定纳入补贴性职业技能培训范围",
        (
            "brand-related vocational training is within the subsidised vocational-training "
            "scope per regulations"
        ),
    ),
    Measure.HIGH_SKILL_BASE_GRANT: (
        (
            "打造一批具有一流水准、引领行业发展潮流的劳务品牌高技能人才培养基地,"
            "对符合条件的给予高技能人才培养补助"
        ),
        (
            "labour-brand high-skill talent training bases that meet the conditions get a "
            "high-skill talent training grant"
        ),
    ),
    Measure.TAX_RELIEF: (
        (
            "对符合条件的创业者按规定落实税费减免、创业培训补贴、一次性创业补贴、"
            "创业担保贷款等政策"
        ),
        (
            "practitioners who start businesses and meet the conditions get tax and fee "
            "relief, entrepreneurship-training subsidies, a one-time start-up subsidy and "
            "guaranteed start-up loans per regulations"
        ),
    ),
}
_TEXT_OF: Final[Mapping[Measure, Measure]] = {
    Measure.SOCIAL_INSURANCE_SUBSIDY: Measure.TRANSPORT_SUBSIDY,
    Measure.ENTREPRENEURSHIP_TRAINING_SUBSIDY: Measure.TAX_RELIEF,
    Measure.STARTUP_SUBSIDY: Measure.TAX_RELIEF,
    Measure.GUARANTEED_LOAN: Measure.TAX_RELIEF,
}

#: The four measures of clause 5.1, in the order of the text.
ENTREPRENEURSHIP_MEASURES: Final = (
    Measure.TAX_RELIEF,
    Measure.ENTREPRENEURSHIP_TRAINING_SUBSIDY,
    Measure.STARTUP_SUBSIDY,
    Measure.GUARANTEED_LOAN,
)

#: What each measure of clause 5.1 is, for the founders' explanation step.
_FOUNDER_NOTE: Final[Mapping[Measure, tuple[str, str]]] = {
    Measure.TAX_RELIEF: (
        "税费减免是对应缴税费的减免,不是支付;规则给出的金额为减免额。",
        (
            "Tax and fee relief reduces taxes and fees due; it is not a payment, and an "
            "amount from a rule is the relief."
        ),
    ),
    Measure.ENTREPRENEURSHIP_TRAINING_SUBSIDY: (
        "创业培训补贴按规定给予参加创业培训的创业者。",
        (
            "The entrepreneurship-training subsidy is for founders who take "
            "entrepreneurship training, per regulations."
        ),
    ),
    Measure.STARTUP_SUBSIDY: (
        "一次性创业补贴:每名符合条件的创业者按规定给予一次。",
        "The start-up subsidy is one-time: once per eligible founder, per regulations.",
    ),
    Measure.GUARANTEED_LOAN: (
        "创业担保贷款是须偿还的贷款,不是补助;规则给出的金额为贷款额度。",
        (
            "The guaranteed start-up loan is a loan to be repaid, not a grant; an amount "
            "from a rule is the loan limit."
        ),
    ),
}

#: Who selects units for each level of showcase event (clause 4.3: 人社部、省人社厅).
_SELECTOR: Final[Mapping[RecognitionLevel, Authority]] = {
    RecognitionLevel.NATIONAL: Authority.MOHRSS,
    RecognitionLevel.PROVINCIAL: Authority.PROVINCIAL_HRSS,
}
_SELECTOR_EN: Final[Mapping[Authority, str]] = {
    Authority.MOHRSS: "the Ministry of Human Resources and Social Security",
    Authority.PROVINCIAL_HRSS: "the provincial HRSS department",
}


# ------------------------------------------------------------- the selection
def _check_level(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not (isinstance(value, RecognitionLevel) and value in _SELECTOR):
        msg = f"Expected a national or provincial showcase level but got level={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="level")


def _check_authority(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, Authority):
        msg = f"Expected an Authority but got selected_by={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="selected_by")


def _check_event(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected the event's name but got event={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="event")


def _check_day(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if type(value) is not pendulum.Date:
        msg = f"Expected a pendulum.Date but got on={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="on")


@final
@attrs.frozen(kw_only=True)
class ShowcaseSelection:
    """A unit chosen to exhibit a brand at a national or provincial showcase event.

    Clause 4.3: 被人社部、省人社厅确定参加国家、省级劳务品牌展示交流活动. A
    national event's exhibitors are chosen by the ministry (人社部), a provincial
    event's by the provincial HRSS department (省人社厅).

    Raises:
        InvalidArgumentError: the level is not national or provincial, the
            selecting body is not the one for that level, the event has no
            name, or the day is not a :class:`pendulum.Date`.

    Example:
        >>> import pendulum
        >>> s = ShowcaseSelection(level=RecognitionLevel.PROVINCIAL,
        ...     selected_by=Authority.PROVINCIAL_HRSS, event="陕西省劳务品牌展示交流活动",
        ...     on=pendulum.Date(2023, 9, 1))
        >>> s.selected_by.zh
        '省人力资源社会保障厅'

    .. versionadded:: 0.1.0
    """

    #: The level of the event: national or provincial.
    level: RecognitionLevel = attrs.field(validator=_check_level)
    #: Who chose the unit: :attr:`~labourbrand.Authority.MOHRSS` or :attr:`~labourbrand.Authority.PROVINCIAL_HRSS`.
    selected_by: Authority = attrs.field(validator=_check_authority)
    #: The event's name.
    event: str = attrs.field(validator=_check_event)
    #: The day of the selecting decision.
    on: pendulum.Date = attrs.field(validator=_check_day)

    def __attrs_post_init__(self) -> None:
        expected = _SELECTOR[self.level]
        if self.selected_by is not expected:
            msg = (
                f"Expected selected_by={expected.value!r} for a {self.level.value} "
                f"showcase but got selected_by={self.selected_by.value!r}"
            )
            raise InvalidArgumentError(msg, field="selected_by")


# ------------------------------------------------------------------ helpers
def _check_founders(value: object) -> None:
    if value is None or (type(value) is int and value >= 0):
        return
    msg = f"Expected a count (int >= 0) or None but got founders={value!r} (type={type(value).__name__})"
    raise InvalidArgumentError(msg, field="founders")


def _check_training_base(value: object) -> None:
    if value is None or type(value) is bool:
        return
    msg = f"Expected True, False or None but got training_base={value!r} (type={type(value).__name__})"
    raise InvalidArgumentError(msg, field="training_base")


def _start(measure: Measure, brand: Brand, on: pendulum.Date) -> Draft | Decision:
    """A draft quoting the clause, or the NOT_IN_FORCE decision before the first day."""
    draft = Draft(measure, brand, on, (measure.clause,))
    first = clauses().document.issued
    if on < first:
        draft.step(
            f"陕人社发〔2022〕13号自{first.isoformat()}起施行,{on.isoformat()}尚未施行。",
            f"The 2022 opinions apply from {first.isoformat()}; not in force on {on.isoformat()}.",
        )
        return draft.finish(Outcome.NOT_IN_FORCE)
    draft.step(*_quote(measure))
    return draft


@functools.cache
def _quote(measure: Measure) -> tuple[str, str]:
    """The step quoting the sentence *measure* rests on, built once per measure."""
    zh, en = _TEXT[_TEXT_OF.get(measure, measure)]
    cite = clauses()[measure.clause].cite("zh")
    return f"{cite}:“{zh}”。", f"Clause {measure.clause}: {en}."


def _finish(
    policy: Policy,
    draft: Draft,
    observation: WorkforceObservation | None,
    *,
    fund: str | None,
    unit_is_payee: bool,
) -> Decision:
    """Finish an eligible draft with its amount, or UNDETERMINED without a county."""
    county = draft.brand.county
    if county is None:
        draft.step(
            "培育创建地(县级单位)未知,无法确定由哪一地区设定金额。",
            "The brand's county is unknown, so no jurisdiction can be found to set the amount.",
        )
        return draft.finish(Outcome.UNDETERMINED)
    region = policy.regions[county]
    draft.step(
        f"品牌由{region.name_zh}({region.code})培育创建。",
        f"The brand is cultivated in {region.name_en or region.name_zh} ({region.code}).",
    )
    return finish_with_amount(
        policy,
        draft,
        county,
        observation,
        cap=None,
        fund=fund,
        pays_creating_unit=unit_is_payee,
    )


def _paid(draft: Draft, ledger: Ledger | None) -> Decision | None:
    """The INELIGIBLE decision if the ledger already holds this measure for the brand."""
    paid = (
        ledger.paid(draft.brand.name_zh, draft.measure) if ledger is not None else None
    )
    if paid is None:
        return None
    draft.step(
        f"该奖补已于{paid.on.isoformat()}核定,不再重复给予。",
        f"The award was already granted on {paid.on.isoformat()} and is not granted twice.",
    )
    return draft.finish(Outcome.INELIGIBLE)


def _when(recognition: Recognition) -> tuple[str, str]:
    if recognition.on is not None:
        day = recognition.on.isoformat()
        return day, f"on {day}"
    if recognition.year is not None:
        return f"{recognition.year}年", f"in {recognition.year}"
    return "(日期不详)", "(date unknown)"


# ----------------------------------------------------------------- measures
def provincial_recognition_award(
    policy: Policy,
    brand: Brand,
    *,
    on: pendulum.Date,
    ledger: Ledger | None = None,
) -> Decision:
    """Decide the award (奖补) for a brand recognised at provincial level, clause 4.2.

    "被认定为省级劳务品牌的,可给予一定奖补": eligible when the brand holds a
    provincial recognition on *on* (:meth:`~labourbrand.Recognition.held_on`;
    a national recognition alone is not the provincial one the text names).
    The text sets no amount, no body and no fund: a plugin rule supplies the
    amount, or the decision names :data:`~labourbrand.policy.DELEGATED_TO`.
    Paid to the creating unit. The award is for the recognition, which a brand
    receives once: a brand the ledger shows as already awarded is ineligible.

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decision.
        ledger: awards already made.

    Returns:
        ``UNDETERMINED`` for a recognised brand whose county is unknown (no
        jurisdiction can set the amount).

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> brand = lb.Brand(name_zh="紫阳修脚师", county="610924", recognitions=[
        ...     lb.Recognition(level=lb.RecognitionLevel.PROVINCIAL, year=2023)])
        >>> d = provincial_recognition_award(lb.Policy.shaanxi(entry_points=False),
        ...     brand, on=pendulum.Date(2024, 7, 1))
        >>> d.outcome.value, d.amount, d.amount_set_by
        ('eligible', None, '有关财政、人社部门(原文未明确)')

    .. versionadded:: 0.1.0
    """
    draft = _start(Measure.PROVINCIAL_RECOGNITION_AWARD, brand, on)
    if isinstance(draft, Decision):
        return draft
    held = [r for r in brand.recognitions if r.held_on(on)]
    provincial = next((r for r in held if r.level is RecognitionLevel.PROVINCIAL), None)
    if provincial is None:
        levels = sorted({r.level for r in held}, key=lambda level: -level.rank)
        draft.step(
            f"截至{on.isoformat()}未被认定为省级劳务品牌"
            f"(已有认定:{'、'.join(level.zh for level in levels) or '无'})。",
            f"On {on.isoformat()} the brand holds no provincial recognition "
            f"(recognitions held: {', '.join(level.value for level in levels) or 'none'}).",
        )
        return draft.finish(Outcome.INELIGIBLE)
    when_zh, when_en = _when(provincial)
    draft.step(
        f"{when_zh}被认定为省级劳务品牌。",
        f"Recognised at provincial level {when_en}.",
    )
    paid = _paid(draft, ledger)
    if paid is not None:
        return paid
    return _finish(policy, draft, brand.workforce_on(on), fund=None, unit_is_payee=True)


def showcase_award(
    policy: Policy,
    brand: Brand,
    *,
    on: pendulum.Date,
    selection: ShowcaseSelection | None,
    ledger: Ledger | None = None,
) -> Decision:
    """Decide the one-time showcase award by category (分类补助) of clause 4.3.

    A creating unit chosen by the ministry (人社部) for a national, or by the
    provincial HRSS department (省人社厅) for a provincial, showcase event is due
    a one-time award by category, set by the city finance and HRSS bureaus.
    The explanation names the brand's category (clause 3.2), or says the city's
    rule must classify it; a per-brand rule may look at ``brand.category``.

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decision.
        selection: the selection for a showcase event; ``None`` if the unit
            was not chosen (pass it explicitly: there is no default).
        ledger: awards already made; the award is paid at most once per brand.

    Raises:
        InvalidArgumentError: *selection* is not a :class:`ShowcaseSelection`.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> chosen = ShowcaseSelection(level=lb.RecognitionLevel.NATIONAL,
        ...     selected_by=lb.Authority.MOHRSS, event="全国劳务品牌展示交流活动",
        ...     on=pendulum.Date(2023, 9, 1))
        >>> brand = lb.Brand(name_zh="紫阳修脚师", county="610924",
        ...     category=lb.Category.SERVICE)
        >>> d = showcase_award(lb.Policy.shaanxi(entry_points=False), brand,
        ...     on=pendulum.Date(2023, 10, 1), selection=chosen)
        >>> d.outcome.value, d.amount_set_by
        ('eligible', '安康市财政、人社部门')

    .. versionadded:: 0.1.0
    """
    candidate: object = selection  # callers may pass anything at run time
    if candidate is not None and not isinstance(candidate, ShowcaseSelection):
        msg = f"Expected a ShowcaseSelection or None but got selection={candidate!r} (type={type(candidate).__name__})"
        raise InvalidArgumentError(msg, field="selection")
    draft = _start(Measure.SHOWCASE_AWARD, brand, on)
    if isinstance(draft, Decision):
        return draft
    if selection is None or selection.on > on:
        later = (
            ("", "")
            if selection is None
            else (
                f"(选定日期{selection.on.isoformat()}晚于{on.isoformat()})",
                f" (the selection of {selection.on.isoformat()} is after {on.isoformat()})",
            )
        )
        draft.step(
            f"截至{on.isoformat()}未被人社部或省人社厅确定参加国家、省级劳务品牌展示交流活动{later[0]}。",
            f"On {on.isoformat()} the unit has not been chosen by the ministry (人社部) or the "
            f"provincial HRSS department (省人社厅) for a showcase event{later[1]}.",
        )
        return draft.finish(Outcome.INELIGIBLE)
    draft.step(
        f"{selection.on.isoformat()}由{selection.selected_by.zh}确定参加"
        f"{selection.level.zh.removesuffix('(全国知名)')}展示交流活动“{selection.event}”。",
        f"Chosen on {selection.on.isoformat()} by {_SELECTOR_EN[selection.selected_by]} for the "
        f"{selection.level.value} showcase event “{selection.event}”.",
    )
    paid = _paid(draft, ledger)
    if paid is not None:
        return paid
    category = brand.category
    if category is None:
        draft.step(
            "品牌类别(第三条第(二)款)未知:由市级规则按分类补助原则归类核定。",
            "The brand's category (clause 3.2) is unknown: the city's rule must "
            "classify it to apply the award by category.",
        )
    else:
        draft.step(
            f"按分类补助原则,品牌类别为{category.zh}。",
            f"By category (分类补助): the brand is {category.value} ({category.zh}).",
        )
    return _finish(policy, draft, brand.workforce_on(on), fund=None, unit_is_payee=True)


def _worker_subsidy(
    policy: Policy, brand: Brand, on: pendulum.Date, measure: Measure
) -> Decision:
    draft = _start(measure, brand, on)
    if isinstance(draft, Decision):
        return draft
    observation = brand.workforce_on(on)
    if observation is None:
        draft.step(
            f"截至{on.isoformat()}无从业人员统计,无法确定脱贫人口和农村低收入人口人数。",
            f"No head count on or before {on.isoformat()}: the poverty-alleviated and rural "
            "low-income workers are unknown.",
        )
        return draft.finish(Outcome.UNDETERMINED)
    poor, low = observation.poverty_alleviated, observation.rural_low_income
    when = observation.on.isoformat()
    if poor == 0 and low == 0:
        draft.step(
            f"截至{when},该品牌输出就业的脱贫人口、农村低收入人口均为0人,无补贴对象。",
            f"On {when} the brand places no poverty-alleviated and no rural low-income "
            "workers: nobody is due the subsidy.",
        )
        return draft.finish(Outcome.INELIGIBLE)
    draft.step(
        f"截至{when},该品牌输出就业脱贫人口{poor}人、农村低收入人口{low}人"
        f"(两类可能重叠,符合条件者{max(poor, low)}至{poor + low}人);"
        "补贴按符合条件的个人、按规定给予。",
        f"On {when} the brand places {poor} poverty-alleviated and {low} rural "
        f"low-income workers (the groups may overlap: {max(poor, low)} to "
        f"{poor + low} eligible persons); the subsidy is per eligible person, per "
        "regulations.",
    )
    if measure is Measure.TRANSPORT_SUBSIDY:
        draft.step(
            "一次性交通补助每人一次,给予劳动者本人,不是对培育创建单位的奖补。",
            "The transport subsidy is once per person, for the workers themselves, "
            "not an award to the creating unit.",
        )
    else:
        draft.step(
            "社会保险补贴给予劳动者本人,不是对培育创建单位的奖补。",
            "The social-insurance subsidy is for the workers themselves, not an award "
            "to the creating unit.",
        )
    return _finish(
        policy, draft, observation, fund=WORKER_SUBSIDY_FUND, unit_is_payee=False
    )


def transport_subsidy(policy: Policy, brand: Brand, *, on: pendulum.Date) -> Decision:
    """Decide the one-time transport subsidy (一次性交通补助) of clause 4.2.

    Poverty-alleviated (脱贫人口) and rural low-income (农村低收入人口) workers
    placed through the brand, counted in the latest workforce observation on or
    before *on*, get a one-time transport subsidy per regulations, from the
    employment subsidy funds. The subsidy is per person (the two groups may
    overlap) and is for the workers, so the decision has no payee. A
    :class:`~labourbrand.policy.PerHead` rule on ``poverty_alleviated`` or
    ``rural_low_income`` gives an amount.

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decision.

    Returns:
        ``UNDETERMINED`` with no observation (or no county), ``INELIGIBLE``
        when neither group has anyone.

    .. versionadded:: 0.1.0
    """
    return _worker_subsidy(policy, brand, on, Measure.TRANSPORT_SUBSIDY)


def social_insurance_subsidy(
    policy: Policy, brand: Brand, *, on: pendulum.Date
) -> Decision:
    """Decide the social-insurance subsidy (社会保险补贴) of clause 4.2.

    The same workers and conditions as :func:`transport_subsidy`: the
    poverty-alleviated and rural low-income workers of the latest workforce
    observation on or before *on*; per person, per regulations, from the
    employment subsidy funds; no payee (the workers).

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decision.

    .. versionadded:: 0.1.0
    """
    return _worker_subsidy(policy, brand, on, Measure.SOCIAL_INSURANCE_SUBSIDY)


def training_subsidy(policy: Policy, brand: Brand, *, on: pendulum.Date) -> Decision:
    """Decide whether brand-related training is subsidised (补贴性职业技能培训), clause 4.1.

    "开展劳务品牌相关职业技能培训,按规定纳入补贴性职业技能培训范围": the
    brand's vocational training is within the subsidised scope, for any brand;
    the amounts follow the existing regulations. Who is paid (trainees or the
    training institution) is set by those regulations, so there is no payee.

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decision.

    Returns:
        ``UNDETERMINED`` when the brand's county is unknown.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> d = training_subsidy(lb.Policy.shaanxi(entry_points=False),
        ...     lb.Brand(name_zh="蓝田厨师", county="610122"), on=pendulum.Date(2023, 1, 1))
        >>> d.outcome.value, d.amount_set_by, d.payee
        ('eligible', '现行规定(按规定)', None)

    .. versionadded:: 0.1.0
    """
    draft = _start(Measure.TRAINING_SUBSIDY, brand, on)
    if isinstance(draft, Decision):
        return draft
    draft.step(
        "该品牌相关职业技能培训纳入补贴性职业技能培训范围;补贴对象(参训人员或培训机构)按规定确定。",
        "The brand's related vocational training is within the subsidised scope; who "
        "is paid (trainees or the training institution) follows the regulations.",
    )
    return _finish(
        policy, draft, brand.workforce_on(on), fund=None, unit_is_payee=False
    )


def high_skill_base_grant(
    policy: Policy,
    brand: Brand,
    *,
    on: pendulum.Date,
    training_base: bool | None,
) -> Decision:
    """Decide the high-skill talent training grant (高技能人才培养补助) of clause 4.1.

    A labour-brand high-skill talent training base (劳务品牌高技能人才培养基地)
    that meets the conditions gets a training grant, per regulations; paid to
    the creating unit that runs the base.

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decision.
        training_base: whether the brand's unit runs a recognised high-skill
            talent training base; ``None`` if unknown.

    Raises:
        InvalidArgumentError: *training_base* is not a ``bool`` or ``None``.

    .. versionadded:: 0.1.0
    """
    _check_training_base(training_base)
    draft = _start(Measure.HIGH_SKILL_BASE_GRANT, brand, on)
    if isinstance(draft, Decision):
        return draft
    if training_base is None:
        draft.step(
            "未知该品牌培育创建单位是否建有劳务品牌高技能人才培养基地。",
            "Whether the brand's unit runs a high-skill talent training base is unknown.",
        )
        return draft.finish(Outcome.UNDETERMINED)
    if not training_base:
        draft.step(
            "该品牌培育创建单位未建有劳务品牌高技能人才培养基地。",
            "The brand's unit runs no high-skill talent training base.",
        )
        return draft.finish(Outcome.INELIGIBLE)
    draft.step(
        "该品牌培育创建单位建有劳务品牌高技能人才培养基地,按规定给予培养补助。",
        "The brand's unit runs a high-skill talent training base: a training grant "
        "per regulations.",
    )
    return _finish(policy, draft, brand.workforce_on(on), fund=None, unit_is_payee=True)


def _founders_decision(
    policy: Policy,
    brand: Brand,
    on: pendulum.Date,
    measure: Measure,
    founders: int | None,
) -> Decision:
    draft = _start(measure, brand, on)
    if isinstance(draft, Decision):
        return draft
    if founders is None:
        draft.step(
            "该品牌从业人员中创业者人数未知。",
            "The number of the brand's practitioners who started businesses is unknown.",
        )
        return draft.finish(Outcome.UNDETERMINED)
    if founders == 0:
        draft.step(
            "该品牌从业人员中无创业者。",
            "None of the brand's practitioners has started a business.",
        )
        return draft.finish(Outcome.INELIGIBLE)
    note_zh, note_en = _FOUNDER_NOTE[measure]
    draft.step(
        f"该品牌从业人员中有创业者{founders}人,符合条件的按规定落实;{note_zh}",
        f"{founders} of the brand's practitioners started businesses; those who meet "
        f"the conditions get it per regulations. {note_en}",
    )
    draft.step(
        "政策对象为创业者本人,不是培育创建单位。",
        "It is for the founders themselves, not the creating unit.",
    )
    return _finish(
        policy, draft, brand.workforce_on(on), fund=None, unit_is_payee=False
    )


def entrepreneurship_supports(
    policy: Policy,
    brand: Brand,
    *,
    on: pendulum.Date,
    founders: int | None,
) -> tuple[Decision, ...]:
    """Decide the four entrepreneurship supports (创业扶持) of clause 5.1.

    Practitioners of the brand who start businesses (创业者) and meet the
    conditions get, per regulations, tax and fee relief (税费减免), an
    entrepreneurship-training subsidy (创业培训补贴), a one-time start-up subsidy
    (一次性创业补贴) and a guaranteed start-up loan (创业担保贷款). The loan's
    amount is a loan limit, not a grant; the relief's is a reduction, not a
    payment. No payee: the supports are for the founders.

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decision.
        founders: how many of the brand's practitioners started businesses;
            ``None`` if unknown.

    Returns:
        One decision per measure of :data:`ENTREPRENEURSHIP_MEASURES`, in order.

    Raises:
        InvalidArgumentError: *founders* is not an ``int`` >= 0 or ``None``.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> decisions = entrepreneurship_supports(lb.Policy.shaanxi(entry_points=False),
        ...     lb.Brand(name_zh="旬阳建工", county="610981"), on=pendulum.Date(2023, 1, 1),
        ...     founders=12)
        >>> [d.outcome.value for d in decisions]
        ['eligible', 'eligible', 'eligible', 'eligible']

    .. versionadded:: 0.1.0
    """
    _check_founders(founders)
    return tuple(
        _founders_decision(policy, brand, on, measure, founders)
        for measure in ENTREPRENEURSHIP_MEASURES
    )


def support_decisions(
    policy: Policy,
    brand: Brand,
    *,
    on: pendulum.Date,
    ledger: Ledger | None = None,
) -> tuple[Decision, ...]:
    """Return the support decisions a brand record alone can settle on day *on*.

    :func:`provincial_recognition_award`, :func:`transport_subsidy`,
    :func:`social_insurance_subsidy` and :func:`training_subsidy`, in that
    order; this is what :meth:`~labourbrand.policy.Policy.evaluate` adds to the
    employment award. :func:`showcase_award`, :func:`high_skill_base_grant` and
    :func:`entrepreneurship_supports` need facts a brand record does not hold
    (a showcase selection, a training base, the number of founders): call them
    separately.

    Args:
        policy: the policy (its regions and plugin rules).
        brand: the brand.
        on: the day of the decisions.
        ledger: awards already made (for the provincial recognition award).

    .. versionadded:: 0.1.0
    """
    return (
        provincial_recognition_award(policy, brand, on=on, ledger=ledger),
        transport_subsidy(policy, brand, on=on),
        social_insurance_subsidy(policy, brand, on=on),
        training_subsidy(policy, brand, on=on),
    )


__all__ = [
    "ENTREPRENEURSHIP_MEASURES",
    "WORKER_SUBSIDY_FUND",
    "ShowcaseSelection",
    "entrepreneurship_supports",
    "high_skill_base_grant",
    "provincial_recognition_award",
    "showcase_award",
    "social_insurance_subsidy",
    "support_decisions",
    "training_subsidy",
    "transport_subsidy",
]
