"""What a simulation assumes: the :class:`Scenario` (private).

A :class:`Scenario` names what differs from the province as it is: parameter
overrides (a reform of the threshold or the cap), city plugins (their award
rules), the model's :class:`~labourbrand.simulation.Assumptions`, the known
brands it starts from, and its dates.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._model import (
    Brand,
)
from labourbrand.dates import PLAUSIBLE_DAYS
from labourbrand.exceptions import (
    InvalidArgumentError,
)
from labourbrand.money import Fen
from labourbrand.policy import (
    Policy,
)
from labourbrand.policy.parameters import load_parameters
from labourbrand.regions import RegionRegistry
from labourbrand.simulation._assumptions import Assumptions, as_assumptions


__all__ = ["DEFAULT_HORIZON", "DEFAULT_START", "Scenario"]

#: The day the 2022 opinions took effect, the default start.
DEFAULT_START: Final = pendulum.Date(2022, 4, 29)
#: The end of the 14th Five-Year Plan, the targets' deadline, the default horizon.
DEFAULT_HORIZON: Final = pendulum.Date(2025, 12, 31)


def _day(
    _instance: object, attribute: attrs.Attribute[Any], value: pendulum.Date
) -> None:
    if value not in PLAUSIBLE_DAYS:
        msg = (
            f"Expected {attribute.name} from {PLAUSIBLE_DAYS.first_day.isoformat()} to "
            f"{PLAUSIBLE_DAYS.last_day.isoformat()} but got {attribute.name}={value.isoformat()!r}"
        )
        raise InvalidArgumentError(msg, field=attribute.name)


def _as_in_a_file(value: object) -> object:
    """An override as a scenario file holds it: money in int fen, a day as ``YYYY-MM-DD``.

    A marker such as :data:`~labourbrand.policy.parameters.UNQUANTIFIED` is
    its text. So a scenario read back from its JSON or its file equals it.
    """
    if isinstance(value, Fen):
        return value.amount
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _mapping(value: Any) -> Mapping[str, object]:  # noqa: ANN401 - anything a caller passed
    if not isinstance(value, Mapping):
        msg = f"Expected a mapping of parameter names to values but got parameters={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="parameters")
    return MappingProxyType({k: _as_in_a_file(v) for k, v in value.items()})


def _objects(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(value)


def _brands(value: Any) -> tuple[Brand, ...] | None:  # noqa: ANN401 - anything a caller passed
    if value is None:
        return None
    items = tuple(value)
    for item in items:
        if not isinstance(item, Brand):
            msg = f"Expected Brand values but got brands item {item!r} (type={type(item).__name__})"
            raise InvalidArgumentError(msg, field="brands")
    names = [b.name_zh for b in items]
    if len(set(names)) != len(names):
        msg = "Expected each brand once (a brand's name is its identity) but got a name twice"
        raise InvalidArgumentError(msg, field="brands")
    return items


def _registry(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if value is not None and not isinstance(value, RegionRegistry):
        msg = f"Expected a RegionRegistry or None but got {attribute.name}={value!r}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - anything a caller passed
    if type(value) is not bool:
        msg = f"Expected a bool but got {attribute.name}={value!r}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _names(value: object) -> tuple[str, ...]:
    """Plugin names: a collection of strings, not one string."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Expected a collection of plugin names but got {value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="block")
    names = tuple(value)
    if not all(isinstance(name, str) for name in names):
        msg = f"Expected plugin names (str) but got {names!r}"
        raise InvalidArgumentError(msg, field="block")
    return names


def _paths(value: object) -> tuple[str, ...]:
    """Rule-file paths: a collection of paths, not one path (as ``Policy.shaanxi`` takes them)."""
    if isinstance(value, str | os.PathLike) or not isinstance(value, Iterable):
        msg = f"Expected a collection of rule-file paths but got rule_files={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field="rule_files")
    paths = tuple(value)
    if not all(isinstance(path, str | os.PathLike) for path in paths):
        msg = f"Expected rule-file paths (str or os.PathLike) but got rule_files={paths!r}"
        raise InvalidArgumentError(msg, field="rule_files")
    return tuple(os.fspath(path) for path in paths)


def _optional_names(value: object) -> tuple[str, ...] | None:
    try:
        return None if value is None else _names(value)
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(
            str(exc).replace("block", "allow"), field="allow"
        ) from None


def _readings(value: Mapping[str, str]) -> Mapping[str, str]:
    """A read-only copy of the chosen readings (checked when the policy is built)."""
    given: object = value  # callers may pass anything at run time
    if not isinstance(given, Mapping):
        msg = f"Expected a mapping of interpretation id to reading id but got interpretations={value!r}"
        raise InvalidArgumentError(msg, field="interpretations")
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


