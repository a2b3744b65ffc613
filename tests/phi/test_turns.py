"""Transcript turns (phi/turns.py): speaker labels, sides, questions and the turns that answer them,
and what the detector finds in an answer by the question's kind."""

from __future__ import annotations

from typing import Any

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.fold import fold
from ctm_hipaa.phi.turns import Role, Turns, parse


def turns_of(text: str, agents: frozenset[str] = frozenset()) -> Turns:
    return parse(fold(text), agents)


def labels(text: str, agents: frozenset[str] = frozenset()) -> list[tuple[str, Role]]:
    ts = turns_of(text, agents)
    return [(ts.label(t), t.role) for t in ts.turns]


def answers(text: str) -> list[tuple[str, tuple[str, ...]]]:
    ts = turns_of(text)
    return [(text[a.start : a.end], a.kinds) for a in ts.answers()]


def transcript(text: str, **payload: Any) -> list[tuple[str, Category]]:
    """Identifier detections in a call's transcription_text."""
    body = {"transcription_text": text, **payload}
    return [
        (text[d.start : d.end], d.category)
        for d in inspect_payload(body)
        if d.path == "transcription_text" and d.category is not Category.HEALTH
    ]


# ----------------------------------------------------------------------------------------------
# labels and sides


def test_role_labels_in_any_language_and_layout_are_turns_with_their_side() -> None:
    text = "Despachador: ambulancias del norte\nLlamante: sí buenas\n[operator] go ahead\nCALLER > hi"
    assert labels(text) == [
        ("Despachador", Role.AGENT),
        ("Llamante", Role.CALLER),
        ("operator", Role.AGENT),
        ("CALLER", Role.CALLER),
    ]


def test_caption_formats_are_turns_webvtt_voices_and_labels_with_their_time() -> None:
    # WebVTT's voice spans, with the cue timing lines between them; "Channel 1 (0:00:01):"
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Agent>thanks for calling what is your name\n\n"
        "00:00:04.500 --> 00:00:07.000\n<v Caller>its ignatia ferreday"
    )
    assert labels(vtt) == [("Agent", Role.AGENT), ("Caller", Role.CALLER)]
    assert ("ignatia ferreday", Category.NAME) in transcript(vtt)
    channels = (
        "Channel 1 (0:00:01): good morning what is the patient's name\n"
        "Channel 2 (0:00:04): wendeline okafor\nChannel 1 (0:00:07): thank you"
    )
    assert [label for label, _ in labels(channels)] == ["Channel 1", "Channel 2", "Channel 1"]
    assert ("wendeline okafor", Category.NAME) in transcript(channels)


def test_a_label_said_once_is_no_turn_but_a_recurring_one_is() -> None:
    assert labels("Reason: knee pain\nNext step: call back") == []
    text = "Concierge Desk: hello\nGuest 4: hi there\nConcierge Desk: how can i help\nGuest 4: a room"
    assert [label for label, _ in labels(text)] == ["Concierge Desk", "Guest 4", "Concierge Desk", "Guest 4"]


def test_unknown_labels_take_their_side_from_the_call_order_or_from_the_known_side() -> None:
    text = "spk_a: pinewood dental\nspk_b: hi i need a cleaning\nspk_a: sure\nspk_b: thanks"
    assert [r for _, r in labels(text)] == [Role.AGENT, Role.CALLER, Role.AGENT, Role.CALLER]
    # the caller's side is named: the other label is the business, even speaking second
    text = "Customer: hello?\nMarguerite: pinewood dental\nCustomer: i need a cleaning\nMarguerite: sure"
    assert [r for _, r in labels(text)] == [Role.CALLER, Role.AGENT, Role.CALLER, Role.AGENT]
    # the answering agent's own name is the business
    text = "Jun: i need a cleaning\nOlek: pinewood dental\nJun: tomorrow?\nOlek: sure"
    assert dict(labels(text, frozenset({"olek"}))) == {"Jun": Role.CALLER, "Olek": Role.AGENT}


def test_a_side_label_inside_a_line_opens_a_turn_after_a_sentence_end() -> None:
    text = "Agent: And your full name? Caller: Whitfield, Dana. Agent: Thanks."
    assert [label for label, _ in labels(text)] == ["Agent", "Caller", "Agent"]
    assert labels("Spoke to the caller: she will call back") == []


# ----------------------------------------------------------------------------------------------
# questions and answers


