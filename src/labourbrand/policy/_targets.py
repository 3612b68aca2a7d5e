"""The province's labour-brand targets (clauses 2 and 3.2, and the 2023 programme) (private).

Clause 2 (第二部分) sets targets for the end of the 14th Five-Year Plan: at least
100 brands, one county, one brand (一县一品牌) and at least 10 nationally
known brands; clause 3.2 asks for at least 10 in each of four categories; the
2023 programme 陕人社发〔2023〕35号 numbers the provincial, city-level and
county-level recognitions. :func:`targets` checks them all against a set of
brands on one day, one :class:`~labourbrand.policy.Check` per target, in a
:class:`TargetsReport`; :func:`target_label` names each target.

The targets count brands cultivated (培育创建) by the day (``COUNTED``); an
exit from the resource pool does not undo a brand's cultivation, so by
default a brand that has left the pool still counts, and under the reading
``exited_brand_targets = "not_counted"`` it does not. The packaged brands
(:func:`labourbrand.brands.packaged`) are a sample of the province's brands
(26 of the 168 reported on 2026-01-21) and carry no lifecycle record: every
one is ``discovered`` and counts in no target.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(entry_points=False)
    >>> report = targets(policy, lb.brands.packaged(), on=pendulum.Date(2026, 1, 21))
    >>> total = report["target_brands_total"]
    >>> total.status.value, total.value, len(report.counties_without_brand)
    ('not_met', 0, 107)
    >>> print(total.steps[0].en)
    26 more brands were only discovered (摸排发现) on the day, not yet cultivated (培育创建), and are not counted.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import html

# attrs annotates each tuple field of __init__ as its converter's argument,
# Iterable[Any]: imported at run time so that documentation tools resolve it.
from collections.abc import Iterable  # noqa: TC003
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._model import Brand, Category, Stage
from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._check import (
    Check,
    CheckDraft,
    CheckStatus,
    clause_bodies,
    compare_count,
    county_unit,
    distinct_brands,
    got,
    lang_is_zh,
    parameter_use,
    require_parameter,
    to_tuple,
)
from labourbrand.policy._targets_counted import (
    DISCOVERED,
    EXITED,
    EXITED_IN_TARGETS,
    LEVEL_TARGETS,
    STAGE_CODES,
    TALLIES,
    brand_row,
    counted,
)
from labourbrand.policy._targets_county import county_target, per_county


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from labourbrand.policy._engine import Policy


__all__ = [
    "TargetsReport",
    "county_brand_counts",
    "target_label",
    "targets",
]
# report() is shared with _targets_batch; what is counted is in _targets_counted.

#: The 2023 programme and the bodies that issued it (省人社厅、省财政厅).
_PROGRAMME_2023: Final = "陕人社发〔2023〕35号"
_PROGRAMME_2023_BODIES: Final = ("省人力资源社会保障厅", "省财政厅")
#: Clause 2 names no body; clause 7.1 makes the HRSS departments lead (人社部门牵头).
#: Part 二 names no body; 7.1 makes the HRSS departments lead (人社部门牵头):
#: the body shown is inferred from it, and says so.
_TARGET_BODIES: Final = ("省人力资源社会保障厅(据第七部分第(一)项“人社部门牵头”推定)",)


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


def target_label(name: str, *, lang: str = "en") -> str:
    """Return the label of the target with check id *name*, in ``"en"`` or ``"zh"``.

    The ids are those of the checks of a :class:`TargetsReport` (and of its
    :meth:`~TargetsReport.table`, which shows these labels), e.g.
    ``"target_brands_per_county"`` or ``"target_per_category.skilled"``.

    Args:
        name: the target's check id.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        The label, e.g. ``"one county, one brand"`` or ``"一县一品牌"``.

    Raises:
        InvalidArgumentError: *name* is not the id of a target, or *lang* is
            neither ``"en"`` nor ``"zh"``.

    Example:
        >>> target_label("target_brands_per_county", lang="zh")
        '一县一品牌'
        >>> target_label("target_per_category.skilled")
        'mid- and high-end skilled brands'

    .. versionadded:: 0.1.0
    """
    key: object = name  # callers may pass anything at run time
    labels = _TARGET_LABELS.get(key) if isinstance(key, str) else None
    if labels is None:
        names = ", ".join(_TARGET_LABELS)
        msg = f"Expected the id of a target among {names} but got {got('name', name)}"
        raise InvalidArgumentError(msg, field="name")
    zh, en = labels
    return zh if lang_is_zh(lang) else en


def county_brand_counts(
    policy: Policy, brands: Iterable[Brand], *, on: DayLike | None = None
) -> Mapping[str, int]:
    """Count the cultivated brands of every county-level unit, zeros included, in code order.

    A brand counts as the targets count it: once cultivated
    (培育创建), whatever its stage after, an exit from the resource pool
    included unless the reading of ``exited_brand_targets`` in force is
    ``not_counted``; a brand only discovered (摸排发现) does not count.
    Brands whose county is unknown fill no county.

    Args:
        policy: the policy (its region registry and readings).
        brands: the brands; each once (by :attr:`~labourbrand.Brand.id`).
        on: the day; by default, the brands' current stages.

    Returns:
        A read-only mapping of the 107 county codes to their brand counts.

    Raises:
        InvalidArgumentError: an item is not a :class:`~labourbrand.Brand`, an
            id repeats, or a brand's county is not a county-level unit.
        UnknownRegionError: a brand's county is not in the registry.

    Example:
        The packaged brands are a sample of the province's brands (see
        :func:`labourbrand.brands.packaged`) and carry no lifecycle record:
        each is ``discovered``, and none counts. Imported as cultivated, here
        from the issue day for illustration
        (:func:`~labourbrand.lifecycle.import_record`), they fill 22 counties:

        >>> import pendulum
        >>> import labourbrand as lb
        >>> from labourbrand.lifecycle import Authority, Stage, import_record
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> sum(county_brand_counts(policy, lb.brands.packaged()).values())
        0
        >>> day = pendulum.Date(2022, 4, 29)
        >>> cultivated = [import_record(b, stage=Stage.CULTIVATING, since=day, imported_on=day,
        ...     by=Authority.COUNTY_HRSS, source="illustration") for b in lb.brands.packaged()]
        >>> counts = county_brand_counts(policy, cultivated)
        >>> len(counts), counts["610924"], sum(counts.values())
        (107, 1, 22)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Counts cultivated brands, exited ones included unless the reading
       of ``exited_brand_targets`` is ``not_counted``; discovered ones do
       not count.
    """
    on = None if on is None else as_date(on, name="on")
    codes = counted(policy).codes
    counts: dict[str, int] = {r.code: 0 for r in policy.regions.counties()}
    for brand in distinct_brands(brands):
        stage = brand.stage if on is None else brand.stage_on(on)
        if STAGE_CODES[stage] in codes and brand.county is not None:
            counts[county_unit(policy, brand.county).code] += 1
    return MappingProxyType(counts)


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
        One brand established in 2022, which no source describes as
        nationally known or not (:attr:`~labourbrand.Brand.nationally_known`
        ``None``): even if it were, one brand could not reach ten.

        >>> import pendulum
        >>> import labourbrand as lb
        >>> from labourbrand.lifecycle import Authority, Event, transition
        >>> brand = lb.Brand(name_zh="示例品牌", county="610924")
        >>> brand = transition(brand, Event.ESTABLISH, on=pendulum.Date(2022, 6, 1),
        ...                    by=Authority.COUNTY_HRSS)
        >>> report = targets(lb.Policy.shaanxi(entry_points=False), [brand],
        ...                  on=pendulum.Date(2025, 12, 31))
        >>> row = report.table()[0]
        >>> row["check"], row["status"], row["value"], row["required"], row["deadline"]
        ('target_brands_total', 'not_met', 1, 100, '2025-12-31')
        >>> row = report.table()[2]
        >>> row["check"], row["status"], row["value"], row["required"]
        ('target_national_known', 'not_met', 0, 10)

    .. versionadded:: 0.1.0
    """

    #: The day.
    on: pendulum.Date = attrs.field(converter=check.day_on)
    #: One check per target, in the order of the class notes.
    checks: tuple[Check, ...] = attrs.field(converter=to_tuple)
    #: The county-level units short of the one-county-one-brand target, in code order.
    counties_without_brand: tuple[str, ...] = attrs.field(converter=to_tuple)

    def __getitem__(self, check: str) -> Check:
        """Return the check with id *check*, e.g. ``"target_provincial"``.

        Raises:
            InvalidArgumentError: no check has that id.
        """
        for item in self.checks:
            if item.check == check:
                return item
        names = ", ".join(c.check for c in self.checks)
        msg = f"Expected a check id among {names} but got {got('check', check)}"
        raise InvalidArgumentError(msg, field="check")

    def table(self, *, lang: str = "en") -> list[dict[str, object]]:
        """Return one row per target (a tidy table, e.g. for a pandas DataFrame).

        Args:
            lang: ``"en"`` or ``"zh"``, for the column names, labels and statuses.

        Raises:
            InvalidArgumentError: *lang* is neither.
        """
        zh = lang_is_zh(lang)
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
        zh = lang_is_zh(lang)
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


