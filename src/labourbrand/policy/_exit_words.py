"""The words of the exit assessment of clause 3.4: grounds judged all, a marked fall, a stage (private).

Split from :mod:`labourbrand.policy._check_words`, whose protocol of a day
(``CheckDay``) and verdicts (``Judged``) they share: each word holds its
meaning for one brand, with its steps, and over columns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from labourbrand.exceptions import PluginResultError
from labourbrand.policy._check_words import (
    CheckDay,
    Judged,
    SubjectRows,
    _unknown,
)
from labourbrand.policy._decision import Supplier
from labourbrand.policy._vocabulary import Columns, Verdict, Wording
from labourbrand.rules import Ratio


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import numpy as np
    import numpy.typing as npt

    from labourbrand.plugins import SuppliedRule
    from labourbrand.policy._vocabulary import Facts


__all__ = ["AnyFound", "FallFound", "Ground", "InStage", "MarkedFall"]


# ------------------------------------------------------------------- grounds
#: The state of a ground: found, not found, or unknown.
_FOUND: Final = {True: 1, False: 0, None: -1}
#: Where exact integer arithmetic over count columns could overflow int64.
_SAFE_PRODUCT: Final = 1 << 62


@final
@attrs.frozen(kw_only=True)
class Ground:
    """One ground of an :class:`AnyFound`: found where a flag is yes (e.g. poor training)."""

    #: The ground's stable code (e.g. ``"poor_training"``).
    code: str
    #: Its name, e.g. ``培训质量不高`` / ``poor training``.
    label: Wording
    #: The flag read: the ground is found where it is yes.
    fact: str

    def found(
        self,
        facts: Facts,
        _day: CheckDay,
        _names: Mapping[str, object],
    ) -> tuple[bool | None, tuple[tuple[str, str], ...], FallFound | None]:
        """The ground's state for one subject (no steps of its own)."""
        return facts.flags.get(self.fact), (), None

    def found_columns(self, cols: Columns, _day: CheckDay) -> npt.NDArray[np.int8]:
        """The ground's state per row: ``1`` found, ``0`` not found, ``-1`` unknown."""
        import numpy as np

        values = cols.flag(self.fact, "")
        if values is None:
            return np.full(cols.n, -1, np.int8)
        return values.astype(np.int8, copy=True)


@final
@attrs.frozen(kw_only=True)
class FallFound:
    """What a :class:`MarkedFall` found for one subject, beyond its state."""

    #: The relative fall, ``(before - now) / before`` to four places, if the count fell.
    fall: Decimal | None = None
    #: The fall that counts as marked, if a rule sets it.
    ratio: Decimal | None = None
    #: The plugin whose rule set :attr:`ratio`.
    supplier: Supplier | None = None


def _reaches(before: Any, now: Any, numerator: Any, denominator: Any) -> Any:  # noqa: ANN401 - ints or int64 arrays alike
    """Whether ``before - now`` reaches ``numerator / denominator`` of *before*, exactly.

    One expression for one subject (Python ints) and for columns (arrays):
    a ratio ``p/q`` is compared as ``(before - now) * q >= p * before``.
    """
    return (before - now) * denominator >= numerator * before


