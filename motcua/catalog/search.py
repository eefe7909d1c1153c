"""The search rules, as pure functions shared by every database (no Django import).

Matching: the query is folded into words (`fold_words`: lower case, no diacritics, đ→d, letters
and digits only). A procedure matches when each word but the last is one of its folded words and
the last word is a prefix of one of them, in any order. The database index finds the matches;
this module only ranks them, so SQLite and PostgreSQL return the same order.

Ranking (higher first), by the folded name only:
  5 the name is the query (same words, same order)
  4 the name starts with the query phrase (the last word may be a prefix)
  3 the name contains the query phrase
  2 every query word is in the name, in any order
  1 some query words are only in the rest of the text (documents, agency, legal basis...)
Ties are broken by folded name, then name, then code (code point order, as the databases' "C" /
BINARY collations do).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from motcua.core.text import fold_words

MAX_WORDS = 12  # longer queries are cut: every word is a join in the index query
MAX_WORD_LENGTH = 64

EXACT, STARTS, PHRASE, ALL_IN_NAME, TEXT_ONLY = 5, 4, 3, 2, 1

_WORD = re.compile(r"[0-9a-z]+")


def query_words(q: str) -> list[str]:
    """The words of a query, folded, in order (repeats kept: they matter for phrase ranking)."""
    return [w[:MAX_WORD_LENGTH] for w in fold_words(q or "")[:MAX_WORDS]]


def _phrase_at(name_words: Sequence[str], words: Sequence[str], start: int) -> bool:
    last = len(words) - 1
    if start + last >= len(name_words):
        return False
    for i, w in enumerate(words):
        nw = name_words[start + i]
        if not (nw.startswith(w) if i == last else nw == w):
            return False
    return True


def _contains_all(text_words: Sequence[str], words: Sequence[str]) -> bool:
    present = set(text_words)
    if any(w not in present for w in words[:-1]):
        return False
    last = words[-1]
    return last in present or any(t.startswith(last) for t in present)


def score(name_folded: str, words: Sequence[str]) -> int:
    """Rank of a matching procedure whose folded name is `name_folded` for query `words`."""
    if not words:
        return TEXT_ONLY
    if words[0] not in name_folded:  # cheap exit: most candidates of a short query
        return TEXT_ONLY
    name_words = _WORD.findall(name_folded)
    if list(name_words) == list(words):
        return EXACT
    if _phrase_at(name_words, words, 0):
        return STARTS
    if any(_phrase_at(name_words, words, i) for i in range(1, len(name_words))):
        return PHRASE
    if _contains_all(name_words, words):
        return ALL_IN_NAME
    return TEXT_ONLY


Candidate = tuple[int, str, str, str]  # (version id, code, name, folded name)


def rank(candidates: Sequence[Candidate], words: Sequence[str]) -> list[Candidate]:
    """Candidates in result order: best score first, then folded name, name, code."""
    return sorted(candidates, key=lambda c: (-score(c[3], words), c[3], c[2], c[1]))


def sort_key(candidate: Candidate) -> tuple[str, str, str]:
    """Order of an empty query: folded name, name, code."""
    return candidate[3], candidate[2], candidate[1]


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
    return not words or _contains_all(_WORD.findall(search_folded), words)
