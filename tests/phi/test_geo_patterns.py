"""Addresses in lower case, on Utah's grid, in US Spanish and in European layouts; UK postcodes.

Invented examples (no corpus record): each asserts what a reader of the note would call the
address, and that counts, doses and dates next to a street word stay unflagged.
"""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def geo(text: str) -> list[str]:
    """The GEO spans found in a `notes` field."""
    return [text[d.start : d.end] for d in inspect_payload({"notes": text}) if d.category is Category.GEO]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("pls mail to 5120 w 81st st apt 12 tonight", "5120 w 81st st apt 12"),
        # a sentence ending in digits before it is no part of its street's name
        ("Son 414 555 0386. Lives 2617 S 13th St, Milwaukee", "2617 S 13th St, Milwaukee"),
        ("addr 77 maple grove rd", "77 maple grove rd"),
        ("site 2301 3rd ave n asap", "2301 3rd ave n"),
        ("dropoff at 930 e 2100 s per son", "930 e 2100 s"),
        ("vive en 418 calle del sol ok", "418 calle del sol"),
        ("ship to ul. Polna 7/2, 60-535 Poznań", "ul. Polna 7/2, 60-535 Poznań"),
        ("mailing Kungsgatan 33, 411 19 Göteborg", "Kungsgatan 33, 411 19 Göteborg"),
        ("parents: Lange Laan 12, 2000 Antwerpen", "Lange Laan 12, 2000 Antwerpen"),
        ("c/o rue des Lilas 4, 69003 Lyon", "rue des Lilas 4, 69003 Lyon"),
        ("chez 8 avenue Foch, 69006 Lyon", "8 avenue Foch, 69006 Lyon"),
        ("home 3-8-1 Nishiki, Naka-ku, Nagoya 460-0003 now", "3-8-1 Nishiki, Naka-ku, Nagoya 460-0003"),
        ("woont Prinsengracht 263, 1016 GV Amsterdam", "Prinsengracht 263, 1016 GV Amsterdam"),
        ("mora Rua do Carmo 41, 1200-093 Lisboa", "Rua do Carmo 41, 1200-093 Lisboa"),
        # rural routes and their boxes
        ("No, I'm in Route 2, Box 45A, Sod, West Virginia 25564 now", "Route 2, Box 45A"),
        ("Lives HC 71 Box 12, War, WV 24892.", "HC 71 Box 12"),
        ("she's with us now. RFD 3, Sanbornton", "RFD 3"),
        # numbered roads keep their number and direction
        ("pt lives at 3300 Hwy 64 E, Mountain Home AR", "3300 Hwy 64 E"),
        ("caller: we're at 77 county road 412 in hallsville", "77 county road 412"),
        ("4821 FM 1960 Rd W, Houston TX", "4821 FM 1960 Rd W"),
        ("new addr 1200 state route 9 north", "1200 state route 9 north"),
    ],
)
def test_addresses_beyond_title_case(text: str, address: str) -> None:
    assert address in geo(text)


def test_uk_flat_and_postcode_are_the_address() -> None:
    found = geo("home is Flat 9, 14 Ashby Road, Leeds LS6 2AB now")
    assert "Flat 9, 14 Ashby Road, Leeds" in found
    assert "LS6 2AB" in found


