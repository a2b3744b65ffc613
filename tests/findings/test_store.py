"""The finding lifecycle on the template's findings table, under moto, and on the tests' in-memory
fake of the same port (the same tests, so the fake keeps the adapter's semantics). Tests of what only
DynamoDB does (races, transactions, pagination, item sizes) use the adapter alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.fakes import MemoryFindingStore

from ctm_hipaa.findings.lifecycle import Transition
from ctm_hipaa.findings.model import (
    MAX_FINDING_PATHS,
    MAX_PATH_CHARS,
    RETENTION,
    CheckResult,
    Occurrence,
    ResultStatus,
    Severity,
    WorkflowStatus,
    bound_paths,
    finding_id,
)
from ctm_hipaa.findings.mute import MuteRule
from ctm_hipaa.findings.ports import FindingRepository
from ctm_hipaa.findings.store import (
    BACKOFF_BASE_SECONDS,
    BACKOFF_CAP_SECONDS,
    MAX_WRITE_ATTEMPTS,
    FindingStore,
    FindingStoreError,
)

T0 = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)


class SteppingClock:
    """A clock that moves one minute per reading, so every write has a distinct time."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def result(
    status: ResultStatus = ResultStatus.FAIL,
    *,
    check_id: str = "users_individual_logins",
    account_id: str = "1001",
    resource_id: str = "user-7",
) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        account_id=account_id,
        resource_id=resource_id,
        status=status,
        severity=Severity.HIGH,
        title="Shared login",
        detail="User user-7 uses a role mailbox.",
    )


def items_of(table: Any, kind: str) -> list[dict[str, Any]]:
    """The table's items of one `type` (finding, occurrence, history...)."""
    return [item for item in table.scan()["Items"] if item.get("type") == kind]


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture(params=["dynamodb", "memory"])
def store(request: pytest.FixtureRequest, clock: SteppingClock) -> FindingRepository:
    """The port on the DynamoDB adapter, and on the in-memory fake that service tests use."""
    if request.param == "memory":
        return MemoryFindingStore(clock=clock)
    return FindingStore(request.getfixturevalue("findings_table"), clock=clock)


@pytest.fixture
def table_store(findings_table: Any, clock: SteppingClock) -> FindingStore:
    return FindingStore(findings_table, clock=clock)


def test_finding_id_is_deterministic_versioned_and_distinct() -> None:
    a = finding_id("c", "1", "r")
    assert a == finding_id("c", "1", "r")
    assert a.startswith("f1-")
    assert len({a, finding_id("c", "1", "r2"), finding_id("c", "2", "r"), finding_id("c2", "1", "r")}) == 4
    # The separator keeps ("a", "bc") and ("ab", "c") apart.
    assert finding_id("a", "bc", "r") != finding_id("ab", "c", "r")


def test_first_failure_creates_a_new_finding_that_needs_an_alert(store: FindingRepository) -> None:
    observation = store.observe(result(), run_id="run-1")

    assert observation.transition is Transition.CREATED
    assert observation.needs_alert
    stored = store.get("1001", result().finding_id)
    assert stored is not None
    assert stored.status is WorkflowStatus.NEW
    assert stored.first_seen == stored.last_seen == stored.status_changed_at
    assert stored.last_run_id == "run-1"


def test_repeated_failure_only_moves_last_seen(store: FindingRepository) -> None:
    first = store.observe(result()).finding
    assert first is not None and store.claim_alert(first)

    again = store.observe(result())

    assert again.transition is Transition.SEEN
    assert again.finding is not None
    assert again.finding.first_seen == first.first_seen
    assert again.finding.last_seen > first.last_seen
    assert again.finding.status_changed_at == first.status_changed_at
    assert again.finding.status is WorkflowStatus.NOTIFIED
    assert not again.needs_alert


def test_pass_resolves_and_a_new_failure_reopens_with_a_fresh_alert(store: FindingRepository) -> None:
    created = store.observe(result()).finding
    assert created is not None and store.claim_alert(created)

    resolved = store.observe(result(ResultStatus.PASS))
    assert resolved.transition is Transition.RESOLVED
    assert resolved.finding is not None and resolved.finding.status is WorkflowStatus.RESOLVED

    reopened = store.observe(result())
    assert reopened.transition is Transition.REOPENED
    assert reopened.finding is not None
    assert reopened.finding.status is WorkflowStatus.NEW
    assert reopened.finding.generation == 2
    assert reopened.needs_alert


