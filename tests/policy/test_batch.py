"""Columnar decisions: every row of evaluate_batch is what the scalar engine decides."""

from __future__ import annotations

import collections
import concurrent.futures
import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from labourbrand import Authority, Brand, Fen, Stage, WorkforceObservation, hookimpl
from labourbrand.exceptions import InvalidArgumentError, PluginResultError
from labourbrand.lifecycle import import_record
from labourbrand.money import MAX_FEN
from labourbrand.plugins import PROVINCE, get_plugin_manager
from labourbrand.policy import (
    Decision,
    Flat,
    Ledger,
    Measure,
    Outcome,
    Payment,
    PerHead,
    Policy,
    Ratio,
    Rule,
)
from labourbrand.policy._batch import (
    OUTCOME_CODES,
    BatchResult,
    BatchSupplier,
    evaluate_batch,
)
from labourbrand.policy.documents import packaged_parameters
from labourbrand.regions import shaanxi
from labourbrand.testing import strategies as lbst


if TYPE_CHECKING:
    from collections.abc import Callable


D = pendulum.Date
AWARD = Measure.EMPLOYMENT_AWARD
TRANSPORT = Measure.TRANSPORT_SUBSIDY
yuan = Fen.from_yuan


class Rules:
    """An illustrative plugin returning fixed rules (no published amounts)."""

    def __init__(self, name: str, *rules: Rule) -> None:
        self.name = name
        self.__version__ = "1.0"
        self.rules = list(rules)

    @hookimpl
    def labourbrand_rules(self) -> list[Rule]:
        return self.rules


def rule(
    measure: Measure,
    jurisdiction: str,
    formula: Any,  # noqa: ANN401 - Flat, PerHead, Ratio or a callable
    first_day: str = "2022-04-29",
    delegates_to: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        measure=measure,
        jurisdiction=jurisdiction,
        first_day=first_day,
        formula=formula,
        reference="illustrative",
        illustrative=True,
        delegates_to=delegates_to,
    )


#: The province's own code: only its baseline sets rules for it.
PROVINCE_CODE = "610000"


def policy_with(*rules: Rule, **readings: str) -> Policy:
    """A policy with *rules* from a city plugin; the province-wide ones from the baseline.

    Only the province's baseline may set province-wide values, so those rules
    are given by a stand-in registered in the baseline's place.
    """
    city = [r for r in rules if r.jurisdiction != PROVINCE_CODE]
    pm = get_plugin_manager(plugins=[Rules("illustrative", *city)], entry_points=False)
    province = [r for r in rules if r.jurisdiction == PROVINCE_CODE]
    if province:
        pm.unregister(name=PROVINCE)
        pm.register(Rules(PROVINCE, *province), name=PROVINCE)
    return Policy(
        parameters=packaged_parameters(),
        regions=shaanxi(),
        plugin_manager=pm,
        interpretations=readings,
    )


#: 安康市's rules, flat or per head; the award's lets 紫阳县 set its own (delegates_to).
CITY_FLAT = (
    rule(AWARD, "610900", Flat(yuan(100_000)), delegates_to=("610924",)),
    rule(TRANSPORT, "610900", Flat(yuan(500))),
)
CITY_PER_HEAD = (
    rule(
        AWARD,
        "610900",
        PerHead(rates=[("rural_signed", yuan(500))]),
        delegates_to=("610924",),
    ),
    rule(
        TRANSPORT,
        "610900",
        PerHead(
            rates=[("poverty_alleviated", yuan(300)), ("rural_low_income", yuan(200))]
        ),
    ),
)
#: 紫阳县 and 岚皋县 overrides from later days, 杨凌 and 韩城 rules, a provincial fallback.
OVERRIDES = (
    rule(AWARD, "610924", Flat(yuan(88_000)), first_day="2022-05-01"),
    rule(
        AWARD,
        "yangling",
        PerHead(rates=[("rural_signed", yuan(800))], cap=yuan(350_000)),
    ),
    rule(
        AWARD,
        "610581",
        PerHead(rates=[("rural_signed", yuan(200))], cap=yuan(120_000)),
    ),
    rule(TRANSPORT, "610925", Flat(yuan(1_000)), first_day="2022-05-03"),
    rule(TRANSPORT, PROVINCE_CODE, PerHead(rates=[("rural_low_income", yuan(50))])),
)
BARE = Policy.shaanxi(entry_points=False)
POLICIES = {
    "bare": BARE,
    "city flat": policy_with(*CITY_FLAT),
    "city per head": policy_with(*CITY_PER_HEAD),
    "city flat + overrides": policy_with(*CITY_FLAT, *OVERRIDES),
    "city per head + overrides": policy_with(*CITY_PER_HEAD, *OVERRIDES),
}
#: Counties the rules above name, so that random rows hit them often.
RULED = ["610924", "610925", "610902", "610403", "610581", "610404"]


def column(values: list[Any], dtype: Any = None) -> npt.NDArray[Any]:  # noqa: ANN401
    return np.array(values, dtype=dtype)


def columns(
    rows: list[tuple[str, int, int, int, bool, bool]], *, int_codes: bool = False
) -> dict[str, npt.NDArray[Any]]:
    county = [r[0] for r in rows]
    return {
        "county": column([int(c or 0) for c in county], np.int64)
        if int_codes
        else column(county, "<U6"),
        # The rows' signed workers are rural: the two counts of 4.2's readings agree.
        "signed": column([r[1] for r in rows], np.int64),
        "rural_signed": column([r[1] for r in rows], np.int64),
        "poverty_alleviated": column([r[2] for r in rows], np.int64),
        "rural_low_income": column([r[3] for r in rows], np.int64),
        "paid": column([r[4] for r in rows], np.bool_),
        "exited": column([r[5] for r in rows], np.bool_),
    }


