"""/thong-bao/: the outbox messages addressed to the signed-in user, as sentences."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core.models import AuditEvent, OutboxMessage
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.portal import mine_steps as steps
from tests.portal.mine_steps import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Any:
    """No wall clock: what a test does outside its own `at(...)` happens at this instant."""
    with at(2026, 3, 6, 9, 0):
        yield


def test_the_inbox_lists_the_users_messages_newest_first(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    code = steps.needs_supplement(world)
    with at(2026, 3, 5, 9, 0):
        other = steps.received(world)
    sign_in(client, world.u("citizen"))
    with django_assert_num_queries(5):  # session, user, count, page, unread count
        response = client.get("/thong-bao/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Hồ sơ {code} cần bổ sung: Bản sao CCCD; Giấy chứng sinh." in html
    assert f"Hồ sơ {other} đã được tiếp nhận, hẹn trả kết quả" in html
    assert f'href="/ho-so-cua-toi/{code}/"' in html
    assert html.index(other) < html.index(f"Hồ sơ {code} cần bổ sung")


def test_the_query_count_does_not_grow(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    for _ in range(4):
        steps.needs_supplement(world)
    sign_in(client, world.u("citizen"))
    with django_assert_num_queries(5):
        assert client.get("/thong-bao/").status_code == 200


def test_nobody_sees_another_users_messages(client: Client, world: World) -> None:
    code = steps.needs_supplement(world)
    assert OutboxMessage.objects.filter(user=world.u("citizen")).exists()
    sign_in(client, world.u("stranger"))
    html = client.get("/thong-bao/").content.decode()
    assert code not in html
    assert "Chưa có thông báo nào." in html


def test_the_inbox_is_paginated(client: Client, world: World) -> None:
    user = world.u("citizen")
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind="dossier.result_ready", user=user, subject_id=f"C-{i}", payload={"code": f"C-{i}"}
        )
        for i in range(25)
    )
    sign_in(client, user)
    first = client.get("/thong-bao/").content.decode()
    second = client.get("/thong-bao/?page=2").content.decode()
    assert "Trang 1 / 2" in first
    assert "Trang 2 / 2" in second
    assert first.count("đã có kết quả") == 20
    assert second.count("đã có kết quả") == 5


def test_unread_messages_are_marked_and_can_be_marked_read(client: Client, world: World) -> None:
    steps.needs_supplement(world)  # submitted, supplement requested
    steps.received(world)  # submitted, received
    user = world.u("citizen")
    assert OutboxMessage.objects.filter(user=user).count() == 4
    sign_in(client, user)
    assert "Xem thông báo (4 chưa đọc)" in client.get("/ho-so-cua-toi/").content.decode()
    html = client.get("/thong-bao/").content.decode()
    assert html.count("Chưa đọc</strong>") == 4
    assert "Có 4 thông báo chưa đọc." in html
    with at(2026, 3, 3, 9, 0):
        response = client.post("/thong-bao/da-doc/")
    assert response.status_code == 302
    assert response["Location"] == "/thong-bao/"
    html = client.get("/thong-bao/").content.decode()
    assert "Chưa đọc</strong>" not in html
    assert "Đánh dấu tất cả là đã đọc" not in html
    assert "chưa đọc)" not in client.get("/ho-so-cua-toi/").content.decode()
    events = AuditEvent.objects.filter(stream_type="inbox", stream_id=str(user.pk))
    assert [(e.kind, e.payload) for e in events] == [("inbox.read", {"messages": 4})]
    client.post("/thong-bao/da-doc/")  # nothing left: nothing recorded
    assert events.count() == 1


def test_marking_read_touches_only_the_users_messages(client: Client, world: World) -> None:
    steps.needs_supplement(world)
    sign_in(client, world.u("stranger"))
    client.post("/thong-bao/da-doc/")
    assert not OutboxMessage.objects.filter(read_at__isnull=False).exists()
    assert client.get("/thong-bao/da-doc/").status_code == 405


def test_the_service_needs_a_signed_in_user() -> None:
    from django.contrib.auth.models import AnonymousUser

    from motcua.core.errors import PermissionDenied
    from motcua.portal.services_mine import inbox_mark_read

    with pytest.raises(PermissionDenied):
        inbox_mark_read(user=AnonymousUser())
