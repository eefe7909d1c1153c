"""Finished dossiers for the rating tests, crafted on the dossier tests' `world`: a counter
dossier of the citizen (matched by CCCD) processed through its two steps and returned, with
the clock frozen at chosen local times so each indicator's inputs are known."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.dossiers.models import Dossier, StepInstance, StepStatus
from motcua.dossiers.services import processing, reception, results
from motcua.ratings.services import OfficialScore, RatingData
from tests.dossiers.conftest import World, applicant, world  # noqa: F401
from tests.dossiers.test_lifecycle_edges import counter, do

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def finish_steps(w: World, code: str) -> None:
    for inst in StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE):
        do(w, code, inst.step.key)


def returned(
    w: World,
    *,
    review_at: tuple[int, ...] = (2026, 12, 2, 9, 30),
    sign_at: tuple[int, ...] = (2026, 12, 2, 10, 0),
    result_at: tuple[int, ...] = (2026, 12, 2, 10, 30),
    supplement: bool = False,
    return_it: bool = True,
) -> Dossier:
    """Received at 09:00 on Wednesday 2/12/2026 (3 working days), review and sign completed
    at the given local times, the result recorded then returned at the counter."""
    with at(2026, 12, 2, 9, 0):
        code = counter(w)
    with at(*review_at):
        if supplement:
            inst = StepInstance.objects.get(dossier__code=code, status=StepStatus.ACTIVE)
            processing.step_complete(
                actor=w.u("specialist"),
                code=code,
                step_id=inst.pk,
                outcome="supplement",
                items=[{"name": "Bản sao CCCD", "reason": "Mờ"}],
            )
            reception.dossier_supplement(actor=w.u("citizen"), code=code)
            finish_steps(w, code)
        else:
            do(w, code, "review")
    with at(*sign_at):
        finish_steps(w, code)
    with at(*result_at):
        results.result_record(actor=w.u("signer"), code=code, summary="Đã cấp")
        if return_it:
            results.result_return(actor=w.u("reception"), code=code, channel="counter")
    return Dossier.objects.get(code=code)


def data(
    *, satisfied: bool = True, points: int = 2, officials: list[OfficialScore] | None = None
) -> RatingData:
    return RatingData(
        satisfied=satisfied,
        points=dict.fromkeys((5, 6, 7, 8, 9), points),
        comment="Tốt",
        officials=officials or [],
    )


def second_desk(w: World) -> User:
    """A reception official of the ward who did not serve the crafted dossiers: the one who
    may issue their kiosk codes (whoever received a dossier may not)."""
    user = User.objects.filter(username="reception2").first()
    if user is None:
        user = User.objects.create_user(
            username="reception2", password="x-test-pass", kind="official"
        )
        role_grant(user=user, agency=w.ward, role=Role.RECEPTION)
    return user


def city_inspector(w: World, *, at_ward: bool = False) -> User:
    """An inspector of the city over every agency below it (a supervising body), or, with
    `at_ward`, one whose role is held at the ward itself (the ward's own people)."""
    name = "ward_inspector" if at_ward else "city_inspector"
    user = User.objects.create_user(username=name, password="x-test-pass", kind="official")
    if at_ward:
        role_grant(user=user, agency=w.ward, role=Role.INSPECTOR)
    else:
        role_grant(user=user, agency=w.city, role=Role.INSPECTOR, include_descendants=True)
    return user
