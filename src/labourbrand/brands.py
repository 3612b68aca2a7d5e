"""Labour brands (劳务品牌) and the facts kept about them.

A :class:`Brand` is a frozen value: its county, :class:`Category` (clause 3.2),
:class:`Maturity` (clause 3.1), :class:`CreatingUnit`, dated
:class:`WorkforceObservation` head counts, :class:`Recognition` levels,
whether it is nationally known (全国知名), trademark and charter facts, and its lifecycle :class:`~labourbrand.lifecycle.Stage`
with the audit trail that led there.

:func:`packaged` returns the real Shaanxi brands shipped with the library
(see ``labourbrand/data/SOURCES.md``). No source gives their categories,
creating units or head counts, so those stay unknown (``None``).

Example:
    >>> from labourbrand import brands
    >>> ziyang = brands.by_name("紫阳修脚师")
    >>> ziyang.county, ziyang.place_basis.zh, ziyang.nationally_known, ziyang.recognitions
    ('610924', '据品牌名称推断', True, ())
    >>> len(brands.packaged())
    26
"""

from __future__ import annotations

import functools
from typing import final

import attrs

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
    normalise_name,
)
from labourbrand.exceptions import InvalidArgumentError


@final
@attrs.frozen(kw_only=True)
class ReportedFigure:
    """An outcome figure reported by a public source, e.g. 158 brands by 2025-12.

    Example:
        >>> from labourbrand.brands import reported
        >>> [f.value for f in reported("labour_brands_total")]
        [158, 168]

    .. versionadded:: 0.1.0
    """

    #: When the figure applies, as the source gives it (``"2025-12"``, ``"2026-01-21"``).
    as_of: str
    #: What is counted, e.g. ``"labour_brands_total"``.
    metric: str
    #: The figure.
    value: int
    #: The source that reported it.
    source: str


__all__ = [
    "Brand",
    "Category",
    "CreatingUnit",
    "CreatingUnitKind",
    "Maturity",
    "PlaceBasis",
    "Recognition",
    "RecognitionLevel",
    "ReportedFigure",
    "WorkforceObservation",
    "by_name",
    "normalise_name",
    "packaged",
    "reported",
]


@functools.cache
def packaged() -> tuple[Brand, ...]:
    """Return the real Shaanxi brands shipped with the library, in file order.

    Their lifecycle stage is :attr:`~labourbrand.lifecycle.Stage.DISCOVERED`
    with an empty audit trail: the sources do not say when each was admitted.

    Raises:
        DataError: the packaged file is damaged (a bug in the distribution).

    .. versionadded:: 0.1.0
    """
    from labourbrand._files.brands import packaged_brands

    return packaged_brands()


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


@functools.cache
def _reported() -> tuple[ReportedFigure, ...]:
    from labourbrand._files.brands import packaged_figures

    return packaged_figures()


def reported(metric: str | None = None) -> tuple[ReportedFigure, ...]:
    """Return the reported outcome figures shipped with the library, oldest first.

    Args:
        metric: only figures of this metric (``"labour_brands_total"``,
            ``"provincial_labour_brands"``, ...).

    .. versionadded:: 0.1.0
    """
    figures = _reported()
    return tuple(f for f in figures if metric is None or f.metric == metric)
