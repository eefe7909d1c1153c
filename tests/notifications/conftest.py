"""Notification tests. The `world` fixture (a ward, officials, a citizen, two procedures with
processes) comes from tests/dossiers; Playwright's `browser` and `page` from tests/browser."""

from __future__ import annotations

from tests.browser.conftest import browser, page  # noqa: F401
from tests.dossiers.conftest import world  # noqa: F401
