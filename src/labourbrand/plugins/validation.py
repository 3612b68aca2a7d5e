"""Checks of the rules plugins supply, as a list of problems.

One home for the checks and their wording, shared by the loader
(:mod:`labourbrand.plugins._manager`), which raises the first problem, and the
conformance kit (:mod:`labourbrand.testing.conformance`), which reports them all.
Only :mod:`labourbrand.rules` is needed: this module never imports the engine.
"""

from __future__ import annotations

import inspect
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, final

import attrs

from labourbrand.exceptions import PluginError, PluginResultError
from labourbrand.rules import Rule


if TYPE_CHECKING:
    import pluggy

    from labourbrand.regions import RegionRegistry


__all__ = [
    "RULES_HOOK",
    "Problem",
    "book_problems",
    "call_rules",
    "check_rules",
    "field_problem",
    "jurisdiction_problem",
    "jurisdictions",
    "province_problem",
    "raise_first",
    "rule_problem",
    "type_problem",
    "unmarked_hooks",
]

#: The hook whose results are checked here.
RULES_HOOK: Final = "labourbrand_rules"

#: What can be wrong with what a plugin supplied.
Code = Literal[
    "raised",
    "not-iterable",
    "not-a-rule",
    "field",
    "jurisdiction",
    "province",
    "overlap",
    "conflict",
]

# Problems with a value the hook returned are PluginResultError, carrying the value.
_RESULT_CODES: Final = frozenset(
    {"not-iterable", "not-a-rule", "jurisdiction", "province"}
)
#: The prefix of the hooks' names: a plugin's method so named is meant as one.
HOOK_PREFIX: Final = "labourbrand_"


@final
@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with what a plugin's hook supplied.

    Example:
        >>> problem = Problem(code="raised", plugin="ankang", detail="raised KeyError: 'x'")
        >>> problem.message
        "plugin 'ankang', hook 'labourbrand_rules': raised KeyError: 'x'"
        >>> problem.what
        "raised KeyError: 'x'"
    """

    #: What kind of problem it is.
    code: Code
    #: The registered name of the plugin at fault (the first in name order, for a conflict).
    plugin: str
    #: The hook at fault.
    hook: str = RULES_HOOK
    #: The jurisdiction of the rules at fault, if the problem is with rules.
    jurisdiction: str | None = None
    #: What is wrong, without the plugin and hook, and without the value.
    detail: str
    #: The value at fault (a returned value, a rule, or the overlapping rules).
    value: object = None
    #: The exception the hook raised, for ``"raised"``.
    cause: BaseException | None = None

    def error(self) -> PluginError:
        """Return the error the loader raises for this problem.

        Returns:
            A :class:`~labourbrand.exceptions.PluginResultError` (carrying
            :attr:`value`) for a bad returned value, else a
            :class:`~labourbrand.exceptions.PluginError`.
        """
        if self.code in _RESULT_CODES:
            return PluginResultError(
                self.detail, plugin_name=self.plugin, hook=self.hook, value=self.value
            )
        return PluginError(self.detail, plugin_name=self.plugin, hook=self.hook)

    @property
    def message(self) -> str:
        """The whole message, naming the plugin and the hook, as the error has it."""
        return str(self.error())

    @property
    def what(self) -> str:
        """The message without the plugin and hook, for a report on one plugin."""
        return self.message.removeprefix(
            f"plugin {self.plugin!r}, hook {self.hook!r}: "
        )

    def __str__(self) -> str:
        return self.message


def raise_first(problems: Sequence[Problem]) -> None:
    """Raise the error of the first of *problems*, if there is one.

    Raises:
        PluginError: the first problem's error, from the exception it wraps.
    """
    if problems:
        first = problems[0]
        raise first.error() from first.cause


def jurisdictions(regions: RegionRegistry) -> frozenset[str]:
    """Region codes and city-level zone keys: the jurisdictions a rule may name."""
    return frozenset(
        {r.code for r in regions} | {z.key for z in regions.zones() if z.city_level}
    )


def call_rules(
    function: Callable[[], object], *, plugin: str
) -> tuple[list[object], Problem | None]:
    """Call a plugin's ``labourbrand_rules`` implementation and list what it returned.

    Args:
        function: the implementation, called with no argument.
        plugin: the plugin's registered name.

    Returns:
        The items returned, or no item and the problem: the call raised, or
        returned something that is not iterable.
    """
    try:
        raw = function()
        result = list(raw) if isinstance(raw, Iterable) else None
    except Exception as exc:  # noqa: BLE001 - any error of the plugin is its problem
        detail = f"raised {type(exc).__name__}: {exc}"
        return [], Problem(code="raised", plugin=plugin, detail=detail, cause=exc)
    if result is None:
        detail = "Expected an iterable of labourbrand.policy.Rule values"
        return [], Problem(code="not-iterable", plugin=plugin, detail=detail, value=raw)
    return result, None


def type_problem(item: object, *, plugin: str) -> Problem | None:
    """Return the problem if *item*, returned among a plugin's rules, is not a rule."""
    if isinstance(item, Rule):
        return None
    detail = "Expected labourbrand.policy.Rule values"
    return Problem(code="not-a-rule", plugin=plugin, detail=detail, value=item)


