"""Tests of the clause registry of 陕人社发〔2022〕13号 against its official text."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import types
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
import pytest

from labourbrand.exceptions import InvalidArgumentError, PolicyDataError
from labourbrand.policy._clause_files import read_clauses as _load
from labourbrand.policy.clauses import (
    Body,
    Clause,
    ClauseKind,
    ClauseRegistry,
    Document,
    clauses,
)


if TYPE_CHECKING:
    from collections.abc import Mapping


# The official text, copied unchanged as a fixture (see data/README.md).
TEXT: Final = (Path(__file__).parent / "data" / "shaanxi-2022-13.zh.txt").read_text(
    encoding="utf-8"
)
LINES: Final = TEXT.splitlines()

IDS: Final = (
    "preamble",
    "1",
    "2",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "4.1",
    "4.2",
    "4.3",
    "5.1",
    "5.2",
    "5.3",
    "6.1",
    "6.2",
    "6.3",
    "7.1",
    "7.2",
    "7.3",
    "7.4",
)

# The marks of the clause digest (CLAUSES.md): Q quantified, D delegated,
# O obligation or target. An id without a mark is descriptive.
KINDS: Final[Mapping[str, str]] = {
    "preamble": "",
    "1": "",
    "2": "OQ",
    # Plans (3.1, 7.1, 7.2) and the expert pool (7.4) are obligations a
    # region or the province may be checked on (Policy.obligation).
    "3.1": "O",
    "3.2": "OQ",
    "3.3": "",
    "3.4": "DO",
    "4.1": "DOQ",
    "4.2": "DQ",
    "4.3": "DO",
    "5.1": "D",
    "5.2": "O",
    "5.3": "",
    "6.1": "",
    "6.2": "",
    "6.3": "",
    "7.1": "O",
    "7.2": "O",
    "7.3": "D",
    "7.4": "O",
}

ZH_DIGITS: Final = "一二三四五六七八九"
PART_RE: Final = re.compile(r"([一二三四五六七八九])、(.+)")
ITEM_RE: Final = re.compile(r"\(([一二三四五六七八九])\)([^。]+)。")
PARENTHESIS_RE: Final = re.compile(r"\(([^()]+?)(?:按职责分工)?负责\)$")


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_structure() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Read the clause ids, headings and bodies off the official text."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {"preamble": ("序言", ())}
    part = 0
    for line in LINES:
        if m := PART_RE.fullmatch(line):
            part = ZH_DIGITS.index(m[1]) + 1
            found[str(part)] = (m[2], ())
        elif m := ITEM_RE.match(line):
            found.pop(str(part), None)  # a part with items is cited by its items
            bodies = PARENTHESIS_RE.search(line)
            assert bodies is not None, line
            item = ZH_DIGITS.index(m[1]) + 1
            found[f"{part}.{item}"] = (m[2], tuple(bodies[1].split("、")))
    return found


def issuers() -> list[str]:
    """Return the 20 issuers signed at the end of the text."""
    last_item = max(i for i, line in enumerate(LINES) if ITEM_RE.match(line))
    return LINES[last_item + 1 : -1]


# ---------------------------------------------------------------------------
# The packaged registry against the text


def test_ids_are_the_twenty_clauses_in_document_order() -> None:
    """The registry holds the 20 clause ids of the digest, in document order."""
    registry = clauses()
    assert [c.id for c in registry] == list(IDS)
    assert registry.ids() == IDS
    assert len(registry) == 20


def test_ids_follow_the_structure_of_the_text() -> None:
    """The ids are exactly the preamble, the parts without items and the items of the text."""
    assert tuple(text_structure()) == clauses().ids()


@pytest.mark.parametrize("clause_id", IDS)
def test_every_id_of_the_digest_is_present(clause_id: str) -> None:
    """Each id of the digest is a key of the registry with a clause of that id."""
    registry = clauses()
    assert clause_id in registry
    assert registry[clause_id].id == clause_id


@pytest.mark.parametrize("clause_id", IDS)
def test_titles_are_the_headings_of_the_text(clause_id: str) -> None:
    """Each title_zh is the clause's heading as the text writes it."""
    assert clauses()[clause_id].title_zh == text_structure()[clause_id][0]


@pytest.mark.parametrize("clause_id", IDS)
def test_excerpts_are_verbatim(clause_id: str) -> None:
    """Each text_zh is a contiguous excerpt of the official text, whitespace aside."""
    assert normalise(clauses()[clause_id].text_zh) in normalise(TEXT)


