"""Whether a stored PDF carries a digital signature (shown as "có chữ ký số" in the store).

A presence check only: the PDF has a signature field with a value. Whether that signature is
valid is the verification page's business (motcua/signing), not the store's."""

from __future__ import annotations

import logging

from django.db.models.fields.files import FieldFile
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

logger = logging.getLogger(__name__)


def has_signature(stored: FieldFile, content_type: str) -> bool:
    """True when `stored` is a PDF with at least one filled signature field; False for anything
    else, including a PDF that cannot be read."""
    if content_type != "application/pdf" or not stored.name:
        return False
    try:
        with stored.storage.open(stored.name, "rb") as handle:
            return bool(PdfFileReader(handle, strict=False).embedded_signatures)
    except (PdfError, OSError, ValueError, KeyError):
        logger.warning("could not read %s for a signature", stored.name)
        return False