def targets(policy: Policy, brands: Iterable[Brand], *, on: DayLike) -> TargetsReport:
    """Check the province's labour-brand targets against *brands* on day *on*.

    Counting rules:

    * the targets count brands cultivated (培育创建, clause 2: "全省培育创建100个以上
      劳务品牌") by *on*: those whose stage on *on* is past ``discovered``
      (declared once, for the brands and for columns). A brand only
      discovered (摸排发现) is a candidate, not yet a cultivated brand, and
      counts in no target, even with a recognition recorded (the
      recognitions are "从中", from among the cultivated brands: record its
      stage, e.g. with :func:`~labourbrand.lifecycle.import_record`);
    * by default a brand that has left the resource pool still counts:
      clause 3.4's exit is from the pool (退出劳务品牌资源库), and does not
      undo its cultivation; under the reading ``exited_brand_targets =
      "not_counted"`` (:meth:`Policy.shaanxi
      <labourbrand.policy.Policy.shaanxi>`'s ``interpretations``) it counts
      in no target. Every check lists the reading in force, and the total's
      explanation says how many brands had left the pool and what the
      reading did with them;
    * every brand counted counts in the total, including brands whose county
      is unknown;
    * a county is filled by the brands whose county is its code; brands of
      unknown county fill none, but when they are at least as many as the
      counties' shortfall the target is unknown rather than not met;
    * a recognition level counts the brands holding a recognition of exactly
      that level on *on* (:meth:`~labourbrand.Recognition.held`); brands
      whose recognition at that level has neither day nor year might hold it
      and make a shortfall they could close unknown;
    * nationally known (全国知名, clause 2) counts the brands a source
      describes as nationally known (:attr:`~labourbrand.Brand.nationally_known`)
      and those holding a national recognition on *on*: the text's words
      describe renown, which a national recognition shows too; brands not
      known either way (``nationally_known`` ``None`` and no national
      recognition held) make a shortfall they could close unknown;
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
        InvalidArgumentError: an item is not a brand, an id repeats, or a
            brand's county is not a county-level unit.
        UnknownRegionError: a brand's county is not in the registry.

    Example:
        The packaged brands are a sample and carry no lifecycle record: all
        are ``discovered``, and count in no target. Imported as in the pool
        (:func:`~labourbrand.lifecycle.import_record`, here from the issue
        day for illustration), they count, with the recognitions they hold:
        on 2023-06-01 the only provincial recognition recorded (柞水耳农's)
        has no date, so the provincial "batch" is unknown; on 2025-12-31 the
        2025 batch, issued by 2025-12-06, counts.

        >>> import pendulum
        >>> import labourbrand as lb
        >>> from labourbrand.lifecycle import Authority, Stage, import_record
        >>> policy = lb.Policy.shaanxi(entry_points=False)
        >>> on = pendulum.Date(2023, 6, 1)
        >>> targets(policy, lb.brands.packaged(), on=on)["target_brands_total"].value
        0
        >>> day = pendulum.Date(2022, 4, 29)
        >>> pooled = [import_record(b, stage=Stage.IN_POOL, since=day, imported_on=day,
        ...     by=Authority.PROVINCIAL_HRSS, source="illustration") for b in lb.brands.packaged()]
        >>> report = targets(policy, pooled, on=on)
        >>> report["target_brands_total"].value
        26
        >>> [report[c].status.value for c in ("target_provincial", "target_county_level")]
        ['unknown', 'not_in_force']
        >>> report = targets(policy, pooled, on=pendulum.Date(2025, 12, 31))
        >>> report["target_provincial"].value
        15

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Counts cultivated brands (stage past ``discovered``), exited ones
       included unless the reading of ``exited_brand_targets`` is
       ``not_counted``. Nationally known counts
       :attr:`~labourbrand.Brand.nationally_known` and national recognitions;
       undated recognitions are unknown.
    """
    on = as_date(on, name="on")
    counts_brand = counted(policy)
    given = [(brand, brand_row(brand, on)) for brand in distinct_brands(brands)]
    chosen = [(brand, row) for brand, row in given if counts_brand.holds(row)]
    counts = county_brand_counts(policy, [brand for brand, _ in chosen], on=on)
    rows = [row for _, row in chosen]
    every = [row for _, row in given]
    return report(
        policy,
        on=on,
        counted=len(rows),
        discovered=DISCOVERED.of_rows(every),
        exited=EXITED.of_rows(every),
        counts=counts,
        tallies={tally.name: tally.of_rows(rows) for tally in TALLIES},
    )


