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


# --- control characters ------------------------------------------------------------------------

CONTROL_CHAR_CODE = "control_character"
CONTROL_CHAR_MESSAGE = "chứa ký tự điều khiển không hợp lệ"
_MULTILINE_ALLOWED = frozenset("\t\n\r")


def _is_noncharacter(cp: int) -> bool:
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def find_control_char(value: str, *, multiline: bool = False) -> int | None:
    """The index of the first character that must not enter the system, else None.

    Refused: control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) except tab,
    line feed and carriage return when `multiline`; lone surrogates (category Cs, which Python
    strings can hold but UTF-8 cannot encode); and the 66 noncharacters (U+FDD0-U+FDEF and every
    U+xxFFFE/U+xxFFFF). These break spreadsheets (openpyxl refuses them), XML, PDF text and
    PostgreSQL (U+0000), and carry nothing a person typed."""
    for i, ch in enumerate(value):
        cp = ord(ch)
        if cp < 0x20 or 0x7F <= cp <= 0x9F:
            if multiline and ch in _MULTILINE_ALLOWED:
                continue
            return i
        if 0xD800 <= cp <= 0xDFFF or (cp >= 0xFDD0 and _is_noncharacter(cp)):
            return i
    return None


def has_control_chars(value: str, *, multiline: bool = False) -> bool:
    return find_control_char(value, multiline=multiline) is not None
