"""The policy engine: parameters at a date + plugin rules → decisions (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, final

import attrs
import pendulum

from labourbrand._model import Brand, Event, Stage
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen
from labourbrand.plugins import _manager
from labourbrand.policy import _conduct, _county_duties, _exit, _support, _targets

# Imported at run time so that documentation tools resolve the annotations.
from labourbrand.policy._check import Check  # noqa: TC001
from labourbrand.policy._county_duties import CountyFacts  # noqa: TC001
from labourbrand.policy._decision import Decision, Outcome, ParameterUse
from labourbrand.policy._draft import Draft, finish_with_amount
from labourbrand.policy._exit import ExitAssessment, ExitIndicators  # noqa: TC001
from labourbrand.policy._support import ShowcaseSelection  # noqa: TC001
from labourbrand.policy._targets import TargetsReport  # noqa: TC001
from labourbrand.rules import Measure


if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping
    from typing import Any

    import numpy.typing as npt
    import pluggy

    from labourbrand.policy._batch import BatchResult
    from labourbrand.policy._parameters import ParameterSet
    from labourbrand.regions import RegionRegistry


#: The fund the awards of clause 4.2 are paid from.
EMPLOYMENT_FUND: Final = "就业补助资金"


@final
@attrs.frozen(kw_only=True)
class Payment:
    """One payment recorded in a :class:`Ledger`."""

    #: The brand paid for.
    brand: str
    #: The measure.
    measure: str
    #: The day of the decision.
    on: pendulum.Date
    #: The amount, if it was known when recorded.
    amount: Fen | None


def _payments(items: Iterable[Payment]) -> tuple[Payment, ...]:
    return tuple(items)


@final
@attrs.frozen
class Ledger:
    """Payments made, so that one-time awards are paid at most once.

    Immutable: :meth:`record` returns a new ledger.

    .. versionadded:: 0.1.0
    """

    #: Payments, oldest first.
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=_payments)

    def paid(self, brand: str, measure: Measure | str) -> Payment | None:
        """Return the payment of *measure* for *brand*, if one was recorded."""
        for payment in self.payments:
            if payment.brand == brand and payment.measure == measure:
                return payment
        return None

    def record(self, decision: Decision) -> Ledger:
        """Return a new ledger with *decision*'s payment.

        Raises:
            InvalidArgumentError: the decision is not eligible, or the
                one-time measure was already paid for that brand.
        """
        if decision.outcome is not Outcome.ELIGIBLE:
            msg = f"Expected an eligible decision but got outcome={decision.outcome.value!r}"
            raise InvalidArgumentError(msg)
        if self.paid(decision.brand, decision.measure):
            msg = f"Expected a first payment but {decision.measure} was already paid for {decision.brand!r}"
            raise InvalidArgumentError(msg)
        payment = Payment(
            brand=decision.brand,
            measure=decision.measure,
            on=decision.on,
            amount=decision.amount,
        )
        return Ledger([*self.payments, payment])


@final
@attrs.frozen
class _Compiled:
    """What one day of the policy needs, resolved once."""

    on: pendulum.Date
    #: Whether the employment award's parameters are in force.
    in_force: bool
    #: The employment-award threshold and cap, or None if not in force or unquantified.
    threshold: int | None
    cap: Fen | None
    #: The parameter values as a decision cites them.
    uses: tuple[ParameterUse, ...]


def _use(name: str, value: str, entry: object) -> ParameterUse:
    return ParameterUse(
        name=name,
        value=value,
        first_day=entry.first_day,  # type: ignore[attr-defined]
        reference=entry.reference,  # type: ignore[attr-defined]
    )


@final
class Policy:
    """The Shaanxi policy at any date: parameters, plugin rules, decisions.

    Build it with :meth:`shaanxi`. It compiles each date once; after that a
    decision costs microseconds.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        *,
        parameters: ParameterSet,
        regions: RegionRegistry,
        plugin_manager: pluggy.PluginManager,
    ) -> None:
        self.parameters = parameters
        self.regions = regions
        self.plugin_manager = plugin_manager
        self.rules, skipped = _manager.load_rules(plugin_manager, regions)
        #: Installed plugins skipped because they failed to import, register or
        #: supply rules (never a plugin passed as an argument: that raises).
        self.plugin_failures: tuple[_manager.PluginFailure, ...] = (
            *_manager.load_failures(plugin_manager),
            *skipped,
        )
        self._compiled: dict[pendulum.Date, _Compiled] = {}
        self._rules_in_force: dict[
            tuple[Measure, str, pendulum.Date], _manager.SuppliedRule | None
        ] = {}

    @classmethod
    def shaanxi(  # noqa: PLR0913 - keyword-only options
        cls,
        *,
        plugins: Iterable[object] = (),
        entry_points: bool = True,
        allow: Collection[str] | None = None,
        block: Collection[str] = (),
        strict: bool = False,
        parameters: ParameterSet | None = None,
        regions: RegionRegistry | None = None,
    ) -> Policy:
        """The province's policy with its baseline plugin and the given city plugins.

        Which plugins load, and what happens when one fails, is described at
        :func:`~labourbrand.plugins.get_plugin_manager`. In short: a plugin
        passed in *plugins* that fails always raises; an installed one that
        fails is skipped with a
        :class:`~labourbrand.exceptions.LabourBrandWarning` and listed in
        :attr:`plugin_failures`, unless *strict*.

        Args:
            plugins: plugin objects to register (before entry points).
            entry_points: also load plugins installed under the ``labourbrand``
                entry-point group.
            allow: entry-point names that may load; ``None`` for all, or the
                names in the ``LABOURBRAND_PLUGINS_ALLOW`` environment variable.
            block: plugin names that never load, added to the names in
                ``LABOURBRAND_PLUGINS_BLOCK``; the province cannot be blocked.
            strict: raise on the first installed plugin that fails to import,
                register or supply its rules, instead of skipping it.
            parameters: a parameter set (e.g. with scenario overrides);
                defaults to the packaged parameters.
            regions: a region registry (e.g. with corrected designations).

        Raises:
            InvalidArgumentError: *block* names the province's baseline.
            PluginError: a passed plugin (or, with *strict*, an installed one)
                failed to import, register or supply its rules.
        """
        from labourbrand import regions as _regions
        from labourbrand.policy._parameters import load_parameters

        pm = _manager.get_plugin_manager(
            plugins=plugins,
            entry_points=entry_points,
            allow=allow,
            block=block,
            strict=strict,
        )
        return cls(
            parameters=parameters if parameters is not None else load_parameters(),
            regions=regions if regions is not None else _regions.shaanxi(),
            plugin_manager=pm,
        )

    def rule_for(
        self, measure: Measure, county: str, on: pendulum.Date
    ) -> _manager.SuppliedRule | None:
        """Return the rule in force for *measure* in *county*'s jurisdictions on *on*.

        The most specific jurisdiction wins (county > city-level unit > province);
        each (measure, county, day) is resolved once and remembered.
        """
        key = (measure, county, on)
        try:
            return self._rules_in_force[key]
        except KeyError:
            chain = self.regions.jurisdiction_chain(county)
            found = self._rules_in_force[key] = self.rules.find(measure, chain, on)
            return found

    # ----------------------------------------------------------- compile
    def _compile(self, on: pendulum.Date) -> _Compiled:
        compiled = self._compiled.get(on)
        if compiled is None:
            snapshot = self.parameters.at(on)
            threshold = snapshot.get("employment_award_threshold")
            cap = snapshot.get("employment_award_cap")
            uses = tuple(
                _use(name, str(entry.value), entry)
                for name, entry in (
                    ("employment_award_threshold", threshold),
                    ("employment_award_cap", cap),
                )
                if entry is not None
            )
            compiled = _Compiled(
                on=on,
                in_force=threshold is not None and cap is not None,
                # A scenario may leave a number unset (UNQUANTIFIED): no number, no decision.
                threshold=threshold.value
                if threshold is not None and type(threshold.value) is int
                else None,
                cap=cap.value
                if cap is not None and isinstance(cap.value, Fen)
                else None,
                uses=uses,
            )
            self._compiled[on] = compiled
        return compiled

    # ---------------------------------------------------------- measures
    def employment_award(  # noqa: PLR0911 - one return per condition of clause 4.2
        self, brand: Brand, *, on: pendulum.Date, ledger: Ledger | None = None
    ) -> Decision:
        """Decide the one-time employment award (一次性奖补) of clause 4.2.

        A brand cultivated in the region whose **rural workers with signed
        agreements** reach the threshold (500) is due a one-time award to its
        creating unit, set by the city-level finance and HRSS bureaus, capped
        (300,000 yuan), paid from employment subsidy funds; it enters the
        provincial resource pool (:meth:`admit`).

        Args:
            brand: the brand.
            on: the day of the decision.
            ledger: payments already made; a brand already paid is ineligible.
        """
        compiled = self._compile(on)
        draft = Draft(Measure.EMPLOYMENT_AWARD, brand, on, ("4.2",), compiled.uses)
        if not compiled.in_force:
            first = self.parameters["employment_award_threshold"].first_day
            draft.step(
                f"陕人社发〔2022〕13号自{first.isoformat()}起施行,{on.isoformat()}尚未施行。",
                f"The 2022 opinions apply from {first.isoformat()}; not in force on {on.isoformat()}.",
            )
            return draft.finish(Outcome.NOT_IN_FORCE)
        threshold = compiled.threshold
        if threshold is None or compiled.cap is None:
            draft.step(
                "门槛或上限没有数值(情景设定为未量化),无法判定。",
                "The threshold or cap has no number (left unquantified), so no decision can be made.",
            )
            return draft.finish(Outcome.UNDETERMINED)
        if brand.stage is Stage.EXITED:
            draft.step(
                "该品牌已退出资源库(第三条第(四)款)。",
                "The brand has exited the resource pool (clause 3.4).",
            )
            return draft.finish(Outcome.INELIGIBLE)
        if brand.county is None:
            draft.step(
                "培育创建地未知,无法确定是否为本区域培育创建的品牌。",
                "The county that cultivates the brand is unknown.",
            )
            return draft.finish(Outcome.UNDETERMINED)
        county = self.regions[brand.county]
        draft.step(
            f"品牌由{county.name_zh}({county.code})培育创建。",
            f"The brand is cultivated in {county.name_en or county.name_zh} ({county.code}).",
        )
        observation = brand.workforce_on(on)
        if observation is None:
            draft.step(
                f"截至{on.isoformat()}无从业人员统计,无法确定签订协议的农村劳动力人数。",
                f"No head count on or before {on.isoformat()}: rural workers with signed agreements unknown.",
            )
            return draft.finish(Outcome.UNDETERMINED)
        signed = observation.rural_signed
        meets = signed >= threshold
        draft.step(
            f"截至{observation.on.isoformat()},吸纳签订协议的农村劳动力{signed}人,"
            f"{'达到' if meets else '未达到'}{threshold}人的条件(不计未签订协议者)。",
            f"On {observation.on.isoformat()} it employs {signed} rural workers with signed "
            f"agreements, {'meeting' if meets else 'below'} the threshold of {threshold} "
            "(workers without signed agreements do not count).",
        )
        if not meets:
            return draft.finish(Outcome.INELIGIBLE)
        paid = ledger.paid(brand.name_zh, draft.measure) if ledger is not None else None
        if paid is not None:
            draft.step(
                f"该奖补为一次性奖补,已于{paid.on.isoformat()}核定,不再重复给予。",
                f"The award is one-time and was already granted on {paid.on.isoformat()}.",
            )
            return draft.finish(Outcome.INELIGIBLE)
        return finish_with_amount(
            self,
            draft,
            brand.county,
            observation,
            cap=compiled.cap,
            fund=EMPLOYMENT_FUND,
        )

    def admit(self, brand: Brand, decision: Decision) -> Brand:
        """Admit *brand* to the provincial resource pool on an eligible employment award.

        Clause 4.2: a brand due the award 纳入省级劳务品牌资源库. A brand
        already in the pool is returned unchanged.

        Raises:
            InvalidArgumentError: the decision is not an eligible employment
                award for this brand.
            IllegalTransitionError: the lifecycle refuses (e.g. the brand
                has not been established yet).
        """
        from labourbrand import lifecycle

        if (
            decision.measure != Measure.EMPLOYMENT_AWARD
            or decision.outcome is not Outcome.ELIGIBLE
            or decision.brand != brand.name_zh
        ):
            msg = f"Expected an eligible employment award for {brand.name_zh!r} but got {decision.measure} {decision.outcome.value} for {decision.brand!r}"
            raise InvalidArgumentError(msg)
        if brand.stage is Stage.IN_POOL:
            return brand
        return lifecycle.transition(
            brand, Event.ADMIT_ON_AWARD, on=decision.on, note="吸纳就业一次性奖补"
        )

    # Clauses 4.1, 4.2, 4.3 and 5.1: see labourbrand.policy._support.
    def provincial_recognition_award(
        self, brand: Brand, *, on: pendulum.Date, ledger: Ledger | None = None
    ) -> Decision:
        """Decide the award for a brand recognised at provincial level (clause 4.2)."""
        return _support.provincial_recognition_award(self, brand, on=on, ledger=ledger)

    def showcase_award(
        self,
        brand: Brand,
        *,
        on: pendulum.Date,
        selection: ShowcaseSelection | None,
        ledger: Ledger | None = None,
    ) -> Decision:
        """Decide the one-time showcase award by category (clause 4.3)."""
        return _support.showcase_award(
            self, brand, on=on, selection=selection, ledger=ledger
        )

    def transport_subsidy(self, brand: Brand, *, on: pendulum.Date) -> Decision:
        """Decide the one-time transport subsidy for poverty-alleviated and rural low-income workers (4.2)."""
        return _support.transport_subsidy(self, brand, on=on)

    def social_insurance_subsidy(self, brand: Brand, *, on: pendulum.Date) -> Decision:
        """Decide the social-insurance subsidy for the same workers (clause 4.2)."""
        return _support.social_insurance_subsidy(self, brand, on=on)

    def training_subsidy(self, brand: Brand, *, on: pendulum.Date) -> Decision:
        """Decide whether brand training is in the subsidised training scope (clause 4.1)."""
        return _support.training_subsidy(self, brand, on=on)

    def high_skill_base_grant(
        self, brand: Brand, *, on: pendulum.Date, training_base: bool | None
    ) -> Decision:
        """Decide the high-skill talent training-base grant (clause 4.1)."""
        return _support.high_skill_base_grant(
            self, brand, on=on, training_base=training_base
        )

    def entrepreneurship_supports(
        self, brand: Brand, *, on: pendulum.Date, founders: int | None
    ) -> tuple[Decision, ...]:
        """Decide the four entrepreneurship supports for practitioners who start businesses (5.1)."""
        return _support.entrepreneurship_supports(self, brand, on=on, founders=founders)

    # Clauses 2 and 3.2: see labourbrand.policy._targets; 4.1 and 7.3: _county_duties;
    # 3.4: _exit; 4.3 and 5.2: _conduct.
    def targets(self, brands: Iterable[Brand], *, on: pendulum.Date) -> TargetsReport:
        """Report every target of clause 2, 3.2 and the 2023 programme against *brands*."""
        return _targets.targets(self, brands, on=on)

    def county_obligations(
        self, facts: CountyFacts, *, on: pendulum.Date
    ) -> tuple[Check, Check]:
        """Check a county's training-project and studio obligations (clause 4.1)."""
        return _county_duties.county_obligations(self, facts, on=on)

    def exit_assessment(
        self, brand: Brand, indicators: ExitIndicators, *, on: pendulum.Date
    ) -> ExitAssessment:
        """Assess the four exit grounds of clause 3.4, as the city does before proposing."""
        return _exit.exit_assessment(self, brand, indicators, on=on)

    def leading_enterprise(
        self,
        *,
        name: str,
        on: pendulum.Date,
        finances_healthy: bool | None,
        risk_resilient: bool | None,
        employment_system_sound: bool | None,
    ) -> Check:
        """Check the three criteria of a leading enterprise (clause 5.2)."""
        return _conduct.leading_enterprise(
            self,
            name=name,
            on=on,
            finances_healthy=finances_healthy,
            risk_resilient=risk_resilient,
            employment_system_sound=employment_system_sound,
        )

    def credit_check(
        self,
        *,
        unit: str,
        on: pendulum.Date,
        broke_commitment: bool | None,
        serious: bool | None = None,
    ) -> Check:
        """Check a unit's credit commitment: a written warning if broken (clause 4.3)."""
        return _conduct.credit_check(
            self, unit=unit, on=on, broke_commitment=broke_commitment, serious=serious
        )

    def funding_tilt(
        self,
        county: str,
        brands: Iterable[Brand],
        *,
        on: pendulum.Date,
        contributed: bool | None,
    ) -> Check:
        """Check a county's claim to a favourable weighting of employment subsidy funds (7.3)."""
        return _county_duties.funding_tilt(
            self, county, brands, on=on, contributed=contributed
        )

    def evaluate_batch(
        self, columns: Mapping[str, npt.NDArray[Any]], *, on: pendulum.Date
    ) -> BatchResult:
        """Decide the employment award and the transport subsidy for many brands at once.

        Columnar and vectorised (numpy, extra ``sim``): rules are resolved once
        per county, never once per brand; the results equal :meth:`employment_award`
        and :meth:`transport_subsidy` brand by brand.
        See :func:`labourbrand.policy.evaluate_batch` for the columns.
        """
        from labourbrand.policy import _batch

        return _batch.evaluate_batch(self, columns, on=on)

    def evaluate(
        self, brand: Brand, *, on: pendulum.Date, ledger: Ledger | None = None
    ) -> tuple[Decision, ...]:
        """Return every decision that needs no facts beyond the brand itself.

        The employment award, the provincial-recognition award, the transport
        and social-insurance subsidies and the training scope. The showcase
        award, the high-skill grant and the entrepreneurship supports need
        facts a brand does not carry: call their methods.
        """
        return (
            self.employment_award(brand, on=on, ledger=ledger),
            *_support.support_decisions(self, brand, on=on, ledger=ledger),
        )


__all__ = ["EMPLOYMENT_FUND", "Ledger", "Payment", "Policy"]
