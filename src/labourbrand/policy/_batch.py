"""Columnar decisions: a million brands in one call, as the scalar engine decides them (private).

:func:`evaluate_batch` takes one numpy array per fact (a column, one row per
brand) and returns, for every row, what
:meth:`~labourbrand.policy.Policy.employment_award` and the transport subsidy
(一次性交通补助, :func:`~labourbrand.policy._support.transport_subsidy`) decide
for the brand of that row: outcome codes, amounts in fen and flags, the same
outcomes, amounts and caps as the scalar path.

How it stays fast (``benchmarks/bench_batch.py``):

- **One rule per county, not per brand.** Rows are grouped by county through
  a table indexed by the GB/T 2260 code, which gives the inverse index of
  ``np.unique(county, return_inverse=True)`` without sorting. Each county
  with an eligible row has its rule found once with ``RuleBook.find`` over
  :meth:`~labourbrand.regions.RegionRegistry.jurisdiction_chain`: county rule
  over city-level rule over provincial rule, 杨陵区 under 杨凌示范区 and 韩城
  under itself, as for one brand.
- **Rules as vector operations.** A :class:`~labourbrand.policy.Flat` rule is a
  constant per county; a :class:`~labourbrand.policy.PerHead` rule is its rates,
  spread to the rows with ``np.take``, times the head counts, within its own
  cap; then the province's cap. No hook is called.
- **Small temporaries.** Amounts are computed a block of rows at a time, and
  masks applied arithmetically, so that the peak memory stays below the size of
  the input columns.

The Python loops run once per county (at most 118) and once per block of
131,072 rows, never once per brand, with one exception: a per-brand formula (a
callable :class:`~labourbrand.policy.Rule` formula), the slow escape hatch, is
called once per eligible row of the counties it governs, exactly as the scalar
engine calls it, and for no other row. It receives a :class:`~labourbrand.Brand`
named ``"row <i>"`` with the row's county and one workforce observation dated
*on*, built from the columns ``practitioners``, ``rural`` and the three
required counts.

Unknown is a value. Where the scalar model holds one observation with every head
count, a column marks each unknown count with ``-1``. A measure is
``UNDETERMINED`` when a count its conditions read is unknown (the award reads
``rural_signed``; the transport subsidy ``poverty_alleviated`` and
``rural_low_income``). When its conditions are met but its rule multiplies an
unknown count, the row is eligible with no amount (``-1``), like a scalar
formula that gives none. A row whose counts are all known, or all unknown,
decides exactly as the scalar path decides the brand with that observation (or
with none).
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from labourbrand._model import Brand, WorkforceObservation
from labourbrand.exceptions import InvalidArgumentError, PluginResultError
from labourbrand.money import MAX_FEN
from labourbrand.plugins._manager import SuppliedRule
from labourbrand.policy._clauses import clauses
from labourbrand.policy._decision import Outcome
from labourbrand.policy._draft import rule_amount
from labourbrand.policy._engine import Policy
from labourbrand.rules import Flat, Measure, PerHead, Ratio
from labourbrand.regions import Level


if TYPE_CHECKING:
    from collections.abc import Mapping

    from labourbrand.regions import RegionRegistry


__all__ = ["OUTCOME_CODES", "BatchResult", "BatchSupplier", "evaluate_batch"]

_ELIGIBLE: Final = 0
_INELIGIBLE: Final = 1
_UNDETERMINED: Final = 2
_NOT_IN_FORCE: Final = 3

#: The outcome each ``uint8`` code of a :class:`BatchResult` stands for.
#:
#: .. versionadded:: 0.1.0
OUTCOME_CODES: Final[Mapping[int, Outcome]] = types.MappingProxyType(
    {
        _ELIGIBLE: Outcome.ELIGIBLE,
        _INELIGIBLE: Outcome.INELIGIBLE,
        _UNDETERMINED: Outcome.UNDETERMINED,
        _NOT_IN_FORCE: Outcome.NOT_IN_FORCE,
    }
)

#: The amount of a row that has none.
_NO_AMOUNT: Final = -1
#: Head counts that must be given, and those a rule may also multiply.
_COUNTS: Final = ("rural_signed", "poverty_alleviated", "rural_low_income")
_EXTRA_COUNTS: Final = ("practitioners", "rural")
#: Counts a rule may multiply that the model may leave uncounted.
_OPTIONAL_COUNTS: Final = ("trained",)
_FLAGS: Final = ("paid", "exited")
_COLUMNS: Final = ("county", *_COUNTS, *_FLAGS, *_EXTRA_COUNTS, *_OPTIONAL_COUNTS)
#: A GB/T 2260 code has six digits.
_CODE_DIGITS: Final = 6
_CODE_SPACE: Final = 10**_CODE_DIGITS
#: Rows per block where a block of work should stay in the CPU cache.
_BLOCK: Final = 1 << 17
_ZERO: Final = ord("0")
_COUNTY_EXPECTED: Final = "a county code of the registry, or blank (unknown)"


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
@attrs.frozen(kw_only=True, eq=False)
class BatchResult:
    """The decisions of :func:`evaluate_batch`, one array element per input row.

    Outcomes are ``uint8`` codes (:data:`OUTCOME_CODES`); amounts are ``int64``
    fen, ``-1`` where there is no amount (not eligible, undetermined, not in
    force, or delegated with no rule: delegated is not zero). The arrays are
    read-only.

    .. versionadded:: 0.1.0
    """

    #: The day decided.
    on: pendulum.Date
    #: Employment award (clause 4.2): outcome codes.
    award_outcome: npt.NDArray[np.uint8] = attrs.field(converter=_readonly)
    #: Employment award: amount in fen, after the province's cap; ``-1`` for none.
    award_amount: npt.NDArray[np.int64] = attrs.field(converter=_readonly)
    #: Employment award: eligible, but the amount awaits a rule (delegated).
    award_delegated: npt.NDArray[np.bool_] = attrs.field(converter=_readonly)
    #: Employment award: the amount was reduced to the province's cap.
    award_capped: npt.NDArray[np.bool_] = attrs.field(converter=_readonly)
    #: Transport subsidy (clause 4.2): outcome codes.
    transport_outcome: npt.NDArray[np.uint8] = attrs.field(converter=_readonly)
    #: Transport subsidy: amount in fen; ``-1`` for none.
    transport_amount: npt.NDArray[np.int64] = attrs.field(converter=_readonly)
    #: Transport subsidy: eligible, but the amount awaits a rule (delegated).
    transport_delegated: npt.NDArray[np.bool_] = attrs.field(converter=_readonly)
    #: The plugin rules that supplied amounts, by measure then jurisdiction.
    suppliers: tuple[BatchSupplier, ...] = ()

    def __len__(self) -> int:
        return len(self.award_outcome)

    def to_dict(self) -> dict[str, npt.NDArray[Any]]:
        """Return the arrays by column name (outcomes as codes, ``-1`` for no amount)."""
        return {
            "award_outcome": self.award_outcome,
            "award_amount": self.award_amount,
            "award_delegated": self.award_delegated,
            "award_capped": self.award_capped,
            "transport_outcome": self.transport_outcome,
            "transport_amount": self.transport_amount,
            "transport_delegated": self.transport_delegated,
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
                data[name] = pd.arrays.IntegerArray(column, column == _NO_AMOUNT)
            else:
                data[name] = column
        return pd.DataFrame(data)


# ----------------------------------------------------------------- input
def _bad(
    *, column: str, index: int, value: object, expected: str
) -> InvalidArgumentError:
    """The error for the first bad value of a column, naming its row."""
    msg = (
        f"Expected {expected} but got {column}[{index}]={value!r} @ columns[{column!r}]"
    )
    return InvalidArgumentError(msg, field=column)


def _per_row(
    values: npt.NDArray[Any],
    index: npt.NDArray[np.integer[Any]],
    out: npt.NDArray[Any] | None = None,
) -> npt.NDArray[Any]:
    """Spread per-group *values* to the rows: ``values[index]``.

    ``mode="clip"`` changes nothing for a valid index but lets numpy write into
    *out* unbuffered, three times faster than the default.
    """
    return np.take(values, index, out=out, mode="clip")


@final
@attrs.frozen
class _Columns:
    """The validated input: counts as signed integers, flags as bools."""

    n: int
    county: npt.NDArray[Any]
    counts: dict[str, npt.NDArray[np.signedinteger[Any]]]
    paid: npt.NDArray[np.bool_] | None
    exited: npt.NDArray[np.bool_] | None


def _column(columns: Mapping[str, object], name: str) -> npt.NDArray[Any]:
    array = np.asarray(columns[name])
    if array.ndim != 1:
        msg = f"Expected a one-dimensional array but got shape {array.shape} @ columns[{name!r}]"
        raise InvalidArgumentError(msg, field=name)
    return array


def _count_column(columns: Mapping[str, object], name: str) -> npt.NDArray[Any]:
    array = _column(columns, name)
    if array.dtype.kind not in "iu":
        msg = f"Expected an integer array (-1 for unknown) but got dtype={array.dtype} @ columns[{name!r}]"
        raise InvalidArgumentError(msg, field=name)
    if array.dtype == np.uint64:
        # Counts beyond int64 are refused below, so the view is exact.
        too_big = np.flatnonzero(array > np.iinfo(np.int64).max)
        if too_big.size:
            index = int(too_big[0])
            raise _bad(
                column=name, index=index, value=int(array[index]), expected="a count"
            )
        array = array.view(np.int64)
    elif array.size and array.min() < _NO_AMOUNT:
        index = int(np.argmax(array < _NO_AMOUNT))
        raise _bad(
            column=name, index=index, value=int(array[index]), expected="a count >= -1"
        )
    return array


def _flag_column(columns: Mapping[str, object], name: str) -> npt.NDArray[np.bool_]:
    array = _column(columns, name)
    if array.dtype != np.bool_:
        msg = f"Expected a bool array but got dtype={array.dtype} @ columns[{name!r}]"
        raise InvalidArgumentError(msg, field=name)
    return array


def _validate(columns: Mapping[str, object]) -> _Columns:
    missing = [name for name in ("county", *_COUNTS) if name not in columns]
    if missing:
        msg = f"Expected the columns county, {', '.join(_COUNTS)} but {', '.join(missing)} missing @ columns"
        raise InvalidArgumentError(msg, field=missing[0])
    unknown = sorted(str(name) for name in columns if name not in _COLUMNS)
    if unknown:
        # A misspelt optional column ("payed") must not silently mean "not paid".
        msg = f"Expected columns among {', '.join(_COLUMNS)} but got {', '.join(unknown)} @ columns"
        raise InvalidArgumentError(msg, field=unknown[0])
    county = _column(columns, "county")
    counts = {
        name: _count_column(columns, name)
        for name in (*_COUNTS, *_EXTRA_COUNTS, *_OPTIONAL_COUNTS)
        if name in columns
    }
    flags = {name: _flag_column(columns, name) for name in _FLAGS if name in columns}
    n = len(county)
    for name, array in (*counts.items(), *flags.items()):
        if len(array) != n:
            msg = f"Expected {n} rows, as columns['county'] has, but got {len(array)} @ columns[{name!r}]"
            raise InvalidArgumentError(msg, field=name)
    return _Columns(n, county, counts, flags.get("paid"), flags.get("exited"))


# --------------------------------------------------------------- grouping
@final
@attrs.frozen
class _Groups:
    """Rows grouped by county: group 0 is the unknown county."""

    #: The group of each row (a small unsigned integer).
    of_row: npt.NDArray[np.unsignedinteger[Any]]
    #: The county code of each group ("" for group 0).
    codes: tuple[str, ...]


def _places(regions: RegionRegistry) -> list[str]:
    """The codes a brand's county may have: every unit below the province."""
    return [r.code for r in regions if r.level is not Level.PROVINCE]


