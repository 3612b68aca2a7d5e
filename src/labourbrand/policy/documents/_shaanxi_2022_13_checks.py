"""陕人社发〔2022〕13号: its checks and the values it delegates to rules, declared as data (private).

Each check reads like the clause it encodes: the sentence of the text, the
subject it asks about, its conditions in order and the words of each step
(:class:`~labourbrand.policy.CheckSpec`); the one check interpreter decides it
for one subject and over numpy columns. Re-exported by
:mod:`labourbrand.policy.documents.shaanxi_2022_13`, the document they belong to.
"""

from __future__ import annotations

from typing import Final

from labourbrand._model import ExitGround
from labourbrand.policy._check_words import (
    AnyHeld,
    AppliesWhen,
    CountAtLeast,
    CriteriaAtLeast,
    Criterion,
    FlagIs,
    FlagNote,
    WhenUnquantified,
)
from labourbrand.policy._checks_spec import CheckSpec, CheckSubject
from labourbrand.policy._exit_words import (
    AnyFound,
    Ground,
    InStage,
    MarkedFall,
)
from labourbrand.policy._measures import DelegatedValue, Delegation, Level
from labourbrand.policy._vocabulary import Wording


__all__ = ["CHECKS", "DELEGATED_VALUES"]

# 第七部分第(三)项: 在就业补助资金拨付方面给予一定倾斜 (the size of the tilt)
_TILT_SET_BY: Final = Delegation(
    Level.PROVINCE,
    "省财政厅、省人力资源社会保障厅",
    "the provincial finance and HRSS departments",
)

# 第三部分第(四)项: 市级人社部门进行评估 ("明显减少" is not quantified)
_JOB_FALL_SET_BY: Final = Delegation(Level.CITY, "市级人社部门", "the city HRSS bureau")


# ------------------------------------------------------------------ checks
#: 一批 without a number: one is the least batch.
_A_BATCH: Final = WhenUnquantified(
    reads_as=1,
    words=Wording(
        "原文只要求“一批”,未规定具体数量:至少1个即视为达到。",
        "The text asks for a batch (一批) and sets no number: at least one counts as met.",
    ),
)


def _at_least(fact: str, parameter: str, zh: str, en: str) -> CountAtLeast:
    """A county's count of *zh* / *en* reaches *parameter* (clause 4.1's duties)."""
    return CountAtLeast(
        fact=fact,
        parameter=parameter,
        met=Wording(
            f"{zh}{{value}}个,达到不少于{{threshold}}个的要求。",
            f"{{value}} {en}: meets the minimum of {{threshold}}.",
        ),
        below=Wording(
            f"{zh}{{value}}个,未达到不少于{{threshold}}个的要求(差{{short}}个)。",
            f"{{value}} {en}: below the minimum of {{threshold}} (short by {{short}}).",
        ),
        unknown=Wording(f"{zh}数量未知。", f"The number of {en} is unknown."),
        unquantified=_A_BATCH,
        if_applies=Wording(
            f"{zh}{{value}}个;若义务适用,{{met_zh}}不少于{{threshold}}个的要求。",
            f"{{value}} {en}: if the obligation applies, it is {{met_en}} "
            "(minimum {threshold}).",
        ),
        if_applies_unknown=Wording(
            f"{zh}数量也未知。", f"The number of {en} is unknown too."
        ),
        if_met=Wording("已达到", "met"),
        if_below=Wording("未达到", "not met"),
    )


_LEADING_CRITERIA: Final = CriteriaAtLeast(
    criteria=(
        Criterion("finances_healthy", Wording("健康的财务状况", "healthy finances")),
        Criterion(
            "risk_resilient", Wording("足够的抗风险能力", "enough risk resilience")
        ),
        Criterion(
            "employment_system_sound",
            Wording("健全的用工制度", "a sound employment system"),
        ),
    ),
    parameter="leading_enterprise_criteria",
    each=Wording("{label_zh}:{state_zh}。", "{Label_en}: {state_en}."),
    yes=Wording("具备", "yes"),
    no=Wording("不具备", "no"),
    not_known=Wording("未知", "unknown"),
    met=Wording(
        "具备原文列明的{met}项条件;原文“等条件”未列尽,其他条件未评估。",
        "Met: the {met} criteria the text names; its list is open (等条件), and "
        "other conditions are not assessed.",
    ),
    unknown=Wording(
        "尚有{unknown}项条件未知,无法确定。",
        "Unknown: {unknown} criteria are not known.",
    ),
    lacking=Wording("未达到:不具备{lacking_zh}。", "Not met: lacks {lacking_en}."),
    joined=Wording("、", " and "),
)

