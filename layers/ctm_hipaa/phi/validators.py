"""Check-digit and format validators (SSN, Luhn, VIN, MBI, phone, IP, calendar dates): pure functions,
no regex state."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from datetime import date
from typing import Any

_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_MBI_ALPHA = frozenset("ACDEFGHJKMNPQRTUVWXY")  # MBI letters exclude S, L, O, I, B, Z


def digits_of(text: str) -> str:
    """The decimal digits of `text`, in order."""
    return "".join(c for c in text if c.isdigit())


def valid_ssn(text: str) -> bool:
    """SSA rules: 9 digits, area not 000/666/9xx, group not 00, serial not 0000."""
    d = digits_of(text)
    if len(d) != 9:
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def plausible_ssn(text: str) -> bool:
    """9 digits with no all-zero group: what a caller reads out as an SSN (or ITIN) after a cue."""
    d = digits_of(text)
    return len(d) == 9 and d[:3] != "000" and d[3:5] != "00" and d[5:] != "0000"


def luhn_ok(text: str) -> bool:
    """Luhn (mod 10) check over the digits of `text` (card numbers)."""
    d = digits_of(text)
    if not d:
        return False
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = ord(ch) - 48
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def valid_vin(text: str) -> bool:
    """A 17-character VIN (no I, O, Q) whose 9th character is the ISO 3779 check digit."""
    v = text.upper()
    if len(v) != 17 or not v.isalnum():
        return False
    try:
        total = sum(_VIN_VALUES[c] * w for c, w in zip(v, _VIN_WEIGHTS, strict=True))
    except KeyError:
        return False
    r = total % 11
    return v[8] == ("X" if r == 10 else str(r))


def _mbi_first(c: str) -> bool:
    return c.isdigit() and c != "0"


def _mbi_alpha(c: str) -> bool:
    return c in _MBI_ALPHA


def _mbi_alnum(c: str) -> bool:
    return c.isdigit() or c in _MBI_ALPHA


def valid_mbi(text: str) -> bool:
    """Medicare Beneficiary Identifier: 11 chars, pattern C A AN N A AN N A A N N."""
    v = text.upper()
    if len(v) != 11 or not v.isalnum():
        return False
    checks: tuple[Callable[[str], bool], ...] = (
        _mbi_first,
        _mbi_alpha,
        _mbi_alnum,
        str.isdigit,
        _mbi_alpha,
        _mbi_alnum,
        str.isdigit,
        _mbi_alpha,
        _mbi_alpha,
        str.isdigit,
        str.isdigit,
    )
    return all(f(c) for f, c in zip(checks, v, strict=True))


def valid_ip(text: str) -> bool:
    """True for a syntactically valid IPv4 or IPv6 address."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


_pn: Any = None


def valid_phone(text: str) -> bool:
    """A phone number libphonenumber accepts (US default region); '+' numbers may be merely possible.

    phonenumbers is imported on first use so that importing the detector stays cheap.
    """
    global _pn
    if _pn is None:
        import phonenumbers

        _pn = phonenumbers
    try:
        num = _pn.parse(text, "US")
    except Exception:  # phonenumbers raises NumberParseException for junk
        return False
    if _pn.is_valid_number(num):
        return True
    # Explicit international numbers: new ranges are missing from older metadata, so accept a
    # possible number rather than miss a caller's phone.
    return text.lstrip().startswith("+") and num.country_code != 1 and bool(_pn.is_possible_number(num))


def real_date(month: int, day: int, year: int | None = None) -> bool:
    """True when the calendar has this day ("Feb 31" is no date; Feb 29 only in a leap year)."""
    try:
        date(year if year else 2000, month, day)  # no year: 2000, a leap year, allows Feb 29
    except ValueError:
        return False
    return True
