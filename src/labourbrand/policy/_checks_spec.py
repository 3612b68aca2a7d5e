"""Declarations: a check of a policy document, as data the interpreter reads (private).

A :class:`CheckSpec` says what a clause asks of a county, an enterprise or a
unit, in the same vocabulary as a measure
(:mod:`labourbrand.policy._vocabulary`, with the words of
:mod:`labourbrand.policy._check_words`): its clause and the sentence of the
text it rests on, the kind of subject, the responsible bodies, its conditions
in order, the status each verdict maps to, the parameters it reads and what
its value is. It holds no code: :mod:`labourbrand.policy._check_interpret`
evaluates it for one subject (with the steps of its explanation) and over
numpy columns.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final, final

import attrs

from labourbrand.policy._check_status import CheckStatus
from labourbrand.policy._check_words import (
    AnyHeld,
    AppliesWhen,
    CountAtLeast,
    CriteriaAtLeast,
    FlagIs,
    FlagNote,
)
from labourbrand.policy._exit_words import (
    AnyFound,
    InStage,
)
from labourbrand.policy._vocabulary import Condition, Wording


if TYPE_CHECKING:
    from collections.abc import Iterable


__all__ = ["CheckSpec", "CheckStatuses", "CheckSubject"]


class CheckSubject(enum.StrEnum):
    """What a check is about.

    Example:
        >>> CheckSubject.COUNTY.zh
        '县级单位'

    .. versionadded:: 0.2.0
    """

    #: A county-level unit (its GB/T 2260 code).
    COUNTY = "county"
    #: An enterprise (its name).
    ENTERPRISE = "enterprise"
    #: A unit or a person (its name).
    UNIT = "unit"
    #: A labour brand (its name), with the county that cultivates it.
    #:
    #: .. versionadded:: 0.2.0
    BRAND = "brand"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _SUBJECT_ZH[self]


_SUBJECT_ZH: Final = {
    CheckSubject.COUNTY: "县级单位",
    CheckSubject.ENTERPRISE: "企业",
    CheckSubject.UNIT: "单位或个人",
    CheckSubject.BRAND: "劳务品牌",
}


@final
@attrs.frozen(kw_only=True)
class CheckStatuses:
    """The status each verdict of a check maps to.

    A condition that fails decides :attr:`fails`, except a word whose failure
    means the duty does not apply (:class:`~labourbrand.policy.AppliesWhen`:
    the check is met).

    .. versionadded:: 0.2.0
    """

    #: Every condition holds.
    holds: CheckStatus = CheckStatus.MET
    #: A condition fails.
    fails: CheckStatus = CheckStatus.NOT_MET
    #: A fact a condition reads is unknown.
    unknown: CheckStatus = CheckStatus.UNKNOWN
    #: The document or a parameter read is not in force on the day.
    not_in_force: CheckStatus = CheckStatus.NOT_IN_FORCE


#: A condition of a check: a word of a measure's vocabulary or of a check's.
CheckCondition = (
    Condition
    | CountAtLeast
    | AppliesWhen
    | CriteriaAtLeast
    | FlagIs
    | AnyHeld
    | AnyFound
    | InStage
)


def _conditions(items: Iterable[CheckCondition]) -> tuple[CheckCondition, ...]:
    return tuple(items)


def _notes(items: Iterable[FlagNote]) -> tuple[FlagNote, ...]:
    return tuple(items)


def _wordings(items: Iterable[Wording]) -> tuple[Wording, ...]:
    return tuple(items)


def _bodies(items: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if items is None else tuple(items)


@final
@attrs.frozen(kw_only=True)
class CheckSpec:
    """A check a document asks for, declared as data.

    Example:
        >>> from labourbrand.policy import Policy
        >>> spec = Policy.shaanxi(entry_points=False).check_spec("studios_per_key_county")
        >>> spec.clause, spec.subject.value, spec.parameters
        ('4.1', 'county', ('studios_per_key_county',))
        >>> [type(c).__name__ for c in spec.conditions]
        ['AppliesWhen', 'CountAtLeast']

    .. versionadded:: 0.2.0
    """

    #: The check's id, unique in its document (e.g. ``"studios_per_key_county"``).
    id: str
    #: The clause that asks for it, within its document (e.g. ``"4.1"``).
    clause: str
    #: What it is about.
    subject: CheckSubject
    #: Its name in Chinese and English.
    name: Wording
    #: The sentence of the text it rests on, verbatim, and in English.
    quote: Wording
    #: The responsible bodies the text names; ``None``: those of the clause's registry entry.
    bodies: tuple[str, ...] | None = attrs.field(default=None, converter=_bodies)
    #: The first step once the check is in force (it may fill ``{county_zh}``, ``{observed}``).
    opening: Wording | None = None
    #: The conditions, in the order the text implies; the first that fails
    #: decides (even after an unknown one), else the first unknown.
    conditions: tuple[CheckCondition, ...] = attrs.field(converter=_conditions)
    #: Steps said when the check is not met.
    on_fail: tuple[FlagNote, ...] = attrs.field(default=(), converter=_notes)
    #: Steps said when every condition holds (e.g. who sets what the text leaves
    #: unquantified).
    on_holds: tuple[Wording, ...] = attrs.field(default=(), converter=_wordings)
    #: The status of each verdict.
    statuses: CheckStatuses = CheckStatuses()
    #: What :attr:`Check.value <labourbrand.policy.Check.value>` reports: a count
    #: read, or the criteria met of a :class:`~labourbrand.policy.CriteriaAtLeast`.
    value: str | CriteriaAtLeast | None = None

    #: Every parameter the check reads, in the order of its conditions.
    parameters: tuple[str, ...] = attrs.field(init=False, eq=False)
    #: Every fact of a subject its conditions, notes and value read.
    facts: frozenset[str] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        names = [name for c in self.conditions for name in c.reads]
        facts: set[str] = set()
        for item in (*self.conditions, *self.on_fail):
            found = getattr(item, "facts", None) or getattr(item, "any_of", None) or ()
            facts.update(found)
            fact = getattr(item, "fact", None)
            if isinstance(fact, str):
                facts.add(fact)
        if isinstance(self.value, str):
            facts.add(self.value)
        object.__setattr__(self, "parameters", tuple(dict.fromkeys(names)))
        object.__setattr__(self, "facts", frozenset(facts))