#: What clause 7.3's county has: its brands recognised at national or provincial
#: level on the day (``{recognised_brand_names}``: their names, or 无).
_RECOGNISED: Final = Wording(
    "{county_zh}于{on}有国家级或省级劳务品牌{recognised_brands}个({recognised_brand_names})。",
    "{county_zh} has {recognised_brands} brand(s) recognised at national or provincial "
    "level on {on} ({recognised_brand_names}).",
)


def _ground(ground: ExitGround, fact: str, en: str) -> Ground:
    """A ground of clause 3.4 that a spot check finds (a flag)."""
    return Ground(code=ground.value, label=Wording(ground.zh, en), fact=fact)


#: 第三部分第(四)项: the four grounds, in the order of the text; the fall in jobs
#: is marked (明显减少) by a ratio the city sets.
_EXIT_GROUNDS: Final = AnyFound(
    grounds=(
        _ground(ExitGround.POOR_TRAINING, "training_quality_poor", "poor training"),
        MarkedFall(
            code=ExitGround.FEWER_JOBS.value,
            label=Wording(ExitGround.FEWER_JOBS.zh, "a marked fall in jobs"),
            before="jobs_before",
            now="jobs_now",
            rule="exit_job_fall",
            rule_what="the fall in jobs that counts as marked",
            supplied="job_fall_ratio",
            rule_said=Wording(
                "{jurisdiction_zh}的规则({reference}{illustrative_zh}):"
                "带动就业人数减少{ratio:%}及以上为“明显减少”。",
                "The rule of {jurisdiction} ({reference}{illustrative_en}): a fall in "
                "jobs of {ratio:%} or more is marked (明显减少).",
            ),
            illustrative=Wording(
                "(示例数值,无官方来源)", ", illustrative: no official source"
            ),
            illustrative_marker=Wording("示例", "illustrative"),
            unknown=Wording(
                "前后带动就业人数未知,无法判断是否明显减少。",
                "Jobs before or now are unknown: a marked fall cannot be assessed.",
            ),
            no_fall=Wording(
                "带动就业人数由{before}人变为{now}人,没有减少。",
                "Jobs went from {before} to {now}: no fall.",
            ),
            fell=Wording(
                "带动就业人数由{before}人减至{now}人,减少{fall:%}。",
                "Jobs fell from {before} to {now}, by {fall:%}.",
            ),
            marked=Wording("达到“明显减少”的标准。", "A marked fall by that rule."),
            not_marked=Wording(
                "未达到“明显减少”的标准。", "Not a marked fall by that rule."
            ),
            # A fall to zero is marked under any ratio in (0, 1].
            to_zero=Wording(
                "带动就业人数减至零,无论标准如何均为“明显减少”。",
                "Jobs fell to zero: a marked fall whatever the ratio.",
            ),
            unquantified=Wording(
                "“明显减少”未量化,应由{city_body}在评估中确定;尚无规则,无法判断(不视为“否”)。",
                "What counts as a marked fall is not quantified; {city_body} "
                f"({_JOB_FALL_SET_BY.en}) must set it, and no rule does yet "
                "(unknown, not 'no').",
            ),
        ),
        _ground(
            ExitGround.LESS_COMPETITIVE,
            "competitiveness_declined",
            "declining competitiveness",
        ),
        _ground(ExitGround.LOW_RECOGNITION, "recognition_low", "low recognition"),
    ),
    each=Wording("“{label_zh}”:{state_zh}。", "{code}: {state_en}."),
    found=Wording("成立", "found"),
    not_found=Wording("不成立", "not found"),
    not_assessable=Wording("无法评估", "not assessable"),
)

