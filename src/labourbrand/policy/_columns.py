"""Columns in: checked arrays, one per fact, and rows grouped by county (private).

One row is one brand. ``county`` is required: GB/T 2260 codes as ``str``
(``""`` for unknown) or ``int`` (``0`` for unknown), or an object array of
strings (as pandas gives; ``None`` or pandas' ``NA`` for unknown). Counts are
integers; flags are ``bool``, or integers ``0`` and ``1``. A value is missing,
and so unknown, where it is masked (a :class:`numpy.ma.MaskedArray`), ``NaN``
(a float column, as pandas holds an integer column with gaps), ``None`` or
pandas' ``NA`` (an object column, a nullable pandas column), or ``-1`` (the
integer mark of the unknown, kept and documented). A fact with no column is
unknown on every row, except ``exited`` and ``paid``: no exit and no payment
recorded. A float that is not a whole number is refused: a count or a flag is
never a fraction. A pandas ``DataFrame`` is read as a mapping of its columns.
"""

from __future__ import annotations

import math
import sys
import weakref
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._vocabulary import COUNT_FACTS, FLAG_FACTS, Columns
from labourbrand.regions import Level


if TYPE_CHECKING:
    from collections.abc import Collection

    from labourbrand.regions import RegionRegistry


__all__ = ["read_columns"]

#: A count of -1 is unknown; below that is refused.
_UNKNOWN: Final = -1
#: A GB/T 2260 code has six digits.
_CODE_DIGITS: Final = 6
_CODE_SPACE: Final = 10**_CODE_DIGITS
#: Rows per block where a block of work should stay in the CPU cache.
_BLOCK: Final = 1 << 17
_ZERO: Final = ord("0")
_COUNTY_EXPECTED: Final = "a county code of the registry, or blank (unknown)"
#: The legacy name of the employment award's ``paid`` column.
_LEGACY_PAID: Final = {"paid": "paid_employment_award"}


def _per_row(
    values: npt.NDArray[Any],
    index: npt.NDArray[np.integer[Any]],
    out: npt.NDArray[Any] | None = None,
) -> npt.NDArray[Any]:
    return np.take(values, index, out=out, mode="clip")


def _bad(
    *, column: str, index: int, value: object, expected: str
) -> InvalidArgumentError:
    """The error for the first bad value of a column, naming its row."""
    msg = (
        f"Expected {expected} but got {column}[{index}]={value!r} @ columns[{column!r}]"
    )
    return InvalidArgumentError(msg, field=column)


