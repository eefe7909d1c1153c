"""File downloads: slips /ho-so/<code>/phieu/<kind>.pdf (the stored official copy) and
attachments /ho-so/<code>/tep/<id>/ — session login, visibility, applicability, headers; and
the media folder, which is never reachable by URL."""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches

from motcua.accounts.models import RoleAssignment
from motcua.dossiers.models import Dossier, Slip
from motcua.dossiers.services import lateness, processing, reception, results
from motcua.dossiers.services.attachments import attachment_add
from motcua.dossiers.services.slips import slip_generate
from motcua.dossiers.services.submission import dossier_intake_counter, dossier_submit
from tests.dossiers.conftest import World, applicant

pytestmark = pytest.mark.backends  # CI runs these again on RQ and S3 too

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


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
def received(world: World) -> str:
    with at(2026, 3, 2, 9, 0):
        d = submit(world)
        reception.dossier_receive(actor=world.u("reception"), code=d.code)
    return d.code


def as_user(w: World, name: str) -> Client:
    client = Client()
    client.force_login(w.u(name))
    return client


def url(code: str, kind: str) -> str:
    return f"/ho-so/{code}/phieu/{kind}.pdf"


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_anonymous_is_sent_to_the_login_page(client: Client, received: str) -> None:
    response = client.get(url(received, "receipt"))
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={url(received, 'receipt')}"