def brand(
    index: int,
    county: str,
    *,
    signed: int,
    poverty: int,
    low_income: int,
    exited: bool,
    on: pendulum.Date,
) -> Brand:
    """The brand a row describes: one observation on *on*, none if *signed* is -1.

    A group of workers in difficulty counted -1 is not counted (``None``).
    """
    workforce = []
    if signed >= 0:
        heads = max(signed, poverty, low_income)
        workforce.append(
            WorkforceObservation(
                on=on,
                practitioners=heads,
                signed=signed,
                rural=heads,
                rural_signed=signed,
                poverty_alleviated=None if poverty < 0 else poverty,
                rural_low_income=None if low_income < 0 else low_income,
            )
        )
    brand = Brand(
        name_zh=f"brand {index}",
        county=county or None,
        workforce=workforce,
    )
    return _exited(brand) if exited else brand


def _exited(brand: Brand) -> Brand:
    """*brand* out of the pool since long before any day a test asks about."""
    return import_record(
        brand,
        stage=Stage.EXITED,
        since=D(2000, 1, 1),
        imported_on=D(2000, 1, 1),
        by=Authority.PROVINCIAL_HRSS,
        source="test register",
    )


def _payment(brand: Brand, measure: str, on: pendulum.Date) -> Payment:
    return Payment(
        brand_id=brand.id,
        brand=brand.name_zh,
        measure=measure,
        decided_on=on,
        on=on,
        amount=None,
        one_time=True,
        decision_id=f"{measure}-{brand.id}",
        policy_version="test",
    )


def check_row(
    result: BatchResult,
    index: int,
    measure: str,
    decision: Decision,
) -> None:
    arrays = result.to_dict()
    outcome = OUTCOME_CODES[int(arrays[f"{measure}_outcome"][index])]
    assert outcome is decision.outcome, (index, measure, decision.explain())
    amount = decision.amount.amount if decision.amount is not None else -1
    assert arrays[f"{measure}_amount"][index] == amount, (index, decision.explain())
    delegated = decision.amount_set_by is not None
    assert arrays[f"{measure}_delegated"][index] == delegated
    if measure == "employment_award":
        assert arrays["employment_award_capped"][index] == decision.capped


def supplied(decisions: list[Decision]) -> collections.Counter[tuple[str, str, str]]:
    return collections.Counter(
        (d.measure, s.jurisdiction, s.plugin)
        for d in decisions
        if d.outcome is Outcome.ELIGIBLE
        for s in d.suppliers
    )


def batch_supplied(result: BatchResult) -> collections.Counter[tuple[str, str, str]]:
    return collections.Counter(
        {(s.measure, s.jurisdiction, s.plugin): s.rows for s in result.suppliers}
    )


counties = st.one_of(st.just(""), lbst.region_codes(), st.sampled_from(RULED))
counts = st.one_of(
    st.sampled_from([-1, 0, 499, 500, 501]),
    st.integers(0, 500),
    st.integers(500, 1_500),
)
groups = st.one_of(st.just(-1), st.just(0), st.integers(0, 60))
#: Mostly not paid and not exited, so that many rows reach the amount.
rarely = st.sampled_from([False, False, False, True])
rows_strategy = st.lists(
    st.tuples(counties, counts, groups, groups, rarely, rarely), max_size=25
)
#: Days around the first day (2022-04-29) and the overrides' (05-01, 05-03).
days = lbst.dates(min_value=D(2022, 4, 26), max_value=D(2022, 5, 6))


@given(
    rows_strategy,
    days,
    st.sampled_from(sorted(POLICIES)),
    st.booleans(),
)
def test_every_row_is_the_scalar_decision(
    rows: list[tuple[str, int, int, int, bool, bool]],
    on: pendulum.Date,
    policy_name: str,
    int_codes: bool,  # noqa: FBT001 - a drawn value
) -> None:
    """Each row's award and transport subsidy equal the scalar decisions of the brand it describes."""
    policy = POLICIES[policy_name]
    result = evaluate_batch(policy, columns(rows, int_codes=int_codes), on=on)
    assert len(result) == len(rows)
    assert result.on == on
    decisions: list[Decision] = []
    for i, (county, signed, poverty, low_income, paid, exited) in enumerate(rows):
        # A count unknown in one column only: each measure sees the counts it reads.
        award_brand = brand(
            i,
            county,
            signed=signed,
            poverty=max(poverty, 0) if signed >= 0 else -1,
            low_income=max(low_income, 0) if signed >= 0 else -1,
            exited=exited,
            on=on,
        )
        # The groups are counted or not (-1) one by one: a group counted above
        # zero is enough, whatever the other.
        transport_brand = brand(
            i,
            county,
            signed=max(signed, 0),
            poverty=poverty,
            low_income=low_income,
            exited=exited,
            on=on,
        )
        ledger = Ledger([_payment(award_brand, AWARD.value, on)] if paid else [])
        award = policy.employment_award(award_brand, on=on, ledger=ledger)
        transport = policy.transport_subsidy(transport_brand, on=on)
        check_row(result, i, "employment_award", award)
        check_row(result, i, "transport_subsidy", transport)
        decisions += [award, transport]
    assert batch_supplied(result) == supplied(decisions)


