"""Content scanners for free text: one precompiled regex pass per scanner, linear in the text.

Scanners run in a fixed order and *claim* the spans they consume, so that later scanners do not
re-read them (a card number is not also a phone, a date is not an id). Numbers are attributed by
the nearest cue word before them ("MRN", "member ID", "claim", "order" ...); negative cues
(order, invoice, claim, NPI ...) claim a number without reporting it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from ctm_hipaa.phi.claims import Claims
from ctm_hipaa.phi.fold import CuePattern, Folded, fold
from ctm_hipaa.phi.lexicon import entries, words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.spoken import scan_spoken
from ctm_hipaa.phi.validators import (
    digits_of,
    luhn_ok,
    plausible_ssn,
    valid_ip,
    valid_mbi,
    valid_phone,
    valid_ssn,
    valid_vin,
)

Span = tuple[int, int, Category]


@dataclass(frozen=True, slots=True)
class Context:
    """Per-payload facts that tell the caller's data from the practice's own."""

    business_digits: frozenset[str] = frozenset()  # last 10 digits of tracking/business numbers
    clinic_domains: frozenset[str] = frozenset()  # registrable domains of the practice's sites
    agent_names: frozenset[str] = frozenset()  # lower-case name parts of the answering agent


@dataclass(slots=True)
class _State:
    text: str
    f: Folded  # `text` with its lower-cased form (cue patterns scan that)
    ctx: Context
    out: list[Span] = field(default_factory=list)
    claims: Claims = field(default_factory=Claims)

    def free(self, s: int, e: int) -> bool:
        return self.claims.free(s, e)

    def claim(self, s: int, e: int, cat: Category | None) -> None:
        if self.claims.free(s, e):
            self.claims.add(s, e)
        if cat is not None:
            self.out.append((s, e, cat))


# ----------------------------------------------------------------------------------------------
# cue words
_CARRIERS = (
    r"aetna|cigna|humana|anthem|united\s*health\s*care|unitedhealthcare|uhc|blue\s*cross(?:\s*blue\s*shield)?|"
    r"bcbs|blue\s*shield|kaiser(?:\s*permanente)?|highmark|molina|ambetter|tricare|oscar|caresource|"
    r"medical\s*mutual|centene|wellcare|wellpoint|amerigroup|emblem(?:\s*health)?|oxford|harvard\s*pilgrim|"
    r"geisinger|upmc|premera|regence|health\s*net|optima|priority\s*health|sentara|florida\s*blue|"
    r"independence|horizon\s*bcbs|carefirst|excellus|fidelis|healthfirst|metroplus|ambetter|"
    r"champva|medi-?cal|chip"
)
_CUE_SRC = {
    "NEG": r"order(?:\s*(?:number|no\b\.?|#|id))?|invoice|inv\b|confirmation(?:\s*(?:code|number|#))?|conf\b|"
    r"ticket|ref(?:erence)?\b|case|claim|routing|aba\b|npi|tax\s*id|tin\b|ein\b|lot\b|rx\b|prescription|"
    r"tracking|shipment|group|grp\b|p\.?o\.?\s*#|quote|estimate|job\b|work\s*order|transaction|txn|"
    r"authori[sz]ation|auth\b|last\s*(?:4|four)|ending\s*in|ext(?:ension)?\b|press|option|model|sku|"
    r"part\s*(?:number|#)|batch|receipt|check\s*(?:number|#)|promo|coupon|voucher|booking|reservation|"
    r"pin\b|copay|balance|refund|price|cost|paid|dollars|room|suite|flight|locker|store|sale",
    "SSN": r"ssn|ss#|social(?:\s*security)?(?:\s*(?:number|no\b\.?|#))?|"
    r"soc\.?\s*sec\.?(?:\s*(?:number|no\b\.?|#))?",
    "MRN": r"mrn|mr#|medical\s*record(?:\s*(?:number|no\b\.?|#))?|chart(?:\s*(?:number|no\b\.?|#))?|"
    r"patient\s*(?:id|number|no\b\.?|#)|pt\.?\s*(?:id|#)|record\s*(?:number|#)",
    "HEALTH_PLAN": r"member(?:ship)?(?:\s*(?:id|number|no\b\.?|#))?|subscriber(?:\s*(?:id|number|#))?|"
    r"policy(?:\s*(?:id|number|no\b\.?|#))?|medicare|medicaid|mbi|hicn|insurance|ins\b|plan\s*(?:id|number)|"
    r"health\s*plan|" + _CARRIERS,
    "VEHICLE": r"vin|licen[cs]e\s*plate|plates?|tag\s*(?:number|#)",
    "LICENSE": r"driver'?s?\s*licen[cs]e|dl#?|licen[cs]e(?:\s*(?:number|no\b\.?|#))?|"
    r"certificate(?:\s*(?:number|#))?|permit(?:\s*(?:number|#))?|state\s*id",
    # "SN", "SN#": a serial number (the id scan wants two digits in the token after it)
    "DEVICE": r"serial(?:\s*(?:number|no\b\.?|#))?|s/n|sn#?|imei|device\s*(?:id|number)",
    "ACCOUNT": r"account|acct|a/c|card|iban|bank",
    # "customer" alone is no cue: transcripts label the caller's lines "Customer:"
    "OTHER_ID": r"customer\s*(?:id|number|no\b\.?|#)|client\s*(?:id|number)|user\s*name|username|"
    r"user\s*id|login|portal\s*(?:id|user)",
    "PHONE": r"phone|cell|mobile|call\s*(?:me\s*)?back|call\s*me|callback|cb\b|text\s*me|reach\s*me|"
    r"fax|tel\b|"
    r"best\s*(?:#|number|no\b)|alt\b|n[uú]mero|celular|"
    r"number\s*dialed|dialed",
}
_CUE = CuePattern(r"(?<![\w])(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _CUE_SRC.items()) + r")(?![a-z])")
# Clause boundaries a cue does not reach across.
_BOUND = re.compile(
    r"(?<!\b[A-Z])(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bNo)(?<!\bJr)(?<!\bSr)(?<!\bApt)(?<!\bMrs)\.\s"
    r"|[|;]|\n\s*\n|\n(?=Agent:)|\n\s*[-•*]"
)


# "mg/dl", "120 dl": "dl" as a unit (decilitre) after a slash or a number ("0180 DL P28" is a licence)
_DL_UNIT = re.compile(r"(?:/|\d\s?)$")


def _cue_before(st: _State, pos: int, window: int) -> str | None:
    """Kind of the nearest cue word ending before `pos` within `window` chars and the same clause.

    Only the short window before a candidate is searched, so the cost is per candidate, not per text.
    """
    last = None
    for m in _CUE.finditer(st.f, max(0, pos - window), pos):
        if (
            m.lastgroup == "LICENSE"
            and m.group(0)[:2].lower() == "dl"
            and _DL_UNIT.search(st.text, max(0, m.start() - 2), m.start())
            and (st.text[m.start() - 1] == "/" or not st.text.startswith("DL", m.start()))
        ):
            continue  # "DL" is a driver's licence, unless it is the decilitre of "mg/dl", "5 dl"
        last = m
    if last is None or _BOUND.search(st.text, last.end(), pos):
        return None
    return last.lastgroup


# ----------------------------------------------------------------------------------------------
# e-mail and URLs
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_ROLE_MAILBOXES = words("role_mailboxes")
_FREEMAIL = words("freemail_providers")
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


# Parents under which unrelated parties each get their own site (reserved documentation domains,
# hosting platforms): the registrable part is one label longer, so a clinic at
# `clinic.example.com` does not make every `@mail.example.com` address the clinic's.
_SHARED_PARENTS = words("shared_parent_domains")
_SECOND_LEVEL = words("second_level_labels")


def registrable(host: str) -> str:
    """`www.oakridgecounseling.com` -> `oakridgecounseling.com`; `a.example.co.uk` -> `example.co.uk`."""
    parts = host.lower().strip(".").split(".")
    if len(parts) < 2:
        return host.lower()
    n = 2
    if ".".join(parts[-2:]) in _SHARED_PARENTS or (len(parts[-1]) == 2 and parts[-2] in _SECOND_LEVEL):
        n = 3  # `clinic.example.com`, `example.co.uk`
    return ".".join(parts[-n:])


# "jo.ruiz[at]example.com", "jo (at) example.org", "jo+tag @ example.com": the "@" written out
_EMAIL_AT = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}(?:\s?(?:\[at\]|\(at\))\s?| @ )"
    r"([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
    re.IGNORECASE,
)


def is_role_mailbox(email: str) -> bool:
    """True when `email` (an address or its local part) is a role's or a desk's mailbox, not a person's.

    The local part is compared lower case without a "+tag", digits and separators
    (`Front.Desk2+web@` reads `frontdesk`), against data/role_mailboxes.txt.
    """
    local = email.strip().lower().split("@", 1)[0].split("+", 1)[0]
    return "".join(ch for ch in local if ch.isalpha()) in _ROLE_MAILBOXES


def _scan_emails(st: _State) -> None:
    at_forms = _EMAIL_AT.finditer(st.text) if st.f.mentions("at)", "at]") or " @ " in st.text else ()
    for m in (*_EMAIL.finditer(st.text), *at_forms):
        dom = registrable(m.group(1))
        local = m.group(0).split("@", 1)[0].lower()
        clinic = dom in st.ctx.clinic_domains or (
            is_role_mailbox(local) and dom.split(".")[0] not in _FREEMAIL
        )
        st.claim(m.start(), m.end(), None if clinic else Category.EMAIL)


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


def _scan_urls(st: _State) -> None:
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


# ----------------------------------------------------------------------------------------------
# numbers: cards, SSN, phones, IPs
# The number patterns open with a lookahead on their first character: the engine then rejects most
# positions of a text with one test instead of entering the pattern.
_CARD = re.compile(r"(?=\d)(?<![\w-])\d{4}(?:[ -]?\d{2,6}){2,4}(?![\w-])")
_SSN = re.compile(r"(?=\d)(?<![\w.-])\d{3}([- .])\d{2}\1\d{4}(?![\w-]|\.\d)")
# Nine digits in any grouping ("21 90 99 99 9"): an SSN only right after an SSN cue
_SSN_GROUPED = re.compile(r"(?=\d)(?<![\w.-])\d(?:[ .-]?\d){8}(?![\w-]|[ .-]?\d)")
# US numbers (the last separator may be a line break: "316-555-\n0124") and international ones
# written with "+" or the "00" exit code ("0044 20 7946 0189").
_PHONE = re.compile(
    r"(?=[\d(+])(?:(?<![\w+/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s./-]?)\d{3}(?:-\n|[\s.-])?\d{4}"
    r"(?![\w/]|[.-]\d)|(?:\+|(?<![\w.-])00)(?:[2-9]\d{0,2})[\s.-]?\d(?:[\s.-]?\d){6,13}(?![\w/]))"
)
_IPV4 = re.compile(r"(?=\d)(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?=[0-9A-Fa-f:])(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_ID_CUE_KINDS = frozenset(("NEG", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "DEVICE", "OTHER_ID", "SSN"))


def _scan_cards(st: _State) -> None:
    for m in _CARD.finditer(st.text):
        d = digits_of(m.group(0))
        if 13 <= len(d) <= 19 and luhn_ok(d) and st.free(m.start(), m.end()):
            kind = _cue_before(st, m.start(), 30)
            st.claim(m.start(), m.end(), None if kind == "NEG" else Category.ACCOUNT)


def _scan_ssn(st: _State) -> None:
    for m in _SSN.finditer(st.text):
        if plausible_ssn(m.group(0)) and st.free(m.start(), m.end()):
            kind = _cue_before(st, m.start(), 30)
            if kind == "SSN" or (kind is None and valid_ssn(m.group(0))):
                st.claim(m.start(), m.end(), Category.SSN)
    for m in _SSN_GROUPED.finditer(st.text) if st.f.mentions("ssn", "ss#", "social", "soc") else ():
        if (
            not m.group(0).isdigit()  # nine digits in one piece are the id scan's
            and plausible_ssn(m.group(0))
            and st.free(m.start(), m.end())
            and _cue_before(st, m.start(), 30) == "SSN"
        ):
            st.claim(m.start(), m.end(), Category.SSN)


_CLINIC_CUE = re.compile(
    # "is your fax still ...?": the caller asking about the practice's fax
    r"\b(?:our|us|office|main|clinic|practice|front desk|scheduling line|that's us|your fax)\b",
    re.IGNORECASE,
)
_CLINIC_PHRASE = re.compile(
    r"\b(?:our\s+(?:main\s+)?(?:fax|number|line|office|phone|direct|scheduling)|main\s+(?:line|number|office)|"
    r"office\s+(?:number|line|phone|fax)|call(?:ing)?\s+us|reach\s+us|text\s+us|fax\s+us|that's\s+us|"
    r"clinic(?:'s)?\s+(?:number|line|fax)|front\s+desk|is\s+your\s+fax)\b[^.\n]*$",
    re.IGNORECASE,
)


def _clinic_context(text: str, s: int) -> bool:
    """True when the words just before a phone number say it is the practice's own line."""
    window = text[max(0, s - 70) : s]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("?"), window.rfind("|"))
    return bool(_CLINIC_PHRASE.search(window[cut + 1 :]))


