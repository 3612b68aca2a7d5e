"""A policy document as data: its identity, clauses, dated parameters and measures (private)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final, final

import attrs
import pendulum

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.lifecycle import Transition, check_table
from labourbrand.policy._checks_spec import CheckSpec
from labourbrand.policy._clauses import Clause, ClauseRegistry
from labourbrand.policy._interpretations import Interpretation
from labourbrand.policy._measures import DelegatedValue, MeasureSpec
from labourbrand.policy._parameters import ParameterSet
from labourbrand.policy._vocabulary import ByReading
from labourbrand.rules import Ratio, Rule


__all__ = ["PolicyDocument", "layer_parameters", "qualify"]

#: A document id: lower-case words, digits and hyphens (``"shaanxi-2022-13"``).
_ID: Final = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", re.ASCII)


def _check_id(
    _instance: object, attribute: attrs.Attribute[str], value: object
) -> None:
    if not (isinstance(value, str) and _ID.fullmatch(value)):
        msg = f"Expected a document id such as 'shaanxi-2022-13' but got {attribute.name}={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field=attribute.name)


def _measures(items: Iterable[MeasureSpec]) -> tuple[MeasureSpec, ...]:
    measures = tuple(items)
    seen: set[str] = set()
    for spec in measures:
        if not isinstance(spec, MeasureSpec):  # callers may not run mypy
            msg = f"Expected MeasureSpec values but got measures item {spec!r} (type={type(spec).__name__})"  # type: ignore[unreachable]
            raise InvalidArgumentError(msg, field="measures")
        if spec.id in seen:
            msg = f"Expected one declaration per measure but got measure {spec.id!r} twice"
            raise InvalidArgumentError(msg, field="measures")
        seen.add(spec.id)
    return measures


def _checks(items: Iterable[CheckSpec]) -> tuple[CheckSpec, ...]:
    checks = tuple(items)
    seen: set[str] = set()
    for spec in checks:
        if not isinstance(spec, CheckSpec):  # callers may not run mypy
            msg = f"Expected CheckSpec values but got checks item {spec!r} (type={type(spec).__name__})"  # type: ignore[unreachable]
            raise InvalidArgumentError(msg, field="checks")
        if spec.id in seen:
            msg = f"Expected one declaration per check but got check {spec.id!r} twice"
            raise InvalidArgumentError(msg, field="checks")
        seen.add(spec.id)
    return checks


def _delegated(items: Iterable[DelegatedValue]) -> tuple[DelegatedValue, ...]:
    return tuple(items)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _lifecycle(rows: Iterable[Transition]) -> tuple[Transition, ...]:
    table = tuple(rows)
    for index, row in enumerate(table):
        given: object = row  # callers may pass anything at run time
        if not isinstance(given, Transition):
            msg = f"Expected a lifecycle.Transition but got lifecycle[{index}]={row!r} (type={type(row).__name__})"
            raise InvalidArgumentError(msg, field=f"lifecycle[{index}]")
    if table:
        check_table(table)
    return table


def _interpretations(items: Iterable[Interpretation]) -> tuple[Interpretation, ...]:
    return tuple(items)


@final
@attrs.frozen(kw_only=True)
class PolicyDocument:
    """A policy document (政策文件) and what it declares, as data.

    A document has an id (``"shaanxi-2022-13"``), its number (文号), title,
    issuers and the day it applies from; it may have a parent (the document it
    implements or adds to), a trial status and a last day. It declares its
    clauses, its dated parameters, its measures and its checks; the
    :class:`~labourbrand.policy.Policy` interpreter reads them, and knows no
    measure, number or wording of its own.

    A later document adds dated parameter values from its own first day
    (:func:`layer_parameters`); it never edits the earlier one.

    Example:
        >>> from labourbrand.policy import documents
        >>> doc = documents.shaanxi_2022_13.document()
        >>> doc.id, doc.number, doc.issued.isoformat()
        ('shaanxi-2022-13', '陕人社发〔2022〕13号', '2022-04-29')
        >>> doc.qualify("4.2")
        'shaanxi-2022-13:4.2'

    .. versionadded:: 0.2.0
    """

    #: The document's id, used to qualify its clause ids.
    id: str = attrs.field(validator=_check_id)
    #: Its number (文号), e.g. ``"陕人社发〔2022〕13号"``, and in English.
    number: str
    number_en: str
    #: Its title in Chinese and English.
    title_zh: str
    title_en: str
    #: The bodies that issued it.
    issuers: tuple[str, ...] = attrs.field(converter=_strings)
    #: The first day it applies.
    issued: pendulum.Date
    #: The id of the document it implements or adds to, if any.
    parent: str | None = None
    #: The rank of its issuer (``"province"``, ``"city"``, ``"nation"``).
    rank: str = "province"
    #: Whether it is issued on trial (试行).
    trial: bool = False
    #: The last day it applies, if it says so.
    last_day: pendulum.Date | None = None
    #: The province whose regions it governs (a GB/T 2260 code).
    province: str = "610000"
    #: The measures it grants.
    measures: tuple[MeasureSpec, ...] = attrs.field(default=(), converter=_measures)
    #: The checks it asks for (duties, criteria, commitments).
    checks: tuple[CheckSpec, ...] = attrs.field(default=(), converter=_checks)
    #: Ids of values its checks leave to a city's rule (e.g. what counts as a
    #: marked fall in jobs): rules may set these besides the measures' amounts.
    delegated_values: tuple[DelegatedValue, ...] = attrs.field(
        default=(), converter=_delegated
    )
    #: Its lifecycle: the transition table of the brands it governs, each row
    #: with the event, the stages, who may act and the clause
    #: (:class:`~labourbrand.lifecycle.Transition`); checked when the document
    #: is built. Empty for a document that governs no lifecycle of its own
    #: (a later programme): the policy then uses its first document's.
    lifecycle: tuple[Transition, ...] = attrs.field(default=(), converter=_lifecycle)
    #: The passages it leaves open to several readings, each with its default
    #: (:class:`~labourbrand.policy.Interpretation`); every
    #: :class:`~labourbrand.policy.ByReading` condition names one of these.
    interpretations: tuple[Interpretation, ...] = attrs.field(
        default=(), converter=_interpretations
    )
    #: Loads its clause registry, if it has one packaged.
    clauses_loader: Callable[[], ClauseRegistry] | None = attrs.field(
        default=None, eq=False, repr=False
    )
    #: Loads its dated parameters (for a later document: its added values only).
    parameters_loader: Callable[[], ParameterSet] | None = attrs.field(
        default=None, eq=False, repr=False
    )

    _by_id: dict[str, MeasureSpec] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {spec.id: spec for spec in self.measures})
        declared = {}
        for index, item in enumerate(self.interpretations):
            given: object = item  # callers may pass anything at run time
            if not isinstance(given, Interpretation):
                msg = f"Expected an Interpretation but got interpretations[{index}]={item!r} (type={type(item).__name__})"
                raise InvalidArgumentError(msg, field=f"interpretations[{index}]")
            if item.id in declared:
                msg = f"Expected each interpretation once but got id={item.id!r} twice"
                raise InvalidArgumentError(msg, field=f"interpretations[{index}]")
            declared[item.id] = item
        for spec in self.measures:
            for condition in spec.conditions:
                if not isinstance(condition, ByReading):
                    continue
                found = declared.get(condition.interpretation)
                if found is None:
                    msg = f"Expected an interpretation {self.id} declares but measure {spec.id!r} reads interpretation={condition.interpretation!r}"
                    raise InvalidArgumentError(msg, field=f"measures.{spec.id}")
                given = sorted(r for r, _ in condition.readings)
                if given != sorted(r.id for r in found.readings):
                    msg = f"Expected a condition for every reading of {found.id!r} ({', '.join(sorted(r.id for r in found.readings))}) but got {', '.join(given)}"
                    raise InvalidArgumentError(msg, field=f"measures.{spec.id}")

    def interpretation(self, interpretation_id: str) -> Interpretation:
        """Return the declaration of interpretation *interpretation_id*.

        Raises:
            InvalidArgumentError: the document declares no such interpretation.
        """
        for item in self.interpretations:
            if item.id == interpretation_id:
                return item
        known = ", ".join(i.id for i in self.interpretations) or "none"
        msg = f"Expected an interpretation of {self.id} ({known}) but got interpretation={interpretation_id!r}"
        raise InvalidArgumentError(msg, field="interpretation")

    def check(self, check_id: str) -> CheckSpec:
        """Return the declaration of check *check_id*.

        Raises:
            InvalidArgumentError: the document declares no such check.
        """
        for spec in self.checks:
            if spec.id == check_id:
                return spec
        known = ", ".join(spec.id for spec in self.checks)
        msg = f"Expected a check of {self.id} ({known}) but got check={check_id!r}"
        raise InvalidArgumentError(msg, field="check")

    def qualify(self, clause_id: str) -> str:
        """Return *clause_id* qualified by this document: ``"<id>:<clause>"``."""
        return qualify(self.id, clause_id)

    @property
    def rule_ids(self) -> frozenset[str]:
        """Every id a rule may set: the measures' amounts and the delegated values."""
        return frozenset(spec.id for spec in self.measures) | {
            value.id for value in self.delegated_values
        }

    def formula_problem(self, rule: Rule) -> str | None:
        """What is wrong with the kind of *rule*'s formula for what it sets, if anything.

        An amount (:class:`~labourbrand.rules.Flat`,
        :class:`~labourbrand.rules.PerHead` or a per-brand callable) sets a
        measure's amount, a :class:`~labourbrand.rules.Ratio` a delegated value
        declared as one (:attr:`DelegatedValue.ratio`); checked when the
        policy is built.

        Example:
            >>> from decimal import Decimal
            >>> from labourbrand.policy import Policy
            >>> from labourbrand.rules import Ratio, Rule
            >>> rule = Rule(measure="employment_award", jurisdiction="610900",
            ...             first_day="2023-01-01", formula=Ratio(Decimal("0.3")),
            ...             reference="illustrative")
            >>> Policy.shaanxi(entry_points=False).document.formula_problem(rule)
            'a Ratio is not an amount; employment_award takes Flat, PerHead or a callable'

        .. versionadded:: 0.2.0
        """
        value = next((v for v in self.delegated_values if v.id == rule.measure), None)
        is_ratio = isinstance(rule.formula, Ratio)
        if value is not None and value.ratio and not is_ratio:
            return (
                f"{rule.measure} takes a Ratio ({value.name.en}), "
                f"not {type(rule.formula).__name__}"
            )
        if is_ratio and (value is None or not value.ratio):
            return f"a Ratio is not an amount; {rule.measure} takes Flat, PerHead or a callable"
        return None

    def clause(self, clause_id: str) -> Clause:
        """Return the clause *clause_id* of this document, short or qualified by its id.

        Raises:
            InvalidArgumentError: the id names another document, or no clause
                of this one, or the document has no clause registry packaged.
        """
        prefix, colon, short = str(clause_id).rpartition(":")
        if colon and prefix != self.id:
            msg = f"Expected a clause of {self.id} but got clause_id={clause_id!r}"
            raise InvalidArgumentError(msg, field="clause_id")
        if self.clauses_loader is None:
            msg = (
                f"Expected a document with its clauses packaged but {self.id} has none"
            )
            raise InvalidArgumentError(msg, field="clause_id")
        return self.clauses_loader()[short]

    def measure(self, measure_id: str) -> MeasureSpec:
        """Return the declaration of *measure_id*.

        Raises:
            InvalidArgumentError: the document declares no such measure.
        """
        spec = self._by_id.get(measure_id)
        if spec is not None:
            return spec
        known = ", ".join(spec.id for spec in self.measures)
        msg = (
            f"Expected a measure of {self.id} ({known}) but got measure={measure_id!r}"
        )
        raise InvalidArgumentError(msg, field="measure")


