"""A small city for official documents: a ward that issues, a department that receives (with a
division inside it), the officials of each role, and — for tests that need real signatures —
the demo PKI and the platform's TSA on a local HTTP port (as tests/signing does)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cryptography.fernet import Fernet

from motcua.accounts.models import Agency, AgencyKind, Role, User
from motcua.accounts.services import agency_create, role_grant
from motcua.documents.models import OutgoingDocument
from motcua.documents.services_outgoing import (
    DocumentData,
    RecipientData,
    document_approve,
    document_draft_create,
    document_submit_review,
)
from tests.signing.conftest import _TsaHandler

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2026, 2, 5, 9, 0, tzinfo=HCM)


@dataclass
class City:
    city: Agency
    ward: Agency
    dept: Agency
    division: Agency
    users: dict[str, User] = field(default_factory=dict)

    def u(self, name: str) -> User:
        return self.users[name]


def _official(username: str, agency: Agency, roles: list[str]) -> User:
    user = User.objects.create_user(
        username=username,
        password="x-test-pass",
        kind="official",
        full_name=username.replace("_", " ").title(),
        home_agency=agency,
    )
    for role in roles:
        role_grant(user=user, agency=agency, role=role)
    return user


def make_city() -> City:
    city = agency_create(
        code="000.00.00.H29",
        name="UBND Thành phố Hồ Chí Minh",
        short_name="UBND TP",
        kind=AgencyKind.CITY_COMMITTEE,
    )
    ward = agency_create(
        code="000.02.90.H29",
        name="UBND Phường Bến Thành",
        short_name="UBND P. Bến Thành",
        kind=AgencyKind.WARD,
        parent=city,
    )
    dept = agency_create(
        code="000.00.05.H29",
        name="Sở Tư pháp",
        short_name="STP",
        kind=AgencyKind.DEPARTMENT,
        parent=city,
    )
    division = agency_create(
        code="000.00.05.H30",
        name="Phòng Hộ tịch",
        short_name="PHT",
        kind=AgencyKind.DIVISION,
        parent=dept,
    )
    c = City(city, ward, dept, division)
    c.users = {
        "drafter": _official("drafter", ward, [Role.SPECIALIST]),
        "leader": _official("leader", ward, [Role.SIGNER]),
        "clerk": _official("clerk", ward, [Role.CLERK]),
        "dept_clerk": _official("dept_clerk", dept, [Role.CLERK]),
        "dept_head": _official("dept_head", dept, [Role.UNIT_HEAD]),
        "div_specialist": _official("div_specialist", division, [Role.SPECIALIST]),
    }
    return c


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def town(db: Any) -> City:
    return make_city()


def decision(c: City, **overrides: Any) -> DocumentData:
    data: dict[str, Any] = {
        "issuer_abbreviation": "UBND",
        "doc_type": "quyet_dinh",
        "subject": "Về việc thành lập Tổ công tác chuyển đổi số",
        "place": "Thành phố Hồ Chí Minh",
        "content": "Điều 1. Thành lập Tổ công tác.\nĐiều 2. Quyết định có hiệu lực từ ngày ký.",
        "signer_position": "Phó Chủ tịch",
        "signer_authority": "KT",
        "signer_authority_of": "Chủ tịch",
        "recipients": [
            RecipientData(agency_code=c.dept.code, purpose="to"),
            RecipientData(name="Văn phòng UBND Thành phố", purpose="copy"),
        ],
    }
    return DocumentData(**{**data, **overrides})


def approved(c: City, **overrides: Any) -> OutgoingDocument:
    """A draft taken through review and approval by the ward's drafter and leader."""
    doc = document_draft_create(actor=c.u("drafter"), agency=c.ward, data=decision(c, **overrides))
    document_submit_review(actor=c.u("drafter"), document=doc)
    return document_approve(actor=c.u("leader"), document=doc)


@contextmanager
def demo_pki(
    settings: Any, tmp_path: Any, *, base_url: str = "http://testserver"
) -> Iterator[None]:
    """The demo PKI over the agencies that exist (its CRL points under `base_url`) and the
    platform's TSA on a local port."""
    from motcua.signing.services.demo import pki_seed_demo
    from motcua.signing.tsa_service import _cached, authority

    settings.MOTCUA = {
        **settings.MOTCUA,
        "SIGNING": {
            **settings.MOTCUA["SIGNING"],
            "KEY": Fernet.generate_key().decode(),
            "KEY_FILE": str(tmp_path / "signing-key"),
        },
        "PUBLIC_BASE_URL": base_url,
    }
    pki_seed_demo()
    _cached.cache_clear()
    handler = type("Handler", (_TsaHandler,), {"responder": authority()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/pki/tsa"
    settings.MOTCUA = {
        **settings.MOTCUA,
        "SIGNING": {**settings.MOTCUA["SIGNING"], "TSA_URL": url},
    }
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        _cached.cache_clear()


@pytest.fixture
def signing_pki(town: City, settings: Any, tmp_path: Any, clock: Any) -> Iterator[City]:
    """The demo PKI over the town's agencies and the TSA on a local port."""
    with demo_pki(settings, tmp_path):
        yield town
