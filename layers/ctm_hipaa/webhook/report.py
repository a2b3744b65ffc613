"""Reduce the detector's detections to a PHI-free report: categories, field paths and counts.

Only this report leaves the detector's side of the webhook. It names where PHI flows (which
categories, in which fields) and never what the PHI is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ctm_hipaa.findings.model import Severity
from ctm_hipaa.phi import Category, Detection

# Fields people type or speak into: an identifier here was not put there by CTM's caller ID.
FREE_TEXT_ROOTS = frozenset(
    {
        "notes",
        "transcription",
        "transcription_text",
        "summary",
        "custom_fields",
        "cvars",
        "form",
        "message_body",
        "chat_messages",
        "spotted",
        "tag_list",
        "sale",
        "inputs",
    }
)
# Identifiers that alert at once, wherever they appear (DESIGN.md: SSN, MRN, health-plan ids).
CRITICAL_CATEGORIES = frozenset({Category.SSN, Category.MRN, Category.HEALTH_PLAN})
_INDEX = re.compile(r"\[\d+\]")
# Clinics name their own custom fields, so a key could itself hold a value ("Dana cell 614..."):
# only plain field names are kept in finding paths.
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_ #/-]{0,47}")
_DIGIT_RUN = re.compile(r"\d{3}")
HIDDEN_KEY = "<key>"


def generic_path(path: str) -> str:
    """`tag_list[3]` -> `tag_list[]`: finding paths name fields, not positions, so their set stays small.

    If any key does not look like a plain field name (too long, an '@', three digits in a row),
    everything below the top-level field becomes `<key>`: a key may contain dots, so nothing
    short of that keeps a value typed into a key name out of a finding.
    """
    generic = _INDEX.sub("[]", path)
    root, _, rest = generic.partition(".")
    names = [segment.replace("[]", "") for segment in generic.split(".")]
    if all(_PLAIN_KEY.fullmatch(name) and not _DIGIT_RUN.search(name) for name in names):
        return generic
    if _PLAIN_KEY.fullmatch(root.replace("[]", "")) and rest:
        return f"{root}.{HIDDEN_KEY}"
    return HIDDEN_KEY


@dataclass(frozen=True)
class PhiReport:
    """What one delivery carried: categories, generic field paths, counts per category."""

    categories: frozenset[str]
    paths: frozenset[str]
    counts: dict[str, int]
    identifiers_in_free_text: bool
    critical: frozenset[str]

    @property
    def has_phi(self) -> bool:
        return bool(self.categories)

    @property
    def has_health(self) -> bool:
        return Category.HEALTH in self.categories

    @property
    def identifiers(self) -> frozenset[str]:
        return self.categories - {Category.HEALTH}

    def severity(self, *, recordings_login_required: bool) -> Severity:
        """Critical identifiers first; identifiers in free text or beside health information next.

        A recording link alone is PHI, but less exposed when playing it needs a CTM login.
        """
        if self.critical:
            return Severity.CRITICAL
        if self.identifiers_in_free_text or (self.has_health and self.identifiers - {Category.BIOMETRIC}):
            return Severity.HIGH
        if self.identifiers - {Category.BIOMETRIC}:
            return Severity.MEDIUM
        if Category.BIOMETRIC in self.identifiers:
            return Severity.LOW if recordings_login_required else Severity.MEDIUM
        return Severity.LOW

    def describe(self, channel: str) -> str:
        """A PHI-free sentence for the finding's detail."""
        identifiers = ", ".join(sorted(self.identifiers)) or "no identifiers"
        health = " with health information" if self.has_health else ""
        where = " including free-text fields" if self.identifiers_in_free_text else ""
        return (
            f"CTM deliveries on channel '{channel}' carry {identifiers}{health} "
            f"in {len(self.paths)} field(s){where}."
        )


def summarize(detections: Iterable[Detection]) -> PhiReport:
    """Fold detections into a report; DOB-like dates typed into free text count as critical."""
    counts: Counter[str] = Counter()
    paths: set[str] = set()
    critical: set[str] = set()
    in_free_text = False
    for detection in detections:
        category = detection.category
        counts[category] += 1
        paths.add(generic_path(detection.path))
        free_text = _root(detection.path) in FREE_TEXT_ROOTS
        if free_text and category is not Category.HEALTH:
            in_free_text = True
        if category in CRITICAL_CATEGORIES or (free_text and category is Category.DATE):
            critical.add(category)
    return PhiReport(
        categories=frozenset(counts),
        paths=frozenset(paths),
        counts=dict(counts),
        identifiers_in_free_text=in_free_text,
        critical=frozenset(critical),
    )


def _root(path: str) -> str:
    end = len(path)
    for separator in (".", "["):
        index = path.find(separator)
        if index != -1:
            end = min(end, index)
    return path[:end]
