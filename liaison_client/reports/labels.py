"""What reports are called in each interface language: plain data, no Qt.

The desktop app shows fields through this table (its language's column), the
transcript prints both, and search indexes both (:mod:`.rendering`), so a
Chinese-speaking officer finds a seizure by 查获 and an English-speaking one by
"seizure". Languages are named as ``ui.preferences.Language`` names them
(Qt locale names); the table is complete for both (tests/reports/test_labels.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ENGLISH = "en"
SIMPLIFIED_CHINESE = "zh_CN"
LANGUAGES: tuple[str, ...] = (ENGLISH, SIMPLIFIED_CHINESE)


@dataclass(frozen=True, slots=True)
class Label:
    en: str
    zh_CN: str  # noqa: N815 - the Qt locale name, as ui.preferences.Language spells it

    def text(self, language: str) -> str:
        """The label in ``language`` (English for a language this table lacks)."""
        return self.zh_CN if language == SIMPLIFIED_CHINESE else self.en


KIND_LABELS: Mapping[str, Label] = {
    "warning": Label("Warning", "预警"),
    "feedback": Label("Feedback", "反馈"),
    "seizure": Label("Seizure", "查获"),
}

FIELD_LABELS: Mapping[str, Label] = {
    # warning
    "subject": Label("Subject", "主题"),
    "indicators": Label("Risk indicators", "风险指标"),
    "containers": Label("Containers", "集装箱"),
    "awbs": Label("Air waybills", "航空运单"),
    "vessels": Label("Vessels (IMO)", "船舶（IMO 编号）"),
    "hs_codes": Label("HS codes", "HS 编码"),
    "consignee": Label("Consignee", "收货人"),
    "shipper": Label("Shipper", "发货人"),
    "valid_until": Label("Valid until", "有效期至"),
    # feedback
    "answers": Label("In answer to", "答复的预警"),
    "outcome": Label("Outcome", "查验结果"),
    "details": Label("Details", "详情"),
    # seizure
    "date": Label("Date", "日期"),
    "place": Label("Port or place", "口岸或地点"),
    "commodity": Label("Commodity", "货物"),
    "hs_code": Label("HS code", "HS 编码"),
    "quantity": Label("Quantity", "数量"),
    "unit": Label("Unit", "单位"),
    "container": Label("Container", "集装箱"),
    "awb": Label("Air waybill", "航空运单"),
    "concealment": Label("Concealment method", "藏匿方式"),
    "route": Label("Route", "路线"),
    "agencies": Label("Agencies involved", "参与机构"),
    # not a field: the seizure's attached photos
    "photos": Label("Photos", "照片"),
}

OUTCOME_LABELS: Mapping[str, Label] = {
    "found": Label("Found", "有查获"),
    "nothing_found": Label("Nothing found", "未发现"),
}

UNIT_LABELS: Mapping[str, Label] = {
    "g": Label("g", "克"),
    "kg": Label("kg", "千克"),
    "t": Label("t", "吨"),
    "l": Label("l", "升"),
    "m3": Label("m³", "立方米"),
    "pcs": Label("pieces", "件"),
    "pairs": Label("pairs", "双"),
    "cartons": Label("cartons", "箱"),
    "packages": Label("packages", "包"),
    "TEU": Label("TEU", "标准箱"),
}
