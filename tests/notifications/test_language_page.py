"""/thong-bao/ngon-ngu/: the signed-in person chooses the language of their notices."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.models import AuditEvent, OutboxMessage
from motcua.notifications.models import NotificationPreference
from motcua.notifications.services import preference_set
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.portal import mine_steps as steps

pytestmark = pytest.mark.django_db
URL = "/thong-bao/ngon-ngu/"


def test_signed_out_goes_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=/thong-bao/ngon-ngu/" in response["Location"]


def test_the_page_shows_vietnamese_chosen_by_default(client: Client, world: World) -> None:
    sign_in(client, world.u("citizen"))
    html = client.get(URL).content.decode()
    assert "Ngôn ngữ nhận thông báo" in html
    assert 'value="vi" id="id_language_0" required checked' in html


def test_choosing_english_applies_to_the_next_notices(client: Client, world: World) -> None:
    user = world.u("citizen")
    sign_in(client, user)
    response = client.post(URL, {"language": "en"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).language == "en"
    event = AuditEvent.objects.get(kind="notification.language_set")
    assert event.payload == {"from": "", "to": "en"}
    assert 'value="en" id="id_language_1" required checked' in client.get(URL).content.decode()
    code = steps.received(world)
    languages = set(
        OutboxMessage.objects.filter(subject_id=code)
        .filter(channel="sms")
        .values_list("payload__language", flat=True)
    )
    assert languages == {"en"}


def test_the_same_choice_again_records_nothing(world: World) -> None:
    user = world.u("citizen")
    preference_set(user=user, language="en")
    preference_set(user=user, language="en")
    assert AuditEvent.objects.filter(kind="notification.language_set").count() == 1


def test_an_unknown_language_is_refused(client: Client, world: World) -> None:
    sign_in(client, world.u("citizen"))
    assert client.post(URL, {"language": "fr"}).status_code == 200
    assert not NotificationPreference.objects.exists()
    with pytest.raises(DomainError) as err:
        preference_set(user=world.u("citizen"), language="fr")
    assert err.value.code == "language_invalid"


def test_nobody_signed_in_cannot_set_one() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        preference_set(user=AnonymousUser(), language="en")
