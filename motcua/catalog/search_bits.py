"""Bit sets and word postings behind `catalog.search.SearchIndex` (pure Python, no Django).

A set of index positions is an int whose bit p is set when position p is in the set: union,
intersection and counting are single big-int operations, which is what lets a broad query over
thousands of versions answer in microseconds. `Postings` maps each folded word to the positions
that hold it (a bit set, or the ascending positions of a rare word) and answers prefix lookups.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence


def bits_of(positions: Iterable[int]) -> int:
    """The bit set (an int) with the bits at `positions` set."""
    positions = list(positions)
    if not positions:
        return 0
    digits = bytearray(b"0") * (max(positions) + 1)  # digits[p] is bit p
    for p in positions:
        digits[p] = 49  # "1"
    digits.reverse()
    return int(digits, 2)


def members(bits: int) -> Iterator[int]:
    """The positions of the set bits of `bits`, ascending."""
    digits = format(bits, "b")[::-1]  # digits[i] is bit i
    find, i = digits.find, digits.find("1")
    while i >= 0:
        yield i
        i = find("1", i + 1)


def slice_of(bits: int, start: int, stop: int) -> list[int]:
    """The positions of the set bits of `bits`, ascending, from the start-th to before the stop-th
    (whole blocks of digits are skipped by counting, for a deep page)."""
    digits = format(bits, "b")[::-1]
    block, i, seen = 1024, 0, 0
    while i < len(digits):
        ones = digits.count("1", i, i + block)
        if seen + ones > start:
            break
        seen, i = seen + ones, i + block
    found, find = [], digits.find
    i = find("1", i)
    while i >= 0 and seen < stop:
        if seen >= start:
            found.append(i)
        seen += 1
        i = find("1", i + 1)
    return found


class Postings:
    """Word -> the positions whose words include it: a bit set, or for a rare word the ascending
    positions themselves (a bit set costs a bit per version up to its last one: numbers and names
    that occur once would cost more than the rest). Prefix lookups by bisection, the shortest
    prefixes (what a broad query types) precomputed."""

    PRECOMPUTED = 2  # prefix lengths

    def __init__(self, positions: dict[str, list[int]]) -> None:
        self._of: dict[str, int | tuple[int, ...]] = {
            w: bits_of(p) if len(p) * 64 > p[-1] else tuple(p) for w, p in positions.items()
        }
        self._vocabulary = sorted(self._of)
        self.vocabulary: Sequence[str] = self._vocabulary
        short: dict[str, int] = {}
        for w in self._vocabulary:
            bits = self.of(w)
            for n in range(1, min(self.PRECOMPUTED, len(w)) + 1):
                short[w[:n]] = short.get(w[:n], 0) | bits
        self._short = short

    def of(self, word: str) -> int:
        found = self._of.get(word, 0)
        return found if isinstance(found, int) else bits_of(found)

    def starting_with(self, prefix: str) -> int:
        if len(prefix) <= self.PRECOMPUTED:
            return self._short.get(prefix, 0)
        found, vocabulary = 0, self._vocabulary
        i = bisect_left(vocabulary, prefix)
        while i < len(vocabulary) and vocabulary[i].startswith(prefix):
            found |= self.of(vocabulary[i])
            i += 1
        return found

    def all_of(self, words: Sequence[str]) -> int:
        """Positions holding every word but the last, and a word that starts with the last."""
        found = self.starting_with(words[-1])
        for w in dict.fromkeys(words[:-1]):
            if not found:
                break
            found &= self.of(w)
        return found
