"""Every kind the code writes to an e-mail or SMS channel has its text, in vi and in en."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from motcua.accounts.services.registration import RESET_KIND, VERIFY_KIND
from motcua.notifications.messages import GSM7, gsm7, has_template, render, sms_segments

ROOT = Path(__file__).resolve().parents[2] / "motcua"
# the kinds the payments service emits (its own branch; the registry must cover them already)
PAYMENT_KINDS = {"dossier.payment_due", "dossier.paid"}
CODE = "000.00.20.H29-260302-0001"
PAYLOAD = {
    "code": CODE,
    "procedure": "Đăng ký khai sinh",
    "due_at": "2026-03-05T10:00:00+00:00",
    "new_due_at": "2026-03-10T10:00:00+00:00",
    "items": [{"name": "Bản sao CCCD", "reason": "Ảnh mờ"}],
    "reasons": ["Không đủ điều kiện"],
    "reason": "Chờ xác minh",
    "amount": 1250000,
    "channel": "counter",
    "minutes": 10,
}


def emitted_kinds() -> set[str]:
    """The kinds passed to notify() anywhere in the code, and those the deadline sweep writes
    for dossiers: found by reading the sources, so a new kind without a template fails here."""
    kinds: set[str] = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text()
        kinds.update(re.findall(r"\bnotify\(\s*\w+,\s*kind=\"([\w.]+)\"", text))
    sweep = (ROOT / "dossiers/services/lateness.py").read_text()
    kinds.update(re.findall(r"\"(dossier\.[\w]+)\",\n\s+\"dossier\",", sweep))
    return kinds


def all_kinds() -> list[str]:
    return sorted(emitted_kinds() | PAYMENT_KINDS | {VERIFY_KIND, RESET_KIND})


def test_the_kinds_are_found_in_the_code() -> None:
    found = emitted_kinds()
    assert {"dossier.submitted", "dossier.received", "dossier.due_soon", "dossier.apology"} <= found
    assert {"dossier.overdue", "dossier.result_ready", "dossier.supplement_requested"} <= found
    assert len(found) >= 12


@pytest.mark.parametrize("kind", all_kinds())
def test_every_kind_has_a_vietnamese_template(kind: str) -> None:
    assert has_template(kind), f"thiếu mẫu thông báo cho {kind}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", all_kinds())
def test_every_kind_renders(kind: str, language: str) -> None:
    payload = {**PAYLOAD, "code": "123456"} if kind.startswith("account.") else PAYLOAD
    text = render(kind, {**payload, "language": language})
    for part in (text.subject, text.sms, text.body):
        assert "{" not in part
        assert "None" not in part
    assert "\n" not in text.subject
    assert payload["code"] in text.sms
    assert payload["code"] in text.body
    # a dossier code in every part; a one-time code never in the subject (shown on lock screens)
    assert (payload["code"] in text.subject) == kind.startswith("dossier.")
    assert set(text.sms) <= GSM7
    assert sms_segments(text.sms) == 1, text.sms
    if kind.startswith("dossier."):
        link = f"/tra-cuu/{CODE}/"
        assert link in text.sms
        assert link in text.body
    assert text == render(kind, payload, language)  # the payload's language is the default


@pytest.mark.django_db
def test_english_and_vietnamese_differ_and_fill_the_payload() -> None:
    vi = render("dossier.supplement_requested", {**PAYLOAD, "language": "vi"})
    en = render("dossier.supplement_requested", {**PAYLOAD, "language": "en"})
    assert vi.subject == f"Hồ sơ {CODE} cần bổ sung"
    assert en.subject == f"Dossier {CODE} needs more documents"
    assert "Bản sao CCCD" in vi.body
    assert "Bản sao CCCD" in en.body
    received = render("dossier.received", PAYLOAD)
    assert "05/03/2026 17:00" in received.body  # Ho Chi Minh City time
    paid = render("dossier.paid", PAYLOAD)
    assert "1.250.000 đồng" in paid.body
    assert "1.250.000 d" in paid.sms


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_vietnamese() -> None:
    assert render("dossier.returned", {**PAYLOAD, "language": "fr"}).subject.startswith("Hồ sơ")


def test_sms_text_is_folded_to_gsm7() -> None:
    assert gsm7("Hồ sơ đã được tiếp nhận. Đến hạn") == "Ho so da duoc tiep nhan. Den han"
    assert sms_segments("a" * 160) == 1
    assert sms_segments("a" * 161) == 2
    assert sms_segments("ồ" * 70) == 1
    assert sms_segments("ồ" * 71) == 2


@pytest.mark.parametrize("kind", [k for k in all_kinds() if k.startswith("dossier.")])
def test_every_dossier_kind_has_its_inbox_sentence(kind: str) -> None:
    from motcua.portal.history import NOTIFICATIONS

    assert kind in NOTIFICATIONS, f"thiếu câu thông báo trong hộp thư cho {kind}"
