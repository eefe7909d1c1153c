"""Playwright (sync API) against Debian's Chromium and pytest-django's live server.

The browser lives for one module: while Playwright's sync API is started, an asyncio loop runs
in the main thread, so Django refuses ORM calls there unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
The variable is set only while the browser is up, and the browser is stopped before the next
module so the rest of the suite keeps Django's guard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dossiers.conftest import world  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMEOUT_MS = 5_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} không có (cài bằng `make deb-test` hoặc apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp, sync_playwright() as pw:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def phone_tab(browser: Any, live_server: Any, user: Any = None) -> Any:
    """A new 360 px wide tab in Vietnamese, signed in as `user` when given (the session cookie
    of a test client's sign-in), with room for a loaded machine."""
    from django.conf import settings
    from django.test import Client

    from motcua.testing.auth import sign_in

    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 360, "height": 800}
    )
    context.set_default_timeout(4 * TIMEOUT_MS)
    if user is not None:
        cookie = sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    return context.new_page()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """docs/screenshots/ when MOTCUA_SCREENSHOTS=1 (to refresh the README pictures), else a
    temporary folder, so a test run never changes tracked files."""
    if os.environ.get("MOTCUA_SCREENSHOTS") != "1":
        return tmp_path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
