"""Small helpers for page views."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.http import Http404

from motcua.core.errors import NotFound

P = ParamSpec("P")
T = TypeVar("T")


def found_or_404(read: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`read(*args, **kwargs)`, its NotFound turned into a 404 page with the same message (a
    row outside the user's scope is "not found", never "forbidden")."""
    try:
        return read(*args, **kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def query_id(raw: str | None) -> int | None:
    """A row id from a query string or form value: plain ASCII digits, at most 11 of them (so
    it fits any integer key on SQLite and PostgreSQL); anything else is None, never an error."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) < 12:
        return int(raw)
    return None
