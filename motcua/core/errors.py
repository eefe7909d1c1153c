"""One domain error type with a stable code, shared by services, the API and the pages."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken. `code` is stable (clients switch on it); `message` is Vietnamese."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details


class NotFound(DomainError):
    """The object does not exist or the caller may not see it (never tells which)."""

    status = 404

    def __init__(self, message: str = "Không tìm thấy.", *, code: str = "not_found") -> None:
        super().__init__(message, code=code)


class PermissionDenied(DomainError):
    status = 403

    def __init__(
        self,
        message: str = "Bạn không có quyền thực hiện thao tác này.",
        *,
        code: str = "forbidden",
    ) -> None:
        super().__init__(message, code=code)


class Conflict(DomainError):
    """The object changed under the caller (a concurrent action won)."""

    status = 409

    def __init__(self, message: str, *, code: str = "conflict") -> None:
        super().__init__(message, code=code)


class RateLimited(DomainError):
    status = 429

    def __init__(
        self,
        message: str = "Quá nhiều lần thử. Vui lòng thử lại sau.",
        *,
        code: str = "rate_limited",
    ) -> None:
        super().__init__(message, code=code)
