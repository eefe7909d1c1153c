"""The search rules, as pure functions shared by every database (no Django import).

Matching: the query is folded into words (`fold_words`: lower case, no diacritics, đ→d, letters
and digits only). A procedure matches when each word but the last is one of its folded words and
the last word is a prefix of one of them, in any order (`matches` is the rule). `SearchIndex`
applies it, and the ranking below, to the versions the database lists as in force, from a
per-process copy of their folded words (published versions are frozen), so SQLite and PostgreSQL
return the same results in the same order.

A query that looks like a procedure code ("1.000894", or its start) also finds the procedures
whose code starts with it (case-insensitive).

Ranking (higher first):
  6 the code starts with the query
  5 the name is the query (same words, same order)
  4 the name starts with the query phrase (the last word may be a prefix)
  3 the name contains the query phrase
  2 every query word is in the name, in any order
  1 some query words are only in the rest of the text (documents, agency, legal basis...)
Levels 5 to 2 look at the folded name only.
Ties are broken by folded name, then name, then code, in code point order (what the databases'
"C" / BINARY collations and Python's `sorted` give).

The bit sets and word postings the index is built from are in `catalog/search_bits.py`.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cached_property

from motcua.catalog.search_bits import Postings, bits_of, members, slice_of
from motcua.core.text import fold, fold_words

MAX_WORDS = 12  # longer queries are cut: each word is a term of the index query
MAX_WORD_LENGTH = 64

CODE, EXACT, STARTS, PHRASE, ALL_IN_NAME, TEXT_ONLY = 6, 5, 4, 3, 2, 1

_WORD = re.compile(r"[0-9a-z]+")
_LAST = chr(0x10FFFF)  # the highest character: prefix + _LAST sorts after (nearly) every key
_CODE = re.compile(r"\d[0-9A-Za-z.\-]{0,31}")


def query_words(q: str) -> list[str]:
    """The words of a query, folded, in order (repeats kept: they matter for phrase ranking)."""
    return [w[:MAX_WORD_LENGTH] for w in fold_words(q or "")[:MAX_WORDS]]


def code_prefix(q: str) -> str | None:
    """The query as the start of a procedure code, upper case, if it looks like one: a digit
    first, then only letters, digits, dots and hyphens ("1.000894", "1.0008", "2.002154.000.00")."""
    q = (q or "").strip()
    return q.upper() if _CODE.fullmatch(q) else None


@dataclass(frozen=True, slots=True)
class Entry:
    """What ranking needs of one procedure version. `spaced` is the name's folded words joined
    by single spaces, with one space before and after: every word and phrase test is then one
    substring search (" ket hon " is the phrase, " ke" a word starting with "ke")."""

    id: int
    code: str
    name: str
    name_folded: str
    spaced: str

    @classmethod
    def make(cls, id: int, code: str, name: str, name_folded: str) -> Entry:
        return cls(id, code, name, name_folded, " " + " ".join(_WORD.findall(name_folded)) + " ")

    def key(self) -> tuple[str, str, str]:
        """The order among equals: folded name, name, code."""
        return self.name_folded, self.name, self.code


def _contains_all(spaced: str, words: Sequence[str]) -> bool:
    """Each word but the last is a word of `spaced`, the last starts one."""
    return f" {words[-1]}" in spaced and all(f" {w} " in spaced for w in words[:-1])


def score(entry: Entry, words: Sequence[str], code: str | None = None) -> int:
    """Rank of a matching version for the query `words` (see the module docstring); `code` is
    the query's `code_prefix`."""
    return _scorer(words, code)(entry)


def _scorer(words: Sequence[str], code: str | None) -> Callable[[Entry], int]:
    phrase = " " + " ".join(words)
    exact, last = phrase + " ", " " + (words[-1] if words else "")

    def score_one(entry: Entry) -> int:
        if code and entry.code.upper().startswith(code):
            return CODE
        spaced = entry.spaced
        if not words or last not in spaced:  # cheap exit for most text-only matches
            return TEXT_ONLY
        if spaced.startswith(phrase):  # the words are whole, except the last: a prefix
            return EXACT if spaced == exact else STARTS
        if phrase in spaced:
            return PHRASE
        return ALL_IN_NAME if _contains_all(spaced, words) else TEXT_ONLY

    return score_one


