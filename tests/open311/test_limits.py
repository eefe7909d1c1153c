"""What a GeoReport v2 client may ask for and send (docs/rules.md §25): the id list and the
search are capped, a key's POSTs are throttled and recorded in the audit log, and no parameter
a client sends ends as a 500."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import jsonschema
import pytest
from django.test import Client

from motcua.core.models import AuditEvent
from motcua.feedback.models import Feedback
from motcua.open311.models import ApiKey
from motcua.open311.services import apikey_create
from tests.dossiers.conftest import World
from tests.feedback.conftest import CLOCK, submit
from tests.open311.conftest import check, schema
from tests.open311.test_georeport import post_params

pytestmark = pytest.mark.django_db


def _limit(settings: Any, **values: int) -> None:
    settings.MOTCUA = {**settings.MOTCUA, **values}


def test_an_id_list_longer_than_the_limit_is_a_400(
    city: World, clock: Any, client: Client, settings: Any
) -> None:
    codes = [submit().code for _ in range(3)]
    fifty = ",".join([*codes, *(f"PAKN-2026-{n:06d}" for n in range(100, 147))])
    assert len(check(client, "requests", "requests", service_request_id=fifty)) == 3
    errors = check(client, "requests", "errors", 400, service_request_id=f"{fifty},PAKN-X")
    assert errors[0]["description"] == "service_request_id takes at most 50 ids"
    _limit(settings, OPEN311_MAX_IDS=3)
    assert len(check(client, "requests", "requests", service_request_id=",".join(codes))) == 3
    check(client, "requests", "errors", 400, service_request_id=",".join([*codes, "PAKN-X"]))


def test_a_search_answers_at_most_the_limit_newest_first(
    city: World, clock: Any, client: Client, settings: Any
) -> None:
    made = []
    for minutes in (0, 1, 2):
        clock.move_to(CLOCK + timedelta(minutes=minutes))
        made.append(submit().code)
    _limit(settings, OPEN311_MAX_RESULTS=2)
    data = check(client, "requests", "requests")
    assert [r["service_request_id"] for r in data] == [made[2], made[1]]


def test_the_key_of_a_post_is_in_the_audit_log_never_its_secret(
    city: World, clock: Any, client: Client, api_key: str
) -> None:
    data = check(client, "requests", "post_requests", 201, "post", **post_params(api_key))
    key = ApiKey.objects.get()
    event = AuditEvent.objects.get(kind="open311.request_created")
    assert (event.stream_type, event.stream_id) == ("open311_key", str(key.pk))
    assert event.payload == {"feedback": data[0]["service_request_id"]}
    logged = json.dumps(list(AuditEvent.objects.values("payload", "actor_label")))
    assert api_key not in logged
    assert api_key[5:15] not in logged  # not even a part of the secret


def test_posts_are_throttled_per_key(
    city: World, clock: Any, client: Client, api_key: str, settings: Any
) -> None:
    _limit(settings, OPEN311_REQUESTS_PER_MINUTE=2)
    for _ in range(2):  # at the limit
        check(client, "requests", "post_requests", 201, "post", **post_params(api_key))
    over = check(client, "requests", "errors", 429, "post", **post_params(api_key))
    assert over[0] == {
        "code": 429,
        "description": "too many requests: at most 2 a minute per api_key",
    }
    xml = client.post("/open311/v2/requests.xml", post_params(api_key))
    assert xml.status_code == 429
    assert b"<errors><error><code>429</code>" in xml.content
    assert xml["Retry-After"] == "60"
    assert Feedback.objects.count() == 2
    other = apikey_create(actor=None, name="Ứng dụng khác")[1]
    check(client, "requests", "post_requests", 201, "post", **post_params(other))
    clock.move_to(CLOCK + timedelta(seconds=61))  # the block of the first key is over
    check(client, "requests", "post_requests", 201, "post", **post_params(api_key))
    assert Feedback.objects.count() == 4


HOSTILE_GETS = [
    ("requests", {"service_request_id": "PAKN-2026-000001,a\x00b"}),
    ("requests", {"service_code": "thu-tuc,\x00"}),
    ("requests", {"status": "open\x00"}),
    ("requests", {"start_date": "9999-12-31T00:00:00+07:00"}),  # the window ends after 9999
    ("requests", {"end_date": "0001-01-01T00:00:00+00:00"}),  # it starts before year 1
    ("requests", {"start_date": "0001-01-01T00:00:00+14:00"}),  # before year 1 in UTC
    ("requests", {"start_date": "2026-12-01T00:00:00\x00"}),
    ("requests/PAKN\x00", {}),
    ("services/do-thi\x00", {}),
    ("tokens/\x00", {}),
    ("services", {"jurisdiction_id": "\x00"}),
]


@pytest.mark.parametrize(("path", "params"), HOSTILE_GETS)
def test_hostile_search_parameters_are_client_errors(
    city: World, clock: Any, client: Client, path: str, params: dict[str, str]
) -> None:
    errors = check(client, path, "errors", 400, **params)
    assert errors[0]["code"] == 400


HOSTILE_POSTS = [
    {"service_code": "do-thi\x00"},
    {"first_name": "Phạm\x00"},
    {"description": "Lấn chiếm\x00"},
    {"description": "x" * 10_001},
    {"lat": "NaN"},
    {"long": "sNaN"},
    {"lat": "Infinity"},
    {"lat": "1e999999"},
    {"attribute[title]": "Tiêu đề\x1b"},
    {"attribute[subject]": "agency\x00"},
    {"address_string": "x\x00"},
    {"phone\x00": "1"},
]


@pytest.mark.parametrize("overrides", HOSTILE_POSTS)
def test_hostile_posts_are_400s_and_create_nothing(
    city: World, clock: Any, client: Client, api_key: str, overrides: dict[str, str]
) -> None:
    resp = client.post("/open311/v2/requests.json", post_params(api_key, **overrides))
    assert resp.status_code == 400, resp.content
    jsonschema.validate(resp.json(), schema("errors"))
    assert not Feedback.objects.exists()