def _codes_from_text(
    county: npt.NDArray[np.str_], table: npt.NDArray[np.unsignedinteger[Any]]
) -> npt.NDArray[np.unsignedinteger[Any]]:
    """Look six-digit codes up in *table*: the group of each row, ``table[0]`` if malformed.

    Reads the UCS-4 characters in place, one position at a time and a block of
    rows at a time (so that the block stays in cache): a million codes cost a
    few vector passes and no Python string. Blank rows get group 0.
    """
    n, width = len(county), county.dtype.itemsize // 4
    chars = np.ascontiguousarray(county).view(np.uint32).reshape(n, width)
    # Code 0 is in no registry: a malformed code looks it up.
    of_row = np.full(n, table[0], table.dtype)
    # A column narrower than six characters holds no code at all.
    parsed = n if width >= _CODE_DIGITS else 0
    size = min(parsed, _BLOCK)
    code, digit, worst = (np.empty(size, np.uint32) for _ in range(3))
    for start in range(0, parsed, _BLOCK):
        block = chars[start : start + _BLOCK]
        rows = len(block)
        code_, digit_, worst_ = code[:rows], digit[:rows], worst[:rows]
        # A character below "0" wraps around: every non-digit gives a "digit" > 9.
        np.subtract(block[:, 0], _ZERO, out=code_)
        np.copyto(worst_, code_)
        for j in range(1, _CODE_DIGITS):
            np.subtract(block[:, j], _ZERO, out=digit_)
            np.maximum(worst_, digit_, out=worst_)
            code_ *= 10  # a malformed code wraps: it is refused anyway
            code_ += digit_
        for j in range(_CODE_DIGITS, width):
            # Any character but the NUL padding after six digits is malformed.
            np.maximum(worst_, np.add(block[:, j], 9, out=digit_), out=worst_)
        code_ *= np.less_equal(worst_, 9)
        _per_row(table, code_, out=of_row[start : start + rows])
    # Blank: numpy drops trailing NULs only, so "\0" followed by text is not blank.
    starts_with_nul = np.flatnonzero(chars[:, 0] == 0)
    blank = starts_with_nul[~chars[starts_with_nul].any(axis=1)]
    of_row[blank] = 0
    return of_row


