"""The clause registry of 陕人社发〔2022〕13号, Shaanxi's labour-brand opinions.

Each :class:`Clause` of the document has an id (``"4.2"`` is part 四,
item (二)), its heading, a verbatim excerpt of the authoritative Chinese text,
an English summary, its :class:`ClauseKind` marks and the bodies the text
makes responsible for it.
Rules in code name the clause they encode by id; :meth:`Clause.cite` and
:attr:`Clause.ref` turn the id into a citation.

The data ships with the package (``labourbrand/policy/clauses.toml``) and is
read on the first call of :func:`clauses`.

Example:
    >>> from labourbrand.policy.clauses import ClauseKind, clauses
    >>> registry = clauses()
    >>> len(registry), registry.document.number
    (20, '陕人社发〔2022〕13号')
    >>> award = registry["4.2"]
    >>> award.title_zh, award.cite()
    ('拓展劳务品牌就业渠道', '陕人社发〔2022〕13号 第四部分第(二)项')
    >>> "500人以上" in award.text_zh
    True
    >>> [c.id for c in registry.with_kind(ClauseKind.QUANTIFIED)]
    ['2', '3.2', '4.1', '4.2']
    >>> registry.body("省人力资源社会保障厅").name_zh
    '陕西省人力资源和社会保障厅'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import functools
import re
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, Literal, final

import attrs
import pendulum

from labourbrand import _validators as check
from labourbrand._validators import expect, got, is_text
from labourbrand.exceptions import InvalidArgumentError


__all__ = [
    "Body",
    "Clause",
    "ClauseKind",
    "ClauseRegistry",
    "Document",
    "clauses",
]

#: A clause id: "preamble", a part "2" or an item "4.2"; the document has 7
#: parts of at most 4 items, so one digit each is enough.
CLAUSE_ID_RE: Final = re.compile(r"preamble|[1-9](?:\.[1-9])?", re.ASCII)
_ZH_DIGITS: Final = "〇一二三四五六七八九"
_PREAMBLE: Final = "preamble"


def clause_order(clause_id: str) -> tuple[int, int]:
    """Sort key of a well-formed clause id: the preamble, then parts and items."""
    if clause_id == _PREAMBLE:
        return (0, 0)
    part, _, item = clause_id.partition(".")
    return (int(part), int(item or 0))


# ---------------------------------------------------------------------------
# Values


class ClauseKind(enum.StrEnum):
    """What a clause asks of the library, per the legend of the clause digest.

    A clause may have several kinds, or none (it is then descriptive).

    Example:
        >>> ClauseKind.DELEGATED.zh
        '授权地方或按规定'
        >>> ClauseKind("Q")
        <ClauseKind.QUANTIFIED: 'Q'>

    .. versionadded:: 0.1.0
    """

    #: The text gives a number, which the library must encode.
    QUANTIFIED = "Q"
    #: The text says "per regulations" or leaves the detail to a city: the
    #: library encodes the condition and asks a plugin for the amount.
    DELEGATED = "D"
    #: An obligation or target that can be checked against data.
    OBLIGATION = "O"

    @property
    def zh(self) -> str:
        """Chinese label, e.g. ``"量化"``."""
        return _KIND_ZH[self]


_KIND_ZH: Final[Mapping[ClauseKind, str]] = {
    ClauseKind.QUANTIFIED: "量化",
    ClauseKind.DELEGATED: "授权地方或按规定",
    ClauseKind.OBLIGATION: "义务目标",
}
#: The codes of the clause kinds, ``"Q"``, ``"D"`` and ``"O"``.
KIND_VALUES: Final = frozenset(k.value for k in ClauseKind)


def _as_kind(value: object, *, name: str) -> ClauseKind:
    """Return the :class:`ClauseKind` whose value (or member) is *value*."""
    if isinstance(value, str) and value in KIND_VALUES:
        return ClauseKind(value)
    allowed = ", ".join(repr(k.value) for k in ClauseKind)
    msg = f"Expected one of {allowed} but got {got(name, value)}"
    raise InvalidArgumentError(msg, field=name)


_check_id = check.matches(CLAUSE_ID_RE, "a clause id such as 'preamble', '2' or '4.2'")


def _to_kinds(value: Iterable[ClauseKind | str]) -> frozenset[ClauseKind]:
    """Convert kinds or their codes (``"Q"``) to a frozenset, refusing a bare string."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Expected an iterable of clause kinds but got {got('kinds', value)}"
        raise InvalidArgumentError(msg, field="kinds")
    return frozenset(_as_kind(v, name="kinds") for v in value)


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    """Convert body names to a tuple, refusing a bare string and blank names."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Expected an iterable of body names but got {got('bodies', value)}"
        raise InvalidArgumentError(msg, field="bodies")
    names = tuple(value)
    for i, name in enumerate(names):
        if not is_text(name):
            msg = f"Expected non-empty text but got {got(f'bodies[{i}]', name)}"
            raise InvalidArgumentError(msg, field="bodies")
    return names


@final
@attrs.frozen(kw_only=True)
class Body:
    """A body the document makes responsible for a clause.

    Example:
        >>> body = clauses().body("省发展改革委")
        >>> body.name_zh, body.name_en
        ('陕西省发展和改革委员会', 'Shaanxi Development and Reform Commission')

    .. versionadded:: 0.1.0
    """

    #: Full official Chinese name, e.g. ``"陕西省发展和改革委员会"``.
    name_zh: str = attrs.field(validator=check.text)
    #: English name.
    name_en: str = attrs.field(validator=check.text)
    #: The short form the clauses use, e.g. ``"省发展改革委"``; may equal
    #: :attr:`name_zh`.
    short_zh: str = attrs.field(validator=check.text)


@final
@attrs.frozen(kw_only=True)
class Document:
    """The policy document the clauses belong to.

    Example:
        >>> doc = clauses().document
        >>> doc.issued, doc.implements
        (Date(2022, 4, 29), '人社部发〔2021〕66号')

    .. versionadded:: 0.1.0
    """

    #: Document number (文号), e.g. ``"陕人社发〔2022〕13号"``.
    number: str = attrs.field(validator=check.text)
    #: Document number in English citations, e.g. ``"Shaanxi HRSS [2022] No. 13"``.
    number_en: str = attrs.field(validator=check.text)
    #: Official Chinese title.
    title_zh: str = attrs.field(validator=check.text)
    #: English title.
    title_en: str = attrs.field(validator=check.text)
    #: Day of issue, which is also the day it took effect.
    issued: pendulum.Date = attrs.field(converter=check.day_issued)
    #: The issuers as the document names them.
    issuer_zh: str = attrs.field(validator=check.text)
    #: The number of the national document it implements.
    implements: str = attrs.field(validator=check.text)


@final
@attrs.frozen(kw_only=True)
class Clause:
    """One clause of the document: the preamble, a part, or an item of a part.

    Example:
        >>> clause = clauses()["3.2"]
        >>> clause.title_en, sorted(clause.kinds)
        ('Build labour brands by domain', [<ClauseKind.OBLIGATION: 'O'>, <ClauseKind.QUANTIFIED: 'Q'>])
        >>> clause.bodies[:2]
        ('省发展改革委', '省人力资源社会保障厅')

    .. versionadded:: 0.1.0
    """

    #: ``"preamble"``, a part ``"2"`` or an item ``"4.2"`` (part 四, item (二)).
    id: str = attrs.field(validator=_check_id)
    #: The heading as in the text; ``"序言"`` for the preamble.
    title_zh: str = attrs.field(validator=check.text)
    #: English heading.
    title_en: str = attrs.field(validator=check.text)
    #: A verbatim excerpt of the operative sentences of the authoritative text.
    text_zh: str = attrs.field(validator=check.text)
    #: One or two sentences in English.
    summary_en: str = attrs.field(validator=check.text)
    #: The document the clause belongs to.
    document: Document = attrs.field(validator=check.instance_of(Document), repr=False)
    #: What the clause asks of the library; empty if it is descriptive.
    kinds: frozenset[ClauseKind] = attrs.field(converter=_to_kinds, factory=frozenset)
    #: The responsible bodies as the text names them (short forms, or a group
    #: such as ``"省级相关部门"``); empty where the text names none.
    bodies: tuple[str, ...] = attrs.field(converter=_to_names, factory=tuple)

    def cite(self, lang: Literal["zh", "en"] = "zh") -> str:
        """Cite the clause in Chinese or English.

        Args:
            lang: ``"zh"`` or ``"en"``.

        Raises:
            InvalidArgumentError: *lang* is neither.

        Example:
            >>> registry = clauses()
            >>> registry["4.2"].cite("en")
            'Shaanxi HRSS [2022] No. 13, part 4 item (2)'
            >>> registry["2"].cite(), registry["preamble"].cite("en")
            ('陕人社发〔2022〕13号 第二部分', 'Shaanxi HRSS [2022] No. 13, preamble')
        """
        zh = check.lang(lang) == "zh"
        if self.id == _PREAMBLE:
            where = "序言" if zh else "preamble"
        else:
            part, item = clause_order(self.id)
            if zh:
                # The text is a 意见 of parts 一、… and items (一)…, not a
                # statute of 条 and 款: cite its part and item.
                where = f"第{_ZH_DIGITS[part]}部分"
                where += f"第({_ZH_DIGITS[item]})项" if item else ""
            else:
                where = f"part {part}" + (f" item ({item})" if item else "")
        if zh:
            return f"{self.document.number} {where}"
        return f"{self.document.number_en}, {where}"

    @property
    def ref(self) -> str:
        """The document number and the clause id, e.g. ``"陕人社发〔2022〕13号 §4.2"``.

        Example:
            >>> clauses()["3.4"].ref
            '陕人社发〔2022〕13号 §3.4'
        """
        return f"{self.document.number} §{self.id}"


# ---------------------------------------------------------------------------
# Registry


@final
@attrs.frozen(init=False, eq=False)
class ClauseRegistry:
    """The clauses of one document, in document order, with their bodies.

    Looks like a read-only mapping from clause id to :class:`Clause`, but
    iterates over the clauses (not the ids), as
    :class:`~labourbrand.regions.RegionRegistry` iterates over regions.

    Args:
        document: the document the clauses belong to.
        clauses: the clauses, in document order.
        bodies: the responsible bodies; each is found by full or short name.
        collectives: groups of bodies a clause may name instead of a body,
            mapped to an English rendering.

    Raises:
        InvalidArgumentError: an item has the wrong type, a clause id is
            repeated or out of document order, a clause belongs to another
            document, a body name is repeated, or a clause names a body that
            is neither among *bodies* (by short name) nor in *collectives*.

    Example:
        >>> registry = clauses()
        >>> [c.id for c in registry][:5]
        ['preamble', '1', '2', '3.1', '3.2']
        >>> "4.2" in registry, "8" in registry
        (True, False)

    .. versionadded:: 0.1.0
    """

    # Frozen by attrs; the fields are indexes built by __init__, compared by
    # identity (eq=False) as before, and summarised by __repr__.
    _bodies: tuple[Body, ...]
    _by_id: dict[str, Clause]
    _by_name: dict[str, Body]
    _collectives: Mapping[str, str]
    _document: Document

    def __init__(
        self,
        document: Document,
        clauses: Iterable[Clause],
        *,
        bodies: Iterable[Body],
        collectives: Mapping[str, str] | None = None,
    ) -> None:
        """Build the registry, checking that its parts fit together."""
        document = expect(Document, document, name="document")
        body_list = tuple(expect(Body, b, name="body") for b in bodies)
        by_name: dict[str, Body] = {}
        for body in body_list:
            for name in dict.fromkeys((body.name_zh, body.short_zh)):
                if name in by_name:
                    msg = f"Expected each body name once but got {got('name', name)} twice"
                    raise InvalidArgumentError(msg, field="bodies")
                by_name[name] = body
        groups = dict(collectives or {})
        for name in groups:
            if name in by_name:
                msg = f"Expected collectives distinct from body names but got {got('name', name)}"
                raise InvalidArgumentError(msg, field="collectives")
        by_id: dict[str, Clause] = {}
        last: str | None = None
        for item in clauses:
            clause = expect(Clause, item, name="clause")
            self._check_clause(clause, document, last, by_name, groups)
            by_id[clause.id] = clause
            last = clause.id

        self.__attrs_init__(
            bodies=body_list,
            by_id=by_id,
            by_name=by_name,
            collectives=types.MappingProxyType(groups),
            document=document,
        )

    @staticmethod
    def _check_clause(
        clause: Clause,
        document: Document,
        last: str | None,
        by_name: Mapping[str, Body],
        groups: Mapping[str, str],
    ) -> None:
        """Check that *clause* fits the document, the order and the bodies."""
        if clause.document != document:
            msg = f"Expected clauses of {document.number} but got {got('document', clause.document.number)} for clause {clause.id!r}"
            raise InvalidArgumentError(msg, field="document")
        if last is not None and clause_order(clause.id) <= clause_order(last):
            msg = f"Expected clause ids once each, in document order, but got {got('id', clause.id)} after {last!r}"
            raise InvalidArgumentError(msg, field="id")
        for name in clause.bodies:
            body = by_name.get(name)
            if (body is None or body.short_zh != name) and name not in groups:
                msg = f"Expected the short name of a body or a collective but got {got('name', name)} in clause {clause.id!r}"
                raise InvalidArgumentError(msg, field="bodies")

    # -- container protocol ---------------------------------------------------

    def __repr__(self) -> str:
        """Summarise the registry.

        Example:
            >>> clauses()
            <ClauseRegistry 陕人社发〔2022〕13号: 20 clauses, 21 bodies>
        """
        return (
            f"<ClauseRegistry {self._document.number}: {len(self._by_id)} clauses, "
            f"{len(self._bodies)} bodies>"
        )

    def __getitem__(self, clause_id: str) -> Clause:
        """Return the clause with id *clause_id*.

        Raises:
            InvalidArgumentError: there is no such clause; the message lists
                the known ids.

        Example:
            >>> clauses()["8"]  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            labourbrand.exceptions.InvalidArgumentError: Expected one of the clause ids 'preamble', '1', ..., '7.4' but got clause_id='8' (type=str)
        """
        candidate: object = clause_id  # callers may pass anything at run time
        if isinstance(candidate, str) and candidate in self._by_id:
            return self._by_id[candidate]
        known = ", ".join(repr(i) for i in self._by_id)
        msg = f"Expected one of the clause ids {known} but got {got('clause_id', candidate)}"
        raise InvalidArgumentError(msg, field="clause_id")

    def __contains__(self, item: object) -> bool:
        """Tell whether *item*, a clause id or a :class:`Clause`, is in the registry.

        Example:
            >>> registry = clauses()
            >>> "7.4" in registry, registry["7.4"] in registry, 7.4 in registry
            (True, True, False)
        """
        if isinstance(item, Clause):
            return self._by_id.get(item.id) == item
        return isinstance(item, str) and item in self._by_id

    def __iter__(self) -> Iterator[Clause]:
        """Iterate over the clauses in document order."""
        return iter(self._by_id.values())

    def __len__(self) -> int:
        """Count the clauses."""
        return len(self._by_id)

    # -- queries --------------------------------------------------------------

    @property
    def document(self) -> Document:
        """The document the clauses belong to.

        Example:
            >>> clauses().document.title_zh
            '关于加强劳务品牌建设的实施意见'
        """
        return self._document

    @property
    def collectives(self) -> Mapping[str, str]:
        """Groups of bodies a clause names without listing them, with English.

        Example:
            >>> list(clauses().collectives)
            ['省级相关部门', '各部门']
        """
        return self._collectives

    def ids(self) -> tuple[str, ...]:
        """Return the clause ids in document order.

        Example:
            >>> clauses().ids()[-3:]
            ('7.2', '7.3', '7.4')
        """
        return tuple(self._by_id)

    def with_kind(self, kind: ClauseKind | str) -> tuple[Clause, ...]:
        """Return the clauses marked *kind*, in document order.

        Args:
            kind: a :class:`ClauseKind` or its code, ``"Q"``, ``"D"`` or ``"O"``.

        Raises:
            InvalidArgumentError: *kind* is not a clause kind.

        Example:
            >>> [c.id for c in clauses().with_kind("D")]
            ['3.4', '4.1', '4.2', '4.3', '5.1', '7.3']
        """
        wanted = _as_kind(kind, name="kind")
        return tuple(c for c in self._by_id.values() if wanted in c.kinds)

    def bodies(self) -> tuple[Body, ...]:
        """Return the bodies in the order of the data.

        Example:
            >>> bodies = clauses().bodies()
            >>> len(bodies), bodies[0].short_zh, bodies[-1].name_zh
            (21, '省人力资源社会保障厅', '中共陕西省委宣传部')
        """
        return self._bodies

    def body(self, name: str) -> Body:
        """Return the body with full or short name *name*.

        Raises:
            InvalidArgumentError: no body has that name; a collective such as
                ``"省级相关部门"`` is a group, not a body.

        Example:
            >>> registry = clauses()
            >>> registry.body("陕西省市场监督管理局").short_zh
            '省市场监管局'
            >>> registry.body("省级相关部门")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            labourbrand.exceptions.InvalidArgumentError: Expected the full or short name of a body but got name='省级相关部门' (type=str); it names a group of bodies
        """
        candidate: object = name  # callers may pass anything at run time
        if isinstance(candidate, str) and candidate in self._by_name:
            return self._by_name[candidate]
        msg = f"Expected the full or short name of a body but got {got('name', candidate)}"
        if isinstance(candidate, str) and candidate in self._collectives:
            msg += "; it names a group of bodies"
        raise InvalidArgumentError(msg, field="name")


@functools.cache
def clauses() -> ClauseRegistry:
    """Return the clause registry of 陕人社发〔2022〕13号, loading the packaged data once.

    Raises:
        PolicyDataError: the packaged file is damaged (a packaging bug).

    Example:
        >>> clauses() is clauses()
        True
        >>> clauses()["6.3"].bodies
        ('省委宣传部', '省人力资源社会保障厅', '省广播电视局')

    .. versionadded:: 0.1.0
    """
    from labourbrand.policy._clause_files import read_packaged

    return read_packaged()
