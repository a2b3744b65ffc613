"""The PHI report keeps field names, never values, even where a clinic typed a value into a key."""

from __future__ import annotations

import pytest

from ctm_hipaa.findings.model import Severity
from ctm_hipaa.phi import Category, Detection
from ctm_hipaa.webhook.report import generic_path, summarize


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tag_list[3]", "tag_list[]"),
        ("form.custom[0].value", "form.custom[].value"),
        ("custom_fields.Preferred Clinic", "custom_fields.Preferred Clinic"),
        ("custom_fields.date_of_birth", "custom_fields.date_of_birth"),
        ("custom_fields.dana.w@example.net", "custom_fields.<key>"),
        ("custom_fields.Dana cell 614-555-0142", "custom_fields.<key>"),
        ("custom_fields.notes for 219099999[2]", "custom_fields.<key>"),
        ("Dana cell 614-555-0142", "<key>"),
        ("cvars." + "x" * 60, "cvars.<key>"),
    ],
)
def test_paths_name_fields_not_positions_nor_values(path: str, expected: str) -> None:
    assert generic_path(path) == expected


def test_severity_rises_for_free_text_and_for_health_next_to_identifiers() -> None:
    structured = summarize([Detection("caller_number", 0, 12, Category.PHONE)])
    in_notes = summarize([Detection("notes", 4, 16, Category.PHONE)])
    with_health = summarize(
        [Detection("name", 0, 5, Category.NAME), Detection("notes", 0, 9, Category.HEALTH)]
    )
    dob_in_text = summarize([Detection("transcription_text", 30, 40, Category.DATE)])

    assert structured.severity(recordings_login_required=False) is Severity.MEDIUM
    assert in_notes.severity(recordings_login_required=False) is Severity.HIGH
    assert with_health.severity(recordings_login_required=False) is Severity.HIGH
    assert dob_in_text.severity(recordings_login_required=False) is Severity.CRITICAL
    assert dob_in_text.critical == frozenset({Category.DATE})


def test_a_recording_alone_is_less_severe_when_playing_it_needs_a_login() -> None:
    audio = summarize([Detection("audio", 0, 80, Category.BIOMETRIC)])
    assert audio.severity(recordings_login_required=True) is Severity.LOW
    assert audio.severity(recordings_login_required=False) is Severity.MEDIUM
