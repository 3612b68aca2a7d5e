"""陕人社发〔2022〕13号《关于加强劳务品牌建设的实施意见》, declared as data.

Each measure below reads like the clause it encodes: the sentence of the text,
then its conditions in order, the notes its explanation adds, who is paid,
from which fund, who sets the amount, and its cap. The interpreter
(:class:`~labourbrand.policy.Policy`) evaluates these declarations for one
brand and over numpy columns alike; nothing here is code.

The text quantifies two numbers for its measures, both dated parameters
(``employment_award_threshold``, 500; ``employment_award_cap``, 300,000 yuan);
every amount is delegated, to the city level or to the rules in force.

Example:
    >>> from labourbrand.policy.documents import shaanxi_2022_13
    >>> [m.id for m in shaanxi_2022_13.document().measures][:3]
    ['employment_award', 'provincial_recognition_award', 'showcase_award']
"""

from __future__ import annotations

import enum
import functools
import types
from typing import TYPE_CHECKING, Final

import pendulum

from labourbrand.lifecycle import TRANSITIONS
from labourbrand.policy._document import PolicyDocument
from labourbrand.policy._interpretations import Interpretation, Reading
from labourbrand.policy._measures import (
    Delegation,
    Level,
    MeasureSpec,
    OncePer,
    Payee,
)
from labourbrand.policy._vocabulary import (
    AnyPositive,
    AtLeast,
    ByReading,
    CountyKnown,
    Holds,
    Unless,
    Wording,
)
from labourbrand.policy.documents._shaanxi_2022_13_checks import (
    CHECKS,
    DELEGATED_VALUES,
    OBLIGATIONS,
)


if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = [
    "CHECKS",
    "DELEGATED_TO",
    "DELEGATED_VALUES",
    "EMPLOYMENT_FUND",
    "ENTREPRENEURSHIP_MEASURES",
    "ID",
    "MEASURES",
    "OBLIGATIONS",
    "Measure",
    "document",
]

#: The document's id.
ID: Final = "shaanxi-2022-13"
#: The fund the awards and subsidies of clause 4.2 are paid from.
EMPLOYMENT_FUND: Final = "就业补助资金"

# 第四部分第(二)项、第(三)款: 具体由市级财政、人社部门制定
_CITY: Final = Delegation(
    Level.CITY, "市级财政、人社部门", "the city finance and HRSS bureaus"
)
# 按规定: the rules in force
_REGULATIONS: Final = Delegation(
    Level.REGULATIONS, "现行规定(按规定)", "the existing regulations (按规定)"
)

# ------------------------------------------------------------ shared words
_COUNTY: Final = CountyKnown(
    known=Wording(
        "品牌由{county_zh}({code})培育创建。",
        "The brand is cultivated in {county_en} ({code}).",
    ),
    unknown=Wording(
        "培育创建地(县级单位)未知,无法确定由哪一地区设定金额。",
        "The brand's county is unknown, so no jurisdiction can be found to set the amount.",
    ),
)
_NOT_PAID: Final = Unless(
    fact="paid",
    yes=Wording(
        "该奖补为一次性奖补,已于{detail}核定,不再重复给予。",
        "The award is one-time and was already granted on {detail}; it is not granted twice.",
    ),
    unknown=Wording(
        "未知该奖补是否已经核定。", "Whether the award was already granted is unknown."
    ),
)
#: 一次性 for a showcase: a lump sum per selection, not once in a brand's life.
_NOT_PAID_FOR_SELECTION: Final = Unless(
    fact="paid",
    yes=Wording(
        "该次确定参加展示交流活动的一次性奖补已于{detail}核定,不再重复给予。",
        "The one-time award for this selection was already granted on {detail}; it is "
        "not granted twice.",
    ),
    unknown=Wording(
        "未知该次奖补是否已经核定。",
        "Whether the award for this selection was already granted is unknown.",
    ),
)
_NO_HEAD_COUNT_ZH: Final = "截至{on}无从业人员统计,"
_NO_HEAD_COUNT_EN: Final = "No head count on or before {on}: "


