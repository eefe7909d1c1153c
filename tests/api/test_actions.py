"""The dossier actions, one operation each: every action answers with the dossier its service
returned (the same body a fresh read gives), without reading the dossier again; the list and the
detail cost a fixed number of queries whatever the number of dossiers, steps and apologies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import BODY
from tests.api.test_errors import Api
from tests.dossiers.conftest import World

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# A SELECT whose main table is the dossier table (subqueries of other reads do not count).
DOSSIER_READ = re.compile(r'^SELECT (?:(?! FROM ).)* FROM "dossiers_dossier"')


@pytest.fixture
def api(tokens: dict[str, str]) -> Api:
    return Api(tokens)


@pytest.fixture(autouse=True)
def _monday_morning() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        yield


def submit(api: Api) -> str:
    resp = api.post("/dossiers", "citizen", BODY)
    assert resp.status_code == 201, resp.content
    return resp.json()["code"]


def act(api: Api, who: str, code: str, action: str, **body: Any) -> dict[str, Any]:
    """Post the action and check its answer: 200, the dossier as a fresh read shows it, and
    at most two reads of the dossier row (the visibility check, the service's lock)."""
    with CaptureQueriesContext(connection) as ctx:
        resp = api.post(f"/dossiers/{code}/actions/{action}", who, body)
    assert resp.status_code == 200, (action, resp.content[:300])
    reads = [q["sql"] for q in ctx.captured_queries if DOSSIER_READ.match(q["sql"])]
    assert len(reads) == 2, (action, reads)
    fresh = api.get(f"/dossiers/{code}", who)
    assert resp.json() == fresh.json(), action
    return resp.json()


def open_step(dossier: dict[str, Any]) -> int:
    (step,) = [s for s in dossier["steps"] if s["status"] == "active"]
    return step["id"]


def test_every_action_answers_with_the_dossier_its_service_returned(api: Api) -> None:
    # given a dossier asked for a supplement at reception, supplemented, and received
    code = submit(api)
    items = [{"name": "Tờ khai", "reason": "Thiếu chữ ký"}]
    assert act(api, "reception", code, "request_supplement", items=items)["status"] == (
        "needs_supplement"
    )
    assert act(api, "citizen", code, "supplement", note="Đã ký")["status"] == "submitted"
    d = act(
        api,
        "reception",
        code,
        "receive",
        version=api.get(f"/dossiers/{code}", "reception").json()["version"],
    )
    # when the steps are claimed, assigned, completed, and the result recorded and returned
    d = act(api, "specialist", code, "claim", step_id=open_step(d))
    assert d["steps"][0]["assignee"] == "specialist"
    d = act(api, "head", code, "assign", step_id=open_step(d), assignee="specialist2")
    assert d["steps"][0]["assignee"] == "specialist2"
    d = act(api, "specialist2", code, "complete_step", step_id=open_step(d), outcome="approve")
    d = act(api, "signer", code, "apologize", reason="Chờ xác minh", new_due="2026-03-10")
    assert d["apologies"][0]["new_due_at"] == "2026-03-10T10:00:00Z"
    d = act(api, "signer", code, "complete_step", step_id=open_step(d), outcome="approve")
    assert act(api, "signer", code, "record_result", summary="Đã cấp")["status"] == "result_ready"
    d = act(api, "reception", code, "return_result", channel="counter")
    # then each answer was the dossier as stored
    assert d["status"] == "returned"


def test_refuse_cancel_withdraw_and_forward_answer_with_the_dossier(api: Api, world: World) -> None:
    assert act(api, "reception", submit(api), "refuse", reasons=["Sai mẫu"])["status"] == (
        "rejected"
    )
    assert act(api, "reception", submit(api), "cancel", reason="Nộp trùng")["status"] == (
        "cancelled"
    )
    code = submit(api)
    act(api, "reception", code, "receive")
    assert act(api, "citizen", code, "withdraw", reason="Không cần nữa")["status"] == "withdrawn"
    code = submit(api)
    d = act(api, "reception", code, "receive")
    d = act(api, "specialist", code, "forward", step_id=open_step(d), target_agency=world.dept.code)
    assert [s["agency"]["code"] for s in d["steps"]] == [world.ward.code, world.dept.code]


@pytest.mark.parametrize(
    ("action", "body", "missing"),
    [
        ("claim", {}, "step_id"),
        ("assign", {"step_id": 1}, "assignee"),
        ("complete_step", {"step_id": 1}, "outcome"),
        ("forward", {"step_id": 1}, "target_agency"),
        ("refuse", {}, "reasons"),
        ("request_supplement", {}, "items"),
        ("record_result", {}, "summary"),
        ("return_result", {}, "channel"),
        ("withdraw", {}, "reason"),
        ("cancel", {}, "reason"),
        ("apologize", {"reason": "Chậm"}, "new_due"),
    ],
)
def test_a_required_field_missing_is_422_and_changes_nothing(
    api: Api, dossier_code: str, action: str, body: dict[str, Any], missing: str
) -> None:
    before = api.get(f"/dossiers/{dossier_code}", "reception").json()
    resp = api.post(f"/dossiers/{dossier_code}/actions/{action}", "reception", body)
    assert resp.status_code == 422, resp.content[:300]
    locs = [d["loc"][-1] for d in resp.json()["error"]["details"]]
    assert missing in locs
    assert api.get(f"/dossiers/{dossier_code}", "reception").json() == before


def test_assigning_to_an_unknown_official_is_422(api: Api, dossier_code: str) -> None:
    step = open_step(api.get(f"/dossiers/{dossier_code}", "head").json())
    body = {"step_id": step, "assignee": "nobody"}
    resp = api.post(f"/dossiers/{dossier_code}/actions/assign", "head", body)
    assert resp.status_code == 422
    assert "assignee" in resp.json()["error"]["details"]


def _list_queries(api: Api) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        resp = api.get("/dossiers?limit=200", "reception")
    assert resp.status_code == 200
    return len(resp.json()["items"]), len(ctx.captured_queries)


def _received_with_history(api: Api) -> str:
    """A received dossier with a claimed step, a completed one and an apology."""
    code = submit(api)
    d = api.post(f"/dossiers/{code}/actions/receive", "reception", {}).json()
    step = open_step(d)
    api.post(f"/dossiers/{code}/actions/claim", "specialist", {"step_id": step})
    done = {"step_id": step, "outcome": "approve"}
    assert (
        api.post(f"/dossiers/{code}/actions/complete_step", "specialist", done).status_code == 200
    )
    apology = {"reason": "Chờ xác minh", "new_due": "2026-03-10"}
    assert api.post(f"/dossiers/{code}/actions/apologize", "signer", apology).status_code == 200
    return code


def test_the_dossier_list_costs_the_same_queries_for_1_and_20_rows(api: Api) -> None:
    _received_with_history(api)
    rows, one = _list_queries(api)
    assert rows == 1
    for _ in range(19):
        _received_with_history(api)
    rows, twenty = _list_queries(api)
    assert rows == 20
    assert twenty == one == 5  # token, count, page, steps, apologies


def test_reading_one_dossier_costs_the_same_queries_with_more_history(api: Api) -> None:
    code = submit(api)
    api.get("/dossiers", "reception")  # the token's first use also records it
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(f"/dossiers/{code}", "reception").status_code == 200
    bare = len(ctx.captured_queries)
    code = _received_with_history(api)
    with CaptureQueriesContext(connection) as ctx:
        d = api.get(f"/dossiers/{code}", "reception").json()
    assert len(d["steps"]) == 2
    assert len(d["apologies"]) == 1
    assert len(ctx.captured_queries) == bare == 4  # token, dossier, steps, apologies
