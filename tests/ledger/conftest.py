"""A PostgreSQL server for the ledger tests, started and stopped by the test session.

The server runs from a temporary directory, listens on a Unix socket there
only (no TCP port), trusts local connections and holds one database. Without
PostgreSQL's binaries the tests that need it are skipped, with the reason
shown by ``-ra``; under CI (the ``CI`` variable set) they fail instead, since
``.ci/run`` installs Debian's ``postgresql``.
"""

from __future__ import annotations

import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile
from typing import TYPE_CHECKING, NoReturn

import pytest


if TYPE_CHECKING:
    from collections.abc import Iterator

DATABASE = "labourbrand_test"
PORT = 5432  # only names the socket file, in a directory of our own


def _bindir() -> pathlib.Path | None:
    """The directory of ``initdb`` and ``pg_ctl``: Debian's newest, pg_config's, or PATH's."""

    def version(bindir: pathlib.Path) -> int:
        name = bindir.parent.name
        return int(name) if name.isdigit() else 0

    debian = pathlib.Path("/usr/lib/postgresql")
    candidates = sorted(
        (initdb.parent for initdb in debian.glob("*/bin/initdb")),
        key=version,
        reverse=True,
    )
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(pathlib.Path(found.stdout.strip()))
    if initdb := shutil.which("initdb"):
        candidates.append(pathlib.Path(initdb).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def _unavailable(reason: str) -> NoReturn:
    """Skip with *reason*, or fail under CI, where the server must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests", pytrace=False)
    pytest.skip(reason)


def _run(command: list[str], *, what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"{what} failed ({done.returncode}): {' '.join(command)}\n"
            f"{done.stdout}\n{done.stderr}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Start a throw-away PostgreSQL server and yield a conninfo to its test database."""
    bindir = _bindir()
    if bindir is None:
        _unavailable(
            "PostgreSQL's initdb and pg_ctl were not found "
            "(/usr/lib/postgresql/*/bin, pg_config --bindir, PATH)"
        )
    import psycopg  # the postgres extra, part of all: the tests need it

    base = pathlib.Path(tempfile.mkdtemp(prefix="labourbrand-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: run it as the postgres user.
        runuser = shutil.which("runuser")
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            user = None
        if runuser is None or user is None:
            shutil.rmtree(base)
            _unavailable("running as root, without runuser or a 'postgres' user")
        os.chown(base, user.pw_uid, user.pw_gid)
        as_user = [runuser, "-u", "postgres", "--"]
    data = base / "data"
    log = base / "server.log"
    _run(
        [
            *as_user,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ],
        what="initdb",
    )
    options = f"-k {base} -p {PORT} -c listen_addresses='' -c fsync=off"
    pg_ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        _run(
            [*pg_ctl, "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
            what="pg_ctl start",
        )
        with psycopg.connect(
            f"host={base} port={PORT} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        yield f"host={base} port={PORT} user=postgres dbname={DATABASE}"
    finally:
        subprocess.run(
            [*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True, check=False
        )
        shutil.rmtree(base, ignore_errors=True)
