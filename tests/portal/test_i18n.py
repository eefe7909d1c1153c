"""The portal is Vietnamese first; an English browser (Accept-Language: en) or the language switch
gets the English catalogue in motcua/locale/en. The API stays Vietnamese-only for now."""

from __future__ import annotations

import ast
import gettext
import re
import unicodedata
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

import motcua
from motcua.accounts.models import Agency, AgencyKind
from motcua.catalog.models import Field
from motcua.catalog.services import (
    DocumentData,
    FeeData,
    ProcedureData,
    procedure_draft_save,
    procedure_publish,
)
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant

CODE = "1.000894"
NAME = "Đăng ký kết hôn"

# (English, its Vietnamese source) pairs each page must show in English.
BASE = [
    ("Administrative procedures", "Thủ tục hành chính"),
    ("Track a dossier", "Tra cứu hồ sơ"),
    ("Skip to main content", "Bỏ qua, đến nội dung chính"),
    ("Language", "Ngôn ngữ"),
]
HOME = [
    *BASE,
    ("Search administrative procedures", "Tra cứu thủ tục hành chính"),
    ("Keywords", "Từ khóa"),
    ("All fields", "Tất cả lĩnh vực"),
    ("Online public service", "Dịch vụ công trực tuyến"),
    ("1 procedure found", "Tìm thấy 1 thủ tục"),
    ("Procedure code", "Mã thủ tục"),
    ("Processing time", "Thời hạn giải quyết"),
    ("5 working days", "5 ngày làm việc"),
    ("Online: Fully online", "Trực tuyến: Toàn trình"),
]
DETAIL = [
    *BASE,
    ("General information", "Thông tin chung"),
    ("Competent agency", "Cơ quan thực hiện"),
    ("Who may apply", "Đối tượng thực hiện"),
    ("Dossier documents", "Thành phần hồ sơ"),
    ("Certified copy", "Bản sao có chứng thực"),
    ("Fees and charges", "Phí, lệ phí"),
    ('data-label="Type">Charge<', "Lệ phí"),
    ("40.000 VND", "40.000 đồng"),
    ("Requirements and conditions", "Yêu cầu, điều kiện"),
    ("Legal basis", "Căn cứ pháp lý"),
    ("Individual", "Cá nhân"),
]
TRACK = [
    *BASE,
    ("Dossier code", "Mã hồ sơ"),
    ("Look up", "Tra cứu<"),
    ("optional", "không bắt buộc"),
]
TRACK_DETAIL = [
    *BASE,
    ("Dossier details", "Thông tin hồ sơ"),
    ("Awaiting reception", "Chờ tiếp nhận"),
    ("Not yet received", "Chưa tiếp nhận"),
    ("Receiving agency", "Cơ quan tiếp nhận"),
    ("Applicant details", "Thông tin người nộp"),
    ("No processing step has been completed yet.", "Chưa có bước xử lý nào hoàn thành."),
]
TRACK_PUBLIC = [
    *BASE,
    ("Dossier details", "Thông tin hồ sơ"),
    ("Awaiting reception", "Chờ tiếp nhận"),
    ("Tracking PIN printed on the receipt", "Mã tra cứu (PIN) in trên giấy tiếp nhận"),
    ("See the details", "Xem chi tiết hồ sơ"),
]


@pytest.fixture
def procedure(db) -> str:
    """One published procedure with a document and a charge, built through the services."""
    Field.objects.create(code="HT", name="Hộ tịch")
    Agency.objects.create(
        code="000.00.31.H29",
        name="UBND phường Bến Thành",
        short_name="P. Bến Thành",
        kind=AgencyKind.WARD,
    )
    data = ProcedureData(
        code=CODE,
        name=NAME,
        field_code="HT",
        level="commune",
        time_limit_value=Decimal("5"),
        time_limit_unit="working_days",
        applicants="Công dân Việt Nam",
        applicant_types=["individual"],
        result_type="Giấy chứng nhận kết hôn",
        agency_codes=["000.00.31.H29"],
        channels=["counter", "online"],
        online_type="end_to_end",
        requirements="Hai bên nam, nữ có mặt khi đăng ký.",
        legal_basis="Luật Hộ tịch 2014.",
        documents=[DocumentData(name="Tờ khai đăng ký kết hôn", copy_type="certified_copy")],
        fees=[FeeData(kind="charge", description="Theo nghị quyết HĐND", amount=40000)],
    )
    procedure_publish(version=procedure_draft_save(data=data))
    return CODE


