"""Spoken forms: number words and spoken dates read as digits, and detections on the words said."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.fold import fold
from ctm_hipaa.phi.spoken_forms import normalize, spelled


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
        # "nineteen" is the day here, not the century: read again without the year joined
        ("dob\ncaller: eleven nineteen sixty one", "dob\ncaller: 11/19/61"),
        ("date of birth four four two thousand three", "date of birth 4/4/03"),
        ("she is a hundred and two", "she is a 102"),
        # Portuguese: "um" is one only in a run that has a word only Portuguese has
        ("vinte e dois de julho de setenta e nove", "22 de julho de 79"),
        ("nove sete três cinco cinco cinco zero um sete um", "9735550171"),
        ("um six one four five five five", "um 614555"),
        # a dash said aloud between digit groups is written
        ("five six eight dash zero two dash four four one nine", "568-02-4419"),
        ("a dash of salt and two", "a dash of salt and 2"),
        # and the marks dictation spells out: a comma, a slash, a dot between numbers
        ("six one five comma five five five comma zero three eight two period", "615-555-0382 period"),
        ("seen ten slash twenty two comma next", "seen 10/22 comma next"),
        ("dob one slash fourteen slash eighty two", "dob 1/14/82"),
        ("three oh three dot five five five dot oh five eight three", "303.555.0583"),
        ("a comma and two", "a comma and 2"),
        # a hesitation inside a reading, and the periods an engine puts between its groups
        ("six one two five five five uh zero one seven seven", "6125550177"),
        ("seven six three. five five five. oh one eight seven", "7635550187"),
        ("she's seventy. five of us came", "she's 70. 5 of us came"),  # no digit joins a count
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
        ("agent: is the 19th okay, morning?", "the 19th", Category.DATE),
        ("agent: assessment set for tomorrow the 3rd 8am", "tomorrow the 3rd", Category.DATE),
        ("recepcionista: su cita es el lunes doce para el papanicolaou", "lunes doce", Category.DATE),
        (
            "atendente: data de nascimento\ncliente: vinte e dois de julho de setenta e nove",
            "vinte e dois de julho de setenta e nove",
            Category.DATE,
        ),
        ("atendente: temos horário na quinta dia onze", "quinta dia onze", Category.DATE),
        # a run may open with "double": all nine digits, not the eight after it
        (
            "caller: his social is double five eight oh two four four one nine",
            "double five eight",
            Category.SSN,
        ),
        ("caller: it's double five five six one four oh one four two", "double five five", Category.PHONE),
        ("caller: six one two five five five uh zero one seven seven", "uh zero one", Category.PHONE),
        # a plate of three letters and three digits, and a card whose misheard digit breaks its check
        ("caller: a white ford plate l n g four four seven", "l n g four four seven", Category.VEHICLE),
        (
            "caller: on my visa four one one one two two nine eight seven seven six five four four one two",
            "four one one one two two",
            Category.ACCOUNT,
        ),
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
        "caller: a double room for two nights, three of us",
    ],
)
def test_ordinals_and_counts_that_are_no_date(text: str) -> None:
    assert not any(c is Category.DATE for _, c in transcript(text)), transcript(text)


@pytest.mark.parametrize(
    ("text", "chars"),
    [
        ("caller: it's s-o-k-o-l-o-v", "sokolov"),
        ("caller: P A L M Q U I S T", "palmquist"),
        ("caller: d as in david u f f y", "duffy"),
        ("caller: o apostrophe h a r a", "o'hara"),
        ("caller: that's two t's t t a v e r n i", "ttaverni"),
        ("llamante: be grande e ene i te e zeta", "benitez"),
        ("llamante: ge u te i e erre erre e zeta", "gutierrez"),
        ("caller: r nine four four one seven", "r94417"),
        ("caller: double m seven", "mm7"),
    ],
)
def test_spelled_letters_are_read(text: str, chars: str) -> None:
    runs = spelled(fold(text))
    assert [r.chars for r in runs] == [chars], runs


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("caller: it's for tobias van hoek, that's h o e k", "h o e k"),
        ("Caller: last name Ferreira, F E R R E I R A", "F E R R E I R A"),
        ("speaker 2: k as in kilo o z e l\nspeaker 1: thanks", "k as in kilo o z e l"),
        ("caller: it's dunleavy o as in oscar ... no d u n l e a v y", "d u n l e a v y"),
        ("caller: l i u", "l i u"),
        ("paciente: ene u eñe e zeta", "ene u eñe e zeta"),
        ("llamante: doble ve a ele de o", "doble ve a ele de o"),  # "de" is a letter beside "ele"
    ],
)
def test_spelled_names_are_names(text: str, want: str) -> None:
    assert (want, Category.NAME) in transcript(text), transcript(text)


def test_the_word_a_spelling_spells_is_a_name_where_it_is_said() -> None:
    text = "caller: it's imelda brackstone b r a c k s t o n e\nagent: thanks ms brackstone"
    got = transcript(text)
    assert ("imelda brackstone", Category.NAME) in got, got
    assert any(t == "brackstone" and c is Category.NAME for t, c in got), got


@pytest.mark.parametrize(
    "text",
    [
        "agent: your a one c came back at seven",
        "caller: they did an m r i and an e k g",
        "caller: the d o b on file is wrong",
        "caller: i i i don't know",
        "caller: um a e i o u",
        "llamante: y a de ahí se fue",  # Spanish words that are also letter names
        "caller: i d number is on the card",
    ],
)
def test_letters_that_spell_no_name(text: str) -> None:
    assert not any(c is Category.NAME for _, c in transcript(text)), transcript(text)


def test_a_spelled_run_with_digits_is_no_name() -> None:
    runs = spelled(fold("caller: it's w t four four one nine two"))
    assert [(r.chars, r.name) for r in runs] == [("wt44192", False)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("llamante: mi abuela tiene noventa y dos años", "noventa y dos"),
        ("llamante: es para mi tío de noventa y un años", "noventa y un"),
        ("caller: she'll be ninety one in june", "ninety one"),
        ("caller: my dad is a hundred and three", "hundred and three"),
        ("great-uncle will come too, he is ninety-two / text after five", "ninety-two"),
        ("caller: she just turned ciento uno", "ciento uno"),
    ],
)
def test_spoken_ages_over_89(text: str, want: str) -> None:
    assert (want, Category.AGE) in transcript(text), transcript(text)


@pytest.mark.parametrize(
    "text",
    [
        "llamante: mi hija tiene doce años",
        "caller: she is ninety percent better",
        "caller: he's eighty nine",
        "agent: it is ten thirty",
    ],
)
def test_spoken_numbers_that_are_no_age(text: str) -> None:
    assert not any(c is Category.AGE for _, c in transcript(text)), transcript(text)


def test_spoken_numbers_read_with_the_one_vocabulary_of_number_words() -> None:
    # "veintidós" (22) is read by the street-number scan too: it has no table of its own
    got = transcript("caller: vivo en el veintidós cero cinco kingfisher way")
    assert ("veintidós cero cinco kingfisher way", Category.GEO) in got, got


@pytest.mark.parametrize(
    ("text", "want", "cat"),
    [
        ("caller: my member id is w k two two nine one eight four", "w k two two nine", Category.HEALTH_PLAN),
        ("caller: the placard says t nine one one four two six", "t nine one one", Category.LICENSE),
        ("caller: passport number is c four four one eight two nine", "c four four", Category.LICENSE),
        ("caller: the label on it says q m four four one nine two", "q m four four", Category.DEVICE),
        ("llamante: el número de serie es k siete siete uno dos ocho", "k siete siete", Category.DEVICE),
        ("llamante: mi licencia es d cero cuatro cuatro uno nueve siete", "d cero cuatro", Category.LICENSE),
        (
            "llamante: su número de expediente es cero cero cuatro ocho uno dos",
            "cero cero cuatro",
            Category.MRN,
        ),
        ("llamante: el número de cuenta es tres tres uno cero nueve dos", "tres tres uno", Category.ACCOUNT),
        # an insurer's name is a health-plan cue, as it is before a typed id
        (
            "caller: my medi-cal number is nine one two three four five six seven",
            "nine one two",
            Category.HEALTH_PLAN,
        ),
        ("caller: i have aetna it's w two two four nine one eight", "w two two four", Category.HEALTH_PLAN),
        # letters and digits with no cue: an id of some kind
        ("caller: okay it's r w seven seven one nine four zero", "r w seven seven", Category.OTHER_ID),
        # a card read out: by its cue, or by its Luhn check
        (
            "agent: which card\ncaller: six one one one two two two two three three three three "
            "four four four four",
            "six one one one",
            Category.ACCOUNT,
        ),
        (
            "caller: it's four five three nine five seven eight seven six three six two one four eight six",
            "four five three nine",
            Category.ACCOUNT,
        ),
        (
            "llamante: con tarjeta sí cinco uno cinco cinco cuatro cuatro siete dos uno ocho nueve "
            "cero dos dos uno tres",
            "cinco uno cinco",
            Category.ACCOUNT,
        ),
    ],
)
def test_spoken_ids_by_the_cue_in_the_same_turn(text: str, want: str, cat: Category) -> None:
    got = transcript(text)
    assert any(c is cat and want in t for t, c in got), got


@pytest.mark.parametrize(
    "text",
    [
        "agent: your a one c was seven point two",
        "llamante: su número de confirmación es b siete siete cuatro uno nueve",
        "caller: the order number is k four four one nine two",
        "caller: i have a b twelve shot and a c",
    ],
)
def test_spoken_letters_and_digits_that_are_no_id(text: str) -> None:
    assert transcript(text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "caller: it's twenty one ten east thirty three hundred north",
            "twenty one ten east thirty three hundred north",
        ),
        (
            "llamante: vivo en el cuatro cuatro uno cinco calle las flores",
            "cuatro cuatro uno cinco calle las flores",
        ),
        ("llamante: es trescientos diez avenida juárez en ciudad", "trescientos diez avenida juárez"),
        ("llamante: en la avenida de los pinos nueve nueve dos", "avenida de los pinos nueve nueve dos"),
        ("llamante: calle morelos número doce treinta", "calle morelos número doce treinta"),
        # a street said by its name alone, then the gazetteer's city
        ("caller: ok so it's fifteen fifteen magnolia in hattiesburg", "fifteen fifteen magnolia"),
        ("caller: same as home two ten maple dubuque", "two ten maple"),
        ("agent: do we still have you at twenty nine oak knoll in asheville", "twenty nine oak knoll"),
        (
            "agent: is that still four eleven west monroe?\ncaller: yes",
            "four eleven west monroe",
        ),  # read back
    ],
)
def test_spoken_addresses(text: str, want: str) -> None:
    assert (want, Category.GEO) in transcript(text), transcript(text)


@pytest.mark.parametrize(
    "text",
    [
        "llamante: me caí en la calle ayer a las cinco y media",
        "llamante: la calle estaba cerrada dos días",
        "caller: we went north two miles then south",
        "caller: we have three two year olds in austin",  # a count, then the city
        "caller: it was twenty five dollars in tucson",
        "caller: i take two five milligram tablets daily",
        "trey: for self pay the visit is one twenty five plus x ray eighty five",
        "agent: did you say two north?",  # a direction, no street
    ],
)
def test_spoken_numbers_near_street_words_that_are_no_address(text: str) -> None:
    # the city after "in" is the caller's place ("in austin"); no number is part of an address
    spoken = ("two", "three", "five", "twenty", "eighty", "north", "calle", "cinco")
    geo = [found for found, c in transcript(text) if c is Category.GEO]
    assert not any(word in found.split() for found in geo for word in spoken), geo


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("llamante: es lupe punto garza arroba correo punto com", "lupe punto garza arroba correo punto com"),
        (
            "llamante: ana guion bajo ruiz arroba mail punto com punto mx",
            "ana guion bajo ruiz arroba mail punto com punto mx",
        ),
    ],
)
def test_spoken_emails_in_spanish(text: str, want: str) -> None:
    assert (want, Category.EMAIL) in transcript(text), transcript(text)


def test_a_negative_cue_that_names_something_else_does_not_hide_the_number_after_it() -> None:
    text = "agent: and your address for the claim form? eleven eleven lakeside trail"
    assert ("eleven eleven lakeside trail", Category.GEO) in transcript(text)
    assert transcript("caller: the claim number is four four one nine two") == []


@pytest.mark.parametrize(
    "text",
    [
        "agente: nuestro número es el seis uno cuatro cinco cinco cinco cero uno cuatro dos",
        "agente: si necesita algo llámenos al seis uno cuatro cinco cinco cinco cero uno cuatro dos",
        "caller: this is the pharmacy and our callback is six one four five five five oh one four two",
        "agent: you can call us back at six one four five five five oh one four two",
    ],
)
def test_the_practice_s_own_number_said_in_words_is_no_phi(text: str) -> None:
    assert transcript(text) == []


def test_the_caller_s_number_said_in_words_is_still_a_phone() -> None:
    text = "llamante: mi número es el seis uno cuatro cinco cinco cinco cero uno cuatro dos"
    assert ("seis uno cuatro cinco cinco cinco cero uno cuatro dos", Category.PHONE) in transcript(text)


@pytest.mark.parametrize(
    ("text", "want", "cat"),
    [
        ("caller: the plate is j k w four four one nine", "j k w four four one nine", Category.VEHICLE),
        ("caller: it's rural route three box two twelve", "rural route three box two twelve", Category.GEO),
        ("caller: send it to p o box four four one", "p o box four four one", Category.GEO),
        ("caller: bring it out to route one box two twenty", "route one box two twenty", Category.GEO),
        ("caller: it goes to Rural Route one, Box fifty-two", "Rural Route one, Box fifty-two", Category.GEO),
    ],
)
def test_spoken_plates_and_boxes(text: str, want: str, cat: Category) -> None:
    assert (want, cat) in transcript(text), transcript(text)


def test_a_listed_name_said_just_before_its_spelling_is_a_name() -> None:
    # the surname said, then the given name spelled
    got = transcript("caller: delgado m as in mary a r i s o l")
    assert ("delgado", Category.NAME) in got, got
    # a common word before a spelling is no name
    got = transcript("caller: yeah it's p a l m q u i s t")
    assert [t for t, c in got if c is Category.NAME] == ["p a l m q u i s t"], got


# ------------------------------------------------------------------------------------------------
# The other languages (data/number_words_intl.txt): read only in a run with a marker of the language


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # French: "quatre-vingt", "soixante-dix", teens after soixante and quatre-vingt, "mille neuf cent"
        ("deux un six cinq cinq cinq zéro quatre sept trois", "2165550473"),
        ("né le vingt et un mars mille neuf cent quatre-vingt-sept", "né le 21 mars 1987"),
        ("soixante-dix-huit, quatre-vingt-onze, soixante et un", "78, 91, 61"),
        ("quatre-vingts ans", "80 ans"),
        ("dix-sept", "17"),
        # Haitian Creole: "en", "de", "sis" are numbers only beside a Creole number word
        ("kat en de senk senk senk zewo twa sis nèf", "4125550369"),
        ("kenz oktòb mil nèf san katreven de", "15 oktòb 1982"),
        ("swasann-kenz an", "75 an"),
        # Vietnamese: digit by digit years, "mươi" tens, "năm" the year after "tháng <month>"
        ("tám một ba năm năm năm không hai bốn bảy", "8135550247"),
        ("ngày hai mươi mốt tháng tư năm một chín bốn lăm", "ngày 21 tháng 4 năm 1945"),
        ("tháng năm năm hai không không bảy", "tháng 5 năm 2007"),
        ("mười lăm, bốn mươi hai, một trăm linh năm", "15, 42, 105"),
        # Polish and Russian: ordinals are days and years, hundreds group phone numbers
        ("dwudziestego trzeciego listopada tysiąc dziewięćset sześćdziesiątego", "23 listopada 1960"),
        ("sześćset czterdzieści osiem pięćset pięćdziesiąt pięć", "648 555"),
        ("седьмое марта тысяча девятьсот пятьдесят шестого", "7 марта 1956"),
        ("восемь ноль один пять пять пять ноль три два семь", "8015550327"),
        # Tagalog: the Spanish-derived tens with "'y"
        ("siya ay otsenta'y singko na po", "siya ay 85 na po"),
        ("dalawa tatlo apat", "234"),
        # Arabic in chat letters: units before tens, "w" between
        ("khamsa w arba3een", "45"),
        ("alf w tmanmieh w sitta w sab3een", "1876"),
        ("sifr tis3a tmanya wa7ad", "0981"),
        # Brazilian Portuguese "meia" is six in a Portuguese run
        ("dois meia meia três", "2663"),
        # a phone number said in groups is one number; a plus before an international one
        (
            "sześćset sześćdziesiąt dwa pięćset pięćdziesiąt pięć zero dziewięć czterdzieści jeden",
            "6625550941",
        ),
        ("четыреста пятнадцать пятьсот пятьдесят пять ноль семь тридцать", "4155550730"),
        ("plis sen zewo en senk senk senk zewo", "plis sen 015550"),  # "sen" is no number: no plus
        ("plis senk zewo en twa sis", "+50136"),
        ("cộng tám tư", "+84"),
        # Dari digits
        ("do panj chahar panj panj panj sifr haft yak se", "2545550713"),
        # Vietnamese: the month after "tháng" joins no digit of the year after it
        ("tháng mười hai một chín tám bảy", "tháng 12 1987"),
    ],
)
def test_number_words_of_other_languages_read_as_digits(text: str, want: str) -> None:
    norm = normalize(fold(text))
    assert norm is not None
    assert norm.text == want


@pytest.mark.parametrize(
    "text",
    [
        # the words another language counts with are words here: no marker, no number
        "de la part de en haut",
        "my sis said ba hai is fine",
        "la casa de en frente",
        "she is in lima with isa",
        "w/ the dose at noon",
        "sept 5 appointment",  # English "sept" (September) is no French seven
    ],
)
def test_conditional_words_without_their_language_are_no_number(text: str) -> None:
    norm = normalize(fold(text))
    if "sept" in text:
        assert norm is None or "sept" in norm.text
    else:
        assert norm is None


def test_a_word_of_two_languages_reads_in_the_language_of_its_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from ctm_hipaa.phi import spoken_forms as sf

    # a made-up second reading of "ba" (eight in a language "zz"), as pinyin would add
    two = (*sf._ALL["ba"], sf._Reading("N", 8, "zz", True))
    monkeypatch.setitem(sf._ALL, "ba", two)
    monkeypatch.setitem(sf._ALL, "zzyi", (sf._Reading("N", 1, "zz", False),))
    monkeypatch.setattr(sf, "_INTL_MARKERS", sf._INTL_MARKERS | {"zzyi"})
    for text, want in (("ba một ba", "313"), ("ba zzyi ba", "818"), ("ba ba", None)):
        norm = normalize(fold(text))
        assert (norm.text if norm else None) == want


def test_english_runs_read_the_same_with_a_marker_elsewhere_in_the_text() -> None:
    # a marker word of another language sends the whole text to the word scan: English runs in it
    # read as the base pattern reads them
    english = "six one four, five five five dash oh one four two and march third nineteen sixty two"
    base = normalize(fold(english))
    mixed = normalize(fold(english + "\ntrois"))
    assert base is not None and mixed is not None
    assert mixed.text == base.text + "\n3"


@pytest.mark.parametrize(
    ("text", "want", "cat"),
    [
        (
            "Agente: date de naissance\nAppelante: le neuf août mille neuf cent soixante",
            "neuf août mille neuf cent soixante",
            Category.DATE,
        ),
        (
            "Appelante: mon numéro est quatre un deux cinq cinq cinq zéro sept trois huit",
            "quatre un deux cinq cinq cinq zéro sept trois huit",
            Category.PHONE,
        ),
        (
            "Moun ki rele: li fèt sèz desanm mil nèf san swasant",
            "sèz desanm mil nèf san swasant",
            Category.DATE,
        ),
        (
            "Người gọi: ngày mười hai tháng tám năm một chín sáu hai",
            "mười hai tháng tám năm một chín sáu hai",
            Category.DATE,
        ),
        (
            "Pacjent: urodzony czwartego maja tysiąc dziewięćset czterdzieści",
            "czwartego maja tysiąc dziewięćset czterdzieści",
            Category.DATE,
        ),
        (
            "Пациент: пятое июня тысяча девятьсот тридцать девятого",
            "пятое июня тысяча девятьсот тридцать девятого",
            Category.DATE,
        ),
        (
            "Caller: birthday niya ay kinse ng enero nineteen forty",
            "kinse ng enero nineteen forty",
            Category.DATE,
        ),
        (
            "Caller: tarikh miladi tis3a w 3ishreen nisan alf w tis3mieh w sitteen",
            "tis3a w 3ishreen nisan alf w tis3mieh w sitteen",
            Category.DATE,
        ),
        (
            "Recepcja: zapraszam w piątek trzynastego o dziewiątej",
            "piątek trzynastego",
            Category.DATE,
        ),
        (
            "Agent: il maw3id yom il sabt tmanta3sh",
            "yom il sabt tmanta3sh",
            Category.DATE,
        ),
        (
            "Caller: kaarawan niya a-disiotso ng mayo nineteen fifty two",
            "disiotso ng mayo nineteen fifty two",
            Category.DATE,
        ),
        (
            "Appelante: premier août mille neuf cent quarante-quatre",
            "premier août mille neuf cent quarante-quatre",
            Category.DATE,
        ),
        (
            "Llamante: el ocho del cuatro del cuarenta y nueve",
            "ocho del cuatro del cuarenta y nueve",
            Category.DATE,
        ),
        ("Caller: nasci em vinte do dez de sessenta e um", "vinte do dez de sessenta e um", Category.DATE),
    ],
)
def test_dates_and_phones_said_in_other_languages(text: str, want: str, cat: Category) -> None:
    assert (want, cat) in transcript(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("mon père a quatre-vingt-dix-sept ans", "quatre-vingt-dix-sept"),
        ("grann mwen gen katrevendis an", "katrevendis"),
        ("ông tôi chín mươi sáu tuổi", "chín mươi sáu"),
        ("babcia ma dziewięćdziesiąt osiem lat", "dziewięćdziesiąt osiem"),
        ("бабушке девяносто семь лет", "девяносто семь"),
        ("si lola ay nobenta'y tres na po", "nobenta'y tres"),
        ("jaddi 3umro tis3een w khamseh sene", "tis3een w khamseh"),
    ],
)
def test_ages_over_89_in_other_languages(text: str, want: str) -> None:
    assert (want, Category.AGE) in transcript(text)


@pytest.mark.parametrize(
    "text",
    [
        "elle a soixante-dix ans",
        "в девяносто седьмом году",
        "tháng sáu",  # June, or six months: no day, no year
        "she said 3 de 4 de nada",
    ],
)
def test_other_language_numbers_that_are_no_age_or_date(text: str) -> None:
    assert [c for _, c in transcript(text) if c in (Category.AGE, Category.DATE)] == []


def _phones(text: str) -> list[tuple[str, str]]:
    return [
        (d.category.value, text[d.start : d.end])
        for d in inspect_payload({"transcription_text": text})
        if d.category.value in ("PHONE", "HEALTH_PLAN", "DATE")
    ]


def test_a_phone_said_in_two_turns_is_one_number() -> None:
    # six digits end a turn, the agent acknowledges, the same speaker's next turn is the last four
    text = (
        "Agente: su teléfono\nLlamante: le hablo del siete uno tres cinco cinco cinco\n"
        "Agente: sí\nLlamante: cero uno ocho tres\nAgente: y su dirección"
    )
    assert _phones(text) == [("PHONE", "siete uno tres cinco cinco cinco"), ("PHONE", "cero uno ocho tres")]
    # with no acknowledgement between the turns
    assert len(_phones("caller: it's eight three two five five five\nagent: zero one one three\n")) == 2


def test_a_phone_said_in_three_turns_is_one_number() -> None:
    # the area code, the exchange and the line, each the end of the caller's turn
    text = (
        "agent: best number\ncaller: six one four\nagent: okay\ncaller: five five five\n"
        "agent: mhm\ncaller: oh one four two"
    )
    assert [t for _, t in _phones(text)] == ["six one four", "five five five", "oh one four two"]
    # near miss: counts said in turns, then a year
    counts = (
        "agent: how many\ncaller: one two three\nagent: ok\ncaller: four five six\n"
        "agent: and\ncaller: two thousand twelve"
    )
    assert _phones(counts) == []


def test_four_digits_that_go_on_are_no_phone_ending() -> None:
    # a year that starts a sentence is not the last four of a number
    text = "Caller: my zip is seven one three five five five\nAgent: ok\nCaller: two thousand twelve it was"
    assert not any(cat == "PHONE" for cat, _ in _phones(text))
    # six digits after an id cue stay the id's
    text = "Caller: member id seven one three five five five\nAgent: ok\nCaller: zero one eight three"
    assert ("PHONE", "zero one eight three") not in _phones(text)


def test_two_single_digits_before_a_said_year_are_month_and_day() -> None:
    def said(text: str) -> str:
        n = normalize(fold(text))
        return n.text if n is not None else text

    # no date cue, yet "one one nineteen fifty" is January 1, 1950, not eleven and a year
    assert said("dad one one nineteen fifty mom one one nineteen fifty six") == "dad 1/1/50 mom 1/1/56"
    # a number of more than one digit before the year keeps its reading without a cue
    assert said("room one twelve nineteen sixty") == "room 1 12 1960"
    # two digits alone stay one number
    assert said("extension one one please") == "extension 11 please"


def test_letters_spelled_in_french_and_polish() -> None:
    # "d comme david", "k jak karol": a letter and the word it is as, like "x as in word";
    # French "deux l" is "two l's"
    assert [s.chars for s in spelled(fold("aïssatou d comme david i a deux l o"))] == ["diallo"]
    assert [s.chars for s in spelled(fold("k jak karol o w jak wanda a ł jak łódka"))] == ["kował"]
    # "a comme" in a sentence ("il a comme symptôme ...") spells nothing
    assert spelled(fold("il a comme symptôme de la fièvre")) == []


@pytest.mark.parametrize(
    ("text", "want", "cat"),
    [
        # read out digit by digit, eight to fifteen digits: a number abroad, or one cut off
        (
            "caller: his number there plus six three nine one seven five five five zero one two two",
            "six three",
            Category.PHONE,
        ),
        (
            "caller: i only have my uk mobile oh seven seven oh oh nine oh oh one two three",
            "oh seven",
            Category.PHONE,
        ),
        (
            "caller: call me at seven eight six five five five oh one two sorry it cut",
            "seven eight",
            Category.PHONE,
        ),
        (
            "caller: it's the one on the letter, four four one nine oh two two seven three",
            "four four",
            Category.OTHER_ID,
        ),
    ],
)
def test_long_digit_runs_without_a_us_phone_shape_are_identifiers(
    text: str, want: str, cat: Category
) -> None:
    got = transcript(text)
    assert any(t.startswith(want) and c is cat for t, c in got), got


@pytest.mark.parametrize(
    "text",
    [
        "caller: the confirmation number is four four one nine oh two two seven three",  # a NEG cue
        "agent: our fax is six one four five five five oh one four two two",  # the practice's own
        "caller: it was twenty five hundred dollars and three fifty for the rest",  # amounts, not digits
    ],
)
def test_long_digit_runs_a_cue_says_are_no_phi(text: str) -> None:
    assert not any(c in (Category.PHONE, Category.OTHER_ID) for _, c in transcript(text)), transcript(text)


def test_a_day_said_alone_before_because_or_since_is_a_date() -> None:
    said = "caller: i need to move my infusion on the nineteenth because of my port flush"
    assert ("the nineteenth", Category.DATE) in transcript(said)
    # an ordinal of a place in a list is no day
    assert not any(c is Category.DATE for _, c in transcript("caller: she was the third on the list"))


def test_may_and_march_said_with_a_two_digit_year_after_a_word_of_birth() -> None:
    said = "caller: his birthday is may nine fifty nine please call me back"
    assert ("may nine fifty nine", Category.DATE) in transcript(said)
    assert not any(c is Category.DATE for _, c in transcript("caller: you may 2 go ahead"))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("caller: i had my knee replaced on the uh twenty eighth and then", "the uh twenty eighth"),
        ("keisha: his birthday is oh six one five twenty twenty two", "oh six one five twenty twenty two"),
    ],
)
def test_a_day_after_a_filler_and_a_birth_date_with_its_year_apart(text: str, want: str) -> None:
    assert (want, Category.DATE) in transcript(text), transcript(text)


def test_the_birthday_an_age_over_89_is() -> None:
    assert ("ninetieth", Category.AGE) in transcript("caller: it's my mom's ninetieth birthday saturday")
    assert not any(c is Category.AGE for _, c in transcript("caller: it's our fiftieth anniversary"))


def test_a_spanish_street_ends_at_its_line_and_a_postal_code_is_no_street_word() -> None:
    said = "Agente: y la troca la guarda en siete cinco uno calle ruiz\nCliente: sí ahí mismo"
    assert ("siete cinco uno calle ruiz", Category.GEO) in transcript(said)
    said = "Paciente: cuatrocientos veinte avenida pleasanton código postal siete ocho dos dos uno"
    assert ("cuatrocientos veinte avenida pleasanton", Category.GEO) in transcript(said)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("caller: my dad's ninety two and can't drive", "ninety two"),
        ("caller: grandma's like ninety three", "ninety three"),
        ("caller: hes 91 now", "91"),
        ("caller: she's almost ninety five", "ninety five"),
    ],
)
def test_an_age_a_relative_or_a_hedge_is_said_with(text: str, age: str) -> None:
    assert (age, Category.AGE) in transcript(text), transcript(text)


@pytest.mark.parametrize("text", ["caller: the copay is like 95", "caller: she's about 95 pounds"])
def test_a_hedged_number_that_is_no_persons_age(text: str) -> None:
    assert not any(c is Category.AGE for _, c in transcript(text))
