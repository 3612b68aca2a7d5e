"""Starting the service: the policy built once, the ledger opened, uvicorn run (private)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Final, final

import attrs

from labourbrand.exceptions import InvalidArgumentError
from labourbrand.service._limits import DEFAULT_MAX_BODY, DEFAULT_MAX_DEPTH, Limits


if TYPE_CHECKING:
    from collections.abc import Collection

    from starlette.applications import Starlette

    from labourbrand.ledger import LedgerStore
    from labourbrand.service._app import Service


__all__ = [
    "ServeConfig",
    "app_from_environment",
    "build_service",
    "open_ledger",
    "serve",
]

#: Where a worker process finds the configuration (JSON) of the service it serves.
CONFIG_ENV: Final = "LABOURBRAND_SERVE_CONFIG"
#: The entry-point group of installed plugins.
_GROUP: Final = "labourbrand"


def _names(value: Collection[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _block(value: Collection[str]) -> tuple[str, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class ServeConfig:
    """What a service is built from: the plugin selection, the ledger, the limits.

    .. versionadded:: 0.2.0
    """

    #: Rule files (or folders of them) to load, each as a plugin named after its file.
    #:
    #: .. versionadded:: 0.2.0
    rule_files: tuple[str, ...] = attrs.field(default=(), converter=_block)
    #: Load the installed plugins: the ``labourbrand`` entry-point group and
    #: the rule files of ``LABOURBRAND_RULES``.
    entry_points: bool = True
    #: Entry-point names that may load; ``None`` for all.
    allow: tuple[str, ...] | None = attrs.field(default=None, converter=_names)
    #: Plugin names that never load.
    block: tuple[str, ...] = attrs.field(default=(), converter=_block)
    #: Refuse to start when an installed plugin fails to load.
    strict: bool = False
    #: The ledger's URL (``sqlite:///path``, ``postgresql://…``), or ``None``.
    ledger: str | None = None
    #: The largest request body, in bytes.
    max_body: int = DEFAULT_MAX_BODY
    #: The deepest nesting of a request's JSON.
    max_depth: int = DEFAULT_MAX_DEPTH


def check_plugin_names(config: ServeConfig, *, passed: Collection[str] = ()) -> None:
    """Refuse a name in *allow* or *block* that no plugin has: a typo would load the wrong set.

    The plugins are the installed ones (entry points and the rule files of
    ``LABOURBRAND_RULES``) and, for *block*, those of the rule files passed.

    Raises:
        InvalidArgumentError: naming the unknown names and the installed ones.
    """
    from labourbrand.plugins import installed_names

    installed = sorted(installed_names())
    for option, names in (("allow", config.allow or ()), ("block", config.block)):
        known = {*installed, *passed} if option == "block" else set(installed)
        unknown = [n for n in names if n not in known]
        if unknown:
            msg = (
                f"Expected names of installed plugins (entry-point group {_GROUP} "
                f"and the rule files of LABOURBRAND_RULES: "
                f"{', '.join(installed) or 'none installed'}) but got --{option} "
                f"{', '.join(unknown)}"
            )
            raise InvalidArgumentError(msg, field=option)


def open_ledger(url: str | None) -> tuple[LedgerStore | None, str | None]:
    """The ledger store of *url* and its kind: ``sqlite:///path`` or ``postgresql://…``.

    ``sqlite:///ledger.db`` is a path relative to the working directory,
    ``sqlite:////var/lib/ledger.db`` an absolute one.

    Raises:
        InvalidArgumentError: not such a URL.
        LedgerError: the store cannot be opened.
    """
    if url is None:
        return None, None
    from labourbrand import ledger

    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return ledger.SQLiteLedger(url.removeprefix("sqlite:///")), "sqlite"
    if url.startswith(("postgresql://", "postgres://")):
        return ledger.PostgresLedger(url), "postgresql"
    msg = f"Expected a ledger URL sqlite:///PATH or postgresql://... but got {url!r}"
    raise InvalidArgumentError(msg, field="ledger")


def build_service(config: ServeConfig) -> Service:
    """The service of *config*: its policy built once, its ledger opened.

    Raises:
        InvalidArgumentError: an unknown plugin name, or a bad ledger URL.
        PolicyDataError: a rule file of ``rule_files`` is missing or bad.
        PluginError: with ``strict``, an installed plugin failed to load.
        LedgerError: the ledger cannot be opened.
    """
    from labourbrand.plugins import read_rule_files
    from labourbrand.policy import Policy
    from labourbrand.service._app import Service

    files = read_rule_files(config.rule_files)
    check_plugin_names(config, passed=[f.name for f in files])
    policy = Policy.shaanxi(
        plugins=files,
        entry_points=config.entry_points,
        allow=config.allow,
        block=config.block,
        strict=config.strict,
    )
    store, kind = open_ledger(config.ledger)
    limits = Limits(max_body=config.max_body, max_depth=config.max_depth)
    return Service(policy=policy, ledger=store, ledger_kind=kind, limits=limits)


def app_from_environment() -> Starlette:
    """The app of the configuration in ``LABOURBRAND_SERVE_CONFIG``: what each worker process serves."""
    from labourbrand.service._app import create_app

    config = ServeConfig(**json.loads(os.environ[CONFIG_ENV]))
    return create_app(build_service(config))


def serve(  # noqa: PLR0913 - the command's options
    config: ServeConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    access_log: bool = True,
    log_level: str = "info",
) -> None:
    """Build the service of *config* and serve it until interrupted.

    The policy is built here first, so that a bad plugin selection or ledger
    stops the command before it listens; with several *workers*, each worker
    process builds its own from the same configuration.

    Raises:
        InvalidArgumentError: an unknown plugin name, or a bad ledger URL.
        PolicyDataError: a rule file of ``rule_files`` is missing or bad.
        PluginError: with ``strict``, an installed plugin failed to load.
        LedgerError: the ledger cannot be opened.
    """
    import uvicorn

    from labourbrand.service._app import create_app

    service = build_service(config)
    options = {
        "host": host,
        "port": port,
        "access_log": access_log,
        "log_level": log_level,
        "lifespan": "off",
    }
    if workers == 1:
        uvicorn.run(create_app(service), **options)  # type: ignore[arg-type]
        return
    os.environ[CONFIG_ENV] = json.dumps(attrs.asdict(config))
    uvicorn.run(
        "labourbrand.service._serve:app_from_environment",
        factory=True,
        workers=workers,
        **options,  # type: ignore[arg-type]
    )
