"""Reads of the document store. An item is its owner's alone: the person whose CCCD, or the
business whose tax code, the dossier named as applicant, or the account linked as applicant.
Anyone else gets "not found" (never "exists but forbidden")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from motcua.accounts.models import Agency
from motcua.core.errors import NotFound
from motcua.core.text import fold
from motcua.docstore.models import ComponentSource, ItemKind, OwnerKind, Source, StoreItem
from motcua.dossiers.models import Dossier
from motcua.national_portal.selectors import received_between


def owner_q(user: Any) -> Q:
    """The items `user` owns; an empty Q-set for anyone not signed in."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(owner_user=user)
    if user.cccd:
        q |= Q(owner_kind=OwnerKind.PERSON, owner_id_number=user.cccd)
    if user.tax_code:
        q |= Q(owner_kind=OwnerKind.ORGANISATION, owner_id_number=user.tax_code)
    return q


def store_items_for_user(*, user: Any) -> QuerySet[StoreItem]:
    """The user's store, newest first, with what the list and the download need."""
    return (
        StoreItem.objects.filter(owner_q(user))
        .select_related("attachment", "agency", "source_dossier")
        .order_by("-issued_at", "-id")
    )


def store_item_get_for_user(*, user: Any, item_id: int) -> StoreItem:
    item = store_items_for_user(user=user).filter(pk=item_id).first()
    if item is None:
        raise NotFound("Không tìm thấy giấy tờ trong kho.", code="store_item_not_found")
    return item


def store_items_for_document(items: list[StoreItem], name: str) -> list[StoreItem]:
    """The items offered for a required document: those whose title matches its name first
    (compared folded, so spelling variants match), then the rest."""
    key = fold(name)
    return sorted(items, key=lambda item: fold(item.title) != key)


def sources_of(dossier: Dossier) -> dict[int, ComponentSource]:
    """Attachment id → where that component came from, for the dossier's pages."""
    rows = ComponentSource.objects.filter(dossier=dossier).select_related("item")
    return {row.attachment_id: row for row in rows}


def verified_ids(dossier: Dossier) -> set[int]:
    """The dossier's attachments already in their owner's store as verified copies."""
    rows = StoreItem.objects.filter(source_dossier=dossier, kind=ItemKind.VERIFIED)
    return set(rows.values_list("attachment_id", flat=True))


@dataclass(frozen=True)
class ReuseCounts:
    """Decision 766 items 4.3 and 4.4 for one agency and period (docs/rules.md §Kho giấy tờ)."""

    received: int  # dossiers received in the period: the denominator of both
    reused: int  # with ≥1 component reusing digitised data (4.3)
    personal_store: int  # with a component from the personal store or a result put in it (4.4)


def reuse_counts(*, agency: Agency, start: date, end: date) -> ReuseCounts:
    """Counts over the dossiers received at `agency` or below it with a receipt date (Vietnam
    time) in [start, end): the same dossiers as index 1.4 (`national_portal.selectors`).
    A component attached without upload (reused or from the store) counts for 4.3; one from
    the store, or the dossier's result put in the store, for 4.4."""
    received = received_between(agency, start, end)
    reused = received.filter(component_sources__isnull=False).distinct()
    from_store = Q(component_sources__source=Source.PERSONAL_STORE)
    result_stored = Q(
        pk__in=StoreItem.objects.filter(kind=ItemKind.RESULT).values("source_dossier")
    )
    return ReuseCounts(
        received=received.count(),
        reused=reused.count(),
        personal_store=received.filter(from_store | result_stored).distinct().count(),
    )
