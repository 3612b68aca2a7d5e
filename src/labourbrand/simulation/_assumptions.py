"""The assumptions of the population model: every rate, share and delay, named (private).

The policy text says what happens to a labour brand (劳务品牌) and who decides;
it does not say how often or how fast. Those numbers are **assumptions**, and
each is a field of :class:`Assumptions` with its unit and its basis:

- *sourced*: taken from a public source (``labourbrand/data/SOURCES.md``);
- *calibrated*: chosen so that the baseline reproduces a reported figure
  (see the calibration on :class:`Assumptions`);
- *assumed*: a judgement, with the reason given; change it and see.

Every other number of the model comes from the :class:`~labourbrand.policy.Policy`
of the scenario: the award threshold and cap (dated parameters), the award
amounts (city plugins), the targets, the lifecycle's stages and events.

The calibration of the defaults against the reported figures, and its limits,
are documented on :class:`Assumptions`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, final

import attrs

from labourbrand._validators import got
from labourbrand.dates import PLAUSIBLE_DAYS
from labourbrand.exceptions import InvalidArgumentError


__all__ = ["Assumptions"]

#: The largest number of candidate slots per county (the tallies use small integers).
MAX_SLOTS_PER_COUNTY: Final = 250
_SHARE_TOLERANCE: Final = 1e-9
_MONTHS_IN_YEAR: Final = 12
#: A mean delay of a million months is "never" within any horizon: the
#: longest a delay may be set to, to switch a step off.
_NEVER_MONTHS: Final = 1e6
_PROBABILITY: Final = (0.0, 1.0)
_DELAY: Final = (0.0, _NEVER_MONTHS)
#: A mean delay of a rate drawn as exponential: positive, at least three days.
_PACE: Final = (0.1, _NEVER_MONTHS)
_YEARS: Final = (PLAUSIBLE_DAYS.first_day.year, PLAUSIBLE_DAYS.last_day.year)


def _number(x: float) -> str:
    """``1,000,000`` rather than ``1e+06``; ``0.1`` as it is."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _range(bounds: tuple[float, float], unit: str) -> str:
    low, high = bounds
    return f"from {_number(low)} to {_number(high)} {unit}"


def _fits(value: object, bounds: tuple[float, float]) -> bool:
    """Whether *value* is a number within *bounds* (an int if both bounds are ints)."""
    low, high = bounds
    if type(low) is int and type(high) is int:
        ok = type(value) is int
    else:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    # NaN compares false with everything, so it is outside.
    return ok and low <= value <= high  # type: ignore[operator]  # a number, checked


def _plausible(
    _instance: object,
    attribute: attrs.Attribute[Any],
    value: Any,  # noqa: ANN401 - anything a caller passed
) -> None:
    """Accept a number within the field's plausible range (its metadata)."""
    bounds = attribute.metadata["plausible"]
    if not _fits(value, bounds):
        what = _range(bounds, attribute.metadata["unit"])
        msg = f"Expected a number {what}, the plausible range, but got {got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _plausible_each(size: int | None) -> Any:  # noqa: ANN401 - an attrs validator
    """Accept a tuple (of *size* items, if given) of numbers each within the field's range."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
        bounds = attribute.metadata["plausible"]
        ok = (
            isinstance(value, tuple)
            and (size is None or len(value) == size)
            and all(_fits(v, bounds) for v in value)
        )
        if not ok:
            count = f"{size} numbers" if size is not None else "numbers"
            what = _range(bounds, attribute.metadata["unit"])
            msg = f"Expected a tuple of {count} each {what}, the plausible range, but got {got(attribute.name, value)}"
            raise InvalidArgumentError(msg, field=attribute.name)

    return check


def _summing_to_one(
    _instance: object,
    attribute: attrs.Attribute[Any],
    value: Any,  # noqa: ANN401 - a tuple of shares, checked before
) -> None:
    if abs(sum(value) - 1) > _SHARE_TOLERANCE:
        msg = f"Expected shares summing to 1 but got {got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _as_tuple(value: Any) -> Any:  # noqa: ANN401 - a converter: anything a caller passed
    return tuple(value) if isinstance(value, list) else value


def _meta(unit: str, basis: str, plausible: tuple[float, float]) -> dict[str, object]:
    """A field's unit, basis and plausible range (its bounds included)."""
    return {"unit": unit, "basis": basis, "plausible": plausible}


_ASSUMED: Final = "assumed"
_CALIBRATED: Final = "calibrated"
_SOURCED: Final = "sourced"


