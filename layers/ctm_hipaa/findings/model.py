"""Check results and findings: the contract every producer and consumer shares."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

FINDING_ID_VERSION = "f1"
# What a finding, a delivery record and an alert keep of the field paths PHI was seen in: far below
# DynamoDB's 400 KB item and SNS's 256 KB message, however many keys a payload has.
MAX_FINDING_PATHS = 64
MAX_PATH_CHARS = 200
# HIPAA's documentation retention (45 CFR 164.316(b)(2)(i)): six years from a record's creation or
# from when it was last in effect. 6 x 366 days is six years whatever the leap days. A finding's
# history and a mute rule (from its expiry) are kept this long.
RETENTION = timedelta(days=6 * 366)


class ResultStatus(StrEnum):
    """What a check concluded for one resource."""

    PASS = "PASS"  # noqa: S105 - a verdict, not a password
    FAIL = "FAIL"
    MANUAL = "MANUAL"  # no valid evidence: missing or expired attestation, UI-only control
    ERROR = "ERROR"  # evidence could not be read
    NOT_APPLICABLE = "NOT_APPLICABLE"  # nothing to judge: no such resource, so no verdict and no score

    @property
    def rank(self) -> int:
        """0 for FAIL, then ERROR, MANUAL, PASS, NOT_APPLICABLE (`WORST_FIRST`): sorts the worst first."""
        return WORST_FIRST.index(self)


# A definite FAIL outranks an unreadable part (ERROR), which outranks missing evidence (MANUAL):
# neither ERROR nor MANUAL ever counts as passing. NOT_APPLICABLE (nothing to judge) comes last:
# a check with one real verdict beside it takes that verdict.
WORST_FIRST = (
    ResultStatus.FAIL,
    ResultStatus.ERROR,
    ResultStatus.MANUAL,
    ResultStatus.PASS,
    ResultStatus.NOT_APPLICABLE,
)


def worst_status(statuses: Iterable[ResultStatus]) -> ResultStatus:
    """The worst of `statuses` in `WORST_FIRST` order; PASS when there are none."""
    return min(statuses, key=lambda status: status.rank, default=ResultStatus.PASS)


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

    @property
    def is_open(self) -> bool:
        """NEW or NOTIFIED (`OPEN_STATUSES`): the finding still stands and is neither resolved nor muted."""
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset({WorkflowStatus.NEW, WorkflowStatus.NOTIFIED})


class Change(StrEnum):
    """Why a finding's current generation is news: what its alert and digest say happened."""

    NEW = "new"
    REOPENED = "reopened"  # resolved (or muted) before, failing again
    ESCALATED = "escalated"  # open as MANUAL or ERROR, and now a FAIL: the control is proven failing
    GREW = "grew"  # open, and more PHI categories were seen


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
    # What a user needs to act on the result; the check runner stamps remediation and citations.
    resource_name: str = Field("", description="How a user finds the resource in CTM, e.g. a webhook name")
    remediation: str = Field("", description="The CTM screen and what to set there (the check's remediation)")
    hipaa: tuple[str, ...] = Field((), description="The check's 45 CFR citations, e.g. 164.312(d)")
    attest_command: str = Field("", description="For a missing attestation: the `ctm-hipaa attest` line")
    attest_fields: tuple[str, ...] = Field(
        (), description="For a missing attestation: where to record it, e.g. agency.idle_logout_minutes"
    )

    @property
    def finding_id(self) -> str:
        return finding_id(self.check_id, self.account_id, self.resource_id)


def finding_id(check_id: str, account_id: str, resource_id: str) -> str:
    """Deterministic, versioned id: the same (check, account, resource) always maps to one finding."""
    key = "\x1f".join((check_id, account_id, resource_id)).encode()
    return f"{FINDING_ID_VERSION}-{hashlib.sha256(key).hexdigest()[:32]}"


def channel_resource_name(resource: str) -> str:
    """How a user finds a webhook channel (resource ``webhook:<channel>``, e.g. ``webhook:end``) in CTM:
    the webhook pointed at the inspector with ``?channel=<channel>``. One name for the webhook's
    findings and the checks' results on what it observed."""
    return f"inspector webhook (?channel={resource.removeprefix('webhook:')})"


