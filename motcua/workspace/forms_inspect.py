"""The inspector's search form (a GET form: the page's address is the search)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.core.admin_forms import refusing_control_chars
from motcua.dossiers.models import DossierStatus, DueState
from motcua.dossiers.selectors.search import DossierQuery
from motcua.workspace.forms_admin import set_choices

PAGE_SIZE = 25


@refusing_control_chars
class InspectForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), required=False, max_length=32)
    applicant = forms.CharField(
        label=_("Người nộp (họ tên, số CCCD hoặc mã số thuế)"), required=False, max_length=255
    )
    procedure = forms.CharField(label=_("Mã thủ tục"), required=False, max_length=32)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *DossierStatus.choices]
    )
    due = forms.ChoiceField(
        label=_("Thời hạn"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (DueState.DUE_SOON, _("Sắp đến hạn")),
            (DueState.OVERDUE, _("Quá hạn")),
        ],
    )
    received_from = forms.DateField(
        label=_("Tiếp nhận từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False)
    page = forms.IntegerField(
        min_value=1, max_value=100_000, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Mọi cơ quan trong phạm vi"))] + [(a.code, a.name) for a in agencies]
        set_choices(self.fields["agency"], choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data

    def query(self) -> DossierQuery:
        data = self.cleaned_data
        return DossierQuery(
            code=data["code"],
            applicant=data["applicant"],
            procedure=data["procedure"],
            status=data["status"],
            due=data["due"],
            received_from=data["received_from"],
            received_to=data["received_to"],
            agency=data["agency"],
        )

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1
