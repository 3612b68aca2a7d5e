"""City rules stated in a TOML file: read, loaded as plugins, listed, checked like code."""

from __future__ import annotations

import hashlib
import os
import pickle
import textwrap
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pendulum
import pytest

from labourbrand import Brand, Fen, WorkforceObservation, hookimpl
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandWarning,
    PluginError,
    PluginResultError,
    PolicyDataError,
)
from labourbrand.plugins import (
    RULES_ENV,
    RuleFile,
    installed_names,
    list_plugins,
    read_rule_files,
)
from labourbrand.policy import Measure, Outcome, Policy
from labourbrand.rules import Declines, Flat, MinimumCount, PerHead, Ratio, Rule


if TYPE_CHECKING:
    import pathlib
    from collections.abc import Callable


D = pendulum.Date
ON = D(2023, 7, 1)

HANZHONG = """
[plugin]
city = "610700"

[[rules]]
measure = "employment_award"
first_day = 2023-01-01
flat_yuan = "150000"
reference = "汉中市人社局文件(示例)"
illustrative = true
"""


def _write(folder: pathlib.Path, name: str, text: str) -> pathlib.Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _errors(text: str, name: str = "hanzhong") -> list[str]:
    with pytest.raises(PolicyDataError) as info:
        RuleFile.from_text(textwrap.dedent(text), name=name, source=f"{name}.toml")
    assert info.value.source == f"{name}.toml"
    return info.value.errors


def _brand(county: str = "610702", *, rural_signed: int = 600) -> Brand:
    observation = WorkforceObservation(
        on=D(2023, 6, 30),
        practitioners=900,
        signed=rural_signed,
        rural=800,
        rural_signed=rural_signed,
    )
    return Brand(name_zh="示例品牌", county=county, workforce=[observation])


# ------------------------------------------------------------ the format
def test_a_file_states_the_rules_code_would() -> None:
    """Each key of a [[rules]] table is the Rule field of the same name; amounts in yuan."""
    rules = RuleFile.from_text(
        """
        [plugin]
        city = "610700"

        [[rules]]
        measure = "employment_award"
        first_day = 2023-01-01
        last_day = "2024-12-31"
        flat_yuan = 150_000
        reference = "r1"
        illustrative = true
        delegates_to = ["610702"]

        [[rules]]
        measure = "employment_award"
        first_day = 2025-01-01
        per_head_yuan = { rural_signed = "300", trained = "0.50" }
        cap_yuan = "150000.50"
        reference = "r2"

        [[rules.conditions]]
        kind = "minimum_count"
        count = "signed"
        at_least = 600
        zh = "签订协议的从业人员不少于600人"
        en = "at least 600 practitioners with signed agreements"

        [[rules]]
        measure = "provincial_recognition_award"
        jurisdiction = "610702"
        first_day = 2023-01-01
        flat_yuan = "0"
        reference = "r3"

        [[rules.conditions]]
        kind = "declines"
        zh = "本县暂不设立"
        en = "the county does not give it for now"

        [[rules]]
        measure = "exit_job_fall"
        first_day = 2023-01-01
        ratio = "0.30"
        reference = "r4"
        """,
        name="hanzhong",
    ).labourbrand_rules()
    assert rules == (
        Rule(
            measure=Measure.EMPLOYMENT_AWARD,
            jurisdiction="610700",
            first_day="2023-01-01",
            last_day="2024-12-31",
            formula=Flat(Fen.from_yuan(150_000)),
            reference="r1",
            illustrative=True,
            delegates_to=("610702",),
        ),
        Rule(
            measure=Measure.EMPLOYMENT_AWARD,
            jurisdiction="610700",
            first_day="2025-01-01",
            formula=PerHead(
                rates=[("rural_signed", Fen(30_000)), ("trained", Fen(50))],
                cap=Fen(15_000_050),
            ),
            reference="r2",
            conditions=(
                MinimumCount(
                    count="signed",
                    at_least=600,
                    zh="签订协议的从业人员不少于600人",
                    en="at least 600 practitioners with signed agreements",
                ),
            ),
        ),
        Rule(
            measure="provincial_recognition_award",
            jurisdiction="610702",
            first_day="2023-01-01",
            formula=Flat(Fen(0)),
            reference="r3",
            conditions=(
                Declines(zh="本县暂不设立", en="the county does not give it for now"),
            ),
        ),
        Rule(
            measure="exit_job_fall",
            jurisdiction="610700",
            first_day="2023-01-01",
            formula=Ratio(Decimal("0.30")),
            reference="r4",
        ),
    )