_HEADER_FAX = re.compile(r"\bfax\b", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:my|his|her|their|pt|patient|caller|home|cell)\b", re.IGNORECASE)


class _HeaderFax:
    """A fax number on a document's first line ("REFERRAL  FAX  ..."): the sending office's line.

    The first line break, "fax" and personal word are found once per text, not before every number.
    """

    __slots__ = ("_fax", "_line_end", "_personal", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_end = -2  # found on first use: most texts have no number worth the test

    def __call__(self, s: int) -> bool:
        """True for a number at `s` on the first line, after "fax" and no personal word, lines below."""
        if self._line_end == -2:
            text = self._text
            self._line_end = text.find("\n")
            fax = _HEADER_FAX.search(text, 0, self._line_end) if self._line_end > 0 else None
            personal = _PERSONAL.search(text, 0, self._line_end) if fax is not None else None
            self._fax = fax.end() if fax is not None else len(text) + 1
            self._personal = personal.end() if personal is not None else len(text) + 1
        return s <= self._line_end and self._fax <= s < self._personal


def _scan_phones(st: _State) -> None:
    biz = st.ctx.business_digits
    checked: dict[str, bool] = {}  # libphonenumber is slow; a transcript repeats its numbers
    header_fax = _HeaderFax(st.text)
    for m in _PHONE.finditer(st.text):
        s, e = m.start(), m.end()
        if not st.free(s, e):
            continue
        raw = m.group(0)
        d = digits_of(raw)
        if d[-10:] in biz:
            st.claim(s, e, None)  # the practice's own tracking/business line
            continue
        ok = checked.get(raw)
        if ok is None:
            ok = checked[raw] = valid_phone("+" + raw[2:] if raw.startswith("00") else raw.replace("\n", ""))
        if not ok:
            continue
        if header_fax(s) or (_CLINIC_CUE.search(st.text, max(0, s - 70), s) and _clinic_context(st.text, s)):
            st.claim(s, e, None)  # "our fax", "main line": the practice's numbers
            continue
        kind = _cue_before(st, s, 24)
        if kind in _ID_CUE_KINDS and not (kind == "HEALTH_PLAN" and any(c in raw for c in "()-. ")):
            continue  # an id that happens to look like a phone ("claim 2125550143")
        st.claim(
            s,
            e,
            Category.FAX
            if kind == "PHONE" and "fax" in st.text[max(0, s - 24) : s].lower()
            else Category.PHONE,
        )


def _scan_ips(st: _State) -> None:
    for m in _IPV4.finditer(st.text):
        if valid_ip(m.group(0)) and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.IP)
    if ":" in st.text:
        for m in _IPV6.finditer(st.text):
            t = m.group(0)
            if t.count(":") >= 2 and len(t) >= 6 and valid_ip(t) and st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.IP)


