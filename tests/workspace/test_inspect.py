"""The inspector's read-only search: scope, every filter, paging with a bounded query count, and
the API's agency filter (an agency outside the caller's scope gives an empty list)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import Role
from motcua.accounts.services import role_grant
from motcua.api.auth import token_create
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors.search import DossierQuery, dossier_search
from motcua.dossiers.services.submission import dossier_intake_counter
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World, _user, applicant

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/can-bo/giam-sat/"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)


def intake(world: World, who: str, agency: Any, **overrides: Any) -> Dossier:
    return dossier_intake_counter(
        actor=world.u(who),
        procedure_code=world.simple,
        agency_code=agency.code,
        applicant=applicant(**overrides),
        form_data={"purpose": "Đi học"},
    )


@pytest.fixture
def dossiers(world: World) -> dict[str, Dossier]:
    with time_machine.travel(MONDAY, tick=False):
        ward = intake(world, "reception", world.ward, name="Lê Thị Hồng")
        other = intake(world, "other_reception", world.other_ward, name="Phạm Văn Dũng")
    with time_machine.travel(MONDAY + timedelta(days=14), tick=False):
        later = intake(world, "reception", world.ward, name="Võ Minh Tâm", id_number="079190009999")
    return {"ward": ward, "other": other, "later": later}


@pytest.fixture
def ward_inspector(world: World) -> Any:
    return _user("inspector_ward", world.ward, [Role.INSPECTOR])


@pytest.fixture
def city_inspector(world: World) -> Any:
    user = _user("inspector_city", world.city, [])
    role_grant(user=user, agency=world.city, role=Role.INSPECTOR, include_descendants=True)
    return user


def codes(user: Any, **query: Any) -> set[str]:
    return {d.code for d in dossier_search(user=user, query=DossierQuery(**query))[1]}


def test_the_search_sees_only_the_inspectors_scope(
    dossiers: dict[str, Dossier], ward_inspector: Any, city_inspector: Any, world: World
) -> None:
    assert codes(ward_inspector) == {dossiers["ward"].code, dossiers["later"].code}
    assert codes(city_inspector) == {d.code for d in dossiers.values()}
    assert codes(world.u("reception")) == set()  # reception is not an inspector role


def test_each_filter(dossiers: dict[str, Dossier], city_inspector: Any, world: World) -> None:
    ward, other, later = dossiers["ward"], dossiers["other"], dossiers["later"]
    assert codes(city_inspector, code=ward.code.lower()) == {ward.code}
    assert codes(city_inspector, applicant="dũng") == {other.code}
    assert codes(city_inspector, applicant="079190009999") == {later.code}
    assert codes(city_inspector, procedure=world.liaison) == set()
    assert codes(city_inspector, procedure=world.simple) == {d.code for d in dossiers.values()}
    assert codes(city_inspector, status="received") == {d.code for d in dossiers.values()}
    assert codes(city_inspector, status="returned") == set()
    assert codes(city_inspector, agency=world.other_ward.code) == {other.code}
    day = MONDAY.date()
    assert codes(city_inspector, received_from=day, received_to=day) == {ward.code, other.code}
    assert codes(city_inspector, received_from=day + timedelta(days=1)) == {later.code}
    with time_machine.travel(MONDAY + timedelta(days=14, hours=1), tick=False):
        assert codes(city_inspector, due="overdue") == {ward.code, other.code}
        assert codes(city_inspector, due="due_soon") == set()


def test_an_agency_outside_the_scope_matches_nothing(
    dossiers: dict[str, Dossier], ward_inspector: Any, world: World
) -> None:
    assert codes(ward_inspector, agency=world.other_ward.code) == set()
    assert codes(ward_inspector, agency="no\x00such") == set()


def test_the_page_needs_the_inspector_role(client: Client, world: World) -> None:
    sign_in(client, world.u("reception"))
    assert client.get(URL).status_code == 403


def test_the_page_lists_filters_and_links_read_only(
    client: Client, dossiers: dict[str, Dossier], ward_inspector: Any, world: World,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    sign_in(client, ward_inspector)
    later = time_machine.travel(MONDAY + timedelta(days=14, hours=1), tick=False)
    with later, django_assert_max_num_queries(12):
        response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/can-bo/ho-so/{dossiers["ward"].code}/"' in body
    assert dossiers["other"].code not in body
    assert "Quá hạn" in body  # in words, not only in colour
    assert f'<option value="{world.ward.code}"' in body
    assert world.other_ward.code not in body  # the agency select lists the scope only
    assert "<form" in body
    assert 'method="post"' not in body.split("</nav>", 1)[1]


def test_an_agency_outside_the_select_is_a_form_error(
    client: Client, ward_inspector: Any, world: World
) -> None:
    sign_in(client, ward_inspector)
    response = client.get(URL, {"agency": world.other_ward.code})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    bad_dates = client.get(URL, {"received_from": "2026-03-05", "received_to": "2026-03-01"})
    assert bad_dates.status_code == 400
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in bad_dates.content.decode()


def test_results_are_paged_with_the_same_queries_per_page(
    client: Client, world: World, ward_inspector: Any, django_assert_max_num_queries: Any
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        made = [intake(world, "reception", world.ward).code for _ in range(27)]
    sign_in(client, ward_inspector)
    with django_assert_max_num_queries(12):
        first = client.get(URL).content.decode()
    with django_assert_max_num_queries(12):
        second = client.get(URL, {"page": 2}).content.decode()
    assert "Trang 1 / 2" in first
    assert "Trang 2 / 2" in second
    shown = [c for c in made if c in first] + [c for c in made if c in second]
    assert sorted(shown) == sorted(made)
    assert 'rel="next"' in first
    assert 'rel="prev"' in second


# -- the API's agency filter --------------------------------------------------------------------


def api_list(user: Any, **params: str) -> Any:
    client = Client()
    return client.get(
        "/api/v1/dossiers", params, HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}"
    )


def test_the_api_agency_filter_filters_within_the_scope(
    dossiers: dict[str, Dossier], city_inspector: Any, ward_inspector: Any, world: World
) -> None:
    everything = api_list(city_inspector).json()
    assert everything["count"] == 3
    ward = api_list(city_inspector, agency=world.ward.code).json()
    assert {d["code"] for d in ward["items"]} == {dossiers["ward"].code, dossiers["later"].code}
    other = api_list(city_inspector, agency=world.other_ward.code).json()
    assert [d["code"] for d in other["items"]] == [dossiers["other"].code]
    # an agency outside the caller's scope, or unknown: an empty list, not an error
    outside = api_list(ward_inspector, agency=world.other_ward.code)
    assert outside.status_code == 200
    assert outside.json() == {"count": 0, "items": []}
    assert api_list(ward_inspector, agency="000.99.99.H29").json()["count"] == 0
