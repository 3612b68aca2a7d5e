"""Checks of the text for one subject and one day: :class:`Check` and its draft (private).

The text does not only pay awards: it sets province-wide targets
(:mod:`~labourbrand.policy._targets`), obligations of every county and the
funding tilt (:mod:`~labourbrand.policy._county_duties`), the exit assessment
of the resource pool (:mod:`~labourbrand.policy._exit`), and the criteria of
a leading enterprise and the credit-commitment system
(:mod:`~labourbrand.policy._conduct`). Each of those answers one question for
one subject and one day with a :class:`Check` that explains itself like a
:class:`~labourbrand.policy.Decision`: status, clause ids, bilingual steps,
the dated parameter values used and the responsible bodies the text names.

This module holds what they share: :class:`CheckStatus`, :class:`Check`, the
:class:`CheckDraft` a check is assembled in, the shared steps (a rule not in
force, a threshold the text may leave without a number, the county a code
names) and the argument checks.

Unknown is a value: a fact that is ``None`` makes a check
:attr:`CheckStatus.UNKNOWN` whenever the answer depends on it, never
:attr:`CheckStatus.NOT_MET`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import pendulum

from labourbrand import _validators
from labourbrand._model import Brand, Stage
from labourbrand._validators import day_on, language, optional_day_deadline
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._check_status import CheckStatus
from labourbrand.policy._clauses import clauses as _clause_registry
from labourbrand.policy._decision import InterpretationUse, ParameterUse, Step
from labourbrand.policy._document import qualify
from labourbrand.policy.documents.shaanxi_2022_13 import DELEGATED_TO, Measure
from labourbrand.policy.documents.shaanxi_2022_13 import ID as SHAANXI_2022_13
from labourbrand.regions import Level


if TYPE_CHECKING:
    from collections.abc import Callable

    from labourbrand.policy._engine import Policy
    from labourbrand.policy._parameters import DatedValue, Parameter
    from labourbrand.regions import Region


# The rest (the draft, the shared steps and the argument checks) is shared by
# the check modules of this package: _targets, _county_duties, _exit, _conduct.
__all__ = ["Check", "CheckStatus"]

_CODE_RE: Final = re.compile(r"\d{6}", re.ASCII)


# ----------------------------------------------------------------- validators
def got(name: str, value: object) -> str:
    return f"{name}={value!r} (type={type(value).__name__})"


def check_text(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected non-empty text but got {got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def check_count(
    _instance: object,
    attribute: attrs.Attribute[Any],
    value: Any,  # noqa: ANN401 - anything a caller passed
) -> None:
    if value is not None and (type(value) is not int or value < 0):
        msg = (
            f"Expected None or a count (int >= 0) but got {got(attribute.name, value)}"
        )
        raise InvalidArgumentError(msg, field=attribute.name)


def check_flag(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if value is not None and type(value) is not bool:
        msg = f"Expected True, False or None (unknown) but got {got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def check_code(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not (isinstance(value, str) and _CODE_RE.fullmatch(value)):
        msg = (
            f"Expected a six-digit GB/T 2260 code but got {got(attribute.name, value)}"
        )
        raise InvalidArgumentError(msg, field=attribute.name)


# What they accept, for the JSON Schemas (labourbrand.serialization.json_schema).
for _house, _own in (
    (_validators.text, check_text),
    (_validators.count, check_count),
    (_validators.code, check_code),
):
    _validators.declare_json_schema(_own, _validators.json_schema_of(_house) or {})


def instance_of(cls: type) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
        if not isinstance(value, cls):
            msg = f"Expected a {cls.__name__} but got {got(attribute.name, value)}"
            raise InvalidArgumentError(msg, field=attribute.name)

    return check


def to_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def typed_arg(kind: type[Any], value: object, name: str) -> Any:  # noqa: ANN401 - returns its argument
    if not isinstance(value, kind):
        msg = f"Expected a {kind.__name__} but got {got(name, value)}"
        raise InvalidArgumentError(msg, field=name)
    return value


def flag_arg(value: object, name: str) -> bool | None:
    if value is not None and type(value) is not bool:
        msg = f"Expected True, False or None (unknown) but got {got(name, value)}"
        raise InvalidArgumentError(msg, field=name)
    return value


def text_arg(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected non-empty text but got {got(name, value)}"
        raise InvalidArgumentError(msg, field=name)
    return value


def not_after(as_of: pendulum.Date, on: pendulum.Date, name: str) -> None:
    # Facts observed after the day asked about say nothing about that day.
    if as_of > on:
        msg = f"Expected facts observed on or before on={on.isoformat()} but got {name}={as_of.isoformat()!r}"
        raise InvalidArgumentError(msg, field=name)


def lang_is_zh(lang: object) -> bool:
    return language(lang) == "zh"


# ---------------------------------------------------------------------- check
@final
@attrs.frozen(kw_only=True)
class Check:
    """The answer to one check of the text for one subject and one day, with its reasons.

    Example:
        >>> import pendulum
        >>> import labourbrand as lb
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> check = policy.leading_enterprise(name="某劳务公司", on=pendulum.Date(2024, 1, 1),
        ...     finances_healthy=True, risk_resilient=None, employment_system_sound=True)
        >>> check.status.value, check.value, check.required
        ('unknown', 2, 3)
        >>> print(check.explain().splitlines()[0])
        某劳务公司 · leading_enterprise_criteria · 2024-01-01 · unknown

    .. versionadded:: 0.1.0
    """

    #: What is checked: a county code, a brand's or unit's name, or the province's code.
    subject: str = attrs.field(validator=check_text)
    #: Its Chinese name (the name itself for a brand or unit).
    subject_zh: str = attrs.field(validator=check_text)
    #: The check's id, e.g. ``"training_projects_per_county"``.
    check: str = attrs.field(validator=check_text)
    #: The day the check is about.
    on: pendulum.Date = attrs.field(converter=day_on)
    #: The status.
    status: CheckStatus = attrs.field(validator=instance_of(CheckStatus))
    #: The clause ids it rests on.
    clauses: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    #: What was observed (a count), if known.
    value: int | None = attrs.field(default=None, validator=check_count)
    #: What is required, if the text sets a number.
    required: int | None = attrs.field(default=None, validator=check_count)
    #: The day by which it is to be met, for a target.
    deadline: pendulum.Date | None = attrs.field(
        default=None, converter=optional_day_deadline
    )
    #: The explanation, step by step, in Chinese and English.
    steps: tuple[Step, ...] = attrs.field(default=(), converter=to_tuple)
    #: The dated parameter values used.
    parameters: tuple[ParameterUse, ...] = attrs.field(default=(), converter=to_tuple)
    #: The responsible bodies, as the text names them.
    bodies: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    #: The readings of contested passages the check used
    #: (:class:`~labourbrand.policy.Interpretation`), in the order asked.
    #:
    #: .. versionadded:: 0.2.0
    interpretations: tuple[InterpretationUse, ...] = attrs.field(
        default=(), converter=to_tuple
    )

    def explain(self, *, lang: str = "en") -> str:
        """Return the check and its steps as text, in ``"en"`` or ``"zh"``.

        Raises:
            InvalidArgumentError: *lang* is neither.
        """
        zh = lang_is_zh(lang)
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
        lines += [
            ("解读:" if zh else "reading: ")
            + f"{u.interpretation} = {u.reading} ({u.chosen_by})"
            for u in self.interpretations
        ]
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
class CheckDraft:
    """A check being assembled: its identity, then its steps and parameters so far.

    The check modules start one, add steps, and :meth:`finish` it with a status.
    """

    subject: str
    subject_zh: str
    check: str
    on: pendulum.Date
    clauses: tuple[str, ...]
    bodies: tuple[str, ...]
    steps: list[Step] = attrs.Factory(list)
    parameters: list[ParameterUse] = attrs.Factory(list)
    interpretations: list[InterpretationUse] = attrs.Factory(list)

    def step(self, zh: str, en: str) -> None:
        self.steps.append(Step(zh, en))

    def reading(self, policy: Policy, interpretation: str) -> str:
        """The reading of *interpretation* in force in *policy*, noted in the check."""
        use = policy.reading(interpretation)
        if use not in self.interpretations:
            self.interpretations.append(use)
        return use.reading

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
            # The checks encode 陕人社发〔2022〕13号: its clause ids, qualified.
            clauses=tuple(qualify(SHAANXI_2022_13, c) for c in self.clauses),
            value=value,
            required=required,
            deadline=deadline,
            steps=self.steps,
            parameters=self.parameters,
            bodies=self.bodies,
            interpretations=self.interpretations,
        )


# --------------------------------------------------------------- shared steps
def clause_bodies(clause_id: str) -> tuple[str, ...]:
    return _clause_registry()[clause_id].bodies


def parameter_use(name: str, entry: DatedValue) -> ParameterUse:
    return ParameterUse.of(name, entry)


def not_in_force_step(draft: CheckDraft, parameter: Parameter) -> None:
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


def require_parameter(
    policy: Policy, draft: CheckDraft, name: str
) -> DatedValue | None:
    """The entry of *name* in force on the draft's day, recorded as used; else a step."""
    entry = policy.parameters.at(draft.on).get(name)
    if entry is None:
        not_in_force_step(draft, policy.parameters[name])
        return None
    draft.parameters.append(parameter_use(name, entry))
    return entry


