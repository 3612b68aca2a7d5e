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
from labourbrand.policy._targets import CATEGORY_CODES, LEVEL_COLUMNS, TALLIES
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
        columns[f"held_{level.value}"] = np.array(
            [
                any(r.level is level and r.held_on(on) for r in b.recognitions)
                for b in brands
            ],
            np.bool_,
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
    with pytest.raises(InvalidArgumentError, match=r"0 or 1.*held_city\[0\]"):
        batch(held_city=[-1, 0])
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


# ------------------------------------------ the report from columns equals
@functools.cache
def _policy(numbers: tuple[object, ...]) -> Policy:
    names = ("target_brands_total", "target_per_category", "target_provincial")
    overrides = {n: v for n, v in zip(names, numbers, strict=True) if v is not None}
    if not overrides:
        return POLICY
    return Policy.shaanxi(
        parameters=load_parameters().with_overrides(overrides), entry_points=False
    )


_RECOGNITIONS = st.lists(
    st.tuples(st.sampled_from(LEVELS), st.sampled_from([2021, 2023, 2024, 2025])),
    max_size=2,
)
_BRAND = st.tuples(
    st.sampled_from(COUNTIES),
    st.sampled_from([None, *Category]),
    _RECOGNITIONS,
    st.sampled_from([Stage.DISCOVERED, Stage.CULTIVATING, Stage.IN_POOL, Stage.EXITED]),
    st.sampled_from([D(2022, 6, 1), D(2024, 1, 1)]),
)
_NUMBER = st.sampled_from([None, 0, 1, 3, UNQUANTIFIED])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(_BRAND, max_size=14),
    numbers=st.tuples(_NUMBER, _NUMBER, _NUMBER),
    on=st.sampled_from([D(2022, 4, 28), D(2023, 6, 1), ON, D(2026, 1, 1)]),
    category_as_index=st.booleans(),
)
def test_the_report_from_columns_equals_the_report_from_brands(
    rows: list[
        tuple[
            str | None,
            Category | None,
            list[tuple[RecognitionLevel, int]],
            Stage,
            pendulum.Date,
        ]
    ],
    numbers: tuple[object, object, object],
    on: pendulum.Date,
    category_as_index: bool,  # noqa: FBT001
) -> None:
    """Every check of the report, with its steps, and the counties short, are those of the brands."""
    policy = _policy(numbers)

    def brand(  # noqa: PLR0917 - the parts of one drawn row
        i: int,
        county: str | None,
        category: Category | None,
        recognitions: list[tuple[RecognitionLevel, int]],
        stage: Stage,
        since: pendulum.Date,
    ) -> Brand:
        found = Brand(
            name_zh=f"品牌{i}",
            county=county,
            category=category,
            recognitions=[
                Recognition(level=level, year=year) for level, year in recognitions
            ],
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
    )
    assert policy.targets_batch(columns, on=on) == expected
    # The brands counted are those past discovery on the day, exited ones included.
    assert expected["target_brands_total"].value == sum(
        b.stage_on(on) is not Stage.DISCOVERED for b in brands
    )
