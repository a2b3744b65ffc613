"""`did you mean "Advanced"?`: the one helper every refusal of an unknown value or field uses."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """``did you mean "Advanced"?`` for the choice closest to `value` (case and separators aside),
    or None when none is at least `cutoff` alike (difflib's ratio). Only a choice is quoted, never
    `value`: it may be free text."""
    by_key = {_key(choice): choice for choice in choices}
    close = difflib.get_close_matches(_key(value), list(by_key), n=1, cutoff=cutoff)
    return f'did you mean "{by_key[close[0]]}"?' if close else None


def refusal(what: str, value: str, choices: Iterable[str]) -> str:
    """`what` followed by the suggestion for `value` when there is one, e.g. ``unknown field; did
    you mean "plan"?``."""
    suggestion = did_you_mean(value, choices)
    return f"{what}; {suggestion}" if suggestion else what


def matching(value: str, choices: Iterable[str]) -> str | None:
    """The choice `value` names, case, spaces, `_` and `-` aside (`contact_center` is "Contact
    Center"), or None."""
    return {_key(choice): choice for choice in choices}.get(_key(value))


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())
