"""The public tracking pages /tra-cuu/ and /tra-cuu/<code>/ through Django's test client."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.catalog.models import ProcedureVersion
from motcua.core.models import Throttle
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors.tracking import MAX_FAILURES
from motcua.dossiers.services import lateness, processing, reception
from motcua.dossiers.services.submission import dossier_submit
from motcua.dossiers.slips import tracking_url
from tests.dossiers.conftest import CITIZEN_CCCD, World, applicant

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RIGHT = CITIZEN_CCCD[-4:]
NAME, ADDRESS = "Nguyễn Văn An", "12 Lê Lợi, Phường Bến Thành"
PHONE = "901234567"  # stored as +84901234567
BRANCH = "0312345673-001"  # a branch (dependent unit) tax code


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


def submit(w: World) -> Dossier:
    dossier, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return dossier


@pytest.fixture
def code(world: World) -> str:
    """Submitted Monday 2/3/2026 09:00, received 09:30, first step done Tuesday 10:00."""
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
    with at(2026, 3, 2, 9, 30):
        reception.dossier_receive(actor=world.u("reception"), code=d.code)
    with at(2026, 3, 3, 10, 0):
        step = d.steps.get(status="active")
        processing.step_complete(
            actor=world.u("specialist"), code=d.code, step_id=step.pk, outcome="approve"
        )
    return d.code


def page(client: Client, code: str, **params: str) -> tuple[int, str]:
    response = client.get(f"/tra-cuu/{code}/", params)
    return response.status_code, response.content.decode()


PROCEDURE_AND_STEPS = (
    "Đăng ký khai sinh thử nghiệm",
    "UBND Phường Bến Thành",
    "Review",
    "10:00 03/03/2026",
    "Trước hạn",
)


def pin_of(code: str) -> str:
    return Dossier.objects.get(code=code).tracking_pin


def assert_no_personal_data(html: str) -> None:
    for value in (NAME, ADDRESS, PHONE):
        assert value not in html


# --- the form ------------------------------------------------------------------------------------


def test_form_is_a_plain_get_form(client: Client) -> None:
    response = client.get("/tra-cuu/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="get" action="/tra-cuu/"' in html
    assert 'name="code"' in html
    assert 'name="id_last4"' in html
    assert 'href="/"' in html  # back to the catalogue


def test_form_sends_a_code_on_to_its_page_with_the_digits(client: Client) -> None:
    code = "000.01.30.H29-260302-0001"
    response = client.get("/tra-cuu/", {"code": f"  {code} "})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{code}/"
    response = client.get("/tra-cuu/", {"code": code, "id_last4": "1234"})
    assert response["Location"] == f"/tra-cuu/{code}/?id_last4=1234"
    response = client.get("/tra-cuu/", {"code": code, "pin": "123 456"})
    assert response["Location"] == f"/tra-cuu/{code}/?pin=123456"


@pytest.mark.parametrize("raw", ["", "   ", "abc/def", "<script>", "x" * 40])
def test_form_rejects_a_malformed_code(client: Client, raw: str) -> None:
    response = client.get("/tra-cuu/", {"code": raw})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "<script>" not in html


def test_form_refuses_post(client: Client) -> None:
    assert client.post("/tra-cuu/", {"code": "x"}).status_code == 405


# --- the dossier page ----------------------------------------------------------------------------


def test_unknown_code_is_a_404_page_with_a_vietnamese_message(client: Client, world: World) -> None:
    status, html = page(client, "000.01.30.H29-260101-9999")
    assert status == 404
    assert "Không tìm thấy hồ sơ với mã này." in html
    assert 'value="000.01.30.H29-260101-9999"' in html  # the form is there to try again
    assert status == page(client, "000.01.30.H29-260101-9999", id_last4=RIGHT)[0]


def test_without_a_secret_only_status_receipt_and_appointment(client: Client, code: str) -> None:
    status, html = page(client, code)
    assert status == 200
    assert "Đang xử lý" in html
    assert "09:30 02/03/2026" in html  # received
    assert "17:00 05/03/2026" in html  # appointment: 3 working days
    for hidden in PROCEDURE_AND_STEPS:
        assert hidden not in html
    assert "09:00 02/03/2026" not in html  # submission time: not public
    assert "Hẹn trả mới" not in html
    assert_no_personal_data(html)


def test_with_the_pin_status_procedure_agency_times_and_steps(client: Client, code: str) -> None:
    status, html = page(client, code, pin=pin_of(code))
    assert status == 200
    assert "Đăng ký khai sinh thử nghiệm" in html
    assert "UBND Phường Bến Thành" in html
    assert "09:00 02/03/2026" in html  # submitted
    assert "09:30 02/03/2026" in html  # received
    assert "17:00 05/03/2026" in html
    assert "Review" in html
    assert "10:00 03/03/2026" in html
    assert "Trước hạn" in html
    assert "Sign" not in html  # still open: only steps done are listed
    assert NAME in html


def test_times_are_shown_in_vietnam_time_whatever_the_server_zone(
    client: Client, code: str, settings: pytest.FixtureRequest
) -> None:
    settings.TIME_ZONE = "UTC"
    html = page(client, code, pin=pin_of(code))[1]
    assert "09:00 02/03/2026" in html
    assert "02:00 02/03/2026" not in html


def test_the_qr_url_on_slips_opens_this_page(client: Client, code: str) -> None:
    assert page(client, urlsplit(tracking_url(code)).path.split("/")[2])[0] == 200
    assert client.get(urlsplit(tracking_url(code)).path).status_code == 200


def test_the_page_is_not_cached_nor_indexed(client: Client, code: str) -> None:
    response = client.get(f"/tra-cuu/{code}/", {"id_last4": RIGHT})
    assert "no-store" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in response.content.decode()


@pytest.mark.parametrize(
    ("when", "state", "label"),
    [((2026, 3, 5, 9, 0), "due_soon", "Sắp đến hạn"), ((2026, 3, 6, 9, 0), "overdue", "Quá hạn")],
)
def test_due_soon_and_overdue_are_shown(
    client: Client, code: str, when: tuple[int, ...], state: str, label: str
) -> None:
    # the state is computed when the page is read (appointment 05/03 17:00), not by the sweep
    with at(*when):
        html = page(client, code)[1]
    assert f'class="due due-{state}">{label}</span>' in html


def test_apology_new_appointment_reason_and_date_are_highlighted(
    client: Client, world: World, code: str
) -> None:
    with at(2026, 3, 3, 11, 0):
        lateness.apology_issue(
            actor=world.u("signer"),
            code=code,
            reason="Chờ xác minh của công an",
            new_due=date(2026, 3, 10),
        )
    html = page(client, code)[1]
    callout = html[html.index('class="callout callout-apology"') : html.index('id="h-thongtin"')]
    assert "Hẹn trả mới" in callout
    assert "17:00 10/03/2026" in callout
    assert "Chờ xác minh của công an" not in html  # the reason needs the secret
    assert "<del>17:00 05/03/2026</del>" in html  # the first appointment, struck out
    html = page(client, code, id_last4=RIGHT)[1]
    callout = html[html.index('class="callout callout-apology"') : html.index('id="h-thongtin"')]
    assert "Chờ xác minh của công an" in callout
    assert "03/03/2026" in callout


def test_right_digits_show_the_applicant(client: Client, code: str) -> None:
    status, html = page(client, code, id_last4=RIGHT)
    assert status == 200
    assert NAME in html
    assert ADDRESS in html
    assert PHONE in html
    assert 'name="id_last4"' not in html  # no need to ask again
    assert 'name="pin"' not in html


def test_wrong_digits_are_a_403_with_the_status_but_no_personal_data(
    client: Client, code: str
) -> None:
    status, html = page(client, code, id_last4="0000")
    assert status == 403
    assert "không khớp với hồ sơ." in html
    assert "Đang xử lý" in html
    assert "17:00 05/03/2026" in html
    assert 'value="0000"' not in html
    assert_no_personal_data(html)


@pytest.mark.parametrize("digits", ["12a4", "123", "12345"])
def test_malformed_digits_are_a_400_and_do_not_count_as_a_guess(
    client: Client, code: str, digits: str
) -> None:
    status, html = page(client, code, id_last4=digits)
    assert status == 400
    assert "Nhập đúng 4 chữ số" in html
    assert_no_personal_data(html)
    assert not Throttle.objects.exists()


def test_too_many_wrong_guesses_are_a_429_even_with_the_right_digits(
    client: Client, code: str
) -> None:
    statuses = [page(client, code, id_last4="0000")[0] for _ in range(MAX_FAILURES + 1)]
    assert statuses == [403] * MAX_FAILURES + [429]
    status, html = page(client, code, id_last4=RIGHT)
    assert status == 429
    assert "Nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút." in html
    assert "Đang xử lý" in html  # the status is public and still shown
    assert_no_personal_data(html)
    assert page(client, code)[0] == 200  # no digits, no limit


def test_a_stranger_cannot_lock_the_applicant_out(client: Client, code: str) -> None:
    """5 wrong guesses from one address; the right digits or PIN from another address still
    work, while the guessing address stays blocked (even with the right secret) for 15 min."""
    with at(2026, 3, 4, 10, 0):
        assert [page(client, code, id_last4="0000")[0] for _ in range(5)] == [403] * 5
        assert page(client, code, id_last4="0000")[0] == 429
        applicant_client = Client(REMOTE_ADDR="10.0.0.9")
        status, html = page(applicant_client, code, id_last4=RIGHT)
        assert status == 200
        assert NAME in html
        assert page(applicant_client, code, pin=pin_of(code))[0] == 200
        # another address's wrong guess on this dossier is refused without trying it
        assert page(applicant_client, code, id_last4="1111")[0] == 429
        assert page(client, code, id_last4=RIGHT)[0] == 429  # the guesser itself: blocked
    with at(2026, 3, 4, 10, 14):
        assert page(client, code, pin=pin_of(code))[0] == 429
    with at(2026, 3, 4, 10, 15, 1):
        assert page(client, code, id_last4=RIGHT)[0] == 200
    assert Throttle.objects.get(key="track:client:127.0.0.1").hits == MAX_FAILURES


def test_guesses_count_per_dossier_across_addresses(client: Client, code: str) -> None:
    clients = [Client(REMOTE_ADDR=f"10.0.1.{i}") for i in range(MAX_FAILURES + 2)]
    statuses = [page(c, code, id_last4="0000")[0] for c in clients]
    assert statuses == [403] * MAX_FAILURES + [429, 429]


def test_a_right_secret_never_counts_as_a_failure(client: Client, code: str) -> None:
    for _ in range(10):
        assert page(client, code, id_last4=RIGHT)[0] == 200
    assert not Throttle.objects.exists()


def test_the_pin_is_accepted_beside_the_id_digits(client: Client, code: str) -> None:
    status, html = page(client, code, pin=pin_of(code))
    assert status == 200
    assert NAME in html
    wrong = f"{(int(pin_of(code)) + 1) % 10**6:06d}"
    assert page(client, code, pin=wrong)[0] == 403


@pytest.mark.parametrize("pin", ["12345", "1234567", "abcdef"])
def test_a_malformed_pin_is_a_400_and_not_a_guess(client: Client, code: str, pin: str) -> None:
    status, html = page(client, code, pin=pin)
    assert status == 400
    assert "Mã tra cứu gồm 6 chữ số" in html
    assert not Throttle.objects.exists()


def test_the_receipt_qr_link_carries_the_pin_and_opens_the_details(
    client: Client, code: str
) -> None:
    dossier = Dossier.objects.get(code=code)
    url = tracking_url(code, dossier.tracking_pin)
    assert url.endswith(f"/tra-cuu/{code}/?pin={dossier.tracking_pin}")
    parts = urlsplit(url)
    status, html = page(client, parts.path.split("/")[2], pin=parts.query.split("=")[1])
    assert status == 200
    assert NAME in html


@pytest.mark.parametrize(
    "typed",
    [
        "000.01.30.h29-260302-0001",
        "  000.01.30.H29-260302-0001  ",
        "000.01.30.H29 - 260302 - 0001",
        "000.01.30.h29-260302-\t0001",
    ],
)
def test_codes_match_case_insensitively_without_spaces(
    client: Client, code: str, typed: str
) -> None:
    assert code == "000.01.30.H29-260302-0001"
    response = client.get("/tra-cuu/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{code}/"
    assert client.get(f"/tra-cuu/{quote(typed)}/").status_code == 200


@pytest.mark.parametrize("raw", ["abc%00", "abc%00def", "%00", "000.01.30.H29-260302-0001%00"])
def test_a_nul_in_the_path_is_a_404(client: Client, code: str, raw: str) -> None:
    """PostgreSQL refuses NUL in a string literal; the code is checked before any query."""
    response = client.get(f"/tra-cuu/{raw}/")
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ với mã này." in response.content.decode()
    assert "\x00" not in response.content.decode()


def test_a_nul_in_the_form_is_a_400(client: Client, world: World) -> None:
    assert client.get("/tra-cuu/", {"code": "abc\x00"}).status_code == 400


def test_a_branch_tax_code_works_on_the_page(client: Client, world: World) -> None:
    # given: a procedure open to organisations, filed by the citizen as the branch's
    # recorded representative
    ProcedureVersion.objects.filter(procedure__code=world.simple).update(
        applicant_types=["individual", "organisation"]
    )
    with at(2026, 3, 2, 9, 0):
        dossier, _ = dossier_submit(
            actor=world.u("citizen"),
            procedure_code=world.simple,
            agency_code=world.ward.code,
            applicant=applicant(
                kind="organisation",
                name="Công ty TNHH Chi nhánh Sài Gòn",
                id_number=BRANCH,
                representative_name="Nguyễn Văn An",
                representative_id_number=CITIZEN_CCCD,
            ),
            form_data={"purpose": "Đi học"},
        )
    status, html = page(client, dossier.code, id_last4="3001")
    assert status == 200, html
    assert "Công ty TNHH Chi nhánh Sài Gòn" in html
    assert page(client, dossier.code, id_last4="5673")[0] == 403


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        ("", "203.0.113.7", "127.0.0.1"),  # no trusted proxy: the header is ignored
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("127.0.0.0/8", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1,10.0.0.0/8", "203.0.113.7, 10.1.2.3", "203.0.113.7"),
    ],
)
def test_the_client_address_comes_from_a_trusted_proxy_only(
    client: Client, code: str, settings: Any, trusted: str, forwarded: str, expected: str
) -> None:
    settings.MOTCUA_TRUSTED_PROXIES = [t for t in trusted.split(",") if t]
    client.get(f"/tra-cuu/{code}/", {"id_last4": "0000"}, HTTP_X_FORWARDED_FOR=forwarded)
    assert list(
        Throttle.objects.filter(key__startswith="track:client:").values_list("key", flat=True)
    ) == [f"track:client:{expected}"]


def test_behind_a_proxy_one_client_does_not_block_the_others(code: str, settings: Any) -> None:
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(MAX_FAILURES + 1):
        proxy.get(f"/tra-cuu/{code}/", {"id_last4": "0000"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = proxy.get(f"/tra-cuu/{code}/", {"id_last4": RIGHT}, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 200
    blocked = proxy.get(
        f"/tra-cuu/{code}/", {"id_last4": RIGHT}, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert blocked.status_code == 429


# --- one secret per request, ASCII digits only ---------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_both_secrets_in_one_request_are_a_form_error_and_not_a_guess(
    client: Client, code: str
) -> None:
    """Two secrets in one request would be two guesses counted once: refused, never compared."""
    wrong_pin = f"{(int(pin_of(code)) + 1) % 10**6:06d}"
    for _ in range(MAX_FAILURES):
        status, html = page(client, code, pin=wrong_pin, id_last4="0000")
        assert status == 400
        assert "Chỉ nhập một trong hai" in html
        assert "Đang xử lý" in html  # the public part is still shown
    assert not Throttle.objects.exists()
    status, html = page(client, code, pin=pin_of(code), id_last4=RIGHT)
    assert status == 400  # both right: still refused, no details
    assert_no_personal_data(html)
    assert page(client, code, pin=pin_of(code))[0] == 200


@pytest.mark.parametrize("table", [ARABIC_INDIC, FULL_WIDTH], ids=["arabic-indic", "full-width"])
def test_non_ascii_digits_are_a_form_error_never_a_match_nor_a_guess(
    client: Client, code: str, table: dict[int, str]
) -> None:
    status, html = page(client, code, id_last4=RIGHT.translate(table))
    assert status == 400
    assert "Nhập đúng 4 chữ số" in html
    assert_no_personal_data(html)
    status, html = page(client, code, pin=pin_of(code).translate(table))
    assert status == 400
    assert "Mã tra cứu gồm 6 chữ số" in html
    assert_no_personal_data(html)
    assert not Throttle.objects.exists()


def test_the_form_does_not_send_on_non_ascii_digits_as_a_match(client: Client, code: str) -> None:
    response = client.get("/tra-cuu/", {"code": code, "id_last4": RIGHT.translate(ARABIC_INDIC)})
    assert response.status_code == 302
    status, html = page(client, code, id_last4=RIGHT.translate(ARABIC_INDIC))
    assert status == 400
    assert NAME not in html


def test_the_addresses_of_one_ipv6_64_are_one_client(client: Client, code: str) -> None:
    """A fresh address of the same /64 per guess does not give fresh guesses."""
    for n in range(1, MAX_FAILURES + 1):
        assert page(Client(REMOTE_ADDR=f"2001:db8:5:5::{n:x}"), code, id_last4="0000")[0] == 403
    assert page(Client(REMOTE_ADDR="2001:db8:5:5:ffff::9"), code, id_last4=RIGHT)[0] == 429
    status, html = page(Client(REMOTE_ADDR="2001:db8:5:6::1"), code, id_last4=RIGHT)
    assert status == 200  # another /64: the applicant is not locked out
    assert NAME in html
    assert Throttle.objects.get(key="track:client:2001:db8:5:5::/64").hits == MAX_FAILURES
