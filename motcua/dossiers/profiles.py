"""Regulation profiles: the one-stop rules that changed on 1/7/2025, looked up by date.

A dossier stores the profile code in force when it was received and keeps it to the end.
Sources (docs/rules.md §8, §10): Decree 61/2018 + 107/2021 with Circular 01/2018/TT-VPCP;
Decree 118/2025 with Circular 03/2025/TT-VPCP, whose forms apply from 15/9/2025.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class FormSpec:
    number: str  # "01", "02", ...
    title: str
    circular: str
    paper: str = "A5"  # slips are A5, the book is A4 (Circular 01/2018 annex)


@dataclass(frozen=True)
class RegulationProfile:
    code: str
    name: str
    effective_from: date
    effective_to: date | None
    legal_basis: str
    forms: dict[str, FormSpec] = field(default_factory=dict)
    # Apology must reach the citizen at least this many working days before the due date.
    # ND118 (restated by Lai Châu 88/2025/QĐ-UBND): 1 day before; ND61-era HCMC practice
    # (Decision 5157/QĐ-UBND 2016): no later than the appointment date, i.e. 0.
    apology_days_before_due: int = 0
    max_reappointments: int = 1  # "re-appointment may happen only once"
    max_reception_supplements: int = 1  # "hướng dẫn một lần" (docs/rules.md §6)
    has_stop_notice_form: bool = False


_TT01 = "Thông tư 01/2018/TT-VPCP"
_TT03 = "Thông tư 03/2025/TT-VPCP"

FORMS_TT01 = {
    "receipt": FormSpec("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", _TT01),
    "supplement": FormSpec("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", _TT01),
    "refusal": FormSpec("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", _TT01),
    "apology": FormSpec("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", _TT01),
    "control_sheet": FormSpec("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", _TT01),
    "tracking_book": FormSpec("06", "Sổ theo dõi hồ sơ", _TT01, paper="A4"),
    # Circular 01/2018 has no stop-notice form; a plain notice is issued instead.
    "stop_notice": FormSpec("", "Thông báo dừng giải quyết hồ sơ", _TT01),
}

FORMS_TT03 = {
    "receipt": FormSpec("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", _TT03),
    "supplement": FormSpec("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", _TT03),
    "refusal": FormSpec("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", _TT03),
    "apology": FormSpec("04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", _TT03),
    "stop_notice": FormSpec("05", "Thông báo dừng giải quyết hồ sơ", _TT03),
    "control_sheet": FormSpec("06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", _TT03),
    "tracking_book": FormSpec("07", "Sổ theo dõi hồ sơ", _TT03, paper="A4"),
}

TT03_FORMS_FROM = date(2025, 9, 15)

ND61_2018 = RegulationProfile(
    code="ND61_2018",
    name="Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP",
    effective_from=date(2018, 6, 21),
    effective_to=date(2025, 6, 30),
    legal_basis="Nghị định 61/2018/NĐ-CP; Nghị định 107/2021/NĐ-CP; Thông tư 01/2018/TT-VPCP",
    forms=FORMS_TT01,
    apology_days_before_due=0,
)

ND118_2025 = RegulationProfile(
    code="ND118_2025",
    name="Nghị định 118/2025/NĐ-CP (sửa đổi bởi Nghị định 367/2025/NĐ-CP)",
    effective_from=date(2025, 7, 1),
    effective_to=None,
    legal_basis="Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP",
    forms=FORMS_TT03,
    apology_days_before_due=1,
    has_stop_notice_form=True,
)

PROFILES: dict[str, RegulationProfile] = {p.code: p for p in (ND61_2018, ND118_2025)}


def profile_for(day: date) -> RegulationProfile:
    """The profile in force on `day` (the receipt date)."""
    for profile in sorted(PROFILES.values(), key=lambda p: p.effective_from, reverse=True):
        if profile.effective_from <= day and (
            profile.effective_to is None or day <= profile.effective_to
        ):
            return profile
    return ND61_2018


def get_profile(code: str) -> RegulationProfile:
    return PROFILES[code]


def form_for(profile: RegulationProfile, kind: str, on: date) -> FormSpec:
    """The form a profile uses for `kind` on a date. Decree 118 dossiers received before
    15/9/2025 still used the Circular 01/2018 forms (Circular 03/2025 had not been issued)."""
    if profile.code == ND118_2025.code and on < TT03_FORMS_FROM:
        return FORMS_TT01[kind]
    return profile.forms[kind]
