"""Forms of the applicant's dossier page: the supplement upload and the withdrawal request.
They check shape only (required, length, no control characters); the services decide the rest
(file type and size, the dossier's state and version)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core import filetypes
from motcua.core.text import CONTROL_CHAR_MESSAGE, find_control_char

MAX_NOTE = 2000
MAX_REASON = 1000
ACCEPT = ",".join(e for t in filetypes.ACCEPTED for e in (t.extension, *t.aliases))


def _clean_text(value: str) -> str:
    if find_control_char(value, multiline=True) is not None:
        raise ValidationError(f"Nội dung {CONTROL_CHAR_MESSAGE}.")
    return value.strip()


class VersionedForm(forms.Form):
    """Carries the dossier version the page was read at (a stale one gets 409)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SupplementForm(VersionedForm):
    """One file per requested item, and an optional note."""

    note = forms.CharField(
        label=_("Ghi chú cho cán bộ (không bắt buộc)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for i, name in enumerate(items):
            self.fields[f"file_{i}"] = forms.FileField(
                label=_("Tệp cho: %(item)s") % {"item": name},
                error_messages={
                    "required": _("Hãy chọn tệp cho “%(item)s”.") % {"item": name},
                    "empty": _("Tệp cho “%(item)s” không có nội dung.") % {"item": name},
                    "invalid": _("Tệp cho “%(item)s” không đọc được.") % {"item": name},
                    "missing": _("Hãy chọn tệp cho “%(item)s”.") % {"item": name},
                },
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
        self.order_fields([f"file_{i}" for i in range(len(items))] + ["note"])

    def clean_note(self) -> str:
        return _clean_text(self.cleaned_data["note"])

    def files_by_item(self) -> list[tuple[str, Any]]:
        return [(name, self.cleaned_data[f"file_{i}"]) for i, name in enumerate(self.items)]


class WithdrawForm(VersionedForm):
    """The reason; `confirm` is set by the "Bạn có chắc?" page's button."""

    reason = forms.CharField(
        label=_("Lý do đề nghị dừng giải quyết"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do đề nghị dừng giải quyết hồ sơ.")},
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_reason(self) -> str:
        return _clean_text(self.cleaned_data["reason"])  # blank: "required" (stripped first)
