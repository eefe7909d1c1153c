"""The demo city's ratings (motcua/ratings/demo.py), seeded as `make run` does: finished
dossiers of the demo citizens at phường Bến Thành, most rated, and a second run makes nothing."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.ratings import scorecards
from motcua.ratings.demo import CASES, WARD, seed_demo_ratings
from motcua.ratings.models import OfficialRating, Rating

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_demo_city_has_rated_dossiers_and_a_second_run_makes_nothing(settings: Any) -> None:
    settings.DEBUG = False  # no demo PKI or audit key files: the ratings need neither
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=HCM), tick=False):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        assert f"Đánh giá mức độ hài lòng...\n  {len(CASES)} tạo mới" in out.getvalue()
        demo = Dossier.objects.filter(
            receiving_agency__code=WARD, result_summary__in=[c.summary for c in CASES]
        )
        assert demo.count() == len(CASES)
        assert set(demo.values_list("status", flat=True)) == {DossierStatus.RETURNED}
        rated = [c for c in CASES if c.satisfied is not None]
        assert Rating.objects.count() == len(rated)
        assert Rating.objects.filter(satisfied=False).count() == 2
        assert OfficialRating.objects.exists()

        assert seed_demo_ratings(echo=lambda _line: None) == 0
        out = StringIO()
        call_command("seed_demo", stdout=out)
        assert "Đánh giá mức độ hài lòng...\n  không đổi" in out.getvalue()
        assert demo.count() == len(CASES)
        assert Rating.objects.count() == len(rated)

        head = User.objects.get(username="truongphong.benthanh")
        scope = scorecards.scope_of(head)
        total = scorecards.satisfaction_total(scope, scorecards.period_parse("2026-12"))
    assert total["rated"] == len(rated)
    assert total["rate"] is not None
    assert 0 < total["rate"] < 100
