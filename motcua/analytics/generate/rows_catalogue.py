"""Rows of the generated master data: agencies, officials and applicant accounts, sectors,
procedures with their published version, the agencies that take them, and fees.

Every account is made with an unusable password ("!" + random, as Django's
`set_unusable_password`): nobody signs in as a generated person.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from motcua.analytics.generate import figures as F
from motcua.analytics.generate.catalogue import Plan, ProcSpec
from motcua.analytics.generate.people import Applicant
from motcua.core.text import fold

Row = tuple[Any, ...]


def columns(text: str) -> tuple[str, ...]:
    return tuple(text.split())


AGENCY = columns("""id code name short_name kind parent_id path address phone email office_hours
    saturday_hours is_active""")
USER = columns("""id password last_login is_superuser username first_name last_name email
    is_staff is_active date_joined kind full_name cccd tax_code organisation_name phone
    home_agency_id idp_issuer idp_verified_at""")
FIELD = columns("id code name")
PROCEDURE = columns("id code current_id created_at")
VERSION = columns("""id procedure_id number status published_at name field_id level agency_text
    steps_text channels time_limit_value time_limit_unit time_limit_text receipt_cutoff
    applicants applicant_types result_type legal_basis requirements publication_decision_number
    publication_decision_date effective_from online_type eligible_end_to_end
    paper_result_required fee_before_processing form_schema name_folded search_folded""")
VERSION_AGENCY = columns("procedureversion_id agency_id")
FEE = columns("id version_id kind description amount condition online_amount exempt_categories")

# [assumption] the decision that published the generated catalogue, and the VNeID issuer name.
PUBLISHED = date(2025, 7, 1)
DECISION = "2242/QĐ-UBND (mô phỏng)"
VNEID_ISSUER = "https://vneid.gov.vn"
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def agencies(plan: Plan) -> Iterator[Row]:
    saturday = json.dumps([list(s) for s in F.SATURDAY_HOURS])
    for u in plan.units:
        hours = saturday if u.saturday else "[]"
        yield (u.id, u.code, u.name, u.short_name, u.kind, u.parent_id, u.path, "", "", "", "[]",
               hours, True)  # fmt: skip


def _password(rng: random.Random) -> str:
    return "!" + "".join(rng.choices(LETTERS, k=40))


def officials(rng: random.Random, plan: Plan, first_id: int, joined: int) -> Iterator[Row]:
    """One official per agency (who requests supplements, issues apologies, takes the counter's
    dossiers); sets `Unit.official_id`."""
    for n, u in enumerate(plan.units):
        u.official_id = first_id + n
        yield (u.official_id, _password(rng), None, False, f"{F.USER_PREFIX}canbo.{u.code}", "",
               "", "", False, True, joined, "official", f"Cán bộ {u.short_name}", "", "", "", "",
               u.id, "", None)  # fmt: skip


def account(rng: random.Random, uid: int, who: Applicant, joined: int, vneid: int | None) -> Row:
    """The account of an online applicant: a citizen, or a business's representative (the
    business's tax code and name on the account, the representative's CCCD)."""
    person = who.kind == "person"
    name = who.name if person else who.representative_name
    cccd = who.id_number if person else who.representative_id
    tax, organisation = ("", "") if person else (who.id_number, who.name)
    issuer = VNEID_ISSUER if vneid is not None else ""
    kind = "citizen" if person else "business"
    username = f"{F.USER_PREFIX}{uid}"
    return (uid, _password(rng), None, False, username, "", "", "", False, True, joined, kind,
            name, cccd, tax, organisation, who.phone, None, issuer, vneid)  # fmt: skip


def fields(plan: Plan) -> Iterator[Row]:
    yield from plan.fields


def procedures(plan: Plan, created: int) -> Iterator[Row]:
    for p in plan.procs:
        yield (p.id, p.code, p.version_id, created)


def _channels(p: ProcSpec) -> str:
    online = p.online_type != "none"
    return json.dumps(["counter", "postal", "online"] if online else ["counter", "postal"])


def versions(plan: Plan, published: int) -> Iterator[Row]:
    sectors = {fid: name for fid, _, name in plan.fields}
    kinds = json.dumps(["individual", "organisation"])
    for p in plan.procs:
        where = p.receiver.name if p.receiver else "UBND cấp xã"
        limit = f"{p.days} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
        applicants = "Cá nhân, tổ chức" if p.level != "commune" else "Cá nhân"
        searched = fold(" ".join((p.name, sectors[p.field_id], where, applicants, "Quyết định")))
        yield (p.version_id, p.id, 1, "published", published, p.name, p.field_id, p.level, where,
               "", _channels(p), str(Decimal(p.days)), "working_days", limit, None, applicants,
               kinds, "Quyết định", "", "", DECISION, PUBLISHED, PUBLISHED, p.online_type,
               p.online_type == "end_to_end", False, False, "[]", fold(p.name),
               searched)  # fmt: skip


def version_agencies(plan: Plan) -> Iterator[Row]:
    for p in plan.procs:
        for unit in [p.receiver] if p.receiver else plan.communes:
            yield (p.version_id, unit.id)


def fees(plan: Plan) -> Iterator[Row]:
    for p in plan.procs:
        if p.fee_id is not None:
            yield (p.fee_id, p.version_id, "charge", "Lệ phí giải quyết thủ tục", p.fee, "", None,
                   "[]")  # fmt: skip