@pytest.mark.parametrize(
    "text",
    [
        "take 2 tabs at bedtime per dr",
        "seen 3 times by dr lee",
        "saw her 2 weeks ago st",
        "Jan 12, 2024 Dr Patel reviewed",
        "Seen March 5, 2024 AB Smith",
        "paid 40 at the front way",
        "took 2 us 3 times",
    ],
)
def test_counts_and_dates_before_a_street_word_are_no_address(text: str) -> None:
    assert geo(text) == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a lower-case city right after an address, read out or written, and the ZIP after it
        ("caller: it's eighteen oh two west elm street in tempe\nagent: thanks", ["tempe"]),
        ("deliver 611 n 4th ave apt 3 boise 83702 today", ["611 n 4th ave apt 3", "boise", "83702"]),
        ("addr 77 maple grove rd, provo, ut 84604", ["77 maple grove rd", "provo", "84604"]),
        # a city that is also a common word needs the address beside it
        ("home 5120 s desert vista chandler 85248 o2 2L", ["5120 s desert vista", "chandler", "85248"]),
        ("caller: twelve oh one north gold drive in bend\nagent: ok", ["bend"]),
        # a street type said twice, and a unit read out, before the city
        ("caller: okay i'm at nine two two four shady lane drive baytown", ["shady lane drive", "baytown"]),
        ("caller: eleven twenty two bellaire blvd number eighteen houston", ["number eighteen", "houston"]),
        ("caller: twenty one oh five willow creek road lot fourteen katy", ["lot fourteen", "katy"]),
        # a ZIP right after the street, with no city between
        ("cust: 4127 sharon amity rd 28211. i'm 78", ["4127 sharon amity rd", "28211"]),
        # after "in" when someone lives or stays there, or before ", <country>"
        ("pt staying with her aunt in lehi until friday", ["lehi"]),
        ("Llamante: en la calle del río ocho cuatro en provo\nAgente: gracias", ["provo"]),
        ("mother in accra, ghana, calls on whatsapp", ["accra"]),
    ],
)
def test_lower_case_cities_in_context(text: str, places: list[str]) -> None:
    found = geo(text)
    for place in places:
        assert any(place in f for f in found), (place, found)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # right after a person's name: where that person lives or comes from
        ("The caller identified himself as Alvin Unruh of Hutchinson. Advised.", "Hutchinson"),
        ("Message from Marcy Oakes of Tulsa about her refill.", "Tulsa"),
        ("caller: this is dale fremont from bakersfield i need a refill", "bakersfield"),
        ("Son Rene driving from Mission. Pt lives alone.", "Mission"),
        # where someone works, was born, has their place; French and Creole living
        ("spk_1: no he's just up at my place in monroeville\nspk_0: okay", "monroeville"),
        ("Interpreter: i couldn't i work nights in miami gardens\nClinic: ok", "miami gardens"),
        ("Caller: he was born in oaxaca and came here in eighty nine", "oaxaca"),
        ("Patiente: j'habite à lyon depuis deux ans", "lyon"),
        ("Caller: manman m li Ayiti li nan jacmel mèsi", "jacmel"),
        # a relative and where they are
        ("Caller: her nephew earl in kingman has the power of attorney", "kingman"),
        ("Caller: my sister in tulsa will call you back", "tulsa"),
        # where the caller comes from
        ("Hermano: y soy chema el hijo desde zacatecas mi número es", "zacatecas"),
        ("Paciente: buenos días soy anselmo quispe de puno perú", "puno"),
    ],
)
def test_the_place_a_person_is_from(text: str, place: str) -> None:
    assert place in geo(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # where a person is, was or goes, said in passing: theirs to hide as where they live
        ("Caller: the meeting took place in denver last week", "denver"),
        ("trip to accra next month, needs vaccines", "accra"),
        ("she hopes to be in boise soon", "boise"),
        ("caller: we're out past ocala about twenty minutes", "ocala"),
        ("caller: he's driving down from Flagstaff tonight", "Flagstaff"),  # a common word: capitalised
        ("caller: my mom's in kenosha so she can't drive up", "kenosha"),
    ],
)
def test_a_city_said_in_passing(text: str, place: str) -> None:
    assert place in geo(text)


