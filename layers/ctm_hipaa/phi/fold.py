"""Lower-cased text shared by the scanners, and cue patterns that scan it case-sensitively.

Python's regex engine skips an alternative of a long alternation on its first character only when
it matches case-sensitively; under IGNORECASE it enters every alternative at every word start. The
cue-word patterns are long alternations, so they run several times faster over `text.lower()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Folded:
    """A string and its lower-cased form, computed once per scanned string."""

    text: str
    low: str  # text.lower(): offsets into `low` are offsets into `text` when `exact`
    exact: bool  # True when matching `low` case-sensitively equals IGNORECASE matching of `text`

    def mentions(self, *words: str) -> bool:
        """False only when no lower-case `words` occurs in the text in any case (a cheap gate)."""
        if not self.exact:
            return True
        if len(words) <= _FEW_WORDS:
            return any(w in self.low for w in words)
        return _any_of(words).search(self.low) is not None


_FEW_WORDS = 3  # up to here a substring test a word is cheaper than one search of an alternation


@lru_cache(maxsize=128)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One search for any of many words: the engine skips on their first letters in C, where a
    substring test a word is a Python loop (the gates pass the same tuples each time: cached)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def fold(text: str) -> Folded:
    """Lower-case `text` once for every scanner."""
    low = text.lower()
    # "İ" lower-cases to two characters (offsets would shift); IGNORECASE also equates "ı" with i
    # and "ſ" with s, which lower() leaves alone. Texts with these use the IGNORECASE patterns.
    exact = len(low) == len(text) and "ı" not in text and "ſ" not in text
    return Folded(text, low, exact)


class CuePattern:
    """An IGNORECASE pattern that runs case-sensitively over `Folded.low` when that is exact.

    `source` must be written in lower case with no upper-case letters in character classes, so
    that matching the lower-cased text is the same as matching the original without case.
    """

    __slots__ = ("_ignorecase", "_lower", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        # both compiled when a text first needs them: many cues are for texts most payloads lack
        # (HL7, European addresses, crossings), and compiling all at import is most of the
        # detector's cold start
        self._lower: re.Pattern[str] | None = None
        self._ignorecase: re.Pattern[str] | None = None

    @property
    def lower(self) -> re.Pattern[str]:
        """The pattern for the lower-cased text (the common case)."""
        if self._lower is None:
            self._lower = re.compile(self._source)
        return self._lower

    @property
    def ignorecase(self) -> re.Pattern[str]:
        """The pattern for texts whose lower-casing is not exact (few are: "İ" becomes two letters)."""
        if self._ignorecase is None:
            self._ignorecase = re.compile(self._source, re.IGNORECASE)
        return self._ignorecase

    def finditer(self, t: Folded, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """Matches in `t` from `pos` to `endpos` (offsets and groups as in `t.text`)."""
        end = len(t.text) if endpos is None else endpos
        if t.exact:
            return self.lower.finditer(t.low, pos, end)
        return self.ignorecase.finditer(t.text, pos, end)

    def match(self, t: Folded, pos: int) -> re.Match[str] | None:
        """The match starting at `pos`, if any."""
        return self.lower.match(t.low, pos) if t.exact else self.ignorecase.match(t.text, pos)