def qualify(document_id: str, clause_id: str) -> str:
    """Return ``"<document>:<clause>"``, leaving an already qualified id alone.

    Example:
        >>> qualify("shaanxi-2022-13", "4.2"), qualify("x", "shaanxi-2022-13:4.2")
        ('shaanxi-2022-13:4.2', 'shaanxi-2022-13:4.2')
    """
    return clause_id if ":" in clause_id else f"{document_id}:{clause_id}"


def layer_parameters(base: ParameterSet, *later: ParameterSet) -> ParameterSet:
    """Add the dated values of later documents to *base*, each from its own first day.

    A later document's parameter of a name *base* has gets its values added
    (the base's description and unit stay); a new name is added whole.

    Raises:
        InvalidArgumentError: a later value repeats a day of an earlier one,
            or a unit differs.
    """
    from labourbrand.policy._parameters import ParameterSet

    merged = dict(base.items())
    for layer in later:
        for name, parameter in layer.items():
            earlier = merged.get(name)
            if earlier is None:
                merged[name] = parameter
                continue
            if earlier.unit is not parameter.unit:
                msg = f"Expected unit {earlier.unit.value} for {name} but a later document gives {parameter.unit.value}"
                raise InvalidArgumentError(msg, field=name)
            days = {v.first_day for v in earlier.values}
            clash = [v.first_day for v in parameter.values if v.first_day in days]
            if clash:
                msg = f"Expected a later document to add values, not restate the value of {name} from {clash[0]}"
                raise InvalidArgumentError(msg, field=name)
            values = sorted(
                (*earlier.values, *parameter.values), key=lambda v: v.first_day
            )
            merged[name] = attrs.evolve(earlier, values=values)
    return ParameterSet(merged.values())
