"""Session 23 message forms: an answering service's "PATIENT" and "CALLER" fields open with the
person's name (and an age over 89 after it); in a text written in capitals, words and health terms
are no part of a name ("PT ADMITTED TODAY", "HX KIDNEY STONE")."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def _found(fields: dict[str, str]) -> set[tuple[str, str, Category]]:
    out = set()
    for d in inspect_payload({"custom_fields": fields}):
        key = d.path.rsplit(".", 1)[1]
        out.add((key, fields[key][d.start : d.end], d.category))
    return out


@pytest.mark.parametrize(
    ("key", "value", "name"),
    [
        ("patient", "KVAM RUSSELL", "KVAM RUSSELL"),
        ("patient", "O'BRYAN, LEONARD 90YO", "O'BRYAN, LEONARD"),
        ("caller", "AMBER (GRANDDTR)", "AMBER"),
        ("patient", "THIELEN ROSEMARY MRN 00441829", "THIELEN ROSEMARY"),
        ("patient", "ROSENAU ELAINE HH4419", "ROSENAU ELAINE"),
    ],
)
def test_a_form_s_person_field_opens_with_the_name(key: str, value: str, name: str) -> None:
    assert (key, name, Category.NAME) in _found({key: value})


def test_an_age_over_89_after_the_name_is_an_age() -> None:
    assert ("patient", "91", Category.AGE) in _found({"patient": "VOGEL CLARENCE 91"})


@pytest.mark.parametrize(
    ("key", "value"), [("caller", "MOM"), ("patient", "new"), ("Patient", "Rosie (feline, 9y)")]
)
def test_a_relative_a_word_or_a_pet_in_a_person_field_is_no_name(key: str, value: str) -> None:
    assert not any(cat is Category.NAME for _, _, cat in _found({key: value}))


@pytest.mark.parametrize(
    "reason",
    ["FAMILY WANTS UPDATE, PT ADMITTED TODAY HAND INJURY", "PULLED FOLEY, SOME BLEEDING",
     "L FLANK PAIN + VOMITING HX KIDNEY STONE", "NEXT BUS DAY LAB"],
)  # fmt: skip
def test_words_written_in_capitals_are_no_names(reason: str) -> None:
    assert not any(cat is Category.NAME for _, _, cat in _found({"reason": reason}))


def test_names_written_in_capitals_stay_names() -> None:
    found = _found({"notes": "CB DAUGHTER AMBER 507-555-0114 RE N. SUAREZ LVM"})
    assert ("notes", "AMBER", Category.NAME) in found
    assert any(text.startswith("N. SUAREZ") for _, text, cat in found if cat is Category.NAME)


@pytest.mark.parametrize("value", ["unknown", "WIRELESS CALLER", "Memorial Health"])
def test_no_one_s_name_in_a_caller_field_is_no_name(value: str) -> None:
    assert not any(cat is Category.NAME for _, _, cat in _found({"caller": value}))
