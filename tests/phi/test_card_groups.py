"""Card numbers as forms and notes group them, and mistyped ones after a card cue."""

from __future__ import annotations

import pytest
from tests.phi.notes_support import found

from ctm_hipaa.phi import Category


@pytest.mark.parametrize(
    "card",
    ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111 - 1111 - 1111 - 1111", "4111  1111  1111  1111"],
)
def test_grouped_card_numbers(card: str) -> None:
    assert found(f"card on file {card} exp 04/29")[0] == (card, Category.ACCOUNT)


def test_a_mistyped_card_after_a_card_cue_is_still_the_account_and_no_phone() -> None:
    # 5500 0044 1873 2231 fails the Luhn check
    assert found("cc# 5500 0044 1873 2231 for the deposit") == [("5500 0044 1873 2231", Category.ACCOUNT)]
    assert found("ref 5500 0044 1873 2231 sent") == []


def test_sixteen_plain_digits_after_a_licence_cue_stay_the_licence() -> None:
    assert found("driver's license 8412093377150216") == [("8412093377150216", Category.LICENSE)]
