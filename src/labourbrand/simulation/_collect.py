"""The results of a run, filled chunk by chunk as the chunks come back (private).

:class:`Collector` writes each chunk's rows (monthly stocks, awards by
city-level unit, targets' values) to the run's
:class:`~labourbrand.simulation._store.Store`, unless the worker wrote them
there itself; it prices the award
events with :meth:`~labourbrand.policy.Policy.evaluate_batch` a batch of
chunks at a time, here in the calling process where the policy and its
plugins are, and adds up their money by run, year and unit.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Final, final

import numpy as np

from labourbrand.exceptions import LabourBrandError
from labourbrand.policy import (
    EMPLOYMENT_FUND,
    OUTCOME_CODES,
    Measure,
    Outcome,
)
from labourbrand.simulation import _model
from labourbrand.simulation._chunk import counties_dtype
from labourbrand.simulation._report import overrides
from labourbrand.simulation._results import Results


if TYPE_CHECKING:
    import numpy.typing as npt

    from labourbrand.policy import BatchResult
    from labourbrand.simulation._chunk import Chunk
    from labourbrand.simulation._setup import Setup
    from labourbrand.simulation._store import Store


__all__ = ["EVENT_COLUMNS", "Collector", "bytes_per_run", "price"]

#: The columns of the award events, with their types.
EVENT_COLUMNS: Final = (
    ("run", np.int32),
    ("slot", np.int32),
    ("month", np.int32),
    ("county", np.int32),
    ("unit", np.int32),
    ("rural_signed", np.int64),
    ("amount", np.int64),
    ("capped", np.bool_),
)
#: Runs whose awards are priced together. A policy call per month costs
#: about a millisecond besides its rows, so batches are large: a few policy
#: calls per thousand runs, while the workers compute the next chunks.
PRICE_RUNS: Final = 8192
#: Runs whose awards are priced while this process would otherwise wait for
#: a worker's chunk: at the end of a run, most of the last batch.
IDLE_PRICE_RUNS: Final = PRICE_RUNS // 4


def _county_codes(setup: Setup) -> npt.NDArray[np.int64]:
    """The counties' codes as integers: the policy groups them without parsing text."""
    return np.array([int(code) for code in setup.counties], np.int64)


def _decide(
    setup: Setup,
    county: npt.NDArray[np.int64],
    signed: npt.NDArray[np.int64],
    month: int,
) -> BatchResult:
    """The policy's employment award for awards in *county* (codes) with *signed* workers."""
    return setup.policy.evaluate_batch(
        {
            "county": county,
            "rural_signed": signed,
            # The model follows signed rural workers only; a rule that
            # multiplies the other counts sees the same number.
            "practitioners": signed,
            "rural": signed,
        },
        on=setup.days[month],
        measures=[Measure.EMPLOYMENT_AWARD],
    )


def price(
    setup: Setup, events: dict[str, npt.NDArray[Any]]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], tuple[str, ...]]:
    """Decide every award event with the policy, a batch per month.

    Returns the amounts in fen (-1 where undetermined), whether each was
    capped, and the plugin rules that set amounts.
    """
    month = events["month"]
    amount = np.full(len(month), -1, np.int64)
    capped = np.zeros(len(month), np.bool_)
    suppliers: dict[str, None] = {}
    codes = _county_codes(setup)
    # Months are few: a stable radix sort of their narrowest type, and counts.
    narrow = np.uint8 if len(setup.days) <= 1 << 8 else np.uint16
    order = np.argsort(month.astype(narrow), kind="stable")
    ends = np.cumsum(np.bincount(month, minlength=len(setup.days))).tolist()
    for m, (lo, hi) in enumerate(zip([0, *ends[:-1]], ends, strict=True)):
        if lo == hi:
            continue
        rows = order[lo:hi]
        result = _decide(
            setup, codes[events["county"][rows]], events["rural_signed"][rows], m
        )
        award = result[Measure.EMPLOYMENT_AWARD]
        eligible = award.outcome == 0
        if not eligible.all():  # pragma: no cover - the model asks only at a crossing
            bad = int(np.flatnonzero(~eligible)[0])
            outcome = OUTCOME_CODES[int(award.outcome[bad])]
            msg = f"the policy finds an award crossing {outcome.value}, not {Outcome.ELIGIBLE.value}, on {setup.days[int(m)]}"
            raise LabourBrandError(msg)
        amount[rows] = award.amount
        capped[rows] = award.capped
        for s in result.suppliers:
            version = f" {s.version}" if s.version else ""
            suppliers[f"{s.plugin}{version} ({s.jurisdiction}: {s.reference})"] = None
    return amount, capped, tuple(suppliers)


def _years(setup: Setup) -> tuple[tuple[int, ...], npt.NDArray[np.int64]]:
    """The calendar years of the months, and each month's index among them."""
    years = tuple(sorted({d.year for d in setup.days}))
    return years, np.array([years.index(d.year) for d in setup.days], np.int64)


def bytes_per_run(setup: Setup) -> int:
    """The memory one run's monthly and yearly arrays take (the award events aside)."""
    plan, units = setup.plan, len(setup.units)
    years = len(_years(setup)[0])
    per_month = 4 * (len(_model.STAGES) + len(_model.CATEGORIES) + len(_model.LEVELS))
    per_month += counties_dtype(plan).itemsize * plan.counties + 4 * units
    return (
        plan.months * per_month + years * units * (8 + 4) + 4 + 8 * len(setup.targets)
    )


