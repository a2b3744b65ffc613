"""The field-name vocabulary: the only names a finding path may show."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi.vocabulary import MAX_KEY_LENGTH, canonical, field_names, known_field


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("Member ID", "member_id"),
        ("memberId", "member_id"),
        ("member-id", "member_id"),
        ("insuranceMemberID", "insurance_member_id"),
        ("DOB", "dob"),
        ("Date of Birth", "date_of_birth"),
        ("caller_number_bare", "caller_number_bare"),
        ("Teléfono", None),
    ],
)
def test_spellings_of_a_known_field_map_to_its_one_name(key: str, name: str | None) -> None:
    assert known_field(key) == name


@pytest.mark.parametrize("key", ["Zyxwv Qqqplm", "SSN 21 90 99 99 9", "Dana cell 614 555 0142", "x" * 200])
def test_keys_that_are_not_field_names_are_unknown(key: str) -> None:
    assert known_field(key) is None


def test_every_entry_is_written_in_canonical_form_and_short() -> None:
    names = field_names()
    assert len(names) > 200
    assert all(canonical(name) == name and len(name) <= MAX_KEY_LENGTH for name in names)
