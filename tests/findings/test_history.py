"""A finding's history on the template's findings table (moto): every move of its lifecycle is
logged with the move, PHI-free and expiring; mute rules suppress and revoking one reopens at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.findings.test_store import T0, SteppingClock, items_of, result

from ctm_hipaa.findings import HistoryEntry, HistoryEvent
from ctm_hipaa.findings.model import Finding, Occurrence, ResultStatus, WorkflowStatus
from ctm_hipaa.findings.mute import MuteRule
from ctm_hipaa.findings.store import FindingStore


@pytest.fixture
def store(findings_table: Any) -> FindingStore:
    return FindingStore(findings_table, clock=SteppingClock())


def rule(**selectors: str) -> MuteRule:
    return MuteRule(
        check_id=selectors.pop("check_id", "users_individual_logins"),
        reason="Shared front-desk login, replaced by ticket 4412",
        expires_at=T0 + timedelta(days=30),
        created_by="Maya Lindqvist",
        created_at=T0,
        **selectors,
    )


def moves(store: FindingStore, finding: Finding) -> list[tuple[str, str | None, str, int]]:
    return [
        (e.event.value, e.from_status and e.from_status.value, e.to_status.value, e.generation)
        for e in store.history(finding)
    ]


def test_each_move_of_a_finding_is_logged_in_order_and_sightings_are_not(store: FindingStore) -> None:
    created = store.observe(result(), run_id="run-1").finding
    assert created is not None
    assert store.claim_alert(created)
    store.observe(result(), run_id="run-2")  # seen again: only last_seen moves
    store.observe(result(ResultStatus.PASS), run_id="run-3")
    reopened = store.observe(result(), run_id="run-4").finding
    assert reopened is not None

    assert moves(store, reopened) == [
        ("created", None, "NEW", 1),
        ("notified", "NEW", "NOTIFIED", 1),
        ("resolved", "NOTIFIED", "RESOLVED", 1),
        ("reopened", "RESOLVED", "NEW", 2),
    ]
    assert [e.run_id for e in store.history(reopened)] == ["run-1", None, "run-3", "run-4"]
    entries = store.history(reopened)
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_a_claim_that_fails_logs_nothing_and_a_release_is_logged(store: FindingStore) -> None:
    finding = store.observe(result()).finding
    assert finding is not None and store.claim_alert(finding)

    assert not store.claim_alert(finding)  # claimed already
    store.release_alert(finding)  # SNS refused: the claim is given back
    store.release_alert(finding)  # nothing left to give back

    assert [m[0] for m in moves(store, finding)] == ["created", "notified", "released"]


def test_a_complete_audit_logs_what_it_resolves_with_its_run(store: FindingStore) -> None:
    store.apply_audit("1001", [result()], run_id="run-1", complete=True)
    outcome = store.apply_audit(
        "1001", [], run_id="run-2", complete=True, resolution_scope=["users_individual_logins"]
    )

    [resolved] = outcome.resolved
    [*_, last] = store.history(resolved)
    assert (last.event, last.to_status, last.run_id) == (
        HistoryEvent.RESOLVED,
        WorkflowStatus.RESOLVED,
        "run-2",
    )


def test_history_items_hold_no_text_of_the_finding_and_expire_after_six_years(
    store: FindingStore, findings_table: Any
) -> None:
    store.observe(result(), categories={"NAME"}, paths={"custom_fields.<key>"})

    [item] = items_of(findings_table, "history")
    assert set(item) <= {
        *HistoryEntry.model_fields,
        "pk",
        "sk",
        "type",
        "expires_at",
    }
    text = repr(item)
    assert "Shared login" not in text and "role mailbox" not in text and "custom_fields" not in text
    at = HistoryEntry.model_validate(item).at
    assert int(item["expires_at"]) == int((at + timedelta(days=6 * 366)).timestamp())
    assert item["sk"].startswith(f"HISTORY#{result().finding_id}#")


def test_a_mute_suppresses_matching_open_findings_at_once_and_logs_it(store: FindingStore) -> None:
    store.observe(result(resource_id="user-7"))
    store.observe(result(resource_id="user-8"))
    store.observe(result(account_id="2002"))
    store.observe(result(check_id="security_mfa_required", resource_id="account"))
    mute = rule(account_id="1001", resource_id="user-7")

    [suppressed] = store.mute(mute)

    assert (suppressed.resource_id, suppressed.status, suppressed.mute_rule_id) == (
        "user-7",
        WorkflowStatus.SUPPRESSED,
        mute.rule_id,
    )
    still_open = {(f.account_id, f.resource_id) for f in store.findings_with_status(WorkflowStatus.NEW)}
    assert still_open == {("1001", "user-8"), ("2002", "user-7"), ("1001", "account")}
    [*_, last] = store.history(suppressed)
    assert (last.event, last.from_status, last.mute_rule_id) == (
        HistoryEvent.MUTED,
        WorkflowStatus.NEW,
        mute.rule_id,
    )
    # The next audit keeps it suppressed under the rule, without a new alert owed.
    again = store.observe(result(resource_id="user-7"))
    assert again.finding is not None and again.finding.status is WorkflowStatus.SUPPRESSED
    assert not again.needs_alert


def test_revoking_a_mute_reopens_its_findings_owing_an_alert_and_keeps_the_rule(store: FindingStore) -> None:
    first = store.observe(result()).finding
    assert first is not None and store.claim_alert(first)
    mute = rule()
    store.mute(mute)

    [reopened] = store.unmute(mute, by="Ada Okafor")

    assert (
        reopened.status is WorkflowStatus.NEW and reopened.generation == 2 and reopened.mute_rule_id is None
    )
    assert reopened.generation > reopened.notified_generation  # the next audit or delivery alerts
    [*_, last] = store.history(reopened)
    assert (last.event, last.from_status, last.to_status, last.mute_rule_id) == (
        HistoryEvent.UNMUTED,
        WorkflowStatus.SUPPRESSED,
        WorkflowStatus.NEW,
        mute.rule_id,
    )
    stored = store.mute_rule(mute.rule_id)
    assert stored is not None and stored.revoked_by == "Ada Okafor" and stored.revoked_at is not None
    assert not stored.matches(result(), stored.created_at + timedelta(minutes=1))
    # A later failure is seen on the open finding, not muted again.
    assert store.observe(result()).finding.status is WorkflowStatus.NEW  # type: ignore[union-attr]


def test_revoking_one_mute_keeps_findings_another_mute_covers(store: FindingStore) -> None:
    store.observe(result())
    narrow, broad = rule(resource_id="user-7"), rule()
    store.mute(narrow)
    store.put_mute_rule(broad)

    assert store.unmute(narrow, by="Ada Okafor") == []
    [finding] = store.findings_with_status(WorkflowStatus.SUPPRESSED)
    assert finding.mute_rule_id == broad.rule_id


def test_find_takes_a_whole_id_or_a_prefix(store: FindingStore) -> None:
    store.observe(result(resource_id="user-7"))
    store.observe(result(resource_id="user-8"))
    whole = result(resource_id="user-7").finding_id

    assert [f.resource_id for f in store.find(whole)] == ["user-7"]
    assert [f.resource_id for f in store.find(whole[:14])] == ["user-7"]
    assert len(store.find("f1-")) == 2
    assert store.find("f1-0000000000000") == []


def test_a_delivery_that_opens_a_finding_logs_it_with_the_finding_and_its_occurrence(
    store: FindingStore, findings_table: Any
) -> None:
    webhook = result(check_id="webhook_phi_detected", resource_id="webhook:end")
    occurrence = Occurrence(channel="end", received_at="t0", digest="d0", expires_at=T0, attributes={})

    opened = store.observe(webhook, categories={"NAME"}, occurrence=occurrence).finding
    store.observe(webhook, categories={"NAME"}, occurrence=occurrence)  # redelivered: nothing moves

    assert opened is not None
    assert [(e.event, e.run_id) for e in store.history(opened)] == [(HistoryEvent.CREATED, None)]
    assert sorted(item["type"] for item in findings_table.scan()["Items"]) == [
        "finding",
        "history",
        "occurrence",
    ]
