"""The wizard's step list and the context every step page shares."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from motcua.dossiers.models import DraftStep, SubmissionDraft
from motcua.dossiers.models.drafts import STEP_ORDER


def step_url(draft: SubmissionDraft, step: str) -> str:
    return reverse("portal:draft_step", args=[draft.pk, step])


def step_context(draft: SubmissionDraft, current: str) -> dict[str, Any]:
    """The draft, its procedure version and the numbered steps (the agency step only when
    several agencies receive the procedure), each with its link once reached."""
    reached = STEP_ORDER.index(draft.step)
    shown = [s for s in DraftStep if s != DraftStep.DONE]
    if current == DraftStep.DONE:
        shown = []  # submitted: the steps are behind
    elif draft.procedure_version.agencies.count() < 2:
        shown.remove(DraftStep.AGENCY)
    steps = [
        {
            "number": i,
            "label": s.label,
            "current": s == current,
            "url": step_url(draft, s) if STEP_ORDER.index(s) <= reached else "",
        }
        for i, s in enumerate(shown, start=1)
    ]
    return {"draft": draft, "v": draft.procedure_version, "steps": steps, "step": current}
