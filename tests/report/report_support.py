"""A report input with every kind of data, built from the real catalog's checks: results of every
status (with names, remediation, citations and attest lines), stored findings (a webhook one among
them), attestations, runs and PHI flows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ctm_hipaa.checks import get_check
from ctm_hipaa.findings import CheckResult, Finding, ResultStatus, WorkflowStatus
from ctm_hipaa.report import AttestationRecord, PhiFlow, ReportInput, ResultSummary, RunPoint, summarize

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ACCOUNTS = ("412230", "412233")


def result(check_id: str, status: ResultStatus, *, account_id: str = "412230", **fields: str) -> CheckResult:
    """A result of the catalog check `check_id`, stamped as the check runner stamps it."""
    check = get_check(check_id)
    values = {
        "check_id": check_id,
        "account_id": account_id,
        "resource_id": "account",
        "status": status,
        "severity": check.metadata.severity,
        "title": check.metadata.title,
        "detail": f"{check_id} is {status.value} here.",
        "remediation": check.metadata.remediation,
        "hipaa": check.hipaa,
        **fields,
    }
    return CheckResult.model_validate(values)


def sample_results() -> list[CheckResult]:
    return [
        result("plan_hipaa_eligible", ResultStatus.PASS),
        result(
            "users_individual_logins",
            ResultStatus.FAIL,
            resource_id="user:USR1",
            resource_name="Front Desk <frontdesk@clinic.example>",
        ),
        result(
            "users_individual_logins", ResultStatus.PASS, resource_id="user:USR2", resource_name="Ana Ruiz"
        ),
        result(
            "baa_in_place",
            ResultStatus.MANUAL,
            attest_command="ctm-hipaa attest attestations.yaml  # accounts.412230.baa_signed_on: YYYY-MM-DD",
        ),
        result("webhooks_secure_destination", ResultStatus.ERROR, resource_id="webhook:88101"),
        result("transcription_redaction", ResultStatus.NOT_APPLICABLE),
        result("webhook_phi_detected", ResultStatus.FAIL, resource_id="webhook:end", account_id="412233"),
        result("security_idle_logout", ResultStatus.PASS, account_id="412233"),
    ]


def finding(
    res: CheckResult, *, age_days: int, status: WorkflowStatus = WorkflowStatus.NEW, **fields: object
) -> Finding:
    first = NOW - timedelta(days=age_days)
    values = {
        "finding_id": res.finding_id,
        "check_id": res.check_id,
        "account_id": res.account_id,
        "resource_id": res.resource_id,
        "severity": res.severity,
        "title": res.title,
        "detail": res.detail,
        "status": status,
        "result_status": res.status,
        "first_seen": first,
        "last_seen": NOW - timedelta(hours=1),
        "status_changed_at": first,
        **fields,
    }
    return Finding.model_validate(values)


def sample_findings(results: list[CheckResult]) -> list[Finding]:
    by_check = {(r.check_id, r.status): r for r in results}
    webhook = by_check[("webhook_phi_detected", ResultStatus.FAIL)]
    return [
        finding(by_check[("users_individual_logins", ResultStatus.FAIL)], age_days=12),
        finding(by_check[("baa_in_place", ResultStatus.MANUAL)], age_days=40, status=WorkflowStatus.NOTIFIED),
        finding(
            webhook,
            age_days=3,
            categories=["NAME", "SSN"],
            paths=["notes", "custom_fields.<key>"],
            occurrences=7,
        ),
        # A webhook finding of a channel no result stands for, and a resolved one.
        finding(
            webhook.model_copy(update={"resource_id": "webhook:start"}),
            age_days=5,
            finding_id="f1-0000000000000000000000000000start",
            categories=["PHONE"],
            occurrences=2,
        ),
    ]


def sample_input(**overrides: object) -> ReportInput:
    results = sample_results()
    runs = []
    for days_ago in (14, 7, 0):
        for account in ACCOUNTS:
            summary: ResultSummary = summarize(r for r in results if r.account_id == account)
            runs.append(
                RunPoint(
                    run_id=f"run-{days_ago}",
                    account_id=account,
                    started_at=NOW - timedelta(days=days_ago),
                    summary=summary,
                )
            )
    values: dict[str, object] = {
        "generated_at": NOW,
        "results": tuple(results),
        "findings": tuple(sample_findings(results)),
        "attestations": (
            AttestationRecord(
                scope="agency",
                settings=("idle_logout_minutes", "mfa"),
                attested_by="Maya Lindqvist",
                attested_on=date(2026, 11, 18),
                expires_on=date(2027, 2, 16),
                recorded_by="Maya Lindqvist",
                recorded_at=NOW - timedelta(days=13),
                note="Parent Settings > Security screenshots, ticket 4411",
            ),
            AttestationRecord(
                scope="412233",
                settings=("baa_signed_on",),
                attested_by="Omar Haddad",
                attested_on=date(2026, 6, 1),
                expires_on=date(2026, 8, 30),
            ),
        ),
        "runs": tuple(runs),
        "phi_flows": (
            PhiFlow(
                account_id="412233",
                channel="end",
                category="SSN",
                count=4,
                first_seen=NOW - timedelta(days=3),
                last_seen=NOW - timedelta(hours=1),
            ),
            PhiFlow(
                account_id="412233",
                channel="end",
                category="NAME",
                count=7,
                first_seen=NOW - timedelta(days=3),
                last_seen=NOW - timedelta(hours=1),
            ),
        ),
        "agency_name": "Riverside Dental Group",
    }
    values.update(overrides)
    return ReportInput.model_validate(values)
