"""Numbers of a business's own papers (a report, a referral, a purchase order, an invoice, a meter),
the language line's interpreter id, and abbreviations said letter by letter: none is a person's
identifier. Each case has a near miss that still is one."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def found(field: str, text: str) -> list[tuple[str, Category]]:
    """(text, category) of the identifiers found in one field."""
    return [
        (text[d.start : d.end], d.category)
        for d in inspect_payload({field: text})
        if d.category is not Category.HEALTH
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the number of a police or lab report, said in parts joined by "dash"
        "caller: yeah report number two six dash oh four four one nine\nagent: and your vehicle",
        "agent: and the pathology report number from the other office\ncaller: it's s p twenty six dash"
        " oh four four one eight\nagent: okay",
        "caller: the order number for the replacement is m t eight nine nine one two",
        "caller: perfect po number is e r four four one two",
        "rep: let me send someone the meter number is m seven seven four one zero nine two",
        "driver: cool the delivery number is d l v eight eight three one four",
        "agent: the invoice number on that is i n v nine nine three zero two",
        "agent: do you have the referral number\ncaller: it's r f two six one one eight",
        "interpreter: hello this is joão portuguese interpreter id six two zero four one",
    ],
)
def test_a_business_papers_number_said_out_loud_is_no_identifier(text: str) -> None:
    got = found("transcription_text", text)
    assert not [x for x in got if x[1] is not Category.NAME], got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # near misses: the person's own ids, said the same way
        ("agent: and his student id\ncaller: five eight eight one four four seven two", Category.OTHER_ID),
        ("caller: my member id is b four one nine three two two", Category.HEALTH_PLAN),
        ("caller: the b i c number is nine one one four four eight two seven a", Category.HEALTH_PLAN),
    ],
)
def test_a_persons_id_said_out_loud_still_is_one(text: str, want: Category) -> None:
    assert any(c is want for _, c in found("transcription_text", text)), found("transcription_text", text)


@pytest.mark.parametrize(
    "text",
    [
        "Maintenance plan #MP-40192, $0 due. tech: Brayden",
        "Contract #PP-2026-031, $480/mo.",
        "Consult fee waived. Matter # 2026-0417.",
        "LA Medicaid pending, app # LAM-2026-883104.",
        "Police report # 26-004417 filed",
    ],
)
def test_a_business_papers_number_written_is_no_identifier(text: str) -> None:
    got = found("notes", text)
    assert not [x for x in got if x[1] is not Category.NAME], got


def test_a_written_persons_id_next_to_them_still_is_one() -> None:
    got = found("notes", "inmate# C-55190, report # 26-004417 filed")
    assert ("C-55190", Category.OTHER_ID) in got, got


@pytest.mark.parametrize(
    "text",
    [
        "caller: our m r n is four four zero nine one seven three",
        "agent: both are l i c s w and see kids",
        "caller: the k dur twenty m e q once a day",
        "caller: the n p i is on the fax",
    ],
)
def test_an_abbreviation_said_letter_by_letter_is_no_spelled_name(text: str) -> None:
    assert not any(c is Category.NAME for _, c in found("transcription_text", text))


def test_a_name_spelled_letter_by_letter_still_is_one() -> None:
    got = found("transcription_text", "caller: it's brackstone b r a c k s t o n e")
    assert any(c is Category.NAME for _, c in got), got


@pytest.mark.parametrize(
    "text",
    [
        # the speaker label "caller:" says who speaks, not whose fax it is
        "caller: great you can fax the note to us at five one eight five five five zero one nine nine",
        "caller: it's the jail's fax two oh seven five five five oh one nine nine",
        "caller: thanks their fax is four three five five five five oh one nine nine",
        "speaker 2: our discharge line is nine three seven five five five zero one nine eight",
        "caller: my direct line is eight three two five five five zero four four four thank you",
    ],
)
def test_an_offices_fax_or_desk_line_is_no_identifier(text: str) -> None:
    got = found("transcription_text", text)
    assert not [x for x in got if x[1] in (Category.PHONE, Category.FAX)], got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("caller: it's my home fax nine three one five five five zero one six zero", Category.FAX),
        ("caller: fax it to me at home at six one five five five five zero two six one", Category.FAX),
        ("speaker 2: our home line is nine three seven five five five zero one nine eight", Category.PHONE),
    ],
)
def test_a_persons_own_fax_or_home_line_still_is_one(text: str, want: Category) -> None:
    got = found("transcription_text", text)
    assert any(c is want for _, c in got), got
