"""Every write to agencies, users and role assignments.

Each service runs in one transaction, checks its input, and appends one audit event: agency
changes on the "agency" stream (id = agency code), user and role changes on the "user" stream
(id = user pk). Errors are `DomainError`s with a stable code and a Vietnamese message.
"""

from motcua.accounts.services.agencies import (
    AGENCY_CODE_RE,
    AGENCY_EDITABLE,
    AGENCY_STREAM,
    USER_STREAM,
    agency_create,
    agency_update,
    validate_agency_code,
    validate_sessions,
)
from motcua.accounts.services.users import (
    role_grant,
    role_revoke,
    user_create_business,
    user_create_citizen,
    user_create_official,
)

__all__ = [
    "AGENCY_CODE_RE",
    "AGENCY_EDITABLE",
    "AGENCY_STREAM",
    "USER_STREAM",
    "agency_create",
    "agency_update",
    "role_grant",
    "role_revoke",
    "user_create_business",
    "user_create_citizen",
    "user_create_official",
    "validate_agency_code",
    "validate_sessions",
]