def _founders(
    measure: str,
    name: Wording,
    note: Wording,
    *,
    quote: Wording | None = None,
    beneficiary: Wording | None = None,
) -> MeasureSpec:
    """An entrepreneurship support of clause 5.1 (the same conditions: founders among the practitioners)."""
    return MeasureSpec(
        id=measure,
        clause="5.1",
        name=name,
        quote=quote
        or Wording(
            "对符合条件的创业者按规定落实税费减免、创业培训补贴、一次性创业补贴、创业担保贷款等政策",
            "practitioners who start businesses and meet the conditions get tax and fee "
            "relief, entrepreneurship-training subsidies, a one-time start-up subsidy and "
            "guaranteed start-up loans per regulations",
        ),
        conditions=(
            AnyPositive(
                facts=("founders",),
                some=Wording(
                    "该品牌从业人员中有创业者{founders}人,符合条件的按规定落实。",
                    "{founders} of the brand's practitioners started businesses; those "
                    "who meet the conditions get it per regulations.",
                ),
                none=Wording(
                    "该品牌从业人员中无创业者。",
                    "None of the brand's practitioners has started a business.",
                ),
                unknown=Wording(
                    "该品牌从业人员中创业者人数未知。",
                    "The number of the brand's practitioners who started businesses is unknown.",
                ),
            ),
            _COUNTY,
        ),
        notes=(
            note,
            beneficiary
            or Wording(
                "政策对象为创业者本人,不是培育创建单位。",
                "It is for the founders themselves, not the creating unit.",
            ),
        ),
        payee=Payee.PERSONS if beneficiary is None else Payee.NOT_STATED,
        set_by=_REGULATIONS,
        needs=("founders",),
    )


def _worker_groups(*, open_list: bool) -> AnyPositive:
    """The placed workers in difficulty of clause 4.2, the list read open or closed."""
    return AnyPositive(
        facts=("poverty_alleviated", "rural_low_income"),
        some=Wording(
            "截至{observed},该品牌输出就业脱贫人口{poverty_alleviated}人、"
            "农村低收入人口{rural_low_income}人(两类可能重叠,符合条件者{low}至{high}人);"
            "补贴按规定给予。",
            "On {observed} the brand places {poverty_alleviated} poverty-alleviated and "
            "{rural_low_income} rural low-income workers (the groups may overlap: "
            "{low} to {high} eligible persons); the subsidy is given per regulations.",
        ),
        none=Wording(
            "截至{observed},该品牌输出就业的脱贫人口、农村低收入人口均为0人;"
            + (
                "原文“等困难群体”未列尽,其他困难群体未统计。"
                if open_list
                else "无补贴对象。"
            ),
            "On {observed} the brand places no poverty-alleviated and no rural "
            "low-income workers"
            + (
                "; the text's list (等困难群体) is open, and other groups in difficulty "
                "are not counted."
                if open_list
                else ": nobody is due the subsidy."
            ),
        ),
        unknown=Wording(
            _NO_HEAD_COUNT_ZH + "无法确定脱贫人口和农村低收入人口人数。",
            _NO_HEAD_COUNT_EN + "the poverty-alleviated and rural low-income "
            "workers are unknown.",
        ),
        open_list=open_list,
        labels=(
            Wording("脱贫人口", "poverty-alleviated"),
            Wording("农村低收入人口", "rural low-income"),
        ),
        missing=Wording(
            "截至{observed}的从业人员统计未记录{missing}人数(未统计不等于0人),"
            "无法确定有无补贴对象。",
            "The head count of {observed} does not record the {missing} workers "
            "(not counted is not zero): whether anyone is due the subsidy is unknown.",
        ),
        partly=Wording(
            "截至{observed},该品牌输出就业的困难群体中至少{low}人符合条件"
            "({missing}人数未统计);补贴按规定给予。",
            "On {observed} the brand places at least {low} workers of the groups "
            "named (the {missing} workers are not counted); the subsidy is given "
            "per regulations.",
        ),
    )


