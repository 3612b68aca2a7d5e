"""Checks of the obligations, targets and assessments of 陕人社发〔2022〕13号 (private).

The text does not only pay awards: it sets province-wide targets (clause 2,
clause 3.2, and the 2023 programme 陕人社发〔2023〕35号), obligations of every
county (clause 4.1), the exit assessment of the resource pool (clause 3.4),
the criteria of a leading enterprise (clause 5.2), the credit-commitment
system (clause 4.3) and the funding tilt of clause 7.3. Each function here
answers one such question for one subject and one day with a :class:`Check`
(or, for the exit assessment, an :class:`ExitAssessment`) that explains
itself like a :class:`~labourbrand.policy.Decision`: status, clause ids,
bilingual steps, the dated parameter values used and the responsible bodies
the text names.

Unknown is a value: a fact that is ``None`` makes a check
:attr:`CheckStatus.UNKNOWN` whenever the answer depends on it, never
:attr:`CheckStatus.NOT_MET`.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(entry_points=False)
    >>> facts = CountyFacts(code="610727", training_projects=1, studios=0,
    ...                     as_of=pendulum.Date(2024, 6, 30))
    >>> training, studios = county_obligations(policy, facts, on=pendulum.Date(2024, 7, 1))
    >>> training.status.value, studios.status.value, studios.subject_zh
    ('met', 'not_met', '略阳县')
    >>> report = targets(policy, lb.brands.packaged(), on=pendulum.Date(2026, 1, 21))
    >>> report["target_brands_total"].status.value, len(report.counties_without_brand)
    ('not_met', 85)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import pendulum

from labourbrand import lifecycle
from labourbrand._model import (
    Authority,
    Brand,
    Category,
    Event,
    ExitGround,
    RecognitionLevel,
    Stage,
)
from labourbrand.dates import as_date
from labourbrand.exceptions import InvalidArgumentError, PluginResultError
from labourbrand.policy._clauses import clauses as _clause_registry
from labourbrand.policy._decision import Outcome, ParameterUse, Step, Supplier
from labourbrand.regions import Designation, Level, Tristate
from labourbrand.rules import DELEGATED_TO, Measure, Ratio


if TYPE_CHECKING:
    from collections.abc import Callable

    from labourbrand.policy._engine import Policy
    from labourbrand.policy._parameters import DatedValue, Parameter
    from labourbrand.regions import Region


__all__ = [
    "Check",
    "CheckStatus",
    "CountyFacts",
    "ExitAssessment",
    "ExitIndicators",
    "TargetsReport",
    "county_brand_counts",
    "county_obligations",
    "credit_check",
    "exit_assessment",
    "funding_tilt",
    "leading_enterprise",
    "targets",
]

#: Shaanxi's national and provincial rural-revitalisation key assistance
#: counties (Shaanxi Daily, 2022-11-19; see ``labourbrand/data/SOURCES.md``).
_NATIONAL_KEY_COUNTIES: Final = 11
_PROVINCIAL_KEY_COUNTIES: Final = 15
_CODE_RE: Final = re.compile(r"\d{6}", re.ASCII)
#: The 2023 programme and the bodies that issued it (省人社厅、省财政厅).
_PROGRAMME_2023: Final = "陕人社发〔2023〕35号"
_PROGRAMME_2023_BODIES: Final = ("省人力资源社会保障厅", "省财政厅")
#: Clause 2 names no body; clause 7.1 makes the HRSS departments lead (人社部门牵头).
_TARGET_BODIES: Final = ("省人力资源社会保障厅",)
#: Clause 4.3 names who warns a unit that breaks its commitment.
_CREDIT_BODIES: Final = ("人社、商务、市场监管等部门",)


# --------------------------------------------------------------------- status
class CheckStatus(enum.StrEnum):
    """The status of a :class:`Check`.

    Example:
        >>> CheckStatus.NOT_MET.zh
        '未达到'

    .. versionadded:: 0.1.0
    """

    #: The obligation, target or criterion is met (or does not apply).
    MET = "met"
    #: It is not met.
    NOT_MET = "not_met"
    #: A fact the answer depends on is unknown.
    UNKNOWN = "unknown"
    #: The rule was not in force on the day asked about.
    NOT_IN_FORCE = "not_in_force"

    @property
    def zh(self) -> str:
        """Chinese label, e.g. ``"已达到"``."""
        return _STATUS_ZH[self]


_STATUS_ZH: Final = {
    CheckStatus.MET: "已达到",
    CheckStatus.NOT_MET: "未达到",
    CheckStatus.UNKNOWN: "无法确定",
    CheckStatus.NOT_IN_FORCE: "尚未施行",
}


# ----------------------------------------------------------------- validators
def _got(name: str, value: object) -> str:
    return f"{name}={value!r} (type={type(value).__name__})"


def _check_text(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected non-empty text but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _check_day(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if type(value) is not pendulum.Date:
        msg = f"Expected a pendulum.Date but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _check_optional_day(
    instance: object,
    attribute: attrs.Attribute[Any],
    value: Any,  # noqa: ANN401 - anything a caller passed
) -> None:
    if value is not None:
        _check_day(instance, attribute, value)


def _check_count(
    _instance: object,
    attribute: attrs.Attribute[Any],
    value: Any,  # noqa: ANN401 - anything a caller passed
) -> None:
    if value is not None and (type(value) is not int or value < 0):
        msg = (
            f"Expected None or a count (int >= 0) but got {_got(attribute.name, value)}"
        )
        raise InvalidArgumentError(msg, field=attribute.name)


def _check_flag(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if value is not None and type(value) is not bool:
        msg = f"Expected True, False or None (unknown) but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _check_code(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not (isinstance(value, str) and _CODE_RE.fullmatch(value)):
        msg = (
            f"Expected a six-digit GB/T 2260 code but got {_got(attribute.name, value)}"
        )
        raise InvalidArgumentError(msg, field=attribute.name)


def _instance_of(cls: type) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
        if not isinstance(value, cls):
            msg = f"Expected a {cls.__name__} but got {_got(attribute.name, value)}"
            raise InvalidArgumentError(msg, field=attribute.name)

    return check


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _arg(kind: type[Any], value: object, name: str) -> Any:  # noqa: ANN401 - returns its argument
    if not isinstance(value, kind):
        msg = f"Expected a {kind.__name__} but got {_got(name, value)}"
        raise InvalidArgumentError(msg, field=name)
    return value


def _flag_arg(value: object, name: str) -> bool | None:
    if value is not None and type(value) is not bool:
        msg = f"Expected True, False or None (unknown) but got {_got(name, value)}"
        raise InvalidArgumentError(msg, field=name)
    return value


def _text_arg(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected non-empty text but got {_got(name, value)}"
        raise InvalidArgumentError(msg, field=name)
    return value


def _not_after(as_of: pendulum.Date, on: pendulum.Date, name: str) -> None:
    # Facts observed after the day asked about say nothing about that day.
    if as_of > on:
        msg = f"Expected facts observed on or before on={on.isoformat()} but got {name}={as_of.isoformat()!r}"
        raise InvalidArgumentError(msg, field=name)


def _lang_is_zh(lang: object) -> bool:
    if lang not in ("en", "zh"):
        msg = f"Expected 'en' or 'zh' but got {_got('lang', lang)}"
        raise InvalidArgumentError(msg, field="lang")
    return lang == "zh"


# ---------------------------------------------------------------------- check
@final
@attrs.frozen(kw_only=True)
class Check:
    """The answer to one check of the text for one subject and one day, with its reasons.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> check = leading_enterprise(policy, name="某劳务公司", on=pendulum.Date(2024, 1, 1),
        ...     finances_healthy=True, risk_resilient=None, employment_system_sound=True)
        >>> check.status.value, check.value, check.required
        ('unknown', 2, 3)
        >>> print(check.explain().splitlines()[0])
        某劳务公司 · leading_enterprise_criteria · 2024-01-01 · unknown

    .. versionadded:: 0.1.0
    """

    #: What is checked: a county code, a brand's or unit's name, or the province's code.
    subject: str = attrs.field(validator=_check_text)
    #: Its Chinese name (the name itself for a brand or unit).
    subject_zh: str = attrs.field(validator=_check_text)
    #: The check's id, e.g. ``"training_projects_per_county"``.
    check: str = attrs.field(validator=_check_text)
    #: The day the check is about.
    on: pendulum.Date = attrs.field(validator=_check_day)
    #: The status.
    status: CheckStatus = attrs.field(validator=_instance_of(CheckStatus))
    #: The clause ids it rests on.
    clauses: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    #: What was observed (a count), if known.
    value: int | None = attrs.field(default=None, validator=_check_count)
    #: What is required, if the text sets a number.
    required: int | None = attrs.field(default=None, validator=_check_count)
    #: The day by which it is to be met, for a target.
    deadline: pendulum.Date | None = attrs.field(
        default=None, validator=_check_optional_day
    )
    #: The explanation, step by step, in Chinese and English.
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_tuple)
    #: The dated parameter values used.
    parameters: tuple[ParameterUse, ...] = attrs.field(default=(), converter=_tuple)
    #: The responsible bodies, as the text names them.
    bodies: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def explain(self, *, lang: str = "en") -> str:
        """Return the check and its steps as text, in ``"en"`` or ``"zh"``.

        Raises:
            InvalidArgumentError: *lang* is neither.
        """
        zh = _lang_is_zh(lang)
        name = (
            self.subject_zh
            if self.subject_zh == self.subject
            else f"{self.subject_zh} ({self.subject})"
        )
        lines = [
            (
                f"{name} · {self.check} · {self.on.isoformat()} · "
                f"{self.status.zh if zh else self.status.value}"
            )
        ]
        labels = ("现值", "要求", "期限") if zh else ("value", "required", "deadline")
        shown = (
            self.value,
            self.required,
            self.deadline.isoformat() if self.deadline is not None else None,
        )
        figures = [
            f"{label}{':' if zh else ': '}{figure}"
            for label, figure in zip(labels, shown, strict=True)
            if figure is not None
        ]
        if figures:
            lines.append(" · ".join(figures))
        lines += [f"  {i}. {s.zh if zh else s.en}" for i, s in enumerate(self.steps, 1)]
        lines.append(("依据:" if zh else "clauses: ") + ", ".join(self.clauses))
        lines += [
            f"  {p.name} = {p.value} ({p.reference}, {p.first_day.isoformat()})"
            for p in self.parameters
        ]
        if self.bodies:
            lines.append(
                ("责任单位:" if zh else "responsible: ") + "、".join(self.bodies)
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li>{html.escape(s.zh)}<br><small>{html.escape(s.en)}</small></li>"
            for s in self.steps
        )
        return (
            f"<div class='labourbrand-check'><b>{html.escape(self.subject_zh)}</b> · "
            f"{html.escape(self.check)} · {self.on.isoformat()}<br>"
            f"<b>{self.status.zh} ({self.status.value})</b>"
            f"<ol>{rows}</ol><small>clauses {html.escape(', '.join(self.clauses))}</small></div>"
        )


@attrs.define
class _Draft:
    """A check being assembled."""

    subject: str
    subject_zh: str
    check: str
    on: pendulum.Date
    clauses: tuple[str, ...]
    bodies: tuple[str, ...]
    steps: list[Step] = attrs.Factory(list)
    parameters: list[ParameterUse] = attrs.Factory(list)

    def step(self, zh: str, en: str) -> None:
        self.steps.append(Step(zh, en))

    def finish(
        self,
        status: CheckStatus,
        *,
        value: int | None = None,
        required: int | None = None,
        deadline: pendulum.Date | None = None,
    ) -> Check:
        return Check(
            subject=self.subject,
            subject_zh=self.subject_zh,
            check=self.check,
            on=self.on,
            status=status,
            clauses=self.clauses,
            value=value,
            required=required,
            deadline=deadline,
            steps=self.steps,
            parameters=self.parameters,
            bodies=self.bodies,
        )


def _bodies(clause_id: str) -> tuple[str, ...]:
    return _clause_registry()[clause_id].bodies


def _use(name: str, entry: DatedValue) -> ParameterUse:
    return ParameterUse(
        name=name,
        value=str(entry.value),
        first_day=entry.first_day,
        reference=entry.reference,
    )


def _not_in_force_step(draft: _Draft, parameter: Parameter) -> None:
    on, first = draft.on, parameter.values[0]
    if on < first.first_day:
        draft.step(
            f"{parameter.description_zh}由{first.reference}规定,自{first.first_day.isoformat()}起施行,"
            f"{on.isoformat()}尚未施行。",
            f"{parameter.name} is set by {first.reference} from {first.first_day.isoformat()}; "
            f"not in force on {on.isoformat()}.",
        )
        return
    ended = [v for v in parameter.values if v.first_day <= on][-1]
    draft.step(
        f"{parameter.description_zh}自{ended.first_day.isoformat()}起不再施行({ended.reference})。",
        f"{parameter.name} is no longer in force from {ended.first_day.isoformat()} ({ended.reference}).",
    )


def _require(policy: Policy, draft: _Draft, name: str) -> DatedValue | None:
    """The entry of *name* in force on the draft's day, recorded as used; else a step."""
    entry = policy.parameters.at(draft.on).get(name)
    if entry is None:
        _not_in_force_step(draft, policy.parameters[name])
        return None
    draft.parameters.append(_use(name, entry))
    return entry


