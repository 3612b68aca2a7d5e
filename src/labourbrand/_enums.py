"""The enumerations of the domain: categories, stages, events, authorities, … (private).

Each is a :class:`enum.StrEnum` with its Chinese label; :mod:`labourbrand`
and :mod:`labourbrand.brands` / :mod:`labourbrand.lifecycle` export them.
"""

from __future__ import annotations

import enum
from typing import Final


__all__ = [
    "Authority",
    "Category",
    "CreatingUnitKind",
    "Event",
    "ExitGround",
    "Maturity",
    "PlaceBasis",
    "RecognitionLevel",
    "Stage",
]


class Category(enum.StrEnum):
    """The four domains (分领域) of clause 3.2, at least 10 brands each.

    Example:
        >>> Category("culture_tourism").zh
        '文化和旅游类'
    """

    #: 中高端技能型: IT, aerospace, high-end equipment, new-energy vehicles, ...
    SKILLED = "skilled"
    #: 高品质服务型: housekeeping, catering, HR services, elderly care, consulting.
    SERVICE = "service"
    #: 文化和旅游类: intangible heritage, history, red and rural tourism, handicrafts.
    CULTURE_TOURISM = "culture_tourism"
    #: 民生保障型: manufacturing, construction, logistics in hard-pressed areas.
    LIVELIHOOD = "livelihood"

    @property
    def zh(self) -> str:
        """Official Chinese label."""
        return _CATEGORY_ZH[self]


_CATEGORY_ZH: Final = {
    Category.SKILLED: "中高端技能型",
    Category.SERVICE: "高品质服务型",
    Category.CULTURE_TOURISM: "文化和旅游类",
    Category.LIVELIHOOD: "民生保障型",
}


class Maturity(enum.StrEnum):
    """The three kinds of candidate (分类型) of clause 3.1, each with its own treatment.

    Example:
        >>> Maturity.UNNAMED.zh
        '有规模但无固定品牌名称'
    """

    #: A relatively mature operating system: standardise and grow.
    ESTABLISHED = "established"
    #: Known, with a large workforce, but no fixed brand name (还没有固定品牌名称):
    #: settle a name (抓紧确定劳务品牌名称), the event
    #: :attr:`Event.NAME_SETTLED`.
    UNNAMED = "unnamed"
    #: Some workforce, weak skill profile, scattered: sum up its features and
    #: help it draft a charter (帮助指导制订章程) while it is cultivated, the
    #: event :attr:`Event.CHARTER_ADOPTED`; the charter is no precondition.
    SCATTERED = "scattered"

    @property
    def zh(self) -> str:
        """Chinese label, after the wording of clause 3.1."""
        return _MATURITY_ZH[self]


_MATURITY_ZH: Final = {
    Maturity.ESTABLISHED: "已形成相对成熟运营体系",
    Maturity.UNNAMED: "有规模但无固定品牌名称",
    Maturity.SCATTERED: "有从业基础但较为零散",
}


class CreatingUnitKind(enum.StrEnum):
    """The kinds of body clause 3.2 encourages to build brands, and :attr:`OTHER`.

    Clause 3.2 names six kinds and leaves the list open:
    "鼓励各类行业企业、经营性人力资源服务机构和劳务派遣服务机构、职业技能培训机构,
    以及行业协会、商会**等**社会组织参与". "等" (and others) admits bodies it does
    not name, such as the 企事业单位 of clause 3.3 or the 职业院校 of clause 4.1:
    their kind is :attr:`OTHER`, with :attr:`CreatingUnit.kind_note` saying
    what they are. The list encourages; it sets no condition of eligibility.

    Example:
        >>> CreatingUnitKind.LABOUR_DISPATCH_AGENCY.zh
        '劳务派遣服务机构'
        >>> CreatingUnitKind.OTHER.zh
        '其他(“等”社会组织)'

    .. versionchanged:: 0.2.0
       :attr:`OTHER` added: the text's list is open.
    """

    ENTERPRISE = "enterprise"
    HR_SERVICE_AGENCY = "hr_service_agency"
    LABOUR_DISPATCH_AGENCY = "labour_dispatch_agency"
    TRAINING_INSTITUTION = "training_institution"
    INDUSTRY_ASSOCIATION = "industry_association"
    CHAMBER_OF_COMMERCE = "chamber_of_commerce"
    #: A body the list does not name ("等"); :attr:`CreatingUnit.kind_note` says which.
    OTHER = "other"

    @property
    def zh(self) -> str:
        """Chinese label from clause 3.2."""
        return _UNIT_KIND_ZH[self]