def test_pass_without_permission_to_resolve_changes_nothing(store: FindingRepository) -> None:
    store.observe(result())
    assert store.observe(result(ResultStatus.PASS), allow_resolve=False).transition is Transition.UNCHANGED
    stored = store.get("1001", result().finding_id)
    assert stored is not None and stored.status is WorkflowStatus.NEW


@pytest.mark.parametrize("status", [ResultStatus.MANUAL, ResultStatus.ERROR])
def test_manual_and_error_open_findings_like_fail(store: FindingRepository, status: ResultStatus) -> None:
    # Issue 9: nothing tracked MANUAL and ERROR results; they are findings now, marked as such.
    created = store.observe(result(status))
    assert created.transition is Transition.CREATED and created.needs_alert
    assert created.finding is not None and created.finding.result_status is status
    assert created.finding.status is WorkflowStatus.NEW

    seen = store.observe(result(status))
    assert seen.transition is Transition.SEEN and seen.finding is not None

    assert store.claim_alert(seen.finding)
    # The same finding now FAILs: still one open finding, but worse news that people must hear.
    failed = store.observe(result())
    assert failed.transition is Transition.GREW and failed.needs_alert
    assert failed.finding is not None and failed.finding.result_status is ResultStatus.FAIL
    assert failed.finding.generation == 2
    back = store.observe(result(status))  # and back to unproven: kept, no news
    assert back.transition is Transition.SEEN and back.finding is not None
    assert back.finding.result_status is status and back.finding.generation == 2


def test_a_manual_finding_resolves_when_evidence_arrives_and_the_check_passes(
    store: FindingRepository,
) -> None:
    store.apply_audit("1001", [result(ResultStatus.MANUAL)], run_id="r1", complete=True)
    outcome = store.apply_audit("1001", [result(ResultStatus.PASS)], run_id="r2", complete=True)
    assert [f.result_status for f in outcome.resolved] == [ResultStatus.MANUAL]
    stored = store.get("1001", result().finding_id)
    assert stored is not None and stored.status is WorkflowStatus.RESOLVED


def test_an_error_finding_resolves_only_after_a_complete_audit(store: FindingRepository) -> None:
    error = result(ResultStatus.ERROR, resource_id="account:users")
    store.apply_audit("1001", [error], run_id="r1", complete=False)
    stored = store.get("1001", error.finding_id)
    assert stored is not None and stored.status is WorkflowStatus.NEW

    # Incomplete, or the error still there: nothing resolves.
    assert not store.apply_audit("1001", [result(ResultStatus.PASS)], run_id="r2", complete=False).resolved
    assert not store.apply_audit("1001", [error], run_id="r3", complete=True).resolved

    outcome = store.apply_audit("1001", [result(ResultStatus.PASS)], run_id="r4", complete=True)
    assert [f.finding_id for f in outcome.resolved] == [error.finding_id]


def test_not_applicable_resolves_like_pass(store: FindingRepository) -> None:
    store.apply_audit("1001", [result()], run_id="r1", complete=True)
    outcome = store.apply_audit("1001", [result(ResultStatus.NOT_APPLICABLE)], run_id="r2", complete=True)
    assert [f.resource_id for f in outcome.resolved] == ["user-7"]


def test_a_mute_rule_suppresses_a_manual_finding(store: FindingRepository) -> None:
    store.put_mute_rule(
        MuteRule(
            check_id="users_individual_logins",
            reason="Kiosk login, ticket 88",
            expires_at=T0 + timedelta(days=7),
            created_by="ops@example.com",
            created_at=T0,
        )
    )
    assert store.observe(result(ResultStatus.MANUAL)).transition is Transition.SUPPRESSED


