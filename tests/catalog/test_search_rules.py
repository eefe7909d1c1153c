"""The ranking and query-building rules, without a database."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog import search
from motcua.core.text import fold


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("Đăng ký kết hôn", ["dang", "ki", "ket", "hon"]),
        ("  DANG   ky\tket-hôn ", ["dang", "ki", "ket", "hon"]),
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
    index = search.SearchIndex([(entry, search.text_words(fold(f"{name} {q}")))])
    assert index.page(index.bits([1]), search.query_words(q), None, 0, 10) == (1, [1])


def entries(*rows):
    return [search.Entry.make(i, code, name, fold(name)) for i, code, name in rows]


@pytest.mark.parametrize(
    ("q", "code"),
    [
        ("1.000894", "1.000894"),
        (" 2.00 ", "2.00"),
        ("1.001193.000.00.00.h29", "1.001193.000.00.00.H29"),
        ("dang ky", None),
        ("1 2", None),
        ("", None),
        (".1", None),
        ("1" * 40, None),
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
        (1, "3", "Đăng ký b"),
        (2, "2", "Dang ky a"),
        (3, "1", "Đăng ký a"),
        (4, "0", "Đăng ký a"),
        (5, "9", "Xác nhận đăng ký"),
        (6, "8", "Cấp phép"),
    )
    assert [e.id for e in search.rank(candidates, ["dang"])] == [2, 4, 3, 1, 5, 6]
    assert [e.id for e in search.rank(candidates, [])] == [6, 2, 4, 3, 1, 5]
    index = search.SearchIndex((e, search.text_words(e.name_folded)) for e in candidates)
    assert index.page(index.bits(range(1, 7)), ["dang"], None, 0, 10) == (5, [2, 4, 3, 1, 5])
    assert index.page(index.bits([5, 1, 6]), [], None, 0, 10) == (3, [6, 1, 5])


def reference_page(catalogue, allowed, words, code, offset, limit):
    """What a search must return, the slow, obvious way: the rule, the rank, the slice."""
    if not words and not code:
        found = [e for e, _ in allowed]
    else:
        found = [
            e
            for e, text in allowed
            if (words and search.matches(text, words)) or (code and e.code.upper().startswith(code))
        ]
    ranked = [e.id for e in search.rank(found, words, code)]
    return len(ranked), ranked[offset : offset + limit]


WORDS = st.sampled_from(["a", "ab", "abc", "b", "ba", "c", "1", "12"])
TEXTS = st.lists(WORDS, min_size=0, max_size=5).map(" ".join)


@given(
    versions=st.lists(
        st.tuples(TEXTS, TEXTS, st.sampled_from(["1.1", "1.2", "12.1", "2.1"])),
        min_size=1,
        max_size=12,
    ),
    words=st.lists(WORDS, min_size=0, max_size=3),
    code=st.sampled_from([None, "1", "1.1", "12", "2"]),
    offset=st.integers(0, 8),
    limit=st.integers(1, 6),
    sort_all=st.sampled_from([0, 64]),
    data=st.data(),
)
def test_search_index_pages_like_the_reference(
    versions, words, code, offset, limit, sort_all, data
):
    """Any catalogue, any subset of it in force, any query, any page. `sort_all` 0 takes the
    level-by-level path even for a handful of name matches."""
    catalogue = [
        (search.Entry.make(i, f"{c}.{i}", name.upper(), name), f"{name} {rest}")
        for i, (name, rest, c) in enumerate(versions)
    ]
    index = search.SearchIndex((e, search.text_words(text)) for e, text in catalogue)
    index.SORT_ALL = sort_all
    allowed = data.draw(st.lists(st.sampled_from(catalogue), unique_by=lambda v: v[0].id))
    bits = index.bits(e.id for e, _ in allowed)
    assert index.page(bits, words, code, offset, limit) == reference_page(
        catalogue, allowed, words, code, offset, limit
    )


def test_search_index_deep_pages_of_a_large_catalogue():
    """Thousands of versions: bit sets wider than the blocks `slice_of` skips at once, and rare
    words (kept as positions, not bit sets)."""
    rng = random.Random(7)
    vocabulary = ["cap", "cap lai", "dang ky", "ket hon", "giay phep", "xay dung", "ca nhan"]
    catalogue = []
    for i in range(3000):
        name = " ".join(rng.sample(vocabulary, 3))
        rare = f" so {i % 1000} hiem" if i % 500 == 7 else ""
        catalogue.append((search.Entry.make(i, f"1.{i:06d}", name, name), f"{name} ho so{rare}"))
    index = search.SearchIndex((e, search.text_words(text)) for e, text in catalogue)
    allowed = [v for v in catalogue if v[0].id % 7]
    bits = index.bits(e.id for e, _ in allowed)
    for q, offset in [
        ("", 0),
        ("", 2500),
        ("ca", 0),
        ("ca", 1500),
        ("c", 2000),
        ("ho", 2400),
        ("dang ky ket", 0),
        ("dang ky ket", 900),
        ("1.0001", 0),
        ("1.00", 50),
        ("hiem", 0),
        ("hie", 0),
        ("so 7 h", 0),
        ("7", 0),
        ("ca hiem", 0),
    ]:
        words, code = search.query_words(q), search.code_prefix(q)
        assert index.page(bits, words, code, offset, 30) == reference_page(
            catalogue, allowed, words, code, offset, 30
        ), q


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
        return (
            i + n <= len(name_words)
            and name_words[i : i + n - 1] == words[:-1]
            and (name_words[i + n - 1].startswith(last))
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
