"""Every clause of the text is encoded, tested and documented, or says why it has no rule."""

from __future__ import annotations

import pathlib

import pytest

from labourbrand.policy import coverage, coverage_table
from labourbrand.policy.clauses import clauses


ROOT = pathlib.Path(__file__).parent.parent.parent
TESTS = [p for p in (ROOT / "tests").rglob("*.py") if p.name != "test_coverage.py"]
CLAUSE_IDS = [c.id for c in clauses()]


def test_every_clause_has_a_coverage_entry() -> None:
    """Coverage lists exactly the 20 clauses of the registry, in order."""
    assert [c.clause for c in coverage()] == CLAUSE_IDS
    assert len(CLAUSE_IDS) == 20


@pytest.mark.parametrize("item", coverage(), ids=CLAUSE_IDS)
def test_quantified_delegated_and_obligation_clauses_have_rules(item: object) -> None:
    """A clause marked Q, D or O names the public API that encodes it, and that API exists."""
    from labourbrand.policy import ClauseCoverage

    assert isinstance(item, ClauseCoverage)
    if item.kinds:
        assert item.encoded_by, (
            f"clause {item.clause} is {sorted(item.kinds)} but has no rule"
        )
    assert item.note
    assert all(obj is not None for obj in item.resolve())


@pytest.mark.parametrize(
    "item", [c for c in coverage() if c.encoded_by], ids=lambda c: c.clause
)
def test_every_rule_is_tested(item: object) -> None:
    """Each name that encodes a clause is used by a test besides this one."""
    from labourbrand.policy import ClauseCoverage

    assert isinstance(item, ClauseCoverage)
    sources = "\n".join(p.read_text(encoding="utf-8") for p in TESTS)
    for name in item.encoded_by:
        assert name.rsplit(".", 1)[-1] in sources, (
            f"{name} ({item.clause}) is not used by any test"
        )


def test_coverage_table_is_in_the_docs() -> None:
    """The clause reference page includes the generated coverage table, which lists every clause."""
    table = coverage_table()
    for clause_id in CLAUSE_IDS:
        assert f"| {clause_id} |" in table
    assert "| 4.2 | 拓展劳务品牌就业渠道 |" in coverage_table(lang="zh")
    page = (ROOT / "docs" / "reference" / "clauses.md").read_text(encoding="utf-8")
    assert "_generated/clause-coverage.md" in page
