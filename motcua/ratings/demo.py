"""Demo ratings of the demo city (called by `motcua seed_demo`; docs/demo-data.md): finished
dossiers of the demo citizens at UBND phường Bến Thành, received at the counter, processed
through every step of their internal process by the ward's demo officials, their result
recorded (without an electronic document: signing one asks the time-stamping server, and the
seed must work offline) and returned, then rated by the
citizen through `ratings.services.rating_submit` — mostly satisfied, two not, some with
per-official scores. Everything goes through the services, at the present time.

Idempotent: each demo dossier is recognised by its result summary; one already there is left
alone. A dossier and its rating are made in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.models import Agency, User
from motcua.dossiers.models import Dossier, StepInstance, StepStatus
from motcua.dossiers.services import processing, results
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import dossier_intake_counter
from motcua.ratings.selectors import officials_of
from motcua.ratings.services import OfficialScore, RatingData, rating_submit

WARD = "000.02.90.H29"  # UBND phường Bến Thành (catalog/demo/agencies.py)
OFFICIALS = {  # step role → the ward's demo official (catalog/demo/users.py)
    "reception": "tiepnhan.benthanh",
    "specialist": "chuyenvien.benthanh",
    "unit_head": "truongphong.benthanh",
    "signer": "lanhdao.benthanh",
    "clerk": "vanthu.benthanh",
}
CITIZENS = {  # username → (name, CCCD), catalog/demo/users.py CITIZENS
    "congdan1": ("Nguyễn Văn An", "079085012345"),
    "congdan2": ("Trần Thị Bích Ngọc", "079192006789"),
}


@dataclass(frozen=True)
class Case:
    citizen: str
    procedure: str
    summary: str  # the result summary; also how the seed finds the dossier again
    satisfied: bool | None  # None: returned but not rated (yet)
    points: int = 2
    comment: str = ""
    rate_officials: bool = False


CASES = (
    Case(
        "congdan1",
        "1.004884",
        "Đã đăng ký lại khai sinh (dữ liệu mẫu 1)",
        True,
        comment="Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.",
        rate_officials=True,
    ),
    Case(
        "congdan2",
        "1.013227",
        "Đã gia hạn giấy phép xây dựng (dữ liệu mẫu 2)",
        True,
        comment="Nhanh, gọn.",
    ),
    Case(
        "congdan1",
        "1.004859",
        "Đã cải chính thông tin hộ tịch (dữ liệu mẫu 3)",
        True,
        points=1,
        comment="Được, nhưng phải chờ ở quầy khá lâu.",
        rate_officials=True,
    ),
    Case(
        "congdan2",
        "2.000942",
        "Đã cấp bản sao có chứng thực hợp đồng (dữ liệu mẫu 4)",
        False,
        points=0,
        comment="Phải đi lại hai lần vì không được hướng dẫn đủ giấy tờ ngay từ đầu.",
        rate_officials=True,
    ),
    Case(
        "congdan1",
        "1.001731",
        "Đã giải quyết hỗ trợ chi phí mai táng (dữ liệu mẫu 5)",
        True,
    ),
    Case(
        "congdan2",
        "1.010833",
        "Đã cấp giấy xác nhận thân nhân người có công (dữ liệu mẫu 6)",
        True,
        comment="Rất hài lòng.",
        rate_officials=True,
    ),
    Case(
        "congdan1",
        "2.000942",
        "Đã cấp bản sao có chứng thực hợp đồng (dữ liệu mẫu 7)",
        False,
        points=1,
        comment="Hẹn trả kết quả buổi sáng nhưng chiều mới có.",
    ),
    Case(
        "congdan2",
        "1.004859",
        "Đã cải chính thông tin hộ tịch (dữ liệu mẫu 8)",
        None,
    ),
)


def _finish_steps(code: str, users: dict[str, User]) -> None:
    for _ in range(20):  # a demo process has at most a handful of steps
        active = list(
            StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE)
            .select_related("step")
            .order_by("id")
        )
        if not active:
            return
        for inst in active:
            processing.step_complete(
                actor=users[inst.step.role], code=code, step_id=inst.pk, outcome="approve"
            )
    raise RuntimeError(f"demo dossier {code}: steps never finish")


def _one(case: Case, users: dict[str, User], citizen: User) -> None:
    name, cccd = CITIZENS[case.citizen]
    dossier = dossier_intake_counter(
        actor=users["reception"],
        procedure_code=case.procedure,
        agency_code=WARD,
        applicant=ApplicantData(
            kind="person",
            name=name,
            id_number=cccd,
            phone=citizen.phone or "",
            address="Phường Bến Thành, TP. Hồ Chí Minh",
        ),
        form_data={},
    )
    _finish_steps(dossier.code, users)
    # no electronic result document: signing it needs the time-stamping server (network)
    results.result_record(actor=users["signer"], code=dossier.code, summary=case.summary)
    results.result_return(actor=users["reception"], code=dossier.code, channel="counter")
    if case.satisfied is None:
        return
    scores = []
    if case.rate_officials:
        served = officials_of(Dossier.objects.get(pk=dossier.pk))
        good = 2 if case.satisfied else 1
        scores = [
            OfficialScore(
                official_id=s.user.pk,
                courtesy=good,
                guidance=good if i else case.points,
                timeliness=good,
                comment="Nhiệt tình." if case.satisfied and not i else "",
            )
            for i, s in enumerate(served[:2])
        ]
    rating_submit(
        actor=citizen,
        code=dossier.code,
        data=RatingData(
            satisfied=case.satisfied,
            points=dict.fromkeys((5, 6, 7, 8, 9), case.points),
            comment=case.comment,
            officials=scores,
        ),
    )


def seed_demo_ratings(echo: Callable[[str], None] = print) -> int:
    """Create the demo finished dossiers (and their ratings) that are missing; returns how many
    dossiers were made."""
    users = {u.username: u for u in User.objects.filter(username__in=[*OFFICIALS.values()])}
    citizens = {u.username: u for u in User.objects.filter(username__in=list(CITIZENS))}
    if (
        not Agency.objects.filter(code=WARD).exists()
        or len(users) < len(OFFICIALS)
        or len(citizens) < len(CITIZENS)
    ):
        echo("  bỏ qua đánh giá mẫu: chưa có phường Bến Thành, cán bộ hoặc công dân mẫu")
        return 0
    by_role = {role: users[name] for role, name in OFFICIALS.items()}
    done = set(
        Dossier.objects.filter(
            receiving_agency__code=WARD, result_summary__in=[c.summary for c in CASES]
        ).values_list("result_summary", flat=True)
    )
    made = 0
    for case in CASES:
        if case.summary in done:
            continue
        with transaction.atomic():
            _one(case, by_role, citizens[case.citizen])
        made += 1
    return made
