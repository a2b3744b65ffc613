"""Session 23 form answers: "no" or "none" to a health question is health information still (a
clinician reads "blood thinners: no"); an answer that says nothing ("n/a") is none, and so is any
answer to a question about no health matter."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def _found(fields: dict[str, str]) -> list[tuple[str, Category]]:
    return [(d.path, d.category) for d in inspect_payload({"custom_fields": fields})]


@pytest.mark.parametrize(
    ("key", "answer"), [("blood_thinners", "no"), ("Allergies", "none"), ("alergias", "ninguna")]
)
def test_a_no_to_a_health_question_is_health(key: str, answer: str) -> None:
    assert _found({key: answer}) == [(f"custom_fields.{key}", Category.HEALTH)]


@pytest.mark.parametrize(
    ("key", "answer"), [("blood_thinners", "n/a"), ("Allergies", "-"), ("sms_consent", "no")]
)
def test_an_empty_answer_or_a_question_of_no_health_is_none(key: str, answer: str) -> None:
    assert _found({key: answer}) == []