def _document_in_force(draft: _Draft) -> bool:
    """Whether the 2022 text is in force on the draft's day; else a step."""
    document = _clause_registry().document
    if draft.on < document.issued:
        draft.step(
            f"{document.number}自{document.issued.isoformat()}起施行,{draft.on.isoformat()}尚未施行。",
            f"{document.number_en} applies from {document.issued.isoformat()}; "
            f"not in force on {draft.on.isoformat()}.",
        )
        return False
    return True


def _threshold(draft: _Draft, entry: DatedValue) -> tuple[int, int | None]:
    """The number to reach and the number the text sets (``None``: no number)."""
    if type(entry.value) is int:
        return entry.value, entry.value
    # UNQUANTIFIED: "a batch" (一批) exists but has no number; one is the least batch.
    draft.step(
        "原文只要求“一批”,未规定具体数量:至少1个即视为达到。",
        "The text asks for a batch (一批) and sets no number: at least one counts as met.",
    )
    return 1, None


def _compare(  # noqa: PLR0913 - the parts of one comparison, all keyword
    draft: _Draft,
    value: int | None,
    entry: DatedValue,
    *,
    what: tuple[str, str],
    unknown: int = 0,
    unknown_what: tuple[str, str] = ("", ""),
) -> tuple[CheckStatus, int | None]:
    """Compare a count with the number *entry* sets; return the status and the number.

    *unknown* items might count but are not known to: they turn a shortfall
    they could close into :attr:`CheckStatus.UNKNOWN`.
    """
    threshold, required = _threshold(draft, entry)
    what_zh, what_en = what
    if value is None:
        draft.step(f"{what_zh}数量未知。", f"The number of {what_en} is unknown.")
        return CheckStatus.UNKNOWN, required
    if value >= threshold:
        draft.step(
            f"{what_zh}{value}个,达到不少于{threshold}个的要求。",
            f"{value} {what_en}: meets the minimum of {threshold}.",
        )
        return CheckStatus.MET, required
    draft.step(
        f"{what_zh}{value}个,未达到不少于{threshold}个的要求(差{threshold - value}个)。",
        f"{value} {what_en}: below the minimum of {threshold} (short by {threshold - value}).",
    )
    if unknown:
        could = value + unknown >= threshold
        draft.step(
            f"另有{unknown}个{unknown_what[0]},{'可能补足差额,无法确定' if could else '即使全部计入也不足'}。",
            f"{unknown} more {unknown_what[1]}: "
            f"{'they could close the gap, so it is unknown' if could else 'even all of them would not close the gap'}.",
        )
        if could:
            return CheckStatus.UNKNOWN, required
    return CheckStatus.NOT_MET, required