@pytest.mark.parametrize("clause_id", IDS)
def test_excerpts_are_short(clause_id: str) -> None:
    """Each text_zh is an excerpt of one item (at most about 400 characters), not a whole part.

    3.2 is the longest: its four domains and the sentence on who takes part
    (which :class:`~labourbrand.CreatingUnitKind` rests on).
    """
    assert 20 <= len(clauses()[clause_id].text_zh) <= 400


@pytest.mark.parametrize(
    ("clause_id", "number"),
    [
        ("2", "100个以上"),
        ("2", "一县一品牌"),
        ("2", "10个以上全国知名"),
        ("3.2", "10个以上"),
        ("4.1", "不少于1个"),
        ("4.1", "至少建设1个"),
        ("4.2", "500人以上"),
        ("4.2", "30万元"),
    ],
)
def test_quantified_excerpts_contain_their_numbers(clause_id: str, number: str) -> None:
    """The excerpt of a quantified clause includes the sentence with its number."""
    assert number in clauses()[clause_id].text_zh


def test_every_domain_target_of_3_2_is_quoted() -> None:
    """The excerpt of 3.2 quotes the target of 10 brands for each of the four domains."""
    assert clauses()["3.2"].text_zh.count("打造10个以上") == 4


@pytest.mark.parametrize("clause_id", IDS)
def test_kinds_match_the_digest(clause_id: str) -> None:
    """Each clause carries exactly the Q/D/O marks of the digest."""
    expected = frozenset(ClauseKind(code) for code in KINDS[clause_id])
    assert clauses()[clause_id].kinds == expected


def test_with_kind_selects_in_document_order() -> None:
    """with_kind returns the clauses of a kind in document order, by member or code."""
    registry = clauses()
    for kind in ClauseKind:
        expected = [i for i in IDS if kind.value in KINDS[i]]
        assert [c.id for c in registry.with_kind(kind)] == expected
        assert registry.with_kind(kind.value) == registry.with_kind(kind)
    assert [c.id for c in registry.with_kind("Q")] == ["2", "3.2", "4.1", "4.2"]


def test_with_kind_rejects_an_unknown_kind() -> None:
    """with_kind refuses a code that is not Q, D or O."""
    with pytest.raises(
        InvalidArgumentError,
        match=r"Expected one of 'Q', 'D', 'O' but got kind='X' \(type=str\)",
    ):
        clauses().with_kind("X")


def test_every_kind_has_a_chinese_label() -> None:
    """Every ClauseKind member has a non-empty Chinese label."""
    labels = {kind: kind.zh for kind in ClauseKind}
    assert labels == {
        ClauseKind.QUANTIFIED: "量化",
        ClauseKind.DELEGATED: "授权地方或按规定",
        ClauseKind.OBLIGATION: "义务目标",
    }


@pytest.mark.parametrize("clause_id", IDS)
def test_bodies_are_the_closing_parenthesis(clause_id: str) -> None:
    """Each clause's bodies are the names of its closing parenthesis, in order."""
    assert clauses()[clause_id].bodies == text_structure()[clause_id][1]


def test_bodies_of_3_2_and_6_3() -> None:
    """Clause 3.2 names eight departments and 6.3 names the propaganda department first."""
    registry = clauses()
    assert registry["3.2"].bodies == (
        "省发展改革委",
        "省人力资源社会保障厅",
        "省工业和信息化厅",
        "省民政厅",
        "省住房城乡建设厅",
        "省农业农村厅",
        "省文化和旅游厅",
        "省乡村振兴局",
    )
    assert registry["6.3"].bodies == (
        "省委宣传部",
        "省人力资源社会保障厅",
        "省广播电视局",
    )
    assert registry["4.1"].bodies[-1] == "省级相关部门"
    assert registry["7.1"].bodies == ("各部门",)


def test_every_body_of_a_clause_resolves() -> None:
    """Every name in a clause's bodies is a body's short name or a collective."""
    registry = clauses()
    for clause in registry:
        for name in clause.bodies:
            if name in registry.collectives:
                continue
            assert registry.body(name).short_zh == name


def test_bodies_are_the_issuers_and_the_propaganda_department() -> None:
    """The 21 bodies are the 20 signing issuers, in order, then 省委宣传部."""
    bodies = clauses().bodies()
    assert len(bodies) == 21
    assert [b.name_zh for b in bodies[:20]] == issuers()
    assert len(issuers()) == 20
    assert bodies[20] == Body(
        name_zh="中共陕西省委宣传部",
        name_en="Publicity Department of the CPC Shaanxi Provincial Committee",
        short_zh="省委宣传部",
    )


