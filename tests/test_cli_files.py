"""Files the command reads a record at a time and writes all at once (``evaluate``, ``simulate --out``)."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labourbrand.cli import _records, main, simulate
from labourbrand.cli._io import STAGING_PREFIX
from labourbrand.cli._records import Records
from labourbrand.exceptions import DataError


if TYPE_CHECKING:
    from collections.abc import Callable


BRANDS = Path(__file__).parent.parent / "examples" / "brands.json"
DAY = ("--on", "2023-07-01")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def leftovers(folder: Path) -> list[str]:
    """Staging folders or temporary files left in *folder*."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def brands_as_json_lines(tmp_path: Path) -> Path:
    """examples/brands.json as JSON Lines: one brand object per line."""
    path = tmp_path / "brands.jsonl"
    items = json.loads(BRANDS.read_text(encoding="utf-8"))
    path.write_text(
        "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items),
        encoding="utf-8",
    )
    return path


# ------------------------------------------------------------- reading
def test_json_lines_in_decide_as_the_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The brands one per line decide as the same brands in an array."""
    assert run(capsys, "evaluate", str(BRANDS), *DAY) == run(
        capsys, "evaluate", str(brands_as_json_lines(tmp_path)), *DAY
    )


def test_one_brand_object_over_several_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One brand object, pretty-printed, is one record."""
    brand = json.loads(BRANDS.read_text(encoding="utf-8"))[0]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(brand, ensure_ascii=False, indent=2), encoding="utf-8")
    code, out, _ = run(capsys, "evaluate", str(path), *DAY, "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["brand"] for line in out.splitlines()] == ["紫阳修脚师"]


def test_every_bad_record_is_reported_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad records anywhere: each bad field with its record's path, exit 2, no output."""
    lines = [json.dumps({"name_zh": f"品牌{i}", "county": "610924"}) for i in range(5)]
    lines[1] = '{"name_zh": "x", "county": 610924}'
    lines[3] = '{"name_zh": "y", "county": "610924", "colour": "red"}'
    path = tmp_path / "brands.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(path), *DAY)
    assert (code, out) == (2, "")
    assert err == (
        f"labourbrand: error: {path}: 2 invalid fields\n"
        f"  {path}: Expected a string but got 610924 (type=int) @ $[1].county\n"
        f"  {path}: extra fields found (colour) (the record starting on line 4) @ $[3]\n"
    )
    # A last record cut short: its framing error comes after the others.
    whole = "\n".join(lines) + "\n"
    path.write_text(whole + lines[4][:-1], encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(path), *DAY)
    assert (code, out) == (2, "")
    said = err.splitlines()
    assert said[0] == f"labourbrand: error: {path}: 3 invalid fields"
    assert said[1].endswith("@ $[1].county")
    assert said[2].endswith("@ $[3]")
    assert said[3] == (
        f"  {path}: Expected the end of the record that starts here but the text "
        f"ends: line 6 column 1 (char {len(whole)}) @ $"
    )


def test_reading_stops_after_the_first_hundred_bad_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file of nothing but bad records reports 100 fields and says it stopped."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"name_zh": 1}\n' * 1_000, encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(path), *DAY)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == f"labourbrand: error: {path}: 101 invalid fields"
    # The message lists the first 20; the error keeps all 101, the last saying
    # that reading stopped.
    assert lines[20].endswith("@ $[19].name_zh")
    assert lines[21] == f"  {path}: … and 81 more (DataError.errors lists them all)"


def test_bytes_that_are_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is not UTF-8 is a clean error."""
    path = tmp_path / "gbk.json"
    path.write_bytes('[{"name_zh": "紫阳修脚师"}]'.encode("gbk"))
    code, out, err = run(capsys, "evaluate", str(path), *DAY)
    assert (code, out) == (2, "")
    assert "Expected UTF-8 text but got bytes that are not UTF-8" in err


def test_records_are_read_a_piece_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first record comes before the text is read to its end."""
    monkeypatch.setattr(_records, "_CHUNK", 64)
    text = (
        "[" + ",".join(json.dumps({"name_zh": f"品牌{i}"}) for i in range(1_000)) + "]"
    )
    stream = io.StringIO(text)
    records = iter(Records(stream, "many.json"))
    assert json.loads(next(records).text) == {"name_zh": "品牌0"}
    assert stream.tell() < len(text) // 100
    assert sum(1 for _ in records) == 999


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_SPACE = st.text(alphabet=" \t\r\n", max_size=3)


@given(
    items=st.lists(_JSON, max_size=6),
    chunk=st.integers(1, 40),
    indent=st.sampled_from([None, 1]),
    space=_SPACE,
)
def test_records_of_an_array_are_its_items(
    items: list[Any], chunk: int, indent: int | None, space: str
) -> None:
    """Whatever the items and however the text is cut into pieces, the records are the items."""
    text = space + json.dumps(items, indent=indent) + space
    found = _read(text, chunk)
    assert [json.loads(r.text) for r in found] == items
    assert [r.index for r in found] == list(range(len(items)))


@given(
    items=st.lists(st.dictionaries(st.text(max_size=5), _JSON, max_size=3), min_size=1),
    chunk=st.integers(1, 40),
    blank=st.sampled_from(["\n", "\r\n", "\n\n"]),
)
def test_records_of_json_lines_are_its_objects(
    items: list[dict[str, Any]], chunk: int, blank: str
) -> None:
    """Objects one per line are the records, each with the line it starts on."""
    text = blank.join(json.dumps(item) for item in items) + "\n"
    found = _read(text, chunk)
    assert [json.loads(r.text) for r in found] == items
    assert [r.line for r in found] == [
        1 + i * blank.count("\n") for i in range(len(items))
    ]


def _read(text: str, chunk: int) -> list[_records.Record]:
    """The records of *text*, read *chunk* characters at a time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_records, "_CHUNK", chunk)
        return list(Records(io.StringIO(text), "drawn"))


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Expected a JSON array of brands, or brand objects one per line, but the text is empty: line 1 column 1 (char 0) @ $"),
        ("[1,]", "Expected a brand but got ']': line 1 column 4 (char 3) @ $"),
        ("[1 2", "Expected ',' or ']' but the text ends: line 1 column 5 (char 4) @ $"),
        ("[1] [2]", "Expected the end of the text after the array but got '[': line 1 column 5 (char 4) @ $"),
        ('{"a": 1} {"a": 2}', "Expected one brand object per line (JSON Lines), with a line break before the next: line 1 column 10 (char 9) @ $"),
        ('{"a": 1}\n[2]', "Expected a brand object ('{') but got '[': line 2 column 1 (char 9) @ $"),
        ('[{"a": "b', "Expected the end of a string but the text ends: line 1 column 8 (char 7) @ $"),
        ("\ufeff[]", "Expected UTF-8 text without a byte order mark (BOM): line 1 column 1 (char 0) @ $"),
        ("true", "Expected a JSON array of brands ('[') or a brand object ('{') but got 'true': line 1 column 1 (char 0) @ $"),
    ],
)  # fmt: skip
def test_framing_errors_give_line_and_column(text: str, error: str) -> None:
    """A text that is neither an array nor objects one per line is refused where it goes wrong."""
    with pytest.raises(DataError) as info:
        list(Records(io.StringIO(text), "f.json"))
    assert info.value.errors == [error]


def test_a_record_longer_than_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record past MAX_RECORD characters is refused rather than held."""
    monkeypatch.setattr(_records, "MAX_RECORD", 1_000)
    monkeypatch.setattr(_records, "_CHUNK", 100)
    text = '[{"name_zh": "' + "x" * 5_000 + '"}]'
    with pytest.raises(DataError, match=r"at most 1,000 characters but \$\[0\]"):
        list(Records(io.StringIO(text), "big.json"))


# ------------------------------------------------------------- writing
def test_json_lines_out_are_the_json_array_items(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--format jsonl writes each brand's object of the JSON array on a line of its own."""
    _, array, _ = run(capsys, "evaluate", str(BRANDS), *DAY, "--format", "json")
    code, lines, _ = run(capsys, "evaluate", str(BRANDS), *DAY, "--format", "jsonl")
    assert code == 0
    assert [json.loads(line) for line in lines.splitlines()] == json.loads(array)


def test_an_empty_array_gives_empty_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No brand: an empty array, no line, a title that says 0."""
    path = tmp_path / "none.json"
    path.write_text("[]", encoding="utf-8")
    outputs = {
        fmt: run(capsys, "evaluate", str(path), *DAY, "--format", fmt)[1]
        for fmt in ("json", "jsonl", "text")
    }
    assert outputs["json"] == "[]\n"
    assert outputs["jsonl"] == ""
    assert outputs["text"].startswith(
        "Decisions of 陕人社发〔2022〕13号 on 2023-07-01: 0 brand(s)\n"
    )


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_out_replaces_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """--out FILE holds what stdout would, replaces an older file, and leaves nothing else."""
    _, expected, _ = run(capsys, "evaluate", str(BRANDS), *DAY, "--format", fmt)
    out = tmp_path / "decisions.out"
    out.write_text("an older run", encoding="utf-8")
    code, stdout, err = run(
        capsys, "evaluate", str(BRANDS), *DAY, "--format", fmt, "--out", str(out)
    )
    assert (code, stdout, err) == (0, "", "")
    assert out.read_text(encoding="utf-8") == expected
    assert leftovers(tmp_path) == []


def test_out_is_left_as_it_was_after_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad brand anywhere leaves the --out file as it was."""
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name_zh": "a"}, {"name_zh": 2}]', encoding="utf-8")
    out = tmp_path / "decisions.json"
    out.write_text("an older run", encoding="utf-8")
    code, _, err = run(capsys, "evaluate", str(bad), *DAY, "--out", str(out))
    assert code == 2
    assert "@ $[1].name_zh" in err
    assert out.read_text(encoding="utf-8") == "an older run"
    assert leftovers(tmp_path) == []


def test_out_is_left_as_it_was_when_writing_fails_midway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up halfway leaves the old file whole and no temporary file."""

    def half_then_full(source: Any, target: Any) -> None:  # noqa: ANN401 - file objects
        target.write(source.read(100))
        target.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("labourbrand.cli.evaluate.shutil.copyfileobj", half_then_full)
    out = tmp_path / "decisions.json"
    out.write_text("an older run", encoding="utf-8")
    code, stdout, err = run(capsys, "evaluate", str(BRANDS), *DAY, "--out", str(out))
    assert (code, stdout) == (2, "")
    assert (
        err
        == f"labourbrand: error: {tmp_path}: cannot write: No space left on device\n"
    )
    assert out.read_text(encoding="utf-8") == "an older run"
    assert leftovers(tmp_path) == []


def test_out_that_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out naming a folder is an error, before anything is written."""
    code, _, err = run(capsys, "evaluate", str(BRANDS), *DAY, "--out", str(tmp_path))
    assert code == 2
    assert err == f"labourbrand: error: {tmp_path}: cannot write: Is a directory\n"


# ------------------------------------------------------------- simulate --out
SIMULATE = ("simulate", "--runs", "3", "--seed", "1")


def test_simulate_out_is_left_as_it_was_when_a_plot_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after some files are written leaves the folder as it was, without temporary files."""
    out = tmp_path / "results"
    out.mkdir()
    (out / "stages.csv").write_text("an older run", encoding="utf-8")
    real: Callable[..., list[Path]] = simulate._save_plots

    def first_then_fail(_results: object, directory: Path, _lang: str) -> list[Path]:
        (directory / "brands_over_time.png").write_bytes(b"half a plot")
        raise OSError(errno.EIO, "Input/output error", str(directory / "x.png"))

    monkeypatch.setattr(simulate, "_save_plots", first_then_fail)
    code, stdout, err = run(capsys, *SIMULATE, "--out", str(out), "--plot")
    assert (code, stdout) == (2, "")
    assert err.endswith("x.png: cannot write: Input/output error\n")
    assert sorted(p.name for p in out.iterdir()) == ["stages.csv"]
    assert (out / "stages.csv").read_text(encoding="utf-8") == "an older run"
    monkeypatch.setattr(simulate, "_save_plots", real)
    assert run(capsys, *SIMULATE, "--out", str(out), "--plot")[0] == 0
    assert (out / "brands_over_time.png").read_bytes().startswith(b"\x89PNG")


def test_simulate_out_removes_its_own_stale_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plot of an earlier run is removed when this run draws none; other files stay."""
    out = tmp_path / "results"
    out.mkdir()
    (out / "brands_over_time.png").write_bytes(b"an older plot")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, _ = run(capsys, *SIMULATE, "--out", str(out))
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert "brands_over_time.png" not in names
    assert {"notes.txt", "stages.csv", "metadata.json"} <= set(names)
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert set(metadata["files"]) <= set(names)
    assert leftovers(out) == []
    assert not any(n.startswith(STAGING_PREFIX) for n in names)
