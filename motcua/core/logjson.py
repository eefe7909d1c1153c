"""Log records as one JSON object per line, each carrying the request id of the request that
wrote it (`motcua.core.observability`).

Fields: `time` (UTC, ISO 8601, milliseconds), `level`, `logger`, `message`, `request_id` (when
inside a request), the access fields a record carries as `extra` (`method`, `route`, `status`,
`duration_ms`, `user_id`), and `exc` (the traceback) for an exception. Nothing else of the
record is copied, so a caller cannot leak a field by accident; messages must hold no personal
data (a CCCD, a phone number): log ids, never the values.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID: ContextVar[str] = ContextVar("motcua_request_id", default="")
ACCESS_FIELDS = ("method", "route", "status", "duration_ms", "user_id")


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when the record is emitted, not when logging was
    configured: a process that swaps stderr (a test runner's capture, a daemon's redirect)
    never leaves the handler writing to a closed file."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`%(request_id)s` in the text format)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        at = datetime.fromtimestamp(record.created, tz=UTC)
        data: dict[str, object] = {
            "time": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or REQUEST_ID.get()
        if request_id:
            data["request_id"] = request_id
        for name in ACCESS_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                data[name] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