def _worker_subsidy(measure: str, name: Wording, note: Wording) -> MeasureSpec:
    """A subsidy of clause 4.2 for workers in difficulty placed through a brand."""
    return MeasureSpec(
        id=measure,
        clause="4.2",
        name=name,
        quote=Wording(
            "将脱贫人口、农村低收入人口等困难群体作为劳务品牌优先输出就业服务对象,"
            "按规定给予社会保险补贴和一次性交通补助等",
            "poverty-alleviated, rural low-income and other people in difficulty placed "
            "through a brand are given social-insurance subsidies and a one-time "
            "transport subsidy per regulations",
        ),
        conditions=(
            ByReading(
                interpretation="worker_subsidy_groups",
                readings=(
                    ("open", _worker_groups(open_list=True)),
                    ("named_only", _worker_groups(open_list=False)),
                ),
            ),
            _COUNTY,
        ),
        notes=(note,),
        # 按规定: who is paid and from which fund, the rules in force say; the
        # fund sentence of 4.2 belongs to the one-time award.
        payee=Payee.NOT_STATED,
        fund=None,
        set_by=_REGULATIONS,
    )


#: The passages of the text that admit several readings, each with its default.
INTERPRETATIONS: Final = (
    Interpretation(
        id="employment_award_headcount",
        clause="4.2",
        words_zh="吸纳农村劳动力等从业人员(签订协议)",
        question="Which workers count toward the 500 of the one-time employment award?",
        readings=(
            Reading(
                id="signed_practitioners",
                zh="签订协议的从业人员,农村劳动力在内(“等”字不限于农村劳动力)",
                en="practitioners with signed agreements, rural workers among them",
            ),
            Reading(
                id="rural_signed",
                zh="仅计签订协议的农村劳动力",
                en="rural workers with signed agreements only",
            ),
        ),
        default="signed_practitioners",
        reason=(
            "“农村劳动力等从业人员” names practitioners, of whom rural labour is the "
            "first example; “等” leaves the group open."
        ),
        chosen_by="a city, in the detailed rules it sets; a scenario; an application",
    ),
    Interpretation(
        id="worker_subsidy_groups",
        clause="4.2",
        words_zh="将脱贫人口、农村低收入人口等困难群体作为劳务品牌优先输出就业服务对象",
        question=(
            "Who counts for the social-insurance and transport subsidies of the "
            "workers a brand places?"
        ),
        readings=(
            Reading(
                id="open",
                zh="脱贫人口、农村低收入人口及其他困难群体(“等”字未列尽)",
                en="poverty-alleviated, rural low-income and other people in difficulty",
            ),
            Reading(
                id="named_only",
                zh="仅脱贫人口和农村低收入人口",
                en="the poverty-alleviated and rural low-income only",
            ),
        ),
        default="open",
        reason=(
            "“等困难群体” gives two groups as examples of people in difficulty; the "
            "regulations in force say who else qualifies."
        ),
        chosen_by="the regulations in force; a scenario; an application",
    ),
    Interpretation(
        id="one_county_one_brand_units",
        clause="2",
        words_zh="实现“一县一品牌”",
        question="Which county-level units must each have a brand for one county, one brand?",
        readings=(
            Reading(
                id="all_county_level_units",
                zh="全部县级单位:县、县级市和市辖区",
                en="every county-level unit: counties, county-level cities and urban districts",
            ),
            Reading(
                id="counties_only",
                zh="县和县级市,不含市辖区",
                en="counties and county-level cities, not urban districts",
            ),
        ),
        default="all_county_level_units",
        reason=(
            "The text writes “县(区)” for the county-level bodies that recommend "
            "brands (3.3) and receive the funding tilt (7.3), so an urban district "
            "is a county of the text; “一县” alone would leave 31 of the 107 units out."
        ),
        chosen_by="the province, in its assessment; a scenario; an application",
    ),
    Interpretation(
        id="exited_brand_targets",
        clause="2",
        words_zh="全省培育创建100个以上劳务品牌",
        question=(
            "Does a brand that has left the provincial pool (3.4) still count "
            "toward the targets?"
        ),
        readings=(
            Reading(
                id="counted",
                zh="退出资源库不改变品牌已培育创建,仍计入目标",
                en="leaving the pool does not undo a brand's cultivation: it still counts",
            ),
            Reading(
                id="not_counted",
                zh="只计在库或尚未入库的品牌,已退出资源库的品牌不计入目标",
                en="the targets count brands in the pool or not yet in it, not those that left it",
            ),
        ),
        default="counted",
        reason=(
            "The targets count brands cultivated (培育创建); clause 3.4 speaks only of "
            "leaving the pool (退出劳务品牌资源库建议), not of undoing a brand's "
            "cultivation. An assessment may yet count only the brands the province "
            "still lists."
        ),
        chosen_by="the province, in its assessment; a scenario; an application",
    ),
    Interpretation(
        id="showcase_award_class",
        clause="4.3",
        words_zh="可按分类补助原则对劳务品牌培育创建单位给予一次性奖补",
        question="What does the showcase award class (分类), and what is it once per?",
        readings=(
            Reading(
                id="event_level",
                zh="按所参加活动的级别(国家级、省级)分类,每次被确定参加给予一次",
                en="by the level of the event, national or provincial; once per selection",
            ),
            Reading(
                id="brand_category",
                zh="按品牌类别(第三部分第(二)项四类)分类,每个品牌给予一次",
                en="by the brand's category of clause 3.2; once per brand",
            ),
        ),
        default="event_level",
        reason=(
            "The sentence names the classes it speaks of, national and provincial "
            "events, and grants the award to a unit chosen for one: a unit chosen "
            "again is chosen for another event."
        ),
        chosen_by="a city, in the detailed rules it sets; a scenario; an application",
    ),
    Interpretation(
        id="exited_brand_award",
        clause="3.4",
        words_zh="向省厅提出退出劳务品牌资源库建议",
        question="Does a brand that has left the provincial pool lose the one-time employment award?",
        readings=(
            Reading(
                id="not_barred",
                zh="原文只规定退出资源库,未规定不得给予奖补",
                en="the text removes the brand from the pool; it does not bar the award",
            ),
            Reading(
                id="barred",
                zh="退出资源库的品牌不再给予一次性奖补",
                en="a brand out of the pool is not given the award",
            ),
        ),
        default="not_barred",
        reason=(
            "Clause 3.4 provides for leaving the pool and nothing more; clause 4.2 "
            "asks for a brand cultivated in the region."
        ),
        chosen_by="a city, in the detailed rules it sets; a scenario; an application",
    ),
)


