"""Dossiers in known states for the workspace page tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from motcua.dossiers.models import StepInstance, StepStatus
from motcua.dossiers.services.submission import dossier_intake_counter, dossier_submit
from tests.dossiers.conftest import World, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def online(w: World, procedure: str | None = None) -> str:
    dossier, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=procedure or w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return dossier.code


def counter(w: World, procedure: str | None = None, agency: str | None = None) -> str:
    who = "other_reception" if agency == w.other_ward.code else "reception"
    return dossier_intake_counter(
        actor=w.u(who),
        procedure_code=procedure or w.simple,
        agency_code=agency or w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    ).code


def open_step(code: str) -> StepInstance:
    return StepInstance.objects.select_related("step").get(
        dossier__code=code, status=StepStatus.ACTIVE
    )