@final
class Collector:
    """Fills a run's results, chunk after chunk in run order, then builds them."""

    def __init__(
        self, setup: Setup, *, runs: int, seed: int, store: Store, began: float
    ) -> None:
        self.setup, self.runs, self.seed, self.store = setup, runs, seed, store
        self.began = began
        plan = setup.plan
        self.units = len(setup.units)
        self.years, self.year_of_month = _years(setup)
        months = plan.months
        store.fixed("stages", (runs, months, len(_model.STAGES)), np.int32)
        store.fixed(
            "county_brands", (runs, months, plan.counties), counties_dtype(plan)
        )
        store.fixed("category_brands", (runs, months, len(_model.CATEGORIES)), np.int32)
        store.fixed("recognitions", (runs, months, len(_model.LEVELS)), np.int32)
        store.fixed("awards", (runs, months, self.units), np.int32)
        store.fixed("money", (runs, len(self.years), self.units), np.int64)
        store.fixed("money_undetermined", (runs, len(self.years), self.units), np.int32)
        store.fixed("out_of_slots", (runs,), np.int32)
        store.fixed("target_values", (runs, len(setup.targets)), np.int64)
        for name, dtype in EVENT_COLUMNS:
            store.growing(f"award_{name}", dtype)
        self.pending: list[Chunk] = []
        self.priced_to = 0  # the runs before this one are priced
        self.out_of_slots = 0
        self.suppliers: dict[str, None] = {}

    def prepare(self) -> None:
        """Resolve the policy of every month, while the workers compute the first chunks.

        Pricing needs each month's rules for every county: the policy
        resolves them once per day, on first use. Done here, that cost
        overlaps the workers' instead of following their last chunk, which
        for a short run is most of what pricing costs.
        """
        setup = self.setup
        codes = _county_codes(setup)
        for month, threshold in enumerate(setup.plan.threshold.tolist()):
            if threshold >= 0:  # a month whose awards the policy decides
                _decide(setup, codes, np.full(len(codes), threshold, np.int64), month)

    def add(self, chunk: Chunk) -> None:
        """Take the next chunk of runs."""
        for name, rows in chunk.rows.items():
            self.store.put(name, chunk.start, rows)
        self.out_of_slots += chunk.out_of_slots
        self.pending.append(chunk)
        if chunk.stop - self.priced_to >= PRICE_RUNS:
            self._price()

    def price_while_waiting(self) -> bool:
        """Price the chunks taken so far, if enough: this process would otherwise wait.

        Returns whether it priced any, so that the waiting is then checked again.
        """
        if not self.pending or self.pending[-1].stop - self.priced_to < IDLE_PRICE_RUNS:
            return False
        self._price()
        return True

    def _price(self) -> None:
        """Price the pending chunks' awards; add up their money by run, year and unit."""
        if not self.pending:
            return
        setup, store, units = self.setup, self.store, self.units
        first, stop = self.priced_to, self.pending[-1].stop
        events: dict[str, npt.NDArray[Any]] = {
            "run": np.concatenate([c.award_run for c in self.pending]),
            "slot": np.concatenate([c.award_slot for c in self.pending]),
            "month": np.concatenate([c.award_month for c in self.pending]),
            "county": np.concatenate([c.award_county for c in self.pending]),
            "rural_signed": np.concatenate([c.award_heads for c in self.pending]),
        }
        events["unit"] = setup.county_unit[events["county"]]
        amount, capped, suppliers = price(setup, events)
        events["amount"], events["capped"] = amount, capped
        self.suppliers.update(dict.fromkeys(suppliers))
        for name, _ in EVENT_COLUMNS:
            store.append(f"award_{name}", events[name])
        runs, years = stop - first, len(self.years)
        cell = (
            (events["run"].astype(np.int64) - first) * years
            + self.year_of_month[events["month"]]
        ) * units + events["unit"]
        determined = amount >= 0
        size = runs * years * units
        money = np.zeros(size, np.int64)  # integer fen, added exactly
        np.add.at(money, cell[determined], amount[determined])
        store.put("money", first, money.reshape(runs, years, units))
        undetermined = np.bincount(cell[~determined], minlength=size)
        store.put("money_undetermined", first, undetermined.reshape(runs, years, units))
        self.pending, self.priced_to = [], stop

    def finish(self) -> Results:
        """Price what is left and build the results."""
        self._price()
        setup = self.setup
        arrays = self.store.finish()
        events = {name: arrays[f"award_{name}"] for name, _ in EVENT_COLUMNS}
        results = Results(
            scenario=setup.scenario.name,
            seed=self.seed,
            days=setup.days,
            counties=setup.counties,
            county_names=setup.county_names,
            units=setup.units,
            unit_names=setup.unit_names,
            years=self.years,
            stages=arrays["stages"],
            county_brands=arrays["county_brands"],
            category_brands=arrays["category_brands"],
            recognitions=arrays["recognitions"],
            awards=arrays["awards"],
            money=arrays["money"],
            money_undetermined=arrays["money_undetermined"],
            out_of_slots=arrays["out_of_slots"],
            award_events=events,
            thresholds=np.array(setup.plan.threshold),
            targets=setup.targets,
            target_values=arrays["target_values"],
            deadline=setup.deadline,
            deadline_month=setup.deadline_month,
            suppliers=tuple(sorted(self.suppliers)),
            fund=EMPLOYMENT_FUND,
            elapsed=time.perf_counter() - self.began,
            overrides=overrides(setup.scenario),
        )
        self.store.remove_later(results)
        return results