def test_not_in_force_before_the_first_day() -> None:
    """On 2022-04-28 every row, eligible or not, is NOT_IN_FORCE with no amount."""
    rows = [("610924", 900, 5, 5, False, False), ("", -1, -1, -1, True, True)]
    result = evaluate_batch(POLICIES["city per head"], columns(rows), on=D(2022, 4, 28))
    for measure in ("employment_award", "transport_subsidy"):
        outcomes = result.to_dict()[f"{measure}_outcome"]
        assert {OUTCOME_CODES[int(c)] for c in outcomes} == {Outcome.NOT_IN_FORCE}
        assert (result.to_dict()[f"{measure}_amount"] == -1).all()
    assert result.suppliers == ()


def test_unquantified_threshold_is_undetermined() -> None:
    """A scenario that leaves the threshold without a number makes every award UNDETERMINED."""
    from labourbrand.policy.parameters import UNQUANTIFIED

    params = BARE.parameters.with_overrides(
        {"employment_award_threshold": UNQUANTIFIED}
    )
    policy = Policy.shaanxi(parameters=params, entry_points=False)
    result = evaluate_batch(
        policy, columns([("610924", 900, 3, 0, False, False)]), on=D(2023, 7, 1)
    )
    assert OUTCOME_CODES[int(result.award_outcome[0])] is Outcome.UNDETERMINED
    assert OUTCOME_CODES[int(result.transport_outcome[0])] is Outcome.ELIGIBLE


def test_flags_are_optional() -> None:
    """Without paid and exited columns no brand is paid or exited."""
    data = columns([("610924", 900, 3, 0, True, True)])
    del data["paid"], data["exited"]
    result = evaluate_batch(POLICIES["city flat"], data, on=D(2023, 7, 1))
    assert result.award_amount.tolist() == [yuan(100_000).amount]
    assert result.transport_amount.tolist() == [yuan(500).amount]


def test_suppliers_name_rule_counties_and_rows() -> None:
    """Each rule that priced rows is listed once with its counties and row count."""
    rows = [
        ("610924", 600, 1, 0, False, False),
        ("610902", 700, 0, 0, False, False),
        ("610902", 100, 0, 0, False, False),
        ("610403", 500, 0, 2, False, False),
        ("610404", 500, 0, 0, False, False),
    ]
    result = evaluate_batch(
        POLICIES["city per head + overrides"], columns(rows), on=D(2023, 7, 1)
    )
    assert result.suppliers == (
        BatchSupplier(
            measure="employment_award",
            jurisdiction="610900",
            plugin="illustrative",
            version="1.0",
            reference="illustrative",
            counties=("610902",),
            rows=1,
        ),
        BatchSupplier(
            measure="employment_award",
            jurisdiction="610924",
            plugin="illustrative",
            version="1.0",
            reference="illustrative",
            counties=("610924",),
            rows=1,
        ),
        BatchSupplier(
            measure="employment_award",
            jurisdiction="yangling",
            plugin="illustrative",
            version="1.0",
            reference="illustrative",
            counties=("610403",),
            rows=1,
        ),
        BatchSupplier(
            measure="transport_subsidy",
            jurisdiction=PROVINCE_CODE,
            plugin=PROVINCE,
            version="1.0",
            reference="illustrative",
            counties=("610403",),
            rows=1,
        ),
        BatchSupplier(
            measure="transport_subsidy",
            jurisdiction="610900",
            plugin="illustrative",
            version="1.0",
            reference="illustrative",
            counties=("610924",),
            rows=1,
        ),
    )
    # 杨陵区: 800 yuan x 500 = 400,000 > the rule's 350,000 > the province's 300,000.
    assert result.award_amount[3] == yuan(300_000).amount
    assert result.award_capped.tolist() == [False, True, False, True, False]
    assert result.award_delegated.tolist() == [False, False, False, False, True]


# ------------------------------------------------------------ validation
def _good() -> dict[str, npt.NDArray[Any]]:
    return columns([("610924", 600, 1, 0, False, False), ("", 10, 0, 0, False, False)])


