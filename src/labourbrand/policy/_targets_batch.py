"""The province's targets from columns of brands: the same report, a million brands at once (private).

:func:`targets_batch` reads one numpy array per column of the brands (one
row per brand), counts what the targets read with the declared tallies
(:data:`~labourbrand.policy._targets_counted.TALLIES`, their column meaning) and each
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

from labourbrand._model import RecognitionLevel
from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._columns import _bad, _column, _flag, _group, _is_missing
from labourbrand.policy._targets import report
from labourbrand.policy._targets_counted import (
    CATEGORY_CODES,
    DISCOVERED,
    EXITED,
    LEVEL_COLUMNS,
    NO_CATEGORY,
    STAGE_CODES,
    TALLIES,
    counted,
    national_known_codes,
)
from labourbrand.regions import Level


if TYPE_CHECKING:
    from collections.abc import Mapping

    from labourbrand.policy._engine import Policy
    from labourbrand.policy._targets import TargetsReport


__all__ = ["TARGET_COLUMNS", "targets_batch"]

#: The columns :func:`targets_batch` reads; ``nationally_known`` (not known
#: for any brand) may be left out, the others are required.
TARGET_COLUMNS: Final = (
    "county",
    "category",
    "stage",
    "nationally_known",
    *LEVEL_COLUMNS.values(),
)
_OPTIONAL: Final = frozenset({"nationally_known"})
_CATEGORY_TEXT: Final = {
    category.value: code for category, code in CATEGORY_CODES.items()
}
_STAGE_TEXT: Final = {stage.value: code for stage, code in STAGE_CODES.items()}


def _codes(
    columns: Mapping[str, object],
    name: str,
    text: Mapping[str, int],
    *,
    what: str,
    unknown: int | None,
) -> npt.NDArray[np.int64]:
    """Codes of an enum column: its values as ``str``, or their indexes.

    *text* maps each value to its index; where *unknown* is a code, ``""``,
    a missing value (``None``, pandas' ``NA``, masked) and that index read as
    unknown, else every row must name a member.
    """
    values = _column(columns, name)
    kind = values.dtype.kind
    size = len(text)  # one past the last index: "not a member"
    blank = "" if unknown is None else " or blank"
    expected_text = f"a {what} code ({', '.join(text)}){blank}"
    if kind in "iu":
        codes = values.astype(np.int64)
        low = 0 if unknown is None else unknown
        bad = np.flatnonzero((codes < low) | (codes >= size))
        first = "0" if unknown is None else f"{unknown} (unknown)"
        expected = f"a {what} index from {first} to {size - 1}"
    elif kind == "U":
        # One comparison per member: no sort, no Python string per row.
        codes = np.full(len(values), size, np.int64)
        if unknown is not None:
            codes[values == ""] = unknown
        for value, code in text.items():
            codes[values == value] = code
        bad = np.flatnonzero(codes == size)
        expected = expected_text
    elif kind == "O":  # e.g. from pandas: strings, None or NA for unknown
        lookup: dict[object, int] = dict(text.items())
        missing = size if unknown is None else unknown
        if unknown is not None:
            lookup[""] = unknown
        codes = np.fromiter(
            (
                lookup.get(v, size)
                if isinstance(v, str)
                else missing
                if _is_missing(v)
                else size
                for v in values.tolist()
            ),
            np.int64,
            count=len(values),
        )
        bad = np.flatnonzero(codes == size)
        expected = expected_text
    else:
        msg = f"Expected {what} codes as str or int but got dtype={values.dtype} @ columns[{name!r}]"
        raise InvalidArgumentError(msg, field=name)
    if bad.size:
        index = int(bad[0])
        value = values[index]
        raise _bad(
            column=name,
            index=index,
            value=value.item() if isinstance(value, np.generic) else value,
            expected=expected,
        )
    return codes


def targets_batch(
    policy: Policy, columns: Mapping[str, npt.ArrayLike], *, on: DayLike
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
            - ``stage``: the brand's stage on *on*
              (:meth:`Brand.stage_on <labourbrand.Brand.stage_on>`), as a
              :class:`~labourbrand.Stage` value (``"cultivating"``,
              ``"in_pool"``, ``"exited"``, …) or its index in that order; a
              brand counts once past ``"discovered"``, one that has
              ``"exited"`` the pool included unless the reading of
              ``exited_brand_targets`` in force is ``not_counted``;
            - ``held_national``, ``held_provincial``, ``held_city``,
              ``held_county``: whether the brand holds a recognition of exactly
              that level on *on* (:meth:`Recognition.held
              <labourbrand.Recognition.held>`), ``bool``, or ``0``/``1`` with
              ``-1`` where the recognition has neither day nor year;
            - ``nationally_known`` (optional: without it, unknown for every
              brand): whether a source describes the brand as nationally
              known (:attr:`Brand.nationally_known
              <labourbrand.Brand.nationally_known>`), ``bool``, or
              ``0``/``1`` with ``-1`` unknown.

            A missing value (masked, ``NaN``, ``None``, pandas' ``NA``) is
            unknown, as for :func:`~labourbrand.policy.evaluate_batch`; a
            pandas ``DataFrame`` is read as its columns. The stage is a fact
            of a brand's own records, always known: a blank or missing stage
            is refused.
        on: the day.

    Returns:
        The :class:`~labourbrand.policy.TargetsReport` of the day.

    Raises:
        InvalidArgumentError: a column is missing or unknown, of the wrong
            dtype or length, or holds a value out of its domain (a county not
            in the registry or not a county-level unit, a category not of
            the four, a stage not of :class:`~labourbrand.Stage`); the message
            names the column and the first bad row.

    Example:
        >>> import numpy as np, pendulum
        >>> from labourbrand.policy import Policy
        >>> report = Policy.shaanxi(entry_points=False).targets_batch(
        ...     {
        ...         "county": np.array(["610924", "610727", ""]),
        ...         "category": np.array(["skilled", "", "service"]),
        ...         "stage": np.array(["in_pool", "exited", "discovered"]),
        ...         "held_national": np.array([True, False, False]),
        ...         "held_provincial": np.array([False, True, False]),
        ...         "held_city": np.zeros(3, bool),
        ...         "held_county": np.zeros(3, bool),
        ...         "nationally_known": np.array([1, 0, 0], np.int8),
        ...     },
        ...     on=pendulum.Date(2024, 7, 1))
        >>> total = report["target_brands_total"]
        >>> total.status.value, total.value, report["target_brands_per_county"].value
        ('not_met', 2, 2)
        >>> for step in total.steps[:2]:
        ...     print(step.en)
        1 more brands were only discovered (摸排发现) on the day, not yet cultivated (培育创建), and are not counted.
        1 of the brands counted had left the resource pool; leaving the pool does not undo their cultivation (培育创建), so they count.
        >>> national = report["target_national_known"]
        >>> national.status.value, national.value
        ('not_met', 1)

    .. versionadded:: 0.2.0
    """
    on = as_date(on, name="on")
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
        "category": _codes(
            columns, "category", _CATEGORY_TEXT, what="category", unknown=NO_CATEGORY
        ),
        "stage": _codes(columns, "stage", _STAGE_TEXT, what="stage", unknown=None),
        **{name: _flag(columns, name) for name in LEVEL_COLUMNS.values()},
        "nationally_known": (
            _flag(columns, "nationally_known")
            if "nationally_known" in columns
            else np.full(n, -1, np.int8)
        ),
    }
    lengths = {n, *(len(a) for a in read.values())}
    if len(lengths) > 1:
        msg = f"Expected columns of one length but got lengths {sorted(lengths)} @ columns"
        raise InvalidArgumentError(msg, field="columns")
    read["national_known"] = national_known_codes(
        read["nationally_known"], read[LEVEL_COLUMNS[RecognitionLevel.NATIONAL]]
    )
    mask = counted(policy).mask(read)
    per_group = np.bincount(of_row[mask], minlength=len(codes))
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
        counted=int(np.count_nonzero(mask)),
        discovered=int(np.count_nonzero(DISCOVERED.mask(read))),
        exited=int(np.count_nonzero(EXITED.mask(read))),
        counts=counts,
        tallies={tally.name: tally.of_columns(read, mask) for tally in TALLIES},
    )
