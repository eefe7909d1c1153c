"""The texts of the task reminders: e-mail subject and body in vi and en (notifications
messages), the inbox sentence (portal history) and the inbox page, from rows the real job
writes (services/reminders.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from motcua.core.models import OutboxMessage
from motcua.directives.models import Task
from motcua.directives.services import send_reminders, task_extend
from motcua.notifications.messages import GSM7, render, sms_segments
from motcua.portal.history import notification_sentence
from motcua.testing.auth import sign_in
from tests.directives.conftest import City, assign
from tests.directives.test_reminders import at

BASE = "https://motcua.example.vn"
TITLE = "Rà soát hồ sơ tồn đọng"


@pytest.fixture(autouse=True)
def _base_url(settings: Any) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": BASE + "/"}


@pytest.fixture
def task(town: City, clock: Any) -> Task:
    # assigned Tue 28/04/2026, 10 working days: deadline Thu 14/05/2026
    t = assign(town, working_days=10)
    assert t.deadline == date(2026, 5, 14)
    return t


def reminder(kind: str, user: str = "ward_leader") -> OutboxMessage:
    return OutboxMessage.objects.get(kind=kind, user__username=user)


def sent(clock: Any, *days: date) -> None:
    """Run the job at 09:00 local on each day, the clock moved there."""
    for day in days:
        clock.move_to(at(day))
        send_reminders(at(day))


def assert_clean(text: Any) -> None:
    for part in (text.subject, text.sms, text.body):
        assert "{" not in part
        assert "None" not in part
    assert "\n" not in text.subject
    assert set(text.sms) <= GSM7
    assert sms_segments(text.sms) == 1, text.sms


def test_the_due_soon_reminder_in_vietnamese(town: City, task: Task, clock: Any) -> None:
    sent(clock, date(2026, 5, 12))  # two working days before
    text = render("task.due_soon", reminder("task.due_soon").payload)
    assert_clean(text)
    link = f"{BASE}/can-bo/giao-viec/{task.pk}/"
    assert text.subject == f"Nhiệm vụ sắp đến hạn ngày 14/05/2026: {TITLE}"
    assert f"Nhiệm vụ “{TITLE}” (số {task.pk}) sắp đến hạn hoàn thành." in text.body
    assert "Cơ quan giao: UBND Thành phố Hồ Chí Minh (City Leader)" in text.body
    assert "Căn cứ giao: Văn bản số 05/QĐ-UBND" in text.body
    assert "Cơ quan chủ trì: UBND Phường Bến Thành" in text.body
    assert "Hạn hoàn thành: 14/05/2026" in text.body
    assert "Còn 2 ngày làm việc (tính đến ngày 12/05/2026)." in text.body
    assert f"báo cáo tiến độ và kết quả tại: {link}" in text.body
    assert text.sms == (
        f"Nhiem vu so {task.pk} sap den han 14/05/2026 (con 2 ngay lam viec). Xem: {link}"
    )


def test_the_due_soon_reminder_in_english(town: City, task: Task, clock: Any) -> None:
    sent(clock, date(2026, 5, 12))
    text = render("task.due_soon", reminder("task.due_soon").payload, "en")
    assert_clean(text)
    assert text.subject == f"Task due on 14/05/2026: {TITLE}"
    assert f"The task “{TITLE}” (no. {task.pk}) is due soon." in text.body
    assert "Assigned by: UBND Thành phố Hồ Chí Minh (City Leader)" in text.body
    assert "Deadline: 14/05/2026" in text.body
    assert "2 working days left (as of 12/05/2026)." in text.body
    assert f"{BASE}/can-bo/giao-viec/{task.pk}/" in text.body
    assert f"{BASE}/can-bo/giao-viec/{task.pk}/" in text.sms


def test_on_the_deadline_day_the_reminder_says_it_is_the_last_day(
    town: City, task: Task, clock: Any, settings: Any
) -> None:
    settings.MOTCUA_TASK_REMIND_BEFORE_DAYS = 0
    sent(clock, date(2026, 5, 14))
    payload = reminder("task.due_soon").payload
    assert payload["days_left"] == 0
    vi, en = render("task.due_soon", payload, "vi"), render("task.due_soon", payload, "en")
    assert "Hôm nay (14/05/2026) là ngày cuối cùng của thời hạn." in vi.body
    assert "Today (14/05/2026) is the last day of the time limit." in en.body
    assert "ngày làm việc" not in vi.body
    assert_clean(vi)
    assert_clean(en)


def test_the_overdue_reminder_in_both_languages(town: City, task: Task, clock: Any) -> None:
    # Mon 18/05: the run of Fri 15/05 was missed; two working days late (15/5, 18/5)
    sent(clock, date(2026, 5, 18))
    payload = reminder("task.overdue", "city_leader").payload
    vi, en = render("task.overdue", payload, "vi"), render("task.overdue", payload, "en")
    for text in (vi, en):
        assert_clean(text)
        assert f"{BASE}/can-bo/giao-viec/{task.pk}/" in text.body
        assert f"{BASE}/can-bo/giao-viec/{task.pk}/" in text.sms
    assert vi.subject == f"Nhiệm vụ quá hạn (hạn 14/05/2026): {TITLE}"
    assert "đã quá hạn hoàn thành mà chưa được báo cáo hoàn thành" in vi.body
    assert "Đã quá hạn 2 ngày làm việc (tính đến ngày 18/05/2026)." in vi.body
    assert "Cơ quan giao: UBND Thành phố Hồ Chí Minh (City Leader)" in vi.body
    assert en.subject == f"Task overdue (deadline 14/05/2026): {TITLE}"
    assert "2 working days late (as of 18/05/2026)." in en.body
    assert "Deadline: 14/05/2026" in en.body


def test_the_payloads_language_is_the_default(town: City, task: Task, clock: Any) -> None:
    sent(clock, date(2026, 5, 15))
    payload = reminder("task.overdue").payload
    assert payload["days_late"] == 1
    assert render("task.overdue", {**payload, "language": "en"}) == render(
        "task.overdue", payload, "en"
    )
    assert "1 working day late (as of 15/05/2026)." in render("task.overdue", payload, "en").body
    assert render("task.overdue", payload).subject.startswith("Nhiệm vụ quá hạn")


def test_a_queued_message_keeps_the_task_as_it_was(town: City, task: Task, clock: Any) -> None:
    sent(clock, date(2026, 5, 12))
    clock.move_to(at(date(2026, 5, 13)))
    task_extend(
        actor=town.u("city_leader"), task_id=task.pk, new_deadline=date(2026, 5, 20), reason="Chờ"
    )
    Task.objects.filter(pk=task.pk).update(title="Tiêu đề đã sửa")
    text = render("task.due_soon", reminder("task.due_soon").payload)
    assert text.subject == f"Nhiệm vụ sắp đến hạn ngày 14/05/2026: {TITLE}"
    assert "20/05/2026" not in text.body


def test_the_inbox_sentences() -> None:
    payload = {
        "task": 7,
        "title": TITLE,
        "deadline": "2026-05-14",
        "assigning_agency": "UBND Thành phố Hồ Chí Minh",
    }
    assert notification_sentence("task.due_soon", payload) == (
        f"Nhiệm vụ “{TITLE}” sắp đến hạn hoàn thành (hạn 14/05/2026), "
        "do UBND Thành phố Hồ Chí Minh giao."
    )
    assert notification_sentence("task.overdue", payload) == (
        f"Nhiệm vụ “{TITLE}” đã quá hạn hoàn thành (hạn 14/05/2026), "
        "do UBND Thành phố Hồ Chí Minh giao."
    )


def test_the_inbox_shows_the_reminders_with_a_link_to_the_task(
    town: City, task: Task, clock: Any
) -> None:
    sent(clock, date(2026, 5, 12), date(2026, 5, 15))
    client = sign_in(Client(), town.u("ward_leader"))
    response = client.get("/thong-bao/")
    assert response.status_code == 200
    html = response.content.decode()
    due = f"Nhiệm vụ “{TITLE}” sắp đến hạn hoàn thành (hạn 14/05/2026)"
    late = f"Nhiệm vụ “{TITLE}” đã quá hạn hoàn thành (hạn 14/05/2026)"
    assert due in html
    assert late in html
    assert html.index(late) < html.index(due)  # newest first
    assert html.count(f'href="/can-bo/giao-viec/{task.pk}/"') == 2
    assert f"Xem nhiệm vụ số {task.pk}" in html
    assert "/ho-so-cua-toi/" not in html.split("inbox-list", 1)[1]  # no dossier link for a task
    # the task page the link names opens for this reader
    assert client.get(f"/can-bo/giao-viec/{task.pk}/").status_code == 200


def test_an_official_with_an_address_gets_the_email_in_their_language(
    town: City, task: Task, clock: Any, mailoutbox: Any, settings: Any
) -> None:
    from motcua.core.outbox import deliver_pending
    from motcua.notifications.services import preference_set

    leader = town.users["ward_leader"]
    leader.email = "lanhdao.benthanh@example.vn"
    leader.save(update_fields=["email"])
    preference_set(user=leader, language="en")

    sent(clock, date(2026, 5, 12))
    sent(clock, date(2026, 5, 12))  # a second run writes nothing new

    row = OutboxMessage.objects.get(kind="task.due_soon", channel="email")
    assert (row.recipient, row.user_id, row.payload["language"]) == (leader.email, None, "en")
    email = "motcua.notifications.transports.deliver_email"
    settings.MOTCUA = {**settings.MOTCUA, "OUTBOX_TRANSPORTS": {"email": email}}
    deliver_pending()
    mail = [m for m in mailoutbox if m.to == [leader.email]]
    assert len(mail) == 1
    assert mail[0].subject == f"Task due on 14/05/2026: {TITLE}"
    assert f"/can-bo/giao-viec/{task.pk}/" in mail[0].body
