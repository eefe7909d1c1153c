"""Reads for the applicant's own pages ("Hồ sơ của tôi", the notifications inbox).

Contract:
- Only the dossiers the user applied for (`permissions.applicant_q`: linked as applicant, or
  submitted by them online) — never those an official sees through a role. Another person's
  dossier is "not found" (docs/rules.md §13).
- A list page costs a constant number of queries whatever its length: one count, one page,
  one prefetch of the open supplement requests.
- "Việc cần làm" (`next_actions`) is derived from the status and the pause reason only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.utils.numberformat import format as number_format

from motcua.core import audit
from motcua.core.errors import NotFound
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import (
    OPEN_STATUSES,
    Attachment,
    Dossier,
    DossierStatus,
    PauseReason,
    StepInstance,
    SupplementRequest,
)
from motcua.dossiers.permissions import applicant_q
from motcua.dossiers.slips import SLIP_KINDS, slip_applies
from motcua.portal.history import HistoryContext, event_sentence

PAGE_SIZE = 20
FILTERS = ("open", "finished")
APPLICANT_SLIPS = tuple(k for k in SLIP_KINDS if k != "control_sheet")  # internal record


@dataclass(frozen=True)
class Action:
    """One thing the applicant must do next: `kind` is supplement, pay or collect."""

    kind: str
    items: list[str] = field(default_factory=list)
    where: str = ""
    amount: int = 0

    @property
    def amount_text(self) -> str:
        """50000 → "50.000" (as the procedure page prints fees)."""
        return number_format(self.amount, ",", grouping=3, thousand_sep=".", force_grouping=True)


def _open_requests() -> Prefetch:
    return Prefetch(
        "supplement_requests",
        queryset=SupplementRequest.objects.filter(completed_at__isnull=True).order_by(
            "-requested_at"
        ),
        to_attr="open_requests",
    )


def mine_queryset(user: Any) -> QuerySet[Dossier]:
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    return Dossier.objects.select_related(
        "procedure_version__procedure", "receiving_agency"
    ).filter(applicant_q(user))


def mine_page(*, user: Any, state: str = "", page: Any = 1) -> Page[Dossier]:
    """The user's dossiers, newest first; `state` "open" or "finished" filters (else all)."""
    qs = mine_queryset(user)
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "finished":
        qs = qs.exclude(status__in=(*OPEN_STATUSES, DossierStatus.DRAFT))
    qs = qs.order_by("-created_at", "-pk").prefetch_related(_open_requests())
    return Paginator(qs, PAGE_SIZE).get_page(page)


def next_actions(dossier: Dossier) -> list[Action]:
    """What the applicant must do now, for a dossier read by `mine_page` or `mine_get` (their
    prefetch of `open_requests` holds the items asked)."""
    waiting_supplement = dossier.status == DossierStatus.NEEDS_SUPPLEMENT or (
        dossier.pause_reason == PauseReason.SUPPLEMENT
    )
    if waiting_supplement:
        requests = dossier.open_requests  # type: ignore[attr-defined]
        items = [str(i.get("name", "")) for r in requests[:1] for i in r.items]
        return [Action("supplement", items=items)]
    if dossier.pause_reason == PauseReason.PAYMENT:
        return [Action("pay", amount=dossier.fee_total)]
    if dossier.status == DossierStatus.RESULT_READY:
        return [Action("collect", where=dossier.receiving_agency.name)]
    return []


def mine_get(*, user: Any, code: str) -> Dossier:
    """One of the user's own dossiers (with its open supplement requests loaded)."""
    dossier = mine_queryset(user).filter(code=code).prefetch_related(_open_requests()).first()
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return dossier


@dataclass
class MineDetail:
    dossier: Dossier
    form: list[tuple[str, Any]]
    attachments: list[Attachment]
    slips: list[str]
    requests: list[SupplementRequest]
    history: list[str]
    actions: list[Action]


def form_rows(dossier: Dossier) -> list[tuple[str, Any]]:
    """(label, value) of the form data in the order of the procedure version's form schema;
    keys the schema does not name come last under their own name."""
    schema = dossier.procedure_version.form_schema or []
    labels = {str(f.get("name")): str(f.get("label") or f.get("name")) for f in schema}
    data = dossier.form_data or {}
    rows = [(labels[name], data[name]) for name in labels if name in data]
    return rows + [(str(k), v) for k, v in data.items() if k not in labels]


def history_lines(dossier: Dossier) -> list[str]:
    """The dossier's audit stream as sentences, oldest first (internal events left out)."""
    steps = StepInstance.objects.filter(dossier=dossier).select_related("step", "agency")
    ctx = HistoryContext(
        agency=dossier.receiving_agency.name,
        steps={s.pk: (s.step.name, s.agency.name) for s in steps},
        agencies={s.agency.code: s.agency.name for s in steps},
    )
    lines = (
        event_sentence(e.kind, e.occurred_at, e.payload, ctx)
        for e in audit.stream_events("dossier", dossier.code)
    )
    return [line for line in lines if line]


def mine_detail(*, user: Any, code: str) -> MineDetail:
    dossier = mine_get(user=user, code=code)
    return MineDetail(
        dossier=dossier,
        form=form_rows(dossier),
        attachments=list(dossier.attachments.order_by("uploaded_at", "pk")),
        slips=[k for k in APPLICANT_SLIPS if slip_applies(dossier, k)],
        requests=list(dossier.supplement_requests.order_by("requested_at", "pk")),
        history=history_lines(dossier),
        actions=next_actions(dossier),
    )


def inbox_page(*, user: Any, page: Any = 1) -> Page[OutboxMessage]:
    """The outbox messages addressed to `user`, newest first."""
    if user is None or not user.is_authenticated:
        qs = OutboxMessage.objects.none()
    else:
        qs = OutboxMessage.objects.filter(user=user).order_by("-created_at", "-pk")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def inbox_unread_count(*, user: Any) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return OutboxMessage.objects.filter(user=user, read_at__isnull=True).count()
