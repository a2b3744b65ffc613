"""URLs: claimed whole, reported when they identify a person (a profile, a query with a person's data)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.domains import registrable
from ctm_hipaa.phi.lexicon import words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'|]+"
    r"|(?<![\w.@/-])(?:[a-z0-9-]+\.)*(?:facebook|fb|twitter|x|instagram|linkedin|tiktok|youtube|pinterest|"
    r"snapchat|threads|reddit|venmo|cash\.app)\.(?:com|me|net)/[^\s<>\"'|]+",
    re.IGNORECASE,
)
_SOCIAL = words("social_sites")
_SOCIAL_GENERIC_PATH = words("social_generic_paths")
_PERSON_QUERY = words("person_query_keys")


_SOCIAL_TLDS = (".com/", ".me/", ".net/")


def url_identifies_person(url: str, clinic_domains: frozenset[str]) -> bool:
    """A profile link, or a URL whose query carries a person's data (not gclid/utm noise)."""
    raw = url if "://" in url else "https://" + url
    try:
        parts = urlsplit(raw)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    for k, v in parse_qsl(parts.query, keep_blank_values=False):
        kl = k.lower().replace("-", "_")
        if v and (kl in _PERSON_QUERY or kl.replace("_", "") in _PERSON_QUERY):
            return True
    label = registrable(host).split(".")[0]
    if label in _SOCIAL and registrable(host) not in clinic_domains:
        seg = [s for s in parts.path.split("/") if s]
        return bool(seg) and seg[0].lower() not in _SOCIAL_GENERIC_PATH
    return False


def scan(st: ScanState) -> None:
    """Claim every URL; report those that identify a person."""
    low = st.f.low  # no letter of these has a special case fold, so `low` is exact enough here
    if "://" not in low and "www." not in low and not any(d in low for d in _SOCIAL_TLDS):
        return  # _URL needs a scheme, "www." or a social site's ".com/": most texts have none
    for m in _URL.finditer(st.text):
        s, e = m.start(), m.end()
        while e > s and st.text[e - 1] in ".,;:!?)]}'\"":
            e -= 1
        if not st.free(s, e):
            continue
        person = url_identifies_person(st.text[s:e], st.ctx.clinic_domains)
        st.claim(s, e, Category.URL if person else None)


def _wants(st: ScanState) -> bool:
    return "/" in st.text or "www." in st.text


SCANNER = Scanner("url", _wants, scan)
