from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.money import MAX_FEN, Fen
from labourbrand.testing import strategies as lbst


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [
        ("0.005", 1),  # half a fen rounds up
        ("0.0049", 0),
        ("0.015", 2),
        ("0.025", 3),  # half up, not banker's rounding (which gives 2)
        ("12.344", 1234),
        ("12.345", 1235),
        ("300000", 30_000_000),
        (Decimal("1.005"), 101),
        (7, 700),
        ("-0.004", 0),  # rounds to zero, which is allowed
    ],
)
def test_from_yuan_rounds_half_up(yuan: str | Decimal | int, fen: int) -> None:
    """Yuan convert to fen with ROUND_HALF_UP at every boundary."""
    assert Fen.from_yuan(yuan) == Fen(fen)


@pytest.mark.parametrize(
    "bad",
    [1.5, True, "abc", "NaN", "Infinity", "-1", "-0.005", None, str(MAX_FEN), "1e400"],
)
def test_from_yuan_rejects_bad_input(bad: object) -> None:
    """Floats, bools, non-numbers, negatives and huge amounts are refused with our error."""
    with pytest.raises(InvalidArgumentError, match="Expected"):
        Fen.from_yuan(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1, MAX_FEN + 1, 1.0, True, "5", None])
def test_fen_rejects_out_of_domain(bad: object) -> None:
    """A Fen holds only an int between 0 and MAX_FEN, never a bool or float."""
    with pytest.raises(InvalidArgumentError):
        Fen(bad)  # type: ignore[arg-type]


def test_fen_bounds_are_inclusive() -> None:
    """Zero and MAX_FEN themselves are valid amounts."""
    assert Fen(0).amount == 0
    assert Fen(MAX_FEN).amount == MAX_FEN


@given(lbst.fens(), lbst.fens())
def test_addition_is_exact_or_refused(a: Fen, b: Fen) -> None:
    """Sums are exact integers of fen, or refused when above MAX_FEN."""
    if a.amount + b.amount <= MAX_FEN:
        assert (a + b).amount == a.amount + b.amount
    else:
        with pytest.raises(InvalidArgumentError):
            a + b


@given(lbst.fens(), lbst.fens())
def test_subtraction_never_negative(a: Fen, b: Fen) -> None:
    """A difference is never negative: it is exact or refused."""
    if a >= b:
        assert (a - b).amount == a.amount - b.amount
    else:
        with pytest.raises(InvalidArgumentError):
            a - b


@given(lbst.fens(max_value=MAX_FEN // 1000), st.integers(0, 1000))
def test_multiplication_by_head_count(a: Fen, n: int) -> None:
    """Multiplying by an int is exact and commutative."""
    assert (a * n).amount == a.amount * n
    assert n * a == a * n


@given(lbst.fens())
def test_yuan_round_trip_is_exact(a: Fen) -> None:
    """to_yuan and from_yuan are inverse: money never drifts."""
    assert Fen.from_yuan(a.to_yuan()) == a
    assert a.to_yuan() == Decimal(a.amount) / 100


def test_arithmetic_with_other_types_is_refused() -> None:
    """Fen does not mix with ints or floats."""
    with pytest.raises(TypeError):
        Fen(1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Fen(1) - 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Fen(1) * 1.5  # type: ignore[operator]


def test_formatting() -> None:
    """Amounts print with two decimals, in English or Chinese form."""
    assert str(Fen(30_000_000)) == "¥300,000.00"
    assert Fen(5).format(lang="zh") == "0.05元"
    assert Fen(5).format() == "¥0.05"
    assert repr(Fen(5)) == "Fen(5)"
    assert not Fen(0)
    assert Fen(1)


def test_ordering_and_hashing() -> None:
    """Fen values order by amount and can be dict keys."""
    assert Fen(1) < Fen(2)
    assert max(Fen(3), Fen(2)) == Fen(3)
    assert {Fen(1): "a"}[Fen(1)] == "a"
