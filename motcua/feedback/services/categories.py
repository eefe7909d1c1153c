"""Feedback categories, which are also the Open311 services (docs/rules.md §24, §25). The admin
saves through these: each change is one audit event on stream ("feedback_category", code). A
category that feedback refers to is never deleted, only deactivated (it leaves the form and the
Open311 service list; its feedback keeps it)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.accounts.models import Agency
from motcua.core import audit
from motcua.core.errors import DomainError, NotFound
from motcua.feedback.models import Category, Feedback

STREAM = "feedback_category"


def _event(actor: Any, code: str, kind: str, payload: dict[str, Any]) -> None:
    audit.append(stream_type=STREAM, stream_id=code, kind=kind, actor=actor, payload=payload)


def _lock(code: str) -> Category:
    category = Category.objects.select_for_update().filter(code=code).first()
    if category is None:
        raise NotFound("Không tìm thấy lĩnh vực phản ánh.")
    return category


def category_save(
    *,
    actor: Any,
    code: str,
    name: str,
    agency: Agency,
    description: str = "",
    keywords: str = "",
    active: bool = True,
) -> Category:
    """Create or update the category `code` (its code never changes once made)."""
    with transaction.atomic():
        category = Category.objects.select_for_update().filter(code=code).first()
        created = category is None
        if category is None:
            category = Category(code=code)
        before = {"name": category.name, "agency": category.agency_id, "active": category.active}
        category.name, category.agency, category.description = name, agency, description
        category.keywords, category.active = keywords, active
        category.save()
        payload: dict[str, Any] = {"created": created, "agency": agency.code, "active": active}
        if not created and before["name"] != name:
            payload["renamed_from"] = before["name"]
        _event(actor, code, "feedback.category_saved", payload)
        return category


def category_deactivate(*, actor: Any, code: str) -> Category:
    """Take the category out of the form and the Open311 services; its feedback keeps it."""
    with transaction.atomic():
        category = _lock(code)
        if category.active:
            category.active = False
            category.save(update_fields=["active"])
            _event(actor, code, "feedback.category_deactivated", {})
        return category


def category_delete(*, actor: Any, code: str) -> None:
    """Delete a category no feedback refers to; one in use is refused (`category_in_use`):
    deactivate it instead."""
    with transaction.atomic():
        category = _lock(code)
        if Feedback.objects.filter(category=category).exists():
            raise DomainError(
                "Lĩnh vực đã có phản ánh, không xóa được; hãy ngừng sử dụng lĩnh vực này.",
                code="category_in_use",
            )
        category.delete()
        _event(actor, code, "feedback.category_deleted", {"name": category.name})
