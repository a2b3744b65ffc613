"""Cue words before a number: which kind of identifier it is ("MRN", "member ID", "SSN", "phone")
or that it is none (order, invoice, claim, NPI: a negative cue claims a number without reporting it).

Only a short window before a candidate is searched, and a clause boundary stops a cue.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ctm_hipaa.phi.fold import CuePattern
from ctm_hipaa.phi.lexicon import alternation, keyed_alternations

if TYPE_CHECKING:  # claims reads speaker turns, whose questions use CUE
    from ctm_hipaa.phi.claims import ScanState


def id_cue_alternations(name: str) -> dict[str, str]:
    """`data/<name>.txt`'s cue alternatives by kind, every insurer of insurance_carriers.txt a
    HEALTH_PLAN cue among them ("Aetna W123...", "it's ambetter, member u seven seven ...")."""
    alts = keyed_alternations(name)
    alts["HEALTH_PLAN"] += "|" + alternation("insurance_carriers")
    return alts


_CUE_SRC = id_cue_alternations("number_cues")
# One group per kind, named by it: the turn questions (turns.py) ask with these cues too
CUE = CuePattern(r"(?<![\w])(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _CUE_SRC.items()) + r")(?![a-z])")
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
    for m in CUE.finditer(st.f, max(0, pos - window), pos):
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