# ----------------------------------------------------------------- regions
def _county(policy: Policy, code: object) -> Region:
    """The county-level unit with *code*; errors for a malformed, unknown or other code."""
    region = policy.regions[code]  # type: ignore[index]  # checked at run time
    if region.level is not Level.COUNTY:
        msg = (
            f"Expected the code of a county-level unit but got {_got('code', code)}: "
            f"{region.name_zh} is a {region.level.value}-level unit"
        )
        raise InvalidArgumentError(msg, field="code")
    return region


def _city_body(policy: Policy, county: str | None, measure: Measure) -> str:
    """Who the text delegates *measure* to, named for *county*'s city-level unit."""
    zh, _en = DELEGATED_TO[measure]
    if county is None:
        return zh
    city = policy.regions.name_of(policy.regions.city_level_unit(county))
    # "市级人社部门" of a named city-level unit: "安康市人社部门".
    return f"{city}{zh.removeprefix('市级')}"


# ---------------------------------------------------------- county obligations
@final
@attrs.frozen(kw_only=True)
class CountyFacts:
    """What is known of one county-level unit's obligations of clause 4.1.

    ``None`` means unknown, never zero.

    Example:
        >>> import pendulum
        >>> CountyFacts(code="610924", training_projects=2, as_of=pendulum.Date(2024, 6, 30)).studios is None
        True

    .. versionadded:: 0.1.0
    """

    #: GB/T 2260 code of the county-level unit.
    code: str = attrs.field(validator=_check_code)
    #: Special vocational-training collaboration projects (特色职业培训协同项目), if known.
    training_projects: int | None = attrs.field(default=None, validator=_check_count)
    #: Skill-master (技能大师工作室) or expert studios (专家工作室), if known.
    studios: int | None = attrs.field(default=None, validator=_check_count)
    #: The day the counts refer to.
    as_of: pendulum.Date = attrs.field(validator=_check_day)


