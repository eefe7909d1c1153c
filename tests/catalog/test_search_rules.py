"""The ranking and query-building rules, without a database."""

from __future__ import annotations

import pytest

from motcua.catalog import search
from motcua.core.text import fold


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("Đăng ký kết hôn", ["dang", "ky", "ket", "hon"]),
        ("  DANG   ky\tket-hôn ", ["dang", "ky", "ket", "hon"]),
        ('"*" AND ( NEAR', ["and", "near"]),
        ("", []),
        ("!!!", []),
    ],
)
def test_query_words(q, words):
    assert search.query_words(q) == words


def test_query_words_are_bounded():
    assert len(search.query_words("a " * 100)) == search.MAX_WORDS
    assert search.query_words("x" * 500) == ["x" * search.MAX_WORD_LENGTH]


@pytest.mark.parametrize(
    ("name", "q", "level"),
    [
        ("Đăng ký kết hôn", "dang ky ket hon", search.EXACT),
        ("Đăng ký kết hôn", "đăng ký kết h", search.STARTS),
        ("Đăng ký kết hôn có yếu tố nước ngoài", "dang ky ket hon", search.STARTS),
        ("Cấp bản sao giấy chứng nhận đăng ký kết hôn", "dang ky ket hon", search.PHRASE),
        ("Đăng ký lại kết hôn", "dang ky ket hon", search.ALL_IN_NAME),
        ("Đăng ký kết hôn", "ket hon dang ky", search.ALL_IN_NAME),
        ("Xác nhận tình trạng hôn nhân", "dang ky ket hon", search.TEXT_ONLY),
        ("Đăng ký (lại) kết hôn", "dang ky lai ket hon", search.EXACT),
    ],
)
def test_score_levels(name, q, level):
    assert search.score(fold(name), search.query_words(q)) == level


def test_rank_breaks_ties_by_folded_name_then_name_then_code():
    words = ["dang"]
    candidates = [
        (1, "3", "Đăng ký b", fold("Đăng ký b")),
        (2, "2", "Dang ky a", fold("Dang ky a")),
        (3, "1", "Đăng ký a", fold("Đăng ký a")),
        (4, "0", "Đăng ký a", fold("Đăng ký a")),
        (5, "9", "Xác nhận", fold("Xác nhận")),
    ]
    assert [c[0] for c in search.rank(candidates, words)] == [2, 4, 3, 1, 5]


def test_fts5_match_quotes_every_word_and_prefixes_the_last():
    assert search.fts5_match(["dang", "ky", "dang", "ho"]) == '"dang" "ky" "ho" *'
    assert search.fts5_match(['a"b']) == '"a""b" *'


def test_tsquery_quotes_every_word_and_prefixes_the_last():
    assert search.tsquery(["dang", "ky", "ho"]) == "'dang' & 'ky' & 'ho':*"
    assert search.tsquery(["o'k", "a\\"]) == "'o''k' & 'a\\\\':*"


def test_matches_requires_every_word_and_a_prefix_for_the_last():
    text = fold("Đăng ký kết hôn tại UBND phường")
    assert search.matches(text, ["ket", "dang", "phuo"])
    assert not search.matches(text, ["ke", "dang"])  # only the last word may be a prefix
    assert not search.matches(text, ["dang", "khai"])
    assert search.matches(text, [])
