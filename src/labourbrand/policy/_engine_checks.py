"""The policy's checks: targets, duties, conduct, exit and obligations, as methods of :class:`Policy` (private).

A part of :class:`~labourbrand.policy.Policy`, kept apart so that each file
holds one idea: each method is a thin call of the check interpreter or of the
module of its clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from labourbrand._model import Authority, Brand
from labourbrand.dates import DayLike  # noqa: TC001 - documented signatures
from labourbrand.policy import _conduct, _county_duties, _exit, _targets

# Imported at run time so that documentation tools resolve the annotations.
# Imported at run time so that documentation tools resolve the annotations.
from labourbrand.policy._check import Check  # noqa: TC001
from labourbrand.policy._county_duties import CountyFacts  # noqa: TC001
from labourbrand.policy._exit import ExitAssessment, ExitIndicators  # noqa: TC001
from labourbrand.policy._targets import TargetsReport  # noqa: TC001


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import numpy.typing as npt

    from labourbrand.policy._check_batch import CheckResult
    from labourbrand.policy._checks_spec import CheckSpec
    from labourbrand.policy._engine import Policy


__all__ = ["CheckMethods"]


class CheckMethods:
    """The check methods of :class:`~labourbrand.policy.Policy`."""

    __slots__ = ()

    def check_spec(self, check: str) -> CheckSpec:
        """The declaration of *check* in the policy's document.

        Raises:
            InvalidArgumentError: the document declares no such check.
        """
        policy = cast("Policy", self)
        return policy.document.check(check)

    def targets(self, brands: Iterable[Brand], *, on: DayLike) -> TargetsReport:
        """Report every target of clause 2, 3.2 and the 2023 programme against *brands*."""
        policy = cast("Policy", self)
        return _targets.targets(policy, brands, on=on)

    def targets_batch(
        self, columns: Mapping[str, npt.ArrayLike], *, on: DayLike
    ) -> TargetsReport:
        """Report every target from columns of brands, one row each, as :meth:`targets` does from the brands.

        The same report, from the same rules: the numbers the targets read
        are declared once and counted over numpy columns (extra ``sim``).
        See :func:`labourbrand.policy.targets_batch` for the columns.

        .. versionadded:: 0.2.0
        """
        policy = cast("Policy", self)
        from labourbrand.policy import _targets_batch

        return _targets_batch.targets_batch(policy, columns, on=on)

    def county_obligations(
        self, facts: CountyFacts, *, on: DayLike
    ) -> tuple[Check, Check]:
        """Check a county's training-project and studio obligations (clause 4.1)."""
        policy = cast("Policy", self)
        return _county_duties.county_obligations(policy, facts, on=on)

    def exit_assessment(
        self,
        brand: Brand,
        indicators: ExitIndicators,
        *,
        on: DayLike,
        by: Authority = Authority.CITY_HRSS,
    ) -> ExitAssessment:
        """Assess the four exit grounds of clause 3.4, as the city does before proposing.

        *by* is who assesses and proposes: the city HRSS bureau; another
        authority is refused (:exc:`~labourbrand.exceptions.ActorNotAllowedError`).
        """
        policy = cast("Policy", self)
        return _exit.exit_assessment(policy, brand, indicators, on=on, by=by)

    def leading_enterprise(
        self,
        *,
        name: str,
        on: DayLike,
        finances_healthy: bool | None,
        risk_resilient: bool | None,
        employment_system_sound: bool | None,
    ) -> Check:
        """Check the three criteria of a leading enterprise (clause 5.2)."""
        policy = cast("Policy", self)
        return _conduct.leading_enterprise(
            policy,
            name=name,
            on=on,
            finances_healthy=finances_healthy,
            risk_resilient=risk_resilient,
            employment_system_sound=employment_system_sound,
        )

    def obligation(
        self, check: str, *, subject: str, on: DayLike, done: bool | None
    ) -> Check:
        """Check an obligation the text asks of a region or body: done, not done, or unknown.

        The obligations, declared as checks of the document: ``development_plan``
        (clause 3.1, 针对性制定发展规划和建设方案), ``implementation_plan`` (7.1
        and 7.2, 制定具体实施方案) and ``expert_pool`` (7.4, 组建劳务品牌建设专家库).
        *subject* names the region or body; ``done=None`` is unknown, never "no".

        Raises:
            InvalidArgumentError: an unknown obligation, an empty *subject*,
                or *done* not a bool or ``None``.

        Example:
            >>> import pendulum
            >>> import labourbrand as lb
            >>> policy = lb.Policy.shaanxi(entry_points=False)
            >>> check = policy.obligation("expert_pool", subject="省人力资源社会保障厅",
            ...                           on=pendulum.Date(2024, 1, 1), done=None)
            >>> check.status.value, check.clauses
            ('unknown', ('shaanxi-2022-13:7.4',))
            >>> policy.obligation("implementation_plan", subject="安康市",
            ...                   on=pendulum.Date(2024, 1, 1), done=True).status.value
            'met'

        .. versionadded:: 0.2.0
        """
        policy = cast("Policy", self)
        return _conduct.obligation(policy, check, subject=subject, on=on, done=done)

    def credit_check(
        self,
        *,
        unit: str,
        on: DayLike,
        broke_commitment: bool | None,
        serious: bool | None = None,
    ) -> Check:
        """Check a unit's credit commitment: a written warning if broken (clause 4.3)."""
        policy = cast("Policy", self)
        return _conduct.credit_check(
            policy, unit=unit, on=on, broke_commitment=broke_commitment, serious=serious
        )

    def funding_tilt(
        self,
        county: str,
        brands: Iterable[Brand],
        *,
        on: DayLike,
        contributed: bool | None,
    ) -> Check:
        """Check a county's claim to a favourable weighting of employment subsidy funds (7.3)."""
        policy = cast("Policy", self)
        return _county_duties.funding_tilt(
            policy, county, brands, on=on, contributed=contributed
        )

    def check_batch(
        self,
        check: str,
        columns: Mapping[str, npt.ArrayLike],
        *,
        on: DayLike,
    ) -> CheckResult:
        """Decide a declared check for many subjects at once, one row per subject.

        From the same declaration as the per-subject methods
        (:meth:`county_obligations`, :meth:`leading_enterprise`,
        :meth:`credit_check`, :meth:`funding_tilt`, :meth:`exit_assessment`):
        every row equals the status, value and required
        number of the :class:`~labourbrand.policy.Check` of that subject. See
        :func:`labourbrand.policy.evaluate_checks_batch` for the columns.
        """
        policy = cast("Policy", self)
        from labourbrand.policy import _check_batch

        return _check_batch.evaluate_checks_batch(policy, check, columns, on=on)
