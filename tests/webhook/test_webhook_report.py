"""The PHI report names fields only in the vocabulary's words: a key a clinic typed never comes out."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctm_hipaa.findings.model import Severity
from ctm_hipaa.phi import KEY_PLACEHOLDER, Category, Detection
from ctm_hipaa.phi.vocabulary import field_names
from ctm_hipaa.webhook.report import FREE_TEXT_ROOTS, MAX_PATH_PARTS, generic_path, summarize

GENERIC_SHAPE = re.compile(r"[^.\[\]]+(\[\])*(\.[^.\[\]]+(\[\])*)*")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tag_list[3]", "tag_list[]"),
        ("form.custom[0].value", "form.custom[].value"),
        ("custom_fields.Preferred Clinic", "custom_fields.preferred_clinic"),
        ("custom_fields.Member ID", "custom_fields.member_id"),
        ("custom_fields.memberId", "custom_fields.member_id"),
        ("custom_fields.date_of_birth", "custom_fields.date_of_birth"),
        ("custom_fields.Zyxwv Qqqplm", "custom_fields.<key>"),
        ("custom_fields.SSN 21 90 99 99 9", "custom_fields.<key>"),
        ("custom_fields.dana.w@example.net", "custom_fields.<key>"),
        ("custom_fields.Dana cell 614-555-0142", "custom_fields.<key>"),
        ("custom_fields.notes for 219099999[2]", "custom_fields.<key>[]"),
        ("custom_fields.Zyxwv.Qqqplm.ssn", "custom_fields.<key>.ssn"),
        ("custom_fields.first.name", "custom_fields.<key>.name"),  # a dotted key is read as several
        ("custom_fields.<key>", "custom_fields.<key>"),
        ("custom_fields.", "custom_fields.<key>"),
        ("form.custom[2].Zyxwv Qqqplm", "form.custom[].<key>"),
        ("chat_messages[0].Zyxwv Qqqplm[1].body", "chat_messages[].<key>[].body"),
        ("Dana cell 614-555-0142", "<key>"),
        ("Zyxwv.Qqqplm[0]", "<key>[]"),
        ("", "<key>"),
        ("cvars." + "x" * 60, "cvars.<key>"),
        ("cvars." + ".".join(["member_id"] * 20), "cvars" + ".member_id" * 20),
    ],
)
def test_paths_name_fields_not_positions_nor_values(path: str, expected: str) -> None:
    assert generic_path(path) == expected


@settings(max_examples=300, deadline=None, database=None)
@given(
    segments=st.lists(
        st.one_of(st.sampled_from(sorted(field_names())), st.text(max_size=20)), min_size=1, max_size=6
    ),
    indices=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_a_generic_path_is_only_vocabulary_names_placeholders_and_brackets(
    segments: list[str], indices: list[bool]
) -> None:
    path = ""
    for n, segment in enumerate(segments):
        path = f"{path}.{segment}" if path else segment
        if indices[n]:
            path += f"[{n}]"

    generic = generic_path(path)

    assert GENERIC_SHAPE.fullmatch(generic), (path, generic)
    names = generic.replace("[]", "").split(".")
    assert all(name == KEY_PLACEHOLDER or name in field_names() for name in names), (path, generic)


@pytest.mark.parametrize(
    "path",
    [
        ".".join(["member_id"] * 100_000),  # a key of known names joined by dots
        "form" + "[0]" * 100_000,  # a nesting far deeper than any CTM field
        "a." * 250_000,
        "custom_fields.member_id." + "Zyxwv Qqqplm." * 40_000 + "ssn",
    ],
)
def test_a_path_of_any_length_gives_a_short_generic_path(path: str) -> None:
    generic = generic_path(path)

    assert generic.endswith(KEY_PLACEHOLDER)
    assert generic.count(".") + generic.count("[]") <= MAX_PATH_PARTS + 1
    assert generic_path(".".join(["member_id"] * MAX_PATH_PARTS)) == ".".join(["member_id"] * MAX_PATH_PARTS)


def test_free_text_roots_are_vocabulary_names_and_classify_generic_paths() -> None:
    assert field_names() >= FREE_TEXT_ROOTS
    report = summarize(
        [
            Detection("custom_fields.Zyxwv Qqqplm", 0, 11, Category.PHONE),
            Detection("Custom Fields.dob", 0, 10, Category.DATE),
        ]
    )
    assert report.paths == frozenset({"custom_fields.<key>", "custom_fields.dob"})
    assert report.identifiers_in_free_text and report.critical == frozenset({Category.DATE})
    top_level = summarize([Detection("Zyxwv Qqqplm", 0, 12, Category.PHONE)])
    assert top_level.paths == frozenset({KEY_PLACEHOLDER}) and not top_level.identifiers_in_free_text


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


def test_an_incomplete_inspection_is_at_least_high_and_says_so() -> None:
    nothing = summarize([], incomplete=True)
    phone = summarize([Detection("caller_number", 0, 12, Category.PHONE)], incomplete=True)
    ssn = summarize([Detection("notes", 0, 11, Category.SSN)], incomplete=True)

    assert not nothing.has_phi and nothing.incomplete
    assert nothing.severity(recordings_login_required=True) is Severity.HIGH
    assert phone.severity(recordings_login_required=True) is Severity.HIGH
    assert ssn.severity(recordings_login_required=True) is Severity.CRITICAL
    assert "could not be inspected completely" in nothing.describe("end")
    assert "could not be inspected completely" not in summarize([]).describe("end")
