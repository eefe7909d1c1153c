"""JSON logs: one object per line, the request id on every line of the request, no personal
data; the id is the client's only when it is safe."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.core.logjson import JsonFormatter, RequestIdFilter, StderrHandler
from motcua.core.observability import request_id

pytestmark = pytest.mark.django_db
CCCD = "079090001234"


Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def lines() -> Iterator[Lines]:
    """`lines()`: the JSON lines written so far, through the formatter and filter the settings
    configure, by any logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_access_line_and_a_warning_share_the_request_id(client: Client, lines: Lines) -> None:
    response = client.get("/khong-co-trang-nay/", HTTP_X_REQUEST_ID="req-42.a:b_c")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-42.a:b_c"
    found = lines()
    [access] = [line for line in found if line["logger"] == "motcua.request"]
    [warning] = [line for line in found if line["logger"] == "django.request"]
    assert access["request_id"] == warning["request_id"] == "req-42.a:b_c"
    assert access["method"] == "GET"
    assert access["route"] == "<unmatched>"
    assert access["status"] == 404
    assert access["duration_ms"] >= 0
    assert access["level"] == "INFO"
    assert access["time"].endswith("Z")
    assert "user_id" not in access  # nothing loaded the user


@pytest.mark.parametrize("raw", ["", "có dấu", "a b", "x" * 65, "id\nforged", "<script>"], ids=repr)
def test_an_unsafe_request_id_is_replaced(client: Client, raw: str) -> None:
    response = client.get("/healthz?only=database", HTTP_X_REQUEST_ID=raw)
    assert response["X-Request-ID"] != raw
    assert len(response["X-Request-ID"]) == 32
    assert request_id(raw) != request_id(raw)  # fresh each time


def test_signed_in_request_logs_the_user_id_and_no_personal_data(
    client: Client, lines: Lines
) -> None:
    user = User.objects.create_user(
        username=CCCD, password="x-test-pass", kind="citizen", cccd=CCCD, full_name="Lê Văn Ba"
    )
    client.force_login(user)
    assert client.get("/").status_code == 200
    [access] = [line for line in lines() if line["logger"] == "motcua.request"]
    assert access["user_id"] == user.pk
    assert access["route"] == "/"
    dumped = json.dumps(lines(), ensure_ascii=False)
    assert CCCD not in dumped
    assert "Lê Văn Ba" not in dumped


def test_exception_lines_carry_the_traceback() -> None:
    record = logging.LogRecord("motcua.x", logging.ERROR, __file__, 1, "hỏng %s", ("A",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hỏng A"
    assert "ValueError: boom" in line["exc"]
    assert "request_id" not in line


def test_the_console_handler_follows_stderr_when_it_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A test runner's capture or a daemon's redirect swaps `sys.stderr` after logging was
    configured: the handler writes to the stream of the moment, never to a closed one."""
    handler = StderrHandler()
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler.emit(logging.makeLogRecord({"msg": "một"}))
    first.close()
    monkeypatch.setattr(sys, "stderr", second)
    handler.emit(logging.makeLogRecord({"msg": "hai"}))
    assert second.getvalue() == "hai\n"
    assert any(isinstance(h, StderrHandler) for h in logging.getLogger().handlers)
