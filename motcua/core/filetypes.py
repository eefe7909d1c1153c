"""Which uploads we accept, decided by content, and what we call them. Pure: no Django import.

Contract:
- `sniff` looks at the leading bytes (`SNIFF_BYTES` are enough) and, for a ZIP, at the names in
  the central directory only. Nothing is ever decompressed, so a zip bomb costs no more than its
  directory; a directory with more than `MAX_ZIP_ENTRIES` entries is refused outright.
- DOCX/XLSX means: ZIP local header, a `[Content_Types].xml` member and the main part at its
  conventional name (`word/document.xml`, `xl/workbook.xml`). A package carrying a VBA project is
  a macro-enabled document (docm/xlsm) whatever it claims to be, and is refused. Part names are
  compared case-insensitively (OPC part names are, and Office opens `word/VbaProject.BIN`), and
  a macro is found by any of: a part named like a VBA project, a content type in
  `[Content_Types].xml` (Default or Override) for VBA or a macro-enabled main part, a `.rels`
  relationship of a VBA type, or a `.bin` part whose start holds a VBA project stream name.
  For that, and only that, the package metadata (`[Content_Types].xml`, `*.rels`) and the first
  `BIN_SCAN_BYTES` of `.bin` parts are read, each through a streaming reader capped at
  `MAX_METADATA_BYTES` (a member claiming or expanding to more is refused, so a bomb costs at
  most the cap; `MAX_SCAN_BYTES` bounds all reads of one package), and XML is parsed with
  defusedxml (no DTDs, no entity expansion).
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
from typing import Any, BinaryIO

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
MAX_METADATA_BYTES = 1024 * 1024
MAX_SCAN_BYTES = 16 * 1024 * 1024
BIN_SCAN_BYTES = 64 * 1024
_MACRO_NAME_ENDINGS = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
_MACRO_CONTENT_TYPES = ("vbaproject", "vbadata", "macroenabled", "vnd.ms-office.vba")
_MACRO_RELATIONSHIPS = ("/vbaproject", "/wordvbadata", "/vbaprojectsignature")
# "_VBA_PROJECT" as a compound-file directory entry name (UTF-16LE), compared lower-cased.
_VBA_STREAM = "_vba_project".encode("utf-16-le")


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
    infos = _zip_members(fileobj)
    if infos is None:
        return None
    names = {info.filename.lower(): info for info in infos}
    if "[content_types].xml" not in names:
        return None
    found = [ftype for ftype, main in _OOXML_MAIN if main.lower() in names]
    if len(found) != 1 or _has_macros(fileobj, names):
        return None
    return found[0]


def _zip_members(fileobj: BinaryIO) -> list[zipfile.ZipInfo] | None:
    """The central directory, or None for a broken or oversized archive."""
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
    return infos


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


# --- macros ------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """A metadata member that is too big, broken or not safe XML: the package is refused."""


def _read_member(fileobj: BinaryIO, info: zipfile.ZipInfo, limit: int, budget: list[int]) -> bytes:
    """At most `limit` bytes of a member, decompressed as a stream (never the whole of a bomb),
    taken from what is left of `budget[0]`."""
    if budget[0] <= 0:
        raise _Unreadable("too much package metadata")
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive, archive.open(info) as member:
            data = member.read(min(limit, budget[0] + 1))
            budget[0] -= len(data)
            return data
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, struct.error) as e:
        raise _Unreadable(str(e)) from e
    except NotImplementedError as e:  # compression method zipfile does not know
        raise _Unreadable(str(e)) from e


def _metadata_xml(fileobj: BinaryIO, info: zipfile.ZipInfo, budget: list[int]) -> Any:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    if info.file_size > MAX_METADATA_BYTES:
        raise _Unreadable(f"{info.filename} too big")
    data = _read_member(fileobj, info, MAX_METADATA_BYTES + 1, budget)
    if len(data) > MAX_METADATA_BYTES:
        raise _Unreadable(f"{info.filename} expands beyond its declared size")
    try:
        return fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as e:
        raise _Unreadable(str(e)) from e


def _attr_values(root: Any, attr: str) -> list[str]:
    return [el.attrib[attr].lower() for el in root.iter() if attr in el.attrib]


def _has_macros(fileobj: BinaryIO, names: dict[str, zipfile.ZipInfo]) -> bool:
    """True (refuse) when the package carries a VBA project by any sign, or cannot be read
    within `MAX_SCAN_BYTES` in all."""
    if any(name.endswith(_MACRO_NAME_ENDINGS) for name in names):
        return True
    budget = [MAX_SCAN_BYTES]
    try:
        types = _metadata_xml(fileobj, names["[content_types].xml"], budget)
        if any(m in t for t in _attr_values(types, "ContentType") for m in _MACRO_CONTENT_TYPES):
            return True
        return any(_part_is_macro(fileobj, name, info, budget) for name, info in names.items())
    except _Unreadable:
        return True


def _part_is_macro(fileobj: BinaryIO, name: str, info: zipfile.ZipInfo, budget: list[int]) -> bool:
    if name.endswith(".rels"):
        kinds = _attr_values(_metadata_xml(fileobj, info, budget), "Type")
        return any(kind.endswith(_MACRO_RELATIONSHIPS) for kind in kinds)
    if name.endswith(".bin"):
        return _VBA_STREAM in _read_member(fileobj, info, BIN_SCAN_BYTES, budget).lower()
    return False


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
