"""The auditor's outcome handling on the in-memory fakes of its ports: what it alerts, what it
records, and that a redelivered message announces only what an interrupted attempt did not.

The whole pipeline (template resources, the CTM simulator, SQS redelivery) is test_pipeline.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.checks.check_factories import attest, failed, snapshot
from tests.fakes import MemoryAlertSink, MemoryFindingStore, MemoryRunRepository

from ctm_hipaa.attestations import EffectiveAttestations
from ctm_hipaa.audit.auditor import AuditorService
from ctm_hipaa.audit.messages import AuditRequest
from ctm_hipaa.ctm.models import AccountSnapshot
from ctm_hipaa.findings.alerts import AlertDeliveryError, AlertPublisher
from ctm_hipaa.findings.model import Severity, WorkflowStatus

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)  # the check factories' "now"
ACCOUNT = "1001"
UNSAFE = {"baa_signed_on": False, "support_access": "indefinite"}
# Every account has its owner (no user at all is an ERROR, which would block every resolution).
OWNER = [
    {
        "id": "1",
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann.lee@clinic.example",
        "recording_access_settings": {"password_protected": True},
    }
]


class Auditor:
    def __init__(self, snap: AccountSnapshot, attestations: EffectiveAttestations) -> None:
        self.store = MemoryFindingStore(clock=lambda: NOW)
        self.sink = MemoryAlertSink()
        self.runs = MemoryRunRepository()
        self.snap, self.attestations = snap, attestations
        self.service = AuditorService(
            collect=lambda _: self.snap,
            attestations=lambda _: self.attestations,
            store=self.store,
            publisher=AlertPublisher(self.sink, self.store),
            runs=self.runs,
            clock=lambda: NOW,
        )

    def audit(self, run_id: str) -> None:
        self.service.audit(AuditRequest(run_id=run_id, account_id=ACCOUNT))


@pytest.fixture
def auditor() -> Auditor:
    """An account without a BAA (critical) whose support access never ends (medium)."""
    return Auditor(snapshot(users=OWNER), attest(account=UNSAFE))


def test_a_critical_finding_alerts_at_once_and_the_run_gets_one_digest(auditor: Auditor) -> None:
    auditor.audit("r1")

    record = auditor.runs.records[("r1", ACCOUNT)]
    findings = auditor.store.findings_for_account(ACCOUNT)
    critical = [f for f in findings if f.severity is Severity.CRITICAL]
    assert critical and record.created == len(findings)
    assert record.alerts_sent == len(critical) and record.digest_sent
    kinds = [alert.attributes["kind"] for alert in auditor.sink.sent]
    assert kinds == ["finding"] * len(critical) + ["digest"]
    # The digest told people about every finding: none is owed an alert any more.
    assert {f.status for f in auditor.store.findings_for_account(ACCOUNT)} == {WorkflowStatus.NOTIFIED}


def test_a_redelivered_message_sends_nothing_twice(auditor: Auditor) -> None:
    auditor.audit("r1")
    sent = len(auditor.sink.sent)

    auditor.audit("r1")

    again = auditor.runs.records[("r1", ACCOUNT)]
    assert len(auditor.sink.sent) == sent
    assert again.alerts_sent == 0 and not again.digest_sent and again.created == 0


def test_a_redelivery_sends_the_digest_an_interrupted_attempt_could_not(auditor: Auditor) -> None:
    auditor.sink.refusing = True
    with pytest.raises(AlertDeliveryError):
        auditor.audit("r1")
    assert ("r1", ACCOUNT) not in auditor.runs.records

    auditor.sink.refusing = False
    auditor.audit("r1")

    record = auditor.runs.records[("r1", ACCOUNT)]
    assert record.digest_sent and record.created == 0  # created by the first attempt
    assert [alert.attributes["kind"] for alert in auditor.sink.sent] == ["finding", "digest"]


def test_an_incomplete_snapshot_resolves_nothing(auditor: Auditor) -> None:
    auditor.audit("r1")
    auditor.attestations = attest(account={**UNSAFE, "support_access": "off"})  # fixed in CTM
    auditor.snap = snapshot(users=failed())  # but the users part could not be read this time

    auditor.audit("r2")

    record = auditor.runs.records[("r2", ACCOUNT)]
    assert not record.complete and not record.resolution_allowed and record.resolved == 0
    assert record.part_errors == {"users": "forbidden"}
    assert WorkflowStatus.RESOLVED not in {f.status for f in auditor.store.findings_for_account(ACCOUNT)}

    unreadable = {
        f.check_id for f in auditor.store.findings_for_account(ACCOUNT) if f.result_status.value == "ERROR"
    }
    assert unreadable == {"users_individual_logins", "recordings_login_required", "notifications_no_phi"}

    auditor.snap = snapshot(users=OWNER)
    auditor.audit("r3")

    # The support-access finding, and (issue 9) the three ERROR findings of the unreadable users part.
    assert auditor.runs.records[("r3", ACCOUNT)].resolved == 4
    open_now = {f.check_id for f in auditor.store.findings_for_account(ACCOUNT) if f.status.is_open}
    assert open_now == {"baa_in_place"}
