"""Forms of the feedback pages (public and workspace)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.models import Kind, Subject


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class SubmitForm(forms.Form):
    category = forms.ChoiceField(label=_("Lĩnh vực"))
    subject = forms.ChoiceField(label=_("Phản ánh về"), choices=Subject.choices)
    subject_ref = forms.CharField(
        label=_("Mã hồ sơ, mã thủ tục hoặc tên cán bộ (nếu có)"), max_length=100, required=False
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}))
    name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"), max_length=200, required=False
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    place = forms.CharField(label=_("Địa điểm sự việc"), max_length=300, required=False)
    lat = forms.DecimalField(
        label=_("Vĩ độ (ví dụ 10.7769)"),
        required=False,
        min_value=-90,
        max_value=90,
        max_digits=9,
        decimal_places=6,
    )
    lon = forms.DecimalField(
        label=_("Kinh độ (ví dụ 106.7009)"),
        required=False,
        min_value=-180,
        max_value=180,
        max_digits=9,
        decimal_places=6,
    )
    photos = MultipleFileField(label=_("Ảnh (JPEG hoặc PNG, tối đa 5 ảnh)"), required=False)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "category").choices = categories


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Phân loại"), choices=Kind.choices, widget=forms.RadioSelect)
    agency = forms.ChoiceField(label=_("Cơ quan có thẩm quyền xử lý"))
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi không thuộc phạm vi)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "agency").choices = agencies


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    handler = forms.ChoiceField(label=_("Người xử lý"))

    def __init__(self, *args: Any, handlers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "handler").choices = handlers


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 8}))


class PublishForm(forms.Form):
    """What the public sees, written by the official: it starts empty, the submitter's text is
    shown beside it read-only, so nothing personal is published by one click (§24.6)."""

    public_title = forms.CharField(label=_("Tiêu đề công khai"), max_length=200)
    public_content = forms.CharField(
        label=_("Nội dung công khai (không ghi thông tin cá nhân)"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    place_public = forms.BooleanField(
        label=_("Công khai địa điểm"),
        help_text=_("Địa điểm, địa chỉ, tọa độ người phản ánh ghi chỉ công khai khi được chọn."),
        required=False,
    )


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Bạn có hài lòng với câu trả lời?"),
        choices=[("1", _("Hài lòng")), ("0", _("Không hài lòng"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