def test_complete_audit_resolves_findings_not_seen_again(store: FindingRepository) -> None:
    store.apply_audit(
        "1001", [result(resource_id="user-7"), result(resource_id="user-8")], run_id="r1", complete=True
    )

    # user-8 was deleted in CTM: the next complete audit reports only user-7.
    outcome = store.apply_audit("1001", [result(resource_id="user-7")], run_id="r2", complete=True)

    assert [f.resource_id for f in outcome.resolved] == ["user-8"]
    assert outcome.resolution_allowed
    gone = store.get("1001", result(resource_id="user-8").finding_id)
    assert gone is not None and gone.status is WorkflowStatus.RESOLVED


def test_incomplete_audit_resolves_nothing(store: FindingRepository) -> None:
    store.apply_audit(
        "1001", [result(resource_id="user-7"), result(resource_id="user-8")], run_id="r1", complete=True
    )

    outcome = store.apply_audit(
        "1001", [result(ResultStatus.PASS, resource_id="user-7")], run_id="r2", complete=False
    )

    assert outcome.resolved == []
    assert not outcome.resolution_allowed
    assert {f.status for f in store.findings_for_account("1001")} == {WorkflowStatus.NEW}


def test_an_error_result_makes_the_audit_resolve_nothing(store: FindingRepository) -> None:
    store.apply_audit("1001", [result(resource_id="user-8")], run_id="r1", complete=True)
    error = result(ResultStatus.ERROR, check_id="webhooks_secure_destination", resource_id="account")

    outcome = store.apply_audit("1001", [error], run_id="r2", complete=True)

    assert outcome.resolved == []


def test_resolution_is_scoped_to_the_account_and_the_audited_checks(store: FindingRepository) -> None:
    store.observe(result(account_id="1001"))
    store.observe(result(account_id="1002"))
    store.observe(result(account_id="1001", check_id="webhook_phi_detected", resource_id="webhook:end"))

    outcome = store.apply_audit(
        "1001",
        [result(ResultStatus.PASS, check_id="baa_in_place", resource_id="account")],
        run_id="r2",
        complete=True,
        resolution_scope={"users_individual_logins", "baa_in_place"},
    )

    assert [(f.account_id, f.check_id) for f in outcome.resolved] == [("1001", "users_individual_logins")]
    other = store.get("1002", result(account_id="1002").finding_id)
    webhook = store.get("1001", finding_id("webhook_phi_detected", "1001", "webhook:end"))
    assert other is not None and other.status is WorkflowStatus.NEW
    assert webhook is not None and webhook.status is WorkflowStatus.NEW


def test_growing_categories_bump_the_generation_once(store: FindingRepository) -> None:
    webhook = result(check_id="webhook_phi_detected", resource_id="webhook:end")
    first = store.observe(webhook, categories={"NAME", "PHONE"}, paths={"name"}).finding
    assert first is not None and store.claim_alert(first)

    same = store.observe(webhook, categories={"PHONE"}, paths={"caller_number"})
    grown = store.observe(webhook, categories={"SSN"}, paths={"notes"})

    assert same.transition is Transition.SEEN and not same.needs_alert
    assert grown.transition is Transition.GREW and grown.needs_alert
    assert grown.finding is not None
    assert grown.finding.categories == ["NAME", "PHONE", "SSN"]
    assert grown.finding.paths == ["caller_number", "name", "notes"]
    assert grown.finding.occurrences == 3
    assert grown.finding.generation == 2


def test_mute_rule_suppresses_and_keeps_the_finding_until_it_expires(
    store: FindingRepository, clock: SteppingClock
) -> None:
    store.put_mute_rule(
        MuteRule(
            check_id="users_individual_logins",
            account_id="1001",
            reason="Kiosk login, ticket 88",
            expires_at=T0 + timedelta(days=7),
            created_by="ops@example.com",
            created_at=T0,
        )
    )

    muted = store.observe(result())
    assert muted.transition is Transition.SUPPRESSED
    assert muted.finding is not None and muted.finding.status is WorkflowStatus.SUPPRESSED
    assert not muted.needs_alert
    assert store.observe(result(account_id="1002")).transition is Transition.CREATED

    clock.now = T0 + timedelta(days=8)
    unmuted = store.observe(result())
    assert unmuted.transition is Transition.REOPENED
    assert unmuted.needs_alert
    assert [f.status for f in store.findings_with_status(WorkflowStatus.SUPPRESSED)] == []


