"""Load the demo data through the services, idempotently.

Contract: existing rows are found by natural key (agency code, field code, procedure code,
username, (user, agency, role)). A row whose demo content is unchanged is not touched, so a
second run writes nothing at all: no rows, no procedure versions, no audit events. A procedure
whose demo content changed gets a new published version; an agency whose attributes changed is
updated through `agency_update`; existing users keep their passwords. Everything runs in one
transaction.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from motcua.accounts import services as accounts
from motcua.accounts.models import Agency, RoleAssignment, User, UserKind
from motcua.catalog.demo import (
    procedures_bundles,
    procedures_certification,
    procedures_city,
    procedures_commune,
    procedures_commune_land_social,
    procedures_justice,
    procedures_sectors,
)
from motcua.catalog.demo.agencies import AGENCIES
from motcua.catalog.demo.fields import FIELDS
from motcua.catalog.demo.users import BUSINESSES, CITIZENS, DEMO_PASSWORD, OFFICIALS
from motcua.catalog.models import Field, Procedure
from motcua.catalog.services import (
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
    version_data,
)
from motcua.core import audit

PROCEDURES: list[dict[str, Any]] = (
    procedures_justice.PROCEDURES
    + procedures_certification.PROCEDURES
    + procedures_commune.PROCEDURES
    + procedures_commune_land_social.PROCEDURES
    + procedures_city.PROCEDURES
    + procedures_sectors.PROCEDURES
    + procedures_bundles.PROCEDURES
)
_EXTRA_KEYS = ("agencies", "code_checked", "verify")

Report = dict[str, Counter]
Echo = Callable[[str], None]


def procedure_data(row: dict[str, Any]) -> ProcedureData:
    """The `ProcedureData` of one demo procedure dict."""
    kwargs = {k: v for k, v in row.items() if k not in _EXTRA_KEYS}
    return ProcedureData(agency_codes=list(row["agencies"]), **kwargs)


def _comparable(data: ProcedureData) -> ProcedureData:
    return dataclasses.replace(data, agency_codes=sorted(set(data.agency_codes)))


def seed_fields(report: Report) -> None:
    """Fields have no catalogue service yet: written here, each write with an audit event."""
    existing = {f.code: f for f in Field.objects.all()}
    for code, name in FIELDS:
        row = existing.get(code)
        if row is None:
            Field.objects.create(code=code, name=name)
            audit.append(
                stream_type="field", stream_id=code, kind="field.created", payload={"name": name}
            )
            report["fields"]["created"] += 1
        elif row.name != name:
            row.name = name
            row.save(update_fields=["name"])
            audit.append(
                stream_type="field", stream_id=code, kind="field.updated", payload={"name": name}
            )
            report["fields"]["updated"] += 1
        else:
            report["fields"]["unchanged"] += 1


def seed_agencies(report: Report, echo: Echo) -> None:
    existing = {a.code: a for a in Agency.objects.select_related("parent")}
    for row in AGENCIES:
        agency = existing.get(row["code"])
        if agency is None:
            parent = existing[row["parent"]] if row["parent"] else None
            fields = {k: v for k, v in row.items() if k != "parent"}
            existing[row["code"]] = accounts.agency_create(parent=parent, **fields)
            report["agencies"]["created"] += 1
            continue
        parent_code = agency.parent.code if agency.parent else None
        if parent_code != row["parent"]:
            echo(f"  ! {row['code']}: cơ quan cấp trên khác dữ liệu mẫu, bỏ qua (không di chuyển).")
            report["agencies"]["skipped"] += 1
            continue
        changes = {k: row[k] for k in accounts.AGENCY_EDITABLE if getattr(agency, k) != row[k]}
        if changes and accounts.agency_update(agency=agency, **changes):
            report["agencies"]["updated"] += 1
        else:
            report["agencies"]["unchanged"] += 1


def seed_procedures(report: Report) -> None:
    current = {
        p.code: p
        for p in Procedure.objects.select_related("current__field").prefetch_related(
            "current__agencies", "current__documents", "current__fees"
        )
    }
    for row in PROCEDURES:
        data = procedure_data(row)
        procedure = current.get(data.code)
        snapshot = version_data(procedure.current) if procedure and procedure.current else None
        if snapshot is not None and snapshot == _comparable(data):
            report["procedures"]["unchanged"] += 1
            continue
        version = procedure_draft_save(data=data)
        procedure_publish(version=version)
        report["procedures"]["created" if snapshot is None else "updated"] += 1


class _Password:
    """Hash the demo password at most once per run (PBKDF2 is deliberately slow)."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def __call__(self) -> str:
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash


