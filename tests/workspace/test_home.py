import pytest
from django.test import Client

from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World

pytestmark = pytest.mark.django_db


def test_the_workspace_needs_a_signed_in_official(client: Client, world: World) -> None:
    assert client.get("/can-bo/")["Location"].startswith("/dang-nhap/?next=/can-bo/")
    sign_in(client, world.u("citizen"))
    assert client.get("/can-bo/").status_code == 403


def test_an_official_without_the_second_factor_is_sent_to_it(client: Client, world: World) -> None:
    client.force_login(world.u("reception"))
    assert client.get("/can-bo/")["Location"].startswith("/xac-thuc-hai-buoc/?next=")
    sign_in(client, world.u("reception"))
    assert client.get("/can-bo/").status_code == 200
