"""The policy engine: parameters at a date + plugin rules → decisions (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, final

import pendulum

from labourbrand._model import Brand
from labourbrand.dates import DayLike, as_date
from labourbrand.exceptions import InvalidArgumentError, PluginResultError
from labourbrand.ledger import Ledger, LedgerStore, LedgerView, Payment
from labourbrand.plugins import (
    PluginFailure,
    SuppliedRule,
    get_plugin_manager,
    load_rules,
    read_rule_files,
)

# Imported at run time so that documentation tools resolve the annotations.
from labourbrand.policy._check import typed_arg
from labourbrand.policy._day import PolicyDay
from labourbrand.policy._decision import Decision, InterpretationUse
from labourbrand.policy._engine_checks import CheckMethods
from labourbrand.policy._engine_records import RecordMethods, check_ledger
from labourbrand.policy._facts import ShowcaseSelection, brand_facts, check_extra_facts
from labourbrand.policy._interpret import decide
from labourbrand.policy.documents.shaanxi_2022_13 import (
    EMPLOYMENT_FUND,
    ENTREPRENEURSHIP_MEASURES,
    Measure,
)


if TYPE_CHECKING:
    import os
    from collections.abc import Collection, Iterable, Mapping, Sequence

    import numpy.typing as npt
    import pluggy

    from labourbrand.policy._batch import BatchResult
    from labourbrand.policy._clauses import Clause
    from labourbrand.policy._document import PolicyDocument
    from labourbrand.policy._interpretations import Interpretation
    from labourbrand.policy._measures import DelegatedValue, MeasureSpec
    from labourbrand.policy._parameters import ParameterSet
    from labourbrand.policy._vocabulary import Facts
    from labourbrand.regions import RegionRegistry


def _with_ledger(  # noqa: PLR0913, PLR0917 - what one decision's ledger question needs
    day: PolicyDay,
    facts: Facts,
    spec: MeasureSpec,
    brand: Brand,
    ledger: LedgerView | None,
    extra: Mapping[str, object] | None = None,
) -> Facts:
    """*facts* with the payment of *spec* to *brand* recorded by the facts' day, if it is paid once.

    A measure paid once per selection counts only a payment decided on or
    after the selection's day: an earlier one was for another selection.
    """
    if ledger is None or not spec.one_time:
        return facts
    since = None
    occasion = None
    if spec.once_per_on(day.reading) == "selection":
        selection = (extra or {}).get("selection")
        since = getattr(selection, "on", None)
        occasion = getattr(selection, "occasion", None)
    paid = ledger.paid(brand.id, spec.id, on=facts.on, since=since, occasion=occasion)
    return facts if paid is None else facts.with_paid(paid.on)


def _as_of(brand: Brand, on: pendulum.Date) -> Brand:
    """*brand* as recorded on day *on*: itself when nothing was recorded after *on*."""
    history, workforce = brand.history, brand.workforce
    if (history and history[-1].on > on) or (workforce and workforce[-1].on > on):
        return brand.as_of(on)
    for recognition in brand.recognitions:
        if not recognition.held_on(on):
            return brand.as_of(on)
    return brand


@final
class Policy(CheckMethods, RecordMethods):
    """A policy at any date: its documents, parameters and plugin rules, and the decisions.

    Build Shaanxi's with :meth:`shaanxi`. The policy is declared as data
    (:class:`~labourbrand.policy.PolicyDocument`) and read by one interpreter;
    each day is resolved once (:meth:`day`), after which a decision costs
    microseconds.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Built from documents; :meth:`decide` decides any measure by its id.
    """

    def __init__(
        self,
        *,
        parameters: ParameterSet,
        regions: RegionRegistry,
        plugin_manager: pluggy.PluginManager,
        documents: Iterable[PolicyDocument] | None = None,
        interpretations: Mapping[str, str] | None = None,
    ) -> None:
        from labourbrand.policy.documents import packaged_documents

        #: The documents, the one whose measures are decided first.
        self.documents: tuple[PolicyDocument, ...] = (
            tuple(documents) if documents is not None else packaged_documents()
        )
        if not self.documents:
            msg = "Expected at least one policy document but got documents=()"
            raise InvalidArgumentError(msg, field="documents")
        #: The dated parameters (a later document's values added from its first day).
        self.parameters = parameters
        #: The region registry the documents govern.
        self.regions = regions
        #: The plugin manager the rules came from.
        self.plugin_manager = plugin_manager
        #: Every plugin's rules, checked once, completely, when the policy is built.
        self.rules, failures = load_rules(
            plugin_manager, regions, check=self._rule_problems
        )
        #: Installed plugins skipped because they failed to import, register or
        #: supply rules (never a plugin passed as an argument: that raises),
        #: and allowed names no installed plugin has.
        self.plugin_failures: tuple[PluginFailure, ...] = failures
        #: The readings chosen for contested passages, by interpretation id
        #: (the others are read by their document's default).
        self.readings: Mapping[str, str] = self._check_readings(interpretations or {})
        self._days: dict[pendulum.Date, PolicyDay] = {}
        self._version: str | None = None

    def _check_readings(self, chosen: Mapping[str, str]) -> Mapping[str, str]:
        """Refuse, when the policy is built, a choice of an unknown interpretation or reading."""
        from collections.abc import Mapping as AnyMapping
        from types import MappingProxyType

        given: object = chosen  # callers may pass anything at run time
        if not isinstance(given, AnyMapping):
            msg = f"Expected a mapping of interpretation id to reading id but got interpretations={chosen!r}"
            raise InvalidArgumentError(msg, field="interpretations")
        for interpretation, reading in chosen.items():
            self.interpretation(str(interpretation)).reading(str(reading))
        return MappingProxyType({str(k): str(v) for k, v in chosen.items()})

    def interpretation(self, interpretation_id: str) -> Interpretation:
        """The declaration of *interpretation_id* in the policy's documents.

        Raises:
            InvalidArgumentError: no loaded document declares it.

        .. versionadded:: 0.2.0
        """
        short = str(interpretation_id).rpartition(":")[2]
        for document in self.documents:
            for item in document.interpretations:
                if item.id == short:
                    return item
        known = ", ".join(i.id for d in self.documents for i in d.interpretations)
        msg = f"Expected an interpretation of the policy's documents ({known}) but got interpretation={interpretation_id!r}"
        raise InvalidArgumentError(msg, field="interpretations")

    def interpretations(self) -> tuple[InterpretationUse, ...]:
        """Every contested passage of the policy's documents, with the reading in force.

        Example:
            >>> from labourbrand.policy import Policy
            >>> policy = Policy.shaanxi(entry_points=False,
            ...     interpretations={"employment_award_headcount": "rural_signed"})
            >>> [(u.interpretation, u.reading, u.chosen_by) for u in policy.interpretations()][0]
            ('shaanxi-2022-13:employment_award_headcount', 'rural_signed', 'policy')

        .. versionadded:: 0.2.0
        """
        return tuple(
            self.reading(document.qualify(item.id))
            for document in self.documents
            for item in document.interpretations
        )

    def reading(self, interpretation_id: str) -> InterpretationUse:
        """The reading in force of one contested passage, and who chose it.

        Args:
            interpretation_id: its id, qualified by its document or short.

        Raises:
            InvalidArgumentError: no loaded document declares it.

        Example:
            >>> from labourbrand.policy import Policy
            >>> policy = Policy.shaanxi(entry_points=False)
            >>> use = policy.reading("one_county_one_brand_units")
            >>> use.interpretation, use.reading, use.chosen_by
            ('shaanxi-2022-13:one_county_one_brand_units', 'all_county_level_units', 'default')

        .. versionadded:: 0.2.0
        """
        item = self.interpretation(interpretation_id)
        document = next(d for d in self.documents if item in d.interpretations)
        return InterpretationUse(
            interpretation=document.qualify(item.id),
            reading=self.readings.get(item.id, item.default),
            chosen_by="policy" if item.id in self.readings else "default",
        )

    @property
    def version(self) -> str:
        """The policy's version: ``"<library>:<documents>:<digest>"``.

        The digest covers the dated parameters, every plugin's rules and the
        regions' designations, so two policies with the same version decide
        alike. Every decision carries it
        (:attr:`Decision.policy_version <labourbrand.policy.Decision.policy_version>`),
        and :meth:`claim` refuses a decision of another version.

        .. versionadded:: 0.2.0
        """
        if self._version is None:
            from labourbrand import __version__
            from labourbrand.policy._fingerprint import fingerprint

            self._version = fingerprint(
                library=__version__,
                documents=[d.id for d in self.documents],
                parts=[
                    *(self.parameters[name] for name in sorted(self.parameters)),
                    *sorted(
                        ((r.plugin, r.version or "", r.rule) for r in self.rules),
                        key=repr,
                    ),
                    *self.regions,
                    sorted(self.readings.items()),
                ],
            )
        return self._version

    def _rule_problems(self, rules: Sequence[SuppliedRule]) -> list[PluginResultError]:
        """What the documents refuse in *rules*, found when the policy is built, each naming its plugin.

        A rule for a measure the document does not declare; a rule of the wrong
        kind (a :class:`~labourbrand.rules.Ratio` for an amount, or an amount
        for a value the document reads as a ratio); and, for a value the text
        gives to the city level (具体由市级…制定, 由市级人社部门进行评估),
        a rule of another level: the province's, or an ordinary county's that
        its city-level unit's rule does not delegate to it
        (:attr:`Rule.delegates_to <labourbrand.rules.Rule.delegates_to>`).
        杨凌示范区 and 韩城市 act at city level.
        """
        from labourbrand.policy._measures import Level

        document = self.document
        known = document.rule_ids
        items: list[MeasureSpec | DelegatedValue] = [
            *document.measures,
            *document.delegated_values,
        ]
        levels = {
            item.id: (item.set_by, document.qualify(item.clause)) for item in items
        }
        city_units = set(self.regions.city_level_units())
        delegated = {
            (supplied.rule.measure, code)
            for supplied in rules
            if supplied.rule.jurisdiction in city_units
            for code in supplied.rule.delegates_to
        }
        problems: list[PluginResultError] = []

        def refuse(supplied: SuppliedRule, msg: str) -> None:
            problems.append(
                PluginResultError(
                    msg,
                    plugin_name=supplied.plugin,
                    hook="labourbrand_rules",
                    value=supplied.rule,
                )
            )

        for supplied in rules:
            rule = supplied.rule
            if rule.measure not in known:
                msg = f"Expected a rule for a measure of {document.id} but got measure={rule.measure!r}"
                refuse(supplied, msg)
                continue
            kind = document.formula_problem(rule)
            if kind is not None:
                refuse(supplied, kind)
                continue
            set_by, clause = levels[rule.measure]
            wrong = [
                code
                for code in rule.delegates_to
                if rule.jurisdiction not in city_units
                or code not in self.regions
                or self.regions.city_level_unit(code) != rule.jurisdiction
            ]
            if wrong:
                msg = f"Expected delegates_to to name county-level units of the city-level unit {rule.jurisdiction!r} but got {wrong[0]!r}"
                refuse(supplied, msg)
                continue
            if set_by.level is not Level.CITY or rule.jurisdiction in city_units:
                continue
            if (rule.measure, rule.jurisdiction) in delegated:
                continue
            msg = (
                f"Expected a rule of a city-level unit for {rule.measure} ({clause} gives "
                f"it to {set_by.zh}), or of a county its city's rule delegates to "
                f"(Rule.delegates_to), but got jurisdiction={rule.jurisdiction!r}"
            )
            refuse(supplied, msg)
        return problems

    @property
    def document(self) -> PolicyDocument:
        """The document whose measures the policy decides."""
        return self.documents[0]

    @classmethod
    def shaanxi(  # noqa: PLR0913 - keyword-only options
        cls,
        *,
        plugins: Iterable[object] = (),
        rule_files: Iterable[str | os.PathLike[str]] = (),
        entry_points: bool = True,
        allow: Collection[str] | None = None,
        block: Collection[str] = (),
        strict: bool = False,
        parameters: ParameterSet | None = None,
        regions: RegionRegistry | None = None,
        interpretations: Mapping[str, str] | None = None,
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
            rule_files: rule files (TOML, :doc:`/reference/rule-files`),
                or directories of ``*.toml`` rule files, each read as one
                plugin named after its file's stem
                (:func:`~labourbrand.plugins.read_rule_files`) and registered
                as if passed in *plugins*.
            entry_points: also load the installed plugins: those of the
                ``labourbrand`` entry-point group and the rule files named by
                the ``LABOURBRAND_RULES`` environment variable.
            allow: entry-point names that may load; ``None`` for all, or the
                names in the ``LABOURBRAND_PLUGINS_ALLOW`` environment variable.
            block: plugin names that never load, added to the names in
                ``LABOURBRAND_PLUGINS_BLOCK``; the province cannot be blocked.
            strict: raise on the first installed plugin that fails to import,
                register or supply its rules, instead of skipping it.
            parameters: a parameter set (e.g. with scenario overrides);
                defaults to the packaged parameters of 陕人社发〔2022〕13号 and
                陕人社发〔2023〕35号.
            regions: a region registry (e.g. with corrected designations).
            interpretations: readings chosen for contested passages, by
                interpretation id (``labourbrand interpretations`` lists them);
                every other passage is read by its default.

        Raises:
            InvalidArgumentError: *block* names the province's baseline.
            PolicyDataError: a rule file of *rule_files* is missing or bad:
                every problem, with the file and the key's path
                (``hanzhong.toml: … @ $.rules[0].flat_yuan``).
            PluginError: a passed plugin (or, with *strict*, an installed one)
                failed to import, register or supply its rules.

        Example:
            >>> import pathlib, tempfile
            >>> rules = pathlib.Path(tempfile.mkdtemp()) / "hanzhong.toml"
            >>> _ = rules.write_text('''
            ... [plugin]
            ... city = "610700"
            ... [[rules]]
            ... measure = "employment_award"
            ... first_day = 2023-01-01
            ... flat_yuan = "150000"
            ... reference = "illustrative: no published amount"
            ... illustrative = true
            ... ''', encoding="utf-8")
            >>> policy = Policy.shaanxi(rule_files=[rules], entry_points=False)
            >>> [(s.plugin, s.rule.jurisdiction) for s in policy.rules]
            [('hanzhong', '610700')]

        .. versionchanged:: 0.2.0
           *rule_files*, and the rule files of ``LABOURBRAND_RULES``.
        """
        from labourbrand import regions as _regions
        from labourbrand.policy.documents import packaged_documents, packaged_parameters

        pm = get_plugin_manager(
            plugins=[*plugins, *read_rule_files(rule_files)],
            entry_points=entry_points,
            allow=allow,
            block=block,
            strict=strict,
        )
        return cls(
            parameters=parameters if parameters is not None else packaged_parameters(),
            regions=regions if regions is not None else _regions.shaanxi(),
            plugin_manager=pm,
            documents=packaged_documents(),
            interpretations=interpretations,
        )

    def day(self, on: DayLike) -> PolicyDay:
        """The policy resolved for day *on*, computed once and shared.

        Args:
            on: a :class:`pendulum.Date`, a :class:`datetime.date` or an ISO string.

        Raises:
            InvalidArgumentError: *on* is not a day (a datetime is refused).
        """
        # Only a Date is looked up as it is: anything else is converted (or
        # refused) first, even what cannot be a key (a list, a dict).
        found = self._days.get(on) if type(on) is pendulum.Date else None
        if found is None:
            day = as_date(on, name="on")
            found = self._days.get(day)
            if found is None:
                found = PolicyDay(
                    on=day,
                    document=self.document,
                    parameters=self.parameters,
                    regions=self.regions,
                    rules=self.rules,
                    version=self.version,
                    readings=self.readings,
                )
                self._days[day] = found
        return found

    def rule_for(
        self, measure: Measure | str, county: str, on: DayLike
    ) -> SuppliedRule | None:
        """Return the rule in force for *measure* in *county*'s jurisdictions on *on*.

        The most specific jurisdiction wins (county > city-level unit > province);
        each (measure, county, day) is resolved once and remembered.
        """
        return self.day(on).rule_for(str(measure), county)

    def clause(self, clause_id: str) -> Clause:
        """Return a clause of the policy's documents, by qualified or short id.

        A qualified id (``"shaanxi-2022-13:4.2"``) names its document; a short
        one (``"4.2"``) resolves when exactly one loaded document with its
        clauses packaged has that clause.

        Raises:
            InvalidArgumentError: no loaded document has the clause, or a short
                id is ambiguous.

        Example:
            >>> from labourbrand.policy import Policy
            >>> policy = Policy.shaanxi(entry_points=False)
            >>> policy.clause("4.2") is policy.clause("shaanxi-2022-13:4.2")
            True

        .. versionadded:: 0.2.0
        """
        doc_id, colon, short = str(clause_id).rpartition(":")
        if colon:
            for document in self.documents:
                if document.id == doc_id:
                    return document.clause(short)
            known = ", ".join(d.id for d in self.documents)
            msg = f"Expected a clause of a loaded document ({known}) but got clause_id={clause_id!r}"
            raise InvalidArgumentError(msg, field="clause_id")
        found = [
            document.clause(short)
            for document in self.documents
            if document.clauses_loader is not None
            and short in document.clauses_loader()
        ]
        if len(found) != 1:
            why = (
                "no loaded document has it"
                if not found
                else "several documents have it"
            )
            msg = f"Expected one clause for clause_id={clause_id!r} but {why}: qualify it as '<document>:<clause>'"
            raise InvalidArgumentError(msg, field="clause_id")
        return found[0]

    def measure_label(self, measure: str) -> tuple[int, str, str]:
        """``(order, Chinese name, qualified clause)`` of a measure or delegated value id.

        Unknown ids sort last and are named by themselves, with no clause.

        .. versionadded:: 0.2.0
        """
        document = self.document
        items: list[MeasureSpec | DelegatedValue] = [
            *document.measures,
            *document.delegated_values,
        ]
        for order, item in enumerate(items):
            if item.id == measure:
                return order, item.name.zh, document.qualify(item.clause)
        return len(document.measures) + len(document.delegated_values), measure, ""

    def measure(self, measure: Measure | str) -> MeasureSpec:
        """The declaration of *measure* in the policy's document.

        Raises:
            InvalidArgumentError: the document declares no such measure.
        """
        return self.document.measure(str(measure))

    # ---------------------------------------------------------- measures

    def decide(
        self,
        measure: Measure | str,
        brand: Brand,
        *,
        on: DayLike,
        ledger: LedgerView | None = None,
        **facts: object,
    ) -> Decision:
        """Decide any measure of the document for *brand* on day *on*.

        The decision sees only what was recorded on or before *on*: the
        brand's stage then, its observations, the recognitions it held, the
        payments recorded by then.

        Args:
            measure: the measure's id (a :class:`~labourbrand.policy.Measure`).
            brand: the brand.
            on: the day of the decision.
            ledger: payments made (any :class:`~labourbrand.ledger.LedgerView`);
                a one-time measure paid on or before *on* is ineligible.
            facts: the facts a measure needs beyond the brand record
                (:attr:`MeasureSpec.needs <labourbrand.policy.MeasureSpec.needs>`):
                ``selection`` (a :class:`ShowcaseSelection` or ``None``),
                ``training_base`` (``bool`` or ``None``), ``founders``
                (``int`` or ``None``); one it needs and is not given is unknown.

        Raises:
            InvalidArgumentError: an unknown measure or fact, or a fact of the
                wrong type.

        Example:
            >>> import pendulum
            >>> import labourbrand as lb
            >>> policy = lb.Policy.shaanxi(entry_points=False)
            >>> d = policy.decide("startup_subsidy", lb.Brand(name_zh="旬阳建工", county="610981"),
            ...                   on=pendulum.Date(2023, 1, 1), founders=12)
            >>> d.outcome.value, d.amount_set_by
            ('eligible', '现行规定(按规定)')

        .. versionadded:: 0.2.0
        """
        spec = self.measure(measure)
        check_extra_facts(facts)
        check_ledger(ledger)
        day = self.day(on)
        brand = _as_of(typed_arg(Brand, brand, "brand"), day.on)
        known = brand_facts(brand, day.on, extra=facts, reads=spec.facts)
        selection = facts.get("selection")
        return decide(
            day,
            spec,
            brand,
            _with_ledger(day, known, spec, brand, ledger, facts),
            occasion=getattr(selection, "occasion", ""),
        )

    def employment_award(
        self, brand: Brand, *, on: DayLike, ledger: LedgerView | None = None
    ) -> Decision:
        """Decide the one-time employment award (一次性奖补) of clause 4.2.

        A brand cultivated in the region whose **practitioners with signed
        agreements** (rural workers among them) reach the threshold (500) may
        be given a one-time award to its creating unit (可给予): an eligible
        decision means it meets the conditions the province's text states;
        the city-level finance and HRSS bureaus set the detailed conditions
        and the amount, capped (300,000 yuan), paid from employment subsidy
        funds. It enters the provincial resource pool (:meth:`admit`).

        Args:
            brand: the brand.
            on: the day of the decision.
            ledger: payments already made; a brand already paid is ineligible.
        """
        return self.decide(Measure.EMPLOYMENT_AWARD, brand, on=on, ledger=ledger)

    def provincial_recognition_award(
        self, brand: Brand, *, on: DayLike, ledger: LedgerView | None = None
    ) -> Decision:
        """Decide the award for a brand recognised at provincial level (clause 4.2)."""
        return self.decide(
            Measure.PROVINCIAL_RECOGNITION_AWARD, brand, on=on, ledger=ledger
        )

    def showcase_award(
        self,
        brand: Brand,
        *,
        on: DayLike,
        selection: ShowcaseSelection | None,
        ledger: LedgerView | None = None,
    ) -> Decision:
        """Decide the one-time showcase award, classed by the event's level, once per selection (clause 4.3)."""
        return self.decide(
            Measure.SHOWCASE_AWARD, brand, on=on, ledger=ledger, selection=selection
        )

    def transport_subsidy(self, brand: Brand, *, on: DayLike) -> Decision:
        """Decide the one-time transport subsidy for poverty-alleviated and rural low-income workers (4.2)."""
        return self.decide(Measure.TRANSPORT_SUBSIDY, brand, on=on)

    def social_insurance_subsidy(self, brand: Brand, *, on: DayLike) -> Decision:
        """Decide the social-insurance subsidy for the same workers (clause 4.2)."""
        return self.decide(Measure.SOCIAL_INSURANCE_SUBSIDY, brand, on=on)

    def training_subsidy(self, brand: Brand, *, on: DayLike) -> Decision:
        """Decide whether brand training is in the subsidised training scope (clause 4.1)."""
        return self.decide(Measure.TRAINING_SUBSIDY, brand, on=on)

    def high_skill_base_grant(
        self, brand: Brand, *, on: DayLike, training_base: bool | None
    ) -> Decision:
        """Decide the high-skill talent training-base grant (clause 4.1)."""
        return self.decide(
            Measure.HIGH_SKILL_BASE_GRANT, brand, on=on, training_base=training_base
        )

    def entrepreneurship_supports(
        self, brand: Brand, *, on: DayLike, founders: int | None
    ) -> tuple[Decision, ...]:
        """Decide the entrepreneurship supports of clause 5.1: four for founders among the practitioners, premises for their start-up entities."""
        check_extra_facts({"founders": founders})
        return tuple(
            self.decide(measure, brand, on=on, founders=founders)
            for measure in ENTREPRENEURSHIP_MEASURES
        )

    # Clauses 2 and 3.2: see labourbrand.policy._targets; 4.1 and 7.3: _county_duties;
    # 3.4: _exit; 4.3 and 5.2: _conduct.

    def evaluate_batch(
        self,
        columns: Mapping[str, npt.ArrayLike],
        *,
        on: DayLike,
        measures: Iterable[Measure | str] | None = None,
        ledger: LedgerView | None = None,
    ) -> BatchResult:
        """Decide *measures* (by default all) for many brands at once, one row per brand.

        Columnar and vectorised (numpy, extra ``sim``), from the same
        declarations as :meth:`decide`: rules are resolved once per county,
        never once per brand, and every row equals the per-brand decision.
        With *ledger* (and a ``brand_id`` column), a row paid a one-time
        measure on or before *on* is paid. See
        :func:`labourbrand.policy.evaluate_batch` for the columns.
        """
        from labourbrand.policy import _batch

        chosen = None if measures is None else [str(m) for m in measures]
        return _batch.evaluate_batch(
            self, columns, on=on, measures=chosen, ledger=ledger
        )

    def evaluate(
        self, brand: Brand, *, on: DayLike, ledger: LedgerView | None = None
    ) -> tuple[Decision, ...]:
        """Return every decision that needs no facts beyond the brand itself.

        The measures of the document whose declaration needs no extra fact,
        in the document's order: the employment award, the provincial-recognition
        award, the transport and social-insurance subsidies and the training
        scope. The showcase award, the high-skill grant and the
        entrepreneurship supports need facts a brand does not carry: call
        :meth:`decide` or their methods.
        """
        check_ledger(ledger)
        day = self.day(on)
        brand = _as_of(typed_arg(Brand, brand, "brand"), day.on)
        specs = [spec for spec in self.document.measures if not spec.needs]
        reads = frozenset().union(*(spec.facts for spec in specs))
        known = brand_facts(brand, day.on, extra={}, reads=reads)
        return tuple(
            decide(day, spec, brand, _with_ledger(day, known, spec, brand, ledger))
            for spec in specs
        )


__all__ = [
    "EMPLOYMENT_FUND",
    "ENTREPRENEURSHIP_MEASURES",
    "Ledger",
    "LedgerStore",
    "Payment",
    "Policy",
]
