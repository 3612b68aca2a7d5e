"""A city plugin for labourbrand, to copy: one rule for the one-time employment award.

Clause 4.2 of 陕人社发〔2022〕13号 leaves the amount of the one-time
employment award (吸纳就业一次性奖补) to the city finance and HRSS bureaus.
This plugin supplies it for one city as data: a :class:`~labourbrand.policy.Rule`
with a :class:`~labourbrand.policy.Flat` sum.

To make it your city's, change the four constants below and the plugin's
:attr:`MyCity.name` (see the README).

**The amount is ILLUSTRATIVE.** No Shaanxi city has published the amount of
its employment award; 安康市 (610900) is only a placeholder jurisdiction, and
the rule says so with ``illustrative=True``.

Example:
    >>> import pendulum
    >>> import labourbrand as lb
    >>> policy = lb.Policy.shaanxi(plugins=[plugin], entry_points=False)
    >>> brand = lb.Brand(name_zh="示例品牌", county="610924", workforce=[
    ...     lb.WorkforceObservation(on=pendulum.Date(2023, 6, 30), practitioners=900,
    ...                             rural=800, rural_signed=520)])
    >>> str(policy.employment_award(brand, on=pendulum.Date(2023, 7, 1)).amount)
    '¥50,000.00'
"""

from __future__ import annotations

from typing import Final, final

from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule


__all__ = ["AWARD_YUAN", "FIRST_DAY", "JURISDICTION", "REFERENCE", "MyCity", "plugin"]

#: The plugin's version; the distribution's version is read from here.
__version__ = "0.1.0"

#: Your city's GB/T 2260 code, or a zone key such as ``"yangling"``.
#: 安康市 (610900) is a placeholder.
JURISDICTION: Final = "610900"
#: The award in yuan. ILLUSTRATIVE: no Shaanxi city has published its amount.
AWARD_YUAN: Final = 50_000
#: The first day the amount applies (ISO date), as your document says.
FIRST_DAY: Final = "2023-01-01"
#: The number of the document that sets the amount (文号), e.g. 安人社发〔2023〕1号.
REFERENCE: Final = "illustrative: no published amount"


@final
class MyCity:
    """The city's rules for the measures the province delegates to it.

    The class keeps no state: the hook is called once for each policy built,
    and returns the same rules every time.
    """

    #: The plugin's name, the same as its entry point's name in pyproject.toml.
    name = "mycity"
    #: The plugin's version, shown in every decision that uses its rules.
    __version__ = __version__

    @hookimpl
    def labourbrand_rules(self) -> tuple[Rule, ...]:
        """Return the city's dated rules.

        Returns:
            One rule: a flat one-time employment award (clause 4.2) from
            :data:`FIRST_DAY`, marked illustrative until a document sets it.
        """
        return (
            Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction=JURISDICTION,
                first_day=FIRST_DAY,
                formula=Flat(Fen.from_yuan(AWARD_YUAN)),
                reference=REFERENCE,
                # Set to False only once REFERENCE names a published document.
                illustrative=True,
            ),
        )


#: The object the ``labourbrand`` entry point names.
plugin: Final = MyCity()
