"""The DVCQG record of a dossier state, and what the fake portal refuses (pure, no database)."""

from __future__ import annotations

from typing import Any

from motcua.national_portal.config import DEFAULT_STATUS_CODES
from motcua.national_portal.fake_receiver import body_problems
from motcua.national_portal.mapping import dossier_record, request_body

SNAPSHOT: dict[str, Any] = {
    "code": "000.01.30.H29-260302-0001",
    "version": 7,
    "status": "returned",
    "pause_reason": "",
    "channel": "online",
    "applicant_kind": "organisation",
    "applicant_name": "Công ty TNHH An Bình",
    "applicant_id_number": "0312345678",
    "applicant_phone": "",
    "applicant_email": "a@example.vn",
    "fee_total": 50000,
    "return_channel": "electronic",
    "submitted_at": "2026-03-02T02:00:00+00:00",
    "received_at": "2026-03-02T02:30:00+00:00",
    "due_at": "2026-03-05T10:00:00+00:00",
    "extended_due_at": "2026-03-09T10:00:00+00:00",
    "finished_at": "2026-03-06T03:00:00+00:00",
    "returned_at": "2026-03-06T04:00:00+00:00",
}
CATALOGUE: dict[str, Any] = {
    "procedure_code": "1.001612",
    "procedure_name": "Đăng ký thành lập hộ kinh doanh",
    "field_code": "TLDN",
    "field_name": "Thành lập và hoạt động doanh nghiệp",
    "time_limit": "3",
    "time_unit": "working_days",
    "result_type": "Giấy chứng nhận đăng ký hộ kinh doanh",
    "agency_name": "UBND Phường Bến Thành",
    "fees": [{"id": 4, "kind": "charge", "description": "Lệ phí đăng ký", "amount": 50000}],
}
LINK = "https://motcua.example.vn/tra-cuu/000.01.30.H29-260302-0001/"


def test_a_returned_dossier_carries_its_appointment_end_fees_payment_and_result_link() -> None:
    record = dossier_record(SNAPSHOT, CATALOGUE, codes=DEFAULT_STATUS_CODES, link=LINK)
    assert record["TrangThaiHoSo"] == "10"
    assert record["LoaiDoiTuong"] == "2"
    assert record["NgayHenTra"] == "20260309170000"  # the new appointment of an apology
    assert record["NgayKetThucXuLy"] == "20260306100000"
    assert record["NgayTra"] == "20260306110000"
    assert record["DuocThanhToanTrucTuyen"] == "1"
    assert record["DanhSachLePhi"] == [
        {
            "MaPhiLePhi": "4",
            "TenPhiLePhi": "Lệ phí đăng ký",
            "LoaiPhiLePhi": "2",
            "Gia": "50000",
            "HinhThucThu": "2",
        }
    ]
    assert record["DanhSachGiayToKetQua"] == [
        {"TenGiayTo": CATALOGUE["result_type"], "DuongDanTepTinKetQua": LINK}
    ]
    body = request_body(record, service="DongBoHoSoMC", agency_code="H29", updating=True)
    assert body_problems(body, "H29") == []


def test_the_fake_portal_lists_every_problem_of_a_bad_body() -> None:
    assert body_problems("x", "H29") == ["thân yêu cầu không phải JSON"]
    assert body_problems({"service": "X", "madonvi": "H29", "isUpdating": "1"}, "H29") == [
        "service phải là DongBoHoSoMC",
        "isUpdating phải là True hoặc False",
        "data phải có đúng một hồ sơ",
    ]
    envelope = {"service": "DongBoHoSoMC", "madonvi": "H29", "isUpdating": "True"}
    assert body_problems({**envelope, "data": ["x"]}, "H29") == ["data[0] không phải đối tượng"]
    bad = {
        "MaHoSo": "H29-1",
        "KenhThucHien": "4",
        "TrangThaiHoSo": "0",
        "NgayTiepNhan": "2026-03-02",
        "DanhSachLePhi": {},
    }
    problems = body_problems({**envelope, "data": [bad]}, "H29")
    assert "thiếu MaTTHC" in problems
    assert "MaHoSo sai định dạng" in problems
    assert "KenhThucHien phải là 1, 2 hoặc 3" in problems
    assert "TrangThaiHoSo không hợp lệ" in problems
    assert "NgayTiepNhan sai định dạng" in problems
    assert "thiếu PhienBan" in problems
    assert "DanhSachLePhi phải là danh sách" in problems
    assert "DanhSachGiayToKetQua phải là danh sách" in problems
