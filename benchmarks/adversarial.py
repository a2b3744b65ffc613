"""Adversarial payloads for the PHI detector: each generator builds a CTM record of about `size` bytes.

Every entry targets a pattern or loop that once cost time growing with the square of its input
(a regex restarted inside a long run of the characters it repeats, a rescan of the text before
each candidate, a list scanned per span). `make bench` prints ms/KB for each; the linearity test in
tests/phi/test_linear_time.py checks that 8 times the input costs at most 12 times the time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    n = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail


def _notes(text: str) -> Payload:
    return {"id": 1, "notes": text}


def _custom(value: str, key: str = "Notes") -> Payload:
    return {"id": 1, "custom_fields": {key: value}}


def _deep_wide(size: int) -> Payload:
    # nesting as deep as a body allows, then a wide list of numbers at the bottom: every leaf under
    # a long key chain
    depth = min(900, size // 64)
    leaves = max(1, (size - 8 * depth) // 3)
    node: Any = {"custom_fields": [1] * leaves}
    for i in range(depth):
        node = {f"k{i % 10}": node}
    return {"id": 1, **node}


GENERATORS: dict[str, Callable[[int], Payload]] = {
    # scanners.names._CONTACT, names._SPELLED: a capitalised word opens a candidate after every hyphen
    "hyphen_caps": lambda n: _custom(_repeat("A-", n, tail="A")),
    # scanners.spoken._SPOKEN_EMAIL: every letter of the local part opens a spoken e-mail
    "spoken_email": lambda n: _notes(_repeat("a-", n, tail="a at b dot zzz")),
    # scanners.spoken._TRAILING_LETTERS: letters after a number word, then a digit
    "trailing_letters": lambda n: _notes(_repeat(" a", n, head="one", tail=" 5")),
    # scanners.health._everyday: the dictated "colon", many, with the "comma" that makes it a mark last
    "dictated_colons": lambda n: _notes(_repeat("colon ", n, tail="comma")),
    # scanners.names field_values: a note of "key=value" name fields, each value a name to place
    "key_values": lambda n: _notes(_repeat("patient_first=ann ", n)),
    # scanners.names._FROM_LINE: e-mail sender lines, one a line
    "from_lines": lambda n: _notes(_repeat('From: "Ann Lee" <a@b.co>\n', n)),
    # keys._CAMEL: an all-caps custom-field key
    "caps_key": lambda n: _custom("x", key=_repeat("A", n)),
    # scanners.geo.COUNTY: capitalised hyphenated words before "County"
    "county": lambda n: _notes(_repeat("A-", n, tail="A x County")),
    # names: the agent-intro test rescanned the text before every candidate
    "title_names": lambda n: _notes(_repeat("Mr. Aaaa ", n)),
    "last_first": lambda n: _notes(_repeat("Smith, John ", n)),
    # scanners.phone._HeaderFax: the text before every phone number on the first line was rescanned
    "phones_one_line": lambda n: _notes(_repeat("(614) 555-0142 ", n, tail="\n")),
    # scanners.spoken.scan_spoken: every new span was compared with every span taken before
    "spoken_phones": lambda n: _notes(_repeat("five five five one two three four five six seven. ", n)),
    # spoken_forms.normalize: one run of number words as long as the text, every kind of word in it
    "spoken_words": lambda n: _notes(_repeat("twenty nineteen oh double five treinta y dos mil ", n)),
    # spoken_forms._word_runs: the other languages' words in one run as long as the text, with the
    # words of two meanings, compounds and Vietnamese "năm" after "tháng"
    "spoken_words_intl": lambda n: _notes(
        _repeat("trois de sis en ba quatre-vingt-dix-sept tháng năm năm w 3ishreen tlata ", n)
    ),
    # spoken_forms.normalize: a date cue before every run (each run is read as a date once)
    "spoken_dates": lambda n: _notes(_repeat("date of birth seven twenty three fifty nine, the third. ", n)),
    # scanners.phone._PHONE and ids._GROUPED_ID: digits spaced one by one, a cue before every run
    "spaced_digits": lambda n: _notes(_repeat("member id 1 0 8 8 4 2 7 1 9 W A 6 1 5 5 5 5 0 4 7 ", n)),
    # claims.Claims: many claimed spans from scanners that run one after the other
    "many_dates": lambda n: _notes(_repeat("3/4 (614) 555-0142 ", n)),
    # scanners.names._SUBJECT: blank lines before a sentence; scanners.spoken._RUN: spaces after a number word
    "blank_lines": lambda n: _notes(_repeat("\n", n // 2, tail="Dana called")),  # two JSON bytes a break
    "spaced_number": lambda n: _notes(_repeat(" ", n, head="one", tail="!")),
    # scanners.spoken._RUN: a hyphenated run of number words that does not end cleanly
    "hyphen_run": lambda n: _notes(_repeat("one-", n, tail="onex")),
    # scanners.spoken._SPOKEN_EMAIL: a long "x dot y dot ..." chain before " at "
    "dot_chain": lambda n: _notes(_repeat("a dot ", n, tail="at b dot zzz")),
    # phi.turns: many question-and-answer turns, each answer read by the answers and name scans
    "many_turns": lambda n: _notes(
        _repeat("agent: and your member id\ncaller: um one sec\ncaller: b four two nine oh\n", n)
    ),
    # phi.turns: one caller turn as long as the text after an address question (its words read once)
    "huge_answer": lambda n: _notes(_repeat("twelve oak lane ", n, head="agent: pickup address\ncaller: ")),
    # phi.turns._LINE_LABEL / _INLINE_LABEL: label-shaped words on every line and after every sentence
    "label_shapes": lambda n: _notes(_repeat("Aaa bbb ccc. Agent: x\n", n)),
    # phi.turns: WebVTT voices, each turn's body ending in a cue timing line; labels with a time
    "vtt_voices": lambda n: _notes(
        _repeat("<v Agent>what is your name\n\n00:00:01.000 --> 00:00:02.000\n", n)
    ),
    "timed_labels": lambda n: _notes(_repeat("Channel 1 (0:00:01): ok\n", n)),
    # scanners.answers._city: every turn a city question and its answer
    "city_answers": lambda n: _notes(_repeat("agent: what city\ncaller: oh its queen creek\n", n)),
    # scanners.geo._LOW_ADDRESS: every number opens a street of up to four words without a suffix
    "street_words": lambda n: _notes(_repeat("12 elm oak ash ", n)),
    # scanners.places, scanners.geo._ADDRESS: blanks after an address or its unit word, where a city,
    # a unit number or a ZIP is looked for
    "address_blanks": lambda n: _notes(_repeat(" ", n, head="12 elm st", tail="x")),
    "unit_blanks": lambda n: _notes(_repeat(" ", n, head="12 Elm St Apt", tail="!")),
    "low_unit_blanks": lambda n: _notes(_repeat(" ", n, head="12 elm st, apt", tail="!")),
    # scanners.geo: blanks after a cue word that a ZIP or a road's number would follow
    "zip_blanks": lambda n: _notes(_repeat(" ", n, head="zip", tail="!")),
    "road_blanks": lambda n: _notes(_repeat(" ", n, head="12 hwy", tail="!")),
    # scanners.geo._INTL_ADDRESS: capitalised hyphenated words before a street ending
    "hyphen_street": lambda n: _notes(_repeat("A-", n, tail="Astrasse 5, 12345 Berlin")),
    # scanners.hl7: many segments, each read by field and claimed between its components
    "hl7_segments": lambda n: _notes(_repeat("PID|1||77^^^H^MR||DOE^JO||19500101|||1 A ST^^B^KY^40509\n", n)),
    # scanners.url: dotted words that never reach a top-level domain and "/", and handles
    "dotted_hosts": lambda n: _notes(_repeat("a.b.c.d.e ", n, tail="x.com/y")),
    "handles": lambda n: _notes(_repeat("@a.b ", n)),
    # scanners.ids._LABEL: a label word and "#" before every token
    "labelled_ids": lambda n: _notes(_repeat("abc# 12345 ", n)),
    # scanners.card._CARD: digit groups joined by " - " and two spaces, never ending as a card
    "card_groups": lambda n: _notes(_repeat("4111 - 1111  ", n)),
    # scanners.geo.scan_abroad: a comma before a digit (a postal code?) in every few characters
    "comma_digits": lambda n: _notes(_repeat("Rue Aa 1, 2 ", n)),
    # scanners.geo.scan_abroad: a Japanese postal code after a word, each trying the address before it
    "japan_postal": lambda n: _notes(_repeat("1-2 Aa, Bb 123-4567 ", n)),
    # scanners.places: a gazetteer look-up before every ZIP, and after every "in" of a word of living
    "city_zips": lambda n: _notes(_repeat("boise 83702 ", n)),
    "lives_in": lambda n: _notes(_repeat("lives in boise, ", n)),
    # scanners.places._in_passing: a preposition before every gazetteer place
    "in_passing": lambda n: _notes(_repeat("was in boise near mesa from tyler to ", n)),
    # scanners.fields: place fields, each value as long as a value may be; keys with no separator
    "place_fields": lambda n: _notes(_repeat("city: aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp ; ", n)),
    "field_keys": lambda n: _notes(_repeat("|city town county", n)),
    # a street, then said commas and units after it
    # scanners.phone: six digits ending every line (a number said in two turns, never finished)
    "split_phones": lambda n: _notes(_repeat("a: 212 555\nb: ok\n", n)),
    "apartments": lambda n: _notes(_repeat("apt apt # apt 1/", n)),
    "said_units": lambda n: _notes(_repeat("at lot one two at house apartment two ", n)),
    "said_commas": lambda n: _notes(_repeat("1 elm st comma apt 1 comma unit 2 comma ", n)),
    # a street said with its direction, then blanks before the city or unit that never comes
    "direction_streets": lambda n: _notes(_repeat("four eleven west monroe ", n, tail="in")),
    "direction_blanks": lambda n: _notes(_repeat(" ", n, head="four eleven west monroe", tail="x")),
    # more dates in one answer: runs of number words after a date question
    "answer_dates": lambda n: _notes(
        _repeat("nine eleven twenty and ", n, head="agent: dates of birth\ncaller: ")
    ),
    # brackets after names: a short name before a whole one, a quoted nickname
    "short_names": lambda n: _notes(_repeat('Jess (Jessica Amankwah) Finn ("Finn") ', n)),
    "punto_chain": lambda n: _notes(_repeat("a guion bajo ", n, tail="arroba b punto zzz")),
    # spoken_forms.spelled: one run of single letters, of "x as in y", of Spanish letter names, each
    # as long as the text and ending in a word that is no item
    "spelled_letters": lambda n: _notes(_repeat("t h ", n, tail="xx")),
    "spelled_as_in": lambda n: _notes(_repeat("b as in boy ", n, tail="xx")),
    "spelled_letter_names": lambda n: _notes(_repeat("doble ele erre de ", n, tail="xx")),
    # scanners.names.lowercase: a cue before every word, and names joined by "and"
    "lower_cues": lambda n: _notes(_repeat("pt mom of ana and ines and my son lu y ", n)),
    # scanners.geo.STREETS: a crossing cue before every word pair, and street words that never end
    "crossings": lambda n: _notes(_repeat("by oak and elm and ", n, tail="x")),
    "lives_on": lambda n: _notes(_repeat("still on oak elm ", n, tail="x")),
    # names.nicknames: a bracket after every name and number
    "nicknames": lambda n: _notes(
        _repeat("Dana Whitfield (Dee) 614-555-0142 (Marj), Bo. try Lyle at 614 ", n)
    ),
    # names.echoes: every word a name said before
    "echoes": lambda n: _notes(_repeat("Dana Whitfield called. dana ", n)),
    "number_owners": lambda n: _notes(_repeat("Nou's # 651-555-0174 Mom's cell ", n)),
    # detector: every leaf under a long key chain
    # a health-keyed value that is nearly only identifiers (the date-or-id test must fail fast)
    "health_ids": lambda n: _custom(_repeat("rx 12345, ", n, tail="x"), key="medications"),
    # a trade's record read whole: salutations and "the ... team" sign-offs beside a health word
    "salutations": lambda n: _notes(_repeat("hello the a b c d e f g h team hi sofa fever, ", n)),
    # a non-Latin text with no health term (the other-script search runs over all of it)
    "script_text": lambda n: _notes(_repeat("мне нужно оплатить счёт 我想预约 ", n)),
    # scanners.script_names / script_places / cjk: cues, street words and numbers of other scripts
    "script_cues": lambda n: _notes(_repeat("我叫李明 周先生 김순자요 딸 그레이스 ирины петровна ", n)),
    "script_addresses": lambda n: _notes(
        _repeat("улица дом номер два 회원번호 일이삼 실번 애비뉴 사백 人民路二号 天河区 ulica m dwa ", n)
    ),
    "vietnamese": lambda n: _notes(_repeat("chú sáu ở ấp bình hòa xã long số hai đường lê văn sáu ", n)),
    "pinyin": lambda n: _notes(
        _repeat("yi jiu wu ba nian er yue shi ba hao jian shi jian she de ling yao ", n)
    ),
    "script_numbers": lambda n: _notes(
        _repeat("一九三五年十月二号 이공일 오오오 사월 구일 двадцать шестого ", n)
    ),
    "deep_wide": _deep_wide,
    # detector: many small custom fields, each key scanned as text (the slowest body per KB)
    "many_fields": lambda n: {"id": 1, "custom_fields": {f"k{i}": "x" for i in range(n // 15)}},
    # detector: a long key (scanned as text) over a wide list of leaves
    "long_key_list": lambda n: {"id": 1, "custom_fields": {"A" * (n // 4): [1] * (n // 4)}},
}


def body_size(payload: Payload) -> int:
    """Bytes of the payload as a JSON body."""
    return len(json.dumps(payload).encode())
