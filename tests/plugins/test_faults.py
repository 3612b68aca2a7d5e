"""Faulty plugins: each fault gives an error naming the plugin, nothing half-applied."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pendulum
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from labourbrand import Brand, Fen, WorkforceObservation, hookimpl
from labourbrand.cli import main
from labourbrand.exceptions import PluginError, PluginResultError
from labourbrand.plugins import get_plugin_manager
from labourbrand.policy import (
    ExitIndicators,
    Flat,
    Measure,
    PerHead,
    Policy,
    Ratio,
    Rule,
)
from labourbrand.rules import HEAD_COUNTS
from labourbrand.serialization import to_json
from labourbrand.testing import strategies as lbst


if TYPE_CHECKING:
    import pathlib
    from collections.abc import Callable

    Install = Callable[..., None]

D = pendulum.Date
BRAND = Brand(
    name_zh="紫阳修脚师",
    county="610924",
    workforce=[
        WorkforceObservation(
            on=D(2023, 6, 30), practitioners=900, rural=800, rural_signed=600
        )
    ],
)


def _rule(
    jurisdiction: str = "610900",
    first_day: str = "2023-01-01",
    **kw: Any,  # noqa: ANN401 - any Rule field
) -> Rule:
    return Rule(
        measure=Measure.EMPLOYMENT_AWARD,
        jurisdiction=jurisdiction,
        first_day=first_day,
        formula=kw.pop("formula", Flat(Fen.from_yuan(100_000))),
        reference="illustrative",
        illustrative=True,
        **kw,
    )


class Returns:
    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value

    @hookimpl
    def labourbrand_rules(self) -> object:
        return self.value


class Raises:
    name = "raiser"

    @hookimpl
    def labourbrand_rules(self) -> object:
        msg = "database down"
        raise RuntimeError(msg)


def test_hook_that_raises_names_plugin_and_hook() -> None:
    """An exception in a plugin's hook becomes a PluginError naming both."""
    with pytest.raises(
        PluginError,
        match=r"plugin 'raiser', hook 'labourbrand_rules': raised RuntimeError: database down",
    ) as info:
        Policy.shaanxi(plugins=[Raises()], entry_points=False)
    assert info.value.plugin_name == "raiser"
    assert isinstance(info.value.__cause__, RuntimeError)


def test_result_that_is_not_a_rule() -> None:
    """A float instead of a rule is a PluginResultError carrying the value."""
    with pytest.raises(PluginResultError, match=r"got 150000.0 \(type=float\)") as info:
        Policy.shaanxi(plugins=[Returns("floaty", [150000.0])], entry_points=False)
    assert info.value.value == 150000.0
    assert info.value.plugin_name == "floaty"


def test_result_that_is_not_iterable() -> None:
    """A single rule instead of a list is a PluginResultError."""
    with pytest.raises(PluginResultError, match="iterable"):
        Policy.shaanxi(plugins=[Returns("single", _rule())], entry_points=False)


def test_unknown_jurisdiction() -> None:
    """A rule for a code that is not in the registry is refused."""
    with pytest.raises(PluginResultError, match="jurisdiction='610999'"):
        Policy.shaanxi(plugins=[Returns("typo", [_rule("610999")])], entry_points=False)


def test_two_plugins_claiming_one_city() -> None:
    """Two plugins with rules for the same measure and city fail at load, naming both."""
    with pytest.raises(
        PluginError,
        match="plugins 'a' and 'b' both supply employment_award rules for jurisdiction '610900'",
    ):
        Policy.shaanxi(
            plugins=[Returns("a", [_rule()]), Returns("b", [_rule()])],
            entry_points=False,
        )


def test_overlapping_rules_of_one_plugin() -> None:
    """Dated rules of one jurisdiction must not overlap."""
    rules = [_rule(first_day="2023-01-01"), _rule(first_day="2024-01-01")]
    with pytest.raises(PluginError, match="overlap"):
        Policy.shaanxi(plugins=[Returns("o", rules)], entry_points=False)
    ok = [
        _rule(first_day="2023-01-01", last_day="2023-12-31"),
        _rule(first_day="2024-01-01"),
    ]
    assert (
        len(Policy.shaanxi(plugins=[Returns("o", ok)], entry_points=False).rules) == 2
    )


