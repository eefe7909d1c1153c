"""The i/y spellings Vietnamese alternates fold alike (docs/adr/0004-i-y-spelling.md), the stored
folded columns follow the rule (migration 0005), and a search that finds nothing suggests close
queries ("Có phải bạn muốn tìm")."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from motcua.catalog import search, selectors, suggest
from motcua.catalog.models import Field, ProcedureVersion
from motcua.core.text import fold, fold_words
from tests.catalog.conftest import make_data, publish

# --- the pure rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đăng ký khai sinh", "đăng kí khai sinh"),
        ("lý lịch", "lí lịch"),
        ("Mỹ thuật", "mĩ thuật"),
        ("hy sinh", "hi sinh"),
        ("công ty", "công ti"),
        ("Tý", "tí"),
        ("sĩ quan", "sỹ quan"),
        ("quý", "quí"),
        ("Kỳ họp", "kì họp"),
        ("ly hôn", "li hôn"),
    ],
)
def test_alternating_spellings_fold_alike(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ki khai sinh"),
        ("Quy định", "quy dinh"),  # qu: the y spelling is kept
        ("Quyết định", "quyet dinh"),  # y not at the end of the syllable: unchanged
        ("huyện", "huyen"),
        ("Uỷ ban", "uy ban"),  # "uy" is not consonant + y
        ("y tế", "y te"),
        ("Vy", "vy"),  # v: Vy and Vi are different names
        ("kyz", "kyz"),  # not a whole syllable
        ("ký,ký", "ki,ki"),
        ("", ""),
    ],
)
def test_only_whole_syllables_after_the_listed_consonants_change(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize("text", ["Đăng ký", "quí", "QUÝ KỲ", "lý  lịch\tmỹ", "đ", "Huỳnh"])
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_the_kept_spelling_still_starts_other_words() -> None:
    """A half-typed "ki" or "quy" is still a prefix of the words it starts."""
    index = search.SearchIndex(
        [
            (search.Entry.make(1, "1", "Kiểm tra", fold("Kiểm tra")), fold_words("Kiểm tra")),
            (search.Entry.make(2, "2", "Quyết định", fold("Quyết định")), fold_words("Quyết")),
        ]
    )
    everything = index.bits([1, 2])
    assert index.page(everything, search.query_words("ký"), None, 0, 5) == (1, [1])
    assert index.page(everything, search.query_words("quí"), None, 0, 5) == (1, [2])


# --- suggestions, pure --------------------------------------------------------------------------

NAMES = ["Đăng ký khai sinh", "Đăng ký kết hôn", "Cấp giấy phép xây dựng"]


def small_index() -> tuple[search.SearchIndex, int]:
    index = search.SearchIndex(
        (search.Entry.make(i, f"1.{i}", n, fold(n)), fold_words(n)) for i, n in enumerate(NAMES)
    )
    return index, index.bits(range(len(NAMES)))


def test_a_misspelt_word_gets_the_close_words_as_the_names_spell_them() -> None:
    index, everything = small_index()
    assert suggest.suggest(index, everything, search.query_words("dang ki khia sinh")) == [
        "đăng ký khai sinh"
    ]
    assert suggest.suggest(index, everything, search.query_words("giay phep xay dumg")) == [
        "giấy phép xây dựng"
    ]


def test_no_suggestion_when_every_word_is_known_or_one_has_no_close_word() -> None:
    index, everything = small_index()
    assert suggest.suggest(index, everything, search.query_words("khai sinh ket")) == []
    assert suggest.suggest(index, everything, search.query_words("khia qqqqqqq")) == []
    assert suggest.suggest(index, everything, []) == []


def test_suggestions_must_find_something_under_the_same_filters() -> None:
    index, _ = small_index()
    only_building = index.bits([2])
    assert suggest.suggest(index, only_building, search.query_words("khia sinh")) == []


def test_suggestions_stop_at_the_limit() -> None:
    names = ["Cấp phép", "Cấp phét", "Cấp phèn", "Cấp phéo"]
    index = search.SearchIndex(
        (search.Entry.make(i, str(i), n, fold(n)), fold_words(n)) for i, n in enumerate(names)
    )
    everything = index.bits(range(len(names)))
    found = suggest.suggest(index, everything, ["phex", "cap"], limit=2)
    assert len(found) == 2
    assert all(s.startswith("ph") and s.endswith(" cấp") for s in found)


def test_name_form_falls_back_to_the_folded_word() -> None:
    index, _ = small_index()
    assert index.name_form("dang") == "đăng"
    assert index.name_form("zzz") == "zzz"


# --- through the database ---------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("q", ["đăng kí khai sinh", "dang ki", "DANG KÍ KHAI", "đăng ký khai sinh"])
def test_search_finds_the_procedure_whatever_the_i_y_spelling(q: str) -> None:
    page = selectors.procedure_search(q=q)
    assert "Đăng ký khai sinh" in [v.name for v in page.items]


@pytest.mark.usefixtures("catalogue")
def test_the_stored_columns_follow_the_rule() -> None:
    version = ProcedureVersion.objects.get(procedure__code="1.001191")
    assert version.name_folded == "dang ki khai sinh"
    assert " ki " in f" {version.search_folded} "


@pytest.mark.usefixtures("catalogue")
def test_a_search_that_finds_nothing_suggests(django_assert_max_num_queries: Any) -> None:
    selectors.procedure_search(q="")  # the index is built: the page's own queries only
    with django_assert_max_num_queries(3):
        page = selectors.procedure_search(q="dang ki khia sinh")
    assert page.count == 0
    assert page.suggestions == ("đăng ký khai sinh",)
    assert selectors.procedure_search(q="dang ky").suggestions == ()


@pytest.mark.usefixtures("catalogue")
def test_the_search_page_links_the_suggestion(client: Any) -> None:
    response = client.get("/", {"q": "dang ki khia sinh", "field": "HT"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Có phải bạn muốn tìm:" in html
    assert 'href="?q=%C4%91%C4%83ng+k%C3%BD+khai+sinh&amp;field=HT"' in html


@pytest.mark.django_db(transaction=True)
def test_migration_0005_refolds_what_the_old_rule_stored() -> None:
    # given a version folded by the old rule
    Field.objects.create(code="HT", name="Hộ tịch")
    version = publish(make_data("1.001191", "Đăng ký khai sinh"))
    ProcedureVersion.objects.filter(pk=version.pk).update(
        name_folded="dang ky khai sinh", search_folded="dang ky khai sinh ho tich qui dinh"
    )
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("catalog")
    # when 0005 runs again
    executor.migrate([("catalog", "0004_catalog_effective_from")])
    MigrationExecutor(connection).migrate(latest)
    # then
    version.refresh_from_db()
    assert version.name_folded == "dang ki khai sinh"
    assert version.search_folded == "dang ki khai sinh ho tich quy dinh"
