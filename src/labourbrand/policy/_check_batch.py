"""Checks in columns: a declared check for many counties, enterprises or units at once (private).

:func:`evaluate_checks_batch` takes one numpy array per fact (one row per
subject) and decides one check of the document for every row by walking its
declaration (:class:`~labourbrand.policy.CheckSpec`) over the columns: the same
conditions, in the same order, as the per-subject check. Designations are
read from the region registry once per county, never once per row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._check_interpret import (
    decide_check_columns,
    designation_fact,
)
from labourbrand.policy._check_status import STATUS_CODES, CheckStatus
from labourbrand.policy._check_words import CountAtLeast
from labourbrand.policy._checks_spec import CheckSubject
from labourbrand.policy._columns import _bad, _column, _count_column, _flag, _group
from labourbrand.policy._vocabulary import AnyPositive, AtLeast, Columns
from labourbrand.regions import Designation, Level, Tristate


if TYPE_CHECKING:
    from collections.abc import Mapping

    from labourbrand.policy._checks_spec import CheckSpec
    from labourbrand.policy._engine import Policy


__all__ = ["STATUS_CODES", "CheckResult", "evaluate_checks_batch"]

_TRISTATE: Final = {Tristate.YES: 1, Tristate.NO: 0, Tristate.UNKNOWN: -1}


def _readonly(value: npt.NDArray[Any]) -> npt.NDArray[Any]:
    value.flags.writeable = False
    return value


@final
@attrs.frozen(kw_only=True)
class CheckResult:
    """One check's answers for every row of a batch (read-only arrays).

    Example:
        >>> import numpy as np, pendulum
        >>> from labourbrand.policy import Policy
        >>> result = Policy.shaanxi(entry_points=False).check_batch(
        ...     "training_projects_per_county",
        ...     {"county": np.array(["610924", "610727"]), "training_projects": np.array([0, -1])},
        ...     on=pendulum.Date(2024, 7, 1))
        >>> [s.value for s in result.statuses()], result.required.tolist()
        (['not_met', 'unknown'], [1, 1])

    .. versionadded:: 0.2.0
    """

    #: The check's id.
    check: str
    #: The day decided.
    on: pendulum.Date
    #: Status codes (:data:`~labourbrand.policy.STATUS_CODES`: ``0`` met,
    #: ``1`` not met, ``2`` unknown, ``3`` not in force).
    status: npt.NDArray[np.uint8] = attrs.field(converter=_readonly, eq=False)
    #: The value of each row (a count, the criteria met); ``-1`` for none.
    value: npt.NDArray[np.int64] = attrs.field(converter=_readonly, eq=False)
    #: The number each row must reach; ``-1`` where the text sets none (or it does not apply).
    required: npt.NDArray[np.int64] = attrs.field(converter=_readonly, eq=False)

    def __len__(self) -> int:
        return len(self.status)

    def statuses(self) -> list[CheckStatus]:
        """The status of each row, as :class:`~labourbrand.policy.CheckStatus` values."""
        return [STATUS_CODES[code] for code in self.status.tolist()]

    def to_dict(self) -> dict[str, npt.NDArray[Any]]:
        """Every array by column name: ``<check>_status``, ``<check>_value``, ``<check>_required``."""
        return {
            f"{self.check}_{field}": getattr(self, field)
            for field in ("status", "value", "required")
        }


def _counts(spec: CheckSpec) -> set[str]:
    """The facts of *spec* that are counts (the rest are flags)."""
    found = {spec.value} if isinstance(spec.value, str) else set()
    for condition in spec.conditions:
        if isinstance(condition, CountAtLeast | AtLeast):
            found.add(condition.fact)
        elif isinstance(condition, AnyPositive):
            found.update(condition.facts)
    return found


def _designations(
    policy: Policy,
    of_row: npt.NDArray[Any],
    codes: tuple[str, ...],
    wanted: set[str],
) -> dict[str, npt.NDArray[np.int8]]:
    """The designation flags *wanted*, read from the registry once per county."""
    flags: dict[str, npt.NDArray[np.int8]] = {}
    for designation in Designation:
        name = designation_fact(designation)
        if name not in wanted:
            continue
        per_group = np.full(len(codes), -1, np.int8)
        for gid, code in enumerate(codes):
            if gid:
                per_group[gid] = _TRISTATE[
                    policy.regions.designation(code, designation)
                ]
        flags[name] = np.take(per_group, of_row)
    return flags


def _county_rows(
    policy: Policy, columns: Mapping[str, object]
) -> tuple[npt.NDArray[Any], tuple[str, ...]]:
    """Each row's county group, refusing a blank code or one not of a county-level unit."""
    if "county" not in columns:
        msg = "Expected the column county but it is missing @ columns"
        raise InvalidArgumentError(msg, field="county")
    county = _column(columns, "county")
    groups = _group(policy.regions, county)
    of_row, codes = groups.of_row, groups.codes
    present = np.flatnonzero(np.bincount(of_row, minlength=len(codes)))
    for gid in present.tolist():
        if gid == 0 or policy.regions[codes[gid]].level is not Level.COUNTY:
            index = int(np.argmax(of_row == gid))
            raise _bad(
                column="county",
                index=index,
                value=county[index].item(),
                expected="the code of a county-level unit",
            )
    return of_row, codes


