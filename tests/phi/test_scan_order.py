"""The scanners run in one documented order: an earlier scanner's claim decides what a span is."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def notes(text: str) -> list[tuple[str, Category]]:
    found = [(d.start, text[d.start : d.end], d.category) for d in inspect_payload({"notes": text})]
    return [(t, c) for _, t, c in sorted(found) if c is not Category.HEALTH]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the age scan, which runs first, leaves a number a street's name follows to the address
        # scan: "is 92 Main Street" is a house number ("my address is 92 Main Street")
        ("she is 92 Main Street", [("92 Main Street", Category.GEO)]),
        # a formatted phone is the phone scanner's before the cue-attributed id scan runs
        ("member 614-555-0142", [("614-555-0142", Category.PHONE)]),
        # the ZIP after the state is the address scan's; the cued number before it stays an MRN
        (
            "mrn 43215 Columbus, OH 43215",
            [("43215", Category.MRN), ("Columbus", Category.GEO), ("43215", Category.GEO)],
        ),
    ],
)
def test_an_earlier_scanner_claims_the_span_a_later_one_would_misread(
    text: str, expected: list[tuple[str, Category]]
) -> None:
    assert notes(text) == expected
