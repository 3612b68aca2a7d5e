"""The targets from columns of brands: the same report as from the brands one by one."""

from __future__ import annotations

import functools

import numpy as np
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labourbrand as lb
from labourbrand import Authority, Brand, Category, Recognition, RecognitionLevel, Stage
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.lifecycle import import_record
from labourbrand.policy import Policy, targets_batch
from labourbrand.policy._targets_counted import CATEGORY_CODES, LEVEL_COLUMNS, TALLIES
from labourbrand.policy.parameters import UNQUANTIFIED, load_parameters


D = pendulum.Date
POLICY = Policy.shaanxi(entry_points=False)
ON = D(2024, 7, 1)
COUNTIES = ("610924", "610727", "610926", "610502", "610581", None)
LEVELS = tuple(RecognitionLevel)


def _columns(
    brands: list[Brand],
    on: pendulum.Date,
    *,
    category_as_index: bool = False,
    stage_as_index: bool = False,
    with_known: bool = True,
) -> dict[str, np.ndarray]:
    """The columns a register would hold for *brands* on *on*, written out by hand."""
    columns: dict[str, np.ndarray] = {
        "county": np.array([b.county or "" for b in brands], dtype="U6"),
        "category": (
            np.array(
                [
                    -1 if b.category is None else list(Category).index(b.category)
                    for b in brands
                ],
                np.int64,
            )
            if category_as_index
            else np.array(
                [b.category.value if b.category else "" for b in brands], dtype="U16"
            )
        ),
    }
    for level in LEVELS:
        # 1 held, 0 not, -1 a recognition with neither day nor year.
        held = [
            {r.held(on) for r in b.recognitions if r.level is level} for b in brands
        ]
        columns[f"held_{level.value}"] = np.array(
            [1 if True in h else -1 if None in h else 0 for h in held], np.int8
        )
    if with_known:
        columns["nationally_known"] = np.array(
            [{True: 1, False: 0, None: -1}[b.nationally_known] for b in brands],
            np.int8,
        )
    columns["stage"] = (
        np.array([list(Stage).index(b.stage_on(on)) for b in brands], np.int64)
        if stage_as_index
        else np.array([b.stage_on(on).value for b in brands], dtype="U24")
    )
    return columns


def test_the_tallies_are_declared_once() -> None:
    """Each tally names a column of the rows and the code it counts; every level and category has one."""
    names = [t.name for t in TALLIES]
    assert len(names) == len(set(names))
    assert {f"held.{level.value}" for level in LEVELS} <= set(names)
    assert {f"category.{c.value}" for c in Category} | {
        "category.unknown",
        "no_county",
    } <= set(names)
    assert set(LEVEL_COLUMNS.values()) == {f"held_{level.value}" for level in LEVELS}
    assert list(CATEGORY_CODES) == list(Category)


def _pooled(brand: Brand) -> Brand:
    return import_record(
        brand,
        stage=Stage.IN_POOL,
        since=D(2022, 4, 29),
        imported_on=D(2022, 4, 29),
        by=Authority.PROVINCIAL_HRSS,
        source="test register",
    )


@pytest.mark.parametrize("pooled", [False, True])
def test_the_packaged_brands_from_columns(pooled: bool) -> None:  # noqa: FBT001
    """The 26 packaged brands, as discovered or in the pool, give the same report from columns as one by one."""
    brands = list(lb.brands.packaged())
    if pooled:
        brands = [_pooled(b) for b in brands]
    for on in (D(2022, 4, 28), D(2023, 6, 1), D(2025, 12, 31), D(2026, 1, 21)):
        expected = POLICY.targets(brands, on=on)
        assert POLICY.targets_batch(_columns(brands, on), on=on) == expected
        assert (
            targets_batch(
                POLICY,
                _columns(brands, on, category_as_index=True, stage_as_index=True),
                on=on,
            )
            == expected
        )
        counted = expected["target_brands_total"].value
        assert counted == (26 if pooled and on >= D(2022, 4, 29) else 0)
        # As pandas gives them: objects, None for an unknown category.
        objects = _columns(brands, on)
        objects["category"] = np.array(
            [b.category.value if b.category else None for b in brands], object
        )
        objects["county"] = objects["county"].astype(object)
        objects["stage"] = objects["stage"].astype(object)
        assert POLICY.targets_batch(objects, on=on) == expected


