"""Render pages of the built HTML docs in headless Chromium and check them.

``nox -s screenshots`` builds the docs and runs this file::

    python docs/_screenshot_check.py HTML_DIR OUT_DIR

It serves ``HTML_DIR`` on 127.0.0.1 (so that a missing file is a real 404),
and for each page in :data:`PAGES` runs Debian's ``chromium`` twice, each
time with a new empty profile: once with ``--screenshot`` and once with
``--dump-dom``, both with ``--enable-logging=stderr --v=0`` to capture the
page's console. A page fails if

- Chromium exits with an error;
- the PNG is missing, smaller than :data:`MIN_PNG_BYTES`, not the size of the
  window, or a single flat colour (checked by decoding it with zlib);
- the rendered DOM lacks the page's title or expected content;
- the console has an uncaught exception or an error, or any request to the
  local server was answered with an error status (a 404 for a local resource).

It needs only the standard library, and exits with status 1 naming every
failure, or 2 if Chromium is not installed.
"""

# ruff: noqa: INP001, T201 - docs/ is not a package; this script reports on stdout

from __future__ import annotations

import argparse
import contextlib
import functools
import html.parser
import http.server
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from typing import TYPE_CHECKING, Final, NamedTuple


if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


class Page(NamedTuple):
    """A page to render and what its rendered DOM must contain."""

    #: Path of the page, relative to the HTML directory.
    path: str
    #: Text the document's ``<title>`` must contain (case-insensitive).
    title: str
    #: Texts the page's visible text must contain.
    texts: tuple[str, ...]
    #: Texts some ``<table>`` of the page must contain.
    table_texts: tuple[str, ...] = ()


PAGES: Final = (
    Page("index.html", "labourbrand", ("labourbrand", "Quick start")),
    Page(
        "explanation/lifecycle.html",
        "lifecycle",
        # The Mermaid source of the state diagram, as generated at build time.
        ("The brand lifecycle", "stateDiagram-v2", "exit_proposed --> exited"),
        # The transition table, generated from lifecycle.TRANSITIONS.
        ("propose_exit", "exit_proposed", "admit_on_award"),
    ),
)
WINDOW: Final = (1280, 2000)
#: A blank page of the window's size is about 6 KB as a PNG.
MIN_PNG_BYTES: Final = 20_000
#: Distinct colours a rendered page shows at least (anti-aliased text has many).
MIN_COLOURS: Final = 16
#: Share of the sampled pixels that differ from the most common colour, at least.
MIN_INK: Final = 0.005
#: Console messages that fail the check.
CONSOLE_ERRORS: Final = ("Uncaught", "ERROR:CONSOLE", "Failed to load resource", "404")
CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
TIMEOUT: Final = 120


def find_chromium() -> str | None:
    """Return the path of the ``chromium`` (or ``chromium-browser``) command."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


# -- The local server --------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the HTML directory quietly, recording each request's status."""

    requests: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        del size
        self.requests.append((self.path, int(code)))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep the server's log off stderr; :meth:`log_request` records it."""


class _Server(NamedTuple):
    url: str
    requests: list[tuple[str, int]]


@contextlib.contextmanager
def _serve(directory: pathlib.Path) -> Iterator[_Server]:
    recorded: list[tuple[str, int]] = []

    class Handler(_Handler):
        requests = recorded

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield _Server(f"http://{host!s}:{port}/", recorded)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- Chromium ----------------------------------------------------------------


