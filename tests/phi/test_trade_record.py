"""The business a record is about, read from every field of the payload (phi/trade.py).

A CTM record concerns one business, so what one field shows about it applies to every field: a
record whose words name a trade that is no health care provider (its kind, the things it mends,
its paperwork) keeps HEALTH only where a person's own body or care is said ("my knee", "after my
surgery"). Each rule has a near-miss: a clinic's record with the same words stays health.
"""

from __future__ import annotations

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.scanners.health import contains_health_information, names_personal_health
from ctm_hipaa.phi.trade import about_a_trade


def _health_paths(payload: dict[str, object]) -> set[str]:
    return {d.path for d in inspect_payload(payload) if d.category is Category.HEALTH}


# --- which records are about a trade


def test_a_trade_named_with_two_more_signs_is_a_trade() -> None:
    """A trade's kind ("arborist", "plumber", "uniforms") and two of its things or paperwork words."""
    assert about_a_trade(["the arborist said the oak has heart rot and the limb must go"])
    assert about_a_trade(["Scrub Hub Uniforms, this is Keisha.", "shipping in a week, receipt by email"])
    # near-miss: a patient names a trade in passing ("my car is at the mechanic")
    assert not about_a_trade(["my car is at the mechanic, can i move the colonoscopy"])
    assert not about_a_trade(["the arborist said it is fine"])


def test_things_of_a_trade_with_its_paperwork_are_a_trade() -> None:
    """Three things of a trade and an estimate, a quote or a repair order, in any fields."""
    assert about_a_trade(["estimate note: leather sofa torn, cushions shot", "quote $580, coffee table"])
    # near-miss: the same things without the paperwork, said by a patient
    assert not about_a_trade(["i tripped over the sofa cushion and hit the coffee table"])


def test_many_things_of_a_trade_are_a_trade() -> None:
    """Four things of a trade alone: "rear brake spongy, chain skips, the fork leaks, headset creaks"."""
    assert about_a_trade(["Book a Bike Checkup", "rear brake spongy, chain skips, fork leaks, headset creak"])
    assert not about_a_trade(["rear brake spongy and the chain skips"])


def test_a_word_only_a_health_record_says_is_never_a_trade() -> None:
    """ "patient", "copay", "prescription": the record is a provider's, whatever else it names."""
    assert not about_a_trade(["estimate for the patient: car, truck, engine and brakes in the crash"])
    assert not about_a_trade(["copay for the wheelchair; quote for the van lift, the sofa and the bed"])


# --- what a record about a trade keeps


def test_a_person_s_own_body_or_care_is_personal_health() -> None:
    assert names_personal_health("after my surgery i need the pants let out")
    assert names_personal_health("my knee is killing me when i kneel to measure")
    assert names_personal_health("she can't swallow")
    # the health-sounding words of a trade are said of things, not of a person
    assert not names_personal_health("I need emergency stitches on my suit pants, the seam split")
    assert not names_personal_health('our house is "sick", stair step cracks in the block wall')
    assert not names_personal_health("engine's got a fever per cust")


def test_a_tailor_s_pasted_email_is_no_health() -> None:
    """ "Hello Stitch Clinic!" in a pasted e-mail, a wedding dress hemmed, a deposit: a tailor's."""
    notes = (
        'Email pasted: "Hello Stitch Clinic! I need a wedding dress hemmed and bustled, plus the straps'
        ' taken in (I lost weight). My fiance needs his suit jacket sleeves shortened." Deposit paid.'
    )
    assert contains_health_information(notes)  # the words alone sound like health
    assert _health_paths({"notes": notes}) == set()


def test_a_trade_s_record_keeps_the_caller_s_own_health() -> None:
    """The same tailor's record, where the caller says her own surgery: that field stays health."""
    payload = {
        "notes": "Hello Stitch Clinic! I need a wedding dress hemmed and the straps taken in. Deposit paid.",
        "custom_fields": {"message": "after my hip surgery i cannot stand long for the fitting"},
    }
    assert _health_paths(payload) == {"custom_fields.message"}


def test_a_tree_service_lead_is_no_health() -> None:
    """An arborist's lead form: its category names the trade, the message says "heart rot"."""
    payload = {
        "custom_fields": {
            "lsa_category": "Tree Services",
            "customer_message": "the arborist said our big oak has heart rot and a cavity at the base",
        }
    }
    assert _health_paths(payload) == set()


def test_a_clinic_answering_keeps_its_record_health() -> None:
    """A greeting that names health care ("Valley Pediatrics") makes the record a provider's, even
    when the caller's words are a trade's (a van, its brakes and tires, an estimate)."""
    transcript = (
        "Agent: Valley Pediatrics, this is Ana.\nCaller: the van's in the shop, the estimate for the brakes"
        " and tires is huge, can we move the asthma follow up to friday"
    )
    assert about_a_trade([transcript]) and not names_personal_health(transcript)  # the greeting decides
    assert _health_paths({"transcription_text": transcript}) == {"transcription_text"}
    # near-miss: a trade whose greeting says a health word is still a trade
    escape = (
        "Agent: Operating Theater Escape Rooms, ready for surgery? This is Dario.\nCaller: booking"
        " for six, deposit by card"
    )
    assert _health_paths({"transcription_text": escape}) == set()


