"""Session 19 health tags: a clinic's service-line tags read in a call already about health (intake,
screening, a procedure's shorthand, a safety plan, a records request), behavioral health licences,
an imaging agent, "family planning", and a nail that "is fungus"; each with a near-miss that uses
the same words outside health.
"""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, contains_health_information, inspect_payload


def _health_paths(payload: dict[str, object]) -> set[str]:
    return {d.path for d in inspect_payload(payload) if d.category is Category.HEALTH}


@pytest.mark.parametrize(
    "tag", ["adolescent intake", "SI screen neg", "RFA follow up", "IEP report", "safety plan needed",
            "justice involved"],
)  # fmt: skip
def test_service_line_tags_of_a_health_call_are_health(tag: str) -> None:
    """A tag of a call already about health names the clinic's service line."""
    paths = _health_paths({"notes": "pt reports anxiety and insomnia", "tag_list": [tag]})
    assert "tag_list[0]" in paths


@pytest.mark.parametrize("tag", ["safety plan needed", "new intake", "SI screen neg"])
def test_the_same_tags_of_a_trade_s_call_are_not(tag: str) -> None:
    """Near-miss: a roofer's call with the same tags says no health, so its tags are none."""
    assert _health_paths({"notes": "roof leak over the garage, quote sent", "tag_list": [tag]}) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Referred by Sarah Ketola LICSW, wants to start sessions",
        "her therapist is an LMFT in Duluth",
        "neuro ordered a DaTscan for the tremor",
        "calling about family planning options",
        "pt requested an ESA letter for the apartment",
        "his toenails are fungus and he can't cut them",
        "manman m li pa ka respire byen depi maten",  # Haitian Creole: she can't breathe well
        "pye l anfle e li pa ka domi",  # her feet are swollen and she can't sleep
    ],
)
def test_lexicon_additions_are_health(text: str) -> None:
    assert contains_health_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "estate planning and family trust documents",  # planning, not family planning
        "the mushroom is a fungus on the log",  # no owned part
        "an esa approved venue",  # ESA alone, not the letter
        "mwen pa ka vini jodi a",  # Creole "I can't come today": no body function
    ],
)
def test_near_misses_are_not_health(text: str) -> None:
    assert not contains_health_information(text)
