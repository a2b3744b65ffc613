"""Check results and findings: the contract every producer and consumer shares (DESIGN.md)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

FINDING_ID_VERSION = "f1"


class ResultStatus(StrEnum):
    """What a check concluded for one resource."""

    PASS = "PASS"  # noqa: S105 - a verdict, not a password
    FAIL = "FAIL"
    MANUAL = "MANUAL"  # no valid evidence: missing or expired attestation, UI-only control
    ERROR = "ERROR"  # evidence could not be read


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical up to 4 for info: sorts the worst first."""
        return list(Severity).index(self)


class WorkflowStatus(StrEnum):
    """Where a finding stands in its lifecycle."""

    NEW = "NEW"
    NOTIFIED = "NOTIFIED"
    RESOLVED = "RESOLVED"
    SUPPRESSED = "SUPPRESSED"


class CheckResult(BaseModel):
    """One check's verdict on one resource of one account. `detail` is a PHI-free sentence."""

    model_config = ConfigDict(frozen=True)

    check_id: str
    account_id: str
    resource_id: str
    status: ResultStatus
    severity: Severity
    title: str
    detail: str

    @property
    def finding_id(self) -> str:
        return finding_id(self.check_id, self.account_id, self.resource_id)


def finding_id(check_id: str, account_id: str, resource_id: str) -> str:
    """Deterministic, versioned id: the same (check, account, resource) always maps to one finding."""
    key = "\x1f".join((check_id, account_id, resource_id)).encode()
    return f"{FINDING_ID_VERSION}-{hashlib.sha256(key).hexdigest()[:32]}"


class Finding(BaseModel):
    """A failing result tracked over time. Holds ids, counts and categories, never a payload value."""

    finding_id: str
    check_id: str
    account_id: str
    resource_id: str
    severity: Severity
    title: str
    detail: str
    status: WorkflowStatus
    first_seen: datetime
    last_seen: datetime
    status_changed_at: datetime
    generation: int = Field(1, description="Bumped each time the finding opens, reopens or grows")
    notified_generation: int = 0
    categories: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list)
    occurrences: int = 0
    mute_rule_id: str | None = None
    last_run_id: str | None = None
    version: int = Field(0, description="Optimistic-concurrency token: the write count of the stored item")
