"""The lean path: API calls that carry no session go through a second Django handler whose
middleware is `settings.MIDDLEWARE` minus the page-only entries.

Contract:
- A request takes the lean path when its path is under `/api/v1/` (not the Swagger page under
  `/api/v1/docs`, an HTML page that hands out the CSRF token) and it sends no session cookie.
  Without a session nothing that the page-only middleware provides can matter: there is no
  signed-in user to load (`api.auth.session_auth` finds none, a bearer token is checked by
  `api.auth.TokenAuth`), no CSRF check to make (only session-authenticated calls need one), no
  flash message, no second factor, no login form to lock, and JSON is never framed or styled.
- Everything else in MIDDLEWARE, in its order, stays: `SecurityMiddleware` (its headers on
  every answer), `LocaleMiddleware` (the API answers in the caller's Accept-Language),
  `CommonMiddleware`, the API error shape, and whatever is added later (observability at the
  top). The list is derived by removing named entries, never copied, so a new middleware is
  on both paths unless it is named here.
- Any request that might hold a session (any cookie by the session's name) takes the full
  path, exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

API_PATH = "/api/v1/"
FULL_ONLY_PATHS = ("/api/v1/docs",)
PAGE_ONLY_MIDDLEWARE = frozenset(
    {
        "csp.middleware.CSPMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "axes.middleware.AxesMiddleware",
    }
)

WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


def lean_middleware(middleware: Iterable[str]) -> list[str]:
    """`middleware` without the page-only entries, order kept."""
    return [path for path in middleware if path not in PAGE_ONLY_MIDDLEWARE]


def _has_session_cookie(cookie_header: str) -> bool:
    name = settings.SESSION_COOKIE_NAME
    return any(part.strip().split("=", 1)[0] == name for part in cookie_header.split(";"))


def takes_lean_path(environ: dict[str, Any]) -> bool:
    """True for an API call without a session cookie (see the module docstring)."""
    path = environ.get("PATH_INFO", "")
    if not path.startswith(API_PATH) or path.startswith(FULL_ONLY_PATHS):
        return False
    return not _has_session_cookie(environ.get("HTTP_COOKIE", ""))


class LeanWSGIHandler(WSGIHandler):
    """A WSGIHandler whose middleware chain is `lean_middleware(settings.MIDDLEWARE)`.

    Django builds the chain from `settings.MIDDLEWARE` in `load_middleware`; the lean list is
    put there for that one call and the full list restored, at start-up (the WSGI module is
    imported once per worker, before any request)."""

    def load_middleware(self, is_async: bool = False) -> None:
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = lean_middleware(full)
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


class PathDispatcher:
    """The WSGI application: each request goes to the lean or the full handler."""

    def __init__(self, *, full: WSGIApp, lean: WSGIApp) -> None:
        self.full = full
        self.lean = lean

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if takes_lean_path(environ):
            return self.lean(environ, start_response)
        return self.full(environ, start_response)
