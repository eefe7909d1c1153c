"""The Django admin uploads a PKCS#12 through `credential_upload` (its checks shown beside the
field) and revokes through `credential_revoke`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.core.models import AuditEvent
from motcua.signing.models import SigningCredential
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import _user
from tests.signing.test_credentials import issued, p12

pytestmark = [pytest.mark.django_db]


def test_upload_and_revoke_through_the_admin(pki: Any) -> None:
    admin_user = _user("dept-admin", pki.dept, ["agency_admin"])
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = sign_in(Client(), admin_user)
    add = reverse("admin:signing_signingcredential_add")
    key, cert = issued()
    data = {"agency": pki.dept.pk, "password": "sai"}
    wrong = client.post(add, {**data, "p12": SimpleUploadedFile("a.p12", p12(key, cert))})
    assert "sai mật khẩu" in wrong.content.decode()
    before = SigningCredential.objects.count()
    data["password"] = "mat-khau"
    ok = client.post(add, {**data, "p12": SimpleUploadedFile("a.p12", p12(key, cert))})
    assert ok.status_code == 302
    assert SigningCredential.objects.count() == before + 1
    credential = SigningCredential.objects.latest("pk")
    assert credential.agency == pki.dept
    assert credential.uploaded_by == admin_user
    changelist = reverse("admin:signing_signingcredential_changelist")
    client.post(changelist, {"action": "revoke", "_selected_action": [credential.pk]})
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert AuditEvent.objects.filter(kind="signing.credential_revoked").count() == 1
