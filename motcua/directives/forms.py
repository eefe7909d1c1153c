"""Forms of the assigned-task pages (officials' workspace, /can-bo/giao-viec/)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.directives.models import SourceKind, Status
from motcua.directives.services import MAX_WORKING_DAYS

PERIOD_BOUNDS = (date(2000, 1, 1), date(2100, 12, 31))  # a day outside is no real period


def _within_bounds(day: date | None) -> None:
    low, high = PERIOD_BOUNDS
    if day is not None and not low <= day <= high:
        raise forms.ValidationError(
            _("Ngày phải trong khoảng năm %(low)d–%(high)d."),
            params={"low": low.year, "high": high.year},
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class VersionForm(forms.Form):
    """Every action posts the task version it was shown (a stale page gets the 409 page)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(forms.Form):
    assigning_agency = forms.ChoiceField(label=_("Cơ quan giao"))
    source_kind = forms.ChoiceField(label=_("Nguồn giao"), choices=SourceKind.choices)
    source_reference = forms.CharField(
        label=_("Căn cứ giao"),
        max_length=300,
        help_text=_("Ví dụ: Văn bản số 05/QĐ-UBND; Kết luận cuộc họp ngày 02/12/2026."),
    )
    source_document_id = forms.IntegerField(
        label=_("Mã văn bản trong hệ thống (nếu có)"), required=False, min_value=1
    )
    title = forms.CharField(label=_("Nội dung nhiệm vụ"), max_length=300)
    description = forms.CharField(
        label=_("Mô tả, yêu cầu"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    assignee_agency = forms.ChoiceField(label=_("Cơ quan chủ trì"))
    assignee_official = forms.ChoiceField(label=_("Cán bộ được giao (nếu có)"), required=False)
    coordinating_agencies = forms.MultipleChoiceField(
        label=_("Cơ quan phối hợp"), required=False, widget=forms.CheckboxSelectMultiple
    )
    working_days = forms.IntegerField(
        label=_("Thời hạn (ngày làm việc)"), min_value=1, max_value=MAX_WORKING_DAYS
    )

    def __init__(
        self,
        *args: Any,
        leads: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        officials: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "assigning_agency", leads)
        _choices(self, "assignee_agency", agencies)
        _choices(self, "assignee_official", [("", _("— Không chỉ định —")), *officials])
        _choices(self, "coordinating_agencies", agencies)


class ReportForm(VersionForm):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(
        label=_("Tệp đính kèm (PDF, ảnh, Word, Excel; tối đa 5 tệp)"),
        required=False,
    )


class CompleteForm(VersionForm):
    note = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ExtendForm(VersionForm):
    new_deadline = forms.DateField(
        label=_("Hạn mới (ngày/tháng/năm)"),
        validators=[_within_bounds],
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(VersionForm):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 3}))


class ListFilterForm(forms.Form):
    """The list's GET filters; a bad value is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *Status.choices], required=False
    )
    direction = forms.ChoiceField(
        label=_("Nhiệm vụ"),
        choices=[
            ("", _("Giao cho và do cơ quan tôi giao")),
            ("to", _("Cơ quan tôi chủ trì")),
            ("by", _("Cơ quan tôi giao")),
        ],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Chỉ nhiệm vụ quá hạn"), required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Giao từ ngày"),
        required=False,
        validators=[_within_bounds],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("đến ngày"),
        required=False,
        validators=[_within_bounds],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