def test_every_body_is_responsible_for_some_clause() -> None:
    """Each of the 21 bodies is named by at least one clause."""
    named = {name for clause in clauses() for name in clause.bodies}
    assert {b.short_zh for b in clauses().bodies()} <= named


def test_bodies_have_distinct_english_names() -> None:
    """No two bodies share an English name."""
    names = [b.name_en for b in clauses().bodies()]
    assert len(set(names)) == len(names)


def test_body_lookup_by_short_or_full_name() -> None:
    """body() finds a body by its short or its full name."""
    registry = clauses()
    hrss = registry.body("省人力资源社会保障厅")
    assert hrss.name_zh == "陕西省人力资源和社会保障厅"
    assert hrss.name_en == "Shaanxi Department of Human Resources and Social Security"
    assert registry.body("陕西省人力资源和社会保障厅") is hrss
    assert registry.body("人民银行西安分行").name_zh == "中国人民银行西安分行"
    assert registry.body("陕西证监局").short_zh == "陕西证监局"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "省人社厅",
            r"^Expected the full or short name of a body but got name='省人社厅' \(type=str\)$",
        ),
        ("各部门", r"got name='各部门' \(type=str\); it names a group of bodies$"),
        (42, r"got name=42 \(type=int\)$"),
    ],
)
def test_body_lookup_rejects_unknown_names(name: str, message: str) -> None:
    """body() refuses an unknown name and says when the name is a group of bodies."""
    with pytest.raises(InvalidArgumentError, match=message):
        clauses().body(name)


def test_collectives_are_read_only() -> None:
    """The collectives are a read-only mapping with an English rendering each."""
    collectives = clauses().collectives
    assert dict(collectives) == {
        "省级相关部门": "other relevant provincial departments",
        "各部门": "every department, each within its remit",
    }
    assert isinstance(collectives, types.MappingProxyType)


def test_document_metadata_matches_the_text() -> None:
    """The document's number, date and implemented document are those of the text."""
    document = clauses().document
    assert document.number == LINES[0] == "陕人社发〔2022〕13号"
    assert document.title_zh == "关于加强劳务品牌建设的实施意见"
    assert document.issued == pendulum.Date(2022, 4, 29)
    assert type(document.issued) is pendulum.Date
    assert f"颁布时间:{document.issued.isoformat()}" in LINES[1]
    assert LINES[-1] == "2022年4月29日"
    assert document.implements == "人社部发〔2021〕66号"
    assert f"({document.implements})" in TEXT
    assert document.issuer_zh == "陕西省人力资源和社会保障厅等20部门"


@pytest.mark.parametrize(
    ("clause_id", "zh", "en"),
    [
        (
            "preamble",
            "陕人社发〔2022〕13号 序言",
            "Shaanxi HRSS [2022] No. 13, preamble",
        ),
        ("1", "陕人社发〔2022〕13号 第一部分", "Shaanxi HRSS [2022] No. 13, part 1"),
        ("2", "陕人社发〔2022〕13号 第二部分", "Shaanxi HRSS [2022] No. 13, part 2"),
        (
            "3.1",
            "陕人社发〔2022〕13号 第三部分第(一)项",
            "Shaanxi HRSS [2022] No. 13, part 3 item (1)",
        ),
        (
            "4.2",
            "陕人社发〔2022〕13号 第四部分第(二)项",
            "Shaanxi HRSS [2022] No. 13, part 4 item (2)",
        ),
        (
            "7.4",
            "陕人社发〔2022〕13号 第七部分第(四)项",
            "Shaanxi HRSS [2022] No. 13, part 7 item (4)",
        ),
    ],
)
def test_cite_in_both_languages(clause_id: str, zh: str, en: str) -> None:
    """cite() gives the Chinese citation by default and the English one on request."""
    clause = clauses()[clause_id]
    assert clause.cite() == clause.cite("zh") == zh
    assert clause.cite("en") == en


@pytest.mark.parametrize("lang", ["fr", None, ["zh"]])
def test_cite_rejects_other_languages(lang: object) -> None:
    """cite() refuses a language other than zh and en."""
    with pytest.raises(
        InvalidArgumentError, match=r"^Expected 'en' or 'zh' but got lang="
    ):
        clauses()["4.2"].cite(lang)  # type: ignore[arg-type]


def test_ref_is_the_number_and_the_id() -> None:
    """ref joins the document number and the clause id with a section sign."""
    assert clauses()["4.2"].ref == "陕人社发〔2022〕13号 §4.2"
    assert clauses()["preamble"].ref == "陕人社发〔2022〕13号 §preamble"


