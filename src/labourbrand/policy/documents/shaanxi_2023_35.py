"""陕人社发〔2023〕35号《陕西省劳务品牌培育工程实施方案》, declared as data.

The 2023 programme of the provincial HRSS and finance departments adds numbers
to the targets of 陕人社发〔2022〕13号 from its own first day (2023-12-01): at
least 10 nationally known, 20 provincial, 40 city-level and 100 county-level
brands by the end of the 14th Five-Year Plan. It grants no measure of its own
and edits nothing of the 2022 text: its values are added as dated values of
the same parameters (see :func:`~labourbrand.policy.layer_parameters`). Its
full text is not packaged; see ``data/SOURCES.md``.

Example:
    >>> from labourbrand.policy.documents import shaanxi_2023_35
    >>> doc = shaanxi_2023_35.document()
    >>> doc.parent, doc.issued.isoformat()
    ('shaanxi-2022-13', '2023-12-01')
"""

from __future__ import annotations

import functools
from typing import Final

import pendulum

from labourbrand.policy._document import PolicyDocument


__all__ = ["ID", "document"]

#: The document's id.
ID: Final = "shaanxi-2023-35"


@functools.cache
def document() -> PolicyDocument:
    """Return the 2023 programme, with the parameter values it adds (loaded on first use).

    .. versionadded:: 0.2.0
    """
    from labourbrand.policy._parameters import _packaged_layer

    return PolicyDocument(
        id=ID,
        number="陕人社发〔2023〕35号",
        number_en="Shaanxi HRSS [2023] No. 35",
        title_zh="陕西省劳务品牌培育工程实施方案",
        title_en="Implementation Plan of the Shaanxi Labour-Brand Cultivation Programme",
        issuers=("陕西省人力资源和社会保障厅", "陕西省财政厅"),
        issued=pendulum.Date(2023, 12, 1),
        parent="shaanxi-2022-13",
        parameters_loader=functools.partial(_packaged_layer, ID),
    )