def _group(regions: RegionRegistry, county: npt.NDArray[Any]) -> _Groups:
    """Group the rows by county, refusing a code the registry does not know.

    A table indexed by the code itself (10**6 small entries) gives each row
    its group in one pass, with no sort: the inverse index that
    ``np.unique(county, return_inverse=True)`` computes, ten times faster.
    """
    codes = _places(regions)
    invalid = len(codes) + 1
    dtype = np.min_scalar_type(invalid)
    # Every index a clipped look-up can reach: 0 (no code), the codes, 10**6 (none).
    table = np.full(_CODE_SPACE + 1, invalid, dtype)
    table[[int(code) for code in codes]] = np.arange(1, invalid)
    kind = county.dtype.kind
    if kind == "O":
        gids = dict(zip(codes, range(1, invalid), strict=True))
        return _group_objects(county, gids, codes, dtype)
    if kind == "U":
        of_row = _codes_from_text(county, table)
    elif kind in "iu":
        # Negative (and, as an index, too large) codes clip to an invalid entry.
        # numpy 1.x will not index with uint64: clip first, then the cast is exact.
        index = (
            np.minimum(county, _CODE_SPACE).astype(np.int64)
            if county.dtype == np.uint64
            else county
        )
        of_row = _per_row(table, index)
        np.copyto(of_row, 0, where=county == 0)
    else:
        msg = f"Expected GB/T 2260 codes as str or int but got dtype={county.dtype} @ columns['county']"
        raise InvalidArgumentError(msg, field="county")
    if of_row.size and of_row.max() == invalid:
        index = int(np.argmax(of_row == invalid))
        raise _bad(
            column="county",
            index=index,
            value=county[index].item(),
            expected=_COUNTY_EXPECTED,
        )
    return _Groups(of_row, ("", *codes))


