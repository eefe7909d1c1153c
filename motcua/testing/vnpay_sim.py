"""A local VNPAY simulator: a small WSGI app that speaks VNPAY's 2.1.0 protocol
(motcua/payments/vnpay.py; docs/payments.md), for `make run` and the tests.

- `GET /paymentv2/vpcpay.html?<signed query>`: checks the signature, the merchant code and the
  version, then shows the order with four buttons: Approve, Decline, Time out, Approve and send
  the IPN twice.
- `POST /paymentv2/decide`: sends the signed result to the merchant's IPN URL (server to
  server, a GET, as VNPAY does; twice for the last button), then redirects the browser (303) to
  vnp_ReturnUrl with the same signed result.
- `GET /merchant/settlement?vnp_TmnCode=..&date=YYYYMMDD&vnp_SecureHash=..`: the day's
  settlement file (CSV, one row per approved transaction, dates GMT+7).
- `GET /_sim/ipn-log`: the IPN answers it received (JSON), for tests.

Run: `python -m motcua.testing.vnpay_sim --port 8010 --ipn-url http://127.0.0.1:8000/api/v1/payments/vnpay/ipn`
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import itertools
import json
import threading
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from motcua.payments import vnpay

DEMO_TMN_CODE = "MOTCUA01"
DEMO_SECRET = "DEMOSECRETMOTCUAVNPAYSIMULATOR01"  # noqa: S105 (a demo value, public) — the DEBUG default in settings.py
OUTCOMES = {
    # button → (vnp_ResponseCode, vnp_TransactionStatus, IPN count)
    "approve": (vnpay.SUCCESS, "00", 1),
    "decline": (vnpay.CUSTOMER_CANCELLED, "02", 1),
    "timeout": (vnpay.TIMED_OUT, "02", 1),
    "approve_twice": (vnpay.SUCCESS, "00", 2),
}
SETTLEMENT_COLUMNS = (
    "STT",
    "vnp_TmnCode",
    "vnp_TransactionNo",
    "vnp_TxnRef",
    "Amount_VND",
    "vnp_BankCode",
    "vnp_CardType",
    "vnp_PayDate",
    "vnp_TransactionStatus",
)

StartResponse = Callable[..., Any]


@dataclass
class Simulator:
    tmn_code: str = DEMO_TMN_CODE
    secret: str = DEMO_SECRET
    ipn_url: str = "http://127.0.0.1:8000/api/v1/payments/vnpay/ipn"
    settled: list[dict[str, str]] = field(default_factory=list)
    ipn_log: list[dict[str, Any]] = field(default_factory=list)
    _numbers: Iterable[int] = field(default_factory=lambda: itertools.count(14000001))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> list[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        if path == "/paymentv2/vpcpay.html" and method == "GET":
            return self.pay_page(query, start)
        if path == "/paymentv2/decide" and method == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = dict(parse_qsl(environ["wsgi.input"].read(size).decode()))
            return self.decide(form, start)
        if path == "/merchant/settlement" and method == "GET":
            return self.settlement(query, start)
        if path == "/_sim/ipn-log":
            return _reply(start, "200 OK", json.dumps(self.ipn_log), "application/json")
        return _reply(start, "404 Not Found", "not found", "text/plain")

    def _check(self, params: dict[str, str]) -> str:
        """Why VNPAY would refuse the payment URL ('' when it is fine)."""
        if not vnpay.signature_ok(params, self.secret):
            return "Sai chữ ký (mã lỗi 70)"
        if params.get("vnp_TmnCode") != self.tmn_code:
            return "Website chưa được phê duyệt (mã lỗi 03)"
        if params.get("vnp_Version") != vnpay.VERSION or params.get("vnp_Command") != "pay":
            return "Sai phiên bản hoặc lệnh (mã lỗi 03)"
        if vnpay.parse_amount(params.get("vnp_Amount", "")) is None:
            return "Số tiền không hợp lệ (mã lỗi 03)"
        return ""

    def pay_page(self, params: dict[str, str], start: StartResponse) -> list[bytes]:
        problem = self._check(params)
        if problem:
            return _reply(start, "400 Bad Request", _page("Lỗi", f"<p>{html.escape(problem)}</p>"))
        amount = vnpay.parse_amount(params["vnp_Amount"]) or 0
        q = html.escape(urlencode(params), quote=True)
        buttons = "".join(
            f'<button type="submit" name="outcome" value="{k}">{label}</button> '
            for k, label in (
                ("approve", "Đồng ý thanh toán"),
                ("decline", "Từ chối (huỷ giao dịch)"),
                ("timeout", "Hết thời gian"),
                ("approve_twice", "Đồng ý và gửi IPN hai lần"),
            )
        )
        body = (
            f"<p>Mã đơn hàng: <strong>{html.escape(params['vnp_TxnRef'])}</strong></p>"
            f"<p>Nội dung: {html.escape(params.get('vnp_OrderInfo', ''))}</p>"
            f"<p>Số tiền: <strong id='amount'>{amount:,} VND</strong></p>".replace(",", ".")
            + f'<form method="post" action="/paymentv2/decide">'
            f'<input type="hidden" name="q" value="{q}">{buttons}</form>'
        )
        return _reply(start, "200 OK", _page("Cổng thanh toán VNPAY (mô phỏng)", body))

    def decide(self, form: dict[str, str], start: StartResponse) -> list[bytes]:
        params = dict(parse_qsl(form.get("q", ""), keep_blank_values=True))
        problem = self._check(params)
        if problem or form.get("outcome") not in OUTCOMES:
            return _reply(start, "400 Bad Request", _page("Lỗi", html.escape(problem or "?")))
        code, status, times = OUTCOMES[form["outcome"]]
        result = self._result(params, code, status)
        query = vnpay.signed_query(result, self.secret)
        for _ in range(times):
            self._send_ipn(query, result["vnp_TxnRef"])
        target = f"{params['vnp_ReturnUrl']}?{query}"
        start("303 See Other", [("Location", target), ("Content-Length", "0")])
        return [b""]

    def _result(self, params: dict[str, str], code: str, status: str) -> dict[str, str]:
        with self._lock:
            number = str(next(self._numbers))  # type: ignore[call-overload]
        result = {
            "vnp_Amount": params["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{number}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": params.get("vnp_OrderInfo", ""),
            "vnp_PayDate": vnpay.vnp_date(datetime.now(UTC)),
            "vnp_ResponseCode": code,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionNo": number if code == vnpay.SUCCESS else "0",
            "vnp_TransactionStatus": status,
            "vnp_TxnRef": params["vnp_TxnRef"],
        }
        if code == vnpay.SUCCESS:
            with self._lock:
                self.settled.append(result)
        return result

    def _send_ipn(self, query: str, txn_ref: str) -> None:
        try:
            with urllib.request.urlopen(f"{self.ipn_url}?{query}", timeout=30) as resp:  # noqa: S310
                answer = json.loads(resp.read())
        except Exception as exc:  # VNPAY retries later; the simulator records the failure
            answer = {"error": str(exc)}
        with self._lock:
            self.ipn_log.append({"txn_ref": txn_ref, "answer": answer})

    def settlement(self, params: dict[str, str], start: StartResponse) -> list[bytes]:
        if (
            not vnpay.signature_ok(params, self.secret)
            or params.get("vnp_TmnCode") != self.tmn_code
        ):
            return _reply(start, "403 Forbidden", "bad signature", "text/plain")
        day = params.get("date", "")
        rows = [r for r in self.settled if r["vnp_PayDate"].startswith(day)]
        return _reply(start, "200 OK", settlement_csv(rows), "text/csv; charset=utf-8")


def settlement_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SETTLEMENT_COLUMNS)
    for i, r in enumerate(rows, 1):
        amount = vnpay.parse_amount(r["vnp_Amount"])
        writer.writerow(
            [
                i,
                r["vnp_TmnCode"],
                r["vnp_TransactionNo"],
                r["vnp_TxnRef"],
                amount,
                r["vnp_BankCode"],
                r["vnp_CardType"],
                r["vnp_PayDate"],
                r["vnp_TransactionStatus"],
            ]
        )
    return out.getvalue()


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>"
        f"{body}</main></body></html>"
    )


def _reply(
    start: StartResponse, status: str, text: str, ctype: str = "text/html; charset=utf-8"
) -> list[bytes]:
    data = text.encode("utf-8")
    start(status, [("Content-Type", ctype), ("Content-Length", str(len(data)))])
    return [data]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingServer(WSGIServer):
    """One thread per request: the IPN it sends may reach a server that calls it back."""

    daemon_threads = True

    def process_request(self, request: Any, client_address: Any) -> None:
        threading.Thread(target=self._handle, args=(request, client_address), daemon=True).start()

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def serve(sim: Simulator, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    """A server for `sim` bound to (host, port); port 0 picks a free one."""
    return make_server(host, port, sim, server_class=_ThreadingServer, handler_class=_Quiet)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="VNPAY simulator (Một Cửa)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8010)
    parser.add_argument("--ipn-url", default="http://127.0.0.1:8000/api/v1/payments/vnpay/ipn")
    parser.add_argument("--tmn-code", default=DEMO_TMN_CODE)
    parser.add_argument("--secret", default=DEMO_SECRET)
    args = parser.parse_args(argv)
    sim = Simulator(tmn_code=args.tmn_code, secret=args.secret, ipn_url=args.ipn_url)
    server = serve(sim, args.host, args.port)
    print(f"VNPAY simulator on http://{args.host}:{server.server_port}/ (IPN → {args.ipn_url})")
    server.serve_forever()


if __name__ == "__main__":
    main()
