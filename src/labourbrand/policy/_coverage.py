"""Which public API encodes each clause of the text (private; see ``policy.coverage``)."""

from __future__ import annotations

import importlib
from typing import Final, final

import attrs

from labourbrand.policy._clauses import ClauseKind, clauses


@final
@attrs.frozen(kw_only=True)
class ClauseCoverage:
    """How one clause of 陕人社发〔2022〕13号 is encoded.

    .. versionadded:: 0.1.0
    """

    #: The clause id, e.g. ``"4.2"``.
    clause: str
    #: Its kinds (Q, D, O); empty for a descriptive clause.
    kinds: frozenset[ClauseKind]
    #: The public names that encode it, as dotted paths.
    encoded_by: tuple[str, ...]
    #: What the clause asks and how it is encoded, or why there is no rule.
    note: str

    def resolve(self) -> tuple[object, ...]:
        """Import every name of :attr:`encoded_by` (fails if one has gone)."""
        return tuple(_resolve(name) for name in self.encoded_by)


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    msg = f"cannot import {dotted}"  # pragma: no cover - the first part is labourbrand
    raise ImportError(msg)  # pragma: no cover


_P = "labourbrand.policy.Policy."

#: clause id -> (public names, note).
_ENCODED: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "preamble": (
        ("labourbrand.Brand",),
        "What a labour brand is: workforce, recognition, regional and skill character.",
    ),
    "1": ((), "Guiding ideas: no condition, amount or duty to encode."),
    "2": (
        (_P + "targets",),
        (
            "Targets by the end of the 14th Five-Year Plan: >= 100 brands, one per county-level unit, "
            ">= 10 nationally known, provincial and city recognition; dated parameters, with the 2023 programme as a later layer."
        ),
    ),
    "3.1": (
        ("labourbrand.Maturity", "labourbrand.lifecycle.transition", _P + "obligation"),
        "Three kinds of candidate, any of them cultivated; a name settled and a charter adopted as dated events of cultivation (lifecycle); the development plan as an obligation.",
    ),
    "3.2": (
        (
            "labourbrand.Category",
            "labourbrand.CreatingUnitKind",
            "labourbrand.regions.Designation",
            _P + "targets",
        ),
        "Four categories with >= 10 brands each; the kinds of creating unit, the list open (等); the areas of livelihood brands as designations.",
    ),
    "3.3": (
        ("labourbrand.lifecycle.transition",),
        "The county HRSS bureau recommends upward; the province keeps the resource pool (lifecycle). The selection criteria (带动就业人数较多、技能产品特色明显、市场知名度高) are qualitative: the recommendation's audit record states them in its note.",
    ),
    "3.4": (
        ("labourbrand.lifecycle.transition", _P + "exit_assessment"),
        "Level-by-level recommendation and admission, monitoring, the province's spot checks, and exit on four grounds proposed by the city and decided by the province.",
    ),
    "4.1": (
        (
            _P + "training_subsidy",
            _P + "high_skill_base_grant",
            _P + "county_obligations",
        ),
        "Subsidised training scope, the high-skill base grant, >= 1 training project per county, >= 1 studio per key county. Not encoded, with no condition on a brand: certificates for trainees (证书), colleges' programmes around 一老一小, and equal title evaluation for high-skilled talents under local talent policy (同等落实职称评聘…当地人才政策).",
    ),
    "4.2": (
        (
            _P + "employment_award",
            _P + "admit",
            _P + "provincial_recognition_award",
            _P + "transport_subsidy",
            _P + "social_insurance_subsidy",
        ),
        "The one-time employment award (>= 500 practitioners with signed agreements, rural workers among them, capped at 300,000 yuan, set by the city, which may add conditions), pool admission, the provincial-recognition award and worker subsidies.",
    ),
    "4.3": (
        (_P + "showcase_award", _P + "credit_check"),
        "The one-time showcase award, classed by the event's level and paid once per selection by default (an interpretation, showcase_award_class), set by the city; written warnings for broken credit commitments.",
    ),
    "5.1": (
        (_P + "entrepreneurship_supports",),
        "Tax relief, entrepreneurship-training subsidy, one-time start-up subsidy and guaranteed loan for founders, and low- or zero-rent incubation premises with fee relief for start-up entities, per regulations. Not encoded: banks are encouraged to explore trademark and patent pledge loans (商标权、专利权等质押贷款) and insurance, an encouragement with no entitlement.",
    ),
    "5.2": (
        (_P + "leading_enterprise",),
        "The three criteria of a leading enterprise.",
    ),
    "5.3": (
        (),
        "Industrial parks: land and energy quotas and finance channels, with no condition on a brand to encode.",
    ),
    "6.1": ((), "Selection, competitions and typical people: promotion, no rule."),
    "6.2": ((), "Exhibitions, forums and cultural exchanges: promotion, no rule."),
    "6.3": ((), "Storytelling in the media: promotion, no rule."),
    "7.1": (
        ("labourbrand.policy.clauses.ClauseRegistry.bodies", _P + "obligation"),
        "Government-led, HRSS-coordinated work of 20 departments: the responsible bodies are data of every clause; the implementation plan as an obligation.",
    ),
    "7.2": (
        (_P + "obligation",),
        "Part of the employment priority work; the implementation plan as an obligation.",
    ),
    "7.3": (
        (_P + "funding_tilt",),
        "Favourable weighting of employment subsidy funds for counties behind national or provincial brands; the size is delegated.",
    ),
    "7.4": (
        (_P + "obligation",),
        "The expert pool as an obligation (done, not done or unknown); research: no rule.",
    ),
}


def coverage() -> tuple[ClauseCoverage, ...]:
    """Return, for every clause in document order, the public API that encodes it.

    Example:
        >>> [c.encoded_by for c in coverage() if c.clause == "5.2"]
        [('labourbrand.policy.Policy.leading_enterprise',)]

    .. versionadded:: 0.1.0
    """
    return tuple(
        ClauseCoverage(
            clause=clause.id,
            kinds=clause.kinds,
            encoded_by=_ENCODED[clause.id][0],
            note=_ENCODED[clause.id][1],
        )
        for clause in clauses()
    )


def coverage_table(*, lang: str = "en") -> str:
    """Render :func:`coverage` as a Markdown table (generated into the docs).

    .. versionadded:: 0.1.0
    """
    registry = clauses()
    head = (
        "| clause | 标题 | kinds | encoded by | note |\n|---|---|---|---|---|\n"
        if lang == "en"
        else "| 条款 | 标题 | 类型 | 代码 | 说明 |\n|---|---|---|---|---|\n"
    )
    rows = []
    for item in coverage():
        kinds = ", ".join(sorted(k.value for k in item.kinds)) or "—"
        names = (
            "<br>".join(f"`{n.removeprefix('labourbrand.')}`" for n in item.encoded_by)
            or "—"
        )
        rows.append(
            f"| {item.clause} | {registry[item.clause].title_zh} | {kinds} | {names} | {item.note} |\n"
        )
    return head + "".join(rows)
