"""A resolved report built in code for the workbook tests: every indicator kind and the 办结率 mismatch."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Mapping

from exporter.errors import Location
from exporter.model import IndicatorKind
from docx_fixtures import FlatMeta, resolved_of
from exporter.formula import parse
from exporter.resolved import CheckResult, Resolved, ResolvedIndicator, SectionInfo

SOURCE = "content/fixture-report.yaml"

SENTENCE_ZHENGWU = "目前，我市政务服务平台二期已全面上线，初步联通14家单位29个垂建业务系统，政务服务事项“不见面审批率”98.72%。"
SENTENCE_YINGSHANG = ("率先在全省成立投资者保护联盟和企业法治体检中心，成立全省首个工商联（总商会）人民调解委员会，"
                      "南阳市公益法律服务团常态化开展“1+N”公益法律服务活动，我市营商环境从倒数第四名跃升至全省第三名。")
SENTENCE_WANQI = "全市包联干部达到51630人，累计收集问题14780件，解决14774件，办结率99%。"
SENTENCE_BAORONG = "2022年，累计办理不予处罚、从轻、减轻和不予行政强制事项案件5700余件，有效激发了市场活力。"
SENTENCE_JIANCHA = "每月开展一次专项行政执法监督检查，每次检查6～8个行政执法单位，逐单位反馈问题清单，跟踪督促整改落实。"
SENTENCE_FUYI = "2022年，市政府共办结复议案件269件，复议纠错案件和经调解撤回案件占比32.3%。"
SENTENCE_YINGSU = ("2022年全市两级法院开庭审理行政案件1349件，行政机关负责人出庭应诉1285件，出庭应诉率为95.26%，"
                   "连续三年蝉联全省第一。")


@dataclass(frozen=True)
class PageNumbers:
    """What the workbook reads from the layout stage's pages: the PDF page of each indicator."""

    indicator_pages: Mapping[str, int]


def _indicator(id: str, name: str, kind: IndicatorKind, raw: str, unit: str, display: str, section: str,
               sentence: str, qualifier: str = "", upper: str | None = None, line: int = 0) -> ResolvedIndicator:
    value = Decimal(raw) / 100 if kind is IndicatorKind.PERCENT else Decimal(raw)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return ResolvedIndicator(id=id, name=name, kind=kind, raw=raw, value=value,
                             upper=Decimal(upper) if upper is not None else None, decimals=decimals, unit=unit,
                             qualifier=qualifier, display=display, section=section, sentence=sentence,
                             location=Location(SOURCE, line, 5))


COUNT, PERCENT, APPROX, RANGE, RANK = (IndicatorKind.COUNT, IndicatorKind.PERCENT, IndicatorKind.APPROX,
                                        IndicatorKind.RANGE, IndicatorKind.RANK)

INDICATORS = (
    _indicator("bujianmian_rate", "政务服务事项不见面审批率", PERCENT, "98.72", "%", "98.72%", "1.2", SENTENCE_ZHENGWU),
    _indicator("yingshang_rank_before", "营商环境全省排名（跃升前）", RANK, "4", "名", "倒数第四名", "1.2",
               SENTENCE_YINGSHANG, qualifier="倒数"),
    _indicator("yingshang_rank_after", "营商环境全省排名（跃升后）", RANK, "3", "名", "第三名", "1.2", SENTENCE_YINGSHANG),
    _indicator("baolian_ganbu", "“万人助万企”包联干部人数", COUNT, "51630", "人", "51630人", "1.2", SENTENCE_WANQI),
    _indicator("wenti_shouji", "“万人助万企”累计收集企业问题数", COUNT, "14780", "件", "14780件", "1.2", SENTENCE_WANQI),
    _indicator("wenti_jiejue", "“万人助万企”累计解决企业问题数", COUNT, "14774", "件", "14774件", "1.2", SENTENCE_WANQI),
    _indicator("wenti_banjie_rate", "“万人助万企”企业问题办结率", PERCENT, "99", "%", "99%", "1.2", SENTENCE_WANQI),
    _indicator("baorong_anjian", "办理不予处罚、从轻、减轻和不予行政强制事项案件数", APPROX, "5700", "件", "5700余件", "1.4",
               SENTENCE_BAORONG, qualifier="余"),
    _indicator("jiancha_danwei_meici", "每次专项行政执法监督检查的行政执法单位数", RANGE, "6", "个", "6～8个", "1.4",
               SENTENCE_JIANCHA, upper="8"),
    _indicator("fuyi_banjie", "市政府办结复议案件数", COUNT, "269", "件", "269件", "1.6", SENTENCE_FUYI),
    _indicator("fuyi_jiucuo_rate", "复议纠错案件和经调解撤回案件占比", PERCENT, "32.3", "%", "32.3%", "1.6", SENTENCE_FUYI),
    _indicator("kaiting_cases", "全市两级法院开庭审理行政案件数", COUNT, "1349", "件", "1349件", "1.6", SENTENCE_YINGSU),
    _indicator("chuting_cases", "行政机关负责人出庭应诉案件数", COUNT, "1285", "件", "1285件", "1.6", SENTENCE_YINGSU),
    _indicator("chuting_rate", "行政机关负责人出庭应诉率", PERCENT, "95.26", "%", "95.26%", "1.6", SENTENCE_YINGSU),
)

