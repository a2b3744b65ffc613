"""Dates said as month, day and year numbers: more than one in an answer to "dates of birth?", and
a month and day said apart before a spoken year, with near misses that are no date."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def dates(text: str) -> list[str]:
    """The DATE spans found in a transcript."""
    return [
        text[d.start : d.end]
        for d in inspect_payload({"transcription_text": text})
        if d.category is Category.DATE
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # two children's birthdays in one answer
        (
            "rep: okay and their birthdays\ncaller: lucia is nine eleven twenty and santi is two twenty nine"
            " sixteen\nrep: okay",
            ["nine eleven twenty", "two twenty nine sixteen"],
        ),
        # "dates of birth": the plural asks for dates too
        (
            "spk_0: okay can i get your names\nspk_1: i'm summer and my daughter is autumn\nspk_0: pretty"
            " names and dates of birth\nspk_1: i'm the first of may ninety four she's nine twelve twenty"
            " one\nspk_0: okay",
            ["nine twelve twenty one"],
        ),
        # month, day and year set apart by commas
        (
            "Speaker 0: Patient name?\nSpeaker 1: Aiden Castellanos. Ten, two, twenty fifteen.\n",
            ["Ten, two, twenty fifteen"],
        ),
    ],
)
def test_dates_said_as_numbers(text: str, want: list[str]) -> None:
    got = dates(text)
    assert all(w in got for w in want), got


@pytest.mark.parametrize(
    "text",
    [
        # the answer goes on about something else: a later number is no date
        "agent: date of birth\ncaller: four four fifty two and the pharmacy is on eleven twelve"
        " twenty\nagent: ok",
        # no year after the month and day: a price, a time
        "caller: the total was twelve forty twenty twenty",
        "caller: it was ten twenty in twenty fifteen",
        "caller: room one twelve nineteen sixty",
    ],
)
def test_numbers_that_are_no_date(text: str) -> None:
    got = dates(text)
    assert not [
        d
        for d in got
        if "eleven twelve" in d or "twelve forty" in d or "ten twenty" in d or "one twelve" in d
    ], got


def test_a_two_digit_year_said_apart_is_a_date_right_after_a_word_of_birth() -> None:
    assert "nine three forty four" in dates("agent: and her birthday\ncaller: nine three forty four")
    assert not dates("caller: we have three two year olds")  # no word of birth before
