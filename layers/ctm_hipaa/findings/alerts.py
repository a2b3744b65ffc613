"""PHI-free alerts, idempotent under retries, on an AlertSink (SNS: SnsAlertSink).

A message carries ids, enums, counts, categories and field paths: never a payload value. Message
attributes (severity, account_id, check_id, kind) let subscriptions filter without reading bodies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.findings.model import Finding
from ctm_hipaa.findings.ports import AlertSink, FindingRepository

if TYPE_CHECKING:
    from mypy_boto3_sns import SNSClient


class AlertDeliveryError(Exception):
    """SNS did not accept an alert; the claim was released so that a retry sends it."""


class AlertPublisher:
    """Publishes finding alerts and audit digests to the alerts sink, at most once each."""

    def __init__(self, sink: AlertSink, store: FindingRepository) -> None:
        self._sink = sink
        self._store = store

    def alert(self, finding: Finding, reason: str) -> bool:
        """Alert on this generation of `finding` unless that was already done. True if sent now."""
        if not self._store.claim_alert(finding):
            return False
        try:
            self._publish(
                finding_message(finding, reason),
                kind="finding",
                severity=finding.severity.value,
                account_id=finding.account_id,
                check_id=finding.check_id,
            )
        except AlertDeliveryError:
            self._store.release_alert(finding)
            raise
        return True

    def digest(
        self,
        account_id: str,
        run_id: str,
        *,
        created: Sequence[Finding],
        reopened: Sequence[Finding],
        resolved: Sequence[Finding],
    ) -> bool:
        """One digest per account per run, only when something changed. True if sent now."""
        if not (created or reopened or resolved):
            return False
        if not self._store.claim_digest(account_id, run_id):
            return False
        worst = min((f.severity for f in (*created, *reopened)), key=lambda s: s.rank, default=None)
        body = {
            "kind": "digest",
            "account_id": account_id,
            "run_id": run_id,
            "new": [_summary(f) for f in created],
            "reopened": [_summary(f) for f in reopened],
            "resolved": [_summary(f) for f in resolved],
        }
        try:
            self._publish(
                body,
                kind="digest",
                severity=(worst.value if worst else "info"),
                account_id=account_id,
                check_id="digest",
            )
        except AlertDeliveryError:
            self._store.release_digest(account_id, run_id)
            raise
        return True

    def _publish(
        self, body: dict[str, Any], *, kind: str, severity: str, account_id: str, check_id: str
    ) -> None:
        self._sink.publish(
            subject=_subject(body)[:100],
            body=json.dumps(body, sort_keys=True),
            attributes={"kind": kind, "severity": severity, "account_id": account_id, "check_id": check_id},
        )


class SnsAlertSink:
    """The alerts topic on SNS: the AlertSink adapter. Attributes become String message attributes."""

    def __init__(self, sns: SNSClient, topic_arn: str) -> None:
        self._sns = sns
        self._topic_arn = topic_arn

    def publish(self, *, subject: str, body: str, attributes: Mapping[str, str]) -> None:
        """Publish one message; AlertDeliveryError (naming kind and account only) if SNS refuses."""
        try:
            self._sns.publish(
                TopicArn=self._topic_arn,
                Subject=subject,
                Message=body,
                MessageAttributes={
                    name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()
                },
            )
        except (ClientError, BotoCoreError) as exc:
            raise AlertDeliveryError(
                f"SNS did not accept the {attributes.get('kind')} alert for account "
                f"{attributes.get('account_id')}: {type(exc).__name__}"
            ) from exc


def finding_message(finding: Finding, reason: str) -> dict[str, Any]:
    """The PHI-free JSON body of a finding alert; as bounded as the finding (`bound_paths`)."""
    return {
        "kind": "finding",
        "reason": reason,
        **_summary(finding),
        "first_seen": finding.first_seen.isoformat(),
        "last_seen": finding.last_seen.isoformat(),
        "generation": finding.generation,
        "occurrences": finding.occurrences,
        "categories": finding.categories,
        "paths": finding.paths,
        "more_paths": finding.more_paths,
    }


def _summary(finding: Finding) -> dict[str, Any]:
    return {
        "finding_id": finding.finding_id,
        "check_id": finding.check_id,
        "account_id": finding.account_id,
        "resource_id": finding.resource_id,
        "severity": finding.severity.value,
        "title": finding.title,
        "detail": finding.detail,
        "status": finding.status.value,
        "result_status": finding.result_status.value,
    }


def _subject(body: dict[str, Any]) -> str:
    if body["kind"] == "digest":
        return f"ctm-hipaa: audit changes for CTM account {body['account_id']}"
    kind, account = body["result_status"], body["account_id"]
    return f"ctm-hipaa [{body['severity']}] {kind}: {body['title']} (account {account})"
