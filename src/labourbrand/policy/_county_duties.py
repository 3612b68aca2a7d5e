"""The duties of every county-level unit: clause 4.1's obligations and clause 7.3's funding tilt (private).

Clause 4.1 (第四部分第(一)项) asks every county for a special
vocational-training collaboration project and every rural-revitalisation key
assistance county for a skill-master or expert studio
(:func:`county_obligations`, from the counts in :class:`CountyFacts`).
Clause 7.3 (第七部分第(三)项) tilts employment subsidy funds towards counties
that contributed markedly to brands recognised at national or provincial
level (:func:`funding_tilt`).

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(entry_points=False)
    >>> facts = CountyFacts(code="610727", training_projects=1, studios=0,
    ...                     as_of=pendulum.Date(2024, 6, 30))
    >>> training, studios = county_obligations(policy, facts, on=pendulum.Date(2024, 7, 1))
    >>> training.status.value, studios.status.value, studios.subject_zh
    ('met', 'not_met', '略阳县')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._model import Brand, RecognitionLevel
from labourbrand.dates import DayLike, as_date
from labourbrand.policy._check import (
    Check,
    active_brands,
    check_code,
    check_count,
    county_unit,
    flag_arg,
    not_after,
    typed_arg,
)
from labourbrand.policy._check_interpret import county_subject, decide_check


if TYPE_CHECKING:
    from collections.abc import Iterable

    from labourbrand.policy._engine import Policy


__all__ = ["CountyFacts", "county_obligations", "funding_tilt"]


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
    code: str = attrs.field(validator=check_code)
    #: Special vocational-training collaboration projects (特色职业培训协同项目), if known.
    training_projects: int | None = attrs.field(default=None, validator=check_count)
    #: Skill-master (技能大师工作室) or expert studios (专家工作室), if known.
    studios: int | None = attrs.field(default=None, validator=check_count)
    #: The day the counts refer to.
    as_of: pendulum.Date = attrs.field(converter=check.day_as_of)


def county_obligations(
    policy: Policy, facts: CountyFacts, *, on: DayLike
) -> tuple[Check, Check]:
    """Check a county-level unit's two obligations of clause 4.1.

    Both are declared in the document (``training_projects_per_county`` and
    ``studios_per_key_county`` of :data:`~labourbrand.policy.documents.shaanxi_2022_13.CHECKS`)
    and decided by the one interpreter; :meth:`Policy.check_batch
    <labourbrand.policy.Policy.check_batch>` decides them for many counties.

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
    on = as_date(on, name="on")
    facts = typed_arg(CountyFacts, facts, "facts")
    region = county_unit(policy, facts.code)
    not_after(facts.as_of, on, "as_of")
    subject = county_subject(
        policy,
        region,
        on=on,
        as_of=facts.as_of,
        counts={"training_projects": facts.training_projects, "studios": facts.studios},
    )
    document = policy.document
    return (
        decide_check(
            policy, document.check("training_projects_per_county"), subject, on=on
        ),
        decide_check(policy, document.check("studios_per_key_county"), subject, on=on),
    )


# ----------------------------------------------------------------- funding tilt
_TILT_LEVELS: Final = frozenset(
    {RecognitionLevel.NATIONAL, RecognitionLevel.PROVINCIAL}
)


def funding_tilt(
    policy: Policy,
    county: str,
    brands: Iterable[Brand],
    *,
    on: DayLike,
    contributed: bool | None,
) -> Check:
    """Check whether a county is due the funding tilt of clause 7.3.

    A county (县(区)) that contributed markedly (突出贡献) to cultivating brands
    recognised at national or provincial level gets a favourable weighting
    (倾斜) in the allocation of employment subsidy funds (就业补助资金).
    :attr:`~CheckStatus.MET` iff *contributed* is ``True`` and at least one
    brand of the county holds a national or provincial recognition on *on*.
    Only recognitions (认定, :class:`~labourbrand.Recognition`) count: a
    brand described as nationally known (:attr:`~labourbrand.Brand.nationally_known`,
    as clause 2 describes five brands) is not thereby recognised. A
    recognition with neither day nor year might be held: with no other, whether
    the county has a recognised brand is unknown.
    Without such a brand the check is :attr:`~CheckStatus.NOT_MET` whatever
    *contributed* says; with one and *contributed* ``None`` it is unknown.
    The size of the tilt is delegated (:data:`~labourbrand.policy.DELEGATED_TO`)
    and the check says who sets it: it is not zero.

    The check is declared in the document (``funding_tilt`` of
    :data:`~labourbrand.policy.documents.shaanxi_2022_13.CHECKS`) and decided
    by the one interpreter; the brands passed give the flag
    ``recognised_brand`` (one of the county's brands holds a national or
    provincial recognition on *on*) and the count ``recognised_brands`` (the
    check's value). :meth:`Policy.check_batch
    <labourbrand.policy.Policy.check_batch>` decides it for many counties
    from those columns and ``contributed``.

    Raises:
        InvalidArgumentError: *county* is not a county-level unit's code, an
            item is not a brand, a name repeats, or *contributed* is not a
            bool or ``None``.
        UnknownRegionError: *county* is not in the registry.

    Example:
        紫阳县's 紫阳修脚师 is nationally known, not recognised; 平利县's
        平利茶农 was recognised at provincial level by 2025-12-06:

        >>> import pendulum
        >>> import labourbrand as lb
        >>> policy, brands = lb.Policy.shaanxi(entry_points=False), lb.brands.packaged()
        >>> check = funding_tilt(policy, "610924", brands, on=pendulum.Date(2026, 1, 1),
        ...                      contributed=True)
        >>> check.status.value, check.value
        ('not_met', 0)
        >>> check = funding_tilt(policy, "610926", brands, on=pendulum.Date(2026, 1, 1),
        ...                      contributed=True)
        >>> check.status.value, check.value
        ('met', 1)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Counts recognitions only, never being nationally known; an undated
       recognition makes the county's recognised brand unknown.
    """
    on = as_date(on, name="on")
    region = county_unit(policy, county)
    given = flag_arg(contributed, "contributed")
    active, _ = active_brands(brands, on)
    # 第七部分第(三)项: 被认定的国家级、省级劳务品牌, held on the day; a
    # recognition (认定) only, never a description such as 全国知名.
    recognised: list[str] = []
    undated = 0
    for b in active:
        if b.county != region.code:
            continue
        held = {r.held(on) for r in b.recognitions if r.level in _TILT_LEVELS}
        if True in held:
            recognised.append(b.name_zh)
        elif None in held:
            undated += 1
    # A recognition with neither day nor year might be held: unknown unless
    # another one is.
    flag = True if recognised else None if undated else False
    subject = county_subject(
        policy,
        region,
        on=on,
        as_of=None,
        counts={"recognised_brands": len(recognised) if flag is not None else None},
        flags={"recognised_brand": flag, "contributed": given},
        names={"recognised_brand_names": "、".join(recognised) or "无"},
    )
    return decide_check(policy, policy.document.check("funding_tilt"), subject, on=on)
