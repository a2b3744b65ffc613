"""Read a deployed CloudFormation stack: bind template.yaml to it, so `invoke --aws` runs against real
AWS, and read the attestations recorded in it, for `audit --stack`."""

from __future__ import annotations

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS, AttestationError, AttestationFile, AttestationStore
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


def deployed_attestations(session: boto3.session.Session, stack_name: str) -> tuple[AttestationFile, int]:
    """The attestations recorded in the stack's findings table (its `FindingsTableName` output), and
    the stack's `AttestationMaxAgeDays` (the default when it sets none). Read-only.

    Raises `DeployedStackError` with one line: botocore's message (names the stack, the code and the
    missing setting, never a stored value) or the missing output."""
    try:
        stack = session.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"][0]
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        table_name = outputs.get("FindingsTableName")
        if not table_name:
            raise DeployedStackError(f"the stack {stack_name} has no FindingsTableName output")
        parameters = {p["ParameterKey"]: p["ParameterValue"] for p in stack.get("Parameters", [])}
        max_age = int(parameters.get("AttestationMaxAgeDays") or DEFAULT_MAX_AGE_DAYS)
        table = session.resource("dynamodb").Table(table_name)
        return AttestationStore(table, max_age_days=max_age).load(), max_age
    except (BotoCoreError, ClientError) as exc:
        raise DeployedStackError(f"cannot read the stack {stack_name}: {exc}") from None
    except AttestationError as exc:
        raise DeployedStackError(str(exc)) from None