SECTIONS = (
    SectionInfo("1", "一", 1, "一、", "2022年度推进法治政府建设的主要举措和成效"),
    SectionInfo("1.2", "一（二）", 2, "（二）", "加强政府机构职能建设，依法全面履行政府职能。"),
    SectionInfo("1.4", "一（四）", 2, "（四）", "推进严格规范公正文明执法，提升行政执法水平。"),
    SectionInfo("1.6", "一（六）", 2, "（六）", "加强行政预防调处化解，依法有效化解矛盾纠纷。"),
    SectionInfo("2", "二", 1, "二、", "存在的问题和不足"),
)

PAGES = PageNumbers({ind.id: 2 if ind.section == "1.2" else 3 for ind in INDICATORS})


def _value(id: str) -> Decimal:
    return next(ind.value for ind in INDICATORS if ind.id == id)


def _check(id: str, name: str, formula: str, formula_text: str, stated: str, computed: Decimal,
           tolerance: str) -> CheckResult:
    allowed = Decimal(tolerance)
    return CheckResult(id=id, name=name, formula=formula, expression=parse(formula), formula_text=formula_text,
                       stated=stated,
                       stated_value=_value(stated), computed=computed, tolerance=allowed,
                       consistent=abs(computed - _value(stated)) <= allowed, location=Location(SOURCE, 90, 5))


with localcontext() as _context:
    _context.prec = 28
    CHECKS = (
        _check("wenti_banjie_rate_check", "“万人助万企”问题办结率 = 累计解决问题数 ÷ 累计收集问题数",
               "wenti_jiejue / wenti_shouji", "“万人助万企”累计解决企业问题数 ÷ “万人助万企”累计收集企业问题数",
               "wenti_banjie_rate", _value("wenti_jiejue") / _value("wenti_shouji"), "0.005"),
        _check("chuting_rate_check", "行政机关负责人出庭应诉率 = 出庭应诉案件数 ÷ 开庭审理行政案件数",
               "chuting_cases / kaiting_cases", "行政机关负责人出庭应诉案件数 ÷ 全市两级法院开庭审理行政案件数",
               "chuting_rate", _value("chuting_cases") / _value("kaiting_cases"), "0.00005"),
        _check("chuting_rate_complement_check", "出庭应诉率 = 1 − 未出庭案件数 ÷ 开庭审理行政案件数",
               "1 - (kaiting_cases - chuting_cases) / kaiting_cases",
               "1 − （全市两级法院开庭审理行政案件数 − 行政机关负责人出庭应诉案件数） ÷ 全市两级法院开庭审理行政案件数",
               "chuting_rate",
               1 - (_value("kaiting_cases") - _value("chuting_cases")) / _value("kaiting_cases"), "0.00005"),
    )

META = FlatMeta(
    title="南阳市人民政府关于2022年度法治政府建设情况的报告",
    title_lines=("南阳市人民政府关于2022年度", "法治政府建设情况的报告"),
    issuer="南阳市人民政府", issuer_mark="南阳市人民政府", doc_number="宛政〔2023〕12号",
    signer_label=None, signers=(), copy_number=None, secrecy=None, urgency=None,
    recipients="河南省人民政府：", attachments=(), signature="南阳市人民政府", date="2023年2月22日",
    note="（此件公开发布）", cc=None, printer="南阳市人民政府办公室", print_date="2023年2月22日印发",
    iso_date="2023-02-22", keywords=("法治政府建设", "年度报告"), subject="2022年度法治政府建设情况", has_header=True,
)


def sample_resolved() -> Resolved:
    """The fixture report: 14 indicators in three parts, three relations, one of them a mismatch."""
    return dataclasses.replace(resolved_of(META, (), SECTIONS, SOURCE), indicators=INDICATORS, checks=CHECKS)
