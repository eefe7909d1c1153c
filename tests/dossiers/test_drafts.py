"""Submission drafts: start, save, files, submit, discard; only the owner ever sees a draft."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.catalog.services import (
    DocumentData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.dossiers.models import (
    Attachment,
    Dossier,
    DossierCounter,
    DraftFile,
    DraftStep,
    SubmissionDraft,
)
from motcua.dossiers.selectors import drafts as selectors
from motcua.dossiers.services import draft_files
from motcua.dossiers.services import drafts as services
from motcua.dossiers.services.attachments import attachment_add
from tests.conftest import stored_names
from tests.dossiers.conftest import CITIZEN_CCCD, World
from tests.dossiers.test_attachments import pdf_bytes

pytestmark = pytest.mark.backends  # CI runs these again on RQ and S3 too

APPLICANT = {
    "kind": "person",
    "name": "Nguyễn Văn An",
    "id_number": CITIZEN_CCCD,
    "phone": "0901234567",
}


def pdf(name: str = "to-khai.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data, "application/pdf")


def media_files(settings: Any) -> list[Path]:
    return [Path(settings.MEDIA_ROOT) / name for name in stored_names()]  # disk or S3


def start(w: World, code: str | None = None, user: str = "citizen") -> SubmissionDraft:
    return services.draft_start(
        actor=w.u(user), procedure_code=code or w.simple, agency_code=w.ward.code
    )


def documents(draft: SubmissionDraft) -> list[int]:
    return [doc.pk for doc, _ in selectors.draft_documents(draft)]


def ready(w: World, user: str = "citizen") -> SubmissionDraft:
    """A complete draft: agency, applicant, declaration and a file for every document."""
    draft = start(w, user=user)
    problems = services.draft_save_form(
        actor=w.u(user), draft_id=draft.pk, applicant=APPLICANT, form_data={"purpose": "Đi học"}
    )
    assert problems == {}
    for doc in documents(draft):
        services.draft_attach(
            actor=w.u(user), draft_id=draft.pk, required_document_id=doc, upload=pdf()
        )
    return draft


def publish_other(code: str, w: World, **extra: Any) -> None:
    data = ProcedureData(
        code=code,
        name="Thủ tục kiểm thử",
        field_code="HT",
        level="commune",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Giấy xác nhận",
        agency_codes=[w.ward.code],
        **extra,
    )
    procedure_publish(version=procedure_draft_save(data=data))


# --- start ---------------------------------------------------------------------------------


def test_start_prefills_from_the_account_and_waits_for_the_agency_when_several(
    world: World,
) -> None:
    citizen = world.u("citizen")
    citizen.full_name, citizen.phone, citizen.email = "Nguyễn Văn An", "0901234567", "an@vd.vn"
    citizen.save()
    draft = services.draft_start(actor=citizen, procedure_code=world.simple)
    assert draft.receiving_agency is None
    assert draft.step == DraftStep.AGENCY
    assert draft.applicant == {
        "kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": CITIZEN_CCCD,
        "phone": "0901234567",
        "email": "an@vd.vn",
    }
    one = services.draft_start(actor=citizen, procedure_code=world.liaison)
    assert one.receiving_agency == world.ward
    assert one.step == DraftStep.FORM


def test_an_organisation_account_is_prefilled_with_its_tax_code(world: World) -> None:
    company = User.objects.create_user(
        username="cty", password="x-test-pass", tax_code="0312345678", organisation_name="Cty A"
    )
    assert services.account_applicant(company) == {
        "kind": "organisation",
        "name": "Cty A",
        "id_number": "0312345678",
        "phone": "",
        "email": "",
    }


@pytest.mark.parametrize(
    ("user", "error", "code"),
    [
        ("reception", PermissionDenied, "official_online_submission"),
        ("stranger", DomainError, "identity_missing"),
    ],
)
def test_start_refuses_officials_and_accounts_without_identity(
    world: World, user: str, error: type[Exception], code: str
) -> None:
    with pytest.raises(error) as exc:
        start(world, user=user)
    assert exc.value.code == code  # type: ignore[attr-defined]
    assert not SubmissionDraft.objects.exists()


def test_start_refuses_anonymous_unknown_offline_and_foreign_agency(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(DomainError, match="đăng nhập"):
        services.draft_start(actor=AnonymousUser(), procedure_code=world.simple)
    with pytest.raises(NotFound):
        services.draft_start(actor=world.u("citizen"), procedure_code="9.999999")
    publish_other("9.000009", world, channels=["counter"], online_type="none")
    with pytest.raises(DomainError) as exc:
        services.draft_start(actor=world.u("citizen"), procedure_code="9.000009")
    assert exc.value.code == "not_online"
    with pytest.raises(DomainError) as exc:
        services.draft_start(
            actor=world.u("citizen"), procedure_code=world.simple, agency_code=world.dept.code
        )
    assert exc.value.code == "agency_not_competent"
    assert not SubmissionDraft.objects.exists()


def test_set_agency_checks_the_agency(world: World) -> None:
    citizen = world.u("citizen")
    draft = services.draft_start(actor=citizen, procedure_code=world.simple)
    with pytest.raises(DomainError) as exc:
        services.draft_set_agency(actor=citizen, draft_id=draft.pk, agency_code="")
    assert exc.value.code == "agency_not_competent"
    draft.refresh_from_db()
    assert draft.receiving_agency is None
    services.draft_set_agency(actor=citizen, draft_id=draft.pk, agency_code=world.other_ward.code)
    draft.refresh_from_db()
    assert (draft.receiving_agency, draft.step) == (world.other_ward, DraftStep.FORM)


# --- the declaration --------------------------------------------------------------------------


def test_save_keeps_partial_data_and_reports_problems(world: World) -> None:
    draft = start(world)
    problems = services.draft_save_form(
        actor=world.u("citizen"),
        draft_id=draft.pk,
        applicant={**APPLICANT, "id_number": "123", "phone": "", "evil": "x"},
        form_data={"purpose": "", "unknown": "dropped"},
    )
    assert set(problems) == {"applicant.id_number", "form.purpose"}
    assert "Mục đích" in problems["form.purpose"][0]
    draft.refresh_from_db()
    assert draft.applicant == {
        "kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": "123",
    }
    assert draft.form_data == {}
    assert draft.step == DraftStep.FORM


def test_values_that_cannot_be_kept_are_dropped_and_reported(world: World) -> None:
    draft = start(world)
    problems = services.draft_save_form(
        actor=world.u("citizen"),
        draft_id=draft.pk,
        applicant={**APPLICANT, "name": "An\x00", "address": ["not", "text"]},
        form_data={"purpose": "x" * 2001},
    )
    assert problems["applicant.name"] == [services._DROPPED]
    assert problems["applicant.address"] == [services._DROPPED]
    assert problems["form.purpose"] == [services._DROPPED]
    draft.refresh_from_db()
    assert "name" not in draft.applicant
    assert draft.form_data == {}


def test_a_complete_declaration_moves_the_draft_to_the_files_step(world: World) -> None:
    draft = start(world)
    problems = services.draft_save_form(
        actor=world.u("citizen"),
        draft_id=draft.pk,
        applicant=APPLICANT,
        form_data={"purpose": "  Đi học "},
    )
    assert problems == {}
    draft.refresh_from_db()
    assert draft.step == DraftStep.FILES
    assert draft.form_data == {"purpose": "  Đi học "}  # as typed; normalised at submission


# --- files -----------------------------------------------------------------------------------


def test_attach_stores_the_file_privately_and_detach_removes_it(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    draft = start(world)
    doc = documents(draft)[0]
    f = services.draft_attach(
        actor=world.u("citizen"),
        draft_id=draft.pk,
        required_document_id=doc,
        upload=pdf("../../Tờ khai.PDF"),
    )
    assert f.original_name == "Tờ khai.PDF"  # the path is gone; the extension matches
    assert f.content_type == "application/pdf"
    assert f.size == len(pdf_bytes())
    assert f.file.name.startswith(f"drafts/{draft.pk}/")
    assert "khai" not in f.file.name
    assert len(media_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_detach(actor=world.u("citizen"), draft_id=draft.pk, file_id=f.pk)
    assert not DraftFile.objects.exists()
    assert media_files(settings) == []
    with pytest.raises(NotFound):
        services.draft_detach(actor=world.u("citizen"), draft_id=draft.pk, file_id=f.pk)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "file_empty"),
        (b"MZ\x90\x00 not a document", "file_type_not_allowed"),
        (b"%PDF-" + b"x" * 2000, "file_too_large"),
    ],
)
def test_a_refused_upload_leaves_nothing(
    world: World, settings: Any, data: bytes, code: str
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "ATTACHMENT_MAX_BYTES": 1000}
    draft = start(world)
    with pytest.raises(DomainError) as exc:
        services.draft_attach(
            actor=world.u("citizen"),
            draft_id=draft.pk,
            required_document_id=documents(draft)[0],
            upload=pdf(data=data),
        )
    assert exc.value.code == code
    assert not DraftFile.objects.exists()
    assert media_files(settings) == []


def test_the_draft_total_is_limited_and_the_document_must_belong(
    world: World, settings: Any
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "DOSSIER_MAX_BYTES": len(pdf_bytes()) + 10}
    draft = start(world)
    doc = documents(draft)[0]
    attach = services.draft_attach
    attach(actor=world.u("citizen"), draft_id=draft.pk, required_document_id=doc, upload=pdf())
    with pytest.raises(DomainError) as exc:
        attach(actor=world.u("citizen"), draft_id=draft.pk, required_document_id=doc, upload=pdf())
    assert exc.value.code == "dossier_too_large"
    other = services.draft_start(actor=world.u("citizen"), procedure_code=world.liaison)
    with pytest.raises(DomainError) as exc:
        attach(
            actor=world.u("citizen"),
            draft_id=draft.pk,
            required_document_id=documents(other)[0],
            upload=pdf(),
        )
    assert exc.value.code == "unknown_document"
    assert DraftFile.objects.count() == 1
    assert len(media_files(settings)) == 1


def _earlier_dossier_with_file(w: World, user: str = "citizen") -> Attachment:
    draft = ready(w, user=user)
    dossier, _ = services.draft_submit(actor=w.u(user), draft_id=draft.pk)
    return dossier.attachments.first()  # type: ignore[return-value]


def test_reuse_holds_an_earlier_file_by_reference(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    held = _earlier_dossier_with_file(world)
    publish_other(
        "9.000010",
        world,
        channels=["online"],
        online_type="end_to_end",
        documents=[DocumentData(name="Bản sao CCCD", reusable=True), DocumentData(name="Đơn")],
    )
    draft = start(world, code="9.000010")
    reusable, plain = documents(draft)
    before = media_files(settings)
    f = services.draft_reuse(
        actor=world.u("citizen"),
        draft_id=draft.pk,
        required_document_id=reusable,
        attachment_id=held.pk,
    )
    assert (f.file.name, f.sha256, f.reused_from) == (held.file.name, held.sha256, held)
    assert media_files(settings) == before
    with pytest.raises(DomainError) as exc:
        services.draft_reuse(
            actor=world.u("citizen"),
            draft_id=draft.pk,
            required_document_id=plain,
            attachment_id=held.pk,
        )
    assert exc.value.code == "not_reusable"
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_discard(actor=world.u("citizen"), draft_id=draft.pk)
    assert held.file.storage.exists(held.file.name)  # a reused file is not ours to delete


def test_reuse_of_someone_elses_file_is_not_found(world: World) -> None:
    held = _earlier_dossier_with_file(world)
    other = User.objects.create_user(username="binh", password="x", cccd="079090005678")
    publish_other(
        "9.000010",
        world,
        channels=["online"],
        online_type="end_to_end",
        documents=[DocumentData(name="Bản sao CCCD", reusable=True)],
    )
    draft = services.draft_start(actor=other, procedure_code="9.000010")
    with pytest.raises(NotFound):
        services.draft_reuse(
            actor=other,
            draft_id=draft.pk,
            required_document_id=documents(draft)[0],
            attachment_id=held.pk,
        )
    assert not draft.files.exists()


# --- submit ----------------------------------------------------------------------------------


def test_submit_creates_the_dossier_with_its_files_and_is_idempotent(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    draft = ready(world)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, created = services.draft_submit(actor=world.u("citizen"), draft_id=draft.pk)
    assert created
    assert dossier.code.startswith(f"{world.ward.code}-")
    assert dossier.status == "submitted"
    assert dossier.form_data == {"purpose": "Đi học"}
    assert dossier.applicant_name == "Nguyễn Văn An"
    assert dossier.idempotency_key == f"draft-{draft.pk}"
    names = sorted(a.required_document.name for a in dossier.attachments.all())
    assert names == ["Bản sao CCCD", "Tờ khai"]
    assert not DraftFile.objects.exists()
    assert all(
        str(p.relative_to(settings.MEDIA_ROOT)).startswith("dossiers")
        for p in media_files(settings)
    )
    draft.refresh_from_db()
    assert (draft.dossier, draft.step) == (dossier, DraftStep.DONE)
    again, created = services.draft_submit(actor=world.u("citizen"), draft_id=draft.pk)
    assert (again, created) == (dossier, False)
    assert Dossier.objects.count() == 1
    with pytest.raises(Conflict) as exc:
        services.draft_save_form(
            actor=world.u("citizen"), draft_id=draft.pk, applicant={}, form_data={}
        )
    assert exc.value.code == "draft_submitted"
    assert list(selectors.drafts_open_for_user(user=world.u("citizen"))) == []


def test_an_incomplete_draft_is_not_submitted(world: World) -> None:
    citizen = world.u("citizen")
    draft = services.draft_start(actor=citizen, procedure_code=world.simple)
    with pytest.raises(ValidationError) as exc:
        services.draft_submit(actor=citizen, draft_id=draft.pk)
    docs = documents(draft)
    assert set(exc.value.message_dict) == {
        "agency",
        "applicant.name",
        "form.purpose",
        *(f"document.{d}" for d in docs),
    }
    assert not Dossier.objects.exists()
    assert not DossierCounter.objects.filter(last__gt=0).exists()


def test_a_failure_while_moving_files_leaves_nothing_half_submitted(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = ready(world)
    calls = []

    def flaky(**kwargs: Any) -> Attachment:
        calls.append(1)
        if len(calls) == 2:
            raise DomainError("Lỗi lưu trữ", code="storage")
        return attachment_add(**kwargs)

    monkeypatch.setattr(services, "attachment_add", flaky)
    before = media_files(settings)
    with pytest.raises(DomainError):
        services.draft_submit(actor=world.u("citizen"), draft_id=draft.pk)
    assert len(calls) == 2  # the first file was copied, then the second failed
    assert not Dossier.objects.exists()
    assert not Attachment.objects.exists()
    assert draft.files.count() == 2
    assert media_files(settings) == before
    draft.refresh_from_db()
    assert draft.dossier is None


def test_submission_checks_still_apply(world: World) -> None:
    draft = ready(world)
    services.draft_save_form(
        actor=world.u("citizen"),
        draft_id=draft.pk,
        applicant={**APPLICANT, "id_number": "079090009999"},
        form_data={"purpose": "Đi học"},
    )
    with pytest.raises(PermissionDenied) as exc:
        services.draft_submit(actor=world.u("citizen"), draft_id=draft.pk)
    assert exc.value.code == "applicant_not_caller"
    assert not Dossier.objects.exists()


def test_a_new_procedure_version_asks_to_start_again(world: World) -> None:
    draft = ready(world)
    from motcua.catalog.services import version_data

    procedure = Procedure.objects.get(code=world.simple)
    procedure_publish(version=procedure_draft_save(data=version_data(procedure.current)))  # type: ignore[arg-type]
    with pytest.raises(DomainError) as exc:
        services.draft_submit(actor=world.u("citizen"), draft_id=draft.pk)
    assert exc.value.code == "version_changed"


# --- ownership and discard -------------------------------------------------------------------


def test_another_users_draft_is_not_found_everywhere(world: World) -> None:
    draft = ready(world)
    other = User.objects.create_user(username="binh", password="x", cccd="079090005678")
    doc = documents(draft)[0]
    calls = [
        lambda: selectors.draft_get_for_user(user=other, draft_id=draft.pk),
        lambda: services.draft_set_agency(actor=other, draft_id=draft.pk, agency_code="x"),
        lambda: services.draft_save_form(
            actor=other, draft_id=draft.pk, applicant={}, form_data={}
        ),
        lambda: services.draft_attach(
            actor=other, draft_id=draft.pk, required_document_id=doc, upload=pdf()
        ),
        lambda: services.draft_detach(actor=other, draft_id=draft.pk, file_id=1),
        lambda: services.draft_reuse(
            actor=other, draft_id=draft.pk, required_document_id=doc, attachment_id=1
        ),
        lambda: services.draft_submit(actor=other, draft_id=draft.pk),
        lambda: services.draft_discard(actor=other, draft_id=draft.pk),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    assert list(selectors.drafts_open_for_user(user=other)) == []
    from django.contrib.auth.models import AnonymousUser

    assert list(selectors.drafts_open_for_user(user=AnonymousUser())) == []
    assert list(selectors.reusable_attachments(user=None)) == []
    assert SubmissionDraft.objects.get().files.count() == 2
    assert not Dossier.objects.exists()


def test_discard_removes_the_draft_and_its_files(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    draft = ready(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_discard(actor=world.u("citizen"), draft_id=draft.pk)
    assert not SubmissionDraft.objects.exists()
    assert media_files(settings) == []


def test_a_failure_after_storing_an_upload_deletes_the_stored_file(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = start(world)

    def broken(*args: Any, **kwargs: Any) -> DraftFile:
        raise RuntimeError("database went away")

    monkeypatch.setattr(draft_files, "_add_file", broken)
    with pytest.raises(RuntimeError):
        services.draft_attach(
            actor=world.u("citizen"),
            draft_id=draft.pk,
            required_document_id=documents(draft)[0],
            upload=pdf(),
        )
    assert media_files(settings) == []
    assert selectors.draft_get_for_user(user=world.u("citizen"), draft_id=draft.pk) == draft


def test_drafts_and_their_files_name_themselves(world: World) -> None:
    draft = ready(world)
    assert str(draft) == f"draft {draft.pk} of {world.u('citizen').pk}"
    assert str(draft.files.first()) == "to-khai.pdf"
