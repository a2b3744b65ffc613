"""Session 23 phones: in a caller's own voicemail or turn, "our number is ..." is the household's
number; a business's voicemail, a caller asking after "your fax", and a unit's line are the
business's."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def _phones(text: str) -> list[str]:
    found = inspect_payload({"transcription_text": text})
    return [text[d.start : d.end] for d in found if d.category in (Category.PHONE, Category.FAX)]


@pytest.mark.parametrize(
    "text",
    ["hi this is marlys halvorson calling about my husband if you need that our number is five oh seven five "
     "five five oh one four two thanks",
     "Agent: clinic\nCaller: sure our number is 507-555-0142 at the farm"],
)  # fmt: skip
def test_our_number_in_a_caller_s_words_is_the_household_s(text: str) -> None:
    assert len(_phones(text)) == 1


@pytest.mark.parametrize(
    "text",
    ["hi this is jenna from bright smile dental please call us back at five oh seven five five five oh one "
     "four two",
     "Agent: clinic\nCaller: is your fax still 507-555-0188?",
     "Agent: clinic\nCaller: this is the hospital our discharge line is 507-555-0198 if you need us"],
)  # fmt: skip
def test_a_business_s_own_line_stays_unreported(text: str) -> None:
    assert _phones(text) == []
