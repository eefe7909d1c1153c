"""Demo fields (lĩnh vực). Codes are our own slugs: the national sector/field code list of
Circular 03/2025/TT-VPCP was not available (docs/rules.md §10)."""

from __future__ import annotations

FIELDS: list[tuple[str, str]] = [
    ("ho-tich", "Hộ tịch"),
    ("chung-thuc", "Chứng thực"),
    ("ly-lich-tu-phap", "Lý lịch tư pháp"),
    ("cu-tru", "Đăng ký, quản lý cư trú"),
    ("ho-kinh-doanh", "Thành lập và hoạt động của hộ kinh doanh"),
    ("doanh-nghiep", "Thành lập và hoạt động doanh nghiệp"),
    ("xay-dung", "Hoạt động xây dựng"),
    ("dat-dai", "Đất đai"),
    ("an-toan-thuc-pham", "An toàn thực phẩm"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội"),
    ("nguoi-co-cong", "Người có công"),
    ("giao-duc", "Giáo dục và Đào tạo"),
    ("kham-chua-benh", "Khám bệnh, chữa bệnh"),
    ("luu-thong-hang-hoa", "Lưu thông hàng hóa trong nước"),
    ("viec-lam", "Việc làm"),
    ("moi-truong", "Môi trường"),
    ("quan-ly-thue", "Quản lý thuế"),
]
