"""What the province's targets count, declared once for brands, columns and the simulation (private).

A brand gives the targets a row of integer codes (:func:`brand_row`); each
number the targets read is a :class:`Tally` of rows, with its meaning for
one row and over numpy columns side by side. Which brands count at all is
:data:`COUNTED`, by the reading of ``exited_brand_targets`` in force
(:func:`counted`, :func:`counted_stages`).
"""

from __future__ import annotations

# attrs annotates each tuple field of __init__ as its converter's argument,
# Iterable[Any]: imported at run time so that documentation tools resolve it.
from collections.abc import Iterable  # noqa: TC003
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from labourbrand._model import Brand, Category, RecognitionLevel, Stage


if TYPE_CHECKING:
    from collections.abc import Mapping

    import pendulum

    from labourbrand.policy._engine import Policy


__all__ = [
    "CATEGORY_CODES",
    "COUNTED",
    "DISCOVERED",
    "EXITED",
    "EXITED_IN_TARGETS",
    "LEVEL_COLUMNS",
    "LEVEL_TARGETS",
    "NO_CATEGORY",
    "STAGE_CODES",
    "TALLIES",
    "Tally",
    "brand_row",
    "counted",
    "counted_stages",
    "national_known_code",
    "national_known_codes",
]

#: The recognition targets, by check id, and the level each counts.
LEVEL_TARGETS: Final = (
    ("target_national_known", RecognitionLevel.NATIONAL),
    ("target_provincial", RecognitionLevel.PROVINCIAL),
    ("target_city_level", RecognitionLevel.CITY),
    ("target_county_level", RecognitionLevel.COUNTY),
)


#: The columns a brand gives the targets (its row), each an ``int``: its
#: stage on the day (the index of the :class:`~labourbrand.Stage` in its
#: order, :data:`STAGE_CODES`); whether its county is known; its category (the
#: index of the :class:`~labourbrand.Category` in its order, ``-1`` unknown);
#: for each recognition level, whether it holds a recognition of exactly that
#: level on the day (``held_<level>``: ``1`` yes, ``0`` no, ``-1`` unknown, a
#: recognition with neither day nor year); whether a source describes it as
#: nationally known (``nationally_known``, the same codes); and whether it
#: counts as nationally known for clause 2 (``national_known``, from the two
#: by :func:`national_known_code`).
LEVEL_COLUMNS: Final[Mapping[RecognitionLevel, str]] = MappingProxyType(
    {level: f"held_{level.value}" for _, level in LEVEL_TARGETS}
)
#: The code of a flag: ``1`` yes, ``0`` no, ``-1`` unknown.
_CODE: Final = {True: 1, False: 0, None: -1}


def national_known_code(known: int, held_national: int) -> int:
    """Whether a brand counts as nationally known (全国知名): ``1``, ``0`` or ``-1`` unknown.

    Yes if a source describes it so or it holds a national recognition; no if
    known to be neither; else unknown. :func:`national_known_codes` is the
    same over columns.
    """
    if 1 in (known, held_national):
        return 1
    return -1 if -1 in (known, held_national) else 0


def national_known_codes(known: Any, held_national: Any) -> Any:  # noqa: ANN401 - numpy arrays
    """:func:`national_known_code` over int8 columns."""
    import numpy as np

    unknown = np.where((known == -1) | (held_national == -1), -1, 0)
    return np.where((known == 1) | (held_national == 1), 1, unknown).astype(np.int8)


#: The category codes of a row, in the order of :class:`~labourbrand.Category`.
CATEGORY_CODES: Final[Mapping[Category, int]] = MappingProxyType(
    {category: code for code, category in enumerate(Category)}
)
#: The category code of a brand whose category is unknown.
NO_CATEGORY: Final = -1
#: The stage codes of a row, in the order of :class:`~labourbrand.Stage`.
STAGE_CODES: Final[Mapping[Stage, int]] = MappingProxyType(
    {stage: code for code, stage in enumerate(Stage)}
)


def brand_row(brand: Brand, on: pendulum.Date) -> dict[str, int]:
    """What one brand gives the targets on *on*: the columns of :data:`LEVEL_COLUMNS` and the rest."""
    row = {
        "stage": STAGE_CODES[brand.stage_on(on)],
        "county_known": int(brand.county is not None),
        "category": NO_CATEGORY
        if brand.category is None
        else CATEGORY_CODES[brand.category],
    }
    for level, column in LEVEL_COLUMNS.items():
        held = [r.held(on) for r in brand.recognitions if r.level is level]
        row[column] = 1 if True in held else -1 if None in held else 0
    row["nationally_known"] = _CODE[brand.nationally_known]
    row["national_known"] = national_known_code(
        row["nationally_known"], row[LEVEL_COLUMNS[RecognitionLevel.NATIONAL]]
    )
    return row


def _as_codes(value: int | Iterable[int]) -> frozenset[int]:
    return frozenset((value,) if isinstance(value, int) else value)