def test_targets_batch_refuses_bad_columns() -> None:
    """A missing column, an unknown one, a city code, a category out of the four, an unknown flag, lengths."""
    good = _columns(list(lb.brands.packaged())[:2], ON)

    def batch(**changes: object) -> object:
        # A change to None drops the column.
        columns = {
            **good,
            **{k: np.asarray(v) for k, v in changes.items() if v is not None},
        }
        dropped = {k for k, v in changes.items() if v is None}
        return POLICY.targets_batch(
            {k: v for k, v in columns.items() if k not in dropped}, on=ON
        )

    with pytest.raises(
        InvalidArgumentError, match="column held_city but it is missing"
    ):
        POLICY.targets_batch({k: v for k, v in good.items() if k != "held_city"}, on=ON)
    with pytest.raises(InvalidArgumentError, match="studios"):
        batch(studios=[1, 2])
    with pytest.raises(InvalidArgumentError, match=r"county-level unit.*county\[1\]"):
        batch(county=["610924", "610900"])
    with pytest.raises(InvalidArgumentError, match=r"category code.*category\[0\]"):
        batch(category=["craft", "skilled"])
    with pytest.raises(InvalidArgumentError, match=r"category index.*category\[1\]"):
        batch(category=[0, 4])
    with pytest.raises(InvalidArgumentError, match="column stage but it is missing"):
        batch(stage=None)
    with pytest.raises(InvalidArgumentError, match="exited"):
        batch(exited=[True, False])
    with pytest.raises(InvalidArgumentError, match=r"stage code .*stage\[0\]=''"):
        batch(stage=["", "in_pool"])
    with pytest.raises(InvalidArgumentError, match=r"stage code.*stage\[1\]='pooled'"):
        batch(stage=["in_pool", "pooled"])
    with pytest.raises(
        InvalidArgumentError, match=r"stage index from 0 to 6.*stage\[0\]"
    ):
        batch(stage=[-1, 0])
    with pytest.raises(InvalidArgumentError, match=r"stage\[1\]=None"):
        batch(stage=np.array(["in_pool", None], object))
    with pytest.raises(InvalidArgumentError, match="float"):
        batch(category=[0.0, 1.0])
    with pytest.raises(InvalidArgumentError, match=r"category\[0\]='None'"):
        batch(category=np.array(["None", None], object))
    with pytest.raises(InvalidArgumentError, match="one length"):
        batch(held_city=[True])
    with pytest.raises(InvalidArgumentError, match=r"-1, 0 or 1.*held_city"):
        batch(held_city=[2, 0])
    with pytest.raises(InvalidArgumentError, match=r"-1, 0 or 1.*nationally_known"):
        batch(nationally_known=[0, -2])
    with pytest.raises(InvalidArgumentError, match="one length"):
        batch(nationally_known=[1])


def test_undated_recognitions_and_nationally_known_from_columns() -> None:
    """-1 in a held column is an undated recognition, and nationally_known without its column is unknown."""
    columns = {
        "county": np.array(["611026", ""]),
        "category": np.array(["", ""]),
        "stage": np.array(["in_pool", "cultivating"]),
        "held_national": np.zeros(2, np.int8),
        "held_provincial": np.array([-1, 0], np.int8),
        "held_city": np.zeros(2, np.int8),
        "held_county": np.zeros(2, np.int8),
    }
    report = POLICY.targets_batch(columns, on=D(2022, 5, 1))
    assert (report["target_provincial"].status, report["target_provincial"].value) == (
        lb.policy.CheckStatus.UNKNOWN,
        0,
    )
    national = report["target_national_known"]
    assert "2 more brands not known to be nationally known or not" in national.explain()


# ------------------------------------------ the report from columns equals
@functools.cache
def _policy(numbers: tuple[object, ...], exited: str) -> Policy:
    names = ("target_brands_total", "target_per_category", "target_provincial")
    overrides = {n: v for n, v in zip(names, numbers, strict=True) if v is not None}
    if not overrides and exited == "counted":
        return POLICY
    return Policy.shaanxi(
        parameters=load_parameters().with_overrides(overrides),
        entry_points=False,
        interpretations={"exited_brand_targets": exited},
    )


