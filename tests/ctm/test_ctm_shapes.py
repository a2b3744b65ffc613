"""The shapes real CTM responses have (tap schemas, ctm-api.md "Field types"): each issue-9 example
audits as data, and one malformed item is reported on its own without voiding its list."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from ctm_hipaa.ctm.collector import collect_account
from ctm_hipaa.ctm.models import Account, Call, Trigger, User
from ctm_hipaa_tools.offline_audit import run_offline_audit


def test_recording_access_status_is_a_boolean() -> None:
    user = User.model_validate({"id": "USR1", "recording_access_settings": {"status": True}})
    assert user.recording_access_settings is not None
    assert user.recording_access_settings.status is True


def test_account_name_and_status_may_be_null() -> None:
    account = Account.model_validate({"id": 1, "name": None, "status": None, "agency_id": None})
    assert account.name is None and account.id == "1"


def test_null_routing_rules_conditions_actions_and_items_are_empty() -> None:
    assert Trigger.model_validate({"id": "TRG1", "routing_rules": None}).routing_rules == []
    rules = Trigger.model_validate(
        {"id": "TRG2", "routing_rules": [None, {"id": None, "conditions": None, "actions": None}]}
    ).routing_rules
    assert len(rules) == 1 and rules[0].conditions == [] and rules[0].actions == []
    actions = [None, {"id": None, "type": "email"}]
    rule = Trigger.model_validate(
        {"id": "TRG3", "routing_rules": [{"conditions": [None], "actions": actions}]}
    ).routing_rules[0]
    assert rule.conditions == [] and [a.type for a in rule.actions] == ["email"]


def test_paid_attribution_is_modeled() -> None:
    call = Call.model_validate({"id": 5, "paid": {"campaign": "c", "keyword": "k"}, "indexed_at": 1.5})
    assert call.paid is not None and (call.paid.campaign, call.paid.keyword) == ("c", "k")


# ---------------------------------------------------------------- one bad item, not a bad list

SECRET = "Dana Whitfield"  # a value that must never appear in a report


def test_a_malformed_item_is_rejected_alone(serve, make_client, make_agency, make_account):
    users = [
        {"id": "USR1", "status": "active", "recording_access_settings": {"status": True}},
        {"id": "USR2", "first_name": SECRET, "recording_access_settings": {"status": [SECRET]}},
        None,  # the tap allows a null item: it stands for nothing
        SECRET,
        {"id": {"name": SECRET}, "email": 7},
    ]
    faults = [
        {"path": "/api/v1/accounts/1001/users", "status": 200, "body": {"users": users, "next_page": None}}
    ]
    sim = serve(make_agency(make_account(1001), faults=faults))

    snap = collect_account(make_client(sim.base_url), 1001)

    assert snap.users.ok and [u.id for u in snap.users.items or []] == ["USR1"]
    assert [p.model_dump() for p in snap.users.rejected] == [
        {"index": 1, "id": "USR2", "detail": "recording_access_settings.status was an array"},
        {"index": 3, "id": None, "detail": "the item was a string"},
        {"index": 4, "id": None, "detail": "email was a number; id was an object"},
    ]
    assert SECRET not in snap.users.model_dump_json(include={"rejected"})


def _offline_audit(tmp_path: Path, agency: dict[str, Any]) -> tuple[int, list[dict[str, Any]], str]:
    path = tmp_path / "agency.json"
    path.write_text(json.dumps(agency))
    out = io.StringIO()
    # No attestations: the critical BAA is MANUAL, which the default gate fails; the shapes are at stake.
    code = run_offline_audit(path, None, output_format="json", out=out, fail_on=None)
    text = out.getvalue()
    return code, json.loads(text) if code == 0 else [], text


def test_agency_audit_goes_on_past_a_null_name_and_a_malformed_user(tmp_path, make_agency, make_account):
    unnamed = make_account(1001)
    unnamed["account"]["name"] = None
    other = make_account(1002)
    other["users"][1]["recording_access_settings"] = {"status": [SECRET], "password_protected": True}
    other["users"][1]["first_name"] = SECRET

    code, results, text = _offline_audit(tmp_path, make_agency(unnamed, other))

    assert code == 0
    assert {r["account_id"] for r in results} == {"1001", "1002"}
    assert not [r for r in results if r["account_id"] == "1001" and r["status"] == "ERROR"]
    bad_user = other["users"][1]["id"]
    errors = {(r["check_id"], r["resource_id"]) for r in results if r["status"] == "ERROR"}
    assert errors == {
        (check, bad_user)
        for check in ("users_individual_logins", "recordings_login_required", "notifications_no_phi")
    }
    good_user = other["users"][0]["id"]
    assert any(r["resource_id"] == good_user for r in results)  # the others are evaluated
    assert DETAIL_SHOWN in text and SECRET not in text


DETAIL_SHOWN = "recording_access_settings.status was an array"
