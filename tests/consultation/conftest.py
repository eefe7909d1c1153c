"""A small city for consultation tests: a department that drafts (its agency admin and a unit
head), a ward with its own admin (another agency), a citizen, and helpers that put a draft out
for comment with the clock frozen (docs/rules.md §26–§28)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.base import ContentFile

from motcua.accounts.models import Agency, AgencyKind, Role, User
from motcua.accounts.services import agency_create
from motcua.consultation import services
from motcua.consultation.models import Consultation
from tests.dossiers.conftest import _user, city_and_ward

CLOCK = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 09:00 in Hồ Chí Minh City, a Wednesday
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _no_cached_export() -> Any:
    """The XLSX export is cached per consultation id and version; ids come back in the next
    test's database, so no export may outlive its test."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class City:
    dept: Agency
    ward: Agency
    admin: User  # agency admin of the department
    head: User  # unit head of the department
    specialist: User  # a specialist of the department (may not manage)
    other_admin: User  # agency admin of the ward
    citizen: User


@pytest.fixture
def city(db: Any) -> City:
    top, ward = city_and_ward()
    dept = agency_create(
        code="000.00.05.H29",
        name="Sở Tư pháp",
        short_name="STP",
        kind=AgencyKind.DEPARTMENT,
        parent=top,
    )
    citizen = User.objects.create_user(
        username="079090001234", password="x-test-pass", kind="citizen", full_name="Nguyễn Văn An"
    )
    citizen.email = "an@example.vn"
    citizen.save(update_fields=["email"])
    return City(
        dept=dept,
        ward=ward,
        admin=_user("admin_stp", dept, [Role.AGENCY_ADMIN]),
        head=_user("head_stp", dept, [Role.UNIT_HEAD]),
        specialist=_user("spec_stp", dept, [Role.SPECIALIST]),
        other_admin=_user("admin_ward", ward, [Role.AGENCY_ADMIN]),
        citizen=citizen,
    )


def pdf(name: str = "du-thao.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def draft(
    city: City, *, days: int = 30, start: datetime = CLOCK, articles: int = 2
) -> Consultation:
    """A draft (not published) of the department: period `days` days from `start`."""
    return services.consultation_create(
        actor=city.admin,
        agency=city.dept,
        title="Dự thảo Quyết định về giờ tiếp nhận",
        summary="Tóm tắt dự thảo.",
        kind="decision",
        opens_at=start,
        closes_at=start + timedelta(days=days),
        articles=[
            services.ArticleData(n, f"Nội dung điều {n}.", f"Điều mục {n}")
            for n in range(1, articles + 1)
        ],
    )


def published(city: City, **kwargs: Any) -> Consultation:
    """A published draft with one PDF, made at CLOCK."""
    with time_machine.travel(CLOCK, tick=False):
        c = draft(city, **kwargs)
        services.consultation_document_add(
            actor=city.admin, consultation_id=c.pk, title="Toàn văn", upload=pdf()
        )
        return services.consultation_publish(actor=city.admin, consultation_id=c.pk)


def during(c: Consultation) -> Any:
    """The clock frozen one day after the period opened."""
    return time_machine.travel(c.opens_at + timedelta(days=1), tick=False)


def after(c: Consultation) -> Any:
    """The clock frozen one day after the period closed."""
    return time_machine.travel(c.closes_at + timedelta(days=1), tick=False)
