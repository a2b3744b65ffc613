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
