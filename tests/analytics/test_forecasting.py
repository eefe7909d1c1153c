"""The weekly forecast run: series read from the rollups, forecasts stored with their backtest,
the officials needed at the agency's measured productivity, the page and its export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from motcua.analytics import forecasting
from motcua.analytics.models import RollupAgencyDay, RollupDay, StaffingForecast, VolumeForecast
from motcua.catalog.models import Procedure
from motcua.testing.auth import sign_in
from tests.analytics.synthetic import daily_series

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 30)  # a Monday
START = AS_OF - timedelta(days=364)


@pytest.fixture
def year_of_rollups(world: Any) -> Any:
    """A year of days at the ward: each day's received dossiers (one procedure) resolved the
    same day, as the rollups would hold them."""
    procedure = Procedure.objects.get(code=world.simple)
    series = daily_series(7, start=START, days=364)
    RollupDay.objects.bulk_create(
        RollupDay(agency=world.ward, procedure=procedure, day=d, received_online=n,
                  resolved_on_time=n)
        for d, n in series if n
    )  # fmt: skip
    RollupAgencyDay.objects.bulk_create(
        RollupAgencyDay(agency=world.ward, day=d, received_online=n, resolved_on_time=n)
        for d, n in series
        if n
    )
    world.series = series
    return world


def test_the_weekly_run_stores_forecasts_and_staffing(year_of_rollups: Any) -> None:
    w = year_of_rollups
    assert forecasting.forecasts_refresh(AS_OF) == 2  # the ward, and its one procedure
    total = VolumeForecast.objects.get(agency=w.ward, procedure=None, as_of=AS_OF)
    assert total.method == "holt_winters"
    assert [p["week"] for p in total.points][:2] == ["2026-11-30", "2026-12-07"]
    assert total.backtest["windows"] == 4
    assert total.beats_baseline is not None
    last_week = sum(n for _, n in w.series[-7:])
    assert 0.7 * last_week < total.points[0]["value"] < 1.3 * last_week

    staffing = StaffingForecast.objects.get(agency=w.ward, as_of=AS_OF)
    officials = forecasting.officials_now(w.ward.pk)
    assert staffing.officials_now == officials > 0
    # no step was measured: every dossier takes the ward's average, its officials' dossier
    # hours over twelve weeks divided by the dossiers it resolved in them
    since = AS_OF - timedelta(weeks=12)
    resolved = sum(n for d, n in w.series if d >= since)
    average = officials * 30 * 12 / resolved
    assert staffing.hours_per_dossier == pytest.approx(average)
    first = staffing.weeks[0]
    assert first["officials"] == pytest.approx(total.points[0]["value"] * average / 30)

    # a second run on the same day replaces, never duplicates
    forecasting.forecasts_refresh(AS_OF)
    assert VolumeForecast.objects.filter(as_of=AS_OF).count() == 2


def test_the_page_shows_the_forecast_beside_its_backtest_error(year_of_rollups: Any) -> None:
    w = year_of_rollups
    client = sign_in(Client(), w.u("head"))
    empty = client.get("/can-bo/thong-ke/du-bao/").content.decode()
    assert "Chưa có dự báo" in empty
    forecasting.forecasts_refresh(AS_OF)
    html = client.get("/can-bo/thong-ke/du-bao/", {"ky": "2026-11"}).content.decode()
    assert 'id="bd-du-bao"' in html  # the chart, server-rendered
    assert 'id="bang-sai-so"' in html
    assert "Sai số kiểm định" in html
    assert html.count('<tr><th scope="row">') >= 8 + 2  # 8 weeks, the ward, the procedure
    export = client.get("/can-bo/thong-ke/xuat/du-bao/", {"ky": "2026-11", "dinh_dang": "csv"})
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").count("\n") == 9  # the header and 8 weeks