def test_the_plugin_table_gives_city_version_and_period() -> None:
    """[plugin] city, version and period are the plugin's; the period hook returns the period."""
    plugin = RuleFile.from_text(
        HANZHONG.replace(
            'city = "610700"',
            'city = "610700"\nversion = "2023.1"\nperiod = { first_day = 2023-01-01 }',
        ),
        name="hanzhong",
    )
    assert (plugin.name, plugin.city, plugin.version) == (
        "hanzhong",
        "610700",
        "2023.1",
    )
    assert plugin.labourbrand_period() == (D(2023, 1, 1), None)
    assert plugin.__version__ == "2023.1"
    assert RuleFile.from_text(HANZHONG, name="h").labourbrand_period() is None


@pytest.mark.parametrize(
    ("written", "fen"),
    [
        ("150000", 15_000_000),
        ('"150000"', 15_000_000),
        ("150_000", 15_000_000),
        ('"150000.5"', 15_000_050),
        ('"0.01"', 1),
    ],
)
def test_money_is_yuan_as_an_integer_or_a_decimal_string(
    written: str, fen: int
) -> None:
    """An integer or a decimal string of yuan is exact: the same fen either way."""
    text = HANZHONG.replace('flat_yuan = "150000"', f"flat_yuan = {written}")
    [rule] = RuleFile.from_text(text, name="h").labourbrand_rules()
    assert rule.formula == Flat(Fen(fen))


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("150000.0", "a float cannot hold every fen exactly"),
        ("1.5e5", "a float cannot hold every fen exactly"),
        ('"150000.123"', "at most two decimals"),
        ('"150,000"', "at most two decimals"),
        ('"-5"', "at most two decimals"),
        ("-5", "Expected 0 <= amount"),
        ("true", "at most two decimals"),
        ('"1e5"', "at most two decimals"),
    ],
)
def test_money_that_is_not_exact_yuan_is_refused(written: str, why: str) -> None:
    """A float, a third decimal, a thousands separator, a sign or a bool is refused, at its key."""
    text = HANZHONG.replace('flat_yuan = "150000"', f"flat_yuan = {written}")
    [error] = _errors(text)
    assert why in error
    assert error.endswith("@ $.rules[0].flat_yuan")


def test_every_problem_is_named_with_its_file_and_path() -> None:
    """Each bad key is one line of the error: the file, what was expected, the path."""
    with pytest.raises(PolicyDataError) as info:
        RuleFile.from_text(
            """
            colour = "red"
            [plugin]
            city = 610700
            period = { last_day = "soon" }
            [[rules]]
            measure = "Employment Award"
            jurisdiction = "610700"
            first_day = 2023-01-01T08:00:00
            per_head_yuan = { rural_signd = "300", trained = 5.5 }
            cap_yuan = "1.234"
            reference = ""
            illustrative = "yes"
            delegates_to = ["61070"]
            [[rules.conditions]]
            kind = "minimum"
            [[rules.conditions]]
            kind = "declines"
            zh = ""
            [[rules]]
            measure = "employment_award"
            jurisdiction = "610700"
            first_day = 2023-01-01
            last_day = 2022-12-31
            ratio = 0.3
            flat_yuan = 1
            """,
            name="hanzhong",
            source="hanzhong.toml",
        )
    message = str(info.value)
    assert message.startswith("hanzhong.toml: 17 invalid fields\n")
    paths = [line.rpartition(" @ ")[2] for line in info.value.errors]
    assert paths == [
        "$.colour",
        "$.plugin.city",
        "$.plugin.period.first_day",
        "$.plugin.period.last_day",
        "$.rules[0].measure",
        "$.rules[0].reference",
        "$.rules[0].first_day",
        "$.rules[0].illustrative",
        "$.rules[0].per_head_yuan.rural_signd",
        "$.rules[0].per_head_yuan.trained",
        "$.rules[0].cap_yuan",
        "$.rules[0].conditions[0].kind",
        "$.rules[0].conditions[1].en",
        "$.rules[0].conditions[1].zh",
        "$.rules[0].delegates_to[0]",
        "$.rules[1].reference",
        "$.rules[1]",
    ]
    for error in info.value.errors:
        assert f"\n  hanzhong.toml: {error}" in message


