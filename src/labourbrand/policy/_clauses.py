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
    ('拓展劳务品牌就业渠道', '陕人社发〔2022〕13号 第四条第(二)款')
    >>> "500人以上" in award.text_zh
    True
    >>> [c.id for c in registry.with_kind(ClauseKind.QUANTIFIED)]
    ['2', '3.2', '4.1', '4.2']
    >>> registry.body("省人力资源社会保障厅").name_zh
    '陕西省人力资源和社会保障厅'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib.resources
import re
import tomllib
import types
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any, Final, Literal, TypeVar, final

import attrs
import pendulum

from labourbrand.exceptions import InvalidArgumentError, PolicyDataError


__all__ = [
    "Body",
    "Clause",
    "ClauseKind",
    "ClauseRegistry",
    "Document",
    "clauses",
]

# "preamble", a part "2" or an item "4.2"; the document has 7 parts of at most
# 4 items, so one digit each is enough.
_ID_RE: Final = re.compile(r"preamble|[1-9](?:\.[1-9])?", re.ASCII)
_ZH_DIGITS: Final = "〇一二三四五六七八九"
_PREAMBLE: Final = "preamble"


def _got(name: str, value: object) -> str:
    """Return the ``name=value (type=T)`` tail of an error message."""
    return f"{name}={value!r} (type={type(value).__name__})"


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _order(clause_id: str) -> tuple[int, int]:
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
_KIND_VALUES: Final = frozenset(k.value for k in ClauseKind)


def _as_kind(value: object, *, name: str) -> ClauseKind:
    """Return the :class:`ClauseKind` whose value (or member) is *value*."""
    if isinstance(value, str) and value in _KIND_VALUES:
        return ClauseKind(value)
    allowed = ", ".join(repr(k.value) for k in ClauseKind)
    msg = f"Expected one of {allowed} but got {_got(name, value)}"
    raise InvalidArgumentError(msg, field=name)


