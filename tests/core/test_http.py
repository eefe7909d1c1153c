"""`found_or_404`: a service's NotFound becomes a 404 with the same message."""

from __future__ import annotations

import pytest
from django.http import Http404

from motcua.core.errors import NotFound
from motcua.core.http import found_or_404


def _read(*, code: str) -> str:
    if code == "x":
        raise NotFound("Không tìm thấy hồ sơ.")
    return code.upper()


def test_the_value_is_returned_and_not_found_becomes_a_404() -> None:
    assert found_or_404(_read, code="ab") == "AB"
    with pytest.raises(Http404, match="Không tìm thấy hồ sơ"):
        found_or_404(_read, code="x")
