"""The plan: a scenario resolved into what a chunk of runs needs (private)."""

from __future__ import annotations

from typing import final

import attrs

from labourbrand.simulation import _model
from labourbrand.simulation._assumptions import Assumptions
from labourbrand.simulation._model import F64, I32, I64, B
from labourbrand.simulation._targets import TargetSpec


__all__ = ["Plan"]


@final
@attrs.frozen(kw_only=True, eq=False)
class Plan:
    """Everything a chunk of runs needs, resolved from the scenario and its policy.

    Plain numbers and numpy arrays only, so that it pickles cheaply to any
    executor: no plugin, no policy object travels to the workers.
    """

    #: The assumptions of the scenario.
    assumptions: Assumptions
    #: Months simulated (the start month to the horizon month).
    months: int
    #: Number of county-level units.
    counties: int
    #: Slots per run: the known brands, then each county's candidates.
    slots: int
    #: Number of known brands (slots ``0 .. known - 1``).
    known: int
    #: Where the county of each slot is drawn from: ``pool[start : start + size]``.
    pool_start: I32
    pool_size: I32
    pool: I32
    #: Whether each county has a known brand of fixed county.
    has_known: B
    #: Factor on each county's discovery rates (key counties).
    discovery_factor: F64
    #: Known brands: the stage they start in (index into :data:`STAGES`).
    known_stage: I32
    #: Known brands: the signed rural workers observed by the start, or NaN.
    known_workers: F64
    #: Known brands: the category (index into :data:`CATEGORIES`) or -1.
    known_category: I32
    #: Known brands: the month each level is held from, or :data:`NEVER`.
    known_levels: I32
    #: The award threshold in force each month, -1 where no award is decided.
    threshold: I64
    #: The first month >= m of a provincial (national) batch, for m in 0..months.
    provincial_next: I32
    national_next: I32
    #: The city-level unit of each county (index into the setup's units), and
    #: their number: awards are counted by unit.
    county_unit: I32
    units: int
    #: The targets checked on the month of the deadline (``None``: none).
    targets: tuple[TargetSpec, ...]
    deadline_month: int | None
    #: Which stages (of :data:`STAGES`) the targets count, by the reading of
    #: ``exited_brand_targets`` in force
    #: (:func:`~labourbrand.policy.counted_stages`): where ``exited`` is not
    #: among them, a brand's counts end in the month its exit is decided.
    counted: B
    #: The model that made the plan (:data:`~labourbrand.simulation._model.MODEL`):
    #: a worker refuses a plan of another model, whose draws it would not reproduce.
    model: str = attrs.field(factory=lambda: _model.MODEL)