# ----------------------------------------------------------------------------------------------
# dates and ages
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|"
    r"JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?|"
    # speech-to-text writes months in lower case; only full names ("jan", "mar" are words too)
    r"january|february|march|april|may|june|july|august|sept(?:ember)?|october|november|december)"
)
# Lower-case months that are also common words ("you may 2 ...", "march 5 miles"): a date only
# with an ordinal, "of" or a year ("may 25th", "3rd of march", "may 2019").
_VERB_MONTH = re.compile(r"\b(?:may|march)\b")
_DATE_PROOF = re.compile(r"\d(?:st|nd|rd|th)\b|\bof\b|\d{4}|'\d\d")
_SP_MON = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
)
_DATE = re.compile(
    # every layout starts at a digit or a capitalised month after a non-word character: test that
    # first, so that the alternatives are only tried at those positions
    r"(?<!\w)(?=[\dJFMASONDjfmasond])(?:"
    # day-Mon-year as in EHR exports ("02-Dec-1980", "19-JUN-2024", "5 Aug 20")
    rf"(?<![\w/.-])(?P<d3>\d{{1,2}})[-/. ]{_MON}\.?[-/. ](?:\d{{4}}|\d{{2}})(?![\w/-])"
    # Spanish: "27 de octubre", "15 de septiembre de 1994"
    rf"|\b(?P<d4>\d{{1,2}})\s+(?i:de)\s+(?i:{_SP_MON})\b(?:\s+(?i:de|del)\s+\d{{4}}\b)?"
    # Month day[, year] | Month year
    rf"|\b(?=[JFMASONDjfmasond]){_MON}\.?\s+(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?:\d{{4}}|'\d{{2}})\b)?|(?:of\s+)?\d{{4}}\b|['’]\d\d\b)"
    # day Month [year]
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b\.?(?:,?\s+\d{{4}}\b)?"
    # ISO, also as the date part of a datetime ("2025-06-11T08:30:00")
    r"|(?<![\w-])\d{4}-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?=T\d|(?![\w-]))"
    # compact yyyymmdd ("19931025"); the id cue check below keeps 8-digit ids out
    r"|(?<![\w-])(?P<cy>(?:19|20)\d\d)(?P<cm>0[1-9]|1[0-2])(?P<cd>0[1-9]|[12]\d|3[01])(?![\w-])"
    # partial mm-dd ("09-08", "admitted 04-17"), not ranges of units ("10-12 weeks")
    r"|(?<![\w/.-])(?P<pa>\d\d)-(?P<pb>\d\d)(?![\w/-]|\.\d|\s*(?:weeks?|days?|months?|years?|yrs?|hours?|hrs?|"
    r"min(?:ute)?s?|am\b|pm\b|a\.m|p\.m|%|mg|lbs?|times|people|units))"
    r"|(?<![\w/])\d{4}/(?P<jm>\d{1,2})/(?P<jd>\d{1,2})(?![\w/])"
    # numeric m/d/y, m-d-y, m.d.y
    r"|(?<![\w/.-])(?P<na>\d{1,2})(?P<sep>[/.-])(?P<nb>\d{1,2})(?P=sep)(?:\d{4}|\d{2})(?![\w/-]|\.\d)"
    # m/yyyy
    r"|(?<![\w/.-])(?P<my>\d{1,2})/(?:19|20)\d{2}(?![\w/]|\.\d)"
    # m/d
    r"|(?<![\w/.$-])(?P<ma>\d{1,2})/(?P<mb>\d{1,2})(?![\w/%]|\.\d))"
)
# "last seen 7-18", "appt 5-4", "can I come in 3-18": a month-day with a dash right after a word
# that announces a date. Without that word "3-4" is a range or a score ("3-4 times", "went 5-2").
_CUED_MD = CuePattern(
    r"\b(?:seen|appt\.?|appointment|booked|book|scheduled|schedule|come\s+in|coming\s+in|moved\s+to|"
    r"move\s+(?:it\s+)?to|resched\w*(?:\s+to)?|visit|admitted|discharged|d/c|dob:?|d\.o\.b\.?:?|"
    r"birthday|born|surgery|procedure|due|since|until|till|last|started|starting|date)"
    r"\s+(?:on\s+|for\s+|to\s+|is\s+|was\s+)?(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w/-]|\.\d)"
    # a range of units continues with a noun: "since 2-3 weeks", "due 3-4 days" (a date with "at"...)
    r"(?!\s+(?!(?:at|with|for|and|or|to|in|then|but|is|was|please|around|if|so)\b)[a-z])"
)
_BORN = re.compile(r"\b(?:born|b\.)\s+(?:in\s+)?((?:18|19|20)\d{2})\b", re.IGNORECASE)
_AGE = CuePattern(
    r"(?:\b(?:is|are|was|aged?|turning|turned|turns|they're|she's|he's|i'm|i am|they are|she is|he is|"
    r"age:|pt is|patient is)\s+(?P<a>\d{2,3})\b(?!\s*(?:%|percent|mg|mcg|ml|lbs?|pounds|kg|dollars|"
    r"minutes|mins?|hours?|days?|weeks?|months?|am\b|pm\b|a\.m|p\.m|:|/|,\d|\.\d|st\b|nd\b|rd\b|th\b)))"
    r"|\b(?P<b>\d{2,3})\s*(?:-\s*)?(?:years?|yrs?)(?:[\s-]*old)\b"
    r"|\b(?P<c>\d{2,3})\s*(?:y/o|yo|y\.o\.)(?!\w)"
    r"|\b(?P<e>\d{2,3})-year-old"
)


