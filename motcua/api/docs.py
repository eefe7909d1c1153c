"""What each status of one API operation means there, for its OpenAPI entry (`openapi_extra`):
the success and every error with the codes it carries, so a client reads them per operation."""

from __future__ import annotations

from typing import Any


def operation_docs(ok: tuple[int, str], errors: dict[int, str]) -> dict[str, Any]:
    """`openapi_extra` for an operation answering `ok` = (status, meaning) and `errors` =
    {status: meaning with its `code`s}."""
    return {
        "responses": {
            ok[0]: {"description": ok[1]},
            **{status: {"description": text} for status, text in errors.items()},
        }
    }
