"""Session 23 rural addresses: a grid address read out, its house number in pieces and its street a
number ("twenty six oh five three seventy fifth avenue", "two hundred and tenth street")."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def _places(text: str) -> list[str]:
    found = inspect_payload({"transcription_text": text})
    return [text[d.start : d.end] for d in found if d.category is Category.GEO]


@pytest.mark.parametrize(
    "address",
    ["twenty six oh five three seventy fifth avenue", "forty two thirty one two hundred and tenth street",
     "twenty nine forty one four hundredth avenue"],
)  # fmt: skip
def test_a_grid_address_read_out_is_an_address(address: str) -> None:
    assert address in _places(f"Operator: where are you\nCaller: we're at {address} out past the elevator")


def test_a_street_number_alone_is_no_address() -> None:
    """Near-miss: a count before an ordinal street, no house number read in pieces."""
    assert _places("Caller: the bus stops at fifth street twice an hour") == []


@pytest.mark.parametrize(
    ("text", "town"),
    [("Caller: we live just south of easton", "easton"), ("Caller: it's west of lake mills", "lake mills"),
     ("Caller: we're out on rural route two box forty by elmore", "elmore")],
)  # fmt: skip
def test_a_town_the_home_is_near_is_a_place(text: str, town: str) -> None:
    assert town in _places(text)


def test_a_direction_from_a_thing_is_no_place() -> None:
    assert _places("Caller: the store is north of the highway by the elevator") == []


@pytest.mark.parametrize(
    ("text", "road"),
    [("Caller: we live on county road twenty one the white farmhouse", "county road twenty one"),
     ("Caller: lives w/ son on County Road 21 past the windmill", "County Road 21"),
     ("Caller: son + DIL CR 9 MM 12, call first", "CR 9 MM 12")],
)  # fmt: skip
def test_a_county_road_is_where_a_rural_home_is(text: str, road: str) -> None:
    assert road in _places(text)


def test_cr_as_a_lab_value_is_no_road() -> None:
    assert _places("Nurse: her cr is high today, recheck in a week") == []