#: The measures of the document, in the order of its clauses.
MEASURES: Final = (
    MeasureSpec(
        id="employment_award",
        clause="4.2",
        name=Wording("吸纳就业一次性奖补", "one-time employment award"),
        quote=Wording(
            "各地人社部门对区域内培育创建并符合条件的劳务品牌,吸纳农村劳动力等从业人员"
            "(签订协议)达500人以上,可给予劳务品牌培育创建单位一次性奖补,奖补上限30万元,"
            "纳入省级劳务品牌资源库,具体由市级财政、人社部门制定,从就业补助资金中列支",
            "a brand cultivated in the region that absorbs 500 or more rural workers and "
            "other practitioners with signed agreements may receive a one-time award to "
            "its creating unit, capped at 300,000 yuan, set by the city finance and HRSS "
            "bureaus and paid from employment subsidy funds; it enters the provincial pool",
        ),
        conditions=(
            # 第三部分第(四)项 says what exit means for the pool, not for the award.
            ByReading(
                interpretation="exited_brand_award",
                readings=(
                    ("not_barred", None),
                    (
                        "barred",
                        Unless(
                            fact="exited",
                            yes=Wording(
                                "该品牌已退出资源库(按“退出即不再奖补”的解读)。",
                                "The brand has exited the resource pool (read as barring the award).",
                            ),
                            unknown=Wording(
                                "未知该品牌是否已退出资源库。",
                                "Whether the brand has exited the pool is unknown.",
                            ),
                        ),
                    ),
                ),
            ),
            CountyKnown(
                known=_COUNTY.known,
                unknown=Wording(
                    "培育创建地未知,无法确定是否为本区域培育创建的品牌。",
                    "The county that cultivates the brand is unknown.",
                ),
            ),
            # "达500人以上" includes 500; workers without signed agreements do not count.
            ByReading(
                interpretation="employment_award_headcount",
                readings=(
                    (
                        "signed_practitioners",
                        AtLeast(
                            fact="signed",
                            parameter="employment_award_threshold",
                            compared=Wording(
                                "截至{observed},吸纳签订协议的从业人员(含农村劳动力){value}人,"
                                "{met_zh}{threshold}人的条件(不计未签订协议者)。",
                                "On {observed} it employs {value} practitioners with signed "
                                "agreements (rural workers among them), {met_en} the threshold of "
                                "{threshold} (those without signed agreements do not count).",
                            ),
                            unknown=Wording(
                                _NO_HEAD_COUNT_ZH.replace(
                                    "从业人员统计", "签订协议的从业人员统计"
                                )
                                + "无法确定签订协议的从业人员人数。",
                                "No count of practitioners with signed agreements on or before "
                                "{on}: the count is unknown.",
                            ),
                            floor="rural_signed",
                            floor_met=Wording(
                                "签订协议的从业人员总数未统计,但其中签订协议的农村劳动力已有{value}人,"
                                "达到{threshold}人的条件。",
                                "The practitioners with signed agreements are not counted, but the "
                                "rural workers among them alone number {value}, meeting the "
                                "threshold of {threshold}.",
                            ),
                        ),
                    ),
                    (
                        "rural_signed",
                        AtLeast(
                            fact="rural_signed",
                            parameter="employment_award_threshold",
                            compared=Wording(
                                "截至{observed},吸纳签订协议的农村劳动力{value}人,"
                                "{met_zh}{threshold}人的条件(按只计农村劳动力的解读)。",
                                "On {observed} it employs {value} rural workers with signed "
                                "agreements, {met_en} the threshold of {threshold} (read as "
                                "counting rural workers only).",
                            ),
                            unknown=Wording(
                                _NO_HEAD_COUNT_ZH
                                + "无法确定签订协议的农村劳动力人数。",
                                _NO_HEAD_COUNT_EN
                                + "rural workers with signed agreements unknown.",
                            ),
                        ),
                    ),
                ),
            ),
            _NOT_PAID,
        ),
        notes=(
            # 符合条件…可给予…具体由市级财政、人社部门制定: the city sets the detailed
            # conditions and the award is discretionary.
            Wording(
                "符合省级文件所列条件;市级财政、人社部门制定的具体条件,仅其规则列明者计入,奖补为“可”给予。",
                "The brand meets the conditions the province's text states; the "
                "detailed conditions the city sets count only where its rule states "
                'them, and the award "may" be given (可给予).',
            ),
        ),
        payee=Payee.CREATING_UNIT,
        fund=EMPLOYMENT_FUND,
        set_by=_CITY,
        cap="employment_award_cap",
    ),
    MeasureSpec(
        id="provincial_recognition_award",
        clause="4.2",
        name=Wording("省级劳务品牌奖补", "provincial recognition award"),
        quote=Wording(
            "被认定为省级劳务品牌的,可给予一定奖补",
            "a brand recognised at provincial level may receive an award",
        ),
        conditions=(
            # A national recognition alone is not the provincial one the text names.
            Holds(
                fact="provincial_recognition",
                yes=Wording(
                    "{detail}被认定为省级劳务品牌。",
                    "Recognised at provincial level {detail}.",
                ),
                no=Wording(
                    "截至{on}未被认定为省级劳务品牌(已有认定:{detail})。",
                    "On {on} the brand holds no provincial recognition (recognitions held: {detail}).",
                ),
                unknown=Wording(
                    "未知该品牌是否被认定为省级劳务品牌。",
                    "Whether the brand holds a provincial recognition is unknown.",
                ),
            ),
            # The award is for the recognition, which a brand receives once.
            _NOT_PAID,
            _COUNTY,
        ),
        # 被认定为省级劳务品牌的,可给予一定奖补: the text names no payee.
        payee=Payee.NOT_STATED,
        set_by=Delegation(
            Level.UNNAMED,
            "有关财政、人社部门(原文未明确)",
            "the finance and HRSS bureaus concerned (the text names none)",
        ),
    ),
    MeasureSpec(
        id="showcase_award",
        clause="4.3",
        name=Wording("展示交流活动一次性奖补", "one-time showcase award"),
        quote=Wording(
            "对被人社部、省人社厅确定参加国家、省级劳务品牌展示交流活动的,"
            "可按分类补助原则对劳务品牌培育创建单位给予一次性奖补,"
            "具体由市级财政、人社部门制定",
            "a creating unit chosen by the ministry or the provincial HRSS department to "
            "exhibit at a national or provincial showcase event may receive a one-time "
            "award by category, set by the city finance and HRSS bureaus",
        ),
        conditions=(
            Holds(
                fact="showcase_selected",
                yes=Wording("{detail}", "{detail}"),
                no=Wording(
                    "截至{on}未被人社部或省人社厅确定参加国家、省级劳务品牌展示交流活动{detail}。",
                    "On {on} the unit has not been chosen by the ministry (人社部) or the "
                    "provincial HRSS department (省人社厅) for a showcase event{detail}.",
                ),
                unknown=Wording(
                    "未知该单位是否被确定参加展示交流活动。",
                    "Whether the unit was chosen for a showcase event is unknown.",
                ),
            ),
            # 按分类补助原则…一次性: once per selection or once per brand, by the
            # reading of what is classed.
            ByReading(
                interpretation="showcase_award_class",
                readings=(
                    ("event_level", _NOT_PAID_FOR_SELECTION),
                    ("brand_category", _NOT_PAID),
                ),
            ),
            _COUNTY,
        ),
        notes=(
            Wording(
                "按分类补助原则:分类及金额由市级财政、人社部门制定(所用解读见下)。",
                "By class (分类补助): the city sets the classes' amounts; the reading of "
                "what is classed is listed below.",
            ),
        ),
        payee=Payee.CREATING_UNIT,
        set_by=_CITY,
        needs=("selection",),
        once_per=OncePer(
            "showcase_award_class",
            (("event_level", "selection"), ("brand_category", "brand")),
        ),
    ),
    _worker_subsidy(
        "transport_subsidy",
        Wording("一次性交通补助", "one-time transport subsidy"),
        Wording(
            "一次性交通补助按规定给予,原文未明确发放对象;不是对培育创建单位的奖补。",
            "The transport subsidy is given per regulations, which say who receives it "
            "(the text does not); it is not an award to the creating unit.",
        ),
    ),
    _worker_subsidy(
        "social_insurance_subsidy",
        Wording("社会保险补贴", "social-insurance subsidy"),
        Wording(
            "社会保险补贴按规定给予(通常给予用人单位或灵活就业人员),原文未明确发放对象;"
            "不是对培育创建单位的奖补。",
            "The social-insurance subsidy is given per regulations, commonly to the "
            "employer or to the flexibly employed (the text does not say); it is not "
            "an award to the creating unit.",
        ),
    ),
    MeasureSpec(
        id="training_subsidy",
        clause="4.1",
        name=Wording("补贴性职业技能培训", "subsidised vocational training"),
        quote=Wording(
            "开展劳务品牌相关职业技能培训,按规定纳入补贴性职业技能培训范围",
            "brand-related vocational training is within the subsidised vocational-training "
            "scope per regulations",
        ),
        conditions=(_COUNTY,),
        notes=(
            Wording(
                "该品牌相关职业技能培训纳入补贴性职业技能培训范围;补贴对象(参训人员或培训机构)按规定确定。",
                "The brand's related vocational training is within the subsidised scope; who "
                "is paid (trainees or the training institution) follows the regulations.",
            ),
        ),
        payee=Payee.NOT_STATED,
        set_by=_REGULATIONS,
    ),
    MeasureSpec(
        id="high_skill_base_grant",
        clause="4.1",
        name=Wording("高技能人才培养补助", "high-skill training-base grant"),
        quote=Wording(
            "打造一批具有一流水准、引领行业发展潮流的劳务品牌高技能人才培养基地,"
            "对符合条件的给予高技能人才培养补助",
            "labour-brand high-skill talent training bases that meet the conditions get a "
            "high-skill talent training grant",
        ),
        conditions=(
            Holds(
                fact="training_base",
                yes=Wording(
                    "该品牌建有劳务品牌高技能人才培养基地,对符合条件的给予培养补助(条件与发放对象原文未明确)。",
                    "The brand has a high-skill talent training base: a training grant to "
                    "those that meet the conditions (the text states neither the "
                    "conditions nor who is paid).",
                ),
                no=Wording(
                    "该品牌培育创建单位未建有劳务品牌高技能人才培养基地。",
                    "The brand's unit runs no high-skill talent training base.",
                ),
                unknown=Wording(
                    "未知该品牌培育创建单位是否建有劳务品牌高技能人才培养基地。",
                    "Whether the brand's unit runs a high-skill talent training base is unknown.",
                ),
            ),
            _COUNTY,
        ),
        # 对符合条件的给予: the base (a college, an enterprise) is paid, not said to be
        # the creating unit.
        payee=Payee.NOT_STATED,
        set_by=_REGULATIONS,
        needs=("training_base",),
    ),
    _founders(
        "tax_relief",
        Wording("税费减免", "tax and fee relief"),
        Wording(
            "税费减免是对应缴税费的减免,不是支付;规则给出的金额为减免额。",
            "Tax and fee relief reduces taxes and fees due; it is not a payment, and an "
            "amount from a rule is the relief.",
        ),
    ),
    _founders(
        "entrepreneurship_training_subsidy",
        Wording("创业培训补贴", "entrepreneurship-training subsidy"),
        Wording(
            "创业培训补贴按规定给予参加创业培训的创业者。",
            "The entrepreneurship-training subsidy is for founders who take "
            "entrepreneurship training, per regulations.",
        ),
    ),
    _founders(
        "startup_subsidy",
        Wording("一次性创业补贴", "one-time start-up subsidy"),
        Wording(
            "一次性创业补贴:每名符合条件的创业者按规定给予一次。",
            "The start-up subsidy is one-time: once per eligible founder, per regulations.",
        ),
    ),
    _founders(
        "guaranteed_loan",
        Wording("创业担保贷款", "guaranteed start-up loan"),
        Wording(
            "创业担保贷款是须偿还的贷款,不是补助;规则给出的金额为贷款额度。",
            "The guaranteed start-up loan is a loan to be repaid, not a grant; an amount "
            "from a rule is the loan limit.",
        ),
    ),
    _founders(
        "premises_support",
        Wording("创业孵化场地支持", "incubation premises support"),
        Wording(
            "场地支持是低租金或免租金的经营场所和水电暖等费用减免,不是支付;规则给出的金额为减免额。",
            "Premises support is low- or zero-rent premises and relief of water, power, "
            "heating and like fees, not a payment; an amount from a rule is the relief.",
        ),
        quote=Wording(
            "安排一定比例的场地用于劳务品牌创业孵化,按规定为劳务品牌创业实体提供低租金或免租金的"
            "经营场所,减免水电暖等费用",
            "a share of the places in start-up parks and incubation bases goes to "
            "labour-brand incubation: per regulations, labour-brand start-up entities get "
            "low- or zero-rent premises and relief of water, power, heating and like fees",
        ),
        beneficiary=Wording(
            "政策对象为劳务品牌创业实体,在创业孵化载体中;由谁受益、减免多少按规定。",
            "It is for the brand's start-up entities hosted in an incubation carrier; who "
            "benefits and by how much is as the regulations say.",
        ),
    ),
)


