"""PHI-free alerts, idempotent under retries, on an AlertSink (SNS: SnsAlertSink).

A message carries ids, enums, counts, categories and field paths: never a payload value; and what
a person needs to act: the resource's name in CTM (workforce and configuration data), the check's
remediation and citations, and for a missing attestation the field to record and the attest line.
Message attributes (severity, account_id, check_id, kind) let subscriptions filter without reading
bodies. Every message stays below SNS's 256 KiB: a digest lists findings worst first until
`MAX_MESSAGE_BYTES`, says how many it left out, and gives each check's guidance once.
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


# SNS takes 262,144 bytes per message, subject and attributes included: a margin for both.
MAX_MESSAGE_BYTES = 200_000
# A detail is a sentence, but one that lists user ids can grow with the account.
MAX_DETAIL_CHARS = 600


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
        escalated: Sequence[Finding] = (),
    ) -> bool:
        """One digest per account per run, only when something changed. True if sent now.

        `escalated` are open MANUAL or ERROR findings now FAIL; `reopened` are findings that were
        resolved or muted. The body is bounded (`digest_message`).
        """
        if not (created or reopened or resolved or escalated):
            return False
        if not self._store.claim_digest(account_id, run_id):
            return False
        opened = (*created, *escalated, *reopened)
        worst = min((f.severity for f in opened), key=lambda s: s.rank, default=None)
        body = digest_message(
            account_id,
            run_id,
            {"new": created, "escalated": escalated, "reopened": reopened, "resolved": resolved},
        )
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
    """The PHI-free JSON body of a finding alert, with the check's remediation and citations; as
    bounded as the finding (`bound_paths`)."""
    return {
        "kind": "finding",
        "reason": reason,
        **_summary(finding),
        **_guidance(finding),
        "first_seen": finding.first_seen.isoformat(),
        "last_seen": finding.last_seen.isoformat(),
        "generation": finding.generation,
        "occurrences": finding.occurrences,
        "categories": finding.categories,
        "paths": finding.paths,
        "more_paths": finding.more_paths,
    }


def digest_message(account_id: str, run_id: str, sections: Mapping[str, Sequence[Finding]]) -> dict[str, Any]:
    """The PHI-free JSON body of a digest: per section (e.g. "new", "resolved") its findings worst
    first, and for the check of each open one its remediation and citations (`guidance`), once.

    Findings are listed while the body stays within MAX_MESSAGE_BYTES; `left_out` counts, per
    section, the findings that did not fit (every one is in the findings table). Sizes are those of
    the ASCII JSON the sink sends.
    """
    body: dict[str, Any] = {"kind": "digest", "account_id": account_id, "run_id": run_id}
    body |= {name: [] for name in sections}
    body |= {"left_out": dict.fromkeys(sections, 0), "guidance": {}}
    size = len(json.dumps(body))
    for name, findings in sections.items():
        for finding in sorted(findings, key=lambda f: (f.severity.rank, f.check_id, f.resource_id)):
            entry = _summary(finding)
            cost = len(json.dumps(entry)) + 2  # and the separator
            guided = name != "resolved" and finding.remediation and finding.check_id not in body["guidance"]
            if guided:
                cost += len(json.dumps({finding.check_id: _guidance(finding)})) + 2
            if size + cost > MAX_MESSAGE_BYTES:
                body["left_out"][name] += 1
                continue
            size += cost
            body[name].append(entry)
            if guided:
                body["guidance"][finding.check_id] = _guidance(finding)
    return body


def _summary(finding: Finding) -> dict[str, Any]:
    detail = finding.detail
    if len(detail) > MAX_DETAIL_CHARS:
        detail = detail[: MAX_DETAIL_CHARS - 1] + "…"
    summary: dict[str, Any] = {
        "finding_id": finding.finding_id,
        "check_id": finding.check_id,
        "account_id": finding.account_id,
        "resource_id": finding.resource_id,
        "resource_name": finding.resource_name,
        "severity": finding.severity.value,
        "title": finding.title,
        "detail": detail,
        "status": finding.status.value,
        "result_status": finding.result_status.value,
        "change": finding.change_label,
    }
    if finding.attest_fields:
        summary |= {"attest_fields": list(finding.attest_fields), "attest_command": finding.attest_command}
    return summary


def _guidance(finding: Finding) -> dict[str, Any]:
    return {"remediation": finding.remediation, "hipaa": list(finding.hipaa)}


def _subject(body: dict[str, Any]) -> str:
    if body["kind"] == "digest":
        return f"ctm-hipaa: audit changes for CTM account {body['account_id']}"
    kind, account = body["result_status"], body["account_id"]
    return f"ctm-hipaa [{body['severity']}] {kind}: {body['title']} (account {account})"
