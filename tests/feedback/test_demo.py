"""The demo city's feedback (motcua/feedback/demo.py), seeded as `make run` does: one item in
each of four states, and a second run makes nothing."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from motcua.feedback import demo
from motcua.feedback.models import Category, Feedback, Kind, Status
from motcua.feedback.selectors import published as published_items

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_demo_city_has_feedback_in_each_state_and_a_second_run_makes_nothing(
    settings: Any,
) -> None:
    settings.DEBUG = False
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=HCM), tick=False):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        assert "Phản ánh, kiến nghị...\n  6 tạo mới" in out.getvalue()
        assert Category.objects.filter(agency__code=demo.WARD).count() == 2
        states = dict(Feedback.objects.values_list("title", "status"))
        assert states == {
            demo.PUBLISHED: Status.PUBLISHED,
            demo.ASSIGNED: Status.ASSIGNED,
            demo.RECEIVED: Status.RECEIVED,
            demo.REFUSED: Status.REFUSED,
        }
        assert Feedback.objects.get(title=demo.REFUSED).kind == Kind.OUT_OF_SCOPE
        published = Feedback.objects.get(title=demo.PUBLISHED)
        assert published.answer
        assert published.published_at is not None
        assert list(published_items()) == [published]

        assert demo.seed_demo_feedback(echo=lambda _line: None) == 0
        out = StringIO()
        call_command("seed_demo", stdout=out)
        assert "Phản ánh, kiến nghị...\n  không đổi" in out.getvalue()
        assert Feedback.objects.count() == 4
        assert Category.objects.count() == 2
