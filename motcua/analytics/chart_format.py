"""Pure formatting for the analytics charts and tables (no Django import).

Numbers are written the Vietnamese way: "." groups thousands, "," marks decimals
(1.234.567; 96,25%). Rounding is half-up on the decimal value, as Decision 766 rounds its
percentages, so a Decimal from `feedback.rules.pct` prints exactly as computed.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Number = float | Decimal

NOT_AVAILABLE = "N/A"  # Decision 766's mark for a ratio whose denominator is 0


def finite(value: object) -> float | None:
    """`value` as a float, None for None, NaN, ±inf or anything that is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, InvalidOperation):
        return None
    return number if math.isfinite(number) else None


def vn_number(value: Number | None, decimals: int | None = None) -> str:
    """1234567 → "1.234.567", 3.5 → "3,5", None/NaN → "N/A".

    `decimals=None`: a whole number prints without decimals, any other value with up to two
    (trailing zeros dropped); an int `decimals` prints exactly that many.
    """
    if finite(value) is None:
        return NOT_AVAILABLE
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))  # type: ignore[arg-type]
    places = 2 if decimals is None else decimals
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = rounded.copy_abs()  # -0.001 prints as 0, not -0
    text = f"{rounded:,.{places}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(value: Number | None, decimals: int = 2) -> str:
    """96.25 → "96,25%" (the value is already a percentage), None → "N/A"."""
    if finite(value) is None:
        return NOT_AVAILABLE
    return vn_number(value, decimals) + "%"


def nice_step(span: float, intervals: int) -> float:
    """The round step (1, 2, 2.5 or 5 × 10ⁿ) that cuts `span` into about `intervals` parts."""
    raw = span / max(intervals, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude * (1 + 1e-9):
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns by factor 10


def nice_ticks(low: float, high: float, intervals: int = 4) -> list[float]:
    """Round tick values from at or below `low` to at or above `high` (0..100 → 0, 25, …, 100).

    The range always includes 0 (bars and lines are read against zero); all zeros give 0..1.
    """
    low, high = min(low, 0.0, high), max(high, 0.0, low)
    if high == low:
        high = low + 1
    step = nice_step(high - low, intervals)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def step_decimals(step: float) -> int:
    """How many decimals a tick label needs so that ticks `step` apart read differently."""
    for places in range(4):
        if abs(step * 10**places - round(step * 10**places)) < 1e-9:
            return places
    return 4


def truncate(text: str, max_chars: int) -> str:
    """`text` cut to at most `max_chars` characters, ending in "…" when cut.

    The text is NFC-normalised first and a cut never separates a letter from its combining
    accents (Vietnamese typed in decomposed form keeps its tone marks).
    """
    text = unicodedata.normalize("NFC", text)
    if len(text) <= max_chars:
        return text
    cut = max(max_chars - 1, 1)
    while cut > 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return text[:cut].rstrip() + "…"
