"""Close matches for a query that found nothing: "Có phải bạn muốn tìm: đăng ký khai sinh".

Pure (no Django import). Each query word no text holds (the last: that no word starts with) is
replaced by the nearest words of the index's vocabulary by difflib's ratio; the combinations are
tried in order, best first, and only those that find something under the same filters are
offered, spelled as the procedure names spell them. It runs only when a search found nothing, so
the hot path is untouched (bench/search_bench.py times it)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice, product

from motcua.catalog.search import SearchIndex

CUTOFF = 0.7  # difflib ratio: "khia" -> "khai" (0.75) passes, "ket" -> "hon" does not
MAX_SUGGESTIONS = 3
MAX_TRIED = 27  # combinations counted against the index (3 choices for 3 unknown words)


def suggest(
    index: SearchIndex, allowed: int, words: Sequence[str], *, limit: int = MAX_SUGGESTIONS
) -> list[str]:
    """Up to `limit` queries close to `words` (folded query words) that find at least one
    version of the bit set `allowed`. Empty when every word is known (the filters, not the
    spelling, found nothing) or some word has no close match."""
    choices: list[list[str]] = []
    for i, word in enumerate(words):
        if index.knows(word, prefix=i == len(words) - 1):
            choices.append([word])
            continue
        close = index.close_words(word, n=limit, cutoff=CUTOFF)
        if not close:
            return []
        choices.append(close)
    if list(words) == [c[0] for c in choices]:  # nothing to correct
        return []
    found: list[str] = []
    for combo in islice(product(*choices), MAX_TRIED):
        count, _ = index.page(allowed, combo, None, 0, 1)
        if count:
            found.append(" ".join(index.name_form(w) for w in combo))
            if len(found) == limit:
                break
    return found
