"""Settings of the processes the crash test starts: the project's settings, plus the outbox
transport that carries notifications to the test's local receiver (`transport.deliver`), and a
fast password hasher for the demo accounts the setup creates."""

from motcua.settings import *  # noqa: F403
from motcua.settings import MOTCUA

MOTCUA["OUTBOX_TRANSPORTS"] = {
    **MOTCUA["OUTBOX_TRANSPORTS"],
    "sms": "tests.crash.transport.deliver",
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
