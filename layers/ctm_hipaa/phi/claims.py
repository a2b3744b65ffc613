"""Claimed spans of a scanned text: scanners claim what they consume so later ones skip it."""

from __future__ import annotations

from bisect import bisect_left


class Claims:
    """Non-overlapping claimed spans, kept sorted so an overlap test is a binary search."""

    __slots__ = ("ends", "spans", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.spans: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        """True when [s, e) overlaps no claimed span."""
        i = bisect_left(self.starts, e)  # spans starting before e
        # claimed spans never overlap, so the one starting last before e also ends last
        return i == 0 or self.ends[i - 1] <= s

    def add(self, s: int, e: int) -> None:
        """Claim [s, e) (callers check `free` first)."""
        i = bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)
        self.spans.insert(i, (s, e))
