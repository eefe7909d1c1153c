"""Signing in from tests: a session as the real pages leave it, second factor included."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import UserKind


def sign_in(client: Client, user: Any) -> Client:
    """Log `user` in on `client`; an official also passes the second factor with a TOTP device
    (created if the user has none), as if they had typed its code."""
    client.force_login(user)
    if user.kind == UserKind.OFFICIAL:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="kiểm thử", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
