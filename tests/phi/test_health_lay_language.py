"""Lay and shorthand health language: floors on the hand-written probes in tests/data/phi/health_lay_language.

Each line is a `{"notes": line}` payload. Positives say something about a person's health the way
callers and front desks say it ("my sugar's been running high", "pt c/o sob and cp"); negatives
are business calls and clinic logistics with words that have a health sense elsewhere ("water
pressure", "call me back", "high school", "a shot of espresso").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ctm_hipaa.phi import Category, contains_health_information, inspect_payload

DATA = Path(__file__).resolve().parent.parent / "data" / "phi" / "health_lay_language"


def lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def health(text: str) -> bool:
    return any(d.category is Category.HEALTH for d in inspect_payload({"notes": text}))


# round 9 (blind, specialty shorthand, session 22): first seen 124 of 150 found and 91 of 100 clean;
# round 10 (blind, breadth of terms, session 22): first seen 148 of 150 found and 70 of 75 clean
@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("positives.txt", 0.95),
        ("lead_probe.txt", 0.96),
        ("specialty_positives_r9.txt", 0.90),
        ("breadth_positives_r10.txt", 0.98),
    ],
)
def test_lay_health_language_is_found(name: str, floor: float) -> None:
    probe = lines(name)
    missed = [t for t in probe if not health(t)]
    assert 1 - len(missed) / len(probe) >= floor, missed


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("negatives.txt", 0.97),
        ("sound_alike_negatives.txt", 0.85),
        ("specialty_negatives_r9.txt", 0.96),
        ("breadth_negatives_r10.txt", 0.97),
    ],
)
def test_business_and_logistics_calls_stay_clean(name: str, floor: float) -> None:
    probe = lines(name)
    flagged = [t for t in probe if health(t)]
    assert 1 - len(flagged) / len(probe) >= floor, flagged


@pytest.mark.parametrize(
    "text",
    [
        "my sugar's been running high all week",
        "his PSA came back elevated",
        "my wife's blood pressure has been up",
        "she threw her back out lifting the baby",
        "i can't feel my toes",
        "pt c/o sob and cp x2d",
        "hx htn, dm2, hld",
        "i think i'm expecting",
    ],
)
def test_lay_rules(text: str) -> None:
    assert contains_health_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "my water pressure is really low",  # the owner is not right before the measure
        "my back door is stuck",  # "back door": no body part
        "i need to back up my files",
        "he hit my back bumper in the lot",
        "the item came broken",  # "broken" needs a body part
        "ship it c/o the front office",  # "c/o" is "care of" without shorthand
        "sob story aside, we need the refund",  # shorthand without a charting cue
        "i'm expecting a call from the bank",
    ],
)
def test_lay_rules_stay_in_context(text: str) -> None:
    assert not contains_health_information(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we need snow removal this weekend", False),
        ("what's your physical address", False),
        ("i'm sick and tired of these fees", False),
        ("i need new blinds installed", False),
        ("she needs a physical and her shots", True),  # the everyday sense is the pair only
        ("my son is sick and vomiting", True),
        ("mole removal on my back", True),
    ],
)
def test_everyday_senses_cancel_only_their_own_words(text: str, expected: bool) -> None:
    assert contains_health_information(text) is expected


@pytest.mark.parametrize(
    "text", ["they found a fibroid", "low platelet count", "a back spasm", "my tonsil is swollen"]
)
def test_a_condition_said_in_the_singular(text: str) -> None:
    assert contains_health_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "it was a stroke of luck she found the office open",
        "the bank called re: seizure of property at 14 Maple",
    ],
)
def test_idioms_with_a_word_of_medicine(text: str) -> None:
    assert not contains_health_information(text)