@pytest.mark.parametrize("clause_id", ["8", "4.4", "", 4.2, None])
def test_unknown_id_lists_the_known_ids(clause_id: str) -> None:
    """Looking up an unknown id raises InvalidArgumentError listing every known id."""
    with pytest.raises(InvalidArgumentError) as info:
        clauses()[clause_id]
    message = str(info.value)
    assert message.startswith(
        "Expected one of the clause ids 'preamble', '1', '2', '3.1'"
    )
    assert message.endswith(
        f"but got clause_id={clause_id!r} (type={type(clause_id).__name__})"
    )
    assert all(repr(i) in message for i in IDS)
    assert info.value.field == "clause_id"


def test_contains_accepts_ids_and_clauses() -> None:
    """in is true for known ids and the registry's own clauses, false otherwise."""
    registry = clauses()
    clause = registry["5.2"]
    assert "5.2" in registry
    assert clause in registry
    assert attrs.evolve(clause, summary_en="Changed.") not in registry
    assert "5.4" not in registry
    assert 5.2 not in registry
    assert [] not in registry


def test_clauses_is_cached() -> None:
    """clauses() loads the packaged file once and returns the same registry."""
    assert clauses() is clauses()


def test_registry_repr_and_immutability() -> None:
    """The registry summarises itself and refuses to be changed: it is a frozen attrs class."""
    registry = clauses()
    assert (
        repr(registry) == "<ClauseRegistry 陕人社发〔2022〕13号: 20 clauses, 21 bodies>"
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        registry._by_id = {}  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del registry._document
    with pytest.raises(AttributeError):
        registry.extra = 1  # type: ignore[attr-defined]
    assert len(registry) == 20


def test_public_module_reexports_sorted_names() -> None:
    """labourbrand.policy.clauses re-exports the public names with a sorted __all__."""
    # import_module, not attribute access: the package may re-export the
    # function clauses() under the same name as this module.
    public = importlib.import_module("labourbrand.policy.clauses")
    assert public.__all__ == sorted(public.__all__)
    assert public.__all__ == [
        "Body",
        "Clause",
        "ClauseKind",
        "ClauseRegistry",
        "Document",
        "clauses",
    ]


# ---------------------------------------------------------------------------
# Values


DOCUMENT: Final = Document(
    number="陕人社发〔2022〕13号",
    number_en="Shaanxi HRSS [2022] No. 13",
    title_zh="关于加强劳务品牌建设的实施意见",
    title_en="Opinions",
    issued=dt.date(2022, 4, 29),
    issuer_zh="陕西省人力资源和社会保障厅等20部门",
    implements="人社部发〔2021〕66号",
)
HRSS: Final = Body(
    name_zh="陕西省人力资源和社会保障厅",
    name_en="Shaanxi HRSS",
    short_zh="省人力资源社会保障厅",
)


def make_clause(**changes: object) -> Clause:
    fields: dict[str, object] = {
        "id": "4.2",
        "title_zh": "拓展劳务品牌就业渠道",
        "title_en": "Widen employment channels",
        "text_zh": "奖补上限30万元",
        "summary_en": "An award.",
        "document": DOCUMENT,
        "kinds": ["D", ClauseKind.QUANTIFIED],
        "bodies": ["省人力资源社会保障厅"],
    }
    fields.update(changes)
    return Clause(**fields)  # type: ignore[arg-type]


def test_document_converts_a_date() -> None:
    """Document turns a datetime.date into a pendulum.Date."""
    assert type(DOCUMENT.issued) is pendulum.Date
    assert DOCUMENT.issued == pendulum.Date(2022, 4, 29)


@pytest.mark.parametrize(
    "issued", ["2022-4-29", pendulum.datetime(2022, 4, 29, tz="Asia/Shanghai"), None]
)
def test_document_rejects_what_is_not_a_day(issued: object) -> None:
    """Document refuses a string that is no ISO day, instants and None as its day of issue."""
    with pytest.raises(
        InvalidArgumentError, match=r"^Expected a day .* but got issued="
    ):
        attrs.evolve(DOCUMENT, issued=issued)  # type: ignore[arg-type]


def test_clause_converts_kinds_and_bodies() -> None:
    """Clause turns kind codes into a frozenset of kinds and bodies into a tuple."""
    clause = make_clause()
    assert clause.kinds == frozenset({ClauseKind.DELEGATED, ClauseKind.QUANTIFIED})
    assert clause.bodies == ("省人力资源社会保障厅",)
    assert "document" not in repr(clause)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"id": "4.10"},
            r"^Expected a clause id such as 'preamble', '2' or '4.2' but got id='4.10' \(type=str\)$",
        ),
        ({"id": "0"}, r"but got id='0'"),
        ({"id": 42}, r"but got id=42 \(type=int\)$"),
        (
            {"title_zh": " "},
            r"^Expected non-empty text but got title_zh=' ' \(type=str\)$",
        ),
        ({"text_zh": None}, r"^Expected non-empty text but got text_zh=None"),
        (
            {"kinds": "Q"},
            r"^Expected an iterable of clause kinds but got kinds='Q' \(type=str\)$",
        ),
        ({"kinds": 3}, r"^Expected an iterable of clause kinds but got kinds=3"),
        (
            {"kinds": ["X"]},
            r"^Expected one of 'Q', 'D', 'O' but got kinds='X' \(type=str\)$",
        ),
        (
            {"bodies": "省财政厅"},
            r"^Expected an iterable of body names but got bodies='省财政厅'",
        ),
        ({"bodies": None}, r"^Expected an iterable of body names but got bodies=None"),
        (
            {"bodies": ["省财政厅", ""]},
            r"^Expected non-empty text but got bodies\[1\]=''",
        ),
        (
            {"document": "陕人社发〔2022〕13号"},
            r"^Expected a Document but got document=",
        ),
    ],
)
def test_clause_rejects_invalid_fields(
    changes: dict[str, object], message: str
) -> None:
    """Clause validates its id, texts, kinds, bodies and document."""
    with pytest.raises(InvalidArgumentError, match=message):
        make_clause(**changes)


