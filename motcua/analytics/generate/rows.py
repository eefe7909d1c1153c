"""One dossier's rows, from its `Life`: the dossier and what the analytics read beside it
(analytics/facts.py): supplement requests, the apology, fee lines and the online payment (with
its refund), the electronic result (an attachment and its result code), reused components (an
attachment and its source) and the rating.

Attachments name no stored file (`file` empty, which `core.downloads` refuses as "no stored
file"): they exist to be counted; their size and digest are made up. No audit events, step
instances or slips are written: the rollup rebuild reads tables, not events.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from motcua.analytics.generate import names
from motcua.analytics.generate.catalogue import Ids, ProcSpec, Unit
from motcua.analytics.generate.figures import ORGANISATION_SHARE
from motcua.analytics.generate.lifecycle import Life
from motcua.analytics.generate.people import Applicant, People
from motcua.analytics.generate.rows_catalogue import columns
from motcua.dossiers.profiles import profile_for
from motcua.ratings.rules import RULES_VERSION

Row = tuple[Any, ...]
LOCAL = 7 * 3600


DOSSIER = columns("""
    id code procedure_version_id process_id profile_code receiving_agency_id channel status
    pause_reason due_state applicant_kind applicant_name applicant_id_number applicant_phone
    applicant_email applicant_address representative_name representative_id_number tracking_pin
    applicant_user_id form_data fee_total submitted_at received_at deemed_received_at due_at
    extended_due_at appointment_at paused_at paused_seconds finished_at returned_at
    calendar_version return_channel result_summary refusal_reasons reception_supplements
    supplement_flagged apology_count verification_at verification_reason idempotency_key
    submitted_by_id version created_at""")
SUPPLEMENT = columns("""dossier_id stage agency_id items legal_basis is_override requested_by_id
    requested_at completed_at paused_seconds""")
APOLOGY = columns("""dossier_id issued_by_id issued_at reason old_due_at new_due_at form_number
    issued_in_time""")
FEE_LINE = columns("dossier_id fee_id kind description base_amount amount exempt_category")
PAYMENT = columns("""id dossier_id order_ref amount currency provider status transaction_no
    bank_code response_code created_at expires_at paid_at started_by_id receipt_number receipt
    receipt_sha256""")
REFUND = columns("payment_id amount reason status reference confirmed_by_id confirmed_at")
ATTACHMENT = columns("""id dossier_id required_document_id purpose file original_name
    content_type size sha256 uploaded_by_id uploaded_at""")
RESULT_CODE = columns("code dossier_id attachment_id sha256 signed agency_id issued_at")
SOURCE = columns("attachment_id dossier_id source item_id origin_id created_at")
RATING = columns("""dossier_id source channel rater_id satisfied i1 i2 i3 i4 i5 i6 i7 i8 i9 total
    computed rules_version comment corrects_id correction_reason kiosk_code_id created_at""")
COUNTER = columns("agency_id day last")

BANKS = ("VCB", "BIDV", "VIETINBANK", "TECHCOMBANK", "MBBANK", "ACB", "SACOMBANK", "NCB")
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
EMPTY_JSON = "[]"
RESOLVED = ("result_ready", "returned")


def result_code(dossier_id: int) -> str:
    """'KQ' + 10 base-32 characters, one-to-one with the dossier id (an odd multiplier modulo
    2^50), so codes are unique without a lookup and do not reveal the order of dossiers."""
    x = (dossier_id * 0x2F5A3C9E1B7D) % (1 << 50)
    return "KQ" + "".join(B32[(x >> (5 * k)) & 31] for k in range(9, -1, -1))


def _iso(instant: int) -> str:
    return datetime.fromtimestamp(instant, UTC).isoformat()


def _computed(life: Life) -> str:
    """The inputs of indicators 1–4, as `ratings.rules` records them."""
    assert life.finished is not None
    supplements = len(life.supplements)
    return json.dumps({"finished_at": _iso(life.finished), "due_at": _iso(life.due),
                       "step_timings": [], "supplement_requests": supplements,
                       "other_agencies": 0})  # fmt: skip


class DossierRows:
    """Turns lives into rows; numbers the codes per agency and submission day."""

    def __init__(
        self,
        rng: random.Random,
        ids: Ids,
        people: People,
        accounts: list[tuple[int, Applicant]],
        calendar_versions: tuple[str, str],
        horizon: int,
    ) -> None:
        self.rng, self.ids, self.people, self.accounts = rng, ids, people, accounts
        self.horizon = horizon
        self.versions = calendar_versions
        self.numbers: dict[tuple[int, int], int] = defaultdict(int)
        self._days: dict[int, tuple[date, str, str]] = {}
        self.items = [
            json.dumps([{"name": n, "reason": r}], ensure_ascii=False)
            for n, r in names.SUPPLEMENT_ITEMS
        ]
        self.refusals = [json.dumps([r], ensure_ascii=False) for r in names.REFUSAL_REASONS]

    def _day(self, local_day: int) -> tuple[date, str, str]:
        """(date, YYMMDD, regulation profile code) of a local day number."""
        got = self._days.get(local_day)
        if got is None:
            d = datetime.fromtimestamp(local_day * 86_400, UTC).date()
            got = self._days[local_day] = (d, d.strftime("%y%m%d"), profile_for(d).code)
        return got

    def _applicant(self, life: Life, p: ProcSpec) -> tuple[int | None, Applicant]:
        if life.channel == "online" and self.accounts:
            return self.accounts[self.rng.randrange(len(self.accounts))]
        if p.level != "commune" and self.rng.random() < ORGANISATION_SHARE:
            return None, self.people.organisation()
        return None, self.people.person()

    def _due_state(self, life: Life) -> str:
        effective = life.apology[2] if life.apology else life.due
        if life.finished is None:
            waiting = life.paused_at is not None
            return "overdue" if not waiting and effective < self.horizon else "on_track"
        return "overdue" if life.finished > effective else "on_track"

    def add(self, life: Life, p: ProcSpec, unit: Unit, out: dict[str, list[Row]]) -> None:
        rng, official = self.rng, unit.official_id
        did = self.ids.take("dossier")
        sub_day = (life.submitted + LOCAL) // 86_400
        self.numbers[(unit.id, sub_day)] += 1
        code = f"{unit.code}-{self._day(sub_day)[1]}-{self.numbers[(unit.id, sub_day)]:04d}"
        user, who = self._applicant(life, p)
        profile = self._day((life.received + LOCAL) // 86_400)[2]
        paused_at, apology = life.paused_at, life.apology
        out["dossier"].append((
            did, code, p.version_id, None, profile, unit.id, life.channel, life.status,
            "supplement" if paused_at else "", self._due_state(life), who.kind, who.name,
            who.id_number, who.phone, "", who.address, who.representative_name,
            who.representative_id, f"{rng.randrange(1_000_000):06d}", user, "{}", life.fee_total,
            life.submitted, life.received, life.deemed, life.due, apology[2] if apology else None,
            life.appointment, paused_at, sum(s.paused for s in life.supplements), life.finished,
            life.returned, self.versions[unit.saturday], life.return_channel,
            "Đã có kết quả giải quyết" if life.status in RESOLVED else "",
            rng.choice(self.refusals) if life.status == "rejected" else EMPTY_JSON,
            sum(s.stage == "reception" for s in life.supplements), False, 1 if apology else 0,
            None, "", None, user or official, life.events, life.submitted,
        ))  # fmt: skip
        self._records(life, p, unit, did, code, user, out)

    def _records(self, life: Life, p: ProcSpec, unit: Unit, did: int, code: str,
                 user: int | None, out: dict[str, list[Row]]) -> None:  # fmt: skip
        rng, official = self.rng, unit.official_id
        for s in life.supplements:
            out["supplement"].append((did, s.stage, unit.id, rng.choice(self.items), "", False,
                                      official, s.requested, s.completed, s.paused))  # fmt: skip
        if life.apology:
            issued, old, new, in_time = life.apology
            out["apology"].append((did, official, issued, "Hồ sơ cần thêm thời gian thẩm định",
                                   old, new, "04", in_time))  # fmt: skip
        if p.fee_id is not None:
            exempt = "" if life.fee_total else "poor_household"
            out["fee_line"].append((did, p.fee_id, "charge", "Lệ phí giải quyết thủ tục", p.fee,
                                    life.fee_total, exempt))  # fmt: skip
        if life.paid is not None:
            self._payment(life, did, code, user, official, out)
        if life.digitised or life.source:
            aid = self._attachment(did, code, "component", user, life.submitted, out)
            if life.source:
                out["source"].append((aid, did, life.source, None, None, life.submitted))
        if life.e_result and life.finished is not None:
            aid = self._attachment(did, code, "result", official, life.finished, out)
            out["result_code"].append((result_code(did), did, aid, out["attachment"][-1][8],
                                       True, unit.id, life.finished))  # fmt: skip
        if life.rating:
            created, satisfied, points = life.rating
            out["rating"].append((did, "applicant", "online" if user else "kiosk", user,
                                  satisfied, *points, sum(points), _computed(life),
                                  RULES_VERSION, "", None, "", None, created))  # fmt: skip

    def _payment(self, life: Life, did: int, code: str, user: int | None, official: int,
                 out: dict[str, list[Row]]) -> None:  # fmt: skip
        assert life.paid is not None
        pid = self.ids.take("payment")
        status = "refunded" if life.refunded else "paid"
        out["payment"].append((pid, did, f"{code}-1", life.fee_total, "VND", "vnpay", status,
                               f"{self.rng.randrange(10**8):08d}", self.rng.choice(BANKS), "00",
                               life.paid - 120, life.paid + 780, life.paid, user, "", "",
                               ""))  # fmt: skip
        if life.refunded:
            out["refund"].append((pid, life.fee_total, "Hồ sơ không được giải quyết", "done",
                                  f"HT{pid}", official, life.refunded))  # fmt: skip

    def _attachment(self, did: int, code: str, purpose: str, by: int | None, at: int,
                    out: dict[str, list[Row]]) -> int:  # fmt: skip
        aid = self.ids.take("attachment")
        digest = hashlib.sha256(f"{code}/{purpose}".encode()).hexdigest()
        name = "ket-qua.pdf" if purpose == "result" else "to-khai.pdf"
        size = self.rng.randrange(40_000, 2_000_000)
        out["attachment"].append((aid, did, None, purpose, "", name, "application/pdf", size,
                                  digest, by, at))  # fmt: skip
        return aid

    def counters(self) -> list[Row]:
        """The per-agency daily code counters (`DossierCounter`) the codes used."""
        return [(agency, self._day(day)[0], last) for (agency, day), last in self.numbers.items()]