#: The checks the document asks for, in the order of its clauses.
CHECKS: Final = (
    CheckSpec(
        id="exit_assessment",
        clause="3.4",
        subject=CheckSubject.BRAND,
        name=Wording("退出资源库评估", "exit assessment"),
        quote=Wording(
            "对培训质量不高、带动就业人数明显减少、市场竞争力下降、社会认可度不高等,"
            "由市级人社部门进行评估,向省厅提出退出劳务品牌资源库建议",
            "where training quality is poor, jobs driven fall markedly, market "
            "competitiveness declines or social recognition is low, the city HRSS "
            "bureau assesses and proposes to the provincial department the brand's exit "
            "from the resource pool",
        ),
        opening=Wording(
            "依据第三部分第(四)项(转述):抽查({observed})发现培训质量不高、带动就业人数明显减少、"
            "市场竞争力下降、社会认可度不高等情形的,由市级人社部门评估,向省厅提出退出资源库建议。",
            "Clause 3.4 (paraphrased): after a spot check ({observed}), the city HRSS bureau "
            "assesses poor training, a marked fall in jobs, declining competitiveness or "
            "low recognition, and proposes exit from the pool to the province.",
        ),
        conditions=(
            _EXIT_GROUNDS,
            # Only a brand in the resource pool (在库) can leave it.
            InStage(
                fact="in_pool",
                outside=Wording(
                    "只有在库品牌可被建议退出;该品牌{on}处于“{stage_zh}”阶段。",
                    "Only a brand in the resource pool can be proposed for exit; "
                    "on {on} this one is {stage}.",
                ),
                unknown=Wording(
                    "该品牌{on}是否在资源库中未知。",
                    "Whether the brand is in the resource pool on {on} is unknown.",
                ),
            ),
        ),
        on_holds=(
            Wording(
                "由{city_body}向省人力资源社会保障厅提出退出资源库建议,由省人社厅决定。",
                "{city_body} proposes the exit to the provincial HRSS department, "
                "which decides.",
            ),
        ),
    ),
    CheckSpec(
        id="training_projects_per_county",
        clause="4.1",
        subject=CheckSubject.COUNTY,
        name=Wording("每县特色职业培训协同项目", "training projects in every county"),
        quote=Wording(
            "力争每县打造不少于1个特色职业培训协同项目",
            "every county strives (力争) for at least one special vocational-training "
            "collaboration project",
        ),
        opening=Wording(
            "依据第四部分第(一)项(转述):力争每县打造特色职业培训协同项目;{county_zh}截至{observed}的情况如下。",
            "Clause 4.1 (paraphrased): every county strives (力争) for special vocational-training "
            "collaboration projects; {county_zh} as of {observed}:",
        ),
        conditions=(
            _at_least(
                "training_projects",
                "training_projects_per_county",
                "特色职业培训协同项目",
                "special vocational-training collaboration projects",
            ),
        ),
        value="training_projects",
    ),
    CheckSpec(
        id="studios_per_key_county",
        clause="4.1",
        subject=CheckSubject.COUNTY,
        name=Wording("重点帮扶县技能大师或专家工作室", "studios in every key county"),
        quote=Wording(
            "确保国家级、省级乡村振兴重点帮扶县,每县至少建设1个技能大师工作室或专家工作室",
            "every national- or provincial-level rural-revitalisation key assistance county "
            "must (确保) have at least one skill-master or expert studio",
        ),
        conditions=(
            AppliesWhen(
                any_of=("national_key_county", "provincial_key_county"),
                said=Wording(
                    "{county_zh}:国家乡村振兴重点帮扶县——{national_key_county_zh};"
                    "省级乡村振兴重点帮扶县——{provincial_key_county_zh}。",
                    "{county_zh}: national key assistance county: {national_key_county}; "
                    "provincial key assistance county: {provincial_key_county}.",
                ),
                applies=Wording(
                    "依据第四部分第(一)项(转述):确保国家级、省级乡村振兴重点帮扶县每县至少建设技能大师工作室或专家工作室。",
                    "Clause 4.1 (paraphrased): every national- or provincial-level key assistance county "
                    "must (确保) have skill-master or expert studios.",
                ),
                not_applies=Wording(
                    "该县不是国家级或省级乡村振兴重点帮扶县,此项义务不适用。",
                    "The county is neither a national nor a provincial key assistance "
                    "county: the obligation does not apply.",
                ),
                # Shaanxi has 11 national and 15 provincial key assistance counties
                # (Shaanxi Daily, 2022-11-19; see labourbrand/data/SOURCES.md).
                unknown=Wording(
                    "无法确定该县是否为重点帮扶县:全省11个国家级、15个省级乡村振兴重点帮扶县中,"
                    "有来源确认名称的分别只有{national_key_county_confirmed}个和"
                    "{provincial_key_county_confirmed}个;未确认不等于“否”。",
                    "Whether the county is a key assistance county is unknown: of Shaanxi's "
                    "11 national and 15 provincial key counties, only "
                    "{national_key_county_confirmed} and {provincial_key_county_confirmed} "
                    "are confirmed by name; unconfirmed is not 'no'.",
                ),
            ),
            _at_least(
                "studios",
                "studios_per_key_county",
                "技能大师工作室或专家工作室",
                "skill-master or expert studios",
            ),
        ),
        value="studios",
    ),
    CheckSpec(
        id="credit_commitment",
        clause="4.3",
        subject=CheckSubject.UNIT,
        name=Wording("劳务品牌信用承诺", "credit commitment"),
        quote=Wording(
            "支持行业协会、商会建立行业内劳务品牌信用承诺制度,对不遵守承诺的单位(或个人),"
            "由人社、商务、市场监管等部门书面告诫,情节严重的,依据有关规定给予处理",
            "industry associations and chambers of commerce set up a credit-commitment "
            "system; a unit (or person) that breaks its commitment is warned in writing by "
            "the HRSS, commerce, market-regulation and other departments, and serious cases "
            "are handled per the relevant regulations",
        ),
        # Clause 4.3 names who warns a unit that breaks its commitment.
        bodies=("人社、商务、市场监管等部门",),
        opening=Wording(
            "依据第四部分第(三)项(转述):行业协会、商会建立劳务品牌信用承诺制度,对不遵守承诺的单位(或个人)实施书面告诫。",
            "Clause 4.3 (paraphrased): under the credit-commitment system of industry associations and "
            "chambers of commerce, a unit (or person) that breaks its commitment is warned "
            "in writing.",
        ),
        conditions=(
            FlagIs(
                fact="broke_commitment",
                wanted=False,
                yes=Wording(
                    "由人社、商务、市场监管等部门书面告诫。",
                    "A written warning (书面告诫) by the HRSS, commerce, market-regulation "
                    "and other departments (人社、商务、市场监管等部门).",
                ),
                no=Wording("遵守了承诺。", "The commitment was kept."),
                unknown=Wording(
                    "是否遵守承诺未知。", "Whether the commitment was kept is unknown."
                ),
            ),
        ),
        on_fail=(
            FlagNote(
                fact="serious",
                yes=Wording(
                    "情节严重的,依据有关规定给予处理:本案情节严重。",
                    "Serious: the case is serious and is handled per the relevant "
                    "regulations (情节严重的,依据有关规定给予处理).",
                ),
                unknown=Wording(
                    "情节是否严重未知;情节严重的,依据有关规定给予处理。",
                    "Whether the case is serious is unknown; serious cases are handled per "
                    "the relevant regulations.",
                ),
            ),
        ),
    ),
    CheckSpec(
        id="leading_enterprise_criteria",
        clause="5.2",
        subject=CheckSubject.ENTERPRISE,
        name=Wording("劳务品牌龙头企业条件", "criteria of a leading enterprise"),
        quote=Wording(
            "培育的龙头企业应具备健康的财务状况、足够的抗风险能力、健全的用工制度等条件",
            "a leading enterprise must have healthy finances, enough risk resilience, "
            "a sound employment system and other conditions (等条件)",
        ),
        opening=Wording(
            "第五部分第(二)项:“培育的龙头企业应具备健康的财务状况、足够的抗风险能力、健全的用工制度等条件”。",
            "Clause 5.2: a leading enterprise must have healthy finances, enough risk "
            "resilience, a sound employment system and other conditions (等条件): the "
            "three are necessary, not the whole list.",
        ),
        conditions=(_LEADING_CRITERIA,),
        value=_LEADING_CRITERIA,
    ),
    CheckSpec(
        id="funding_tilt",
        clause="7.3",
        subject=CheckSubject.COUNTY,
        name=Wording("就业补助资金拨付倾斜", "funding tilt"),
        quote=Wording(
            "被认定的国家级、省级劳务品牌,对培育品牌做出突出贡献的县(区),"
            "在就业补助资金拨付方面给予一定倾斜",
            "a county that contributed markedly to cultivating brands recognised at "
            "national or provincial level gets a favourable weighting in the allocation "
            "of employment subsidy funds",
        ),
        opening=Wording(
            "第七部分第(三)项:“被认定的国家级、省级劳务品牌,对培育品牌做出突出贡献的县(区),"
            "在就业补助资金拨付方面给予一定倾斜”。",
            "Clause 7.3: a county that contributed markedly to brands recognised at "
            "national or provincial level gets a favourable weighting in "
            "employment-subsidy-fund allocation.",
        ),
        conditions=(
            # recognised_brand: a brand of the county holds a national or
            # provincial recognition (认定) on the day.
            AnyHeld(
                fact="recognised_brand",
                held=_RECOGNISED,
                none=_RECOGNISED,
                unknown=Wording(
                    "{county_zh}于{on}是否有国家级或省级劳务品牌未知。",
                    "Whether {county_zh} has a brand recognised at national or "
                    "provincial level on {on} is unknown.",
                ),
            ),
            FlagIs(
                fact="contributed",
                wanted=True,
                yes=Wording(
                    "该县是否做出突出贡献:是。",
                    "Whether the county contributed markedly: yes.",
                ),
                no=Wording(
                    "该县是否做出突出贡献:否。",
                    "Whether the county contributed markedly: no.",
                ),
                unknown=Wording(
                    "该县是否做出突出贡献:未知。",
                    "Whether the county contributed markedly: unknown.",
                ),
            ),
        ),
        on_holds=(
            Wording(
                f"倾斜幅度原文未量化(“给予一定倾斜”),由{_TILT_SET_BY.zh}确定(不视为零)。",
                f"The size of the tilt is not quantified (给予一定倾斜); {_TILT_SET_BY.en} "
                f"({_TILT_SET_BY.zh}) set it (not zero).",
            ),
        ),
        value="recognised_brands",
    ),
)