def test_body_rejects_a_blank_name() -> None:
    """Body refuses a blank name."""
    with pytest.raises(
        InvalidArgumentError, match=r"^Expected non-empty text but got short_zh=''"
    ):
        Body(name_zh="陕西省财政厅", name_en="Finance", short_zh="")


# ---------------------------------------------------------------------------
# Building a registry


def test_registry_accepts_bodies_without_short_names_and_no_collectives() -> None:
    """A body whose short name is its full name is found by it; collectives default to none."""
    csrc = Body(name_zh="陕西证监局", name_en="CSRC Shaanxi", short_zh="陕西证监局")
    registry = ClauseRegistry(
        DOCUMENT, [make_clause(bodies=["陕西证监局"])], bodies=[HRSS, csrc]
    )
    assert registry.body("陕西证监局") is csrc
    assert dict(registry.collectives) == {}
    assert registry.document is DOCUMENT


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: ClauseRegistry("doc", [], bodies=[]),  # type: ignore[arg-type]
            r"^Expected a Document but got document='doc' \(type=str\)$",
        ),
        (
            lambda: ClauseRegistry(DOCUMENT, ["4.2"], bodies=[HRSS]),  # type: ignore[list-item]
            r"^Expected a Clause but got clause='4.2' \(type=str\)$",
        ),
        (
            lambda: ClauseRegistry(DOCUMENT, [], bodies=[HRSS.name_zh]),  # type: ignore[list-item]
            r"^Expected a Body but got body=",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT,
                [],
                bodies=[HRSS, attrs.evolve(HRSS, name_en="Other", short_zh="省人社厅")],
            ),
            r"^Expected each body name once but got name='陕西省人力资源和社会保障厅' \(type=str\) twice$",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT,
                [],
                bodies=[
                    HRSS,
                    Body(
                        name_zh="陕西省财政厅",
                        name_en="Finance",
                        short_zh="省人力资源社会保障厅",
                    ),
                ],
            ),
            r"got name='省人力资源社会保障厅' \(type=str\) twice$",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT,
                [],
                bodies=[HRSS],
                collectives={"省人力资源社会保障厅": "HRSS"},
            ),
            r"^Expected collectives distinct from body names but got name='省人力资源社会保障厅'",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT,
                [make_clause(document=attrs.evolve(DOCUMENT, number="X"))],
                bodies=[HRSS],
            ),
            r"^Expected clauses of 陕人社发〔2022〕13号 but got document='X' \(type=str\) for clause '4.2'$",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT, [make_clause(id="4.2"), make_clause(id="3.1")], bodies=[HRSS]
            ),
            r"^Expected clause ids once each, in document order, but got id='3.1' \(type=str\) after '4.2'$",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT, [make_clause(id="4.2"), make_clause(id="4.2")], bodies=[HRSS]
            ),
            r"but got id='4.2' \(type=str\) after '4.2'$",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT, [make_clause(bodies=["省财政厅"])], bodies=[HRSS]
            ),
            r"^Expected the short name of a body or a collective but got name='省财政厅' \(type=str\) in clause '4.2'$",
        ),
        (
            lambda: ClauseRegistry(
                DOCUMENT, [make_clause(bodies=[HRSS.name_zh])], bodies=[HRSS]
            ),
            r"but got name='陕西省人力资源和社会保障厅' \(type=str\) in clause '4.2'$",
        ),
    ],
)
def test_registry_rejects_parts_that_do_not_fit(build: object, message: str) -> None:
    """ClauseRegistry checks types, unique names, the document, the order and the bodies."""
    assert callable(build)
    with pytest.raises(InvalidArgumentError, match=message):
        build()


