"""What the detector finds in a CTM note, for the tests that read one field at a time."""

from __future__ import annotations

from ctm_hipaa.phi import Category, inspect_payload


def found(text: str) -> list[tuple[str, Category]]:
    """(text, category) of the identifiers found in a `notes` field."""
    return [
        (text[d.start : d.end], d.category)
        for d in inspect_payload({"notes": text})
        if d.category is not Category.HEALTH
    ]
