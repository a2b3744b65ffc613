"""Session 23 dates: a two-digit year after "the <day> of <month>" (and a hesitation after "of"),
and the other day said right after a date ("may thirtieth or the thirty first"), not a count."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def _dates(text: str) -> list[str]:
    found = inspect_payload({"transcription_text": text})
    return [text[d.start : d.end] for d in found if d.category is Category.DATE]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Caller: my birthday is the nineteenth of may ninety nine", "nineteenth of may ninety nine"),
        ("Agent: dob\nCaller: uh the second of uh december ninety four", "second of uh december ninety four"),
    ],
)
def test_a_day_of_a_month_takes_its_two_digit_year(text: str, want: str) -> None:
    assert want in _dates(text)


def test_a_day_of_a_month_leaves_a_count_after_it() -> None:
    assert _dates("Caller: the 3rd of may 45 minutes early") == ["3rd of may"]


def test_the_other_day_after_a_date_is_a_date() -> None:
    text = "Agent: which day\nCaller: may thirtieth or the thirty first whatever's cheaper"
    assert _dates(text) == ["may thirtieth", "the thirty first"]


def test_a_counted_ordinal_after_a_date_is_no_date() -> None:
    assert _dates("Caller: i was seen march 3rd and the 2nd dose is due") == ["march 3rd"]


def test_a_birth_year_of_someone_over_89_after_dob_and_the_age_after_the_name() -> None:
    text = "Rosalind Achebe called for Walter Szymanski, 94 (DOB 1931), about his CPAP supplies."
    found = {(text[d.start : d.end], d.category) for d in inspect_payload({"summary": text})}
    assert {("94", Category.AGE), ("1931", Category.DATE)} <= found


def test_a_birth_year_of_someone_89_or_younger_is_no_date() -> None:
    assert _dates("Agent: ok\nCaller: her dob 1961 and she is new") == []