def _first_bad_field(value: object, path: str) -> str | None:
    """The first field of *value*, an attrs value, that its own validator refuses, with its path.

    Every field is checked again, recursively through the attrs values and the
    tuples it holds (a :class:`~labourbrand.rules.Flat`'s
    :class:`~labourbrand.money.Fen`, the pairs of a
    :class:`~labourbrand.rules.PerHead`), and then the class's own
    cross-field check: a value built with attrs validators disabled, or
    changed after it was built, is checked as if it were being built.
    """
    cls: Any = type(value)  # an attrs class: the callers check attrs.has
    for field in attrs.fields(cls):
        where = f"{path}.{field.name}"
        try:
            item = getattr(value, field.name)
        except AttributeError:
            return f"Expected a value but got none (the field is not set) @ {where}"
        if field.validator is not None:
            try:
                field.validator(value, field, item)
            except Exception as exc:  # noqa: BLE001 - any refusal of the field's own validator
                return f"{exc} @ {where}"
        found = _first_bad_item(item, where)
        if found is not None:
            return found
    check = getattr(cls, "__attrs_post_init__", None)
    if check is not None:
        try:
            check(value)
        except Exception as exc:  # noqa: BLE001 - any refusal of the class's own check
            return f"{exc} @ {path}"
    return None