RULE = """
[[rules]]
measure = "employment_award"
jurisdiction = "610700"
first_day = 2023-01-01
reference = "r"
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[plugin]\nperiod = 2023\n" + RULE + "flat_yuan = 1\n",
            "Expected a table but got 2023 (type=int) @ $.plugin.period",
        ),
        (
            "[plugin]\nperiod = { first_day = 2024-01-01, last_day = 2023-12-31 }\n"
            + RULE
            + "flat_yuan = 1\n",
            "Expected last_day on or after first_day=2024-01-01 but got 2023-12-31 @ $.plugin.period.last_day",
        ),
        (
            "[plugin]\nperiod = { first_day = 2024-01-01, until = 2025-01-01 }\n"
            + RULE
            + "flat_yuan = 1\n",
            "Expected a key among first_day, last_day but got key='until' @ $.plugin.period.until",
        ),
        (
            RULE + 'ratio = "1.5"\n',
            "Expected a Decimal ratio in (0, 1] but got value=Decimal('1.5') (type=Decimal) @ $.rules[0].ratio",
        ),
        (
            RULE + 'ratio = "30%"\n',
            "Expected a ratio as a decimal string (\"0.30\") but got '30%' (type=str) @ $.rules[0].ratio",
        ),
        (
            RULE + "flat_yuan = 1\ncap_yuan = 2\n",
            "Expected cap_yuan only beside per_head_yuan but got it beside flat_yuan @ $.rules[0].cap_yuan",
        ),
        (
            RULE + "per_head_yuan = {}\n",
            'Expected a table of head count = yuan, e.g. {rural_signed = "300"}, but got {} (type=dict) @ $.rules[0].per_head_yuan',
        ),
        (
            RULE + 'per_head_yuan = "300"\n',
            (
                'Expected a table of head count = yuan, e.g. {rural_signed = "300"}, '
                "but got '300' (type=str) @ $.rules[0].per_head_yuan"
            ),
        ),
        (
            RULE + "flat_yuan = 1\nconditions = 600\n",
            "Expected an array of [[rules.conditions]] tables but got 600 (type=int) @ $.rules[0].conditions",
        ),
        (
            RULE + "flat_yuan = 1\nconditions = [600]\n",
            "Expected a table but got 600 (type=int) @ $.rules[0].conditions[0]",
        ),
        (
            RULE + 'flat_yuan = 1\nconditions = [{ zh = "z", en = "e" }]\n',
            "Expected a kind among declines, minimum_count but the key is missing @ $.rules[0].conditions[0].kind",
        ),
        (
            RULE + 'flat_yuan = 1\ndelegates_to = "610702"\n',
            "Expected an array of six-digit county codes but got '610702' (type=str) @ $.rules[0].delegates_to",
        ),
        ("rules = [1]\n", "Expected a table but got 1 (type=int) @ $.rules[0]"),
        (
            RULE + 'flat_yuan = "1"\nillustrative = 1\n',
            "Expected true or false but got 1 (type=int) @ $.rules[0].illustrative",
        ),
    ],
)
def test_each_key_takes_its_shape_only(text: str, expected: str) -> None:
    """A value of the wrong shape is refused at its key, saying what the key takes."""
    assert _errors(text) == [expected]


def test_a_rule_ending_before_it_starts_is_refused_at_last_day() -> None:
    """last_day before first_day is refused by the rule's own check, at last_day."""
    text = HANZHONG.replace(
        "first_day = 2023-01-01", "first_day = 2023-01-01\nlast_day = 2022-12-31"
    )
    [error] = _errors(text)
    assert error.startswith("Expected last_day >= first_day=2023-01-01")
    assert error.endswith("@ $.rules[0].last_day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[plugin]\ncity = "610700"\n',
            "Expected at least one [[rules]] table but the key is missing @ $.rules",
        ),
        (
            "rules = []\n",
            "Expected at least one [[rules]] table but got [] (type=list) @ $.rules",
        ),
        ("plugin = 1\n[[rules]]\n", "Expected a table but got 1 (type=int) @ $.plugin"),
        ("rules = flat\n", "Expected TOML but got a syntax error"),
    ],
)
def test_a_file_without_rules_or_not_toml_is_refused(text: str, expected: str) -> None:
    """An empty file says nothing: a plugin that supplies nothing is a mistake, as an empty wheel is."""
    assert expected in _errors(text)[0]