_UNIT_KIND_ZH: Final = {
    CreatingUnitKind.ENTERPRISE: "行业企业",
    CreatingUnitKind.HR_SERVICE_AGENCY: "经营性人力资源服务机构",
    CreatingUnitKind.LABOUR_DISPATCH_AGENCY: "劳务派遣服务机构",
    CreatingUnitKind.TRAINING_INSTITUTION: "职业技能培训机构",
    CreatingUnitKind.INDUSTRY_ASSOCIATION: "行业协会",
    CreatingUnitKind.CHAMBER_OF_COMMERCE: "商会",
    CreatingUnitKind.OTHER: "其他(“等”社会组织)",
}


class RecognitionLevel(enum.StrEnum):
    """Recognition levels (认定级别), ranked ``national > provincial > city > county``.

    Example:
        >>> RecognitionLevel.PROVINCIAL.rank > RecognitionLevel.CITY.rank
        True
        >>> RecognitionLevel.NATIONAL.zh
        '国家级'

    ``NATIONAL`` is a documented national recognition or selection. Being
    nationally known (全国知名), as clause 2 describes five flagship brands,
    is not a recognition: it is :attr:`Brand.nationally_known`.

    .. versionchanged:: 0.2.0
       The Chinese label of ``NATIONAL`` is ``"国家级"`` (it was
       ``"国家级(全国知名)"``).
    """

    COUNTY = "county"
    CITY = "city"
    PROVINCIAL = "provincial"
    NATIONAL = "national"

    @property
    def rank(self) -> int:
        """1 for county up to 4 for national."""
        return _LEVEL_RANK[self]

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _LEVEL_ZH[self]


_LEVEL_RANK: Final = {
    RecognitionLevel.COUNTY: 1,
    RecognitionLevel.CITY: 2,
    RecognitionLevel.PROVINCIAL: 3,
    RecognitionLevel.NATIONAL: 4,
}
_LEVEL_ZH: Final = {
    RecognitionLevel.COUNTY: "县级",
    RecognitionLevel.CITY: "市级",
    RecognitionLevel.PROVINCIAL: "省级",
    RecognitionLevel.NATIONAL: "国家级",
}


class PlaceBasis(enum.StrEnum):
    """How a brand's county is known, as the packaged data records it."""

    #: The source names the county.
    STATED_IN_SOURCE = "stated_in_source"
    #: The brand's name contains the county's name.
    INFERRED_FROM_BRAND_NAME = "inferred_from_brand_name"
    #: Inferred, but more than one county would fit.
    INFERRED_UNCERTAIN = "inferred_uncertain"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _BASIS_ZH[self]


_BASIS_ZH: Final = {
    PlaceBasis.STATED_IN_SOURCE: "来源载明",
    PlaceBasis.INFERRED_FROM_BRAND_NAME: "据品牌名称推断",
    PlaceBasis.INFERRED_UNCERTAIN: "推断,不确定",
}


class Stage(enum.StrEnum):
    """Lifecycle stage of a labour brand (劳务品牌).

    Example:
        >>> Stage.IN_POOL.zh
        '纳入省级资源库'
    """

    #: Found by a survey (走访摸排), clause 3.1.
    DISCOVERED = "discovered"
    #: Being cultivated (培育创建), clause 3.1: its name settled and its charter
    #: drafted here where it needs them.
    CULTIVATING = "cultivating"
    #: Recommended upward by the county HRSS bureau, clause 3.3.
    RECOMMENDED_BY_COUNTY = "recommended_by_county"
    #: Recommended upward by the city HRSS bureau, clause 3.4.
    RECOMMENDED_BY_CITY = "recommended_by_city"
    #: Admitted to the provincial resource pool (资源库), clauses 3.3, 3.4, 4.2.
    IN_POOL = "in_pool"
    #: The city proposed its exit to the province, clause 3.4.
    EXIT_PROPOSED = "exit_proposed"
    #: The province decided it leaves the pool, clause 3.4. Final.
    EXITED = "exited"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _STAGE_ZH[self]


_STAGE_ZH: Final = {
    Stage.DISCOVERED: "摸排发现",
    Stage.CULTIVATING: "培育创建",
    Stage.RECOMMENDED_BY_COUNTY: "县级推荐",
    Stage.RECOMMENDED_BY_CITY: "市级推荐",
    Stage.IN_POOL: "纳入省级资源库",
    Stage.EXIT_PROPOSED: "建议退出",
    Stage.EXITED: "退出资源库",
}