def _check_text(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not _is_text(value):
        msg = f"Expected a non-empty string but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _check_id(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, str) or _ID_RE.fullmatch(value) is None:
        msg = (
            "Expected a clause id such as 'preamble', '2' or '4.2' "
            f"but got {_got(attribute.name, value)}"
        )
        raise InvalidArgumentError(msg, field=attribute.name)


def _check_document(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, Document):
        msg = f"Expected a Document but got {_got(attribute.name, value)}"
        raise InvalidArgumentError(msg, field=attribute.name)


def _to_day(value: pendulum.Date | dt.date) -> pendulum.Date:
    """Convert a calendar day to :class:`pendulum.Date`, refusing instants."""
    candidate: object = value  # callers may pass anything at run time
    if not isinstance(candidate, dt.date) or isinstance(candidate, dt.datetime):
        msg = f"Expected a calendar day but got {_got('issued', candidate)}"
        raise InvalidArgumentError(msg, field="issued")
    return pendulum.Date(candidate.year, candidate.month, candidate.day)


def _to_kinds(value: Iterable[ClauseKind | str]) -> frozenset[ClauseKind]:
    """Convert kinds or their codes (``"Q"``) to a frozenset, refusing a bare string."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Expected an iterable of clause kinds but got {_got('kinds', value)}"
        raise InvalidArgumentError(msg, field="kinds")
    return frozenset(_as_kind(v, name="kinds") for v in value)


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    """Convert body names to a tuple, refusing a bare string and blank names."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"Expected an iterable of body names but got {_got('bodies', value)}"
        raise InvalidArgumentError(msg, field="bodies")
    names = tuple(value)
    for i, name in enumerate(names):
        if not _is_text(name):
            msg = f"Expected a non-empty string but got {_got(f'bodies[{i}]', name)}"
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
    name_zh: str = attrs.field(validator=_check_text)
    #: English name.
    name_en: str = attrs.field(validator=_check_text)
    #: The short form the clauses use, e.g. ``"省发展改革委"``; may equal
    #: :attr:`name_zh`.
    short_zh: str = attrs.field(validator=_check_text)


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
    number: str = attrs.field(validator=_check_text)
    #: Document number in English citations, e.g. ``"Shaanxi HRSS [2022] No. 13"``.
    number_en: str = attrs.field(validator=_check_text)
    #: Official Chinese title.
    title_zh: str = attrs.field(validator=_check_text)
    #: English title.
    title_en: str = attrs.field(validator=_check_text)
    #: Day of issue, which is also the day it took effect.
    issued: pendulum.Date = attrs.field(converter=_to_day)
    #: The issuers as the document names them.
    issuer_zh: str = attrs.field(validator=_check_text)
    #: The number of the national document it implements.
    implements: str = attrs.field(validator=_check_text)


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
    title_zh: str = attrs.field(validator=_check_text)
    #: English heading.
    title_en: str = attrs.field(validator=_check_text)
    #: A verbatim excerpt of the operative sentences of the authoritative text.
    text_zh: str = attrs.field(validator=_check_text)
    #: One or two sentences in English.
    summary_en: str = attrs.field(validator=_check_text)
    #: The document the clause belongs to.
    document: Document = attrs.field(validator=_check_document, repr=False)
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
            ('陕人社发〔2022〕13号 第二条', 'Shaanxi HRSS [2022] No. 13, preamble')
        """
        candidate: object = lang  # callers may pass anything at run time
        if candidate not in ("zh", "en"):
            msg = f"Expected 'zh' or 'en' but got {_got('lang', candidate)}"
            raise InvalidArgumentError(msg, field="lang")
        zh = candidate == "zh"
        if self.id == _PREAMBLE:
            where = "序言" if zh else "preamble"
        else:
            part, item = _order(self.id)
            if zh:
                where = f"第{_ZH_DIGITS[part]}条"
                where += f"第({_ZH_DIGITS[item]})款" if item else ""
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


_T = TypeVar("_T")


def _expect(kind: type[_T], value: object, *, name: str) -> _T:
    if isinstance(value, kind):
        return value
    msg = f"Expected a {kind.__name__} but got {_got(name, value)}"
    raise InvalidArgumentError(msg, field=name)


@final
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

    __slots__ = ("_bodies", "_by_id", "_by_name", "_collectives", "_document")

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
        document = _expect(Document, document, name="document")
        body_list = tuple(_expect(Body, b, name="body") for b in bodies)
        by_name: dict[str, Body] = {}
        for body in body_list:
            for name in dict.fromkeys((body.name_zh, body.short_zh)):
                if name in by_name:
                    msg = f"Expected each body name once but got {_got('name', name)} twice"
                    raise InvalidArgumentError(msg, field="bodies")
                by_name[name] = body
        groups = dict(collectives or {})
        for name in groups:
            if name in by_name:
                msg = f"Expected collectives distinct from body names but got {_got('name', name)}"
                raise InvalidArgumentError(msg, field="collectives")
        by_id: dict[str, Clause] = {}
        last: str | None = None
        for item in clauses:
            clause = _expect(Clause, item, name="clause")
            self._check_clause(clause, document, last, by_name, groups)
            by_id[clause.id] = clause
            last = clause.id

        set_ = object.__setattr__
        set_(self, "_bodies", body_list)
        set_(self, "_by_id", by_id)
        set_(self, "_by_name", by_name)
        set_(self, "_collectives", types.MappingProxyType(groups))
        set_(self, "_document", document)

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
            msg = f"Expected clauses of {document.number} but got {_got('document', clause.document.number)} for clause {clause.id!r}"
            raise InvalidArgumentError(msg, field="document")
        if last is not None and _order(clause.id) <= _order(last):
            msg = f"Expected clause ids once each, in document order, but got {_got('id', clause.id)} after {last!r}"
            raise InvalidArgumentError(msg, field="id")
        for name in clause.bodies:
            body = by_name.get(name)
            if (body is None or body.short_zh != name) and name not in groups:
                msg = f"Expected the short name of a body or a collective but got {_got('name', name)} in clause {clause.id!r}"
                raise InvalidArgumentError(msg, field="bodies")

    # -- immutability ---------------------------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse to change the registry.

        Raises:
            AttributeError: always.
        """
        msg = f"ClauseRegistry is immutable; cannot set {name!r}"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        """Refuse to change the registry.

        Raises:
            AttributeError: always.
        """
        msg = f"ClauseRegistry is immutable; cannot delete {name!r}"
        raise AttributeError(msg)

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

    # -- container protocol ---------------------------------------------------

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
        msg = f"Expected one of the clause ids {known} but got {_got('clause_id', candidate)}"
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
        msg = f"Expected the full or short name of a body but got {_got('name', candidate)}"
        if isinstance(candidate, str) and candidate in self._collectives:
            msg += "; it names a group of bodies"
        raise InvalidArgumentError(msg, field="name")


# ---------------------------------------------------------------------------
# Loading

_DOCUMENT_TEXT_FIELDS: Final = (
    "number",
    "number_en",
    "title_zh",
    "title_en",
    "issuer_zh",
    "implements",
)
_DOCUMENT_FIELDS: Final = (*_DOCUMENT_TEXT_FIELDS, "issued")
_CLAUSE_TEXT_FIELDS: Final = ("title_zh", "title_en", "text_zh", "summary_en")
_CLAUSE_FIELDS: Final = (*_CLAUSE_TEXT_FIELDS, "kinds", "bodies")
_TABLES: Final = ("document", "bodies", "aliases", "collectives")
_SOURCE: Final = "labourbrand/policy/clauses.toml"


def _table(
    data: Mapping[str, Any], key: str, errors: list[str], *, required: bool = True
) -> dict[str, Any]:
    """Return the top-level table *key*, reporting it if missing or not a table."""
    value = data.get(key)
    if isinstance(value, dict):
        return value
    if value is None:
        if required:
            errors.append(f"required table missing @ $.{key}")
    else:
        errors.append(f"Expected a table but got {_got(key, value)} @ $.{key}")
    return {}


def _check_keys(
    table: Mapping[str, Any], fields: Collection[str], path: str, errors: list[str]
) -> None:
    """Report the missing and the extra fields of *table*."""
    errors.extend(
        f"required field missing @ {path}.{f}" for f in fields if f not in table
    )
    extra = [k for k in table if k not in fields]
    if extra:
        errors.append(f"extra fields found ({', '.join(extra)}) @ {path}")


def _check_texts(
    table: Mapping[str, Any], fields: Iterable[str], path: str, errors: list[str]
) -> None:
    errors.extend(
        f"Expected a non-empty string but got {_got(f, table[f])} @ {path}.{f}"
        for f in fields
        if f in table and not _is_text(table[f])
    )


def _check_members(  # noqa: PLR0913 -- one call per list field, all keyword
    table: Mapping[str, Any],
    key: str,
    *,
    allowed: Collection[str],
    what: str,
    path: str,
    errors: list[str],
) -> None:
    """Report a list field that is not a list, or has unknown or repeated items."""
    value = table.get(key, [])
    if not isinstance(value, list):
        errors.append(f"Expected a list but got {_got(key, value)} @ {path}.{key}")
        return
    seen: set[str] = set()
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(item, str) or item not in allowed:
            errors.append(
                f"Expected {what} but got {_got(where, item)} @ {path}.{where}"
            )
        elif item in seen:
            errors.append(
                f"Expected each item once but got {_got(where, item)} again @ {path}.{where}"
            )
        else:
            seen.add(item)


def _parse_document(table: Mapping[str, Any], errors: list[str]) -> None:
    path = "$.document"
    _check_keys(table, _DOCUMENT_FIELDS, path, errors)
    _check_texts(table, _DOCUMENT_TEXT_FIELDS, path, errors)
    issued = table.get("issued")
    if issued is not None and (
        not isinstance(issued, dt.date) or isinstance(issued, dt.datetime)
    ):
        errors.append(
            f"Expected a TOML local date YYYY-MM-DD but got {_got('issued', issued)} @ {path}.issued"
        )


def _parse_bodies(
    bodies: Mapping[str, Any], aliases: Mapping[str, Any], errors: list[str]
) -> dict[str, str]:
    """Check ``[bodies]`` and ``[aliases]``; return the short form of each full name."""
    errors.extend(
        f"Expected a non-empty English name but got {_got(full, en)} @ $.bodies.{full}"
        for full, en in bodies.items()
        if not (_is_text(full) and _is_text(en))
    )
    short_of: dict[str, str] = {}
    for short, full in aliases.items():
        if not (_is_text(short) and isinstance(full, str) and full in bodies):
            errors.append(
                f"Expected a full name from [bodies] but got {_got(short, full)} @ $.aliases.{short}"
            )
        elif short in bodies and short != full:
            errors.append(
                f"Expected a short name that is not another body's full name "
                f"but got {_got(short, full)} @ $.aliases.{short}"
            )
        elif full in short_of:
            errors.append(
                f"Expected one short name per body but got {_got(short, full)} "
                f"besides {short_of[full]!r} @ $.aliases.{short}"
            )
        else:
            short_of[full] = short
    return short_of


def _parse_clause(
    key: str, value: object, names: Collection[str], errors: list[str]
) -> bool:
    """Check the table of clause *key*; return whether it can be built."""
    path = f"$.{key}"
    if _ID_RE.fullmatch(key) is None:
        errors.append(
            f"Expected a clause id such as 'preamble', '2' or '4.2', or one of the "
            f"tables {', '.join(_TABLES)}, but got {_got('id', key)} @ {path}"
        )
        return False
    if not isinstance(value, dict):
        errors.append(f"Expected a table but got {_got(key, value)} @ {path}")
        return False
    _check_keys(value, _CLAUSE_FIELDS, path, errors)
    _check_texts(value, _CLAUSE_TEXT_FIELDS, path, errors)
    allowed = ", ".join(repr(k.value) for k in ClauseKind)
    _check_members(
        value,
        "kinds",
        allowed=_KIND_VALUES,
        what=f"one of {allowed}",
        path=path,
        errors=errors,
    )
    _check_members(
        value,
        "bodies",
        allowed=names,
        what="the short name of a body or a name from [collectives]",
        path=path,
        errors=errors,
    )
    return True


def _load(text: str, source: str) -> ClauseRegistry:
    """Parse a clauses TOML document, reporting every problem at once.

    Args:
        text: the TOML text.
        source: where it came from, for the error message.

    Raises:
        PolicyDataError: the text is not TOML or does not fit the schema; each
            problem ends with its path, such as ``@ $.4.2.kinds[0]``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyDataError(source, [f"invalid TOML: {exc} @ $"]) from exc
    errors: list[str] = []
    document = _table(data, "document", errors)
    if not errors:  # a missing table is one problem, not one per field
        _parse_document(document, errors)
    bodies = _table(data, "bodies", errors)
    short_of = _parse_bodies(bodies, _table(data, "aliases", errors), errors)
    collectives = _table(data, "collectives", errors, required=False)
    _check_texts(collectives, collectives, "$.collectives", errors)
    # A body without an alias is named by its full name, as 陕西证监局 is.
    shorts = {short_of.get(full, full) for full in bodies}
    errors.extend(
        f"Expected a collective distinct from the body names but got {_got('name', name)} @ $.collectives.{name}"
        for name in collectives
        if name in shorts or name in bodies
    )
    names = {*shorts, *collectives}
    last = ""
    ids: list[str] = []
    for key, value in data.items():
        if key in _TABLES or not _parse_clause(key, value, names, errors):
            continue
        if last and _order(key) <= _order(last):
            errors.append(
                f"Expected clause ids in document order but got {_got('id', key)} "
                f"after {last!r} @ $.{key}"
            )
        last = key
        ids.append(key)
    if errors:
        raise PolicyDataError(source, errors)
    doc = Document(**document)
    return ClauseRegistry(
        doc,
        [Clause(id=i, document=doc, **data[i]) for i in ids],
        bodies=[
            Body(name_zh=full, name_en=en, short_zh=short_of.get(full, full))
            for full, en in bodies.items()
        ],
        collectives=collectives,
    )


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
    resource = importlib.resources.files("labourbrand") / "policy" / "clauses.toml"
    return _load(resource.read_text(encoding="utf-8"), _SOURCE)
