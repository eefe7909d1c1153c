"""Official documents of Decree 30/2020/NĐ-CP (docs/documents.md): outgoing documents and their
recipients, the yearly number counters, incoming documents and their coordinating units.

Invariants kept by the constraints (the services check first, with a Vietnamese message):
- an issuing agency's number is unique per calendar year and series (Art. 15: one sequence
  from 01 each year, shared by paper and electronic documents; secret documents have their
  own series, Annex I §II.3), and so is its symbol within the series;
- an incoming number is unique per receiving agency and year (Annex IV: one sequence for
  paper and electronic documents), and a platform document is received once per agency.
Files are stored under random names (`dossiers.models.records.private_name`); the media folder
is never served by URL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.documents.types import (
    AUTHORITY_PREFIXES,
    DOCUMENT_TYPES,
    SECRECY_MARKS,
    URGENCY_MARKS,
)
from motcua.dossiers.models.records import private_name

TYPE_CHOICES = [(t.code, t.name) for t in DOCUMENT_TYPES]
URGENCY_CHOICES = [(k, v or _("Thường")) for k, v in URGENCY_MARKS.items()]
SECRECY_CHOICES = [(k, v or _("Không mật")) for k, v in SECRECY_MARKS.items()]
AUTHORITY_CHOICES = [(k, p or m) for k, (p, m) in AUTHORITY_PREFIXES.items()]


def outgoing_upload_to(instance: Any, filename: str) -> str:
    return private_name("documents", f"{instance.agency.code}-{instance.year}", ".pdf")


def incoming_upload_to(instance: Any, filename: str) -> str:
    return private_name("documents-in", f"{instance.agency.code}-{instance.year}", ".pdf")


class Series(models.TextChoices):
    NORMAL = "normal", _("Sổ thường")  # every document without a secrecy mark
    SECRET = "secret", _("Sổ văn bản mật")  # documents with a secrecy mark (own sequence)


class Medium(models.TextChoices):
    ELECTRONIC = "electronic", _("Điện tử")  # rendered, signed and stored by the platform
    PAPER = "paper", _("Giấy")  # numbered on paper, registered here afterwards


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")  # being written by the drafting unit
    IN_REVIEW = "in_review", _("Trình ký")  # submitted to the leader who signs
    APPROVED = "approved", _("Đã duyệt")  # the leader approved; waiting for the clerk
    ISSUED = "issued", _("Đã ban hành")  # numbered, dated, signed and stored (or registered)
    RECALLED = "recalled", _("Đã thu hồi")  # withdrawn after issue; its number stays used


class OutgoingDocument(models.Model):
    """A document an agency issues (văn bản đi). Number, year, symbol, issue time and the PDF
    are set once, on issue (`services_outgoing.document_issue`) or paper registration."""

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="outgoing_documents",
        verbose_name=_("cơ quan ban hành"),
    )
    # the issuing body's abbreviation in the symbol ("UBND"): explicit, never guessed from
    # the name (Agency.short_name is a display name such as "UBND TP.HCM")
    issuer_abbreviation = models.CharField(_("chữ viết tắt cơ quan ban hành"), max_length=20)
    doc_type = models.CharField(_("loại văn bản"), max_length=32, choices=TYPE_CHOICES)
    drafting_unit = models.CharField(
        _("chữ viết tắt đơn vị soạn thảo"), max_length=20, blank=True
    )  # công văn symbol and the "Lưu: VT, …" line
    subject = models.CharField(_("trích yếu"), max_length=500)
    content = models.TextField(_("nội dung"), blank=True)
    place = models.CharField(_("địa danh"), max_length=100)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ký"),
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=50, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=4, choices=AUTHORITY_CHOICES, blank=True
    )
    # whom the prefix signs for: "Ủy ban nhân dân" after TM., "Chủ tịch" after KT.
    signer_authority_of = models.CharField(
        _("ký thay mặt, ký thay cho"), max_length=100, blank=True
    )
    urgency = models.CharField(_("độ khẩn"), max_length=16, choices=URGENCY_CHOICES, blank=True)
    secrecy = models.CharField(_("độ mật"), max_length=16, choices=SECRECY_CHOICES, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=OutgoingStatus.choices,
        default=OutgoingStatus.DRAFT,
    )
    medium = models.CharField(max_length=16, choices=Medium.choices, default=Medium.ELECTRONIC)
    series = models.CharField(max_length=8, choices=Series.choices, default=Series.NORMAL)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=30, blank=True)
    document_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)
    pdf = models.FileField(upload_to=outgoing_upload_to, max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recalled_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.TextField(_("lý do thu hồi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["agency", "-year", "series", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "series", "number"],
                condition=models.Q(number__isnull=False),
                name="uniq_outgoing_number",
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "series", "symbol"],
                condition=~models.Q(symbol=""),
                name="uniq_outgoing_symbol",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol or f"{self.get_doc_type_display()}: {self.subject[:60]}"


class RecipientPurpose(models.TextChoices):
    TO = "to", _("Kính gửi")  # addressed to (named under "Kính gửi")
    COPY = "copy", _("Nơi nhận")  # listed under "Nơi nhận" only (for information, to act)


class DocumentRecipient(models.Model):
    """Who receives an outgoing document: an agency on the platform or an outside body."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="recipients"
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên cơ quan, tổ chức nhận"), max_length=200, blank=True)
    purpose = models.CharField(
        max_length=8, choices=RecipientPurpose.choices, default=RecipientPurpose.TO
    )
    position = models.PositiveSmallIntegerField(default=0)
    # an agency on another platform, reached by edXML (models_exchange; docs/edxml.md)
    partner = models.ForeignKey(
        "documents.ExchangePartner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # what the receiver reported (Annex VI Part I §III: the sender sees the processing status):
    # for a partner, its status messages (`edxml.STATUS_CODES`); on the platform, the reading
    package_id = models.UUIDField(null=True, blank=True)  # DocumentId of the package sent
    delivered_at = models.DateTimeField(_("thời điểm đã đến"), null=True, blank=True)
    read_at = models.DateTimeField(_("thời điểm đã xem"), null=True, blank=True)
    status_code = models.CharField(max_length=2, blank=True)
    status_text = models.CharField(_("tình trạng xử lý"), max_length=500, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | ~models.Q(name=""),
                name="recipient_agency_or_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.agency)

    @property
    def display_name(self) -> str:
        """The name printed and exchanged: the one written (a partner's is copied in when it is
        added), else the agency's."""
        return self.name or (self.agency.name if self.agency else "")


class NumberCounter(models.Model):
    """The last number used by `agency` in `year` for `series` ("normal", "secret" for
    outgoing documents; "incoming" for the incoming register). Locked while a number is given."""

    INCOMING = "incoming"

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=8)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "series"], name="uniq_document_counter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.series}: {self.last}"


class IncomingStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")  # registered with its incoming number
    ASSIGNED = "assigned", _("Đã phân công")  # a lead unit (and a deadline) was chosen
    IN_PROGRESS = "in_progress", _("Đang giải quyết")  # the lead unit is working on it
    DONE = "done", _("Đã giải quyết")  # finished
    RETURNED = "returned", _("Đã trả lại")  # sent back to the sender with a reason (Art. 21)


class IncomingDocument(models.Model):
    """A document an agency receives (văn bản đến), with its incoming number of the year."""

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="incoming_documents",
        verbose_name=_("cơ quan nhận"),
    )
    incoming_number = models.PositiveIntegerField(_("số đến"))
    year = models.PositiveSmallIntegerField(_("năm"))
    medium = models.CharField(max_length=16, choices=Medium.choices, default=Medium.ELECTRONIC)
    sender_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sender_name = models.CharField(_("cơ quan gửi"), max_length=200, blank=True)
    source = models.ForeignKey(
        OutgoingDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    # "{CodeNumber}/{CodeNotation}": 11 + 1 + 30 (Annex VI Part II); both writers keep the
    # parts within theirs (an outgoing symbol is at most 30, edXML checks 11 and 30)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=42)
    document_date = models.DateField(_("ngày văn bản"))
    doc_type = models.CharField(_("loại văn bản"), max_length=32, choices=TYPE_CHOICES)
    subject = models.CharField(_("trích yếu"), max_length=500)
    urgency = models.CharField(_("độ khẩn"), max_length=16, choices=URGENCY_CHOICES, blank=True)
    secrecy = models.CharField(_("độ mật"), max_length=16, choices=SECRECY_CHOICES, blank=True)
    pdf = models.FileField(upload_to=incoming_upload_to, max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)  # of the bytes verified on receipt
    received_at = models.DateTimeField(_("thời điểm nhận"))
    acknowledged_at = models.DateTimeField(_("thời điểm báo nhận"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=IncomingStatus.choices, default=IncomingStatus.RECEIVED
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    lead_unit = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị chủ trì"),
    )
    deadline = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        ordering = ["agency", "-year", "-incoming_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "incoming_number"], name="uniq_incoming_number"
            ),
            models.UniqueConstraint(
                fields=["agency", "source"],
                condition=models.Q(source__isnull=False),
                name="uniq_incoming_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incoming_number}/{self.year} {self.number_symbol}"


class IncomingAssignment(models.Model):
    """A unit that coordinates with the lead unit on an incoming document (Phiếu giải quyết
    văn bản đến, Decree 30/2020 Annex IV)."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["document", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="uniq_incoming_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.unit_id}"


class EdxmlReceipt(models.Model):
    """The edXML identity of an incoming document received as a QCVN 102:2016 package: its
    `DocumentId` and the sending organ, kept for the status message back (Decree 30/2020
    Art. 21: the receiver acknowledges on the system) and so one package is received once per
    agency."""

    incoming = models.OneToOneField(
        IncomingDocument, on_delete=models.CASCADE, related_name="edxml"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    document_id = models.UUIDField()
    from_organ_id = models.CharField(max_length=13)
    from_organ_name = models.CharField(max_length=200)
    from_organization_in_charge = models.CharField(max_length=200, blank=True)
    # the sender when it is on another platform: its status updates go back there
    partner = models.ForeignKey(
        "documents.ExchangePartner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            # a DocumentId is the sender's: two senders' packages never collide (QCVN 102)
            models.UniqueConstraint(
                fields=["agency", "from_organ_id", "document_id"], name="uniq_edxml_receipt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.agency_id}"


# the partners live in their own module; imported here so Django registers the model
from motcua.documents.models_exchange import ExchangePartner  # noqa: E402, F401
