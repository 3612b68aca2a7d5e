"""The target of one county, one brand (clause 2 and the 2023 programme) (private).

Clause 2 asks to achieve (实现) one county, one brand; the 2023 programme
(陕人社发〔2023〕35号) to basically achieve it (基本实现) without saying how
many units may fall short (parameter ``target_county_shortfall``). Which units
count is an interpretation (``one_county_one_brand_units``): by default every
county-level unit, urban districts among them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labourbrand.policy._check import (
    CheckStatus,
    parameter_use,
    require_parameter,
    threshold_of,
)
from labourbrand.regions import RegionKind


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import pendulum

    from labourbrand.policy._check import Check, CheckDraft
    from labourbrand.policy._engine import Policy


__all__ = ["county_target", "per_county"]


def per_county(policy: Policy, on: pendulum.Date) -> int:
    """Brands each county needs: the parameter, or one where it sets no number."""
    entry = policy.parameters.at(on).get("target_brands_per_county")
    return entry.value if entry is not None and type(entry.value) is int else 1


def county_target(
    d: CheckDraft,
    policy: Policy,
    no_county: int,
    counts: Mapping[str, int],
    finish: Callable[[CheckDraft, CheckStatus, int, int | None], Check],
) -> Check:
    entry = require_parameter(policy, d, "target_brands_per_county")
    wanted = per_county(policy, d.on)
    units = _county_units(d, policy, counts)
    filled = sum(1 for n in units.values() if n >= wanted)
    total = len(units)
    if entry is None:
        return finish(d, CheckStatus.NOT_IN_FORCE, filled, None)
    threshold_of(d, entry)
    short = total - filled
    d.step(
        f"{total}个县级单位中,{filled}个有不少于{wanted}个劳务品牌,{short}个不足。",
        f"Of the {total} county-level units, {filled} have at least {wanted} brand(s); "
        f"{short} fall short.",
    )
    allowed = _shortfall_allowed(d, policy, short)
    if short <= (0 if allowed is None else allowed):
        return finish(d, CheckStatus.MET, filled, total)
    # The brands it would take to fill all but the *allowed* units shortest of a brand.
    deficits = sorted(wanted - n for n in units.values() if n < wanted)
    need = sum(deficits[: max(0, len(deficits) - (allowed or 0))])
    if no_county:
        could = no_county >= need
        d.step(
            f"另有{no_county}个品牌培育创建地未知,不能计入任何县;"
            f"{'数量足以补足差额,无法确定' if could else '即使全部计入也不足'}。",
            f"{no_county} brands have no known county and fill none; "
            f"{'they are enough to close the gap, so it is unknown' if could else 'even all of them would not close the gap'}.",
        )
        if could:
            return finish(d, CheckStatus.UNKNOWN, filled, total)
    if allowed is None:  # 基本实现: a shortfall, but how much is allowed is not said
        return finish(d, CheckStatus.UNKNOWN, filled, total)
    return finish(d, CheckStatus.NOT_MET, filled, total)


def _county_units(
    d: CheckDraft, policy: Policy, counts: Mapping[str, int]
) -> Mapping[str, int]:
    """The county-level units one county, one brand asks about, by the reading in force."""
    if d.reading(policy, "one_county_one_brand_units") == "all_county_level_units":
        return counts
    units = {
        code: n
        for code, n in counts.items()
        if policy.regions[code].kind is not RegionKind.DISTRICT
    }
    d.step(
        f"按所选解读,只计县和县级市,不计{len(counts) - len(units)}个市辖区。",
        f"Under the reading chosen, only counties and county-level cities count; "
        f"the {len(counts) - len(units)} urban districts do not.",
    )
    return units


def _shortfall_allowed(d: CheckDraft, policy: Policy, short: int) -> int | None:
    """How many units may fall short; ``None`` where the text allows some but says not how many."""
    entry = policy.parameters.at(d.on).get("target_county_shortfall")
    if entry is None:
        return 0
    d.parameters.append(parameter_use("target_county_shortfall", entry))
    if type(entry.value) is int:
        if entry.value:
            d.step(
                f"允许至多{entry.value}个县级单位不足。",
                f"Up to {entry.value} county-level units may fall short.",
            )
        return entry.value
    if short:
        d.step(
            f"{entry.reference}要求“基本实现”一县一品牌,未规定允许多少县级单位不足:"
            f"{short}个不足是否算基本实现,无法确定。",
            f"{entry.reference} asks to basically achieve (基本实现) one county, one "
            f"brand without saying how many units may fall short: whether {short} short "
            "is basically achieved cannot be told.",
        )
    return None
