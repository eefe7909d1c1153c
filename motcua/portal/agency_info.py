"""What the procedure page says about the agencies that carry a procedure out: the list (folded
away behind a `<details>` when long, as a commune-level procedure lists every ward) and the one
agency the reader chose, with its address, phone and office hours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency

COLLAPSE_OVER = 3  # more agencies than this: the list is folded and a chooser offered


@dataclass(frozen=True)
class AgencyCard:
    agency: Agency
    office_hours: str  # "07:30–11:30, 13:00–17:00"
    saturday_hours: str  # "" when it does not receive on Saturday


def sessions_text(sessions: Sequence[Sequence[str]]) -> str:
    """Office sessions as people read them: [["07:30", "11:30"], ["13:00", "17:00"]] ->
    "07:30–11:30, 13:00–17:00"."""
    return ", ".join(f"{start}–{end}" for start, end in sessions)


def agency_card(agency: Agency) -> AgencyCard:
    """The agency with its sessions; empty office hours mean the city's default (docs/rules.md §3,
    settings MOTCUA["DEFAULT_OFFICE_HOURS"])."""
    office = agency.office_hours or settings.MOTCUA["DEFAULT_OFFICE_HOURS"]
    return AgencyCard(agency, sessions_text(office), sessions_text(agency.saturday_hours or []))


def agency_chosen(agencies: Sequence[Agency], code: str) -> tuple[AgencyCard | None, str]:
    """The card of the agency `code` among `agencies` (those the version lists), and an error
    message when `code` is given but is not one of them. An empty `code`: no choice, no error."""
    if not code:
        return None, ""
    for agency in agencies:
        if agency.code == code:
            return agency_card(agency), ""
    return None, _("Phường, xã đã chọn không thực hiện thủ tục này. Hãy chọn trong danh sách.")
