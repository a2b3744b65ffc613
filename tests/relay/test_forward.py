"""`forward`: an allow-list body and a PHI-free manifest for one delivery."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from ctm_hipaa.phi import inspect_payload
from ctm_hipaa.relay import forward, parse_destinations, parse_policy, preset_policy, token

KEY = b"a destination's HMAC key, 32 b.."
NOW = datetime(2026, 12, 2, tzinfo=UTC)
PAYLOAD: dict[str, Any] = {
    "id": 245563549,
    "account_id": 412233,
    "name": "Frederick Ryan",
    "caller_number": "+13049925299",
    "postal_code": "25891",
    "called_at": "2024-02-05 11:42 AM -06:00",
    "duration": 192,
    "source": "Google Ads",
    "tracking_label": "Main Line",
    "notes": "Pt Frederick Ryan asked for a callback at 304-974-7228 about his appointment.",
    "tag_list": ["new patient", "Frederick"],
    "custom_fields": {
        "Insurance Member ID": "KQ875268234",
        "Dana cell": "614-555-0142",
        "patient_age": 94,
        "date_of_birth": "1981-08-24",
    },
}


def run(
    policy: dict[str, Any], payload: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    body, manifest = forward(payload or PAYLOAD, parse_policy(policy), KEY, now=NOW)
    return body, manifest.as_dict()


def test_fields_the_policy_does_not_name_are_dropped() -> None:
    body, manifest = run({"fields": {"id": "keep", "duration": "keep", "caller_number": "token"}})
    assert body == {
        "id": 245563549,
        "caller_number": token("+13049925299", KEY, kind="phone"),
        "duration": 192,
    }
    assert manifest["kept"] == ["duration", "id"]
    assert manifest["transformed"] == {"caller_number": "token"}
    assert "name" in manifest["dropped"] and "notes" in manifest["dropped"]
    assert manifest["counts"]["fields"] == 16  # leaves: each of tag_list's two counts
    # paths: tag_list's elements share one, and so do the two custom keys ctm-hipaa does not know
    assert (
        manifest["counts"]["kept"] + manifest["counts"]["transformed"] + manifest["counts"]["dropped"] == 14
    )
    assert manifest["categories_removed"]["NAME"] >= 2 and manifest["categories_removed"]["PHONE"] >= 2


def test_generalize_follows_safe_harbor() -> None:
    body, manifest = run(
        {
            "fields": {
                "postal_code": "generalize",
                "caller_number": "generalize:phone",
                "called_at": "generalize",
                "custom_fields.patient_age": "generalize",
                "custom_fields.date_of_birth": "generalize",
            }
        }
    )
    assert body == {
        "caller_number": "304",
        "postal_code": "258",
        "called_at": "2024",
        "custom_fields": {"patient_age": "90+", "date_of_birth": "1981"},
    }
    # The manifest names a key that is no vocabulary name by its place only (the body: as the policy does).
    assert manifest["transformed"]["custom_fields.<key>"] == "generalize:age"
    assert manifest["transformed"]["custom_fields.date_of_birth"] == "generalize:date"


def test_a_value_that_cannot_be_generalized_is_dropped() -> None:
    body, manifest = run(
        {"fields": {"postal_code": "generalize"}}, {"postal_code": "unknown, caller declined"}
    )
    assert body == {}
    assert manifest["dropped"] == ["postal_code"]


def test_a_pattern_forwards_known_keys_under_their_name_and_never_a_clinics_own_key() -> None:
    body, manifest = run({"fields": {"custom_fields.*": "token"}})
    # patient_age is no field name ctm-hipaa knows: a pattern does not forward it (name it exactly)
    assert set(body["custom_fields"]) == {"insurance_member_id", "date_of_birth"}
    text = json.dumps([body, manifest])
    assert "Dana" not in text and "Insurance Member ID" not in text
    assert "custom_fields.<key>" in manifest["dropped"]


def test_an_exact_path_matches_the_key_however_it_is_spelled_and_keeps_the_policys_spelling() -> None:
    body, _ = run({"fields": {"custom_fields.insurance_member_id": "token"}})
    assert body == {"custom_fields": {"insurance_member_id": token("KQ875268234", KEY)}}


def test_two_keys_of_one_name_forward_one_value() -> None:
    payload = {"custom_fields": {"Member ID": "A1", "member_id": "B2"}}
    body, manifest = run({"fields": {"custom_fields.*": "token"}}, payload)
    assert body == {"custom_fields": {"member_id": token("A1", KEY)}}
    assert manifest["dropped"] == []  # the path was forwarded (once)


def test_free_text_is_dropped_by_default() -> None:
    body, manifest = run({"fields": {"notes": "text", "tag_list": "text"}})
    assert body == {}
    assert manifest["text_policy"] == "drop"
    assert set(manifest["dropped"]) >= {"notes", "tag_list"}


def test_redact_puts_the_category_in_place_of_each_identifier() -> None:
    body, manifest = run({"fields": {"notes": "text"}, "text": "redact"})
    assert "Frederick" not in body["notes"] and "974" not in body["notes"]
    assert "[NAME]" in body["notes"] and "[PHONE]" in body["notes"]
    assert body["notes"].endswith("about his appointment.")
    assert manifest["transformed"] == {"notes": "redact"}


def test_allow_words_masks_every_word_outside_the_safe_vocabulary() -> None:
    body, _ = run({"fields": {"notes": "text", "tag_list": "text"}, "text": "allow-words"})
    assert body["notes"] == "* asked for a callback at * about his appointment."
    assert body["tag_list"] == ["new patient", "*"]


def test_given_detections_are_used_as_the_detector_would_find_them() -> None:
    policy = parse_policy({"fields": {"notes": "text"}, "text": "redact"})
    found = inspect_payload(PAYLOAD)
    assert forward(PAYLOAD, policy, KEY, detections=found, now=NOW) == forward(PAYLOAD, policy, KEY, now=NOW)
    # the webhook passes what it found; nothing found means nothing redacted
    body, _ = forward(PAYLOAD, policy, KEY, detections=[], now=NOW)
    assert body["notes"] == PAYLOAD["notes"]


def test_the_manifest_names_the_destination_and_the_policy_version() -> None:
    destinations = parse_destinations(
        {
            "destinations": {
                "crm": {"url": "https://crm.example/", "accounts": "all", "secret": "s", "policy": "crm-lead"}
            }
        }
    )
    _, manifest = forward(PAYLOAD, destinations.destinations["crm"], KEY, now=NOW)
    assert manifest.destination == "crm"
    assert manifest.policy == "crm-lead"
    assert manifest.policy_version == preset_policy("crm-lead").version


def test_no_payload_value_reaches_the_manifest() -> None:
    for policy in ({"fields": {"notes": "text"}, "text": "redact"}, {"fields": {"custom_fields.*": "token"}}):
        _, manifest = run(policy)
        text = json.dumps(manifest)
        for value in ("Frederick", "Ryan", "3049925299", "25891", "KQ875268234", "Dana", "1981", "Main Line"):
            assert value not in text


@pytest.mark.parametrize(
    ("duration", "expected"), [(45, "45s"), (192, "3m12s"), (3723, "1h02m03s"), (None, "unknown")]
)
def test_the_chat_sentence_is_built_from_kept_fields_only(duration: int | None, expected: str) -> None:
    payload = {**PAYLOAD, "duration": duration}
    body, manifest = forward(payload, preset_policy("chat-notify"), KEY, policy_name="chat-notify")
    assert body == {"text": f"New call from Google Ads to Main Line, {expected}"}
    assert manifest.kept == ("duration", "source", "tracking_label")


def test_keep_forwards_a_field_itself_never_what_a_mapping_or_list_in_its_place_holds() -> None:
    payload = {"id": {"name": "Dana Whitfield"}, "source": ["Dana Whitfield"], "duration": [5]}
    policy = {
        "fields": {"id": "keep", "source": "keep", "duration": "keep"},
        "message": "{source}, {duration}",
    }
    body, manifest = run(policy, payload)
    assert body == {"text": "unknown, unknown"}
    assert manifest["dropped"] == ["duration", "id.name", "source"]


def test_a_payload_of_any_depth_is_walked() -> None:
    deep: dict[str, Any] = {"id": 1}
    node = deep
    for _ in range(5000):
        node["custom_fields"] = {}
        node = node["custom_fields"]
    body, manifest = forward(deep, parse_policy({"fields": {"id": "keep"}}), KEY, now=NOW, detections=[])
    assert body == {"id": 1}
    assert manifest.counts["fields"] == 1


def test_a_payload_must_be_an_object() -> None:
    with pytest.raises(TypeError, match="JSON object"):
        forward([1], parse_policy({}), KEY)  # type: ignore[arg-type]
