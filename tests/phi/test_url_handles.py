"""Links written without a scheme, links to shared files and fundraisers, and social handles."""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def found(text: str, **extra: object) -> list[tuple[str, Category]]:
    """(text, category) of the identifiers found in a `notes` field."""
    payload = {"notes": text, **extra}
    return [
        (text[d.start : d.end], d.category)
        for d in inspect_payload(payload)
        if d.path == "notes" and d.category is not Category.HEALTH
    ]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("she sent photos.app.goo.gl/Zx81QpLm2 of the wound", "photos.app.goo.gl/Zx81QpLm2"),
        ("fundraiser at gofundme.com/f/support-the-ruiz-family.", "gofundme.com/f/support-the-ruiz-family"),
        ("x-rays in dropbox.com/s/9fk2m/knee_films.pdf", "dropbox.com/s/9fk2m/knee_films.pdf"),
        ("https://www.dropbox.com/scl/fi/7hq/scan.jpg", "https://www.dropbox.com/scl/fi/7hq/scan.jpg"),
        ("her page instagram.com/lena.paints", "instagram.com/lena.paints"),
    ],
)
def test_links_that_identify_the_person(text: str, url: str) -> None:
    assert (url, Category.URL) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "see oakridgeclinic.com for hours",  # a site, no path
        "booked from oakridgeclinic.com/services/knee-pain",  # a page of a site, nobody's
        "bp 120/80, 2.5/day, mg/dl",
        "email lena.p@example.org re forms",  # an e-mail stays an e-mail
    ],
)
def test_sites_pages_and_ratios_are_no_personal_link(text: str) -> None:
    assert not [c for _, c in found(text) if c in (Category.URL, Category.OTHER_ID)]


def test_an_email_is_not_a_handle() -> None:
    assert found("email lena.p@example.org") == [("lena.p@example.org", Category.EMAIL)]


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("tag her @lena.paints.art please", "@lena.paints.art"),
        ("her tiktok is @lenapaints", "@lenapaints"),
        ("@dj_marco_77", "@dj_marco_77"),
    ],
)
def test_social_handles(text: str, handle: str) -> None:
    assert (handle, Category.OTHER_ID) in found(text)


@pytest.mark.parametrize("text", ["meet @ 3pm", "see you @3.30pm", "thanks @frontdesk"])
def test_at_signs_that_are_no_handle(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Tag me, I'm at glow dot with dot jas on Instagram.", "at glow dot with dot jas"),
        ("you can dm me on instagram it's mari underscore fit", "mari underscore fit"),
        ("my tiktok is luz dot beauty dot co if you want to see", "luz dot beauty dot co"),
        ("yeah my insta handle is the dot real dot dana", "the dot real dot dana"),
    ],
)
def test_a_social_handle_read_out(text: str, handle: str) -> None:
    assert (handle, Category.OTHER_ID) in found(text)


def test_a_site_and_a_dot_that_are_no_handle() -> None:
    assert found("i saw your post on instagram at the clinic dot and it was nice") == []
    assert found("we met at the mall on instagram day") == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("book a slot on my calendar calendly.com/marykate-oneil/30min", "calendly.com/marykate-oneil/30min"),
        (
            "my work is at https://figueroaphotos.com/about",
            "https://figueroaphotos.com/about",
        ),  # the caller's name
        ("everything is on linktr.ee/sunnybakes", "linktr.ee/sunnybakes"),
    ],
)
def test_links_that_spell_the_caller_s_name_or_are_a_profile(text: str, url: str) -> None:
    assert (url, Category.URL) in found(text, name="Yarelis Figueroa")


@pytest.mark.parametrize(
    "text",
    [
        "directions at https://www.parkviewdental.com/maps",  # the caller's name is a common word
        "referred from https://www.stlukes.org/locations/boise",  # no name of the caller in it
    ],
)
def test_links_without_the_caller_s_name_are_nobody_s(text: str) -> None:
    assert not any(c is Category.URL for _, c in found(text, name="Jin Park")), found(text, name="Jin Park")
