"""`ReportInput`: everything a report renders, in one PHI-free model (the interface of every format).

Who builds it:

- `ctm-hipaa audit` (now): `results` of the audit, `attestations` from the attestation file it read
  (`attestation_records`), nothing else;
- stored state (`ctm-hipaa report`, `evidence`, the demo: `ctm_hipaa_tools.stored_report`): `results`
  of the latest run per account (`AccountAuditRecord.results`), `attestations` from the attestation
  history (`attestation_history`, with `recorded_by`, `recorded_at`, `note`), `findings` from the
  findings table, `runs` from the run records (`RunPoint.model_validate(record,
  from_attributes=True)` reads an `AccountAuditRecord`), `phi_flows` from the webhook check's
  findings (`phi_flows`).

Every field is optional but `generated_at`; a format renders what it is given and says so when a
section has no data. What a format shows of each:

- `results`: every format (table: per account with what to fix; json: the list itself; csv: a row
  each; ocsf: a Compliance Finding per account x check x HIPAA requirement; asff: one each; html:
  per account and in the requirement matrix);
- `findings`: table (one table: id, account, check, severity, result, status, resource, age, last
  seen), ocsf (a Detection Finding per webhook finding; a finding of another check that no result
  stands for counts as its result, `finding_result`, in the Compliance Findings), asff (one per
  webhook finding no result stands for, typed as sensitive data; one per other finding no result
  stands for, as its result; and the workflow status of the results' own findings), html (open
  findings with their age);
- the list formats, json and csv, list the results when there are any, else the findings (json:
  each `Finding` without its write counter `version`; csv: a row each, every field). So `audit
  --format json` is exactly the list of results, and `findings list --format json` (no results)
  the list of findings;
- `attestations`, `runs` (the trend), `phi_flows` (the PHI-flow matrix): html.

PHI: every value here is already PHI-free by its producer's contract (check ids, CTM ids, enums, the
checks' own sentences, workforce names, categories, counts, dates); formats add nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from ctm_hipaa.attestations import (
    AccountAttestation,
    AgencyAttestation,
    AttestationFile,
    RecordedAttestation,
)
from ctm_hipaa.findings import RESULT_GUIDANCE, CheckResult, Finding, ResultStatus, WorkflowStatus
from ctm_hipaa.report.summary import ResultSummary
from ctm_hipaa.webhook import WEBHOOK_CHECK_ID, webhook_resource

AGENCY_SCOPE = "agency"
# The verdicts that become findings: something to fix or to prove. NOT_APPLICABLE has nothing to fix.
OPEN_RESULTS = frozenset({ResultStatus.FAIL, ResultStatus.MANUAL, ResultStatus.ERROR})
# Who and when: not settings an attestation block attests.
_BOOKKEEPING = frozenset({"attested_by", "attested_on"})
_WEBHOOK_RESOURCE = webhook_resource("")  # "webhook:", the prefix of a channel's resource id


class AttestationRecord(BaseModel):
    """One attestation block in force: what it attests, who read it off the CTM screens and when,
    until when it is evidence, and who recorded it in ctm-hipaa with which note."""

    model_config = ConfigDict(frozen=True)

    scope: str = Field(description=f"{AGENCY_SCOPE!r}, or the CTM account id the block is for")
    settings: tuple[str, ...] = Field(
        (), description="The attested settings' names, e.g. idle_logout_minutes"
    )
    attested_by: str | None = None
    attested_on: date | None = None
    expires_on: date | None = Field(None, description="The last day it is evidence: attested_on + max age")
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    note: str = ""

    def expired(self, today: date) -> bool:
        """True when the block is no evidence on `today`: undated, or past `expires_on`."""
        return self.expires_on is None or today > self.expires_on


class RunPoint(BaseModel):
    """One account's audit in one run, for the trend: when, and how it scored."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    account_id: str
    started_at: datetime
    summary: ResultSummary


class PhiFlow(BaseModel):
    """How often the webhook saw one PHI category on one channel of one account, and when."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    channel: str
    category: str
    count: int = Field(ge=0)
    first_seen: datetime
    last_seen: datetime


class AwsContext(BaseModel):
    """Where ASFF findings are filed: Security Hub's account, region and partition. The defaults are
    placeholders, for a file nobody imports; `security_hub.aws_context` reads the caller's own."""

    model_config = ConfigDict(frozen=True)

    account_id: str = Field("000000000000", pattern=r"^\d{12}$")
    region: str = "us-east-1"
    partition: str = "aws"


