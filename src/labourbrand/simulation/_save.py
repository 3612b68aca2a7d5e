"""Saving results: every tidy table as CSV or Parquet, with a metadata file (private).

The tables are those of :meth:`Results.to_pandas`; money stays in integer
fen (``amount_fen``), and an undetermined amount stays missing, never zero.
"""

from __future__ import annotations

import importlib
import pathlib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, cast, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand.exceptions import InvalidArgumentError
from labourbrand.simulation._results import TABLES, Results


__all__ = ["FORMATS", "ResultsMetadata", "TargetRequirement", "save"]

#: The formats :func:`save` writes, as file suffixes.
FORMATS: Final = ("csv", "parquet")
#: The file describing the saved results.
METADATA: Final = "metadata.json"


def _names(
    value: object, *, field: str, allowed: tuple[str, ...], example: str
) -> tuple[str, ...]:
    """Check an iterable of names, each among *allowed*; keep their first order."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Expected an iterable of names among {', '.join(allowed)}, such as {example}, but got {field}={value!r} (type={type(value).__name__})"
        raise InvalidArgumentError(msg, field=field)
    names = tuple(dict.fromkeys(value))
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        msg = f"Expected names among {', '.join(allowed)} but got {field}={value!r}"
        raise InvalidArgumentError(msg, field=field)
    return names


def _require_pyarrow() -> None:
    try:
        importlib.import_module("pyarrow")
    except ImportError as exc:
        msg = "Expected pyarrow to write Parquet files but it is not installed: pip install 'labourbrand[parquet]' (or pass formats=('csv',))"
        raise InvalidArgumentError(msg, field="formats") from exc


@final
@attrs.frozen(kw_only=True)
class TargetRequirement:
    """What a target asks, as saved results record it: its clause and number.

    .. versionadded:: 0.2.0
    """

    #: The clause id.
    clause: str
    #: The number required on the deadline; ``None`` if not in force then.
    required: int | None


def _targets(value: Mapping[str, TargetRequirement]) -> Mapping[str, TargetRequirement]:
    return MappingProxyType(dict(value))


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class ResultsMetadata:
    """What ``metadata.json`` of saved results records: the run and the files beside it.

    :func:`save` writes it with :func:`~labourbrand.serialization.to_json`;
    :func:`~labourbrand.serialization.from_json` reads it back equal.

    Example:
        >>> import tempfile, pathlib
        >>> from labourbrand.serialization import from_json
        >>> from labourbrand.simulation import Scenario, run
        >>> results = run(Scenario("baseline"), runs=5)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _ = save(results, folder, tables=["money"])
        ...     text = (pathlib.Path(folder) / "metadata.json").read_text(encoding="utf-8")
        >>> meta = from_json(text, ResultsMetadata)
        >>> meta == ResultsMetadata.of(results, files=["money.csv"])
        True
        >>> meta.runs, meta.money_unit, meta.targets["target_brands_total"].required
        (5, 'fen', 100)

    .. versionadded:: 0.2.0
    """

    #: The scenario's name.
    scenario: str
    #: The seed.
    seed: int
    #: The number of runs.
    runs: int
    #: The first month simulated, ``YYYY-MM``.
    first_month: str
    #: The last month simulated, ``YYYY-MM``.
    last_month: str
    #: The targets' deadline, if any.
    deadline: pendulum.Date | None = attrs.field(converter=check.optional_day_deadline)
    #: The fund the money is paid from.
    fund: str
    #: The unit of every amount in the tables.
    money_unit: str = "fen"
    #: Whether any award had an amount (a plugin rule set one).
    amounts_determined: bool
    #: The plugin rules that set the amounts (illustrative ones say so).
    amount_suppliers: tuple[str, ...] = attrs.field(converter=_texts)
    #: Each target's clause and number, by name.
    targets: Mapping[str, TargetRequirement] = attrs.field(
        converter=_targets, hash=False
    )
    #: The files written beside it.
    files: tuple[str, ...] = attrs.field(converter=_texts)

    @classmethod
    def of(cls, results: Results, *, files: Iterable[str] = ()) -> ResultsMetadata:
        """The metadata of *results*, saved with *files*."""
        return cls(
            scenario=results.scenario,
            seed=results.seed,
            runs=results.runs,
            first_month=results.days[0].isoformat()[:7],
            last_month=results.days[-1].isoformat()[:7],
            deadline=results.deadline,
            fund=results.fund,
            amounts_determined=results.amounts_determined,
            amount_suppliers=results.suppliers,
            targets={
                t.name: TargetRequirement(clause=t.clause, required=t.required)
                for t in results.targets
            },
            files=tuple(files),
        )


def save(
    results: Results,
    directory: str | pathlib.Path,
    *,
    formats: Iterable[str] = ("csv",),
    tables: Iterable[str] = TABLES,
) -> list[pathlib.Path]:
    """Write each tidy table of *results* to *directory*, with ``metadata.json``.

    Each table of :meth:`Results.to_pandas` (``stages``, ``counties``,
    ``categories``, ``recognitions``, ``awards``, ``money``,
    ``award_events``, ``targets``) becomes ``<table>.csv`` and, if asked,
    ``<table>.parquet``; existing files are replaced. Months are written as
    ``2025-12``, money in integer fen, an undetermined amount as an empty
    cell (CSV) or a null (Parquet). ``metadata.json`` records the scenario,
    seed, runs, months, the fund, the plugin rules that set the amounts (an
    illustrative rule says so) and the targets: a :class:`ResultsMetadata`,
    which :func:`~labourbrand.serialization.from_json` reads back.

    The ``counties`` table has runs x months x 107 rows: for many runs, pass
    *tables* without it.

    Args:
        results: one scenario's results.
        directory: where to write; created if missing.
        formats: any of ``"csv"`` and ``"parquet"`` (needs pyarrow, extra
            ``parquet``).
        tables: the tables to write, by default all of them.

    Returns:
        The paths written, table by table, then ``metadata.json``.

    Raises:
        InvalidArgumentError: not results, an unknown format or table, or
            Parquet asked for without pyarrow installed (nothing is written).

    Example:
        >>> import tempfile
        >>> from labourbrand.simulation import Scenario, run
        >>> results = run(Scenario("baseline"), runs=5)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [p.name for p in save(results, folder, tables=["stages", "money"])]
        ['stages.csv', 'money.csv', 'metadata.json']

    .. versionadded:: 0.1.0
    """
    if not isinstance(cast("object", results), Results):  # checked at run time too
        msg = f"Expected Results but got results={results!r} (type={type(results).__name__})"
        raise InvalidArgumentError(msg, field="results")
    chosen_formats = _names(
        formats, field="formats", allowed=FORMATS, example="('csv', 'parquet')"
    )
    chosen_tables = _names(tables, field="tables", allowed=TABLES, example="['money']")
    if "parquet" in chosen_formats:
        _require_pyarrow()
    folder = pathlib.Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[pathlib.Path] = []
    for table in chosen_tables:
        frame = results.to_pandas(table)
        for suffix in chosen_formats:
            path = folder / f"{table}.{suffix}"
            if suffix == "csv":
                frame.to_csv(path, index=False)
            else:
                frame.to_parquet(path, index=False, engine="pyarrow")
            written.append(path)
    metadata = folder / METADATA
    from labourbrand.serialization import to_json

    described = ResultsMetadata.of(results, files=[p.name for p in written])
    metadata.write_text(to_json(described, indent=2) + "\n", encoding="utf-8")
    written.append(metadata)
    return written