def evaluate_checks_batch(
    policy: Policy,
    check: str,
    columns: Mapping[str, npt.NDArray[Any]],
    *,
    on: pendulum.Date,
) -> CheckResult:
    """Decide the declared check *check* for every row of *columns*.

    Each row is one subject (a county, an enterprise, a unit); the result holds,
    for each row, the status, value and required number of the
    :class:`~labourbrand.policy.Check` the per-subject method gives for it on
    day *on*, given the same facts. The targets of clauses 2 and 3.2 are not
    checks of one subject but aggregates over every brand
    (:meth:`Policy.targets <labourbrand.policy.Policy.targets>`): they have no
    batch form.

    Args:
        policy: the policy (documents, parameters, regions).
        check: the id of a check the document declares
            (:attr:`PolicyDocument.checks <labourbrand.policy.PolicyDocument.checks>`).
        columns: one-dimensional arrays of equal length:

            - ``county`` (required for a county's check): GB/T 2260 codes of
              county-level units, as ``str`` or ``int``;
            - the counts the check reads (``training_projects``, ``studios``,
              ``recognised_brands``): integers, ``-1`` for unknown;
            - the flags it reads (``finances_healthy``, ``broke_commitment``,
              ``contributed``, ``recognised_brand``, designations such as
              ``national_key_county``): ``bool``, or integers with ``-1`` for
              unknown. A county's designation with no column is read from the
              region registry, as for one county.

            Any other fact the check reads, with no column, is unknown on every row.
        on: the day of the checks.

    Raises:
        InvalidArgumentError: an unknown check; ``county`` is missing for a
            county's check or names no county-level unit; a column is
            unknown, of the wrong dtype or length, or holds a value out of
            its domain (the message names the column and the first bad row).

    .. versionadded:: 0.2.0
    """
    day = policy.day(on)
    spec = day.document.check(check)
    counts_read = _counts(spec)
    county = spec.subject is CheckSubject.COUNTY
    known = set(spec.facts) | ({"county"} if county else set())
    unknown = sorted(str(name) for name in columns if name not in known)
    if unknown:
        msg = f"Expected columns among {', '.join(sorted(known))} but got {', '.join(unknown)} @ columns"
        raise InvalidArgumentError(msg, field=unknown[0])
    counts = {
        name: _count_column(columns, name)
        for name in sorted(counts_read)
        if name in columns
    }
    flags = {
        name: _flag(columns, name)
        for name in sorted(known - counts_read - {"county"})
        if name in columns
    }
    lengths = {len(a) for a in (*counts.values(), *flags.values())}
    if county:
        of_row, codes = _county_rows(policy, columns)
        lengths.add(len(of_row))
        missing = set(spec.facts) - set(flags) - counts_read
        flags.update(_designations(policy, of_row, codes, missing))
    if len(lengths) > 1:
        msg = f"Expected columns of one length but got lengths {sorted(lengths)} @ columns"
        raise InvalidArgumentError(msg, field="columns")
    n = lengths.pop() if lengths else 0
    cols = Columns(n=n, county_known=np.ones(n, np.bool_), counts=counts, flags=flags)
    decided = decide_check_columns(day, spec, cols)
    return CheckResult(
        check=spec.id,
        on=day.on,
        status=decided.status,
        value=decided.value,
        required=decided.required,
    )
