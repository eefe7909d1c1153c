"""/dang-ky/, /dang-ky/doanh-nghiep/ and /dang-ky/xac-minh/: inactive account + outbox code,
then active and signed in; bad input changes nothing; codes expire, run out and are
throttled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import CodePurpose, OneTimeCode, User
from motcua.accounts.services.registration import registration_resend, registration_verify
from motcua.core.errors import Conflict, DomainError
from motcua.core.models import AuditEvent, OutboxMessage

PASSWORD = "Mat-khau-dai-2026"
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
CITIZEN = {
    "full_name": "Nguyễn Thị Hoa",
    "cccd": "079185012345",
    "phone": "0901234567",
    "email": "",
    "password1": PASSWORD,
    "password2": PASSWORD,
}
BUSINESS = {
    "tax_code": "0312345673",
    "organisation_name": "Công ty TNHH Sài Gòn Xanh",
    "full_name": "Trần Văn Minh",
    "cccd": "079085012345",
    "phone": "",
    "email": "minh@example.vn",
    "password1": PASSWORD,
    "password2": PASSWORD,
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def code_sent(user: User) -> str:
    message = OutboxMessage.objects.filter(user=user, kind="account.verify").latest("pk")
    return str(message.payload["code"])


def test_the_pages_have_labelled_fields(client: Client) -> None:
    page = client.get("/dang-ky/").content.decode()
    for name in ("full_name", "cccd", "phone", "email", "password1", "password2"):
        assert f'<label for="id_{name}">' in page
    page = client.get("/dang-ky/doanh-nghiep/").content.decode()
    for name in ("tax_code", "organisation_name", "full_name", "cccd"):
        assert f'<label for="id_{name}">' in page


def test_a_citizen_registers_verifies_and_lands_signed_in(
    client: Client, clock: time_machine.Coordinates
) -> None:
    # when: the form
    resp = client.post("/dang-ky/", CITIZEN)
    # then: an inactive account, an SMS code in the outbox, only its hash stored
    assert resp.status_code == 302
    assert resp["Location"] == "/dang-ky/xac-minh/"
    user = User.objects.get(cccd="079185012345")
    assert (user.username, user.is_active, user.kind) == ("079185012345", False, "citizen")
    message = OutboxMessage.objects.get(user=user)
    assert (message.kind, message.channel, message.recipient) == (
        "account.verify",
        "sms",
        "+84901234567",
    )
    code = code_sent(user)
    assert len(code) == 6
    stored = OneTimeCode.objects.get(user=user)
    assert code not in stored.code_hash
    assert stored.expires_at == T0 + timedelta(minutes=10)
    page = client.get("/dang-ky/xac-minh/").content.decode()
    assert "+84901234567" in page
    # when: a wrong code, then the right one
    resp = client.post("/dang-ky/xac-minh/", {"code": "000000" if code != "000000" else "1"})
    assert resp.status_code == 400
    assert "Mã xác minh không đúng." in resp.content.decode()
    resp = client.post("/dang-ky/xac-minh/", {"code": code})
    # then: active, signed in, told the username
    assert resp.status_code == 302
    assert resp["Location"] == "/ho-so-cua-toi/"
    user.refresh_from_db()
    assert user.is_active
    assert client.session["_auth_user_id"] == str(user.pk)
    kinds = list(AuditEvent.objects.filter(stream_id=str(user.pk)).values_list("kind", flat=True))
    assert kinds == ["user.created", "user.registered", "user.verified"]
    assert "079185012345" in client.get("/").content.decode()


def test_a_business_representative_registers_with_an_email_code(client: Client) -> None:
    resp = client.post("/dang-ky/doanh-nghiep/", BUSINESS)
    assert resp.status_code == 302
    user = User.objects.get(tax_code="0312345673")
    assert user.username == "0312345673.079085012345"
    assert (user.kind, user.is_active) == ("business", False)
    message = OutboxMessage.objects.get(user=user)
    assert (message.channel, message.recipient) == ("email", "minh@example.vn")
    assert client.post("/dang-ky/xac-minh/", {"code": code_sent(user)}).status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"cccd": "07918501234"}, "cccd", "Số CCCD phải gồm đúng 12 chữ số"),
        ({"phone": "", "email": ""}, None, "số điện thoại di động hoặc thư điện tử"),
        ({"phone": "0281234567"}, "phone", "số điện thoại cố định"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "toàn chữ số"),
        ({"password2": "khac-hoan-toan"}, "password2", "không giống nhau"),
        ({"full_name": ""}, "full_name", ""),
    ],
)
def test_bad_input_gets_a_clear_error_and_creates_nothing(
    client: Client, change: dict[str, str], field: str | None, message: str
) -> None:
    resp = client.post("/dang-ky/", {**CITIZEN, **change})
    page = resp.content.decode()
    assert resp.status_code in (200, 400)
    assert 'role="alert"' in page
    assert message in page
    if field:
        assert f'id="id_{field}"' in page
        assert 'aria-invalid="true"' in page
    assert not User.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_cccd_already_registered_is_refused(client: Client) -> None:
    assert client.post("/dang-ky/", CITIZEN).status_code == 302
    other = Client()
    resp = other.post("/dang-ky/", {**CITIZEN, "phone": "0987654321"})
    assert resp.status_code == 409
    assert "Số CCCD này đã có tài khoản." in resp.content.decode()
    assert User.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_a_business_needs_the_representatives_cccd_and_a_valid_tax_code(client: Client) -> None:
    resp = client.post("/dang-ky/doanh-nghiep/", {**BUSINESS, "tax_code": "0312345674"})
    assert "Chữ số kiểm tra" in resp.content.decode()
    from motcua.accounts.services.registration import registration_business

    with pytest.raises(DomainError) as exc:
        registration_business(
            tax_code="0312345673",
            organisation_name="X",
            full_name="Y",
            cccd=" ",
            password=PASSWORD,
            phone="0901234567",
        )
    assert exc.value.code == "cccd_required"
    assert not User.objects.exists()


def test_the_code_expires_after_ten_minutes(
    client: Client, clock: time_machine.Coordinates
) -> None:
    client.post("/dang-ky/", CITIZEN)
    user = User.objects.get()
    clock.shift(timedelta(minutes=10))
    resp = client.post("/dang-ky/xac-minh/", {"code": code_sent(user)})
    assert resp.status_code == 400
    assert "đã hết hạn" in resp.content.decode()
    user.refresh_from_db()
    assert not user.is_active


def test_five_wrong_codes_use_the_code_up(client: Client, clock: time_machine.Coordinates) -> None:
    client.post("/dang-ky/", CITIZEN)
    user = User.objects.get()
    code = code_sent(user)
    wrong = "111111" if code != "111111" else "222222"
    for _ in range(OneTimeCode.MAX_ATTEMPTS):
        client.post("/dang-ky/xac-minh/", {"code": wrong})
    resp = client.post("/dang-ky/xac-minh/", {"code": code})
    assert "Đã nhập sai mã 5 lần" in resp.content.decode()
    assert OneTimeCode.objects.get(user=user).attempts == OneTimeCode.MAX_ATTEMPTS
    # a new code works, the old one no longer does
    resp = client.post("/dang-ky/xac-minh/", {"resend": "1"})
    assert resp.status_code == 302
    new = code_sent(user)
    assert OneTimeCode.objects.filter(user=user).count() == 2
    assert client.post("/dang-ky/xac-minh/", {"code": new}).status_code == 302


def test_resending_is_throttled(client: Client, clock: time_machine.Coordinates) -> None:
    client.post("/dang-ky/", CITIZEN)
    user = User.objects.get()
    client.post("/dang-ky/xac-minh/", {"resend": "1"})
    client.post("/dang-ky/xac-minh/", {"resend": "1"})
    resp = client.post("/dang-ky/xac-minh/", {"resend": "1"})
    assert resp.status_code == 429
    assert "Đã gửi mã quá nhiều lần" in resp.content.decode()
    assert OutboxMessage.objects.filter(user=user).count() == 3
    clock.shift(timedelta(minutes=16))
    assert client.post("/dang-ky/xac-minh/", {"resend": "1"}).status_code == 302


def test_the_verify_page_without_a_pending_registration(client: Client) -> None:
    resp = client.get("/dang-ky/xac-minh/")
    assert resp.status_code == 200
    assert "Không có đăng ký nào đang chờ xác minh" in resp.content.decode()
    assert client.post("/dang-ky/xac-minh/", {"code": "123456"}).status_code == 200


def test_an_active_account_is_not_verified_twice(client: Client) -> None:
    client.post("/dang-ky/", CITIZEN)
    user = User.objects.get()
    client.post("/dang-ky/xac-minh/", {"code": code_sent(user)})
    with pytest.raises(Conflict):
        registration_verify(user=user, code="123456")
    with pytest.raises(Conflict):
        registration_resend(user=user)
    assert OneTimeCode.objects.filter(user=user, purpose=CodePurpose.VERIFY).count() == 1


def test_a_code_names_its_purpose_and_account(client: Client) -> None:
    client.post("/dang-ky/", CITIZEN)
    assert str(OneTimeCode.objects.get()) == "Xác minh tài khoản — Nguyễn Thị Hoa"


def test_registration_comes_back_to_where_the_person_was_going(
    client: Client, clock: time_machine.Coordinates
) -> None:
    # given: a person sent to sign in on the way to a procedure's wizard follows "Đăng ký"
    login = client.get("/dang-nhap/", {"next": "/thu-tuc/1.001193/"}).content.decode()
    assert 'href="/dang-ky/?next=/thu-tuc/1.001193/"' in login
    form = client.get("/dang-ky/", {"next": "/thu-tuc/1.001193/"}).content.decode()
    assert '<input type="hidden" name="next" value="/thu-tuc/1.001193/">' in form
    # when: they register and type the code
    client.post("/dang-ky/", {**CITIZEN, "next": "/thu-tuc/1.001193/"})
    resp = client.post("/dang-ky/xac-minh/", {"code": code_sent(User.objects.get())})
    # then: back on the way, signed in
    assert resp["Location"] == "/thu-tuc/1.001193/"


def test_registration_never_sends_anyone_to_another_site(
    client: Client, clock: time_machine.Coordinates
) -> None:
    client.post("/dang-ky/", {**CITIZEN, "next": "https://evil.example/"})
    resp = client.post("/dang-ky/xac-minh/", {"code": code_sent(User.objects.get())})
    assert resp["Location"] == "/ho-so-cua-toi/"
