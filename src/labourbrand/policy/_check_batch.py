"""Checks in columns: a declared check for many counties, enterprises or units at once (private).

:func:`evaluate_checks_batch` takes one numpy array per fact (one row per
subject) and decides one check of the document for every row by walking its
declaration (:class:`~labourbrand.policy.CheckSpec`) over the columns: the same
conditions, in the same order, as the per-subject check. Designations are
read from the region registry once per county, never once per row.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from labourbrand._validators import day_on
from labourbrand.dates import DayLike  # noqa: TC001 - documented signatures
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._check_interpret import (
    decide_check_columns,
    designation_fact,
)
from labourbrand.policy._check_status import STATUS_CODES, CheckStatus
from labourbrand.policy._check_words import (
    CountAtLeast,
    SubjectRows,
)
from labourbrand.policy._checks_spec import CheckSubject
from labourbrand.policy._columns import _bad, _column, _count_column, _flag, _group
from labourbrand.policy._exit_words import (
    AnyFound,
)
from labourbrand.policy._vocabulary import AnyPositive, AtLeast
from labourbrand.regions import Designation, Level, Tristate


if TYPE_CHECKING:
    from labourbrand.policy._checks_spec import CheckSpec
    from labourbrand.policy._engine import Policy


__all__ = ["STATUS_CODES", "CheckResult", "evaluate_checks_batch"]

_TRISTATE: Final = {Tristate.YES: 1, Tristate.NO: 0, Tristate.UNKNOWN: -1}


def _readonly(value: npt.NDArray[Any]) -> npt.NDArray[Any]:
    value.flags.writeable = False
    return value


def _readonly_mapping(
    value: Mapping[str, npt.NDArray[np.int8]],
) -> Mapping[str, npt.NDArray[np.int8]]:
    return types.MappingProxyType({k: _readonly(v) for k, v in value.items()})


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
    on: pendulum.Date = attrs.field(converter=day_on)
    #: Status codes (:data:`~labourbrand.policy.STATUS_CODES`: ``0`` met,
    #: ``1`` not met, ``2`` unknown, ``3`` not in force).
    status: npt.NDArray[np.uint8] = attrs.field(converter=_readonly, eq=False)
    #: The value of each row (a count, the criteria met); ``-1`` for none.
    value: npt.NDArray[np.int64] = attrs.field(converter=_readonly, eq=False)
    #: The number each row must reach; ``-1`` where the text sets none (or it does not apply).
    required: npt.NDArray[np.int64] = attrs.field(converter=_readonly, eq=False)
    #: What the check found on each row, by name: for the exit assessment,
    #: each ground of clause 3.4 by its code (``poor_training``,
    #: ``fewer_jobs``, ``less_competitive``, ``low_recognition``) as ``int8``:
    #: ``1`` found, ``0`` not found (or not assessed: the check is not in
    #: force), ``-1`` not assessable. Empty for a check with no grounds.
    #:
    #: .. versionadded:: 0.2.0
    findings: Mapping[str, npt.NDArray[np.int8]] = attrs.field(
        factory=dict, converter=_readonly_mapping, eq=False
    )

    def __len__(self) -> int:
        return len(self.status)

    def statuses(self) -> list[CheckStatus]:
        """The status of each row, as :class:`~labourbrand.policy.CheckStatus` values."""
        return [STATUS_CODES[code] for code in self.status.tolist()]

    def to_dict(self) -> dict[str, npt.NDArray[Any]]:
        """Every array by column name: ``<check>_status``, ``<check>_value``, ``<check>_required``, ``<check>_<finding>``."""
        arrays = {
            f"{self.check}_{field}": getattr(self, field)
            for field in ("status", "value", "required")
        }
        arrays.update({f"{self.check}_{k}": v for k, v in self.findings.items()})
        return arrays


def _counts(spec: CheckSpec) -> set[str]:
    """The facts of *spec* that are counts (the rest are flags)."""
    found = {spec.value} if isinstance(spec.value, str) else set()
    for condition in spec.conditions:
        if isinstance(condition, CountAtLeast | AtLeast):
            found.add(condition.fact)
        elif isinstance(condition, AnyPositive):
            found.update(condition.facts)
        elif isinstance(condition, AnyFound):
            found.update(condition.counts)
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


def _brand_rows(
    policy: Policy, columns: Mapping[str, object]
) -> tuple[npt.NDArray[Any], tuple[str, ...]]:
    """Each row's county group for a brand's check: blank is an unknown county."""
    if "county" not in columns:
        msg = "Expected the column county but it is missing @ columns"
        raise InvalidArgumentError(msg, field="county")
    groups = _group(policy.regions, _column(columns, "county"))
    return groups.of_row, groups.codes


def evaluate_checks_batch(
    policy: Policy,
    check: str,
    columns: Mapping[str, npt.ArrayLike],
    *,
    on: DayLike,
) -> CheckResult:
    """Decide the declared check *check* for every row of *columns*.

    Each row is one subject (a county, an enterprise, a unit, a brand); the
    result holds, for each row, the status, value and required number of the
    :class:`~labourbrand.policy.Check` the per-subject method gives for it on
    day *on*, given the same facts. The targets of clauses 2 and 3.2 are not
    checks of one subject but aggregates over every brand: their batch form is
    :meth:`Policy.targets_batch <labourbrand.policy.Policy.targets_batch>`.

    The exit assessment of clause 3.4 (``exit_assessment``, one row per brand)
    reports, besides the status, each ground's state in
    :attr:`CheckResult.findings`. Its status codes are those of
    :data:`~labourbrand.policy.OUTCOME_CODES` for the
    :class:`~labourbrand.policy.ExitAssessment` of the brand: ``0`` (met) an
    exit proposal (``eligible``), ``1`` no proposal (``ineligible``), ``2``
    undetermined, ``3`` not in force.

    Args:
        policy: the policy (documents, parameters, regions, plugin rules).
        check: the id of a check the document declares
            (:attr:`PolicyDocument.checks <labourbrand.policy.PolicyDocument.checks>`).
        columns: one-dimensional arrays of equal length:

            - ``county`` (required for a county's or a brand's check): GB/T
              2260 codes, as ``str`` or ``int``; a county's check needs
              county-level units; a brand's may be blank (``""`` or ``0``:
              unknown, only a province-wide rule then applies);
            - the counts the check reads (``training_projects``, ``studios``,
              ``recognised_brands``; for the exit assessment ``jobs_before``
              and ``jobs_now``, the jobs the brand drove at the earlier
              observation and at the spot check): integers;
            - the flags it reads (``finances_healthy``, ``broke_commitment``,
              ``contributed``, ``recognised_brand``, designations such as
              ``national_key_county``; for the exit assessment
              ``training_quality_poor``, ``competitiveness_declined``,
              ``recognition_low`` and ``in_pool``, whether the brand is in
              the resource pool on the day): ``bool``, or integers ``0`` and
              ``1``. A county's designation with no column is read from
              the region registry, as for one county.

            A missing value is unknown, as for
            :func:`~labourbrand.policy.evaluate_batch`: masked, ``NaN``,
            ``None``, pandas' ``NA``, or ``-1`` in an integer column. Any
            other fact the check reads, with no column, is unknown on every row.
        on: the day of the checks.

    Raises:
        InvalidArgumentError: an unknown check; ``county`` is missing for a
            county's or a brand's check, or names no county-level unit (a
            county's check) or no region of the registry; a column is
            unknown, of the wrong dtype or length, or holds a value out of
            its domain (the message names the column and the first bad row).
        PluginResultError: a rule the check reads is of the wrong kind (the
            job-fall rule of a row's jurisdiction is not a ratio).

    Example:
        >>> import numpy as np, pendulum
        >>> from labourbrand.policy import Policy
        >>> result = Policy.shaanxi(entry_points=False).check_batch(
        ...     "exit_assessment",
        ...     {
        ...         "county": np.array(["610924", "610924", "610924", ""]),
        ...         "training_quality_poor": np.array([1, 0, 0, 1]),
        ...         "competitiveness_declined": np.array([0, 0, 0, 0]),
        ...         "recognition_low": np.array([0, 0, 0, 0]),
        ...         "jobs_before": np.array([800, 800, 800, -1]),
        ...         "jobs_now": np.array([800, 500, 0, -1]),
        ...         "in_pool": np.array([True, True, True, False]),
        ...     },
        ...     on=pendulum.Date(2024, 7, 1))
        >>> [s.value for s in result.statuses()]
        ['met', 'unknown', 'met', 'not_met']
        >>> result.findings["fewer_jobs"].tolist(), result.findings["poor_training"].tolist()
        ([0, -1, 1, -1], [1, 0, 0, 1])

    .. versionadded:: 0.2.0
    """
    day = policy.day(on)
    spec = day.document.check(check)
    counts_read = _counts(spec)
    has_county = spec.subject in (CheckSubject.COUNTY, CheckSubject.BRAND)
    known = set(spec.facts) | ({"county"} if has_county else set())
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
    of_row: npt.NDArray[Any] | None = None
    codes: tuple[str, ...] = ("",)
    if spec.subject is CheckSubject.COUNTY:
        of_row, codes = _county_rows(policy, columns)
        lengths.add(len(of_row))
        missing = set(spec.facts) - set(flags) - counts_read
        flags.update(_designations(policy, of_row, codes, missing))
    elif spec.subject is CheckSubject.BRAND:
        of_row, codes = _brand_rows(policy, columns)
        lengths.add(len(of_row))
    if len(lengths) > 1:
        msg = f"Expected columns of one length but got lengths {sorted(lengths)} @ columns"
        raise InvalidArgumentError(msg, field="columns")
    n = lengths.pop() if lengths else 0
    if of_row is None:
        of_row = np.zeros(n, np.uint8)
    cols = SubjectRows(
        of_row=of_row,
        codes=codes,
        n=n,
        county_known=of_row != 0 if has_county else np.ones(n, np.bool_),
        counts=counts,
        flags=flags,
    )
    decided = decide_check_columns(day, spec, cols)
    return CheckResult(
        check=spec.id,
        on=day.on,
        status=decided.status,
        value=decided.value,
        required=decided.required,
        findings=decided.findings,
    )
