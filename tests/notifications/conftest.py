"""Notification tests. The `world` fixture (a ward, officials, a citizen, two procedures with
processes) comes from tests/dossiers."""

from __future__ import annotations

from tests.dossiers.conftest import world  # noqa: F401