def _with(**changes: object) -> dict[str, object]:
    data: dict[str, object] = dict(_good())
    for name, value in changes.items():
        if value is None:
            del data[name]
        else:
            data[name] = value
    return data


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (_with(county=None), r"the column county but it is missing"),
        (_with(payed=column([True, False])), r"got payed @ columns"),
        (
            _with(rural_signed=column([1])),
            r"Expected 2 rows.*columns\['rural_signed'\]",
        ),
        (_with(exited=column([True])), r"Expected 2 rows.*columns\['exited'\]"),
        (
            _with(rural_signed=column([600.5, 10.0])),
            r"whole number >= 0\) but got rural_signed\[0\]=600.5",
        ),
        (
            _with(rural_signed=column([600, np.inf])),
            r"whole number >= 0\) but got rural_signed\[1\]=inf",
        ),
        (
            _with(rural_signed=column(["600", None], object)),
            r"whole number >= 0\) but got rural_signed\[0\]='600'",
        ),
        (
            _with(rural_signed=column(["2023-06-30", "x"])),
            r"integer array.*<U10 @ columns\['rural_signed'\]",
        ),
        (
            _with(poverty_alleviated=column([True, False])),
            r"integer array.*columns\['poverty_alleviated'\]",
        ),
        (
            _with(rural_signed=column([[600, 10]])),
            r"one-dimensional.*columns\['rural_signed'\]",
        ),
        (_with(rural_signed=column([600, -2])), r"count >= -1.*rural_signed\[1\]=-2"),
        (
            _with(rural=column([2**63, 0], np.uint64)),
            r"a count but got rural\[0\]=9223372036854775808",
        ),
        (_with(paid=column([0, 2])), r"-1, 0 or 1 but got paid\[1\]=2"),
        (_with(exited=column([0.5, 1.0])), r"a bool, 0 or 1 but got exited\[0\]=0.5"),
        (_with(exited=column(["yes", None], object)), r"exited\[0\]='yes'"),
        (_with(exited=column(["yes", "no"])), r"bool array.*columns\['exited'\]"),
        (_with(county=column([610924.0, 0.0])), r"str or int.*columns\['county'\]"),
        (
            _with(county=column(["610924", "610928"])),
            r"county code of the registry.*county\[1\]='610928'",
        ),
        (_with(county=column(["610000", ""])), r"county\[0\]='610000'"),
        (_with(county=column(["61092x", ""])), r"county\[0\]='61092x'"),
        (_with(county=column(["", " 61092"])), r"county\[1\]=' 61092'"),
        (_with(county=column(["", "6109241"])), r"county\[1\]='6109241'"),
        (_with(county=column(["", "610"])), r"county\[1\]='610'"),
        (_with(county=column([610924, 999999])), r"county\[1\]=999999"),
        (_with(county=column([-610924, 0])), r"county\[0\]=-610924"),
        (
            _with(county=column([610924, 2**64 - 1], np.uint64)),
            r"county\[1\]=18446744073709551615",
        ),
        (_with(county=column(["610924", 3.5], object)), r"mixed values"),
        (_with(county=column(["610924", 610924], object)), r"mixed values"),
        (_with(county=column([610924, 610925], object)), r"county\[0\]=610924"),
        (_with(county=column(["610924", "x"], object)), r"county\[1\]='x'"),
    ],
)
def test_bad_columns_are_refused(data: dict[str, object], match: str) -> None:
    """A missing, unknown, ragged or mistyped column, or a bad value, names the column and row."""
    with pytest.raises(InvalidArgumentError, match=match):
        evaluate_batch(BARE, data, on=D(2023, 7, 1))  # type: ignore[arg-type]


#: Five brands' poverty-alleviated and rural low-income workers, None if not counted.
MISSING_ROWS: list[tuple[int | None, int | None]] = [
    (12, None),
    (0, None),
    (None, None),
    (None, 3),
    (0, 0),
]
#: Each row's transport subsidy, under the default reading (the list of groups is
#: open) and the closed one: one group above zero is enough, and a group not
#: counted is never read as zero.
MISSING_EXPECTED = {
    "open": ["eligible", "undetermined", "undetermined", "eligible", "undetermined"],
    "named_only": [
        "eligible",
        "undetermined",
        "undetermined",
        "eligible",
        "ineligible",
    ],
}
#: Three brands' exit from the pool: yes, no, unknown.
EXITS: list[bool | None] = [True, False, None]


def _ints(values: list[Any]) -> npt.NDArray[Any]:
    return column([-1 if v is None else int(v) for v in values], np.int64)


def _masked(values: list[Any], dtype: Any) -> np.ma.MaskedArray[Any, Any]:  # noqa: ANN401
    # A masked item holds anything (999, True here): it is never read.
    fill = 999 if dtype is np.int64 else True
    return np.ma.masked_array(
        [fill if v is None else v for v in values],
        mask=[v is None for v in values],
        dtype=dtype,
    )


def _floats(values: list[Any]) -> npt.NDArray[Any]:
    return column([np.nan if v is None else float(v) for v in values])


FORMS = ["-1", "masked", "NaN", "None", "pandas"]


def _maker(form: str, dtype: Any) -> Callable[[list[Any]], object]:  # noqa: ANN401 - a dtype
    """How a column of *form* is made from values with None for unknown."""
    if form == "-1":
        return _ints
    if form == "masked":
        return functools.partial(_masked, dtype=dtype)
    if form == "NaN":
        return _floats
    return functools.partial(column, dtype=object)


def _counts_in(form: str) -> Any:  # noqa: ANN401 - a mapping of arrays, or a DataFrame
    """The rows of MISSING_ROWS with each unknown count in *form*."""
    import pandas as pd

    n = len(MISSING_ROWS)
    base: dict[str, object] = {
        "county": column(["610924"] * n),
        "signed": column([520] * n),
    }
    poverty = [r[0] for r in MISSING_ROWS]
    income = [r[1] for r in MISSING_ROWS]
    if form == "pandas":
        return pd.DataFrame(
            {
                "county": pd.array(["610924"] * n, dtype="string"),
                "signed": [520] * n,
                "poverty_alleviated": pd.array(poverty, dtype="Int64"),
                "rural_low_income": pd.array(income, dtype="Int64"),
            }
        )
    make = _maker(form, np.int64)
    return {
        **base,
        "poverty_alleviated": make(poverty),
        "rural_low_income": make(income),
    }


