"""The analytics pages: who sees which agency, the numbers on the page equal the dossiers behind
them, the 766 breakdown, the PAR sheet; bad parameters are 404s and change nothing."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.analytics import rollups
from motcua.dossiers.models import StepInstance
from motcua.dossiers.services import results
from motcua.testing.auth import sign_in
from tests.dossiers.test_lifecycle_edges import counter, do

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _at(*args: int) -> Any:
    return time_machine.travel(datetime(*args, tzinfo=HCM), tick=False)


@pytest.fixture
def december(world: Any) -> Any:
    """Three dossiers at the ward received on 2/12/2026: one resolved on 3/12 (before time), one
    on 9/12 (late), one left open (overdue from 8/12)."""
    w = world
    with _at(2026, 12, 2, 9, 0):
        codes = [counter(w) for _ in range(3)]
    for code, day in ((codes[0], 3), (codes[1], 9)):
        with _at(2026, 12, day, 10, 0):
            while inst := StepInstance.objects.filter(dossier__code=code, status="active").first():
                do(w, code, inst.step.key)
            results.result_record(actor=w.u("signer"), code=code, summary="Đã cấp")
    with _at(2026, 12, 20, 9, 0):
        rollups.consume()
    return w


def _page(client: Client, path: str, **params: str) -> Any:
    return client.get(path, params)


def _cell(html: str, metric: str) -> str:
    m = re.search(rf'data-metric="{metric}"><a [^>]*>([^<]+)</a>', html)
    assert m, metric
    return m[1]


def test_the_ward_head_sees_the_ward_and_each_number_opens_its_dossiers(december: Any) -> None:
    client = sign_in(Client(), december.u("head"))
    r = _page(client, "/can-bo/thong-ke/", ky="2026-12")
    assert r.status_code == 200
    html = r.content.decode()
    assert december.ward.name in html
    assert (_cell(html, "received"), _cell(html, "resolved_late")) == ("3", "1")
    assert _cell(html, "overdue_end") == "1"
    assert html.count("<svg") >= 5  # the five time series, server-rendered
    for metric, expected in (("received", 3), ("resolved_late", 1), ("overdue_end", 1)):
        listing = _page(client, "/can-bo/thong-ke/ho-so/", ky="2026-12", so=metric)
        assert listing.status_code == 200
        assert listing.content.decode().count("/can-bo/ho-so/") == expected


def test_766_breakdown_shows_every_group_and_the_formula_version(december: Any) -> None:
    client = sign_in(Client(), december.u("head"))
    r = _page(client, "/can-bo/thong-ke/chi-so-766/", ky="2026-12")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count('data-indicator="') == 21
    assert "dvcqg-2026.1" in html
    # 2.1: before time 1 + within time 0 of handled 2 resolved + 1 open = 1/3 → 6.67 of 20
    row = re.search(r'data-indicator="2.1">(.*?)</tr>', html, re.S)
    assert row
    assert "6,67 / 20" in row[1]


def test_a_specialist_has_no_dashboard_and_another_agency_is_not_found(december: Any) -> None:
    w = december
    assert _page(sign_in(Client(), w.u("specialist")), "/can-bo/thong-ke/").status_code == 403
    head = sign_in(Client(), w.u("head"))
    assert _page(head, "/can-bo/thong-ke/", co_quan=w.city.code).status_code == 404
    assert _page(head, "/can-bo/thong-ke/", co_quan=w.other_ward.code).status_code == 404


def test_a_city_inspector_sees_the_city_and_drills_to_the_ward(december: Any) -> None:
    w = december
    inspector = User.objects.create_user(username="thanhtra", password="x-test", kind="official")
    role_grant(user=inspector, agency=w.city, role=Role.INSPECTOR, include_descendants=True)
    client = sign_in(Client(), inspector)
    html = _page(client, "/can-bo/thong-ke/", ky="2026-12").content.decode()
    assert w.city.name in html
    assert f"co_quan={w.ward.code}" in html  # the ward's row links to its own page
    ward = _page(client, "/can-bo/thong-ke/", ky="2026-12", co_quan=w.ward.code)
    assert _cell(ward.content.decode(), "received") == "3"


@pytest.mark.parametrize(
    "params",
    [
        {"ky": "2026-13"},
        {"ky": "x" * 40},
        {"so": "nope", "ky": "2026"},
        {"thu_tuc": "0.000\x00"},
        {"co_quan": "X\x00"},
    ],
)
def test_bad_parameters_are_not_found(december: Any, params: dict[str, str]) -> None:
    client = sign_in(Client(), december.u("head"))
    path = "/can-bo/thong-ke/ho-so/" if "so" in params else "/can-bo/thong-ke/"
    assert _page(client, path, **params).status_code == 404


def test_the_par_sheet_is_prefilled(december: Any) -> None:
    client = sign_in(Client(), december.u("head"))
    html = _page(client, "/can-bo/thong-ke/cai-cach-hanh-chinh/", ky="2026").content.decode()
    assert "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn" in html
    assert "33,33%" in html  # 1 of 3 handled in time


def test_the_report_and_every_table_export_as_xlsx_and_csv(december: Any) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    client = sign_in(Client(), december.u("head"))
    page = _page(client, "/can-bo/thong-ke/bao-cao/", ky="2026-12").content.decode()
    assert "Tổng cộng" in page
    for table in ("bao-cao", "so-lieu", "don-vi", "thu-tuc", "dien-bien", "chi-so-766",
                  "cai-cach-hanh-chinh"):  # fmt: skip
        r = _page(client, f"/can-bo/thong-ke/xuat/{table}/", ky="2026-12")
        assert r.status_code == 200, table
        assert r["Cache-Control"] == "private, no-store"
        ws = load_workbook(BytesIO(r.content)).active
        assert ws["A4"].value  # the header row, after the title, the agency and a blank row
    ws = load_workbook(
        BytesIO(_page(client, "/can-bo/thong-ke/xuat/bao-cao/", ky="2026-12").content)
    ).active
    total = [c.value for c in ws[ws.max_row]]
    # the ward has no agency below it: one row per procedure, then the total
    assert total[0] == "Tổng cộng"
    assert total[1:4] == [3, 0, 3]  # all dossiers, carried over, new: numbers, not texts
    listing = _page(client, "/can-bo/thong-ke/xuat/ho-so/", ky="2026-12", so="received",
                    dinh_dang="csv")  # fmt: skip
    text = listing.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã hồ sơ,")
    assert len(text.splitlines()) == 4  # the header and the three dossiers
    assert _page(client, "/can-bo/thong-ke/xuat/nope/").status_code == 404
    assert _page(client, "/can-bo/thong-ke/xuat/so-lieu/", dinh_dang="pdf").status_code == 404


def test_a_text_that_looks_like_a_formula_stays_a_text() -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from motcua.analytics import exports

    body = exports.xlsx(title="T", subtitle="S", columns=["a", "b"], rows=[["=1+1", 5]])
    ws = load_workbook(BytesIO(body)).active
    assert (ws["A5"].value, ws["A5"].data_type, ws["B5"].value) == ("=1+1", "s", 5)
    csv_text = exports.csv_bytes(columns=["a"], rows=[["=HYPERLINK(1)"]]).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text


def test_rollups_rebuild_prints_its_progress_and_equals_the_incremental(december: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    from motcua.analytics.models import RollupAgencyDay

    before = sorted(RollupAgencyDay.objects.values_list("day", "received_counter"))
    out = StringIO()
    call_command("rollups_rebuild", stdout=out)
    assert "100%" in out.getvalue()
    assert "ghi bảng theo cơ quan × thủ tục × ngày" in out.getvalue()
    assert "lưu (commit)" in out.getvalue()
    assert "Đã tính lại số liệu tổng hợp của 3 hồ sơ" in out.getvalue()
    assert sorted(RollupAgencyDay.objects.values_list("day", "received_counter")) == before


def test_the_up_link_shows_only_an_agency_the_viewer_may_see(december: Any) -> None:
    w = december
    head = _page(sign_in(Client(), w.u("head")), "/can-bo/thong-ke/", ky="2026-12")
    assert "Lên cấp trên" not in head.content.decode()
    inspector = User.objects.create_user(username="thanhtra2", password="x-test", kind="official")
    role_grant(user=inspector, agency=w.city, role=Role.INSPECTOR, include_descendants=True)
    ward = _page(sign_in(Client(), inspector), "/can-bo/thong-ke/", ky="2026-12",
                 co_quan=w.ward.code)  # fmt: skip
    assert f"co_quan={w.city.code}" in ward.content.decode()


def test_a_closed_period_keeps_its_index_and_formula_version(december: Any) -> None:
    from datetime import date

    from motcua.analytics import index766, index_store, periods
    from motcua.analytics.models import IndexSnapshot
    from motcua.core.errors import DomainError
    from motcua.core.models import AuditEvent

    w = december
    with pytest.raises(DomainError):  # December is not over on the 20th
        index_store.snapshot_store(w.ward, periods.parse("2026-12"), today=date(2026, 12, 20))
    assert index_store.close_periods(date(2027, 1, 2)) > 0
    kept = IndexSnapshot.objects.get(agency=w.ward, period="2026-12")
    assert kept.version == index766.CURRENT_VERSION
    assert kept.scores["2.1"] == "20/3"  # 1 of 3 handled in time → 6.67 of 20
    assert {"2026-12", "2026-Q4", "2026-H2", "2026"} <= set(
        IndexSnapshot.objects.filter(agency=w.ward).values_list("period", flat=True)
    )
    assert AuditEvent.objects.filter(kind="analytics.index_closed").count() == 1
    assert index_store.close_periods(date(2027, 1, 3)) == 0  # kept once

    # the page shows the kept result, whatever the live numbers say now
    kept.counts = {**kept.counts, "handled": 6}
    kept.save(update_fields=["counts"])
    html = _page(sign_in(Client(), w.u("head")), "/can-bo/thong-ke/chi-so-766/", ky="2026-12")
    text = html.content.decode()
    assert 'id="chot-so"' in text
    row = re.search(r'data-indicator="2.1">(.*?)</tr>', text, re.S)
    assert row
    assert "3,33 / 20" in row[1]
