"""Reads of official documents (docs/documents.md). Visibility is the caller's job for now: no
page or API uses these yet (the registers of Decree 30/2020 Annex IV and the sender's view of
the processing status at the receiver, Annex VI Part I §III)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from motcua.accounts.models import Agency
from motcua.documents.models import (
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
