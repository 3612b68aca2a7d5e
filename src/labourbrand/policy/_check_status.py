"""The status of a check of the text (private; public as :class:`labourbrand.policy.CheckStatus`).

Its own module so that a document's check declarations
(:class:`~labourbrand.policy.CheckSpec`) can name statuses without importing
the checks that produce them.
"""

from __future__ import annotations

import enum
import types
from typing import TYPE_CHECKING, Final


if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["STATUS_CODES", "CheckStatus"]


class CheckStatus(enum.StrEnum):
    """The status of a :class:`~labourbrand.policy.Check`.

    Example:
        >>> CheckStatus.NOT_MET.zh
        '未达到'

    .. versionadded:: 0.1.0
    """

    #: The obligation, target or criterion is met (or does not apply).
    MET = "met"
    #: It is not met.
    NOT_MET = "not_met"
    #: A fact the answer depends on is unknown.
    UNKNOWN = "unknown"
    #: The rule was not in force on the day asked about.
    NOT_IN_FORCE = "not_in_force"

    @property
    def zh(self) -> str:
        """Chinese label, e.g. ``"已达到"``."""
        return _STATUS_ZH[self]

    @property
    def code(self) -> int:
        """The ``uint8`` code of the status in a batch (:data:`STATUS_CODES`)."""
        return _CODE[self]


_STATUS_ZH: Final = {
    CheckStatus.MET: "已达到",
    CheckStatus.NOT_MET: "未达到",
    CheckStatus.UNKNOWN: "无法确定",
    CheckStatus.NOT_IN_FORCE: "尚未施行",
}

#: The status each ``uint8`` code of a batch of checks stands for.
#:
#: .. versionadded:: 0.2.0
STATUS_CODES: Final[Mapping[int, CheckStatus]] = types.MappingProxyType(
    {
        0: CheckStatus.MET,
        1: CheckStatus.NOT_MET,
        2: CheckStatus.UNKNOWN,
        3: CheckStatus.NOT_IN_FORCE,
    }
)
_CODE: Final = {status: code for code, status in STATUS_CODES.items()}
