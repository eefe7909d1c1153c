"""Small builders that keep the demo procedure modules readable.

A demo procedure is a dict with the keys of `catalog.services.ProcedureData` plus:
- "agencies": agency codes (turned into `agency_codes`);
- "code_checked": True when the national code was seen in public data, False when plausible
  but unconfirmed (listed in docs/demo-data.md);
- "verify": what to check against dichvucong.gov.vn before relying on it (free text).
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from motcua.catalog.services import DocumentData, FeeData

CUTOFF_15H = time(15, 0)
ALL_CHANNELS = ["counter", "online", "postal"]

# Illustrative publication decisions of UBND TP.HCM after the 1/7/2025 reorganisation.
# The numbers are made up for the demo (docs/demo-data.md): replace them with the real ones.
PUB_COMMUNE = ("2301/QĐ-UBND", date(2025, 7, 1))
PUB_CITY = ("2302/QĐ-UBND", date(2025, 7, 1))
PUB_SECTOR = ("3150/QĐ-UBND", date(2025, 9, 15))

ONE_STOP_STEPS = (
    "Bước 1: Tổ chức, cá nhân nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công, qua "
    "dịch vụ bưu chính công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.\n"
    "Bước 2: Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ thì cấp Giấy tiếp nhận hồ sơ và hẹn "
    "trả kết quả; chưa đầy đủ thì hướng dẫn bổ sung một lần bằng văn bản.\n"
    "Bước 3: {processor} thẩm định, giải quyết hồ sơ.\n"
    "Bước 4: Trả kết quả tại nơi nộp hồ sơ, qua bưu chính hoặc trực tuyến."
)


def steps(processor: str) -> str:
    return ONE_STOP_STEPS.format(processor=processor)


def doc(
    name: str,
    copy: str = "original",
    qty: int = 1,
    *,
    required: bool = True,
    template: str = "",
    reusable: bool = False,
) -> DocumentData:
    return DocumentData(
        name=name,
        copy_type=copy,
        quantity=qty,
        is_required=required,
        reusable=reusable,
        template_name=template,
    )


def fee(
    description: str,
    amount: int,
    condition: str = "",
    *,
    kind: str = "fee",
    online: int | None = None,
    exempt: tuple[str, ...] = (),
) -> FeeData:
    """`online`: the online-submission amount; `exempt`: exemption categories
    (motcua.payments.fees.EXEMPTION_LABELS)."""
    return FeeData(
        kind=kind,
        description=description,
        amount=amount,
        condition=condition,
        online_amount=online,
        exempt_categories=list(exempt),
    )


def charge(
    description: str,
    amount: int,
    condition: str = "",
    *,
    online: int | None = None,
    exempt: tuple[str, ...] = (),
) -> FeeData:
    return fee(description, amount, condition, kind="charge", online=online, exempt=exempt)


def field(
    name: str,
    label: str,
    type_: str = "text",
    *,
    required: bool = True,
    choices: list[str] | None = None,
    integer: bool = False,
    minimum: int | str | None = None,
    maximum: int | str | None = None,
) -> dict[str, Any]:
    """One entry of a version's `form_schema`; `minimum`/`maximum` bound a number or a date
    (an ISO date or "today"), see `dossiers.form_schema`."""
    item: dict[str, Any] = {"name": name, "label": label, "type": type_, "required": required}
    if choices:
        item["choices"] = choices
    if integer:
        item["integer"] = True
    if minimum is not None:
        item["min"] = minimum
    if maximum is not None:
        item["max"] = maximum
    return item


def limit(value: int | float, unit: str, text: str) -> dict[str, Any]:
    return {
        "time_limit_value": Decimal(str(value)),
        "time_limit_unit": unit,
        "time_limit_text": text,
    }


def procedure(**kw: Any) -> dict[str, Any]:
    """Fill the defaults shared by most demo procedures."""
    pub_number, pub_date = kw.pop("pub", PUB_COMMUNE)
    row: dict[str, Any] = {
        "channels": ALL_CHANNELS,
        "applicant_types": ["individual"],
        "online_type": "partial",
        "eligible_end_to_end": False,
        "paper_result_required": False,
        "receipt_cutoff": None,
        "requirements": "",
        "form_schema": [],
        "fees": [],
        "code_checked": False,
        "verify": "",
        "publication_decision_number": pub_number,
        "publication_decision_date": pub_date,
        # The demo decisions take effect on the day they are signed ("có hiệu lực kể từ ngày ký").
        "effective_from": pub_date,
    }
    row.update(kw)
    return row