@pytest.fixture
def dossier_code(world: World) -> str:
    with time_machine.travel(
        datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        dossier, _ = dossier_submit(
            actor=world.u("citizen"),
            procedure_code=world.simple,
            agency_code=world.ward.code,
            applicant=applicant(),
            form_data={"purpose": "Đi học"},
        )
    return dossier.code


@pytest.fixture
def pin(dossier_code: str) -> str:
    from motcua.dossiers.models import Dossier

    return Dossier.objects.get(code=dossier_code).tracking_pin


def get(client: Client, url: str, language: str | None = None) -> str:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def assert_english(html: str, pairs: list[tuple[str, str]]) -> None:
    assert '<html lang="en">' in html
    for english, vietnamese in pairs:
        assert english in html
        assert vietnamese not in html


def assert_vietnamese(html: str, pairs: list[tuple[str, str]]) -> None:
    assert '<html lang="vi">' in html
    for _english, vietnamese in pairs:
        assert vietnamese in html


def urls(procedure: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [("/", HOME), (f"/thu-tuc/{procedure}/", DETAIL), ("/tra-cuu/", TRACK)]


def test_english_browser_gets_english_pages(client, procedure):
    for url, pairs in urls(procedure):
        assert_english(get(client, url, "en"), pairs)


def test_english_variants_and_preferences_choose_english(client, procedure):
    assert_english(get(client, "/", "en-GB,en;q=0.9"), HOME)
    assert_english(get(client, "/", "fr-FR,en;q=0.8,vi;q=0.5"), HOME)


@pytest.mark.parametrize("language", ["vi", "vi-VN,vi;q=0.9", "fr", None])
def test_vietnamese_otherwise(client, procedure, language):
    for url, pairs in urls(procedure):
        assert_vietnamese(get(client, url, language), pairs)


def test_search_results_partial_is_english(client, procedure):
    response = client.get("/", {"q": "ket hon"}, HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "1 procedure found" in html
    assert "Online: Fully online" in html
    assert "Tìm thấy" not in html


def test_search_title_is_english(client, procedure):
    response = client.get("/", {"q": "ket hon"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "<title>Results for “ket hon” — Một Cửa Ho Chi Minh City</title>" in (
        response.content.decode()
    )


def test_tracking_detail_in_both_languages(client, dossier_code, pin):
    url = f"/tra-cuu/{dossier_code}/?pin={pin}"
    html = get(client, url, "en")
    assert_english(html, TRACK_DETAIL)
    assert f"<title>Dossier {dossier_code} —" in html
    assert_vietnamese(get(client, url, "vi"), TRACK_DETAIL)


def test_public_tracking_in_both_languages(client, dossier_code):
    url = f"/tra-cuu/{dossier_code}/"
    assert_english(get(client, url, "en"), TRACK_PUBLIC)
    assert_vietnamese(get(client, url, "vi"), TRACK_PUBLIC)


def test_language_switch(client, procedure):
    assert_vietnamese(get(client, "/"), HOME)
    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/thu-tuc/{CODE}/"})
    assert response.status_code == 302
    assert response["Location"] == f"/thu-tuc/{CODE}/"
    # The choice wins over the browser's Accept-Language, on every page.
    for url, pairs in urls(procedure):
        assert_english(get(client, url, "vi"), pairs)
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert_vietnamese(get(client, "/", "en"), HOME)


def test_switch_form_offers_both_languages(client, procedure):
    html = get(client, "/", "en")
    assert 'action="/i18n/setlang/"' in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    # Django's own name for Vietnamese is not NFC ("Tiếng Việt" with combining marks).
    assert '<option value="vi" lang="vi">Tiếng Việt</option>' in unicodedata.normalize("NFC", html)


def test_unknown_language_is_ignored(client, procedure):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert_vietnamese(get(client, "/"), HOME)


def test_api_error_shape_and_message_stay_vietnamese(client, procedure):
    response = client.get("/api/v1/procedures/9.999999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "procedure_not_found"
    assert error["message"].startswith("Không tìm thấy thủ tục")


def test_api_data_unchanged_under_english(client, procedure):
    vi = client.get(f"/api/v1/procedures/{CODE}", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = client.get(f"/api/v1/procedures/{CODE}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en == vi
    assert en["name"] == NAME


def parse_po(text: str) -> list[dict[str, str]]:
    """The entries of a .po file as {keyword: string}; enough of the format for this file."""
    entries = []
    for block in text.split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                entry.setdefault("#", "")
                entry["#"] += line + "\n"
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            elif line:
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_catalogue_is_complete_and_compiled():
    folder = Path(motcua.__file__).parent / "locale" / "en" / "LC_MESSAGES"
    text = (folder / "django.po").read_text(encoding="utf-8")
    assert "\n#~ " not in text  # no obsolete entries left by makemessages
    header, *entries = parse_po(text)
    assert header["msgid"] == ""
    assert "Language: en\n" in header["msgstr"]
    assert "fuzzy" not in header.get("#", "")
    assert len(entries) > 250
    with (folder / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for entry in entries:
        assert "fuzzy" not in entry.get("#", ""), entry
        if "msgid_plural" in entry:
            assert entry["msgstr[0]"], entry
            assert entry["msgstr[1]"], entry
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 5) == entry["msgstr[1]"]
        else:
            assert entry["msgstr"], entry
            # The .mo is compiled from this .po (a stale .mo would serve old English).
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry
        # Placeholders are kept exactly.
        for placeholder in re.findall(r"%\(\w+\)s|\{\w*\}", entry["msgid"]):
            for key in ("msgstr", "msgstr[0]", "msgstr[1]"):
                if key in entry:
                    assert placeholder in entry[key], entry
