"""Official documents: issuing one (number, render, seal, PAdES signature) and receiving one as
an edXML package over HTTP, beside the raw ceilings measured in the same run.

Run: ``.venv/bin/python -m bench.documents_bench`` (or ``make bench``). A throw-away PostgreSQL
database (bench/_setup.py), the small city of tests/documents (a ward issues, a department
receives), the demo PKI, and the platform served by a WSGI server in a thread, so the
timestamp request and the package go over real HTTP. Prints medians of N runs, in ms, of:
- issue: `document_issue` end to end, and its parts: the render with the seal spot, the
  signature (`sign_for_agency` with the seal), and the number (`numbering.allocate` in a
  transaction) beside the same UPDATE … RETURNING through plain psycopg (the ceiling);
- receive: `POST /lien-thong/edxml/` of a new package (seal, certificate chain, PAdES check,
  number, stored PDF, signed status answer), the same package again (answered from the
  receipt), and `verify_pdf` alone (the PAdES check it contains).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.signing_bench import _free_port, _serve
from bench.signing_bench import _median_ms as _median_of

N = int(os.environ.get("BENCH_DOCUMENTS_N", "15"))


def _median_ms(fn: Callable[[], Any], n: int = N) -> float:
    return _median_of(fn, n=n)


def _timed_each(items: list[Any], fn: Callable[[Any], Any]) -> float:
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _raw_counter_ms(dsn: str, agency_id: int) -> float:
    """The ceiling of numbering: the same locked increment through plain psycopg."""
    import psycopg

    sql = (
        "UPDATE documents_numbercounter SET last = last + 1 "
        "WHERE agency_id = %s AND year = 2099 AND series = 'normal' RETURNING last"
    )
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "INSERT INTO documents_numbercounter (agency_id, year, series, last) "
            "VALUES (%s, 2099, 'normal', 0)",
            (agency_id,),
        )
        conn.commit()

        def one() -> None:
            with conn.transaction():
                conn.execute(sql, (agency_id,)).fetchone()

        return _median_ms(one, n=200)


def _measure(dsn: str, base_url: str) -> None:
    import requests
    from django.db import transaction

    from motcua.documents import numbering
    from motcua.documents.exchange import export_envelope
    from motcua.documents.rendering import render_document
    from motcua.documents.services_outgoing import document_issue
    from motcua.signing.services.demo import pki_seed_demo
    from motcua.signing.services.signer import sign_for_agency
    from motcua.signing.verify import verify_pdf
    from tests.documents.conftest import approved, make_city

    city = make_city()
    pki_seed_demo()
    clerk = city.u("clerk")
    document_issue(actor=clerk, document=approved(city))  # warm-up: fonts, keys, CRLs

    drafts = [approved(city) for _ in range(N)]
    issue_ms = _timed_each(drafts, lambda d: document_issue(actor=clerk, document=d))
    sample = drafts[-1]
    sample.refresh_from_db()
    assert sample.document_date is not None
    render_ms = _median_ms(lambda: render_document(sample, day=sample.document_date))
    unsigned, seal = render_document(sample, day=sample.document_date)
    sign_ms = _median_ms(
        lambda: sign_for_agency(unsigned, agency=city.ward, seal_over=seal, required=True)
    )

    def allocate() -> None:
        with transaction.atomic():
            numbering.allocate(agency_id=city.ward.pk, year=2098, series="normal")

    number_ms = _median_ms(allocate, n=200)
    raw_ms = _raw_counter_ms(dsn, city.ward.pk)

    packages = [export_envelope(actor=clerk, document=d) for d in drafts]
    url = f"{base_url}/lien-thong/edxml/?co_quan={city.dept.code}"
    session = requests.Session()

    def post(package: bytes, expected: int) -> None:
        response = session.post(url, data=package, headers={"Content-Type": "application/xml"})
        assert response.status_code == expected, (response.status_code, response.text[:300])

    receive_ms = _timed_each(packages, lambda p: post(p, 201))
    resend_ms = _timed_each(packages, lambda p: post(p, 200))
    pdf = sample.pdf.read()
    verify_ms = _median_ms(lambda: verify_pdf(pdf))

    print(f"N={N}; signed document {len(pdf):,} bytes, package {len(packages[0]):,} bytes")
    print(f"issue (number, render, seal, PAdES B-LT) {issue_ms:8.1f} ms median")
    print(f"  render with the seal spot              {render_ms:8.1f} ms median")
    print(f"  sign with the seal (TSA over HTTP)     {sign_ms:8.1f} ms median")
    print(f"  number (allocate, own transaction)     {number_ms:8.2f} ms median")
    print(f"  same UPDATE via plain psycopg          {raw_ms:8.2f} ms median (ceiling)")
    print(f"receive a new package over HTTP          {receive_ms:8.1f} ms median")
    print(f"  the same package again                 {resend_ms:8.1f} ms median")
    print(f"  verify_pdf of the document alone       {verify_ms:8.1f} ms median")


def main() -> None:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    os.environ["MOTCUA_PUBLIC_BASE_URL"] = base_url
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    if not os.environ.get("MOTCUA_SIGNING_KEY"):
        from cryptography.fernet import Fernet

        os.environ["MOTCUA_SIGNING_KEY"] = Fernet.generate_key().decode()
    from bench._setup import temporary_database

    with temporary_database("documents") as dsn:
        server = _serve(port)
        try:
            _measure(dsn, base_url)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
