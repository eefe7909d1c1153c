"""The search rules, as pure functions shared by every database (no Django import).

Matching: the query is folded into words (`fold_words`: lower case, no diacritics, đ→d, letters
and digits only). A procedure matches when each word but the last is one of its folded words and
the last word is a prefix of one of them, in any order. The database index finds the matches
(`fts5_match`, `tsquery`; `matches` is the reference rule); this module ranks them, so SQLite and
PostgreSQL return the same order.

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
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from motcua.core.text import fold_words

MAX_WORDS = 12  # longer queries are cut: each word is a term of the index query
MAX_WORD_LENGTH = 64

CODE, EXACT, STARTS, PHRASE, ALL_IN_NAME, TEXT_ONLY = 6, 5, 4, 3, 2, 1

_WORD = re.compile(r"[0-9a-z]+")
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
    search uses `NameIndex`, which gives the same result faster)."""
    return sorted(entries, key=lambda e: (-score(e, words, code), e.key()))


class NameIndex:
    """The entries of many versions, ready to rank any subset of them quickly.

    Only versions whose name holds every query word (the last as a prefix) or whose code starts
    with the query can score above TEXT_ONLY; an inverted index of name words finds those with
    set operations, `score` ranks them, and all the others follow in name order. Immutable."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        by_name = sorted({e.id: e for e in entries}.values(), key=Entry.key)
        self.entries = {e.id: e for e in by_name}
        self.position = {e.id: i for i, e in enumerate(by_name)}
        postings: dict[str, set[int]] = {}
        for e in by_name:
            for w in e.spaced.split():
                postings.setdefault(w, set()).add(e.id)
        self._postings = postings
        self._vocabulary = sorted(postings)

    def __contains__(self, entry_id: int) -> bool:
        return entry_id in self.entries

    def _starting_with(self, prefix: str) -> set[int]:
        found: set[int] = set()
        vocabulary, i = self._vocabulary, bisect_left(self._vocabulary, prefix)
        while i < len(vocabulary) and vocabulary[i].startswith(prefix):
            found |= self._postings[vocabulary[i]]
            i += 1
        return found

    def _in_name(self, words: Sequence[str]) -> set[int]:
        """Ids whose name holds every word, the last as a prefix."""
        found = self._starting_with(words[-1])
        for w in words[:-1]:
            found &= self._postings.get(w, set())
        return found

    def rank(self, ids: Iterable[int], words: Sequence[str], code: str | None = None) -> list[int]:
        """`ids` (all in this index) in result order, as `rank` orders their entries."""
        position = self.position
        if not words and not code:
            return sorted(ids, key=position.__getitem__)
        ids = list(ids)
        entries = self.entries
        better = self._in_name(words) if words else set()
        if code:
            better |= {i for i in ids if entries[i].code.upper().startswith(code)}
        score_one, span = _scorer(words, code), len(position) + 1
        top = sorted(
            (i for i in ids if i in better),
            key=lambda i: (CODE - score_one(entries[i])) * span + position[i],
        )
        rest = sorted((i for i in ids if i not in better), key=position.__getitem__)
        return top + rest


def fts5_match(words: Sequence[str]) -> str:
    """An SQLite FTS5 MATCH expression: every word as a quoted string, the last as a prefix.
    Quoting (with embedded quotes doubled) keeps operators such as AND, NEAR, *, ( inert."""

    def string(w: str) -> str:
        return '"' + w.replace('"', '""') + '"'

    return " ".join([*(string(w) for w in dict.fromkeys(words[:-1])), string(words[-1]) + " *"])


def tsquery(words: Sequence[str]) -> str:
    """A PostgreSQL tsquery literal (read by the `::tsquery` cast, without a text parser): every
    word as a quoted lexeme, AND-ed, the last as a prefix. Words are [0-9a-z]+ already; quotes and
    backslashes are escaped anyway."""

    def lexeme(w: str) -> str:
        return "'" + w.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join([*(lexeme(w) for w in dict.fromkeys(words[:-1])), lexeme(words[-1]) + ":*"])


def matches(search_folded: str, words: Sequence[str]) -> bool:
    """The match rule itself, on a folded text. The database indexes implement it; this is the
    reference (used by the fallback for other databases and by the tests)."""
    return not words or _contains_all(" " + " ".join(_WORD.findall(search_folded)) + " ", words)
