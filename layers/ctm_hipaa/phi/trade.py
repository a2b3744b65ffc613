"""The business a call record is about, read from the whole record.

A CTM record (one webhook payload) concerns one business, so what one field shows about it holds
for every field: a tailor's pasted e-mail ("Hello Stitch Clinic! I need a wedding dress hemmed"),
an arborist's lead form ("Tree Services", "heart rot in the oak"), a bike shop's form ("Book a Bike
Checkup": "rear brake is spongy, needs a bleed"), a furniture repairer's dictated estimate. Such a
record's health-sounding words are about the thing the trade mends, not a patient, and HIPAA does
not reach them.

The record is about a trade when its words name
- a trade (data/trade_kinds.txt: "arborist", "uniforms", "escape rooms") and one thing of it or
  its paperwork,
- several things of one or more trades (data/trade_objects.txt: "sofa", "sink", "brake", "seam")
  with the trade's paperwork (data/trade_commerce.txt: "estimate", "quote", "RO"), or
- many things of a trade;

and never a word only a health care record says (data/health_provider_cues.txt: "patient",
"copay", "prescription"). Words are counted once each (a note that says "engine" five times names
one thing). Linear in the record's text: one small token regex, set lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ctm_hipaa.phi.lexicon import words

_OBJECTS = words("trade_objects")
_KINDS = words("trade_kinds")
_COMMERCE = words("trade_commerce")
_PROVIDER = words("health_provider_cues")
_TOKEN = re.compile(r"[a-z]+")
# How many distinct things of a trade make a record about it, with a trade named, with its
# paperwork, or alone.
_WITH_KIND = 1
_WITH_COMMERCE = 3
_ALONE = 4


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def about_a_trade(texts: Iterable[str], named: bool = False) -> bool:
    """True when the record whose free texts are `texts` is about a business that is no health
    care provider (see the module docstring); `named`: the record names such a business where a
    business names itself (a salutation, a sign-off, the form's name), which counts as its kind."""
    objects: set[str] = set()
    kind, commerce = named, False
    prev = ""
    for text in texts:
        prev = ""
        for tok in _TOKEN.findall(text.lower()):
            if tok in _PROVIDER:
                return False
            one = _singular(tok)
            two = f"{prev} {one}" if prev else ""
            if one in _KINDS or tok in _KINDS or two in _KINDS:
                kind = True
            if tok in _COMMERCE:
                commerce = True
            if two in _OBJECTS:
                objects.add(two)
            elif one in _OBJECTS or tok in _OBJECTS:
                objects.add(one)
            prev = tok
    n = len(objects)
    return (kind and (n >= _WITH_KIND or commerce)) or (commerce and n >= _WITH_COMMERCE) or n >= _ALONE
