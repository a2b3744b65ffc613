"""A custom or form field whose key names one kind of identifier but whose value is not that
identifier alone is read as text, so the identifiers it holds are still found."""

from __future__ import annotations

from typing import Any

import pytest

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.keys import classify


def found(payload: dict[str, Any]) -> list[tuple[int, int, Category]]:
    """(start, end, category) of the identifiers found in a payload."""
    dets = inspect_payload(payload)
    return [(d.start, d.end, d.category) for d in dets if d.category is not Category.HEALTH]


@pytest.mark.parametrize(
    ("payload", "want"),
    [
        # "Preferred contact" reads as a name field; its value is an e-mail or a relative's phone
        (
            {"form": {"custom": [{"name": "Preferred contact", "value": "chaewon.park93@example.com"}]}},
            Category.EMAIL,
        ),
        ({"custom_fields": {"Preferred Contact": "aunt's phone 505-555-0177"}}, Category.PHONE),
    ],
)
def test_a_typed_field_holding_other_text_is_scanned(payload: dict[str, Any], want: Category) -> None:
    assert any(c is want for *_, c in found(payload)), found(payload)


def test_a_typed_field_holding_its_identifier_is_flagged_whole() -> None:
    # near miss: the value is the name alone, flagged as one span
    assert found({"custom_fields": {"Patient Name": "Dana Whitfield"}}) == [(0, 14, Category.NAME)]


def test_a_business_name_in_a_name_field_is_nothing() -> None:
    assert found({"custom_fields": {"Patient Name": "Memorial Health"}}) == []


def test_a_lead_forms_question_names_its_answer() -> None:
    payload = {
        "custom_fields": {
            "fb": {"answers": [{"q": "zip code", "a": "75217"}, {"q": "current weight", "a": "289"}]}
        }
    }
    got = [(d.path, d.category) for d in inspect_payload(payload) if d.category is not Category.HEALTH]
    # the ZIP is flagged; a weight is no identifier
    assert got == [("custom_fields.fb.answers[0].a", Category.GEO)], got


def test_question_and_answer_keys_pair_like_label_and_value() -> None:
    payload = {"form": {"custom": [{"question": "Date of birth", "answer": "4/4/2014"}]}}
    assert found(payload) == [(0, 8, Category.DATE)]


def test_an_a_key_without_its_q_is_no_answer() -> None:
    # near miss: "a" alone is any key; its number value says nothing
    assert found({"custom_fields": {"survey": {"a": "75217", "b": "3"}}}) == []


@pytest.mark.parametrize(("key", "value"), [("pt_first", "Odile"), ("pt_last", "Leblanc")])
def test_pt_is_the_patient_in_a_keys_name(key: str, value: str) -> None:
    assert found({"custom_fields": {key: value}}) == [(0, len(value), Category.NAME)]


def test_a_pt_key_that_names_no_person_part() -> None:
    assert found({"custom_fields": {"pt_status": "Active"}}) == []


@pytest.mark.parametrize(("name", "city"), [("MT PLEASANT SC", "MT PLEASANT"), ("BOSTON MA", "BOSTON")])
def test_a_caller_id_city_copied_into_name_is_a_place(name: str, city: str) -> None:
    assert found({"name": name}) == [(0, len(city), Category.GEO)]


def test_a_name_in_capitals_is_still_a_name() -> None:
    assert found({"name": "DANA WHITFIELD"}) == [(0, 14, Category.NAME)]


@pytest.mark.parametrize(
    "fields",
    [
        {"are_you_on_medicare?": "yes"},  # a closed answer identifies nobody
        {"Member ID": "see card"},  # an id of a plan carries a digit
        {"when_are_you_looking_to_have_surgery?": "within_3_months"},  # a duration, no date
        {"Date of Birth": "unknown"},
    ],
)
def test_a_typed_fields_answer_that_is_no_identifier(fields: dict[str, str]) -> None:
    assert found({"custom_fields": fields}) == []


@pytest.mark.parametrize(
    ("fields", "cat"),
    [
        ({"Member ID": "W123456789"}, Category.HEALTH_PLAN),
        ({"Date of Birth": "May 4"}, Category.DATE),
        ({"dob": "3/4/61"}, Category.DATE),
    ],
)
def test_a_typed_fields_identifier_is_still_found(fields: dict[str, str], cat: Category) -> None:
    assert [c for _, _, c in found({"custom_fields": fields})] == [cat]


@pytest.mark.parametrize("key", ["employee_id", "Student ID", "inmate_number", "badge #"])
def test_a_persons_employee_student_or_inmate_number_field_is_an_id(key: str) -> None:
    assert found({"custom_fields": {"intake": {key: "CA-30718"}}}) == [(0, 8, Category.OTHER_ID)]


@pytest.mark.parametrize("key", ["pesel", "CURP", "cpf", "passport_number", "Cédula"])
def test_another_country_s_national_id_field_is_an_id(key: str) -> None:
    assert found({"custom_fields": {key: "58071204426"}}) == [(0, 11, Category.OTHER_ID)]


def test_a_passport_s_country_or_expiry_is_no_id_field() -> None:
    assert classify(("passport_country",)) is not Category.OTHER_ID
    assert classify(("passport_expiry",)) is not Category.OTHER_ID


def test_an_employer_or_student_field_is_no_id_field() -> None:
    # near misses: the word alone names a thing or a person, not a number
    assert classify(("employer",)) is not Category.OTHER_ID
    assert classify(("student",)) is not Category.OTHER_ID
