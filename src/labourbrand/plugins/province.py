"""The province's own baseline plugin, registered last like any city's.

The 2022 text sets no amount for any delegated measure: it names who sets it.
So the baseline supplies no amount rule; the engine reports, for each measure,
the body the text names (:data:`labourbrand.policy.DELEGATED_TO`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, final

from labourbrand.plugins.hookspecs import hookimpl


if TYPE_CHECKING:
    from collections.abc import Iterable

    from labourbrand.rules import Rule


__all__ = ["ProvinceBaseline"]


@final
class ProvinceBaseline:
    """The province's baseline: the text's own rules, which delegate every amount."""

    #: Version of the baseline's rules.
    __version__ = "2022.4.29"

    @hookimpl
    def labourbrand_rules(self) -> Iterable[Rule]:
        """Return no amount rule: the 2022 text sets none."""
        return ()
