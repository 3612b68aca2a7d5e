"""Dated policy parameters: the numbers of the policy texts, with their basis.

The packaged parameters live in ``labourbrand/policy/parameters/*.toml``, one
file per parameter, with the OpenFisca schema: values keyed by the ISO day they
take effect, each citing the document that set it. A value the text sets
without a number ("a batch", 一批) is :data:`UNQUANTIFIED`, never zero.

Example:
    >>> import pendulum
    >>> from labourbrand.money import Fen
    >>> from labourbrand.policy.parameters import load_parameters
    >>> params = load_parameters()
    >>> params["employment_award_cap"].value_at(pendulum.Date(2023, 1, 1)) == Fen.from_yuan(300_000)
    True
    >>> params.at(pendulum.Date(2023, 12, 1)).value("target_city_level")
    40

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from labourbrand.policy._parameters import (
    UNQUANTIFIED,
    DatedValue,
    Parameter,
    ParameterSet,
    ParameterSnapshot,
    ParameterValue,
    Plausible,
    Unit,
    Unquantified,
    load_parameters,
    parse_parameter,
)


__all__ = [
    "UNQUANTIFIED",
    "DatedValue",
    "Parameter",
    "ParameterSet",
    "ParameterSnapshot",
    "ParameterValue",
    "Plausible",
    "Unit",
    "Unquantified",
    "load_parameters",
    "parse_parameter",
]
