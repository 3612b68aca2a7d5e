"""Labour brands (劳务品牌) and the facts kept about them.

A :class:`Brand` is a frozen value: its county, :class:`Category` (clause 3.2),
:class:`Maturity` (clause 3.1), :class:`CreatingUnit`, dated
:class:`WorkforceObservation` head counts, :class:`Recognition` levels,
trademark and charter facts, and its lifecycle :class:`~labourbrand.lifecycle.Stage`
with the audit trail that led there.

:func:`packaged` returns the real Shaanxi brands shipped with the library
(see ``labourbrand/data/SOURCES.md``). No source gives their categories,
creating units or head counts, so those stay unknown (``None``).

Example:
    >>> from labourbrand import brands
    >>> ziyang = brands.by_name("紫阳修脚师")
    >>> ziyang.county, ziyang.recognitions[0].level.zh
    ('610924', '国家级(全国知名)')
    >>> len(brands.packaged())
    26
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from typing import Final

from labourbrand._model import (
    Brand,
    Category,
    CreatingUnit,
    CreatingUnitKind,
    Maturity,
    PlaceBasis,
    Recognition,
    RecognitionLevel,
    WorkforceObservation,
)
from labourbrand.exceptions import DataError, InvalidArgumentError


__all__ = [
    "Brand",
    "Category",
    "CreatingUnit",
    "CreatingUnitKind",
    "Maturity",
    "PlaceBasis",
    "Recognition",
    "RecognitionLevel",
    "WorkforceObservation",
    "by_name",
    "packaged",
]

# The packaged file's `level` column: national_known is the policy text's
# "全国知名" (clause 2), which the model records as a national recognition.
_LEVELS: Final = {
    "national_known": RecognitionLevel.NATIONAL,
    "provincial": RecognitionLevel.PROVINCIAL,
    "city": RecognitionLevel.CITY,
    "county": RecognitionLevel.COUNTY,
}


def _row_to_brand(row: dict[str, str]) -> Brand:
    recognitions = []
    if row["level"]:
        recognitions.append(
            Recognition(
                level=_LEVELS[row["level"]],
                year=int(row["year"]) if row["year"] else None,
                source=row["source"],
            )
        )
    return Brand(
        name_zh=row["name_zh"],
        county=row["county_code"] or None,
        place_basis=PlaceBasis(row["place_basis"]) if row["place_basis"] else None,
        recognitions=recognitions,
        source=row["source"],
    )


@functools.cache
def packaged() -> tuple[Brand, ...]:
    """Return the real Shaanxi brands shipped with the library, in file order.

    Their lifecycle stage is :attr:`~labourbrand.lifecycle.Stage.DISCOVERED`
    with an empty audit trail: the sources do not say when each was admitted.

    Raises:
        DataError: the packaged file is damaged (a bug in the distribution).

    .. versionadded:: 0.1.0
    """
    text = (resources.files("labourbrand") / "data" / "brands.csv").read_text(
        encoding="utf-8"
    )
    return _parse(text, "labourbrand/data/brands.csv")


def _parse(text: str, source: str) -> tuple[Brand, ...]:
    brands = []
    errors = []
    for i, row in enumerate(csv.DictReader(io.StringIO(text))):
        try:
            brands.append(_row_to_brand(row))
        except (InvalidArgumentError, KeyError, ValueError) as exc:
            errors.append(f"{exc} @ $[{i}]")
    if errors:
        raise DataError(source, errors)
    return tuple(brands)


def by_name(name_zh: str) -> Brand:
    """Return the packaged brand named *name_zh*.

    Raises:
        InvalidArgumentError: no packaged brand has that name.

    .. versionadded:: 0.1.0
    """
    for brand in packaged():
        if brand.name_zh == name_zh:
            return brand
    msg = f"Expected the name of a packaged brand but got name_zh={name_zh!r}"
    raise InvalidArgumentError(msg)
