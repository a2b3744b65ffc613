"""The detector's vocabularies are data files: each says what it is and loads as the code expects."""

from __future__ import annotations

import gc
from importlib import resources

import pytest

from ctm_hipaa.phi import lexicon
from ctm_hipaa.phi.scanners import names

DATA = resources.files("ctm_hipaa.phi").joinpath("data")
FILES = sorted(p.name.removesuffix(".txt") for p in DATA.iterdir() if p.name.endswith(".txt"))


def test_the_vocabularies_are_shipped_as_data_files() -> None:
    assert {"first_names", "surnames", "common_words", "health_words", "role_mailboxes"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_every_data_file_opens_with_a_header_and_holds_clean_entries(name: str) -> None:
    text = DATA.joinpath(f"{name}.txt").read_text(encoding="utf-8")
    assert text.startswith("# "), "a data file opens with a header saying what the list is"
    entries = lexicon.entries(name)
    assert entries, "a data file holds entries"
    assert len(set(entries)) == len(entries), "no entry twice"
    assert not any(e.startswith("#") or e != e.strip() for e in entries)


def test_unaccented_spells_words_as_the_lists_do() -> None:
    assert lexicon.unaccented("cobán") == "coban"
    assert lexicon.unaccented("łódź") == "lodz"
    assert lexicon.unaccented("straße") == "strasse"
    assert lexicon.unaccented("tromsø") == "tromso"
    assert lexicon.unaccented("плохо") == "плохо"  # other scripts are kept


def test_entries_keep_file_order_and_skip_comments_and_blank_lines() -> None:
    stems = lexicon.entries("health_stems")
    assert stems[:3] == ("itis", "ectomy", "otomy")
    assert not any(" " in s or not s for s in stems)
    assert "dana" in lexicon.words("first_names")


def test_the_large_generated_lists_load_in_frequency_order_as_entries_does() -> None:
    given = lexicon.bare_entries("given_names")
    assert given[:2] == ["james", "john"]  # the most frequent first
    assert given == list(lexicon.entries("given_names"))
    assert set(lexicon.bare_words("census_surnames")) == lexicon.words("census_surnames")


def test_pairs_map_a_word_to_its_tokens() -> None:
    synonyms = lexicon.pairs("key_synonyms")
    assert synonyms["apellido"] == ("last", "name")
    assert synonyms["telefono"] == ("phone",)


def test_an_alternation_file_joins_its_regex_alternatives_in_file_order() -> None:
    kin = lexicon.alternation("kinship_words")
    # longer forms before their prefixes: the in-laws before "mother", "father"
    assert kin.startswith("(?:father|mother|sister|brother|son|daughter)[ -]in[ -]law|mother|mom|father|")
    assert "|abuel[oa]s?|" in kin
    assert "#" not in kin  # the comment inside the file is no alternative


def test_keyed_alternations_keep_kinds_in_first_seen_order() -> None:
    cues = lexicon.keyed_alternations("number_cues")
    assert list(cues)[:2] == ["NEG", "SSN"]
    assert cues["SSN"].startswith("ssn|ss#|")


def test_a_word_list_written_with_letter_classes_spells_out_every_word_it_matches() -> None:
    kin = lexicon.spelled_out("kinship_words")
    # "abuel[oa]s?", "fianc[ée]e?", "irm[aã]o?": each class and optional letter, every combination
    assert {"abuelo", "abuelas", "fiancé", "fiancee", "irmão", "irma", "grand-mère", "mother"} <= kin
    assert not {"abuel", "abuelx", "fianc", "irm"} & kin


def test_the_large_lists_are_never_walked_by_the_garbage_collector() -> None:
    # every collection that reaches a set walks all its entries; a dict of strings is untracked
    for vocabulary in (names.GIVEN_NAMES, names.CENSUS_SURNAMES, lexicon.bare_words("frequent_words")):
        assert not gc.is_tracked(vocabulary)
    assert "james" in names.GIVEN_NAMES and "smith" in names.CENSUS_SURNAMES
