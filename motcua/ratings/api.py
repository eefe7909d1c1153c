"""API operations of ratings under /api/v1/ (added by motcua/api/main.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["ratings"])
