"""The rules of a consultation (docs/rules.md §26–§28), through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile

from motcua.consultation import services
from motcua.consultation.models import Comment, CommentStatus, ConsultationStatus
from motcua.consultation.rules import period_problem
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.core.models import AuditEvent
from tests.consultation.conftest import CLOCK, City, after, draft, during, pdf, published

pytestmark = pytest.mark.django_db


# --- the period minimum (§26) -------------------------------------------------------------------


def test_period_rule_is_pure() -> None:
    day = timedelta(days=1)
    assert period_problem(opens_at=CLOCK, closes_at=CLOCK + 30 * day, now=CLOCK, min_days=30) == ""
    assert "ít nhất 30" in period_problem(
        opens_at=CLOCK, closes_at=CLOCK + 29 * day, now=CLOCK, min_days=30
    )
    # counted from publication when the period opened earlier
    assert "ít nhất" in period_problem(
        opens_at=CLOCK - 5 * day, closes_at=CLOCK + 28 * day, now=CLOCK, min_days=30
    )
    assert period_problem(opens_at=CLOCK, closes_at=CLOCK, now=CLOCK, min_days=0)
    assert period_problem(opens_at=CLOCK - 9 * day, closes_at=CLOCK - day, now=CLOCK, min_days=1)


def test_a_period_shorter_than_the_minimum_is_refused(city: City) -> None:
    with time_machine.travel(CLOCK, tick=False), pytest.raises(DomainError) as exc:
        draft(city, days=29)
    assert exc.value.code == "period_too_short"


def test_the_minimum_is_a_setting(city: City, settings: pytest.FixtureRequest) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "CONSULTATION_MIN_DAYS": 10}
    c = published(city, days=10)
    assert c.status == ConsultationStatus.PUBLISHED


def test_publication_rechecks_the_period_left(city: City) -> None:
    with time_machine.travel(CLOCK, tick=False):
        c = draft(city, days=31)
        services.consultation_document_add(
            actor=city.admin, consultation_id=c.pk, title="Toàn văn", upload=pdf()
        )
    with (
        time_machine.travel(CLOCK + timedelta(days=2), tick=False),
        pytest.raises(DomainError) as e,
    ):
        services.consultation_publish(actor=city.admin, consultation_id=c.pk)
    assert e.value.code == "period_too_short"


def test_publication_needs_a_document(city: City) -> None:
    with time_machine.travel(CLOCK, tick=False):
        c = draft(city)
        with pytest.raises(DomainError) as exc:
            services.consultation_publish(actor=city.admin, consultation_id=c.pk)
    assert exc.value.code == "no_documents"


# --- who runs it (§26) --------------------------------------------------------------------------


def test_agency_admin_and_unit_head_manage_others_do_not(city: City) -> None:
    with time_machine.travel(CLOCK, tick=False):
        c = draft(city)
        services.consultation_document_add(
            actor=city.head, consultation_id=c.pk, title="Tờ trình", upload=pdf()
        )
        for outsider in (city.specialist, city.other_admin, city.citizen):
            with pytest.raises(PermissionDenied):
                services.consultation_publish(actor=outsider, consultation_id=c.pk)
        services.consultation_publish(actor=city.head, consultation_id=c.pk)
    kinds = list(
        AuditEvent.objects.filter(stream_type="consultation", stream_id=str(c.pk)).values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "consultation.created",
        "consultation.document_added",
        "consultation.published",
    ]


def test_documents_are_pdfs_checked_as_attachments(city: City) -> None:
    with time_machine.travel(CLOCK, tick=False):
        c = draft(city)
        png = ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 64, name="anh.pdf")
        with pytest.raises(DomainError) as exc:
            services.consultation_document_add(
                actor=city.admin, consultation_id=c.pk, title="Ảnh", upload=png
            )
        assert exc.value.code == "file_type_not_allowed"
        with pytest.raises(DomainError) as exc:
            services.consultation_document_add(
                actor=city.admin,
                consultation_id=c.pk,
                title="Rỗng",
                upload=ContentFile(b"", name="x.pdf"),
            )
        assert exc.value.code == "file_empty"
        with pytest.raises(DomainError) as exc:
            services.consultation_document_add(
                actor=city.admin, consultation_id=c.pk, title="Trình\x00", upload=pdf()
            )
        assert exc.value.code == "control_character"
        doc = services.consultation_document_add(
            actor=city.admin, consultation_id=c.pk, title="Toàn văn", upload=pdf("a.exe")
        )
    assert doc.original_name == "a.pdf"
    assert c.documents.count() == 1


# --- comments (§27) -----------------------------------------------------------------------------


def test_only_signed_in_people_comment(city: City) -> None:
    c = published(city)
    with during(c), pytest.raises(PermissionDenied) as exc:
        services.comment_submit(actor=AnonymousUser(), consultation_id=c.pk, text="Ý kiến")
    assert exc.value.code == "sign_in_required"


def test_comments_only_while_open(city: City) -> None:
    c = published(city, start=CLOCK + timedelta(days=3))
    for moment in (CLOCK, c.closes_at, c.closes_at + timedelta(days=1)):
        with time_machine.travel(moment, tick=False), pytest.raises(Conflict) as exc:
            services.comment_submit(actor=city.citizen, consultation_id=c.pk, text="Ý kiến")
        assert exc.value.code == "not_open"
    with time_machine.travel(c.closes_at - timedelta(seconds=1), tick=False):
        services.comment_submit(actor=city.citizen, consultation_id=c.pk, text="Kịp giờ")
    assert Comment.objects.count() == 1


def test_a_draft_not_published_takes_no_comment(city: City) -> None:
    with time_machine.travel(CLOCK, tick=False):
        c = draft(city)
    with during(c), pytest.raises(NotFound):
        services.comment_submit(actor=city.citizen, consultation_id=c.pk, text="Ý kiến")


def test_a_comment_on_an_article_of_this_draft_only(city: City) -> None:
    c = published(city)
    other = published(city)
    foreign = other.articles.get(number=1)
    with during(c):
        with pytest.raises(DomainError) as exc:
            services.comment_submit(
                actor=city.citizen, consultation_id=c.pk, text="Ý kiến", article_id=foreign.pk
            )
        assert exc.value.code == "unknown_article"
        comment = services.comment_submit(
            actor=city.citizen,
            consultation_id=c.pk,
            text="Điều 2 nên rõ hơn.",
            article_id=c.articles.get(number=2).pk,
        )
    assert comment.status == CommentStatus.PENDING
    assert comment.display_name == "Nguyễn Văn An"
    assert comment.created_at == c.opens_at + timedelta(days=1)


def test_display_name_never_falls_back_to_the_username(city: City) -> None:
    city.citizen.full_name = ""
    city.citizen.save(update_fields=["full_name"])
    c = published(city)
    with during(c):
        comment = services.comment_submit(actor=city.citizen, consultation_id=c.pk, text="Ý kiến")
    assert comment.display_name == "Người góp ý"  # the username here is a personal ID number


# --- moderation (§27) ---------------------------------------------------------------------------


def _comment(city: City, c: object) -> Comment:
    with during(c):
        return services.comment_submit(actor=city.citizen, consultation_id=c.pk, text="Ý kiến A")


def test_moderation_publishes_or_rejects_with_a_reason(city: City) -> None:
    c = published(city)
    one, two = _comment(city, c), _comment(city, c)
    with during(c):
        services.comment_publish(actor=city.head, comment_id=one.pk)
        with pytest.raises(DomainError) as exc:
            services.comment_reject(actor=city.admin, comment_id=two.pk, reason="  ")
        assert exc.value.code == "reason_required"
        services.comment_reject(actor=city.admin, comment_id=two.pk, reason="Không liên quan.")
        with pytest.raises(Conflict) as exc:
            services.comment_publish(actor=city.admin, comment_id=two.pk)
        assert exc.value.code == "already_moderated"
    two.refresh_from_db()
    assert (two.status, two.reason, two.text) == ("rejected", "Không liên quan.", "Ý kiến A")
    assert two.moderated_by == city.admin
    assert Comment.objects.count() == 2  # nothing deleted


def test_another_agency_cannot_moderate(city: City) -> None:
    c = published(city)
    comment = _comment(city, c)
    with during(c):
        for outsider in (city.other_admin, city.specialist, city.citizen):
            with pytest.raises(PermissionDenied):
                services.comment_publish(actor=outsider, comment_id=comment.pk)
            with pytest.raises(PermissionDenied):
                services.comment_reject(actor=outsider, comment_id=comment.pk, reason="x")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


# --- the summary (§28) --------------------------------------------------------------------------


def test_summary_only_after_the_close_and_once(city: City) -> None:
    c = published(city)
    with during(c), pytest.raises(Conflict) as exc:
        services.response_publish(actor=city.admin, consultation_id=c.pk, summary="Tổng hợp")
    assert exc.value.code == "not_closed"
    with after(c):
        with pytest.raises(PermissionDenied):
            services.response_publish(actor=city.other_admin, consultation_id=c.pk, summary="x")
        with pytest.raises(DomainError) as exc:
            services.response_publish(
                actor=city.admin,
                consultation_id=c.pk,
                summary="Tổng hợp",
                articles=[services.ArticleResponseData(2, "not_accepted", "")],
            )
        assert exc.value.code == "text_required"  # not accepted needs an explanation
        services.response_publish(
            actor=city.admin,
            consultation_id=c.pk,
            summary="Nhận 1 góp ý, tiếp thu Điều 1.",
            articles=[
                services.ArticleResponseData(1, "accepted", "Đã sửa."),
                services.ArticleResponseData(
                    2, "not_accepted", "Giữ như dự thảo vì luật quy định."
                ),
            ],
        )
        with pytest.raises(Conflict) as exc:
            services.response_publish(actor=city.admin, consultation_id=c.pk, summary="Lần 2")
        assert exc.value.code == "already_responded"
    c.refresh_from_db()
    assert c.response_summary == "Nhận 1 góp ý, tiếp thu Điều 1."
    assert c.response_published_at == c.closes_at + timedelta(days=1)
    assert list(c.articles.values_list("response", flat=True)) == ["accepted", "not_accepted"]


def test_a_published_draft_takes_no_more_documents(city: City) -> None:
    c = published(city)
    with during(c), pytest.raises(Conflict) as exc:
        services.consultation_document_add(
            actor=city.admin, consultation_id=c.pk, title="Thêm", upload=pdf()
        )
    assert exc.value.code == "invalid_state"
