"""The scheduled audit end to end: scheduler -> SQS -> auditor on the local stack (moto server,
resources from template.yaml) against the CTM simulator serving the sample agency, twice.

Run 1: the sample as it is, plus a malformed message already waiting in the audit queue.
Run 2: account 412239's off-list webhook deleted; account 412236's users answer 403 (and its emailing
trigger removed, which a complete audit would resolve); account 412242 attested without a BAA.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from audit_support import (
    account_entry,
    drain,
    leaked,
    phi_values,
    sample_agency,
    searchable,
    subscribe_inbox,
)

from ctm_hipaa.attestations.store import AttestationStore
from ctm_hipaa.audit.runs import RunStore
from ctm_hipaa.checks import all_checks, get_check
from ctm_hipaa.findings.model import CheckResult, Finding, ResultStatus, Severity, WorkflowStatus
from ctm_hipaa.findings.store import FindingStore
from ctm_hipaa.webhook.check_names import WEBHOOK_CHECK_ID, WEBHOOK_TITLE
from ctm_hipaa_tools.agency_file import sample_attestations
from ctm_hipaa_tools.invoke import invoke
from ctm_hipaa_tools.local_audit import LocalRunSummary, run_local_audit, sqs_event
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import LocalStack

CATALOG = {check.check_id for check in all_checks()}
ACCOUNTS = {"412230", "412233", "412236", "412239", "412242"}
POISON = '{"run_id": "oops", "account": '
WEBHOOK_FINDING = CheckResult(
    check_id=WEBHOOK_CHECK_ID,
    account_id="412233",
    resource_id="webhook:end",
    status=ResultStatus.FAIL,
    severity=Severity.HIGH,
    title=WEBHOOK_TITLE,
    detail="Post-call deliveries on channel end carry NAME, PHONE.",
)


@dataclass
class Pipeline:
    stack: LocalStack
    store: FindingStore
    runs: RunStore
    first: LocalRunSummary
    second: LocalRunSummary
    alerts_first: list[dict[str, Any]]
    alerts_second: list[dict[str, Any]]
    findings_after_first: dict[str, Finding]
    webhook_before: Finding
    dlq: list[dict[str, Any]]
    second_agency: dict[str, Any]


def second_agency() -> dict[str, Any]:
    agency = sample_agency()
    walk_in = account_entry(agency, "412239")
    # Deleted in CTM: its finding is not seen again, so a complete audit resolves it.
    walk_in["webhooks"] = [w for w in walk_in["webhooks"] if w["id"] != 88402]
    behavioral = account_entry(agency, "412236")
    for trigger in behavioral["triggers"]:
        for rule in trigger["routing_rules"]:
            for action in rule["actions"]:
                if action["type"] == "email":
                    action.update(type="tag", value="intake", fields=[], to=None)
    agency["faults"] = [{"path": "/api/v1/accounts/412236/users", "status": 403}]
    return agency


@pytest.fixture(scope="module")
def pipeline() -> Iterator[Pipeline]:
    local = LocalStack()
    # The simulator on loopback has no quota to spare, so the audits need not wait at the template's
    # 5 requests/s (6 s of the two runs); the limiter itself is tested in tests/ctm/test_ctm_ratelimit.py.
    local.template.parameters["CtmRequestsPerSecond"] = "100"
    with local as stack:
        assert stack.session is not None
        table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
        store, runs = FindingStore(table), RunStore(table)
        attestations = sample_attestations()
        AttestationStore(table).record(attestations, recorded_by="tests", note="sample attestations")
        inbox = subscribe_inbox(stack.session, stack.physical_id("AlertsTopic"), "audit-test-inbox")
        webhook = store.observe(
            WEBHOOK_FINDING, categories=["NAME", "PHONE"], paths=["name", "caller_number"]
        )
        assert webhook.finding is not None
        sqs = stack.session.client("sqs")
        sqs.send_message(QueueUrl=stack.physical_id("AuditQueue"), MessageBody=POISON)

        with CTMSimulator(sample_agency()) as simulator:
            first = run_local_audit(stack, ctm_base_url=simulator.base_url)
        alerts_first = drain(stack.session, inbox)
        findings_after_first = {
            f.finding_id: f for account in ACCOUNTS for f in store.findings_for_account(account)
        }
        dlq = sqs.receive_message(
            QueueUrl=stack.physical_id("AuditDeadLetterQueue"), MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])

        no_baa = attestations.accounts.get("412242")
        block = {
            "baa_signed_on": False,
            "attested_by": "tests",
            "attested_on": attestations.agency.attested_on,
        }
        assert no_baa is None
        changed = attestations.model_validate(
            {
                **attestations.model_dump(mode="json"),
                "accounts": {
                    **attestations.model_dump(mode="json")["accounts"],
                    "412242": {**block, "attested_on": str(block["attested_on"])},
                },
            }
        )
        AttestationStore(table).record(changed, recorded_by="tests", note="412242: no BAA")
        agency = second_agency()
        with CTMSimulator(agency) as simulator:
            second = run_local_audit(stack, ctm_base_url=simulator.base_url)
        alerts_second = drain(stack.session, inbox)
        yield Pipeline(
            stack=stack,
            store=store,
            runs=runs,
            first=first,
            second=second,
            alerts_first=alerts_first,
            alerts_second=alerts_second,
            findings_after_first=findings_after_first,
            webhook_before=webhook.finding,
            dlq=[{"body": m["Body"], "receives": m["Attributes"]["ApproximateReceiveCount"]} for m in dlq],
            second_agency=agency,
        )


def results_of(summary: LocalRunSummary, account_id: str) -> list[CheckResult]:
    return summary.accounts[account_id].results


def test_every_account_gets_a_result_for_every_check(pipeline: Pipeline) -> None:
    for summary in (pipeline.first, pipeline.second):
        assert set(summary.accounts) == ACCOUNTS
        for account_id in ACCOUNTS:
            assert {r.check_id for r in results_of(summary, account_id)} == CATALOG, account_id


def test_run_status_expects_and_finds_every_account(pipeline: Pipeline) -> None:
    status = pipeline.runs.run_status(pipeline.first.run_id)
    assert sorted(status.expected) == sorted(ACCOUNTS)
    assert status.finished == sorted(ACCOUNTS)
    assert status.missing == [] and status.unexpected == [] and status.unqueued == []
    assert status.done
    fails = sum(1 for a in ACCOUNTS for r in results_of(pipeline.first, a) if r.status is ResultStatus.FAIL)
    assert status.results["FAIL"] == fails
    assert pipeline.first.scheduler["queued"] == len(ACCOUNTS)


def test_fail_manual_and_error_results_become_open_findings(pipeline: Pipeline) -> None:
    opening = [
        r
        for a in ACCOUNTS
        for r in results_of(pipeline.first, a)
        if r.status in (ResultStatus.FAIL, ResultStatus.MANUAL, ResultStatus.ERROR)
        and r.check_id != "webhook_phi_detected"
    ]
    assert {r.status for r in opening} >= {ResultStatus.FAIL, ResultStatus.MANUAL}
    for res in opening:
        finding = pipeline.findings_after_first[res.finding_id]
        assert finding.status.is_open and finding.result_status is res.status
        assert finding.last_run_id == pipeline.first.run_id
    assert pipeline.first.status.created == len(opening)


def test_poison_message_is_dead_lettered_after_three_receives(pipeline: Pipeline) -> None:
    # The count travels with the message: 3 receives by the auditor, plus the test's own receive.
    assert pipeline.dlq == [{"body": POISON, "receives": "4"}]
    assert pipeline.first.failed_records == 3
    assert pipeline.first.dead_lettered == 1
    assert pipeline.first.invocation_errors == []
    # The poison shared batches with real accounts: they were audited all the same.
    assert pipeline.first.status.done


def test_webhook_observations_feed_the_notification_check(pipeline: Pipeline) -> None:
    observed = [r for r in results_of(pipeline.first, "412233") if r.resource_id == "webhook:end"]
    by_check = {r.check_id: r.status for r in observed}
    assert by_check["notifications_no_phi"] is ResultStatus.FAIL


def test_audits_never_touch_webhook_findings(pipeline: Pipeline) -> None:
    # 412233's audits were complete (resolution allowed) and did not report webhook:end as FAIL
    # for webhook_phi_detected through the store; the webhook's finding is exactly as it was.
    record = pipeline.second.accounts["412233"]
    assert record.complete and record.resolution_allowed
    now = pipeline.store.get("412233", pipeline.webhook_before.finding_id)
    assert now == pipeline.webhook_before


def test_ctm_403_gives_error_results_and_resolves_nothing(pipeline: Pipeline) -> None:
    record = pipeline.second.accounts["412236"]
    assert not record.complete and not record.resolution_allowed
    assert record.part_errors == {"users": "forbidden"}
    assert record.resolved == 0
    errors = [r for r in record.results if r.status is ResultStatus.ERROR]
    assert {r.check_id for r in errors} >= {"users_individual_logins"}
    assert all("forbidden" in r.detail for r in errors)
    # The trigger that now keeps data in CTM would be resolved by a complete audit: not by this one.
    trigger_findings = [
        f for f in pipeline.store.findings_for_account("412236") if f.check_id == "triggers_offplatform_phi"
    ]
    assert trigger_findings and all(f.status is not WorkflowStatus.RESOLVED for f in trigger_findings)
    assert pipeline.second.status.incomplete == ["412236"]


def test_other_accounts_are_unaffected_by_one_accounts_failure(pipeline: Pipeline) -> None:
    for account_id in ACCOUNTS - {"412236"}:
        assert pipeline.second.accounts[account_id].complete, account_id
    assert pipeline.second.failed_records == 0


def test_fixing_a_problem_resolves_exactly_that_finding(pipeline: Pipeline) -> None:
    before = {
        fid
        for fid, f in pipeline.findings_after_first.items()
        if f.account_id == "412239" and f.resource_id == "88402" and f.status is not WorkflowStatus.RESOLVED
    }
    assert len(before) == 1
    (fixed,) = before
    assert pipeline.findings_after_first[fixed].check_id == "webhooks_secure_destination"
    resolved = {
        f.finding_id
        for a in ACCOUNTS
        for f in pipeline.store.findings_for_account(a)
        if f.status is WorkflowStatus.RESOLVED
    }
    assert resolved == {fixed}
    assert pipeline.second.accounts["412239"].resolved == 1
    assert pipeline.second.status.resolved == 1


def test_one_digest_per_changed_account_per_run(pipeline: Pipeline) -> None:
    first = [m for m in pipeline.alerts_first if m["kind"] == "digest"]
    # Every account but the compliant 412230 had FAILs.
    assert sorted(m["account_id"] for m in first) == sorted(ACCOUNTS - {"412230"})
    assert all(m["run_id"] == pipeline.first.run_id for m in first)
    second = [m for m in pipeline.alerts_second if m["kind"] == "digest"]
    # 412239: one finding resolved; 412242: its unattested BAA (MANUAL) is now attested unsigned (FAIL);
    # 412236: its users part is unreadable (403), three ERROR findings. Nothing changed elsewhere.
    assert sorted(m["account_id"] for m in second) == ["412236", "412239", "412242"]
    resolved = next(m for m in second if m["account_id"] == "412239")["resolved"]
    assert [f["check_id"] for f in resolved] == ["webhooks_secure_destination"]
    errors = next(m for m in second if m["account_id"] == "412236")["new"]
    assert {(f["resource_id"], f["result_status"]) for f in errors} == {("account:users", "ERROR")}
    assert len(errors) == 3
    # Issue 9 item 7: an open MANUAL proven FAIL is no reopening; the digest says what happened.
    digest = next(m for m in second if m["account_id"] == "412242")
    [worse] = digest["escalated"]
    assert digest["reopened"] == []
    assert (worse["check_id"], worse["result_status"], worse["change"]) == (
        "baa_in_place",
        "FAIL",
        "now FAIL (was MANUAL)",
    )
    # Each open finding's check says how to fix it, once per digest.
    assert digest["guidance"]["baa_in_place"]["hipaa"] == list(get_check("baa_in_place").hipaa)
    assert digest["guidance"]["baa_in_place"]["remediation"] == get_check("baa_in_place").metadata.remediation


def test_critical_findings_alert_at_once(pipeline: Pipeline) -> None:
    def alerted(messages: list[dict[str, Any]]) -> list[tuple[str, ...]]:
        found = [m for m in messages if m["kind"] == "finding"]
        return sorted(
            (m["account_id"], m["check_id"], m["severity"], m["reason"], m["result_status"]) for m in found
        )

    # Issue 9: a critical MANUAL alerts at once too (412236's BAA attestation expired, 412242 has none).
    assert alerted(pipeline.alerts_first) == [
        ("412236", "baa_in_place", "critical", "new", "MANUAL"),
        ("412242", "baa_in_place", "critical", "new", "MANUAL"),
    ]
    # Proven failing since (attested unsigned): worse news on the open finding, alerted again, and
    # said as such (it was never resolved, so it did not reopen).
    assert alerted(pipeline.alerts_second) == [
        ("412242", "baa_in_place", "critical", "now FAIL (was MANUAL)", "FAIL")
    ]
    assert pipeline.second.accounts["412242"].alerts_sent == 1


def test_alerts_name_the_resource_and_say_how_to_fix_it(pipeline: Pipeline) -> None:
    (first,) = [m for m in pipeline.alerts_first if m["kind"] == "finding" and m["account_id"] == "412242"]
    baa = get_check("baa_in_place")
    assert first["resource_name"] == "Brightside Kids Dental - Toledo"
    assert (first["remediation"], first["hipaa"]) == (baa.metadata.remediation, list(baa.hipaa))
    # A MANUAL for a missing attestation says which field to record and how.
    assert first["attest_fields"] == ["accounts.412242.baa_signed_on"]
    assert first["attest_command"].startswith("ctm-hipaa attest ")
    # Stored findings name their resources too: users by name and login email, webhooks by name and host.
    audited = [
        f for a in ACCOUNTS for f in pipeline.store.findings_for_account(a) if f.check_id != WEBHOOK_CHECK_ID
    ]
    assert "Lead sheet test (temporary) (putsreq.com)" in {f.resource_name for f in audited}
    # (The webhook's finding here is the test's own WEBHOOK_FINDING, written without a name.)
    assert [(f.check_id, f.resource_id) for f in audited if not f.resource_name] == []


def test_a_redelivered_message_sends_nothing_twice(pipeline: Pipeline) -> None:
    stack = pipeline.stack
    assert stack.session is not None
    inbox = subscribe_inbox(stack.session, stack.physical_id("AlertsTopic"), "audit-test-redelivery")
    body = json.dumps({"run_id": pipeline.second.run_id, "account_id": "412242"})
    message = {
        "MessageId": "redelivered-1",
        "ReceiptHandle": "rh-1",
        "Body": body,
        "Attributes": {"ApproximateReceiveCount": "2"},
    }
    event = sqs_event([message], "arn:aws:sqs:us-east-1:123456789012:ctm-hipaa-local-audit", "us-east-1")
    with CTMSimulator(pipeline.second_agency) as simulator:
        result = invoke(
            stack.template, "AuditorFunction", event, extra_env={"CTM_API_BASE_URL": simulator.base_url}
        ).result
    assert result == {"batchItemFailures": []}
    assert drain(stack.session, inbox) == []
    record = pipeline.runs.account_records(pipeline.second.run_id)
    again = next(r for r in record if r.account_id == "412242")
    assert again.alerts_sent == 0 and not again.digest_sent and again.created == 0


def test_no_phi_in_dynamodb_or_alerts(pipeline: Pipeline) -> None:
    stack = pipeline.stack
    assert stack.session is not None
    table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
    items = table.scan()["Items"]
    assert any(str(i["pk"]).startswith("RUN#") for i in items)
    values = phi_values(sample_agency())
    assert values
    stored = json.dumps([searchable(i) for i in items], default=str)
    assert '"results_zlib": [{"check_id": ' in stored  # the run records' results are searched too
    sent = json.dumps(pipeline.alerts_first + pipeline.alerts_second)
    assert len(leaked(stored, values)) == 0
    assert len(leaked(sent, values)) == 0


def bucket_objects(stack: LocalStack) -> dict[str, list[dict[str, Any]]]:
    """Every version of every object in the reports bucket: key -> [{head, body}]."""
    assert stack.session is not None
    s3 = stack.session.client("s3")
    bucket = stack.physical_id("ReportsBucket")
    found: dict[str, list[dict[str, Any]]] = {}
    for version in s3.list_object_versions(Bucket=bucket).get("Versions", []):
        got = s3.get_object(Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"])
        body = got.pop("Body").read().decode()
        found.setdefault(version["Key"], []).append({"head": got, "body": body})
    return found


def test_each_completed_run_leaves_one_set_of_reports_in_the_bucket(pipeline: Pipeline) -> None:
    objects = bucket_objects(pipeline.stack)
    # Both runs completed (every account finished), the redelivery after that wrote nothing more.
    runs = {pipeline.first.run_id, pipeline.second.run_id}
    assert {key.split("/")[2] for key in objects} == runs
    assert all(len(versions) == 1 for versions in objects.values())
    for summary in (pipeline.first, pipeline.second):
        (manifest_key,) = [k for k in objects if k.endswith(f"/{summary.run_id}/run.json")]
        manifest = json.loads(objects[manifest_key][0]["body"])
        assert manifest["completed_by"] == "all_accounts" and manifest["missing"] == []
        assert manifest["results"] == summary.status.results
        report = json.loads(objects[manifest_key.replace("run.json", "report.json")][0]["body"])
        assert len(report) == sum(len(record.results) for record in summary.accounts.values())
        assert {r["account_id"] for r in report} == ACCOUNTS


def test_no_phi_in_the_report_objects(pipeline: Pipeline) -> None:
    objects = bucket_objects(pipeline.stack)
    assert objects
    values = phi_values(sample_agency())
    assert len(leaked(json.dumps(objects, default=str), values)) == 0