def seed_users(report: Report, echo: Echo) -> None:
    agencies = {a.code: a for a in Agency.objects.all()}
    users = {u.username: u for u in User.objects.all()}
    password = _Password()

    def ensure(spec: dict[str, Any], create: Callable[..., User], **kwargs: Any) -> User:
        user = users.get(spec["username"])
        if user is not None:
            report["users"]["unchanged"] += 1
            return user
        user = create(
            username=spec["username"],
            full_name=spec["full_name"],
            password_hash=password(),
            **kwargs,
        )
        report["users"]["created"] += 1
        return user

    held = {
        (r.user_id, r.agency_id, r.role): r.include_descendants
        for r in RoleAssignment.objects.all()
    }
    for spec in OFFICIALS:
        user = ensure(
            spec,
            accounts.user_create_official,
            home_agency=agencies[spec["home"]],
            is_staff=spec.get("staff", False),
            is_superuser=spec.get("superuser", False),
        )
        if user.kind != UserKind.OFFICIAL:
            echo(f"  ! {user.username} đã tồn tại nhưng không phải cán bộ: không phân quyền.")
            report["roles"]["skipped"] += len(spec["roles"])
            continue
        for role, code, below in spec["roles"]:
            agency = agencies[code]
            if held.get((user.pk, agency.pk, role)) == below:
                report["roles"]["unchanged"] += 1
                continue
            accounts.role_grant(user=user, agency=agency, role=role, include_descendants=below)
            report["roles"]["granted"] += 1
    for spec in CITIZENS:
        ensure(
            spec,
            accounts.user_create_citizen,
            cccd=spec["cccd"],
            birth_date=spec["birth_date"],
            sex=spec["sex"],
            phone=spec["phone"],
        )
    for spec in BUSINESSES:
        ensure(
            spec,
            accounts.user_create_business,
            tax_code=spec["tax_code"],
            organisation_name=spec["organisation_name"],
            cccd=spec["cccd"],
            phone=spec["phone"],
        )


@transaction.atomic
def seed_demo(*, echo: Echo = lambda _line: None) -> Report:
    """Load or refresh the demo data; returns counts per kind (created/updated/unchanged...)."""
    report: Report = {k: Counter() for k in ("fields", "agencies", "procedures", "users", "roles")}
    steps = [
        ("Lĩnh vực", "fields", seed_fields),
        ("Cơ quan", "agencies", lambda r: seed_agencies(r, echo)),
        ("Thủ tục hành chính", "procedures", seed_procedures),
        ("Người dùng và phân quyền", "users", lambda r: seed_users(r, echo)),
    ]
    for label, key, step in steps:
        echo(f"{label}...")
        step(report)
        echo("  " + _summary(report[key]))
        if key == "users":
            echo("  Phân quyền: " + _summary(report["roles"]))
    return report


_LABELS = {
    "created": "tạo mới",
    "updated": "cập nhật",
    "unchanged": "không đổi",
    "skipped": "bỏ qua",
    "granted": "cấp mới",
}


def _summary(counts: Counter) -> str:
    if not counts:
        return "không có gì"
    return ", ".join(f"{n} {_LABELS.get(k, k)}" for k, n in counts.items())
