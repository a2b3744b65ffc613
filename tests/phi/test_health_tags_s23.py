"""Session 23 health tags: what a visit does in everyday words ("cleaning", "emergency exam",
"newborn", "fall", "results callback") and a chart's shorthand ("SLP") name care in a tag of a
call already about health, and a campaign names a service line as a tag does; the same labels of a
trade's call, and a front desk's workflow tags, stay clean.
"""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, contains_health_information, inspect_payload


def _health_paths(payload: dict[str, object]) -> set[str]:
    return {d.path for d in inspect_payload(payload) if d.category is Category.HEALTH}


_DENTAL_CALL = "Speaker 1: bright smile dental\nSpeaker 2: hi my tooth has been aching since friday"


@pytest.mark.parametrize(
    "tag", ["cleaning", "sealants", "emergency exam", "newborn", "fall", "results callback",
            "missed-treatment", "pump-issue", "WIC form", "SLP"],
)  # fmt: skip
def test_care_words_in_a_health_call_s_tag_are_health(tag: str) -> None:
    paths = _health_paths({"transcription_text": _DENTAL_CALL, "tag_list": ["new patient", tag]})
    assert "tag_list[1]" in paths
    assert "tag_list[0]" not in paths  # "new patient" is the front desk's workflow, no one's care


@pytest.mark.parametrize("tag", ["cleaning", "results callback", "fall"])
def test_the_same_tags_of_a_trade_s_call_are_not(tag: str) -> None:
    """Near-miss: a house cleaner's call says no health, so its tags say none."""
    payload = {"notes": "deep clean of a 3 bed house, quote sent", "tag_list": [tag]}
    assert _health_paths(payload) == set()


def test_a_campaign_naming_a_service_line_is_health_in_a_health_call() -> None:
    payload = {"notes": "pt asking about suboxone induction", "campaign": "MAT - Google Search"}
    assert "campaign" in _health_paths(payload)


def test_a_campaign_of_a_call_without_health_stays_clean() -> None:
    payload = {"notes": "asked about parking and hours", "campaign": "MAT - Google Search"}
    assert _health_paths(payload) == set()


@pytest.mark.parametrize(
    "text",
    ["Car Accident Chiro - PHX", "after a car wreck my neck hurts", "neurotoxin", "any side effects so far?",
     "eyeglasses pickup", "progressive lenses ready", "wax guards and domes are in", "hangover drip",
     "myers cocktail", "glutathione-push", "AirSense 11 resupply, full face cushion", "mobility equipment",
     "bereavement", "broken bracket", "PSA result not in portal"],
)  # fmt: skip
def test_specialty_terms_set_t_showed_missing_are_health(text: str) -> None:
    assert contains_health_information(text)


@pytest.mark.parametrize("text", ["my car has a fever, the engine light is on", "a broken shelf, drip tray"])
def test_a_thing_s_troubles_stay_no_health(text: str) -> None:
    assert not contains_health_information(text)


@pytest.mark.parametrize(
    "text",
    ["my boy got kicked by a heifer and his arm's all swole up", "SI STATEMENTS + ETOH PER MOM",
     "DEEP HAND LAC SHEET METAL, EN ROUTE", "WANTS MONO RESULT FROM ER VISIT 4/11"],
)  # fmt: skip
def test_rural_and_answering_service_health_set_v_showed_missing(text: str) -> None:
    assert contains_health_information(text)


@pytest.mark.parametrize(
    "text", ["he laughed and turned his back ha ha", "the left hand cp button on the remote"]
)
def test_a_body_part_before_a_two_letter_word_is_no_chart_note(text: str) -> None:
    assert not contains_health_information(text)


def test_a_church_or_a_feed_store_s_site_names_no_health_care() -> None:
    payload = {
        "agent": {"email": "office@oursaviorslutheran.example.org"},
        "transcription_text": "hi pastor please put marvin on the prayer chain before his bypass surgery",
    }
    assert _health_paths(payload) == set()
