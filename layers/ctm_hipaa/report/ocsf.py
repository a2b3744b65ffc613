"""`ocsf`: the report as OCSF events (schema 1.5, `py_ocsf_models.OCSF_VERSION`), one JSON array, built
with `py-ocsf-models` (the models Prowler emits with), so every event validates against them.

- A **Compliance Finding** (class 2003) per account x check x HIPAA requirement of the results: the
  requirement from the mapping (`hipaa_mapping.json`: id, title as the control, section as the
  category), the check's verdict on the account (the worst of its results) as the compliance status,
  each result as a resource (id, name, status, detail), the check's remediation.
- A **Detection Finding** (class 2004) per finding of a webhook-evidence check (the webhook
  inspector's PHI findings): first and last seen, delivery count, the PHI categories and field paths
  (generic, PHI-free), workflow status.

A finding of another check is its result's own, in the Compliance Findings already; one that no
result stands for (`ctm-hipaa findings list --format ocsf` gives findings only) counts as the result
it records (`finding_result`: its latest verdict, PASS once resolved), with its workflow status.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from py_ocsf_models import OCSF_VERSION
from py_ocsf_models.events.findings.activity_id import ActivityID
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
from py_ocsf_models.events.findings.compliance_finding_type_id import ComplianceFindingTypeID
from py_ocsf_models.events.findings.detection_finding import DetectionFinding
from py_ocsf_models.events.findings.detection_finding_type_id import DetectionFindingTypeID
from py_ocsf_models.events.findings.severity_id import SeverityID
from py_ocsf_models.events.findings.status_id import StatusID
from py_ocsf_models.objects.check import Check as OcsfCheck
from py_ocsf_models.objects.compliance import Compliance as OcsfCompliance
from py_ocsf_models.objects.compliance_status import StatusID as ComplianceStatusID
from py_ocsf_models.objects.finding_info import FindingInformation
from py_ocsf_models.objects.metadata import Metadata
from py_ocsf_models.objects.product import Product
from py_ocsf_models.objects.remediation import Remediation
from py_ocsf_models.objects.resource_details import ResourceDetails

from ctm_hipaa import __version__
from ctm_hipaa.checks import Requirement, get_check, load_mapping
from ctm_hipaa.findings import CheckResult, Finding, ResultStatus, Severity, WorkflowStatus, worst_status
from ctm_hipaa.report.model import OPEN_RESULTS, ReportInput, finding_result
from ctm_hipaa.report.table import resource_label, webhook_check_ids

STANDARD = "HIPAA"
PRODUCT = "ctm-hipaa"
_SEVERITY = {
    Severity.CRITICAL: SeverityID.Critical,
    Severity.HIGH: SeverityID.High,
    Severity.MEDIUM: SeverityID.Medium,
    Severity.LOW: SeverityID.Low,
    Severity.INFO: SeverityID.Informational,
}
# OCSF's compliance status: Warning is "did not yield a result due to missing information", which
# is what MANUAL (no valid evidence) and ERROR (evidence unreadable) are.
_COMPLIANCE = {
    ResultStatus.PASS: ComplianceStatusID.Pass,
    ResultStatus.FAIL: ComplianceStatusID.Fail,
    ResultStatus.MANUAL: ComplianceStatusID.Warning,
    ResultStatus.ERROR: ComplianceStatusID.Warning,
    ResultStatus.NOT_APPLICABLE: ComplianceStatusID.Other,
}
_WORKFLOW = {
    WorkflowStatus.NEW: StatusID.New,
    WorkflowStatus.NOTIFIED: StatusID.InProgress,
    WorkflowStatus.RESOLVED: StatusID.Resolved,
    WorkflowStatus.SUPPRESSED: StatusID.Suppressed,
}


def render(report: ReportInput) -> str:
    """Every event of `ocsf_events` as one indented JSON array."""
    return json.dumps(ocsf_events(report), indent=2) + "\n"


def ocsf_events(report: ReportInput) -> list[dict[str, Any]]:
    """The Compliance Findings of the results (and of the findings no result stands for), then the
    Detection Findings of the webhook findings, each validated by its py-ocsf-models class and dumped
    as JSON data (None fields left out)."""
    events: list[Any] = []
    workflow = {f.finding_id: f.status for f in report.findings}
    webhook_checks = webhook_check_ids()
    recorded = [finding_result(f) for f in report.unmatched_findings() if f.check_id not in webhook_checks]
    by_check: dict[tuple[str, str], list[CheckResult]] = {}
    for res in (*report.results, *recorded):
        by_check.setdefault((res.account_id, res.check_id), []).append(res)
    requirements = _requirements()
    for results in by_check.values():
        # A check the mapping does not know (results of another catalog version): one event, its citations.
        cited: list[Requirement | None] = list(requirements.get(results[0].check_id, ()))
        for requirement in cited or [None]:
            events.append(_compliance_finding(results, requirement, report.generated_at, workflow))
    events += [_detection_finding(f) for f in report.findings if f.check_id in webhook_checks]
    return [_dump(event) for event in events]


def _requirements() -> dict[str, list[Requirement]]:
    """check id -> the mapping's requirements that list it, in document order."""
    listed: dict[str, list[Requirement]] = {}
    for requirement in load_mapping().requirements:
        for check_id in requirement.checks:
            listed.setdefault(check_id, []).append(requirement)
    return listed


