"""A local fake of DVCQG's dossier sync service, for tests (a real HTTP server on 127.0.0.1).

Built on `motcua.testing.fake_http.FakeReceiver` (records every request, keeps the first copy per
`Idempotency-Key`, scripted failures and delay). On top of it, it answers as the portal does:
- HTTP 401 `{"error_code": "401"}` without the expected bearer token (nothing kept);
- `{"error_code": "-1", "message": ...}` (HTTP 200) for a body that is not a valid
  `DongBoHoSoMC` envelope of one dossier record: every problem listed, nothing kept;
- `{"error_code": "0"}` otherwise. It keeps, per `MaHoSo`, the record with the highest
  `PhienBan`: an older state arriving after a newer one is acknowledged and ignored
  (`"stale": true`); a repeated key gets the first answer again (`"duplicate": true`).
"""

from __future__ import annotations

import re
from typing import Any

from motcua.testing.fake_http import FakeReceiver, Received

CODE = re.compile(r"^.{13}-\d{6}-\d{4,5}$")
PORTAL_TIME = re.compile(r"^(\d{14})?$")
STATUSES = {str(n) for n in range(1, 11)}
REQUIRED_TEXT = ("MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "SoGiayToChuHoSo", "DonViXuLy")
TIMES = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")


def record_problems(record: Any) -> list[str]:
    """What is wrong with one dossier record (empty: valid)."""
    if not isinstance(record, dict):
        return ["data[0] không phải đối tượng"]
    problems = [f"thiếu {k}" for k in REQUIRED_TEXT if not str(record.get(k) or "").strip()]
    if not CODE.match(str(record.get("MaHoSo", ""))):
        problems.append("MaHoSo sai định dạng")
    if record.get("KenhThucHien") not in {"1", "2", "3"}:
        problems.append("KenhThucHien phải là 1, 2 hoặc 3")
    if record.get("TrangThaiHoSo") not in STATUSES:
        problems.append("TrangThaiHoSo không hợp lệ")
    problems += [f"{k} sai định dạng" for k in TIMES if not PORTAL_TIME.match(str(record.get(k)))]
    if not isinstance(record.get("PhienBan"), int):
        problems.append("thiếu PhienBan")
    for name in ("DanhSachLePhi", "DanhSachGiayToKetQua"):
        if not isinstance(record.get(name), list):
            problems.append(f"{name} phải là danh sách")
    return problems


def body_problems(body: Any, agency_code: str) -> list[str]:
    if not isinstance(body, dict):
        return ["thân yêu cầu không phải JSON"]
    problems = []
    if body.get("service") != "DongBoHoSoMC":
        problems.append("service phải là DongBoHoSoMC")
    if body.get("madonvi") != agency_code:
        problems.append("madonvi không đúng")
    if body.get("isUpdating") not in {"True", "False"}:
        problems.append("isUpdating phải là True hoặc False")
    data = body.get("data")
    if not isinstance(data, list) or len(data) != 1:
        return [*problems, "data phải có đúng một hồ sơ"]
    return problems + record_problems(data[0])


class FakePortal(FakeReceiver):
    def __init__(self, *, token: str, agency_code: str) -> None:
        super().__init__()
        self.token = token
        self.agency_code = agency_code
        self.dossiers: dict[str, dict[str, Any]] = {}  # MaHoSo → newest record kept
        self.answers: dict[str, tuple[int, dict[str, Any]]] = {}  # key → first answer

    def answer(self, received: Received) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.requests.append(received)
            if self._failures:
                return self._failures.pop(0), {"error_code": "503", "message": "scripted"}
            if received.headers.get("authorization") != f"Bearer {self.token}":
                return 401, {"error_code": "401", "message": "Phiên làm việc không hợp lệ"}
            key = received.headers.get("idempotency-key", "")
            if key in self.answers:
                status, first = self.answers[key]
                return status, {**first, "duplicate": True}
            status, answer = self._apply(received)
            if key:
                self.answers[key] = (status, answer)
                if answer["error_code"] == "0":
                    self._first[key] = received
            return status, answer

    def _apply(self, received: Received) -> tuple[int, dict[str, Any]]:
        problems = body_problems(received.body, self.agency_code)
        if problems:
            return 200, {"error_code": "-1", "message": "; ".join(problems)}
        record = received.body["data"][0]
        held = self.dossiers.get(record["MaHoSo"])
        if held is not None and held["PhienBan"] > record["PhienBan"]:
            return 200, {"error_code": "0", "message": "Đã có trạng thái mới hơn", "stale": True}
        self.dossiers[record["MaHoSo"]] = record
        return 200, {"error_code": "0", "message": "Thành công", "stale": False}
