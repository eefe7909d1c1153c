"""The demo generates the key that signs audit checkpoints (DEBUG only), once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from motcua.accounts.management.commands.seed_demo import Command
from motcua.core import audit
from motcua.core.models import AuditCheckpoint


def test_demo_generates_an_audit_key_under_var_once(settings, tmp_path):
    path = tmp_path / "var" / "audit-key.pem"
    settings.DEBUG = True
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_KEY": "", "AUDIT_KEY_FILE": str(path)}
    command = Command(stdout=StringIO())
    command._audit_key()
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    first = path.read_bytes()
    command._audit_key()
    assert path.read_bytes() == first


def test_no_key_is_generated_when_debug_is_off(settings, tmp_path):
    path = tmp_path / "audit-key.pem"
    settings.DEBUG = False
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_KEY": "", "AUDIT_KEY_FILE": str(path)}
    Command(stdout=StringIO())._audit_key()
    assert not path.exists()


@pytest.mark.django_db
def test_demo_ends_with_a_signed_checkpoint_so_audit_verify_passes():
    with transaction.atomic():
        audit.append(stream_type="dossier", stream_id="A", kind="submitted")
    out = StringIO()
    Command(stdout=out)._audit_checkpoint()
    assert "Đã ký điểm kiểm tra nhật ký #1" in out.getvalue()
    verify = StringIO()
    call_command("audit_verify", stdout=verify)
    assert verify.getvalue().startswith("OK 1 events")


@pytest.mark.django_db
def test_demo_without_a_key_says_how_to_sign(settings, tmp_path):
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_KEY": "", "AUDIT_KEY_FILE": str(tmp_path / "x")}
    with transaction.atomic():
        audit.append(stream_type="dossier", stream_id="A", kind="submitted")
    out = StringIO()
    Command(stdout=out)._audit_checkpoint()
    assert "audit_key_missing" in out.getvalue()
    assert not AuditCheckpoint.objects.exists()
