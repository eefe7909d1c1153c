"""`python -m tests.crash.city`: the small city of the crash test, written by a process of its
own (so its rows carry the same clock as the servers that use them, not the test session's
travelled one). Prints JSON: a bearer token per user, the procedure and the agency.

One ward with a reception official and a specialist, three citizens, and one published
procedure whose process is review → sign."""

from __future__ import annotations

import json
import os

import django


def build() -> dict[str, object]:
    from motcua.accounts.models import Role, User
    from motcua.api.auth import token_create
    from motcua.catalog.models import Procedure
    from motcua.dossiers.services.process import process_create, process_publish
    from tests.dossiers.conftest import _procedure, _step, _user, city_and_ward

    _city, ward = city_and_ward("UBND Thành phố")
    users = {
        "reception": _user("reception", ward, [Role.RECEPTION]),
        "specialist": _user("specialist", ward, [Role.SPECIALIST]),
        **{
            f"citizen{i}": User.objects.create_user(
                username=f"citizen{i}",
                password="x-test-pass",
                kind="citizen",
                cccd=f"07909000{i:04d}",
            )
            for i in range(3)
        },
    }
    _procedure("9.000001", "Đăng ký khai sinh thử nghiệm", 3, [ward])
    process = process_create(
        procedure=Procedure.objects.get(code="9.000001"),
        name="Quy trình 3 ngày",
        steps=[_step("review", Role.SPECIALIST, 16), _step("sign", Role.SIGNER, 8)],
        edges=[
            {"source": None, "target": "review"},
            {"source": "review", "target": "sign"},
            {"source": "sign", "target": None},
        ],
    )
    process_publish(process=process)
    return {
        "tokens": {name: token_create(user=u) for name, u in users.items()},
        "cccd": {name: u.cccd for name, u in users.items() if u.cccd},
        "procedure": "9.000001",
        "agency": ward.code,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.crash.settings")
    django.setup()
    print(json.dumps(build()))
