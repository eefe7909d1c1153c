"""The national portal's tests run on the lifecycle tests' small city, against a local fake of
the portal (a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.national_portal.fake_receiver import FakePortal
from tests.dossiers.conftest import World, world

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TOKEN = "test-dvcqg-token"
AGENCY_CODE = "000.00.00.H29"


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def configure(settings: pytest.FixtureRequest, url: str, **extra: object) -> None:
    motcua = settings.MOTCUA  # type: ignore[attr-defined]
    settings.MOTCUA = {  # type: ignore[attr-defined]
        **motcua,
        "NATIONAL_PORTAL": {
            "URL": url,
            "TOKEN": TOKEN,
            "AGENCY_CODE": AGENCY_CODE,
            "TIMEOUT": 5,
            **extra,
        },
        # only the national portal channel: the deliveries these tests count are the dvcqg rows
        "OUTBOX_TRANSPORTS": {"dvcqg": "motcua.national_portal.transport.deliver_dvcqg"},
    }


@pytest.fixture
def portal(settings: pytest.FixtureRequest) -> Iterator[FakePortal]:
    """A running fake portal, and the platform configured to sync to it."""
    with FakePortal(token=TOKEN, agency_code=AGENCY_CODE) as fake:
        configure(settings, f"{fake.url}/dvcqg/integration")
        yield fake


__all__ = ["World", "at", "configure", "world"]
