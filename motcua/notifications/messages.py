"""The text of each notification: e-mail subject and body and the SMS, per kind and language.

Contract:
- Each kind has one template per language, `templates/notifications/messages/<lang>/<kind>.txt`,
  with three parts separated by a line `---`: the e-mail subject, the SMS, the e-mail body.
  Vietnamese exists for every kind; English where the person chose it (`Language`); a missing
  language falls back to Vietnamese, a kind without a template is a programming error (the
  tests collect every kind the code writes and render it).
- Templates see the row's payload, plus `code` (the dossier code, or the one-time code of an
  account message), `link` (the public tracking page of the dossier; for a `task.*` reminder
  to officials, the task's workspace page, with its dates `deadline` and `reminded_on`
  written dd/mm/yyyy), times formatted in
  Asia/Ho_Chi_Minh (`due_at`, `new_due_at`), `items`, `reasons` and `amount` (integer đồng,
  written 1.250.000). No personal data beyond what the person already knows: the dossier code,
  the procedure, dates and the reasons the agency gave them (docs/rules.md §Notifications).
- The SMS is folded to the GSM 7-bit alphabet (Vietnamese without diacritics, đ → d) so one
  segment carries 160 characters instead of 70 (UCS-2); `sms_segments` counts segments.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import Context, Engine
from django.template.exceptions import TemplateDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from motcua.portal.history import day, when

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
DEFAULT_LANGUAGE = "vi"
SEPARATOR = "\n---\n"
# The GSM 03.38 basic character set (plus the space and line feed), one septet each.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_ENGINE = Engine(dirs=[str(TEMPLATE_DIR)], autoescape=False)  # plain text, not HTML


class UnknownKind(LookupError):
    """No template for this kind: a notification was added without its text."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    sms: str
    body: str


def dossier_link(code: str) -> str:
    """The public tracking page of the dossier (the applicant enters their check digits there)."""
    base = str(settings.MOTCUA["PUBLIC_BASE_URL"]).rstrip("/")
    try:
        return base + reverse("portal:track_detail", args=[code])
    except NoReverseMatch:
        return base + reverse("portal:track")


def task_link(task_id: Any) -> str:
    """The page of an assigned task in the officials' workspace (sign-in and rights there)."""
    base = str(settings.MOTCUA["PUBLIC_BASE_URL"]).rstrip("/")
    return base + reverse("directives:detail", args=[int(task_id)])


# Notices that carry the link to the applicant's rating page (docs/ratings.md).
RATING_KINDS = ("dossier.result_ready", "dossier.returned")


def rating_link(code: str) -> str:
    """The applicant's rating page of the dossier (sign-in required there)."""
    base = str(settings.MOTCUA["PUBLIC_BASE_URL"]).rstrip("/")
    return base + reverse("ratings:rate", args=[code])


def money(amount: Any) -> str:
    """Integer đồng as written in Vietnam: 1.250.000."""
    try:
        return f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""


def context_for(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    names = [str(i.get("name", "")) for i in payload.get("items") or [] if isinstance(i, dict)]
    values: dict[str, Any] = dict(payload)
    values.update(
        code=str(payload.get("code", "")),
        due_at=when(payload.get("due_at")),
        new_due_at=when(payload.get("new_due_at")),
        items="; ".join(n for n in names if n),
        reasons="; ".join(str(r) for r in payload.get("reasons") or []),
        amount=money(payload.get("amount")),
    )
    if kind.startswith("dossier.") and values["code"]:
        values["link"] = dossier_link(values["code"])
    if kind in RATING_KINDS and values["code"]:
        values["rating_link"] = rating_link(values["code"])
    if kind.startswith("task."):
        values.update(deadline=day(payload.get("deadline")), link=task_link(payload["task"]))
        values.update(reminded_on=day(payload.get("reminded_on")))
    return values


def template_name(kind: str, language: str) -> str:
    return f"notifications/messages/{language}/{kind}.txt"


def has_template(kind: str) -> bool:
    return (TEMPLATE_DIR / template_name(kind, DEFAULT_LANGUAGE)).is_file()


def render(kind: str, payload: Mapping[str, Any], language: str | None = None) -> Rendered:
    """Subject, SMS and body of one message in `language` (default: the payload's, then vi)."""
    language = language or str(payload.get("language") or DEFAULT_LANGUAGE)
    try:
        template = _ENGINE.select_template(
            [template_name(kind, language), template_name(kind, DEFAULT_LANGUAGE)]
        )
    except TemplateDoesNotExist as exc:
        raise UnknownKind(kind) from exc
    with translation.override(language):
        text = template.render(Context(context_for(kind, payload)))
    subject, sms, body = (part.strip() for part in text.split(SEPARATOR, 2))
    return Rendered(subject=" ".join(subject.split()), sms=gsm7(" ".join(sms.split())), body=body)


def gsm7(text: str) -> str:
    """Fold `text` to the GSM 7-bit alphabet: diacritics dropped (ế → e, Đ → D); any other
    character outside the alphabet becomes "?"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    folded = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )
    return "".join(c if c in GSM7 else "?" for c in folded)


def sms_segments(text: str) -> int:
    """How many SMS segments carry `text`: 160 septets in one, 153 each when concatenated (GSM
    7-bit); 70 / 67 UCS-2 characters when a character is outside the alphabet."""
    if all(c in GSM7 for c in text):
        single, multi = 160, 153
    else:
        single, multi = 70, 67
    return 1 if len(text) <= single else -(-len(text) // multi)
