"""The relay's transforms: pure functions from one value to what a destination may receive.

Each returns the forwarded value, or None when the value cannot be transformed safely (a ZIP that
is not a US ZIP, a date without a four-digit year): the caller then drops the field. None of them
raises on a payload's value, and none puts a payload value in an exception.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from ctm_hipaa.relay.vocabulary import safe_words, small_zip3

# 128 bits of the HMAC: collisions stay negligible up to ~2^64 distinct values (a destination
# joins millions at most), and half the hex of the full digest keeps bodies short. Not
# reversible without the key, and the key is per destination: two destinations cannot join.
TOKEN_HEX_CHARS = 32
MIN_KEY_BYTES = 16
OLDEST_AGE = 89  # Safe Harbor: ages over 89 are aggregated into one category, 90 or older
OVER_89 = "90+"
SMALL_AREA_ZIP3 = "000"
MASK = "*"

_NANP = re.compile(r"[2-9][0-9]{2}[2-9][0-9]{6}")
_ZIP = re.compile(r"\s*([0-9]{5})(?:-?[0-9]{4})?\s*")
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|2[01][0-9]{2})(?![0-9])")
_AGE = re.compile(r"\s*([0-9]{1,3})\s*")
_AGE_RANGE = re.compile(r"\s*([0-9]{1,3})\s*(?:-|to|–)\s*([0-9]{1,3})\s*")
_NON_DIGITS = re.compile(r"[^0-9]")
_SPACES = re.compile(r"\s+")
_CHUNK = re.compile(r"\S+")
# A chunk's core: what is left once the punctuation around it is set aside ("(appointment)," -> appointment).
_CORE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_JOINERS = re.compile(r"['’-]")
_MASK_RUN = re.compile(rf"{re.escape(MASK)}(?:[ \t]+{re.escape(MASK)})+")  # masks apart by spaces only
# Unix seconds between 1973 and 2286 have 9 or 10 digits; milliseconds 12 or 13.
_UNIX_SECONDS = range(100_000_000, 10_000_000_000)
_UNIX_MILLIS = range(100_000_000_000, 10_000_000_000_000)


def _text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


def nanp_digits(value: object) -> str | None:
    """The 10 digits of a North American number written any way (+1, dots, brackets), or None."""
    text = _text(value)
    if text is None:
        return None
    digits = _NON_DIGITS.sub("", text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if _NANP.fullmatch(digits) else None


def token(value: object, key: bytes, *, kind: str | None = None) -> str | None:
    """HMAC-SHA256 of `value` under the destination's `key`, as `TOKEN_HEX_CHARS` hex digits: the same
    caller gets the same token at one destination, and another at another. The value is read as its
    kind says first (a phone's 10 digits, an e-mail in lower case), else with spaces collapsed and
    case folded, so that one caller's formats give one token. None for an empty or non-scalar value."""
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a token key needs at least {MIN_KEY_BYTES} bytes")
    text = _text(value)
    if text is None or not text.strip():
        return None
    normalized = (nanp_digits(text) if kind == "phone" else None) or _SPACES.sub(" ", text.strip()).casefold()
    return hmac.new(key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()[:TOKEN_HEX_CHARS]


def generalize_date(value: object, *, this_year: int) -> str | None:
    """A date's year (Safe Harbor keeps the year of a date, no finer element), or
    ``"<this_year - 90> or earlier"`` for a year that could reveal an age over 89 (a birth year of 90
    years ago or more), which Safe Harbor aggregates into one category. Reads ISO and US dates, date
    times and Unix times (seconds or milliseconds); None when no single four-digit year is found."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = int(value)
        if seconds in _UNIX_MILLIS:
            seconds //= 1000
        year = datetime.fromtimestamp(seconds, UTC).year if seconds in _UNIX_SECONDS else seconds
    else:
        text = _text(value)
        years = set(_YEAR.findall(text)) if text is not None else set()
        if len(years) != 1:
            return None
        year = int(years.pop())
    if not 1800 <= year <= this_year + 1:
        return None
    oldest = this_year - OLDEST_AGE - 1
    return f"{oldest} or earlier" if year <= oldest else str(year)


def generalize_zip(value: object) -> str | None:
    """A US ZIP (or ZIP+4) to its first 3 digits, or "000" where those 3 digits cover 20,000 people
    or fewer (Safe Harbor's small-area rule, data/small_zip3.txt). A ZIP given as a number keeps
    its leading zeros (2134 is 02134). None for anything that is not a ZIP."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 < value < 1_000_000_000:
            return None
        text = f"{value:05d}" if value < 100_000 else f"{value:09d}"
    else:
        text = _text(value) or ""
    match = _ZIP.fullmatch(text)
    if match is None:
        return None
    prefix = match[1][:3]
    return SMALL_AREA_ZIP3 if prefix in small_zip3() else prefix


def generalize_phone(value: object) -> str | None:
    """A North American number to its area code; None for any other number."""
    digits = nanp_digits(value)
    return digits[:3] if digits is not None else None


def generalize_age(value: object) -> int | str | None:
    """An age as it is up to 89, "90+" above (Safe Harbor); a range ("55-64") as it is when it ends
    below 90, "90+" when it starts at 90 or later, "<start>+" when it spans 90. None for anything
    else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        age = int(value)
        return None if not 0 <= age <= 130 else (age if age <= OLDEST_AGE else OVER_89)
    text = _text(value) or ""
    if (match := _AGE.fullmatch(text)) is not None:
        return generalize_age(int(match[1]))
    if (match := _AGE_RANGE.fullmatch(text)) is not None:
        low, high = int(match[1]), int(match[2])
        if low > high or high > 130:
            return None
        if high <= OLDEST_AGE:
            return f"{low}-{high}"
        return OVER_89 if low > OLDEST_AGE else f"{low}+"
    return None


def redact(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each span (start, end, category) replaced by ``[CATEGORY]``; overlapping spans
    become one, named by the first. Spans outside the text are clipped."""
    merged: list[tuple[int, int, str]] = []
    for start, end, category in sorted((max(0, s), min(len(text), e), c) for s, e, c in spans):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            first_start, first_end, first_category = merged[-1]
            merged[-1] = (first_start, max(first_end, end), first_category)
        else:
            merged.append((start, end, category))
    out, at = [], 0
    for start, end, category in merged:
        out += [text[at:start], f"[{category}]"]
        at = end
    return "".join([*out, text[at:]])


def allow_words(text: str, vocabulary: frozenset[str] | None = None) -> str:
    """`text` with only the words of the safe vocabulary (data/safe_words.txt) left: every other
    whitespace-separated chunk (a word not in it, a number, an e-mail, anything with a digit)
    becomes `MASK`, and masked chunks separated by spaces only become one, so neither a name's
    length nor its number of words shows. Punctuation around a chunk and line breaks stay."""
    words = safe_words() if vocabulary is None else vocabulary

    def masked(chunk: re.Match[str]) -> str:
        match = _CORE.match(chunk[0])
        lead, core, trail = (match[1], match[2], match[3]) if match else ("", chunk[0], "")
        return chunk[0] if not core or _safe_word(core, words) else f"{lead}{MASK}{trail}"

    return _MASK_RUN.sub(MASK, _CHUNK.sub(masked, text))


def _safe_word(core: str, words: frozenset[str]) -> bool:
    """A word of letters (with ' or - inside) that is in `words` whole ("don't" as dont) or in parts
    ("follow-up" as follow and up)."""
    if not core or _WORD.fullmatch(core) is None:
        return False
    folded = core.casefold()
    return _JOINERS.sub("", folded) in words or all(part in words for part in _JOINERS.split(folded))