def test_an_expired_mute_rule_is_kept_six_years_as_evidence_and_matches_nothing(
    findings_table: Any, clock: SteppingClock
) -> None:
    store = FindingStore(findings_table, clock=clock)
    rule = MuteRule(
        check_id="users_individual_logins",
        account_id="1001",
        reason="Kiosk login, ticket 88",
        expires_at=T0 - timedelta(days=1),
        created_by="ops@example.com",
        created_at=T0 - timedelta(days=30),
    )
    store.put_mute_rule(rule)

    [item] = items_of(findings_table, "mute_rule")
    # DynamoDB's TTL (the table's `expires_at`) deletes it six years after it was last in force:
    # the evidence package lists mute rules with their reasons and expiries for that long.
    kept_until = datetime.fromtimestamp(int(item["expires_at"]), UTC)
    assert kept_until == rule.expires_at + RETENTION
    assert kept_until >= rule.expires_at.replace(year=rule.expires_at.year + 6)
    assert [(r.reason, r.expires_at) for r in store.mute_rules()] == [(rule.reason, rule.expires_at)]
    assert store.observe(result()).transition is Transition.CREATED  # expired: it suppresses nothing


def test_mute_rule_needs_a_reason_and_an_aware_expiry() -> None:
    with pytest.raises(ValueError, match="reason"):
        MuteRule(check_id="x", reason="", expires_at=T0, created_by="a", created_at=T0)
    with pytest.raises(ValueError, match="timezone"):
        MuteRule(
            check_id="x", reason="because", expires_at=datetime(2026, 1, 1), created_by="a", created_at=T0
        )


def test_listing_follows_dynamodb_pagination(findings_table: Any, clock: SteppingClock) -> None:
    store = FindingStore(findings_table, clock=clock, page_size=25)
    for n in range(130):
        store.observe(result(resource_id=f"user-{n}"))

    assert len({f.resource_id for f in store.findings_for_account("1001")}) == 130
    assert len(store.findings_with_status(WorkflowStatus.NEW)) == 130
    assert len(store.findings_for_check("users_individual_logins")) == 130


def test_a_write_race_loses_no_observation(findings_table: Any) -> None:
    """Another invocation writes the same finding between our read and our write."""
    rival = FindingStore(findings_table, clock=SteppingClock())
    fired: list[Transition] = []

    def interfering_clock() -> datetime:
        if not fired:
            fired.append(rival.observe(result()).transition)
        return T0 + timedelta(hours=1)

    ours = FindingStore(findings_table, clock=interfering_clock).observe(result())

    assert fired == [Transition.CREATED]
    assert ours.transition is Transition.SEEN
    stored = rival.get("1001", result().finding_id)
    assert stored is not None and stored.occurrences == 2 and stored.version == 2


def test_claiming_an_alert_succeeds_once_per_generation(store: FindingRepository) -> None:
    finding = store.observe(result()).finding
    assert finding is not None

    assert store.claim_alert(finding)
    assert not store.claim_alert(finding)
    stored = store.get("1001", finding.finding_id)
    assert stored is not None and stored.status is WorkflowStatus.NOTIFIED
    assert [f.finding_id for f in store.findings_with_status(WorkflowStatus.NOTIFIED)] == [finding.finding_id]


def test_a_release_gives_back_only_the_claim_it_made(store: FindingRepository) -> None:
    """What AlertPublisher relies on when SNS fails after the claim (tests/findings/test_alerts.py)."""
    finding = store.observe(result()).finding
    assert finding is not None and store.claim_alert(finding)
    store.observe(result())  # another delivery: only last_seen and the count move

    store.release_alert(finding)
    owed = store.get("1001", finding.finding_id)
    assert owed is not None and owed.status is WorkflowStatus.NEW and owed.occurrences == 2
    assert store.claim_alert(owed)

    store.observe(result(ResultStatus.PASS))  # resolved between this claim and its release
    store.release_alert(owed)
    stored = store.get("1001", finding.finding_id)
    assert stored is not None and stored.status is WorkflowStatus.RESOLVED
    assert store.findings_with_status(WorkflowStatus.NEW) == []


def flood(delivery: int, count: int = 2500) -> set[str]:
    """`count` distinct nested field paths, different for each delivery (a clinic's own keys)."""
    return {f"custom_fields.intake_field_{delivery}_{n:05d}" for n in range(count)}


