"""Adversarial payloads for the PHI detector: each generator builds a CTM record of about `size` bytes.

Every entry targets a pattern or loop that once cost time growing with the square of its input
(a regex restarted inside a long run of the characters it repeats, a rescan of the text before
each candidate, a list scanned per span). `make bench` prints ms/KB for each; the linearity test in
tests/phi/test_linear_time.py checks that 8 times the input costs at most 12 times the time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    n = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail


def _notes(text: str) -> Payload:
    return {"id": 1, "notes": text}


def _custom(value: str, key: str = "Notes") -> Payload:
    return {"id": 1, "custom_fields": {key: value}}


def _deep_wide(size: int) -> Payload:
    # nesting as deep as a body allows, then a wide list of numbers at the bottom: every leaf under
    # a long key chain
    depth = min(900, size // 64)
    leaves = max(1, (size - 8 * depth) // 3)
    node: Any = {"custom_fields": [1] * leaves}
    for i in range(depth):
        node = {f"k{i % 10}": node}
    return {"id": 1, **node}


GENERATORS: dict[str, Callable[[int], Payload]] = {
    # scanners.names._CONTACT, names._SPELLED: a capitalised word opens a candidate after every hyphen
    "hyphen_caps": lambda n: _custom(_repeat("A-", n, tail="A")),
    # scanners.spoken._SPOKEN_EMAIL: every letter of the local part opens a spoken e-mail
    "spoken_email": lambda n: _notes(_repeat("a-", n, tail="a at b dot zzz")),
    # scanners.spoken._TRAILING_LETTERS: letters after a number word, then a digit
    "trailing_letters": lambda n: _notes(_repeat(" a", n, head="one", tail=" 5")),
    # keys._CAMEL: an all-caps custom-field key
    "caps_key": lambda n: _custom("x", key=_repeat("A", n)),
    # scanners.geo.COUNTY: capitalised hyphenated words before "County"
    "county": lambda n: _notes(_repeat("A-", n, tail="A x County")),
    # names: the agent-intro test rescanned the text before every candidate
    "title_names": lambda n: _notes(_repeat("Mr. Aaaa ", n)),
    "last_first": lambda n: _notes(_repeat("Smith, John ", n)),
    # scanners.phone._HeaderFax: the text before every phone number on the first line was rescanned
    "phones_one_line": lambda n: _notes(_repeat("(614) 555-0142 ", n, tail="\n")),
    # scanners.spoken.scan_spoken: every new span was compared with every span taken before
    "spoken_phones": lambda n: _notes(_repeat("five five five one two three four five six seven. ", n)),
    # spoken_forms.normalize: one run of number words as long as the text, every kind of word in it
    "spoken_words": lambda n: _notes(_repeat("twenty nineteen oh double five treinta y dos mil ", n)),
    # spoken_forms.normalize: a date cue before every run (each run is read as a date once)
    "spoken_dates": lambda n: _notes(_repeat("date of birth seven twenty three fifty nine, the third. ", n)),
    # claims.Claims: many claimed spans from scanners that run one after the other
    "many_dates": lambda n: _notes(_repeat("3/4 (614) 555-0142 ", n)),
    # scanners.names._SUBJECT: blank lines before a sentence; scanners.spoken._RUN: spaces after a number word
    "blank_lines": lambda n: _notes(_repeat("\n", n // 2, tail="Dana called")),  # two JSON bytes a break
    "spaced_number": lambda n: _notes(_repeat(" ", n, head="one", tail="!")),
    # scanners.spoken._RUN: a hyphenated run of number words that does not end cleanly
    "hyphen_run": lambda n: _notes(_repeat("one-", n, tail="onex")),
    # scanners.spoken._SPOKEN_EMAIL: a long "x dot y dot ..." chain before " at "
    "dot_chain": lambda n: _notes(_repeat("a dot ", n, tail="at b dot zzz")),
    # scanners.names.lowercase: a cue before every word, and names joined by "and"
    "lower_cues": lambda n: _notes(_repeat("pt mom of ana and ines and my son lu y ", n)),
    # detector: every leaf under a long key chain
    "deep_wide": _deep_wide,
    # detector: many small custom fields, each key scanned as text (the slowest body per KB)
    "many_fields": lambda n: {"id": 1, "custom_fields": {f"k{i}": "x" for i in range(n // 15)}},
    # detector: a long key (scanned as text) over a wide list of leaves
    "long_key_list": lambda n: {"id": 1, "custom_fields": {"A" * (n // 4): [1] * (n // 4)}},
}


def body_size(payload: Payload) -> int:
    """Bytes of the payload as a JSON body."""
    return len(json.dumps(payload).encode())