def _is_missing(value: object) -> bool:
    """Whether an item of an object column is missing: ``None``, pandas' ``NA``, ``NaN``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    # pandas' NA can only be there if pandas is loaded: never import it here.
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA


def _raw(
    columns: Mapping[str, object], name: str
) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_] | None]:
    """A column as a one-dimensional array, and the mask of a masked array (if any is masked)."""
    value = columns[name]
    mask: npt.NDArray[np.bool_] | None = None
    if isinstance(value, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(value)
        value = np.ma.getdata(value)
        if not mask.any():
            mask = None
    array = np.asarray(value)
    if array.ndim != 1:
        msg = f"Expected a one-dimensional array but got shape {array.shape} @ columns[{name!r}]"
        raise InvalidArgumentError(msg, field=name)
    return array, mask


def _column(columns: Mapping[str, object], name: str) -> npt.NDArray[Any]:
    """A column as a one-dimensional array; a masked item becomes ``None``."""
    array, mask = _raw(columns, name)
    if mask is not None:
        array = array.astype(object)
        array[mask] = None
    return array


def _whole_numbers(
    array: npt.NDArray[Any], name: str, expected: str, *, bools: bool = False
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """A float or object column as int64, and where it is missing.

    Missing: ``NaN`` in a float column; ``None``, pandas' ``NA`` or ``NaN`` in
    an object column. Any other item must be a whole number (an ``int``, or a
    float with no fraction) within ``int64``; a ``bool`` only if *bools*.
    """
    n = len(array)
    if array.dtype.kind == "f":
        missing = np.isnan(array)
        known = array[~missing]
        bad = ~np.isfinite(known) | (known != np.floor(known)) | (np.abs(known) > 2**62)
        if bad.any():
            index = int(np.flatnonzero(~missing)[np.argmax(bad)])
            raise _bad(
                column=name, index=index, value=array[index].item(), expected=expected
            )
        out = np.where(missing, _UNKNOWN, array).astype(np.int64)
        return out, missing
    out = np.empty(n, np.int64)
    missing = np.zeros(n, np.bool_)
    for index, item in enumerate(array.tolist()):
        if _is_missing(item):
            missing[index] = True
            out[index] = _UNKNOWN
        elif (type(item) is int and -(2**62) <= item <= 2**62) or (
            bools and type(item) is bool
        ):
            out[index] = item
        elif isinstance(item, float) and item.is_integer() and abs(item) <= 2**62:
            out[index] = int(item)
        else:
            raise _bad(column=name, index=index, value=item, expected=expected)
    return out, missing


def _count_column(columns: Mapping[str, object], name: str) -> npt.NDArray[Any]:
    """A count column as integers, ``-1`` where unknown (masked, ``NaN``, ``None``, ``NA``)."""
    array, mask = _raw(columns, name)
    kind = array.dtype.kind
    if kind in "fO":
        array, missing = _whole_numbers(array, name, "a count (a whole number >= 0)")
        mask = missing if mask is None else mask | missing
    elif kind not in "iu":
        msg = f"Expected an integer array (missing values for unknown) but got dtype={array.dtype} @ columns[{name!r}]"
        raise InvalidArgumentError(msg, field=name)
    if array.dtype == np.uint64:
        # Counts beyond int64 are refused below, so the view is exact.
        too_big = np.flatnonzero(array > np.iinfo(np.int64).max)
        if mask is not None:
            too_big = too_big[~mask[too_big]]
        if too_big.size:
            index = int(too_big[0])
            raise _bad(
                column=name, index=index, value=int(array[index]), expected="a count"
            )
        array = array.view(np.int64)
    below = array < _UNKNOWN
    if mask is not None:
        below &= ~mask
    if array.size and below.any():
        index = int(np.argmax(below))
        raise _bad(
            column=name, index=index, value=int(array[index]), expected="a count >= -1"
        )
    if mask is not None:
        array = np.where(mask, _UNKNOWN, array).astype(np.int64)
    return array


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


@final
@attrs.frozen
class _Index:
    """A registry's county groups: their codes, and a table from code to group."""

    #: The codes, in group order (group 0, the unknown county, first: ``""``).
    codes: tuple[str, ...]
    #: Each code's group, indexed by the code as an integer; :attr:`invalid` elsewhere.
    table: npt.NDArray[np.unsignedinteger[Any]]
    #: The group of a code the registry does not know.
    invalid: int
    #: Each code's group, by the code as text.
    gids: Mapping[str, int]


#: Each registry's index, built on first use and dropped with the registry:
#: a registry is immutable, and a batch of a few rows must not pay for a
#: table of a million entries.
_INDEXES: weakref.WeakKeyDictionary[RegionRegistry, _Index] = (
    weakref.WeakKeyDictionary()
)


def _index(regions: RegionRegistry) -> _Index:
    """The county groups of *regions* (computed once per registry)."""
    found = _INDEXES.get(regions)
    if found is None:
        codes = _places(regions)
        invalid = len(codes) + 1
        # Every index a clipped look-up can reach: 0 (no code), the codes, 10**6 (none).
        table = np.full(_CODE_SPACE + 1, invalid, np.min_scalar_type(invalid))
        table[[int(code) for code in codes]] = np.arange(1, invalid)
        table.flags.writeable = False
        gids = MappingProxyType({code: gid for gid, code in enumerate(codes, 1)})
        found = _INDEXES[regions] = _Index(("", *codes), table, invalid, gids)
    return found


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
    places = _index(regions)
    table, invalid = places.table, places.invalid
    kind = county.dtype.kind
    if kind == "O":
        return _group_objects(county, places)
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
    return _Groups(of_row, places.codes)


