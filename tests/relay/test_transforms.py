"""The relay's transforms, one value at a time: tokens, Safe Harbor's generalizations, free text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctm_hipaa.relay import (
    TOKEN_HEX_CHARS,
    allow_words,
    generalize_age,
    generalize_date,
    generalize_phone,
    generalize_zip,
    redact,
    safe_words,
    small_zip3,
    token,
)

KEY_A = b"destination A's key, 32 bytes.."
KEY_B = b"destination B's key, 32 bytes.."
PHI_DATA = Path(__file__).resolve().parents[2] / "layers" / "ctm_hipaa" / "phi" / "data"
# Safe Harbor's 17 restricted 3-digit ZIPs (HHS de-identification guidance, 2000 Census).
RESTRICTED = [
    "036",
    "059",
    "063",
    "102",
    "203",
    "556",
    "692",
    "790",
    "821",
    "823",
    "830",
    "831",
    "878",
    "879",
    "884",
    "890",
    "893",
]


def test_a_token_is_stable_per_key_and_differs_across_keys() -> None:
    first = token("+13049925299", KEY_A, kind="phone")
    assert first == token("+13049925299", KEY_A, kind="phone")
    assert first != token("+13049925299", KEY_B, kind="phone")
    assert first != token("+13049925298", KEY_A, kind="phone")
    assert first is not None and len(first) == TOKEN_HEX_CHARS and int(first, 16) >= 0


def test_one_caller_gets_one_token_whatever_the_format() -> None:
    forms = ["+13049925299", "(304) 992-5299", "304.992.5299", "3049925299", 13049925299]
    assert len({token(form, KEY_A, kind="phone") for form in forms}) == 1
    assert token("Dana@Example.com ", KEY_A, kind="email") == token("dana@example.com", KEY_A, kind="email")


def test_a_token_needs_a_real_key_and_a_value() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        token("x", b"short")
    assert token(None, KEY_A) is None
    assert token("  ", KEY_A) is None
    assert token({"nested": 1}, KEY_A) is None


def test_the_small_area_list_is_safe_harbors_seventeen() -> None:
    assert sorted(small_zip3()) == RESTRICTED


@pytest.mark.parametrize("prefix", RESTRICTED)
def test_a_small_area_zip_becomes_000(prefix: str) -> None:
    assert generalize_zip(f"{prefix}42") == "000"
    assert generalize_zip(f"{prefix}42-1234") == "000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25891", "258"),
        ("25891-2713", "258"),
        ("258912713", "258"),
        (" 43215 ", "432"),
        (2134, "021"),  # a number lost its leading zero: 02134
        (2134_1234, "021"),  # and a ZIP+4 as a number too
        (3642, "000"),  # 03642 is in the small area 036
        ("2589", None),
        ("N/A", None),
        ("K1A 0B1", None),
        (True, None),
        (None, None),
    ],
)
def test_a_zip_keeps_its_first_three_digits(value: object, expected: str | None) -> None:
    assert generalize_zip(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1981-08-24", "1981"),
        ("8/24/1981", "1981"),
        ("2024-02-05 11:42 AM -06:00", "2024"),
        ("2025-02-16T16:59:04Z", "2025"),
        ("March 14, 1961", "1961"),
        (1707133320, "2024"),  # Unix seconds
        (1707133320000, "2024"),  # and milliseconds
        ("1930-01-02", "1936 or earlier"),  # a year that can reveal an age over 89
        ("1936-12-31", "1936 or earlier"),
        ("1937-01-01", "1937"),
        ("8/24/81", None),  # no four-digit year: nothing safe to say
        ("from 2019 to 2021", None),
        ("soon", None),
        (None, None),
    ],
)
def test_a_date_keeps_its_year_and_old_years_are_aggregated(value: object, expected: str | None) -> None:
    assert generalize_date(value, this_year=2026) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+13049925299", "304"),
        ("(304) 992-5299", "304"),
        (3049925299, "304"),
        ("992-5299", None),  # no area code to keep
        ("+44 20 7946 0958", None),
        ("0049925299", None),
    ],
)
def test_a_phone_keeps_its_area_code(value: object, expected: str | None) -> None:
    assert generalize_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (42, 42),
        (89, 89),
        (90, "90+"),
        (104, "90+"),
        ("94", "90+"),
        (" 67 ", 67),
        (88.5, 88),
        ("55-64", "55-64"),
        ("85-94", "85+"),
        ("90-99", "90+"),
        (-1, None),
        (200, None),
        ("ninety", None),
        (False, None),
    ],
)
def test_an_age_over_89_becomes_90_plus(value: object, expected: object) -> None:
    assert generalize_age(value) == expected


def test_redact_replaces_spans_and_merges_overlaps() -> None:
    text = "Pt Dana Whitfield, call 614-555-0142 re: knee"
    knee = text.index("knee")
    spans = [(3, 17, "NAME"), (24, 36, "PHONE"), (8, 17, "NAME"), (knee, knee + 99, "HEALTH")]
    assert redact(text, spans) == "Pt [NAME], call [PHONE] re: [HEALTH]"
    assert redact(text, []) == text


def test_allow_words_keeps_only_safe_words_and_masks_the_rest() -> None:
    text = "Caller Dana Whitfield wants to reschedule her appointment, call back at 614-555-0142 (cell)."
    assert allow_words(text) == "Caller * wants to reschedule her appointment, call back at * (*)."
    assert allow_words("DOB 08/24/1981, MRN 00482913") == "*, *"
    assert allow_words("she doesn't need a follow-up") == "she doesn't need a follow-up"
    assert allow_words("Agent: Hi Dana Whitfield.\nCaller: Hi, yes.") == "Agent: Hi *.\nCaller: Hi, yes."


def test_no_safe_word_is_a_name_a_street_suffix_or_a_month() -> None:
    def entries(name: str) -> set[str]:
        lines = (PHI_DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        return {line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")}

    names = entries("first_names") | entries("surnames") | entries("word_surnames")
    names |= entries("ambiguous_first_names")
    months = {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
    }
    months |= {"november", "december"}
    assert safe_words() & (names | entries("street_suffixes") | months) == set()
    assert len(safe_words()) > 300