class Measure(enum.StrEnum):
    """A measure of the text whose amount or detail may be delegated.

    The ids of the measures this document declares (:data:`MEASURES`) and
    of the values it delegates to rules (:data:`DELEGATED_VALUES`); their
    names and clauses are read from those declarations.

    Example:
        >>> Measure.EMPLOYMENT_AWARD.clause, Measure.EMPLOYMENT_AWARD.zh
        ('4.2', '吸纳就业一次性奖补')

    .. versionadded:: 0.1.0
    """

    #: One-time award for absorbing >= 500 rural workers with signed agreements.
    EMPLOYMENT_AWARD = "employment_award"
    #: Award for a brand recognised at provincial level.
    PROVINCIAL_RECOGNITION_AWARD = "provincial_recognition_award"
    #: One-time award by category for units chosen for showcase events.
    SHOWCASE_AWARD = "showcase_award"
    #: One-time transport subsidy for poverty-alleviated and rural low-income workers.
    TRANSPORT_SUBSIDY = "transport_subsidy"
    #: Social-insurance subsidy for the same workers.
    SOCIAL_INSURANCE_SUBSIDY = "social_insurance_subsidy"
    #: Brand-related training within the subsidised vocational-training scope.
    TRAINING_SUBSIDY = "training_subsidy"
    #: Training grant of a high-skill talent training base.
    HIGH_SKILL_BASE_GRANT = "high_skill_base_grant"
    #: Tax and fee relief for practitioners who start businesses.
    TAX_RELIEF = "tax_relief"
    #: Entrepreneurship-training subsidy.
    ENTREPRENEURSHIP_TRAINING_SUBSIDY = "entrepreneurship_training_subsidy"
    #: One-time start-up subsidy.
    STARTUP_SUBSIDY = "startup_subsidy"
    #: Guaranteed start-up loan.
    GUARANTEED_LOAN = "guaranteed_loan"
    #: Low- or zero-rent incubation premises and fee relief for start-up entities (5.1).
    PREMISES_SUPPORT = "premises_support"
    #: Favourable weighting of employment subsidy funds for contributing counties.
    FUNDING_TILT = "funding_tilt"
    #: What counts as a "marked fall" in jobs, for an exit proposal (a ratio).
    EXIT_JOB_FALL = "exit_job_fall"

    @property
    def zh(self) -> str:
        """Chinese name."""
        return _DECLARED[self.value][0]

    @property
    def clause(self) -> str:
        """The clause id that creates the measure."""
        return _DECLARED[self.value][1]


