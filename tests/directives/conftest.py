"""A small city for assigned tasks: the city committee over two wards and a department, the
leaders (signers) and officials of each, and a helper that assigns a task."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from motcua.accounts.models import Agency, AgencyKind, Role, User
from motcua.accounts.services import agency_create, role_grant
from motcua.directives.models import Task
from motcua.directives.services import AssignData, task_assign
from tests.dossiers.conftest import city_and_ward

# 09:00 local on Tuesday 28/04/2026: the next days are Wed 29 (working), Thu 30/4 and Fri 1/5
# (Reunification Day, Labour Day), the weekend, then Mon 4/5 and Tue 5/5.
CLOCK = datetime(2026, 4, 28, 2, 0, tzinfo=UTC)


@dataclass
class City:
    city: Agency
    ward: Agency
    other_ward: Agency
    dept: Agency
    users: dict[str, User]

    def u(self, name: str) -> User:
        return self.users[name]


def _official(username: str, agency: Agency, *roles: str) -> User:
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


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(CLOCK, tick=False) as traveller:
        yield traveller


@pytest.fixture
def town(db: Any) -> City:
    city, ward = city_and_ward()
    other = agency_create(
        code="000.01.31.H29",
        name="UBND Phường Sài Gòn",
        short_name="UBNDSG",
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
    users = {
        "city_leader": _official("city_leader", city, Role.SIGNER),
        "ward_leader": _official("ward_leader", ward, Role.SIGNER),
        "ward_head": _official("ward_head", ward, Role.UNIT_HEAD),
        "ward_specialist": _official("ward_specialist", ward, Role.SPECIALIST),
        "other_leader": _official("other_leader", other, Role.SIGNER),
        "other_specialist": _official("other_specialist", other, Role.SPECIALIST),
        "dept_specialist": _official("dept_specialist", dept, Role.SPECIALIST),
    }
    return City(city, ward, other, dept, users)


def assign(town: City, **overrides: Any) -> Task:
    """A task the city leader gives the Bến Thành ward, 3 working days, unless overridden."""
    actor = overrides.pop("actor", town.u("city_leader"))
    data = {
        "assigning_agency": town.city,
        "source_kind": "document",
        "source_reference": "Văn bản số 05/QĐ-UBND",
        "title": "Rà soát hồ sơ tồn đọng",
        "working_days": 3,
        "assignee_agency": town.ward,
    }
    return task_assign(actor=actor, data=AssignData(**{**data, **overrides}))