def _group_objects(county: npt.NDArray[np.object_], places: _Index) -> _Groups:
    """Group an object array (e.g. from pandas) of code strings by its unique values.

    A missing code (``None``, pandas' ``NA``, ``NaN``) is an unknown county, as blank is.
    """
    county = np.array(["" if _is_missing(v) else v for v in county.tolist()], object)
    try:
        unique, inverse = np.unique(county, return_inverse=True)
    except TypeError as exc:  # a mix of types that do not compare
        msg = f"Expected GB/T 2260 codes as str but got mixed values ({exc}) @ columns['county']"
        raise InvalidArgumentError(msg, field="county") from exc
    gids = places.gids
    mapped = np.empty(len(unique), places.table.dtype)
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
    return _Groups(_per_row(mapped, inverse.reshape(-1)), places.codes)


def _flag(columns: Mapping[str, object], name: str) -> npt.NDArray[np.int8]:
    """A flag column as int8 codes: 1 yes, 0 no, -1 unknown (masked, ``NaN``, ``None``, ``NA``)."""
    array, mask = _raw(columns, name)
    kind = array.dtype.kind
    if array.dtype == np.bool_:
        codes = array.view(np.int8)
    elif kind in "iufO":
        if kind in "fO":
            array, missing = _whole_numbers(array, name, "a bool, 0 or 1", bools=True)
            mask = missing if mask is None else mask | missing
        bad = (
            np.flatnonzero((array < -1) | (array > 1))
            if array.dtype.kind == "i"
            else np.flatnonzero(array > 1)
        )
        if mask is not None:
            bad = bad[~mask[bad]]
        if bad.size:
            index = int(bad[0])
            raise _bad(
                column=name,
                index=index,
                value=array[index].item(),
                expected="-1, 0 or 1",
            )
        codes = array.astype(np.int8)
    else:
        msg = f"Expected a bool array, or integers with missing values for unknown, but got dtype={array.dtype} @ columns[{name!r}]"
        raise InvalidArgumentError(msg, field=name)
    if mask is not None:
        codes = np.where(mask, np.int8(-1), codes).astype(np.int8)
    return codes


@final
@attrs.frozen
class Read:
    """The checked columns and the rows grouped by county."""

    columns: Columns
    #: The group of each row (0: unknown county).
    of_row: npt.NDArray[Any]
    #: The county code of each group ("" for group 0).
    codes: tuple[str, ...]


def read_columns(
    columns: Mapping[str, object], regions: RegionRegistry, *, measures: Collection[str]
) -> Read:
    """Check *columns* and group their rows by county.

    Raises:
        InvalidArgumentError: ``county`` is missing; a column is unknown (a
            misspelt ``payed`` must not silently mean "not paid"), of the
            wrong dtype or length, or holds a value out of its domain; the
            message names the column and the first bad row.
    """
    if "county" not in columns:
        msg = "Expected the column county but it is missing @ columns"
        raise InvalidArgumentError(msg, field="county")
    paid = {f"paid_{m}" for m in measures} | set(_LEGACY_PAID)
    known = {"county"} | COUNT_FACTS | (FLAG_FACTS - {"paid"}) | paid
    unknown = sorted(str(name) for name in columns if name not in known)
    if unknown:
        msg = f"Expected columns among {', '.join(sorted(known))} but got {', '.join(unknown)} @ columns"
        raise InvalidArgumentError(msg, field=unknown[0])
    county = _column(columns, "county")
    counts = {
        name: _count_column(columns, name)
        for name in sorted(COUNT_FACTS)
        if name in columns
    }
    flags = {
        _LEGACY_PAID.get(name, name): _flag(columns, name)
        for name in sorted(known - {"county"} - COUNT_FACTS)
        if name in columns
    }
    n = len(county)
    for name, array in (*counts.items(), *flags.items()):
        if len(array) != n:
            msg = f"Expected {n} rows, as columns['county'] has, but got {len(array)} @ columns[{name!r}]"
            raise InvalidArgumentError(msg, field=name)
    groups = _group(regions, county)
    present = np.flatnonzero(np.bincount(groups.of_row, minlength=len(groups.codes)))
    cols = Columns(
        n=n,
        county_known=groups.of_row != 0,
        counts=counts,
        flags=flags,
        groups=tuple(present[present != 0].tolist()),
    )
    return Read(cols, groups.of_row, groups.codes)