@final
@attrs.frozen
class Scenario:
    """What a simulation assumes: a name, overrides, plugins, population and dates.

    Args:
        name: what the scenario is called in results and comparisons.
        assumptions: the model's rates and delays, or a mapping of overrides
            of the defaults (see :class:`Assumptions`).
        parameters: overrides of the policy's dated parameters, e.g.
            ``{"employment_award_threshold": 300}`` (see
            :meth:`~labourbrand.policy.parameters.ParameterSet.with_overrides`);
            held as a scenario file holds them: money as an ``int`` of fen, a
            day as ``"YYYY-MM-DD"``.
        parameters_from: the day the overrides take effect; by default each
            parameter's first day (as if the text had said so from the start).
        plugins: city plugins whose rules set the award amounts (none: the
            amounts are undetermined, delegated to the cities).
        rule_files: rule files (TOML, :doc:`/reference/rule-files`), or
            folders of them, read when the policy is built, each as a plugin
            named after its file, as :meth:`Policy.shaanxi
            <labourbrand.policy.Policy.shaanxi>` reads its ``rule_files``;
            relative paths are relative to the current folder (in a scenario
            file, to the file's folder).
        entry_points: also load the plugins installed under the ``labourbrand``
            entry-point group (off by default, so that a run does not depend
            on what happens to be installed).
        allow: with *entry_points*, the installed plugins that may load
            (``None``: all, or those of ``LABOURBRAND_PLUGINS_ALLOW``).
        block: plugin names that never load.
        strict: raise on the first installed plugin that fails, instead of
            skipping it with a warning.
        interpretations: readings chosen for contested passages of the text,
            by interpretation id (``labourbrand interpretations`` lists them);
            the others are read by their default.
        brands: the known brands the population starts from; by default the
            packaged real brands (:func:`labourbrand.brands.packaged`).
        regions: a region registry (e.g. with corrected designations).
        start: the first day simulated (month by month from its month).
        horizon: the last day simulated; any day after *start*. Both are
            days of :data:`~labourbrand.dates.PLAUSIBLE_DAYS` (a horizon in
            2199 is refused); how many runs fit to a far horizon is bounded
            by :func:`run`'s *max_memory*.

    Example:
        >>> reform = Scenario("threshold 300", parameters={"employment_award_threshold": 300})
        >>> reform.horizon.isoformat(), reform.parameters["employment_award_threshold"]
        ('2025-12-31', 300)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *rule_files*.
    """

    name: str = attrs.field(validator=check.name)
    assumptions: Assumptions = attrs.field(
        factory=Assumptions, converter=as_assumptions, kw_only=True
    )
    parameters: Mapping[str, object] = attrs.field(
        factory=dict, converter=_mapping, kw_only=True
    )
    parameters_from: pendulum.Date | None = attrs.field(
        default=None,
        converter=check.optional_day_parameters_from,
        validator=attrs.validators.optional(_day),
        kw_only=True,
    )
    plugins: tuple[object, ...] = attrs.field(
        default=(), converter=_objects, kw_only=True
    )
    rule_files: tuple[str, ...] = attrs.field(
        default=(), converter=_paths, kw_only=True
    )
    entry_points: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    allow: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_names, kw_only=True
    )
    block: tuple[str, ...] = attrs.field(default=(), converter=_names, kw_only=True)
    strict: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    interpretations: Mapping[str, str] = attrs.field(
        factory=dict, converter=_readings, kw_only=True
    )
    brands: tuple[Brand, ...] | None = attrs.field(
        default=None, converter=_brands, kw_only=True
    )
    regions: RegionRegistry | None = attrs.field(
        default=None, validator=_registry, kw_only=True
    )
    start: pendulum.Date = attrs.field(
        default=DEFAULT_START, converter=check.day_start, validator=_day, kw_only=True
    )
    horizon: pendulum.Date = attrs.field(
        default=DEFAULT_HORIZON,
        converter=check.day_horizon,
        validator=_day,
        kw_only=True,
    )

    def __attrs_post_init__(self) -> None:
        if self.horizon < self.start:
            msg = f"Expected horizon >= start={self.start.isoformat()} but got horizon={self.horizon.isoformat()!r}"
            raise InvalidArgumentError(msg, field="horizon")

    @classmethod
    def from_toml(
        cls,
        text: str | bytes,
        *,
        source: str = "<scenario>",
        entry_points: bool = True,
        directory: str | os.PathLike[str] | None = None,
    ) -> Scenario:
        """Read a scenario file: ``name``, dates, overrides, readings, rule files, plugin lists.

        The keys are ``name`` and optionally ``start``, ``horizon`` and
        ``parameters_from`` (days, ``2025-12-31`` or ``"2025-12-31"``), a
        ``[parameters]`` table (parameter name = value; money in fen), an
        ``[assumptions]`` table (a field of :class:`Assumptions` = value), an
        ``[interpretations]`` table (interpretation id = reading id),
        ``rule_files`` (an array of rule files or folders of them, relative
        to the scenario file's folder; :doc:`/reference/rule-files`), and
        ``allow`` and ``block`` (arrays of plugin names, as
        the *allow* and *block* arguments), as ``labourbrand simulate
        --scenario FILE`` and ``labourbrand compare`` read them. For a file,
        pass its bytes and its name: ``Scenario.from_toml(path.read_bytes(),
        source=str(path))``; its rule files are then read from its folder.

        Args:
            text: the TOML text, or its UTF-8 bytes.
            source: where the text came from (a file name), for messages.
            entry_points: also load the city plugins installed under the
                ``labourbrand`` entry-point group, as the command does.
            directory: the folder relative ``rule_files`` are read from; by
                default the folder of *source* (the current folder for
                ``"<scenario>"``).

        Raises:
            DataError: the text is not UTF-8 TOML, or keys are missing, unknown
                or bad; every one is listed with its path, such as
                ``… @ $.parameters.employment_award_threshold``.
            PolicyDataError: a rule file is missing or bad: the error of
                :func:`~labourbrand.plugins.read_rule_files`, naming the rule
                file and the path of each bad key in it. The rule files are
                read here, so that a bad one stops the scenario before any run.

        Example:
            >>> reform = Scenario.from_toml('''
            ... name = "threshold 300"
            ... horizon = 2024-12-31
            ... [parameters]
            ... employment_award_threshold = 300
            ... ''')
            >>> reform.name, reform.horizon.isoformat(), dict(reform.parameters)
            ('threshold 300', '2024-12-31', {'employment_award_threshold': 300})
            >>> Scenario.from_toml('''
            ... name = "x"
            ... [parameters]
            ... threshold = 300
            ... ''')
            Traceback (most recent call last):
            ...
            labourbrand.exceptions.DataError: <scenario>: 1 invalid field
              <scenario>: Expected a parameter name among ... @ $.parameters.threshold

        .. versionadded:: 0.2.0
        """
        from labourbrand.simulation._scenario_file import scenario_from_toml

        return scenario_from_toml(
            cls, text, source=source, entry_points=entry_points, directory=directory
        )

    @staticmethod
    def json_schema() -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of a scenario file's data, as :meth:`from_toml` reads it.

        The file's TOML read as JSON, its days written ``"YYYY-MM-DD"``:
        ``labourbrand schema Scenario`` prints it. Generated from the class
        the file is read into, the parameters' units, the fields of
        :class:`Assumptions` and the readings of each interpretation.

        Example:
            >>> schema = Scenario.json_schema()
            >>> schema["$defs"]["_ScenarioFile"]["required"]
            ['name']

        .. versionadded:: 0.2.0
        """
        from labourbrand.simulation._scenario_file import scenario_file_schema

        return scenario_file_schema()

    def to_toml(self) -> str:
        """Write the scenario as the scenario file :meth:`from_toml` reads back equal.

        ``name``, the days, the rule files and plugin lists, the parameter
        overrides (money in fen, days as TOML dates), the assumptions that
        differ from the defaults and the readings chosen. ``Scenario.from_toml(scenario.to_toml(),
        entry_points=scenario.entry_points) == scenario``.

        Raises:
            InvalidArgumentError: the scenario has what a scenario file
                cannot hold: plugin objects, brands, a region registry or
                ``strict`` (write it as JSON with
                :func:`labourbrand.serialization.to_json`), or an override of
                another type than a bool, a number, text or a day.

        Example:
            >>> reform = Scenario("threshold 300", parameters={"employment_award_threshold": 300},
            ...                   assumptions={"growth_mean": 0.02}, horizon="2024-12-31")
            >>> print(reform.to_toml())
            name = "threshold 300"
            start = 2022-04-29
            horizon = 2024-12-31
            <BLANKLINE>
            [parameters]
            employment_award_threshold = 300
            <BLANKLINE>
            [assumptions]
            growth_mean = 0.02
            <BLANKLINE>
            >>> Scenario.from_toml(reform.to_toml(), entry_points=False) == reform
            True

        .. versionadded:: 0.2.0
        """
        from labourbrand.simulation._scenario_write import scenario_to_toml

        return scenario_to_toml(self)

    def policy(self) -> Policy:
        """Return the scenario's policy: parameters with the overrides, its plugins.

        Raises:
            InvalidArgumentError: an override names no parameter or does not fit it.
            PolicyDataError: a rule file of *rule_files* is missing or bad.
            PluginError: a plugin failed to register or to supply its rules.
        """
        parameters = load_parameters()
        if self.parameters:
            parameters = parameters.with_overrides(
                self.parameters,
                from_day=self.parameters_from,
                reference=f"scenario {self.name!r}",
            )
        return Policy.shaanxi(
            plugins=self.plugins,
            rule_files=self.rule_files,
            entry_points=self.entry_points,
            allow=self.allow,
            block=self.block,
            strict=self.strict,
            parameters=parameters,
            regions=self.regions,
            interpretations=self.interpretations,
        )
