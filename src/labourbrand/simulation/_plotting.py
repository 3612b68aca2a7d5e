"""What every figure of :mod:`labourbrand.simulation.plots` shares: fonts, captions, names (private).

Kept apart from the figures so that any figure (those of ``plots``, and any
added later) draws Chinese with the same font or the same English fallback
and one warning, states what it rests on in the same caption, and names the
units the same way.
"""

from __future__ import annotations

import textwrap
import warnings
from typing import TYPE_CHECKING, Any, Final, Literal

from labourbrand._validators import language
from labourbrand.exceptions import (
    InvalidArgumentError,
    LabourBrandError,
    LabourBrandWarning,
)
from labourbrand.simulation._results import Comparison, Results


if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.figure import Figure


#: Fonts tried, in order, for Chinese labels: :data:`labourbrand.simulation.plots.CJK_FONTS`.
#: matplotlib reads the first face of a ``.ttc`` file, and that of Debian's
#: ``fonts-noto-cjk`` is named JP; it draws every Chinese character.
CJK_FONTS: Final = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Sarasa Gothic SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK JP",
)
#: How to install a font of :data:`CJK_FONTS`, as the fallback warning says.
_INSTALL_HINT: Final = (
    "install one (Debian and Ubuntu: apt-get install fonts-noto-cjk; "
    "Fedora: dnf install google-noto-sans-cjk-fonts; macOS and Windows have one)"
)
#: The texts of a caption, by language.
_CAPTION: Final[dict[str, dict[str, str]]] = {
    "en": {
        "rests_on": "Scenario {scenario!r}: {runs:,} runs, seed {seed}; {parameters}; {assumptions}.",
        "default_parameters": "default parameters",
        "parameters": "parameters changed: {changes}",
        "parameters_from": "{changes} from {day}",
        "default_assumptions": "default assumptions",
        "assumptions": "assumptions changed: {changes} (the others default)",
        "not_recorded": "parameters and assumptions not recorded",
    },
    "zh": {
        "rests_on": "情景“{scenario}”：{runs:,}次模拟，随机种子{seed}；{parameters}；{assumptions}。",
        "default_parameters": "参数为默认值",
        "parameters": "改变的参数：{changes}",
        "parameters_from": "{changes}（自{day}起）",
        "default_assumptions": "假设为默认值",
        "assumptions": "改变的假设：{changes}（其余为默认值）",
        "not_recorded": "参数和假设未记录",
    },
}
#: The keys of the warnings given once per process (see :func:`_warn_once`).
_warned: Final[set[str]] = set()


# ------------------------------------------------- shared: fonts, captions
def _warn_once(key: str, message: str) -> None:
    """Warn with *message* the first time *key* is met in this process."""
    if key in _warned:
        return
    _warned.add(key)
    # _warn_once <- _warn_no_cjk_font <- _language or _finish <- a figure
    # function <- its caller, whose line the warning names.
    warnings.warn(message, LabourBrandWarning, stacklevel=5)


def _warn_no_cjk_font() -> None:
    _warn_once(
        "cjk",
        "No CJK font found for Chinese labels (looked for "
        f"{', '.join(CJK_FONTS)}): figures are drawn with English labels, and "
        f"Chinese characters in names are shown as '?'. To draw them, {_INSTALL_HINT}.",
    )


def _installed_fonts() -> set[str]:
    """The names of the fonts matplotlib can use, the system's newer ones included.

    matplotlib caches its font list when it first runs; a font installed
    since (``apt-get install fonts-noto-cjk``) is added here when the list
    has no CJK font.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    names = {font.name for font in manager.ttflist}
    if names.isdisjoint(CJK_FONTS):
        known = {font.fname for font in manager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # not a font FreeType reads
                    continue
        names = {font.name for font in manager.ttflist}
    return names


def _cjk_font() -> str | None:
    """The first installed font of :data:`CJK_FONTS`, if any."""
    installed = _installed_fonts()
    return next((name for name in CJK_FONTS if name in installed), None)


def _language(lang: object) -> tuple[Literal["en", "zh"], str | None]:
    """The language a figure is drawn in, and the CJK font of a Chinese one.

    Chinese without a CJK font falls back to English, with one warning per
    process (:func:`_warn_no_cjk_font`).
    """
    checked = language(lang)
    if checked == "en":
        return "en", None
    font = _cjk_font()
    if font is None:
        _warn_no_cjk_font()
        return "en", None
    return "zh", font


def _default_glyphs() -> frozenset[int]:
    """The code points the default font (``font.family``) can draw."""
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties())
    return frozenset(font_manager.get_font(path).get_charmap())


def _figure(**kwargs: Any) -> Figure:  # noqa: ANN401 - Figure's own keywords
    from matplotlib.figure import Figure

    return Figure(layout="constrained", **kwargs)


def _finish(fig: Figure, font: str | None) -> Figure:
    """Make every text of *fig* drawable, without a box or a warning per glyph.

    With *font* (a Chinese figure), every text uses it. Otherwise a text with
    characters the default font lacks uses the CJK font if one is installed,
    else shows ``?`` for each (and :func:`_warn_no_cjk_font` warns once).
    """
    from matplotlib.text import Text

    if font is not None:
        family = [font, "sans-serif"]
        for text in fig.findobj(Text):
            text.set_fontfamily(family)
        for ax in fig.axes:
            ax.tick_params(labelfontfamily=family)  # ticks made later, at draw time
        return fig
    glyphs = _default_glyphs()
    cjk: str | None = None
    looked = False
    for text in fig.findobj(Text):
        value = text.get_text()
        missing = {c for c in value if c.isprintable() and ord(c) not in glyphs}
        if not missing:
            continue
        if not looked:
            cjk, looked = _cjk_font(), True
        if cjk is not None:
            text.set_fontfamily([cjk, "sans-serif"])
        else:
            _warn_no_cjk_font()
            text.set_text("".join("?" if c in missing else c for c in value))
    return fig


def _show(value: object) -> str:
    """A parameter or assumption value as a caption writes it."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    return str(value)  # Fen: ¥300,000.00; a day: 2024-01-01


