"""Submission by the wizard's draft: a file reused from an earlier dossier or taken from the
store becomes an attachment by reference (no copy), with its provenance; and the counts of
Decision 766 items 4.3 and 4.4."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from motcua.docstore.models import ComponentSource, Source
from motcua.docstore.selectors import reuse_counts
from motcua.docstore.services_attach import store_item_to_draft
from motcua.dossiers.services import drafts
from motcua.dossiers.services.reception import dossier_receive
from motcua.national_portal.selectors import VIETNAM
from tests.conftest import stored_names
from tests.docstore.conftest import CLOCK, REUSE_CODE, Store, documents
from tests.dossiers.conftest import CITIZEN_CCCD

pytestmark = [pytest.mark.django_db, pytest.mark.backends]
APPLICANT = {"kind": "person", "name": "Nguyễn Văn An", "id_number": CITIZEN_CCCD}


def _draft(store: Store) -> Any:
    citizen = store.w.u("citizen")
    draft = drafts.draft_start(actor=citizen, procedure_code=REUSE_CODE)
    drafts.draft_save_form(actor=citizen, draft_id=draft.pk, applicant=APPLICANT, form_data={})
    return draft


def test_a_store_item_in_the_wizard_is_submitted_by_reference(
    store: Store, django_capture_on_commit_callbacks: Any
) -> None:
    citizen = store.w.u("citizen")
    with time_machine.travel(CLOCK, tick=False):
        draft = _draft(store)
        store_item_to_draft(
            actor=citizen,
            draft_id=draft.pk,
            item_id=store.result.pk,
            required_document_id=documents()["Giấy khai sinh"].pk,
        )
        before = stored_names()
        with django_capture_on_commit_callbacks(execute=True):
            dossier, _ = drafts.draft_submit(actor=citizen, draft_id=draft.pk)
    assert stored_names() == before  # nothing stored, nothing deleted
    attachment = dossier.attachments.get()
    assert attachment.file.name == store.result.attachment.file.name
    source = ComponentSource.objects.get(attachment=attachment)
    assert (source.source, source.item) == (Source.PERSONAL_STORE, store.result)


def test_a_reused_earlier_file_is_submitted_by_reference(
    store: Store, django_capture_on_commit_callbacks: Any
) -> None:
    citizen = store.w.u("citizen")
    earlier = store.verified.attachment
    # the counter dossier names the citizen by CCCD only; link it, as reusable_attachments asks
    store.first.applicant_user = citizen
    store.first.save(update_fields=["applicant_user"])
    with time_machine.travel(CLOCK, tick=False):
        draft = _draft(store)
        drafts.draft_reuse(
            actor=citizen,
            draft_id=draft.pk,
            required_document_id=documents()["Giấy khai sinh"].pk,
            attachment_id=earlier.pk,
        )
        with django_capture_on_commit_callbacks(execute=True):
            dossier, _ = drafts.draft_submit(actor=citizen, draft_id=draft.pk)
    attachment = dossier.attachments.get()
    assert (attachment.file.name, attachment.sha256) == (earlier.file.name, earlier.sha256)
    source = ComponentSource.objects.get(attachment=attachment)
    assert (source.source, source.item, source.origin) == (Source.REUSED, None, earlier)
    assert earlier.file.name in stored_names()


def test_counts_for_items_4_3_and_4_4(store: Store) -> None:
    citizen = store.w.u("citizen")
    with time_machine.travel(CLOCK, tick=False):
        draft = _draft(store)
        store_item_to_draft(
            actor=citizen,
            draft_id=draft.pk,
            item_id=store.result.pk,
            required_document_id=documents()["Giấy khai sinh"].pk,
        )
        dossier, _ = drafts.draft_submit(actor=citizen, draft_id=draft.pk)
    with time_machine.travel(CLOCK + timedelta(hours=1), tick=False):
        dossier_receive(actor=store.w.u("reception"), code=dossier.code)
    day = CLOCK.astimezone(VIETNAM).date()
    counts = reuse_counts(agency=store.w.city, start=day, end=day + timedelta(days=1))
    # the first dossier (its result is in the store) and the second (a component from it)
    assert (counts.received, counts.reused, counts.personal_store) == (2, 1, 2)
    later = reuse_counts(agency=store.w.ward, start=day + timedelta(days=1), end=day + timedelta(2))
    other = reuse_counts(agency=store.w.other_ward, start=day, end=day + timedelta(days=1))
    assert other.received == 0
    assert (later.received, later.reused, later.personal_store) == (0, 0, 0)
