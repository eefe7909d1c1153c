"""Forms of the consultation pages. They only parse; the services check the rules
(docs/rules.md §26–§28) and their DomainError is shown on the form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.consultation.models import ArticleResponse, DraftKind
from motcua.dossiers.slips import LOCAL_TZ

ARTICLE_ROWS = 6  # blank article rows: several articles without JavaScript
# A typed year such as 0202 or 9999 is a typo; near the calendar's ends the day after, or the
# instant in UTC, does not exist (OverflowError), and PostgreSQL would store a year Python
# cannot read back.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


def day_start(d: date) -> datetime:
    """00:00 of `d` in Vietnam, aware (stored as UTC)."""
    return datetime.combine(d, time(0, 0), tzinfo=LOCAL_TZ)


class CommentForm(forms.Form):
    article = forms.TypedChoiceField(
        label=_("Góp ý về"), coerce=int, empty_value=None, required=False
    )
    text = forms.CharField(
        label=_("Nội dung góp ý"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )

    def __init__(self, *args: Any, articles: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("Toàn văn dự thảo"))]
        choices += [(a.pk, f"Điều {a.number}. {a.title}".rstrip(". ")) for a in articles]
        cast(forms.ChoiceField, self.fields["article"]).choices = choices


class CreateForm(forms.Form):
    title = forms.CharField(label=_("Tên dự thảo"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại dự thảo"), choices=DraftKind.choices)
    summary = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 4}))
    opens_on = forms.DateField(
        label=_("Ngày bắt đầu lấy ý kiến"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Ngày kết thúc lấy ý kiến (hết ngày)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = forms.ModelChoiceField(
            label=_("Cơ quan chủ trì soạn thảo"), queryset=agencies, empty_label=None
        )
        for i in range(1, ARTICLE_ROWS + 1):
            self.fields[f"article_title_{i}"] = forms.CharField(
                label=_("Tên Điều %(n)s") % {"n": i}, max_length=300, required=False
            )
            self.fields[f"article_text_{i}"] = forms.CharField(
                label=_("Nội dung Điều %(n)s") % {"n": i},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("opens_on", "closes_on"):
            day = data.get(name)
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, _("Chọn một ngày từ năm 2000 đến năm 2999."))
        return data

    def main_fields(self) -> list[Any]:
        return [self[n] for n in ("title", "kind", "agency", "summary", "opens_on", "closes_on")]

    def article_pairs(self) -> list[tuple[Any, Any]]:
        rows = range(1, ARTICLE_ROWS + 1)
        return [(self[f"article_title_{i}"], self[f"article_text_{i}"]) for i in rows]

    def period(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return day_start(data["opens_on"]), day_start(data["closes_on"] + timedelta(days=1))

    def articles(self) -> list[tuple[int, str, str]]:
        """(number, title, text) of the filled rows, numbered 1, 2, ... in order."""
        filled = [
            (self.cleaned_data[f"article_title_{i}"], self.cleaned_data[f"article_text_{i}"])
            for i in range(1, ARTICLE_ROWS + 1)
        ]
        rows = [(t, x) for t, x in filled if (t or "").strip() or (x or "").strip()]
        return [(n, t, x) for n, (t, x) in enumerate(rows, 1)]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300)
    file = forms.FileField(label=_("Tệp PDF"))


class ConfirmForm(forms.Form):
    """A confirmation page's form: nothing to fill in, only the button."""


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("publish", _("Đăng góp ý")), ("reject", _("Không đăng, nêu lý do"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do không đăng (được công khai thay cho nội dung góp ý)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ResponseForm(forms.Form):
    summary = forms.CharField(
        label=_("Báo cáo tổng hợp, tiếp thu, giải trình ý kiến"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, articles: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article_numbers = [a.number for a in articles]
        choices = [("", _("Không nêu riêng"))] + [
            (v, lbl) for v, lbl in ArticleResponse.choices if v
        ]
        for a in articles:
            self.fields[f"response_{a.number}"] = forms.ChoiceField(
                label=_("Điều %(n)s: ý kiến") % {"n": a.number}, choices=choices, required=False
            )
            self.fields[f"explain_{a.number}"] = forms.CharField(
                label=_("Điều %(n)s: nội dung tiếp thu hoặc giải trình") % {"n": a.number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
