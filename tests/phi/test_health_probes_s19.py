"""Session 19 health probes (round 7 of tests/data/phi/health_lay_language, written by a helper who
never read the detector; before any change 142/150 positives were found and 15/150 negatives
flagged). The rules below are what its misses and false positives had in common, each with a
near miss on the other side.
"""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import contains_health_information as health


@pytest.mark.parametrize(
    "text",
    [
        "can I pick up my dog's prescription food today",  # the animal owned, with 's
        "Key points: senior cat, lost weight, owner wants bloodwork done",  # the animal opens it
        "boarding for two dogs over Christmas, one is on insulin twice a day",  # counted animals
        "tag: puppy vaccines",
        "calling about Biscuit's spay surgery on Thursday",  # only animals are spayed
        "flea and tick meds for a 60 lb lab",
    ],
)
def test_a_pets_health_is_no_persons(text: str) -> None:
    assert not health(text)


@pytest.mark.parametrize(
    "text",
    [
        "the cat scan showed a small mass on her liver",  # a CAT scan is a CT scan
        "the dog bit my hand and now it's swollen",  # an animal harmed a person
        "my daughter is allergic to cats and her asthma flared up",
        "a charley horse in my calf all night",  # no animal's
    ],
)
def test_animals_beside_a_persons_health_leave_it_health(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text",
    [
        "the engine's overheating and there's coolant bleeding out near the hose",  # engine's
        "guitar neck is warped and the frets are buzzing",
        "the bypass valve on my water heater is leaking",
        "concrete cancer on the balcony slab, rebar showing",
        "need a lawyer for a custody hearing next month",
        "the ad slot on the Sunday Injury Report segment",
        "bee removal, there's a hive in the wall of the shed",
    ],
)
def test_health_words_said_of_things_or_in_everyday_phrases_are_not_health(text: str) -> None:
    assert not health(text)


@pytest.mark.parametrize(
    "text",
    [
        "he has a rash on his neck",  # a person's neck
        "a rash on my arm after the hike",
        "her hearing is getting worse, she wants a hearing test",
        "laser hair removal on the upper lip",
        "tattoo removal consult",
        "mole removal on his back",
    ],
)
def test_the_same_words_said_of_a_person_stay_health(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text",
    [
        "cardio referral",  # an ambiguous specialty word before a visit noun
        "neuro consult next week",
        "uro f/u",
        "pulm appt",
        "Hair Restoration PRP - Display Retargeting",
        "walk-in: lac L index finger, needs sutures",
        "pt req wt check for 4mo, mom concerned re: feeding",  # shorthand beside a charting cue
        "F/U BP recheck, 150/95 last visit",  # a reading a word or two after its measure
        "28 weeks and I haven't felt the baby move much today",
        "the excedrin isn't working anymore",
        "quiero información sobre los implantes dentales",
    ],
)
def test_visit_words_shorthand_readings_and_procedures_are_health(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text",
    [
        "45 minutes of cardio and a spin class",  # the workout
        "the wt of the package is 4 lbs",  # no charting cue
        "the bp gas station on 5th, about 2 miles",  # BP the company, no reading
        "the lac is frozen so no kayak rentals",
        "the baby monitor stopped working",
    ],
)
def test_the_same_words_elsewhere_are_not_health(text: str) -> None:
    assert not health(text)


@pytest.mark.parametrize(
    "text",
    [
        "elderly caller confused about which of her heart pills to take in the morning",  # part + medicine
        "s/p lap chole 10d, incision red + draining",  # shorthand beside "s/p"
        "PHQ9 = 18, pt declined SI, warm transfer to BH",  # a screening score; shorthand beside "pt"
        "my son's retainer cracked, can you make a new one",  # an owned orthodontic device
        "i've been drinking more than i should and when i try to stop my hands shake",
        "the right side of my face kinda went droopy this morning",
    ],
)
def test_round_8_health_said_in_passing(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text",
    [
        "the retainer for the attorney is due friday",  # nobody's retainer
        "we shake hands on the deal tomorrow",  # no owner before the hands
        "the tulips are droopy, more water?",
        "lap 2 of the pool is closed for the swim meet",  # no charting cue
        "BH Properties leasing office, unit 4",
    ],
)
def test_round_8_near_misses(text: str) -> None:
    assert not health(text)


@pytest.mark.parametrize(
    "text",
    ["https://example.com/tummytuck", "#kneepain", "TummyTuck_Search", "Sculptra", "morpheus8 special"],
)
def test_phrases_written_as_one_word_and_med_spa_brands_are_health(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text", ["backpack sale", "https://example.com/about-us/ourteam", "bodyshop estimate"]
)
def test_joined_words_that_are_no_health_phrase(text: str) -> None:
    assert not health(text)
