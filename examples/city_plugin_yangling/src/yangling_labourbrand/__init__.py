"""Which jurisdiction's rule applies: 杨凌示范区, and a county inside a city.

Clause 4.2 of 陕人社发〔2022〕13号 leaves the amount of the one-time employment
award (吸纳就业一次性奖补) to the city-level finance and HRSS bureaus
(具体由市级财政、人社部门制定), so a rule for it belongs to a city-level unit; a
county sets its own only where its city's rule delegates to it
(``Rule.delegates_to``). For a brand, labourbrand uses the rule of the most
specific jurisdiction in force: county > city-level unit. This plugin shows
the two cases where that matters:

- **杨凌示范区** has no code of its own: its territory is 杨陵区 (610403), which
  GB/T 2260 lists under 咸阳市 (610400), but the zone acts as the city-level
  unit. A rule for the zone key ``"yangling"`` therefore sets the amount in
  610403, even when 咸阳市 has a rule of its own.
- **A county inside a city**: 西安市's rule (610100) delegates to 周至县
  (610124), whose own rule then applies in 周至县 only; 西安市's other
  counties, such as 蓝田县 (610122), keep the city's amount.

One plugin supplies all three rules, to keep the example in one package;
in practice the 西安 rules would come from 西安's own plugin. Each
jurisdiction still has one author per measure: another plugin with an
employment-award rule for ``"yangling"``, 610100 or 610124 is refused.

**The amounts are ILLUSTRATIVE.** No Shaanxi city has published the amount of
its employment award; every rule is marked ``illustrative=True``.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(plugins=[plugin], entry_points=False)
    >>> workforce = [lb.WorkforceObservation(on=pendulum.Date(2023, 6, 30),
    ...     practitioners=900, rural=800, rural_signed=520)]
    >>> def amount(county):
    ...     brand = lb.Brand(name_zh="示例品牌", county=county, workforce=workforce)
    ...     return str(policy.employment_award(brand, on=pendulum.Date(2023, 7, 1)).amount)
    >>> amount("610403"), amount("610124"), amount("610122")
    ('¥80,000.00', '¥150,000.00', '¥120,000.00')
"""

from __future__ import annotations

from typing import Final, final

from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule


__all__ = [
    "FIRST_DAY",
    "REFERENCE",
    "XIAN",
    "XIAN_AWARD",
    "YANGLING",
    "YANGLING_AWARD",
    "ZHOUZHI",
    "ZHOUZHI_AWARD",
    "Yangling",
    "plugin",
]

#: The plugin's version; the distribution's version is read from here.
__version__ = "1.0.0"

#: The zone key of 杨凌示范区, the city-level unit of 杨陵区 (610403).
YANGLING: Final = "yangling"
#: 西安市's GB/T 2260 code.
XIAN: Final = "610100"
#: 周至县's GB/T 2260 code, a county of 西安市.
ZHOUZHI: Final = "610124"
#: 杨凌示范区's award. ILLUSTRATIVE: no published amount.
YANGLING_AWARD: Final = Fen.from_yuan(80_000)
#: 西安市's award, for its counties without a rule of their own. ILLUSTRATIVE.
XIAN_AWARD: Final = Fen.from_yuan(120_000)
#: 周至县's award, overriding 西安市's in 周至县. ILLUSTRATIVE.
ZHOUZHI_AWARD: Final = Fen.from_yuan(150_000)
#: The first day of every rule here (illustrative).
FIRST_DAY: Final = "2023-01-01"
#: What the rules cite: no document sets these amounts.
REFERENCE: Final = "illustrative: no published amount"


def _award(
    jurisdiction: str, amount: Fen, *, delegates_to: tuple[str, ...] = ()
) -> Rule:
    """A flat, open-ended, illustrative employment-award rule."""
    return Rule(
        measure=Measure.EMPLOYMENT_AWARD,
        jurisdiction=jurisdiction,
        first_day=FIRST_DAY,
        formula=Flat(amount),
        reference=REFERENCE,
        illustrative=True,
        delegates_to=delegates_to,
    )


@final
class Yangling:
    """Rules of 杨凌示范区, and of 西安市 with a 周至县 override (all illustrative)."""

    #: The plugin's name, the same as its entry point's name.
    name = "yangling"
    #: The plugin's version, shown in every decision that uses its rules.
    __version__ = __version__

    @hookimpl
    def labourbrand_rules(self) -> tuple[Rule, ...]:
        """Return the three flat employment-award rules, from 2023-01-01.

        Returns:
            Rules for ``"yangling"`` (80,000 yuan), 西安市 610100
            (120,000 yuan, delegating to 周至县) and 周至县 610124 (150,000
            yuan), all illustrative.
        """
        return (
            _award(YANGLING, YANGLING_AWARD),
            _award(XIAN, XIAN_AWARD, delegates_to=(ZHOUZHI,)),
            _award(ZHOUZHI, ZHOUZHI_AWARD),
        )


#: The object the ``labourbrand`` entry point names.
plugin: Final = Yangling()