class Finding(BaseModel):
    """A FAIL, MANUAL or ERROR result tracked over time. Holds ids, counts and categories, never a
    payload value."""

    finding_id: str
    check_id: str
    account_id: str
    resource_id: str
    severity: Severity
    title: str
    detail: str
    status: WorkflowStatus
    # Default FAIL: findings stored before MANUAL and ERROR became findings were all FAILs.
    result_status: ResultStatus = Field(
        ResultStatus.FAIL, description="The latest opening result: FAIL, MANUAL or ERROR"
    )
    # How a user finds the resource in CTM and how to fix it, from the latest opening result
    # (`RESULT_GUIDANCE`); empty on findings stored before results carried them, until seen again.
    resource_name: str = ""
    remediation: str = ""
    hipaa: tuple[str, ...] = ()
    attest_command: str = ""
    attest_fields: tuple[str, ...] = ()
    first_seen: datetime
    last_seen: datetime
    status_changed_at: datetime
    generation: int = Field(1, description="Bumped each time the finding opens, reopens or grows")
    # None on findings stored before it was kept: `change_label` then reads the generation.
    change: Change | None = Field(None, description="Why the current generation is news")
    escalated_from: ResultStatus | None = Field(
        None, description="For ESCALATED: the result it was before FAIL"
    )
    notified_generation: int = 0
    categories: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list, description="At most MAX_FINDING_PATHS (bound_paths)")
    more_paths: int = Field(0, description="At least this many further distinct paths were seen, not kept")
    occurrences: int = 0
    mute_rule_id: str | None = None
    last_run_id: str | None = None
    version: int = Field(0, description="Optimistic-concurrency token: the write count of the stored item")

    @property
    def change_label(self) -> str:
        """What happened, for alerts and digests: ``new``, ``reopened``, ``new categories`` or, for
        an escalation, e.g. ``now FAIL (was MANUAL)``."""
        if self.change is Change.ESCALATED:
            was = f" (was {self.escalated_from.value})" if self.escalated_from else ""
            return f"now {ResultStatus.FAIL.value}{was}"  # the escalation, whatever was seen since
        if self.change is Change.GREW:
            return "new categories"
        if self.change is None:
            return "new" if self.generation == 1 else "reopened"
        return self.change.value


# The fields of a result a finding keeps, beside its ids and verdict, so that alerts, digests and
# stored findings name the resource and say how to fix it. All PHI-free: names come from workforce
# and configuration data (checks/names.py), the rest from the check's metadata and mapping.
RESULT_GUIDANCE = ("resource_name", "remediation", "hipaa", "attest_command", "attest_fields")


class DeliveriesSeen(BaseModel):
    """What the webhook inspector has seen of one account's deliveries on one channel, clean or not:
    counts and times only (the `SEEN#<channel>` marker). A delivery whose inspection was incomplete
    is counted as flagged, never as clean."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    channel: str
    deliveries: int = Field(0, ge=0)
    clean_deliveries: int = Field(0, ge=0)
    last_seen: datetime
    last_clean: datetime | None = None
    last_flagged: datetime | None = None  # the latest delivery with PHI, or not fully inspected

    @property
    def latest_clean(self) -> bool:
        """The latest delivery seen on this channel was inspected whole and carried no PHI."""
        return self.last_clean is not None and (
            self.last_flagged is None or self.last_clean >= self.last_flagged
        )


@dataclass(frozen=True)
class Occurrence:
    """One delivery counted by a finding: where and when it came, its keyed digest, and its PHI-free
    record (`attributes`: ids, categories, paths, counts). It expires at `expires_at`."""

    channel: str
    received_at: str
    digest: str
    expires_at: datetime
    attributes: Mapping[str, Any]


def bound_paths(paths: Iterable[str]) -> tuple[list[str], int]:
    """At most MAX_FINDING_PATHS distinct paths of at most MAX_PATH_CHARS each, sorted, and how many
    distinct paths were left out.

    The shallowest paths are kept first (then in alphabetical order), so that a top-level field such
    as `notes` is never crowded out by a clinic's thousands of custom fields. Keeping the first k of
    a union is keeping the first k of (the first k of one part, plus the other): a finding that
    bounds its paths delivery by delivery keeps exactly the paths one bound over all would keep.
    """
    distinct = {path if len(path) <= MAX_PATH_CHARS else path[: MAX_PATH_CHARS - 1] + "…" for path in paths}
    kept = sorted(distinct, key=lambda path: (path.count("."), path))[:MAX_FINDING_PATHS]
    return sorted(kept), len(distinct) - len(kept)
