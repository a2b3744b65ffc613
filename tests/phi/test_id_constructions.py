"""Identifiers written in the layouts of front-desk notes: an age after a name and a bracket of
what else the note says of the person, and shorthand that only looks like an id. Each with a near
miss."""

from __future__ import annotations

import pytest
from tests.phi.notes_support import found

from ctm_hipaa.phi import Category


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("help for pt Evangeline Guidry (Vangie), 93, end-stage Alzheimer's.", "93"),
        ("Dtr called for dad Alcide Broussard (DOB 4/1/29), 97, CHF, in and out", "97"),
        ("mother Jung Malsoon (95) who lives alone", "95"),
    ],
)
def test_an_old_age_after_a_name_and_a_bracket(text: str, age: str) -> None:
    assert (age, Category.AGE) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "pt Evangeline Guidry (Vangie), 45, knee pain",  # an age under 90 is no identifier
        "pt Evangeline Guidry (Vangie) 93 days since the last visit",  # no comma: a count
    ],
)
def test_no_age_after_a_name(text: str) -> None:
    assert not any(c is Category.AGE for _, c in found(text)), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "MRN MHC-7730192\nG2P1 at 31wks, seen in triage 11/29",  # gravida/para and weeks of pregnancy
        "Orders: PT/OT eval, SN for foley care q30d, HHA 2x/wk",  # a dosing interval
    ],
)
def test_clinical_shorthand_after_an_id_cue_is_no_id(text: str) -> None:
    got = found(text)
    assert not [t for t, _ in got if t in ("G2P1", "31wks", "q30d")], got


def test_an_id_that_opens_like_shorthand_still_is_one() -> None:
    assert ("G2P1004417", Category.MRN) in found("MRN G2P1004417 on file")


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("Speaker 1: 2016 F-150, plate NLK 4829, Texas.", "NLK 4829"),
        ("VIN 3TMLB5JN4PM051274, plate RCB 0922 AZ. Claim with USAA", "RCB 0922"),  # then its state
        ("window replacement 2016 Honda CR-V plate ME 4471 RX, VIN 5J6RM4H71GL028813", "ME 4471 RX"),
        ("license plate: 7 ABC 123", "7 ABC 123"),
    ],
)
def test_a_plate_written_in_groups_after_its_cue(text: str, plate: str) -> None:
    assert (plate, Category.VEHICLE) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "the plate in his ankle is 12 cm and has 6 screws",
        "a plate of 2 eggs and toast",
        "Plate 3 of the X-ray series",
    ],
)
def test_groups_after_plate_that_are_no_plate(text: str) -> None:
    assert not any(c is Category.VEHICLE for _, c in found(text)), found(text)