def county_obligations(
    policy: Policy, facts: CountyFacts, *, on: pendulum.Date
) -> tuple[Check, Check]:
    """Check a county-level unit's two obligations of clause 4.1.

    1. ``training_projects_per_county``: every county strives for (力争) at
       least one special vocational-training collaboration project
       (特色职业培训协同项目).
    2. ``studios_per_key_county``: every national- or provincial-level
       rural-revitalisation key assistance county must (确保) have at least
       one skill-master or expert studio (技能大师工作室或专家工作室). A county
       known to be neither is :attr:`~CheckStatus.MET` (the obligation does
       not apply); a county whose designation is unknown is
       :attr:`~CheckStatus.UNKNOWN` even when its studios are counted, because
       only 2 of the 11 national key counties are confirmed by name.

    Args:
        policy: the policy.
        facts: the county's counts; ``None`` counts make a check unknown.
        on: the day asked about; not before ``facts.as_of``.

    Returns:
        The two checks, in the order above.

    Raises:
        InvalidArgumentError: the code is not that of a county-level unit, or
            the facts were observed after *on*.
        UnknownRegionError: the code is not in the region registry.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> facts = CountyFacts(code="610924", training_projects=0, studios=1,
        ...                     as_of=pendulum.Date(2024, 6, 30))
        >>> [c.status.value for c in county_obligations(policy, facts, on=pendulum.Date(2024, 7, 1))]
        ['not_met', 'unknown']

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    facts = _arg(CountyFacts, facts, "facts")
    region = _county(policy, facts.code)
    _not_after(facts.as_of, on, "as_of")
    return _training(policy, region, facts, on), _studios(policy, region, facts, on)


def _county_draft(region: Region, check: str, on: pendulum.Date) -> _Draft:
    return _Draft(
        subject=region.code,
        subject_zh=region.name_zh,
        check=check,
        on=on,
        clauses=("4.1",),
        bodies=_bodies("4.1"),
    )


def _training(
    policy: Policy, region: Region, facts: CountyFacts, on: pendulum.Date
) -> Check:
    draft = _county_draft(region, "training_projects_per_county", on)
    count = facts.training_projects
    entry = _require(policy, draft, "training_projects_per_county")
    if entry is None:
        return draft.finish(CheckStatus.NOT_IN_FORCE, value=count)
    draft.step(
        f"第四条第(一)款:力争每县打造特色职业培训协同项目;{region.name_zh}截至{facts.as_of.isoformat()}的情况如下。",
        f"Clause 4.1: every county strives (力争) for special vocational-training collaboration "
        f"projects; {region.name_zh} as of {facts.as_of.isoformat()}:",
    )
    status, required = _compare(
        draft,
        count,
        entry,
        what=(
            "特色职业培训协同项目",
            "special vocational-training collaboration projects",
        ),
    )
    return draft.finish(status, value=count, required=required)


def _studios(
    policy: Policy, region: Region, facts: CountyFacts, on: pendulum.Date
) -> Check:
    draft = _county_draft(region, "studios_per_key_county", on)
    count = facts.studios
    entry = _require(policy, draft, "studios_per_key_county")
    if entry is None:
        return draft.finish(CheckStatus.NOT_IN_FORCE, value=count)
    national = policy.regions.designation(region.code, Designation.NATIONAL_KEY_COUNTY)
    provincial = policy.regions.designation(
        region.code, Designation.PROVINCIAL_KEY_COUNTY
    )
    draft.step(
        f"{region.name_zh}:国家乡村振兴重点帮扶县——{national.zh};省级乡村振兴重点帮扶县——{provincial.zh}。",
        f"{region.name_zh}: national key assistance county: {national.value}; "
        f"provincial key assistance county: {provincial.value}.",
    )
    what = ("技能大师工作室或专家工作室", "skill-master or expert studios")
    if Tristate.YES in (national, provincial):
        draft.step(
            "第四条第(一)款:确保国家级、省级乡村振兴重点帮扶县每县至少建设技能大师工作室或专家工作室。",
            "Clause 4.1: every national- or provincial-level key assistance county must (确保) "
            "have skill-master or expert studios.",
        )
        status, required = _compare(draft, count, entry, what=what)
        return draft.finish(status, value=count, required=required)
    if national is Tristate.NO and provincial is Tristate.NO:
        draft.step(
            "该县不是国家级或省级乡村振兴重点帮扶县,此项义务不适用。",
            "The county is neither a national nor a provincial key assistance county: "
            "the obligation does not apply.",
        )
        return draft.finish(CheckStatus.MET, value=count)
    threshold, required = _threshold(draft, entry)
    confirmed = {
        d: sum(
            1
            for r in policy.regions.designation_records()
            if r.designation is d and r.status is Tristate.YES
        )
        for d in (Designation.NATIONAL_KEY_COUNTY, Designation.PROVINCIAL_KEY_COUNTY)
    }
    national_known = confirmed[Designation.NATIONAL_KEY_COUNTY]
    provincial_known = confirmed[Designation.PROVINCIAL_KEY_COUNTY]
    draft.step(
        f"无法确定该县是否为重点帮扶县:全省{_NATIONAL_KEY_COUNTIES}个国家级、{_PROVINCIAL_KEY_COUNTIES}个省级"
        f"乡村振兴重点帮扶县中,有来源确认名称的分别只有{national_known}个和{provincial_known}个;未确认不等于“否”。",
        f"Whether the county is a key assistance county is unknown: of Shaanxi's "
        f"{_NATIONAL_KEY_COUNTIES} national and {_PROVINCIAL_KEY_COUNTIES} provincial key counties, "
        f"only {national_known} and {provincial_known} are confirmed by name; unconfirmed is not 'no'.",
    )
    if count is None:
        draft.step(f"{what[0]}数量也未知。", f"The number of {what[1]} is unknown too.")
    else:
        enough = count >= threshold
        draft.step(
            f"{what[0]}{count}个;若义务适用,{'已达到' if enough else '未达到'}不少于{threshold}个的要求。",
            f"{count} {what[1]}: if the obligation applies, it is "
            f"{'met' if enough else 'not met'} (minimum {threshold}).",
        )
    return draft.finish(CheckStatus.UNKNOWN, value=count, required=required)


# -------------------------------------------------------------------- targets
def _exited(brand: Brand, on: pendulum.Date | None) -> bool:
    """Whether *brand* had left the pool by *on* (by now, if *on* is ``None``)."""
    if brand.stage is not Stage.EXITED:
        return False
    # EXITED is final, so the last audit record is the exit decision.
    return on is None or not brand.history or brand.history[-1].on <= on


def _active(
    brands: Iterable[Brand], on: pendulum.Date | None
) -> tuple[tuple[Brand, ...], int]:
    """The brands that count on *on*, and how many were left out as exited."""
    candidate: object = brands  # callers may pass anything at run time
    if isinstance(candidate, Brand | str) or not isinstance(candidate, Iterable):
        msg = f"Expected an iterable of Brand values but got {_got('brands', brands)}"
        raise InvalidArgumentError(msg, field="brands")
    kept: list[Brand] = []
    seen: set[str] = set()
    exited = 0
    for brand in brands:
        _arg(Brand, brand, "brands[]")
        if brand.name_zh in seen:
            msg = f"Expected each brand once (a brand's name is its identity) but got {brand.name_zh!r} twice"
            raise InvalidArgumentError(msg, field="brands")
        seen.add(brand.name_zh)
        if _exited(brand, on):
            exited += 1
        else:
            kept.append(brand)
    return tuple(kept), exited


def county_brand_counts(
    policy: Policy, brands: Iterable[Brand], *, on: pendulum.Date | None = None
) -> Mapping[str, int]:
    """Count the brands of every county-level unit, zeros included, in code order.

    Brands whose county is unknown are not counted (they fill no county), nor
    are brands that had exited the resource pool by *on*.

    Args:
        policy: the policy (its region registry).
        brands: the brands; each name once.
        on: the day; by default, the brands' current stages.

    Returns:
        A read-only mapping of the 107 county codes to their brand counts.

    Raises:
        InvalidArgumentError: an item is not a :class:`~labourbrand.Brand`, a
            name repeats, or a brand's county is not a county-level unit.
        UnknownRegionError: a brand's county is not in the registry.

    Example:
        >>> import labourbrand as lb
        >>> counts = county_brand_counts(lb.Policy.shaanxi(entry_points=False), lb.brands.packaged())
        >>> len(counts), counts["610924"], sum(counts.values())
        (107, 1, 22)

    .. versionadded:: 0.1.0
    """
    on = None if on is None else as_date(on)
    counts: dict[str, int] = {r.code: 0 for r in policy.regions.counties()}
    for brand in _active(brands, on)[0]:
        if brand.county is not None:
            counts[_county(policy, brand.county).code] += 1
    return MappingProxyType(counts)


#: The labels of the targets, in report order.
_TARGET_LABELS: Final[Mapping[str, tuple[str, str]]] = {
    "target_brands_total": ("全省培育创建劳务品牌", "labour brands province-wide"),
    "target_brands_per_county": ("一县一品牌", "one county, one brand"),
    "target_national_known": ("全国知名劳务品牌", "nationally known brands"),
    "target_per_category.skilled": (
        "中高端技能型劳务品牌",
        "mid- and high-end skilled brands",
    ),
    "target_per_category.service": (
        "高品质服务型劳务品牌",
        "high-quality service brands",
    ),
    "target_per_category.culture_tourism": (
        "文化和旅游类劳务品牌",
        "culture and tourism brands",
    ),
    "target_per_category.livelihood": (
        "民生保障型劳务品牌",
        "livelihood security brands",
    ),
    "target_provincial": ("省级劳务品牌", "provincial brands"),
    "target_city_level": ("市级劳务品牌", "city-level brands"),
    "target_county_level": ("县级劳务品牌", "county-level brands"),
}
_LEVEL_TARGETS: Final = (
    ("target_national_known", RecognitionLevel.NATIONAL),
    ("target_provincial", RecognitionLevel.PROVINCIAL),
    ("target_city_level", RecognitionLevel.CITY),
    ("target_county_level", RecognitionLevel.COUNTY),
)


@final
@attrs.frozen(kw_only=True)
class TargetsReport:
    """The province's labour-brand targets on one day, one :class:`Check` per target.

    Targets: at least 100 brands; one county, one brand (一县一品牌); at least
    10 nationally known; at least 10 in each of the four categories of clause
    3.2; and the provincial, city-level and county-level recognitions (a batch
    in the 2022 text, 20, 40 and 100 from the 2023 programme), all by the end
    of the 14th Five-Year Plan (2025-12-31).

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> report = targets(lb.Policy.shaanxi(entry_points=False), lb.brands.packaged(),
        ...                  on=pendulum.Date(2025, 12, 31))
        >>> row = report.table()[0]
        >>> row["check"], row["status"], row["value"], row["required"], row["deadline"]
        ('target_brands_total', 'not_met', 26, 100, '2025-12-31')

    .. versionadded:: 0.1.0
    """

    #: The day.
    on: pendulum.Date = attrs.field(validator=_check_day)
    #: One check per target, in the order of the class notes.
    checks: tuple[Check, ...] = attrs.field(converter=_tuple)
    #: The county-level units short of the one-county-one-brand target, in code order.
    counties_without_brand: tuple[str, ...] = attrs.field(converter=_tuple)

    def __getitem__(self, check: str) -> Check:
        """Return the check with id *check*, e.g. ``"target_provincial"``.

        Raises:
            InvalidArgumentError: no check has that id.
        """
        for item in self.checks:
            if item.check == check:
                return item
        names = ", ".join(c.check for c in self.checks)
        msg = f"Expected a check id among {names} but got {_got('check', check)}"
        raise InvalidArgumentError(msg, field="check")

    def table(self, *, lang: str = "en") -> list[dict[str, object]]:
        """Return one row per target (a tidy table, e.g. for a pandas DataFrame).

        Args:
            lang: ``"en"`` or ``"zh"``, for the column names, labels and statuses.

        Raises:
            InvalidArgumentError: *lang* is neither.
        """
        zh = _lang_is_zh(lang)
        keys = (
            ("检查", "目标", "状态", "现值", "要求", "期限")
            if zh
            else ("check", "target", "status", "value", "required", "deadline")
        )
        return [
            dict(
                zip(
                    keys,
                    (
                        c.check,
                        _TARGET_LABELS.get(c.check, (c.check, c.check))[0 if zh else 1],
                        c.status.zh if zh else c.status.value,
                        c.value,
                        c.required,
                        c.deadline.isoformat() if c.deadline is not None else None,
                    ),
                    strict=True,
                )
            )
            for c in self.checks
        ]

    def _repr_html_(self) -> str:
        rows = self.table()
        head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0]) if rows else ""
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape('' if v is None else str(v))}</td>"
                for v in row.values()
            )
            + "</tr>"
            for row in rows
        )
        return (
            f"<table class='labourbrand-targets'><caption>labour-brand targets · "
            f"{self.on.isoformat()}</caption><tr>{head}</tr>{body}</table>"
        )

    def explain(self, *, lang: str = "en") -> str:
        """Return every target's explanation and the counties without a brand.

        Raises:
            InvalidArgumentError: *lang* is neither ``"en"`` nor ``"zh"``.
        """
        zh = _lang_is_zh(lang)
        head = (
            f"劳务品牌目标 · {self.on.isoformat()}"
            if zh
            else f"labour-brand targets · {self.on.isoformat()}"
        )
        codes = ", ".join(self.counties_without_brand) or "—"
        tail = (
            f"未达到“一县一品牌”的县级单位({len(self.counties_without_brand)}个):{codes}"
            if zh
            else f"county-level units without enough brands ({len(self.counties_without_brand)}): {codes}"
        )
        return "\n\n".join([head, *(c.explain(lang=lang) for c in self.checks), tail])


def targets(
    policy: Policy, brands: Iterable[Brand], *, on: pendulum.Date
) -> TargetsReport:
    """Check the province's labour-brand targets against *brands* on day *on*.

    Counting rules:

    * every brand counts in the total, including brands whose county is
      unknown; brands that had exited the resource pool by *on* do not count;
    * a county is filled by the brands whose county is its code; brands of
      unknown county fill none, but when they are at least as many as the
      counties' shortfall the target is unknown rather than not met;
    * a recognition level counts the brands holding a recognition of exactly
      that level on *on* (:meth:`~labourbrand.Recognition.held_on`);
    * a category counts the brands of that category; brands of unknown
      category make a shortfall they could close unknown;
    * a target the text sets without a number (the 2022 "batch" (一批) of
      provincial and city-level brands) is met by at least one brand, and the
      check says that no number is set;
    * a target not in force on *on* (the county-level target before
      2023-12-01, or any target before 2022-04-29) is reported as
      :attr:`CheckStatus.NOT_IN_FORCE`, so that every report has the same rows.

    Each check carries the deadline (``target_deadline``) and says whether
    *on* is before, on or after it.

    Raises:
        InvalidArgumentError: an item is not a brand, a name repeats, or a
            brand's county is not a county-level unit.
        UnknownRegionError: a brand's county is not in the registry.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> report = targets(policy, lb.brands.packaged(), on=pendulum.Date(2023, 6, 1))
        >>> [report[c].status.value for c in ("target_provincial", "target_county_level")]
        ['met', 'not_in_force']

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    active, exited = _active(brands, on)
    counts = county_brand_counts(policy, active, on=on)
    province = policy.regions.province
    deadline_entry = policy.parameters.at(on).get("target_deadline")
    deadline = (
        deadline_entry.value
        if deadline_entry is not None and type(deadline_entry.value) is pendulum.Date
        else None
    )

    def draft(check: str, clause: str) -> _Draft:
        return _Draft(
            subject=province.code,
            subject_zh=province.name_zh,
            check=check,
            on=on,
            clauses=(clause,),
            bodies=_bodies(clause) or _TARGET_BODIES,
        )

    def finish(
        d: _Draft, status: CheckStatus, value: int, required: int | None
    ) -> Check:
        if any(use.reference == _PROGRAMME_2023 for use in d.parameters):
            d.bodies = tuple(dict.fromkeys((*d.bodies, *_PROGRAMME_2023_BODIES)))
        _deadline_step(d, deadline)
        if deadline_entry is not None:
            d.parameters.append(_use("target_deadline", deadline_entry))
        return d.finish(status, value=value, required=required, deadline=deadline)

    checks: list[Check] = []
    # Clause 2 (第二条): at least 100 brands province-wide.
    d = draft("target_brands_total", "2")
    if exited:
        d.step(
            f"{exited}个品牌已退出资源库,不计入。",
            f"{exited} brands had exited the resource pool and are not counted.",
        )
    checks.append(
        _count_target(
            d,
            policy,
            "target_brands_total",
            len(active),
            finish,
            what=_TARGET_LABELS["target_brands_total"],
        )
    )
    # 第二条: 实现“一县一品牌”
    checks.append(
        _county_target(
            draft("target_brands_per_county", "2"), policy, active, counts, finish
        )
    )
    # 第二条: 打造10个以上全国知名劳务品牌 (levels: 2023 programme)
    held = {
        level: sum(
            1
            for b in active
            if any(r.level is level and r.held_on(on) for r in b.recognitions)
        )
        for _, level in _LEVEL_TARGETS
    }
    level_checks = {
        name: _count_target(
            draft(name, "2"),
            policy,
            name,
            held[level],
            finish,
            what=_TARGET_LABELS[name],
        )
        for name, level in _LEVEL_TARGETS
    }
    checks.append(level_checks["target_national_known"])
    # 第三条第(二)款: 每类打造10个以上
    unknown_category = sum(1 for b in active if b.category is None)
    for category in Category:
        name = f"target_per_category.{category.value}"
        checks.append(
            _count_target(
                draft(name, "3.2"),
                policy,
                "target_per_category",
                sum(1 for b in active if b.category is category),
                finish,
                what=_TARGET_LABELS[name],
                unknown=unknown_category,
                unknown_what=("品牌类别未知", "brands of unknown category"),
            )
        )
    checks += [level_checks[name] for name, _ in _LEVEL_TARGETS[1:]]
    threshold = _per_county(policy, on)
    short = tuple(code for code, n in counts.items() if n < threshold)
    return TargetsReport(on=on, checks=checks, counties_without_brand=short)


