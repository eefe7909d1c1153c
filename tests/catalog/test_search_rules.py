"""The ranking and query-building rules, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    entry = search.Entry.make(1, "1", name, fold(name))
    assert search.score(entry, search.query_words(q)) == level
    assert search.NameIndex([entry]).rank([1], search.query_words(q)) == [1]


def entries(*rows):
    return [search.Entry.make(i, code, name, fold(name)) for i, code, name in rows]


@pytest.mark.parametrize(
    ("q", "code"),
    [
        ("1.000894", "1.000894"), (" 2.00 ", "2.00"),
        ("1.001193.000.00.00.h29", "1.001193.000.00.00.H29"),
        ("dang ky", None), ("1 2", None), ("", None), (".1", None), ("1" * 40, None),
    ],
)
def test_code_prefix(q, code):
    assert search.code_prefix(q) == code


def test_code_matches_rank_first():
    candidates = entries((1, "1.000894", "Đăng ký kết hôn"), (2, "2.000001", "Kết hôn 1.000894"))
    ranked = search.rank(candidates, search.query_words("1.000894"), code="1.000894")
    assert [e.id for e in ranked] == [1, 2]


def test_rank_breaks_ties_by_folded_name_then_name_then_code():
    candidates = entries(
        (1, "3", "Đăng ký b"), (2, "2", "Dang ky a"), (3, "1", "Đăng ký a"), (4, "0", "Đăng ký a"),
        (5, "9", "Xác nhận đăng ký"), (6, "8", "Cấp phép"),
    )
    assert [e.id for e in search.rank(candidates, ["dang"])] == [2, 4, 3, 1, 5, 6]
    assert [e.id for e in search.rank(candidates, [])] == [6, 2, 4, 3, 1, 5]
    index = search.NameIndex(candidates)
    assert index.rank([1, 2, 3, 4, 5, 6], ["dang"]) == [2, 4, 3, 1, 5, 6]
    assert index.rank([5, 1, 6], []) == [6, 1, 5]


NAME_WORDS = st.sampled_from(["a", "ab", "abc", "b", "ba", "c"])
NAMES = st.lists(NAME_WORDS, min_size=0, max_size=5)


@given(
    names=st.lists(NAMES, min_size=1, max_size=8),
    words=st.lists(NAME_WORDS, min_size=0, max_size=3),
    code=st.sampled_from([None, "1", "1.1", "2"]),
    data=st.data(),
)
def test_name_index_ranks_any_subset_like_the_reference(names, words, code, data):
    catalogue = [
        search.Entry.make(i, f"{i % 3}.{i}", " ".join(n).upper(), " ".join(n))
        for i, n in enumerate(names)
    ]
    subset = data.draw(st.lists(st.sampled_from(catalogue), unique_by=lambda e: e.id))
    expected = [e.id for e in search.rank(subset, words, code)]
    assert search.NameIndex(catalogue).rank([e.id for e in subset], words, code) == expected


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


def naive_score(name_words: list[str], words: list[str]) -> int:
    """The ranking rule written the slow, obvious way."""
    n, last = len(words), words[-1]

    def phrase_at(i: int) -> bool:
        return i + n <= len(name_words) and name_words[i : i + n - 1] == words[:-1] and (
            name_words[i + n - 1].startswith(last)
        )

    if name_words == words:
        return search.EXACT
    if phrase_at(0):
        return search.STARTS
    if any(phrase_at(i) for i in range(1, len(name_words))):
        return search.PHRASE
    if all(w in name_words for w in words[:-1]) and any(x.startswith(last) for x in name_words):
        return search.ALL_IN_NAME
    return search.TEXT_ONLY


VOCABULARY = st.sampled_from(["a", "ab", "abc", "b", "ba", "c", "ca", "1", "12"])


@given(
    name=st.lists(VOCABULARY, min_size=0, max_size=6),
    words=st.lists(VOCABULARY, min_size=1, max_size=4),
)
def test_score_agrees_with_the_obvious_rule(name, words):
    entry = search.Entry.make(1, "1", " ".join(name), " ".join(name))
    assert search.score(entry, words) == naive_score(name, words)
    text = " ".join(name)
    expected = all(w in name for w in words[:-1]) and any(x.startswith(words[-1]) for x in name)
    assert search.matches(text, words) == expected