def rank(entries: Iterable[Entry], words: Sequence[str], code: str | None = None) -> list[Entry]:
    """`entries` in result order: best score first, then name order (the reference order; the
    search uses `SearchIndex.page`, which gives the same result faster)."""
    return sorted(entries, key=lambda e: (-score(e, words, code), e.key()))


def text_words(search_folded: str) -> tuple[str, ...]:
    """The distinct words of a folded text, as the match rule sees them (`matches`); interned,
    since thousands of texts share a few thousand words."""
    return tuple(map(sys.intern, dict.fromkeys(_WORD.findall(search_folded))))


class SearchIndex:
    """Many versions' ranking entries and folded text words, ready to match and rank any query.

    Each version has a position, in name order (`Entry.key`); a set of versions is a bit set of
    positions (a Python int), so matching is a few AND / OR of big ints, and a set lists itself in
    name order. `page` gives exactly what `matches` and `rank` give (property-tested), but looks
    only at the versions the page needs: those whose name or code can rank them above TEXT_ONLY,
    and of the others only the page's share. Immutable."""

    SORT_ALL = 64  # up to this many name matches, score them all and sort

    def __init__(self, items: Iterable[tuple[Entry, Sequence[str]]]) -> None:
        """`items`: each version's entry and text words (`text_words` of its folded text)."""
        by_id = {entry.id: (entry, tuple(words)) for entry, words in items}
        ordered = sorted(by_id.values(), key=lambda item: item[0].key())
        self.entries = {e.id: e for e, _ in ordered}
        self._words = {e.id: words for e, words in ordered}
        self._at = [e for e, _ in ordered]
        self._position = {e.id: p for p, e in enumerate(self._at)}
        text: defaultdict[str, list[int]] = defaultdict(list)
        name: defaultdict[str, list[int]] = defaultdict(list)
        for p, (entry, words) in enumerate(ordered):
            for w in words:
                text[w].append(p)
            for w in set(entry.spaced.split()):
                name[w].append(p)
        self._text, self._name = Postings(text), Postings(name)
        by_spaced = sorted(range(len(self._at)), key=lambda p: self._at[p].spaced)
        self._spaced = [self._at[p].spaced for p in by_spaced]
        self._spaced_at = by_spaced
        by_code = sorted(range(len(self._at)), key=lambda p: self._at[p].code.upper())
        self._codes = [self._at[p].code.upper() for p in by_code]
        self._codes_at = by_code

    def __contains__(self, entry_id: int) -> bool:
        return entry_id in self.entries

    def __len__(self) -> int:
        return len(self._at)

    def items(self) -> Iterator[tuple[Entry, tuple[str, ...]]]:
        """What the index was built from, to build a bigger one."""
        return ((e, self._words[e.id]) for e in self._at)

    def words(self, entry_id: int) -> tuple[str, ...]:
        return self._words[entry_id]

    def knows(self, word: str, *, prefix: bool = False) -> bool:
        """Some text holds `word` (with `prefix`: a word starting with it)."""
        return bool(self._text.starting_with(word) if prefix else self._text.of(word))

    @cached_property
    def _by_length(self) -> dict[int, list[str]]:
        """The text vocabulary by word length (for `close_words`; built on first use)."""
        lengths: defaultdict[int, list[str]] = defaultdict(list)
        for w in self._text.vocabulary:
            lengths[len(w)].append(w)
        return lengths

    def close_words(self, word: str, n: int, cutoff: float) -> list[str]:
        """Up to `n` words of the texts most like `word` (difflib's ratio >= `cutoff`), best
        first. Only words at most 2 letters longer or shorter are compared (a longer gap cannot
        reach the cutoff for the short words people type), which keeps it a few milliseconds."""
        size = len(word)
        near = [w for k in range(max(1, size - 2), size + 3) for w in self._by_length.get(k, ())]
        return get_close_matches(word, near, n=n, cutoff=cutoff)

    def name_form(self, word: str) -> str:
        """`word` as some procedure name spells it, in lower case ("dang" -> "đăng"), else
        `word` itself."""
        for p in members(self._name.of(word)):
            for token in re.findall(r"\w+", self._at[p].name):
                if fold(token) == word:
                    return token.lower()
        return word

    def bits(self, ids: Iterable[int]) -> int:
        """The bit set of `ids` (all in this index)."""
        position = self._position
        return bits_of(position[i] for i in ids)

    @staticmethod
    def _range(keys: list[str], at: list[int], prefix: str, *, whole: bool = False) -> int:
        """Positions whose key (sorted `keys`, positions `at`) starts with `prefix` (is `prefix`,
        when `whole`)."""
        i = bisect_left(keys, prefix)
        j = bisect_right(keys, prefix if whole else prefix + _LAST, i)
        while not whole and j < len(keys) and keys[j].startswith(prefix):  # after prefix + _LAST
            j += 1
        return bits_of(at[i:j])

    def page(
        self, allowed: int, words: Sequence[str], code: str | None, offset: int, limit: int
    ) -> tuple[int, list[int]]:
        """The number of versions of the bit set `allowed` that match the query (`words`, and
        `code`, its `code_prefix`), and the ids of the matches from `offset` to `offset + limit`
        in result order. No words and no code: every version of `allowed`, by name."""
        stop = offset + limit
        if not words and not code:
            return allowed.bit_count(), [self._at[p].id for p in slice_of(allowed, offset, stop)]
        by_code = self._range(self._codes, self._codes_at, code) if code else 0
        found = (self._text.all_of(words) if words else 0) | by_code
        found &= allowed
        better = ((self._name.all_of(words) if words else 0) | by_code) & found
        n_better = better.bit_count()
        top = self._rank(better, n_better, words, code, by_code, stop) if offset < n_better else []
        positions = top[offset:stop]
        if stop > n_better:
            positions += slice_of(found & ~better, max(0, offset - n_better), stop - n_better)
        return found.bit_count(), [self._at[p].id for p in positions]

    def _rank(
        self, better: int, n: int, words: Sequence[str], code: str | None, by_code: int, stop: int
    ) -> list[int]:
        """The first `stop` positions of `better` (the versions whose name holds the words or
        whose code starts with the query) in result order."""
        at = self._at
        if not words:  # a code alone: every match is CODE
            return slice_of(better, 0, stop)
        if n <= self.SORT_ALL:
            score_one = _scorer(words, code)
            return sorted(members(better), key=lambda p: (-score_one(at[p]), p))[:stop]
        # Each level by name: CODE, EXACT and STARTS come from sorted keys, ...
        phrase = " " + " ".join(words)
        codes = by_code & better
        starts = self._range(self._spaced, self._spaced_at, phrase) & better & ~codes
        exact = self._range(self._spaced, self._spaced_at, phrase + " ", whole=True) & starts
        top: list[int] = []
        for level in (codes, exact, starts & ~exact):
            top += slice_of(level, 0, stop - len(top))
            if len(top) == stop:
                return top
        # ... the others are PHRASE (the phrase is in the name) or ALL_IN_NAME: read by name
        # until enough PHRASE are found.
        need = stop - len(top)
        phrases: list[int] = []
        others: list[int] = []
        for p in members(better & ~(codes | starts)):
            if phrase in at[p].spaced:
                phrases.append(p)
                if len(phrases) == need:
                    break
            elif len(others) < need:
                others.append(p)
        return top + phrases + others[: need - len(phrases)]


def matches(search_folded: str, words: Sequence[str]) -> bool:
    """The match rule itself, on a folded text (`SearchIndex` applies it with bit sets; this is
    the reference the tests hold it to)."""
    return not words or _contains_all(" " + " ".join(_WORD.findall(search_folded)) + " ", words)
