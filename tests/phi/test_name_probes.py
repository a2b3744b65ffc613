"""Floors on the name probes of tests/data/phi/name_probes (written by an author who never read the
detector): the share of marked names found, and the names found where the negatives have none."""

from __future__ import annotations

from pathlib import Path

from tests.phi.marked_probes import found_share, unmarked

from ctm_hipaa.phi import Category

DATA = Path(__file__).resolve().parent.parent / "data" / "phi" / "name_probes"


def test_most_marked_names_are_found() -> None:
    hit, total = found_share(DATA / "positives.txt", Category.NAME)
    assert hit / total >= 0.93, f"{hit} of {total}"


def test_the_negatives_hold_almost_no_names() -> None:
    # two left: "the Cedar Park office", "the Lincoln Park location" (a place read as a name)
    false = unmarked(DATA / "negatives.txt", Category.NAME)
    assert len(false) <= 2, false


def test_round_three_names_said_without_a_cue_hold_their_first_seen_share() -> None:
    # round 3 (written blind, session 20): names in passing, as whole answers, word-names; first
    # seen 153 of 227, the floor a regression check, not a target
    hit, total = found_share(DATA / "positives_r3.txt", Category.NAME)
    assert hit / total >= 0.67, f"{hit} of {total}"


def test_round_three_negatives_hold_no_names() -> None:
    assert unmarked(DATA / "negatives_r3.txt", Category.NAME) == []


def test_round_four_spelled_and_uncued_names_hold_their_first_seen_share() -> None:
    # round 4 (written blind, session 22): every spelling marked, "as in" alphabets, names without
    # a cue, word-names; first seen 265 of 326, 274 once a listed name after "text", "ask", "drop
    # off" or before "said" or "will" was taken (279): a regression floor
    hit, total = found_share(DATA / "positives_r4.txt", Category.NAME)
    assert hit / total >= 0.84, f"{hit} of {total}"


def test_round_four_negatives_hold_few_names() -> None:
    # three left, places named for people: "Jackson Street", "Martin Luther King Jr. Blvd.",
    # "Jackson Memorial"
    false = unmarked(DATA / "negatives_r4.txt", Category.NAME)
    assert len(false) <= 3, false
