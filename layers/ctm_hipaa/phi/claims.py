"""Claim bookkeeping of a scanned text: scanners claim what they consume so later ones skip it.

A claimed span is not read again by a later scanner: a card number is not also a phone, a date is
not an id, an address's ZIP is not a ZIP again, and a negative cue ("order 5551234") claims a
number without reporting it. That is why the pipeline's order matters (see pipeline.py).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from ctm_hipaa.phi.fold import Folded
from ctm_hipaa.phi.model import Category, Context
from ctm_hipaa.phi.turns import Turns, parse

Span = tuple[int, int, Category]


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


@dataclass(slots=True)
class ScanState:
    """What the scanners of one text share: the text, the payload's context, findings and claims."""

    text: str
    f: Folded  # `text` with its lower-cased form (cue patterns scan that)
    ctx: Context
    has_digit: bool  # the digit scanners run only then (worked out once per text)
    out: list[Span] = field(default_factory=list)
    claims: Claims = field(default_factory=Claims)
    _turns: Turns | None = field(default=None, init=False, repr=False)

    @property
    def turns(self) -> Turns:
        """The text's speaker turns (phi/turns.py), parsed on first use."""
        if self._turns is None:
            self._turns = parse(self.f, self.ctx.agent_names)
        return self._turns

    def free(self, s: int, e: int) -> bool:
        """True when [s, e) overlaps no span a scanner claimed."""
        return self.claims.free(s, e)

    def claim(self, s: int, e: int, cat: Category | None) -> None:
        """Claim [s, e) when still free, and report it as `cat` (None: consumed, not reported)."""
        if self.claims.free(s, e):
            self.claims.add(s, e)
        if cat is not None:
            self.out.append((s, e, cat))
