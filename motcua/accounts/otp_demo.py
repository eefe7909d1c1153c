"""Second-factor devices of the demo officials (`seed_demo`, `demo_otp`; DEBUG demos only).

Each demo official gets a confirmed authenticator device whose secret is fixed and public:
the first 20 bytes of SHA-256("motcua-demo-totp:" + username), so reruns of the seed give the
same secret and `motcua demo_otp USERNAME` prints the code an app would show. The ten recovery
codes are fixed the same way: the first 8 base32 letters (lower case) of
SHA-256("motcua-demo-recovery:" + username + ":" + n), n = 1..10. Never use on a real system.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User, UserKind
from motcua.accounts.otp import RECOVERY_CODES, RECOVERY_NAME, TOTP_NAME, issue_recovery_codes


def demo_totp_key(username: str) -> str:
    """The demo secret of `username`, as the hex that TOTPDevice.key stores."""
    return hashlib.sha256(f"motcua-demo-totp:{username}".encode()).digest()[:20].hex()


def demo_recovery_codes(username: str) -> list[str]:
    def code(n: int) -> str:
        digest = hashlib.sha256(f"motcua-demo-recovery:{username}:{n}".encode()).digest()
        return b32encode(digest).decode()[:8].lower()

    return [code(n) for n in range(1, RECOVERY_CODES + 1)]


@transaction.atomic
def demo_devices_ensure(usernames: list[str]) -> int:
    """Give each listed official without a confirmed device the demo device and recovery
    codes; the number of officials given one (0 on a rerun)."""
    done = 0
    officials = User.objects.filter(username__in=usernames, kind=UserKind.OFFICIAL)
    for user in officials:
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(
            user=user, name=TOTP_NAME, key=demo_totp_key(user.username), confirmed=True
        )
        if not StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).exists():
            issue_recovery_codes(user, demo_recovery_codes(user.username))
        done += 1
    return done


def current_code(device: TOTPDevice) -> str:
    """The code the device's app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)
