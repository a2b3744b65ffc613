"""The name scanner's parts, each on its own: what it finds, and what it leaves to the others."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.claims import Claims
from ctm_hipaa.phi.fold import fold
from ctm_hipaa.phi.scanners.names import NameScanner, is_business_name


def part(
    name: str, text: str, agents: frozenset[str] = frozenset(), claimed: Claims | None = None
) -> list[str]:
    """The names one part of the scanner finds in `text` (the other parts not run)."""
    scanner = NameScanner(fold(text), claimed or Claims(), agents)
    getattr(scanner, name)()
    return [text[s:e] for s, e, _ in scanner.spans]


def test_speaker_labels_after_a_message_time_or_recurring_are_names_roles_are_not() -> None:
    text = "[4:24 AM] Tomasz: hey\n[4:25 AM] Visitor: hi\nTomasz: ok"
    assert part("speaker_labels", text) == ["Tomasz", "Tomasz"]
    assert part("speaker_labels", text, agents=frozenset({"tomasz"})) == []


def test_non_latin_runs_are_names() -> None:
    assert part("nonlatin_runs", "Caller 王小明 asked about 김민준 today") == ["王小明", "김민준"]


def transcript_names(text: str) -> list[str]:
    found = inspect_payload({"transcription_text": text})
    return [text[d.start : d.end] for d in found if d.category is Category.NAME]


def test_non_latin_runs_end_at_a_line_and_a_claimed_word_and_an_agents_prompt_is_none() -> None:
    # full-width colons open Chinese speaker turns: the labels are roles, not names
    zh = "前台：你好 请问病人叫什么名字\n来电者：王秀兰\n前台：好的\n来电者：谢谢"
    assert "前台" not in transcript_names(zh) and "来电者" not in transcript_names(zh)
    assert "王秀兰" in transcript_names(zh)
    # a run stops at a number the other scanners claimed; the words after it are read again
    ru = "Регистратура: телефон\nПациент: девять один семь пять пять пять ноль один два два дочка галина"
    assert any("галина" in n for n in transcript_names(ru))
    # the agent's short prompt in the caller's language is no name
    prompt = (
        "Регистратура: дата рождения\nПациент: двенадцатое апреля\n"
        "Регистратура: адрес пациента\nПациент: тот же"
    )
    found = transcript_names(prompt)
    assert "дата рождения" not in found and "адрес пациента" not in found
    # in English the caller's turn may open with a name after the label
    assert "dolores ybarra" in transcript_names("Agent: and you are\nCaller: dolores ybarra\nAgent: thanks")


def test_self_introductions_in_the_other_languages_callers_speak() -> None:
    opening = "Agent: thank you for calling the clinic how can i help you today\n"
    cases = [
        ("Appelante: bonjour je m'appelle aminata diallo j'ai besoin d'un rendez-vous", "aminata diallo"),
        ("Người gọi: dạ chào chị tên tôi là trần văn hùng tôi muốn đặt lịch khám", "trần văn hùng"),
        ("Người gọi: alo tôi là lê thị hạnh tôi gọi về kết quả xét nghiệm", "lê thị hạnh"),
        ("Người gọi: con gái tôi tên là nguyễn minh châu bé bị sốt", "nguyễn minh châu"),
        ("Caller: ang pangalan ko po ay rolando cruz yung anak ni lola", "rolando cruz"),
        ("Pacjent: dzień dobry nazywam się wojciech nowicki dzwonię w sprawie wyników", "wojciech nowicki"),
        ("Caller: bonjou mwen rele jacqueline pierre mwen bezwen yon randevou", "jacqueline pierre"),
    ]
    for said, name in cases:
        assert any(name in n for n in transcript_names(opening + said)), said
    # "I am" before a word that is no listed name, and the agent asking the caller's name
    for said in (
        "Người gọi: tôi là bệnh nhân cũ của bác sĩ",
        "Appelante: je suis malade depuis lundi et je tousse beaucoup",
        "Pacjentka: tu chodzi o wyniki badań krwi",
    ):
        assert transcript_names(opening + said) == [], said
    assert "gì" not in " ".join(transcript_names(opening + "Nhân viên: cô tên gì ạ\nNgười gọi: dạ"))


def test_answers_in_the_other_languages_start_after_their_fillers() -> None:
    vi = "Staff: dạ mẹ chị tên gì ngày sinh\nCaller: mẹ tên võ thị bé sinh ngày mùng một\nStaff: dạ"
    found = transcript_names(vi)
    assert any("võ thị bé" in n for n in found) and "mẹ" not in found
    fr = "Agent: votre prénom\nAppelante: oui aurélie avec un accent\nAgent: merci"
    assert any("aurélie" in n for n in transcript_names(fr))


def test_a_relative_named_in_the_other_languages_callers_speak() -> None:
    opening = "Agent: thank you for calling the clinic how can i help you today\n"
    cases = [
        ("Appelante: ou mon mari mamadou trois un trois cinq cinq cinq", "mamadou"),
        ("Patiente: ah bon ma sœur aminata aussi l'avait à dakar", "aminata"),
        ("Caller: bas zawji haidar 3inda shughul", "haidar"),
        ("Caller: baddi akallem il doktora 3an binti rahaf 3omra sita3sh sene", "rahaf"),
        ("Caller: pitit gason m wilner ap vini chèche m", "wilner"),
        ("Dzwoniący: albo do córki marty osiemset czterdzieści siedem", "marty"),
        ("Voicemail: dzwonię w imieniu mojej żony haliny ona ma wizytę jutro", "haliny"),
        ("Son: mieszka sam tylko sąsiadka pani jadzia zagląda", "jadzia"),
    ]
    for said, name in cases:
        assert any(name in n for n in transcript_names(opening + said)), said
    # a greeting that calls the agent "sister" is no relative
    assert "ana" not in " ".join(transcript_names(opening + "Caller: ya ukhti ana baddi maw3ed la abouy"))


def test_a_first_name_that_is_a_word_after_mom_of_and_the_name_after_and() -> None:
    said = "rep: how can i help you\ncaller: hi um this is ximena mom of santi and lucia arguello\nrep: ok"
    found = transcript_names(said)
    assert "santi" in found and "lucia arguello" in found
    assert transcript_names("caller: my son will be there at noon") == []


def test_nicknames_contractions_and_double_first_names() -> None:
    said = "Caller: his name is mordechai greenberg everyone calls him motke he's ninety nine"
    assert "motke" in transcript_names(said)
    assert "bubba" in transcript_names("Caller: his name is robert but people call him bubba")
    # "Hi, I've ...": a pronoun's contraction is no name
    assert transcript_names("Speaker 1: Hi, I've got a big oak that's sick.") == []
    assert transcript_names("Speaker 1: Hi, I'd like to book Botox.") == []
    # two listed first names joined by a hyphen
    assert "Jean-Robert" in transcript_names("Siblings: Fabiola (in Miami) and Jean-Robert. Done.")
    assert transcript_names("The printer from Hewlett-Packard is broken.") == []


def test_the_answer_to_a_name_question_is_a_name_after_fillers_and_in_last_first_order() -> None:
    assert part("answers", "Agent: who am I speaking with?\nCaller: yeah it's Dolores Ybarra") == [
        "Dolores Ybarra"
    ]
    assert part("answers", "Agent: and your full name? Caller: Whitfield, Dana") == ["Whitfield, Dana"]


def test_cue_led_names_and_the_agent_introducing_themself() -> None:
    assert part("cued", "my name is Dana Whitfield and my son Jun needs a visit") == ["Dana Whitfield", "Jun"]
    assert part("cued", "re: Kowalczyk, Ingrid") == ["Kowalczyk, Ingrid"]
    assert part("cued", "re: Suboxone refill") == []
    assert part("cued", "Patient: de la Cruz, Hannelore") == ["de la Cruz, Hannelore"]
    assert part("cued", "Agent: thank you for calling, this is Kim speaking") == []


def test_the_name_opening_a_contact_line() -> None:
    assert part("contact_lines", "Camila Fernandes, camila@example.com, (914) 555-0142") == [
        "Camila Fernandes"
    ]


def test_the_words_before_a_relationship_in_brackets() -> None:
    assert part("kin_brackets", "Emergency contact Tadeo Villanueva (grandfather)") == ["Tadeo Villanueva"]
    assert part("kin_brackets", "Emergency contact Rosa Delgado (Step-Daughter)") == ["Rosa Delgado"]
    assert part("kin_brackets", "Refill for Camila Restrepo (pharmacy)") == []  # no relative in brackets


def test_a_name_opening_a_note_sentence() -> None:
    assert part("sentence_subjects", "Left a message. Ingrid called about her refill.") == ["Ingrid"]
    assert part("sentence_subjects", "Left a message. Prefers calls after 5.") == []


def test_listed_first_names_and_surnames_but_not_doctors_or_ambiguous_words() -> None:
    assert part("listed", "Spoke with Maria Gonzalez and Dr. Patel; Hope was there") == ["Maria Gonzalez"]
    assert part("listed", "Reviewed by Okafor Smith") == ["Okafor Smith"]
    # both words in the large lists and neither a frequent word: a name; "Grant Street" is not
    assert part("listed", "Dashiell Ocejo asked about Grant Street parking") == ["Dashiell Ocejo"]


def test_an_initial_and_a_surname() -> None:
    assert part("initials", "Seen by M. Khan and R. Van der Berg") == ["M. Khan", "R. Van der Berg"]


def test_lower_case_names_after_a_strong_cue_stop_at_common_words() -> None:
    text = "caller says my name is dolores ybarra and i need a refill for my daughter madison"
    assert part("lowercase", text) == ["dolores ybarra", "madison"]


def test_lower_case_names_after_roles_and_kinship_words_in_a_note_that_has_capitals() -> None:
    # a note is not mostly lower case, so the first word must be a listed name; its surname need not be
    note = "pt rosalind brackwater dob 4/2/58 c/o R ear pain. dtr annabeth will pick up, husband corbin too"
    assert part("lowercase", note) == ["rosalind brackwater", "annabeth", "corbin"]
    assert part("lowercase", "pt will call back. mom may bring him, pt ambulating well. Pt seen by PCP") == []


def test_lower_case_names_after_titles_nicknames_and_self_introductions() -> None:
    assert part("lowercase", "gracias señor ocejo, y la señora amparo") == ["ocejo", "amparo"]
    # the words a cue may open with are found from the cue file: "im" for "i'?m", "great" for "great-aunt"
    assert part("lowercase", "hi im haruki and my great-aunt yolanda called") == ["haruki", "yolanda"]
    text = "sorry to hear that mr ashworth\nhis name is teodoro we call him bartie and she goes by peaches"
    assert part("lowercase", text) == ["ashworth", "teodoro", "bartie", "peaches"]
    assert part("lowercase", "we call him the boss. my father is desmond ocejo he's ninety") == [
        "desmond ocejo"
    ]
    assert part("lowercase", "agent: and your first name\ncaller: yes first name teodoro") == ["teodoro"]
    assert part("lowercase", "caller: hi yes i'm haruki matsumoto i'm calling about my hearing aid") == [
        "haruki matsumoto"
    ]
    assert part("lowercase", "caller: i'm sorry i'm not sure thank you we'll call my son he's fine") == []


def test_spanish_and_portuguese_lower_case_names_keep_their_particles() -> None:
    text = (
        "llamante: se llama ramiro ocejo del valle y necesita su receta\n"
        "llamante: yo soy eulalia le hablo por mi tía amparo de los cisneros\n"
        "cliente: meu nome é leonor aranda e preciso de uma vacina"
    )
    assert part("lowercase", text) == [
        "ramiro ocejo del valle",
        "eulalia",
        "amparo de los cisneros",
        "leonor aranda",
    ]


def test_a_self_introduction_in_the_agent_turn_is_the_agent_not_a_caller() -> None:
    text = "agente: clínica norte habla rosaura\nllamante: buenas soy hortensia quill"
    assert part("lowercase", text) == ["hortensia quill"]


def test_weak_cues_take_a_listed_given_name_and_surname_only() -> None:
    text = "referred by winifred castellano (former client). refill req - lisinopril 20mg. sent to gray"
    assert part("lowercase", text) == ["winifred castellano"]
    assert part("lowercase", "family drives sometimes - gray sedan, plate on file") == []
    # two rare words closing a clause after a weak cue; "last, first" with a listed given name
    note = "pre-travel consult - brackwater quennell, trip dec 18. local move - ocejo, desmond. from x"
    assert part("lowercase", note) == ["brackwater quennell", "ocejo, desmond"]
    assert part("lowercase", "refill req - lisinopril hctz, 20mg. visit - croupy cough, fever") == []


def test_lower_case_last_first_after_a_strong_cue_and_names_joined_by_and() -> None:
    assert part("lowercase", "iPLEDGE pt - ashworth-lyle, desmond. needs monthly test") == [
        "ashworth-lyle, desmond"
    ]
    text = "caller: hi this is yolanda mom of teodoro and inés aranda"
    assert part("lowercase", text) == ["yolanda", "teodoro", "inés aranda"]


def test_a_speaker_label_is_no_cue() -> None:
    assert part("lowercase", "agent: and the drug\npatient: marguerite point three five") == []


def test_a_brand_name_before_its_generic_drug_is_not_a_person() -> None:
    text = "Stopped Heather (norethindrone) in May. Refill for Camila Restrepo; Yolanda (daughter) called"
    assert part("listed", text) == ["Camila Restrepo", "Yolanda"]


def test_a_pill_that_is_a_given_name_is_the_pill_where_the_words_around_it_speak_of_taking_it() -> None:
    def names(text: str) -> list[str]:
        return [
            text[d.start : d.end] for d in inspect_payload({"notes": text}) if d.category is Category.NAME
        ]

    for text in (
        "she takes Heather daily",
        "refill on her Camila birth control",
        "switched to Errin last month",
        "out of my Ella pills",
        "toma Camila desde enero",
    ):
        assert names(text) == [], text
    # the same words as people
    assert names("Heather called about her refill") == ["Heather"]
    assert names("I spoke with Heather on Monday") == ["Heather"]
    assert names("Heather takes Camila") == ["Heather"]


def test_a_sentence_subject_that_is_a_word_or_a_health_term_is_no_name() -> None:
    text = "Left a message. Relative reports a fall. Polysomnography rescheduled. Royal called back."
    assert part("sentence_subjects", text) == ["Royal"]
    # a given name ending in "s" opens a sentence as a name; a verb ending in "s" does not
    assert part("sentence_subjects", "Precious says son has asthma. Prefers calls after 5.") == ["Precious"]


def test_business_caller_ids_and_name_fields_are_not_people() -> None:
    for value in (
        "MEMORIAL HEALTH",
        "CorVel Corp",
        "TUCSON MEDICAL CTR",
        "NORTHSIDE SENIOR LIV",
        "ELM FAMILY CL",
        "PALMETTO EAP",
        "CORAL RIDGE TOWERS HOA",
    ):
        assert is_business_name(value), value
    # a business named with medicine's words, greeted by the caller
    assert part("cued", "Hey Bicycle ER, this is Greg Walczak") == ["Greg Walczak"]
    for value in (
        "DESTINY LAW",
        "LAW DESTINY",
        "ORTIZ FAMILY",
        "Maya Church",
        "Dana Whitfield",
        "Law",
        "LINK JOHN",
    ):
        assert not is_business_name(value), value


def test_spelled_names() -> None:
    assert part("spelled", "last name is Barton, spelled B-A-R-T-O-N, or s m i t h") == [
        "B-A-R-T-O-N",
        "s m i t h",
        "Barton",  # the word spelled, where it is said
    ]


def test_claimed_spans_are_left_alone_and_a_found_name_is_not_found_again() -> None:
    text = "my name is Dana Whitfield"
    claimed = Claims()
    claimed.add(11, 25)  # another scanner took "Dana Whitfield"
    assert part("cued", text, claimed=claimed) == []
    scanner = NameScanner(fold(text), Claims(), frozenset())
    assert [text[s:e] for s, e, _ in scanner.scan()] == ["Dana Whitfield"]  # cued, not listed again


def test_a_language_or_nationality_after_a_cue_is_no_name() -> None:
    def names(text: str) -> list[str]:
        return [
            text[d.start : d.end] for d in inspect_payload({"notes": text}) if d.category is Category.NAME
        ]

    assert names("pt Somali speaker, son interprets") == []
    assert names("pt Haitian Creole only") == []
    assert names("pt Vietnamese speaking, daughter translating") == []
    assert names("pt Karen Whitfield called") == ["Karen Whitfield"]  # a given name first


def names_in(payload: dict[str, object], path: str) -> list[str]:
    text = payload[path]
    assert isinstance(text, str)
    return [
        text[d.start : d.end]
        for d in inspect_payload(payload)
        if d.path == path and d.category is Category.NAME
    ]


def test_a_name_said_again_alone_is_the_same_name() -> None:
    text = "agent: hi this is debbie\ncaller: my name is earl mccubbins\nagent: okay earl let me pull you up"
    assert names_in({"transcription_text": text}, "transcription_text") == ["earl mccubbins", "earl"]
    # the caller's name fields say who the text's bare first name is; a possessive keeps its "'s" out
    note = "Vm re refill. Tanisha's # 651-555-0174, call after 5"
    assert names_in({"name": "Tanisha Boykin", "notes": note}, "notes") == ["Tanisha"]
    # the agent's name, and a word the name lists do not have, are not echoed
    assert (
        names_in(
            {"agent": {"name": "Debbie Ruiz"}, "name": "Debbie Ruiz", "notes": "debbie called back"}, "notes"
        )
        == []
    )


def test_function_words_of_a_language_the_lists_do_not_know_are_not_echoed() -> None:
    text = "Nhân viên: dạ chào chú sáu\nNgười gọi: chú hết thuốc rồi"
    assert "chú" not in names_in({"transcription_text": text}, "transcription_text")


def test_names_cased_as_names_are_hyphenated_camel_or_after_a_bullet() -> None:
    assert names_in({"notes": "Vm from LaDonna Fite about her strips"}, "notes") == ["LaDonna Fite"]
    assert names_in({"notes": "Consult booked for Precious Okafor-Lee"}, "notes") == ["Precious Okafor-Lee"]
    assert names_in({"summary": "• Marcella Tso-Chee called to ask"}, "summary") == ["Marcella Tso-Chee"]
    assert names_in({"summary": "**Summary:** Marguerite Pelletier-Dunn called"}, "summary") == [
        "Marguerite Pelletier-Dunn"
    ]
    assert names_in({"notes": "- Prefers calls after 5"}, "notes") == []


def test_a_caller_greeting_the_agent_by_name_then_saying_it_is_them() -> None:
    text = "agent: hi this is debbie\ncaller: hey debbie it's earl mccubbins i need a refill"
    assert names_in({"transcription_text": text}, "transcription_text") == ["earl mccubbins"]


def test_a_kinship_word_names_the_relative_even_by_a_word_that_is_a_name_too() -> None:
    text = "caller: hi i'm calling for my son will he's been wheezing"
    assert names_in({"transcription_text": text}, "transcription_text") == ["will"]
    assert (
        names_in({"transcription_text": "caller: my son will be there at noon"}, "transcription_text") == []
    )
    assert names_in({"transcription_text": "caller: my kuya edwin uses oxygen"}, "transcription_text") == [
        "edwin"
    ]
    # the pronoun after a French kinship word is no name
    text = "appelant: pour ma grand-mère elle a de la fièvre"
    assert names_in({"transcription_text": text}, "transcription_text") == []


def test_a_lower_case_name_keeps_its_inner_particles_and_the_words_after_them() -> None:
    # particles do not count towards a name's four words; "los", "las", "do" are particles too
    assert part("lowercase", "my name is maria de la luz garcia") == ["maria de la luz garcia"]
    text = "soy maria de los angeles ruiz y llamo por mi hijo"
    assert part("lowercase", text) == ["maria de los angeles ruiz"]


def test_the_name_someone_goes_by_beside_their_name_or_number() -> None:
    def names(text: str) -> list[str]:
        found = inspect_payload({"notes": text})
        return [text[d.start : d.end] for d in found if d.category is Category.NAME]

    assert "Vangie" in names("pt Evangeline Guidry (Vangie), 93, end-stage")
    assert "Jide" in names('Babajide ("Jide") Adeyemi, 2215 Cartwright Rd')
    assert names("816-555-0448 (Marj) / 816-555-0519 (Wendell)") == ["Marj", "Wendell"]
    assert names("text 206-555-0471 (Mariko, daughter).") == ["Mariko"]
    assert "Bo" in names("Caller: Boleslaw Grabowski, Bo. March thirty-first.")
    assert "Gigi" in names("Genevieve LaRoche (goes by Gigi), ninety one")
    # a relative, a role, an acronym or a common word in brackets is no nickname
    for text in (
        "Dana Whitfield (daughter) called",
        "call 614-555-0142 (Main)",
        "copay $30 (PEHP)",
        "Dana Whitfield, Tuesday.",
        "Dana Whitfield. Thanks.",
    ):
        assert names(text) in ([], ["Dana Whitfield"]), text


def test_a_chat_bot_or_an_agent_introducing_itself_is_no_caller() -> None:
    text = "Bot: Hi there! I'm Vee, Lakeview's virtual assistant.\nVisitor: hi I'm Dana Whitfield"
    assert part("cued", text) == ["Dana Whitfield"]
    # a label whose side is only the call's order may be the caller's own voicemail
    assert part("cued", "Speaker 0: Hi, I'm Dana Whitfield calling about my mom") == ["Dana Whitfield"]


def test_a_given_name_right_before_a_number_is_its_owner_and_a_relative_of_someone_is_cued() -> None:
    assert part("number_owners", "if I don't pick up try Lyle at eight six four 5 5 5") == ["Lyle"]
    assert part("number_owners", "My wife's number is better, Krystyna, 773-555-0289.") == ["Krystyna"]
    # the practice's staff and a business are no owner
    assert part("number_owners", "call Dr. Patel at 614-555-0100 or Walgreens at 614-555-0111") == []
    assert "Nkem" in part("cued", "hi, it's Liesel, mom of Nkem and Soren")


def _note_names(text: str) -> list[str]:
    return [text[d.start : d.end] for d in inspect_payload({"notes": text}) if d.category is Category.NAME]


def test_the_name_a_person_goes_by_before_their_whole_name_in_brackets() -> None:
    assert "Jess" in _note_names("The caller, who gave her name as Jess (Jessica Amankwah), asked")
    assert "Bree" in _note_names("cx'd consult for Bree (last name Whitlock), wants virtual")
    # a capitalised word before a quoted nickname in brackets: both are the person's
    got = _note_names('IEP meeting for Finnegan ("Finn"), age 8')
    assert "Finnegan" in got and "Finn" in got, got


def test_no_short_name_from_a_relative_or_a_quoted_product() -> None:
    assert _note_names("Daughter (Rosa Diaz) called back") == ["Rosa Diaz"]
    assert _note_names('Our new product ("Glow") launched') == []


def test_a_patients_last_name_after_pt_and_how_it_is_written() -> None:
    # "pt last name" is one cue; "(hyphenated)" says how the name is written, it is no generic drug
    got = _note_names("dob 08/14/2019. pt last name Ochoa-Reyes (hyphenated) - chart #LSP-00418829")
    assert "Ochoa-Reyes" in got, got


def test_a_brand_and_its_generic_in_brackets_is_still_no_name() -> None:
    assert _note_names("stopped Camila (norethindrone) last month") == []


def test_last_first_after_a_word_for_the_customer() -> None:
    assert "Ngata" in _note_names("HD install referral: cust Ngata, Tevita 385-555-0116 - new mini split")
    assert _note_names("cust Service, Repair needed") == []  # common words are no name


def test_caller_id_abbreviations_of_a_business() -> None:
    # carriers cut "health" to "HLTH"; a rental counter, a hospital named "Memorial ...", the relay
    # service that carries a deaf caller's call, a property manager
    for value in (
        "ST LUKES HLTH",
        "UMD STUDENT HLTH",
        "ENTERPRISE RENT",
        "MEMORIAL HERMANN",
        "TX RELAY",
        "CRESTLINE PM",
    ):
        assert is_business_name(value), value
    # near misses: a person's name in capitals
    for value in ("LUKE HARTLEY", "HERMANN OKAFOR", "LINK JOHN"):
        assert not is_business_name(value), value


def test_one_word_between_this_is_and_calling_is_the_callers_name() -> None:
    text = "Agent: thanks for calling this is ruben\nCaller: yes hi this is hung calling about my wife"
    assert transcript_names(text) == ["hung"], transcript_names(text)


def test_a_desk_or_a_filler_between_this_is_and_calling_is_no_name() -> None:
    for text in (
        "Caller: hi this is billing calling about a statement",
        "Caller: hi this is dispatch calling",
        "Caller: hi this is just calling to check",
        "Caller: this is mom calling",
    ):
        assert transcript_names(text) == [], text


def test_a_listed_surname_right_after_a_nickname_is_the_rest_of_the_name() -> None:
    text = "spk_1: shaquille but everybody calls me shaq holloway\nspk_0: date of birth"
    assert "shaq holloway" in transcript_names(text), transcript_names(text)
    # near miss: the word after the nickname is no surname
    assert transcript_names("caller: we call him teddy and he likes trucks") == ["teddy"]


def test_whose_number_a_note_gives_is_a_name() -> None:
    assert "Nou" in _note_names("Mom also has diabetes, takes metformin. Nou's # 651-555-0174.")
    # near misses: a relative named by kin, the practice's staff, a day
    for text in ("Mom's cell 651-555-0174", "Dr. Lee's line 651-555-0174", "Today's # 651-555-0174"):
        assert _note_names(text) == [], text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hey can i move my appt to thursday? - Tasha", "Tasha"),
        ("Running 10 min late sorry! Faith", "Faith"),  # a given name that is also a word
        ("ok thanks! -Bill", "Bill"),
        ("Can Declan come in at 4 instead? Thx Maeve", "Maeve"),
        ("calling for my auntie bernice williams", "bernice williams"),  # kin words
        ("my boy bobby ray needs to get seen", "bobby ray"),
    ],
)
def test_a_message_s_sign_off_and_a_name_after_kin_words(text: str, name: str) -> None:
    assert name in [
        text[d.start : d.end] for d in inspect_payload({"notes": text}) if d.category is Category.NAME
    ]


@pytest.mark.parametrize(
    "text",
    [
        "can we do it the first week of May",  # a month
        "Sounds good. Ok",  # a word some name lists hold
        "booked with Dr. Ruiz",  # the practice's doctor
        "Fertility - IUI",  # a label's parts
        "Oscar",  # a field's lone word signs nothing off
        "my boy is sick again",
    ],
)
def test_last_words_that_sign_nothing_off(text: str) -> None:
    assert not any(d.category is Category.NAME for d in inspect_payload({"notes": text}))


def test_a_country_or_state_after_a_preposition_is_no_name() -> None:
    assert _note_names("Visitor from Jordan, needs Symbicort, no US Rx.") == []
    assert _note_names("if you take Select Health of South Carolina, his ID is on the card") == []
    # near miss: the same word as a person's name
    assert _note_names("spoke with Jordan about the bill") == ["Jordan"]


def test_a_relative_opening_a_note_sentence_is_no_name() -> None:
    assert _note_names("Dtr called for dad Alcide Broussard, CHF, in and out") == ["Alcide Broussard"]
    # near miss: a name opening the sentence still is one
    assert _note_names("Rosalind called for her dad") == ["Rosalind"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi it's will will brennan i was supposed to get a callback", "will will brennan"),  # said twice
        ("hey it's faith mcalister about the voicemail", "faith mcalister"),  # a listed surname follows
        ("hi it's june calling about my son", "june"),  # the caller goes on
    ],
)
def test_a_given_name_that_is_a_word_in_a_self_introduction(text: str, name: str) -> None:
    assert transcript_names(text) == [name], transcript_names(text)


@pytest.mark.parametrize(
    "text", ["hi it's will be fine thanks", "hey it's hope i guess", "hi it's fine", "hi it's bcbs member id"]
)
def test_a_word_after_a_self_introduction_that_is_no_name(text: str) -> None:
    assert transcript_names(text) == [], transcript_names(text)


def test_a_listed_name_a_message_is_left_for_or_a_call_is_made_for() -> None:
    assert "darla" in transcript_names("hey this is earl just wanted to tell darla i'll be there thursday")
    assert "becky" in transcript_names("hey it's grandpa joe tell becky i called")
    # near misses: no listed name after the cue, or the agent's own turn
    assert transcript_names("calling for medicaid transport tomorrow") == []
    assert transcript_names("can you tell the doctor i called") == []


def test_a_listed_name_whose_care_is_asked_about() -> None:
    text = "hi this is nour calling about ahmed's x-ray results thank you"
    assert "ahmed's" in transcript_names(text)
    # near misses: a person's word, a business, a relative, the practice's doctor
    for text in (
        "and the other guy's insurance won't call me back",
        "Aetna's insurance card is expired",
        "I need my mom's appointment moved",
        "Dr. Patel's referral came in",
    ):
        assert not any(w.endswith("'s") for w in transcript_names(text)), text


def test_the_answer_to_and_first_and_a_self_introduction_without_is() -> None:
    call = "agent: can i get your last name\ncaller: pham\nagent: and first\ncaller: duc"
    assert "duc" in transcript_names(call)
    assert transcript_names("hey this tasha i'm calling about my appointment") == ["tasha"]
    # near misses: "this" before a word, and a question that goes on to something else
    assert transcript_names("hey this weekend i'm out of town") == []
    assert transcript_names("agent: and first can i get your date of birth\ncaller: march third") == []


def test_a_name_a_note_holds_as_a_field_or_an_e_mail_s_sender() -> None:
    fields = "patient_first=rose-carline patient_last=exantus contact_name=jude exantus"
    assert transcript_names(fields) == ["rose-carline", "exantus", "jude exantus"]
    email = 'From: "Malgorzata Lewandowska" <gosia.lew@yahoo.com>\nHi, following up'
    assert transcript_names(email) == ["Malgorzata Lewandowska"]
    # near misses: a campaign's fields, a business or a desk as the sender
    assert transcript_names("utm_source=google&utm_campaign=knee") == []
    assert transcript_names("From: Valley Pediatrics <info@valleypeds.com>\nSubject: x") == []
    assert transcript_names("From: Scheduling <sched@clinic.com>\nSubject: x") == []


def test_a_name_after_an_in_law_or_a_grandparent_s_southern_name() -> None:
    assert "mordechai" in transcript_names("hi it's miriam calling for my father in law, mordechai")
    assert "lorene" in transcript_names("this is bobbie jo my mamaw lorene needs her pills")
    assert transcript_names("my father in law is coming with me") == []


def test_capitalised_runs_that_end_in_a_society_a_camp_or_a_street_are_no_person() -> None:
    for text in (
        "Faith-based counseling referral given (St. Vincent de Paul Society)",
        "confirm that the Summer Camp physicals are available in June",
        "caller: its on Martin Luther King Boulevard right across from the Kroger",
    ):
        assert transcript_names(text) == [], text
    assert transcript_names("caller: this is Jin Park calling back") == ["Jin Park"]  # a surname "Park"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("caller: you can text tasha he's got my phone today", "tasha"),
        ("caller: we'll drop off abdirahman at nine and his uncle gets him", "abdirahman"),
        ("caller: ask oksana if she still has the referral", "oksana"),
        ("caller: can you call marisol back about the copay", "marisol"),
    ],
)
def test_a_listed_name_someone_is_asked_to_text_call_or_pick_up(text: str, name: str) -> None:
    assert name in transcript_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "caller: can you call walgreens and ask them to fax it",  # in no name list
        "caller: please text me the address",
        "caller: i'll bring the paperwork and drop off the forms",
    ],
)
def test_after_a_verb_of_asking_no_name_without_a_listed_one(text: str) -> None:
    assert transcript_names(text) == []


def test_call_from_and_call_me_stay_their_own_cues() -> None:
    said = "caller: i got a call from aurelio quintanilla about my mom"
    assert transcript_names(said) == ["aurelio quintanilla"]
    assert "gigi" in transcript_names("caller: my name is georgina but you can call me gigi")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("caller: so anyway marisol said the pharmacy closed early", "marisol"),
        ("caller: yeah keisha said she'd call about the ride", "keisha"),
        ("caller: so tomasz called the insurance yesterday", "tomasz"),
        ("caller: alright becky will bring me", "becky"),
        ("(262) 555-0184: yes due. nora has a loose front tooth too", "nora"),
    ],
)
def test_a_listed_name_before_what_it_did_in_the_story(text: str, name: str) -> None:
    assert name in transcript_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "caller: the pharmacy said it was ready",
        "caller: my mom said to call",
        "caller: the insurance called me back",
        "pharmacist: ella is prescription only",  # a drug, and "is" is no cue
    ],
)
def test_no_name_before_said_without_a_listed_one(text: str) -> None:
    assert transcript_names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("caller: beneficiary is clarence otieno mbi two w q four", "clarence otieno"),
        ("auditor: cardholder wendell o'shea date of birth five five forty", "wendell o'shea"),
    ],
)
def test_a_name_after_a_plan_role_said_in_lower_case(text: str, name: str) -> None:
    assert name in transcript_names(text)


@pytest.mark.parametrize(
    "cnam", ["ANTHEM UM", "OPTUMRX AUDIT", "NORIDIAN JD DME", "BRIGHTLINE DNTL", "CAPTIONED CALL"]
)
def test_a_payer_supplier_or_relay_calling_is_a_business(cnam: str) -> None:
    assert is_business_name(cnam)


def test_spam_likely_is_no_name() -> None:
    assert not [d for d in inspect_payload({"cnam": "SPAM LIKELY"}) if d.category is Category.NAME]


@pytest.mark.parametrize(
    ("text", "name"),
    [("llamante: a nombre de mi cuñado abel", "abel"), ("llamante: es para mi niño iker", "iker")],
)
def test_a_name_after_a_spanish_in_law_or_child(text: str, name: str) -> None:
    assert name in transcript_names(text)


def test_a_spanish_child_word_before_a_verb_is_no_cue_for_it() -> None:
    assert transcript_names("llamante: el niño está enfermo desde ayer") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ostrander, Wilhelmina", "Ostrander, Wilhelmina"),
        ("GARCIA-MORALES, JOSE L - LVM x2 re: balance", "GARCIA-MORALES, JOSE L"),
        ("no show x2 - Iyer? no, Rafferty, Colm. pt says car broke down", "Rafferty, Colm"),
    ],
)
def test_last_comma_first_without_a_cue(text: str, name: str) -> None:
    found = inspect_payload({"notes": text})
    assert name in [text[d.start : d.end] for d in found if d.category is Category.NAME]


@pytest.mark.parametrize("text", ["moved from Paris, France last year", "we drove to Houston, Texas"])
def test_a_city_before_its_country_or_state_is_no_last_first(text: str) -> None:
    assert not [d for d in inspect_payload({"notes": text}) if d.category is Category.NAME]


def test_hepatitis_cut_short_after_a_relative_is_no_name() -> None:
    found = inspect_payload({"notes": "Father gout flare. Mother Hep B f/u + liver US."})
    assert not [d for d in found if d.category is Category.NAME]