@pytest.mark.parametrize(
    "text",
    [
        "Caller: is our office in tempe open saturday",  # the business's own
        "welcome to harbor family dental how can i help",
        "caller: can you talk to tyler about the bill",  # a first name after "to"
        "caller: the form is in navajo and english",  # a language
        "caller: i got a call from mesa dental",  # a business's name
        "caller: she is flying out to flagstaff",  # a common word in lower case
    ],
)
def test_a_preposition_before_no_place_of_the_caller(text: str) -> None:
    assert geo(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Caller: i got a letter from aetna about my claim",
        "Message from Dr. Ames of Cardiology re: echo.",
        "Caller: this is dale from billing",
        "Hi this is Kim Lee from Aurora Health calling back",  # a place opening a business's name
        "my son from the army called",
        "Caller: the pills don't work in the morning",
    ],
)
def test_from_without_a_place_or_before_a_business_is_no_place(text: str) -> None:
    assert geo(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "we moved the chandler 85248 file",  # a common word before a number, no street
        "bend 45678 degrees",
        "mesa 85202",
    ],
)
def test_cities_without_context_are_not_places(text: str) -> None:
    assert geo(text) == []


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("We're at four eighty-one Right Fork of Island Creek, Logan, two five six oh one.", "Right Fork"),
        ("the address is four four six Via Ventura, apartment twelve, Camarillo, nine three oh one", "Via"),
    ],
)
def test_a_title_case_street_without_a_type_after_its_spoken_number(text: str, street: str) -> None:
    assert any(street in g for g in geo(text))


def test_a_title_case_list_after_one_number_is_no_street() -> None:
    assert geo("We saw three Blue Jays, Phoenix, and more.") == []
    assert geo("She has two Cats, Dogs, and a bird, Tucson is hot.") == []


def test_a_city_before_a_claimed_zip_and_a_zip_said_with_a_tens_word() -> None:
    # the ZIP after the state is claimed first: the city before them is still read
    assert "Naschitti" in geo("lives at Chapter Road 11, Unit 4, Naschitti, NM 87325, and asked")
    # "fifty-five one oh six" after a city and its comma is its ZIP; after any other word it is none
    assert "fifty-five one oh six" in geo("1442 Maryland Avenue East, Saint Paul, fifty-five one oh six.")
    assert geo("Okay, fifty-five one oh six dollars.") == []
    assert geo("It was Monday, twenty-one four oh six.") == []


def test_a_state_after_a_city_is_its_region_not_a_place_or_a_name() -> None:
    text = "she lives in Charleston, West Virginia 25301 with her son"
    found = sorted((d.start, d.end, d.category) for d in inspect_payload({"notes": text}))
    # "Charleston" and the ZIP; "West Virginia" is neither a city nor the name Virginia
    assert [(text[s:e], c) for s, e, c in found] == [("Charleston", Category.GEO), ("25301", Category.GEO)]


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Yeah. I'm in Garland by Centerville and Broadway.", "Centerville and Broadway"),
        (
            "twelve Cedar Court, Brick. Off of Route 70 and Herbertsville Road",
            "Route 70 and Herbertsville Road",
        ),
        ("we're at the corner of 5th and main", "5th and main"),
        (
            "lives off of Queen Creek Rd and Higley. Booked Thurs",
            "Queen Creek Rd and Higley",
        ),  # not past the stop
        ("Are you still on Cherry Street? No", "Cherry Street"),
        ("okay and you're still on rock quarry road", "rock quarry road"),
    ],
)
def test_streets_named_without_a_number_where_the_person_is(text: str, street: str) -> None:
    assert street in geo(text)


@pytest.mark.parametrize(
    "text",
    [
        "meet me at Walmart and Target",
        "i was at work and then went home",
        "we went by the park and the school",
    ],
)
def test_a_crossing_needs_a_side_that_reads_as_a_street(text: str) -> None:
    assert geo(text) == []


def test_a_zip_named_as_the_area_and_a_place_someone_is_out_in() -> None:
    assert geo("caller lives in the 85207 area") == ["85207"]
    assert geo("caller: i'm out in apache junction off of ironwood") == ["apache junction"]
    assert geo("we figured it out in the end") == []


def test_a_capitalised_place_that_is_a_word_too_where_someone_is() -> None:
    assert "Garland" in geo("Yeah. I'm in Garland by Centerville and Broadway.")
    assert geo("we're in Mesa now") == ["Mesa"]
    assert geo("i'm in pain all day") == []


@pytest.mark.parametrize(
    ("text", "unit", "city"),
    [
        # a dictated note says its commas: the unit and the city after the street are still read
        (
            "visit eight twenty two west layton avenue comma unit one oh four comma greenfield period",
            "unit one oh four",
            "greenfield",
        ),
        (
            "lives one eleven lincoln street comma apartment three c comma plains comma pa",
            "apartment three c",
            "plains",
        ),
        # a written comma, the unit, then "in" and the city
        (
            "My address is ninety Wyoming Avenue, apartment 6 A, in Kingston. Call me",
            "apartment 6 A",
            "Kingston",
        ),
    ],
)
def test_unit_and_city_after_a_street(text: str, unit: str, city: str) -> None:
    found = geo(text)
    assert unit in found
    assert city in found


