"""The store's services: what enters a person's store, who sees it, attaching without upload
(the same stored file, provenance recorded), non-reusable components refused, and deleting one
of two rows that share a file keeps the file."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.models import AuditEvent
from motcua.docstore import selectors
from motcua.docstore.models import ComponentSource, ItemKind, Source, StoreItem
from motcua.docstore.services import store_add_result, store_add_verified, store_backfill
from motcua.docstore.services_attach import store_item_attach, store_item_detach
from motcua.dossiers.models import Attachment, AttachmentPurpose
from motcua.dossiers.services.attachments import delete_if_unused
from tests.conftest import stored_names
from tests.docstore.conftest import CLOCK, Store, documents, second_dossier

pytestmark = [pytest.mark.django_db, pytest.mark.backends]


def test_a_result_and_a_verified_upload_enter_the_owners_store(store: Store) -> None:
    citizen = store.w.u("citizen")
    items = list(selectors.store_items_for_user(user=citizen))
    assert {i.kind for i in items} == {ItemKind.RESULT, ItemKind.VERIFIED}
    result = store.result
    # the item is the result attachment's own stored file, with its sha256 and its signature
    assert result.attachment.purpose == AttachmentPurpose.RESULT
    assert result.sha256 == result.attachment.sha256
    assert result.signed is True
    assert store.verified.signed is False  # a plain scan has no signature
    assert store.verified.verified_by == store.w.u("reception")
    assert (result.owner_kind, result.owner_id_number) == ("person", citizen.cccd)
    kinds = AuditEvent.objects.filter(stream_id=store.first.code, kind="docstore.item_added")
    assert kinds.count() == 2


def test_recording_the_result_puts_it_in_the_store_with_its_result_code(store: Store) -> None:
    from motcua.signing.models import ResultCode

    code = ResultCode.objects.get(attachment=store.result.attachment)
    assert store.result.result_code == code.code
    assert store.result.source_dossier == store.first


def test_adding_twice_adds_once(store: Store) -> None:
    again = store_add_result(attachment=store.result.attachment)
    assert again == store.result
    same = store_add_verified(
        actor=store.w.u("reception"),
        code=store.first.code,
        attachment_id=store.verified.attachment_id,
    )
    assert same == store.verified
    assert StoreItem.objects.count() == 2


def test_only_an_official_of_the_receiving_agency_verifies(store: Store) -> None:
    component = store.verified.attachment
    StoreItem.objects.filter(pk=store.verified.pk).delete()
    for name in ("citizen", "other_reception"):
        with pytest.raises(PermissionDenied):
            store_add_verified(
                actor=store.w.u(name), code=store.first.code, attachment_id=component.pk
            )
    with pytest.raises(DomainError) as exc:
        store_add_verified(
            actor=store.w.u("reception"),
            code=store.first.code,
            attachment_id=store.result.attachment_id,
        )
    assert exc.value.code == "not_a_component"
    assert not StoreItem.objects.filter(kind=ItemKind.VERIFIED).exists()


def test_another_person_cannot_see_or_attach(store: Store) -> None:
    other = User.objects.create_user(username="binh", password="x", cccd="079090005678")
    assert list(selectors.store_items_for_user(user=other)) == []
    assert list(selectors.store_items_for_user(user=store.w.u("stranger"))) == []
    with pytest.raises(NotFound):
        selectors.store_item_get_for_user(user=other, item_id=store.result.pk)
    with time_machine.travel(CLOCK, tick=False):
        dossier = second_dossier(store.w)
    with pytest.raises(NotFound):
        store_item_attach(
            actor=other,
            code=dossier.code,
            item_id=store.result.pk,
            required_document_id=documents()["Giấy khai sinh"].pk,
        )
    assert not dossier.attachments.exists()


def test_a_second_dossier_attaches_without_upload(store: Store) -> None:
    with time_machine.travel(CLOCK, tick=False):
        dossier = second_dossier(store.w)
    before = stored_names()
    added = store_item_attach(
        actor=store.w.u("citizen"),
        code=dossier.code,
        item_id=store.result.pk,
        required_document_id=documents()["Giấy khai sinh"].pk,
    )
    # no new stored file: the storage holds the same files, and the row names the same one
    assert stored_names() == before
    assert added.file.name == store.result.attachment.file.name
    assert Attachment.objects.filter(file=added.file.name).count() == 2
    with added.file.open("rb") as handle:
        import hashlib

        assert hashlib.sha256(handle.read()).hexdigest() == store.result.sha256 == added.sha256
    source = ComponentSource.objects.get(attachment=added)
    assert (source.source, source.item, source.dossier) == (
        Source.PERSONAL_STORE,
        store.result,
        dossier,
    )
    event = AuditEvent.objects.filter(stream_id=dossier.code).order_by("-seq").first()
    assert event is not None
    assert event.kind == "dossier.attachment_added"
    assert event.payload["from_store"] == store.result.pk


def test_a_non_reusable_component_refuses_the_store(store: Store) -> None:
    with time_machine.travel(CLOCK, tick=False):
        dossier = second_dossier(store.w)
    with pytest.raises(DomainError) as exc:
        store_item_attach(
            actor=store.w.u("citizen"),
            code=dossier.code,
            item_id=store.result.pk,
            required_document_id=documents()["Đơn đăng ký"].pk,
        )
    assert exc.value.code == "not_reusable"
    assert "không cho phép lấy giấy tờ 'Đơn đăng ký' từ kho" in exc.value.message
    assert not dossier.attachments.exists()


def test_a_dossier_no_longer_open_to_the_applicant_refuses(store: Store) -> None:
    with pytest.raises(DomainError) as exc:
        store_item_attach(
            actor=store.w.u("citizen"),
            code=store.first.code,  # result ready: closed to the applicant
            item_id=store.verified.pk,
            required_document_id=store.verified.attachment.required_document_id,
        )
    assert exc.value.code == "invalid_state"
    assert not store.first.attachments.filter(component_source__isnull=False).exists()


def test_deleting_the_second_attachment_keeps_the_file_for_the_first(
    store: Store, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(CLOCK, tick=False):
        dossier = second_dossier(store.w)
    added = store_item_attach(
        actor=store.w.u("citizen"),
        code=dossier.code,
        item_id=store.result.pk,
        required_document_id=documents()["Giấy khai sinh"].pk,
    )
    name = added.file.name
    with django_capture_on_commit_callbacks(execute=True):
        store_item_detach(actor=store.w.u("citizen"), code=dossier.code, attachment_id=added.pk)
    assert not Attachment.objects.filter(pk=added.pk).exists()
    assert name in stored_names()  # the first dossier's result still names it
    first = store.result.attachment
    with first.file.open("rb") as handle:
        assert handle.read()[:5] == b"%PDF-"
    # the guard deletes a file only when no row names it any more
    storage = first.file.storage
    assert delete_if_unused(storage, name) is False
    assert name in stored_names()


def test_the_guard_deletes_a_file_nobody_uses(store: Store) -> None:
    storage = store.result.attachment.file.storage
    orphan = storage.save("dossiers/orphan/x.pdf", __import__("io").BytesIO(b"%PDF-1.4"))
    assert delete_if_unused(storage, orphan) is True
    assert orphan not in stored_names()


def test_backfill_adds_results_recorded_before_the_store(store: Store) -> None:
    StoreItem.objects.filter(kind=ItemKind.RESULT).delete()
    assert store_backfill() == 1
    assert store_backfill() == 0
    StoreItem.objects.filter(kind=ItemKind.RESULT).delete()
    call_command("docstore_backfill")
    assert StoreItem.objects.filter(kind=ItemKind.RESULT).count() == 1
