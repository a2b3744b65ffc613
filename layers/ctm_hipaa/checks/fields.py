"""Which CTM call fields are PHI when they leave CTM (notifications, exports, trigger actions).

This is CTM's own checklist item 4 turned into data: recordings (unless a login is required to
play them), transcriptions, name, phone number, email, call notes, and any other PHI field (tags,
custom fields), plus the address and visitor fields CTM's redaction removes (ctm-api.md 5).
Details name the category ("phone number"), never a field's value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ctm_hipaa.attestations import Attested

RECORDING = "recording"

_CATEGORIES: dict[str, tuple[str, ...]] = {
    "caller name": (
        "name",
        "cnam",
        "caller_name",
        "first_name",
        "last_name",
        "full_name",
        "contact_name",
        "extended_lookup",
    ),
    "phone number": (
        "caller_number",
        "caller_number_format",
        "caller_number_complete",
        "caller_number_bare",
        "caller_number_split",
        "alternative_number",
        "contact_number",
        "phone",
        "phone_number",
        "caller_id",
        "number_to_call",
    ),
    "email address": ("email", "emails", "caller_email"),
    "call notes": ("notes", "note", "call_notes"),
    "transcription": ("transcription", "transcription_text", "transcript", "summary", "spotted"),
    RECORDING: ("audio", "recording", "recording_url", "recordings", "voicemail"),
    "tags": ("tag_list", "tags"),
    "custom fields": ("custom_fields", "cvars", "custom"),
    "address": ("street", "city", "postal_code", "zip", "zipcode", "address", "latitude", "longitude", "geo"),
    "form data": ("form",),
    "message text": ("message_body", "chat_messages", "message"),
    "visitor IP address": ("visitor_ip",),
}
_BY_FIELD = {field: category for category, fields in _CATEGORIES.items() for field in fields}


def normalize_field(name: str) -> str:
    """Lower-case a field name and spell separators as CTM's API names do (underscores)."""
    return "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())


def phi_category(name: str) -> str | None:
    """The PHI category of a call field name, or None when the field is not PHI.

    Nested names count by their top-level field (``custom_fields.dob`` is a custom field), and
    every ``caller_number*`` variant is a phone number.
    """
    field = normalize_field(name)
    top = field.split(".", 1)[0].split("[", 1)[0]
    if top in _BY_FIELD:
        return _BY_FIELD[top]
    if top.startswith("caller_number"):
        return "phone number"
    return None


@dataclass(frozen=True)
class FieldJudgement:
    """What a set of fields sent off CTM amounts to."""

    phi: tuple[str, ...]  # PHI categories that count, sorted
    recording_undetermined: bool  # recordings are sent and whether a login guards them is unknown

    @property
    def clean(self) -> bool:
        """True when nothing sent is PHI and nothing is undetermined."""
        return not self.phi and not self.recording_undetermined


def judge_fields(fields: Iterable[str], login_required: Attested[bool]) -> FieldJudgement:
    """Classify fields sent off CTM. A recording counts as PHI unless a login is validly attested
    as required to play it (checklist item 4); without valid evidence it is undetermined."""
    categories = {c for c in (phi_category(f) for f in fields) if c is not None}
    undetermined = False
    if RECORDING in categories:
        login = login_required.evidence()  # None: no valid evidence either way
        if login is not False:  # behind a login it is no PHI; unproven, it is reported apart
            categories.discard(RECORDING)
        undetermined = login is None
    return FieldJudgement(phi=tuple(sorted(categories)), recording_undetermined=undetermined)


def listing(items: Iterable[str]) -> str:
    """`a, b and c`: a readable list for details."""
    values = list(items)
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]