def test_a_clinic_s_record_with_the_same_words_stays_health() -> None:
    """Near-miss: a cardiology note says "heart" and "cavity" words with no trade around them."""
    payload = {"custom_fields": {"customer_message": "my dad has heart failure and a cavity that hurts"}}
    assert _health_paths(payload) == {"custom_fields.customer_message"}


def test_a_car_crash_patient_stays_health() -> None:
    """Near-miss: a patient names a car, a truck and an estimate, and says their own injury."""
    payload = {
        "notes": "pt rear-ended, car and truck totaled, body shop estimate pending. whiplash, neck pain",
    }
    assert _health_paths(payload) == {"notes"}


# --- dictated punctuation


def test_dictated_colon_is_punctuation() -> None:
    """A dictated note says its marks ("estimate colon Max ... comma"): "colon" is the mark."""
    assert not contains_health_information("voice memo to text colon estimate for max comma four thirty five")
    # near-miss: an owned colon, or a colon phrase, in the same dictation stays health
    assert contains_health_information("note colon my colon is inflamed comma she said")
    assert contains_health_information("note colon colon cancer screening comma next month")
    assert contains_health_information("she has polyps in her colon")


def test_an_insurer_of_lives_cars_and_homes_is_a_trade() -> None:
    """A life and auto insurance agency's quote (a paramed exam is the insurer's, not care)."""
    notes = (
        "Quote req: wants term life 500k + bundle auto/home. Carrier needs paramed exam (blood + urine)."
        " Auto: 2019 wagon, VIN 1HGCM82633A004352."
    )
    assert contains_health_information(notes)
    assert _health_paths({"notes": notes}) == set()
    # near-miss: a health plan's record says "copay", so it is a provider's and stays health
    assert _health_paths({"notes": notes + " Copay question for the blood work."}) == {"notes"}


def test_a_computer_repairer_named_as_a_doctor_of_bytes_is_no_health() -> None:
    """ "Data Doctors", "Geek Medics": a thing of computers before a word of medicine."""
    transcript = (
        "Speaker 0: Data Doctors, this is Al.\nSpeaker 1: my laptop caught a virus, it's running a fever"
    )
    assert _health_paths({"transcription_text": transcript}) == set()
    # near-miss: a clinic's name with the same word of medicine stays health
    clinic = "Speaker 0: Valley Doctors, this is Al.\nSpeaker 1: my son caught a virus, he's running a fever"
    assert _health_paths({"transcription_text": clinic}) == {"transcription_text"}


# --- a business named outside a greeting


def test_a_salutation_or_sign_off_naming_a_trade_names_the_record_s_business() -> None:
    """ "Hello Torque Auto!" in a pasted e-mail names the business as a greeting would."""
    notes = 'Email pasted: "Hello Torque Auto! the van needs a checkup, it coughs at idle. Thanks"'
    assert contains_health_information(notes)
    assert _health_paths({"notes": notes}) == set()
    signed = "the van needs a checkup, it coughs at idle.\n- the Torque Auto team"
    assert _health_paths({"notes": signed}) == set()
    # near-miss: a salutation to a doctor names no trade, and "hi there" names nobody
    assert _health_paths({"notes": 'Email: "Hello Dr. Patel! the fever is back and she has a rash."'}) == {
        "notes"
    }
    assert _health_paths({"notes": "Hi there, the fever is back and she has a rash."}) == {"notes"}


def test_a_form_named_for_a_trade_names_the_record_s_business() -> None:
    """A form's name that names a trade ("Roofing Estimate Request") is the business's own."""
    form = {
        "form_name": "Roofing Estimate Request",
        "custom": [{"id": "msg", "value": "the roof needs surgery"}],
    }
    assert _health_paths({"form": form}) == set()
    # near-miss: a form name with a health word names a clinic's line ("Auto Injury Intake")
    clinic = {
        "form_name": "Auto Injury Intake",
        "custom": [{"id": "msg", "value": "whiplash after the crash"}],
    }
    assert _health_paths({"form": clinic}) == {"form.form_name", "form.custom[0].value"}


def test_a_trade_named_in_a_salutation_keeps_the_caller_s_own_health() -> None:
    notes = 'Email pasted: "Hello Torque Auto! after my knee surgery i need the car picked up. Thanks"'
    assert _health_paths({"notes": notes}) == {"notes"}


def test_a_business_thanked_for_in_the_greeting_names_the_record() -> None:
    """ "Thank you for calling <business>, this is Dana": the business comes after the thanks; a
    law firm named for its cases ("injury lawyers") is no health care provider."""
    call = "agent: thank you for calling morgan and hale injury lawyers this is dana\ncaller: i tore my acl"
    assert _health_paths({"transcription_text": call}) == set()
    # near-miss: a clinic thanked for in the same words stays health
    clinic = "agent: thank you for calling valley orthopedics this is dana\ncaller: i tore my acl"
    assert _health_paths({"transcription_text": clinic}) == {"transcription_text"}
    assert contains_health_information("Auto Injury Chiropractor")
    assert not contains_health_information("Personal Injury Lawyers")
