"""Demo consultations of the demo city (called by `motcua seed_demo`; docs/demo-data.md): one
open draft with two articles and one closed draft with its summary of responses, made through
the services. Idempotent: a slug already present is left alone.

The closed one ran in the past: it is recorded under `services.recorded_at`, so every rule (the
30-day minimum, comments only while open, the summary only after the close) is applied as it
would have been then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.accounts.models import Agency, User
from motcua.consultation import services
from motcua.consultation.models import Consultation, DraftKind
from motcua.core.pdf import html_to_pdf

AGENCY = "000.00.01.H29"  # Sở Tư pháp (catalog/demo/agencies.py SO_TU_PHAP)
MANAGER = "quantri.sotuphap"  # its agency admin (catalog/demo/users.py)
COMMENTERS = ("congdan1", "congdan2")  # catalog/demo/users.py CITIZENS


def _pdf(title: str) -> ContentFile:
    html = f"<h1 style='font-family: Liberation Serif'>{title}</h1><p>Dự thảo (dữ liệu mẫu).</p>"
    return ContentFile(html_to_pdf(html), name="du-thao.pdf")


def _make(admin: User, agency: Agency, title: str, start: datetime, articles: list) -> Consultation:
    c = services.consultation_create(
        actor=admin,
        agency=agency,
        title=title,
        summary=f"{title}: cơ quan soạn thảo lấy ý kiến rộng rãi của người dân, doanh nghiệp.",
        kind=DraftKind.DECISION,
        opens_at=start,
        closes_at=start + timedelta(days=services.min_days() + 5),
        articles=articles,
    )
    services.consultation_document_add(
        actor=admin, consultation_id=c.pk, title="Toàn văn dự thảo", upload=_pdf(title)
    )
    return services.consultation_publish(actor=admin, consultation_id=c.pk)


OPEN_TITLE = "Dự thảo Quyết định quy định thời gian tiếp nhận hồ sơ ngày thứ Bảy"
CLOSED_TITLE = "Dự thảo Quyết định ban hành quy chế tiếp nhận phản ánh, kiến nghị trực tuyến"


def seed_demo_consultations(echo: Callable[[str], None] = print) -> int:
    """Create the two demo consultations that are missing; returns how many were made."""
    agency = Agency.objects.filter(code=AGENCY).first()
    admin = User.objects.filter(username=MANAGER).first()
    if agency is None or admin is None:
        echo("  bỏ qua lấy ý kiến mẫu: chưa có Sở Tư pháp hoặc quản trị cơ quan mẫu")
        return 0
    people = list(User.objects.filter(username__in=COMMENTERS).order_by("username")) or [admin]
    made = 0
    now = timezone.now()
    if not Consultation.objects.filter(title=OPEN_TITLE).exists():
        with services.recorded_at(now - timedelta(days=3)):
            c = _make(admin, agency, OPEN_TITLE, now - timedelta(days=3), _open_articles())
        first = c.articles.get(number=1)
        comment = services.comment_submit(
            actor=people[0],
            consultation_id=c.pk,
            article_id=first.pk,
            text="Đề nghị tiếp nhận cả buổi chiều thứ Bảy ở phường đông dân.",
        )
        services.comment_publish(actor=admin, comment_id=comment.pk)
        made += 1
    if not Consultation.objects.filter(title=CLOSED_TITLE).exists():
        _closed(admin, agency, people, now - timedelta(days=60))
        made += 1
    return made


def _open_articles() -> list[services.ArticleData]:
    return [
        services.ArticleData(
            1,
            "Bộ phận Một cửa cấp xã tiếp nhận hồ sơ sáng thứ Bảy, từ 07:30 đến 11:30.",
            "Thời gian",
        ),
        services.ArticleData(
            2, "Hồ sơ nhận sáng thứ Bảy được tính là nhận vào ngày làm việc tiếp theo.", "Cách tính"
        ),
    ]


def _closed(admin: User, agency: Agency, people: list[User], start: datetime) -> None:
    articles = [
        services.ArticleData(1, "Phản ánh được trả lời trong 10 ngày làm việc.", "Thời hạn")
    ]
    with services.recorded_at(start):
        c = _make(admin, agency, CLOSED_TITLE, start, articles)
    with services.recorded_at(start + timedelta(days=2)):
        one = services.comment_submit(
            actor=people[0],
            consultation_id=c.pk,
            article_id=c.articles.get(number=1).pk,
            text="Đề nghị rút ngắn thời hạn trả lời xuống 7 ngày làm việc.",
        )
        two = services.comment_submit(
            actor=people[-1], consultation_id=c.pk, text="Quảng cáo dịch vụ không liên quan."
        )
        services.comment_publish(actor=admin, comment_id=one.pk)
        services.comment_reject(
            actor=admin, comment_id=two.pk, reason="Nội dung không liên quan đến dự thảo."
        )
    with services.recorded_at(c.closes_at + timedelta(days=1)):
        services.response_publish(
            actor=admin,
            consultation_id=c.pk,
            summary="Nhận 2 góp ý; đăng 1, không đăng 1 (không liên quan). Tiếp thu góp ý về "
            "thời hạn: Điều 1 sửa thành 7 ngày làm việc.",
            articles=[
                services.ArticleResponseData(1, "accepted", "Sửa thời hạn thành 7 ngày làm việc.")
            ],
        )
