"""The JSON Schemas of the interchange types: what goes to and from JSON, by name.

Every public value that :func:`labourbrand.serialization.to_json` writes and
:func:`~labourbrand.serialization.from_json` reads for another system (a
brand and its parts, a decision, a check, the targets, an exit assessment, a
payment, a rule, a reading of the text, a scenario file) has a JSON Schema
(draft 2020-12), generated from its attrs class by
:func:`labourbrand.serialization.json_schema`: one source of truth, no schema
written by hand. ``labourbrand schema`` prints them and the HTTP service
(``labourbrand serve``) builds its OpenAPI document from them.

Money is an integer of fen in every value; a display string, where one is
kept (:attr:`ParameterUse.value <labourbrand.policy.ParameterUse.value>`), sits
beside its integer (:attr:`~labourbrand.policy.ParameterUse.amount`).

This module reads the types of every room of the house (the policy, the
ledger, the simulation's scenario file), each on first use, so like the
command and the service it sits on top: nothing below imports it.

Example:
    >>> from labourbrand import schema
    >>> "Brand" in schema.names() and "Decision" in schema.names()
    True
    >>> brand = schema.schema("Brand")
    >>> brand["$schema"], brand["$ref"]
    ('https://json-schema.org/draft/2020-12/schema', '#/$defs/Brand')
    >>> brand["$defs"]["WorkforceObservation"]["required"]
    ['on', 'practitioners', 'rural', 'rural_signed']

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from labourbrand._json_schema import summary
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.serialization import json_schema


if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["TYPES", "describe", "names", "schema", "type_of"]

#: The interchange types by name: ``"module:attribute"`` of each class.
TYPES: Final[Mapping[str, str]] = {
    "AuditRecord": "labourbrand:AuditRecord",
    "Brand": "labourbrand:Brand",
    "Check": "labourbrand.policy:Check",
    "CountyFacts": "labourbrand.policy:CountyFacts",
    "CreatingUnit": "labourbrand:CreatingUnit",
    "Decision": "labourbrand.policy:Decision",
    "ExitAssessment": "labourbrand.policy:ExitAssessment",
    "ExitIndicators": "labourbrand.policy:ExitIndicators",
    "Interpretation": "labourbrand.policy:Interpretation",
    "InterpretationUse": "labourbrand.policy:InterpretationUse",
    "ParameterUse": "labourbrand.policy:ParameterUse",
    "Payment": "labourbrand.ledger:Payment",
    "PluginFailure": "labourbrand.plugins:PluginFailure",
    "PluginInfo": "labourbrand.plugins:PluginInfo",
    "Recognition": "labourbrand:Recognition",
    "ReplayReport": "labourbrand.policy:ReplayReport",
    "Rule": "labourbrand.rules:Rule",
    "RuleFile": "labourbrand.plugins:RuleFile",
    "Scenario": "labourbrand.simulation:Scenario",
    "ShowcaseSelection": "labourbrand.policy:ShowcaseSelection",
    "TargetsReport": "labourbrand.policy:TargetsReport",
    "WorkforceObservation": "labourbrand:WorkforceObservation",
}

#: The types whose JSON is not their class's fields: the schema comes from
#: the class's own ``json_schema()`` (a scenario and a rule file are read from files).
_OWN_SCHEMA: Final = frozenset({"RuleFile", "Scenario"})


def names() -> tuple[str, ...]:
    """The names of the interchange types, sorted.

    .. versionadded:: 0.2.0
    """
    return tuple(sorted(TYPES))


def type_of(name: str) -> type:
    """The class of the interchange type *name*.

    Raises:
        InvalidArgumentError: *name* is not an interchange type.

    Example:
        >>> type_of("Decision").__module__
        'labourbrand.policy._decision'

    .. versionadded:: 0.2.0
    """
    given: object = name  # callers may pass anything at run time
    where = TYPES.get(given) if isinstance(given, str) else None
    if where is None:
        msg = f"Expected one of {', '.join(names())} but got type={name!r}"
        raise InvalidArgumentError(msg, field="type")
    module, _, attribute = where.partition(":")
    found: type = getattr(importlib.import_module(module), attribute)
    return found


def describe(name: str) -> str:
    """What the interchange type *name* is, in one line: its class's summary.

    Example:
        >>> describe("Decision")
        "The policy's answer for one brand, one measure and one day, with its reasons."

    .. versionadded:: 0.2.0
    """
    return summary(type_of(name).__doc__) or name


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the interchange type *name*.

    Raises:
        InvalidArgumentError: *name* is not an interchange type.

    .. versionadded:: 0.2.0
    """
    cls = type_of(name)
    if name in _OWN_SCHEMA:
        own: dict[str, Any] = cls.json_schema()  # type: ignore[attr-defined]
        return own
    return json_schema(cls)