def test_the_callers_next_turn_answers_the_question_ending_the_agents_turn() -> None:
    text = (
        "rep: ok thanks and the member id on the card\n"
        "customer: sure one sec\n"
        "customer: okay it's q seven two nine\n"
        "rep: and your date of birth for verification\n"
        "customer: june fifth\n"
    )
    assert answers(text) == [
        ("okay it's q seven two nine", ("HEALTH_PLAN", "ACCOUNT")),
        ("june fifth", ("DATE",)),
    ]


def test_spanish_and_portuguese_questions_and_joined_kinds() -> None:
    text = (
        "Operador: me da su nombre y la fecha de nacimiento\nCliente: berta solís el dos de mayo\n"
        "Operador: y su número de expediente\nCliente: cero nueve\n"
        "Atendente: qual o endereço\nCliente: rua das flores"
    )
    assert answers(text) == [
        ("berta solís el dos de mayo", ("NAME", "DATE")),
        ("cero nueve", ("PHONE", "MRN")),
        ("rua das flores", ("GEO",)),
    ]


def test_no_answer_when_the_business_speaks_again_or_asks_nothing() -> None:
    assert answers("agent: your address please\nagent: sorry one moment\ncaller: sure") == []
    assert answers("agent: we'll mail it to the address we have\ncaller: great thanks") != []
    # the agent's statement that gives a number is no question; a long sentence ending with a cue neither
    assert answers("Agent: You can fax it to us at 555-0100.\nCaller: Okay.") == []
    assert answers("Agent: Bring your card, we always check the insurance.\nCaller: Okay.") == []
    assert answers("Agent: Date of birth.\nCaller: May 2.") == [("May 2.", ("DATE",))]
    # a question whose answer is no identifier stops the weaker cue inside it
    assert answers("agent: and the name of your pharmacy\ncaller: the one on elm") == []
    # a spelling question is the spelled-name scan's
    assert answers("agent: can you spell the last name\ncaller: k o w") == [("k o w", ("SPELLED",))]


def test_an_agent_turn_that_only_prompts_keeps_the_question_open() -> None:
    text = (
        "agent: what's your social\ncaller: uh sure\nagent: go ahead\n"
        "caller: five six eight oh two four four one nine"
    )
    assert answers(text) == [("five six eight oh two four four one nine", ("SSN",))]
    # an agent's turn that says something else closes it
    assert (
        answers("agent: what's your social\ncaller: uh sure\nagent: actually let's do that later\ncaller: ok")
        == []
    )


def test_an_interpreter_relays_the_question_and_the_answer() -> None:
    text = (
        "nurse: please ask for her name\n"
        "interpreter: cómo se llama usted\n"
        "caller: me llamo inés\n"
        "interpreter: her name is inés\n"
        "nurse: thank you\n"
    )
    assert answers(text) == [("me llamo inés", ("NAME",)), ("her name is inés", ("NAME",))]


# ----------------------------------------------------------------------------------------------
# what the detector finds in answers


def test_spoken_ids_in_answers_are_found_by_the_kind_asked_for() -> None:
    text = (
        "scheduler: and the last thing your social\ncaller: hang on\n"
        "caller: it's four two one oh nine eight eight three seven\n"
        "scheduler: and the medicaid number\ncaller: b seven seven four two k nine\n"
        "scheduler: su número de expediente\ncaller: cero cinco cinco dos uno\n"
    )
    got = transcript(text)
    assert ("four two one oh nine eight eight three seven", Category.SSN) in got
    assert ("b seven seven four two k nine", Category.HEALTH_PLAN) in got
    assert ("cero cinco cinco dos uno", Category.MRN) in got


def test_a_spoken_date_the_date_scans_leave_is_a_date_after_a_date_question() -> None:
    text = "intake: and the dob\ncaller: four four two thousand three\nintake: thanks"
    assert [c for t, c in transcript(text) if t.startswith("four four two")] == [Category.DATE]
    # an age said in answer is the age scan's
    assert ("ninety four", Category.AGE) in transcript("intake: and her dob\ncaller: oh she's ninety four\n")
    # the same numbers after another question are no date
    text = "intake: how many pills are left\ncaller: four four two thousand three\nintake: thanks"
    assert not any(c is Category.DATE for _, c in transcript(text))


def test_an_email_read_out_in_an_answer() -> None:
    text = "Agente: me da un correo\nLlamante: sí es bea punto salas arroba ejemplo punto com\nAgente: listo"
    assert ("bea punto salas arroba ejemplo punto com", Category.EMAIL) in transcript(text)
    assert transcript("agent: and your email\ncaller: i don't have one at all") == []