def test_registry_accepts_collectives_in_clauses() -> None:
    """A clause may name a collective instead of a body."""
    registry = ClauseRegistry(
        DOCUMENT,
        [make_clause(id="preamble", bodies=[]), make_clause(bodies=["各部门"])],
        bodies=[HRSS],
        collectives={"各部门": "every department"},
    )
    assert registry.ids() == ("preamble", "4.2")
    assert registry["4.2"].bodies == ("各部门",)


# ---------------------------------------------------------------------------
# Loading TOML

SECTIONS: Final = {
    "document": """\
[document]
number = "陕人社发〔2022〕13号"
number_en = "Shaanxi HRSS [2022] No. 13"
title_zh = "关于加强劳务品牌建设的实施意见"
title_en = "Opinions"
issued = 2022-04-29
issuer_zh = "陕西省人力资源和社会保障厅等20部门"
implements = "人社部发〔2021〕66号"
""",
    "4.2": """\
["4.2"]
title_zh = "拓展劳务品牌就业渠道"
title_en = "Widen employment channels"
text_zh = "奖补上限30万元"
summary_en = "An award."
kinds = ["D", "Q"]
bodies = ["省人力资源社会保障厅", "省级相关部门", "陕西证监局"]
""",
    "bodies": """\
[bodies]
"陕西省人力资源和社会保障厅" = "Shaanxi HRSS"
"陕西证监局" = "CSRC Shaanxi"
""",
    "aliases": """\
[aliases]
"省人力资源社会保障厅" = "陕西省人力资源和社会保障厅"
""",
    "collectives": """\
[collectives]
"省级相关部门" = "relevant provincial departments"
""",
}


def toml(
    sections: Mapping[str, str | None] | None = None, *edits: tuple[str, str]
) -> str:
    """Build a clauses file from SECTIONS, replacing or dropping sections and editing text.

    Top-level values that are not tables come first, as TOML requires.
    """
    chosen = {**SECTIONS, **(sections or {})}
    parts = [s for s in chosen.values() if s is not None]
    text = "\n".join(sorted(parts, key=lambda s: s.startswith("[")))
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def load_errors(text: str) -> list[str]:
    with pytest.raises(PolicyDataError) as info:
        _load(text, "bad.toml")
    assert info.value.source == "bad.toml"
    return info.value.errors


def test_a_minimal_file_loads() -> None:
    """A well-formed file with one clause loads into a registry."""
    registry = _load(toml(), "good.toml")
    assert registry.ids() == ("4.2",)
    assert registry.document.issued == pendulum.Date(2022, 4, 29)
    assert registry["4.2"].kinds == frozenset(
        {ClauseKind.DELEGATED, ClauseKind.QUANTIFIED}
    )
    assert registry.body("陕西证监局").short_zh == "陕西证监局"
    assert registry.body("省人力资源社会保障厅").name_en == "Shaanxi HRSS"
    assert dict(registry.collectives) == {
        "省级相关部门": "relevant provincial departments"
    }


def test_the_packaged_file_loads_through_load() -> None:
    """The packaged file's text gives the same clauses through _load."""
    import importlib.resources

    text = (
        importlib.resources.files("labourbrand") / "policy" / "clauses.toml"
    ).read_text(encoding="utf-8")
    registry = _load(text, "clauses.toml")
    assert list(registry) == list(clauses())
    assert registry.bodies() == clauses().bodies()


def test_all_problems_are_listed_with_paths() -> None:
    """An unknown kind, a missing text_zh and an unknown body are all reported, each with its path."""
    text = toml(
        None,
        ('kinds = ["D", "Q"]', 'kinds = ["D", "X"]'),
        ('text_zh = "奖补上限30万元"\n', ""),
        ('bodies = ["省人力资源社会保障厅"', 'bodies = ["省人社厅"'),
    )
    with pytest.raises(PolicyDataError) as info:
        _load(text, "bad.toml")
    assert info.value.errors == [
        "required field missing @ $.4.2.text_zh",
        "Expected one of 'Q', 'D', 'O' but got kinds[1]='X' (type=str) @ $.4.2.kinds[1]",
        (
            "Expected the short name of a body or a name from [collectives] "
            "but got bodies[0]='省人社厅' (type=str) @ $.4.2.bodies[0]"
        ),
    ]
    assert str(info.value).startswith(
        "bad.toml: 3 invalid fields\n  bad.toml: required field missing"
    )