def _first_bad_item(item: object, path: str) -> str | None:
    """:func:`_first_bad_field` of *item* if it is an attrs value, or of each item of a tuple."""
    if attrs.has(type(item)):
        return _first_bad_field(item, path)
    if isinstance(item, tuple):
        for index, part in enumerate(item):
            found = _first_bad_item(part, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def field_problem(rule: Rule, *, plugin: str, index: int) -> Problem | None:
    """Return the problem if a field of *rule*, item *index* of what the hook returned, is malformed.

    The rule's own validators already refuse a malformed field when it is
    built; this checks again, completely and with the types, what reaches the
    engine: a rule built with attrs validators disabled
    (:func:`attrs.validators.disabled`) or changed after it was built
    (``object.__setattr__``) is refused here, when the policy is built, never
    first when a decision reads it. The message ends with the path of the
    field in what the hook returned (``@ $[0].formula.amount``).

    Example:
        >>> import attrs
        >>> from labourbrand.rules import Flat
        >>> with attrs.validators.disabled():
        ...     flat = Flat(100_000)
        >>> rule = Rule(measure="employment_award", jurisdiction="610900",
        ...             first_day="2023-01-01", formula=flat, reference="illustrative")
        >>> print(field_problem(rule, plugin="ankang", index=0))
        plugin 'ankang', hook 'labourbrand_rules': Expected a Fen amount but got amount=100000 (type=int) @ $[0].formula.amount

    .. versionadded:: 0.2.0
    """
    found = _first_bad_field(rule, f"$[{index}]")
    if found is None:
        return None
    return Problem(code="field", plugin=plugin, detail=found, value=rule)


def province_problem(
    rule: Rule, *, plugin: str, province: str | None
) -> Problem | None:
    """Return the problem if *rule* sets a value for the whole province and *plugin* may not.

    Only the province's baseline sets province-wide values: a city's or a
    county's plugin sets them for its own jurisdiction. *province* is the
    province's code, or ``None`` for the baseline itself.

    .. versionadded:: 0.2.0
    """
    if province is None or rule.jurisdiction != province:
        return None
    detail = (
        f"Expected a rule for a city-level unit or a county but got "
        f"jurisdiction={rule.jurisdiction!r}, the whole province: only the "
        f"province's baseline plugin sets province-wide values"
    )
    return Problem(
        code="province",
        plugin=plugin,
        jurisdiction=rule.jurisdiction,
        detail=detail,
        value=rule,
    )


def unmarked_hooks(pm: pluggy.PluginManager, plugin: object) -> tuple[str, ...]:
    """The methods of *plugin* named like hooks (``labourbrand_*``) that are not hook implementations.

    pluggy registers only the methods marked with
    :data:`~labourbrand.plugins.hookspecs.hookimpl`; one that is not marked
    (or is marked by another project's marker) is never called, and the
    plugin contributes nothing through it. *pm* is a manager of the
    ``labourbrand`` project, which knows the marker.

    Example:
        >>> from labourbrand.plugins import get_plugin_manager
        >>> class Forgetful:
        ...     def labourbrand_rules(self):
        ...         return []
        >>> unmarked_hooks(get_plugin_manager(entry_points=False), Forgetful())
        ('labourbrand_rules',)

    .. versionadded:: 0.2.0
    """
    found = []
    for name in sorted(dir(plugin)):
        if not name.startswith(HOOK_PREFIX):
            continue
        try:
            method = getattr(plugin, name)
        except Exception:  # noqa: BLE001, S112 - an attribute that cannot be read is no method
            continue
        if inspect.isroutine(method) and pm.parse_hookimpl_opts(plugin, name) is None:
            found.append(name)
    return tuple(found)


def rule_problem(
    item: object,
    *,
    plugin: str,
    index: int,
    known: Collection[str],
    province: str | None = None,
) -> Problem | None:
    """The first problem of *item*, item *index* of what a plugin's hook returned, if any.

    In order: not a rule (:func:`type_problem`), a malformed field
    (:func:`field_problem`), an unknown jurisdiction
    (:func:`jurisdiction_problem`), the whole province
    (:func:`province_problem`).

    .. versionadded:: 0.2.0
    """
    found = type_problem(item, plugin=plugin)
    if found is not None or not isinstance(item, Rule):
        return found
    return (
        field_problem(item, plugin=plugin, index=index)
        or jurisdiction_problem(item, plugin=plugin, known=known)
        or province_problem(item, plugin=plugin, province=province)
    )


def jurisdiction_problem(
    rule: Rule, *, plugin: str, known: Collection[str]
) -> Problem | None:
    """Return the problem if *rule*'s jurisdiction is not one of *known*."""
    if rule.jurisdiction in known:
        return None
    detail = (
        f"Expected a jurisdiction of the region registry (a code or a "
        f"city-level zone) but got jurisdiction={rule.jurisdiction!r}"
    )
    return Problem(
        code="jurisdiction",
        plugin=plugin,
        jurisdiction=rule.jurisdiction,
        detail=detail,
        value=rule,
    )


def check_rules(
    function: Callable[[], object],
    *,
    plugin: str,
    known: Collection[str],
    province: str | None = None,
) -> tuple[list[Rule], list[Problem]]:
    """Call a plugin's ``labourbrand_rules`` and check everything it returned.

    Each item is checked in order (a rule, every field of it well formed, of a
    known jurisdiction, not the whole province); then the sound rules are
    checked for overlaps (:func:`book_problems`).

    Args:
        function: the implementation, called once with no argument.
        plugin: the plugin's registered name.
        known: the jurisdictions a rule may name (:func:`jurisdictions`).
        province: the province's code, which the plugin may not set values
            for; ``None`` for the province's baseline, which may.

    Returns:
        The sound rules, and every problem found, in that order.

    .. versionchanged:: 0.2.0
       Every field of every rule is checked, with its type (:func:`field_problem`),
       and a province-wide rule is refused (:func:`province_problem`).
    """
    items, problem = call_rules(function, plugin=plugin)
    if problem is not None:
        return [], [problem]
    rules: list[Rule] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        found = rule_problem(
            item, plugin=plugin, index=index, known=known, province=province
        )
        if found is None and isinstance(item, Rule):
            rules.append(item)
        if found is not None:
            problems.append(found)
    problems.extend(book_problems((plugin, rule) for rule in rules))
    return rules, problems


def book_problems(supplied: Iterable[tuple[str, Rule]]) -> list[Problem]:
    """Check rules of one or more plugins together, by (measure, jurisdiction).

    One measure in one jurisdiction has one author, and its dated rules do not
    overlap. Groups are checked in the order their first rule comes; within a
    group, a conflict between plugins is the only problem reported, else every
    rule that starts before an earlier one of the group ends.

    Args:
        supplied: (plugin name, rule) pairs.

    Returns:
        The problems, in that order.
    """
    groups: dict[tuple[object, str], list[tuple[str, Rule]]] = defaultdict(list)
    for plugin, rule in supplied:
        groups[rule.measure, rule.jurisdiction].append((plugin, rule))
    problems: list[Problem] = []
    for (measure, jurisdiction), entries in groups.items():
        owners = sorted({plugin for plugin, _ in entries})
        if len(owners) > 1:
            detail = (
                f"plugins {' and '.join(repr(o) for o in owners)} both supply "
                f"{_name(measure)} rules for jurisdiction {jurisdiction!r}"
            )
            problems.append(
                Problem(
                    code="conflict",
                    plugin=owners[0],
                    jurisdiction=jurisdiction,
                    detail=detail,
                    value=tuple(rule for _, rule in entries),
                )
            )
            continue
        rules = sorted((rule for _, rule in entries), key=lambda r: r.first_day)
        problems.extend(_overlaps(owners[0], measure, jurisdiction, rules))
    return problems


def _overlaps(
    plugin: str, measure: object, jurisdiction: str, rules: Sequence[Rule]
) -> Iterable[Problem]:
    """The overlaps among *rules*, sorted by first day: each with the latest-ending before it."""
    latest = rules[0]
    for rule in itertools.islice(rules, 1, None):
        if latest.last_day is None or latest.last_day >= rule.first_day:
            detail = (
                f"{_name(measure)} rules for {jurisdiction!r} overlap: one from "
                f"{latest.first_day} and one from {rule.first_day}"
            )
            yield Problem(
                code="overlap",
                plugin=plugin,
                jurisdiction=jurisdiction,
                detail=detail,
                value=(latest, rule),
            )
        if latest.last_day is not None and (
            rule.last_day is None or rule.last_day > latest.last_day
        ):
            latest = rule


def _name(measure: object) -> str:
    """A measure's code; whatever it is, for a rule built with validators off."""
    value = getattr(measure, "value", measure)
    return value if isinstance(value, str) else repr(value)