def _exits_in(form: str) -> Any:  # noqa: ANN401 - a mapping of arrays, or a DataFrame
    """The rows of EXITS, 600 signed workers each, with the unknown exit in *form*."""
    import pandas as pd

    n = len(EXITS)
    if form == "pandas":
        return pd.DataFrame(
            {
                "county": ["610924"] * n,
                "signed": [600] * n,
                "exited": pd.array(EXITS, dtype="boolean"),
            }
        )
    make = _maker(form, np.bool_)
    return {
        "county": column(["610924"] * n),
        "signed": column([600] * n),
        "exited": make(EXITS),
    }


@pytest.mark.parametrize("reading", sorted(MISSING_EXPECTED))
@pytest.mark.parametrize("form", FORMS)
def test_missing_counts_are_unknown_in_every_form(form: str, reading: str) -> None:
    """A masked item, NaN, None, pandas' NA and -1 are an unknown count alike, as for one brand."""
    policy = Policy.shaanxi(
        entry_points=False, interpretations={"worker_subsidy_groups": reading}
    )
    result = policy.evaluate_batch(
        _counts_in(form), on=D(2023, 7, 1), measures=[TRANSPORT]
    )
    outcomes = [OUTCOME_CODES[c].value for c in result[TRANSPORT].outcome]
    assert outcomes == MISSING_EXPECTED[reading]
    for index, (poverty, income) in enumerate(MISSING_ROWS):
        one = Brand(
            name_zh=f"brand {index}",
            county="610924",
            workforce=[
                WorkforceObservation(
                    on=D(2023, 6, 30),
                    practitioners=600,
                    rural=600,
                    rural_signed=520,
                    signed=520,
                    poverty_alleviated=poverty,
                    rural_low_income=income,
                )
            ],
        )
        decision = policy.transport_subsidy(one, on=D(2023, 7, 1))
        assert decision.outcome.value == outcomes[index], decision.explain()


@pytest.mark.parametrize("form", FORMS)
def test_missing_flags_are_unknown_in_every_form(form: str) -> None:
    """An exit not known, in any form, leaves an award barred on exit undetermined."""
    barred = Policy.shaanxi(
        entry_points=False, interpretations={"exited_brand_award": "barred"}
    )
    result = barred.evaluate_batch(_exits_in(form), on=D(2023, 7, 1), measures=[AWARD])
    outcomes = [OUTCOME_CODES[c].value for c in result[AWARD].outcome]
    assert outcomes == ["ineligible", "eligible", "undetermined"]


@pytest.mark.parametrize("form", ["NaN", "None", "pd.NA"])
def test_a_dataframes_missing_values_are_unknown(form: str) -> None:
    """In a pandas DataFrame, NaN (float column), None (object column) and pd.NA (nullable column) are unknown, never zero: the decisions that read them are undetermined."""
    import pandas as pd

    def counts(value: int) -> object:
        if form == "NaN":
            return pd.Series([float(value), np.nan])
        if form == "None":
            return pd.Series([value, None], dtype=object)
        return pd.array([value, pd.NA], dtype="Int64")

    frame = pd.DataFrame(
        {
            "county": ["610924", "610924"],
            "signed": counts(520),
            "poverty_alleviated": counts(12),
            "rural_low_income": counts(3),
        }
    )
    # Under the closed reading, a count of 0 would make the subsidy ineligible.
    policy = Policy.shaanxi(
        entry_points=False, interpretations={"worker_subsidy_groups": "named_only"}
    )
    result = policy.evaluate_batch(frame, on=D(2023, 7, 1), measures=[AWARD, TRANSPORT])
    for measure in (AWARD, TRANSPORT):
        outcomes = [OUTCOME_CODES[c].value for c in result[measure].outcome]
        assert outcomes == ["eligible", "undetermined"], (measure, outcomes)
        assert result[measure].amount.tolist() == [-1, -1]  # delegated; unknown
        assert result[measure].delegated.tolist() == [True, False]


def test_a_missing_column_is_unknown_on_every_row() -> None:
    """With no column of a group, no row is read as placing none of it."""
    data = _counts_in("-1")
    without = {k: v for k, v in data.items() if k != "rural_low_income"}
    result = BARE.evaluate_batch(without, on=D(2023, 7, 1), measures=[TRANSPORT])
    outcomes = [OUTCOME_CODES[c].value for c in result[TRANSPORT].outcome]
    # Only the first row, 12 poverty-alleviated workers placed, is due it.
    assert outcomes[0] == "eligible"
    assert outcomes[4] == "undetermined"


def test_a_missing_county_is_an_unknown_county() -> None:
    """None or pandas' NA in an object county column is blank: the county is unknown."""
    import pandas as pd

    for county in (
        column(["610924", None], object),
        pd.array(["610924", None], dtype="string"),
        np.ma.masked_array(["610924", "610924"], mask=[False, True]),
    ):
        result = BARE.evaluate_batch(
            {"county": county, "signed": column([600, 600])},
            on=D(2023, 7, 1),
            measures=[AWARD],
        )
        outcomes = [OUTCOME_CODES[c].value for c in result[AWARD].outcome]
        assert outcomes == ["eligible", "undetermined"]


def test_day_is_any_day_but_not_a_datetime() -> None:
    """A datetime.date or an ISO string decides as the pendulum.Date does; a datetime is refused."""
    base = evaluate_batch(BARE, _good(), on=D(2023, 7, 1)).to_dict()
    for day in (dt.date(2023, 7, 1), "2023-07-01"):
        again = evaluate_batch(BARE, _good(), on=day).to_dict()
        assert {k: v.tolist() for k, v in again.items()} == {
            k: v.tolist() for k, v in base.items()
        }
    with pytest.raises(InvalidArgumentError, match="Expected a day"):
        evaluate_batch(BARE, _good(), on=dt.datetime(2023, 7, 1, tzinfo=dt.UTC))


