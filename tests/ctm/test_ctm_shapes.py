"""The shapes real CTM responses have (tap schemas, ctm-api.md "Field types"): each issue-9 example
audits as data, and one malformed item is reported on its own without voiding its list."""

from __future__ import annotations

from ctm_hipaa.ctm.models import Account, Call, Trigger, User


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
