"""Session 23 places: a megacity whose name is a dictionary word is a city ("calling from manila"),
and the city said right after a neighbourhood holds it ("in little haiti miami")."""

from __future__ import annotations

from ctm_hipaa.phi import Category, inspect_payload


def _places(text: str) -> list[str]:
    found = inspect_payload({"transcription_text": text})
    return [text[d.start : d.end] for d in found if d.category is Category.GEO]


def test_a_megacity_named_by_a_dictionary_word_is_a_city() -> None:
    text = "Agent: hi\nCaller: hi yes i'm calling from manila for my lola"
    assert _places(text) == ["manila"]


def test_the_dictionary_word_itself_is_no_place() -> None:
    """Near-miss: the paper colour, with no preposition of place before it."""
    assert _places("Agent: hi\nCaller: i mailed the forms in a manila envelope") == []


def test_the_city_after_a_neighbourhood_is_a_place_too() -> None:
    text = "Agent: and where\nCaller: she's in little haiti miami now"
    assert _places(text) == ["little haiti", "miami"]


def test_a_word_after_a_neighbourhood_is_no_city() -> None:
    text = "Agent: and where\nCaller: she's in little haiti tuesday through friday"
    assert _places(text) == ["little haiti"]


def test_a_hyphenated_city_said_with_blanks_is_a_city() -> None:
    text = "Agent: hi\nCaller: my mother is visiting from port au prince and she is sick"
    assert _places(text) == ["port au prince"]


def test_a_common_word_town_after_a_spanish_move_is_a_place() -> None:
    assert _places("Agente: sigue en shakopee\nLlamante: no ya me mudé a savage") == ["savage", "shakopee"]


def test_an_article_after_a_word_of_living_takes_no_town() -> None:
    """Near-miss: Spanish "a" is read only right after a move; "with a foley" is a catheter."""
    assert _places("Nurse: so he's going home with a foley and wound care") == []


def test_a_place_after_spanish_en_el_is_a_place() -> None:
    assert _places("Agent: ok\nPharmacy: sí en el bronx correcto") == ["bronx"]
    assert _places("Agent: ok\nCaller: está en el hospital desde ayer") == []