def _chromium(chromium: str, url: str, *args: str) -> tuple[str, list[str]]:
    """Run headless Chromium on *url*; return its stdout and console messages."""
    with tempfile.TemporaryDirectory(prefix="labourbrand-chromium-") as profile:
        done = subprocess.run(  # noqa: S603 - a fixed command on our own arguments
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    if done.returncode:
        msg = f"chromium {' '.join(args)} {url} exited with {done.returncode}:\n{done.stderr}"
        raise RuntimeError(msg)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


# -- The PNG -----------------------------------------------------------------


class _Png(NamedTuple):
    width: int
    height: int
    colours: int
    ink: float


def _unfilter(kind: int, row: bytearray, prior: bytes, bpp: int) -> None:
    """Undo the PNG filter *kind* of *row* in place, given the prior row."""
    if kind == 0:
        return
    if kind == 1:
        for i in range(bpp, len(row)):
            row[i] = (row[i] + row[i - bpp]) & 0xFF
    elif kind == 2:  # noqa: PLR2004 - the PNG filter types 0 to 4
        row[:] = bytes((a + b) & 0xFF for a, b in zip(row, prior, strict=True))
    elif kind == 3:  # noqa: PLR2004
        for i in range(len(row)):
            left = row[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + ((left + prior[i]) >> 1)) & 0xFF
    elif kind == 4:  # noqa: PLR2004
        for i in range(len(row)):
            a = row[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
            row[i] = (row[i] + predictor) & 0xFF
    else:
        msg = f"unknown PNG filter type {kind}"
        raise ValueError(msg)


def read_png(path: pathlib.Path, sample_every: int = 8) -> _Png:
    """Decode the 8-bit RGB(A) PNG at *path*: its size and its colours.

    Every row is unfiltered (a row depends on the one before); the pixels of
    every *sample_every*-th row are counted.
    """
    data = path.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        msg = f"{path} is not a PNG"
        raise ValueError(msg)
    pos, header, idat = 8, b"", bytearray()
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour_type, _, _, interlace = struct.unpack(
        ">IIBBBBB", header
    )
    channels = {2: 3, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace:  # noqa: PLR2004
        msg = (
            f"{path}: only 8-bit RGB or RGBA PNGs without interlacing are read here "
            f"(bit depth {depth}, colour type {colour_type}, interlace {interlace})"
        )
        raise ValueError(msg)
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    prior = bytes(stride)
    counts: dict[bytes, int] = {}
    for y in range(height):
        start = y * (stride + 1)
        row = bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(raw[start], row, prior, channels)
        prior = bytes(row)
        if y % sample_every == 0:
            for x in range(0, stride, channels):
                pixel = prior[x : x + channels]
                counts[pixel] = counts.get(pixel, 0) + 1
    sampled = sum(counts.values())
    ink = 1 - max(counts.values()) / sampled if sampled else 0.0
    return _Png(width, height, len(counts), ink)


# -- The DOM -----------------------------------------------------------------


#: The HTML elements that have no end tag.
_VOID: Final = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
     "source", "track", "wbr")
)  # fmt: skip


class _Dom(html.parser.HTMLParser):
    """The document title, the visible text and the text of the tables."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.text: list[str] = []
        self.tables: list[str] = []
        self._stack: list[str] = []
        self._table_depth = 0

    def handle_starttag(
        self, tag: str, attrs: Sequence[tuple[str, str | None]]
    ) -> None:
        del attrs
        if tag in _VOID:
            return
        self._stack.append(tag)
        if tag == "table":
            self._table_depth += 1
            if self._table_depth == 1:
                self.tables.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass
        if tag == "table" and self._table_depth:
            self._table_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._stack[-2:] == ["head", "title"]:
            self.title += data
        elif not {"script", "style", "head"} & set(self._stack):
            self.text.append(data)
            if self._table_depth:
                self.tables[-1] += data


def _check_dom(page: Page, dom: str) -> list[str]:
    parser = _Dom()
    parser.feed(dom)
    parser.close()
    problems = []
    if page.title.casefold() not in parser.title.casefold():
        problems.append(f"the title {parser.title!r} lacks {page.title!r}")
    text = "".join(parser.text)
    problems.extend(
        f"the page lacks {want!r}" for want in page.texts if want not in text
    )
    if page.table_texts and not any(
        all(want in table for want in page.table_texts) for table in parser.tables
    ):
        problems.append(
            f"no table of the {len(parser.tables)} on the page has all of {page.table_texts}"
        )
    print(f"  DOM: {len(dom):,} characters, title {parser.title.strip()!r}, "
          f"{len(parser.tables)} table(s)")  # fmt: skip
    return problems


def _check_png(png: pathlib.Path) -> list[str]:
    if not png.is_file():
        return [f"no screenshot was written to {png}"]
    size = png.stat().st_size
    try:
        image = read_png(png)
    except ValueError as exc:
        return [str(exc)]
    print(f"  PNG: {png} ({size:,} bytes, {image.width}x{image.height}, "
          f"{image.colours} colours sampled, {image.ink:.1%} ink)")  # fmt: skip
    problems = []
    if size < MIN_PNG_BYTES:
        problems.append(f"the screenshot is {size:,} bytes, under {MIN_PNG_BYTES:,}")
    if (image.width, image.height) != WINDOW:
        problems.append(
            f"the screenshot is {image.width}x{image.height}, not {WINDOW[0]}x{WINDOW[1]}"
        )
    if image.colours < MIN_COLOURS or image.ink < MIN_INK:
        problems.append(
            f"the screenshot is (nearly) one flat colour: {image.colours} colours, "
            f"{image.ink:.2%} of the pixels differ from the most common one"
        )
    return problems


def _check_console(console: list[str]) -> list[str]:
    for line in console:
        print(f"  console: {line}")
    return [
        f"console: {line}"
        for line in console
        if any(error in line for error in CONSOLE_ERRORS)
    ]


def check_page(chromium: str, base: str, page: Page, out: pathlib.Path) -> list[str]:
    """Render *page* from the server at *base*; return what is wrong with it."""
    url = base + page.path
    print(f"{page.path} ({url})")
    png = out / (page.path.replace("/", "-").removesuffix(".html") + ".png")
    png.unlink(missing_ok=True)
    window = f"--window-size={WINDOW[0]},{WINDOW[1]}"
    try:
        _, shot_console = _chromium(chromium, url, f"--screenshot={png}", window)
        dom, dom_console = _chromium(chromium, url, "--dump-dom")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return [str(exc)]
    return [
        *_check_png(png),
        *_check_dom(page, dom),
        *_check_console(shot_console + dom_console),
    ]


def _warn_without_cjk_fonts() -> None:
    """Say so if fontconfig knows no Chinese font: the pages' 汉字 show as boxes."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return
    done = subprocess.run(  # noqa: S603 - a fixed command
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    if done.returncode == 0 and not done.stdout.strip():
        print("note: no Chinese font is installed (fc-list :lang=zh is empty), so the "
              "screenshots show the Chinese text as boxes; Debian's fonts-noto-cjk "
              "has one")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Check each page of :data:`PAGES`; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("html", type=pathlib.Path, help="the built HTML docs")
    parser.add_argument("out", type=pathlib.Path, help="where to write the PNGs")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("error: no chromium or chromium-browser command on PATH. Install "
              "Debian's chromium: apt-get update && apt-get install -y chromium",
              file=sys.stderr)  # fmt: skip
        return 2
    out: pathlib.Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    _warn_without_cjk_fonts()
    failures: list[str] = []
    with _serve(args.html) as server:
        for page in PAGES:
            problems = check_page(chromium, server.url, page, out)
            failures.extend(f"{page.path}: {problem}" for problem in problems)
        # Chromium asks for /favicon.ico of a page that names no icon; the
        # docs name none, so that request is not one for a missing resource.
        failures.extend(
            f"GET {path} -> {status}"
            for path, status in server.requests
            if status >= 400 and path != "/favicon.ico"  # noqa: PLR2004
        )
        ok = sum(status < 400 for _, status in server.requests)  # noqa: PLR2004
        print(f"{len(server.requests)} requests to the local server, {ok} answered")
    if failures:
        print("FAILED:", *failures, sep="\n  ", file=sys.stderr)
        return 1
    print(f"{len(PAGES)} pages render without errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