def _scan_dates(st: _State) -> None:
    t = st.text
    for m in _DATE.finditer(t):
        g = m.groupdict()
        ok = True
        if g["d1"] is not None:
            ok = 1 <= int(g["d1"]) <= 31
        elif g["d3"] is not None:
            ok = 1 <= int(g["d3"]) <= 31
        elif g["d4"] is not None:
            ok = 1 <= int(g["d4"]) <= 31
        elif g["cy"] is not None or g["pa"] is not None:
            # bare digit forms: a valid month/day that no id cue claims
            if g["pa"] is not None:
                a, b = int(g["pa"]), int(g["pb"])
                ok = 1 <= a <= 12 and 1 <= b <= 31
            ok = ok and _cue_before(st, m.start(), 30) not in _ID_CUE_KINDS
        elif g["d2"] is not None:
            ok = 1 <= int(g["d2"]) <= 31
        elif g["im"] is not None:
            ok = 1 <= int(g["im"]) <= 12 and 1 <= int(g["id"]) <= 31
        elif g["jm"] is not None:
            ok = 1 <= int(g["jm"]) <= 12 and 1 <= int(g["jd"]) <= 31
        elif g["na"] is not None:
            a, b = int(g["na"]), int(g["nb"])
            ok = (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)
        elif g["my"] is not None:
            ok = 1 <= int(g["my"]) <= 12
        elif g["ma"] is not None:
            ok = 1 <= int(g["ma"]) <= 12 and 1 <= int(g["mb"]) <= 31
        if ok and _VERB_MONTH.search(m.group(0)) and not _DATE_PROOF.search(m.group(0)):
            ok = False
        if ok and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.DATE)
    if "-" in t:
        for m in _CUED_MD.finditer(st.f):
            s, e = m.start("m"), m.end("d")
            if 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31 and st.free(s, e):
                st.claim(s, e, Category.DATE)
    this_year = date.today().year
    for m in _BORN.finditer(t):
        if this_year - int(m.group(1)) - 1 > 89 and st.free(m.start(1), m.end(1)):
            st.claim(m.start(1), m.end(1), Category.DATE)


