"""The relay's data files (`relay/data/`): which fields may be kept, what a field holds, the small
ZIP areas, the safe words, and the presets.

A data file holds one entry per line; blank lines and lines starting with "#" are comments (each
file opens with a header saying what the list is and where it came from). Only files shipped in
`relay/data` are read, so no caller input reaches a path.
"""

from __future__ import annotations

import fnmatch
from functools import cache
from importlib import resources

from ctm_hipaa.attestations import did_you_mean
from ctm_hipaa.relay.errors import RelayConfigError

_DATA = resources.files(__package__).joinpath("data")
PRESET_SUFFIX = ".yaml"


def _entries(name: str) -> tuple[str, ...]:
    text = _DATA.joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


@cache
def keep_fields() -> frozenset[str]:
    """The dotted paths a policy may `keep`: fields with no identifier by construction."""
    return frozenset(_entries("keep_fields"))


@cache
def _kinds() -> tuple[tuple[str, str], ...]:
    pairs = (entry.partition(":") for entry in _entries("field_kinds"))
    return tuple((pattern.strip(), kind.strip()) for pattern, _, kind in pairs)


def field_kind(name: str) -> str | None:
    """What the field called `name` (a vocabulary name) holds: date, zip, phone, age or email; None
    when its name does not say."""
    return next((kind for pattern, kind in _kinds() if fnmatch.fnmatchcase(name, pattern)), None)


@cache
def small_zip3() -> frozenset[str]:
    """The 3-digit ZIP prefixes of 20,000 people or fewer, which Safe Harbor turns into "000"."""
    return frozenset(_entries("small_zip3"))


@cache
def safe_words() -> frozenset[str]:
    """The words `allow-words` lets through (lower case)."""
    return frozenset(word.casefold() for word in _entries("safe_words"))


@cache
def preset_names() -> tuple[str, ...]:
    """The names of the shipped presets, sorted."""
    presets = _DATA.joinpath("presets")
    return tuple(
        sorted(
            p.name.removesuffix(PRESET_SUFFIX) for p in presets.iterdir() if p.name.endswith(PRESET_SUFFIX)
        )
    )


def preset_text(name: str) -> str:
    """The YAML of the preset `name` (one of `preset_names()`, else `RelayConfigError`)."""
    if name not in preset_names():
        raise RelayConfigError("presets", [unknown_preset(name)])
    return _DATA.joinpath("presets", f"{name}{PRESET_SUFFIX}").read_text(encoding="utf-8")


def unknown_preset(name: str) -> str:
    """The refusal of a preset name that is not one, with the presets and the closest one."""
    hint = did_you_mean(name, preset_names())
    listing = ", ".join(preset_names())
    return f"not a preset (presets: {listing})" + (f"; {hint}" if hint else "")
