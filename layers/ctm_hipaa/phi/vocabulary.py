"""The field names ctm-hipaa knows (data/field_names.txt), and how a payload key maps to one.

A key a clinic types is free text: `"Dana cell"` or `"SSN 219 09 9999"` can be a key. Whatever
leaves the detector's side (finding paths, alerts, reports) names a field only by an entry of this
vocabulary, never by the payload's own spelling of it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ctm_hipaa.phi.lexicon import words

KEY_PLACEHOLDER = "<key>"  # how a path shows a key that is not a known field name (keys are free text)
MAX_KEY_LENGTH = 64  # longer keys are never field names: no lookup work for them
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


@cache
def field_names() -> frozenset[str]:
    """Every canonical field name (loaded once from the data file)."""
    return words("field_names")


def canonical(key: str) -> str:
    """`Member ID`, `memberId`, `member-id` -> `member_id` (camelCase split, accents dropped)."""
    if not key.isascii():
        key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    return _SEPARATORS.sub("_", _CAMEL_BOUNDARY.sub("_", key).lower()).strip("_")


def known_field(key: str) -> str | None:
    """The vocabulary's name for `key`, or None when the key is not a field name ctm-hipaa knows."""
    names = field_names()
    if key in names:
        return key  # most keys are CTM's own names, already canonical
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    name = canonical(key)
    return name if name in names else None
