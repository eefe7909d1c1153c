"""portal.history: audit events and outbox messages as sentences (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from motcua.portal.history import HistoryContext, event_sentence, notification_sentence, when

AT = datetime(2026, 12, 2, 3, 15, tzinfo=UTC)  # 10:15 in Ho Chi Minh City
CTX = HistoryContext(
    agency="UBND Phường Bến Thành",
    steps={7: ("Thẩm định", "Sở Tư pháp")},
    agencies={"000.00.05.H29": "Sở Tư pháp"},
)


def test_when_reads_datetimes_and_iso_strings() -> None:
    assert when(AT) == "02/12/2026 10:15"
    assert when("2026-12-05T10:00:00+00:00") == "05/12/2026 17:00"
    assert when("not a date") == when(None) == when(datetime(2026, 1, 1)) == ""


@pytest.mark.parametrize(
    ("kind", "payload", "sentence"),
    [
        (
            "dossier.received",
            {"due_at": "2026-12-05T10:00:00+00:00"},
            "Bộ phận một cửa UBND Phường Bến Thành đã tiếp nhận hồ sơ, hẹn trả kết quả "
            "05/12/2026 17:00.",
        ),
        ("dossier.submitted", {"channel": "counter"}, "nộp tại bộ phận một cửa UBND Phường"),
        ("step.approve", {"step_instance": 7}, "Sở Tư pháp đã hoàn thành bước “Thẩm định”."),
        ("step.approve", {"step": "sign"}, "UBND Phường Bến Thành đã hoàn thành bước “sign”."),
        ("step.return", {"step_instance": 7}, "về bước trước để xử lý lại (từ bước “Thẩm định”)"),
        ("step.forward", {"to_agency": "000.00.05.H29"}, "chuyển đến Sở Tư pháp để xử lý."),
        ("step.forward", {"to_agency": "X"}, "chuyển đến X để xử lý."),
        ("dossier.attachment_added", {"name": "a.pdf"}, "Đã đính kèm tệp “a.pdf”."),
        ("dossier.returned", {"channel": "postal"}, "qua dịch vụ bưu chính."),
        ("dossier.returned", {}, "Đã trả kết quả giải quyết."),
        (
            "dossier.cancelled",
            {"reason": "Trùng"},
            "UBND Phường Bến Thành đã huỷ hồ sơ. Lý do: Trùng",
        ),
    ],
)
def test_event_sentences(kind: str, payload: dict[str, object], sentence: str) -> None:
    text = event_sentence(kind, AT, payload, CTX)
    assert text is not None
    assert text.startswith("Ngày 02/12/2026 10:15: ")
    assert sentence in text


def test_internal_events_are_left_out() -> None:
    for kind in ("step.claimed", "step.assigned", "dossier.slip_generated"):
        assert event_sentence(kind, AT, {}, CTX) is None


@pytest.mark.parametrize(
    ("kind", "payload", "sentence"),
    [
        ("dossier.submitted", {"procedure": "Khai sinh"}, "Hồ sơ C (Khai sinh) đã được gửi"),
        (
            "dossier.received",
            {"due_at": "2026-12-05T10:00:00+00:00"},
            "hẹn trả kết quả 05/12/2026 17:00",
        ),
        (
            "dossier.supplement_requested",
            {"items": [{"name": "CCCD"}, "junk"]},
            "cần bổ sung: CCCD.",
        ),
        ("dossier.refused", {"reasons": ["Thiếu", "Sai"]}, "Lý do: Thiếu; Sai."),
        ("dossier.result_ready", {}, "đã có kết quả"),
        ("dossier.returned", {"channel": "counter"}, "đã được trả kết quả"),
        ("dossier.withdrawn", {"reason": "Thôi"}, "dừng giải quyết theo yêu cầu. Lý do: Thôi"),
        ("dossier.cancelled", {"reason": "Trùng"}, "đã bị huỷ. Lý do: Trùng"),
        (
            "dossier.apology",
            {"new_due_at": "2026-12-09T10:00:00+00:00", "reason": "Chờ"},
            "09/12/2026 17:00. Lý do: Chờ",
        ),
        ("dossier.overdue", {"due_at": "2026-12-05T10:00:00+00:00"}, "đã quá hạn"),
        ("dossier.due_soon", {"due_at": "2026-12-05T10:00:00+00:00"}, "sắp đến hạn"),
        ("something.new", {}, "Có cập nhật mới về hồ sơ C."),
    ],
)
def test_notification_sentences(kind: str, payload: dict[str, object], sentence: str) -> None:
    assert sentence in notification_sentence(kind, {"code": "C", **payload})