def _count_target(  # noqa: PLR0913 - the parts of one target, all keyword after the count
    d: _Draft,
    policy: Policy,
    parameter: str,
    value: int,
    finish: Callable[[_Draft, CheckStatus, int, int | None], Check],
    *,
    what: tuple[str, str],
    unknown: int = 0,
    unknown_what: tuple[str, str] = ("", ""),
) -> Check:
    entry = _require(policy, d, parameter)
    if entry is None:
        return finish(d, CheckStatus.NOT_IN_FORCE, value, None)
    status, required = _compare(
        d, value, entry, what=what, unknown=unknown, unknown_what=unknown_what
    )
    return finish(d, status, value, required)


def _per_county(policy: Policy, on: pendulum.Date) -> int:
    """Brands each county needs: the parameter, or one where it sets no number."""
    entry = policy.parameters.at(on).get("target_brands_per_county")
    return entry.value if entry is not None and type(entry.value) is int else 1


def _county_target(
    d: _Draft,
    policy: Policy,
    active: tuple[Brand, ...],
    counts: Mapping[str, int],
    finish: Callable[[_Draft, CheckStatus, int, int | None], Check],
) -> Check:
    entry = _require(policy, d, "target_brands_per_county")
    per_county = _per_county(policy, d.on)
    filled = sum(1 for n in counts.values() if n >= per_county)
    total = len(counts)
    if entry is None:
        return finish(d, CheckStatus.NOT_IN_FORCE, filled, None)
    _threshold(d, entry)
    shortfall = sum(max(0, per_county - n) for n in counts.values())
    no_county = sum(1 for b in active if b.county is None)
    d.step(
        f"全省{total}个县级单位中,{filled}个有不少于{per_county}个劳务品牌,{total - filled}个不足。",
        f"Of the {total} county-level units, {filled} have at least {per_county} brand(s); "
        f"{total - filled} fall short.",
    )
    if not shortfall:
        return finish(d, CheckStatus.MET, filled, total)
    if no_county:
        could = no_county >= shortfall
        d.step(
            f"另有{no_county}个品牌培育创建地未知,不能计入任何县;"
            f"{'数量足以补足差额,无法确定' if could else '即使全部计入也不足'}。",
            f"{no_county} brands have no known county and fill none; "
            f"{'they are enough to close the gap, so it is unknown' if could else 'even all of them would not close the gap'}.",
        )
        if could:
            return finish(d, CheckStatus.UNKNOWN, filled, total)
    return finish(d, CheckStatus.NOT_MET, filled, total)