def _rests_on(results: Results, lang: Literal["en", "zh"]) -> str:
    """One sentence: the scenario, runs, seed, and the parameters and assumptions changed."""
    text = _CAPTION[lang]
    overrides = results.overrides
    if overrides is None:
        parameters, assumptions = text["not_recorded"], ""
    else:
        parameters = text["default_parameters"]
        if overrides["parameters"]:
            changes = ", ".join(
                f"{k} = {_show(v)}" for k, v in overrides["parameters"].items()
            )
            if overrides["parameters_from"] is not None:
                day = overrides["parameters_from"].isoformat()
                changes = text["parameters_from"].format(changes=changes, day=day)
            parameters = text["parameters"].format(changes=changes)
        assumptions = text["default_assumptions"]
        if overrides["assumptions"]:
            changes = ", ".join(
                f"{k} = {_show(v)}" for k, v in overrides["assumptions"].items()
            )
            assumptions = text["assumptions"].format(changes=changes)
    sentence = text["rests_on"].format(
        scenario=results.scenario,
        runs=results.runs,
        seed=results.seed,
        parameters=parameters,
        assumptions=assumptions,
    )
    # Without a record there is no assumptions part: drop its separator.
    return sentence.replace("; .", ".").replace("；。", "。")


def _caption(every: Sequence[Results], lang: Literal["en", "zh"]) -> str:
    """The caption of a figure of *every* scenario's results, one line each."""
    return "\n".join(_rests_on(results, lang) for results in every)


def _add_caption(fig: Figure, text: str, lang: Literal["en", "zh"]) -> None:
    """Write *text* at the foot of *fig*, wrapped to its width, and keep room for it."""
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size="small").get_size_in_points()
    # Average advance of a character: a full em for Chinese, about half for Latin.
    em = 1.0 if lang == "zh" else 0.55
    width = max(20, int(fig.get_figwidth() * 72 * 0.96 / (size * em)))
    lines = [
        wrapped
        for line in text.split("\n")
        for wrapped in textwrap.wrap(line, width=width, break_on_hyphens=False)
    ]
    height = fig.get_figheight() * 72
    fig.text(
        0.01,
        3 / height,
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize="small",
        color="dimgrey",
        gid="caption",
    )
    bottom = (len(lines) * size * 1.3 + 8) / height
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0, bottom, 1, 1 - bottom))  # type: ignore[call-arg]


# ------------------------------------------------------------- checks, names
def _check_results(results: object) -> Results:
    if not isinstance(results, Results):
        msg = f"Expected Results but got results={results!r} (type={type(results).__name__})"
        raise InvalidArgumentError(msg, field="results")
    return results


def _every(results_or_comparison: object) -> list[Results]:
    """The results of each scenario of a comparison, or the one results."""
    if isinstance(results_or_comparison, Comparison):
        return list(results_or_comparison)
    return [_check_results(results_or_comparison)]


def _labels(ids: Sequence[str], names_zh: Sequence[str], lang: str) -> list[str]:
    """Regions by name: Chinese, or English where the packaged data has it, else the id.

    No name is made up: a unit the data gives no English name is shown by its
    code (or zone key).
    """
    if lang == "zh":
        return list(names_zh)
    from labourbrand.regions import shaanxi

    regions = shaanxi()
    labels = []
    for unit in ids:
        try:
            name = (
                regions[unit].name_en
                if unit[:1].isdigit()
                else regions.zone(unit).name_en
            )
        except LabourBrandError:
            name = None
        labels.append(name or unit)
    return labels
