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
from collections.abc import Callable, Iterable, Mapping, Sequence
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


def ordinals(entries: Iterable[Entry]) -> dict[int, int]:
    """Position of each entry (by id) in name order."""
    return {e.id: i for i, e in enumerate(sorted(entries, key=Entry.key))}


def rank(
    entries: Sequence[Entry],
    words: Sequence[str],
    order: Mapping[int, int] | None = None,
    code: str | None = None,
) -> list[Entry]:
    """`entries` in result order: best score first, then name order. `order` (entry id →
    position in name order, from `ordinals`) may be given for speed; it must cover `entries`.
    `code` is the query's `code_prefix`."""
    if order is None:
        order = ordinals(entries)
    if not words and not code:
        return sorted(entries, key=lambda e: order[e.id])
    span, score_one = len(order) + 1, _scorer(words, code)
    return sorted(entries, key=lambda e: (CODE - score_one(e)) * span + order[e.id])


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