_OLD = re.compile(r"(?<!\d)(?:9\d|1[01]\d|12[0-5])(?!\d)")


def _scan_ages(st: _State) -> None:
    if not _OLD.search(st.text):
        return  # only ages over 89 are identifiers
    for m in _AGE.finditer(st.f):
        name = m.lastgroup or "a"
        n = int(m.group(name))
        s, e = m.start(name), m.end(name)
        if 90 <= n <= 125 and st.free(s, e):
            st.claim(s, e, Category.AGE)


# ----------------------------------------------------------------------------------------------
# addresses, ZIP codes, counties, cities
_STATES = entries("us_states")
STATE_CODES = frozenset(_STATES)
_ST = "(?:" + "|".join(_STATES) + ")"
_SUFFIX = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Circle|Cir|"
    "Terrace|Ter|Trail|Trl|Parkway|Pkwy|Highway|Hwy|Pike|Loop|Route|Rte|Square|Sq|Plaza|Plz|Run|Path|"
    "Walk|Row|Crossing|Xing|Haven|Ranch|Landing|Key|Keys|Ferry|Turnpike|Tpke|Hills?|Groves?|Tunnel|Divide|"
    "Neck|Alley|Aly|Bridge|Brook|Burg|Bypass|Camp|Canyon|Cape|Causeway|Center|Ctr|Cliffs?|Club|Common|"
    "Corners?|Course|Cove|Creek|Crest|Curve|Dale|Dam|Estates?|Expressway|Expy|Extension|Falls|Field|Fields|"
    "Flats?|Ford|Forest|Forge|Fork|Fort|Freeway|Fwy|Gardens?|Gateway|Glen|Green|Harbor|Heights|Hts|Hollow|"
    "Inlet|Island|Isle|Junction|Knolls?|Lake|Lakes|Light|Lock|Lodge|Mall|Manor|Meadows?|Mews|Mill|Mills|"
    "Mission|Mount|Mountain|Orchard|Oval|Overpass|Park|Pass|Passage|Pines?|Plains?|Point|Port|"
    "Prairie|Ridge|River|Shoals?|Shores?|Skyway|Springs?|Spur|Station|Stravenue|Stream|Summit|Trace|"
    "Track|Trafficway|Underpass|Union|Valley|Via|Viaduct|View|Village|Ville|Vista|Wall|Wells?|Circle|"
    "Mnr|Vly|Vlg|Crk|Grv|Hl|Lk|Mt|Rdg|Spg|Sta|Trce"
)
_CITY = r"[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,2}"
_ZIP = r"\d{5}(?:-\d{4})?"
_ADDRESS = re.compile(
    r"(?=\d)(?<![\w-])\d{1,6}(?:-?[A-Z])?\s+(?:(?:[NSEW]\.?|[NS][EW]\.?|North|South|East|West|NORTH|SOUTH|EAST|WEST)\s+)?"
    # up to five name words: "Martin Luther King Jr Avenue"; the suffix in Title or ALL CAPS (OCR)
    r"(?:[A-Z0-9][\w'’.-]*\s+){0,5}(?:" + _SUFFIX + "|" + _SUFFIX.upper() + r")s?\b\.?"
    r"(?:,?\s*(?i:Apt\.?|Apartment|Unit|Suite|Ste\.?|Bldg|Building|Fl(?:oor)?|Rm|Room|Lot|#)\s*#?\s*[\w-]+)?"
    r"(?:(?:,\s*|\s+in\s+)(?!(?:Apt|Unit|Suite|It|I|The|And|But|My|We|Our|You|Thanks|Please|So)\b)"
    + _CITY
    + r")?"
    r"(?:,?\s+" + _ST + r"\b)?(?:,?\s*(?:zip(?:\s*code)?:?\s*)?" + _ZIP + r"(?![\w-]))?"
)
_ZIP_CUE = re.compile(r"\bzip(?:\s*code)?\s*(?:is|:|#)?\s*(" + _ZIP + r")(?![\w-])", re.IGNORECASE)
_STATE_ZIP = re.compile(
    r"(?=[A-Z,])(?:\b" + _ST + r"\.?|,\s*[A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)?),?\s+(" + _ZIP + r")(?![\w-])"
)
_STATE_TAIL = re.compile(r",\s+" + _ST + r"\b(?:(?P<zip>,?\s+" + _ZIP + r")(?![\w-]))?")
_CITY_END = re.compile(r"(?<![\w.])(" + _CITY + r")$")
_PREP_BEFORE = re.compile(r"(?:\b(?:in|from|at|to|near|of|moved|visiting)|[:,])\s*$", re.IGNORECASE)
# Words of at most 40 characters: after every hyphen of "A-A-A..." a candidate starts
_COUNTY = re.compile(r"\b(?:[A-Z][A-Za-z'.-]{1,40}\s+){1,2}(?:County|Parish|Borough|COUNTY|PARISH|BOROUGH)\b")
_COUNTY_WORD = re.compile(r"County|Parish|Borough|COUNTY|PARISH|BOROUGH")
_IN_CITY = re.compile(
    r"\b(?i:lives?|living|located|moved|staying|reside[sd]?|relocated|based)\s+(?i:in|at|to)\s+("
    + _CITY
    + r")"
)
_IN_CITY_VERBS = ("liv", "located", "moved", "staying", "reside", "relocated", "based")  # gate
_CITY_STOP = words("city_stop_words")


