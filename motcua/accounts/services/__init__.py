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
from motcua.accounts.services.credentials import (
    revoke_live_tokens,
    token_revoke,
    user_set_password,
)
from motcua.accounts.services.user_edit import (
    IDENTITY,
    PRIVILEGED,
    USER_EDITABLE,
    identity_conflict,
    is_city_admin,
    user_create,
    user_update,
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
    "IDENTITY",
    "PRIVILEGED",
    "USER_EDITABLE",
    "USER_STREAM",
    "agency_create",
    "agency_update",
    "identity_conflict",
    "is_city_admin",
    "revoke_live_tokens",
    "role_grant",
    "role_revoke",
    "token_revoke",
    "user_create",
    "user_create_business",
    "user_create_citizen",
    "user_create_official",
    "user_set_password",
    "user_update",
    "validate_agency_code",
    "validate_sessions",
]
