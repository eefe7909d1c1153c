"""Search finds exactly what the reference rule matches, follows edits, and needs no database
full-text index (migration 0003 dropped the unread one of 0002)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
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
    # and deleting the procedure takes it out of the index
    Procedure.objects.filter(code="3.000001").delete()
    assert found("the can cuoc") == set()


@pytest.mark.usefixtures("catalogue")
def test_new_version_replaces_the_old_text():
    publish(make_data("1.000894", "Đăng ký kết hôn trực tuyến", online_type="end_to_end"))
    page = selectors.procedure_search(q="dang ky ket hon truc tuyen")
    assert [v.number for v in page.items] == [2]


def search_index_objects() -> list[str]:
    """The full-text objects of migration 0002 that exist in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'catalog_procedureversion_fts%' "
                "AND type IN ('table', 'trigger') ORDER BY name"
            )
        else:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'catalog_procedureversion' AND column_name = 'search_words' "
                "UNION SELECT indexname FROM pg_indexes "
                "WHERE indexname = 'catalog_procver_words_gin'"
            )
        return sorted(r[0] for r in cursor.fetchall())


@pytest.mark.django_db
def test_the_unread_full_text_index_is_gone():
    assert search_index_objects() == []


@pytest.mark.django_db(transaction=True)
def test_dropping_the_full_text_index_is_reversible():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("catalog")
    try:
        executor.migrate([("catalog", "0002_search_index")])
        assert search_index_objects()  # re-installed by the reverse of 0003
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert search_index_objects() == []


@pytest.mark.usefixtures("catalogue")
def test_words_split_at_every_character_but_a_z_and_digits():
    """The rule's words are [0-9a-z]+ runs of the folded text, on every database (SQLite's FTS5
    tokenizer would have kept "karaokeßbar" whole)."""
    publish(make_data("3.000003", "Cấp phép karaokeßbar"))
    assert found("bar") == reference("bar") == {"3.000003"}
    assert found("karaoke") == {"3.000003"}
