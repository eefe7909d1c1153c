"""The VNPAY payment gateway protocol, version 2.1.0, as VNPAY publishes it (sandbox
documentation "Hướng dẫn tích hợp Cổng thanh toán VNPAY"; docs/payments.md). Pure functions,
no Django: the simulator (motcua/testing/vnpay_sim.py) and the provider share them.

- Parameters are the `vnp_*` query fields. To sign: drop vnp_SecureHash and vnp_SecureHashType
  and the empty ones, sort by name, join `quote_plus(name)=quote_plus(value)` with `&` (the
  query string exactly as sent), HMAC-SHA512 with the merchant's hash secret, lower-case hex.
- vnp_Amount is the amount in đồng × 100; dates are GMT+7 `yyyyMMddHHmmss`.
- The IPN (server-to-server GET) is answered `{"RspCode": ..., "Message": ...}`; VNPAY retries
  until it gets an answer it understands, so every answer is one of `RSP`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from urllib.parse import quote_plus

VERSION = "2.1.0"
GMT7 = timezone(timedelta(hours=7))
HASH_FIELDS_EXCLUDED = ("vnp_SecureHash", "vnp_SecureHashType")

# IPN answers (RspCode → Message) as VNPAY's integration guide lists them.
RSP = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "invalid amount",
    "97": "Invalid signature",
    "99": "Unknow error",
}
# vnp_ResponseCode values the simulator sends and the provider reads.
SUCCESS = "00"
CUSTOMER_CANCELLED = "24"  # Khách hàng hủy giao dịch
TIMED_OUT = "11"  # Đã hết hạn chờ thanh toán


def vnp_date(at: datetime) -> str:
    """`at` (aware) as VNPAY's GMT+7 yyyyMMddHHmmss."""
    if at.tzinfo is None:
        raise ValueError("aware datetime required")
    return at.astimezone(GMT7).strftime("%Y%m%d%H%M%S")


def parse_vnp_date(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=GMT7)


def hash_data(params: Mapping[str, str]) -> str:
    """The signed string: sorted, URL-encoded `name=value` pairs, hash fields and empty left out."""
    pairs = sorted(
        (k, str(v))
        for k, v in params.items()
        if k.startswith("vnp_") and k not in HASH_FIELDS_EXCLUDED and str(v) != ""
    )
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in pairs)


def sign(params: Mapping[str, str], secret: str) -> str:
    data = hash_data(params).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), data, hashlib.sha512).hexdigest()


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """The query string to send: the hash data followed by vnp_SecureHash."""
    return f"{hash_data(params)}&vnp_SecureHash={sign(params, secret)}"


def signature_ok(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(params, secret))


def amount_field(amount: int) -> str:
    """đồng → vnp_Amount (× 100, no separators)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("amount must be a positive integer number of đồng")
    return str(amount * 100)


def parse_amount(text: str) -> int | None:
    """vnp_Amount → đồng; None when it is not a whole number of đồng × 100."""
    if not text.isdigit() or int(text) % 100:
        return None
    return int(text) // 100


def pay_params(
    *,
    tmn_code: str,
    amount: int,
    txn_ref: str,
    order_info: str,
    return_url: str,
    ip_addr: str,
    created: datetime,
    expires: datetime,
    locale: str = "vn",
    order_type: str = "other",
) -> dict[str, str]:
    """The parameters of a payment URL (vnp_Command=pay), unsigned."""
    return {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": tmn_code,
        "vnp_Amount": amount_field(amount),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": order_type,
        "vnp_Locale": "en" if locale == "en" else "vn",
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip_addr,
        "vnp_CreateDate": vnp_date(created),
        "vnp_ExpireDate": vnp_date(expires),
    }
