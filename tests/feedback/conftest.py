"""The feedback city: the dossier tests' `world`, two categories (one per ward) and the
officials who handle feedback at the Bến Thành ward."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from motcua.feedback.models import Feedback
from motcua.feedback.services import SubmitData, category_save, feedback_submit
from tests.dossiers.conftest import World, world  # noqa: F401

CLOCK = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 09:00 local, Wednesday 2/12/2026


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(CLOCK, tick=False) as traveller:
        yield traveller


@pytest.fixture
def city(world: World) -> World:  # noqa: F811
    with time_machine.travel(CLOCK, tick=False):
        category_save(actor=None, code="thu-tuc", name="Thủ tục hành chính", agency=world.ward)
        category_save(actor=None, code="do-thi", name="Trật tự đô thị", agency=world.other_ward)
    return world


def submit(**overrides: Any) -> Feedback:
    data = {
        "category_code": "thu-tuc",
        "subject": "procedure",
        "title": "Thủ tục khai sinh đòi giấy tờ thừa",
        "content": "Bộ phận một cửa yêu cầu nộp bản sao hộ khẩu dù đã bỏ sổ hộ khẩu.",
        "name": "Trần Thị Bích",
        "contact": "0912345678",
        "address": "45 Nguyễn Huệ",
    }
    actor = overrides.pop("actor", None)
    return feedback_submit(actor=actor, data=SubmitData(**{**data, **overrides}))
