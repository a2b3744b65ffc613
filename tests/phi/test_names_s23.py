"""Session 23 names: a transcript whose speaker labels alone are capitalised ("Caller: oh my husband
junjun") is written in lower case, so a kinship word takes an unlisted word after it; and a spelling
that reads on into a number still spells the name said just before it ("winona twoguns t w o g u n
s one word")."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def _names(text: str) -> list[str]:
    found = inspect_payload({"transcription_text": text})
    return [text[d.start : d.end] for d in found if d.category is Category.NAME]


def test_capitalised_labels_leave_a_lower_case_transcript_lower_case() -> None:
    text = (
        "Coordinator: what's the best number\n"
        "Caller: this one po or my husband junjun seven two five five five five zero one one two\n"
        "Coordinator: okay and the baby\n"
        "Caller: i also need to add my baby ahiga he was born february second"
    )
    assert {"junjun", "ahiga"} <= set(_names(text))


def test_a_sentence_case_transcript_keeps_its_kinship_words_strict() -> None:
    """Near-miss: written with capitals, an unlisted word after "my daughter" is no name."""
    text = "Agent: Thank you for calling.\nCaller: Yes, my daughter trains horses and she fell off one."
    assert _names(text) == []


def test_a_spelling_that_runs_into_a_number_spells_the_name_before_it() -> None:
    text = "Front Desk: her name\nDad: winona twoguns t w o g u n s one word\nFront Desk: and date of birth"
    assert "t w o g u n s" in _names(text)


def test_letters_and_digits_that_spell_no_word_said_stay_an_id() -> None:
    text = "Agent: the plate\nCaller: it's k l m four four two"
    assert _names(text) == []


def test_a_verb_after_a_kinship_word_is_no_name() -> None:
    """Near-miss: "hurt" is a census surname too, but here what the son did."""
    assert _names("Agent: clinic\nCaller: hi my son hurt his ankle at basketball last night") == []


def test_a_baby_named_and_a_name_on_the_chart_are_names() -> None:
    text = (
        "Agent: and the baby's name\nCaller: we named him yusuf yusuf hussein\n"
        "Agent: and mom\nCaller: her name on the chart is shandiin begay"
    )
    assert {"shandiin begay"} <= set(_names(text)) and any("yusuf" in n for n in _names(text))


def test_a_name_that_is_a_word_said_again_as_the_word_is_no_name() -> None:
    text = (
        "Caller: hi this is bill henning i got a question about the bill i got\n"
        "Agent: okay and the bill you mentioned\nCaller: yes bill is fine"
    )
    found = inspect_payload({"transcription_text": text})
    starts = {d.start for d in found if d.category is Category.NAME}
    assert text.index("bill henning") in starts
    assert text.index("yes bill") + len("yes ") in starts  # the name said again
    assert not starts & {text.index("the bill") + 4, text.index("the bill you") + 4}


def test_self_pay_is_no_name() -> None:
    assert _names("Agent: we can see her as a new patient self pay what's her name") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("voicemail: okay what's her name brynn brynn eichten she's four", "brynn brynn eichten"),
     ("operator: okay and your name mike mike gunderson i live right there", "mike mike gunderson"),
     ("operator: i can take a message name haley brummond and number", "haley brummond")],
)  # fmt: skip
def test_an_operator_s_question_and_the_answer_in_one_line(text: str, name: str) -> None:
    assert name in _names(text)


def test_how_an_agent_addresses_the_caller_is_no_name() -> None:
    assert _names("Agent: wow okay and what's your name ma'am\nCaller: i'm the daughter") == []


def test_twins_and_parishioners_are_named_after_their_word() -> None:
    text = "Caller: set up a well child check for my twins ava and eli nordquist they turned one"
    assert {"ava", "eli nordquist"} <= set(_names(text))
    assert "shirley beck" in _names("Caller: i'm calling for one of my parishioners shirley beck today")


def test_a_twin_s_kind_of_relative_is_no_name() -> None:
    assert _names("Caller: my twin sister is here with me") == []


def test_a_verb_after_i_m_is_no_name() -> None:
    text = "okay and we're in blue earth if that matters okay i'm paging doctor vang now she'll call you back"
    assert _names(text) == []


def test_a_caregiver_is_named_after_the_word() -> None:
    found = inspect_payload({"notes": "fentanyl delivery, signed by aide Faith. Pt 92."})
    assert [d.category for d in found if d.category is Category.NAME] == [Category.NAME]
    assert "rosa" in _names("Caller: her caregiver rosa will bring her in")
    assert _names("Caller: my aide will help her") == []


def test_a_hesitation_after_an_introduction_is_skipped() -> None:
    assert "maria lopez" in _names("Agent: clinic\nCaller: hi my name is um maria lopez calling about my son")


def test_a_sender_label_the_business_s_domain_spells_is_the_business() -> None:
    notes = (
        "text thread\n[3/9 10:02a] SoundPath: Hi Yolanda, your domes are in.\n"
        "[3/9 11:40a] Yolanda: ok thx\n[3/9 11:44a] SoundPath: See you soon"
    )
    payload = {"notes": notes, "location": "https://soundpathhearing.example.com/"}
    names = [notes[d.start : d.end] for d in inspect_payload(payload) if d.category is Category.NAME]
    assert "SoundPath" not in names and "Yolanda" in names


def test_a_sender_label_of_another_name_stays_a_name() -> None:
    notes = "text thread\n[3/9 10:02a] Marisol: running late\n[3/9 10:05a] Marisol: there in 5"
    payload = {"notes": notes, "location": "https://soundpathhearing.example.com/"}
    assert any(d.category is Category.NAME for d in inspect_payload(payload))