#: The four measures of clause 5.1, in the order of the text: those that read
#: the number of founders.
ENTREPRENEURSHIP_MEASURES: Final = tuple(
    Measure(spec.id) for spec in MEASURES if "founders" in spec.needs
)

#: Each declared id's Chinese name and clause.
_DECLARED: Final[Mapping[str, tuple[str, str]]] = {
    **{spec.id: (spec.name.zh, spec.clause) for spec in MEASURES},
    **{value.id: (value.name.zh, value.clause) for value in DELEGATED_VALUES},
}

#: Who the text says sets each measure's amount or detail, in Chinese and English,
#: read from the declarations.
DELEGATED_TO: Final[Mapping[Measure, tuple[str, str]]] = types.MappingProxyType(
    {
        **{Measure(spec.id): (spec.set_by.zh, spec.set_by.en) for spec in MEASURES},
        **{
            Measure(value.id): (value.set_by.zh, value.set_by.en)
            for value in DELEGATED_VALUES
        },
    }
)


@functools.cache
def document() -> PolicyDocument:
    """Return the document, with its packaged clauses and parameters (loaded on first use).

    Example:
        >>> document().title_zh
        '关于加强劳务品牌建设的实施意见'

    .. versionadded:: 0.2.0
    """
    from labourbrand.policy._clauses import clauses
    from labourbrand.policy._parameters import _packaged

    header = clauses().document
    return PolicyDocument(
        id=ID,
        number=header.number,
        number_en=header.number_en,
        title_zh=header.title_zh,
        title_en=header.title_en,
        issuers=(header.issuer_zh,),
        issued=pendulum.Date(
            header.issued.year, header.issued.month, header.issued.day
        ),
        parent=None,
        measures=MEASURES,
        checks=(*CHECKS, *OBLIGATIONS),
        delegated_values=DELEGATED_VALUES,
        lifecycle=TRANSITIONS,
        interpretations=INTERPRETATIONS,
        clauses_loader=clauses,
        parameters_loader=_packaged,
    )
