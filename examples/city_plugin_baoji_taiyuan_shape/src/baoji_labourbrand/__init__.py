"""宝鸡市's employment award in the shape of 太原市's rule, as a labourbrand plugin.

Clause 4.2 of 陕人社发〔2022〕13号 leaves the amount of the one-time employment
award (吸纳就业一次性奖补) to the city finance and HRSS bureaus. This plugin
sets it for 宝鸡市 (610300) with a per-brand formula: 500 yuan per person the
brand trained, plus 300 yuan per new job, capped at 200,000 yuan.

**The amounts are ILLUSTRATIVE for 宝鸡市.** No Shaanxi city has published the
amount of its employment award. The *shape* of the rule, its rates and its cap
are those of a published rule of another province's city: 太原市's
《“并州”特色劳务品牌认定及奖补暂行办法》 (太原日报, 2024-08-04), which pays a
并州 brand 500 yuan per person trained and 300 yuan per new job, up to
200,000 yuan. Taiyuan's own conditions (at least 120 new jobs a year; valid
to 2025-12-31) are not carried over: in Shaanxi, clause 4.2's condition (500
rural workers with signed agreements) decides who is eligible, and this rule
only gives the amount.

How the formula counts, for a decision on day ``on``:

- persons trained: :attr:`~labourbrand.WorkforceObservation.trained` of the
  latest head count made on or before ``on``; when it was not counted
  (``None``) the rule gives no amount, since unknown is not zero;
- new jobs: the rise in practitioners from the head count before that one to
  the latest; 0 with a single head count, or when practitioners fell.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(plugins=[plugin], entry_points=False)
    >>> brand = lb.Brand(name_zh="示例品牌", county="610326", workforce=[
    ...     lb.WorkforceObservation(on=pendulum.Date(2023, 12, 31), practitioners=1000,
    ...                             rural=900, rural_signed=600),
    ...     lb.WorkforceObservation(on=pendulum.Date(2024, 6, 30), practitioners=1100,
    ...                             rural=1000, rural_signed=650, trained=120)])
    >>> str(policy.employment_award(brand, on=pendulum.Date(2024, 7, 1)).amount)
    '¥90,000.00'

    120 persons trained at 500 yuan and 100 new jobs at 300 yuan make 90,000 yuan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, final

from labourbrand import Fen, hookimpl
from labourbrand.policy import Measure, Rule


if TYPE_CHECKING:
    import pendulum

    from labourbrand import Brand, WorkforceObservation


__all__ = [
    "BAOJI",
    "CAP",
    "FIRST_DAY",
    "PER_NEW_JOB",
    "PER_PERSON_TRAINED",
    "REFERENCE",
    "Baoji",
    "new_jobs",
    "plugin",
    "taiyuan_shape",
]

#: The plugin's version; the distribution's version is read from here.
__version__ = "1.0.0"

#: 宝鸡市's GB/T 2260 code.
BAOJI: Final = "610300"
#: Per person trained: Taiyuan's rate, ILLUSTRATIVE for 宝鸡市.
PER_PERSON_TRAINED: Final = Fen.from_yuan(500)
#: Per new job: Taiyuan's rate, ILLUSTRATIVE for 宝鸡市.
PER_NEW_JOB: Final = Fen.from_yuan(300)
#: The rule's own cap per brand: Taiyuan's, ILLUSTRATIVE for 宝鸡市
#: (the province's cap of 300,000 yuan applies anyway).
CAP: Final = Fen.from_yuan(200_000)
#: The first day the rule applies (illustrative).
FIRST_DAY: Final = "2024-01-01"
#: What the rule cites: the source of its shape, and that no 宝鸡市 document sets it.
REFERENCE: Final = (
    "illustrative: no published 宝鸡市 amount; shape and rates of 太原市"
    "《“并州”特色劳务品牌认定及奖补暂行办法》(太原日报 2024-08-04)"
)


def new_jobs(brand: Brand, observation: WorkforceObservation) -> int:
    """Return the rise in practitioners up to *observation* from the head count before it.

    Args:
        brand: the brand, whose head counts are in date order.
        observation: the latest head count the decision uses.

    Returns:
        The increase in practitioners, or 0 when *observation* is the brand's
        first head count or practitioners did not rise.

    Example:
        >>> import pendulum
        >>> from labourbrand import Brand, WorkforceObservation
        >>> first = WorkforceObservation(on=pendulum.Date(2023, 12, 31),
        ...                              practitioners=1000, rural=900, rural_signed=600)
        >>> latest = WorkforceObservation(on=pendulum.Date(2024, 6, 30),
        ...                               practitioners=1100, rural=900, rural_signed=600)
        >>> brand = Brand(name_zh="示例品牌", workforce=[first, latest])
        >>> new_jobs(brand, latest), new_jobs(brand, first)
        (100, 0)
    """
    earlier = [o for o in brand.workforce if o.on < observation.on]
    if not earlier:
        return 0
    return max(observation.practitioners - earlier[-1].practitioners, 0)


def taiyuan_shape(
    brand: Brand,
    observation: WorkforceObservation | None,
    on: pendulum.Date,  # noqa: ARG001 - a per-brand formula takes (brand, observation, on)
) -> Fen | None:
    """Return 500 yuan per person trained plus 300 yuan per new job, up to 200,000 yuan.

    A per-brand formula (:data:`labourbrand.policy.BrandFormula`): the engine
    calls it with the brand, its latest head count on or before *on*, and *on*.

    Args:
        brand: the brand the decision is about.
        observation: its latest head count on or before *on*, if any.
        on: the day of the decision.

    Returns:
        The amount, capped at :data:`CAP`; ``None`` without a head count or
        when persons trained were not counted.
    """
    if observation is None or observation.trained is None:
        return None
    total = PER_PERSON_TRAINED * observation.trained + PER_NEW_JOB * new_jobs(
        brand, observation
    )
    return min(total, CAP)


@final
class Baoji:
    """宝鸡市's rules for the measures the province delegates to the city."""

    #: The plugin's name, the same as its entry point's name.
    name = "baoji"
    #: The plugin's version, shown in every decision that uses its rules.
    __version__ = __version__

    @hookimpl
    def labourbrand_rules(self) -> tuple[Rule, ...]:
        """Return 宝鸡市's rules.

        Returns:
            One rule: the one-time employment award (clause 4.2) for 610300
            from 2024-01-01, computed by :func:`taiyuan_shape`, illustrative.
        """
        return (
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction=BAOJI,
                first_day=FIRST_DAY,
                formula=taiyuan_shape,
                reference=REFERENCE,
                illustrative=True,
            ),
        )


#: The object the ``labourbrand`` entry point names.
plugin: Final = Baoji()