def test_a_rule_needs_a_jurisdiction_when_the_plugin_names_no_city() -> None:
    """Without [plugin] city, a rule without jurisdiction is refused at its key."""
    text = HANZHONG.replace('[plugin]\ncity = "610700"\n', "")
    assert _errors(text) == [
        "Expected non-empty text but the key is missing @ $.rules[0].jurisdiction"
    ]


def test_a_rule_may_name_another_jurisdiction_than_the_city() -> None:
    """A rule's own jurisdiction (a county, a zone) overrides [plugin] city."""
    text = HANZHONG.replace(
        'measure = "employment_award"',
        'measure = "employment_award"\njurisdiction = "610702"',
    )
    [rule] = RuleFile.from_text(text, name="h").labourbrand_rules()
    assert rule.jurisdiction == "610702"


def test_the_plugin_name_comes_from_the_file_and_must_fit_a_list(
    tmp_path: pathlib.Path,
) -> None:
    """A file is named after its stem; a stem with a comma or a space cannot be allowed or blocked."""
    good = _write(tmp_path, "han-zhong.v2.toml", HANZHONG)
    assert RuleFile.read(good).name == "han-zhong.v2"
    assert RuleFile.read(good, name="hz").name == "hz"
    bad = _write(tmp_path, "han zhong.toml", HANZHONG)
    with pytest.raises(PolicyDataError, match=r"Expected a plugin name .* @ \$$"):
        RuleFile.read(bad)


def test_a_file_that_is_not_utf8_or_not_readable_is_refused(
    tmp_path: pathlib.Path,
) -> None:
    """Bytes that are not UTF-8, and a missing file, are errors of the file itself (@ $)."""
    path = tmp_path / "hanzhong.toml"
    path.write_bytes(HANZHONG.encode("gbk"))
    with pytest.raises(PolicyDataError, match=r"Expected UTF-8 text .* @ \$"):
        RuleFile.read(path)
    with pytest.raises(PolicyDataError, match=r"Expected a readable rule file .* @ \$"):
        RuleFile.read(tmp_path / "missing.toml")


def test_the_checksum_and_path_are_the_files(tmp_path: pathlib.Path) -> None:
    """path is the file's absolute path, sha256 the checksum of its bytes."""
    path = _write(tmp_path, "hanzhong.toml", HANZHONG)
    plugin = RuleFile.read(path)
    assert plugin.path == str(path.resolve())
    assert plugin.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_rule_file_pickles() -> None:
    """A rule file crosses to worker processes (simulations) whole."""
    plugin = RuleFile.from_text(HANZHONG, name="hanzhong")
    copy = pickle.loads(pickle.dumps(plugin))  # noqa: S301 - our own object
    assert (copy.name, copy.sha256, copy.rules) == (
        plugin.name,
        plugin.sha256,
        plugin.rules,
    )


# ------------------------------------------------------------ files and directories
def test_a_policy_reads_rule_files_and_decides_with_them(
    tmp_path: pathlib.Path,
) -> None:
    """Policy.shaanxi(rule_files=...) prices a brand with the file's amount, naming the file's plugin."""
    path = _write(tmp_path, "hanzhong.toml", HANZHONG)
    policy = Policy.shaanxi(rule_files=[path], entry_points=False)
    decision = policy.employment_award(_brand(), on=ON)
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.amount == Fen.from_yuan(150_000)
    [supplier] = decision.suppliers
    assert (supplier.plugin, supplier.jurisdiction, supplier.reference) == (
        "hanzhong",
        "610700",
        "汉中市人社局文件(示例)",
    )
    assert "illustrative" in decision.explain()


def test_a_directory_is_one_plugin_per_file_in_name_order(
    tmp_path: pathlib.Path,
) -> None:
    """Every *.toml of a directory is a plugin; other files are not read."""
    _write(tmp_path, "shangluo.toml", HANZHONG.replace("610700", "611000"))
    _write(tmp_path, "hanzhong.toml", HANZHONG)
    _write(tmp_path, "notes.txt", "not a rule file")
    files = read_rule_files([tmp_path])
    assert [(f.name, f.city) for f in files] == [
        ("hanzhong", "610700"),
        ("shangluo", "611000"),
    ]


