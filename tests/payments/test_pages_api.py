"""The API (start, list, documented errors), the pay page, the receipt (stored once, served as
stored, only to the applicant), the fee shown before submission and in the catalogue."""

from __future__ import annotations

import hashlib
import json

from django.test import Client

from motcua.payments.models import Payment, PaymentStatus
from motcua.testing.auth import sign_in
from tests.payments.conftest import PAID_CODE, PayWorld, at
from tests.payments.test_callbacks import result, send, started


def citizen(pw: PayWorld) -> Client:
    return sign_in(Client(), pw.w.u("citizen"))


def test_the_api_starts_a_payment_and_lists_it(pay_world: PayWorld) -> None:
    client = citizen(pay_world)
    url = f"/api/v1/dossiers/{pay_world.code}/payments"
    with at(2026, 3, 2, 11, 0):
        started_ = client.post(url, json.dumps({}), content_type="application/json")
    assert started_.status_code == 200, started_.content
    body = started_.json()
    assert body["amount"] == 15000
    assert "vnp_Amount=1500000" in body["redirect_url"]
    assert "vnp_SecureHash=" in body["redirect_url"]
    listed = client.get(url).json()
    assert listed["amount_due"] == 15000
    assert [line["amount"] for line in listed["fee_lines"]] == [10000, 5000]
    assert [(p["order_ref"], p["status"]) for p in listed["payments"]] == [
        (body["order_ref"], "pending")
    ]


def test_the_api_errors(pay_world: PayWorld) -> None:
    url = f"/api/v1/dossiers/{pay_world.code}/payments"
    other = sign_in(Client(), pay_world.w.u("stranger"))
    assert Client().post(url, "{}", content_type="application/json").status_code == 401
    assert other.post(url, "{}", content_type="application/json").status_code == 404
    reception = sign_in(Client(), pay_world.w.u("reception"))
    refused = reception.post(url, "{}", content_type="application/json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")
    send(result(started(pay_world)))
    again = citizen(pay_world).post(url, "{}", content_type="application/json")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "nothing_due")


def test_payments_refuse_to_start_without_a_secret(pay_world: PayWorld, settings: object) -> None:
    settings.MOTCUA_VNPAY_HASH_SECRET = ""  # type: ignore[attr-defined]
    url = f"/api/v1/dossiers/{pay_world.code}/payments"
    answer = citizen(pay_world).post(url, "{}", content_type="application/json")
    assert (answer.status_code, answer.json()["error"]["code"]) == (400, "payments_not_configured")
    assert not Payment.objects.exists()


def test_the_openapi_documents_the_errors(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    start = spec["paths"]["/api/v1/dossiers/{code}/payments"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(start)
    assert "/api/v1/payments/vnpay/ipn" in spec["paths"]


def test_the_pay_page_posts_to_the_gateway(pay_world: PayWorld) -> None:
    client = citizen(pay_world)
    page = client.get(f"/ho-so-cua-toi/{pay_world.code}/thanh-toan/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "15.000" in text
    assert "Thanh toán qua VNPAY" in text
    assert "form-action 'self' http://127.0.0.1:9" in page["Content-Security-Policy"]
    with at(2026, 3, 2, 11, 0):
        go = client.post(f"/ho-so-cua-toi/{pay_world.code}/thanh-toan/")
    assert go.status_code == 302
    assert go["Location"].startswith("http://127.0.0.1:9/paymentv2/vpcpay.html?")
    detail = client.get(f"/ho-so-cua-toi/{pay_world.code}/").content.decode()
    assert "Số tiền phải nộp: 15.000 đồng." in detail


def test_the_receipt_is_stored_once_and_served_as_stored(pay_world: PayWorld) -> None:
    payment = started(pay_world)
    url = f"/ho-so-cua-toi/{pay_world.code}/thanh-toan/{payment.order_ref}/bien-lai/"
    client = citizen(pay_world)
    assert client.get(url).status_code == 302  # not paid yet: back to the pay page
    send(result(payment))
    first = client.get(url)
    assert first.status_code == 200
    data = b"".join(first.streaming_content)
    assert data.startswith(b"%PDF")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert hashlib.sha256(data).hexdigest() == payment.receipt_sha256
    stored_name = payment.receipt.name
    second = b"".join(client.get(url).streaming_content)
    assert second == data
    payment.refresh_from_db()
    assert payment.receipt.name == stored_name
    stranger = sign_in(Client(), pay_world.w.u("stranger"))
    assert stranger.get(url).status_code == 404


def test_the_catalogue_shows_the_computed_totals(pay_world: PayWorld) -> None:
    page = Client().get(f"/thu-tuc/{PAID_CODE}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tổng phải nộp: 25.000 đồng khi nộp trực tiếp, 15.000 đồng khi nộp trực tuyến." in text


def test_the_wizard_review_shows_the_online_fee_with_exemptions(pay_world: PayWorld) -> None:
    from django.template import Context, Template

    from motcua.catalog.models import Procedure

    version = Procedure.objects.get(code=PAID_CODE).current
    tpl = Template("{% load payments %}{% fee_quote version form_data %}")
    plain = tpl.render(Context({"version": version, "form_data": {}}))
    assert "Tổng số tiền phải nộp khi nộp trực tuyến: <strong>15.000 đồng</strong>." in plain
    exempt = tpl.render(
        Context({"version": version, "form_data": {"fee_exemption": "poor_household"}})
    )
    assert "<strong>5.000 đồng</strong>" in exempt
    assert "được miễn" in exempt
