"""`ProcedureVersion.effective_from`: set through the admin (saved by the catalogue services) and
by the demo catalogue from its publication decisions."""

from __future__ import annotations

from datetime import date

from motcua.catalog.demo.helpers import PUB_SECTOR, procedure
from motcua.catalog.demo.seed import PROCEDURES, procedure_data
from motcua.catalog.models import ProcedureVersion
from tests.accounts.test_admin import _procedure, _url, _version_post


def test_the_admin_saves_the_effective_date(admin_client) -> None:
    draft = _procedure()
    url = _url(ProcedureVersion, "change", draft.pk)
    response = admin_client.post(url, _version_post(draft, effective_from="2025-07-01"))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.effective_from == date(2025, 7, 1)
    assert b'name="effective_from"' in admin_client.get(url).content


def test_demo_procedures_take_effect_on_their_decision_date() -> None:
    assert procedure(pub=PUB_SECTOR)["effective_from"] == date(2025, 9, 15)
    for row in PROCEDURES:
        data = procedure_data(row)
        assert data.effective_from is not None
        assert data.effective_from == data.publication_decision_date
