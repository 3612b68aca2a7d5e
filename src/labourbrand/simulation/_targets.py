"""The targets a simulation checks, and their values counted from the monthly stocks (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, final

import attrs
import numpy as np

from labourbrand.simulation import _model


if TYPE_CHECKING:
    import numpy.typing as npt

    from labourbrand.simulation._model import I32, I64, B


__all__ = ["TargetSpec", "target_values"]


@final
@attrs.frozen(kw_only=True)
class TargetSpec:
    """One target of clause 2, clause 3.2 or the 2023 programme, as a simulation checks it.

    .. versionadded:: 0.1.0
    """

    #: The check's name, as :meth:`~labourbrand.policy.Policy.targets` names it.
    name: str
    #: The parameter that sets it.
    parameter: str
    #: The clause id.
    clause: str
    #: The number required on the deadline; ``None`` if not in force then.
    required: int | None
    #: Whether the text gives a number (the 2022 "batch" (一批) gives none: one suffices).
    quantified: bool
    #: Whether the target is in force on the deadline.
    in_force: bool
    #: For "one county, one brand": the brands each county needs (the
    #: target's value is then the number of counties that have them, and
    #: :attr:`required` is every county).
    per_county: int | None = None
    #: For "one county, one brand": the indices (in :attr:`Results.counties`)
    #: of the units counted, by the reading in force of
    #: ``one_county_one_brand_units``; ``None`` for the other targets.
    units: tuple[int, ...] | None = None


def target_values(  # noqa: PLR0913 - the arrays a target reads, keyword-only
    targets: tuple[TargetSpec, ...],
    month: int | None,
    *,
    counted: B,
    stages: I32,
    county_brands: npt.NDArray[np.unsignedinteger[Any]],
    category_brands: I32,
    recognitions: I32,
) -> I64:
    """Each target's value per run on the deadline's month, counted as Policy.targets counts.

    *counted* says which stages (of :data:`~labourbrand.simulation._model.STAGES`)
    the total counts; the other stocks were counted under the same reading.
    """
    runs = stages.shape[0]
    out = np.zeros((runs, len(targets)), np.int64)
    if month is None:
        return out
    active = stages[:, month, counted].sum(axis=1)
    levels = {level.value: i for i, level in enumerate(_model.LEVELS)}
    for i, spec in enumerate(targets):
        if spec.parameter == "target_brands_total":
            out[:, i] = active
        elif spec.parameter == "target_brands_per_county":
            # The value is the number of counties with enough brands; the
            # target is met when it is every county.
            per_county = 1 if spec.per_county is None else spec.per_county
            brands = county_brands[:, month, :]
            if spec.units is not None:
                brands = brands[:, list(spec.units)]
            out[:, i] = (brands >= per_county).sum(axis=1)
        elif spec.parameter == "target_per_category":
            category = spec.name.split(".", 1)[1]
            index = [c.value for c in _model.CATEGORIES].index(category)
            out[:, i] = category_brands[:, month, index]
        else:
            level = {
                "target_national_known": "national",
                "target_provincial": "provincial",
                "target_city_level": "city",
                "target_county_level": "county",
            }[spec.parameter]
            out[:, i] = recognitions[:, month, levels[level]]
    return out