def test_a_finding_keeps_a_bounded_set_of_paths_and_counts_the_rest(
    table_store: FindingStore, findings_table: Any
) -> None:
    webhook = result(check_id="webhook_phi_detected", resource_id="webhook:end")
    for delivery in range(3):
        table_store.observe(webhook, categories={"NAME"}, paths=flood(delivery))
    # A top-level field seen after the flood is kept: short paths rank before nested ones.
    grown = table_store.observe(webhook, categories={"EMAIL"}, paths={"notes"})

    assert grown.transition is Transition.GREW
    finding = grown.finding
    assert finding is not None
    assert len(finding.paths) == MAX_FINDING_PATHS
    assert finding.paths == sorted(finding.paths)
    assert "notes" in finding.paths
    # A lower bound: dropped paths are not remembered, so a repeat cannot be told from a new one.
    assert 2500 <= finding.more_paths <= 3 * 2500
    [item] = items_of(findings_table, "finding")
    assert len(json.dumps(item, default=str)) < 16 * 1024


def test_a_repeated_flood_does_not_inflate_the_count_of_dropped_paths(store: FindingRepository) -> None:
    webhook = result(check_id="webhook_phi_detected", resource_id="webhook:end")
    for _ in range(3):
        observed = store.observe(webhook, categories={"NAME"}, paths=flood(0))

    assert observed.finding is not None
    assert observed.finding.more_paths == 2500 - MAX_FINDING_PATHS


def test_bound_paths_caps_the_count_and_the_length_of_paths() -> None:
    long_path = ".".join(["segment"] * 100)
    kept, dropped = bound_paths({*flood(0, 100), long_path, "name"})

    assert len(kept) == MAX_FINDING_PATHS and dropped == 102 - MAX_FINDING_PATHS
    assert kept[0] == "custom_fields.intake_field_0_00000" and "name" in kept
    [cut], _ = bound_paths([long_path])
    assert len(cut) <= MAX_PATH_CHARS and cut.startswith("segment.segment.")
    assert bound_paths(["b", "a", "a"]) == (["a", "b"], 0)


def test_a_finding_stored_before_paths_were_bounded_still_loads(
    table_store: FindingStore, findings_table: Any
) -> None:
    table_store.observe(result())
    [item] = items_of(findings_table, "finding")
    del item["more_paths"]
    findings_table.put_item(Item=item)

    stored = table_store.get("1001", result().finding_id)
    assert stored is not None and stored.more_paths == 0


def test_write_conflicts_back_off_with_full_jitter_then_give_up(findings_table: Any) -> None:
    """A rival writes the finding between every read and write of ours."""
    rival = FindingStore(findings_table, clock=SteppingClock())
    slept: list[float] = []

    def interfering_clock() -> datetime:
        rival.observe(result())
        return T0

    ours = FindingStore(findings_table, clock=interfering_clock, sleep=slept.append)
    with pytest.raises(FindingStoreError, match=f"gave up after {MAX_WRITE_ATTEMPTS} write conflicts"):
        ours.observe(result())

    assert len(slept) == MAX_WRITE_ATTEMPTS - 1
    for attempt, delay in enumerate(slept, start=1):
        assert 0 <= delay <= min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
    assert len(set(slept)) > 1  # jittered, not a fixed schedule


def test_an_occurrence_and_its_count_are_written_together_once(
    table_store: FindingStore, findings_table: Any
) -> None:
    webhook = result(check_id="webhook_phi_detected", resource_id="webhook:end")
    occurrence = Occurrence(channel="end", received_at="t0", digest="d0", expires_at=T0, attributes={})

    first = table_store.observe(webhook, categories={"NAME"}, occurrence=occurrence)
    again = table_store.observe(webhook, categories={"NAME", "SSN"}, occurrence=occurrence)

    assert first.finding is not None and first.finding.occurrences == 1
    # The repeat still updates the finding (its categories grew) but does not count again.
    assert again.transition is Transition.GREW
    assert again.finding is not None and again.finding.occurrences == 1
    [occurrence_item] = items_of(findings_table, "occurrence")
    assert len(items_of(findings_table, "finding")) == 1
    assert (occurrence_item["pk"], occurrence_item["sk"]) == ("ACCOUNT#1001", "OCCURRENCE#end#t0#d0")


