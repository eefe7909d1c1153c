"""/dang-nhap/ and /dang-xuat/: login names, the one wrong-password message, safe `next`,
officials on to the second factor, axes lockout, and the header's sign-in/out controls."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from motcua.accounts.backends import LoginNameBackend, login_name_ambiguous, user_for_login_name
from motcua.accounts.models import User
from motcua.accounts.services import (
    user_create_business,
    user_create_citizen,
    user_create_official,
)
from motcua.testing.auth import sign_in

LOGIN = "/dang-nhap/"
PASSWORD = "dung-mat-khau-2026"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
TAX = "0312345673"

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen() -> User:
    return user_create_citizen(
        username="congdan", full_name="Nguyễn Văn An", cccd="079085012345", password=PASSWORD
    )


@pytest.fixture
def business() -> User:
    return user_create_business(
        username="dn1",
        full_name="Trần Thị Bình",
        tax_code=TAX,
        organisation_name="Công ty TNHH Bến Thành",
        cccd="079192006789",
        password=PASSWORD,
    )


@pytest.fixture
def officer(tree) -> User:
    return user_create_official(
        username="tiepnhan", full_name="Lê Văn Cán", home_agency=tree.ward, password=PASSWORD
    )


def post(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_the_page_has_labelled_fields_and_the_other_ways_in(client: Client) -> None:
    resp = client.get(LOGIN)
    page = resp.content.decode()
    assert resp.status_code == 200
    assert '<label for="id_username">Tên đăng nhập, số CCCD hoặc mã số thuế' in page
    assert '<label for="id_password">Mật khẩu' in page
    for url in ("/quen-mat-khau/", "/dang-ky/", "/dang-ky/doanh-nghiep/"):
        assert f'href="{url}"' in page
    assert "<script>" not in page
    assert 'style="' not in page


@pytest.mark.parametrize("name", ["congdan", "CONGDAN", "079085012345", "0790 8501 2345"])
def test_a_citizen_signs_in_by_username_or_cccd_and_goes_to_their_dossiers(
    client: Client, citizen: User, name: str
) -> None:
    resp = post(client, name)
    assert resp.status_code == 302
    assert resp["Location"] == "/ho-so-cua-toi/"
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_a_business_signs_in_by_its_tax_code(client: Client, business: User) -> None:
    resp = post(client, TAX)
    assert resp.status_code == 302
    assert client.session["_auth_user_id"] == str(business.pk)


def test_a_tax_code_with_two_representatives_asks_for_the_username(
    client: Client, business: User
) -> None:
    user_create_business(
        username="dn2",
        full_name="Phạm Văn Cường",
        tax_code=TAX,
        organisation_name="Công ty TNHH Bến Thành",
        cccd="079088004321",
        password=PASSWORD,
    )
    resp = post(client, TAX)
    assert resp.status_code == 200
    assert "Mã số thuế này có nhiều người đại diện" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    assert post(client, "dn1").status_code == 302


@pytest.mark.parametrize("name", ["congdan", "khongcoai", "079085099999", "0100109106", ""])
def test_wrong_password_and_unknown_name_get_the_same_message(
    client: Client, citizen: User, name: str
) -> None:
    resp = post(client, name, "sai-mat-khau")
    page = resp.content.decode()
    assert resp.status_code == 200
    if name:
        assert WRONG in page
    assert "_auth_user_id" not in client.session


def test_an_account_waiting_for_verification_cannot_sign_in(client: Client, citizen: User) -> None:
    User.objects.filter(pk=citizen.pk).update(is_active=False)
    resp = post(client, "congdan")
    assert resp.status_code == 200
    assert WRONG in resp.content.decode()


def test_next_is_followed_only_on_this_site(client: Client, citizen: User) -> None:
    assert post(client, "congdan", next="/tra-cuu/")["Location"] == "/tra-cuu/"
    client.logout()
    for evil in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        assert post(client, "congdan", next=evil)["Location"] == "/ho-so-cua-toi/"
        client.logout()


def test_an_official_goes_on_to_the_second_factor(client: Client, officer: User) -> None:
    resp = post(client, "tiepnhan")
    assert resp.status_code == 302
    assert resp["Location"] == "/xac-thuc-hai-buoc/?next=%2Fcan-bo%2F"
    resp = post(client, "tiepnhan", next="/can-bo/ho-so/")
    assert resp["Location"] == "/xac-thuc-hai-buoc/?next=%2Fcan-bo%2Fho-so%2F"


def test_without_the_second_factor_setting_an_official_goes_to_the_workspace(
    client: Client, officer: User, settings: pytest.FixtureRequest
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "OTP_REQUIRED": False}
    assert post(client, "tiepnhan")["Location"] == "/can-bo/"


def test_the_page_is_throttled_by_axes(citizen: User) -> None:
    assert not AccessAttempt.objects.exists()
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post(client, "079085012345", "sai")
    resp = post(client, "079085012345")
    assert resp.status_code == 429
    assert "Tạm khóa đăng nhập" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    assert (
        Client(REMOTE_ADDR="198.51.100.20")
        .post(LOGIN, {"username": "079085012345", "password": PASSWORD})
        .status_code
        == 302
    )


def test_sign_out_asks_on_get_and_signs_out_on_post(client: Client, citizen: User) -> None:
    sign_in(client, citizen)
    resp = client.get("/dang-xuat/")
    assert resp.status_code == 200
    assert "Bạn có muốn đăng xuất" in resp.content.decode()
    assert "_auth_user_id" in client.session
    resp = client.post("/dang-xuat/")
    assert resp.status_code == 302
    assert "_auth_user_id" not in client.session
    resp = client.get("/dang-xuat/")
    assert "Bạn chưa đăng nhập." in resp.content.decode()


def test_the_header_offers_sign_in_then_the_name_and_sign_out(
    client: Client, citizen: User
) -> None:
    page = client.get("/").content.decode()
    assert 'href="/dang-nhap/"' in page
    assert 'action="/dang-xuat/"' not in page
    sign_in(client, citizen)
    page = client.get("/").content.decode()
    assert "Nguyễn Văn An" in page
    assert 'action="/dang-xuat/" method="post"' in page
    assert 'href="/dang-nhap/"' not in page


def test_the_backend_resolves_login_names(citizen: User, business: User) -> None:
    assert user_for_login_name("079085012345") == citizen
    assert user_for_login_name(f" {TAX} ") == business
    assert user_for_login_name("0312345674") is None  # bad check digit: no tax code
    assert user_for_login_name("") is None
    assert not login_name_ambiguous(TAX)
    backend = LoginNameBackend()
    assert backend.authenticate(None, username=None, password=PASSWORD) is None
    assert backend.authenticate(None, username="congdan", password=None) is None
    assert backend.authenticate(None, password=PASSWORD, **{"username": "congdan"}) == citizen
