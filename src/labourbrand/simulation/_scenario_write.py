"""Writing a :class:`Scenario` as the scenario file it reads back from (private).

The inverse of :mod:`labourbrand.simulation._scenario_file`: ``name``, the
days, a ``[parameters]`` table of the overrides (money in fen, days as TOML
dates), an ``[assumptions]`` table of the assumptions that differ from the
defaults, an ``[interpretations]`` table of the readings chosen, and the
rule files and plugin lists. What a scenario file cannot hold (plugin
objects, brands, a region registry and strictness) is refused, naming it:
such a scenario is written as JSON (:func:`labourbrand.serialization.to_json`)
or not at all.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Final

import attrs

from labourbrand.dates import parse_date
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.simulation._assumptions import Assumptions


if TYPE_CHECKING:
    from collections.abc import Mapping

    from labourbrand.simulation._scenario import Scenario


__all__ = ["scenario_to_toml"]

#: The fields a scenario file does not hold, with their default (the only value written).
_NOT_IN_A_FILE: Final = {
    "plugins": (),
    "brands": None,
    "regions": None,
    "strict": False,
}
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+", re.ASCII)
_ISO_DAY_LEN: Final = len("2025-12-31")


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def _value(value: object, where: str) -> str:
    """*value* as TOML: a bool, an int, a float, a day, text, or an array of them."""
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is float:
        return repr(value)
    if isinstance(value, str):
        if len(value) == _ISO_DAY_LEN:
            try:
                return parse_date(value).isoformat()  # a TOML local date
            except InvalidArgumentError:
                pass
        return json.dumps(value, ensure_ascii=False)  # a basic string
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v, where) for v in value) + "]"
    msg = f"Expected a value a scenario file can hold (bool, int, float, text, a day) but got {where}={value!r} (type={type(value).__name__})"
    raise InvalidArgumentError(msg, field=where)


def _strings(values: tuple[str, ...]) -> str:
    """An array of TOML basic strings (never days, whatever the text)."""
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _table(name: str, values: Mapping[str, object]) -> list[str]:
    if not values:
        return []
    lines = ["", f"[{name}]"]
    lines += [f"{_key(k)} = {_value(v, f'{name}.{k}')}" for k, v in values.items()]
    return lines


def scenario_to_toml(scenario: Scenario) -> str:
    """The text of the scenario file of *scenario* (see :meth:`Scenario.to_toml`)."""
    for name, default in _NOT_IN_A_FILE.items():
        if getattr(scenario, name) != default:
            msg = (
                f"Expected a scenario a file can hold but it has {name}: a scenario "
                f"file holds no {name}; write the scenario as JSON, or pass them "
                "when the file is read"
            )
            raise InvalidArgumentError(msg, field=name)
    lines = [f"name = {_value(scenario.name, 'name')}"]
    for key in ("start", "horizon", "parameters_from"):
        day = getattr(scenario, key)
        if day is not None:
            lines.append(f"{key} = {day.isoformat()}")
    for key in ("rule_files", "allow", "block"):
        strings = getattr(scenario, key)
        if strings:  # () and None are the defaults; allow = [] is not
            lines.append(f"{key} = {_strings(strings)}")
        elif strings is not None and key == "allow":
            lines.append("allow = []")
    defaults = Assumptions()
    changed = {
        a.name: getattr(scenario.assumptions, a.name)
        for a in attrs.fields(Assumptions)
        if getattr(scenario.assumptions, a.name) != getattr(defaults, a.name)
    }
    lines += _table("parameters", scenario.parameters)
    lines += _table("assumptions", changed)
    lines += _table("interpretations", scenario.interpretations)
    return "\n".join(lines) + "\n"