def _deadline_step(d: _Draft, deadline: pendulum.Date | None) -> None:
    if deadline is None:
        d.step("没有施行中的完成期限。", "No deadline is in force or set.")
    elif d.on < deadline:
        days = (deadline - d.on).in_days()
        d.step(
            f"完成期限为{deadline.isoformat()}(“十四五”末),尚余{days}天。",
            f"The deadline is {deadline.isoformat()} (end of the 14th Five-Year Plan): {days} days left.",
        )
    elif d.on == deadline:
        d.step(
            f"今日即完成期限{deadline.isoformat()}(“十四五”末)。",
            f"Today is the deadline, {deadline.isoformat()} (end of the 14th Five-Year Plan).",
        )
    else:
        d.step(
            f"完成期限{deadline.isoformat()}(“十四五”末)已过。",
            f"The deadline, {deadline.isoformat()} (end of the 14th Five-Year Plan), has passed.",
        )


# ------------------------------------------------------------------------ exit
@final
@attrs.frozen(kw_only=True)
class ExitIndicators:
    """What a spot check (抽查) found about a brand, for the exit assessment of clause 3.4.

    ``None`` means not assessed (unknown), never "no".

    Example:
        >>> import pendulum
        >>> ExitIndicators(jobs_before=800, jobs_now=300, as_of=pendulum.Date(2024, 6, 30)).recognition_low is None
        True

    .. versionadded:: 0.1.0
    """

    #: Training quality is poor (培训质量不高).
    training_quality_poor: bool | None = attrs.field(
        default=None, validator=_check_flag
    )
    #: Jobs the brand drove (带动就业人数) at the earlier observation.
    jobs_before: int | None = attrs.field(default=None, validator=_check_count)
    #: Jobs it drives now.
    jobs_now: int | None = attrs.field(default=None, validator=_check_count)
    #: Market competitiveness declined (市场竞争力下降).
    competitiveness_declined: bool | None = attrs.field(
        default=None, validator=_check_flag
    )
    #: Social recognition is low (社会认可度不高).
    recognition_low: bool | None = attrs.field(default=None, validator=_check_flag)
    #: The day of the spot check.
    as_of: pendulum.Date = attrs.field(validator=_check_day)


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
    brand: str = attrs.field(validator=_check_text)
    #: The day of the assessment.
    on: pendulum.Date = attrs.field(validator=_check_day)
    #: The outcome for an exit proposal.
    outcome: Outcome = attrs.field(validator=_instance_of(Outcome))
    #: Whether the city proposes the exit: a ground was found and the brand is in the pool.
    proposal: bool = attrs.field(validator=_instance_of(bool))
    #: The grounds found.
    grounds: tuple[ExitGround, ...] = attrs.field(default=(), converter=_tuple)
    #: The grounds that could not be assessed.
    unknown: tuple[ExitGround, ...] = attrs.field(default=(), converter=_tuple)
    #: The spot-check findings used.
    indicators: ExitIndicators = attrs.field(validator=_instance_of(ExitIndicators))
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
    clauses: tuple[str, ...] = attrs.field(default=("3.4",), converter=_tuple)
    #: The explanation.
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_tuple)
    #: The responsible bodies the clause names.
    bodies: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def explain(self, *, lang: str = "en") -> str:
        """Return the assessment and its steps as text, in ``"en"`` or ``"zh"``.

        Raises:
            InvalidArgumentError: *lang* is neither.
        """
        zh = _lang_is_zh(lang)
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
        _arg(Brand, brand, "brand")
        if not self.proposal:
            msg = f"Expected an assessment that proposes an exit but got proposal=False for {self.brand!r}"
            raise InvalidArgumentError(msg, field="proposal")
        if brand.name_zh != self.brand:
            msg = f"Expected the brand assessed, {self.brand!r}, but got {_got('brand', brand.name_zh)}"
            raise InvalidArgumentError(msg, field="brand")
        return lifecycle.transition(
            brand,
            Event.PROPOSE_EXIT,
            on=self.on,
            by=self.by,
            grounds=self.grounds,
            note="市级人社部门评估:" + "、".join(g.zh for g in self.grounds),
        )


@attrs.define
class _JobFall:
    """The assessment of the FEWER_JOBS ground."""

    found: bool | None = None
    fall: Decimal | None = None
    ratio: Decimal | None = None
    supplier: Supplier | None = None


def _fall_rule(
    policy: Policy, brand: Brand, on: pendulum.Date, steps: list[Step]
) -> _JobFall:
    """Look up the delegated ratio of a marked fall; check what the plugin gave."""
    regions = policy.regions
    chain = (
        regions.jurisdiction_chain(brand.county)
        if brand.county is not None
        else (regions.province.code,)
    )
    supplied = policy.rules.find(Measure.EXIT_JOB_FALL, chain, on)
    if supplied is None:
        return _JobFall()
    rule = supplied.rule
    if not isinstance(rule.formula, Ratio):
        msg = f"Expected a Ratio for {Measure.EXIT_JOB_FALL.value} (the fall in jobs that counts as marked)"
        raise PluginResultError(
            msg,
            plugin_name=supplied.plugin,
            hook="labourbrand_rules",
            value=rule.formula,
        )
    ratio = rule.formula.value
    # Say "illustrative" once in each language, even when the reference says it.
    note_zh = (
        "(示例数值,无官方来源)"
        if rule.illustrative and "示例" not in rule.reference
        else ""
    )
    note_en = (
        ", illustrative: no official source"
        if rule.illustrative and "illustrative" not in rule.reference
        else ""
    )
    steps.append(
        Step(
            f"{regions.name_of(rule.jurisdiction)}的规则({rule.reference}{note_zh}):"
            f"带动就业人数减少{ratio:%}及以上为“明显减少”。",
            f"The rule of {rule.jurisdiction} ({rule.reference}{note_en}): a fall in jobs of "
            f"{ratio:%} or more is marked (明显减少).",
        )
    )
    return _JobFall(
        ratio=ratio,
        supplier=Supplier(
            plugin=supplied.plugin,
            version=supplied.version,
            jurisdiction=rule.jurisdiction,
            supplied="job_fall_ratio",
            reference=rule.reference,
        ),
    )


def _job_fall(
    policy: Policy,
    brand: Brand,
    indicators: ExitIndicators,
    on: pendulum.Date,
    steps: list[Step],
) -> _JobFall:
    result = _fall_rule(policy, brand, on, steps)
    before, now = indicators.jobs_before, indicators.jobs_now
    if before is None or now is None:
        steps.append(
            Step(
                "前后带动就业人数未知,无法判断是否明显减少。",
                "Jobs before or now are unknown: a marked fall cannot be assessed.",
            )
        )
        return result
    if now >= before:
        # No fall at all is no marked fall, whatever the ratio.
        steps.append(
            Step(
                f"带动就业人数由{before}人变为{now}人,没有减少。",
                f"Jobs went from {before} to {now}: no fall.",
            )
        )
        result.found = False
        return result
    result.fall = (Decimal(before - now) / Decimal(before)).quantize(Decimal("0.0001"))
    steps.append(
        Step(
            f"带动就业人数由{before}人减至{now}人,减少{result.fall:%}。",
            f"Jobs fell from {before} to {now}, by {result.fall:%}.",
        )
    )
    if result.ratio is not None:
        result.found = before - now >= result.ratio * before
        steps.append(
            Step(
                f"{'达到' if result.found else '未达到'}“明显减少”的标准。",
                f"{'A' if result.found else 'Not a'} marked fall by that rule.",
            )
        )
    elif now == 0:
        # A fall to zero is marked under any ratio in (0, 1].
        result.found = True
        steps.append(
            Step(
                "带动就业人数减至零,无论标准如何均为“明显减少”。",
                "Jobs fell to zero: a marked fall whatever the ratio.",
            )
        )
    else:
        who = _city_body(policy, brand.county, Measure.EXIT_JOB_FALL)
        steps.append(
            Step(
                f"“明显减少”未量化,应由{who}在评估中确定;尚无规则,无法判断(不视为“否”)。",
                f"What counts as a marked fall is not quantified; {who} ({DELEGATED_TO[Measure.EXIT_JOB_FALL][1]}) "
                "must set it, and no rule does yet (unknown, not 'no').",
            )
        )
    return result


