"""The applicant's actions on /ho-so-cua-toi/<code>/: the supplement upload (one file per
requested item) and the withdrawal with its "Bạn có chắc?" step; bad input and stale pages
change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.models import AuditEvent
from motcua.dossiers.models import Attachment, Dossier, DossierStatus
from motcua.testing.auth import sign_in
from tests.conftest import stored_names
from tests.dossiers.conftest import World
from tests.portal import mine_steps as steps
from tests.portal.mine_steps import PDF, at

pytestmark = [pytest.mark.django_db, pytest.mark.backends]


@pytest.fixture(autouse=True)
def _clock() -> Any:
    """No wall clock: what a test does outside its own `at(...)` happens at this instant."""
    with at(2026, 3, 6, 9, 0):
        yield


@pytest.fixture
def citizen(client: Client, world: World) -> Client:
    return sign_in(client, world.u("citizen"))


def pdf(name: str = "cccd.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files() -> list[Path]:
    return [Path(settings.MEDIA_ROOT) / name for name in stored_names()]  # disk or S3


def snapshot(code: str) -> tuple[Any, ...]:
    d = Dossier.objects.get(code=code)
    events = AuditEvent.objects.filter(stream_id=code).count()
    return d.status, d.version, Attachment.objects.filter(dossier=d).count(), events


def supplement_post(client: Client, code: str, **data: Any) -> Any:
    version = Dossier.objects.get(code=code).version
    return client.post(f"/ho-so-cua-toi/{code}/bo-sung/", {"version": version, **data})


def test_supplement_at_reception(citizen: Client, world: World) -> None:
    code = steps.needs_supplement(world)
    with at(2026, 3, 2, 14, 0):
        response = supplement_post(
            citizen, code, file_0=pdf(), file_1=pdf("sinh.pdf"), note="Đã chụp lại rõ hơn"
        )
    assert response.status_code == 302
    assert response["Location"] == f"/ho-so-cua-toi/{code}/"
    d = Dossier.objects.get(code=code)
    assert d.status == DossierStatus.SUBMITTED
    files = list(d.attachments.order_by("pk"))
    assert [a.original_name for a in files] == ["cccd.pdf", "sinh.pdf"]
    assert [a.purpose for a in files] == ["supplement", "supplement"]
    assert files[0].required_document is not None  # "Bản sao CCCD" is a required document
    assert files[0].required_document.name == "Bản sao CCCD"
    assert files[1].required_document is None
    event = AuditEvent.objects.filter(stream_id=code, kind="dossier.supplemented").get()
    assert event.payload["note"] == "Đã chụp lại rõ hơn"
    html = citizen.get(response["Location"]).content.decode()
    assert "Đã gửi hồ sơ bổ sung." in html
    assert "Người nộp đã bổ sung hồ sơ." in html
    assert "Nộp bổ sung hồ sơ" not in html
    assert f"/ho-so/{code}/tep/{files[0].pk}/" in html


def test_supplement_during_processing_resumes_the_clock(citizen: Client, world: World) -> None:
    code = steps.paused_for_supplement(world)
    with at(2026, 3, 4, 9, 0):
        response = supplement_post(citizen, code, file_0=pdf("sinh.pdf"))
    assert response.status_code == 302
    d = Dossier.objects.get(code=code)
    assert d.pause_reason == ""
    assert d.status == DossierStatus.IN_PROGRESS
    assert d.attachments.get().original_name == "sinh.pdf"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"file_0": pdf()}, "Hãy chọn tệp cho “Giấy chứng sinh”."),
        (
            {"file_0": pdf(), "file_1": pdf("x.exe", b"MZ\x90\x00not a document")},
            "Định dạng tệp không được chấp nhận",
        ),
        (
            {"file_0": pdf(), "file_1": pdf("empty.pdf", b"")},
            "Tệp cho “Giấy chứng sinh” không có nội dung.",
        ),
    ],
)
def test_bad_uploads_are_refused_and_nothing_changes(
    citizen: Client, world: World, files: dict[str, Any], message: str
) -> None:
    code = steps.needs_supplement(world)
    before, on_disk = snapshot(code), stored_files()
    response = supplement_post(citizen, code, **files)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Chưa gửi được hồ sơ bổ sung" in html or 'role="alert"' in html
    assert snapshot(code) == before
    assert stored_files() == on_disk


def test_a_note_with_control_characters_is_refused(citizen: Client, world: World) -> None:
    code = steps.needs_supplement(world)
    before = snapshot(code)
    response = supplement_post(citizen, code, file_0=pdf(), file_1=pdf(), note="a\x07b")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert snapshot(code) == before


def test_a_stale_supplement_is_a_conflict_with_a_reload_link(citizen: Client, world: World) -> None:
    code = steps.needs_supplement(world)
    version = Dossier.objects.get(code=code).version
    data = {"version": version - 1, "file_0": pdf(), "file_1": pdf()}
    before, on_disk = snapshot(code), stored_files()
    response = citizen.post(f"/ho-so-cua-toi/{code}/bo-sung/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "phiên bản đã thay đổi" in html
    assert "Tải lại trang để xem tình trạng mới nhất của hồ sơ" in html
    assert snapshot(code) == before
    assert stored_files() == on_disk


def test_a_supplement_when_none_is_asked_is_refused(citizen: Client, world: World) -> None:
    code = steps.received(world)
    before = snapshot(code)
    response = supplement_post(citizen, code, file_0=pdf())
    assert response.status_code == 409
    assert "không ở trạng thái chờ bổ sung" in response.content.decode()
    assert snapshot(code) == before


def test_nobody_else_may_post_on_the_applicants_pages(client: Client, world: World) -> None:
    code = steps.needs_supplement(world)
    before = snapshot(code)
    for user in ("stranger", "reception"):
        sign_in(client, world.u(user))
        assert supplement_post(client, code, file_0=pdf(), file_1=pdf()).status_code == 404
        response = client.post(
            f"/ho-so-cua-toi/{code}/dung/", {"version": 1, "reason": "x", "confirm": "1"}
        )
        assert response.status_code == 404
    assert snapshot(code) == before


def test_get_is_not_allowed_on_the_actions(citizen: Client, world: World) -> None:
    code = steps.needs_supplement(world)
    assert citizen.get(f"/ho-so-cua-toi/{code}/bo-sung/").status_code == 405
    assert citizen.get(f"/ho-so-cua-toi/{code}/dung/").status_code == 405


def test_withdrawal_asks_first_then_stops_the_dossier(citizen: Client, world: World) -> None:
    code = steps.received(world)
    version = Dossier.objects.get(code=code).version
    url = f"/ho-so-cua-toi/{code}/dung/"
    response = citizen.post(url, {"version": version, "reason": "Không còn nhu cầu"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bạn có chắc?" in html
    assert 'name="confirm" value="1"' in html
    assert Dossier.objects.get(code=code).status == DossierStatus.RECEIVED
    with at(2026, 3, 3, 9, 0):
        response = citizen.post(
            url, {"version": version, "reason": "Không còn nhu cầu", "confirm": "1"}
        )
    assert response.status_code == 302
    d = Dossier.objects.get(code=code)
    assert d.status == DossierStatus.WITHDRAWN
    html = citizen.get(f"/ho-so-cua-toi/{code}/").content.decode()
    assert "Hồ sơ được dừng giải quyết theo yêu cầu của người nộp. Lý do: Không còn nhu cầu" in html
    assert f"/ho-so/{code}/phieu/stop_notice.pdf" in html
    assert "Đề nghị dừng giải quyết hồ sơ" not in html


def test_withdrawal_needs_a_reason(citizen: Client, world: World) -> None:
    code = steps.received(world)
    before = snapshot(code)
    response = citizen.post(f"/ho-so-cua-toi/{code}/dung/", {"version": 2, "reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy ghi lý do đề nghị dừng giải quyết hồ sơ." in html
    assert 'aria-invalid="true"' in html
    assert snapshot(code) == before


def test_a_stale_withdrawal_is_a_conflict(citizen: Client, world: World) -> None:
    code = steps.received(world)
    before = snapshot(code)
    response = citizen.post(
        f"/ho-so-cua-toi/{code}/dung/", {"version": 1, "reason": "Thôi", "confirm": "1"}
    )
    assert response.status_code == 409
    assert "Tải lại trang" in response.content.decode()
    assert snapshot(code) == before


def test_withdrawal_after_the_result_is_refused(citizen: Client, world: World) -> None:
    code = steps.result_ready(world)
    version = Dossier.objects.get(code=code).version
    response = citizen.post(
        f"/ho-so-cua-toi/{code}/dung/", {"version": version, "reason": "Thôi", "confirm": "1"}
    )
    assert response.status_code == 409
    assert "Có kết quả" in response.content.decode()
    assert Dossier.objects.get(code=code).status == DossierStatus.RESULT_READY


def test_the_service_needs_at_least_one_file(world: World) -> None:
    from motcua.core.errors import DomainError
    from motcua.portal.services_mine import mine_supplement

    code = steps.needs_supplement(world)
    version = Dossier.objects.get(code=code).version
    with pytest.raises(DomainError) as caught:
        mine_supplement(actor=world.u("citizen"), code=code, files=[], expected_version=version)
    assert caught.value.code == "files_required"


def test_a_file_that_cannot_be_removed_after_a_refusal_is_logged(
    citizen: Client, world: World, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    from django.core.files.storage import storages

    def refuse(self: Any, name: str) -> None:
        raise OSError("read-only")

    code = steps.needs_supplement(world)
    before = snapshot(code)
    # the local folder's or S3's delete, whichever stores the files
    monkeypatch.setattr(type(storages["default"]), "delete", refuse)
    response = supplement_post(citizen, code, file_0=pdf(), file_1=pdf("x.exe", b"MZ\x90\x00"))
    assert response.status_code == 400
    assert snapshot(code) == before
    assert "could not delete stored attachment" in caplog.text