def test_invalid_toml_is_reported() -> None:
    """A syntax error is reported as one problem at the root, with the parser's error as cause."""
    with pytest.raises(PolicyDataError) as info:
        _load('["4.2"\n', "bad.toml")
    assert len(info.value.errors) == 1
    assert info.value.errors[0].startswith("Expected TOML but got a syntax error: ")
    assert info.value.errors[0].endswith(" @ $")
    assert info.value.__cause__ is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            toml({"document": None}),
            ["required table missing @ $.document"],
            id="no-document",
        ),
        pytest.param(
            toml({"document": "document = 1\n"}),
            ["Expected a table but got document=1 (type=int) @ $.document"],
            id="document-not-a-table",
        ),
        pytest.param(
            toml(None, ("implements =", "implemented =")),
            [
                "required field missing @ $.document.implements",
                "extra fields found (implemented) @ $.document",
            ],
            id="document-misspelt-field",
        ),
        pytest.param(
            toml(None, ('number = "陕人社发〔2022〕13号"', 'number = ""')),
            [
                "Expected non-empty text but got number='' (type=str) @ $.document.number"
            ],
            id="document-blank-number",
        ),
        pytest.param(
            toml(None, ("issued = 2022-04-29", 'issued = "2022-04-29"')),
            [
                "Expected a TOML local date YYYY-MM-DD but got issued='2022-04-29' (type=str) @ $.document.issued"
            ],
            id="issued-string",
        ),
        pytest.param(
            toml(None, ("issued = 2022-04-29", "issued = 2022-04-29T08:00:00")),
            [
                (
                    "Expected a TOML local date YYYY-MM-DD but got "
                    "issued=datetime.datetime(2022, 4, 29, 8, 0) (type=datetime) @ $.document.issued"
                )
            ],
            id="issued-datetime",
        ),
        pytest.param(
            toml({"bodies": None}),
            [
                "required table missing @ $.bodies",
                (
                    "Expected a full name from [bodies] but got "
                    "省人力资源社会保障厅='陕西省人力资源和社会保障厅' (type=str) @ $.aliases.省人力资源社会保障厅"
                ),
                (
                    "Expected the short name of a body or a name from [collectives] "
                    "but got bodies[0]='省人力资源社会保障厅' (type=str) @ $.4.2.bodies[0]"
                ),
                (
                    "Expected the short name of a body or a name from [collectives] "
                    "but got bodies[2]='陕西证监局' (type=str) @ $.4.2.bodies[2]"
                ),
            ],
            id="no-bodies",
        ),
        pytest.param(
            toml(None, ('= "Shaanxi HRSS"', '= ""')),
            [
                "Expected a non-empty English name but got 陕西省人力资源和社会保障厅='' (type=str) @ $.bodies.陕西省人力资源和社会保障厅"
            ],
            id="blank-english-name",
        ),
        pytest.param(
            toml(
                None,
                (
                    '"省人力资源社会保障厅" = "陕西省人力资源和社会保障厅"',
                    '"省人力资源社会保障厅" = "陕西省人社厅"',
                ),
            ),
            [
                "Expected a full name from [bodies] but got 省人力资源社会保障厅='陕西省人社厅' (type=str) @ $.aliases.省人力资源社会保障厅",
                (
                    "Expected the short name of a body or a name from [collectives] "
                    "but got bodies[0]='省人力资源社会保障厅' (type=str) @ $.4.2.bodies[0]"
                ),
            ],
            id="alias-to-unknown-body",
        ),
        pytest.param(
            toml(
                None,
                (
                    "[aliases]\n",
                    '[aliases]\n"陕西证监局" = "陕西省人力资源和社会保障厅"\n',
                ),
            ),
            [
                (
                    "Expected a short name that is not another body's full name but got "
                    "陕西证监局='陕西省人力资源和社会保障厅' (type=str) @ $.aliases.陕西证监局"
                )
            ],
            id="alias-is-another-body",
        ),
        pytest.param(
            toml(
                None,
                (
                    "[aliases]\n",
                    '[aliases]\n"省人社厅" = "陕西省人力资源和社会保障厅"\n',
                ),
            ),
            [
                (
                    "Expected one short name per body but got 省人力资源社会保障厅='陕西省人力资源和社会保障厅' (type=str) "
                    "besides '省人社厅' @ $.aliases.省人力资源社会保障厅"
                ),
                (
                    "Expected the short name of a body or a name from [collectives] "
                    "but got bodies[0]='省人力资源社会保障厅' (type=str) @ $.4.2.bodies[0]"
                ),
            ],
            id="two-aliases-for-one-body",
        ),
        pytest.param(
            toml({"collectives": None}),
            [
                (
                    "Expected the short name of a body or a name from [collectives] "
                    "but got bodies[1]='省级相关部门' (type=str) @ $.4.2.bodies[1]"
                )
            ],
            id="no-collectives",
        ),
        pytest.param(
            toml({"collectives": "collectives = []\n"}),
            [
                "Expected a table but got collectives=[] (type=list) @ $.collectives",
                (
                    "Expected the short name of a body or a name from [collectives] "
                    "but got bodies[1]='省级相关部门' (type=str) @ $.4.2.bodies[1]"
                ),
            ],
            id="collectives-not-a-table",
        ),
        pytest.param(
            toml(
                None,
                (
                    '"省级相关部门" = "relevant provincial departments"',
                    '"省级相关部门" = 1',
                ),
            ),
            [
                "Expected non-empty text but got 省级相关部门=1 (type=int) @ $.collectives.省级相关部门"
            ],
            id="collective-not-a-string",
        ),
        pytest.param(
            toml(None, ("[collectives]\n", '[collectives]\n"陕西证监局" = "CSRC"\n')),
            [
                (
                    "Expected a collective distinct from the body names but got "
                    "name='陕西证监局' (type=str) @ $.collectives.陕西证监局"
                )
            ],
            id="collective-is-a-body",
        ),
        pytest.param(
            toml({"8.10": '["8.10"]\ntitle_zh = "x"\n'}),
            [
                (
                    "Expected a clause id such as 'preamble', '2' or '4.2', or one of the tables "
                    "document, bodies, aliases, collectives, but got id='8.10' (type=str) @ $.8.10"
                )
            ],
            id="bad-clause-id",
        ),
        pytest.param(
            toml({"5.1": '"5.1" = "x"\n'}),
            ["Expected a table but got 5.1='x' (type=str) @ $.5.1"],
            id="clause-not-a-table",
        ),
        pytest.param(
            toml(None, ('title_en = "Widen employment channels"', "title_en = 3")),
            ["Expected non-empty text but got title_en=3 (type=int) @ $.4.2.title_en"],
            id="title-not-a-string",
        ),
        pytest.param(
            toml(
                None,
                ('summary_en = "An award."', 'summary_en = "An award."\nnote = "x"'),
            ),
            ["extra fields found (note) @ $.4.2"],
            id="extra-clause-field",
        ),
        pytest.param(
            toml(None, ('kinds = ["D", "Q"]', 'kinds = "Q"')),
            ["Expected a list but got kinds='Q' (type=str) @ $.4.2.kinds"],
            id="kinds-not-a-list",
        ),
        pytest.param(
            toml(None, ('kinds = ["D", "Q"]', 'kinds = ["D", "D", 1]')),
            [
                "Expected each item once but got kinds[1]='D' (type=str) again @ $.4.2.kinds[1]",
                "Expected one of 'Q', 'D', 'O' but got kinds[2]=1 (type=int) @ $.4.2.kinds[2]",
            ],
            id="kinds-repeated-and-not-a-string",
        ),
        pytest.param(
            toml(
                None, ('"省级相关部门", "陕西证监局"]', '"陕西证监局", "陕西证监局"]')
            ),
            [
                "Expected each item once but got bodies[2]='陕西证监局' (type=str) again @ $.4.2.bodies[2]"
            ],
            id="body-repeated",
        ),
        pytest.param(
            toml(
                None,
                (
                    'bodies = ["省人力资源社会保障厅"',
                    'bodies = ["陕西省人力资源和社会保障厅"',
                ),
            ),
            [
                (
                    "Expected the short name of a body or a name from [collectives] "
                    "but got bodies[0]='陕西省人力资源和社会保障厅' (type=str) @ $.4.2.bodies[0]"
                )
            ],
            id="body-by-full-name",
        ),
        pytest.param(
            toml({"3.1": SECTIONS["4.2"].replace('["4.2"]', '["3.1"]')}),
            [
                "Expected clause ids in document order but got id='3.1' (type=str) after '4.2' @ $.3.1"
            ],
            id="out-of-order",
        ),
    ],
)
def test_bad_files_list_every_problem(text: str, expected: list[str]) -> None:
    """Each malformed file raises PolicyDataError listing exactly its problems with paths."""
    assert load_errors(text) == expected
