"""Search finds exactly what the reference rule matches, and the full-text index of migration
0002 (no longer read by the search, see catalog/selectors.py) stays in sync with the table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F

from motcua.catalog import search, selectors
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import procedure_draft_save, procedure_publish
from tests.catalog.conftest import make_data, publish

QUERIES = [
    "dang ky",
    "đăng ký kết hôn",
    "ket",
    "k",
    "c",
    "cap giay",
    "giấy chứng nhận",
    "ho tich",
    "hộ",
    "nuoc ngoai",
    "tư pháp",
    "phuong ben thanh",
    "1",
    "000894",
    "ban chinh",
    "xay d",
    "công dân việt nam",
    "khai sinh dang",
    "zzz",
    "1.00",
    "2.000815",
    "1.001191",
    "9.000001",
]


def reference(q: str) -> set[str]:
    """The rule applied to every version in force, in Python."""
    words, code = search.query_words(q), search.code_prefix(q)
    current = ProcedureVersion.objects.filter(procedure__current=F("pk"))
    current = current.select_related("procedure")
    return {
        v.procedure.code
        for v in current
        if (words and search.matches(v.search_folded, words))
        or (code and v.procedure.code.upper().startswith(code))
    }


def found(q: str) -> set[str]:
    return {v.procedure.code for v in selectors.procedure_search(q=q, limit=100).items}


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("q", QUERIES)
def test_index_finds_exactly_what_the_reference_rule_matches(q):
    assert found(q) == reference(q)


def fts_integrity_ok() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:  # raises if the index differs from the table
        cursor.execute(
            "INSERT INTO catalog_procedureversion_fts(catalog_procedureversion_fts, rank) "
            "VALUES ('integrity-check', 1)"
        )


@pytest.mark.usefixtures("catalogue")
def test_index_follows_draft_edits_publication_and_deletion():
    # given a draft saved twice under different names
    procedure_draft_save(data=make_data("3.000001", "Cấp phiếu lý lịch tư pháp"))
    version = procedure_draft_save(data=make_data("3.000001", "Cấp thẻ căn cước"))
    assert found("ly lich") == set()  # drafts are never visible
    # when it is published
    procedure_publish(version=version)
    # then only the last text is found
    assert found("the can cuoc") == {"3.000001"}
    assert found("ly lich tu phap") == set()
    fts_integrity_ok()
    # and deleting the procedure takes it out of the index
    Procedure.objects.filter(code="3.000001").delete()
    assert found("the can cuoc") == set()
    fts_integrity_ok()


@pytest.mark.usefixtures("catalogue")
def test_new_version_replaces_the_old_text():
    publish(make_data("1.000894", "Đăng ký kết hôn trực tuyến", online_type="end_to_end"))
    page = selectors.procedure_search(q="dang ky ket hon truc tuyen")
    assert [v.number for v in page.items] == [2]
    fts_integrity_ok()


@pytest.mark.django_db
def test_sqlite_triggers_survive_all_migrations():
    """A later migration that rebuilds catalog_procedureversion on SQLite drops these triggers;
    it must re-create them (see catalog/migrations/0002_search_index.py)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'catalog_procedureversion' ORDER BY name"
        )
        assert [r[0] for r in cursor.fetchall()] == [
            "catalog_procedureversion_fts_ad",
            "catalog_procedureversion_fts_ai",
            "catalog_procedureversion_fts_au",
        ]


@pytest.mark.usefixtures("catalogue")
def test_words_split_at_every_character_but_a_z_and_digits():
    """The rule's words are [0-9a-z]+ runs of the folded text, on every database (SQLite's FTS5
    tokenizer would have kept "karaokeßbar" whole)."""
    publish(make_data("3.000003", "Cấp phép karaokeßbar"))
    assert found("bar") == reference("bar") == {"3.000003"}
    assert found("karaoke") == {"3.000003"}
