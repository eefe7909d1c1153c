"""Reads of official documents (docs/documents.md). Visibility is the caller's job for now: no
page or API uses these yet (the registers of Decree 30/2020 Annex IV and the sender's view of
the processing status at the receiver, Annex VI Part I §III)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from motcua.accounts.models import Agency
from motcua.documents.models import (
    DocumentRecipient,
    IncomingDocument,
    Medium,
    OutgoingDocument,
    OutgoingStatus,
)


def outgoing_register(*, agency: Agency, year: int, series: str = "normal") -> QuerySet:
    """The outgoing register of one year and series, in number order (Annex IV)."""
    return (
        OutgoingDocument.objects.filter(agency=agency, year=year, series=series)
        .exclude(number__isnull=True)
        .order_by("number")
    )


def incoming_register(*, agency: Agency, year: int) -> QuerySet:
    """The incoming register of one year, in incoming-number order (Annex IV)."""
    return IncomingDocument.objects.filter(agency=agency, year=year).order_by("incoming_number")


def incoming_pending(*, agency: Agency) -> QuerySet:
    """Issued electronic documents addressed to `agency` that it has not received yet; secret
    documents never appear (they do not travel electronically)."""
    received = IncomingDocument.objects.filter(agency=agency, source=OuterRef("pk"))
    return (
        OutgoingDocument.objects.filter(
            status=OutgoingStatus.ISSUED,
            medium=Medium.ELECTRONIC,
            secrecy="",
            recipients__agency=agency,
        )
        .exclude(Exists(received))
        .distinct()
        .order_by("issued_at", "pk")
    )


def receipts_of(*, document: OutgoingDocument) -> QuerySet:
    """How each receiving agency is handling `document`: its incoming rows with their status."""
    return document.receipts.select_related("agency").order_by("received_at", "pk")


@dataclass(frozen=True)
class Share:
    electronic: int
    total: int


def electronic_share(*, agencies: QuerySet[Agency], start: datetime, end: datetime) -> Share:
    """Documents issued by `agencies` in [start, end) and how many of them electronically: the
    program's "documents exchanged between agencies electronically" (target 100%), counting
    those addressed to at least one agency. Secret documents are left out, as the program does:
    they are never sent electronically here."""
    row = (
        OutgoingDocument.objects.filter(
            agency__in=agencies,
            status__in=(OutgoingStatus.ISSUED, OutgoingStatus.RECALLED),
            issued_at__gte=start,
            issued_at__lt=end,
            secrecy="",
        )
        .filter(
            Exists(DocumentRecipient.objects.filter(document=OuterRef("pk"), agency__isnull=False))
        )
        .aggregate(total=Count("pk"), electronic=Count("pk", filter=Q(medium=Medium.ELECTRONIC)))
    )
    return Share(electronic=row["electronic"], total=row["total"])