@final
@attrs.frozen(kw_only=True)
class MarkedFall:
    """A ground found where a count fell markedly (明显减少): by a ratio a delegated rule sets.

    The rule is the :class:`~labourbrand.policy.Ratio` a plugin gives for
    :attr:`rule` in the subject's jurisdiction (county, city-level unit,
    province; the province alone for an unknown county). A count that did not
    fall is no marked fall, whatever the ratio; a fall to zero is marked under
    any ratio, even before a rule exists; any other fall is unknown until a
    rule sets the ratio (unknown, not "no"). A rule that is not a ratio is the
    plugin's error (:exc:`~labourbrand.exceptions.PluginResultError`), for one
    subject and in a batch alike.

    Steps fill ``{before}``, ``{now}`` and ``{fall}`` (a
    :class:`~decimal.Decimal`: ``{fall:%}``); the rule's step fills
    ``{jurisdiction}``, ``{jurisdiction_zh}``, ``{reference}``, ``{ratio}`` and
    ``{illustrative_zh}``/``{illustrative_en}`` (:attr:`illustrative`, unless
    the reference already says so: :attr:`illustrative_marker`).
    """

    #: The ground's stable code (e.g. ``"fewer_jobs"``).
    code: str
    #: Its name.
    label: Wording
    #: The counts read: earlier and now.
    before: str
    now: str
    #: The delegated value whose rule sets the ratio (e.g. ``"exit_job_fall"``).
    rule: str
    #: What the rule sets, for an error and a :class:`~labourbrand.policy.Supplier`.
    rule_what: str
    supplied: str
    #: Words of the rule found.
    rule_said: Wording
    illustrative: Wording
    illustrative_marker: Wording
    #: Words when a count is unknown, when it did not fall, and when it fell.
    unknown: Wording
    no_fall: Wording
    fell: Wording
    #: Words when the rule's ratio is reached, and when not.
    marked: Wording
    not_marked: Wording
    #: Words of a fall to zero with no rule, and of any other fall with no rule.
    to_zero: Wording
    unquantified: Wording

    @property
    def counts(self) -> tuple[str, ...]:
        """The counts read."""
        return (self.before, self.now)

    def supplied_rule(self, day: CheckDay, county: str | None) -> SuppliedRule | None:
        """The rule over *county* (the province's for ``None``), checked to be a ratio."""
        place = county if county is not None else day.regions.province.code
        supplied = day.rule_for(self.rule, place)
        if supplied is not None and not isinstance(supplied.rule.formula, Ratio):
            msg = f"Expected a Ratio for {self.rule} ({self.rule_what})"
            raise PluginResultError(
                msg,
                plugin_name=supplied.plugin,
                hook="labourbrand_rules",
                value=supplied.rule.formula,
            )
        return supplied

    def _rule_step(
        self, day: CheckDay, supplied: SuppliedRule, values: Mapping[str, object]
    ) -> tuple[str, str]:
        rule = supplied.rule
        reference = rule.reference
        marker = self.illustrative_marker
        return self.rule_said.render(
            {
                **values,
                "jurisdiction": rule.jurisdiction,
                "jurisdiction_zh": day.regions.name_of(rule.jurisdiction),
                "reference": reference,
                "ratio": _ratio(supplied),
                "illustrative_zh": self.illustrative.zh
                if rule.illustrative and marker.zh not in reference
                else "",
                "illustrative_en": self.illustrative.en
                if rule.illustrative and marker.en not in reference
                else "",
            }
        )

    def found(
        self,
        facts: Facts,
        day: CheckDay,
        names: Mapping[str, object],
    ) -> tuple[bool | None, tuple[tuple[str, str], ...], FallFound | None]:
        """The ground's state for one subject, its steps and what it found."""
        steps: list[tuple[str, str]] = []
        supplied = self.supplied_rule(day, facts.county)
        ratio = supplier = None
        if supplied is not None:
            ratio = _ratio(supplied)
            steps.append(self._rule_step(day, supplied, facts.values(**names)))
            supplier = Supplier(
                plugin=supplied.plugin,
                version=supplied.version,
                jurisdiction=supplied.rule.jurisdiction,
                supplied=self.supplied,
                reference=supplied.rule.reference,
            )
        before, now = facts.counts.get(self.before), facts.counts.get(self.now)
        if before is None or now is None:
            steps.append(self.unknown.render(facts.values(**names)))
            return None, tuple(steps), FallFound(ratio=ratio, supplier=supplier)
        values = facts.values(**names, before=before, now=now)
        if now >= before:
            steps.append(self.no_fall.render(values))
            return False, tuple(steps), FallFound(ratio=ratio, supplier=supplier)
        fall = (Decimal(before - now) / Decimal(before)).quantize(Decimal("0.0001"))
        values = {**values, "fall": fall}
        steps.append(self.fell.render(values))
        state: bool | None
        if ratio is not None:
            numerator, denominator = ratio.as_integer_ratio()
            state = bool(_reaches(before, now, numerator, denominator))
            steps.append((self.marked if state else self.not_marked).render(values))
        elif now == 0:
            state = True
            steps.append(self.to_zero.render(values))
        else:
            state = None
            steps.append(self.unquantified.render(values))
        return state, tuple(steps), FallFound(fall=fall, ratio=ratio, supplier=supplier)

    def _ratio_rows(
        self, cols: Columns, day: CheckDay
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Each row's ratio as ``numerator, denominator``, and whether a rule sets it.

        The rule is resolved once per county group present, never once per row.
        """
        import numpy as np

        if isinstance(cols, SubjectRows):
            of_row, codes = cols.of_row, cols.codes
        else:
            of_row, codes = np.zeros(cols.n, np.intp), ("",)
        numerator = np.zeros(len(codes), np.int64)
        denominator = np.ones(len(codes), np.int64)
        ruled = np.zeros(len(codes), np.bool_)
        present = np.flatnonzero(np.bincount(of_row, minlength=len(codes)))
        for gid in present.tolist():
            supplied = self.supplied_rule(day, codes[gid] or None)
            if supplied is not None:
                numerator[gid], denominator[gid] = _ratio(supplied).as_integer_ratio()
                ruled[gid] = True
        return (
            np.take(numerator, of_row),
            np.take(denominator, of_row),
            np.take(ruled, of_row),
        )

    def found_columns(self, cols: Columns, day: CheckDay) -> npt.NDArray[np.int8]:
        """The ground's state per row: ``1`` found, ``0`` not found, ``-1`` unknown."""
        import numpy as np

        numerator, denominator, ruled = self._ratio_rows(cols, day)
        before, now = cols.count(self.before), cols.count(self.now)
        if before is None or now is None:
            return np.full(cols.n, -1, np.int8)
        unknown = (before < 0) | (now < 0)
        fell = (now < before) & ~unknown
        largest = max(
            int(before.max(initial=0)),
            1,
        ) * max(int(numerator.max(initial=0)), int(denominator.max(initial=1)))
        if largest >= _SAFE_PRODUCT:  # exact, in Python ints, for counts that large
            marked = _reaches(
                before.astype(object),
                now.astype(object),
                numerator.astype(object),
                denominator.astype(object),
            ).astype(np.bool_)
        else:
            marked = _reaches(before, now, numerator, denominator)
        to_zero = now == 0
        found = fell & np.where(ruled, marked, to_zero)
        state: npt.NDArray[np.int8] = found.astype(np.int8)
        state[unknown | (fell & ~ruled & ~to_zero)] = -1
        return state


def _ratio(supplied: SuppliedRule) -> Decimal:
    formula = supplied.rule.formula
    assert isinstance(formula, Ratio)  # noqa: S101 - checked by supplied_rule
    return formula.value


def _grounds(items: Iterable[Ground | MarkedFall]) -> tuple[Ground | MarkedFall, ...]:
    return tuple(items)


@final
@attrs.frozen(kw_only=True)
class AnyFound:
    """Some grounds, each judged (all of them, not up to the first): one found is enough.

    Holds where a ground is found, fails where every ground is known not
    found, and is unknown where none is found and one is unknown. Each ground
    says :attr:`each` (``{label_zh}``, ``{label_en}``, ``{code}``,
    ``{state_zh}``, ``{state_en}``: :attr:`found`, :attr:`not_found` or
    :attr:`not_assessable`), after the steps of the grounds that work
    themselves out (a :class:`MarkedFall`). The verdict reports each ground's
    state (``report["grounds"]``: code → ``True``/``False``/``None``) and
    what each marked fall found (``report["falls"]``: code →
    :class:`FallFound`); in a batch, each ground's state is a column of
    ``1``/``0``/``-1``.
    """

    #: The grounds, in the order of the text.
    grounds: tuple[Ground | MarkedFall, ...] = attrs.field(converter=_grounds)
    #: Words of each ground, and of its states.
    each: Wording
    found: Wording
    not_found: Wording
    not_assessable: Wording

    reads: tuple[str, ...] = ()

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact read: the flags of the grounds, then the counts of the falls."""
        flags = [g.fact for g in self.grounds if isinstance(g, Ground)]
        counts = [
            c for g in self.grounds if isinstance(g, MarkedFall) for c in g.counts
        ]
        return (*flags, *counts)

    @property
    def counts(self) -> tuple[str, ...]:
        """The facts read that are counts (the rest are flags)."""
        return tuple(
            c for g in self.grounds if isinstance(g, MarkedFall) for c in g.counts
        )

    def judge(
        self,
        facts: Facts,
        day: CheckDay,
        names: Mapping[str, object],
        *,
        hypothetical: bool,  # noqa: ARG002 - every word takes it
    ) -> Judged:
        """The verdict for one subject: the steps of every ground, and each one's state."""
        states: dict[str, bool | None] = {}
        falls: dict[str, FallFound] = {}
        steps: list[tuple[str, str]] = []
        for ground in self.grounds:
            state, said, found = ground.found(facts, day, names)
            states[ground.code] = state
            steps += said
            if found is not None:
                falls[ground.code] = found
        for ground in self.grounds:
            state = states[ground.code]
            words = (
                self.found
                if state
                else self.not_found
                if state is False
                else self.not_assessable
            )
            label = ground.label
            steps.append(
                self.each.render(
                    {
                        "label_zh": label.zh,
                        "label_en": label.en,
                        "code": ground.code,
                        "state_zh": words.zh,
                        "state_en": words.en,
                    }
                )
            )
        if True in states.values():
            verdict = Verdict.HOLDS
        elif all(state is False for state in states.values()):
            verdict = Verdict.FAILS
        else:
            verdict = Verdict.UNKNOWN
        report = {"grounds": states, "falls": falls}
        return Judged(verdict, tuple(steps), report=report)

    def found_columns(
        self, cols: Columns, day: CheckDay, _check: str
    ) -> dict[str, npt.NDArray[np.int8]]:
        """Each ground's state per row, by code: ``1`` found, ``0`` not, ``-1`` unknown."""
        return {g.code: g.found_columns(cols, day) for g in self.grounds}

    def verdict_columns(
        self, found: Mapping[str, npt.NDArray[np.int8]], n: int
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where every ground is known not found, and where none is found but one is unknown."""
        import numpy as np

        some = np.zeros(n, np.bool_)
        every_no = np.ones(n, np.bool_)
        for state in found.values():
            some |= state == 1
            every_no &= state == 0
        return every_no, ~some & ~every_no

    def columns(
        self, cols: Columns, day: CheckDay, check: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the condition fails, and where it is unknown."""
        return self.verdict_columns(self.found_columns(cols, day, check), cols.n)


# ------------------------------------------------------------------ InStage
@final
@attrs.frozen(kw_only=True)
class InStage:
    """The subject is at a stage of its lifecycle on the day (a brand in the resource pool).

    The flag :attr:`fact` says whether: for one brand, whoever builds the
    subject works it out from its history (the stage of the day); in a batch
    it is a column, ``-1`` when unknown. Nothing is said when it is; when it
    is not, :attr:`outside` (which may use the names the subject gives, such
    as the stage it is at).
    """

    #: The flag: the subject is at the stage on the day.
    fact: str
    #: Words when it is not, and when that is unknown.
    outside: Wording
    unknown: Wording

    reads: tuple[str, ...] = ()

    def judge(
        self,
        facts: Facts,
        _day: CheckDay,
        names: Mapping[str, object],
        *,
        hypothetical: bool,  # noqa: ARG002 - every word takes it
    ) -> Judged:
        """The verdict for one subject: holds silently, or fails or is unknown with its step."""
        flag = facts.flags.get(self.fact)
        if flag is None:
            return Judged(
                Verdict.UNKNOWN, (self.unknown.render(facts.values(**names)),)
            )
        if flag:
            return Judged(Verdict.HOLDS)
        return Judged(Verdict.FAILS, (self.outside.render(facts.values(**names)),))

    def columns(
        self, cols: Columns, _day: CheckDay, check: str
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
        """Where the subject is not at the stage, and where that is unknown."""
        values = cols.flag(self.fact, check)
        if values is None:
            return _unknown(cols.n)
        return values == 0, values < 0
