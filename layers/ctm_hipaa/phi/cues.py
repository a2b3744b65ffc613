"""Cue words before a number: which kind of identifier it is ("MRN", "member ID", "SSN", "phone")
or that it is none (order, invoice, claim, NPI: a negative cue claims a number without reporting it).

Only a short window before a candidate is searched, and a clause boundary stops a cue.
"""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.fold import CuePattern

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


def cue_before(st: ScanState, pos: int, window: int) -> str | None:
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


# Cue kinds that make a number an id (or nothing): a date or phone scanner leaves such a number alone.
ID_CUE_KINDS = frozenset(("NEG", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "DEVICE", "OTHER_ID", "SSN"))
