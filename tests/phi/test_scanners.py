"""Unit tests of the scanners and field semantics, on hand-made payloads (not the dev corpus)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ctm_hipaa.phi import Category, Detection, contains_health_information, inspect_payload, is_role_mailbox
from ctm_hipaa.phi.keys import Role, classify, key_tokens
from ctm_hipaa.phi.validators import luhn_ok, valid_mbi, valid_ssn, valid_vin


def found(payload: dict[str, Any], path: str) -> list[tuple[str, Category]]:
    """(text, category) of the detections at `path`."""
    value: Any = payload
    for part in path.split("."):
        value = value[part]
    text = value if isinstance(value, str) else json.dumps(value)
    return [(text[d.start : d.end], d.category) for d in inspect_payload(payload) if d.path == path]


def notes(text: str, **extra: Any) -> list[tuple[str, Category]]:
    """Identifier detections (not HEALTH) in a `notes` field."""
    return [(t, c) for t, c in found({"notes": text, **extra}, "notes") if c is not Category.HEALTH]


def test_ssn_validity_rules() -> None:
    assert valid_ssn("123-45-6789")
    for bad in ("000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000", "12345678"):
        assert not valid_ssn(bad)
    assert ("512-44-9981", Category.SSN) in notes("His SSN is 512-44-9981.")
    assert not [c for _, c in notes("Case 666-12-3456 opened") if c is Category.SSN]
    assert ("123456789", Category.SSN) in notes("my social is 123456789")
    # a bare 9-digit reference number is not an SSN
    assert notes("Ref # 123456789 sent") == []
    # the shorthand front desks write the cue in
    for text in ("soc: 568024419", "ss no. 568024419", "social sec no. 568 024 419"):
        assert [c for _, c in notes(text)] == [Category.SSN], text
    # an ITIN has the SSN's layout and use (and a 9 first, which no SSN has)
    assert notes("ITIN 912-78-4455 for the sliding scale") == [("912-78-4455", Category.SSN)]


def test_luhn_cards() -> None:
    assert luhn_ok("4111 1111 1111 1111") and not luhn_ok("4111 1111 1111 1112")
    assert ("4111 1111 1111 1111", Category.ACCOUNT) in notes("Visa 4111 1111 1111 1111 on file")
    assert notes("Visa 4111 1111 1111 1112 on file") == []


def test_vin_check_digit() -> None:
    assert valid_vin("1HGCM82633A004352")
    assert not valid_vin("1HGCM82643A004352")
    assert ("1HGCM82633A004352", Category.VEHICLE) in notes("Truck 1HGCM82633A004352 towed")
    assert notes("Truck 1HGCM82643A004352 towed") == []


def test_mbi_format() -> None:
    assert valid_mbi("1EG4TE5MK73")
    assert not valid_mbi("0EG4TE5MK73") and not valid_mbi("1EG4TE5MK7") and not valid_mbi("1SG4TE5MK73")
    assert ("1EG4TE5MK73", Category.HEALTH_PLAN) in notes("Beneficiary 1EG4TE5MK73 verified")


def test_dates_but_not_bare_years_times_or_relative() -> None:
    text = "Seen 3/14, DOB 07/02/1961, surgery on March 14th, follow up 2024-05-09, since 03/2019."
    dates = [t for t, c in notes(text) if c is Category.DATE]
    assert dates == ["3/14", "07/02/1961", "March 14th", "2024-05-09", "03/2019"]
    assert notes("Diagnosed in 2019, call at 2:30 PM next Tuesday, last year.") == []
    assert ("14 March 2024", Category.DATE) in notes("Admitted 14 March 2024")


def test_only_ages_over_89() -> None:
    assert ("94", Category.AGE) in notes("She is 94 and lives alone")
    assert ("92", Category.AGE) in notes("a 92-year-old man")
    assert ("91", Category.AGE) in notes("Pt age 91")
    assert not [c for _, c in notes("She is 89, he is 45, a 62-year-old") if c is Category.AGE]


def test_clinic_numbers_in_text_are_ignored() -> None:
    payload = {
        "tracking_number": "+16142840100",
        "business_number": "(614) 284-0111",
        "notes": "From 614-284-0100, business line 6142840111, our fax 614-284-0188. My cell 614-284-0142",
    }
    assert found(payload, "notes") == [("614-284-0142", Category.PHONE)]


def test_tracking_business_and_agent_fields_never_flagged() -> None:
    payload = {
        "tracking_number": "+16145550100",
        "tracking_number_format": "(614) 555-0100",
        "business_number": "+16145550111",
        "agent_id": "USR1",
        "agent": {"id": "USR1", "name": "Kim Lee", "email": "kim.lee@gmail.com"},
        "source": "Google Ads",
        "called_at": "2024-02-05 11:42 AM -06:00",
        "unix_time": 1707133320,
    }
    assert inspect_payload(payload) == []


def test_names_versus_doctors_and_agents() -> None:
    text = (
        "Agent: Oakridge Clinic, this is Kim speaking.\nCaller: Hi, my name is Dana Whitfield.\n"
        "Agent: Dr. Patel can see you. You're all set, Dana."
    )
    names = [t for t, c in found({"transcription_text": text}, "transcription_text") if c is Category.NAME]
    assert names == ["Dana Whitfield", "Dana"]
    assert [t for t, _ in notes("Pt Whitfield, Dana needs a refill; referred by Dr. Okafor")] == [
        "Whitfield, Dana"
    ]
    assert ("B-A-R-T-O-N", Category.NAME) in notes("last name is Barton, spelled B-A-R-T-O-N")


def test_emails_personal_vs_clinic() -> None:
    payload = {
        "location": "https://www.oakridgeclinic.com/services/acne",
        "notes": "Sent to dana.w@gmail.com and cc frontdesk@oakridgeclinic.com, billing@oakridgeclinic.com",
    }
    assert [t for t, c in found(payload, "notes") if c is Category.EMAIL] == ["dana.w@gmail.com"]


def test_role_mailboxes_are_one_list_for_the_detector_and_the_login_check() -> None:
    # read like the login check reads them: no "+tag", digits or separators; a desk's address at
    # the practice's domain is not reported, the same local part at a free-mail provider is
    payload = {
        "notes": "cc Front.Desk2@oakridgeclinic.com, newpatients+web@oakridgeclinic.com, nurse@oakridge.org; "
        "from frontdesk@gmail.com",
    }
    assert [t for t, c in found(payload, "notes") if c is Category.EMAIL] == ["frontdesk@gmail.com"]
    assert is_role_mailbox("Front.Desk2+web@clinic.example") and is_role_mailbox("info")
    assert not is_role_mailbox("dana.whitfield@clinic.example")


def test_urls_that_identify_a_person() -> None:
    payload = {"location": "https://clinic.com/thank-you?first=Dana&last=W&phone=6145550142"}
    assert found(payload, "location") == [(payload["location"], Category.URL)]
    payload = {"location": "https://clinic.com/services/knee-replacement?gclid=abc&utm_source=g"}
    assert [c for _, c in found(payload, "location")] == [Category.HEALTH]
    assert ("facebook.com/dana.whitfield.7", Category.URL) in notes("FB lead facebook.com/dana.whitfield.7")


def test_ips() -> None:
    assert ("203.0.113.9", Category.IP) in notes("web form from 203.0.113.9")
    assert ("2001:db8::1", Category.IP) in notes("ip 2001:db8::1 logged")
    assert found({"visitor_ip": "203.0.113.9"}, "visitor_ip") == [("203.0.113.9", Category.IP)]


def test_cue_based_identifiers_and_negative_cues() -> None:
    text = (
        "MRN 00482913. Member ID XZA123456789. Acct # 330772715. DL B8748714. plate 7ABC123. "
        "Serial number on my CPAP is ZV69997482. Customer ID C48213377. Order 55512345. Invoice INV-0099. "
        "NPI 1234567893. Routing 021000021. Tax ID 12-3456789. Lot 47031D. Take 20 mg. Press 2."
    )
    got = {c: t for t, c in notes(text)}
    assert got == {
        Category.MRN: "00482913",
        Category.HEALTH_PLAN: "XZA123456789",
        Category.ACCOUNT: "330772715",
        Category.LICENSE: "B8748714",
        Category.VEHICLE: "7ABC123",
        Category.DEVICE: "ZV69997482",
        Category.OTHER_ID: "C48213377",
    }


def test_addresses_and_zip() -> None:
    got = notes("Lives at 48 Orchard Ln Apt 3, Columbus, OH 43215 with her sister.")
    assert got == [("48 Orchard Ln Apt 3, Columbus, OH 43215", Category.GEO)]


def test_a_form_field_named_by_its_id_is_read_by_that_name() -> None:
    # FormReactor's form.custom[] pairs ({"id": ..., "value": ...}, the CTM tap's call.json)
    form = {
        "custom": [{"id": "Billing ZIP", "value": "78744"}, {"id": "City_State_Zip", "value": "Wichita, KS"}]
    }
    paths = {(d.path, d.category) for d in inspect_payload({"form": form})}
    assert paths == {("form.custom[0].value", Category.GEO), ("form.custom[1].value", Category.GEO)}
    # a state alone stays no identifier
    assert inspect_payload({"form": {"custom": [{"id": "address_state", "value": "KS"}]}}) == []


@pytest.mark.parametrize(
    ("key", "category"),
    [
        ("date_of_birth", Category.DATE),
        ("DOB", Category.DATE),
        ("birthDate", Category.DATE),
        ("subscriberId", Category.HEALTH_PLAN),
        ("insurance_member_id", Category.HEALTH_PLAN),
        ("mrn", Category.MRN),
        ("chart_number", Category.MRN),
        ("ssn", Category.SSN),
        ("patientFirstName", Category.NAME),
        ("home_phone", Category.PHONE),
        ("emailAddress", Category.EMAIL),
        ("zip_code", Category.GEO),
        ("license_plate", Category.VEHICLE),
    ],
)
def test_key_semantics(key: str, category: Category) -> None:
    assert classify((key,)) is category


@pytest.mark.parametrize("key", ["Pet Name", "Pet DOB", "dog_breed", "petName"])
def test_a_field_of_the_caller_s_animal_is_no_person_s(key: str) -> None:
    assert classify((key,)) is Role.QUIET
    assert classify(("Owner Name",)) is Category.NAME  # the owner is a person


def test_key_tokens_split_camel_case() -> None:
    assert key_tokens("insuranceMemberID") == ["insurance", "member", "id"]


def test_custom_fields_by_meaning_and_nested_paths() -> None:
    payload = {
        "custom_fields": {
            "patient": {"dob": "1961-07-02", "firstName": "Dana"},
            "coverage": [{"subscriberId": "W123456789", "group_number": "GRP-1"}],
            "zip": 43215,
            "ssn_last4": "6789",
            "referring_physician": "Dr. Patel",
        }
    }
    got = {(d.path, d.category) for d in inspect_payload(payload)}
    assert got == {
        ("custom_fields.patient.dob", Category.DATE),
        ("custom_fields.patient.firstName", Category.NAME),
        ("custom_fields.coverage[0].subscriberId", Category.HEALTH_PLAN),
        ("custom_fields.zip", Category.GEO),
    }
    zip_det = next(d for d in inspect_payload(payload) if d.path == "custom_fields.zip")
    assert zip_det == Detection("custom_fields.zip", 0, 5, Category.GEO)


def test_structured_non_names_and_cnam_city() -> None:
    assert inspect_payload({"name": "Wireless Caller", "cnam": "TOLL FREE CALL"}) == []
    assert found({"cnam": "COLUMBUS OH"}, "cnam") == [("COLUMBUS", Category.GEO)]
    assert found({"cnam": "WHITFIELD DANA"}, "cnam") == [("WHITFIELD DANA", Category.NAME)]
    assert found({"caller_number_split": ["1", "614"], "caller_number": "+16145550142"}, "caller_number") == [
        ("+16145550142", Category.PHONE)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Knee Replacement Landing Page",
        "Oncology - Google",
        "/services/knee-replacement",
        "appendectomy",
        "ozempic refill",
        "sinusitis",
        "colonoscopy prep",
        "physical_therapy_search",
    ],
)
def test_health_terms(text: str) -> None:
    assert contains_health_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "Main Website",
        "Brand - Oakridge",
        "HVAC - Google",
        "Plumbing Landing Page",
        "Estate Planning Law",
        "technology program",
        "duct cleaning",
        "",
    ],
)
def test_not_health(text: str) -> None:
    assert not contains_health_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "le duele mucho la rodilla desde el lunes",
        "necesito la receta de mi mamá",
        "cita de planificación familiar",
        "tiene la presión alta",
        "preciso da vacina de febre amarela",
        "quiero los resultados de laboratorio",
    ],
)
def test_spanish_and_portuguese_health_terms_with_or_without_accents(text: str) -> None:
    assert contains_health_information(text)
    assert contains_health_information(text.replace("ó", "o").replace("á", "a"))


def test_medication_names_from_the_drug_dictionary_are_health_but_first_names_are_not() -> None:
    # Generic and brand names that no hand-written list had; "Camila" and "Ella" are also
    # contraceptive brands, but a caller with that name is not health information.
    assert contains_health_information("calling about my venlafaxine")
    assert contains_health_information("needs a refill of Eliquis")
    assert not contains_health_information("Camila called back")
    assert not contains_health_information("message for Ella")


def test_not_health_in_spanish() -> None:
    assert not contains_health_information("quiero confirmar mi cita del martes")
    assert not contains_health_information("buenas tardes habla dolores")


def test_a_landing_url_query_value_carries_health() -> None:
    url = "https://clinic.example.com/thank-you?service=fertility&utm_source=google"
    health = [d for d in inspect_payload({"location": url}) if d.category is Category.HEALTH]
    assert [(d.path, d.start, d.end) for d in health] == [("location", 0, len(url))]
    assert not [
        d
        for d in inspect_payload({"location": "https://clinic.example.com/thank-you?service=roofing"})
        if d.category is Category.HEALTH
    ]


def test_hand_made_payload_other_phrasings() -> None:
    payload = {
        "name": "ALVAREZ ROSA",
        "tracking_number": "+19375550100",
        "agent": {"name": "Kim Lee", "email": "kim@daytonsmiles.com"},
        "location": "https://www.daytonsmiles.com/treatments/root-canal-therapy?gclid=x",
        "notes": (
            "Spoke w/ Mrs. Okafor re: her son Tunde (DOB 02-11-2015). Wife's cell 937.555.0123. "
            "Hubby's SSN 512 44 9981. Grandma Ruth turns 93 next week. Policy number: ZX9911223344."
        ),
        "form": {
            "custom": [{"name": "Birthday", "value": "03/14/1961"}, {"name": "Your Email", "value": "r@x.io"}]
        },
    }
    got = set(found(payload, "notes"))
    for expected in [
        ("Okafor", Category.NAME),
        ("Tunde", Category.NAME),
        ("02-11-2015", Category.DATE),
        ("937.555.0123", Category.PHONE),
        ("512 44 9981", Category.SSN),
        ("Ruth", Category.NAME),
        ("93", Category.AGE),
        ("ZX9911223344", Category.HEALTH_PLAN),
    ]:
        assert expected in got
    paths = {(d.path, d.category) for d in inspect_payload(payload)}
    assert ("form.custom[0].value", Category.DATE) in paths
    assert ("form.custom[1].value", Category.EMAIL) in paths
    assert ("location", Category.HEALTH) in paths
    assert not any(p.startswith("agent") or p.startswith("tracking") for p, _ in paths)


@pytest.mark.timing
def test_linear_cost() -> None:
    import time

    turn = "Caller: it's Dana Whitfield, cell (614) 555-0142, DOB 07/02/1961, knee pain since March 14th.\n"
    small = {"transcription_text": turn * 10}
    big = {"transcription_text": turn * 100}
    inspect_payload(small)

    def best(p: dict[str, Any]) -> float:
        ts = []
        for _ in range(3):
            t = time.perf_counter()
            inspect_payload(p)
            ts.append(time.perf_counter() - t)
        return min(ts)

    assert best(big) < 10 * best(small) * 3  # 10x the text costs about 10x, never quadratic


# ---------------------------------------------------------------------------------------------
# families added for generalisation (hand-made examples, not from either corpus)


def cats(text: str) -> set[tuple[str, Category]]:
    return set(notes(text))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("dob 07-Mar-1959 per pt", "07-Mar-1959"),
        ("MOVED TO 23-OCT-2025", "23-OCT-2025"),
        ("appt el 3 de febrero at noon", "3 de febrero"),
        ("nacio el 9 de noviembre de 1950", "9 de noviembre de 1950"),
        ("visit 2024-03-02T10:15:00Z", "2024-03-02"),
        ("DOB 19670412 verified", "19670412"),
        ("seen 11-30 for follow up", "11-30"),
        ("last seen Oct '21", "Oct '21"),
        ("DOB: 7 / 4 / 99 ok", "7 / 4 / 99"),  # spaced slashes, as a chat types them
        ("born the 7th day of May, 1934.", "7th day of May, 1934"),
        ("follow up on the twentieth period", "the twentieth"),  # a dictated note's "period"
    ],
)
def test_date_layouts(text: str, want: str) -> None:
    assert any(want in t or t in want for t, c in notes(text) if c is Category.DATE), notes(text)


def test_partial_dates_are_not_unit_ranges() -> None:
    assert not [c for _, c in notes("heal in 10-12 weeks, take 20-25 mg") if c is Category.DATE]
    assert not [c for _, c in notes("order 20231207 shipped") if c is Category.DATE]


def test_ocr_letters_in_numbers() -> None:
    found_ = notes("PT DOB: O4/l9/1972  TEL: 6l4-555-O1O7")
    assert any(c is Category.DATE for _, c in found_)
    assert any(c is Category.PHONE for _, c in found_)


def test_slash_area_code_phone() -> None:
    assert ("402/555-0163", Category.PHONE) in notes("text me at 402/555-0163 pls")


def test_ten_digits_spaced_in_groups_of_any_size_are_a_phone() -> None:
    # how speech-to-text and hurried typing space a number; a spoken "oh" is a digit too
    for number in (
        "6 1 5 5 5 5 0 4 7 1",
        "509 555 0 4 1 3",
        "570 555 08 45",
        "509 555 oh 2 8 7",
        "843, 555, 0962",
    ):
        assert (number, Category.PHONE) in notes(f"call me at {number} thanks"), number
    # a count is no phone, nor eleven digits' first ten
    assert notes("step 1 2 3 4 5 6 7 8 9 10") == []
    assert notes("counts 100, 200, 3000") == []
    assert not [c for _, c in notes("ref 5 0 9 5 5 5 0 4 1 3 7") if c is Category.PHONE]


def test_a_fax_is_a_business_line_unless_the_words_before_it_make_it_the_persons() -> None:
    for text in (
        "letter to court fax 843-555-0611.",
        "Attorney Ruth Kimani, Esq. fax 801-555-0230. ROI signed",
        "The adjuster's fax is 316-555-0488 but",
        "School fax: 919-555-0460",
    ):
        assert not [c for _, c in notes(text) if c in (Category.FAX, Category.PHONE)], text
    assert ("931-555-0160", Category.FAX) in notes("it's my home fax 931-555-0160")
    assert ("615-555-0261", Category.FAX) in notes("send the reports to me at home, fax 615-555-0261")
    assert ("702/661-4339", Category.FAX) in notes("ph 1-207-944-1870; fax 702/661-4339.")  # a contact line


def test_referral_header_fax_is_the_office() -> None:
    text = "INTAKE REFERRAL   FAX   (402) 555-0188\nPATIENT: DOE, JANE\nfax her at 402-555-0111"
    got = notes(text)
    assert not any(t == "(402) 555-0188" for t, _ in got)
    assert any(t == "402-555-0111" for t, _ in got)


@pytest.mark.parametrize(
    ("text", "want", "cat"),
    [
        ("you can reach me at four oh two five five five oh one six three ok", "four oh two", Category.PHONE),
        ("it's four oh two ... five five five ... zero one six three", "zero one six three", Category.PHONE),
        ("my birthday is march third nineteen fifty-two", "march third nineteen fifty-two", Category.DATE),
        (
            "the seventeenth of may two thousand and four",
            "seventeenth of may two thousand and four",
            Category.DATE,
        ),
        ("my aunt will come she's ninety-seven", "ninety-seven", Category.AGE),
        ("email is pat.lowe71 at example dot com thanks", "pat.lowe71 at example dot com", Category.EMAIL),
        ("member id k nine two four four one eight zero", "k nine two four", Category.HEALTH_PLAN),
        (
            "do you need my social yes five two one three three four four five six",
            "five two one",
            Category.SSN,
        ),
        (
            "i live at forty-one twelve birch hollow rd in sparks",
            "forty-one twelve birch hollow rd",
            Category.GEO,
        ),
        ("in grand forks five eight two oh one", "five eight two oh one", Category.GEO),
    ],
)
def test_spoken_numbers(text: str, want: str, cat: Category) -> None:
    got = notes(text)
    assert any(c is cat and (want in t or t in want) for t, c in got), got


def test_spoken_times_are_not_addresses() -> None:
    got = notes("i have may fourth at nine fifteen with dr lowe at our office")
    assert not [t for t, c in got if c is Category.GEO]


def test_lowercase_transcript_names() -> None:
    text = (
        "thanks for calling how can i help hi this is marisol quintero i need a cleaning "
        "it's for my abuela inés she is fine can i get the spelling sure q u i n t e r o thank you marisol"
    )
    names = {t for t, c in notes(text) if c is Category.NAME}
    assert "marisol quintero" in names
    assert "inés" in names
    assert "q u i n t e r o" in names
    assert "marisol" in names


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("T. Okafor lvm about a refill", "T. Okafor"),
        ("PT RUIZ CAMILA | knee pain", "RUIZ CAMILA"),
        ("PATIENT NAME:  KIM, SOO-JIN", "KIM, SOO-JIN"),
        ("And my nana Joy might come along.", "Joy"),
        ("Es para mi esposo, Tomás Reyes.", "Tomás Reyes"),
        ("Spoke w/ Grant about his mother", "Grant"),
        ("re: Lindgren, June -- a hearing test", "Lindgren, June"),
        ("Sure, G-Ó-M-E-Z.", "G-Ó-M-E-Z"),
        ("Summary: Odile Marchetti wants a consult.", "Odile Marchetti"),
        ("The caller, Yusuf Adeyemi, asked about braces.", "Yusuf Adeyemi"),
        ("Pt Anna Van der Meer called", "Anna Van der Meer"),
    ],
)
def test_name_families(text: str, want: str) -> None:
    names = {t for t, c in notes(text) if c is Category.NAME}
    assert any(want in t or t in want for t in names), names


def test_spanish_words_and_organisations_are_not_names() -> None:
    got = notes("Hola, sí. Mi número es privado. Thanks for calling Bright Dawn Recovery Center.")
    assert not [t for t, c in got if c is Category.NAME]


def test_custom_field_keys_by_meaning() -> None:
    payload = {
        "custom_fields": {
            "ehr_patient_id": "A-55120",
            "record_number": "0099812",
            "portal_user": "jlowe77",
            "patient_age": 96,
            "caller_age": 44,
            "dl_state": "NE",
            "office_fax": "402-555-0100",
            "card_exp": "09/28",
            "profile_photo": "https://files.example.net/u/jlowe77/face.png",
            "coords": "40.8136,-96.7026",
            "home": {"line2": "Unit 4"},
            "pt": {"name": {"given": "Jo", "family": "Lowe"}},
            "Nombre completo": "Jo Lowe",
            "Edad": "ninety-one",
            "allergies": "penicillin",
        },
        "cvars": {"Member #": "QRX55120"},
        "inputs": {"zip_entry": ["68508"]},
        "extended_lookup": {"zip4": "1234"},
    }
    by_path: dict[str, set[Category]] = {}
    for d in inspect_payload(payload):
        by_path.setdefault(d.path, set()).add(d.category)
    assert Category.MRN in by_path["custom_fields.ehr_patient_id"]
    assert Category.MRN in by_path["custom_fields.record_number"]
    assert Category.OTHER_ID in by_path["custom_fields.portal_user"]
    assert Category.AGE in by_path["custom_fields.patient_age"]
    assert "custom_fields.caller_age" not in by_path
    assert "custom_fields.dl_state" not in by_path
    assert "custom_fields.office_fax" not in by_path
    assert "custom_fields.card_exp" not in by_path
    assert Category.URL in by_path["custom_fields.profile_photo"]
    assert sum(1 for d in inspect_payload(payload) if d.path == "custom_fields.coords") == 2
    assert Category.GEO in by_path["custom_fields.home.line2"]
    assert Category.NAME in by_path["custom_fields.pt.name.given"]
    assert Category.NAME in by_path["custom_fields.pt.name.family"]
    assert Category.NAME in by_path["custom_fields.Nombre completo"]
    assert Category.AGE in by_path["custom_fields.Edad"]
    assert Category.HEALTH in by_path["custom_fields.allergies"]
    assert Category.HEALTH_PLAN in by_path["cvars.Member #"]
    assert Category.GEO in by_path["inputs.zip_entry[0]"]
    assert Category.GEO in by_path["extended_lookup.zip4"]


def test_an_age_in_brackets_after_the_person() -> None:
    assert notes("pt (94) lives alone, needs a ride") == [("94", Category.AGE)]
    assert notes("see page (92) of the packet") == []


def test_an_age_said_as_the_persons_nineties() -> None:
    assert ("late nineties", Category.AGE) in notes("she's in her late nineties and can't drive")
    assert ("90s", Category.AGE) in notes("he is in his 90s")
    assert ("noventa y tantos", Category.AGE) in notes("mi abuela tiene noventa y tantos")
    # a decade of the century is no one's age
    assert not [c for _, c in notes("back in the late nineties we moved") if c is Category.AGE]


def test_a_house_number_after_is_is_no_age() -> None:
    got = notes("My address is ninety Wyoming Avenue in Kingston.")
    assert ("ninety Wyoming Avenue", Category.GEO) in got
    assert not [c for _, c in got if c is Category.AGE]
    assert ("ninety", Category.AGE) in notes("she is ninety and lives on Oak Street")


def test_an_age_after_a_name_or_pt_or_said_again() -> None:
    # a chart's "Pt 92." and "age 93" with no colon; a unit after the number is no age
    assert ("92", Category.AGE) in notes("Pt 92. Lives alone, daughter checks in.")
    assert ("93", Category.AGE) in notes("Mother age 93 LBP, add eval.")
    assert notes("Pt 90 min session, BP 95/60.") == []
    assert notes("Pt seen in room 92 today.") == []
    # right after the person's name, between commas or in brackets
    assert ("98", Category.AGE) in notes("mother Anne-Rose Louissaint, 98, SOB since morning")
    assert ("91", Category.AGE) in notes("Caller's father Harold Pike (91) fell today.")
    assert ("34", Category.AGE) not in notes("Patient Ana Ruiz, 34, lives at 91 Elm St.")
    assert not [c for _, c in notes("Call Dana Whitfield, 555-0192, re: results.") if c is Category.AGE]
    # an age said again nearby, in words or in another language; the same number as a price is none
    said = "Agent: she's ninety three\nCaller: yes ninety three and still sharp"
    assert [t for t, c in notes(said) if c is Category.AGE] == ["ninety three", "ninety three"]
    vi = "Người gọi: bà chín mươi hai tuổi rồi\nNhân viên: dạ chín mươi hai"
    assert len([c for _, c in notes(vi) if c is Category.AGE]) == 2
    assert ("noventa y uno", Category.AGE) in notes("Llamante: cumplo noventa y uno en junio")
    assert ("ninety", Category.AGE) in notes("Clinic: okay got it you're ninety you should come in")
    price = "Agent: he's ninety two\nCaller: and the copay is ninety two dollars"
    assert [t for t, c in notes(price) if c is Category.AGE] == ["ninety two"]


def test_an_insurance_field_holds_the_member_id_beside_the_carrier() -> None:
    payload = {
        "custom_fields": {"Insurance": "Florida Blue, ID XJF884201773, group 00921B", "payer": "Aetna"}
    }
    assert found(payload, "custom_fields.Insurance") == [("XJF884201773", Category.HEALTH_PLAN)]
    assert found(payload, "custom_fields.payer") == []


def test_ivr_key_presses_long_enough_to_be_no_menu_choice_are_identifiers() -> None:
    payload = {
        "inputs": {
            "menu_inputs": ["2", "104", "07231966", "880214773", "6145550142", "4805550100"],
            "collected": {"dob": "19620318", "member_id": "JQK480029117", "ssn": "525339014"},
        },
        "business_number": "+14805550100",
    }
    got = {d.path: d.category for d in inspect_payload(payload)}
    assert got == {
        "inputs.menu_inputs[2]": Category.DATE,  # mmddyyyy
        "inputs.menu_inputs[3]": Category.OTHER_ID,
        "inputs.menu_inputs[4]": Category.PHONE,
        "inputs.collected.dob": Category.DATE,
        "inputs.collected.member_id": Category.HEALTH_PLAN,
        "inputs.collected.ssn": Category.SSN,
    }  # menu choices, an extension and the business's own number are none


def test_cnam_line_type_with_state_is_not_a_name() -> None:
    assert found({"cnam": "CELL PHONE    NE"}, "cnam") == []


def test_search_terms_carry_health() -> None:
    payload = {
        "ga": {"utm_term": "sleep apnea test", "cid": "123.456"},
        "webvisit": {"keywords": "root canal cost"},
        "tag_list": ["perio", "new lead"],
    }
    health = {d.path for d in inspect_payload(payload) if d.category is Category.HEALTH}
    assert health == {"ga.utm_term", "webvisit.keywords", "tag_list[0]"}


def test_all_caps_address_and_county() -> None:
    got = notes("HOME: 812 W PRAIRIE VIEW DRIVE APT 9, KEARNEY NE 68845. LIVES IN LINCOLN, LANCASTER COUNTY")
    geo = [t for t, c in got if c is Category.GEO]
    assert any("812 W PRAIRIE VIEW DRIVE" in t for t in geo)
    assert any("LANCASTER COUNTY" in t for t in geo)


def test_form_label_value_pairs_use_the_label_as_key() -> None:
    payload = {
        "form": {
            "name": "Book a Visit",
            "submitter_name": "Marguerite Osei",
            "custom": [
                {"label": "Policyholder member #", "value": "QRT5512093381"},
                {"label": "Mailing ZIP", "value": "61820"},
                {"label": "Parent or guardian", "value": "Tobias Osei"},
                {"label": "Tell us your symptoms", "value": "sore throat"},
            ],
        },
        "custom_fields": {"contact": {"given": "Marguerite", "last": "Osei"}},
    }
    dets = {(d.path, d.category) for d in inspect_payload(payload)}
    assert ("form.name", Category.NAME) not in dets  # the form's title
    assert ("form.submitter_name", Category.NAME) in dets
    assert ("form.custom[0].value", Category.HEALTH_PLAN) in dets
    assert ("form.custom[1].value", Category.GEO) in dets
    assert ("form.custom[2].value", Category.NAME) in dets
    assert ("custom_fields.contact.given", Category.NAME) in dets
    assert ("custom_fields.contact.last", Category.NAME) in dets
    assert not any(p.endswith(".label") for p, _ in dets)  # a prompt is no patient information


def test_chat_and_sms_speaker_names() -> None:
    agent = {"name": "Priya Natarajan"}
    chat = [
        {"from": "Priya", "body": "Hello!"},
        {"from": "Ksenia", "body": "hi"},
        {"from": "Guest", "body": "x"},
    ]
    dets = {(d.path, d.category) for d in inspect_payload({"chat_messages": chat, "agent": agent})}
    assert ("chat_messages[1].from", Category.NAME) in dets
    assert not any(p in ("chat_messages[0].from", "chat_messages[2].from") for p, _ in dets)
    sms = "[9:02 AM] Office: See you soon.\n[9:05 AM] Ksenia: thanks\n[9:07 AM] Priya: ok"
    assert notes(sms, agent=agent) == [("Ksenia", Category.NAME)]


def test_name_cues_new_forms() -> None:
    assert ("Wiremu Tane", Category.NAME) in notes("Wiremu Tane need to be seen for a toothache")
    assert ("Faisal Rahimi", Category.NAME) in notes("hey its Faisal Rahimi about my knee")
    assert ("Ludmila Brandt", Category.NAME) in notes("Guardian - Ludmila Brandt calling for dad")
    assert notes("re: Kowalski, Ingeborg -- a mole check")[0][0].startswith("Kowalski")
    assert notes("re: Zoloft for my sister") == []  # a drug after "re:"
    assert notes("Hi! This is Lakeview Cardiology & Vascular confirming.") == []
    assert notes("Hi! This is Northgate Peds/Family confirming.") == []


def test_box_addresses_and_city() -> None:
    got = notes("send it to P.O. Box 4410 in Duluth. thanks")
    assert ("P.O. Box 4410", Category.GEO) in got and ("Duluth", Category.GEO) in got
    assert ("RR 4 Box 118", Category.GEO) in notes("I'm on RR 4 Box 118, Ames, IA")


def test_obfuscated_and_subdomain_emails() -> None:
    for text, email in [
        ("mail: k.otieno[at]example.co.uk ok", "k.otieno[at]example.co.uk"),
        ("write to mo (at) post.example.net", "mo (at) post.example.net"),
        ("it's lee+x @ example.org", "lee+x @ example.org"),
    ]:
        assert notes(text) == [(email, Category.EMAIL)]
    # the clinic lives at one subdomain of a shared parent; a caller's address at another is PHI
    got = notes("e: rafa@home.example.com;", agent={"email": "desk@oakclinic.example.com"})
    assert got == [("rafa@home.example.com", Category.EMAIL)]


def test_dotted_ssn_international_and_wrapped_phones() -> None:
    assert notes("social is 521.37.4410 ok") == [("521.37.4410", Category.SSN)]
    assert notes("abroad: 0033 1 4020 5050") == [("0033 1 4020 5050", Category.PHONE)]
    assert notes("new cell 415-555-\n0166 thx") == [("415-555-\n0166", Category.PHONE)]
    assert notes("is your fax still (617) 555-0133?") == []  # the clinic's fax


def test_cued_month_day_with_a_dash() -> None:
    assert ("9-14", Category.DATE) in notes("pt was last seen 9-14, wants a refill")
    assert ("2-7", Category.DATE) in notes("rescheduled to 2-7 at 1pm")
    assert ("12/3", Category.DATE) in notes("scheduled 12/3 for the cleaning")
    # ranges, scores, blood pressure and round-the-clock are no dates
    for text in (
        "seen 2-3 times a week",
        "since 6-8 months",
        "we went 4-1 tonight",
        "bp 118/76",
        "open 24/7",
    ):
        assert not [t for t, c in notes(text) if c is Category.DATE], text


def test_lower_case_spoken_months() -> None:
    assert ("august 3rd", Category.DATE) in notes("caller: can we do august 3rd at noon")
    assert ("22nd of october 1990", Category.DATE) in notes("caller: dob is 22nd of october 1990")
    assert ("june 9", Category.DATE) in notes("caller: last visit june 9. thanks")
    # "may" and "march" are words first: a bare number after them is no date
    assert notes("you may 2 of them if you want") == []


def test_a_month_alone_that_dates_an_event_is_a_date_element() -> None:
    assert notes("pt fell in september, wrist still swollen") == [("september", Category.DATE)]
    assert ("June", Category.DATE) in notes("Caller had the fusion back in June")
    assert ("junio", Category.DATE) in notes("tiene dolor desde junio")
    # relative to now, or a verb: no date
    assert notes("last june we went to the lake") == []
    assert notes("it may rain so we might be late") == []


def test_a_holiday_that_dates_an_event_and_a_comma_separated_birth_date() -> None:
    assert ("new year's", Category.DATE) in notes("been sober since new year's, call me")
    assert ("the day after christmas", Category.DATE) in notes("they said it was the day after christmas")
    assert ("2, 7, 1952", Category.DATE) in notes("My date of birth is 2, 7, 1952 and you can call me")
    assert ("031462", Category.DATE) in notes("dob 031462 verified")
    assert ("2024.03.14", Category.DATE) in notes("seen on 2024.03.14 for f/u")
    assert notes("version 2024.1.5 released") == []
    assert notes("we sang christmas carols") == []


def test_a_front_desk_label_and_just_in_case_do_not_hide_a_phone() -> None:
    def phones(text: str) -> list[str]:
        got = found({"transcription_text": text}, "transcription_text")
        return [t for t, c in got if c is Category.PHONE]

    # the speaker label "Front Desk:" names who speaks, not whose number it is
    asked = "Front Desk: and is this still the best number seven one eight five five five zero one one nine"
    assert phones(asked + "\nCaller: yes") == ["seven one eight five five five zero one one nine"]
    ours = "Front Desk: our main line is seven one eight five five five zero one two two"
    assert phones(ours + "\nCaller: ok") == []
    # "in case" is no case number
    assert phones("Caller: write down my son's cell just in case 4145550188 thanks") == ["4145550188"]
    assert phones("Caller: the case number is 2015550133 from the court") == []


def test_the_callers_own_office_line_is_a_phone() -> None:
    assert ("805-555-0131", Category.PHONE) in notes("my office line is 805-555-0131 if I don't answer")
    assert notes("call the office line at 805-555-0100") == []


def test_short_lower_case_months_of_shorthand_notes() -> None:
    assert notes("vsd repair at chkd feb 3. mom moving dec 6") == [
        ("feb 3", Category.DATE),
        ("dec 6", Category.DATE),
    ]
    assert ("jan 10", Category.DATE) in notes("trip to lagos dec 18-jan 10, needs typhoid")
    # alone a short month is a word ("dec" = decreased); a rate or decimal after it is no day
    assert notes("dec appetite x2 wks") == []
    assert notes("card apr 19.9% since") == []


def test_serial_and_licence_cues_in_any_case() -> None:
    assert ("qx55120934", Category.DEVICE) in notes("her cpap sn qx55120934 stopped working")
    assert ("PM7731905", Category.DEVICE) in notes("insulin pump SN# PM7731905")
    assert ("k4410923", Category.LICENSE) in notes("caller: dl# k4410923")
    assert ("T0098812", Category.LICENSE) in notes("dl T0098812 for the id check")
    assert ("A1234567", Category.LICENSE) in notes("CDL A1234567 on file")
    assert ("99887766", Category.LICENSE) in notes("state ID card 99887766")
    # "mg/dl" is a unit, not a driver's licence
    assert notes("glucose 140 mg/dl 3x this week") == []


def test_soc_sec_cue_and_customer_speaker_label() -> None:
    assert ("402-71-3398", Category.SSN) in notes("Customer: soc sec 402-71-3398 for billing")
    # "Customer:" labels a transcript line; it is no customer-id cue, and a clock time is no id
    assert notes("Customer: see you at 11am then") == []
    assert notes("Customer: 4pm works") == []


def test_name_particles_initials_and_surname_law() -> None:
    assert ("Pieter van den Broek", Category.NAME) in notes("hi it's Pieter van den Broek about my knee")
    assert ("k. lindqvist", Category.NAME) in notes(
        "caller: my name's k. lindqvist. calling about a refill for my blood pressure pills"
    )
    assert ("Mei Law", Category.NAME) in notes("Spoke w/ Mei Law about her hip")
    assert notes("Referred by Dunmore Law on Main St.") == []


def test_form_name_field_inside_custom_is_a_person() -> None:
    assert classify(("form", "custom", "Nombre")) is Category.NAME
    assert classify(("form", "name")) is not Category.NAME


def test_short_health_reasons() -> None:
    for text in ("spotting at 11 weeks", "her 2-month shots", "chipped molar", "Annual Skin Check"):
        assert contains_health_information(text), text
    assert not contains_health_information("d.o.b. 4/2/80, group 5512")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Spoke w/ Omar about his mom (pt Okonkwo, Adaeze), knee pain", "Okonkwo, Adaeze"),
        ("patient Marchetti, Liesel -- wants a callback", "Marchetti, Liesel"),
        ("re: Van der Linde, Jorunn -- intake form", "Van der Linde, Jorunn"),
        ("Pt Del Rio, Casimir needs refill", "Del Rio, Casimir"),
        ("Patient: de la Fuente, Marisela. calling about asthma", "de la Fuente, Marisela"),
        ("RE: ST. CLAIR, DESMOND -- DETOX INTAKE", "ST. CLAIR, DESMOND"),
        ("PT OYELARAN TEMITOPE | MEDICAL RECORDS REQUEST", "OYELARAN TEMITOPE"),
        ("- Bartholomew Achterberg (grandfather) is 93 y/o", "Bartholomew Achterberg"),
        ("Customer: Ifeoma Haugen <ifeoma.h@example.org>, called back", "Ifeoma Haugen"),
        ("Caller: Siobhan Nakamura, calling for her son", "Siobhan Nakamura"),
        ("Summary: Wanjiru Van der Berg wants a consult", "Wanjiru Van der Berg"),
        ("caller> hey its jun okafor need to be seen for a filling", "jun okafor"),
    ],
)
def test_names_beyond_the_lists(text: str, want: str) -> None:
    assert (want, Category.NAME) in notes(text)


def test_name_shapes_do_not_flag_words_clinics_or_doctors() -> None:
    # an organisation word right after a name ends the name only when it is part of the same title
    assert ("Kwame Mensah", Category.NAME) in notes("pt Kwame Mensah hearing loss both ears")
    assert notes("Referred by Lakeside Hearing Center today") == []
    assert notes("Dr. Okafor (uncle of the owner) covers Fridays") == []
    # "Last, First" after a weak cue needs name-like words: common words stay out
    assert notes("Re: pricing, please call back") == []
    assert [c for _, c in notes("Seen Jun 14 for a cleaning")] == [Category.DATE]
    assert [t for t, c in notes("Hope this helps, will call back in May") if c is Category.NAME] == []
    assert notes("Signed up for Young adult group; Grant approved") == []
    assert ("Grace Young", Category.NAME) in notes("for Grace Young, asthma follow-up")
    # a particle-like state code before a word is not a surname
    assert notes("PT DE RESIDENT, NEEDS RECORDS") == []
    assert notes("pt de") == []


@pytest.mark.parametrize(
    "text",
    [
        "seen Feb 31",
        "on February 30, 2021",
        "the 31st of April",
        "dob 2/30/2024",
        "on 2023-02-29",
        "appt 4-31",
    ],
)
def test_a_day_the_calendar_does_not_have_is_no_date(text: str) -> None:
    assert not [t for t, c in notes(text) if c is Category.DATE]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("seen Feb 29, 2024", "Feb 29, 2024"),
        ("dob 2/29", "2/29"),
        ("on 31/12/2020", "31/12/2020"),
        ("on 2024-02-29", "2024-02-29"),
        ("el 31 de diciembre", "31 de diciembre"),
    ],
)
def test_days_the_calendar_has_stay_dates(text: str, day: str) -> None:
    assert (day, Category.DATE) in notes(text)


def test_a_two_digit_year_after_month_and_day_is_part_of_the_date_unless_a_unit_or_hour_reads_it() -> None:
    def dates(text: str) -> list[str]:
        return [
            text[d.start : d.end] for d in inspect_payload({"notes": text}) if d.category is Category.DATE
        ]

    assert dates("dob june 4th, 62") == ["june 4th, 62"]
    assert dates("caller: march third sixty two") == ["march third sixty two"]  # spoken, as one date
    assert dates("appt june 4 45 minutes") == ["june 4"]
    assert dates("seen june 4 10 am") == ["june 4"]


def test_a_field_that_names_a_health_matter_makes_its_answer_health_information() -> None:
    fields = {
        "Pain Scale": 7,  # the answer alone says nothing; the question makes it health information
        "Knee Pain": "yes",
        "vaccine_lot": "TZ0491",  # an identifier or a date of a health matter: its value decides
        "surgery_date": "Mar 3 2024",
        "preferred_time": "morning",
    }
    health = {d.path for d in inspect_payload({"custom_fields": fields}) if d.category is Category.HEALTH}
    assert health == {"custom_fields.Pain Scale", "custom_fields.Knee Pain"}


def test_health_words_in_a_call_a_non_health_business_answers_are_no_health_information() -> None:
    def health(text: str) -> bool:
        return any(d.category is Category.HEALTH for d in inspect_payload({"transcription_text": text}))

    assert not health(
        "Speaker 0: Torque Auto, this is Ray.\nSpeaker 1: my truck's got a heart murmur, it's sick"
    )
    assert not health(
        "spk_0: paws and whiskers animal hospital this is hannah\nspk_1: my cat has a uti again"
    )
    # a chat bot's welcome, a recording's, and a business that names a thing before a word of medicine
    assert not health(
        "Bot: Welcome to Riverbend Animal Hospital! Is this an emergency?\nVisitor: he had a seizure"
    )
    assert not health(
        "agent: phone er this is jaylen what happened to the patient\ncaller: the screen is bleeding"
    )
    assert not health("Tech: Appliance ICU, Manny.\nCaller: my fridge is dying, the compressor is sick")
    assert not health("Bot: Pool Physician 🩺 Is your pool sick? Tell us the symptoms!\nVisitor: it's green")
    assert not health("Bot: DriveSurgeon: we operate on dead drives.\nVisitor: the click of death")
    assert not health("Hey, Fret Surgeon, this is Tom, my guitar's neck snapped and needs surgery")
    # a clinic's own greeting, or a text with no greeting, is read as always
    assert health("spk_0: cumberland gastroenterology this is brianna\nspk_1: my colonoscopy prep")
    assert health("caller: my truck broke down and i hurt my back")
    assert health(
        "Device Clinic: bayside cardiology device clinic this is kevin\nCaller: my defibrillator went off"
    )
    assert health("Caller: my car doctor said i should get this hernia looked at")


def test_dates_run_together_in_capitals_and_both_ends_of_a_range() -> None:
    got = notes("DOB 14MAR1960. Will call back by 13MAR26. APPROVED for DOS 03/25/2026-09/24/2026.")
    dates = [t for t, c in got if c is Category.DATE]
    assert dates == ["14MAR1960", "13MAR26", "03/25/2026", "09/24/2026"]
    assert not [c for _, c in notes("ids 1234-5678 and 3/4/2020-3") if c is Category.DATE]


def test_an_age_over_89_in_the_bracket_of_a_birth_date_the_year_bears_out() -> None:
    from datetime import date

    born = date.today().year - 95
    got = notes(f"AWV for Mae (10/30/{born}, 94) + husband (1/1/{born - 2}, 97). dob 9/3/{born} (95).")
    assert [t for t, c in got if c is Category.AGE] == ["94", "97", "95"]
    assert not [c for _, c in notes("seen 3/1/2021 (95)") if c is Category.AGE]  # no birth year


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("down 22 lbs since aug, booked Thu", "aug"),
        ("sertraline 25 started in Sept", "Sept"),
        ("out of town til the 28th (visiting sister)", "the 28th"),
        ("the fine needle aspiration from the twentieth the doctor wants", "the twentieth"),
        ("it says nine fourteen two thousand one", "nine fourteen two thousand one"),
    ],
)
def test_a_short_month_alone_a_day_before_a_bracket_and_a_date_said_apart(text: str, want: str) -> None:
    assert (want, Category.DATE) in notes(text), notes(text)


def test_no_month_in_a_word_and_no_date_in_a_list_of_ages() -> None:
    assert not [c for _, c in notes("in decatur since octopus season") if c is Category.DATE]
    assert not [c for _, c in notes("the kids are 4 7 and 2001 was the year") if c is Category.DATE]