def test_a_word_after_an_address_is_no_unit() -> None:
    # "now" starts like "no" (number) but is a word: nothing after the address is read as a unit
    found = geo("I'm in Route 2, Box 45A, Sod, West Virginia 25564 now, with my sister")
    assert not any(f.startswith("now") for f in found)
    # a said "comma" with no unit or place after it adds nothing
    assert geo("at four thirty five ridgeway road comma the gate code is star four") == [
        "four thirty five ridgeway road"
    ]


def test_an_apartment_and_its_number_on_their_own_are_where_someone_lives() -> None:
    # the building is named, not its street: the apartment number still says where
    assert "apt 3114" in geo("Vangie lives at The Heritage at Brentwood, apt 3114.")
    assert "apt 1124" in geo("lives off the parkway by the outlets, apt 1124 at the complex")
    # an apartment with no number, or a dose after the word, is no address
    assert geo("she moved to an apartment near her son") == []
    assert geo("apartment 3/4 full of boxes") == []


def test_a_unit_read_out_after_at_or_with_its_letter() -> None:
    # a mobile-home lot or a numbered house after "at" is where someone lives
    assert "at lot nineteen" in geo("spk_1: we're still at lot nineteen in desert palms park")
    assert "at house two twelve" in geo("you still at house two twelve in the housing")
    # an apartment read out with its number and letter
    assert "apartment two b" in geo("spk_1: yes apartment two b as in boy")
    # near misses: no number after the word, or the number counts something else
    assert geo("she is at house parties every weekend") == []
    assert geo("they rent an apartment two blocks from the clinic") == []


def test_a_clock_time_before_dr_is_no_address() -> None:
    # "9:15 Dr L.": the minutes of a time, then the doctor; a house number has no clock before it
    assert geo("9:15 Dr L. dob 08/14/2019. pt called") == []
    assert geo("lives at 15 Elm Dr, Tucson") == ["15 Elm Dr, Tucson"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a street said with its direction and no street type, then the city or the unit
        (
            "spk_0: is this still four eleven west monroe in pflugerville\nspk_1: yes",
            "four eleven west monroe",
        ),
        (
            "caller: She lives at twenty-two twenty-two Northeast Klickitat, unit four, can someone come",
            "twenty-two twenty-two Northeast Klickitat",
        ),
    ],
)
def test_a_spoken_street_with_its_direction(text: str, want: str) -> None:
    got = [
        text[d.start : d.end]
        for d in inspect_payload({"transcription_text": text})
        if d.category is Category.GEO
    ]
    assert want in got, got


@pytest.mark.parametrize(
    "text",
    [
        "caller: we drove forty five minutes north in traffic",
        "caller: it was twelve thirty west of here in the morning",
        "caller: four eleven west monroe is a long way from here",  # no city or unit after it
    ],
)
def test_numbers_and_a_direction_that_are_no_street(text: str) -> None:
    got = [d for d in inspect_payload({"transcription_text": text}) if d.category is Category.GEO]
    assert got == [], got


def test_a_spoken_street_type_that_is_no_everyday_word() -> None:
    text = "agent: and the address we have is two oh eight magnolia bend is that still good"
    got = [
        text[d.start : d.end]
        for d in inspect_payload({"transcription_text": text})
        if d.category is Category.GEO
    ]
    assert got == ["two oh eight magnolia bend"], got
    # near miss: the word with no house number before it
    assert [d for d in inspect_payload({"transcription_text": "caller: it is just around the bend"})] == []


