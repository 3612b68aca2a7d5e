"""A policy's version: a digest of everything a decision can depend on (private)."""

from __future__ import annotations

import enum
import hashlib
from typing import TYPE_CHECKING, Any

import attrs
import pendulum


if TYPE_CHECKING:
    from collections.abc import Iterable


def _text(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """*value* as text that is the same in every process (no memory addresses)."""
    cls: Any = type(value)
    if attrs.has(cls):
        fields = ", ".join(
            f"{a.name}={_text(getattr(value, a.name))}" for a in attrs.fields(cls)
        )
        return f"{type(value).__qualname__}({fields})"
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, tuple | list | frozenset | set):
        items = [_text(v) for v in value]
        if isinstance(value, frozenset | set):
            items.sort()
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(sorted(f"{_text(k)}: {_text(v)}" for k, v in value.items()))
            + "}"
        )
    if isinstance(value, pendulum.Date):
        return value.isoformat()
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def fingerprint(
    *, library: str, documents: Iterable[str], parts: Iterable[object]
) -> str:
    """``"<library version>:<document ids>:<digest>"`` of the policy's parts.

    The digest covers the dated parameters, every plugin's rules (plugin
    name, version, jurisdiction, values; a formula by its qualified name)
    and the regions' designations: two policies with the same version
    decide every measure the same way.
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(_text(part).encode())
        digest.update(b"\x1e")
    return f"{library}:{'+'.join(documents)}:{digest.hexdigest()[:16]}"
