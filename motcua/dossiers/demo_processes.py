"""Demo internal processes for the demo catalogue (called by `motcua seed_demo`).

Every published procedure without a published process gets one, agency-less (it applies to
every receiving agency):
- the usual one-agency flow: reception → specialist review → unit head → leader signs → clerk
  issues, its hours splitting the procedure's time limit so the critical path equals it;
- for up to three procedures (household business, construction, land), an inter-agency flow:
  after the specialist's review, a department is consulted (agency_rule fixed) while the unit
  head checks the file in parallel; both branches join at the signer.

Limits in calendar days or months have no exact working-hour equivalent: they are estimated
(5 working days per 7 calendar days, 22 per month) and the process carries an allotment note.
A same-day procedure (0 working days: due at the end of the deemed receipt day, docs/rules.md
§2) gets the working hours that are always left on that day, from the receipt cut-off to the
end of office hours (15:00 → 17:00 = 2 hours), also with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

from motcua.accounts.models import Agency, AgencyKind
from motcua.catalog.models import Procedure, ProcedureLevel, ProcedureVersion, VersionStatus
from motcua.core.calendar_rules import parse_hhmm
from motcua.core.text import fold
from motcua.dossiers import process_graph as pg
from motcua.dossiers.demo_bundle_processes import seed_bundle_processes
from motcua.dossiers.models import ProcessDefinition, ProcessStatus
from motcua.dossiers.services.process import process_create, process_publish

CENT = Decimal("0.01")
WORKING_DAYS_PER_MONTH = 22


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True)
class ConsultRule:
    """Which procedures get the inter-agency flow, and which department they consult. The
    first commune-level procedure whose folded name holds a keyword wins (keywords in order of
    preference), else the first of the field."""

    field_code: str
    name_keywords: tuple[str, ...]
    department_keyword: str


CONSULT_RULES = (
    ConsultRule("ho-kinh-doanh", ("dang ky thanh lap ho kinh doanh",), "tai chinh"),
    ConsultRule("xay-dung", ("cap giay phep xay dung moi", "cap giay phep xay dung"), "xay dung"),
    ConsultRule("dat-dai", ("quyen su dung dat",), "nong nghiep va moi truong"),
)

# (key, name, role, weight in tenths of the limit); "review" absorbs the rounding remainder.
SINGLE_FLOW = (
    ("reception", "Tiếp nhận hồ sơ", "reception", 1),
    ("review", "Chuyên viên thẩm định hồ sơ", "specialist", 5),
    ("unit_head", "Trưởng phòng xem xét", "unit_head", 2),
    ("sign", "Lãnh đạo ký duyệt", "signer", Decimal("1.5")),
    ("issue", "Văn thư vào số, phát hành kết quả", "clerk", Decimal("0.5")),
)
OUTCOMES = {
    "reception": ["approve", "supplement", "refuse"],
    "review": ["approve", "return", "supplement", "refuse"],
    "consult": ["approve", "return"],
    "unit_head": ["approve", "return"],
    "sign": ["approve", "return", "refuse"],
    "issue": ["approve"],
}


def seed_demo_processes(stdout: Writer | None = None) -> int:
    """Create and publish a process for each published procedure that has none; returns how
    many were created. Safe to run again (procedures with a published process are skipped).
    The liên thông bundles get their per-ward processes first (`demo_bundle_processes`)."""
    bundles = seed_bundle_processes()
    if stdout is not None and bundles:
        stdout.write(f"Quy trình liên thông Nghị định 63/2024: {bundles} quy trình theo phường\n")
    procedures = list(
        Procedure.objects.filter(current__status=VersionStatus.PUBLISHED)
        .exclude(processes__status=ProcessStatus.PUBLISHED)
        .select_related("current", "current__field")
        .order_by("code")
        .distinct()
    )
    consults = pick_consults(procedures)
    for procedure in procedures:
        process = _seed_one(procedure, consults.get(procedure.pk))
        if stdout is not None:
            stdout.write(
                f"Quy trình {procedure.code}: {process.name} ({process.critical_path_hours} giờ)\n"
            )
    return bundles + len(procedures)


@transaction.atomic
def _seed_one(procedure: Procedure, department: Agency | None) -> ProcessDefinition:
    version = procedure.current
    assert version is not None
    total, note = limit_hours(version)
    if department is None:
        name, steps, edges = "Quy trình nội bộ", single_flow(total), chain_edges(SINGLE_FLOW)
    else:
        name = "Quy trình liên thông"
        steps, edges = inter_agency_flow(total, department)
    process = process_create(
        procedure=procedure,
        name=f"{name}: {version.name}"[:255],
        steps=steps,
        edges=edges,
        allotment_note=note,
    )
    return process_publish(process=process)


def limit_hours(version: ProcedureVersion) -> tuple[Decimal, str]:
    """The limit in working hours and, for calendar units, the note explaining the estimate."""
    value = Decimal(version.time_limit_value)
    if version.time_limit_unit == "working_days" and value == 0:
        return same_day_hours(version)
    exact = pg.working_hours_of(value, version.time_limit_unit)
    if exact is not None:
        return exact, ""
    per_day = Decimal(WORKING_DAYS_PER_MONTH) if version.time_limit_unit == "months" else None
    days = value * per_day if per_day else value * 5 / 7
    days = max(days.quantize(Decimal(1), ROUND_HALF_UP), Decimal(1))
    hours = days * pg.HOURS_PER_WORKING_DAY
    note = (
        f"Thời hạn {value.normalize():f} {version.get_time_limit_unit_display()} tính theo lịch, "
        f"không quy đổi chính xác ra giờ làm việc; phân bổ ước tính {days} ngày làm việc "
        f"= {hours} giờ (5 ngày làm việc mỗi 7 ngày lịch, {WORKING_DAYS_PER_MONTH} mỗi tháng)."
    )
    return hours, note


def same_day_hours(version: ProcedureVersion) -> tuple[Decimal, str]:
    """Working hours between the receipt cut-off and the end of the default office day: what a
    same-day dossier received just before the cut-off still has (the least it can have)."""
    cutoff = version.receipt_cutoff
    cutoff_seconds = (
        cutoff.hour * 3600 + cutoff.minute * 60
        if cutoff is not None
        else parse_hhmm(settings.MOTCUA["RECEIPT_CUTOFF"])
    )
    office = settings.MOTCUA["DEFAULT_OFFICE_HOURS"]
    left = sum(
        max(0, parse_hhmm(end) - max(parse_hhmm(start), cutoff_seconds)) for start, end in office
    )
    hours = max(Decimal(left) / 3600, Decimal(1)).quantize(CENT, ROUND_HALF_UP)
    note = (
        "Thủ tục giải quyết trong ngày (0 ngày làm việc, nhận sau giờ chốt thì trong ngày làm "
        f"việc tiếp theo): phân bổ {hours.normalize():f} giờ làm việc, là thời gian luôn còn lại "
        "từ giờ chốt tiếp nhận đến hết giờ làm việc; hạn của hồ sơ là cuối ngày làm việc."
    )
    return hours, note


def split(total: Decimal, weights: dict[str, Decimal], remainder_key: str) -> dict[str, Decimal]:
    """Each key's share of `total` by weight (in tenths), rounded to the cent; the share of
    `remainder_key` is left at 0 for the caller to fill with what the critical path lacks."""
    shares = {
        k: (total * Decimal(w) / 10).quantize(CENT, ROUND_HALF_UP) for k, w in weights.items()
    }
    return shares | {remainder_key: Decimal(0)}


def single_flow(total: Decimal) -> list[dict[str, Any]]:
    shares = split(total, {k: Decimal(w) for k, _, _, w in SINGLE_FLOW}, "review")
    shares["review"] = total - sum(shares.values())
    return [
        step(key, name, role, shares[key], order=i)
        for i, (key, name, role, _w) in enumerate(SINGLE_FLOW, 1)
    ]


def inter_agency_flow(
    total: Decimal, department: Agency
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """reception → review → {consult (department) ∥ unit_head} → sign → issue.
    Critical path: reception + review + consult + sign + issue = total."""
    weights = {"reception": 1, "review": 3, "consult": 4, "unit_head": 2, "sign": 1.5, "issue": 0.5}
    shares = split(total, {k: Decimal(str(w)) for k, w in weights.items()}, "review")
    critical = ("reception", "consult", "sign", "issue")
    shares["review"] = total - sum(shares[k] for k in critical)
    steps = [
        step("reception", "Tiếp nhận hồ sơ", "reception", shares["reception"], order=1),
        step("review", "Chuyên viên thẩm định hồ sơ", "specialist", shares["review"], order=2),
        step(
            "consult",
            f"Lấy ý kiến {department.name}",
            "specialist",
            shares["consult"],
            order=3,
            agency_rule="fixed",
            agency=department.code,
        ),
        step("unit_head", "Trưởng phòng xem xét", "unit_head", shares["unit_head"], order=4),
        step("sign", "Lãnh đạo ký duyệt", "signer", shares["sign"], order=5),
        step("issue", "Văn thư vào số, phát hành kết quả", "clerk", shares["issue"], order=6),
    ]
    pairs = [(None, "reception"), ("reception", "review"), ("review", "consult"),
             ("review", "unit_head"), ("consult", "sign"), ("unit_head", "sign"),
             ("sign", "issue"), ("issue", None)]  # fmt: skip
    return steps, [{"source": s, "target": t} for s, t in pairs]


def step(
    key: str,
    name: str,
    role: str,
    hours: Decimal,
    *,
    order: int,
    agency_rule: str = "receiving",
    agency: str | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "order": order,
        "agency_rule": agency_rule,
        "agency": agency,
        "role": role,
        "allotted_hours": hours,
        "outcomes": OUTCOMES[key],
    }


def chain_edges(flow: tuple[tuple[Any, ...], ...]) -> list[dict[str, Any]]:
    keys: list[str | None] = [None, *(row[0] for row in flow), None]
    return [{"source": a, "target": b} for a, b in pairwise(keys)]


def pick_consults(procedures: list[Procedure]) -> dict[int, Agency]:
    """procedure id → the department it consults, at most one procedure per rule; commune-level
    procedures only (a ward receives and consults a city department)."""
    chosen: dict[int, Agency] = {}
    for rule in CONSULT_RULES:
        department = _department(rule.department_keyword)
        candidates = [p for p in procedures if p.pk not in chosen and _is_commune(p)]
        match = _best_match(candidates, rule)
        if department is not None and match is not None:
            chosen[match.pk] = department
    return chosen


def _is_commune(procedure: Procedure) -> bool:
    return procedure.current is not None and procedure.current.level == ProcedureLevel.COMMUNE


def _best_match(candidates: list[Procedure], rule: ConsultRule) -> Procedure | None:
    names = [(p, fold(p.current.name)) for p in candidates if p.current is not None]
    for keyword in rule.name_keywords:
        found = next((p for p, name in names if fold(keyword) in name), None)
        if found is not None:
            return found
    return next(
        (p for p in candidates if p.current and p.current.field.code == rule.field_code), None
    )


def _department(keyword: str) -> Agency | None:
    departments = Agency.objects.filter(kind=AgencyKind.DEPARTMENT, is_active=True).order_by("code")
    return next((a for a in departments if fold(keyword) in fold(a.name)), None)
