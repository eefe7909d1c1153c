"""Handing a stored file to a caller who has already been checked.

Every download of a dossier's file goes through `file_response`: the caller's right is checked
before (by the view, through a selector), the bytes come from the storage API (local disk or
S3 alike) as a stream, and the headers keep browsers from guessing or caching:
- `Content-Disposition` with an ASCII fallback name and the UTF-8 name in RFC 5987 form
  (`filename*=UTF-8''...`), so Vietnamese names survive and no header can be injected;
- `X-Content-Type-Options: nosniff` and the content type we sniffed at upload;
- `Cache-Control: private, no-store` (personal data);
- `Repr-Digest` (RFC 9530) with the SHA-256 recorded when the file was stored, so a receiver
  can check the copy against the one recorded in the audit log.
A row that names no file, or a file gone from the storage, is a 404 with a Vietnamese message
(`Http404`), never a server error.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

MISSING = "Tệp không còn trên hệ thống; đề nghị liên hệ văn thư hoặc quản trị hệ thống."
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def safe_filename(name: str, default: str = "tep") -> str:
    """The name without control characters, path parts or characters that break a header."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name or "")).strip(" ._")
    return cleaned[:150] or default


def ascii_filename(name: str) -> str:
    """'Giấy khai sinh.pdf' → 'Giay khai sinh.pdf' (đ → d; anything else non-ASCII → _)."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^\x20-\x7e]", "_", plain)


def content_disposition(name: str, *, inline: bool) -> str:
    safe = safe_filename(name)
    kind = "inline" if inline else "attachment"
    fallback = ascii_filename(safe)
    if fallback == safe:
        return f'{kind}; filename="{safe}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def file_response(
    *,
    stored: FieldFile,
    filename: str,
    content_type: str,
    sha256: str = "",
    inline: bool = False,
) -> FileResponse:
    """Stream `stored` (a model's file field) through its storage; Http404 when the row names
    no file or the storage no longer holds it."""
    if not stored.name:
        raise Http404(MISSING)
    try:
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError as exc:
        raise Http404(MISSING) from exc
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        digest = base64.b64encode(bytes.fromhex(sha256)).decode()
        response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response
