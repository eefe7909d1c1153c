"""Steps shared by the "Hồ sơ của tôi" and inbox tests: dossiers of the `world` citizen moved
through the real services to each state, at fixed instants."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from motcua.dossiers.models import Dossier, StepInstance, StepStatus
from motcua.dossiers.services import lateness, processing, reception, results
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ITEMS = [
    {"name": "Bản sao CCCD", "reason": "Ảnh mờ"},
    {"name": "Giấy chứng sinh", "reason": "Thiếu"},
]


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def submit(w: World, *, user: str = "citizen", purpose: str = "Đi học") -> Dossier:
    dossier, _ = dossier_submit(
        actor=w.u(user),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": purpose},
    )
    return dossier


def submitted(w: World) -> str:
    with at(2026, 3, 2, 9, 0):
        return submit(w).code


def needs_supplement(w: World) -> str:
    code = submitted(w)
    with at(2026, 3, 2, 9, 30):
        reception.dossier_request_supplement(actor=w.u("reception"), code=code, items=ITEMS)
    return code


def received(w: World) -> str:
    code = submitted(w)
    with at(2026, 3, 2, 10, 15):
        reception.dossier_receive(actor=w.u("reception"), code=code)
    return code


def open_step(code: str) -> StepInstance:
    return StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE).get()


def paused_for_supplement(w: World) -> str:
    code = received(w)
    with at(2026, 3, 3, 10, 0):
        processing.step_complete(
            actor=w.u("specialist"),
            code=code,
            step_id=open_step(code).pk,
            outcome="supplement",
            items=[{"name": "Giấy chứng sinh", "reason": "Thiếu bản chính"}],
        )
    return code


def result_ready(w: World) -> str:
    code = received(w)
    with at(2026, 3, 3, 10, 0):
        for user in ("specialist", "signer"):
            processing.step_complete(
                actor=w.u(user), code=code, step_id=open_step(code).pk, outcome="approve"
            )
        results.result_record(actor=w.u("signer"), code=code, summary="Giấy khai sinh số 12")
    return code


def returned(w: World) -> str:
    code = result_ready(w)
    with at(2026, 3, 4, 8, 0):
        results.result_return(actor=w.u("reception"), code=code, channel="counter")
    return code


def apologised(w: World) -> str:
    code = received(w)
    with at(2026, 3, 4, 9, 0):
        lateness.apology_issue(
            actor=w.u("signer"), code=code, reason="Chờ xác minh", new_due=date(2026, 3, 9)
        )
    return code


def refused(w: World) -> str:
    code = submitted(w)
    with at(2026, 3, 2, 9, 30):
        reception.dossier_refuse(actor=w.u("reception"), code=code, reasons=["Không đủ điều kiện"])
    return code
