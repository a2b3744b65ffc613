"""E-mail addresses, also with the "@" written out; the practice's own mailboxes claimed unreported."""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.domains import registrable
from ctm_hipaa.phi.lexicon import words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_ROLE_MAILBOXES = words("role_mailboxes")
_FREEMAIL = words("freemail_providers")


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


def scan(st: ScanState) -> None:
    """Claim every e-mail address; report those that are not the practice's own mailboxes."""
    at_forms = _EMAIL_AT.finditer(st.text) if st.f.mentions("at)", "at]") or " @ " in st.text else ()
    for m in (*_EMAIL.finditer(st.text), *at_forms):
        dom = registrable(m.group(1))
        local = m.group(0).split("@", 1)[0].lower()
        clinic = dom in st.ctx.clinic_domains or (
            is_role_mailbox(local) and dom.split(".")[0] not in _FREEMAIL
        )
        st.claim(m.start(), m.end(), None if clinic else Category.EMAIL)


def _wants(st: ScanState) -> bool:
    return "@" in st.text or st.f.mentions("at)", "at]")


SCANNER = Scanner("email", _wants, scan)
