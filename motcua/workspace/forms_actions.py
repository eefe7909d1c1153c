"""One form per dossier action on the workspace's confirmation pages. Every form carries the
dossier version it was shown at (hidden): the service refuses with 409 when someone acted since.
The forms only parse; the services check the rules (docs/rules.md §6–§8) and their DomainError
is shown on the page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.validators import control_char_problems
from motcua.dossiers.models import Outcome
from motcua.dossiers.services.results import RETURN_CHANNELS

SUPPLEMENT_ROWS = 5  # blank item rows: several documents without JavaScript
CHANNEL_LABELS = {
    "counter": _("Tại quầy"),
    "postal": _("Qua bưu chính"),
    "electronic": _("Trực tuyến (điện tử)"),
}


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def main_fields(self) -> list[Any]:
        """The visible fields but the supplement rows (the page lays those out as a table)."""
        return [bf for bf in self.visible_fields() if not bf.name.startswith("item_")]

    def item_pairs(self) -> list[tuple[Any, Any]]:
        """(document, reason) bound fields per supplement row; none on forms without rows."""
        if "item_name_1" not in self.fields:
            return []
        rows = range(1, SUPPLEMENT_ROWS + 1)
        return [(self[f"item_name_{i}"], self[f"item_reason_{i}"]) for i in rows]

    def clean(self) -> dict[str, Any]:
        """Text with control characters is refused per field (`core.validators`), as the API
        does; line breaks only in the multi-line fields."""
        data = super().clean() or {}
        multiline = [n for n, f in self.fields.items() if isinstance(f.widget, forms.Textarea)]
        for name, messages in control_char_problems(data, multiline=multiline).items():
            self.add_error(name, messages)
        return data


class StepForm(ActionForm):
    step_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ItemsMixin(forms.Form):
    """SUPPLEMENT_ROWS pairs (document, reason); a row with only one of them is an error."""

    def add_item_fields(self) -> None:
        for i in range(1, SUPPLEMENT_ROWS + 1):
            self.fields[f"item_name_{i}"] = forms.CharField(
                label=_("Giấy tờ cần bổ sung %(n)s") % {"n": i}, required=False, max_length=255
            )
            self.fields[f"item_reason_{i}"] = forms.CharField(
                label=_("Lý do %(n)s") % {"n": i}, required=False, max_length=500
            )

    def items(self) -> list[dict[str, str]]:
        rows = []
        for i in range(1, SUPPLEMENT_ROWS + 1):
            name = self.cleaned_data.get(f"item_name_{i}", "")
            reason = self.cleaned_data.get(f"item_reason_{i}", "")
            if name or reason:
                rows.append({"name": name, "reason": reason})
        return rows


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class ReceiveForm(ActionForm):
    pass


class SupplementForm(ItemsMixin, ActionForm):
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý (khi yêu cầu bổ sung lần nữa)"), required=False, max_length=500
    )
    override = forms.BooleanField(label=_("Yêu cầu bổ sung ngoại lệ"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_item_fields()


class RefuseForm(ActionForm):
    reasons = forms.CharField(
        label=_("Lý do từ chối (mỗi lý do một dòng)"), widget=forms.Textarea, max_length=4000
    )

    def reason_list(self) -> list[str]:
        return _lines(self.cleaned_data["reasons"])


class ClaimForm(StepForm):
    pass


class AssignForm(StepForm):
    assignee = forms.ChoiceField(label=_("Giao cho cán bộ"))

    def __init__(self, *args: Any, officials: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "assignee").choices = [
            (u.username, u.full_name or u.username) for u in officials
        ]


class CompleteForm(ItemsMixin, StepForm):
    outcome = forms.ChoiceField(label=_("Kết quả xử lý"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Ý kiến xử lý"), widget=forms.Textarea, required=False, max_length=4000
    )
    reasons = forms.CharField(
        label=_("Lý do từ chối (mỗi lý do một dòng, khi từ chối)"),
        widget=forms.Textarea,
        required=False,
        max_length=4000,
    )
    target_agency = forms.ChoiceField(label=_("Cơ quan nhận (khi chuyển)"), required=False)
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý (khi yêu cầu bổ sung lần nữa)"), required=False, max_length=500
    )
    override = forms.BooleanField(label=_("Yêu cầu bổ sung ngoại lệ"), required=False)

    def __init__(self, *args: Any, outcomes: list[str], agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "outcome").choices = [(o, Outcome(o).label) for o in outcomes]
        _choice(self, "target_agency").choices = [("", "—")] + [(a.code, a.name) for a in agencies]
        if Outcome.SUPPLEMENT in outcomes:
            self.add_item_fields()

    def reason_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("reasons", ""))


class ApologyForm(ActionForm):
    reason = forms.CharField(label=_("Lý do chậm"), widget=forms.Textarea, max_length=2000)
    new_due = forms.DateField(
        label=_("Ngày hẹn trả mới"), widget=forms.DateInput(attrs={"type": "date"})
    )


class VerifyForm(ActionForm):
    reason = forms.CharField(
        label=_("Nội dung cần xác minh"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=_(
            "Thời hạn chuyển sang thời hạn khi cần xác minh (Nghị định 63/2024/NĐ-CP, Điều 7); "
            "chỉ một lần, trước ngày hẹn trả. Người nộp được báo ngày hẹn mới."
        ),
    )


class RecordResultForm(ActionForm):
    summary = forms.CharField(
        label=_("Tóm tắt kết quả giải quyết"), widget=forms.Textarea, max_length=4000
    )
    document = forms.FileField(
        label=_("Tệp kết quả (bản điện tử)"),
        required=False,
        help_text=_("PDF hoặc ảnh của kết quả đã ký; người nộp tải về từ trang hồ sơ của mình."),
    )


class ReturnResultForm(ActionForm):
    channel = forms.ChoiceField(
        label=_("Hình thức trả kết quả"),
        choices=[(c, CHANNEL_LABELS[c]) for c in RETURN_CHANNELS],
        widget=forms.RadioSelect,
    )