def test_misspelled_hook_is_caught() -> None:
    """A hook name labourbrand does not define fails check_pending, naming the plugin."""

    class Misspelled:
        name = "speller"

        @hookimpl
        def labourbrand_rule(self) -> list[Rule]:
            return []

    with pytest.raises(PluginError, match="plugin 'speller'"):
        get_plugin_manager(plugins=[Misspelled()], entry_points=False)


def test_wrong_argument_name_is_caught() -> None:
    """A hook implementation with an argument the spec lacks is refused at registration."""

    class WrongArgs:
        name = "wrongargs"

        @hookimpl
        def labourbrand_rules(self, city: str) -> list[Rule]:  # noqa: ARG002 - the fault under test
            return []

    with pytest.raises(
        PluginError, match=r"(?s)plugin 'wrongargs'.*Argument\(s\) \{'city'\}"
    ):
        get_plugin_manager(plugins=[WrongArgs()], entry_points=False)


def test_formula_faults_name_plugin_and_jurisdiction() -> None:
    """A per-brand formula that raises or returns a non-Fen is reported at decision time."""

    def boom(_b: Brand, _o: object, _on: pendulum.Date) -> Fen:
        msg = "bad formula"
        raise ZeroDivisionError(msg)

    policy = Policy.shaanxi(
        plugins=[Returns("f", [_rule(formula=boom)])], entry_points=False
    )
    with pytest.raises(PluginError, match="jurisdiction '610900'") as info:
        policy.employment_award(BRAND, on=D(2023, 7, 1))
    assert info.value.plugin_name == "f"

    for bad in (1500.0, -5, 100):
        policy = Policy.shaanxi(
            plugins=[Returns("g", [_rule(formula=lambda *_, v=bad: v)])],
            entry_points=False,
        )
        with pytest.raises(PluginResultError, match="Expected a Fen amount") as err:
            policy.employment_award(BRAND, on=D(2023, 7, 1))
        assert err.value.value == bad


def test_formula_may_return_none_or_fen() -> None:
    """A per-brand formula returning None leaves no amount; a Fen is used and capped."""
    policy = Policy.shaanxi(
        plugins=[Returns("n", [_rule(formula=lambda *_: None)])], entry_points=False
    )
    assert policy.employment_award(BRAND, on=D(2023, 7, 1)).amount is None
    big = Fen.from_yuan(1_000_000)
    policy = Policy.shaanxi(
        plugins=[Returns("m", [_rule(formula=lambda *_: big)])], entry_points=False
    )
    decision = policy.employment_award(BRAND, on=D(2023, 7, 1))
    assert decision.amount == Fen.from_yuan(300_000)
    assert decision.capped


def test_same_plugin_twice() -> None:
    """Registering two plugins under one name is a PluginError."""
    with pytest.raises(PluginError, match="plugin 'dup'"):
        get_plugin_manager(
            plugins=[Returns("dup", []), Returns("dup", [])], entry_points=False
        )


# ------------------------------------------- rules checked whole at build time
def _unchecked(cls: type, **fields: Any) -> Any:  # noqa: ANN401 - a value built around its validators
    """*cls* built with attrs validators off, as a careless plugin could."""
    with attrs.validators.disabled():
        return cls(**fields)