def test_the_applicant_gets_the_receipt_inline(world: World, received: str) -> None:
    response = as_user(world, "citizen").get(url(received, "receipt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{received}-receipt.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert body(response).startswith(b"%PDF")


def test_an_official_of_the_receiving_agency_gets_the_control_sheet(
    world: World, received: str
) -> None:
    response = as_user(world, "reception").get(url(received, "control_sheet"))
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["stranger", "other_reception"])
def test_a_dossier_the_user_may_not_see_is_a_404(world: World, received: str, who: str) -> None:
    assert as_user(world, who).get(url(received, "receipt")).status_code == 404


@pytest.mark.parametrize("kind", ["foo", "tracking_book", "RECEIPT"])
def test_an_unknown_kind_is_a_404(world: World, received: str, kind: str) -> None:
    assert as_user(world, "citizen").get(url(received, kind)).status_code == 404


def test_an_unknown_code_is_a_404(world: World) -> None:
    assert (
        as_user(world, "citizen").get(url("000.01.30.H29-260101-9999", "receipt")).status_code
        == 404
    )


@pytest.mark.parametrize("kind", ["refusal", "apology", "supplement", "stop_notice"])
def test_a_slip_that_does_not_apply_is_a_404(world: World, received: str, kind: str) -> None:
    assert as_user(world, "citizen").get(url(received, kind)).status_code == 404


@pytest.mark.parametrize("kind", ["receipt", "control_sheet"])
def test_no_receipt_before_the_dossier_is_received(world: World, kind: str) -> None:
    code = submit(world).code
    assert as_user(world, "citizen").get(url(code, kind)).status_code == 404


def test_refusal_slip_for_a_rejected_dossier(world: World) -> None:
    code = submit(world).code
    reception.dossier_refuse(
        actor=world.u("reception"), code=code, reasons=["Không thuộc thẩm quyền"]
    )
    response = as_user(world, "citizen").get(url(code, "refusal"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{code}-refusal.pdf"'


def test_apology_slip_once_an_apology_exists(world: World, received: str) -> None:
    with at(2026, 3, 3, 9, 0):
        lateness.apology_issue(
            actor=world.u("signer"), code=received, reason="Chờ xác minh", new_due=date(2026, 3, 10)
        )
    response = as_user(world, "citizen").get(url(received, "apology"))
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF")


def test_stop_notice_for_a_withdrawn_dossier(world: World, received: str) -> None:
    results.dossier_withdraw(actor=world.u("citizen"), code=received, reason="Không cần nữa")
    assert as_user(world, "citizen").get(url(received, "stop_notice")).status_code == 200


def test_supplement_slip_once_requested(world: World) -> None:
    code = submit(world).code
    reception.dossier_request_supplement(
        actor=world.u("reception"), code=code, items=[{"name": "Bản sao CCCD", "reason": "Mờ"}]
    )
    assert as_user(world, "citizen").get(url(code, "supplement")).status_code == 200


def test_post_is_refused(world: World, received: str) -> None:
    assert as_user(world, "citizen").post(url(received, "receipt")).status_code == 405


# --- one official copy --------------------------------------------------------------------------


def test_the_download_is_the_stored_slip_even_after_the_dossier_changed(
    world: World, received: str
) -> None:
    # given the receipt issued at reception
    dossier = Dossier.objects.get(code=received)
    slip = slip_generate(dossier=dossier, kind="receipt", actor=world.u("reception"))
    with slip.file.open("rb") as fh:
        stored = fh.read()
    # when the dossier's data change afterwards
    Dossier.objects.filter(code=received).update(
        applicant_name="Trần Thị Bình", applicant_address="1 Hai Bà Trưng"
    )
    response = as_user(world, "citizen").get(url(received, "receipt"))
    # then the citizen gets the issued bytes, not a new rendering
    downloaded = body(response)
    assert downloaded == stored
    assert hashlib.sha256(downloaded).hexdigest() == slip.sha256
    assert response["Repr-Digest"].startswith("sha-256=:")
    assert Slip.objects.filter(dossier__code=received, kind="receipt").count() == 1


def test_without_a_stored_slip_the_first_download_issues_it_once(
    world: World, received: str
) -> None:
    assert not Slip.objects.filter(dossier__code=received).exists()
    first = body(as_user(world, "citizen").get(url(received, "receipt")))
    slip = Slip.objects.get(dossier__code=received, kind="receipt")
    assert hashlib.sha256(first).hexdigest() == slip.sha256
    Dossier.objects.filter(code=received).update(applicant_name="Trần Thị Bình")
    again = body(as_user(world, "reception").get(url(received, "receipt")))
    assert again == first
    assert Slip.objects.filter(dossier__code=received).count() == 1


def test_the_newest_issued_copy_is_served(world: World, received: str) -> None:
    dossier = Dossier.objects.get(code=received)
    slip_generate(dossier=dossier, kind="receipt")
    Dossier.objects.filter(code=received).update(applicant_name="Trần Thị Bình")
    newest = slip_generate(dossier=Dossier.objects.get(code=received), kind="receipt")
    downloaded = body(as_user(world, "citizen").get(url(received, "receipt")))
    assert hashlib.sha256(downloaded).hexdigest() == newest.sha256


def test_the_control_sheet_is_issued_again_once_the_dossier_moved_on(
    world: World, received: str
) -> None:
    officer = as_user(world, "reception")
    first = body(officer.get(url(received, "control_sheet")))
    assert body(officer.get(url(received, "control_sheet"))) == first
    with at(2026, 3, 3, 10, 0):
        step = Dossier.objects.get(code=received).steps.get(status="active")
        processing.step_complete(
            actor=world.u("specialist"), code=received, step_id=step.pk, outcome="approve"
        )
    second = body(officer.get(url(received, "control_sheet")))
    assert second != first
    slips = Slip.objects.filter(dossier__code=received, kind="control_sheet").order_by("pk")
    assert [hashlib.sha256(b).hexdigest() for b in (first, second)] == [s.sha256 for s in slips]


def test_slips_are_stored_under_a_name_nobody_can_guess(world: World, received: str) -> None:
    slip = slip_generate(dossier=Dossier.objects.get(code=received), kind="receipt")
    assert re.fullmatch(rf"slips/{re.escape(received)}/[0-9a-f]{{32}}\.pdf", slip.file.name)
    assert "receipt" not in slip.file.name


# --- the media folder ---------------------------------------------------------------------------


@pytest.fixture
def debug_urls(settings: Any) -> Iterator[None]:
    """The URLconf as `make run` loads it (DEBUG on at import time)."""
    import motcua.urls

    settings.DEBUG = True
    importlib.reload(motcua.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(motcua.urls)
    clear_url_caches()


@pytest.mark.usefixtures("debug_urls")
def test_the_media_folder_is_not_served_even_with_debug_on(
    world: World, received: str, settings: Any
) -> None:
    slip = slip_generate(dossier=Dossier.objects.get(code=received), kind="receipt")
    plain = default_storage.save("slips/2026/03/guessable-receipt.pdf", ContentFile(PDF))
    assert default_storage.exists(slip.file.name)
    assert default_storage.exists(plain)
    for name in (slip.file.name, plain):
        assert Client().get(f"{settings.MEDIA_URL}{name}").status_code == 404
        assert as_user(world, "citizen").get(f"{settings.MEDIA_URL}{name}").status_code == 404


# --- attachments --------------------------------------------------------------------------------


@pytest.fixture
def attached(world: World) -> tuple[str, int]:
    code = submit(world).code
    upload = SimpleUploadedFile('Giấy khai sinh "bản\r\nsao".pdf', PDF, "text/html")
    attachment = attachment_add(
        actor=world.u("citizen"), dossier=Dossier.objects.get(code=code), upload=upload
    )
    return code, attachment.pk


def file_url(code: str, attachment_id: int) -> str:
    return f"/ho-so/{code}/tep/{attachment_id}/"


@pytest.mark.parametrize("who", ["citizen", "reception"])
def test_the_applicant_and_officials_in_scope_download_an_attachment(
    world: World, attached: tuple[str, int], who: str
) -> None:
    code, pk = attached
    response = as_user(world, who).get(file_url(code, pk))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"  # sniffed, not the client's header
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Giay khai sinh ban sao.pdf"')
    assert disposition.endswith(
        "filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20b%E1%BA%A3n%20sao.pdf"
    )
    assert "\r" not in disposition
    assert "\n" not in disposition


@pytest.mark.parametrize("who", ["stranger", "other_reception"])
def test_an_attachment_of_a_dossier_the_user_may_not_see_is_a_404(
    world: World, attached: tuple[str, int], who: str
) -> None:
    code, pk = attached
    assert as_user(world, who).get(file_url(code, pk)).status_code == 404


def test_an_attachment_through_another_dossier_is_a_404(
    world: World, attached: tuple[str, int], received: str
) -> None:
    _, pk = attached
    assert as_user(world, "citizen").get(file_url(received, pk)).status_code == 404
    assert as_user(world, "citizen").get(file_url(attached[0], pk + 1000)).status_code == 404


def test_an_anonymous_attachment_download_goes_to_the_login(
    client: Client, attached: tuple[str, int]
) -> None:
    response = client.get(file_url(*attached))
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_a_nul_in_a_download_path_is_a_404(world: World) -> None:
    citizen = as_user(world, "citizen")
    assert citizen.get("/ho-so/abc%00/phieu/receipt.pdf").status_code == 404
    assert citizen.get("/ho-so/abc%00/tep/1/").status_code == 404


# --- a procedure's blank forms (public) ---------------------------------------------------------


def test_a_procedure_template_is_public_through_its_view(client: Client, world: World) -> None:
    from motcua.catalog.models import RequiredDocument

    name = default_storage.save("templates/to-khai.pdf", ContentFile(PDF))
    document = RequiredDocument.objects.filter(version__procedure__code=world.simple).first()
    RequiredDocument.objects.filter(pk=document.pk).update(template=name, template_name="Tờ khai")
    response = client.get(f"/thu-tuc/{world.simple}/mau/{document.pk}/")
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''T%E1%BB%9D%20khai.pdf" in response["Content-Disposition"]
    page = client.get(f"/thu-tuc/{world.simple}/").content.decode()
    assert f'href="/thu-tuc/{world.simple}/mau/{document.pk}/"' in page
    # the document of another procedure, a document without a file, junk: 404
    assert client.get(f"/thu-tuc/{world.liaison}/mau/{document.pk}/").status_code == 404
    other = RequiredDocument.objects.exclude(pk=document.pk).first()
    assert client.get(f"/thu-tuc/{world.simple}/mau/{other.pk}/").status_code == 404
    assert client.get(f"/thu-tuc/abc%00/mau/{document.pk}/").status_code == 404


# --- internal records and officials who lost their role -----------------------------------------


def test_the_applicant_never_gets_the_control_sheet(world: World, received: str) -> None:
    """The control sheet records hand-overs between officials: internal, "not found" to the
    applicant even though the receipt of the same dossier downloads."""
    citizen = as_user(world, "citizen")
    assert citizen.get(url(received, "receipt")).status_code == 200
    response = citizen.get(url(received, "control_sheet"))
    assert response.status_code == 404
    assert not Slip.objects.filter(dossier__code=received, kind="control_sheet").exists()


def counter_intake(w: World) -> Dossier:
    with at(2026, 3, 2, 9, 0):
        return dossier_intake_counter(
            actor=w.u("reception"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi học"},
        )


def test_a_counter_official_who_lost_their_role_loses_the_dossier_pages(world: World) -> None:
    dossier = counter_intake(world)
    upload = SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")
    attachment = attachment_add(actor=world.u("reception"), dossier=dossier, upload=upload)
    officer = as_user(world, "reception")
    assert officer.get(url(dossier.code, "receipt")).status_code == 200  # while in the role
    RoleAssignment.objects.filter(user=world.u("reception")).delete()
    assert officer.get(url(dossier.code, "receipt")).status_code == 404
    assert officer.get(url(dossier.code, "control_sheet")).status_code == 404
    assert officer.get(file_url(dossier.code, attachment.pk)).status_code == 404