# Box addresses ("PO Box 9418", "P.O. Box 12", "RR 2 Box 39") and the city after them
# ("... Box 39 in Yakima", "... Box 12, Bangor", "... Box 12 Fresno CA").
_BOX = re.compile(
    r"(?P<box>\b(?:P\.?\s?O\.?\s?Box|(?:RR|Rural Route)\s?\d{1,3},?\s+Box)\s+#?\d{1,6})"
    r"(?:(?:,\s*|\s+in\s+|\s+)(?-i:(?P<city>[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,2}?))"
    r"(?=,|\.?\s*$|\.\s|\s+[A-Z]{2}\b))?",
    re.IGNORECASE,
)


def _scan_geo(st: _State) -> None:
    t = st.text
    for m in _BOX.finditer(t) if st.f.mentions("box") else ():
        if st.free(m.start("box"), m.end("box")):
            st.claim(m.start("box"), m.end("box"), Category.GEO)
        city = m.group("city")
        if city and city.split()[0].lower() not in _CITY_STOP and st.free(m.start("city"), m.end("city")):
            st.claim(m.start("city"), m.end("city"), Category.GEO)
    for m in _ADDRESS.finditer(t):
        if st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.GEO)
    for rx in (_ZIP_CUE, _STATE_ZIP) if st.f.mentions("zip") else (_STATE_ZIP,):
        for m in rx.finditer(t):
            if st.free(m.start(1), m.end(1)) and digits_of(m.group(1))[-10:] not in st.ctx.business_digits:
                st.claim(m.start(1), m.end(1), Category.GEO)
    for tail in _STATE_TAIL.finditer(t):
        # "Columbus, OH [43215]": find the city words just before the state
        cm = _CITY_END.search(t, max(0, tail.start() - 40), tail.start())
        if cm is None:
            continue
        start = cm.start(1)
        if tail.group("zip") is None and not _PREP_BEFORE.search(t[max(0, start - 12) : start]):
            continue  # "Humana, ID" / "Smith, MD": without a ZIP or a preposition it is no place
        if cm.group(1).split()[0].lower() in _CITY_STOP or t[max(0, start - 4) : start].strip() in (
            "Dr.",
            "Dr",
        ):
            continue
        if st.free(start, tail.end()):
            st.claim(start, tail.end(), Category.GEO)
    if _COUNTY_WORD.search(t):
        for m in _COUNTY.finditer(t):
            if st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.GEO)
    if st.f.mentions(*_IN_CITY_VERBS):
        for m in _IN_CITY.finditer(t):
            if st.free(m.start(1), m.end(1)):
                st.claim(m.start(1), m.end(1), Category.GEO)


