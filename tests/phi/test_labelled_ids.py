"""Ids after a label word the cue vocabulary does not know, A-numbers, passports and placards."""

from __future__ import annotations

import pytest
from tests.phi.notes_support import found

from ctm_hipaa.phi import Category


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("detainee# D-40817 transferred", ("D-40817", Category.OTHER_ID)),
        ("rems # 4471902 confirmed", ("4471902", Category.OTHER_ID)),
        ("employee id 58812 for the form", ("58812", Category.OTHER_ID)),
        ("her id is 7304416 at the school", ("7304416", Category.OTHER_ID)),
        ("chart no. 66120 reviewed", ("66120", Category.MRN)),  # a known cue keeps its kind
        ("uscis # A-301-552-019 pending", ("A-301-552-019", Category.OTHER_ID)),
        ("letter for A204551873 by friday", ("A204551873", Category.OTHER_ID)),  # an A-number alone
        ("passport X7731904 expires soon", ("X7731904", Category.LICENSE)),
        # ten digits read as a phone but for their cue
        ("my ipledge number is 2203998177", ("2203998177", Category.OTHER_ID)),
        ("iPLEDGE 2203 9981 77 for the isotretinoin", ("2203 9981 77", Category.OTHER_ID)),
        ("her visa number is 2203998177", ("2203998177", Category.OTHER_ID)),
        # read character by character, letters in capitals
        ("member S 0 0 4 4 1 9 2 6 7. Okay", ("S 0 0 4 4 1 9 2 6 7", Category.HEALTH_PLAN)),
        ("the serial's WTU 209 C 8 7 5 1 2. I'm home", ("WTU 209 C 8 7 5 1 2", Category.DEVICE)),
        ("his ID is 1 0 8 8 4 2 7 1 9 W A. Thanks", ("1 0 8 8 4 2 7 1 9 W A", Category.OTHER_ID)),
        ("my social is 5 6 8 0 2 1 1 4 4 ok", ("5 6 8 0 2 1 1 4 4", Category.SSN)),
        ("acct 7037 3916 38 for the bill", ("7037 3916 38", Category.ACCOUNT)),  # no word after it
        (
            "ID verified by PA DL 28 449 120. Case mgr",
            ("28 449 120", Category.LICENSE),
        ),  # the cue in capitals
        ("handicap placard Q0941127 renewed", ("Q0941127", Category.LICENSE)),
        ("medicaid: soonercare B55210937", ("B55210937", Category.HEALTH_PLAN)),
        ("mbr ZX0041177 active", ("ZX0041177", Category.HEALTH_PLAN)),
    ],
)
def test_ids_after_a_label(text: str, want: tuple[str, Category]) -> None:
    assert want in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "room # 21047 on the left",
        "case no. INC55102; spoke to her",  # a case number stays no id, past the "no. " boundary
        "warranty cert # W-55102 on the roof",
        "page no. 10455 of the chart",
        "her number is 3321",  # too few digits, and "her number" is a phone's cue
        "step 3 of 4",
    ],
)
def test_labels_of_things_and_transactions_are_no_id(text: str) -> None:
    assert not [c for _, c in found(text) if c is not Category.PHONE]