def test_other_integer_and_object_encodings() -> None:
    """Counts as int32 or unsigned, and counties as objects (pandas), decide alike."""
    base = evaluate_batch(POLICIES["city per head"], _good(), on=D(2023, 7, 1))
    data = _good()
    other = {
        "county": data["county"].astype(object),
        "rural_signed": data["rural_signed"].astype(np.uint64),
        "poverty_alleviated": data["poverty_alleviated"].astype(np.int32),
        "rural_low_income": data["rural_low_income"].astype(np.uint8),
    }
    again = evaluate_batch(POLICIES["city per head"], other, on=D(2023, 7, 1))
    for name, array in base.to_dict().items():
        assert again.to_dict()[name].tolist() == array.tolist(), name


def test_empty_columns() -> None:
    """Zero rows give zero-length results."""
    result = evaluate_batch(POLICIES["city per head"], columns([]), on=D(2023, 7, 1))
    assert len(result) == 0
    measures = len(BARE.document.measures)
    assert result.to_pandas().shape == (0, 4 * measures)


# ------------------------------------------------------- rule edge cases
def test_rule_reading_an_unknown_count_gives_no_amount() -> None:
    """An eligible award priced per poverty-alleviated worker, with that count unknown, has no amount."""
    policy = policy_with(
        rule(AWARD, "610900", PerHead(rates=[("poverty_alleviated", yuan(100))]))
    )
    rows = [("610924", 600, -1, 0, False, False), ("610924", 600, 7, 0, False, False)]
    result = evaluate_batch(policy, columns(rows), on=D(2023, 7, 1))
    assert [OUTCOME_CODES[int(c)] for c in result.award_outcome] == [
        Outcome.ELIGIBLE
    ] * 2
    assert result.award_amount.tolist() == [-1, yuan(700).amount]
    assert result.award_delegated.tolist() == [False, False]


def test_rule_multiplying_an_optional_column() -> None:
    """A per-head rule on practitioners reads that column; without it the count is unknown (no amount); amounts equal the scalar ones."""
    policy = policy_with(
        rule(AWARD, "610900", PerHead(rates=[("practitioners", yuan(10))]))
    )
    data = columns([("610924", 600, 0, 0, False, False)])
    data["practitioners"] = column([900])
    data["rural"] = column([700])
    result = evaluate_batch(policy, data, on=D(2023, 7, 1))
    del data["practitioners"]
    unknown = evaluate_batch(policy, data, on=D(2023, 7, 1))
    assert unknown.award_outcome.tolist() == [0]
    assert unknown.award_amount.tolist() == [-1]
    assert unknown.award_delegated.tolist() == [False]
    one = Brand(
        name_zh="x",
        county="610924",
        workforce=[
            WorkforceObservation(
                on=D(2023, 6, 30), practitioners=900, rural=700, rural_signed=600
            )
        ],
    )
    scalar = policy.employment_award(one, on=D(2023, 7, 1))
    assert scalar.amount is not None
    assert result.award_amount.tolist() == [scalar.amount.amount]


def test_ratio_rule_is_refused_when_the_policy_is_built() -> None:
    """A ratio given as an amount rule is refused before any row, naming its plugin."""
    with pytest.raises(PluginResultError, match="a Ratio is not an amount") as info:
        policy_with(rule(AWARD, "610900", Ratio(Decimal("0.3"))))
    assert info.value.plugin_name == "illustrative"


def test_amount_above_max_fen_is_refused_like_fen() -> None:
    """A per-head sum above MAX_FEN raises as Fen does for one brand; a refused row does not."""
    policy = policy_with(
        rule(AWARD, "610900", PerHead(rates=[("rural_signed", Fen(10**12))])),
        rule(AWARD, "610100", PerHead(rates=[("rural_signed", Fen(0))])),
        # The reading under which an exited row is refused, so never priced.
        exited_brand_award="barred",
    )
    on = D(2023, 7, 1)
    huge = 10**6
    # The exited and the zero-rate rows could overflow but are never priced.
    rows = [
        ("610924", 600, 0, 0, False, False),
        ("610924", huge, 0, 0, False, True),
        ("610102", 2**62, 0, 0, False, False),
    ]
    result = evaluate_batch(policy, columns(rows), on=on)
    assert result.award_amount.tolist() == [yuan(300_000).amount, -1, 0]
    assert result.award_capped.tolist() == [True, False, False]
    one = brand(0, "610924", signed=huge, poverty=0, low_income=0, exited=False, on=on)
    with pytest.raises(InvalidArgumentError, match="amount"):
        policy.employment_award(one, on=on)
    with pytest.raises(InvalidArgumentError, match=rf"<= {MAX_FEN} fen but row 1"):
        evaluate_batch(policy, columns([rows[0], (*rows[1][:5], False)]), on=on)
    overflow = [("610924", 2**62, 0, 0, False, False)]
    with pytest.raises(InvalidArgumentError, match="row 0"):
        evaluate_batch(policy, columns(overflow), on=on)