# ----------------------------------------------------------------- the report
def report(  # noqa: PLR0913 - the numbers of one day, keyword-only
    policy: Policy,
    *,
    on: pendulum.Date,
    counted: int,
    discovered: int,
    exited: int,
    counts: Mapping[str, int],
    tallies: Mapping[str, int],
) -> TargetsReport:
    """The report of every target from the numbers the brands give on *on*.

    *counted* brands count (:func:`counted`); of the brands given,
    *discovered* were only discovered on *on* and *exited* had left the
    resource pool (:data:`DISCOVERED`, :data:`EXITED`); *counts* is every
    county's count of the brands counted (zeros included, in code order);
    *tallies* the numbers of :data:`TALLIES`, among them. Both
    :func:`targets` and the batch path call it: the targets' rules are here
    alone.
    """
    province = policy.regions.province
    deadline_entry = policy.parameters.at(on).get("target_deadline")
    deadline = (
        deadline_entry.value
        if deadline_entry is not None and type(deadline_entry.value) is pendulum.Date
        else None
    )

    def draft(check: str, clause: str) -> CheckDraft:
        d = CheckDraft(
            subject=province.code,
            subject_zh=province.name_zh,
            check=check,
            on=on,
            clauses=(clause,),
            bodies=clause_bodies(clause) or _TARGET_BODIES,
        )
        # Every target counts the brands counted, by the reading of exits in force.
        d.reading(policy, EXITED_IN_TARGETS)
        return d

    def finish(
        d: CheckDraft, status: CheckStatus, value: int, required: int | None
    ) -> Check:
        if any(use.reference == _PROGRAMME_2023 for use in d.parameters):
            d.bodies = tuple(dict.fromkeys((*d.bodies, *_PROGRAMME_2023_BODIES)))
        _deadline_step(d, deadline)
        if deadline_entry is not None:
            d.parameters.append(parameter_use("target_deadline", deadline_entry))
        return d.finish(status, value=value, required=required, deadline=deadline)

    checks: list[Check] = []
    # Clause 2 (第二部分): at least 100 brands province-wide.
    d = draft("target_brands_total", "2")
    if discovered:
        d.step(
            f"另有{discovered}个品牌在该日仅为摸排发现,尚未培育创建,不计入。",
            f"{discovered} more brands were only discovered (摸排发现) on the day, "
            "not yet cultivated (培育创建), and are not counted.",
        )
    if exited:
        _exited_step(d, policy, exited)
    checks.append(
        _count_target(
            d,
            policy,
            "target_brands_total",
            counted,
            finish,
            what=_TARGET_LABELS["target_brands_total"],
        )
    )
    # 第二部分: 实现“一县一品牌”
    checks.append(
        county_target(
            draft("target_brands_per_county", "2"),
            policy,
            tallies["no_county"],
            counts,
            finish,
        )
    )
    # 第二部分: 打造10个以上全国知名劳务品牌. 全国知名 describes renown, not a
    # recognition (认定): brands described so, and brands recognised
    # nationally, which are known nationally too.
    d = draft("target_national_known", "2")
    d.step(
        "“全国知名”计入来源称为全国知名的品牌和当日持有国家级认定的品牌"
        "(全国知名是对品牌的描述,不是认定;国家级认定亦表明全国知名)。",
        "Nationally known (全国知名) counts the brands a source describes as "
        "nationally known and those holding a national recognition on the day "
        "(the words describe a brand's renown, not a recognition; a national "
        "recognition shows it too).",
    )
    checks.append(
        _count_target(
            d,
            policy,
            "target_national_known",
            tallies["national_known"],
            finish,
            what=_TARGET_LABELS["target_national_known"],
            unknown=tallies["national_known.unknown"],
            unknown_what=(
                "不知是否全国知名的品牌",
                "brands not known to be nationally known or not",
            ),
        )
    )
    # Levels (2023 programme): the brands holding exactly that level on the day.
    level_checks = {
        name: _count_target(
            draft(name, "2"),
            policy,
            name,
            tallies[f"held.{level.value}"],
            finish,
            what=_TARGET_LABELS[name],
            unknown=tallies[f"held.{level.value}.unknown"],
            unknown_what=(
                f"认定日期不详的{_TARGET_LABELS[name][0]}",
                f"{_TARGET_LABELS[name][1]} recognised on an unknown day",
            ),
        )
        for name, level in LEVEL_TARGETS[1:]
    }
    # 第三部分第(二)项: 每类打造10个以上
    for category in Category:
        name = f"target_per_category.{category.value}"
        checks.append(
            _count_target(
                draft(name, "3.2"),
                policy,
                "target_per_category",
                tallies[f"category.{category.value}"],
                finish,
                what=_TARGET_LABELS[name],
                unknown=tallies["category.unknown"],
                unknown_what=("品牌类别未知", "brands of unknown category"),
            )
        )
    checks += level_checks.values()
    threshold = per_county(policy, on)
    short = tuple(code for code, n in counts.items() if n < threshold)
    return TargetsReport(on=on, checks=checks, counties_without_brand=short)


