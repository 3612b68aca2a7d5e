"""Columnar decisions: a million brands in one call, from the same declarations (private).

:func:`evaluate_batch` takes one numpy array per fact (a column, one row per
brand; see :mod:`labourbrand.policy._columns`) and decides every measure asked
for, for every row, by walking the measure's declaration over the columns: the
same conditions, in the same order, with the same rules and caps as
:meth:`~labourbrand.policy.Policy.decide` for one brand. Rules are resolved once
per county, never once per brand; a per-brand formula (the slow escape hatch)
is called once per eligible row of the counties it governs.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.ledger import LedgerView
from labourbrand.policy._columns import read_columns
from labourbrand.policy._decision import Outcome
from labourbrand.policy._interpret import MeasureColumns, decide_columns
from labourbrand.policy._pricing import NO_AMOUNT


if TYPE_CHECKING:
    from collections.abc import Iterable

    from labourbrand.policy._day import PolicyDay
    from labourbrand.policy._engine import Policy
    from labourbrand.policy._measures import MeasureSpec


__all__ = ["OUTCOME_CODES", "BatchResult", "BatchSupplier", "evaluate_batch"]

#: The outcome each ``uint8`` code of a :class:`BatchResult` stands for.
#:
#: .. versionadded:: 0.1.0
OUTCOME_CODES: Final[Mapping[int, Outcome]] = types.MappingProxyType(
    {
        0: Outcome.ELIGIBLE,
        1: Outcome.INELIGIBLE,
        2: Outcome.UNDETERMINED,
        3: Outcome.NOT_IN_FORCE,
    }
)


@final
@attrs.frozen(kw_only=True)
class BatchSupplier:
    """A plugin rule that supplied amounts in a batch, with where it was used.

    The batch counterpart of :class:`~labourbrand.policy.Supplier`: one per
    measure and rule, however many rows it priced.

    .. versionadded:: 0.1.0
    """

    #: The measure, e.g. ``"employment_award"``.
    measure: str
    #: The jurisdiction of the rule (a region code or zone key).
    jurisdiction: str
    #: The plugin's registered name.
    plugin: str
    #: The plugin's version, if it declares one.
    version: str | None
    #: The document the rule cites.
    reference: str
    #: The counties (codes) whose rows it priced, in code order.
    counties: tuple[str, ...]
    #: How many eligible rows it priced.
    rows: int


def _readonly(value: npt.NDArray[Any]) -> npt.NDArray[Any]:
    value.flags.writeable = False
    return value


@final
@attrs.frozen(kw_only=True)
class MeasureResult:
    """One measure's decisions for every row of a batch (read-only arrays).

    .. versionadded:: 0.2.0
    """

    #: The measure's id.
    measure: str
    #: Outcome codes (:data:`OUTCOME_CODES`).
    outcome: npt.NDArray[np.uint8] = attrs.field(converter=_readonly, eq=False)
    #: Amounts in fen after every cap; ``-1`` where there is none (not
    #: eligible, undetermined, not in force, or delegated with no rule).
    amount: npt.NDArray[np.int64] = attrs.field(converter=_readonly, eq=False)
    #: Eligible, but the amount awaits a rule (delegated is not zero).
    delegated: npt.NDArray[np.bool_] = attrs.field(converter=_readonly, eq=False)
    #: The amount was reduced to the document's cap.
    capped: npt.NDArray[np.bool_] = attrs.field(converter=_readonly, eq=False)


#: The legacy attribute names of the first two measures of the batch API.
_LEGACY: Final = {
    "award": "employment_award",
    "transport": "transport_subsidy",
}


@final
@attrs.frozen(kw_only=True, eq=False)
class BatchResult:
    """The decisions of :func:`evaluate_batch`, one array element per input row.

    ``result["employment_award"].amount`` is one measure's amounts;
    :meth:`to_dict` and :meth:`to_pandas` give every measure's columns,
    named ``<measure>_outcome``, ``<measure>_amount``, ``<measure>_delegated``
    and ``<measure>_capped``. Outcomes are ``uint8`` codes
    (:data:`OUTCOME_CODES`); amounts are ``int64`` fen, ``-1`` where there is
    no amount (delegated is not zero).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Every measure of the document, not only the employment award and the
       transport subsidy; ``award_outcome`` and the like still work.
    """

    #: The day decided.
    on: pendulum.Date
    #: The decisions, by measure, in the document's order.
    measures: Mapping[str, MeasureResult]
    #: The plugin rules that supplied amounts, by measure then jurisdiction.
    suppliers: tuple[BatchSupplier, ...] = ()

    def __getitem__(self, measure: str) -> MeasureResult:
        try:
            return self.measures[measure]
        except KeyError:
            msg = f"Expected a measure of the batch ({', '.join(self.measures)}) but got {measure!r}"
            raise InvalidArgumentError(msg, field="measure") from None

    def __len__(self) -> int:
        first = next(iter(self.measures.values()), None)
        return 0 if first is None else len(first.outcome)

    def __getattr__(self, name: str) -> npt.NDArray[Any]:
        # award_outcome, award_amount, award_delegated, award_capped,
        # transport_outcome, transport_amount, transport_delegated (0.1.0 names).
        prefix, _, field = name.partition("_")
        if prefix in _LEGACY and field in {"outcome", "amount", "delegated", "capped"}:
            return getattr(self[_LEGACY[prefix]], field)  # type: ignore[no-any-return]
        msg = f"'BatchResult' object has no attribute {name!r}"
        raise AttributeError(msg)

    def to_dict(self) -> dict[str, npt.NDArray[Any]]:
        """Return every array by column name, ``<measure>_<field>``."""
        return {
            f"{measure}_{field}": getattr(result, field)
            for measure, result in self.measures.items()
            for field in ("outcome", "amount", "delegated", "capped")
        }

    def to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional and untyped here
        """Return a :class:`pandas.DataFrame` with one row per brand (needs pandas).

        Outcomes become a categorical of the :class:`~labourbrand.policy.Outcome`
        values; amounts a nullable ``Int64`` column, missing where there is no
        amount.
        """
        import pandas as pd

        categories = [OUTCOME_CODES[code].value for code in sorted(OUTCOME_CODES)]
        data: dict[str, object] = {}
        for name, column in self.to_dict().items():
            if name.endswith("_outcome"):
                data[name] = pd.Categorical.from_codes(column, categories=categories)
            elif name.endswith("_amount"):
                data[name] = pd.arrays.IntegerArray(column, column == NO_AMOUNT)
            else:
                data[name] = column
        return pd.DataFrame(data)


def _suppliers(measure: str, decided: MeasureColumns) -> Iterable[BatchSupplier]:
    for supplied, counties, rows in decided.used:
        yield BatchSupplier(
            measure=measure,
            jurisdiction=supplied.rule.jurisdiction,
            plugin=supplied.plugin,
            version=supplied.version,
            reference=supplied.rule.reference,
            counties=counties,
            rows=rows,
        )


def _with_ledger_columns(
    columns: Mapping[str, npt.NDArray[Any]],
    ledger: LedgerView | None,
    day: PolicyDay,
    measures: Iterable[MeasureSpec],
) -> Mapping[str, npt.NDArray[Any]]:
    """*columns* without ``brand_id``, with the ledger's payments as ``paid_<measure>``."""
    if "brand_id" not in columns and ledger is None:
        return columns
    rest = {k: v for k, v in columns.items() if k != "brand_id"}
    if ledger is None:
        return rest
    candidate: object = ledger  # callers may pass anything at run time
    if not isinstance(candidate, LedgerView):
        msg = f"Expected a ledger (any LedgerView) but got ledger={ledger!r} (type={type(ledger).__name__})"
        raise InvalidArgumentError(msg, field="ledger")
    ids = columns.get("brand_id")
    if ids is None:
        msg = "Expected the column brand_id with a ledger (payments are keyed by brand id) but it is missing @ columns"
        raise InvalidArgumentError(msg, field="brand_id")
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.dtype.kind not in "UO":
        msg = f"Expected a one-dimensional column of str but got dtype={ids.dtype} @ columns['brand_id']"
        raise InvalidArgumentError(msg, field="brand_id")
    for spec in measures:
        # A measure paid once per selection depends on each row's selection
        # day, which no column gives: its paid_<measure> column says it.
        if not spec.one_time or spec.once_per_on(day.reading) != "brand":
            continue
        paid_ids = ledger.paid_ids(spec.id, on=day.on)
        if not paid_ids:
            continue
        paid = np.isin(
            ids,
            np.array(
                sorted(paid_ids), dtype=ids.dtype if ids.dtype.kind == "U" else object
            ),
        )
        name = f"paid_{spec.id}"
        legacy = "paid" if spec.id == "employment_award" and "paid" in rest else None
        given = rest.pop(legacy) if legacy else rest.get(name)
        if given is not None:
            given_arr = np.asarray(given)
            paid = paid | (given_arr == 1)
        rest[name] = paid
    return rest