@pytest.mark.parametrize(
    ("formula", "path", "shown"),
    [
        (_unchecked(Flat, amount=10_000_000), "formula.amount", "10000000 (type=int)"),
        (_unchecked(Flat, amount=100000.0), "formula.amount", "100000.0 (type=float)"),
        (_unchecked(Flat, amount="100000"), "formula.amount", "'100000' (type=str)"),
        (
            _unchecked(PerHead, rates=(("rural_signed", Fen(100)),), cap=500_000),
            "formula.cap",
            "500000 (type=int)",
        ),
        (
            _unchecked(PerHead, rates=(("rural_signed", 100),)),
            "formula.rates",
            "('rural_signed', 100)",
        ),
        (
            Flat(_unchecked(Fen, amount=2.5)),
            "formula.amount.amount",
            "2.5 (type=float)",
        ),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_wrong_typed_amounts_are_refused_when_the_policy_is_built(
    formula: object, path: str, shown: str, *, strict: bool
) -> None:
    """An amount that is not a Fen is refused at build, strict or not, naming plugin, hook and field."""
    rules = [_rule("610100"), _rule(formula=formula)]
    with pytest.raises(PluginError) as info:
        Policy.shaanxi(
            plugins=[Returns("careless", rules)], entry_points=False, strict=strict
        )
    message = str(info.value)
    assert message.startswith("plugin 'careless', hook 'labourbrand_rules': Expected")
    assert message.endswith(f" @ $[1].{path}")
    assert shown in message
    assert (info.value.plugin_name, info.value.hook) == (
        "careless",
        "labourbrand_rules",
    )


def test_a_rule_changed_after_it_was_built_is_refused() -> None:
    """A field set around the rule's validators (object.__setattr__) is refused at build."""
    rule = _rule()
    object.__setattr__(rule, "first_day", "2023-01-01")
    with pytest.raises(
        PluginError,
        match=r"Expected a pendulum.Date from 1949-10-01 to 2100-12-31 but got first_day='2023-01-01' \(type=str\) "
        r"@ \$\[0\]\.first_day$",
    ):
        Policy.shaanxi(plugins=[Returns("mutated", [rule])], entry_points=False)
    rule = _rule(last_day="2023-12-31")
    object.__setattr__(rule, "last_day", D(2022, 1, 1))
    with pytest.raises(
        PluginError, match=r"Expected last_day >= first_day.* @ \$\[0\]$"
    ):
        Policy.shaanxi(plugins=[Returns("mutated", [rule])], entry_points=False)


def test_a_ratio_for_an_amount_is_refused_when_the_policy_is_built() -> None:
    """A Ratio where the measure takes an amount never reaches a decision."""
    with pytest.raises(PluginResultError, match="a Ratio is not an amount") as info:
        Policy.shaanxi(
            plugins=[Returns("ratio", [_rule(formula=Ratio(Decimal("0.3")))])],
            entry_points=False,
        )
    assert info.value.plugin_name == "ratio"


@pytest.mark.parametrize(
    "measure", [Measure.EMPLOYMENT_AWARD, Measure.TRANSPORT_SUBSIDY]
)
def test_only_the_baseline_sets_province_wide_values(measure: Measure) -> None:
    """A plugin's rule for the whole province (610000) is refused, naming the plugin."""
    rule = (
        _rule("610000")
        if measure is Measure.EMPLOYMENT_AWARD
        else Rule(
            measure=measure,
            jurisdiction="610000",
            first_day="2023-01-01",
            formula=Flat(Fen.from_yuan(500)),
            reference="illustrative",
        )
    )
    with pytest.raises(
        PluginResultError,
        match=r"^plugin 'wide', hook 'labourbrand_rules': Expected a rule for a "
        r"city-level unit or a county but got jurisdiction='610000', the whole "
        r"province: only the province's baseline plugin sets province-wide values",
    ) as info:
        Policy.shaanxi(plugins=[Returns("wide", [rule])], entry_points=False)
    assert info.value.value == rule


# Values of the wrong type a plugin could put in any field.
_WRONG = st.one_of(
    st.integers(-(10**16), 10**16),
    st.floats(allow_nan=True),
    st.text(max_size=4),
    st.none(),
    st.booleans(),
    st.decimals(allow_nan=False, places=2, min_value=-2, max_value=2),
    st.tuples(st.integers()),
)
_FENS = st.integers(0, 10**7).map(Fen)
# A Fen, or anything else, or a Fen holding anything else.
_AMOUNTS = st.one_of(_FENS, _WRONG, _WRONG.map(lambda v: _unchecked(Fen, amount=v)))
_FORMULAS = st.one_of(
    _AMOUNTS.map(lambda a: _unchecked(Flat, amount=a)),
    st.builds(
        lambda rates, cap: _unchecked(PerHead, rates=rates, cap=cap),
        st.lists(
            st.tuples(st.sampled_from(sorted(HEAD_COUNTS)) | _WRONG, _AMOUNTS),
            max_size=2,
        ).map(tuple)
        | _WRONG,
        st.none() | _AMOUNTS,
    ),
    st.one_of(st.decimals("0.01", "1", places=2), _WRONG).map(
        lambda r: _unchecked(Ratio, value=r)
    ),
    _WRONG,
)
# The formulas of a careful plugin, so that many drawn rule sets build.
_SOUND_AMOUNTS = st.one_of(
    _FENS.map(Flat),
    st.builds(
        lambda rates, cap: PerHead(rates=rates, cap=cap),
        st.lists(
            st.tuples(st.sampled_from(sorted(HEAD_COUNTS)), _FENS),
            min_size=1,
            max_size=2,
        ),
        st.none() | _FENS,
    ),
)
_SOUND_RATIOS = st.decimals("0.01", "1", places=2).map(Ratio)
_MEASURES = sorted(Policy.shaanxi(entry_points=False).document.rule_ids)
# City-level units (杨凌示范区 and 韩城市 among them), a county of 安康市, the province.
_JURISDICTIONS = ["610900", "610100", "yangling", "610581", "610924", "610000"]
_FIELDS = ["measure", "jurisdiction", "first_day", "last_day", "reference",
           "illustrative", "delegates_to", "conditions"]  # fmt: skip


@st.composite
def _rules(draw: st.DrawFn) -> Rule:
    """A rule of any measure and jurisdiction; a careless one's formula or a field may be of a wrong type."""
    careless = draw(st.integers(0, 2)) == 0
    measure = draw(st.sampled_from(_MEASURES))
    if careless:
        formula = draw(_FORMULAS)
    else:
        sound = _SOUND_RATIOS if measure == Measure.EXIT_JOB_FALL else _SOUND_AMOUNTS
        formula = draw(sound)
    jurisdiction = draw(st.sampled_from(_JURISDICTIONS))
    rule = _unchecked(
        Rule,
        measure=measure,
        jurisdiction=jurisdiction,
        first_day=draw(st.sampled_from(["2022-04-29", "2023-01-01"])),
        last_day=draw(st.sampled_from([None, "2024-12-31"])),
        formula=formula,
        reference="illustrative",
        illustrative=True,
        # 安康市 may let 紫阳县 set its own (the others' delegation is refused).
        delegates_to=draw(st.sampled_from([(), ("610924",)]))
        if careless or jurisdiction == "610900"
        else (),
    )
    if careless and draw(st.booleans()):
        object.__setattr__(rule, draw(st.sampled_from(_FIELDS)), draw(_WRONG))
    return rule  # type: ignore[no-any-return]


@settings(max_examples=300, deadline=None)
@given(
    rules=st.lists(_rules(), max_size=3),
    brands=st.lists(lbst.brands(max_events=3), min_size=1, max_size=3),
    on=st.sampled_from([D(2022, 4, 29), D(2023, 7, 1), D(2025, 12, 31)]),
)
def test_a_rule_set_is_refused_at_build_or_every_decision_succeeds(
    rules: list[Rule], brands: list[Brand], on: pendulum.Date
) -> None:
    """Any rule set, wrong types included: the build refuses it naming the plugin, or nothing fails later."""
    try:
        policy = Policy.shaanxi(plugins=[Returns("drawn", rules)], entry_points=False)
    except PluginError as exc:
        assert (exc.plugin_name, exc.hook) == ("drawn", "labourbrand_rules")
        event("refused when the policy is built")
        return
    event(f"built with {len(policy.rules)} rule(s)")
    indicators = ExitIndicators(jobs_before=800, jobs_now=500, as_of=on)
    for brand in brands:
        for measure in policy.document.measures:
            policy.decide(measure.id, brand, on=on)
        policy.evaluate(brand, on=on)
        if brand.county is not None:
            policy.exit_assessment(brand, indicators, on=on)


# ------------------------- a faulty county plugin, through `labourbrand evaluate`
#: 安康市's rule: 100,000 yuan, and 紫阳县 (610924) may set its own.
CITY = """
from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, Rule

@hookimpl
def labourbrand_rules():
    return [Rule(measure=Measure.EMPLOYMENT_AWARD, jurisdiction="610900",
                 first_day="2022-04-29", formula=Flat(Fen.from_yuan(100_000)),
                 reference="illustrative", illustrative=True, delegates_to=["610924"])]
"""
_HEAD = """
import attrs
import pluggy
from decimal import Decimal
from labourbrand import Fen, hookimpl
from labourbrand.policy import Flat, Measure, PerHead, Ratio, Rule

def rule(formula, jurisdiction="610924", first_day="2022-04-29", **kw):
    return Rule(measure=kw.pop("measure", Measure.EMPLOYMENT_AWARD),
                jurisdiction=jurisdiction, first_day=first_day, formula=formula,
                reference="illustrative", illustrative=True, **kw)

def unchecked(cls, *args, **kw):
    with attrs.validators.disabled():
        return cls(*args, **kw)
"""


def _county(body: str, *, marked: str = "@hookimpl", args: str = "") -> str:
    """Source of 紫阳县's plugin module: a rules hook returning *body*."""
    return f"{_HEAD}\n{marked}\ndef labourbrand_rules({args}):\n    {body}\n"


#: 紫阳县's plugin, whole: 120,000 yuan.
COUNTY = _county("return [rule(Flat(Fen.from_yuan(120_000)))]")

#: Faults of 紫阳县's plugin: its source (or None: installed whole), its entry
#: point, the allow list, and how the non-strict run reports it on stderr.
FAULTS: dict[str, tuple[str | None, str, str, str]] = {
    "raises on import": (
        "raise RuntimeError('no database')",
        "lbt_ziyang",
        "ziyang",
        "failed at import",
    ),
    "module missing": (None, "lbt_not_there", "ziyang", "failed at import"),
    "attribute missing": (COUNTY, "lbt_ziyang:Missing", "ziyang", "failed at import"),
    "hook with a wrong argument": (
        _county("return []", args="city"),
        "lbt_ziyang",
        "ziyang",
        "failed at register",
    ),
    "misspelt hook": (
        COUNTY.replace("def labourbrand_rules", "def labourbrand_rule"),
        "lbt_ziyang",
        "ziyang",
        "failed at register",
    ),
    "hook without @hookimpl": (
        _county("return [rule(Flat(Fen.from_yuan(120_000)))]", marked=""),
        "lbt_ziyang",
        "ziyang",
        "contributes nothing",
    ),
    "hook marked for another project": (
        _county(
            "return [rule(Flat(Fen.from_yuan(120_000)))]",
            marked="@pluggy.HookimplMarker('other')",
        ),
        "lbt_ziyang",
        "ziyang",
        "contributes nothing",
    ),
    "hook raises": (
        _county("raise RuntimeError('database down')"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "returns None": (_county("return None"), "lbt_ziyang", "ziyang", "failed at rules"),
    "returns one rule, not a list": (
        _county("return rule(Flat(Fen.from_yuan(120_000)))"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "returns a float": (
        _county("return [120000.0]"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "amount as int": (
        _county("return [rule(unchecked(Flat, 12_000_000))]"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "amount as float": (
        _county("return [rule(unchecked(Flat, 12_000_000.0))]"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "amount as str": (
        _county("return [rule(unchecked(Flat, '12000000'))]"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "Fen of a float": (
        _county("return [rule(Flat(unchecked(Fen, 12_000_000.0)))]"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "per-head cap as int": (
        _county(
            "return [rule(unchecked(PerHead, rates=(('rural_signed', Fen(20_000)),),"
            " cap=12_000_000))]"
        ),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "day changed after the rule was built": (
        _county(
            "r = rule(Flat(Fen.from_yuan(120_000)))\n"
            "    object.__setattr__(r, 'first_day', '2022-04-29')\n"
            "    return [r]"
        ),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "unknown jurisdiction": (
        _county("return [rule(Flat(Fen.from_yuan(120_000)), '619924')]"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "overlapping rules": (
        _county(
            "return [rule(Flat(Fen.from_yuan(120_000))),"
            " rule(Flat(Fen.from_yuan(1)), first_day='2023-01-01')]"
        ),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "ratio for the award": (
        _county("return [rule(Ratio(Decimal('0.3')))]"),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "province-wide rule": (
        _county(
            "return [rule(Flat(Fen.from_yuan(120_000))),"
            " rule(Flat(Fen(50_000)), '610000', measure=Measure.TRANSPORT_SUBSIDY)]"
        ),
        "lbt_ziyang",
        "ziyang",
        "failed at rules",
    ),
    "misspelt in the allow list": (
        COUNTY,
        "lbt_ziyang",
        "ziyangg",
        "failed at missing",
    ),
}


@pytest.fixture
def brand_file(tmp_path: pathlib.Path) -> str:
    """A file with one brand of 紫阳县 that absorbed 600 rural workers with agreements."""
    path = tmp_path / "brands.json"
    path.write_text(to_json([BRAND]), encoding="utf-8")
    return str(path)


def _evaluate(
    capsys: pytest.CaptureFixture[str], brand_file: str, allow: str, *more: str
) -> tuple[int, str, str]:
    argv = ["evaluate", brand_file, "--on", "2023-07-01", "--format", "json"]
    code = main([*argv, "--allow", f"ankang,{allow}", *more])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _award(out: str) -> object:
    (brand,) = json.loads(out)
    return brand["decisions"][0]["amount"]


def _install(install: Install, source: str | None, entry_point: str) -> None:
    install("labourbrand-ankang", "1.0", {"ankang": "lbt_ankang"}, lbt_ankang=CITY)
    modules = {} if source is None else {"lbt_ziyang": source}
    install("labourbrand-ziyang", "0.1", {"ziyang": entry_point}, **modules)


def test_a_whole_county_plugin_sets_its_own_amount(
    install: Install, capsys: pytest.CaptureFixture[str], brand_file: str
) -> None:
    """Without a fault, 紫阳县's 120,000 yuan is used, strict or not, and stderr says who supplied it."""
    _install(install, COUNTY, "lbt_ziyang")
    for strict in ((), ("--strict",)):
        code, out, err = _evaluate(capsys, brand_file, "ziyang", *strict)
        assert (code, _award(out)) == (0, 12_000_000)
        assert err == (
            "labourbrand: plugin ankang 1.0 supplied none of these decisions\n"
            "labourbrand: plugin ziyang 0.1 supplied 1 decision(s): "
            "employment_award in 610924 (1)\n"
        )


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_county_plugin_is_never_silent(
    install: Install, capsys: pytest.CaptureFixture[str], brand_file: str, fault: str
) -> None:
    """A faulty county plugin: with --strict exit 2 naming it; without, its city's amount and stderr says why."""
    source, entry_point, allow, said = FAULTS[fault]
    _install(install, source, entry_point)
    code, out, err = _evaluate(capsys, brand_file, allow, "--strict")
    assert (code, out) == (2, "")
    assert err.startswith(f"labourbrand: error: plugin '{allow}'"), err
    code, out, err = _evaluate(capsys, brand_file, allow)
    assert (code, _award(out)) == (0, 10_000_000)
    assert f"labourbrand: warning: plugin '{allow}'" in err or (
        f"labourbrand: warning: skipped plugin '{allow}'" in err
    ), err
    # The summary's last line names the plugin and what became of it.
    last = err.splitlines()[-1]
    assert re.fullmatch(rf"labourbrand: plugin {allow}( 0\.1)? {said}\b.*", last), last
