"""Take 紫阳修脚师 (Ziyang pedicurists) through the lifecycle to the provincial pool.

Run it with ``python examples/ziyang_lifecycle.py``. It prints the brand's
audit trail, one refused event with its message, and the lifecycle diagram
(Mermaid), and exits 0.
"""

from __future__ import annotations

import sys

import attrs
import pendulum

from labourbrand import (
    Authority,
    Brand,
    CreatingUnit,
    CreatingUnitKind,
    Event,
    Maturity,
    WorkforceObservation,
    brands,
    lifecycle,
)
from labourbrand.exceptions import IllegalTransitionError


Date = pendulum.Date


def prepare() -> Brand:
    """Return the packaged 紫阳修脚师 with the facts the lifecycle needs."""
    ziyang = brands.by_name("紫阳修脚师")
    # The packaged data gives the brand's county and that the text describes
    # it as nationally known (clause 2; not a recognition), but no maturity,
    # creating unit or head counts. The values below are ILLUSTRATIVE: no
    # source gives them. The maturity follows the policy text, which names the
    # brand as already nationally known (clause 2), so it has "a relatively
    # mature operating system" (clause 3.1).
    return attrs.evolve(
        ziyang,
        maturity=Maturity.ESTABLISHED,
        creating_unit=CreatingUnit(kind=CreatingUnitKind.INDUSTRY_ASSOCIATION),
        workforce=(
            # Illustrative head counts, not from any source.
            WorkforceObservation(
                on=Date(2022, 6, 30),
                practitioners=1_200,
                rural=900,
                rural_signed=620,
                poverty_alleviated=180,
            ),
            WorkforceObservation(
                on=Date(2023, 6, 30),
                practitioners=1_350,
                rural=1_000,
                rural_signed=710,
                poverty_alleviated=190,
            ),
            WorkforceObservation(
                on=Date(2024, 6, 30),
                practitioners=1_500,
                rural=1_120,
                rural_signed=800,
                poverty_alleviated=200,
            ),
        ),
    )


def run_lifecycle(brand: Brand) -> Brand:
    """Move *brand* to the provincial pool and monitor it once.

    The dates are illustrative as well; the policy (陕人社发〔2022〕13号) dates
    from 2022-04-29, so every event comes after it.
    """
    brand = lifecycle.transition(
        brand, Event.ESTABLISH, on=Date(2022, 5, 16), note="纳入培育创建"
    )
    # Its name needs no NAME_SETTLED event: the policy text of 2022-04-29
    # already names it 紫阳修脚师 (clause 2), and the table refuses to settle a
    # name the brand already has. The charter is a dated event of its own
    # (clause 3.1), which sets has_charter.
    brand = lifecycle.transition(
        brand,
        Event.CHARTER_ADOPTED,
        on=Date(2022, 6, 20),
        by=Authority.COUNTY_HRSS,
        note="指导制订品牌章程",
    )

    # A refused event: the city may only recommend what the county recommended
    # first (clauses 3.3 and 3.4), so the table has no such edge.
    try:
        lifecycle.transition(brand, Event.RECOMMEND_BY_CITY, on=Date(2022, 6, 1))
    except IllegalTransitionError as exc:
        sys.stdout.write(f"Refused, as expected:\n  {exc}\n\n")

    brand = lifecycle.transition(
        brand, Event.RECOMMEND_BY_COUNTY, on=Date(2022, 9, 20), note="紫阳县人社局推荐"
    )
    brand = lifecycle.transition(
        brand, Event.RECOMMEND_BY_CITY, on=Date(2022, 10, 18), note="安康市人社局推荐"
    )
    brand = lifecycle.transition(
        brand, Event.ADMIT, on=Date(2022, 12, 15), note="纳入省级劳务品牌资源库"
    )
    return lifecycle.transition(
        brand,
        Event.MONITOR,
        on=Date(2023, 6, 30),
        by=Authority.COUNTY_HRSS,
        note="回访、问卷",
    )


def audit_table(brand: Brand) -> str:
    """Render *brand*'s audit trail as a Markdown table."""
    lines = [
        "| date | event | from → to | by | clause |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {rec.on.isoformat()} | {rec.event.value} "
        f"| {rec.from_stage.value} → {rec.to_stage.value} | {rec.by.zh} | {rec.basis} |"
        for rec in brand.history
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Run the example and return the exit code."""
    brand = run_lifecycle(prepare())
    sys.stdout.write(f"{brand.name_zh} (county {brand.county}): {brand.stage.zh}\n\n")
    sys.stdout.write("Audit trail:\n\n" + audit_table(brand) + "\n")
    latest = brand.workforce_on(brand.history[-1].on)
    if latest is not None:
        sys.stdout.write(
            f"Workforce on {latest.on.isoformat()} (illustrative): "
            f"{latest.practitioners} practitioners, "
            f"{latest.rural_signed} rural workers with signed agreements\n\n"
        )
    sys.stdout.write("Lifecycle (Mermaid):\n\n" + lifecycle.to_mermaid())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