def _group_objects(
    county: npt.NDArray[np.object_],
    gids: Mapping[str, int],
    codes: list[str],
    dtype: np.dtype[Any],
) -> _Groups:
    """Group an object array (e.g. from pandas) of code strings by its unique values."""
    try:
        unique, inverse = np.unique(county, return_inverse=True)
    except TypeError as exc:  # a mix of types that do not compare
        msg = f"Expected GB/T 2260 codes as str but got mixed values ({exc}) @ columns['county']"
        raise InvalidArgumentError(msg, field="county") from exc
    mapped = np.empty(len(unique), dtype)
    for i, value in enumerate(unique.tolist()):
        gid = (
            (0 if value == "" else gids.get(value)) if isinstance(value, str) else None
        )
        if gid is None:
            index = int(np.argmax(inverse == i))
            raise _bad(
                column="county", index=index, value=value, expected=_COUNTY_EXPECTED
            )
        mapped[i] = gid
    return _Groups(_per_row(mapped, inverse.reshape(-1)), ("", *codes))


# ---------------------------------------------------------------- amounts
@final
@attrs.frozen
class _Batch:
    """What every measure of one call needs."""

    policy: Policy
    on: pendulum.Date
    cols: _Columns
    groups: _Groups


@final
@attrs.define
class _Priced:
    """The amount arrays of one measure."""

    amount: npt.NDArray[np.int64]
    delegated: npt.NDArray[np.bool_]
    #: Whether the cap reduced the amount (never, for a measure without a cap).
    capped: npt.NDArray[np.bool_]
    suppliers: list[BatchSupplier]


def _not_decided(n: int, outcome: int) -> tuple[npt.NDArray[np.uint8], _Priced]:
    """Every row the same outcome, without amounts."""
    no_amount = _Priced(
        np.full(n, _NO_AMOUNT, np.int64),
        np.zeros(n, np.bool_),
        np.zeros(n, np.bool_),
        [],
    )
    return np.full(n, outcome, np.uint8), no_amount


