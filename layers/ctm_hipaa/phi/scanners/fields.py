"""Place fields written into a text: "town=Liberty&county=Clay&state=MO", "prev_city: Mogadishu;
current_city: Columbus", '{"patient_city":"Orange"}', "city: Hope | state: AR".

A pasted form, a query string or a JSON blob in a note names its fields; where a field's key names
a place finer than a state (keys.classify says GEO, as for a structured field), its value is one,
whatever the word: "Hope", "Orange" and "Clay" are common words that no gazetteer rule takes in
running text. A key must open the text, a line or a part after a separator (`|;,&{("`), so
prose ("we moved to the city: it was loud") holds none; the practice's own ("clinic_city",
"facility_city") classify as no identifier. Values run to the next separator or key, at most
_MAX_VALUE characters; an empty answer ("n/a", "unknown") is none.
"""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.keys import classify
from ctm_hipaa.phi.lexicon import words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner

_MAX_VALUE = 60
_KEY_WORD = r"[A-Za-z][\w.]{0,40}"
# key (up to three words before a colon, after a separator; one word anywhere before "="), value up
# to the next separator, the next "key:" / "key=", or the line's end; quotes and "(city):" allowed
_FIELD = re.compile(
    rf"(?:(?:^|(?<=[|;,&{{(\n\":]))[ \t]*\(?\"?(?P<key>{_KEY_WORD}(?:[ \t]{_KEY_WORD}){{0,2}})\"?\)?[ \t]*:"
    rf"|(?<![\w.])(?P<qkey>{_KEY_WORD})=)"
    rf"[ \t]*\"?(?P<value>[^|;&,\"\n{{}}:=]{{1,{_MAX_VALUE}}}?)\"?[ \t]*"
    rf"(?=[|;&,\"}}\n]|$|[ \t]+{_KEY_WORD}[ \t]*[:=])",
    re.MULTILINE,
)
# words that make a "key" prose: "in the city: ...", "our town: ..."
_PROSE = frozenset(("the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "in", "of"))
_EMPTY = words("no_value_answers") | words("negative_answers")
_GATE = ("city", "town", "county", "zip", "postal", "street", "neighbo", "hometown", "birthplace")


def _wants(st: ScanState) -> bool:
    return (":" in st.text or "=" in st.text) and st.f.mentions(*_GATE)


def scan(st: ScanState) -> None:
    """Claim and report the value of each place field whose span no earlier scanner took."""
    for m in _FIELD.finditer(st.text):
        key = m.group("key") or m.group("qkey")
        said = key.lower().split()
        if _PROSE.intersection(said) or "type" in key.lower() or classify((key,)) is not Category.GEO:
            continue
        s, e = m.span("value")
        while e > s and st.text[e - 1] in " \t.":
            e -= 1
        if e > s and st.text[s:e].lower() not in _EMPTY and st.free(s, e):
            st.claim(s, e, Category.GEO)


SCANNER = Scanner("fields", _wants, scan)
