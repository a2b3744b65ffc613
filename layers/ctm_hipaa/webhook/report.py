"""Reduce the detector's detections to a PHI-free report: categories, field paths and counts.

Only this report leaves the detector's side of the webhook. It names where PHI flows (which
categories, in which fields) and never what the PHI is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from ctm_hipaa.findings import Severity
from ctm_hipaa.phi import KEY_PLACEHOLDER, Category, Detection, known_field

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
# Identifiers that alert at once, wherever they appear (SSN, MRN, health-plan ids).
CRITICAL_CATEGORIES = frozenset({Category.SSN, Category.MRN, Category.HEALTH_PLAN})
# Where a key may end in a detector path (`f"{path}.{key}"`, `f"{path}[{i}]"`): a dot or a list index.
_BOUNDARY = re.compile(r"\.|\[\d+\]")
_INDEX = re.compile(r"\[\d+\]")
# Deeper than any CTM field: past this many keys and list positions the rest of a path is one
# `<key>`, so that no path (a key of known names joined by dots, a nesting of a thousand levels)
# costs more than this to read or grows a finding towards DynamoDB's item size.
MAX_PATH_PARTS = 32


def generic_path(path: str) -> str:
    """A detector path in the vocabulary's words only: `custom_fields.Member ID` -> `custom_fields.member_id`.

    Every key is either a field name ctm-hipaa knows (`known_field`, spelled canonically), or
    `<key>`: a key a clinic types is free text and may itself be PHI, so nothing of the payload's
    own spelling survives. List positions become `[]` so that the set of paths stays small. Keys
    may contain dots, so a raw path cannot be split into keys for sure: each run between dots and
    list positions is looked up on its own, and a run of unknown ones collapses into one `<key>`
    up to the next known name (or the end). After `MAX_PATH_PARTS` keys and positions, the rest
    is one `<key>`.
    """
    parts: list[str] = []
    read = _generic_parts(path)
    for part in islice(read, MAX_PATH_PARTS):
        if part != KEY_PLACEHOLDER or not parts or parts[-1] != KEY_PLACEHOLDER:
            parts.append(part)
    if next(read, None) is not None and parts[-1] != KEY_PLACEHOLDER:
        parts.append(KEY_PLACEHOLDER)  # the rest of a longer path
    return ".".join(parts).replace(".[]", "[]")


def _generic_parts(path: str) -> Iterator[str]:
    """Each run of `path` between dots and list positions as a known name or `<key>`; `[]` per position."""
    pos, end = 0, len(path)
    while True:
        boundary = _BOUNDARY.search(path, pos)
        stop = boundary.start() if boundary else end
        segment = path[pos:stop]
        yield KEY_PLACEHOLDER if segment == KEY_PLACEHOLDER else known_field(segment) or KEY_PLACEHOLDER
        pos = stop
        while (index := _INDEX.match(path, pos)) is not None:
            yield "[]"
            pos = index.end()
        if pos >= end:
            return
        if path[pos] == ".":
            pos += 1
        # else: text right after `[n]` (a key holding brackets): read on from there as a key


@dataclass(frozen=True)
class PhiReport:
    """What one delivery carried: categories, generic field paths, counts per category."""

    categories: frozenset[str]
    paths: frozenset[str]
    counts: dict[str, int]
    identifiers_in_free_text: bool
    critical: frozenset[str]
    incomplete: bool = False  # the inspection ran out of time: more may have been there

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

        A recording link alone is PHI, but less exposed when playing it needs a CTM login. An
        incomplete inspection is at least high: what it did not read may be anything.
        """
        if self.critical:
            return Severity.CRITICAL
        if (
            self.incomplete
            or self.identifiers_in_free_text
            or (self.has_health and self.identifiers - {Category.BIOMETRIC})
        ):
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
        carried = f"{identifiers}{health} in {len(self.paths)} field(s){where}"
        if self.incomplete:
            return (
                f"A CTM delivery on channel '{channel}' could not be inspected completely within the "
                f"time budget; before it ran out, it was found to carry {carried}."
            )
        return f"CTM deliveries on channel '{channel}' carry {carried}."


def summarize(detections: Iterable[Detection], *, incomplete: bool = False) -> PhiReport:
    """Fold detections into a report; DOB-like dates typed into free text count as critical.

    `incomplete`: the detections are those found before the inspection ran out of time.
    """
    counts: Counter[str] = Counter()
    paths: set[str] = set()
    critical: set[str] = set()
    in_free_text = False
    generic: dict[str, str] = {}  # one delivery repeats its paths (many matches in one field)
    for detection in detections:
        category = detection.category
        counts[category] += 1
        if detection.path not in generic:
            generic[detection.path] = generic_path(detection.path)
        path = generic[detection.path]
        paths.add(path)
        free_text = _root(path) in FREE_TEXT_ROOTS
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
        incomplete=incomplete,
    )


def _root(generic: str) -> str:
    """The top-level field of a generic path (its first name, before any `.` or `[]`)."""
    return generic.split(".", 1)[0].split("[", 1)[0]
