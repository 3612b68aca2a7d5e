"""Check and CheckStatus: Chinese labels, explanations, field checks and JSON."""

from __future__ import annotations

import pendulum
import pytest

import labourbrand as lb
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.policy import Policy
from labourbrand.policy._check import Check, CheckStatus
from labourbrand.policy._county_duties import CountyFacts, county_obligations
from labourbrand.policy._targets import targets
from labourbrand.serialization import from_json, to_json


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)
PACKAGED = lb.brands.packaged()
MET, NOT_MET, UNKNOWN, NOT_IN_FORCE = (
    CheckStatus.MET,
    CheckStatus.NOT_MET,
    CheckStatus.UNKNOWN,
    CheckStatus.NOT_IN_FORCE,
)
ON = D(2024, 7, 1)


def _facts(code: str = "610924", **kw: object) -> CountyFacts:
    fields: dict[str, object] = {
        "training_projects": 1,
        "studios": 1,
        "as_of": D(2024, 6, 30),
    }
    fields.update(kw)
    return CountyFacts(code=code, **fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------ status
def test_every_status_has_a_chinese_label() -> None:
    """Each CheckStatus member has its own Chinese label."""
    labels = {s: s.zh for s in CheckStatus}
    assert labels[MET] == "已达到"
    assert labels[NOT_IN_FORCE] == "尚未施行"
    assert len(set(labels.values())) == len(CheckStatus)


# ---------------------------------------------------------------------- check
def test_check_explains_itself_in_both_languages() -> None:
    """A check's explanation shows its figures, steps, clauses, parameters and bodies."""
    _, studios = county_obligations(POLICY, _facts("610727", studios=0), on=ON)
    en = studios.explain()
    assert (
        en.splitlines()[0]
        == "略阳县 (610727) · studios_per_key_county · 2024-07-01 · not_met"
    )
    assert en.splitlines()[1] == "value: 0 · required: 1"
    assert "clauses: shaanxi-2022-13:4.1" in en
    assert "studios_per_key_county = 1 (陕人社发〔2022〕13号, 2022-04-29)" in en
    assert "responsible: 省教育厅、省人力资源社会保障厅、省级相关部门" in en
    zh = studios.explain(lang="zh")
    assert "未达到" in zh.splitlines()[0]
    assert zh.splitlines()[1] == "现值:0 · 要求:1"
    assert "责任单位:" in zh
    with pytest.raises(InvalidArgumentError):
        studios.explain(lang="de")
    assert "<li>略阳县" in studios._repr_html_()
    assert "未达到 (not_met)" in studios._repr_html_()


def test_check_without_figures_or_bodies_explains_without_them() -> None:
    """A check with no value, requirement, deadline or bodies leaves those lines out."""
    check = Check(subject="x", subject_zh="x", check="c", on=ON, status=UNKNOWN)
    assert check.explain().splitlines() == ["x · c · 2024-07-01 · unknown", "clauses: "]


def test_check_refuses_bad_fields() -> None:
    """Malformed fields of a Check raise InvalidArgumentError naming the field."""
    good: dict[str, object] = {
        "subject": "x",
        "subject_zh": "x",
        "check": "c",
        "on": ON,
        "status": MET,
    }
    for field, bad in [
        ("status", "met"),
        ("on", "2024-7-1"),
        ("subject", " "),
        ("value", -1),
        ("deadline", pendulum.datetime(2025, 12, 31)),
    ]:
        with pytest.raises(InvalidArgumentError) as info:
            Check(**{**good, field: bad})  # type: ignore[arg-type]
        assert info.value.field == field


def test_check_round_trips_through_json_with_a_deadline() -> None:
    """A check with a deadline and every field set survives JSON."""
    check = targets(POLICY, PACKAGED, on=D(2024, 1, 1))["target_national_known"]
    assert check.deadline is not None
    assert from_json(to_json(check), Check) == check