# --------------------------------------------------- per-brand formulas
class Calls:
    """A per-brand formula that counts its calls: 500 yuan per signed worker, none for 666."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(
        self, brand: Brand, observation: WorkforceObservation | None, _on: pendulum.Date
    ) -> Fen | None:
        self.calls += 1
        assert observation is not None
        assert brand.county is not None
        if observation.rural_signed == 666:
            return None
        return yuan(500) * observation.rural_signed + Fen(observation.practitioners)


def formula_columns(
    rows: list[tuple[str, int, int, int, int, int]],
) -> dict[str, npt.NDArray[Any]]:
    return {
        "county": column([r[0] for r in rows], "<U6"),
        "rural_signed": column([r[1] for r in rows], np.int64),
        "poverty_alleviated": column([r[2] for r in rows], np.int64),
        "rural_low_income": column([r[3] for r in rows], np.int64),
        "rural": column([r[4] for r in rows], np.int64),
        "practitioners": column([r[5] for r in rows], np.int64),
    }


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["610924", "610925", "610102", ""]),
            st.one_of(st.sampled_from([499, 500, 666]), st.integers(0, 800)),
            st.integers(-1, 5),
            st.integers(-1, 5),
            st.integers(0, 200),
            st.integers(0, 200),
        ),
        max_size=12,
    )
)
# Above the province's cap, below it, no amount, an unknown count, no formula.
@example(
    [
        ("610924", 700, 1, 1, 0, 0),
        ("610925", 520, 0, 0, 3, 4),
        ("610925", 666, 0, 0, 0, 0),
        ("610924", 600, -1, 0, 0, 0),
        ("610102", 600, 0, 0, 0, 0),
    ]
)
def test_formula_fallback_equals_scalar(
    rows: list[tuple[str, int, int, int, int, int]],
) -> None:
    """A callable rule is called once per eligible row of its counties, and equals the scalar amount."""
    formula = Calls()
    policy = policy_with(rule(AWARD, "610900", formula))
    on = D(2023, 7, 1)
    # Head counts that nest: rural and practitioners on top of the others.
    rows = [
        (c, s, p, q, max(s, p, q) + r, max(s, p, q) + r + x)
        for c, s, p, q, r, x in rows
    ]
    result = evaluate_batch(policy, formula_columns(rows), on=on)
    batch_calls, formula.calls = formula.calls, 0
    for i, (county, signed, poverty, low_income, rural, practitioners) in enumerate(
        rows
    ):
        if min(poverty, low_income) < 0:
            # A formula may read any count: with one unknown, a row has no amount.
            assert result.award_amount[i] == -1
            eligible = county != "" and signed >= 500
            outcome = OUTCOME_CODES[int(result.award_outcome[i])]
            assert (outcome is Outcome.ELIGIBLE) == eligible
            continue
        one = Brand(
            name_zh=f"row {i}",
            county=county or None,
            workforce=[
                WorkforceObservation(
                    on=on,
                    practitioners=practitioners,
                    rural=rural,
                    rural_signed=signed,
                    poverty_alleviated=poverty,
                    rural_low_income=low_income,
                )
            ],
        )
        check_row(result, i, "employment_award", policy.employment_award(one, on=on))
    assert batch_calls == formula.calls


def test_formula_needs_the_whole_observation() -> None:
    """A formula reads a whole observation: a row missing some counts gets no amount; counts must nest."""
    policy = policy_with(rule(AWARD, "610900", Calls()))
    on = D(2023, 7, 1)
    bare = columns([("610924", 600, 0, 0, False, False)])
    partial = evaluate_batch(policy, bare, on=on)
    assert partial.award_outcome.tolist() == [0]
    assert partial.award_amount.tolist() == [-1]
    not_nested = formula_columns([("610924", 600, 0, 0, 100, 900)])
    with pytest.raises(InvalidArgumentError, match="in row 0") as info:
        evaluate_batch(policy, not_nested, on=on)
    assert info.value.field == "rural_signed"
    # A county without a formula needs neither column.
    assert evaluate_batch(
        policy, columns([("610102", 600, 0, 0, False, False)]), on=on
    ).award_delegated.tolist() == [True]


# ------------------------------------------------------------- exports
def test_outcome_codes_cover_every_outcome() -> None:
    """OUTCOME_CODES maps four small codes to the four outcomes, once each."""
    assert sorted(OUTCOME_CODES) == [0, 1, 2, 3]
    assert set(OUTCOME_CODES.values()) == set(Outcome)


def test_to_dict_and_to_pandas() -> None:
    """to_dict gives the plain arrays; to_pandas a frame of categorical outcomes and nullable amounts."""
    rows = [
        ("610924", 600, 1, 0, False, False),
        ("610924", 100, 0, 0, False, False),
        ("", 600, -1, 0, False, False),
    ]
    result = evaluate_batch(
        POLICIES["city flat"],
        columns(rows),
        on=D(2023, 7, 1),
        measures=[AWARD, TRANSPORT],
    )
    arrays = result.to_dict()
    assert list(arrays) == [
        "employment_award_outcome",
        "employment_award_amount",
        "employment_award_delegated",
        "employment_award_capped",
        "transport_subsidy_outcome",
        "transport_subsidy_amount",
        "transport_subsidy_delegated",
        "transport_subsidy_capped",
    ]
    assert {name: a.dtype.name for name, a in arrays.items()} == {
        "employment_award_outcome": "uint8",
        "employment_award_amount": "int64",
        "employment_award_delegated": "bool",
        "employment_award_capped": "bool",
        "transport_subsidy_outcome": "uint8",
        "transport_subsidy_amount": "int64",
        "transport_subsidy_delegated": "bool",
        "transport_subsidy_capped": "bool",
    }
    assert all(a.shape == (3,) for a in arrays.values())
    frame = result.to_pandas()
    assert frame.shape == (3, 8)
    assert list(frame.columns) == list(arrays)
    assert frame["employment_award_outcome"].tolist() == [
        "eligible",
        "ineligible",
        "undetermined",
    ]
    assert frame["employment_award_amount"].isna().tolist() == [False, True, True]
    assert frame["employment_award_amount"].iloc[0] == yuan(100_000).amount
    # Row 1 places none of the two named groups; 等困难群体 leaves others open.
    assert frame["transport_subsidy_outcome"].tolist() == [
        "eligible",
        "undetermined",
        "undetermined",
    ]


def test_result_arrays_are_read_only() -> None:
    """The arrays of a result cannot be changed in place."""
    result = evaluate_batch(BARE, _good(), on=D(2023, 7, 1))
    with pytest.raises(ValueError, match="read-only"):
        result.award_amount[0] = 1


def test_blocks_of_rows_agree() -> None:
    """A population longer than one block of work decides every row as a short one does."""
    rows = [
        ("610924", 600, 1, 0, False, False),
        ("610403", 800, 0, 2, False, False),
        ("", 900, 3, 3, False, False),
        ("6109x4", 1, 1, 1, False, False),
        ("610581", 700, 0, 0, True, False),
        ("610902", -1, 2, -1, False, True),
    ]
    policy = POLICIES["city per head + overrides"]
    on = D(2023, 7, 1)
    short = evaluate_batch(policy, columns(rows[:3] + rows[4:]), on=on)
    size = 300_007  # over two blocks of 131,072 rows, and not a multiple of 5
    long = {
        name: np.resize(a, size) for name, a in columns(rows[:3] + rows[4:]).items()
    }
    result = evaluate_batch(policy, long, on=on)
    for name, array in short.to_dict().items():
        assert np.array_equal(result.to_dict()[name], np.resize(array, size)), name
    long["county"][size - 1] = rows[3][0]
    with pytest.raises(InvalidArgumentError, match=rf"county\[{size - 1}\]='6109x4'"):
        evaluate_batch(policy, long, on=on)


def test_batches_of_a_day_decide_alike_in_any_order_and_thread() -> None:
    """Batches that bring new counties to a day already used, from several threads, decide as on a fresh policy."""
    counties = [*RULED, "610102", "610926", "610303", "611002"]
    batches = [
        columns([(c, 450 + 50 * i, i % 3, 1, False, False) for c in counties[k::3]])
        for i, k in enumerate([0, 1, 2, 0, 1, 2, 1, 0])
    ]
    on = D(2023, 7, 1)
    alone = [
        evaluate_batch(policy_with(*CITY_PER_HEAD, *OVERRIDES), b, on=on).to_dict()
        for b in batches
    ]
    shared = policy_with(*CITY_PER_HEAD, *OVERRIDES)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        together = list(
            pool.map(lambda b: evaluate_batch(shared, b, on=on).to_dict(), batches * 4)
        )
    for got, want in zip(together, alone * 4, strict=True):
        for name, array in want.items():
            assert np.array_equal(got[name], array), name


def test_a_day_of_another_span_of_rules_is_priced_by_its_own_rules() -> None:
    """One policy asked about days on either side of a rule's first day, in any order, prices as fresh policies do."""
    rows = columns([(c, 650, 1, 1, False, False) for c in RULED])
    days = [D(2022, 5, 2), D(2022, 4, 30), D(2022, 5, 3), D(2022, 5, 1), D(2022, 4, 30)]
    shared = policy_with(*CITY_FLAT, *OVERRIDES)
    for on in days:
        fresh = evaluate_batch(policy_with(*CITY_FLAT, *OVERRIDES), rows, on=on)
        for name, array in fresh.to_dict().items():
            assert np.array_equal(
                evaluate_batch(shared, rows, on=on).to_dict()[name], array
            ), (on, name)


