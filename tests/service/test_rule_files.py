"""The service with a city's rule file: loaded at start, listed with its checksum, used in decisions."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import attrs
import pytest

from labourbrand.exceptions import InvalidArgumentError, PolicyDataError
from labourbrand.plugins import RULES_ENV
from labourbrand.service import ServeConfig, build_service


if TYPE_CHECKING:
    import pathlib
    from collections.abc import Callable

    from .conftest import Server

RULES = """
[plugin]
city = "610900"

[[rules]]
measure = "employment_award"
first_day = 2023-01-01
flat_yuan = "123456.78"
reference = "illustrative: no published amount"
illustrative = true
"""

BRAND = {
    "name_zh": "紫阳修脚师",
    "county": "610924",
    "workforce": [
        {
            "on": "2023-06-30",
            "practitioners": 900,
            "signed": 600,
            "rural": 800,
            "rural_signed": 600,
        }
    ],
}


@pytest.fixture
def rules(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "ankang.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_serve_with_rules_lists_and_uses_the_file(
    start_server: Callable[..., Server], rules: pathlib.Path
) -> None:
    """``serve --rules FILE``: /plugins gives the file and its SHA-256, /decisions its amount."""
    server = start_server("--no-entry-points", "--rules", str(rules))
    listed = server.get("/plugins").json()["plugins"]
    decisions = server.post("/decisions?on=2023-07-01", BRAND).json()["decisions"]
    award = next(d for d in decisions if d["measure"] == "employment_award")
    [plugin] = [p for p in listed if p["name"] == "ankang"]
    assert plugin["file"] == str(rules.resolve())
    assert plugin["sha256"] == hashlib.sha256(rules.read_bytes()).hexdigest()
    assert award["amount"] == 12_345_678
    assert award["suppliers"][0]["plugin"] == "ankang"


def test_a_service_config_reads_its_rule_files(rules: pathlib.Path) -> None:
    """build_service loads the config's rule files, which cross to workers as JSON paths."""
    config = ServeConfig(rule_files=[str(rules)], entry_points=False)
    # As the command hands it to worker processes.
    assert ServeConfig(**json.loads(json.dumps(attrs.asdict(config)))) == config
    service = build_service(config)
    assert [s.plugin for s in service.policy.rules] == ["ankang"]
    rules.write_text(RULES.replace('"123456.78"', "1.5"), encoding="utf-8")
    with pytest.raises(PolicyDataError, match=r"@ \$\.rules\[0\]\.flat_yuan"):
        build_service(config)


def test_allow_and_block_may_name_rule_files(
    rules: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of LABOURBRAND_RULES is an installed plugin --allow may name; a passed one, --block."""
    monkeypatch.setenv(RULES_ENV, str(rules))
    service = build_service(ServeConfig(allow=["ankang"], strict=True))
    assert [s.plugin for s in service.policy.rules] == ["ankang"]
    monkeypatch.delenv(RULES_ENV)
    passed = ServeConfig(rule_files=[str(rules)], block=["ankang"])
    assert list(build_service(passed).policy.rules) == []
    with pytest.raises(InvalidArgumentError, match="--allow ankang"):
        build_service(ServeConfig(rule_files=[str(rules)], allow=["ankang"]))
