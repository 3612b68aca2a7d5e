"""From a brand's record to the facts its conditions read, on one day (private).

The interpreter reads a brand through :class:`~labourbrand.policy._vocabulary.Facts`:
the head counts of the latest observation on or before the day, the flags
(exited, recognised, selected, paid) and the words that describe them. This
module is the one place that turns the records (a :class:`~labourbrand.Brand`,
a :class:`ShowcaseSelection`, the ledger) into those facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, final

import attrs
import pendulum

from labourbrand._model import Authority, RecognitionLevel, Stage
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy._vocabulary import Facts


if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from labourbrand._model import Brand, Recognition


__all__ = ["ShowcaseSelection", "brand_facts", "check_extra_facts"]

#: Who selects units for each level of showcase event (clause 4.3: 人社部、省人社厅).
_SELECTOR: Final[Mapping[RecognitionLevel, Authority]] = {
    RecognitionLevel.NATIONAL: Authority.MOHRSS,
    RecognitionLevel.PROVINCIAL: Authority.PROVINCIAL_HRSS,
}
_SELECTOR_EN: Final[Mapping[Authority, str]] = {
    Authority.MOHRSS: "the Ministry of Human Resources and Social Security",
    Authority.PROVINCIAL_HRSS: "the provincial HRSS department",
}


# ------------------------------------------------------------- the selection
def _check_level(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not (isinstance(value, RecognitionLevel) and value in _SELECTOR):
        msg = f"Expected a national or provincial showcase level but got level={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="level")


def _check_authority(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, Authority):
        msg = f"Expected an Authority but got selected_by={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="selected_by")


def _check_event(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, str) or not value.strip():
        msg = f"Expected the event's name but got event={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="event")


def _check_day(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if type(value) is not pendulum.Date:
        msg = f"Expected a pendulum.Date but got on={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="on")


@final
@attrs.frozen(kw_only=True)
class ShowcaseSelection:
    """A unit chosen to exhibit a brand at a national or provincial showcase event.

    Clause 4.3: 被人社部、省人社厅确定参加国家、省级劳务品牌展示交流活动. A
    national event's exhibitors are chosen by the ministry (人社部), a provincial
    event's by the provincial HRSS department (省人社厅).

    Raises:
        InvalidArgumentError: the level is not national or provincial, the
            selecting body is not the one for that level, the event has no
            name, or the day is not a :class:`pendulum.Date`.

    Example:
        >>> import pendulum
        >>> s = ShowcaseSelection(level=RecognitionLevel.PROVINCIAL,
        ...     selected_by=Authority.PROVINCIAL_HRSS, event="陕西省劳务品牌展示交流活动",
        ...     on=pendulum.Date(2023, 9, 1))
        >>> s.selected_by.zh
        '省人力资源社会保障厅'

    .. versionadded:: 0.1.0
    """

    #: The level of the event: national or provincial.
    level: RecognitionLevel = attrs.field(validator=_check_level)
    #: Who chose the unit: :attr:`~labourbrand.Authority.MOHRSS` or :attr:`~labourbrand.Authority.PROVINCIAL_HRSS`.
    selected_by: Authority = attrs.field(validator=_check_authority)
    #: The event's name.
    event: str = attrs.field(validator=_check_event)
    #: The day of the selecting decision.
    on: pendulum.Date = attrs.field(validator=_check_day)

    @property
    def occasion(self) -> str:
        """The occasion a once-per-selection award is for: level, day and event.

        A ledger keeps one payment per brand, measure and occasion
        (:attr:`labourbrand.ledger.Payment.occasion`).

        Example:
            >>> import pendulum
            >>> ShowcaseSelection(level=RecognitionLevel.NATIONAL,
            ...     selected_by=Authority.MOHRSS, event="全国劳务品牌发展大会",
            ...     on=pendulum.Date(2024, 9, 1)).occasion
            'national:2024-09-01:全国劳务品牌发展大会'

        .. versionadded:: 0.2.0
        """
        return f"{self.level.value}:{self.on.isoformat()}:{self.event}"

    def __attrs_post_init__(self) -> None:
        expected = _SELECTOR[self.level]
        if self.selected_by is not expected:
            msg = (
                f"Expected selected_by={expected.value!r} for a {self.level.value} "
                f"showcase but got selected_by={self.selected_by.value!r}"
            )
            raise InvalidArgumentError(msg, field="selected_by")


def _when(recognition: Recognition) -> tuple[str, str]:
    if recognition.on is not None:
        day = recognition.on.isoformat()
        return day, f"on {day}"
    if recognition.year is not None:
        return f"{recognition.year}年", f"in {recognition.year}"
    return "(日期不详)", "(date unknown)"


def _recognition(
    brand: Brand, on: pendulum.Date
) -> tuple[bool | None, tuple[str, str]]:
    """Whether a provincial recognition is held on *on* (``None``: unknown), and its words.

    A provincial recognition with neither day nor year might be held: unless
    another one is, whether one is held is unknown.
    """
    held = [r for r in brand.recognitions if r.held(on)]
    provincial = next((r for r in held if r.level is RecognitionLevel.PROVINCIAL), None)
    if provincial is not None:
        return True, _when(provincial)
    undated = next(
        (
            r
            for r in brand.recognitions
            if r.level is RecognitionLevel.PROVINCIAL and r.held(on) is None
        ),
        None,
    )
    if undated is not None:
        return None, _when(undated)
    levels = sorted({r.level for r in held}, key=lambda level: -level.rank)
    return False, (
        "、".join(level.zh for level in levels) or "无",
        ", ".join(level.value for level in levels) or "none",
    )


def _selection(
    selection: ShowcaseSelection | None, on: pendulum.Date
) -> tuple[bool, tuple[str, str]]:
    """Whether the unit was chosen by *on*, and the words of the selection."""
    if selection is None:
        return False, ("", "")
    if selection.on > on:
        return False, (
            f"(选定日期{selection.on.isoformat()}晚于{on.isoformat()})",
            f" (the selection of {selection.on.isoformat()} is after {on.isoformat()})",
        )
    zh = (
        f"{selection.on.isoformat()}由{selection.selected_by.zh}确定参加"
        f"{selection.level.zh}展示交流活动“{selection.event}”。"
    )
    en = (
        f"Chosen on {selection.on.isoformat()} by {_SELECTOR_EN[selection.selected_by]} for the "
        f"{selection.level.value} showcase event “{selection.event}”."
    )
    return True, (zh, en)


def check_extra_facts(facts: Mapping[str, object]) -> None:
    """Refuse a fact a caller passed that is not of its type, naming it.

    Raises:
        InvalidArgumentError: an unknown fact, or a value of the wrong type.
    """
    for name, value in facts.items():
        if name == "selection":
            if value is not None and not isinstance(value, ShowcaseSelection):
                msg = f"Expected a ShowcaseSelection or None but got selection={value!r} (type={type(value).__name__})"
                raise InvalidArgumentError(msg, field="selection")
        elif name == "training_base":
            if value is not None and type(value) is not bool:
                msg = f"Expected True, False or None but got training_base={value!r} (type={type(value).__name__})"
                raise InvalidArgumentError(msg, field="training_base")
        elif name == "founders":
            if value is not None and not (type(value) is int and value >= 0):
                msg = f"Expected a count (int >= 0) or None but got founders={value!r} (type={type(value).__name__})"
                raise InvalidArgumentError(msg, field="founders")
        else:
            msg = f"Expected facts among selection, training_base, founders but got {name}={value!r}"
            raise InvalidArgumentError(msg, field=name)


#: The head counts of a workforce observation.
_OBSERVED: Final = (
    "practitioners",
    "signed",
    "rural",
    "rural_signed",
    "poverty_alleviated",
    "rural_low_income",
    "trained",
)


def brand_facts(
    brand: Brand,
    on: pendulum.Date,
    *,
    extra: Mapping[str, Any],
    reads: Collection[str] | None = None,
) -> Facts:
    """The facts of *brand* on day *on*, with no payment recorded (see :meth:`Facts.with_paid`).

    *extra* holds the facts a caller passes (``selection``, ``training_base``,
    ``founders``), checked by :func:`check_extra_facts`. With *reads*, the
    facts that need work (recognitions, a selection, the category's words)
    are read only if named there.
    """
    observation = brand.workforce_on(on)
    counts: dict[str, int | None] = {
        name: (getattr(observation, name) if observation is not None else None)
        for name in _OBSERVED
    }
    counts["founders"] = extra.get("founders")
    details: dict[str, tuple[str, str]] = {}
    recognised = selected = None
    if reads is None or "provincial_recognition" in reads:
        recognised, details["provincial_recognition"] = _recognition(brand, on)
    if reads is None or "showcase_selected" in reads:
        selected, details["showcase_selected"] = _selection(extra.get("selection"), on)
    if brand.category is not None and (reads is None or "category" in reads):
        details["category"] = (
            brand.category.zh,
            f"{brand.category.value} ({brand.category.zh})",
        )
    return Facts(
        on=on,
        county=brand.county,
        observed=observation.on if observation is not None else None,
        counts=counts,
        flags={
            "exited": brand.stage_on(on) is Stage.EXITED,
            "paid": False,
            "provincial_recognition": recognised,
            "showcase_selected": selected,
            "training_base": extra.get("training_base"),
        },
        details=details,
    )
