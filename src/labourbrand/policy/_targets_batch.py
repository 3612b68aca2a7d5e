"""The province's targets from columns of brands: the same report, a million brands at once (private).

:func:`targets_batch` reads one numpy array per column of the brands (one
row per brand), counts what the targets read with the declared tallies
(:data:`~labourbrand.policy._targets.TALLIES`, their column meaning) and each
county's brands with one ``bincount``, and hands the numbers to the one report
builder (:func:`~labourbrand.policy._targets.report`) that
:meth:`Policy.targets <labourbrand.policy.Policy.targets>` uses for brands
one by one. The two paths share every rule; they differ only in how a row
is read.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from labourbrand._model import Category, RecognitionLevel
from labourbrand.dates import as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._columns import _bad, _column, _flag, _group
from labourbrand.policy._targets import (
    CATEGORY_CODES,
    LEVEL_COLUMNS,
    NO_CATEGORY,
    TALLIES,
    national_known_codes,
    report,
)
from labourbrand.regions import Level


if TYPE_CHECKING:
    from collections.abc import Mapping

    import pendulum

    from labourbrand.policy._engine import Policy
    from labourbrand.policy._targets import TargetsReport


__all__ = ["TARGET_COLUMNS", "targets_batch"]

#: The columns :func:`targets_batch` reads; ``exited`` (no brand exited) and
#: ``nationally_known`` (not known for any brand) may be left out.
TARGET_COLUMNS: Final = (
    "county",
    "category",
    "exited",
    "nationally_known",
    *LEVEL_COLUMNS.values(),
)
_OPTIONAL: Final = frozenset({"exited", "nationally_known"})
_CATEGORY_EXPECTED: Final = (
    "a category code (" + ", ".join(c.value for c in Category) + ") or blank"
)
_CATEGORY_TEXT: Final = {
    category.value: code for category, code in CATEGORY_CODES.items()
}


def _known_flag(columns: Mapping[str, object], name: str) -> npt.NDArray[np.int8]:
    """A flag every row knows: ``bool``, or integers ``0``/``1``."""
    values = _flag(columns, name)
    unknown = np.flatnonzero(values < 0)
    if unknown.size:
        index = int(unknown[0])
        raise _bad(
            column=name,
            index=index,
            value=-1,
            expected="0 or 1 (what a brand's records say of the day is known)",
        )
    return values


def _categories(columns: Mapping[str, object]) -> npt.NDArray[np.int64]:
    """Category codes: ``Category`` values (``""`` or ``None`` unknown), or their indexes (``-1`` unknown)."""
    values = _column(columns, "category")
    kind = values.dtype.kind
    if kind in "iu":
        codes = values.astype(np.int64)
        bad = np.flatnonzero((codes < NO_CATEGORY) | (codes >= len(Category)))
        expected = f"a category index from -1 (unknown) to {len(Category) - 1}"
    elif kind == "U":
        # One comparison per category: no sort, no Python string per row.
        codes = np.full(len(values), len(Category), np.int64)
        codes[values == ""] = NO_CATEGORY
        for text, code in _CATEGORY_TEXT.items():
            codes[values == text] = code
        bad = np.flatnonzero(codes == len(Category))
        expected = _CATEGORY_EXPECTED
    elif kind == "O":  # e.g. from pandas: strings, None for unknown
        lookup: dict[object, int] = {None: NO_CATEGORY, "": NO_CATEGORY}
        lookup.update(_CATEGORY_TEXT)
        codes = np.fromiter(
            (
                lookup.get(v, len(Category))
                if v is None or isinstance(v, str)
                else len(Category)
                for v in values.tolist()
            ),
            np.int64,
            count=len(values),
        )
        bad = np.flatnonzero(codes == len(Category))
        expected = _CATEGORY_EXPECTED
    else:
        msg = f"Expected category codes as str or int but got dtype={values.dtype} @ columns['category']"
        raise InvalidArgumentError(msg, field="category")
    if bad.size:
        index = int(bad[0])
        value = values[index]
        raise _bad(
            column="category",
            index=index,
            value=value.item() if isinstance(value, np.generic) else value,
            expected=expected,
        )
    return codes


def targets_batch(
    policy: Policy, columns: Mapping[str, npt.NDArray[Any]], *, on: pendulum.Date
) -> TargetsReport:
    """Report every target from columns of brands, one row per brand: the report :meth:`Policy.targets <labourbrand.policy.Policy.targets>` gives for those brands.

    Args:
        policy: the policy (its parameters and region registry).
        columns: one-dimensional arrays of equal length, one row per brand:

            - ``county``: GB/T 2260 codes of county-level units, as ``str`` or
              ``int``; blank (``""`` or ``0``) where the county is unknown (the
              brand counts in the total and fills no county);
            - ``category``: :class:`~labourbrand.Category` values (``"skilled"``,
              ``"service"``, ``"culture_tourism"``, ``"livelihood"``; ``""`` or
              ``None`` unknown), or their index in that order (``-1`` unknown);
            - ``held_national``, ``held_provincial``, ``held_city``,
              ``held_county``: whether the brand holds a recognition of exactly
              that level on *on* (:meth:`Recognition.held
              <labourbrand.Recognition.held>`), ``bool``, or ``0``/``1`` with
              ``-1`` where the recognition has neither day nor year;
            - ``nationally_known`` (optional: without it, unknown for every
              brand): whether a source describes the brand as nationally
              known (:attr:`Brand.nationally_known
              <labourbrand.Brand.nationally_known>`), ``bool``, or
              ``0``/``1`` with ``-1`` unknown;
            - ``exited`` (optional: without it no brand exited): whether the
              brand had exited the resource pool by *on* (its stage on the day
              is :attr:`Stage.EXITED <labourbrand.Stage.EXITED>`); an exited
              brand counts in no target. A fact of the brand's own records,
              always known: ``-1`` is refused.
        on: the day.

    Returns:
        The :class:`~labourbrand.policy.TargetsReport` of the day.

    Raises:
        InvalidArgumentError: a column is missing or unknown, of the wrong
            dtype or length, or holds a value out of its domain (a county not
            in the registry or not a county-level unit, a category not of
            the four); the message names the column and the first bad row.

    Example:
        >>> import numpy as np, pendulum
        >>> from labourbrand.policy import Policy
        >>> report = Policy.shaanxi(entry_points=False).targets_batch(
        ...     {
        ...         "county": np.array(["610924", "610727", ""]),
        ...         "category": np.array(["skilled", "", "service"]),
        ...         "held_national": np.array([True, False, False]),
        ...         "held_provincial": np.array([False, True, False]),
        ...         "held_city": np.zeros(3, bool),
        ...         "held_county": np.zeros(3, bool),
        ...         "nationally_known": np.array([1, 0, 0], np.int8),
        ...     },
        ...     on=pendulum.Date(2024, 7, 1))
        >>> total = report["target_brands_total"]
        >>> total.status.value, total.value, report["target_brands_per_county"].value
        ('not_met', 3, 2)
        >>> national = report["target_national_known"]
        >>> national.status.value, national.value
        ('not_met', 1)

    .. versionadded:: 0.2.0
    """
    on = as_date(on)
    unknown = sorted(str(name) for name in columns if name not in TARGET_COLUMNS)
    if unknown:
        msg = f"Expected columns among {', '.join(TARGET_COLUMNS)} but got {', '.join(unknown)} @ columns"
        raise InvalidArgumentError(msg, field=unknown[0])
    for name in TARGET_COLUMNS:
        if name not in _OPTIONAL and name not in columns:
            msg = f"Expected the column {name} but it is missing @ columns"
            raise InvalidArgumentError(msg, field=name)
    groups = _group(policy.regions, _column(columns, "county"))
    of_row, codes = groups.of_row, groups.codes
    n = len(of_row)
    read: dict[str, npt.NDArray[Any]] = {
        "county_known": (of_row != 0).view(np.int8),
        "category": _categories(columns),
        **{name: _flag(columns, name) for name in LEVEL_COLUMNS.values()},
        "nationally_known": (
            _flag(columns, "nationally_known")
            if "nationally_known" in columns
            else np.full(n, -1, np.int8)
        ),
    }
    read["national_known"] = national_known_codes(
        read["nationally_known"], read[LEVEL_COLUMNS[RecognitionLevel.NATIONAL]]
    )
    exited = (
        _known_flag(columns, "exited") if "exited" in columns else np.zeros(n, np.int8)
    )
    lengths = {n, len(exited), *(len(a) for a in read.values())}
    if len(lengths) > 1:
        msg = f"Expected columns of one length but got lengths {sorted(lengths)} @ columns"
        raise InvalidArgumentError(msg, field="columns")
    counted = exited == 0
    per_group = np.bincount(of_row[counted], minlength=len(codes))
    present = np.flatnonzero(np.bincount(of_row, minlength=len(codes)))
    for gid in present.tolist():
        if gid and policy.regions[codes[gid]].level is not Level.COUNTY:
            index = int(np.argmax(of_row == gid))
            raise _bad(
                column="county",
                index=index,
                value=codes[gid],
                expected="the code of a county-level unit, or blank (unknown)",
            )
    gid_of = {code: gid for gid, code in enumerate(codes)}
    counts: Mapping[str, int] = MappingProxyType(
        {
            str(region.code): int(per_group[gid_of[region.code]])
            for region in policy.regions.counties()
        }
    )
    return report(
        policy,
        on=on,
        counted=int(np.count_nonzero(counted)),
        exited=n - int(np.count_nonzero(counted)),
        counts=counts,
        tallies={tally.name: tally.of_columns(read, counted) for tally in TALLIES},
    )
