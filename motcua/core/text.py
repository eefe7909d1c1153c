"""Text folding for diacritic-insensitive Vietnamese search.

`fold` is computed in Python and stored beside the original (`name_folded`, `search_folded`), so
every database and the in-process search index (ADR 0003) see the same folded text; no database
tokenizer maps "đ" to "d"."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


# The i/y spellings that Vietnamese really alternates (docs/adr/0004-i-y-spelling.md): a whole
# syllable of k, l, m, h, t or s and a final i/y (kí/ký, lí/lý, mĩ/mỹ, hi/hy, tí/tý, sĩ/sỹ) is
# spelled with i; qui/quy is spelled quy. Each way the kept spelling is the one that starts other
# words (ki- kiểm, li- liên; quy- quyết, quyền), so a half-typed word still finds them.
_I_Y = re.compile(r"(?<![0-9a-z])(?:([klmhts])y|(qu)i)(?![0-9a-z])")


def _respell(match: re.Match[str]) -> str:
    return f"{match[1]}i" if match[1] else "quy"


def fold(s: str) -> str:
    """Lower case, no diacritics, đ→d, the alternating i/y spellings made one (`_I_Y`: "đăng kí"
    and "đăng ký" both fold to "dang ki"), runs of white space collapsed to one space, trimmed.
    Idempotent: fold(fold(s)) == fold(s), so stored folded text can be folded again when the rule
    changes (catalog migration 0004)."""
    if not s:
        return ""
    decomposed = unicodedata.normalize("NFD", s.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _I_Y.sub(_respell, _SPACES.sub(" ", stripped.lower()).strip())


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
