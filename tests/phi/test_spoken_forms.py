"""Spoken forms: number words and spoken dates read as digits, and detections on the words said."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.fold import fold
from ctm_hipaa.phi.spoken_forms import normalize


def transcript(text: str) -> list[tuple[str, Category]]:
    """Identifier detections (not HEALTH) in a call's transcription."""
    return [
        (text[d.start : d.end], d.category)
        for d in inspect_payload({"transcription_text": text})
        if d.category is not Category.HEALTH
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("six one four five five five oh one four two", "6145550142"),
        ("six one four, five five five, oh one four two", "614-555-0142"),
        ("march third nineteen sixty two", "march 3rd 1962"),
        ("the twenty first at two", "the 21st at 2"),
        ("doce de mayo del cincuenta y uno", "12 de mayo del 51"),
        ("veinte de noviembre de mil novecientos treinta y uno", "20 de noviembre de 1931"),
        ("calle alameda cuatro cinco uno", "calle alameda 451"),
        ("double five two", "552"),
        ("forty six forty west fifty four hundred south", "46 40 west 5400 south"),
        ("the seventeenth of may two thousand and four", "the 17th of may 2004"),
        ("five and six", "5 and 6"),  # "and" joins no digits
        # after a date-of-birth cue, even in the agent's turn before, a run is a month-day-year
        ("date of birth\ncaller: seven twenty three ninety nine", "date of birth\ncaller: 7/23/99"),
        ("dob oh four eighteen seventy seven", "dob 4/18/77"),
        ("fecha de nacimiento dos tres setenta y uno", "fecha de nacimiento 2/3/71"),
        ("seven twenty three ninety nine", "7 23 99"),  # no cue: the groups, not a date
    ],
)
def test_number_words_read_as_digits(text: str, want: str) -> None:
    norm = normalize(fold(text))
    assert norm is not None
    assert norm.text == want


def test_a_text_without_number_words_is_not_rewritten() -> None:
    assert normalize(fold("caller: my knee hurts, 614-555-0142")) is None


def test_every_normalized_span_maps_to_the_words_said() -> None:
    text = "ok six one four five five five oh one four two and march third nineteen sixty two thanks"
    norm = normalize(fold(text))
    assert norm is not None
    phone = norm.text.index("6145550142")
    assert norm.span(phone, phone + 10) == (3, 3 + len("six one four five five five oh one four two"))
    day = norm.text.index("3rd 1962")
    s, e = norm.span(day, day + len("3rd 1962"))
    assert text[s:e] == "third nineteen sixty two"
    # text outside the rewrites keeps its place, shifted by what the rewrites shortened
    s, e = norm.span(norm.text.index("thanks"), len(norm.text))
    assert text[s:e] == "thanks"
    # a span that ends inside a rewrite takes all of the rewrite's words
    s, e = norm.span(0, phone + 1)
    assert text[s:e] == "ok six one four five five five oh one four two"


@pytest.mark.parametrize(
    ("text", "want", "cat"),
    [
        (
            "agent: what's the number\ncaller: two oh seven five five five oh eight two six",
            "two oh seven",
            Category.PHONE,
        ),
        (
            "agent: date of birth\ncaller: seven twenty three fifty nine",
            "seven twenty three fifty nine",
            Category.DATE,
        ),
        ("agent: date of birth\ncaller: eleven fourteen oh two", "eleven fourteen oh two", Category.DATE),
        ("caller: born march third nineteen sixty two", "march third nineteen sixty two", Category.DATE),
        (
            "agente: fecha de nacimiento\nllamante: doce de mayo del cincuenta y uno",
            "doce de mayo del cincuenta",
            Category.DATE,
        ),
        (
            "caller: my card is four one one one one one one one one one one one one one one one",
            "four one one",
            Category.ACCOUNT,
        ),
        ("agent: she has monday the sixteenth\ncaller: ok", "monday the sixteenth", Category.DATE),
        ("agent: we can see you on the 14th at nine", "the 14th", Category.DATE),
        ("recepcionista: su cita es el lunes doce para el papanicolaou", "lunes doce", Category.DATE),
    ],
)
def test_spoken_identifiers_are_found_on_the_words_said(text: str, want: str, cat: Category) -> None:
    got = transcript(text)
    assert any(c is cat and want in t for t, c in got), got


@pytest.mark.parametrize(
    "text",
    [
        "agent: this is the 2nd dose of the series",
        "caller: we live on the 3rd floor",
        "caller: i need two three times a day, seven twenty three is my room",
        "caller: i was the first one there, wait a second",
    ],
)
def test_ordinals_and_counts_that_are_no_date(text: str) -> None:
    assert not any(c is Category.DATE for _, c in transcript(text)), transcript(text)