def test_every_bad_file_is_reported_with_its_own_name(tmp_path: pathlib.Path) -> None:
    """Problems of several files come in one error, each line naming its file."""
    _write(tmp_path, "a.toml", HANZHONG.replace('"150000"', "1.0"))
    _write(
        tmp_path, "b.toml", HANZHONG.replace('reference = "汉中市人社局文件(示例)"', "")
    )
    with pytest.raises(PolicyDataError) as info:
        read_rule_files([tmp_path])
    assert info.value.source == "rule files"
    assert [e.split(": ", 1)[0] for e in info.value.errors] == [
        str(tmp_path / "a.toml"),
        str(tmp_path / "b.toml"),
    ]


def test_a_path_with_no_rule_file_is_refused(tmp_path: pathlib.Path) -> None:
    """A missing path, and a directory without *.toml, are errors; so is one path passed bare."""
    with pytest.raises(PolicyDataError, match="found none"):
        read_rule_files([tmp_path / "missing.toml"])
    with pytest.raises(PolicyDataError, match="found none"):
        read_rule_files([tmp_path])
    with pytest.raises(InvalidArgumentError, match="Expected a collection of paths"):
        Policy.shaanxi(rule_files=str(tmp_path / "hanzhong.toml"), entry_points=False)


def test_a_bad_passed_file_raises_and_builds_nothing(tmp_path: pathlib.Path) -> None:
    """A rule file passed to the policy is explicit: its error raises, with the file and path."""
    path = _write(tmp_path, "hanzhong.toml", HANZHONG.replace('"150000"', "150000.0"))
    with pytest.raises(
        PolicyDataError, match=r"hanzhong\.toml: .* @ \$\.rules\[0\]\.flat_yuan"
    ):
        Policy.shaanxi(rule_files=[path], entry_points=False)


# ------------------------------------------------------------ the same checks as code
def test_a_file_and_a_plugin_claiming_one_jurisdiction_conflict(
    tmp_path: pathlib.Path,
) -> None:
    """Two plugins for one measure and jurisdiction are refused, a file among them, naming both."""

    class Code:
        name = "hanzhong-code"

        @hookimpl
        def labourbrand_rules(self) -> list[Rule]:
            return list(RuleFile.from_text(HANZHONG, name="x").rules)

    path = _write(tmp_path, "hanzhong.toml", HANZHONG)
    with pytest.raises(PluginError, match="'hanzhong' and 'hanzhong-code' both supply"):
        Policy.shaanxi(plugins=[Code()], rule_files=[path], entry_points=False)


def test_a_file_rule_for_an_unknown_jurisdiction_names_the_plugin(
    tmp_path: pathlib.Path,
) -> None:
    """The loader checks a file's jurisdictions against the registry, as a plugin's."""
    path = _write(tmp_path, "hanzhong.toml", HANZHONG.replace("610700", "610799"))
    with pytest.raises(
        PluginResultError, match=r"plugin 'hanzhong'.*jurisdiction='610799'"
    ):
        Policy.shaanxi(rule_files=[path], entry_points=False)


def test_a_county_file_rule_needs_its_citys_delegation(tmp_path: pathlib.Path) -> None:
    """A county's rule in a file is refused without the city's delegation, as in code."""
    text = HANZHONG.replace('[plugin]\ncity = "610700"\n', "").replace(
        'measure = "employment_award"',
        'measure = "employment_award"\njurisdiction = "610702"',
    )
    path = _write(tmp_path, "hantai.toml", text)
    with pytest.raises(PluginResultError, match=r"plugin 'hantai'.*delegates_to"):
        Policy.shaanxi(rule_files=[path], entry_points=False)
    city = _write(
        tmp_path,
        "hanzhong.toml",
        HANZHONG.replace(
            "illustrative = true", 'illustrative = true\ndelegates_to = ["610702"]'
        ),
    )
    policy = Policy.shaanxi(rule_files=[city, path], entry_points=False)
    [supplier] = policy.employment_award(_brand("610702"), on=ON).suppliers
    assert (supplier.plugin, supplier.jurisdiction) == ("hantai", "610702")


def test_the_province_cap_applies_to_a_file(tmp_path: pathlib.Path) -> None:
    """A file's amount above 300,000 yuan is capped, as a plugin's is."""
    path = _write(tmp_path, "hanzhong.toml", HANZHONG.replace('"150000"', '"400000"'))
    policy = Policy.shaanxi(rule_files=[path], entry_points=False)
    assert policy.employment_award(_brand(), on=ON).amount == Fen.from_yuan(300_000)