@final
@attrs.frozen(kw_only=True)
class Assumptions:
    """The rates, shares and delays of the brand-population model, each named and overridable.

    Every field has a unit and a basis (*sourced*, *calibrated* or *assumed*,
    see :meth:`table`); the comments give the reason for each default. Delays
    are in months and drawn as geometric (whole months, memoryless) with the
    given mean, unless said otherwise; probabilities are per brand.

    Override with :meth:`with_overrides` or :func:`attrs.evolve`; the values are
    checked either way.

    .. rubric:: Calibration

    Two figures were reported (``labourbrand/data/progress.csv``): **158** brands
    by 2025-12 (中国青年报, December 2025) and **168** brands, of which **53**
    provincial, on 2026-01-21 (群众新闻). Nothing else is observed: no monthly
    series, no county counts, no award counts or amounts, no exits. So only two
    quantities were calibrated, one each, and the rest is assumed:

    1. :attr:`~Assumptions.discovery_months_more`, the pace of a county's second
       and later candidates, against the 158 brands at 2025-12;
    2. :attr:`~Assumptions.provincial_recognition_probability` against the 53
       provincial brands on 2026-01-21.

    The search, run once, one parameter at a time, the other at its default
    (``seed=0``, 2,000 runs, horizon 2026-01-21). Figures are the mean and, in
    brackets, the 5 % and 95 % quantiles over runs of the brands cultivated
    (established and not exited) at the end of 2025-12, and of the brands holding
    a provincial recognition on 2026-01-21:

    =========================  =====================  ===========================
    ``discovery_months_more``  brands at 2025-12      90 % interval contains 158?
    =========================  =====================  ===========================
    45                         181.9 (167-197)        no
    55                         168.3 (155-182)        yes
    **65**                     **158.9 (147-171)**    **yes, centred**
    75                         151.9 (141-164)        yes
    85                         146.6 (136-158)        just
    =========================  =====================  ===========================

    ======================================  ========================
    ``provincial_recognition_probability``  provincial on 2026-01-21
    ======================================  ========================
    0.30                                    43.3 (36-51)
    0.35                                    48.0 (40-56)
    **0.40**                                **52.6 (44-61)**
    0.45                                    57.2 (48-67)
    ======================================  ========================

    The baseline's path (means of the same 2,000 runs): 46 brands at the start
    (the 26 packaged ones and about 20 unnamed ones), 85 at the end of 2022, 122
    at the end of 2023, 143 at the end of 2024, 159 at the end of 2025 and 160 on
    2026-01-21. Provincial brands: 53 at 2025-12 and 53 on 2026-01-21: the 15
    brands of the 2025 notice count from 2025-12-06, the day by which the
    notice had been issued (slrbs.com, 2025-12-06;
    :attr:`~labourbrand.Recognition.on_or_before`), as
    :meth:`~labourbrand.policy.Policy.targets` counts them. The search above
    was run when they counted from 2026-01-01; rerun with that dating
    corrected (``seed=0``, 2,000 runs), the default gives 52.6 (44-61)
    provincial brands on 2026-01-21, as in the table, so the calibration
    stands. The discovery pace that
    fits says that, once a county has a brand, it adds another about every five
    to six years; the push for a first brand is much faster (6 months).

    Limits, stated plainly:

    - **Two numbers, many parameters.** Discovery pace, abandonment and the
      initial stock trade off against each other: other combinations fit 158 as
      well. The interval is the model's randomness *given* the assumptions; it is
      not a confidence interval for the real process.
    - **The jump from 158 to 168 in a month** (December 2025 to 21 January 2026)
      is a reporting step (a batch announced at once), which a model of steady
      monthly discovery does not reproduce: the baseline gives about 160 on
      2026-01-21.
    - **Recognitions below provincial level, the workforce and exits are not
      observed at all**; their defaults are assumptions, and so are the award
      counts and the target probabilities that follow from them. The count of
      nationally known brands, in particular, follows
      :attr:`~Assumptions.national_recognition_probability`, a guess; and whether
      *every* county has a brand on the deadline (about 9 % of baseline runs;
      two or three counties short on average) depends on the tails of the
      discovery and establishment delays and on exits, none of them observed.
    - **Designations are incomplete**: only 2 of the 11 national key counties are
      confirmed (略阳县, 镇巴县), so :attr:`~Assumptions.key_county_discovery_factor`
      reaches two counties; the other key counties are *unknown*, not "no", and
      are treated like any county.
    - **Brands of unknown county** (four packaged ones) are placed in a county of
      the city their name gives, or anywhere; they do not count towards a
      county's push for its first brand.

    Example:
        >>> a = Assumptions()
        >>> a.discovery_months_first, a.with_overrides({"abandon_probability": 0.3}).abandon_probability
        (6.0, 0.3)

    .. versionadded:: 0.1.0
    """

    # Discovery: clause 3.1.
    #: Candidate slots per county-level unit (count): the most candidates a
    #: county can find in the horizon beyond its known brands. A bound of the
    #: model, not a behaviour: with six, a baseline run to 2025-12 fills every
    #: slot of about 0.1 counties (five would cost about 0.6 brands at 2025-12).
    #: A run warns (:class:`~labourbrand.exceptions.LabourBrandWarning`) when
    #: more than one county per run runs out: raise it for horizons years
    #: beyond 2025.
    candidate_slots_per_county: int = attrs.field(
        default=6,
        validator=_plausible,
        metadata=_meta("slots", _ASSUMED, (1, MAX_SLOTS_PER_COUNTY)),
    )
    #: Mean months until a county with no brand yet finds its next candidate
    #: (走访摸排, clause 3.1): the first, and the next after each one dropped.
    #: Much shorter than :attr:`discovery_months_more` because clause 2 asks
    #: for "one county, one brand" (一县一品牌): every county is pushed to find
    #: one. Continuous (exponential) times.
    discovery_months_first: float = attrs.field(
        default=6.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _PACE),
    )
    #: Mean months between a county's further candidates, once it has one that
    #: is not dropped. Calibrated against 158 brands at 2025-12 (see the
    #: module documentation).
    discovery_months_more: float = attrs.field(
        default=65.0,
        validator=_plausible,
        metadata=_meta("months", _CALIBRATED, _PACE),
    )
    #: Factor on the discovery rates of the counties *known* to be national or
    #: provincial rural-revitalisation key counties. The text singles them out:
    #: clause 3.2 aims livelihood-security brands at areas including the
    #: national key counties, and clause 4.1 asks every national and
    #: provincial key county for at least one master or expert studio; no
    #: source says how much faster their brands appear, so the factor is
    #: assumed. Only 略阳县 and 镇巴县 are confirmed; unknown is not no.
    key_county_discovery_factor: float = attrs.field(
        default=1.5,
        validator=_plausible,
        metadata=_meta("factor", _ASSUMED, (0.1, 10.0)),
    )
    #: Probability that a county with no packaged brand already had one,
    #: unnamed in the data, established on the start date. The 158 brands are
    #: counted "since the 14th Five-Year Plan" (2021-): some predate the 2022
    #: text. No source gives how many.
    initial_brand_probability: float = attrs.field(
        default=0.2,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )

    # Kinds of candidate: 3.1.
    #: Shares of the three kinds of candidate of clause 3.1 (established
    #: operating system; known but unnamed; scattered), drawn at discovery.
    maturity_shares: tuple[float, float, float] = attrs.field(
        default=(0.3, 0.4, 0.3),
        converter=_as_tuple,
        validator=[_plausible_each(3), _summing_to_one],
        metadata=_meta("shares", _ASSUMED, _PROBABILITY),
    )
    #: Mean months from discovery to establishment (the stage
    #: ``cultivating``, when the county or city takes the candidate into
    #: cultivation) for each kind, assumed longer for a less mature one. The
    #: help clause 3.1 names (a name settled, "抓紧确定劳务品牌名称", for an
    #: unnamed one; "帮助指导制订章程" for a scattered one) is given during
    #: cultivation and is no precondition of it.
    establishment_months: tuple[float, float, float] = attrs.field(
        default=(1.0, 3.0, 6.0),
        converter=_as_tuple,
        validator=_plausible_each(3),
        metadata=_meta("months", _ASSUMED, _DELAY),
    )
    #: Probability that a candidate is never established (dropped after the
    #: survey). It then stays ``discovered``: the lifecycle has no event for a
    #: dropped candidate.
    abandon_probability: float = attrs.field(
        default=0.15,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )

    # Category: 3.2.
    #: Shares of the four categories of clause 3.2 (skilled, service, culture
    #: and tourism, livelihood), drawn at discovery, and for known brands whose
    #: category no source gives (all the packaged ones). The service and
    #: culture-and-tourism shares lean on the packaged names (cooks, carers,
    #: craftspeople); no source classifies Shaanxi's brands.
    category_shares: tuple[float, float, float, float] = attrs.field(
        default=(0.2, 0.3, 0.25, 0.25),
        converter=_as_tuple,
        validator=[_plausible_each(4), _summing_to_one],
        metadata=_meta("shares", _ASSUMED, _PROBABILITY),
    )

    # Recommendation and admission: 3.3, 3.4.
    #: Probability that the county HRSS bureau ever recommends an established
    #: brand upward (择优推荐, clause 3.3): "the best", so not all.
    county_recommendation_probability: float = attrs.field(
        default=0.6,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )
    #: Mean months from establishment to the county's recommendation.
    county_recommendation_months: float = attrs.field(
        default=12.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _DELAY),
    )
    #: Probability that the city recommends a brand the county recommended;
    #: otherwise it is returned to cultivation (退回培育) and not recommended again.
    city_recommendation_probability: float = attrs.field(
        default=0.8,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )
    #: Mean months from the county's recommendation to the city's decision.
    city_recommendation_months: float = attrs.field(
        default=3.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _DELAY),
    )
    #: Probability that the province admits a brand the city recommended to
    #: the resource pool (资源库, clause 3.4); otherwise it is returned.
    admission_probability: float = attrs.field(
        default=0.8,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )
    #: Mean months from the city's recommendation to the province's decision.
    admission_months: float = attrs.field(
        default=3.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _DELAY),
    )

    # Workforce: 4.2.
    #: Median rural workers with signed agreements (签订协议) at establishment,
    #: a lognormal. Sources report about 4 million workers "driven" by about
    #: 160 brands (progress.csv), far more than the signed agreements the award
    #: counts; no source gives signed counts, so the median is assumed.
    signed_workers_median: float = attrs.field(
        default=300.0,
        validator=_plausible,
        metadata=_meta("persons", _ASSUMED, (1.0, 1_000_000.0)),
    )
    #: Standard deviation of the log of the initial signed count: brands are
    #: assumed to range from a few dozen to some thousands of signed workers.
    #: No source gives a brand's signed count; figures reported for a trade
    #: (all the people working in it) are not a brand's.
    signed_workers_sigma: float = attrs.field(
        default=1.0,
        validator=_plausible,
        metadata=_meta("log persons", _ASSUMED, (0.0, 10.0)),
    )
    #: Mean of each brand's monthly log growth of signed workers (1 % a month);
    #: each brand draws its own rate once, so its count grows or declines
    #: steadily: ``signed(m) = floor(initial * exp(rate * months since establishment))``.
    growth_mean: float = attrs.field(
        default=0.01,
        validator=_plausible,
        metadata=_meta("per month", _ASSUMED, (-1.0, 1.0)),
    )
    #: Standard deviation of the brands' monthly log growth rates (a brand
    #: with a negative rate declines, a ground for exit, clause 3.4).
    growth_sd: float = attrs.field(
        default=0.02,
        validator=_plausible,
        metadata=_meta("per month", _ASSUMED, (0.0, 1.0)),
    )

    # Exit: 3.4.
    #: Monthly probability that the city proposes the exit of a brand in the
    #: pool on grounds other than a fall in jobs (training quality, market
    #: competitiveness, recognition; clause 3.4). No exit has been reported.
    exit_proposal_hazard: float = attrs.field(
        default=0.001,
        validator=_plausible,
        metadata=_meta("per month", _ASSUMED, _PROBABILITY),
    )
    #: Extra monthly probability of an exit proposal for a brand whose signed
    #: workforce declines (带动就业人数明显减少, clause 3.4).
    decline_exit_hazard: float = attrs.field(
        default=0.005,
        validator=_plausible,
        metadata=_meta("per month", _ASSUMED, _PROBABILITY),
    )
    #: Probability that the province accepts a proposed exit (otherwise it
    #: retains the brand, which then stays in the pool).
    exit_acceptance_probability: float = attrs.field(
        default=0.8,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )
    #: Months from the city's proposal to the province's decision (fixed).
    exit_decision_months: int = attrs.field(
        default=2,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, (1, 120)),
    )

    # Recognition: clause 2, 2023 programme.
    #: Probability that an established brand is ever recognised at county level.
    #: The 2023 programme's 100 county-level brands suggest most are.
    county_recognition_probability: float = attrs.field(
        default=0.8,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )
    #: Mean months from establishment to the county-level recognition.
    county_recognition_months: float = attrs.field(
        default=9.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _DELAY),
    )
    #: Probability that an established brand is ever recognised at city level.
    city_recognition_probability: float = attrs.field(
        default=0.45,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )
    #: Mean months from establishment to the city-level recognition.
    city_recognition_months: float = attrs.field(
        default=18.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _DELAY),
    )
    #: Probability that an established brand is ever recognised at provincial
    #: level. Calibrated against 53 provincial brands on 2026-01-21.
    provincial_recognition_probability: float = attrs.field(
        default=0.4,
        validator=_plausible,
        metadata=_meta("probability", _CALIBRATED, _PROBABILITY),
    )
    #: Mean months from establishment to the provincial recognition, which
    #: then waits for the next annual batch.
    provincial_recognition_months: float = attrs.field(
        default=12.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _DELAY),
    )
    #: Calendar month of the annual provincial batch, assumed from one
    #: observation: the 2025 notice of the provincial HRSS and finance
    #: departments had been issued by 2025-12-06 (slrbs.com, 2025-12-06). No
    #: source dates the batches of 2022 to 2024 or says that they are annual.
    provincial_batch_month: int = attrs.field(
        default=12,
        validator=_plausible,
        metadata=_meta("month", _ASSUMED, (1, _MONTHS_IN_YEAR)),
    )
    #: Years whose provincial batch the packaged brands list in full: not
    #: simulated again (2025: the 15 brands of the notice, all packaged).
    provincial_batches_known: tuple[int, ...] = attrs.field(
        default=(2025,),
        converter=_as_tuple,
        validator=_plausible_each(None),
        metadata=_meta("years", _SOURCED, _YEARS),
    )
    #: Probability that a provincial brand later becomes nationally known
    #: (全国知名, the target of clause 2), modelled as a national-level event
    #: (a recognition or a selection). A guess: the 2022 text describes five
    #: Shaanxi brands as nationally known, and the packaged brands
    #: described so start as nationally known.
    national_recognition_probability: float = attrs.field(
        default=0.2,
        validator=_plausible,
        metadata=_meta("probability", _ASSUMED, _PROBABILITY),
    )
    #: Mean months from the provincial recognition to the national one, which
    #: then waits for the next annual batch.
    national_recognition_months: float = attrs.field(
        default=24.0,
        validator=_plausible,
        metadata=_meta("months", _ASSUMED, _DELAY),
    )
    #: Calendar month of the annual national batch (assumed December too).
    national_batch_month: int = attrs.field(
        default=12,
        validator=_plausible,
        metadata=_meta("month", _ASSUMED, (1, _MONTHS_IN_YEAR)),
    )

    def with_overrides(self, overrides: Mapping[str, object]) -> Assumptions:
        """Return a copy with the fields named in *overrides* replaced.

        Raises:
            InvalidArgumentError: a name is not a field, or a value is out of
                its domain (every unknown name is listed).

        Example:
            >>> Assumptions().with_overrides({"growth_mean": 0.02}).growth_mean
            0.02
        """
        given: object = overrides  # callers may pass anything at run time
        if not isinstance(given, Mapping):
            msg = f"Expected a mapping of assumption names to values but got {got('overrides', given)}"
            raise InvalidArgumentError(msg, field="assumptions")
        names = {a.name for a in attrs.fields(Assumptions)}
        unknown = sorted(str(k) for k in given if k not in names)
        if unknown:
            msg = f"Expected assumption names among {', '.join(sorted(names))} but got {', '.join(unknown)}"
            raise InvalidArgumentError(msg, field=unknown[0])
        changes: dict[str, Any] = {str(k): v for k, v in given.items()}
        return attrs.evolve(self, **changes)

    @staticmethod
    def table() -> list[dict[str, object]]:
        """Return one row per field: name, default, unit, basis and plausible range.

        The plausible range (bounds included) is declared once, beside the
        default; a value outside it is refused, with the range in the message.

        Example:
            >>> row = Assumptions.table()[0]
            >>> row["name"], row["unit"], row["plausible"]
            ('candidate_slots_per_county', 'slots', (1, 250))

        .. versionchanged:: 0.2.0
           The ``plausible`` column.
        """
        return [
            {
                "name": a.name,
                "default": a.default,
                "unit": a.metadata["unit"],
                "basis": a.metadata["basis"],
                "plausible": a.metadata["plausible"],
            }
            for a in attrs.fields(Assumptions)
        ]


def as_assumptions(value: Assumptions | Mapping[str, object]) -> Assumptions:
    """Return *value* as :class:`Assumptions`: a mapping overrides the defaults."""
    if isinstance(value, Assumptions):
        return value
    return Assumptions().with_overrides(value)