@final
@attrs.define
class _Plan:
    """Per-county arrays that turn the rules of one measure into vector operations."""

    size: int
    #: The flat sum of the county's rule (0 if none).
    flat: npt.NDArray[np.int64] = attrs.field(init=False)
    #: Whether a Flat or PerHead rule prices the county.
    vector: npt.NDArray[np.bool_] = attrs.field(init=False)
    #: Whether a per-brand formula prices the county.
    formula: npt.NDArray[np.bool_] = attrs.field(init=False)
    #: Whether no rule is in force: the amount is delegated.
    delegated: npt.NDArray[np.bool_] = attrs.field(init=False)
    #: The rule's own cap (int64 max if none).
    rule_cap: npt.NDArray[np.int64] = attrs.field(init=False)
    #: Whether any county's rule has a cap of its own.
    any_rule_cap: bool = False
    #: By head count: the county's summed rate, and whether its rule reads the count.
    rates: dict[str, npt.NDArray[np.int64]] = attrs.Factory(dict)
    reads: dict[str, npt.NDArray[np.bool_]] = attrs.Factory(dict)
    #: The rule of each priced county.
    supplied: dict[int, SuppliedRule] = attrs.Factory(dict)

    def __attrs_post_init__(self) -> None:
        self.flat = np.zeros(self.size, np.int64)
        self.vector = np.zeros(self.size, np.bool_)
        self.formula = np.zeros(self.size, np.bool_)
        self.delegated = np.zeros(self.size, np.bool_)
        self.rule_cap = np.full(self.size, np.iinfo(np.int64).max, np.int64)

    def add(self, gid: int, supplied: SuppliedRule | None) -> None:
        """Record the rule of county *gid*, or that there is none."""
        if supplied is None:
            self.delegated[gid] = True
            return
        formula = supplied.rule.formula
        self.supplied[gid] = supplied
        if isinstance(formula, Flat):
            self.vector[gid] = True
            self.flat[gid] = formula.amount.amount
        elif isinstance(formula, PerHead):
            self.vector[gid] = True
            for name, rate in formula.rates:
                if name not in self.rates:
                    self.rates[name] = np.zeros(self.size, np.int64)
                    self.reads[name] = np.zeros(self.size, np.bool_)
                self.rates[name][gid] += rate.amount
                self.reads[name][gid] = True
            if formula.cap is not None:
                self.rule_cap[gid] = formula.cap.amount
                self.any_rule_cap = True
        elif isinstance(formula, Ratio):
            measure = supplied.rule.measure.value
            msg = f"Expected an amount rule but got a ratio for {measure}"
            raise PluginResultError(
                msg,
                plugin_name=supplied.plugin,
                hook="labourbrand_rules",
                value=formula,
            )
        else:
            self.formula[gid] = True


def _plan(
    batch: _Batch, measure: Measure, eligible_sizes: npt.NDArray[np.intp]
) -> _Plan:
    """Resolve, once per county with an eligible row, the rule that sets the amount."""
    regions, codes = batch.policy.regions, batch.groups.codes
    plan = _Plan(len(codes))
    for gid in np.flatnonzero(eligible_sizes).tolist():
        chain = regions.jurisdiction_chain(codes[gid])
        plan.add(gid, batch.policy.rules.find(measure, chain, batch.on))
    missing = sorted(set(plan.rates) - set(batch.cols.counts))
    if missing:
        msg = (
            f"Expected the column {missing[0]}: a per-head rule for {measure.value} "
            f"multiplies it, but it is missing @ columns"
        )
        raise InvalidArgumentError(msg, field=missing[0])
    return plan


def _check_bounds(batch: _Batch, plan: _Plan, eligible: npt.NDArray[np.bool_]) -> None:
    """Refuse a per-head sum above MAX_FEN, as :class:`~labourbrand.Fen` does for one brand."""
    counts = batch.cols.counts
    worst = sum(
        int(rates.max()) * max(int(counts[name].max()), 0)
        for name, rates in plan.rates.items()
    )
    if worst <= MAX_FEN:  # the usual case: no row can come near
        return
    # Exact, without int64 overflow: a product is only formed below its limit.
    of_row = batch.groups.of_row
    total = np.zeros(batch.cols.n, np.int64)
    over = np.zeros(batch.cols.n, np.bool_)
    for name, rates in plan.rates.items():
        heads = np.maximum(counts[name], 0)
        limits = np.full(len(rates), np.iinfo(np.int64).max, np.int64)
        np.floor_divide(MAX_FEN, rates, out=limits, where=rates > 0)
        over |= heads > _per_row(limits, of_row)
        product = _per_row(rates, of_row)
        np.multiply(product, heads, out=product, where=~over)
        np.add(total, product, out=total, where=~over)
    over |= total > MAX_FEN
    over &= eligible
    if over.any():
        index = int(np.argmax(over))
        msg = f"Expected a per-head amount <= {MAX_FEN} fen but row {index} gives more @ columns"
        raise InvalidArgumentError(msg)


