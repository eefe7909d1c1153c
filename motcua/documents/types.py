"""The vocabulary of administrative documents (Decree 30/2020/NĐ-CP; docs/documents.md).

Pure data, no Django: the 29 document types of Art. 7 with their abbreviations of Annex III
(công văn and thư công have none), the three forms of copy (Art. 25, Annex III), the signing
authority prefixes of Art. 13 and the urgency and secrecy marks of Annex I §II.

Codes are stable ASCII slugs (stored in the database); names and abbreviations are the legal
ones and are printed on the document as they are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentType:
    code: str
    name: str  # as printed in the heading, e.g. "Quyết định"
    abbreviation: str  # Annex III; "" for công văn and thư công

    @property
    def is_letter(self) -> bool:
        """A type without abbreviation: its symbol names the drafting unit instead (Annex I
        §II.3: công văn `45/UBND-VX`)."""
        return not self.abbreviation


# Decree 30/2020 Art. 7, in the order of the article; abbreviations of Annex III.
DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("nghi_quyet", "Nghị quyết", "NQ"),  # cá biệt (individual resolution)
    DocumentType("quyet_dinh", "Quyết định", "QĐ"),  # cá biệt (individual decision)
    DocumentType("chi_thi", "Chỉ thị", "CT"),
    DocumentType("quy_che", "Quy chế", "QC"),
    DocumentType("quy_dinh", "Quy định", "QyĐ"),
    DocumentType("thong_cao", "Thông cáo", "TC"),
    DocumentType("thong_bao", "Thông báo", "TB"),
    DocumentType("huong_dan", "Hướng dẫn", "HD"),
    DocumentType("chuong_trinh", "Chương trình", "CTr"),
    DocumentType("ke_hoach", "Kế hoạch", "KH"),
    DocumentType("phuong_an", "Phương án", "PA"),
    DocumentType("de_an", "Đề án", "ĐA"),
    DocumentType("du_an", "Dự án", "DA"),
    DocumentType("bao_cao", "Báo cáo", "BC"),
    DocumentType("bien_ban", "Biên bản", "BB"),
    DocumentType("to_trinh", "Tờ trình", "TTr"),
    DocumentType("hop_dong", "Hợp đồng", "HĐ"),
    DocumentType("cong_van", "Công văn", ""),
    DocumentType("cong_dien", "Công điện", "CĐ"),
    DocumentType("ban_ghi_nho", "Bản ghi nhớ", "BGN"),
    DocumentType("ban_thoa_thuan", "Bản thỏa thuận", "BTT"),
    DocumentType("giay_uy_quyen", "Giấy ủy quyền", "GUQ"),
    DocumentType("giay_moi", "Giấy mời", "GM"),
    DocumentType("giay_gioi_thieu", "Giấy giới thiệu", "GGT"),
    DocumentType("giay_nghi_phep", "Giấy nghỉ phép", "GNP"),
    DocumentType("phieu_gui", "Phiếu gửi", "PG"),
    DocumentType("phieu_chuyen", "Phiếu chuyển", "PC"),
    DocumentType("phieu_bao", "Phiếu báo", "PB"),
    DocumentType("thu_cong", "Thư công", ""),
)
BY_CODE: dict[str, DocumentType] = {t.code: t for t in DOCUMENT_TYPES}
CONG_VAN = "cong_van"
THU_CONG = "thu_cong"

# Forms of copy (Decree 30/2020 Art. 25; abbreviations of Annex III).
COPY_FORMS: dict[str, tuple[str, str]] = {
    "sao_y": ("Sao y", "SY"),
    "trich_sao": ("Trích sao", "TrS"),
    "sao_luc": ("Sao lục", "SL"),
}

# Signing authority (Decree 30/2020 Art. 13): code → (prefix printed before the authority line,
# meaning). "" is the head signing in their own name.
AUTHORITY_PREFIXES: dict[str, tuple[str, str]] = {
    "": ("", "Người đứng đầu ký"),
    "TM": ("TM.", "Thay mặt tập thể"),
    "KT": ("KT.", "Ký thay người đứng đầu"),
    "Q": ("Q.", "Quyền"),
    "TL": ("TL.", "Thừa lệnh"),
    "TUQ": ("TUQ.", "Thừa ủy quyền"),
}

# Urgency marks (Decree 30/2020 Art. 4, Annex I §II): code → mark printed.
URGENCY_MARKS: dict[str, str] = {
    "": "",
    "khan": "Khẩn",
    "thuong_khan": "Thượng khẩn",
    "hoa_toc": "Hỏa tốc",
}

# Secrecy marks (the three levels of the Law on Protection of State Secrets 2018; printed per
# Decree 30/2020 Annex I): code → mark printed. A secret document has its own number series
# (Annex I §II.3).
SECRECY_MARKS: dict[str, str] = {
    "": "",
    "mat": "Mật",
    "toi_mat": "Tối mật",
    "tuyet_mat": "Tuyệt mật",
}


def document_type(code: str) -> DocumentType:
    """The type of `code`; KeyError for an unknown code."""
    return BY_CODE[code]


def is_secret(secrecy: str) -> bool:
    """True for any secrecy mark: such a document is numbered in the secret series and never
    travels on the platform electronically."""
    if secrecy not in SECRECY_MARKS:
        raise KeyError(secrecy)
    return secrecy != ""