# ----------------------------------------------------------------------------------------------
# identifiers attributed by cue words, MBIs and VINs
_ID_TOKEN = re.compile(
    r"(?<![\w@./:$-])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,24}[A-Za-z0-9](?![\w@/-]|\.\w)"
)
_GROUPED_ID = re.compile(r"(?<![\w.-])[A-Za-z]?\d{2,}(?: \d{2,}){1,3}(?![\w-]|\.\d)")
_USERNAME_CUE = re.compile(
    r"\b(?:user\s*name|user\s*id|login|handle)\s*(?:is|was|:|-)?\s*"
    r"([A-Za-z][A-Za-z0-9._-]{2,30}[A-Za-z0-9])(?![\w@/-]|\.\w)",
    re.IGNORECASE,
)
_ID_CATS = {
    "MRN": Category.MRN,
    "HEALTH_PLAN": Category.HEALTH_PLAN,
    "ACCOUNT": Category.ACCOUNT,
    "LICENSE": Category.LICENSE,
    "VEHICLE": Category.VEHICLE,
    "DEVICE": Category.DEVICE,
    "OTHER_ID": Category.OTHER_ID,
}
_CLOCK = re.compile(r"\d{1,4}(?:am|pm|a|p)", re.IGNORECASE)
_NOT_ID_WORDS = words("not_id_words")


