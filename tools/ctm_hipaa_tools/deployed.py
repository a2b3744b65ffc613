"""Bind template.yaml to a deployed CloudFormation stack, so `invoke --aws` runs against real AWS."""

from __future__ import annotations

import boto3

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
