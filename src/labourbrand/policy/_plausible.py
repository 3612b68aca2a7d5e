"""The plausible range of a policy parameter (private; see :mod:`labourbrand.policy.parameters`)."""

from __future__ import annotations

from typing import Any, Final, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._validators import show
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import Fen


__all__ = ["Plausible"]


def _check_bound(
    _instance: object,
    attribute: attrs.Attribute[Any],
    value: Any,  # noqa: ANN401
) -> None:
    if isinstance(value, bool) or not isinstance(value, int | Fen | pendulum.Date):
        raise check.refusal(_BOUND, attribute.name, value)


_BOUND: Final = "an int, Fen or pendulum.Date"


@final
@attrs.frozen
class Plausible:
    """The plausible range of a parameter, its bounds included, in the parameter's unit.

    Declared once, in the parameter's file (``plausible = { min = 1, max =
    100_000 }``, see :doc:`/reference/parameters`): every value of the
    file and every override of a scenario lies within it, or is refused
    with the range in the message. Where the text leaves a value to a
    choice (a reform of the threshold), the range says what could be meant,
    and refuses what can only be a mistake: a threshold of 0, a cap of a
    billion yuan.

    Example:
        >>> from labourbrand.policy.parameters import load_parameters
        >>> threshold = load_parameters()["employment_award_threshold"]
        >>> threshold.plausible
        Plausible(minimum=1, maximum=100000)
        >>> 500 in threshold.plausible, 0 in threshold.plausible
        (True, False)

    .. versionadded:: 0.2.0
    """

    #: The smallest plausible value.
    minimum: int | Fen | pendulum.Date = attrs.field(validator=_check_bound)
    #: The largest plausible value, of the same type.
    maximum: int | Fen | pendulum.Date = attrs.field(validator=_check_bound)

    def __attrs_post_init__(self) -> None:
        if type(self.minimum) is not type(self.maximum):
            msg = (
                f"Expected a maximum of the minimum's type, {type(self.minimum).__name__}, "
                f"but got {check.got('maximum', self.maximum)}"
            )
            raise InvalidArgumentError(msg, field="maximum")
        if self.maximum < self.minimum:  # type: ignore[operator]  # same type, checked above
            msg = f"Expected maximum >= minimum={self.minimum!r} but got {check.got('maximum', self.maximum)}"
            raise InvalidArgumentError(msg, field="maximum")

    def __contains__(self, value: object) -> bool:
        if type(value) is not type(self.minimum):
            return False
        return self.minimum <= value <= self.maximum  # type: ignore[operator]  # same type

    def describe(self, unit: str) -> str:
        """The range in words, in the parameter's *unit*: ``"from 1 to 100,000 persons"``.

        Example:
            >>> from labourbrand.money import Fen
            >>> Plausible(Fen(100), Fen(1_000_000_000)).describe("fen")
            'from 100 fen (¥1.00) to 1,000,000,000 fen (¥10,000,000.00)'
        """
        low, high = self.minimum, self.maximum
        if isinstance(low, Fen) and isinstance(high, Fen):
            return f"from {low.amount:,} fen ({low}) to {high.amount:,} fen ({high})"
        if isinstance(low, pendulum.Date) and isinstance(high, pendulum.Date):
            return f"from {low.isoformat()} to {high.isoformat()}"
        return f"from {low:,} to {high:,} {unit}"

    def problem(
        self, value: object, unit: str, name: str = "", *, given: object = None
    ) -> str:
        """``Expected a value <range> … but got …`` if *value* is outside, else ``""``.

        The message shows *given*, what the caller gave, if it is not ``None``.
        """
        if value in self:
            return ""
        of = f" of {name}" if name else ""
        return (
            f"Expected a value {self.describe(unit)}, the plausible range{of}, "
            f"but got {show(value if given is None else given)}"
        )