def _plan_check(  # noqa: PLR0913, PLR0917 - the parts of one yes/no obligation
    check_id: str,
    clause: str,
    cite: str,
    name: Wording,
    quote: Wording,
    fact: str,
    done: Wording,
    not_done: Wording,
) -> CheckSpec:
    """An obligation the text asks of a region or body, known done, not done or unknown."""
    return CheckSpec(
        id=check_id,
        clause=clause,
        subject=CheckSubject.UNIT,
        name=name,
        quote=quote,
        opening=Wording(f"{cite}:{quote.zh}。", f"Clause {clause}: {quote.en}."),
        conditions=(
            FlagIs(
                fact=fact,
                wanted=True,
                yes=done,
                no=not_done,
                unknown=Wording(
                    "{subject_zh}是否已完成:未知。",
                    "Whether {subject} has done so is unknown.",
                ),
            ),
        ),
    )


#: Obligations the text asks of the regions (各地, 各市(区)) and the province:
#: plans and the expert pool, each known done, not done or unknown.
OBLIGATIONS: Final = (
    _plan_check(
        "development_plan",
        "3.1",
        "第三部分第(一)项",
        Wording(
            "劳务品牌发展规划和建设方案", "development plan and building programme"
        ),
        Wording(
            "各地各有关部门通过走访摸排……针对性制定发展规划和建设方案",
            "after surveying their labour brands, local governments draw up a targeted "
            "development plan and building programme",
        ),
        "plan_made",
        Wording(
            "{subject_zh}已制定发展规划和建设方案。",
            "{subject} has a development plan and building programme.",
        ),
        Wording(
            "{subject_zh}尚未制定发展规划和建设方案。",
            "{subject} has no development plan and building programme yet.",
        ),
    ),
    _plan_check(
        "implementation_plan",
        "7.1",
        "第七部分第(一)项",
        Wording("劳务品牌建设实施方案", "implementation plan of labour-brand building"),
        Wording(
            "结合本地实际,出台相关政策措施,制定具体实施方案(第七部分第(二)项:积极制定劳务品牌建设实施方案)",
            "each city (district) issues policy measures and a concrete implementation plan "
            "(clause 7.2: draws up an implementation plan of labour-brand building)",
        ),
        "plan_made",
        Wording(
            "{subject_zh}已制定具体实施方案。", "{subject} has an implementation plan."
        ),
        Wording(
            "{subject_zh}尚未制定具体实施方案。",
            "{subject} has no implementation plan yet.",
        ),
    ),
    _plan_check(
        "expert_pool",
        "7.4",
        "第七部分第(四)项",
        Wording("劳务品牌建设专家库", "expert pool of labour-brand building"),
        Wording(
            "组建劳务品牌建设专家库,加强对劳务品牌理论研究,开展劳务品牌专家基层行活动",
            "set up an expert pool of labour-brand building, research labour brands and send "
            "experts to the grassroots",
        ),
        "pool_set_up",
        Wording(
            "{subject_zh}已组建劳务品牌建设专家库。",
            "{subject} has set up an expert pool.",
        ),
        Wording(
            "{subject_zh}尚未组建劳务品牌建设专家库。",
            "{subject} has not set up an expert pool yet.",
        ),
    ),
)


#: The values the text delegates that checks read from a city's rule (not amounts).
DELEGATED_VALUES: Final = (
    # 第七部分第(三)项: 在就业补助资金拨付方面给予一定倾斜
    DelegatedValue(
        id="funding_tilt",
        clause="7.3",
        name=Wording(
            "就业补助资金拨付倾斜", "favourable weighting of employment subsidy funds"
        ),
        set_by=_TILT_SET_BY,
    ),
    # 第三部分第(四)项: 市级人社部门进行评估 ("明显减少" is not quantified)
    DelegatedValue(
        id="exit_job_fall",
        clause="3.4",
        name=Wording(
            "带动就业人数明显减少的认定标准", "what counts as a marked fall in jobs"
        ),
        set_by=_JOB_FALL_SET_BY,
        ratio=True,
    ),
)
