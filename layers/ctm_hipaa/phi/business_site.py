"""What a business's own web address says it is.

A CTM record carries the business's own domains: its landing page's host, its web visit's host, its
agents' mailbox domain (phi/detector.py's Context.clinic_domains). A business names itself in them
as it does in a greeting: `castilloburkelaw.example.com`, `coolbreezehvac.com`,
`oakridgeacademy.org`. When they name a trade and no health care (data/site_business_words.txt),
the record is a trade's: its health words are about a case, a furnace or a pupil, and HIPAA does
not reach them. The parts are read inside the domain's first label with its hyphens dropped: a few
hundred substring searches of a name of at most 63 characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from ctm_hipaa.phi.lexicon import entries

_PARTS = [e.partition(": ")[::2] for e in entries("site_business_words")]
_TRADE = tuple(part for kind, part in _PARTS if kind == "TRADE")
_HEALTH = tuple(part for kind, part in _PARTS if kind == "HEALTH")


def _found(name: str, parts: tuple[str, ...]) -> list[tuple[int, int]]:
    """Every place in `name` where one of `parts` is, as (start, end)."""
    out = []
    for part in parts:
        at = name.find(part)
        while at >= 0:
            out.append((at, at + len(part)))
            at = name.find(part, at + 1)
    return out


def _outside(spans: list[tuple[int, int]], others: list[tuple[int, int]]) -> bool:
    """True when one of `spans` lies inside none of `others` ("pain" lies inside "painting")."""
    return any(not any(s >= o_s and e <= o_e for o_s, o_e in others) for s, e in spans)


def names_a_trade_site(domains: Iterable[str]) -> bool:
    """True when one of the business's registrable `domains` names a trade and none names health
    care ("castilloburkelaw.example.com"; not "lawrenceortho.com", nor a law firm's domain beside a
    clinic's)."""
    trade = False
    for domain in domains:
        name = domain.partition(".")[0].replace("-", "")
        trades, health = _found(name, _TRADE), _found(name, _HEALTH)
        if _outside(health, trades):
            return False
        trade = trade or _outside(trades, health)
    return trade
