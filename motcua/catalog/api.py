"""Catalogue API (procedures search and detail)."""

from ninja import Router

router = Router(tags=["catalogue"])