def document_in_force(draft: CheckDraft) -> bool:
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


def threshold_of(draft: CheckDraft, entry: DatedValue) -> tuple[int, int | None]:
    """The number to reach and the number the text sets (``None``: no number)."""
    if type(entry.value) is int:
        return entry.value, entry.value
    # UNQUANTIFIED: "a batch" (一批) exists but has no number; one is the least batch.
    draft.step(
        "原文只要求“一批”,未规定具体数量:至少1个即视为达到。",
        "The text asks for a batch (一批) and sets no number: at least one counts as met.",
    )
    return 1, None


def compare_count(  # noqa: PLR0913 - the parts of one comparison, all keyword
    draft: CheckDraft,
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
    threshold, required = threshold_of(draft, entry)
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
def county_unit(policy: Policy, code: object) -> Region:
    """The county-level unit with *code*; errors for a malformed, unknown or other code."""
    region = policy.regions[code]  # type: ignore[index]  # checked at run time
    if region.level is not Level.COUNTY:
        msg = (
            f"Expected the code of a county-level unit but got {got('code', code)}: "
            f"{region.name_zh} is a {region.level.value}-level unit"
        )
        raise InvalidArgumentError(msg, field="code")
    return region


def city_body(policy: Policy, county: str | None, measure: Measure) -> str:
    """Who the text delegates *measure* to, named for *county*'s city-level unit."""
    zh, _en = DELEGATED_TO[measure]
    if county is None:
        return zh
    city = policy.regions.name_of(policy.regions.city_level_unit(county))
    # "市级人社部门" of a named city-level unit: "安康市人社部门".
    return f"{city}{zh.removeprefix('市级')}"


# --------------------------------------------------------------------- brands
def _exited(brand: Brand, on: pendulum.Date | None) -> bool:
    """Whether *brand* had left the pool by *on* (by now, if *on* is ``None``)."""
    if on is None:
        return brand.stage is Stage.EXITED
    return brand.stage_on(on) is Stage.EXITED


def distinct_brands(brands: Iterable[Brand]) -> tuple[Brand, ...]:
    """*brands* as a tuple, each a :class:`Brand` and each once (by its stable id)."""
    candidate: object = brands  # callers may pass anything at run time
    if isinstance(candidate, Brand | str) or not isinstance(candidate, Iterable):
        msg = f"Expected an iterable of Brand values but got {got('brands', brands)}"
        raise InvalidArgumentError(msg, field="brands")
    kept: list[Brand] = []
    seen: set[str] = set()
    for index, brand in enumerate(brands):
        typed_arg(Brand, brand, f"brands[{index}]")
        if brand.id in seen:
            msg = (
                f"Expected each brand once (a brand's id is its identity) but got "
                f"id={brand.id!r} twice @ brands[{index}]"
            )
            raise InvalidArgumentError(msg, field=f"brands[{index}]")
        seen.add(brand.id)
        kept.append(brand)
    return tuple(kept)


def active_brands(
    brands: Iterable[Brand], on: pendulum.Date | None
) -> tuple[tuple[Brand, ...], int]:
    """The brands that had not exited the pool by *on*, and how many had."""
    kept: list[Brand] = []
    exited = 0
    for brand in distinct_brands(brands):
        if _exited(brand, on):
            exited += 1
        else:
            kept.append(brand)
    return tuple(kept), exited
