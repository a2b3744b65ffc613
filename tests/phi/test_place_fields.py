"""Place fields written into a text (scanners/fields.py): a pasted form, a query string or a JSON
blob whose key names a place finer than a state makes its value a place, common word or not."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def geo(text: str) -> list[str]:
    return [text[d.start : d.end] for d in inspect_payload({"notes": text}) if d.category is Category.GEO]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("city: Hope | state: AR", ["Hope"]),  # a common word, and the state no identifier
        ("town=Liberty&county=Clay&state=MO", ["Liberty", "Clay"]),
        ("prev_city: Mogadishu; prev_country: Somalia; current_city: Columbus", ["Mogadishu", "Columbus"]),
        ("birth_city=Puebla&birth_country=MX", ["Puebla"]),  # a place of birth, not a date
        ('{"patient_city":"Orange","state":"CA"}', ["Orange"]),
        ("neighborhood=Little Haiti&clinic_city=Miami Gardens", ["Little Haiti"]),  # not the clinic's
        ("Travel history: destination_city=Da Nang; return_date=2026-11-20", ["Da Nang"]),
        ("Where do you live? (city): Grand Forks", ["Grand Forks"]),
        ("Preferred location: Main Street office | Home city: Spearfish", ["Spearfish"]),
        ("street: Lafayette ; street_type: Ave", ["Lafayette"]),  # the street's type is none
    ],
)
def test_a_place_field_in_a_text_is_a_place(text: str, places: list[str]) -> None:
    assert sorted(geo(text)) == sorted(places)


@pytest.mark.parametrize(
    "text",
    [
        "we moved to the city: it was loud",  # prose, no field
        "city: n/a | state: TX",  # an empty answer
        "clinic_city=Mesa&office_zip_type=main",  # the practice's own
        "Pt said the town hall is closed: call back",
    ],
)
def test_no_place_field(text: str) -> None:
    assert geo(text) == []