def _exited_step(d: CheckDraft, policy: Policy, exited: int) -> None:
    """Say what the reading in force did with the *exited* brands that had left the pool."""
    if counted(policy).holds({"stage": STAGE_CODES[Stage.EXITED]}):
        d.step(
            f"计入的品牌中{exited}个已退出劳务品牌资源库;退出资源库不改变其已培育创建,仍计入。",
            f"{exited} of the brands counted had left the resource pool; leaving "
            "the pool does not undo their cultivation (培育创建), so they count.",
        )
    else:
        d.step(
            f"另有{exited}个品牌已退出劳务品牌资源库;按所选解读,"
            "已退出资源库的品牌不计入任何目标。",
            f"{exited} more brands had left the resource pool; under the reading "
            "chosen, a brand out of the pool counts in no target.",
        )


def _count_target(  # noqa: PLR0913 - the parts of one target, all keyword after the count
    d: CheckDraft,
    policy: Policy,
    parameter: str,
    value: int,
    finish: Callable[[CheckDraft, CheckStatus, int, int | None], Check],
    *,
    what: tuple[str, str],
    unknown: int = 0,
    unknown_what: tuple[str, str] = ("", ""),
) -> Check:
    entry = require_parameter(policy, d, parameter)
    if entry is None:
        return finish(d, CheckStatus.NOT_IN_FORCE, value, None)
    status, required = compare_count(
        d, value, entry, what=what, unknown=unknown, unknown_what=unknown_what
    )
    return finish(d, status, value, required)


def _deadline_step(d: CheckDraft, deadline: pendulum.Date | None) -> None:
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
