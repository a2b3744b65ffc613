"""Registrable domains: which party a host belongs to (`www.clinic.com` and `mail.clinic.com` are one)."""

from __future__ import annotations

from ctm_hipaa.phi.lexicon import words

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
