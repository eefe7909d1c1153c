"""Writes of assigned tasks (docs/directives.md), by side: `assignment` (the leader: assign,
extend, cancel), `progress` (the assignee: report progress with files, complete), `reminders`
(the periodic job's `send_reminders`); `_common` holds the roles, the lock and the checks.
Import the public functions from here.

Error codes: forbidden, not_found, stale (409), invalid_state, assignee_out_of_scope,
not_an_assignee_official, invalid_source_kind, invalid_working_days, text_required,
control_character, text_too_long, not_working_day, new_deadline_not_later, invalid_percent,
too_many_files, file_empty, file_too_large, report_too_large, file_type_not_allowed.
"""

from motcua.directives.services._common import (
    LEADER_ROLES,
    MEMBER_ROLES,
    STREAM,
    is_member,
    local_date,
    today,
)
from motcua.directives.services.assignment import (
    MAX_WORKING_DAYS,
    AssignData,
    deadline_for,
    task_assign,
    task_cancel,
    task_extend,
)
from motcua.directives.services.progress import MAX_FILES, task_complete, task_report_progress
from motcua.directives.services.reminders import (
    DEFAULT_REMIND_BEFORE_DAYS,
    remind_before_days,
    send_reminders,
)

__all__ = [
    "DEFAULT_REMIND_BEFORE_DAYS",
    "LEADER_ROLES",
    "MAX_FILES",
    "MAX_WORKING_DAYS",
    "MEMBER_ROLES",
    "STREAM",
    "AssignData",
    "deadline_for",
    "is_member",
    "local_date",
    "remind_before_days",
    "send_reminders",
    "task_assign",
    "task_cancel",
    "task_complete",
    "task_extend",
    "task_report_progress",
    "today",
]