class Event(enum.StrEnum):
    """Something that happens to a brand and may change its stage.

    Example:
        >>> Event.PROPOSE_EXIT.zh
        '市级评估并建议退出'
    """

    ESTABLISH = "establish"
    #: A name settled for a candidate with no fixed brand name (clause 3.1).
    NAME_SETTLED = "name_settled"
    #: A charter adopted with the local bureau's help, during cultivation (clause 3.1).
    CHARTER_ADOPTED = "charter_adopted"
    RECOMMEND_BY_COUNTY = "recommend_by_county"
    RECOMMEND_BY_CITY = "recommend_by_city"
    ADMIT = "admit"
    RETURN = "return"
    ADMIT_ON_AWARD = "admit_on_award"
    MONITOR = "monitor"
    #: The provincial department's spot check, with related departments (clause 3.4).
    SPOT_CHECK = "spot_check"
    RECOGNISE = "recognise"
    PROPOSE_EXIT = "propose_exit"
    DECIDE_EXIT = "decide_exit"
    RETAIN = "retain"
    #: A brand's stage taken over from records kept before the library
    #: (:func:`labourbrand.lifecycle.import_record`); only ever the first record.
    IMPORT = "import"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _EVENT_ZH[self]


_EVENT_ZH: Final = {
    Event.ESTABLISH: "纳入培育创建",
    Event.NAME_SETTLED: "确定劳务品牌名称",
    Event.CHARTER_ADOPTED: "帮助指导制订章程",
    Event.RECOMMEND_BY_COUNTY: "县(区)人社部门择优推荐",
    Event.RECOMMEND_BY_CITY: "市级人社部门逐级推荐",
    Event.ADMIT: "省人社厅纳入资源库",
    Event.RETURN: "未获推荐或未纳入,退回培育",
    Event.ADMIT_ON_AWARD: "吸纳500人以上获一次性奖补,纳入资源库",
    Event.MONITOR: "动态监测(回访、问卷、调研、第三方评估)",
    Event.SPOT_CHECK: "省人社厅联合相关部门抽查",
    Event.RECOGNISE: "认定为县、市、省级或国家级劳务品牌",
    Event.PROPOSE_EXIT: "市级评估并建议退出",
    Event.DECIDE_EXIT: "省人社厅决定退出",
    Event.RETAIN: "省人社厅决定保留",
    Event.IMPORT: "导入既有记录",
}


class Authority(enum.StrEnum):
    """A body that acts on a brand.

    Example:
        >>> Authority.PROVINCIAL_HRSS.zh
        '省人力资源社会保障厅'
    """

    CREATING_UNIT = "creating_unit"
    COUNTY_HRSS = "county_hrss"
    CITY_HRSS = "city_hrss"
    CITY_FINANCE_HRSS = "city_finance_hrss"
    PROVINCIAL_HRSS = "provincial_hrss"
    MOHRSS = "mohrss"

    @property
    def zh(self) -> str:
        """Chinese name."""
        return _AUTHORITY_ZH[self]


_AUTHORITY_ZH: Final = {
    Authority.CREATING_UNIT: "劳务品牌培育创建单位",
    Authority.COUNTY_HRSS: "县(区)人社部门",
    Authority.CITY_HRSS: "市级人社部门",
    Authority.CITY_FINANCE_HRSS: "市级财政、人社部门",
    Authority.PROVINCIAL_HRSS: "省人力资源社会保障厅",
    Authority.MOHRSS: "人力资源社会保障部",
}


class ExitGround(enum.StrEnum):
    """The grounds on which the city may propose an exit (clause 3.4).

    The text names four and ends the list with "等" (and the like), so the
    list is open: :attr:`OTHER` is a ground the four do not name, which the
    proposal's note must state.

    Example:
        >>> [g.zh for g in ExitGround][:2]
        ['培训质量不高', '带动就业人数明显减少']
        >>> ExitGround.OTHER.zh
        '其他情形(原文“等”)'

    .. versionchanged:: 0.2.0
       :attr:`OTHER`, for the grounds "等" leaves open.
    """

    POOR_TRAINING = "poor_training"
    FEWER_JOBS = "fewer_jobs"
    LESS_COMPETITIVE = "less_competitive"
    LOW_RECOGNITION = "low_recognition"
    #: A ground the four do not name ("等"), stated in the proposal's note.
    OTHER = "other"

    @property
    def zh(self) -> str:
        """Wording of clause 3.4."""
        return _GROUND_ZH[self]


_GROUND_ZH: Final = {
    ExitGround.POOR_TRAINING: "培训质量不高",
    ExitGround.FEWER_JOBS: "带动就业人数明显减少",
    ExitGround.LESS_COMPETITIVE: "市场竞争力下降",
    ExitGround.LOW_RECOGNITION: "社会认可度不高",
    ExitGround.OTHER: "其他情形(原文“等”)",
}
