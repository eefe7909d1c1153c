"""The demo generates the key that signs audit checkpoints (DEBUG only), once."""

from __future__ import annotations

from io import StringIO

from motcua.accounts.management.commands.seed_demo import Command


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