# A recognition by year, bounded by a report, both, or neither (undated).
_RECOGNITIONS = st.lists(
    st.tuples(
        st.sampled_from(LEVELS),
        st.sampled_from([2021, 2023, 2024, 2025, None]),
        st.sampled_from([None, D(2025, 12, 6)]),
    ),
    max_size=2,
)
_BRAND = st.tuples(
    st.sampled_from(COUNTIES),
    st.sampled_from([None, *Category]),
    _RECOGNITIONS,
    st.sampled_from([Stage.DISCOVERED, Stage.CULTIVATING, Stage.IN_POOL, Stage.EXITED]),
    st.sampled_from([D(2022, 6, 1), D(2024, 1, 1)]),
    st.sampled_from([None, True, False]),
)
_NUMBER = st.sampled_from([None, 0, 1, 3, UNQUANTIFIED])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(_BRAND, max_size=14),
    numbers=st.tuples(_NUMBER, _NUMBER, _NUMBER),
    on=st.sampled_from(
        [D(2022, 4, 28), D(2023, 6, 1), ON, D(2025, 12, 6), D(2026, 1, 1)]
    ),
    category_as_index=st.booleans(),
    exited=st.sampled_from(["counted", "not_counted"]),
)
def test_the_report_from_columns_equals_the_report_from_brands(
    rows: list[
        tuple[
            str | None,
            Category | None,
            list[tuple[RecognitionLevel, int | None, pendulum.Date | None]],
            Stage,
            pendulum.Date,
            bool | None,
        ]
    ],
    numbers: tuple[object, object, object],
    on: pendulum.Date,
    category_as_index: bool,  # noqa: FBT001
    exited: str,
) -> None:
    """Every check of the report, with its steps, and the counties short, are those of the brands, under each reading of exits."""
    policy = _policy(numbers, exited)

    def brand(  # noqa: PLR0917 - the parts of one drawn row
        i: int,
        county: str | None,
        category: Category | None,
        recognitions: list[tuple[RecognitionLevel, int | None, pendulum.Date | None]],
        stage: Stage,
        since: pendulum.Date,
        known: bool | None,  # noqa: FBT001
    ) -> Brand:
        found = Brand(
            name_zh=f"品牌{i}",
            county=county,
            category=category,
            recognitions=[
                Recognition(level=level, year=year, on_or_before=bound)
                for level, year, bound in recognitions
            ],
            nationally_known=known,
        )
        if stage is Stage.DISCOVERED:  # no record: a candidate only
            return found
        return import_record(
            found,
            stage=stage,
            since=since,
            imported_on=since,
            by=Authority.PROVINCIAL_HRSS,
            source="台账",
        )

    brands = [brand(i, *row) for i, row in enumerate(rows)]
    expected = policy.targets(brands, on=on)
    columns = _columns(
        brands,
        on,
        category_as_index=category_as_index,
        stage_as_index=not category_as_index,
        # Without the column every brand is unknown: leave it out only then.
        with_known=any(b.nationally_known is not None for b in brands)
        or category_as_index,
    )
    assert policy.targets_batch(columns, on=on) == expected
    # The brands counted are those past discovery on the day, exited ones
    # included only under the reading that counts them.
    left_out = {Stage.DISCOVERED} | (
        {Stage.EXITED} if exited == "not_counted" else set()
    )
    assert expected["target_brands_total"].value == sum(
        b.stage_on(on) not in left_out for b in brands
    )


def test_missing_values_in_a_dataframe_are_unknown() -> None:
    """pandas' NA in a nullable column reads as the unknown mark: the same report."""
    import pandas as pd

    policy = Policy.shaanxi(entry_points=False)
    marked = {
        "county": np.array(["610924", "", "610727"]),
        "category": np.array(["skilled", "", "service"]),
        "stage": np.array(["in_pool", "cultivating", "exited"]),
        "held_national": np.array([1, -1, 0], np.int8),
        "held_provincial": np.array([0, -1, 1], np.int8),
        "held_city": np.zeros(3, bool),
        "held_county": np.zeros(3, bool),
        "nationally_known": np.array([-1, 1, 0], np.int8),
    }
    frame = pd.DataFrame(
        {
            "county": pd.array(["610924", None, "610727"], dtype="string"),
            "category": pd.array(["skilled", None, "service"], dtype="string"),
            "stage": ["in_pool", "cultivating", "exited"],
            "held_national": pd.array([True, None, False], dtype="boolean"),
            "held_provincial": pd.array([False, None, True], dtype="boolean"),
            "held_city": [False] * 3,
            "held_county": [False] * 3,
            "nationally_known": pd.array([None, True, False], dtype="boolean"),
        }
    )
    on = pendulum.Date(2024, 7, 1)
    assert policy.targets_batch(frame, on=on) == policy.targets_batch(marked, on=on)
    with pytest.raises(InvalidArgumentError, match=r"stage\[1\]=<NA>"):
        policy.targets_batch(
            frame.assign(stage=pd.array(["in_pool", None, "exited"], dtype="string")),
            on=on,
        )