def _scan_ids(st: _State) -> None:
    t = st.text
    for m in _ID_TOKEN.finditer(t):
        s, e = m.start(), m.end()
        tok = m.group(0)
        if not st.free(s, e):
            continue
        if len(tok) < 5 and tok.isdigit():
            continue  # years, prices, counts
        if _CLOCK.fullmatch(tok):
            continue  # "10am", "930pm": a time of day
        kind = _cue_before(st, s, 60)
        if kind == "SSN":
            if plausible_ssn(tok) and len(digits_of(tok)) == len(tok.replace("-", "")):
                st.claim(s, e, Category.SSN)
            continue
        if kind in _ID_CATS:
            if kind in ("VEHICLE", "OTHER_ID") or sum(c.isdigit() for c in tok) >= 2:
                st.claim(s, e, _ID_CATS[kind])
            continue
        if kind == "NEG":
            st.claim(s, e, None)
            continue
        if valid_mbi(tok):
            st.claim(s, e, Category.HEALTH_PLAN)
        elif valid_vin(tok):
            st.claim(s, e, Category.VEHICLE)
    # account numbers read in groups ("acct 7037 3916 38"): only right after an id cue
    for m in _GROUPED_ID.finditer(t):
        s, e = m.start(), m.end()
        if st.free(s, e) and len(digits_of(m.group(0))) >= 6:
            kind = _cue_before(st, s, 30)
            if kind in _ID_CATS:
                st.claim(s, e, _ID_CATS[kind])
    # usernames have no digits to anchor on: only right after an explicit cue
    for m in _USERNAME_CUE.finditer(t) if st.f.mentions("user", "login", "handle") else ():
        s, e = m.start(1), m.end(1)
        if m.group(1).lower() not in _NOT_ID_WORDS and st.free(s, e):
            st.claim(s, e, Category.OTHER_ID)


_HAS_DIGIT = re.compile(r"\d")
# Faxes run through OCR read 0 as O and 1 as l or I ("12/11/2O00", "3l3-555-0113"). Only letters
# touching a digit are mapped, one for one, so every offset into the fixed text is an offset into
# the original.
_OCR = re.compile(r"[OlI](?:(?<=\d.)|(?=\d))")  # the class first: the engine skips to O/l/I
_OCR_MAP = {"O": "0", "l": "1", "I": "1"}


def _ocr_digits(text: str) -> str:
    """`text` with O/l/I that touch a digit read as 0/1 (same length: offsets are unchanged)."""
    if not _OCR.search(text):
        return text
    for _ in range(2):  # "2lO0": the second pass reaches letters that touched only letters
        text = _OCR.sub(lambda m: _OCR_MAP[m.group(0)], text)
    return text


def _scan_spoken(st: _State) -> None:
    for s, e, cat in scan_spoken(st.f, st.free):
        if st.free(s, e):
            st.claim(s, e, cat)


def scan_text(f: Folded, ctx: Context, check: Callable[[], None] | None = None) -> tuple[list[Span], Claims]:
    """Run the non-name scanners over `f.text`: (identifier spans, every claimed span).

    `check`, when given, is called between scanners (the caller's deadline: it raises to stop).
    """
    text = f.text
    has_digit = _HAS_DIGIT.search(text) is not None
    fixed = _ocr_digits(text) if has_digit else text
    st = _State(fixed, f if fixed is text else fold(fixed), ctx)
    scanners: list[Callable[[_State], None]] = []
    if "@" in text or f.mentions("at)", "at]"):
        scanners.append(_scan_emails)
    if "/" in text or "www." in text:
        scanners.append(_scan_urls)
    if has_digit:
        scanners += (_scan_cards, _scan_ssn, _scan_dates, _scan_phones, _scan_ips, _scan_ages, _scan_geo)
    else:
        scanners.append(_scan_places)  # every date and street layout has a digit: no scan for them
    scanners += (_scan_spoken, _scan_ids)
    for scanner in scanners:
        if check is not None:
            check()
        scanner(st)
    return st.out, st.claims


def _scan_places(st: _State) -> None:
    """Counties and "lives in <City>": the place scans that need no digit."""
    text = st.text
    if _COUNTY_WORD.search(text):
        for m in _COUNTY.finditer(text):
            st.claim(m.start(), m.end(), Category.GEO)
    if st.f.mentions(*_IN_CITY_VERBS):
        for m in _IN_CITY.finditer(text):
            st.claim(m.start(1), m.end(1), Category.GEO)
