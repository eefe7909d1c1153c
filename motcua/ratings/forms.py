"""The rating form (portal page and kiosk): indicators 5–9 and the satisfied flag, then one
optional block per official who served the dossier (0/1/2 on courtesy, guidance, timeliness)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.ratings.selectors import INDICATOR_NAMES, ServingOfficial, point_labels
from motcua.ratings.services import OfficialScore, RatingData

ASPECTS = (
    ("courtesy", _("Thái độ, lịch sự")),
    ("guidance", _("Hướng dẫn rõ ràng, đầy đủ")),
    ("timeliness", _("Đúng hẹn")),
)


def _choices(*, optional: bool = False) -> list[tuple[str, str]]:
    labels = point_labels()
    choices = [(str(p), f"{labels[p]} ({p})") for p in (2, 1, 0)]
    return [("", str(_("Không đánh giá"))), *choices] if optional else choices


class RatingForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Ông/bà có hài lòng với việc giải quyết hồ sơ này không?"),
        choices=[("1", _("Hài lòng")), ("0", _("Chưa hài lòng"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, officials: list[ServingOfficial], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officials = officials
        for n in (5, 6, 7, 8, 9):
            self.fields[f"i{n}"] = forms.TypedChoiceField(
                label=f"{n}. {INDICATOR_NAMES[n]}",
                choices=_choices(),
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields(["satisfied", *[f"i{n}" for n in (5, 6, 7, 8, 9)], "comment"])
        for s in officials:
            for aspect, label in ASPECTS:
                self.fields[f"o{s.user.pk}_{aspect}"] = forms.TypedChoiceField(
                    label=label,
                    choices=_choices(optional=True),
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
            self.fields[f"o{s.user.pk}_comment"] = forms.CharField(
                label=_("Ý kiến về cán bộ"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def official_blocks(self) -> list[tuple[ServingOfficial, list[Any]]]:
        return [
            (
                s,
                [self[f"o{s.user.pk}_{a}"] for a, _label in ASPECTS]
                + [self[f"o{s.user.pk}_comment"]],
            )
            for s in self.officials
        ]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in ["satisfied", "i5", "i6", "i7", "i8", "i9", "comment"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for s in self.officials:
            values = [data.get(f"o{s.user.pk}_{a}") for a, _label in ASPECTS]
            given = [v for v in values if v is not None]
            if given and len(given) != len(values):
                self.add_error(
                    f"o{s.user.pk}_courtesy",
                    _("Khi đánh giá một cán bộ, hãy chọn điểm cho cả ba nội dung."),
                )
        return data

    def rating_data(self) -> RatingData:
        data = self.cleaned_data
        scores = []
        for s in self.officials:
            uid = s.user.pk
            if data.get(f"o{uid}_courtesy") is None:
                continue
            scores.append(
                OfficialScore(
                    official_id=uid,
                    courtesy=data[f"o{uid}_courtesy"],
                    guidance=data[f"o{uid}_guidance"],
                    timeliness=data[f"o{uid}_timeliness"],
                    comment=data.get(f"o{uid}_comment", ""),
                )
            )
        return RatingData(
            satisfied=data["satisfied"],
            points={n: data[f"i{n}"] for n in (5, 6, 7, 8, 9)},
            comment=data.get("comment", ""),
            officials=scores,
        )


class KioskCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã đánh giá in trên phiếu"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class CorrectionForm(RatingForm):
    """A correction carries no scores of officials (only the applicant scores them)."""

    reason = forms.CharField(
        label=_("Lý do điều chỉnh"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    survey_reference = forms.CharField(
        label=_("Số phiếu khảo sát độc lập (chỉ cán bộ thanh tra, giám sát)"),
        max_length=50,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["officials"] = []
        super().__init__(*args, **kwargs)

    def main_fields(self) -> list[Any]:
        return [self["reason"], self["survey_reference"], *super().main_fields()]
