"""RuleBook.find: the rule in force for the most specific jurisdiction, on any day, in any order of asking."""

from __future__ import annotations

import itertools

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from labourbrand import Fen
from labourbrand.plugins import RuleBook, SuppliedRule
from labourbrand.policy import Flat, Measure, Rule


#: 紫阳县, its city 安康市, the province: most specific first.
CHAIN = ("610924", "610900", "610000")
START = pendulum.Date(2022, 1, 1)


@st.composite
def windows(draw: st.DrawFn) -> list[tuple[pendulum.Date, pendulum.Date | None]]:
    """Consecutive, non-overlapping windows of days, the last one perhaps open-ended."""
    out: list[tuple[pendulum.Date, pendulum.Date | None]] = []
    day = START.add(days=draw(st.integers(0, 400)))
    for _ in range(draw(st.integers(0, 3))):
        length = draw(st.none() | st.integers(0, 500))
        if length is None:
            out.append((day, None))
            break
        out.append((day, day.add(days=length)))
        day = day.add(days=length + 1 + draw(st.integers(0, 200)))
    return out


def book_of(
    by_jurisdiction: list[list[tuple[pendulum.Date, pendulum.Date | None]]],
) -> list[SuppliedRule]:
    return [
        SuppliedRule(
            rule=Rule(
                measure=Measure.EMPLOYMENT_AWARD,
                jurisdiction=jurisdiction,
                first_day=first,
                last_day=last,
                formula=Flat(Fen(100 * (i + 1))),
                reference="illustrative",
                illustrative=True,
            ),
            plugin="illustrative",
            version=None,
        )
        for jurisdiction, spans in zip(CHAIN, by_jurisdiction, strict=True)
        for i, (first, last) in enumerate(spans)
    ]


@given(
    spans=st.lists(windows(), min_size=3, max_size=3),
    asked=st.lists(st.integers(0, 2000), min_size=1, max_size=40),
)
def test_find_is_the_most_specific_rule_in_force(
    spans: list[list[tuple[pendulum.Date, pendulum.Date | None]]], asked: list[int]
) -> None:
    """Every answer, in any order and asked again, is the first jurisdiction's rule in force that day."""
    rules = book_of(spans)
    book = RuleBook(rules)
    for offset in [*asked, *reversed(asked)]:
        day = START.add(days=offset)
        expected = next(
            (
                s
                for j in CHAIN
                for s in rules
                if s.rule.jurisdiction == j and s.rule.in_force(day)
            ),
            None,
        )
        assert book.find(Measure.EMPLOYMENT_AWARD, CHAIN, day) == expected
        assert (
            book.find(Measure.EMPLOYMENT_AWARD, list(CHAIN), day.isoformat())
            == expected
        )
        assert book.find(Measure.TRANSPORT_SUBSIDY, CHAIN, day) is None


@given(
    spans=st.lists(windows(), min_size=3, max_size=3),
    asked=st.lists(st.integers(0, 2000), min_size=2, max_size=40),
)
def test_days_of_one_span_find_the_same_rules(
    spans: list[list[tuple[pendulum.Date, pendulum.Date | None]]], asked: list[int]
) -> None:
    """Two days in one span of a measure find the same rule for every jurisdiction; the spans are in day order."""
    book = RuleBook(book_of(spans))
    days = sorted(START.add(days=offset) for offset in asked)
    chains = [CHAIN[i:] for i in range(len(CHAIN))]
    for first, second in itertools.pairwise(days):
        before, after = (
            book.span(Measure.EMPLOYMENT_AWARD, d) for d in (first, second)
        )
        assert before <= after
        if before == after:
            for chain in chains:
                assert book.find(Measure.EMPLOYMENT_AWARD, chain, first) == book.find(
                    Measure.EMPLOYMENT_AWARD, chain, second
                )
