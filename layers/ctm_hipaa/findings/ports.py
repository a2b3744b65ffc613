"""The ports of the findings package: what the services need of a finding store and of an alert
channel. FindingStore (DynamoDB) and SnsAlertSink (SNS) are the adapters; tests have in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from ctm_hipaa.findings.lifecycle import AuditOutcome, Observation
from ctm_hipaa.findings.model import CheckResult, DeliveriesSeen, Finding, Occurrence, WorkflowStatus
from ctm_hipaa.findings.mute import MuteRule


class FindingRepository(Protocol):
    """Findings moved through `findings.lifecycle`, their alert claims, digest markers and mute rules.

    Errors of the storage are FindingStoreError. Claims are atomic: of two claims of one generation
    (or one digest), exactly one succeeds.
    """

    def get(self, account_id: str, finding_id: str) -> Finding | None:
        """The finding as stored now, or None."""
        ...

    def findings_for_account(self, account_id: str) -> list[Finding]:
        """Every finding of one account, whatever its status."""
        ...

    def findings_with_status(self, status: WorkflowStatus) -> list[Finding]:
        """Findings of every account in one workflow status, worst severity first."""
        ...

    def findings_for_check(self, check_id: str) -> list[Finding]:
        """Findings of one check across accounts."""
        ...

    def deliveries_seen(self, account_id: str) -> list[DeliveriesSeen]:
        """The account's SEEN markers: what the webhook inspected on each channel, clean or not."""
        ...

    def mark_delivery_seen(self, account_id: str, channel: str, *, at: datetime, clean: bool) -> None:
        """Count one inspected delivery on its channel's marker, in one write without a read."""
        ...

    def observe(
        self,
        result: CheckResult,
        *,
        run_id: str | None = None,
        allow_resolve: bool = True,
        categories: Iterable[str] = (),
        paths: Iterable[str] = (),
        more_paths: int = 0,
        occurrences: int = 1,
        occurrence: Occurrence | None = None,
    ) -> Observation:
        """Record one check result through the lifecycle; an `occurrence` is counted exactly once,
        however often the same delivery is observed."""
        ...

    def apply_audit(
        self,
        account_id: str,
        results: Sequence[CheckResult],
        *,
        run_id: str,
        complete: bool,
        resolution_scope: Iterable[str] | None = None,
    ) -> AuditOutcome:
        """Record one account's audit (`lifecycle.apply_audit`)."""
        ...

    def claim_alert(self, finding: Finding) -> bool:
        """Mark this generation of the finding as notified (`lifecycle.claimed`); False if it was."""
        ...

    def release_alert(self, finding: Finding) -> None:
        """Undo `claim_alert` (`lifecycle.released`) after the alert could not be delivered."""
        ...

    def claim_digest(self, account_id: str, run_id: str) -> bool:
        """Mark one account's digest of one run as sent; False if it was."""
        ...

    def release_digest(self, account_id: str, run_id: str) -> None:
        """Undo `claim_digest` so that a retry can claim it again."""
        ...

    def put_mute_rule(self, rule: MuteRule) -> None:
        """Store a mute rule; matching findings become SUPPRESSED."""
        ...

    def mute_rules(self) -> list[MuteRule]:
        """Every stored mute rule, expired ones included."""
        ...


class AlertSink(Protocol):
    """Where alerts go: one message with a subject and filterable string attributes."""

    def publish(self, *, subject: str, body: str, attributes: Mapping[str, str]) -> None:
        """Deliver one alert; AlertDeliveryError when the channel does not accept it."""
        ...