def test_a_finding_stored_before_result_status_loads_as_a_fail(
    table_store: FindingStore, findings_table: Any
) -> None:
    table_store.observe(result(ResultStatus.MANUAL))
    [item] = [i for i in items_of(findings_table, "finding") if i.get("result_status") == "MANUAL"]
    del item["result_status"]
    findings_table.put_item(Item=item)
    stored = table_store.get("1001", result().finding_id)
    assert stored is not None and stored.result_status is ResultStatus.FAIL


def test_deliveries_seen_count_per_account_and_channel_and_keep_the_latest_of_each_kind(
    store: FindingRepository,
) -> None:
    t0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    for minutes, clean in ((0, True), (1, False), (2, True)):
        store.mark_delivery_seen("1001", "end", at=t0 + timedelta(minutes=minutes), clean=clean)
    store.mark_delivery_seen("1001", "start", at=t0, clean=False)
    store.mark_delivery_seen("1002", "end", at=t0, clean=True)

    end, start = store.deliveries_seen("1001")

    assert (end.channel, end.deliveries, end.clean_deliveries) == ("end", 3, 2)
    assert (end.last_seen, end.last_clean, end.last_flagged) == (
        t0 + timedelta(minutes=2),
        t0 + timedelta(minutes=2),
        t0 + timedelta(minutes=1),
    )
    assert end.latest_clean
    assert (start.channel, start.deliveries, start.clean_deliveries, start.last_clean) == (
        "start",
        1,
        0,
        None,
    )
    assert not start.latest_clean
    assert [m.account_id for m in store.deliveries_seen("1002")] == ["1002"]
    assert store.deliveries_seen("1003") == []
    # The markers are no findings.
    assert store.findings_for_account("1001") == []


def test_a_finding_keeps_the_name_and_guidance_of_its_latest_result(store: FindingRepository) -> None:
    guided = result(ResultStatus.MANUAL).model_copy(
        update={
            "resource_name": "Maya Lindqvist <maya@clinic.example>",
            "remediation": "Settings -> Users: one login per person.",
            "hipaa": ("164.312(a)(2)(i)",),
            "attest_fields": ("accounts.1001.plan",),
            "attest_command": "ctm-hipaa attest FILE --by NAME --note EVIDENCE",
        }
    )
    store.observe(guided)
    stored = store.get("1001", guided.finding_id)
    assert stored is not None
    assert (stored.resource_name, stored.remediation, stored.hipaa) == (
        "Maya Lindqvist <maya@clinic.example>",
        "Settings -> Users: one login per person.",
        ("164.312(a)(2)(i)",),
    )
    assert (stored.attest_fields, stored.attest_command) == (guided.attest_fields, guided.attest_command)
    # Proven failing since: the hint to attest is gone, the name follows the resource.
    renamed = guided.model_copy(
        update={
            "status": ResultStatus.FAIL,
            "resource_name": "Maya L.",
            "attest_fields": (),
            "attest_command": "",
        }
    )
    store.observe(renamed)
    stored = store.get("1001", guided.finding_id)
    assert stored is not None and (stored.resource_name, stored.attest_fields) == ("Maya L.", ())


def test_a_finding_stored_before_names_and_guidance_loads_and_gains_them(
    table_store: FindingStore, findings_table: Any
) -> None:
    table_store.observe(result())
    table_store.observe(result(ResultStatus.PASS))
    table_store.observe(result())  # reopened: generation 2
    [item] = items_of(findings_table, "finding")
    for name in ("resource_name", "remediation", "hipaa", "attest_command", "attest_fields", "change"):
        item.pop(name, None)
    findings_table.put_item(Item=item)

    stored = table_store.get("1001", result().finding_id)
    assert stored is not None and (stored.resource_name, stored.hipaa, stored.change) == ("", (), None)
    assert stored.change_label == "reopened"  # what an older finding of generation 2 was called
    table_store.observe(result().model_copy(update={"resource_name": "user 7", "hipaa": ("164.312(d)",)}))
    stored = table_store.get("1001", result().finding_id)
    assert stored is not None and (stored.resource_name, stored.hipaa) == ("user 7", ("164.312(d)",))
