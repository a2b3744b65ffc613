"""URLs: claimed whole, reported when they identify a person (a profile, a shared file or photo, a
fundraiser, a query with a person's data); social handles ("@maria.fit") as the person's ids.

A link is often written without "https://" or "www.": a host ending in a known top-level domain
and followed by a path is one ("gofundme.com/f/…"). A bare host without a path ("clinic.com")
is left alone: it names a site, not a person.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.domains import registrable
from ctm_hipaa.phi.lexicon import alternation, words
from ctm_hipaa.phi.model import Category, Context
from ctm_hipaa.phi.scanners import Scanner

_TLDS = alternation("url_tlds")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'|]+"
    r"|(?<![\w.@/-])(?:[a-z0-9-]{1,63}\.){1,4}(?:" + _TLDS + r")/[^\s<>\"'|]+",
    re.IGNORECASE,
)
_HOST_PATH = re.compile(r"\.(?:" + _TLDS + r")/")  # gate, over the lower-cased text
_SHARE_SITES = words("share_sites")
# An Instagram-style handle: "@" opening a word, a letter or "_" first, at most 30 characters
_HANDLE = re.compile(r"(?<![\w@.])@[a-z_][a-z0-9_.]{0,28}[a-z0-9_](?![\w@]|\.\w)", re.IGNORECASE)
_HANDLE_CUE = re.compile(
    r"\b(?:ig|insta(?:gram)?|tiktok|twitter|snap(?:chat)?|threads|handle|x)\b[^\n]{0,20}$", re.IGNORECASE
)
_SOCIAL = words("social_sites")
_SOCIAL_GENERIC_PATH = words("social_generic_paths")
_PERSON_QUERY = words("person_query_keys")


# A caller's name in a URL: one part of six letters or more ("figueroa"), or two parts; a part as
# short as "park" or "rose" alone is in too many other sites' names.
_LONG_NAME_PART = 6
_LETTERS_ONLY = re.compile(r"[^a-z]+")


def url_identifies_person(url: str, ctx: Context) -> bool:
    """A profile link, a URL whose query carries a person's data (not gclid/utm noise), or one that
    spells the caller's name ("calendly.com/marykate-oneil/30min", "figueroaphotos.com/about")."""
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
    site = registrable(host)
    if site in ctx.clinic_domains:
        return False
    label = site.split(".")[0]
    seg = [s for s in parts.path.split("/") if s]
    if ctx.caller_names and _spells_a_name(host + parts.path, ctx.caller_names):
        return True
    if label in _SOCIAL:
        return bool(seg) and seg[0].lower() not in _SOCIAL_GENERIC_PATH
    return bool(seg) and _shared(host)


def _spells_a_name(url: str, names: frozenset[str]) -> bool:
    """ "calendly.com/marykate-oneil" spells Mary-Kate O'Neil: letters only, on both sides."""
    spelled = _LETTERS_ONLY.sub("", url.lower())
    parts = [p for n in names if len(p := _LETTERS_ONLY.sub("", n)) >= 3 and p in spelled]
    return len(parts) >= 2 or any(len(p) >= _LONG_NAME_PART for p in parts)


def _shared(host: str) -> bool:
    """True for a host of a file, photo or fundraiser site (share_sites.txt), or a subdomain of one."""
    parts = host.split(".")
    return any(".".join(parts[i:]) in _SHARE_SITES for i in range(len(parts) - 1))


def scan(st: ScanState) -> None:
    """Claim every URL and report those that identify a person; then the social handles."""
    if "@" in st.text:
        _scan_handles(st)
    low = st.f.low  # no letter of these has a special case fold, so `low` is exact enough here
    if "://" not in low and "www." not in low and _HOST_PATH.search(low) is None:
        return  # _URL needs a scheme, "www." or a host with a path: most texts have none
    for m in _URL.finditer(st.text):
        s, e = m.start(), m.end()
        while e > s and st.text[e - 1] in ".,;:!?)]}'\"":
            e -= 1
        if not st.free(s, e):
            continue
        person = url_identifies_person(st.text[s:e], st.ctx)
        st.claim(s, e, Category.URL if person else None)


def _scan_handles(st: ScanState) -> None:
    """Report "@handle" as the person's id when it has a "." or "_" (no plain word or time) or a
    social site is named just before it ("on ig @…"). E-mails were claimed before this runs."""
    t = st.text
    for m in _HANDLE.finditer(t):
        s, e = m.start(), m.end()
        styled = any(c in "._" for c in t[s + 1 : e])
        if (styled or _HANDLE_CUE.search(t, max(0, s - 30), s)) and st.free(s, e):
            st.claim(s, e, Category.OTHER_ID)


def _wants(st: ScanState) -> bool:
    return "/" in st.text or "www." in st.text or "@" in st.text


SCANNER = Scanner("url", _wants, scan)