def evaluate_batch(
    policy: Policy,
    columns: Mapping[str, npt.NDArray[Any]],
    *,
    on: pendulum.Date,
    measures: Iterable[str] | None = None,
    ledger: LedgerView | None = None,
) -> BatchResult:
    """Decide *measures* (by default every measure of the document) for every row of *columns*.

    Each row is one brand; the result holds, for each row and measure, what
    :meth:`Policy.decide <labourbrand.policy.Policy.decide>` decides for that
    brand on day *on*, given the same facts.

    Args:
        policy: the policy (documents, parameters, regions, plugin rules).
        columns: one-dimensional arrays of equal length:

            - ``county`` (required): GB/T 2260 codes of the county-level units,
              as ``str`` (``""`` for unknown) or ``int`` (``0`` for unknown);
            - head counts of the latest observation (``practitioners``,
              ``rural``, ``rural_signed``, ``poverty_alleviated``,
              ``rural_low_income``, ``trained``) and ``founders``: integers,
              ``-1`` for unknown;
            - flags ``exited``, ``provincial_recognition``, ``showcase_selected``,
              ``training_base``: ``bool``, or integers with ``-1`` for unknown;
            - ``paid_<measure>`` (``bool``): the ledger holds a payment of that
              one-time measure recorded on or before *on* (``paid`` is the
              employment award's);
            - ``brand_id`` (``str``): each row's :attr:`Brand.id
              <labourbrand.Brand.id>`, required with *ledger*.

            A fact with no column is unknown on every row (its measures are
            undetermined), except ``exited`` and ``paid_*``: no exit, no payment.
        on: the day of the decisions.
        measures: the measure ids to decide, in any order.
        ledger: payments made (any :class:`~labourbrand.ledger.LedgerView`):
            a row whose ``brand_id`` was paid a measure paid once per brand on
            or before *on* is paid, as if its ``paid_<measure>`` were true. A
            measure paid once per selection (the showcase award) reads its
            ``paid_<measure>`` column only: whether this selection was paid.

    Returns:
        The decisions as arrays.

    Raises:
        InvalidArgumentError: ``county`` is missing; a column is unknown, of
            the wrong dtype (floats are refused) or length, or holds a value
            out of its domain; the message names the column and the first bad
            row. An unknown measure id.
        PluginError: a per-brand formula raised.
        PluginResultError: a per-brand formula returned no
            :class:`~labourbrand.Fen` (a rule of the wrong kind, a ratio, is
            refused when the policy is built).

    Example:
        >>> import numpy as np, pendulum
        >>> from labourbrand.policy import Policy
        >>> result = evaluate_batch(Policy.shaanxi(entry_points=False), {
        ...     "county": np.array(["610924", "610403", ""]),
        ...     "signed": np.array([520, 80, 900]),
        ...     "poverty_alleviated": np.array([12, 0, -1]),
        ...     "rural_low_income": np.array([3, 0, -1]),
        ... }, on=pendulum.Date(2023, 7, 1), measures=["employment_award", "transport_subsidy"])
        >>> [OUTCOME_CODES[c].value for c in result["employment_award"].outcome]
        ['eligible', 'ineligible', 'undetermined']
        >>> result["employment_award"].amount.tolist(), result["employment_award"].delegated.tolist()
        ([-1, -1, -1], [True, False, False])

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Every measure, chosen with *measures*; a missing count column is unknown.
    """
    day = policy.day(on)
    document = day.document
    columns = _with_ledger_columns(columns, ledger, day, document.measures)
    specs = (
        document.measures
        if measures is None
        else tuple(document.measure(m) for m in dict.fromkeys(measures))
    )
    read = read_columns(
        columns, policy.regions, measures=[spec.id for spec in document.measures]
    )
    decided: dict[str, MeasureResult] = {}
    suppliers: list[BatchSupplier] = []
    for spec in specs:
        result = decide_columns(
            day, spec, read.columns, of_row=read.of_row, codes=read.codes
        )
        decided[spec.id] = MeasureResult(
            measure=spec.id,
            outcome=result.outcome,
            amount=result.amount,
            delegated=result.delegated,
            capped=result.capped,
        )
        suppliers.extend(_suppliers(spec.id, result))
    return BatchResult(on=day.on, measures=decided, suppliers=tuple(suppliers))