def _vector_amounts(  # noqa: PLR0913 - the parts of a measure's amounts
    batch: _Batch,
    plan: _Plan,
    eligible: npt.NDArray[np.bool_],
    *,
    eligible_sizes: npt.NDArray[np.intp],
    known: frozenset[str],
    cap: int | None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Amounts of the eligible rows a Flat or PerHead rule prices, capped; -1 elsewhere.

    Returns the amounts and whether the province's cap reduced each. The work
    goes a block of rows at a time, so that its temporaries stay in cache, and
    masks are applied arithmetically (``amount * keep - drop``): a masked copy
    costs several times more on rows that alternate unpredictably.
    """
    of_row, counts, n = batch.groups.of_row, batch.cols.counts, batch.cols.n
    if plan.rates:
        _check_bounds(batch, plan, eligible)
    # Every eligible row priced by an amount rule: the usual case, one mask less.
    only_vector = not (eligible_sizes.astype(np.bool_) & ~plan.vector).any()
    not_vector = ~plan.vector
    # A rule that multiplies an unknown count gives no amount. The counts the
    # measure's own conditions read are known on every eligible row.
    unknowns = [
        (counts[name], reads)
        for name, reads in plan.reads.items()
        if name not in known and counts[name].min() < 0
    ]
    amount = np.empty(n, np.int64)
    capped = np.zeros(n, np.bool_)
    size = min(n, _BLOCK)
    scratch = np.empty(size, np.int64)
    keep = np.empty(size, np.bool_)
    rates = list(plan.rates.items())
    # The first term is written, the others added: the flat sums, or else the first rate.
    flat_first = bool(plan.flat.any()) or not rates
    for start in range(0, n, _BLOCK):
        rows = slice(start, start + _BLOCK)
        out, groups = amount[rows], of_row[rows]
        tmp, keep_ = scratch[: len(out)], keep[: len(out)]
        if flat_first:
            _per_row(plan.flat, groups, out=out)
        else:
            name, values = rates[0]
            np.multiply(_per_row(values, groups, out=out), counts[name][rows], out=out)
        for name, values in rates[0 if flat_first else 1 :]:
            tmp = np.multiply(
                _per_row(values, groups, out=tmp), counts[name][rows], out=tmp
            )
            out += tmp
        if plan.any_rule_cap:
            np.minimum(out, _per_row(plan.rule_cap, groups, out=tmp), out=out)
        if cap is not None:
            # No amount above the province's cap, whatever a plugin says.
            np.greater(out, cap, out=capped[rows])
            np.minimum(out, cap, out=out)
        if only_vector:
            np.copyto(keep_, eligible[rows])
        else:
            np.logical_not(_per_row(not_vector, groups), out=keep_)
            keep_ &= eligible[rows]
        for values, reads in unknowns:
            keep_ &= ~(_per_row(reads, groups) & (values[rows] < 0))
        out *= keep_
        out -= ~keep_
        capped[rows] &= keep_
    return amount, capped


def _observation(batch: _Batch, index: int) -> WorkforceObservation | None:
    """The observation of row *index*, dated *on*; ``None`` if a count is unknown."""
    counts = {name: int(array[index]) for name, array in batch.cols.counts.items()}
    if min(counts.values()) < 0:
        return None
    try:
        return WorkforceObservation(on=batch.on, **counts)
    except InvalidArgumentError as exc:
        msg = f"Expected head counts that nest but got, in row {index}: {exc}"
        raise InvalidArgumentError(msg, field=exc.field) from exc


def _formula_amounts(
    batch: _Batch,
    plan: _Plan,
    rows: npt.NDArray[np.intp],
    priced: tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]],
    cap: int | None,
) -> None:
    """The escape hatch: call a per-brand formula once for each of *rows*, as for one brand.

    The formula sees a brand named ``"row <i>"`` with the row's county and one
    observation dated *on*; a row with an unknown count gets no amount, since
    a formula may read any count. The amount is capped like any other.
    """
    amount, capped = priced
    missing = [name for name in _EXTRA_COUNTS if name not in batch.cols.counts]
    if missing:
        msg = (
            "Expected the columns practitioners and rural: a per-brand formula reads "
            f"the whole workforce observation, but {', '.join(missing)} missing @ columns"
        )
        raise InvalidArgumentError(msg, field=missing[0])
    for index in rows.tolist():
        observation = _observation(batch, index)
        if observation is None:
            amount[index] = _NO_AMOUNT
            continue
        gid = int(batch.groups.of_row[index])
        county = batch.groups.codes[gid]
        brand = Brand(name_zh=f"row {index}", county=county, workforce=(observation,))
        value = rule_amount(plan.supplied[gid], brand, observation, batch.on)
        if value is None:
            amount[index] = _NO_AMOUNT
        elif cap is not None and value.amount > cap:
            amount[index], capped[index] = cap, True
        else:
            amount[index] = value.amount


def _suppliers(
    measure: Measure, plan: _Plan, codes: tuple[str, ...], sizes: npt.NDArray[np.intp]
) -> list[BatchSupplier]:
    """One entry per rule that priced eligible rows, by jurisdiction."""
    used: dict[SuppliedRule, list[int]] = {}
    for gid, supplied in plan.supplied.items():
        used.setdefault(supplied, []).append(gid)
    ordered = sorted(
        used.items(),
        key=lambda item: (item[0].rule.jurisdiction, item[0].rule.first_day),
    )
    return [
        BatchSupplier(
            measure=measure.value,
            jurisdiction=supplied.rule.jurisdiction,
            plugin=supplied.plugin,
            version=supplied.version,
            reference=supplied.rule.reference,
            counties=tuple(sorted(codes[gid] for gid in gids)),
            rows=int(sum(sizes[gid] for gid in gids)),
        )
        for supplied, gids in ordered
    ]


def _price(
    batch: _Batch,
    measure: Measure,
    outcome: npt.NDArray[np.uint8],
    *,
    cap: int | None,
    known: frozenset[str],
) -> _Priced:
    """The amounts of the eligible rows: a rule per county, vector operations, the cap.

    *known* names the counts the measure's conditions require on an eligible row.
    """
    of_row, n = batch.groups.of_row, batch.cols.n
    eligible = outcome == _ELIGIBLE
    # Group 0 (no county) is never eligible: it counts the ineligible rows here.
    eligible_sizes = np.bincount(of_row * eligible, minlength=len(batch.groups.codes))
    eligible_sizes[0] = 0
    plan = _plan(batch, measure, eligible_sizes)
    if plan.vector.any():
        amount, capped = _vector_amounts(
            batch, plan, eligible, eligible_sizes=eligible_sizes, known=known, cap=cap
        )
    else:
        amount, capped = np.full(n, _NO_AMOUNT, np.int64), np.zeros(n, np.bool_)
    if plan.formula.any():
        rows = _per_row(plan.formula, of_row)
        rows &= eligible
        _formula_amounts(batch, plan, np.flatnonzero(rows), (amount, capped), cap)
    if plan.delegated.any():
        delegated = _per_row(plan.delegated, of_row)
        delegated &= eligible
    else:
        delegated = np.zeros(n, np.bool_)
    suppliers = _suppliers(measure, plan, batch.groups.codes, eligible_sizes)
    return _Priced(amount, delegated, capped, suppliers)


# --------------------------------------------------------------- measures
#: The counts each measure's conditions require on an eligible row.
_AWARD_READS: Final = frozenset({"rural_signed"})
_TRANSPORT_READS: Final = frozenset({"poverty_alleviated", "rural_low_income"})


def _flag(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint8]:
    """A bool mask as 0/1 codes, without a copy."""
    return mask.view(np.uint8)


def _award(batch: _Batch) -> tuple[npt.NDArray[np.uint8], _Priced]:
    """The employment award (clause 4.2), row by row as ``Policy.employment_award``.

    The scalar rule asks, in order: exited? county known? observed? threshold
    met? already paid? The codes are combined so that the earlier question
    wins: ``max`` lets UNDETERMINED (2) beat INELIGIBLE (1), and the exit
    overwrites both.
    """
    compiled = batch.policy._compile(batch.on)  # noqa: SLF001 - the engine's day cache
    n = batch.cols.n
    if not compiled.in_force:
        return _not_decided(n, _NOT_IN_FORCE)
    if compiled.threshold is None or compiled.cap is None:
        return _not_decided(n, _UNDETERMINED)
    signed = batch.cols.counts["rural_signed"]
    below = np.less(signed, compiled.threshold)
    if batch.cols.paid is not None:
        below |= batch.cols.paid  # one-time: already in the ledger
    unknown = np.less(signed, 0)  # no observation
    unknown |= batch.groups.of_row == 0  # no county
    outcome = np.left_shift(_flag(unknown), 1)  # UNDETERMINED
    np.maximum(outcome, _flag(below), out=outcome)  # INELIGIBLE
    del below, unknown
    if batch.cols.exited is not None:  # clause 3.4
        outcome *= ~batch.cols.exited
        outcome |= _flag(batch.cols.exited)
    cap = compiled.cap.amount
    priced = _price(
        batch, Measure.EMPLOYMENT_AWARD, outcome, cap=cap, known=_AWARD_READS
    )
    return outcome, priced


def _transport(batch: _Batch) -> tuple[npt.NDArray[np.uint8], _Priced]:
    """The one-time transport subsidy (clause 4.2), row by row as ``transport_subsidy``.

    For the poverty-alleviated and rural low-income workers a brand places; in
    force from the day the opinions were issued; no exit or ledger condition.
    The scalar rule asks: observed? anybody placed? county known?
    """
    if batch.on < clauses().document.issued:
        return _not_decided(batch.cols.n, _NOT_IN_FORCE)
    poverty = batch.cols.counts["poverty_alleviated"]
    low_income = batch.cols.counts["rural_low_income"]
    outcome = np.left_shift(_flag(batch.groups.of_row == 0), 1)  # no county
    nobody = poverty == 0
    nobody &= low_income == 0
    outcome *= ~nobody
    outcome |= _flag(nobody)  # INELIGIBLE, whatever the county
    unobserved = np.less(poverty, 0)
    unobserved |= low_income < 0
    np.maximum(outcome, np.left_shift(_flag(unobserved), 1), out=outcome)
    del nobody, unobserved
    priced = _price(
        batch, Measure.TRANSPORT_SUBSIDY, outcome, cap=None, known=_TRANSPORT_READS
    )
    return outcome, priced


def evaluate_batch(
    policy: Policy, columns: Mapping[str, npt.NDArray[Any]], *, on: pendulum.Date
) -> BatchResult:
    """Decide the employment award and the transport subsidy for every row of *columns*.

    Each row is one brand; the result holds, for each row, what the scalar
    engine decides for that brand on day *on* (see the module documentation
    for unknown counts and per-brand formulas).

    Args:
        policy: the policy (parameters, regions, plugin rules).
        columns: one-dimensional arrays of equal length:

            - ``county``: GB/T 2260 codes of the county-level units, as ``str``
              (``""`` for unknown) or ``int`` (``0`` for unknown);
            - ``rural_signed``, ``poverty_alleviated``, ``rural_low_income``:
              integer head counts of the latest observation, ``-1`` for unknown;
            - ``paid`` (optional, ``bool``): the employment award is already in
              the ledger;
            - ``exited`` (optional, ``bool``): the brand has exited the pool;
            - ``practitioners``, ``rural`` (optional, integers): only needed by
              a rule that multiplies them, or by a per-brand formula.
        on: the day of the decisions.

    Returns:
        The decisions as arrays.

    Raises:
        InvalidArgumentError: a column is missing, unknown, of the wrong dtype
            (floats are refused) or length, or holds a value out of its domain
            (a code the registry does not know, a count below ``-1``); the
            message names the column and the first bad row.
        PluginError: a per-brand formula raised.
        PluginResultError: a rule is a ratio, or a formula returned no
            :class:`~labourbrand.Fen`.

    Example:
        >>> import numpy as np, pendulum
        >>> from labourbrand.policy import Policy
        >>> result = evaluate_batch(Policy.shaanxi(entry_points=False), {
        ...     "county": np.array(["610924", "610403", ""]),
        ...     "rural_signed": np.array([520, 80, 900]),
        ...     "poverty_alleviated": np.array([12, 0, -1]),
        ...     "rural_low_income": np.array([3, 0, -1]),
        ... }, on=pendulum.Date(2023, 7, 1))
        >>> [OUTCOME_CODES[c].value for c in result.award_outcome]
        ['eligible', 'ineligible', 'undetermined']
        >>> result.award_amount.tolist(), result.award_delegated.tolist()
        ([-1, -1, -1], [True, False, False])

    .. versionadded:: 0.1.0
    """
    day: object = on  # checked at run time too: callers may not run mypy
    if not isinstance(day, pendulum.Date):
        msg = f"Expected a pendulum.Date but got on={day!r} (type={type(day).__name__})"
        raise InvalidArgumentError(msg, field="on")
    cols = _validate(columns)
    batch = _Batch(policy, day, cols, _group(policy.regions, cols.county))
    award_outcome, award = _award(batch)
    transport_outcome, transport = _transport(batch)
    return BatchResult(
        on=day,
        award_outcome=award_outcome,
        award_amount=award.amount,
        award_delegated=award.delegated,
        award_capped=award.capped,
        transport_outcome=transport_outcome,
        transport_amount=transport.amount,
        transport_delegated=transport.delegated,
        suppliers=(*award.suppliers, *transport.suppliers),
    )
