"""Portal page tests. The `world` fixture (a ward, officials, a citizen, two procedures with
processes) comes from tests/dossiers."""

from __future__ import annotations

import pytest

from tests.dossiers.conftest import world  # noqa: F401


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """The world creates nine users; PBKDF2 at production strength costs ~0.5 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
