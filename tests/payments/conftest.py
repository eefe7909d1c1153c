"""Payments fixtures: a procedure whose fee is due before processing (20,000 đ at the counter,
10,000 đ online, free for poor households), a dossier of it received and waiting for payment,
and the VNPAY simulator on a free port with a real socket."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.catalog.services import FeeData, ProcedureData, procedure_draft_save, procedure_publish
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import reception
from motcua.dossiers.services.process import process_create, process_publish
from motcua.dossiers.services.submission import dossier_submit
from motcua.testing.vnpay_sim import DEMO_SECRET, DEMO_TMN_CODE, Simulator, serve
from tests.dossiers.conftest import (
    World,
    applicant,
    world,  # noqa: F401  (the fixture)
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PAID_CODE = "9.000009"  # the procedure with a fee due before processing


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


@pytest.fixture(autouse=True)
def _vnpay_settings(settings: Any) -> None:
    settings.MOTCUA_VNPAY_TMN_CODE = DEMO_TMN_CODE
    settings.MOTCUA_VNPAY_HASH_SECRET = DEMO_SECRET
    settings.MOTCUA_VNPAY_URL = "http://127.0.0.1:9/paymentv2/vpcpay.html"


def publish_paid_procedure(w: World) -> None:
    from motcua.catalog.models import Procedure

    data = ProcedureData(
        code=PAID_CODE,
        name="Cấp bản sao trích lục hộ tịch thử nghiệm",
        field_code="HT",
        level="commune",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Bản sao trích lục",
        agency_codes=[w.ward.code],
        channels=["counter", "online"],
        online_type="end_to_end",
        fee_before_processing=True,
        fees=[
            FeeData(
                kind="charge",
                description="Lệ phí cấp bản sao trích lục",
                amount=20000,
                online_amount=10000,
                exempt_categories=["poor_household"],
            ),
            FeeData(kind="fee", description="Phí dịch vụ", amount=5000),
        ],
        form_schema=[
            {"name": "purpose", "label": "Mục đích", "type": "text", "required": True},
            {
                "name": "fee_exemption",
                "label": "Đối tượng miễn lệ phí",
                "type": "choice",
                "required": False,
                "choices": ["poor_household", "meritorious"],
            },
        ],
    )
    procedure_publish(version=procedure_draft_save(data=data))
    step = {
        "key": "review",
        "name": "Review",
        "role": "specialist",
        "allotted_hours": 24,
        "outcomes": ["approve", "refuse"],
        "agency_rule": "receiving",
    }
    p = process_create(
        procedure=Procedure.objects.get(code=PAID_CODE),
        name="Quy trình",
        steps=[step],
        edges=[{"source": None, "target": "review"}, {"source": "review", "target": None}],
    )
    process_publish(process=p)


@dataclass
class PayWorld:
    w: World
    code: str  # a dossier received at 10:15 on Monday 2 March 2026, waiting for payment

    def dossier(self) -> Dossier:
        return Dossier.objects.get(code=self.code)


def submit_and_receive(w: World, **form: Any) -> str:
    with at(2026, 3, 2, 9, 0):
        dossier, _ = dossier_submit(
            actor=w.u("citizen"),
            procedure_code=PAID_CODE,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi học", **form},
        )
    with at(2026, 3, 2, 10, 15):
        reception.dossier_receive(actor=w.u("reception"), code=dossier.code)
    return dossier.code


@pytest.fixture
def pay_world(world: World) -> PayWorld:  # noqa: F811
    publish_paid_procedure(world)
    return PayWorld(world, submit_and_receive(world))


@pytest.fixture
def vnpay_sim(live_server: Any, settings: Any) -> Iterator[Simulator]:
    """The simulator on a free port, its IPN pointed at the live server."""
    sim = Simulator(ipn_url=f"{live_server.url}/api/v1/payments/vnpay/ipn")
    server = serve(sim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.MOTCUA_VNPAY_URL = f"{base}/paymentv2/vpcpay.html"
    settings.MOTCUA_VNPAY_SETTLEMENT_URL = f"{base}/merchant/settlement"
    sim.base_url = base  # type: ignore[attr-defined]
    yield sim
    server.shutdown()
    server.server_close()
