"""`{% load docstore %}`: what the dossier pages (portal and workspace) show about the store.

`{% store_marks dossier user as marks %}` gives `marks.sources` (attachment id → its
`ComponentSource`), `marks.verified` (attachment ids already in the owner's store) and
`marks.may_verify` (the user may confirm documents against their originals here; the service
checks again)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.accounts.selectors import user_has_any_role
from motcua.docstore.selectors import sources_of, verified_ids
from motcua.docstore.services import VERIFY_ROLES
from motcua.dossiers.models import Dossier

register = template.Library()


@register.simple_tag
def store_marks(dossier: Dossier, user: Any) -> dict[str, Any]:
    return {
        "sources": sources_of(dossier),
        "verified": verified_ids(dossier),
        "may_verify": user_has_any_role(user, VERIFY_ROLES, dossier.receiving_agency),
    }


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.simple_tag
def component_sources(dossier: Dossier) -> dict[int, Any]:
    """Attachment id → where that component came from (the applicant's dossier page)."""
    return sources_of(dossier)
