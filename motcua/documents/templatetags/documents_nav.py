"""`{% documents_nav %}`: the links between the documents' pages, each shown only to an official
whose roles open it (a link that answers 403 is a dead end, and the axe crawl follows every
link a role sees)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from motcua.accounts.selectors import agencies_in_scope
from motcua.documents._checks import CLERK_ROLES, DRAFT_ROLES
from motcua.documents.views import REGISTER_ROLES

register = template.Library()


@register.inclusion_tag("documents/_nav.html", takes_context=True)
def documents_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)

    def may(roles: tuple[str, ...]) -> bool:
        return user is not None and agencies_in_scope(user, roles).exists()

    links = []
    if may(DRAFT_ROLES):
        links.append(("documents:outgoing_new", _("Soạn văn bản đi")))
    if may(REGISTER_ROLES):
        links += [
            ("documents:outgoing_register", _("Sổ văn bản đi")),
            ("documents:incoming_register", _("Sổ văn bản đến")),
            ("documents:followup_register", _("Sổ theo dõi giải quyết văn bản đến")),
        ]
    if may(CLERK_ROLES):
        links.append(("documents:incoming_pending", _("Văn bản chờ tiếp nhận")))
    return {"links": links}
