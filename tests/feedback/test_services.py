"""Feedback rules (docs/rules.md §24): intake, classification, routing, deadlines, answers,
rating, reopening, per-agency rates, and who may act."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.audit import AuditEvent
from motcua.core.calendar import add_working_days
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.feedback import selectors
from motcua.feedback.models import Kind, Photo, Status
from motcua.feedback.services import (
    COMPLAINTS_POINTER,
    feedback_answer,
    feedback_assign,
    feedback_classify,
    feedback_publish,
    feedback_rate,
    feedback_refuse,
    feedback_reopen,
    is_late,
)
from tests.dossiers.conftest import World
from tests.feedback.conftest import CLOCK, submit

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def handle(w: World, code: str, **text: str) -> None:
    feedback_classify(actor=w.u("reception"), code=code, kind=Kind.RULES)
    feedback_assign(actor=w.u("head"), code=code, handler=w.u("specialist"))
    feedback_answer(actor=w.u("specialist"), code=code, answer="Đã bỏ yêu cầu sổ hộ khẩu.")
    publish(w, code, **text)


def publish(w: World, code: str, **text: str) -> None:
    text = {"public_title": "Yêu cầu sổ hộ khẩu", "public_content": "Về giấy tờ thừa.", **text}
    feedback_publish(actor=w.u("head"), code=code, **text)


def test_anonymous_feedback_needs_name_and_contact(city: World, clock: Any) -> None:
    with pytest.raises(DomainError) as exc:
        submit(name="", contact="")
    assert exc.value.code == "contact_required"
    with pytest.raises(DomainError):
        submit(contact="")


def test_signed_in_submitter_needs_no_contact_fields(city: World, clock: Any) -> None:
    fb = submit(actor=city.u("citizen"), name="", contact="")
    assert fb.submitter == city.u("citizen")
    assert fb.submitter_contact


def test_received_with_a_code_a_deadline_and_an_event(city: World, clock: Any) -> None:
    fb = submit()
    assert fb.code == "PAKN-2026-000001"
    assert submit().code == "PAKN-2026-000002"
    assert fb.status == Status.RECEIVED
    assert fb.agency == city.ward
    assert fb.due_date == add_working_days(TODAY, 15, agency=city.ward)
    assert fb.due_date >= TODAY + timedelta(days=19)  # 15 working days span three weekends
    kinds = list(AuditEvent.objects.filter(stream_id=fb.code).values_list("kind", flat=True))
    assert kinds == ["feedback.received"]


def test_the_deadline_is_a_setting(city: World, clock: Any, settings: Any) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "FEEDBACK_DEADLINES": {"handle": 5}}
    assert submit().due_date == add_working_days(TODAY, 5, agency=city.ward)


def test_received_classified_assigned_answered_published(city: World, clock: Any) -> None:
    fb = submit()
    handle(city, fb.code)
    fb.refresh_from_db()
    assert fb.status == Status.PUBLISHED
    assert fb.kind == Kind.RULES
    assert fb.handler == city.u("specialist")
    assert fb.published_at is not None
    kinds = list(AuditEvent.objects.filter(stream_id=fb.code).values_list("kind", flat=True))
    assert kinds == [
        "feedback.received",
        "feedback.classified",
        "feedback.assigned",
        "feedback.answered",
        "feedback.published",
    ]
    assert list(selectors.published()) == [fb]


def test_steps_out_of_order_are_refused(city: World, clock: Any) -> None:
    fb = submit()
    with pytest.raises(DomainError) as exc:
        publish(city, fb.code)
    assert exc.value.code == "invalid_state"
    with pytest.raises(DomainError):
        feedback_answer(actor=city.u("specialist"), code=fb.code, answer="x")


def test_out_of_scope_is_refused_with_the_complaints_pointer(city: World, clock: Any) -> None:
    fb = submit()
    with pytest.raises(DomainError) as exc:
        feedback_classify(actor=city.u("reception"), code=fb.code, kind=Kind.OUT_OF_SCOPE)
    assert exc.value.code == "reason_required"
    feedback_classify(
        actor=city.u("reception"), code=fb.code, kind=Kind.OUT_OF_SCOPE, reason="Là đơn khiếu nại."
    )
    fb.refresh_from_db()
    assert fb.status == Status.REFUSED
    assert "Là đơn khiếu nại." in fb.reason
    assert COMPLAINTS_POINTER in fb.reason
    assert not is_late(fb, TODAY + timedelta(days=60))


def test_refusal_needs_a_reason(city: World, clock: Any) -> None:
    fb = submit()
    with pytest.raises(DomainError):
        feedback_refuse(actor=city.u("reception"), code=fb.code, reason=" ")
    feedback_refuse(actor=city.u("reception"), code=fb.code, reason="Không ghi rõ nội dung.")
    fb.refresh_from_db()
    assert fb.status == Status.REFUSED


def test_another_agencys_official_cannot_act(city: World, clock: Any) -> None:
    fb = submit()
    with pytest.raises(PermissionDenied):
        feedback_classify(actor=city.u("other_reception"), code=fb.code, kind=Kind.RULES)
    with pytest.raises(PermissionDenied):
        feedback_refuse(actor=city.u("other_reception"), code=fb.code, reason="x")
    assert list(selectors.for_official(user=city.u("other_reception"))) == []
    with pytest.raises(NotFound):
        selectors.get_for_official(user=city.u("other_reception"), code=fb.code)


def test_a_citizen_cannot_act_as_an_official(city: World, clock: Any) -> None:
    fb = submit(actor=city.u("citizen"))
    with pytest.raises(PermissionDenied):
        feedback_classify(actor=city.u("citizen"), code=fb.code, kind=Kind.RULES)


def test_the_handler_must_belong_to_the_agency(city: World, clock: Any) -> None:
    fb = submit()
    feedback_classify(actor=city.u("reception"), code=fb.code, kind=Kind.CONDUCT)
    with pytest.raises(DomainError) as exc:
        feedback_assign(actor=city.u("head"), code=fb.code, handler=city.u("dept_specialist"))
    assert exc.value.code == "not_a_handler"
    with pytest.raises(PermissionDenied):  # only the unit head assigns
        feedback_assign(actor=city.u("reception"), code=fb.code, handler=city.u("specialist"))


def test_forwarding_in_time_restarts_the_period(city: World, clock: Any) -> None:
    fb = submit()
    clock.shift(timedelta(days=2))  # Friday 4/12, 2 working days later
    feedback_classify(
        actor=city.u("reception"), code=fb.code, kind=Kind.RULES, agency_code=city.other_ward.code
    )
    fb.refresh_from_db()
    assert fb.agency == city.other_ward
    assert fb.forwarded_at is not None
    assert fb.due_date == add_working_days(date(2026, 12, 4), 15, agency=city.other_ward)
    # the ward that forwarded it no longer acts on it; the receiving ward does
    with pytest.raises(PermissionDenied):
        feedback_refuse(actor=city.u("reception"), code=fb.code, reason="x")
    assert [f.code for f in selectors.for_official(user=city.u("other_reception"))] == [fb.code]


def test_forwarding_late_keeps_the_original_deadline(city: World, clock: Any) -> None:
    fb = submit()
    due = fb.due_date
    clock.move_to(CLOCK + timedelta(days=14))  # well past 5 working days
    feedback_classify(
        actor=city.u("reception"), code=fb.code, kind=Kind.RULES, agency_code=city.other_ward.code
    )
    fb.refresh_from_db()
    assert fb.due_date == due
    event = AuditEvent.objects.get(stream_id=fb.code, kind="feedback.classified")
    assert event.payload["in_time"] is False


def test_a_petition_past_its_deadline_shows_as_late_and_counts(city: World, clock: Any) -> None:
    fb = submit()
    on_time = submit()
    handle(city, on_time.code)
    assert not is_late(fb)
    after = fb.due_date + timedelta(days=1)
    with time_machine.travel(CLOCK + (after - TODAY), tick=False):
        fb.refresh_from_db()
        assert is_late(fb)
        rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY)
    assert rates.received == 2
    assert rates.late == 1
    assert str(rates.on_time_rate) == "50.00"


def test_answered_after_the_deadline_stays_late(city: World, clock: Any) -> None:
    fb = submit()
    feedback_classify(actor=city.u("reception"), code=fb.code, kind=Kind.RULES)
    feedback_assign(actor=city.u("head"), code=fb.code, handler=city.u("specialist"))
    clock.move_to(CLOCK + timedelta(days=40))
    feedback_answer(actor=city.u("specialist"), code=fb.code, answer="Trả lời muộn.")
    publish(city, fb.code)
    fb.refresh_from_db()
    assert is_late(fb)


def test_the_submitter_rates_once(city: World, clock: Any) -> None:
    fb = submit(actor=city.u("citizen"))
    with pytest.raises(DomainError):  # not yet published
        feedback_rate(actor=city.u("citizen"), code=fb.code, satisfied=True)
    handle(city, fb.code)
    with pytest.raises(NotFound):
        feedback_rate(actor=city.u("stranger"), code=fb.code, satisfied=True)
    feedback_rate(actor=city.u("citizen"), code=fb.code, satisfied=False)
    with pytest.raises(DomainError) as exc:
        feedback_rate(actor=city.u("citizen"), code=fb.code, satisfied=True)
    assert exc.value.code == "already_rated"
    rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY)
    assert rates.satisfaction_rate is not None
    assert str(rates.satisfaction_rate) == "0.00"


def test_the_submitter_reopens_once(city: World, clock: Any) -> None:
    fb = submit(actor=city.u("citizen"))
    handle(city, fb.code)
    feedback_reopen(actor=city.u("citizen"), code=fb.code, reason="Vẫn bị yêu cầu nộp.")
    fb.refresh_from_db()
    assert fb.status == Status.ASSIGNED
    feedback_answer(actor=city.u("specialist"), code=fb.code, answer="Đã chấn chỉnh bộ phận.")
    publish(city, fb.code)
    with pytest.raises(DomainError) as exc:
        feedback_reopen(actor=city.u("citizen"), code=fb.code, reason="Lần nữa.")
    assert exc.value.code == "already_reopened"
    rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY)
    assert str(rates.satisfaction_rate) == "0.00"  # a repeated feedback does not count


def test_no_feedback_has_no_rate(city: World, clock: Any) -> None:
    rates = selectors.agency_rates(agency=city.ward, start=TODAY, end=TODAY)
    assert rates.on_time_rate is None
    assert rates.satisfaction_rate is None


def test_photos_pass_the_attachment_checks(city: World, clock: Any) -> None:
    fb = submit(photos=[SimpleUploadedFile("a.png", PNG, content_type="image/png")])
    photo = Photo.objects.get(feedback=fb)
    assert photo.content_type == "image/png"
    assert photo.file.name.endswith(".png")
    with pytest.raises(DomainError) as exc:
        submit(photos=[SimpleUploadedFile("x.png", b"not an image", content_type="image/png")])
    assert exc.value.code == "file_type_not_allowed"
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", content_type="image/png")
    with pytest.raises(DomainError) as exc:
        submit(photos=[pdf])
    assert exc.value.code == "not_a_photo"
    with pytest.raises(DomainError) as exc:
        submit(photos=[SimpleUploadedFile("e.png", b"", content_type="image/png")])
    assert exc.value.code == "file_empty"


def test_control_characters_are_refused_and_nothing_is_received(city: World, clock: Any) -> None:
    from motcua.feedback.models import Feedback

    for field in ("content", "title", "place"):
        with pytest.raises(DomainError) as exc:
            submit(**{field: "Vỉa hè\x01bị lấn chiếm"})
        assert exc.value.code == "control_character"
    with pytest.raises(DomainError) as exc:
        submit(content="x" * 10_001)
    assert exc.value.code == "text_too_long"
    assert not Feedback.objects.exists()


def test_only_the_assigned_handler_or_the_head_answers(city: World, clock: Any) -> None:
    from tests.dossiers.conftest import _user

    fb = submit()
    feedback_classify(actor=city.u("reception"), code=fb.code, kind=Kind.RULES)
    feedback_assign(actor=city.u("head"), code=fb.code, handler=city.u("specialist"))
    colleague = _user("specialist-2", city.ward, ["specialist"])
    with pytest.raises(PermissionDenied):
        feedback_answer(actor=colleague, code=fb.code, answer="Tôi trả lời thay.")
    with pytest.raises(DomainError) as exc:
        feedback_answer(actor=city.u("specialist"), code=fb.code, answer="Đã\x07 xử lý.")
    assert exc.value.code == "control_character"
    answered = feedback_answer(actor=city.u("head"), code=fb.code, answer="Đã xử lý.")
    assert answered.status == Status.ANSWERED
