"""A labourbrand service started as a process on 127.0.0.1, and a small HTTP client for it."""

from __future__ import annotations

import http.client
import json
import os
import pathlib
import socket
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import attrs
import pytest


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: How long a server may take to answer /health after it is started.
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@attrs.frozen
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:  # noqa: ANN401 - JSON
        return json.loads(self.body)


@attrs.define
class Server:
    """A running ``labourbrand serve`` process and where it listens."""

    process: subprocess.Popen[bytes]
    port: int
    folder: pathlib.Path
    tmp: pathlib.Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            data = (
                raw
                if raw is not None
                else (
                    None
                    if body is None
                    else json.dumps(body, ensure_ascii=False).encode()
                )
            )
            connection.request(method, path, body=data, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()

    def post(self, path: str, body: object = None, **kwargs: Any) -> Reply:  # noqa: ANN401
        return self.request("POST", path, body, **kwargs)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)


def start(tmp: pathlib.Path, *args: str) -> Server:
    """Start ``labourbrand serve`` on a free port, in *tmp*, and wait for its /health."""
    folder = tmp / "cwd"
    scratch = tmp / "tmp"
    folder.mkdir()
    scratch.mkdir()
    port = free_port()
    env = {**os.environ, "TMPDIR": str(scratch), "HOME": str(folder)}
    env.pop("LABOURBRAND_PLUGINS_ALLOW", None)
    env.pop("LABOURBRAND_PLUGINS_BLOCK", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "labourbrand", "serve", "--port", str(port),
         "--no-access-log", *args],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    server = Server(process, port, folder, scratch)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"the server exited with {process.returncode}: {err.decode()}")
        try:
            if server.get("/health").status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    pytest.fail(f"the server did not answer /health within {STARTUP_SECONDS} s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    for stream in (server.process.stdout, server.process.stderr):
        if stream is not None:
            stream.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A service with the province's baseline only, on a free port of 127.0.0.1."""
    running = start(tmp_path_factory.mktemp("serve"), "--no-entry-points")
    yield running
    stop(running)


@pytest.fixture(scope="module")
def ledger_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A service that records payments in an SQLite file of its folder."""
    running = start(
        tmp_path_factory.mktemp("serve-ledger"), "--no-entry-points",
        "--ledger", "sqlite:///payments.db",
    )  # fmt: skip
    yield running
    stop(running)


@pytest.fixture
def start_server(tmp_path: pathlib.Path) -> Iterator[Callable[..., Server]]:
    """Start ``labourbrand serve`` with the arguments given, in tmp_path; stopped after the test."""
    started: list[Server] = []

    def start_(*args: str) -> Server:
        folder = tmp_path / f"serve-{len(started)}"
        folder.mkdir()
        started.append(start(folder, *args))
        return started[-1]

    yield start_
    for server in started:
        stop(server)
