"""From a dossier's state to the DVCQG dossier record (pure: no Django import).

The field names follow what provincial one-stop systems send to DVCQG's `DongBoHoSoMC` service
(VietOpenCPS/opencps-v2 `DVCQGIntegrationActionImpl`; the `HoSoDongBoDVC` record of a provincial
system's `SyncLocalDataToDVCQG` service): `MaHoSo`, `MaTTHC`, `KenhThucHien`, `NgayTiepNhan`,
`NgayHenTra`, `NgayKetThucXuLy`, `NgayTra`, `TrangThaiHoSo`, `DanhSachLePhi`,
`DuocThanhToanTrucTuyen`, `DanhSachGiayToKetQua`; dates as `yyyyMMddHHmmss` in Vietnam time.
`ThoiGianGiaiQuyet` and `DonViTinh` (time limit and its unit) come from our domain notes
(docs/national-portal.md). `PhienBan` is ours: the dossier's version, so a receiver can ignore an
older state that arrives after a newer one.

Contract: `snapshot` is what the outbox row holds (the dossier's state at one version, written in
the transition's transaction); `catalogue` is frozen data of the published procedure version (its
code, names, time limit and fees never change), read when sending.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# KenhThucHien: 1 at the counter, 2 online, 3 by public postal service (catalog.Channel).
CHANNEL_CODES = {"counter": "1", "online": "2", "postal": "3"}
# LoaiDoiTuong: 1 a person, 2 an organisation.
APPLICANT_CODES = {"person": "1", "organisation": "2"}
# LoaiPhiLePhi: 1 a fee (phí), 2 a charge (lệ phí).
FEE_KIND_CODES = {"fee": "1", "charge": "2"}
TIME_UNITS = {
    "hours": "Giờ làm việc",
    "days": "Ngày",
    "working_days": "Ngày làm việc",
    "months": "Tháng",
}
RESULT_STATUSES = ("result_ready", "returned")

SNAPSHOT_FIELDS = (
    "status",
    "pause_reason",
    "channel",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "fee_total",
    "return_channel",
)
SNAPSHOT_TIMES = (
    "submitted_at",
    "received_at",
    "due_at",
    "extended_due_at",
    "finished_at",
    "returned_at",
)


def portal_time(value: str | None) -> str:
    """An ISO timestamp as DVCQG writes it: `yyyyMMddHHmmss` in Vietnam time; "" when unset."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def status_code(snapshot: dict[str, Any], codes: dict[str, str]) -> str:
    """A dossier paused for a supplement is "supplement requested" on the portal too."""
    if snapshot.get("pause_reason") == "supplement":
        return codes["needs_supplement"]
    return codes[snapshot["status"]]


def fees(snapshot: dict[str, Any], catalogue: dict[str, Any]) -> list[dict[str, str]]:
    """The procedure's fees, each marked with how it is paid. Our records hold no payment
    transaction yet: a dossier submitted online is taken as paid online, else at the desk."""
    how = "2" if snapshot["channel"] == "online" else "1"
    return [
        {
            "MaPhiLePhi": str(fee["id"]),
            "TenPhiLePhi": fee["description"],
            "LoaiPhiLePhi": FEE_KIND_CODES.get(fee["kind"], "1"),
            "Gia": str(fee["amount"]),
            "HinhThucThu": how,
        }
        for fee in catalogue["fees"]
    ]


def results(snapshot: dict[str, Any], catalogue: dict[str, Any], link: str) -> list[dict[str, str]]:
    """The electronic result's link once a result is recorded (the portal's page of the dossier,
    where the applicant downloads it after identifying; nothing public under the link)."""
    if snapshot["status"] not in RESULT_STATUSES:
        return []
    return [{"TenGiayTo": catalogue["result_type"], "DuongDanTepTinKetQua": link}]


def dossier_record(
    snapshot: dict[str, Any], catalogue: dict[str, Any], *, codes: dict[str, str], link: str
) -> dict[str, Any]:
    """The DVCQG record of one dossier state."""
    paid_online = snapshot["channel"] == "online" and int(snapshot["fee_total"]) > 0
    return {
        "MaHoSo": snapshot["code"],
        "PhienBan": int(snapshot["version"]),
        "MaTTHC": catalogue["procedure_code"],
        "TenTTHC": catalogue["procedure_name"],
        "MaLinhVuc": catalogue["field_code"],
        "TenLinhVuc": catalogue["field_name"],
        "KenhThucHien": CHANNEL_CODES[snapshot["channel"]],
        "ChuHoSo": snapshot["applicant_name"],
        "LoaiDoiTuong": APPLICANT_CODES.get(snapshot["applicant_kind"], "1"),
        "SoGiayToChuHoSo": snapshot["applicant_id_number"],
        "SoDienThoai": snapshot["applicant_phone"],
        "Email": snapshot["applicant_email"],
        "TrangThaiHoSo": status_code(snapshot, codes),
        "NgayNopHoSo": portal_time(snapshot["submitted_at"]),
        "NgayTiepNhan": portal_time(snapshot["received_at"]),
        "NgayHenTra": portal_time(snapshot["extended_due_at"] or snapshot["due_at"]),
        "NgayKetThucXuLy": portal_time(snapshot["finished_at"]),
        "NgayTra": portal_time(snapshot["returned_at"]),
        "ThoiGianGiaiQuyet": catalogue["time_limit"],
        "DonViTinh": TIME_UNITS.get(catalogue["time_unit"], catalogue["time_unit"]),
        "DonViXuLy": catalogue["agency_name"],
        "TongPhiLePhi": str(snapshot["fee_total"]),
        "DuocThanhToanTrucTuyen": "1" if paid_online else "0",
        "DanhSachLePhi": fees(snapshot, catalogue),
        "DanhSachGiayToKetQua": results(snapshot, catalogue, link),
    }


def request_body(
    record: dict[str, Any], *, service: str, agency_code: str, updating: bool
) -> dict[str, Any]:
    """The envelope the portal's integration endpoint takes (service, madonvi, isUpdating, data),
    as in VietOpenCPS/opencps-v2 `syncDossier`."""
    return {
        "service": service,
        "madonvi": agency_code,
        "isUpdating": "True" if updating else "False",
        "data": [record],
    }
