"""Numbering under real concurrency on PostgreSQL: 8 clerks' sessions issue 5 documents each at
once; the numbers are exactly 1..40, none twice, none skipped."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections  # noqa: F401  (skipif reads connection)

from motcua.documents.models import NumberCounter, OutgoingDocument
from motcua.documents.services_outgoing import document_issue
from tests.documents.conftest import City, approved

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs PostgreSQL row locks"),
]
THREADS, EACH = 8, 5


@pytest.mark.usefixtures("signing_pki")  # each issue renders and signs, as in production
def test_forty_concurrent_issues_number_1_to_40(town: City, clock: Any) -> None:
    docs = [approved(town) for _ in range(THREADS * EACH)]  # no counter row exists yet
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(batch: list[OutgoingDocument]) -> None:
        try:
            barrier.wait()
            for doc in batch:
                document_issue(actor=town.u("clerk"), document=doc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(docs[i * EACH : (i + 1) * EACH],))
        for i in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(n or 0 for n in OutgoingDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * EACH + 1))
    symbols = set(OutgoingDocument.objects.values_list("symbol", flat=True))
    assert len(symbols) == THREADS * EACH
    assert NumberCounter.objects.get(agency=town.ward, year=2026, series="normal").last == 40
