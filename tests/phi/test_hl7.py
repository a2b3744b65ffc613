"""HL7 v2 segments pasted into notes: each identifier field found at its own span, by position."""

from __future__ import annotations

from ctm_hipaa.phi import Category, inspect_payload


def found(text: str) -> list[tuple[str, Category]]:
    """(text, category) of the identifiers found in a `notes` field."""
    return [
        (text[d.start : d.end], d.category)
        for d in inspect_payload({"notes": text})
        if d.category is not Category.HEALTH
    ]


def segment(name: str, fields: dict[int, str]) -> str:
    """An HL7 segment with `fields` at their positions (field n is the n-th after the id)."""
    return "|".join([name] + [fields.get(n, "") for n in range(1, max(fields) + 1)])


MESSAGE = "\n".join(
    [
        "ADT from the hospital:",
        "MSH|^~\\&|EPIC|GENHOSP|CLINIC||20250102101500||ADT^A04|MSG77120|P|2.5.1",
        segment(
            "PID",
            {
                1: "1",
                3: "5520931^^^GENHOSP^MR~998877^^^OLDSYS^MR",
                5: "OKONKWO^ADAEZE^N^JR",
                7: "19480923",
                8: "F",
                11: "71 BIRCH HOLLOW RD^UNIT 4^SPRINGDALE^AR^72764^USA",
                13: "(479)555-0172^PRN^PH^ada.ok@example.net",
                18: "77001234",
                19: "512-40-7781",
                20: "O1122334^AR",
            },
        ),
        segment(
            "PV1",
            {
                1: "1",
                2: "O",
                3: "CARD^^^GH",
                7: "1093817265^HOLLOWAY^GRANT",
                19: "V44120",
                44: "20241228",
                45: "20241230",
            },
        ),
        segment(
            "NK1", {1: "1", 2: "OKONKWO^CHIDI", 3: "SON", 4: "9 ELM CT^^ROGERS^AR^72756", 5: "479-555-0190"}
        ),
        segment(
            "IN1",
            {
                1: "1",
                2: "PLAN7",
                3: "INS01",
                4: "ACME HEALTH",
                8: "GRP4410",
                16: "OKONKWO^ADAEZE",
                36: "MBR55012877",
            },
        ),
    ]
)


def test_pid_fields_by_position() -> None:
    spans = found(MESSAGE)
    for want in [
        ("5520931", Category.MRN),
        ("998877", Category.MRN),  # the second repetition of PID-3
        ("OKONKWO^ADAEZE^N^JR", Category.NAME),
        ("19480923", Category.DATE),
        ("71 BIRCH HOLLOW RD^UNIT 4", Category.GEO),
        ("SPRINGDALE", Category.GEO),
        ("72764", Category.GEO),
        ("(479)555-0172", Category.PHONE),
        ("ada.ok@example.net", Category.EMAIL),
        ("77001234", Category.ACCOUNT),
        ("512-40-7781", Category.SSN),
        ("O1122334", Category.LICENSE),
    ]:
        assert want in spans, want
    # the state and the country are no identifiers
    assert not [t for t, _ in spans if t in ("AR", "USA")]


def test_next_of_kin_visit_and_insurance() -> None:
    spans = found(MESSAGE)
    for want in [
        ("OKONKWO^CHIDI", Category.NAME),
        ("9 ELM CT", Category.GEO),
        ("ROGERS", Category.GEO),
        ("479-555-0190", Category.PHONE),
        ("V44120", Category.ACCOUNT),
        ("20241228", Category.DATE),
        ("20241230", Category.DATE),
        ("MBR55012877", Category.HEALTH_PLAN),
    ]:
        assert want in spans, want


def test_header_codes_and_providers_are_not_reported() -> None:
    texts = [t for t, _ in found(MESSAGE)]
    # MSH's timestamp and message id, the attending doctor's NPI and name, the insurer's codes
    for code in ("20250102101500", "MSG77120", "1093817265", "HOLLOWAY", "GRANT", "PLAN7", "GRP4410"):
        assert not [t for t in texts if code in t], code


def test_segments_separated_by_carriage_returns() -> None:
    text = "PID|1||4410^^^H^MR||DOE^JANE||19600101\rNK1|1|DOE^JOHN|SPO"
    assert ("4410", Category.MRN) in found(text)
    assert ("DOE^JOHN", Category.NAME) in found(text)


def test_a_pipe_in_prose_is_no_segment() -> None:
    assert found("options: yes|no|maybe, call back") == []