def exit_assessment(
    policy: Policy, brand: Brand, indicators: ExitIndicators, *, on: pendulum.Date
) -> ExitAssessment:
    """Assess the four exit grounds of clause 3.4 for *brand* after a spot check.

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
        on: the day of the assessment.

    Raises:
        InvalidArgumentError: a bad argument, or findings observed after *on*.
        PluginResultError: the rule for the marked fall is not a ratio.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> found = ExitIndicators(jobs_before=800, jobs_now=500, training_quality_poor=False,
        ...                        competitiveness_declined=False, recognition_low=False,
        ...                        as_of=pendulum.Date(2024, 6, 30))
        >>> brand = lb.Brand(name_zh="某品牌", county="610924", stage=lb.Stage.IN_POOL)
        >>> a = exit_assessment(policy, brand, found, on=pendulum.Date(2024, 7, 1))
        >>> a.outcome.value, [g.value for g in a.unknown], a.proposal
        ('undetermined', ['fewer_jobs'], False)

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    brand = _arg(Brand, brand, "brand")
    indicators = _arg(ExitIndicators, indicators, "indicators")
    _not_after(indicators.as_of, on, "as_of")
    draft = _Draft(
        subject=brand.name_zh,
        subject_zh=brand.name_zh,
        check="exit_assessment",
        on=on,
        clauses=("3.4",),
        bodies=_bodies("3.4"),
    )

    def finish(outcome: Outcome, **kw: Any) -> ExitAssessment:  # noqa: ANN401 - the optional fields
        return ExitAssessment(
            brand=brand.name_zh,
            on=on,
            outcome=outcome,
            indicators=indicators,
            steps=draft.steps,
            bodies=draft.bodies,
            **kw,
        )

    if not _document_in_force(draft):
        return finish(Outcome.NOT_IN_FORCE, proposal=False)
    draft.step(
        f"第三条第(四)款:抽查({indicators.as_of.isoformat()})发现培训质量不高、带动就业人数明显减少、"
        "市场竞争力下降、社会认可度不高等情形的,由市级人社部门评估,向省厅提出退出资源库建议。",
        f"Clause 3.4: after a spot check ({indicators.as_of.isoformat()}), the city HRSS bureau "
        "assesses poor training, a marked fall in jobs, declining competitiveness or low "
        "recognition, and proposes exit from the pool to the province.",
    )
    jobs = _job_fall(policy, brand, indicators, on, draft.steps)
    flags = {
        ExitGround.POOR_TRAINING: indicators.training_quality_poor,
        ExitGround.FEWER_JOBS: jobs.found,
        ExitGround.LESS_COMPETITIVE: indicators.competitiveness_declined,
        ExitGround.LOW_RECOGNITION: indicators.recognition_low,
    }
    grounds = tuple(g for g in ExitGround if flags[g] is True)
    unknown = tuple(g for g in ExitGround if flags[g] is None)
    for ground in ExitGround:
        flag = flags[ground]
        draft.step(
            f"“{ground.zh}”:{'成立' if flag else '不成立' if flag is False else '无法评估'}。",
            f"{ground.value}: {'found' if flag else 'not found' if flag is False else 'not assessable'}.",
        )
    in_pool = brand.stage is Stage.IN_POOL
    if not in_pool:
        draft.step(
            f"只有在库品牌可被建议退出;该品牌处于“{brand.stage.zh}”阶段。",
            f"Only a brand in the resource pool can be proposed for exit; this one is {brand.stage.value}.",
        )
    proposal = bool(grounds) and in_pool
    if proposal:
        who = _city_body(policy, brand.county, Measure.EXIT_JOB_FALL)
        draft.step(
            f"由{who}向省人力资源社会保障厅提出退出资源库建议,由省人社厅决定。",
            f"{who} proposes the exit to the provincial HRSS department, which decides.",
        )
        outcome = Outcome.ELIGIBLE
    elif in_pool and unknown:
        outcome = Outcome.UNDETERMINED
    else:
        outcome = Outcome.INELIGIBLE
    return finish(
        outcome,
        proposal=proposal,
        grounds=grounds,
        unknown=unknown,
        job_fall=jobs.fall,
        fall_ratio=jobs.ratio,
        supplier=jobs.supplier,
    )


# ---------------------------------------------------------- leading enterprise
_CRITERIA: Final = (
    ("finances_healthy", "健康的财务状况", "healthy finances"),
    ("risk_resilient", "足够的抗风险能力", "enough risk resilience"),
    ("employment_system_sound", "健全的用工制度", "a sound employment system"),
)


def leading_enterprise(  # noqa: PLR0913 - the three criteria are keyword-only
    policy: Policy,
    *,
    name: str,
    on: pendulum.Date,
    finances_healthy: bool | None,
    risk_resilient: bool | None,
    employment_system_sound: bool | None,
) -> Check:
    """Check the criteria of a leading labour-brand enterprise (龙头企业, clause 5.2).

    The enterprise must have healthy finances, enough risk resilience and a
    sound employment system (``leading_enterprise_criteria``: all three).
    A criterion that is ``False`` makes the check :attr:`~CheckStatus.NOT_MET`
    and is named; one that is ``None`` (and none ``False``) makes it
    :attr:`~CheckStatus.UNKNOWN`. :attr:`Check.value` counts the criteria met.

    Raises:
        InvalidArgumentError: *name* is empty, or a criterion is not a bool or ``None``.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> check = leading_enterprise(lb.Policy.shaanxi(entry_points=False), name="某公司",
        ...     on=pendulum.Date(2024, 1, 1), finances_healthy=True, risk_resilient=False,
        ...     employment_system_sound=None)
        >>> check.status.value, check.steps[-1].en
        ('not_met', 'Not met: lacks enough risk resilience.')

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    name = _text_arg(name, "name")
    given = {
        "finances_healthy": _flag_arg(finances_healthy, "finances_healthy"),
        "risk_resilient": _flag_arg(risk_resilient, "risk_resilient"),
        "employment_system_sound": _flag_arg(
            employment_system_sound, "employment_system_sound"
        ),
    }
    draft = _Draft(
        subject=name,
        subject_zh=name,
        check="leading_enterprise_criteria",
        on=on,
        clauses=("5.2",),
        bodies=_bodies("5.2"),
    )
    met = sum(1 for v in given.values() if v is True)
    entry = _require(policy, draft, "leading_enterprise_criteria")
    if entry is None:
        return draft.finish(CheckStatus.NOT_IN_FORCE, value=met)
    draft.step(
        "第五条第(二)款:培育的龙头企业应具备健康的财务状况、足够的抗风险能力、健全的用工制度等条件。",
        "Clause 5.2: a leading enterprise must have healthy finances, enough risk resilience "
        "and a sound employment system.",
    )
    # With no number set, every criterion the text lists is required.
    required = entry.value if type(entry.value) is int else len(_CRITERIA)
    for key, zh, en in _CRITERIA:
        flag = given[key]
        draft.step(
            f"{zh}:{'具备' if flag else '不具备' if flag is False else '未知'}。",
            f"{en.capitalize()}: {'yes' if flag else 'no' if flag is False else 'unknown'}.",
        )
    unknown = sum(1 for v in given.values() if v is None)
    lacking = [(zh, en) for key, zh, en in _CRITERIA if given[key] is False]
    if met >= required:
        draft.step(f"具备{met}项条件,达到要求。", f"Met: {met} of the criteria.")
        status = CheckStatus.MET
    elif met + unknown >= required:
        draft.step(
            f"尚有{unknown}项条件未知,无法确定。",
            f"Unknown: {unknown} criteria are not known.",
        )
        status = CheckStatus.UNKNOWN
    else:
        draft.step(
            f"未达到:不具备{'、'.join(zh for zh, _ in lacking)}。",
            f"Not met: lacks {' and '.join(en for _, en in lacking)}.",
        )
        status = CheckStatus.NOT_MET
    return draft.finish(status, value=met, required=required)