class ReportInput(BaseModel):
    """What one report renders; see the module docstring for who fills which field."""

    model_config = ConfigDict(frozen=True)

    generated_at: datetime = Field(description="When the report was made: ages and ASFF times count from it")
    results: tuple[CheckResult, ...] = ()
    attestations: tuple[AttestationRecord, ...] = ()
    findings: tuple[Finding, ...] = ()
    runs: tuple[RunPoint, ...] = ()
    phi_flows: tuple[PhiFlow, ...] = ()
    agency_name: str | None = Field(None, description="The CTM agency's name, for the title (workforce data)")
    aws: AwsContext = Field(default_factory=AwsContext)

    def account_ids(self) -> list[str]:
        """Every account the input names, numeric ids in numeric order, then the others."""
        named = {r.account_id for r in self.results} | {f.account_id for f in self.findings}
        named |= {p.account_id for p in self.runs} | {p.account_id for p in self.phi_flows}
        named |= {a.scope for a in self.attestations if a.scope != AGENCY_SCOPE}
        return sorted(named, key=account_sort_key)

    def unmatched_findings(self) -> list[Finding]:
        """The findings that no result stands for (no result has their id), in the order given."""
        ids = {r.finding_id for r in self.results}
        return [f for f in self.findings if f.finding_id not in ids]


def finding_result(finding: Finding) -> CheckResult:
    """The result a stored finding records, for formats given findings without their results: its
    latest opening verdict (FAIL, MANUAL or ERROR) with the resource name and guidance it keeps, or
    PASS once it is RESOLVED (what resolves a finding is a PASS or NOT_APPLICABLE result)."""
    resolved = finding.status is WorkflowStatus.RESOLVED
    return CheckResult(
        check_id=finding.check_id,
        account_id=finding.account_id,
        resource_id=finding.resource_id,
        status=ResultStatus.PASS if resolved else finding.result_status,
        severity=finding.severity,
        title=finding.title,
        detail=finding.detail,
        **{field: getattr(finding, field) for field in RESULT_GUIDANCE},
    )


def account_sort_key(account_id: str) -> tuple[int, str]:
    """Numeric CTM ids in numeric order, then any other id."""
    return (0, account_id.zfill(20)) if account_id.isdigit() else (1, account_id)


def attestation_records(attestations: AttestationFile, *, max_age_days: int) -> list[AttestationRecord]:
    """The agency's block and each account's block of an attestation file, as report rows: the
    settings each attests, who and when, and the last day it is evidence (`max_age_days` later).
    Empty blocks are left out."""
    blocks: list[tuple[str, AgencyAttestation | AccountAttestation]] = [(AGENCY_SCOPE, attestations.agency)]
    blocks += sorted(attestations.accounts.items(), key=lambda item: account_sort_key(item[0]))
    records = [attestation_record(scope, block, max_age_days=max_age_days) for scope, block in blocks]
    return [record for record in records if record is not None]


def attestation_history(
    versions: Iterable[RecordedAttestation], *, max_age_days: int
) -> list[AttestationRecord]:
    """Every recorded version of the attestation blocks (`AttestationStore.history`), in the order
    given, as report rows with who recorded each, when and with which note. Empty blocks are left out."""
    records = (
        attestation_record(
            AGENCY_SCOPE if v.account_id is None else v.account_id,
            v.block,
            max_age_days=max_age_days,
            recorded_by=v.recorded_by,
            recorded_at=v.recorded_at,
            note=v.note,
        )
        for v in versions
    )
    return [record for record in records if record is not None]


def attestation_record(
    scope: str,
    block: AgencyAttestation | AccountAttestation,
    *,
    max_age_days: int,
    recorded_by: str | None = None,
    recorded_at: datetime | None = None,
    note: str = "",
) -> AttestationRecord | None:
    """One block as a report row (None for an empty block: it attests nothing)."""
    attested = block.model_dump(exclude_none=True, exclude_defaults=True)
    settings = tuple(name for name in attested if name not in _BOOKKEEPING)
    on = block.attested_on
    if not settings and on is None:
        return None
    return AttestationRecord(
        scope=scope,
        settings=settings,
        attested_by=block.attested_by,
        attested_on=on,
        expires_on=on + timedelta(days=max_age_days) if on else None,
        recorded_by=recorded_by,
        recorded_at=recorded_at,
        note=note,
    )


def phi_flows(findings: Iterable[Finding]) -> list[PhiFlow]:
    """The PHI-flow rows of the webhook check's findings (`webhook_phi_detected` on a resource
    `webhook:<channel>`): one per finding and PHI category, with the finding's delivery count and its
    first and last seen. Other findings give none."""
    return [
        PhiFlow(
            account_id=f.account_id,
            channel=f.resource_id.removeprefix(_WEBHOOK_RESOURCE),
            category=category,
            count=f.occurrences,
            first_seen=f.first_seen,
            last_seen=f.last_seen,
        )
        for f in findings
        if f.check_id == WEBHOOK_CHECK_ID and f.resource_id.startswith(_WEBHOOK_RESOURCE)
        for category in f.categories
    ]
