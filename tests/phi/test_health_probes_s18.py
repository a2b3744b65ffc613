"""Session 18 health probes: named clinic procedures and shorthand a lexicon word or phrase carries
alone (aesthetic procedures, lab shorthand, eye and nail conditions), with near-misses that use the
same-looking words for things (a tree's fungus, drywall filler). Round 1 (30 lay texts) was all
found before any change; round 2 found 26/30 texts and 5/13 tags before, 29/30 and 13/13 after.
"""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def _health(payload: dict[str, object]) -> bool:
    return any(d.category is Category.HEALTH for d in inspect_payload(payload))


@pytest.mark.parametrize(
    "text",
    [
        "i'd like to book a hydrafacial and ask about microneedling",
        "Caller asked about pricing for coolsculpting on her stomach and flanks.",
        "speaker 1: he has toenail fungus and his nails are really thick",
        "interested in a tummy tuck and lipo, maybe a mommy makeover package",
        "he had a retinal detachment repaired last week",
    ],
)
def test_named_procedures_and_conditions_are_health(text: str) -> None:
    assert _health({"notes": text})


@pytest.mark.parametrize(
    "tag", ["hydrafacial", "coolsculpting", "BBL consult", "TRT consult", "home draw", "anticoag", "dry eye",
            "hyperbaric referral"],
)  # fmt: skip
def test_procedure_tags_are_health(tag: str) -> None:
    assert _health({"tag_list": [tag]})


@pytest.mark.parametrize(
    "text",
    [
        "the tree surgeon said the oak has a fungus and needs to come down",
        "can you replace the lenses on my security camera",
        "the crown molding in the hallway is coming loose",
        "i need to draw up a contract for the sale",
    ],
)
def test_same_looking_words_for_things_stay_clean(text: str) -> None:
    assert not _health({"notes": text})


@pytest.mark.parametrize(
    "text",
    [
        "the dishwasher backed up, the sewer line has a blockage",
        "rear brake is spongy (needs a bleed?) and the seam is torn",
        "the sofa cushions have a rip and the dress needs stitches at the hem",
    ],
)
def test_health_words_said_of_household_goods_and_clothes_are_no_health(text: str) -> None:
    assert not _health({"notes": text})


@pytest.mark.parametrize(
    "text",
    [
        "can i book a mammogram for friday",
        "sharp pain in the chest wall when i breathe",
        "my insulin pump alarm went off and blood sugar is 300",
    ],
)
def test_words_that_are_also_a_verb_a_body_part_or_a_device_keep_their_health(text: str) -> None:
    assert _health({"notes": text})