@final
@attrs.frozen
class Tally:
    """A number the targets read: the brands counted whose column *column* holds one of *codes*.

    Declared once (:data:`COUNTED`, :data:`TALLIES`) and read by both paths:
    for the brands passed (:meth:`holds`, :meth:`of_rows`, rows of
    :func:`brand_row`) and for columns of them (:meth:`mask`,
    :meth:`of_columns`, numpy), each meaning beside the other.
    """

    #: The tally's name, e.g. ``"held.national"`` or ``"category.skilled"``.
    name: str
    #: The column read, and the codes counted.
    column: str
    codes: frozenset[int] = attrs.field(converter=_as_codes)

    def holds(self, row: Mapping[str, int]) -> bool:
        """Whether *row* has one of the codes."""
        return row[self.column] in self.codes

    def of_rows(self, rows: Iterable[Mapping[str, int]]) -> int:
        """How many of *rows* (the brands counted) have one of the codes."""
        return sum(1 for row in rows if row[self.column] in self.codes)

    def mask(self, columns: Mapping[str, Any]) -> Any:  # noqa: ANN401 - numpy arrays
        """Which rows of *columns* have one of the codes (a boolean array)."""
        import numpy as np

        return np.isin(columns[self.column], sorted(self.codes))

    def of_columns(self, columns: Mapping[str, Any], counted: Any) -> int:  # noqa: ANN401 - numpy arrays
        """How many rows where *counted* (a boolean mask) have one of the codes."""
        import numpy as np

        return int(np.count_nonzero(self.mask(columns) & counted))


#: The interpretation that says whether a brand that has left the resource
#: pool still counts (clause 2, read with 3.4).
EXITED_IN_TARGETS: Final = "exited_brand_targets"
#: The brands the targets count, by the reading of :data:`EXITED_IN_TARGETS`:
#: those cultivated (培育创建) by the day, whose stage on the day is past
#: ``discovered``; under ``counted`` (the default) a brand that has left the
#: resource pool still counts (its exit does not undo its cultivation), under
#: ``not_counted`` it does not. Read by the brands' path, the columns' path
#: and the simulation (:func:`counted`).
COUNTED: Final[Mapping[str, Tally]] = MappingProxyType(
    {
        "counted": Tally(
            "cultivated",
            "stage",
            (
                code
                for stage, code in STAGE_CODES.items()
                if stage is not Stage.DISCOVERED
            ),
        ),
        "not_counted": Tally(
            "cultivated",
            "stage",
            (
                code
                for stage, code in STAGE_CODES.items()
                if stage not in (Stage.DISCOVERED, Stage.EXITED)
            ),
        ),
    }
)
#: Among the brands given, whatever the reading: those only discovered on the
#: day (they count in no target), and those that had left the resource pool
#: (the total's explanation says what the reading in force did with them).
DISCOVERED: Final = Tally("discovered", "stage", STAGE_CODES[Stage.DISCOVERED])
EXITED: Final = Tally("exited", "stage", STAGE_CODES[Stage.EXITED])


def counted(policy: Policy) -> Tally:
    """The brands the targets of *policy* count: :data:`COUNTED` under the reading in force."""
    return COUNTED[policy.reading(EXITED_IN_TARGETS).reading]


def counted_stages(policy: Policy) -> frozenset[Stage]:
    """Return the lifecycle stages of a brand that the targets of *policy* count.

    A brand counts once cultivated (培育创建): every stage but
    ``discovered``. Whether a brand that has left the resource pool
    (``exited``) still counts is the interpretation
    ``exited_brand_targets``: by default it does (``counted``: clause 3.4's
    exit is from the pool, and does not undo a brand's cultivation); under
    ``not_counted`` it does not. :meth:`Policy.targets
    <labourbrand.policy.Policy.targets>`, :meth:`Policy.targets_batch
    <labourbrand.policy.Policy.targets_batch>` and the simulation count
    these stages.

    Args:
        policy: the policy, with the readings it was made with.

    Returns:
        The stages counted.

    Example:
        >>> import labourbrand as lb
        >>> from labourbrand.policy import Policy
        >>> lb.Stage.EXITED in counted_stages(Policy.shaanxi(entry_points=False))
        True
        >>> listed = Policy.shaanxi(entry_points=False,
        ...     interpretations={"exited_brand_targets": "not_counted"})
        >>> sorted(s.value for s in counted_stages(listed))
        ['cultivating', 'exit_proposed', 'in_pool', 'recommended_by_city', 'recommended_by_county']

    .. versionadded:: 0.2.0
    """
    codes = counted(policy).codes
    return frozenset(stage for stage, code in STAGE_CODES.items() if code in codes)


#: Every number the targets read beyond the total and each county's count,
#: among the brands counted (:func:`counted`): those of unknown county (they
#: fill no county), those holding each recognition level on the day and those
#: that might (undated), those counting as nationally known and those that
#: might, and those of each category or of none.
TALLIES: Final = (
    Tally("no_county", "county_known", 0),
    *(
        Tally(f"held.{level.value}", column, 1)
        for level, column in LEVEL_COLUMNS.items()
    ),
    *(
        Tally(f"held.{level.value}.unknown", column, -1)
        for level, column in LEVEL_COLUMNS.items()
    ),
    Tally("national_known", "national_known", 1),
    Tally("national_known.unknown", "national_known", -1),
    *(
        Tally(f"category.{category.value}", "category", code)
        for category, code in CATEGORY_CODES.items()
    ),
    Tally("category.unknown", "category", NO_CATEGORY),
)
