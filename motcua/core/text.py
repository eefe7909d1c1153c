"""Text folding for diacritic-insensitive Vietnamese search.

`fold` is computed in Python and stored beside the original (`name_folded`, `search_folded`), so
every database and the in-process search index (ADR 0003) see the same folded text; no database
tokenizer maps "đ" to "d"."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(s: str) -> str:
    """Lower case, no diacritics, đ→d, runs of white space collapsed to one space, trimmed."""
    if not s:
        return ""
    decomposed = unicodedata.normalize("NFD", s.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


_WORD = re.compile(r"[0-9a-z]+")


def fold_words(s: str) -> list[str]:
    """The folded words of `s` (letters and digits only), in order."""
    return _WORD.findall(fold(s))