def test_a_blocked_file_does_not_load(tmp_path: pathlib.Path) -> None:
    """block applies to files by their name."""
    path = _write(tmp_path, "hanzhong.toml", HANZHONG)
    policy = Policy.shaanxi(rule_files=[path], block=["hanzhong"], entry_points=False)
    assert [p.name for p in list_plugins(policy)] == ["shaanxi-province"]


# ------------------------------------------------------------ listing
def test_the_listing_names_the_file_and_its_checksum(tmp_path: pathlib.Path) -> None:
    """list_plugins gives a file's path and SHA-256; code has neither."""
    path = _write(tmp_path, "hanzhong.toml", HANZHONG)
    policy = Policy.shaanxi(rule_files=[path], entry_points=False)
    hanzhong, province = list_plugins(policy)
    assert (hanzhong.name, hanzhong.source) == ("hanzhong", "argument")
    assert hanzhong.file == str(path.resolve())
    assert hanzhong.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert hanzhong.hooks == ("labourbrand_period", "labourbrand_rules")
    assert [r.formula for r in hanzhong.rules] == ["flat ¥150,000.00"]
    assert (province.file, province.sha256) == (None, None)


# ------------------------------------------------------------ LABOURBRAND_RULES
@pytest.fixture
def env_rules(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., None]:
    """Set LABOURBRAND_RULES to paths of tmp_path."""

    def set_(*names: str) -> None:
        monkeypatch.setenv(RULES_ENV, os.pathsep.join(str(tmp_path / n) for n in names))

    return set_


def test_env_files_load_as_installed_plugins(
    tmp_path: pathlib.Path, env_rules: Callable[..., None]
) -> None:
    """The files and directories of LABOURBRAND_RULES load, with the source 'environment'."""
    folder = tmp_path / "rules"
    folder.mkdir()
    _write(folder, "shangluo.toml", HANZHONG.replace("610700", "611000"))
    _write(tmp_path, "hanzhong.toml", HANZHONG)
    env_rules("hanzhong.toml", "rules")
    policy = Policy.shaanxi()
    found = {p.name: p for p in list_plugins(policy)}
    assert found["hanzhong"].source == "environment"
    assert found["shangluo"].file == str((folder / "shangluo.toml").resolve())
    assert policy.employment_award(_brand(), on=ON).amount == Fen.from_yuan(150_000)


def test_env_files_follow_entry_points_allow_and_block(
    tmp_path: pathlib.Path, env_rules: Callable[..., None]
) -> None:
    """entry_points=False, an allow list and a block list apply to them as to entry points."""
    _write(tmp_path, "hanzhong.toml", HANZHONG)
    _write(tmp_path, "shangluo.toml", HANZHONG.replace("610700", "611000"))
    env_rules("hanzhong.toml", "shangluo.toml")

    def names(**kwargs: Any) -> set[str]:  # noqa: ANN401 - Policy.shaanxi's options
        loaded = {p.name for p in list_plugins(Policy.shaanxi(**kwargs))}
        return loaded - {"shaanxi-province"}

    assert names() == {"hanzhong", "shangluo"}
    assert names(entry_points=False) == set()
    assert names(allow=["shangluo"]) == {"shangluo"}
    assert names(block=["shangluo"]) == {"hanzhong"}


def test_a_bad_env_file_is_skipped_with_a_warning_unless_strict(
    tmp_path: pathlib.Path, env_rules: Callable[..., None]
) -> None:
    """An installed rule file that fails is a PluginFailure and a warning; strict raises, naming it."""
    _write(tmp_path, "hanzhong.toml", HANZHONG.replace('"150000"', "150000.0"))
    env_rules("hanzhong.toml", "missing.toml")
    with pytest.warns(LabourBrandWarning) as caught:
        policy = Policy.shaanxi()
    assert [str(w.message).split(" (")[0] for w in caught] == [
        "skipped plugin 'hanzhong'",
        "skipped plugin 'missing'",
    ]
    failures = [(f.name, f.stage, f.distribution) for f in policy.plugin_failures]
    assert failures == [("hanzhong", "import", None), ("missing", "import", None)]
    assert "@ $.rules[0].flat_yuan" in policy.plugin_failures[0].reason
    assert policy.plugin_failures[0].reason.startswith(f"{RULES_ENV}: ")
    with pytest.raises(
        PluginError, match=r"(?s)plugin 'hanzhong': LABOURBRAND_RULES: .*flat_yuan"
    ):
        Policy.shaanxi(strict=True)


