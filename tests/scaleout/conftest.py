"""The scale-out tests reuse the small city of the dossier tests."""

from __future__ import annotations

from tests.dossiers.conftest import world

__all__ = ["world"]
