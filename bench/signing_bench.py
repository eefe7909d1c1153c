"""Signing and verification time per document (PAdES B-LT with the platform's TSA over HTTP).

Run: ``.venv/bin/python -m bench.signing_bench`` (or ``make bench``). A throw-away PostgreSQL
database (bench/_setup.py), the demo PKI for one agency, and the platform itself served by a
WSGI server in a thread, so the timestamp request goes over real HTTP to /pki/tsa and the
result is what `result_record` pays. Prints the median of N runs, in milliseconds, of:
- sign: `sign_pdf` of a rendered A4 result (key unsealing, TSA round trip, CRLs, DSS);
- verify: `verify_pdf` of the signed file (pyHanko validator, diff analysis, CRL);
- tsa: one RFC 3161 round trip alone;
- raw RSA: a bare RSA-2048 PKCS#1 v1.5 signature of a SHA-256 digest (the ceiling).
"""

from __future__ import annotations

import hashlib
import os
import socket
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

N = int(os.environ.get("BENCH_SIGNING_N", "15"))


def _median_ms(fn: Callable[[], Any], n: int = N) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(port: int) -> Any:
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from motcua.wsgi import application

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

    class Threaded(WSGIServer):
        daemon_threads = True

    server = make_server("127.0.0.1", port, application, server_class=Threaded, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _measure() -> None:
    from asn1crypto import tsp
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    from motcua.accounts.models import Agency, AgencyKind
    from motcua.core.pdf import html_to_pdf, sign_pdf
    from motcua.signing import pki
    from motcua.signing.selectors import tsa_url
    from motcua.signing.services.demo import pki_seed_demo
    from motcua.signing.verify import verify_pdf

    agency = Agency.objects.create(
        code="999.00.01.H29", name="Sở Thử Nghiệm", short_name="STN", kind=AgencyKind.DEPARTMENT
    )
    pki_seed_demo()
    html = "<h1>Giấy phép</h1>" + "<p>Nội dung kết quả giải quyết thủ tục hành chính.</p>" * 40
    pdf = html_to_pdf(html, paper="A4")
    url = "http://127.0.0.1/xac-thuc/KQBENCH/"
    signed = sign_pdf(pdf, agency=agency, verify_url=url)  # warm-up
    assert verify_pdf(signed).valid
    sign_ms = _median_ms(lambda: sign_pdf(pdf, agency=agency, verify_url=url))
    verify_ms = _median_ms(lambda: verify_pdf(signed))
    stamper = RequestsHTTPTimeStamper(tsa_url())
    digest = hashlib.sha256(pdf).digest()
    req = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": digest,
            },
            "cert_req": True,
        }
    )
    import asyncio

    tsa_ms = _median_ms(lambda: asyncio.run(stamper.async_request_tsa_response(req)))
    key = pki.new_key()
    raw_ms = _median_ms(lambda: key.sign(digest, PKCS1v15(), hashes.SHA256()), n=200)
    print(f"document: {len(pdf):,} bytes unsigned, {len(signed):,} bytes signed (B-LT), N={N}")
    print(f"sign (PAdES B-LT, TSA over HTTP)   {sign_ms:8.1f} ms median")
    print(f"verify (pyHanko, CRL, diff)        {verify_ms:8.1f} ms median")
    print(f"  of which one TSA round trip      {tsa_ms:8.1f} ms median")
    print(f"raw RSA-2048 sign of the digest    {raw_ms:8.3f} ms median (ceiling)")


def main() -> None:
    port = _free_port()
    os.environ["MOTCUA_PUBLIC_BASE_URL"] = f"http://127.0.0.1:{port}"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ.setdefault("MOTCUA_SIGNING_KEY", "")
    if not os.environ["MOTCUA_SIGNING_KEY"]:
        from cryptography.fernet import Fernet

        os.environ["MOTCUA_SIGNING_KEY"] = Fernet.generate_key().decode()
    from bench._setup import temporary_database

    with temporary_database("signing"):
        server = _serve(port)
        try:
            _measure()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
