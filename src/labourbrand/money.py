"""Exact money: :class:`Fen`, an integer number of fen (分).

One yuan (元) is 100 fen. Amounts are never floats and never negative.
Yuan are parsed and rounded in one place, :meth:`Fen.from_yuan`,
with ``ROUND_HALF_UP`` (四舍五入) as Chinese finance rules use.

Example:
    >>> from labourbrand import Fen
    >>> cap = Fen.from_yuan(300_000)
    >>> cap
    Fen(30000000)
    >>> str(cap)
    '¥300,000.00'
    >>> Fen.from_yuan("0.125")  # half a fen rounds up
    Fen(13)
    >>> min(Fen.from_yuan("412345.67"), cap) == cap
    True
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, final

import attrs

from labourbrand.exceptions import InvalidArgumentError


__all__ = ["MAX_FEN", "Fen"]

#: The largest amount a :class:`Fen` holds: 10**15 fen, ten trillion yuan.
#: Bounding money keeps ``Decimal.quantize`` inside its context's precision.
MAX_FEN: Final = 10**15

_ONE_FEN: Final = Decimal("0.01")
_CONTEXT: Final = decimal.Context(prec=40, rounding=ROUND_HALF_UP)


def _check_amount(_instance: object, _attribute: object, value: Any) -> None:  # noqa: ANN401
    # Validators of attrs raise plain errors; money errors must be ours.
    if type(value) is not int:
        msg = f"Expected an int number of fen but got amount={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg)
    if not 0 <= value <= MAX_FEN:
        msg = f"Expected 0 <= amount <= {MAX_FEN} fen but got amount={value!r}"
        raise InvalidArgumentError(msg)


@final
@attrs.frozen(order=True, repr=False)
class Fen:
    """A non-negative amount of money in integer fen (分).

    Args:
        amount: whole fen, ``0 <= amount <= MAX_FEN``; ``bool`` is refused.

    Raises:
        InvalidArgumentError: *amount* is not an ``int`` or out of bounds.

    Example:
        >>> Fen(150) + Fen(50)
        Fen(200)
        >>> Fen(100) * 3
        Fen(300)
        >>> Fen(100) - Fen(250)
        Traceback (most recent call last):
        ...
        labourbrand.exceptions.InvalidArgumentError: Expected 0 <= amount <= 1000000000000000 fen but got amount=-150

    .. versionadded:: 0.1.0
    """

    #: Whole fen.
    amount: int = attrs.field(validator=_check_amount)

    @classmethod
    def from_yuan(cls, yuan: Decimal | int | str) -> Fen:
        """Convert an amount in yuan to fen, rounding half up (四舍五入).

        Args:
            yuan: an ``int``, a :class:`~decimal.Decimal` or a decimal string
                such as ``"300000"`` or ``"12.345"``; never a ``float``.

        Returns:
            The amount in fen.

        Raises:
            InvalidArgumentError: a float, a malformed string, a negative or
                too large amount.

        Example:
            >>> Fen.from_yuan("12.345"), Fen.from_yuan("12.344")
            (Fen(1235), Fen(1234))
        """
        if isinstance(yuan, bool) or not isinstance(yuan, Decimal | int | str):
            msg = f"Expected yuan as int, Decimal or str but got yuan={yuan!r} (type={type(yuan).__name__})"
            raise InvalidArgumentError(msg)
        try:
            value = Decimal(yuan) if isinstance(yuan, int | str) else yuan
            if not value.is_finite():
                raise decimal.InvalidOperation  # noqa: TRY301 - one path for all bad input
            if abs(value) > MAX_FEN:
                raise decimal.Overflow
            fen = value.quantize(_ONE_FEN, context=_CONTEXT).scaleb(2, context=_CONTEXT)
        except (decimal.InvalidOperation, ArithmeticError):
            msg = f"Expected a finite decimal amount of yuan but got yuan={yuan!r}"
            raise InvalidArgumentError(msg) from None
        return cls(int(fen))

    def to_yuan(self) -> Decimal:
        """Return the amount in yuan, exactly, with two decimal places.

        Example:
            >>> Fen(1235).to_yuan()
            Decimal('12.35')
        """
        return Decimal(self.amount).scaleb(-2)

    def __add__(self, other: Fen) -> Fen:
        if not isinstance(other, Fen):
            return NotImplemented
        return Fen(self.amount + other.amount)

    def __sub__(self, other: Fen) -> Fen:
        if not isinstance(other, Fen):
            return NotImplemented
        return Fen(self.amount - other.amount)

    def __mul__(self, times: int) -> Fen:
        if type(times) is not int:
            return NotImplemented
        return Fen(self.amount * times)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.amount != 0

    def __repr__(self) -> str:
        return f"Fen({self.amount})"

    def __str__(self) -> str:
        return f"¥{self.to_yuan():,.2f}"

    def format(self, *, lang: str = "en") -> str:
        """Format for people: ``"¥300,000.00"`` or ``"300,000.00元"`` (*lang* ``"zh"``).

        Example:
            >>> Fen(30_000_000).format(lang="zh")
            '300,000.00元'
        """
        return f"{self.to_yuan():,.2f}元" if lang == "zh" else str(self)
