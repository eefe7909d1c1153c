"""The admin refuses control characters like the API and the services do: the form shows the
error beside the field and nothing is saved, and no audit event is written."""

from __future__ import annotations

import pytest
from django import forms

from motcua.core.admin_forms import refusing_control_chars
from motcua.core.models import AuditEvent
from tests.accounts.test_admin import _user_post
from tests.accounts.test_admin_services import _url, last_gseq

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    title = forms.CharField()
    body = forms.CharField(widget=forms.Textarea, required=False)


@pytest.mark.parametrize(
    ("title", "body", "bad"),
    [
        ("An\u0001", "", {"title"}),
        ("An", "dòng 1\ndòng 2\tcột", set()),  # line breaks and tabs in multi-line text
        ("A\nn", "", {"title"}),  # a one-line field takes no line break
        ("An", "x\u0000y", {"body"}),
    ],
)
def test_text_with_control_characters_is_a_form_error(title: str, body: str, bad: set) -> None:
    form = refusing_control_chars(NoteForm)(data={"title": title, "body": body})
    assert form.is_valid() is (not bad)
    assert set(form.errors) == bad


def test_the_user_admin_refuses_a_control_character_and_saves_nothing(official, admin_client):
    # given
    since = last_gseq()
    data = _user_post(official, [])
    data["home_agency"] = official.home_agency_id
    data["full_name"] = "Cán Bộ\u0001"
    # when
    resp = admin_client.post(_url("change", official.pk), data)
    # then: the form again with the error, the name unchanged, no event
    assert resp.status_code == 200
    assert "control_character" in resp.content.decode()
    official.refresh_from_db()
    assert official.full_name != "Cán Bộ\u0001"
    assert not AuditEvent.objects.filter(gseq__gt=since).exists()
