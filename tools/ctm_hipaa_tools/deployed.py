"""Read a deployed CloudFormation stack: bind template.yaml to it, so `invoke --aws` runs against real
AWS, and read the attestations and the webhook's evidence recorded in it or store an audit in it, for
`audit --stack [--store]`."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS, AttestationError, AttestationFile, AttestationStore
from ctm_hipaa.audit import AuditorService, AuditRequest, RunMeta, RunStore, observed_by_webhook
from ctm_hipaa.checks import WebhookObservation
from ctm_hipaa.ctm import CTMClient, collect_account
from ctm_hipaa.findings import AlertPublisher, CheckResult, FindingStore, SnsAlertSink
from ctm_hipaa_tools.aws_errors import explain
from ctm_hipaa_tools.template import PhysicalResource, Template


def bind_deployed(template: Template, session: boto3.session.Session, stack_name: str) -> Template:
    """Fill `template` with the stack's parameter values and physical resource ids."""
    cloudformation = session.client("cloudformation")
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    template.parameters.update({p["ParameterKey"]: p["ParameterValue"] for p in stack.get("Parameters", [])})
    for page in cloudformation.get_paginator("list_stack_resources").paginate(StackName=stack_name):
        for resource in page["StackResourceSummaries"]:
            template.physical[resource["LogicalResourceId"]] = PhysicalResource(
                resource["PhysicalResourceId"]
            )
    template.pseudo.update(
        {
            "AWS::Region": session.region_name or "",
            "AWS::StackName": stack_name,
            "AWS::AccountId": stack["StackId"].split(":")[4],
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
    )
    return template


class DeployedStackError(Exception):
    """A deployed stack that cannot be read (absent, no access, no findings table output)."""


@dataclass(frozen=True)
class DeployedStack:
    """What a local audit uses of a deployed stack: its findings table, alerts topic and maximum age."""

    session: boto3.session.Session
    name: str
    findings_table: str
    alerts_topic_arn: str
    max_age_days: int

    @classmethod
    def read(cls, session: boto3.session.Session, stack_name: str) -> DeployedStack:
        """The stack's `FindingsTableName` and `AlertsTopicArn` outputs and `AttestationMaxAgeDays`.

        Raises `DeployedStackError` with one line: what to set (`aws_errors.explain`), else botocore's
        message (names the stack and the code, never a stored value), or the missing output."""
        try:
            stack = session.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"][0]
        except (BotoCoreError, ClientError) as exc:
            raise DeployedStackError(f"cannot read the stack {stack_name}: {explain(exc) or exc}") from None
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        missing = [key for key in ("FindingsTableName", "AlertsTopicArn") if not outputs.get(key)]
        if missing:
            raise DeployedStackError(f"the stack {stack_name} has no {' or '.join(missing)} output")
        parameters = {p["ParameterKey"]: p["ParameterValue"] for p in stack.get("Parameters", [])}
        max_age = int(parameters.get("AttestationMaxAgeDays") or DEFAULT_MAX_AGE_DAYS)
        return cls(session, stack_name, outputs["FindingsTableName"], outputs["AlertsTopicArn"], max_age)

    def attestations(self) -> AttestationFile:
        """The attestations recorded in the findings table (read-only); `DeployedStackError` otherwise."""
        try:
            return AttestationStore(self._table(), max_age_days=self.max_age_days).load()
        except (BotoCoreError, ClientError) as exc:
            raise DeployedStackError(
                f"cannot read the attestations of the stack {self.name}: {explain(exc) or exc}"
            ) from None
        except AttestationError as exc:
            raise DeployedStackError(str(exc)) from None

    def webhook_evidence(self, account_id: str) -> list[WebhookObservation]:
        """What the webhook has observed of the account, read from the findings table as the auditor
        reads it (its open findings, its channels' delivery markers); writes nothing.

        AWS failures propagate (`FindingStoreError`, botocore errors; the caller reports them)."""
        return observed_by_webhook(FindingStore(self._table()), account_id)

    def stored_audit(
        self, client: CTMClient, account_ids: Sequence[str]
    ) -> Callable[[str], list[CheckResult]]:
        """Start a run of `account_ids` in the stack and return the auditor's own account audit: findings
        stored, alerts and digests sent, the run recorded, as the auditor Lambda does.

        AWS failures propagate as botocore errors (the caller reports them)."""
        table = self._table()
        started = datetime.now(UTC)
        run_id = f"local-{started.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(4)}"
        runs = RunStore(table)
        runs.start_run(RunMeta(run_id=run_id, started_at=started, source="local", expected=list(account_ids)))
        store = FindingStore(table)
        service = AuditorService(
            collect=lambda account_id: collect_account(client, account_id),
            attestations=AttestationStore(table, max_age_days=self.max_age_days).effective,
            store=store,
            publisher=AlertPublisher(SnsAlertSink(self.session.client("sns"), self.alerts_topic_arn), store),
            runs=runs,
        )
        return lambda account_id: service.audit(AuditRequest(run_id=run_id, account_id=account_id)).results

    def _table(self) -> Any:
        return self.session.resource("dynamodb").Table(self.findings_table)
