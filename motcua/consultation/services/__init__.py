"""Every write of a public consultation on a draft (docs/rules.md §26–§28).

Error codes: forbidden (PermissionDenied), not_found (NotFound), period_too_short,
invalid_period, invalid_state (Conflict), not_open (Conflict), not_closed (Conflict),
file_type_not_allowed, file_empty, file_too_large, reason_required, text_required,
control_character, text_too_long, unknown_article, no_documents, already_moderated (Conflict),
already_responded (Conflict), invalid_response, too_many_comments (RateLimited, 429).

Assumptions:
- The issuing agency's agency admin or unit head acts (`permissions.MANAGE_ROLES`); they are
  checked against the consultation's agency on the row read under its lock.
- Documents are PDFs checked by the same functions as dossier attachments
  (`dossiers.services.attachments.measure` and `sniff`: size, emptiness, type by content) and
  stored the same way (a server-chosen name, the file deleted again if the row is not written).
- Nothing is deleted: a rejected comment keeps its text (hidden from the public) and its
  published reason; a moderation decision and the summary of responses are final.
- Every service writes one audit event on the stream `consultation/<id>`.
- One person sends at most `comments_per_hour()` comments in any sliding hour, on all drafts
  together (rules §27); their user row is locked after the consultation's (one lock order) so
  two comments sent at once are counted one after the other.
- Texts are bounded: one-line fields by their column (300), free text by `TEXT_MAX`, a comment
  by `COMMENT_MAX`, so no text reaches the database longer than it takes.
"""

from motcua.consultation.services._common import (
    COMMENT_MAX,
    LINE_MAX,
    TEXT_MAX,
    ArticleData,
    ArticleResponseData,
    comments_per_hour,
    min_days,
    recorded_at,
)
from motcua.consultation.services.comments import comment_publish, comment_reject, comment_submit
from motcua.consultation.services.drafts import (
    consultation_create,
    consultation_document_add,
    consultation_publish,
    response_publish,
)

__all__ = [
    "COMMENT_MAX",
    "LINE_MAX",
    "TEXT_MAX",
    "ArticleData",
    "ArticleResponseData",
    "comment_publish",
    "comment_reject",
    "comment_submit",
    "comments_per_hour",
    "consultation_create",
    "consultation_document_add",
    "consultation_publish",
    "min_days",
    "recorded_at",
    "response_publish",
]
