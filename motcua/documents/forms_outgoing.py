"""Forms of the outgoing-document pages: the draft (Decree 30/2020/NĐ-CP Arts. 8–11, Annex I;
docs/documents.md) and the confirmation of one step of its flow (Arts. 13–15)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.documents.models import (
    AUTHORITY_CHOICES,
    SECRECY_CHOICES,
    TYPE_CHOICES,
    URGENCY_CHOICES,
)
from motcua.documents.services_outgoing import DocumentData, RecipientData

OUTSIDE_MAX_LINES = 50


class DraftForm(forms.Form):
    """What the drafting unit writes; the services check the abbreviations and the marks again
    (Annex I §II.3) and refuse with a DomainError shown on the page."""

    agency = forms.ChoiceField(label=_("Cơ quan ban hành"))
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=TYPE_CHOICES)
    issuer_abbreviation = forms.CharField(
        label=_("Chữ viết tắt tên cơ quan ban hành (ví dụ UBND)"), max_length=30
    )
    drafting_unit = forms.CharField(
        label=_("Chữ viết tắt đơn vị soạn thảo (bắt buộc với công văn, ví dụ VX)"),
        max_length=30,
        required=False,
    )
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=URGENCY_CHOICES, required=False)
    secrecy = forms.ChoiceField(label=_("Độ mật"), choices=SECRECY_CHOICES, required=False)
    recipients = forms.MultipleChoiceField(
        label=_("Cơ quan nhận trên hệ thống"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outside = forms.CharField(
        label=_("Nơi nhận khác (mỗi dòng một tên)"), widget=forms.Textarea, required=False
    )
    signer_authority = forms.ChoiceField(
        label=_("Thẩm quyền ký"), choices=AUTHORITY_CHOICES, required=False
    )
    signer_authority_of = forms.CharField(
        label=_("Ký thay, thay mặt hoặc thừa lệnh cho (ví dụ Chủ tịch)"),
        max_length=100,
        required=False,
    )
    signer_position = forms.CharField(
        label=_("Chức vụ người ký (ví dụ Phó Chủ tịch)"), max_length=100, required=False
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        recipients: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("agency", agencies), ("recipients", recipients)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def clean_outside(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["outside"].splitlines()]
        names = [line for line in lines if line]
        if len(names) > OUTSIDE_MAX_LINES:
            raise forms.ValidationError(_("Tối đa %(n)d nơi nhận khác.") % {"n": OUTSIDE_MAX_LINES})
        return names

    def document_data(self) -> DocumentData:
        """The service's input; call after `is_valid()`."""
        d = self.cleaned_data
        recipients = [RecipientData(agency_code=code) for code in d["recipients"]]
        recipients += [RecipientData(name=name) for name in d["outside"]]
        return DocumentData(
            issuer_abbreviation=d["issuer_abbreviation"].strip(),
            doc_type=d["doc_type"],
            subject=d["subject"],
            place=d["place"],
            content=d["content"],
            drafting_unit=d["drafting_unit"].strip(),
            urgency=d["urgency"] or "",
            secrecy=d["secrecy"] or "",
            recipients=recipients,
            signer_authority=d["signer_authority"] or "",
            signer_authority_of=d["signer_authority_of"],
            signer_position=d["signer_position"],
        )


class ConfirmForm(forms.Form):
    """One step of the flow; nothing to fill, the POST itself is the confirmation."""