# ---------------------------------------------------------------------- credit
def credit_check(
    policy: Policy,  # noqa: ARG001 - every check takes the policy first
    *,
    unit: str,
    on: pendulum.Date,
    broke_commitment: bool | None,
    serious: bool | None = None,
) -> Check:
    """Check a unit (or person) against the credit-commitment system of clause 4.3.

    A unit that does not keep its commitment gets a written warning (书面告诫)
    from the HRSS, commerce, market-regulation and other departments; serious
    cases (情节严重的) are handled per the relevant regulations.

    Args:
        policy: the policy.
        unit: the unit's or person's name.
        on: the day.
        broke_commitment: whether it broke its commitment; ``None`` if unknown.
        serious: whether the breach is serious; only for a broken commitment.

    Raises:
        InvalidArgumentError: *unit* is empty, a flag is not a bool or ``None``,
            or *serious* is given for a commitment not known to be broken.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> check = credit_check(lb.Policy.shaanxi(entry_points=False), unit="某协会",
        ...                      on=pendulum.Date(2024, 1, 1), broke_commitment=True, serious=True)
        >>> check.status.value, [s.zh for s in check.steps][-2:]
        ('not_met', ['由人社、商务、市场监管等部门书面告诫。', '情节严重的,依据有关规定给予处理:本案情节严重。'])

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    unit = _text_arg(unit, "unit")
    broke = _flag_arg(broke_commitment, "broke_commitment")
    grave = _flag_arg(serious, "serious")
    if grave is not None and broke is not True:
        msg = f"Expected serious=None unless broke_commitment=True but got serious={grave!r}, broke_commitment={broke!r}"
        raise InvalidArgumentError(msg, field="serious")
    draft = _Draft(
        subject=unit,
        subject_zh=unit,
        check="credit_commitment",
        on=on,
        clauses=("4.3",),
        bodies=_CREDIT_BODIES,
    )
    if not _document_in_force(draft):
        return draft.finish(CheckStatus.NOT_IN_FORCE)
    draft.step(
        "第四条第(三)款:行业协会、商会建立劳务品牌信用承诺制度,对不遵守承诺的单位(或个人)实施书面告诫。",
        "Clause 4.3: under the credit-commitment system of industry associations and chambers of "
        "commerce, a unit (or person) that breaks its commitment is warned in writing.",
    )
    if broke is None:
        draft.step("是否遵守承诺未知。", "Whether the commitment was kept is unknown.")
        return draft.finish(CheckStatus.UNKNOWN)
    if not broke:
        draft.step("遵守了承诺。", "The commitment was kept.")
        return draft.finish(CheckStatus.MET)
    draft.step(
        "由人社、商务、市场监管等部门书面告诫。",
        "A written warning (书面告诫) by the HRSS, commerce, market-regulation and other "
        "departments (人社、商务、市场监管等部门).",
    )
    if grave:
        draft.step(
            "情节严重的,依据有关规定给予处理:本案情节严重。",
            "Serious: the case is serious and is handled per the relevant regulations "
            "(情节严重的,依据有关规定给予处理).",
        )
    elif grave is None:
        draft.step(
            "情节是否严重未知;情节严重的,依据有关规定给予处理。",
            "Whether the case is serious is unknown; serious cases are handled per the "
            "relevant regulations.",
        )
    return draft.finish(CheckStatus.NOT_MET)


# ----------------------------------------------------------------- funding tilt
_TILT_LEVELS: Final = frozenset(
    {RecognitionLevel.NATIONAL, RecognitionLevel.PROVINCIAL}
)


def funding_tilt(
    policy: Policy,
    county: str,
    brands: Iterable[Brand],
    *,
    on: pendulum.Date,
    contributed: bool | None,
) -> Check:
    """Check whether a county is due the funding tilt of clause 7.3.

    A county (县(区)) that contributed markedly (突出贡献) to cultivating brands
    recognised at national or provincial level gets a favourable weighting
    (倾斜) in the allocation of employment subsidy funds (就业补助资金).
    :attr:`~CheckStatus.MET` iff *contributed* is ``True`` and at least one
    brand of the county holds a national or provincial recognition on *on*.
    Without such a brand the check is :attr:`~CheckStatus.NOT_MET` whatever
    *contributed* says; with one and *contributed* ``None`` it is unknown.
    The size of the tilt is delegated (:data:`~labourbrand.policy.DELEGATED_TO`)
    and the check says who sets it: it is not zero.

    Raises:
        InvalidArgumentError: *county* is not a county-level unit's code, an
            item is not a brand, a name repeats, or *contributed* is not a
            bool or ``None``.
        UnknownRegionError: *county* is not in the registry.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> check = funding_tilt(lb.Policy.shaanxi(entry_points=False), "610924",
        ...     lb.brands.packaged(), on=pendulum.Date(2024, 1, 1), contributed=True)
        >>> check.status.value, check.value
        ('met', 1)

    .. versionadded:: 0.1.0
    """
    on = as_date(on)
    region = _county(policy, county)
    given = _flag_arg(contributed, "contributed")
    active, _ = _active(brands, on)
    recognised = [
        b.name_zh
        for b in active
        if b.county == region.code
        and any(r.level in _TILT_LEVELS and r.held_on(on) for r in b.recognitions)
    ]
    draft = _Draft(
        subject=region.code,
        subject_zh=region.name_zh,
        check="funding_tilt",
        on=on,
        clauses=("7.3",),
        bodies=_bodies("7.3"),
    )
    if not _document_in_force(draft):
        return draft.finish(CheckStatus.NOT_IN_FORCE, value=len(recognised))
    draft.step(
        "第七条第(三)款:被认定的国家级、省级劳务品牌,对培育品牌做出突出贡献的县(区),"
        "在就业补助资金拨付方面给予一定倾斜。",
        "Clause 7.3: a county that contributed markedly to brands recognised at national or "
        "provincial level gets a favourable weighting in employment-subsidy-fund allocation.",
    )
    names = "、".join(recognised) or "无"
    draft.step(
        f"{region.name_zh}于{on.isoformat()}有国家级或省级劳务品牌{len(recognised)}个({names})。",
        f"{region.name_zh} has {len(recognised)} brand(s) recognised at national or provincial "
        f"level on {on.isoformat()} ({names}).",
    )
    if not recognised:
        return draft.finish(CheckStatus.NOT_MET, value=0, required=1)
    label = {True: ("是", "yes"), False: ("否", "no"), None: ("未知", "unknown")}[given]
    draft.step(
        f"该县是否做出突出贡献:{label[0]}。",
        f"Whether the county contributed markedly: {label[1]}.",
    )
    if given is None:
        return draft.finish(CheckStatus.UNKNOWN, value=len(recognised), required=1)
    if not given:
        return draft.finish(CheckStatus.NOT_MET, value=len(recognised), required=1)
    who_zh, who_en = DELEGATED_TO[Measure.FUNDING_TILT]
    draft.step(
        f"倾斜幅度原文未量化(“给予一定倾斜”),由{who_zh}确定(不视为零)。",
        f"The size of the tilt is not quantified (给予一定倾斜); {who_en} ({who_zh}) set it "
        "(not zero).",
    )
    return draft.finish(CheckStatus.MET, value=len(recognised), required=1)
