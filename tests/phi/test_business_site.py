"""A business's own web address names what it is: a law firm's, an HVAC company's or a school's
domain makes its record a trade's, whose health words are no patient's; a clinic's domain, or a
clinic's greeting, keeps them."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.business_site import names_a_trade_site


def _health_paths(payload: dict[str, object]) -> set[str]:
    return {d.path for d in inspect_payload(payload) if d.category is Category.HEALTH}


@pytest.mark.parametrize(
    "domain",
    ["castilloburkelaw.example.com", "coolbreezehvac.com", "oakridgeacademy.org", "smith-injury-law.com",
     "greenlawncare.com", "propainting.com", "pawshgrooming.example.com", "keystonestaffing.com",
     "parklineproperties.com", "hillsidefuneral.com"],
)  # fmt: skip
def test_a_trade_s_domain_names_a_trade(domain: str) -> None:
    assert names_a_trade_site([domain])


@pytest.mark.parametrize(
    "domain",
    ["lawrenceortho.com", "cpapsupply.com", "bankstonfamilymedicine.com", "gmail.com",
     "brightsmiledental.example.com", "painreliefinstitute.com"],
)  # fmt: skip
def test_a_clinic_s_or_no_one_s_domain_names_none(domain: str) -> None:
    """Near-misses: a trade's word inside a clinic's name ("law" in "lawrence", "cpa" in "cpap")."""
    assert not names_a_trade_site([domain])


def test_a_clinic_s_domain_beside_a_trade_s_names_none() -> None:
    assert not names_a_trade_site(["castilloburkelaw.com", "valleyclinic.com"])


_INTAKE = (
    "Intake: castillo and burke this is veronica\n"
    "Caller: i was in a wreck and they said i have two cracked ribs and a concussion"
)


def test_a_law_firm_s_intake_call_carries_no_health() -> None:
    payload = {
        "location": "https://www.castilloburkelaw.example.com/",
        "agent": {"email": "veronica.salas@castilloburkelaw.example.com"},
        "transcription_text": _INTAKE,
        "tag_list": ["mva"],
    }
    assert _health_paths(payload) == set()


def test_the_same_call_at_a_clinic_carries_health() -> None:
    payload = {"location": "https://www.valleychiro.example.com/", "transcription_text": _INTAKE}
    assert "transcription_text" in _health_paths(payload)


def test_a_clinic_s_greeting_wins_over_a_trade_s_domain() -> None:
    """A clinic's call from a landing page an agency hosts on a trade-sounding domain is the clinic's."""
    payload = {
        "location": "https://www.buildersacademy.example.com/",
        "transcription_text": "Agent: valley family medicine this is ana\nCaller: my knee has been swelling",
    }
    assert "transcription_text" in _health_paths(payload)


def test_a_trade_s_mailbox_domain_names_it_without_a_landing_page() -> None:
    payload = {
        "agent": {"email": "dee.simmons@coolbreezehvac.example.com"},
        "notes": "furnace wheezing, burning smell; caller says her son has asthma",
    }
    assert _health_paths(payload) == set()