def test_a_state_or_country_someone_lives_in_is_no_identifier() -> None:
    assert geo("needs ride, son lives in Poland. gave # for Medicaid transport 614-555-0101") == []
    assert geo("she moved to Ohio last year, 614-555-0101") == []
    # near miss: a city is one
    assert geo("son lives in Houston now, 713-555-0101") == ["Houston"]


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("i'm in pike county", "pike county"),
        ("we live in washington county just outside hagerstown", "washington county"),
        ("she lives in jefferson parish", "jefferson parish"),
    ],
)
def test_a_county_said_in_lower_case_where_someone_is(text: str, county: str) -> None:
    assert county in geo(text)


@pytest.mark.parametrize(
    "text",
    [
        "the county fair is next week",
        "we moved to a different county",
        "ms. esparza from fresno county",  # an office's county
        "he was in the county jail",
    ],
)
def test_county_words_that_name_no_one_s_county(text: str) -> None:
    assert geo(text) == []


@pytest.mark.parametrize(
    ("text", "city"),
    [("agent: still rapid city?\ncaller: yeah", "rapid city"), ("Okay, that's Tucson? Yes.", "Tucson")],
)
def test_a_city_read_back_as_a_question(text: str, city: str) -> None:
    assert city in geo(text)


@pytest.mark.parametrize("text", ["agent: that's mesa?", "agent: is that still good?", "still open?"])
def test_a_read_back_question_that_names_no_city(text: str) -> None:
    assert geo(text) == []  # "mesa" is a common word too


def test_a_day_after_a_word_of_moving_is_no_city() -> None:
    assert geo("can I get my appt moved to Friday?") == []
    assert geo("she moved to Denver in March") == ["Denver"]


def test_a_spelled_letter_is_no_place() -> None:
    # "h as in henry": the alphabet of a spelling, not a town called Henry
    assert geo("The caller spelled it H as in Henry U E R T A") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("caller: she lives in mesa with my brother", "mesa"),
        ("caller: we live out in bend now", "bend"),
        ("caller: he's staying in orange till friday", "orange"),
    ],
)
def test_a_common_word_city_right_after_a_word_of_living_and_in(text: str, place: str) -> None:
    assert geo(text) == [place]


def test_a_common_word_city_after_a_later_preposition_is_none() -> None:
    # "works" is a word of where someone is, but "to start" is no town of Start, Louisiana
    assert geo("ya fri works ty!! also surgeon said ok to start the bike at 6 wks") == []


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("caller: we're in mesa off power road", "power road"),
        ("caller: we live in staunton on thornrose avenue", "thornrose avenue"),
    ],
)
def test_the_street_after_the_town_a_person_lives_in(text: str, street: str) -> None:
    assert street in geo(text)


def test_a_common_word_town_right_after_a_move_and_to() -> None:
    assert geo("caller: we're relocating to temple because of his job") == ["temple"]
    assert geo("caller: i'm in the lobby on the second floor") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("caller: i'm actually in vegas right now for work", "vegas"),
        ("caller: my cousin lives in little haiti", "little haiti"),
        ("caller: my sister lives down in south philly", "south philly"),
    ],
)
def test_a_city_nickname_or_neighbourhood_geonames_lacks(text: str, place: str) -> None:
    assert place in geo(text)


def test_the_callers_own_camp_or_house_is_theirs_and_a_later_in_after_a_word_of_living() -> None:
    assert geo("caller: we'll be at our camp in kenosha so on the laptop") == ["kenosha"]
    assert geo("caller: no he moved in with me in gilbert last week") == ["gilbert"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("agent: and where are you coming from\ncaller: lufkin we're at the motel", "lufkin"),
        ("Agente: de dónde nos habla\nPaciente: de von ormy pero trabajo en la ciudad", "von ormy"),
    ],
)
def test_the_answer_to_where_a_caller_lives_or_comes_from(text: str, place: str) -> None:
    assert geo(text) == [place]


def test_an_answer_to_where_someone_lives_that_names_no_place() -> None:
    assert geo("agent: where do you live\ncaller: with my daughter") == []


def test_a_common_word_town_before_its_state_said_in_passing() -> None:
    assert geo("caller: she was born in hope arkansas if that matters") == ["hope"]
    assert geo("caller: we drove up from orange texas for the appointment") == ["orange"]
    assert geo("caller: i hope arkansas is nice this time of year") == []
