"""The day view: the policy resolved for one day, computed once and shared (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast, final

from labourbrand.dates import as_date
from labourbrand.money import Fen
from labourbrand.policy._decision import InterpretationUse, ParameterUse


if TYPE_CHECKING:
    from collections.abc import Mapping

    import pendulum

    from labourbrand.plugins import RuleBook, SuppliedRule
    from labourbrand.policy._document import PolicyDocument
    from labourbrand.policy._measures import MeasureSpec
    from labourbrand.policy._parameters import DatedValue, ParameterSet
    from labourbrand.regions import RegionRegistry


__all__ = ["PolicyDay"]


@final
class PolicyDay:
    """A policy resolved for one day: its parameters, and each jurisdiction's rules.

    Decisions, checks, the batch path and the simulation all read one day
    view, so that a day's parameters are looked up once and a rule is found
    once per (measure, county), however many brands ask.

    Obtain one with :meth:`Policy.day <labourbrand.policy.Policy.day>`.

    Example:
        >>> import pendulum
        >>> from labourbrand.policy import Policy
        >>> day = Policy.shaanxi(entry_points=False).day(pendulum.Date(2023, 7, 1))
        >>> day.number("employment_award_threshold"), str(day.number("employment_award_cap"))
        (500, '¥300,000.00')

    .. versionadded:: 0.2.0
    """

    def __init__(  # noqa: PLR0913 - the parts of a day, keyword-only
        self,
        *,
        on: pendulum.Date,
        document: PolicyDocument,
        parameters: ParameterSet,
        regions: RegionRegistry,
        rules: RuleBook,
        version: str = "",
        readings: Mapping[str, str] | None = None,
    ) -> None:
        on = as_date(on, name="on")
        #: The day.
        self.on = on
        #: The version of the policy it was resolved from (:attr:`Policy.version`).
        self.version = version
        self._chosen: Mapping[str, str] = readings or {}
        self._readings: dict[str, InterpretationUse] = {}
        #: The document whose measures are decided.
        self.document = document
        #: The region registry.
        self.regions = regions
        self._snapshot = parameters.at(on)
        self._parameters = parameters
        self._rulebook = rules
        self._rules: dict[tuple[str, str], SuppliedRule | None] = {}
        self._uses: dict[str, tuple[ParameterUse, ...]] = {}
        self._open: dict[str, tuple[bool, tuple[str, ...]]] = {}
        self._names: dict[str, dict[str, str]] = {}
        self._numbers: dict[str, int | Fen] = {}
        #: What the interpreter works out once per day (by its own keys).
        self.memo: dict[object, object] = {}

    def entry(self, name: str) -> DatedValue | None:
        """The value of parameter *name* in force on the day, with its source; ``None`` if none."""
        return self._snapshot.get(name)

    def use(self, interpretation: str) -> InterpretationUse:
        """The reading of *interpretation* in force, as a decision lists it.

        The policy's choice (an application's, a scenario's) if it made one,
        else the document's default.

        Raises:
            InvalidArgumentError: the document declares no such interpretation.
        """
        found = self._readings.get(interpretation)
        if found is None:
            declared = self.document.interpretation(interpretation)
            chosen = self._chosen.get(interpretation)
            found = self._readings[interpretation] = InterpretationUse(
                interpretation=self.document.qualify(interpretation),
                reading=declared.default if chosen is None else chosen,
                chosen_by="default" if chosen is None else "policy",
            )
        return found

    def reading(self, interpretation: str) -> tuple[str, str]:
        """The reading of *interpretation* in force, and who chose it."""
        use = self.use(interpretation)
        return use.reading, use.chosen_by

    def number(self, name: str) -> int | Fen:
        """The number of parameter *name* on the day.

        Raises:
            NotInForceError: the parameter is not in force on the day.
        """
        value = self._numbers.get(name)
        if value is None:
            found = self._snapshot.value(name)
            if not isinstance(found, int | Fen) or isinstance(found, bool):
                msg = f"parameter {name} has no number on {self.on}"
                raise TypeError(msg)  # pragma: no cover - the interpreter checks first
            value = self._numbers[name] = found
        return value

    def opening(self, spec: MeasureSpec) -> tuple[bool, tuple[str, ...]]:
        """``(in force, parameters without a number)`` for *spec* on the day, worked out once."""
        found = self._open.get(spec.id)
        if found is None:
            in_force = self.in_force(spec)
            found = self._open[spec.id] = (
                in_force,
                self.unquantified(spec) if in_force else (),
            )
        return found

    def county_names(self, county: str) -> dict[str, str]:
        """The placeholders that name *county* in a step: ``county_zh``, ``county_en``, ``code``.

        Raises:
            UnknownRegionError: *county* is not in the registry.
        """
        names = self._names.get(county)
        if names is None:
            region = self.regions[county]
            names = self._names[county] = {
                "county_zh": region.name_zh,
                "county_en": region.name_en or region.name_zh,
                "code": region.code,
            }
        return names

    def in_force(self, spec: MeasureSpec) -> bool:
        """Whether *spec* applies: its document and every parameter it reads are in force."""
        if self.on < self.document.issued:
            return False
        if self.document.last_day is not None and self.on > self.document.last_day:
            return False
        return all(self.entry(name) is not None for name in spec.parameters)

    def unquantified(self, spec: MeasureSpec) -> tuple[str, ...]:
        """The parameters *spec* reads that have no number on the day (left unquantified)."""
        return tuple(
            name
            for name in spec.parameters
            if not _is_number((entry := self.entry(name)) and entry.value)
        )

    def first_day(self, spec: MeasureSpec) -> pendulum.Date:
        """The first day *spec* applies (its document's, or its latest parameter's)."""
        days = [self.document.issued]
        days += [self._parameters[name].first_day for name in spec.parameters]
        return max(days)

    def uses(self, spec: MeasureSpec) -> tuple[ParameterUse, ...]:
        """The parameter values *spec* reads on the day, as a decision cites them."""
        uses = self._uses.get(spec.id)
        if uses is None:
            found = []
            for name in spec.parameters:
                entry = self.entry(name)
                if entry is not None:
                    found.append(ParameterUse.of(name, entry))
            uses = self._uses[spec.id] = tuple(found)
        return uses

    def rule_for(self, measure: str, county: str) -> SuppliedRule | None:
        """The rule in force for *measure* in *county*'s jurisdictions on the day.

        The most specific jurisdiction wins (county > city-level unit >
        province); each (measure, county) is resolved once.
        """
        key = (measure, county)
        try:
            return self._rules[key]
        except KeyError:
            chain = self.regions.jurisdiction_chain(county)
            found = self._rules[key] = self._rulebook.find(measure, chain, self.on)
            return found

    def span_memo(self, measure: str) -> dict[object, object]:
        """What the interpreter works out once for every day on which *measure* finds the rules it finds today, by its own keys.

        Those days are the span of :meth:`RuleBook.span
        <labourbrand.plugins.RuleBook.span>` that holds this day: on each of
        them every county finds the same rule of *measure*.

        Example:
            >>> from labourbrand.policy import Policy
            >>> policy = Policy.shaanxi(entry_points=False)  # no city rules: one span
            >>> memo = policy.day("2023-01-01").span_memo("employment_award")
            >>> memo is policy.day("2025-06-30").span_memo("employment_award")
            True
        """
        key = ("span", measure, self._rulebook.span(measure, self.on))
        memo = self._rulebook.memo.get(key)
        if memo is None:
            memo = self._rulebook.memo.setdefault(key, {})
        return cast("dict[object, object]", memo)


def _is_number(value: object) -> bool:
    return isinstance(value, int | Fen) and not isinstance(value, bool)
