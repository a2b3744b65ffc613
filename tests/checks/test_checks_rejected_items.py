"""An item CTM returned in a shape no source gives it is an ERROR for that resource alone: the
other items of its list are still evaluated, and an empty remainder is no PASS."""

from __future__ import annotations

from typing import Any

import pytest
from check_factories import context, run, snapshot

from ctm_hipaa.checks import all_checks, run_checks
from ctm_hipaa.checks.base import ACCOUNT
from ctm_hipaa.findings import ResultStatus

# part -> (a good item, the checks that read the part)
READERS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "users": (
        {
            "id": "USR1",
            "email": "pat@clinic.example.com",
            "recording_access_settings": {"password_protected": True},
        },
        ("users_individual_logins", "recordings_login_required", "notifications_no_phi"),
    ),
    "webhooks": (
        {"id": "7001", "weburl": "https://hooks.vendor-under-baa.com/x"},
        ("webhooks_secure_destination",),
    ),
    "triggers": ({"id": "8001", "routing_rules": None}, ("triggers_offplatform_phi", "notifications_no_phi")),
    "call_settings": (
        {"id": "9001", "inbound_recordings_on": True, "outbound_recording_on": False, "transcription": False},
        ("recordings_encrypted", "transcription_redaction"),
    ),
    "calls": ({"id": "501", "campaign": "Brand"}, ("attribution_health_terms",)),
}
CASES = [(part, check) for part, (_, checks) in READERS.items() for check in checks]
DETAIL = "recording_access_settings.status was an array"


def _rejected(part: str, *, good: bool) -> dict[str, Any]:
    items = [READERS[part][0]] if good else []
    problems = [{"index": 1, "id": "BAD1", "detail": DETAIL}, {"index": 2, "detail": "the item was a string"}]
    return {part: {"items": items, "rejected": problems}}


@pytest.mark.parametrize(("part", "check_id"), CASES)
def test_each_rejected_item_is_an_error_for_its_resource(part: str, check_id: str) -> None:
    results = run(check_id, context(snapshot(**_rejected(part, good=True))))
    errors = {r.resource_id: r.detail for r in results if r.status is ResultStatus.ERROR}
    assert set(errors) == {"BAD1", f"{ACCOUNT}:{part}[2]"}
    assert DETAIL in errors["BAD1"] and "the item was a string" in errors[f"{ACCOUNT}:{part}[2]"]
    # the good item was still evaluated
    assert any(r.status is not ResultStatus.ERROR for r in results)


# Checks whose account-level result rests on an attestation, not on the part's items.
ATTESTED_ON_ACCOUNT = {"recordings_login_required", "notifications_no_phi"}


@pytest.mark.parametrize(("part", "check_id"), CASES)
def test_only_rejected_items_give_no_pass_for_the_part(part: str, check_id: str) -> None:
    results = run(check_id, context(snapshot(**_rejected(part, good=False))))
    from_items = [r for r in results if not (check_id in ATTESTED_ON_ACCOUNT and r.resource_id == ACCOUNT)]
    # no "nothing configured" PASS: the items left unread may be anything
    assert len(from_items) == 2 and all(r.status is ResultStatus.ERROR for r in from_items)


def test_every_check_still_yields_a_result() -> None:
    parts = {name: spec for part in READERS for name, spec in _rejected(part, good=False).items()}
    results = run_checks(context(snapshot(**parts)))
    assert {r.check_id for r in results} == {c.check_id for c in all_checks()}
