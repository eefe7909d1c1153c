"""Root fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    """The working-day calendar is cached per process; a test's overrides roll back with its
    transaction, so the cache must not outlive the test."""
    from motcua.core import calendar

    calendar.reset()
    yield
    calendar.reset()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """Hashing demo passwords with PBKDF2 costs seconds per test; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded and rendered files go to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
