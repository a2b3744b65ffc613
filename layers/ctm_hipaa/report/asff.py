"""`asff`: the report as AWS Security Finding Format findings (schema 2018-10-08), one JSON array that
`security_hub.import_findings` sends to Security Hub's BatchImportFindings.

- One finding per result: Compliance.Status from the verdict (MANUAL and ERROR are WARNING: no
  valid evidence; NOT_APPLICABLE is NOT_AVAILABLE), the HIPAA citations as RelatedRequirements, the
  check's remediation, the resource by CTM account, id and name.
- One per finding of a webhook-evidence check that no result already stands for (the webhook
  inspector's PHI findings), typed as sensitive data.
- One per finding of another check that no result stands for (`ctm-hipaa findings export` gives
  findings only), as the result it records (`finding_result`: its latest verdict, PASS once
  resolved).

Ids are `ctm-hipaa/<finding id>`, so a result and its stored finding are one Security Hub finding,
and a re-import updates it. Workflow.Status is the stored finding's when one is given (ASFF has the
same four states), else NEW for FAIL, MANUAL and ERROR and RESOLVED otherwise; a stored finding
also gives FirstObservedAt and LastObservedAt. The product is the account's own
(`product/<account>/default`) in `report.aws` (`security_hub.aws_context` reads it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ctm_hipaa import __version__
from ctm_hipaa.checks import get_check
from ctm_hipaa.findings import CheckResult, Finding, ResultStatus, Severity, WorkflowStatus
from ctm_hipaa.report.model import OPEN_RESULTS, AwsContext, ReportInput, finding_result
from ctm_hipaa.report.table import webhook_check_ids

SCHEMA_VERSION = "2018-10-08"
PRODUCT = "ctm-hipaa"
COMPLIANCE_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards/HIPAA Controls (USA)"
PHI_TYPE = "Sensitive Data Identifications/PII"
# ASFF's limits (characters; RelatedRequirements entries).
_TITLE_MAX, _DESCRIPTION_MAX, _RECOMMENDATION_MAX, _OTHER_MAX, _REQUIREMENTS_MAX = 256, 1024, 512, 1024, 32
_SEVERITY = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "HIGH",
    Severity.MEDIUM: "MEDIUM",
    Severity.LOW: "LOW",
    Severity.INFO: "INFORMATIONAL",
}
_COMPLIANCE = {
    ResultStatus.PASS: "PASSED",
    ResultStatus.FAIL: "FAILED",
    ResultStatus.MANUAL: "WARNING",
    ResultStatus.ERROR: "WARNING",
    ResultStatus.NOT_APPLICABLE: "NOT_AVAILABLE",
}


def render(report: ReportInput) -> str:
    """`asff_findings` as one indented JSON array."""
    return json.dumps(asff_findings(report), indent=2) + "\n"


def asff_findings(report: ReportInput) -> list[dict[str, Any]]:
    """One ASFF finding per result and per other-check finding no result stands for, then one per
    webhook finding no result stands for."""
    stored = {f.finding_id: f for f in report.findings}
    webhook_checks = webhook_check_ids()
    unmatched = report.unmatched_findings()
    recorded = [finding_result(f) for f in unmatched if f.check_id not in webhook_checks]
    out = [_from_result(r, stored.get(r.finding_id), report) for r in (*report.results, *recorded)]
    out += [_from_finding(f, report) for f in unmatched if f.check_id in webhook_checks]
    return out


def _from_result(result: CheckResult, finding: Finding | None, report: ReportInput) -> dict[str, Any]:
    if finding is not None:
        workflow = finding.status.value
    else:
        workflow = (WorkflowStatus.NEW if result.status in OPEN_RESULTS else WorkflowStatus.RESOLVED).value
    fields = {"ctm-hipaa/CheckId": result.check_id, "ctm-hipaa/Status": result.status.value}
    if result.attest_command:
        fields["ctm-hipaa/AttestCommand"] = _cut(result.attest_command, _OTHER_MAX)
    return _finding(
        report,
        finding_id=result.finding_id,
        check_id=result.check_id,
        account_id=result.account_id,
        resource_id=result.resource_id,
        resource_name=result.resource_name,
        severity=result.severity,
        types=[COMPLIANCE_TYPE],
        title=result.title,
        description=result.detail,
        remediation=result.remediation,
        created_at=finding.first_seen if finding is not None else report.generated_at,
        workflow=workflow,
        record_state="ACTIVE",
        compliance={
            "Status": _COMPLIANCE[result.status],
            "RelatedRequirements": [f"HIPAA {c}" for c in result.hipaa][:_REQUIREMENTS_MAX],
        },
        product_fields=fields,
        first_seen=finding.first_seen if finding is not None else None,
        last_seen=finding.last_seen if finding is not None else None,
    )


def _from_finding(finding: Finding, report: ReportInput) -> dict[str, Any]:
    check = get_check(finding.check_id)
    fields = {"ctm-hipaa/CheckId": finding.check_id, "ctm-hipaa/Status": finding.result_status.value}
    if finding.categories:
        fields["ctm-hipaa/Categories"] = _cut(",".join(finding.categories), _OTHER_MAX)
    if finding.paths:
        fields["ctm-hipaa/Paths"] = _cut(",".join(finding.paths), _OTHER_MAX)
    resolved = finding.status is WorkflowStatus.RESOLVED
    return _finding(
        report,
        finding_id=finding.finding_id,
        check_id=finding.check_id,
        account_id=finding.account_id,
        resource_id=finding.resource_id,
        resource_name=finding.resource_name,
        severity=finding.severity,
        types=[PHI_TYPE],
        title=finding.title,
        description=finding.detail,
        remediation=finding.remediation or check.metadata.remediation,
        created_at=finding.first_seen,
        workflow=finding.status.value,
        record_state="ARCHIVED" if resolved else "ACTIVE",
        compliance={
            "Status": "PASSED" if resolved else "FAILED",
            "RelatedRequirements": [f"HIPAA {c}" for c in check.hipaa][:_REQUIREMENTS_MAX],
        },
        product_fields=fields,
        first_seen=finding.first_seen,
        last_seen=finding.last_seen,
    )


def _finding(
    report: ReportInput,
    *,
    finding_id: str,
    check_id: str,
    account_id: str,
    resource_id: str,
    resource_name: str,
    severity: Severity,
    types: list[str],
    title: str,
    description: str,
    remediation: str,
    created_at: datetime,
    workflow: str,
    record_state: str,
    compliance: Mapping[str, Any],
    product_fields: dict[str, str],
    first_seen: datetime | None = None,
    last_seen: datetime | None = None,
) -> dict[str, Any]:
    aws = report.aws
    label = _SEVERITY[severity]
    other = {"CtmAccountId": account_id, "CtmResourceId": _cut(resource_id, _OTHER_MAX)}
    if resource_name:
        other["CtmResourceName"] = _cut(resource_name, _OTHER_MAX)
    finding: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": f"{PRODUCT}/{finding_id}",
        "ProductArn": product_arn(aws),
        "GeneratorId": f"{PRODUCT}/{check_id}",
        "AwsAccountId": aws.account_id,
        "Types": types,
        "CreatedAt": _time(created_at),
        "UpdatedAt": _time(report.generated_at),
        "Severity": {"Label": label},
        "FindingProviderFields": {"Severity": {"Label": label}, "Types": types},
        "Title": _cut(title, _TITLE_MAX),
        "Description": _cut(description or title, _DESCRIPTION_MAX),
        "Resources": [
            {
                "Type": "Other",
                "Id": f"ctm:{account_id}:{resource_id}",
                "Partition": aws.partition,
                "Region": aws.region,
                "Details": {"Other": other},
            }
        ],
        "Compliance": dict(compliance),
        "Workflow": {"Status": workflow},
        "RecordState": record_state,
        "ProductFields": {"ProviderName": PRODUCT, "ProviderVersion": __version__, **product_fields},
    }
    if remediation:
        finding["Remediation"] = {"Recommendation": {"Text": _cut(remediation, _RECOMMENDATION_MAX)}}
    if first_seen is not None and last_seen is not None:
        finding["FirstObservedAt"], finding["LastObservedAt"] = _time(first_seen), _time(last_seen)
    return finding


def product_arn(aws: AwsContext) -> str:
    """The account's own Security Hub product (`product/<account>/default`): no partner integration."""
    return f"arn:{aws.partition}:securityhub:{aws.region}:{aws.account_id}:product/{aws.account_id}/default"


def _time(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a `Z`, as ASFF's examples write it."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