def test_a_passed_file_replaces_an_env_file_of_its_name(
    tmp_path: pathlib.Path, env_rules: Callable[..., None]
) -> None:
    """A rule file passed under a name wins over the installed one of that name, silently."""
    folder = tmp_path / "passed"
    folder.mkdir()
    passed = _write(folder, "hanzhong.toml", HANZHONG.replace('"150000"', '"90000"'))
    _write(tmp_path, "hanzhong.toml", HANZHONG)
    env_rules("hanzhong.toml")
    policy = Policy.shaanxi(rule_files=[passed])
    assert policy.plugin_failures == ()
    assert policy.employment_award(_brand(), on=ON).amount == Fen.from_yuan(90_000)


def test_an_env_file_cannot_take_an_entry_points_name(
    tmp_path: pathlib.Path,
    env_rules: Callable[..., None],
    install: Callable[..., None],
) -> None:
    """Two installed plugins of one name: the second (the file) is skipped, naming the first."""
    install(
        "hanzhong-demo",
        "1.0",
        {"hanzhong": "hanzhong_demo:rules.toml"},
    )
    package = tmp_path / "hanzhong_demo"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    _write(package, "rules.toml", HANZHONG)
    folder = tmp_path / "env"
    folder.mkdir()
    _write(folder, "hanzhong.toml", HANZHONG)
    env_rules("env")
    with pytest.warns(
        LabourBrandWarning, match="already supplies a plugin named 'hanzhong'"
    ):
        policy = Policy.shaanxi()
    [failure] = policy.plugin_failures
    assert (failure.name, failure.stage) == ("hanzhong", "register")


# ------------------------------------------------------------ entry points
def test_an_entry_point_may_name_a_rule_file_of_its_package(
    tmp_path: pathlib.Path, install: Callable[..., None]
) -> None:
    """``name = "package:rules.toml"`` loads the package's file, named after the entry point."""
    install("hanzhong-labourbrand", "0.4.0", {"hanzhong": "hanzhong_files:rules.toml"})
    package = tmp_path / "hanzhong_files"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    rules = _write(package, "rules.toml", HANZHONG)
    policy = Policy.shaanxi(allow=["hanzhong"], strict=True)
    [info] = [p for p in list_plugins(policy) if p.name == "hanzhong"]
    assert (info.source, info.distribution, info.version) == (
        "entry point",
        "hanzhong-labourbrand",
        "0.4.0",
    )
    assert info.sha256 == hashlib.sha256(rules.read_bytes()).hexdigest()
    assert info.file is not None
    assert info.file.endswith("rules.toml")
    decision = policy.employment_award(_brand(), on=ON)
    assert decision.suppliers[0].version == "0.4.0"


def test_an_entry_point_to_a_missing_or_bad_file_fails_to_import(
    tmp_path: pathlib.Path, install: Callable[..., None]
) -> None:
    """The failure names the package's file, and the bad key's path; strict raises it."""
    install("hanzhong-labourbrand", "0.4.0", {"hanzhong": "hanzhong_bad:rules.toml"})
    package = tmp_path / "hanzhong_bad"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    with pytest.warns(LabourBrandWarning):
        policy = Policy.shaanxi(allow=["hanzhong"])
    [failure] = policy.plugin_failures
    assert failure.stage == "import"
    assert "Expected the rule file rules.toml in package hanzhong_bad" in failure.reason
    _write(package, "rules.toml", HANZHONG.replace('"150000"', "1.5"))
    with pytest.raises(
        PluginError, match=r"hanzhong_bad:rules\.toml: .* @ \$\.rules\[0\]\.flat_yuan"
    ):
        Policy.shaanxi(allow=["hanzhong"], strict=True)


def test_an_allowed_env_file_is_installed_not_missing(
    tmp_path: pathlib.Path, env_rules: Callable[..., None]
) -> None:
    """installed_names has the files of LABOURBRAND_RULES, so allowing one is no 'missing' failure."""
    _write(tmp_path, "hanzhong.toml", HANZHONG)
    env_rules("hanzhong.toml", "absent.toml")
    assert {"hanzhong", "absent"} <= installed_names()
    policy = Policy.shaanxi(allow=["hanzhong"], strict=True)
    assert policy.plugin_failures == ()
    assert [s.plugin for s in policy.rules] == ["hanzhong"]
    with pytest.raises(PluginError, match="'elsewhere'"):
        Policy.shaanxi(allow=["hanzhong", "elsewhere"], strict=True)
