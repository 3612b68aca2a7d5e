"""安康市's one-time employment award, as a labourbrand city plugin (illustrative amount).

Clause 4.2 of 陕人社发〔2022〕13号 grants a one-time employment award
(吸纳就业一次性奖补) to a brand that absorbs at least 500 rural workers with
signed agreements, and leaves the amount to the city finance and HRSS bureaus.
This plugin sets it for 安康市 (610900) and so for every county of the city:
a flat 100,000 yuan per brand from 2023-01-01.

**The amount is ILLUSTRATIVE.** No Shaanxi city has published the amount of
its employment award; the rule cites no document and is marked
``illustrative=True``, so every decision that uses it says so.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(plugins=[plugin], entry_points=False)
    >>> brand = lb.Brand(name_zh="紫阳修脚师", county="610924", workforce=[
    ...     lb.WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900,
    ...                             rural=800, rural_signed=520)])
    >>> decision = policy.employment_award(brand, on=pendulum.Date(2023, 7, 1))
    >>> str(decision.amount), decision.suppliers[0].plugin
    ('¥100,000.00', 'ankang')
"""

from __future__ import annotations

from typing import Final, final

from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule


__all__ = ["ANKANG", "AWARD", "FIRST_DAY", "REFERENCE", "Ankang", "plugin"]

#: The plugin's version; the distribution's version is read from here.
__version__ = "1.0.0"

#: 安康市's GB/T 2260 code.
ANKANG: Final = "610900"
#: The award per brand. ILLUSTRATIVE: no Shaanxi city has published its amount.
AWARD: Final = Fen.from_yuan(100_000)
#: The first day the award applies.
FIRST_DAY: Final = "2023-01-01"
#: What the rule cites: no document sets the amount.
REFERENCE: Final = "illustrative: no published amount"


@final
class Ankang:
    """安康市's rules for the measures the province delegates to the city."""

    #: The plugin's name, the same as its entry point's name.
    name = "ankang"
    #: The plugin's version, shown in every decision that uses its rules.
    __version__ = __version__

    @hookimpl
    def labourbrand_rules(self) -> tuple[Rule, ...]:
        """Return 安康市's rules.

        Returns:
            One rule: the flat one-time employment award (clause 4.2) for
            610900 from 2023-01-01, open-ended and illustrative.
        """
        return (
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction=ANKANG,
                first_day=FIRST_DAY,
                formula=Flat(AWARD),
                reference=REFERENCE,
                illustrative=True,
            ),
        )


#: The object the ``labourbrand`` entry point names.
plugin: Final = Ankang()
