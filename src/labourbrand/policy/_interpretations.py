"""Interpretations: where the text admits several readings, each named, as data (private).

A clause that says "等" (and others), "按规定" (under the rules in force) or
"分类" (by class) without saying which, leaves a reading to someone. The
library does not pick one silently: an :class:`Interpretation` names the
question, quotes the text's words, lists the readings with one marked
default and the reason, and says who may choose another. A measure's
condition that depends on the reading is a
:class:`~labourbrand.policy.ByReading`; every decision lists the readings it
used (:attr:`Decision.interpretations
<labourbrand.policy.Decision.interpretations>`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, final

import attrs

from labourbrand import _validators as check
from labourbrand.exceptions import InvalidArgumentError


if TYPE_CHECKING:
    from collections.abc import Iterable


__all__ = ["Interpretation", "Reading"]

_ID: Final = re.compile(r"[a-z][a-z0-9_]*")
_id = check.matches(_ID, "an id of lower-case letters, digits and _")


@final
@attrs.frozen(kw_only=True)
class Reading:
    """One reading of a contested passage.

    .. versionadded:: 0.2.0
    """

    #: Its id, e.g. ``"signed_practitioners"``.
    id: str = attrs.field(validator=_id)
    #: What it says, in Chinese.
    zh: str = attrs.field(validator=check.text)
    #: What it says, in English.
    en: str = attrs.field(validator=check.text)


def _readings(items: Iterable[Reading]) -> tuple[Reading, ...]:
    found = tuple(items)
    seen: set[str] = set()
    for index, item in enumerate(found):
        given: object = item  # callers may pass anything at run time
        if not isinstance(given, Reading):
            msg = f"Expected a Reading but got readings[{index}]={item!r} (type={type(item).__name__})"
            raise InvalidArgumentError(msg, field=f"readings[{index}]")
        if item.id in seen:
            msg = f"Expected each reading once but got id={item.id!r} twice"
            raise InvalidArgumentError(msg, field=f"readings[{index}]")
        seen.add(item.id)
    if len(found) < 2:  # noqa: PLR2004 - a question has at least two answers
        msg = f"Expected at least two readings but got {len(found)}"
        raise InvalidArgumentError(msg, field="readings")
    return found


@final
@attrs.frozen(kw_only=True)
class Interpretation:
    """A passage of the text that admits several readings, and the reading used by default.

    Example:
        >>> from labourbrand.policy import Policy
        >>> policy = Policy.shaanxi(entry_points=False)
        >>> i = policy.document.interpretation("employment_award_headcount")
        >>> i.words_zh, i.default, [r.id for r in i.readings]
        ('吸纳农村劳动力等从业人员(签订协议)', 'signed_practitioners', ['signed_practitioners', 'rural_signed'])

    .. versionadded:: 0.2.0
    """

    #: Its id, unique in its document.
    id: str = attrs.field(validator=_id)
    #: The clause of its document, e.g. ``"4.2"``.
    clause: str = attrs.field(validator=check.text)
    #: The text's own words that admit the readings.
    words_zh: str = attrs.field(validator=check.text)
    #: The question, in English.
    question: str = attrs.field(validator=check.text)
    #: The readings, the default among them.
    readings: tuple[Reading, ...] = attrs.field(converter=_readings)
    #: The id of the reading used unless another is chosen.
    default: str = attrs.field(validator=check.text)
    #: Why the default is the default, in English.
    reason: str = attrs.field(validator=check.text)
    #: Who may choose another reading, in English (e.g. "a city, for its
    #: jurisdiction; a scenario; an application").
    chosen_by: str = attrs.field(validator=check.text)

    def __attrs_post_init__(self) -> None:
        if self.default not in {r.id for r in self.readings}:
            msg = f"Expected the default among the readings ({', '.join(r.id for r in self.readings)}) but got default={self.default!r}"
            raise InvalidArgumentError(msg, field="default")

    def reading(self, reading_id: str) -> Reading:
        """The reading *reading_id*.

        Raises:
            InvalidArgumentError: the interpretation has no such reading.
        """
        for reading in self.readings:
            if reading.id == reading_id:
                return reading
        known = ", ".join(repr(r.id) for r in self.readings)
        msg = f"Expected a reading of {self.id!r} ({known}) but got reading={reading_id!r}"
        raise InvalidArgumentError(msg, field=self.id)
