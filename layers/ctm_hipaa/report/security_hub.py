"""Send ASFF findings (`asff.asff_findings`) to Security Hub: BatchImportFindings, at most 100 a call
(the API's limit), every batch sent even when one is partly refused; and `aws_context`, the account,
region and partition they are filed in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import BotoCoreError, ClientError, NoRegionError

from ctm_hipaa.report.model import AwsContext

if TYPE_CHECKING:
    import boto3
    from mypy_boto3_securityhub import SecurityHubClient
    from mypy_boto3_securityhub.type_defs import AwsSecurityFindingUnionTypeDef

MAX_BATCH = 100


class SecurityHubError(Exception):
    """Security Hub refused a whole call (no hub, no permission, throttled...): names the AWS error
    code and how many findings were imported before it. Its cause is botocore's error (for
    `ctm_hipaa_tools.aws_errors.explain`); its message holds no AWS message, which may quote a field."""


@dataclass(frozen=True)
class SecurityHubImport:
    """What an import did: findings imported, calls made, and the refused findings' ids with
    Security Hub's error code (codes only: a message may quote a field)."""

    imported: int = 0
    batches: int = 0
    failed: dict[str, str] = field(default_factory=dict)


def import_findings(
    client: SecurityHubClient, findings: Sequence[Mapping[str, Any]], *, batch_size: int = MAX_BATCH
) -> SecurityHubImport:
    """Import `findings` in batches of at most `batch_size` (1..100). Raises `SecurityHubError` when
    a call fails outright; a finding Security Hub refuses is counted in `failed`, not raised."""
    if not 1 <= batch_size <= MAX_BATCH:
        raise ValueError(f"batch_size must be 1 to {MAX_BATCH}, not {batch_size}")
    imported, batches, failed = 0, 0, {}
    for start in range(0, len(findings), batch_size):
        batch = cast("Sequence[AwsSecurityFindingUnionTypeDef]", findings[start : start + batch_size])
        try:
            answer = client.batch_import_findings(Findings=batch)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "unknown")
            raise SecurityHubError(
                f"BatchImportFindings failed ({code}) after {imported} finding(s) were imported"
            ) from exc
        except BotoCoreError as exc:
            raise SecurityHubError(
                f"BatchImportFindings failed ({type(exc).__name__}) after {imported} finding(s) were imported"
            ) from exc
        batches += 1
        imported += answer["SuccessCount"]
        failed.update({f["Id"]: f["ErrorCode"] for f in answer.get("FailedFindings", [])})
    return SecurityHubImport(imported=imported, batches=batches, failed=failed)


def aws_context(session: boto3.session.Session) -> AwsContext:
    """The caller's own account (STS GetCallerIdentity), the session's region and that region's
    partition: where `session`'s Security Hub files the findings it imports. botocore's errors
    (no region, no credentials...) propagate."""
    region = session.region_name
    if not region:
        raise NoRegionError
    account = session.client("sts", region_name=region).get_caller_identity()["Account"]
    return AwsContext(account_id=account, region=region, partition=session.get_partition_for_region(region))
