"""Destinations and policies as data: what validates, and a clear, typed refusal of what does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.relay.relay_support import GOOD

from ctm_hipaa.relay import (
    Generalization,
    RelayConfigError,
    Transform,
    load_destinations,
    parse_destinations,
    parse_policy,
    preset_names,
    preset_policy,
)


def destination(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "url": "https://hooks.crm.example/ctm",
        "accounts": "all",
        "secret": "ctm-hipaa/relay/crm",
        "policy": "crm-lead",
    }
    return {"destinations": {"crm": {**base, **changes}}}


def problems(data: object) -> list[str]:
    with pytest.raises(RelayConfigError) as raised:
        parse_destinations(data)
    return raised.value.problems


def test_a_destinations_file_validates_into_destinations(tmp_path: Path) -> None:
    path = tmp_path / "destinations.yaml"
    path.write_text(GOOD)
    loaded = load_destinations(path).destinations

    assert sorted(loaded) == ["crm", "team-chat"]
    crm, chat = loaded["crm"], loaded["team-chat"]
    assert crm.accounts == ("412230", "412233")
    assert crm.applies_to(412233) and not crm.applies_to("1")
    assert crm.policy_name == "crm-lead" and crm.effective_policy == preset_policy("crm-lead")
    assert chat.applies_to("anything") and chat.policy_name == "inline"
    rules = {rule.segments: rule for rule in chat.effective_policy.rules}
    assert rules[("Postal_Code",)].kind is Generalization.ZIP  # the kind read from the field's name
    assert rules[("custom_fields", "patient_age")].kind is Generalization.AGE
    assert rules[("custom_fields", "insurance_*")].transform is Transform.TOKEN


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"url": "http://hooks.crm.example/ctm"}, "destinations.crm.url: the URL does not use HTTPS"),
        ({"url": "https://user:pw@hooks.crm.example/"}, "puts credentials in its URL"),
        ({"url": "https://webhook.site/abc"}, "public request-inspection service"),
        ({"url": "https://hooks.crm.example/?api_key=1"}, "has a query or fragment"),
        ({"url": "not a url"}, "has no valid destination URL"),
        (
            {"accounts": ["412233", "x"]},
            "destinations.crm.accounts: must be all, or a list of CTM account ids",
        ),
        ({"accounts": []}, "destinations.crm.accounts: must be all"),
        ({"secret": "arn:aws:secretsmanager:us-east-1:12:secret:x"}, "not a Secrets Manager secret ARN"),
        ({"secret": "has spaces in it"}, "destinations.crm.secret: must be a Secrets Manager secret name"),
        (
            {"policy": "crm-leed"},
            'not a preset (presets: ads-conversion, chat-notify, crm-lead); did you mean "crm-lead"?',
        ),
        ({"policy": None}, "policy: required"),
        ({"hmac_key": "s3cr3t-value"}, "secrets are never written here"),
        ({"acounts": "all"}, 'destinations.crm.acounts: unknown field; did you mean "accounts"?'),
        (
            {"policy": {"fields": {"name": "keep"}}},
            "destinations.crm.policy.fields: name: keep is only for fields",
        ),
        (
            {"policy": {"fields": {"duratoin": "keep"}}},
            'duratoin is not a CTM call field ctm-hipaa knows (phi/data/field_names.txt); did you mean "dur',
        ),
        (
            {"policy": {"fields": {"custom_fields.*": "keep"}}},
            "keep is only for fields that carry no identifier",
        ),
        ({"policy": {"fields": {"email": "tokn"}}}, "email: must be keep, drop, token"),
        ({"policy": {"fields": {"custom_fields.*": "generalize"}}}, "its name does not say what it holds"),
        ({"policy": {"fields": {"notes": "generalize:street"}}}, "street is not a kind to generalize to"),
        ({"policy": {"fields": {"notes": "token:zip"}}}, "only generalize takes a kind"),
        ({"policy": {"fields": {"email": "token", "Email": "drop"}}}, "Email and email name the same field"),
        ({"policy": {"fields": {}, "text": "scrub"}}, "destinations.crm.policy.text"),
        (
            {"policy": {"fields": {}, "message": "Call from {name}"}},
            "message: {name} must name a field that may be kept",
        ),
        ({"policy": {"fields": {}, "message": "Call {"}}, "message: not a template"),
        ({"policy": {"fields": {"text": "text"}, "message": "Call"}}, 'the body\'s "text" is the sentence'),
    ],
)
def test_a_bad_destination_is_refused_with_its_path_and_what_to_write(
    changes: dict[str, object], expected: str
) -> None:
    found = problems(destination(**changes))
    assert any(expected in problem for problem in found), found


def test_every_problem_is_reported_at_once_and_no_value_is_echoed() -> None:
    data = destination(url="http://secret-host-name.example/?token=abc123", accounts=["Dana Whitfield"])
    found = problems(data)
    assert [p.split(":")[0] for p in found] == ["destinations.crm.url", "destinations.crm.accounts"]
    assert "abc123" not in str(found) and "Dana" not in str(found) and "secret-host-name" not in str(found)


def test_a_bad_file_is_one_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "destinations.yaml"
    path.write_text("destinations:\n  crm: {url: https://a.example/}\n  crm: {url: https://b.example/}\n")
    with pytest.raises(RelayConfigError, match="line 3: not valid YAML \\(a key appears twice\\)"):
        load_destinations(path)
    path.write_text("- just\n- a list\n")
    with pytest.raises(RelayConfigError, match="must be a mapping with destinations"):
        load_destinations(path)


def test_a_policy_version_is_a_hash_of_what_it_says() -> None:
    one = parse_policy({"fields": {"id": "keep", "email": "token"}})
    same = parse_policy({"fields": {"email": "token", "id": "keep"}, "text": "drop"})
    other = parse_policy({"fields": {"id": "keep", "email": "token"}, "text": "redact"})
    assert one.version == same.version != other.version
    assert one.version.startswith("p1-") and len(one.version) == 19


def test_every_preset_is_a_valid_policy() -> None:
    assert preset_names() == ("ads-conversion", "chat-notify", "crm-lead")
    assert {name: preset_policy(name).text.value for name in preset_names()} == dict.fromkeys(
        preset_names(), "drop"
    )
    assert preset_policy("chat-notify").fields == {}
    assert preset_policy("chat-notify").message is not None