def _compliance_finding(
    results: list[CheckResult],
    requirement: Requirement | None,
    now: datetime,
    workflow: dict[str, WorkflowStatus],
) -> Any:
    first = results[0]
    status = worst_status(r.status for r in results)
    severity = _SEVERITY[first.severity]
    compliance_status = _COMPLIANCE[status]
    finding_status = _finding_status(results, workflow)
    return ComplianceFinding(
        **_created("Compliance Finding", ComplianceFindingTypeID.Create, severity, finding_status),
        status_code=status.value,
        status_detail=" ".join(_describe(r) for r in results),
        message=first.title,
        time=int(now.timestamp()),
        time_dt=now,
        metadata=_metadata(first.check_id, first.account_id),
        finding_info=FindingInformation(
            uid=f"{PRODUCT}-{first.account_id}-{first.check_id}-{requirement.id if requirement else 'hipaa'}",
            title=first.title,
            desc=" ".join(_describe(r) for r in results if r.status in OPEN_RESULTS) or None,
            types=[STANDARD],
            created_time=int(now.timestamp()),
            created_time_dt=now,
        ),
        compliance=OcsfCompliance(
            standards=[STANDARD],
            requirements=[requirement.id] if requirement else list(first.hipaa),
            control=requirement.title if requirement else None,
            category=requirement.section if requirement else None,
            status_id=compliance_status,
            checks=[
                OcsfCheck(
                    uid=first.check_id,
                    name=first.title,
                    severity=first.severity.value,
                    severity_id=severity,
                    standards=[STANDARD],
                    status=status.value,
                    status_id=compliance_status,
                )
            ],
        ),
        remediation=Remediation(desc=first.remediation) if first.remediation else None,
        resources=[_resource(r) for r in results],
        unmapped={
            "account_id": first.account_id,
            "hipaa": list(first.hipaa),
            "attest_commands": list(dict.fromkeys(r.attest_command for r in results if r.attest_command)),
        },
    )


def _created(class_name: str, type_uid: Any, severity: Any, status: Any) -> dict[str, Any]:
    """What every event here shares: a Create activity of its class, its severity and its finding
    status (None leaves the status unset)."""
    return {
        "activity_id": ActivityID.Create,
        "activity_name": ActivityID.Create.name,
        "type_uid": type_uid,
        "type_name": f"{class_name}: {ActivityID.Create.name}",
        "severity_id": severity,
        "severity": severity.name,
        "status_id": status,
        "status": status.name if status is not None else None,
    }


def _finding_status(results: Iterable[CheckResult], workflow: dict[str, WorkflowStatus]) -> Any:
    """The worst-placed workflow status of the results' stored findings; New for an open result
    without one; None (unset) when nothing is open."""
    statuses = [workflow[r.finding_id] for r in results if r.finding_id in workflow]
    if any(s.is_open for s in statuses):
        return StatusID.New
    if WorkflowStatus.SUPPRESSED in statuses:
        return StatusID.Suppressed
    if any(r.status in OPEN_RESULTS for r in results):
        return StatusID.New
    return None


def _resource(result: CheckResult) -> Any:
    kind, _, _ = result.resource_id.partition(":")
    data: dict[str, object] = {"status": result.status.value, "detail": result.detail}
    if result.attest_command:
        data["attest_command"] = result.attest_command
    return ResourceDetails(
        uid=result.resource_id,
        name=result.resource_name or None,
        type=kind or None,
        namespace=f"ctm-account:{result.account_id}",
        data=data,
    )


def _describe(result: CheckResult) -> str:
    return f"{resource_label(result)}: {result.status.value}. {result.detail}"


def _detection_finding(finding: Finding) -> Any:
    severity = _SEVERITY[finding.severity]
    status = _WORKFLOW[finding.status]
    remediation = _remediation(finding.check_id)
    return DetectionFinding(
        **_created("Detection Finding", DetectionFindingTypeID.Create, severity, status),
        status_code=finding.result_status.value,
        status_detail=finding.detail,
        message=finding.title,
        time=int(finding.last_seen.timestamp()),
        time_dt=finding.last_seen,
        start_time=int(finding.first_seen.timestamp()),
        start_time_dt=finding.first_seen,
        end_time=int(finding.last_seen.timestamp()),
        end_time_dt=finding.last_seen,
        count=finding.occurrences,
        metadata=_metadata(finding.check_id, finding.account_id),
        finding_info=FindingInformation(
            uid=finding.finding_id,
            title=finding.title,
            desc=finding.detail,
            types=[f"PHI/{category}" for category in finding.categories] or ["PHI"],
            data_sources=["CTM webhook deliveries"],
            first_seen_time=int(finding.first_seen.timestamp()),
            first_seen_time_dt=finding.first_seen,
            last_seen_time=int(finding.last_seen.timestamp()),
            last_seen_time_dt=finding.last_seen,
            modified_time=int(finding.status_changed_at.timestamp()),
            modified_time_dt=finding.status_changed_at,
        ),
        resources=[
            ResourceDetails(
                uid=finding.resource_id,
                type=finding.resource_id.partition(":")[0] or None,
                namespace=f"ctm-account:{finding.account_id}",
                data={"categories": list(finding.categories), "paths": list(finding.paths)},
            )
        ],
        remediation=Remediation(desc=remediation) if remediation else None,
        unmapped={
            "account_id": finding.account_id,
            "categories": list(finding.categories),
            "paths": list(finding.paths),
            "more_paths": finding.more_paths,
            "mute_rule_id": finding.mute_rule_id,
        },
    )


def _remediation(check_id: str) -> str:
    try:
        return get_check(check_id).metadata.remediation
    except KeyError:  # a finding of a check this catalog no longer has
        return ""


def _metadata(check_id: str, account_id: str) -> Any:
    return Metadata(
        product=Product(name=PRODUCT, vendor_name=PRODUCT, version=__version__),
        version=OCSF_VERSION,
        event_code=check_id,
        tenant_uid=account_id,
        labels=[STANDARD],
    )


def _dump(event: Any) -> dict[str, Any]:
    data: dict[str, Any] = event.model_dump(mode="json", exclude_none=True)
    return data
