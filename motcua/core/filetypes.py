"""Which uploads we accept, decided by content, and what we call them. Pure: no Django import.

Contract:
- `sniff` looks at the leading bytes (`SNIFF_BYTES` are enough) and, for a ZIP, at the names in
  the central directory only. Nothing is ever decompressed, so a zip bomb costs no more than its
  directory; a directory with more than `MAX_ZIP_ENTRIES` entries is refused outright.
- DOCX/XLSX means: ZIP local header, a `[Content_Types].xml` member and the main part at its
  conventional name (`word/document.xml`, `xl/workbook.xml`). A package carrying a VBA project is
  a macro-enabled document (docm/xlsm) whatever it claims to be, and is refused.
- `sanitize_filename` produces a display name only. It is never used as a storage path.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

SNIFF_BYTES = 16
MAX_ZIP_ENTRIES = 5000
FALLBACK_NAME = "tep-dinh-kem"
MAX_NAME_CHARS = 150


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str  # canonical, with the dot: ".pdf"
    label: str = ""  # shown to people: "PDF"
    aliases: tuple[str, ...] = ()  # other extensions people use for the same type

    def matches_extension(self, ext: str) -> bool:
        return ext.lower() in (self.extension, *self.aliases)


PDF = FileType("application/pdf", ".pdf", "PDF")
JPEG = FileType("image/jpeg", ".jpg", "JPEG", (".jpeg", ".jpe"))
PNG = FileType("image/png", ".png", "PNG")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX"
)
ACCEPTED: tuple[FileType, ...] = (PDF, JPEG, PNG, DOCX, XLSX)

_MAGIC: tuple[tuple[bytes, FileType], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_EOCD = b"PK\x05\x06"
_EOCD_MIN = 22
_EOCD_MAX_COMMENT = 0xFFFF
_OOXML_MAIN = ((DOCX, "word/document.xml"), (XLSX, "xl/workbook.xml"))
_MACRO_PARTS = ("word/vbaProject.bin", "xl/vbaProject.bin")


def accepted_labels() -> str:
    """'PDF, JPEG, PNG, DOCX, XLSX' — for error messages."""
    return ", ".join(t.label for t in ACCEPTED)


def sniff(head: bytes, *, open_zip: Callable[[], BinaryIO] | None = None) -> FileType | None:
    """The type of a file from its content, or None when it is not one we accept.

    `head` is the start of the file (at least `SNIFF_BYTES`). For a ZIP, `open_zip()` must return
    a seekable binary file object over the whole file; without it `head` is taken to be the whole
    file. The returned object is not closed here.
    """
    for magic, ftype in _MAGIC:
        if head.startswith(magic):
            return ftype
    if not head.startswith(_ZIP_LOCAL_HEADER):
        return None
    fileobj = open_zip() if open_zip is not None else io.BytesIO(head)
    names = _zip_member_names(fileobj)
    if names is None or "[Content_Types].xml" not in names:
        return None
    if any(part in names for part in _MACRO_PARTS):
        return None
    found = [ftype for ftype, main in _OOXML_MAIN if main in names]
    return found[0] if len(found) == 1 else None


def _zip_member_names(fileobj: BinaryIO) -> set[str] | None:
    """Names from the central directory, or None for a broken or oversized archive."""
    try:
        entries = _declared_entries(fileobj)
        if entries is not None and entries > MAX_ZIP_ENTRIES:
            return None
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        return None
    if len(infos) > MAX_ZIP_ENTRIES:
        return None
    return {info.filename for info in infos}


def _declared_entries(fileobj: BinaryIO) -> int | None:
    """Entry count from the end-of-central-directory record, read before zipfile parses the
    directory; None when the record says "see ZIP64" (zipfile then parses and we count after)."""
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    tail_len = min(size, _EOCD_MIN + _EOCD_MAX_COMMENT)
    fileobj.seek(size - tail_len)
    tail = fileobj.read(tail_len)
    at = tail.rfind(_ZIP_EOCD)
    if at < 0 or len(tail) - at < _EOCD_MIN:
        raise zipfile.BadZipFile("no end of central directory")
    (total,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return None if total == 0xFFFF else total


# --- names -------------------------------------------------------------------------------------

_RESERVED = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_AS_SPACE = frozenset({"Cc", "Zl", "Zp"})  # control characters, line/paragraph separators
_DROPPED = frozenset({"Cf", "Cs", "Co", "Cn"})  # format (RTL override), surrogates, unassigned
_EXTENSION = re.compile(r"^\.[0-9A-Za-z]{1,10}$")


def sanitize_filename(name: str) -> str:
    """A safe display name: last path component (/ or \\), NFC, no control or format characters
    (this drops right-to-left overrides), no reserved characters, no leading dots, spaces
    collapsed, at most 150 characters with the extension kept. Vietnamese letters survive."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(_clean_char(c) for c in name)
    name = _RESERVED.sub(" ", name)
    name = " ".join(name.split())
    name = name.lstrip(". ").rstrip(". ")
    if not name:
        return FALLBACK_NAME
    stem, ext = split_extension(name)
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = f"_{stem}"
    stem = stem[: MAX_NAME_CHARS - len(ext)].rstrip(". ")
    return f"{stem or FALLBACK_NAME}{ext}"


def _clean_char(c: str) -> str:
    category = unicodedata.category(c)
    if category in _AS_SPACE:
        return " "
    return "" if category in _DROPPED else c


def split_extension(name: str) -> tuple[str, str]:
    """('báo cáo', '.pdf'); an implausible extension (too long, not alphanumeric) stays in the
    stem."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and _EXTENSION.match(f".{ext}"):
        return stem, f".{ext}"
    return name, ""


def display_name(name: str, ftype: FileType) -> str:
    """The sanitised name with an extension that tells the truth about the content: a PNG sent as
    'scan.jpg' is kept as 'scan.png', a PDF sent as 'x.exe' as 'x.pdf'."""
    clean = sanitize_filename(name)
    stem, ext = split_extension(clean)
    if ext and ftype.matches_extension(ext):
        return clean
    return sanitize_filename(f"{stem}{ftype.extension}")
