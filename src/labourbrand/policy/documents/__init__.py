"""The packaged policy documents, each declared as data.

- :mod:`~labourbrand.policy.documents.shaanxi_2022_13`: 陕人社发〔2022〕13号, its
  clauses, parameters, measures and checks (``shaanxi_2022_13.document()``);
- :mod:`~labourbrand.policy.documents.shaanxi_2023_35`: the 2023 programme, which
  adds target numbers from 2023-12-01.

A document of another province (or a national one) is declared the same way,
with :class:`~labourbrand.policy.PolicyDocument` and
:class:`~labourbrand.policy.MeasureSpec`, and passed to
:class:`~labourbrand.policy.Policy`; the interpreter holds no Shaanxi fact.

Example:
    >>> [d.id for d in packaged_documents()]
    ['shaanxi-2022-13', 'shaanxi-2023-35']
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from labourbrand.policy.documents import shaanxi_2022_13, shaanxi_2023_35


if TYPE_CHECKING:
    from labourbrand.policy._document import PolicyDocument
    from labourbrand.policy._parameters import ParameterSet


__all__ = [
    "packaged_documents",
    "packaged_parameters",
    "shaanxi_2022_13",
    "shaanxi_2023_35",
]


def packaged_documents() -> tuple[PolicyDocument, ...]:
    """The packaged documents: the 2022 opinions first, then the 2023 programme.

    .. versionadded:: 0.2.0
    """
    return (shaanxi_2022_13.document(), shaanxi_2023_35.document())


@functools.cache
def packaged_parameters() -> ParameterSet:
    """Every packaged document's parameters, a later document's values added from its first day.

    .. versionadded:: 0.2.0
    """
    from labourbrand.policy._document import layer_parameters

    first, *later = packaged_documents()
    assert first.parameters_loader is not None  # noqa: S101 - packaged documents have them
    return layer_parameters(
        first.parameters_loader(),
        *(d.parameters_loader() for d in later if d.parameters_loader is not None),
    )