def test_rule_per_person_trained() -> None:
    """A rate per person trained reads the optional trained column; -1 there gives no amount, as uncounted does."""
    policy = policy_with(rule(AWARD, "610900", PerHead(rates=[("trained", yuan(500))])))
    data = columns(
        [("610924", 600, 0, 0, False, False), ("610924", 700, 0, 0, False, False)]
    )
    data["trained"] = column([40, -1])
    result = evaluate_batch(policy, data, on=D(2023, 7, 1))
    counted = Brand(
        name_zh="x",
        county="610924",
        workforce=[
            WorkforceObservation(
                on=D(2023, 6, 30),
                practitioners=900,
                rural=800,
                rural_signed=600,
                trained=40,
            )
        ],
    )
    uncounted = Brand(
        name_zh="y",
        county="610924",
        workforce=[
            WorkforceObservation(
                on=D(2023, 6, 30), practitioners=900, rural=800, rural_signed=700
            )
        ],
    )
    scalar = [
        policy.employment_award(b, on=D(2023, 7, 1)) for b in (counted, uncounted)
    ]
    assert scalar[0].amount == yuan(20_000)
    assert scalar[1].amount is None
    assert result.award_amount.tolist() == [yuan(20_000).amount, -1]
    assert result.award_outcome.tolist() == [0, 0]
