"""Forms of the counter intake: the applicant, the channel and agency, the scanned files.

They collect and shape the input; the identifiers and the declaration are checked by the
submission service (`clean_applicant`, `validate_form_data`), whose messages the page puts back
on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.catalog.models import Channel, RequiredDocument
from motcua.core.admin_forms import refusing_control_chars
from motcua.core.filetypes import ACCEPTED
from motcua.dossiers.models import ApplicantKind
from motcua.dossiers.services.submission import ApplicantData
from motcua.workspace.forms_admin import set_choices

ACCEPT = ",".join(ext for t in ACCEPTED for ext in (t.extension, *t.aliases))

# Service error keys (`submission._prepare`) → the field of ApplicantForm that shows them.
APPLICANT_KEYS = {
    "applicant.kind": "kind",
    "applicant.name": "name",
    "id_number": "id_number",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "representative_name": "representative_name",
    "representative_id_number": "representative_id_number",
}


@refusing_control_chars
class ProcedureSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm thủ tục (tên hoặc mã)"), required=False, max_length=200)


@refusing_control_chars
class CitizenLookupForm(forms.Form):
    cccd = forms.CharField(
        label=_("Số CCCD của người nộp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


@refusing_control_chars
class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=[
            (ApplicantKind.PERSON, _("Cá nhân (số CCCD)")),
            (ApplicantKind.ORGANISATION, _("Tổ chức (mã số thuế)")),
        ],
        widget=forms.RadioSelect,
        initial=ApplicantKind.PERSON,
    )
    name = forms.CharField(label=_("Họ tên hoặc tên tổ chức"), max_length=255, required=False)
    id_number = forms.CharField(
        label=_("Số CCCD hoặc mã số thuế"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    representative_name = forms.CharField(
        label=_("Người đại diện (nếu có)"), max_length=255, required=False
    )
    representative_id_number = forms.CharField(
        label=_("Số CCCD người đại diện"), max_length=20, required=False
    )

    def applicant(self) -> ApplicantData:
        return ApplicantData(**self.cleaned_data)


@refusing_control_chars
class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Hình thức nộp"),
        choices=[
            (Channel.COUNTER, _("Trực tiếp tại quầy")),
            (Channel.POSTAL, _("Qua bưu chính công ích")),
        ],
        widget=forms.RadioSelect,
        initial=Channel.COUNTER,
    )
    agency = forms.ChoiceField(label=_("Cơ quan tiếp nhận"))

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["agency"], [(a.code, a.name) for a in agencies])
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].code


@refusing_control_chars
class DocumentsForm(forms.Form):
    """One file input per component (`doc-<id>`); which ones are required is the service's
    rule, so a missing scan is reported with every other problem."""

    def __init__(self, *args: Any, documents: list[RequiredDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for document in documents:
            label = document.name + ("" if document.is_required else " (nếu có)")
            self.fields[f"doc-{document.pk}"] = forms.FileField(
                label=label,
                required=False,
                allow_empty_file=True,  # an empty file is refused by the service, in words
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )

    def by_document(self) -> dict[int, Any]:
        return {
            int(name.removeprefix("doc-")): upload
            for name, upload in self.cleaned_data.items()
            if upload
        }
