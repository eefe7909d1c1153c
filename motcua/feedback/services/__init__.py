"""Writes of feedback and petitions (docs/rules.md §24), by sub-domain: `submission` (receipt,
photos), `workflow` (classify, forward, refuse, assign, answer, publish), `submitter` (rate,
reopen), `categories` (the admin's categories); `_common` holds the lock, the deadlines and the
lateness rule. Import the public functions from here.

Error codes: forbidden, not_found, invalid_state, contact_required, content_required,
control_character, text_too_long, reason_required, answer_required, public_text_required,
invalid_kind, not_a_photo, too_many_photos, file_too_large, file_empty, file_type_not_allowed,
unknown_agency, unknown_category, not_a_handler, already_forwarded, already_rated,
already_reopened, category_in_use, personal_data_in_public_text, too_many_feedback (429).
"""

from motcua.feedback.services._common import (
    ANSWER_ROLES,
    CONTENT_MAX,
    HEAD_ROLES,
    INTAKE_ROLES,
    STREAM,
    TITLE_MAX,
    deadlines,
    is_late,
    local_date,
)
from motcua.feedback.services.categories import (
    category_deactivate,
    category_delete,
    category_save,
)
from motcua.feedback.services.submission import (
    MAX_PHOTOS,
    PHOTO_TYPES,
    SubmitData,
    feedback_submit,
)
from motcua.feedback.services.submitter import feedback_rate, feedback_reopen
from motcua.feedback.services.workflow import (
    COMPLAINTS_POINTER,
    feedback_answer,
    feedback_assign,
    feedback_classify,
    feedback_publish,
    feedback_refuse,
)

__all__ = [
    "ANSWER_ROLES",
    "COMPLAINTS_POINTER",
    "CONTENT_MAX",
    "HEAD_ROLES",
    "INTAKE_ROLES",
    "MAX_PHOTOS",
    "PHOTO_TYPES",
    "STREAM",
    "TITLE_MAX",
    "SubmitData",
    "category_deactivate",
    "category_delete",
    "category_save",
    "deadlines",
    "feedback_answer",
    "feedback_assign",
    "feedback_classify",
    "feedback_publish",
    "feedback_rate",
    "feedback_refuse",
    "feedback_reopen",
    "feedback_submit",
    "is_late",
    "local_date",
]