def test_an_address_answer_with_its_city() -> None:
    got = transcript("dispatch: and the pickup address\ncaller: eight ten south juniper lane in sedalia\n")
    assert ("eight ten south juniper lane", Category.GEO) in got and ("sedalia", Category.GEO) in got
    # no number or street in the answer: no address ("no street" shows none)
    assert transcript("dispatch: and the pickup address\ncaller: there's no street out here\n") == []


def test_an_address_answer_ends_before_the_everyday_words_of_directions() -> None:
    got = transcript(
        "agent: and the address\ncaller: one oh five belmont boulevard, unit c, nashville\n"
        "agent: and where do you park\ncaller: out back the turn off after the trading post\n"
    )
    assert ("nashville", Category.GEO) in got
    text = "agent: and the address\ncaller: four ten elm street then the road's not named past the post\n"
    assert [t for t, _ in transcript(text)] == ["four ten elm street"]


def test_a_zip_alone_in_answer_to_the_zip_question() -> None:
    assert transcript("Operator: What's your zip?\nVisitor: 89052\nOperator: ok") == [("89052", Category.GEO)]
    # a number that the answer goes on to say is something else
    assert transcript("Operator: your address?\nVisitor: 12345 is the order number\n") == []


def test_a_lower_case_name_answer_after_fillers_ends_at_a_common_or_number_word() -> None:
    text = (
        "receptionist: okay patient name\ncaller: yes it's odalys brandvold seven four ninety\n"
        "receptionist: and you are\ncaller: their dad teodoro\n"
        "Recepcionista: cómo se llama\nPaciente: se llama aurelio de la vega y tiene tos\n"
    )
    got = transcript(text)
    assert ("odalys brandvold", Category.NAME) in got
    assert ("teodoro", Category.NAME) in got
    assert ("aurelio de la vega", Category.NAME) in got
    assert not any(c is Category.NAME and t.lower() in ("receptionist", "recepcionista") for t, c in got)
    # a caller who is not ready, or asks back, gives no name; nor does a business or a role
    assert transcript("agent: and your name\ncaller: sorry what again\nagent: your name") == []
    assert transcript("agent: who am i speaking with\ncaller: brookfield pharmacy on fifth") == []
    assert transcript("agent: and you are\ncaller: her caseworker from the county") == []
    assert transcript("agent: what's the name of the medication\ncaller: lisinopril") == []


def test_speaker_labels_are_no_names_unless_a_listed_name_in_a_thread() -> None:
    text = "Dispatcher: medical transport\nCaller: my dad needs a ride\nDispatcher: okay\nCaller: thanks"
    assert transcript(text) == []
    thread = "Maria: are you open\nFront Desk: yes till five\nMaria: ok"
    assert ("Maria", Category.NAME) in transcript(thread)


def test_an_address_ending_a_turn_stops_before_the_next_label() -> None:
    got = transcript("Agent: And?\nCaller: I'm at 7720 Quarry Rd in Ashford.\nAgent: Thanks.\nCaller: Bye.")
    geo = [t for t, c in got if c is Category.GEO]
    assert len(geo) == 1 and geo[0].startswith("7720 Quarry Rd in Ashford") and "\n" not in geo[0]


def test_what_the_agent_says_is_no_answer() -> None:
    text = "agente: cuál es su teléfono\nagente: el nuestro es nueve uno cinco cero uno dos\ncaller: ok"
    assert not any(c is Category.PHONE for _, c in transcript(text))


def test_a_city_answer_is_a_place_but_an_answer_that_names_none_is_nothing() -> None:
    assert ("tucson", Category.GEO) in transcript("agent: what city\ncaller: tucson")
    assert ("queen creek", Category.GEO) in transcript("agent: and the city\ncaller: oh it is queen creek")
    assert ("socorro", Category.GEO) in transcript("Agente: en qué ciudad\nLlamante: en socorro")
    assert transcript("agent: which city\ncaller: um the one by the lake") == []
    assert transcript("agent: what city\ncaller: i dont know") == []


def test_an_age_over_89_in_answer_to_how_old() -> None:
    assert ("ninety six", Category.AGE) in transcript(
        "operator: and how old is she\ncaller: ninety six she was born in 29"
    )
    assert ("a hundred and two", Category.AGE) in transcript(
        "agent: how old is she\ncaller: a hundred and two"
    )
    assert transcript("agent: how old is he\ncaller: seventy two") == []
